"""`make bench-risk`, part 1: the risk model on every hidden-propensity world (scenarios/propensity.py).

For each world, size and seed: generate a bureau, score it with `score_bundle`, and judge
the scores against the hidden truth (truth.csv): top-20% lift (expected violations in
the top 20% by score over a random 20%) and Spearman rank correlation. Beside it, a
plain logistic regression on the same training rows (the baseline) and the oracle
(ranking by the truth itself). The baseline is written here from scikit-learn alone so
that it stays independent of risk/model.py.

    python bench/risk_worlds.py [--sizes 2000,6000] [--seeds 11,12,13,14] [--worlds linear,drift]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from contradictions import contradicting  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

from bundle import Bundle, load_bundle  # noqa: E402
from scenarios.generate import Bureau  # noqa: E402
from scenarios.presets import PRESETS  # noqa: E402
from scenarios.propensity import FAMILIES  # noqa: E402

TARGET_LIFT, TARGET_SPEARMAN = 1.58, 0.6


def bureau_of_size(n: int, seed: int, family: str) -> Bureau:
    """A city-like bureau of n enterprises (districts scaled with it)."""
    city = PRESETS["city"]
    districts = max(2, min(10, round(n / 2000)))
    p = dataclasses.replace(city, name=f"bench{n}", enterprises=n, districts_per_city=districts,
                            officers=max(40, round(city.officers * n / city.enterprises)))
    return Bureau(p, seed, family)


def lift_and_spearman(score: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    k = int(np.ceil(0.2 * len(score)))
    top = np.argsort(-score, kind="stable")[:k]
    return float(truth[top].sum() / truth.sum() / 0.2), float(spearmanr(score, truth).statistic)


LABELS = {"finding": ("minor", "violation", "serious"), "violation": ("violation", "serious")}


def plain_logistic(bundle: Bundle, label: tuple[str, ...]) -> np.ndarray:
    """The baseline: LogisticRegression (defaults) on the same as-of features and label as the model."""
    from risk.features import CATEGORICAL, NUMERIC, scoring_frame, training_frame

    Xt, y = training_frame(bundle, label)
    X = scoring_frame(bundle)
    pre = ColumnTransformer([("num", StandardScaler(), list(NUMERIC)),
                             ("cat", OneHotEncoder(handle_unknown="ignore"), list(CATEGORICAL))])
    model = make_pipeline(pre, LogisticRegression(max_iter=2000)).fit(Xt, y)
    return model.predict_proba(X)[:, 1]


def one_world(n: int, seed: int, family: str, label: str | None = None) -> dict[str, object]:
    from risk import score_bundle
    from risk.features import LABEL
    from risk.tiers import keep_in_band, legal_tier

    lab = LABELS[label] if label else LABEL

    with tempfile.TemporaryDirectory() as tmp:
        bundle_dir = bureau_of_size(n, seed, family).write(Path(tmp))
        b = load_bundle(bundle_dir)
        truth = pd.read_csv(Path(tmp) / "truth.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")["p_violation"]
    t0 = time.perf_counter()
    s = score_bundle(b, random_state=0, label=lab)
    secs = time.perf_counter() - t0
    t = s.frame["enterprise_id"].map(truth).to_numpy(dtype=float)
    lift, rho = lift_and_spearman(s.frame["risk_score"].to_numpy(), t)
    lr = plain_logistic(b, lab)
    b_lift, b_rho = lift_and_spearman(lr, t)
    # the same baseline held to the band of the tier the records impose (R-TIER), as risk_score is: the model's gain
    # over the baseline is then the model's, not the band's
    tier, source = legal_tier(b, s.frame["enterprise_id"], np.round(lr, 6), "model")
    bb_lift, bb_rho = lift_and_spearman(keep_in_band(np.round(lr, 6), tier, source, b.policy.tier_thresholds), t)
    o_lift, _ = lift_and_spearman(t, t)
    return {"world": family, "n": n, "seed": seed, "lift": lift, "spearman": rho, "lr_lift": b_lift, "lr_spearman": b_rho,
            "lrb_lift": bb_lift, "lrb_spearman": bb_rho,
            "oracle_lift": o_lift, "chosen": s.card.get("chosen"), "reversed": s.card.get("calibration_reversed"),
            "contradicting": contradicting(s.frame["reason_en"]), "seconds": secs,
            # the band's verdict (risk.score.past_evidence): kept, why dropped, the grades' share the records explain
            "band_kept": s.card.get("band", {}).get("kept"), "band_reason": s.card.get("band", {}).get("reason"),
            "grade_explained": s.card.get("band", {}).get("grade_explained")}


def main(argv: list[str] | None = None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2000,6000")
    ap.add_argument("--seeds", default="11,12,13,14")
    ap.add_argument("--worlds", default=",".join(FAMILIES))
    ap.add_argument("--label", choices=list(LABELS), default=None, help="override the model's label (the card's evidence)")
    ap.add_argument("--linear-c", type=float, default=None,
                    help="the signed logistic's C instead of risk.model.LINEAR_C (a try of the fourth round: the model card)")
    ap.add_argument("--trend-horizon", type=float, default=None,
                    help="GroupTrend's horizon in years after the date the scores stand for, instead of risk.model.TREND_HORIZON; "
                         "negative: no trend (the fifth round's baseline)")
    ap.add_argument("--csv", type=Path, default=None, help="also write every bureau's row here")
    a = ap.parse_args(argv)
    if a.trend_horizon is not None:
        import risk.model

        if a.trend_horizon < 0:
            risk.model.TREND_MIN_GROUPS = 10**9  # no bureau has that many sectors: every offset 0
        risk.model.TREND_HORIZON = a.trend_horizon  # read at each fit: this process only
    if a.linear_c is not None:
        import risk.model

        risk.model.LINEAR_C = a.linear_c  # read when each candidate is built: this process only
    rows = []
    for family in a.worlds.split(","):
        for n in (int(x) for x in a.sizes.split(",")):
            for seed in (int(x) for x in a.seeds.split(",")):
                r = one_world(n, seed, family, a.label)
                rows.append(r)
                print(f"  {family:13s} n={n:6d} seed={seed:3d}  lift {r['lift']:.2f} (LR {r['lr_lift']:.2f}, LR+band {r['lrb_lift']:.2f}, "
                      f"oracle {r['oracle_lift']:.2f})  spearman {r['spearman']:.3f} (LR {r['lr_spearman']:.3f}, LR+band "
                      f"{r['lrb_spearman']:.3f})  "
                      f"[{r['chosen']}{', calibration reversed' if r['reversed'] is not None else ''}, "
                      f"{r['contradicting']} contradicting, {r['seconds']:.1f} s]", flush=True)
    df = pd.DataFrame(rows)
    if a.csv is not None:
        df.to_csv(a.csv, index=False)
    g = df.groupby("world", sort=False).agg(lift=("lift", "mean"), min_lift=("lift", "min"), lr_lift=("lr_lift", "mean"),
                                            oracle=("oracle_lift", "mean"), spearman=("spearman", "mean"),
                                            min_spearman=("spearman", "min"), lr_spearman=("lr_spearman", "mean"),
                                            lrb_lift=("lrb_lift", "mean"), lrb_spearman=("lrb_spearman", "mean"))
    print(f"\nper world (mean over sizes {a.sizes} × seeds {a.seeds}; targets: lift ≥ {TARGET_LIFT}, Spearman ≥ {TARGET_SPEARMAN})")
    print("| world | top-20% lift | min | plain LR | LR + band | oracle | Spearman | min | plain LR | LR + band |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for w, r in g.iterrows():
        ok = "" if r.min_lift >= TARGET_LIFT and r.min_spearman >= TARGET_SPEARMAN else " ✗"
        print(f"| {w}{ok} | {r.lift:.2f} | {r.min_lift:.2f} | {r.lr_lift:.2f} | {r.lrb_lift:.2f} | {r.oracle:.2f} | "
              f"{r.spearman:.3f} | {r.min_spearman:.3f} | {r.lr_spearman:.3f} | {r.lrb_spearman:.3f} |")
    ok_l, ok_s = int((df.lift >= TARGET_LIFT).sum()), int((df.spearman >= TARGET_SPEARMAN).sum())
    print(f"\nbureaus reaching lift ≥ {TARGET_LIFT}: {ok_l} of {len(df)}; Spearman ≥ {TARGET_SPEARMAN}: {ok_s} of {len(df)}; "
          f"self-contradicting reasons: {int(df.contradicting.sum())} (bench/contradictions.py, from the text alone); "
          f"calibration refused as order-reversing (keep_order) on {int(df.reversed.notna().sum())} bureaus")
    return df


if __name__ == "__main__":
    main()
