"""The ninth held-out generator (bench/foreign9, issue 9): every family writes a bundle the product's loader accepts,
with a hidden truth beside it that covers every firm; the families differ; the same seed gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_generator
from foreign_contract import check_bundle, check_reproducible, check_truths_differ

gen = load_generator("foreign9")

N = 250


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign9")
    return {fam: gen.generate(fam, N, 3, root / fam) for fam in gen.FAMILIES}


def test_six_families_and_harness_names() -> None:
    assert len(gen.FAMILIES) == 6 and len(set(gen.FAMILIES)) == 6
    assert gen.PLAN_YEAR == 2027 and "construction" in gen.SECTORS and "micro" in gen.SIZES


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(worlds: dict[str, tuple[Path, Path]], family: str) -> None:
    check_bundle(*worlds[family], N, files=())


def test_families_give_different_truths(worlds: dict[str, tuple[Path, Path]]) -> None:
    check_truths_differ(worlds)


def test_same_seed_same_bytes_other_seed_other_truth(tmp_path: Path) -> None:
    for fam in ('team_habit',):
        check_reproducible(gen, fam, 120, tmp_path)


def test_history_shapes_differ_by_family(worlds: dict[str, tuple[Path, Path]]) -> None:
    """One year of history and no grades for the new bureau; one stale grading for the watchlist and hot streets."""
    def read(f: str, name: str) -> pd.DataFrame | None:
        path = worlds[f][0] / name
        return pd.read_csv(path) if path.exists() else None

    assert read("new_bureau", "credit_grades.csv") is None
    assert set(pd.to_datetime(read("new_bureau", "inspections.csv")["inspected_on"]).dt.year) == {2026}
    assert set(read("watchlist", "credit_grades.csv")["rated_on"]) == {"2024-01-10"}
    assert set(read("hot_streets", "credit_grades.csv")["rated_on"]) == {"2025-06-30"}
