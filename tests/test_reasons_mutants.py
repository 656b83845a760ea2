"""R-EXPLAIN's words (scheduler/reasons.py) on hand-made tiny plans: no scenario, no solve, well under a second.

Written for mutation testing (`make mutation`, docs/benchmarks.md "Mutation testing of the rule modules"): the
sentences are asserted end to end in tests/test_plan.py, which mutmut's test selection leaves out (every mutant
there costs a solve). What is asserted is what rules.md's R-EXPLAIN and plan.md's selection.csv ask: every
selection and non-selection has a reason a planner can read aloud, in Chinese (reason_zh: no English words, only rule
ids and codes) and in English; a capacity skip says its draw rank and why; a required visit not placed says which
agency and the binding rule; every shortfall names the binding resource."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from types import SimpleNamespace

import numpy as np
import pandas as pd

from scheduler import reasons
from scheduler.requirements import Entry
from scheduler.state import Placed

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
    sel = SimpleNamespace(
        skipped={
            "e1": "agency hb: no working day in its window with officers able to go (R-PAIR)",
            "e2": "R-PRIORITY: required visits of hb in district 140403 are unmet",
        },
        skipped_zh={
            "e1": "hb：窗口内没有可成组出动的执法人员（R-PAIR）",
            "e2": "140403辖区hb的必检任务尚有未能安排的，抽查让位（R-PRIORITY）",
        },
    )
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


# -- a hand-made plan: the fields reasons.py reads, nothing else ------------------------------------------------------
DAYS = [dt.date(2027, 1, 4) + dt.timedelta(days=7 * i) for i in range(52)]  # one working day a week: month = i // 4.33


OFFICERS = ["o1", "o2", "o3", "o4", "u1", "u2"]  # _state's


def _policy() -> SimpleNamespace:
    tiers = {
        "A": SimpleNamespace(visits=2, sample_ratio=1.0),
        "B": SimpleNamespace(visits=1, sample_ratio=0.25),
        "C": SimpleNamespace(visits=1, sample_ratio=0.1),
        "D": SimpleNamespace(visits=3, sample_ratio=1.0),
    }
    return SimpleNamespace(tiers=tiers, min_days_between_repeat_visits=90, officers_per_agency_on_visit=2, max_visits_per_officer_per_day=2)


def _entry(
    key: str,
    eid: str,
    basis: str = "mandatory",
    *,
    agencies: tuple[str, ...] = ("hb",),
    tier: str = "A",
    mode: str = "onsite",
    index: int = 0,
    trigger: str = "",
    rank: int = 0,
    district: str = "140403",
    window: tuple[int, int] = (0, 51),
) -> Entry:
    return Entry(
        key,
        eid,
        district,
        basis,
        mode,
        agencies,
        tuple(f"{a}-1" for a in agencies),
        tier,
        window,
        index,
        trigger_id=trigger,
        draw_rank=rank,
    )


def _plan(**kw: object) -> SimpleNamespace:
    bundle = SimpleNamespace(policy=_policy(), year=2027, workdays=DAYS, enterprises=pd.DataFrame({"enterprise_id": [], "sector": []}),
                             officers=pd.DataFrame({"officer_id": OFFICERS, "certificate_expires_on": [pd.Timestamp("2030-12-31")] * len(OFFICERS)}))
    req = SimpleNamespace(trigger_info={}, pools={}, places={}, ranks={}, entries=[])
    plan = SimpleNamespace(
        bundle=bundle, req=req, sel=SimpleNamespace(skipped={}, skipped_zh={}, shortfalls=[]), unplaced={}, status={}, states={},
        guests={}, city_split={}, gave_way={}, elsewhere={}, year_failed=set(), out_of_reach={}, firm_held={}, options=SimpleNamespace(first_day=None),
    )
    for k, v in kw.items():
        setattr(plan, k, v)
    return plan


def _rules(plan: SimpleNamespace, p: Placed, days: dict[tuple[str, str, str], list[int]] | None = None) -> dict[str, dict[str, str]]:
    out = reasons.visit_rules(plan, p, {"hb": "住建局", "um": "城管局", "fire": "消防"}, days or {})  # type: ignore[arg-type]
    for r in out:
        assert set(r) == {"rule", "zh", "en"}
        if r["rule"] != "R-JOINT":  # R-JOINT names the agencies as the bundle does
            _zh(r["zh"])
        assert not CJK.search(r["en"]), r
    rules = [r["rule"] for r in out]
    assert len(rules) == len(set(rules)), rules  # each rule once
    return {r["rule"]: r for r in out}


def test_visit_rules_of_a_mandatory_onsite_visit_by_a_local_team() -> None:
    plan = _plan()
    r = _rules(plan, Placed(_entry("k1", "e1", tier="D"), 3, {"hb": "hb-140403"}))
    assert list(r) == ["R-SAMPLE", "R-TEAM", "R-PAIR"]
    assert "D级企业全部检查" in r["R-SAMPLE"]["zh"] and "每年3次" in r["R-SAMPLE"]["zh"]  # tier D's visits a year
    assert r["R-SAMPLE"]["en"] == "tier D: every enterprise, 3 visit(s) a year"
    assert r["R-TEAM"]["zh"] == "派出队伍 hb: hb-140403（属地队伍）"
    assert r["R-TEAM"]["en"] == "teams hb: hb-140403 (local)"
    assert "每个执法主体2名" in r["R-PAIR"]["zh"] and r["R-PAIR"]["en"].startswith("2 officers of each agency")
    assert "（R-CERT）" in r["R-PAIR"]["zh"] and "(R-CERT)" in r["R-PAIR"]["en"]  # both languages name R-CERT (walk28)


def test_visit_rules_name_a_city_team_a_joint_visit_and_the_gap_to_the_first_visit() -> None:
    plan = _plan()
    e = _entry("k2", "e1", tier="A", agencies=("um", "hb"), index=1)
    first = {("e1", "mandatory", "um"): [2, 20], ("e1", "mandatory", "hb"): [1, 20]}
    r = _rules(plan, Placed(e, 20, {"um": "um-140403", "hb": "hb-140400"}), first)
    assert list(r) == ["R-SAMPLE", "R-JOINT", "R-GAP", "R-TEAM", "R-PAIR"]
    # R-JOINT: the agencies by name in Chinese, by id in English, sorted (hb before um)
    assert r["R-JOINT"]["zh"].startswith("住建局、城管局联合检查") and r["R-JOINT"]["en"] == "joint visit of hb, um"
    # R-GAP: visit 2, 18 weeks = 126 days after the agencies' nearest previous visit (um's, day 2), the policy's minimum beside it
    gap = (DAYS[20] - DAYS[2]).days
    assert gap == 126
    assert r["R-GAP"]["zh"] == "第2次检查距上一次126天（同一主体不少于90天）"
    assert r["R-GAP"]["en"] == "A tier visit 2 is 126 days after the previous one (≥ 90 for one agency)"
    # a city-level team (code ending 00) among them; teams listed by agency
    assert r["R-TEAM"]["en"] == "teams hb: hb-140400, um: um-140403 (incl. city-level)"
    assert r["R-TEAM"]["zh"] == "派出队伍 hb: hb-140400, um: um-140403（含市级队伍）"
    # the first visit itself, or a later one with no earlier visit known, has no R-GAP line
    assert "R-GAP" not in _rules(plan, Placed(_entry("k3", "e1", index=0), 1, {"hb": "hb-140403"}), first)
    assert "R-GAP" not in _rules(plan, Placed(_entry("k4", "e2", index=1), 20, {"hb": "hb-140403"}), first)
    assert "R-JOINT" not in _rules(plan, Placed(_entry("k5", "e1"), 2, {"hb": "hb-140403"}), first)
    # foreign31 F6: the gap is one agency's. um's visit with no earlier um visit is not measured from hb's; hb's alone is
    # measured from hb's (day 1), not um's (day 2)
    only_hb = {("e1", "mandatory", "hb"): [1, 20], ("e1", "mandatory", "um"): [20]}
    assert "R-GAP" not in _rules(plan, Placed(_entry("k6", "e1", tier="A", agencies=("um",), index=1), 20, {"um": "um-140403"}), only_hb)
    hb = _rules(plan, Placed(_entry("k7", "e1", tier="A", agencies=("hb",), index=1), 20, {"hb": "hb-140403"}), first)
    assert hb["R-GAP"]["zh"] == f"第2次检查距上一次{(DAYS[20] - DAYS[1]).days}天（同一主体不少于90天）"
    # review31: the visit numbered 1 (index 0) placed after the one numbered 2: each is counted by date, never negative
    late_first = _rules(plan, Placed(_entry("k8", "e3", tier="D", index=0), 40, {"hb": "hb-140403"}), {("e3", "mandatory", "hb"): [10, 25, 40]})
    assert late_first["R-GAP"]["zh"] == f"第3次检查距上一次{(DAYS[40] - DAYS[25]).days}天（同一主体不少于90天）"
    assert "R-GAP" not in _rules(plan, Placed(_entry("k9", "e3", tier="D", index=1), 10, {"hb": "hb-140403"}), {("e3", "mandatory", "hb"): [10, 25, 40]})


def test_visit_rules_of_sampled_remote_triggered_and_follow_up_visits() -> None:
    plan = _plan()
    plan.req.trigger_info = {"T9": {"received_on": "2027-03-01", "deadline": "2027-03-22"}, "T8": {}}
    r = _rules(
        plan,
        Placed(_entry("s1", "e3", "sampled", tier="C", rank=7, mode="remote", index=1), 30, {"hb": "hb-140403"}),
        {("e3", "sampled", "hb"): [29]},
    )
    assert list(r) == ["R-SAMPLE", "R-REMOTE", "R-GAP", "R-TEAM"]  # remote: no officers in pairs (R-PAIR) named
    assert "序号7" in r["R-SAMPLE"]["zh"] and r["R-SAMPLE"]["en"] == "drawn in tier C's lottery at rank 7"
    # the fixed sentences, word for word (what plan.json's explain and the why page read out)
    assert r["R-REMOTE"]["zh"] == "事项均可非现场检查且已接入在线监测，采用非现场检查"
    assert r["R-REMOTE"]["en"] == "every item can be checked remotely and monitoring exists: remote check"
    assert r["R-GAP"]["zh"].startswith("第2次检查距上一次7天")
    r = _rules(plan, Placed(_entry("t1", "e4", "triggered", trigger="T9", index=0), 10, {"hb": "hb-140403"}))
    assert list(r) == ["R-TRIGGER", "R-EXEMPT", "R-TEAM", "R-PAIR"]
    assert "T9" in r["R-TRIGGER"]["zh"] and "2027-03-01" in r["R-TRIGGER"]["zh"] and "2027-03-22" in r["R-TRIGGER"]["zh"]
    assert r["R-TRIGGER"]["en"] == "trigger T9 received 2027-03-01, due by 2027-03-22"
    assert r["R-EXEMPT"]["zh"] == "个案检查，不计入频次上限与间隔"
    assert r["R-EXEMPT"]["en"] == "case inspection: counts against no cap or gap"
    # a trigger the plan knows nothing more of still gets its line
    assert "T8" in _rules(plan, Placed(_entry("t2", "e4", "triggered", trigger="T8"), 10, {"hb": "hb-140403"}))["R-TRIGGER"]["en"]
    # a follow-up (index > 0, first day known) is exempt from R-GAP: its re-check of last year's violation
    r = _rules(plan, Placed(_entry("f1", "e5", "follow_up", index=1), 10, {"hb": "hb-140403"}), {("e5", "follow_up"): 0})
    assert list(r) == ["R-FOLLOW", "R-EXEMPT", "R-TEAM", "R-PAIR"]
    assert "2026年" in r["R-FOLLOW"]["zh"] and "found in 2026" in r["R-FOLLOW"]["en"]  # the year before the plan's


# -- selection.csv's reasons: every enterprise, selected or not --------------------------------------------------------
ROWS = [  # enterprise, tier, sector, final basis (None: no status), visits planned
    ("A1", "A", "gas", "mandatory", 2),
    ("C1", "C", "gas", "sampled", 1),
    ("C2", "C", "gas", "not_drawn", 0),
    ("C3", "C", "gas", "not_drawn", 1),
    ("C4", "C", "gas", "capacity", 0),
    ("C5", "C", "gas", None, 0),
    ("D1", "D", "ready_mix", "capacity", 0),
    ("D2", "D", "ready_mix", "capacity", 1),
    ("X1", "B", "gas", "exempt", 0),
    ("X2", "B", "spaceport", "exempt", 0),
    ("F1", "D", "gas", "follow_up", 1),
    ("F2", "C", "gas", "follow_up", 1),
    ("F3", "D", "gas", "follow_up", 2),
    ("T1", "A", "gas", "triggered", 2),
    ("T2", "D", "gas", "triggered", 1),
    ("T3", "C", "gas", "triggered", 1),
]


def _selection_plan() -> tuple[SimpleNamespace, dict[str, int]]:
    frame = pd.DataFrame(
        {
            "enterprise_id": [r[0] for r in ROWS],
            "tier": [r[1] for r in ROWS],
            "reason_zh": [f"风险{r[0]}" for r in ROWS],
            "reason_en": [f"risk of {r[0]}" for r in ROWS],
        }
    )
    plan = _plan()
    plan.scores = SimpleNamespace(frame=frame)
    plan.bundle.enterprises = pd.DataFrame({"enterprise_id": [r[0] for r in ROWS], "sector": [r[2] for r in ROWS]})
    plan.status = {r[0]: r[3] for r in ROWS if r[3] is not None}
    plan.req.pools = {"C": ["C1", "C4", "C2", "C5", "C3", "F2", "T3", "c8", "c9", "c10", "c11", "c12"]}
    plan.req.places = {"C": 2}
    plan.req.ranks = {eid: i + 1 for i, eid in enumerate(plan.req.pools["C"])}
    plan.sel.skipped = {
        "C4": "agency hb: officers' budgets ran out (R-AVAIL)",
        "F2": "agency hb: no pair of officers (R-PAIR)",
        "T3": "agency um: no pair of officers (R-PAIR)",
    }
    plan.sel.skipped_zh = {
        "C4": "hb：执法人员年度额度用尽（R-AVAIL）",
        "F2": "hb：无法两人成组（R-PAIR）",
        "T3": "um：无法两人成组（R-PAIR）",
    }
    # D1's mandatory visits (index 0 and 1) and F1's first mandatory one are unplaced; D2 is capacity with no entry left
    plan.req.entries = [
        _entry("D1|0", "D1", tier="D", agencies=("um",)),
        _entry("D1|1", "D1", tier="D", index=1),
        _entry("F1|m0", "F1", tier="D"),
        _entry("T2|m0", "T2", tier="D", agencies=("um",)),
        _entry("F1|f", "F1", "follow_up", tier="D"),
        _entry("C1|s", "C1", "sampled", tier="C", rank=1),
        _entry("A1|0", "A1"),
    ]
    plan.unplaced = {"D1|0": "R-AVAIL", "D1|1": "R-PAIR", "F1|m0": "R-CERT", "T2|m0": "R-TEAM", "C1|x": "R-AVAIL"}
    return plan, {r[0]: r[4] for r in ROWS}


def test_every_enterprise_has_a_reason_in_both_languages_ending_with_its_risk() -> None:
    plan, n = _selection_plan()
    got = reasons.selection_reasons(plan, Counter(n))  # type: ignore[arg-type]
    assert list(got) == [r[0] for r in ROWS]  # the scores' order
    for eid, (zh, en) in got.items():
        if eid != "X2":  # a sector with no Chinese name (not in the bundle's schema) is named by its code
            _zh(zh.replace(f"风险{eid}", ""))
        assert zh.endswith(f"。风险{eid}"), zh
        assert en.endswith(f". risk of {eid}"), en
        assert en[0] == en[0].upper(), en  # a sentence: the first letter capitalised
        assert not CJK.search(en), en
    # R-SAMPLE: a tier inspected whole, with the visits planned
    assert got["A1"] == (
        "A级企业全部纳入检查，计划2次（R-SAMPLE）。风险A1",
        "Every tier A enterprise is inspected: 2 visit(s) planned (R-SAMPLE). risk of A1",
    )
    # drawn: its rank, the tier's pool (12), ratio (10%) and places (2), the visits planned
    zh, en = got["C1"]
    assert zh.startswith("抽中：C级共12家，按10%抽查，2个名额，本企业抽签序号1，计划1次")
    assert en.startswith("Drawn: rank 1; tier C: 12 in the pool, ratio 10% = 2 places; 1 visit(s) planned (R-SAMPLE)")
    # not drawn: its rank among the pool's
    zh, en = got["C2"]
    assert zh.startswith("未抽中：抽签序号3，C级共12家") and "R-SAMPLE" in zh and "另有" not in zh
    assert en.startswith("Not drawn: rank 3 of 12; tier C: 12 in the pool") and "case visit" not in en
    # not drawn, but a case visit of its own (a complaint) is planned: both said
    zh, en = got["C3"]
    assert "未抽中：抽签序号5" in zh and "另有个案检查1次" in zh and "; 1 case visit(s) planned" in en
    # no final basis at all reads as not drawn
    assert got["C5"][1].startswith("Not drawn: rank 4 of 12")
    # drawn, its turn came, not placed: the skip's own words
    zh, en = got["C4"]
    assert "抽签序号2已轮到" in zh and plan.sel.skipped_zh["C4"] in zh
    assert en.startswith("Rank 2 was reached, but capacity ran out: " + plan.sel.skipped["C4"])
    # a required tier not placed: the agency and rule of its first unplaced mandatory visit
    zh, en = got["D1"]
    assert zh.startswith("D级应检，但未能安排：um的检查（R-TEAM）") and "hb的检查" not in zh
    assert en.startswith("Tier D requires inspection, but it could not be placed: agency um (R-TEAM)")
    # capacity with no unplaced entry to name: the general words, and its case visit
    zh, en = got["D2"]
    assert zh.startswith("D级应检，但未能安排：检查力量不足；另有个案检查1次")
    assert en.startswith("Tier D requires inspection, but it could not be placed: capacity ran out; 1 case visit(s) planned")
    # R-ITEM: the sector in Chinese, or its code when it has no Chinese name
    assert got["X1"][0].startswith("检查事项清单中没有适用于燃气经营行业企业的事项") and "(R-ITEM)" in got["X1"][1]
    assert "sector gas" in got["X1"][1]
    # nothing is planned for it, in any tier: not "不纳入抽查", which a tier-D firm (no lottery) read (walk28)
    assert "不安排计划检查" in got["X1"][0] and "抽查" not in got["X1"][0] and "no planned visit" in got["X1"][1]
    assert got["X2"][0].startswith("检查事项清单中没有适用于spaceport行业企业的事项")
    # follow-ups: the re-check, plus what else was owed and not placed (its tier's visit, or its draw)
    zh, en = got["F1"]
    assert zh.startswith("上年检查发现违法行为未整改，安排复查1次（R-FOLLOW）；D级应检，但未能安排：hb的检查（R-TEAM）")
    assert en.startswith("An unrectified violation last year: 1 follow-up visit(s) (R-FOLLOW); tier D requires inspection")
    zh, en = got["F2"]
    assert "；抽签序号6已轮到" in zh and plan.sel.skipped_zh["F2"] in zh and "; rank 6 was reached" in en
    zh, en = got["F3"]
    assert zh == "上年检查发现违法行为未整改，安排复查2次（R-FOLLOW）。风险F3" and "；" not in zh
    zh, en = got["T1"]
    assert zh.startswith("依投诉举报等线索安排检查2次（R-TRIGGER）")
    assert en.startswith("2 visit(s) on a complaint, referral, monitoring alert or request (R-TRIGGER)") and "；" not in zh and ";" not in en
    # a complaint visit placed, but its tier's required visit not, or its draw skipped: said as for a follow-up
    zh, en = got["T2"]
    assert zh.startswith("依投诉举报等线索安排检查1次（R-TRIGGER）；D级应检，但未能安排：um的检查（R-TEAM）")
    assert en.startswith("1 visit(s) on a complaint, referral, monitoring alert or request (R-TRIGGER); tier D requires inspection")
    zh, en = got["T3"]
    assert zh.startswith("依投诉举报等线索安排检查1次（R-TRIGGER）；抽签序号7已轮到，但检查力量不足未能安排：um：无法两人成组")
    assert "; rank 7 was reached, but capacity ran out: agency um" in en


def test_selection_reasons_in_a_given_order_and_a_tier_without_a_lottery() -> None:
    plan, n = _selection_plan()
    got = list(reasons.iter_selection_reasons(plan, Counter(n), order=[3, 0]))  # type: ignore[arg-type]
    assert [eid for eid, _ in got] == ["C3", "A1"]
    # a tier with no pool has no places text; its rank among none
    plan.status["A1"] = "not_drawn"
    plan.req.ranks["A1"] = 1
    ((_, (zh, en)),) = reasons.iter_selection_reasons(plan, Counter(n), order=[0])  # type: ignore[arg-type]
    assert zh.startswith("未抽中：抽签序号1，（R-SAMPLE）") and en.startswith("Not drawn: rank 1 of 0; ")


def test_unmet_required_names_the_first_unplaced_mandatory_visit_of_each_enterprise() -> None:
    plan, _ = _selection_plan()
    got = reasons.unmet_required(plan)  # type: ignore[arg-type]
    assert set(got) == {"D1", "F1", "T2"}  # C1's sampled entry is placed; a follow-up is not a required tier's visit
    # the rule is the one plan.json's shortfall of the same visit names (foreign44 F4: the part's tag, R-AVAIL, here;
    # in this plan no team of um or hb has a slice in the district, so both files say R-TEAM)
    first = {}
    for s in reasons.shortfalls(plan):  # type: ignore[arg-type]
        if s["kind"] == "mandatory":
            first.setdefault(s["id"], (s["agency"], s["rule"]))
    assert first == {"D1": ("um", "R-TEAM"), "F1": ("hb", "R-TEAM"), "T2": ("um", "R-TEAM")}
    assert got == {f: (f"{a}的检查（{r}），详见计划的未满足清单", f"agency {a} ({r}); plan.json's shortfalls say which resource ran out")
                   for f, (a, r) in first.items()}
    plan.unplaced["F1|f"] = "R-AVAIL"  # the follow-up unplaced too: still only the mandatory visit is named
    assert reasons.unmet_required(plan)["F1"][1].startswith("agency hb (R-TEAM)")  # type: ignore[arg-type]
    assert set(reasons._unplaced_entries(plan)) == {"D1|0", "D1|1", "F1|m0", "T2|m0", "F1|f"}  # type: ignore[arg-type]


# -- the binding resource of a shortfall (R-EXPLAIN, plan.json's shortfalls) --------------------------------------------
def _slice(tid: str, officers: list[str], annual: int, cap: list[int] | None = None) -> SimpleNamespace:
    return SimpleNamespace(
        team_id=tid,
        officers=officers,
        annual_onsite=annual,
        onsite_cap=np.array(cap if cap is not None else [1] * len(DAYS), dtype=np.int64),
    )


def _state(
    budget: dict[str, int],
    avail_days: dict[str, int],
    annual: tuple[int, int] = (20, 20),
    placed: tuple[Placed, ...] = (),
    onsite: dict[str, list[int]] | None = None,
    cap: list[int] | None = None,
) -> SimpleNamespace:
    """District 140403: hb's local team (o1, o2) and city team (o3, o4); um's local team (u1, u2)."""
    t1, t2 = _slice("hb-140403", ["o1", "o2"], annual[0], cap), _slice("hb-140400", ["o3", "o4"], annual[1], cap)
    t3 = _slice("um-140403", ["u1", "u2"], 50, cap)
    avail = {o: np.arange(len(DAYS)) < avail_days.get(o, len(DAYS)) for o in ["o1", "o2", "o3", "o4", "u1", "u2"]}
    on = {t: np.array((onsite or {}).get(t, [0] * len(DAYS)), dtype=np.int64) for t in ["hb-140403", "hb-140400", "um-140403"]}
    budgets = {"u1": 99, "u2": 99, "o1": 30, "o2": 30, "o3": 30, "o4": 30, **budget}
    return SimpleNamespace(
        part=SimpleNamespace(slices={"hb": [t1, t2], "um": [t3]}),
        slices={s.team_id: s for s in (t1, t2, t3)},
        staff=SimpleNamespace(budget=budgets, available=avail, recused={}),
        # each team's budget shares as they stand after the guests (no guest here: the part's own)
        flows={s.team_id: SimpleNamespace(budget={o: budgets[o] for o in s.officers}) for s in (t1, t2, t3)},
        guests={}, city_split={}, gave_way={}, elsewhere={}, year_failed=set(),
        placed={f"p{i}": p for i, p in enumerate(placed)},
        month=np.array([d.month - 1 for d in DAYS]),
        onsite=on,
    )


def _visit(
    day: int, basis: str, officers: dict[str, list[str]], team: str = "hb-140403", mode: str = "onsite", agencies: tuple[str, ...] = ("hb",)
) -> Placed:
    return Placed(_entry(f"v{day}{basis}", f"e{day}", basis, agencies=agencies, mode=mode), day, {agencies[0]: team}, officers)


BUDGET_USED = (  # hb's officer-visits by month (DAYS[i].month): Jan 2, Mar 2, May 2, Jul 4 (a joint visit) = 10
    _visit(0, "mandatory", {"hb": ["o1", "o2"]}),
    _visit(9, "sampled", {"hb": ["o1", "o3"]}, team="hb-140400"),
    _visit(18, "triggered", {"hb": ["o3", "o4"]}, team="hb-140400"),
    _visit(27, "mandatory", {"hb": ["o1", "o2"], "um": ["u1", "u2"]}),
    _visit(30, "mandatory", {"um": ["u1", "u2"]}, team="um-140403", agencies=("um",)),  # another agency's
    _visit(31, "sampled", {"hb": []}, mode="remote"),  # a remote check: no officer-visit of the budgets
)


def test_resource_text_budgets_ran_out_names_the_month_and_the_counts() -> None:
    # usable officer-visits: o1..o3 3 each, o4 available on 1 day only (2 a day) = 11; the teams' k × 40 on-site is more
    st = _state({"o1": 3, "o2": 3, "o3": 3, "o4": 3}, {"o4": 1}, placed=BUDGET_USED)
    plan = _plan(states={"140403": st})
    assert [d.month for d in (DAYS[0], DAYS[9], DAYS[18], DAYS[27])] == [1, 3, 5, 7]
    zh, en, rule = reasons.resource_text(plan, "140403", "hb", 1)  # type: ignore[arg-type]
    assert rule == "R-AVAIL"
    # 10 used of 11 (≥ 90%: ran out in July, where the running total reaches 9.9); needed: 8 required (Jan 2, May 2,
    # Jul 4; March's sampled visit is not required) + 2 × 1 unmet = 10
    assert zh == "hb-140403/hb-140400：4名持证执法人员的年度检查额度已于7月用尽（需10人次，可用11）"
    assert en == (
        "hb-140403/hb-140400: the annual visit budgets of its 4 certified officers ran out in month 7 "
        "(10 officer-visits needed, 11 available)"
    )
    # 3 unmet need 6 more
    assert "需14人次" in reasons.resource_text(plan, "140403", "hb", 3)[0]  # type: ignore[arg-type]
    # the teams' on-site capacity binds instead: k × (2 + 3) = 10 usable, all used — in May the total reaches 9
    st = _state({"o1": 30, "o2": 30, "o3": 30, "o4": 30}, {}, annual=(2, 3), placed=BUDGET_USED)
    zh, en, rule = reasons.resource_text(_plan(states={"140403": st}), "140403", "hb", 0)  # type: ignore[arg-type]
    assert rule == "R-AVAIL" and "已于7月用尽（需8人次，可用10）" in zh and "ran out in month 7" in en
    # officers' days, not budgets, bind: 1 day each × 2 a day for o1..o3, o4 never present = 6 usable; the figures say
    # 10 used, which no staffing allows but a guest booked past the slice's year can (guests.py, review25): the text
    # never says fewer available than used, so 10, and the running total (Jan 2, Mar 4, May 6, Jul 10) passes 90% of 10
    # in July
    st = _state({"o1": 30, "o2": 30, "o3": 30, "o4": 30}, {"o1": 1, "o2": 1, "o3": 1, "o4": 0}, placed=BUDGET_USED)
    zh, _, rule = reasons.resource_text(_plan(states={"140403": st}), "140403", "hb", 0)  # type: ignore[arg-type]
    assert rule == "R-AVAIL" and zh.endswith("4名持证执法人员的年度检查额度已于7月用尽（需8人次，可用10）")


def test_resource_text_when_budgets_are_left_a_full_window_or_no_pair() -> None:
    # plenty of budget: 4 × 30 = 120 usable (k × 40 = 80 binds: 80), 10 used
    st = _state({"o1": 30, "o2": 30, "o3": 30, "o4": 30}, {}, placed=BUDGET_USED)
    plan = _plan(states={"140403": st})
    zh, en, rule = reasons.resource_text(plan, "140403", "hb", 1)  # type: ignore[arg-type]
    assert rule == "R-PAIR"
    assert zh == "hb-140403/hb-140400：4名持证执法人员在可选工作日无法两人成组（已用10人次，可用80）"
    assert en == (
        "hb-140403/hb-140400: on no allowed day could 2 of its 4 certified officers go together (10 officer-visits used, 80 available)"
    )
    # a window of 5 working days (fewer than 21) with nothing booked: room is left, so not "full" (it read "are full
    # (0 visits booked, 10 possible)" until bench/diag23) — what binds is who may go together (R-PAIR)
    zh, en, rule = reasons.resource_text(plan, "140403", "hb", 1, (10, 14))  # type: ignore[arg-type]
    assert rule == "R-PAIR"
    assert zh == f"hb-140403/hb-140400：{DAYS[10]}至{DAYS[14]}的5个工作日尚余10次（已排0次，上限10次），但无2名可去该企业的执法人员同时有空"
    assert en == (f"hb-140403/hb-140400: its 5 working days {DAYS[10]}…{DAYS[14]} have 10 of 10 visits free, but on none of them were "
                  "2 officers who may go to this enterprise free together")
    # the same window with every team-day booked: full, with what is booked and possible
    booked = {t: [1] * len(DAYS) for t in ("hb-140403", "hb-140400")}
    full = _plan(states={"140403": _state({"o1": 30, "o2": 30, "o3": 30, "o4": 30}, {}, placed=BUDGET_USED, onsite=booked)})
    zh, en, rule = reasons.resource_text(full, "140403", "hb", 1, (10, 14))  # type: ignore[arg-type]
    assert rule == "R-AVAIL"
    assert zh == f"hb-140403/hb-140400：{DAYS[10]}至{DAYS[14]}的5个工作日可派检查已满（已排10次，上限10次）"
    assert en == f"hb-140403/hb-140400: its 5 working days {DAYS[10]}…{DAYS[14]} are full (10 visits booked, 10 possible)"
    # a long window (21 working days) with room: the pair text without the window
    zh, en, rule = reasons.resource_text(plan, "140403", "hb", 1, (10, 30))  # type: ignore[arg-type]
    assert rule == "R-PAIR" and en.startswith("hb-140403/hb-140400: on no allowed day could 2 of its 4")


def test_resource_text_without_a_team() -> None:
    plan = _plan(states={"140403": _state({}, {})})
    zh, en, rule = reasons.resource_text(plan, "140499", "hb", 1)  # type: ignore[arg-type]
    assert (rule, en) == ("R-TEAM", "hb: no team may work in district 140499") and zh == "hb：本区无可派队伍"
    zh, en, rule = reasons.resource_text(plan, "140403", "fire", 1)  # type: ignore[arg-type]
    assert (rule, en) == ("R-TEAM", "fire in 140403: no team of the agency may work here")
    assert zh == "fire-140403：本区无fire的执法队伍（含市级队伍）"


def _shortfall_plan() -> SimpleNamespace:
    st = _state({"o1": 30, "o2": 30, "o3": 30, "o4": 30}, {}, placed=BUDGET_USED)
    plan = _plan(states={"140403": st})
    plan.sel.shortfalls = [{"kind": "triggered", "id": "T0", "rule": "R-TRIGGER", "binding": "found by the walk"}]
    plan.req.entries = [
        _entry("m1", "e1", tier="D", index=1, window=(10, 14)),
        _entry("m2", "e1", tier="D", mode="remote", index=2),
        _entry("r1", "e2", tier="D", agencies=("um",)),
        _entry("c1", "e3", "triggered", trigger="T1", window=(5, 9)),
        _entry("t1", "e4", "follow_up", district="140499"),
        _entry("s1", "c2", "sampled", tier="C", rank=2),
        _entry("ok", "e5", tier="D"),
    ]
    plan.unplaced = {"m1": "R-AVAIL", "m2": "R-PAIR", "r1": "R-RECUSE", "c1": "R-CERT", "t1": "R-TEAM", "s1": "R-AVAIL", "gone": "R-AVAIL"}
    # c1 (hb, days 5–9): one officer a team certified then; r1 (um at e2): both um officers recused (officer_cause)
    off = plan.bundle.officers
    off.loc[off.officer_id.isin(["o2", "o4"]), "certificate_expires_on"] = pd.Timestamp(DAYS[4])
    st.staff.recused.update({"u1": {"e2"}, "u2": {"e2"}})
    plan.req.places = {"C": 3, "B": 1, "Z": 1, "E": 2}
    plan.req.pools = {"C": ["c1", "c2", "c3", "c4", "c5"], "B": ["b1"], "E": ["x1"]}
    plan.status = {
        "c1": "sampled",
        "c2": "capacity",
        "c3": "capacity",
        "c4": "capacity",
        "c5": "not_drawn",
        "b1": "sampled",
        "x1": "not_drawn",
        "y1": "capacity",
    }
    plan.sel.skipped = {"c2": "R-AVAIL of hb", "c3": "R-AVAIL of hb", "c4": "R-PAIR of hb", "c5": "R-TEAM of hb", "y1": "R-CERT of um"}
    return plan


def test_shortfalls_name_the_binding_resource_of_every_unmet_requirement() -> None:
    plan = _shortfall_plan()
    out = reasons.shortfalls(plan)  # type: ignore[arg-type]
    assert out[0] is plan.sel.shortfalls[0] or out[0] == plan.sel.shortfalls[0]  # the walk's own come first
    assert plan.sel.shortfalls == [{"kind": "triggered", "id": "T0", "rule": "R-TRIGGER", "binding": "found by the walk"}]
    by_id = {(s["kind"], s["id"]): s for s in out[1:]}
    # in key order; the sampled entry (its tier's line says it) and a key with no entry are left out
    assert [s["id"] for s in out[1:6]] == ["T1", "e1", "e1", "e2", "e4"]
    # found before solving: the rule's own words, the window in days
    c1 = by_id[("triggered", "T1")]
    assert c1 == {
        "kind": "triggered",
        "id": "T1",
        "agency": "hb",
        "rule": "R-CERT",
        "found": "before solving",
        "binding_zh": f"hb：{DAYS[5]}…{DAYS[9]}内可派队伍（hb-140403/hb-140400）每队持有效执法证的人员均不足2名",
        "binding": f"hb: on no day of {DAYS[5]}…{DAYS[9]} do 2 officer(s) of one eligible team (hb-140403/hb-140400) hold a valid certificate",
    }
    r1 = out[4]
    assert r1["rule"] == "R-RECUSE" and r1["found"] == "before solving" and r1["agency"] == "um"
    assert r1["binding_zh"] == "um：可派队伍（um-140403）的持证执法人员均须回避该企业"
    assert r1["binding"] == "um: every certified officer of its eligible teams (um-140403) is recused from this enterprise (visit 1)"
    t1 = out[5]
    assert (t1["kind"], t1["rule"], t1["found"]) == ("follow_up", "R-TEAM", "before solving")
    assert t1["binding_zh"] == "hb：本区无可派队伍" and t1["binding"] == "hb: no team may work in district 140499"
    # found after solving: the resource that ran out, in the entry's window (a 5-day window with nothing booked is not
    # full: who may go together binds, R-PAIR) and the visit's number for a mandatory one
    m1, m2 = out[2], out[3]
    assert (m1["rule"], m1["found"], m1["agency"], m1["kind"]) == ("R-PAIR", "after solving", "hb", "mandatory")
    assert m1["binding_zh"] == (f"hb-140403/hb-140400：{DAYS[10]}至{DAYS[14]}的5个工作日尚余10次（已排0次，上限10次），"
                                "但无2名可去该企业的执法人员同时有空")
    assert str(m1["binding"]).endswith("have 10 of 10 visits free, but on none of them were 2 officers who may go to this enterprise free "
                                       "together (visit 2)")
    # over the year's window no day is full: no pair (R-PAIR), the district's 3 unmet hb visits (m1, m2, c1) counted
    assert m2["rule"] == "R-PAIR" and str(m2["binding"]).endswith("(10 officer-visits used, 80 available) (visit 3)")
    # the sampled tiers short of places: how many filled, and the skips' commonest reasons in the pool
    tiers = [s for s in out if s["kind"] == "sampled"]
    assert tiers == [
        {
            "kind": "sampled",
            "id": "tier C",
            "rule": "R-SAMPLE",
            "binding_zh": "C级3个名额仅安排1个，其余因检查力量不足",
            "binding": "3 places, 1 filled; 2 not placed for want of officers — most often: R-AVAIL of hb (2); R-PAIR of hb (1)",
        },
        {
            "kind": "sampled",
            "id": "tier E",
            "rule": "R-SAMPLE",
            "binding_zh": "E级2个名额仅安排0个，其余因检查力量不足",
            "binding": "2 places, 0 filled; 2 not placed for want of officers",
        },
    ]
    # then the capacity lines, per district and agency
    assert [s["id"] for s in out if s["kind"] == "capacity"] == ["140403/hb", "140403/um", "140499/hb"]
    assert len(out) == 1 + 5 + 2 + 3


def test_capacity_lines_count_the_unplaced_onsite_required_visits_per_district_and_agency() -> None:
    plan = _shortfall_plan()
    lines = reasons.capacity_lines(plan)  # type: ignore[arg-type]
    hb, um, far = lines
    # hb in 140403: m1 and c1 on site (m2 is remote, s1 sampled); resource_text without a window: no pair
    assert hb["id"] == "140403/hb" and hb["agency"] == "hb" and hb["rule"] == "R-PAIR" and hb["kind"] == "capacity"
    assert hb["binding"] == (
        "district 140403, agency hb: 2 required visit(s) not placed; hb-140403/hb-140400: on no "
        "allowed day could 2 of its 4 certified officers go together (10 officer-visits used, 80 available)"
    )
    assert str(hb["binding_zh"]).startswith("hb-140403/hb-140400：4名持证执法人员在可选工作日无法两人成组")
    assert str(um["binding"]).startswith("district 140403, agency um: 1 required visit(s) not placed; um-140403: on no allowed day")
    assert (
        far["rule"] == "R-TEAM"
        and far["binding"] == "district 140499, agency hb: 1 required visit(s) not placed; hb: no team may work in district 140499"
    )
    # budgets exhausted: the count of unmet visits enters what was needed (8 required + 2 × 2)
    plan.states["140403"] = _state({"o1": 3, "o2": 3, "o3": 3, "o4": 3}, {"o4": 1}, placed=BUDGET_USED)
    assert "（需12人次，可用11）" in str(reasons.capacity_lines(plan)[0]["binding_zh"])  # type: ignore[arg-type]


def _by_month(counts: dict[int, list[int]]) -> tuple[Placed, ...]:
    """hb visits whose officer counts are `counts[month]` (one visit per number, on that month's working days)."""
    out = []
    for m, ns in counts.items():
        days = [i for i, d in enumerate(DAYS) if d.month == m]
        for day, n in zip(days, ns, strict=False):
            out.append(_visit(day, "mandatory", {"hb": [f"o{j % 4 + 1}" for j in range(n)]}))
    return tuple(out)


def _budget(budgets: tuple[int, int, int, int], used: dict[int, list[int]], unmet: int) -> tuple[str, str]:
    """(rule, Chinese words) for hb in 140403 when its four officers have `budgets` (k × on-site capacity is 80)."""
    st = _state(dict(zip(["o1", "o2", "o3", "o4"], budgets, strict=True)), {}, placed=_by_month(used))
    zh, _, rule = reasons.resource_text(_plan(states={"140403": st}), "140403", "hb", unmet)  # type: ignore[arg-type]
    return rule, zh


def test_resource_text_budgets_run_out_only_when_no_pair_is_left_and_90_percent_is_used() -> None:
    # 20 usable, 18 used: 2 left — one more pair could go (k = 2), so the budgets did not run out
    assert _budget((5, 5, 5, 5), {1: [9, 9]}, 0)[0] == "R-PAIR"
    assert _budget((5, 5, 5, 5), {1: [9, 9]}, 1)[0] == "R-PAIR"
    # 2 unmet visits need 4: they ran out, at exactly 90% used
    assert _budget((5, 5, 5, 5), {1: [9, 9]}, 2) == (
        "R-AVAIL",
        "hb-140403/hb-140400：4名持证执法人员的年度检查额度已于1月用尽（需22人次，可用20）",
    )
    # 30 usable, 27 used, 1 unmet: 3 left are more than the pair it needs
    assert _budget((8, 8, 7, 7), {1: [9, 9, 9]}, 1)[0] == "R-PAIR"
    assert _budget((8, 8, 7, 7), {1: [9, 9, 9]}, 2)[0] == "R-AVAIL"
    # 20 usable, 10 used, 6 unmet: not enough left, but half the budgets unused — no pair on the days, not the budgets
    assert _budget((5, 5, 5, 5), {1: [10]}, 6)[0] == "R-PAIR"


def test_resource_text_the_month_the_budgets_ran_out_is_where_the_running_total_first_reaches_90_percent() -> None:
    # 10 usable: Jan 2 + 2, Feb 4, Mar 2 — 8 by February, 10 (≥ 9) in March
    assert _budget((3, 3, 2, 2), {1: [2, 2], 2: [4], 3: [2]}, 1)[1].endswith("已于3月用尽（需12人次，可用10）")
    # Jan 4, Feb 5: exactly 9 by February
    assert _budget((3, 3, 2, 2), {1: [4], 2: [5], 3: [1]}, 1)[1].endswith("已于2月用尽（需12人次，可用10）")
    # in December
    assert _budget((3, 3, 2, 2), {1: [4], 12: [6]}, 1)[1].endswith("已于12月用尽（需12人次，可用10）")


def test_resource_text_a_window_is_full_only_when_its_team_days_are_booked() -> None:
    on = [0] * len(DAYS)
    for d in (9, 10, 14, 15):  # the days just outside the window (9, 15) are not its load
        on[d] = 1
    on2 = [0] * len(DAYS)
    on2[12] = 1
    plan = _plan(states={"140403": _state({}, {}, onsite={"hb-140403": on, "hb-140400": on2})})
    zh, _, rule = reasons.resource_text(plan, "140403", "hb", 1, (10, 14))  # type: ignore[arg-type]
    assert rule == "R-PAIR" and zh.endswith("的5个工作日尚余7次（已排3次，上限10次），但无2名可去该企业的执法人员同时有空")
    on2[10] = on2[11] = on2[13] = on2[14] = 1  # every team-day of the window booked: full
    on[11] = on[12] = on[13] = 1
    plan = _plan(states={"140403": _state({}, {}, onsite={"hb-140403": on, "hb-140400": on2})})
    zh, _, rule = reasons.resource_text(plan, "140403", "hb", 1, (10, 14))  # type: ignore[arg-type]
    assert rule == "R-AVAIL" and zh.endswith("的5个工作日可派检查已满（已排10次，上限10次）")

    def wide(booked: int, window: tuple[int, int]) -> str:
        # each team may make one on-site visit a day (cap 62 over days 0…30); `booked` of them taken from day 0 on
        t1 = [1 if i < min(booked, 31) else 0 for i in range(len(DAYS))]
        t2 = [1 if i < booked - 31 else 0 for i in range(len(DAYS))]
        p = _plan(states={"140403": _state({}, {}, onsite={"hb-140403": t1, "hb-140400": t2})})
        return reasons.resource_text(p, "140403", "hb", 1, window)[2]  # type: ignore[arg-type]

    assert wide(62, (0, 30)) == "R-AVAIL"  # 31 days, every team-day booked
    assert wide(61, (0, 30)) == "R-PAIR"  # one team-day free: the window is not what binds
    assert wide(0, (0, 20)) == "R-PAIR"  # 21 working days free
    assert wide(0, (0, 19)) == "R-PAIR"  # 20 days, nothing booked: not full (it read "full" until bench/diag23)
    assert wide(62, (0, 19)) == "R-AVAIL"  # 20 days, both teams' 40 team-days booked: full


def test_shortfalls_count_the_district_agencys_unmet_required_visits_in_what_was_needed() -> None:
    plan = _shortfall_plan()
    plan.states["140403"] = _state({"o1": 3, "o2": 3, "o3": 3, "o4": 3}, {"o4": 1}, placed=BUDGET_USED)
    out = reasons.shortfalls(plan)  # type: ignore[arg-type]
    m1 = next(s for s in out if s.get("kind") == "mandatory" and s["id"] == "e1")
    # hb in 140403: m1, m2 and the trigger c1 unmet (the sampled s1 is its tier's line; "gone" has no entry):
    # 8 required officer-visits placed + 2 × 3
    assert m1["rule"] == "R-AVAIL" and m1["found"] == "after solving"
    # the city team (o4 present on day 0 only) has no pair on any day of m1's window (10…14): named apart, not counted
    assert m1["binding_zh"] == "hb-140403：2名持证执法人员的年度检查额度已于7月用尽（需12人次，可用6）"
    assert m1["absent"] == "hb-140400: no day of the window with 2 certified officers present (R-CERT, R-AVAIL)"
    plan.states["140403"] = _state({"o1": 3, "o2": 3, "o3": 3, "o4": 3}, {}, placed=BUDGET_USED)
    m1 = next(s for s in reasons.shortfalls(plan) if s.get("kind") == "mandatory" and s["id"] == "e1")  # type: ignore[arg-type]
    assert m1["binding_zh"].startswith("hb-140403/hb-140400：") and "absent" not in m1  # both teams could go: both named


def test_shortfalls_of_sampled_tiers_skip_tiers_without_a_lottery_and_name_the_three_commonest_reasons() -> None:
    plan = _shortfall_plan()
    plan.req.places["A"] = 4  # tier A has no lottery (sorted first): no line, and the other tiers still get theirs
    plan.req.pools["C"] += ["c6", "c7", "c8"]
    plan.status.update({"c6": "capacity", "c7": "capacity", "c8": "capacity"})
    plan.sel.skipped.update({"c6": "R-CERT of hb", "c7": "R-RECUSE of um", "c8": "R-AVAIL of hb"})
    tiers = {s["id"]: s["binding"] for s in reasons.shortfalls(plan) if s["kind"] == "sampled"}  # type: ignore[arg-type]
    assert list(tiers) == ["tier C", "tier E"]
    assert (
        tiers["tier C"]
        == "3 places, 1 filled; 2 not placed for want of officers — most often: R-AVAIL of hb (3); R-PAIR of hb (1); R-CERT of hb (1)"
    )


def test_visit_days_are_each_agencys_own() -> None:
    """scheduler/output.py visit_days (R-GAP's explanation, foreign31 F6): a joint row's day is each of its agencies';
    every on-site visit counts whatever its number (index), in date order; remote checks do not."""
    from scheduler.output import visit_days
    from scheduler.plan import Visit

    joint = Visit("V1", 3, [Placed(_entry("a", "e1", agencies=("hb",)), 3, {"hb": "hb-140403"}),
                            Placed(_entry("b", "e1", agencies=("um",)), 3, {"um": "um-140403"})])
    later = Visit("V2", 9, [Placed(_entry("c", "e1", agencies=("fire",)), 9, {"fire": "fire-140403"}),
                            Placed(_entry("d", "e1", agencies=("hb",), index=1), 9, {"hb": "hb-140403"})])
    early = Visit("V4", 1, [Placed(_entry("f", "e1", agencies=("fire",), index=1), 1, {"fire": "fire-140403"})])
    remote = Visit("V3", 1, [Placed(_entry("r", "e2", agencies=("hb",), mode="remote"), 1, {"hb": "hb-140403"})])
    got = visit_days(SimpleNamespace(visits=[joint, later, remote, early]))  # type: ignore[arg-type]
    assert got == {("e1", "mandatory", "hb"): [3, 9], ("e1", "mandatory", "um"): [3], ("e1", "mandatory", "fire"): [1, 9]}


def test_a_trigger_whose_city_team_worked_elsewhere_says_so() -> None:
    """review31: a trigger its part called R-CERT (its share of the city team's days held none of its window) that the
    city team could have gone to: relabelled R-AVAIL by give_way, listed in `plan.elsewhere`, and its words say where
    the city team was, never "no certified officers"."""
    plan = _shortfall_plan()
    plan.unplaced["c1"] = "R-AVAIL"
    plan.elsewhere = {"c1": ["hb-140400"]}
    c1 = next(s for s in reasons.shortfalls(plan) if s["id"] == "T1")  # type: ignore[arg-type]
    assert c1["rule"] == "R-AVAIL" and c1["found"] == "after solving"
    assert c1["binding"] == "hb: no team of the district could go in its window; hb-140400 worked in other districts on those days, and no seat was freed (R-AVAIL)"
    assert c1["binding_zh"] == "hb：本区队伍时限内无法派出；hb-140400时限内的工作日已排在其他辖区，未能腾出（R-AVAIL）"
