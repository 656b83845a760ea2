"""review13: the reasons a score gives for a firm's own requests (企业申请), read as a planner reads them."""

from __future__ import annotations

import numpy as np


def _both_ways(values: dict[str, object], names: list[str], contrib: np.ndarray) -> list[str]:
    """What score_bundle lists for a firm: the factors the way the score leans, then those against (risk/score.py:611-615)."""
    from risk.score import AGAINST_REASONS, top_factors

    up = top_factors(values, names, contrib, upward=True)
    down = top_factors(values, names, contrib, upward=False, k=AGAINST_REASONS, named=up)  # as score_bundle now calls it
    return [f.feature for f in up + down]


def test_one_request_is_not_named_twice_across_the_two_lists() -> None:
    """Requests carry no promised sign, so over two windows their learnt contributions may point opposite ways. A firm
    whose one request lies in the past year has requests_all == requests_365d == 1; SAME_COUNT names such a pair once,
    but only within one call of top_factors: the raising list says "1 request(s) … on record" and the lowering list
    "1 request(s) … in the past year" — the same filing read as raising and as lowering the risk."""
    names = ["requests_all", "requests_365d", "size"]
    contrib = np.array([0.30, -0.20, 0.05])
    values = {"requests_all": 1, "requests_365d": 1, "size": "micro"}
    got = _both_ways(values, names, contrib)
    assert not {"requests_all", "requests_365d"} <= set(got), got


def test_a_firm_whose_only_triggers_are_requests_is_not_told_them_twice() -> None:
    """A firm whose only triggers are its own two requests has triggers_all == requests_all == 2. The reasons say
    "累计收到投诉举报、转办、监测预警或企业申请共2件" and "累计企业自行申请事项2件": a planner reads four records, or two
    complaints and two requests, where the firm filed two requests and nobody complained."""
    from risk.reasons import phrase

    names = ["triggers_all", "requests_all", "size"]
    contrib = np.array([0.30, 0.20, 0.05])
    values = {"triggers_all": 2, "requests_all": 2, "size": "micro"}
    got = _both_ways(values, names, contrib)
    said = [phrase(f, values[f], 1.0)[0] for f in got if f in ("triggers_all", "requests_all")]  # type: ignore[index]
    assert not {"triggers_all", "requests_all"} <= set(got), said


def test_the_same_filings_do_not_raise_as_triggers_and_lower_as_requests() -> None:
    """Same firm, the learnt request weight lowering: the raising list names "2 triggers (… or requests)" and the
    lowering list "2 requests filed by the firm itself" — the same two filings raise and lower the risk at once.
    Measured (review13, score_bundle seed 0 on generate(fam, 2000, seed 1)): foreign14 self_reporting names a trigger
    count and a request count for 1169 of 2000 firms, every one of them opposite ways, 346 with triggers_all ==
    requests_all; foreign15 liability_insurance 941 and 133. E.g. 91330602AGQ29A3PJT: lowering "近一年企业自行申请事项7件",
    raising "近一年收到投诉举报、转办、监测预警或企业申请共7件"."""
    names = ["triggers_all", "requests_all", "size"]
    contrib = np.array([0.30, -0.20, 0.05])
    values = {"triggers_all": 2, "requests_all": 2, "size": "micro"}
    got = _both_ways(values, names, contrib)
    assert not {"triggers_all", "requests_all"} <= set(got), got


def test_the_request_pair_is_named_once_within_one_list_sound() -> None:
    """sound: SAME_COUNT's request pair, both pushing the same way with equal counts, is named once (the first met);
    with different counts both are named."""
    names = ["requests_all", "requests_365d", "size"]
    contrib = np.array([0.30, 0.20, 0.05])
    assert _both_ways({"requests_all": 2, "requests_365d": 2, "size": "micro"}, names, contrib) == ["requests_all", "size"]
    assert _both_ways({"requests_all": 3, "requests_365d": 2, "size": "micro"}, names, contrib) == names
