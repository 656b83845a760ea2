import json, os, re, glob
exp = json.load(open("bundles/bad/expected.json"))
before = open("badout/existing.before").read()
rows = []
for n, (f, r, c) in sorted(exp.items()):
    out = {}
    for k in ("validate", "plan_existing", "plan_new"):
        p = f"badout/{n}.{k}"
        t = open(p, encoding="utf-8", errors="replace").read() if os.path.exists(p) else ""
        rc = re.findall(r"rc=(\d+)\s*$", t)
        out[k] = (int(rc[-1]) if rc else None, t)
    txt = out["validate"][1]
    # find the line naming the file
    fn = f.replace(".csv", "")
    lines = [l for l in txt.splitlines() if f in l or (fn + "]") in l]
    if r is not None:
        want = f"{f}:{r}:{c}"
        hit = [l for l in lines if want in l]
    else:
        hit = lines
    bil = [l for l in hit if re.search(r"[\u4e00-\u9fff]", l) and re.search(r"[A-Za-z]{3,} [a-z]{2,}", l)]
    after = open(f"badout/{n}.existing.after").read() if os.path.exists(f"badout/{n}.existing.after") else ""
    left = open(f"badout/{n}.plan_new.leftover").read().strip() if os.path.exists(f"badout/{n}.plan_new.leftover") else ""
    tb = any("Traceback" in out[k][1] for k in out)
    rows.append((n, out["validate"][0], out["plan_existing"][0], out["plan_new"][0], bool(hit), bool(bil), after == before, left == "", tb,
                 (hit[0] if hit else (lines[0] if lines else txt.strip().splitlines()[-2:] if txt.strip() else ""))))
print("| bundle | validate rc | plan→existing rc | plan→new rc | file:row:col found | zh+en | existing identical | no new folder | traceback | first message |")
print("|---|---|---|---|---|---|---|---|---|---|")
for x in rows:
    msg = str(x[9])[:160].replace("|", "/")
    print("| " + " | ".join(str(v) for v in x[:9]) + f" | {msg} |")
