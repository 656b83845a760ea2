"""malformed paths and query strings on the public, enterprise and auditor paths: never a 500, bilingual 4xx"""
from h import *
import httpx
code = 'eAyEhO8RKJdPa3mNXNenAA'
cases = [
 (None, '/v/nonexistentcode1234567'), (None, '/v/' + code + '%20'), (None, '/v/' + code.lower()), (None, '/v/%00'), (None, '/v/' + 'A' * 5000),
 (None, '/v/%FF%FE'), (None, '/api/v/..%2F..%2Fapi%2Fplans'), (None, '/v/' + code + '/notice.pdf?x=%FF'), (None, '/api/v/' + code + '?lang=xx'),
 (None, '/v/' + code + '?lang=%FF'), (None, '/v/' + code + '?lang=en&lang=zh'), (None, '/v/' + code + '/notice.pdf/extra'),
 (None, '/public/plans/abc'), (None, '/public/plans/99999'), (None, '/api/public/plans/-1'), (None, '/api/public/plans/1e3'),
 (None, '/public/plans/1?lang[]=en'), (None, '/public/plans/99999999999999999999999'), (None, '/api/public/plans/1?page=-1&limit=abc'),
 (None, '/public/plans?year=abc'), (None, '/public/plans/1?%FF=%FE'),
 ('auditor', '/api/audit?after=abc'), ('auditor', '/api/audit?limit=-1'), ('auditor', '/api/audit?plan_id=abc'), ('auditor', '/api/audit?plan_id=99999999999999999999999'),
 ('auditor', '/audit?plan_id=abc'), ('auditor', '/audit?visit=%FF'), ('auditor', '/audit?page=-3'), ('auditor', '/audit?action=' + 'x' * 3000),
 ('auditor', '/api/plans/1/redraw?x=1'), ('auditor', '/api/plans/abc/redraw'), ('auditor', '/api/plans/99999/selection.csv'),
 ('viewer', '/api/plans/1/visits?date=2027-13-99'), ('viewer', '/api/plans/1/visits?limit=1000000000'), ('viewer', '/api/plans/1/visits?offset=-1'),
 ('viewer', '/api/plans/1/enterprises/%FF/why'), ('viewer', '/api/plans/1/enterprises/' + 'x' * 3000 + '/why'), ('viewer', '/plans/1/why?q=%00'),
 ('viewer', '/plans/1/why?q=' + '长' * 2000), ('planner', '/api/plans/1/year/visits?status=xx&limit=abc'), ('planner', '/api/plans/1/year/visits/%FF'),
 ('planner', '/plans/1/year?week=2027-W99'), ('planner', '/plans/1/year?week=abc&team=%00'), ('planner', '/plans/1/year/visits/V1?lang=en'),
 ('planner', '/api/plans/1/year/history.csv?x=%FF'), ('planner', '/api/plans/1/year/deadlines?agency=%00'), ('leader', '/plans/2/year?today=abc'),
]
bad = 0
for user, path in cases:
    try:
        r = get(path, user)
    except Exception as e:
        print('EXC', path[:80], e); bad += 1; continue
    ct = r.headers.get('content-type', '')
    bil = ''
    if r.status_code >= 400:
        t = r.text
        zh = any('\u4e00' <= ch <= '\u9fff' for ch in t); en = any(c.isascii() and c.isalpha() for c in t)
        bil = 'zh+en' if zh and en else ('zh only' if zh else 'en only')
    flag = '  <-- 500' if r.status_code >= 500 else ''
    print(r.status_code, f'{user or "anon"}', path[:90], ct[:25], bil, r.text[:140].replace('\n', ' ') if r.status_code >= 400 else '', flag)
    bad += r.status_code >= 500
print('5xx:', bad)
