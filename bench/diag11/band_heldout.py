"""Published risk_score vs the model's own model_score against the hidden truth, over kept held-out bureaus."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr


def fig(s, c):
    k = int(np.ceil(0.2 * len(s)))
    top = s.sort_values(c, ascending=False, kind="stable").head(k)
    return top.p_violation.sum() / s.p_violation.sum() / 0.2, spearmanr(s[c], s.p_violation)[0]


rows = []
for keep in sys.argv[1:]:
    for d in sorted(Path(keep).iterdir()):
        if not (d / "scores.csv").exists():
            continue
        s = pd.read_csv(d / "scores.csv").merge(pd.read_csv(d / "truth.csv"), on="enterprise_id")
        held = (s.risk_score - s.model_score).abs().max() > 1e-6
        lr, rr = fig(s, "risk_score")
        lm, rm = fig(s, "model_score")
        rows.append((Path(keep).parent.name + "/" + d.name, held, lr, lm, rr, rm))
df = pd.DataFrame(rows, columns=["bureau", "held", "lift_pub", "lift_model", "rho_pub", "rho_model"])
df["fam"] = df.bureau.str.rsplit("-", n=2).str[0]
h = df[df.held]
print(f"{len(df)} bureaus, band held in {len(h)}")
print(
    f"held: mean lift pub {h.lift_pub.mean():.4f} model {h.lift_model.mean():.4f}; rho pub {h.rho_pub.mean():.4f} "
    f"model {h.rho_model.mean():.4f}; pub better lift in {(h.lift_pub > h.lift_model).sum()}, "
    f"worse in {(h.lift_pub < h.lift_model).sum()}"
)
g = h.groupby("fam")[["lift_pub", "lift_model", "rho_pub", "rho_model"]].mean().round(3)
g["n"] = h.groupby("fam").size()
print(g.to_string())
