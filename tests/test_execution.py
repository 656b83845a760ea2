"""The year in motion (execution/): insertion, re-staffing, records, deadlines, case review, notices, the simulated year.

The HARD rules are re-checked here by `independent_violations`, written from plan.md's invariants and the
bundle alone (it imports nothing from execution/)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import math
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from bundle import load_bundle
from bundle.workcal import year_days
from execution import Year, YearError
from execution.deadlines import all_deadlines, board, case_review, complete, tally
from execution.deadlines import deadlines_of as deadlines_of_visit
from execution.history import standin_calendar
from execution.insert import apply, propose
from execution.replan import officer_unavailable
from execution.simulate import extend_calendar
from execution.year import Caller, Trigger
from inspection.cli import app

REPORT_KEYS = {"visits_planned", "visits_done", "inserted", "insert_seconds_p95", "pinned_moved", "moved_median", "replanned",
               "deadlines", "case_reviews", "next_bundle_calendar"}


@pytest.fixture()
def planned(tiny_greedy_plan: Path) -> Path:
    return tiny_greedy_plan  # conftest's, shared with the other year tests


@pytest.fixture()
def year(tiny_year: Year) -> Year:
    return tiny_year


def independent_violations(y: Year, caps: dict[str, int] | None = None, budgets: dict[str, int] | None = None) -> list[str]:
    """plan.md invariants 1–3 (annual budgets included) and R-JOINT over every active visit, from the bundle's frames only."""
    b = y.reg.bundle
    p = b.policy
    off = {r.officer_id: r for r in b.officers.itertuples(index=False)}
    team_of = dict(zip(b.teams.team_id, b.teams.agency_id, strict=True))
    team_district = dict(zip(b.teams.team_id, b.teams.district_code, strict=True))
    cap = caps or dict(zip(b.teams.team_id, b.teams.max_visits_per_day, strict=True))
    away = {(r.officer_id, r.start_on.date() + dt.timedelta(days=i)) for r in b.unavailability.itertuples(index=False)
            for i in range((r.end_on - r.start_on).days + 1)}
    away |= {(o, d) for o, ds in y.extra_away.items() for d in ds}
    recused = set(zip(b.recusals.officer_id, b.recusals.enterprise_id, strict=True))
    workdays = set(b.workdays)
    bad: list[str] = []
    per_day: Counter[tuple[str, dt.date]] = Counter()
    per_team: Counter[tuple[str, dt.date]] = Counter()
    per_ent: Counter[tuple[str, dt.date]] = Counter()
    for v in y.visits.values():
        if v.status == "cancelled":
            continue
        if v.date not in workdays:
            bad.append(f"{v.visit_id} R-WORKDAY")
        per_ent[(v.enterprise_id, v.date)] += v.mode == "onsite"
        for a in v.agency_ids:
            mine = [o for o in v.officer_ids if team_of.get(off[o].team_id) == a]
            teams = {off[o].team_id for o in mine}
            certified = [o for o in mine if off[o].role == "enforcement" and off[o].certificate_expires_on.date() >= v.date
                         and (o not in y.suspended or v.date < y.suspended[o])]
            if len(certified) < (p.officers_per_agency_on_visit if v.mode == "onsite" else 1) or len(teams) != 1:
                bad.append(f"{v.visit_id} R-PAIR/R-TEAM {a}")
            for t in teams:
                d = str(team_district[t])
                if not (d == v.district_code or (d.endswith("00") and d[:4] == v.district_code[:4])):
                    bad.append(f"{v.visit_id} R-TEAM district")
                per_team[(t, v.date)] += 1
        for o in v.officer_ids:
            if (o, v.date) in away:
                bad.append(f"{v.visit_id} R-AVAIL away {o}")
            if (o, v.enterprise_id) in recused:
                bad.append(f"{v.visit_id} R-RECUSE {o}")
            if v.mode == "onsite":
                per_day[(o, v.date)] += 1
    bad += [f"{o} {d} R-AVAIL day" for (o, d), n in per_day.items() if n > p.max_visits_per_officer_per_day]
    year: Counter[str] = Counter()
    for (o, _), n in per_day.items():
        year[o] += n
    if budgets is None:
        budgets = {r.officer_id: (p.max_visits_per_officer_per_year if pd.isna(r.annual_visit_budget) else int(r.annual_visit_budget))
                   for r in b.officers.itertuples(index=False)}
    bad += [f"{o} R-AVAIL budget {n}>{budgets[o]}" for o, n in year.items() if n > budgets[o]]
    bad += [f"{t} {d} R-AVAIL team" for (t, d), n in per_team.items() if n > cap[t]]
    bad += [f"{e} {d} R-JOINT" for (e, d), n in per_ent.items() if n > 1]
    return bad


def _tight(y: Year) -> dict[str, int]:
    """Shrink each team's daily cap to its busiest planned day, so insertion has to move things."""
    busiest: Counter[str] = Counter()
    for (t, _), n in y.team_day.items():
        busiest[t] = max(busiest[t], n)
    for t, team in list(y.reg.teams.items()):
        y.reg.teams[t] = dataclasses.replace(team, max_visits_per_day=max(1, busiest[t]))
    return {t: team.max_visits_per_day for t, team in y.reg.teams.items()}


def _full_budgets(y: Year) -> dict[str, int]:
    """Every officer's annual budget set to exactly what the plan uses, so a trigger needs a visit to give way."""
    budgets = {o: y.officer_year[o] for o in y.reg.officers}
    for o, off in list(y.reg.officers.items()):
        y.reg.officers[o] = dataclasses.replace(off, budget=budgets[o])
    return budgets


def _triggers(y: Year, n: int) -> list[Trigger]:
    ents = sorted(y.reg.enterprises)
    out = []
    for i in range(n):
        e = ents[(i * 37) % len(ents)]
        agencies = sorted({it["agency_id"] for it in y.reg.items.values() if y.reg.enterprises[e]["sector"] in it["sectors"]})
        if agencies:
            day = y.reg.workdays[10 + (i * 11) % 220]
            out.append(Trigger(f"X{i:04d}", e, agencies[i % len(agencies)], day, "complaint", urgent=i % 4 == 0))
    return out


def test_insertion_keeps_pinned_visits_and_every_hard_rule(year: Year) -> None:
    y = year
    caps = _tight(y)
    assert independent_violations(y, caps) == []
    for t in _triggers(y, 40):
        today = t.received_on
        for v in y.visits.values():  # what the week's notices made pinned
            if v.status == "planned" and today <= v.date <= today + dt.timedelta(days=6):
                v.status = "notified"
        pinned = {vid: (v.date, v.officer_ids) for vid, v in y.visits.items() if v.status != "cancelled" and y.pinned(v, today)}
        slots = propose(y, t, today)
        assert len(slots) <= 3
        assert [s.key(t.urgent) for s in slots] == sorted(s.key(t.urgent) for s in slots)
        assert len({(s.day, s.team) for s in slots}) == len(slots)
        first, last = y.trigger_window(t)
        for s in slots:
            assert first <= s.day <= last and s.day >= today  # R-TRIGGER window
            assert len(s.moves) + len(s.displaced) <= y.policy.max_moved_visits
            assert not {m.visit_id for m in s.moves} & set(pinned)
        if not slots:
            continue
        new, ver = apply(y, t, slots[0], today, "planner")
        assert new.basis == "triggered" and new.trigger_id == t.trigger_id and new.date == slots[0].day
        assert ver.state == ("started" if t.urgent else "submitted")  # R-URGENT: started now, approved after
        assert all(y.visits[vid].date == d and y.visits[vid].officer_ids == o for vid, (d, o) in pinned.items())
        assert independent_violations(y, caps) == []
    assert y.flagged(), "urgent insertions stay flagged until approved"
    for v in list(y.flagged()):
        y.approve_version(v.number, "leader", dt.date(2027, 12, 1))
    assert not y.flagged()


