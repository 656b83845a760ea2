"""R-TIER's rule module (risk/tiers.py) on tiny hand-made records: fast enough to run against every mutant
(`make mutation`, pyproject [tool.mutmut]), each case one that breaks the rule and one that does not.

The example bundle (tests/conftest.py EXAMPLE, plan year 2027) gives the policy; its credit records and grades are
replaced by a few rows per test, so each case shows exactly the record that decides it."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd
import pytest
from conftest import EXAMPLE

from bundle import Bundle, load_bundle
from risk.tiers import dishonest_listed, keep_in_band, legal_tier, model_tier, tier_band

TH = (0.2, 0.3, 0.4)


@pytest.fixture(scope="module")
def example() -> Bundle:
    b = load_bundle(EXAMPLE)
    assert b.year == 2027  # the dates below are written for this plan year
    return b


def records(*rows: tuple[str, str, str, str | None]) -> pd.DataFrame:
    """credit_records.csv rows as the loader types them: (enterprise_id, recorded_on, kind, expires_on)."""
    return pd.DataFrame(
        {
            "enterprise_id": [r[0] for r in rows],
            "recorded_on": pd.to_datetime([r[1] for r in rows]),
            "kind": [r[2] for r in rows],
            "expires_on": pd.to_datetime([r[3] for r in rows]),
            "note": "",
            "_row": range(2, len(rows) + 2),
        }
    )


def grades(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """credit_grades.csv rows: (enterprise_id, grade, rated_on)."""
    return pd.DataFrame(
        {
            "enterprise_id": [r[0] for r in rows],
            "grade": [r[1] for r in rows],
            "rated_on": pd.to_datetime([r[2] for r in rows]),
            "_row": range(2, len(rows) + 2),
        }
    )


def bundle_with(b: Bundle, cr: pd.DataFrame, cg: pd.DataFrame | None = None, thresholds: tuple[float, float, float] = TH) -> Bundle:
    frames = {**b.frames, "credit_records": cr, "credit_grades": grades() if cg is None else cg}
    return dataclasses.replace(b, frames=frames, policy=dataclasses.replace(b.policy, tier_thresholds=thresholds))


# ---- dishonest_listed: which serious-dishonesty listings 严重失信 count for the plan year ----


def test_listing_in_force_counts_and_other_kinds_do_not(example: Bundle) -> None:
    b = bundle_with(
        example,
        records(
            ("E-LISTED", "2024-09-08", "serious_dishonest", None),  # no expiry: in force
            ("E-BAD", "2024-09-08", "bad", None),  # a bad record 失信 is not the list
            ("E-GOOD", "2025-05-10", "good", None),
        ),
    )
    assert dishonest_listed(b) == {"E-LISTED"}


def test_listing_dated_in_january_of_the_plan_year_counts(example: Bundle) -> None:
    """rules.md R-TIER: the bundle is known when the plan is made, so a January listing counts."""
    b = bundle_with(example, records(("E-JAN", "2027-01-15", "serious_dishonest", None)))
    assert dishonest_listed(b) == {"E-JAN"}


@pytest.mark.parametrize(
    ("expires_on", "counts"),
    [
        ("2026-12-31", False),  # expired before the plan year
        ("2027-01-01", True),  # expires on the plan year's first day: still in force that day
        ("2027-01-02", True),
        ("2027-06-30", True),  # expires during the plan year
        ("2030-01-01", True),
    ],
)
def test_listing_counts_unless_it_expires_before_the_plan_year(example: Bundle, expires_on: str, counts: bool) -> None:
    b = bundle_with(example, records(("E1", "2024-09-08", "serious_dishonest", expires_on)))
    assert dishonest_listed(b) == ({"E1"} if counts else set())


@pytest.mark.parametrize(
    ("repaired_on", "counts"),
    [
        ("2024-09-07", True),  # a repair 信用修复 before the listing does not undo a later listing
        ("2024-09-08", False),  # on the listing's day: "on or after it" (rules.md)
        ("2025-03-01", False),
        ("2027-02-01", False),  # a repair dated in the plan year is known to the bundle as well
    ],
)
def test_repair_on_or_after_the_listing_stops_it(example: Bundle, repaired_on: str, counts: bool) -> None:
    b = bundle_with(
        example,
        records(
            ("E1", "2024-09-08", "serious_dishonest", None),
            ("E1", repaired_on, "repair", None),
        ),
    )
    assert dishonest_listed(b) == ({"E1"} if counts else set())


def test_repair_counts_for_its_own_enterprise_and_the_latest_one_decides(example: Bundle) -> None:
    b = bundle_with(
        example,
        records(
            ("E1", "2024-09-08", "serious_dishonest", None),
            ("E2", "2025-01-01", "repair", None),  # another enterprise's repair
            ("E3", "2023-01-01", "repair", None),
            ("E3", "2024-09-08", "serious_dishonest", None),
            ("E3", "2025-06-01", "repair", None),  # an earlier repair, then a later one after the listing
            ("E4", "2025-06-01", "repair", None),
            ("E4", "2026-03-01", "serious_dishonest", None),  # listed again after its repair
        ),
    )
    assert dishonest_listed(b) == {"E1", "E4"}


# ---- model_tier: probability → tier under the policy's tier_thresholds ----


def test_model_tier_cuts_at_each_threshold_inclusive_from_below() -> None:
    p = np.array([0.0, 0.199999, 0.2, 0.299999, 0.3, 0.399999, 0.4, 1.0])
    assert model_tier(p, TH).tolist() == ["A", "A", "B", "B", "C", "C", "D", "D"]
    assert model_tier(np.array([0.25]), (0.1, 0.2, 0.3)).tolist() == ["C"]  # the thresholds given, not a default


# ---- legal_tier: dishonest → D, else the latest official grade, else the model's tier ----


def test_legal_tier_precedence_and_sources(example: Bundle) -> None:
    b = bundle_with(
        example,
        records(
            ("E-LISTED", "2024-09-08", "serious_dishonest", None),
            ("E-LISTED-UNGRADED", "2027-01-15", "serious_dishonest", None),
        ),
        grades(
            ("E-LISTED", "A", "2026-10-31"),  # graded A, but on the list: D
            ("E-GRADED", "D", "2025-01-31"),
            ("E-GRADED", "B", "2026-10-31"),  # the latest grade decides
            ("E-GRADED-LOW", "C", "2026-10-31"),
        ),
    )
    ids = pd.Series(["E-LISTED", "E-GRADED", "E-GRADED-LOW", "E-MODEL", "E-LISTED-UNGRADED", "E-MODEL-HIGH"], index=[9, 8, 7, 6, 5, 4])
    p = [0.05, 0.9, 0.05, 0.25, 0.05, 0.45]
    for scored in ("model", "fallback"):
        tier, source = legal_tier(b, ids, np.array(p), scored)
        assert tier.tolist() == ["D", "B", "C", "B", "D", "D"]
        assert source.tolist() == ["dishonest", "grade", "grade", scored, "dishonest", scored]
        assert tier.dtype.kind == "U"
    # the policy's own thresholds cut the model tier
    tier, _ = legal_tier(bundle_with(example, records(), thresholds=(0.1, 0.2, 0.3)), pd.Series(["E-MODEL"]), np.array([0.25]), "model")
    assert tier.tolist() == ["C"]


def test_legal_tier_without_records_is_the_model_tier(example: Bundle) -> None:
    b = bundle_with(example, records())
    tier, source = legal_tier(b, pd.Series(["E1", "E2", "E3", "E4"]), np.array([0.1, 0.2, 0.35, 0.4]), "model")
    assert tier.tolist() == ["A", "B", "C", "D"] and source.tolist() == ["model"] * 4


# ---- tier_band: the published values (6 decimals) a tier stands for ----


def _neighbours(v: float) -> tuple[float, float]:
    """The published values just below and just above v (the 6-decimal grid, as selection.csv writes it)."""
    k = round(v * 1e6)
    return (k - 1) / 1e6, (k + 1) / 1e6


def _threshold_cases() -> list[tuple[float, float, float]]:
    rng = np.random.default_rng(9)
    cases = [TH, (0.29, 0.35, 0.41), (0.2000005, 0.33, 0.41), (0.05, 0.5, 0.95), (0.000001, 0.5, 0.999999)]
    # a float noise above a grid value (0.29 / 1e-6 = 290000.00000000006) and a threshold a hair above or below one
    cases += [(0.1, 0.29, 0.57), (0.20000000004, 0.30000000004, 0.4), (float(np.nextafter(0.2, 1)), 0.3, float(np.nextafter(0.4, 0)))]
    for _ in range(60):
        a, b, c = np.sort(rng.choice(np.arange(1, 1000), 3, replace=False) / 1000 + rng.uniform(-4e-7, 4e-7, 3))
        cases.append((float(a), float(b), float(c)))
    return cases


@pytest.mark.parametrize("th", _threshold_cases())
def test_tier_band_is_exactly_the_published_values_model_tier_gives_the_tier(th: tuple[float, float, float]) -> None:
    """Both ends belong to the tier (model_tier), the published value just outside each end does not; A starts at 0
    and D ends at 1; the bands follow one another on the grid."""
    bands = [tier_band(t, th) for t in "ABCD"]
    assert bands[0][0] == 0.0 and bands[3][1] == 1.0
    for t, (lo, hi) in zip("ABCD", bands, strict=True):
        assert lo <= hi and model_tier(np.array([lo, hi]), th).tolist() == [t, t]
        below, _ = _neighbours(lo)
        _, above = _neighbours(hi)
        if t != "A":
            assert model_tier(np.array([below]), th)[0] < t
        if t != "D":
            assert model_tier(np.array([above]), th)[0] > t
    for (_, hi), (lo, _) in itertools.pairwise(bands):
        assert _neighbours(hi)[1] == lo


def test_tier_band_exact_values() -> None:
    assert [tier_band(t, TH) for t in "ABCD"] == [(0.0, 0.199999), (0.2, 0.299999), (0.3, 0.399999), (0.4, 1.0)]
    # a threshold a hair above a grid value: that grid value is still below it (model_tier says A)
    assert tier_band("A", (0.20000000004, 0.3, 0.4)) == (0.0, 0.2) and tier_band("B", (0.20000000004, 0.3, 0.4))[0] == 0.200001


# ---- keep_in_band: where the records impose the tier, the score stays in its band ----


def test_keep_in_band_holds_imposed_tiers_and_leaves_scored_ones() -> None:
    p = np.array([0.10, 0.55, 0.35, 0.12, 0.05, 0.25, 0.99, 0.45, 0.33, 0.01, 0.12])
    tier = np.array(["D", "A", "C", "D", "B", "B", "C", "D", "C", "D", "B"])
    source = np.array(["grade", "grade", "grade", "dishonest", "grade", "grade", "dishonest", "model", "model", "fallback", "fallback"])
    before = p.copy()
    out = keep_in_band(p, tier, source, TH)
    # raised to the foot of D's band (0.4 + 0.001·p/0.4), lowered to the top of A's (0.198999 + 0.001·(p − hi)/(1 − hi),
    # hi = 0.199999), left inside C, the listing raised, B raised to its foot and left inside, C lowered to its top;
    # model and fallback tiers untouched even outside their band
    assert out.tolist() == [0.40025, 0.199437, 0.35, 0.4003, 0.20025, 0.25, 0.399982, 0.45, 0.33, 0.01, 0.12]
    assert (p == before).all()  # the caller's array is not changed
    imposed = np.isin(source, ["grade", "dishonest"])
    assert (model_tier(out[imposed], TH) == tier[imposed]).all()


def test_keep_in_band_uses_the_thresholds_given() -> None:
    out = keep_in_band(np.array([0.1, 0.9]), np.array(["C", "B"]), np.array(["grade", "grade"]), (0.05, 0.5, 0.95))
    assert out.tolist() == [0.5002, 0.499799]  # 0.5 + 0.001·0.1/0.5; 0.498999 + 0.001·(0.9 − 0.499999)/0.500001


def test_keep_in_band_returns_probabilities_for_whole_number_input() -> None:
    """A score given as integers (0 or 1: certain) still comes back as a probability inside the band, not truncated."""
    out = keep_in_band(np.array([0, 1]), np.array(["D", "A"]), np.array(["dishonest", "grade"]), TH)
    assert out.dtype == float and out.tolist() == [0.4, 0.199999]


def test_keep_in_band_keeps_the_model_order_among_moved_scores() -> None:
    """区间内保持模型排序 (bench/prereg16.md): scores the band moves keep the model's order strictly where they
    differ by more than a thousandth of the floor below it, or of 1 − the ceiling above it, instead of tying at the edge
    (clipped, foreign17's 893 graded-B firms of one bureau all published 0.2 and the top 20% was cut among tied firms
    in file order)."""
    # 40 scores each side, a hundredth or more apart: more than a thousandth of the floor (0.2) or of 1 − ceiling (0.7)
    low, high = np.linspace(0.001, 0.199, 40), np.linspace(0.31, 1.0, 40)
    for p, edge in ((low, "foot"), (high, "top")):
        out = keep_in_band(p, np.full(len(p), "B"), np.full(len(p), "grade"), TH)
        assert (np.diff(out) > 0).all(), edge
        lo, hi = tier_band("B", TH)
        assert ((lo <= out) & (out <= hi)).all(), edge
        # within BAND_EDGE of its edge: a moved score still reads as the band's floor or ceiling
        assert (out < lo + 0.001).all() if edge == "foot" else (out > hi - 0.001).all()


def test_keep_in_band_keeps_scores_inside_a_band_narrower_than_its_edge() -> None:
    """A band narrower than two BAND_EDGEs (thresholds 0.2 and 0.200002: B is 0.2 … 0.200001) takes half its width
    as the edge: every moved score is still published inside it, on the 6-decimal grid."""
    th = (0.2, 0.200002, 0.4)
    lo, hi = tier_band("B", th)
    out = keep_in_band(np.array([0.0, 0.1, 0.1999, 0.3, 0.9, 1.0]), np.full(6, "B"), np.full(6, "grade"), th)
    assert ((lo <= out) & (out <= hi)).all() and (np.round(out, 6) == out).all()


def test_percent_exact_prints_every_decimal_of_the_grid() -> None:
    """A published score with every decimal it has on the 6-decimal grid, none more: never rounded across a threshold."""
    from risk.tiers import percent_exact

    assert [percent_exact(x) for x in (0.2, 0.255, 0.399999, 0.4, 1.0, 0.0)] == ["20%", "25.5%", "39.9999%", "40%", "100%", "0%"]


def test_percent_beside_stays_on_each_side_of_what_it_is_read_beside() -> None:
    """A whole percent where that stays true, else as many decimals as it takes (up to 4) to stay on the same side of
    every value given: 29.75% beside 30% is "29.8%", 39.996% beside 40% is "39.996%"; 29.6% alone is "30%"."""
    from risk.tiers import percent_beside

    assert percent_beside(0.296) == "30%" and percent_beside(0.296, 0.2, 0.4) == "30%"
    assert percent_beside(0.2975, 0.3) == "29.8%" and percent_beside(0.39996, 0.4) == "39.996%"
    assert percent_beside(0.3, 0.3) == "30%" and percent_beside(0.30004, 0.3, 0.4) == "30%"
    assert percent_beside(0.299999, 0.2, 0.3, 0.4) == "29.9999%"
