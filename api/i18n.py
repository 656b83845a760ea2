"""Page texts: Chinese first, English on request (?lang=en, remembered in a cookie).

Codes a page shows (basis, mode, shortfall kind, sector, policy key, user role, solver status, risk-model candidate)
are read through `T[lang]["…_words"]` or `say()`, never printed as they are: each label has one source, the Chinese
beside its code where the code is defined (api/flow.py, bundle/schema.py), the English here or beside it."""

from __future__ import annotations

import re
from typing import cast

from api.flow import BASIS_ZH, KIND_ZH, MODE_ZH, POLICY_EN, POLICY_ZH
from bundle.schema import SECTOR_EN, SECTOR_ZH
from execution.deadlines import KINDS_ZH
from risk.reasons import RECORD_WORDS

ROLE_WORDS = {"zh": {"planner": "计划编制人员", "leader": "审批领导", "viewer": "查看人员", "admin": "管理员", "auditor": "审计人员"},
              "en": {"planner": "planner", "leader": "leader", "viewer": "viewer", "admin": "administrator", "auditor": "auditor"}}
# plan.json solver.status: each part's, joined by "/" (scheduler/solve.py)
SOLVER_WORDS = {"zh": {"GREEDY": "采用贪心排程结果", "GREEDY_COMPLETE": "贪心排程已全部安排，无需求解器", "CP-SAT": "求解器改进了贪心排程",
                       "CP-SAT<GREEDY": "求解器未胜过贪心排程，采用贪心结果", "EMPTY": "无需排程", "greedy": "贪心排程算法", "cp-sat": "约束规划求解器 CP-SAT"},
                "en": {"GREEDY": "greedy placement kept", "GREEDY_COMPLETE": "the greedy placed everything, no solver needed",
                       "CP-SAT": "the solver improved on the greedy", "CP-SAT<GREEDY": "the solver did not beat the greedy, greedy kept",
                       "EMPTY": "nothing to place", "greedy": "greedy planner", "cp-sat": "CP-SAT solver"}}
