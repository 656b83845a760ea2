"""R-REPLAN: an officer becomes unavailable (leave, certificate suspended) during the year.

Their future visits are re-staffed on the same day: first from the same team (R-TEAM keeps an
agency's officers in one team), then by handing that agency's part of the visit to another of its
eligible teams (a city-level team); a visit that still cannot be staffed moves to the nearest lawful
day (never a pinned one), staffed by its own team or another of the agency's; what cannot be kept is a
shortfall naming the resource. A joint visit that
loses one agency's part keeps the others (R-PRIORITY: the agencies that can come still come).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from execution.context import Visit
from execution.errors import YearError
from execution.insert import relocate
from execution.year import REPLAN_LOST, Version, Year, _kept

ABSENCE_ZH = {"leave": "请假", "suspended": "暂扣执法证", "departed": "调离或离职"}  # the form's words (walk29: the summary said 执法证暂停)
ABSENCE_EN = {"leave": "leave", "suspended": "certificate suspended", "departed": "left for good"}  # the board's list beside them


@dataclass
class ReplanResult:
    officer_id: str
    restaffed: list[str] = field(default_factory=list)
    moved: list[dict[str, str]] = field(default_factory=list)
    shortfalls: list[dict[str, str]] = field(default_factory=list)
    version: int | None = None
    renotify: list[str] = field(default_factory=list)  # notified visits whose notice no longer holds (R-NOTICE)
    unrecorded: list[str] = field(default_factory=list)  # visits of days gone by naming the officer, not recorded: left as they are
    overlaps: list[int] = field(default_factory=list)  # the officer's standing absences (their numbers) this one overlaps
    clipped_from: dt.date | None = None  # a start in the year before, entered from 1 January (walk46 G6)

    @property
    def touched(self) -> int:
        return len(self.restaffed) + len(self.moved) + len(self.shortfalls)

    def as_dict(self) -> dict[str, Any]:
        return {"officer_id": self.officer_id, "restaffed": self.restaffed, "moved": self.moved, "shortfalls": self.shortfalls,
                "version": self.version, "renotify": self.renotify, "unrecorded": self.unrecorded, "overlaps": self.overlaps,
                "clipped_from": self.clipped_from.isoformat() if self.clipped_from else None}


def _restaff(y: Year, v: Visit, agency: str, team: str, mine: tuple[str, ...], rest: tuple[str, ...],
             refused: list[tuple[str, str]]) -> list[str] | None:
    """R-REPLAN's first remedy: the visit kept on its day with another officer of its own team (keeping the agency's
    officer still free), else with two of another team of the agency serving the district that has room that day.
    Each candidate team is tried through `Year.move`, which refuses a result breaking a HARD rule; a refusal passes to
    the next team (mut33: a refused same-team re-staffing — the team over its daily cap in a plan made elsewhere —
    went straight to a shortfall saying "no other officer with room", the other teams never tried). None: no team;
    the rules that refused a team's officers are added to `refused`, for the shortfall's words."""
    for t in (team, *(alt for alt in y.reg.teams_for(agency, v.district_code) if alt != team)):
        y._book(v, -1)  # the visit's own seats free while its replacement is looked for
        got = y.staff(v.visit_id, v.enterprise_id, v.mode, v.date, t, keep=mine if t == team else ()) \
            if t == team or y.team_room(t, v.date) else None
        y._book(v, +1)
        if got is None:
            continue
        try:
            y.move(v, v.date, rest + tuple(got), {**v.teams, agency: t})
        except YearError as e:  # a rule the day's officers cannot mend: the next team, then the next remedy, never a 500
            refused.append((t, e.rule))
            continue
        return got
    return None


def _relocate(y: Year, v: Visit, agency: str, team: str, officer: str,
              today: dt.date) -> tuple[dt.date, tuple[str, ...], dict[str, str]] | None:
    """R-REPLAN's last remedy: the nearest lawful day of the visit's window (`relocate`), the agency's part staffed by
    its own team or by another of its teams serving the district — the nearest day over all of them, its own team on a
    tie. foreign34: a complaint whose city team lost an officer to leave was cancelled "no lawful day in its window"
    while a district team of the agency was free on days of it (the same-day re-staffing tried the other teams, the
    move only the visit's own). Returns (day, officers, teams) for `Year.move`, or None. The visit is unbooked while
    each team is tried (booked as tried, so that `relocate`'s own unbooking lifts exactly it) and left as it was."""
    was = (v.officer_ids, dict(v.teams))
    best: tuple[dt.date, tuple[str, ...], dict[str, str]] | None = None
    y._book(v, -1)
    try:
        for t in (team, *(alt for alt in y.reg.teams_for(agency, v.district_code) if alt != team)):
            # relocate keeps whoever is still free: the agency's other officers only where their team stays
            v.teams = {**was[1], agency: t}
            v.officer_ids = tuple(o for o in was[0] if o != officer and (t == team or y.reg.officers[o].agency_id != agency))
            y._book(v, +1)
            r = relocate(y, v, today)
            y._book(v, -1)
            if r is not None and (best is None or abs((r[0] - v.date).days) < abs((best[0] - v.date).days)):
                best = (r[0], r[1], dict(v.teams))
    finally:
        v.officer_ids, v.teams = was
        y._book(v, +1)
    return best


def officer_unavailable(y: Year, officer: str, start: dt.date, end: dt.date | None, today: dt.date, who: str,
                        kind: str = "leave") -> ReplanResult:
    """Register leave [start, end], or a suspended certificate 暂扣执法证 — for [start, end] where the suspension
    has an end date, open-ended from `start` where it has none — or an officer who leaves for good 调离或离职 from
    `start` (walk41 Y13: only a leave with an end date or a suspension could be entered), and re-plan every visit it
    touches. A departure runs to the plan year's last day: it is stored as an absence with that end, so the list,
    the withdrawal (entered by mistake) and the replay (`_away_without`) read it as they read a leave."""
    y.require_open_plan()
    officer = resolve_officer(y, officer)
    if kind not in ABSENCE_ZH:
        raise YearError("kind", f"未知的不可用类型 {kind}（leave/suspended/departed）", f"unknown kind {kind} (leave, suspended or departed)",
                        "R-REPLAN")
    year = y.reg.year
    if kind == "departed":
        if end is not None and end != dt.date(year, 12, 31):  # a last day would make it a leave: said, not guessed
            raise YearError("end_on", "调离或离职不填结束日期（自该日起本年度不再安排）；有返回日期的请登记为请假",
                            "a departure has no end date (from that day on, for the rest of the plan year); one who comes back is on leave",
                            "R-REPLAN")
        end = dt.date(year, 12, 31)
    if end is None and kind == "leave":  # a leave has its last day; only a suspension may be open-ended (mut15: an assert stood here)
        raise YearError("end_on", "请假须填写结束日期", "a leave needs its end date", "R-REPLAN")
    clipped = None
    if start.year == year - 1 and (end is None or end.year == year):
        # a leave begun in late December and running into the plan year (walk46 G6): the plan year's part is entered,
        # from 1 January, and the answer says so (`clipped_from`); the days before belong to no visit of this plan
        clipped, start = start, dt.date(year, 1, 1)
    if start.year != year or (end is not None and (end < start or end.year > year)):
        raise YearError("start_on", f"日期 {start}–{end} 不在计划年度 {year} 内或顺序颠倒", f"dates {start}–{end} are outside {year} or reversed",
                        "R-REPLAN")
    # the same absence entered again while it stands (foreign36: a form sent twice was stored twice, each to be
    # withdrawn): refused, naming the entry it repeats; nothing is stored. One that overlaps without repeating is said
    # below, not refused
    standing = [a for a in absences(y) if a.officer_id == officer and not a.withdrawn_on]  # the log read once
    same = next((a for a in standing if a.kind == kind and a.start == start and a.end == end), None)
    if same is not None:
        kind_zh = ABSENCE_ZH[kind]
        raise YearError("start_on", f"{officer} {start}–{end or ''} 的{kind_zh}已登记（第 {same.number} 项，{same.entered_on} 由 {same.entered_by} 登记），未重复登记",
                        f"{officer}'s {kind} {start}–{end or ''} is already entered (absence {same.number}, on {same.entered_on} by "
                        f"{same.entered_by}); nothing stored", "R-REPLAN", 409)
    gone = next((a for a in standing if a.kind == "departed"), None)
    if kind == "departed" and gone is not None:
        # one who has left for good leaves once (walk43 G10: a second departure from a later day was stored beside the
        # first); a departure entered on the wrong day is withdrawn and entered again
        raise YearError("start_on", f"{officer} 已于 {gone.start} 调离或离职（第 {gone.number} 项），未重复登记；日期有误的请先撤回该项",
                        f"{officer} already left for good on {gone.start} (absence {gone.number}); nothing stored — withdraw "
                        "that entry first if its day is wrong", "R-REPLAN", 409)
    # the days it covers: [start, end], open-ended for a suspension with no end date
    hit = lambda d: start <= d and (end is None or d <= end)  # noqa: E731
    # A leave already begun is entered (prod24: an officer ill since yesterday, reported today, was refused "start before
    # today"). What the records say stands: a record naming the officer present on a day of it contradicts the leave, so
    # the leave is refused, naming the visit and the day, and the first day it could start (docs/decisions.md)
    worked = sorted((r.date, r.visit_id) for r in y.records.values() if officer in r.officer_ids and hit(r.date))
    if worked:
        day, vid = worked[-1]
        zh, en, _ = y._officers_named([officer])
        more_zh, more_en = (f"（另有 {len(worked) - 1} 项）", f" (and {len(worked) - 1} more)") if len(worked) > 1 else ("", "")
        raise YearError("start_on", f"{zh} 已记录于 {day} 到场执行检查 {vid}{more_zh}，{start}–{end or ''} 不能包括该日：请自 {day + dt.timedelta(days=1)} 起登记",
                        f"{en} is recorded present on visit {vid} on {day}{more_en}: {start}–{end or ''} cannot cover that day; "
                        f"enter it from {day + dt.timedelta(days=1)}", "R-REPLAN", 409)
    if kind == "suspended" and end is None:
        y.suspended[officer] = min(start, y.suspended.get(officer, start))
    else:  # leave, or a suspension with its end date: the officer stands in on no visit of those days, and again after
        # them (walk13: a five-day suspension taken as open-ended cancelled a visit nine months later)
        assert end is not None  # for the type checker: a leave without its end is refused above, a suspension here has one
        if kind == "suspended" and y.suspended.get(officer) == start:
            # the same suspension entered open-ended before, now given its end (review13): the certificate counts again
            # after `end`; visits already re-planned for it stay as they are
            del y.suspended[officer]
        days = {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}
        y.extra_away.setdefault(officer, set()).update(days)
    # entered twice, or over another (walk29: accepted without a word): said, not refused — a leave inside a suspension
    # is the officer's true state too
    overlaps = [a.number for a in standing if (a.end is None or a.end >= start) and (end is None or a.start <= end)]
    y.audit(today, who, f"officer.{kind}", officer_id=officer, start=start.isoformat(), end=end.isoformat() if end else "",
            **({"entered_from": clipped.isoformat()} if clipped else {}))
    res = ReplanResult(officer, overlaps=overlaps, clipped_from=clipped)
    agency = y.reg.officers[officer].agency_id
    touched = sorted((y.visits[vid] for vid in list(y.by_officer.get(officer, ()))
                      if y.visits[vid].status in ("planned", "notified") and hit(y.visits[vid].date) and y.visits[vid].date >= today),
                     key=lambda v: (v.date, v.visit_id))
    # the days already gone: a visit of them not recorded names the officer, who was away. Nothing is re-staffed on a
    # day gone by (nobody can be sent there now); it is overdue (R-RECORD), to be recorded with the officers who went —
    # the record refuses the absent one (R-AVAIL) — or on the day it is done, or moved or cancelled by a planner
    res.unrecorded = sorted((vid for vid in y.by_officer.get(officer, ())
                             if y.visits[vid].status in ("planned", "notified", "overdue") and hit(y.visits[vid].date)
                             and y.visits[vid].date < today), key=lambda vid: (y.visits[vid].date, vid))
    was: dict[str, dict[str, Any]] = {}  # each touched visit as it stood, for a withdrawal (withdraw_absence)
    mates: dict[str, str] = {}  # the two visits of a budget swap: a withdrawal puts both back or neither
    for v in touched:
        was[v.visit_id] = snap(v)
        team = v.teams.get(agency, y.reg.officers[officer].team_id)
        mine = tuple(o for o in v.officer_ids if y.reg.officers.get(o) and y.reg.officers[o].agency_id == agency and o != officer)
        rest = tuple(o for o in v.officer_ids if o not in mine and o != officer)
        refused: list[tuple[str, str]] = []
        got = _restaff(y, v, agency, team, mine, rest, refused)
        if got is not None:
            res.restaffed.append(v.visit_id)
            _changed(y, v, was[v.visit_id], officer, kind, today, who)
            _notice_void(y, v, today, who, res)
            continue
        swapped = _budget_swap(y, v, officer, team, today)
        if swapped is not None:
            # the later visit had the replacement where the absent officer now is (the swap's one change to it)
            took = next(o for o in v.officer_ids if o not in was[v.visit_id]["officer_ids"])
            w_was = snap(y.visits[swapped])
            w_was["officer_ids"] = [took if o == officer else o for o in w_was["officer_ids"]]  # its notice not yet voided
            was.setdefault(swapped, w_was)
            mates[v.visit_id], mates[swapped] = swapped, v.visit_id
            res.restaffed += [v.visit_id, swapped]
            _changed(y, v, was[v.visit_id], officer, kind, today, who)
            _changed(y, y.visits[swapped], was[swapped], officer, kind, today, who)
            _notice_void(y, v, today, who, res)
            _notice_void(y, y.visits[swapped], today, who, res)
            continue
        if not y.pinned(v, today):
            r = _relocate(y, v, agency, team, officer, today)
            if r is not None:
                res.moved.append({"visit_id": v.visit_id, "from": v.date.isoformat(), "to": r[0].isoformat()})
                y.move(v, *r)
                _changed(y, v, was[v.visit_id], officer, kind, today, who)
                _notice_void(y, v, today, who, res)
                continue
        pinned = y.pinned(v, today)
        if refused:  # officers were found, but the day breaks a rule they cannot mend (e.g. a team over its cap)
            why_zh = f"{v.date} 找到的替换执法人员不能安排：" + "、".join(f"队伍 {t}（违反 {r}）" for t, r in refused)
            why_en = f"the officers found for {v.date} could not be sent: " + ", ".join(f"team {t} ({r})" for t, r in refused)
        else:
            why_zh = f"队伍 {team} 在 {v.date} 无其他当日持证、无回避且有余量的执法人员"
            why_en = f"team {team}: no other certified, unrecused officer with room on {v.date}"
        why_zh += "，且该检查已锁定不能改期" if pinned else "，其期限内也无合法日期"
        why_en += "; the visit is pinned and cannot move" if pinned else "; no lawful day in its window"
        short = {"rule": "R-REPLAN", "id": v.visit_id, "agency": agency, "binding": why_en, "binding_zh": why_zh, "officer_id": officer,
                 "team": team}
        res.shortfalls.append(short)
        y.shortfalls.append(short)
        if len(v.agency_ids) > 1:  # a joint visit keeps its other agencies: they still come (R-PRIORITY); only this part is lost
            y.drop_agency(v, agency)
            v.reason = f"R-REPLAN 未能保障（{agency}）：{why_zh} / R-REPLAN shortfall ({agency}): {why_en}"
            y.audit(today, who, "visit.drop_agency", v.visit_id, agency_id=agency, reason=v.reason)
            _notice_void(y, v, today, who, res)  # the notice served names that agency, its items and officers (mut15)
        else:
            # cancelled on its pinned day; what it was for is still owed, and a planner may place it again after the
            # freeze (reschedule.move_visit, Year.replan_lost; a trigger's through its open triggers: walk46 G1, G2)
            y.set_status(v.visit_id, "cancelled", today, who, reason=f"{REPLAN_LOST}{why_zh} / R-REPLAN shortfall: {why_en}")
    if res.touched:
        changes = ([{"action": "restaff", "visit_id": v} for v in res.restaffed] + [{"action": "move", **m} for m in res.moved]
                   # the visit's id under the key the code page looks versions up by (walk13: a visit this change
                   # cancelled read "plan version 1, approved")
                   + [{"action": "shortfall", "visit_id": s["id"], **s} for s in res.shortfalls])
        # in force at once (the officer is away), approved afterwards; walk8: it stayed "submitted" though in force,
        # and the code page showed its officers under "plan version 1, approved"
        kind_zh = ABSENCE_ZH.get(kind, kind)
        ver: Version = y.new_version("replan", f"{officer} {kind_zh} {start}–{end or ''}：改派 {len(res.restaffed)}，改期 {len(res.moved)}，"
                                     f"未能保障 {len(res.shortfalls)} / {officer} {kind} {start}–{end or ''}: {len(res.restaffed)} re-staffed, "
                                     f"{len(res.moved)} moved, {len(res.shortfalls)} shortfalls", changes, today, who=who, started=True)
        res.version = ver.number
        ver.snapshots = {vid: {"was": w, "now": snap(y.visits[vid]), **({"with": mates[vid]} if vid in mates else {})}
                         for vid, w in was.items()}
        y.audit(today, who, "plan.replan", officer_id=officer, version=ver.number, restaffed=len(res.restaffed), moved=len(res.moved),
                shortfalls=len(res.shortfalls))
    return res


def resolve_officer(y: Year, text: str) -> str:
    """The officer a planner typed: their id (any case), or their name where one officer has it (walk29: "卢玉华" and
    "UM-140404-000" were refused as no officer, on a form where the trigger's firm is taken by name)."""
    if text in y.reg.officers:
        return text
    by_id = [o for o in y.reg.officers if o.casefold() == text.casefold()]
    named = by_id or [o for o, off in y.reg.officers.items() if off.name and off.name == text]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise YearError("officer_id", f"姓名 {text} 对应多名执法人员（{'、'.join(sorted(named))}）：请填写执法人员编号",
                        f"{text} names several officers ({', '.join(sorted(named))}): give the officer id", "R-REPLAN", 409)
    raise YearError("officer_id", f"没有执法人员 {text}", f"no officer {text}", "R-REPLAN", 404)


def _changed(y: Year, v: Visit, was: dict[str, Any], officer: str, kind: str, today: dt.date, who: str) -> None:
    """A visit the re-plan re-staffed or moved, in its own trail: who replaced whom, the day before and after (R-AUDIT,
    R-OFFICER-DRAW; walk41 Y5: `plan.replan` held only counts, so an auditor filtering by a visit saw nothing). The
    re-plan's own event, with its version, follows the visits'."""
    y.audit(today, who, "visit.replan", v.visit_id, absent=officer, kind=kind, officers_before=list(was["officer_ids"]),
            officers_after=list(v.officer_ids), **{"from": was["date"], "to": v.date.isoformat()})


def _notice_void(y: Year, v: Visit, today: dt.date, who: str, res: ReplanResult) -> None:
    """A notified visit re-staffed, moved or left by one agency: the notice served names officers, a day or an agency
    that no longer hold, so it is void and the visit waits for a new one (R-NOTICE; walk14: a leave changed a notified
    visit's officers and nothing said the notice was wrong). Back to planned, so the week's notices print it again;
    the audit says why. Its day stays pinned (`Visit.served_for`, Year.pinned): the enterprise was told that day, and
    the board lists it until a new notice is served (Year.to_serve_again; walk41 Y1)."""
    if v.status != "notified":
        return
    v.served_for = v.served_for or v.date  # the day the enterprise was told stays its day (Year.pinned)
    v.status = "planned"
    res.renotify.append(v.visit_id)
    y.audit(today, who, "visit.notice_void", v.visit_id,
            reason="R-REPLAN 改派或改期后，已送达通知书所列人员或日期已变，须重新送达 / re-staffed or moved after its notice: serve a new one")


def _budget_swap(y: Year, v: Visit, officer: str, team: str, today: dt.date) -> str | None:
    """Where only annual budgets stop a replacement R (R-AVAIL): R takes the absent officer's place on `v` and the absent
    officer takes R's place on a later visit W of the same team, so nobody's year grows. Both are checked together and
    undone together; returns W's id."""
    y._book(v, -1)
    try:
        cands = sorted((o for o in y.reg.team_officers.get(team, []) if o != officer and o not in v.officer_ids
                        and y.officer_free(o, v.date, v.enterprise_id, v.mode, budget=False) is None),
                       key=lambda o: y.reg.draw_key(v.visit_id, o))
        for r in cands:
            for wid in sorted(y.by_officer.get(r, ()), key=lambda w: (y.visits[w].date, w)):
                w = y.visits[wid]
                if (w is v or w.status not in ("planned", "notified") or w.date < today or officer in w.officer_ids
                        or y.officer_free(officer, w.date, w.enterprise_id, w.mode, budget=False) is not None):
                    continue
                y._book(w, -1)
                w_before, v_before = w.officer_ids, v.officer_ids
                w.officer_ids = tuple(officer if o == r else o for o in w.officer_ids)
                v.officer_ids = tuple(r if o == officer else o for o in v.officer_ids)
                y._book(w, +1)
                y._book(v, +1)
                if not y.lawful(v) and not y.lawful(w):
                    return wid
                y._book(v, -1)
                y._book(w, -1)
                w.officer_ids, v.officer_ids = w_before, v_before
                y._book(w, +1)
        return None
    finally:
        if v.visit_id in y.visits and officer in v.officer_ids:
            y._book(v, +1)


# ---- an absence entered by mistake, withdrawn (撤销人员不可用登记) ---------------------------------------------------------

ABSENCE_ACTIONS = tuple(f"officer.{k}" for k in ABSENCE_ZH)
WITHDRAWN = "officer.absence_withdrawn"
# what a withdrawal compares to tell "unchanged since the re-plan" (the reason is restored, not compared)
SNAP_KEYS = ("date", "officer_ids", "teams", "agency_ids", "item_ids", "lead_agency_id", "status")


def snap(v: Visit) -> dict[str, Any]:
    """A visit's arrangement, as JSON: its day, officers, teams, agencies and items, lead agency, state and reason."""
    return {"date": v.date.isoformat(), "officer_ids": list(v.officer_ids), "teams": dict(v.teams), "agency_ids": list(v.agency_ids),
            "item_ids": list(v.item_ids), "lead_agency_id": v.lead_agency_id, "status": v.status, "reason": v.reason}


def _fields(s: dict[str, Any]) -> dict[str, Any]:
    """A snapshot as the Visit's own types, for Year.restore."""
    return {"date": dt.date.fromisoformat(s["date"]), "officer_ids": tuple(s["officer_ids"]), "teams": dict(s["teams"]),
            "agency_ids": tuple(s["agency_ids"]), "item_ids": tuple(s["item_ids"]), "lead_agency_id": s["lead_agency_id"],
            "status": s["status"], "reason": s["reason"]}


@dataclass
class Absence:
    """An officer's leave or suspension entered during the year (人员不可用登记), numbered in the order entered. Read
    from the audit log (R-AUDIT), which has held every one of them since R-REPLAN was built, so a year stored before
    withdrawals existed lists its absences too."""

    number: int
    officer_id: str
    kind: str  # leave | suspended | departed (its end: the plan year's last day)
    start: dt.date
    end: dt.date | None  # None: a suspension without an end date
    entered_on: str
    entered_by: str
    version: int | None = None  # the re-plan it made, where it touched a visit
    withdrawn_on: str = ""
    withdrawn_by: str = ""
    withdrawn_reason: str = ""

    def days(self) -> set[dt.date]:
        if self.end is None:
            return set()
        return {self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)}

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "officer_id": self.officer_id, "kind": self.kind, "start_on": self.start.isoformat(),
                "end_on": self.end.isoformat() if self.end else None, "entered_on": self.entered_on, "entered_by": self.entered_by,
                "version": self.version, "withdrawn_on": self.withdrawn_on, "withdrawn_by": self.withdrawn_by,
                "withdrawn_reason": self.withdrawn_reason}


