import sys, json
from judge import Judge
from collections import Counter, defaultdict
j = Judge(sys.argv[1], sys.argv[2]); j.run()
um = [u for u in j.unmet if u['kind'] in ('mandatory',)]
umt = [u for u in j.unmet if u['kind'] in ('triggered','follow_up')]
print('unmet mandatory', len(um), 'unmet trig/fu', len(umt))
by = Counter()
ex = defaultdict(list)
for u in um:
    a = u['agency']; X = j.ents[u['e']]['district_code']
    for r in j.visits:
        if r['basis'] == 'sampled' and a in r['_ags']:
            t = r['_teams'].get(a)
            if t and j.team_ok(t, u['e']):
                by[(a, X, r['mode'])] += 1
                ex[(a, X, r['mode'])].append(r['visit_id'])
for k, v in by.items(): print(k, v, ex[k][:3])
c = Counter((r['basis'], r['mode']) for r in j.visits for a in r['_ags'] if a == (sys.argv[3] if len(sys.argv)>3 else 'gas'))
print(c)
