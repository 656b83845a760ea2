#!/bin/sh
# restart.sh TODAY : stop the walk42 server (its own process group) and serve again with today pinned
P=$(cat /tmp/walk42/w42/server.pid); kill -- -$P 2>/dev/null; sleep 3
(setsid /tmp/walk42/bench/walk42/start.sh $1 >> /tmp/walk42/w42/server.log 2>&1 & echo $! > /tmp/walk42/w42/server.pid)
for i in $(seq 1 60); do curl -sf http://127.0.0.1:8842/healthz >/dev/null && break; sleep 1; done; echo "up today=$1"