def absences(y: Year) -> list[Absence]:
    """Every absence entered this year, in the order entered, withdrawn ones included (they say so)."""
    out: list[Absence] = []
    for e in y.log:
        act = e.get("action")
        if act in ABSENCE_ACTIONS:
            out.append(Absence(len(out) + 1, str(e["officer_id"]), str(act).split(".", 1)[1], dt.date.fromisoformat(e["start"]),
                               dt.date.fromisoformat(e["end"]) if e.get("end") else None, str(e["on"]), str(e["who"])))
        elif act == "plan.replan":  # written by the same call, after the absence's own entry
            mine = next((a for a in reversed(out) if a.officer_id == e.get("officer_id")), None)
            if mine is not None:
                mine.version = int(e["version"])
        elif act == WITHDRAWN:
            a = out[int(e["absence"]) - 1]
            a.withdrawn_on, a.withdrawn_by, a.withdrawn_reason = str(e["on"]), str(e["who"]), str(e.get("reason", ""))
    return out


def departed(y: Year) -> set[str]:
    """The officers entered as gone for good this year (调离或离职), withdrawn entries left out: next year's bundle is
    made without them (history.next_bundle)."""
    return {a.officer_id for a in absences(y) if a.kind == "departed" and not a.withdrawn_on}


def _away_without(y: Year, officer: str, every: list[Absence], standing: list[Absence]) -> tuple[set[dt.date], dt.date | None]:
    """The officer's in-year days away and open suspension with only the `standing` absences (in the order entered),
    replayed as officer_unavailable applied them, on top of any day no absence of theirs explains."""
    explained = set().union(*(a.days() for a in every if a.officer_id == officer))
    away = y.extra_away.get(officer, set()) - explained
    suspended: dt.date | None = None
    for a in standing:
        if a.end is None:  # only a suspension is open-ended (officer_unavailable refuses a leave without its end)
            suspended = min(a.start, suspended or a.start)
            continue
        if a.kind == "suspended" and suspended == a.start:
            suspended = None
        away |= a.days()
    return away, suspended


