"""The capacity table counts the days a team can field R-PAIR's certified officers (walk15 #9), not every working day."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pandas as pd

from api.flow import fieldable_days, team_load
from bundle import Bundle, load_bundle
from tests.conftest import EXAMPLE


def _bundle(officers: pd.DataFrame | None = None, unavailability: pd.DataFrame | None = None) -> Bundle:
    """The example bundle with its officers or leave replaced (the frames a Register reads)."""
    b = load_bundle(EXAMPLE)
    frames = {**b.frames, **({} if officers is None else {"officers": officers}),
              **({} if unavailability is None else {"unavailability": unavailability})}
    return dataclasses.replace(b, frames=frames)


def test_fieldable_days_follow_certificates_and_leave() -> None:
    b = _bundle()
    f = fieldable_days(b)
    workdays = Counter(d.isoformat()[:7] for d in b.workdays)
    # three enforcement officers, certified to 2029, nobody away: every working day
    assert f["hb-140404"] == dict(workdays)
    # the spec's example: um-140404 has fewer than two certified officers all year; gas-140403's second certificate
    # expires on 15 April, so the team fields a pair on April's working days up to the 15th and none after
    assert f["um-140404"] == {}
    assert f["gas-140403"]["2027-04"] == sum(1 for d in b.workdays if d.month == 4 and d.day <= 15)
    assert not any(m > "2027-04" for m in f["gas-140403"])
    # every certificate of hb-140404 expiring on 31 March: no day after March
    off = b.officers
    expire = off.assign(certificate_expires_on=off["certificate_expires_on"].where(off["team_id"] != "hb-140404", pd.Timestamp("2027-03-31")))
    g = fieldable_days(_bundle(officers=expire))
    assert g["hb-140404"] == {m: n for m, n in workdays.items() if m <= "2027-03"}
    away = pd.DataFrame({"officer_id": ["hb-140404-00"], "start_on": [pd.Timestamp("2027-06-01")], "end_on": [pd.Timestamp("2027-06-30")]})
    two = off[off["officer_id"] != "hb-140404-03"]  # two enforcement officers left: one away in June leaves no pair
    h = fieldable_days(_bundle(officers=two, unavailability=away))
    assert "2027-06" not in h["hb-140404"] and h["hb-140404"]["2027-07"] == workdays["2027-07"]
    assert workdays["2027-06"] > 0  # June has working days: the absence above is the leave's
    # an annual visit budget of 0 sends an officer on no visit (R-AVAIL): of the two left, one has none: no day at all
    zero = two.assign(annual_visit_budget=two["annual_visit_budget"].where(two["officer_id"] != "hb-140404-01", 0))
    assert fieldable_days(_bundle(officers=zero))["hb-140404"] == {}


def test_team_load_counts_capacity_from_fieldable_days() -> None:
    rows = [("2027-01-05", "hb-140404", "onsite"), ("2027-01-06", "hb-140404;um-140404", "onsite"), ("2027-02-01", "um-140404", "onsite"),
            ("2027-02-02", "um-140404", "remote")]
    teams = {"hb-140404": {"agency_id": "hb", "max_visits_per_day": 2}, "um-140404": {"agency_id": "um", "max_visits_per_day": 3}}
    workdays = {"2027-01": 20, "2027-02": 15}
    months, load = team_load(rows, teams, workdays, {"hb-140404": {"2027-01": 10}, "um-140404": {}})
    cells = {r["team"]: [(c["n"], c["cap"]) for c in r["cells"]] for r in load}
    assert months == ["2027-01", "2027-02"]
    assert cells == {"hb-140404": [(2, 20), (0, 0)], "um-140404": [(1, 0), (1, 0)]}
    # a visit in a month the team cannot field a pair is shown hot, not as spare room; a remote check beside, not in it
    assert [c["share"] for c in load[1]["cells"]] == [1.0, 1.0] and load[0]["cells"][1]["share"] is None
    assert [c["remote"] for c in load[1]["cells"]] == [0, 1] and load[1]["total"] == 3
    # a plan stored before the fieldable days were kept: every working day, as before
    _, old = team_load(rows, teams, workdays, None)
    assert {r["team"]: [c["cap"] for c in r["cells"]] for r in old} == {"hb-140404": [40, 30], "um-140404": [60, 45]}
