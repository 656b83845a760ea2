"""Raw tables → typed pandas frames, cell by cell, every problem with its position."""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd

from bundle.cells import Bad, control_character, empty_value, parse_cell
from bundle.problems import Collector
from bundle.reader import RawTable, csv_error_words, named
from bundle.schema import FileSpec, Kind

ROW = "_row"  # the spreadsheet row each record came from, kept for later messages
NULLABLE_BOOLS = frozenset({"rectified"})  # empty means "not recorded", not false


def typed_frame(spec: FileSpec, raw: RawTable | None, out: Collector, book: str | None = None) -> pd.DataFrame:
    """The file's typed frame; an absent optional file is an empty frame of the same shape. `book`: the workbook the
    bundle's tables are read from, whose missing sheet is named as a sheet."""
    label = raw.label if raw else spec.filename
    if raw is not None and raw.undecodable:  # decode_csv said why; "missing" would contradict it (hunt26)
        return _frame(spec, {c.name: [] for c in spec.columns}, [], {})
    if raw is None:
        if spec.required and spec.name not in out.meant:  # a file or sheet taken for it was refused by name: said there
            if book is None:
                out.add(spec.filename, 0, "-", f"缺少必需文件 {spec.filename}（{spec.zh}）", f"required file {spec.filename} is missing")
            else:  # foreign44 F6: "缺少必需文件 agencies.csv" of a workbook that never had a CSV
                zh, en = named(spec.name)
                out.add(f"{book}[{spec.name}]", 0, "-", f"工作簿中没有必需的工作表 {zh}（工作表名应与文件名相同，不含 .csv）",
                        f"the workbook has no sheet {en}, which is required (a sheet is named like its file, without .csv)")
        return _frame(spec, {c.name: [] for c in spec.columns}, [], {})

    if raw.unreadable and raw.unreadable[0] == 1:  # not even a header: its columns cannot be checked
        _unreadable(raw, out)
        return _frame(spec, {c.name: [] for c in spec.columns}, [], {})
    header = raw.header
    seen: set[str] = set()
    for h in header:
        if h in seen and h:
            out.add(label, 1, h, f"列名重复：{h}", f"duplicate column {h}")
        seen.add(h)
    index = {h: i for i, h in enumerate(header) if h}
    known = {c.name for c in spec.columns}
    missing = [col.name for col in spec.columns if col.required and col.name not in index]
    rows_in = iter(raw.rows)
    first = next(rows_in, None)
    if missing and first is not None and _title_row(header, first[1], spec):
        # walk45 G8: a register exported with a title above its header (长治市…名录库（2026年12月导出）, merged A1:K1) read
        # as five missing columns and a "row has 11 fields" per row; said once, and its rows are not read against row 1
        title = next((h for h in header if h), "")
        out.add(label, 1, "-", f"第1行不是表头，第{first[0]}行才是（第1行“{title}”似为标题行）：请删除表头上方的标题行后重新提交",
                f"row 1 is not the header, row {first[0]} is (row 1, {title!r}, looks like a title): remove the rows above the "
                "header and submit again")
        for _ in rows_in:  # read to its end, so that a CSV's own faults are still found
            pass
        return _frame(spec, {c.name: [] for c in spec.columns}, [], {})
    for name in missing:
        typo = _near_column(name, [h for h in index if h not in known])
        if typo is None:
            out.add(label, 1, name, f"缺少必需列 {name}", f"required column {name} is missing")
        else:  # walk45 G10: the column typed `distirct_code` was there, and only "missing" was said
            out.add(label, 1, name, f"缺少必需列 {name}；表头中有未识别的列 {typo}，是否应为 {name}？",
                    f"required column {name} is missing; the header has an unrecognised column {typo}: should it be {name}?")

    if raw.control:
        for pos, h in enumerate(header, start=1):
            if (bad := control_character(h)) is not None:
                out.add(label, 1, h or f"#{pos}", bad.zh, bad.en)
    width = len(header)
    values: dict[str, list[object]] = {c.name: [] for c in spec.columns}
    extras = [h for h in header if h and h not in values]
    extra_values: dict[str, list[object]] = {h: [] for h in extras}
    rows: list[int] = []
    # equal values of a column as one object, shared as each row is read (an id, code, enum or date repeated on
    # 400k rows costs a pointer per row): the duplicate dies with its row, and the next row reuses its memory
    same: dict[str, dict[object, object]] = {c.name: {} for c in spec.columns}
    alike = Alike(label, out)
    for row, cells in itertools.chain([first] if first is not None else [], rows_in):
        if len(cells) > width:
            alike.add(row, "-", f"该行有{len(cells)}个字段，表头只有{width}列", f"row has {len(cells)} fields, the header {width}")
        if len(cells) < width and (j := next((k for k, c in enumerate(cells) if _swallowed(c, width)), None)) is not None:
            # a quote opened and never closed: the csv module read the following lines into this one cell
            n = cells[j].count("\n")
            out.add(label, row, header[j] or "-", f"该单元格以引号 \" 开始却未闭合：其后 {n} 行都被读进了这一格，请补上或删去引号",
                    f"this cell opens a quote (\") that is never closed: the next {n} lines were read into it; close or remove the quote")
            cells = [c.split("\n", 1)[0] if "\n" in c else c for c in cells]  # the row's own part, so each cell's check reads short
        rows.append(row)
        for col in spec.columns:
            i = index.get(col.name)
            text = cells[i] if i is not None and i < len(cells) else ""
            if text == "":
                if col.nonempty and i is not None:
                    alike.add(row, col.name, f"{col.name} 不能为空", f"{col.name} must not be empty")
                values[col.name].append(empty_value(col))
                continue
            refused = control_character(text) if raw.control else None
            v: object = parse_cell(col, text) if refused is None else refused
            if isinstance(v, Bad):
                alike.add(row, col.name, v.zh, v.en, v.cause)
                v = empty_value(col)
            elif isinstance(v, (str, dt.date)):
                v = same[col.name].setdefault(v, v)
            elif isinstance(v, list):
                shared = same[col.name]
                v = [shared.setdefault(x, x) for x in v]
            values[col.name].append(v)
        for h in extras:
            i = index[h]
            text = cells[i] if i < len(cells) else ""
            if raw.control and (bad := control_character(text)) is not None:  # kept with the bundle, so exported too
                out.add(label, row, h, bad.zh, bad.en)
                text = ""
            extra_values[h].append(text)

    alike.flush()
    _unreadable(raw, out)
    if spec.required and not rows and not raw.unreadable:
        # a register with its header only: a plan of no visits and no shortfalls, approved as complete (hunt26)
        out.add(label, 2, "-", f"必需文件 {spec.filename}（{spec.zh}）只有表头，没有数据行",
                f"required file {spec.filename} has a header but no rows")
    frame = _frame(spec, values, rows, extra_values)
    _check_unique(spec, frame, label, out)
    return frame


