"""The plan as a workbook a bureau files and prints (openpyxl): 汇总, 检查安排 (once the year runs: 执行中的安排 and
批准时的检查安排), 抽取名单, 未满足事项, 审批. Every text cell is written as text, never as a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from api.clock import today as year_today
from api.flow import BASIS_ZH, KIND_ZH, MODE_ZH, timeline
from api.i18n import ROLE_WORDS, T
from api.models import Plan, SelectionRow, VisitRow, row_id
from api.services import STATE_ZH
from api.sheets import empty_workbook, first_sheet
from bundle.cells import CONTROL
from bundle.schema import SECTOR_ZH
from execution import Year
from execution.context import VISIT_COLUMNS
from execution.context import team_name as named_team

# A cell starting with one of these is a formula (or becomes one when edited) in Excel,
# LibreOffice and Google Sheets: OWASP's CSV-injection list.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DECISION_ZH = {"submitted": "提交审批", "approved": "批准", "rejected": "退回", "published": "公示", "superseded": "被新版本取代",
               "closed": "年度结束（公布种子）", "discarded": "作废草稿"}
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")


def csv_safe(value: object) -> object:
    """For CSV files: a text starting like a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with BOM (Excel opens it as UTF-8), every cell formula-safe."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([csv_safe(h) for h in header])
    for r in rows:
        w.writerow([csv_safe(v) for v in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_row(row: Iterable[object]) -> list[object]:
    """A row as an .xlsx can hold it: a control character it cannot store (U+0007 in a name from a legacy export, or typed
    into an in-year form) shown as U+FFFD, not an IllegalCharacterError that fails the whole workbook (hunt26). Uploads
    refuse such cells (bundle.cells.control_character); this covers what reached the store another way."""
    return [CONTROL.sub("\ufffd", v) if isinstance(v, str) else v for v in row]


def text_cells(ws: Worksheet) -> None:
    """Every string cell stays a string: openpyxl would store '=…' as a formula."""
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and (c.data_type == "f" or c.value.startswith(FORMULA_START)):
                c.data_type = "s"
                c.quotePrefix = True  # Excel keeps it text when the cell is edited


INTERNAL = "内部资料 不得公开"
WRAP_FROM = 24  # a column this wide or wider holds text that wraps
WRAP = Alignment(wrap_text=True, vertical="top")


def table_sheet(wb: Workbook, title: str, heading: str, sub: str, header: list[str], rows: Iterable[Sequence[object]],
                widths: list[int]) -> Worksheet:
    """A sheet that files and prints: a title, a bold frozen header with filters, widths, landscape fit to width."""
    ws = wb.create_sheet(title)
    ws.append(xlsx_row([heading]))
    ws.append(xlsx_row([sub]))
    ws.append(header)
    for row in rows:
        ws.append(xlsx_row(row))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"].font = Font(color="555555")
    for c in ws[3]:
        c.font = Font(bold=True)
        c.fill = HEAD_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
        if w >= WRAP_FROM:  # a long text column wraps in its width (walk14: reasons and team lists were cut off)
            for (cell,) in ws.iter_rows(min_row=4, min_col=i, max_col=i):
                cell.alignment = WRAP
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(header))}{max(3, ws.max_row)}"
    print_setup(ws)
    ws.print_title_rows = "3:3"
    text_cells(ws)
    return ws


def print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    # openpyxl fills both in on a new sheet; its descriptors still allow None, so make sure
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ws.oddFooter is None:
        ws.oddFooter = HeaderFooterItem()
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"


