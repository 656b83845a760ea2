"""The audit trail (R-AUDIT): JSON at GET /api/audit, and the page /audit an auditor reads (newest first, filtered by
plan, visit and action, a page at a time). The same roles for both: leader, admin, auditor."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from api.clock import local
from api.deps import OptionalId, SessionDep, require
from api.models import AuditEvent, User, row_id
from api.schemas import AuditOut

router = APIRouter(tags=["audit"])
PAGE_MAX = 5000  # events per answer; the next page starts `after` the last id
AUDIT_ROLES = ("leader", "admin", "auditor")  # who reads the trail, as JSON or as the page
PAGE_ROWS = 100  # events per page of /audit: a year's trail holds thousands
# the trail's action groups (the part before the dot) in words, for the page's filter and its rows
GROUP_WORDS = {"plan": ("计划", "plan"), "bundle": ("检查包", "bundle"), "visit": ("检查", "visit"), "deadline": ("时限事项", "deadline"),
               "version": ("年内调整", "in-year change"), "trigger": ("线索", "trigger"), "case_review": ("案卷评查", "case review"),
               "officer": ("执法人员", "officer"), "user": ("账号", "account"), "auth": ("登录", "login"),
               "enterprise": ("年内新增企业", "firm entered during the year"), "year": ("年度", "year"), "integrity": ("文件校验", "file integrity")}
# each action in words beside its code (walk43 G12: a Chinese auditor read plan.approve, visit.record …); one missing
# here shows its code alone, and a test lists every action the code writes against it
ACTION_ZH = {
    "bundle.upload": "上传检查包", "bundle.upload.again": "重复上传（未另存）", "bundle.revise": "修改政策参数", "bundle.download": "下载检查包",
    "plan.create": "生成计划", "plan.generated": "计划生成完成", "plan.failed": "计划生成失败", "plan.refused": "计划生成被拒", "plan.submit": "提交审批", "plan.approve": "批准计划",
    "plan.reject": "退回计划", "plan.publish": "公示计划", "plan.discard": "作废草稿", "plan.superseded": "被新版本取代", "plan.cancel": "取消生成",
    "plan.close_year": "年度结束", "plan.redraw": "复核抽签", "plan.download": "下载计划文件", "plan.export": "导出工作簿",
    "plan.revise_note": "修订说明", "plan.replan": "重新安排（人员不可用）",
    "visit.notified": "送达检查通知书", "visit.record": "记录检查结果", "visit.record_correct": "更正检查结果", "visit.overdue": "逾期未记录",
    "visit.cancelled": "取消检查", "visit.planned": "恢复为待检查", "visit.done": "标记已检查", "visit.insert": "插入检查", "visit.moved": "改期",
    "visit.moved_for_insert": "为插入检查改期", "visit.move_back": "改回原日期", "visit.reschedule": "改期", "visit.restore": "恢复检查",
    "visit.replan": "重新安排", "visit.give_way": "让位", "visit.drop_agency": "联合检查减去一个执法主体", "visit.notice_void": "通知书作废",
    "visit.change_approved": "年内调整获批准", "visit.change_rejected": "年内调整被退回",
    "version.approve": "批准年内调整", "version.reject": "退回年内调整", "trigger.close": "办结线索", "trigger.hold": "线索暂缓（列为未满足）",
    "officer.leave": "登记请假", "officer.suspended": "登记暂扣执法证", "officer.departed": "登记调离或离职", "officer.absence_withdrawn": "撤回不可用登记",
    "deadline.feedback": "结果告知", "deadline.transfer": "移送处罚", "deadline.transfer_feedback": "移送反馈", "deadline.archive": "立卷归档",
    "deadline.publish": "结果公示", "deadline.transfer_decision": "移送部门作出立案决定", "deadline.rectified": "整改完成",
    "case_review.draw": "抽取评查案卷", "enterprise.add": "登记年内新增企业", "enterprise.withdraw": "撤回年内新增企业", "enterprise.closed": "登记企业注销或停业",
    "year.next_bundle": "下载下一年度检查包", "user.password": "修改密码", "user.revoke": "注销账号会话",
    "user.add": "创建账号", "user.disable": "停用账号", "user.enable": "启用账号", "user.unlock": "解除登录锁定", "user.scope": "限定记录范围", "integrity.mismatch": "文件校验不符",
}
# the keys an event's detail holds most often, in words (the rest shows its key)
DETAIL_ZH = {"comment": "意见", "reason": "原因", "who": "操作人", "counts": "数量", "open_work": "未办结事项", "visits": "检查", "team": "队伍",
             "officer_id": "执法人员", "start": "开始", "end": "结束", "date": "日期", "from": "原日期", "to": "新日期", "version": "调整序号",
             "trigger_id": "线索编号", "enterprise_id": "企业", "outcomes": "结果", "rectify_by": "整改期限", "notes": "备注", "done_on": "办理日期",
             "overtaken": "批准时已过期或在冻结期内", "username": "账号", "sessions": "会话数", "note": "说明", "first_day": "首个可排日",
             "sha256": "校验值", "file": "文件", "quarter": "季度", "files": "案卷"}


@router.get("/api/audit", response_model=list[AuditOut])
def events(session: SessionDep, user: Annotated[User, Depends(require(*AUDIT_ROLES))], plan_id: OptionalId = None,
           after: Annotated[int, Query(ge=0, le=2**62, description="events with an id above this one (the last id of the previous page)")] = 0,
           limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = PAGE_MAX) -> list[AuditOut]:
    """The audit trail, oldest first, a page at a time: `after` the last id seen (review10: a year's trail passes 5,000
    events and its newest acts were out of reach)."""
    q = select(AuditEvent).where(col(AuditEvent.id) > after).order_by(col(AuditEvent.id))
    if plan_id is not None:
        q = q.where(AuditEvent.plan_id == plan_id)
    return [AuditOut(id=row_id(e), at=e.at.isoformat(), username=e.username, action=e.action, plan_id=e.plan_id, bundle_id=e.bundle_id,
                     detail=e.detail) for e in session.exec(q.limit(limit))]


def _whole(value: str, field: str, zh: str) -> int | None:
    """A page's number field: None when empty, else a whole number ≥ 1, or ValueError naming the field both ways."""
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 2**62:
        raise ValueError(f"{zh}应为正整数，实际 {value!r} / {field} must be a whole number ≥ 1, got {value!r}")
    return int(value)


