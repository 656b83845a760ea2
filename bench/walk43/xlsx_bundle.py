"""demo bundle as one .xlsx, cells typed the way Excel would keep them (dates, numbers, booleans); plus a bad variant"""
import csv, datetime as dt, re
from pathlib import Path
import openpyxl
SRC = Path("/tmp/walk43/w/demo/bundle")
def typed(v):
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v): return dt.datetime.strptime(v, "%Y-%m-%d")
    if v in ("true", "false"): return v == "true"
    if re.fullmatch(r"-?\d+", v) and len(v) < 12: return int(v)
    if re.fullmatch(r"-?\d+\.\d+", v): return float(v)
    return v
def build(out, mutate=None):
    wb = openpyxl.Workbook(); wb.remove(wb.active)
    for f in sorted(SRC.glob("*.csv")):
        ws = wb.create_sheet(f.stem)
        rows = list(csv.reader(f.open(encoding="utf-8")))
        if mutate: rows = mutate(f.stem, rows)
        for i, r in enumerate(rows):
            ws.append(r if i == 0 else [typed(v) if v != "" else None for v in r])
    wb.save(out)
build("/tmp/walk43/w/bad/typed.xlsx")
def bad(stem, rows):
    if stem == "enterprises":
        r = list(rows[5]); r[0] = r[0][:-1] + ("0" if r[0][-1] != "0" else "1"); rows[5] = r   # row 6: bad check digit
        r = list(rows[7]); r[6] = "2020/02/30"; rows[7] = r  # row 8 established_on
    if stem == "unavailability":
        r = list(rows[3]); r[2] = "2026-01-01"; rows[3] = r  # end before start
    return rows
build("/tmp/walk43/w/bad/typed_bad.xlsx", bad)
print("ok")