def _full_window(y: Year, after_rest_day: bool = False) -> tuple[Trigger, str, list[dt.date]]:
    """A trigger whose two-day window finds its only team full on both days (city-level teams closed); with
    `after_rest_day`, received on the rest day before them, so both days are still ahead."""
    y.policy = y.reg.policy = dataclasses.replace(y.policy, freeze_workdays=0, urgent_within_workdays=1)
    for t, team in list(y.reg.teams.items()):
        if team.district_code.endswith("00"):
            y.reg.teams[t] = dataclasses.replace(team, max_visits_per_day=0)
    wd = y.reg.workdays
    for i in range(20, len(wd) - 20):
        d0, d1 = wd[i], wd[i + 1]
        if after_rest_day and d0 - dt.timedelta(days=1) in y.reg.wd_index:
            continue
        for t, team in sorted(y.reg.teams.items()):
            n0, n1 = y.team_day[(t, d0)], y.team_day[(t, d1)]
            if team.district_code.endswith("00") or n0 == 0 or (n0 != n1 and not after_rest_day):
                continue
            busy = {y.visits[v].enterprise_id for d in (d0, d1) for v in y.team_visits.get((t, d), ())}
            for e, info in sorted(y.reg.enterprises.items()):
                if info["district_code"] == team.district_code and e not in busy and y.reg.items_for(team.agency_id, e) \
                        and not any(y.visits[v].date in (d0, d1) for v in y.by_enterprise.get(e, ())):
                    y.reg.teams[t] = dataclasses.replace(team, max_visits_per_day=max(n0, n1))  # one day full at least
                    got = d0 - dt.timedelta(days=1) if after_rest_day else d0
                    return Trigger("FULL1", e, team.agency_id, got, "complaint", urgent=True), t, [d0, d1]
    raise AssertionError("no full window found")


def test_insertion_moves_at_most_the_limit_and_never_a_pinned_visit(year: Year) -> None:
    y = year
    initial = Counter(y.team_day)
    t, team, days = _full_window(y)
    allowed = {k: max(n, y.reg.teams[k[0]].max_visits_per_day) for k, n in initial.items()}
    slots = propose(y, t, t.received_on)
    assert slots and all(s.moves or s.displaced for s in slots), "both days are full: every slot moves a visit"
    s = slots[0]
    assert 1 <= len(s.moves) + len(s.displaced) <= y.policy.max_moved_visits
    # pinned: with every visit of those days notified, nothing there may move
    saved = {v: y.visits[v].status for d in days for v in y.team_visits.get((team, d), ())}
    for v in saved:
        y.visits[v].status = "notified"
    assert all(not (set(m.visit_id for m in x.moves) & set(saved)) for x in propose(y, t, t.received_on))
    for v, st in saved.items():
        y.visits[v].status = st
    before = {vid: v.date for vid, v in y.visits.items()}
    new, ver = apply(y, t, s, t.received_on, "planner")
    assert new.basis == "triggered" and ver.urgent and ver.state == "started" and y.flagged()
    for m in s.moves:
        assert y.visits[m.visit_id].date == m.to_date != before[m.visit_id]
        # in the moved visit's own trail too (walk41 Y5, R-AUDIT)
        (e,) = [e for e in y.log if e["action"] == "visit.moved_for_insert" and e["visit_id"] == m.visit_id]
        assert (e["from"], e["to"], e["inserted"], e["version"]) == (m.from_date.isoformat(), m.to_date.isoformat(), new.visit_id, ver.number)
    assert sum(1 for vid, d in before.items() if y.visits[vid].date != d) == len(s.moves)
    over = [(k, n) for k, n in y.team_day.items() if n > allowed.get(k, y.reg.teams[k[0]].max_visits_per_day)]
    assert over == []
    assert independent_violations(y, {tm: 99 for tm in y.reg.teams}) == []


def test_spent_budgets_take_a_sampled_onsite_visit_in_priority_order(year: Year) -> None:
    y = year
    budgets = _full_budgets(y)  # every officer's year is exactly full
    assert independent_violations(y, budgets=budgets) == []
    placed = 0
    for t in _triggers(y, 12):
        slots = propose(y, t, t.received_on)
        for s in slots:
            assert s.displaced, "with no budget left, every slot needs a visit to give way (R-PRIORITY)"
            for d in s.displaced:
                v = y.visits[d["visit_id"]]
                assert v.mode == "onsite" and v.basis in ("sampled", "mandatory") and not y.pinned(v, t.received_on)
                if v.basis == "mandatory":  # only when no sampled on-site visit of that team could have given way
                    assert not any(w.basis == "sampled" and w.mode == "onsite" and w.status == "planned" and w.teams.get(t.agency_id) == s.team
                                   and not y.pinned(w, t.received_on) and set(w.officer_ids) & set(s.officers) for w in y.visits.values())
        if not slots:
            continue
        before = {d["visit_id"]: y.visits[d["visit_id"]].agency_ids for d in slots[0].displaced}
        apply(y, t, slots[0], t.received_on, "planner")
        placed += 1
        for vid, agencies in before.items():
            v = y.visits[vid]
            assert t.agency_id not in v.agency_ids or v.status == "cancelled"
            assert v.status == "cancelled" or len(v.agency_ids) == len(agencies) - 1
            assert any(x["rule"] == "R-PRIORITY" and x["visit_id"] == vid for x in y.shortfalls)
        assert independent_violations(y, budgets=budgets) == []
    assert placed >= 6


def test_insertion_that_breaks_a_hard_rule_stores_nothing(year: Year) -> None:
    y = year
    t = _triggers(y, 1)[0]
    slots = propose(y, t, t.received_on)
    assert slots
    s = slots[0]
    other = next(o for o, off in y.reg.officers.items() if off.role == "enforcement" and off.team_id != s.team)
    before = json.dumps(y.dump(), sort_keys=True, default=str)
    for broken in (dataclasses.replace(s, officers=(s.officers[0],)),  # R-PAIR
                   dataclasses.replace(s, officers=(s.officers[0], other)),  # R-TEAM
                   dataclasses.replace(s, day=dt.date(2027, 1, 2))):  # R-WORKDAY (a Saturday)
        with pytest.raises(YearError) as e:
            apply(y, t, broken, t.received_on, "planner")
        assert e.value.zh and e.value.en
        assert json.dumps(y.dump(), sort_keys=True, default=str) == before
    with pytest.raises(YearError):  # a trigger for an agency with no item for the sector (R-ITEM)
        ent = t.enterprise_id
        wrong = next(a for a in y.reg.agencies if not y.reg.items_for(a, ent))
        propose(y, dataclasses.replace(t, agency_id=wrong), t.received_on)


