"""walk28 (a new planner's walk): one person entered under two officer ids, a date cell told twice, the leader's
ratios, a workbook's notices, texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import cell, read_rows, set_cell, write_rows
from test_bad_input import at, only_problems

from bundle import load_bundle


def test_one_certificate_under_two_officer_ids_is_refused(bundle_copy: Path) -> None:
    """R-PAIR needs two people: the same certificate on rows 5 and 6 is one person entered twice, and the plan staffed
    visits with them alone. The later row is named, with the first row and its officer."""
    set_cell(bundle_copy, "officers.csv", 6, "certificate_no", cell(bundle_copy, "officers.csv", 5, "certificate_no"))
    problems = only_problems(bundle_copy)
    p = at(problems, "officers.csv", 6, "certificate_no", "already held by hb-140403-03 (row 5)")
    assert "R-PAIR" in p.message_en and "一人一证" in p.message_zh
    assert not [q for q in problems if q.row == 5]  # the first holder is not the problem


def test_distinct_certificates_and_blank_ones_of_auxiliaries_pass(bundle_copy: Path) -> None:
    assert load_bundle(bundle_copy).officers["certificate_no"].eq("").sum() > 1  # several blanks: not "one certificate"


def test_a_certificate_date_that_is_not_a_date_is_one_problem_not_also_a_missing_one(bundle_copy: Path) -> None:
    """30.06.2030 in a filled cell: the date's format is the problem; "needs certificate_expires_on" was said as well."""
    set_cell(bundle_copy, "officers.csv", 5, "certificate_expires_on", "30.06.2030")
    here = [p for p in only_problems(bundle_copy) if (p.file, p.row, p.column) == ("officers.csv", 5, "certificate_expires_on")]
    assert len(here) == 1 and "needs" not in here[0].message_en, [str(p) for p in here]


def test_a_blank_certificate_date_of_an_enforcement_officer_is_still_refused(bundle_copy: Path) -> None:
    set_cell(bundle_copy, "officers.csv", 5, "certificate_expires_on", "")
    at(only_problems(bundle_copy), "officers.csv", 5, "certificate_expires_on", "needs certificate_expires_on")


def _policy(bundle: Path, **changes: object) -> None:
    import json

    p = bundle / "policy.json"
    p.write_text(json.dumps({**json.loads(p.read_text(encoding="utf-8")), **changes}, ensure_ascii=False), encoding="utf-8")


def test_one_officer_per_agency_is_taken_with_a_notice_naming_the_law(bundle_copy: Path) -> None:
    """R-PAIR's parameter may be set (rules.md), and Art. 42 allows what another law provides; but a policy of 1 planned
    every on-site visit with one officer without a word, while the notice tells the firm it may refuse fewer than two."""
    _policy(bundle_copy, officers_per_agency_on_visit=1)
    said = [w for w in load_bundle(bundle_copy).warnings if w.column == "officers_per_agency_on_visit"]
    assert len(said) == 1 and "第四十二条" in said[0].message_zh and "Art. 42" in said[0].message_en and said[0].file == "policy.json"
    _policy(bundle_copy, officers_per_agency_on_visit=2)
    assert not [w for w in load_bundle(bundle_copy).warnings if w.column == "officers_per_agency_on_visit"]


def test_the_leaders_line_shows_each_ratio_as_typed() -> None:
    """The leader approves from "本次修改": 12.5% read "12%" and 0.7% read "1%" beside the table's 12.5 and 0.7; the form
    stored 0.7% as 0.006999999999999999."""
    from api.flow import changes_text, fraction

    assert fraction(0.7) == 0.007 and fraction(12.5) == 0.125 and fraction(60) == 0.6
    changes = {"policy": {"tiers": {"B": {"sample_ratio": fraction(12.5)}, "C": {"sample_ratio": fraction(0.7)}},
                          "reserve_capacity_ratio": fraction(12.5)}}
    zh, en = changes_text(changes), changes_text(changes, zh=False)
    assert zh[:2] == ["B级抽查比例 12.5%", "C级抽查比例 0.7%"] and zh[2].endswith(" 12.5%"), zh
    assert changes_text({"policy": {"tiers": {"A": {"sample_ratio": 0.123456}}}}) == ["A级抽查比例 12.3456%"]
    assert en[:2] == ["tier B sample ratio 12.5%", "tier C sample ratio 0.7%"] and en[2].endswith(" 12.5%"), en
    assert changes_text({"policy": {"tiers": {"C": {"sample_ratio": 0.5}}}}) == ["C级抽查比例 50%"]


