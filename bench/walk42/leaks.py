"""scan public pages/JSON for what R-PUBLISH says must not be public"""
from h import *
import csv, json, re
B = '/tmp/walk42/w42/y2/'
off = list(csv.DictReader(open(B + 'officers.csv')))
ents = {r['enterprise_id']: r['name'] for r in csv.DictReader(open(B + 'enterprises.csv'))}
V2 = list(csv.DictReader(open('/tmp/walk42/w42/plan2/visits.csv')))
S2 = list(csv.DictReader(open('/tmp/walk42/w42/plan2/selection.csv')))
pages = {}
for p in (1, 2):
    pages[f'api{p}'] = get(f'/api/public/plans/{p}').text
    for lang in ('', '?lang=en'):
        pages[f'page{p}{lang}'] = get(f'/public/plans/{p}{lang}').text
pages['list'] = get('/public/plans').text + get('/api/public/plans').text
for name, t in pages.items():
    hits = []
    for o in off:
        if o['name'] and o['name'] in t: hits.append('officer name ' + o['name'])
        if o['certificate_no'] and o['certificate_no'] in t: hits.append('cert ' + o['certificate_no'])
        if o['officer_id'] in t: hits.append('officer id ' + o['officer_id'])
    if name.endswith('2') or name.startswith('page2') or name == 'api2':
        for v in V2:
            if ents[v['enterprise_id']] in t or v['enterprise_id'] in t: hits.append('plan2 target ' + v['enterprise_id'])
        if '2028-demo-walk42' in t: hits.append('plan2 seed')
        for d in sorted({v['date'] for v in V2})[:50]:
            if d in t: hits.append('date ' + d)
    for r in S2[:200]:
        if r['risk_score'] in t: hits.append('score ' + r['risk_score'])
    for w in ('triggered', '投诉', 'complaint', 'follow_up', 'risk_score', '风险评分', 'model'):
        if w in t: hits.append('word ' + w)
    print(name, len(t), sorted(set(hits))[:15])
