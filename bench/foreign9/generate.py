"""A ninth held-out bureau generator (issue 9) · 第九套独立生成的住建/城管执法局.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's risk model or generators. The product is judged as a black box by
``bench/foreign2/run.py --generator bench/foreign9``.

Every bureau is a city of 洛阳 (districts 410302 老城区, 410303 西工区, 410304 瀍河回族区, 410305 涧西区,
410307 偃师区, 410308 孟津区, 410311 洛龙区; city-level teams 410300), plan year 2027, history 2024–2026. Each
firm has a hidden logit ``z[t]`` per year; a past inspection in year t *truly* finds a violation with probability
sigmoid(z[t]) (what is *recorded* may differ, see ``team_habit``); ``truth.csv`` (beside the bundle, never inside)
holds ``p_violation = sigmoid(z[2027])``.

Families (what is hidden · how the history was made · what the grades say):

* ``old_town_gas`` 老城区燃气管网老化 — PLACE IS RISK. In the old town (老城区, 瀍河区) the cast-iron gas mains and
  the 老旧小区 risers age: gas firms and property managers there carry a large, growing risk; in the 洛龙 development
  zone construction/ready-mix firms carry a site-boom risk. A district's past violation rate is real signal. Visits
  双随机 13% a year. Grades: the provincial platform rates ~55% of firms on 2026-06-30 from their own conduct (firm
  effect only: it knows nothing of pipes).
* ``team_habit`` 执法尺度不一 — PLACE IS HABIT. True risk has no district effect at all (firm effect, sector, young
  firms). But each district's team records differently: 涧西 and 洛龙 are strict (a finding of the same firm is
  written as a violation far more often), 老城 and 偃师 lenient; the city-level team (≈22% of visits) is neutral.
  Bad credit records follow recorded violations, and each district grades its own firms on a district curve (the
  strict team hands out many D's). Complaints (12345 hotline) are district-neutral.
* ``hot_streets`` 城中村改造片区 — risk concentrated in a few streets (4 of 42), switched on by an urban-village
  redevelopment that began in mid-2025: hot-street firms' logit rises by 0.1, 0.3, 1.2, 1.8 over 2024–2027. The
  street is in the address and in lat/lon; district rates dilute it. Residents' dust/noise complaints from the hot
  streets in 2026. Grades rated once on 2025-06-30 (before the works): stale.
* ``watchlist`` 重点监管名单 — targeted, not random, history: the bureau's end-2023 watchlist (top 20% of a noisy
  view of the firm effect) gets ~85% visited a year, the rest 4%. Inspection deters with a delay: a violation found and
  rectified in year t lowers the firm's logit by 0.9 from year t+2; an unrectified one raises it by 0.4 from t+1.
  Grades: one list on 2024-01-10 (listed firms C/D, the rest A/B at random).
* ``sector_recode`` 装饰装修并入建筑施工 — in July 2025 the register recoded decoration firms (装饰装修, high risk:
  违规拆改, 扬尘, 无资质) from ``other`` to ``construction``; 25% were not yet recoded. The current ``construction``
  code mixes classic builders and decorators; names reveal the decorators only partly. Before the recode, decorators
  were inspected rarely by 城管; after it, by 住建 at the builders' rate. Decorators draw noise complaints (装修扰民)
  whatever their risk. Grades: builders yearly from a noisy view of risk; decorators first rated 2026-12-25 and given
  the platform's default B (10% C at random).
* ``new_bureau`` 综合执法改革新组建 — a bureau formed in March 2026: inspections only March–December 2026 (10% of
  firms); the provincial credit platform's records go back to 2024 and carry the signal; NO credit_grades.csv. Risk:
  firm effect, gas without online monitoring, medium/large property managers, firms under two years old.
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
YEARS = (2023, 2024, 2025, 2026, 2027)
SECTORS = ("construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing",
           "ready_mix", "municipal", "other")
SIZES = ("micro", "small", "medium", "large")
FAMILIES = ("old_town_gas", "team_habit", "hot_streets", "watchlist", "sector_recode", "new_bureau")

CITY = "洛阳"
CITY_CODE = "410300"
DISTRICTS = {"410302": "老城区", "410303": "西工区", "410304": "瀍河回族区", "410305": "涧西区",
             "410307": "偃师区", "410308": "孟津区", "410311": "洛龙区"}
_CENTRE = {"410302": (34.683, 112.477), "410303": (34.669, 112.428), "410304": (34.690, 112.500),
           "410305": (34.658, 112.395), "410307": (34.728, 112.789), "410308": (34.826, 112.445),
           "410311": (34.619, 112.456)}
_ROADS = ("中州东路", "定鼎路", "九都路", "唐宫路", "西大街", "东大街", "南关街", "凯旋路", "纱厂路", "建设路",
          "长安路", "景华路", "南昌路", "武汉路", "青岛路", "天津路", "开元大道", "龙门大道", "王城大道", "古城路",
          "太康路", "牡丹大道", "洛宜路", "新街", "启明路", "瀍河路", "塔湾路", "邙山路", "滨河路", "商城路",
          "槐新路", "伊滨路", "新区路", "关林路", "丽春路", "宝龙路", "玻璃厂路", "辽宁路", "珠江路", "黄河路",
          "华山路", "春都路")
AGENCIES = {"zj": "洛阳市住房和城乡建设局", "cg": "洛阳市城市管理局", "rq": "洛阳市燃气安全监管中心",
            "fg": "洛阳市房产服务中心", "zh": "洛阳市住建领域综合行政执法支队"}
SECTOR_AGENCY = {"construction": "zj", "real_estate": "fg", "property_mgmt": "fg", "gas": "rq", "supervision": "zj",
                 "survey_design": "zj", "testing": "zj", "ready_mix": "zj", "municipal": "cg", "other": "cg"}
ITEMS = [  # item_id, agency, name, legal basis, sectors, remote_allowed
    ("zj-01", "zj", "房屋建筑和市政工程质量安全检查", "《建设工程质量管理条例》第四十四条；《建设工程安全生产管理条例》",
     "construction;supervision;survey_design;testing;ready_mix;municipal", "false"),
    ("zj-02", "zj", "建筑业企业资质动态核查", "《中华人民共和国建筑法》第十三条", "construction;supervision;testing", "true"),
    ("cg-01", "cg", "建筑工地扬尘与渣土运输检查", "《中华人民共和国大气污染防治法》第六十九条",
     "construction;ready_mix;municipal;other", "false"),
    ("cg-02", "cg", "装饰装修与户外设施检查", "《城市市容和环境卫生管理条例》", "other;construction;property_mgmt", "true"),
    ("rq-01", "rq", "燃气经营企业安全检查", "《城镇燃气管理条例》第四十一条", "gas", "false"),
    ("rq-02", "rq", "燃气管网在线监测数据核查", "《城镇燃气管理条例》", "gas", "true"),
    ("fg-01", "fg", "物业服务与专项维修资金检查", "《物业管理条例》第五十三条", "property_mgmt;real_estate", "false"),
    ("fg-02", "fg", "商品房预售资金监管检查", "《城市房地产开发经营管理条例》", "real_estate", "true"),
    ("zh-01", "zh", "住建领域综合行政检查", "《河南省住房城乡建设领域综合行政执法办法》",
     "construction;real_estate;property_mgmt;gas;supervision;survey_design;testing;ready_mix;municipal;other",
     "false"),
]
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015
_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_HEAD = ("洛", "河洛", "伊洛", "牡丹", "龙门", "周王", "九都", "中原", "隋唐", "嵩", "邙", "瀍", "豫", "天", "华", "盛")
_MID = ("恒", "嘉", "鼎", "汇", "晟", "通", "和", "裕", "禾", "信", "建", "泰", "瑞", "昌", "润", "丰", "宏", "安")
_TAIL = {"construction": "建设工程", "real_estate": "置业", "property_mgmt": "物业管理", "gas": "燃气",
         "supervision": "工程监理", "survey_design": "勘察设计研究院", "testing": "建设工程质量检测",
         "ready_mix": "商品混凝土", "municipal": "市政工程", "other": "建材商贸"}
TODAY = dt.date(PLAN_YEAR, 1, 1)


def credit_code(body17: str) -> str:
    """统一社会信用代码: the GB 32100-2015 check character appended to 17 characters."""
    s = sum(_CODE_CHARS.index(c) * w for c, w in zip(body17, _CODE_WEIGHTS, strict=True))
    return body17 + _CODE_CHARS[(31 - s % 31) % 31]


def _sig(z: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, float)))


def _date_in(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    """A uniform day in [start, end]."""
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


# ------------------------------------------------------------------------------------------- the register

def _streets(rng: np.random.Generator) -> pd.DataFrame:
    """Six streets per district (42), each with a centre near its district's."""
    rows, roads = [], list(rng.permutation(_ROADS))
    for k, (d, (lat, lon)) in enumerate(_CENTRE.items()):
        for j in range(6):
            rows.append((d, roads[6 * k + j], lat + rng.normal(0, 0.012), lon + rng.normal(0, 0.014)))
    return pd.DataFrame(rows, columns=["district", "street", "lat", "lon"])


