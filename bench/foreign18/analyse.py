"""Read the kept bureaus of bench/foreign18 (scores.csv from the product, truth.csv, the bundle) and print, per
bureau, how the product's score and the truth relate to what the bundle shows. Usage:
    python bench/foreign18/analyse.py /tmp/foreign18/keep
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr


def rho(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    if np.std(a) == 0 or np.std(b) == 0:
        return float("nan")
    return float(spearmanr(a, b).statistic)


def one(d: Path) -> dict:
    s = pd.read_csv(d / "scores.csv")
    t = pd.read_csv(d / "truth.csv")
    e = pd.read_csv(d / "bundle" / "enterprises.csv", dtype={"district_code": str})
    x = e.merge(t, on="enterprise_id").merge(s, on="enterprise_id")
    tr = pd.read_csv(d / "bundle" / "triggers.csv")
    out = {"bureau": d.name, "n": len(x), "rho": rho(x.risk_score, x.p_violation),
           "rho_model": rho(x.model_score, x.p_violation)}
    top = x.p_violation >= x.p_violation.quantile(0.8)
    for g in "ABCD":
        out[f"tier{g}%"] = round(100 * (x.tier == g).mean(), 1)
    out["top20_inA%"] = round(100 * (x.tier[top] == "A").mean(), 1)
    out["tier_src"] = ";".join(f"{k}:{v}" for k, v in x.tier_source.value_counts().items())
    out["truth_by_tier"] = ";".join(f"{g}:{x.p_violation[x.tier == g].mean():.3f}" for g in "ABCD"
                                    if (x.tier == g).any())
    for col in ("size", "district_code"):
        grp = x.groupby(col).agg(score=("risk_score", "mean"), truth=("p_violation", "mean"))
        out[f"by_{col}"] = ";".join(f"{k}:{r.score:.3f}/{r.truth:.3f}" for k, r in grp.iterrows())
    tr = tr[tr.received_on >= "2026-01-01"]
    for kind in ("complaint", "referral", "data_monitoring", "enterprise_request"):
        c = tr[tr.kind == kind].groupby("enterprise_id").size()
        k = x.enterprise_id.map(c).fillna(0)
        out[f"{kind}_2026 ρ(score,ρ truth)"] = f"{rho(k, x.risk_score):+.2f}/{rho(k, x.p_violation):+.2f}"
    late = tr[tr.received_on >= "2027-01-01"].enterprise_id.unique()
    if len(late):
        m = x.enterprise_id.isin(late)
        out["plan-year triggers: firms, pct-rank score/truth"] = (
            f"{m.sum()}: {x.risk_score.rank(pct=True)[m].mean():.2f}/{x.p_violation.rank(pct=True)[m].mean():.2f}")
    gp = d / "bundle" / "credit_grades.csv"
    if gp.exists():
        g = pd.read_csv(gp).sort_values("rated_on").groupby("enterprise_id").last()
        k = x.enterprise_id.map(g.grade).map({"A": 0, "B": 1, "C": 2, "D": 3})
        ok = k.notna()
        out["grade ρ truth"] = round(rho(k[ok], x.p_violation[ok]), 3)
        out["graded%"] = round(100 * ok.mean(), 1)
        out["ungraded pct-rank score/truth"] = (f"{x.risk_score.rank(pct=True)[~ok].mean():.2f}/"
                                               f"{x.p_violation.rank(pct=True)[~ok].mean():.2f}" if (~ok).any() else "")
    out["clamped%"] = round(100 * (abs(x.risk_score - x.model_score) > 1e-9).mean(), 1)
    return out


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/foreign18/keep")
    for d in sorted(p for p in root.iterdir() if (p / "scores.csv").exists()):
        r = one(d)
        print(f"\n## {r.pop('bureau')}")
        for k, v in r.items():
            print(f"  {k}: {v}")
