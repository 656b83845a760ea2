#!/bin/bash
# plan → check → judge for each bureau named, with the checkout given as $1
app=$1; shift
for b in "$@"; do
  s=$(date +%s)
  (cd $app && INSPECTION_SHARED=/work/shared PYTHONPATH=$app nice -n 5 /work/main/.venv/bin/python -m inspection.cli plan /tmp/f39/bundles/$b --out /tmp/f39/plans/$b --no-check > /tmp/f39/$b.plan.log 2>&1)
  rc=$?
  e=$(date +%s)
  (cd $app && INSPECTION_SHARED=/work/shared PYTHONPATH=$app /work/main/.venv/bin/python -m inspection.cli check /tmp/f39/bundles/$b /tmp/f39/plans/$b > /tmp/f39/$b.check.log 2>&1)
  crc=$?
  (cd /tmp/f39 && /work/main/.venv/bin/python /work/main/bench/foreign39/judge.py /tmp/f39/bundles/$b /tmp/f39/plans/$b > /tmp/f39/$b.judge.log 2>&1)
  jrc=$?
  echo "$b plan rc $rc $((e-s)) s | check rc $crc $(tail -1 /tmp/f39/$b.check.log | cut -c1-100) | judge rc $jrc $(tail -1 /tmp/f39/$b.judge.log | cut -c1-80)"
done
