"""Third held-out bureau generator (issue 9) · 第三套独立生成的检验世界.

Written from the contract alone (/work/shared/spec/bundle.md, the example bundle, the
issue text) by someone who has read neither the product's own scenario generator, nor
its risk model, nor the two earlier held-out generators. Each call writes a whole
bundle (every required file, plan year 2027, history 2024–2026) and, beside it (never
inside), ``truth.csv``: ``enterprise_id, p_violation`` = the probability that a planned
inspection in 2027 finds a ``violation`` or ``serious`` outcome.

Every family shares one simulation engine (year by year, 2024 → 2026, plus the first
weeks of 2027 for anything "received before the plan is made"): a hidden yearly logit
per firm; planned visits (双随机 or targeted) and trigger-driven visits drawn from it;
outcomes ``compliant / minor / violation / serious``; credit records that follow from
findings (不良信用信息 after a penalty, 严重失信 after a serious one, 信用修复 later)
or from outside; triggers; and official grades. The families differ in *what is
hidden* and in *how the grade, the visits and the triggers relate to it*:

``project_cycle`` (洛阳, 工程项目周期)
    Risk = firm quality × how many projects are active this year (hidden; a Poisson
    count that moves with a firm-level AR process and a city-wide construction
    downturn). Interaction: poor quality matters more on many sites. The only trace of
    the projects is site complaints (扬尘/噪声 投诉) and size. Grades: yearly in March
    (2024/25/26) for the same 70% of firms, tracking quality with heavy noise and blind
    to projects. Planned visits target the latest grade; 60% of complaints lead to a
    visit that finds more. Triggers run to 15 Jan 2027.

``owner_change`` (株洲, 改制漂移)
    A persistent firm effect with a yearly random walk, and in 2025 a change of control
    (股权变更/实控人变更) for 30% of firms that moves their risk by a large random jump.
    A sector drift across years: real-estate developers get riskier each year
    (交付风险), property management a little. Grades: once, 30 Jun 2024, 95% of firms,
    sharp for 2024 and stale since. Planned visits are strongly targeted on that stale
    grade (D ×16 of A). Bad records follow 70% of violations. Nothing dated in 2027.

``rule_grade`` (绵阳, 平台按规则评级)
    Observable structure dominates: sector × size × remote-monitoring × firm-age
    interactions (small gas retailers, ready-mix plants without monitoring, property
    managers under 3 years old, large construction firms without site video), plus a
    moderate firm effect. Inspection history only from 1 Jul 2025 (system migration;
    credit records go back to 2024). Grades for every firm on 10 Dec 2025 and 10 Dec
    2026, *derived mechanically from the history* of the previous 24 months (points
    for violations, serious findings, live bad and serious-dishonesty records): the
    grade adds nothing the history lacks and is computed from the very inspections it
    would be used to predict. Gas-monitoring alarms (数据监测) run to 10 Jan 2027.

``sparse_structure`` (赣州, 稀疏历史)
    Few visits (0.25 per firm per year) and a small firm effect, so a firm's own
    history says little; risk lives in observables: a U-shape in firm age (new firms
    and very old ones), rural counties, understaffing for the declared size, sector ×
    size, and online monitoring lowering risk for gas/construction/ready-mix. Grades:
    12% of firms, on application (企业申请), on scattered dates 2023–2026, independent of
    risk (useless). A monitoring platform launched 1 Oct 2026 produces alarms for
    monitored firms in proportion to risk, running to 20 Jan 2027.

``platform_sharp`` (临沂, 多源信用评级)
    Risk follows a hidden financial-distress process (欠薪/欠税, AR(0.8)) plus a firm
    effect. The credit platform sees that process (tax, social security, courts): it
    rates 88% of firms every year in their anniversary month, sharply (small noise),
    January firms already in January 2027. Few planned visits (0.12 a year); most
    visits follow wage complaints and referrals, which come in proportion to risk, and
    find more. Bad records come from outside (欠薪 blacklists) as well as from findings.

``hot_core`` (包头, 少数重点户)
    A two-state world: some firms are "hot" (p ≈ 0.6–0.8) in a given year (about 10%
    in 2023, drifting to 15–18% by 2027), the rest cold (p ≈ 0.03–0.10, ranked among
    themselves mostly by a hidden firm effect); the hot state is persistent (75%) with
    turnover. Even knowing the 2027 state exactly ranks at Spearman ≈ 0.66 only.
    Minor findings are precursors: a firm about to turn hot next year shows minor
    problems this year. Grades were rated long ago (20 Nov 2022, 60% of firms, from the
    2023 state) and refreshed once on 20 Nov 2024 for 30%, with 30% misclassification.
    Planned visits follow inspectors' memory (a firm with a violation last year is
    revisited at 1.5 a year, others 0.3). Serious findings lead to dishonesty listings.

Where bundle.md is silent, this generator chose (the product must cope with all):

* ``rectified`` is filled for ``violation`` and ``serious`` (true/false), blank for
  ``minor`` and ``compliant`` (the example has one ``minor,false``);
* triggers, credit records and grades may be dated in January 2027, up to a per-family
  upload date (rules.md R-TIER says records in the plan year count; bundle.md says
  "before the plan year" only for inspections);
* ``credit_grades.csv`` holds a firm's whole rating history (several rows per firm);
  the latest by ``rated_on`` is the one in force;
* ``serious_dishonest`` and ``repair`` records carry no ``expires_on`` (a listing ends by
  a later repair); ``bad`` expires after 6, 12, 24 or 36 months, good/commendation 36;
* firms of sector ``other`` fall to the city-management bureau: its item ``um-s`` lists
  ``other`` (no example item does);
* the truth is for a *planned* visit: trigger-led visits in the history find more (a
  per-family logit boost), so the history over-states the rate of firms with leads.

``truth.csv`` is the 2027 logit through the logistic function, clipped to
[0.002, 0.998]. Everything draws from ``numpy.random.default_rng(seed)`` (the family
name is mixed into the seed so families never share draws).
"""

from __future__ import annotations

import json
import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

