import io, csv, os, zipfile, pathlib, random, string, json
import openpyxl
SRC = pathlib.Path("tiny/bundle"); OUT = pathlib.Path("corpus")
def rows(name): return list(csv.reader(open(SRC / name, encoding="utf-8")))
def files(): return {p.name: p.read_bytes() for p in sorted(SRC.iterdir())}
def zipit(name, fs):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in fs.items(): z.writestr(n, d)
    (OUT / name).write_bytes(b.getvalue())
def tocsv(rs):
    s = io.StringIO(); csv.writer(s, lineterminator="\n").writerows(rs); return s.getvalue().encode()
# formula injection, properly quoted
r = rows("enterprises.csv"); r[1][1] = '=HYPERLINK("http://evil.example","点我")'; r[2][1] = "+cmd|' /C calc'!A0"
fs = files(); fs["enterprises.csv"] = tocsv(r); zipit("formula.zip", fs)
# huge incompressible row: 8 MB random address
r = rows("enterprises.csv"); random.seed(1); r[1][7] = "".join(random.choices(string.ascii_letters + "长治市路号", k=8_000_000))
fs = files(); fs["enterprises.csv"] = tocsv(r); zipit("huge_row_random.zip", fs)
# xlsx workbook: one sheet per csv
def wb_from(srcfs, mutate=None):
    wb = openpyxl.Workbook(); wb.remove(wb.active)
    for n, d in srcfs.items():
        if not n.endswith(".csv"): continue
        ws = wb.create_sheet(n[:-4])
        rs = list(csv.reader(io.StringIO(d.decode("utf-8"))))
        if mutate: rs = mutate(n, rs)
        for row in rs: ws.append(row)
    b = io.BytesIO(); wb.save(b); return b.getvalue()
(OUT / "ok.xlsx").write_bytes(wb_from(files()))
def bad(n, rs):
    if n == "officers.csv": rs[4][5] = "2030-02-30"
    if n == "enterprises.csv": rs[5][4] = "巨型"
    return rs
(OUT / "bad.xlsx").write_bytes(wb_from(files(), bad))
def renamed(n, rs): return rs
wb = openpyxl.load_workbook(io.BytesIO(wb_from(files()))); wb["enterprises"].title = "企业名录"; b = io.BytesIO(); wb.save(b); (OUT / "wrong_sheet.xlsx").write_bytes(b.getvalue())
# real Excel date cells in xlsx
wb = openpyxl.load_workbook(io.BytesIO(wb_from(files())))
import datetime
ws = wb["officers"]
for row in ws.iter_rows(min_row=2):
    v = row[5].value
    if v: row[5].value = datetime.date.fromisoformat(v)
b = io.BytesIO(); wb.save(b); (OUT / "dates_as_dates.xlsx").write_bytes(b.getvalue())
# xlsx within zip with policy
fs = {"bundle.xlsx": wb_from(files()), "policy.json": files()["policy.json"]}; zipit("xlsx_in_zip.zip", fs)
# zip disguised as xlsx
(OUT / "zip_as.xlsx").write_bytes((OUT / "ok.zip").read_bytes())
(OUT / "png.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
# Chinese labels instead of codes (should load per bundle.md)
r = rows("enterprises.csv"); lab = {"construction":"建筑施工","small":"小型","false":"否","true":"是"}
r = [r[0]] + [[lab.get(c, c) for c in row] for row in r[1:]]
fs = files(); fs["enterprises.csv"] = tocsv(r); zipit("chinese_labels.zip", fs)
print("ok")
