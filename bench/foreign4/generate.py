"""A fourth held-out bureau generator for the risk benchmark (issue 9) · 第四个独立的风险评估检验世界.

Written from the contract alone (/work/shared/spec/bundle.md and its example bundle, issue 9's text) by
someone who read neither the product's generator nor its model nor the three earlier held-out
generators. Each bureau is a whole bundle (every required file plus credit records, grades,
inspections, triggers, unavailability, recusals, a 2027 calendar and policy.json; plan year 2027,
history 2024–2026) and, beside it (not inside), ``truth.csv``: enterprise_id, p_violation = the
probability that one inspection in 2027 by an ordinary team finds a ``violation`` or ``serious``.

How every family works
----------------------
Each enterprise has a hidden log-odds of violating, given at four knots (mid-2024, mid-2025,
mid-2026, mid-2027) and interpolated linearly in between; the truth is the logistic of the
2027 knot. Every past inspection draws its outcome from the log-odds on its own date plus the
visiting agency's strictness (and a campaign's, where there is one): ``violation`` or ``serious``
with probability σ(η + strictness); a violation is ``serious`` with probability σ(η − 1.2); a
clean visit is written ``minor`` with a family-specific probability (informative or pure noise).
Credit records, triggers and official grades are drawn from the same hidden state (or not), as
each family says.

The families (what is hidden, and how the grade behaves)
--------------------------------------------------------
``spring_rating`` 年度信用评价 (qualification firms rated each March)
    Log-odds: sector and size main effects (micro/small contractors worst), a firm effect σ=0.7,
    a slow random walk (σ 0.25/year). Visits: the 双随机 lottery (30% of firms a year) plus a
    follow-up (复查) 30–90 days after 60% of findings. ``minor`` is informative. Grades: only the
    five qualification sectors (~55% of firms), published every 31 March 2024/2025/2026 from the
    previous year's state with noise σ=0.6 (moderately sharp, nine months old at plan time).

``gas_campaign`` 燃气安全专项整治 (a 2025 campaign, a stale grade, live IoT alarms)
    Log-odds: gas and property management high; for gas firms online monitoring is strongly
    protective (−1.2) and its absence harmful (+0.4), an interaction; firm effect σ=1.0; a fast
    random walk (σ 0.45/year). Visits: 15% a year, plus April–July 2025 every gas and property firm
    visited about twice by campaign teams who are 1.0 logit stricter and write ``minor`` on 60% of
    clean visits. ``minor`` is noise everywhere (25% of clean visits outside the campaign).
    Grades: a random quarter of firms, rated once on 2024-06-30, sharp then (noise σ=0.3) and stale
    now. Triggers: ``data_monitoring`` alarms from Oct 2026 to Jan 2027 for monitored gas firms at a
    rate rising steeply with the 2027 state (the freshest signal), plus property complaints.

``platform_derived`` 平台按规则计分 (the grade is a function of the history)
    Log-odds: weak sector and size effects, a dominant firm effect σ=0.9, almost stationary.
    Visits: dense (Poisson 1.0 a year per firm); agencies differ in strictness (−0.3 … +0.5).
    ``minor`` informative at half strength. Grades: 95% of firms, each rated yearly on its own
    anniversary day, by a points rule on the previous 24 months (2 per violation, 4 per serious,
    0.5 per minor, 1 per bad record in force): no information beyond the history itself.

``developer_distress`` 房地产下行 (drift: distress from mid-2026, a fresh sharp grade)
    Log-odds: modest sector/size effects, firm effect σ=0.6; 30% of developers and 15% of
    contractors fall into distress (+1.2 … +2.4 by 2027, a tenth of it in 2025, half by mid-2026);
    property management improves by 0.25 a year from 2025 (新规). Visits decline 35% → 25% → 20%.
    Distressed firms get wage-arrears ``bad`` records (Jul–Dec 2026), 失信被执行人
    ``serious_dishonest`` listings (Oct 2026 – Jan 2027, some in the plan year's January) and
    complaints from Jul 2026 to Jan 2027. Grades: developers and contractors only, on 2025-12-15
    and 2026-12-15, sharp (noise σ=0.3) on the state of the coming year.

``age_nonlinear`` 新设空壳与规模错配 (nonlinearity, visits chosen by past findings)
    Log-odds: U-shaped in firm age (under 1.5 years +1.4, under 3 +0.7, over 20 +0.4); firms whose
    headcount is far above their declared size (labour-dispatch shells) +1.0; testing labs with
    fewer than 15 staff +1.2; construction×micro +0.5, gas×large −0.6; firm effect σ=0.5. A third of
    firms were founded 2023–2026. Visits: 15% a year, +50 points after a finding the year
    before, and an opening check within six months of founding for 70% of new firms. Grades:
    60% of firms, every 20 September, useless (a tax-payment rating unrelated to the truth).

``thin_history`` 机构改革后新组建 (one year of visits, rich provincial credit records)
    Log-odds: moderate sector effects, a dominant firm effect σ=1.1, drift σ 0.2/year. Visits:
    only March–December 2026, 12% of firms once. Credit records from the provincial platform
    since 2024 carry most of the signal (bad records at 0.25/year × e^{0.8η}, serious-dishonesty
    listings, good records falling with η, repairs). Grades: a watch list only (≈10% of firms, all
    C or D), rated 2025-11-10. Triggers: provincial referrals (转办交办) since mid-2025.

numpy ``default_rng(seed)`` everywhere; the same (family, n, seed) gives the same files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

PLAN_YEAR = 2027
HISTORY = (2024, 2025, 2026)
SECTORS = ["construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design",
           "testing", "ready_mix", "municipal", "other"]
SIZES = ["micro", "small", "medium", "large"]
FAMILIES = ("spring_rating", "gas_campaign", "platform_derived", "developer_distress",
            "age_nonlinear", "thin_history")
QUALIFIED = ("construction", "supervision", "survey_design", "testing", "ready_mix")  # 资质类
KNOTS = np.array([2024.5, 2025.5, 2026.5, 2027.5])

# GB 32100-2015 统一社会信用代码: 31 characters (no I O S V Z), weights 3^i mod 31
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)])
# GB 11714 组织机构代码 (positions 9–17): weights of the eight body characters, check mod 11
ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2])

# 2027 days whose status differs from "Monday–Friday works" (the contract's example calendar)
CALENDAR_2027 = {
    "2027-01-01": False, "2027-02-05": False, "2027-02-08": False, "2027-02-09": False,
    "2027-02-10": False, "2027-02-11": False, "2027-02-12": False, "2027-02-20": True,
    "2027-04-05": False, "2027-04-25": True, "2027-05-03": False, "2027-05-04": False,
    "2027-05-05": False, "2027-06-09": False, "2027-09-15": False, "2027-09-26": True,
    "2027-10-01": False, "2027-10-04": False, "2027-10-05": False, "2027-10-06": False,
    "2027-10-07": False, "2027-10-09": True,
}


@dataclass(frozen=True)
class City:
    name: str
    code: str  # the city's own code (…00): city-level teams
    districts: tuple[str, ...]


CITIES = {
    "luoyang": City("洛阳", "410300", ("410302", "410303", "410305", "410307", "410311")),
    "mianyang": City("绵阳", "510700", ("510703", "510704", "510705")),
    "ganzhou": City("赣州", "360700", ("360702", "360703", "360704", "360781")),
}
FAMILY_CITY = {"spring_rating": "luoyang", "gas_campaign": "mianyang", "platform_derived": "ganzhou",
               "developer_distress": "luoyang", "age_nonlinear": "ganzhou", "thin_history": "mianyang"}

# which agency visits which sector (primary, secondary, share of the secondary)
AGENCIES = {"hb": "住房和城乡建设局", "um": "城市管理综合行政执法局", "gas": "燃气管理办公室",
            "re": "房地产市场服务中心"}
SECTOR_AGENCY = {"construction": ("hb", "um", 0.25), "real_estate": ("re", "hb", 0.1),
                 "property_mgmt": ("re", "um", 0.3), "gas": ("gas", "um", 0.1),
                 "supervision": ("hb", "hb", 0.0), "survey_design": ("hb", "hb", 0.0),
                 "testing": ("hb", "hb", 0.0), "ready_mix": ("hb", "um", 0.2),
                 "municipal": ("um", "hb", 0.1), "other": ("um", "um", 0.0)}
ITEMS = [
    ("hb-01", "hb", "在建工程质量安全监督检查", "《建设工程安全生产管理条例》",
     "construction;supervision;testing;ready_mix", False),
    ("hb-02", "hb", "资质资格动态核查", "《建筑业企业资质管理规定》",
     "construction;supervision;survey_design;testing;ready_mix", True),
    ("hb-03", "hb", "勘察设计质量检查", "《建设工程勘察设计管理条例》", "survey_design;real_estate", True),
    ("um-01", "um", "建筑垃圾与扬尘管控检查", "《城市建筑垃圾管理规定》", "construction;ready_mix;municipal", False),
    ("um-02", "um", "市容环境卫生检查", "《城市市容和环境卫生管理条例》", "municipal;other;property_mgmt", False),
    ("gas-01", "gas", "燃气经营许可条件核查", "《城镇燃气管理条例》", "gas", False),
    ("gas-02", "gas", "燃气监测数据远程核查", "《城镇燃气管理条例》", "gas", True),
    ("re-01", "re", "商品房预售资金监管检查", "《城市房地产开发经营管理条例》", "real_estate", True),
    ("re-02", "re", "物业服务合同履行检查", "《物业管理条例》", "property_mgmt;real_estate", False),
]

SECTOR_SHARE = {"construction": 0.30, "real_estate": 0.10, "property_mgmt": 0.18, "gas": 0.06,
                "supervision": 0.06, "survey_design": 0.05, "testing": 0.04, "ready_mix": 0.04,
                "municipal": 0.07, "other": 0.10}
SIZE_SHARE = (0.35, 0.35, 0.20, 0.10)
SIZE_BAND = {"micro": (1, 19), "small": (20, 299), "medium": (300, 999), "large": (1000, 8000)}
NAME_PARTS = list("华宏鑫泰恒兴盛通达建安信远瑞丰正和润德元峰嘉隆广汇成")
SECTOR_WORD = {"construction": "建筑工程", "real_estate": "房地产开发", "property_mgmt": "物业服务",
               "gas": "燃气", "supervision": "工程监理", "survey_design": "勘察设计", "testing": "工程检测",
               "ready_mix": "混凝土", "municipal": "市政工程", "other": "商贸"}


# ------------------------------------------------------------------------- small helpers

def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def uscc(rng: np.random.Generator, district: str) -> str:
    """A valid 统一社会信用代码: 9 (工商) 1 (企业), the district, an organisation code, the check."""
    body = rng.integers(0, 10, size=8)  # digits only: valid both in GB 11714 and GB 32100
    c9 = 11 - int((body * ORG_WEIGHTS).sum() % 11)
    org_check = {10: "X", 11: "0"}.get(c9, str(c9))
    if org_check == "X":  # X is not among the 31 characters; redraw rather than bend the rule
        return uscc(rng, district)
    s17 = "91" + district + "".join(map(str, body)) + org_check
    total = int(sum(USCC_CHARS.index(ch) * w for ch, w in zip(s17, USCC_WEIGHTS, strict=True)))
    return s17 + USCC_CHARS[(31 - total % 31) % 31]


def rand_dates(rng: np.random.Generator, start: str, end: str, k: int,
               workday: bool = False) -> np.ndarray:
    """k dates uniform in [start, end] (datetime64[D]); weekends moved to Monday if ``workday``."""
    a, b = np.datetime64(start), np.datetime64(end)
    d = a + rng.integers(0, int((b - a).astype(int)) + 1, size=k).astype("timedelta64[D]")
    if workday:
        wd = ((d.astype("datetime64[D]").astype(int) + 3) % 7)  # 0 = Monday
        d = d + np.where(wd >= 5, 7 - wd, 0).astype("timedelta64[D]")
        d = np.minimum(d, b)
    return d


def year_frac(d: np.ndarray) -> np.ndarray:
    """A datetime64[D] array as fractional years (2025-07-02 ≈ 2025.5)."""
    y = d.astype("datetime64[Y]").astype(int) + 1970
    doy = (d - d.astype("datetime64[Y]")).astype(int)
    return y + doy / 365.25


def eta_at(knots: np.ndarray, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Each row's hidden log-odds at fractional year t: linear between the four knots, flat outside."""
    i = np.clip(np.floor(t - KNOTS[0]).astype(int), 0, 2)
    f = np.clip(t - KNOTS[i], 0.0, 1.0)
    return knots[rows, i] * (1 - f) + knots[rows, i + 1] * f