PLAN_YEAR = 2027
HIST_YEARS = (2024, 2025, 2026)
YEARS = (*HIST_YEARS, PLAN_YEAR)  # logit columns: t = 0, 1, 2 history; t = 3 the plan year
SECTORS = ("construction", "real_estate", "property_mgmt", "gas", "supervision",
           "survey_design", "testing", "ready_mix", "municipal", "other")
SIZES = ("micro", "small", "medium", "large")
EXAMPLE = Path("/work/shared/spec/example")  # only its calendar.csv is reused (2027 调休)

# GB 32100-2015: 31 characters (no I, O, S, V, Z), weights 3^i mod 31
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]

# which agency's list covers which sectors (mirrors the example's item lists)
AGENCY_SECTORS = {
    "hb": ("construction", "supervision", "survey_design", "testing", "ready_mix"),
    "um": ("municipal", "property_mgmt", "construction"),
    "gas": ("gas",),
    "re": ("real_estate", "property_mgmt"),
}
OTHER_AGENCY = "um"  # `other` firms fall to the city-management bureau's general list


def uscc(district: str, org: str) -> str:
    """统一社会信用代码 for an enterprise (登记管理部门 9, 类别 1) with a valid check digit."""
    body = "91" + district + org
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_CHARS[(31 - s % 31) % 31]


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class City:
    name: str
    prefix: str  # 4 digits: the city's 行政区划 prefix; city-level teams use prefix + "00"
    districts: tuple[str, ...]
    province: str  # 执法证 prefix
    lat: float
    lon: float


@dataclass
class Design:
    """A family's hidden world and its observation mechanisms."""

    logit: np.ndarray  # (n, 4): logit P(violation or serious) per year 2024..2027
    minor_logit: np.ndarray  # (n, 4): logit P(minor | no violation)
    planned_rate: Callable[[int, dict], np.ndarray]  # (t, state) -> expected planned visits
    trigger_rate: dict[str, np.ndarray]  # kind -> (n, 4) expected triggers per full year
    trigger_from: dict[str, str] = field(default_factory=dict)  # kind -> first date
    trigger_visit_p: float = 0.5  # a complaint/referral/alarm leads to a visit
    trigger_boost: float = 0.3  # a visit on a lead finds more (logit shift)
    hist_start: str = "2024-01-01"  # inspections before this are lost
    cutoff: str = "2026-12-31"  # the last date anything in the bundle carries
    bad_p: float = 0.5  # a violation leads to a 不良 record
    dishonest_p: float = 0.3  # a serious finding leads to 严重失信
    repair_p: float = 0.25  # a listing is later repaired
    good_rate: np.ndarray | None = None  # (n,) yearly rate of good/commendation records
    outside_bad_rate: np.ndarray | None = None  # (n, 4) bad records from other bodies
    grades_pre: pd.DataFrame | None = None  # idx, grade, rated_on (known before history)
    grades_post: Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame] | None = None


@dataclass(frozen=True)
class Family:
    name: str
    city: City
    sector_mix: dict[str, float]
    design: Callable[[np.random.Generator, pd.DataFrame], Design]


# ------------------------------------------------------------------------- firms

SECTOR_WORD = {
    "construction": ("建设", "建工", "建筑工程", "路桥建设"), "real_estate": ("置业", "房地产开发"),
    "property_mgmt": ("物业服务", "物业管理"), "gas": ("燃气", "天然气"),
    "supervision": ("工程监理", "项目管理"), "survey_design": ("勘察设计", "建筑设计院"),
    "testing": ("工程检测", "质量检测"), "ready_mix": ("混凝土", "商砼"),
    "municipal": ("市政工程", "园林绿化"), "other": ("实业", "商贸"),
}
NAME_CHARS = "泰华恒鑫宏达兴盛隆昌福瑞安和丰源信诚康永正元通广德润鸿嘉锦"
# size → (low, high) employees, drawn log-uniformly
EMPLOYEES = {"micro": (1, 10), "small": (10, 100), "medium": (100, 1000), "large": (1000, 6000)}
SIZE_MIX = {  # by sector: micro, small, medium, large
    "construction": (0.25, 0.45, 0.23, 0.07), "real_estate": (0.15, 0.45, 0.3, 0.1),
    "property_mgmt": (0.35, 0.45, 0.17, 0.03), "gas": (0.3, 0.45, 0.2, 0.05),
    "supervision": (0.3, 0.5, 0.18, 0.02), "survey_design": (0.3, 0.5, 0.18, 0.02),
    "testing": (0.35, 0.5, 0.14, 0.01), "ready_mix": (0.05, 0.45, 0.45, 0.05),
    "municipal": (0.2, 0.45, 0.3, 0.05), "other": (0.5, 0.4, 0.09, 0.01),
}
REMOTE_P = {"gas": 0.55, "construction": 0.3, "ready_mix": 0.35, "municipal": 0.2}


def make_firms(rng: np.random.Generator, n: int, fam: Family) -> pd.DataFrame:
    city = fam.city
    sectors = rng.choice(list(fam.sector_mix), size=n, p=np.array(list(fam.sector_mix.values()))
                         / sum(fam.sector_mix.values()))
    size = np.array([rng.choice(SIZES, p=SIZE_MIX[s]) for s in sectors])
    lo = np.array([EMPLOYEES[s][0] for s in size], float)
    hi = np.array([EMPLOYEES[s][1] for s in size], float)
    employees = np.floor(np.exp(rng.uniform(np.log(lo), np.log(hi)))).astype(int)
    # district weights: the central districts hold more firms
    w = np.linspace(2.0, 1.0, len(city.districts))
    district = rng.choice(city.districts, size=n, p=w / w.sum())
    # establishment: a long tail back to the 1990s, many young firms
    age_days = np.minimum(rng.exponential(8.5 * 365, n), 36 * 365).astype(int) + 20
    established = np.datetime64(f"{PLAN_YEAR}-01-01") - age_days
    remote = rng.random(n) < np.array([REMOTE_P.get(s, 0.05) for s in sectors]) * np.where(
        np.isin(size, ["medium", "large"]), 1.4, 0.8)
    ids: list[str] = []
    seen: set[str] = set()
    for d in district:
        while True:
            e = uscc(d, "".join(rng.choice(list(USCC_CHARS), 9)))
            if e not in seen:
                seen.add(e)
                ids.append(e)
                break
    names: list[str] = []
    taken: dict[str, int] = {}
    for s in sectors:
        base = (f"{city.name}{''.join(rng.choice(list(NAME_CHARS), 2))}"
                f"{rng.choice(SECTOR_WORD[s])}有限公司")
        k = taken.get(base, 0)
        taken[base] = k + 1
        names.append(base if k == 0 else f"{base}（{k + 1}）")
    dist_idx = np.array([city.districts.index(d) for d in district])
    return pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sectors,
        "size": size, "employees": employees,
        "established_on": pd.to_datetime(established).strftime("%Y-%m-%d"),
        "address": [f"{city.name}市{d}区{rng.choice(list(NAME_CHARS))}{rng.choice(['路', '街', '大道'])}"
                    f"{rng.integers(1, 999)}号" for d in district],
        "lat": np.round(city.lat + 0.05 * dist_idx - 0.1 + rng.normal(0, 0.02, n), 5),
        "lon": np.round(city.lon + 0.04 * (dist_idx % 3) - 0.04 + rng.normal(0, 0.02, n), 5),
        "remote_monitoring": np.where(remote, "true", "false"),
        "_age_years": age_days / 365.25,
    })


