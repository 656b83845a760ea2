"""Review 39d (fresh eyes on 9d9e556): each test fails on the code as reviewed.

The three checker tests edit the tiny bureau's plan (tests/test_review38b.py `tiny38b`) into a plan the scheduler
makes legitimately, then ask `check_plan` for R-PRIORITY: none is a breach, each is reported as one."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pandas as pd
from test_checker39 import FULL_EN, FULL_ZH, _a_trigger
from test_review38b import _copy, _mandatory_beside_sampled, tiny38b  # noqa: F401  (the module fixture)


def _away(b, officer: str, a: dt.date, z: dt.date) -> None:  # type: ignore[no-untyped-def]
    u = b.unavailability
    b.frames["unavailability"] = pd.concat([u, pd.DataFrame({"officer_id": [officer], "start_on": [pd.Timestamp(a)],
                                                             "end_on": [pd.Timestamp(z)], "reason": ["leave"]})], ignore_index=True)


def _team_only_on(b, ctx, team: str, pair: list[str], day: dt.date, window: tuple[dt.date, dt.date]) -> None:  # type: ignore[no-untyped-def]
    """Every officer of `team` away on the trigger's window, but `pair`, who are present on `day` alone: the window's
    days other than `day` have no seat at all (capacity 0: "full"), and `day` has the pair's."""
    for o, x in ctx.officers.items():
        if x.team != team:
            continue
        if o not in pair:
            _away(b, o, window[0], window[1])
        else:
            if window[0] < day:
                _away(b, o, window[0], day - dt.timedelta(days=1))
            if day < window[1]:
                _away(b, o, day + dt.timedelta(days=1), window[1])


def _row(v: pd.Series, vid: str, firm: str, basis: str, officers: str, mode: str = "onsite", trigger: str = "") -> pd.Series:
    r = v.copy()
    r["visit_id"], r["enterprise_id"], r["basis"], r["officer_ids"], r["mode"], r["trigger_id"] = vid, firm, basis, officers, mode, trigger
    return r


def _full_words(meta: dict, tid: str, agency: str, label: str, d: str) -> None:  # type: ignore[type-arg]
    meta["shortfalls"].append({"kind": "triggered", "id": tid, "agency": agency, "rule": "R-AVAIL", "found": "after solving",
                               "binding_zh": FULL_ZH.format(label=label, d=d), "binding": FULL_EN.format(label=label, d=d)})


def _near_gone(vis: pd.DataFrame, v: pd.Series) -> pd.DataFrame:
    """The plan without the trigger's agency's planned visits within 60 days of `v` (as tests/test_checker39.py)."""
    day = dt.date.fromisoformat(v.date)
    near = vis.basis.isin(["mandatory", "sampled"]) & (vis.agency_ids == v.agency_ids) & \
        vis.date.map(lambda s: abs((dt.date.fromisoformat(s) - day).days) <= 60)
    return vis[~near]


def _others(vis: pd.DataFrame, v: pd.Series, n: int) -> list[str]:
    firms = [e for e in dict.fromkeys(vis[vis.district_code == v.district_code].enterprise_id)
             if e != v.enterprise_id and not ((vis.enterprise_id == e) & (vis.date == v.date)).any()]
    assert len(firms) >= n
    return firms[:n]


# ---- 1. a remote check on a full day frees no on-site seat -------------------------------------------------------------

