"""prod20: the record form (现场检查笔录, R-RECORD) and officers away on the visit's day (R-AVAIL).

Before: the form offered every officer of the visit's team, those on leave that day too, as if they could have come,
and a record naming one was taken whenever two others made the pair (R-PAIR) — the record then said they were there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from execution import YearError
from execution.year import Caller
from tests.test_mut15_replan import E1, D, tiny, visit

O1, O2, O3 = "hb-140404-00", "hb-140404-01", "hb-140404-03"  # the enforcement officers of team hb-140404


def test_a_record_naming_an_officer_away_that_day_is_refused_even_where_the_pair_holds() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)))
    y.extra_away[O3] = {D}
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2, O3], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    name = y.reg.officers[O3].name
    assert e.value.rule == "R-AVAIL" and e.value.field == "officer_ids"
    assert f"{name}（{O3}） {D} 请假或不可用" in e.value.zh and f"{name} ({O3}) is away on {D}" in e.value.en, (e.value.zh, e.value.en)
    assert "V" not in y.records and y.visits["V"].status == "planned"  # nothing stored
    assert y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D).officer_ids == (O1, O2)


def test_the_pair_failing_still_names_each_officer_who_does_not_count() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)))
    y.extra_away[O2] = {D}
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert e.value.rule == "R-PAIR" and f"（{O2}）{D} 不可用" in e.value.zh


def test_the_form_greys_an_officer_on_leave_and_the_service_refuses_them(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.deps import COOKIE
    from api.security import csrf_for
    from tests.api_helpers import approved_plan

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "y.db")
    from sqlmodel import Session

    from api import yearstore  # the team's officers, from the year the service holds

    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        y = yearstore.read(s, client.app.state.settings, pid)  # type: ignore[attr-defined]
    v = next(
        v
        for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id))
        if v.date > dt.date(2027, 4, 15)
        and v.mode == "onsite"
        and len(v.agency_ids) == 1
        and len(y.reg.team_officers[v.teams[v.agency_ids[0]]]) > len(v.officer_ids)
    )
    spare = next(o for o in y.reg.team_officers[v.teams[v.agency_ids[0]]] if o not in v.officer_ids and not y.is_away(o, v.date))
    r = client.post(
        f"/api/plans/{pid}/year/leave",
        headers=h["planner"],
        json={"officer_id": spare, "start_on": v.date.isoformat(), "end_on": v.date.isoformat()},
    )
    assert r.status_code == 200, r.text
    token_ = h["planner"]["Authorization"].split()[1]
    client.cookies.set(COOKIE, token_)
    client.headers["X-CSRF-Token"] = csrf_for(token_)
    page = client.get(f"/plans/{pid}/year/visits/{v.visit_id}").text
    form = page.split('id="record-form"', 1)[1]
    box = form.split(f'value="{spare}"', 1)[1].split("</label>", 1)[0]
    assert box.lstrip().startswith("disabled") and f"{v.date} 请假或不可用" in box and f"away on {v.date}" in box, box
    assert 'class="muted officer-away"' in form.split(f'value="{spare}"', 1)[0].rsplit("<label", 1)[1]
    for o in v.officer_ids:  # the others are offered as before
        assert f'value="{o}" checked' in form
    monkeypatch.setenv("INSPECTION_TODAY", v.date.isoformat())
    body = {"date": v.date.isoformat(), "officer_ids": [*v.officer_ids, spare], "outcomes": dict.fromkeys(v.item_ids, "compliant")}
    r = client.post(f"/api/plans/{pid}/year/visits/{v.visit_id}/record", headers=h["planner"], json=body)
    name = y.reg.officers[spare].name
    assert r.status_code == 422 and r.json()["detail"]["rule"] == "R-AVAIL", r.text
    assert (
        f"{name}（{spare}） {v.date}" in r.json()["detail"]["message_zh"]
        and f"{name} ({spare}) is away on {v.date}" in r.json()["detail"]["message_en"]
    )
    r = client.post(
        f"/plans/{pid}/year/visits/{v.visit_id}/record",
        data={**{k: body[k] for k in ("date",)}, "officer_ids": body["officer_ids"], **{f"outcome:{i}": "compliant" for i in v.item_ids}},
        follow_redirects=True,
    )
    assert "请假或不可用" in r.text and "away on" in r.text and 'id="record-form"' in r.text, r.text[:2000]