def effect(values: pd.Series | np.ndarray, table: dict[str, float]) -> np.ndarray:
    return np.array([table.get(v, 0.0) for v in values])


def ar_path(rng: np.random.Generator, n: int, rho: float, sd: float, steps: int = 4,
            start_sd: float = 1.0) -> np.ndarray:
    """(n, steps) AR(1) paths with a stationary-ish start."""
    out = np.empty((n, steps))
    out[:, 0] = rng.normal(0, start_sd, n)
    for t in range(1, steps):
        out[:, t] = rho * out[:, t - 1] + rng.normal(0, sd, n)
    return out


def quantile_grades(score: np.ndarray, cuts: tuple[float, float, float]) -> np.ndarray:
    """A/B/C/D by quantiles of ``score`` (low score = A): cuts are cumulative shares."""
    q = np.quantile(score, cuts)
    return np.array(["A", "B", "C", "D"])[np.searchsorted(q, score, side="right")]


# ------------------------------------------------------------------------- families

def d_project_cycle(rng: np.random.Generator, firms: pd.DataFrame) -> Design:
    n = len(firms)
    quality = rng.normal(0, 1, n)  # high = careless
    site_sectors = np.isin(firms["sector"], ["construction", "municipal", "ready_mix", "supervision"])
    scale = effect(firms["size"], {"micro": 0.5, "small": 1.5, "medium": 4.0, "large": 10.0})
    lam = rng.gamma(1.5, scale / 1.5) * np.where(site_sectors, 1.0, 0.3)
    z = ar_path(rng, n, 0.6, 0.8)
    cycle = np.array([1.0, 0.85, 0.75, 0.9])  # the city's construction downturn and restart
    projects = rng.poisson(lam[:, None] * cycle[None, :] * np.exp(z - 0.32))
    load = np.log1p(projects)
    sector = effect(firms["sector"], {"construction": 0.3, "ready_mix": 0.2, "real_estate": -0.1,
                                      "property_mgmt": 0.1, "gas": 0.2, "supervision": -0.2,
                                      "survey_design": -0.5, "testing": -0.2, "other": -0.4})
    logit = -2.6 + sector[:, None] + 0.75 * quality[:, None] + 0.65 * load + 0.35 * quality[:, None] * load
    rated = rng.random(n) < 0.7
    rows = []
    for y in HIST_YEARS:
        g = quantile_grades(quality + rng.normal(0, 0.6, n), (0.3, 0.7, 0.92))
        rows.append(pd.DataFrame({"idx": np.flatnonzero(rated), "grade": g[rated],
                                  "rated_on": f"{y}-03-15"}))
    remote = (firms["remote_monitoring"] == "true").to_numpy()

    def planned(t: int, st: dict) -> np.ndarray:
        return effect(st["grade"], {"A": 0.15, "B": 0.3, "C": 0.55, "D": 0.9, "": 0.3})

    p = sigmoid(logit)
    return Design(
        logit=logit, minor_logit=-1.0 + 0.5 * quality[:, None] + 0.3 * load,
        planned_rate=planned,
        trigger_rate={"complaint": 0.25 * projects + 0.03, "referral": np.full((n, 4), 0.02),
                      "data_monitoring": 0.2 * p * remote[:, None],
                      "enterprise_request": np.full((n, 4), 0.02)},
        trigger_visit_p=0.6, trigger_boost=0.4, cutoff="2027-01-15",
        bad_p=0.5, dishonest_p=0.25, repair_p=0.3, good_rate=np.full(n, 0.06) * sigmoid(-quality),
        grades_pre=pd.concat(rows, ignore_index=True))


def d_owner_change(rng: np.random.Generator, firms: pd.DataFrame) -> Design:
    n = len(firms)
    u = np.empty((n, 4))
    u[:, 0] = rng.normal(0, 1.0, n)
    for t in range(1, 4):
        u[:, t] = u[:, t - 1] + rng.normal(0, 0.3, n)
    changed = rng.random(n) < 0.3
    jump = rng.normal(0, 1.4, n) * changed
    u[:, 1] += 0.5 * jump  # the change happens during 2025
    u[:, 2:] += jump[:, None]
    sector_by_year = {  # housing downturn: developers and property managers get riskier
        "real_estate": [0.0, 0.3, 0.6, 0.8], "property_mgmt": [0.2, 0.3, 0.35, 0.4],
        "construction": [0.2, 0.2, 0.25, 0.25], "gas": [0.1] * 4, "municipal": [-0.1] * 4,
        "supervision": [-0.3] * 4, "survey_design": [-0.5] * 4, "testing": [-0.2] * 4,
        "ready_mix": [0.1] * 4, "other": [-0.3] * 4}
    sector = np.array([sector_by_year[s] for s in firms["sector"]])
    size = effect(firms["size"], {"micro": 0.3, "small": 0.1, "large": -0.2})
    logit = -1.8 + sector + size[:, None] + u
    rated = rng.random(n) < 0.95
    g = quantile_grades(logit[:, 0] + rng.normal(0, 0.3, n), (0.25, 0.65, 0.9))
    grades = pd.DataFrame({"idx": np.flatnonzero(rated), "grade": g[rated], "rated_on": "2024-06-30"})

    def planned(t: int, st: dict) -> np.ndarray:
        return effect(st["grade"], {"A": 0.1, "B": 0.3, "C": 0.8, "D": 1.6, "": 0.5})

    p = sigmoid(logit)
    return Design(
        logit=logit, minor_logit=-1.2 + 0.6 * (logit + 1.8), planned_rate=planned,
        trigger_rate={"complaint": 0.6 * p, "referral": 0.05 * p,
                      "enterprise_request": np.full((n, 4), 0.01)},
        trigger_visit_p=0.5, trigger_boost=0.3, cutoff="2026-12-31",
        bad_p=0.7, dishonest_p=0.4, repair_p=0.3, good_rate=0.04 * sigmoid(-logit[:, 0]),
        grades_pre=grades)


