"""review11: the crowded-tier notice (risk.score.crowded_tier, 28e106b) at its edges: a bureau whose tiers are all
set by grades or the list, the points fallback, the independent checker reading plan.json's new key, and the plan
page's words."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path

import numpy as np
import pytest

from bundle import load_bundle
from risk.score import crowded_tier, score_bundle


def test_no_model_tiered_firm_no_notice_no_crash() -> None:
    """sound: every firm's tier from a grade or the list (0 model-tiered firms; np.unique of nothing would make argmax
    raise): no notice, whatever the imposed tiers' shares."""
    tier = np.array(["D"] * 400 + ["A"] * 100)
    source = np.array(["grade"] * 450 + ["dishonest"] * 50)
    assert crowded_tier(tier, source, np.full(500, 0.5)) is None
    assert crowded_tier(np.array([], dtype=str), np.array([], dtype=str), np.array([], dtype=float)) is None


def test_the_points_fallback_names_its_crowded_tier(demo_dir: Path) -> None:
    """sound: under the points fallback (force_fallback) with every threshold above every points score, the 345
    fallback-tiered firms of the demo bureau are all in A and named, their mean the points score's mean; the 255 graded
    firms are not counted. At the demo's own thresholds (0.2, 0.3, 0.4) no tier is crowded (A 41% under the fallback)."""
    b = load_bundle(demo_dir / "bundle")
    s = score_bundle(b, random_state=0, force_fallback=True)
    assert s.card["method"] == "fallback" and s.card.get("crowded_tier") is None
    b.policy = dataclasses.replace(b.policy, tier_thresholds=(0.96, 0.97, 0.98))
    s = score_bundle(b, random_state=0, force_fallback=True)
    f = s.frame[s.frame["tier_source"] == "fallback"]
    assert s.card.get("crowded_tier") == {"tier": "A", "share": 1.0, "firms": len(f),
                                          "mean_score": round(float(f["model_score"].mean()), 4)}
    assert len(f) == s.card["tier_sources"]["fallback"] > 0


def test_the_checker_accepts_a_plan_json_naming_a_crowded_tier() -> None:
    """sound: checker/ (independent of risk/) reads only risk_model.band and held_to_band; a crowded_tier beside them
    changes nothing, kept or dropped, and a malformed one is not the checker's business."""
    from checker.rules import _band_claim, band_declared

    crowded = {"tier": "A", "share": 0.94, "firms": 1880, "mean_score": 0.03}
    for extra in (crowded, "A", None, {"share": "x"}):
        kept = {"risk_model": {"band": {"kept": True}, "held_to_band": {"raised": 3, "lowered": 1}, "crowded_tier": extra}}
        assert _band_claim(kept) == [] and band_declared(kept)
        dropped = {"risk_model": {"band": {"kept": False, "reason": "grade_explained", "grade_explained": 0.95, "periods": 0,
                                           "auc_gain": None, "se": None},
                                  "held_to_band": {"raised": 0, "lowered": 0}, "crowded_tier": extra}}
        assert _band_claim(dropped) == [] and not band_declared(dropped)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_plan_page_shows_the_thresholds_it_asks_to_move(lang: str) -> None:
    """DEFECT (low): the notice tells the planner the tier thresholds "may be set nearer its rates" (可按本局违法率调整)
    but the plan page shows neither the thresholds (plan.json risk_model.thresholds, there beside it) nor where they
    would have to go: "A 94.1% / 1880 · their mean score 3.0%" — the planner must open policy.json or the risk
    report to act. Mend: print rm.thresholds in the crowded span (e.g. "tier_thresholds 20% / 30% / 40%")."""
    import jinja2

    from api.i18n import T, model_words

    lines = (Path(__file__).parents[1] / "api" / "templates" / "plan.html").read_text(encoding="utf-8").splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith("{% set rm = k.risk_model"))
    snippet = jinja2.Environment(autoescape=True).from_string("\n".join(lines[at:at + 2]))
    rm = {"chosen": "sign-constrained logistic", "unlearnt": [], "held_to_band": {"raised": 0, "lowered": 0}, "band": {"kept": True},
          "thresholds": [0.2, 0.3, 0.4], "crowded_tier": {"tier": "A", "share": 0.9412, "firms": 1880, "mean_score": 0.03}}
    out = html.unescape(snippet.render(k={"risk_model": rm}, t=T[lang], model_words=lambda c: model_words(lang, c)))
    span = out[out.index('id="crowded-tier"'):]
    span = span[:span.index("</span>")]
    assert all(x in span for x in ("20%", "30%", "40%")), span
