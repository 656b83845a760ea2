"""R-EXPLAIN: a requirement no team could meet at all names what really stops it (scheduler/reasons.py `officer_cause`).

foreign33 (bureaus another author made from the spec alone) read "R-CERT" on complaints whose officers' certificates
ran to 2029 while both were on leave (F4), and "every certified officer of its eligible teams is recused" where each
team kept one officer free but a visit needs two of one team (F3). Each cause is tested where it binds and where it
does not: certificates, then recusals, then leave."""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from bundle import load_bundle
from scheduler.output import write_plan
from scheduler.plan import Plan, PlanOptions, make_plan
from scheduler.reasons import officer_cause
from scheduler.requirements import Entry


def _placed_onsite(plan: Plan, mode: str = "onsite") -> Entry:
    """A placed agency-visit of this mode whose window is more than a day, every team of its agency with k officers or more."""
    k = plan.bundle.policy.officers_per_agency_on_visit
    for p in plan.placed:
        e = p.entry
        st = plan.states[e.district]
        if e.mode == mode and e.window[1] > e.window[0] and all(len(s.officers) >= k for s in st.part.slices[e.agencies[0]]):
            return e
    raise AssertionError("no such visit in the tiny bureau")


def _officers(plan: Plan, e: Entry) -> list[list[str]]:
    return [list(s.officers) for s in plan.states[e.district].part.slices[e.agencies[0]]]


@pytest.fixture()
def case(tiny_dir: Path) -> tuple[Plan, Entry]:
    """A fresh plan each test: the tests change its officers' certificates, recusals and presence in place (a city
    officer's sets and arrays are shared by every district's share)."""
    plan = make_plan(load_bundle(tiny_dir / "bundle"), PlanOptions(processes=1, use_solver=False))
    return plan, _placed_onsite(plan)


def _recuse(plan: Plan, officers: list[str], enterprise: str) -> None:
    for st in plan.states.values():
        for o in officers:
            st.staff.recused[o] = st.staff.recused.get(o, set()) | {enterprise}


def _away(plan: Plan, officers: list[str], lo: int, hi: int) -> None:
    for st in plan.states.values():
        for o in officers:
            if o in st.staff.available:
                st.staff.available[o] = st.staff.available[o].copy()
                st.staff.available[o][lo:hi + 1] = False


def _expire(plan: Plan, officers: list[str], on: dt.date) -> None:
    f = plan.bundle.officers
    f.loc[f.officer_id.isin(officers), "certificate_expires_on"] = pd.Timestamp(on)


def test_certificates_that_lapse_before_the_window_are_r_cert(case: tuple[Plan, Entry]) -> None:
    plan, e = case
    before = plan.bundle.workdays[e.window[0]] - dt.timedelta(days=1)
    _expire(plan, [o for team in _officers(plan, e) for o in team[1:]], before)  # one certified officer a team
    zh, en, rule = officer_cause(plan, e)  # type: ignore[misc]
    assert rule == "R-CERT" and "valid certificate" in en and "持有效执法证的人员均不足2名" in zh


OTHER_DISTRICTS = "belonged to other districts"  # no cause among the officers: what is left is the team's days


def test_a_certificate_lapsing_on_the_windows_last_day_still_counts(case: tuple[Plan, Entry]) -> None:
    """Valid through its expiry date (R-CERT: "valid on the visit date"): not the cause."""
    plan, e = case
    last = plan.bundle.workdays[e.window[1]]
    _expire(plan, [o for team in _officers(plan, e) for o in team[1:]], last)
    zh, en, rule = officer_cause(plan, e)  # type: ignore[misc]
    assert rule == "R-AVAIL" and en.endswith(OTHER_DISTRICTS) and "已分给其他辖区" in zh


def test_one_free_officer_a_team_is_recusal_and_says_a_visit_needs_two_of_one_team(case: tuple[Plan, Entry]) -> None:
    plan, e = case
    _recuse(plan, [o for team in _officers(plan, e) for o in team[1:]], e.enterprise_id)
    zh, en, rule = officer_cause(plan, e)  # type: ignore[misc]
    assert rule == "R-RECUSE"
    assert "more than 1 certified officer(s) who may go" in en and "needs 2 of one team" in en and "is recused" not in en
    assert "至多1名" in zh and "同队2名" in zh


