"""One tier holding most of the firms the scores tier 分级集中 is named (risk.score.crowded_tier): in the card, plan.json's
risk_model, the risk report and the plan page. The thresholds stay the bureau's policy (R-TIER)."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path

import numpy as np
import pytest

from bundle import load_bundle
from risk.score import CROWDED_MIN_FIRMS, CROWDED_TIER, crowded_tier, score_bundle


def _tiers(a: int, b: int, graded_d: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tier = np.array(["A"] * a + ["B"] * b + ["D"] * graded_d)
    source = np.array(["model"] * (a + b) + ["grade"] * graded_d)
    p = np.array([0.1] * a + [0.25] * b + [0.6] * graded_d)
    return tier, source, p


def test_a_tier_holding_most_model_tiered_firms_is_named() -> None:
    assert crowded_tier(*_tiers(90, 10)) == {"tier": "A", "share": 0.9, "firms": 100, "mean_score": 0.115}
    # at the edge: 80 of 100 is crowded, 79 is not
    assert crowded_tier(*_tiers(80, 20)) is not None and CROWDED_TIER == 0.8
    assert crowded_tier(*_tiers(79, 21)) is None


def test_only_the_firms_the_scores_tier_count() -> None:
    """Graded or listed firms have their tier from the records: 70 of 100 model-tiered firms in A is not crowded,
    however many graded D firms sit beside them; and a bureau with too few model-tiered firms is not judged."""
    assert crowded_tier(*_tiers(70, 30, graded_d=900)) is None
    tier, source, p = _tiers(70, 30, graded_d=900)
    assert crowded_tier(tier, np.where(source == "grade", "model", source), p) == {
        "tier": "D", "share": 0.9, "firms": 1000, "mean_score": 0.5545}
    assert crowded_tier(*_tiers(CROWDED_MIN_FIRMS - 1, 0)) is None
    assert crowded_tier(*_tiers(CROWDED_MIN_FIRMS, 0))["share"] == 1.0  # type: ignore[index]
    fallback = crowded_tier(_tiers(90, 10)[0], np.array(["fallback"] * 100), _tiers(90, 10)[2])
    assert fallback is not None and fallback["tier"] == "A"


def test_the_card_and_the_report_name_a_crowded_tier(demo_dir: Path, tmp_path: Path) -> None:
    from risk.report import write_report

    b = load_bundle(demo_dir / "bundle")
    s = score_bundle(b, random_state=0)
    f = s.frame
    want = crowded_tier(f["tier"].to_numpy(), f["tier_source"].to_numpy(), f["model_score"].to_numpy())
    assert s.card.get("crowded_tier") == want
    md = write_report(b, s, tmp_path / "r").read_text(encoding="utf-8")
    assert ("分级集中" in md) is (want is not None)
    # the same bureau with every threshold above every score: all its model-tiered firms in A, named
    b.policy = dataclasses.replace(b.policy, tier_thresholds=(0.97, 0.98, 0.99))
    s2 = score_bundle(b, random_state=0)
    crowded = s2.card.get("crowded_tier")
    scored = s2.frame["tier_source"].isin(["model", "fallback"])
    assert crowded is not None and crowded["tier"] == "A" and crowded["share"] == 1.0 and crowded["firms"] == int(scored.sum())
    md = write_report(b, s2, tmp_path / "r2").read_text(encoding="utf-8")
    assert f"100.0% of the {crowded['firms']} firms whose tier the scores set are in tier A" in md


@pytest.mark.parametrize("crowded", [True, False])
def test_plan_page_names_a_crowded_tier(crowded: bool) -> None:
    import jinja2

    from api.i18n import T, model_words

    lines = (Path(__file__).parents[1] / "api" / "templates" / "plan.html").read_text(encoding="utf-8").splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith("{% set rm = k.risk_model"))
    snippet = jinja2.Environment(autoescape=True).from_string("\n".join(lines[at:at + 2]))
    rm: dict[str, object] = {"chosen": "sign-constrained logistic", "unlearnt": [], "held_to_band": {"raised": 0, "lowered": 0},
                             "band": {"kept": True}, "thresholds": [0.2, 0.3, 0.4]}
    if crowded:
        rm["crowded_tier"] = {"tier": "A", "share": 0.9412, "firms": 1880, "mean_score": 0.1234}
    for lang in ("zh", "en"):
        out = html.unescape(snippet.render(k={"risk_model": rm}, t=T[lang], model_words=lambda c, lang=lang: model_words(lang, c)))
        assert ('id="crowded-tier"' in out) is crowded, out
        assert (str(T[lang]["crowded_tier"]) in out) is crowded
        if crowded:
            assert f"{T[lang]['tier_of'] % 'A'} 94.1% / 1880" in out and "12.3%" in out, out
            assert "20% / 30% / 40%" in out and str(T[lang]["crowded_thresholds"]) in out, out
