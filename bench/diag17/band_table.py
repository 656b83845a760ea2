"""The band's past figures beside what it does to the truth, per bureau (issue 9, seventeenth round: a diagnostic).

For each bureau — our own worlds (bench/risk_worlds.py's, generated here) and the held-out generators' kept bureaus
(bench/foreign2/run.py --keep folders) — the product scores it once, in process, and this writes:
- the band's verdict and the past figures it was decided on (risk.score.past_evidence: auc_gain, se, periods,
  imposed rows, where the se came from, the grades' share the records explain);
- top-20% lift and Spearman against the hidden truth of the scores **held** to the imposed tiers' bands
  (risk.tiers.keep_in_band of the model's probability) and of the model's **own** probability, whatever the verdict.

So any rule that decides per bureau whether to hold the band can be judged offline on the bureaus already seen, before
it is written into risk/ and judged on a fresh generator. The lift and Spearman are each harness's own: ours from
bench/risk_worlds.py, the held-out ones from bench/foreign2/run.py (`top_lift` ranks by file order on ties).

    python bench/diag17/band_table.py --ours --out bench/diag17/band_ours.csv
    python bench/diag17/band_table.py --keep /tmp/foreign17/keep --keep /tmp/foreign18/keep --out bench/diag17/band_f.csv
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))


def figures(bundle: object, truth: pd.Series, lift_rho: object) -> dict[str, object]:
    """Score once; the verdict, its past figures, and lift/Spearman of the held and the own scores."""
    from risk import score_bundle
    from risk.tiers import keep_in_band

    s = score_bundle(bundle, random_state=0)
    f = s.frame
    t = f["enterprise_id"].map(truth).to_numpy(dtype=float)
    if np.isnan(t).any():
        raise SystemExit(f"{int(np.isnan(t).sum())} enterprises without a truth")
    own = f["model_score"].to_numpy(dtype=float)
    held = np.round(keep_in_band(own, f["tier"].to_numpy(), f["tier_source"].to_numpy(), bundle.policy.tier_thresholds), 6)
    band = s.card.get("band", {})
    row: dict[str, object] = {k: band.get(k) for k in ("kept", "reason", "auc_gain", "se", "periods", "imposed_rows", "se_from",
                                                     "grade_explained")}
    row["moved"] = int((held != own).sum())
    for name, score in (("held", held), ("own", own), ("pub", f["risk_score"].to_numpy(dtype=float))):
        row[f"{name}_lift"], row[f"{name}_rho"] = (round(x, 4) for x in lift_rho(score, t))
    return row


def ours(sizes: list[int], seeds: list[int], worlds: list[str]) -> list[dict[str, object]]:
    from risk_worlds import FAMILIES, bureau_of_size, lift_and_spearman

    from bundle import load_bundle

    rows = []
    for family in worlds or list(FAMILIES):
        for n in sizes:
            for seed in seeds:
                with tempfile.TemporaryDirectory() as tmp:
                    b = load_bundle(bureau_of_size(n, seed, family).write(Path(tmp)))
                    truth = pd.read_csv(Path(tmp) / "truth.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")["p_violation"]
                row = {"generator": "ours", "bureau": f"{family}-n{n}-s{seed}", **figures(b, truth, lift_and_spearman)}
                print(row, flush=True)
                rows.append(row)
    return rows


def kept(folder: Path) -> list[dict[str, object]]:
    sys.path.insert(0, str(HERE.parents[1] / "foreign2"))  # its run.py, not bench/run.py
    from run import spearman, top_lift

    from bundle import load_bundle

    rows = []
    for d in sorted(p for p in folder.iterdir() if (p / "truth.csv").exists()):
        truth = pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")["p_violation"]
        row = {"generator": folder.parent.name, "bureau": d.name,
               **figures(load_bundle(d / "bundle"), truth, lambda s, t: (top_lift(s, t), spearman(s, t)))}
        print(row, flush=True)
        rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ours", action="store_true", help="our worlds (bench/risk_worlds.py's bureaus)")
    ap.add_argument("--sizes", default="2000,6000")
    ap.add_argument("--seeds", default="11,12,13,14")
    ap.add_argument("--worlds", default="")
    ap.add_argument("--keep", action="append", default=[], type=Path, help="a harness --keep folder")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    rows: list[dict[str, object]] = []
    if a.ours:
        rows += ours([int(x) for x in a.sizes.split(",")], [int(x) for x in a.seeds.split(",")],
                     [w for w in a.worlds.split(",") if w])
        pd.DataFrame(rows).to_csv(a.out, index=False)
    for folder in a.keep:
        rows += kept(folder)
        pd.DataFrame(rows).to_csv(a.out, index=False)  # as it goes: a stopped run keeps what it measured


if __name__ == "__main__":
    main()
