"""The sixth held-out generator (bench/foreign6, issue 9): its bundles load with the product's loader, its
hidden truth covers every firm, and its families really differ in how the observable data relate to the truth.
No scoring here (that is bench/foreign2/run.py --generator bench/foreign6)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import load_generator
from scipy.stats import spearmanr

from bundle import load_bundle


def _generator():
    return load_generator("foreign6")


gen = _generator()


@pytest.fixture(scope="module")
def bureaus(tmp_path_factory) -> dict[str, tuple[Path, pd.DataFrame]]:
    root = tmp_path_factory.mktemp("foreign6")
    out = {}
    for fam in gen.FAMILIES:
        bundle, truth = gen.generate(fam, 400, 3, root / fam)
        out[fam] = (bundle, pd.read_csv(truth, dtype={"enterprise_id": str}))
    return out


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(bureaus, family):
    bundle, truth = bureaus[family]
    b = load_bundle(bundle)  # raises BundleInvalid on any error
    assert b.year == gen.PLAN_YEAR == 2027
    ent = b.frames["enterprises"]
    assert len(ent) == 400
    assert not (bundle / "truth.csv").exists()  # the truth sits beside the bundle, never inside
    assert set(truth["enterprise_id"]) == set(ent["enterprise_id"].astype(str))
    assert truth["enterprise_id"].is_unique
    p = truth["p_violation"]
    assert ((p > 0) & (p < 1)).all()
    insp = pd.read_csv(bundle / "inspections.csv")
    years = pd.to_datetime(insp["inspected_on"]).dt.year
    assert years.max() < 2027 and years.min() >= 2024
    assert len(insp) > 0 and (bundle / "credit_grades.csv").exists()


def test_same_seed_same_bureau_other_seed_other(tmp_path):
    a = pd.read_csv(gen.generate("regime_shift", 300, 5, tmp_path / "a")[1])
    b = pd.read_csv(gen.generate("regime_shift", 300, 5, tmp_path / "b")[1])
    c = pd.read_csv(gen.generate("regime_shift", 300, 6, tmp_path / "c")[1])
    pd.testing.assert_frame_equal(a, b)
    assert not a["p_violation"].equals(c["p_violation"])


def _fingerprint(bundle: Path, truth: pd.DataFrame) -> np.ndarray:
    """Spearman of the truth against a few observables: how each family hides its signal."""
    ent = pd.read_csv(bundle / "enterprises.csv", dtype=str).merge(truth, on="enterprise_id")
    p = ent["p_violation"].to_numpy()
    insp = pd.read_csv(bundle / "inspections.csv", dtype=str)
    grades = pd.read_csv(bundle / "credit_grades.csv", dtype=str).sort_values("rated_on")
    trig = pd.read_csv(bundle / "triggers.csv", dtype=str)
    latest = grades.groupby("enterprise_id")["grade"].last().map(dict(A=1, B=2, C=3, D=4))
    viol = insp[insp["outcome"].isin(["violation", "serious"])].groupby("enterprise_id").size()
    late = trig[trig["received_on"] >= "2026-11-01"].groupby("enterprise_id").size()
    unrect = insp[insp["rectified"] == "false"].groupby("enterprise_id").size()
    minor = insp[insp["outcome"] == "minor"].groupby("enterprise_id").size()
    est = pd.to_datetime(ent["established_on"])
    features = [
        ent["size"].map({s: i for i, s in enumerate(gen.SIZES)}),
        (est > "2025-01-01").astype(float),
        ent["sector"].isin(["gas", "property_mgmt"]).astype(float),
        ent["enterprise_id"].map(latest).fillna(2.5),
        ent["enterprise_id"].map(viol).fillna(0),
        ent["enterprise_id"].map(late).fillna(0),
        ent["enterprise_id"].map(unrect).fillna(0),
        ent["enterprise_id"].map(minor).fillna(0),
        ent["sector"].eq("construction").astype(float),
        ent["remote_monitoring"].eq("true").astype(float),
        np.log1p(pd.to_numeric(ent["employees"])),
    ]
    return np.nan_to_num([spearmanr(f, p).statistic for f in features])


def test_families_hide_their_signal_differently(bureaus):
    """The generator's random stream does not depend on the family, so two families sharing one design give the
    same truth (caught by the first assert) and the same fingerprint; each pair must differ in both."""
    prints = {f: _fingerprint(*bureaus[f]) for f in gen.FAMILIES}
    for a, b in itertools.combinations(gen.FAMILIES, 2):
        pa, pb = bureaus[a][1]["p_violation"].to_numpy(), bureaus[b][1]["p_violation"].to_numpy()
        assert not np.allclose(np.sort(pa), np.sort(pb), atol=1e-3), (a, b)
        # same design, other seed differs by about 0.1 at most; the closest two families differ by 0.23
        assert np.abs(prints[a] - prints[b]).max() > 0.15, (a, b, prints[a], prints[b])


def test_official_grade_is_as_designed(bureaus):
    """platform_sharp's grade tracks the truth closely; rectify_memory's is useless; campaign's is derived
    from the history alone (a firm never inspected and never recorded has no grade)."""
    def grade_rho(fam):
        bundle, truth = bureaus[fam]
        g = pd.read_csv(bundle / "credit_grades.csv", dtype=str).sort_values("rated_on")
        latest = g.groupby("enterprise_id")["grade"].last().map(dict(A=1, B=2, C=3, D=4))
        m = truth.set_index("enterprise_id").join(latest.rename("g"), how="inner")
        return spearmanr(m["g"], m["p_violation"]).statistic

    assert grade_rho("platform_sharp") > 0.75
    assert abs(grade_rho("rectify_memory")) < 0.15
    bundle, _ = bureaus["campaign"]
    seen = set(pd.read_csv(bundle / "inspections.csv", dtype=str)["enterprise_id"]) | set(
        pd.read_csv(bundle / "credit_records.csv", dtype=str)["enterprise_id"])
    assert set(pd.read_csv(bundle / "credit_grades.csv", dtype=str)["enterprise_id"]) <= seen
