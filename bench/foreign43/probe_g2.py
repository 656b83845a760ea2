import sys, json
sys.argv=['x']
sys.path.insert(0,'/tmp/foreign43')
from judge import Judge
from datetime import date
j=Judge('bundles/g2','plans/g2'); j.per_visit(); j.caps(); j.tiers_lottery(); j.requirements(); j._index()
y0,y1=date(2027,1,1),date(2027,12,31)
um=[u for u in j.unmet if u[0]=='mandatory' and j.b.ent[u[1]]['district_code']=='620103' and u[2]=='hb']
print(len(um))
for u in um[:20]:
    e=u[1]
    vs=[(v['visit_id'],v['date'],v['agency_ids'],v['basis']) for v in j.visits if v['enterprise_id']==e]
    print(e, j.sel[e]['tier'], vs, j.slot(e,'hb',y0,y1,(),False), [s['binding'][:150] for s in j.pj['shortfalls'] if s['id']==e and s['agency']=='hb'])
e='91620103PHYBMEQTUH'
print(j.slot(e,'hb',y0,y1,(),False))
