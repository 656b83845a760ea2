"""Black-box probes (issue 9): which parts of a bundle move our scores? Each probe changes one thing
in a foreign bureau, scores it again through the CLI and reports the top-20% lift and Spearman ρ of
risk_score and model_score against the hidden truth, beside the unchanged bundle's.

    PYTHONPATH=$PWD .venv/bin/python bench/foreign/probe.py group_careless 2000 1
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import _cli, _gen, top_lift


def _no_grades(b: Path) -> None:
    (b / "credit_grades.csv").unlink(missing_ok=True)


def _no_triggers(b: Path) -> None:
    t = pd.read_csv(b / "triggers.csv", dtype=str)
    t.iloc[0:0].to_csv(b / "triggers.csv", index=False)


def _minor_as_compliant(b: Path) -> None:
    i = pd.read_csv(b / "inspections.csv", dtype=str, keep_default_na=False)
    i.loc[i["outcome"] == "minor", "outcome"] = "compliant"
    i.to_csv(b / "inspections.csv", index=False)


def _no_credit_records(b: Path) -> None:
    c = pd.read_csv(b / "credit_records.csv", dtype=str)
    c.iloc[0:0].to_csv(b / "credit_records.csv", index=False)


PROBES: dict[str, Callable[[Path], None]] = {
    "unchanged": lambda b: None,
    "no credit_grades.csv": _no_grades,
    "no triggers": _no_triggers,
    "minor → compliant": _minor_as_compliant,
    "no credit records": _no_credit_records,
}


def main(family: str, n: int, seed: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="foreign-probe-"))
    try:
        base = _gen.generate(family, n, seed, work / "base")
        truth = pd.read_csv(work / "base" / "truth.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")["p_violation"]
        print(f"| {family} n={n} seed={seed} | risk_score lift | ρ | model_score lift | ρ |\n|---|---|---|---|---|")
        for name, change in PROBES.items():
            b = work / name.replace(" ", "_").replace("→", "to")
            shutil.copytree(base, b)
            change(b)
            out = b / "scores.csv"
            r = _cli("score", str(b), "--out", str(out))
            if r.returncode:
                print(f"| {name} | score failed: {r.stdout[-300:]} {r.stderr[-300:]} |")
                continue
            s = pd.read_csv(out, dtype={"enterprise_id": str}).set_index("enterprise_id").reindex(truth.index)
            t = truth.to_numpy()
            rs, ms = s["risk_score"].to_numpy(), s["model_score"].to_numpy()
            print(
                f"| {name} | {top_lift(rs, t):.2f} | {spearmanr(rs, t).statistic:.2f} | "
                f"{top_lift(ms, t):.2f} | {spearmanr(ms, t).statistic:.2f} |"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
