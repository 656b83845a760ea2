"""mut13 (session 13): tests written to kill the survivors of a mutmut run over risk/reasons.py, scheduler/why.py's
factor_effect, factor_note and render, and api/flow.py's _plt. Tiny hand-made inputs, no bundle, no solve."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest


def test_phrase_of_a_feature_without_words_is_none_and_a_bad_value_is_named() -> None:
    from risk.reasons import _num, phrase

    assert phrase("no_such_feature", 1, 1.0) is None
    with pytest.raises(TypeError, match=r"must be a number, not None"):
        _num(None)


def test_factor_effect_edges() -> None:
    from scheduler.why import factor_effect

    # the score without the factor, in both languages, as many decimals as keep it on the model score's side
    assert factor_effect(0.0051, "model", 0.02) == ("不计此项为1.99%", "1.99% without it")
    # a model score of exactly 1 (a calibrated score can be; scores.csv rounds to 6 decimals) is clipped, never 1/0
    assert factor_effect(0.5, "model", 1.0) == ("不计此项为99.9998%", "99.9998% without it")
    # the odds ratio takes the decimals it needs (4, then 6), never more
    assert factor_effect(math.log(1.0004), None)[1] == "odds ratio 1.0004"
    assert factor_effect(math.log(1.000004), None)[1] == "odds ratio 1.000004"


def test_factor_note_words() -> None:
    from scheduler.why import factor_note

    for score in (0.3, None):
        zh, en = factor_note("fallback", score)
        assert zh.startswith("括号内为该因素在计分法中加减的分数") and zh.endswith("。")
        assert en.startswith("In brackets: the points the factor adds") and "(1 point is 1 percentage point of the score)." in en
    zh, en = factor_note("model", None)
    assert zh.startswith("括号内为比值比") and "（odds）" in zh and zh.endswith("。")
    assert en.startswith("In brackets: the odds ratio, how many times") and en.endswith("below 1 lowers).")


WHY: dict[str, Any] = {
    "enterprise_id": "E1", "tier": "C", "risk_score": 0.35, "model_score": 0.45, "tier_source": "grade", "score_method": "model",
    "selected": True, "basis": "mandatory", "draw_rank": None, "places": None, "reason_zh": "理由", "reason_en": "reason",
    "risk_factors": [
        {"feature": "n_violations", "contribution": 0.4, "zh": "以往检查发现违法行为2次", "en": "2 violation(s) found in past inspections",
         "effect_zh": "不计此项为36%", "effect_en": "36% without it"},
        {"feature": "size", "contribution": -0.2, "zh": "小型企业风险较低", "en": "small enterprises carry lower risk",
         "effect_zh": "不计此项为50%", "effect_en": "50% without it"}],
    "visits": [{"visit_id": "V1", "date": "2027-03-02", "mode": "onsite", "basis": "mandatory", "agencies": ["hb", "sc"],
                "lead_agency_id": "hb", "items": ["i1"], "teams": {"hb": "T1", "sc": "T2"}, "trigger_id": "",
                "rules": [{"rule": "R-JOINT", "zh": "联合检查", "en": "joint inspection"}]}],
    "shortfalls": [{"rule": "R-GAP", "binding": "no officer free"}],
}


def test_render_line_by_line() -> None:
    from scheduler.why import factor_note, render

    note_zh, note_en = factor_note("model", 0.45)
    assert render(WHY).split("\n") == [  # type: ignore[arg-type]
        "E1  C级 tier C（信用风险分类结果 official credit grade） · 风险评分 risk score 35%（模型评分 model score 45%） · 已选中 selected (mandatory)",
        "  理由", "  reason",
        f"  风险因素 risk factors — {note_zh} {note_en}",
        "    ↑ 提高 raising: 以往检查发现违法行为2次（不计此项为36%） / 2 violation(s) found in past inspections (36% without it)",
        "    ↓ 降低 lowering: 小型企业风险较低（不计此项为50%） / small enterprises carry lower risk (50% without it)",
        "  2027-03-02 V1 onsite mandatory hb+sc (lead hb; hb: T1, sc: T2)",
        "      联合检查（R-JOINT） / joint inspection (R-JOINT)",
        "  未满足 shortfall (R-GAP): no officer free",
    ]
    # not selected, no tier source (a folder without scores.csv), a source not in TIER_SOURCE said as it is
    bare = {**WHY, "selected": False, "basis": "not_drawn", "tier_source": None, "model_score": None, "risk_factors": [],
            "visits": [], "shortfalls": []}
    assert render(bare) == "E1  C级 tier C · 风险评分 risk score 35% · 未选中 not selected (not_drawn)\n  理由\n  reason"  # type: ignore[arg-type]
    assert render({**bare, "tier_source": "other"}).startswith("E1  C级 tier C（other） · ")  # type: ignore[arg-type]


def test_plt_registers_a_chinese_font_matplotlib_has_not_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    from api.flow import CJK_FONT_FILES, _plt

    present = [p for p in CJK_FONT_FILES if Path(p).exists()]
    if not present:
        pytest.skip("no Chinese font package installed")
    added: list[str] = []
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [f for f in font_manager.fontManager.ttflist if f.fname not in CJK_FONT_FILES])
    monkeypatch.setattr(font_manager.fontManager, "addfont", added.append)
    plt, _ = _plt()
    assert added == present  # each file it lacked, once; none it knows already (the monkeypatched list lacks them all)
    assert plt.rcParams["font.sans-serif"][:5] == ["WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Droid Sans Fallback",
                                                   "DejaVu Sans"]