def _register(rng: np.random.Generator, n: int, kind_p: dict[str, float], size_p: dict[str, tuple[float, ...]],
              district_p: dict[str, float], young: float, street_w: np.ndarray | None = None,
              streets: pd.DataFrame | None = None) -> pd.DataFrame:
    """检查对象名录库. `kind` is the firm's real trade (a sector, or 'decorator'); `size_p` maps a kind (or
    'default') to micro/small/medium/large shares."""
    kinds = list(kind_p)
    kp = np.array([kind_p[k] for k in kinds], float)
    kind = rng.choice(kinds, size=n, p=kp / kp.sum())
    size = np.empty(n, dtype=object)
    for k in kinds:
        m = kind == k
        sp = np.array(size_p.get(k, size_p["default"]), float)
        size[m] = rng.choice(SIZES, size=int(m.sum()), p=sp / sp.sum())
    bounds = {"micro": (1, 10), "small": (10, 100), "medium": (100, 300), "large": (300, 2500)}
    employees = np.array([int(np.exp(rng.uniform(np.log(bounds[s][0]), np.log(bounds[s][1])))) for s in size])
    age = np.where(rng.random(n) < young, rng.uniform(0.1, 2.5, n), 1.5 + rng.gamma(1.8, 6.0, n))
    age = np.minimum(age, 42.0)
    est = np.array([TODAY - dt.timedelta(days=int(a * 365.25)) for a in age], dtype=object)
    sector = np.where(kind == "decorator", "construction", kind)
    remote_p = np.select([sector == "gas", np.isin(sector, ["construction", "ready_mix", "municipal"])], [0.55, 0.3],
                         0.05)
    remote = rng.random(n) < remote_p
    if streets is None:
        streets = _streets(rng)
    dists = list(district_p)
    dp = np.array([district_p[d] for d in dists], float)
    district = rng.choice(dists, size=n, p=dp / dp.sum())
    street_idx = np.empty(n, dtype=int)
    w_all = np.ones(len(streets)) if street_w is None else street_w
    for d in dists:
        m = np.flatnonzero(district == d)
        cand = np.flatnonzero(streets["district"].to_numpy() == d)
        w = w_all[cand] / w_all[cand].sum()
        street_idx[m] = rng.choice(cand, size=len(m), p=w)
    lat = streets["lat"].to_numpy()[street_idx] + rng.normal(0, 0.0025, n)
    lon = streets["lon"].to_numpy()[street_idx] + rng.normal(0, 0.003, n)
    ids, names, addrs = [], [], []
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    for i in range(n):
        while True:
            code = credit_code("91" + district[i] + "".join(rng.choice(list(_CODE_CHARS), size=9)))
            if code not in seen_ids:
                seen_ids.add(code)
                ids.append(code)
                break
        tail = _TAIL[sector[i]]
        if kind[i] == "decorator":  # the name reveals a decorator only partly
            tail = "装饰设计工程" if rng.random() < 0.6 else "建筑工程"
        base = f"洛阳{_HEAD[rng.integers(len(_HEAD))]}{_MID[rng.integers(len(_MID))]}{tail}有限公司"
        name, k = base, 2
        while name in seen_names:
            name = base.replace("有限公司", f"有限公司第{k}分公司")
            k += 1
        seen_names.add(name)
        names.append(name)
        addrs.append(f"河南省洛阳市{DISTRICTS[district[i]]}{streets['street'].iat[street_idx[i]]}"
                     f"{int(rng.integers(1, 700))}号")
    return pd.DataFrame({"enterprise_id": ids, "name": names, "district_code": district, "sector": sector,
                         "kind": kind, "size": size, "employees": employees, "established_on": est, "age": age,
                         "address": addrs, "lat": np.round(lat, 6), "lon": np.round(lon, 6),
                         "remote_monitoring": remote, "street": street_idx})


