#!/bin/bash
# each malformed bundle: validate, plan --out NEW, plan --out EXISTING (must stay byte-identical)
cd /tmp/foreign44; . ./env.sh; cd app
mkdir -p ../logs/bad; rm -rf ../plans/badnew_*
rm -rf ../plans/existing_w4; cp -r ../plans/w4 ../plans/existing_w4; (cd ../plans/existing_w4 && sha256sum * > ../existing_w4.sha)
for d in ../bundles/bad/b*; do n=$(basename $d)
  $INS validate $d > ../logs/bad/$n.validate 2>&1; echo "rc=$?" >> ../logs/bad/$n.validate
  $INS plan $d --out ../plans/badnew_$n --no-check > ../logs/bad/$n.plan 2>&1; echo "rc=$?" >> ../logs/bad/$n.plan
  $INS plan $d --out ../plans/existing_w4 --no-check > ../logs/bad/$n.plan2 2>&1; echo "rc=$?" >> ../logs/bad/$n.plan2
  (cd ../plans/existing_w4 && sha256sum -c --quiet ../existing_w4.sha > /dev/null 2>&1 && echo same || echo CHANGED) >> ../logs/bad/$n.plan2
  [ -e ../plans/badnew_$n ] && echo "NEW FOLDER WRITTEN" >> ../logs/bad/$n.plan
done
$INS validate ../bundles/bad/base > ../logs/bad/base.validate 2>&1; echo "rc=$?" >> ../logs/bad/base.validate
