"""walk23's findings, walking the year as the auditor and as the planner in the year (records, rectification, urgent
insertions, the year's end); each a test that failed before its mend."""

from __future__ import annotations

import datetime as dt

import pytest

from execution import YearError
from execution.year import Caller
from tests.test_mut15_replan import E1, D, tiny, visit

O1, O2, O3 = "hb-140404-00", "hb-140404-01", "hb-140404-03"  # enforcement officers of team hb-140404


def test_a_recused_officer_is_not_recorded_as_present() -> None:
    """R-RECUSE: an officer never inspects an enterprise listed against them. The record counted the pair without the
    recused officer, and with two others present it stored the recused one as present as well: the case file then said
    they inspected the firm they must stay away from. Refused now, naming them; nothing stored."""
    y = tiny(visit("V", D, E1, (O1, O2)))
    y.reg.recused = {(O3, E1)}
    log = len(y.log)
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2, O3], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert e.value.rule == "R-RECUSE" and e.value.field == "officer_ids", e.value.as_dict()
    assert O3 in e.value.zh and "回避" in e.value.zh and O3 in e.value.en and "recused" in e.value.en
    assert "V" not in y.records and y.visits["V"].status == "planned" and len(y.log) == log
    assert y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D).officer_ids == (O1, O2)


