"""`inspection simulate-year`: plan, approve, then walk the year day by day through execution/'s own
functions (the ones the service calls): notices each Monday, triggers inserted on the day they
arrive (R-INSERT), officers' leave re-planned (R-REPLAN), visits recorded with outcomes drawn from
the truth or the model (R-RECORD), every deadline's step entered within its limit (R-FEEDBACK,
R-TRANSFER, R-ARCHIVE, R-PUBLISH), quarterly case reviews (R-CASE-REVIEW), next year's bundle (R-LEARN).
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bundle import Bundle, WorkCalendar, load_bundle
from bundle.workcal import year_days
from execution.deadlines import case_review, complete, tally
from execution.history import calendar_gap_words, known_days, next_bundle, standin_calendar
from execution.insert import apply, binding, propose
from execution.replan import officer_unavailable
from execution.year import Caller, Trigger, Year

SIM = "simulator"
LEADER = "simulated-leader"
KINDS = ("complaint", "referral", "data_monitoring", "enterprise_request")


@dataclass
class SimOptions:
    seed: int = 0
    greedy: bool = True
    time_limit: float = 2.0
    triggers_per_1000: float = 12.0  # generated triggers a year per 1,000 enterprises (besides the bundle's)
    leave_per_100_officers: float = 2.5  # leave events a year per 100 enforcement officers
    plan_dir: Path | None = None  # an existing plan folder of this bundle (else one is made)
    today: dt.date | None = None  # the service's day (load_bundle's default year); the CLI passes api.clock.today()


@dataclass
class Figures:
    insert_seconds: list[float] = field(default_factory=list)
    slot_seconds: list[float] = field(default_factory=list)
    moves: list[int] = field(default_factory=list)
    pinned_moved: int = 0
    inserted: int = 0
    displaced: int = 0
    insert_shortfalls: list[dict[str, str]] = field(default_factory=list)
    replanned: int = 0
    replan_seconds: list[float] = field(default_factory=list)
    leave_events: list[dict[str, Any]] = field(default_factory=list)


def extend_calendar(bundle: Bundle) -> None:
    """Give the bundle's calendar next year's days (a stand-in where unknown) so deadlines of December visits resolve."""
    nxt = bundle.year + 1
    if not bundle.calendar.missing(year_days(nxt)):
        return
    cal = bundle.frames["calendar"]
    known = {d.date(): bool(w) for d, w in zip(cal["date"], cal["workday"], strict=True) if not pd.isna(d)}
    bundle.calendar = WorkCalendar({**standin_calendar(nxt), **known})


def make_plan_folder(bundle: Bundle, out: Path, opts: SimOptions) -> Path:
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    plan = make_plan(bundle, PlanOptions(time_limit=opts.time_limit, processes=1, use_solver=not opts.greedy))
    write_plan(plan, out)
    return out


def _pinned_dates(y: Year, today: dt.date) -> dict[str, dt.date]:
    return {vid: v.date for vid, v in y.visits.items() if v.status != "cancelled" and y.pinned(v, today)}


def _moved(y: Year, before: dict[str, dt.date]) -> int:
    """Independent of the code under test: pinned visits whose date differs after the change."""
    return sum(1 for vid, d in before.items() if y.visits[vid].date != d)


class Simulation:
    def __init__(self, bundle_path: Path, out: Path, truth: Path | None, opts: SimOptions):
        self.out, self.opts = Path(out), opts
        self.bundle_path = Path(bundle_path)
        self.bundle = load_bundle(bundle_path, opts.today)
        self.known_calendar = self.bundle.calendar  # before the stand-in: what next-bundle may carry (foreign39 F4)
        extend_calendar(self.bundle)
        self.out.mkdir(parents=True, exist_ok=True)
        plan_dir = opts.plan_dir or make_plan_folder(self.bundle, self.out / "plan", opts)
        self.y = Year.from_folder(self.bundle, plan_dir)
        self.visits_planned = len(self.y.visits)
        self.rng = np.random.default_rng(opts.seed)
        if truth is not None:
            t = pd.read_csv(truth, dtype={"enterprise_id": str})
            self.p = dict(zip(t.enterprise_id, t.p_violation.astype(float), strict=True))
        else:  # the published risk score stands in for the truth (the model's, held to an imposed tier's band: R-TIER)
            s = pd.read_csv(plan_dir / "selection.csv", dtype={"enterprise_id": str})
            self.p = dict(zip(s.enterprise_id, s.risk_score.astype(float), strict=True))
        self.fig = Figures()
        self.events: list[tuple[dt.date, int, str, str]] = []  # (on, seq, visit, step)
        self._seq = 0

    # ---- what happens during the year ------------------------------------------------------
    def generated_triggers(self) -> dict[dt.date, list[Trigger]]:
        reg, rng = self.y.reg, self.rng
        ids = sorted(reg.enterprises)
        p = np.array([max(self.p.get(e, 0.1), 1e-3) for e in ids])
        n = int(rng.poisson(max(4.0, self.opts.triggers_per_1000 * len(ids) / 1000)))
        days = reg.workdays[: int(len(reg.workdays) * 0.97)]
        out: dict[dt.date, list[Trigger]] = {}
        for i in range(n):
            e = ids[int(rng.choice(len(ids), p=p / p.sum()))]
            agencies = sorted({it["agency_id"] for it in reg.items.values() if reg.enterprises[e]["sector"] in it["sectors"]})
            if not agencies:
                continue
            d = days[int(rng.integers(0, len(days)))]
            t = Trigger(f"S{i + 1:06d}", e, agencies[int(rng.integers(0, len(agencies)))], d, KINDS[int(rng.integers(0, 4))],
                        bool(rng.random() < 0.15))
            out.setdefault(d, []).append(t)
        return out

    def leave_events(self) -> dict[dt.date, list[tuple[str, dt.date, dt.date]]]:
        reg, rng = self.y.reg, self.rng
        officers = sorted(o for o, v in self.y.by_officer.items() if v and reg.officers[o].role == "enforcement")
        n = max(2, round(self.opts.leave_per_100_officers * len(officers) / 100))
        wd = reg.workdays
        # who is due on each day as planned: a leave drawn for an officer none of whose visits falls in it re-plans
        # nothing, and the simulated year would not show R-REPLAN at work (foreign36: none of four leaves touched a visit)
        due: dict[dt.date, set[str]] = {}
        for v in self.y.visits.values():
            if v.status == "planned" and v.mode == "onsite":
                due.setdefault(v.date, set()).update(v.officer_ids)
        enforcement = set(officers)
        out: dict[dt.date, list[tuple[str, dt.date, dt.date]]] = {}
        for _ in range(n):
            i = int(rng.integers(5, len(wd) - 20))
            j = min(len(wd) - 1, i + int(rng.integers(5, 11)))
            start, end = wd[i + 1], wd[j]
            busy = sorted(set().union(*(due.get(d, set()) for d in wd[i + 1: j + 1])) & enforcement)
            pool = busy or officers
            o = pool[int(rng.integers(0, len(pool)))]
            if (o, start, end) not in out.get(wd[i], []):  # the same leave drawn twice is one leave (R-REPLAN refuses a repeat)
                out.setdefault(wd[i], []).append((o, start, end))
        return out

    def outcomes(self, visit_id: str) -> tuple[dict[str, str], dt.date | None]:
        v, rng, reg = self.y.visits[visit_id], self.rng, self.y.reg
        p = self.p.get(v.enterprise_id, 0.1)
        res: dict[str, str] = {}
        for a in v.agency_ids:
            items = [i for i in v.item_ids if reg.items[i]["agency_id"] == a]
            if not items:
                continue
            u = rng.random()
            worst = "serious" if u < 0.15 * p else "violation" if u < p else "minor" if u < p + 0.1 * (1 - p) else "compliant"
            hit = items[int(rng.integers(0, len(items)))]
            res.update({i: (worst if i == hit else "compliant") for i in items})
        bad = any(o in ("violation", "serious") for o in res.values())
        return res, (reg.add_workdays(v.date, 20) if bad else None)

    def _at(self, on: dt.date, visit_id: str, step: str) -> None:
        self._seq += 1
        heapq.heappush(self.events, (on, self._seq, visit_id, step))

    def _within(self, start: dt.date, n: int) -> dt.date:
        """A day 1..n working days after `start`: staff keep every working-day deadline."""
        return self.y.reg.add_workdays(start, int(self.rng.integers(1, n + 1)))

    def schedule_steps(self, visit_id: str, step_done: str, on: dt.date) -> None:
        """What follows a step, each inside its limit."""
        p, y = self.y.policy, self.y
        r = y.records[visit_id]
        bad = any(o in ("violation", "serious") for o in r.outcomes.values())
        if step_done == "record":
            self._at(self._within(on, p.feedback_within_workdays), visit_id, "feedback")
            if bad:
                self._at(self._within(on, p.transfer_within_workdays), visit_id, "transfer")
            if any(o != "compliant" for o in r.outcomes.values()) and self.rng.random() < 0.85:
                self._at(r.rectify_by or y.reg.add_workdays(on, 10), visit_id, "rectified")
        elif step_done == "transfer":
            self._at(y.reg.add_workdays(on, int(self.rng.integers(3, 16))), visit_id, "transfer_decision")
        elif step_done == "transfer_decision":
            self._at(self._within(on, p.transfer_feedback_within_workdays), visit_id, "transfer_feedback")
        if step_done == "feedback":  # published once the firm is told (execution.deadlines.complete), inside its limit
            due = y.reg.add_workdays(r.date, p.publish_results_within_workdays)
            self._at(max(on, min(self._within(on, max(1, p.publish_results_within_workdays - p.feedback_within_workdays)), due)),
                     visit_id, "publish")
        if step_done in ("feedback", "transfer_feedback"):
            from execution.deadlines import finished_on

            fin = finished_on(y, visit_id)
            if fin is not None and "archive" not in y.milestones.get(visit_id, {}):
                self._at(fin + dt.timedelta(days=int(self.rng.integers(5, p.archive_within_days - 5))), visit_id, "archive")

    def run_steps(self, today: dt.date) -> None:
        while self.events and self.events[0][0] <= today:
            on, _, vid, step = heapq.heappop(self.events)
            complete(self.y, vid, step, on, SIM, today=today)
            self.schedule_steps(vid, step, on)

    def insert(self, t: Trigger, today: dt.date) -> None:
        y = self.y
        before = _pinned_dates(y, today)
        t0 = time.perf_counter()
        slots = propose(y, t, today)
        self.fig.slot_seconds.append(time.perf_counter() - t0)
        if slots:
            apply(y, t, slots[0], today, "simulated-planner")
        self.fig.insert_seconds.append(time.perf_counter() - t0)
        self.fig.pinned_moved += _moved(y, before)
        if slots:
            self.fig.inserted += 1
            self.fig.moves.append(len(slots[0].moves) + len(slots[0].displaced))  # a visit giving way counts as moved
            self.fig.displaced += len(slots[0].displaced)
        else:
            y.triggers.setdefault(t.trigger_id, t)
            zh, en = binding(y, t, today)
            short = {"rule": "R-TRIGGER", "id": t.trigger_id, "binding": en, "binding_zh": zh}
            y.shortfalls.append(short)
            self.fig.insert_shortfalls.append(short)

    def leave(self, officer: str, start: dt.date, end: dt.date, today: dt.date) -> None:
        before = _pinned_dates(self.y, today)
        t0 = time.perf_counter()
        res = officer_unavailable(self.y, officer, start, end, today, SIM)
        self.fig.replan_seconds.append(time.perf_counter() - t0)
        self.fig.pinned_moved += _moved(self.y, before)
        self.fig.replanned += len(res.restaffed) + len(res.moved)
        self.fig.leave_events.append({"on": today.isoformat(), **res.as_dict(), "start": start.isoformat(), "end": end.isoformat()})

    def approve_pending(self, today: dt.date) -> None:
        for v in self.y.versions:
            if v.state in ("submitted", "started") and v.created_on < today.isoformat():
                self.y.approve_version(v.number, LEADER, today)

    # ---- the year -----------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        y, reg = self.y, self.y.reg
        triggers, leaves = self.generated_triggers(), self.leave_events()
        quarter_ends = {max(d for d in reg.workdays if (d.month - 1) // 3 == q) for q in range(4)}
        week = None
        for d in reg.workdays:
            y.mark_overdue(d, SIM)
            self.approve_pending(d)
            if d.isocalendar()[1] != week:
                week = d.isocalendar()[1]
                y.notify_week(None, d, SIM)  # this week's notices printed (R-NOTICE)
            for o, a, b in leaves.get(d, []):
                self.leave(o, a, b, d)
            for t in triggers.get(d, []):
                self.insert(t, d)
            for vid in sorted(vid for vid, v in y.visits.items() if v.date == d and v.status in ("planned", "notified")):
                v = y.visits[vid]
                res, rect = self.outcomes(vid)
                y.record(vid, d, list(v.officer_ids), res, Caller(SIM), rectify_by=rect, today=d)
                self.schedule_steps(vid, "record", d)
            self.run_steps(d)
            if d in quarter_ends:
                case_review(y, f"{d.year}Q{(d.month - 1) // 3 + 1}", d, SIM)
        last = reg.workdays[-1]
        # after the year: the steps still running finish on next year's calendar
        day = last
        while self.events:
            day = self.events[0][0]
            self.run_steps(day)
        end = max(day, last)
        self.approve_pending(end + dt.timedelta(days=1))
        return self.report(end)

    def report(self, end: dt.date) -> dict[str, Any]:
        y, f = self.y, self.fig
        secs = sorted(f.insert_seconds)
        p95 = float(np.percentile(secs, 95)) if secs else 0.0
        rep = {
            "visits_planned": self.visits_planned,
            "visits_done": len(y.records),
            "inserted": f.inserted,
            "insert_seconds_p95": round(p95, 4),
            "pinned_moved": f.pinned_moved,
            "moved_median": float(statistics.median(f.moves)) if f.moves else 0.0,
            "replanned": f.replanned,
            "deadlines": tally(y, end + dt.timedelta(days=1)),
            "case_reviews": sum(len(v) for v in y.case_reviews.values()),
        }
        # next year's calendar: the days a calendar knows (calendar.csv, chinesecalendar), never the stand-in the
        # simulation ran its December deadlines on (bundle.md: never guessed; foreign39 F4: a plan of next-bundle put
        # visits on Spring Festival). Where days are missing next-bundle does not load until calendar.csv gives them
        cal, gap = known_days(self.known_calendar, y.reg.year + 1)
        said: dict[str, Any] = {"missing_days": gap}
        if gap:
            said["zh"], said["en"] = calendar_gap_words(y.reg.year + 1, gap)
        rep["next_bundle_calendar"] = said
        detail = {
            "insert_shortfalls": f.insert_shortfalls, "displaced": f.displaced, "triggers": f.inserted + len(f.insert_shortfalls), "replan_shortfalls": [s for s in y.shortfalls if s["rule"] == "R-REPLAN"],
            "slot_seconds_p95": round(float(np.percentile(f.slot_seconds, 95)), 4) if f.slot_seconds else 0.0,
            "leave_events": f.leave_events, "replan_seconds_max": round(max(f.replan_seconds, default=0.0), 4),
            "case_reviews": y.case_reviews, "versions": len(y.versions), "urgent_unapproved": [v.number for v in y.flagged()],
            "overdue": sorted(v.visit_id for v in y.visits.values() if v.status == "overdue"),
            "cancelled": sorted(v.visit_id for v in y.visits.values() if v.status == "cancelled"),
        }
        # next-bundle first: where it cannot be made, no report says the year was written (foreign39 F3)
        next_bundle(y, self.bundle_path, self.out / "next-bundle", cal, renew_certificates=True)
        (self.out / "year-report.json").write_text(json.dumps(rep, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (self.out / "year-detail.json").write_text(json.dumps(detail, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
        (self.out / "year-state.json").write_text(json.dumps(y.dump(), ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        return rep


def simulate_year(bundle: Path, out: Path, truth: Path | None = None, opts: SimOptions | None = None) -> dict[str, Any]:
    """Run the simulated year; writes out/year-report.json, year-detail.json, year-state.json and out/next-bundle/."""
    return Simulation(bundle, out, truth, opts or SimOptions()).run()
