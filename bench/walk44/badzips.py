"""Make bad uploads from the demo bundle: /tmp/walk44w/bad/*.zip (one defect each)."""
import io, os, zipfile, shutil
SRC = "/tmp/walk44w/demo/bundle"
OUT = "/tmp/walk44w/bad"
files = {f: open(os.path.join(SRC, f), "rb").read() for f in sorted(os.listdir(SRC))}

def write(name, members, **kw):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in members.items():
            z.writestr(n, b)

def variant(name, **changes):
    m = dict(files)
    for k, v in changes.items():
        k = k.replace("__", ".")
        if v is None:
            m.pop(k, None)
        else:
            m[k] = v
    write(name, m)

ent = files["enterprises.csv"].decode("utf-8-sig")
lines = ent.splitlines()
variant("utf16.zip", enterprises__csv=ent.encode("utf-16"))
variant("nul.zip", enterprises__csv=(ent[:200] + "\x00" + ent[200:]).encode())
variant("badjson.zip", policy__json=b'{"year": 2027, "seed": ')
variant("policy_array.zip", policy__json=b'[1,2]')
variant("quote.zip", enterprises__csv=("\n".join(lines[:3] + ['"' + lines[3]] + lines[4:])).encode())
variant("longfield.zip", enterprises__csv=("\n".join(lines[:2] + [lines[2].replace(",", "," + "长" * 200000, 1)] + lines[3:])).encode())
variant("empty_ent.zip", enterprises__csv=b"")
variant("header_only.zip", enterprises__csv=(lines[0] + "\n").encode())
variant("dup_header.zip", enterprises__csv=("\n".join([lines[0] + "," + lines[0].split(",")[0]] + lines[1:])).encode())
variant("no_calendar.zip", calendar__csv=None)
# traversal and nested duplicates
m = dict(files); m["../../../tmp/walk44w/evil.csv"] = b"x"; write("traversal.zip", m)
m = {"a/" + k: v for k, v in files.items()}; m.update({"b/" + k: v for k, v in files.items()}); write("twodirs.zip", m)
# a corrupt member: flip bytes inside compressed data
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for n, b in files.items():
        z.writestr(n, b)
raw = bytearray(buf.getvalue())
i = raw.find(b"enterprises.csv") + 200
raw[i:i + 50] = b"\xff" * 50
open(os.path.join(OUT, "crc.zip"), "wb").write(bytes(raw))
open(os.path.join(OUT, "truncated.zip"), "wb").write(buf.getvalue()[: len(buf.getvalue()) // 2])
open(os.path.join(OUT, "empty.zip"), "wb").write(b"")
open(os.path.join(OUT, "notzip.zip"), "wb").write(b"hello world, not a zip\n")
# many NUL lines? a huge single line without newline
variant("bom_gbk_mix.zip", enterprises__csv=b"\xef\xbb\xbf" + ent.encode("gbk", errors="replace"))
print(sorted(os.listdir(OUT)))