def test_the_step_form_offers_only_steps_that_can_be_entered() -> None:
    """The visit page's 办理 list offered every step whatever the file held: 整改完成 again once entered, 移送处罚 for a
    visit that found nothing to transfer, 立卷归档 before the file was finished — each answered by a refusal."""
    from execution.deadlines import complete, open_steps

    y = tiny(visit("C", D, E1, (O1, O2)), visit("M", D, "91140404TRCCDTBH11", (O1, O2)))
    y.record("C", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    y.record("M", D, [O1, O2], {"hb-q": "violation"}, Caller("clerk"), rectify_by=D + dt.timedelta(days=20), today=D)
    assert open_steps(y, "C") == ["feedback"]
    assert open_steps(y, "M") == ["feedback", "transfer", "rectified"]
    later = D + dt.timedelta(days=3)
    for step in ("feedback", "transfer", "rectified"):
        complete(y, "M", step, later, "clerk", today=later)
    assert open_steps(y, "M") == ["publish", "transfer_decision"]
    complete(y, "M", "transfer_decision", later, "clerk", today=later)
    complete(y, "M", "transfer_feedback", later, "clerk", today=later)
    assert open_steps(y, "M") == ["archive", "publish"]
    # each step it leaves out is one complete() refuses on any day
    for step in ("feedback", "transfer", "rectified", "transfer_decision", "transfer_feedback"):
        with pytest.raises(YearError):
            complete(y, "M", step, later, "clerk", today=later)
    assert open_steps(y, "nothing recorded") == []


def test_a_step_entered_late_is_dated_in_the_audit_trail_by_the_day_it_was_entered() -> None:
    """R-AUDIT: who, when, what. A step entered on 31 December as done in June was logged `on` June (the claimed day
    overwrote the entry's own), so the trail read a back-filled transfer as done on time, before the year's close."""
    from execution.deadlines import complete

    y = tiny(visit("V", D, E1, (O1, O2)))
    y.record("V", D, [O1, O2], {"hb-q": "violation"}, Caller("clerk"), rectify_by=D + dt.timedelta(days=20), today=D)
    late = dt.date(2027, 12, 31)
    complete(y, "V", "transfer", D + dt.timedelta(days=1), "clerk", today=late)
    e = y.log[-1]
    assert e["action"] == "deadline.transfer" and e["on"] == late.isoformat() and e["done_on"] == "2027-06-16", e


@pytest.fixture
def year_service(tmp_path, tiny_dir, monkeypatch):  # type: ignore[no-untyped-def]
    """The tiny bureau's approved plan on 2027-06-15 (nothing in June is frozen: a record may be dated on its day)."""
    from tests.api_helpers import approved_plan, token

    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-20")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "w23.db", publish=True)
    h["auditor"] = token(client, "auditor")
    return client, h, pid


def _done_visit(client, h, pid, outcome: str = "violation"):  # type: ignore[no-untyped-def]
    """A past on-site visit of the plan recorded with its planned officers, `outcome` on every item."""
    vs = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    v = next(v for v in vs if v["mode"] == "onsite" and v["date"] < "2027-12-01" and v["status"] in ("planned", "overdue"))
    body = {"date": v["date"], "officer_ids": v["officer_ids"].split(";"), "outcomes": dict.fromkeys(v["item_ids"].split(";"), outcome)}
    if outcome != "compliant":
        body["rectify_by"] = (dt.date.fromisoformat(v["date"]) + dt.timedelta(days=10)).isoformat()
    r = client.post(f"/api/plans/{pid}/year/visits/{v['visit_id']}/record", headers=h["planner"], json=body)
    assert r.status_code == 201, r.text
    return v


def test_a_rectification_entered_shows_in_the_case_file(year_service) -> None:  # type: ignore[no-untyped-def]
    """整改完成 was stored but shown nowhere: not on the visit page (an auditor reviewing the case file saw the deadline
    and no rectification), not in the visit's JSON, and the 办理 list offered it again. The page and JSON now give the
    day it was rectified and every step entered; a deadline passed unrectified is said."""
    from api.deps import COOKIE

    client, h, pid = year_service
    v = _done_visit(client, h, pid)
    vid = v["visit_id"]
    page_url = f"/plans/{pid}/year/visits/{vid}"
    client.cookies.set(COOKIE, h["auditor"]["Authorization"].split()[1])
    assert "逾期未整改" in client.get(page_url).text  # its deadline passed weeks ago, nothing entered
    day = (dt.date.fromisoformat(v["date"]) + dt.timedelta(days=5)).isoformat()
    r = client.post(f"/api/plans/{pid}/year/visits/{vid}/steps", headers=h["planner"], json={"step": "rectified", "on": day})
    assert r.status_code == 200, r.text
    assert r.json()["record"]["rectified_on"] == day and r.json()["steps"] == {"rectified": day}
    seen = client.get(f"/api/plans/{pid}/year/visits/{vid}", headers=h["auditor"]).json()
    assert seen["record"]["rectified_on"] == day and seen["steps"] == {"rectified": day}
    page = client.get(page_url).text
    assert f"已于 {day} 整改完成" in page and f"rectified on {day}" in page and "逾期未整改" not in page
    assert 'id="steps-done"' in page
    client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
    page = client.get(page_url).text
    assert 'id="step-submit"' in page and '<option value="rectified"' not in page  # not offered again
    client.cookies.clear()


def test_the_record_form_greys_recused_officers(year_service) -> None:  # type: ignore[no-untyped-def]
    """The phone form offered an officer recused from the firm as a box to tick, which the record now refuses."""
    from api.deps import COOKIE
    from execution.year import Year

    client, h, pid = year_service
    # the approved plan's visits (not the year's: the year is first loaded below, with the recusal)
    vs = client.get(f"/api/plans/{pid}/visits", headers=h["planner"], params={"limit": 1000}).json()["items"]
    v = next(v for v in vs if v["mode"] == "onsite")
    team = v["team_ids"][0]
    officers = [o for o in client.get(f"/api/plans/{pid}/visits", headers=h["planner"], params={"team": team, "limit": 1000}).json()["items"]
                for o in o["officer_ids"] if o.startswith(team)]
    other = next(o for o in officers if o not in v["officer_ids"])  # an officer of the team not on this visit
    real = Year.__init__

    def with_recusal(self, *a, **k):  # type: ignore[no-untyped-def]
        real(self, *a, **k)
        self.reg.recused = {*self.reg.recused, (other, v["enterprise_id"])}

    Year.__init__ = with_recusal  # type: ignore[method-assign]
    try:
        client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
        page = client.get(f"/plans/{pid}/year/visits/{v['visit_id']}").text
    finally:
        Year.__init__ = real  # type: ignore[method-assign]
        client.cookies.clear()
    assert f'value="{other}" disabled' in page and "officer-recused" in page, page[:3000]


def test_a_refused_record_form_names_the_roles_in_both_languages(year_service) -> None:  # type: ignore[no-untyped-def]
    """An auditor posting the record form was told "需要执法人员账号" (an officer's account: no such role) beside "needs a
    planner, leader or admin account"."""
    from api.deps import COOKIE
    from api.security import csrf_for

    client, h, pid = year_service
    tok = h["auditor"]["Authorization"].split()[1]
    client.cookies.set(COOKIE, tok)
    try:
        r = client.post(f"/plans/{pid}/year/visits/V1/record", data={"date": "2027-06-01"}, headers={"X-CSRF-Token": csrf_for(tok)})
    finally:
        client.cookies.clear()
    assert r.status_code == 403
    assert "执法人员账号" not in r.text and "计划编制人员" in r.text and "审批领导" in r.text, r.text[-1500:]


def test_the_demo_loaded_again_keeps_its_plan(tiny_dir, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`make run` again on the demo database (to move the service day, INSPECTION_TODAY) stored the demo bundle a second
    time and then stopped on a traceback: the demo plan's year was under way, so no other plan of it may be generated
    (409). It now finds the plan of that very bundle and serves it as it is; nothing is stored again."""
    from sqlmodel import Session, select

    from api.db import make_engine
    from api.models import BundleUpload, Plan
    from api.settings import get_settings
    from bundle import load_bundle
    from inspection.cli import load_demo

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("INSPECTION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INSPECTION_PLAN_TIME_LIMIT", "1")
    get_settings.cache_clear()
    try:
        sha = load_bundle(tiny_dir / "bundle").input_sha256
        load_demo(tiny_dir / "bundle", sha)
        engine = make_engine(get_settings().database_url)
        with Session(engine) as s:
            plan = s.exec(select(Plan)).one()
            assert plan.status == "done"
            plan.state = "approved"  # the year under way: another plan of 2027 is refused (409)
            s.add(plan)
            s.commit()
        load_demo(tiny_dir / "bundle", sha)  # before: Refused 409 after storing the bundle again
        with Session(engine) as s:
            assert len(s.exec(select(Plan)).all()) == 1 and len(s.exec(select(BundleUpload)).all()) == 1
    finally:
        get_settings.cache_clear()


def test_the_board_offers_no_notices_to_print_once_the_plan_year_is_over(tmp_path, tiny_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """On 5 January the 2027 board still offered 打印本周通知书 for the week of 2028-01-03, which always answered "not in the
    plan year": every visit's day had passed, so there was nothing left to notify in any week."""
    from api.deps import COOKIE
    from tests.api_helpers import approved_plan

    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-20")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "n.db", publish=True)
    client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
    try:
        assert 'id="print-week"' in client.get(f"/plans/{pid}/year").text  # in the year, as before
        monkeypatch.setenv("INSPECTION_TODAY", "2028-01-05")
        assert 'id="print-week"' not in client.get(f"/plans/{pid}/year").text
    finally:
        client.cookies.clear()


def test_a_state_change_refused_names_the_states_in_chinese() -> None:
    """"检查 V 为 done，不能改为 notified": the state codes inside the Chinese sentence."""
    y = tiny(visit("V", D, E1, (O1, O2)))
    y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    with pytest.raises(YearError) as e:
        y.set_status("V", "notified", D, "clerk")
    assert "已检查" in e.value.zh and "已通知" in e.value.zh and "done" not in e.value.zh and "notified" not in e.value.zh, e.value.zh
    assert "is done: cannot become notified" in e.value.en


def test_the_redraw_checks_that_the_places_were_filled_in_draw_order(year_service) -> None:  # type: ignore[no-untyped-def]
    """The auditor's 复核抽签 recomputed every draw_rank and said "各级抽签序号均与计划一致", and nothing of whether the
    plan then drew by those ranks (plan.md invariants 6 and 10): a firm drawn out of turn, passing over a better rank,
    left the page green. It now checks each tier's places and order, and names whom a drawn firm passed over."""
    from sqlmodel import Session, col, select

    from api.deps import COOKIE
    from api.models import SelectionRow

    client, h, pid = year_service
    r = client.get(f"/api/plans/{pid}/redraw", headers=h["auditor"]).json()
    assert r["all_match"] and r["all_in_order"], r
    assert all(x["drawn"] <= x["places"] for x in r["tiers"].values())
    with Session(client.app.state.engine) as s:
        rows = s.exec(select(SelectionRow).where(SelectionRow.plan_id == pid, col(SelectionRow.draw_rank).is_not(None))
                      .order_by(col(SelectionRow.tier), col(SelectionRow.draw_rank))).all()
        tier = next(x.tier for x in rows if x.basis == "not_drawn")
        first = next(x for x in rows if x.tier == tier and x.basis == "sampled")
        last = [x for x in rows if x.tier == tier and x.basis == "not_drawn"][-1]
        first.basis, last.basis = "not_drawn", "sampled"  # the last rank drawn in place of the first: the ranks unchanged
        passed = first.enterprise_id
        s.add(first)
        s.add(last)
        s.commit()
    r = client.get(f"/api/plans/{pid}/redraw", headers=h["auditor"]).json()
    assert r["all_match"] and not r["all_in_order"] and passed in r["tiers"][tier]["passed_over"], r["tiers"][tier]
    client.cookies.set(COOKIE, h["auditor"]["Authorization"].split()[1])
    try:
        shown = client.get(f"/plans/{pid}/redraw?lang=zh").text
    finally:
        client.cookies.clear()
    assert "有分级未按抽签序号依次抽取" in shown and passed in shown, shown[-3000:]


def test_the_plan_page_shows_a_viewer_the_seed_the_public_page_already_shows(tmp_path, tiny_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Once the calendar year is over the seed is revealed (api.flow.seed_revealed: the public page and the plan's JSON
    show it to anyone), but the plan page told a viewer "（年度结束时公开）" until a leader pressed 结束年度."""
    from api.deps import COOKIE
    from tests.api_helpers import approved_plan, token

    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-20")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "s.db", publish=True)
    viewer = token(client, "viewer")
    seed = client.get(f"/api/plans/{pid}", headers=h["planner"]).json()["summary"]["seed"]
    client.cookies.set(COOKIE, viewer["Authorization"].split()[1])
    try:
        assert seed not in client.get(f"/plans/{pid}").text  # in the year: withheld, as before
        monkeypatch.setenv("INSPECTION_TODAY", "2028-01-05")  # the year over, not closed by a leader
        assert client.get(f"/api/public/plans/{pid}").json()["seed"] == seed
        assert client.get(f"/api/plans/{pid}", headers=viewer).json()["summary"]["seed"] == seed
        page = client.get(f"/plans/{pid}").text
        assert f'<code id="plan-seed">{seed}</code>' in page, page[:3000]
    finally:
        client.cookies.clear()


def test_selection_csv_of_a_plan_not_generated_is_refused(year_service) -> None:  # type: ignore[no-untyped-def]
    """selection.csv of a plan not generated (queued, running, failed) answered 200 with a header and no row — a plan of no enterprise,
    for the auditor's redraw — where folder.zip and /redraw answer 409 "not generated yet"."""
    from sqlmodel import Session

    from api.models import Plan

    client, h, pid = year_service
    with Session(client.app.state.engine) as s:
        done = s.get(Plan, pid)
        assert done is not None
        failed = Plan(bundle_id=done.bundle_id, created_by=done.created_by, year=done.year, status="failed")
        s.add(failed)
        s.commit()
        qid = failed.id
    for path in ("selection.csv", "folder.zip", "redraw"):
        r = client.get(f"/api/plans/{qid}/{path}", headers=h["auditor"])
        assert r.status_code == 409 and "尚未生成完成" in r.text, (path, r.status_code, r.text[:200])
    assert client.get(f"/api/plans/{pid}/selection.csv", headers=h["auditor"]).status_code == 200


def test_an_urgent_visit_started_before_approval_is_flagged_on_its_own_page(year_service) -> None:  # type: ignore[no-untyped-def]
    """R-URGENT: an urgent visit may start before approval, "flagged until it is". The board flagged it; its own page
    (the one the officers open from the code to record it) said nothing of the approval still owed."""
    from api.deps import COOKIE

    client, h, pid = year_service
    firm = client.get(f"/api/plans/{pid}/visits", headers=h["planner"], params={"limit": 1}).json()["items"][0]
    body = {"enterprise_id": firm["enterprise_id"], "agency_id": firm["lead_agency_id"], "received_on": "2027-12-20", "urgent": True}
    r = client.post(f"/api/plans/{pid}/year/triggers", headers=h["planner"], json=body)
    assert r.status_code == 201, r.text
    vid, number = r.json()["visit"]["visit_id"], r.json()["version"]
    client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
    try:
        page = client.get(f"/plans/{pid}/year/visits/{vid}").text
        assert 'id="urgent-unapproved"' in page and "待领导补批" in page, page[:3000]
        r = client.post(f"/api/plans/{pid}/year/versions/{number}/approve", headers=h["leader"], json={"comment": "同意"})
        assert r.status_code == 200, r.text
        assert 'id="urgent-unapproved"' not in client.get(f"/plans/{pid}/year/visits/{vid}").text
    finally:
        client.cookies.clear()


def test_the_year_names_the_leader_who_approved_its_plan(year_service) -> None:  # type: ignore[no-untyped-def]
    """GET /year listed version 1, the approved plan, as approved by "" with no comment: an auditor reading the year's
    versions found the plan itself signed by nobody."""
    client, h, pid = year_service
    v1 = client.get(f"/api/plans/{pid}/year", headers=h["auditor"]).json()["versions"][0]
    assert v1["kind"] == "plan" and v1["state"] == "approved"
    assert v1["approved_by"] == "leader" and v1["comment"] == "ok", v1


def test_an_agencys_board_counts_its_own_overdue_visits() -> None:
    """The deadline board of one agency (?agency=, or a user scoped to it: `inspection user scope`) filtered its
    deadlines and "done on another day" to that agency, and listed every agency's overdue visits beside them."""
    from execution.deadlines import board

    hb_only = visit("H", D, E1, (O1, O2))
    um_only = visit("U", D, "91140404TRCCDTBH11", ("um-140404-00", "um-140404-01"), agencies=("um",))
    y = tiny(hb_only, um_only)
    later = D + dt.timedelta(days=2)
    assert board(y, later)["overdue_visits"] == ["H", "U"]
    assert board(y, later, "hb")["overdue_visits"] == ["H"] and board(y, later, "um")["overdue_visits"] == ["U"]
