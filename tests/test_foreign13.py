"""The thirteenth held-out generator (bench/foreign13, issue 9): every family writes a bundle the product's loader
accepts, with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same
bytes; the official grade differs in kind (platform-derived, mechanical, none)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_generator
from foreign_contract import check_bundle, check_reproducible, check_truths_differ

gen = load_generator("foreign13")

N = 250


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign13")
    return {fam: gen.generate(fam, N, 3, root / fam) for fam in gen.FAMILIES}


def read(worlds: dict[str, tuple[Path, Path]], family: str, name: str) -> pd.DataFrame:
    return pd.read_csv(worlds[family][0] / name, dtype=str)


def test_six_families_and_harness_names() -> None:
    assert len(gen.FAMILIES) == 6 and len(set(gen.FAMILIES)) == 6
    assert gen.PLAN_YEAR == 2027 and "construction" in gen.SECTORS and "micro" in gen.SIZES


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    check_bundle(*worlds[family], N, files=("credit_records.csv", "triggers.csv"))
    assert (worlds[family][0] / "credit_grades.csv").exists() == (family != "night_noise")  # one has no grades


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    check_truths_differ(worlds)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    check_reproducible(gen, "qualification_upgrade", 120, tmp_path)


def test_history_shapes_differ_by_family(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Qualification applications; rich 质监站 history at handovers; night permits and noise complaints; 应急管理
    referrals; 合同备案 filings."""
    def kinds(family: str) -> pd.Series:
        return read(worlds, family, "triggers.csv")["kind"].value_counts()

    assert kinds("qualification_upgrade").get("enterprise_request", 0) > 10
    defects = read(worlds, "delivery_defects", "inspections.csv")
    assert len(defects) > 8 * N and (defects["agency_id"] == "ly-zjz").mean() > 0.5
    night = kinds("night_noise")
    assert night.get("enterprise_request", 0) > N and night.get("complaint", 0) > N
    assert kinds("injury_claims").get("referral", 0) > 10
    assert kinds("price_squeeze").get("enterprise_request", 0) > 2 * N


def test_grades_differ_in_kind(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Mechanical grades are dated 20 December; the platforms' elsewhere in the year; the insurer rates only the
    insured sectors; the upgrade bureau's mechanical grade is nearly all B."""
    def grades(family: str) -> pd.DataFrame:
        return read(worlds, family, "credit_grades.csv")

    for family in ("qualification_upgrade", "delivery_defects"):
        assert set(grades(family)["rated_on"].str[5:]) == {"12-20"}
    for family in ("court_enforcement", "injury_claims", "price_squeeze"):
        assert "12-20" not in set(grades(family)["rated_on"].str[5:])
    sectors = read(worlds, "injury_claims", "enterprises.csv").set_index("enterprise_id")["sector"]
    assert set(sectors[grades("injury_claims")["enterprise_id"]]) <= {"construction", "municipal", "other"}
    assert (grades("qualification_upgrade")["grade"] == "B").mean() > 0.6
