"""Review10: an adversarial look at the tenth round's year in motion (a closed year's plan is final, the first act claims
the year in `year_run`, the auditor reads the audit trail). Tests named for a defect failed on
that round's code and hold the mend since; tests marked "sound" check what was found to hold and fail if it breaks.
Not taken: "a year whose seed the calendar revealed still changes its plan" (docs/decisions.md, tenth round)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from api_helpers import fresh_database, make_client, postgres_url, token, wait_done, zip_folder

DAY = "2027-03-31"


def _plans(tiny_dir: Path, url: str, data: Path, n: int = 1, publish: bool = True) -> tuple[Any, dict[str, dict[str, str]], list[int]]:
    """`n` approved plans of the tiny bureau's 2027 in one service; the first published when `publish`."""
    client = make_client(url, data)
    h = {u: token(client, u) for u in ("planner", "leader", "leader2", "auditor", "viewer")}
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    assert r.status_code == 201, r.text
    plans = []
    for _ in range(n):
        pid = client.post("/api/plans", headers=h["planner"], json={"bundle_id": r.json()["id"]}).json()["id"]
        assert wait_done(client, pid, h["planner"])["status"] == "done"
        assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"]).status_code == 200
        assert client.post(f"/api/plans/{pid}/approve", headers=h["leader"], json={"comment": "ok"}).status_code == 200
        plans.append(pid)
    if publish:
        assert client.post(f"/api/plans/{plans[0]}/publish", headers=h["leader"]).status_code == 200
    return client, h, plans


def _visits(client: Any, h: dict[str, dict[str, str]], pid: int) -> list[dict[str, Any]]:
    r = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000})
    assert r.status_code == 200, r.text
    return r.json()["visits"]


def _cancel(client: Any, h: dict[str, dict[str, str]], pid: int, vid: str) -> Any:
    return client.post(f"/api/plans/{pid}/year/visits/{vid}/status", headers=h["planner"], json={"status": "cancelled", "reason": "企业已注销"})


def _planner(client: Any) -> Any:
    from sqlmodel import Session, select

    from api.models import User

    with Session(client.app.state.engine) as s:
        u = s.exec(select(User).where(User.username == "planner")).one()
        s.expunge(u)
        return u


