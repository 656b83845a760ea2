"""R-INSERT: a trigger received during the year is placed in the approved plan within its window.

Exact search, no weights: every (day, team) of the window is tried; where a team-day is full, the
fewest movable visits (never pinned: done, notified or within `freeze_workdays`, R-INSERT) are moved
to their nearest lawful day, at most `max_moved_visits`. Slots rank lexicographically by
(displaced, moves, joint, spread, day, team): fewest moves first (an urgent trigger's: the earliest day first); then fewest other entries into the same
enterprise within `min_days_between_visits` (the disturbance a joint visit would have spared,
R-JOINT/R-MERGE; a triggered and a planned visit cannot share a row, docs/scheduler.md); then the
least loaded team-week (R-SPREAD). Every placement and every move passes Year.lawful.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass, field
from typing import Any

from bundle.schema import TRIGGER_KIND_ZH
from execution.context import Register, Visit
from execution.errors import YearError
from execution.year import Trigger, Version, Year

# a visit an insertion moves out of its way (R-INSERT's slot search) goes to a lawful day within 60 working days: beyond
# that it is not "near", and the search runs for every candidate slot. A move a planner asks for (改期) and R-REPLAN's
# take the nearest lawful day of the whole window (walk28: a tier-D visit overdue in March, its firm's next entry in
# May, had its lawful days in August, past the 60, and was refused)
RELOCATE_SEARCH_DAYS = 60


@dataclass
class Move:
    visit_id: str
    from_date: dt.date
    to_date: dt.date
    officers_before: tuple[str, ...]
    officers_after: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"visit_id": self.visit_id, "from": self.from_date.isoformat(), "to": self.to_date.isoformat(),
                "officers_before": list(self.officers_before), "officers_after": list(self.officers_after)}


@dataclass
class Slot:
    day: dt.date
    team: str
    officers: tuple[str, ...]
    moves: list[Move] = field(default_factory=list)
    joint: int = 0  # other entries into the enterprise within min_days_between_visits
    spread: float = 0.0  # the team-week's on-site load after insertion minus the team's mean week
    displaced: list[dict[str, str]] = field(default_factory=list)  # sampled visits (or one agency's part) giving way (R-PRIORITY)

    def key(self, urgent: bool = False) -> tuple[Any, ...]:
        """Fewest visits given way, then fewest moved, then the disturbance, then the load, then the earliest day. An
        urgent trigger (R-URGENT: it may start before approval, because it cannot wait) puts the earliest day right
        after the visits given way: a slot next week is no better for being in a quieter team-week, but no planned
        visit is cancelled (R-PRIORITY) to gain a day a free slot of the window would cost only waiting."""
        cost = (len(self.moves), self.joint, self.spread)
        return (len(self.displaced), self.day, *cost, self.team) if urgent else (len(self.displaced), *cost, self.day, self.team)

    def as_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "team": self.team, "officers": list(self.officers),
                "cost": {"moves": len(self.moves), "displaced": len(self.displaced), "joint": self.joint, "spread": round(self.spread, 2)},
                "moves": [m.as_dict() for m in self.moves], "displaced": self.displaced}


MIN_NAME_PART = 4  # characters of a name typed in part (a firm's name in full is always taken)


def resolve_enterprise(y: Year, text: str) -> str:
    """The credit code a planner means by what they typed 企业: a credit code (any case), the firm's full name, or a part
    of it that only one firm's name holds — a complaint arrives with a name (walk15 #24: a registered firm typed by name
    was "not in the register"). Namesakes are refused, each with its code; nothing found says what to type."""
    q = text.strip()
    if not q:  # "检查对象名录中没有 （…）": a sentence about no firm at all (walk22)
        raise YearError("enterprise_id", f"请填写企业：统一社会信用代码、企业全称或名称中至少{MIN_NAME_PART}个字",
                        f"type the firm: its 18-character credit code, its full name or at least {MIN_NAME_PART} characters of it", "R-BASIS")
    if q.upper() in y.reg.enterprises:
        return q.upper()
    names = {e: str(r["name"]) for e, r in y.reg.enterprises.items()}
    # a part of a name only from MIN_NAME_PART characters: "燃气" alone would bind a legal act to whichever firm it fits
    hits = sorted(e for e, n in names.items() if n == q) or sorted(e for e, n in names.items() if len(q) >= MIN_NAME_PART and q in n)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise YearError("enterprise_id", f"检查对象名录中没有 {q}（请填写统一社会信用代码、企业全称或名称中至少{MIN_NAME_PART}个字；"
                        "名录外的企业请先登记为年内新增检查对象）",
                        f"{q} is not in the register (type the 18-character credit code, the firm's full name or at least "
                        f"{MIN_NAME_PART} characters of it; a firm the register lacks is entered first as new this year)", "R-BASIS")
    shown = "、".join(f"{names[e]}（{e}）" for e in hits[:5]) + ("等" if len(hits) > 5 else "")
    shown_en = "; ".join(f"{names[e]} ({e})" for e in hits[:5]) + (" …" if len(hits) > 5 else "")
    raise YearError("enterprise_id", f"“{q}”对应{len(hits)}家企业：{shown}，请填写统一社会信用代码",
                    f"{len(hits)} firms match '{q}': {shown_en}; type the credit code", "R-BASIS")


def check_trigger(y: Year, t: Trigger, today: dt.date) -> None:
    """Bad input is refused before anything is looked at: unknown enterprise or agency, no item (R-ITEM), dates."""
    if t.enterprise_id not in y.reg.enterprises:
        raise YearError("enterprise_id", f"检查对象名录中没有 {t.enterprise_id}", f"{t.enterprise_id} is not in the register", "R-BASIS")
    if t.agency_id not in y.reg.agencies:
        raise YearError("agency_id", f"没有执法主体 {t.agency_id}", f"no agency {t.agency_id}", "R-BASIS")
    if t.enterprise_id in y.closed_enterprises():  # review46 R2: a firm entered as closed is visited no more
        c = y.closed_enterprises()[t.enterprise_id]
        raise YearError("enterprise_id", f"{y.reg.firm(t.enterprise_id)} 已于 {c.get('on')} 登记注销或停业（{c.get('reason')}），不再安排检查",
                        f"{t.enterprise_id} was entered as closed on {c.get('on')} ({c.get('reason')}): no visit is planned for it",
                        "R-BASIS", 409)
    if not y.reg.items_for(t.agency_id, t.enterprise_id):
        raise YearError("agency_id", f"{t.agency_id} 的检查事项清单不适用于该企业行业", f"{t.agency_id}'s list has no item for this enterprise's sector",
                        "R-ITEM")
    if t.received_on.year == y.reg.year - 1:
        # received after the plan was approved and before 1 January (walk46 G6: refused, and no bundle could take it
        # any more): it is the plan year's if its window reaches into the year; its visit then takes a day of the year
        # (trigger_window). One whose deadline passed before the year began is history, as the bundle's are
        due = y.trigger_due(t)
        if due is not None and due < y.reg.workdays[0]:
            raise YearError("received_on", f"受理日期 {t.received_on} 的线索处理期限 {due} 在计划年度 {y.reg.year} 开始前已届满，不纳入本年度计划",
                            f"received_on {t.received_on}: its deadline {due} passed before the plan year {y.reg.year} began; it is not this "
                            "year's to plan", "R-TRIGGER")
    elif t.received_on.year != y.reg.year:
        raise YearError("received_on", f"受理日期 {t.received_on} 不在计划年度 {y.reg.year} 内（上一年度12月受理、处理期限延至本年度的可以登记）",
                        f"received_on {t.received_on} is outside the plan year {y.reg.year} (one received in the year before whose deadline "
                        "reaches into this year may be entered)", "R-TRIGGER")
    if t.received_on > today:
        raise YearError("received_on", f"受理日期 {t.received_on} 晚于今天 {today}", f"received_on {t.received_on} is after today {today}", "R-TRIGGER")
    held = y.triggers.get(t.trigger_id)
    if held is not None and (held.enterprise_id, held.agency_id) != (t.enterprise_id, t.agency_id):  # the visit would name another's trigger
        firm, agency = y.reg.firm(held.enterprise_id), y.reg.agencies.get(held.agency_id, held.agency_id)
        raise YearError("trigger_id", f"线索编号 {t.trigger_id} 已属于 {firm}（{agency}）的线索：请使用新的编号或留空",
                        f"trigger id {t.trigger_id} already names a trigger of {firm} ({agency}): use a new id or leave it empty",
                        "R-BASIS", 409)
    if t.trigger_id in y.triggers and any(v.trigger_id == t.trigger_id for v in y.visits.values() if v.status != "cancelled"):
        raise YearError("trigger_id", f"线索 {t.trigger_id} 已安排检查", f"trigger {t.trigger_id} already has a visit", "R-TRIGGER", 409)
    same_trigger(y, t)


def same_trigger(y: Year, t: Trigger) -> None:
    """Refuses (409) a trigger without a number of its own that is already registered, also without one, under another
    id: the same enterprise, agency, day received and kind (walk41 Y2: a repeated call, a double click or the page's
    Back button made a second trigger of one complaint and a second visit to the firm a day or two later; triggered
    visits are exempt from the gaps and caps, so nothing else stopped it). A trigger with the bureau's own number is
    told apart by it (`Trigger.numbered`). A second, separate complaint about the firm that day is checked during that
    visit, as a visit row carries one trigger (plan.md) — the words say so, and which trigger and visit hold it."""
    if t.numbered:
        return
    key = (t.enterprise_id, t.agency_id, t.received_on, t.kind)
    held = next((s for s in y.triggers.values() if s.trigger_id != t.trigger_id and not s.numbered
                 and (s.enterprise_id, s.agency_id, s.received_on, s.kind) == key), None)
    if held is None:
        return
    visit = next((v for v in sorted(y.visits.values(), key=lambda v: v.visit_id) if v.trigger_id == held.trigger_id and v.status != "cancelled"), None)
    kind_zh = TRIGGER_KIND_ZH.get(t.kind, t.kind)
    where_zh = f"检查 {visit.visit_id}（{visit.date}）" if visit else "尚无检查，见“尚无检查的线索”"
    where_en = f"visit {visit.visit_id} on {visit.date}" if visit else "no visit yet: see the triggers without a visit"
    raise YearError("trigger_id", f"该企业 {t.received_on} 受理的{kind_zh}线索（{t.agency_id}）已登记为 {held.trigger_id}，{where_zh}；未重复登记。"
                    "如为另一件线索，请在该次检查中一并核查",
                    f"this {t.kind} about the enterprise ({t.agency_id}, received {t.received_on}) is already registered as trigger "
                    f"{held.trigger_id}, {where_en}; not registered twice. A separate one received that day is checked during that visit",
                    "R-TRIGGER", 409)


def _stub(y: Year, t: Trigger, day: dt.date, team: str, visit_id: str) -> Visit:
    ent = y.reg.enterprises[t.enterprise_id]
    return Visit(visit_id, day, t.enterprise_id, ent["district_code"], "onsite", t.agency_id, (t.agency_id,),
                 tuple(y.reg.items_for(t.agency_id, t.enterprise_id)), (), "triggered", t.trigger_id, y.tiers.get(t.enterprise_id, ""),
                 {t.agency_id: team},
                 urgent=t.urgent)


def _joint_cost(y: Year, enterprise: str, day: dt.date) -> int:
    span = y.policy.min_days_between_visits
    return sum(1 for vid in y.by_enterprise.get(enterprise, ()) if y.visits[vid].status != "cancelled"
               and 0 < abs((y.visits[vid].date - day).days) < span)


WEEKS = 52


def _spread(y: Year, team: str, day: dt.date) -> float:
    """The team's week's load with the trigger's visit minus its mean week (R-SPREAD), read while the visit is booked
    (`_try`): it counted the visit twice (mut42: 2.94 where 1.94; the ranking was the same)."""
    return y.team_week[(team, day.isocalendar()[1])] - y.team_total[team] / WEEKS


def relocate(y: Year, v: Visit, today: dt.date, avoid: dt.date | None = None,
             reach: int | None = None) -> tuple[dt.date, tuple[str, ...]] | None:
    """The nearest lawful day for a movable visit (its window, after the freeze, every HARD rule; within `reach` working
    days where given), with its officers kept where they are free and the rest drawn from the same teams (R-REPLAN,
    R-INSERT)."""
    got = lawful_days(y, v, move_days(y, v, today, avoid, reach), 1)
    return got[0] if got else None


def move_days(y: Year, v: Visit, today: dt.date, avoid: dt.date | None = None, reach: int | None = None) -> list[dt.date]:
    """The days a visit may be moved to, nearest first: working days of its window (R-TRIGGER, R-FOLLOW) after the
    freeze (R-INSERT), not its day itself nor `avoid`; within `reach` working days of its day where given (R-INSERT's
    slot search: RELOCATE_SEARCH_DAYS), else the whole window. Nearest is R-REPLAN's word, for a follow-up too: its
    months (`follow_up_within_workdays`) are the solve's preference, not a HARD rule, and a farther day inside them is
    not nearer (review39 #5: round 38 tried them first, and a re-plan's teams disagreed)."""
    lo, hi = y.window(v)
    first = max(lo, y.freeze_until(today) + dt.timedelta(days=1))
    wd = y.reg.workdays
    idx = y.reg.wd_index.get(v.date)
    if idx is None:
        return []
    near = wd if reach is None else wd[max(0, idx - reach): idx + reach + 1]
    return sorted((d for d in near if first <= d <= hi and d != v.date and d != avoid), key=lambda d: (abs((d - v.date).days), d))


def lawful_days(y: Year, v: Visit, days: list[dt.date], k: int) -> list[tuple[dt.date, tuple[str, ...]]]:
    """The first `k` of `days` where the visit keeps every HARD rule (R-JOINT, R-GAP, the teams' caps, R-PAIR from its
    own teams with R-CERT, R-AVAIL, R-RECUSE), each with its officers: kept where free, the rest in R-OFFICER-DRAW
    order (Year.staff). The visit's own booking is lifted while looking, and put back."""
    out: list[tuple[dt.date, tuple[str, ...]]] = []
    y._book(v, -1)
    try:
        for a in v.agency_ids:  # no day helps when the team has too few officers with budget left (R-AVAIL)
            left = [o for o in y.reg.team_officers.get(v.teams[a], []) if y.officer_year[o] < y.reg.officers[o].budget]
            if v.mode == "onsite" and len(left) < y.need(v.mode):
                return out
        for d in days:
            if len(out) >= k:
                break
            if y.day_conflict(v.enterprise_id, v.agency_ids, v.basis, d, ignore=v.visit_id, mode=v.mode):
                continue
            if not all(y.team_room(t, d) for t in set(v.teams.values())):
                continue
            officers: list[str] = []
            for a in v.agency_ids:
                got = y.staff(v.visit_id, v.enterprise_id, v.mode, d, v.teams[a], keep=v.officer_ids)
                if got is None:
                    break
                officers += got
            else:
                out.append((d, tuple(officers)))
        return out
    finally:
        y._book(v, +1)


def _try(y: Year, t: Trigger, day: dt.date, team: str, movers: tuple[Visit, ...], today: dt.date) -> Slot | None:
    """Take `movers` off the day, staff the trigger, relocate each mover; all undone before returning."""
    for m in movers:
        y._book(m, -1)
    stub = _stub(y, t, day, team, y.peek_visit_id("I"))  # the id apply gives it: its officers are drawn by it
    staffed, moved = False, []
    try:
        if not y.team_room(team, day):
            return None
        officers = y.staff(stub.visit_id, t.enterprise_id, "onsite", day, team)
        if officers is None:
            return None
        stub.officer_ids = tuple(officers)
        y.visits[stub.visit_id] = stub
        y._book(stub, +1)
        staffed = True
        moves = []
        for m in movers:
            old_date = m.date
            y._book(m, +1)  # relocate() unbooks it from where it stands
            r = relocate(y, m, today, avoid=day, reach=RELOCATE_SEARCH_DAYS)
            y._book(m, -1)
            if r is None:
                return None
            m.date, before, m.officer_ids = r[0], m.officer_ids, r[1]
            y._book(m, +1)
            moved.append((m, old_date, before))
            moves.append(Move(m.visit_id, old_date, r[0], before, r[1]))
        return Slot(day, team, tuple(officers), moves, _joint_cost(y, t.enterprise_id, day), _spread(y, team, day))
    finally:
        for m, old_date, before in reversed(moved):
            y._book(m, -1)
            m.date, m.officer_ids = old_date, before
        if staffed:
            y._book(stub, -1)
            del y.visits[stub.visit_id]
        for m in movers:
            y._book(m, +1)


TIER_LEVEL = {"A": 1, "B": 2, "C": 3, "D": 4}
GIVES_WAY = ("sampled", "mandatory")  # R-PRIORITY: triggers come before both; sampled give way first


def _try_displace(y: Year, t: Trigger, day: dt.date, team: str, today: dt.date) -> Slot | None:
    """Where only officers' annual budgets bind (R-AVAIL), a trigger outranks a sampled visit (R-PRIORITY): the
    sampled visit of this team that is last in priority (lowest tier, then latest drawn, then latest date), movable
    and holding enough of the day's free officers, gives its agency part back. Undone before returning."""
    if not y.team_room(team, day):
        return None
    need = y.need("onsite")
    free = [o for o in y.reg.team_officers.get(team, []) if y.officer_free(o, day, t.enterprise_id, "onsite", budget=False) is None]
    with_budget = {o for o in free if y.officer_free(o, day, t.enterprise_id) is None}
    short = need - len(with_budget)
    if short <= 0 or len(free) < need:
        return None
    spent = set(free) - with_budget  # only on-site visits use the annual budget (R-AVAIL), so only they can give it back
    cands = {vid for o in spent for vid in y.by_officer.get(o, ())}
    victims = sorted((v for v in (y.visits[vid] for vid in cands)
                      if v.basis in GIVES_WAY and v.mode == "onsite" and v.status == "planned" and v.teams.get(t.agency_id) == team
                      and v.date != day
                      and not y.pinned(v, today)),
                     key=lambda v: (GIVES_WAY.index(v.basis), TIER_LEVEL.get(v.tier, 0), -y.draw_rank.get(v.enterprise_id, 0),
                                    -v.date.toordinal(), v.visit_id))
    chosen: list[Visit] = []
    covered: set[str] = set()
    for v in victims:  # in R-PRIORITY order, each giving back at least one more officer's budget
        gives = (spent & set(v.officer_ids)) - covered
        if gives:
            chosen.append(v)
            covered |= gives
        if len(covered) >= short or len(chosen) >= y.policy.max_moved_visits:
            break
    if len(covered) < short:
        return None
    snaps = [(v, y.drop_agency(v, t.agency_id)) for v in chosen]
    try:
        s = _try(y, t, day, team, (), today)
        if s is not None:
            s.displaced = [{"visit_id": v.visit_id, "agency_id": t.agency_id, "enterprise_id": v.enterprise_id, "date": v.date.isoformat(),
                            "basis": v.basis} for v in chosen]
        return s
    finally:
        for v, snap in reversed(snaps):
            y.restore(v, snap)


def _slot_days(y: Year, t: Trigger, today: dt.date) -> list[dt.date]:
    """Working days of the trigger's window from today. A non-urgent insertion is a version a leader approves before it
    is executed (R-APPROVE), so its earliest day is tomorrow; an urgent one may start today (R-URGENT)."""
    first, last = y.trigger_window(t)
    return [d for d in y.reg.workdays if max(first, today) <= d <= last and (t.urgent or d > today)]


def _team_day_cause(y: Year, t: Trigger, d: dt.date, team: str) -> str:
    """What keeps the trigger's visit off this team's day when its enterprise is free that day (a key of CAUSE_ZH)."""
    if not y.team_room(team, d):
        return "team-day"
    free = [o for o in y.reg.team_officers.get(team, []) if y.officer_free(o, d, t.enterprise_id, budget=False) is None]
    return "officer-day" if len(free) < y.need("onsite") else "budget"


def _opened(y: Year, t: Trigger, d: dt.date, team: str, today: dt.date) -> Slot | None:
    """The best slot on a team-day the trigger cannot take as it stands: the fewest movable visits moved (never pinned,
    at most `max_moved_visits`), else a sampled visit giving way (R-PRIORITY); None where neither opens it."""
    rank = functools.partial(Slot.key, urgent=t.urgent)
    movers = sorted((y.visits[vid] for vid in y.by_officer_on_team_day(team, d)
                     if not y.pinned(y.visits[vid], today)), key=lambda v: v.visit_id)
    best = None
    if _team_day_cause(y, t, d, team) == "budget":
        movers = []  # only annual budgets bind: moving a visit to another day gives none back
    for m in range(1, min(y.policy.max_moved_visits, len(movers)) + 1):
        for combo in itertools.combinations(movers, m):
            s = _try(y, t, d, team, combo, today)
            if s and (best is None or rank(s) < rank(best)):
                best = s
        if best:
            break
    return best or _try_displace(y, t, d, team, today)


def propose(y: Year, t: Trigger, today: dt.date, k: int = 3) -> list[Slot]:
    """The best `k` slots (distinct day and team) for a trigger, each with its cost. Empty: no lawful slot."""
    y.refuse_closed()
    check_trigger(y, t, today)
    ent = y.reg.enterprises[t.enterprise_id]
    teams = y.reg.teams_for(t.agency_id, ent["district_code"])
    days = _slot_days(y, t, today)
    free: list[Slot] = []
    blocked: list[tuple[dt.date, str]] = []
    for d in days:
        if y.day_conflict(t.enterprise_id, (t.agency_id,), "triggered", d):
            continue  # one on-site row per enterprise-day (R-JOINT)
        for team in teams:
            s = _try(y, t, d, team, (), today)
            (free.append(s) if s else blocked.append((d, team)))
    rank = functools.partial(Slot.key, urgent=t.urgent)
    free.sort(key=rank)
    if len(free) >= k or y.policy.max_moved_visits == 0:
        return free[:k]
    found = list(free)
    for d, team in blocked:  # exact: the fewest moves that open this team-day, if any within the limit
        opened = _opened(y, t, d, team, today)
        if opened:
            found.append(opened)
    found.sort(key=rank)
    return found[:k]


def apply(y: Year, t: Trigger, slot: Slot, today: dt.date, who: str) -> tuple[Visit, Version]:
    """Make the chosen slot real: moves, then the new visit; any HARD rule broken undoes all of it (nothing stored).
    The change is a new version for approval; an urgent one starts now and is flagged until approved (R-URGENT)."""
    y.require_open_plan()
    check_trigger(y, t, today)
    done: list[tuple[Visit, dt.date, tuple[str, ...]]] = []
    dropped: list[tuple[Visit, dict[str, Any]]] = []
    seq, known = y._seq, t.trigger_id in y.triggers
    try:
        for dv in slot.displaced:
            v = y.visit(dv["visit_id"])
            if y.pinned(v, today) or v.basis not in GIVES_WAY or dv["agency_id"] not in v.agency_ids:
                raise YearError("slot", f"检查 {v.visit_id} 已锁定或已变化，不能让出", f"visit {v.visit_id} is pinned or changed: it cannot give way",
                                "R-INSERT", 409)
            dropped.append((v, y.drop_agency(v, dv["agency_id"])))
        for mv in slot.moves:
            v = y.visit(mv.visit_id)
            if y.pinned(v, today):
                raise YearError("slot", f"检查 {v.visit_id} 已锁定（已完成、已通知或在冻结期内），不能调整",
                                f"visit {v.visit_id} is pinned (done, notified or frozen) and never moves", "R-INSERT", 409)
            if v.date != mv.from_date:
                raise YearError("slot", "计划已变化，请重新推荐时段", "the plan changed since the slots were offered: ask again", "R-INSERT", 409)
            done.append((v, v.date, v.officer_ids))
            y.move(v, mv.to_date, mv.officers_after)
        y.triggers.setdefault(t.trigger_id, t)
        new = _stub(y, t, slot.day, slot.team, y.next_visit_id("I"))
        new.officer_ids = slot.officers
        y.place(new)
    except YearError:
        for v, d, o in reversed(done):
            y.move(v, d, o)
        for v, snap in reversed(dropped):
            y.restore(v, snap)
        y._seq = seq
        if not known:
            y.triggers.pop(t.trigger_id, None)
        raise
    for v, snap in dropped:
        why = f"R-PRIORITY: its {slot.displaced[0]['agency_id']} officers' annual budget went to trigger {t.trigger_id} ({new.visit_id})"
        v.reason = (f"该检查（{slot.displaced[0]['agency_id']}部分）让位于线索 {t.trigger_id}（{new.visit_id}）：执法人员年度检查额度用尽"
                    f"（R-PRIORITY） / {why}")
        y.shortfalls.append({"rule": "R-PRIORITY", "id": v.enterprise_id, "visit_id": v.visit_id, "agency_id": slot.displaced[0]["agency_id"],
                             "to": new.visit_id, "binding": why,
                             # "该检查", as its reason: a mandatory visit gives way too (foreign39 F6: "该抽查" said sampled)
                             "binding_zh": f"该检查（{slot.displaced[0]['agency_id']}部分）让位于线索 {t.trigger_id}（{new.visit_id}）：执法人员年度检查额度用尽"})
        y.audit(today, who, "visit.give_way", v.visit_id, to=new.visit_id, agency_id=slot.displaced[0]["agency_id"],
                was=snap["agency_ids"])
    changes = ([{"action": "insert", **new.row()}] + [{"action": "move", **m.as_dict()} for m in slot.moves]
               + [{"action": "give_way", **d, "was": snap} for d, (_, snap) in zip(slot.displaced, dropped, strict=True)])  # `was`: a rejection restores it
    ver = y.new_version("insert", insert_summary(t, new, slot, y.reg), changes, today, urgent=t.urgent, who=who)
    y.audit(today, who, "visit.insert", new.visit_id, trigger_id=t.trigger_id, version=ver.number, moves=[m.as_dict() for m in slot.moves],
            urgent=t.urgent)
    for m in slot.moves:  # in the moved visit's own trail too (walk41 Y5: a later "move back" had no move before it)
        y.audit(today, who, "visit.moved_for_insert", m.visit_id, version=ver.number, inserted=new.visit_id, trigger_id=t.trigger_id,
                **{k: v for k, v in m.as_dict().items() if k != "visit_id"})
    return new, ver


def insert_summary(t: Trigger, new: Visit, slot: Slot, reg: Register) -> str:
    """What the leader decides on, in both languages: the visit inserted, and every visit moved or giving way for it
    (walk9: the summary named neither, while they had already moved); the firm and the team by name in Chinese, their codes
    beside (prod23: a credit code and a team code only); by their codes in English, which holds no Chinese word."""
    moved = "、".join(m.visit_id for m in slot.moves)
    gave = "、".join(f"{d['visit_id']}（{d['agency_id']}）" for d in slot.displaced)
    zh = f"线索 {t.trigger_id} {reg.firm(t.enterprise_id)} → {new.visit_id} {slot.day} {reg.team_label(slot.team)}" + (f"；改期 {moved}" if moved else "") + (f"；让位 {gave}" if gave else "")
    en = (f"trigger {t.trigger_id} {t.enterprise_id} → {new.visit_id} {slot.day} {slot.team}" + (f"; moves {', '.join(m.visit_id for m in slot.moves)}" if moved else "")
          + (f"; gives way {', '.join(d['visit_id'] for d in slot.displaced)}" if gave else ""))
    return f"{zh} / {en}"


def hold(y: Year, t: Trigger, today: dt.date, who: str) -> tuple[str, str]:
    """登记: keep a trigger no slot can take (propose finds none) as a trigger without a visit (R-TRIGGER: a trigger
    is visited "or listed as a shortfall with the reason"). It is listed with the open triggers from then on, where a
    planner places it once a slot exists, or a leader closes it with the reason (Year.close_trigger). Before, a
    complaint with no slot in its window left no trace at all (walk15). Refused where a slot exists (insert it), and
    for a trigger id already held. Returns why no slot exists (binding), which the audit keeps."""
    y.require_open_plan()
    check_trigger(y, t, today)
    if t.trigger_id in y.triggers:
        raise YearError("trigger_id", f"线索 {t.trigger_id} 已登记", f"trigger {t.trigger_id} is already held", "R-TRIGGER", 409)
    if propose(y, t, today, k=1):
        raise YearError("trigger_id", "该线索仍有可安排的时段，请插入检查", "a slot exists for this trigger: insert its visit", "R-INSERT", 409)
    why = binding(y, t, today)
    y.triggers[t.trigger_id] = t
    y.audit(today, who, "trigger.hold", trigger_id=t.trigger_id, enterprise_id=t.enterprise_id, agency_id=t.agency_id,
            received_on=t.received_on.isoformat(), kind=t.kind, urgent=t.urgent, why=why[1], why_zh=why[0])
    return why


# why a team-day cannot take a trigger's visit, with the rule that says so (R-EXPLAIN): `binding` for the whole window,
# `refuse_slot` for the (day, team) a planner named
CAUSE_ZH = {"team-day": "队伍当日检查量已满且无可调整的检查", "officer-day": "当日可出勤的持证执法人员不足",
            "budget": "执法人员年度检查额度已用尽且无可让位的抽查", "enterprise": "该企业当日已有检查", "window": "时限内已无工作日"}
CAUSE_EN = {"team-day": "team-days full with nothing movable", "officer-day": "too few certified officers free on the days",
            "budget": "officers' annual budgets spent, no sampled visit to give way", "enterprise": "the enterprise is visited on those days",
            "window": "no working day left in the window"}
CAUSE_RULE = {"team-day": "R-AVAIL", "officer-day": "R-PAIR", "budget": "R-AVAIL", "enterprise": "R-JOINT", "window": "R-TRIGGER"}


def refuse_day(y: Year, day: dt.date, today: dt.date, earliest: tuple[dt.date, str, str], window: tuple[dt.date, dt.date],
               rule: str) -> YearError | None:
    """Why a day a planner named can take no visit whatever the officers and visits of that day: outside the plan year or
    not a working day (R-WORKDAY), past, before the `earliest` day (its day, then why in Chinese and English), or outside
    the visit's window (`rule`: R-TRIGGER, R-FOLLOW). None where only that day's officers and visits can tell (foreign36:
    a holiday, a past day and a day of 2028 all read "no longer offered (another change was made meanwhile)")."""
    first, why_zh, why_en = earliest
    lo, hi = window
    if day.year != y.reg.year:
        return YearError("day", f"{day} 不在计划年度 {y.reg.year} 内", f"{day} is outside the plan year {y.reg.year}", "R-WORKDAY")
    if day < today:
        return YearError("day", f"{day} 已过（今天是 {today}）", f"{day} has passed (today is {today})", "R-INSERT")
    if day < first:
        return YearError("day", f"{day} 早于最早可选日期 {first}（{why_zh}）", f"{day} is before the earliest day {first} ({why_en})", "R-INSERT")
    if day not in y.reg.wd_index:
        return YearError("day", f"{day} 不是工作日（含调休）", f"{day} is not a working day (make-up days included)", "R-WORKDAY")
    if not lo <= day <= hi:
        return YearError("day", f"{day} 不在检查时限 {lo}–{hi} 内", f"{day} is outside the visit's window {lo}–{hi}", rule)
    return None


def refuse_slot(y: Year, t: Trigger, day: dt.date, team: str, today: dt.date) -> YearError:
    """Why the (day, team) a planner named is not among the slots `propose` offers now, naming the field and the rule:
    a team that does not exist or may not go (R-TEAM), a day no visit may take (`refuse_day`), a slot that is lawful
    but not among the best offered (R-INSERT: the planner chooses among them), or what is full that day."""
    district = y.reg.enterprises[t.enterprise_id]["district_code"]
    if team not in y.reg.teams:
        return YearError("team", f"没有队伍 {team}", f"no team {team}", "R-TEAM")
    if team not in y.reg.teams_for(t.agency_id, district):
        return YearError("team", f"队伍 {team} 不能在 {district} 承担 {t.agency_id} 的检查", f"team {team} may not go for agency {t.agency_id} in district {district}",
                         "R-TEAM")
    earliest = ((today, "", "") if t.urgent else
                (today + dt.timedelta(days=1), "非紧急线索的检查须经批准后实施，最早为明天", "a routine insertion is approved first: tomorrow at the earliest"))
    refused = refuse_day(y, day, today, earliest, y.trigger_window(t), "R-TRIGGER")
    if refused is not None:
        return refused
    if y.day_conflict(t.enterprise_id, (t.agency_id,), "triggered", day):
        cause = "enterprise"
    else:
        # lawful as it stands, or once visits move or a sampled one gives way (review36: such a slot read "team-days
        # full with nothing movable")
        slot = _try(y, t, day, team, (), today) or (_opened(y, t, day, team, today) if y.policy.max_moved_visits else None)
        if slot is not None:
            cost_zh = cost_en = ""
            if slot.moves or slot.displaced:
                cost_zh = f"（需调整 {len(slot.moves)} 次检查、{len(slot.displaced)} 次抽查让位）"
                cost_en = f" (moving {len(slot.moves)} visit(s), {len(slot.displaced)} giving way)"
            return YearError("choice", f"{day} {team} 可以安排{cost_zh}，但不在当前推荐的最优时段之列：请在推荐时段中选择",
                             f"{day} {team} is lawful{cost_en} but not among the best slots offered now: choose one of them", "R-INSERT", 409)
        cause = _team_day_cause(y, t, day, team)
    return YearError("choice", f"{day} {team}：{CAUSE_ZH[cause]}，该时段现不可安排：请重新查看推荐时段",
                     f"{day} {team}: {CAUSE_EN[cause]}; the slot cannot be taken now: view the best slots again", CAUSE_RULE[cause], 409)


def binding(y: Year, t: Trigger, today: dt.date) -> tuple[str, str]:
    """Why no slot exists, naming the resource (R-EXPLAIN): the first that binds on most days of the window."""
    first, last = y.trigger_window(t)
    ent = y.reg.enterprises[t.enterprise_id]
    teams = y.reg.teams_for(t.agency_id, ent["district_code"])
    if not teams:
        return (f"{t.agency_id} 无可在 {ent['district_code']} 执法的队伍", f"agency {t.agency_id}: no team may work in district {ent['district_code']}")
    days = _slot_days(y, t, today)
    why: dict[str, int] = {}
    # counted in team-days: a day the firm is visited closes it for every team (mut41: counted once a day, a firm
    # visited on 2 of a window's 3 days, with two teams, read "officers' annual budgets spent")
    for d in days:
        if y.day_conflict(t.enterprise_id, (t.agency_id,), "triggered", d):
            why["enterprise"] = why.get("enterprise", 0) + len(teams)
            continue
        for team in teams:
            k = _team_day_cause(y, t, d, team)
            why[k] = why.get(k, 0) + 1
    k = max(why, key=lambda x: why[x]) if why else "window"
    zh, en = CAUSE_ZH[k], CAUSE_EN[k]
    span = f"{first}–{last}" if first <= last else f"{t.received_on}"
    zh, en = f"{t.agency_id}（{'/'.join(teams)}）{span}：{zh}", f"agency {t.agency_id} ({'/'.join(teams)}) {span}: {en}"
    if y.due_after_year(t):
        # the rest of its window lies in next year: held now, it goes into next year's plan with the bundle's triggers
        due = y.trigger_due(t)
        zh += f"；处理期限（{due or '次年，日历尚未载明'}）在计划年度之后：请登记，转入下一年度计划"
        en += f"; its deadline ({due or 'next year, not yet in the calendar'}) falls after the plan year: hold it, it goes into next year's plan"
    return zh, en
