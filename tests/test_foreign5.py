"""bench/foreign5's held-out bureaus (issue 9) load with the product's loader and carry a usable truth."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import load_generator

from bundle import load_bundle

gen = load_generator("foreign5")

N = 300


@pytest.fixture(scope="module")
def bureaus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("foreign5")
    return {f: gen.generate(f, N, 1, root / f) for f in gen.FAMILIES}


def test_at_least_five_families() -> None:
    assert len(set(gen.FAMILIES)) >= 5


@pytest.mark.parametrize("family", gen.FAMILIES)
def test_bundle_loads_and_truth_covers_every_firm(bureaus: dict[str, tuple[Path, Path]], family: str) -> None:
    bundle_dir, truth_path = bureaus[family]
    assert truth_path.parent != bundle_dir and not (bundle_dir / "truth.csv").exists()  # hidden, not uploaded
    load_bundle(bundle_dir)  # raises on any contract error
    ent = pd.read_csv(bundle_dir / "enterprises.csv", dtype=str)
    truth = pd.read_csv(truth_path, dtype={"enterprise_id": str})
    assert len(ent) == N and set(truth["enterprise_id"]) == set(ent["enterprise_id"])
    p = truth["p_violation"].to_numpy()
    assert ((p > 0) & (p < 1)).all()
    insp = pd.read_csv(bundle_dir / "inspections.csv", dtype=str)
    assert (insp["inspected_on"] < f"{gen.PLAN_YEAR}-01-01").all()  # history before the plan year


def test_check_digit_is_gb32100() -> None:
    # the contract's example bundle holds valid codes: the 18th character must be recomputed from the 17 before it
    ids = pd.read_csv(gen.SPEC_EXAMPLE / "enterprises.csv", dtype=str)["enterprise_id"]
    assert all(gen.credit_code(c[:17]) == c for c in ids)
    assert gen.credit_code("91140105ABCDEFGH1")[-1] != gen.credit_code("91140105ABCDEFGH2")[-1]


def test_families_differ_in_truth(bureaus: dict[str, tuple[Path, Path]]) -> None:
    truths = {f: pd.read_csv(t)["p_violation"].to_numpy() for f, (_, t) in bureaus.items()}
    fams = list(truths)
    for i, a in enumerate(fams):
        for b in fams[i + 1:]:
            assert not np.allclose(truths[a], truths[b]), f"{a} and {b} give the same truth"


def test_same_seed_same_bureau(tmp_path: Path) -> None:
    a = gen.generate("stale_census", 120, 7, tmp_path / "a")
    b = gen.generate("stale_census", 120, 7, tmp_path / "b")
    assert (a[0] / "inspections.csv").read_bytes() == (b[0] / "inspections.csv").read_bytes()
    assert a[1].read_bytes() == b[1].read_bytes()
