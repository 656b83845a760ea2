. /tmp/walk46/h.sh; j='-H content-type:application/json'; Y=$B/api/plans/1/year
api planner -X POST $j -d '{"enterprise_id":"长治维旺明房地产开发有限公司","agency_id":"um","received_on":"2027-03-10","kind":"complaint","choice":0}' $Y/triggers | head -c 200; echo
api leader -X POST $j -d '{"comment":"同意插入，按期检查"}' $Y/versions/2/approve; echo
api planner -X POST -o /dev/null -w "%{http_code}\n" "$Y/notices.pdf?team=um-140403&week=2027-03-08"
api planner -X POST $j -d '{"officer_id":"um-140403-000","start_on":"2027-03-11","end_on":"2027-04-09","kind":"leave"}' $Y/leave | head -c 600; echo
api planner -X POST $j -d '{"status":"cancelled","reason":"企业已于2027年3月9日注销"}' $Y/visits/V14040300028/status; echo
api planner -X POST $j -d '{"enterprise_id":"91140403A2B0M8FD3W","agency_id":"gas","received_on":"2027-03-10","kind":"complaint","urgent":true,"choice":1}' $Y/triggers | head -c 200; echo
api planner -X POST $j -d '{"date":"2027-03-10","officer_ids":["gas-140403-001","gas-140403-000"],"outcomes":{"gas-safety":"violation","gas-monitor":"compliant"},"rectify_by":"2027-03-24","notes":"调压箱泄漏报警装置失效，责令限期整改"}' $Y/visits/I000002/record; echo
api planner -X POST $j -d '{"step":"feedback","on":"2027-03-10"}' $Y/visits/I000002/steps | head -c 100; echo
api planner $Y | python3 -c 'import sys,json;d=json.load(sys.stdin);print(d["urgent_unapproved"], [ (v["number"],v["state"],v["kind"]) for v in d["versions"]], d["to_serve_again"])'
