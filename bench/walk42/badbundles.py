"""hand-edited next-year bundles with mistakes: upload each through the API, expect 422 with file/row/column, bilingual,
and no new bundle. Prints each answer's errors."""
from h import *
import shutil, os, io, zipfile, json, csv, sys
SRC = '/tmp/walk42/w42/y2'
OUT = '/tmp/walk42/w42/bad'
os.makedirs(OUT, exist_ok=True)
def variant(name, fn):
    d = f'{OUT}/{name}'; shutil.rmtree(d, ignore_errors=True); shutil.copytree(SRC, d); fn(d); return d
def edit(path, f):
    t = open(path, encoding='utf-8').read(); open(path, 'w', encoding='utf-8').write(f(t))
def line(path, n, f):  # n = spreadsheet row (header 1)
    L = open(path, encoding='utf-8').read().split('\n'); L[n - 1] = f(L[n - 1]); open(path, 'w', encoding='utf-8').write('\n'.join(L))
I = 'inspections.csv'
def setf(s, i, val):
    f = s.split(','); f[i] = val; return ','.join(f)
V = {
 'col_renamed': lambda d: edit(f'{d}/{I}', lambda t: t.replace('inspected_on', 'inspection_date', 1)),
 'col_missing_rectified': lambda d: edit(f'{d}/{I}', lambda t: '\n'.join(','.join(x.split(',')[:6]) for x in t.split('\n'))),
 'bad_date': lambda d: line(f'{d}/{I}', 900, lambda s: setf(s, 3, '2027-13-05')),
 'slash_date': lambda d: line(f'{d}/{I}', 901, lambda s: setf(s, 3, setf(s, 3, '').split(',')[3] or s.split(',')[3].replace('-', '/'))),
 'date_in_plan_year': lambda d: line(f'{d}/{I}', 902, lambda s: s.replace(',2027-', ',2028-', 1)),
 'unknown_agency': lambda d: line(f'{d}/{I}', 903, lambda s: s.replace(',um,', ',cgj,', 1).replace(',hb,', ',cgj,', 1)),
 'outcome_typo': lambda d: line(f'{d}/{I}', 904, lambda s: s.replace('compliant', 'complaint').replace('violation', 'violaton')),
 'rectified_maybe': lambda d: line(f'{d}/{I}', 905, lambda s: s.rsplit(',', 1)[0] + ',maybe'),
 'dup_id': lambda d: edit(f'{d}/{I}', lambda t: t.rstrip('\n') + '\n' + t.split('\n')[950] + '\n'),
 'unknown_enterprise': lambda d: line(f'{d}/{I}', 906, lambda s: s.replace(s.split(',')[1], '91140404MA0000000X', 1)),
 'unknown_officer': lambda d: line(f'{d}/{I}', 907, lambda s: s.replace(s.split(',')[4], 'um-999999-001;um-999999-002', 1)),
 'policy_year_not_bumped': lambda d: open(f'{d}/policy.json', 'w').write('{"year": 2027, "seed": "2028-x"}'),
 'policy_bad_json': lambda d: open(f'{d}/policy.json', 'w').write('{"year": 2028, "seed": "2028-x",}'),
 'calendar_missing_2028': lambda d: edit(f'{d}/calendar.csv', lambda t: '\n'.join(x for x in t.split('\n') if not x.startswith('2028-0'))),
 'semicolon_excel': lambda d: edit(f'{d}/{I}', lambda t: t.replace(',', ';').replace('hb-140403-001;hb', 'hb-140403-001,hb')),
 'gbk_bom_crlf_ok': lambda d: open(f'{d}/{I}', 'wb').write(open(f'{SRC}/{I}', encoding='utf-8').read().replace('\n', '\r\n').encode('gb18030')),
 'many_errors': lambda d: [line(f'{d}/{I}', n, lambda s: setf(s, 3, '2027-02-30')) for n in range(1000, 1010)],
 'feb30_and_agency': lambda d: (line(f'{d}/{I}', 1000, lambda s: setf(s, 3, '2027-02-30')), line(f'{d}/{I}', 1001, lambda s: setf(s, 2, 'zfj')), line(f'{d}/{I}', 1002, lambda s: setf(s, 5, ''))),
}
def counts():
    return len(get('/api/plans', 'planner').json() if isinstance(get('/api/plans', 'planner').json(), list) else get('/api/plans', 'planner').json().get('plans', []))
sel = sys.argv[1:] or list(V)
res = {}
for name in sel:
    d = variant(name, V[name])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for f in sorted(os.listdir(d)): z.write(f'{d}/{f}', f)
    open(f'{OUT}/{name}.zip', 'wb').write(buf.getvalue())
    r = post('/api/bundles', 'planner', files={'file': (f'{name}.zip', buf.getvalue(), 'application/zip')})
    try: j = r.json()
    except Exception: j = {'raw': r.text[:300]}
    errs = j.get('errors') or []
    print(f'== {name}: {r.status_code} id={j.get("id")} existing={j.get("existing")} n_errors={len(errs)}')
    if r.status_code >= 400 and not errs: print('   ', json.dumps(j, ensure_ascii=False)[:500])
    for e in errs[:4]: print('   ', e.get('file'), e.get('row'), e.get('column'), '|', e.get('message_zh'), '|', e.get('message_en'))
    res[name] = (r.status_code, j.get('id'), errs[:4])
json.dump(res, open(f'{OUT}/results.json', 'w'), ensure_ascii=False, indent=1)
