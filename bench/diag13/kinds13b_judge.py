"""bench/prereg13b.md's rules 2 and 3 from the rescored figures (run from the repo root)."""

import pandas as pd

seen_b = pd.read_csv('bench/diag13/kinds13b_rescore_seen.csv')
main = pd.concat([pd.read_csv('bench/diag13/rescore_f8_13.csv'), pd.read_csv('bench/diag13/rescore_f14.csv')])
m = main[['generator', 'bureau', 'main_lift', 'main_rho', 'main_meets']]
d = seen_b.merge(m, on=['generator', 'bureau'], how='left')
assert d.main_lift.notna().all(), d[d.main_lift.isna()]
d['dl'] = d.kinds13b_lift - d.main_lift
d['dr'] = d.kinds13b_rho - d.main_rho
src = d.bureau.str.startswith('price_squeeze')


def line(x, name):
    ch = int(((x.dl != 0) | (x.dr != 0)).sum())
    print(f"| {name} | {len(x)} | {ch} | {x.dl.sum():+.4f} | {x.dr.sum():+.4f} | {int(x.main_meets.sum())} → {int(x.kinds13b_meets.sum())} | {int(x.kinds13b_contradicting.sum())} |")
print("Rule 3 (seen held-out bureaus that hold requests; main from bench/diag13/rescore_f8_13.csv and rescore_f14.csv)\n")
print("| generator | bureaus | changed | Σ Δ lift | Σ Δ Spearman | both targets | contradicting (branch) |\n|---|---|---|---|---|---|---|")
for g, x in d[~src].groupby('generator', sort=False):
    line(x, g)
line(d[~src], "**judged (all but the source)**")
line(d[src], "price_squeeze (reported)")
j = d[~src]
print(f"\nbureaus: lift better {int((j.dl > 0).sum())}, worse {int((j.dl < 0).sum())}; Spearman better {int((j.dr > 0).sum())}, worse {int((j.dr < 0).sum())}")
for fam in ("self_reporting", "prefab_learning"):
    x = j[j.bureau.str.startswith(fam)]
    print(f"source family {fam}: Σ Δ lift {x.dl.sum():+.4f}, Σ Δ Spearman {x.dr.sum():+.4f} over {len(x)}")
try:
    f = pd.read_csv('bench/diag13/kinds13b_rescore_f15.csv')
    f['dl'] = f.kinds13b_lift - f.main_lift
    f['dr'] = f.kinds13b_rho - f.main_rho
    print("\nRule 2 (foreign15, fresh)\n")
    print("| bureau | main lift | branch lift | Δ | main ρ | branch ρ | Δ |\n|---|---|---|---|---|---|---|")
    for r in f.itertuples():
        print(f"| {r.bureau} | {r.main_lift:.4f} | {r.kinds13b_lift:.4f} | {r.dl:+.4f} | {r.main_rho:.4f} | {r.kinds13b_rho:.4f} | {r.dr:+.4f} |")
    print(f"\n{len(f)} bureaus: Σ Δ lift {f.dl.sum():+.4f}, Σ Δ Spearman {f.dr.sum():+.4f}; both targets {int(f.main_meets.sum())} → {int(f.kinds13b_meets.sum())}; contradicting {int(f.kinds13b_contradicting.sum())}")
    print(f.assign(fam=f.bureau.str.rsplit('-', n=2).str[0]).groupby('fam')[['dl', 'dr']].sum().round(4).to_string())
except FileNotFoundError:
    pass
