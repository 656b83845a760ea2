"""The eighth held-out generator (bench/foreign8, issue 9): every family writes a bundle the product's loader accepts,
with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_generator
from foreign_contract import check_bundle, check_reproducible, check_truths_differ

gen = load_generator("foreign8")

N = 300


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign8")
    return {fam: gen.generate(fam, N, 4, root / fam) for fam in gen.FAMILIES}


def test_six_new_families_and_harness_names() -> None:
    assert len(gen.FAMILIES) == 6 and len(set(gen.FAMILIES)) == 6
    used = {"linear", "interactions", "firm-effect", "grade-driven", "drift", "sparse", "careless", "annual-grades",
            "group_random", "complaint_selection", "drift_stale", "nonlinear_signs", "sparse_heavy", "deterrence",
            "spring_rating", "gas_campaign", "platform_derived", "developer_distress", "age_nonlinear",
            "thin_history", "derived_quarterly", "stale_census", "fresh_partial", "useless_complaints",
            "regime_shift", "deterrence_nogrades", "campaign", "project_cycle", "platform_sharp", "ushape_noisy",
            "rectify_memory", "provincial_grade", "mechanical_grade", "complaint_led", "site_cycle", "county_sparse"}
    assert not used & set(gen.FAMILIES)
    assert gen.PLAN_YEAR == 2027 and set(gen.SECTORS) >= {"construction", "gas"} and gen.SIZES[0] == "micro"


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    check_bundle(*worlds[family], N, files=('credit_records.csv', 'triggers.csv'))


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    check_truths_differ(worlds)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    for fam in ('off_season', 'credit_backlog'):
        check_reproducible(gen, fam, 150, tmp_path)


def test_family_mechanisms_show_in_the_files(worlds: dict[str, tuple[Path, Path]]) -> None:
    """The mechanisms the docstring promises are in the files: biased visits, bulk records, shared representatives,
    rare violations among many minor findings."""
    def read(fam: str, name: str) -> pd.DataFrame:
        return pd.read_csv(worlds[fam][0] / name, dtype=str)

    ent = read("big_firm_bias", "enterprises.csv")
    visited = ent["enterprise_id"].isin(read("big_firm_bias", "inspections.csv")["enterprise_id"])
    by_size = visited.groupby(ent["size"]).mean()
    assert by_size["large"] > 3 * by_size["micro"]
    rec = read("credit_backlog", "credit_records.csv")
    bulk = rec["note"].fillna("").str.startswith("补录")  # the platform's import; penalties come in as they happen
    assert bulk.mean() > 0.5 and (pd.to_datetime(rec.loc[bulk, "recorded_on"]).dt.month == 12).all()
    ent = read("shared_legal_rep", "enterprises.csv")
    assert ent["legal_representative"].value_counts().max() >= 3
    out = read("rare_violation", "inspections.csv")["outcome"].value_counts(normalize=True)
    assert out.get("violation", 0) + out.get("serious", 0) < 0.1 < out["minor"]
