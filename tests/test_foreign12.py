"""The twelfth held-out generator (bench/foreign12, issue 9): every family writes a bundle the product's loader
accepts, with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same
bytes; the official grade differs in kind (platform-derived, mechanical, none)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_generator
from foreign_contract import check_bundle, check_reproducible, check_truths_differ

gen = load_generator("foreign12")

N = 250


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign12")
    return {fam: gen.generate(fam, N, 3, root / fam) for fam in gen.FAMILIES}


def read(worlds: dict[str, tuple[Path, Path]], family: str, name: str) -> pd.DataFrame:
    return pd.read_csv(worlds[family][0] / name, dtype=str)


def test_six_families_and_harness_names() -> None:
    assert len(gen.FAMILIES) == 6 and len(set(gen.FAMILIES)) == 6
    assert gen.PLAN_YEAR == 2027 and "construction" in gen.SECTORS and "micro" in gen.SIZES


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    check_bundle(*worlds[family], N, files=("credit_records.csv", "triggers.csv"))
    assert (worlds[family][0] / "credit_grades.csv").exists() == (family != "tower_crane_fleet")  # one has no grades


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    check_truths_differ(worlds)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    check_reproducible(gen, "plant_relocation", 120, tmp_path)


def test_history_shapes_differ_by_family(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Wage complaints around 春节; waived first offences read minor; quarterly-or-better property checks; crane
    filings; relocation filings; 人社 referrals."""
    wage = read(worlds, "wage_arrears", "triggers.csv")
    months = pd.to_datetime(wage.loc[wage["kind"] == "complaint", "received_on"]).dt.month
    assert months.isin([12, 1, 2]).mean() > 0.4  # three months of twelve hold the 讨薪 rush
    waived = read(worlds, "first_offence_waiver", "inspections.csv")
    late = pd.to_datetime(waived["inspected_on"]) >= pd.Timestamp("2025-03-01")
    assert (waived.loc[late, "outcome"] == "minor").mean() > 2 * waived.loc[late, "outcome"].isin(
        ["violation", "serious"]).mean()
    estates = read(worlds, "old_estate_fund", "inspections.csv")
    assert len(estates) > 8 * N and (estates["agency_id"] == "fgb").mean() > 0.5
    cranes = read(worlds, "tower_crane_fleet", "triggers.csv")
    assert (cranes["kind"] == "enterprise_request").sum() > N
    moves = read(worlds, "plant_relocation", "triggers.csv")
    assert (moves["kind"] == "enterprise_request").sum() > 3
    assert (read(worlds, "understaffed", "triggers.csv")["kind"] == "referral").sum() > 10


def test_grades_differ_in_kind(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Mechanical grades are dated in December, the platform's elsewhere in the year; the waiver bureau's mechanical
    grade is nearly all B (its records hide the risk)."""
    def months(family: str) -> set[int]:
        return set(pd.to_datetime(read(worlds, family, "credit_grades.csv")["rated_on"]).dt.month)

    assert months("first_offence_waiver") == {12} and months("old_estate_fund") == {12}
    assert 12 not in months("wage_arrears") | months("plant_relocation") | months("understaffed")
    assert (read(worlds, "first_offence_waiver", "credit_grades.csv")["grade"] == "B").mean() > 0.6
