"""作废草稿: a draft set aside with its reason; a revision leaves the version line (api.services.discard).

Round 27's note: "a draft revision cannot be cancelled". A revision made with a wrong value held its predecessor's line
("already has a next version") until it was submitted and a leader rejected a plan nobody meant to send.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from api.models import Approval, AuditEvent, BundleUpload, Plan, User
from api.services import Refused, discard, revised_from, supersedable
from tests.api_helpers import approved_plan, make_client, page_session, token, wait_done


def _rows(tmp_path: Path) -> tuple[object, int, int]:
    """A service with v1 approved and v2, its revision, a finished draft: plan rows only, no solve."""
    client = make_client(f"sqlite:///{tmp_path / 'd.db'}", tmp_path / "data")
    with Session(client.app.state.engine) as s:
        planner = _user(s, "planner").id
        up = BundleUpload(filename="b.zip", sha256="0" * 64, input_sha256="0" * 64, year=2027, counts={}, uploaded_by=planner)
        s.add(up)
        s.commit()
        p1 = Plan(bundle_id=up.id, year=2027, created_by=planner, status="done", state="approved", version=1)
        s.add(p1)
        s.commit()
        p2 = Plan(bundle_id=up.id, year=2027, created_by=planner, status="done", state="draft", version=2, supersedes=p1.id)
        s.add(p2)
        s.commit()
        assert p1.id is not None and p2.id is not None
        return client, p1.id, p2.id


def _user(s: Session, name: str) -> User:
    return s.exec(select(User).where(User.username == name)).one()


def test_a_draft_revision_discarded_frees_its_predecessor(tmp_path: Path) -> None:
    client, v1, v2 = _rows(tmp_path)
    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        with pytest.raises(Refused) as e:
            supersedable(s, v1)
        assert e.value.status == 409 and "next version" in e.value.en
        p2 = s.get(Plan, v2)
        assert p2 is not None
        assert discard(s, _user(s, "planner"), p2, "  比例填错了 / wrong ratio  ") == "discarded"
    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        p2 = s.get(Plan, v2)
        assert p2 is not None and (p2.state, p2.supersedes, p2.status) == ("discarded", None, "done")
        assert p2.changes == {"revised_from": v1} and revised_from(p2) == v1  # what it revised is still said
        assert supersedable(s, v1).id == v1  # the line is free: v1 may be revised again
        (a,) = s.exec(select(Approval).where(Approval.plan_id == v2)).all()
        assert (a.decision, a.comment) == ("discarded", "比例填错了 / wrong ratio")
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "plan.discard")).one()
        assert ev.plan_id == v2 and {k: ev.detail[k] for k in ("supersedes", "reason")} == {"supersedes": v1, "reason": "比例填错了 / wrong ratio"}


@pytest.mark.parametrize(("who", "state", "status", "reason", "code", "word"), [
    ("leader", "draft", "done", "x", 403, "creator"),
    ("planner2", "draft", "done", "x", 403, "creator"),  # a colleague's draft is theirs (as a generation's cancel)
    ("planner", "submitted", "done", "x", 409, "submitted"),
    ("planner", "approved", "done", "x", 409, "approved"),
    ("planner", "discarded", "done", "x", 409, "discarded"),
    ("planner", "draft", "running", "x", 409, "cancel"),
    ("planner", "draft", "queued", "x", 409, "cancel"),
    ("planner", "draft", "done", "   ", 422, "reason"),
    ("planner", "draft", "done", "x" * 4001, 422, "4000"),
])
def test_what_is_not_discarded_is_refused_and_nothing_changes(tmp_path: Path, who: str, state: str, status: str, reason: str, code: int,
                                                               word: str) -> None:
    client, v1, v2 = _rows(tmp_path)
    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        p2 = s.get(Plan, v2)
        assert p2 is not None
        p2.state, p2.status = state, status
        s.add(p2)
        s.commit()
        with pytest.raises(Refused) as e:
            discard(s, _user(s, who), p2, reason)
        assert e.value.status == code and word in e.value.en and e.value.zh
    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        p2 = s.get(Plan, v2)
        assert p2 is not None and (p2.state, p2.status, p2.supersedes) == (state, status, v1)
        assert s.exec(select(Approval)).all() == [] and s.exec(select(AuditEvent).where(AuditEvent.action == "plan.discard")).all() == []


def test_the_api_discards_and_refuses(tmp_path: Path) -> None:
    client, v1, v2 = _rows(tmp_path)
    h = {u: token(client, u) for u in ("planner", "leader")}  # type: ignore[arg-type]
    r = client.post(f"/api/plans/{v2}/discard", headers=h["leader"], json={"comment": "x"})  # type: ignore[attr-defined]
    assert r.status_code == 403, r.text
    r = client.post(f"/api/plans/{v2}/discard", headers=h["planner"], json={"comment": ""})  # type: ignore[attr-defined]
    assert r.status_code == 422 and r.json()["message_en"] == "discarding a draft needs a reason", r.text
    r = client.post(f"/api/plans/{v2}/discard", headers=h["planner"], json={"reason": "x", "why": "y"})  # type: ignore[attr-defined]
    assert r.status_code == 422 and "why" in r.json()["message_en"], r.text  # a field it does not read is refused, not dropped
    r = client.post(f"/api/plans/{v2}/discard", headers=h["planner"], json={"reason": "wrong bundle"})  # type: ignore[attr-defined]
    assert r.status_code == 200 and r.json() == {"id": v2, "state": "discarded"}, r.text  # `reason`, as a withdrawal calls it
    r = client.post(f"/api/plans/{v2}/discard", headers=h["planner"], json={"comment": "again"})  # type: ignore[attr-defined]
    assert r.status_code == 409, r.text
    r = client.post(f"/api/plans/{v2}/submit", headers=h["planner"])  # type: ignore[attr-defined]
    assert r.status_code == 409 and "discarded" in r.json()["message_en"], r.text
    got = client.get(f"/api/plans/{v2}", headers=h["planner"]).json()  # type: ignore[attr-defined]
    assert got["state"] == "discarded" and got.get("supersedes") is None and got["changes"]["revised_from"] == v1

    def admin_discards(tmp: Path) -> int:
        c, _, v = _rows(tmp)
        return c.post(f"/api/plans/{v}/discard", headers=token(c, "admin"), json={"comment": "x"}).status_code  # type: ignore[attr-defined,arg-type]

    assert admin_discards(tmp_path / "admin") == 200


def test_the_plan_page_discards_a_real_revision_and_the_line_goes_on(tiny_dir: Path, tmp_path: Path) -> None:
    """Through the pages, on a generated revision: the form, the timeline, the plan list's word, and v1 revised again."""

    client, h, v1 = approved_plan(tiny_dir, tmp_path, "r.db")
    r = client.post(f"/api/plans/{v1}/revise", headers=h["planner"], json={"tiers": {"B": {"sample_ratio": 0.1}}})
    assert r.status_code == 202, r.text
    v2 = int(r.json()["id"])
    assert wait_done(client, v2, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{v1}/revise", headers=h["planner"], json={"policy": {"reserve_capacity_ratio": 0.2}}).status_code == 409
    with page_session(client, h["planner"]):
        page = client.get(f"/plans/{v2}").text
        assert 'id="discard-form"' in page and f'action="/plans/{v2}/discard"' in page
        r = client.post(f"/plans/{v2}/discard", data={"comment": "预留比例改错了"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/plans/{v2}", r.headers
        page = client.get(f"/plans/{v2}", params={"lang": "zh"}).text
        assert 'data-state="discarded"' in page and "已作废" in page and "预留比例改错了" in page and 'id="discard-form"' not in page
        assert 'data-decision="discarded"' in page and f'id="revised-from">#{v1}<' in page
    r = client.get(f"/api/plans/{v2}/diff", headers=h["planner"])
    assert r.status_code == 200, r.text  # still compared with the plan it revised (review29: "the first version")
    assert r.json()["dropped"], "the revision samples fewer tier-B firms: some are dropped"
    with page_session(client, h["planner"]):
        page = client.get(f"/plans/{v2}/diff").text
    # a dropped firm's reasons are v1's: the link named `supersedes`, None once discarded (/plans/None/why)
    import re

    linked = {int(x) for x in re.findall(r'href="/plans/(\d+)/why', page)} | set(re.findall(r'href="/plans/(None)/', page))
    # … and a firm added, moved or re-staffed is linked to the new version's (round 46: the moved and re-staffed lists)
    d = r.json()
    assert linked == {v1} | ({v2} if d["added"] or d["moved"] or d["restaffed"] else set()), linked
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get(f"/api/plans/{v2}/export.xlsx", headers=h["planner"]).content))
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "作废草稿" in cells and "discarded" not in cells  # the workbook's timeline in words
    r = client.post(f"/api/plans/{v1}/revise", headers=h["planner"], json={"policy": {"reserve_capacity_ratio": 0.2}})
    assert r.status_code == 202, r.text
    v3 = int(r.json()["id"])
    got = client.get(f"/api/plans/{v3}", headers=h["planner"]).json()
    assert got["supersedes"] == v1 and got["version"] == 3  # numbers go on past the draft set aside (review29: two 第2版)
    assert wait_done(client, v3, h["planner"])["status"] == "done"
