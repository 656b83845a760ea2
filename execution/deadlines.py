"""Deadlines after a visit (R-DEADLINE on the working-day calendar; R-ARCHIVE in calendar days):

- feedback 结果告知: `feedback_within_workdays` after the visit (R-FEEDBACK);
- publish 结果公示: `publish_results_within_workdays` after the visit (R-PUBLISH);
- transfer 移送: `transfer_within_workdays` after a visit that found a violation or a serious one (R-TRANSFER);
- transfer_feedback 移送反馈: `transfer_feedback_within_workdays` after the enforcement department's decision;
- archive 立卷归档: `archive_within_days` calendar days after the case file is finished (R-ARCHIVE). A file is
  finished (办结) when its feedback is given and, where there was a transfer, the transfer's feedback is in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, TypedDict

from bundle import CalendarGap
from execution.errors import YearError
from execution.year import Year

LATE_STATES = ("late", "overdue", "late_entry")  # Deadline.state values a leader counts as late (board, tally)
KINDS = ("feedback", "transfer", "transfer_feedback", "archive", "publish")
KINDS_ZH = {"feedback": "结果告知", "transfer": "移送处罚", "transfer_feedback": "移送反馈", "archive": "立卷归档", "publish": "结果公示"}
STEPS = (*KINDS, "transfer_decision", "rectified")  # milestones a user enters; transfer_decision starts transfer_feedback's clock
STEP_ZH = {**KINDS_ZH, "transfer_decision": "移送部门作出立案决定", "rectified": "整改完成"}
FINDINGS = ("violation", "serious")


@dataclass(frozen=True)
class Deadline:
    visit_id: str
    kind: str
    agency_id: str
    due: dt.date | None  # None: the calendar does not cover the due date yet (never guessed)
    done_on: dt.date | None
    entered_on: dt.date | None = None  # the day it was entered, where later than done_on (Year.entered)

    def state(self, today: dt.date) -> str:
        """met | late | late_entry | open | overdue | unknown. `late_entry`: done by the due day as claimed, but entered
        after it — counted late, as the record of it came late (walk15: a step back-dated weeks later turned the
        board's "overdue" into "met" without a trace)."""
        if self.done_on is not None:
            if self.due is None:
                return "unknown"
            if self.done_on > self.due:
                return "late"
            return "late_entry" if self.entered_on is not None and self.entered_on > self.due else "met"
        if self.due is None:
            return "unknown"
        return "overdue" if today > self.due else "open"


def _iso(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def needs_transfer(y: Year, visit_id: str) -> bool:
    r = y.records.get(visit_id)
    return bool(r and any(o in FINDINGS for o in r.outcomes.values()))


def finished_on(y: Year, visit_id: str) -> dt.date | None:
    """办结: feedback given and, where transferred, the transfer's feedback in."""
    m = y.milestones.get(visit_id, {})
    parts = [_iso(m.get("feedback"))]
    if needs_transfer(y, visit_id):
        parts.append(_iso(m.get("transfer_feedback")))
    return None if any(p is None for p in parts) else max(p for p in parts if p is not None)


def deadlines_of(y: Year, visit_id: str) -> list[Deadline]:
    r = y.records.get(visit_id)
    if r is None:
        return []
    p, m, v = y.policy, y.milestones.get(visit_id, {}), y.visits[visit_id]
    entered = y.entered.get(visit_id, {})

    def wd(start: dt.date | None, n: int) -> dt.date | None:
        if start is None:
            return None
        try:
            return y.reg.add_workdays(start, n)
        except CalendarGap:
            return None

    def deadline(kind: str, due: dt.date | None, agency: str = v.lead_agency_id) -> Deadline:
        return Deadline(visit_id, kind, agency, due, _iso(m.get(kind)), _iso(entered.get(kind)))

    # a result corrected after it was told or published is told (published) again, due from the correction's day
    again = {k: dt.date.fromisoformat(c["on"]) for c in r.corrections for k in c.get("retell", ())}
    out = [deadline("feedback", wd(again.get("feedback", r.date), p.feedback_within_workdays)),
           deadline("publish", wd(again.get("publish", r.date), p.publish_results_within_workdays))]
    if needs_transfer(y, visit_id):
        # the finding's agency transfers it (R-TRANSFER), not the joint visit's lead (walk41 Y7: a um finding on a visit
        # led by hb was charged to hb on the per-agency board); the lead where its own items found it too
        found = [(y.reg.items.get(i) or {}).get("agency_id", v.lead_agency_id) for i, o in r.outcomes.items() if o in FINDINGS]
        by = v.lead_agency_id if v.lead_agency_id in found else next((a for a in v.agency_ids if a in found), found[0])
        out.append(deadline("transfer", wd(r.date, p.transfer_within_workdays), by))
        decided = _iso(m.get("transfer_decision"))
        if decided is not None:
            out.append(deadline("transfer_feedback", wd(decided, p.transfer_feedback_within_workdays), by))
    fin = finished_on(y, visit_id)
    if fin is not None:
        out.append(deadline("archive", fin + dt.timedelta(days=p.archive_within_days)))
    return out


def rectifications(y: Year, visit_id: str) -> list[Deadline]:
    """整改期限 (R-RECORD): a record that set a rectification deadline (every violation or serious finding; a minor one
    where the officers set one) owes a `rectified` milestone by it. One row per agency whose items found something, as
    the board is per agency (a joint visit's finding is followed up by the agency of the item). Kept out of
    `deadlines_of` (the working-day deadlines the tally and the close count, R-DEADLINE)."""
    r = y.records.get(visit_id)
    if r is None or r.rectify_by is None:
        return []
    v = y.visits[visit_id]
    found = {(y.reg.items.get(i) or {}).get("agency_id", v.lead_agency_id) for i, o in r.outcomes.items() if o != "compliant"}
    done, entered = y.milestones.get(visit_id, {}).get("rectified"), y.entered.get(visit_id, {}).get("rectified")
    return [Deadline(visit_id, "rectified", a, r.rectify_by, _iso(done), _iso(entered))
            for a in [*v.agency_ids, *sorted(found - set(v.agency_ids))] if a in found]


def all_deadlines(y: Year) -> list[Deadline]:
    return [d for vid in sorted(y.records) for d in deadlines_of(y, vid)]


def step_refusal(y: Year, visit_id: str, step: str) -> YearError | None:
    """Why `step` cannot be entered for the recorded visit on any day now, or None: whatever the day, `complete` refuses
    it (the visit page offers only the steps this lets through: walk23 found 整改完成 offered again once entered, and the
    transfer steps offered for a visit that found nothing to transfer)."""
    r = y.records[visit_id]
    m = y.milestones.get(visit_id, {})
    if step in m:
        return YearError("step", f"{visit_id} 的{STEP_ZH.get(step, step)}已于 {m[step]} 办理", f"{step} of {visit_id} was done on {m[step]}",
                         "R-DEADLINE", 409)
    if step in ("transfer", "transfer_decision", "transfer_feedback") and not needs_transfer(y, visit_id):
        return YearError("step", "该检查未发现须移送的违法行为", "this visit found nothing to transfer", "R-TRANSFER", 409)
    if step == "rectified" and all(o == "compliant" for o in r.outcomes.values()):
        return YearError("step", "该检查未发现问题，无需整改", "this visit found nothing to rectify", "R-RECORD", 409)
    if step == "publish" and "feedback" not in m:
        # the firm hears its result, and may state its case (陈述、申辩), before the public reads it (walk15: a
        # violation was published with the feedback still owed)
        return YearError("step", "须先告知企业检查结果（结果告知）再公示，公示日不早于告知日",
                         "tell the enterprise its result (feedback) first: the result is published on or after that day", "R-FEEDBACK", 409)
    if step == "transfer_decision" and "transfer" not in m:
        return YearError("step", "尚未移送", "not transferred yet", "R-TRANSFER", 409)
    if step == "transfer_feedback" and "transfer_decision" not in m:
        return YearError("step", "执法部门尚未作出决定", "the department has not decided yet", "R-TRANSFER", 409)
    if step == "archive" and finished_on(y, visit_id) is None:
        return YearError("step", "案卷尚未办结，不能归档", "the case file is not finished: it cannot be archived yet", "R-ARCHIVE", 409)
    return None


def open_steps(y: Year, visit_id: str) -> list[str]:
    """The steps the recorded visit can take now (STEPS order), on some day from its visit to today."""
    if visit_id not in y.records:
        return []
    return [s for s in STEPS if step_refusal(y, visit_id, s) is None]


def complete(y: Year, visit_id: str, step: str, on: dt.date, who: str, today: dt.date | None = None) -> None:
    """Enter a milestone (feedback given, transferred, decision received, its feedback, archived, published)."""
    y.require_executable()
    if step not in STEPS:
        raise YearError("step", f"未知的事项 {step}（{'/'.join(STEPS)}）", f"unknown step {step} ({', '.join(STEPS)})", "R-DEADLINE")
    y.visit(visit_id)  # an unknown visit is a 404 "no visit", not "has no record yet" (walk28)
    r = y.records.get(visit_id)
    if r is None:
        raise YearError("visit_id", f"检查 {visit_id} 尚无记录", f"visit {visit_id} has no record yet", "R-RECORD", 409)
    m = y.milestones.setdefault(visit_id, {})
    if step in m:
        raise YearError("step", f"{visit_id} 的{STEP_ZH.get(step, step)}已于 {m[step]} 办理", f"{step} of {visit_id} was done on {m[step]}",
                        "R-DEADLINE", 409)
    del_if_empty = not m
    try:
        if on < r.date or (today is not None and on > today):
            raise YearError("on", f"日期 {on} 应在检查日 {r.date} 与今天之间", f"date {on} must be between the visit {r.date} and today", "R-DEADLINE")
        refused = step_refusal(y, visit_id, step)
        if refused is not None:
            raise refused
        if step == "publish" and on < dt.date.fromisoformat(m["feedback"]):
            raise YearError("step", "须先告知企业检查结果（结果告知）再公示，公示日不早于告知日",
                            "tell the enterprise its result (feedback) first: the result is published on or after that day",
                            "R-FEEDBACK", 409)
        if step == "archive" and on < (finished_on(y, visit_id) or on):
            raise YearError("step", "案卷尚未办结，不能归档", "the case file is not finished: it cannot be archived yet", "R-ARCHIVE", 409)
    except YearError:
        if del_if_empty:
            y.milestones.pop(visit_id, None)
        raise
    m[step] = on.isoformat()
    if today is not None and today > on:  # entered after the day it claims: kept beside it (Deadline.entered_on)
        y.entered.setdefault(visit_id, {})[step] = today.isoformat()
    # the entry is dated the day it was made (`on` of every audit event); the day it claims is `done_on` beside it
    # (walk23: `on=` overwrote the entry's own day, so a step back-filled after the year's close read as done in June)
    y.audit(today or on, who, f"deadline.{step}", visit_id, done_on=on.isoformat())


class Board(TypedDict):
    """What board() shows a leader (看板)."""

    today: str
    due_this_week: list[Deadline]
    late: list[Deadline]
    per_agency: dict[str, dict[str, dict[str, int]]]  # agency → kind → due / met / late / open
    overdue_visits: list[str]  # visit ids
    urgent_unapproved: list[int]  # version numbers, R-URGENT
    off_day: list[dict[str, Any]]  # visits done on another day than planned 改期执行: visit, planned, done, rules broken
    rectify_overdue: list[Deadline]  # 整改逾期: rectification deadlines passed without 整改完成 (R-RECORD), per agency
    conflicts: list[dict[str, Any]]  # visits still to be made a record on another day left breaking a rule (Year.conflicts)
    waiting_late: list[dict[str, Any]]  # changes awaiting approval past their trigger's deadline or their day (R-TRIGGER, R-APPROVE)


def board(y: Year, today: dt.date, agency: str | None = None) -> Board:
    """The leader's view: due this week, late (overdue or met late), per agency and kind."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    rows = [d for d in all_deadlines(y) if agency is None or d.agency_id == agency]
    due_week = [d for d in rows if d.done_on is None and d.due is not None and today <= d.due <= week_end]
    late = [d for d in rows if d.state(today) in LATE_STATES]
    per: dict[str, dict[str, dict[str, int]]] = {}
    for d in rows:
        c = per.setdefault(d.agency_id, {}).setdefault(d.kind, {"due": 0, "met": 0, "late": 0, "open": 0})
        st = d.state(today)
        c["due"] += 1
        c["met" if st == "met" else "late" if st in LATE_STATES else "open"] += 1
    return {"today": today.isoformat(), "due_this_week": due_week, "late": late, "per_agency": per,
            # the agency's own, as the deadlines above (walk23: an agency's board counted every agency's overdue visits)
            "overdue_visits": sorted(v.visit_id for v in y.visits.values()
                                     if (agency is None or agency in v.agency_ids)
                                     and (v.status == "overdue" or (v.status in ("planned", "notified") and v.date < today
                                                                    and y.awaiting_approval(v.visit_id) is None))),
            "urgent_unapproved": [v.number for v in y.flagged()],
            # a record on another day is taken, with the planning rules that day breaks, for the leader to see here
            "off_day": [{"visit_id": r.visit_id, "planned_on": r.planned_on.isoformat(), "date": r.date.isoformat(), "breaches": list(r.breaches)}
                        for r in sorted(y.records.values(), key=lambda r: (r.date, r.visit_id))
                        if r.planned_on is not None and (agency is None or agency in y.visits[r.visit_id].agency_ids)],
            # prod24: a rectification deadline passed without 整改完成 showed nowhere a leader looks
            "rectify_overdue": [d for vid in sorted(y.records) for d in rectifications(y, vid)
                                if (agency is None or d.agency_id == agency) and d.state(today) == "overdue"],
            "conflicts": y.conflicts(agency),
            "waiting_late": waiting_late(y, today, agency)}


def waiting_late(y: Year, today: dt.date, agency: str | None = None) -> list[dict[str, Any]]:
    """Inserted visits still awaiting a leader's approval whose trigger's deadline has passed (R-TRIGGER: visited within
    its window "or listed as a shortfall"). Such a visit may not be noticed nor recorded until approved (R-APPROVE), is
    not overdue (`mark_overdue` leaves it), and its trigger has a visit, so it was on no list at all (walk41 Y6)."""
    out = []
    for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)):
        ver = y.awaiting_approval(v.visit_id) if v.status != "cancelled" else None
        if ver is None or (agency is not None and agency not in v.agency_ids):
            continue
        t = y.triggers.get(v.trigger_id) if v.trigger_id else None
        # a trigger's visit: late past the trigger's deadline; any other (a planner's move, a visit moved for an
        # insertion, both waiting since round 46): late once its own day has passed unnoticed (review46 R5)
        due = y.trigger_due(t) if t is not None else v.date
        if due is not None and due < today:
            out.append({"visit_id": v.visit_id, "trigger_id": t.trigger_id if t is not None else "", "date": v.date.isoformat(),
                        "due": due.isoformat(), "version": ver.number, "in_year_change": ver.in_year_change})
    return out


def tally(y: Year, today: dt.date) -> dict[str, dict[str, int]]:
    """Per kind: due (deadlines that fell due by `today` or were met), met, late."""
    out = {k: {"due": 0, "met": 0, "late": 0} for k in KINDS}
    for d in all_deadlines(y):
        st = d.state(today)
        if st in ("open", "unknown"):
            continue
        out[d.kind]["due"] += 1
        out[d.kind]["met" if st == "met" else "late"] += 1
    return out


def case_review(y: Year, quarter: str, today: dt.date, who: str) -> list[str]:
    """R-CASE-REVIEW for one quarter: draw among the case files archived in it (execution/casereview.py)."""
    return draw_quarter(y, quarter, today, who)[0]


def draw_quarter(y: Year, quarter: str, today: dt.date, who: str) -> tuple[list[str], list[str]]:
    """case_review's draw, and the files an earlier draw of the quarter picked that this one drops (the board's note)."""
    from execution.casereview import draw, quarter_of

    if quarter[:4] not in (str(y.reg.year), str(y.reg.year + 1)):  # the next year's Q1 holds December's archived files
        raise YearError("quarter", f"季度 {quarter} 不在计划年度 {y.reg.year} 或其次年内", f"quarter {quarter} is outside the plan year {y.reg.year} "
                        "and the year after", "R-CASE-REVIEW")
    q = re.fullmatch(r"([0-9]{4})Q([1-4])", quarter)
    if q is None:
        raise YearError("quarter", f"季度应写作如 {y.reg.year}Q1，实际 {quarter!r}", f"a quarter reads like {y.reg.year}Q1, got {quarter!r}", "R-CASE-REVIEW")
    begins = dt.date(int(q[1]), 3 * int(q[2]) - 2, 1)
    if today < begins:  # nothing can be archived in it yet (foreign37: 2027Q4 drawn in March was stored as its result)
        raise YearError("quarter", f"季度 {quarter} 自 {begins} 起，尚未开始：没有可抽取的已归档案卷，季度结束后再抽取",
                        f"quarter {quarter} begins on {begins}: no case file can be archived in it yet; draw it once it has ended",
                        "R-CASE-REVIEW", 409)
    ids = [vid for vid, m in y.milestones.items() if m.get("archive") and quarter_of(m["archive"]) == quarter]
    drawn = draw(y.policy.seed, quarter, ids, y.policy.case_review_ratio)
    # a quarter drawn again (files archived since) may drop files already picked, whose review may be under way: the
    # audit names them, and the board tells the leader (walk15: the earlier pick vanished without a word)
    replaced = replaced_by_redraw(y.case_reviews.get(quarter, []), drawn)
    y.case_reviews[quarter] = drawn
    if replaced:
        y.audit(today, who, "case_review.draw", quarter=quarter, archived=len(ids), drawn=drawn, replaced=replaced)
    else:
        y.audit(today, who, "case_review.draw", quarter=quarter, archived=len(ids), drawn=drawn)
    return drawn, replaced


def replaced_by_redraw(before: list[str], drawn: list[str]) -> list[str]:
    """The files an earlier draw of the quarter picked that the new one does not (case_review's audit, the board's note)."""
    return [c for c in before if c not in drawn]


class OpenWork(TypedDict):
    """What the year still owes on the day a leader closes it (结束年度前仍未办结): closing is lawful then (the seed is
    the year's, R-PUBLISH), but the leader should close knowing, and the audit trail keeps what was open."""

    visits: list[str]  # visit ids neither recorded nor cancelled (planned, notified or overdue), R-RECORD
    triggers: list[str]  # trigger ids with no visit standing and not closed by a leader, R-TRIGGER
    deadlines: dict[str, int]  # kind → deadlines not yet met (open, overdue or of an unknown day), R-DEADLINE / R-ARCHIVE


def open_work(y: Year) -> OpenWork:
    """The year's unfinished business (OpenWork): every count is of things a later act can still finish, so a close
    is refused by none of them (a late record of the last days goes on after the close)."""
    deadlines = {k: 0 for k in KINDS}
    for d in all_deadlines(y):
        if d.done_on is None:
            deadlines[d.kind] += 1
    return {"visits": sorted(v.visit_id for v in y.visits.values() if v.status in ("planned", "notified", "overdue")),
            "triggers": [t.trigger_id for t in y.open_triggers()],
            "deadlines": {k: n for k, n in deadlines.items() if n}}
