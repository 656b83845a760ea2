#!/bin/sh
# usage: start.sh TODAY [demo]   -- serves on 8842 with the walk42 DB
cd /tmp/walk42/w42
export INSPECTION_SHARED=/work/shared PYTHONPATH=/tmp/walk42
export INSPECTION_DATA_DIR=/tmp/walk42/w42/data DATABASE_URL=sqlite:////tmp/walk42/w42/inspection.db INSPECTION_TODAY=$1
if [ "$2" = demo ]; then
  exec nice /work/main/.venv/bin/inspection demo --serve --port 8842 --out /tmp/walk42/w42/demo
else
  exec nice /work/main/.venv/bin/inspection serve --port 8842
fi
