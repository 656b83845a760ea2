"""race30: several users at once, and a write that fails midway (a helper's concurrent runs on PostgreSQL, round 30).
Each test fails on the code before the round."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api_helpers import approved_plan, token

TODAY = "2027-04-01"


@pytest.fixture(scope="module")
def service(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, dict[str, str]], int]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INSPECTION_TODAY", TODAY)
        client, h, pid = approved_plan(tiny_dir, tmp_path_factory.mktemp("race30"), "race30.db", publish=True)
        h["admin"] = token(client, "admin")
        h["viewer"] = token(client, "viewer")
        yield client, h, pid


def _officers(client: Any, h: dict[str, dict[str, str]], pid: int) -> list[str]:
    vs = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    return sorted({o for v in vs for o in v["officer_ids"].split(";")})


def test_a_change_whose_write_fails_is_not_stored_later_by_the_next(service, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """R-AUDIT: the year's write fails (an outage mid-change): the change answered 5xx stayed in the cached year, was
    shown at once, and was stored by the next change anyone made — without its audit events."""
    from sqlalchemy.exc import OperationalError

    import api.yearstore as ys

    client, h, pid = service
    first, second = _officers(client, h, pid)[:2]
    y = f"/api/plans/{pid}/year"
    real = ys._store
    calls = []

    def fails_once(*a: Any, **k: Any) -> bool:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE year_state", {}, RuntimeError("server closed the connection unexpectedly"))
        return real(*a, **k)

    monkeypatch.setattr(ys, "_store", fails_once)
    with pytest.raises(OperationalError):  # the service answers 503 (api.guard); the test client raises it
        client.post(f"{y}/leave", headers=h["planner"], json={"officer_id": first, "start_on": "2027-05-24", "end_on": "2027-05-24",
                                                              "kind": "leave"})
    shown = [a["officer_id"] for a in client.get(f"{y}/absences", headers=h["viewer"]).json()]
    assert first not in shown
    r = client.post(f"{y}/leave", headers=h["admin"], json={"officer_id": second, "start_on": "2027-06-14", "end_on": "2027-06-14",
                                                           "kind": "leave"})
    assert r.status_code == 200, r.text
    shown = [a["officer_id"] for a in client.get(f"{y}/absences", headers=h["viewer"]).json()]
    assert shown.count(second) == 1 and first not in shown
    audit = client.get("/api/audit", headers=h["admin"], params={"limit": 500}).json()
    events = audit["events"] if isinstance(audit, dict) else audit
    assert [e for e in events if e.get("action") == "officer.leave" and (e.get("detail") or {}).get("officer_id") == first] == []


def test_a_record_form_waiting_for_the_year_does_not_hold_the_server(service) -> None:  # type: ignore[no-untyped-def]
    """The page forms that record and correct were `async` and waited for the year's lock on the event loop: every
    other request of the server waited behind them (race30: /healthz p95 29 → 444 ms with three officers saving).
    Here the year is held while an officer's record form waits for it: the service still answers at once."""
    import threading
    import time

    import httpx

    import api.yearstore as ys
    from api.deps import COOKIE
    from api.security import csrf_for
    from tests.api_helpers import serving

    client, h, pid = service
    vs = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    v = next(v for v in vs if v["status"] in ("planned", "overdue") and v["date"] <= TODAY)
    tok = h["planner"]["Authorization"].split()[1]
    lock = ys._lock(client.app.state.settings, pid)
    with serving(client.app) as url:
        lock.acquire()
        try:
            def post() -> None:
                with httpx.Client(base_url=url, cookies={COOKIE: tok}, timeout=30) as c:
                    c.post(f"/plans/{pid}/year/visits/{v['visit_id']}/record", data={"date": v["date"], "csrf_token": csrf_for(tok)},
                           headers={"X-CSRF-Token": csrf_for(tok)})

            waiting = threading.Thread(target=post)
            waiting.start()
            time.sleep(0.5)  # the form is in, waiting for the year
            t0 = time.monotonic()
            r = httpx.get(url + "/healthz", timeout=5)
            assert r.status_code == 200 and time.monotonic() - t0 < 2
        finally:
            lock.release()
        waiting.join(30)
        assert not waiting.is_alive()