def random_walk(rng: np.random.Generator, base: np.ndarray, step_sd: float) -> np.ndarray:
    """Knots: base at mid-2024, then independent yearly steps of sd ``step_sd``."""
    steps = np.concatenate([np.zeros((len(base), 1)),
                            rng.normal(0, step_sd, (len(base), 3))], axis=1).cumsum(axis=1)
    return base[:, None] + steps


def cut_grades(z: np.ndarray, shares: tuple[float, float, float, float] = (0.40, 0.35, 0.17, 0.08)
               ) -> np.ndarray:
    """Grades A–D by quantiles of a risk score z (A = lowest risk)."""
    qs = np.quantile(z, np.cumsum(shares)[:3]) if len(z) else np.zeros(3)
    return np.array(list("ABCD"))[np.searchsorted(qs, z)]


# ------------------------------------------------------------------------- the register

def enterprises(rng: np.random.Generator, n: int, city: City, sector_share: dict[str, float],
                young_share: float = 0.12) -> pd.DataFrame:
    sec_p = np.array([sector_share[s] for s in SECTORS])
    sector = rng.choice(SECTORS, size=n, p=sec_p / sec_p.sum())
    size = rng.choice(SIZES, size=n, p=SIZE_SHARE)
    lo = np.array([SIZE_BAND[s][0] for s in size])
    hi = np.array([SIZE_BAND[s][1] for s in size])
    employees = np.clip(np.round(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))), lo, hi).astype(int)
    young = rng.random(n) < young_share
    est = np.where(young, rand_dates(rng, "2023-01-01", "2026-10-31", n),
                   rand_dates(rng, "1990-01-01", "2022-12-31", n))
    district = rng.choice(city.districts, size=n)
    ids, seen = [], set()
    for d in district:
        e = uscc(rng, d)
        while e in seen:
            e = uscc(rng, d)
        seen.add(e)
        ids.append(e)
    a = rng.integers(0, len(NAME_PARTS), size=(n, 2))
    names = [f"{city.name}{NAME_PARTS[x]}{NAME_PARTS[y]}{SECTOR_WORD[s]}有限公司{i:05d}"
             for i, (x, y, s) in enumerate(zip(a[:, 0], a[:, 1], sector, strict=True))]
    remote = (sector == "gas") & (rng.random(n) < 0.55) | (sector == "construction") & (rng.random(n) < 0.3)
    return pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": employees, "established_on": est.astype(str),
        "address": [f"{city.name}市某区某路{k}号" for k in rng.integers(1, 900, size=n)],
        "remote_monitoring": np.where(remote, "true", "false"),
    })


