"""The fifteenth held-out generator (bench/foreign15, issue 9): every family writes a bundle the product's loader
accepts, with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same
bytes; the whole format is filled; the official grade differs in kind (platform-derived, mechanical, none)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_generator
from foreign_contract import check_bundle, check_reproducible, check_truths_differ

gen = load_generator("foreign15")

N = 250


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign15")
    return {fam: gen.generate(fam, N, 3, root / fam) for fam in gen.FAMILIES}


def read(worlds: dict[str, tuple[Path, Path]], family: str, name: str) -> pd.DataFrame:
    return pd.read_csv(worlds[family][0] / name, dtype=str, keep_default_na=False)


def test_six_families_and_harness_names() -> None:
    assert len(gen.FAMILIES) == 6 and len(set(gen.FAMILIES)) == 6
    assert gen.PLAN_YEAR == 2027 and "construction" in gen.SECTORS and "micro" in gen.SIZES


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    check_bundle(*worlds[family], N, files=("credit_records.csv", "triggers.csv", "unavailability.csv",
                                            "recusals.csv"))
    assert (worlds[family][0] / "credit_grades.csv").exists() == (family != "liability_insurance")


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_whole_format_filled(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    """Every trigger kind, a rectified column with true, false and blank, some blank register cells."""
    kinds = set(read(worlds, family, "triggers.csv")["kind"])
    assert kinds == {"complaint", "referral", "data_monitoring", "enterprise_request"}
    insp = read(worlds, family, "inspections.csv")
    assert {"true", "false", ""} <= set(insp["rectified"])
    ent = read(worlds, family, "enterprises.csv")
    assert (ent["address"] == "").any() and (ent["lat"] == "").any() and (ent["employees"] == "").any()


def test_every_credit_record_kind_at_a_larger_size(tmp_path: Path) -> None:
    for family in gen.FAMILIES:
        bundle, _ = gen.generate(family, 1200, 1, tmp_path / family)
        recs = pd.read_csv(bundle / "credit_records.csv", dtype=str, keep_default_na=False)
        assert set(recs["kind"]) == {"commendation", "good", "bad", "serious_dishonest", "repair"}, family
        assert (recs["expires_on"] == "").any(), family


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    check_truths_differ(worlds)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    check_reproducible(gen, "guarantee_chain", 120, tmp_path)


def test_grades_differ_in_kind(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Mechanical grades dated 15 December; the platforms' in April (特种设备), October (社保比对), June (交管)."""
    def dates(family: str) -> set[str]:
        return set(read(worlds, family, "credit_grades.csv")["rated_on"].str[5:])

    assert dates("guarantee_chain") == dates("deep_excavation") == {"12-15"}
    assert dates("elevator_contractors") == {"04-20"}
    assert dates("certificate_renting") == {"10-15"}
    assert dates("muck_haulers") == {"06-10"}


def test_family_traces(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Renters churn their registered staff (人员变更 requests); the muck bureau's firms are mostly 渣土 haulers."""
    ent = read(worlds, "muck_haulers", "enterprises.csv")
    assert (ent["sector"] == "other").mean() > 0.3
    reqs = read(worlds, "certificate_renting", "triggers.csv")["kind"].value_counts()
    assert reqs["enterprise_request"] > reqs["complaint"]
