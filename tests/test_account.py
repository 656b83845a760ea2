"""我的账号 (api/routers/account.py) and 修改密码 (`POST /api/auth/password`, `Logins.change_password`): a user changes
their own password; the current one is checked and throttled as a login is; every other session ends and the caller
goes on with a new token; a refusal changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api_helpers import USERS, make_client, page_session, token

PW = dict((n, p) for n, _, p in USERS)
NEW = "Blue-lantern-river-47"


def _login(client: TestClient, user: str, password: str) -> int:
    return client.post("/api/auth/token", data={"username": user, "password": password}).status_code


def _me(client: TestClient, h: dict[str, str]) -> int:
    return client.get("/api/plans", headers=h).status_code


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return make_client(f"sqlite:///{tmp_path / 'acc.db'}", tmp_path / "data")


def test_a_user_changes_their_own_password_and_every_other_session_ends(client: TestClient) -> None:
    here, there = token(client, "planner"), token(client, "planner")  # two sessions: this browser, another computer
    other_user = token(client, "leader")
    r = client.post("/api/auth/password", headers=here, json={"current_password": PW["planner"], "new_password": NEW})
    assert r.status_code == 200, r.text
    new = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert (_me(client, here), _me(client, there), _me(client, new), _me(client, other_user)) == (401, 401, 200, 200)
    assert (_login(client, "planner", PW["planner"]), _login(client, "planner", NEW)) == (401, 200)
    trail = client.get("/api/audit", headers=token(client, "auditor"), params={"action": "user.password"}).json()
    events = trail if isinstance(trail, list) else trail.get("events", trail.get("items", []))
    mine = [e for e in events if e.get("action") == "user.password"]
    assert mine and mine[-1]["username"] == "planner"
    assert NEW not in r.text.replace(r.json()["access_token"], "") and NEW not in str(events)  # never the password


@pytest.mark.parametrize(("current", "new", "status", "said"), [
    ("wrong-password-1", NEW, 403, "当前密码错误 / the current password is wrong"),
    ("=", "short", 422, "at least 10 characters"),
    ("=", "password123", 422, "too common"),
    ("=", "=", 422, "must differ from the current one"),
    ("=", "x" * 1025, 422, "1024"),
])
def test_a_refused_change_changes_nothing(client: TestClient, current: str, new: str, status: int, said: str) -> None:
    current, new = (PW["planner"] if x == "=" else x for x in (current, new))  # "=": the planner's own password
    h = token(client, "planner")
    r = client.post("/api/auth/password", headers=h, json={"current_password": current, "new_password": new})
    assert r.status_code == status and said in r.text, r.text
    assert r.status_code != 401 and "WWW-Authenticate" not in r.headers  # the session itself is fine: not "log in again"
    assert _me(client, h) == 200 and _login(client, "planner", PW["planner"]) == 200


def test_guessing_the_current_password_is_throttled_as_a_login(client: TestClient) -> None:
    h = token(client, "planner")
    limit = client.app.state.settings.login_max_per_account  # type: ignore[attr-defined]
    codes = [client.post("/api/auth/password", headers=h, json={"current_password": f"guess-{i:04d}-x", "new_password": NEW}).status_code
             for i in range(limit + 1)]
    assert codes[:limit] == [403] * limit and codes[limit] == 429
    r = client.post("/api/auth/password", headers=h, json={"current_password": PW["planner"], "new_password": NEW})
    assert r.status_code == 429 and "Retry-After" in r.headers  # even the right one, until the window passes
    assert _me(client, h) == 200


def test_no_session_no_change(client: TestClient) -> None:
    r = client.post("/api/auth/password", json={"current_password": PW["planner"], "new_password": NEW})
    assert r.status_code == 401 and _login(client, "planner", PW["planner"]) == 200


def test_the_account_page_shows_the_user_and_changes_the_password(client: TestClient) -> None:
    from api.deps import COOKIE

    h = token(client, "planner")
    assert client.get("/account", follow_redirects=False).status_code == 303  # logged out: to the login page
    with page_session(client, h):
        page = client.get("/account").text
        assert 'id="me"' in page and "planner" in page and "计划编制人员" in page and 'href="/account"' in page
        assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page
        form = {"current_password": PW["planner"], "new_password": NEW, "new_password2": NEW + "x"}
        r = client.post("/account/password", data=form)
        assert r.status_code == 422 and "两次输入的新密码不一致" in r.text and "the two new passwords differ" in r.text
        r = client.post("/account/password", data={**form, "current_password": "not-my-password", "new_password2": NEW})
        assert r.status_code == 403 and "当前密码错误" in r.text
        assert _login(client, "planner", PW["planner"]) == 200
        r = client.post("/account/password", data={**form, "new_password2": NEW}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/account?changed=1")
        fresh = r.cookies.get(COOKIE)
        assert fresh and fresh != h["Authorization"].split()[1]
    assert _me(client, h) == 401 and _me(client, {"Authorization": f"Bearer {fresh}"}) == 200
    client.cookies.set(COOKIE, fresh)
    assert "密码已更改" in client.get("/account?changed=1").text
    client.cookies.clear()


def test_the_page_form_needs_its_csrf_token(client: TestClient) -> None:
    from api.deps import COOKIE

    h = token(client, "planner")
    client.cookies.set(COOKIE, h["Authorization"].split()[1])
    r = client.post("/account/password", data={"current_password": PW["planner"], "new_password": NEW, "new_password2": NEW})
    assert r.status_code == 403
    client.cookies.clear()
    assert _login(client, "planner", PW["planner"]) == 200


def test_review32b_no_password_echoed_cookie_kept_and_the_ways_back(client: TestClient) -> None:
    """review32b: a refused body never echoes a password; a change through the API with the pages' cookie keeps the
    browser logged in; the language link of a refused form and a run-out session lead back to /account."""
    from api.deps import COOKIE

    h = token(client, "planner")
    r = client.post("/api/auth/password", headers=h, json={"current_password": PW["planner"]})  # no new_password
    assert r.status_code == 422 and PW["planner"] not in r.text and "new_password" in r.json()["message_en"]
    r = client.post("/api/auth/password", headers=h, json={"current_password": PW["planner"], "new_password": "y" * 1025})
    assert r.status_code == 422 and PW["planner"] not in r.text and "y" * 1025 not in r.text
    r = client.post("/api/auth/token", data={"password": PW["planner"]})  # the login form without its name
    assert r.status_code == 422 and PW["planner"] not in r.text
    with page_session(client, h):
        r = client.post("/api/auth/password", json={"current_password": PW["planner"], "new_password": NEW})  # cookie + CSRF header
        assert r.status_code == 200 and r.cookies.get(COOKIE) == r.json()["access_token"]
        client.cookies.set(COOKIE, r.json()["access_token"])
        assert client.get("/account", follow_redirects=False).status_code == 200
        client.headers["X-CSRF-Token"] = __import__("api.security", fromlist=["csrf_for"]).csrf_for(r.json()["access_token"])
        refused = client.post("/account/password", data={"current_password": NEW, "new_password": "short", "new_password2": "short"})
        assert refused.status_code == 422 and 'href="/account?lang=en"' in refused.text
    gone = client.post("/account/password", data={"current_password": "x", "new_password": NEW, "new_password2": NEW}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/login?next=/account"
