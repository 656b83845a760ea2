#!/bin/bash
# start the walk44 server in production mode on port 8844 (log: /tmp/walk44w/server.log, appended)
source /work/main/bench/walk44/env.sh
export INSPECTION_PRODUCTION=true INSPECTION_COOKIE_SECURE=false
cd /tmp/walk44w
nohup nice -n 10 /work/main/.venv/bin/python -m inspection.cli serve --host 127.0.0.1 --port ${PORT:-8844} >>/tmp/walk44w/server.log 2>&1 &
echo $! > /tmp/walk44w/server.pid