def test_leave_restaffs_on_the_same_day_or_moves_or_names_the_shortfall(year: Year) -> None:
    y = year
    busiest = Counter(o for v in y.visits.values() for o in v.officer_ids if v.date >= dt.date(2027, 3, 1))
    officers = [o for o, _ in busiest.most_common(5)]
    today = dt.date(2027, 3, 1)
    start, end = dt.date(2027, 3, 2), dt.date(2027, 3, 15)
    before = {vid: v.date for vid, v in y.visits.items()}
    pinned = {vid for vid, v in y.visits.items() if y.pinned(v, today)}
    touched = 0
    for o in officers:
        res = officer_unavailable(y, o, start, end, today, "planner")
        touched += res.touched
        for vid in res.restaffed:
            assert y.visits[vid].date == before[vid] and o not in y.visits[vid].officer_ids
        for m in res.moved:
            assert m["visit_id"] not in pinned and y.visits[m["visit_id"]].date != before[m["visit_id"]]
        for s in res.shortfalls:  # the visit is cancelled, or only the absent officer's agency leaves a joint visit
            v = y.visits[s["id"]]
            assert s["rule"] == "R-REPLAN" and s["team"] in s["binding"]
            assert v.status == "cancelled" or (s["agency"] not in v.agency_ids and v.agency_ids), (s, v)
            assert "R-REPLAN 未能保障" in v.reason and "R-REPLAN shortfall" in v.reason, v.reason  # both languages (walk13)
    assert touched > 0
    # in force at once, approved afterwards (R-REPLAN cannot wait; walk8: it read "submitted" while in force, and the
    # code page showed the new officers under "plan version 1, approved")
    from execution.notice import public_view

    replans = [ver for ver in y.versions if ver.kind == "replan"]
    assert replans and all(ver.state == "started" and ver in y.waiting() for ver in replans)
    restaffed = next(c["visit_id"] for ver in replans for c in ver.changes if c["action"] == "restaff")
    shown = public_view(y, y.visits[restaffed])["approval"]
    assert shown["version"] == max(ver.number for ver in replans if any(c.get("visit_id") == restaffed for c in ver.changes))
    assert shown["version_state"] == "started"
    for v in y.visits.values():
        if v.status != "cancelled" and start <= v.date <= end:
            assert not set(officers) & set(v.officer_ids)
    assert all(y.visits[vid].date == before[vid] for vid in pinned)
    assert independent_violations(y) == []
    # a suspension with its end date stops the officer those days only (walk13: five days taken as open-ended
    # cancelled a visit nine months later)
    o = next(o for o, vs in y.by_officer.items() if any(y.visits[v].date > dt.date(2027, 9, 1) for v in vs))
    later = {v: y.visits[v].date for v in y.by_officer[o] if y.visits[v].date > dt.date(2027, 5, 20)}
    officer_unavailable(y, o, dt.date(2027, 5, 10), dt.date(2027, 5, 14), dt.date(2027, 5, 10), "planner", kind="suspended")
    assert not [v for v in y.visits.values() if v.status != "cancelled" and dt.date(2027, 5, 10) <= v.date <= dt.date(2027, 5, 14)
                and o in v.officer_ids]
    assert all(o in y.visits[v].officer_ids and y.visits[v].status != "cancelled" for v in later)
    assert o not in y.suspended and y.counts_on(o, dt.date(2027, 5, 20))
    # a suspended certificate without an end date: the officer counts on no later visit
    o = next(o for o, vs in y.by_officer.items() if any(y.visits[v].date > dt.date(2027, 6, 1) for v in vs))
    officer_unavailable(y, o, dt.date(2027, 6, 1), None, dt.date(2027, 6, 1), "planner", kind="suspended")
    assert not [v for v in y.visits.values() if v.status != "cancelled" and v.date >= dt.date(2027, 6, 1) and o in v.officer_ids]
    assert independent_violations(y) == []


def test_a_notified_visit_restaffed_or_moved_by_a_leave_waits_for_a_new_notice(year: Year) -> None:
    """R-NOTICE: the notice served names the officers and the day. walk14: a leave re-staffed a notified visit and it
    stayed "notified", its served notice naming an officer who will not come. Now it is planned again (the week's
    notices print it anew), listed in `renotify`, with the reason in the audit; a planned visit it touches is not."""
    y = year
    today = dt.date(2027, 3, 1)
    busiest = Counter(o for v in y.visits.values() for o in v.officer_ids if dt.date(2027, 3, 2) <= v.date <= dt.date(2027, 3, 15))
    officer = busiest.most_common(1)[0][0]
    mine = sorted((v for v in y.visits.values() if officer in v.officer_ids and dt.date(2027, 3, 2) <= v.date <= dt.date(2027, 3, 15)
                   and v.status == "planned"), key=lambda v: v.date)
    assert len(mine) >= 2  # one notified, one left planned: the test can fail both ways
    notified, planned = mine[0], mine[1]
    notified.status = "notified"
    res = officer_unavailable(y, officer, dt.date(2027, 3, 2), dt.date(2027, 3, 15), today, "planner")
    changed = set(res.restaffed) | {m["visit_id"] for m in res.moved}
    assert notified.visit_id in changed, res.as_dict()
    assert notified.status == "planned" and res.renotify == [notified.visit_id] and res.as_dict()["renotify"] == [notified.visit_id]
    voids = [e for e in y.log if e["action"] == "visit.notice_void"]
    assert [e["visit_id"] for e in voids] == [notified.visit_id] and "须重新送达" in voids[0]["reason"]
    assert planned.visit_id not in res.renotify and planned.status in ("planned", "cancelled")


def test_leave_that_cannot_be_covered_drops_only_that_agency_from_a_joint_visit(year: Year) -> None:
    """R-REPLAN keeps what can be kept, R-PRIORITY: an enterprise's agencies that cannot all come on one day still come.
    A pinned joint visit whose one agency loses an officer nobody can replace keeps its other agencies."""
    y = year
    v = next(v for _, v in sorted(y.visits.items()) if v.mode == "onsite" and len(v.agency_ids) > 1 and v.status == "planned"
             and v.date > dt.date(2027, 2, 1))
    gone = v.agency_ids[0]
    others = {a: (v.teams[a], tuple(o for o in v.officer_ids if y.reg.officers[o].agency_id == a)) for a in v.agency_ids[1:]}
    absent = next(o for o in v.officer_ids if y.reg.officers[o].agency_id == gone)
    for team in y.reg.teams_for(gone, v.district_code):  # nobody of that agency can stand in on the day
        for o in y.reg.team_officers.get(team, []):
            if o != absent:
                y.extra_away.setdefault(o, set()).add(v.date)
    today = v.date - dt.timedelta(days=1)  # the day before: inside the freeze, the visit is pinned
    assert y.pinned(v, today)
    res = officer_unavailable(y, absent, v.date, v.date, today, "planner")
    assert [s["id"] for s in res.shortfalls] == [v.visit_id] and res.shortfalls[0]["agency"] == gone
    assert v.status == "planned" and gone not in v.agency_ids and absent not in v.officer_ids
    assert v.reason.startswith(f"R-REPLAN 未能保障（{gone}）：") and f" / R-REPLAN shortfall ({gone}): " in v.reason  # walk13
    from execution.notice import public_view

    # the code page names the change that cut the visit, not "plan version 1, approved" (walk13)
    assert public_view(y, v)["approval"]["version"] == res.version and res.version is not None
    assert {a: (v.teams[a], tuple(o for o in v.officer_ids if y.reg.officers[o].agency_id == a)) for a in v.agency_ids} == others
    assert all(y.reg.items[i]["agency_id"] != gone for i in v.item_ids) and v.lead_agency_id in v.agency_ids
    assert independent_violations(y) == []


def test_a_change_is_executed_only_once_approved_unless_urgent(year: Year) -> None:
    """R-APPROVE: only an approved plan is executed, and a change to it is a new version a leader approves; R-URGENT:
    an urgent triggered visit may start before approval. A non-urgent insertion is offered no slot today (it needs
    the leader first) and its visit cannot be recorded while its version is still submitted."""
    y = year
    items_of = lambda v: {i: "compliant" for i in v.item_ids}  # noqa: E731
    for t in (t for t in _triggers(y, 40) if not t.urgent):
        slots = propose(y, t, t.received_on)
        assert all(s.day > t.received_on for s in slots), "a non-urgent change must wait for approval"
        if slots:
            break
    new, ver = apply(y, t, slots[0], t.received_on, "planner")
    assert ver.state == "submitted"
    assert y.plan_dir is not None
    with (y.plan_dir / "selection.csv").open(encoding="utf-8") as f:
        tiers = {r["enterprise_id"]: r["tier"] for r in csv.DictReader(f)}
    assert new.tier == tiers[t.enterprise_id] and ver.changes[0]["tier"] == new.tier  # plan.md: the enterprise's tier
    with pytest.raises(YearError) as e:
        y.record(new.visit_id, new.date, list(new.officer_ids), items_of(new), Caller("planner"), today=new.date)
    assert (e.value.rule, e.value.status) == ("R-APPROVE", 409)
    assert f"年内调整第{ver.number - 1}次" in e.value.zh and f"in-year change {ver.number - 1}," in e.value.en  # as the board says
    assert new.visit_id not in y.records and y.visits[new.visit_id].status != "done"
    y.approve_version(ver.number, "leader", t.received_on)
    y.record(new.visit_id, new.date, list(new.officer_ids), items_of(new), Caller("planner"), today=new.date)
    assert y.visits[new.visit_id].status == "done"
    for u in (t for t in _triggers(y, 40) if t.urgent):  # urgent: started now, approved afterwards
        slots = propose(y, u, u.received_on)
        if slots:
            break
    new, ver = apply(y, u, slots[0], u.received_on, "planner")
    assert ver.state == "started"
    y.record(new.visit_id, new.date, list(new.officer_ids), items_of(new), Caller("planner"), today=new.date)
    assert y.visits[new.visit_id].status == "done" and ver in y.flagged()


