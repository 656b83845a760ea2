"""Bounded memory (issue 12): the plan folder is written as a stream, the loader types rows as it reads them, the
reasons read features cell by cell, the checker streams the plan's CSVs. Each streamed form must give exactly what
building the whole thing at once gave; the memory itself is measured by `make bench` (bench/scale.py), not here."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from bundle import load_bundle
from checker.facts import Context, SelectionRow
from risk.features import scoring_frame
from risk.score import _Column, _Row
from scheduler.output import SELECTION_COLUMNS, VISIT_COLUMNS, VisitTally, _csv, _json_object, counts, joint_rate, visit_rows, write_plan
from scheduler.plan import Plan, PlanOptions, make_plan
from scheduler.reasons import selection_reasons


@pytest.fixture(scope="module")
def written(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Path]:
    b = load_bundle(tiny_dir / "bundle")
    plan = make_plan(b, PlanOptions(processes=1, time_limit=1.0))
    out = tmp_path_factory.mktemp("streamed")
    write_plan(plan, out)
    return plan, out


def test_streamed_files_equal_the_whole_build(written: tuple[Plan, Path]) -> None:
    """visits.csv, explain.json, selection.csv, officer_draw.json, factors.json and plan.json, streamed, are byte for byte what
    building each file in memory and writing it at once gives."""
    plan, out = written
    rows, explain = visit_rows(plan)
    assert len(rows) > 50  # a plan with visits, not an empty file compared with an empty file
    assert (out / "visits.csv").read_text(encoding="utf-8") == _csv(rows, VISIT_COLUMNS)
    assert (out / "explain.json").read_text(encoding="utf-8") == json.dumps(explain, ensure_ascii=False, sort_keys=True) + "\n"
    per = Counter(r[2] for r in rows)
    reasons = selection_reasons(plan, per)
    s = plan.scores.frame
    whole = sorted(([eid, t, f"{p:.6f}", "true" if per[eid] else "false", plan.status.get(eid, "not_drawn"), plan.req.ranks.get(eid, ""),
                     per[eid], *reasons[eid]] for eid, t, p in zip(s.enterprise_id, s.tier, s.risk_score, strict=True)), key=lambda r: r[0])
    assert (out / "selection.csv").read_text(encoding="utf-8") == _csv(whole, SELECTION_COLUMNS)
    draw = json.loads((out / "officer_draw.json").read_text(encoding="utf-8"))
    assert draw["visits"] and (out / "officer_draw.json").read_text(encoding="utf-8") == json.dumps(draw, ensure_ascii=False, sort_keys=True) + "\n"
    assert draw["visits"] == {vid: {a: r.as_json() for a, r in rs.items()} for vid, rs in plan.draws.items()}
    assert all(set(r) == {"team", "considered", "skipped", "taken"} for rs in draw["visits"].values() for r in rs.values())
    factors = {eid: [f.as_json() for f in fs] for eid, fs in sorted(plan.scores.factors.items())}
    assert (out / "factors.json").read_text(encoding="utf-8") == json.dumps(factors, ensure_ascii=False) + "\n"
    meta = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert meta["solver"]["parts"] and (out / "plan.json").read_text(encoding="utf-8") == json.dumps(meta, ensure_ascii=False, indent=1) + "\n"


def test_tally_equals_the_frame_counts(written: tuple[Plan, Path]) -> None:
    """plan.json's counts and joint rate (R-MERGE), added up row by row, equal those of a frame of every visit."""
    _, out = written
    visits = pd.read_csv(out / "visits.csv", dtype=str, keep_default_na=False)
    meta = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert meta["counts"] == counts(visits)
    assert meta["joint_rate"] == joint_rate(visits)


def test_tally_joint_rate_cases() -> None:
    """R-MERGE's share on hand-made rows, against the frame version: two agencies on separate days (not joint), a joint
    row, a remote second agency (not on site), and an enterprise with one agency only."""
    def row(vid: str, eid: str, mode: str, agencies: str) -> list[object]:
        return [vid, "2027-03-01", eid, "140402", mode, agencies.split(";")[0], agencies, "I1", "O1", "sampled", "", "C"]

    rows = [row("V1", "E1", "onsite", "A1"), row("V2", "E1", "onsite", "A2"),  # apart: E1 is multi, not joint
            row("V3", "E2", "onsite", "A1;A2"),  # joint
            row("V4", "E3", "onsite", "A1"), row("V5", "E3", "remote", "A2"),  # one agency on site
            row("V6", "E4", "onsite", "A3"), row("V7", "E4", "onsite", "A3")]  # the same agency twice
    tally = VisitTally()
    for r in rows:
        tally.add(r)
    frame = pd.DataFrame(rows, columns=VISIT_COLUMNS)
    assert tally.joint_rate() == joint_rate(frame) == 0.5
    assert tally.counts() == counts(frame)
    assert tally.per_enterprise == Counter({"E1": 2, "E3": 2, "E4": 2, "E2": 1})
    assert VisitTally().joint_rate() is None and VisitTally().counts() == counts(pd.DataFrame(columns=VISIT_COLUMNS))


