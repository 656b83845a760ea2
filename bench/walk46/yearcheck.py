"""Build the in-force plan (visits of the year board, minus cancelled) as a plan folder and run the product's checker."""
import json, csv, shutil, subprocess, sys, os, urllib.request
B="http://127.0.0.1:8146"; tok=open('/tmp/walk46/tok.auditor').read().strip()
def get(u):
    r=urllib.request.Request(B+u, headers={"Authorization":"Bearer "+tok}); return urllib.request.urlopen(r).read()
out=sys.argv[1] if len(sys.argv)>1 else '/tmp/walk46/aud/now'
shutil.rmtree(out, ignore_errors=True); shutil.copytree('/tmp/walk46/aud/folder', out+'/plan'); shutil.copytree('/tmp/walk46/aud/bundle', out+'/bundle')
vs=json.loads(get("/api/plans/1/year/visits?limit=1000"))['visits']
ab=json.loads(get("/api/plans/1/year/absences"))
yr=json.loads(get("/api/plans/1/year"))
cols="visit_id,date,enterprise_id,district_code,mode,lead_agency_id,agency_ids,item_ids,officer_ids,basis,trigger_id,tier".split(',')
with open(out+'/plan/visits.csv','w',newline='') as f:
    w=csv.writer(f); w.writerow(cols)
    for v in vs:
        if v['status']=='cancelled': continue
        w.writerow([v[c] for c in cols])
# add in-year triggers
trig=[(v['trigger_id'],v['enterprise_id'],v['lead_agency_id'],v) for v in vs if v['basis']=='triggered' and v['trigger_id'].startswith('Y')]
with open(out+'/bundle/triggers.csv','a') as f:
    for t,e,a,v in trig:
        full=json.loads(get(f"/api/plans/1/year/visits/{v['visit_id']}"))
        f.write(f"{t},{e},{a},{full.get('received_on','2027-03-10')},complaint,{'true' if v['urgent'] else 'false'}\n")
with open(out+'/bundle/unavailability.csv','a') as f:
    for a in ab:
        if a.get('withdrawn_on'): continue
        f.write(f"{a['officer_id']},{a['start_on']},{a.get('end_on') or '2027-12-31'},{a.get('kind','leave')}\n")
print(len(vs), 'visits;', len(trig), 'in-year triggers;', len(ab), 'absences')
