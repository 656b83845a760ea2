"""What every held-out generator (bench/foreignN/generate.py, issue 9) owes the harness, checked the same way for each:
the bundle loads with the product's loader, the hidden truth sits beside it and covers every firm, the families hide
different truths, the same seed gives the same bytes. Each tests/test_foreignN.py adds its families' own mechanisms."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

from bundle import load_bundle


def check_bundle(bundle_dir: Path, truth_path: Path, n: int, files: tuple[str, ...] = ()) -> None:
    """Loads as a 2027 bundle of n firms; truth.csv beside it, one probability in (0, 1) per firm, not all equal;
    history from 2024 to before the plan year; `files` present (the harness's LR reads them)."""
    assert truth_path.parent != bundle_dir and not (bundle_dir / "truth.csv").exists()  # beside, not inside
    b = load_bundle(bundle_dir)
    assert b.year == 2027
    ents = set(b.enterprises["enterprise_id"].astype(str))
    assert len(ents) == n
    truth = pd.read_csv(truth_path, dtype={"enterprise_id": str})
    assert set(truth["enterprise_id"]) == ents and truth["enterprise_id"].is_unique
    p = truth["p_violation"].to_numpy()
    assert ((p > 0) & (p < 1)).all() and p.std() > 0.005
    years = pd.to_datetime(pd.read_csv(bundle_dir / "inspections.csv")["inspected_on"]).dt.year
    assert len(years) > 0 and years.max() < 2027 and years.min() >= 2024
    for name in files:
        assert (bundle_dir / name).exists(), name


def check_truths_differ(worlds: dict[str, tuple[Path, Path]]) -> None:
    """No two families hide the same distribution of truths."""
    fams = list(worlds)
    truths = {f: np.sort(pd.read_csv(worlds[f][1])["p_violation"].to_numpy()) for f in fams}
    for i, a in enumerate(fams):
        for b in fams[i + 1:]:
            assert not np.allclose(truths[a], truths[b], atol=1e-3), (a, b)


def check_reproducible(gen: ModuleType, family: str, n: int, tmp: Path) -> None:
    """The same seed gives the same bytes (every file but policy.json, whose seed names the output folder); another
    seed another truth."""
    b1, t1 = gen.generate(family, n, 5, tmp / family / "a")
    b2, t2 = gen.generate(family, n, 5, tmp / family / "b")
    _, t3 = gen.generate(family, n, 6, tmp / family / "c")
    assert t1.read_bytes() == t2.read_bytes() and t1.read_bytes() != t3.read_bytes()
    for f in sorted(b1.iterdir()):
        if f.name != "policy.json":
            assert f.read_bytes() == (b2 / f.name).read_bytes(), f.name
