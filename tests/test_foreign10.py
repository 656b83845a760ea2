"""The tenth held-out generator (bench/foreign10, issue 9): every family writes a bundle the product's loader accepts,
with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_generator
from foreign_contract import check_bundle, check_reproducible, check_truths_differ

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
    check_bundle(*worlds[family], N, files=('credit_records.csv', 'triggers.csv', 'credit_grades.csv'))


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    check_truths_differ(worlds)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    for fam in ('subcontract_chain',):
        check_reproducible(gen, fam, 120, tmp_path)


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