def _a_visit(y: Year) -> str:
    return next(vid for vid, v in sorted(y.visits.items()) if v.mode == "onsite" and len(v.agency_ids) == 1)


def test_record_refuses_bad_input_and_stores_nothing(year: Year) -> None:
    y = year
    vid = _a_visit(y)
    v = y.visits[vid]
    items = {i: "compliant" for i in v.item_ids}
    other_agency = next(a for a in y.reg.agencies if a not in v.agency_ids)
    other_team = next(t for t in y.reg.teams if t not in v.teams.values())
    before = json.dumps(y.dump(), sort_keys=True, default=str)
    cases = [
        (dict(caller=Caller("x", agency_id=other_agency)), "R-TEAM"),  # not the caller's visit
        (dict(caller=Caller("x", team_id=other_team)), "R-TEAM"),
        (dict(on=dt.date(2028, 1, 3)), "R-RECORD"),  # outside the plan year
        (dict(outcomes={**items, v.item_ids[0]: "excellent"}), "R-RECORD"),  # no such outcome
        (dict(officer_ids=[v.officer_ids[0]]), "R-PAIR"),  # one officer
        (dict(outcomes={**items, v.item_ids[0]: "violation"}), "R-RECORD"),  # violation without a rectification deadline
        (dict(outcomes={**items, v.item_ids[0]: "violation"}, rectify_by=dt.date(9999, 12, 31)), "R-RECORD"),  # a deadline no one will see
        (dict(outcomes={**items, v.item_ids[0]: "violation"}, rectify_by=v.date + dt.timedelta(days=366)), "R-RECORD"),
        (dict(outcomes={**items, "no-such-item": "compliant"}), "R-ITEM"),
        (dict(outcomes={}), "R-RECORD"),  # nothing recorded
        (dict(outcomes={i: o for i, o in items.items() if i != v.item_ids[-1]}), "R-RECORD"),  # an item left out (walk15)
    ]
    for kw, rule in cases:
        args = dict(visit_id=vid, on=v.date, officer_ids=list(v.officer_ids), outcomes=items, caller=Caller("planner"), today=v.date)
        args.update(kw)
        with pytest.raises(YearError) as e:
            y.record(**args)  # type: ignore[arg-type]
        assert e.value.rule == rule, (kw, e.value)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in e.value.zh) and e.value.en
        assert json.dumps(y.dump(), sort_keys=True, default=str) == before
    y.record(vid, v.date, list(v.officer_ids), items, Caller("x", agency_id=v.agency_ids[0]), today=v.date)
    assert y.visits[vid].status == "done"
    with pytest.raises(YearError) as e:  # two records for one visit
        y.record(vid, v.date, list(v.officer_ids), items, Caller("planner"), today=v.date)
    assert e.value.status == 409


def test_lifecycle_and_overdue(year: Year) -> None:
    y = year
    vid = _a_visit(y)
    v = y.visits[vid]
    with pytest.raises(YearError):
        y.set_status(vid, "cancelled", v.date, "planner")  # a reason is required
    y.notify_week(None, v.date - dt.timedelta(days=v.date.weekday()), "planner")
    assert v.status == "notified"
    assert vid in y.mark_overdue(v.date + dt.timedelta(days=1))
    assert v.status == "overdue"
    with pytest.raises(YearError):
        y.set_status(vid, "planned", v.date, "planner")
    y.set_status(vid, "cancelled", v.date, "planner", reason="企业已注销")
    assert v.status == "cancelled" and any(e["action"] == "visit.cancelled" for e in y.log)
    y.plan_state = "submitted"
    with pytest.raises(YearError) as e:  # only an approved plan's visits move (R-APPROVE)
        y.set_status(_a_visit(y), "notified", v.date, "planner")
    assert e.value.rule == "R-APPROVE"


def test_deadlines_on_the_working_day_calendar(year: Year) -> None:
    y = year
    p = y.policy
    vid = _a_visit(y)
    v = y.visits[vid]
    item = v.item_ids[0]
    rect = y.reg.add_workdays(v.date, 20)
    y.record(vid, v.date, list(v.officer_ids), {**dict.fromkeys(v.item_ids, "compliant"), item: "violation"}, Caller("planner"),
             rectify_by=rect, today=v.date)
    due = {d.kind: d.due for d in all_deadlines(y)}
    wd = y.reg.workdays
    i = wd.index(v.date)
    assert due["feedback"] == wd[i + p.feedback_within_workdays]  # the visit day itself not counted
    assert due["transfer"] == wd[i + p.transfer_within_workdays]
    assert due["publish"] == wd[i + p.publish_results_within_workdays]
    assert "archive" not in due and "transfer_feedback" not in due
    complete(y, vid, "feedback", wd[i + p.feedback_within_workdays + 1], "planner")  # one day late
    with pytest.raises(YearError):
        complete(y, vid, "archive", wd[i + 30], "planner")  # not finished: the transfer's feedback is missing
    with pytest.raises(YearError):
        complete(y, vid, "transfer_feedback", wd[i + 3], "planner")  # no decision yet
    complete(y, vid, "transfer", wd[i + 2], "planner")
    complete(y, vid, "transfer_decision", wd[i + 8], "planner")
    complete(y, vid, "transfer_feedback", wd[i + 9], "planner")
    fin = wd[i + 9]
    due = {d.kind: d.due for d in all_deadlines(y)}
    assert due["transfer_feedback"] == wd[i + 8 + p.transfer_feedback_within_workdays]
    assert due["archive"] == fin + dt.timedelta(days=p.archive_within_days)  # calendar days (R-ARCHIVE)
    t = tally(y, wd[i + 40])
    assert t["feedback"] == {"due": 1, "met": 0, "late": 1}
    assert t["transfer"] == {"due": 1, "met": 1, "late": 0}
    b = board(y, wd[i + 40])
    assert [d.kind for d in b["late"]] == ["feedback", "publish"]  # feedback met late, publication overdue
    assert b["per_agency"][v.lead_agency_id]["feedback"]["late"] == 1


def test_case_review_redraws_with_the_standard_library(year: Year) -> None:
    y = year
    ids = []
    for vid, v in sorted(y.visits.items()):
        if v.date.month <= 3 and v.status == "planned" and len(ids) < 25:  # the first quarter's visits
            y.record(vid, v.date, list(v.officer_ids), {i: "compliant" for i in v.item_ids}, Caller("planner"), today=v.date)
            complete(y, vid, "feedback", v.date, "planner")
            complete(y, vid, "archive", dt.date(2027, 3, 31), "planner")
            ids.append(vid)
    drawn = case_review(y, "2027Q1", dt.date(2027, 3, 31), "leader")
    seed = y.policy.seed

    def key(c: str) -> float:
        h = hmac.new(seed.encode(), f"case|2027Q1|{c}".encode(), hashlib.sha256).digest()
        return math.log((int.from_bytes(h[:8], "big") + 0.5) / 2**64)

    expect = sorted(ids, key=lambda c: (-key(c), c))[: math.ceil(y.policy.case_review_ratio * len(ids))]
    assert len(ids) >= 10 and drawn == expect and len(drawn) == math.ceil(0.1 * len(ids))


