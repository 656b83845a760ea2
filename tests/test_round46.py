"""Round 46: a next version made from a corrected bundle through the pages (walk45 G5), a comparison that says the
input changed and which visits moved or changed officers (walk45 G6), and the triggers left out as history on the plan
page (walk45 G15). Plans by the greedy planner (`plan_use_solver=False`): the workflow needs a plan, not a solve."""

from __future__ import annotations

import shutil
from pathlib import Path

from api_helpers import make_client, page_session, token, wait_done, zip_folder
from conftest import read_rows, write_rows
from sqlmodel import Session

from api import flow
from api.models import BundleUpload, Plan, SelectionRow, VisitRow


def _corrected(tiny_dir: Path, tmp_path: Path) -> Path:
    """The tiny bundle with what a leader's return typically asks for: a complaint received in January of the plan year,
    and an officer's leave in March."""
    b = tmp_path / "corrected"
    shutil.copytree(tiny_dir / "bundle", b)
    header, rows = read_rows(b / "triggers.csv")
    first = dict(zip(header, rows[0], strict=True))
    new = {**first, "trigger_id": "T9999999", "received_on": "2027-01-05", "kind": "complaint", "urgent": "false"}
    write_rows(b / "triggers.csv", header, [*rows, [new[c] for c in header]])
    header, rows = read_rows(b / "unavailability.csv")
    leave = {"officer_id": rows[0][header.index("officer_id")], "start_on": "2027-03-01", "end_on": "2027-03-31", "reason": "病休"}
    write_rows(b / "unavailability.csv", header, [*rows, [leave.get(c, "") for c in header]])
    return b


