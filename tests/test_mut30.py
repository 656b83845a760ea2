"""mut30: tests for the survivors of mutation testing on a78cd06..bfd637f (issue 12's memory round and review26/27's
fixes): the visit windows, the list-cell cache, BundleInvalid's order, the seat graphs forgotten, the heap given back,
the sampled walk's shared reasons and held days, plan.json's encoding, and the fallback's stated reason. Hand-made
inputs; no solve. Each test names the mutants it kills."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import EXAMPLE
from tiny_part import RULES, entry, part

from bundle import load_bundle
from bundle.cells import Bad, list_cell
from bundle.problems import BundleInvalid, Problem
from risk import score as score_mod
from risk.score import MIN_LABELLED, score_bundle
from scheduler import plan as plan_mod
from scheduler.plan import draw_officers, drop_seat_graphs, make_visits, walk_sampled
from scheduler.requirements import Requirements, visit_window
from scheduler.select import Selection
from scheduler.staffing import TeamFlow
from scheduler.state import PartState


# -- scheduler/requirements.py: visit_window ------------------------------------------------------------------------------
def test_visit_windows_split_the_year_and_are_shared() -> None:
    """One visit: the whole year. Two or three: visit k runs from k/(v+1) to (k+2)/(v+1) of the year, the first from
    day 0 and the last to the year's last workday (mutants 3, 5, 16, 17: a window cut by a day, or ending early)."""
    assert visit_window(250, 1, 0) == (0, 249)
    assert [visit_window(250, 2, k) for k in range(2)] == [(0, 165), (83, 249)]
    assert [visit_window(12, 3, k) for k in range(3)] == [(0, 5), (3, 8), (6, 11)]
    assert visit_window(250, 2, 1) is visit_window(250, 2, 1)  # one tuple per distinct window (issue 12)


# -- bundle/cells.py: list_cell -----------------------------------------------------------------------------------------
def test_a_list_without_choices_keeps_a_label_as_typed() -> None:
    """Only a column with choices reads Chinese labels as codes: an officer id that happens to be a label (违法违规, an
    outcome) stays what was typed (mutant 12: every list read through the label table)."""
    assert list_cell("违法违规;其他", ()) == ("违法违规", "其他")
    assert list_cell("违法违规", ("violation", "minor")) == ("violation",)


def test_a_list_cell_names_every_bad_part_and_every_choice() -> None:
    """Two bad parts and two choices: each language joins them with its own separator (mutants 26, 28, 30, 32)."""
    got = list_cell("a；b", ("x", "y"))
    assert got == Bad("a、b 不在允许范围：x/y", "a, b not among x, y")


# -- bundle/problems.py: BundleInvalid ----------------------------------------------------------------------------------
def test_bundle_invalid_sorts_header_problems_first_unless_told_the_list_is_ordered() -> None:
    """By default every file's whole-file and header problems come before any row problem, whatever the files' names
    (sort_key, not the dataclass's own order by file); `ordered=True` keeps the list as given (api/uploads.py's capped
    list); the message counts them and lists one a line (mutants 1, 4, 7, 9, 10, 13)."""
    row = Problem("a.csv", 5, "x", "行", "row")
    head = Problem("b.csv", 1, "y", "表头", "header")
    whole = Problem("c.csv", 0, "", "文件", "file")
    e = BundleInvalid([row, whole, head])
    assert e.problems == [head, whole, row]
    assert str(e) == f"3 problem(s) in bundle:\n{head}\n{whole}\n{row}"
    kept = BundleInvalid([row, whole, head], ordered=True)
    assert kept.problems == [row, whole, head] and str(kept).endswith(f"\n{row}\n{whole}\n{head}")


# -- scheduler/staffing.py: TeamFlow.forget_graph ---------------------------------------------------------------------
def test_forget_graph_drops_the_graph_and_the_next_is_built_again() -> None:
    """The cached seat graph is let go (60–70 MB for a province's 440 teams: issue 12), and `graph` builds an equal one
    when next asked (mutants 1, 2, 5: the graph kept)."""
    flow = TeamFlow("hb-1", ["a", "b", "c"], {o: np.ones(5, dtype=bool) for o in "abc"}, dict.fromkeys("abc", 9), {}, 2)
    assert flow.try_add("V1", 3, "E1", 2) and flow.try_add("V2", 1, "E2", 2)
    g = flow.graph()
    assert flow.graph() is g  # cached while the seats stay
    flow.forget_graph()
    assert "_graph" not in vars(flow)
    again = flow.graph()
    assert again is not g and again.keys == g.keys and np.array_equal(again.tails, g.tails) and np.array_equal(again.heads, g.heads)
    flow.forget_graph()
    flow.forget_graph()  # nothing cached: still fine