@dataclass
class WithdrawResult:
    absence: int
    officer_id: str
    restored: list[str] = field(default_factory=list)
    kept: list[dict[str, str]] = field(default_factory=list)
    renotify: list[str] = field(default_factory=list)  # restored visits whose notice the re-plan voided: serve it again
    version: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"absence": self.absence, "officer_id": self.officer_id, "restored": self.restored, "kept": self.kept,
                "renotify": self.renotify, "version": self.version}


def withdraw_absence(y: Year, number: int, today: dt.date, who: str, reason: str) -> WithdrawResult:
    """Withdraw an absence entered by mistake (撤销误登记): the officer counts again on its days, and each visit its
    re-plan changed goes back to how it stood where nothing changed it since and every HARD rule still holds; what
    stays is listed with its reason. The visits put back are a new version (`withdraw`), in force at once and approved
    afterwards, as the re-plan was (R-APPROVE). A withdrawal never makes the officer unavailable on a day they are
    available now (withdrawing the end given to a suspension would): that is refused — enter the suspension again."""
    y.require_open_plan()
    if not reason.strip():
        raise YearError("reason", "撤销登记须写明原因", "withdrawing an absence needs a reason", "R-REPLAN")
    every = absences(y)
    if not 1 <= number <= len(every):
        raise YearError("absence", f"没有第{number}次人员不可用登记", f"no absence number {number}", "R-REPLAN", 404)
    a = every[number - 1]
    if a.withdrawn_on:
        raise YearError("absence", f"第{number}次登记（{a.officer_id} {a.start}–{a.end or ''}）已于 {a.withdrawn_on} 撤销",
                        f"absence {number} ({a.officer_id} {a.start}–{a.end or ''}) was withdrawn on {a.withdrawn_on}", "R-REPLAN", 409)
    standing = [b for b in every if b.officer_id == a.officer_id and not b.withdrawn_on and b is not a]
    away, suspended = _away_without(y, a.officer_id, every, standing)
    now_suspended = y.suspended.get(a.officer_id)
    # the replay holds no day the officer is not away now (it adds back only standing absences' days); an open
    # suspension, though, comes back if the absence withdrawn was the end given to it
    if suspended is not None and (now_suspended is None or suspended < now_suspended):
        raise YearError("absence", f"撤销第{number}次登记将使 {a.officer_id} 在现可到岗的日期重新不可用（该登记为暂扣执法证确定了结束日期）：请重新登记",
                        f"withdrawing absence {number} would make {a.officer_id} unavailable again on days they are available now "
                        "(it gave a suspension its end): enter the suspension again instead", "R-REPLAN", 409)
    if away:
        y.extra_away[a.officer_id] = away
    else:
        y.extra_away.pop(a.officer_id, None)
    if suspended is None:
        y.suspended.pop(a.officer_id, None)
    else:
        y.suspended[a.officer_id] = suspended
    res = WithdrawResult(number, a.officer_id)
    replan = y.versions[a.version - 1] if a.version else None
    if replan is not None:
        _put_back(y, replan, a, today, who, res)
    if res.restored or res.kept:
        kind_zh = ABSENCE_ZH.get(a.kind, a.kind)
        why = reason.strip()[:60].replace(" / ", "／")  # the summary's two languages are split at " / " (home.html)
        n = replan.in_year_change if replan is not None else 0
        ver = y.new_version("withdraw", f"撤销 {a.officer_id} {kind_zh} {a.start}–{a.end or ''}（年内调整第{n}次，原因：{why}）：恢复 {len(res.restored)}，"
                            f"保持 {len(res.kept)} / {a.officer_id} {a.kind} {a.start}–{a.end or ''} withdrawn (in-year change {n}; reason: {why}): "
                            f"{len(res.restored)} put back, {len(res.kept)} kept", [{"action": "restore", "visit_id": vid, "absence": number} for vid in res.restored],
                            today, who=who, started=True)
        ver.kept = res.kept
        res.version = ver.number
    y.audit(today, who, WITHDRAWN, absence=number, officer_id=a.officer_id, reason=reason.strip()[:500], restored=len(res.restored),
            kept=len(res.kept), version=res.version)
    return res


