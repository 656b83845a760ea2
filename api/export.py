"""The plan as a workbook for the leader's signature (Chinese headings)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import Session, select

from api.models import Plan, SelectionRow, VisitRow

BASIS_ZH = {"mandatory": "重点检查", "sampled": "随机抽查", "triggered": "线索检查", "follow_up": "整改复查"}
MODE_ZH = {"onsite": "入企现场检查", "remote": "非现场检查"}
STATE_ZH = {"draft": "草稿", "submitted": "待审批", "approved": "已批准", "rejected": "已退回", "published": "已公示"}


def workbook(session: Session, plan: Plan) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    s = plan.summary
    rows = [("涉企行政检查年度计划", ""), ("年度", s.get("year")), ("计划编号 / 版本", f"{plan.id} / v{plan.version}"),
            ("状态", STATE_ZH.get(plan.state, plan.state)), ("抽签种子", s.get("seed")), ("检查包 sha256", s.get("input_sha256")),
            ("检查总数", s.get("counts", {}).get("visits", {}).get("total")),
            ("联合检查率", f"{s['joint_rate']:.1%}" if s.get("joint_rate") is not None else "—"), ("未满足事项", s.get("n_shortfalls"))]
    rows += [(f"按依据：{BASIS_ZH.get(k, k)}", v) for k, v in s.get("counts", {}).get("basis", {}).items()]
    rows += [(f"按方式：{MODE_ZH.get(k, k)}", v) for k, v in s.get("counts", {}).get("mode", {}).items()]
    rows += [(f"按月份：{k}", v) for k, v in s.get("counts", {}).get("month", {}).items()]
    rows += [("", ""), ("审批意见", ""), ("领导签字", ""), ("日期", "")]
    for r in rows:
        ws.append(list(r))
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 70
    vs = wb.create_sheet("检查安排")
    vs.append(["检查编号", "日期", "统一社会信用代码", "企业名称", "区县", "方式", "牵头单位", "参加单位", "检查事项", "执法人员", "依据", "线索编号", "分级"])
    names = dict(session.exec(select(SelectionRow.enterprise_id, SelectionRow.name).where(SelectionRow.plan_id == plan.id)).all())
    for r in session.exec(select(VisitRow).where(VisitRow.plan_id == plan.id).order_by(VisitRow.visit_id)):
        vs.append([r.visit_id, r.date, r.enterprise_id, names.get(r.enterprise_id, ""), r.district_code, MODE_ZH.get(r.mode, r.mode),
                   r.lead_agency_id, r.agency_ids.replace(";", "、"), r.item_ids.replace(";", "、"), r.officer_ids.replace(";", "、"),
                   BASIS_ZH.get(r.basis, r.basis), r.trigger_id, r.tier])
    for c in vs[1]:
        c.font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
