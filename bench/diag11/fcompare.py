"""Rule 2 of bench/prereg11.md: a held-out generator's bureaus, main vs branch (harness results .md files): per
family and overall mean top-20% lift / Spearman to 4 decimals, bureaus meeting both targets, and the LR's figures.

    python fcompare.py MAIN.md BRANCH.md
"""

import sys
from pathlib import Path

import pandas as pd

LIFT, RHO = 1.58, 0.6


def per_bureau(md: Path) -> pd.DataFrame:
    lines = md.read_text(encoding="utf-8").splitlines()
    at = lines.index("## Per bureau")
    rows = []
    for ln in lines[at + 1 :]:
        if ln.startswith("|"):
            rows.append(ln)
        elif rows:
            break
    head = [c.strip() for c in rows[0].strip("|").split("|")]
    df = pd.DataFrame([[c.strip() for c in r.strip("|").split("|")] for r in rows[2:]], columns=head)
    for c in ("n", "seed"):
        df[c] = df[c].astype(int)
    for c in ("ours_lift", "ours_rho", "lr_lift", "lr_rho"):
        df[c] = pd.to_numeric(df[c], errors="coerce")
    return df


m, b = per_bureau(Path(sys.argv[1])), per_bureau(Path(sys.argv[2]))
key = ["family", "n", "seed"]
j = m.merge(b, on=key, suffixes=("_m", "_b"))
assert len(j) == len(m) == len(b), (len(j), len(m), len(b))
both = lambda lift, rho: int(((lift >= LIFT) & (rho >= RHO)).sum())  # noqa: E731
print("| family | bureaus | lift main | lift branch | Δ | Spearman main | Spearman branch | Δ | both main | both branch | LR lift / ρ |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for f, g in [*list(j.groupby("family", sort=False)), ("**all**", j)]:
    lm, lb, rm, rb = g.ours_lift_m.mean(), g.ours_lift_b.mean(), g.ours_rho_m.mean(), g.ours_rho_b.mean()
    print(
        f"| {f} | {len(g)} | {lm:.4f} | {lb:.4f} | {lb - lm:+.4f} | {rm:.4f} | {rb:.4f} | {rb - rm:+.4f} | "
        f"{both(g.ours_lift_m, g.ours_rho_m)} | {both(g.ours_lift_b, g.ours_rho_b)} | {g.lr_lift_m.mean():.4f} / {g.lr_rho_m.mean():.4f} |"
    )
dl, dr = j.ours_lift_b.mean() - j.ours_lift_m.mean(), j.ours_rho_b.mean() - j.ours_rho_m.mean()
print(
    f"\nmean Δ lift {dl:+.4f}, mean Δ Spearman {dr:+.4f}: "
    f"{'within' if dl >= -0.005 and dr >= -0.005 else 'OUTSIDE'} the −0.005 tolerance; "
    f"both targets {both(j.ours_lift_m, j.ours_rho_m)} → {both(j.ours_lift_b, j.ours_rho_b)}"
)
print(f"LR above ours on lift: main {(j.lr_lift_m > j.ours_lift_m).sum()}, branch {(j.lr_lift_m > j.ours_lift_b).sum()} of {len(j)}")