def _put_back(y: Year, replan: Version, a: Absence, today: dt.date, who: str, res: WithdrawResult) -> None:
    """The visits the re-plan changed, back as they stood before it, together: a budget swap (`_budget_swap`) is lawful
    only once both of its visits are back. Those that nothing changed since and no freeze holds are put back; while one
    of them breaks a HARD rule, the last such goes back to how the re-plan left it (listed in `res.kept` with the rule),
    and if that still leaves a rule broken, all of them do: the year is never left unlawful."""
    snaps = replan.snapshots
    order = list(snaps) or [str(c.get("visit_id")) for c in replan.changes]
    held = {vid: _held(y, y.visits[vid], snaps.get(vid), today) for vid in order}  # a visit is never deleted, only cancelled

    def mate(vid: str) -> str | None:
        m = (snaps.get(vid) or {}).get("with")
        return str(m) if m is not None else None

    for vid in order:  # a budget swap goes back whole or not at all (bench/year.py: one half held, the other put back,
        # pushed the absent officer past their year's budget, and reverting visit after visit passed it on, 23 kept)
        m = mate(vid)
        if held[vid] is None and m is not None and held.get(m) is not None:
            held[vid] = _kept(vid, f"与之互换人员的检查 {m} 保持现状，本检查亦保持", f"the visit it traded officers with, {m}, stays: so does it",
                              "R-AVAIL")
    back: list[str] = []
    for vid in order:
        v = y.visits[vid]
        kept = held[vid]
        if kept is not None:
            res.kept.append(kept)
            continue
        fields = _fields(snaps[vid]["was"])
        if fields["status"] == "notified":  # the re-plan voided its notice (_notice_void): the enterprise is to be told again
            fields["status"] = "planned"
        y.restore(v, fields)
        back.append(vid)
    undone: list[str] = []

    def broken(vid: str) -> list[str]:
        return y.lawful(y.visits[vid]) if y.visits[vid].status != "cancelled" else []

    while bad := [(vid, rules) for vid in back if (rules := broken(vid))]:
        vid, rules = bad[-1]
        for one in [vid, *([m] if (m := mate(vid)) in back else [])]:  # with its swap's other half
            y.restore(y.visits[one], _fields(snaps[one]["now"]))
            back.remove(one)
            undone.append(one)
            res.kept.append(_kept(one, f"恢复将违反 {', '.join(rules)}，保持现状", f"putting it back breaks {', '.join(rules)}: it stays as it is",
                                  rules[0]))
    if any(broken(vid) for vid in undone):  # a visit left as the re-plan made it clashes with one put back: none goes back
        for vid in back:
            y.restore(y.visits[vid], _fields(replan.snapshots[vid]["now"]))
            res.kept.append(_kept(vid, "与其他未能恢复的检查冲突，保持现状", "it clashes with a visit that stays: it stays as it is", "R-REPLAN"))
        back = []
    for vid in back:
        y.shortfalls = [f for f in y.shortfalls if not (f.get("rule") == "R-REPLAN" and f.get("id") == vid and f.get("officer_id") == a.officer_id)]
        res.restored.append(vid)
        if replan.snapshots[vid]["was"]["status"] == "notified":
            res.renotify.append(vid)
        y.audit(today, who, "visit.restore", vid, absence=a.number,
                reason="撤销误登记的人员不可用，恢复原安排 / absence withdrawn: the arrangement before it is back")


