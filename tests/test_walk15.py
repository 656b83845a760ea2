"""Walk15's findings mended in small pure functions (the rest are tested where their routes are)."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.mark.parametrize(("today", "quarter"), [
    ("2027-04-20", "2027Q1"),  # 20 days into Q2: the form offered 2027Q2, whose files were still being archived
    ("2027-03-30", "2026Q4"),
    ("2027-03-31", "2027Q1"),  # a quarter's last day counts as ended (the bureau's end-of-quarter draw)
    ("2027-06-30", "2027Q2"),
    ("2027-09-29", "2027Q2"),
    ("2027-12-31", "2027Q4"),
    ("2027-12-30", "2027Q3"),  # Q4 ends on the 31st (mut16: "30 unless Q1 or Q4" with Q4 mistyped survived)
    ("2028-01-25", "2027Q4"),
])
def test_the_case_review_form_offers_the_last_quarter_ended(today: str, quarter: str) -> None:
    from api.routers.visits import last_quarter

    assert last_quarter(dt.date.fromisoformat(today)) == quarter


def test_a_register_named_by_habit_is_named_and_references_into_an_empty_one_are_one_line(bundle_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Walk15: teams.csv saved as TEAMS.CSV, and a workbook's officers sheet named Sheet1, read "required file … is
    missing" followed by one line per row that refers to it (57). Now the file or sheet that was there is named; and
    rows referring to a register with no rows are one line, not one per row."""
    import openpyxl
    from test_bad_input import at, only_problems

    from bundle.workbook import csv_folder_to_workbook

    book = csv_folder_to_workbook(bundle_copy, tmp_path / "registers.xlsx")
    header = (bundle_copy / "officers.csv").read_text(encoding="utf-8").splitlines()[0]
    (bundle_copy / "teams.csv").rename(bundle_copy / "TEAMS.CSV")
    problems = only_problems(bundle_copy)
    at(problems, "TEAMS.CSV", 0, "-", "should be named teams.csv")

    wb = openpyxl.load_workbook(book)
    wb["officers"].title = "Sheet1"
    wb.save(book)
    p = at(only_problems(book), "registers.xlsx[Sheet1]", 0, "-", "should it be named officers")  # walk45 G1
    assert "未被读取" in p.message_zh

    (bundle_copy / "TEAMS.CSV").rename(bundle_copy / "teams.csv")
    (bundle_copy / "officers.csv").write_text(header + "\n", encoding="utf-8")  # a register with its header only
    problems = only_problems(bundle_copy)
    at(problems, "unavailability.csv", 0, "officer_id", "refer to officers.csv, which is missing or has no rows")
    rows = [p for p in problems if p.row > 0 and "is not in officers.csv" in p.message_en]
    assert not rows, [str(p) for p in rows][:3]


def test_a_team_that_cannot_field_a_pair_is_told_before_planning(bundle_copy) -> None:  # type: ignore[no-untyped-def]
    """Walk15: a district team whose certificates all ran out on 31 March had nothing said at upload or on the plan
    page, and the capacity table showed it idle with places it could not use. The bundle's notices now name every team
    short of R-PAIR's officers when the year begins, and the day a team falls short as certificates expire (R-CERT)."""
    from conftest import set_cell

    from bundle import load_bundle

    def shortages(b) -> dict[str, str]:  # type: ignore[no-untyped-def]
        return {w.message_en.split()[0]: w.message_en for w in b.warnings if "R-PAIR, R-CERT" in w.message_en}

    got = shortages(load_bundle(bundle_copy))
    # the spec's example: gas-140403's second certificate expires on 2027-04-15; um-140400 and re-140404 have one each
    assert set(got) == {"gas-140403", "um-140400", "re-140404"}, got
    assert "from 2027-04-16" in got["gas-140403"] and "1 certified officer(s) when the year begins" in got["um-140400"]
    set_cell(bundle_copy, "officers.csv", 25, "certificate_expires_on", "2029-06-30")  # gas-140403-01 renewed
    assert set(shortages(load_bundle(bundle_copy))) == {"um-140400", "re-140404"}


def test_a_form_refused_for_its_csrf_token_is_a_page_not_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Walk15: a browser's form posted with a stale token (the user logged in again in another tab) got bare JSON."""
    from api_helpers import make_client

    client = make_client(f"sqlite:///{tmp_path / 'csrf.db'}", tmp_path / "data")
    r = client.post("/login", data={"username": "planner", "password": "planner-pass"}, follow_redirects=False)
    assert r.status_code == 303
    html = client.post("/upload", data={"csrf_token": "stale"}, headers={"Accept": "text/html,application/xhtml+xml"})
    assert html.status_code == 403 and html.headers["content-type"].startswith("text/html"), html.headers
    # a stale token: opening the page again gives the form the session's token (web40: the advice to reload stands here,
    # where it helps, and nowhere else)
    assert "CSRF 令牌" in html.text and "open the page again" in html.text and 'href=/' in html.text
    api = client.post("/upload", data={"csrf_token": "stale"})  # a script, not a browser page: JSON as before
    assert api.status_code == 403 and api.json()["detail"].startswith("CSRF 令牌与当前登录不符")


def test_a_policy_number_out_of_range_reads_as_english(bundle_copy) -> None:  # type: ignore[no-untyped-def]
    """Walk15: "min_days_between_visits … must be a int in 0–365, got -3"."""
    import json

    from test_bad_input import at, only_problems

    policy = json.loads((bundle_copy / "policy.json").read_text(encoding="utf-8"))
    policy["min_days_between_visits"] = -3
    (bundle_copy / "policy.json").write_text(json.dumps(policy), encoding="utf-8")
    p = at(only_problems(bundle_copy), "policy.json", 1, "min_days_between_visits", "must be a whole number in 0–365, got -3")
    assert "a int" not in p.message_en


@pytest.mark.parametrize(("name", "said"), [
    ("ratio_C", ("C级抽查比例（%）", "tier C sample ratio (%)", 0, 100, False)),
    ("visits_A", ("A级每户检查次数", "tier A visits per enterprise", 1, 12, True)),
    ("reserve_capacity_ratio", ("预留应急能力比例（%）", "reserve capacity for urgent work (%)", 0.0, 90.0, False)),
    ("min_days_between_visits", ("两次入企最少间隔天数", "days between two visits to one enterprise, at least", 0, 365, True)),
])
def test_the_revise_form_knows_each_fields_words_and_bounds(name: str, said: tuple[str, str, float, float, bool]) -> None:
    """The revise form's bounds are TierChange's and REVISABLE_POLICY's in the form's units (walk15's field names)."""
    from api.flow import POLICY_EN, POLICY_ZH
    from api.routers.pages import revise_field

    got = revise_field(name)
    if name in POLICY_ZH:  # the policy's own words, whatever they are
        said = (POLICY_ZH[name] + ("（%）" if "%" in said[0] else ""), POLICY_EN[name] + (" (%)" if "%" in said[1] else ""), *said[2:])
    assert got == said
