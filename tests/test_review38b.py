"""Review 38b (fresh eyes on 43eeca2, 6c5f625): the checker's R-PRIORITY and `_held_back` against the scheduler's own
classification of the same shortfalls (scheduler/plan.py `held_back`, scheduler/reasons.py's words). Each test failed
on 6c5f625."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture(scope="module")
def tiny38b(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from bundle import load_bundle
    from scenarios import generate
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    tmp = tmp_path_factory.mktemp("tiny38b")
    b = load_bundle(Path(generate("tiny", tmp / "w", seed=7)))
    plan = make_plan(b, PlanOptions(processes=1, use_solver=False))
    return b, plan, write_plan(plan, tmp / "p")


def _copy(out: Path, to: Path) -> Path:
    shutil.copytree(out, to)
    return to


def _mandatory_beside_sampled(out: Path) -> tuple[str, str, str, str]:
    """A mandatory on-site visit of agency a in district d by that district's own team, where the same team made a
    sampled visit in d: (visit_id, enterprise, district, agency)."""
    vis = pd.read_csv(out / "visits.csv", dtype=str, keep_default_na=False)
    for r in vis[(vis.basis == "mandatory") & (vis["mode"] == "onsite")].itertuples():
        if ";" in r.agency_ids:
            continue
        a = r.agency_ids
        same = vis[(vis.basis == "sampled") & (vis["mode"] == "onsite") & (vis.district_code == r.district_code) & (vis.agency_ids == a)]
        if len(same):
            return r.visit_id, r.enterprise_id, r.district_code, a
    raise AssertionError("no mandatory visit beside a sampled one")


def test_a_mandatory_shortfall_is_an_r_priority_breach_only_where_the_sampling_team_could_have_gone(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """review38b #1: the scheduler words a mandatory visit its part found impossible (a city team's days present
    elsewhere) "…人员在岗的工作日已分给其他辖区" (R-AVAIL); "工作日" in NOT_CAPACITY excused it, the tightened one did not,
    and a district team that made sampled visits there was called able to give way. The checker now proves it
    (`_team_can_go`, the year as window): with every officer of the district's team recused from the firm, its
    sampled visits free nothing and there is no breach; the same words with the team able to go are a breach."""
    import copy

    from checker import check_plan

    b, _, out = tiny38b
    vid, eid, district, a = _mandatory_beside_sampled(out)
    window = f"{b.year}-01-04…{b.year}-06-30"
    label = f"{a}-{district}/{a}-{district[:4]}00"
    edited = _copy(out, tmp_path / "elsewhere")
    vis = pd.read_csv(edited / "visits.csv", dtype=str, keep_default_na=False)
    vis[vis.visit_id != vid].to_csv(edited / "visits.csv", index=False)
    meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
    meta["shortfalls"].append({"kind": "mandatory", "id": eid, "agency": a, "rule": "R-AVAIL", "found": "before solving",
                               "binding_zh": f"{a}：{window}内可派队伍（{label}）人员在岗的工作日已分给其他辖区",
                               "binding": f"{a}: the days of {window} on which 2 officer(s) of one eligible team ({label}) who may go "
                                          "were present belonged to other districts (visit 1)"})
    (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    def priority(bundle) -> list[str]:  # type: ignore[no-untyped-def]
        return sorted(str(v) for v in check_plan(bundle, edited) if v.rule == "R-PRIORITY" and eid in str(v))
    able = priority(b)
    assert able and f"team {a}-{district}" in able[0], able
    barred = copy.deepcopy(b)
    team = barred.officers[barred.officers.team_id == f"{a}-{district}"].officer_id
    rows = pd.DataFrame({"officer_id": list(team), "enterprise_id": eid, "reason": "亲属 / kin"})
    barred.recusals = pd.concat([barred.recusals, rows], ignore_index=True)
    assert priority(barred) == []


def test_a_trigger_a_city_team_could_have_taken_holds_back_its_district_in_the_checker_as_in_the_scheduler(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """give_way relabels an unmet trigger its part called R-CERT/R-RECUSE "R-AVAIL" when a city team could go in its
    window (`elsewhere`), before `held_back` is read: unless `day_held`, the scheduler holds its (district, agency) back
    from the sampled walk (capacity). Its words say "…no team of the district could go in its window; … (R-AVAIL)", and
    "window" is in NOT_CAPACITY: `_held_back` leaves the pair out, so a firm the walk refused for R-PRIORITY there is
    judged against draw order (invariant 6) as though it were free."""
    from checker.facts import Context
    from checker.rules import _held_back
    from scheduler.plan import held_back

    b, plan, out = tiny38b
    t = next(e for e in plan.req.entries if e.basis == "triggered" and e.mode == "onsite")
    district, a = t.district, t.agencies[0]
    required = {district: [t]}
    assert (district, a) in held_back(required, {t.key: "R-AVAIL"}, None)  # the scheduler: held (no states: not day-held)
    edited = _copy(out, tmp_path / "trig")
    meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
    teams = f"{a}-{district[:4]}00"
    meta["shortfalls"].append({"kind": "triggered", "id": t.trigger_id, "agency": a, "rule": "R-AVAIL", "found": "after solving",
                               "binding_zh": f"{a}：本区队伍时限内无法派出；{teams}时限内的工作日已排在其他辖区，未能腾出（R-AVAIL）",
                               "binding": f"{a}: no team of the district could go in its window; {teams} worked in other districts on "
                                          "those days, and no seat was freed (R-AVAIL)"})
    (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    assert (district, a) in _held_back(Context(b, edited))


def test_a_requirement_no_plan_could_meet_holds_nothing_back(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`_held_back` (invariant 6 against R-PRIORITY): a mandatory visit unmet for R-RECUSE (every officer who could go
    recused: no plan meets it, the scheduler's IMPOSSIBLE) holds no district back, so its firms' skips are still judged
    by draw order; the same shortfall for R-AVAIL (budgets: a plan giving way could meet it) holds (district, agency)."""
    from checker.facts import Context
    from checker.rules import _held_back

    b, _, out = tiny38b
    _, eid, district, a = _mandatory_beside_sampled(out)
    got = {}
    for rule in ("R-RECUSE", "R-AVAIL"):
        edited = _copy(out, tmp_path / rule)
        meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
        meta["shortfalls"].append({"kind": "mandatory", "id": eid, "agency": a, "rule": rule, "binding": f"{a}: ({rule})"})
        (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        got[rule] = (district, a) in _held_back(Context(b, edited))
    assert got == {"R-RECUSE": False, "R-AVAIL": True}
