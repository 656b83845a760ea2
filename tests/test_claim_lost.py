"""A server whose database lock another process took (api.claim.recheck "lost": a PostgreSQL restart, then a second
server started on the same database) refuses every change until the lock is its own again; reading, logging in and
out go on, and /healthz answers 503 so a load balancer stops sending it work. The PostgreSQL walk of the lock itself:
tests/test_ops30.py::test_the_database_lock_is_taken_again_after_its_connection_drops."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import claim
from tests.api_helpers import make_client, token


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    c = make_client(f"sqlite:///{tmp_path / 'l.db'}", tmp_path / "data")
    yield c
    claim._lost.pop(c.app.state.settings.database_url, None)  # type: ignore[attr-defined]


def _lose(client: TestClient, holder: str | None) -> None:
    url = client.app.state.settings.database_url  # type: ignore[attr-defined]
    if holder is None:
        claim._lost.pop(url, None)
    else:
        claim._lost[url] = holder


def test_while_the_lock_is_another_servers_changes_are_refused_and_reads_go_on(client: TestClient) -> None:
    h = token(client, "planner")
    assert client.get("/healthz").status_code == 200
    _lose(client, "inspection-server pid=77 host=b")
    r = client.post("/api/plans", headers=h, json={"bundle_id": 1})
    assert r.status_code == 503 and r.headers["retry-after"] == "30"
    assert "inspection-server pid=77 host=b" in r.json()["message_zh"] and "refuses every change" in r.json()["message_en"]
    assert client.get("/api/plans", headers=h).status_code == 200  # reading goes on
    hz = client.get("/healthz")
    assert hz.status_code == 503 and "another server process (inspection-server pid=77 host=b)" in hz.json()["message_en"]
    assert client.post("/api/auth/token", data={"username": "leader", "password": "leader-pass"}).status_code == 200  # a login
    assert client.post("/api/auth/password", headers=h, json={"current_password": "planner-pass", "new_password": "Blue-lantern-47"}).status_code == 503
    _lose(client, None)  # the lock is this server's again (recheck "retaken" or "held")
    assert client.get("/healthz").status_code == 200
    assert client.post("/api/plans", headers=h, json={"bundle_id": 1}).status_code == 404  # the route answers again: no bundle 1


def test_recheck_says_lost_and_clears_it_when_the_lock_is_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """recheck's bookkeeping without a PostgreSQL: the lock held by another process, then free again."""
    url = "postgresql+psycopg://u@h/db-lost-test"
    took = iter([False, True])

    class Conn:
        def execute(self, *a: object, **k: object) -> Conn:
            return self

        def scalar(self) -> int:
            return 0  # not ours

        def scalars(self) -> Conn:
            return self

        def all(self) -> list[str]:
            return ["inspection-server pid=9 host=x"]

        def commit(self) -> None:
            pass

        def close(self) -> None:
            pass

    monkeypatch.setattr(claim, "_lock_database", lambda u: (Conn(), next(took)))
    monkeypatch.setitem(claim._held, url, Conn())
    try:
        assert claim.recheck(url) == "lost" and claim.lost(url) == "inspection-server pid=9 host=x"
        assert claim.recheck(url) == "retaken" and claim.lost(url) is None
    finally:
        claim._lost.pop(url, None)
        claim._held.pop(url, None)


def test_a_queued_plan_is_not_run_while_the_lock_is_anothers_and_a_running_one_is_not_started_twice(tmp_path: Path,
                                                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """review32b: the other server's recovery queues this server's plans again; both ran them. Now this server's runner
    leaves a queued plan queued while the lock is another's, and a second runner of one plan finds it running."""
    import subprocess

    from api.jobs import _start
    from tests.test_jobs16 import _jobs, _row

    j, pid = _jobs(tmp_path, status="queued")
    spawned: list[object] = []
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: spawned.append(a) or pytest.fail("a job process was started"))
    claim._lost[j.settings.database_url] = "inspection-server pid=8 host=b"
    try:
        j.run(pid)
        assert spawned == [] and _row(j, pid)[0] == "queued"
    finally:
        claim._lost.pop(j.settings.database_url, None)
    assert _start(j.engine, pid) is True and _row(j, pid)[0] == "running"
    assert _start(j.engine, pid) is False and _row(j, pid)[0] == "running"  # the second runner: not its to run


def test_a_holder_named_with_a_slash_does_not_split_the_two_languages(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    url = client.app.state.settings.database_url  # type: ignore[attr-defined]

    class Conn:
        def close(self) -> None:
            pass

    monkeypatch.setattr(claim, "_lock_database", lambda u: (Conn(), False))
    monkeypatch.setattr(claim, "_holder", lambda c: "evil / name")
    monkeypatch.setitem(claim._held, url, None)
    assert claim.recheck(url) == "lost"
    r = client.post("/api/plans", headers=token(client, "planner"), json={"bundle_id": 1})
    body = r.json()
    assert r.status_code == 503 and "evil/name" in body["message_zh"] and body["message_en"].startswith("another server process (evil/name)")