def rule_grades(insp: pd.DataFrame, rec: pd.DataFrame, n: int, dates: tuple[str, ...]) -> pd.DataFrame:
    """The platform's mechanical rule: points over the 24 months before the rating date."""
    rows = []
    for d in dates:
        at = pd.Timestamp(d)
        w = insp[(insp["date"] < at) & (insp["date"] >= at - pd.DateOffset(months=24))]
        pts = np.zeros(n)
        seen = np.zeros(n, bool)
        seen[w["idx"].to_numpy()] = True
        for outcome, v in (("violation", 2.0), ("serious", 4.0), ("minor", 0.5)):
            np.add.at(pts, w.loc[w["outcome"] == outcome, "idx"].to_numpy(), v)
        live = rec[(rec["date"] < at) & (rec["expires"].isna() | (rec["expires"] >= at))]
        for kind, v in (("bad", 1.0), ("serious_dishonest", 6.0)):
            np.add.at(pts, live.loc[live["kind"] == kind, "idx"].to_numpy(), v)
        g = np.where(pts > 4, "D", np.where(pts > 1, "C", np.where((pts == 0) & seen, "A", "B")))
        rows.append(pd.DataFrame({"idx": np.arange(n), "grade": g, "rated_on": d}))
    return pd.concat(rows, ignore_index=True)


def d_rule_grade(rng: np.random.Generator, firms: pd.DataFrame) -> Design:
    n = len(firms)
    s, z, age = firms["sector"].to_numpy(), firms["size"].to_numpy(), firms["_age_years"].to_numpy()
    remote = (firms["remote_monitoring"] == "true").to_numpy()
    base = (-2.0 + effect(s, {"gas": 0.4, "ready_mix": 0.3, "construction": 0.2, "property_mgmt": 0.1,
                              "supervision": -0.2, "survey_design": -0.4, "testing": -0.2,
                              "other": -0.3, "real_estate": 0.0, "municipal": -0.1})
            + effect(z, {"micro": 0.2, "small": 0.3, "large": -0.3})
            + 0.8 * ((s == "gas") & np.isin(z, ["micro", "small"]))
            + 0.6 * ((s == "ready_mix") & ~remote)
            + 0.7 * ((s == "property_mgmt") & (age < 3))
            + 0.4 * ((s == "construction") & (z == "large") & ~remote))
    firm = rng.normal(0, 0.9, n)
    drift = np.cumsum(rng.normal(0, 0.15, (n, 4)), axis=1)
    logit = base[:, None] + firm[:, None] + drift
    p = sigmoid(logit)

    def planned(t: int, st: dict) -> np.ndarray:
        return np.full(n, 0.55)

    return Design(
        logit=logit, minor_logit=-0.8 + 0.4 * firm[:, None] + 0.0 * logit, planned_rate=planned,
        trigger_rate={"data_monitoring": 1.2 * p * remote[:, None], "complaint": 0.2 * p,
                      "enterprise_request": np.full((n, 4), 0.01)},
        trigger_visit_p=0.4, trigger_boost=0.2, hist_start="2025-07-01", cutoff="2027-01-10",
        bad_p=0.6, dishonest_p=0.3, repair_p=0.2, good_rate=np.full(n, 0.05),
        grades_post=lambda insp, rec: rule_grades(insp, rec, n, ("2025-12-10", "2026-12-10")))


def d_sparse_structure(rng: np.random.Generator, firms: pd.DataFrame, city: City) -> Design:
    n = len(firms)
    s, z, age = firms["sector"].to_numpy(), firms["size"].to_numpy(), firms["_age_years"].to_numpy()
    remote = (firms["remote_monitoring"] == "true").to_numpy()
    emp = firms["employees"].to_numpy(float)
    lo = effect(z, {k: v[0] for k, v in EMPLOYEES.items()})
    hi = effect(z, {k: v[1] for k, v in EMPLOYEES.items()})
    staffing = (np.log(emp + 0.5) - np.log(lo)) / (np.log(hi) - np.log(lo))  # 0 = fewest for the size
    rural = np.isin(firms["district_code"], city.districts[3:])
    size_sector = {("micro", "gas"): 0.9, ("small", "gas"): 0.5, ("micro", "construction"): 0.5,
                   ("large", "construction"): 0.3, ("micro", "property_mgmt"): 0.6,
                   ("medium", "ready_mix"): 0.4, ("micro", "testing"): 0.5, ("large", "real_estate"): 0.5}
    base = (-2.1 + np.where(age < 2, 0.9, np.where(age < 5, 0.4, np.where(age > 20, 0.35, 0.0)))
            + 0.45 * rural + 0.6 * (0.5 - staffing)
            + np.array([size_sector.get((a, b), 0.0) for a, b in zip(z, s, strict=True)])
            - 0.7 * (remote & np.isin(s, ["gas", "construction", "ready_mix"]))
            + effect(s, {"survey_design": -0.5, "supervision": -0.3, "other": -0.2}))
    logit = (base + rng.normal(0, 0.45, n))[:, None] + np.cumsum(rng.normal(0, 0.2, (n, 4)), axis=1)
    p = sigmoid(logit)
    applied = rng.random(n) < 0.12
    k = int(applied.sum())
    start = np.datetime64("2023-05-01")
    dates = start + rng.integers(0, (np.datetime64("2026-09-30") - start).astype(int), k)
    grades = pd.DataFrame({"idx": np.flatnonzero(applied),
                           "grade": rng.choice(["A", "B", "C"], k, p=[0.6, 0.33, 0.07]),
                           "rated_on": pd.to_datetime(dates).strftime("%Y-%m-%d")})

    def planned(t: int, st: dict) -> np.ndarray:
        return np.full(n, 0.25)

    monitored = remote & np.isin(s, ["gas", "construction", "ready_mix"])
    return Design(
        logit=logit, minor_logit=np.full((n, 4), -1.5) + 0.3 * (logit - logit.mean()),
        planned_rate=planned,
        trigger_rate={"data_monitoring": 2.0 * p * monitored[:, None], "complaint": 0.15 * p,
                      "enterprise_request": np.full((n, 4), 0.01)},
        trigger_from={"data_monitoring": "2026-10-01"},
        trigger_visit_p=0.5, trigger_boost=0.3, cutoff="2027-01-20",
        bad_p=0.4, dishonest_p=0.2, repair_p=0.2, good_rate=np.full(n, 0.02), grades_pre=grades)


