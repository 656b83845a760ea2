"""The independent checker 审核: re-verifies every invariant of plan.md from a plan folder
and its bundle alone. It imports neither scheduler/ nor risk/ (a test walks its AST)."""

from __future__ import annotations

from pathlib import Path

from bundle import Bundle
from checker.facts import Context, Violation
from checker.rules import RULE_CHECKS, check_files


def check_plan(bundle: Bundle, plan_dir: Path) -> list[Violation]:
    """Every violation of plan.md's invariants, file contract first; [] for a plan that keeps them all."""
    ctx = Context(bundle, Path(plan_dir))
    out = check_files(ctx)
    if out and out[0].where in ("visits.csv", "selection.csv"):
        return out  # wrong columns: nothing else can be read
    for check in RULE_CHECKS.values():
        out += check(ctx)
    return out


__all__ = ["RULE_CHECKS", "Context", "Violation", "check_plan"]
