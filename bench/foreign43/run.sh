#!/bin/bash
# usage: run.sh NAME   -> plans/NAME, logs/NAME.*
B=/tmp/foreign43/bundles/$1; P=/tmp/foreign43/plans/$1; L=/tmp/foreign43/logs; mkdir -p $L /tmp/foreign43/plans
cd /tmp/foreign43/app
rm -rf $P
/usr/bin/time -f "wall=%e rss_kb=%M" -o $L/$1.time env INSPECTION_SHARED=/work/shared PYTHONPATH=. nice -n 10 /work/main/.venv/bin/python -m inspection.cli plan $B --out $P --no-check > $L/$1.plan.out 2>&1; echo "plan rc=$?" >> $L/$1.plan.out
/usr/bin/time -f "wall=%e rss_kb=%M" -o $L/$1.check.time env INSPECTION_SHARED=/work/shared PYTHONPATH=. nice -n 10 /work/main/.venv/bin/python -m inspection.cli check $B $P > $L/$1.check.out 2>&1; echo "check rc=$?" >> $L/$1.check.out
