"""An eighth held-out bureau generator (issue 9) · 第八套独立生成的住建/城管执法局.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) alone, without reading the product's risk model, its own worlds or the families of the seven
earlier held-out generators. The product is judged as a black box by
``bench/foreign2/run.py --generator bench/foreign8``.

Every bureau is a city of 绵阳 (districts 510703 涪城, 510704 游仙, 510705 安州, 510722 三台, 510781 江油;
city-level teams 510700), plan year 2027, history 2024–2026. ``truth.csv`` (beside the bundle, never inside) holds
``p_violation``: the probability that a visit in the plan year finds a violation or a serious violation.

Families (what is hidden, what the history shows, how it was collected):

* ``big_firm_bias`` 抓大放小 — the small and young firms are the risky ones (micro +0.7 logit, young +0.4), but for
  three years the bureau visited large firms (75%/yr) and medium ones (40%) and hardly any micro ones (2%): the
  history is a sample of the safe end. Bad credit records come from other channels (wage arrears, quality
  complaints) for every size; commendations go mostly to large firms. Grades exist only for firms with a record
  or a visit, ranked on that biased history (rated 2026-06-30).
* ``district_merger`` 区划调整合并 — two legacy bureaus kept different outcome conventions until their 2026 merger:
  原涪城 (510703) wrote one clean visit in three with a paperwork defect up as 违法违规; 原安州 (510705) wrote 70%
  of real violations down as 轻微问题 (以教代罚, rectified on the spot). From 2026 every district records alike.
  The truth ignores district. Bad credit records and the 2025-12-20 grades follow the *recorded* outcomes.
* ``off_season`` 季节错位 — risk is seasonal: construction firms with deep excavation (hidden; medium/large firms
  far more often) are risky in the rainy season (汛期, June–September), gas firms with old networks (age > 12) or
  no online monitoring in the heating season (November–March). The truth is the plan year's average over months,
  but 85% of past construction visits fell in spring/autumn and 85% of gas visits in summer: the history mostly
  sees the base risk. In-season complaints (and gas IoT alarms for monitored firms) carry the seasonal part.
  Grades (2026-03-31) rate the base risk only, noisily.
* ``credit_backlog`` 信用记录集中补录 — 18% of firms (35% of developers and builders) break down in mid-2026
  (资金链断裂: +1.6 logit, persisting into 2027). The credit platform's records arrive in bulk in late December of
  each year (2026: two batches, 12-18 and 12-28), a quarter of 2025's events only in the 2026 batches, with the
  real event date in the note. Grades rated 2026-09-30 from the pre-crisis state: stale for the broken firms.
* ``shared_legal_rep`` 一人多企 — 45% of firms belong to groups of 2–15 run by one legal representative (the
  extra column ``legal_representative``; same name stem and same building in name/address). Most risk is the
  group's (sd 1.1), visits are sparse (10%/yr) so a firm's own history says little but its siblings' does; a
  listed representative's 联合惩戒 puts a serious_dishonest record on every firm of the group on the same day.
  Grades for 60% of firms, from their own history only (2026-12-01).
* ``rare_violation`` 低发违法 — violations are rare (base rate ≈ 2–3%), minor findings are common and track the
  risk closely, and 0.6% of firms are giants (5 000–30 000 staff, many sites) visited 8–25 times a year, riskier
  per visit (+1.2). Grades are mechanical, every 31 December, from the last 24 months' findings.
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
FAMILIES = ("big_firm_bias", "district_merger", "off_season", "credit_backlog", "shared_legal_rep",
            "rare_violation")

CITY = "绵阳"
DISTRICTS = ("510703", "510704", "510705", "510722", "510781")
DISTRICT_P = (0.3, 0.2, 0.15, 0.2, 0.15)
CITY_CODE = "510700"
AGENCIES = {"jsj": "绵阳市住房和城乡建设局", "zfj": "绵阳市综合行政执法局",
            "rqb": "绵阳市燃气安全管理办公室", "fgj": "绵阳市住房保障和房地产管理局"}
SECTOR_AGENCY = {"construction": "jsj", "supervision": "jsj", "survey_design": "jsj", "testing": "jsj",
                 "ready_mix": "jsj", "real_estate": "fgj", "property_mgmt": "fgj", "gas": "rqb",
                 "municipal": "zfj", "other": "zfj"}
ITEMS = [  # item_id, agency, name, legal basis, sectors, remote_allowed
    ("jsj-01", "jsj", "在建工程安全生产与质量检查", "《建设工程安全生产管理条例》《建设工程质量管理条例》",
     "construction;supervision;ready_mix", "false"),
    ("jsj-02", "jsj", "勘察设计与检测机构执业行为检查", "《建设工程勘察设计管理条例》《建设工程质量检测管理办法》",
     "survey_design;testing;supervision", "true"),
    ("zfj-01", "zfj", "建筑垃圾与施工扬尘执法检查", "《中华人民共和国固体废物污染环境防治法》",
     "construction;municipal;ready_mix;other", "false"),
    ("zfj-02", "zfj", "城市道路与市政设施占用检查", "《城市道路管理条例》", "municipal;other", "true"),
    ("rqb-01", "rqb", "燃气经营企业安全检查", "《城镇燃气管理条例》", "gas", "false"),
    ("rqb-02", "rqb", "燃气泄漏报警与在线监测核查", "《城镇燃气管理条例》", "gas", "true"),
    ("fgj-01", "fgj", "房地产开发经营与预售资金检查", "《城市房地产开发经营管理条例》", "real_estate", "true"),
    ("fgj-02", "fgj", "物业服务与专项维修资金检查", "《物业管理条例》", "property_mgmt;real_estate", "false"),
]
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015 alphabet
_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_STEMS = ("涪", "绵", "科", "九", "富", "乐", "越", "王", "仙", "海", "安", "江", "油", "三", "台", "蜀", "川", "嘉",
          "铭", "德", "汇", "锦", "荣", "泰", "华", "新", "宏", "盛", "联", "通")
_TAIL = {"construction": "建筑工程", "real_estate": "置业", "property_mgmt": "物业管理", "gas": "燃气",
         "supervision": "建设监理", "survey_design": "工程设计", "testing": "建设工程检测", "ready_mix": "商品混凝土",
         "municipal": "市政建设", "other": "建材"}
_STREETS = ("临园路", "剑南路", "涪城路", "跃进路", "绵兴路", "游仙路", "花园路", "长虹大道", "科创园路", "富乐路")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "建国军华明强伟芳勇静磊洋艳杰涛超秀兰平刚"


def credit_code(body17: str) -> str:
    """统一社会信用代码: the 17 characters and their GB 32100-2015 check character."""
    total = sum(_CODE_CHARS.index(c) * w for c, w in zip(body17, _CODE_WEIGHTS, strict=True))
    return body17 + _CODE_CHARS[(31 - total % 31) % 31]


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def _date_in(rng: np.random.Generator, year: int, months: tuple[int, ...]) -> dt.date:
    """A uniform day of `year` inside one of `months` (drawn by month length)."""
    lengths = np.array([(dt.date(year + (m == 12), m % 12 + 1, 1) - dt.date(year, m, 1)).days for m in months])
    m = months[int(rng.choice(len(months), p=lengths / lengths.sum()))]
    return dt.date(year, m, 1) + dt.timedelta(days=int(rng.integers(0, lengths[months.index(m)])))


ALL_MONTHS = tuple(range(1, 13))


# ------------------------------------------------------------------------------------------- the register

def _register(rng: np.random.Generator, n: int, sector_p: dict[str, float], size_p: tuple[float, float, float, float],
              young: float) -> pd.DataFrame:
    """The 检查对象名录库 before names: sector, size, employees, age, monitoring, district."""
    secs = list(sector_p)
    sp = np.array([sector_p[s] for s in secs], float)
    sector = rng.choice(secs, size=n, p=sp / sp.sum())
    size = rng.choice(SIZES, size=n, p=np.array(size_p) / sum(size_p))
    bounds = {"micro": (2, 12), "small": (12, 90), "medium": (90, 350), "large": (350, 2500)}
    employees = np.array([int(np.exp(rng.uniform(*np.log(bounds[s]))) + 0.5) for s in size])
    age = np.where(rng.random(n) < young, rng.uniform(0.15, 3.0, n), 3.0 + rng.exponential(7.0, n))
    age = np.minimum(age, 35.0)
    monitored = rng.random(n) < np.where(sector == "gas", 0.5, np.where(sector == "construction", 0.3, 0.05))
    district = rng.choice(DISTRICTS, size=n, p=DISTRICT_P)
    return pd.DataFrame({"sector": sector, "size": size, "employees": employees, "age": age,
                         "remote_monitoring": monitored, "district_code": district})


def _person(rng: np.random.Generator) -> str:
    return _SURNAMES[rng.integers(len(_SURNAMES))] + "".join(
        _GIVEN[k] for k in rng.integers(len(_GIVEN), size=int(rng.integers(1, 3))))


def _name_firms(rng: np.random.Generator, f: pd.DataFrame, group: np.ndarray | None = None) -> pd.DataFrame:
    """Ids, names, addresses, established_on and legal representatives. Firms of one `group` (>= 0) share a
    representative, a name stem and a building; -1 is a firm on its own."""
    n = len(f)
    group = np.full(n, -1) if group is None else group
    stems, reps, buildings = {}, {}, {}
    ids, names, addrs, rep_col = [], [], [], []
    seen: set[str] = set()
    for i in range(n):
        g = int(group[i])
        if g >= 0 and g in stems:
            stem, rep, building = stems[g], reps[g], buildings[g]
        else:
            stem = "".join(_STEMS[k] for k in rng.choice(len(_STEMS), size=2, replace=False))
            rep = _person(rng)
            building = f"{CITY}市{_STREETS[rng.integers(len(_STREETS))]}{int(rng.integers(1, 600))}号"
            if g >= 0:
                stems[g], reps[g], buildings[g] = stem, rep, building
        while True:
            body = "91" + f["district_code"].iat[i] + "".join(rng.choice(list(_CODE_CHARS), size=9))
            code = credit_code(body)
            if code not in seen:
                seen.add(code)
                break
        ids.append(code)
        extra = _STEMS[rng.integers(len(_STEMS))] if g >= 0 else ""  # a group's firms: one stem, one more character
        names.append(f"{CITY}{stem}{extra}{_TAIL[f['sector'].iat[i]]}有限公司")
        addrs.append(building + (f"{int(rng.integers(1, 30))}楼{int(rng.integers(1, 20)):02d}室" if g >= 0 else ""))
        rep_col.append(rep)
    out = f.copy()
    out.insert(0, "enterprise_id", ids)
    out.insert(1, "name", names)
    out["address"] = addrs
    out["legal_representative"] = rep_col
    out["established_on"] = [dt.date(PLAN_YEAR, 1, 1) - dt.timedelta(days=int(a * 365.25)) for a in f["age"]]
    return out


# ------------------------------------------------------------------------------------------- history

@dataclass
class Bureau:
    firms: pd.DataFrame
    truth: np.ndarray  # p_violation in the plan year
    inspections: list[tuple[int, dt.date, str, str]] = field(default_factory=list)  # firm, date, outcome, rectified
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)  # firm, date, kind...
    triggers: list[tuple[int, dt.date, str, bool]] = field(default_factory=list)  # firm, date, kind, urgent
    grades: list[tuple[int, str, dt.date]] | None = field(default_factory=list)  # None: no credit_grades.csv

    def exists(self, i: int, when: dt.date) -> bool:
        return self.firms["established_on"].iat[i] + dt.timedelta(days=30) <= when


def _finding(rng: np.random.Generator, p: float, minor_p: float, rectify_p: float = 0.8) -> tuple[str, str, bool]:
    """(outcome, rectified, truly violating) of one visit with violation probability p."""
    if rng.random() < p:
        serious = rng.random() < 0.1 + 0.3 * p
        return ("serious" if serious else "violation"), ("true" if rng.random() < rectify_p else "false"), True
    return ("minor" if rng.random() < minor_p else "compliant"), "", False


def _visit(b: Bureau, rng: np.random.Generator, i: int, when: dt.date, p: float, minor_p: float) -> str | None:
    if not b.exists(i, when):
        return None
    outcome, rect, _ = _finding(rng, p, minor_p)
    b.inspections.append((i, when, outcome, rect))
    return outcome


def _records(b: Bureau, rng: np.random.Generator, year: int, p: np.ndarray, bad: float, good: float,
             months: tuple[int, ...] = ALL_MONTHS) -> None:
    """Credit records of `year` from other channels: bad at rate bad·p, good/commendation at good·(1-p)²."""
    n = len(p)
    for i in np.flatnonzero(rng.random(n) < bad * p):
        when = _date_in(rng, year, months)
        if b.exists(i, when):
            b.records.append((i, when, "bad", when + dt.timedelta(days=int(rng.choice([180, 365, 730]))), ""))
    for i in np.flatnonzero(rng.random(n) < good * (1 - p) ** 2):
        when = _date_in(rng, year, months)
        if b.exists(i, when):
            kind = "commendation" if rng.random() < 0.25 else "good"
            b.records.append((i, when, kind, when + dt.timedelta(days=1095), ""))


def _penalty_records(b: Bureau, rng: np.random.Generator, share: float) -> None:
    """A recorded violation becomes a public 不良信用信息 (administrative penalty) 20–60 days later, `share` of them."""
    for i, when, outcome, _ in list(b.inspections):
        if outcome in ("violation", "serious") and rng.random() < share:
            d = when + dt.timedelta(days=int(rng.integers(20, 61)))
            if d.year < PLAN_YEAR:
                b.records.append((i, d, "bad", d + dt.timedelta(days=365 if outcome == "violation" else 1095),
                                  "行政处罚"))


def _complaints(b: Bureau, rng: np.random.Generator, year: int, rate: np.ndarray,
                months: tuple[int, ...] = ALL_MONTHS, kind: str | None = None) -> None:
    """Triggers in `year` (within `months`) at a Poisson `rate` per firm."""
    counts = rng.poisson(rate)
    for i in np.flatnonzero(counts):
        for _ in range(int(counts[i])):
            when = _date_in(rng, year, months)
            if b.exists(i, when):
                k = kind or str(rng.choice(["complaint", "referral", "enterprise_request"], p=[0.8, 0.15, 0.05]))
                b.triggers.append((i, when, k, bool(rng.random() < 0.08)))


def _rank_grades(score: np.ndarray, shares: tuple[float, float, float, float] = (0.3, 0.4, 0.2, 0.1)) -> np.ndarray:
    q = np.argsort(np.argsort(score, kind="stable"), kind="stable") / max(len(score) - 1, 1)
    return np.array(list("ABCD"))[np.searchsorted(np.cumsum(shares)[:-1] / sum(shares), q, side="right")]


def _history_score(b: Bureau, rng: np.random.Generator, until: dt.date, noise: float) -> np.ndarray:
    """What a platform can rank on: recorded violations, bad and dishonest records before `until`."""
    s = np.zeros(len(b.firms))
    for i, when, outcome, _ in b.inspections:
        if when < until:
            s[i] += {"serious": 2.0, "violation": 1.0, "minor": 0.2}.get(outcome, -0.1)
    for i, when, kind, _, _ in b.records:
        if when < until:
            s[i] += {"bad": 1.0, "serious_dishonest": 3.0, "good": -0.5, "commendation": -0.8}.get(kind, 0.0)
    return s + rng.normal(0, noise, len(s))


def _sector_effect(f: pd.DataFrame, eff: dict[str, float]) -> np.ndarray:
    return f["sector"].map(lambda s: eff.get(s, 0.0)).to_numpy(float)


# ------------------------------------------------------------------------------------------- families

def _big_firm_bias(rng: np.random.Generator, n: int) -> Bureau:
    reg = _register(rng, n, {"construction": 0.32, "real_estate": 0.1, "property_mgmt": 0.14, "gas": 0.08,
                             "supervision": 0.07, "survey_design": 0.05, "testing": 0.05, "ready_mix": 0.07,
                             "municipal": 0.07, "other": 0.05}, (0.4, 0.35, 0.18, 0.07), young=0.2)
    f = _name_firms(rng, reg)
    size_eff = f["size"].map({"micro": 0.7, "small": 0.35, "medium": 0.0, "large": -0.35}).to_numpy(float)
    young = (f["age"].to_numpy() < 3.0).astype(float)
    base = (-1.3 + 0.85 * rng.normal(size=n) + size_eff + 0.4 * young
            + _sector_effect(f, {"construction": 0.3, "real_estate": 0.2, "gas": 0.1, "survey_design": -0.3,
                                 "testing": -0.2, "supervision": -0.2}))
    z = {t: base + rng.normal(0, 0.3, n) for t in (*HISTORY, PLAN_YEAR)}
    b = Bureau(f, _sig(z[PLAN_YEAR]))
    visit_p = f["size"].map({"micro": 0.02, "small": 0.07, "medium": 0.4, "large": 0.75}).to_numpy(float)
    large = f["size"].to_numpy() == "large"
    for t in HISTORY:
        p = _sig(z[t])
        for i in np.flatnonzero(rng.random(n) < visit_p):
            for _ in range(2 if large[i] and rng.random() < 0.5 else 1):
                _visit(b, rng, i, _date_in(rng, t, ALL_MONTHS), p[i], 0.25)
        _records(b, rng, t, p, bad=0.1, good=0.0)
        big = np.isin(f["size"].to_numpy(), ["medium", "large"])
        for i in np.flatnonzero(rng.random(n) < np.where(big, 0.12, 0.01)):  # awards go to the big firms
            when = _date_in(rng, t, (11, 12))
            if b.exists(i, when):
                b.records.append((i, when, "commendation" if rng.random() < 0.4 else "good",
                                  when + dt.timedelta(days=1095), "年度评优"))
        _complaints(b, rng, t, 0.03 + 0.3 * p)
    _penalty_records(b, rng, 0.6)
    rated_on = dt.date(2026, 6, 30)
    seen = {i for i, w, *_ in b.inspections if w < rated_on} | {i for i, w, *_ in b.records if w < rated_on}
    g = _rank_grades(_history_score(b, rng, rated_on, 0.3))
    b.grades = [(i, g[i], rated_on) for i in sorted(seen)]
    return b


def _district_merger(rng: np.random.Generator, n: int) -> Bureau:
    reg = _register(rng, n, {"construction": 0.3, "real_estate": 0.1, "property_mgmt": 0.15, "gas": 0.08,
                             "supervision": 0.07, "survey_design": 0.05, "testing": 0.05, "ready_mix": 0.08,
                             "municipal": 0.07, "other": 0.05}, (0.3, 0.4, 0.22, 0.08), young=0.12)
    f = _name_firms(rng, reg)
    u = rng.normal(size=n)
    base = (-1.2 + 1.0 * u + f["size"].map({"micro": 0.2, "small": 0.1, "medium": 0.0, "large": -0.1}).to_numpy(float)
            + _sector_effect(f, {"construction": 0.25, "ready_mix": 0.2, "property_mgmt": 0.15, "testing": -0.3}))
    z = {t: base + rng.normal(0, 0.3, n) for t in (*HISTORY, PLAN_YEAR)}
    b = Bureau(f, _sig(z[PLAN_YEAR]))
    district = f["district_code"].to_numpy()
    for t in HISTORY:
        p = _sig(z[t])
        for i in np.flatnonzero(rng.random(n) < 0.18):
            when = _date_in(rng, t, ALL_MONTHS)
            if not b.exists(i, when):
                continue
            outcome, rect, real = _finding(rng, p[i], 0.25)
            if t < 2026 and district[i] == "510703" and not real and rng.random() < 0.35:
                outcome, rect = "violation", "true"  # strict convention: a paperwork defect written up
            if t < 2026 and district[i] == "510705" and real and rng.random() < 0.7:
                outcome, rect = "minor", ""  # lenient convention: 以教代罚, recorded as a minor issue
            b.inspections.append((i, when, outcome, rect))
        _records(b, rng, t, p, bad=0.04, good=0.06)
        _complaints(b, rng, t, 0.05 + 0.25 * p)
    _penalty_records(b, rng, 0.5)
    rated_on = dt.date(2025, 12, 20)
    g = _rank_grades(_history_score(b, rng, rated_on, 0.4))
    b.grades = [(i, g[i], rated_on) for i in range(n) if f["established_on"].iat[i] < dt.date(2025, 1, 1)]
    return b


_RAINY = (6, 7, 8, 9)
_HEATING = (11, 12, 1, 2, 3)


def _off_season(rng: np.random.Generator, n: int) -> Bureau:
    reg = _register(rng, n, {"construction": 0.35, "real_estate": 0.08, "property_mgmt": 0.13, "gas": 0.2,
                             "supervision": 0.05, "survey_design": 0.04, "testing": 0.04, "ready_mix": 0.05,
                             "municipal": 0.04, "other": 0.02}, (0.3, 0.38, 0.23, 0.09), young=0.15)
    f = _name_firms(rng, reg)
    s = f["sector"].to_numpy()
    size = f["size"].to_numpy()
    base = -2.0 + 0.75 * rng.normal(size=n) + _sector_effect(f, {"property_mgmt": 0.3, "real_estate": 0.2})
    deep = rng.random(n) < np.where(np.isin(size, ["medium", "large"]), 0.65, 0.12)  # deep excavation, hidden
    old_net = f["age"].to_numpy() > 12
    unmon = ~f["remote_monitoring"].to_numpy()
    h = np.where(s == "construction", 0.3 + 1.7 * deep, 0.0) + np.where(s == "gas", 1.3 * old_net + 0.8 * unmon, 0.0)
    season = {m: np.where(s == "construction", m in _RAINY, np.where(s == "gas", m in _HEATING, False)).astype(float)
              for m in ALL_MONTHS}
    z0 = {t: base + rng.normal(0, 0.25, n) for t in (*HISTORY, PLAN_YEAR)}
    truth = np.mean([_sig(z0[PLAN_YEAR] + h * season[m]) for m in ALL_MONTHS], axis=0)
    b = Bureau(f, truth)
    for t in HISTORY:
        for i in np.flatnonzero(rng.random(n) < 0.2):
            in_season = rng.random() < 0.15
            if s[i] == "construction":
                months = _RAINY if in_season else (3, 4, 5, 10, 11)
            elif s[i] == "gas":
                months = _HEATING if in_season else (5, 6, 7, 8, 9)
            else:
                months = ALL_MONTHS
            when = _date_in(rng, t, months)
            _visit(b, rng, i, when, float(_sig(z0[t][i] + h[i] * season[when.month][i])), 0.3)
        p_year = np.mean([_sig(z0[t] + h * season[m]) for m in ALL_MONTHS], axis=0)
        _records(b, rng, t, p_year, bad=0.08, good=0.05)
        _complaints(b, rng, t, 0.04 + 0.15 * _sig(z0[t]))  # the year-round complaints: base risk
        p_in = _sig(z0[t] + h)
        con, gas = s == "construction", s == "gas"
        _complaints(b, rng, t, np.where(con, 0.5 * p_in, 0.0), _RAINY)  # 汛期 site complaints
        _complaints(b, rng, t, np.where(gas & unmon, 0.5 * p_in, 0.0), _HEATING)
        _complaints(b, rng, t, np.where(gas & ~unmon, 1.2 * p_in, 0.0), _HEATING, kind="data_monitoring")
    _penalty_records(b, rng, 0.4)
    rated_on = dt.date(2026, 3, 31)
    g = _rank_grades(z0[2026] + rng.normal(0, 0.6, n))
    b.grades = [(i, g[i], rated_on) for i in range(n) if f["age"].iat[i] > 1.2]
    return b


def _credit_backlog(rng: np.random.Generator, n: int) -> Bureau:
    reg = _register(rng, n, {"construction": 0.3, "real_estate": 0.15, "property_mgmt": 0.14, "gas": 0.07,
                             "supervision": 0.07, "survey_design": 0.05, "testing": 0.05, "ready_mix": 0.07,
                             "municipal": 0.06, "other": 0.04}, (0.32, 0.38, 0.22, 0.08), young=0.15)
    f = _name_firms(rng, reg)
    s = f["sector"].to_numpy()
    u = 0.75 * rng.normal(size=n)
    base = -1.6 + u + _sector_effect(f, {"construction": 0.2, "real_estate": 0.2, "gas": 0.1, "testing": -0.2})
    broke = rng.random(n) < np.where(np.isin(s, ["real_estate", "construction"]), 0.35, 0.1)
    broke_on = [_date_in(rng, 2026, (5, 6, 7, 8)) for _ in range(n)]
    zt = {t: base + rng.normal(0, 0.3, n) for t in (*HISTORY, PLAN_YEAR)}
    z27 = zt[PLAN_YEAR] + 1.6 * broke
    b = Bureau(f, _sig(z27))

    def p_at(i: int, when: dt.date) -> float:
        return float(_sig(zt[when.year][i] + (1.6 if broke[i] and when >= broke_on[i] else 0.0)))

    events: list[tuple[int, dt.date, str]] = []  # what happened, before the platform records it
    for t in HISTORY:
        for i in np.flatnonzero(rng.random(n) < 0.12):
            when = _date_in(rng, t, ALL_MONTHS)
            _visit(b, rng, i, when, p_at(i, when), 0.25)
        for i in range(n):
            when = _date_in(rng, t, ALL_MONTHS)
            if b.exists(i, when):
                p = p_at(i, when)
                if rng.random() < 0.3 * p:
                    events.append((i, when, "bad"))
                if rng.random() < 0.08 * (1 - p) ** 2:
                    events.append((i, when, "good"))
        _complaints(b, rng, t, 0.04 + 0.15 * _sig(zt[t]))
    for i in np.flatnonzero(broke):  # arrears, late handovers: the breakdown's own records
        for _ in range(int(rng.poisson(1.2))):
            when = broke_on[i] + dt.timedelta(days=int(rng.integers(10, 150)))
            if when.year == 2026 and b.exists(i, when):
                events.append((i, when, "bad" if rng.random() < 0.85 else "serious_dishonest"))
    for i, happened, kind in events:  # the platform's bulk import: late December, some a year late
        if happened.year == 2026 or (happened.year == 2025 and rng.random() < 0.25):
            rec = dt.date(2026, 12, 18) if rng.random() < 0.5 else dt.date(2026, 12, 28)
        else:
            rec = dt.date(happened.year, 12, int(rng.integers(20, 29)))
        days = {"bad": int(rng.choice([365, 730])), "good": 1095, "serious_dishonest": 1095}[kind]
        b.records.append((i, rec, kind, rec + dt.timedelta(days=days), f"补录 事项发生于{happened.isoformat()}"))
    _penalty_records(b, rng, 0.3)
    rated_on = dt.date(2026, 9, 30)
    g = _rank_grades(base + rng.normal(0, 0.4, n))
    b.grades = [(i, g[i], rated_on) for i in range(n) if f["age"].iat[i] > 1.0]
    return b


def _shared_legal_rep(rng: np.random.Generator, n: int) -> Bureau:
    reg = _register(rng, n, {"construction": 0.35, "real_estate": 0.08, "property_mgmt": 0.12, "gas": 0.05,
                             "supervision": 0.1, "survey_design": 0.07, "testing": 0.07, "ready_mix": 0.06,
                             "municipal": 0.06, "other": 0.04}, (0.45, 0.35, 0.15, 0.05), young=0.25)
    group = np.full(n, -1)
    order = rng.permutation(n)
    k, g = 0, 0
    target = int(0.45 * n)
    while k < target:
        m = min(int(np.clip(rng.geometric(0.22) + 1, 2, 15)), target - k)
        group[order[k:k + m]] = g
        k, g = k + m, g + 1
    f = _name_firms(rng, reg, group)
    c_g = rng.normal(0.3, 1.1, max(g, 1))
    c = np.where(group >= 0, c_g[np.maximum(group, 0)], 0.0)
    base = -1.7 + c + 0.6 * rng.normal(size=n) + _sector_effect(f, {"construction": 0.2, "supervision": 0.1})
    z = {t: base + rng.normal(0, 0.3, n) for t in (*HISTORY, PLAN_YEAR)}
    b = Bureau(f, _sig(z[PLAN_YEAR]))
    for t in HISTORY:
        p = _sig(z[t])
        for i in np.flatnonzero(rng.random(n) < 0.1):
            _visit(b, rng, i, _date_in(rng, t, ALL_MONTHS), p[i], 0.25)
        _records(b, rng, t, p, bad=0.08, good=0.05)
        _complaints(b, rng, t, 0.04 + 0.2 * p)
    for gi in np.flatnonzero((c_g > 1.3) & (rng.random(len(c_g)) < 0.5)):  # the representative is listed: 联合惩戒
        when = _date_in(rng, int(rng.choice(HISTORY)), ALL_MONTHS)
        for i in np.flatnonzero(group == gi):
            if b.exists(i, when):
                b.records.append((i, when, "serious_dishonest", when + dt.timedelta(days=1095), "法定代表人失信联合惩戒"))
    _penalty_records(b, rng, 0.5)
    rated_on = dt.date(2026, 12, 1)
    gr = _rank_grades(_history_score(b, rng, rated_on, 0.5))
    b.grades = [(i, gr[i], rated_on) for i in np.flatnonzero(rng.random(n) < 0.6)]
    return b


def _rare_violation(rng: np.random.Generator, n: int) -> Bureau:
    reg = _register(rng, n, {"construction": 0.3, "real_estate": 0.1, "property_mgmt": 0.15, "gas": 0.1,
                             "supervision": 0.07, "survey_design": 0.05, "testing": 0.05, "ready_mix": 0.07,
                             "municipal": 0.06, "other": 0.05}, (0.35, 0.38, 0.2, 0.07), young=0.15)
    giant = rng.random(n) < 0.006
    reg.loc[giant, "size"] = "large"
    reg.loc[giant, "employees"] = rng.integers(5000, 30000, int(giant.sum()))
    reg.loc[giant, "sector"] = rng.choice(["construction", "real_estate", "gas", "property_mgmt"], int(giant.sum()))
    f = _name_firms(rng, reg)
    young = (f["age"].to_numpy() < 2.5).astype(float)
    base = (-4.2 + 1.0 * rng.normal(size=n) + 0.5 * young + 1.2 * giant
            + _sector_effect(f, {"gas": 0.5, "construction": 0.3, "survey_design": -0.3}))
    z = {t: base + rng.normal(0, 0.3, n) for t in (*HISTORY, PLAN_YEAR)}
    b = Bureau(f, _sig(z[PLAN_YEAR]))
    for t in HISTORY:
        p = _sig(z[t])
        minor_p = np.minimum(0.9, _sig(z[t] + 3.0))
        visits = np.where(giant, rng.integers(8, 26, n), (rng.random(n) < 0.25).astype(int))
        for i in np.flatnonzero(visits):
            for _ in range(int(visits[i])):
                _visit(b, rng, i, _date_in(rng, t, ALL_MONTHS), p[i], float(minor_p[i]))
        _records(b, rng, t, p, bad=0.5, good=0.12)
        _complaints(b, rng, t, 0.06 + 1.5 * p)
    _penalty_records(b, rng, 0.7)
    grades = []
    for year in HISTORY:  # mechanical: the last 24 months' findings, every 31 December
        rated_on = dt.date(year, 12, 31)
        since = dt.date(year - 1, 12, 31)
        worst = np.zeros(n)
        minors = np.zeros(n)
        for i, when, outcome, _ in b.inspections:
            if since < when <= rated_on:
                worst[i] = max(worst[i], {"serious": 3, "violation": 2}.get(outcome, 0))
                minors[i] += outcome == "minor"
        for i in range(n):
            if f["established_on"].iat[i] < rated_on:
                grade = "D" if worst[i] == 3 else "C" if worst[i] == 2 else "B" if minors[i] >= 2 else "A"
                grades.append((i, grade, rated_on))
    b.grades = grades
    return b


_BUILDERS = {"big_firm_bias": _big_firm_bias, "district_merger": _district_merger, "off_season": _off_season,
             "credit_backlog": _credit_backlog, "shared_legal_rep": _shared_legal_rep,
             "rare_violation": _rare_violation}


# ------------------------------------------------------------------------------------------- bundle files

def _staff(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    teams, officers = [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY_CODE):
            tid = f"{ag}{d}"
            teams.append((tid, ag, d, 4))
            for k in range(8):
                role = "enforcement" if k < 6 else ("auxiliary" if k == 6 else "legal_review")
                enf = role == "enforcement"
                officers.append((f"{tid}-{k}", f"{_person(rng)}", tid, role,
                                 f"川执{int(rng.integers(10**8, 10**9))}" if enf else "",
                                 f"{int(rng.integers(2028, 2031))}-06-30" if enf else "",
                                 int(rng.integers(60, 120)), int(rng.integers(45, 75)) if enf else ""))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]))


def _write(b: Bureau, rng: np.random.Generator, bundle: Path) -> None:
    f = b.firms
    bundle.mkdir(parents=True)
    ent = f[["enterprise_id", "name", "district_code", "sector", "size", "employees", "established_on", "address",
             "legal_representative"]].copy()
    ent.insert(8, "remote_monitoring", np.where(f["remote_monitoring"], "true", "false"))
    ent.to_csv(bundle / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(bundle / "agencies.csv", index=False)
    pd.DataFrame(ITEMS, columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"]).to_csv(
        bundle / "items.csv", index=False)
    teams, officers = _staff(rng)
    teams.to_csv(bundle / "teams.csv", index=False)
    officers.to_csv(bundle / "officers.csv", index=False)
    ids = f["enterprise_id"].to_numpy()
    agency = f["sector"].map(SECTOR_AGENCY).to_numpy()
    district = f["district_code"].to_numpy()
    if any(r[1].year >= PLAN_YEAR for r in b.inspections):
        raise AssertionError("an inspection inside the plan year")
    rows = []
    for k, (i, when, outcome, rect) in enumerate(sorted(b.inspections, key=lambda r: (r[1], r[0]))):
        team = f"{agency[i]}{district[i] if rng.random() < 0.85 else CITY_CODE}"
        who = ";".join(f"{team}-{j}" for j in sorted(rng.choice(6, size=2, replace=False)))
        rows.append((f"MY{when:%Y%m}{k:07d}", ids[i], agency[i], when.isoformat(), who, outcome, rect))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(bundle / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2])) if d.year < PLAN_YEAR]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        bundle / "credit_records.csv", index=False)
    trg = [(f"12345-{k:07d}", ids[i], agency[i], d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent) in enumerate(sorted(b.triggers, key=lambda r: (r[1], r[0], r[2])))]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        bundle / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0]))]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(bundle / "credit_grades.csv",
                                                                                 index=False)
    # the 2027 调休 schedule is newer than any installed calendar: the contract's example carries one
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), bundle / "calendar.csv")
    policy = {"year": PLAN_YEAR, "seed": f"mianyang-{bundle.parent.name}", "sampling": "weighted_lottery"}
    (bundle / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle (a whole bundle) and `out`/truth.csv (enterprise_id, p_violation); return both paths."""
    if family not in _BUILDERS:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([8, seed, FAMILIES.index(family), n])
    b = _BUILDERS[family](rng, n)
    bundle = out / "bundle"
    if bundle.exists():
        shutil.rmtree(bundle)
    _write(b, rng, bundle)
    lo = 0.001 if family == "rare_violation" else 0.003
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": b.firms["enterprise_id"],
                  "p_violation": np.round(np.clip(b.truth, lo, 0.97), 6)}).to_csv(truth, index=False)
    return bundle, truth


if __name__ == "__main__":
    import sys

    print(generate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