# ------------------------------------------------------------------------------------------- the history

@dataclass
class World:
    firms: pd.DataFrame
    z: dict[int, np.ndarray]
    # idx, date, outcome, rectified, agency (or ""), team district (or "")
    inspections: list[tuple[int, dt.date, str, str, str, str]] = field(default_factory=list)
    records: list[tuple[int, dt.date, str, dt.date | None]] = field(default_factory=list)
    triggers: list[tuple[int, dt.date, str, bool]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] = field(default_factory=list)
    write_grades: bool = True


def _alive(w: World, i: int, when: dt.date) -> bool:
    return w.firms["established_on"].iat[i] + dt.timedelta(days=30) <= when


def _record(w: World, rng: np.random.Generator, i: int, when: dt.date, p_recorded: float, p_minor: float,
            rectify: float = 0.72, agency: str = "", team: str = "") -> str:
    """One past inspection as the bureau wrote it down."""
    if rng.random() < p_recorded:
        outcome = "serious" if rng.random() < 0.08 + 0.3 * p_recorded else "violation"
        rect = "true" if rng.random() < rectify else "false"
    else:
        outcome = "minor" if rng.random() < p_minor else "compliant"
        rect = ""
    w.inspections.append((i, when, outcome, rect, agency, team))
    return outcome