ALIKE_ROWS = 5  # more rows than this of one cause in one column are one problem, with the count and the first rows


class Alike:
    """A file's cell problems, each column's of one cause (an identical message, or one `Bad.cause`) told once when more
    than ALIKE_ROWS rows have it: its first row's message, the count and the first rows (walk45 G8: a register Excel had
    saved with 2021/1/24 dates gave 250 date problems, a table 250 lines long). Fewer are told row by row, as before."""

    def __init__(self, label: str, out: Collector) -> None:
        self.label, self.out = label, out
        self.groups: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
        self.counts: dict[tuple[str, str], int] = {}

    def add(self, row: int, column: str, zh: str, en: str, cause: str = "") -> None:
        key = (column, cause or zh)
        n = self.counts.get(key, 0) + 1
        self.counts[key] = n
        if n <= ALIKE_ROWS + 1:  # the first rows' words kept; of the rest, only the count and the cell (for `has`)
            self.groups.setdefault(key, []).append((row, zh, en))
        else:
            self.out.told(self.label, row, column)

    def flush(self) -> None:
        for (column, _), told in self.groups.items():
            n = self.counts[(column, _)]
            if n <= ALIKE_ROWS:
                for row, zh, en in told:
                    self.out.add(self.label, row, column, zh, en)
                continue
            row, zh, en = told[0]
            shown = [r for r, _, _ in told[:ALIKE_ROWS]]
            self.out.add(self.label, row, column,
                         f"{zh}（此列同样的问题共 {n} 行：第{'、'.join(map(str, shown))}行等，请一并改正）",
                         f"{en} (the same problem in {n} rows of this column: rows {', '.join(map(str, shown))}, …; correct them all)")
            for r, _, _ in told[1:]:
                self.out.told(self.label, r, column)


def _title_row(header: list[str], first: list[str], spec: FileSpec) -> bool:
    """Row 1 is a title above the real header: the next row holds every required column's name, row 1 none of them."""
    required = {c.name for c in spec.columns if c.required}
    return not required & set(header) and required <= {c.strip() for c in first}


