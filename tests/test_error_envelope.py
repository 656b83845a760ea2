"""One envelope for every error the API answers (api.guard.error_json).

Round 27's note: "the API has three shapes of error body" — `{"detail": "中文 / English"}`, a YearError's object under
`detail`, FastAPI's list under `detail` with the messages beside it — and an upload's problems under `errors` with no
message at all. A client had to know which route it called to read a refusal. Now every error body carries
`message_zh` and `message_en` at the top (and `field`, `rule`, `error_id`, `errors` where there are such); `detail`
keeps the shape clients have read until now.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.guard import messages
from execution import YearError
from tests.api_helpers import make_client, token, zip_folder

CJK = re.compile(r"[\u4e00-\u9fff]")


def envelope(r: object, status: int) -> dict[str, object]:
    """The body, checked: the status, both messages (Chinese in the Chinese one, none in the English one's words)."""
    assert r.status_code == status, (r.status_code, r.text[:300])  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    zh, en = body.get("message_zh"), body.get("message_en")
    assert isinstance(zh, str) and isinstance(en, str) and zh and en, body
    assert CJK.search(zh) and not CJK.search(en.split(":", 1)[0]), body
    assert "detail" in body, body
    return dict(body)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    tmp = tmp_path_factory.mktemp("envelope")
    c = make_client(f"sqlite:///{tmp / 'e.db'}", tmp / "data")

    @c.app.get("/api/boom")  # type: ignore[attr-defined]
    def boom() -> None:
        raise RuntimeError("an unexpected failure")

    return TestClient(c.app, raise_server_exceptions=False)


def test_every_kind_of_refusal_has_both_messages_at_the_top(client: TestClient) -> None:
    h = {u: token(client, u) for u in ("planner", "leader")}
    body = envelope(client.get("/api/plans"), 401)  # not logged in
    assert body["detail"] == f"{body['message_zh']} / {body['message_en']}"
    envelope(client.post("/api/plans/1/cancel", headers=h["leader"]), 403)  # the wrong role
    body = envelope(client.get("/api/no-such-address"), 404)  # Starlette's own 404, in both languages
    assert body["message_en"] == "not found"
    envelope(client.delete("/api/plans", headers=h["planner"]), 405)
    body = envelope(client.get("/api/plans/99999", headers=h["planner"]), 404)  # a refusal of ours (services.Refused)
    assert body["detail"] == f"{body['message_zh']} / {body['message_en']}" and "plan" in str(body["message_en"])
    body = envelope(client.post("/api/plans", headers=h["planner"], json={"bundle_id": "x"}), 422)  # FastAPI's validation
    assert isinstance(body["detail"], list) and "bundle_id" in str(body["message_en"])  # FastAPI's list kept for its clients
    body = envelope(client.post("/api/auth/token", data={"username": "planner\x00", "password": "x"}), 422)  # a NUL
    assert "username" in str(body["message_en"])
    body = envelope(client.get("/api/boom"), 500)
    assert body["error_id"] and str(body["error_id"]) in str(body["message_zh"]) and "unexpected failure" not in str(body)
    r = client.post("/api/bundles", headers={**h["planner"], "Content-Length": str(10**10)}, content=b"")
    envelope(r, 413)


def test_an_upload_refused_names_its_first_problems_in_the_messages(client: TestClient, tiny_dir: Path) -> None:
    """The upload's 422 had only `errors`: a client reading `message_*` (as every other refusal) read nothing."""
    h = token(client, "planner")
    good = zip_folder(tiny_dir / "bundle")
    src, out = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            data = src.read(name)
            if name.endswith("officers.csv"):
                lines = data.decode("utf-8").splitlines()
                lines[1] = lines[1].replace(",", ",,", 1)  # one cell too many on row 2
                data = ("\n".join(lines) + "\n").encode("utf-8")
            z.writestr(name, data)
    body = envelope(client.post("/api/bundles", headers=h, files={"file": ("b.zip", out.getvalue(), "application/zip")}), 422)
    errors = body["errors"]
    assert isinstance(errors, list) and errors and all({"file", "row", "column"} <= set(e) for e in errors)
    first = errors[0]
    assert f"{first['file']}:{first['row']}:{first['column']}" in str(body["message_en"])
    assert str(len(errors)) in str(body["message_zh"]) and "nothing stored" in str(body["message_en"])


def test_a_year_error_gives_its_field_and_rule_at_the_top() -> None:
    e = YearError("reason", "撤销登记须写明原因", "withdrawing an absence needs a reason", "R-REPLAN")
    assert messages(e.as_dict()) == ("撤销登记须写明原因", "withdrawing an absence needs a reason", {"field": "reason", "rule": "R-REPLAN"})
    assert messages("没有 / none") == ("没有", "none", {})
    assert messages("one language only") == ("one language only", "one language only", {})
    assert messages(["a", "list"])[0] == "请求被拒绝"


def test_a_refusal_quoting_what_the_user_typed_keeps_its_two_messages_apart(tmp_path: Path) -> None:
    """review29: the messages were split at the first " / ", and a date range typed "2027-05-01 / 2027-05-02" split the
    Chinese message in the middle of the user's text."""
    from tests.test_discard_draft import _rows

    client, v1, _ = _rows(tmp_path)
    h = token(client, "planner")  # type: ignore[arg-type]
    r = client.post(f"/api/plans/{v1}/revise", headers=h, json={"avoid_dates": ["2027-05-01 / 2027-05-02"]})  # type: ignore[attr-defined]
    body = envelope(r, 422)
    assert body["message_zh"] == "日期 2027-05-01 / 2027-05-02 应为本年度的 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD", body
    assert str(body["message_en"]).startswith("date 2027-05-01 / 2027-05-02 must be"), body
    assert body["detail"] == f"{body['message_zh']} / {body['message_en']}"


def test_malformed_json_and_an_unknown_revision_field_are_named(tmp_path: Path) -> None:
    """walk29: bad JSON read "1：JSON 格式错误" (a character position as if a field), and a revision's unknown key
    answered "the revision changes nothing"."""
    from tests.test_discard_draft import _rows

    client, v1, _ = _rows(tmp_path)
    h = {**token(client, "planner"), "Content-Type": "application/json"}  # type: ignore[arg-type]
    body = envelope(client.post(f"/api/plans/{v1}/revise", headers=h, content=b'{"policy": '), 422)  # type: ignore[attr-defined]
    assert str(body["message_zh"]).startswith("请求格式错误 · body：JSON 格式错误"), body
    body = envelope(client.post(f"/api/plans/{v1}/revise", headers=h, json={"ratio_B": 30}), 422)  # type: ignore[attr-defined]
    assert "ratio_B" in str(body["message_en"]) and "ratio_B" in str(body["message_zh"]), body
    body = envelope(client.post(f"/api/plans/{v1}/revise", headers=h, json={"tiers": {"B": {"ratio": 30}}}), 422)  # type: ignore[attr-defined]
    assert "tiers.B.ratio" in str(body["message_en"]), body