def test_the_draw_leaves_no_seat_graph_behind() -> None:
    """draw_officers forgets each team's graph once its seats are drawn (issue 12: all 440 teams' graphs held at once
    lifted the province's main process over 1 GB); the draw is what it was. Found by a hand mutant (the call deleted:
    mutmut has no statement-deletion operator)."""
    p, st, days = part(5, {"hb-1": ("hb", 3, 2)})
    state = PartState(p, st, RULES, days)
    for i in range(3):
        assert state.place(entry(f"m{i}", (i, i), enterprise=f"E{i}"), i, "hb-1") is None
    states = {"140403": state}
    out = draw_officers(states, make_visits(states), "seed")
    assert len(out) == 3 and all(len(v["hb"].taken) == 2 for v in out.values())
    assert all("_graph" not in vars(f) for f in state.flows.values())


def test_drop_seat_graphs_forgets_every_teams_graph() -> None:
    """make_plan's drop_seat_graphs after each step lets every team's graph go, in every part (a hand mutant deleting
    its forget_graph call survived the suite)."""
    states = {}
    for d in ("140403", "140404"):
        p, st, days = part(5, {"hb-1": ("hb", 3, 2), "um-1": ("um", 2, 2)})
        states[d] = PartState(p, st, RULES, days)
        for f in states[d].flows.values():
            f.graph()
    assert all("_graph" in vars(f) for s in states.values() for f in s.flows.values())
    drop_seat_graphs(states)
    assert not any("_graph" in vars(f) for s in states.values() for f in s.flows.values())

# -- scheduler/plan.py: give_back_memory ---------------------------------------------------------------------------------
def test_give_back_memory_trims_the_heap_where_the_c_library_can(monkeypatch: pytest.MonkeyPatch) -> None:
    """glibc's malloc_trim is called once per call; a C library without it is left alone (mutants 1, 2)."""
    calls: list[object] = []
    monkeypatch.setattr(plan_mod, "_malloc_trim", lambda: calls.append)
    plan_mod.give_back_memory()
    assert len(calls) == 1
    monkeypatch.setattr(plan_mod, "_malloc_trim", lambda: None)
    plan_mod.give_back_memory()  # musl, macOS: nothing to call, and no error
    assert len(calls) == 1


# -- scheduler/plan.py: walk_sampled ------------------------------------------------------------------------------------
def test_each_skipped_enterprise_keeps_its_own_reason_and_equal_reasons_are_one_object() -> None:
    """Two enterprises skipped for spent budgets and one held back for R-PRIORITY in one walk: each keeps its own
    words, and the two equal reasons are one tuple's strings (issue 12: 102,000 skips share 301 pairs at a province).
    Mutant 54 (`words.setdefault(None, why)`) gave every skip the first reason."""
    p, st, days = part(5, {"hb-1": ("hb", 2, 2), "um-1": ("um", 2, 2)}, budget=0)
    state = PartState(p, st, RULES, days)
    by_ent = {"e1": [entry("a", (0, 4), "um", basis="sampled", enterprise="e1")],
              "e2": [entry("b", (0, 4), "hb", basis="sampled", enterprise="e2")],
              "e3": [entry("c", (0, 4), "hb", basis="sampled", enterprise="e3")]}
    pool = ["e1", "e2", "e3"]
    req = Requirements([], {e: i + 1 for i, e in enumerate(pool)}, {"C": 3}, {"C": pool}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, by_ent, [])
    status, filled = walk_sampled(req, sel, {"140403": state}, {("140403", "um")})
    assert status == dict.fromkeys(pool, "capacity") and filled == {"C": 0}
    assert sel.skipped["e1"] == "R-PRIORITY: required visits of um in district 140403 are unmet"
    assert sel.skipped["e2"] == sel.skipped["e3"] == "team hb-1: every officer's annual visit budget is used (R-AVAIL)"
    assert sel.skipped_zh["e2"] == "hb-1队伍人员的年度检查额度已全部用完（R-AVAIL）"
    assert sel.skipped["e2"] is sel.skipped["e3"] and sel.skipped_zh["e2"] is sel.skipped_zh["e3"]


