"""Independent R-OFFICER-DRAW audit: an eligible officer of the visit's team who comes earlier in the HMAC order than a chosen
officer, and who has day and annual slack in the final plan, could have been taken without leaving any visit unstaffed."""
import sys, hmac, hashlib
from judge import Judge
from collections import Counter
j = Judge(sys.argv[1], sys.argv[2]); j.run()
P = j.pol; seed = j.seed
bad = []; n = 0
for r in j.visits:
    d = r['_d']; e = r['enterprise_id']
    for a, t in r['_teams'].items():
        chosen = [o for o in r['_offs'] if j.offs[o]['team_id'] == t and j.offs[o]['role'] == 'enforcement']
        key = lambda o: hmac.new(seed.encode(), f"officer|{r['visit_id']}|{o}".encode(), hashlib.sha256).digest()
        worst = max(chosen, key=key)
        for o in j.team_ofs[t]:
            if o in r['_offs'] or not j.certified(o, d) or j.away(o, d) or (o, e) in j.rec:
                continue
            if r['mode'] == 'onsite':
                if j.on_day[(o, d)] >= int(P['max_visits_per_officer_per_day']) or j.on_year[o] >= j.budget(o):
                    continue
            else:
                if j.rem_day[(o, d)] >= int(P['max_remote_checks_per_officer_per_day']):
                    continue
            if key(o) < key(worst):
                bad.append((r['visit_id'], a, o, worst)); break
        n += 1
print('agency-staffings', n, 'draw-order breaches', len(bad), bad[:5])
