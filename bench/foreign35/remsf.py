import sys, json, re
from judge import Judge
from collections import Counter
j = Judge(sys.argv[1], sys.argv[2]); j.run()
sf = {}
for s in j.pj['shortfalls']:
    sf.setdefault((s.get('kind'), s.get('id'), s.get('agency')), []).append(s)
c = Counter(); ex = {}
for u in j.unmet:
    if u['kind'] != 'mandatory': continue
    m = j.mode_for(u['e'], u['agency'], 'mandatory')
    if m != 'remote': continue
    for s in sf.get(('mandatory', u['e'], u['agency']), []):
        b = re.sub(r'\d+', 'N', s['binding'])
        c[(s['rule'], b[:150])] += 1; ex[(s['rule'], b[:150])] = (u['e'], u['agency'], s['binding'])
for k, v in c.most_common(8): print(v, k, ex[k])
# team-day saturation for teams of those agencies
td = Counter()
for (t, d), n in j.team_day.items():
    td[t] += n
for t in sorted(j.teams)[:60]:
    cap = int(j.teams[t]['max_visits_per_day']) * len(j.workdays)
    print(t, td[t], cap, end=' | ')