# ---- defects ---------------------------------------------------------------------------------------------------------
def test_a_first_write_that_does_not_start_the_year_claims_it_for_ever(tiny_dir: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """DEFECT, mended after the review (high). The claim (year_run) is taken by the first *stored change*, but "running" (services.year_started,
    which publish/approve/revise consult) counts only acts: a record, a notified/done/cancelled visit, an in-year
    version. A leader's quarterly case review drawn on a year nobody has acted on yet (or a visit marked overdue by a
    planner, or a trigger closed without a visit) stores a change, claims 2027 for plan A, and leaves A "not running".
    So plan B may then be published — which supersedes A — and B's first act is refused for ever ("the 2027 plan #A is
    being carried out"), while A, superseded, is executed no more. The bureau's year has no plan that can act.
    Mend: claim only when the change makes `acted` true (or release/transfer the claim when its plan is superseded)."""
    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (a, b) = _plans(tiny_dir, f"sqlite:///{tmp_path / 'claim.db'}", tmp_path / "data", n=2)
    r = client.post(f"/api/plans/{a}/year/case-review", headers=h["leader"], json={"quarter": "2027Q1"})
    assert r.status_code == 200 and r.json()["drawn"] == [], r.text  # nothing archived yet: nothing drawn, but stored
    # A has not started by the rule every workflow step reads, so B may replace it
    r = client.post(f"/api/plans/{b}/publish", headers=h["leader"])
    assert r.status_code == 200, r.text
    assert client.get(f"/api/plans/{a}/year", headers=h["planner"]).status_code == 409  # A is superseded: not executed
    # its visit list and team calendar show the plan as approved, not that 409 (walk14: dead links on a replaced plan)
    from api.deps import COOKIE

    client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
    try:
        for path in (f"/plans/{a}/visits", f"/plans/{a}/calendar"):
            page = client.get(path, params={"lang": "zh"})
            assert page.status_code == 200 and 'id="as-year"' not in page.text, (path, page.status_code, page.text[:300])
    finally:
        client.cookies.clear()
    vb = next(x for x in _visits(client, h, b) if x["status"] == "planned" and x["date"] > "2027-06-01")
    r = _cancel(client, h, b, vb["visit_id"])
    assert r.status_code == 200, f"the published plan of 2027 cannot act: {r.text}"


def test_closing_the_year_while_a_change_is_in_flight_leaves_a_closed_year_with_a_waiting_change(
        tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DEFECT, mended after the review (medium). close_year checks "no in-year change waits" on the stored YearState and sets Plan.closed_at,
    without the year's lock and without touching YearState.lock; a change already past its load (closed_on None) stores
    after the close. Here a cancellation (a `started` version) lands in a year closed a moment before: the seed is out,
    the plan changed after it, and the change can never be rejected (reject is refused on a closed year) — only
    signed. Mend: close_year compare-and-sets the YearState lock (bump it) so an in-flight change loses its
    compare-and-set, or _store re-reads Plan.closed_at in its transaction for changes that need an open plan."""
    from sqlmodel import Session

    from api import yearstore
    from api.models import Plan
    from api.services import Refused
    from execution import YearError

    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (p,) = _plans(tiny_dir, f"sqlite:///{tmp_path / 'race.db'}", tmp_path / "data")
    visits = _visits(client, h, p)
    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-31")
    v = next(x for x in visits if x["date"] == max(y["date"] for y in visits))
    closed: list[int] = []

    def cancel_while_closing(y):  # type: ignore[no-untyped-def]
        # this change is past its load; a leader closes the year now, through the service
        r = client.post(f"/api/plans/{p}/close-year", headers=h["leader"])
        closed.append(r.status_code)
        return y.cancel_visit(v["visit_id"], dt.date(2027, 12, 31), "planner", "企业已注销")

    refused = False
    with Session(client.app.state.engine) as s:
        try:
            yearstore.change(s, client.app.state.settings, p, _planner(client), cancel_while_closing)
        except (Refused, YearError):
            refused = True
    with Session(client.app.state.engine) as s:
        is_closed = s.get(Plan, p).closed_at is not None
    summary = client.get(f"/api/plans/{p}/year", headers=h["planner"]).json()
    waiting = [x["number"] for x in summary["versions"] if x["state"] in ("submitted", "started")]
    assert closed == [200]
    assert refused or not waiting, "the cancellation was stored"
    assert not (is_closed and waiting), f"a closed year holds waiting change(s) {waiting}"


def test_the_visit_page_of_a_closed_year_offers_a_cancel_form_that_is_refused(tiny_dir: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """DEFECT, mended after the review (low). The board hides its insertion and leave forms once the year is closed, but the visit page still
    offers "取消检查 cancel the visit" (#cancel-form) for every planned, notified or overdue visit; pressing it brings
    back the R-PUBLISH refusal. Mend: visit.html shows #cancel-form only when `not y.closed_on`."""
    from api.deps import COOKIE

    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (p,) = _plans(tiny_dir, f"sqlite:///{tmp_path / 'page.db'}", tmp_path / "data")
    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-31")
    assert client.post(f"/api/plans/{p}/close-year", headers=h["leader"]).status_code == 200
    v = next(x for x in _visits(client, h, p) if x["status"] in ("planned", "notified", "overdue"))
    client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
    try:
        page = client.get(f"/plans/{p}/year/visits/{v['visit_id']}")
    finally:
        client.cookies.clear()
    assert page.status_code == 200
    r = _cancel(client, h, p, v["visit_id"])
    assert r.status_code == 409 and r.json()["detail"]["rule"] == "R-PUBLISH", r.text  # what the form would get
    assert 'id="cancel-form"' not in page.text, "the closed year's visit page offers a cancellation it refuses"


def test_a_closed_year_reads_its_past_unrecorded_visits_as_planned(tiny_dir: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """DEFECT, mended after the review (low-medium). yearstore.read returns a closed year before mark_overdue ("a closed year is not written to
    by reading it"), and nothing marks the flag without storing it. A year closed on 31 December whose board was last
    read in March keeps every visit of April–December that nobody recorded as "planned": the visit list, the API and
    the enterprise's code page (/v/{code}: 待检查 scheduled) say so for a day months past, until some change after the
    close stores the flags (R-RECORD: a visit not recorded by the end of its day is overdue). Mend: in read(), for a
    closed year, mark_overdue on the loaded copy without storing (or close_year stores the flags as it closes)."""
    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (p,) = _plans(tiny_dir, f"sqlite:///{tmp_path / 'stale.db'}", tmp_path / "data")
    assert _visits(client, h, p)  # the board is read in March (visits before 31 March flagged then)
    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-31")
    assert client.post(f"/api/plans/{p}/close-year", headers=h["leader"]).status_code == 200
    past = [x for x in _visits(client, h, p) if x["date"] < "2027-12-31" and x["status"] in ("planned", "notified")]
    shown = client.get(f"/api/v/{past[0]['code']}").json() if past else {}
    assert not past, (f"{len(past)} visits of days past read {sorted({x['status'] for x in past})} in the closed year, "
                      f"e.g. {past[0]['visit_id']} of {past[0]['date']}; its code page: {shown.get('status')}")


def test_the_auditor_cannot_read_the_newest_events_of_a_long_trail(tiny_dir: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """DEFECT, mended after the review (medium). GET /api/audit returns the first 5000 events, oldest first, with no offset or cursor: once a
    bureau's trail is longer (a record, a cancellation, an overdue flag, a step, a signature: each an event; a bureau of
    a few thousand visits passes 5000 within its year), the newest acts — the ones an audit of the year reads — are
    out of reach of the auditor, even filtered by plan. Mend: page the trail (`after`/`offset` and `limit`), or
    return the newest first."""
    from sqlmodel import Session

    from api.models import AuditEvent

    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (p,) = _plans(tiny_dir, f"sqlite:///{tmp_path / 'long.db'}", tmp_path / "data")
    with Session(client.app.state.engine) as s:  # a year's worth of ordinary acts on this plan
        s.add_all(AuditEvent(username="planner", action="deadline.feedback", plan_id=p, detail={"n": i}) for i in range(5000))
        s.commit()
    v = next(x for x in _visits(client, h, p) if x["status"] == "planned" and x["date"] > "2027-06-01")
    assert _cancel(client, h, p, v["visit_id"]).status_code == 200  # today's act
    seen: set[str] = set()
    for params in ({}, {"plan_id": p}, {"plan_id": p, "offset": 5000}, {"plan_id": p, "after": 5000}, {"order": "desc"}):
        r = client.get("/api/audit", headers=h["auditor"], params=params)
        assert r.status_code == 200, r.text
        seen |= {e["detail"].get("visit_id", "") for e in r.json() if e["action"] == "visit.cancelled"}
    assert v["visit_id"] in seen, "the newest act is not in any answer of GET /api/audit"


def test_a_closed_year_is_replaced_by_publishing_another_plan_of_that_year(tiny_dir: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """DEFECT, mended after the review (low-medium). "A closed year's plan is final" is enforced on the year board only: publish() checks
    refuse_beside_running (someone acted) but not Plan.closed_at. A 2027 plan published and closed on 31 December,
    whose board nobody used (a bureau that records its visits elsewhere), is then superseded by publishing another
    approved 2027 plan: the public index shows the new plan, open, in place of the one whose seed was revealed and
    which anyone was to redraw. Mend: publish (and approve, revise) refuse while a plan of the year is closed."""
    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (a, b) = _plans(tiny_dir, f"sqlite:///{tmp_path / 'replace.db'}", tmp_path / "data", n=2)
    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-31")
    assert client.post(f"/api/plans/{a}/close-year", headers=h["leader"]).status_code == 200
    r = client.post(f"/api/plans/{b}/publish", headers=h["leader"])
    index = client.get("/api/public/plans").json()
    assert r.status_code == 409, f"published over the closed plan #{a}: {r.text}; public index now {index}"


# ---- sound ----------------------------------------------------------------------------------------------------------
def test_a_first_act_refused_inside_its_change_claims_nothing(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sound: a first act refused by the year (YearError inside op: a cancellation without its reason) stores no
    year_run row and leaves no trace in the cached year, so the other plan of the year may still start."""
    from sqlmodel import Session, select

    from api.models import YearRun

    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (a, b) = _plans(tiny_dir, f"sqlite:///{tmp_path / 'refused.db'}", tmp_path / "data", n=2, publish=False)
    va = next(x for x in _visits(client, h, a) if x["status"] == "planned" and x["date"] > "2027-06-01")
    r = client.post(f"/api/plans/{a}/year/visits/{va['visit_id']}/status", headers=h["planner"], json={"status": "cancelled", "reason": " "})
    assert r.status_code == 422, r.text
    with Session(client.app.state.engine) as s:
        assert s.exec(select(YearRun)).all() == []
    assert {x["visit_id"]: x["status"] for x in _visits(client, h, a)}[va["visit_id"]] == "planned"
    vb = next(x for x in _visits(client, h, b) if x["status"] == "planned" and x["date"] > "2027-06-01")
    assert _cancel(client, h, b, vb["visit_id"]).status_code == 200
    with Session(client.app.state.engine) as s:
        assert s.get(YearRun, 2027).plan_id == b
    assert _cancel(client, h, a, va["visit_id"]).status_code == 409


def test_what_the_year_owes_goes_on_in_january_after_a_december_close(tiny_dir: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Sound: a December visit recorded with a violation, the year closed on 31 December, then in January of the next
    year the rectification, the feedback, the publication and the archive go on (R-DEADLINE, R-ARCHIVE), as does the
    next year's first-quarter case review (which holds December's archived files); the plan itself stays refused."""
    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (p,) = _plans(tiny_dir, f"sqlite:///{tmp_path / 'owes.db'}", tmp_path / "data")
    visits = _visits(client, h, p)
    v = next(x for x in sorted(visits, key=lambda x: x["date"], reverse=True) if x["mode"] == "onsite" and x["date"] >= "2027-12-01")
    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-31")
    items = v["item_ids"].split(";")
    r = client.post(f"/api/plans/{p}/year/visits/{v['visit_id']}/record", headers=h["planner"],
                    json={"date": v["date"], "officer_ids": v["officer_ids"].split(";"), "outcomes": {**dict.fromkeys(items, "compliant"), items[0]: "violation"},
                          "rectify_by": "2028-01-20"})
    assert r.status_code == 201, r.text
    assert client.post(f"/api/plans/{p}/close-year", headers=h["leader"]).status_code == 200
    monkeypatch.setenv("INSPECTION_TODAY", "2028-01-25")
    url = f"/api/plans/{p}/year/visits/{v['visit_id']}/steps"
    for step, on in (("rectified", "2028-01-18"), ("feedback", "2028-01-19"), ("publish", "2028-01-19"), ("transfer", "2028-01-20"),
                     ("transfer_decision", "2028-01-21"), ("transfer_feedback", "2028-01-22"), ("archive", "2028-01-25")):
        r = client.post(url, headers=h["planner"], json={"step": step, "on": on})
        assert r.status_code == 200, (step, r.text)
    r = client.post(f"/api/plans/{p}/year/case-review", headers=h["leader"], json={"quarter": "2028Q1"})
    assert r.status_code == 200 and r.json()["drawn"] == [v["visit_id"]], r.text
    other = next(x for x in _visits(client, h, p) if x["status"] == "overdue")
    r = _cancel(client, h, p, other["visit_id"])
    assert r.status_code == 409 and r.json()["detail"]["rule"] == "R-PUBLISH", r.text


def test_the_auditor_reads_the_trail_and_nothing_secret_is_in_it(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sound: the auditor reads GET /api/audit (200, the year's acts with who did them) and cannot write there; the trail
    holds no password hash, no session token and no visit code (R-CODE: a code is the enterprise's key to its visit)."""
    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (p,) = _plans(tiny_dir, f"sqlite:///{tmp_path / 'audit.db'}", tmp_path / "data")
    v = next(x for x in _visits(client, h, p) if x["status"] == "planned" and x["date"] > "2027-06-01")
    assert _cancel(client, h, p, v["visit_id"]).status_code == 200
    r = client.get("/api/audit", headers=h["auditor"])
    assert r.status_code == 200, r.text
    assert {"plan.publish", "visit.cancelled"} <= {e["action"] for e in r.json()}
    assert client.get("/api/audit", headers=h["viewer"]).status_code == 403
    assert client.post("/api/audit", headers=h["auditor"], json={}).status_code == 405
    from sqlmodel import Session, select

    from api.models import Token, User, VisitCode

    body = r.text
    with Session(client.app.state.engine) as s:
        hashes = [u.password_hash for u in s.exec(select(User)).all()]
        tokens = [t.token_sha256 for t in s.exec(select(Token)).all()]
        codes = [c.code for c in s.exec(select(VisitCode)).all()]
    secrets = [*hashes, *tokens, *(x["Authorization"].split()[1] for x in h.values()), *codes]
    assert secrets and not [x for x in secrets if x and x in body]


def _migrated_at(url: str, rev: str) -> None:
    from alembic import command
    from alembic.config import Config

    from api.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, rev)


def test_migration_0005_upgrades_a_0004_database_with_rows(tmp_path: Path) -> None:
    """Sound: a database at 0004 with rows in it upgrades to head; year_run is there, keyed by the year, empty (no
    backfill), and the rows stay."""
    import sqlalchemy as sa

    url = f"sqlite:///{tmp_path / 'old.db'}"
    _migrated_at(url, "0004_year")
    eng = sa.create_engine(url)
    with eng.begin() as c:
        c.execute(sa.text("INSERT INTO user (id, username, role, password_hash, created_at) "
                          "VALUES (1, 'p', 'planner', 'x', '2027-01-01 00:00:00')"))
    eng.dispose()
    _migrated_at(url, "head")
    eng = sa.create_engine(url)
    insp = sa.inspect(eng)
    assert {c["name"] for c in insp.get_columns("year_run")} == {"year", "plan_id", "at"}
    assert insp.get_pk_constraint("year_run")["constrained_columns"] == ["year"]
    with eng.connect() as c:
        assert c.execute(sa.text("SELECT count(*) FROM year_run")).scalar() == 0
        assert c.execute(sa.text("SELECT count(*) FROM user")).scalar() == 1
    eng.dispose()


@pytest.mark.skipif(postgres_url() is None, reason="no DATABASE_URL server")
def test_two_first_acts_on_postgresql_leave_one_plan_running(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sound: the year_run claim on PostgreSQL (the production database): of two first acts on two plans of one
    year, each past its checks before the other stored, the later commit fails on the key and stores nothing."""
    from sqlmodel import Session

    from api import yearstore
    from api.models import YearRun, YearState
    from api.services import Refused

    monkeypatch.setenv("INSPECTION_TODAY", DAY)
    client, h, (a, b) = _plans(tiny_dir, fresh_database("postgres", tmp_path), tmp_path / "data", n=2, publish=False)
    va = next(x for x in _visits(client, h, a) if x["status"] == "planned" and x["date"] > "2027-06-01")
    vb = next(x for x in _visits(client, h, b) if x["status"] == "planned" and x["date"] > "2027-06-01")

    def b_acts_while_a_does(y):  # type: ignore[no-untyped-def]
        # within one server the year's lock (race30) makes a's first act wait for b's; the key is the guard against a
        # claim from outside the process: a's claim committed from another connection while b is past its checks
        with Session(client.app.state.engine) as other:
            other.add(YearRun(year=2027, plan_id=a))
            other.commit()
        return y.cancel_visit(vb["visit_id"], dt.date(2027, 3, 31), "planner", "企业已注销")

    with Session(client.app.state.engine) as s, pytest.raises(Refused) as refused:
        yearstore.change(s, client.app.state.settings, b, _planner(client), b_acts_while_a_does)
    assert refused.value.status == 409
    assert _cancel(client, h, a, va["visit_id"]).status_code == 200  # a, which holds the year, acts
    # b stored nothing: no year of its own; a runs, so b's year is not opened at all (prod24b: one plan in force)
    r = client.get(f"/api/plans/{b}/year/visits", headers=h["planner"], params={"limit": 1000})
    assert r.status_code == 409 and f"#{a}" in r.json()["detail"]
    with Session(client.app.state.engine) as s:
        stored = {x["visit_id"]: x["status"] for x in s.get(YearState, b).state["visits"]}
        assert stored[vb["visit_id"]] == "planned"
        assert s.get(YearRun, 2027).plan_id == a
