"""mut49: mutation round on what mut47 planned and never ran — R-FOLLOW's rows and deadlines (Bundle.unrectified_last_year /
follow_up_from, the scheduler's follow_ups, the risk model's `unrectified`), R-LEARN's history (put_right, past_rows,
year_rows, next_bundle's `as_of`, departed officers), R-APPROVE's approvable / _decided, R-INSERT's freeze_end, and the
checker's R-PRIORITY with round 43's R-GAP verification (most_visits, _year_days, year_workdays, _planned_onsite). Tests
for the mutants the existing tests let live (bench/mut49.md); no CP-SAT solve: the example bundle's hand-made years of
test_mut15_history / test_mut15_replan, and hand-made bundles from conftest's `bundle_copy`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
from test_mut15_history import _read, _src, _year
from test_mut15_replan import visit
from test_mut47 import F, _history

from execution import Year
from execution.history import next_bundle, past_rows, put_right, standin_calendar, year_rows
from execution.replan import officer_unavailable
from execution.year import Caller

HB_404 = ("hb-140404-00", "hb-140404-01")


# ---- R-LEARN: what this year's follow-up makes of last year's rows (put_right, past_rows) -------------------------------
def test_r_learn_a_follow_up_that_found_a_serious_finding_again_leaves_last_years_violation_false(bundle_copy: Path) -> None:
    """put_right / past_rows: a follow-up of F's hb that found nothing worse than minor puts last year's violation right
    (true, its deadline kept beside it), and last year's serious finding too; one that found a serious finding does not. A minor row of F's hb left false
    last year is no violation: the follow-up leaves it as it was."""
    b = _history(bundle_copy, {"H0000009": "2027-02-15"}, [f"X1,{F},hb,2026-10-01,,minor,false", f"X2,{F},hb,2026-11-02,,serious,false"])
    v = visit("F1", dt.date(2027, 3, 2), F, HB_404, basis="follow_up")
    y = Year(b, [v])
    y.reg.away, y.reg.recused = {}, set()
    y.record("F1", v.date, list(v.officer_ids), dict.fromkeys(v.item_ids, "minor"), Caller("clerk"), today=v.date)

    def rows() -> dict[str, tuple[str, str]]:
        return {r["inspection_id"]: (r["rectified"], r["rectify_by"]) for r in past_rows(y) if r["inspection_id"] in ("H0000009", "X1", "X2")}

    assert put_right(y) == {(F, "hb")}
    assert rows() == {"H0000009": ("true", "2027-02-15"), "X1": ("false", ""), "X2": ("true", "")}
    # an item the register no longer lists (a state loaded after the item list changed): its outcome is no agency's
    y.records["F1"].outcomes = {**dict.fromkeys(v.item_ids, "compliant"), "gone": "serious"}
    assert put_right(y) == {(F, "hb")}
    y.records["F1"].outcomes = dict.fromkeys(v.item_ids, "serious")
    assert put_right(y) == set()
    assert rows() == {"H0000009": ("false", "2027-02-15"), "X1": ("false", ""), "X2": ("false", "")}


def test_r_learn_an_agencys_part_all_compliant_carries_no_rectification_deadline() -> None:
    """year_rows: the record's deadline goes beside the agency rows that found something (hb's violation, R-FOLLOW's
    re-check after it), not beside the agency of the same visit whose items were all compliant (blank, blank)."""
    y = _year()
    y.records["Z"].outcomes = {"hb-q": "violation", "hb-m": "serious", "um-s": "compliant", "um-m": "compliant"}
    got = {r["inspection_id"]: (r["outcome"], r["rectified"], r["rectify_by"]) for r in year_rows(y) if r["inspection_id"].startswith("2027-Z")}
    assert got == {"2027-Z-hb": ("serious", "false", "2027-08-31"), "2027-Z-um": ("compliant", "", "")}
    # read before its deadline, a violation not put right is false all the same (walk42 F1), a minor finding blank
    y.records["Z"].outcomes = {"hb-q": "violation", "hb-m": "compliant", "um-s": "minor", "um-m": "compliant"}
    got = {r["inspection_id"]: (r["outcome"], r["rectified"], r["rectify_by"]) for r in year_rows(y, dt.date(2027, 7, 1))
           if r["inspection_id"].startswith("2027-Z")}
    assert got == {"2027-Z-hb": ("violation", "false", "2027-08-31"), "2027-Z-um": ("minor", "", "2027-08-31")}


def test_r_learn_next_years_bundle_read_before_the_years_end_knows_no_later_rectification(tmp_path: Path,
                                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """next_bundle(as_of=…) (the service's download during the year): Z's hb violation put right on 1 June reads false as
    of 1 May, true as of the year's end; the credit platform's row, still due on 1 May, is blank. The files next_bundle
    rewrites — officers.csv and recusals.csv without a departed officer, enterprises.csv with a firm entered this year —
    keep every other row as the bureau wrote it (hours "071", "N/A", employees "057"; no index column), with "\n" line
    ends on any platform."""
    from test_round42 import _new_code

    from execution.newfirm import add_enterprise

    monkeypatch.setattr(os, "linesep", "\r\n")  # what pandas writes by default on Windows
    y = _year()
    y.milestones["Z"] = {"rectified": "2027-06-01"}
    gone = "hb-140403-03"
    officer_unavailable(y, gone, dt.date(2027, 9, 1), None, dt.date(2027, 3, 1), "planner", kind="departed")
    code = _new_code()
    add_enterprise(y, {"enterprise_id": code, "name": "新设物业公司", "district_code": "140403", "sector": "property_mgmt",
                       "size": "medium"}, dt.date(2027, 3, 1), "planner")
    src = _src(tmp_path)
    ent = (src / "enterprises.csv").read_text(encoding="utf-8")
    was = "91140404C6K5774Q6B,长治泰物有限公司0,140404,construction,small,57,1997-10-16,长治市某路473号,true"
    assert ent.count(was) == 1
    (src / "enterprises.csv").write_text(ent.replace(was, was.replace(",57,", ",057,").replace("长治市某路473号", "N/A")), encoding="utf-8")

    def made(name: str, as_of: dt.date | None) -> tuple[str, str]:
        out = next_bundle(y, src, tmp_path / name / "bundle", standin_calendar(2028), as_of=as_of)
        rows = {r["inspection_id"]: r for r in _read(out / "inspections.csv")[1]}
        credit = [r for r in _read(out.parent / "credit_findings.csv")[1] if r["visit_id"] == "Z" and r["agency_id"] == "hb"]
        for table in ("officers.csv", "recusals.csv"):
            lines = _read(src / table)[0].replace("\r\n", "\n").splitlines(keepends=True)  # the copy is "\n" throughout
            assert _read(out / table)[0] == "".join(line for line in lines if line.split(",")[0] != gone)
        lines = _read(out / "enterprises.csv")[0].splitlines(keepends=True)
        assert "".join(lines[:-1]) == _read(src / "enterprises.csv")[0].replace("\r\n", "\n") and lines[-1].startswith(code) and lines[-1].endswith("e\n")
        return rows["2027-Z-hb"]["rectified"], credit[0]["rectified"]

    assert made("may", dt.date(2027, 5, 1)) == ("false", "")
    assert made("end", None) == ("true", "true")


# ---- the risk model's `unrectified` (review42 #1) -----------------------------------------------------------------------
def test_r_learn_a_violation_due_on_the_cut_off_is_still_pending_to_the_risk_model() -> None:
    """risk.features.unrectified: a violation or serious finding recorded false whose deadline had passed by the cut-off
    (or that has none) counts; one due on the cut-off day itself or later is pending; minor, true or unknown never count."""
    from risk.features import unrectified

    cut = pd.Timestamp("2027-03-01")
    rows = [("violation", False, "2027-02-28", True), ("serious", False, None, True), ("violation", False, "2027-03-01", False),
            ("serious", False, "2027-03-02", False), ("minor", False, "2027-01-01", False), ("compliant", False, None, False),
            ("violation", True, "2027-01-01", False), ("violation", None, "2027-01-01", False), ("serious", None, None, False)]
    h = pd.DataFrame({"outcome": [r[0] for r in rows], "rectified": pd.array([r[1] for r in rows], dtype="boolean"),
                      "rectify_by": pd.to_datetime([r[2] for r in rows]), "cutoff": [cut] * len(rows)})
    assert h[unrectified(h)].index.tolist() == [i for i, r in enumerate(rows) if r[3]]  # as the features select them


# ---- the checker's R-GAP verification: most_visits (round 43) -------------------------------------------------------------
def test_r_gap_most_visits_counts_an_officer_with_one_visit_of_budget_and_passes_over_a_team_with_no_one() -> None:
    """checker.rules.most_visits with test_mut48's fake Context: an officer with a budget of one visit left can still go;
    a team of the agency in the district that has no officer in the register (its officers all gone, say) is no crew,
    and does not stop the count of the others."""
    from test_mut48 import D, _ctx

    from checker.rules import most_visits

    apart = {D(2027, 1, 5), D(2027, 4, 5)}  # exactly 90 days: both fit (R-GAP's "not less than 90 days")
    assert most_visits(_ctx(present={"o1": apart, "o2": apart}), "E", "hb") == 2  # type: ignore[arg-type]
    day = {D(2027, 3, 1)}
    one = _ctx(present={"o1": day, "o2": day})
    one.officers["o1"].budget = 1
    assert most_visits(one, "E", "hb") == 1  # type: ignore[arg-type]
    empty = _ctx(present={"o1": day, "o2": day})
    empty.teams = {"T0": SimpleNamespace(agency="hb", district="140403"), **empty.teams}
    may = empty.may_work_in
    empty.may_work_in = lambda t, d: t == "T0" or may(t, d)
    assert most_visits(empty, "E", "hb") == 1  # type: ignore[arg-type]


# ---- R-PRIORITY on a follow-up's shortfall (check_r_priority) ---------------------------------------------------------
def _plan(tmp_path: Path, shortfalls: list[dict[str, str]]) -> Path:
    """A plan folder with no visit and these shortfalls (plan.json), for the checker's Context."""
    import json

    plan = tmp_path / "plan"
    plan.mkdir()
    for name in ("visits.csv", "selection.csv"):
        (plan / name).write_text("visit_id\n", encoding="utf-8")
    (plan / "plan.json").write_text(json.dumps({"shortfalls": shortfalls}), encoding="utf-8")
    return plan


def test_r_priority_a_follow_up_shortfall_of_a_firm_owed_no_follow_up_is_no_finding(tmp_path: Path) -> None:
    """A plan whose shortfall says a follow-up of a firm went unmet, where the history owes that firm none (nothing
    unrectified last year): the checker judges it — nothing held it back — and does not fail on it."""
    from test_mut15_replan import example

    from checker.facts import Context
    from checker.rules import check_r_priority, unmet_follow_ups

    firm = "91140403L6E8HCTQ0C"  # H0000000/1: compliant
    ctx = Context(example(), _plan(tmp_path, [{"kind": "follow_up", "id": firm, "agency": "hb", "rule": "R-AVAIL",
                                               "binding": "no day hb's officers are present together"}]))
    assert firm in ctx.enterprises and all(e != firm for e, _ in unmet_follow_ups(ctx))
    assert check_r_priority(ctx) == []


# ---- R-FOLLOW: the scheduler's follow-ups from the history's deadlines (scheduler.requirements.follow_ups) ---------------
def test_r_follow_each_follow_up_opens_after_its_deadline_or_is_said_why_there_is_none(bundle_copy: Path) -> None:
    """follow_ups on test_mut47's deadlines and two more at the year's end: each (firm, agency) owed a follow-up is one
    on-site entry of that agency, its window the `follow_up_within_workdays` working days from the day after the latest
    deadline (or from the year's first); a deadline on the last working day or after the year leaves no day (R-FOLLOW's
    shortfall, in both languages); an agency with no item for the firm is R-ITEM's."""
    from test_mut15_replan import example
    from test_mut47 import E1, G

    from bundle.loader import load_bundle
    from scheduler.requirements import Entry, follow_ups

    wd = example().workdays
    c, t = "91140403L6E8HCTQ0C", "91140404TRCCDTBH11"
    _history(bundle_copy, {"H0000009": "2027-02-15", "X1": "2027-02-20", "X2": "2027-03-15", "H0000004": "2026-12-31",
                           "X3": "2028-02-01", "X5": wd[-2].isoformat(), "X6": wd[-1].isoformat()},
             [f"X1,{F},hb,2026-10-01,,serious,false", f"X2,{F},um,2026-09-01,,violation,false", f"X3,{E1},hb,2026-11-02,,violation,false",
              f"X4,{E1},um,2026-11-03,,serious,false", f"X5,{c},hb,2026-12-01,,violation,false", f"X6,{t},hb,2026-12-02,,violation,false"])
    b = load_bundle(bundle_copy)
    assert b.workdays == wd
    n, within = len(wd), b.policy.follow_up_within_workdays
    district = dict(zip(b.enterprises.enterprise_id, b.enterprises.district_code, strict=True))
    tiers = {e: "ABCD"[i % 4] for i, e in enumerate(sorted(district))}
    applicable = {e: {"hb": ("hb-q",), "um": ("um-s", "um-m")} for e in district}
    applicable[G] = {"um": ("um-s",)}
    shortfalls: list[dict[str, object]] = [{"kind": "other"}]
    got = follow_ups(b, tiers, applicable, shortfalls)

    def entry(eid: str, agency: str, after: dt.date | None) -> Entry:
        lo = next(i for i, d in enumerate(wd) if d > after) if after else 0
        return Entry(f"{eid}|follow_up|{agency}", eid, district[eid], "follow_up", "onsite", (agency,), applicable[eid][agency], tiers[eid],
                     (lo, min(n - 1, lo + within - 1)), rules=["R-FOLLOW", "R-EXEMPT", "R-ITEM"], group=f"{eid}|follow_up")

    assert got == [entry(c, "hb", wd[-2]), entry(E1, "um", None), entry(F, "hb", dt.date(2027, 2, 20)), entry(F, "um", dt.date(2027, 3, 15))]
    assert got[0].window == (n - 1, n - 1)
    late = [(E1, "2028-02-01"), (t, wd[-1].isoformat())]
    assert sorted(shortfalls[1:], key=lambda s: (str(s["rule"]), str(s["id"]))) == [
        {"kind": "follow_up", "id": e, "rule": "R-FOLLOW", "found": "before solving", "agency": "hb",
         "binding": f"no day of its window in the plan year: rectification due {due}, after it; re-checked next year",
         "binding_zh": f"复查窗口不在本年度：整改期限 {due} 在计划年度之后，下一年度复查"} for e, due in sorted(late)] + [
        {"kind": "follow_up", "id": G, "rule": "R-ITEM", "found": "before solving", "agency": "hb",
         "binding": "agency hb has no published item for this enterprise's sector", "binding_zh": "hb：检查事项清单中没有适用于该企业行业的事项，无法复查"}]


# ---- R-APPROVE: the approved annual plan is no change to approve (Year.approvable) --------------------------------------
def test_r_approve_the_annual_plan_itself_is_approved_already_not_missing() -> None:
    """Version 1 is the approved annual plan: asked to approve it, the leader is told it is approved (409), not that
    there is no such version (404)."""
    from test_mut47 import _refused

    y = _year()
    assert _refused(y.approvable, 1, "leader") == (
        "version", "年度计划（第1版）已批准，不能再批准", "the plan as approved (version 1) is approved: it cannot be approved", "R-APPROVE", 409)


# ---- R-PRIORITY: a follow-up's deadline against the district's last planned visit (check_r_priority) -------------------
def test_r_priority_a_follow_up_due_in_june_is_held_against_a_planned_visit_of_november_whatever_the_order() -> None:
    """F's hb follow-up may start on 1 June (its deadline); the district team (recused from F: it could give way to
    nothing) made G's sampled visits in November and in March. The latest planned visit, not the last one listed, is
    after the deadline: a breach; with the March visit alone, every planned visit came before it: none. One that may
    start on 31 December has that day, and a planned visit with no day is not known to be before the deadline."""
    from test_mut25 import PAIR, WINDOW, _ctx, _visit

    from checker.rules import check_r_priority

    def judge(visits: list[Any], start: dt.date = dt.date(2027, 6, 1)) -> list[tuple[str, str, str]]:
        ctx = _ctx(visits, recused={(o, "F") for o in PAIR})  # type: ignore[arg-type]
        ctx.__dict__.update(visits=visits, dated=[v for v in visits if v.date is not None],  # as Context.dated: a day to read
                            shortfalls=[{"kind": "follow_up", "id": "F", "agency": "hb", "resource": "officer-days of the team"}],
                            tier_of={"F": "C", "G": "C"}, bundle=SimpleNamespace(agencies=SimpleNamespace(agency_id=["hb", "um"])),
                            calendar_overrides={}, _workday={WINDOW[0] + dt.timedelta(days=i): True for i in range(3)},
                            follow_up_from={("F", "hb"): start},
                            policy=SimpleNamespace(officers_per_agency_on_visit=2, tiers={"C": SimpleNamespace(visits=1)}))
        ctx._memo.update(unmet_triggers={}, unmet_follow_ups=[("F", "hb")])
        return [(v.rule, v.where, v.message) for v in check_r_priority(ctx)]

    nov, mar = _visit("n", dt.date(2027, 11, 2), PAIR), _visit("m", dt.date(2027, 3, 1), PAIR)
    assert judge([nov, mar]) == judge([mar, nov]) == [
        ("R-PRIORITY", "F", "follow-up by hb left unmet while it made planned visits in 140403 (shortfall 0)")]
    assert judge([mar]) == []
    # one that may start on the year's last day, with a planned visit on it: held against it too
    dec31 = _visit("d", dt.date(2027, 12, 31), PAIR)
    assert judge([mar, dec31], dt.date(2027, 12, 31)) == judge([nov, mar])
    # a planned visit whose day the plan does not give (no date): its day is not known to be before the deadline
    assert judge([dataclasses.replace(nov, date=None)]) == judge([nov, mar])


def test_r_priority_a_follow_up_that_may_start_on_the_years_last_day_has_that_day_to_be_given() -> None:
    """test_mut43's file-less Context: F's hb follow-up may start on 31 December (a Friday, its deadline the day
    before); G's sampled visit on that very day, by the team and officers it could have had, could have given way."""
    from test_mut43 import PAIR as DISTRICT_PAIR
    from test_mut43 import _cvisit, _priority

    dec31 = dt.date(2027, 12, 31)
    g = _cvisit("g", "G", DISTRICT_PAIR, day=dec31)
    sf = {"kind": "follow_up", "id": "F", "agency": "hb", "resource": "officer-days of the team"}
    assert _priority([g], [sf], {("F", "hb")}, {("F", "hb"): dec31}) == [
        ("R-PRIORITY", "F", "follow-up by hb left unmet while sampled visit g on 2027-12-31 could have given way: same team and officers, "
         "none recused (shortfall 0)")]


# ---- R-PRIORITY's R-GAP verification: what a firm is owed (check_r_priority, round 43) ---------------------------------
def test_r_priority_an_r_gap_claim_of_a_firm_the_selection_does_not_list_owes_it_one_visit(tiny_dir: Path, tiny_greedy_plan: Path,
                                                                                       tmp_path: Path) -> None:
    """test_mut48's claim on the tiny bureau's greedy plan: a tier-D firm with one of its hb visits made, in a district
    where hb made sampled visits, claims R-GAP: a finding (four fit). The same firm left out of selection.csv has no
    tier the plan gives: it is owed one visit, as R-PRIORITY's mandatory check reads it, and the one made meets it."""
    import json
    import shutil

    from bundle import load_bundle
    from checker.facts import Context
    from checker.rules import check_r_priority

    plan = tmp_path / "plan"
    shutil.copytree(tiny_greedy_plan, plan)
    v = pd.read_csv(plan / "visits.csv", dtype=str, keep_default_na=False)
    hb = v.agency_ids.str.split(";").map(lambda a: "hb" in a)
    sampled = set(v[hb & (v.basis == "sampled")].district_code)
    firm = sorted(set(v[hb & (v.basis == "mandatory") & (v.tier == "D") & v.district_code.isin(sampled)].enterprise_id))[1]
    v.drop(v.index[hb & (v.basis == "mandatory") & (v.enterprise_id == firm)][0]).to_csv(plan / "visits.csv", index=False)
    doc = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    doc["shortfalls"] = [{"kind": "mandatory", "rule": "R-GAP", "binding": "no plan could make another (R-GAP)", "id": firm, "agency": "hb"}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    b = load_bundle(tiny_dir / "bundle")

    def claims() -> list[str]:
        return [x.where for x in check_r_priority(Context(b, plan)) if "no plan could fit" in x.message]

    assert claims() == [firm]
    sel = pd.read_csv(plan / "selection.csv", dtype=str, keep_default_na=False)
    sel[sel.enterprise_id != firm].to_csv(plan / "selection.csv", index=False)
    assert claims() == []