def _random_visits(w: World, rng: np.random.Generator, year: int, share: np.ndarray | float, p_minor: float = 0.22,
                   start: dt.date | None = None, end: dt.date | None = None, agency: str = "") -> None:
    n = len(w.firms)
    p = _sig(w.z[year])
    start = start or dt.date(year, 1, 4)
    end = end or dt.date(year, 12, 28)
    for i in np.flatnonzero(rng.random(n) < share):
        when = _date_in(rng, start, end)
        if _alive(w, i, when):
            _record(w, rng, i, when, p[i], p_minor, agency=agency)


def _records_from_findings(w: World, rng: np.random.Generator, share: float = 0.55) -> None:
    """Recorded violations feed the credit platform (不良信用信息; serious → sometimes 严重失信)."""
    for i, when, out, rect, _ag, _team in list(w.inspections):
        if out not in ("violation", "serious") or rng.random() > share:
            continue
        on = when + dt.timedelta(days=int(rng.integers(10, 45)))
        w.records.append((i, on, "bad", on + dt.timedelta(days=int(rng.choice([183, 365, 730])))))
        if out == "serious" and rect == "false" and rng.random() < 0.5:
            w.records.append((i, on, "serious_dishonest", on + dt.timedelta(days=1095)))
        elif rect == "true" and rng.random() < 0.3:
            w.records.append((i, on + dt.timedelta(days=int(rng.integers(120, 300))), "repair", None))


def _platform_records(w: World, rng: np.random.Generator, years: tuple[int, ...], bad: float, dishonest: float,
                      good: float, signal: dict[int, np.ndarray] | None = None) -> None:
    """Records from other departments (tax, courts, market regulation, awards), at a rate following the risk."""
    n = len(w.firms)
    for year in years:
        p = _sig((signal or w.z)[year])
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        for i in np.flatnonzero(rng.random(n) < bad * p):
            on = _date_in(rng, start, end)
            if _alive(w, i, on):
                w.records.append((i, on, "bad", on + dt.timedelta(days=int(rng.choice([183, 365, 730, 1095])))))
        for i in np.flatnonzero(rng.random(n) < dishonest * p ** 2):
            on = _date_in(rng, start, end)
            if _alive(w, i, on):
                w.records.append((i, on, "serious_dishonest", on + dt.timedelta(days=1095)))
        for i in np.flatnonzero(rng.random(n) < good * (1 - p) ** 2):
            on = _date_in(rng, start, end)
            if _alive(w, i, on):
                w.records.append((i, on, "commendation" if rng.random() < 0.25 else "good",
                                  on + dt.timedelta(days=1095)))


def _triggers(w: World, rng: np.random.Generator, rate: np.ndarray, start: dt.date, end: dt.date,
              kinds: dict[str, float] | None = None) -> None:
    kinds = kinds or {"complaint": 0.72, "referral": 0.18, "data_monitoring": 0.05, "enterprise_request": 0.05}
    names = list(kinds)
    kp = np.array([kinds[k] for k in names])
    counts = rng.poisson(np.asarray(rate) * (end - start).days / 365.25)
    for i in np.flatnonzero(counts):
        for _ in range(counts[i]):
            on = _date_in(rng, start, end)
            if _alive(w, i, on):
                w.triggers.append((i, on, str(rng.choice(names, p=kp / kp.sum())), bool(rng.random() < 0.08)))


def _by_rank(score: np.ndarray, shares: tuple[float, float, float, float]) -> np.ndarray:
    """A/B/C/D by the rank of `score` (high = risky)."""
    q = np.argsort(np.argsort(score, kind="stable"), kind="stable") / max(len(score) - 1, 1)
    cuts = np.cumsum(shares)[:-1] / sum(shares)
    return np.array(["A", "B", "C", "D"])[np.searchsorted(cuts, q, side="right")]


def _eff(values: np.ndarray, table: dict[str, float]) -> np.ndarray:
    return np.array([table.get(v, 0.0) for v in values])


_SIZE_DEFAULT = {"default": (0.34, 0.4, 0.19, 0.07)}
_DISTRICT_P = {"410302": 0.15, "410303": 0.16, "410304": 0.11, "410305": 0.16, "410307": 0.1, "410308": 0.08,
               "410311": 0.24}


# ------------------------------------------------------------------------------------------- families

