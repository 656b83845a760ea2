"""Mutation survivors (mut16) of this round's Year changes: a record on another day (Year.record, _move_to_record,
was_notified), the remote cap in Year.lawful, and the store's dump/load of what a record now keeps. The spec's example
bureau, visits placed by hand, no solve."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from execution.year import Caller, Trigger, Year
from tests.test_mut15_replan import E1, E2, D, books, example, fresh_books, tiny, visit
from tests.test_mut15b_year import O1, O2

SAT = dt.date(2027, 6, 19)


def _rich() -> Year:
    """A year whose every kept part differs from what a new Year holds, so a part the store drops or renames shows."""
    v = visit("V", D, E1, (O1, O2))
    w = visit("W", D + dt.timedelta(days=14), E2, ("hb-140404-03",), mode="remote", basis="triggered")
    y = tiny(v, w)
    y.plan_state = "published"
    y.triggers["T"] = Trigger("T", E2, "hb", D, "report", True)
    w.trigger_id, w.urgent, w.reason, w.tier, w.status = "T", True, "举报 / a report", "D", "notified"
    y.record("V", SAT, [O1, O2], {"hb-q": "violation"}, Caller("clerk"), rectify_by=dt.date(2027, 7, 30), notes="seen", today=SAT)
    y.extra_away = {"hb-140404-01": {dt.date(2027, 8, 2), dt.date(2027, 8, 3)}}
    y.suspended = {"hb-140404-00": dt.date(2027, 9, 1)}
    y.new_version("insert", "插入 / an insertion", [{"visit_id": "W"}], D, urgent=True, who="planner")
    y.milestones = {"V": {"rectified": "2027-07-20"}}
    y.entered = {"V": {"rectified": "2027-07-22"}}
    y.shortfalls = [{"id": "X", "reason": "none"}]
    y.case_reviews = {"V": ["a"]}
    y.closed_triggers = {"T0": {"by": "planner"}}
    y._seq = 7
    y.draw_rank = {E1: 3}
    y.tiers = {E1: "C"}
    return y


def test_the_store_keeps_every_part_of_the_year() -> None:
    y = _rich()
    state = y.dump()
    assert set(state) == {"plan_state", "visits", "records", "milestones", "entered", "triggers", "extra_away", "suspended",
                          "versions", "log", "shortfalls", "case_reviews", "seq", "closed_triggers", "draw_rank", "tiers"}
    rec = state["records"][0]
    assert (rec["date"], rec["planned_on"], rec["breaches"], rec["rectify_by"]) == ("2027-06-19", "2027-06-15", ["R-WORKDAY"], "2027-07-30")
    z = Year.load(example(), json.loads(json.dumps(state)))
    assert z.dump() == state
    for part in ("plan_state", "visits", "records", "milestones", "entered", "triggers", "extra_away", "suspended", "versions", "log",
                 "shortfalls", "case_reviews", "_seq", "closed_triggers", "draw_rank", "tiers", "by_code"):
        assert getattr(z, part) == getattr(y, part), part
    assert books(z) == books(y)


def test_a_record_kept_before_planned_on_was_kept_loads_as_on_its_day() -> None:
    """A record stored before this round has no planned_on or breaches: it loads as done on its planned day."""
    y = _rich()
    state = y.dump()
    for r in state["records"]:
        del r["planned_on"], r["breaches"]
    z = Year.load(example(), state)
    assert (z.records["V"].planned_on, z.records["V"].breaches) == (None, ())
    # and a record on its own day keeps None / () through the store, not "None" or a string's characters
    y = tiny(visit("V", D, E1, (O1, O2)))
    y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    rec = y.dump()["records"][0]
    assert (rec["planned_on"], rec["breaches"], rec["rectify_by"]) == (None, [], None)
    assert Year.load(example(), json.loads(json.dumps(y.dump()))).records == y.records
    assert dataclasses.asdict(y.records["V"])["late"] is False and books(y) == fresh_books(y)
