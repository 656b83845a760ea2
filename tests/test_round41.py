"""Round 41: the scheduler's state refuses a second booking of one agency-visit (`PartState.add`); the same file uploaded
again answers with the bundle stored before (web40 W8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_part import RULES, entry, part

from scheduler.state import PartState


def _state() -> PartState:
    p, st, wd = part(20, {"t1": ("hb", 2, 4)})
    return PartState(p, st, RULES, wd)


def test_a_placed_visit_is_not_booked_twice() -> None:
    """mut44's observation: `place` on a key already placed booked it a second time — the team's day and year counted
    it twice and `remove` could free only one seat. Now the state refuses it loudly, before its counts or the team's
    staffing move."""
    for mode in ("onsite", "remote"):
        s = _state()
        # a trigger: no gap between two visits of one trigger's kind, so no rule refused the second booking before
        e = entry("T1|triggered|0", (0, 19), basis="triggered", mode=mode, enterprise="F")
        assert s.place(e, 3, "t1") is None
        before = (int(s.onsite["t1"].sum()), int(s.remote["t1"].sum()), s.year_onsite["t1"], len(s.by_enterprise["F"]))
        f = s.flows["t1"]
        seat = f.seats.get(e.key)
        staffing = (dict(f.year_count), dict(f.day_count), seat and seat.day)
        with pytest.raises(ValueError, match="already placed"):
            s.place(e, 10, "t1")
        after = (int(s.onsite["t1"].sum()), int(s.remote["t1"].sum()), s.year_onsite["t1"], len(s.by_enterprise["F"]))
        assert after == before == ((1, 0, 1, 1) if mode == "onsite" else (0, 1, 0, 1))
        # nor the team's staffing (review41 #4: `try_add` had moved the seat to day 10 and booked its officers again)
        seat = f.seats.get(e.key)
        assert (dict(f.year_count), dict(f.day_count), seat and seat.day) == staffing


def test_a_removed_visit_may_be_booked_again() -> None:
    """The guard reads what is placed now: a visit removed (a move, a swap) is placed again as before."""
    s = _state()
    e = entry("F|mandatory|0|onsite|hb", (0, 19))
    assert s.place(e, 3, "t1") is None
    s.remove(s.placed[e.key])
    assert s.place(e, 10, "t1") is None
    assert s.placed[e.key].day == 10 and s.year_onsite["t1"] == 1


# ---- web40 W8: the same file uploaded again --------------------------------------------------------------------------
def test_the_same_file_again_answers_with_the_bundle_stored_before(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A double click, or a planner unsure the first upload went through: the second answers 200 with the bundle stored
    before (`existing`), stores no copy, and the trail records the upload again. A changed file is a new bundle (201);
    a file that fails validation today fails whatever was stored from it before."""
    import shutil

    from api_helpers import make_client, page_session, token, zip_folder
    from conftest import set_cell
    from sqlmodel import Session, select

    from api.models import AuditEvent, BundleFile, BundleUpload

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client = make_client(f"sqlite:///{tmp_path / 'w.db'}", tmp_path / "data")
    h = token(client, "planner")
    data = zip_folder(tiny_dir / "bundle")
    first = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", data, "application/zip")})
    assert first.status_code == 201 and first.json()["existing"] is False, first.text
    again = client.post("/api/bundles", headers=h, files={"file": ("tiny (1).zip", data, "application/zip")})
    assert again.status_code == 200, again.text
    assert again.json() | {"existing": False} == first.json() and again.json()["existing"] is True
    with Session(client.app.state.engine) as s:
        assert len(s.exec(select(BundleUpload)).all()) == 1
        n_files = len(s.exec(select(BundleFile)).all())
        trail = [(e.action, e.bundle_id, e.detail.get("filename")) for e in s.exec(select(AuditEvent)).all() if e.action.startswith("bundle.upload")]
    assert trail == [("bundle.upload", first.json()["id"], "tiny.zip"), ("bundle.upload.again", first.json()["id"], "tiny (1).zip")]
    # one cell changed: another file, another bundle
    other = tmp_path / "other"
    shutil.copytree(tiny_dir / "bundle", other)
    set_cell(other, "enterprises.csv", 2, "name", "另一家企业有限公司")
    changed = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", zip_folder(other), "application/zip")})
    assert changed.status_code == 201 and changed.json()["id"] != first.json()["id"], changed.text
    with Session(client.app.state.engine) as s:
        assert len(s.exec(select(BundleUpload)).all()) == 2 and len(s.exec(select(BundleFile)).all()) > n_files
    # the page says so, once, in the reader's language
    with page_session(client, h) as pc:
        r = pc.post("/upload", files={"file": ("tiny.zip", data, "application/zip")})
        assert r.status_code == 200 and 'id="same-upload"' in r.text and f"检查包 #{first.json()['id']}" in r.text, r.text[-2000:]
        assert 'id="same-upload"' not in pc.get("/").text