def age_years(ent: pd.DataFrame, t: float) -> np.ndarray:
    est = year_frac(pd.to_datetime(ent["established_on"]).to_numpy().astype("datetime64[D]"))
    return t - est


def effects(ent: pd.DataFrame, sec: dict[str, float], size: dict[str, float]) -> np.ndarray:
    return (ent["sector"].map(sec).fillna(0.0).to_numpy() + ent["size"].map(size).fillna(0.0).to_numpy())


# ------------------------------------------------------------------------- history

@dataclass
class Visits:
    """Past visits: enterprise row, date, and an extra strictness (a campaign's)."""
    row: np.ndarray
    date: np.ndarray
    extra: np.ndarray
    minor_override: np.ndarray  # probability of "minor" on a clean visit, NaN = family default


def lottery_visits(rng: np.random.Generator, ent: pd.DataFrame, rates: dict[int, float | np.ndarray],
                   start: str | None = None) -> Visits:
    """Each year, each enterprise visited Poisson(rate) times on random workdays after its founding."""
    est = pd.to_datetime(ent["established_on"]).to_numpy().astype("datetime64[D]")
    rows, dates = [], []
    for y, r in rates.items():
        k = rng.poisson(np.broadcast_to(r, len(ent)))
        row = np.repeat(np.arange(len(ent)), k)
        lo = start if start is not None and int(start[:4]) == y else f"{y}-01-04"
        d = rand_dates(rng, lo, f"{y}-12-28", len(row), workday=True)
        ok = d > est[row]
        rows.append(row[ok])
        dates.append(d[ok])
    row, date = np.concatenate(rows), np.concatenate(dates)
    return Visits(row, date, np.zeros(len(row)), np.full(len(row), np.nan))


def join(*vs: Visits) -> Visits:
    return Visits(*(np.concatenate([getattr(v, f) for v in vs])
                    for f in ("row", "date", "extra", "minor_override")))


@dataclass
class Outcomes:
    visits: Visits
    agency: np.ndarray
    outcome: np.ndarray
    rectified: np.ndarray


def draw_outcomes(rng: np.random.Generator, ent: pd.DataFrame, knots: np.ndarray, v: Visits,
                  strict: dict[str, float], minor: Callable[[np.ndarray], np.ndarray]) -> Outcomes:
    sec = ent["sector"].to_numpy()[v.row]
    prim = np.array([SECTOR_AGENCY[s][0] for s in sec])
    secd = np.array([SECTOR_AGENCY[s][1] for s in sec])
    share = np.array([SECTOR_AGENCY[s][2] for s in sec])
    agency = np.where(rng.random(len(sec)) < share, secd, prim)
    eta = eta_at(knots, v.row, year_frac(v.date))
    s = np.array([strict.get(a, 0.0) for a in agency]) + v.extra
    viol = rng.random(len(eta)) < sigmoid(eta + s)
    serious = viol & (rng.random(len(eta)) < sigmoid(eta - 1.2))
    pm = np.where(np.isnan(v.minor_override), minor(eta), v.minor_override)
    is_minor = ~viol & (rng.random(len(eta)) < pm)
    outcome = np.select([serious, viol, is_minor], ["serious", "violation", "minor"], "compliant")
    rect = np.where(viol, np.where(rng.random(len(eta)) < sigmoid(1.5 - 0.5 * eta), "true", "false"), "")
    return Outcomes(v, agency, outcome, rect)


