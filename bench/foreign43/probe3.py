import sys
sys.path.insert(0,'/tmp/foreign43')
from judge import Judge
from datetime import date
j=Judge('bundles/g3','plans/g3'); j.per_visit(); j.caps(); j.tiers_lottery(); j.requirements(); j._index()
for e in ['91450902E0DYM8WBXU','91450902HHC3EF87P9','914509030TCWL5P5XM']:
    print(e, j.b.ent[e]['sector'], j.b.ent[e]['district_code'], j.b.ent[e]['rm'], j.b.app_agencies(e))
    for a in j.b.app_agencies(e):
        s=j.slot(e,a,date(2027,1,1),date(2027,12,31),(),False)
        print(' ',a,s)
        if s:
            d,t,offs=s
            print('   team-day', [ (v['visit_id'],v['mode']) for v in j.visits if v['d']==d and t in j.visit_teams[v['visit_id']].values()])
            for o in offs: print('   ',o, j.b.off[o]['cert'], j.year_fixed(o,()), j.b.off[o]['budget'], [x for x in j.by_off_day.get((o,d),[])])
