"""Round 43: walk43's findings — a bureau adopting the product in the middle of its year (a plan whose days the calendar
overtook before approval, the words of a plan made during its year), and the year's smaller ones (a second departure,
a new firm's published result, the audit trail in Chinese)."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from execution import Year, YearError
from execution.replan import absences, officer_unavailable

ROOT = Path(__file__).resolve().parent.parent


def _busiest(y: Year) -> str:
    return Counter(o for v in y.visits.values() if v.status == "planned" for o in v.officer_ids).most_common(1)[0][0]


# ---- G10: one who has left for good leaves once -----------------------------------------------------------------------
def test_a_second_departure_of_an_officer_gone_is_refused_and_nothing_stored(tiny_year: Year) -> None:
    y = tiny_year
    o = _busiest(y)
    day = y.reg.workdays[60]
    officer_unavailable(y, o, day, None, day, "planner", kind="departed")
    before, log = len(absences(y)), len(y.log)
    later = y.reg.workdays[90]
    with pytest.raises(YearError) as e:
        officer_unavailable(y, o, later, None, later, "planner", kind="departed")
    assert e.value.status == 409 and str(day) in e.value.zh and "调离" in e.value.zh and "withdraw" in e.value.en
    assert len(absences(y)) == before and len(y.log) == log  # nothing stored, nothing in the trail
    # a leave of another officer, and a departure of one on leave, are still entered
    other = next(x for x in y.reg.officers if x != o)
    officer_unavailable(y, other, later, later, later, "planner", kind="leave")
    officer_unavailable(y, other, y.reg.workdays[100], None, later, "planner", kind="departed")
    assert [a.kind for a in absences(y) if a.officer_id == other] == ["leave", "departed"]


# ---- G13: a reason counts each rule's visits under that rule ------------------------------------------------------------
def test_a_reason_says_the_follow_up_apart_from_the_tiers_visits() -> None:
    from test_reasons_mutants import _selection_plan

    from scheduler import reasons

    plan, n = _selection_plan()
    n = {**n, "A1": 3, "C1": 2}
    got = reasons.selection_reasons(plan, Counter(n), besides={"A1": Counter(follow_up=1), "C1": Counter(triggered=1)})  # type: ignore[arg-type]
    zh, en = got["A1"]
    assert zh.startswith("A级企业全部纳入检查，计划2次（R-SAMPLE）；另有复查1次（R-FOLLOW）。"), zh
    assert en.startswith("Every tier A enterprise is inspected: 2 visit(s) planned (R-SAMPLE); besides, 1 follow-up visit(s) (R-FOLLOW)."), en
    zh, en = got["C1"]
    assert "计划1次（R-SAMPLE）；另有依线索检查1次（R-TRIGGER）" in zh and "; besides, 1 visit(s) on a trigger (R-TRIGGER)" in en
    # without them: as before, every visit under the firm's own basis
    assert reasons.selection_reasons(plan, Counter(n))["A1"][0].startswith("A级企业全部纳入检查，计划3次（R-SAMPLE）。")  # type: ignore[arg-type]


def _append(path: Path, row: dict[str, str]) -> None:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows([*rows, {k: row.get(k, "") for k in rows[0]}])


def _mid_year_bureau(tiny_dir: Path, tmp_path: Path) -> tuple[Path, str, str]:
    """The tiny bureau with a tier-D firm (credit grade D, R-TIER) also owed a follow-up (an unrectified violation last
    year, R-FOLLOW), and a complaint about it received on the plan year's second working day; the bundle, the firm,
    the trigger."""
    import shutil

    from bundle import load_bundle

    src = tmp_path / "bundle"
    shutil.copytree(tiny_dir / "bundle", src)
    b = load_bundle(src)
    grades = pd.read_csv(src / "credit_grades.csv", dtype=str)
    firm = str(grades[grades.grade == "D"].enterprise_id.iloc[0])
    agency = str(pd.read_csv(src / "inspections.csv", dtype=str).query("enterprise_id == @firm").agency_id.iloc[0])
    _append(src / "inspections.csv", {"inspection_id": "R43FU", "enterprise_id": firm, "agency_id": agency,
                                      "inspected_on": f"{b.year - 1}-06-10", "outcome": "violation", "rectified": "false"})
    _append(src / "triggers.csv", {"trigger_id": "T43JAN", "enterprise_id": firm, "agency_id": agency,
                                   "received_on": str(b.workdays[1]), "kind": "complaint", "urgent": "false"})
    return src, firm, "T43JAN"


# ---- G3 and G13 on a plan made in June, G1's notice ----------------------------------------------------------------------
def test_a_plan_made_in_june_names_its_january_complaint_truly_and_counts_each_rule_apart(tiny_dir: Path, tmp_path: Path) -> None:
    import json

    from api.services import first_plannable
    from bundle import load_bundle
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    src, firm, trig = _mid_year_bureau(tiny_dir, tmp_path)
    b = load_bundle(src)
    first = first_plannable(b, dt.date(b.year, 6, 15))
    assert first is not None
    write_plan(make_plan(b, PlanOptions(processes=1, use_solver=False, first_day=first)), tmp_path / "june")
    doc = json.loads((tmp_path / "june" / "plan.json").read_text(encoding="utf-8"))
    # G3: the complaint's window ended in January: said so under R-TRIGGER, not as leave, and in no district's line
    (mine,) = [s for s in doc["shortfalls"] if s["id"] == trig]
    assert mine["rule"] == "R-TRIGGER" and f"首个可排日{first}前已届满" in mine["binding_zh"], mine
    assert f"ended before the plan's first day {first}" in mine["binding"] and "leave" not in mine["binding"], mine
    assert "休假" not in mine["binding_zh"] and not mine.get("absent_zh"), mine
    district = str(b.enterprises.set_index("enterprise_id").district_code[firm])
    assert not [s for s in doc["shortfalls"] if s["kind"] == "capacity" and s["id"] == f"{district}/{mine['agency']}"], doc["shortfalls"]
    # G1: the plan says what it cannot know (this year's inspections before its first day)
    assert any("first_day" in n and "R-CAP-ENTRY" in n and str(first) in n for n in doc["notices"]), doc["notices"]
    # G13: the D firm's two visits under R-SAMPLE, its follow-up under R-FOLLOW
    sel = pd.read_csv(tmp_path / "june" / "selection.csv", dtype=str).set_index("enterprise_id")
    visits = pd.read_csv(tmp_path / "june" / "visits.csv", dtype=str)
    bases = Counter(visits[visits.enterprise_id == firm].basis)
    assert bases["mandatory"] == 2 and bases["follow_up"] == 1, bases
    assert sel.basis[firm] == "mandatory" and sel.visits_planned[firm] == "3"
    assert "计划2次（R-SAMPLE）；另有复查1次（R-FOLLOW）" in sel.reason_zh[firm], sel.reason_zh[firm]
    assert "2 visit(s) planned (R-SAMPLE); besides, 1 follow-up visit(s) (R-FOLLOW)" in sel.reason_en[firm]
    # the whole year, as the CLI plans it: the complaint is visited, nothing is said of a first day
    write_plan(make_plan(b, PlanOptions(processes=1, use_solver=False)), tmp_path / "year")
    whole = json.loads((tmp_path / "year" / "plan.json").read_text(encoding="utf-8"))
    assert not [s for s in whole["shortfalls"] if s["id"] == trig] and not any("first_day" in n for n in whole["notices"])


# ---- G2: a plan the calendar overtook before its approval ------------------------------------------------------------------
def test_the_leader_is_told_which_visits_the_calendar_overtook_before_approving(tiny_dir: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from api_helpers import make_client, page_session, token, wait_done, zip_folder
    from sqlmodel import Session, select

    from api.models import AuditEvent
    from api.services import first_plannable
    from bundle import load_bundle

    b = load_bundle(tiny_dir / "bundle")
    monkeypatch.setenv("INSPECTION_TODAY", f"{b.year - 1}-12-01")  # made before its year: every day ahead
    client = make_client(f"sqlite:///{tmp_path / 'g2.db'}", tmp_path / "data", plan_use_solver=False)
    app = client.app
    hp, hl = token(client, "planner"), token(client, "leader")
    bid = client.post("/api/bundles", headers=hp, files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")}).json()["id"]
    pid = client.post("/api/plans", headers=hp, json={"bundle_id": bid}).json()["id"]
    assert wait_done(client, pid, hp)["status"] == "done"
    assert client.post(f"/api/plans/{pid}/submit", headers=hp, json={"note": ""}).status_code == 200
    assert client.get(f"/api/plans/{pid}/decision", headers=hl).json()["overtaken"] is None  # before its year: nothing
    # the leader reads it on 10 March: the visits before today and those inside the freeze from today, counted
    day = dt.date(b.year, 3, 10)
    monkeypatch.setenv("INSPECTION_TODAY", day.isoformat())
    first = first_plannable(b, day)
    assert first is not None
    dates = [dt.date.fromisoformat(v["date"]) for v in client.get(f"/api/plans/{pid}/visits", headers=hl, params={"limit": 1000}).json()["items"]]
    past, frozen = sum(d < day for d in dates), sum(day <= d < first for d in dates)
    assert past and frozen, (past, frozen)
    got = client.get(f"/api/plans/{pid}/decision", headers=hl).json()["overtaken"]
    assert (got["past"], got["in_freeze"], got["first_day"]) == (past, frozen, first.isoformat()), got
    assert f"{past}项检查的日期已过" in got["zh"] and "R-INSERT" in got["en"]
    with page_session(client, hl) as c:
        html = c.get(f"/plans/{pid}").text
        assert 'id="overtaken"' in html and f"{frozen}项在冻结期内" in html
    # approved all the same: the trail keeps what the leader was told, and the audit page says it in Chinese (G12)
    assert client.post(f"/api/plans/{pid}/approve", headers=hl, json={"comment": "同意，逾期的逐项改期"}).status_code == 200
    with Session(app.state.engine) as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "plan.approve")).one()
        assert ev.detail["overtaken"] == {"first_day": first.isoformat(), "past": past, "in_freeze": frozen}
        sub = s.exec(select(AuditEvent).where(AuditEvent.action == "plan.submit")).one()
        assert "overtaken" not in sub.detail
    assert client.get(f"/api/plans/{pid}/decision", headers=hl).json()["overtaken"] is None  # decided: the year board says overdue
    with page_session(client, hl) as c:
        html = c.get("/audit").text
        assert '<span class="action-words">批准计划</span> <code>plan.approve</code>' in html
        assert '<span class="kv" data-key="overtaken">批准时已过期或在冻结期内:' in html and '<span class="kv" data-key="comment">意见:' in html


# ---- G11: a firm entered during the year is published by its name ----------------------------------------------------------
def test_a_new_firms_published_result_names_it() -> None:
    from sqlalchemy.pool import StaticPool
    from sqlmodel import Session, SQLModel, create_engine

    from api.flow import done_results
    from api.models import Plan, YearState

    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    SQLModel.metadata.create_all(engine)
    firm = "91140403MA0W43NE06"
    state = {"visits": [{"visit_id": "V1", "enterprise_id": firm, "status": "done"}], "milestones": {"V1": {"publish": "2027-07-10"}},
             "records": [{"visit_id": "V1", "date": "2027-07-06", "outcomes": {"i1": "compliant"}}],
             "added_enterprises": [{"enterprise_id": firm, "name": "长治新设建筑有限公司", "district_code": "140403"}]}
    with Session(engine) as s:
        s.add(Plan(id=1, bundle_id=1, created_by=1))
        s.add(YearState(plan_id=1, state=state))
        s.commit()
        (r,) = done_results(s, 1, {"i1": "施工质量"})
    assert r["enterprise"] == "长治新设建筑有限公司" and r["items"] == ["施工质量"], r


# ---- G12: every action the code writes has its words on the audit page ------------------------------------------------------
def _written_actions() -> set[str]:
    """The actions passed to audit(...) anywhere in api/ and execution/, f-strings expanded over their known values."""
    from execution.deadlines import STEPS
    from execution.replan import ABSENCE_ZH
    from execution.year import STATE_ZH

    found: set[str] = set()
    for path in [*(ROOT / "api").rglob("*.py"), *(ROOT / "execution").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("audit", "_audit", "AuditEvent"):
                args = [*node.args, *(k.value for k in node.keywords if k.arg == "action")]
                for a in args:
                    if isinstance(a, ast.Constant) and isinstance(a.value, str) and re.fullmatch(r"[a-z_]+\.[a-z_.]+", a.value):
                        found.add(a.value)
                    elif isinstance(a, ast.JoinedStr):
                        head = "".join(str(v.value) for v in a.values if isinstance(v, ast.Constant))
                        values = {"deadline.": STEPS, "officer.": ABSENCE_ZH, "visit.": STATE_ZH, "plan.": ("approve", "reject")}.get(head, ())
                        found |= {head + str(v) for v in values}
    return found


def test_every_action_written_to_the_trail_has_its_chinese_words() -> None:
    from api.routers.audit import ACTION_ZH, GROUP_WORDS
    from execution.replan import WITHDRAWN

    written = _written_actions() | {WITHDRAWN}
    assert {"plan.approve", "visit.record", "officer.departed", "deadline.publish", "enterprise.add", "year.next_bundle"} <= written
    assert not written - ACTION_ZH.keys(), sorted(written - ACTION_ZH.keys())
    assert not {a.split(".", 1)[0] for a in written} - GROUP_WORDS.keys()


# ---- foreign43 F1: what no plan could make holds no sampled visit back (R-PRIORITY), and the checker verifies the claim ---------
def _short_certificates(tiny_dir: Path, tmp_path: Path, agency: str = "hb", until: str = "03-31") -> Path:
    """The tiny bureau with every certificate of one agency ending on 31 March: tier D's second visit of that agency,
    90 days after a first (R-GAP), falls where no pair of its officers is certified."""
    import json
    import shutil

    src = tmp_path / "short"
    shutil.copytree(tiny_dir / "bundle", src)
    o = pd.read_csv(src / "officers.csv", dtype=str, keep_default_na=False)
    year = json.loads((src / "policy.json").read_text(encoding="utf-8"))["year"]
    o.loc[o.team_id.str.startswith(f"{agency}-"), "certificate_expires_on"] = f"{year}-{until}"
    o.to_csv(src / "officers.csv", index=False)
    return src


def test_a_second_visit_no_plan_could_make_holds_no_sampled_visit_back(tiny_dir: Path, tmp_path: Path) -> None:
    import json

    from bundle import load_bundle
    from checker import check_plan
    from checker.facts import Context
    from checker.rules import most_visits
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    src = _short_certificates(tiny_dir, tmp_path)
    b = load_bundle(src)
    p = make_plan(b, PlanOptions(processes=1, use_solver=False))
    assert p.out_of_reach, "some tier-D second hb visit is out of reach"
    write_plan(p, tmp_path / "plan")
    doc = json.loads((tmp_path / "plan" / "plan.json").read_text(encoding="utf-8"))
    far = [s for s in doc["shortfalls"] if s["kind"] == "mandatory" and s.get("agency") == "hb" and "R-GAP" in s["binding"]]
    assert far and all(s["rule"] == "R-GAP" and "no plan could make another" in s["binding"] and "(R-CERT)" in s["binding"]
                       and "间隔不少于90天（R-GAP）" in s["binding_zh"] for s in far), far
    # they hold no hb sampled visit back: no drawn firm is left out for them, none is "capacity" for R-PRIORITY
    sel = pd.read_csv(tmp_path / "plan" / "selection.csv", dtype=str)
    assert not sel[sel.reason_en.str.contains("R-PRIORITY: required visits of hb", regex=False)].shape[0]
    visits = pd.read_csv(tmp_path / "plan" / "visits.csv", dtype=str)
    sampled_hb = visits[(visits.basis == "sampled") & visits.agency_ids.str.contains("hb")]
    assert len(sampled_hb) and (sampled_hb.date <= f"{b.year}-03-31").all()  # where hb's certificates still hold
    # the checker reads the same: each such firm's hb days hold one visit 90 days apart, one is made; the plan is clean
    ctx = Context(b, tmp_path / "plan")
    firm = far[0]["id"]
    assert most_visits(ctx, firm, "hb") == 1 == int(((visits.enterprise_id == firm) & visits.agency_ids.str.contains("hb")).sum())
    assert check_plan(b, tmp_path / "plan") == []
    # a claim the days do not bear out is a finding: with a whole year of certificates, two visits fit
    whole = load_bundle(_short_certificates(tiny_dir, tmp_path / "w", until="12-31"))
    got = check_plan(whole, tmp_path / "plan")
    assert any(v.rule == "R-PRIORITY" and "says no plan could fit another visit of agency hb (R-GAP)" in v.message for v in got), got


# ---- foreign43 F3, F7, F8 -----------------------------------------------------------------------------------------------
def test_enterprises_without_remote_monitoring_is_said_not_silent(bundle_copy: Path) -> None:
    from bundle import load_bundle

    assert not [w for w in load_bundle(bundle_copy).warnings if w.column == "remote_monitoring"]
    e = pd.read_csv(bundle_copy / "enterprises.csv", dtype=str, keep_default_na=False)
    e.drop(columns=["remote_monitoring"]).to_csv(bundle_copy / "enterprises.csv", index=False)
    b = load_bundle(bundle_copy)
    (w,) = [w for w in b.warnings if w.column == "remote_monitoring"]
    assert (w.file, w.row) == ("enterprises.csv", 1) and "R-REMOTE" in w.message_zh and "R-REMOTE" in w.message_en
    assert not b.enterprises.remote_monitoring.any()  # read as no monitoring, as before: loaded, not refused


def test_a_rectification_entered_after_the_historys_day_is_not_known_on_it(tiny_year: Year) -> None:
    from execution.history import rectified_cell
    from execution.year import Caller

    y = tiny_year
    v = next(v for v in sorted(y.visits.values(), key=lambda v: v.date) if v.mode == "onsite" and v.basis == "sampled")
    due = v.date + dt.timedelta(days=30)
    y.record(v.visit_id, v.date, list(v.officer_ids), dict.fromkeys(v.item_ids, "violation"), Caller("clerk"), rectify_by=due, today=v.date)
    assert rectified_cell(y, v.visit_id, "violation", due, follow_up=True) == "false"
    y.milestones.setdefault(v.visit_id, {})["rectified"] = (due + dt.timedelta(days=5)).isoformat()
    # read on the deadline: not yet put right (foreign43 F7: it read true, and next year owed no R-FOLLOW re-check)
    assert rectified_cell(y, v.visit_id, "violation", due, follow_up=True) == "false"
    assert rectified_cell(y, v.visit_id, "violation", due + dt.timedelta(days=5), follow_up=True) == "true"
    assert rectified_cell(y, v.visit_id, "violation", None, follow_up=True) == "true"  # no day given: whatever is entered


def test_policy_shortfalls_speak_chinese_and_a_triggers_kind_is_one(bundle_copy: Path) -> None:
    import json

    from bundle import load_bundle
    from scheduler.requirements import build_requirements

    pol = json.loads((bundle_copy / "policy.json").read_text(encoding="utf-8"))
    pol.setdefault("tiers", {}).setdefault("D", {})["visits"] = 3
    pol["max_visits_per_agency_per_enterprise"], pol["max_entries_per_enterprise"] = 2, 1
    (bundle_copy / "policy.json").write_text(json.dumps(pol), encoding="utf-8")
    # a complaint to gas about a construction firm: no item of gas applies (R-ITEM), found before solving
    _append(bundle_copy / "triggers.csv", {"trigger_id": "T43GAS", "enterprise_id": "91140404C6K5774Q6B", "agency_id": "gas",
                                           "received_on": f"{pol['year']}-03-02", "kind": "complaint", "urgent": "false"})
    b = load_bundle(bundle_copy)
    from risk import score_bundle

    req = build_requirements(b, score_bundle(b, random_state=0).frame)
    policy = [s for s in req.shortfalls if s["kind"] == "policy"]
    assert {s["rule"] for s in policy} == {"R-CAP-AGENCY", "R-CAP-ENTRY"}, policy
    assert all(s.get("binding_zh") and "上限" in str(s["binding_zh"]) for s in policy), policy
    (gas,) = [s for s in req.shortfalls if s["id"] == "T43GAS"]
    assert gas["kind"] == "triggered" and gas["rule"] == "R-ITEM", gas


def test_a_city_team_with_no_share_of_a_districts_days_keeps_its_visits_within_reach(tiny_dir: Path, tmp_path: Path) -> None:
    """review43 #1: `unreachable` counted only the teams with a slice of the district's part; a city team with no share
    of its days there may still come as a guest, so two reachable second visits were called out of reach, held nothing
    back, and the checker rejected the plan. The district's own hb team is away until May and uncertified from late
    July, 140404's cut to one enforcement officer, and the city team has a small budget."""
    import shutil

    from bundle import load_bundle
    from checker import check_plan
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    src = tmp_path / "city"
    shutil.copytree(tiny_dir / "bundle", src)
    o = pd.read_csv(src / "officers.csv", dtype=str, keep_default_na=False)
    extra = [{"officer_id": f"hb-140403-1{i:02d}", "name": "新增", "team_id": "hb-140403", "role": "enforcement",
              "certificate_no": f"晋9{i:07d}", "certificate_expires_on": "2031-06-30", "training_hours": "80",
              "annual_visit_budget": "60"} for i in range(8)]
    o = pd.concat([o, pd.DataFrame(extra)], ignore_index=True)
    own = o.team_id.eq("hb-140403") & o.role.eq("enforcement")
    o.loc[own, "certificate_expires_on"] = "2027-07-23"
    o.loc[o.team_id.eq("hb-140404") & ~o.officer_id.eq("hb-140404-000"), "role"] = "auxiliary"
    o.loc[o.team_id.eq("hb-140400"), "annual_visit_budget"] = "8"
    o.to_csv(src / "officers.csv", index=False)
    u = pd.read_csv(src / "unavailability.csv", dtype=str)
    away = pd.DataFrame([{"officer_id": x, "start_on": "2027-01-01", "end_on": "2027-04-30", "reason": "training"} for x in o[own].officer_id])
    pd.concat([u, away]).to_csv(src / "unavailability.csv", index=False)
    pd.read_csv(src / "triggers.csv", dtype=str).iloc[0:0].to_csv(src / "triggers.csv", index=False)
    h = pd.read_csv(src / "inspections.csv", dtype=str, keep_default_na=False)
    h.loc[h.outcome.isin(["violation", "serious"]), "rectified"] = "true"
    h.to_csv(src / "inspections.csv", index=False)
    b = load_bundle(src)
    p = make_plan(b, PlanOptions(processes=1, use_solver=False))
    assert "hb-140400" not in [t.team_id for t in p.states["140403"].part.slices["hb"]]  # the world the finding needs
    assert not p.out_of_reach
    write_plan(p, tmp_path / "plan")
    assert check_plan(b, tmp_path / "plan") == []