def workbook(session: Session, plan: Plan, officers: dict[str, tuple[str, str]] | None = None, internal: bool = False,
             running: Year | None = None) -> bytes:
    """officers: officer_id → (name, certificate_no); certificate numbers only in an internal copy. `running`: the plan's
    year once it runs (api.yearstore): then the first list is 执行中的安排, the schedule in force — moved days, officers
    re-staffed, visits inserted and cancelled — and the plan as approved follows it, titled so, with the in-year
    changes in 审批 (walk15: mid-year the workbook sent officers on leave to a day the visit had left)."""
    s = plan.summary or {}
    officers = officers or {}
    agencies: dict[str, str] = s.get("agencies", {})
    items = {i["item_id"]: i["name"] for i in s.get("items", [])}
    teams = s.get("teams", {})
    year = s.get("year") or plan.year
    bureau = "、".join(agencies.values()) or "—"
    # every sheet holds names, dates, officers and reasons before the visits (R-PUBLISH keeps them from the public): it
    # says so on screen and on paper (walk14: nothing marked the workbook internal)
    heading = f"{year}年度涉企行政检查计划 · {bureau}（{INTERNAL}）"
    sub = f"计划编号 {plan.id} · 第{plan.version}版 · {STATE_ZH.get(plan.state, plan.state)} · 检查包内容 sha256 {s.get('input_sha256', '')}"
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = "汇总"
    events = timeline(session, row_id(plan))
    approved = next((e for e in reversed(events) if e["decision"] == "approved"), None)
    approved_counts: dict[str, dict[str, int]] = s.get("counts", {})
    # the schedule in force holds the changes not rejected: a rejected one was undone (walk28: "含年内调整 3 次" counted a
    # rejected move); the rejected are said beside it, and every one is on the 审批 sheet
    in_year = [v for v in running.versions if v.number > 1] if running is not None else []
    changes = [v for v in in_year if v.state != "rejected"]
    undone = len(in_year) - len(changes)
    in_force = f"含年内调整 {len(changes)} 次" + (f"，另有 {undone} 次被退回" if undone else "")
    # once the year runs, each figure twice, labelled: the plan as approved (批准时的检查安排) and the schedule in force
    # (执行中的安排), each equal to its own sheet's rows (prod24: the summary counted the approved plan while the first
    # list counted the schedule in force, and after a cancellation the two disagreed with no word why)
    live = in_force_counts(running) if running is not None else None
    rows: list[tuple[object, ...]] = [
        (heading, ""), ("年度", year), ("计划编号 / 版本", f"{plan.id} / 第{plan.version}版"),
        ("状态", STATE_ZH.get(plan.state, plan.state)), ("检查包内容 sha256（plan.json input_sha256，非压缩包本身）", s.get("input_sha256")),
        ("抽签种子 sha256（承诺值）", hashlib.sha256(str(s.get("seed", "")).encode()).hexdigest()),
    ]
    if live is not None:
        rows += [("", "批准时的计划（工作表“批准时的检查安排”）", f"执行中的安排，截至 {year_today()}，{in_force}（工作表“执行中的安排”）")]
    rows += [("检查总数" + ("（不含已取消）" if live is not None else ""), approved_counts.get("visits", {}).get("total"),
              *([live["visits"]["total"]] if live is not None else [])),
             ("联合检查率", f"{s['joint_rate']:.1%}" if s.get("joint_rate") is not None else "—",
              *([f"{live['joint_rate']:.1%}" if live["joint_rate"] is not None else "—"] if live is not None else [])),
             ("未满足事项（工作表“未满足事项”，批准时）", s.get("n_shortfalls"))]
    for key, label, words in (("basis", "按依据", BASIS_ZH), ("mode", "按方式", MODE_ZH), ("month", "按月份", {}), ("agency", "按执法主体", agencies)):
        mine, now = approved_counts.get(key, {}), (live or {}).get(key, {})
        for k in sorted(set(mine) | set(now)) if live is not None else mine:
            rows.append((f"{label}：{words.get(k, k)}", mine.get(k, 0), *([now.get(k, 0)] if live is not None else [])))
    if live is not None:  # what 执行中的安排 lists beside the visits counted: each state, the cancelled ones among them
        rows += [(f"按状态：{T['zh'].get(f'visit_{k}', k)}", "", n) for k, n in sorted(live["status"].items())]
    sv = s.get("solver", {})
    rows += [("求解配置", f"{sv.get('engine', 'cp-sat')} · 每部分确定性时限 {sv.get('deterministic_time_limit')} 秒 · 进程 {sv.get('workers')}")]
    rows += [("", ""), ("审批意见", approved["comment"] if approved else ""), ("批准人", approved["username"] if approved else ""),
             ("批准日期", approved["at"] if approved else ""), ("领导签字", "")]
    for row in rows:
        ws.append(xlsx_row(row))
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 80 if live is None else 40
    ws.column_dimensions["C"].width = 40
    print_setup(ws)
    text_cells(ws)

    names = dict(session.exec(select(SelectionRow.enterprise_id, SelectionRow.name).where(SelectionRow.plan_id == plan.id)).all())

    def officer_names(ids: str) -> str:
        return "、".join(officers.get(o, (o, ""))[0] for o in ids.split(";") if o)

    def certs(ids: str) -> str:
        return "、".join(officers.get(o, ("", ""))[1] for o in ids.split(";") if o)

    def team_name(t: str) -> str:
        info = teams.get(t) or {}
        return named_team(agencies.get(info.get("agency_id", ""), ""), info.get("district_code", ""), t) if info else t

    header = ["序号", "检查编号", "日期", "企业名称", "统一社会信用代码", "区县", "分级", "方式", "依据", "牵头单位", "参加单位", "检查事项",
              "执法队伍", "执法人员"] + (["执法证号"] if internal else []) + ["线索编号"]
    vrows = []
    for i, r in enumerate(session.exec(select(VisitRow).where(VisitRow.plan_id == plan.id).order_by(VisitRow.date, VisitRow.visit_id)), start=1):
        vrows.append([i, r.visit_id, r.date, names.get(r.enterprise_id, ""), r.enterprise_id, r.district_code, r.tier, MODE_ZH.get(r.mode, r.mode),
                      BASIS_ZH.get(r.basis, r.basis), agencies.get(r.lead_agency_id, r.lead_agency_id),
                      "、".join(agencies.get(a, a) for a in r.agency_ids.split(";")), "、".join(items.get(x, x) for x in r.item_ids.split(";")),
                      "、".join(team_name(t) for t in r.team_ids.split(";") if t), officer_names(r.officer_ids)]
                     + ([certs(r.officer_ids)] if internal else []) + [r.trigger_id])
    widths = [6, 10, 11, 28, 20, 8, 5, 12, 10, 16, 22, 36, 24, 22] + ([28] if internal else []) + [12]
    if running is not None:
        yrows = []
        for i, v in enumerate(sorted(running.visits.values(), key=lambda v: (v.date, v.visit_id)), start=1):
            ids = ";".join(v.officer_ids)
            yrows.append([i, v.visit_id, v.date.isoformat(), names.get(v.enterprise_id, ""), v.enterprise_id, v.district_code, v.tier,
                          MODE_ZH.get(v.mode, v.mode), BASIS_ZH.get(v.basis, v.basis), agencies.get(v.lead_agency_id, v.lead_agency_id),
                          "、".join(agencies.get(a, a) for a in v.agency_ids), "、".join(items.get(x, x) for x in v.item_ids),
                          "、".join(team_name(t) for t in v.teams.values() if t), officer_names(ids)] + ([certs(ids)] if internal else [])
                         + [v.trigger_id, str(T["zh"].get(f"visit_{v.status}", v.status)) + (f"：{v.reason}" if v.reason else "")])
        table_sheet(wb, "执行中的安排", heading, f"截至 {year_today()} 的执行安排（{in_force}）" + ("（内部版，含执法证号）" if internal else ""),
                    [*header, "状态"], yrows, [*widths, 24])
    table_sheet(wb, "批准时的检查安排" if running is not None else "检查安排", heading,
                sub + ("（批准时的计划；执行中的安排见前一工作表）" if running is not None else "") + ("（内部版，含执法证号）" if internal else ""),
                header, vrows, widths)

    sel = session.exec(select(SelectionRow).where(SelectionRow.plan_id == plan.id)
                       .order_by(SelectionRow.tier, col(SelectionRow.draw_rank).is_(None), col(SelectionRow.draw_rank), SelectionRow.enterprise_id)).all()
    srows = [[i, r.tier, r.draw_rank if r.draw_rank is not None else "", r.name, r.enterprise_id, SECTOR_ZH.get(r.sector, r.sector),
              "是" if r.selected else "否", BASIS_ZH.get(r.basis, r.basis), r.visits_planned, r.reason_zh] for i, r in enumerate(sel, start=1)]
    places = s.get("places", {})
    pools = s.get("pools", {})
    # tier D is not drawn (R-SAMPLE: every one); its "pool" is empty (walk8: "D级0家中抽25家")
    draws = [f"{t}级全覆盖{n}家" if t not in pools or (t == "D" and not pools.get(t)) else f"{t}级{pools[t]}家中抽{n}家"
             for t, n in sorted(places.items())]
    table_sheet(wb, "抽取名单", heading, "各级抽签：" + "；".join(draws),
                ["序号", "分级", "抽签序号", "企业名称", "统一社会信用代码", "行业", "是否列入计划", "依据", "计划检查次数", "理由"], srows,
                [6, 5, 8, 28, 20, 12, 8, 14, 8, 70])

    frows = [[i, KIND_ZH.get(str(x.get("kind")), x.get("kind")), names.get(str(x.get("id")), "") or x.get("id"), x.get("id"), x.get("rule"),
              x.get("binding")] for i, x in enumerate(s.get("shortfalls", []), start=1)]
    table_sheet(wb, "未满足事项", heading, f"共 {len(frows)} 项", ["序号", "类别", "对象", "编号", "规则", "约束资源"], frows, [6, 10, 28, 20, 14, 80])

    arows = [[i, e["at"], e["username"], ROLE_WORDS["zh"].get(e["role"], e["role"]), DECISION_ZH.get(e["decision"], e["decision"]), e["comment"]] for i, e in enumerate(events, start=1)]
    for ver in (x for x in (running.versions if running is not None else []) if x.number > 1):  # the in-year changes (R-APPROVE)
        signed = (ver.approved_on, ver.approved_by, "批准") if ver.approved_by else (ver.rejected_on, ver.rejected_by, "退回") if ver.rejected_by else \
            (ver.created_on, ver.created_by, "待审批" if ver.state == "submitted" else "紧急先行，待补批")
        arows.append([len(arows) + 1, signed[0], signed[1], "", f"年内调整第{ver.in_year_change}次{signed[2]}（{ver.summary}）", ver.comment])
    table_sheet(wb, "审批", heading, sub, ["序号", "时间", "人员", "角色", "动作", "意见"], arows, [6, 18, 14, 10, 16, 80])
    for sheet in wb.worksheets:
        if sheet.oddHeader is None:
            sheet.oddHeader = HeaderFooterItem()
        sheet.oddHeader.right.text = INTERNAL + ("（含执法证号）" if internal else "")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def in_force_counts(y: Year) -> dict[str, Any]:
    """The schedule in force counted as the approved plan's summary is (scheduler.output.counts, joint_rate): the
    visits not cancelled; `status`: every visit 执行中的安排 lists, by state, cancelled ones included."""
    from collections import Counter

    import pandas as pd

    from scheduler.output import counts, joint_rate

    active = pd.DataFrame([v.row() for v in y.visits.values() if v.status != "cancelled"], columns=list(VISIT_COLUMNS))
    return {**counts(active), "joint_rate": joint_rate(active), "status": dict(Counter(v.status for v in y.visits.values()))}


