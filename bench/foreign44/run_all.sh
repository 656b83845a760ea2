#!/bin/bash
# foreign44: regenerate, plan, check, judge, year, malformed matrix. ~6 min on 2 shared cores.
set -u
cd /tmp/foreign44
[ -d app ] || git clone -q /work/main /tmp/foreign44/app
rm -rf bundles && /work/main/.venv/bin/python generate.py bundles > logs/generate.out
./run_plans.sh w1 w2 w3 w4 w5 w6 w7 w8                 # plan --no-check, then the product's own check
for w in w1 w2 w3 w4 w5 w6 w7 w8; do python3 judge.py bundles/$w plans/$w > logs/$w.judge.log; tail -1 logs/$w.judge.log; done
python3 mutate.py > /dev/null                          # judge self-test on hand-broken copies of plans/w5
for m in mut/m*; do echo "$(basename $m): $(python3 judge.py bundles/w5 $m --no-slots | grep ^FAIL | cut -d: -f1 | sort | uniq -c | tr '\n' ' ')"; done > logs/mut_judge.log
./run_year.sh w1 w2 w3 w6
for w in w1 w2 w3 w6; do grep ^SUMMARY logs/$w.judge_year.log; done
. ./env.sh; (cd app && rm -rf ../plans/w5_again && $INS plan ../bundles/w5 --out ../plans/w5_again --no-check > ../logs/w5_again.log 2>&1)
for f in visits.csv selection.csv officer_draw.json; do cmp plans/w5/$f plans/w5_again/$f && echo "$f identical"; done > logs/determinism.log
./badrun.sh && python3 badcheck.py > logs/badcheck.md
python3 probe.py > logs/probe.log