def test_a_change_loaded_beside_a_close_is_refused_as_the_year_is(tiny_dir: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """R-PUBLISH / Year.refuse_closed: the change read the plan (open) and then the year's row, already bumped by a
    close committed between the two reads, so its compare-and-set passed and a cancellation landed in a closed year
    (race30: 52 ms after the close). The plan is read again after the year's row."""
    from sqlmodel import Session, select

    import api.yearstore as ys
    from api import services
    from api.models import Plan, User

    monkeypatch.setenv("INSPECTION_TODAY", "2027-12-31")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "close.db", publish=True)
    engine = client.app.state.engine
    vs = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    v = next(v for v in vs if v["status"] in ("planned", "overdue", "notified"))
    real, closed = ys._load, []

    def close_between(session: Any, settings: Any, plan: Plan) -> Any:
        if not closed:  # the plan is read already (open); a leader's close commits before the year's row is read
            closed.append(1)
            with Session(engine) as s:
                leader = s.exec(select(User).where(User.username == "leader")).one()
                services.close_year(s, leader, s.get(Plan, pid))
        return real(session, settings, plan)

    monkeypatch.setattr(ys, "_load", close_between)
    r = client.post(f"/api/plans/{pid}/year/visits/{v['visit_id']}/status", headers=h["planner"],
                    json={"status": "cancelled", "reason": "企业已注销"})
    assert closed and r.status_code == 409, r.text
    after = client.get(f"/api/plans/{pid}/year/visits/{v['visit_id']}", headers=h["planner"]).json()
    assert after["status"] != "cancelled"


