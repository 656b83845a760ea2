"""Round 41: the scheduler's state refuses a second booking of one agency-visit (`PartState.add`)."""

from __future__ import annotations

import pytest
from tiny_part import RULES, entry, part

from scheduler.state import PartState


def _state() -> PartState:
    p, st, wd = part(20, {"t1": ("hb", 2, 4)})
    return PartState(p, st, RULES, wd)


def test_a_placed_visit_is_not_booked_twice() -> None:
    """mut44's observation: `place` on a key already placed booked it a second time — the team's day and year counted
    it twice and `remove` could free only one seat. Now the state refuses it loudly and leaves its counts as they were."""
    for mode in ("onsite", "remote"):
        s = _state()
        # a trigger: no gap between two visits of one trigger's kind, so no rule refused the second booking before
        e = entry("T1|triggered|0", (0, 19), basis="triggered", mode=mode, enterprise="F")
        assert s.place(e, 3, "t1") is None
        before = (int(s.onsite["t1"].sum()), int(s.remote["t1"].sum()), s.year_onsite["t1"], len(s.by_enterprise["F"]))
        with pytest.raises(ValueError, match="already placed"):
            s.place(e, 10, "t1")
        after = (int(s.onsite["t1"].sum()), int(s.remote["t1"].sum()), s.year_onsite["t1"], len(s.by_enterprise["F"]))
        assert after == before == ((1, 0, 1, 1) if mode == "onsite" else (0, 1, 0, 1))


def test_a_removed_visit_may_be_booked_again() -> None:
    """The guard reads what is placed now: a visit removed (a move, a swap) is placed again as before."""
    s = _state()
    e = entry("F|mandatory|0|onsite|hb", (0, 19))
    assert s.place(e, 3, "t1") is None
    s.remove(s.placed[e.key])
    assert s.place(e, 10, "t1") is None
    assert s.placed[e.key].day == 10 and s.year_onsite["t1"] == 1
