"""bench/prereg15.md / prereg16.md rules 2–3: per-family sums of branch − main from a rescore CSV (bench/diag13/rescore.py).

    python bench/diag15/sums.py RESCORE.csv BRANCH  (BRANCH: the product name given to rescore.py)
"""
import csv
import sys
from collections import defaultdict

BR = sys.argv[2] if len(sys.argv) > 2 else "band15"

with open(sys.argv[1], encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
fam = defaultdict(lambda: [0, 0.0, 0.0, 0])
for r in rows:
    f = r["bureau"].split("-n")[0]
    dl, dr = float(r[f"{BR}_lift"]) - float(r["main_lift"]), float(r[f"{BR}_rho"]) - float(r["main_rho"])
    fam[f][0] += 1
    fam[f][1] += dl
    fam[f][2] += dr
    fam[f][3] += int(dl != 0 or dr != 0)
    if dl or dr:
        print(f"  {r['bureau']:28s} lift {r['main_lift']} → {r[f'{BR}_lift']} ({dl:+.4f}), ρ {r['main_rho']} → {r[f'{BR}_rho']} ({dr:+.4f})")
for f, (n, dl, dr, c) in sorted(fam.items()):
    print(f"{f:20s} {n:2d} bureaus, {c} changed: Σ Δ lift {dl:+.4f}, Σ Δ ρ {dr:+.4f}")
tl, tr = sum(v[1] for v in fam.values()), sum(v[2] for v in fam.values())
con = sum(int(r[f"{BR}_contradicting"]) for r in rows)
print(f"all {len(rows)}: Σ Δ lift {tl:+.4f}, Σ Δ ρ {tr:+.4f}, contradicting (branch) {con}, "
      f"both targets {sum(r['main_meets'] == 'True' for r in rows)} → {sum(r[f'{BR}_meets'] == 'True' for r in rows)}")