def _filtered(q: SelectOfScalar[Any], plan_id: int | None, visit_id: str, action: str) -> SelectOfScalar[Any]:
    if plan_id is not None:
        q = q.where(AuditEvent.plan_id == plan_id)
    if visit_id:  # the year's events name their visit in the detail (execution.Year.audit)
        q = q.where(col(AuditEvent.detail)["visit_id"].as_string() == visit_id)
    if action.endswith("."):  # a group: plan. visit. deadline. …
        q = q.where(col(AuditEvent.action).startswith(action, autoescape=True))
    elif action:
        q = q.where(AuditEvent.action == action)
    return q


@router.get("/audit", include_in_schema=False, response_model=None)
def audit_page(request: Request, session: SessionDep, plan_id: Annotated[str, Query(max_length=20)] = "",
               visit_id: Annotated[str, Query(max_length=16)] = "", action: Annotated[str, Query(max_length=32)] = "",
               before: Annotated[str, Query(max_length=20)] = "") -> Response:
    """审计记录: the trail newest first, PAGE_ROWS at a time (`before` the last id shown: a page stays the same while
    new events arrive). Who did what, as the trail holds it: the auditor may see who acted (R-AUDIT); the public's
    limits (R-PUBLISH) are not the auditor's."""
    from api.routers import pages

    user = pages._user(request, session)
    if user is None:
        return pages._login_redirect(request)
    if user.role not in AUDIT_ROLES:
        return pages.message(request, 403, "需要审计人员、领导或管理员账号 / this needs an auditor, leader or admin account", user)
    try:
        plan = _whole(plan_id.strip(), "plan_id", "计划编号")
        start = _whole(before.strip(), "before", "起始编号")
    except ValueError as e:
        return pages.message(request, 422, str(e), user, [("/audit", "审计记录 / audit trail")])
    visit_id, action = visit_id.strip(), action.strip()
    q = _filtered(select(AuditEvent), plan, visit_id, action)
    total = session.exec(_filtered(select(func.count()).select_from(AuditEvent), plan, visit_id, action)).one()
    if start is not None:
        q = q.where(col(AuditEvent.id) < start)
    rows = list(session.exec(q.order_by(col(AuditEvent.id).desc()).limit(PAGE_ROWS + 1)))
    older = row_id(rows[PAGE_ROWS - 1]) if len(rows) > PAGE_ROWS else None
    actions = list(session.exec(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
    groups = sorted({a.split(".", 1)[0] + "." for a in actions if "." in a})
    kept = {k: v for k, v in (("plan_id", plan_id.strip()), ("visit_id", visit_id), ("action", action)) if v}
    shown = [{"id": row_id(e), "at": local(e.at).strftime("%Y-%m-%d %H:%M:%S"), "on": str(e.detail.get("on", "")), "username": e.username or "—",
              "action": e.action, "words": ACTION_ZH.get(e.action, ""), "group": GROUP_WORDS.get(e.action.split(".", 1)[0]),
              "plan_id": e.plan_id, "bundle_id": e.bundle_id,
              "visit_id": str(e.detail.get("visit_id") or ""),
              # the rest of what the event holds, as written (lists and objects as JSON, Chinese kept readable)
              "detail": [(k, DETAIL_ZH.get(k, k), v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                         for k, v in e.detail.items() if k not in ("on", "visit_id")]}
             for e in rows[:PAGE_ROWS]]
    return pages.page(request, "audit.html", user=user, events=shown, total=total, older=older, first=start is not None,
                      actions=actions, action_words=ACTION_ZH, groups=groups, group_words=GROUP_WORDS, filters=kept, page_rows=PAGE_ROWS)
