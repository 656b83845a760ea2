#!/bin/bash
cd /tmp/foreign35
for b in "$@"; do
  echo "start $b $(date)" >> runs.log
  /usr/bin/time -v nice -n 10 /work/main/.venv/bin/inspection plan bundles/$b --out plans/$b --no-check > logs/$b.plan.log 2> logs/$b.plan.err
  echo "end $b rc=$? $(date)" >> runs.log
  nice -n 10 /work/main/.venv/bin/inspection check bundles/$b plans/$b > logs/$b.check.log 2>&1
  echo "check $b rc=$? $(date)" >> runs.log
done