def d_platform_sharp(rng: np.random.Generator, firms: pd.DataFrame) -> Design:
    n = len(firms)
    w = ar_path(rng, n, 0.8, 0.6)
    u = rng.normal(0, 0.6, n)
    sector = effect(firms["sector"], {"construction": 0.35, "real_estate": 0.2, "property_mgmt": 0.1,
                                      "gas": 0.0, "supervision": -0.2, "survey_design": -0.4,
                                      "testing": -0.3, "ready_mix": 0.1, "other": -0.2})
    size = effect(firms["size"], {"micro": 0.1, "small": 0.2, "medium": 0.0, "large": -0.2})
    logit = -2.0 + sector[:, None] + size[:, None] + 1.1 * w + u[:, None]
    p = sigmoid(logit)
    rated = rng.random(n) < 0.88
    month = pd.to_datetime(firms["established_on"]).dt.month.to_numpy()
    day = rng.integers(1, 29, n)
    rows = []
    for t, y in enumerate(YEARS):
        keep = rated & ((y < PLAN_YEAR) | (month == 1) & (day <= 20))
        g = quantile_grades(1.1 * w[:, t] + u + rng.normal(0, 0.35, n), (0.3, 0.7, 0.9))
        rows.append(pd.DataFrame({"idx": np.flatnonzero(keep), "grade": g[keep],
                                  "rated_on": [f"{y}-{m:02d}-{d:02d}" for m, d in
                                               zip(month[keep], day[keep], strict=True)]}))

    def planned(t: int, st: dict) -> np.ndarray:
        return np.full(n, 0.12)

    return Design(
        logit=logit, minor_logit=-1.0 + 0.3 * w, planned_rate=planned,
        trigger_rate={"complaint": 1.2 * p, "referral": 0.3 * p,
                      "enterprise_request": np.full((n, 4), 0.02)},
        trigger_visit_p=0.8, trigger_boost=0.5, cutoff="2027-01-25",
        bad_p=0.5, dishonest_p=0.3, repair_p=0.25, good_rate=np.full(n, 0.04) * sigmoid(-w[:, 2]),
        outside_bad_rate=0.3 * np.maximum(w, 0), grades_pre=pd.concat(rows, ignore_index=True))


def d_hot_core(rng: np.random.Generator, firms: pd.DataFrame) -> Design:
    n = len(firms)
    prone = (-2.4 + effect(firms["sector"], {"construction": 0.5, "gas": 0.6, "property_mgmt": 0.4,
                                             "ready_mix": 0.3, "survey_design": -0.6, "testing": -0.3,
                                             "supervision": -0.3, "other": -0.4})
             + effect(firms["size"], {"micro": 0.4, "small": 0.3, "large": -0.5}))
    hot = np.zeros((n, 5), bool)  # column 0 = 2023, 1..4 = 2024..2027
    hot[:, 0] = rng.random(n) < sigmoid(prone)
    for t in range(1, 5):
        enter = sigmoid(prone - 0.9)
        hot[:, t] = np.where(hot[:, t - 1], rng.random(n) < 0.75, rng.random(n) < enter)
    cold_logit = (-3.0 + 0.5 * (prone + 2.4) + rng.normal(0, 0.4, n))[:, None] * np.ones((1, 4))
    hot_logit = (0.8 + rng.normal(0, 0.5, n))[:, None] * np.ones((1, 4))
    logit = np.where(hot[:, 1:], hot_logit, cold_logit)
    # minor findings herald next year's hot state (the last year heralds nothing known)
    nxt = np.concatenate([hot[:, 2:], hot[:, 4:5]], axis=1)
    minor_logit = -1.8 + 2.2 * nxt + 0.8 * hot[:, 1:]
    old = rng.random(n) < 0.6
    g_old = np.where(hot[:, 0] ^ (rng.random(n) < 0.3), rng.choice(["C", "D"], n, p=[0.6, 0.4]),
                     rng.choice(["A", "B"], n, p=[0.4, 0.6]))
    refreshed = rng.random(n) < 0.3
    g_new = np.where(hot[:, 1] ^ (rng.random(n) < 0.3), rng.choice(["C", "D"], n, p=[0.5, 0.5]),
                     rng.choice(["A", "B"], n, p=[0.5, 0.5]))
    grades = pd.concat([
        pd.DataFrame({"idx": np.flatnonzero(old), "grade": g_old[old], "rated_on": "2022-11-20"}),
        pd.DataFrame({"idx": np.flatnonzero(refreshed), "grade": g_new[refreshed],
                      "rated_on": "2024-11-20"})], ignore_index=True)

    def planned(t: int, st: dict) -> np.ndarray:
        rate = np.where(st["viol_last_year"], 1.5, 0.3)
        return np.where(st["grade"] == "D", np.maximum(rate, 1.0), rate)

    p = sigmoid(logit)
    return Design(
        logit=logit, minor_logit=minor_logit, planned_rate=planned,
        trigger_rate={"complaint": 0.3 * p, "referral": 0.1 * p,
                      "enterprise_request": np.full((n, 4), 0.01)},
        trigger_visit_p=0.5, trigger_boost=0.3, cutoff="2027-01-05",
        bad_p=0.6, dishonest_p=0.5, repair_p=0.15, good_rate=0.05 * (~hot[:, 3]).astype(float),
        grades_pre=grades)