def test_every_officer_recused_says_so(case: tuple[Plan, Entry]) -> None:
    plan, e = case
    _recuse(plan, [o for team in _officers(plan, e) for o in team], e.enterprise_id)
    zh, en, rule = officer_cause(plan, e)  # type: ignore[misc]
    assert rule == "R-RECUSE" and "every certified officer" in en and "均须回避" in zh


def test_recusals_from_another_enterprise_are_not_the_cause(case: tuple[Plan, Entry]) -> None:
    plan, e = case
    _recuse(plan, [o for team in _officers(plan, e) for o in team], e.enterprise_id + "X")
    assert officer_cause(plan, e)[1].endswith(OTHER_DISTRICTS)  # type: ignore[index]


def test_every_officer_away_through_the_window_is_leave(case: tuple[Plan, Entry]) -> None:
    plan, e = case
    _away(plan, [o for team in _officers(plan, e) for o in team], *e.window)
    zh, en, rule = officer_cause(plan, e)  # type: ignore[misc]
    assert rule == "R-AVAIL" and en.endswith("present together (leave)") and "休假" in zh


def test_one_officer_a_team_is_enough_for_a_remote_check(case: tuple[Plan, Entry]) -> None:
    """A remote check needs one officer (R-REMOTE), a visit on site k of one team (R-PAIR): one certified officer a team
    is no certificate cause for the first; none is."""
    plan, _ = case
    e = _placed_onsite(plan, "remote")
    before = plan.bundle.workdays[e.window[0]] - dt.timedelta(days=1)
    officers = _officers(plan, e)
    _expire(plan, [o for team in officers for o in team[1:]], before)
    assert officer_cause(plan, e)[1].endswith(OTHER_DISTRICTS)  # type: ignore[index]
    _expire(plan, [team[0] for team in officers], before)
    zh, en, rule = officer_cause(plan, e)  # type: ignore[misc]
    assert rule == "R-CERT" and "1 officer(s) of one eligible team" in en and "不足1名" in zh


def test_a_complaint_whose_officers_are_all_on_leave_is_r_avail_in_plan_json(tiny_dir: Path, tmp_path: Path) -> None:
    """End to end: every officer of the agency on leave through a complaint's window. The part tags it R-CERT (no
    officer present), the shortfall says leave, R-AVAIL; with one officer back for a day it is placed."""
    import shutil

    src = tiny_dir / "bundle"
    plan = make_plan(load_bundle(src), PlanOptions(processes=1, use_solver=False))
    e = next(x for x in plan.req.entries if x.trigger_id and x.mode == "onsite")  # a complaint of the plan year
    assert e.key not in plan.unplaced
    officers = [o for team in _officers(plan, e) for o in team]
    lo, hi = plan.bundle.workdays[e.window[0]], plan.bundle.workdays[e.window[1]]

    def with_leave(folder: Path, who: list[str]) -> Plan:
        shutil.copytree(src, folder)
        path = folder / "unavailability.csv"
        rows = list(csv.reader(path.open(encoding="utf-8"))) if path.exists() else [["officer_id", "start_on", "end_on", "reason"]]
        rows += [[o, lo.isoformat(), hi.isoformat(), "leave"] for o in who]
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        out = make_plan(load_bundle(folder), PlanOptions(processes=1, use_solver=False))
        write_plan(out, folder / "plan")
        return out

    away = with_leave(tmp_path / "away", officers)
    shortfalls = json.loads((tmp_path / "away" / "plan" / "plan.json").read_text(encoding="utf-8"))["shortfalls"]
    (mine,) = [s for s in shortfalls if s.get("id") == e.trigger_id]
    assert mine["rule"] == "R-AVAIL" and mine["found"] == "before solving" and mine["binding"].endswith("present together (leave)")
    assert "休假" in mine["binding_zh"]
    # a complaint no plan could meet holds nothing back (R-PRIORITY): the sampled walk of its agency goes on there
    assert not [eid for eid, why in away.sel.skipped.items() if why.startswith("R-PRIORITY")]
    assert any(p.entry.basis == "sampled" and p.entry.district == e.district and e.agencies[0] in p.entry.agencies for p in away.placed)
    # the same with two officers of one team at work: the complaint is met
    back = with_leave(tmp_path / "back", officers[2:])
    assert e.key not in back.unplaced and any(p.entry.key == e.key for p in back.placed)
