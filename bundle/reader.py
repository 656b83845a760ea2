"""Reading a bundle's raw cells: a folder of CSVs, a folder with one workbook, a lone
workbook, or a .zip of either (the web upload). Every form yields the same raw tables
of stripped strings, so one validator serves them all."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bundle.cells import CONTROL_BYTES
from bundle.problems import Collector
from bundle.schema import SPECS

POLICY = "policy.json"


def is_bundle_file(name: str) -> bool:
    """A file bundle.md names: a table's CSV, policy.json, or a workbook (never `~$` lock files, `._` macOS forks or
    other hidden files). The loader reads only these, and the service's upload (api/uploads.py) keeps only these, so
    both measure, read and hash (input_sha256) the same files."""
    if name.startswith(("~$", "._", ".")):
        return False
    if name == POLICY:
        return True
    low = name.lower()
    return (low.endswith(".csv") and name[:-4] in SPECS) or low.endswith(".xlsx")


@dataclass
class RawTable:
    """One file's cells as text. `rows` pairs each record with its spreadsheet row: a list, or (for a CSV file)
    an iterator read once, row by row, by the one who types the table (bundle/tables.py) — so the raw cells
    of 400,000 inspections are never all held at once, and each row's garbage is reused by the next."""

    label: str  # how problems name it: "enterprises.csv" or "registers.xlsx[enterprises]"
    header: list[str]
    rows: Iterable[tuple[int, list[str]]]
    unreadable: tuple[int, str] | None = None  # (row, csv's reason) where a CSV stopped being readable: a cell over
    # the csv module's 131,072 characters; known once `rows` has been read to its end
    control: bool = True  # whether a cell may hold a control character (a CSV's bytes are searched once, so a clean
    # file's 400,000 rows are not searched cell by cell)
    undecodable: bool = False  # the file is there but could not be decoded (said once by decode_csv): not "missing"
    sheet: str = ""  # a workbook sheet's own title (a table's name with .csv, or one refused as not a bundle table's)
    hidden: bool = False  # a workbook sheet hidden in Excel (a template's lists for its drop-downs)


@dataclass
class Sources:
    files: dict[str, bytes] = field(default_factory=dict)  # every file of the bundle, by name

    @property
    def sha256(self) -> str:
        """sha256 of the bundle's files' bytes, concatenated in file-name order (plan.md)."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(self.files[name])
        return h.hexdigest()


# a file of these kinds in a bundle was meant to be read: one that is not a bundle file is refused by name (walk44 G1:
# `triggers (1).csv`, `recusal.csv`, `unavailability_2027.csv` were left out without a word — 0 triggers, 0 recusals);
# others (README.txt, a PDF) and hidden ones (~$, ._, .DS_Store, __MACOSX) are no table anyone meant, left out as before
TABLE_LIKE = (".csv", ".json", ".tsv", ".xls", ".xlsm", ".ods")


def bundle_names() -> list[str]:
    """The names bundle.md gives the bundle's files."""
    return [f"{n}.csv" for n in SPECS] + [POLICY]


def near_miss(name: str, out: Collector) -> None:
    """A file that is not read but was surely meant as one: a case difference (TEAMS.CSV, Teams.csv: names are
    case-sensitive, walk15), a browser's second download (`triggers (1).csv`), a singular or a year added (`recusal.csv`,
    `unavailability_2027.csv`), any other CSV or JSON — an error naming the file and the closest bundle name (difflib),
    so the upload is refused and nothing stored changes (bundle.md allows extra columns, never extra files)."""
    import difflib

    if is_bundle_file(name) or name.startswith(("~$", "._", ".")):
        return
    low = name.lower()
    if low.endswith(".csv") and low[:-4] in SPECS:
        out.meant.add(low[:-4])
        out.add(name, 0, "-", f"文件名应为 {low}（文件名区分大小写），该文件未被读取", f"the file should be named {low} (names are case-sensitive): it was not read")
        return
    if not low.endswith(TABLE_LIKE):
        return
    close = difflib.get_close_matches(low, bundle_names(), n=1, cutoff=0.6)
    if close:
        out.meant.add(close[0].removesuffix(".csv"))
        out.add(name, 0, "-", f"不是检查包文件，该文件未被读取：文件名是否应为 {close[0]}？请改名或删除后重新提交",
                f"not a bundle file, so it was not read: should it be named {close[0]}? Rename or remove it and submit again")
    else:
        out.add(name, 0, "-", f"不是检查包文件，该文件未被读取：检查包的文件名为 {'、'.join(bundle_names())}（见 bundle.md），请改名或删除",
                f"not a bundle file, so it was not read: a bundle's files are named {', '.join(bundle_names())} (bundle.md); "
                "rename or remove it")


