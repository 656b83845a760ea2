"""The rule registry covers every rule id of rules.md, and what it names exists: scheduler functions and tests."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from conftest import ROOT, SHARED

from scheduler.registry import RULES


def rule_ids() -> list[str]:
    text = (SHARED / "spec" / "rules.md").read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(r"^\|\s*(R-[A-Z-]+)\s*\|", text, flags=re.M)]


def resolve(dotted: str) -> object:
    """Import the longest module prefix, then walk attributes."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj
    raise ModuleNotFoundError(dotted)


def test_every_rule_id_has_an_entry() -> None:
    ids = rule_ids()
    assert len(ids) >= 40 and "R-PRIORITY" in ids and "R-OFFICER-DRAW" in ids
    missing = [r for r in ids if r not in RULES]
    assert not missing, f"rules.md ids without a registry entry: {missing}"
    stray = [r for r in RULES if r not in ids]
    assert not stray, f"registry entries for ids rules.md does not have: {stray}"


def test_named_scheduler_functions_exist() -> None:
    for e in RULES.values():
        for ref in (e.model, e.greedy):
            if ref is not None:
                assert ref.startswith("scheduler."), (e.rule, ref)
                assert callable(resolve(ref)), (e.rule, ref)
        if e.checker is not None:
            assert re.fullmatch(r"checker\.rules\.check_r_[a-z_]+", e.checker), e.checker
        if e.model is None or e.checker is None or e.greedy is None:
            assert e.reason or e.where, f"{e.rule}: a missing piece needs a reason or a place"
        assert e.zh and e.en


def test_named_tests_exist() -> None:
    defined: dict[str, set[str]] = {}
    for e in RULES.values():
        for node in e.tests:
            file, func = node.split("::")
            if file not in defined:
                tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
                defined[file] = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
            assert func in defined[file], f"{e.rule}: {node} does not exist"
    hard_in_model = [e for e in RULES.values() if e.model and e.model.startswith("scheduler.constraints.r_")]
    assert all(any(t.startswith("tests/test_scheduler_rules.py") for t in e.tests) for e in hard_in_model)
    assert Path(ROOT / "tests" / "test_scheduler_rules.py").exists()
