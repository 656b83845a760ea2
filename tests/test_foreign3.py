"""bench/foreign3: every family writes a bundle the product loads, with a truth for every firm."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bundle import load_bundle

# loaded under its own name: other bench generators are also called `generate`
_SPEC = importlib.util.spec_from_file_location(
    "foreign3_generate", Path(__file__).resolve().parents[1] / "bench" / "foreign3" / "generate.py")
assert _SPEC is not None and _SPEC.loader is not None
_gen = importlib.util.module_from_spec(_SPEC)
sys.modules["foreign3_generate"] = _gen  # dataclasses look their module up while the file runs
_SPEC.loader.exec_module(_gen)
FAMILIES, PLAN_YEAR, generate, uscc = _gen.FAMILIES, _gen.PLAN_YEAR, _gen.generate, _gen.uscc

N = 300


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign3")
    return {f: generate(f, N, 3, root / f) for f in FAMILIES}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_bundle_loads_and_truth_covers_every_firm(worlds, family: str) -> None:
    bundle_dir, truth_path = worlds[family]
    assert truth_path.parent == bundle_dir.parent  # beside the bundle, never inside it
    assert not (bundle_dir / truth_path.name).exists()
    b = load_bundle(bundle_dir)
    assert b.year == PLAN_YEAR
    truth = pd.read_csv(truth_path, dtype={"enterprise_id": str})
    ids = set(pd.read_csv(bundle_dir / "enterprises.csv", dtype=str)["enterprise_id"])
    assert len(ids) == N and set(truth["enterprise_id"]) == ids and truth["enterprise_id"].is_unique
    p = truth["p_violation"].to_numpy()
    assert ((p > 0) & (p < 1)).all()
    insp = pd.read_csv(bundle_dir / "inspections.csv", dtype=str)
    years = pd.to_datetime(insp["inspected_on"]).dt.year
    assert len(insp) > 0 and years.max() < PLAN_YEAR and years.min() >= 2024


def test_families_hide_different_truths() -> None:
    """Same firms, same random draws: no two families may give the same 2027 truth (a family
    that silently reused another's design would pass any test run on different draws)."""
    firms = _gen.make_firms(np.random.default_rng(0), N, next(iter(FAMILIES.values())))
    truth = {f: _gen.sigmoid(fam.design(np.random.default_rng(1), firms.copy()).logit[:, 3])
             for f, fam in FAMILIES.items()}
    for a, b in itertools.combinations(truth, 2):
        assert np.corrcoef(truth[a], truth[b])[0, 1] < 0.9, (a, b)


def test_grades_differ_in_coverage_and_timing(worlds) -> None:
    """The official grade's coverage and rating dates are part of what the families vary."""
    shape = {}
    for f, (bundle_dir, _) in worlds.items():
        g = pd.read_csv(bundle_dir / "credit_grades.csv", dtype=str)
        shape[f] = (round(g["enterprise_id"].nunique() / N, 1), g["rated_on"].nunique() > 3,
                    g["rated_on"].max()[:7])
    assert len(set(shape.values())) == len(shape), shape


def test_same_seed_same_bundle(tmp_path: Path) -> None:
    fam = next(iter(FAMILIES))
    a, ta = generate(fam, 120, 5, tmp_path / "a")
    b, tb = generate(fam, 120, 5, tmp_path / "b")
    assert ta.read_bytes() == tb.read_bytes()
    assert (a / "inspections.csv").read_bytes() == (b / "inspections.csv").read_bytes()
    _, tc = generate(fam, 120, 6, tmp_path / "c")
    assert ta.read_bytes() != tc.read_bytes()


def test_uscc_check_digit() -> None:
    """GB 32100-2015 on a published code: 深圳市腾讯计算机系统有限公司 91440300708461136T."""
    assert uscc("440300", "708461136") == "91440300708461136T"
    assert uscc("440300", "708461137") != "91440300708461137T"
