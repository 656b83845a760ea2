"""Re-staff (dates unchanged) visits of a team so that leftover annual budget can form pairs, then add unmet mandatory visits."""
import sys, json
from judge import Judge
bundle, plan, team, out = sys.argv[1:5]
j = Judge(bundle, plan); j.run()
j.nid = 5000; j.added = []; j.joined = {}; j.strict = False; j.unmet_ad = set()
P = j.pol
offs = [o for o in j.team_ofs[team] if j.offs[o]['role'] == 'enforcement']
left = lambda o: j.budget(o) - j.on_year[o]
print({o: left(o) for o in offs})
agency = j.teams[team]['agency_id']
restaffed = []
changed = True
while changed:
    changed = False
    rich = max(offs, key=left)
    if left(rich) - sum(left(o) for o in offs if o != rich) < 2:
        break
    # take one visit where two 'poor' officers (no budget) go together and give rich's unit instead
    for r in j.visits:
        if r['mode'] != 'onsite' or agency not in r['_ags'] or rich in r['_offs']:
            continue
        d = r['_d']
        inv = sorted([o for o in r['_offs'] if o in offs and o != rich], key=left)
        if len(inv) < 2:
            continue
        if not j.certified(rich, d) or j.away(rich, d) or (rich, r['enterprise_id']) in j.rec:
            continue
        if j.on_day[(rich, d)] >= int(P['max_visits_per_officer_per_day']):
            continue
        # which poor officer to free: the one with the fewest units left among the team otherwise
        x = inv[0]
        r['_offs'][r['_offs'].index(x)] = rich
        r['officer_ids'] = ';'.join(r['_offs'])
        j.on_day[(x, d)] -= 1; j.on_year[x] -= 1
        j.on_day[(rich, d)] += 1; j.on_year[rich] += 1
        restaffed.append((r['visit_id'], x, rich))
        changed = True
        # stop when leftover is balanced: rich's left <= freed ones' left
        break
print('restaffed', restaffed)
print({o: left(o) for o in offs})
res = []
for u in sorted([u for u in j.unmet if u['kind'] == 'mandatory' and u['agency'] == agency], key=lambda u: u['e']):
    p = j.try_insert(u)
    if p:
        res.append((u['e'], p))
print('added', len(res), res)
j.avoid_unmet = [dict(kind='mandatory', e=e, agency=agency, trigger='', added=p) for e, p in res]
j.avoid_sampled = []; j.dropped = []
j.write_repair(out)
json.dump(dict(restaffed=restaffed, added=res), open(out + '.restaff.json', 'w'), default=str, indent=1)
