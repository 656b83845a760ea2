"""更正检查记录: a record entered wrong is corrected with its reason; the record keeps what it replaced
(execution/year.py Year.correct_record).

A record was final: an outcome mistyped `violation` for `compliant` stood for ever — on the enterprise's code page,
on the public results, in next year's history the risk model learns from, and as a transfer deadline on the board.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from execution import Year, YearError
from execution.deadlines import complete, deadlines_of, open_steps
from execution.history import year_rows
from execution.notice import result_view
from execution.year import Caller
from tests.test_mut15_replan import E1, D, example, tiny, visit

O1, O2 = "hb-140404-00", "hb-140404-01"
AFTER = D + dt.timedelta(days=2)
WHY = "录入时选错了结果 / wrong outcome picked"


def _recorded(outcome: str = "violation") -> tuple[Year, str]:
    y = tiny(visit("V", D, E1, (O1, O2)))
    y.record("V", D, [O1, O2], {"hb-q": outcome}, Caller("clerk"), rectify_by=D + dt.timedelta(days=30) if outcome != "compliant" else None,
             today=D)
    return y, "V"


def test_a_violation_typed_for_compliant_is_corrected_and_what_it_drives_follows() -> None:
    y, vid = _recorded("violation")
    assert any(d.kind == "transfer" for d in deadlines_of(y, vid)) and result_view(y, y.visits[vid])["findings"]  # type: ignore[index]
    rec, retell = y.correct_record(vid, {"hb-q": "compliant"}, None, "", Caller("clerk2"), WHY, AFTER)
    assert rec.outcomes == {"hb-q": "compliant"} and rec.rectify_by is None and retell == []
    assert not any(d.kind == "transfer" for d in deadlines_of(y, vid))  # nothing to transfer any more (R-TRANSFER)
    assert result_view(y, y.visits[vid])["findings"] is False  # type: ignore[index]  # what the enterprise reads
    assert [r["outcome"] for r in year_rows(y) if r.get("enterprise_id") == E1] == ["compliant"]  # what next year learns
    (c,) = rec.corrections
    assert c == {"on": AFTER.isoformat(), "by": "clerk2", "reason": WHY, "retell": [],
                 "before": {"outcomes": {"hb-q": "violation"}, "rectify_by": (D + dt.timedelta(days=30)).isoformat(), "notes": "", "steps": {}}}
    e = y.log[-1]
    assert (e["action"], e["visit_id"], e["who"], e["reason"], e["outcomes"]) == ("visit.record_correct", vid, "clerk2", WHY, {"hb-q": "compliant"})
    assert rec.date == D and rec.officer_ids == (O1, O2) and rec.recorded_by == "clerk"  # the day and officers stand


def test_steps_taken_on_the_old_outcomes_are_named_to_take_again() -> None:
    y, vid = _recorded("violation")
    told = (D + dt.timedelta(days=1)).isoformat()
    complete(y, vid, "feedback", D + dt.timedelta(days=1), "clerk", today=AFTER)
    complete(y, vid, "publish", D + dt.timedelta(days=1), "clerk", today=AFTER)
    _, retell = y.correct_record(vid, {"hb-q": "minor"}, D + dt.timedelta(days=20), "", Caller("clerk"), WHY, AFTER)
    assert retell == ["feedback", "publish"] and y.records[vid].corrections[-1]["retell"] == ["feedback", "publish"]
    assert y.records[vid].corrections[-1]["before"]["steps"] == {"feedback": told, "publish": told}
    # open again (walk29: "do it again" while the step was refused as done), due from the correction's day
    assert vid not in y.milestones and open_steps(y, vid)[:1] == ["feedback"]
    due = {d.kind: d for d in deadlines_of(y, vid)}
    assert due["feedback"].due == y.reg.add_workdays(AFTER, y.policy.feedback_within_workdays) and due["feedback"].state(AFTER) == "open"
    assert due["publish"].due == y.reg.add_workdays(AFTER, y.policy.publish_results_within_workdays)
    complete(y, vid, "feedback", AFTER, "clerk", today=AFTER)
    assert result_view(y, y.visits[vid])["corrected_on"] == AFTER.isoformat()  # type: ignore[index]
    # a correction of the notes alone tells the enterprise nothing new
    _, retell = y.correct_record(vid, {"hb-q": "minor"}, D + dt.timedelta(days=20), "笔误", Caller("clerk"), WHY, AFTER)
    assert retell == [] and len(y.records[vid].corrections) == 2 and y.records[vid].notes == "笔误"


@pytest.mark.parametrize(("outcomes", "rectify_by", "reason", "field", "rule", "status"), [
    ({"hb-q": "compliant"}, None, "  ", "reason", "R-RECORD", 422),
    ({"hb-q": "nonsense"}, None, WHY, "outcomes", "R-RECORD", 422),
    ({}, None, WHY, "outcomes", "R-RECORD", 422),
    ({"hb-q": "compliant", "um-s": "compliant"}, None, WHY, "outcomes", "R-ITEM", 422),
    ({"hb-q": "violation"}, None, WHY, "rectify_by", "R-RECORD", 422),  # a finding needs its deadline
    ({"hb-q": "violation"}, D, WHY, "rectify_by", "R-RECORD", 422),  # not after the visit
    ({"hb-q": "violation"}, D + dt.timedelta(days=30), WHY, "outcomes", "R-RECORD", 422),  # changes nothing
])
def test_a_bad_correction_is_refused_and_nothing_changes(outcomes: dict[str, str], rectify_by: dt.date | None, reason: str, field: str,
                                                         rule: str, status: int) -> None:
    y, vid = _recorded("violation")
    before = (dict(y.records[vid].outcomes), y.records[vid].rectify_by, len(y.log))
    with pytest.raises(YearError) as e:
        y.correct_record(vid, outcomes, rectify_by, "", Caller("clerk"), reason, AFTER)
    assert (e.value.field, e.value.rule, e.value.status) == (field, rule, status)
    assert (y.records[vid].outcomes, y.records[vid].rectify_by, len(y.log)) == before and y.records[vid].corrections == []


def test_a_deadline_left_in_the_form_goes_when_every_item_is_compliant() -> None:
    """The form holds the old deadline: corrected to compliant with it still there, the deadline goes (walk29: refused
    "no deadline needed", and the typing was lost)."""
    y, vid = _recorded("violation")
    rec, _ = y.correct_record(vid, {"hb-q": "compliant"}, D + dt.timedelta(days=30), "", Caller("clerk"), WHY, AFTER)
    assert rec.rectify_by is None and rec.outcomes == {"hb-q": "compliant"}
    assert y.records[vid].corrections[0]["before"]["rectify_by"] == (D + dt.timedelta(days=30)).isoformat()


def test_no_record_no_visit_and_another_team_are_refused() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)))
    with pytest.raises(YearError) as e:
        y.correct_record("V", {"hb-q": "compliant"}, None, "", Caller("clerk"), WHY, AFTER)
    assert e.value.status == 404 and "no record" in e.value.en
    with pytest.raises(YearError) as e:
        y.correct_record("NOPE", {"hb-q": "compliant"}, None, "", Caller("clerk"), WHY, AFTER)
    assert e.value.status == 404
    y, vid = _recorded("compliant")
    with pytest.raises(YearError) as e:
        y.correct_record(vid, {"hb-q": "minor"}, D + dt.timedelta(days=5), "", Caller("clerk", team_id="hb-140403"), WHY, AFTER)
    assert (e.value.status, e.value.rule) == (403, "R-TEAM")
    with pytest.raises(YearError) as e:
        y.correct_record(vid, {"hb-q": "minor"}, D + dt.timedelta(days=5), "", Caller("clerk", agency_id="um"), WHY, AFTER)
    assert (e.value.status, e.value.rule) == (403, "R-TEAM")


def test_a_closed_year_still_takes_a_correction_and_a_stored_year_keeps_them() -> None:
    y, vid = _recorded("violation")
    y.closed_on = dt.date(2027, 12, 31)  # its records go on after the close (R-RECORD), their corrections too
    y.correct_record(vid, {"hb-q": "compliant"}, None, "", Caller("clerk"), WHY, AFTER)
    z = Year.load(example(), y.dump())
    assert z.records[vid].outcomes == {"hb-q": "compliant"} and z.records[vid].corrections == y.records[vid].corrections


def test_the_service_corrects_a_record_from_the_api_and_the_visit_page(tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlmodel import Session

    from api import yearstore
    from tests.api_helpers import approved_plan, page_session, token

    client, h, pid = approved_plan(tiny_dir, tmp_path, "c.db")
    monkeypatch.setenv("INSPECTION_TODAY", "2027-06-30")
    visits = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"], params={"limit": 1000}).json()["visits"]
    v = next(x for x in visits if x["date"] < "2027-06-30" and x["mode"] == "onsite" and x["status"] in ("planned", "overdue"))
    items = v["item_ids"].split(";")
    good = {"date": v["date"], "officer_ids": v["officer_ids"].split(";"), "outcomes": dict.fromkeys(items, "compliant")}
    assert client.post(f"/api/plans/{pid}/year/visits/{v['visit_id']}/record", headers=h["planner"], json=good).status_code == 201
    url = f"/api/plans/{pid}/year/visits/{v['visit_id']}/record/correct"
    r = client.post(url, headers=h["planner"], json={"outcomes": dict.fromkeys(items, "compliant"), "reason": "x"})
    assert r.status_code == 422 and r.json()["field"] == "outcomes", r.text  # changes nothing
    r = client.post(url, headers=h["planner"], json={"outcomes": dict.fromkeys(items, "minor"), "reason": "x", "date": "2027-01-04"})
    assert r.status_code == 422 and "date" in r.json()["message_en"], r.text  # the day is not corrected here, and says so
    r = client.post(url, headers=token(client, "auditor"), json={"outcomes": dict.fromkeys(items, "minor"), "reason": "x"})
    assert r.status_code == 403, r.text  # an auditor reads records, never writes them
    rectify = (dt.date.fromisoformat(v["date"]) + dt.timedelta(days=20)).isoformat()
    r = client.post(url, headers=h["planner"], json={"outcomes": dict.fromkeys(items, "轻微问题"), "rectify_by": rectify, "reason": "选错"})
    assert r.status_code == 200 and r.json()["outcomes"] == dict.fromkeys(items, "minor") and r.json()["corrections"] == 1, r.text
    r = client.post(url, headers=h["planner"], json={"outcomes": dict.fromkeys(items, "minor"), "reason": "备注补充", "notes": "现场发现"})
    assert r.status_code == 200, r.text
    r = client.post(url, headers=h["planner"], json={"outcomes": dict.fromkeys(items, "violation"), "rectify_by": rectify, "reason": "定性"})
    assert r.status_code == 200 and r.json()["rectify_by"] == rectify, r.text
    r = client.post(url, headers=h["planner"], json={"outcomes": dict.fromkeys(items, "minor"), "reason": "回改"})
    assert r.status_code == 200 and r.json()["rectify_by"] == rectify, r.text  # left out: kept, as the notes below
    with page_session(client, h["planner"]):
        page = client.get(f"/plans/{pid}/year/visits/{v['visit_id']}").text
        assert 'id="correct"' in page and 'class="correction"' in page and "选错" in page
        form = {f"outcome:{i}": "compliant" for i in items} | {"reason": "整改期限也是错的，实为合格", "notes": ""}
        r = client.post(f"/plans/{pid}/year/visits/{v['visit_id']}/record/correct", data=form, follow_redirects=False)
        assert r.status_code == 303 and "note=" in r.headers["location"], r.headers["location"]
        r = client.post(f"/plans/{pid}/year/visits/{v['visit_id']}/record/correct", data={**form, "reason": "again"}, follow_redirects=False)
        # changes nothing: refused on the page, shown again as filled in (a11y30), nothing stored
        assert r.status_code == 422 and 'id="correct-error" role="alert"' in r.text
    with Session(client.app.state.engine) as s:
        y = yearstore.read(s, client.app.state.settings, pid)
    rec = y.records[v["visit_id"]]
    assert rec.outcomes == dict.fromkeys(items, "compliant") and rec.rectify_by is None and len(rec.corrections) == 5
    assert rec.corrections[3]["before"]["notes"] == "现场发现" and rec.corrections[2]["before"]["notes"] == "现场发现"
    code = y.visits[v["visit_id"]].code
    assert client.get(f"/api/v/{code}").json()["result"]["findings"] is False  # the enterprise reads the corrected result
