"""review46's reproductions (bench/review46/report.md), each now asserting the behaviour the round's fixes give: a closed
firm's next bundle loads (R1), a closed firm is owed and offered nothing more (R2), one trigger keeps one visit through an
absence withdrawn (R3), a refused placing never comes back through a later rejection (R4), a move waiting past its day
is on the board (R5), a notice printed by the service counts as served (R6), the comparison of workbook uploads (R7),
`check`'s zip limits (R8), and visit pairing by day (R9)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_mut15_replan import books, fresh_books
from test_round46 import _everyone_away, _pinned_single, _triggered_single

from execution import Year, YearError
from execution.reschedule import move_slots, move_visit

NEXT = [dt.date(2028, 1, 1) + dt.timedelta(days=i) for i in range(366)]


def test_r1_closed_firm_with_trigger_breaks_next_bundle(tiny_dir: Path, tiny_year: Year, tmp_path: Path) -> None:
    from bundle import load_bundle
    from execution.history import next_bundle

    y, today = tiny_year, dt.date(2027, 3, 1)
    t = sorted(y.triggers.values(), key=lambda t: t.trigger_id)[0]
    firm = t.enterprise_id
    y.close_enterprise(firm, today, "planner", "2027-02-27 注销")
    out = next_bundle(y, tiny_dir / "bundle", tmp_path / "next" / "bundle", {d: d.weekday() < 5 for d in NEXT})
    named = [f.name for f in out.glob("*.csv") if firm in f.read_text(encoding="utf-8")]
    assert named == []
    nb = load_bundle(out)  # loads: no row names the firm the register lost (bundle.md)
    assert firm not in set(nb.enterprises.enterprise_id)


def test_r1b_closed_firm_added_in_year_comes_back(tiny_dir: Path, tiny_year: Year, tmp_path: Path) -> None:
    from test_mut47 import _good

    from execution.history import next_bundle
    from execution.newfirm import add_enterprise

    y, today = tiny_year, dt.date(2027, 3, 1)
    row = add_enterprise(y, _good(y), today, "planner")
    eid = row["enterprise_id"]
    y.close_enterprise(eid, today, "planner", "注销")
    out = next_bundle(y, tiny_dir / "bundle", tmp_path / "next" / "bundle", {d: d.weekday() < 5 for d in NEXT})
    assert eid not in (out / "enterprises.csv").read_text(encoding="utf-8"), "closed firm is back in next year's register"


def test_r2_closed_firm_lost_visit_can_be_placed_again(tiny_year: Year) -> None:
    y = tiny_year
    v = _pinned_single(y, "mandatory")
    today = v.date
    _everyone_away(y, v, today)
    assert y.replan_lost(v.visit_id) is not None
    y.close_enterprise(v.enterprise_id, today, "planner", "企业已注销")
    assert v.enterprise_id in y.closed_enterprises()
    assert y.replan_lost(v.visit_id) is None  # a firm that is gone is owed nothing (R-BASIS)
    with pytest.raises(YearError) as e:
        move_slots(y, v.visit_id, today)
    assert e.value.status == 409 and v.status == "cancelled"


def test_r2b_closed_firm_trigger_stays_open(tiny_year: Year) -> None:
    y = tiny_year
    v = _triggered_single(y)
    today = v.date
    _everyone_away(y, v, today)
    y.close_enterprise(v.enterprise_id, today, "planner", "企业已注销")
    assert y.triggers[v.trigger_id] not in y.open_triggers(), "a closed firm's trigger is still listed open (R-TRIGGER)"


def test_r3_single_notice_not_seen_as_notified(tiny_year: Year) -> None:
    from execution.notice import notice_pdf
    y = tiny_year
    v = _pinned_single(y, "sampled")
    today = v.date - dt.timedelta(days=20)
    # what serve_notice_form's op does
    notice_pdf(y, [v.visit_id], "http://x", today)
    y.set_status(v.visit_id, "notified", today, "planner")
    y.mark_overdue(v.date + dt.timedelta(days=1))
    assert v.status == "overdue"
    later = v.date + dt.timedelta(days=1)
    day = move_slots(y, v.visit_id, later)[0].day
    move_visit(y, v.visit_id, day, later, "planner", "企业当日停产")
    voids = [e for e in y.log if e.get("action") == "visit.notice_void" and e.get("visit_id") == v.visit_id]
    assert voids, "the notice served for the day gone by is not voided: the firm holds a notice for the wrong day"


def test_r4_trigger_placed_again_then_absence_withdrawn_gives_two_visits(tiny_year: Year) -> None:
    from execution.insert import apply, propose
    from execution.replan import absences, withdraw_absence

    y = tiny_year
    v = _triggered_single(y)
    today = v.date
    _everyone_away(y, v, today)
    t = y.triggers[v.trigger_id]
    assert t in y.open_triggers()
    slots = propose(y, t, today)
    _, ver = apply(y, t, slots[0], today, "planner")
    y.approve_version(ver.number, "leader", today, "同意")
    # the absences were entered by mistake: withdraw them, latest first
    for a in reversed([a for a in absences(y) if not a.withdrawn_on]):
        withdraw_absence(y, a.number, today, "planner", "误登记")
    standing = [x.visit_id for x in y.visits.values() if x.trigger_id == t.trigger_id and x.status != "cancelled"]
    assert len(standing) <= 1, "one trigger, two visits standing (R-BASIS / R-TRIGGER: one visit per trigger)"


def test_r5_move_rejected_while_closed_comes_back_on_rejected_day(tiny_year: Year) -> None:
    y = tiny_year
    v = _pinned_single(y, "mandatory")
    today = v.date
    _everyone_away(y, v, today)
    day = move_slots(y, v.visit_id, today)[0].day
    mv = move_visit(y, v.visit_id, day, today, "planner", "重新安排")
    close = y.close_enterprise(v.enterprise_id, today, "planner2", "误以为注销")
    y.reject_version(mv.number, "leader", today, "日期不合适")   # the placing again is refused
    y.reject_version(close.number, "leader", today, "企业仍在经营")  # the closure refused
    assert books(y) == fresh_books(y)
    assert not (v.status == "planned" and v.date == day), "the visit stands on the day whose placing the leader refused"
    assert v.status == "cancelled" and y.replan_lost(v.visit_id) is not None  # lost to the absence, to be placed again


def test_r2c_new_trigger_for_closed_firm_is_inserted(tiny_year: Year) -> None:
    from execution.insert import propose
    from execution.year import Trigger

    y, today = tiny_year, dt.date(2027, 3, 1)
    held = next(iter(y.triggers.values()))
    y.close_enterprise(held.enterprise_id, today, "planner", "企业已注销")
    t = Trigger("TNEW1", held.enterprise_id, held.agency_id, today, "complaint", False)
    n = len(y.visits)
    with pytest.raises(YearError) as e:
        propose(y, t, today)
    assert e.value.status == 409 and e.value.rule == "R-BASIS" and "注销或停业" in e.value.zh and len(y.visits) == n


def test_r6_moved_visit_waiting_past_its_day_is_on_no_list(tiny_year: Year) -> None:
    from execution.deadlines import board
    y = tiny_year
    v = _pinned_single(y, "mandatory")
    today = v.date - dt.timedelta(days=40)
    day = move_slots(y, v.visit_id, today)[0].day
    move_visit(y, v.visit_id, day, today, "planner", "企业申请改期")
    later = day + dt.timedelta(days=10)
    y.mark_overdue(later)
    b = board(y, later)
    b = b if isinstance(b, dict) else b.__dict__
    assert v.visit_id in b["overdue_visits"] or any(w["visit_id"] == v.visit_id for w in b["waiting_late"]), \
        "a mandatory visit whose day passed while its move waited is on no list"


def test_r7_dump_load_roundtrip_after_revive_and_close(tiny_year: Year) -> None:
    import json
    y = tiny_year
    v = _pinned_single(y, "mandatory")
    today = v.date
    _everyone_away(y, v, today)
    day = move_slots(y, v.visit_id, today)[0].day
    move_visit(y, v.visit_id, day, today, "planner", "重新安排")
    other = next(x for x in y.visits.values() if x.status == "planned" and x.enterprise_id != v.enterprise_id and x.date > day)
    y.close_enterprise(other.enterprise_id, today, "planner", "注销")
    z = Year.load(y.reg.bundle, json.loads(json.dumps(y.dump())))
    assert books(z) == books(y)
    assert z.closed_enterprises() == y.closed_enterprises()
    assert z.awaiting_approval(v.visit_id) is not None and z.shortfalls == y.shortfalls


def test_r7_the_comparison_of_workbook_uploads_reads_registers_not_lines(tmp_path: Path) -> None:
    """R7: a workbook's bytes are no rows: its file is listed changed without row counts, and the registers' rows as
    loaded (the upload's counts) say what changed."""
    from api_helpers import make_client
    from sqlmodel import Session

    from api import flow
    from api.models import BundleFile, BundleUpload

    client = make_client(f"sqlite:///{tmp_path / 'r7.db'}", tmp_path / "data", plan_use_solver=False)
    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        ups = [BundleUpload(filename=f"b{i}.xlsx", sha256=str(i) * 64, input_sha256=str(i) * 64, year=2027, uploaded_by=1,
                            counts={"enterprises": 250, "triggers": 35 + i}) for i in (1, 2)]
        s.add_all(ups)
        s.flush()
        for i, up in enumerate(ups):
            s.add(BundleFile(bundle_id=up.id, name="registers.xlsx", sha256=str(i) * 64, content=bytes([i]) * 5000 + b"\n" * 300))
        s.commit()
        assert ups[0].id is not None and ups[1].id is not None
        d = flow.input_changes(s, ups[0].id, ups[1].id)
    assert d["files"] == [{"file": "registers.xlsx", "rows": (None, None), "added": None, "removed": None}]
    assert d["registers"] == {"triggers": (36, 37)} and d["changed"] is True


def test_r8_check_refuses_a_zip_beyond_its_limits(tiny_dir: Path, tiny_greedy_plan: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """R8: more members (or bytes) than a plan folder has is "cannot read the plan" (exit 2), nothing unpacked."""
    import zipfile

    from typer.testing import CliRunner

    import inspection.cli as cli

    z = tmp_path / "plan.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for p in sorted(tiny_greedy_plan.iterdir()):
            zf.write(p, p.name)
    runner = CliRunner()
    assert runner.invoke(cli.app, ["check", str(tiny_dir / "bundle"), str(z)]).exit_code == 0
    monkeypatch.setattr(cli, "PLAN_ZIP_MEMBERS", 1)
    r = runner.invoke(cli.app, ["check", str(tiny_dir / "bundle"), str(z)])
    assert r.exit_code == 2 and "不是计划文件夹" in r.output, r.output


def test_r9_a_dropped_visit_is_not_read_as_another_moved(tmp_path: Path) -> None:
    """R9: two visits of a firm, the first dropped in the new version: the second, on its same day, is not 'moved'."""
    from api_helpers import make_client
    from sqlmodel import Session

    from api import flow
    from api.models import BundleUpload, Plan, VisitRow

    client = make_client(f"sqlite:///{tmp_path / 'r9.db'}", tmp_path / "data", plan_use_solver=False)

    def visit(pid: int, vid: str, day: str) -> VisitRow:
        return VisitRow(plan_id=pid, visit_id=vid, date=day, enterprise_id="E1", district_code="140403", mode="onsite",
                        lead_agency_id="hb", agency_ids="hb", item_ids="i1", officer_ids="a;b", team_ids="t1", basis="sampled", tier="B")

    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        up = BundleUpload(filename="x.zip", sha256="a" * 64, input_sha256="b" * 64, year=2027, counts={}, uploaded_by=1)
        s.add(up)
        s.flush()
        assert up.id is not None
        old, new = Plan(bundle_id=up.id, version=1, created_by=1, year=2027), Plan(bundle_id=up.id, version=2, created_by=1, year=2027)
        s.add_all([old, new])
        s.flush()
        assert old.id is not None and new.id is not None
        s.add_all([visit(old.id, "V1", "2027-03-01"), visit(old.id, "V2", "2027-06-01"), visit(new.id, "W2", "2027-06-01")])
        s.commit()
        assert flow.visit_changes(s, old.id, new.id)["n_moved"] == 0