def _near_column(name: str, unknown: list[str]) -> str | None:
    """The header's unrecognised column closest to a missing column's name (a typo, another case, a space for `_`), if any."""
    import difflib

    lows = {h.lower().replace(" ", "_").replace("-", "_"): h for h in unknown}
    close = difflib.get_close_matches(name, list(lows), n=1, cutoff=0.8)
    return lows[close[0]] if close else None


def _swallowed(cell: str, width: int) -> bool:
    """A cell whose next line reads like a record of this file (half the header's commas or more): the mark of an
    unclosed quote, not of an address typed on two lines."""
    _, nl, rest = cell.partition("\n")
    return bool(nl) and rest.split("\n", 1)[0].count(",") >= max(1, width // 2)


def _unreadable(raw: RawTable, out: Collector) -> None:
    """Where the csv module gave up on the file (a cell over its limit), as api/uploads.py words it."""
    if raw.unreadable:
        row, why = raw.unreadable
        zh, en = csv_error_words(why)
        out.add(raw.label, row, "-", f"CSV 格式错误，自此行起无法读取：{zh}", f"malformed CSV, unreadable from this row on: {en}")


def _frame(spec: FileSpec, values: dict[str, list[object]], rows: list[int], extras: dict[str, list[object]]) -> pd.DataFrame:
    data: dict[str, pd.Series] = {}
    for col in spec.columns:
        v = values[col.name]
        if col.kind is Kind.DATE:
            s = pd.Series(pd.to_datetime(pd.Series(v, dtype=object)), dtype="datetime64[ns]")
        elif col.kind is Kind.INT:
            s = pd.Series(pd.array(v, dtype="Int64"))
        elif col.kind is Kind.FLOAT:
            s = pd.Series(v, dtype="float64")
        elif col.kind is Kind.BOOL:
            s = pd.Series(pd.array(v, dtype="boolean"))
            if col.name not in NULLABLE_BOOLS:
                s = s.fillna(False).astype(bool)
        elif col.kind is Kind.LIST:
            s = pd.Series(_shared_lists(v), dtype=object)
        else:
            s = pd.Series(_shared(v), dtype=object)
        values[col.name] = []  # this column's parsed cells are no longer needed: free them before the next
        data[col.name] = s
    for h, v in extras.items():
        data[h] = pd.Series(_shared(v), dtype=object)
    data[ROW] = pd.Series(rows, dtype="int64")
    return pd.DataFrame(data)


def _shared(values: list[object]) -> list[object]:
    """Equal strings as one object: an id, code or enum repeated on 400k rows (an enterprise's
    inspections, a district code, an outcome) costs a pointer per row, not a string per row."""
    seen: dict[object, object] = {}
    return [seen.setdefault(v, v) if isinstance(v, str) else v for v in values]


def _shared_lists(values: list[object]) -> list[object]:
    """The same for the strings inside ';'-lists (officer ids of past inspections)."""
    seen: dict[str, str] = {}
    return [[seen.setdefault(x, x) for x in v] if isinstance(v, list) else v for v in values]


def _check_unique(spec: FileSpec, frame: pd.DataFrame, label: str, out: Collector) -> None:
    if not spec.key or frame.empty:
        return
    key = list(spec.key)
    # a key that is not there (an empty cell, a date that did not parse, a column missing) has its own problem; two of
    # them are not "duplicate NaT (first at row nan)" (hunt26)
    keys = frame[[*key, ROW]]  # the key columns only: a copy of 400,000 inspections' every column is the province's peak
    keys = keys[keys[key].notna().all(axis=1) & (keys[key] != "").all(axis=1)]
    dup = keys.duplicated(key, keep=False)
    frame = keys
    if not dup.any():
        return
    first_row = frame[dup].groupby(key, sort=False)[ROW].transform("min")
    later = frame[dup][frame[dup][ROW] != first_row]
    for (_, rec), first in zip(later.iterrows(), first_row[later.index], strict=True):
        what = "+".join(_key_text(rec[k]) for k in key)
        out.add(label, int(rec[ROW]), key[-1],
                f"{'+'.join(key)} 重复：{what}（首次出现在第{first}行）",
                f"duplicate {'+'.join(key)} {what} (first at row {first})")


def _key_text(v: object) -> str:
    """A key's value as the planner typed it: a date as 2027-01-01, not pandas' "2027-01-01 00:00:00" (walk45 G2)."""
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    return str(v)
