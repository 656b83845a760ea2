import sys
sys.path.insert(0,'/tmp/foreign43')
from judge import Judge
from datetime import date
j=Judge('bundles/g2','plans/g2'); j.per_visit(); j.caps(); j.tiers_lottery(); j.requirements(); j._index()
import collections
c=collections.Counter()
for cls,e,a,lo,hi,ref in j.unmet:
    if a!='hb': continue
    n=sum(1 for v in j.visits if v['enterprise_id']==e and 'hb' in v['ags'] and v['basis']!='follow_up')
    c[(cls,j.b.ent[e]['district_code'],'hb visits placed=%d'%n)]+=1
for k,v in sorted(c.items()): print(k,v)
print(j.b.is_wd(date(2027,1,7)))
for cls,e,a,lo,hi,ref in j.unmet:
    if a=='hb' and cls!='mandatory':
        print(cls, ref, e, j.b.ent[e]['district_code'], j.b.ent[e]['sector'], lo, hi, bool(j.b.app_items(e,a)), [ (s['rule'], s['binding'][:140]) for s in j.pj['shortfalls'] if s['id'] in (ref,e) and s.get('agency')=='hb'])
idle=[d for d in j.b.workdays if date(2027,1,4)<=d<=date(2027,3,31) and j.day_fixed('hb-620100-00',d,())==0 and j.day_fixed('hb-620100-01',d,())==0 and j.team_fixed('hb-620100',d,())<2]
print('idle pair-days hb-620100 Jan-Mar:', len(idle), idle[:5])
