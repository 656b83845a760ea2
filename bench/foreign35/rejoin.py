"""For an unmet mandatory (e, agency): drop the agency's own solo rows at e and re-place all its visits by joining the other agencies' rows (dates of other rows unchanged)."""
import sys, json
from judge import Judge
bundle, plan, out = sys.argv[1:4]
pairs = [x.split(':') for x in sys.argv[4:]]
j = Judge(bundle, plan); j.run()
j.nid = 7000; j.added = []; j.joined = {}; j.strict = False; j.unmet_ad = set()
res = []
for e, a in pairs:
    rows = j.ent_rows[e]
    solo = [r for r in rows if r['basis'] == 'mandatory' and r['_ags'] == [a]]
    n = int(j.pol['tiers'][j.sel[e]['tier']]['visits'])
    for r in solo:
        r['_removed'] = True
        d = r['_d']
        j.team_day[(r['_teams'][a], d)] -= 1
        for o in r['_offs']:
            j.on_day[(o, d)] -= 1; j.on_year[o] -= 1
    j.ent_rows[e] = [r for r in rows if not r.get('_removed')]
    got = []
    for _ in range(n):
        v = j.try_join(e, a, 'mandatory')
        if not v: break
        got.append(v)
    print(e, a, 'removed', [r['visit_id'] for r in solo], 'joined', got)
    res.append(dict(kind='mandatory', e=e, agency=a, trigger='', added=got[len(solo):]))
j.avoid_unmet = res; j.avoid_sampled = []; j.dropped = []
j.write_repair(out)
