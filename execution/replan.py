"""R-REPLAN: an officer becomes unavailable (leave, certificate suspended) during the year.

Their future visits are re-staffed on the same day: first from the same team (R-TEAM keeps an
agency's officers in one team), then by handing that agency's part of the visit to another of its
eligible teams (a city-level team); a visit that still cannot be staffed moves to the nearest lawful
day (never a pinned one); what cannot be kept is a shortfall naming the resource. A joint visit that
loses one agency's part keeps the others (R-PRIORITY: the agencies that can come still come).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from execution.context import Visit
from execution.errors import YearError
from execution.insert import relocate
from execution.year import Version, Year


@dataclass
class ReplanResult:
    officer_id: str
    restaffed: list[str] = field(default_factory=list)
    moved: list[dict[str, str]] = field(default_factory=list)
    shortfalls: list[dict[str, str]] = field(default_factory=list)
    version: int | None = None
    renotify: list[str] = field(default_factory=list)  # notified visits whose notice no longer holds (R-NOTICE)
    unrecorded: list[str] = field(default_factory=list)  # visits of days gone by naming the officer, not recorded: left as they are

    @property
    def touched(self) -> int:
        return len(self.restaffed) + len(self.moved) + len(self.shortfalls)

    def as_dict(self) -> dict[str, Any]:
        return {"officer_id": self.officer_id, "restaffed": self.restaffed, "moved": self.moved, "shortfalls": self.shortfalls,
                "version": self.version, "renotify": self.renotify, "unrecorded": self.unrecorded}


def officer_unavailable(y: Year, officer: str, start: dt.date, end: dt.date | None, today: dt.date, who: str,
                        kind: str = "leave") -> ReplanResult:
    """Register leave [start, end], or a suspended certificate 暂扣执法证 — for [start, end] where the suspension
    has an end date, open-ended from `start` where it has none — and re-plan every visit it touches."""
    y.require_open_plan()
    if officer not in y.reg.officers:
        raise YearError("officer_id", f"没有执法人员 {officer}", f"no officer {officer}", "R-REPLAN", 404)
    if kind not in ("leave", "suspended"):
        raise YearError("kind", f"未知的不可用类型 {kind}（leave/suspended）", f"unknown kind {kind} (leave or suspended)", "R-REPLAN")
    year = y.reg.year
    if end is None and kind == "leave":  # a leave has its last day; only a suspension may be open-ended (mut15: an assert stood here)
        raise YearError("end_on", "请假须填写结束日期", "a leave needs its end date", "R-REPLAN")
    if start.year != year or (end is not None and (end < start or end.year > year)):
        raise YearError("start_on", f"日期 {start}–{end} 不在计划年度 {year} 内或顺序颠倒", f"dates {start}–{end} are outside {year} or reversed",
                        "R-REPLAN")
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
    y.audit(today, who, f"officer.{kind}", officer_id=officer, start=start.isoformat(), end=end.isoformat() if end else "")
    res = ReplanResult(officer)
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
    for v in touched:
        team = v.teams.get(agency, y.reg.officers[officer].team_id)
        mine = tuple(o for o in v.officer_ids if y.reg.officers.get(o) and y.reg.officers[o].agency_id == agency and o != officer)
        rest = tuple(o for o in v.officer_ids if o not in mine and o != officer)
        y._book(v, -1)
        got, new_team = y.staff(v.visit_id, v.enterprise_id, v.mode, v.date, team, keep=mine), team
        if got is None:
            for alt in y.reg.teams_for(agency, v.district_code):
                if alt != team and y.team_room(alt, v.date):
                    got = y.staff(v.visit_id, v.enterprise_id, v.mode, v.date, alt)
                    if got is not None:
                        new_team = alt
                        break
        y._book(v, +1)
        if got is not None:
            try:
                y.move(v, v.date, rest + tuple(got), {**v.teams, agency: new_team})
            except YearError:  # a rule the day's officers cannot mend (a plan made elsewhere): the next remedy, never a 500
                got = None
        if got is not None:
            res.restaffed.append(v.visit_id)
            _notice_void(y, v, today, who, res)
            continue
        swapped = _budget_swap(y, v, officer, team, today)
        if swapped is not None:
            res.restaffed += [v.visit_id, swapped]
            _notice_void(y, v, today, who, res)
            _notice_void(y, y.visits[swapped], today, who, res)
            continue
        if not y.pinned(v, today):
            before = v.officer_ids
            v.officer_ids = tuple(o for o in v.officer_ids if o != officer)  # relocate keeps whoever is still free
            r = relocate(y, v, today)
            v.officer_ids = before
            if r is not None:
                res.moved.append({"visit_id": v.visit_id, "from": v.date.isoformat(), "to": r[0].isoformat()})
                y.move(v, r[0], r[1])
                _notice_void(y, v, today, who, res)
                continue
        why_zh = f"队伍 {team} 在 {v.date} 无其他当日持证、无回避且有余量的执法人员" + ("，且该检查已锁定不能改期" if y.pinned(v, today) else "，其期限内也无合法日期")
        why_en = f"team {team}: no other certified, unrecused officer with room on {v.date}" + (
            "; the visit is pinned and cannot move" if y.pinned(v, today) else "; no lawful day in its window")
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
            y.set_status(v.visit_id, "cancelled", today, who, reason=f"R-REPLAN 未能保障：{why_zh} / R-REPLAN shortfall: {why_en}")
    if res.touched:
        changes = ([{"action": "restaff", "visit_id": v} for v in res.restaffed] + [{"action": "move", **m} for m in res.moved]
                   # the visit's id under the key the code page looks versions up by (walk13: a visit this change
                   # cancelled read "plan version 1, approved")
                   + [{"action": "shortfall", "visit_id": s["id"], **s} for s in res.shortfalls])
        # in force at once (the officer is away), approved afterwards; walk8: it stayed "submitted" though in force,
        # and the code page showed its officers under "plan version 1, approved"
        kind_zh = {"leave": "请假", "suspended": "执法证暂停"}.get(kind, kind)
        ver: Version = y.new_version("replan", f"{officer} {kind_zh} {start}–{end or ''}：改派 {len(res.restaffed)}，改期 {len(res.moved)}，"
                                     f"未能保障 {len(res.shortfalls)} / {officer} {kind} {start}–{end or ''}: {len(res.restaffed)} re-staffed, "
                                     f"{len(res.moved)} moved, {len(res.shortfalls)} shortfalls", changes, today, who=who, started=True)
        res.version = ver.number
        y.audit(today, who, "plan.replan", officer_id=officer, version=ver.number, restaffed=len(res.restaffed), moved=len(res.moved),
                shortfalls=len(res.shortfalls))
    return res


def _notice_void(y: Year, v: Visit, today: dt.date, who: str, res: ReplanResult) -> None:
    """A notified visit re-staffed, moved or left by one agency: the notice served names officers, a day or an agency
    that no longer hold, so it is void and the visit waits for a new one (R-NOTICE; walk14: a leave changed a notified
    visit's officers and nothing said the notice was wrong). Back to planned, so the week's notices print it again;
    the audit says why."""
    if v.status != "notified":
        return
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
