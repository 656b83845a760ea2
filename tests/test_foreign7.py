"""The seventh held-out generator (bench/foreign7, issue 9): every family writes a bundle the product's loader
accepts, with a hidden truth beside it that covers every firm, and the families differ."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import load_generator

from bundle import load_bundle

gen = load_generator("foreign7")

N = 250


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign7")
    return {fam: gen.generate(fam, N, 3, root / fam) for fam in gen.FAMILIES}


def test_at_least_five_families_and_harness_names() -> None:
    assert len(gen.FAMILIES) >= 5
    assert gen.PLAN_YEAR == 2027 and "construction" in gen.SECTORS and "micro" in gen.SIZES


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    bundle_dir, truth_path = worlds[family]
    assert truth_path.parent != bundle_dir and not (bundle_dir / "truth.csv").exists()  # truth beside, not inside
    b = load_bundle(bundle_dir)
    assert b.year == 2027
    ents = set(b.enterprises["enterprise_id"].astype(str))
    assert len(ents) == N
    truth = pd.read_csv(truth_path, dtype={"enterprise_id": str})
    assert set(truth["enterprise_id"]) == ents and truth["enterprise_id"].is_unique
    p = truth["p_violation"].to_numpy()
    assert ((p > 0) & (p < 1)).all()
    insp = pd.read_csv(bundle_dir / "inspections.csv")
    assert len(insp) > 0 and (pd.to_datetime(insp["inspected_on"]).dt.year < 2027).all()
    assert pd.to_datetime(insp["inspected_on"]).dt.year.min() >= 2024


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Fails if two families give the same truth (same distribution of p, or the same p per firm)."""
    fams = list(worlds)
    truths = {f: np.sort(pd.read_csv(worlds[f][1])["p_violation"].to_numpy()) for f in fams}
    for i, a in enumerate(fams):
        for b in fams[i + 1:]:
            assert not np.allclose(truths[a], truths[b], atol=1e-3), (a, b)


def test_same_seed_same_bundle_other_seed_other_truth(tmp_path: Path) -> None:
    fam = gen.FAMILIES[0]
    _, t1 = gen.generate(fam, 120, 5, tmp_path / "a")
    _, t2 = gen.generate(fam, 120, 5, tmp_path / "b")
    _, t3 = gen.generate(fam, 120, 6, tmp_path / "c")
    assert t1.read_bytes() == t2.read_bytes()
    assert t1.read_bytes() != t3.read_bytes()


def test_grade_behaviour_differs_by_family(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Credit grades vary in coverage and timing across families (once long ago, late and sharp, yearly, none)."""
    def grades(f: str) -> pd.DataFrame | None:
        path = worlds[f][0] / "credit_grades.csv"
        return pd.read_csv(path) if path.exists() else None

    assert grades("county_sparse") is None
    assert set(grades("regime_shift")["rated_on"]) == {"2023-11-30"}
    assert set(grades("provincial_grade")["rated_on"]) == {"2026-12-15"}
    assert grades("mechanical_grade")["rated_on"].nunique() > 12  # registration months, three years
    assert len(grades("complaint_led")) < 0.25 * N


def test_sparse_bureau_whose_years_disagree_keeps_the_model_order(tmp_path: Path) -> None:
    """county_sparse, 2,000 firms, seed 1: two years of thin history, each ranking the other the wrong way round, so
    the out-of-year sigmoid would reverse every score (risk.model.keep_order). Found on this bureau: Spearman −0.04
    against the truth and reasons reading "lowering the risk: on the serious-dishonesty list". The scores keep the
    model's own order: no risk-raising record reads as lowering, and the ranking agrees with the truth."""
    from scipy.stats import spearmanr

    from risk import score_bundle

    bundle_dir, truth_path = gen.generate("county_sparse", 2000, 1, tmp_path / "cs")
    s = score_bundle(load_bundle(bundle_dir), random_state=0)
    assert s.card["method"] == "model" and s.card["calibration_reversed"] is not None  # the case the guard is for
    lowering = s.frame.reason_en.str.partition("owering the risk:")[2].str.partition("aising the risk:")[0]
    assert not lowering.str.contains("serious-dishonesty|not rectified|violation\\(s\\) found").any()
    listed = s.features["dishonest_in_force"].to_numpy() > 0
    assert listed.any() and s.frame.reason_en[listed].str.contains("raising the risk: on the serious-dishonesty list").all()
    truth = pd.read_csv(truth_path, dtype={"enterprise_id": str}).set_index("enterprise_id")["p_violation"]
    assert spearmanr(s.frame["risk_score"], s.frame["enterprise_id"].map(truth)).statistic > 0.1
