"""The foreign bureau generator (bench/foreign, issue 9's held-out worlds): its bundles load, its truth
is whole, and its families really differ in structure. No scoring here (that is bench/foreign/run.py)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from bundle import load_bundle

FOREIGN = Path(__file__).resolve().parents[1] / "bench" / "foreign"


def _load(name: str) -> ModuleType:
    """bench/foreign's scripts under names of their own (no bare `run`/`generate` on sys.path)."""
    spec = importlib.util.spec_from_file_location(f"foreign_{name}", FOREIGN / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module while the class is built
    spec.loader.exec_module(module)
    return module


_generate = _load("generate")
FAMILIES, generate, uscc = _generate.FAMILIES, _generate.generate, _generate.uscc
top_lift = _load("run").top_lift


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("foreign")
    return {f: generate(f, 300, 7, root / f).parent for f in FAMILIES}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_bundle_loads_and_truth_covers_every_enterprise(small: dict[str, Path], family: str) -> None:
    where = small[family]
    bundle = load_bundle(where / "bundle")  # raises BundleInvalid with every problem if not valid
    assert bundle.policy.year == 2027
    ent = pd.read_csv(where / "bundle" / "enterprises.csv", dtype=str)
    truth = pd.read_csv(where / "truth.csv", dtype={"enterprise_id": str})
    assert len(ent) == 300
    assert sorted(truth["enterprise_id"]) == sorted(ent["enterprise_id"])
    assert truth["p_violation"].between(0, 1, inclusive="neither").all()
    assert not (where / "bundle" / "truth.csv").exists()  # the truth sits beside the bundle, never in it
    ins = pd.read_csv(where / "bundle" / "inspections.csv", dtype=str)
    assert (ins["inspected_on"] < "2027-01-01").all() and (ins["inspected_on"] >= "2024-01-01").all()


def test_credit_code_check_digit() -> None:
    # a real published code (GB 32100-2015 example: 91350100M000100Y43) keeps its check character
    assert uscc("350100", "M000100Y") == "91350100M000100Y43"


def _signature(where: Path) -> np.ndarray:
    """How the hidden truth relates to what a bundle shows: one number per structural trait."""
    b = where / "bundle"
    ent = pd.read_csv(b / "enterprises.csv", dtype=str)
    p = pd.read_csv(where / "truth.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")["p_violation"]
    p = p.reindex(ent["enterprise_id"]).to_numpy()
    ins = pd.read_csv(b / "inspections.csv", dtype=str)
    trig = pd.read_csv(b / "triggers.csv", dtype=str)
    per = ins.groupby("enterprise_id").size().reindex(ent["enterprise_id"]).fillna(0).to_numpy()
    viol = ins[ins["outcome"].isin(["violation", "serious"])].groupby("enterprise_id").size()
    minor = ins[ins["outcome"] == "minor"].groupby("enterprise_id").size()
    ntrig = trig.groupby("enterprise_id").size().reindex(ent["enterprise_id"]).fillna(0).to_numpy()
    age = (pd.Timestamp("2027-01-01") - pd.to_datetime(ent["established_on"])).dt.days.to_numpy()
    rho = [
        spearmanr(p, x).statistic
        for x in (
            per,  # selection of past visits on risk
            viol.reindex(ent["enterprise_id"]).fillna(0).to_numpy(),
            minor.reindex(ent["enterprise_id"]).fillna(0).to_numpy(),
            ntrig,
            age,
            ent["remote_monitoring"].eq("true").to_numpy(),
            pd.to_numeric(ent["employees"], errors="coerce").fillna(0).to_numpy(),
        )
    ]
    grades_file = b / "credit_grades.csv"
    grade_rho, grade_age = 0.0, 0.0
    if grades_file.exists():
        gr = pd.read_csv(grades_file, dtype=str).sort_values("rated_on").groupby("enterprise_id").last()
        rated = gr.reindex(ent["enterprise_id"])
        has = rated["grade"].notna().to_numpy()
        grade_rho = spearmanr(p[has], rated["grade"][has].map({"A": 0, "B": 1, "C": 2, "D": 3})).statistic
        grade_age = float((pd.Timestamp("2027-01-01") - pd.to_datetime(rated["rated_on"][has])).dt.days.mean() / 365)
    by_sector = pd.Series(p).groupby(ent["sector"].to_numpy()).mean()
    return np.array([*rho, grade_rho, grade_age, by_sector.std() / p.mean(), len(ins) / len(ent), grades_file.exists()])


def test_families_differ_in_structure(tmp_path: Path) -> None:
    """Every two families differ clearly in some trait; two seeds of one family do not (the control
    that shows the threshold is above seed noise, so this fails if two families become one)."""
    sig = {f: _signature(generate(f, 1500, 11, tmp_path / f).parent) for f in FAMILIES}
    gap = {(a, b): float(np.max(np.abs(sig[a] - sig[b]))) for a, b in itertools.combinations(FAMILIES, 2)}
    assert min(gap.values()) > 0.2, sorted(gap.items(), key=lambda kv: kv[1])[:3]
    for f in ("group_careless", "volatile_firms"):  # the two closest in design: same selection and grades
        again = _signature(generate(f, 1500, 12, tmp_path / f"{f}-again").parent)
        assert float(np.max(np.abs(again - sig[f]))) < 0.2


def test_top_lift_shares_ties_and_reaches_the_oracle() -> None:
    rng = np.random.default_rng(0)
    truth = rng.uniform(0.01, 0.5, 1000)
    assert top_lift(np.zeros(1000), truth) == pytest.approx(1.0)  # one big tie: a random 20%
    best = top_lift(truth, truth)
    assert best == pytest.approx(np.sort(truth)[::-1][:200].sum() / truth.sum() / 0.2)
    assert top_lift(-truth, truth) < 1.0 < best
    coarse = np.round(truth, 1)  # ties at the cut are shared, not ordered by position
    assert top_lift(coarse, truth) == pytest.approx(top_lift(coarse[::-1].copy(), truth[::-1].copy()))
