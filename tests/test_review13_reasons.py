"""review13: the reasons a score gives for a firm's own requests (企业申请), read as a planner reads them."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _both_ways(values: dict[str, object], names: list[str], contrib: np.ndarray) -> list[str]:
    """What score_bundle lists for a firm: the factors the way the score leans, then those against (risk/score.py:611-615)."""
    from risk.score import AGAINST_REASONS, top_factors

    up = top_factors(values, names, contrib, upward=True)
    down = top_factors(values, names, contrib, upward=False, k=AGAINST_REASONS, named=up)  # as score_bundle now calls it
    return [f.feature for f in up + down]


def test_a_firms_requests_are_one_factor_named_once() -> None:
    """Requests carry no promised sign, so over two windows their learnt weights may point opposite ways: two factors
    read "lowering the risk: 5 request(s) … on record; raising the risk: … 2 request(s) … in the past year"
    (foreign16: 7,755 of 96,000 reasons; review13 the same with one filing). They are one factor now, the firm's
    requests against the same firm that asked nothing, both windows in one clause (risk.score.explanation_factors)."""
    from risk.reasons import phrase
    from risk.score import explanation_factors

    Xt = pd.DataFrame({"sector": ["construction"], "size": ["small"], "district": ["D1"], "age_years": [5.0],
                       "log_employees": [2.0]})
    ref = explanation_factors(Xt)
    assert "requests_all" not in ref and "requests_365d" not in ref
    assert set(ref["requests"]) == {"requests_all", "requests_365d", "triggers_all", "triggers_365d"}
    names = ["requests", "triggers_all", "size"]
    values = {"requests_all": 5, "requests_365d": 2, "triggers_all": 7, "size": "micro"}
    for contrib in (np.array([0.30, 0.2, 0.05]), np.array([-0.30, 0.2, 0.05])):
        got = _both_ways(values, names, contrib)
        assert got.count("requests") == 1, got
    assert phrase("requests", (5, 2), 1.0) == ("累计企业自行申请事项5件、近一年2件",
                                                "5 request(s) filed by the firm itself on record, 2 in the past year")
    assert phrase("requests", (2, 2), -1.0) == ("近一年企业自行申请事项2件", "2 request(s) filed by the firm itself in the past year")
    assert phrase("requests", (3, 0), 1.0) == ("累计企业自行申请事项3件", "3 request(s) filed by the firm itself on record")
    assert phrase("requests", (0, 0), 1.0) is None


def test_a_firm_whose_only_triggers_are_requests_is_not_told_them_twice() -> None:
    """A firm whose only triggers are its own two requests has triggers_all == requests_all == 2. The reasons say
    "累计收到投诉举报、转办、监测预警或企业申请共2件" and "累计企业自行申请事项2件": a planner reads four records, or two
    complaints and two requests, where the firm filed two requests and nobody complained."""
    from risk.reasons import phrase

    names = ["triggers_all", "requests", "size"]
    contrib = np.array([0.30, 0.20, 0.05])
    values = {"triggers_all": 2, "requests_all": 2, "requests_365d": 0, "size": "micro"}
    got = _both_ways(values, names, contrib)
    said = [phrase(f, values.get(f, (2, 0)), 1.0)[0] for f in got if f in ("triggers_all", "requests")]  # type: ignore[index]
    assert not {"triggers_all", "requests"} <= set(got), said


def test_the_same_filings_do_not_raise_as_triggers_and_lower_as_requests() -> None:
    """Same firm, the learnt request weight lowering: the raising list names "2 triggers (… or requests)" and the
    lowering list "2 requests filed by the firm itself" — the same two filings raise and lower the risk at once.
    Measured (review13, score_bundle seed 0 on generate(fam, 2000, seed 1)): foreign14 self_reporting names a trigger
    count and a request count for 1169 of 2000 firms, every one of them opposite ways, 346 with triggers_all ==
    requests_all; foreign15 liability_insurance 941 and 133. E.g. 91330602AGQ29A3PJT: lowering "近一年企业自行申请事项7件",
    raising "近一年收到投诉举报、转办、监测预警或企业申请共7件"."""
    names = ["triggers_all", "requests", "size"]
    contrib = np.array([0.30, -0.20, 0.05])
    values = {"triggers_all": 2, "requests_all": 2, "requests_365d": 0, "size": "micro"}
    got = _both_ways(values, names, contrib)
    assert not {"triggers_all", "requests"} <= set(got), got


