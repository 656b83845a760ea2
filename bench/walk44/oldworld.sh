#!/bin/bash
# oldworld.sh CODE_DIR DBNAME DATADIR PORT: with the old checkout CODE_DIR, make users, upload demo.zip, plan, approve, publish
set -u
CODE=$1; DB=$2; DD=$3; PORT=$4
export PYTHONPATH=$CODE INSPECTION_SHARED=/work/shared INSPECTION_DATA_DIR=$DD INSPECTION_PLAN_TIME_LIMIT=5
export DATABASE_URL="postgresql+psycopg://inspection:Insp%40ct%3A2026%25x@127.0.0.1:5544/$DB"
cd $CODE
PY="nice -n 10 /work/main/.venv/bin/python -m inspection.cli"
echo 'Old-Admin-2026-x!' | $PY user add oadmin --role admin --password-stdin
echo 'Old-Plan-2026-x!' | $PY user add oplanner --role planner --password-stdin
echo 'Old-Lead-2026-x!' | $PY user add oleader --role leader --password-stdin
INSPECTION_COOKIE_SECURE=false $PY serve --port $PORT > /tmp/walk44w/old-$DB.log 2>&1 &
SP=$!; sleep 9
tk() { curl -s -X POST localhost:$PORT/api/auth/token -d "username=$1&password=$2" | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])'; }
P=$(tk oplanner 'Old-Plan-2026-x!'); L=$(tk oleader 'Old-Lead-2026-x!')
curl -s -H "Authorization: Bearer $P" -F file=@/tmp/walk44w/demo.zip localhost:$PORT/api/bundles | cut -c1-80; echo
curl -s -H "Authorization: Bearer $P" -H 'content-type: application/json' -d '{"bundle_id":1}' localhost:$PORT/api/plans | cut -c1-80; echo
for i in $(seq 60); do s=$(curl -s -H "Authorization: Bearer $P" localhost:$PORT/api/plans/1 | python3 -c 'import sys,json;print(json.load(sys.stdin)["status"])'); [ "$s" = done -o "$s" = failed ] && break; sleep 3; done; echo "plan: $s"
curl -s -H "Authorization: Bearer $P" -H 'content-type: application/json' -d '{"note":"old submit"}' localhost:$PORT/api/plans/1/submit; echo
curl -s -H "Authorization: Bearer $L" -H 'content-type: application/json' -d '{"comment":"old ok"}' localhost:$PORT/api/plans/1/approve; echo
curl -s -H "Authorization: Bearer $L" -X POST localhost:$PORT/api/plans/1/publish; echo
for u in /api/plans /api/plans/1 /api/plans/1/visits /api/public/plans/1; do curl -s -H "Authorization: Bearer $P" localhost:$PORT$u | sha256sum | cut -c1-16; done > /tmp/walk44w/old-$DB.before
echo "$P" > /tmp/walk44w/old-$DB.ptok
kill $SP; sleep 3
