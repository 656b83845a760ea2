#!/bin/bash
# plan + product check for each bureau, one at a time
cd /tmp/foreign44; . ./env.sh; cd app
for w in ${@:-w1 w2 w3 w4 w5 w6}; do
  rm -rf ../plans/$w
  /usr/bin/time -f "%e s %M KB" -o ../logs/$w.time $INS plan ../bundles/$w --out ../plans/$w --no-check > ../logs/$w.plan.log 2>&1; echo "plan rc=$?" >> ../logs/$w.plan.log
  $INS check ../bundles/$w ../plans/$w > ../logs/$w.check.log 2>&1; echo "check rc=$?" >> ../logs/$w.check.log
done
