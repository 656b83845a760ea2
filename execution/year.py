"""The approved plan in motion: visit states, who is busy when, the HARD checks every change keeps,
records (R-RECORD), codes (R-CODE), versions for approval (R-APPROVE, R-URGENT) and the audit trail
(R-AUDIT). Insertion (execution/insert.py) and re-staffing (execution/replan.py) change it only
through `place`, `unplace` and `restaff` here, so every change passes the same checks."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bundle import Bundle, CalendarGap
from bundle.schema import ROLE_ZH
from bundle.workcal import freeze_end
from execution.context import OUTCOMES, PLANNED_BASES, Register, Visit, read_visits
from execution.errors import YearError

# the longest rectification deadline 整改期限 a record may set (the spec is silent): a year, so that next year's plan
# can still follow it up (R-FOLLOW reads last year's unrectified violations)
MAX_RECTIFY_DAYS = 365
STATES = ("planned", "notified", "done", "overdue", "cancelled")
STATE_ZH = {"planned": "待检查", "notified": "已通知", "done": "已检查", "overdue": "逾期未记录", "cancelled": "已取消"}  # as the pages say them
# each lawful basis in a word (the pages' api.flow.BASIS_ZH builds on this one)
# the reason R-REPLAN gives a whole visit it cancels (replan.officer_unavailable), which Year.replan_lost reads back
REPLAN_LOST = "R-REPLAN 未能保障："
BASIS_SHORT_ZH = {"mandatory": "重点检查", "sampled": "随机抽查", "triggered": "线索检查", "follow_up": "整改复查"}
# lifecycle: planned → notified → done | overdue | cancelled (overdue may still be recorded late). `done` is reached only
# through a record (R-RECORD, Year.record): walk9 marked a visit done by its status alone, with no record, no history row
MOVES = {
    "planned": ("notified", "overdue", "cancelled"),
    "notified": ("overdue", "cancelled"),
    "overdue": ("cancelled",),
    "done": (),
    "cancelled": (),
}
EXECUTABLE_PLAN_STATES = ("approved", "published")  # R-APPROVE: only an approved plan is executed


@dataclass(frozen=True)
class Caller:
    """Who asks: a user scoped to an agency and/or a team records only that agency's or team's visits."""

    username: str
    agency_id: str | None = None
    team_id: str | None = None


@dataclass
class Record:
    """现场检查笔录 summary (R-RECORD)."""

    visit_id: str
    date: dt.date
    officer_ids: tuple[str, ...]
    outcomes: dict[str, str]  # item → compliant | minor | violation | serious
    rectify_by: dt.date | None
    notes: str
    recorded_by: str
    late: bool = False
    planned_on: dt.date | None = None  # the day it was planned for, where it was done on another day 改期执行
    breaches: tuple[str, ...] = ()  # the planning rules that other day breaks, recorded and shown, not refused
    corrections: list[dict[str, Any]] = field(default_factory=list)  # 更正: each one's day, who, why, and what it replaced


@dataclass
class Trigger:
    trigger_id: str
    enterprise_id: str
    agency_id: str
    received_on: dt.date
    kind: str = "complaint"
    urgent: bool = False
    # the bureau's own number (a hotline's, a referral's): False where the service numbered it (a planner left it empty).
    # Two triggers with numbers of their own are two triggers; two without are one complaint entered twice where their
    # firm, agency, day received and kind agree (execution.insert.same_trigger; walk41 Y2)
    numbered: bool = True


@dataclass
class Version:
    """A change to the approved plan: a new version a leader approves (urgent ones afterwards, R-URGENT)."""

    number: int
    kind: str  # insert | replan | withdraw (an absence withdrawn) | cancel | move (a planner's 改期, execution/reschedule.py)
    summary: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    urgent: bool = False
    state: str = "submitted"  # submitted | started (urgent, before approval) | approved | rejected
    created_on: str = ""
    approved_by: str = ""
    approved_on: str = ""
    created_by: str = ""
    comment: str = ""  # the leader's, with the approval or the rejection (R-APPROVE: a leader approves with comments)
    rejected_by: str = ""
    rejected_on: str = ""
    kept: list[dict[str, str]] = field(default_factory=list)  # on rejection or withdrawal: what could not be undone, and why
    # a re-plan's touched visits as they were before it and as it left them, {visit: {"was": …, "now": …}}, so that an
    # absence entered by mistake can be withdrawn (execution/replan.py, withdraw_absence)
    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)  # {visit: {"was", "now"[, "with": its swap mate]}}

    @property
    def in_year_change(self) -> int:
        """年内调整第n次: version 1 is the plan as approved, so version n + 1 is the n-th in-year change (as the board,
        the code page and the refusals number it; "v2" read as the plan's own second version)."""
        return self.number - 1


class Year:
    def __init__(self, bundle: Bundle, visits: list[Visit], plan_state: str = "approved", plan_dir: Path | None = None):
        self.reg = Register(bundle)
        self.policy = bundle.policy
        self.plan_dir = plan_dir
        self.plan_state = plan_state
        # the day a leader closed the year (api: Plan.closed_at); not part of the dump: it is the plan's fact, set on load
        self.closed_on: dt.date | None = None
        self.visits: dict[str, Visit] = {}
        self.by_code: dict[str, str] = {}
        self.records: dict[str, Record] = {}
        self.milestones: dict[str, dict[str, str]] = {}  # visit → kind → ISO date done (deadlines.py)
        self.entered: dict[str, dict[str, str]] = {}  # visit → kind → ISO date entered, where after the date done (补录)
        self.triggers: dict[str, Trigger] = {}
        self.extra_away: dict[str, set[dt.date]] = {}
        self.suspended: dict[str, dt.date] = {}
        self.versions: list[Version] = [Version(1, "plan", "批准的年度计划 / approved annual plan", state="approved")]
        self.log: list[dict[str, Any]] = []
        self.shortfalls: list[dict[str, str]] = []
        self.case_reviews: dict[str, list[str]] = {}
        self.closed_triggers: dict[str, dict[str, str]] = {}  # trigger → who closed it without a visit, when, why
        self.added: dict[str, dict[str, str]] = {}  # firms entered during the year, as enterprises.csv rows (execution.newfirm)
        self._seq = 0
        self.draw_rank: dict[str, int] = {}  # selection.csv: who gives way first under R-PRIORITY
        self.tiers: dict[str, str] = {}  # selection.csv: each enterprise's tier, for the visits inserted during the year
        self.officer_day: Counter[tuple[str, dt.date]] = Counter()
        self.remote_day: Counter[tuple[str, dt.date]] = Counter()
        self.officer_year: Counter[str] = Counter()
        self.team_day: Counter[tuple[str, dt.date]] = Counter()
        self.team_week: Counter[tuple[str, int]] = Counter()
        self.team_total: Counter[str] = Counter()
        self._freeze: dict[tuple[dt.date, int], dt.date] = {}
        self.by_enterprise: dict[str, set[str]] = {}
        self.by_officer: dict[str, set[str]] = {}
        self.team_visits: dict[tuple[str, dt.date], set[str]] = {}
        for r in bundle.triggers.itertuples(index=False):
            self.triggers[r.trigger_id] = Trigger(r.trigger_id, r.enterprise_id, r.agency_id, r.received_on.date(), r.kind, bool(r.urgent))
        for v in visits:
            v.urgent = bool(v.trigger_id and self.triggers.get(v.trigger_id) and self.triggers[v.trigger_id].urgent)
            self.visits[v.visit_id] = v
            self._book(v, +1)
            if not v.code:
                v.code = new_code()
            self.by_code[v.code] = v.visit_id

    @classmethod
    def from_folder(cls, bundle: Bundle, plan_dir: Path, plan_state: str = "approved") -> Year:
        reg_visits = read_visits(Path(plan_dir), Register(bundle))
        y = cls(bundle, reg_visits, plan_state, Path(plan_dir))
        y.draw_rank = read_draw_ranks(Path(plan_dir))
        y.tiers = read_tiers(Path(plan_dir))
        return y

    # ---- bookkeeping -------------------------------------------------------------------
    def _book(self, v: Visit, sign: int) -> None:
        if v.status == "cancelled":
            return
        wk = v.date.isocalendar()[1]
        for o in v.officer_ids:
            if v.mode == "onsite":
                self.officer_day[(o, v.date)] += sign
                self.officer_year[o] += sign
            else:
                self.remote_day[(o, v.date)] += sign
            s = self.by_officer.setdefault(o, set())
            (s.add if sign > 0 else s.discard)(v.visit_id)
        for t in set(v.teams.values()):
            self.team_day[(t, v.date)] += sign
            tv = self.team_visits.setdefault((t, v.date), set())
            (tv.add if sign > 0 else tv.discard)(v.visit_id)
            if v.mode == "onsite":
                self.team_week[(t, wk)] += sign
                self.team_total[t] += sign
        s = self.by_enterprise.setdefault(v.enterprise_id, set())
        (s.add if sign > 0 else s.discard)(v.visit_id)

    def audit(self, today: dt.date, who: str, action: str, visit_id: str = "", **detail: Any) -> None:
        """R-AUDIT: who, when, what."""
        self.log.append({"on": today.isoformat(), "who": who, "action": action, "visit_id": visit_id, **detail})

    def next_visit_id(self, prefix: str = "I") -> str:
        vid = self.peek_visit_id(prefix)
        self._seq = int(vid[len(prefix):])
        return vid

    def peek_visit_id(self, prefix: str = "I") -> str:
        """The id `next_visit_id` gives next, nothing taken: the slots of an insertion draw their officers by it
        (R-OFFICER-DRAW: HMAC(seed, "officer|{visit_id}|{officer_id}"); mut42: drawn by a placeholder, an auditor
        redrawing the inserted visit by its id got another pair)."""
        n = self._seq + 1
        while f"{prefix}{n:06d}" in self.visits:
            n += 1
        return f"{prefix}{n:06d}"

    def require_executable(self) -> None:
        if self.plan_state not in EXECUTABLE_PLAN_STATES:
            raise YearError("plan", f"计划状态为 {self.plan_state}，仅已批准的计划可执行", f"the plan is {self.plan_state}: only an approved plan is executed",
                            "R-APPROVE", 409)

    def require_open_plan(self) -> None:
        """A change to the plan itself (an insertion, a move, a cancellation, a re-plan, undoing a change) needs an
        executable plan whose year is not closed (`refuse_closed`)."""
        self.require_executable()
        self.refuse_closed()

    def refuse_closed(self) -> None:
        """Closing the year reveals its seed (R-PUBLISH): the plan anyone can then redraw and check is final. What the
        year still owes goes on — records of its last days, rectification, feedback, publication, archiving
        (R-DEADLINE, R-ARCHIVE) — so those ask only `require_executable`."""
        if self.closed_on is not None:
            raise YearError("plan", f"该年度已于 {self.closed_on} 结束：计划不再调整（检查记录、整改、公示与归档照常办理）",
                            f"the year was closed on {self.closed_on}: its plan no longer changes (records, rectification, "
                            "publication and archiving go on)", "R-PUBLISH", 409)

    def visit(self, visit_id: str) -> Visit:
        v = self.visits.get(visit_id)
        if v is None:
            raise YearError("visit_id", f"没有检查 {visit_id}", f"no visit {visit_id}", status=404)
        return v

    def by_code_or_none(self, code: str) -> Visit | None:
        vid = self.by_code.get(code)
        return self.visits.get(vid) if vid else None

    # ---- who is free --------------------------------------------------------------------
    def is_away(self, officer: str, day: dt.date) -> bool:
        return day in self.reg.away.get(officer, ()) or day in self.extra_away.get(officer, ())

    def counts_on(self, officer: str, day: dt.date) -> bool:
        """R-CERT with suspensions entered during the year."""
        s = self.suspended.get(officer)
        return self.reg.certified(officer, day) and (s is None or day < s)

    def _not_counted(self, officer: str, agency: str, v: Visit, day: dt.date) -> tuple[str, str] | None:
        """Why `officer` of `agency` does not count for R-PAIR on `v` that day (zh, en), None where they do."""
        if self.reg.officers[officer].team_id != v.teams.get(agency):
            return "不属于本次检查的执法队伍", "is not of the visit's team"
        if self.is_away(officer, day):
            return f"{day} 不可用（请假、培训等）", f"is away on {day} (leave, training …)"
        role = self.reg.officers[officer].role
        if role != "enforcement":  # not "no valid certificate" (walk41 Y11): an auxiliary never counts, whatever the day
            zh = ROLE_ZH.get(role, role)
            return f"为{zh}，不计入两名执法人员", f"is {role.replace('_', ' ')} staff, not an enforcement officer: not one of the two"
        if not self.counts_on(officer, day):
            return f"{day} 执法证无效或已暂停", f"holds no valid certificate on {day} (expired or suspended)"
        if (officer, v.enterprise_id) in self.reg.recused:
            return "须回避该企业", "is recused from this enterprise"
        return None

    def officer_free(self, officer: str, day: dt.date, enterprise: str, mode: str = "onsite", budget: bool = True) -> str | None:
        """None when the officer may take one more visit that day, else the rule that stops them
        (budget=False: all but the annual budget, to find whose budget a lower-priority visit could give back)."""
        p = self.policy
        if not self.counts_on(officer, day):
            return "R-CERT"
        if self.is_away(officer, day):
            return "R-AVAIL"
        if (officer, enterprise) in self.reg.recused:
            return "R-RECUSE"
        if mode == "onsite":
            if self.officer_day[(officer, day)] >= p.max_visits_per_officer_per_day:
                return "R-AVAIL"
            if budget and self.officer_year[officer] >= self.reg.officers[officer].budget:
                return "R-AVAIL"
        elif self.remote_day[(officer, day)] >= p.max_remote_checks_per_officer_per_day:
            return "R-AVAIL"
        return None

    def by_officer_on_team_day(self, team: str, day: dt.date) -> list[str]:
        """The visits a team takes part in on a day."""
        return sorted(self.team_visits.get((team, day), ()))

    def team_room(self, team: str, day: dt.date) -> bool:
        return self.team_day[(team, day)] < self.reg.teams[team].max_visits_per_day

    def need(self, mode: str) -> int:
        return self.policy.officers_per_agency_on_visit if mode == "onsite" else 1

    def staff(self, visit_id: str, enterprise: str, mode: str, day: dt.date, team: str, keep: tuple[str, ...] = ()) -> list[str] | None:
        """R-PAIR from one team (R-TEAM): keep whoever is still free, fill the rest in R-OFFICER-DRAW order."""
        n = self.need(mode)
        chosen = [o for o in keep if self.reg.officers.get(o) and self.reg.officers[o].team_id == team
                  and self.officer_free(o, day, enterprise, mode) is None][:n]
        if len(chosen) < n:
            pool = [o for o in self.reg.team_officers.get(team, []) if o not in chosen]
            pool.sort(key=lambda o: self.reg.draw_key(visit_id, o))
            for o in pool:
                if len(chosen) == n:
                    break
                if self.officer_free(o, day, enterprise, mode) is None:
                    chosen.append(o)
        return chosen if len(chosen) == n else None

    # ---- the HARD checks of a visit on a day --------------------------------------------
    def pinned(self, v: Visit, today: dt.date) -> bool:
        """R-INSERT: done, notified (or past) and visits within freeze_workdays working days never move — nor one whose
        notice, served for its day, a re-staffing voided (`Visit.served_for`: the enterprise was told that day)."""
        if v.status != "planned" or v.served_for == v.date:  # a notice served for this day, voided by a re-staffing
            return True
        return v.date <= self.freeze_until(today)

    def freeze_until(self, today: dt.date) -> dt.date:
        """The last day of R-INSERT's freeze (`freeze_workdays` working days from today). Within the last working days
        of the plan year it runs past 31 December, which a calendar without next year cannot count (a CalendarGap was
        a 500 on every insertion from about 24 December): every visit left in the plan year is frozen then, whatever
        next year's first days are, so the year's last working day stands for it."""
        n = self.policy.freeze_workdays
        k = (today, n)
        if k not in self._freeze:
            self._freeze[k] = freeze_end(self.reg.calendar, self.reg.workdays[-1], today, n)
        return self._freeze[k]

    def window(self, v: Visit) -> tuple[dt.date, dt.date]:
        """The days a visit may lawfully take: its trigger's window (R-TRIGGER), else the year. R-FOLLOW sets no window:
        a follow-up's months (`follow_up_within_workdays`) are the solve's preference, never a reason to drop it
        (review38 #6: a follow-up whose officers went away for the rest of its months was cancelled as a shortfall, a
        later day lawful), and a move takes the nearest lawful day (R-REPLAN, `execution.insert.move_days`)."""
        wd = self.reg.workdays
        if v.basis == "triggered" and v.trigger_id in self.triggers:
            return self.trigger_window(self.triggers[v.trigger_id])
        if v.basis == "follow_up":  # after its rectification deadline, as the plan placed it (review42 #4: a re-plan fell back on it)
            after = [self._follow_up_from[(v.enterprise_id, a)] for a in v.agency_ids if (v.enterprise_id, a) in self._follow_up_from]
            if after:
                return min(max(wd[0], max(after)), wd[-1]), wd[-1]
        return wd[0], wd[-1]

    @functools.cached_property
    def _follow_up_from(self) -> dict[tuple[str, str], dt.date]:
        """Bundle.follow_up_from, read once: where scheduler.requirements.follow_ups opened the follow-up's window."""
        return self.reg.bundle.follow_up_from()

    def trigger_due(self, t: Trigger) -> dt.date | None:
        """R-TRIGGER's deadline: the `trigger_within_workdays`-th (urgent: `urgent_within_workdays`-th) working day after
        receipt, the day of receipt not counted (R-DEADLINE), past 31 December where the calendar holds next year. None
        where it does not (a deadline after the plan year that no calendar yet fixes: never guessed)."""
        p = self.policy
        try:
            return self.reg.add_workdays(t.received_on, p.urgent_within_workdays if t.urgent else p.trigger_within_workdays)
        except CalendarGap:
            return None

    def due_after_year(self, t: Trigger) -> bool:
        """The trigger's deadline falls after the plan year's last working day (or the calendar cannot say when)."""
        due = self.trigger_due(t)
        return due is None or due > self.reg.workdays[-1]

    def trigger_window(self, t: Trigger) -> tuple[dt.date, dt.date]:
        """The days of the plan year a trigger's visit may take: from its receipt to its deadline (`trigger_due`), cut
        at the plan year's last working day — a visit is made on a working day of the plan year (plan.md); the rest of
        the window belongs to next year's plan, whose bundle carries the trigger (history.next_bundle). Empty (first
        after last) when no working day of the plan year is left on or after the receipt: a trigger received on a 31
        December that is a rest day got the 30th, a day before it was received (prod20). A deadline the calendar
        cannot count lies after the plan year (the plan year's own days are always known) or, for a trigger received
        before it in a year no calendar holds, is taken as the year's end, as the planner takes it
        (scheduler/requirements.py)."""
        due = self.trigger_due(t)
        last = self.reg.workdays[-1] if due is None else min(due, self.reg.workdays[-1])
        first = self.reg.workday_on_or_after(t.received_on)
        if first is None:  # received after the plan year's last working day: nothing of the window is left in the plan year
            return t.received_on, last
        return first, last

    def day_conflict(self, enterprise: str, agencies: tuple[str, ...], basis: str, day: dt.date, ignore: str = "",
                     mode: str = "onsite") -> str | None:
        """R-JOINT (one on-site row per enterprise-day) and R-GAP (planned entries apart, and an agency's planned visits
        apart); None when lawful. As plan.md's invariant 4 reads them: an entry (入企) is an on-site visit, so a remote
        check (非现场检查) is neither part of a joint row nor held apart from other agencies' entries; an agency's two
        planned visits are held apart whatever their mode (bench/year.py: 88 visits of the city's approved plan, remote
        checks within 30 days of another agency's, read as breaking R-GAP / R-JOINT, and a leave's re-staffing stopped)."""
        for vid in self.by_enterprise.get(enterprise, ()):
            if vid == ignore:
                continue
            o = self.visits[vid]
            if o.status == "cancelled":
                continue
            rule = self._apart(o, agencies, basis, day, mode)
            if rule:
                return rule
        return None

    def _apart(self, o: Visit, agencies: tuple[str, ...], basis: str, day: dt.date, mode: str) -> str | None:
        """The rule a visit of `agencies` on `day` would break beside the enterprise's visit `o` (day_conflict's test)."""
        p = self.policy
        entries = mode == "onsite" and o.mode == "onsite"
        if entries and o.date == day:
            return "R-JOINT"
        if basis in PLANNED_BASES and o.basis in PLANNED_BASES:
            gap = abs((o.date - day).days)
            if entries and gap < p.min_days_between_visits:
                return "R-GAP"
            if set(o.agency_ids) & set(agencies) and gap < p.min_days_between_repeat_visits:
                return "R-GAP"
        return None

    def lawful(self, v: Visit) -> list[str]:
        """Every HARD rule a placed visit breaks (empty = lawful); the same checks for every change."""
        bad = []
        if v.date not in self.reg.wd_index:
            bad.append("R-WORKDAY")
        c = self.day_conflict(v.enterprise_id, v.agency_ids, v.basis, v.date, ignore=v.visit_id, mode=v.mode)
        if c:
            bad.append(c)
        for a in v.agency_ids:
            t = v.teams.get(a)
            if not t or t not in self.reg.teams or self.reg.teams[t].agency_id != a or not self.reg.teams[t].serves(v.district_code):
                bad.append("R-TEAM")
                continue
            if self.team_day[(t, v.date)] > self.reg.teams[t].max_visits_per_day:
                bad.append("R-AVAIL")
            mine = [o for o in v.officer_ids if self.reg.officers.get(o) and self.reg.officers[o].agency_id == a]
            if any(self.reg.officers[o].team_id != t for o in mine):
                bad.append("R-TEAM")
            ok = [o for o in mine if self.counts_on(o, v.date) and not self.is_away(o, v.date)]
            if len(ok) < self.need(v.mode):
                bad.append("R-PAIR")
        for o in v.officer_ids:
            if (o, v.enterprise_id) in self.reg.recused:
                bad.append("R-RECUSE")
            if self.is_away(o, v.date):
                bad.append("R-AVAIL")
            if v.mode == "onsite" and (self.officer_day[(o, v.date)] > self.policy.max_visits_per_officer_per_day
                                       or self.officer_year[o] > self.reg.officers[o].budget):
                bad.append("R-AVAIL")
            # R-AVAIL's remote cap 远程核查日上限: a remote check uses no annual budget, but an officer makes at most
            # max_remote_checks_per_officer_per_day of them a day (mut15: only the budget swap's pre-check held it)
            if v.mode == "remote" and self.remote_day[(o, v.date)] > self.policy.max_remote_checks_per_officer_per_day:
                bad.append("R-AVAIL")
        return sorted(set(bad))

    # ---- changes ---------------------------------------------------------------------------
    def place(self, v: Visit) -> None:
        """Add a visit; refused (nothing kept) when it would break a HARD rule."""
        if v.visit_id in self.visits:
            raise YearError("visit_id", f"检查编号 {v.visit_id} 已存在", f"visit {v.visit_id} exists")
        self.visits[v.visit_id] = v
        self._book(v, +1)
        bad = self.lawful(v)
        if bad:
            self._book(v, -1)
            del self.visits[v.visit_id]
            raise YearError("slot", f"该安排违反硬性规则 {', '.join(bad)}，未保存", f"this placement breaks {', '.join(bad)}; nothing stored",
                            bad[0])
        if not v.code:
            v.code = new_code()
        self.by_code[v.code] = v.visit_id

    def move(self, v: Visit, day: dt.date, officers: tuple[str, ...], teams: dict[str, str] | None = None,
             status: str | None = None) -> None:
        """Move and/or re-staff a visit, `status` its new state where given (a cancelled visit planned again: a
        requirement R-REPLAN could not keep, reschedule.move_visit); undone when the result breaks a HARD rule. A
        cancelled visit is booked nowhere (`_book`), so it is booked only once it has a state that counts."""
        old = (v.date, v.officer_ids, v.teams, v.status)
        self._book(v, -1)
        v.date, v.officer_ids, v.teams = day, officers, dict(teams) if teams is not None else v.teams
        v.status = status or v.status
        self._book(v, +1)
        bad = self.lawful(v)
        if bad:
            self._book(v, -1)
            v.date, v.officer_ids, v.teams, v.status = old
            self._book(v, +1)
            raise YearError("slot", f"该调整违反硬性规则 {', '.join(bad)}，未保存", f"this change breaks {', '.join(bad)}; nothing stored", bad[0])

    def note_replaced(self, visit_id: str, **placed: str) -> None:
        """The R-REPLAN shortfall of a visit placed again: where and when, by whom (`placed`: replaced_to, replaced_on,
        replaced_by; the board's 已重新安排至), or, with nothing given, that placing withdrawn."""
        for s in self.shortfalls:
            if s.get("rule") == "R-REPLAN" and s.get("id") == visit_id:
                for k in ("replaced_to", "replaced_on", "replaced_by"):
                    s.pop(k, None)
                s.update(placed)

    def replan_lost(self, visit_id: str) -> dict[str, Any] | None:
        """The R-REPLAN shortfall that cancelled this whole visit — its officer away, nobody to stand in on its pinned day
        (R-INSERT: done, notified or within the freeze) — while the visit stays cancelled; None otherwise (a joint visit
        that lost one agency's part is not cancelled; one a planner cancelled has the planner's reason). What the visit
        was for — a mandatory visit, a follow-up, a trigger — is still owed (R-PRIORITY, R-FOLLOW, R-TRIGGER): walk46 G1
        found a tier-D firm's mandatory visit lost for good to a one-day leave, although the next day was lawful."""
        v = self.visits.get(visit_id)
        if v is None or v.status != "cancelled" or not v.reason.startswith(REPLAN_LOST):
            return None
        if v.enterprise_id in self.closed_enterprises():  # a firm that is gone is owed nothing (review46 R2)
            return None
        return next((s for s in reversed(self.shortfalls) if s.get("rule") == "R-REPLAN" and s.get("id") == visit_id), None)

    def drop_agency(self, v: Visit, agency: str) -> dict[str, Any]:
        """Take one agency's part out of a visit (the whole visit when it is the only one); returns what restore() needs."""
        snap = {"agency_ids": v.agency_ids, "item_ids": v.item_ids, "officer_ids": v.officer_ids, "teams": dict(v.teams),
                "lead_agency_id": v.lead_agency_id, "status": v.status, "reason": v.reason}
        self._book(v, -1)
        if len(v.agency_ids) == 1:
            v.status = "cancelled"
            return snap
        v.agency_ids = tuple(a for a in v.agency_ids if a != agency)
        v.item_ids = tuple(i for i in v.item_ids if self.reg.items.get(i, {}).get("agency_id") != agency)
        v.officer_ids = tuple(o for o in v.officer_ids if self.reg.officers[o].agency_id != agency)
        v.teams.pop(agency, None)
        if v.lead_agency_id == agency:
            v.lead_agency_id = v.agency_ids[0]
        self._book(v, +1)
        return snap

    def restore(self, v: Visit, snap: dict[str, Any]) -> None:
        self._book(v, -1)
        for k, val in snap.items():
            setattr(v, k, val)
        self._book(v, +1)

    def set_status(self, visit_id: str, status: str, today: dt.date, who: str, reason: str = "") -> Visit:
        """Lifecycle (R-RECORD, R-AUDIT); cancelling needs a reason."""
        self.require_executable()
        if status == "cancelled":
            self.refuse_closed()
        v = self.visit(visit_id)
        if status not in STATES:
            # with what may be asked of this visit now (walk42 F7: the refusal listed nothing)
            can = [m for m in MOVES[v.status] if m != "done"]
            raise YearError("status", f"未知状态 {status}：此检查可改为 {'、'.join(f'{m}（{STATE_ZH[m]}）' for m in can) or '（无）'}",
                            f"unknown state {status}: this visit may become {', '.join(can) or 'nothing'}")
        if status == "done":
            raise YearError("status", "检查须以现场检查笔录记录完成（R-RECORD）", "a visit is done only through its record (R-RECORD)", "R-RECORD", 409)
        if status not in MOVES[v.status]:
            # the states in words on the Chinese side (walk23: "检查 V… 为 done，不能改为 notified")
            raise YearError("status", f"检查 {visit_id} 为{STATE_ZH[v.status]}，不能改为{STATE_ZH[status]}",
                            f"visit {visit_id} is {v.status}: cannot become {status}", status=409)
        if status == "cancelled" and not reason.strip():
            raise YearError("reason", "取消检查须写明原因", "cancelling a visit needs a reason")
        if status == "cancelled":
            self._book(v, -1)
        if status == "notified":  # the notice names this day (R-NOTICE): a later re-staffing or move knows it was served
            v.served_for = v.date  # (review46 R6: the service's prints set the status only, as notify_week did not)
        v.status, v.reason = status, reason.strip() or v.reason
        self.audit(today, who, f"visit.{status}", visit_id, reason=reason)
        return v

    def cancel_visit(self, visit_id: str, today: dt.date, who: str, reason: str) -> Visit:
        """A planner's cancellation of a visit of the approved plan (企业注销、停业…) is a change to that plan, so a
        leader signs it (R-APPROVE): it takes effect at once — nobody can inspect a firm that is gone — as a version
        `started`, listed on the board until approved. Walk8: a tier-D firm's mandatory visit was cancelled by a
        planner alone, no version made, no leader asked."""
        self.require_open_plan()
        was = self.visit(visit_id).status
        v = self.set_status(visit_id, "cancelled", today, who, reason)
        # the basis in both languages: the Chinese board read "sampled: 企业已停业" (walk13)
        basis = f"{BASIS_SHORT_ZH.get(v.basis, v.basis)} {v.basis}"
        self.new_version("cancel", f"{visit_id} {self.reg.firm(v.enterprise_id)} {basis}：{reason.strip()}"[:200],
                         [{"action": "cancel", "visit_id": visit_id, "basis": v.basis, "reason": reason.strip(), "was": was}], today, who=who,
                         started=True)
        return v

    def close_enterprise(self, enterprise_id: str, today: dt.date, who: str, reason: str) -> Version:
        """企业注销、停业: a firm that is gone has every visit not yet done cancelled, as one change a leader signs (in force
        at once, as one visit's cancellation: nobody can inspect a firm that is gone), and it is left out of next
        year's register (`closed_enterprises`, history.next_bundle). walk46 G5: cancelling one visit of a deregistered
        tier-D firm left its second mandatory visit planned, its "why" saying 计划2次, and next year's bundle grading it
        D again. A rejection plans the visits again where every rule still holds (`_undo_visit`) and keeps the firm."""
        self.require_open_plan()
        eid = enterprise_id.strip().upper()
        if eid not in self.reg.enterprises:
            raise YearError("enterprise_id", f"检查对象名录中没有 {eid}", f"{eid} is not in the register", "R-BASIS", 404)
        if eid in self.closed_enterprises():
            raise YearError("enterprise_id", f"{self.reg.firm(eid)} 已登记注销或停业", f"{self.reg.firm(eid)} is already entered as closed",
                            "R-BASIS", 409)
        if not reason.strip():
            raise YearError("reason", "登记企业注销或停业须写明原因（如注销日期、依据）", "closing a firm needs a reason (e.g. the day it was "
                            "deregistered)", "R-APPROVE")
        left = sorted((v for v in self.visits.values() if v.enterprise_id == eid and v.status in ("planned", "notified", "overdue")),
                      key=lambda v: (v.date, v.visit_id))
        changes: list[dict[str, Any]] = [{"action": "close_firm", "enterprise_id": eid, "reason": reason.strip()[:500], "on": today.isoformat()}]
        for v in left:
            was = v.status
            self.set_status(v.visit_id, "cancelled", today, who, f"企业注销或停业：{reason.strip()}"[:500])
            changes.append({"action": "cancel", "visit_id": v.visit_id, "basis": v.basis, "reason": reason.strip()[:500], "was": was})
        self.audit(today, who, "enterprise.closed", enterprise_id=eid, reason=reason.strip()[:500], visits=[v.visit_id for v in left])
        return self.new_version("cancel", f"{self.reg.firm(eid)} 注销或停业，取消未实施的检查 {len(left)} 次：{reason.strip()}"[:200]
                                + f" / {eid} closed: {len(left)} visit(s) cancelled", changes, today, who=who, started=True)

    def closed_enterprises(self) -> dict[str, dict[str, Any]]:
        """Firms entered as closed (注销、停业) by a change not rejected: enterprise → that change's `close_firm` entry."""
        return {str(c["enterprise_id"]): c for ver in self.versions if ver.state != "rejected" for c in ver.changes
                if c.get("action") == "close_firm"}

    def notify_week(self, team: str | None, monday: dt.date, who: str) -> list[Visit]:
        """The week's on-site visits (of one team, or all) are notified: their notices are printed (R-NOTICE)."""
        end = monday + dt.timedelta(days=7 - monday.weekday())
        out = []
        for v in sorted(self.visits.values(), key=lambda v: (v.date, v.visit_id)):
            if v.status == "planned" and monday <= v.date < end and (team is None or team in v.teams.values()) \
                    and self.awaiting_approval(v.visit_id) is None:  # a change still waiting is not noticed (R-APPROVE)
                v.status = "notified"
                v.served_for = v.date
                out.append(v)
        if out:
            self.audit(monday, who, "visit.notified", team=team or "", visits=[v.visit_id for v in out])
        return out

    def mark_overdue(self, today: dt.date, who: str = "system") -> list[str]:
        """R-RECORD: a visit not recorded by the end of its day is flagged overdue — not one an unapproved change
        inserted, which may not be recorded until it is approved (R-APPROVE; walk13: flagged overdue beside "待领导批准后方可
        通知和记录")."""
        late = [v.visit_id for v in self.visits.values() if v.date < today and v.status in ("planned", "notified")
                and self.awaiting_approval(v.visit_id) is None]
        for vid in late:
            self.visits[vid].status = "overdue"
        if late:
            self.audit(today, who, "visit.overdue", visits=late)
        return late

    # ---- R-RECORD -----------------------------------------------------------------------------
    def _officers_named(self, ids: list[str]) -> tuple[str, str, str]:
        """Officers by name and id for a refusal, Chinese and English, and the English verb's number."""
        return ("、".join(f"{self.reg.officers[o].name or o}（{o}）" for o in ids),
                ", ".join(f"{self.reg.officers[o].name or o} ({o})" for o in ids), "is" if len(ids) == 1 else "are")

    def record(self, visit_id: str, on: dt.date, officer_ids: list[str], outcomes: dict[str, str], caller: Caller,
               rectify_by: dt.date | None = None, notes: str = "", today: dt.date | None = None) -> Record:
        """Record a visit done; every check before anything changes, so a refusal stores nothing."""
        self.require_executable()
        v = self.visit(visit_id)
        self._in_scope(v, caller)
        if visit_id in self.records:
            raise YearError("visit_id", f"检查 {visit_id} 已有记录，不能重复记录", f"visit {visit_id} is already recorded", "R-RECORD", 409)
        if v.status == "cancelled":
            raise YearError("visit_id", f"检查 {visit_id} 已取消", f"visit {visit_id} was cancelled", "R-RECORD", 409)
        self.require_approved(visit_id, "执行", "only an approved change is executed")
        ins = self.inserted_by(visit_id)
        signed = dt.date.fromisoformat(ins.approved_on) if ins is not None and ins.approved_on and not ins.urgent else None
        if signed is not None and on < signed:
            # an ordinary insertion is executed only once approved: a record dated before that cannot be (review13;
            # an urgent one may start before approval, R-URGENT)
            raise YearError("date", f"检查 {visit_id} 所属调整于 {signed} 批准，不能记录此前的日期 {on}",
                            f"visit {visit_id}'s change was approved on {signed}: it cannot be recorded as done on {on}", "R-APPROVE", 409)
        year = self.reg.year
        if on.year != year:
            raise YearError("date", f"日期 {on} 不在计划年度 {year} 内", f"date {on} is outside the plan year {year}", "R-RECORD")
        # done on another day than planned 改期执行 (walk15 #15): R-RECORD — "a visit done has its record", R-PAIR holding
        # on the day (checked below for that day, as for any record) — takes the true day. The planning rules that day
        # breaks (its window, R-WORKDAY, R-JOINT, R-GAP, the caps and budgets of R-AVAIL) are recorded with it and shown,
        # not refused: a refusal would leave a visit done but never recorded, overdue for ever (review16).
        if today is not None and on > today:
            raise YearError("date", f"不能记录未来日期 {on}", f"cannot record a future date {on}", "R-RECORD")
        self._check_outcomes(v, outcomes)
        unknown = sorted(o for o in officer_ids if o not in self.reg.officers)
        if unknown:
            raise YearError("officer_ids", f"没有执法人员 {unknown[0]}", f"no officer {unknown[0]}", "R-PAIR")
        twice = sorted(o for o, n in Counter(officer_ids).items() if n > 1)
        if twice:  # one officer named twice would count as the pair below
            raise YearError("officer_ids", f"执法人员 {twice[0]} 重复填写：两名执法人员须为不同的人", f"officer {twice[0]} is named twice: the pair are two people",
                            "R-PAIR")
        for a in v.agency_ids:  # R-PAIR on the day: certified, present, not recused, from the visit's team
            why = {o: self._not_counted(o, a, v, on) for o in officer_ids if self.reg.officers[o].agency_id == a}
            if sum(1 for w in why.values() if w is None) < self.need(v.mode):
                # each officer named who does not count, and why (walk15: one sentence for leave, suspension and recusal)
                named = [(self.reg.officers[o].name or o, o, w) for o, w in why.items() if w is not None]
                # a remote check has nobody on site: the officer who made it, not those present (walk22)
                who_zh, who_en = ("核查的", "who made the check") if v.mode == "remote" else ("到场的", "present")
                raise YearError("officer_ids", f"{self.reg.agencies.get(a, a)} {who_zh}持证执法人员不足 {self.need(v.mode)} 名（须为本队、当日持证有效、无回避）"
                                + "".join(f"；{n}（{o}）{w[0]}" for n, o, w in named),
                                f"{a}: fewer than {self.need(v.mode)} certified officers of the visit's team {who_en} (valid certificate, no recusal)"
                                + "".join(f"; {n} ({o}) {w[1]}" for n, o, w in named), "R-PAIR")
        away = [o for o in officer_ids if self.is_away(o, on)]
        if away:
            # R-AVAIL: nobody works on a day they are away. The pair held without them, but the record would still say
            # they were there (prod20: the form offered officers on leave as if they could have come)
            zh, en, be = self._officers_named(away)
            raise YearError("officer_ids", f"{zh} {on} 请假或不可用（请假、培训等），不能记录为到场执法人员",
                            f"{en} {be} away on {on} (leave, training …) and cannot be recorded as present", "R-AVAIL")
        recused = [o for o in officer_ids if (o, v.enterprise_id) in self.reg.recused]
        if recused:
            # R-RECUSE: an officer never inspects an enterprise listed against them. The pair held without them, but the
            # record would say they inspected it (walk23: a third, recused officer was stored as present)
            zh, en, be = self._officers_named(recused)
            raise YearError("officer_ids", f"{zh} 须回避该企业（回避），不能记录为到场执法人员",
                            f"{en} {be} recused from this enterprise and cannot be recorded as present", "R-RECUSE")
        self._check_rectify_by(outcomes, rectify_by, on)
        planned_on = v.date if on != v.date else None
        # late: not recorded by the end of its day (R-RECORD); a visit done on another day is late only past that day
        late = v.status == "overdue" if planned_on is None else today is not None and today > on
        breaches: tuple[str, ...] = ()
        if planned_on is not None:
            notified = v.status == "notified" or self.was_notified(visit_id)  # a notified visit turns overdue once its day passes
            breaches = self._move_to_record(v, on, officer_ids)
            self.audit(today or on, caller.username, "visit.moved", visit_id, reason="done on another day 改期执行", notified=notified,
                       breaches=list(breaches), **{"from": planned_on.isoformat(), "to": on.isoformat()})
        rec = Record(visit_id, on, tuple(officer_ids), dict(outcomes), rectify_by, notes.strip(), caller.username, late, planned_on, breaches)
        self.records[visit_id] = rec
        v.status = "done"
        # the visits this record on another day put in conflict, in the trail beside it (R-AUDIT); listed on the board
        put = [c["visit_id"] for c in self.conflicts(record=visit_id)] if planned_on is not None else []
        # the record as entered, whole (walk42 F4: the day, which R-FEEDBACK, R-TRANSFER and R-PUBLISH run from, and the
        # deadline R-FOLLOW keys on were not in the trail)
        self.audit(today or on, caller.username, "visit.record", visit_id, date=on.isoformat(), outcomes=outcomes, officers=list(officer_ids),
                   rectify_by=rectify_by.isoformat() if rectify_by else None, notes=rec.notes[:500], late=late,
                   **({"conflicts": put} if put else {}))
        return rec

    def correct_record(self, visit_id: str, outcomes: dict[str, str], rectify_by: dt.date | None, notes: str, caller: Caller,
                       reason: str, today: dt.date) -> tuple[Record, list[str]]:
        """更正检查记录: a record entered wrong (an outcome mistyped, the deadline of another visit) is corrected, with the
        reason, by whoever may record the visit (R-RECORD, R-TEAM). The record keeps every earlier version beside the
        reason (`Record.corrections`, and the audit: R-AUDIT); what the record drives follows it — the deadlines
        (transfer, rectification), the enterprise's result and the public one, next year's history. Its day and
        officers are not corrected here: they are what was signed on site. A deadline where every item is compliant
        is dropped (there is nothing to rectify). The steps already taken on old outcomes — result told (R-FEEDBACK),
        result published (R-PUBLISH) — are open again, due from the correction's day, their earlier dates kept in the
        correction (walk29: the page said "do it again" and the step was refused as done). Returns the record and
        those steps."""
        self.require_executable()
        v = self.visit(visit_id)
        self._in_scope(v, caller)
        rec = self.records.get(visit_id)
        if rec is None:
            raise YearError("visit_id", f"检查 {visit_id} 尚无记录，无可更正", f"visit {visit_id} has no record to correct", "R-RECORD", 404)
        if not reason.strip():
            raise YearError("reason", "更正记录须写明原因", "correcting a record needs a reason", "R-RECORD")
        self._check_outcomes(v, outcomes)
        if all(o == "compliant" for o in outcomes.values()):
            rectify_by = None  # the form still holds the old deadline (walk29: refused "no deadline needed", the typing lost)
        self._check_rectify_by(outcomes, rectify_by, rec.date)
        notes = notes.strip()
        if (dict(outcomes), rectify_by, notes) == (rec.outcomes, rec.rectify_by, rec.notes):
            raise YearError("outcomes", "更正没有任何改动", "the correction changes nothing", "R-RECORD")
        done = self.milestones.get(visit_id, {})
        told: list[str] = [k for k in ("feedback", "publish") if k in done] if dict(outcomes) != rec.outcomes else []
        before = {"outcomes": dict(rec.outcomes), "rectify_by": rec.rectify_by.isoformat() if rec.rectify_by else None, "notes": rec.notes,
                  "steps": {k: done[k] for k in told}}
        for k in told:  # open again, to be taken on the corrected outcomes
            del done[k]
            self.entered.get(visit_id, {}).pop(k, None)
        if visit_id in self.milestones and not done:
            del self.milestones[visit_id]
        rec.outcomes, rec.rectify_by, rec.notes = dict(outcomes), rectify_by, notes
        rec.corrections.append({"on": today.isoformat(), "by": caller.username, "reason": reason.strip()[:500], "before": before,
                                "retell": told})
        self.audit(today, caller.username, "visit.record_correct", visit_id, reason=reason.strip()[:500], before=before,
                   outcomes=dict(outcomes), rectify_by=rectify_by.isoformat() if rectify_by else None, notes=notes[:500], retell=told)
        return rec, told

    def _in_scope(self, v: Visit, caller: Caller) -> None:
        """A user scoped to a team or an agency records (and corrects) only its own visits (R-TEAM)."""
        if caller.team_id and caller.team_id not in v.teams.values():
            raise YearError("visit_id", f"检查 {v.visit_id} 不属于队伍 {caller.team_id}", f"visit {v.visit_id} is not team {caller.team_id}'s", "R-TEAM", 403)
        if caller.agency_id and caller.agency_id not in v.agency_ids:
            raise YearError("visit_id", f"检查 {v.visit_id} 不属于执法主体 {caller.agency_id}", f"visit {v.visit_id} is not agency {caller.agency_id}'s",
                            "R-TEAM", 403)

    def _check_outcomes(self, v: Visit, outcomes: dict[str, str]) -> None:
        """R-RECORD: a known outcome for every item of the visit, and for no other."""
        bad = sorted(o for o in outcomes.values() if o not in OUTCOMES)
        if bad:
            raise YearError("outcomes", f"检查结果代码 {bad[0]} 不存在（应为 {'/'.join(OUTCOMES)}）",
                            f"outcome {bad[0]} does not exist (use {', '.join(OUTCOMES)})", "R-RECORD")
        stray = sorted(set(outcomes) - set(v.item_ids))
        if stray:
            raise YearError("outcomes", f"事项 {stray[0]} 不在本次检查范围内", f"item {stray[0]} is not on this visit", "R-ITEM")
        missing = [i for i in v.item_ids if i not in outcomes]
        if missing:
            # R-RECORD: an outcome per item. A record is final, so an item left out would stay unchecked for ever, and
            # one filled in by default would be a compliance nobody found, learnt from next year (walk15)
            raise YearError("outcomes", f"事项 {'、'.join(missing)} 未填写检查结果：每个检查事项都须记录结果",
                            f"no outcome for item(s) {', '.join(missing)}: every item of the visit needs its outcome", "R-RECORD")

    @staticmethod
    def _check_rectify_by(outcomes: dict[str, str], rectify_by: dt.date | None, on: dt.date) -> None:
        """R-RECORD: a rectification deadline where a violation was found, after the visit and within MAX_RECTIFY_DAYS."""
        needs_deadline = any(o in ("violation", "serious") for o in outcomes.values())
        if rectify_by is not None and all(o == "compliant" for o in outcomes.values()):
            # the record read "rectify by …" while 整改完成 was refused "found nothing to rectify" (walk22)
            raise YearError("rectify_by", "各检查事项均未发现问题，无需整改期限", "every item was compliant: the visit found nothing to rectify, so no deadline",
                            "R-RECORD")
        if needs_deadline and rectify_by is None:
            raise YearError("rectify_by", "发现违法违规问题须填写整改期限", "a violation needs a rectification deadline", "R-RECORD")
        if rectify_by is not None and rectify_by <= on:
            raise YearError("rectify_by", f"整改期限 {rectify_by} 应晚于检查日期 {on}", f"rectification deadline {rectify_by} must be after {on}",
                            "R-RECORD")
        if rectify_by is not None and rectify_by > on + dt.timedelta(days=MAX_RECTIFY_DAYS):
            # 9999-12-31 was stored: a deadline no R-FOLLOW re-check could ever come after (docs/decisions.md)
            raise YearError("rectify_by", f"整改期限 {rectify_by} 超过检查日期后{MAX_RECTIFY_DAYS}天",
                            f"rectification deadline {rectify_by} is more than {MAX_RECTIFY_DAYS} days after {on}", "R-RECORD")

    def _move_to_record(self, v: Visit, on: dt.date, officer_ids: list[str]) -> tuple[str, ...]:
        """The visit moved to the day it was done, booked with the officers of its teams who were there, whatever that
        day breaks; returns the planning rules it breaks (its window: R-TRIGGER, R-FOLLOW; and Year.lawful's)."""
        present = tuple(o for o in officer_ids if self.reg.officers[o].team_id == v.teams.get(self.reg.officers[o].agency_id))
        first, last = self.window(v)
        outside = () if first <= on <= last else ({"triggered": "R-TRIGGER", "follow_up": "R-FOLLOW"}.get(v.basis, "R-RECORD"),)
        self._book(v, -1)
        v.date, v.officer_ids = on, present
        self._book(v, +1)
        return tuple(sorted({*outside, *self.lawful(v)}))

    def conflicts(self, agency: str | None = None, enterprise: str | None = None, record: str | None = None) -> list[dict[str, Any]]:
        """Visits still to be made that a record on another day (改期执行) put in breach. The record is taken as it
        happened, with the rules *its* day breaks (review16); a visit still to be made beside it is named here, with the
        record(s) it clashes with, for a planner to move or cancel (fuzz30: it stood unflagged, and the next leave's
        re-plan, finding it unlawful, moved it seven weeks where it would have re-staffed it on its day):
        - the same enterprise: the same day (R-JOINT), an entry or the same agency within R-GAP's days (`_apart`);
        - the record's day: its team's daily cap or one of its officers' daily caps now exceeded (R-AVAIL, `_overfills`;
          race30 R9: three overdue visits recorded as done today filled the team's day, and another firm's visit
          planned today broke R-AVAIL, unnamed).
        Only the clash with a record on another day is named (review30: any rule `lawful` found was blamed on the
        record). Not moved by the record itself: a move of an approved plan is the planner's change, approved by a
        leader. `enterprise` keeps that enterprise's visits (its pages); `record` the visits one record put in conflict
        (its answer and its audit line). Each entry says which record broke which rule (`by_record`, review32: one
        sentence for two records of different kinds said both were the enterprise's own)."""
        moved = {r.visit_id for r in self.records.values() if r.planned_on is not None and (record is None or r.visit_id == record)}
        if enterprise is not None:
            near = set(self.by_enterprise.get(enterprise, ()))
        else:
            near = set()
            for rid in moved:
                done = self.visits[rid]
                near |= self.by_enterprise.get(done.enterprise_id, set())
                near |= {vid for t in set(done.teams.values()) for vid in self.team_visits.get((t, done.date), ())}
        out = []
        for vid in sorted(near, key=lambda x: (self.visits[x].enterprise_id, x)):
            v = self.visits[vid]
            if v.status not in ("planned", "notified", "overdue") or (agency is not None and agency not in v.agency_ids):
                continue
            by_record = self._clashes(v, moved)
            if by_record:
                out.append({"visit_id": vid, "date": v.date.isoformat(), "rules": sorted({r for x in by_record for r in x["rules"]}),
                            "records": [x["record"] for x in by_record], "by_record": by_record})
        return out

    def _clashes(self, v: Visit, moved: set[str]) -> list[dict[str, Any]]:
        """The records on another day (`moved`) that `v`, still to be made, clashes with: its enterprise's (R-JOINT,
        R-GAP) and those its team-day shares (R-AVAIL: an officer shares a team, R-TEAM), each with its day and rules."""
        rules: dict[str, set[str]] = defaultdict(set)
        for rid in moved & self.by_enterprise.get(v.enterprise_id, set()):
            if rid != v.visit_id and (rule := self._apart(self.visits[rid], v.agency_ids, v.basis, v.date, v.mode)):
                rules[rid].add(rule)
        for t in set(v.teams.values()):
            for rid in moved & self.team_visits.get((t, v.date), set()):
                if rid != v.visit_id and self._overfills(self.visits[rid], v):
                    rules[rid].add("R-AVAIL")
        return [{"record": rid, "date": self.visits[rid].date.isoformat(), "rules": sorted(rules[rid])} for rid in sorted(rules)]

    def _overfills(self, done: Visit, v: Visit) -> bool:
        """Whether `v`, on the day of the recorded visit `done`, shares a team or an officer with it whose daily cap is
        now exceeded (R-AVAIL): the record's day took what `v` was planned with (race30 R9). An officer is booked only
        for a visit of their own team (R-TEAM; `_move_to_record`), so a shared officer is found through the shared team.
        The annual budget is not judged here: an officer a record takes over budget has the rest of the year's visits,
        and which of them gives way is the planner's choice; the record's own breaches say R-AVAIL (docs/decisions.md)."""
        if v.date != done.date or v.status == "cancelled":
            return False
        for t in set(done.teams.values()) & set(v.teams.values()):
            if t in self.reg.teams and self.team_day[(t, v.date)] > self.reg.teams[t].max_visits_per_day:
                return True
        for o in set(done.officer_ids) & set(v.officer_ids):
            if done.mode == v.mode == "onsite" and self.officer_day[(o, v.date)] > self.policy.max_visits_per_officer_per_day:
                return True
            if done.mode == v.mode == "remote" and self.remote_day[(o, v.date)] > self.policy.max_remote_checks_per_officer_per_day:
                return True
        return False

    def to_serve_again(self, today: dt.date) -> list[Visit]:
        """Visits whose served notice a re-staffing voided, still to come: the enterprise holds a notice naming officers
        who will not come, and a new one is to be served (R-NOTICE; the week's print serves it). On the board until then
        (walk41 Y1: one banner said so, once)."""
        return sorted((v for v in self.visits.values() if v.status == "planned" and v.served_for is not None and v.date >= today),
                      key=lambda v: (v.date, v.visit_id))

    def was_notified(self, visit_id: str) -> bool:
        """Whether a notice of this visit was printed (R-NOTICE's `visit.notified` in the audit)."""
        # the week's batch lists its visits; one visit's status set to notified (the service's prints) names it
        return any(e.get("action") == "visit.notified" and (visit_id in e.get("visits", ()) or e.get("visit_id") == visit_id)
                   for e in self.log)

    # ---- versions (R-APPROVE, R-URGENT) -------------------------------------------------------
    def new_version(self, kind: str, summary: str, changes: list[dict[str, Any]], today: dt.date, urgent: bool = False,
                    who: str = "", started: bool = False) -> Version:
        """A change to the approved plan (R-APPROVE): `submitted` until a leader approves it, or `started` — carried
        out now, approved afterwards — for an urgent trigger (R-URGENT) and for what a leave or a suspension forces
        (`started`: R-REPLAN re-staffs at once, the visits cannot wait for a signature)."""
        v = Version(len(self.versions) + 1, kind, summary, changes, urgent, "started" if urgent or started else "submitted",
                    today.isoformat(), created_by=who)
        self.versions.append(v)
        return v

    def approvable(self, number: int, leader: str) -> Version:
        """The in-year change `number` if `leader` may approve it now (R-APPROVE): it exists (404), it still waits (409),
        and someone else made it (403)."""
        if not 1 <= number <= len(self.versions):
            raise YearError("version", f"没有版本 {number}", f"no version {number}", status=404)
        v = self.versions[number - 1]
        if v.state not in ("submitted", "started"):
            zh = {"approved": "已批准", "rejected": "已退回"}.get(v.state, v.state)
            raise YearError("version", f"{_change_zh(v)}{zh}，不能再批准", f"{_change_en(v)} is {v.state}: it cannot be approved", "R-APPROVE", 409)
        if v.created_by and leader == v.created_by:
            raise YearError("version", f"{_change_zh(v)}由本人提交：提交人不能审批自己的变更",
                            f"{_change_en(v)} is yours: the submitter cannot approve their own change", "R-APPROVE", 403)
        return v

    def approve_versions(self, numbers: list[int], leader: str, today: dt.date, comment: str, need_comment: bool = False) -> list[Version]:
        """Several in-year changes approved at once, under one comment (批量审批; walk41 Y13: a leader approved 18 urgent
        insertions after the fact one by one, a comment each). All or none: every one is checked as approve_version
        checks it before any is approved (then, with `need_comment`, the comment: a wrong choice is named first); each
        is then approved in its order, with its own audit entry."""
        wanted = sorted(set(numbers))
        if not wanted:
            raise YearError("numbers", "请勾选要批准的年内调整", "tick the in-year changes to approve", "R-APPROVE")
        for n in wanted:
            self.approvable(n, leader)
        if need_comment and not comment.strip():
            raise YearError("comment", "批准须填写审批意见（R-APPROVE）", "an approval needs the leader's comment (R-APPROVE)", "R-APPROVE")
        return [self.approve_version(n, leader, today, comment) for n in wanted]

    def _decided(self, ver: Version, today: dt.date, leader: str, action: str) -> list[str]:
        """The visits an in-year change touched, each told in its own trail that a leader decided it, with the comment
        (walk42 F4: an approved cancellation was in no visit's trail — the decision named a version, not a visit)."""
        vids = sorted({str(c["visit_id"]) for c in ver.changes if c.get("visit_id")})
        for vid in vids:
            self.audit(today, leader, action, vid, version=ver.number, change=ver.in_year_change, comment=ver.comment)
        return vids

    def approve_version(self, number: int, leader: str, today: dt.date, comment: str = "") -> Version:
        v = self.approvable(number, leader)
        waited = v.state == "submitted"
        v.state, v.approved_by, v.approved_on, v.comment = "approved", leader, today.isoformat(), comment.strip()[:500]
        self.audit(today, leader, "version.approve", version=number, change=v.in_year_change, urgent=v.urgent, comment=v.comment,
                   visits=self._decided(v, today, leader, "visit.change_approved"))
        if waited:
            self._redate_inserted(v, today, leader)
        return v

    def _redate_inserted(self, ver: Version, today: dt.date, leader: str) -> None:
        """An inserted visit whose day passed while its change waited for approval could not have taken place (no
        notice, no approval: R-APPROVE); on approval it moves to the nearest lawful day from today (R-INSERT), and
        where there is none it stays, to be recorded no earlier than the approval (`record`; review13)."""
        from bundle.workcal import CalendarGap
        from execution.insert import relocate

        for c in ver.changes:
            # an inserted visit, or one a change moved (walk46 G3: a planner's move waits for the leader too)
            vis = self.visits.get(str(c.get("visit_id"))) if c.get("action") in ("insert", "move") else None
            if vis is None or vis.status != "planned" or vis.date >= today:
                continue
            try:
                got = relocate(self, vis, today)
            except CalendarGap:  # approved at the year's end: no working day left to move to; it stays (and `record` holds)
                got = None
            if got is not None:
                was = vis.date
                self.move(vis, got[0], got[1])
                self.audit(today, leader, "visit.moved", vis.visit_id, reason="approved after its day 批准时原定日期已过",
                           **{"from": was.isoformat(), "to": got[0].isoformat()})
            elif c.get("action") == "insert" and self.reg.workday_on_or_after(today) is None:
                # approved after the plan year's last working day: it can take place on no day of the plan year (a record
                # is dated in it and not before the approval), so it was overdue for ever (walk14, prod20). It lapses, and
                # its trigger is open again, to be carried into next year's plan (open_triggers, history.next_bundle)
                self._book(vis, -1)
                vis.status = "cancelled"
                vis.reason = (f"批准时计划年度已无工作日，未能实施；线索 {vis.trigger_id} 转入下一年度计划 / approved after the plan year's last "
                              f"working day, it could not take place; trigger {vis.trigger_id} goes into next year's plan")
                self.audit(today, leader, "visit.cancelled", vis.visit_id, reason=vis.reason, lapsed=True)

    def inserted_by(self, visit_id: str) -> Version | None:
        """The in-year change that inserted this visit, if one did (one at most: a visit id is made once)."""
        return next((ver for ver in self.versions
                     if any(c.get("action") == "insert" and c.get("visit_id") == visit_id for c in ver.changes)), None)


    def reject_version(self, number: int, leader: str, today: dt.date, comment: str) -> Version:
        """A leader refuses an in-year change (R-APPROVE: the change is a new version a leader approves — or not).
        The refusal is always recorded, with its reason; what the change did is undone where that keeps every HARD
        rule: an inserted visit is cancelled (its trigger is open again, `open_triggers`), visits moved for it (or by a
        planner's 改期) go back,
        sampled visits that gave way come back, a cancelled visit is planned again. What cannot be undone stays, listed
        in `kept` with the reason: a visit already done (an urgent one starts before approval, R-URGENT), a visit
        pinned since (notified, frozen, R-INSERT), changed again by a later change, or whose return breaks a HARD rule.
        A re-plan is not refused: it follows an officer's absence, which no signature undoes (R-REPLAN)."""
        self.require_open_plan()
        if not 1 <= number <= len(self.versions):
            raise YearError("version", f"没有版本 {number}", f"no version {number}", status=404)
        ver = self.versions[number - 1]
        n = ver.in_year_change
        if ver.state not in ("submitted", "started"):
            zh = {"approved": "已批准", "rejected": "已退回"}.get(ver.state, ver.state)
            raise YearError("version", f"{_change_zh(ver)}{zh}，不能退回", f"{_change_en(ver)} is {ver.state}: it cannot be rejected", "R-APPROVE", 409)
        if ver.created_by and leader == ver.created_by:
            raise YearError("version", "提交人不能审批自己的变更", "the submitter cannot approve their own change", "R-APPROVE", 403)
        if ver.kind == "withdraw":
            raise YearError("version", f"年内调整第{n}次为撤销误登记的人员不可用，无法退回：如该人员确实不可用，请由计划编制人员重新登记",
                            f"in-year change {n} withdraws an absence entered by mistake and is not rejected: if the officer is "
                            "away after all, have a planner enter the absence again", "R-REPLAN", 409)
        if ver.kind not in ("insert", "cancel", "move"):
            raise YearError("version", f"年内调整第{n}次为人员缺勤后的重新安排，缺勤无法撤销：请批准，或由计划编制人员另行调整检查",
                            f"in-year change {n} re-staffs after an officer's absence, which no rejection undoes: approve it, "
                            "or have a planner change the visits", "R-REPLAN", 409)
        if not comment.strip():
            raise YearError("comment", "退回须写明理由", "a rejection needs a reason", "R-APPROVE")
        kept: list[dict[str, str]] = []
        acts: dict[str, list[dict[str, Any]]] = {}
        for c in ver.changes:
            acts.setdefault(str(c.get("action")), []).append(c)
        for c in acts.get("insert", []) + acts.get("cancel", []):
            kept += self._undo_visit(ver, c, today, leader)
        for c in reversed(acts.get("move", [])):
            kept += self._undo_move(c, today, leader, number)
        inserted = {str(c.get("visit_id")) for c in acts.get("insert", [])}
        for c in reversed(acts.get("give_way", [])):
            kept += self._undo_give_way(c, today, leader, number, inserted)
        ver.state, ver.rejected_by, ver.rejected_on, ver.comment, ver.kept = "rejected", leader, today.isoformat(), comment.strip()[:500], kept
        self.audit(today, leader, "version.reject", version=number, change=n, comment=ver.comment, kept=kept,
                   visits=self._decided(ver, today, leader, "visit.change_rejected"))
        return ver

    def _undo_visit(self, ver: Version, c: dict[str, Any], today: dt.date, leader: str) -> list[dict[str, str]]:
        """The visit an insertion made is cancelled; the visit a cancellation took out is planned again."""
        v = self.visits.get(str(c.get("visit_id")))
        if v is None:
            return []
        n = ver.in_year_change
        if c.get("action") == "insert":
            # under way only if it could start before approval (R-URGENT); a submitted one was never noticed nor
            # recorded (R-APPROVE), so it cannot have taken place, whatever its date (walk9: an overdue one "stood")
            if v.status == "done" or (ver.state == "started" and v.status in ("notified", "overdue")):
                zh = {"done": "已完成检查，记录保留", "notified": "已送达检查通知书，保持安排；如需取消，由计划编制人员写明原因另行取消",
                      "overdue": "检查日已过，可能已实施，须补录结果"}[v.status]
                en = {"done": "already done: its record stands", "notified": "already notified: it stands; a planner may cancel it with a reason",
                      "overdue": "its day has passed and it may have taken place: its result is to be recorded late"}[v.status]
                return [_kept(v.visit_id, zh, en, "R-URGENT")]
            if v.status == "cancelled":
                return []
            self._book(v, -1)
            v.status, v.reason = "cancelled", f"年内调整第{n}次未获批准 / in-year change {n} rejected"
            self.audit(today, leader, "visit.cancelled", v.visit_id, reason=v.reason)
            return []
        if v.status != "cancelled":
            return []
        if v.reason.startswith(REPLAN_LOST):  # lost to an absence before (or again since): it stays R-REPLAN's, to be placed
            return [_kept(v.visit_id, "人员缺勤时未能保障的检查，保持取消，可重新安排", "lost to an absence: it stays cancelled, to be placed again",
                          "R-REPLAN")]
        if self._inserted_by_rejected(v.visit_id):
            return [_kept(v.visit_id, "该检查所属的年内调整已被退回，仍为取消", "the change that inserted it was rejected: it stays cancelled",
                          "R-APPROVE")]
        if v.trigger_id and any(o.trigger_id == v.trigger_id and o.status != "cancelled" for o in self.visits.values() if o is not v):
            return [_kept(v.visit_id, f"线索 {v.trigger_id} 已另行安排检查，仍为取消", f"trigger {v.trigger_id} has another visit: it stays cancelled",
                          "R-TRIGGER")]
        was = str(c.get("was") or "planned")
        status, before = was, (v.date, v.officer_ids)
        if v.date <= self.freeze_until(today):  # its day passed (or is too near) while cancelled: nobody went (walk9: it
            from execution.insert import relocate  # came back "overdue", owed a record), so the nearest lawful day ahead

            got = relocate(self, v, today)
            if got is None:
                return [_kept(v.visit_id, f"原定 {v.date} 已过或在冻结期内，且期限内无合法日期，仍为取消",
                              f"its day {v.date} is past or within the freeze and no day of its window is lawful: it stays cancelled", "R-INSERT")]
            v.date, v.officer_ids, status = got[0], got[1], "planned"
        v.status = status
        self._book(v, +1)
        bad = self.lawful(v)
        if bad:
            self._book(v, -1)
            v.status, (v.date, v.officer_ids) = "cancelled", before
            return [_kept(v.visit_id, f"恢复将违反 {', '.join(bad)}，仍为取消", f"restoring it breaks {', '.join(bad)}: it stays cancelled", bad[0])]
        v.reason = f"取消未获批准（年内调整第{n}次） / cancellation rejected (in-year change {n})"
        self.audit(today, leader, f"visit.{status}", v.visit_id, reason=v.reason)
        return []

    def _undo_move(self, c: dict[str, Any], today: dt.date, who: str, number: int) -> list[dict[str, str]]:
        """A visit moved (for an insertion, or by a planner) goes back to its day and officers, unless it is pinned or
        changed since. One that was overdue goes back overdue to its day gone by: the new day was the change refused,
        and nothing near today is disturbed by it (prod24: its former day is always past, so it could never go back)."""
        v = self.visits.get(str(c.get("visit_id")))
        if v is None or "officers_before" not in c:
            return []
        if c.get("was") == "cancelled":
            return self._undo_replace(v, c, today, who, number)
        there = dt.date.fromisoformat(c["to"])
        back, before = self._standing_before(v.visit_id, number, dt.date.fromisoformat(c["from"]), tuple(c["officers_before"]))
        if v.status == "cancelled":
            return [_kept(v.visit_id, "此后已取消", "cancelled since", "R-APPROVE")]
        if v.date != there or list(v.officer_ids) != list(c["officers_after"]):
            return [_kept(v.visit_id, "此后已再次调整，保持现状", "changed again since: it stays as it is", "R-INSERT")]
        if v.status != "planned":
            zh = {"notified": "已送达检查通知书", "done": "已完成检查", "overdue": "检查日已过"}.get(v.status, v.status)
            return [_kept(v.visit_id, f"{zh}，保持在 {there}", f"{v.status}: it stays on {there}", "R-INSERT")]
        if (back, before) == (there, tuple(v.officer_ids)):
            return []  # an earlier rejected move is undone with it: the visit already stands where the chain began
        overdue = c.get("was") == "overdue" and back < today
        if self.pinned(v, today) or (back <= self.freeze_until(today) and not overdue):
            return [_kept(v.visit_id, f"原日期 {back} 或现日期 {there} 已过或在冻结期内，保持在 {there}",
                          f"its former day {back} or its day {there} is past or within the freeze: it stays on {there}", "R-INSERT")]
        try:
            self.move(v, back, before)
        except YearError as e:
            return [_kept(v.visit_id, f"改回 {back} 将违反 {e.rule}，保持在 {there}", f"moving it back to {back} breaks {e.rule}: it stays on {there}",
                          e.rule)]
        if overdue:
            v.status = "overdue"
        self.audit(today, who, "visit.move_back", v.visit_id, version=number, to=back.isoformat(), officers=list(v.officer_ids))
        return []

    def _undo_replace(self, v: Visit, c: dict[str, Any], today: dt.date, who: str, number: int) -> list[dict[str, str]]:
        """A requirement R-REPLAN could not keep, placed again (reschedule.move_visit), whose placing is refused: the
        visit is cancelled again, as R-REPLAN left it, and may be placed again; not where it was changed since or done."""
        there = dt.date.fromisoformat(c["to"])
        if v.status == "cancelled":  # cancelled since (its firm closed): the refused day goes all the same, and the visit is
            # R-REPLAN's lost one again, so a rejection of that closure leaves it lost, not planned (review46 R4)
            if v.date == there:
                v.date, v.officer_ids = dt.date.fromisoformat(c["from"]), tuple(c["officers_before"])
                v.reason = str(c.get("reason_before") or v.reason)
                self.note_replaced(v.visit_id)
            return [_kept(v.visit_id, "此后已取消，所退回的日期一并撤回", "cancelled since: the refused day is withdrawn with it", "R-APPROVE")]
        if v.status != "planned" or v.date != there:
            return [_kept(v.visit_id, "此后已再次调整或已实施，保持现状", "changed again or done since: it stays as it is", "R-APPROVE")]
        self._book(v, -1)
        v.status, v.reason = "cancelled", str(c.get("reason_before") or f"{REPLAN_LOST}重新安排未获批准 / R-REPLAN shortfall: placing it again was refused")
        v.date, v.officer_ids = dt.date.fromisoformat(c["from"]), tuple(c["officers_before"])  # as R-REPLAN left it
        self.note_replaced(v.visit_id)
        self.audit(today, who, "visit.cancelled", v.visit_id, version=number, reason=v.reason)
        return []

    def _standing_before(self, visit_id: str, number: int, back: dt.date, officers: tuple[str, ...]) -> tuple[dt.date, tuple[str, ...]]:
        """Where a rejected move of a visit goes back to: its own day and officers before — unless an earlier change
        moved the visit there and was itself rejected (kept then, "changed again since"): then that one's day and
        officers before, and so on back to an arrangement that stands (walk41 Y4: three moves of one visit, each
        rejected, left it on the first rejected move's day with nothing pending)."""
        for ver in reversed(self.versions[: number - 1]):
            c = next((c for c in ver.changes if c.get("action") == "move" and c.get("visit_id") == visit_id and "officers_before" in c
                      and c.get("to") == back.isoformat() and tuple(c.get("officers_after", ())) == officers), None)
            if c is None:
                continue
            if ver.state != "rejected":
                break
            back, officers = dt.date.fromisoformat(c["from"]), tuple(c["officers_before"])
        return back, officers

    def _undo_give_way(self, c: dict[str, Any], today: dt.date, who: str, number: int, inserted: set[str]) -> list[dict[str, str]]:
        """A sampled (or mandatory) visit that gave its agency part to the trigger (R-PRIORITY) comes back as it was,
        if nothing changed it since (its day, and the officers and teams of the agencies that stayed)."""
        v = self.visits.get(str(c.get("visit_id")))
        snap = c.get("was")
        if v is None:
            return []
        if not snap:
            return [_kept(v.visit_id, "未保存让位前的安排，保持让位", "its arrangement before giving way was not kept: it stays given way", "R-PRIORITY")]
        agency = str(c.get("agency_id"))
        if len(snap["agency_ids"]) == 1:
            still = v.status == "cancelled"
        else:  # the other agencies' part as drop_agency left it
            stay = tuple(o for o in snap["officer_ids"] if self.reg.officers[o].agency_id != agency)
            still = (v.status == "planned" and tuple(v.agency_ids) == tuple(a for a in snap["agency_ids"] if a != agency)
                     and tuple(v.officer_ids) == stay and v.teams == {a: t for a, t in dict(snap["teams"]).items() if a != agency})
        if not still or v.date.isoformat() != c.get("date", v.date.isoformat()):
            return [_kept(v.visit_id, "此后已再次调整，保持现状", "changed again since: it stays as it is", "R-PRIORITY")]
        if v.date <= self.freeze_until(today):
            return [_kept(v.visit_id, f"日期 {v.date} 已过或在冻结期内，保持让位", f"its day {v.date} is past or within the freeze: it stays given way",
                          "R-INSERT")]
        now = {"agency_ids": v.agency_ids, "item_ids": v.item_ids, "officer_ids": v.officer_ids, "teams": dict(v.teams),
               "lead_agency_id": v.lead_agency_id, "status": v.status, "reason": v.reason}
        self.restore(v, {k: tuple(x) if isinstance(x, list) else (dict(x) if isinstance(x, dict) else x) for k, x in snap.items()})
        bad = self.lawful(v)
        if bad:
            self.restore(v, now)
            return [_kept(v.visit_id, f"恢复将违反 {', '.join(bad)}，保持让位", f"restoring it breaks {', '.join(bad)}: it stays given way", bad[0])]
        # only this give-way's shortfall: a joint visit may have given another agency's part to another trigger
        self.shortfalls = [s for s in self.shortfalls if not (s.get("rule") == "R-PRIORITY" and s.get("visit_id") == v.visit_id
                                                              and s.get("agency_id") == agency and s.get("to") in inserted)]
        self.audit(today, who, "visit.restore", v.visit_id, version=number, agency_id=agency)
        return []

    def _lapsed(self) -> set[str]:
        """The visits cancelled because their change was approved after the plan year's last working day
        (`_redate_inserted`): one pass over the log, not one per trigger."""
        return {str(e.get("visit_id")) for e in self.log if e.get("action") == "visit.cancelled" and e.get("lapsed")}

    def _inserted_by_rejected(self, visit_id: str) -> bool:
        return any(ver.state == "rejected" and any(c.get("action") == "insert" and c.get("visit_id") == visit_id for c in ver.changes)
                   for ver in self.versions)

    def open_triggers(self) -> list[Trigger]:
        """Triggers of this year with no visit standing (R-TRIGGER is HARD): never placed, or whose latest visit was
        cancelled by a leader's rejection of its insertion, or lapsed, approved after the year's last working day, or
        cancelled by R-REPLAN on its pinned day, its officer away (walk46 G2); not those whose latest visit a planner cancelled (企业注销:
        there is nobody left to visit), nor the bundle's older triggers whose window closed before the year began."""
        latest: dict[str, Visit] = {}
        for v in self.visits.values():  # insertion order: a trigger's last visit comes last
            held = latest.get(v.trigger_id) if v.trigger_id else None
            if v.trigger_id and (held is None or held.status == "cancelled" or v.status != "cancelled"):
                latest[v.trigger_id] = v
        first, lapsed, gone = self.reg.workdays[0], self._lapsed(), self.closed_enterprises()
        # a closed firm's triggers have no visit to wait for (企业注销: review46 R2)
        return sorted((t for tid, t in self.triggers.items() if self.trigger_window(t)[1] >= first and tid not in self.closed_triggers
                       and t.enterprise_id not in gone
                       and (tid not in latest or (latest[tid].status == "cancelled" and (self._inserted_by_rejected(latest[tid].visit_id)
                                                                                          or latest[tid].visit_id in lapsed
                                                                                          or self.replan_lost(latest[tid].visit_id) is not None)))),
                      key=lambda t: (t.received_on, t.trigger_id))

    def close_trigger(self, trigger_id: str, leader: str, today: dt.date, reason: str) -> dict[str, str]:
        """A leader closes a trigger without a visit (办结: 已由其他部门处理、投诉撤回…), with the reason: the spec makes
        a trigger's visit HARD (R-TRIGGER) and is silent on a complaint settled otherwise; walk9 found a trigger whose
        insertion was rejected as "已由街道办结" listed as overdue for ever. Only an open trigger; recorded as an
        R-TRIGGER shortfall naming the decision, so reports do not count it visited."""
        t = self.triggers.get(trigger_id)
        if t is None or t not in self.open_triggers():
            raise YearError("trigger_id", f"线索 {trigger_id} 不是尚无检查的线索", f"trigger {trigger_id} is not a trigger without a visit",
                            "R-TRIGGER", 409)
        if not reason.strip():
            raise YearError("comment", "办结线索须写明理由", "closing a trigger needs a reason", "R-TRIGGER")
        done = {"by": leader, "on": today.isoformat(), "reason": reason.strip()[:500]}
        self.closed_triggers[trigger_id] = done
        self.shortfalls.append({"rule": "R-TRIGGER", "id": t.enterprise_id, "trigger_id": trigger_id, "agency_id": t.agency_id,
                                "binding": f"closed without a visit by {leader} on {today}: {done['reason']}",
                                "binding_zh": f"{leader} 于 {today} 办结，未安排检查：{done['reason']}"})
        self.audit(today, leader, "trigger.close", trigger_id=trigger_id, reason=done["reason"])
        return done

    def rejections_of(self, trigger_id: str) -> list[Version]:
        """The rejected insertions of a trigger, for the planner placing it again (walk9: the slots page did not say)."""
        return [ver for ver in self.versions if ver.state == "rejected"
                and any(c.get("action") == "insert" and c.get("trigger_id") == trigger_id for c in ver.changes)]

    def require_approved(self, visit_id: str, doing_zh: str, doing_en: str) -> None:
        """R-APPROVE: a visit an unapproved change inserted or moved is neither recorded nor noticed (urgent ones start
        before approval: R-URGENT). YearError (409) naming the change as the board does."""
        waiting = self.awaiting_approval(visit_id)
        if waiting is not None:
            n = waiting.in_year_change
            how_zh, how_en = ("来自", "comes from") if any(c.get("action") == "insert" and c.get("visit_id") == visit_id
                                                          for c in waiting.changes) else ("的日期由", "was given its day by")
            raise YearError("visit_id", f"检查 {visit_id} {how_zh}年内调整第{n}次，尚未批准，不能{doing_zh}",
                            f"visit {visit_id} {how_en} in-year change {n}, not yet approved: {doing_en}", "R-APPROVE", 409)

    def awaiting_approval(self, visit_id: str) -> Version | None:
        """The change still `submitted` (not urgent, not forced by an absence) that inserted this visit or gave it its
        day, if any (R-APPROVE: a change to the approved plan is a new version a leader approves, only urgent ones
        afterwards). Walk46 G3: a tier-D visit a planner moved at the firm's request was noticed and recorded on its new
        day while the move still waited for a leader; the visits an insertion moved to make room were the same."""
        return next((ver for ver in reversed(self.versions) if ver.state == "submitted"
                     and any(c.get("action") in ("insert", "move") and c.get("visit_id") == visit_id for c in ver.changes)), None)

    def waiting(self) -> list[Version]:
        """In-year changes a leader has still to approve (R-APPROVE): submitted ones, and urgent ones started before
        approval (R-URGENT). Walk8: the board offered a button for the urgent ones only, so an inserted complaint's
        visit could never be approved from the pages, nor recorded."""
        return [v for v in self.versions if v.state in ("submitted", "started")]

    def flagged(self) -> list[Version]:
        """R-URGENT: urgent changes started before approval, flagged until approved."""
        return [v for v in self.versions if v.urgent and v.state == "started"]

    def add_to_register(self, row: dict[str, str]) -> None:
        """A firm entered during the year (execution.newfirm.add_enterprise), in this year's register from now on."""
        self.added[row["enterprise_id"]] = dict(row)
        self.reg.enterprises[row["enterprise_id"]] = {k: row[k] for k in ("name", "district_code", "sector", "address")}

    def remove_from_register(self, enterprise_id: str) -> None:
        """A firm entered during the year, withdrawn (execution.newfirm.withdraw_enterprise)."""
        del self.added[enterprise_id]
        del self.reg.enterprises[enterprise_id]

    # ---- persistence (the service keeps this as JSON) -----------------------------------------
    def dump(self) -> dict[str, Any]:
        return {
            "plan_state": self.plan_state,
            "visits": [{**v.row(), "teams": v.teams, "status": v.status, "code": v.code, "reason": v.reason, "urgent": v.urgent,
                        "served_for": v.served_for.isoformat() if v.served_for else None}
                       for v in self.visits.values()],
            "records": [{**asdict(r), "date": r.date.isoformat(), "rectify_by": r.rectify_by.isoformat() if r.rectify_by else None,
                         "planned_on": r.planned_on.isoformat() if r.planned_on else None, "breaches": list(r.breaches)}
                        for r in self.records.values()],
            "milestones": self.milestones, "entered": self.entered,
            "triggers": [{**asdict(t), "received_on": t.received_on.isoformat()} for t in self.triggers.values()],
            "extra_away": {o: sorted(d.isoformat() for d in s) for o, s in self.extra_away.items()},
            "suspended": {o: d.isoformat() for o, d in self.suspended.items()},
            "versions": [asdict(v) for v in self.versions],
            "log": self.log, "shortfalls": self.shortfalls, "case_reviews": self.case_reviews, "seq": self._seq,
            "closed_triggers": self.closed_triggers,
            "draw_rank": self.draw_rank, "tiers": self.tiers, "added_enterprises": list(self.added.values()),
        }

    @classmethod
    def load(cls, bundle: Bundle, state: dict[str, Any]) -> Year:
        iso = dt.date.fromisoformat
        visits = [Visit(r["visit_id"], iso(r["date"]), r["enterprise_id"], r["district_code"], r["mode"], r["lead_agency_id"],
                        tuple(x for x in r["agency_ids"].split(";") if x), tuple(x for x in r["item_ids"].split(";") if x),
                        tuple(x for x in r["officer_ids"].split(";") if x), r["basis"], r["trigger_id"], r["tier"], dict(r["teams"]),
                        r["status"], r["code"], r["reason"], bool(r["urgent"]),
                        # a state saved before `served_for`: a notified visit's notice named its day
                        iso(r["served_for"]) if r.get("served_for") else
                        (iso(r["date"]) if "served_for" not in r and r["status"] == "notified" else None))
              for r in state["visits"]]
        y = cls(bundle, [], state.get("plan_state", "approved"))
        for row in state.get("added_enterprises", []):
            y.add_to_register(row)
        for t in state.get("triggers", []):
            y.triggers[t["trigger_id"]] = Trigger(t["trigger_id"], t["enterprise_id"], t["agency_id"], iso(t["received_on"]), t["kind"], t["urgent"],
                                                  bool(t.get("numbered", True)))
        y.extra_away = {o: {iso(d) for d in s} for o, s in state.get("extra_away", {}).items()}
        y.suspended = {o: iso(d) for o, d in state.get("suspended", {}).items()}
        for v in visits:
            y.visits[v.visit_id] = v
            y._book(v, +1)
            y.by_code[v.code] = v.visit_id
        for r in state.get("records", []):
            y.records[r["visit_id"]] = Record(r["visit_id"], iso(r["date"]), tuple(r["officer_ids"]), dict(r["outcomes"]),
                                              iso(r["rectify_by"]) if r["rectify_by"] else None, r["notes"], r["recorded_by"], r["late"],
                                              iso(r["planned_on"]) if r.get("planned_on") else None, tuple(r.get("breaches", ())),
                                              list(r.get("corrections", [])))
        y.milestones = {k: dict(v) for k, v in state.get("milestones", {}).items()}
        y.entered = {k: dict(v) for k, v in state.get("entered", {}).items()}
        y.versions = [Version(**v) for v in state.get("versions", [])] or y.versions
        y.log, y.shortfalls = list(state.get("log", [])), list(state.get("shortfalls", []))
        y.case_reviews, y._seq = dict(state.get("case_reviews", {})), int(state.get("seq", 0))
        y.closed_triggers = {k: dict(v) for k, v in state.get("closed_triggers", {}).items()}
        y.draw_rank = dict(state.get("draw_rank", {}))
        y.tiers = dict(state.get("tiers", {}))
        return y


def _change_zh(v: Version) -> str:
    return "年度计划（第1版）" if v.number == 1 else f"年内调整第{v.in_year_change}次"


def _change_en(v: Version) -> str:
    return "the plan as approved (version 1)" if v.number == 1 else f"in-year change {v.in_year_change}"


def _kept(visit_id: str, zh: str, en: str, rule: str) -> dict[str, str]:
    """What a rejection could not undo, and why (R-EXPLAIN: the rule that holds it in place)."""
    return {"visit_id": visit_id, "why_zh": zh, "why": en, "rule": rule}


def read_draw_ranks(plan_dir: Path) -> dict[str, int]:
    import csv

    path = plan_dir / "selection.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {r["enterprise_id"]: int(r["draw_rank"]) for r in csv.DictReader(f) if r.get("draw_rank")}


def read_tiers(plan_dir: Path) -> dict[str, str]:
    import csv

    path = plan_dir / "selection.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {r["enterprise_id"]: r["tier"] for r in csv.DictReader(f)}


def new_code() -> str:
    """R-CODE: 128 random bits, URL-safe; nothing about the visit can be read from it or guessed."""
    return secrets.token_urlsafe(16)