CITIES = {
    "project_cycle": City("洛阳", "4103", ("410302", "410303", "410304", "410305", "410307", "410311"),
                          "豫", 34.62, 112.45),
    "owner_change": City("株洲", "4302", ("430202", "430203", "430204", "430211", "430212"),
                         "湘", 27.83, 113.13),
    "rule_grade": City("绵阳", "5107", ("510703", "510704", "510705", "510722", "510781"),
                       "川", 31.47, 104.68),
    "sparse_structure": City("赣州", "3607", ("360702", "360703", "360704", "360722", "360723",
                                              "360781"), "赣", 25.83, 114.93),
    "platform_sharp": City("临沂", "3713", ("371302", "371311", "371312", "371321", "371323",
                                            "371324"), "鲁", 35.10, 118.35),
    "hot_core": City("包头", "1502", ("150202", "150203", "150204", "150205", "150206", "150207"),
                     "蒙", 40.66, 109.84),
}
MIX_URBAN = {"construction": 0.34, "real_estate": 0.1, "property_mgmt": 0.18, "gas": 0.06,
             "supervision": 0.08, "survey_design": 0.05, "testing": 0.04, "ready_mix": 0.04,
             "municipal": 0.07, "other": 0.04}
FAMILIES: dict[str, Family] = {
    "project_cycle": Family("project_cycle", CITIES["project_cycle"],
                            {"construction": 0.45, "supervision": 0.1, "survey_design": 0.05,
                             "testing": 0.05, "ready_mix": 0.08, "municipal": 0.1, "real_estate": 0.07,
                             "property_mgmt": 0.07, "gas": 0.03}, d_project_cycle),
    "owner_change": Family("owner_change", CITIES["owner_change"],
                           {"property_mgmt": 0.3, "real_estate": 0.2, "construction": 0.25, "gas": 0.05,
                            "municipal": 0.08, "supervision": 0.05, "survey_design": 0.02,
                            "testing": 0.02, "ready_mix": 0.02, "other": 0.01}, d_owner_change),
    "rule_grade": Family("rule_grade", CITIES["rule_grade"], MIX_URBAN, d_rule_grade),
    "sparse_structure": Family("sparse_structure", CITIES["sparse_structure"],
                               {**MIX_URBAN, "gas": 0.1, "ready_mix": 0.07, "other": 0.07},
                               lambda rng, f: d_sparse_structure(rng, f, CITIES["sparse_structure"])),
    "platform_sharp": Family("platform_sharp", CITIES["platform_sharp"], MIX_URBAN, d_platform_sharp),
    "hot_core": Family("hot_core", CITIES["hot_core"], MIX_URBAN, d_hot_core),
}


# ------------------------------------------------------------------------- engine

def agencies_for(sector: str) -> list[str]:
    got = [a for a, secs in AGENCY_SECTORS.items() if sector in secs]
    return got or [OTHER_AGENCY]


def weekday_shift(days: np.ndarray) -> np.ndarray:
    """Move Saturday/Sunday dates to the next Monday (offices visit on workdays)."""
    dow = (days.astype("datetime64[D]").view("int64") - 4) % 7  # 1970-01-01 was a Thursday → 0 = Monday
    return days + np.where(dow == 5, 2, np.where(dow == 6, 1, 0))


