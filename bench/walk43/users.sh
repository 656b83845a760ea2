#!/bin/sh
. /tmp/walk43/bench/walk43/env.sh
cd /tmp/walk43/w
for u in planner:planner leader:leader leader2:leader auditor:auditor viewer:viewer admin:admin; do
  n=${u%%:*}; r=${u##*:}
  echo "Walk43-Qz7-pass!" | /work/main/.venv/bin/inspection user add $n --role $r --password-stdin
done
