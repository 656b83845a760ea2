#!/bin/sh
# usage: start.sh TODAY   -- serves on 8943 with the walk43 DB (w/inspection.db)
. /tmp/walk43/bench/walk43/env.sh
export INSPECTION_TODAY=$1
cd /tmp/walk43/w
echo $$ > /tmp/walk43/w/server.pid
exec nice -n 10 /work/main/.venv/bin/inspection serve --port 8943