def test_a_quarter_drawn_again_names_the_files_it_no_longer_draws(year: Year) -> None:
    """Walk15: a quarter drawn again after more files were archived silently dropped files picked before, whose review
    may be under way. The audit names them ("replaced"), and a draw that drops nothing names nothing."""
    from execution.casereview import draw_key

    y = year
    q1 = [vid for vid, v in sorted(y.visits.items()) if v.date.month <= 3 and v.status in ("planned", "overdue")][:30]
    for vid in q1:
        v = y.visits[vid]
        y.record(vid, v.date, list(v.officer_ids), {i: "compliant" for i in v.item_ids}, Caller("planner"), today=dt.date(2027, 3, 31))
        complete(y, vid, "feedback", v.date, "planner")
    by_key = sorted(q1, key=lambda c: draw_key(y.policy.seed, "2027Q1", c))  # lowest key (drawn last) first
    low, high = by_key[:len(by_key) // 2], by_key[len(by_key) // 2:]
    for vid in low:  # archived first: the files the draw cannot prefer
        complete(y, vid, "archive", dt.date(2027, 3, 31), "planner")
    first = case_review(y, "2027Q1", dt.date(2027, 3, 31), "leader")
    assert first and "replaced" not in y.log[-1]
    assert case_review(y, "2027Q1", dt.date(2027, 3, 31), "leader") == first and "replaced" not in y.log[-1]  # nothing new
    for vid in high:
        complete(y, vid, "archive", dt.date(2027, 3, 31), "planner")
    again = case_review(y, "2027Q1", dt.date(2027, 4, 1), "leader")
    assert len(q1) >= 10 and not set(first) & set(again)  # every higher key beats the first draw's
    assert y.case_reviews["2027Q1"] == again and y.log[-1]["replaced"] == first, y.log[-1]


def test_notice_pdf_one_page_per_visit(year: Year) -> None:
    from execution.notice import notice_pdf, public_view, week_visits

    y = year
    first = min(v.date for v in y.visits.values() if v.date >= dt.date(2027, 3, 1))  # a week that holds visits
    monday = first - dt.timedelta(days=first.weekday())
    ids = week_visits(y, None, monday)
    assert ids
    pdf = notice_pdf(y, ids, "http://example.test", monday)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= len(ids)
    view = public_view(y, y.visits[ids[0]])
    text = json.dumps(view, ensure_ascii=False)
    assert view["enterprise_id"] == y.visits[ids[0]].enterprise_id
    others = {v.enterprise_id for v in y.visits.values()} - {view["enterprise_id"]}
    assert not any(e in text for e in others)  # never another enterprise's data
    assert "risk" not in text and "officer_id" not in text


def test_the_notice_number_names_the_lead_agency_not_its_code(year: Year) -> None:
    """文号: walk13 read "gas检通〔2027〕…", an agency's id where the enterprise reads a name."""
    from execution.notice import notice_number

    v = next(v for v in year.visits.values() if len(v.agency_ids) > 1)  # a joint visit: the lead names it
    number = notice_number(year.reg.agencies, v)
    lead = year.reg.agencies[v.lead_agency_id]
    assert lead != v.lead_agency_id
    assert number == f"{lead}检通〔{v.date.year}〕{v.visit_id}号"
    assert not any(number.startswith(year.reg.agencies[a]) for a in v.agency_ids if a != v.lead_agency_id)


def test_a_cancelled_visit_gets_no_notice_and_names_no_officer(year: Year) -> None:
    """walk13: a visit cancelled by a suspension still printed a notice (200) summoning the enterprise and naming the
    suspended officer, and its code page listed the officers for the enterprise to check. R-NOTICE refuses it (409);
    the code page says cancelled and names nobody."""
    from execution.notice import notice_pdf, public_view

    y = year
    v = next(v for _, v in sorted(y.visits.items()) if v.mode == "onsite" and v.status == "planned" and v.date > dt.date(2027, 3, 1))
    assert public_view(y, v)["officers"]
    assert notice_pdf(y, [v.visit_id], "http://x", dt.date(2027, 3, 1)).startswith(b"%PDF")
    y.set_status(v.visit_id, "cancelled", dt.date(2027, 3, 1), "planner", reason="企业已停业")
    with pytest.raises(YearError) as e:
        notice_pdf(y, [v.visit_id], "http://x", dt.date(2027, 3, 1))
    assert e.value.status == 409 and e.value.rule == "R-NOTICE" and "已取消" in e.value.zh and "cancelled" in e.value.en
    view = public_view(y, v)
    assert view["status"] == "cancelled" and view["officers"] == []


def test_simulated_year_on_the_tiny_bureau(tiny_dir: Path, planned: Path, tmp_path: Path) -> None:
    out = tmp_path / "year"
    r = CliRunner().invoke(app, ["simulate-year", str(tiny_dir / "bundle"), "--out", str(out), "--truth", str(tiny_dir / "truth.csv"),
                                 "--seed", "3", "--greedy"])
    assert r.exit_code == 0, r.output
    rep = json.loads((out / "year-report.json").read_text(encoding="utf-8"))
    assert set(rep) == REPORT_KEYS
    detail = json.loads((out / "year-detail.json").read_text(encoding="utf-8"))
    with (planned / "visits.csv").open(encoding="utf-8") as f:
        planned_rows = list(csv.DictReader(f))
    assert rep["visits_planned"] == len(planned_rows)
    assert rep["pinned_moved"] == 0
    assert rep["inserted"] > 0 and rep["inserted"] + len(detail["insert_shortfalls"]) == detail["triggers"]
    assert rep["visits_done"] == rep["visits_planned"] + rep["inserted"] - len(detail["cancelled"])
    for kind, c in rep["deadlines"].items():
        assert c["due"] == c["met"] + c["late"], kind
        assert c["late"] == 0, kind  # the simulated staff keep every deadline; the calendar decides what "kept" means
    assert rep["deadlines"]["feedback"]["due"] == rep["visits_done"]
    assert rep["case_reviews"] >= 4  # one draw a quarter at least
    # every HARD rule still holds over the year as it ended (inserted, moved, re-staffed visits included)
    b0 = load_bundle(tiny_dir / "bundle")
    extend_calendar(b0)
    final = Year.load(b0, json.loads((out / "year-state.json").read_text(encoding="utf-8")))
    assert independent_violations(final) == []
    assert sum(1 for v in final.visits.values() if v.basis == "triggered" and v.visit_id.startswith("I")) == rep["inserted"]
    # R-LEARN: the next bundle holds this year's results. Its calendar has the days a calendar knows, never the
    # simulation's stand-in (foreign39 F4): where 2028 is unknown it does not validate until a bureau adds them
    nb = out / "next-bundle"
    gap = rep["next_bundle_calendar"]["missing_days"]
    assert gap == len(load_bundle(tiny_dir / "bundle").calendar.missing(year_days(2028)))
    if gap:
        assert "2028" in rep["next_bundle_calendar"]["en"] and "calendar.csv" in rep["next_bundle_calendar"]["zh"]
        r = CliRunner().invoke(app, ["validate", str(nb)])
        assert r.exit_code != 0 and "calendar" in r.output, r.output
        cal = pd.read_csv(nb / "calendar.csv", dtype=str)
        known = set(cal["date"])
        add = pd.DataFrame({"date": [d.isoformat() for d, w in standin_calendar(2028).items() if d.isoformat() not in known],
                            "workday": [str(w).lower() for d, w in standin_calendar(2028).items() if d.isoformat() not in known]})
        pd.concat([cal, add]).to_csv(nb / "calendar.csv", index=False, lineterminator="\n")  # the bureau adds the notice's days
    r = CliRunner().invoke(app, ["validate", str(nb)])
    assert r.exit_code == 0, r.output
    b = load_bundle(nb)
    assert b.year == 2028
    this_year = b.inspections[b.inspections.inspected_on.dt.year == 2027]
    assert len(this_year) >= rep["visits_done"]
    assert set(this_year.outcome) <= {"compliant", "minor", "violation", "serious"}
    # export-history gives the same rows from the saved state
    r = CliRunner().invoke(app, ["export-history", str(tiny_dir / "bundle"), "--state", str(out / "year-state.json"), "--out", str(tmp_path / "h")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "h" / "inspections.csv").read_text(encoding="utf-8") == (nb / "inspections.csv").read_text(encoding="utf-8")


def test_a_refused_record_names_the_officer_who_does_not_count_and_why(year: Year) -> None:
    """Walk15: leave, a suspension and a recusal all read "fewer than 2 certified officers"; the officer named and why."""
    y = year
    vid = _a_visit(y)
    v = y.visits[vid]
    items = {i: "compliant" for i in v.item_ids}
    away = v.officer_ids[1]
    y.extra_away.setdefault(away, set()).add(v.date)
    try:
        with pytest.raises(YearError) as e:
            y.record(vid, v.date, list(v.officer_ids), items, Caller("planner"), today=v.date)
    finally:
        y.extra_away[away].discard(v.date)
    name = y.reg.officers[away].name
    assert e.value.rule == "R-PAIR" and f"{name}（{away}）{v.date} 不可用" in e.value.zh and f"{name} ({away}) is away on {v.date}" in e.value.en
    assert v.officer_ids[0] not in e.value.zh  # the one who counts is not blamed
    assert y._not_counted(v.officer_ids[0], y.reg.officers[v.officer_ids[0]].agency_id, v, v.date) is None


def test_a_step_entered_after_its_due_day_reads_late_however_it_is_dated(year: Year) -> None:
    """Walk15: feedback overdue on the board was entered weeks later dated within its limit, and read 按时办结 met with
    no trace. The day entered is kept beside the day claimed; a step entered after its due day is `late_entry`, counted
    late on the board and in the tally; a step entered on its own day stays `met`."""
    y = year
    vid = _a_visit(y)
    v = y.visits[vid]
    y.record(vid, v.date, list(v.officer_ids), dict.fromkeys(v.item_ids, "compliant"), Caller("planner"), today=v.date)
    due = {d.kind: d.due for d in deadlines_of_visit(y, vid)}
    assert due["feedback"] and due["publish"]
    weeks_later = due["feedback"] + dt.timedelta(days=20)
    complete(y, vid, "feedback", v.date, "planner", today=weeks_later)  # claimed on the visit's day, entered weeks later
    complete(y, vid, "publish", v.date, "planner", today=v.date)  # entered on its day
    state = {d.kind: d for d in deadlines_of_visit(y, vid)}
    assert state["feedback"].entered_on == weeks_later and state["feedback"].state(weeks_later) == "late_entry"
    assert state["publish"].entered_on is None and state["publish"].state(weeks_later) == "met"
    late = [(d.visit_id, d.kind) for d in board(y, weeks_later)["late"]]
    assert (vid, "feedback") in late and (vid, "publish") not in late
    assert Year.load(y.reg.bundle, y.dump()).entered == {vid: {"feedback": weeks_later.isoformat()}}


def test_one_officer_named_twice_is_not_a_pair(year: Year) -> None:
    """R-PAIR: [o, o] counted as two officers; the record was stored (found by tests/test_bad_input.py's sweep)."""
    y = year
    vid = _a_visit(y)
    v = y.visits[vid]
    items = {i: "compliant" for i in v.item_ids}
    before = json.dumps(y.dump(), sort_keys=True, default=str)
    a, b = v.officer_ids[0], v.officer_ids[1]
    for officers, twice in (([a, a], a), ([b, a, b], b)):
        with pytest.raises(YearError) as e:
            y.record(vid, v.date, officers, items, Caller("planner"), today=v.date)
        assert (e.value.field, e.value.rule) == ("officer_ids", "R-PAIR") and twice in e.value.zh and twice in e.value.en
        assert json.dumps(y.dump(), sort_keys=True, default=str) == before
    y.record(vid, v.date, list(v.officer_ids), items, Caller("planner"), today=v.date)  # the pair itself still records


def test_a_case_review_of_a_quarter_outside_the_year_stores_nothing(year: Year) -> None:
    """'0000Q1' and '9999Q4' match the form's pattern; the draw (of nothing) was stored and audited (HTTP 200)."""
    y = year
    before = json.dumps(y.dump(), sort_keys=True, default=str)
    for quarter in ("0000Q1", "9999Q4", f"{y.reg.year - 1}Q4"):
        with pytest.raises(YearError) as e:
            case_review(y, quarter, dt.date(y.reg.year, 3, 31), "leader")
        assert (e.value.field, e.value.rule) == ("quarter", "R-CASE-REVIEW") and quarter in e.value.zh and quarter in e.value.en
        assert json.dumps(y.dump(), sort_keys=True, default=str) == before
    case_review(y, f"{y.reg.year + 1}Q1", dt.date(y.reg.year + 1, 3, 31), "leader")  # December's files are archived in the next year's Q1


def test_notices_of_a_week_far_outside_the_year_are_refused_not_an_overflow(year: Year) -> None:
    from execution.notice import week_visits

    for monday in (dt.date(9999, 12, 27), dt.date(1, 1, 1)):  # 9999-12-27 + 7 days overflowed: HTTP 500
        with pytest.raises(YearError) as e:
            week_visits(year, None, monday)
        assert e.value.field == "week" and str(monday) in e.value.en
    assert week_visits(year, None, dt.date(year.reg.year - 1, 12, 28)) == week_visits(year, None, dt.date(year.reg.year, 1, 1))


def test_a_trigger_id_already_held_by_another_enterprises_trigger_is_refused(year: Year) -> None:
    """The id was kept with the other enterprise's trigger (setdefault) and the new visit pointed at it (R-BASIS)."""
    y = year
    t = next(t for t in _triggers(y, 40) if propose(y, t, t.received_on))
    taken = next(old for old in y.triggers.values() if old.enterprise_id != t.enterprise_id)  # a trigger of triggers.csv
    before = json.dumps(y.dump(), sort_keys=True, default=str)
    clash = dataclasses.replace(t, trigger_id=taken.trigger_id)
    for call in (lambda: propose(y, clash, t.received_on), lambda: apply(y, clash, propose(y, t, t.received_on)[0], t.received_on, "planner")):
        with pytest.raises(YearError) as e:
            call()
        assert (e.value.field, e.value.rule) == ("trigger_id", "R-BASIS") and taken.trigger_id in e.value.en and taken.enterprise_id in e.value.zh
        assert json.dumps(y.dump(), sort_keys=True, default=str) == before
    new, _ = apply(y, t, propose(y, t, t.received_on)[0], t.received_on, "planner")  # under its own id it is inserted
    assert y.triggers[new.trigger_id].enterprise_id == new.enterprise_id


def test_urgent_slots_come_earliest_day_first(year: Year) -> None:
    """R-URGENT: an urgent trigger cannot wait, so its slots are offered earliest day first (a quieter team-week later
    is no better); a non-urgent one's by cost (moves, disturbance, load), where a later day may come first."""
    y = year
    later_first = 0
    for u in (t for t in _triggers(y, 40) if t.urgent):
        slots = propose(y, u, u.received_on, k=50)
        days = [s.day for s in slots]
        assert days == sorted(days), u.trigger_id
        calm = propose(y, dataclasses.replace(u, urgent=False), u.received_on, k=50)
        later_first += [s.day for s in calm] != sorted(s.day for s in calm)
    assert later_first > 0  # the two orders differ on this bureau, so the test can tell them apart


def test_an_urgent_trigger_never_cancels_a_visit_to_gain_a_day() -> None:
    """Slot.key: for an urgent trigger an earlier day beats fewer moves and a quieter week, but not a visit given way
    (R-PRIORITY): a free slot tomorrow comes before a slot today that cancels a sampled visit's part."""
    from execution.insert import Move, Slot

    today, tomorrow = dt.date(2027, 3, 1), dt.date(2027, 3, 2)
    cancels = Slot(today, "t1", ("a", "b"), displaced=[{"visit_id": "V1", "agency_id": "hb", "enterprise_id": "E", "date": "2027-03-09",
                                                        "basis": "sampled"}])
    moves = Slot(today, "t1", ("a", "b"), moves=[Move("V2", today, tomorrow, ("a",), ("c",))])
    free_later = Slot(tomorrow, "t2", ("c", "d"), spread=3.0)
    assert sorted([cancels, free_later, moves], key=lambda s: s.key(urgent=True)) == [moves, free_later, cancels]
    assert sorted([cancels, free_later, moves], key=lambda s: s.key(urgent=False)) == [free_later, moves, cancels]


def test_a_year_runs_once_someone_acts_on_it_not_when_it_is_read(year: Year) -> None:
    """api.services.year_started (publishing a replacement plan is refused once the year runs): a stored year holds
    version 1 and the bundle's triggers from its first read, and any read flags past unrecorded visits overdue —
    none of that is an act. A notice served, a record, a cancellation or an in-year version is (review8: opening the
    board once made every replacement plan unpublishable)."""
    from api.services import year_started

    y = year
    assert y.versions and y.triggers  # what every stored year holds
    assert not year_started(y.dump())
    y.mark_overdue(y.reg.workdays[40])
    assert any(v.status == "overdue" for v in y.visits.values()) and not year_started(y.dump())
    planned = next(v for v in y.visits.values() if v.status == "planned")
    y.set_status(planned.visit_id, "notified", planned.date - dt.timedelta(days=3), "planner")
    assert year_started(y.dump())


def test_an_unapproved_change_gets_no_notice_and_waits_on_the_board(year: Year) -> None:
    """R-NOTICE (notices from the approved plan) and R-APPROVE: a non-urgent insertion's visit is listed among the
    changes waiting for a leader (Year.waiting, the board's approve buttons) and gets no notice, alone or in its week's
    batch, until it is approved (walk8: the notice was printed and served; the board had no button for it)."""
    from execution.notice import notice_pdf, week_visits

    y = year
    for t in (t for t in _triggers(y, 40) if not t.urgent):
        slots = propose(y, t, t.received_on)
        if slots:
            break
    new, ver = apply(y, t, slots[0], t.received_on, "planner")
    assert new.mode == "onsite" and ver.state == "submitted" and ver in y.waiting()
    team = next(iter(new.teams.values()))
    assert new.visit_id not in week_visits(y, team, new.date)
    with pytest.raises(YearError) as e:
        notice_pdf(y, [new.visit_id], "http://x", t.received_on)
    assert e.value.rule == "R-APPROVE" and f"年内调整第{ver.number - 1}次" in e.value.zh
    # past its day and still unapproved: not overdue, since it may not be recorded yet (walk13)
    after = new.date + dt.timedelta(days=2)
    assert new.visit_id not in y.mark_overdue(after) and new.status == "planned"
    assert new.visit_id not in board(y, after)["overdue_visits"]
    y.approve_version(ver.number, "leader", t.received_on)
    assert ver not in y.waiting() and new.visit_id in week_visits(y, team, new.date)
    assert notice_pdf(y, [new.visit_id], "http://x", t.received_on).startswith(b"%PDF")


def test_the_code_page_names_the_officers_who_came(year: Year) -> None:
    """R-CODE: once a visit is recorded, its code shows the officers recorded as present, not the pair planned (walk8:
    an enterprise checking afterwards read names of officers who never came)."""
    from execution.notice import public_view

    y = year
    for v in sorted((v for v in y.visits.values() if v.mode == "onsite" and len(v.agency_ids) == 1), key=lambda v: v.date):
        team = v.teams[v.agency_ids[0]]
        spare = [o for o in y.reg.team_officers.get(team, []) if o not in v.officer_ids]
        for o in spare:
            came = [*v.officer_ids[:-1], o]
            try:
                y.record(v.visit_id, v.date, came, dict.fromkeys(v.item_ids, "compliant"), Caller("planner"), today=v.date)
            except YearError:
                continue
            names = {x["name"] for x in public_view(y, v)["officers"]}
            assert names == {y.reg.officers[x].name for x in came} and y.reg.officers[v.officer_ids[-1]].name not in names
            return
    pytest.fail("no visit could be recorded with another officer of its team")


def test_a_cancellation_is_a_change_a_leader_signs(year: Year) -> None:
    """R-APPROVE: a planner's cancellation (企业已注销) takes effect at once and is a version `started`, waiting on the
    board for a leader (walk8: a mandatory visit was cancelled by a planner alone); a refused one makes no version."""
    y = year
    v = next(v for v in y.visits.values() if v.basis == "mandatory" and v.status == "planned")
    n = len(y.versions)
    with pytest.raises(YearError):
        y.cancel_visit(v.visit_id, v.date, "planner", "  ")  # no reason: refused, nothing made
    assert len(y.versions) == n and v.status == "planned"
    y.cancel_visit(v.visit_id, v.date, "planner", "企业已注销")
    ver = y.versions[-1]
    assert v.status == "cancelled" and len(y.versions) == n + 1
    assert (ver.kind, ver.state, ver.created_by) == ("cancel", "started", "planner") and ver in y.waiting()
    assert ver.changes == [{"action": "cancel", "visit_id": v.visit_id, "basis": "mandatory", "reason": "企业已注销", "was": "planned"}]
    y.approve_version(ver.number, "leader", v.date)
    assert ver not in y.waiting()


# ---- a leader rejects an in-year change (R-APPROVE) -----------------------------------------------------------------
def _state(y: Year) -> dict[str, tuple[object, ...]]:
    return {vid: (v.date, v.officer_ids, v.agency_ids, v.status) for vid, v in y.visits.items()}


def test_a_rejected_insertion_is_undone_and_its_trigger_is_open_again(year: Year) -> None:
    """R-APPROVE: a leader who refuses an inserted complaint's change (with a reason) gets the plan back as it was —
    the inserted visit cancelled, the visits moved for it on their days with their officers — every HARD rule kept,
    and the trigger open on the board for the planner to place again (R-TRIGGER stays HARD)."""
    y = year
    t, _team, _days = _full_window(y, after_rest_day=True)
    today = t.received_on
    caps = {tm: 99 for tm in y.reg.teams}
    slots = [s for s in propose(y, t, today) if s.moves]
    assert slots and all(m.from_date > today for s in slots for m in s.moves)
    before = _state(y)
    new, ver = apply(y, t, slots[0], today, "planner")
    assert _state(y) != {**before, new.visit_id: _state(y)[new.visit_id]}, "the insertion moved visits"
    for bad, who in (("", "leader"), ("不同意", "planner")):  # no reason; the planner who made it: refused, nothing changes
        with pytest.raises(YearError):
            y.reject_version(ver.number, who, today, bad)
    assert ver.state == "started" and y.visits[new.visit_id].status == "planned"
    assert t.trigger_id not in {x.trigger_id for x in y.open_triggers()}
    y.reject_version(ver.number, "leader", today, "该投诉已由信访部门办结")
    assert (ver.state, ver.rejected_by, ver.comment, ver.kept) == ("rejected", "leader", "该投诉已由信访部门办结", [])
    after = _state(y)
    assert after[new.visit_id][3] == "cancelled"
    assert {k: v for k, v in after.items() if k != new.visit_id} == before, "every moved visit is back on its day with its officers"
    assert independent_violations(y, caps) == []
    assert ver not in y.waiting() and t.trigger_id in {x.trigger_id for x in y.open_triggers()}
    assert any(e["action"] == "version.reject" and e["comment"] == "该投诉已由信访部门办结" for e in y.log)
    with pytest.raises(YearError) as e:
        y.reject_version(ver.number, "leader", today, "again")
    assert e.value.status == 409
    assert propose(y, t, today), "the planner can place the trigger again"


def test_a_rejection_leaves_what_cannot_be_undone_and_says_why(year: Year) -> None:
    """What has happened since stays, named with its rule: a moved visit notified since (R-INSERT), an urgent visit
    already done (R-URGENT)."""
    y = year
    t, _team, _days = _full_window(y)
    s = next(s for s in propose(y, t, t.received_on) if s.moves)
    new, ver = apply(y, t, s, t.received_on, "planner")
    y.record(new.visit_id, new.date, list(new.officer_ids), {i: "compliant" for i in new.item_ids}, Caller("planner"), today=new.date)
    moved = y.visits[s.moves[0].visit_id]
    moved.status = "notified"
    y.reject_version(ver.number, "leader", new.date, "不应挤占原计划")
    kept = {k["visit_id"]: k["rule"] for k in ver.kept}
    assert kept[new.visit_id] == "R-URGENT" and y.visits[new.visit_id].status == "done"
    assert kept[moved.visit_id] == "R-INSERT" and moved.date == s.moves[0].to_date
    assert all(k["why_zh"] and k["why"] for k in ver.kept)
    assert t.trigger_id not in {x.trigger_id for x in y.open_triggers()}, "a visit done answers the trigger"


def test_a_rejected_give_way_brings_the_sampled_visit_back(year: Year) -> None:
    """R-PRIORITY undone: the sampled visit that gave its officers' budget to the trigger comes back whole once the
    insertion is refused, and its shortfall goes; budgets still hold (plan.md invariant 3)."""
    y = year
    budgets = _full_budgets(y)
    for t in _triggers(y, 12):
        slots = [s for s in propose(y, t, t.received_on) if s.displaced]
        if slots:
            break
    else:
        raise AssertionError("no slot with a visit giving way")
    before = _state(y)
    new, ver = apply(y, t, slots[0], t.received_on, "planner")
    gave = slots[0].displaced[0]["visit_id"]
    assert _state(y)[gave] != before[gave] and any(x["rule"] == "R-PRIORITY" and x["visit_id"] == gave for x in y.shortfalls)
    y.reject_version(ver.number, "leader", t.received_on, "抽查不应让位")
    assert ver.kept == [] and {k: v for k, v in _state(y).items() if k != new.visit_id} == before
    assert not any(x["rule"] == "R-PRIORITY" and x["visit_id"] == gave for x in y.shortfalls)
    assert independent_violations(y, budgets=budgets) == []


def test_a_rejected_cancellation_plans_the_visit_again_where_lawful(year: Year) -> None:
    """A leader refusing a planner's cancellation gets the visit back, unless its return breaks a HARD rule — then the
    refusal is still recorded and the visit stays cancelled, named with the rule (R-AVAIL: its officer is away now)."""
    y = year
    a, b = [v for v in y.visits.values() if v.basis == "mandatory" and v.status == "planned" and v.mode == "onsite"][:2]
    for v in (a, b):
        y.cancel_visit(v.visit_id, v.date - dt.timedelta(days=10), "planner", "企业已注销")
    ver_a, ver_b = y.versions[-2], y.versions[-1]
    y.reject_version(ver_a.number, "leader", a.date - dt.timedelta(days=9), "经核实企业仍在经营")
    assert a.status == "planned" and ver_a.kept == [] and ver_a.state == "rejected"
    y.extra_away.setdefault(b.officer_ids[0], set()).add(b.date)
    y.reject_version(ver_b.number, "leader", b.date - dt.timedelta(days=9), "经核实企业仍在经营")
    assert b.status == "cancelled" and ver_b.state == "rejected" and ver_b.kept[0]["rule"] == "R-AVAIL"
    assert independent_violations(y) == []


def test_a_replan_is_approved_not_rejected(year: Year) -> None:
    """R-REPLAN follows an officer's absence; no signature undoes the absence, so a re-plan is refused rejection (409)."""
    y = year
    v = next(v for v in y.visits.values() if v.status == "planned" and v.mode == "onsite" and v.date > y.reg.workdays[30])
    res = officer_unavailable(y, v.officer_ids[0], v.date, v.date, v.date - dt.timedelta(days=5), "planner", "leave")
    assert res.version
    with pytest.raises(YearError) as e:
        y.reject_version(res.version, "leader", v.date, "不同意")
    assert (e.value.rule, e.value.status) == ("R-REPLAN", 409) and y.versions[res.version - 1].state == "started"


def test_a_trigger_is_open_only_without_a_visit_standing(year: Year) -> None:
    """open_triggers: a trigger whose visit a planner cancelled (the firm is gone) is answered, not open; one never
    placed is open."""
    y = year
    v = next(v for v in y.visits.values() if v.basis == "triggered" and v.status == "planned")
    y.cancel_visit(v.visit_id, v.date - dt.timedelta(days=3), "planner", "企业已注销")
    assert v.trigger_id not in {t.trigger_id for t in y.open_triggers()}
    y.triggers["LOOSE1"] = Trigger("LOOSE1", v.enterprise_id, v.lead_agency_id, v.date, "complaint")
    assert "LOOSE1" in {t.trigger_id for t in y.open_triggers()}


def test_the_code_page_of_a_visit_put_back_names_the_plan_not_the_rejected_change(year: Year) -> None:
    """R-CODE: once a rejection puts a moved visit back, the code resolves to the approval that holds it (the plan),
    while the inserted visit's code says its change was rejected (已退回)."""
    from execution.notice import public_view

    y = year
    t, _team, _days = _full_window(y, after_rest_day=True)
    s = next(s for s in propose(y, t, t.received_on) if s.moves)
    new, ver = apply(y, t, s, t.received_on, "planner")
    moved = y.visits[s.moves[0].visit_id]
    assert public_view(y, moved)["approval"]["version"] == ver.number
    # walk9: the firm whose visit was only moved is not told another firm's complaint was urgent (R-PUBLISH)
    assert public_view(y, moved)["approval"]["urgent_pending"] is False and public_view(y, new)["approval"]["urgent_pending"] is True
    y.reject_version(ver.number, "leader", t.received_on, "不同意")
    assert public_view(y, moved)["approval"]["version"] == 1 and moved.date == s.moves[0].from_date
    assert public_view(y, new)["approval"] == {"plan_state": "approved", "version": ver.number, "version_state": "rejected", "urgent_pending": False, "stands": False}
    assert public_view(y, new)["status"] == "cancelled"


def test_walk9_a_never_approved_insertion_is_cancelled_on_rejection_whatever_its_date(year: Year) -> None:
    """Walk9: a non-urgent insertion left waiting past its day read overdue and a rejection kept it ("may have taken
    place"), after which it could be recorded and published. Never approved, it was never noticed nor recorded
    (R-APPROVE): the rejection cancels it."""
    y = year
    for t in (t for t in _triggers(y, 40) if not t.urgent):
        slots = propose(y, t, t.received_on)
        if slots:
            break
    new, ver = apply(y, t, slots[0], t.received_on, "planner")
    assert ver.state == "submitted"
    y.mark_overdue(new.date + dt.timedelta(days=1))
    assert new.status == "planned"  # not overdue while it may not be recorded (walk13)
    y.reject_version(ver.number, "leader", new.date + dt.timedelta(days=1), "不需检查")
    assert new.status == "cancelled" and all(k["visit_id"] != new.visit_id for k in ver.kept)


def test_walk9_a_visit_is_done_only_through_its_record(year: Year) -> None:
    """R-RECORD: walk9 marked a visit done by its status alone — no record, no history row, the code page said done."""
    y = year
    v = next(v for v in y.visits.values() if v.status == "planned")
    with pytest.raises(YearError) as e:
        y.set_status(v.visit_id, "done", v.date, "planner")
    assert (e.value.rule, e.value.status, v.status) == ("R-RECORD", 409, "planned")
    y.record(v.visit_id, v.date, list(v.officer_ids), {i: "compliant" for i in v.item_ids}, Caller("planner"), today=v.date)
    assert v.status == "done"


def test_walk9_a_rejected_cancellation_of_a_past_visit_is_placed_ahead(year: Year) -> None:
    """Walk9: a cancellation rejected after the visit's day came back "overdue", owed a record of a visit nobody made.
    It goes to the nearest lawful day after the freeze instead, every HARD rule kept."""
    y = year
    v = next(v for v in y.visits.values() if v.basis == "mandatory" and v.status == "planned" and v.mode == "onsite"
             and y.reg.workdays[20] < v.date < y.reg.workdays[-40])
    y.cancel_visit(v.visit_id, v.date - dt.timedelta(days=3), "planner", "企业停业")
    ver = y.versions[-1]
    today = v.date + dt.timedelta(days=7)
    y.reject_version(ver.number, "leader", today, "企业已复业")
    assert v.status == "planned" and v.date > y.freeze_until(today) and ver.kept == []
    assert independent_violations(y) == []


def test_walk9_refusals_name_the_change_as_the_board_does(year: Year) -> None:
    """年内调整第n次 in every refusal (walk9: "版本 8 为 rejected", "年内调整第0次为 approved")."""
    y = year
    with pytest.raises(YearError) as e:
        y.reject_version(1, "leader", y.reg.workdays[0], "x")
    assert "年度计划（第1版）已批准" in e.value.zh and "version 1" in e.value.en
    v = next(v for v in y.visits.values() if v.status == "planned")
    y.cancel_visit(v.visit_id, v.date - dt.timedelta(days=3), "planner", "企业已注销")
    ver = y.versions[-1]
    y.approve_version(ver.number, "leader", v.date)
    with pytest.raises(YearError) as e:
        y.approve_version(ver.number, "leader", v.date)
    assert f"年内调整第{ver.number - 1}次已批准" in e.value.zh and f"in-year change {ver.number - 1} is approved" in e.value.en
