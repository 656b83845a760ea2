"""Foreign bureaus: synthetic bundles made from the contract alone (issue 9's held-out test).

Written from /work/shared/spec/bundle.md and its example only, by someone who has not read the
project's own scenario generator or risk model. Each bureau is a whole bundle (every required file,
plan year 2027, history 2024–2026) and, *beside* it, ``truth.csv`` (enterprise_id, p_violation):
the probability that one inspection in the plan year finds ``violation`` or ``serious``
(违法违规 / 严重违法违规, bundle.md's outcome codes).

The common skeleton: each enterprise has, for every year y, a hidden logit

    eta[i, y] = base + sector + size + f(age) + remote + employees + interactions
                + firm effect u_i (persistent) + group effect g (same legal person 同一实际控制人)
                + a[i, y] (AR(1) over the years: firms improve and decline) + drift(sector, district, y)

``p = sigmoid(eta)``; ``base`` is solved so that the plan year's mean p is the family's base rate.
Past inspections are drawn by a family's own selection process, outcomes from p of that year;
credit records, grades and the plan year's January triggers follow from the same hidden state in a
family's own way. Nothing hidden is written into the bundle (no group column, no p).

Families (each differs in *structure*, not only in parameter values):

``group_careless`` 粗心企业与关联集团
    A strong persistent firm effect plus a shared effect for firms of one legal person (45% of firms
    sit in groups of 2–8 that share a trade-name brand, visible only in the name). Past plans were
    uniform 双随机 draws (no selection bias). Minor findings follow the propensity (a careless firm
    leaves both small and big problems). Grades rated every 31 October from the past year's
    inspection record (so the grade is derived from the very history it would "add"). Triggers
    mildly informative. Plausible: 集团 subsidiaries share managers, safety culture and
    subcontractors.

``risk_list_bias`` 按风险名单检查
    Past plans visited firms on a risk list: last year's violators, C/D grades and active bad
    records got up to ~5× the visits, new firms almost none (selection bias: the history is thick
    exactly where risk was already known). Follow-ups after unrectified violations. Strong sector
    and size effects, new firms (< 2 years) riskier. Minor findings are an agency's writing habit,
    not a property of the firm (noise). The credit platform's grade is informative (rated on
    scattered dates 2025–2026 from its own data). Triggers are noise (malicious/competitor
    complaints).

``drift_new_zone`` 行业漂移与开发区
    Risk moves over the years: real-estate developers slide (presale-fund misuse, 烂尾楼 after the
    liquidity squeeze), gas firms improve after the post-2023 safety campaign (安全生产治本攻坚).
    A new development zone (a fifth district code) got a surge of young firms in 2025–2026 that are
    riskier from 2026. Firm effects change quickly (AR rho 0.5). Grades rated once, in June 2024,
    and never again (stale). Complaints about property-management and developers are informative
    (residents complain about real problems: 交房, 维修资金), elsewhere noise.

``complaint_driven`` 投诉驱动
    Past inspections came mostly from complaints; complaint volume depends on how *visible* a
    sector is (residents see property management and dusty sites, never survey-design offices)
    times the firm's risk, so history over-covers visible sectors. Large firms are riskier
    (subcontracting chains) but seldom complained about. Half the firms have no grade. January
    complaints are strongly informative. Minor findings are an agency habit.

``nonlinear_sparse`` 非线性·稀疏历史
    Effects of signs and shapes one would not guess: a U in age (start-ups and 20-year-old firms
    with old equipment are worst), remote monitoring *raises* risk (it was imposed after
    incidents), head count an inverted U (mid-sized contractors juggle most sites), micro gas firms
    (bottled-LPG shops 瓶装液化气) far worse, large construction firms worse. Sparse history: about
    0.15 inspections per firm-year, given mostly to large firms (they are easy to find). No
    credit_grades.csv at all (the optional file is absent). Triggers are noise.

``credit_platform`` 信用平台主导
    A hidden financial-stress factor (AR rho 0.85) drives both violations and the credit platform:
    wage-arrears bad records (拖欠农民工工资) for construction and real-estate firms, grades rated on
    rolling dates 2024–2026 (some firms re-rated), serious-dishonesty listings partly published in
    January 2027. Bad records after violations lag 3–13 months, so some arrive in January of the
    plan year. Enterprise requests (企业申请, e.g. for a certificate) come from the *good* firms, so
    that trigger kind points the wrong way; complaints are mildly informative. Sparse-ish uniform
    history (0.3 per firm-year).

``volatile_firms`` 经营波动大
    Little lasting firm effect: a firm's state this year is mostly new (AR rho 0.3 — project-based
    contractors change sites, managers and subcontractors every year), so three years of history say
    little and the plan year's spread is small (the hardest world: oracle lift ≈ 2). What the
    January complaints say about *now* is the best signal there is. Grades from last year's
    inspections, as in ``group_careless``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar
import numpy as np
import pandas as pd
from faker import Faker

PLAN_YEAR = 2027
HISTORY_YEARS = (2024, 2025, 2026)
YEARS = (*HISTORY_YEARS, PLAN_YEAR)
#: the bundle is assembled in late January: records and triggers up to this date are in it
UPLOAD_DATE = dt.date(PLAN_YEAR, 1, 25)
PLAN_START = dt.date(PLAN_YEAR, 1, 1)

SECTORS = (
    "construction",
    "real_estate",
    "property_mgmt",
    "gas",
    "supervision",
    "survey_design",
    "testing",
    "ready_mix",
    "municipal",
    "other",
)
SECTOR_SHARE = (0.30, 0.08, 0.15, 0.06, 0.08, 0.05, 0.04, 0.04, 0.06, 0.14)
SECTOR_WORD = {
    "construction": "建筑工程",
    "real_estate": "房地产开发",
    "property_mgmt": "物业服务",
    "gas": "燃气",
    "supervision": "工程监理",
    "survey_design": "勘察设计",
    "testing": "工程检测",
    "ready_mix": "商品混凝土",
    "municipal": "市政工程",
    "other": "环境工程",
}
SIZES = ("micro", "small", "medium", "large")
SIZE_SHARE = (0.40, 0.35, 0.18, 0.07)
#: head counts per size band (lognormal medians); 企业划型 is by revenue too, so bands overlap
SIZE_EMP_MEDIAN = {"micro": 6, "small": 45, "medium": 260, "large": 1400}

#: agency → (name suffix, items: (id, name, legal basis, sectors, remote_allowed))
AGENCIES: dict[str, tuple[str, list[tuple[str, str, str, tuple[str, ...], bool]]]] = {
    "zj": (
        "住房和城乡建设局",
        [
            ("zj-aq", "建筑施工安全生产检查", "《建设工程安全生产管理条例》", ("construction", "ready_mix", "municipal"), False),
            (
                "zj-zl",
                "工程质量与检测行为检查",
                "《建设工程质量管理条例》",
                ("construction", "supervision", "survey_design", "testing", "ready_mix"),
                True,
            ),
        ],
    ),
    "cg": (
        "城市管理综合行政执法局",
        [
            (
                "cg-yc",
                "施工扬尘与建筑垃圾处置检查",
                "《中华人民共和国大气污染防治法》",
                ("construction", "municipal", "property_mgmt", "other"),
                False,
            ),
            ("cg-gg", "户外广告与门前三包检查", "《城市市容和环境卫生管理条例》", ("other", "property_mgmt"), True),
        ],
    ),
    "rq": (
        "燃气安全管理中心",
        [
            ("rq-jy", "燃气经营许可与安全检查", "《城镇燃气管理条例》", ("gas",), False),
            ("rq-jc", "燃气在线监测数据核查", "《城镇燃气管理条例》", ("gas",), True),
        ],
    ),
    "fg": (
        "房地产市场服务中心",
        [
            ("fg-ys", "商品房预售资金监管检查", "《城市房地产开发经营管理条例》", ("real_estate",), True),
            ("fg-wy", "物业服务与维修资金检查", "《物业管理条例》", ("property_mgmt", "real_estate"), False),
        ],
    ),
}
SECTOR_AGENCIES = {s: [a for a, (_, items) in AGENCIES.items() if any(s in it[3] for it in items)] for s in SECTORS}

#: cities the bureaus sit in: (name, city code, districts, certificate prefix)
CITIES = (
    ("株洲", "430200", ("430202", "430203", "430204", "430211"), "湘"),
    ("芜湖", "340200", ("340202", "340207", "340209", "340210"), "皖"),
    ("绵阳", "510700", ("510703", "510704", "510705", "510722"), "川"),
)
BRANDS = tuple(
    [
        "恒泰",
        "华宇",
        "鑫源",
        "中诚",
        "宏达",
        "金鼎",
        "瑞丰",
        "天元",
        "德信",
        "永安",
        "嘉禾",
        "汇通",
        "长盛",
        "兴业",
        "新城",
        "诚远",
        "博雅",
        "正和",
        "安达",
        "科建",
        "中瑞",
        "广厦",
        "东方",
        "鼎盛",
        "远大",
        "旭日",
        "佳联",
        "合力",
        "盛世",
        "润泽",
        "国信",
        "万通",
    ]
)

# GB 32100-2015 统一社会信用代码 and GB 11714 组织机构代码
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_BODY_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_code(body8: str) -> str:
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + ("X" if check == 10 else "0" if check == 11 else str(check))


def uscc(district: str, body8: str) -> str:
    """A 统一社会信用代码 with valid check characters: 9 (工商) 1 (企业) + district + org code + check."""
    body = "91" + district + _org_code(body8)
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_CHARS[(31 - total % 31) % 31]


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class Family:
    """One structure of hidden propensity and of how the bundle came to be (see module docstring)."""

    name: str
    zh: str
    base_rate: float
    sector_eff: dict[str, float]
    size_eff: dict[str, float]
    age_fn: Callable[[np.ndarray], np.ndarray]
    remote_eff: float
    emp_fn: Callable[[np.ndarray], np.ndarray]
    firm_sd: float
    ar_sd: float
    ar_rho: float
    selection: str  # random | risk_list | complaints | visible
    insp_rate: float
    minor: str  # follows | agency
    grades: str  # history | platform | stale | none
    grade_coverage: float
    triggers: str  # informative | noise | resident | request_inverse
    trigger_rate: float
    credit_lag: tuple[int, int]
    group_share: float = 0.0
    group_sd: float = 0.0
    new_zone: bool = False
    wage_arrears: bool = False
    interaction: Callable[[pd.DataFrame], np.ndarray] | None = None
    drift: Callable[[pd.DataFrame, int], np.ndarray] | None = None
    extra: dict[str, float] = field(default_factory=dict)


def _zero(x: np.ndarray) -> np.ndarray:
    return np.zeros_like(x, dtype=float)


def _drift_sectors(ent: pd.DataFrame, year: int) -> np.ndarray:
    k = YEARS.index(year)  # 0..3
    out = np.zeros(len(ent))
    out += np.where(ent["sector"] == "real_estate", (-0.3, 0.3, 0.9, 1.5)[k], 0.0)
    out += np.where(ent["sector"] == "gas", (1.0, 0.5, 0.0, -0.5)[k], 0.0)
    out += np.where(ent["new_zone"] & (year >= 2026), 0.9, 0.0)
    return out


def _nonlinear_interaction(ent: pd.DataFrame) -> np.ndarray:
    micro_gas = (ent["sector"] == "gas") & (ent["size"] == "micro")
    large_build = (ent["sector"] == "construction") & (ent["size"] == "large")
    return 1.4 * micro_gas.to_numpy() + 0.7 * large_build.to_numpy()


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family(
            name="group_careless",
            zh="粗心企业与关联集团",
            base_rate=0.15,
            sector_eff={
                "construction": 0.4,
                "gas": 0.3,
                "ready_mix": 0.3,
                "property_mgmt": 0.1,
                "supervision": -0.3,
                "survey_design": -0.4,
                "other": -0.3,
            },
            size_eff={"micro": 0.2, "small": 0.1, "large": -0.2},
            age_fn=lambda a: -0.02 * a,
            remote_eff=-0.2,
            emp_fn=_zero,
            firm_sd=0.8,
            ar_sd=0.3,
            ar_rho=0.8,
            group_share=0.45,
            group_sd=0.7,
            selection="random",
            insp_rate=0.55,
            minor="follows",
            grades="history",
            grade_coverage=0.8,
            triggers="informative",
            trigger_rate=0.04,
            credit_lag=(20, 120),
        ),
        Family(
            name="risk_list_bias",
            zh="按风险名单检查",
            base_rate=0.18,
            sector_eff={
                "construction": 0.8,
                "gas": 0.6,
                "ready_mix": 0.5,
                "property_mgmt": 0.2,
                "real_estate": -0.2,
                "supervision": -0.5,
                "survey_design": -0.8,
                "testing": -0.1,
                "municipal": 0.1,
                "other": -0.6,
            },
            size_eff={"micro": 0.5, "small": 0.2, "medium": -0.1, "large": -0.3},
            age_fn=lambda a: 0.8 * (a < 2),
            remote_eff=-0.3,
            emp_fn=_zero,
            firm_sd=0.7,
            ar_sd=0.5,
            ar_rho=0.7,
            selection="risk_list",
            insp_rate=0.5,
            minor="agency",
            grades="platform",
            grade_coverage=0.75,
            triggers="noise",
            trigger_rate=0.04,
            credit_lag=(15, 90),
        ),
        Family(
            name="drift_new_zone",
            zh="行业漂移与开发区",
            base_rate=0.15,
            sector_eff={"construction": 0.3, "property_mgmt": 0.2, "supervision": -0.2, "other": -0.3},
            size_eff={"micro": 0.2, "large": -0.1},
            age_fn=lambda a: -0.01 * a,
            remote_eff=-0.2,
            emp_fn=_zero,
            firm_sd=0.5,
            ar_sd=0.7,
            ar_rho=0.5,
            new_zone=True,
            drift=_drift_sectors,
            selection="random",
            insp_rate=0.45,
            minor="follows",
            grades="stale",
            grade_coverage=0.7,
            triggers="resident",
            trigger_rate=0.05,
            credit_lag=(30, 150),
        ),
        Family(
            name="complaint_driven",
            zh="投诉驱动",
            base_rate=0.16,
            sector_eff={"construction": 0.3, "gas": 0.4, "testing": 0.3, "survey_design": 0.2, "property_mgmt": -0.2, "other": -0.4},
            size_eff={"micro": -0.1, "medium": 0.2, "large": 0.5},
            age_fn=lambda a: -0.015 * a,
            remote_eff=0.0,
            emp_fn=_zero,
            firm_sd=0.7,
            ar_sd=0.5,
            ar_rho=0.6,
            selection="complaints",
            insp_rate=0.4,
            minor="agency",
            grades="history",
            grade_coverage=0.5,
            triggers="informative",
            trigger_rate=0.07,
            credit_lag=(20, 120),
            extra={"trigger_k": 1.3},
        ),
        Family(
            name="nonlinear_sparse",
            zh="非线性·稀疏历史",
            base_rate=0.14,
            sector_eff={"gas": 0.3, "construction": 0.2, "other": -0.3},
            size_eff={},
            age_fn=lambda a: 1.3 * np.exp(-a / 1.5) + 0.08 * np.maximum(a - 15.0, 0.0),
            remote_eff=0.6,
            emp_fn=lambda e: 0.5 - 0.22 * (np.log1p(e) - math.log(80.0)) ** 2,
            firm_sd=0.5,
            ar_sd=0.3,
            ar_rho=0.8,
            interaction=_nonlinear_interaction,
            selection="visible",
            insp_rate=0.15,
            minor="follows",
            grades="none",
            grade_coverage=0.0,
            triggers="noise",
            trigger_rate=0.03,
            credit_lag=(20, 120),
        ),
        Family(
            name="credit_platform",
            zh="信用平台主导",
            base_rate=0.17,
            sector_eff={"construction": 0.3, "real_estate": 0.3, "survey_design": -0.3, "other": -0.2},
            size_eff={"micro": 0.2, "large": -0.2},
            age_fn=lambda a: -0.01 * a,
            remote_eff=-0.1,
            emp_fn=_zero,
            firm_sd=0.3,
            ar_sd=0.9,
            ar_rho=0.85,
            wage_arrears=True,
            selection="random",
            insp_rate=0.3,
            minor="follows",
            grades="platform",
            grade_coverage=0.85,
            triggers="request_inverse",
            trigger_rate=0.05,
            credit_lag=(90, 400),
        ),
        Family(
            name="volatile_firms",
            zh="经营波动大",
            base_rate=0.13,
            sector_eff={"construction": 0.2, "gas": 0.2, "other": -0.2},
            size_eff={"micro": 0.1},
            age_fn=lambda a: -0.01 * a,
            remote_eff=-0.1,
            emp_fn=_zero,
            firm_sd=0.3,
            ar_sd=0.6,
            ar_rho=0.3,
            selection="random",
            insp_rate=0.45,
            minor="follows",
            grades="history",
            grade_coverage=0.7,
            triggers="informative",
            trigger_rate=0.08,
            credit_lag=(20, 120),
            extra={"trigger_k": 1.2},
        ),
    )
}

#: an agency's habit of writing "minor" on a clean visit (family minor="agency")
AGENCY_MINOR_HABIT = {"zj": 0.35, "cg": 0.08, "rq": 0.25, "fg": 0.15}


def _workdays(year: int) -> np.ndarray:
    days = chinese_calendar.get_workdays(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return np.array(days, dtype="datetime64[D]")


def plan_year_calendar(year: int = PLAN_YEAR) -> pd.DataFrame:
    """calendar.csv for the plan year: no installed calendar knows it, so the bundle must say.

    Weekends off plus the usual statutory holidays at their likely 2027 dates (an invented
    schedule, like the contract's example; 调休 make-up Saturdays included)."""
    off = {
        dt.date(year, 1, 1),
        *(dt.date(year, 2, d) for d in range(6, 14)),
        dt.date(year, 4, 5),
        *(dt.date(year, 5, d) for d in range(1, 6)),
        dt.date(year, 6, 9),
        dt.date(year, 9, 15),
        *(dt.date(year, 10, d) for d in range(1, 8)),
    }
    makeup = {dt.date(year, 2, 20), dt.date(year, 4, 24), dt.date(year, 9, 26), dt.date(year, 10, 9)}
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31").date
    work = [(d in makeup) or (d.weekday() < 5 and d not in off) for d in days]
    return pd.DataFrame({"date": [d.isoformat() for d in days], "workday": ["true" if w else "false" for w in work]})


def _enterprises(fam: Family, n: int, rng: np.random.Generator, city: tuple) -> pd.DataFrame:
    city_name, city_code, districts, _ = city
    districts = list(districts)
    dist_w = np.array([0.32, 0.28, 0.24, 0.16])
    if fam.new_zone:  # a development zone (开发区) with its own code, filled by young firms
        districts.append(city_code[:4] + "71")
        dist_w = np.append(dist_w * 0.8, 0.2)
    sector = rng.choice(SECTORS, size=n, p=SECTOR_SHARE)
    size = rng.choice(SIZES, size=n, p=SIZE_SHARE)
    district = rng.choice(districts, size=n, p=dist_w / dist_w.sum())
    age = np.clip(rng.gamma(1.6, 6.0, size=n), 0.1, 40.0)  # years before the plan year
    new_zone = district == districts[-1] if fam.new_zone else np.zeros(n, bool)
    if fam.new_zone:  # the surge: most zone firms were set up in 2025–2026
        age = np.where(new_zone & (rng.random(n) < 0.7), rng.uniform(0.1, 2.0, n), age)
    established = [PLAN_START - dt.timedelta(days=int(a * 365.25)) for a in age]
    emp = np.array([max(1, int(rng.lognormal(math.log(SIZE_EMP_MEDIAN[s]), 0.6))) for s in size])
    if fam.selection == "visible" or fam.name == "nonlinear_sparse":
        emp = np.maximum(emp, 1)
    remote_p = np.select([sector == "gas", sector == "construction", sector == "property_mgmt"], [0.7, 0.4, 0.25], 0.08)
    remote = rng.random(n) < remote_p
    # groups: firms of one legal person share a brand in their names
    group = np.full(n, -1)
    if fam.group_share > 0:
        members = np.flatnonzero(rng.random(n) < fam.group_share)
        rng.shuffle(members)
        g, k = 0, 0
        while k < len(members):
            m = int(rng.integers(2, 9))
            group[members[k : k + m]] = g
            g, k = g + 1, k + m
    brand = np.array([BRANDS[int(x)] for x in rng.integers(0, len(BRANDS), n)], dtype=object)
    for g in np.unique(group[group >= 0]):
        brand[group == g] = BRANDS[int(rng.integers(0, len(BRANDS)))]
    ids: list[str] = []
    seen: set[str] = set()
    for d in district:
        while True:
            cand = uscc(d, "".join(rng.choice(list(ORG_BODY_CHARS), 8)))
            if cand not in seen:
                seen.add(cand)
                ids.append(cand)
                break
    qualifier = ("", "第一", "第二", "城建", "华中", "新区")
    names = [
        f"{city_name}{b}{qualifier[int(rng.integers(0, 6))]}{SECTOR_WORD[s]}有限公司{i}"
        for i, (b, s) in enumerate(zip(brand, sector, strict=True))
    ]
    roads = ("建设路", "人民路", "解放路", "滨江路", "新华路", "长江路", "迎宾大道", "工业园路")
    emp_out = [str(e) if rng.random() > 0.05 else "" for e in emp]  # optional column, partly blank
    return pd.DataFrame(
        {
            "enterprise_id": ids,
            "name": names,
            "district_code": district,
            "sector": sector,
            "size": size,
            "employees": emp_out,
            "established_on": [d.isoformat() for d in established],
            "address": [f"{city_name}市{roads[int(rng.integers(0, 8))]}{int(rng.integers(1, 999))}号" for _ in range(n)],
            "remote_monitoring": np.where(remote, "true", "false"),
            # hidden, dropped before writing
            "_age": age,
            "_emp": emp.astype(float),
            "_remote": remote,
            "_group": group,
            "new_zone": new_zone,
            "_established": established,
        }
    )


def _latent(fam: Family, ent: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """eta[i, k] for k over YEARS, with the base solved to the family's plan-year base rate."""
    n = len(ent)
    static = (
        ent["sector"].map(fam.sector_eff).fillna(0.0).to_numpy()
        + ent["size"].map(fam.size_eff).fillna(0.0).to_numpy()
        + fam.remote_eff * ent["_remote"].to_numpy()
        + fam.emp_fn(ent["_emp"].to_numpy())
        + rng.normal(0.0, fam.firm_sd, n)
    )
    if fam.interaction is not None:
        static = static + fam.interaction(ent)
    if fam.group_sd > 0:
        groups = ent["_group"].to_numpy()
        g_eff = rng.normal(0.0, fam.group_sd, groups.max() + 2)
        static = static + np.where(groups >= 0, g_eff[groups], 0.0)
    eta = np.zeros((n, len(YEARS)))
    a = rng.normal(0.0, fam.ar_sd, n)
    for k, y in enumerate(YEARS):
        if k:
            a = fam.ar_rho * a + math.sqrt(1 - fam.ar_rho**2) * rng.normal(0.0, fam.ar_sd, n)
        age_y = np.maximum(ent["_age"].to_numpy() - (PLAN_YEAR - y), 0.05)
        eta[:, k] = static + fam.age_fn(age_y) + a
        if fam.drift is not None:
            eta[:, k] += fam.drift(ent, y)
    # stress = the AR part, kept for the credit platform (family credit_platform)
    ent["_stress_last"] = a
    lo, hi = -12.0, 12.0
    for _ in range(60):  # bisection on the base so the plan year's mean p is the base rate
        mid = (lo + hi) / 2
        if sigmoid(eta[:, -1] + mid).mean() < fam.base_rate:
            lo = mid
        else:
            hi = mid
    return eta + (lo + hi) / 2


@dataclass
class _History:
    rows: list[dict] = field(default_factory=list)
    credit: list[dict] = field(default_factory=list)


def _officers(agency: str, team_officers: dict[str, list[str]], district: str, city_code: str, rng: np.random.Generator) -> str:
    team = f"{agency}-{district}" if f"{agency}-{district}" in team_officers else f"{agency}-{city_code}"
    pool = team_officers[team]
    pick = rng.choice(len(pool), size=2, replace=False)
    return ";".join(pool[int(i)] for i in pick)


def _history(
    fam: Family, ent: pd.DataFrame, eta: np.ndarray, rng: np.random.Generator, team_officers: dict[str, list[str]], city_code: str
) -> _History:
    n = len(ent)
    hist = _History()
    est = np.array(ent["_established"].tolist(), dtype="datetime64[D]")
    sector = ent["sector"].to_numpy()
    district = ent["district_code"].to_numpy()
    size = ent["size"].to_numpy()
    firm_u = eta.mean(axis=1) - eta.mean()  # a firm's lasting carelessness, for serious/rectified
    prior_viol = np.zeros(n)
    grade_prev = np.full(n, "", dtype=object)
    visibility = (
        pd.Series(sector)
        .map({"property_mgmt": 3.0, "construction": 1.5, "municipal": 1.5, "gas": 1.0, "real_estate": 1.2, "other": 0.8})
        .fillna(0.25)
        .to_numpy()
    )
    size_vis = pd.Series(size).map({"micro": 0.3, "small": 0.7, "medium": 1.6, "large": 3.0}).to_numpy()
    n_ins = 0
    for k, y in enumerate(HISTORY_YEARS):
        p = sigmoid(eta[:, k])
        wd = _workdays(y)
        alive = est < np.datetime64(f"{y}-11-30")
        if fam.selection == "random":
            lam = np.full(n, fam.insp_rate)
        elif fam.selection == "risk_list":
            w = 0.35 + 2.5 * (prior_viol > 0) + 1.5 * np.isin(grade_prev, ["C", "D"])
            young = est > np.datetime64(f"{y - 1}-06-30")
            w = np.where(young, 0.1, w)
            lam = fam.insp_rate * w / w[alive].mean()
        elif fam.selection == "complaints":
            c = visibility * np.exp(1.2 * (eta[:, k] - eta[:, k].mean())) * np.where(size == "large", 0.4, 1.0)
            lam = 0.08 + (fam.insp_rate - 0.08) * c / c[alive].mean()
        else:  # visible: the big and easy to find
            lam = fam.insp_rate * size_vis / size_vis.mean()
        count = np.minimum(rng.poisson(lam), 4) * alive
        for i in np.flatnonzero(count):
            days = wd[wd > est[i]]
            if len(days) == 0:
                continue
            for _ in range(int(count[i])):
                agency = SECTOR_AGENCIES[sector[i]][int(rng.integers(0, len(SECTOR_AGENCIES[sector[i]])))]
                day = days[int(rng.integers(0, len(days)))]
                outcome, rectified = _outcome(fam, p[i], eta[i, k], firm_u[i], agency, rng)
                hist.rows.append(
                    {
                        "inspection_id": f"H{n_ins:07d}",
                        "enterprise_id": ent.at[i, "enterprise_id"],
                        "agency_id": agency,
                        "inspected_on": str(day),
                        "officer_ids": _officers(agency, team_officers, district[i], city_code, rng),
                        "outcome": outcome,
                        "rectified": rectified,
                    }
                )
                n_ins += 1
                if outcome in ("violation", "serious"):
                    prior_viol[i] += 1
                    _credit_after(fam, hist, ent.at[i, "enterprise_id"], day, outcome, rng)
                    # R-FOLLOW's ancestor: an unrectified violation is revisited by the same agency
                    if rectified == "false" and rng.random() < 0.6:
                        later = days[days > day + np.timedelta64(30, "D")]
                        if len(later):
                            fday = later[min(int(rng.integers(0, 60)), len(later) - 1)]
                            o2, r2 = _outcome(fam, min(0.95, p[i] * 1.8), eta[i, k], firm_u[i], agency, rng)
                            hist.rows.append(
                                {
                                    "inspection_id": f"H{n_ins:07d}",
                                    "enterprise_id": ent.at[i, "enterprise_id"],
                                    "agency_id": agency,
                                    "inspected_on": str(fday),
                                    "officer_ids": _officers(agency, team_officers, district[i], city_code, rng),
                                    "outcome": o2,
                                    "rectified": r2,
                                }
                            )
                            n_ins += 1
                            if o2 in ("violation", "serious"):
                                _credit_after(fam, hist, ent.at[i, "enterprise_id"], fday, o2, rng)
        if fam.wage_arrears:  # 拖欠农民工工资: the platform learns of stress the bureau never sees
            exposed = np.isin(sector, ["construction", "real_estate", "municipal"]) & alive
            lam_w = 0.06 * np.exp(1.0 * (eta[:, k] - eta[:, k].mean()))
            for i in np.flatnonzero(exposed & (rng.poisson(lam_w) > 0)):
                day = wd[int(rng.integers(0, len(wd)))]
                if day > est[i]:
                    _credit_row(hist, ent.at[i, "enterprise_id"], day, "bad", rng, note="拖欠农民工工资")
        # a grade-driven risk list reads the latest grade; here the platform's own view of this year
        grade_prev = np.where(eta[:, k] > np.quantile(eta[:, k], 0.7), "C", "B")
    # good and commendation records for the clean, lagging nothing
    low = eta[:, -2] < np.quantile(eta[:, -2], 0.35)
    for i in np.flatnonzero(low & (rng.random(n) < 0.15)):
        y = HISTORY_YEARS[int(rng.integers(0, 3))]
        day = _workdays(y)[int(rng.integers(0, 200))]
        if day > est[i]:
            kind = "commendation" if size[i] in ("medium", "large") and rng.random() < 0.4 else "good"
            _credit_row(hist, ent.at[i, "enterprise_id"], day, kind, rng)
    return hist


def _outcome(fam: Family, p: float, eta: float, firm_u: float, agency: str, rng: np.random.Generator) -> tuple[str, str]:
    if rng.random() < p:
        serious = rng.random() < float(sigmoid(np.array(-1.9 + 0.8 * firm_u)))
        fixed = rng.random() < float(sigmoid(np.array(1.4 - 0.9 * firm_u - 0.8 * serious)))
        return ("serious" if serious else "violation"), ("true" if fixed else "false")
    # "follows": the careless firm leaves small problems too; "agency": a writing habit, whoever the firm is
    pm = float(sigmoid(np.array(eta + 0.9))) if fam.minor == "follows" else AGENCY_MINOR_HABIT[agency]
    return ("minor" if rng.random() < pm else "compliant"), ""


def _credit_row(hist: _History, eid: str, day: np.datetime64, kind: str, rng: np.random.Generator, note: str = "") -> None:
    d = pd.Timestamp(day).date()
    if d > UPLOAD_DATE:
        return  # not yet known when the bundle was assembled
    expires = ""
    if kind == "bad":
        expires = (d + dt.timedelta(days=int(rng.choice([183, 365, 730, 1095])))).isoformat()
    elif kind in ("good", "commendation"):
        expires = (d + dt.timedelta(days=1095)).isoformat()
    hist.credit.append({"enterprise_id": eid, "recorded_on": d.isoformat(), "kind": kind, "expires_on": expires, "note": note})


def _credit_after(fam: Family, hist: _History, eid: str, day: np.datetime64, outcome: str, rng: np.random.Generator) -> None:
    """A finding reaches the credit platform late (信用记录滞后), if at all."""
    lag = np.timedelta64(int(rng.integers(*fam.credit_lag)), "D")
    if outcome == "serious" and rng.random() < 0.25:
        _credit_row(hist, eid, day + lag, "serious_dishonest", rng, note="严重违法失信")
        if rng.random() < 0.3:  # 信用修复 some months later
            _credit_row(hist, eid, day + lag + np.timedelta64(int(rng.integers(120, 400)), "D"), "repair", rng)
    elif rng.random() < (0.7 if outcome == "serious" else 0.45):
        _credit_row(hist, eid, day + lag, "bad", rng, note="行政处罚")


def _grades(fam: Family, ent: pd.DataFrame, eta: np.ndarray, hist: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(ent)
    est = pd.to_datetime(ent["_established"])
    rows: list[tuple[str, str, str]] = []

    def by_quantile(score: np.ndarray) -> np.ndarray:
        cuts = np.quantile(score, [0.25, 0.65, 0.9])
        return np.array(["A", "B", "C", "D"])[np.searchsorted(cuts, score)]

    if fam.grades == "none":
        return pd.DataFrame(columns=["enterprise_id", "grade", "rated_on"])
    if fam.grades == "history":  # each 31 Oct, from the past twelve months' inspections
        h = hist.assign(d=pd.to_datetime(hist["inspected_on"]))
        for y in HISTORY_YEARS:
            rated = pd.Timestamp(f"{y}-10-31")
            win = h[(h["d"] > rated - pd.Timedelta(days=365)) & (h["d"] <= rated)]
            sev = win.groupby("enterprise_id")["outcome"].agg(
                lambda s: 2.0 * (s == "serious").sum() + (s == "violation").sum() + 0.3 * (s == "minor").sum()
            )
            score = ent["enterprise_id"].map(sev).fillna(0.0).to_numpy() + rng.normal(0, 0.35, n)
            grade = np.select([score >= 1.8, score >= 0.8, score >= 0.15], ["D", "C", "B"], "A")
            grade = np.where((score < 0.15) & (rng.random(n) < 0.5), "B", grade)
            take = (rng.random(n) < fam.grade_coverage) & (est < rated).to_numpy()
            rows += [(e, g, rated.date().isoformat()) for e, g in zip(ent["enterprise_id"][take], grade[take], strict=True)]
    elif fam.grades == "stale":  # rated once, mid-2024, never again
        rated = pd.Timestamp("2024-06-30")
        grade = by_quantile(eta[:, 0] + rng.normal(0, 0.5, n))
        take = (rng.random(n) < fam.grade_coverage) & (est < rated).to_numpy()
        rows += [(e, g, rated.date().isoformat()) for e, g in zip(ent["enterprise_id"][take], grade[take], strict=True)]
    else:  # platform: its own data (tax, social security, wages), on rolling dates, some re-rated
        for k, y in enumerate((2025, 2026)):
            score = eta[:, k + 1] + rng.normal(0, 0.6, n)
            grade = by_quantile(score)
            days = pd.to_datetime(
                rng.integers(pd.Timestamp(f"{y}-01-15").value // 10**9, pd.Timestamp(f"{y}-12-20").value // 10**9, n), unit="s"
            ).normalize()
            want = rng.random(n) < (fam.grade_coverage if k == 0 else 0.5)
            take = want & (est < days).to_numpy()
            rows += [(e, g, d.date().isoformat()) for e, g, d in zip(ent["enterprise_id"][take], grade[take], days[take], strict=True)]
    return pd.DataFrame(rows, columns=["enterprise_id", "grade", "rated_on"])


def _triggers(fam: Family, ent: pd.DataFrame, eta: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """January of the plan year: what arrived before the plan was made (known at planning time)."""
    n = len(ent)
    e = eta[:, -1] - eta[:, -1].mean()
    sector = ent["sector"].to_numpy()
    resident = np.isin(sector, ["property_mgmt", "real_estate"])
    if fam.triggers == "informative":
        lam = fam.trigger_rate * np.exp(fam.extra.get("trigger_k", 0.8) * e)
    elif fam.triggers == "resident":
        lam = np.where(resident, 3 * fam.trigger_rate * np.exp(1.2 * e), fam.trigger_rate * 0.5)
    elif fam.triggers == "request_inverse":
        lam = fam.trigger_rate * np.exp(0.5 * e)
    else:
        lam = np.full(n, fam.trigger_rate)
    lam = lam / lam.mean() * fam.trigger_rate
    jan = pd.date_range(f"{PLAN_YEAR}-01-04", UPLOAD_DATE.isoformat(), freq="B").date
    rows = []
    remote = ent["_remote"].to_numpy()
    for i in np.flatnonzero(rng.poisson(lam) > 0):
        kinds, w = ["complaint", "referral"], [0.8, 0.2]
        if remote[i]:
            kinds.append("data_monitoring")
            w.append(0.3)
        kind = rng.choice(kinds, p=np.array(w) / sum(w))
        agencies = SECTOR_AGENCIES[sector[i]]
        rows.append(
            {
                "enterprise_id": ent.at[i, "enterprise_id"],
                "agency_id": agencies[int(rng.integers(0, len(agencies)))],
                "received_on": jan[int(rng.integers(0, len(jan)))].isoformat(),
                "kind": kind,
                "urgent": "true" if rng.random() < 0.1 else "false",
            }
        )
    if fam.triggers == "request_inverse":  # 企业申请 from the good firms (a certificate needs a clean check)
        good = np.flatnonzero(rng.random(n) < 0.08 * sigmoid(-2.0 * e))
        for i in good:
            agencies = SECTOR_AGENCIES[sector[i]]
            rows.append(
                {
                    "enterprise_id": ent.at[i, "enterprise_id"],
                    "agency_id": agencies[0],
                    "received_on": jan[int(rng.integers(0, len(jan)))].isoformat(),
                    "kind": "enterprise_request",
                    "urgent": "false",
                }
            )
    out = pd.DataFrame(rows, columns=["enterprise_id", "agency_id", "received_on", "kind", "urgent"])
    out.insert(0, "trigger_id", [f"T{j:06d}" for j in range(len(out))])
    return out


def _staff(city: tuple, rng: np.random.Generator, n: int, faker: Faker) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, list[str]]]:
    _, city_code, districts, prefix = city
    teams, officers = [], []
    team_officers: dict[str, list[str]] = {}
    all_districts = (*districts, city_code[:4] + "71", city_code)
    per = max(3, n // 700)
    for agency in AGENCIES:
        for d in all_districts:
            tid = f"{agency}-{d}"
            teams.append({"team_id": tid, "agency_id": agency, "district_code": d, "max_visits_per_day": 2})
            enf = []
            for j in range(per + 2):
                oid = f"{tid}-{j:02d}"
                role = "enforcement" if j < per else ("auxiliary" if j == per else "legal_review")
                officers.append(
                    {
                        "officer_id": oid,
                        "name": faker.name(),
                        "team_id": tid,
                        "role": role,
                        "certificate_no": f"{prefix}{int(rng.integers(10**7, 10**8))}" if role == "enforcement" else "",
                        "certificate_expires_on": "2030-06-30" if role == "enforcement" else "",
                        "training_hours": int(rng.integers(40, 90)),
                        "annual_visit_budget": int(rng.integers(40, 80)) if role == "enforcement" else "",
                    }
                )
                if role == "enforcement":
                    enf.append(oid)
            team_officers[tid] = enf
    return pd.DataFrame(teams), pd.DataFrame(officers), team_officers


def generate(family: str, n: int, seed: int, out_dir: str | Path) -> Path:
    """Write ``out_dir/bundle/`` (a valid bundle) and ``out_dir/truth.csv``; return the bundle folder."""
    fam = FAMILIES[family]
    rng = np.random.default_rng([seed, list(FAMILIES).index(family), n])
    faker = Faker("zh_CN")
    faker.seed_instance(seed)
    city = CITIES[seed % len(CITIES)]
    out_dir = Path(out_dir)
    bundle = out_dir / "bundle"
    bundle.mkdir(parents=True, exist_ok=True)

    ent = _enterprises(fam, n, rng, city)
    eta = _latent(fam, ent, rng)
    teams, officers, team_officers = _staff(city, rng, n, faker)
    hist = _history(fam, ent, eta, rng, team_officers, city[1])
    inspections = pd.DataFrame(
        hist.rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids", "outcome", "rectified"]
    )
    credit = pd.DataFrame(hist.credit, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"])
    if fam.wage_arrears:  # the January serious-dishonesty list (失信名单) names the most stressed
        stressed = np.flatnonzero(eta[:, -1] > np.quantile(eta[:, -1], 0.985))
        jan = [ent.at[int(i), "enterprise_id"] for i in stressed if rng.random() < 0.5]
        credit = pd.concat(
            [
                credit,
                pd.DataFrame(
                    {
                        "enterprise_id": jan,
                        "recorded_on": f"{PLAN_YEAR}-01-15",
                        "kind": "serious_dishonest",
                        "expires_on": "",
                        "note": "失信联合惩戒",
                    }
                ),
            ]
        )
    grades = _grades(fam, ent, eta, inspections, rng)
    triggers = _triggers(fam, ent, eta, rng)

    agencies = pd.DataFrame([{"agency_id": a, "name": f"{city[0]}市{nm}"} for a, (nm, _) in AGENCIES.items()])
    items = pd.DataFrame(
        [
            {
                "item_id": it[0],
                "agency_id": a,
                "name": it[1],
                "legal_basis": it[2],
                "sectors": ";".join(it[3]),
                "remote_allowed": "true" if it[4] else "false",
            }
            for a, (_, its) in AGENCIES.items()
            for it in its
        ]
    )
    public = ent[[c for c in ent.columns if not c.startswith("_") and c != "new_zone"]]
    public.to_csv(bundle / "enterprises.csv", index=False)
    inspections.to_csv(bundle / "inspections.csv", index=False)
    credit.sort_values(["recorded_on", "enterprise_id"]).to_csv(bundle / "credit_records.csv", index=False)
    if len(grades):  # a family without grades has no credit_grades.csv (optional file: none)
        grades.to_csv(bundle / "credit_grades.csv", index=False)
    triggers.to_csv(bundle / "triggers.csv", index=False)
    agencies.to_csv(bundle / "agencies.csv", index=False)
    items.to_csv(bundle / "items.csv", index=False)
    teams.to_csv(bundle / "teams.csv", index=False)
    officers.to_csv(bundle / "officers.csv", index=False)
    plan_year_calendar().to_csv(bundle / "calendar.csv", index=False)
    (bundle / "policy.json").write_text(
        json.dumps({"year": PLAN_YEAR, "seed": f"foreign-{family}-{seed}-{n}"}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    truth = pd.DataFrame({"enterprise_id": ent["enterprise_id"], "p_violation": np.clip(sigmoid(eta[:, -1]), 1e-6, 1 - 1e-6).round(6)})
    truth.to_csv(out_dir / "truth.csv", index=False)
    return bundle


#: bundle.md's Chinese labels, as planners type them (a code column accepts the code or its label)
LABELS: dict[str, dict[str, str]] = {
    "sector": {
        "construction": "建筑施工",
        "real_estate": "房地产开发",
        "property_mgmt": "物业服务",
        "gas": "燃气经营",
        "supervision": "工程监理",
        "survey_design": "勘察设计",
        "testing": "工程质量检测",
        "ready_mix": "预拌混凝土",
        "municipal": "市政公用",
        "other": "其他",
    },
    "size": {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"},
    "kind": {
        "commendation": "表彰奖励",
        "good": "良好信用信息",
        "bad": "不良信用信息",
        "serious_dishonest": "严重失信主体名单",
        "repair": "信用修复",
    },
    "outcome": {"compliant": "未发现问题", "minor": "轻微问题", "violation": "违法违规", "serious": "严重违法违规"},
    "role": {"enforcement": "执法人员", "auxiliary": "执法辅助人员", "legal_review": "法制审核人员"},
    "bool": {"true": "是", "false": "否"},
    # bundle.md gives these only as the file's title (投诉举报、转办交办、数据监测、企业申请), in the codes' order
    "trigger_kind": {"complaint": "投诉举报", "referral": "转办交办", "data_monitoring": "数据监测", "enterprise_request": "企业申请"},
}
#: which columns of which file carry which codes
LABELLED = {
    "enterprises": {"sector": "sector", "size": "size", "remote_monitoring": "bool"},
    "credit_records": {"kind": "kind"},
    "inspections": {"outcome": "outcome", "rectified": "bool"},
    "officers": {"role": "role"},
    "items": {"remote_allowed": "bool"},
    "triggers": {"urgent": "bool", "kind": "trigger_kind"},
    "calendar": {"workday": "bool"},
}


def relabel(bundle: Path, out: Path, seed: int, share: float = 0.4) -> Path:
    """A copy of ``bundle`` with ``share`` of the code cells typed as their Chinese labels (same meaning)."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    for f in sorted(bundle.iterdir()):
        if f.suffix != ".csv":
            (out / f.name).write_bytes(f.read_bytes())
            continue
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        for col, vocab in LABELLED.get(f.stem, {}).items():
            pick = rng.random(len(df)) < share
            df.loc[pick, col] = df.loc[pick, col].map(lambda v, vocab=vocab: LABELS[vocab].get(v, v))
        df.to_csv(out / f.name, index=False)
    return out


def to_workbook(bundle: Path, out: Path) -> Path:
    """The same bundle as one .xlsx (a sheet per file, named like the file) with policy.json beside it."""
    out.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(out / "bundle.xlsx", engine="openpyxl") as xl:
        for f in sorted(bundle.glob("*.csv")):
            pd.read_csv(f, dtype=str, keep_default_na=False).to_excel(xl, sheet_name=f.stem, index=False)
    (out / "policy.json").write_bytes((bundle / "policy.json").read_bytes())
    return out


if __name__ == "__main__":  # python bench/foreign/generate.py FAMILY N SEED OUT
    import sys

    print(generate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
