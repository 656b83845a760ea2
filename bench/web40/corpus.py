"""Build the hostile-upload corpus (web40) from the tiny scenario bundle."""
import io, os, zipfile, csv, json, pathlib
SRC = pathlib.Path(__file__).parent / "tiny" / "bundle"
OUT = pathlib.Path(__file__).parent / "corpus"; OUT.mkdir(exist_ok=True)
def files():
    return {p.name: p.read_bytes() for p in sorted(SRC.iterdir())}
def zipit(name, fs, extra=None):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in fs.items(): z.writestr(n, d)
        for n, d in (extra or {}).items(): z.writestr(n, d)
    (OUT / name).write_bytes(b.getvalue())
def edit(fname, fn):
    fs = files(); t = fs[fname].decode("utf-8"); fs[fname] = fn(t).encode("utf-8"); return fs
zipit("ok.zip", files())
# wrong columns: rename a required column
zipit("wrong_columns.zip", edit("enterprises.csv", lambda t: t.replace("district_code", "district", 1)))
# bad date in row 3 (header=1): officers certificate_expires_on
def bad_date(t):
    L = t.splitlines(); L[2] = L[2].replace("2030-06-30", "2030-13-45"); return "\n".join(L) + "\n"
zipit("bad_date.zip", edit("officers.csv", bad_date))
def slash_date(t):
    L = t.splitlines(); L[2] = L[2].replace("2030-06-30", "2030/06/30"); return "\n".join(L) + "\n"
zipit("slash_date.zip", edit("officers.csv", slash_date))
# duplicate id: copy row 2 to end of enterprises
def dup(t):
    L = t.splitlines(); L.append(L[1]); return "\n".join(L) + "\n"
zipit("dup_ids.zip", edit("enterprises.csv", dup))
# GBK whole bundle (valid)
fs = files(); zipit("gbk.zip", {n: (d.decode("utf-8").encode("gbk") if n.endswith(".csv") else d) for n, d in fs.items()})
# BOM (valid)
zipit("bom.zip", {n: (b"\xef\xbb\xbf" + d if n.endswith(".csv") else d) for n, d in fs.items()})
# GBK with a bad byte sequence (mojibake) in names
def mixed(fs):
    fs = dict(fs); e = fs["enterprises.csv"].decode("utf-8").encode("gbk"); fs["enterprises.csv"] = e + "长治测试有限公司".encode("utf-8"); return fs
zipit("mixed_encoding.zip", mixed(fs))
# empty files
(OUT / "empty.zip").write_bytes(b"")
zipit("empty_members.zip", {n: b"" for n in fs})
zipit("empty_zip_noentries.zip", {})
# header-only enterprises
zipit("header_only.zip", edit("enterprises.csv", lambda t: t.splitlines()[0] + "\n"))
# huge row: one 5 MB address cell
def huge(t):
    L = t.splitlines(); parts = L[1].split(","); parts[7] = "长" * 2_000_000; L[1] = ",".join(parts); return "\n".join(L) + "\n"
zipit("huge_cell.zip", edit("enterprises.csv", huge))
def wide(t):
    L = t.splitlines(); L[1] = L[1] + "," + ",".join(["x"] * 50000); return "\n".join(L) + "\n"
zipit("wide_row.zip", edit("enterprises.csv", wide))
# wrong file types
(OUT / "png.zip").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
(OUT / "enterprises.csv").write_bytes(fs["enterprises.csv"])
(OUT / "text.txt").write_bytes(b"hello")
(OUT / "truncated.zip").write_bytes((OUT / "ok.zip").read_bytes()[:3000])
# path traversal
zipit("traversal.zip", files(), {"../../../../tmp/web40_pwned.csv": b"a,b\n1,2\n", "../evil/policy.json": b"{}"})
fs2 = files(); ent = fs2.pop("enterprises.csv")
zipit("traversal_named.zip", fs2, {"../enterprises.csv": ent})
zipit("abs_path.zip", files(), {"/tmp/web40_abs.csv": b"x\n"})
# nested folder (bundle inside a folder): should work per README
zipit("nested.zip", {"mybundle/" + n: d for n, d in files().items()})
# policy broken
fs3 = files(); fs3["policy.json"] = b"{ year: 2027,"; zipit("policy_broken.zip", fs3)
fs3 = files(); fs3["policy.json"] = json.dumps({"year": 2027, "seed": "x", "tiers": {"A": {"sample_ratio": 2.5, "visits": -1}}}).encode(); zipit("policy_badvalues.zip", fs3)
fs3 = files(); fs3["policy.json"] = json.dumps({"year": "二〇二七", "seed": "x"}).encode(); zipit("policy_year_str.zip", fs3)
# bad credit code check digit at row 4
def badcc(t):
    L = t.splitlines(); eid = L[3].split(",")[0]; last = "0" if eid[-1] != "0" else "1"; L[3] = L[3].replace(eid, eid[:-1] + last); return "\n".join(L) + "\n"
zipit("bad_checkdigit.zip", edit("enterprises.csv", badcc))
# missing required file
fs4 = files(); fs4.pop("officers.csv"); zipit("missing_officers.zip", fs4)
# semicolon delimited
zipit("semicolon.zip", edit("agencies.csv", lambda t: t.replace(",", ";")))
# NUL bytes
zipit("nul.zip", edit("agencies.csv", lambda t: t.replace("\n", "\x00\n", 1)))
# formula injection in a name (should be stored as text; check export later)
def formula(t):
    L = t.splitlines(); parts = L[1].split(","); parts[1] = "=HYPERLINK(\"http://evil\",\"x\")"; L[1] = ",".join(parts); return "\n".join(L) + "\n"
zipit("formula.zip", edit("enterprises.csv", formula))
# html injection in name
def xss(t):
    L = t.splitlines(); parts = L[1].split(","); parts[1] = "<script>alert(1)</script>长治XSS有限公司"; L[1] = ",".join(parts); return "\n".join(L) + "\n"
zipit("xss.zip", edit("enterprises.csv", xss))
print(sorted(p.name for p in OUT.iterdir()))
