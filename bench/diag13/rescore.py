"""Score kept held-out bureaus with two products, side by side (bench/prereg13.md, rule 2).

bench/foreign2/run.py keeps each bureau it judged (`--keep DIR`: DIR/<family>-n<size>-s<seed>/bundle and truth.csv).
Here each kept bureau is scored again by ``inspection score`` of every product given (a black box, as the harness runs
it), and judged by the harness's own `top_lift` and Spearman against truth.csv, with bench/contradictions.py's count.

    python bench/diag13/rescore.py --product main=/work/main --product kinds13=/work/wt/kinds13 \
        --keep /tmp/foreign8/keep --only-kind enterprise_request --out bench/diag13/rescore_f8.csv
    python bench/diag13/rescore.py --kept main --product order16=/work/wt/order16 --keep /tmp/foreign17/keep \
        --out bench/diag16/rescore_f17.csv   # main judged from the scores the harness kept, not scored again
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "foreign2"))  # its run.py, not bench/run.py
from contradictions import contradicting
from run import product_cmd, spearman, top_lift

LIFT, RHO = 1.58, 0.6  # issue 9's numbers


def holds_kind(bundle: Path, kind: str) -> bool:
    path = bundle / "triggers.csv"
    return path.exists() and bool((pd.read_csv(path, dtype=str)["kind"] == kind).any())


def judge_scores(scores: pd.DataFrame, truth: pd.DataFrame, product: object, secs: float) -> dict[str, float]:
    df = truth.merge(scores[["enterprise_id", "risk_score"]], on="enterprise_id", how="left")
    if df["risk_score"].isna().any():
        raise SystemExit(f"{df['risk_score'].isna().sum()} enterprises unscored ({product})")
    score, p = df["risk_score"].to_numpy(float), df["p_violation"].to_numpy(float)
    lift, rho = top_lift(score, p), spearman(score, p)
    return {"lift": round(lift, 4), "rho": round(rho, 4), "meets": bool(lift >= LIFT and rho >= RHO),
            "contradicting": contradicting(scores["reason_en"]), "seconds": round(secs, 1)}


def judge(product: Path, bundle: Path, truth: pd.DataFrame) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scores.csv"
        t0 = time.perf_counter()
        s = product_cmd(product, sys.executable, "score", str(bundle), "--out", str(out))
        if s.returncode != 0:
            raise SystemExit(f"inspection score failed on {bundle} ({product}):\n{s.stderr[-3000:]}")
        secs = time.perf_counter() - t0
        scores = pd.read_csv(out, dtype={"enterprise_id": str})
    return judge_scores(scores, truth, f"{bundle}, {product}", secs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--product", action="append", required=True, help="NAME=DIR, once per product")
    ap.add_argument("--keep", action="append", required=True, type=Path, help="a harness --keep folder")
    ap.add_argument("--only-kind", default=None, help="only bureaus whose triggers.csv holds this kind")
    ap.add_argument("--without-kind", default=None, help="only bureaus whose triggers.csv holds none of this kind")
    ap.add_argument("--match", default="", help="only bureau folders whose name contains this")
    ap.add_argument("--kept", default=None, help="NAME: a product judged from each bureau's kept scores.csv (what the harness "
                                                 "scored), not scored again")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    products = dict(p.split("=", 1) for p in a.product)
    if a.kept:
        products = {a.kept: "", **products}
    rows = []
    for keep in a.keep:
        for d in sorted(p for p in keep.iterdir() if (p / "truth.csv").exists() and a.match in p.name):
            if a.only_kind and not holds_kind(d / "bundle", a.only_kind):
                continue
            if a.without_kind and holds_kind(d / "bundle", a.without_kind):
                continue
            truth = pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str})
            row: dict[str, object] = {"generator": keep.parent.name, "bureau": d.name}
            for name, path in products.items():
                got = (judge_scores(pd.read_csv(d / "scores.csv", dtype={"enterprise_id": str}), truth, f"{d} kept", 0.0) if name == a.kept
                       else judge(Path(path), d / "bundle", truth))
                row |= {f"{name}_{k}": v for k, v in got.items()}
            rows.append(row)
            print(row, flush=True)
            pd.DataFrame(rows).to_csv(a.out, index=False)  # as it goes: a stopped run keeps what it measured
    if len(products) == 2 and rows:
        (m, b), df = products.keys(), pd.DataFrame(rows)
        print(f"{len(df)} bureaus; changed {int(((df[f'{b}_lift'] != df[f'{m}_lift']) | (df[f'{b}_rho'] != df[f'{m}_rho'])).sum())}; "
              f"Σ Δ lift {(df[f'{b}_lift'] - df[f'{m}_lift']).sum():+.4f}; Σ Δ Spearman {(df[f'{b}_rho'] - df[f'{m}_rho']).sum():+.4f}; "
              f"both {int(df[f'{m}_meets'].sum())} → {int(df[f'{b}_meets'].sum())}; contradicting {int(df[f'{b}_contradicting'].sum())}")


if __name__ == "__main__":
    main()
