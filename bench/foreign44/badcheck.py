#!/usr/bin/env python3
"""table of the malformed-bundle matrix from logs/bad/*"""
import json, re, os
exp = json.load(open("bundles/bad/expected.json"))
rows = []
for n, (f, r, c) in sorted(exp.items()):
    v = open(f"logs/bad/{n}.validate", encoding="utf-8", errors="replace").read()
    p = open(f"logs/bad/{n}.plan", encoding="utf-8", errors="replace").read()
    p2 = open(f"logs/bad/{n}.plan2", encoding="utf-8", errors="replace").read()
    rc = [re.findall(r"rc=(\d+)", x)[-1] for x in (v, p, p2)]
    want = f"{f}:{r}:{c}" if c else f"{f}:"
    errl = [l.strip() for l in v.splitlines() if re.match(r"\s*\S+(\.csv|\.json|\.xlsx)?:\d+:", l.strip())]
    hit = [l for l in v.splitlines() if want in l]
    zh_en = bool(hit) and all(re.search(r"[\u4e00-\u9fff]", l) and " / " in l for l in hit)
    tb = "Traceback" in v + p + p2
    rows.append((n, want, "/".join(rc), "yes" if hit else "NO", "yes" if zh_en else "no",
                 "NEW FOLDER" in p, p2.strip().splitlines()[-1], tb, (hit[0] if hit else (errl[0] if errl else v.strip().splitlines()[-2] if len(v.strip().splitlines())>1 else v.strip()))[:230]))
print("| bundle | expected file:row:col | rc validate/plan new/plan existing | named | zh+en | new folder | existing plan | traceback | first matching line |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(str(x).replace("|", "¦") for x in r) + " |")
