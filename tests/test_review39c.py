"""Review 39c (fresh eyes on 767d3ba..5800d05): each test fails on the code as reviewed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from city_three import CITY, NAMES, ent
from test_checker39 import FULL_EN, FULL_ZH, _a_trigger
from test_review38b import _copy, tiny38b  # noqa: F401  (the module fixture: a tiny bureau planned by the greedy)

A, B, C = NAMES


# ---- checker: FULL_DAYS trusts `_gives_way`, which misses a sampled visit with one officer recused ------------------------

def test_full_days_do_not_excuse_a_trigger_whose_day_a_sampled_visit_holds_with_an_officer_recused_from_it(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """R-PRIORITY: "No visit of a lower class uses … an officer-day or a team-day that an unmet requirement of a higher
    class could have used." The trigger's visit is taken out and said unmet with the scheduler's "full" words; on its
    very day the same team makes a sampled visit VX0001 with the same two officers, one of whom (o2) is recused from
    the trigger's enterprise. `_could_take` asks that *every* officer of VX0001 may go, so `_gives_way` finds nothing;
    FULL_DAYS then skips the branch that used to judge it. Yet VX0001 giving way frees the team-day and o1's
    officer-day, and o1 with o3 (same team, present, certified, free that day, not recused) meet the trigger."""
    import copy

    from checker import check_plan
    from checker.facts import Context

    b, _, out = tiny38b
    v, vis = _a_trigger(out)
    day = dt.date.fromisoformat(v.date)
    near = vis.basis.isin(["mandatory", "sampled"]) & (vis.agency_ids == v.agency_ids) & \
        vis.date.map(lambda s: abs((dt.date.fromisoformat(s) - day).days) <= 60)
    kept = vis[(vis.visit_id != v.visit_id) & ~near]
    firm = next(e for e in vis[(vis.district_code == v.district_code)].enterprise_id if e != v.enterprise_id and not (
        (kept.enterprise_id == e) & (kept.date == v.date)).any())
    extra = v.copy()
    extra["visit_id"], extra["enterprise_id"], extra["basis"], extra["trigger_id"] = "VX0001", firm, "sampled", ""
    kept = pd.concat([kept, extra.to_frame().T])
    o1, o2 = v.officer_ids.split(";")[:2]
    edited = _copy(out, tmp_path / "recused")
    kept.to_csv(edited / "visits.csv", index=False)
    meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
    label = o1.rsplit("-", 1)[0]
    meta["shortfalls"].append({"kind": "triggered", "id": v.trigger_id, "agency": v.agency_ids, "rule": "R-AVAIL", "found": "after solving",
                               "binding_zh": FULL_ZH.format(label=label, d=v.date), "binding": FULL_EN.format(label=label, d=v.date)})
    (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    barred = copy.deepcopy(b)
    barred.recusals = pd.concat([barred.recusals, pd.DataFrame({"officer_id": [o2], "enterprise_id": [v.enterprise_id],
                                                                   "reason": ["亲属 / kin"]})], ignore_index=True)
    ctx = Context(barred, edited)
    team = ctx.officers[o1].team
    busy = {o for ids in kept[kept.date == v.date].officer_ids for o in ids.split(";")}
    o3 = [o for o, x in ctx.officers.items() if x.team == team and o not in busy and ctx.certified(o, day) and ctx.present(o, day)
          and (o, v.enterprise_id) not in ctx.recused]
    assert o3, "no third officer of the team free that day"  # o1 + o3 could have gone in VX0001's seat
    said = [str(x) for x in check_plan(barred, edited) if x.rule == "R-PRIORITY" and v.trigger_id in str(x)]
    assert said, (f"trigger {v.trigger_id} unmet, 'full' words, while sampled VX0001 (team {team}, {o1};{o2}) holds its day "
                  f"and {o1} with {o3[0]} could have gone: no R-PRIORITY")


# ---- scheduler: city_served reads a follow-up's preferred window, and reopen_follow_ups skips a district with no team ----

def test_a_follow_up_of_a_district_with_no_team_is_not_impossible_while_the_city_team_could_go_later_in_the_year() -> None:
    """R-FOLLOW sets no window (reopen_follow_ups: the first `follow_up_within_workdays` days are a preference); the
    checker judges a follow-up over the year (`_gives_way_to(…, year)`). X has no hb team and no share of the city
    team's days: its part leaves follow-up FX "R-TEAM". make_plan's city_served asks `_able` on FX's *preferred* window
    (day 0, when the city team is away) and keeps R-TEAM; reopen_follow_ups then skips FX (`not st.teams_for(e)`), so
    its window never opens. FX stays IMPOSSIBLE: its words say "no team may work in district 140405" (false: the city
    team may, R-TEAM), nothing holds X's or the city's hb visits back, and the guests and give_way never try days 1–2,
    on which the city team is present and free."""
    from test_review39 import X, _with_x

    from scheduler.guests import city_served, give_way, place_guests
    from scheduler.plan import IMPOSSIBLE, day_held, held_back, reopen_follow_ups

    states, split = _with_x()
    for o in states[A].flows[CITY].officers:  # the city team away on day 0 (A's share), present on days 1–2
        states[A].flows[CITY].available[o][0] = False
    fx = ent("FX", (0, 0), X, basis="follow_up", enterprise="FX")
    required, unplaced = {X: [fx]}, {"FX": "R-TEAM"}  # as X's part leaves it
    elsewhere: dict[str, list[str]] = {}
    # make_plan's order (scheduler/plan.py after restore)
    city_served(states, required, unplaced, split, elsewhere)
    reopen_follow_ups(states, required, unplaced, 3)
    guests = place_guests(states, required, unplaced, split, lambda e: not unplaced[e.key].startswith(IMPOSSIBLE) and not day_held(e, states))
    give_way(states, required, unplaced, split, guests, elsewhere)
    met = "FX" not in unplaced
    held = (X, "hb") in held_back(required, unplaced, states)
    assert met or held, (f"follow-up FX left {unplaced.get('FX')!r} (impossible) while the city team {CITY} is free on days "
                         f"1–2 of the year: placed {met}, held back {held}")


def test_the_capacity_line_of_a_district_city_served_does_not_say_no_team_may_work_there() -> None:
    """plan.json's shortfalls after city_served (review39b #3): MX of X (no hb team, no share of the city team's days)
    is relabelled R-AVAIL, its own line says the city team's days went to other districts. The district's capacity line
    (`capacity_lines` → `resource_text`) still reads the part's slices alone: rule R-TEAM, "本区无hb的执法队伍（含市级队伍）"
    / "no team of the agency may work here" — false (R-TEAM: a city-level team works in every district of its city)
    and contradicting the line above it about the same visit."""
    from types import SimpleNamespace

    from test_review39 import X, _with_x

    from scheduler.guests import city_served
    from scheduler.reasons import capacity_lines

    states, split = _with_x()
    mx = ent("MX", (0, 2), X)
    unplaced, elsewhere = {"MX": "R-TEAM"}, {}
    assert city_served(states, {X: [mx]}, unplaced, split, elsewhere) == ["MX"] and unplaced == {"MX": "R-AVAIL"}
    plan = SimpleNamespace(unplaced=unplaced, req=SimpleNamespace(entries=[mx]), states=states, elsewhere=elsewhere, city_split=split)
    (line,) = capacity_lines(plan)  # type: ignore[arg-type]
    assert line["rule"] != "R-TEAM" and "may work here" not in str(line["binding"]), line


def test_a_mandatory_shortfall_in_city_served_words_is_judged_not_excused_by_them(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Since city_served, a *mandatory* visit gets the `elsewhere` words ("…本区队伍时限内无法派出；…（R-AVAIL）" / "no team
    of the district could go in its window; … no seat was freed (R-AVAIL)"), rule R-AVAIL: capacity, by the scheduler's
    own label, and `_held_back` holds its district by that rule. check_r_priority excuses it by its words ("window",
    "no team" are in NOT_CAPACITY), so a sampled visit of the agency in the district by a team that could go there is
    no breach — the hole review38b #1 closed for "工作日已分给其他辖区", by proving the team unable (`_team_can_go`)."""
    from test_review38b import _mandatory_beside_sampled

    from checker import check_plan

    b, _, out = tiny38b
    vid, eid, district, a = _mandatory_beside_sampled(out)
    edited = _copy(out, tmp_path / "served")
    vis = pd.read_csv(edited / "visits.csv", dtype=str, keep_default_na=False)
    vis[vis.visit_id != vid].to_csv(edited / "visits.csv", index=False)
    meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
    teams = f"{a}-{district[:4]}00"
    meta["shortfalls"].append({"kind": "mandatory", "id": eid, "agency": a, "rule": "R-AVAIL", "found": "after solving",
                               "binding_zh": f"{a}：本区队伍时限内无法派出；{teams}时限内的工作日已排在其他辖区，未能腾出（R-AVAIL）",
                               "binding": f"{a}: no team of the district could go in its window; {teams} worked in other districts on "
                                          "those days, and no seat was freed (R-AVAIL) (visit 1)"})
    (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    said = [str(v) for v in check_plan(b, edited) if v.rule == "R-PRIORITY" and eid in str(v)]
    assert said and f"team {a}-{district}" in said[0], said
