"""Rule 1 of bench/prereg11.md: per world mean lift / mean Spearman / both-targets count, main vs branch (to 4
decimals), and the branch's band verdicts per world (dropped for grade_explained, grade_explained range)."""

import sys

import pandas as pd

LIFT, RHO = 1.58, 0.6
m = pd.read_csv(sys.argv[1])
b = pd.read_csv(sys.argv[2])
key = ["world", "n", "seed"]
assert len(m) == len(b) == 64 and (m[key].values == b[key].values).all()
rows, fail = [], []
for w in dict.fromkeys(m["world"]):
    mm, bb = m[m.world == w], b[b.world == w]
    ml, bl = round(mm.lift.mean(), 4), round(bb.lift.mean(), 4)
    ms, bs = round(mm.spearman.mean(), 4), round(bb.spearman.mean(), 4)
    mc = int(((mm.lift >= LIFT) & (mm.spearman >= RHO)).sum())
    bc = int(((bb.lift >= LIFT) & (bb.spearman >= RHO)).sum())
    ge = bb.grade_explained
    dropped = int((bb.band_reason == "grade_explained").sum())
    rows.append(
        f"| {w} | {ml:.4f} | {bl:.4f} | {bl - ml:+.4f} | {ms:.4f} | {bs:.4f} | {bs - ms:+.4f} | {mc} | {bc} | "
        f"{dropped} of {len(bb)} | {ge.min():.4f}–{ge.max():.4f} |"
    )
    if bl - ml < -0.005:
        fail.append(f"{w} lift {bl - ml:+.4f}")
    if bs - ms < -0.005:
        fail.append(f"{w} Spearman {bs - ms:+.4f}")
mc = int(((m.lift >= LIFT) & (m.spearman >= RHO)).sum())
bc = int(((b.lift >= LIFT) & (b.spearman >= RHO)).sum())
if bc < mc:
    fail.append(f"both-targets count {mc} -> {bc}")
print(
    "| world | lift main | lift branch | Δ | Spearman main | Spearman branch | Δ | both targets main | branch | band dropped by grade_explained (branch) | grade_explained range |"
)
print("|---|---|---|---|---|---|---|---|---|---|---|")
print("\n".join(rows))
print(
    f"| all 64 | {m.lift.mean():.4f} | {b.lift.mean():.4f} | {b.lift.mean() - m.lift.mean():+.4f} | {m.spearman.mean():.4f} | "
    f"{b.spearman.mean():.4f} | {b.spearman.mean() - m.spearman.mean():+.4f} | {mc} | {bc} | "
    f"{int((b.band_reason == 'grade_explained').sum())} of 64 | {b.grade_explained.min():.4f}–{b.grade_explained.max():.4f} |"
)
print()
print("rule 1:", "holds" if not fail else "FAILS: " + "; ".join(fail))
d = b[key].copy()
d["dlift"] = (b.lift - m.lift).round(4)
d["drho"] = (b.spearman - m.spearman).round(4)
d["band_kept"] = b.band_kept
d["band_reason"] = b.band_reason
d["grade_explained"] = b.grade_explained
print(
    f"\nbureaus changed (|Δlift| or |Δρ| > 0): {int(((d.dlift != 0) | (d.drho != 0)).sum())} of 64; worse lift in {int((d.dlift < 0).sum())}, better in {int((d.dlift > 0).sum())}"
)
print(d.to_string(index=False))
