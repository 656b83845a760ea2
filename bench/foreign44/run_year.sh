#!/bin/bash
# the year in motion (simulate-year, seed 44) on the named bureaus, then judge_year.py
cd /tmp/foreign44; . ./env.sh; cd app
for w in ${@:-w1 w2 w3 w6}; do rm -rf ../year/$w
  /usr/bin/time -f "%e s %M KB" -o ../logs/$w.year.time $INS simulate-year ../bundles/$w --plan ../plans/$w --out ../year/$w --seed 44 > ../logs/$w.year.log 2>&1; echo "rc=$?" >> ../logs/$w.year.log
  python3 ../judge_year.py ../bundles/$w ../plans/$w ../year/$w > ../logs/$w.judge_year.log 2>&1
done
