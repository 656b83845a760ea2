"""next year's bundle as a bureau keeps it in Excel: one workbook, dates as date cells, booleans as Excel TRUE/FALSE,
outcomes and rectified typed as Chinese labels in some rows; policy.json beside it in a zip."""
import openpyxl, csv, os, datetime as dt, zipfile, io, sys
sys.path.insert(0, os.path.dirname(__file__))
from h import *
SRC = '/tmp/walk42/w42/y2'
wb = openpyxl.Workbook(); wb.remove(wb.active)
lab = {'compliant': '未发现问题', 'violation': '违法违规', 'serious': '严重违法违规', 'minor': '轻微问题'}
for f in sorted(os.listdir(SRC)):
    if not f.endswith('.csv'): continue
    ws = wb.create_sheet(f[:-4])
    rows = list(csv.reader(open(f'{SRC}/{f}', encoding='utf-8')))
    hdr = rows[0]; ws.append(hdr)
    for i, r in enumerate(rows[1:]):
        out = []
        for c, v in zip(hdr, r):
            if v and (c.endswith('_on') or c == 'date') and len(v) == 10: out.append(dt.date.fromisoformat(v))
            elif v in ('true', 'false'): out.append(v == 'true')
            elif f == 'inspections.csv' and c == 'outcome' and i % 3 == 0: out.append(lab[v])
            elif f == 'inspections.csv' and c == 'rectified' and v and i % 5 == 0: out.append('是' if v == 'true' else '否')
            else: out.append(v)
        ws.append(out)
buf = io.BytesIO(); wb.save(buf)
z = io.BytesIO()
with zipfile.ZipFile(z, 'w') as zz:
    zz.writestr('2028检查包/检查包.xlsx', buf.getvalue()); zz.write(f'{SRC}/policy.json', '2028检查包/policy.json')
open('/tmp/walk42/w42/y2_excel.zip', 'wb').write(z.getvalue())
r = post('/api/bundles', 'planner', files={'file': ('y2_excel.zip', z.getvalue(), 'application/zip')})
pj(r)