def simulate(rng: np.random.Generator, firms: pd.DataFrame, d: Design) -> dict[str, pd.DataFrame]:
    n = len(firms)
    cutoff = np.datetime64(d.cutoff)
    hist_start = np.datetime64(d.hist_start)
    sector = firms["sector"].to_numpy()
    agency_choices = [agencies_for(s) for s in sector]
    grades_pre = d.grades_pre if d.grades_pre is not None else pd.DataFrame(
        columns=["idx", "grade", "rated_on"])
    insp_rows: list[pd.DataFrame] = []
    trig_rows: list[pd.DataFrame] = []
    rec_rows: list[pd.DataFrame] = []
    viol_last = np.zeros(n, bool)
    for t, y in enumerate(YEARS):
        y0, y1 = np.datetime64(f"{y}-01-01"), np.datetime64(f"{y}-12-31")
        # ---- triggers of the year (the plan year only up to the cutoff)
        for kind, rate in d.trigger_rate.items():
            lo = max(y0, np.datetime64(d.trigger_from.get(kind, "1900-01-01")))
            hi = min(y1, cutoff)
            if hi < lo:
                continue
            span = int((hi - lo).astype(int)) + 1
            k = rng.poisson(rate[:, t] * span / 365.0)
            idx = np.repeat(np.arange(n), k)
            dates = lo + rng.integers(0, span, len(idx))
            trig_rows.append(pd.DataFrame({"idx": idx, "date": dates, "kind": kind,
                                           "urgent": rng.random(len(idx)) < (0.15 if kind != "enterprise_request" else 0.02)}))
        if y == PLAN_YEAR:
            break
        # ---- visits: planned (by the state at the start of the year) and on leads
        g = grades_pre[pd.to_datetime(grades_pre["rated_on"]) < pd.Timestamp(y0)]
        latest = np.full(n, "", dtype=object)
        if len(g):
            last = g.sort_values("rated_on").groupby("idx")["grade"].last()
            latest[last.index.to_numpy(int)] = last.to_numpy()
        st = {"grade": latest, "viol_last_year": viol_last}
        k = rng.poisson(d.planned_rate(t, st))
        p_idx = np.repeat(np.arange(n), k)
        p_dates = weekday_shift(y0 + 45 + rng.integers(0, 310, len(p_idx)))  # from mid-February
        this_year = pd.concat(trig_rows, ignore_index=True) if trig_rows else None
        lead = this_year[(this_year["date"] >= y0) & (this_year["date"] <= y1)
                         & (this_year["kind"] != "enterprise_request")]
        lead = lead[rng.random(len(lead)) < d.trigger_visit_p]
        l_idx = lead["idx"].to_numpy(int)
        l_dates = weekday_shift(lead["date"].to_numpy().astype("datetime64[D]") + rng.integers(2, 20, len(l_idx)))
        idx = np.concatenate([p_idx, l_idx])
        dates = np.concatenate([p_dates, l_dates]).astype("datetime64[D]")
        boost = np.concatenate([np.zeros(len(p_idx)), np.full(len(l_idx), d.trigger_boost)])
        ok = dates <= y1
        idx, dates, boost = idx[ok], dates[ok], boost[ok]
        lg = d.logit[idx, t] + boost
        u = rng.random(len(idx))
        viol = u < sigmoid(lg)
        serious = viol & (rng.random(len(idx)) < sigmoid(lg - 1.0))
        minor = ~viol & (rng.random(len(idx)) < sigmoid(d.minor_logit[idx, t]))
        outcome = np.where(serious, "serious", np.where(viol, "violation", np.where(minor, "minor", "compliant")))
        rect_p = 0.9 - 0.5 * sigmoid(d.logit[idx, t])
        rectified = np.where(viol, np.where(rng.random(len(idx)) < rect_p, "true", "false"), "")
        agency = np.array([rng.choice(agency_choices[i]) for i in idx], dtype=object)
        insp_rows.append(pd.DataFrame({"idx": idx, "date": dates, "outcome": outcome,
                                       "rectified": rectified, "agency_id": agency}))
        viol_last = np.zeros(n, bool)
        viol_last[idx[viol]] = True
        # ---- credit records that follow from findings, and from elsewhere
        b = viol & (rng.random(len(idx)) < d.bad_p)
        bd = dates[b] + rng.integers(15, 90, b.sum())
        rec_rows.append(pd.DataFrame({"idx": idx[b], "date": bd, "kind": "bad",
                                      "expires": bd + rng.choice([183, 365, 730, 1095], b.sum())}))
        s = serious & (rng.random(len(idx)) < d.dishonest_p)
        sd = dates[s] + rng.integers(30, 120, s.sum())
        rec_rows.append(pd.DataFrame({"idx": idx[s], "date": sd, "kind": "serious_dishonest",
                                      "expires": np.datetime64("NaT")}))
        r = rng.random(s.sum()) < d.repair_p
        rec_rows.append(pd.DataFrame({"idx": idx[s][r], "date": sd[r] + rng.integers(180, 540, r.sum()),
                                      "kind": "repair", "expires": np.datetime64("NaT")}))
        if d.good_rate is not None:
            k = rng.poisson(d.good_rate)
            gi = np.repeat(np.arange(n), k)
            gd = y0 + rng.integers(0, 365, len(gi))
            kind = np.where(rng.random(len(gi)) < 0.3, "commendation", "good")
            rec_rows.append(pd.DataFrame({"idx": gi, "date": gd, "kind": kind, "expires": gd + 1095}))
        if d.outside_bad_rate is not None:
            k = rng.poisson(d.outside_bad_rate[:, t])
            oi = np.repeat(np.arange(n), k)
            od = y0 + rng.integers(0, 365, len(oi))
            rec_rows.append(pd.DataFrame({"idx": oi, "date": od, "kind": "bad",
                                          "expires": od + rng.choice([365, 730], len(oi))}))
    insp = pd.concat(insp_rows, ignore_index=True)
    insp = insp[insp["date"] >= hist_start].sort_values("date", kind="stable").reset_index(drop=True)
    rec = pd.concat(rec_rows, ignore_index=True)
    rec = rec[rec["date"] <= cutoff].sort_values("date", kind="stable").reset_index(drop=True)
    trig = pd.concat(trig_rows, ignore_index=True)
    trig = trig[trig["date"] <= cutoff].sort_values("date", kind="stable").reset_index(drop=True)
    for df in (insp, rec, trig):
        df["date"] = pd.to_datetime(df["date"])
    if "expires" in rec:
        rec["expires"] = pd.to_datetime(rec["expires"])
    grades = grades_pre.copy()
    if d.grades_post is not None:
        grades = pd.concat([grades, d.grades_post(insp, rec)], ignore_index=True)
    grades = grades[pd.to_datetime(grades["rated_on"]) <= pd.Timestamp(cutoff)]
    return {"inspections": insp, "records": rec, "triggers": trig, "grades": grades}


# ------------------------------------------------------------------------- registers

ITEMS = [
    ("hb-q", "hb", "工程质量安全检查", "《建设工程质量管理条例》", AGENCY_SECTORS["hb"], "false"),
    ("hb-m", "hb", "建筑市场行为检查", "《建筑法》", AGENCY_SECTORS["hb"], "true"),
    ("um-s", "um", "施工扬尘与渣土管理检查", "《大气污染防治法》", AGENCY_SECTORS["um"] + ("other",), "false"),
    ("um-m", "um", "市政设施维护检查", "《城市道路管理条例》", AGENCY_SECTORS["um"], "true"),
    ("gas-s", "gas", "燃气经营安全检查", "《城镇燃气管理条例》", ("gas",), "false"),
    ("gas-d", "gas", "燃气监测数据核查", "《城镇燃气管理条例》", ("gas",), "true"),
    ("re-s", "re", "商品房销售行为检查", "《城市房地产开发经营管理条例》", ("real_estate", "property_mgmt"), "true"),
    ("re-p", "re", "物业服务质量检查", "《物业管理条例》", ("real_estate", "property_mgmt"), "false"),
]
AGENCY_NAMES = {"hb": "住房和城乡建设局", "um": "城市管理局", "gas": "燃气管理中心", "re": "房产服务中心"}