def test_the_same_file_is_validated_again(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stored before is no pass today: validation reads the day (an officer's certificate, the plan year), so the same
    bytes are validated again, and a refusal stores nothing and names the file."""
    from api_helpers import make_client, token, zip_folder

    import api.uploads as uploads

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client = make_client(f"sqlite:///{tmp_path / 'w.db'}", tmp_path / "data")
    h = token(client, "planner")
    data = zip_folder(tiny_dir / "bundle")
    assert client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", data, "application/zip")}).status_code == 201
    calls: list[str] = []
    real = uploads.validate_upload

    def counted(settings: object, filename: str, src: Path) -> uploads.Validated:
        calls.append(filename)
        return real(settings, filename, src)  # type: ignore[arg-type]

    monkeypatch.setattr(uploads, "validate_upload", counted)
    assert client.post("/api/bundles", headers=h, files={"file": ("again.zip", data, "application/zip")}).status_code == 200
    assert calls == ["again.zip"]

    def refused(settings: object, filename: str, src: Path) -> uploads.Validated:
        raise uploads.refuse(filename, "今天不再有效", "no longer valid today")

    monkeypatch.setattr(uploads, "validate_upload", refused)
    r = client.post("/api/bundles", headers=h, files={"file": ("late.zip", data, "application/zip")})
    assert r.status_code == 422 and r.json()["errors"][0]["file"] == "late.zip", r.text


# ---- review40's R-EXPLAIN nit: a mandatory visit the whole year could not take says so ------------------------------
def test_mandatory_in_year_reports_what_the_whole_year_could_not_take() -> None:
    """`failed` gets a visit tried on every day with every team and still unmet — not one placed, not one left to a
    trigger that holds its teams, not one tried without the city teams (a trigger elsewhere holds them)."""
    import dataclasses

    from scheduler.plan import mandatory_in_year

    n = 200

    def gas() -> PartState:
        p, st, days = part(n, {"gas-1": ("gas", 2, 2)}, away={f"gas-1-{i}": list(range(100, n)) for i in range(2)})
        return PartState(p, st, RULES, days)

    first = entry("F|mandatory|0|onsite|gas", (0, 132), "gas", enterprise="F", index=0)
    second = entry("F|mandatory|1|onsite|gas", (66, 199), "gas", enterprise="F", index=1)
    for day, placed in ((40, False), (90, True)):  # day 40: R-GAP before, no pair after day 99; day 90: day 0 will do
        state, failed = gas(), set()
        state.place(first, day, "gas-1")
        got = mandatory_in_year({"140403": state}, {"140403": [first, second]}, {second.key: "R-PAIR"}, n, lambda e: True, {}, failed)
        assert (got, failed) == (([second.key], set()) if placed else ([], {second.key}))
    # a trigger of the agency in the district that could still be met: the visit is not tried at all
    trig = entry("T1", (0, 3), "gas", "triggered", enterprise="G")
    state, failed = gas(), set()
    state.place(first, 40, "gas-1")
    unplaced = {second.key: "R-PAIR", trig.key: "R-AVAIL"}
    assert mandatory_in_year({"140403": state}, {"140403": [first, second, trig]}, unplaced, n, lambda e: True, {}, failed) == []
    assert failed == set()
    # tried without the city team (a trigger elsewhere in the city holds it): not every team was tried
    split = {"hb-140400": {"140403": None, "140404": None}}
    far = dataclasses.replace(entry("T2", (0, 3), "hb", "triggered", enterprise="G"), district="140404")
    p, st, days = part(n, {"hb-140403": ("hb", 2, 1), "hb-140400": ("hb", 2, 1)},
                       away={f"hb-140403-{i}": list(range(n)) for i in range(2)})
    state, failed = PartState(p, st, RULES, days), set()
    m = entry("M|mandatory|1|onsite|hb", (100, 199), "hb", enterprise="M", index=1)
    got = mandatory_in_year({"140403": state}, {"140403": [m], "140404": [far]}, {m.key: "R-AVAIL", far.key: "R-AVAIL"}, n,
                            lambda e: True, split, failed)
    assert got == [] and failed == set()
    # no team of the agency in the part: nothing was tried, the words say "no team" alone (review41 #5)
    state, failed = gas(), set()
    hb = entry("H|mandatory|1|onsite|hb", (66, 199), "hb", enterprise="H", index=1)
    assert mandatory_in_year({"140403": state}, {"140403": [hb]}, {hb.key: "R-TEAM"}, n, lambda e: True, {}, failed) == []
    assert failed == set()


def test_a_shortfall_the_whole_year_could_not_take_says_so_in_both_languages() -> None:
    """The words read the visit's part of the year (where the plan looked first); a visit in `year_failed` adds that the
    rest of the year was tried too, in Chinese and English, after the same words and with the same rule. The spec's
    example bundle has such visits (certificates, R-CERT)."""
    from bundle import load_bundle
    from scheduler.plan import PlanOptions, make_plan
    from scheduler.reasons import shortfalls
    from tests.conftest import EXAMPLE

    plan = make_plan(load_bundle(EXAMPLE), PlanOptions(processes=1))
    # the example's agencies whose teams lack two officers with valid certificates (R-CERT) leave mandatory visits no day
    # of the year would take: each is a shortfall
    assert plan.year_failed and plan.year_failed <= set(plan.unplaced)
    m = next(e for e in plan.req.entries if e.key == min(plan.year_failed))

    def words() -> dict[str, object]:
        (s,) = [s for s in shortfalls(plan) if s.get("id") == m.enterprise_id and s.get("kind") == "mandatory"
                and s.get("agency") == m.agencies[0] and str(s["binding"]).endswith(f"(visit {m.index + 1})")]
        return s

    after = words()
    plan.year_failed.discard(m.key)
    before = words()
    assert "year was tried" not in str(before["binding"]) and "全年" not in str(before["binding_zh"])
    assert str(after["binding_zh"]) == f"{before['binding_zh']}；全年其余工作日也已尝试，均无法安排"
    assert str(after["binding"]).startswith(str(before["binding"]).removesuffix(f" (visit {m.index + 1})"))
    assert "the rest of the year was tried too, and no day would do" in str(after["binding"]) and after["rule"] == before["rule"]


def test_a_damaged_or_differently_read_bundle_is_never_the_answer(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """review41 #2, #3: the same bytes answer with the bundle stored before only where it is intact and read alike.
    A stored file altered in the database: re-uploading the file stores it anew (as it always mended it), and the new
    bundle is whole. A stored row of another plan year (a policy without a year reads as next year's): a new bundle."""
    from api_helpers import make_client, token, zip_folder
    from sqlmodel import Session, col, select, update

    from api.models import BundleFile, BundleUpload
    from api.services import bundle_folder

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client = make_client(f"sqlite:///{tmp_path / 'w.db'}", tmp_path / "data")
    h = token(client, "planner")
    data = zip_folder(tiny_dir / "bundle")
    first = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", data, "application/zip")}).json()["id"]
    with Session(client.app.state.engine) as s:
        f = s.exec(select(BundleFile).where(BundleFile.bundle_id == first).order_by(col(BundleFile.name))).first()
        assert f is not None
        s.exec(update(BundleFile).where(col(BundleFile.id) == f.id).values(content=f.content + b"\n"))  # type: ignore[call-overload]
        s.commit()
    r = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", data, "application/zip")})
    assert r.status_code == 201 and r.json()["id"] != first and r.json()["existing"] is False, r.text
    second = r.json()["id"]
    with Session(client.app.state.engine) as s:
        assert bundle_folder(s, client.app.state.settings, second).is_dir()  # whole
        s.exec(update(BundleUpload).where(col(BundleUpload.id) == second).values(year=BundleUpload.year - 1))  # type: ignore[call-overload]
        s.commit()
    r = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", data, "application/zip")})
    assert r.status_code == 201 and r.json()["id"] not in (first, second), r.text
    third = r.json()["id"]
    again = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", data, "application/zip")})
    assert (again.status_code, again.json()["id"]) == (200, third), again.text
