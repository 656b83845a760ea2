#!/bin/bash
# usage: REPO=/path/to/a/clone bash bench/review45/run.sh — applies each hand mutant (mutants.py) in the CLONE (never
# /work/main), runs tests/test_round45.py + tests/test_round44.py (-x), restores with git checkout. Empty result = survived
# (the repo's addopts -q plus -q hides the summary line).
export MUT="$(cd "$(dirname "$0")" && pwd)"
cd "${REPO:?set REPO to a clone}"
PY=/work/main/.venv/bin/python
n=$($PY -c "import sys, os; sys.path.insert(0, os.environ['MUT']); from mutants import M; print(len(M))")
for i in $(seq 0 $((n-1))); do
  name=$($PY - "$i" <<'P'
import os, sys; sys.path.insert(0, os.environ["MUT"]); from mutants import M
i=int(sys.argv[1]); name, f, a, b = M[i]
s=open(f).read(); c=s.count(a)
if c!=1: print(f"{name} [PATTERN COUNT {c}]"); sys.exit(0)
open(f,"w").write(s.replace(a,b)); print(name)
P
)
  if [[ "$name" == *PATTERN* ]]; then echo "$name"; continue; fi
  res=$(PYTHONPATH="$PWD" INSPECTION_SHARED=/work/shared nice timeout 600 $PY -m pytest -q -p no:cacheprovider -x tests/test_round45.py tests/test_round44.py 2>&1 | grep -E "^(FAILED|ERROR)|passed|failed" | head -3 | tr '\n' ' ')
  git checkout -q -- scheduler checker
  echo "$name :: ${res:-SURVIVED}"
done
