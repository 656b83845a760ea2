"""A seventh held-out bureau generator (issue 9) · 第七套独立生成的住建/城管执法局.

Written from the contract alone (/work/shared/spec/bundle.md, its example bundle and issue 9's text), without
reading the product's generator, its risk model or the six earlier held-out generators. The product is judged as a
black box by the shared harness ``bench/foreign2/run.py --generator bench/foreign7``.

Every bureau is a city of 株洲 (districts 430202 荷塘, 430203 芦淞, 430204 石峰, 430211 天元, 430212 渌口;
city-level teams 430200), plan year 2027, history 2024–2026. Each firm has a hidden logit ``z[t]`` for every year
t = 2024 … 2027; an inspection in year t finds a violation or a serious violation with probability sigmoid(z[t]);
``truth.csv`` (beside the bundle, never inside) holds ``p_violation = sigmoid(z[2027])``.

Families (what is hidden, how grades behave, how past visits were chosen):

* ``regime_shift`` 政策转向 — sector risk flips in 2026 (after a gas accident and the developers' debt crisis: gas
  without online monitoring and real estate become the risky sectors, construction and ready-mix calm down); a
  persistent firm effect. Grades: every firm rated ONCE, on 2023-11-30, from the 2023 regime: sharp then, stale now.
  Visits: 双随机 random 14% a year plus a 2026 H2 gas campaign. Minor findings carry no signal.
* ``provincial_grade`` 信用平台精准评级 — risk is a firm effect the bureau cannot see (tax, social security, courts…)
  plus a new-firm effect; the provincial platform sees it: grades rated 2026-12-15 for ~65% of firms, tracking the
  truth sharply (noise 0.35 logit). Unrated firms are the young ones and a random share of the rest. History is
  thin: the records system went live in March 2026 (no earlier inspections). Minor findings carry signal.
* ``mechanical_grade`` 按检查结果机械评级 — heavy-tailed firm effects (Student t, 3 d.f.), a U-shaped age effect
  (new and very old firms), and true state dependence: an unrectified violation raises next year's risk. Visits are
  risk-targeted (55% of firms found violating last year are revisited, 15% of the rest drawn) and every violation draws a 复查 follow-up 30–90 days later
  that is compliant when rectified. Grades: each firm rated every year in its registration month, computed
  mechanically from its own inspections and credit records of the preceding 24 months: nothing beyond the history.
* ``complaint_led`` 投诉驱动 (物业 heavy) — latent service quality drives risk and complaints; complaints also
  scale with firm size (more households served), so a raw complaint count over-ranks large firms. Past visits were
  mostly complaint-driven (biased sample); triggers run up to mid-January 2027. Grades: 12% of firms rated at
  scattered months of 2025 on paperwork only: useless. Minor findings are strongly informative (service defects).
* ``site_cycle`` 项目周期 (construction heavy) — a hidden Markov "has active sites" state flips year to year; risk
  mostly follows it (inverted-U in size: medium firms run the most sites per manager). Late-2026/January-2027 site
  video alerts (data_monitoring triggers, remote-monitored firms only) reveal next year's state. Grades rated every
  30 June from the state at that time with noise: half a year stale and noisy. Visits random in the building season.
* ``county_sparse`` 县域稀疏 — mostly micro/small firms, history 2025–2026 only with ~6% visited a year, NO
  credit_grades.csv at all; risk has a hump in employees (peaks near 40), an old-gas-network interaction (gas ×
  age > 15 years) and court 失信 listings (serious_dishonest) that track the firm effect.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

PLAN_YEAR = 2027
HISTORY = (2024, 2025, 2026)
SECTORS = ("construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing",
           "ready_mix", "municipal", "other")
SIZES = ("micro", "small", "medium", "large")
FAMILIES = ("regime_shift", "provincial_grade", "mechanical_grade", "complaint_led", "site_cycle", "county_sparse")

CITY = "株洲"
DISTRICTS = ("430202", "430203", "430204", "430211", "430212")
CITY_CODE = "430200"
AGENCIES = {"zj": "株洲市住房和城乡建设局", "cg": "株洲市城市管理和综合执法局",
            "rq": "株洲市燃气安全管理中心", "fc": "株洲市房产管理服务中心"}
SECTOR_AGENCY = {"construction": "zj", "real_estate": "fc", "property_mgmt": "fc", "gas": "rq", "supervision": "zj",
                 "survey_design": "zj", "testing": "zj", "ready_mix": "zj", "municipal": "cg", "other": "cg"}
ITEMS = [  # item_id, agency, name, legal basis, sectors, remote_allowed
    ("zj-aq", "zj", "建设工程质量安全监督检查", "《建设工程质量管理条例》《建设工程安全生产管理条例》",
     "construction;supervision;survey_design;testing;ready_mix", "false"),
    ("zj-sc", "zj", "建筑市场行为检查", "《中华人民共和国建筑法》", "construction;supervision;survey_design;testing", "true"),
    ("cg-yc", "cg", "施工扬尘与建筑垃圾处置检查", "《中华人民共和国大气污染防治法》《城市建筑垃圾管理规定》",
     "construction;municipal;ready_mix;other", "false"),
    ("cg-sz", "cg", "市政设施与户外广告设置检查", "《城市道路管理条例》", "municipal;other;property_mgmt", "true"),
    ("rq-aq", "rq", "燃气经营安全检查", "《城镇燃气管理条例》", "gas", "false"),
    ("rq-jc", "rq", "燃气在线监测数据核查", "《城镇燃气管理条例》", "gas", "true"),
    ("fc-xs", "fc", "商品房销售与预售资金监管检查", "《城市房地产开发经营管理条例》", "real_estate", "true"),
    ("fc-wy", "fc", "物业服务与维修资金使用检查", "《物业管理条例》", "property_mgmt;real_estate", "false"),
]
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_NAME_HEAD = ("湘", "株", "炎", "神农", "建宁", "天元", "荷塘", "芦淞", "石峰", "渌江", "华", "恒", "鑫", "宏", "瑞", "中",
              "兴", "诚", "金", "长")
_NAME_MID = ("远", "达", "泰", "安", "博", "信", "茂", "隆", "晟", "峰", "源", "邦", "盛", "科", "众", "和")
_NAME_TAIL = {"construction": "建设工程", "real_estate": "房地产开发", "property_mgmt": "物业服务", "gas": "燃气",
              "supervision": "工程监理", "survey_design": "勘察设计", "testing": "工程检测", "ready_mix": "混凝土",
              "municipal": "市政工程", "other": "建材贸易"}
_ROADS = ("建设路", "新华路", "长江北路", "珠江南路", "红旗路", "人民路", "滨江路", "车站路", "株洲大道", "黄河路")


def credit_code(body17: str) -> str:
    """统一社会信用代码: append the GB 32100-2015 check character to 17 characters."""
    s = sum(_CODE_CHARS.index(c) * w for c, w in zip(body17, _CODE_WEIGHTS, strict=True))
    return body17 + _CODE_CHARS[(31 - s % 31) % 31]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _day(year: int, doy: np.ndarray | int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=int(doy))


def _rand_date(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


# ------------------------------------------------------------------------------------------- firms

def _firms(rng: np.random.Generator, n: int, sector_p: dict[str, float], size_p: tuple[float, ...],
           young: float) -> pd.DataFrame:
    """The 检查对象名录库: sector, size, employees, age, remote monitoring, district, id, name, address."""
    sec_names = list(sector_p)
    sp = np.array([sector_p[s] for s in sec_names], float)
    sector = rng.choice(sec_names, size=n, p=sp / sp.sum())
    size = rng.choice(SIZES, size=n, p=np.array(size_p) / sum(size_p))
    lo = {"micro": (1, 10), "small": (10, 100), "medium": (100, 300), "large": (300, 3000)}
    employees = np.array([int(np.exp(rng.uniform(np.log(lo[s][0]), np.log(lo[s][1])))) for s in size])
    age = np.where(rng.random(n) < young, rng.uniform(0.2, 3.0, n), rng.gamma(2.2, 5.0, n) + 1.0)
    age = np.minimum(age, 40.0)
    est = [dt.date(PLAN_YEAR, 1, 1) - dt.timedelta(days=int(a * 365.25)) for a in age]
    remote_p = np.select([sector == "gas", np.isin(sector, ["construction", "ready_mix", "municipal"])],
                         [0.6, 0.35], 0.08)
    remote = rng.random(n) < remote_p
    district = rng.choice(DISTRICTS, size=n, p=[0.24, 0.2, 0.16, 0.28, 0.12])
    ids, names, addrs = [], [], []
    seen: set[str] = set()
    for i in range(n):
        while True:
            org = "".join(rng.choice(list(_CODE_CHARS), size=9))
            code = credit_code("91" + district[i] + org)
            if code not in seen:
                seen.add(code)
                break
        ids.append(code)
        head = _NAME_HEAD[rng.integers(len(_NAME_HEAD))] + _NAME_MID[rng.integers(len(_NAME_MID))]
        names.append(f"{CITY}市{head}{_NAME_TAIL[sector[i]]}有限公司{i:05d}")
        addrs.append(f"{CITY}市{_ROADS[rng.integers(len(_ROADS))]}{int(rng.integers(1, 900))}号")
    return pd.DataFrame({"enterprise_id": ids, "name": names, "district_code": district, "sector": sector,
                         "size": size, "employees": employees, "established_on": est, "age": age,
                         "address": addrs, "remote_monitoring": remote})


# ------------------------------------------------------------------------------------------- events

@dataclass
class World:
    firms: pd.DataFrame
    z: dict[int, np.ndarray]  # year -> logit per firm
    inspections: list[tuple[int, dt.date, str, str]] = field(default_factory=list)  # idx, date, outcome, rectified
    records: list[tuple[int, dt.date, str, dt.date | None]] = field(default_factory=list)  # idx, date, kind, expires
    triggers: list[tuple[int, dt.date, str, bool]] = field(default_factory=list)  # idx, date, kind, urgent
    grades: list[tuple[int, str, dt.date]] = field(default_factory=list)  # idx, grade, rated_on
    write_grades: bool = True


def _inspect(w: World, rng: np.random.Generator, i: int, when: dt.date, p: float, minor_given_clean: float,
             rectify: float = 0.75) -> str:
    """One past inspection of firm i: violation-or-serious with probability p."""
    if rng.random() < p:
        outcome = "serious" if rng.random() < 0.12 + 0.35 * p else "violation"
        rect = "true" if rng.random() < rectify else "false"
    else:
        outcome = "minor" if rng.random() < minor_given_clean else "compliant"
        rect = ""
    w.inspections.append((i, when, outcome, rect))
    return outcome


def _alive(w: World, i: int, when: dt.date) -> bool:
    return w.firms["established_on"].iat[i] + dt.timedelta(days=20) <= when


def _season_date(rng: np.random.Generator, year: int, months: tuple[int, int] = (1, 12)) -> dt.date:
    start = dt.date(year, months[0], 1)
    end = dt.date(year, 12, 31) if months[1] == 12 else dt.date(year, months[1] + 1, 1) - dt.timedelta(days=1)
    return _rand_date(rng, start, end)


def _random_visits(w: World, rng: np.random.Generator, year: int, share: np.ndarray | float,
                   minor_fn, months: tuple[int, int] = (1, 12), rectify: float = 0.75) -> None:
    """双随机 visits: each firm drawn with probability `share` in `year`."""
    n = len(w.firms)
    p = _sigmoid(w.z[year])
    draw = rng.random(n) < share
    for i in np.flatnonzero(draw):
        when = _season_date(rng, year, months)
        if _alive(w, i, when):
            _inspect(w, rng, i, when, p[i], minor_fn(p[i]), rectify)


def _credit_records(w: World, rng: np.random.Generator, years: tuple[int, ...], bad_scale: float,
                    dishonest_scale: float, good_scale: float, signal: np.ndarray | None = None) -> None:
    """不良/严重失信/良好/表彰/修复 records dated in `years`; their rate follows sigmoid(signal or z[year])."""
    n = len(w.firms)
    for year in years:
        p = _sigmoid(w.z[year] if signal is None else signal)
        for i in np.flatnonzero(rng.random(n) < bad_scale * p):
            when = _season_date(rng, year)
            if not _alive(w, i, when):
                continue
            w.records.append((i, when, "bad", when + dt.timedelta(days=int(rng.choice([183, 365, 730, 1095])))))
            if rng.random() < 0.25:
                w.records.append((i, when + dt.timedelta(days=int(rng.integers(150, 330))), "repair", None))
        for i in np.flatnonzero(rng.random(n) < dishonest_scale * p ** 2):
            when = _season_date(rng, year)
            if _alive(w, i, when):
                w.records.append((i, when, "serious_dishonest", when + dt.timedelta(days=1095)))
        for i in np.flatnonzero(rng.random(n) < good_scale * (1 - p) ** 2):
            when = _season_date(rng, year)
            if _alive(w, i, when):
                kind = "commendation" if rng.random() < 0.3 else "good"
                w.records.append((i, when, kind, when + dt.timedelta(days=1095)))
    # repairs dated into the plan year are not yet known: drop them
    w.records = [r for r in w.records if r[1] < dt.date(PLAN_YEAR, 1, 1)]


def _complaints(w: World, rng: np.random.Generator, rate: np.ndarray, start: dt.date, end: dt.date,
                kind_p: dict[str, float] | None = None) -> None:
    """Triggers at a Poisson `rate` per firm-year between start and end."""
    kinds = kind_p or {"complaint": 0.75, "referral": 0.2, "enterprise_request": 0.05}
    k = list(kinds)
    kp = np.array([kinds[x] for x in k])
    years = (end - start).days / 365.25
    counts = rng.poisson(rate * years)
    for i in np.flatnonzero(counts):
        for _ in range(counts[i]):
            when = _rand_date(rng, start, end)
            if _alive(w, i, when):
                w.triggers.append((i, when, str(rng.choice(k, p=kp / kp.sum())), bool(rng.random() < 0.1)))


def _grade_by_rank(score: np.ndarray, shares: tuple[float, float, float, float]) -> np.ndarray:
    """A/B/C/D by rank of `score` (high = risky) with the given shares."""
    order = np.argsort(np.argsort(score)) / max(len(score) - 1, 1)
    cuts = np.cumsum(shares)[:-1] / sum(shares)
    return np.array(["A", "B", "C", "D"])[np.searchsorted(cuts, order, side="right")]


def _minor(share: float):
    return lambda p: share


# ------------------------------------------------------------------------------------------- families

def _regime_shift(rng: np.random.Generator, n: int) -> World:
    f = _firms(rng, n, {"construction": 0.3, "real_estate": 0.14, "property_mgmt": 0.14, "gas": 0.12,
                        "supervision": 0.06, "survey_design": 0.04, "testing": 0.04, "ready_mix": 0.07,
                        "municipal": 0.05, "other": 0.04}, (0.35, 0.4, 0.18, 0.07), young=0.15)
    u = rng.normal(0, 0.75, n)
    old = {"construction": 0.6, "ready_mix": 0.5, "real_estate": 0.2, "gas": -0.1, "property_mgmt": -0.2}
    new = {"construction": 0.0, "ready_mix": -0.3, "real_estate": 0.8, "gas": 0.7, "property_mgmt": 0.1}
    s = f["sector"].to_numpy()
    size_eff = f["size"].map({"micro": 0.2, "small": 0.1, "medium": 0.0, "large": -0.2}).to_numpy()
    unmonitored_gas = ((s == "gas") & ~f["remote_monitoring"].to_numpy()).astype(float)
    old_eff = np.array([old.get(x, 0.0) for x in s])
    new_eff = np.array([new.get(x, 0.0) for x in s])
    noise = {t: rng.normal(0, 0.3, n) for t in (2023, *HISTORY, PLAN_YEAR)}
    z = {2023: -1.6 + old_eff + u + size_eff + noise[2023],
         2024: -1.6 + old_eff + u + size_eff + noise[2024],
         2025: -1.6 + 0.8 * old_eff + 0.2 * new_eff + u + size_eff + noise[2025],
         2026: -1.6 + new_eff + 0.5 * unmonitored_gas + u + size_eff + noise[2026],
         2027: -1.6 + 1.3 * new_eff + 0.9 * unmonitored_gas + u + size_eff + noise[2027]}
    w = World(f, z)
    for year in HISTORY:
        _random_visits(w, rng, year, 0.14, _minor(0.3))
    gas_idx = np.flatnonzero(s == "gas")
    for i in gas_idx[rng.random(len(gas_idx)) < 0.6]:  # 2026 H2 gas campaign (燃气安全专项整治)
        when = _season_date(rng, 2026, (7, 12))
        if _alive(w, i, when):
            _inspect(w, rng, i, when, _sigmoid(z[2026][i]), 0.3)
    _credit_records(w, rng, HISTORY, bad_scale=0.12, dishonest_scale=0.05, good_scale=0.05)
    _complaints(w, rng, 0.08 + 0.3 * _sigmoid(z[2026]), dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    rated_on = dt.date(2023, 11, 30)
    g = _grade_by_rank(z[2023] + rng.normal(0, 0.3, n), (0.3, 0.4, 0.2, 0.1))
    w.grades = [(i, g[i], rated_on) for i in range(n) if f["established_on"].iat[i] < rated_on]
    return w


def _provincial_grade(rng: np.random.Generator, n: int) -> World:
    f = _firms(rng, n, {"construction": 0.25, "real_estate": 0.1, "property_mgmt": 0.2, "gas": 0.08,
                        "supervision": 0.08, "survey_design": 0.06, "testing": 0.05, "ready_mix": 0.05,
                        "municipal": 0.08, "other": 0.05}, (0.45, 0.35, 0.15, 0.05), young=0.25)
    u = rng.normal(0, 1.0, n)
    young = (f["age"].to_numpy() < 2.0).astype(float)
    micro = (f["size"].to_numpy() == "micro").astype(float)
    z = {t: -1.8 + 1.1 * u + 0.8 * young + 0.3 * micro + rng.normal(0, 0.25, n) for t in (*HISTORY, PLAN_YEAR)}
    w = World(f, z)
    _random_visits(w, rng, 2026, 0.12, lambda p: min(0.85, 0.9 * p + 0.05), months=(3, 12))
    _credit_records(w, rng, (2026,), bad_scale=0.08, dishonest_scale=0.03, good_scale=0.04)
    _complaints(w, rng, 0.05 + 0.2 * _sigmoid(z[2027]), dt.date(2026, 3, 1), dt.date(2026, 12, 31))
    rated_on = dt.date(2026, 12, 15)
    g = _grade_by_rank(z[2027] + rng.normal(0, 0.35, n), (0.35, 0.35, 0.2, 0.1))
    rated = (f["age"].to_numpy() >= 1.2) & (rng.random(n) < 0.8)
    w.grades = [(i, g[i], rated_on) for i in np.flatnonzero(rated)]
    return w


def _mechanical_grade(rng: np.random.Generator, n: int) -> World:
    f = _firms(rng, n, {"construction": 0.35, "real_estate": 0.08, "property_mgmt": 0.12, "gas": 0.07,
                        "supervision": 0.1, "survey_design": 0.05, "testing": 0.06, "ready_mix": 0.08,
                        "municipal": 0.06, "other": 0.03}, (0.3, 0.4, 0.22, 0.08), young=0.12)
    u = 0.6 * rng.standard_t(3, n)
    age = f["age"].to_numpy()
    age_eff = np.minimum(0.5 * ((age - 12.0) / 8.0) ** 2, 1.5) - 0.3
    base = -1.7 + u + age_eff
    w = World(f, {})
    unrect = np.zeros(n)
    p_prev_viol = np.zeros(n, bool)
    for year in (*HISTORY, PLAN_YEAR):
        w.z[year] = base + 0.7 * unrect + rng.normal(0, 0.3, n)
        if year == PLAN_YEAR:
            break
        p = _sigmoid(w.z[year])
        share = np.where(p_prev_viol, 0.55, 0.15)
        unrect = np.zeros(n)
        p_prev_viol = np.zeros(n, bool)
        for i in np.flatnonzero(rng.random(n) < share):
            when = _season_date(rng, year, (1, 10))
            if not _alive(w, i, when):
                continue
            out = _inspect(w, rng, i, when, p[i], 0.4, rectify=0.7)
            if out in ("violation", "serious"):
                p_prev_viol[i] = True
                rect = w.inspections[-1][3] == "true"
                follow = when + dt.timedelta(days=int(rng.integers(30, 91)))  # 复查
                if follow.year < PLAN_YEAR:  # a follow-up due in the plan year is not history yet
                    w.inspections.append((i, follow, "compliant" if rect else "violation",
                                          "" if rect else "false"))
                unrect[i] = 0.0 if rect else 1.0
    _credit_records(w, rng, HISTORY, bad_scale=0.1, dishonest_scale=0.04, good_scale=0.05)
    _complaints(w, rng, 0.06 + 0.25 * _sigmoid(w.z[2026]), dt.date(2025, 6, 1), dt.date(2026, 12, 31))
    # grades computed mechanically from the firm's own records of the preceding 24 months
    by_firm: dict[int, list[tuple[dt.date, str]]] = {}
    for i, d, out, rect in w.inspections:
        tag = "D" if out == "serious" else "C" if (out == "violation" and rect == "false") else \
            "B" if out in ("violation", "minor") else "A"
        by_firm.setdefault(i, []).append((d, tag))
    for i, d, kind, _ in w.records:
        tag = {"serious_dishonest": "D", "bad": "C"}.get(kind)
        if tag:
            by_firm.setdefault(i, []).append((d, tag))
    month = f["established_on"].map(lambda x: x.month).to_numpy()
    for i in range(n):
        for year in HISTORY:
            rated_on = dt.date(year, int(month[i]), 15)
            if not _alive(w, i, rated_on - dt.timedelta(days=365)):
                continue
            since = rated_on - dt.timedelta(days=730)
            tags = [t for d, t in by_firm.get(i, []) if since <= d < rated_on]
            w.grades.append((i, max(tags) if tags else "A", rated_on))  # "D" > "C" > "B" > "A"
    return w


def _complaint_led(rng: np.random.Generator, n: int) -> World:
    f = _firms(rng, n, {"construction": 0.12, "real_estate": 0.15, "property_mgmt": 0.45, "gas": 0.06,
                        "supervision": 0.04, "survey_design": 0.02, "testing": 0.02, "ready_mix": 0.03,
                        "municipal": 0.06, "other": 0.05}, (0.3, 0.4, 0.2, 0.1), young=0.18)
    q = rng.normal(0, 1.0, n)
    small = np.isin(f["size"].to_numpy(), ["micro", "small"]).astype(float)
    scale = np.log(f["employees"].to_numpy() / 50.0 + 0.2)
    z = {t: -1.7 + 0.95 * q + 0.35 * small + rng.normal(0, 0.4, n) for t in (*HISTORY, PLAN_YEAR)}
    w = World(f, z)
    rate = np.exp(-1.6 + 0.8 * q + 0.6 * scale)  # complaints per year: quality and households served
    start = dt.date(2024, 1, 1)
    _complaints(w, rng, rate, start, dt.date(2027, 1, 14))
    minor_fn = lambda p: min(0.9, 1.6 * p)  # noqa: E731 - service defects: minor findings track risk
    for i, when, kind, _urgent in list(w.triggers):
        visit = when + dt.timedelta(days=int(rng.integers(2, 16)))
        if kind != "enterprise_request" and visit.year < PLAN_YEAR and rng.random() < 0.6:
            _inspect(w, rng, i, visit, _sigmoid(z[visit.year][i]), minor_fn(_sigmoid(z[visit.year][i])))
    for year in HISTORY:
        _random_visits(w, rng, year, 0.05, minor_fn)
    _credit_records(w, rng, HISTORY, bad_scale=0.06, dishonest_scale=0.02, good_scale=0.06)
    rated = np.flatnonzero(rng.random(n) < 0.12)
    for i in rated:
        rated_on = _season_date(rng, 2025)
        if _alive(w, i, rated_on):
            w.grades.append((i, str(rng.choice(["A", "B", "C", "D"], p=[0.3, 0.45, 0.2, 0.05])), rated_on))
    return w


def _site_cycle(rng: np.random.Generator, n: int) -> World:
    f = _firms(rng, n, {"construction": 0.45, "real_estate": 0.06, "property_mgmt": 0.05, "gas": 0.04,
                        "supervision": 0.1, "survey_design": 0.04, "testing": 0.05, "ready_mix": 0.1,
                        "municipal": 0.1, "other": 0.01}, (0.25, 0.4, 0.25, 0.1), young=0.1)
    u = rng.normal(0, 0.6, n)
    size_eff = f["size"].map({"micro": -0.3, "small": 0.1, "medium": 0.4, "large": 0.0}).to_numpy()
    active = {2023: rng.random(n) < 0.45}
    for year in (*HISTORY, PLAN_YEAR):
        prev = active[year - 1]
        active[year] = np.where(prev, rng.random(n) < 0.6, rng.random(n) < 0.35)
    z = {t: -2.2 + 1.4 * active[t] + size_eff + u + rng.normal(0, 0.2, n) for t in (2023, *HISTORY, PLAN_YEAR)}
    w = World(f, z)
    for year in HISTORY:
        _random_visits(w, rng, year, np.where(active[year], 0.25, 0.1), lambda p: 0.5 * p + 0.1, months=(3, 11))
    _credit_records(w, rng, HISTORY, bad_scale=0.1, dishonest_scale=0.03, good_scale=0.04)
    remote = f["remote_monitoring"].to_numpy()
    # site video alerts (数据监测): past years follow that year's state; Oct 2026 – Jan 2027 alerts follow 2027's
    for year in (2025, 2026):
        _complaints(w, rng, np.where(active[year] & remote, 1.0, 0.05) + 0.05 * active[year],
                    dt.date(year, 1, 1), dt.date(year, 9, 30), {"data_monitoring": 0.7, "complaint": 0.3})
    _complaints(w, rng, np.where(active[PLAN_YEAR] & remote, 2.0, 0.1), dt.date(2026, 10, 1),
                dt.date(2027, 1, 20), {"data_monitoring": 0.8, "complaint": 0.2})
    for year in HISTORY:
        rated_on = dt.date(year, 6, 30)
        g = _grade_by_rank(z[year] + rng.normal(0, 0.6, n), (0.3, 0.4, 0.2, 0.1))
        w.grades += [(i, g[i], rated_on) for i in range(n) if _alive(w, i, rated_on)]
    return w


def _county_sparse(rng: np.random.Generator, n: int) -> World:
    f = _firms(rng, n, {"construction": 0.3, "real_estate": 0.05, "property_mgmt": 0.1, "gas": 0.12,
                        "supervision": 0.03, "survey_design": 0.02, "testing": 0.02, "ready_mix": 0.1,
                        "municipal": 0.08, "other": 0.18}, (0.55, 0.33, 0.1, 0.02), young=0.2)
    u = rng.normal(0, 0.8, n)
    emp = np.maximum(f["employees"].to_numpy(), 1)
    hump = 1.1 * np.exp(-((np.log(emp) - np.log(40.0)) ** 2) / 1.2)
    old_gas = ((f["sector"].to_numpy() == "gas") & (f["age"].to_numpy() > 15)).astype(float)
    z = {t: -2.1 + u + hump + 1.1 * old_gas + rng.normal(0, 0.3, n) for t in (*HISTORY, PLAN_YEAR)}
    w = World(f, z, write_grades=False)
    for year in (2025, 2026):
        _random_visits(w, rng, year, 0.06, _minor(0.25))
    # court 失信 listings track the firm effect, not the sector/size structure
    _credit_records(w, rng, (2024, 2025, 2026), bad_scale=0.04, dishonest_scale=0.15, good_scale=0.02,
                    signal=-1.5 + 1.5 * u)
    _complaints(w, rng, 0.03 + 0.15 * _sigmoid(z[2026]), dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    return w


_BUILDERS = {"regime_shift": _regime_shift, "provincial_grade": _provincial_grade,
             "mechanical_grade": _mechanical_grade, "complaint_led": _complaint_led,
             "site_cycle": _site_cycle, "county_sparse": _county_sparse}


# ------------------------------------------------------------------------------------------- bundle files

def _officers(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    teams, officers = [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY_CODE):
            tid = f"{ag}-{d}"
            teams.append((tid, ag, d, 3))
            roles = ["enforcement"] * 6 + ["auxiliary", "legal_review"]
            for k, role in enumerate(roles):
                enf = role == "enforcement"
                officers.append((f"{tid}-{k:02d}", f"执法员{tid}-{k:02d}", tid, role,
                                 f"湘{int(rng.integers(10**7, 10**8))}" if enf else "",
                                 "2029-12-31" if enf else "", int(rng.integers(40, 100)),
                                 int(rng.integers(40, 80)) if enf else ""))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]))


def _write(w: World, rng: np.random.Generator, bundle: Path) -> None:
    f = w.firms
    bundle.mkdir(parents=True, exist_ok=True)
    ent = f[["enterprise_id", "name", "district_code", "sector", "size", "employees", "established_on",
             "address"]].copy()
    ent["remote_monitoring"] = np.where(f["remote_monitoring"], "true", "false")
    ent.to_csv(bundle / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(bundle / "agencies.csv", index=False)
    pd.DataFrame(ITEMS, columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"]).to_csv(
        bundle / "items.csv", index=False)
    teams, officers = _officers(rng)
    teams.to_csv(bundle / "teams.csv", index=False)
    officers.to_csv(bundle / "officers.csv", index=False)
    ids = f["enterprise_id"].to_numpy()
    agency = f["sector"].map(SECTOR_AGENCY).to_numpy()
    district = f["district_code"].to_numpy()
    assert all(r[1].year < PLAN_YEAR for r in w.inspections), "history must end before the plan year"
    rows = []
    for k, (i, when, out, rect) in enumerate(sorted(w.inspections, key=lambda r: (r[1], r[0]))):
        ag = agency[i] if rng.random() < 0.85 else str(rng.choice(list(AGENCIES)))
        tid = f"{ag}-{district[i] if rng.random() < 0.8 else CITY_CODE}"
        pair = rng.choice(6, size=2, replace=False)
        who = ";".join(f"{tid}-{j:02d}" for j in sorted(pair)) if rng.random() < 0.9 else ""
        rows.append((f"ZZ{when.year}{k:06d}", ids[i], ag, when.isoformat(), who, out, rect))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(bundle / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", "")
            for i, d, kind, e in sorted(w.records, key=lambda r: (r[1], r[0]))]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        bundle / "credit_records.csv", index=False)
    trg = [(f"XF{k:06d}", ids[i], agency[i], d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent) in enumerate(sorted(w.triggers, key=lambda r: (r[1], r[0])))]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        bundle / "triggers.csv", index=False)
    if w.write_grades:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(w.grades, key=lambda r: (r[2], r[0]))]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(
            bundle / "credit_grades.csv", index=False)
    # the plan year's 调休 schedule: the contract's example carries an invented 2027 calendar; reuse it
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), bundle / "calendar.csv")
    policy = {"year": PLAN_YEAR, "seed": f"zhuzhou-{bundle.name}", "sampling": "weighted_lottery"}
    (bundle / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle (a whole bundle) and `out`/truth.csv; return both paths."""
    if family not in _BUILDERS:
        raise ValueError(f"unknown family {family!r}; choose from {FAMILIES}")
    out = Path(out)
    # one stream per (family, seed): families never share draws
    rng = np.random.default_rng([seed, FAMILIES.index(family), n])
    w = _BUILDERS[family](rng, n)
    bundle = out / "bundle"
    if bundle.exists():
        shutil.rmtree(bundle)
    _write(w, rng, bundle)
    p = np.clip(_sigmoid(w.z[PLAN_YEAR]), 0.003, 0.97)
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": w.firms["enterprise_id"], "p_violation": np.round(p, 6)}).to_csv(
        truth, index=False)
    return bundle, truth


if __name__ == "__main__":
    import sys

    fam, n, seed, dest = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    print(generate(fam, n, seed, dest))
