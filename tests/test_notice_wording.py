"""The 行政检查通知书's words (execution.notice.notice_pdf): what an enterprise must read on it, pinned line by line —
who inspects, on what legal basis, on which day, which items, which officers with their certificate numbers, the
enterprise's rights (two officers, certificates shown and checked, recusal, statement and defence) and duties, the
code to verify it, the seal and the date of issue. Read from what the PDF sets (fpdf's cell and multi_cell, spied),
so a change of wording fails here, not in a court. A hand-made year of the spec's example bureau, no solve."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from execution.notice import CERT_CHECK_ZH, cjk_font, notice_number
from tests.test_mut15_replan import E1, E403, D, tiny, visit

pytestmark = pytest.mark.skipif(cjk_font() is None, reason="no CJK font (Debian fonts-wqy-zenhei)")


def _said(monkeypatch: pytest.MonkeyPatch, y: Any, ids: list[str], issued: dt.date) -> list[str]:
    """Every text the notice sets, in order."""
    from fpdf import FPDF

    from execution.notice import notice_pdf

    texts: list[str] = []
    cell, multi = FPDF.cell, FPDF.multi_cell
    inside = [False]

    def spy_cell(self: FPDF, w: Any = None, h: Any = None, text: str = "", *a: Any, **k: Any) -> Any:
        if not inside[0]:
            texts.append(text)
        return cell(self, w, h, text, *a, **k)

    def spy_multi(self: FPDF, w: Any, h: Any = None, text: str = "", *a: Any, **k: Any) -> Any:
        if not inside[0]:
            texts.append(text)
        inside[0] = True  # multi_cell sets its lines with cell: not twice
        try:
            return multi(self, w, h, text, *a, **k)
        finally:
            inside[0] = False

    monkeypatch.setattr(FPDF, "cell", spy_cell)
    monkeypatch.setattr(FPDF, "multi_cell", spy_multi)
    assert notice_pdf(y, ids, "https://insp.example.gov.cn", issued).startswith(b"%PDF")
    return texts


def test_a_joint_notice_says_who_why_when_what_and_who_comes(monkeypatch: pytest.MonkeyPatch) -> None:
    v = visit("V1", D, E403, ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01"), agencies=("hb", "um"))
    y = tiny(v)
    reg = y.reg
    said = _said(monkeypatch, y, ["V1"], dt.date(2027, 6, 1))
    text = "\n".join(said)
    assert said[0] == "长治市住房和城乡建设局、长治市城市管理局" and said[1] == "行政检查通知书"
    assert said[2] == notice_number(reg.agencies, v) == "长治市住房和城乡建设局检通〔2027〕V1号"
    ent = reg.enterprises[E403]
    assert f"{ent['name']}（统一社会信用代码 {E403}）：" in said
    bases = "；".join(dict.fromkeys(reg.items[i]["legal_basis"] for i in v.item_ids))
    assert (f"　　根据{bases}的规定，依据年度检查计划（双随机抽查），长治市住房和城乡建设局、长治市城市管理局决定于2027年6月15日对你单位进行联合入企现场检查。"
            "现将有关事项通知如下：") in said
    for n, i in enumerate(v.item_ids, 1):
        it = reg.items[i]
        assert f"　　　　{n}．{it['name']}（{reg.agencies[it['agency_id']]}；{it['legal_basis']}）" in said
    for o in v.officer_ids:  # each with its agency on a joint notice (R-PAIR: two of each; walk45 G14)
        agency = reg.agencies[reg.officers[o].agency_id]
        assert f"　　　　{reg.officers[o].name}（{reg.officers[o].certificate_no}，{agency}）" in said
    rights = next(s for s in said if s.startswith("　　三、你单位的权利"))
    for must in ("检查人员少于两人", "未出示行政执法证件", "有权拒绝检查", "申请回避", "陈述、申辩", CERT_CHECK_ZH):
        assert must in rights, must
    assert "　　四、你单位的义务：如实提供有关情况和资料，配合检查，不得拒绝、阻挠。" in said
    assert f"检查码（扫码核验本次检查的依据、事项、执法人员及审批）：\nhttps://insp.example.gov.cn/v/{v.code}" in said
    assert said[-4:] == ["长治市住房和城乡建设局（印章）", "长治市城市管理局（印章）", "2027年6月1日", "本通知书一式两份，一份送达被检查单位，一份附卷。"]
    assert "risk" not in text.lower() and "风险" not in text  # the enterprise's risk score is never on its notice


def test_one_agency_one_page_each_and_the_basis_of_a_mandatory_visit(monkeypatch: pytest.MonkeyPatch) -> None:
    a = visit("A", D, E1, ("hb-140404-00", "hb-140404-01"), basis="mandatory")
    b = visit("B", D + dt.timedelta(days=1), E403, ("hb-140403-03", "hb-140403-04"))
    said = _said(monkeypatch, tiny(a, b), ["A", "B"], dt.date(2027, 6, 1))
    heads = [i for i, s in enumerate(said) if s == "行政检查通知书"]
    assert len(heads) == 2 and said[heads[0] - 1] == said[heads[1] - 1] == "长治市住房和城乡建设局"  # a page each, one agency
    first, second = said[:heads[1] - 1], said[heads[1] - 1:]
    # a mandatory visit's basis names its own tier (visit() makes tier C: a policy with C's ratio at 1), not "D" (review32)
    assert any("依据年度检查计划（C级企业全覆盖），长治市住房和城乡建设局决定于2027年6月15日对你单位进行入企现场检查。" in s for s in first)
    assert any("依据年度检查计划（双随机抽查），长治市住房和城乡建设局决定于2027年6月16日对你单位进行入企现场检查。" in s for s in second)
    assert "长治市住房和城乡建设局检通〔2027〕A号" in first and "长治市住房和城乡建设局检通〔2027〕B号" in second


def test_the_basis_of_a_mandatory_visit_is_its_own_tiers() -> None:
    from dataclasses import replace

    from execution.notice import basis_words, public_view

    v = visit("A", D, E1, ("hb-140404-00", "hb-140404-01"), basis="mandatory")
    assert basis_words(replace(v, tier="D")) == ("年度检查计划（D级企业全覆盖）", "annual plan (every tier-D enterprise)")
    assert basis_words(v) == ("年度检查计划（C级企业全覆盖）", "annual plan (every tier-C enterprise)")
    assert basis_words(replace(v, tier="")) == ("年度检查计划（重点检查）", "annual plan (mandatory visit)")
    assert basis_words(replace(v, basis="sampled")) == ("年度检查计划（双随机抽查）", "annual plan (double-random selection)")
    view = public_view(tiny(v), v)  # the code page the enterprise scans says the same
    assert (view["basis_zh"], view["basis_en"]) == basis_words(v)


@pytest.mark.parametrize(("basis", "tier", "zh", "en"), [
    ("mandatory", "D", "D级企业每家每年均须接受检查2次（全覆盖），不经抽签", "every tier-D enterprise is inspected twice a year"),
    ("mandatory", "C", "C级企业每家每年均须接受检查1次（全覆盖），不经抽签", "every tier-C enterprise is inspected once a year"),
    ("sampled", "B", "在同一风险等级的企业中按权重随机抽取", "drawn by a weighted lottery"),
    ("follow_up", "C", "依规对整改情况进行复查", "re-checks the rectification"),
    ("triggered", "A", "本次检查系根据收到的线索", "A case check on a lead received"),
])
def test_the_code_page_tells_the_enterprise_why_without_its_score(basis: str, tier: str, zh: str, en: str) -> None:
    """为什么检查你单位 (a11y30 #20: the page gave the basis alone): one sentence by basis, the mandatory one with its tier's
    visits a year from the policy; never a score, a factor or who gave a lead (R-PUBLISH)."""
    from dataclasses import replace

    from execution.notice import public_view

    v = replace(visit("A", D, E1, ("hb-140404-00", "hb-140404-01"), basis=basis), tier=tier)
    y = tiny(v)
    assert (y.policy.tiers["D"].visits, y.policy.tiers["C"].visits) == (2, 1)
    view = public_view(y, v)
    assert zh in view["why_zh"] and en in view["why_en"]
    said = (view["why_zh"] + view["why_en"]).lower()
    assert not any(w in said for w in ("score", "分数", "评分", "factor", "因素", "complainant", "举报人"))
    if basis == "sampled":  # the public checks the seed against its hash; auditors redraw (the scores are not public)
        assert "任何人均可核对其与公示的哈希值一致，审计人员据此复核抽签结果" in view["why_zh"] and "anyone can redraw" not in said


def test_a_uniform_lottery_is_not_said_to_weigh_risk() -> None:
    from dataclasses import replace

    from execution.notice import public_view

    v = visit("A", D, E1, ("hb-140404-00", "hb-140404-01"))
    y = tiny(v)
    for policy in (replace(y.policy, sampling="uniform_lottery"), replace(y.policy, min_lottery_weight=1.0)):
        y.policy = policy
        view = public_view(y, v)
        assert "等概率随机抽取" in view["why_zh"] and "权重" not in view["why_zh"] and "weighted" not in view["why_en"]


def test_the_mandatory_sentence_counts_the_visits_the_caps_allow() -> None:
    """A tier asking more visits than R-CAP-AGENCY / R-CAP-ENTRY allow is planned at the cap: the page says the cap."""
    from dataclasses import replace

    from execution.notice import public_view

    v = replace(visit("A", D, E1, ("hb-140404-00", "hb-140404-01"), basis="mandatory"), tier="D")
    y = tiny(v)
    y.policy = replace(y.policy, tiers={**y.policy.tiers, "D": replace(y.policy.tiers["D"], visits=5)})
    cap = min(y.policy.max_visits_per_agency_per_enterprise, y.policy.max_entries_per_enterprise)
    assert cap < 5 and f"每年均须接受检查{cap}次" in public_view(y, v)["why_zh"]
