"""The fourth held-out generator (bench/foreign4, issue 9): its bundles load and its truth is whole.

No scoring here (`make bench-foreign4` does that): each family's few-hundred-firm bureau must pass the
product's loader, its truth must cover every enterprise with 0 < p < 1 and never sit inside the
bundle, and no two families may hide the same truth.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from bundle import load_bundle

GEN_PATH = Path(__file__).resolve().parent.parent / "bench" / "foreign4" / "generate.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("foreign4_generate", GEN_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["foreign4_generate"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


gen = _generator()
N = 300


@pytest.fixture(scope="module")
def bureaus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign4")
    return {fam: gen.generate(fam, N, 3, root / fam) for fam in gen.FAMILIES}


def test_at_least_five_families() -> None:
    assert len(set(gen.FAMILIES)) >= 5
    assert set(gen.FAMILIES) == set(gen.BUILDERS)


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(bureaus: dict[str, tuple[Path, Path]], family: str) -> None:
    bundle_dir, truth_path = bureaus[family]
    assert truth_path.parent != bundle_dir and not (bundle_dir / "truth.csv").exists()
    b = load_bundle(bundle_dir)  # raises BundleInvalid with every problem
    assert b.year == gen.PLAN_YEAR
    ids = set(b.enterprises["enterprise_id"])
    assert len(ids) == N
    truth = pd.read_csv(truth_path, dtype={"enterprise_id": str})
    assert set(truth["enterprise_id"]) == ids and truth["enterprise_id"].is_unique
    p = truth["p_violation"].to_numpy()
    assert ((p > 0) & (p < 1)).all()
    insp = b.inspections
    assert len(insp) > 0
    years = pd.to_datetime(insp["inspected_on"]).dt.year
    assert years.max() < gen.PLAN_YEAR and years.min() >= gen.HISTORY[0]
    # the harness compares codes, not labels
    assert set(b.enterprises["sector"]) <= set(gen.SECTORS) and set(b.enterprises["size"]) <= set(gen.SIZES)


def test_same_seed_same_bureau(tmp_path: Path) -> None:
    a = gen.generate("thin_history", 120, 5, tmp_path / "a")
    b = gen.generate("thin_history", 120, 5, tmp_path / "b")
    for name in ("enterprises.csv", "inspections.csv", "credit_records.csv", "credit_grades.csv"):
        assert (a[0] / name).read_bytes() == (b[0] / name).read_bytes()
    assert a[1].read_bytes() == b[1].read_bytes()


def test_families_hide_different_truths() -> None:
    """Every builder fed the very same random stream: no two may give the same truth (an alias or a
    copy of another family would)."""
    truths = {f: gen.sigmoid(gen.BUILDERS[f](np.random.default_rng(0), N).knots[:, 3]) for f in gen.FAMILIES}
    fams = list(truths)
    for i, f in enumerate(fams):
        for g in fams[i + 1:]:
            assert not np.allclose(truths[f], truths[g], atol=1e-3), f"{f} and {g} give the same truth"


def test_grades_behave_as_documented(bureaus: dict[str, tuple[Path, Path]]) -> None:
    """The official grade is the axis the families vary most: check its documented shape."""
    def grades(f: str) -> pd.DataFrame:
        return pd.read_csv(bureaus[f][0] / "credit_grades.csv", dtype=str)

    def truth(f: str) -> pd.DataFrame:
        return pd.read_csv(bureaus[f][1], dtype={"enterprise_id": str})

    assert set(grades("thin_history")["grade"]) <= {"C", "D"}  # a watch list only
    assert grades("gas_campaign")["rated_on"].unique().tolist() == ["2024-06-30"]  # once, long ago
    assert grades("platform_derived")["rated_on"].nunique() > 100  # rolling anniversaries
    assert grades("developer_distress")["rated_on"].max() == "2026-12-15"  # shortly before the plan
    rank = {"A": 0, "B": 1, "C": 2, "D": 3}
    dd = grades("developer_distress")
    last = dd[dd["rated_on"] == dd["rated_on"].max()].merge(truth("developer_distress"), on="enterprise_id")
    assert spearmanr(last["grade"].map(rank), last["p_violation"]).statistic > 0.5  # sharp