def _held(y: Year, v: Visit, s: dict[str, Any] | None, today: dt.date) -> dict[str, str] | None:
    """Why a visit the re-plan changed cannot go back whatever the others do, or None."""
    if s is None:  # a re-plan stored before withdrawals existed kept no arrangement to go back to
        return _kept(v.visit_id, "该次改派未保存原安排，保持现状", "the re-plan kept no record of its arrangement before: it stays as it is", "R-REPLAN")
    now = snap(v)
    changed = {k for k in SNAP_KEYS if now[k] != s["now"][k]}
    if changed == {"status"} and now["status"] == "overdue" and v.date < today:
        # its day passed unrecorded: time did that, not a change; the day's own reason follows (foreign36). One set
        # overdue by hand before its day was changed by someone (review36: notified, then set overdue, it came back)
        changed = set()
    if changed:
        return _kept(v.visit_id, "此后已再次调整或已通知、执行，保持现状", "changed, notified or done since: it stays as it is", "R-REPLAN")
    if v.status == "cancelled" and v.trigger_id:
        # the re-plan cancelled a trigger's visit, which opened the trigger again (Year.open_triggers): placed again
        # since, or closed by a leader, the trigger has what it needs; a second visit is not brought back (review46 R3)
        if v.trigger_id in y.closed_triggers:
            return _kept(v.visit_id, f"线索 {v.trigger_id} 已由领导办结，保持取消", f"trigger {v.trigger_id} was closed by a leader: it stays cancelled",
                         "R-TRIGGER")
        if any(o.trigger_id == v.trigger_id and o.status != "cancelled" for o in y.visits.values() if o is not v):
            return _kept(v.visit_id, f"线索 {v.trigger_id} 已另行安排检查，保持取消", f"trigger {v.trigger_id} has another visit: it stays cancelled",
                         "R-TRIGGER")
    if v.status == "cancelled" and v.enterprise_id in y.closed_enterprises():
        return _kept(v.visit_id, "企业已登记注销或停业，保持取消", "the firm is entered as closed: it stays cancelled", "R-BASIS")
    back, until = dt.date.fromisoformat(s["was"]["date"]), y.freeze_until(today)
    if min(back, v.date) < today:
        day = min(back, v.date)
        return _kept(v.visit_id, f"日期 {day} 已过，保持现状", f"its day {day} has passed: it stays as it is", "R-INSERT")
    # the freeze holds a visit's day, not the mistake made on it: a visit re-staffed, cut or cancelled on its own day
    # goes back on that day even inside the freeze (bench/year.py: 40 of 65 kept were cancelled or re-staffed inside
    # it, the inspection lost to a leave nobody took); a visit the re-plan moved goes back only where neither day is
    # frozen (R-INSERT: moving it now would disturb the firm and the team)
    frozen = back if back != v.date and back <= until else v.date if back != v.date and v.date <= until else None
    if frozen is not None:
        which_zh, which_en = ("原定日期", "its day before") if frozen == back else ("日期", "its day")
        return _kept(v.visit_id, f"{which_zh} {frozen} 在冻结期内（至 {until}），改回须改期，保持现状",
                     f"{which_en} {frozen} is within the freeze (to {until}) and going back would move it: it stays as it is", "R-INSERT")
    return None
