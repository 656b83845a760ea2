"""race30 R9: a visit recorded as done on another day (改期执行) takes its team's and officers' places on that day. A
visit of another enterprise still planned that day, with the same team or officer, may now exceed a daily cap
(R-AVAIL). Year.conflicts names it with the record, for a planner to move or cancel; a rule it breaks on its own is not
blamed on the record (review30). The spec's example bureau, visits placed by hand, no solve."""

from __future__ import annotations

import datetime as dt

from execution.year import Caller
from tests.test_mut15_replan import E1, E2, E3, E403, D, set_cap, tiny, visit

ON = D + dt.timedelta(days=1)  # 16 June: a working day
O1, O2, O3 = "hb-140404-00", "hb-140404-01", "hb-140404-03"  # the enforcement officers of team hb-140404 (cap 2 a day)


def _record_v_on(y, day: dt.date = ON) -> list[str]:  # type: ignore[no-untyped-def]
    y.record("V", day, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=day)
    return [c["visit_id"] for c in y.conflicts(record="V")]


def test_a_record_that_fills_its_team_day_names_the_visit_planned_there() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O3, O1)))
    set_cap(y, "hb-140404", 1)
    assert y.lawful(y.visits["W"]) == [] and y.conflicts() == []
    assert _record_v_on(y) == ["W"]
    named = [{"visit_id": "W", "date": ON.isoformat(), "rules": ["R-AVAIL"], "records": ["V"]}]
    assert y.conflicts() == named and y.conflicts(enterprise=E2) == named and y.conflicts(agency="hb") == named
    assert y.conflicts(enterprise=E1) == [] and y.conflicts(agency="um") == []
    assert "R-AVAIL" in y.lawful(y.visits["W"])
    assert y.log[-1]["conflicts"] == ["W"]  # in the record's audit line (R-AUDIT)


def test_a_record_that_leaves_room_on_its_team_day_names_nothing() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O3, O1)))
    set_cap(y, "hb-140404", 2)
    assert _record_v_on(y) == [] and y.conflicts() == [] and y.lawful(y.visits["W"]) == []
    assert "conflicts" not in y.log[-1]


def test_a_record_that_fills_an_officers_day_names_each_visit_of_that_officer() -> None:
    """O1 already makes two visits on the 16th (the policy's cap is 2): a third, recorded there, takes O1 past it."""
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O1, O3)), visit("X", ON, E3, (O1, O3)))
    set_cap(y, "hb-140404", 5)
    assert y.policy.max_visits_per_officer_per_day == 2
    assert _record_v_on(y) == ["X", "W"]  # by enterprise (E3 before E2), as the board lists them
    assert {c["visit_id"]: c["rules"] for c in y.conflicts()} == {"W": ["R-AVAIL"], "X": ["R-AVAIL"]}


def test_one_visit_of_that_officer_that_day_is_still_within_the_cap() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O1, O3)))
    set_cap(y, "hb-140404", 5)
    assert _record_v_on(y) == [] and y.lawful(y.visits["W"]) == []


def test_a_visit_overfull_on_its_own_that_day_is_not_blamed_on_the_record() -> None:
    """X, another team's visit on the 16th, breaks R-AVAIL by its own team's cap: the record shares nothing with it."""
    y = tiny(visit("V", D, E1, (O1, O2)), visit("X", ON, E403, ("hb-140403-03", "hb-140403-04")))
    set_cap(y, "hb-140403", 0)
    assert "R-AVAIL" in y.lawful(y.visits["X"])
    assert _record_v_on(y) == [] and y.conflicts() == []


def test_a_record_on_its_own_day_and_a_cancelled_or_done_visit_are_not_named() -> None:
    y = tiny(visit("V", ON, E1, (O1, O2)), visit("W", ON, E2, (O3, O1)))
    set_cap(y, "hb-140404", 1)  # over the cap as planned: the record on its day changes nothing
    assert _record_v_on(y) == [] and y.conflicts() == []
    z = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O3, O1)))
    set_cap(z, "hb-140404", 1)
    z.visits["W"].status = "overdue"  # still to be made
    assert _record_v_on(z) == ["W"]
    z.visits["W"].status = "done"
    assert z.conflicts() == []


def test_a_remote_record_fills_only_the_remote_cap_it_shares() -> None:
    """A remote check counts on an officer's remote cap, not on the on-site one (R-AVAIL 远程核查日上限)."""
    cap = tiny().policy.max_remote_checks_per_officer_per_day
    y = tiny(visit("V", D, E1, (O1, O2), mode="remote"), visit("W", ON, E2, (O1, O3)))
    set_cap(y, "hb-140404", 5)
    y.remote_day[(O1, ON)] = cap  # O1's remote checks that day are at the cap; the on-site W is not
    assert _record_v_on(y) == []
    z = tiny(visit("V", D, E1, (O1, O2), mode="remote"), visit("W", ON, E2, (O1, O3), mode="remote"))
    set_cap(z, "hb-140404", 5)
    z.remote_day[(O1, ON)] += cap - 1  # with W and V, O1 makes cap + 1 remote checks on the 16th
    assert _record_v_on(z) == ["W"]


def test_an_onsite_record_over_an_officers_onsite_cap_does_not_name_a_remote_check() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)), visit("W", ON, E2, (O1, O3), mode="remote"))
    set_cap(y, "hb-140404", 5)
    y.officer_day[(O1, ON)] += 2  # O1's on-site visits that day: 3 with V, over the cap; W, a remote check, uses none
    assert _record_v_on(y) == []
    y.visits["W"].mode = "onsite"  # the same visit on site would share the cap: named
    y.officer_day[(O1, ON)] += 1
    assert [c["visit_id"] for c in y.conflicts(record="V")] == ["W"]