def test_a_returned_plan_gets_its_next_version_from_a_corrected_bundle_through_the_page(tiny_dir: Path, tmp_path: Path) -> None:
    """walk45 G5: 修订 offers the year's other uploads; the version made from one supersedes the returned plan, its
    changes name the bundle, and its comparison lists the rows the correction added (R-APPROVE: the leader decides on
    what changed)."""
    client = make_client(f"sqlite:///{tmp_path / 'g5.db'}", tmp_path / "data", plan_use_solver=False)
    h = {u: token(client, u) for u in ("planner", "leader")}
    up = client.post("/api/bundles", headers=h["planner"], files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    b1 = up.json()["id"]
    v1 = client.post("/api/plans", headers=h["planner"], json={"bundle_id": b1}).json()["id"]
    assert wait_done(client, v1, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{v1}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{v1}/reject", headers=h["leader"], json={"comment": "请纳入1月5日的投诉和3月病休"}).status_code == 200

    with page_session(client, h["planner"]):
        page = client.get(f"/plans/{v1}").text
        assert 'id="rebundle-none"' in page and 'id="rebundle-form"' not in page  # nothing else uploaded for 2027 yet
        # the plan page says what the bundle's old triggers became (walk45 G15)
        assert 'id="triggers-before-year"' in page and "作为历史记录不纳入本计划" in page

    corrected = _corrected(tiny_dir, tmp_path)
    b2 = client.post("/api/bundles", headers=h["planner"],
                     files={"file": ("corrected.zip", zip_folder(corrected), "application/zip")}).json()["id"]
    with page_session(client, h["leader"]):
        r = client.post(f"/plans/{v1}/rebundle", data={"bundle_id": str(b2)}, follow_redirects=False)
        assert r.status_code == 403 and "只有计划编制人员可以修订" in r.text  # a leader does not revise
    with page_session(client, h["planner"]):
        page = client.get(f"/plans/{v1}").text
        assert 'id="rebundle-form"' in page and f'<option value="{b2}">' in page and f'<option value="{b1}">' not in page
        r = client.post(f"/plans/{v1}/rebundle", data={"bundle_id": str(b1)}, follow_redirects=False)
        assert r.status_code == 422 and "请选择另一个检查包" in r.text  # the version's own bundle is no correction
        r = client.post(f"/plans/{v1}/rebundle", data={"bundle_id": str(b2), "note": "已纳入投诉与病休"}, follow_redirects=False)
        assert r.status_code == 303, r.text
        v2 = int(r.headers["location"].rsplit("/", 1)[1])
        # a second next version of the same plan is refused, as through the API
        again = client.post(f"/plans/{v1}/rebundle", data={"bundle_id": str(b2)}, follow_redirects=False)
        assert again.status_code == 409

    p2 = wait_done(client, v2, h["planner"])
    assert p2["status"] == "done" and p2["supersedes"] == v1 and p2["version"] == 2 and p2["bundle_id"] == b2
    d = client.get(f"/api/plans/{v2}/diff", headers=h["planner"]).json()
    assert d["changes"]["bundle"] == {"from": b1, "to": b2, "filename": "corrected.zip"}
    files = {f["file"]: f for f in d["input"]["files"]}
    assert d["input"]["changed"] is True and set(files) == {"triggers.csv", "unavailability.csv"}
    assert files["triggers.csv"]["added"] == 1 and files["triggers.csv"]["removed"] == 0
    assert files["triggers.csv"]["rows"][1] == files["triggers.csv"]["rows"][0] + 1
    assert files["unavailability.csv"]["added"] == 1 and files["unavailability.csv"]["removed"] == 0
    with page_session(client, h["leader"]):
        page = client.get(f"/plans/{v2}/diff").text
        assert "检查包已更换" in page and "triggers.csv" in page and "检查包更换为" in page
        assert 'id="visits-moved"' in page and 'id="visits-restaffed"' in page
        # the note is the version's own revision note, as the policy form's is, read by the leader on its page
        assert 'id="revision-note">已纳入投诉与病休<' in client.get(f"/plans/{v2}").text


def test_the_comparison_pairs_visits_and_names_those_moved_or_restaffed(tmp_path: Path) -> None:
    """walk45 G6: visits of one firm and one set of agencies paired in date order; a changed day is `moved`, changed
    officers `restaffed` (both, where both changed); a visit with no partner in the other version is neither."""
    client = make_client(f"sqlite:///{tmp_path / 'g6.db'}", tmp_path / "data", plan_use_solver=False)
    engine = client.app.state.engine  # type: ignore[attr-defined]

    def visit(pid: int, vid: str, ent: str, agencies: str, day: str, officers: str) -> VisitRow:
        return VisitRow(plan_id=pid, visit_id=vid, date=day, enterprise_id=ent, district_code="140403", mode="onsite",
                        lead_agency_id=agencies.split(";")[0], agency_ids=agencies, item_ids="i1", officer_ids=officers,
                        team_ids="t1", basis="sampled", tier="B")

    with Session(engine) as s:
        up = BundleUpload(filename="x.zip", sha256="a" * 64, input_sha256="b" * 64, year=2027, counts={}, uploaded_by=1)
        s.add(up)
        s.flush()
        assert up.id is not None
        old, new = Plan(bundle_id=up.id, version=1, created_by=1, year=2027), Plan(bundle_id=up.id, version=2, created_by=1, year=2027)
        s.add(old)
        s.add(new)
        s.flush()
        assert old.id is not None and new.id is not None
        s.add(SelectionRow(plan_id=new.id, enterprise_id="E1", name="甲公司", tier="B", risk_score=0.2, selected=True, basis="sampled",
                             visits_planned=3, reason_zh="", reason_en=""))
        s.add_all([
            visit(old.id, "V1", "E1", "hb", "2027-03-01", "a;b"), visit(old.id, "V2", "E1", "hb", "2027-06-01", "a;b"),
            visit(old.id, "V3", "E1", "hb;um", "2027-04-01", "a;b;c;d"), visit(old.id, "V4", "E2", "hb", "2027-05-01", "a;b"),
            # the first E1 hb visit moved a day, the second kept its day with another officer, the joint one moved with
            # other officers; E2's visit is unchanged (officers in another order are the same pair); E3 is new
            visit(new.id, "W1", "E1", "hb", "2027-03-02", "b;a"), visit(new.id, "W2", "E1", "hb", "2027-06-01", "a;c"),
            visit(new.id, "W3", "E1", "hb;um", "2027-04-08", "a;b;c;e"), visit(new.id, "W4", "E2", "hb", "2027-05-01", "b;a"),
            visit(new.id, "W5", "E3", "hb", "2027-07-01", "a;b")])
        s.commit()
        out = flow.visit_changes(s, old.id, new.id)
        assert out["n_moved"] == 2 and out["n_restaffed"] == 2
        assert [(r["old"]["visit_id"], r["new"]["visit_id"]) for r in out["moved"]] == [("V1", "W1"), ("V3", "W3")]
        assert [(r["old"]["visit_id"], r["new"]["visit_id"]) for r in out["restaffed"]] == [("V2", "W2"), ("V3", "W3")]
        assert out["moved"][0]["name"] == "甲公司" and out["moved"][0]["old"]["date"] == "2027-03-01"
        # the lists stop at the limit, the counts do not
        short = flow.visit_changes(s, old.id, new.id, limit=1)
        assert len(short["moved"]) == 1 and short["n_moved"] == 2
        # one bundle for both: the input did not change
        assert flow.input_changes(s, up.id, up.id) == {"changed": False, "files": [], "registers": {}}


# ---- the year in motion: walk46 G1-G4 --------------------------------------------------------------------------
import datetime as dt  # noqa: E402

import pytest  # noqa: E402
from test_mut15_replan import books, fresh_books  # noqa: E402

from execution import Year, YearError  # noqa: E402
from execution.context import Visit  # noqa: E402
from execution.notice import week_visits  # noqa: E402
from execution.replan import officer_unavailable  # noqa: E402
from execution.reschedule import move_slots, move_visit  # noqa: E402
from execution.year import Caller  # noqa: E402


def _everyone_away(y: Year, v: Visit, today: dt.date) -> None:
    """Every officer of the visit's agencies away on its day, the visit's own last: nobody can stand in (R-REPLAN)."""
    agencies = set(v.agency_ids)
    mine = [o for o in v.officer_ids if y.reg.officers[o].agency_id in agencies]
    others = sorted(o for o, r in y.reg.officers.items() if r.agency_id in agencies and o not in mine)
    for o in [*others, *mine]:
        officer_unavailable(y, o, v.date, v.date, today, "planner")


def _triggered_single(y: Year) -> Visit:
    """The tiny bureau's first planned single-agency on-site visit of a trigger from mid-January on."""
    return next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if v.status == "planned" and v.mode == "onsite"
                and len(v.agency_ids) == 1 and v.trigger_id and v.date >= dt.date(2027, 1, 15))


def _pinned_single(y: Year, basis: str) -> Visit:
    return next(v for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id)) if v.status == "planned" and v.mode == "onsite"
                and len(v.agency_ids) == 1 and v.basis == basis and dt.date(2027, 3, 15) <= v.date <= dt.date(2027, 10, 1))


