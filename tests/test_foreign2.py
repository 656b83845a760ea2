"""The independent bureau generator (bench/foreign2, issue 9): its bundles load, its truth
is complete, and its families stay different. Fast: small bureaus, no scoring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "foreign2"))
from generate import _USCC_CHARS, _USCC_W, FAMILIES, generate, uscc  # noqa: E402

N = 300


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, pd.DataFrame]]:
    base = tmp_path_factory.mktemp("foreign2")
    out = {}
    for fam in FAMILIES:
        bundle, truth = generate(fam, N, 7, base / fam)
        out[fam] = (bundle, pd.read_csv(truth, dtype={"enterprise_id": str}))
    return out


def test_uscc_check_digit_matches_the_standard_example() -> None:
    # GB 32100-2015's published example 91350100M000100Y43, recomputed from its first 17
    code = "91350100M000100Y43"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_W, strict=True))
    assert _USCC_CHARS[(31 - total % 31) % 31] == code[17]
    assert uscc("410302", "12345678")[:8] == "91410302"


@pytest.mark.parametrize("fam", ["complaint_selection", "nonlinear_signs"])
def test_bundle_passes_inspection_validate(worlds, fam: str) -> None:
    """The product's own loader (black box, through its CLI) accepts the bundle."""
    bundle, _ = worlds[fam]
    r = subprocess.run([sys.executable, "-m", "inspection.cli", "validate", str(bundle)],
                       env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert "bundle is valid" in r.stdout


@pytest.mark.parametrize("fam", FAMILIES)
def test_truth_covers_every_enterprise(worlds, fam: str) -> None:
    bundle, truth = worlds[fam]
    ent = pd.read_csv(bundle / "enterprises.csv", dtype=str)
    assert len(ent) == N and ent["enterprise_id"].is_unique
    assert set(truth["enterprise_id"]) == set(ent["enterprise_id"])
    assert truth["p_violation"].between(0, 1, inclusive="neither").all()
    # the truth sits beside the bundle, never inside it
    assert not (bundle / "truth.csv").exists()
    insp = pd.read_csv(bundle / "inspections.csv", dtype=str)
    assert (insp["inspected_on"] < "2027-01-01").all()


def test_families_give_different_truths(worlds) -> None:
    """Same seed, same enterprises: each pair of families must rank them differently."""
    truths = {f: t.set_index("enterprise_id")["p_violation"] for f, (_, t) in worlds.items()}
    fams = list(truths)
    for i, a in enumerate(fams):
        for b in fams[i + 1:]:
            x, y = truths[a], truths[b].reindex(truths[a].index)
            assert np.abs(x - y).max() > 0.05, (a, b)
            assert spearmanr(x, y).statistic < 0.9, (a, b)


def test_families_differ_in_how_history_was_made(worlds) -> None:
    """The structural signatures named in generate.py's docstring."""
    grades = {f: pd.read_csv(b / "credit_grades.csv", dtype=str) for f, (b, _) in worlds.items()}
    insp = {f: pd.read_csv(b / "inspections.csv", dtype=str) for f, (b, _) in worlds.items()}
    assert grades["sparse_heavy"].empty  # no official grades
    assert set(grades["drift_stale"]["rated_on"]) == {"2024-03-15"}  # stale
    assert set(grades["nonlinear_signs"]["rated_on"]) == {"2027-01-15"}  # fresh
    assert grades["group_random"]["rated_on"].str[:4].nunique() == 3  # annual
    # sparse history: far fewer visits than the random-lottery families
    assert len(insp["sparse_heavy"]) < 0.5 * len(insp["group_random"])
    # complaint-driven: most visited firms had a trigger earlier the same year
    b = worlds["complaint_selection"][0]
    trig = pd.read_csv(b / "triggers.csv", dtype=str)
    ci = insp["complaint_selection"]
    had = ci.merge(trig, on="enterprise_id")
    had = had[(had["received_on"] <= had["inspected_on"])
              & (had["received_on"].str[:4] == had["inspected_on"].str[:4])]
    assert had["inspection_id"].nunique() > 0.6 * len(ci)
    # deterrence: rectified violators are less risky now than unrectified ones
    t = worlds["deterrence"][1].set_index("enterprise_id")["p_violation"]
    di = insp["deterrence"]
    viol = di[di["outcome"].isin(["violation", "serious"])]
    rect = viol.groupby("enterprise_id")["rectified"].apply(lambda s: (s == "true").all())
    assert t[rect[rect].index].mean() < t[rect[~rect].index].mean()