@pytest.mark.parametrize("members", [{}, {"V1": {"a": [1, 2], "中文": "是"}}, {"b": 1, "a": {"y": None, "x": 1.5}}])
def test_json_object_is_json_dumps(members: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    for kw in ({"ensure_ascii": False}, {"ensure_ascii": False, "sort_keys": True}):
        with open(path, "w", encoding="utf-8") as f:  # the members come in the order the file wants (the caller sorts them)
            _json_object(f, iter(sorted(members.items()) if kw.get("sort_keys") else members.items()), **kw)
        assert path.read_text(encoding="utf-8") == json.dumps(members, **kw)


def test_loader_shares_equal_values(tiny_dir: Path) -> None:
    """Values repeated down a column are one object (shared as each row is read, not after every row is held)."""
    b = load_bundle(tiny_dir / "bundle")
    ins = b.inspections
    first: dict[str, object] = {}
    repeats = 0
    for eid in ins.enterprise_id:
        if eid in first:
            assert eid is first[eid]
            repeats += 1
        first.setdefault(eid, eid)
    assert repeats > 10
    outcomes = {id(o) for o in ins.outcome}
    assert len(outcomes) == ins.outcome.nunique()


def test_reason_rows_read_what_records_hold(tiny_dir: Path) -> None:
    """The reasons read each feature cell from the columns: the very values `to_dict(orient="records")` gave."""
    X = scoring_frame(load_bundle(tiny_dir / "bundle"))
    records = X.to_dict(orient="records")
    columns = {c: _Column(X[c]) for c in X.columns if c != "cutoff"}
    for i, rec in enumerate(records):
        row = _Row(columns, i)
        for c in columns:
            a, b = rec[c], row.get(c)
            assert type(a) is type(b) and (a == b or (a != a and b != b)), (i, c, a, b)
    assert _Row(columns, 0).get("no such feature", "x") == "x"


def test_checker_selection_rows_read_like_dicts(written: tuple[Plan, Path], tiny_dir: Path) -> None:
    """The checker's selection rows answer `row[col]` and `row.get(col)` as csv's dicts did; a reason is held only as
    present or not (R-EXPLAIN reads nothing more)."""
    _, out = written
    ctx = Context(load_bundle(tiny_dir / "bundle"), out)
    rows = pd.read_csv(out / "selection.csv", dtype=str, keep_default_na=False)
    assert len(ctx.selection) == len(rows)
    for r, (_, ref) in zip(ctx.selection, rows.iterrows(), strict=True):
        for c in ("enterprise_id", "tier", "risk_score", "selected", "basis", "draw_rank", "visits_planned"):
            assert r[c] == r.get(c) == ref[c]
        assert bool(r.get("reason_zh")) == bool(ref["reason_zh"]) and bool(r["reason_en"]) == bool(ref["reason_en"])
    row = SelectionRow({"enterprise_id": "E", "reason_zh": "", "reason_en": "x"})
    assert row.get("reason_zh") == "" and row["reason_en"] and row.get("nope", 7) == 7
    with pytest.raises(KeyError):
        row["nope"]
    assert [v.visit_id for v in ctx.visits] == list(pd.read_csv(out / "visits.csv", dtype=str).visit_id)


def test_released_history_same_plan(tiny_dir: Path, written: tuple[Plan, Path], tmp_path: Path) -> None:
    """`release_history` (the CLI's setting) drops the past inspections and credit frames once scored and required:
    the same plan bytes, and a late reader of them fails loudly instead of reading nothing."""
    b = load_bundle(tiny_dir / "bundle")
    assert len(b.inspections) > 0
    plan = make_plan(b, PlanOptions(processes=1, time_limit=1.0, release_history=True))
    write_plan(plan, tmp_path)
    for name in ("visits.csv", "selection.csv", "explain.json", "officer_draw.json", "factors.json"):
        assert (tmp_path / name).read_bytes() == (written[1] / name).read_bytes(), name
    with pytest.raises(AttributeError):
        b.inspections  # noqa: B018


def test_factor_table_gives_back_what_was_added() -> None:
    """The compact reasons give back, for each enterprise, the very Factors added (order, floats, phrases), shared
    phrases included; an enterprise with no factor reads as an empty list; an unknown one is a KeyError."""
    from risk.score import Factor, FactorTable

    names = ["n_violations", "sector", "age_years"]
    added = {"E1": [Factor("sector", 0.1234, "建筑施工企业风险较高", "construction firms carry higher risk"),
                    Factor("n_violations", 1e-4, "近三年检查发现违法行为2次", "2 violation(s) found in past inspections")],
             "E2": [],
             "E3": [Factor("sector", -0.3, "建筑施工企业风险较高", "construction firms carry higher risk"),
                    Factor("age_years", 0.1 + 0.2, "成立3年", "3 year(s) in business")]}
    table = FactorTable(names)
    for eid, fs in added.items():
        table.add(eid, fs)
    assert dict(table.items()) == added and list(table) == ["E1", "E2", "E3"] and len(table) == 3
    assert table["E3"][1].contribution == 0.1 + 0.2  # the float itself, not a rounded copy
    assert table["E1"][0].zh is table["E3"][0].zh  # one string per distinct phrase
    with pytest.raises(KeyError):
        table["E4"]


def test_list_cells_are_shared_within_a_bundle(tiny_dir: Path) -> None:
    """A `;` list cell (inspections' officer_ids, items) is one tuple per distinct text and its ids are shared strings:
    a province's 394,000 inspections held 1.18 million fresh tuples and strings (68 MB). The cache is emptied after
    the load, and the values are what they were."""
    from bundle.cells import list_cell

    b = load_bundle(tiny_dir / "bundle")
    col = b.inspections["officer_ids"]
    first: dict[tuple[str, ...], tuple[str, ...]] = {}
    repeated = 0
    for v in col:
        if v in first:
            repeated += 1
            assert v is first[v]
        first.setdefault(v, v)
    assert repeated > 10
    ids = [o for v in first for o in v]
    assert len({id(o) for o in ids}) == len(set(ids))  # each officer id one string object
    assert list_cell.cache_info().currsize == 0
    assert list_cell("a；b; a ;", ()) == ("a", "b", "a") and list_cell("建筑施工;x", ("construction",)).en == "x not among construction (建筑施工)"
