"""mut19: tests written to kill the survivors of a mutmut run over the referral wording (review18, bench/prereg18.md):
risk/reasons.py's _allegations, risk/score.py's top_factors and explanation_factors, and the referral lines of
risk/features.py's feature_frame (REFERRAL, referrals_all, referrals_365d).

Mutation figures (mutmut 3.8, against tests/test_referrals.py, test_mut14_survivors.py, test_review11/12/13_reasons.py
and test_reasons_mutants.py; test_risk.py left out of the run, it trains models):
  _allegations           22/22 killed
  feature_frame's referral lines 23/23 killed
  explanation_factors    82/89 before, 89/89 with this file (the survivors renamed the age_years, log_employees and
                         remote_monitoring factors or their reference columns, or set remote_monitoring's reference to 1)
  top_factors            79/91 before, 88/91 with this file; the 3 left are equivalent: `order` ignored and re-sorted
                         (score_bundle hands the very stable sort top_factors would make), kind="STABLE" (numpy reads the
                         sort kind case-insensitively), and `c >= 0` for `c > 0` (a zero contribution is below MIN_REASON
                         and ends the list either way)
With tests/test_risk.py added (each survivor run against it): explanation_factors 86/89 (it kills the age and head-count
renamings, not remote_monitoring's three), top_factors 86/91 (its SAME_COUNT test kills the seven twin mutants, not the
blank count read as 1 nor the missing referral count read as 1).
Tiny hand-made inputs: a linear stand-in for the model (its contributions are exact differences of log-odds), no
bundle is scored."""

from __future__ import annotations

import numpy as np
import pandas as pd
from risk_helpers import Linear

# a linear log-odds over the three columns measured against a typical firm (weights small: no clipping in _logit)
W = {"age_years": -0.03, "log_employees": 0.05, "remote_monitoring": -0.4}


def _firm(**values: object) -> dict[str, object]:
    """A firm at every reference: no record, the typical age (5) and head count (log 2), no online monitoring."""
    row: dict[str, object] = dict.fromkeys(W, 0.0)
    row |= {"age_years": 5.0, "log_employees": 2.0, "grade_none": 1.0, "sector": "construction", "size": "small", "district": "D1"}
    return row | values


def _references() -> dict[str, dict[str, object]]:
    from risk.score import explanation_factors

    # the training rows: median age 5, median log head count 2 (the mean of each is not: 6.5 and 2.5)
    Xt = pd.DataFrame({"sector": ["construction"] * 4, "size": ["small"] * 4, "district": ["D1"] * 4,
                       "age_years": [1.0, 4.0, 6.0, 15.0], "log_employees": [1.0, 1.5, 2.5, 5.0]})
    return explanation_factors(Xt)


def _contributions(firms: list[dict[str, object]], ref: dict[str, dict[str, object]]) -> pd.DataFrame:
    from risk.model import RiskModel

    frame = pd.DataFrame(firms)
    for col in {c for r in ref.values() for c in r if c != "_only_where"} - set(frame.columns):
        frame[col] = 0.0  # every other record a reference sets: none (the stand-in reads only W's columns)
    return RiskModel.contributions(Linear(W), frame, ref)  # type: ignore[arg-type]


def test_age_head_count_and_monitoring_are_measured_against_the_typical_firm() -> None:
    """The age and head count against the training rows' medians, online monitoring against none: each is a factor of
    its own name (top_factors words it by that name), and a firm at the reference gets nothing from it."""
    ref = _references()
    assert ref["age_years"] == {"age_years": 5.0}
    assert ref["log_employees"] == {"log_employees": 2.0}
    assert ref["remote_monitoring"] == {"remote_monitoring": 0.0}
    old = _firm(age_years=9.0, log_employees=4.0, remote_monitoring=1.0)
    typical = _firm()
    C = _contributions([old, typical], ref)
    assert np.isclose(C.at[0, "age_years"], W["age_years"] * (9 - 5))
    assert np.isclose(C.at[0, "log_employees"], W["log_employees"] * (4 - 2))
    assert np.isclose(C.at[0, "remote_monitoring"], W["remote_monitoring"] * 1)
    for f in ("age_years", "log_employees", "remote_monitoring"):
        assert C.at[1, f] == 0, f  # the typical firm, unmonitored: nothing to say