T = {
    "zh": {
        "title": "涉企行政检查年度计划", "login": "登录", "logout": "退出", "username": "用户名", "password": "密码",
        "account": "我的账号", "role": "角色", "scope": "记录范围", "scope_all": "不限", "change_password": "修改密码",
        "current_password": "当前密码", "new_password": "新密码", "new_password2": "再次输入新密码",
        "password_rules": "至少 %d 个字符，不能是常见密码或用户名；修改后，其他设备上的登录全部退出",
        "password_changed": "密码已更改；其他设备上的登录均已退出", "passwords_differ": "两次输入的新密码不一致",
        "home_title": "工作台", "message_title": "提示", "back": "返回", "skip": "跳到正文",  # headings, links' names (a11y30)
        "check_failed": "独立校验（checker，不依赖排程代码）发现本计划有 %d 处违反 plan.md 的硬性规则。提交或批准前请核对，并告知技术支持：",
        "check_error": "独立校验未能完成（见服务器日志）：本计划未经校验。",
        "upload": "上传检查包", "upload_hint": "CSV 文件的 .zip，或一个 .xlsx 工作簿（每个文件一张表）", "bundles": "检查包",
        "plans": "年度计划", "plan": "年度计划", "generate": "生成计划", "status": "任务", "state": "审批状态", "version": "版本",
        "visits_month": "各月检查数（按分级）", "team_load": "队伍各月任务", "joint_rate": "联合检查率", "shortfalls": "未满足事项",
        "submit": "提交审批", "approve": "批准", "reject": "退回", "publish": "公示", "comment": "审批意见",
        "search": "查询企业（名称或统一社会信用代码）", "why": "为什么", "errors": "检查包有问题，未保存", "public": "公示页面",
        "export": "导出 Excel", "audit": "审计记录", "file": "文件", "row": "行", "column": "列", "message": "问题",
        "progress": "进度", "urgent": "紧急线索检查可先行实施，须事后补批（R-URGENT）", "none": "无", "lang": "English",
        "year_now": "年度执行中", "moved_to": "改期至", "year_added": "年度执行中新增的检查", "visit_planned": "待检查", "visit_notified": "已通知",
        "visit_done": "已检查", "visit_overdue": "逾期未记录", "visit_cancelled": "已取消", "visit_removed": "已由新版本计划移出",
        "visit_state": "检查状态", "as_year": "此处为年度执行中的计划（含改期、插入、取消与人员调整），即执法人员据以出勤的安排。",
        "show_as_approved": "查看批准时的计划", "as_approved": "此处为批准时的计划；年度执行中的改期、插入、取消与人员调整见",
        "show_as_year": "年度执行中的计划",
        "tier_source": "分级依据", "source_dishonest": "列入严重失信主体名单（强制D级）", "source_grade": "信用风险分类结果",
        "source_model": "风险模型", "source_fallback": "计分法（历史检查不足，未训练模型）", "model_score": "模型评分（按分级区间调整前）",
        "points_score": "计分法评分（按分级区间调整前）",
        "rules": "依据规则", "reason": "理由", "draw_rank": "抽签", "tier": "分级", "risk": "风险因素", "factors_raising": "风险较高的因素", "factors_lowering": "风险较低的因素", "visits": "次检查",
        "to_decide": "待我审批", "changes_to_decide": "年内调整待我审批", "change": "调整内容", "in_year_change": "年内调整第%d次（版本号 %d）",
        "urgent_started": "紧急，已先执行", "mine": "我的计划", "timeline": "审批记录", "note": "提交说明（可选）", "submit_note": "提交说明", "revision_note": "修订说明", "decision": "审批要点",
        "submitter": "提交人", "submitted_at": "提交时间", "figures": "主要数字", "risks": "风险提示", "unmet_mandatory": "未安排的重点检查",
        "d_unvisited": "D级（高风险）未安排检查的企业", "urgent_list": "紧急线索", "notices": "提示（培训、法制审核等）", "same_upload": "此文件已于检查包 #%s（%s 上传）保存过，本次未重复保存，请用该检查包生成计划",
        "revise": "修订（生成新版本）", "revise_hint": "只填写要改的项；生成后领导可对比新旧版本。", "ratio": "抽查比例 %", "visits_per": "检查次数",
        "avoid_months": "不安排检查的月份", "avoid_dates": "不安排检查的日期（YYYY-MM-DD 或 起..止，逗号分隔）", "diff": "与上一版对比",
        "browse": "检查清单", "calendar": "队伍日历", "reject_needs": "退回必须写明理由", "confirm_approve": "确认批准该计划？",
        "confirm_reject": "确认退回该计划？", "confirm_publish": "确认公示？公示后同年度旧版本将被取代并撤下。", "confirm_submit": "确认提交审批？", "discard": "作废草稿", "discard_reason": "作废原因（必填）",
        "confirm_discard": "确认作废该草稿？作废后不能再提交；如为修订稿，上一版可重新修订。",
        "close_year": "结束年度并公布抽签种子", "confirm_close": "确认结束年度？抽签种子将公开。", "close_confirm_box": "我已核对上述未办事项，确认结束年度（不可撤销，抽签种子将公开）",
        "close_confirm_needed": "结束年度不可撤销：请先勾选确认",  "open_work_intro": "结束年度前，以下事项仍未办结（结束后仍可补录检查结果、办理时限事项，但计划不再调整）：",
        "open_visits": "%d 次检查既未登记结果也未取消", "open_triggers": "%d 条线索尚无检查", "open_deadlines": "%d 项时限事项未办",
        "open_work_after": "结束年度将公开抽签种子；上述数字记入审计日志。", "visit_list_overdue": "检查清单（逾期）", "visit_list_planned": "检查清单（待检查）",
        "confirm_close_owed": "仍有 %d 次检查未登记、%d 条线索尚无检查、%d 项时限事项未办。确认结束年度？抽签种子将公开。",
        "deadline_kinds": KINDS_ZH, "solver": "求解配置",
        "superseded_by": "已被新版本取代", "supersedes": "上一版", "public_index": "公示的年度计划", "code_lookup": "企业查询：输入检查通知书上的检查码", "code_open": "查询", "template": "下载导入模板",
        "download_errors": "下载问题清单", "load_capacity": "队伍各月现场检查 / 能力（每日上限 × 本队有足够持证执法人员在岗的工作日；+远程核查另计）", "all_shortfalls": "全部未满足事项", "shortfall_what": "企业或线索", "shortfall_binding": "未满足的原因（约束资源）",
        "enterprise": "企业", "enterprises": "户企业", "risk_model": "风险模型", "labelled": "次历史检查用于训练", "held_to_band": "因信用分级（或严重失信名单）调整到对应分级区间的评分", "unlearnt": "模型未习得其权重的记录（以往检查时均无此类记录）", "crowded_tier": "按评分定级的企业大多落入同一级别（分级阈值为本局政策，可按本局违法率调整，修改政策后重新上传）", "crowded_mean": "其平均评分", "crowded_thresholds": "分级阈值（B/C/D级起点）", "band_dropped": "本局以往检查显示，按信用分级区间调整评分会降低排序准确度，故公布模型评分（分级仍依 R-TIER）", "band_grade_explained": "本局信用分级几乎可由评定日的信用记录和检查记录推出（模型已读取这些记录），按区间调整评分不增加信息，故公布模型评分（分级仍依 R-TIER）", "date": "日期", "agency": "执法主体", "items": "检查事项", "team": "执法队伍", "basis": "依据", "mode": "方式",
        "filter": "筛选", "all_options": "全部", "chart_table": "图中数据（表格）", "total": "合计", "district": "区县", "month": "月份", "sector": "行业", "name": "企业名称", "page": "页", "added": "新增企业",
        "dropped": "移出企业", "changes": "本次修改", "triggers_before_year": "线索：%d 条处理期限在计划年度前已届满，作为历史记录不纳入本计划（R-TRIGGER）", "rebundle": "以更正后的检查包生成新版本", "rebundle_hint": "先在首页上传更正后的检查包（如新收到的投诉、请假、更正的名录），再在此选择：新版本使用该检查包及其中的 policy.json，此前在本页修订的参数不随之带入。", "rebundle_choice": "检查包", "rebundle_none": "还没有%s年度的其他检查包：请先在首页上传更正后的检查包。", "input_changed": "检查包已更换（内容 sha256 %s → %s）", "input_same": "检查包未变", "input_file": "文件", "input_rows": "行数", "rows_added": "新增行", "rows_removed": "删除行", "visits_moved": "改期的检查", "visits_restaffed": "改派人员的检查", "old_new": "原 → 新", "shown_first": "（仅列出前 %d 项）", "comment_required": "必填：批准和退回都须写明意见", "upload_file": "检查包文件（.zip 或 .xlsx）", "open_plan": "打开",
        "year_board": "年度执行看板（本周检查、通知书、时限、紧急补批）",
        "export_internal": "导出 Excel（内部版，含执法证号）",
        "basis_words": BASIS_ZH, "mode_words": MODE_ZH, "kind_words": KIND_ZH, "sector_words": SECTOR_ZH, "policy_words": POLICY_ZH,
        "roles": ROLE_WORDS["zh"], "solver_words": SOLVER_WORDS["zh"],
        "change_kinds": {"insert": "插入线索检查", "cancel": "取消检查", "replan": "人员不可用改派", "withdraw": "撤销人员不可用登记", "move": "改期"},
        "lp": "（", "rp": "）", "sep": "、", "list_sep": "；", "colon": "：", "tier_of": "%s级", "tier_enterprises": "%s级企业",
        "tier_ratio": "%s级抽查比例 %%", "seed": "抽签种子", "input_sha": "内容 sha256", "file_sha": "压缩包 sha256", "per_part": "每部分限时", "processes": "个进程",
        "seconds": "秒", "year_closed_on": "年度已结束", "seed_later": "（年度结束时公开）", "redraw": "复核抽签",
        "plan_files": "计划文件（visits.csv、selection.csv、plan.json）", "plan_bundle": "编制所用检查包（.zip）", "year": "年度", "per_day": "日", "revision_of": "修订自计划",
        "states": {"draft": "草稿", "submitted": "待审批", "approved": "已批准", "rejected": "已退回", "published": "已公示", "superseded": "已被取代", "discarded": "已作废"},
        "decisions": {"submitted": "提交审批", "approved": "批准", "rejected": "退回", "published": "公示", "superseded": "被新版本取代", "discarded": "作废草稿",
                      "closed": "结束年度"},
        "jobs": {"queued": "排队中", "running": "生成中", "done": "已生成", "failed": "生成失败", "cancelled": "已取消"},
    },
    "en": {
        "title": "Annual enterprise inspection plan", "login": "Log in", "logout": "Log out", "username": "User", "password": "Password",
        "account": "My account", "role": "Role", "scope": "Records for", "scope_all": "any agency and team", "change_password": "Change password",
        "current_password": "Current password", "new_password": "New password", "new_password2": "New password again",
        "password_rules": "at least %d characters, not a common password nor the username; every other session ends once it is changed",
        "password_changed": "Password changed; every other session has ended", "passwords_differ": "the two new passwords differ",
        "home_title": "Workspace", "message_title": "Notice", "back": "Back", "skip": "Skip to content",
        "check_failed": "The independent check (checker/, which shares no code with the scheduler) found %d violation(s) of plan.md's HARD rules in this plan. Review them before submitting or approving, and tell support:",
        "check_error": "The independent check could not be made (see the server log): this plan is unchecked.",
        "upload": "Upload a bundle", "upload_hint": "a .zip of CSV files, or one .xlsx workbook (a sheet per file)", "bundles": "Bundles",
        "plans": "Plans", "plan": "Plan", "generate": "Generate plan", "status": "Job", "state": "State", "version": "Version",
        "visits_month": "Visits per month (by tier)", "team_load": "Team load by month", "joint_rate": "Joint rate", "shortfalls": "Shortfalls",
        "submit": "Submit for approval", "approve": "Approve", "reject": "Reject", "publish": "Publish", "comment": "Comment",
        "search": "Find an enterprise (name or credit code)", "why": "Why", "errors": "The bundle has problems; nothing was stored", "public": "Public page",
        "export": "Export Excel", "audit": "Audit trail", "file": "File", "row": "Row", "column": "Column", "message": "Problem",
        "progress": "Progress", "urgent": "Urgent triggered visits may start before approval and are flagged until approved (R-URGENT)",
        "year_now": "During the year", "moved_to": "moved to", "year_added": "Visits added during the year", "visit_planned": "planned",
        "visit_notified": "notified", "visit_done": "done", "visit_overdue": "overdue (not recorded)", "visit_cancelled": "cancelled",
        "visit_removed": "taken out by a new version of the plan",
        "visit_state": "Visit state", "as_year": "This is the plan as it stands during the year (moves, insertions, cancellations and "
        "re-staffing included): what the officers work from.", "show_as_approved": "Show the plan as approved",
        "as_approved": "This is the plan as approved; moves, insertions, cancellations and re-staffing during the year are in",
        "show_as_year": "the plan as it stands",
        "tier_source": "Tier set by", "source_dishonest": "the serious-dishonesty list (tier D by law)", "source_grade": "the official credit grade",
        "source_model": "the risk model", "source_fallback": "the points score (too few past inspections to fit a model)",
        "model_score": "model score before the tier's band", "points_score": "points score (fallback) before the tier's band",
        "none": "none", "lang": "中文", "rules": "Rules", "reason": "Reason", "draw_rank": "Draw rank", "tier": "Tier", "risk": "Risk factors", "factors_raising": "Raising the risk", "factors_lowering": "Lowering the risk",
        "visits": "visits",
        "to_decide": "Waiting for my decision", "changes_to_decide": "In-year changes waiting for my decision", "change": "Change",
        "in_year_change": "in-year change %d (version %d)", "urgent_started": "urgent, already started", "mine": "My plans", "timeline": "Review history", "note": "Note for the leader (optional)", "submit_note": "Note for the leader", "revision_note": "Revision note",
        "decision": "Decision package", "submitter": "Submitted by", "submitted_at": "Submitted at", "figures": "Key figures", "risks": "Risks",
        "unmet_mandatory": "Mandatory visits not placed", "d_unvisited": "D-tier (high-risk) firms without a visit", "urgent_list": "Urgent triggers",
        "notices": "Notices (training, legal review…)", "same_upload": "This file was stored before as bundle #%s (uploaded %s); nothing new was stored: generate from that bundle", "revise": "Revise (make the next version)", "revise_hint": "Fill in only what changes; the leader can compare the versions.",
        "ratio": "sample ratio %", "visits_per": "visits", "avoid_months": "Months without visits", "avoid_dates": "Days without visits (YYYY-MM-DD or from..to, comma-separated)",
        "diff": "Compare with the previous version", "browse": "Visit list", "calendar": "Team calendar", "reject_needs": "A rejection needs a comment",
        "confirm_approve": "Approve this plan?", "confirm_reject": "Reject this plan?", "confirm_publish": "Publish? The year's older version is withdrawn.",
        "confirm_submit": "Submit for approval?", "discard": "Discard this draft", "discard_reason": "reason (required)",
        "confirm_discard": "Discard this draft? It can no longer be submitted; if it is a revision, its previous version may be revised again.", "close_year": "Close the year and reveal the seed", "confirm_close": "Close the year? The seed becomes public.", "close_confirm_box": "I have read what is still open: close the year (it cannot be undone; the seed becomes public)",
        "close_confirm_needed": "Closing the year cannot be undone: tick the confirmation first",  "open_work_intro": "Still open before the year closes (after the close, results may still be recorded late and deadlines met, but the plan no longer changes):",
        "open_visits": "%d visit(s) neither recorded nor cancelled", "open_triggers": "%d trigger(s) without a visit", "open_deadlines": "%d deadline(s) not met yet",
        "open_work_after": "Closing reveals the lottery seed; these figures go into the audit trail.", "visit_list_overdue": "visit list, overdue",
        "visit_list_planned": "visit list, planned",
        "confirm_close_owed": "%d visit(s) unrecorded, %d trigger(s) without a visit, %d deadline(s) open. Close the year? The seed becomes public.",
        "deadline_kinds": {"feedback": "feedback to the firm", "transfer": "transfer for penalty", "transfer_feedback": "transfer feedback", "archive": "archiving", "publish": "publishing the result"},
        "solver": "Solver configuration", "superseded_by": "Replaced by a newer version", "supersedes": "Previous version", "public_index": "Published annual plans", "code_lookup": "Enterprises: type the inspection code on your notice", "code_open": "Look up",
        "template": "Download the import template", "download_errors": "Download the problem list", "load_capacity": "Team on-site visits / capacity by month (daily cap × working days on which the team has enough certified officers present; + remote checks beside)",
        "all_shortfalls": "All shortfalls", "shortfall_what": "Enterprise or trigger", "shortfall_binding": "Why not met (the binding resource)", "enterprise": "Enterprise", "enterprises": "enterprises", "risk_model": "Risk model", "labelled": "past inspections learnt from", "held_to_band": "scores held to the band of a tier set by a grade or the dishonesty list", "unlearnt": "records whose weight the model could not learn (no past inspection had one)", "crowded_tier": "most firms tiered by their scores fall in one tier (the tier thresholds are the bureau's policy: they may be set nearer its rates in the policy, and the bundle uploaded again)", "crowded_mean": "their mean score", "crowded_thresholds": "tier thresholds (where B, C, D begin)", "band_dropped": "in this bureau's past inspections, holding scores to the band of a graded tier ranked violations worse, so the model's scores are published (tiers still follow R-TIER)", "band_grade_explained": "this bureau's grades are nearly a function of the credit and inspection records the model reads at their rating day, so holding scores to the band adds nothing and the model's scores are published (tiers still follow R-TIER)", "date": "Date", "agency": "Agency", "items": "Items", "team": "Team", "basis": "Basis",
        "mode": "Mode", "filter": "Filter", "all_options": "all", "chart_table": "The chart's numbers (a table)", "total": "Total", "district": "District", "month": "Month", "sector": "Sector", "name": "Enterprise name", "page": "page",
        "added": "Enterprises added", "dropped": "Enterprises dropped", "changes": "Changes", "triggers_before_year": "Triggers: %d whose deadline fell before the plan year are history, not planned (R-TRIGGER)", "rebundle": "New version from a corrected bundle", "rebundle_hint": "Upload the corrected bundle on the home page first (a new complaint, a leave, a corrected register), then choose it here: the new version uses that bundle and its policy.json; values revised on this page before are not carried over.", "rebundle_choice": "Bundle", "rebundle_none": "No other bundle of %s has been uploaded: upload the corrected bundle on the home page first.", "input_changed": "The input bundle changed (content sha256 %s → %s)", "input_same": "Same input bundle", "input_file": "File", "input_rows": "Rows", "rows_added": "Rows added", "rows_removed": "Rows removed", "visits_moved": "Visits moved to another day", "visits_restaffed": "Visits with other officers", "old_new": "before → after", "shown_first": " (the first %d shown)", "comment_required": "required, to approve or to reject", "upload_file": "Bundle file (.zip or .xlsx)", "open_plan": "Open",
        "year_board": "The year board (this week's visits, notices, deadlines, urgent approvals)",
        "export_internal": "Export Excel (internal, with certificate numbers)",
        # the basis codes as words: "(exempt)" read as a legal exemption where the Chinese says 无适用事项 (no item applies)
        "basis_words": {"exempt": "no item applies", "not_drawn": "not drawn", "capacity": "not placed: no capacity",
                        "follow_up": "follow-up", "mandatory": "mandatory", "sampled": "sampled", "triggered": "triggered"},
        "mode_words": {"onsite": "on-site", "remote": "off-site"},
        "kind_words": {"mandatory": "mandatory", "sampled": "sampled", "triggered": "triggered", "follow_up": "follow-up",
                       "capacity": "capacity", "training": "training", "review": "legal review", "policy": "policy cap"},
        "sector_words": SECTOR_EN, "policy_words": POLICY_EN, "roles": ROLE_WORDS["en"], "solver_words": SOLVER_WORDS["en"],
        "change_kinds": {"insert": "trigger inserted", "cancel": "visit cancelled", "replan": "re-staffed (leave or suspension)", "withdraw": "leave or suspension withdrawn",
                         "move": "visit moved"},
        "lp": " (", "rp": ")", "sep": ", ", "list_sep": "; ", "colon": ": ", "tier_of": "tier %s", "tier_enterprises": "tier %s enterprises",
        "tier_ratio": "tier %s sample ratio %%", "seed": "seed", "input_sha": "content sha256", "file_sha": "file sha256", "per_part": "per part", "processes": "process(es)",
        "seconds": "s", "year_closed_on": "year closed", "seed_later": "(revealed when the year closes)", "redraw": "Redraw the lottery",
        "plan_files": "plan files (visits.csv, selection.csv, plan.json)", "plan_bundle": "the bundle it was made from (.zip)", "year": "Year", "per_day": "day", "revision_of": "revision of plan",
        "states": {"draft": "draft", "submitted": "submitted", "approved": "approved", "rejected": "rejected", "published": "published",
                   "superseded": "superseded", "discarded": "discarded"},
        "decisions": {"submitted": "submitted", "approved": "approved", "rejected": "rejected", "published": "published",
                      "superseded": "superseded", "discarded": "draft discarded", "closed": "year closed"},
        "jobs": {"queued": "queued", "running": "running", "done": "done", "failed": "failed", "cancelled": "cancelled"},
    },
}