def test_two_plans_of_a_year_published_at_once_leave_one_published(tiny_dir: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """R-PUBLISH / R-APPROVE: each publication checked the year's other published plans before either wrote, and both
    plans of 2027 read "published" (race30: 4 of 4 on PostgreSQL). The year's lock makes the second see the first."""
    import threading
    import time

    from sqlmodel import Session, select

    from api import services
    from api.models import Plan, User
    from tests.api_helpers import wait_done

    monkeypatch.setenv("INSPECTION_TODAY", TODAY)
    client, h, a = approved_plan(tiny_dir, tmp_path, "pub.db")
    bundle_id = client.get(f"/api/plans/{a}", headers=h["planner"]).json()["bundle_id"]
    b = client.post("/api/plans", headers=h["planner"], json={"bundle_id": bundle_id}).json()["id"]
    assert wait_done(client, b, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{b}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{b}/approve", headers=h["leader"], json={"comment": "ok"}).status_code == 200
    real = services.refuse_older

    def slow(session: Any, plan: Any) -> None:  # the window between the checks and the writes, made wide
        real(session, plan)
        time.sleep(0.3)

    monkeypatch.setattr(services, "refuse_older", slow)
    engine, gate, answers = client.app.state.engine, threading.Barrier(2), []

    def publish(pid: int) -> None:
        with Session(engine) as s:
            leader = s.exec(select(User).where(User.username == "leader")).one()
            gate.wait()
            try:
                answers.append(services.publish(s, leader, s.get(Plan, pid)))
            except services.Refused as e:
                answers.append(f"refused {e.status}")

    threads = [threading.Thread(target=publish, args=(p,)) for p in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Session(engine) as s:
        states = {p: s.get(Plan, p).state for p in (a, b)}  # type: ignore[union-attr]
    assert list(states.values()).count("published") == 1, (states, answers)
    public = client.get("/api/public/plans").json()
    listed = public["plans"] if isinstance(public, dict) else public
    assert len([p for p in listed if p.get("year") == 2027]) == 1, listed


def test_a_login_checked_against_the_old_password_during_a_reset_gets_no_session(service, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """`inspection user passwd` ends every session; a login whose argon2 check of the old password was running at that
    moment got its token afterwards and kept it (race30: 5 of 14 timings on PostgreSQL)."""
    from sqlmodel import Session, select

    import api.security as sec
    from api.models import Token, User

    client = service[0]
    engine = client.app.state.engine
    real = sec.verify_password

    def reset_meanwhile(stored: str, password: str) -> bool:
        ok = real(stored, password)
        with Session(engine) as s:  # the administrator's reset lands while argon2 runs
            u = s.exec(select(User).where(User.username == "auditor")).one()
            sec.set_password(s, u, "a-new-long-passphrase-2027")
        return ok

    monkeypatch.setattr(sec, "verify_password", reset_meanwhile)
    r = client.post("/api/auth/token", data={"username": "auditor", "password": "auditor-pass"})
    assert r.status_code == 401, r.text
    with Session(engine) as s:
        u = s.exec(select(User).where(User.username == "auditor")).one()
        assert s.exec(select(Token).where(Token.user_id == u.id)).all() == []


def test_a_correction_made_meanwhile_is_not_overwritten_unseen(service) -> None:  # type: ignore[no-untyped-def]
    """Two officers correct one record at once: both got 200 and the first correction was lost without a word (race30).
    A correction says how many corrections it read (`corrections_seen`; the page's form always does): a record
    corrected since is refused 409, to be read again."""
    from tests.api_helpers import page_session

    client, h, pid = service
    vs = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    v = next(v for v in vs if v["mode"] == "onsite" and v["status"] in ("planned", "overdue") and v["date"] <= TODAY)
    items = v["item_ids"].split(";")
    body = {"date": v["date"], "officer_ids": v["officer_ids"].split(";"), "outcomes": dict.fromkeys(items, "compliant")}
    base = f"/api/plans/{pid}/year/visits/{v['visit_id']}"
    assert client.post(f"{base}/record", headers=h["planner"], json=body).status_code == 201
    first = {"outcomes": dict.fromkeys(items, "violation"), "rectify_by": "2027-04-30", "reason": "漏记问题", "corrections_seen": 0}
    assert client.post(f"{base}/record/correct", headers=h["planner"], json=first).status_code == 200
    second = {"outcomes": dict.fromkeys(items, "minor"), "rectify_by": "2027-04-30", "reason": "另一人同时更正", "corrections_seen": 0}
    r = client.post(f"{base}/record/correct", headers=h["admin"], json=second)
    assert r.status_code == 409 and r.json()["field"] == "corrections_seen", r.text
    assert client.get(base, headers=h["planner"]).json()["record"]["outcomes"] == first["outcomes"]
    # the page's form carries what it read
    with page_session(client, h["planner"]):
        page = client.get(f"/plans/{pid}/year/visits/{v['visit_id']}").text
    assert '<input type="hidden" name="corrections_seen" value="1">' in page
    assert client.post(f"{base}/record/correct", headers=h["admin"], json={**second, "corrections_seen": 1}).status_code == 200


def test_plans_made_at_once_fill_the_quota_in_the_order_they_were_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """job_quota: each submission counted every other active plan of its creator, those made at the same moment too,
    so four made at once with a quota of 2 were all refused (race30). A plan counts only those made before it."""
    from fastapi import HTTPException
    from sqlmodel import Session, select

    from api.db import make_engine
    from api.jobs import Jobs
    from api.models import Plan
    from api.settings import Settings
    from tests.test_ops30 import _running_plan

    url = f"sqlite:///{tmp_path / 'q.db'}"
    first = _running_plan(url)
    engine = make_engine(url)
    with Session(engine) as s:
        p = s.get(Plan, first)
        assert p is not None
        ids = []
        for _ in range(3):  # three more of the same planner, queued at the same moment
            q = Plan(bundle_id=p.bundle_id, year=2027, created_by=p.created_by, status="queued")
            s.add(q)
            s.commit()
            ids.append(q.id)
    jobs = Jobs(engine, Settings(database_url=url, data_dir=tmp_path, job_quota=2))
    monkeypatch.setattr(jobs.pool, "submit", lambda *a, **k: None)  # no job runs
    answers = []
    for pid in ids:  # each asks while the others made with it are still queued (the old count refused the first two)
        try:
            jobs.submit(pid)
            answers.append((pid, "queued"))
        except HTTPException as e:
            answers.append((pid, str(e.status_code)))
    assert dict(answers) == {ids[0]: "queued", ids[1]: "429", ids[2]: "429"}, answers
    with Session(engine) as s:
        assert sorted(x.id for x in s.exec(select(Plan))) == [first, ids[0]]
    engine.dispose()