def test_age_head_count_and_monitoring_are_named_the_way_they_push() -> None:
    """From the contributions to the words: an old, large, monitored firm is told "lowering: online monitoring in place,
    9 years in business" and "raising: about 54 employees" (e^4 - 1 = 53.6), strongest first."""
    from risk.score import top_factors

    firm = _firm(age_years=9.0, log_employees=4.0, remote_monitoring=1.0)
    C = _contributions([firm], _references())
    names = list(C.columns)
    contrib = C.to_numpy(dtype=float)[0]
    down = top_factors(firm, names, contrib, upward=False)
    assert [(f.feature, f.zh, f.en) for f in down] == [
        ("remote_monitoring", "已接入在线监测", "online monitoring in place"),
        ("age_years", "成立9年", "9 year(s) in business")]
    assert [f.contribution for f in down] == [-0.4, -0.12]
    up = top_factors(firm, names, contrib, upward=True)
    assert [(f.feature, f.zh, f.en, f.contribution) for f in up] == [
        ("log_employees", "从业人员约54人", "about 54 employee(s)", 0.1)]
    # unmonitored, the typical age and head count: none of the three is a reason either way
    typical = _firm()
    C = _contributions([typical], _references())
    row = C.to_numpy(dtype=float)[0]
    assert top_factors(typical, names, row, upward=True) == top_factors(typical, names, row, upward=False) == []


def test_a_trigger_count_without_referrals_names_none() -> None:
    """The clause says "（含转办交办N件）" only where the firm has referrals: none on record, or the count left out by a
    caller, is not read as one referral."""
    from risk.score import top_factors

    names = ["triggers_all", "triggers_365d"]
    contrib = np.array([0.3, 0.2])
    values: dict[str, object] = {"triggers_all": 4, "triggers_365d": 1, "referrals_all": 0, "referrals_365d": 0}
    got = top_factors(values, names, contrib, upward=True)
    assert [(f.zh, f.en) for f in got] == [
        ("累计收到投诉举报、转办交办、监测预警等线索4件", "4 complaint(s), referral(s) or monitoring alert(s) on record"),
        ("近一年收到投诉举报、转办交办、监测预警等线索1件", "1 complaint(s), referral(s) or monitoring alert(s) in the past year")]
    del values["referrals_all"], values["referrals_365d"]
    assert top_factors(values, names, contrib, upward=True) == got
    values |= {"referrals_all": 2, "referrals_365d": 1}  # and with referrals, each window its own
    assert [f.zh for f in top_factors(values, names, contrib, upward=True)] == [
        "累计收到投诉举报、转办交办、监测预警等线索4件（含转办交办2件）", "近一年收到投诉举报、转办交办、监测预警等线索1件（含转办交办1件）"]


def test_a_blank_trigger_count_names_no_allegation() -> None:
    """A trigger count of 0 (or none given) is no allegation, whatever its contribution: never "1 complaint(s)"; the
    next factor is still named."""
    from risk.score import top_factors

    names = ["triggers_365d", "triggers_all", "size"]
    contrib = np.array([0.3, 0.2, 0.1])
    blank: list[dict[str, object]] = [{"triggers_365d": 0, "triggers_all": 0, "size": "micro"}, {"size": "micro"}]
    for values in blank:
        got = top_factors(values, names, contrib, upward=True)
        assert [(f.feature, f.en) for f in got] == [("size", "micro enterprises carry higher risk")], got


def test_every_referral_in_the_past_year_is_named_once_with_its_count() -> None:
    """A firm whose every trigger (and so every referral) came in the past year has the same counts over both windows:
    one clause names them, "累计…线索3件（含转办交办1件）", not a second for the past year (SAME_COUNT); the factors after
    the one left out are still named, and where the counts differ both windows are."""
    from risk.score import top_factors

    names = ["triggers_all", "triggers_365d", "n_violations"]
    contrib = np.array([0.30, 0.20, 0.10])
    same: dict[str, object] = {"triggers_all": 3, "triggers_365d": 3, "referrals_all": 1, "referrals_365d": 1, "n_violations": 2}
    got = top_factors(same, names, contrib, upward=True)
    assert [(f.feature, f.zh) for f in got] == [("triggers_all", "累计收到投诉举报、转办交办、监测预警等线索3件（含转办交办1件）"),
                                                ("n_violations", "以往检查发现违法行为2次")], got
    assert got[0].en == "3 complaint(s), referral(s) or monitoring alert(s) on record (including 1 referral(s) from another authority)"
    # the past year's first: it is the one named
    got = top_factors(same, names, np.array([0.20, 0.30, 0.10]), upward=True)
    assert [f.feature for f in got] == ["triggers_365d", "n_violations"], got
    assert got[0].zh == "近一年收到投诉举报、转办交办、监测预警等线索3件（含转办交办1件）"
    older = same | {"triggers_all": 5, "referrals_all": 2}  # two more triggers, one a referral, before the past year
    got = top_factors(older, names, contrib, upward=True)
    assert [f.zh for f in got] == ["累计收到投诉举报、转办交办、监测预警等线索5件（含转办交办2件）",
                                   "近一年收到投诉举报、转办交办、监测预警等线索3件（含转办交办1件）", "以往检查发现违法行为2次"]