def _old_town_gas(rng: np.random.Generator, n: int) -> World:
    f = _register(rng, n, {"construction": 0.22, "real_estate": 0.08, "property_mgmt": 0.2, "gas": 0.15,
                           "supervision": 0.05, "survey_design": 0.03, "testing": 0.03, "ready_mix": 0.06,
                           "municipal": 0.08, "other": 0.1}, _SIZE_DEFAULT, _DISTRICT_P, young=0.15)
    d, s, age = f["district_code"].to_numpy(), f["sector"].to_numpy(), f["age"].to_numpy()
    old = np.isin(d, ["410302", "410304"]).astype(float)
    zone = (d == "410311").astype(float)
    gas, pm = (s == "gas").astype(float), (s == "property_mgmt").astype(float)
    site = np.isin(s, ["construction", "ready_mix"]).astype(float)
    u = rng.normal(0, 0.6, n)
    size = _eff(f["size"].to_numpy(), {"micro": 0.2, "small": 0.1, "large": -0.15})
    sect = _eff(s, {"construction": 0.15, "gas": 0.1, "survey_design": -0.4, "testing": -0.2})
    z = {}
    for t in YEARS:
        aging = 0.15 * (t - 2024)  # the mains age a year more every year
        place = old * (gas * (1.3 + aging + 0.02 * np.minimum(age, 30)) + pm * (0.9 + aging) + 0.15)
        place += zone * (site * (0.4 if t < 2025 else 1.0) + (s == "real_estate") * 0.5)
        z[t] = -2.15 + u + size + sect + place + rng.normal(0, 0.3, n)
    w = World(f, z)
    for year in HISTORY:
        _random_visits(w, rng, year, 0.13)
    _records_from_findings(w, rng)
    _platform_records(w, rng, HISTORY, bad=0.03, dishonest=0.01, good=0.05)
    remote = f["remote_monitoring"].to_numpy()
    for year in HISTORY:
        _triggers(w, rng, 0.04 + 0.25 * _sig(z[year]), dt.date(year, 1, 1), dt.date(year, 12, 31))
        # gas leak alarms from the monitored networks (数据监测)
        _triggers(w, rng, gas * remote * (0.1 + 0.8 * _sig(z[year])), dt.date(year, 1, 1), dt.date(year, 12, 31),
                  {"data_monitoring": 1.0})
    rated_on = dt.date(2026, 6, 30)
    g = _by_rank(u + rng.normal(0, 0.45, n), (0.3, 0.42, 0.2, 0.08))  # conduct only: no pipes, no sites
    w.grades = [(i, g[i], rated_on) for i in np.flatnonzero(rng.random(n) < 0.55) if _alive(w, i, rated_on)]
    return w


_HABIT = {"410302": -1.4, "410303": 0.0, "410304": 0.2, "410305": 1.3, "410307": -0.9, "410308": 0.0,
          "410311": 0.9, CITY_CODE: 0.0}


def _team_habit(rng: np.random.Generator, n: int) -> World:
    f = _register(rng, n, {"construction": 0.28, "real_estate": 0.08, "property_mgmt": 0.16, "gas": 0.09,
                           "supervision": 0.06, "survey_design": 0.03, "testing": 0.04, "ready_mix": 0.08,
                           "municipal": 0.08, "other": 0.1}, _SIZE_DEFAULT, _DISTRICT_P, young=0.18)
    d, s = f["district_code"].to_numpy(), f["sector"].to_numpy()
    u = rng.normal(0, 0.8, n)
    base = (-1.8 + u + _eff(s, {"construction": 0.3, "gas": 0.4, "ready_mix": 0.3, "real_estate": 0.2,
                                "survey_design": -0.5, "testing": -0.3})
            + 0.5 * (f["age"].to_numpy() < 3) + _eff(f["size"].to_numpy(), {"micro": 0.15, "large": -0.2}))
    z = {t: base + rng.normal(0, 0.3, n) for t in YEARS}  # no district term: place is not risk here
    w = World(f, z)
    for year in HISTORY:
        p = _sig(z[year])
        for i in np.flatnonzero(rng.random(n) < 0.14):
            when = _date_in(rng, dt.date(year, 1, 4), dt.date(year, 12, 28))
            if not _alive(w, i, when):
                continue
            team = CITY_CODE if rng.random() < 0.22 else d[i]
            h = _HABIT[team]
            # the same finding written down harder or softer, by who wrote it
            p_rec = float(_sig(np.log(p[i] / (1 - p[i])) + h))
            _record(w, rng, i, when, p_rec, float(_sig(-1.3 + 0.6 * h)), team=team)
    _records_from_findings(w, rng, share=0.7)
    for year in HISTORY:  # 12345 hotline: no district habit
        _triggers(w, rng, 0.06 + 0.45 * _sig(z[year]), dt.date(year, 1, 1), dt.date(year, 12, 31))
    # each district grades its own firms on its own curve (a noisy view of risk, district shares by habit)
    for year in HISTORY:
        rated_on = dt.date(year, 12, 20)
        for dist in DISTRICTS:
            m = np.flatnonzero((d == dist) & np.array([_alive(w, i, rated_on) for i in range(n)]))
            if len(m) == 0:
                continue
            h = _HABIT[dist]
            shares = (max(0.05, 0.3 - 0.1 * h), 0.4, 0.2 + 0.05 * h, max(0.01, 0.08 + 0.08 * h))
            g = _by_rank(z[year][m] + rng.normal(0, 0.7, len(m)), shares)
            w.grades += [(int(i), g[k], rated_on) for k, i in enumerate(m)]
    return w


