"""walk43: hand-edited bundles with mistakes; each uploaded separately, errors checked for file/row/column zh+en."""
import csv, io, json, os, shutil, sys, zipfile, random
from pathlib import Path
SRC = Path("/tmp/walk43/w/demo/bundle")
OUT = Path("/tmp/walk43/w/bad"); OUT.mkdir(exist_ok=True)
CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
def check_digit(s17):
    t = sum(CH.index(c) * w for c, w in zip(s17, W))
    return CH[(31 - t % 31) % 31]
def code(body):  # body: 17 chars
    return body + check_digit(body)
def read(name):
    return (SRC / name).read_text(encoding="utf-8")
def variant(tag, edits, encoding="utf-8", newline="\n", bom=False):
    d = OUT / tag / "bundle"
    if d.parent.exists(): shutil.rmtree(d.parent)
    shutil.copytree(SRC, d)
    for name, fn in edits.items():
        txt = fn(read(name)) if callable(fn) else fn
        if newline != "\n": txt = txt.replace("\n", newline)
        data = txt.encode(encoding)
        if bom: data = b"\xef\xbb\xbf" + data
        (d / name).write_bytes(data)
    z = OUT / f"{tag}.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(d.rglob("*")):
            zf.write(p, p.relative_to(d.parent))
    return z
good_new = code("91140403MA0W43NE0")
bad_new = good_new[:-1] + ("0" if good_new[-1] != "0" else "1")
first = read("enterprises.csv").splitlines()[1].split(",")[0]
def add_ent(rows):
    def f(t):
        return t + "".join(r + "\n" for r in rows)
    return f
ent_row = lambda eid, name: f"{eid},{name},140403,construction,small,20,2020-01-01,长治市测试路1号,,,false"
V = {}
V["checkdigit"] = variant("checkdigit", {"enterprises.csv": add_ent([ent_row(bad_new, "长治测试校验位错误建筑有限公司")])})
V["dup"] = variant("dup", {"enterprises.csv": add_ent([ent_row(first, "长治重复编号建筑有限公司")])})
# date outside the year: history in the plan year, leave in 2028, trigger in 2028, calendar row 2028
V["dates"] = variant("dates", {
    "inspections.csv": add_ent(["HX0001,%s,hb,2027-03-01,hb-140403-001;hb-140403-003,compliant," % first]),
    "unavailability.csv": add_ent(["hb-140403-001,2028-02-01,2028-02-10,leave"]),
    "triggers.csv": add_ent(["TX0001,%s,hb,2028-01-05,complaint,false" % first]),
    "credit_grades.csv": add_ent(["%s,B,2027-13-01" % first]),
})
# BOM (Excel's UTF-8 with BOM), CRLF, GBK — each valid, plus the same with a bad row to see row numbers
V["bom_ok"] = variant("bom_ok", {"enterprises.csv": read("enterprises.csv")}, bom=True)
V["crlf_ok"] = variant("crlf_ok", {n: read(n) for n in ["enterprises.csv", "officers.csv", "items.csv"]}, newline="\r\n")
V["gbk_ok"] = variant("gbk_ok", {n: read(n) for n in ["enterprises.csv", "officers.csv", "items.csv", "agencies.csv"]}, encoding="gbk")
V["gbk_crlf_bad"] = variant("gbk_crlf_bad", {"enterprises.csv": add_ent([ent_row(good_new, "长治新增正常建筑有限公司"), ent_row(bad_new[:-1] + "Z", "长治测试校验位错误二公司")])}, encoding="gbk", newline="\r\n")
V["bom_bad"] = variant("bom_bad", {"enterprises.csv": add_ent([ent_row(bad_new, "长治测试BOM公司")])}, bom=True)
# Chinese labels as the bundle allows (建筑施工, 小型, 是/否) — valid
V["labels_ok"] = variant("labels_ok", {"enterprises.csv": add_ent([f"{good_new},长治中文标签建筑有限公司,140403,建筑施工,小型,20,2020-01-01,长治市测试路2号,,,否"])})
# combined: all of the above mistakes at once
V["combined"] = variant("combined", {
    "enterprises.csv": add_ent([ent_row(bad_new, "错一"), ent_row(first, "错二"), f"{good_new},错三,140403,建筑,小型,x,2020-02-30,,,,maybe"]),
    "inspections.csv": add_ent(["HX0001,%s,hb,2027-03-01,hb-140403-001,compliant," % first]),
})
print(json.dumps({k: str(v) for k, v in V.items()}, indent=1))
print("good_new", good_new, "bad_new", bad_new)
