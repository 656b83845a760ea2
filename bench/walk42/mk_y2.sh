#!/bin/sh
# Build the 2028 bundle as a bureau would (bundle.md): last year's bundle, inspections.csv := the service's
# history.csv (GET /api/plans/1/year/history.csv), policy.json year 2028 + a new seed, 2028 appended to calendar.csv.
set -e
cd /tmp/walk42/w42
rm -rf y2 && cp -r demo/bundle y2 && cp history.csv y2/inspections.csv
printf '{\n  "year": 2028,\n  "seed": "2028-demo-walk42"\n}\n' > y2/policy.json
python3 - <<'PY'
import datetime as dt
hol = {'2028-01-01','2028-01-26','2028-01-27','2028-01-28','2028-01-31','2028-02-01','2028-04-04','2028-05-01','2028-05-02',
       '2028-05-03','2028-05-29','2028-10-02','2028-10-03','2028-10-04','2028-10-05','2028-10-06'}
make = {'2028-01-29','2028-02-05','2028-04-29','2028-09-30','2028-10-07'}
rows = []; d = dt.date(2028, 1, 1)
while d.year == 2028:
    s = d.isoformat(); w = (d.weekday() < 5 and s not in hol) or s in make
    rows.append(f"{s},{'true' if w else 'false'}"); d += dt.timedelta(1)
open('y2/calendar.csv', 'a').write('\n'.join(rows) + '\n')
PY
/work/main/.venv/bin/inspection validate y2
cd y2 && rm -f ../y2.zip && zip -q ../y2.zip *.csv policy.json