def _hot_streets(rng: np.random.Generator, n: int) -> World:
    streets = _streets(rng)
    # four hot streets (urban villages under redevelopment) in four different districts
    hot_d = rng.choice(list(DISTRICTS), size=4, replace=False)
    hot = np.zeros(len(streets), bool)
    for dist in hot_d:
        hot[rng.choice(np.flatnonzero(streets["district"].to_numpy() == dist))] = True
    street_w = np.where(hot, 1.6, 1.0)
    f = _register(rng, n, {"construction": 0.26, "real_estate": 0.1, "property_mgmt": 0.16, "gas": 0.08,
                           "supervision": 0.05, "survey_design": 0.03, "testing": 0.03, "ready_mix": 0.07,
                           "municipal": 0.1, "other": 0.12}, _SIZE_DEFAULT, _DISTRICT_P, young=0.15,
                  street_w=street_w, streets=streets)
    s = f["sector"].to_numpy()
    on_hot = hot[f["street"].to_numpy()].astype(float)
    u = rng.normal(0, 0.6, n)
    sect = _eff(s, {"construction": 0.35, "municipal": 0.2, "other": 0.2, "survey_design": -0.5, "testing": -0.4})
    lift = {2023: 0.0, 2024: 0.1, 2025: 0.3, 2026: 1.2, 2027: 1.8}
    z = {t: -2.2 + u + sect + on_hot * lift[t] + rng.normal(0, 0.3, n) for t in YEARS}
    w = World(f, z)
    for year in HISTORY:
        _random_visits(w, rng, year, 0.11)
    _records_from_findings(w, rng)
    _platform_records(w, rng, HISTORY, bad=0.03, dishonest=0.01, good=0.04)
    for year in HISTORY:
        _triggers(w, rng, 0.04 + 0.2 * _sig(z[year]), dt.date(year, 1, 1), dt.date(year, 12, 31))
    # residents' dust/noise complaints around the works
    _triggers(w, rng, on_hot * 0.9, dt.date(2025, 9, 1), dt.date(2026, 12, 31), {"complaint": 0.85, "referral": 0.15})
    rated_on = dt.date(2025, 6, 30)
    g = _by_rank(z[2025] + rng.normal(0, 0.5, n), (0.3, 0.4, 0.22, 0.08))
    w.grades = [(i, g[i], rated_on) for i in range(n) if _alive(w, i, rated_on)]
    return w


def _watchlist(rng: np.random.Generator, n: int) -> World:
    f = _register(rng, n, {"construction": 0.3, "real_estate": 0.1, "property_mgmt": 0.14, "gas": 0.1,
                           "supervision": 0.05, "survey_design": 0.03, "testing": 0.03, "ready_mix": 0.08,
                           "municipal": 0.07, "other": 0.1}, _SIZE_DEFAULT, _DISTRICT_P, young=0.12)
    s = f["sector"].to_numpy()
    u = rng.normal(0, 0.9, n)
    z0 = -1.9 + u + _eff(s, {"construction": 0.3, "ready_mix": 0.3, "gas": 0.2, "survey_design": -0.5}) + _eff(
        f["size"].to_numpy(), {"micro": 0.1, "large": -0.2})
    view = u + rng.normal(0, 0.8, n)
    listed = view >= np.quantile(view, 0.8)
    shift = {t: np.zeros(n) for t in (*YEARS, 2028)}
    z: dict[int, np.ndarray] = {2023: z0 + rng.normal(0, 0.3, n)}
    w = World(f, z)
    for year in HISTORY:
        z[year] = z0 + shift[year] + rng.normal(0, 0.3, n)
        p = _sig(z[year])
        for i in range(n):
            k = (1 + (rng.random() < 0.4)) if (listed[i] and rng.random() < 0.85) else int(rng.random() < 0.04)
            for _ in range(k):
                when = _date_in(rng, dt.date(year, 1, 4), dt.date(year, 12, 28))
                if not _alive(w, i, when):
                    continue
                out = _record(w, rng, i, when, p[i], 0.2)
                if out in ("violation", "serious"):
                    rect = w.inspections[-1][3] == "true"
                    if rect:  # deterrence with a delay: two years on
                        for t in range(year + 2, 2029):
                            shift[t][i] -= 0.9
                    else:
                        for t in range(year + 1, 2029):
                            shift[t][i] += 0.4
        shift = {t: np.maximum(v, -1.8) for t, v in shift.items()}  # a firm improves at most so much
    z[PLAN_YEAR] = z0 + shift[PLAN_YEAR] + rng.normal(0, 0.3, n)
    _records_from_findings(w, rng)
    _platform_records(w, rng, HISTORY, bad=0.025, dishonest=0.01, good=0.04)
    for year in HISTORY:
        _triggers(w, rng, 0.05 + 0.3 * _sig(z[year]), dt.date(year, 1, 1), dt.date(year, 12, 31))
    rated_on = dt.date(2024, 1, 10)
    hi = view >= np.quantile(view, 0.92)
    grade = np.where(listed, np.where(hi, "D", "C"), np.where(rng.random(n) < 0.45, "A", "B"))
    w.grades = [(i, str(grade[i]), rated_on) for i in range(n) if _alive(w, i, rated_on)]
    return w


