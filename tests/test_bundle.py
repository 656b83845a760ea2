"""Bundle loading: every rule of bundle.md reported at its file:row:column, all at once."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLE, cell, read_rows, set_cell, write_rows

from bundle import BundleInvalid, load_bundle
from bundle.creditcode import check_digit, is_valid
from bundle.workbook import csv_folder_to_workbook


def problems(path: Path) -> list[str]:
    with pytest.raises(BundleInvalid) as e:
        load_bundle(path)
    return [str(p) for p in e.value.problems]


def places(path: Path) -> set[str]:
    """Just the file:row:column of every problem."""
    return {":".join(p.split(":")[:3]) for p in problems(path)}


def test_example_bundle_loads_with_policy_and_calendar() -> None:
    b = load_bundle(EXAMPLE)
    assert b.policy.year == 2027
    assert b.policy.seed == "heldout-99"
    assert b.policy.tiers["C"].sample_ratio == 0.5
    assert b.policy.min_lottery_weight == 0.05  # a default, filled in
    assert len(b.enterprises) == 40
    assert len(b.workdays) == 247  # the example's own calendar.csv
    assert b.enterprises.established_on.dtype == "datetime64[ns]"
    assert b.inspections.officer_ids.iloc[0] == ("hb-140403-03", "hb-140403-04")
    assert len(b.input_sha256) == 64


def test_credit_code_check_digit() -> None:
    assert is_valid("91140404C6K5774Q6B")
    assert check_digit("91350100M000100Y4") == "3"
    assert not is_valid("91140404C6K5774Q6C")
    assert not is_valid("91140404C6K5774Q6")  # 17 characters
    assert not is_valid("91140404C6K5774QIB")  # I is not in the alphabet


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "expect"),
    [
        ("enterprises.csv", 3, "enterprise_id", "91140403EGW6KE1B8X", "校验位"),
        ("enterprises.csv", 4, "district_code", "14040", "6 digits"),
        ("enterprises.csv", 4, "district_code", "140400", "city code"),
        ("enterprises.csv", 5, "sector", "mining", "not one of"),
        ("enterprises.csv", 6, "size", "huge", "not one of"),
        ("enterprises.csv", 7, "employees", "-3", "at least 0"),
        ("enterprises.csv", 7, "employees", "twelve", "whole number"),
        ("enterprises.csv", 8, "established_on", "2019/03/20", "ISO"),
        ("enterprises.csv", 8, "established_on", "2019-02-30", "no such date"),
        ("enterprises.csv", 9, "remote_monitoring", "maybe", "true or false"),
        ("enterprises.csv", 10, "name", "", "must not be empty"),
        ("credit_records.csv", 2, "enterprise_id", "91140404C6K5774Q6B".replace("C6K", "C6L"), "not in enterprises.csv"),
        ("credit_records.csv", 3, "kind", "awful", "not one of"),
        ("credit_records.csv", 3, "expires_on", "2024-01-01", "before recorded_on"),
        ("credit_grades.csv", 2, "grade", "E", "not one of"),
        ("inspections.csv", 2, "agency_id", "police", "not in agencies.csv"),
        ("inspections.csv", 2, "inspected_on", "2027-03-01", "not before the plan year"),
        ("inspections.csv", 3, "outcome", "bad", "not one of"),
        ("triggers.csv", 2, "received_on", "2028-01-05", "after the plan year"),
        ("triggers.csv", 2, "urgent", "soon", "true or false"),
        ("items.csv", 2, "legal_basis", "", "must not be empty"),
        ("items.csv", 3, "sectors", "construction;mining", "mining not among"),
        ("items.csv", 4, "agency_id", "nobody", "not in agencies.csv"),
        ("teams.csv", 2, "district_code", "140000", "province code"),
        ("teams.csv", 3, "max_visits_per_day", "0", "at least 1"),
        ("officers.csv", 5, "certificate_no", "", "needs certificate_no"),
        ("officers.csv", 5, "certificate_expires_on", "", "needs certificate_expires_on"),
        ("officers.csv", 6, "team_id", "ghost-team", "not in teams.csv"),
        ("officers.csv", 6, "role", "boss", "not one of"),
        ("unavailability.csv", 2, "end_on", "2027-05-01", "before start_on"),
        ("recusals.csv", 2, "officer_id", "nobody-01", "not in officers.csv"),
        ("calendar.csv", 2, "workday", "perhaps", "true or false"),
    ],
)
def test_each_rule_reported_at_its_cell(bundle_copy: Path, file: str, row: int, column: str, value: str, expect: str) -> None:
    set_cell(bundle_copy, file, row, column, value)
    found = [p for p in problems(bundle_copy) if p.startswith(f"{file}:{row}:{column}: ")]
    assert found, problems(bundle_copy)
    assert any(expect in p for p in found), found
    assert all(" / " in p for p in found)  # Chinese / English


def test_a_certificate_lapsed_before_the_year_is_a_notice_and_counts_on_no_visit(bundle_copy: Path) -> None:
    """R-CERT: an officer counts only while the certificate is valid on the visit date. One that lapsed before the year
    counts on no visit; the bundle still plans (foreign31 F4: a register mid-renewal refused the whole bundle, though
    bundle.md makes no such rule) and the planner is told at the cell, in both languages."""
    from scheduler.plan import PlanOptions, make_plan

    set_cell(bundle_copy, "officers.csv", 6, "certificate_expires_on", "2026-06-30")
    officer = cell(bundle_copy, "officers.csv", 6, "officer_id")
    b = load_bundle(bundle_copy)  # no BundleInvalid
    notes = [str(w) for w in b.warnings if (w.file, w.row, w.column) == ("officers.csv", 6, "certificate_expires_on")]
    assert len(notes) == 1 and "R-CERT" in notes[0] and "2026-06-30" in notes[0] and " / " in notes[0]
    visits = make_plan(b, PlanOptions(time_limit=2, processes=1)).visits
    staffed = {o for v in visits for os in v.officers.values() for o in os}
    assert staffed and officer not in staffed


def test_duplicate_id_names_both_rows(bundle_copy: Path) -> None:
    set_cell(bundle_copy, "enterprises.csv", 3, "enterprise_id", cell(bundle_copy, "enterprises.csv", 2, "enterprise_id"))
    dup = [p for p in problems(bundle_copy) if p.startswith("enterprises.csv:3:enterprise_id:")]
    assert dup and "first at row 2" in dup[0]


def test_missing_required_file_and_column(bundle_copy: Path) -> None:
    (bundle_copy / "agencies.csv").unlink()
    header, rows = read_rows(bundle_copy / "officers.csv")
    i = header.index("role")
    write_rows(bundle_copy / "officers.csv", header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])
    got = places(bundle_copy)
    assert "agencies.csv:0:-" in got
    assert "officers.csv:1:role" in got


def test_row_with_too_many_fields(bundle_copy: Path) -> None:
    p = bundle_copy / "agencies.csv"
    p.write_text(p.read_text(encoding="utf-8") + "xx,某局,extra\n", encoding="utf-8")
    assert "agencies.csv:6:-" in places(bundle_copy)


def test_policy_unknown_key_and_ranges(bundle_copy: Path) -> None:
    pol = json.loads((bundle_copy / "policy.json").read_text())
    pol["max_visit_per_officer_per_day"] = 3  # a typo of a real key
    pol["reserve_capacity_ratio"] = 1.5
    pol["tiers"]["B"]["sample_ratio"] = 2
    pol["sampling"] = "lucky_dip"
    (bundle_copy / "policy.json").write_text(json.dumps(pol, indent=2))
    got = problems(bundle_copy)
    text = "\n".join(got)
    assert "unknown policy key max_visit_per_officer_per_day" in text
    assert any(p.startswith("policy.json:") and ":reserve_capacity_ratio:" in p for p in got)
    assert any(":tiers.B.sample_ratio:" in p for p in got)
    assert any(":sampling:" in p for p in got)
    line = next(p for p in got if "max_visit_per_officer_per_day" in p).split(":")[1]
    assert (bundle_copy / "policy.json").read_text().splitlines()[int(line) - 1].strip().startswith('"max_visit_per')


def test_policy_key_given_twice_is_a_problem(bundle_copy: Path) -> None:
    """JSON keeps the last of two equal keys silently: a planner who edits "seed" twice would plan with the one they
    did not look at. A key given twice is a problem at its second line, in both languages; nothing is planned."""
    path = bundle_copy / "policy.json"
    text = path.read_text(encoding="utf-8")
    assert '"seed"' in text
    path.write_text(text.replace('"seed"', '"seed": "first-look",\n  "seed"', 1), encoding="utf-8")
    got = problems(bundle_copy)
    twice = [p for p in got if ":seed:" in p]
    assert len(twice) == 1 and "出现了不止一次" in twice[0] and "given more than once" in twice[0], got
    assert path.read_text(encoding="utf-8").splitlines()[int(twice[0].split(":")[1]) - 1].strip().startswith('"seed"')
    assert not any("first-look" in p for p in got) and len(got) == 1


def test_plan_year_without_calendar_fails_clearly(bundle_copy: Path) -> None:
    (bundle_copy / "calendar.csv").unlink()
    got = problems(bundle_copy)
    assert any(p.startswith("calendar.csv:0:date:") and "add calendar.csv" in p for p in got)


def test_partial_calendar_is_not_guessed(bundle_copy: Path) -> None:
    header, rows = read_rows(bundle_copy / "calendar.csv")
    write_rows(bundle_copy / "calendar.csv", header, rows[:-1])  # drop 2027-12-31
    got = problems(bundle_copy)
    assert any("2027-12-31" in p and "1 days missing" in p for p in got)


def test_twenty_planted_errors_all_reported(tiny_dir: Path, tmp_path: Path) -> None:
    b = tmp_path / "b"
    shutil.copytree(tiny_dir / "bundle", b)
    planted = [
        ("enterprises.csv", 2, "enterprise_id", "91140403EGW6KE1B8X"),
        ("enterprises.csv", 3, "district_code", "ABCDEF"),
        ("enterprises.csv", 4, "sector", "mining"),
        ("enterprises.csv", 5, "size", "giant"),
        ("enterprises.csv", 6, "employees", "-1"),
        ("enterprises.csv", 7, "established_on", "2020-13-01"),
        ("enterprises.csv", 8, "remote_monitoring", "sometimes"),
        ("enterprises.csv", 9, "lat", "north"),
        ("officers.csv", 2, "team_id", "no-such-team"),
        ("officers.csv", 3, "role", "chief"),
        ("officers.csv", 5, "annual_visit_budget", "lots"),
        ("teams.csv", 2, "max_visits_per_day", "-2"),
        ("items.csv", 2, "legal_basis", ""),
        ("items.csv", 3, "remote_allowed", "often"),
        ("inspections.csv", 2, "outcome", "awful"),
        ("inspections.csv", 3, "inspected_on", "2027-06-01"),
        ("inspections.csv", 4, "agency_id", "fbi"),
        ("unavailability.csv", 2, "end_on", "2027-01-01"),
        ("calendar.csv", 5, "date", "2027-1-5"),
    ]
    for file, row, column, value in planted:
        set_cell(b, file, row, column, value)
    got = places(b)
    want = {f"{f}:{r}:{c}" for f, r, c, _ in planted}
    assert want <= got, sorted(want - got)
    assert len(want) == 19


def _frames_equal(a: Path, b: Path) -> None:
    x, y = load_bundle(a), load_bundle(b)
    assert x.policy == y.policy
    for name in x.frames:
        pd.testing.assert_frame_equal(x.frames[name], y.frames[name], check_dtype=True, obj=name)


def test_workbook_and_zip_load_identically(bundle_copy: Path, tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    csv_folder_to_workbook(bundle_copy, book / "registers.xlsx")
    shutil.copy(bundle_copy / "policy.json", book / "policy.json")
    _frames_equal(bundle_copy, book)
    z = tmp_path / "upload.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for p in sorted(bundle_copy.iterdir()):
            zf.write(p, f"upload/{p.name}")
    _frames_equal(bundle_copy, z)


def test_lone_workbook_takes_default_policy(bundle_copy: Path, tmp_path: Path) -> None:
    xlsx = csv_folder_to_workbook(bundle_copy, tmp_path / "lone.xlsx")
    b = load_bundle(xlsx)
    assert b.policy.year == 2027  # from its calendar sheet
    assert b.policy.tiers["C"].sample_ratio == 0.60  # rules.md's default, not the example's 0.5
    assert len(b.enterprises) == 40


def test_workbook_problem_names_sheet_and_row(bundle_copy: Path, tmp_path: Path) -> None:
    set_cell(bundle_copy, "teams.csv", 4, "district_code", "14x403")
    xlsx = csv_folder_to_workbook(bundle_copy, tmp_path / "regs.xlsx")
    assert "regs.xlsx[teams]:4:district_code" in places(xlsx)


def test_excel_bom_and_gbk_csv_load(bundle_copy: Path) -> None:
    ref = load_bundle(bundle_copy).enterprises
    p = bundle_copy / "enterprises.csv"
    text = p.read_text(encoding="utf-8")
    p.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    pd.testing.assert_frame_equal(load_bundle(bundle_copy).enterprises, ref)
    p.write_bytes(text.encode("gbk"))
    pd.testing.assert_frame_equal(load_bundle(bundle_copy).enterprises, ref)


@pytest.mark.parametrize("data", [b"\xff\xfea\x00b\x00", "agency_id,name\n".encode("utf-16-le"), b"agency_id,name\nx,\xe9t\xe9\n"])
def test_other_encodings_rejected(bundle_copy: Path, data: bytes) -> None:
    (bundle_copy / "agencies.csv").write_bytes(data)
    got = problems(bundle_copy)
    # said of the file (row 0); bytes neither UTF-8 nor GB18030 are filed at their row and cell, also named in the words
    # (row 2 here; foreign44 F6)
    assert any(p.startswith(("agencies.csv:0:-:", "agencies.csv:2:name:")) and ("UTF-8" in p) for p in got), got
    assert not data.startswith(b"agency_id") or any("row 2" in p for p in got), got


def test_invalid_bundle_cli_exits_2_without_traceback(bundle_copy: Path) -> None:
    from typer.testing import CliRunner

    from inspection.cli import app

    set_cell(bundle_copy, "enterprises.csv", 3, "sector", "mining")
    r = CliRunner().invoke(app, ["validate", str(bundle_copy)])
    assert r.exit_code == 2
    assert "enterprises.csv:3:sector:" in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("thresholds", [[0.2, 0.2, 0.4], [0.2, 0.3, 0.3], [0.2000001, 0.2000009, 0.4], [0.2000005, 0.33, 0.41]])
def test_policy_tier_thresholds_leave_every_tier_a_band(bundle_copy: Path, thresholds: list[float]) -> None:
    """Equal thresholds, or thresholds finer than risk_score's 6 decimals, could leave a tier no published score: rejected,
    naming the field. Thresholds that pass give every tier a non-empty band (risk.tiers.tier_band), which R-TIER's
    published score needs."""
    from risk.tiers import tier_band

    pol = json.loads((bundle_copy / "policy.json").read_text())
    pol["tier_thresholds"] = thresholds
    (bundle_copy / "policy.json").write_text(json.dumps(pol, indent=2))
    got = problems(bundle_copy)
    assert any(p.startswith("policy.json:") and ":tier_thresholds:" in p and "at most 6 decimals" in p for p in got), got
    # the message names the offending value and the condition it breaks, in both languages
    culprit = next(t for k, t in enumerate(thresholds) if t in thresholds[:k] or round(t, 6) != t)
    said = next(p for p in got if ":tier_thresholds:" in p)
    if thresholds.count(culprit) > 1:
        assert f"{culprit} 出现两次" in said and f"{culprit} appears twice" in said, said
    else:
        assert f"{culprit} 超过6位小数" in said and f"{culprit} has more than 6 decimals" in said, said
    for ok in ([0.2, 0.3, 0.4], [0.299999, 0.3, 0.4], [0.25, 0.333333, 0.41], [0.000001, 0.5, 0.999999]):
        pol["tier_thresholds"] = ok
        (bundle_copy / "policy.json").write_text(json.dumps(pol, indent=2))
        assert load_bundle(bundle_copy).policy.tier_thresholds == tuple(ok)
        assert all(lo <= hi for lo, hi in (tier_band(t, tuple(ok)) for t in "ABCD")), ok  # type: ignore[arg-type]


@pytest.mark.parametrize(("seed", "weak"), [(None, True), ("2027-city-plan", True), ("k3Jx9-Qe7vTz-2mPa-8wLs", False)])
def test_a_guessable_seed_is_a_notice(bundle_copy: Path, seed: str | None, weak: bool) -> None:
    """R-PUBLISH: the public sees sha256(seed) before the year, which confirms a guess; a missing (default) or short seed
    is named in the bundle's notices (walk8: the demo's seed was found by hashing "2027-demo-1"). Not a refusal."""
    import json

    path = bundle_copy / "policy.json"
    policy = json.loads(path.read_text(encoding="utf-8"))
    policy.pop("seed", None)
    if seed is not None:
        policy["seed"] = seed
    path.write_text(json.dumps(policy, ensure_ascii=False), encoding="utf-8")
    notes = [w for w in load_bundle(bundle_copy).warnings if w.column == "seed"]
    assert bool(notes) == weak
    if weak:
        assert "R-PUBLISH" in notes[0].message_en and "可被猜中" in notes[0].message_zh
        # never the seed itself: the notice reaches the viewer, who may not read it before the year closes (foreign37)
        said = notes[0].message_zh + notes[0].message_en
        assert (seed or load_bundle(bundle_copy).policy.seed) not in said and "annual-plan" not in said


def test_grades_rated_before_last_year_are_a_notice(bundle_copy: Path) -> None:
    """R-TIER takes the latest official grade however old; a grade rated before the year preceding the plan year is
    named in the bundle's notices, with how many firms and the oldest date (foreign16: a March 2024 self-assessment set
    the 2027 tiers of 5,489 of 6,000 firms). A notice, never a refusal; the tiers do not change."""
    path = bundle_copy / "credit_grades.csv"
    header, rows = read_rows(path)
    b = load_bundle(bundle_copy)
    year = b.policy.year
    assert not [w for w in b.warnings if w.column == "rated_on"]  # the example's grades are recent: no notice
    at = header.index("rated_on")
    ids = [r[header.index("enterprise_id")] for r in rows]
    for r in rows[:3]:
        r[at] = f"{year - 2}-03-20"
    rows[3][at] = f"{year - 1}-01-01"  # rated in the year before the plan year: not old
    write_rows(path, header, rows)
    b2 = load_bundle(bundle_copy)
    notes = [w for w in b2.warnings if w.column == "rated_on"]
    graded = len(set(ids))
    assert len(notes) == 1 and notes[0].file == "credit_grades.csv" and notes[0].row == 0
    stale = len({r[header.index("enterprise_id")] for r in rows[:3]} - {r[header.index("enterprise_id")] for r in rows[3:]
                                                                          if r[at] >= f"{year - 1}"})
    assert notes[0].message_zh.startswith(f"{stale}户企业（共{graded}户有分级）"), notes[0].message_zh
    assert f"(the oldest on {year - 2}-03-20)" in notes[0].message_en and "R-TIER" in notes[0].message_en
    assert b2.latest_grades()["grade"].sort_index().equals(b.latest_grades()["grade"].sort_index())  # they still set the tiers


def _registers_broken(b: Path) -> set[tuple[str, int, str]]:
    """Three register mistakes a planner makes (an enforcement officer without certificate, an officer of no team, a
    trigger of no enterprise) and a history dated inside the plan year; the places they are said."""
    set_cell(b, "officers.csv", 5, "certificate_no", "")
    set_cell(b, "officers.csv", 6, "team_id", "nosuchteam")
    set_cell(b, "triggers.csv", 2, "enterprise_id", "91140403000000000X")
    set_cell(b, "inspections.csv", 2, "inspected_on", "2027-03-01")
    return {("officers.csv", 5, "certificate_no"), ("officers.csv", 6, "team_id"), ("triggers.csv", 2, "enterprise_id"),
            ("inspections.csv", 2, "inspected_on")}


def test_a_refused_policy_hides_no_problem_of_the_other_files(bundle_copy: Path) -> None:
    """bundle.md: every problem at once (foreign37: with a sample_ratio of 1.5 the upload named that alone; the three
    register mistakes came at the next upload). policy.json's year still reads, so the history dated in it is said."""
    where = _registers_broken(bundle_copy)
    policy = json.loads((bundle_copy / "policy.json").read_text(encoding="utf-8"))
    policy["tiers"]["A"]["sample_ratio"] = 1.5
    (bundle_copy / "policy.json").write_text(json.dumps(policy), encoding="utf-8")
    with pytest.raises(BundleInvalid) as e:
        load_bundle(bundle_copy)
    said = {(p.file, p.row, p.column) for p in e.value.problems}
    assert where <= said and any(p.file == "policy.json" and "sample_ratio" in p.column for p in e.value.problems), said
    assert all(p.file != "officers.csv" or p.column != "training_hours" for p in e.value.problems)  # notices wait


@pytest.mark.parametrize("policy_text", ['{"year": 1999}', '{"year": 2027,', "[2027]"])
def test_a_policy_whose_year_does_not_read_checks_no_date_against_a_guessed_year(bundle_copy: Path, policy_text: str) -> None:
    """Where policy.json's year (or its JSON) is wrong, the registers are checked against one another, but no date
    against a plan year nobody gave: the history's date inside 2027 is not said, the three register mistakes are."""
    where = _registers_broken(bundle_copy)
    (bundle_copy / "policy.json").write_text(policy_text, encoding="utf-8")
    with pytest.raises(BundleInvalid) as e:
        load_bundle(bundle_copy)
    said = {(p.file, p.row, p.column) for p in e.value.problems}
    assert where - {("inspections.csv", 2, "inspected_on")} <= said and ("inspections.csv", 2, "inspected_on") not in said, said
    assert not any(p.file == "calendar.csv" for p in e.value.problems)
