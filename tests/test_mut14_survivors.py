"""mut14 (session 14): tests written to kill the survivors of a mutmut run over this round's reason and notice code:
risk/score.py's explanation_factors and top_factors, risk/reasons.py's _requests, bundle/loader.py's stale_grades.
Tiny hand-made inputs: a linear stand-in for the model (its contributions are exact differences of log-odds), no
bundle is scored, no solve."""

from __future__ import annotations

import numpy as np
import pandas as pd
from risk_helpers import Linear

# a linear log-odds: each numeric column's weight, each category's effect (weights small: no clipping in _logit)
W = {"n_violations": 0.11, "n_findings": 0.07, "n_serious": 0.05, "n_minor": 0.03, "violations_365d": 0.13,
     "findings_365d": 0.02, "n_unrectified": 0.17, "last_found": 0.04, "bad_in_force": 0.19, "dishonest_in_force": 0.23,
     "triggers_365d": 0.29, "triggers_all": 0.31, "grade_at_least_B": 0.37, "grade_at_least_C": 0.41,
     "grade_at_least_D": 0.43, "good_in_force": -0.47, "requests_all": -0.53, "requests_365d": 0.59, "grade_none": 0.61,
     "referrals_365d": 0.67, "referrals_all": 0.71, "age_years": -0.01, "log_employees": 0.02, "remote_monitoring": -0.3}
CATEGORY = {"sector": {"construction": 0.0, "gas": 0.9}, "size": {"small": 0.0, "micro": -0.8},
            "district": {"D1": 0.0, "D2": 0.7}}


