import sys
sys.path.insert(0,'/tmp/foreign43')
from judge import Judge
from datetime import date
j=Judge('bundles/g2','plans/g2'); j.per_visit(); j.caps(); j.tiers_lottery(); j.requirements(); j._index()
for e in ['9162011119YFKLCBT9','91620103PHYBMEQTUH']:
    print(e, j.b.ent[e]['sector'], j.b.ent[e]['rm'], j.b.app_agencies(e))
    for a in j.b.app_agencies(e):
        s=j.slot(e,a,date(2027,1,1),date(2027,12,31),(),False)
        print(' ',a,s)
        if s:
            d,t,offs=s
            print('   team-day visits', [ (v['visit_id'],v['mode']) for v in j.visits if v['d']==d and t in j.visit_teams[v['visit_id']].values()])
            for o in offs: print('   ',o, j.b.off[o]['cert'], j.year_fixed(o,()), j.b.off[o]['budget'], j.b.unav.get(o))