def with_followups(rng: np.random.Generator, ent: pd.DataFrame, knots: np.ndarray, o: Outcomes,
                   strict: dict[str, float], minor: Callable[[np.ndarray], np.ndarray],
                   share: float) -> Outcomes:
    """复查: a second visit 30–90 days after a share of findings, while still in the history."""
    found = np.isin(o.outcome, ["violation", "serious"]) & (rng.random(len(o.outcome)) < share)
    d = o.visits.date[found] + rng.integers(30, 91, found.sum()).astype("timedelta64[D]")
    keep = d <= np.datetime64(f"{HISTORY[-1]}-12-28")
    v = Visits(o.visits.row[found][keep], d[keep], np.full(keep.sum(), -0.3), np.full(keep.sum(), np.nan))
    f = draw_outcomes(rng, ent, knots, v, strict, minor)
    return Outcomes(join(o.visits, f.visits), np.concatenate([o.agency, f.agency]),
                    np.concatenate([o.outcome, f.outcome]), np.concatenate([o.rectified, f.rectified]))


def records_after_findings(rng: np.random.Generator, ent: pd.DataFrame, o: Outcomes, p_bad: float,
                           p_dishonest: float, p_repair: float) -> pd.DataFrame:
    """不良信用信息 after findings (6 months–3 years), 严重失信 after some serious ones, 信用修复 later."""
    viol = np.isin(o.outcome, ["violation", "serious"])
    ser = o.outcome == "serious"
    out = []
    b = viol & (rng.random(len(viol)) < np.where(ser, min(1.0, p_bad + 0.3), p_bad))
    d = o.visits.date[b] + rng.integers(15, 60, b.sum()).astype("timedelta64[D]")
    exp_ = d + rng.integers(183, 1096, b.sum()).astype("timedelta64[D]")
    out.append(pd.DataFrame({"row": o.visits.row[b], "recorded_on": d, "kind": "bad", "expires_on": exp_,
                             "note": "行政检查发现违法违规"}))
    sd = ser & (rng.random(len(ser)) < p_dishonest)
    d2 = o.visits.date[sd] + rng.integers(20, 90, sd.sum()).astype("timedelta64[D]")
    out.append(pd.DataFrame({"row": o.visits.row[sd], "recorded_on": d2, "kind": "serious_dishonest",
                             "expires_on": d2 + np.timedelta64(1095, "D"), "note": "列入严重失信主体名单"}))
    rp = rng.random(len(d)) < p_repair
    d3 = d[rp] + rng.integers(200, 400, rp.sum()).astype("timedelta64[D]")
    out.append(pd.DataFrame({"row": o.visits.row[b][rp], "recorded_on": d3, "kind": "repair",
                             "expires_on": np.datetime64("NaT"), "note": "信用修复"}))
    return pd.concat(out, ignore_index=True)


