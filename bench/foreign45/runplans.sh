#!/bin/bash
# usage: runplans.sh CODEDIR WORLDDIR [names...]
CODE=$1; W=$2; shift 2
names=${@:-$(ls $W)}
for n in $names; do
  s=$(date +%s)
  PYTHONPATH=$CODE /work/main/.venv/bin/inspection plan $W/$n/bundle --out $W/$n/plan > $W/$n/plan.log 2>&1
  echo "plan rc=$?" >> $W/$n/plan.log
  e=$(date +%s); echo "$n plan $((e-s))s" >> $W/times.txt
  PYTHONPATH=$CODE /work/main/.venv/bin/inspection check $W/$n/bundle $W/$n/plan > $W/$n/check.log 2>&1
  echo "check rc=$?" >> $W/$n/check.log
done
