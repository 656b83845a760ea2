"""bench/prereg15.md and prereg16.md rule 1: our 64 bureaus, branch against main's bench/diag14/rw_main14.csv, per world."""
import sys

import pandas as pd

LIFT, RHO = 1.58, 0.6
main = pd.read_csv(sys.argv[1])
br = pd.read_csv(sys.argv[2])
key = ["world", "n", "seed"]
m = main.merge(br, on=key, suffixes=("_main", "_br"))
assert len(m) == len(main) == len(br), (len(m), len(main), len(br))
g = m.groupby("world")[["lift_main", "lift_br", "spearman_main", "spearman_br"]].mean()
g["d_lift"], g["d_rho"] = g["lift_br"] - g["lift_main"], g["spearman_br"] - g["spearman_main"]
print(g.round(4).to_string())
worst = min(g["d_lift"].min(), g["d_rho"].min())
def meets(s):
      return int(((m[f"lift_{s}"] >= LIFT) & (m[f"spearman_{s}"] >= RHO)).sum())
changed = m[((m["lift_main"] - m["lift_br"]).abs() > 5e-4) | ((m["spearman_main"] - m["spearman_br"]).abs() > 5e-4)]  # beyond run-to-run noise
print(f"\nall {len(m)}: lift {m.lift_main.mean():.4f} -> {m.lift_br.mean():.4f}, spearman {m.spearman_main.mean():.4f} -> "
      f"{m.spearman_br.mean():.4f}; both targets {meets('main')} -> {meets('br')}; bureaus changed (beyond 0.0005) {len(changed)}; band verdict flipped {int((m.band_kept_main != m.band_kept_br).sum())}")
print(changed[[*key, "lift_main", "lift_br", "spearman_main", "spearman_br", "band_kept_main", "band_kept_br"]].round(4).to_string())
print("band kept main/branch:", int(m.band_kept_main.sum()), int(m.band_kept_br.sum()))
print(f"largest fall of a world's mean: {worst:.4f}; contradicting (branch): {int(m.contradicting_br.sum())}")
print("RULE 1", "HOLDS" if worst >= -0.005 and meets("br") >= meets("main") else "FAILS")
