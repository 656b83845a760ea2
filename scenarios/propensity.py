"""Families of hidden violation propensity 隐含违法倾向, for testing the risk model on worlds
it was not tuned on (`inspection scenario --propensity FAMILY`).

Each family says how the hidden truth is made from an enterprise's traits, how it moves
across the history years, how often past plans visited, and how sharp the official
grades are. `linear` is the generator's original world, draw for draw: without
`--propensity` (or with `linear`) the files are byte-identical to before.

| family | what is hidden |
|---|---|
| linear | sector + size + young + no monitoring + district + noise (σ 0.75), additive in log-odds |
| interactions | the same traits, but acting through products (sector × size, young × no monitoring, district × sector) |
| firm-effect | a firm's own effect dominates (σ 1.5); traits count a third as much: only its history tells |
| grade-driven | weak traits, strong firm effect, and official grades for 70% of firms that track the truth closely |
| drift | the sector effects move year on year (some rise, some fall); the truth is the plan year's |
| sparse | past plans visited a third as often, and fewer credit records: a thin history |
| careless | the linear truth, but a minor finding follows it: where no violation is found, a careless firm is likelier to show a minor one (the issue's bundles, where "a minor finding predicts the next violation as well as a violation does"); elsewhere minor findings fall as the propensity rises |
| annual-grades | the linear truth, but the platform re-rates its graded firms every 31 October, from that year's noisy view: a third of the past inspections see a grade at their date (elsewhere 2–4.5%, one rating a year before the plan), so the model can learn the grade's weight itself and the band's past test (risk.score.past_evidence) has graded inspections to judge it by |

The truth written to truth.csv is always the plan year's propensity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# appended, never inserted: a family's random stream is seeded by its index
FAMILIES = ("linear", "interactions", "firm-effect", "grade-driven", "drift", "sparse", "careless", "annual-grades")


@dataclass(frozen=True)
class Traits:
    """What the truth may depend on, one array per enterprise (all observable but the noise)."""

    sector: np.ndarray
    size: np.ndarray
    young: np.ndarray  # under 3 years old
    remote: np.ndarray
    district: np.ndarray
    sector_effect: np.ndarray
    size_effect: np.ndarray
    district_effect: np.ndarray
    noise: np.ndarray  # standard normal, the firm's own unobserved effect


@dataclass
class Propensity:
    """One family: the plan year's log-odds, the history years' log-odds, and how the bureau observed them."""

    family: str
    seed: int
    visit_scale: float = 1.0  # × the past plans' visit rate
    credit_scale: float = 1.0  # × the rate of bad credit records
    graded_share: float = 0.4  # firms with an official grade
    grade_noise: float = 0.06  # noise of the credit platform's view of the truth (probability scale)
    annual_grades: bool = False  # graded firms re-rated every history year, not once a year before the plan

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"unknown propensity family {self.family!r}: one of {', '.join(FAMILIES)}")
        # draws of its own, so that the base world's random stream is left exactly as it was
        self.rng = np.random.default_rng([self.seed, FAMILIES.index(self.family), 9])
        if self.family == "sparse":
            self.visit_scale, self.credit_scale = 0.3, 0.5
        elif self.family == "grade-driven":
            self.graded_share, self.grade_noise = 0.7, 0.015
        elif self.family == "annual-grades":
            self.annual_grades = True
        self._year_shift: dict[int, np.ndarray] = {}

    def logit(self, t: Traits) -> np.ndarray:
        """The plan year's hidden log-odds."""
        base = t.sector_effect + t.size_effect + np.where(t.young, 0.45, 0.0) - np.where(t.remote, 0.35, 0.0) + t.district_effect
        f = self.family
        if f in ("linear", "sparse", "drift", "careless", "annual-grades"):
            # the original generator's expression, term for term (same floating-point sums, same files)
            out = (-1.9 + t.sector_effect + t.size_effect + np.where(t.young, 0.45, 0.0) - np.where(t.remote, 0.35, 0.0)
                   + t.district_effect + 0.75 * t.noise)
        elif f == "interactions":
            small = np.isin(t.size, ["micro", "small"])
            # effects live in products: a sector is risky only at some sizes, youth only without monitoring
            sector_by_size = np.where(small, 1.6, -1.0) * t.sector_effect
            young_blind = np.where(t.young & ~t.remote, 0.9, 0.0) - np.where(t.young & t.remote, 0.3, 0.0)
            districts = np.unique(t.district)
            d_sector = dict(zip(districts, self.rng.normal(0, 0.6, len(districts)), strict=True))
            district_x_sector = np.vectorize(d_sector.get)(t.district) * np.sign(t.sector_effect)
            out = -1.9 + sector_by_size + young_blind + district_x_sector + 0.5 * t.size_effect + 0.75 * t.noise
        elif f == "firm-effect":
            out = -2.0 + base / 3 + 1.5 * t.noise
        elif f == "grade-driven":
            out = -2.0 + base / 2 + 1.2 * t.noise
        else:  # pragma: no cover - guarded in __post_init__
            raise ValueError(f)
        if f == "drift":
            out = out + self.shift(t, 0)
        return out

    def minor_share(self, p: np.ndarray) -> np.ndarray:
        """P(a minor finding 一般问题 | no violation found), given the year's propensity p. Every family but
        `careless`: 0.3 whatever p (so a minor finding is likelier where violations are rarer); `careless`:
        0.05 + 1.5·p, capped at 0.8 (a firm careless enough to violate is careless in small things too)."""
        if self.family == "careless":
            return np.minimum(0.05 + 1.5 * p, 0.8)
        return np.full(len(p), 0.3)

    def shift(self, t: Traits, years_before: int) -> np.ndarray:
        """drift: the log-odds `years_before` the plan year minus the plan year's (0 elsewhere)."""
        if self.family != "drift":
            return np.zeros(len(t.sector))
        if not self._year_shift:
            sectors = np.unique(t.sector)
            trend = dict(zip(sectors, self.rng.normal(0, 0.35, len(sectors)), strict=True))  # per year
            self._trend = np.vectorize(trend.get)(t.sector)
            self._year_shift = {0: np.zeros(len(t.sector))}
        # the plan year's log-odds are logit(); a year earlier they were one trend step back
        return -self._trend * years_before

    def year_p(self, p_plan: np.ndarray, t: Traits, years_before: int) -> np.ndarray:
        """The propensity `years_before` the plan year (history years use their own)."""
        if self.family != "drift" or years_before == 0:
            return p_plan
        lo = np.log(p_plan / (1 - p_plan)) + self.shift(t, years_before)
        return 1 / (1 + np.exp(-lo))