def test_a_visit_an_absence_cancelled_on_its_pinned_day_is_placed_again_after_the_freeze(tiny_year: Year) -> None:
    """walk46 G1: R-REPLAN cancels a pinned visit nobody can staff on its day (pinned visits never move), but what it was
    for is still owed (R-PRIORITY): the planner places it again after the freeze, as a change a leader approves; until
    then it is neither noticed nor recorded (R-APPROVE); refused, it is cancelled again and may be placed again."""
    y = tiny_year
    v = _pinned_single(y, "mandatory")
    today = v.date  # its own day: pinned (R-INSERT's freeze)
    assert y.pinned(v, today) and y.replan_lost(v.visit_id) is None
    _everyone_away(y, v, today)
    lost = y.replan_lost(v.visit_id)
    assert v.status == "cancelled" and lost is not None and lost["rule"] == "R-REPLAN" and "锁定" in lost["binding_zh"]
    slots = move_slots(y, v.visit_id, today)
    assert slots and all(s.day > y.freeze_until(today) for s in slots)
    ver = move_visit(y, v.visit_id, slots[0].day, today, "planner", "病休后重新安排")
    assert (v.status, v.date, ver.state, ver.changes[0]["was"]) == ("planned", slots[0].day, "submitted", "cancelled")
    assert y.replan_lost(v.visit_id) is None and lost["replaced_to"] == slots[0].day.isoformat()
    assert books(y) == fresh_books(y) and y.lawful(v) == []
    # waiting for the leader: no notice, no record (R-APPROVE)
    monday = v.date - dt.timedelta(days=v.date.weekday())
    assert v.visit_id not in week_visits(y, None, monday)
    with pytest.raises(YearError) as e:
        y.record(v.visit_id, v.date, list(v.officer_ids), dict.fromkeys(v.item_ids, "compliant"), Caller("officer"), today=v.date)
    assert e.value.rule == "R-APPROVE"
    y.reject_version(ver.number, "leader", today, "日期不合适")
    assert v.status == "cancelled" and y.replan_lost(v.visit_id) is not None and "replaced_to" not in lost
    assert books(y) == fresh_books(y)
    ver = move_visit(y, v.visit_id, slots[0].day, today, "planner", "再次安排")
    y.approve_version(ver.number, "leader", today, "同意")
    assert v.status == "planned" and v.visit_id in week_visits(y, None, monday)


