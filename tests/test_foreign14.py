"""The fourteenth held-out generator (bench/foreign14, issue 9): every family writes a bundle the product's loader
accepts, with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same
bytes; the whole format is filled; the official grade differs in kind (platform-derived, mechanical, none)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_generator
from foreign_contract import check_bundle, check_reproducible, check_truths_differ

gen = load_generator("foreign14")

N = 250


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign14")
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
    assert (worlds[family][0] / "credit_grades.csv").exists() == (family != "prefab_learning")  # one has no grades


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_whole_format_filled(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    """Every trigger kind, a rectified column with true, false and blank, some blank register cells."""
    kinds = set(read(worlds, family, "triggers.csv")["kind"])
    assert kinds == {"complaint", "referral", "data_monitoring", "enterprise_request"}
    insp = read(worlds, family, "inspections.csv")
    assert {"true", "false", ""} <= set(insp["rectified"])
    ent = read(worlds, family, "enterprises.csv")
    assert (ent["address"] == "").any() and (ent["lat"] == "").any()


def test_every_credit_record_kind_at_a_larger_size(tmp_path: Path) -> None:
    for family in gen.FAMILIES:
        bundle, _ = gen.generate(family, 1200, 1, tmp_path / family)
        kinds = set(pd.read_csv(bundle / "credit_records.csv", dtype=str)["kind"])
        assert kinds == {"commendation", "good", "bad", "serious_dishonest", "repair"}, family


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    check_truths_differ(worlds)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    check_reproducible(gen, "lax_supervisor", 120, tmp_path)


def test_family_traces(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Outside firms carry another region in their credit code; the supervisor bureau's project visits pair firms on
    the same day and crew; self-reports flood the enrolled firms' requests."""
    out = read(worlds, "outside_firms", "enterprises.csv")
    foreign = out["enterprise_id"].str[2:8] != out["district_code"]
    assert 0.2 < foreign.mean() < 0.5 and out.loc[foreign, "name"].str.contains("绍兴分公司").all()
    lax = read(worlds, "lax_supervisor", "inspections.csv")
    assert lax.duplicated(["inspected_on", "officer_ids"]).mean() > 0.2
    reqs = read(worlds, "self_reporting", "triggers.csv")["kind"].value_counts()
    assert reqs["enterprise_request"] > 2 * reqs["complaint"]


def test_grades_differ_in_kind(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Mechanical grades dated 18 December; platforms' elsewhere in the year; the 双重预防 platform rates only enrolled
    firms; the key-project bureau's mechanical grade puts most firms in A."""
    def grades(family: str) -> pd.DataFrame:
        return read(worlds, family, "credit_grades.csv")

    for family in ("key_projects", "lax_supervisor"):
        assert set(grades(family)["rated_on"].str[5:]) == {"12-18"}
    for family in ("fee_collection", "outside_firms", "self_reporting"):
        assert "12-18" not in set(grades(family)["rated_on"].str[5:])
    assert grades("self_reporting")["enterprise_id"].nunique() < 0.8 * N
    assert (grades("key_projects")["grade"] == "A").mean() > 0.5
