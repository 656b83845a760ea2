"""R-JOINT / R-CAP-ENTRY / R-PRIORITY: planned on-site agency-visits of one basis share one row a day whatever their
visit index (`Entry.row`), and a required one left out joins a row its enterprise already has (`join_rows`).

foreign35 M1 (b2, 91140107PJN100ECA5, tier D, three agencies, three entries a year): re and ry came twice together,
um once on a day of its own, and um's second visit was left out "for pairing" — though a joint visit is one entry and
um could have joined the firm's first row. R-PRIORITY: "joint visits are preferred, never a reason to drop a required
visit". No CP-SAT solve beyond tiny parts."""

from __future__ import annotations

import dataclasses

from tiny_part import RULES, entry, part, solve

from scheduler.plan import make_visits
from scheduler.requirements import Entry
from scheduler.solve import PartJob, PartResult, join_rows, restore
from scheduler.state import PartState, too_close

N = 200
ONLY = lambda days: [d for d in range(N) if d not in days]  # noqa: E731  the days an officer is away: all but these


def planned(agency: str, index: int, window: tuple[int, int], eid: str = "F", basis: str = "mandatory") -> Entry:
    """One agency-visit as `planned_entries` makes it: the group is (firm, basis, index), the row (firm, basis)."""
    e = entry(f"{eid}|{basis}|{index}|onsite|{agency}", window, agency, basis, enterprise=eid, index=index)
    return dataclasses.replace(e, row=f"{eid}|{basis}")


def _part(hb_days: list[int], um_days: list[int], rules=RULES):
    return part(N, {"hb-1": ("hb", 2, 5), "um-1": ("um", 2, 5)}, rules=rules,
                away={**{f"hb-1-{i}": ONLY(hb_days) for i in range(2)}, **{f"um-1-{i}": ONLY(um_days) for i in range(2)}})


# -- too_close: the day rule between two agency-visits of one enterprise ------------------------------------------
def test_two_agencies_visits_of_different_index_share_a_row_on_one_day():
    import numpy as np

    ordinal = np.arange(N)
    hb0, um1 = planned("hb", 0, (0, 80)), planned("um", 1, (40, 120))
    assert too_close(hb0, 60, um1, 60, ordinal, RULES) is None  # one joint entry
    assert too_close(hb0, 60, um1, 61, ordinal, RULES) == "R-GAP"  # two entries a day apart (30 needed)


def test_one_agencys_two_visits_never_share_a_day_even_with_no_gap_asked():
    import numpy as np

    ordinal = np.arange(N)
    no_gap = dataclasses.replace(RULES, gap_repeat=0, gap_entries=0)
    hb0, hb1 = planned("hb", 0, (0, 80)), planned("hb", 1, (40, 120))
    assert too_close(hb0, 60, hb1, 60, ordinal, no_gap) == "R-GAP"
    assert too_close(hb0, 60, hb1, 61, ordinal, no_gap) is None


def test_two_rows_of_different_basis_never_share_a_day():
    import numpy as np

    ordinal = np.arange(N)
    hb = planned("hb", 0, (0, 80))
    trig = dataclasses.replace(entry("T1", (0, 80), "um", "triggered", enterprise="F"), group="F|triggered|T1")
    assert too_close(hb, 60, trig, 60, ordinal, RULES) == "R-JOINT"


def test_entries_without_a_row_keep_their_groups_rows():
    """An entry made without `row` (hand-made, or a trigger's) is one row with its group only."""
    import numpy as np

    ordinal = np.arange(N)
    a = entry("F|mandatory|0|onsite|hb", (0, 80), "hb", enterprise="F", index=0)
    b = entry("F|mandatory|1|onsite|um", (40, 120), "um", enterprise="F", index=1)
    assert a.joint_key == "F|mandatory|0" and b.joint_key == "F|mandatory|1"
    assert too_close(a, 60, b, 60, ordinal, RULES) == "R-JOINT"


# -- the part model (r_joint, r_gap, r_cap) ------------------------------------------------------------------------
def test_the_model_joins_a_first_visit_to_another_agencys_second_row():
    """hb can go only on days 10 and 80, um only on 80 and 150 (a first visit's part: days 0–130, a second's: 70–199):
    um's first visit has day 80 alone, the day of hb's second visit. As one row they are one entry (days 10, 80, 150:
    three, the cap): all four placed. Held apart by index (the rows of before), um's first visit was left out."""
    p, st, days = _part([10, 80], [80, 150])
    rows = [planned("hb", 0, (0, 130)), planned("hb", 1, (70, 199)), planned("um", 0, (0, 130)), planned("um", 1, (70, 199))]
    got = solve(p, st, days, rows)
    assert {k: d for k, (d, _) in got.items()} == {rows[0].key: 10, rows[1].key: 80, rows[2].key: 80, rows[3].key: 150}
    by_index = [dataclasses.replace(e, row="") for e in rows]
    assert len(solve(p, st, days, by_index)) == 3