def test_a_planner_cancellation_is_not_a_lost_requirement(tiny_year: Year) -> None:
    """Only R-REPLAN's cancellation is placed again: a visit a planner cancelled (企业注销) stays cancelled."""
    y = tiny_year
    v = _pinned_single(y, "mandatory")
    y.cancel_visit(v.visit_id, v.date - dt.timedelta(days=30), "planner", "企业已注销")
    assert y.replan_lost(v.visit_id) is None
    with pytest.raises(YearError) as e:
        move_slots(y, v.visit_id, v.date - dt.timedelta(days=30))
    assert e.value.status == 409 and "不能改期" in e.value.zh


def test_a_trigger_whose_visit_an_absence_cancelled_is_open_again(tiny_year: Year) -> None:
    """walk46 G2: the trigger's visit cancelled by R-REPLAN leaves the trigger without a visit (R-TRIGGER is HARD): it is
    listed open, so the board offers it again and a leader may close it; its cancelled visit is not moved instead."""
    y = tiny_year
    v = _triggered_single(y)
    today = v.date
    assert y.triggers[v.trigger_id] not in y.open_triggers()
    _everyone_away(y, v, today)
    assert v.status == "cancelled" and y.replan_lost(v.visit_id) is not None
    assert y.triggers[v.trigger_id] in y.open_triggers()
    with pytest.raises(YearError) as e:
        move_slots(y, v.visit_id, today)
    assert e.value.rule == "R-TRIGGER" and v.trigger_id in e.value.zh
    y.close_trigger(v.trigger_id, "leader", today, "已由街道办结")
    assert y.triggers[v.trigger_id] not in y.open_triggers()


def test_a_planners_move_waits_for_the_leader_before_notice_or_record(tiny_year: Year) -> None:
    """walk46 G3: a move at the firm's request is a change a leader approves (R-APPROVE); the visit holds its new day but
    is neither noticed nor recorded until approved, nor flagged overdue while it waits."""
    y = tiny_year
    v = _pinned_single(y, "sampled")
    today = v.date - dt.timedelta(days=40)
    day = move_slots(y, v.visit_id, today)[0].day
    ver = move_visit(y, v.visit_id, day, today, "planner", "企业申请改期")
    assert ver.state == "submitted" and y.awaiting_approval(v.visit_id) is ver and v.date == day
    assert v.visit_id not in week_visits(y, None, day - dt.timedelta(days=day.weekday()))
    assert v.visit_id not in y.mark_overdue(day + dt.timedelta(days=1))
    y.approve_version(ver.number, "leader", today, "同意")
    assert y.awaiting_approval(v.visit_id) is None and v.visit_id in week_visits(y, None, day - dt.timedelta(days=day.weekday()))