def test_a_remote_check_on_a_day_whose_on_site_seats_are_full_is_no_seat_the_trigger_could_have_had(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """R-PRIORITY counts what the unmet trigger "could have used". A team's on-site seats on a day are
    min(max_visits_per_day, ⌊present × max_visits_per_officer_per_day ÷ k⌋) (scheduler/resources.py onsite_cap; the
    remote cap and the day cap apart, scheduler/state.py team_rule). Here the trigger's team has only o1, o2 present on
    the window's one workable day d, and both have made their 2 on-site visits that day (two follow-ups): the day is
    full by officers, not by the team-day cap (3). A remote sampled check by o1 that day uses a remote slot and one of
    the team's 3 day seats; dropping it frees no officer's on-site visit, so the trigger still has no pair. Whenever the
    scheduler's words say "full" (on-site load = on-site cap) and a remote check shares the day, the on-site cap is below
    the day cap — i.e. bound by officers — so such a remote check is never a seat. `_full_day_seat` calls it one."""
    from checker import check_plan
    from checker.facts import Context
    from checker.rules import unmet_triggers

    b, _, out = tiny38b
    v, vis = _a_trigger(out)
    o1, o2 = v.officer_ids.split(";")[:2]
    f1, f2, f3 = _others(vis, v, 3)
    kept = _near_gone(vis[vis.visit_id != v.visit_id], v)
    kept = pd.concat([kept, *(r.to_frame().T for r in (
        _row(v, "VF0001", f1, "follow_up", f"{o1};{o2}"), _row(v, "VF0002", f2, "follow_up", f"{o1};{o2}"),
        _row(v, "VX0001", f3, "sampled", o1, mode="remote")))])
    edited = _copy(out, tmp_path / "remote")
    kept.to_csv(edited / "visits.csv", index=False)
    bb = copy.deepcopy(b)
    ctx = Context(bb, edited)
    team, window = ctx.officers[o1].team, unmet_triggers(ctx)[v.trigger_id]
    _team_only_on(bb, ctx, team, [o1, o2], dt.date.fromisoformat(v.date), window)
    bb.teams.loc[bb.teams.team_id == team, "max_visits_per_day"] = 3  # 2 on site + 1 remote: invariant 3 kept
    meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
    _full_words(meta, v.trigger_id, v.agency_ids, team, v.date)
    (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    every = check_plan(bb, edited)
    assert not [x for x in every if x.rule == "R-AVAIL" and team in str(x)], "the edited day breaks a team or officer cap"
    said = [str(x) for x in every if x.rule == "R-PRIORITY" and v.trigger_id in str(x)]
    assert said == [], said


# ---- 2. a full day on which the firm is already entered for another trigger -------------------------------------------

def test_a_seat_on_a_day_the_firm_is_entered_for_another_trigger_is_no_seat_the_trigger_could_have_had(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Two complaints about one firm to one agency, received together (held-out complaint_magnets). The first is met on
    d, the window's one workable day (the team's officers away on the others: capacity 0); the second cannot be: the
    firm is entered once a day (R-JOINT) and a visit row carries one trigger_id (plan.md). The day's second seat is a
    mandatory visit elsewhere — day_held keeps only the sampled walk off it, the solve may put a mandatory visit there.
    Dropping that visit frees a seat on d the second complaint still cannot use. `_gives_way` asks R-JOINT
    (`_could_take`: no other on-site row at the firm that day); `_full_day_seat` does not, and reports a breach."""
    from checker import check_plan
    from checker.facts import Context
    from checker.rules import unmet_triggers

    b, _, out = tiny38b
    v, vis = _a_trigger(out)
    o1, o2 = v.officer_ids.split(";")[:2]
    (f1,) = _others(vis, v, 1)
    kept = _near_gone(vis, v)
    kept = pd.concat([kept, _row(v, "VM0001", f1, "mandatory", f"{o1};{o2}").to_frame().T])
    edited = _copy(out, tmp_path / "joint")
    kept.to_csv(edited / "visits.csv", index=False)
    bb = copy.deepcopy(b)
    tr = bb.triggers
    twin = tr[tr.trigger_id == v.trigger_id].copy()
    twin["trigger_id"] = "TX0001"
    bb.frames["triggers"] = pd.concat([tr, twin], ignore_index=True)
    ctx = Context(bb, edited)
    team, window = ctx.officers[o1].team, unmet_triggers(ctx)["TX0001"]
    _team_only_on(bb, ctx, team, [o1, o2], dt.date.fromisoformat(v.date), window)
    meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
    _full_words(meta, "TX0001", v.agency_ids, team, v.date)
    (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    said = [str(x) for x in check_plan(bb, edited) if x.rule == "R-PRIORITY" and "TX0001" in str(x)]
    assert said == [], said


# ---- 3. a mandatory shortfall the scheduler words as leave, where R-GAP is what binds ----------------------------------

def test_a_mandatory_visit_whose_only_pair_days_lie_within_the_repeat_gap_of_its_other_visit_is_no_breach(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A tier-D firm owes agency a two visits ≥ min_days_between_repeat_visits (90) apart. Every officer of a's teams
    is recused from it but oX and oY, and oY is away all year but the 40 days around the visit they made together (v2).
    The other visit could go on no day of the year (R-GAP from v2, R-RECUSE/R-AVAIL elsewhere); no sampled visit
    giving way changes that. The scheduler's part tags it R-RECUSE (constraints.impossible_cause: a pair present,
    none free to go), `officer_cause` words it "on no working day of … present together (leave)" with rule R-AVAIL,
    and held_back holds nothing back (R-RECUSE is IMPOSSIBLE), so the team's sampled visits there are legitimate.
    Before 9d9e556 "no working day" excused it (NOT_CAPACITY); NO_GIVE_WAY lacks R-AVAIL, and the mandatory branch asks
    `_team_can_go` over the whole year, ignoring R-GAP from the visit already made: a breach."""
    from checker import check_plan
    from checker.facts import Context

    b, _, out = tiny38b
    vid, eid, district, a = _mandatory_beside_sampled(out)
    vis = pd.read_csv(out / "visits.csv", dtype=str, keep_default_na=False)
    mine = vis[(vis.enterprise_id == eid) & (vis.basis == "mandatory") & vis.agency_ids.str.split(";").map(lambda x: a in x)]
    assert len(mine) == 2, mine
    v2 = mine[mine.visit_id != vid].iloc[0]
    ox, oy = [o for o in v2.officer_ids.split(";") if o.startswith(f"{a}-")][:2]
    edited = _copy(out, tmp_path / "gap")
    vis[vis.visit_id != vid].to_csv(edited / "visits.csv", index=False)
    bb = copy.deepcopy(b)
    ctx = Context(bb, edited)
    teams = {t for t in ctx.teams if ctx.teams[t].agency == a and ctx.may_work_in(t, district)}
    bb.frames["recusals"] = pd.concat([bb.recusals, pd.DataFrame({
        "officer_id": [o for o, x in ctx.officers.items() if x.team in teams and o not in (ox, oy)],
        "enterprise_id": eid, "reason": "亲属 / kin"})], ignore_index=True)
    d2 = dt.date.fromisoformat(v2.date)
    _away(bb, oy, dt.date(ctx.year, 1, 1), d2 - dt.timedelta(days=20))
    _away(bb, oy, d2 + dt.timedelta(days=20), dt.date(ctx.year, 12, 31))
    label = ctx.officers[ox].team
    w = f"{ctx.year}-01-04…{ctx.year}-06-30"
    meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
    meta["shortfalls"].append({
        "kind": "mandatory", "id": eid, "agency": a, "rule": "R-AVAIL", "found": "before solving",
        "binding_zh": f"{a}：{w}内可派队伍（{label}）没有2名可去该企业的持证执法人员同时在岗（休假等）",
        "binding": f"{a}: on no working day of {w} are 2 certified officer(s) of one eligible team ({label}) who may go to "
                   "this enterprise present together (leave) (visit 1)"})
    (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    said = [str(x) for x in check_plan(bb, edited) if x.rule == "R-PRIORITY" and eid in str(x)]
    assert said == [], said