def poisson_events(rng: np.random.Generator, rate: np.ndarray, start: str, end: str,
                   workday: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Per-enterprise Poisson counts over [start, end] (rate = expected count), random dates."""
    k = rng.poisson(rate)
    row = np.repeat(np.arange(len(rate)), k)
    return row, rand_dates(rng, start, end, len(row), workday=workday)


def record_frame(row: np.ndarray, date: np.ndarray, kind: str, rng: np.random.Generator,
                 life_days: tuple[int, int] | None, note: str) -> pd.DataFrame:
    exp_ = (date + rng.integers(*life_days, len(row)).astype("timedelta64[D]") if life_days
            else np.full(len(row), np.datetime64("NaT"), dtype="datetime64[D]"))
    return pd.DataFrame({"row": row, "recorded_on": date, "kind": kind, "expires_on": exp_, "note": note})


def trigger_frame(row: np.ndarray, date: np.ndarray, kind: str, urgent_p: float,
                  rng: np.random.Generator) -> pd.DataFrame:
    return pd.DataFrame({"row": row, "received_on": date, "kind": kind,
                         "urgent": np.where(rng.random(len(row)) < urgent_p, "true", "false")})


def founded_mask(ent: pd.DataFrame, rows: np.ndarray, dates: np.ndarray) -> np.ndarray:
    est = pd.to_datetime(ent["established_on"]).to_numpy().astype("datetime64[D]")
    return dates > est[rows]


# ------------------------------------------------------------------------- the families

@dataclass
class World:
    ent: pd.DataFrame
    knots: np.ndarray
    hist: Outcomes
    records: pd.DataFrame
    grades: pd.DataFrame  # row, grade, rated_on
    triggers: pd.DataFrame  # row, received_on, kind, urgent


def informative_minor(base: float, slope: float, centre: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda eta: sigmoid(base + slope * (eta - centre))


def fam_spring_rating(rng: np.random.Generator, n: int) -> World:
    ent = enterprises(rng, n, CITIES["luoyang"], SECTOR_SHARE)
    base = -1.7 + effects(ent, {"construction": 0.5, "ready_mix": 0.4, "testing": 0.3, "survey_design": -0.3,
                                "real_estate": 0.1, "property_mgmt": 0.2, "gas": 0.3, "other": -0.5},
                          {"micro": 0.35, "small": 0.2, "medium": 0.0, "large": -0.35})
    knots = random_walk(rng, base + rng.normal(0, 0.7, n), 0.25)
    strict = {"hb": 0.0, "um": 0.2, "gas": 0.3, "re": -0.2}
    minor = informative_minor(-1.0, 0.8, -1.7)
    o = draw_outcomes(rng, ent, knots, lottery_visits(rng, ent, {y: 0.3 for y in HISTORY}), strict, minor)
    o = with_followups(rng, ent, knots, o, strict, minor, 0.6)
    rec = [records_after_findings(rng, ent, o, 0.5, 0.25, 0.2)]
    low = sigmoid(-(knots[:, 2] + 1.7))
    r, d = poisson_events(rng, 0.5 * low, "2024-01-01", "2026-12-31")
    rec.append(record_frame(r, d, "good", rng, (1095, 1096), "良好信用信息"))
    big = np.where(ent["size"].to_numpy() == "large", 0.3, 0.03)
    r, d = poisson_events(rng, big, "2024-01-01", "2026-12-31")
    rec.append(record_frame(r, d, "commendation", rng, (1095, 1096), "表彰奖励"))
    qual = np.flatnonzero(ent["sector"].isin(QUALIFIED).to_numpy())
    grades = []
    for y, k in ((2024, 0), (2025, 1), (2026, 2)):
        # rated on the previous year's state: the knot before, noise 0.6
        state = knots[qual, max(k - 1, 0)] if k else knots[qual, 0] - 0.1
        g = cut_grades(state + rng.normal(0, 0.6, len(qual)))
        grades.append(pd.DataFrame({"row": qual, "grade": g, "rated_on": np.datetime64(f"{y}-03-31")}))
    rate = 0.15 * 3 * np.exp(0.6 * (knots[:, 2] + 1.7))
    r, d = poisson_events(rng, rate, "2024-01-01", "2027-01-15")
    kind = rng.choice(["complaint", "referral"], size=len(r), p=[0.75, 0.25])
    trg = [trigger_frame(r[kind == k], d[kind == k], k, 0.1, rng) for k in ("complaint", "referral")]
    r, d = poisson_events(rng, np.full(n, 0.05), "2024-01-01", "2027-01-15")
    trg.append(trigger_frame(r, d, "enterprise_request", 0.0, rng))
    return World(ent, knots, o, pd.concat(rec), pd.concat(grades), pd.concat(trg))


def fam_gas_campaign(rng: np.random.Generator, n: int) -> World:
    share = dict(SECTOR_SHARE, gas=0.15, property_mgmt=0.25, construction=0.2, other=0.06)
    ent = enterprises(rng, n, CITIES["mianyang"], share)
    gas = ent["sector"].to_numpy() == "gas"
    remote = ent["remote_monitoring"].to_numpy() == "true"
    base = -1.9 + effects(ent, {"gas": 0.8, "property_mgmt": 0.4, "municipal": 0.2, "construction": 0.2,
                                "other": -0.4, "survey_design": -0.3},
                          {"micro": 0.1, "small": 0.1, "medium": 0.0, "large": 0.1})
    base += np.where(gas & remote, -1.2, np.where(gas, 0.4, 0.0))
    knots = random_walk(rng, base + rng.normal(0, 1.0, n), 0.45)
    strict = {"hb": 0.0, "um": 0.1, "gas": 0.2, "re": -0.1}
    minor = lambda eta: np.full(len(eta), 0.25)  # noqa: E731 - minor is pure inspector habit here
    v = lottery_visits(rng, ent, {y: 0.15 for y in HISTORY})
    targeted = np.flatnonzero(gas | (ent["sector"].to_numpy() == "property_mgmt"))
    k = rng.binomial(2, 0.95, len(targeted))
    row = np.repeat(targeted, k)
    d = rand_dates(rng, "2025-04-01", "2025-07-31", len(row), workday=True)
    ok = founded_mask(ent, row, d)
    camp = Visits(row[ok], d[ok], np.full(ok.sum(), 1.0), np.full(ok.sum(), 0.6))
    o = draw_outcomes(rng, ent, knots, join(v, camp), strict, minor)
    rec = [records_after_findings(rng, ent, o, 0.3, 0.5, 0.5)]
    graded = np.flatnonzero(rng.random(n) < 0.25)
    g = cut_grades(knots[graded, 0] + rng.normal(0, 0.3, len(graded)))
    grades = pd.DataFrame({"row": graded, "grade": g, "rated_on": np.datetime64("2024-06-30")})
    centre = np.median(knots[:, 3])
    alarm = np.where(gas & remote, 0.6 * np.exp(1.0 * (knots[:, 3] - centre)), 0.0)
    r, d = poisson_events(rng, alarm, "2026-10-01", "2027-01-20")
    trg = [trigger_frame(r, d, "data_monitoring", 0.3, rng)]
    pm = ent["sector"].to_numpy() == "property_mgmt"
    r, d = poisson_events(rng, np.where(pm, 0.3 * 3 * np.exp(0.4 * (knots[:, 2] - centre)), 0.02),
                          "2024-01-01", "2027-01-20")
    trg.append(trigger_frame(r, d, "complaint", 0.05, rng))
    return World(ent, knots, o, pd.concat(rec), grades, pd.concat(trg))


def fam_platform_derived(rng: np.random.Generator, n: int) -> World:
    ent = enterprises(rng, n, CITIES["ganzhou"], SECTOR_SHARE)
    base = -1.5 + effects(ent, {"construction": 0.2, "gas": 0.2, "other": -0.2, "survey_design": -0.2},
                          {"micro": 0.1, "large": -0.1})
    knots = random_walk(rng, base + rng.normal(0, 0.9, n), 0.15)
    strict = {"hb": -0.3, "um": 0.5, "gas": 0.0, "re": 0.2}
    minor = informative_minor(-1.2, 0.5, -1.5)
    o = draw_outcomes(rng, ent, knots, lottery_visits(rng, ent, {y: 1.0 for y in HISTORY}), strict, minor)
    rec = [records_after_findings(rng, ent, o, 0.6, 0.2, 0.1)]
    clean = o.outcome == "compliant"
    gd = clean & (rng.random(len(clean)) < 0.1)
    rec.append(record_frame(o.visits.row[gd], o.visits.date[gd] + np.timedelta64(20, "D"), "good", rng,
                            (1095, 1096), "检查无问题"))
    records = pd.concat(rec, ignore_index=True)
    # the platform's rule, applied on each firm's anniversary day each year, to the previous 24 months
    graded = np.flatnonzero(rng.random(n) < 0.95)
    doy = rng.integers(0, 360, len(graded)).astype("timedelta64[D]")
    pts_of = {"violation": 2.0, "serious": 4.0, "minor": 0.5, "compliant": 0.0}
    ins = pd.DataFrame({"row": o.visits.row, "date": o.visits.date, "pts": pd.Series(o.outcome).map(pts_of)})
    bad = records[records["kind"] == "bad"][["row", "recorded_on", "expires_on"]]
    grades = []
    for y in HISTORY:
        at = np.datetime64(f"{y}-01-01") + doy
        q = pd.DataFrame({"row": graded, "at": at})
        m = q.merge(ins, on="row")
        m = m[(m["date"] < m["at"]) & (m["date"] >= m["at"] - np.timedelta64(730, "D"))]
        pts = m.groupby("row")["pts"].sum()
        mb = q.merge(bad, on="row")
        mb = mb[(mb["recorded_on"] < mb["at"]) & (mb["expires_on"] >= mb["at"])]
        pts = pts.add(mb.groupby("row").size().astype(float), fill_value=0.0)
        p = pts.reindex(graded).fillna(0.0).to_numpy()
        g = np.select([p == 0, p <= 2, p <= 5], ["A", "B", "C"], "D")
        grades.append(pd.DataFrame({"row": graded, "grade": g, "rated_on": at}))
    rate = np.full(n, 0.05 * 3) * np.exp(0.2 * (knots[:, 2] + 1.5))
    r, d = poisson_events(rng, rate, "2024-01-01", "2026-12-31")
    trg = trigger_frame(r, d, "complaint", 0.05, rng)
    return World(ent, knots, o, records, pd.concat(grades), trg)


def fam_developer_distress(rng: np.random.Generator, n: int) -> World:
    share = dict(SECTOR_SHARE, real_estate=0.18, construction=0.28, other=0.05)
    ent = enterprises(rng, n, CITIES["luoyang"], share)
    sec = ent["sector"].to_numpy()
    base = -1.8 + effects(ent, {"real_estate": 0.2, "construction": 0.3, "property_mgmt": 0.3,
                                "survey_design": -0.2, "other": -0.3},
                          {"micro": 0.2, "small": 0.1, "large": -0.1})
    knots = random_walk(rng, base + rng.normal(0, 0.6, n), 0.2)
    p_distress = np.select([sec == "real_estate", sec == "construction"], [0.30, 0.15], 0.0)
    distressed = rng.random(n) < p_distress
    D = np.where(distressed, rng.uniform(1.2, 2.4, n), 0.0)
    knots += D[:, None] * np.array([0.0, 0.1, 0.5, 1.0])
    knots += np.where(sec == "property_mgmt", 1.0, 0.0)[:, None] * np.array([0.0, -0.25, -0.5, -0.75])
    strict = {"hb": 0.1, "um": 0.0, "gas": 0.0, "re": -0.1}
    minor = informative_minor(-1.3, 0.6, -1.8)
    o = draw_outcomes(rng, ent, knots, lottery_visits(rng, ent, {2024: 0.35, 2025: 0.25, 2026: 0.2}),
                      strict, minor)
    rec = [records_after_findings(rng, ent, o, 0.4, 0.2, 0.2)]
    r, d = poisson_events(rng, np.where(distressed, 0.9, 0.01), "2026-07-01", "2026-12-31")
    rec.append(record_frame(r, d, "bad", rng, (365, 1096), "拖欠农民工工资"))
    r, d = poisson_events(rng, np.where(distressed, 0.35, 0.002), "2026-10-01", "2027-01-25")
    rec.append(record_frame(r, d, "serious_dishonest", rng, (1095, 1096), "失信被执行人"))
    r, d = poisson_events(rng, np.full(n, 0.1), "2024-01-01", "2026-12-31")
    rec.append(record_frame(r, d, "good", rng, (1095, 1096), "良好信用信息"))
    rated = np.flatnonzero(np.isin(sec, ["real_estate", "construction"]))
    grades = []
    for day, k in (("2025-12-15", 2), ("2026-12-15", 3)):  # each on the coming year's state
        g = cut_grades(knots[rated, k] + rng.normal(0, 0.3, len(rated)), (0.35, 0.35, 0.18, 0.12))
        grades.append(pd.DataFrame({"row": rated, "grade": g, "rated_on": np.datetime64(day)}))
    r, d = poisson_events(rng, np.where(distressed, 1.2 * D / 1.8, 0.1), "2026-07-01", "2027-01-20")
    trg = [trigger_frame(r, d, "complaint", 0.3, rng)]
    r, d = poisson_events(rng, 0.2 * 3 * np.exp(0.3 * (knots[:, 1] + 1.8)), "2024-01-01", "2026-06-30")
    trg.append(trigger_frame(r, d, "complaint", 0.05, rng))
    return World(ent, knots, o, pd.concat(rec), pd.concat(grades), pd.concat(trg))


def fam_age_nonlinear(rng: np.random.Generator, n: int) -> World:
    ent = enterprises(rng, n, CITIES["ganzhou"], SECTOR_SHARE, young_share=0.33)
    sec, size = ent["sector"].to_numpy(), ent["size"].to_numpy()
    emp = ent["employees"].to_numpy().astype(float)
    shell = np.isin(size, ["micro", "small"]) & (rng.random(n) < 0.10)
    emp = np.where(shell, rng.integers(600, 2500, n), emp)
    ent["employees"] = emp.astype(int)
    fixed = (np.where(shell, 1.0, 0.0) + np.where((sec == "testing") & (emp < 15), 1.2, 0.0)
             + np.where((sec == "construction") & (size == "micro"), 0.5, 0.0)
             + np.where((sec == "gas") & (size == "large"), -0.6, 0.0))
    u = rng.normal(0, 0.5, n)
    knots = np.empty((n, 4))
    for j, t in enumerate(KNOTS):
        a = age_years(ent, t)
        f_age = np.select([a < 1.5, a < 3, a > 20], [1.4, 0.7, 0.4], 0.0)
        knots[:, j] = -1.9 + fixed + f_age + u
    knots += rng.normal(0, 0.15, (n, 4))
    strict = {"hb": 0.0, "um": 0.2, "gas": 0.1, "re": 0.0}
    minor = informative_minor(-1.1, 0.7, -1.6)
    outs = []
    prev = np.zeros(n, bool)
    for y in HISTORY:
        o = draw_outcomes(rng, ent, knots, lottery_visits(rng, ent, {y: 0.15 + 0.5 * prev}), strict, minor)
        outs.append(o)
        found = np.isin(o.outcome, ["violation", "serious"])
        prev = np.bincount(o.visits.row[found], minlength=n) > 0
    est = pd.to_datetime(ent["established_on"]).to_numpy().astype("datetime64[D]")
    new = np.flatnonzero((est >= np.datetime64("2023-07-01")) & (rng.random(n) < 0.7))
    d = est[new] + rng.integers(20, 180, len(new)).astype("timedelta64[D]")
    ok = (d >= np.datetime64("2024-01-02")) & (d <= np.datetime64("2026-12-28"))
    opening = Visits(new[ok], d[ok], np.zeros(ok.sum()), np.full(ok.sum(), np.nan))
    outs.append(draw_outcomes(rng, ent, knots, opening, strict, minor))
    o = Outcomes(join(*(x.visits for x in outs)), *(np.concatenate([getattr(x, f) for x in outs])
                                                    for f in ("agency", "outcome", "rectified")))
    rec = [records_after_findings(rng, ent, o, 0.5, 0.2, 0.2)]
    r, d = poisson_events(rng, np.full(n, 0.15), "2024-01-01", "2026-12-31")
    ok = founded_mask(ent, r, d)
    rec.append(record_frame(r[ok], d[ok], "good", rng, (1095, 1096), "纳税信用良好"))
    graded = np.flatnonzero(rng.random(n) < 0.6)
    tax = rng.normal(0, 1, len(graded))  # a tax rating: stable per firm, unrelated to the truth
    grades = []
    for y in HISTORY:
        g = cut_grades(tax + rng.normal(0, 0.5, len(graded)))
        ok = founded_mask(ent, graded, np.full(len(graded), np.datetime64(f"{y}-09-20")))
        grades.append(pd.DataFrame({"row": graded[ok], "grade": g[ok], "rated_on": np.datetime64(f"{y}-09-20")}))
    r, d = poisson_events(rng, 0.12 * 3 * np.exp(0.5 * (knots[:, 2] + 1.6)), "2024-01-01", "2027-01-15")
    ok = founded_mask(ent, r, d)
    trg = trigger_frame(r[ok], d[ok], "complaint", 0.1, rng)
    return World(ent, knots, o, pd.concat(rec), pd.concat(grades), trg)


def fam_thin_history(rng: np.random.Generator, n: int) -> World:
    ent = enterprises(rng, n, CITIES["mianyang"], SECTOR_SHARE)
    base = -1.7 + effects(ent, {"construction": 0.4, "gas": 0.5, "property_mgmt": 0.3, "ready_mix": 0.3,
                                "other": -0.4, "survey_design": -0.4, "supervision": -0.2},
                          {"micro": 0.2, "large": -0.2})
    knots = random_walk(rng, base + rng.normal(0, 1.1, n), 0.2)
    strict = {"hb": 0.0, "um": 0.0, "gas": 0.0, "re": 0.0}
    minor = informative_minor(-1.2, 0.6, -1.7)
    o = draw_outcomes(rng, ent, knots, lottery_visits(rng, ent, {2026: 0.13}, start="2026-03-01"),
                      strict, minor)
    c = -1.7
    rec = [records_after_findings(rng, ent, o, 0.5, 0.3, 0.1)]
    for (start, end), k in ((("2024-01-01", "2024-12-31"), 0), (("2025-01-01", "2025-12-31"), 1),
                            (("2026-01-01", "2027-01-20"), 2)):
        r, d = poisson_events(rng, 0.25 * np.exp(0.8 * (knots[:, k] - c)), start, end)
        ok = founded_mask(ent, r, d)
        rec.append(record_frame(r[ok], d[ok], "bad", rng, (183, 1096), "省平台归集不良信息"))
        r, d = poisson_events(rng, 0.03 * np.exp(1.0 * (knots[:, k] - c)), start, end)
        ok = founded_mask(ent, r, d)
        rec.append(record_frame(r[ok], d[ok], "serious_dishonest", rng, (1095, 1096), "省平台严重失信名单"))
        r, d = poisson_events(rng, 0.2 * np.exp(-0.5 * (knots[:, k] - c)), start, end)
        ok = founded_mask(ent, r, d)
        rec.append(record_frame(r[ok], d[ok], "good", rng, (1095, 1096), "省平台良好信息"))
    records = pd.concat(rec, ignore_index=True)
    bad = records[records["kind"] == "bad"]
    rp = rng.random(len(bad)) < 0.3
    rd = bad["recorded_on"].to_numpy()[rp] + rng.integers(183, 400, rp.sum()).astype("timedelta64[D]")
    keep = rd <= np.datetime64("2027-01-20")
    records = pd.concat([records, record_frame(bad["row"].to_numpy()[rp][keep], rd[keep], "repair", rng,
                                               None, "信用修复")], ignore_index=True)
    z = knots[:, 1] + rng.normal(0, 0.5, n)
    watch = np.flatnonzero(z >= np.quantile(z, 0.90))
    g = np.where(z[watch] >= np.quantile(z, 0.97), "D", "C")
    grades = pd.DataFrame({"row": watch, "grade": g, "rated_on": np.datetime64("2025-11-10")})
    r, d = poisson_events(rng, 0.1 * 1.6 * np.exp(0.6 * (knots[:, 2] - c)), "2025-06-01", "2027-01-20")
    trg = trigger_frame(r, d, "referral", 0.2, rng)
    return World(ent, knots, o, records, grades, trg)


BUILDERS: dict[str, Callable[[np.random.Generator, int], World]] = {
    "spring_rating": fam_spring_rating, "gas_campaign": fam_gas_campaign,
    "platform_derived": fam_platform_derived, "developer_distress": fam_developer_distress,
    "age_nonlinear": fam_age_nonlinear, "thin_history": fam_thin_history,
}


# ------------------------------------------------------------------------- writing a bundle

def _staff(city: City, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    teams, officers = [], []
    for ag in AGENCIES:
        dists = list(city.districts) + ([city.code] if ag in ("hb", "um") else [])
        for dc in dists:
            tid = f"{ag}-{dc}"
            teams.append((tid, ag, dc, 2))
            for k in range(6):
                role = "enforcement" if k < 4 else ("auxiliary" if k == 4 else "legal_review")
                enf = role == "enforcement"
                officers.append((f"{tid}-{k:02d}", f"执法人员{tid}-{k:02d}", tid, role,
                                 f"豫{rng.integers(10**7, 10**8)}" if enf else "",
                                 f"{rng.integers(2028, 2031)}-06-30" if enf else "",
                                 int(rng.integers(30, 90)), int(rng.integers(30, 70)) if enf else ""))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]))


def _d(x: pd.Series) -> pd.Series:
    return pd.to_datetime(x).dt.strftime("%Y-%m-%d").fillna("")


def write_bundle(w: World, family: str, seed: int, city: City, rng: np.random.Generator, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ids = w.ent["enterprise_id"].to_numpy()
    w.ent.to_csv(out / "enterprises.csv", index=False)
    pd.DataFrame({"agency_id": list(AGENCIES), "name": [f"{city.name}市{v}" for v in AGENCIES.values()]}
                 ).to_csv(out / "agencies.csv", index=False)
    pd.DataFrame(ITEMS, columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"]
                 ).assign(remote_allowed=lambda f: f["remote_allowed"].map({True: "true", False: "false"})
                          ).to_csv(out / "items.csv", index=False)
    teams, officers = _staff(city, rng)
    teams.to_csv(out / "teams.csv", index=False)
    officers.to_csv(out / "officers.csv", index=False)

    h = w.hist
    dist = w.ent["district_code"].to_numpy()[h.visits.row]
    a = rng.integers(0, 4, len(dist))
    b = (a + 1 + rng.integers(0, 3, len(dist))) % 4
    team = np.char.add(np.char.add(h.agency.astype(str), "-"), dist.astype(str))
    offs = np.char.add(np.char.add(np.char.add(team, "-0"), a.astype(str)),
                       np.char.add(np.char.add(";", np.char.add(team, "-0")), b.astype(str)))
    offs = np.where(rng.random(len(dist)) < 0.1, "", offs)  # some registers leave it blank
    order = np.lexsort((h.visits.row, h.visits.date))
    insp = pd.DataFrame({"enterprise_id": ids[h.visits.row], "agency_id": h.agency,
                         "inspected_on": h.visits.date.astype(str), "officer_ids": offs,
                         "outcome": h.outcome, "rectified": h.rectified}).iloc[order]
    insp.insert(0, "inspection_id", [f"JC{family[:2].upper()}{i:07d}" for i in range(len(insp))])
    insp.to_csv(out / "inspections.csv", index=False)

    # nothing is recorded about a firm before it exists (the families draw some events blind to founding)
    rec = w.records[founded_mask(w.ent, w.records["row"].to_numpy(),
                                 w.records["recorded_on"].to_numpy().astype("datetime64[D]"))]
    rec = rec.sort_values(["recorded_on", "row"], kind="stable")
    pd.DataFrame({"enterprise_id": ids[rec["row"].to_numpy()], "recorded_on": _d(rec["recorded_on"]),
                  "kind": rec["kind"].to_numpy(), "expires_on": _d(rec["expires_on"]),
                  "note": rec["note"].to_numpy()}).to_csv(out / "credit_records.csv", index=False)
    gr = w.grades.sort_values(["rated_on", "row"], kind="stable")
    pd.DataFrame({"enterprise_id": ids[gr["row"].to_numpy()], "grade": gr["grade"].to_numpy(),
                  "rated_on": _d(gr["rated_on"])}).to_csv(out / "credit_grades.csv", index=False)
    tr = w.triggers[founded_mask(w.ent, w.triggers["row"].to_numpy(),
                                 w.triggers["received_on"].to_numpy().astype("datetime64[D]"))]
    tr = tr.sort_values(["received_on", "row"], kind="stable").reset_index(drop=True)
    sec = w.ent["sector"].to_numpy()[tr["row"].to_numpy()]
    pd.DataFrame({"trigger_id": [f"XS{i:06d}" for i in range(len(tr))],
                  "enterprise_id": ids[tr["row"].to_numpy()],
                  "agency_id": [SECTOR_AGENCY[s][0] for s in sec], "received_on": _d(tr["received_on"]),
                  "kind": tr["kind"].to_numpy(), "urgent": tr["urgent"].to_numpy()}
                 ).to_csv(out / "triggers.csv", index=False)

    days = pd.date_range(f"{PLAN_YEAR}-01-01", f"{PLAN_YEAR}-12-31")
    work = [CALENDAR_2027.get(f"{d:%Y-%m-%d}", d.weekday() < 5) for d in days]
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "workday": np.where(work, "true", "false")}
                 ).to_csv(out / "calendar.csv", index=False)
    enf = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    pick = rng.choice(enf, size=min(len(enf), 12), replace=False)
    start = rand_dates(rng, "2027-02-15", "2027-11-15", len(pick))
    pd.DataFrame({"officer_id": pick, "start_on": start.astype(str),
                  "end_on": (start + rng.integers(3, 20, len(pick)).astype("timedelta64[D]")).astype(str),
                  "reason": rng.choice(["leave", "training", "secondment"], len(pick))}
                 ).to_csv(out / "unavailability.csv", index=False)
    pd.DataFrame({"officer_id": rng.choice(enf, 8), "enterprise_id": rng.choice(ids, 8),
                  "reason": "亲属关系"}).drop_duplicates().to_csv(out / "recusals.csv", index=False)
    (out / "policy.json").write_text(json.dumps({"year": PLAN_YEAR, "seed": f"foreign4-{family}-{seed}"},
                                                ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path) -> tuple[Path, Path]:
    """Write ``out/bundle/`` (the upload) and ``out/truth.csv`` (hidden) for one bureau."""
    if family not in BUILDERS:
        raise ValueError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
    out = Path(out)
    # one stream per (family, seed): families never share draws, sizes stay comparable
    rng = np.random.default_rng([seed, FAMILIES.index(family), n])
    w = BUILDERS[family](rng, n)
    bundle = out / "bundle"
    write_bundle(w, family, seed, CITIES[FAMILY_CITY[family]], rng, bundle)
    p = np.clip(sigmoid(w.knots[:, 3]), 1e-4, 1 - 1e-4)
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": w.ent["enterprise_id"], "p_violation": np.round(p, 6)}
                 ).to_csv(truth, index=False)
    return bundle, truth


if __name__ == "__main__":
    import sys
    fam, n_, s_ = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print(generate(fam, n_, s_, Path(sys.argv[4])))