def test_the_year_board_lists_what_an_absence_could_not_keep_and_offers_it_again(tiny_dir: Path, tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """walk46 G4: the board names each visit R-REPLAN could not keep (visit, firm, basis, why) with 重新安排, which opens
    the visit's days after the freeze; placed again, the board says where (R-REPLAN, R-PRIORITY)."""
    import re

    from api_helpers import approved_plan
    from test_execution_api import _visits

    client, h, pid = approved_plan(tiny_dir, tmp_path, "g4.db", publish=True)
    v = next(x for x in _visits(client, h, pid) if x["mode"] == "onsite" and x["basis"] == "mandatory" and ";" not in x["agency_ids"]
             and x["date"] >= "2027-03-15")
    monkeypatch.setenv("INSPECTION_TODAY", v["date"])  # its own day: pinned
    from sqlmodel import Session

    from api import yearstore

    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        y = yearstore.read(s, client.app.state.settings, pid)  # type: ignore[attr-defined]
    agency = v["agency_ids"]
    mine = v["officer_ids"].split(";")
    for o in [*sorted(o for o, r in y.reg.officers.items() if r.agency_id == agency and o not in mine), *mine]:
        r = client.post(f"/api/plans/{pid}/year/leave", headers=h["planner"],
                        json={"officer_id": o, "start_on": v["date"], "end_on": v["date"], "kind": "leave"})
        assert r.status_code == 200, r.text
    link = f'<a class="replace-lost" href="/plans/{pid}/year/visits/{v["visit_id"]}?move=1#move">'
    with page_session(client, h["leader"]):
        board = client.get(f"/plans/{pid}/year").text
        assert 'id="replan-shortfalls"' in board and v["visit_id"] in board.split('id="replan-shortfalls"', 1)[1]
        assert "replace-lost" not in board and "待重新安排" in board  # a leader is told, not offered the planner's act
    with page_session(client, h["planner"]):
        board = client.get(f"/plans/{pid}/year").text
        assert link in board
        page = client.get(f"/plans/{pid}/year/visits/{v['visit_id']}").text
        assert 'id="replan-lost"' in page and "重新安排 place it again" in page
        page = client.get(f"/plans/{pid}/year/visits/{v['visit_id']}?move=1").text
        days = re.findall(r'name="day" value="(\d{4}-\d\d-\d\d)"', page.split('id="move-form"', 1)[1])
        assert days and all(d > v["date"] for d in days)
        r = client.post(f"/plans/{pid}/year/visits/{v['visit_id']}/move", data={"day": days[0], "reason": "病休后重新安排", "from_day": v["date"]},
                        follow_redirects=False)
        assert r.status_code == 303 and "error=" not in r.headers["location"], r.headers["location"]
        board = client.get(f"/plans/{pid}/year").text
        assert f"已重新安排至 {days[0]}" in board and link not in board


def test_check_reads_the_zipped_plan_folder_the_service_hands_out(tiny_dir: Path, tiny_greedy_plan: Path, tmp_path: Path) -> None:
    """walk46 G8: `inspection check BUNDLE folder.zip` said "Not a directory: 'folder.zip/visits.csv'". The zip is read as
    the folder it holds (flat, or one folder inside); a member pointing outside it and a damaged zip are refused as a
    plan that cannot be read (exit 2), never extracted; a breach inside the zip is still found (exit 1)."""
    import zipfile

    from typer.testing import CliRunner

    from inspection.cli import app

    runner = CliRunner()
    flat, nested, evil, broken, bad = (tmp_path / n for n in ("flat.zip", "nested.zip", "evil.zip", "broken.zip", "bad.zip"))
    files = sorted(p for p in tiny_greedy_plan.iterdir() if p.is_file())
    with zipfile.ZipFile(flat, "w") as a, zipfile.ZipFile(nested, "w") as b, zipfile.ZipFile(evil, "w") as c, zipfile.ZipFile(bad, "w") as d:
        for p in files:
            a.write(p, p.name)
            b.write(p, f"plan-1/{p.name}")
            c.write(p, p.name)
            text = p.read_text(encoding="utf-8")
            if p.name == "visits.csv":  # one visit's officers cut to one: R-PAIR breaks
                header, first, *rest = text.splitlines()
                cols = header.split(",")
                cells = first.split(",")
                cells[cols.index("officer_ids")] = cells[cols.index("officer_ids")].split(";")[0]
                text = "\n".join([header, ",".join(cells), *rest]) + "\n"
            d.writestr(p.name, text)
        c.writestr("../escaped.txt", "x")
    broken.write_bytes(flat.read_bytes()[:200])
    bundle = str(tiny_dir / "bundle")
    assert runner.invoke(app, ["check", bundle, str(flat)]).exit_code == 0
    assert runner.invoke(app, ["check", bundle, str(nested)]).exit_code == 0
    r = runner.invoke(app, ["check", bundle, str(bad)])
    assert r.exit_code == 1 and "R-PAIR" in r.output, r.output
    for z in (evil, broken):
        r = runner.invoke(app, ["check", bundle, str(z)])
        assert r.exit_code == 2 and "无法读取计划" in r.output, r.output
    assert not (tmp_path / "escaped.txt").exists()


def test_printing_one_notice_from_the_visit_page_serves_it(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """walk46 G7: the visit page's single print serves the notice as the week's print does (R-NOTICE): the visit is
    notified, its day pinned (R-INSERT), so a move is refused and a re-staffing would list it to serve again; the preview
    (GET) changes nothing; only a planner serves."""
    from api_helpers import approved_plan
    from test_execution_api import _visits

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-01")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "g7.db", publish=True)
    v = next(x for x in _visits(client, h, pid) if x["mode"] == "onsite" and x["status"] == "planned" and x["date"] >= "2027-06-01")
    vid = v["visit_id"]

    def status() -> str:
        return next(x["status"] for x in _visits(client, h, pid) if x["visit_id"] == vid)

    with page_session(client, h["planner"]):
        page = client.get(f"/plans/{pid}/year/visits/{vid}").text
        assert 'id="serve-notice-form"' in page and f'action="/plans/{pid}/year/visits/{vid}/notice"' in page
        assert client.get(f"/plans/{pid}/year/visits/{vid}/notice.pdf").content[:4] == b"%PDF" and status() == "planned"  # preview
        r = client.post(f"/plans/{pid}/year/visits/{vid}/notice", follow_redirects=False)
        assert r.status_code == 200 and r.content[:4] == b"%PDF", r.text[:300]
        assert status() == "notified"
        assert 'id="serve-notice-form"' not in client.get(f"/plans/{pid}/year/visits/{vid}").text
    r = client.get(f"/api/plans/{pid}/year/visits/{vid}/slots", headers=h["planner"])
    assert r.status_code == 409 and "已送达检查通知书" in r.text  # pinned: it never moves (R-INSERT)
    viewer = token(client, "viewer")
    other = next(x for x in _visits(client, h, pid) if x["mode"] == "onsite" and x["status"] == "planned" and x["date"] >= "2027-06-01")
    with page_session(client, viewer):
        r = client.post(f"/plans/{pid}/year/visits/{other['visit_id']}/notice", follow_redirects=False)
        assert r.status_code == 403
    assert next(x["status"] for x in _visits(client, h, pid) if x["visit_id"] == other["visit_id"]) == "planned"
    # walk46 G12: the code page remembers the language asked for, as every other page does
    code = next(x["code"] for x in _visits(client, h, pid) if x["visit_id"] == vid)
    client.cookies.clear()
    r = client.get(f"/v/{code}", params={"lang": "en"})
    assert r.status_code == 200 and r.cookies.get("lang") == "en"
    assert 'lang="en"' in client.get("/public/plans").text


def test_a_complaint_and_a_leave_from_late_december_are_entered_into_the_plan_year(tiny_year: Year) -> None:
    """walk46 G6: a complaint received after approval and before 1 January had no way in (refused "not in the plan
    year", and no bundle takes it any more); now one whose deadline reaches into the year is entered and its window is
    the year's part of it (R-TRIGGER); one whose deadline passed before the year is refused, saying so. A leave begun in
    late December is entered from 1 January, and the answer says so (R-REPLAN)."""
    from execution.insert import check_trigger
    from execution.replan import absences
    from execution.year import Trigger

    y, today = tiny_year, dt.date(2027, 1, 5)
    held = next(iter(y.triggers.values()))
    late = Trigger("TDEC", held.enterprise_id, held.agency_id, dt.date(2026, 12, 30), "complaint", False)
    check_trigger(y, late, today)  # taken
    lo, hi = y.trigger_window(late)
    assert lo == y.reg.workdays[0] and hi == y.trigger_due(late) and lo.year == hi.year == 2027
    old = Trigger("TOCT", held.enterprise_id, held.agency_id, dt.date(2026, 10, 1), "complaint", False)
    with pytest.raises(YearError) as e:
        check_trigger(y, old, today)
    assert e.value.field == "received_on" and e.value.rule == "R-TRIGGER" and "开始前已届满" in e.value.zh and "passed before" in e.value.en
    with pytest.raises(YearError):  # two years back: not the plan year's
        check_trigger(y, Trigger("T25", held.enterprise_id, held.agency_id, dt.date(2025, 12, 30), "complaint", False), today)
    o = sorted(y.reg.officers)[0]
    res = officer_unavailable(y, o, dt.date(2026, 12, 28), dt.date(2027, 1, 8), today, "planner")
    assert res.clipped_from == dt.date(2026, 12, 28) and res.as_dict()["clipped_from"] == "2026-12-28"
    a = next(a for a in absences(y) if a.officer_id == o)
    assert (a.start, a.end) == (dt.date(2027, 1, 1), dt.date(2027, 1, 8))
    assert any(e.get("action") == "officer.leave" and e.get("entered_from") == "2026-12-28" for e in y.log)
    with pytest.raises(YearError):  # a leave wholly in the year before is no absence of this plan
        officer_unavailable(y, o, dt.date(2026, 12, 1), dt.date(2026, 12, 5), today, "planner")


def test_a_closed_firm_has_every_visit_not_done_cancelled_and_leaves_next_years_register(tiny_dir: Path, tiny_year: Year,
                                                                                        tmp_path: Path) -> None:
    """walk46 G5: 企业注销 entered once cancels every visit of the firm not yet done, as one change a leader signs; the
    firm is left out of next year's bundle with every row naming it (which still loads), and listed beside it; a
    rejection plans the visits again and keeps the firm (R-APPROVE)."""
    from collections import Counter

    from bundle import load_bundle
    from execution.history import CLOSED_FILE, next_bundle

    y, today = tiny_year, dt.date(2027, 3, 1)
    firm = next(e for e, n in Counter(v.enterprise_id for v in y.visits.values()
                                      if v.status == "planned" and v.date > dt.date(2027, 4, 1)).most_common() if n >= 2)
    mine = sorted(vid for vid, v in y.visits.items() if v.enterprise_id == firm and v.status == "planned")
    with pytest.raises(YearError) as e:
        y.close_enterprise(firm, today, "planner", " ")
    assert e.value.field == "reason" and all(y.visits[vid].status == "planned" for vid in mine)
    ver = y.close_enterprise(firm, today, "planner", "2027-02-27 注销（市场监管部门公示）")
    assert ver.state == "started" and ver.kind == "cancel" and all(y.visits[vid].status == "cancelled" for vid in mine)
    assert [c["visit_id"] for c in ver.changes if c["action"] == "cancel"] == sorted(mine, key=lambda i: (y.visits[i].date, i))
    assert set(y.closed_enterprises()) == {firm}
    with pytest.raises(YearError) as e:
        y.close_enterprise(firm, today, "planner", "again")
    assert e.value.status == 409
    assert books(y) == fresh_books(y)

    days = [dt.date(2028, 1, 1) + dt.timedelta(days=i) for i in range(366)]  # a stand-in calendar for the next year
    out = next_bundle(y, tiny_dir / "bundle", tmp_path / "next" / "bundle", {d: d.weekday() < 5 for d in days})
    for f in out.glob("*.csv"):
        assert firm not in f.read_text(encoding="utf-8"), f.name
    listed = (tmp_path / "next" / CLOSED_FILE).read_text(encoding="utf-8")
    assert firm in listed and "注销" in listed and not (out / CLOSED_FILE).exists()
    nb = load_bundle(out)
    assert firm not in set(nb.enterprises.enterprise_id) and len(nb.enterprises) == len(y.reg.bundle.enterprises) - 1

    y.reject_version(ver.number, "leader", today, "企业仍在经营")
    assert y.closed_enterprises() == {} and all(y.visits[vid].status == "planned" for vid in mine)
    assert books(y) == fresh_books(y)


def test_the_visit_page_and_the_api_close_a_firm(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """walk46 G5 through the service: the visit page offers 企业已注销或停业 to a planner; the API answers the version and the
    visits cancelled; a reason is required (422, nothing stored)."""
    from api_helpers import approved_plan
    from test_execution_api import _visits

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-01")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "g5.db", publish=True)
    v = next(x for x in _visits(client, h, pid) if x["status"] == "planned" and x["date"] >= "2027-04-01")
    with page_session(client, h["planner"]):
        page = client.get(f"/plans/{pid}/year/visits/{v['visit_id']}").text
        assert f'action="/plans/{pid}/year/enterprises/{v["enterprise_id"]}/close"' in page
    url = f"/api/plans/{pid}/year/enterprises/{v['enterprise_id']}/close"
    assert client.post(url, headers=h["planner"], json={"reason": ""}).status_code == 422
    assert all(x["status"] == "planned" for x in _visits(client, h, pid) if x["enterprise_id"] == v["enterprise_id"] and x["date"] >= "2027-04-01")
    r = client.post(url, headers=h["planner"], json={"reason": "已注销"})
    assert r.status_code == 200, r.text
    cancelled = set(r.json()["cancelled"])
    assert v["visit_id"] in cancelled
    assert {x["visit_id"] for x in _visits(client, h, pid) if x["enterprise_id"] == v["enterprise_id"] and x["status"] == "cancelled"} == cancelled
