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
        assert flow.input_changes(s, up.id, up.id) == {"changed": False, "files": []}
