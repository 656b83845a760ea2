"""改期: a planner gives a visit of the approved plan another day (the firm is closed that day, the team was called to an
emergency, the day passed with nobody going).

The days offered are R-INSERT's for a moved visit (`insert.move_days`: its window, after the freeze, nearest first) where
every HARD rule holds (`insert.lawful_days`, the checks of `Year.lawful`), with its officers kept where free and the rest
in R-OFFICER-DRAW order. A pinned visit never moves (R-INSERT: done, notified, or within `freeze_workdays`); an overdue
one may — its day has passed unrecorded, so it pins nothing (docs/decisions.md); so may a visit R-REPLAN cancelled on its
pinned day, placed again (walk46 G1). The move is a change to the approved plan: a version a leader approves; until
then the visit holds its new day but is neither noticed nor recorded (R-APPROVE; walk46 G3), and a rejection puts it
back where that still keeps every rule (`Year._undo_move`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from execution.context import Visit
from execution.errors import YearError
from execution.insert import lawful_days, move_days, refuse_day
from execution.year import STATE_ZH, Version, Year

MOVE_SLOTS = 5  # days offered: the nearest lawful ones


@dataclass
class MoveSlot:
    day: dt.date
    officers: tuple[str, ...]
    shift: int  # calendar days from the visit's day (negative: earlier)

    def as_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "officers": list(self.officers), "shift": self.shift}


def movable(y: Year, v: Visit, today: dt.date) -> None:
    """Refuses (409) a visit that may not move, saying why in both languages; None where it may. A visit R-REPLAN
    cancelled on its pinned day (its officer away, nobody to stand in: `Year.replan_lost`) may be placed again after
    the freeze — what it was for is still owed (R-PRIORITY, R-FOLLOW; walk46 G1) — except a trigger's, which is open
    again and placed through the triggers (R-TRIGGER, `Year.open_triggers`)."""
    if v.status == "cancelled" and y.replan_lost(v.visit_id) is not None:
        if v.trigger_id:
            raise YearError("visit_id", f"检查 {v.visit_id} 已因人员缺勤取消；线索 {v.trigger_id} 重新列入尚无检查的线索，请在年度看板上重新安排",
                            f"visit {v.visit_id} was cancelled for an officer's absence; trigger {v.trigger_id} is open again: place it "
                            "from the year board", "R-TRIGGER", 409)
        y.require_approved(v.visit_id, "重新安排", "it is placed again once approved")
        return
    if v.status in ("done", "cancelled"):
        raise YearError("visit_id", f"检查 {v.visit_id} {STATE_ZH[v.status]}，不能改期", f"visit {v.visit_id} is {v.status}: it cannot move",
                        "R-INSERT", 409)
    y.require_approved(v.visit_id, "改期", "it moves once approved")
    if v.status == "notified":
        raise YearError("visit_id", f"检查 {v.visit_id} 已送达检查通知书，锁定不能改期（R-INSERT）；检查日过后仍未实施的，可改期",
                        f"visit {v.visit_id} is notified: pinned, it never moves (R-INSERT); once its day has passed unrecorded it may",
                        "R-INSERT", 409)
    if v.status == "planned" and v.served_for == v.date:
        raise YearError("visit_id", f"检查 {v.visit_id} 已就 {v.date} 送达检查通知书（因改派作废，待重新送达），锁定不能改期（R-INSERT）；"
                        "检查日过后仍未实施的，可改期",
                        f"visit {v.visit_id} had its notice served for {v.date} (void after a re-staffing, to be served again): pinned, "
                        "it never moves (R-INSERT); once its day has passed unrecorded it may", "R-INSERT", 409)
    if v.status == "planned" and y.pinned(v, today):
        until = y.freeze_until(today)
        raise YearError("visit_id", f"检查 {v.visit_id}（{v.date}）在冻结期内（至 {until}），锁定不能改期（R-INSERT）；检查日过后仍未实施的，可改期",
                        f"visit {v.visit_id} ({v.date}) is within the freeze (until {until}): pinned, it never moves (R-INSERT); "
                        "once its day has passed unrecorded it may", "R-INSERT", 409)


def _no_day(y: Year, v: Visit, today: dt.date) -> YearError:
    lo, hi = y.window(v)
    first = max(lo, y.freeze_until(today) + dt.timedelta(days=1))
    return YearError("day", f"检查 {v.visit_id} 在 {first}–{hi} 内没有满足全部硬性规则的日期（期限、人员、队伍当日量、同企业间隔）",
                     f"visit {v.visit_id} has no day in {first}–{hi} that keeps every HARD rule (its window, officers, the team's day, "
                     "the gap between entries)", "R-INSERT", 409)


WINDOW_RULE = {"triggered": "R-TRIGGER", "follow_up": "R-FOLLOW"}  # else the plan year's working days (R-WORKDAY)


def refuse_move(y: Year, v: Visit, day: dt.date, today: dt.date) -> YearError:
    """Why `day` is not a lawful day for moving `v`, naming the field and the rule (foreign36: a holiday, a past day, a
    day of 2028 and a day breaking R-GAP all read "not (or no longer) a lawful day"): the day itself (`refuse_day`: the
    plan year, R-WORKDAY, past, the freeze of R-INSERT, the window), its own day, then what that day holds: the
    enterprise's other visits (R-JOINT, R-GAP), the team's day (R-AVAIL), its officers (R-PAIR, R-CERT, R-RECUSE)."""
    until = y.freeze_until(today)
    refused = refuse_day(y, day, today, (until + dt.timedelta(days=1), f"冻结期至 {until}（R-INSERT）", f"the freeze runs to {until} (R-INSERT)"),
                         y.window(v), WINDOW_RULE.get(v.basis, "R-WORKDAY"))
    if refused is not None:
        return refused
    if day == v.date:
        return YearError("day", f"检查 {v.visit_id} 已安排在 {day}", f"visit {v.visit_id} is already on {day}", "R-INSERT")
    rule = y.day_conflict(v.enterprise_id, v.agency_ids, v.basis, day, ignore=v.visit_id, mode=v.mode)
    if rule is not None:
        zh = "该企业当日已有检查" if rule == "R-JOINT" else "与该企业的其他计划检查间隔不足"
        en = "the enterprise is visited that day" if rule == "R-JOINT" else "too close to another planned visit of the enterprise"
    else:
        full = sorted(t for t in set(v.teams.values()) if not y.team_room(t, day))
        rule = "R-AVAIL" if full else "R-PAIR"
        zh = f"队伍 {'/'.join(full)} 当日检查量已满" if full else "当日可派的持证、无回避且有额度的执法人员不足"
        en = f"team {'/'.join(full)} is full that day" if full else "too few officers free, certified, not recused and with budget left that day"
    return YearError("day", f"{day} 不能安排检查 {v.visit_id}：{zh}（{rule}），请重新查看可选日期",
                     f"{day} is not a lawful day for visit {v.visit_id}: {en} ({rule}); ask for its days again", rule, 409)


def move_slots(y: Year, visit_id: str, today: dt.date, k: int = MOVE_SLOTS) -> list[MoveSlot]:
    """The nearest `k` lawful days for a visit a planner moves, with their officers; refused (409) where it may not
    move or no day is lawful."""
    y.require_open_plan()
    v = y.visit(visit_id)
    movable(y, v, today)
    got = [MoveSlot(d, o, (d - v.date).days) for d, o in lawful_days(y, v, move_days(y, v, today), k)]
    if not got:
        raise _no_day(y, v, today)
    return got


def move_visit(y: Year, visit_id: str, day: dt.date, today: dt.date, who: str, reason: str, seen: dt.date | None = None) -> Version:
    """Move a visit to the day the planner chose among those offered: every check first, so a refusal stores nothing.
    A version a leader approves (R-APPROVE), the audit says who moved what from where to where, and why (R-AUDIT).
    `seen`: the day the planner saw the visit on; moved meanwhile by someone else, the move is refused (compare-and-set:
    walk41 Y8, two planners moving one visit at once both got 200, and the first was told a day it was no longer on)."""
    y.require_open_plan()
    v = y.visit(visit_id)
    if seen is not None and v.date != seen:
        raise YearError("from_day", f"检查 {visit_id} 在您打开后已被他人改到 {v.date}，请刷新后重试",
                        f"visit {visit_id} was moved to {v.date} by someone else since you opened it: reload and try again", "R-APPROVE", 409)
    movable(y, v, today)
    if not reason.strip():
        raise YearError("reason", "改期须写明原因", "moving a visit needs a reason", "R-APPROVE")
    days = move_days(y, v, today)
    got = lawful_days(y, v, [day], 1) if day in days else []
    if not got:
        refused = refuse_move(y, v, day, today)
        if refused.status != 409 or lawful_days(y, v, days, 1):  # a day no visit may take is named first (review36)
            raise refused
        raise _no_day(y, v, today)
    was, before, officers, reason_before = v.status, v.date, v.officer_ids, v.reason
    # Year.lawful once more, as every change; a requirement R-REPLAN could not keep is planned again (movable)
    y.move(v, day, got[0][1], status="planned" if was == "cancelled" else None)
    if was == "cancelled":
        y.note_replaced(v.visit_id, replaced_to=day.isoformat(), replaced_on=today.isoformat(), replaced_by=who)
        v.reason = f"R-REPLAN 未能保障后重新安排：{reason.strip()[:200]} / placed again after an R-REPLAN shortfall"
    v.status = "planned"  # an overdue visit has a day again; it is noticed for it as any
    if was == "overdue" and y.was_notified(v.visit_id):
        # the notice served named the day gone by (R-NOTICE): void, a new one for the new day (as R-REPLAN's _notice_void)
        y.audit(today, who, "visit.notice_void", v.visit_id,
                reason="改期后，已送达通知书所列日期已变，须重新送达 / moved after its notice: serve a new one")
    move = {"visit_id": v.visit_id, "from": before.isoformat(), "to": day.isoformat(), "officers_before": list(officers),
            "officers_after": list(v.officer_ids), "was": was, "reason": reason.strip()[:500],
            **({"reason_before": reason_before} if was == "cancelled" else {})}
    summary = (f"{v.visit_id} {y.reg.firm(v.enterprise_id)} 改期 {before}→{day}：{reason.strip()}"[:200]
               + f" / {v.visit_id} {v.enterprise_id} moved {before}→{day}")
    # `submitted`: the visit holds its new day, but is neither noticed nor recorded until a leader approves the move
    # (R-APPROVE: only urgent changes are approved afterwards, R-URGENT; walk46 G3: a move at the firm's request was
    # noticed and recorded while it waited). A rejection puts it back (Year._undo_move)
    ver = y.new_version("move", summary, [{"action": "move", **move}], today, who=who)
    y.audit(today, who, "visit.reschedule", v.visit_id, version=ver.number, **{k: x for k, x in move.items() if k != "visit_id"})
    return ver