def _sector_recode(rng: np.random.Generator, n: int) -> World:
    f = _register(rng, n, {"construction": 0.28, "decorator": 0.2, "real_estate": 0.08, "property_mgmt": 0.1,
                           "gas": 0.06, "supervision": 0.05, "survey_design": 0.03, "testing": 0.03, "ready_mix": 0.06,
                           "municipal": 0.06, "other": 0.05},
                  {"default": (0.3, 0.4, 0.2, 0.1), "decorator": (0.55, 0.4, 0.05, 0.0),
                   "construction": (0.15, 0.4, 0.3, 0.15)}, _DISTRICT_P, young=0.2)
    kind = f["kind"].to_numpy()
    deco = kind == "decorator"
    recoded = deco & (rng.random(n) < 0.75)
    f.loc[deco & ~recoded, "sector"] = "other"  # not yet recoded
    u = rng.normal(0, 0.6, n)
    size = f["size"].to_numpy()
    eff = _eff(kind, {"decorator": 1.3, "construction": 0.2, "ready_mix": 0.3, "gas": 0.3, "municipal": 0.1,
                      "survey_design": -0.5, "testing": -0.3, "other": -0.2})
    eff += (kind == "construction") * _eff(size, {"large": -0.4, "micro": 0.2})
    z = {t: -2.1 + u + eff + rng.normal(0, 0.3, n) for t in YEARS}
    w = World(f, z)
    recode_day = dt.date(2025, 7, 1)
    for year in HISTORY:
        p = _sig(z[year])
        for i in range(n):
            when = _date_in(rng, dt.date(year, 1, 4), dt.date(year, 12, 28))
            if not _alive(w, i, when):
                continue
            if deco[i] and not (recoded[i] and when >= recode_day):
                share, agency = 0.06, "cg"  # still 'other': an occasional 城管 look
            else:
                share, agency = 0.16, ""
            if rng.random() < share:
                _record(w, rng, i, when, p[i], 0.25, agency=agency)
    _records_from_findings(w, rng)
    _platform_records(w, rng, HISTORY, bad=0.03, dishonest=0.01, good=0.05)
    for year in HISTORY:
        rate = np.where(deco, 0.55, 0.04 + 0.25 * _sig(z[year]))  # 装修扰民: decorators draw complaints regardless
        _triggers(w, rng, rate, dt.date(year, 1, 1), dt.date(year, 12, 31))
    for year in HISTORY:
        rated_on = dt.date(year, 12, 25)
        g = _by_rank(z[year] + rng.normal(0, 0.7, n), (0.3, 0.4, 0.22, 0.08))
        for i in range(n):
            if not _alive(w, i, rated_on):
                continue
            if deco[i]:
                if year == 2026:  # first rating after the recode: the platform's default
                    w.grades.append((i, "C" if rng.random() < 0.1 else "B", rated_on))
            else:
                w.grades.append((i, str(g[i]), rated_on))
    return w


def _new_bureau(rng: np.random.Generator, n: int) -> World:
    f = _register(rng, n, {"construction": 0.25, "real_estate": 0.08, "property_mgmt": 0.18, "gas": 0.12,
                           "supervision": 0.05, "survey_design": 0.03, "testing": 0.03, "ready_mix": 0.07,
                           "municipal": 0.07, "other": 0.12}, _SIZE_DEFAULT, _DISTRICT_P, young=0.2)
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    u = rng.normal(0, 0.75, n)
    base = (-2.0 + u + 0.9 * ((s == "gas") & ~f["remote_monitoring"].to_numpy())
            + 0.5 * ((s == "property_mgmt") & np.isin(size, ["medium", "large"]))
            + 0.5 * (f["age"].to_numpy() < 2) + _eff(s, {"construction": 0.2, "survey_design": -0.5, "other": -0.2}))
    z = {t: base + rng.normal(0, 0.3, n) for t in YEARS}
    w = World(f, z, write_grades=False)
    _random_visits(w, rng, 2026, 0.1, start=dt.date(2026, 3, 2), end=dt.date(2026, 12, 28), agency="zh")
    _records_from_findings(w, rng, share=0.6)
    _platform_records(w, rng, HISTORY, bad=0.14, dishonest=0.05, good=0.08)
    _triggers(w, rng, 0.05 + 0.35 * _sig(z[2026]), dt.date(2026, 3, 1), dt.date(2027, 1, 10))
    return w