def test_the_walk_keeps_off_the_days_held_for_an_unmet_trigger() -> None:
    """`avoid` (held_days) reaches place_enterprise: with days 0–3 of hb held in the district, the sampled visit goes
    on day 4 although the team has room every day (mutants 37, 40: the held days dropped)."""
    p, st, days = part(5, {"hb-1": ("hb", 2, 2)})
    state = PartState(p, st, RULES, days)
    e1 = entry("e1", (0, 4), "hb", basis="sampled", rank=1)
    req = Requirements([], {"e1": 1}, {"C": 1}, {"C": ["e1"]}, {}, set(), [], {})
    sel = Selection({}, {}, {}, {}, {"e1": [e1]}, [])
    status, _ = walk_sampled(req, sel, {"140403": state}, set(), {("140403", "hb"): {0, 1, 2, 3}})
    assert status == {"e1": "sampled"} and state.placed["e1"].day == 4
    # the same walk with nothing held takes an earlier day: the held days are what moved it
    state2 = PartState(p, st, RULES, days)
    walk_sampled(req, Selection({}, {}, {}, {}, {"e1": [e1]}, []), {"140403": state2}, set(), {})
    assert state2.placed["e1"].day != 4


# -- scheduler/output.py: plan.json written with json.dump -----------------------------------------------------------------
@pytest.fixture(scope="module")
def tiny_plan(tiny_dir: Path):  # type: ignore[no-untyped-def]
    from scheduler.plan import PlanOptions, make_plan

    return make_plan(load_bundle(tiny_dir / "bundle"), PlanOptions(processes=1, time_limit=1.0))


def test_plan_json_is_utf8_where_the_locale_is_not(tiny_plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """plan.json names its encoding: under a locale whose default is not UTF-8 (a Windows GBK desk, LC_ALL=C), an
    open() without one could not write its Chinese notices and reasons, or wrote them in another encoding (mutants
    250, 253). Simulated by giving write_plan's module an open() whose default is ASCII."""
    from scheduler import output
    from scheduler.output import write_plan

    def ascii_locale_open(file, mode="r", *args, **kw):  # type: ignore[no-untyped-def]
        if "b" not in mode and not kw.get("encoding") and len(args) < 2:
            kw["encoding"] = "ascii"
        return builtins.open(file, mode, *args, **kw)

    monkeypatch.setattr(output, "open", ascii_locale_open, raising=False)
    write_plan(tiny_plan, tmp_path)
    text = (tmp_path / "plan.json").read_text(encoding="utf-8")
    assert not text.isascii() and text.endswith("}\n")
    assert json.loads(text)["year"] == tiny_plan.bundle.year


# -- risk/score.py: the fallback's reason (review27) ---------------------------------------------------------------------
def test_the_fallback_says_it_was_asked_for_only_with_enough_labelled_inspections(monkeypatch: pytest.MonkeyPatch) -> None:
    """With exactly MIN_LABELLED labelled inspections an asked-for points score says so, in both languages; with one
    fewer it says there were too few, asked for or not; a fallback card has no `unlearnt` (mutants 108–130, 209, 214,
    423). The training rows are stood in for: only their count is read on the way to the fallback."""
    b = load_bundle(EXAMPLE)
    monkeypatch.setattr(score_mod, "training_frame", lambda bundle, label: (pd.DataFrame(), np.zeros(MIN_LABELLED)))
    card = score_bundle(b, force_fallback=True).card
    assert card["method"] == "fallback" and card["labelled_inspections"] == MIN_LABELLED
    assert card["fallback_reason"] == "the points score was asked for (force_fallback)"
    assert card["fallback_reason_zh"] == "按要求使用评分表打分（force_fallback）"
    assert "unlearnt" not in card
    few = MIN_LABELLED - 1
    monkeypatch.setattr(score_mod, "training_frame", lambda bundle, label: (pd.DataFrame(), np.zeros(few)))
    for force in (False, True):
        card = score_bundle(b, force_fallback=force).card
        assert card["method"] == "fallback", force
        assert card["fallback_reason"] == f"{few} labelled inspections, fewer than {MIN_LABELLED}", force
        assert card["fallback_reason_zh"] == f"可用于训练的历史检查{few}次，少于{MIN_LABELLED}次", force
        assert "unlearnt" not in card
