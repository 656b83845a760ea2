import csv,sys
a={r['visit_id']:r for r in csv.DictReader(open(sys.argv[1]+'/visits.csv',encoding='utf-8-sig'))}
b={r['visit_id']:r for r in csv.DictReader(open(sys.argv[2]+'/visits.csv',encoding='utf-8-sig'))}
for k in sorted(set(a)|set(b)):
    if a.get(k)!=b.get(k): print('-',a.get(k) and list(a[k].values())); print('+',b.get(k) and list(b[k].values()))
