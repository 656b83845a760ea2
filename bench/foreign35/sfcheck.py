import sys, re, json
from judge import Judge
from collections import Counter, defaultdict
j = Judge(sys.argv[1], sys.argv[2]); j.run()
res = Counter(); ex = {}
for s in j.pj['shortfalls']:
    b = s.get('binding', '')
    m = re.match(r"(?:.*?: )?([\w\-/]+): the annual visit budgets of its (\d+) certified officers ran out", b)
    if not m: continue
    teams = m.group(1).split('/')
    offs = [o for t in teams for o in j.team_ofs.get(t, []) if j.offs[o]['role'] == 'enforcement']
    left = {o: j.budget(o) - j.on_year[o] for o in offs}
    tot = sum(j.budget(o) for o in offs)
    m2 = re.search(r"\((\d+) officer-visits needed, (\d+) available\)", b)
    key = (tuple(teams), sum(1 for v in left.values() if v > 0), sum(left.values()), tot, m2 and m2.groups())
    res[key] += 1
    ex[key] = s['id']
for k, v in sorted(res.items()): print(v, k, ex[k])