ENCRYPTED = ("压缩包设有密码，请去掉密码后重新上传", "the zip is password-protected: remove the password and upload it again")


def encrypted(info: zipfile.ZipInfo) -> bool:
    return bool(info.flag_bits & 0x1)


def encrypted_words(infos: list[zipfile.ZipInfo]) -> tuple[str, str] | None:
    """One message for a password-protected zip, naming its first locked bundle file (walk44 G14: one message per file,
    each with zipfile's repr of the member); None when no bundle file in it is locked."""
    locked = [Path(i.filename).name for i in infos if encrypted(i) and is_bundle_file(Path(i.filename).name)]
    if not locked:
        return None
    more_zh, more_en = (f"等 {len(locked)} 个文件", f" and {len(locked) - 1} more") if len(locked) > 1 else ("", "")
    return (f"{ENCRYPTED[0]}（{locked[0]}{more_zh}设有密码）", f"{ENCRYPTED[1]} ({locked[0]}{more_en} locked)")


def unzip_words(e: BaseException) -> tuple[str, str]:
    """Why a member could not be unzipped (中文, English), without Python's words (walk44 G14: a ZipInfo repr and
    "Bad CRC-32 for file" inside the Chinese message)."""
    text = str(e)
    if "encrypted" in text or "password" in text:
        return ENCRYPTED
    if isinstance(e, NotImplementedError):
        return ("压缩方式不受支持，请用标准 zip（Deflate）重新压缩后上传",
                "an unsupported compression method: zip it again with the standard one (Deflate)")
    if "CRC" in text:
        return "该文件在压缩包中已损坏（CRC 校验不符），请重新压缩后上传", "the file is damaged in the zip (its CRC check failed): zip it again"
    return "该文件在压缩包中已损坏，无法解压，请重新压缩后上传", "the file is damaged in the zip and cannot be unzipped: zip it again"


def unreadable_words(e: OSError) -> tuple[str, str]:
    """Why a bundle file present in a folder could not be read (中文, English)."""
    if isinstance(e, FileNotFoundError):
        return "该文件无法读取：它不存在（失效的链接？），未做任何处理", "the file cannot be read: it does not exist (a broken link?); nothing was done"
    if isinstance(e, PermissionError):
        return "该文件无法读取：没有读取权限，未做任何处理", "the file cannot be read: no permission to read it; nothing was done"
    why = e.strerror or type(e).__name__
    return f"该文件无法读取（{why}），未做任何处理", f"the file cannot be read ({why}): nothing was done"


def collect_sources(path: Path, out: Collector) -> Sources:
    """The bundle's files by name. Folders are read one level deep."""
    src = Sources()
    if path.is_dir():
        for p in sorted(path.iterdir()):
            if is_bundle_file(p.name) and not p.is_dir():
                try:
                    src.files[p.name] = p.read_bytes()
                except OSError as e:  # a broken link, no permission: named, never read as "none" (walk44 G1)
                    out.add(p.name, 0, "-", *unreadable_words(e))
            elif p.is_file():
                near_miss(p.name, out)
        if not src.files:  # the bundle one folder down (an unzipped archive's own folder): say where, not six "missing"
            inner = [d.name for d in sorted(path.iterdir()) if d.is_dir() and any(is_bundle_file(f.name) for f in d.iterdir() if f.is_file())]
            if inner:
                out.add(path.name or str(path), 0, "-", f"该文件夹中没有检查包文件，子文件夹 {'、'.join(inner)} 中有：请选择该子文件夹",
                        f"this folder holds no bundle file, its subfolder {', '.join(inner)} does: choose that folder")
    elif path.is_file() and path.suffix.lower() == ".xlsx":
        src.files[path.name] = path.read_bytes()
    elif path.is_file() and path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                if locked := encrypted_words(zf.infolist()):
                    out.add(path.name, 0, "-", *locked)  # once, not once per file
                    return src
                for info in zf.infolist():
                    name = Path(info.filename).name  # never a path: no zip slip; folders inside are flattened
                    if info.is_dir() or not is_bundle_file(name):  # unread, so never unpacked (review8: a bomb as pad.json)
                        near_miss(name, out)
                        continue
                    if name in src.files:  # as api/uploads.py: which of the two was meant is not guessed
                        out.add(name, 0, "-", "压缩包中有同名文件（在不同文件夹中）", "the zip holds two files of this name (in different folders)")
                        continue
                    try:
                        src.files[name] = zf.read(info)
                    except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
                        # password-protected, Deflate64, a bad CRC: name the member, go on with the others
                        out.add(name, 0, "-", *unzip_words(e))
        except zipfile.BadZipFile:
            out.add(path.name, 0, "-", "不是有效的 zip 文件", "not a valid zip file")
    elif not path.exists():
        out.add(str(path), 0, "-", "找不到该文件或文件夹", "no such file or folder")
    else:
        out.add(path.name, 0, "-", "应为文件夹、.xlsx 或 .zip", "expected a folder, an .xlsx or a .zip")
    return src


