"""The sixteenth held-out generator (bench/foreign16, issue 9): every family writes a bundle the product's loader
accepts, with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same
bytes; the whole format is filled; the official grade differs in kind (platform-derived, mechanical, self-declared,
none)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_generator
from foreign_contract import check_bundle, check_reproducible, check_truths_differ

gen = load_generator("foreign16")

N = 250


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign16")
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
    assert (worlds[family][0] / "credit_grades.csv").exists() == (family != "rural_craftsmen")


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_whole_format_filled(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    """Every trigger kind, a rectified column with true, false and blank, some blank register cells."""
    kinds = set(read(worlds, family, "triggers.csv")["kind"])
    assert kinds == {"complaint", "referral", "data_monitoring", "enterprise_request"}
    insp = read(worlds, family, "inspections.csv")
    assert {"true", "false", ""} <= set(insp["rectified"])
    ent = read(worlds, family, "enterprises.csv")
    assert (ent["address"] == "").any() and (ent["lat"] == "").any() and (ent["employees"] == "").any()
    assert "_town" not in ent.columns


def test_every_credit_record_kind_at_a_larger_size(tmp_path: Path) -> None:
    for family in gen.FAMILIES:
        bundle, _ = gen.generate(family, 1500, 1, tmp_path / family)
        recs = pd.read_csv(bundle / "credit_records.csv", dtype=str, keep_default_na=False)
        assert set(recs["kind"]) == {"commendation", "good", "bad", "serious_dishonest", "repair"}, family
        assert (recs["expires_on"] == "").any(), family


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    check_truths_differ(worlds)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    check_reproducible(gen, "bid_rings", 120, tmp_path)


def test_grades_differ_in_kind(worlds: dict[str, tuple[Path, Path]]) -> None:
    """Platforms rate in May (卫健) and March (公共资源交易); the bureau's points rule each December; the
    self-declared 信用承诺 once, in March 2024."""
    def dates(family: str) -> set[str]:
        return set(read(worlds, family, "credit_grades.csv")["rated_on"])

    assert {d[5:] for d in dates("water_tanks")} == {"05-18"}
    assert {d[5:] for d in dates("bid_rings")} == {"03-25"}
    assert {d[5:] for d in dates("sensor_tampering")} == {"12-12"}
    assert {d[5:] for d in dates("third_party_patrol")} == {"12-20"}
    assert dates("cylinder_tracing") == {"2024-03-20"}
    self_declared = read(worlds, "cylinder_tracing", "credit_grades.csv")["grade"]
    assert self_declared.isin(["A", "B"]).mean() > 0.8  # firms rate themselves well


def test_family_traces(worlds: dict[str, tuple[Path, Path]]) -> None:
    """The gas office's firms are mostly LPG suppliers; the county bureau's teams are mostly micro; the 扬尘 bureau's
    monitors alarm."""
    ent = read(worlds, "cylinder_tracing", "enterprises.csv")
    assert ent["sector"].isin(["gas", "other"]).mean() > 0.6
    assert (read(worlds, "rural_craftsmen", "enterprises.csv")["size"] == "micro").mean() > 0.5
    kinds = read(worlds, "sensor_tampering", "triggers.csv")["kind"].value_counts()
    assert kinds["data_monitoring"] > kinds["complaint"]
