"""The eleventh held-out generator (bench/foreign11, issue 9): every family writes a bundle the product's loader
accepts, with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same
bytes; the official grade differs in kind (platform-derived, mechanical, none)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import load_generator

from bundle import load_bundle

gen = load_generator("foreign11")

N = 250


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign11")
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
    for name in ("credit_records.csv", "triggers.csv"):
        assert (bundle_dir / name).exists(), name
    assert (bundle_dir / "credit_grades.csv").exists() == (family != "iot_false_alarms")  # one bureau has no grades


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    fams = list(worlds)
    truths = {f: np.sort(pd.read_csv(worlds[f][1])["p_violation"].to_numpy()) for f in fams}
    for i, a in enumerate(fams):
        for b in fams[i + 1:]:
            assert not np.allclose(truths[a], truths[b], atol=1e-3), (a, b)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    fam = "repair_gaming"
    b1, t1 = gen.generate(fam, 120, 5, tmp_path / "a")
    b2, t2 = gen.generate(fam, 120, 5, tmp_path / "a2")
    _, t3 = gen.generate(fam, 120, 6, tmp_path / "c")
    assert t1.read_bytes() == t2.read_bytes()
    for name in ("enterprises.csv", "inspections.csv", "credit_records.csv", "triggers.csv", "credit_grades.csv"):
        assert (b1 / name).read_bytes() == (b2 / name).read_bytes(), name
    assert t1.read_bytes() != t3.read_bytes()


def test_history_shapes_differ_by_family(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Repairs after findings; many sample tests by the 质监站; the faulty vendor's alarm flood."""
    def read(f: str, name: str) -> pd.DataFrame:
        return pd.read_csv(worlds[f][0] / name, dtype=str)

    rec = read("repair_gaming", "credit_records.csv")
    assert (rec["kind"] == "repair").sum() > 3
    assert (read("repair_gaming", "triggers.csv")["kind"] == "enterprise_request").sum() > 3
    lab = read("lab_sampling", "inspections.csv")
    assert (lab["agency_id"] == "zj").mean() > 0.5 and len(lab) > 3 * N
    alarms = read("iot_false_alarms", "triggers.csv")
    assert (alarms["kind"] == "data_monitoring").sum() > N
    lend = read("qualification_lending", "triggers.csv")
    assert (lend["kind"] == "referral").sum() > 5