def registers(rng: np.random.Generator, city: City, n: int) -> dict[str, pd.DataFrame]:
    """agencies, items, teams, officers, unavailability: sized to the bureau."""
    agencies = pd.DataFrame({"agency_id": list(AGENCY_NAMES),
                             "name": [f"{city.name}市{v}" for v in AGENCY_NAMES.values()]})
    items = pd.DataFrame([{"item_id": i, "agency_id": a, "name": nm, "legal_basis": lb,
                           "sectors": ";".join(s), "remote_allowed": r} for i, a, nm, lb, s, r in ITEMS])
    teams, officers = [], []
    per_team = max(3, n // 400)
    for a in AGENCY_NAMES:
        codes = [*city.districts, city.prefix + "00"] if a in ("hb", "um") else list(city.districts)
        for dcode in codes:
            tid = f"{a}-{dcode}"
            teams.append({"team_id": tid, "agency_id": a, "district_code": dcode,
                          "max_visits_per_day": int(rng.integers(2, 5))})
            for j in range(per_team + int(rng.integers(0, 3))):
                role = rng.choice(["enforcement", "auxiliary", "legal_review"], p=[0.78, 0.17, 0.05])
                enf = role == "enforcement"
                officers.append({
                    "officer_id": f"{tid}-{j:02d}", "name": f"干部{tid}-{j:02d}", "team_id": tid,
                    "role": role,
                    "certificate_no": f"{city.province}{rng.integers(10**7, 10**8)}" if enf else "",
                    "certificate_expires_on": f"{rng.integers(2027, 2031)}-06-30" if enf else "",
                    "training_hours": int(rng.integers(30, 90)),
                    "annual_visit_budget": int(rng.integers(40, 120)) if enf else ""})
    officers_df = pd.DataFrame(officers)
    some = officers_df.sample(frac=0.2, random_state=int(rng.integers(1 << 31)))
    start = np.datetime64("2027-01-04") + rng.integers(0, 330, len(some))
    unav = pd.DataFrame({"officer_id": some["officer_id"].to_numpy(),
                         "start_on": pd.to_datetime(start).strftime("%Y-%m-%d"),
                         "end_on": pd.to_datetime(start + rng.integers(2, 20, len(some))).strftime("%Y-%m-%d"),
                         "reason": rng.choice(["leave", "training", "secondment"], len(some))})
    return {"agencies": agencies, "items": items, "teams": pd.DataFrame(teams),
            "officers": officers_df, "unavailability": unav}


def _officers_for(rng: np.random.Generator, officers: pd.DataFrame, insp: pd.DataFrame,
                  district: np.ndarray) -> list[str]:
    """Two certified officers of the visiting agency's district team (else its city team)."""
    enf = officers[officers["role"] == "enforcement"]
    by_team = {t: g["officer_id"].to_list() for t, g in enf.groupby("team_id")}
    out = []
    for a, dcode in zip(insp["agency_id"], district[insp["idx"].to_numpy(int)], strict=True):
        pool = by_team.get(f"{a}-{dcode}", [])
        if len(pool) < 2:
            pool = by_team.get(f"{a}-{dcode[:4]}00", pool)
        out.append(";".join(rng.choice(pool, 2, replace=False)) if len(pool) >= 2 else "")
    return out


def generate(family: str, n: int, seed: int, out: Path) -> tuple[Path, Path]:
    """Write ``out/bundle/`` (a whole bundle) and ``out/truth.csv``; return both paths."""
    fam = FAMILIES[family]
    rng = np.random.default_rng([seed, zlib.crc32(family.encode())])
    out = Path(out)
    bundle = out / "bundle"
    if bundle.exists():
        shutil.rmtree(bundle)
    bundle.mkdir(parents=True)
    firms = make_firms(rng, n, fam)
    design = fam.design(rng, firms)
    sim = simulate(rng, firms, design)
    reg = registers(rng, fam.city, n)
    ids = firms["enterprise_id"].to_numpy()
    district = firms["district_code"].to_numpy()

    firms.drop(columns=["_age_years"]).to_csv(bundle / "enterprises.csv", index=False)
    for name, df in reg.items():
        df.to_csv(bundle / f"{name}.csv", index=False)
    insp = sim["inspections"]
    pd.DataFrame({
        "inspection_id": [f"JC{y}{i:06d}" for i, y in enumerate(insp["date"].dt.year)],
        "enterprise_id": ids[insp["idx"].to_numpy(int)], "agency_id": insp["agency_id"],
        "inspected_on": insp["date"].dt.strftime("%Y-%m-%d"),
        "officer_ids": _officers_for(rng, reg["officers"], insp, district),
        "outcome": insp["outcome"], "rectified": insp["rectified"],
    }).to_csv(bundle / "inspections.csv", index=False)
    rec = sim["records"]
    pd.DataFrame({
        "enterprise_id": ids[rec["idx"].to_numpy(int)], "recorded_on": rec["date"].dt.strftime("%Y-%m-%d"),
        "kind": rec["kind"], "expires_on": rec["expires"].dt.strftime("%Y-%m-%d").fillna(""),
        "note": "",
    }).to_csv(bundle / "credit_records.csv", index=False)
    gr = sim["grades"].sort_values(["rated_on", "idx"], kind="stable")
    pd.DataFrame({"enterprise_id": ids[gr["idx"].to_numpy(int)], "grade": gr["grade"].to_numpy(),
                  "rated_on": gr["rated_on"].to_numpy()}).to_csv(bundle / "credit_grades.csv", index=False)
    trig = sim["triggers"]
    sec = firms["sector"].to_numpy()
    t_idx = trig["idx"].to_numpy(int)
    pd.DataFrame({
        "trigger_id": [f"XS{i:06d}" for i in range(len(trig))], "enterprise_id": ids[t_idx],
        "agency_id": [rng.choice(agencies_for(sec[i])) for i in t_idx],
        "received_on": trig["date"].dt.strftime("%Y-%m-%d"), "kind": trig["kind"],
        "urgent": np.where(trig["urgent"], "true", "false"),
    }).to_csv(bundle / "triggers.csv", index=False)
    k = max(5, n // 200)
    pd.DataFrame({"officer_id": rng.choice(reg["officers"]["officer_id"], k),
                  "enterprise_id": rng.choice(ids, k),
                  "reason": rng.choice(["亲属关系", "曾任职", "利害关系"], k)}
                 ).drop_duplicates(["officer_id", "enterprise_id"]).to_csv(bundle / "recusals.csv", index=False)
    shutil.copy(EXAMPLE / "calendar.csv", bundle / "calendar.csv")
    policy = {"year": PLAN_YEAR, "seed": f"foreign3-{family}-{seed}", "sampling": "weighted_lottery"}
    (bundle / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")

    p = np.clip(sigmoid(design.logit[:, 3]), 0.002, 0.998)
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": ids, "p_violation": np.round(p, 6)}).to_csv(truth, index=False)
    return bundle, truth