# the inspection code's public status (execution.notice.public_view) on the enterprise's page: the year's own words for
# a visit overdue (R-RECORD), not a second set (prod22: the page read 待检查 scheduled for a day gone by)
for _lang, _words in (("zh", {"scheduled": "待检查", "done": "已检查", "cancelled": "已取消"}),
                      ("en", {"scheduled": "scheduled", "done": "done", "cancelled": "cancelled"})):
    T[_lang]["code_status_words"] = {**_words, "overdue": str(T[_lang]["visit_overdue"])}
for _lang, _k in (("zh", 0), ("en", 1)):  # the records a model could not learn, in words (one source: risk.score)
    T[_lang].update({f"rec_{r}": w[_k] for r, w in RECORD_WORDS.items()})


def say(lang: str, table: str, code: object) -> str:
    """A code in the reader's words: `say("zh", "basis_words", "follow_up")` is 整改复查. A code no table knows is
    shown as it is, its underscores as spaces (never a KeyError on a page)."""
    c = "" if code is None else str(code)
    return cast("dict[str, str]", T[lang][table]).get(c) or c.replace("_", " ")


def solver_status(lang: str, status: object) -> str:
    """plan.json's solver.status ("GREEDY", "CP-SAT/GREEDY_COMPLETE", one per part) in words."""
    return str(T[lang]["list_sep"]).join(say(lang, "solver_words", x) for x in str(status or "").split("/") if x)




def model_words(lang: str, chosen: object) -> str:
    """The risk model's candidate (plan.json risk_model.chosen: risk.model.candidate_words, or "points" for the
    fallback) in the reader's words."""
    from risk.model import candidate_zh

    c = str(chosen or "")
    if c == "points":
        return str(T[lang]["source_fallback"])
    return candidate_zh(c) if lang == "zh" else c


REVISION_UPLOAD = re.compile(r"修订 plan (\d+) v(\d+)")  # the bundle row a revision makes (api/services.py revise)


def bundle_name(lang: str, filename: str) -> str:
    """An uploaded bundle's file name as stored, or a revision's bundle in words ("修订 plan 3 v1" is no file)."""
    m = REVISION_UPLOAD.fullmatch(filename or "")
    return f"{T[lang]['revision_of']} #{m[1]} v{m[2]}" if m else filename
