import sys, json
sys.argv=[sys.argv[0]]+sys.argv[1:]
from judge import Judge
from collections import Counter
b,p,e,a=sys.argv[1:5]
j=Judge(b,p); j.run()
rows=j.ent_rows.get(e,[])
for r in rows: print(r['visit_id'],r['date'],r['mode'],r['agency_ids'],r['basis'],r['officer_ids'])
print(j.ents[e]['district_code'], j.sel[e]['tier'], j.agencies_for(e))
why=Counter(); good=[]
for d in j.workdays:
    if not j.ent_ok(e,a,d,'mandatory','onsite'):
        why['ent']+=1; continue
    s=j.slot(e,a,d,'onsite',2)
    if s: good.append((d,s))
    else: why['slot']+=1
print(why, good[:3])
# team budgets
for t in j.teams:
    if j.teams[t]['agency_id']==a and j.team_ok(t,e):
        print(t, [(o, j.on_year[o], j.budget(o), j.offs[o]['certificate_expires_on']) for o in j.team_ofs[t] if j.offs[o]['role']=='enforcement'])
