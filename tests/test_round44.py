"""Round 44: what the forty-fourth round's helpers and notes found, each mend tested where it acts."""
from __future__ import annotations

import json
import shutil
from pathlib import Path


def test_an_r_gap_claim_for_an_agency_the_firm_owes_nothing_is_not_verified(tiny_dir: Path, tiny_greedy_plan: Path,
                                                                            tmp_path: Path) -> None:
    """mut48's note: the checker's R-GAP count (check_r_priority) verified a claim naming an agency whose items the
    firm does not carry as if tier D's visits were owed. Such an agency owes the firm nothing: no finding. The same
    claim for an agency it does owe, its visits stripped, is still a breach (the control)."""
    import pandas as pd

    from bundle import load_bundle
    from checker.facts import Context
    from checker.rules import check_r_priority

    plan = tmp_path / "plan"
    shutil.copytree(tiny_greedy_plan, plan)
    v = pd.read_csv(plan / "visits.csv", dtype=str, keep_default_na=False)
    ctx = Context(load_bundle(tiny_dir / "bundle"), plan)
    sampled = v[v.basis == "sampled"]
    by_district: dict[str, set[str]] = {}
    for d, ags in zip(sampled.district_code, sampled.agency_ids, strict=True):
        by_district.setdefault(d, set()).update(ags.split(";"))
    # a tier-D firm with a mandatory visit of one agency it owes, in a district where another agency it does not owe
    # made sampled visits
    pick = next((f, a, b) for f in sorted(set(v[(v.basis == "mandatory") & (v.tier == "D")].enterprise_id))
                for a in sorted(ctx.agency_items(f)) for b in sorted(by_district.get(ctx.enterprises[f][0], set()) - set(ctx.agency_items(f)))
                if a in by_district.get(ctx.enterprises[f][0], set()))
    firm, owed, stranger = pick
    hers = v.index[(v.enterprise_id == firm) & v.agency_ids.str.split(";").map(lambda x: owed in x) & (v.basis == "mandatory")]
    v.drop(hers).to_csv(plan / "visits.csv", index=False)
    doc = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    gap = {"kind": "mandatory", "rule": "R-GAP", "binding": "no plan could make another (R-GAP)", "id": firm}
    doc["shortfalls"] = [{**gap, "agency": stranger}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    found = lambda: [x.message for x in check_r_priority(Context(load_bundle(tiny_dir / "bundle"), plan))  # noqa: E731
                     if "no plan could fit" in x.message]
    assert found() == []
    doc["shortfalls"] = [{**gap, "agency": owed}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    assert [m.split(" (R-GAP)")[0] for m in found()] == [f"shortfall 0 says no plan could fit another visit of agency {owed}"]


# ---- foreign44 F1/F2: an unmet mandatory visit its firm's own visits leave no day for holds nothing back ---------------
def _firm(n_days: int, present: dict[str, range], placed: list[tuple[str, str, int]], unmet: list[str], rules: object = None):  # type: ignore[no-untyped-def]
    """Firm F of district 140403 with one team per agency (two officers each, present on `present`'s days only), its
    tier-D entries hb/um/re × 2 (one row: they may join), `placed` = (agency, index, day) booked, `unmet` left."""
    import dataclasses

    from tiny_part import RULES, entry, part

    from scheduler.state import PartState

    teams = {f"{a}-1": (a, 2, 2) for a in present}
    away = {f"{a}-1-{i}": [d for d in range(n_days) if d not in days] for a, days in present.items() for i in range(2)}
    p, st, days = part(n_days, teams, away=away)
    state = PartState(p, st, rules or RULES, days)  # type: ignore[arg-type]
    es = {f"{a}{k}": dataclasses.replace(entry(f"{a}{k}", (0, n_days - 1), a, enterprise="F", index=k), row="F|mandatory")
          for a in present for k in (0, 1)}
    for a, k, day in placed:
        assert state.place(es[f"{a}{k}"], day, f"{a}-1") is None, (a, k, day)
    required = {"140403": [es[key] for key in sorted(es) if key in unmet or any(f"{a}{k}" == key for a, k, _ in placed)]}
    return required, dict.fromkeys(unmet, "R-PAIR"), [(t, a, "140403") for t, (a, _, _) in teams.items()], st, {"140403": state}


def test_a_visit_its_firms_entries_and_gaps_leave_no_day_for_is_held_by_the_firm_and_holds_nothing_back() -> None:
    from tiny_part import RULES

    from scheduler.plan import held_back, held_by_firm

    # hb present the first 71 working days, um days 100–199; hb on days 0 and 70, um on day 100: three entries, the
    # cap. um's second visit may fall only 90 days after day 100 (≈ day 164 on): those days are not entry days, and no
    # fourth entry is allowed
    present = {"hb": range(0, 71), "um": range(100, 200)}
    placed = [("hb", "0", 0), ("hb", "1", 70), ("um", "0", 100)]
    req, unplaced, teams, st, states = _firm(200, present, placed, ["um1"])
    assert held_by_firm(req, unplaced, teams, st, states, 2) == {"um1": "R-CAP-ENTRY"}
    assert held_back(req, unplaced, states) == {("140403", "um")}
    assert held_back(req, unplaced, states, {"um1"}) == set()
    # a fourth entry allowed: day 164 or so is lawful — not held by the firm, it holds um back as before
    import dataclasses
    req, unplaced, teams, st, states = _firm(200, present, placed, ["um1"], dataclasses.replace(RULES, max_entries=4))
    assert held_by_firm(req, unplaced, teams, st, states, 2) == {}
    # the gap alone: um's days all within 90 days of its visit (days 100–150), entries to spare
    req, unplaced, teams, st, states = _firm(200, {"hb": range(0, 71), "um": range(100, 151)}, placed, ["um1"],
                                             dataclasses.replace(RULES, max_entries=4))
    assert held_by_firm(req, unplaced, teams, st, states, 2) == {"um1": "R-GAP"}
    # um's team recused from F on every day: no day at all is `unreachable`'s, said R-AVAIL here
    req, unplaced, teams, st, states = _firm(200, present, placed, ["um1"])
    st.recused.update({"um-1-0": {"F"}, "um-1-1": {"F"}})
    assert held_by_firm(req, unplaced, teams, st, states, 2) == {"um1": "R-AVAIL"}
    # a part's own "impossible" tags are left to their words (R-RECUSE …)
    assert held_by_firm(req, {"um1": "R-RECUSE"}, teams, st, states, 2) == {}


def test_the_checker_verifies_a_claim_that_no_day_is_left_beside_the_firms_visits(tiny_dir: Path, tiny_greedy_plan: Path,
                                                                               tmp_path: Path) -> None:
    """The claim (`held_by: enterprise`) is checked against the plan's visits: true where the agency's visits there
    reach its cap (R-CAP-AGENCY), false where one of them is taken out and its day is free again."""
    import pandas as pd

    from bundle import load_bundle
    from checker.facts import Context
    from checker.rules import check_r_priority, day_left_beside

    plan = tmp_path / "plan"
    shutil.copytree(tiny_greedy_plan, plan)
    v = pd.read_csv(plan / "visits.csv", dtype=str, keep_default_na=False)
    b = load_bundle(tiny_dir / "bundle")
    ctx = Context(b, plan)
    sampled = v[v.basis == "sampled"]
    hb = v.agency_ids.str.split(";").map(lambda x: "hb" in x)
    with_sampled = set(sampled[sampled.agency_ids.str.contains("hb")].district_code)
    twice = v[hb & (v.basis == "mandatory") & v.district_code.isin(with_sampled)].groupby("enterprise_id").size()
    firm = sorted(twice[twice == b.policy.max_visits_per_agency_per_enterprise].index)[0]
    assert day_left_beside(ctx, firm, "hb") is None  # its cap is reached
    doc = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    doc["shortfalls"] = [{"kind": "mandatory", "id": firm, "agency": "hb", "rule": "R-CAP-AGENCY", "held_by": "enterprise",
                          "binding": "no day is left beside the enterprise's visits as placed (R-CAP-AGENCY)"}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    assert not [x for x in check_r_priority(Context(b, plan)) if "no day is left" in x.message]
    last = v.index[hb & (v.basis == "mandatory") & (v.enterprise_id == firm)][-1]
    freed = v.loc[last, "date"]
    v.drop([last]).to_csv(plan / "visits.csv", index=False)
    got = [x.message for x in check_r_priority(Context(b, plan)) if "no day is left" in x.message]
    assert len(got) == 1 and "shortfall 0 says no day is left for agency hb" in got[0], got
    assert day_left_beside(Context(b, plan), firm, "hb") is not None and freed


def test_a_held_back_agency_keeps_only_the_teams_its_unmet_visit_could_use() -> None:
    """foreign44 F2 (w6): R-PRIORITY keeps from the sampled walk what an unmet required visit "could have used". hb has
    two teams in 140403: T1's officers are all recused from the tier-D firm M, so only T2 could serve M's unmet visit
    (`held_teams`). A drawn firm S may then be placed on T1, never on T2; where both could serve M, S is left out."""
    from tiny_part import RULES, entry, part

    from scheduler.plan import held_teams, walk_sampled
    from scheduler.requirements import Requirements
    from scheduler.select import Selection
    from scheduler.state import PartState

    teams = [("T1", "hb", "140403"), ("T2", "hb", "140403")]
    for recused, needed, want in (({"T1-0": {"M"}, "T1-1": {"M"}}, {"T2"}, ("sampled", "T1")),
                                  ({}, {"T1", "T2"}, ("capacity", None))):
        p, st, days = part(20, {"T1": ("hb", 2, 2), "T2": ("hb", 2, 2)}, recused=recused)
        state = PartState(p, st, RULES, days)
        m = entry("M", (0, 19), enterprise="M")
        states, required, unplaced = {"140403": state}, {"140403": [m]}, {"M": "R-PAIR"}
        assert held_teams(required, unplaced, states, set(), teams, st, 2) == {("140403", "hb"): needed}
        assert held_teams(required, unplaced, states, {"M"}, teams, st, 2) == {}  # out of reach: holds nothing
        s = entry("S", (0, 19), basis="sampled", enterprise="S")
        req = Requirements([], {}, {"C": 1}, {"C": ["S"]}, {}, set(), [], {})
        sel = Selection({}, {}, {}, {}, {"S": [s]})
        status, _ = walk_sampled(req, sel, states, {("140403", "hb")}, {}, None, held_teams(required, unplaced, states, set(), teams, st, 2))
        assert (status["S"], state.placed["S"].teams["hb"] if "S" in state.placed else None) == want, sel.skipped
        if want[0] == "capacity":
            assert "R-PRIORITY: required visits of hb in district 140403 are unmet" in sel.skipped["S"]
    # without the teams (the walk as other callers use it): the firm is left out whatever its teams
    p, st, days = part(20, {"T1": ("hb", 2, 2), "T2": ("hb", 2, 2)}, recused={"T1-0": {"M"}, "T1-1": {"M"}})
    state = PartState(p, st, RULES, days)
    sel = Selection({}, {}, {}, {}, {"S": [entry("S", (0, 19), basis="sampled", enterprise="S")]})
    status, _ = walk_sampled(Requirements([], {}, {"C": 1}, {"C": ["S"]}, {}, set(), [], {}), sel, {"140403": state}, {("140403", "hb")}, {})
    assert status == {"S": "capacity"}


def test_a_firm_whose_own_visits_left_an_agency_no_day_is_placed_again_jointly() -> None:
    """foreign44 F3 (w3): R-PRIORITY's "joint visits are preferred, never a reason to drop a required visit". hb on days
    0 and 80, um alone on day 40: three entries, the cap, and um's second visit has no day (R-CAP-ENTRY, R-GAP).
    `regroup_firms` takes the firm's visits out and places each visit's agencies together: all four are placed, on two
    entries. Untouched: a firm an unmet trigger of its agency holds (what the trigger could use is kept from it)."""
    from scheduler.plan import held_by_firm, regroup_firms

    placed = [("hb", "0", 0), ("um", "0", 40), ("hb", "1", 80)]
    req, unplaced, teams, st, states = _firm(200, {"hb": range(200), "um": range(200)}, placed, ["um1"])
    # not held by the firm (review44 #1, round 45): an arrangement of its four visits fits them all
    assert held_by_firm(req, unplaced, teams, st, states, 2) == {}
    assert regroup_firms(states, req, unplaced, lambda e: True, {}) == ["um1"] and unplaced == {}
    state = states["140403"]
    days = sorted({p.day for p in state.by_enterprise["F"]})
    assert len(state.by_enterprise["F"]) == 4 and len(days) == 2, days
    assert {a for p in state.by_enterprise["F"] if p.day == days[0] for a in p.entry.agencies} == {"hb", "um"}
    # an unmet trigger of um in the district that holds: the firm is left as it was
    from tiny_part import entry
    req, unplaced, teams, st, states = _firm(200, {"hb": range(200), "um": range(200)}, placed, ["um1"])
    t = entry("T", (0, 199), "um", basis="triggered", enterprise="G")
    req["140403"].append(t)
    unplaced["T"] = "R-AVAIL"
    before = {k: p.day for k, p in states["140403"].placed.items()}
    assert regroup_firms(states, req, unplaced, lambda e: True, {}) == []
    assert {k: p.day for k, p in states["140403"].placed.items()} == before
    # the same trigger, held by nothing (`holds` false): the firm is regrouped
    assert regroup_firms(states, req, unplaced, lambda e: False, {}) == ["um1"]
    # review44 #1: the firm also owes re, which no team may serve (R-TEAM, found before solving): its visits are left
    # out of the regroup, which still places um's
    import dataclasses
    req, unplaced, teams, st, states = _firm(200, {"hb": range(200), "um": range(200)}, placed, ["um1"])
    for k in (0, 1):
        r = dataclasses.replace(entry(f"re{k}", (0, 199), "re", enterprise="F", index=k), row="F|mandatory")
        req["140403"].append(r)
        unplaced[r.key] = "R-TEAM"
    assert regroup_firms(states, req, unplaced, lambda e: True, {}) == ["um1"]
    assert unplaced == {"re0": "R-TEAM", "re1": "R-TEAM"}


def _one_swap(held: set[tuple[str, str]], needed: dict[tuple[str, str], set[str]] | None = None) -> dict[str, str]:
    """F (rank 1, skipped for capacity) needs hb, which G (rank 2, sampled) holds on day 1 with team HB (G also has um
    there); one `swap_in_draw_order` with `held` (and the teams the unmet visits could use, `needed`): the status after."""
    from scheduler.plan import swap_in_draw_order
    from scheduler.requirements import Requirements
    from scheduler.select import Selection
    from tests.test_mut43 import HB, UM, _away, _ent
    from tests.test_mut43 import _state as _state43

    st = _state43(3, _away(HB, [0, 2]), teams={HB: ("hb", 2, 1), UM: ("um", 2, 1)})
    ef = _ent("F|hb", (0, 2), firm="F")
    eg = [_ent("G|hb", (0, 2), firm="G"), _ent("G|um", (0, 2), "um", firm="G")]
    for e in eg:
        assert st.place(e, 1, HB if e.agencies[0] == "hb" else UM) is None
    req = Requirements([ef, *eg], {"F": 1, "G": 2}, {"C": 1}, {"C": ["F", "G"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {"F": "R-AVAIL: no day"}, {"F": [ef], "G": eg})
    status, taken = {"F": "capacity", "G": "sampled"}, ["G"]
    swap_in_draw_order(req, sel, {"140403": st}, "C", taken, status, None, {}, held, lambda teams: (lambda e, days: None),  # type: ignore[arg-type,return-value]
                       lambda e: {}, needed)
    return status


def test_the_swap_offers_no_place_to_a_firm_whose_agency_is_held_back() -> None:
    """review38 #3, at the scale of one swap: F (rank 1, skipped for capacity) needs hb, which G (rank 2, sampled) holds
    on day 1. With nothing held back the swap gives F G's place; with (140403, hb) held back (an unmet required hb
    visit there, R-PRIORITY) F is not offered it, as the walk did not place it."""
    assert _one_swap(set()) == {"F": "sampled", "G": "capacity"}
    assert _one_swap({("140403", "hb")}) == {"F": "capacity", "G": "sampled"}


def test_a_bureau_whose_agencies_never_meet_fills_its_lottery_end_to_end(tiny_dir: Path, tmp_path: Path) -> None:
    """foreign44 F1 at the scale of a plan (review44 #6): the tiny bureau with two entries a firm, hb's officers away
    from July and um's until June. A tier-D firm of hb and um gets hb in the first half and um in the second: its two
    entries are used, and both second visits have no day beside them (R-CAP-ENTRY, held by the firm). They hold back no
    sampled visit: drawn hb firms are visited in the first half, in the very districts; the shortfalls say what holds
    them (`held_by`), selection.csv names the same rule, and the product's own check passes."""
    import pandas as pd

    from bundle import load_bundle
    from checker import check_plan
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    src = tmp_path / "bundle"
    shutil.copytree(tiny_dir / "bundle", src)
    pol = json.loads((src / "policy.json").read_text(encoding="utf-8"))
    (src / "policy.json").write_text(json.dumps({**pol, "max_entries_per_enterprise": 2}), encoding="utf-8")
    off = pd.read_csv(src / "officers.csv", dtype=str, keep_default_na=False)
    away = [(o, "2027-07-01", "2027-12-31") for o in off.officer_id if o.startswith("hb-")]
    away += [(o, "2027-01-01", "2027-06-30") for o in off.officer_id if o.startswith("um-")]
    un = pd.read_csv(src / "unavailability.csv", dtype=str, keep_default_na=False)
    un = un[~un.officer_id.str.startswith(("hb-", "um-"))]
    pd.concat([un, pd.DataFrame(away, columns=["officer_id", "start_on", "end_on"]).assign(reason="借调")]).to_csv(
        src / "unavailability.csv", index=False)
    b = load_bundle(src)
    p = make_plan(b, PlanOptions(processes=1, use_solver=False))
    held = {k: r for k, r in p.firm_held.items() if "|hb" in k}
    assert "R-CAP-ENTRY" in held.values() and set(held.values()) <= {"R-CAP-ENTRY", "R-GAP"}, p.firm_held
    out = write_plan(p, tmp_path / "plan")
    v = pd.read_csv(out / "visits.csv", dtype=str, keep_default_na=False)
    districts = {e.district for e in p.req.entries if e.key in held}
    hb_sampled = v[(v.basis == "sampled") & v.agency_ids.str.split(";").map(lambda a: "hb" in a) & v.district_code.isin(districts)]
    assert len(hb_sampled) and (hb_sampled.date <= "2027-06-30").all()
    doc = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    mine = [s for s in doc["shortfalls"] if s.get("held_by") == "enterprise" and s.get("agency") == "hb"]
    assert mine and all(s["rule"] in s["binding_zh"] and "as placed" in s["binding"] for s in mine)
    assert {s["rule"] for s in mine} == set(held.values())
    sel = pd.read_csv(out / "selection.csv", dtype=str, keep_default_na=False).set_index("enterprise_id")
    first = {}
    for s in doc["shortfalls"]:
        if s["kind"] == "mandatory":
            first.setdefault(s["id"], (s["agency"], s["rule"]))
    for firm, (a, rule) in first.items():
        assert f"agency {a} ({rule})" in sel.loc[firm, "reason_en"], (firm, sel.loc[firm, "reason_en"])
    assert check_plan(b, out) == []