def _firm(**values: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(W, 0.0)
    row |= {"sector": "construction", "size": "small", "district": "D1", "age_years": 5.0, "log_employees": 2.0,
            "grade_none": 1.0}
    return row | values


def _contributions(firms: list[dict[str, object]]) -> pd.DataFrame:
    from risk.model import RiskModel
    from risk.score import explanation_factors

    # the training rows: mostly construction, small, D1 (the references), median age 5, log head count 2
    Xt = pd.DataFrame({"sector": ["construction"] * 3 + ["gas"], "size": ["small"] * 3 + ["micro"],
                       "district": ["D1"] * 3 + ["D2"], "age_years": [4.0, 5.0, 6.0, 5.0], "log_employees": [2.0] * 4})
    return RiskModel.contributions(Linear(W, CATEGORY), pd.DataFrame(firms), explanation_factors(Xt))  # type: ignore[arg-type]


def test_each_factor_is_measured_against_its_reference() -> None:
    """A risk-raising record against none of it, a graded firm's grade against grade B (an ungraded firm has no grade
    factor), the sector, size and district against the commonest, and a firm's requests against the same firm that
    asked nothing: every count less its requests, over both windows, as one factor."""
    graded_d = _firm(n_violations=2.0, n_unrectified=1.0, bad_in_force=1.0, good_in_force=1.0, grade_none=0.0,
                     grade_at_least_B=1.0, grade_at_least_C=1.0, grade_at_least_D=1.0, sector="gas", size="micro",
                     district="D2", triggers_all=7.0, requests_all=5.0, triggers_365d=3.0, requests_365d=2.0)
    graded_a = _firm(grade_none=0.0)  # grade A: every grade_at_least_* is 0
    ungraded = _firm(n_violations=1.0)
    C = _contributions([graded_d, graded_a, ungraded])
    for f, x in (("n_violations", 2.0), ("n_unrectified", 1.0), ("bad_in_force", 1.0), ("good_in_force", 1.0)):
        assert np.isclose(C.at[0, f], W[f] * x), f  # the whole record: against the same firm without it
    assert np.isclose(C.at[2, "n_violations"], W["n_violations"])  # one violation is a whole violation
    # grade D against grade B: the C and D steps; grade A against B: minus the B step; no grade, no grade factor
    assert np.isclose(C.at[0, "grade"], W["grade_at_least_C"] + W["grade_at_least_D"])
    assert np.isclose(C.at[1, "grade"], -W["grade_at_least_B"])
    assert C.at[2, "grade"] == 0
    for f in ("sector", "size", "district"):
        assert np.isclose(C.at[0, f], CATEGORY[f][str(graded_d[f])]), f
        assert C.at[2, f] == 0, f  # the commonest: nothing to say
    # the requests: 5 on record (2 in the past year) out of the trigger counts and their own weight, both windows
    whole = 5 * (W["triggers_all"] + W["requests_all"]) + 2 * (W["triggers_365d"] + W["requests_365d"])
    assert np.isclose(C.at[0, "requests"], whole)
    assert C.at[2, "requests"] == 0  # asked nothing
    # the allegations alone: the trigger counts down to the requests they hold
    assert np.isclose(C.at[0, "triggers_all"], 2 * W["triggers_all"])
    assert np.isclose(C.at[0, "triggers_365d"], 1 * W["triggers_365d"])
    assert "requests_all" not in C and "requests_365d" not in C


def test_a_trigger_count_is_measured_with_the_referrals_it_holds() -> None:
    """review18: the trigger factor against the same firm without its allegations, its referrals (counted again on their
    own) gone with them — one factor, so one referral is never two reasons; the requests factor untouched by them."""
    firm = _firm(triggers_all=5.0, triggers_365d=2.0, referrals_all=3.0, referrals_365d=1.0, requests_all=1.0, requests_365d=0.0)
    C = _contributions([firm])
    assert np.isclose(C.at[0, "triggers_all"], 4 * W["triggers_all"] + 3 * W["referrals_all"])
    assert np.isclose(C.at[0, "triggers_365d"], 2 * W["triggers_365d"] + 1 * W["referrals_365d"])
    assert np.isclose(C.at[0, "requests"], 1 * (W["triggers_all"] + W["requests_all"]))
    assert "referrals_all" not in C and "referrals_365d" not in C


def test_the_requests_factor_reads_both_windows() -> None:
    """top_factors hands the one request factor both counts: "5 on record, 2 in the past year", not "5 on record"."""
    from risk.score import top_factors

    values = {"requests_all": 5, "requests_365d": 2, "triggers_all": 7, "size": "micro"}
    got = top_factors(values, ["requests", "size"], np.array([0.3, 0.1]), upward=True)
    assert got[0].en == "5 request(s) filed by the firm itself on record, 2 in the past year"


def test_each_factor_keeps_its_own_words_and_its_contribution_to_4_decimals() -> None:
    """With score_bundle's phrase cache (one object per distinct phrase) every factor still has its own words, equal
    phrases are one object, and a factor's contribution is published to 4 decimals."""
    from risk.score import top_factors

    cache: dict[tuple[str, str], tuple[str, str]] = {}
    names = ["n_violations", "size"]
    first = top_factors({"n_violations": 2, "size": "micro"}, names, np.array([0.123456, 0.0512345]), upward=True,
                        words_cache=cache)
    assert [(f.en, f.contribution) for f in first] == [("2 violation(s) found in past inspections", 0.1235),
                                                        ("micro enterprises carry higher risk", 0.0512)]
    again = top_factors({"n_violations": 2, "size": "small"}, names, np.array([0.3, 0.2]), upward=True, words_cache=cache)
    assert [f.en for f in again] == ["2 violation(s) found in past inspections", "small enterprises carry higher risk"]
    assert again[0].zh is first[0].zh and len(cache) == 3


def test_a_filled_in_value_is_skipped_and_the_next_factor_named() -> None:
    """A head count or age the register left blank is filled in for the model but never named; the factors after it
    still are."""
    from risk.score import top_factors

    names = ["log_employees", "age_years", "n_violations", "size"]
    contrib = np.array([0.4, 0.3, 0.2, 0.1])
    values = {"log_employees": 3.0, "age_years": 0.5, "n_violations": 2, "size": "micro",
              "employees_unknown": 1, "established_on_unknown": 0}
    got = [f.feature for f in top_factors(values, names, contrib, upward=True)]
    assert got == ["age_years", "n_violations", "size"], got
    values |= {"employees_unknown": 0}
    assert [f.feature for f in top_factors(values, names, contrib, upward=True)] == names[:3]


def test_a_contribution_of_exactly_min_reason_is_named() -> None:
    """MIN_REASON is the weakest contribution a reason names (below it, none)."""
    from risk.score import MIN_REASON, top_factors

    values = {"n_violations": 2, "size": "micro"}
    names = ["n_violations", "size"]
    got = top_factors(values, names, np.array([MIN_REASON, MIN_REASON / 2]), upward=True)
    assert [f.feature for f in got] == ["n_violations"]
    got = top_factors(values, names, np.array([-MIN_REASON, -MIN_REASON / 2]), upward=False)
    assert [f.feature for f in got] == ["n_violations"]


def test_tied_contributions_are_named_in_column_order_without_a_given_order() -> None:
    """The points fallback ties often (review12). score_bundle hands top_factors its rows' columns sorted stably; called
    without `order` top_factors names the same factors, the tied ones in column order (numpy's default sort reorders
    ties from 16 elements on)."""
    from risk.score import top_factors

    values = {"n_violations": 2, "n_findings": 2, "n_serious": 1, "n_minor": 1, "violations_365d": 1, "findings_365d": 1,
              "n_unrectified": 1, "last_found": 2, "bad_in_force": 1, "dishonest_in_force": 1, "triggers_365d": 1,
              "triggers_all": 2, "good_in_force": 1, "remote_monitoring": 1, "size": "micro", "district": "D1"}
    names = list(values)
    strong = np.full(len(names), 1.0)
    strong[::3] = 2.0  # six columns at 2 points, ten tied at 1
    for upward, c in ((True, strong), (False, -strong)):
        given = np.argsort(-c if upward else c, kind="stable")
        want = [f.feature for f in top_factors(values, names, c, upward, k=8, order=given)]
        assert want == [names[j] for j in (0, 3, 6, 9, 12, 15, 1, 2)], want
        assert [f.feature for f in top_factors(values, names, c, upward, k=8)] == want


def test_a_firm_regraded_since_is_not_named_for_its_old_grade() -> None:
    """stale_grades counts firms by their latest grade: a firm graded in 2024 and again in 2026 is rated recently;
    the notice counts firms, not grade rows, and says which year a grade must not predate and what to do."""
    from bundle.loader import stale_grades
    from bundle.problems import Collector

    grades = pd.DataFrame({"enterprise_id": ["X", "Y", "X", "Z"], "grade": ["C", "B", "A", "D"],
                           "rated_on": pd.to_datetime(["2024-01-10", "2024-03-20", "2026-05-01", "2026-01-01"])})
    warnings = Collector()
    stale_grades(grades, 2027, "credit_grades.csv", warnings)
    (note,) = warnings.problems
    assert (note.file, note.row, note.column) == ("credit_grades.csv", 0, "rated_on")
    assert note.message_zh.startswith("1户企业（共3户有分级）的最新信用风险分类结果评定于2026年以前（最早2024-03-20），"), note.message_zh
    assert "仍按 R-TIER 决定其分级" in note.message_zh and note.message_zh.endswith("请更新 credit_grades.csv"), note.message_zh
    assert note.message_en.startswith("1 of 3 graded enterprises have a latest official grade rated before 2026 (the oldest on "
                                      "2024-03-20)"), note.message_en
    assert note.message_en.endswith("R-TIER still sets their tiers by it: if the credit platform has newer grades, update "
                                    "credit_grades.csv"), note.message_en
    recent = Collector()
    stale_grades(grades[grades["enterprise_id"] != "Y"], 2027, "credit_grades.csv", recent)
    assert not recent.problems  # X's latest grade is of 2026: nothing to say


def _fairness_table(bundle: object, scores: object, col: str, truth: pd.DataFrame | None = None) -> pd.DataFrame:
    """fairness_table's shape, by hand: two groups, a group with no inspections, and for sector a group at 0% (selected and violating)."""
    g = pd.DataFrame({"enterprises": [3, 5], "mean_score": [0.1234, 0.25], "inspections": [4, 0],
                      "selection_rate": [0.0, 0.25] if col == "sector" else [0.1, 0.25],
                      "violation_rate": [0.0, 0.4] if col == "sector" else [0.5, np.nan]}, index=pd.Index(["a", "b"], name=col))
    if truth is not None:
        g["true_propensity"] = [0.05, 0.125]
    return g


def test_fairness_lines_line_by_line(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The report's fairness section, Chinese first, each line as a reader gets it; the truth column only with a truth."""
    import risk.report

    monkeypatch.setattr(risk.report, "fairness_table", _fairness_table)
    head = ["## 公平性：入选率与违法率 · Fairness: selection rate against violation rate", "",
            "入选指按风险评分排在前20%（衡量评分偏向的尺子，不是本计划的实际抽取结果）。某组入选远多于（或远少于）其违法率所应得时，"
            "见各组最高与最低之比。",
            "Selection = the top 20% by risk score (a yardstick of the scores' lean, not the plan's actual draw). A group selected far "
            "more often than its violation rate warrants (or less) shows in the two ratios of highest to lowest group.", ""]

    def section(zh: str, col: str, truth: bool) -> list[str]:
        t = (" 真实倾向 true propensity |", "---|", (" 5.0% |", " 12.5% |")) if truth else ("", "", ("", ""))
        rates = ("0.0%", "40.0%") if col == "sector" else ("50.0%", "—")
        chosen = "0.0%" if col == "sector" else "10.0%"
        picked = (("—（最低组为0%，最高组 25.0%）", "— (lowest group at 0%, highest 25.0%)") if col == "sector" else ("×2.50", "×2.50"))
        ratio = (("—（最低组为0%，最高组 40.0%）", "— (lowest group at 0%, highest 40.0%)") if col == "sector" else ("×1.00", "×1.00"))
        return [f"| {zh} {col} | 企业数 enterprises | 平均评分 mean score | 入选率 selection rate | 历史检查 past inspections | "
                f"违法率 violation rate |{t[0]}", "|---|---|---|---|---|---|" + t[1],
                f"| a | 3 | 0.123 | {chosen} | 4 | {rates[0]} |{t[2][0]}", f"| b | 5 | 0.250 | 25.0% | 0 | {rates[1]} |{t[2][1]}", "",
                f"{zh}：最高组与最低组之比——入选率 {picked[0]}，违法率 {ratio[0]}。",
                f"{col}: highest / lowest group — selection rate {picked[1]}, violation rate {ratio[1]}.", ""]

    groups = (("区县", "district_code"), ("规模", "size"), ("行业", "sector"))
    for truth in (None, pd.DataFrame()):
        want = head + [line for zh, col in groups for line in section(zh, col, truth is not None)]
        got = risk.report.fairness_lines(None, None, truth)  # type: ignore[arg-type]
        assert got == want, [(g, w) for g, w in zip(got, want, strict=False) if g != w]
