"""Diagnostic for the next band rule (not a judge, no product change): does a past test with more power tell the
bureaus where the band helps from those where it costs? (bench/prereg23.md: our worlds and the held-out generators
disagree where the current test is weak.)

Per bureau, from one fit (the model's own out-of-time periods, cached as score_bundle's past test made them):
- z_cur: the current test's z (a loss positive; the larger of its two bars), from the card;
- z_pool: AUC(held to the band) − AUC(own) over every judged period's inspections pooled, against a paired bootstrap
  standard error over those inspections;
- z_imp: the same over the imposed inspections only (the grade's own ranking power against the model's there);
- dl, dr: lift and Spearman against the hidden truth of the band dropped whole minus held whole (> 0: the band costs).

    PYTHONPATH=. python bench/diag22/band_power.py --ours 2000 --keep /tmp/foreign24/keep ... --out bench/diag22/band_power.csv
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from risk_worlds import bureau_of_size, lift_and_spearman  # noqa: E402

import risk.model as rmodel  # noqa: E402
from bundle.loader import load_bundle  # noqa: E402
from risk.features import LABEL, training_frame  # noqa: E402
from risk.score import BAND_MIN_IMPOSED, BAND_MIN_LOSS, BAND_REPEATED_LOSS, imposed_asof, score_bundle  # noqa: E402
from risk.tiers import IMPOSED, keep_in_band  # noqa: E402
from scenarios.propensity import FAMILIES  # noqa: E402

_orig = rmodel.RiskModel.out_of_time


def _cached(self, X, y, dates):  # type: ignore[no-untyped-def]
    periods = _orig(self, X, y, dates)
    self._periods_seen = periods
    return periods


rmodel.RiskModel.out_of_time = _cached  # type: ignore[method-assign]


def _z(y: np.ndarray, held: np.ndarray, own: np.ndarray, draws: int = 200) -> float | None:
    """The pooled difference AUC(held) − AUC(own) in paired-bootstrap standard errors, a loss positive."""
    if len(np.unique(y)) < 2:
        return None
    diff = roc_auc_score(y, held) - roc_auc_score(y, own)
    rng = np.random.default_rng(0)
    boot = []
    for _ in range(draws):
        i = rng.integers(0, len(y), len(y))
        if 0 < y[i].sum() < len(i):
            boot.append(roc_auc_score(y[i], held[i]) - roc_auc_score(y[i], own[i]))
    se = max(float(np.std(boot, ddof=1)), BAND_MIN_LOSS / 2)
    return -diff / se


def one(b, truth: pd.Series, name: str, kind: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    s = score_bundle(b, random_state=0)
    f = s.frame
    t = f["enterprise_id"].map(truth).to_numpy(float)
    own = f["model_score"].to_numpy(float)
    held = keep_in_band(own, f["tier"].to_numpy(), f["tier_source"].to_numpy(), b.policy.tier_thresholds)
    keep_l, keep_r = lift_and_spearman(held, t)
    drop_l, drop_r = lift_and_spearman(own, t)
    band = s.card["band"]
    gain, se, periods = band.get("auc_gain"), band.get("se"), band.get("periods", 0)
    z_cur = None
    if gain is not None:
        z_cur = -gain / max(se, BAND_MIN_LOSS / 2)
        if periods >= 2:
            z_cur = max(z_cur, -gain / (BAND_REPEATED_LOSS / 2))
    row: dict[str, object] = {"kind": kind, "bureau": name, "reason": band.get("reason"), "periods": periods,
                              "z_cur": z_cur, "dl": drop_l - keep_l, "dr": drop_r - keep_r}
    model = s.model
    if model is not None and getattr(model, "_periods_seen", None) is not None:
        Xt, y = training_frame(b, LABEL)
        y = np.asarray(y)
        tier, source = imposed_asof(Xt)
        ys, hs, os_, imp = [], [], [], []
        for p in model._periods_seen:
            yt = y[p.rows]
            m = np.isin(source[p.rows], IMPOSED)
            if len(np.unique(yt)) < 2 or m.sum() < BAND_MIN_IMPOSED:
                continue
            o = np.round(p.p, 6)
            ys.append(yt), os_.append(o), imp.append(m)
            hs.append(keep_in_band(o, tier[p.rows], source[p.rows], b.policy.tier_thresholds))
        if ys:
            yy, hh, oo, mm = (np.concatenate(v) for v in (ys, hs, os_, imp))
            row["n_pool"], row["n_imp"] = len(yy), int(mm.sum())
            row["z_pool"] = _z(yy, hh, oo)
            row["z_imp"] = _z(yy[mm], hh[mm], oo[mm])
    print(row, flush=True)
    return row


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", type=int, default=None, help="also our worlds at this size, seeds 11–14")
    ap.add_argument("--keep", action="append", type=Path, default=[])
    ap.add_argument("--match", default="-n2000-")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    rows = []
    if a.ours:
        for fam in FAMILIES:
            for seed in (11, 12, 13, 14):
                with tempfile.TemporaryDirectory() as tmp:
                    d = bureau_of_size(a.ours, seed, fam).write(Path(tmp))
                    b = load_bundle(d)
                    truth = pd.read_csv(Path(tmp) / "truth.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")["p_violation"]
                rows.append(one(b, truth, f"{fam}-n{a.ours}-s{seed}", "ours"))
                pd.DataFrame(rows).to_csv(a.out, index=False)
    for keep in a.keep:
        for d in sorted(p for p in keep.iterdir() if (p / "bundle").is_dir() and a.match in p.name):
            b = load_bundle(d / "bundle")
            truth = pd.read_csv(d / "truth.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")["p_violation"]
            rows.append(one(b, truth, f"{keep.parent.name}/{d.name}", "held-out"))
            pd.DataFrame(rows).to_csv(a.out, index=False)