def test_validate_prints_a_workbooks_notices_with_their_sheet(bundle_copy: Path, tmp_path: Path) -> None:
    """`inspection validate` printed a workbook's notices as registers.xlsx:3:training_hours: rich read the sheet,
    [officers], as a markup tag and dropped it (the problems, printed as text, kept it)."""
    from typer.testing import CliRunner

    from bundle.workbook import csv_folder_to_workbook
    from inspection.cli import app

    set_cell(bundle_copy, "officers.csv", 5, "training_hours", "1")  # under min_training_hours: an R-TRAIN notice
    folder = tmp_path / "wb [v2]"  # a folder name in brackets is printed as typed, too (rich took [v2] for a tag)
    folder.mkdir()
    csv_folder_to_workbook(bundle_copy, folder / "registers.xlsx")
    r = CliRunner().invoke(app, ["validate", str(folder)])
    assert r.exit_code == 0, r.output
    assert "registers.xlsx[officers]:5:training_hours" in r.output and "registers.xlsx:5:" not in r.output, r.output
    assert "wb [v2]" in r.output


def test_a_step_on_a_visit_that_does_not_exist_is_no_such_visit() -> None:
    """A step (反馈, 归档 …) entered for a visit id nobody planned read "visit NOPE has no record yet" (409)."""
    import pytest
    from test_mut15_deadlines import D, _year

    from execution import YearError
    from execution.deadlines import complete

    y = _year()
    with pytest.raises(YearError) as e:
        complete(y, "NOPE", "feedback", D, "clerk")
    assert (e.value.status, e.value.field, e.value.en) == (404, "visit_id", "no visit NOPE") and y.milestones == {}


def test_policy_values_at_odds_are_named_in_a_notice(bundle_copy: Path) -> None:
    """Each within its bounds, together a likely typo: an urgent trigger given longer than an ordinary one; entries of
    any agencies held further apart than two visits of one agency. The example policy (10 / 3, 30 / 90) has neither."""
    assert not [w for w in load_bundle(bundle_copy).warnings if w.file == "policy.json" and w.column != "seed"]
    _policy(bundle_copy, trigger_within_workdays=2, urgent_within_workdays=5, min_days_between_visits=120)
    said = {w.column: w for w in load_bundle(bundle_copy).warnings if w.file == "policy.json"}
    assert "R-URGENT" in said["urgent_within_workdays"].message_en and "5" in said["urgent_within_workdays"].message_zh
    assert "R-GAP" in said["min_days_between_visits"].message_en and "120" in said["min_days_between_visits"].message_zh


def test_a_date_excel_saved_in_its_own_notation_is_told_how_to_write_it(bundle_copy: Path) -> None:
    """2027/7/12 (Excel's Chinese-locale date, saved to CSV) is still refused (bundle.md: ISO dates), but says the date
    to write and why it changed; a date with no such reading (30.06.2030, 2027/2/30) says only the format."""
    set_cell(bundle_copy, "officers.csv", 5, "certificate_expires_on", "2029/6/30")
    set_cell(bundle_copy, "officers.csv", 6, "certificate_expires_on", "2027/2/30")
    problems = only_problems(bundle_copy)
    p = at(problems, "officers.csv", 5, "certificate_expires_on", "write 2029-06-30")
    assert "应写作 2029-06-30" in p.message_zh and "Excel" in p.message_en
    assert "write" not in at(problems, "officers.csv", 6, "certificate_expires_on", "YYYY-MM-DD").message_en


def test_a_remote_check_is_not_an_entry_for_r_joint_or_r_gap_in_the_year() -> None:
    """plan.md invariant 4: entries (入企) are on-site visits; an agency's two planned visits are held apart whatever
    their mode. The year read every remote check as an entry: 88 visits of the city's approved plan (checked clean)
    broke R-GAP / R-JOINT in Year.lawful, and a leave's re-staffing of one stopped on a YearError (bench/year.py)."""
    import datetime as dt

    from test_mut15_replan import E1, TODAY, D, tiny, visit

    from execution.replan import officer_unavailable

    y = tiny()
    soon = y.reg.workdays[y.reg.wd_index[D] + 4]  # four working days on: inside min_days_between_visits (30)
    onsite = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"), basis="mandatory")
    remote = visit("R", soon, E1, ("um-140400-00",), agencies=("um",), basis="sampled", mode="remote")
    y = tiny(onsite, remote)
    assert y.lawful(onsite) == [] and y.lawful(remote) == []
    assert y.day_conflict(E1, ("um",), "sampled", soon, mode="remote", ignore="R") is None
    assert y.day_conflict(E1, ("um",), "sampled", D, mode="remote", ignore="R") is None  # beside the entry, same day
    # what stays a conflict: an on-site entry of another agency 4 days or 0 days from the entry, and the same agency's
    # planned visit within min_days_between_repeat_visits in either mode
    assert y.day_conflict(E1, ("um",), "sampled", soon, mode="onsite", ignore="R") == "R-GAP"
    assert y.day_conflict(E1, ("um",), "sampled", D, mode="onsite", ignore="R") == "R-JOINT"
    assert y.day_conflict(E1, ("hb",), "sampled", D + dt.timedelta(days=40), mode="remote") == "R-GAP"
    # a trigger (on-site, outside the spacing) still cannot share the entry's day: one on-site row a day
    assert y.day_conflict(E1, ("um",), "triggered", D) == "R-JOINT" and y.day_conflict(E1, ("um",), "triggered", soon) is None
    r = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")  # raised YearError R-GAP before
    assert r.restaffed == ["V"] and "hb-140404-00" not in onsite.officer_ids and y.lawful(onsite) == []