def test_the_model_never_puts_one_agencys_two_visits_in_one_row():
    """hb can go on day 60 alone and no gap is asked: one of its two visits is placed, not both on that day."""
    no_gap = dataclasses.replace(RULES, gap_repeat=0, gap_entries=0)
    p, st, days = _part([60], [60], rules=no_gap)
    got = solve(p, st, days, [planned("hb", 0, (0, 120)), planned("hb", 1, (0, 120))], rules=no_gap)
    assert len(got) == 1


def test_the_entry_cap_counts_a_cross_index_row_once():
    """With two entries a year: three of the four agency-visits, on two days (a third day is one entry too many)."""
    rules = dataclasses.replace(RULES, max_entries=2)
    p, st, days = _part([10, 80], [80, 150], rules=rules)
    rows = [planned("hb", 0, (0, 130)), planned("hb", 1, (70, 199)), planned("um", 0, (0, 130)), planned("um", 1, (70, 199))]
    got = solve(p, st, days, rows, rules=rules)
    assert len(got) == 3 and len({d for d, _ in got.values()}) == 2


# -- join_rows: a required visit left out joins its firm's row outside its part of the year -------------------------
def _state(hb_days: list[int], um_days: list[int], rules=RULES) -> tuple[PartState, PartJob]:
    p, st, days = _part(hb_days, um_days, rules)
    state = PartState(p, st, rules, days)
    return state, PartJob(p, st, rules, days, [], 1.0, 60, "t", False)


def test_a_visit_left_out_joins_its_firms_row_outside_its_part_of_the_year():
    """M1's shape: hb's rows on days 10 and 80, um's first visit on 110 (a day of its own; three entries, the cap).
    um can go on 10 and 110 only: its second visit's part of the year (days 100–120) has none left. Day 10 holds hb's
    row and is 100 working days from um's first: um joins it, its window is now the year, and `restore` opens the
    parent's entry too."""
    state, job = _state([10, 80], [10, 110])
    hb0, hb1, um0, um1 = planned("hb", 0, (0, 80)), planned("hb", 1, (40, 120)), planned("um", 0, (0, 120)), planned("um", 1, (100, 120))
    for e, d in ((hb0, 10), (hb1, 80), (um0, 110)):
        assert state.place(e, d, e.agencies[0] + "-1") is None
    assert state.place_anywhere(um1, list(range(100, 121))) is not None  # its own part: a fourth entry
    unplaced = {um1.key: "R-CAP-ENTRY"}
    assert join_rows(state, unplaced, [hb0, hb1, um0, um1]) == [um1.key]
    assert unplaced == {} and state.placed[um1.key].day == 10 and state.placed[um1.key].entry.window == (0, N - 1)
    visits = make_visits({"140403": state})
    assert [(v.day, sorted(a for p in v.parts for a in p.entry.agencies)) for v in visits] == \
        [(10, ["hb", "um"]), (80, ["hb"]), (110, ["um"])]
    result = PartResult("140403", [(k, p.day, p.teams, p.officers) for k, p in state.placed.items()], unplaced, joined=[um1.key])
    job.entries = [hb0, hb1, um0, um1]
    again = restore(job, result)
    assert um1.window == (0, N - 1) and again.placed[um1.key].day == 10


def test_nothing_joins_where_the_row_is_too_close_to_the_agencys_other_visit():
    """The firm's only row is 30 working days from um's placed visit (R-GAP: 90 days between one agency's visits)."""
    state, _ = _state([10], [10, 40])
    hb0, um0, um1 = planned("hb", 0, (0, 120)), planned("um", 0, (0, 120)), planned("um", 1, (100, 120))
    assert state.place(hb0, 10, "hb-1") is None and state.place(um0, 40, "um-1") is None
    unplaced = {um1.key: "R-AVAIL"}
    assert join_rows(state, unplaced, [hb0, um0, um1]) == []
    assert unplaced == {um1.key: "R-AVAIL"} and um1.key not in state.placed


def test_nothing_joins_a_row_of_another_basis_or_a_firm_with_no_row():
    state, _ = _state([10], [10])
    trig = dataclasses.replace(entry("T1", (0, 120), "hb", "triggered", enterprise="F"), group="F|triggered|T1")
    assert state.place(trig, 10, "hb-1") is None
    um = planned("um", 0, (100, 120))
    other = planned("um", 0, (100, 120), eid="G")
    unplaced = {um.key: "R-AVAIL", other.key: "R-AVAIL"}
    assert join_rows(state, unplaced, [trig, um, other]) == []
    assert set(unplaced) == {um.key, other.key}


def test_a_row_whose_team_cannot_staff_it_is_not_joined():
    """um's officers are away on day 10: the row is there, the pair is not (R-PAIR)."""
    state, _ = _state([10], [50])
    hb0, um1 = planned("hb", 0, (0, 120)), planned("um", 1, (100, 120))
    assert state.place(hb0, 10, "hb-1") is None
    unplaced = {um1.key: "R-PAIR"}
    assert join_rows(state, unplaced, [hb0, um1]) == []
