#!/bin/sh
# usage: restart.sh TODAY — stops the walk43 server (by its pid) and starts it with INSPECTION_TODAY moved
PID=$(cat /tmp/walk43/w/server.pid 2>/dev/null || echo 982)
[ -n "$PID" ] && kill $PID && sleep 3
(setsid /tmp/walk43/bench/walk43/start.sh $1 >> /tmp/walk43/w/server.log 2>&1 &)
for i in 1 2 3 4 5 6 7 8 9 10; do sleep 2; curl -sf localhost:8943/healthz >/dev/null && break; done
echo "today=$1"; curl -s localhost:8943/healthz