_BUILDERS = {"old_town_gas": _old_town_gas, "team_habit": _team_habit, "hot_streets": _hot_streets,
             "watchlist": _watchlist, "sector_recode": _sector_recode, "new_bureau": _new_bureau}


# ------------------------------------------------------------------------------------------- the bundle

def _staff(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    teams, officers = [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY_CODE):
            tid = f"{ag}{d}"
            teams.append((tid, ag, d, 3 if d == CITY_CODE else 2))
            for k, role in enumerate(["enforcement"] * 6 + ["auxiliary", "legal_review"]):
                enf = role == "enforcement"
                officers.append((f"{tid}-{k + 1:02d}", f"执法人员{tid}-{k + 1:02d}", tid, role,
                                 f"豫{int(rng.integers(10**8, 10**9))}" if enf else "",
                                 "2030-06-30" if enf else "", int(rng.integers(50, 110)),
                                 int(rng.integers(45, 80)) if enf else ""))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]))


def _write(w: World, rng: np.random.Generator, bundle: Path) -> None:
    f = w.firms
    bundle.mkdir(parents=True, exist_ok=True)
    ent = f[["enterprise_id", "name", "district_code", "sector", "size", "employees", "established_on", "address",
             "lat", "lon"]].copy()
    ent["remote_monitoring"] = np.where(f["remote_monitoring"], "true", "false")
    ent.to_csv(bundle / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(bundle / "agencies.csv", index=False)
    pd.DataFrame(ITEMS, columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"]).to_csv(
        bundle / "items.csv", index=False)
    teams, officers = _staff(rng)
    teams.to_csv(bundle / "teams.csv", index=False)
    officers.to_csv(bundle / "officers.csv", index=False)
    ids = f["enterprise_id"].to_numpy()
    home = f["sector"].map(SECTOR_AGENCY).to_numpy()
    district = f["district_code"].to_numpy()
    assert all(r[1] < TODAY for r in w.inspections), "history must end before the plan year"
    rows = []
    for k, (i, when, out, rect, ag, team) in enumerate(sorted(w.inspections, key=lambda r: (r[1], r[0]))):
        ag = ag or (home[i] if rng.random() < 0.88 else str(rng.choice(list(AGENCIES)[:4])))
        team = team or (district[i] if rng.random() < 0.8 else CITY_CODE)
        tid = f"{ag}{team}"
        pair = sorted(rng.choice(6, size=2, replace=False) + 1)
        who = ";".join(f"{tid}-{j:02d}" for j in pair)
        rows.append((f"LY{when:%Y%m}{k:06d}", ids[i], ag, when.isoformat(), who, out, rect))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(bundle / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", "")
            for i, d, kind, e in sorted(w.records, key=lambda r: (r[1], r[0], r[2])) if d < TODAY]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        bundle / "credit_records.csv", index=False)
    trg = [(f"12345-{k:07d}", ids[i], home[i], d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent) in enumerate(sorted(w.triggers, key=lambda r: (r[1], r[0], r[2])))]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        bundle / "triggers.csv", index=False)
    if w.write_grades:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(w.grades, key=lambda r: (r[2], r[0]))]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(bundle / "credit_grades.csv",
                                                                              index=False)
    # the plan year's 调休 schedule: the contract's example carries the 2027 calendar
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), bundle / "calendar.csv")
    policy = {"year": PLAN_YEAR, "seed": f"luoyang-{bundle.parent.name}", "sampling": "weighted_lottery"}
    (bundle / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle (a whole bundle) and `out`/truth.csv (beside it); return both paths."""
    if family not in _BUILDERS:
        raise ValueError(f"unknown family {family!r}; choose from {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 9])
    w = _BUILDERS[family](rng, n)
    bundle = out / "bundle"
    if bundle.exists():
        shutil.rmtree(bundle)
    _write(w, rng, bundle)
    p = np.clip(_sig(w.z[PLAN_YEAR]), 0.003, 0.97)
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": w.firms["enterprise_id"], "p_violation": np.round(p, 6)}).to_csv(truth,
                                                                                                   index=False)
    return bundle, truth


if __name__ == "__main__":
    import sys

    fam, n, seed, dest = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    print(generate(fam, n, seed, dest))
