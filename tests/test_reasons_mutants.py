"""R-EXPLAIN's words (scheduler/reasons.py) on hand-made tiny plans: no scenario, no solve, well under a second.

Written for mutation testing (`make mutation`, docs/benchmarks.md "Mutation testing of the rule modules"): the
sentences are asserted end to end in tests/test_plan.py, which mutmut's test selection leaves out (every mutant
there costs a solve). What is asserted is what rules.md's R-EXPLAIN and plan.md's selection.csv ask: every
selection and non-selection has a reason a planner can read aloud, in Chinese (reason_zh: no English words, only rule
ids and codes) and in English; a capacity skip says its draw rank and why; a required visit not placed says which
agency and the binding rule; every shortfall names the binding resource."""

from __future__ import annotations

import re
from types import SimpleNamespace

from scheduler import reasons

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[a-z]{4,}")


def _zh(s: str) -> None:
    """A Chinese sentence: Chinese characters, no English word (rule ids and codes are allowed)."""
    assert CJK.search(s), s
    assert not ENGLISH_WORD.search(s), s


def _en(s: str) -> None:
    assert not CJK.search(s), s
    assert ENGLISH_WORD.search(s), s


# -- a drawn enterprise skipped for capacity (R-SAMPLE) and a required visit not placed (R-PRIORITY) ----------------
def _skips() -> SimpleNamespace:
    sel = SimpleNamespace(skipped={"e1": "agency hb: no working day in its window with officers able to go (R-PAIR)",
                                   "e2": "R-PRIORITY: required visits of hb in district 140403 are unmet"},
                          skipped_zh={"e1": "hb：窗口内没有可成组出动的执法人员（R-PAIR）",
                                      "e2": "140403辖区hb的必检任务尚有未能安排的，抽查让位（R-PRIORITY）"})
    return SimpleNamespace(sel=sel)


def test_skipped_words_say_the_rank_and_the_enterprises_own_reason() -> None:
    plan = _skips()
    zh, en = reasons._skipped_words(plan, "e1", 17)  # type: ignore[arg-type]
    _zh(zh)
    _en(en)
    # the rank it was drawn at, that its turn came (so it was not merely "not drawn"), and why it was not placed
    assert "17" in zh and "17" in en
    assert "抽签序号17" in zh and "rank 17" in en
    assert "已轮到" in zh and "reached" in en
    assert plan.sel.skipped_zh["e1"] in zh and plan.sel.skipped["e1"] in en
    # its own reason, not another enterprise's
    assert plan.sel.skipped_zh["e2"] not in zh and plan.sel.skipped["e2"] not in en
    zh2, en2 = reasons._skipped_words(plan, "e2", 3)  # type: ignore[arg-type]
    assert plan.sel.skipped_zh["e2"] in zh2 and plan.sel.skipped["e2"] in en2 and "rank 3" in en2
    assert plan.sel.skipped_zh["e1"] not in zh2


def test_unmet_words_name_the_tier_and_the_agency_and_rule_of_the_unmet_visit() -> None:
    why = ("hb的检查（R-AVAIL），详见计划的未满足清单", "agency hb (R-AVAIL); plan.json's shortfalls say which resource ran out")
    zh, en = reasons._unmet_words("D", why)
    _zh(zh)
    _en(en)
    assert zh.startswith("D级应检") and "tier D requires inspection" in en
    assert why[0] in zh and why[1] in en
    # each language has its own half: the Chinese never carries the English words nor the other way round
    assert why[1] not in zh and why[0] not in en
    assert reasons._unmet_words("C", why)[0].startswith("C级")
