"""Independent redraw of the lottery from rules.md, from selection.csv + plan.json (auditor's folder.zip)."""
import csv, json, hmac, hashlib, math, sys, collections
d = sys.argv[1]
sel = list(csv.DictReader(open(f"{d}/selection.csv", encoding="utf-8")))
pj = json.load(open(f"{d}/plan.json", encoding="utf-8"))
seed = pj["seed"]; pol = pj["policy"]; mw = pol.get("min_lottery_weight", 0.05); uniform = pol.get("sampling") == "uniform_lottery"
print("seed", seed, "sha256", hashlib.sha256(seed.encode()).hexdigest())
bad = 0; by = collections.defaultdict(list)
for s in sel: by[s["tier"]].append(s)
for tier, rows in sorted(by.items()):
    ratio = pol["tiers"][tier]["sample_ratio"]
    if ratio >= 1: continue
    pool = [s for s in rows if s["basis"] != "exempt"]
    keys = []
    for s in pool:
        h = hmac.new(seed.encode(), f"{tier}|{s['enterprise_id']}".encode(), hashlib.sha256).digest()
        u = (int.from_bytes(h[:8], "big") + 0.5) / 2**64
        w = 1.0 if uniform else max(float(s["risk_score"]), mw)
        keys.append((-(math.log(u) / w), s["enterprise_id"], s))
    keys.sort()
    places = math.ceil(ratio * len(pool) - 1e-9)
    mism = [(i + 1, s["enterprise_id"], s["draw_rank"]) for i, (_, _, s) in enumerate(keys) if str(i + 1) != s["draw_rank"]]
    sampled = [s for s in pool if s["basis"] == "sampled"]
    print(f"tier {tier}: pool {len(pool)} places {places} sampled {len(sampled)} draw_rank mismatches {len(mism)} {mism[:3]}")
    bad += len(mism)
    # rank order: any sampled with worse rank than a not_drawn?
    nd = [int(s["draw_rank"]) for s in pool if s["basis"] == "not_drawn"]
    sr = [int(s["draw_rank"]) for s in sampled]
    if nd and sr and min(nd) < max(sr): print("   not_drawn with better rank than a sampled one:", min(nd), max(sr))
print("mismatches", bad)
