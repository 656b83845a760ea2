#!/bin/bash
# foreign45: regenerate the bundles, plan each with the product at CODE, run the product's own check and our judge.
# usage: bench/foreign45/run.sh [CODE_DIR] [WORK_DIR] [bureau names...]
#   CODE_DIR defaults to the checkout this script sits in; WORK_DIR to /tmp/foreign45/run
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
CODE=${1:-$(cd "$HERE/../.." && pwd)}
W=${2:-/tmp/foreign45/run}
if [ $# -ge 2 ]; then shift 2; else shift $#; fi
PY=${PY:-/work/main/.venv/bin/python}
INSPECTION=${INSPECTION:-/work/main/.venv/bin/inspection}
mkdir -p "$W"
(cd "$HERE/gen" && python3 bureaus.py "$W" "$@")
names=${@:-$(ls -d "$W"/b*/ | xargs -n1 basename)}
for n in $names; do
  s=$(date +%s)
  PYTHONPATH=$CODE $INSPECTION plan "$W/$n/bundle" --out "$W/$n/plan" > "$W/$n/plan.log" 2>&1; echo "plan rc=$?" >> "$W/$n/plan.log"
  PYTHONPATH=$CODE $INSPECTION check "$W/$n/bundle" "$W/$n/plan" > "$W/$n/check.log" 2>&1; echo "check rc=$?" >> "$W/$n/check.log"
  echo "=== $n ($(( $(date +%s) - s ))s) product check: $(tail -2 "$W/$n/check.log" | tr '\n' ' ')"
  (cd "$HERE/judge" && $PY judge.py "$W/$n/bundle" "$W/$n/plan" --truth "$W/$n/truth.json" --json "$W/$n/judge.json" | tail -n +2)
done