def selection_csv(session: Session, plan: Plan) -> bytes:
    """selection.csv as plan.md names its columns (the auditor's input for a redraw), formula-safe."""
    cols = ["enterprise_id", "tier", "risk_score", "selected", "basis", "draw_rank", "visits_planned", "reason_zh", "reason_en"]
    rows = session.exec(select(SelectionRow).where(SelectionRow.plan_id == plan.id).order_by(SelectionRow.enterprise_id)).all()
    return csv_bytes(cols, ([r.enterprise_id, r.tier, f"{r.risk_score:.6f}", "true" if r.selected else "false", r.basis,
                             r.draw_rank if r.draw_rank is not None else "", r.visits_planned, r.reason_zh, r.reason_en] for r in rows))


def problems_xlsx(problems: list[dict[str, Any]], names: dict[tuple[str, int], str]) -> bytes:
    """The upload's error list as a workbook: file, row, column, 企业名称 where the row names one, the message."""
    wb = empty_workbook()
    table_sheet(wb, "问题清单", "检查包问题清单 · problems", f"共 {len(problems)} 项", ["序号", "文件", "行", "列", "企业名称", "问题", "problem"],
                [[i, p["file"], p["row"], p["column"], names.get((p["file"], p["row"]), ""), p["message_zh"], p["message_en"]]
                 for i, p in enumerate(problems, start=1)], [6, 22, 6, 18, 28, 60, 60])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