def csv_error_words(why: str) -> tuple[str, str]:
    """The csv module's reason for giving up on a file, in Chinese and English (web40: "field larger than field limit
    (131072)" stood raw in the Chinese message); a reason not known here keeps its text on the English side only."""
    if m := re.search(r"field larger than field limit \((\d+)\)", why):
        n = int(m[1])
        return f"单元格超过 {n:,} 个字符（CSV 单元格长度上限）", f"a cell longer than {n:,} characters (the CSV cell limit)"
    if "unexpected end of data" in why or "EOF inside string" in why:
        return "文件在引号内结束（引号不配对）", "the file ends inside a quoted cell (unbalanced quotes)"
    if "NUL" in why:
        return "含有 NUL 字符", "it holds a NUL character"
    if "new-line character seen in unquoted field" in why:
        return "未加引号的单元格中有换行符", "a line break inside an unquoted cell"
    return "单元格过长或引号不配对", f"a cell too long or unbalanced quotes ({why})"


BOM = b"\xef\xbb\xbf"
# what GBK and GB18030 map their unassigned and user-defined two-byte codes to: a file whose text holds one is not Chinese
# text in either (review26: a Big5 file, refused by GBK, was taken by GB18030 as mojibake and Private Use characters)
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _row_of(data: bytes, offset: int) -> int:
    """The spreadsheet row (header = 1) holding byte `offset` of a CSV file: csv records, as the loader counts them (an
    address quoted over two lines is one row). Commas, quotes and newlines are ASCII in UTF-8 and GBK alike."""
    return _place_of(data, offset)[0]


def _place_of(data: bytes, offset: int) -> tuple[int, str]:
    """The spreadsheet row and the column (the header's name; "-" in the header itself or past its width) holding byte
    `offset` of a CSV file."""
    try:
        records = list(csv.reader(io.StringIO(data[:offset].decode("latin-1"), newline="")))
    except csv.Error:  # a NUL or an over-long cell before it: the row alone, counted by lines
        return data[:offset].count(b"\n") + 1, "-"
    ends_a_record = offset == 0 or data[offset - 1:offset] in (b"\n", b"\r")
    row = len(records) + (1 if ends_a_record else 0)
    if row <= 1:
        return row, "-"
    pos = 0 if ends_a_record else len(records[-1]) - 1
    header_end = data.find(b"\n")
    header_text = data[: header_end if header_end >= 0 else len(data)].decode("utf-8-sig", errors="replace")
    header = next(csv.reader(io.StringIO(header_text, newline="")), [])
    name = header[pos].strip() if pos < len(header) else ""
    return row, name if name and "\ufffd" not in name else "-"


