"""The eleventh held-out generator (bench/foreign11, issue 9): every family writes a bundle the product's loader
accepts, with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same
bytes; the official grade differs in kind (platform-derived, mechanical, none)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_generator
from foreign_contract import check_bundle, check_reproducible, check_truths_differ

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
    check_bundle(*worlds[family], N, files=("credit_records.csv", "triggers.csv"))
    assert (worlds[family][0] / "credit_grades.csv").exists() == (family != "iot_false_alarms")  # one bureau has no grades


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    check_truths_differ(worlds)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    check_reproducible(gen, "repair_gaming", 120, tmp_path)


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