def test_a_leave_on_a_visit_already_breaking_a_rule_is_re_planned_not_a_crash() -> None:
    """A plan made elsewhere may hold what our plans never do: two agencies' on-site entries four working days apart
    (R-GAP). Re-staffing the day cannot mend that, and Year.move's refusal ended the leave in a YearError (a 500 on
    the service); now the next remedy runs: the visit moves to a lawful day (R-REPLAN)."""
    from test_mut15_replan import E1, TODAY, D, tiny, visit

    from execution.replan import officer_unavailable

    y = tiny()
    soon = y.reg.workdays[y.reg.wd_index[D] + 4]
    hb = visit("V", D, E1, ("hb-140404-00", "hb-140404-01"), basis="mandatory")
    gas = visit("G", soon, E1, ("gas-140404-00", "gas-140404-02"), agencies=("gas",), basis="sampled")
    y = tiny(hb, gas)
    assert y.lawful(hb) == ["R-GAP"]
    r = officer_unavailable(y, "hb-140404-00", D, D, TODAY, "planner")
    assert r.restaffed == [] and [m["visit_id"] for m in r.moved] == ["V"] and y.lawful(hb) == [] and hb.date != D


def test_a_stored_bundle_accepted_before_the_certificate_rule_is_read_with_a_notice(bundle_copy: Path) -> None:
    """review28: the service reads a running year's bundle again at every start (api.yearstore); one accepted before the
    rule, holding one certificate under two ids, raised BundleInvalid there — a 500 on every year route, and an approved
    plan's bundle cannot be changed. Read as stored, the refusal is a notice; an upload or a new plan still refuses."""
    set_cell(bundle_copy, "officers.csv", 6, "certificate_no", cell(bundle_copy, "officers.csv", 5, "certificate_no"))
    at(only_problems(bundle_copy), "officers.csv", 6, "certificate_no", "already held by")
    b = load_bundle(bundle_copy, stored=True)
    said = [w for w in b.warnings if (w.file, w.row, w.column) == ("officers.csv", 6, "certificate_no")]
    assert len(said) == 1 and "already held by hb-140403-03" in said[0].message_en


def test_the_running_year_reads_its_bundle_as_stored(bundle_copy: Path, monkeypatch: Any) -> None:
    import types

    import api.yearstore as ys

    set_cell(bundle_copy, "officers.csv", 6, "certificate_no", cell(bundle_copy, "officers.csv", 5, "certificate_no"))
    monkeypatch.setattr(ys, "bundle_folder", lambda session, settings, bundle_id: bundle_copy)
    monkeypatch.setattr(ys, "_bundles", {})
    b = ys.bundle_of(None, types.SimpleNamespace(database_url="sqlite://"), 7)  # type: ignore[arg-type]
    assert any(w.column == "certificate_no" for w in b.warnings)


def test_certificates_are_compared_as_numbers_and_placeholders_are_not_numbers(bundle_copy: Path) -> None:
    """review28: 晋 89238708 and 晋８９２３８７０８ are one number (spaces, full-width digits, case); 待补 on several rows is a
    number still to come, not one person under two ids; the same row pasted twice is its duplicate officer_id's problem
    alone, not "two ids"."""
    first = cell(bundle_copy, "officers.csv", 5, "certificate_no")  # 晋89238708
    wide = first[0] + " " + "".join(chr(ord(ch) + 0xFEE0) for ch in first[1:])
    set_cell(bundle_copy, "officers.csv", 6, "certificate_no", wide)
    at(only_problems(bundle_copy), "officers.csv", 6, "certificate_no", "already held by hb-140403-03 (row 5)")
    for row in (5, 6, 7):
        set_cell(bundle_copy, "officers.csv", row, "certificate_no", "待补")
    assert not [w for w in load_bundle(bundle_copy).warnings if w.column == "certificate_no"]


def test_a_row_pasted_twice_is_its_duplicate_id_not_two_ids(bundle_copy: Path) -> None:
    header, rows = read_rows(bundle_copy / "officers.csv")
    write_rows(bundle_copy / "officers.csv", header, [*rows, rows[3]])  # row 5 (hb-140403-03) again, as the last row
    last = len(rows) + 2
    here = [p for p in only_problems(bundle_copy) if p.row == last]
    assert here and all("already held" not in p.message_en for p in here) and any("duplicate" in p.message_en for p in here)


def test_first_problems_name_each_place_in_both_languages() -> None:
    from bundle.problems import Problem, first_problems

    ps = [Problem("policy.json", 0, f"k{i}", f"问题{i}", f"problem {i}") for i in range(7)]
    zh, en = first_problems(ps)
    assert zh.split("；")[0] == "policy.json:0:k0: 问题0" and len(zh.split("；")) == 5 and "k5" not in en
    assert first_problems(ps[:1], rows=False) == ("policy.json:k0: 问题0", "policy.json:k0: problem 0")
