"""walk42's own redraw of R-SAMPLE from selection.csv + seed + policy (rules.md 'The lottery, exactly').
usage: redraw.py selection.csv plan.json   (plan.json only for seed/policy; or --seed S)"""
import csv, hmac, hashlib, math, json, sys
sel = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
pj = json.load(open(sys.argv[2]))
seed = pj['seed']; pol = pj['policy']
tiers = pol['tiers']; minw = pol.get('min_lottery_weight', 0.05); uniform = pol.get('sampling') == 'uniform_lottery'
bad = 0
for t, cfg in sorted(tiers.items()):
    r = cfg['sample_ratio']
    if r >= 1: continue
    rows = [x for x in sel if x['tier'] == t and x['basis'] != 'exempt']   # pool: tier's firms with items (exempt = none apply)
    keys = []
    for x in rows:
        h = hmac.new(seed.encode('utf-8'), f"{t}|{x['enterprise_id']}".encode('utf-8'), hashlib.sha256).digest()
        u = (int.from_bytes(h[:8], 'big') + 0.5) / 2 ** 64
        w = 1.0 if uniform else max(float(x['risk_score']), minw)
        keys.append((math.log(u) / w, x['enterprise_id'], x))
    keys.sort(key=lambda k: (-k[0], k[1]))
    places = math.ceil(r * len(rows) - 1e-9)
    sampled = [x for x in rows if x['basis'] == 'sampled']
    mism = [(i + 1, k[1], k[2]['draw_rank']) for i, k in enumerate(keys) if str(i + 1) != k[2]['draw_rank']]
    # filled strictly in draw order: every firm ranked better than the worst sampled one is sampled or skipped for capacity
    # (or selected on another basis, which does not take a place?)
    worst = max([int(x['draw_rank']) for x in sampled], default=0)
    skipped = [(k[1], k[2]['basis']) for i, k in enumerate(keys) if i + 1 < worst and k[2]['basis'] not in ('sampled',)]
    print(f"tier {t}: pool {len(rows)} places {places} sampled {len(sampled)} worst sampled rank {worst} rank mismatches {len(mism)}")
    if mism: print('   first mismatches (mine, eid, published):', mism[:5]); bad += 1
    if skipped: print('   ranked above the last sampled but not sampled:', skipped[:12])
    if len(sampled) > places: print('   MORE sampled than places'); bad += 1
print('seed sha256', hashlib.sha256(seed.encode()).hexdigest())
sys.exit(1 if bad else 0)
