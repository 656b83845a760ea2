"""The tenth held-out generator (bench/foreign10, issue 9): every family writes a bundle the product's loader accepts,
with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import load_generator

from bundle import load_bundle

gen = load_generator("foreign10")

N = 250


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign10")
    return {fam: gen.generate(fam, N, 3, root / fam) for fam in gen.FAMILIES}


def test_six_families_and_harness_names() -> None:
    assert len(gen.FAMILIES) == 6 and len(set(gen.FAMILIES)) == 6
    assert gen.PLAN_YEAR == 2027 and "construction" in gen.SECTORS and "micro" in gen.SIZES


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    bundle_dir, truth_path = worlds[family]
    assert truth_path.parent != bundle_dir and not (bundle_dir / "truth.csv").exists()  # beside, not inside
    b = load_bundle(bundle_dir)
    assert b.year == 2027
    ents = set(b.enterprises["enterprise_id"].astype(str))
    assert len(ents) == N
    truth = pd.read_csv(truth_path, dtype={"enterprise_id": str})
    assert set(truth["enterprise_id"]) == ents and truth["enterprise_id"].is_unique
    p = truth["p_violation"].to_numpy()
    assert ((p > 0) & (p < 1)).all()
    insp = pd.read_csv(bundle_dir / "inspections.csv")
    years = pd.to_datetime(insp["inspected_on"]).dt.year
    assert len(insp) > 0 and (years < 2027).all() and years.min() >= 2024
    for name in ("credit_records.csv", "triggers.csv", "credit_grades.csv"):  # the harness's LR reads them all
        assert (bundle_dir / name).exists(), name


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    fams = list(worlds)
    truths = {f: np.sort(pd.read_csv(worlds[f][1])["p_violation"].to_numpy()) for f in fams}
    for i, a in enumerate(fams):
        for b in fams[i + 1:]:
            assert not np.allclose(truths[a], truths[b], atol=1e-3), (a, b)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    fam = "subcontract_chain"
    b1, t1 = gen.generate(fam, 120, 5, tmp_path / "a")
    b2, t2 = gen.generate(fam, 120, 5, tmp_path / "a2")
    _, t3 = gen.generate(fam, 120, 6, tmp_path / "c")
    assert t1.read_bytes() == t2.read_bytes()
    for name in ("enterprises.csv", "inspections.csv", "credit_records.csv", "triggers.csv", "credit_grades.csv"):
        assert (b1 / name).read_bytes() == (b2 / name).read_bytes(), name
    assert t1.read_bytes() != t3.read_bytes()


def test_history_shapes_differ_by_family(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Desk checks under their own agency; the credit burst on three days; the chain's same-day joint visits."""
    def read(f: str, name: str) -> pd.DataFrame:
        return pd.read_csv(worlds[f][0] / name, dtype=str)

    assert (read("desk_checks", "inspections.csv")["agency_id"] == "sz").mean() > 0.2
    assert (read("credit_burst", "inspections.csv")["agency_id"] != "sz").all()
    burst = read("credit_burst", "credit_records.csv")
    assert burst["note"].str.startswith("专项整治").sum() > 20
    assert set(burst.loc[burst["note"].str.startswith("专项整治"), "recorded_on"]) <= {
        "2026-08-18", "2026-08-19", "2026-09-22"}
    chain = read("subcontract_chain", "inspections.csv")
    joint = chain.groupby(["inspected_on", "officer_ids"])["enterprise_id"].nunique()
    assert (joint >= 2).sum() > 10
    asks = read("deadline_rush", "triggers.csv")
    assert (asks["kind"] == "enterprise_request").sum() > 5