def looks_utf16(data: bytes) -> bool:
    """A BOM, or NUL bytes all on one parity (UTF-16 without a BOM: every ASCII character of the header has one; Chinese
    text has fewer, review26); a stray NUL or two in a UTF-8 file is not that: it is refused as a control character."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return even + odd >= 8 and (even == 0 or odd == 0)


def _refuse_encoding(name: str, data: bytes, at: int, out: Collector, why_zh: str = "", why_en: str = "") -> None:
    """A file no codec reads: filed at the spreadsheet row and column of the byte (foreign44 F6: it was row 0, "-", the
    row only in the words), listed with the other files' whole-file problems (`whole`, review26); the words name the
    row and the byte."""
    row, column = _place_of(data, at)
    out.add(name, row, column,
            f"文件编码既不是 UTF-8 也不是 GBK/GB18030（第{row}行，第{at}字节 0x{data[at]:02x}{why_zh}）：请另存为 UTF-8 CSV",
            f"file is neither UTF-8 nor GBK/GB18030 (row {row}, byte 0x{data[at]:02x} at offset {at}{why_en}): save as UTF-8 CSV",
            whole=True)


def csv_codec(name: str, data: bytes, out: Collector) -> str | None:
    """The codec a bundle CSV is read with — "utf-8-sig" (with or without Excel's BOM), "gbk" (what Chinese Windows saves)
    or "gb18030" (GBK's superset, for the rare characters of names GBK lacks: 䶮) — or None with the problem added."""
    if data.startswith(b"PK\x03\x04"):
        out.add(name, 0, "-", "该文件是 Excel 工作簿（.xlsx），不是 CSV：请改名为 .xlsx 上传，或在 Excel 中另存为 CSV UTF-8",
                "this file is an Excel workbook (.xlsx), not a CSV: upload it named .xlsx, or save it from Excel as CSV UTF-8")
        return None
    if looks_utf16(data):
        out.add(name, 0, "-", "文件编码不受支持（疑似 UTF-16）：请另存为 UTF-8 CSV", "unsupported encoding (looks like UTF-16): save as UTF-8 CSV")
        return None
    try:
        data.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as e:
        utf8_at = e.start + (len(BOM) if data.startswith(BOM) else 0)  # utf-8-sig counts from after the BOM
    try:
        data.decode("gbk")
        return "gbk"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        # where the file stops being either: the later of the two failures (a GBK file fails UTF-8 at its first Chinese
        # character; its real fault is where GB18030 fails too)
        _refuse_encoding(name, data, max(utf8_at, e.start), out)
        return None
    pua = PRIVATE_USE.search(text)
    if pua is not None:
        at = len(text[: pua.start()].encode("gb18030"))
        _refuse_encoding(name, data, at, out, f"，按 GB18030 读出无字形的专用区字符 U+{ord(pua.group()):04X}：是否为 Big5 等其他编码",
                         f", which GB18030 reads as the private-use U+{ord(pua.group()):04X}: Big5 or another encoding?")
        return None
    return "gb18030"


def decode_csv(name: str, data: bytes, out: Collector) -> str | None:
    """The file's text in its codec (`csv_codec`), or None with the problem added."""
    codec = csv_codec(name, data, out)
    return None if codec is None else data.decode(codec)


def parse_csv(label: str, text: str) -> RawTable:
    """A CSV text's cells, every row at once."""
    t = stream_csv(label, io.StringIO(text, newline=""))
    return RawTable(t.label, t.header, list(t.rows))


def stream_csv(label: str, lines: Iterable[str]) -> RawTable:
    """A CSV's header now, its non-empty rows (stripped cells, numbered from 2 as a spreadsheet shows them) as they are read."""
    records = csv.reader(lines)
    try:
        header = [h.strip() for h in next(records, [])]
    except csv.Error as e:
        return RawTable(label, [], [], unreadable=(1, str(e)))

    def rows() -> Iterator[tuple[int, list[str]]]:
        i = 1
        try:
            for i, rec in enumerate(records, start=2):
                if any(cell.strip() for cell in rec):
                    yield i, [cell.strip() for cell in rec]
        except csv.Error as e:  # the rest of the file cannot be told apart into rows: say where it stopped
            table.unreadable = (i + 1, str(e))

    table = RawTable(label, header, rows())
    return table


def _cell_text(v: object) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


NOT_A_WORKBOOK = "not a valid .xlsx workbook"  # how a workbook that cannot be opened is refused (api/uploads.py says it alone)


def parse_workbook(name: str, data: bytes, out: Collector) -> dict[str, RawTable]:
    import openpyxl  # slow to import; only workbooks need it

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        # openpyxl's own words ("File is not a zip file") are neither Chinese nor what a planner can act on (web40)
        out.add(name, 0, "-", "不是有效的 Excel 工作簿（文件已损坏，或不是 .xlsx 格式）", f"{NOT_A_WORKBOOK} (damaged, or not in the .xlsx format; "
                f"{type(e).__name__})")
        return {}
    tables: dict[str, RawTable] = {}
    for ws in wb.worksheets:
        sheet = sheet_table(ws.title)
        if sheet in tables:  # 'agencies' and 'agencies.csv': which one was meant is not guessed
            out.add(f"{name}[{ws.title}]", 0, "-", f"工作簿中有两个 {sheet} 工作表", f"the workbook holds two sheets for {sheet}")
            continue
        # the size the writing program stored (<dimension ref>) is not trusted: read-only openpyxl stops at it, and a
        # stale one (POI's streaming writer, report tools: "A1", "A1:D10") dropped rows and columns silently (walk45 G3).
        # Every row and cell the sheet's XML holds is read (api/uploads.py caps the rows read, and the declared size)
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        it = ws.iter_rows(values_only=True)
        header_row = next(it, None) or ()
        header = [_cell_text(h) for h in header_row]
        while header and header[-1] == "":
            header.pop()
        rows: list[tuple[int, list[str]]] = []
        for i, values in enumerate(it, start=2):
            cells = [_cell_text(v) for v in values[: max(len(header), 1)]]
            extra = [_cell_text(v) for v in values[len(header):]]
            if any(extra):
                cells += extra
            if any(cells):
                rows.append((i, cells))
        label = ws.title.strip().removesuffix(".csv")  # a Chinese name as the planner gave it
        tables[sheet] = RawTable(f"{name}[{label}]", header, rows, sheet=ws.title, hidden=ws.sheet_state != "visible")
    wb.close()
    return tables


# the Chinese name bundle.md gives each file beside its heading ("## recusals.csv (optional) 回避"): a sheet may be named
# by it, as bureaus name their registers' sheets (walk45 G9). unavailability.csv has none in bundle.md, so none here
SHEET_ZH: dict[str, str] = {
    "enterprises": "检查对象名录库", "credit_records": "信用记录", "credit_grades": "信用风险分类结果", "inspections": "历史检查记录",
    "triggers": "投诉举报、转办交办、数据监测、企业申请", "agencies": "执法主体", "items": "行政检查事项清单", "teams": "执法队伍",
    "officers": "执法人员名录库", "recusals": "回避", "calendar": "工作日",
}
TABLE_OF_SHEET_ZH = {zh: name for name, zh in SHEET_ZH.items()}


def sheet_table(title: str) -> str:
    """The table a sheet's title names: the file's name with or without .csv, or its Chinese name in bundle.md."""
    sheet = title.strip()
    sheet = sheet.removesuffix(".csv")
    return TABLE_OF_SHEET_ZH.get(sheet, sheet)


def named(table: str) -> tuple[str, str]:
    """A table as a sheet may be named (中文, English): `recusals（或 回避）`."""
    zh = SHEET_ZH.get(table)
    return (f"{table}（或 {zh}）", f"{table} (or {zh})") if zh else (table, table)


def closest_table(header: list[str]) -> str | None:
    """The table whose required columns a sheet's header all holds (the one sharing most columns with it), or None."""
    have = set(header)
    fits = [(len(have & {c.name for c in spec.columns}), name) for name, spec in SPECS.items()
            if all(c.name in have for c in spec.columns if c.required)]
    return max(fits)[1] if fits else None


def sheet_near_miss(raw: RawTable, out: Collector) -> None:
    """A workbook sheet that is not a bundle table's is refused by name, as a near-miss file in a zip is (walk45 G1:
    sheets 回避, 请假, `triggers (2)` were left out without a word — 0 recusals, 0 leave, 0 triggers), naming the table
    it was surely meant as: the one whose columns its header holds, else the closest name (difflib), else the names.
    An empty sheet (Excel's Sheet2) and a hidden one (a template's drop-down lists) are no table anyone meant."""
    import difflib

    if raw.hidden or (not raw.header and not raw.rows):
        return
    low = raw.sheet.lower().strip()
    label = raw.label
    names = list(SPECS)
    if low.removesuffix(".csv") in SPECS:
        t = low.removesuffix(".csv")
        out.meant.add(t)
        out.add(label, 0, "-", f"工作表名应为 {t}（区分大小写），该工作表未被读取", f"the sheet should be named {t} (names are case-sensitive): it was not read")
        return
    by_header = closest_table(raw.header)
    if by_header is not None:
        out.meant.add(by_header)
        zh, en = named(by_header)
        out.add(label, 0, "-", f"不是检查包工作表，该工作表未被读取：其表头为 {by_header} 的列，工作表名是否应为 {zh}？请改名或删除后重新提交",
                f"not a bundle sheet, so it was not read: its header holds the columns of {by_header}; should it be named {en}? "
                "Rename or remove it and submit again")
        return
    close = difflib.get_close_matches(low, names + list(TABLE_OF_SHEET_ZH), n=1, cutoff=0.6)
    if close:
        table = TABLE_OF_SHEET_ZH.get(close[0], close[0])
        out.meant.add(table)
        zh, en = named(table)
        out.add(label, 0, "-", f"不是检查包工作表，该工作表未被读取：工作表名是否应为 {zh}？请改名或删除后重新提交",
                f"not a bundle sheet, so it was not read: should it be named {en}? Rename or remove it and submit again")
    else:
        out.add(label, 0, "-", f"不是检查包工作表，该工作表未被读取：工作表名应为 {'、'.join(named(n)[0] for n in names)} 之一（见 bundle.md），"
                "请改名或删除",
                f"not a bundle sheet, so it was not read: a sheet is named one of {', '.join(named(n)[1] for n in names)} (bundle.md); "
                "rename or remove it")


def workbook_of(src: Sources) -> str | None:
    """The workbook a bundle's tables are read from (no CSV beside it, only one): its problems name its sheets."""
    books = [n for n in src.files if n.lower().endswith(".xlsx")]
    csvs = [n for n in src.files if n.lower().endswith(".csv") and n[:-4] in SPECS]
    return books[0] if len(books) == 1 and not csvs else None


def raw_tables(src: Sources, out: Collector) -> tuple[dict[str, RawTable], str | None]:
    """The bundle's tables by file name (without .csv), and policy.json's text if any."""
    policy: str | None = None
    if POLICY in src.files:
        policy = decode_csv(POLICY, src.files[POLICY], out)
    csvs = {n[:-4]: n for n in src.files if n.lower().endswith(".csv") and n[:-4] in SPECS}
    books = sorted(n for n in src.files if n.lower().endswith(".xlsx"))
    tables: dict[str, RawTable] = {}
    if csvs:
        if books:
            out.add(books[0], 0, "-", "同时存在 CSV 文件与工作簿：请只保留一种", "the bundle holds both CSV files and a workbook: keep one form")
        for table, fname in sorted(csvs.items()):
            data = src.files[fname]
            codec = csv_codec(fname, data, out)
            if codec is None:
                tables[table] = RawTable(fname, [], [], undecodable=True)
            else:  # decoded as it is read (bundle/tables.py reads the rows once)
                tables[table] = stream_csv(fname, io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline=""))
                # a UTF-8 file's bytes say whether any cell needs the per-cell search; another codec's are searched per cell
                tables[table].control = codec != "utf-8-sig" or CONTROL_BYTES.search(data) is not None
    elif len(books) == 1:
        sheets = parse_workbook(books[0], src.files[books[0]], out)
        tables = {k: v for k, v in sheets.items() if k in SPECS}
        # a sheet named by habit (Sheet1, 人员) is named, with the table it was likely meant as (walk15, walk45 G1); a
        # required sheet not there is said by bundle.tables as the sheet it is (foreign44 F6)
        for k in sorted(k for k in sheets if k not in SPECS):
            sheet_near_miss(sheets[k], out)
    elif len(books) > 1:
        out.add(books[1], 0, "-", "文件夹中只能有一个工作簿", "a bundle folder may hold only one workbook")
    return tables, policy


def write_csv_copy(path: Path, out: Path) -> list[str]:
    """The bundle at `path` in any form it is read from (CSVs in any accepted encoding, one workbook, a .zip) as UTF-8
    CSV files and policy.json in the folder `out`, cell for cell: what a tool that writes one bundle from another starts
    from (execution.history.next_bundle; foreign39 F3: it copied the files as they were and then read officers.csv as
    UTF-8, which a workbook bundle has not and a GBK one does not decode). Raises BundleInvalid where the bundle does not
    read; returns the names written."""
    problems = Collector()
    tables, policy = raw_tables(collect_sources(Path(path), problems), problems)
    problems.raise_if_any()
    written = []
    for name, table in sorted(tables.items()):
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(table.header)
            width = len(table.header)  # a workbook's row ends at its last filled cell: the CSV's has every column
            w.writerows(cells + [""] * (width - len(cells)) for _, cells in table.rows)
        written.append(f"{name}.csv")
    if policy is not None:
        (out / POLICY).write_text(policy, encoding="utf-8")
        written.append(POLICY)
    return written
