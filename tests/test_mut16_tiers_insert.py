"""Mutation survivors (mut16) of the sixteenth round's R-TIER strip (risk/tiers.py keep_in_band) and of a trigger's firm
typed by name (execution/insert.py resolve_enterprise): tiny hand-made scores, the example bureau's register.

Left alive, equivalent for probabilities in [0, 1]: keep_in_band's final clip without its floor or without its ceiling
(the strip's formulas never leave [lo, hi] for 0 <= p <= 1, and lo, hi lie on the 6-decimal grid the rounding keeps)."""

from __future__ import annotations

import numpy as np
import pytest

from execution import YearError
from execution.insert import MIN_NAME_PART, resolve_enterprise
from risk.tiers import keep_in_band, tier_band
from tests.test_mut15_replan import E1
from tests.test_mut15b_year import _one
from tests.test_tiers_mutants import TH

# ---- keep_in_band ------------------------------------------------------------------------------------------------------


def test_a_score_on_the_band_edge_is_not_moved() -> None:
    """A score exactly at the band's floor or ceiling is inside it: left where it is, not placed in the strip (moved
    there, the floor's score would read 0.201 and the ceiling's 0.298999, a thousandth off what the model said)."""
    lo, hi = tier_band("B", TH)
    out = keep_in_band(np.array([lo, hi, 0.25]), np.full(3, "B"), np.full(3, "grade"), TH)
    assert out.tolist() == [0.2, 0.299999, 0.25]


def test_a_band_narrower_than_two_edges_takes_half_its_width_as_the_strip() -> None:
    """Thresholds 0.2 and 0.20001: B is 0.2 … 0.200009 (9 grid steps), so the strip is half of it, 0.0000045 — the scores
    moved below spread over its lower half, those above over its upper half, each in the model's order. A strip of a
    third of it, of twice it or of BAND_EDGE would publish other values."""
    th = (0.2, 0.20001, 0.4)
    assert tier_band("B", th) == (0.2, 0.200009)
    out = keep_in_band(np.array([0.0, 0.1, 0.1999, 0.3, 0.9, 1.0]), np.full(6, "B"), np.full(6, "grade"), th)
    # 0.2 + 0.0000045·p/0.2 below; 0.200009 − 0.0000045 + 0.0000045·(p − 0.200009)/(1 − 0.200009) above
    assert out.tolist() == [0.2, 0.200002, 0.200004, 0.200005, 0.200008, 0.200009]


# ---- resolve_enterprise -------------------------------------------------------------------------------------------------


def test_a_firm_not_in_the_register_says_what_to_type() -> None:
    y, _ = _one()
    with pytest.raises(YearError) as e:
        resolve_enterprise(y, "  没有这家公司 ")
    assert (e.value.field, e.value.rule, e.value.status) == ("enterprise_id", "R-BASIS", 422)
    # and where a firm new this year goes first (walk41 Y13: execution.newfirm)
    assert e.value.zh == (f"检查对象名录中没有 没有这家公司（请填写统一社会信用代码、企业全称或名称中至少{MIN_NAME_PART}个字；"
                          "名录外的企业请先登记为年内新增检查对象）")
    assert e.value.en == ("没有这家公司 is not in the register (type the 18-character credit code, the firm's full name or at least "
                          f"{MIN_NAME_PART} characters of it; a firm the register lacks is entered first as new this year)")


def _namesakes(n: int):  # type: ignore[no-untyped-def]
    """The example year with `n` firms (E1 and the next codes in order) all named as E1 is."""
    y, _ = _one()
    name = str(y.reg.enterprises[E1]["name"])
    others = sorted(e for e in y.reg.enterprises if e != E1)[: n - 1]
    for e in others:
        y.reg.enterprises[e] = {**y.reg.enterprises[e], "name": name}
    return y, name, sorted([E1, *others])


@pytest.mark.parametrize("n", [2, 5, 6, 7])
def test_namesakes_are_refused_with_the_first_five_codes(n: int) -> None:
    """Namesakes: refused with how many match and the first five (by credit code), each with its code, joined 、 and
    "; "; beyond five an "等" / " …" says the list goes on."""
    y, name, codes = _namesakes(n)
    with pytest.raises(YearError) as e:
        resolve_enterprise(y, name)
    more_zh, more_en = ("等", " …") if n > 5 else ("", "")
    assert (e.value.field, e.value.rule) == ("enterprise_id", "R-BASIS")
    assert e.value.zh == f"“{name}”对应{n}家企业：" + "、".join(f"{name}（{c}）" for c in codes[:5]) + f"{more_zh}，请填写统一社会信用代码"
    assert e.value.en == f"{n} firms match '{name}': " + "; ".join(f"{name} ({c})" for c in codes[:5]) + f"{more_en}; type the credit code"
