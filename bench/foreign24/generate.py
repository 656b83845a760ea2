"""A twenty-fourth held-out bureau generator (issue 9) · 第二十四套独立生成的住建/城管执法局（宜昌）.

Written from the contract (/work/shared/spec/bundle.md, rules.md, plan.md) and the harness's interface
(bench/foreign2/run.py ``use_generator``), with bench/foreign23/generate.py read for file mechanics only (check
digits, staff files, calendar, policy, truth.csv). Nothing of the product's risk model, docs or tests was read.
Judged as a black box by ``bench/foreign2/run.py --generator bench/foreign24``; bench/foreign24/README.md tells each
family's story.

Every bureau is the city of 宜昌 (湖北, 420500, thirteen county-level units), plan year 2027, registers
2024-01-01 .. 2026-12-31 (one family keeps six years, from 2021-01-01). Each firm has a hidden logit per month
(2024-01 .. 2027-12; months before 2024 take January 2024's); a site check finds a violation with that month's
chance. ``truth.csv`` holds ``p_violation``: the mean over 2027's twelve months of that chance.

Families: ``small_scatter``, ``long_memory``, ``tax_grade``, ``mountain_core``, ``fire_referrals``,
``expired_records`` (see the README).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

PLAN_YEAR = 2027
SECTORS = ("construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing",
           "ready_mix", "municipal", "other")
SIZES = ("micro", "small", "medium", "large")
FAMILIES = ("small_scatter", "long_memory", "tax_grade", "mountain_core", "fire_referrals", "expired_records")

CITY = "420500"
DISTRICTS = {"420502": "西陵区", "420503": "伍家岗区", "420504": "点军区", "420505": "猇亭区", "420506": "夷陵区",
             "420525": "远安县", "420526": "兴山县", "420527": "秭归县", "420528": "长阳土家族自治县",
             "420529": "五峰土家族自治县", "420581": "宜都市", "420582": "当阳市", "420583": "枝江市"}
CORE = ("420502", "420503", "420504", "420505")  # 中心城区
MOUNTAIN = ("420525", "420526", "420527", "420528", "420529")  # 山区县
_CENTRE = {"420502": (30.702, 111.290), "420503": (30.655, 111.355), "420504": (30.660, 111.250),
           "420505": (30.530, 111.430), "420506": (30.770, 111.330), "420525": (31.060, 111.640),
           "420526": (31.350, 110.750), "420527": (30.830, 110.980), "420528": (30.470, 111.200),
           "420529": (30.200, 110.670), "420581": (30.380, 111.450), "420582": (30.820, 111.790),
           "420583": (30.430, 111.760)}
_SPREAD = {"420502": 0.015, "420503": 0.02, "420504": 0.025, "420505": 0.02, "420506": 0.05, "420525": 0.05,
           "420526": 0.05, "420527": 0.05, "420528": 0.05, "420529": 0.05, "420581": 0.04, "420582": 0.04,
           "420583": 0.04}
_TOWNS = {"420502": ("西陵街道", "学院街道", "云集街道", "西坝街道", "夜明珠街道", "窑湾街道"),
          "420503": ("大公桥街道", "万寿桥街道", "宝塔河街道", "伍家乡"),
          "420504": ("点军街道", "艾家镇", "桥边镇", "联棚乡"), "420505": ("古老背街道", "云池街道", "虎牙街道"),
          "420506": ("小溪塔街道", "龙泉镇", "鸦鹊岭镇", "分乡镇", "三斗坪镇"), "420525": ("鸣凤镇", "花林寺镇", "洋坪镇"),
          "420526": ("古夫镇", "昭君镇", "峡口镇"), "420527": ("茅坪镇", "归州镇", "屈原镇", "郭家坝镇"),
          "420528": ("龙舟坪镇", "高家堰镇", "磨市镇"), "420529": ("五峰镇", "渔洋关镇", "长乐坪镇"),
          "420581": ("陆城街道", "红花套镇", "枝城镇", "姚家店镇"), "420582": ("玉阳街道", "坝陵街道", "河溶镇", "两河镇"),
          "420583": ("马家店街道", "白洋镇", "董市镇", "七星台镇")}
_ROADS = ("沿江大道", "东山大道", "夷陵大道", "西陵一路", "解放路", "城东大道", "发展大道", "港窑路", "珍珠路", "胜利四路",
          "夷兴大道", "桔城路", "长江大道", "果园路")
AGENCIES = {"yc-js": "宜昌市住房和城乡建设局", "yc-zf": "宜昌市城市管理执法支队", "yc-aj": "宜昌市建设工程质量安全监督站",
            "yc-rq": "宜昌市燃气管理所", "yc-wy": "宜昌市物业服务管理中心"}
HOME = {"construction": "yc-aj", "real_estate": "yc-js", "property_mgmt": "yc-wy", "gas": "yc-rq",
        "supervision": "yc-aj", "survey_design": "yc-js", "testing": "yc-aj", "ready_mix": "yc-aj",
        "municipal": "yc-zf", "other": "yc-zf"}
_ALL = ";".join(SECTORS)
ITEMS = (
    ("YC-JS-001", "yc-js", "建筑市场主体资质资格及市场行为检查", "《中华人民共和国建筑法》；《湖北省建筑市场管理条例》", _ALL, "true"),
    ("YC-JS-002", "yc-js", "房地产开发经营及商品房预售监督检查", "《城市房地产开发经营管理条例》；《城市商品房预售管理办法》",
     "real_estate", "true"),
    ("YC-AJ-001", "yc-aj", "房屋建筑和市政基础设施工程质量安全监督检查", "《建设工程安全生产管理条例》；《建设工程质量管理条例》",
     "construction;municipal;supervision;testing;ready_mix;survey_design", "false"),
    ("YC-AJ-002", "yc-aj", "工程质量检测机构及预拌混凝土生产质量检查", "《建设工程质量检测管理办法》；《预拌混凝土质量管理规定》",
     "testing;ready_mix", "true"),
    ("YC-WY-001", "yc-wy", "物业服务、共用设施设备及消防通道管理检查", "《物业管理条例》；《湖北省物业服务和管理条例》",
     "property_mgmt;real_estate", "true"),
    ("YC-RQ-001", "yc-rq", "燃气经营许可及供气安全检查", "《城镇燃气管理条例》；《湖北省燃气管理条例》", "gas;property_mgmt;other",
     "true"),
    ("YC-ZF-001", "yc-zf", "施工工地扬尘及建筑垃圾运输处置执法检查", "《中华人民共和国大气污染防治法》；《城市建筑垃圾管理规定》",
     "construction;municipal;other;ready_mix", "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("宜", "夷陵", "三峡", "峡江", "西陵", "清江", "屈原", "昭君", "楚天", "长江", "磨基", "龙泉", "桔乡", "车溪", "南津",
       "黄柏", "猇亭", "白洋")
_W2 = ("兴", "达", "鑫", "丰", "瑞", "宏", "信", "成", "德", "华", "凯", "腾", "新", "正", "恒")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "置业有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限公司", "supervision": "建设监理有限公司", "survey_design": "工程勘察设计有限公司",
           "testing": "建设工程检测有限公司", "ready_mix": "混凝土有限公司", "municipal": "市政建设有限公司",
           "other": "渣土运输有限公司"}
_HEADS = {"micro": (2, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 2000)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
M = 48
YEARS = (2024, 2025, 2026)
MONTH = np.arange(M) % 12 + 1
MIDX = np.arange(M)[None, :]


def uscc(first17: str) -> str:
    """统一社会信用代码 with its GB 32100-2015 check character."""
    total = sum(_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + _CHARS[(31 - total % 31) % 31]


def sig(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, float)))


def month_of(day: dt.date) -> int:
    return (day.year - 2024) * 12 + day.month - 1


def first_day(m: int) -> dt.date:
    return dt.date(2024 + m // 12, m % 12 + 1, 1)


def rand_day(rng: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers(0, max((hi - lo).days, 0) + 1)))


def pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def per(values: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([table.get(str(v), default) for v in values])


def months(ms: tuple[int, ...]) -> np.ndarray:
    return np.isin(MONTH, ms).astype(float)[None, :]


def wander(rng: np.random.Generator, n: int, sd: float) -> np.ndarray:
    """AR(1) month-to-month wander of a firm's logit."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    for t in range(1, M):
        e[:, t] = 0.85 * e[:, t - 1] + rng.normal(0, sd * 0.53, n)
    return e


def rank_grade(score: np.ndarray, shares: tuple[float, float, float, float]) -> np.ndarray:
    """A for the lowest ``score``, D for the highest, in the given shares."""
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    cuts = np.cumsum(shares)[:3]
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(cuts, q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             monitored: dict[str, float], districts: dict[str, float] | None = None, new_share: float = 0.06,
             age_shape: tuple[float, float] = (1.8, 5.5)) -> tuple[pd.DataFrame, np.ndarray]:
    """检查对象名录库 of n firms and the month each entered the register (-120 = long before 2024)."""
    dw = districts or {"420502": 0.12, "420503": 0.1, "420504": 0.04, "420505": 0.06, "420506": 0.13,
                       "420525": 0.04, "420526": 0.03, "420527": 0.05, "420528": 0.05, "420529": 0.03,
                       "420581": 0.11, "420582": 0.09, "420583": 0.15}
    sector = pick(rng, sectors, n)
    size = pick(rng, sizes, n)
    district = pick(rng, dw, n)
    town = np.array([_TOWNS[d][int(rng.integers(len(_TOWNS[d])))] for d in district], dtype=object)
    lo = np.array([_HEADS[s][0] for s in size], float)
    hi = np.array([_HEADS[s][1] for s in size], float)
    heads = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))).astype(int)
    since = np.where(rng.random(n) < new_share, rng.integers(2, 35, n), -120)
    joined_days = np.array([(JAN1 - first_day(max(int(m), 0))).days for m in since], float)
    age_days = np.where(since >= 0, joined_days + rng.integers(-20, 20, n), (2.0 + rng.gamma(*age_shape, n)) * 365.25)
    ids, names, est, addr = [], [], [], []
    seen: set[str] = set()
    taken: set[str] = set()
    for i in range(n):
        code = ""
        while not code or code in seen:
            code = uscc(("92" if sector[i] == "other" and rng.random() < 0.3 else "91") + district[i]
                        + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        place = DISTRICTS[district[i]].replace("土家族自治县", "").rstrip("区市县")
        name = f"宜昌{place}{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_SUFFIX[sector[i]]}"
        base, k = name, 1
        while name in taken:
            k += 1
            name = f"{base[:-4]}{k}{base[-4:]}"
        taken.add(name)
        names.append(name)
        est.append("" if rng.random() < 0.04 else (JAN1 - dt.timedelta(days=int(age_days[i]))).isoformat())
        addr.append("" if rng.random() < 0.06 else
                    f"湖北省宜昌市{DISTRICTS[district[i]]}{town[i]}{_ROADS[rng.integers(len(_ROADS))]}"
                    f"{int(rng.integers(1, 600))}号")
    spread = per(district, _SPREAD)
    lat = np.array([_CENTRE[d][0] for d in district]) + rng.normal(0, 1, n) * spread
    lon = np.array([_CENTRE[d][1] for d in district]) + rng.normal(0, 1, n) * spread
    no_geo = rng.random(n) < 0.12
    f = pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": np.where(rng.random(n) < 0.06, "", heads.astype(str)), "established_on": est,
        "address": addr, "lat": np.where(no_geo, "", np.char.mod("%.5f", lat)),
        "lon": np.where(no_geo, "", np.char.mod("%.5f", lon)),
        "remote_monitoring": rng.random(n) < per(sector, monitored, 0.03), "_town": town,
        "_age": age_days / 365.25, "_heads": heads})
    return f, since


def scale(f: pd.DataFrame) -> np.ndarray:
    return per(f["size"].to_numpy(), {"micro": 0.4, "small": 1.0, "medium": 2.2, "large": 4.5})


@dataclass
class Bureau:
    firms: pd.DataFrame
    z: np.ndarray
    since: np.ndarray
    first: dt.date = FIRST  # the history kept starts here
    checks: list[tuple[int, dt.date, str, str, str]] = field(default_factory=list)
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    triggers: list[tuple[int, dt.date, str, bool, str]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] | None = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.firms)

    @property
    def home(self) -> np.ndarray:
        return self.firms["sector"].map(HOME).to_numpy()

    def open_on(self, i: int, day: dt.date, end: dt.date = JAN1) -> bool:
        return self.first <= day < end and month_of(day) >= self.since[i]

    def chance(self, i: int, day: dt.date) -> float:
        return float(sig(self.z[i, max(month_of(day), 0)]))

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", eye: float = 1.0,
                fix: float | None = None) -> str:
        """A site check finding a violation with the month's chance × ``eye``; returns the outcome ('' if none)."""
        if not self.open_on(i, day):
            return ""
        p = min(0.95, self.chance(i, day) * eye)
        if rng.random() < p:
            outcome = "serious" if rng.random() < 0.05 + 0.3 * p else "violation"
            pending = (JAN1 - day).days < 40 and rng.random() < 0.7
            pf = (0.9 - 0.5 * p) if fix is None else fix
            fixed = "" if pending else ("true" if rng.random() < pf else "false")
        else:
            outcome, fixed = ("minor" if rng.random() < 0.1 + 0.6 * p else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency or str(self.home[i])))
        return outcome

    def trigger(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, agency: str = "",
                urgent: float = 0.05, follow: float = 0.0) -> None:
        if not self.open_on(i, day):
            return
        ag = agency or str(self.home[i])
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), ag))
        if rng.random() < follow:
            self.inspect(rng, i, day + dt.timedelta(days=int(rng.integers(2, 15))), ag)

    def stream(self, rng: np.random.Generator, rate: np.ndarray | float, lo: dt.date, hi: dt.date, kind: str,
               agency: str = "", urgent: float = 0.05, follow: float = 0.0) -> None:
        k = rng.poisson(np.maximum(np.broadcast_to(rate, (self.n,)), 0.0))
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                self.trigger(rng, int(i), rand_day(rng, lo, hi), kind, agency, urgent, follow)

    def monthly(self, rng: np.random.Generator, rate: Callable[[int], np.ndarray], kind: str, agency: str = "",
                urgent: float = 0.05, follow: float = 0.0, start: int = 0, stop: int = 36) -> None:
        """Poisson triggers month by month (``rate(m)`` per firm for month m), months start .. stop-1."""
        for m in range(start, stop):
            lo = first_day(m)
            self.stream(rng, rate(m), lo, lo + dt.timedelta(days=27), kind, agency, urgent, follow)

    def random_checks(self, rng: np.random.Generator, share: float | np.ndarray, agency: str = "",
                      years: tuple[int, ...] = YEARS) -> None:
        """双随机一公开: each year a share of firms drawn and visited between March and mid-December."""
        for year in years:
            for i in np.flatnonzero(rng.random(self.n) < share):
                self.inspect(rng, int(i), rand_day(rng, dt.date(year, 3, 1), dt.date(year, 12, 10)), agency)

    def add_record(self, i: int, on: dt.date, kind: str, until: dt.date | None, note: str) -> None:
        if self.open_on(i, on):
            self.records.append((i, on, kind, until, note))

    def credit_from_findings(self, rng: np.random.Generator, share: float, bad_note: str,
                             serious_note: str = "列入建筑市场主体严重失信主体名单", repair: float = 0.3) -> None:
        for i, day, outcome, fixed, _ in list(self.checks):
            if outcome not in ("violation", "serious") or rng.random() >= share:
                continue
            on = day + dt.timedelta(days=int(rng.integers(20, 80)))
            life = int(rng.choice([183, 365, 730, 1095], p=[0.2, 0.5, 0.2, 0.1]))
            self.add_record(i, on, "bad", None if rng.random() < 0.04 else on + dt.timedelta(days=life), bad_note)
            if outcome == "serious" and rng.random() < (0.55 if fixed == "false" else 0.1):
                self.add_record(i, on + dt.timedelta(days=int(rng.integers(10, 60))), "serious_dishonest",
                                on + dt.timedelta(days=1095), serious_note)
            elif fixed == "true" and life >= 365 and rng.random() < repair:
                self.add_record(i, on + dt.timedelta(days=int(rng.integers(120, 330))), "repair", None,
                                "信用修复：已完成整改并作出信用承诺")

    def honours(self, rng: np.random.Generator, good: np.ndarray | float, commend: np.ndarray | float,
                good_note: str, commend_note: str) -> None:
        for year in YEARS:
            for kind, rate, note in (("good", good, good_note), ("commendation", commend, commend_note)):
                for i in np.flatnonzero(rng.random(self.n) < np.broadcast_to(rate, (self.n,))):
                    on = rand_day(rng, dt.date(year, 1, 15), dt.date(year, 12, 20))
                    self.add_record(int(i), on, kind, None if rng.random() < 0.1 else on + dt.timedelta(days=1095),
                                    note)

    def grade_by_rank(self, score: np.ndarray, day: dt.date, shares: tuple[float, float, float, float],
                      who: np.ndarray | None = None) -> None:
        assert self.grades is not None
        mask = self.since <= month_of(day)
        if who is not None:
            mask &= who
        idx = np.flatnonzero(mask)
        for i, g in zip(idx, rank_grade(score[idx], shares), strict=True):
            self.grades.append((int(i), str(g), day))

    def grade_by_points(self, day: dt.date, cuts: tuple[float, float, float] = (96, 86, 72)) -> None:
        """The platform's points rule from the records in force (a repair wipes the bad records before it)."""
        assert self.grades is not None
        pts = np.full(self.n, 100.0)
        repaired: dict[int, dt.date] = {}
        for i, on, kind, _, _ in self.records:
            if kind == "repair" and on <= day:
                repaired[i] = max(on, repaired.get(i, on))
        for i, on, kind, until, _ in self.records:
            if on > day or (until is not None and until < day):
                continue
            if kind in ("bad", "serious_dishonest") and i in repaired and on <= repaired[i]:
                continue
            pts[i] += {"bad": -9.0, "serious_dishonest": -30.0, "good": 3.0, "commendation": 5.0, "repair": 0.0}[kind]
        for i, on, outcome, fixed, _ in self.checks:
            if day - dt.timedelta(days=365) <= on <= day:
                pts[i] -= {"compliant": 0.0, "minor": 1.0, "violation": 5.0, "serious": 12.0}[outcome]
                pts[i] -= 8.0 if fixed == "false" else 0.0
        grade = np.select([pts >= cuts[0], pts >= cuts[1], pts >= cuts[2]], ["A", "B", "C"], "D")
        for i in np.flatnonzero(self.since <= month_of(day)):
            self.grades.append((int(i), str(grade[i]), day))


# ------------------------------------------------------------------------------------------- the families

def small_scatter(rng: np.random.Generator, n: int) -> Bureau:
    """小散乱: the risk is written in the register (sector, size, age, thin staff, no monitoring); history is thin."""
    f, since = register(rng, n, {"construction": 0.3, "municipal": 0.12, "ready_mix": 0.08, "property_mgmt": 0.14,
                                 "real_estate": 0.1, "gas": 0.06, "supervision": 0.07, "survey_design": 0.05,
                                 "testing": 0.04, "other": 0.04},
                        {"micro": 0.3, "small": 0.4, "medium": 0.2, "large": 0.1},
                        {"gas": 0.5, "ready_mix": 0.4, "construction": 0.25, "municipal": 0.2, "property_mgmt": 0.2},
                        new_share=0.1)
    s = f["sector"].to_numpy()
    size = f["size"].to_numpy()
    base = per(s, {"construction": 0.55, "municipal": 0.45, "ready_mix": 0.3, "gas": 0.25, "property_mgmt": 0.0,
                   "real_estate": -0.15, "supervision": -0.45, "survey_design": -0.8, "testing": -0.2, "other": 0.3})
    sz = per(size, {"micro": 0.8, "small": 0.35, "medium": -0.15, "large": -0.55})
    sz = np.where(s == "ready_mix", -0.7 * sz, sz)  # the big plants run the most trucks and batching lines
    young = 1.3 * np.exp(-f["_age"].to_numpy() / 2.5)
    heads = f["_heads"].to_numpy().astype(float)
    mid = per(size, {k: float(np.log(np.sqrt(lo * hi))) for k, (lo, hi) in _HEADS.items()})
    thin = -0.35 * np.clip(np.log(heads) - mid, -1.5, 1.5)  # few staff for the size class: 挂靠 shells
    mon = -0.6 * f["remote_monitoring"].to_numpy(bool) * np.isin(s, ["gas", "ready_mix", "construction", "municipal"])
    habit = rng.normal(0, 0.35, n)
    z = (-2.75 + base[:, None] + sz[:, None] + young[:, None] + thin[:, None] + mon[:, None] + habit[:, None]
         + 0.15 * np.isin(s, ["construction", "municipal"])[:, None] * months((4, 5, 6, 9, 10))
         + wander(rng, n, 0.12))
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.04)
    sz_ = scale(f)
    b.monthly(rng, lambda m: 0.004 * sz_, "complaint", "yc-zf", urgent=0.05, follow=0.3)  # 噪声/扬尘, by size
    b.monthly(rng, lambda m: 0.006 * sig(z[:, m]), "referral", "yc-js", urgent=0.2, follow=0.5)
    b.stream(rng, 0.15 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "yc-js", urgent=0.0)
    b.credit_from_findings(rng, 0.5, "建筑市场违法违规行政处罚（宜昌市住建局）")
    b.honours(rng, 0.03 * sz_, 0.004 * sz_, "宜昌市建筑业诚信企业", "湖北省建筑业优秀企业")
    b.grade_by_points(dt.date(2026, 12, 15))
    return b


LONG_FIRST = dt.date(2021, 1, 1)


def long_memory(rng: np.random.Generator, n: int) -> Bureau:
    """六年一轮: few visits (each firm about once in six years), but a firm's habit hardly moves — a 2021 finding
    says as much about 2027 as a 2026 one."""
    f, since = register(rng, n, {"construction": 0.3, "supervision": 0.14, "survey_design": 0.1, "testing": 0.08,
                                 "real_estate": 0.14, "property_mgmt": 0.14, "municipal": 0.1},
                        {"micro": 0.18, "small": 0.45, "medium": 0.27, "large": 0.1},
                        {"construction": 0.2, "testing": 0.3, "municipal": 0.2}, new_share=0.04,
                        age_shape=(2.5, 5.0))
    s = f["sector"].to_numpy()
    habit = rng.normal(0, 1.0, n)
    reg = (per(s, {"construction": 0.5, "municipal": 0.3, "real_estate": 0.1, "testing": -0.1, "supervision": -0.3,
                   "survey_design": -0.6}) + per(f["size"].to_numpy(), {"micro": 0.35, "small": 0.1, "large": -0.3})
           - 0.25 * np.log1p(f["_age"].to_numpy()))
    z = -1.6 + habit[:, None] + reg[:, None] + wander(rng, n, 0.07)
    b = Bureau(f, z, since, first=LONG_FIRST)
    b.random_checks(rng, 0.2, years=(2021, 2022, 2023, 2024, 2025, 2026))
    b.monthly(rng, lambda m: 0.0015 + 0.004 * sig(z[:, m]), "complaint", "", urgent=0.05, follow=0.3)
    for year in (2021, 2022, 2023):  # the older triggers, before the monthly logit starts
        b.stream(rng, 0.018 + 0.05 * sig(z[:, 0]), dt.date(year, 1, 5), dt.date(year, 12, 20), "complaint", "",
                 urgent=0.05, follow=0.3)
    b.stream(rng, 0.2 * np.ones(n), LONG_FIRST, dt.date(2026, 12, 20), "enterprise_request", "yc-js", urgent=0.0)
    b.credit_from_findings(rng, 0.55, "建设工程违法违规行政处罚（宜昌市住建局）")
    b.honours(rng, 0.03, 0.005, "宜昌市守合同重信用企业", "湖北省优秀工程勘察设计奖")
    b.grade_by_points(dt.date(2026, 12, 10))
    return b


def tax_grade(rng: np.random.Generator, n: int) -> Bureau:
    """纳税信用: the official grade comes from tax and financial data — big, old firms get A — while the risk
    rises with size (more sites); the history says otherwise."""
    f, since = register(rng, n, {"construction": 0.35, "real_estate": 0.2, "property_mgmt": 0.15, "supervision": 0.1,
                                 "municipal": 0.1, "ready_mix": 0.1},
                        {"micro": 0.15, "small": 0.42, "medium": 0.3, "large": 0.13},
                        {"construction": 0.3, "ready_mix": 0.4, "municipal": 0.2})
    s = f["sector"].to_numpy()
    lsz = np.log(scale(f))
    age = f["_age"].to_numpy()
    habit = rng.normal(0, 0.7, n)
    z = (-2.35 + habit[:, None] + 0.7 * lsz[:, None] + per(s, {"construction": 0.2, "real_estate": 0.1})[:, None]
         + wander(rng, n, 0.15))
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.2)
    b.monthly(rng, lambda m: 0.003 + 0.015 * sig(z[:, m]), "complaint", "yc-zf", urgent=0.05, follow=0.3)
    b.monthly(rng, lambda m: 0.008 * sig(z[:, m]), "referral", "yc-js", urgent=0.3, follow=0.5)
    b.stream(rng, 0.2 * scale(f), FIRST, dt.date(2026, 12, 20), "enterprise_request", "yc-js", urgent=0.0)
    b.credit_from_findings(rng, 0.55, "建筑市场违法违规行政处罚（宜昌市住建局）")
    b.honours(rng, 0.035 * scale(f), 0.008 * scale(f), "A级纳税人", "宜昌市纳税百强企业")
    # 2026 grade: the 税务/财务 评价 the platform imports — turnover, tax paid, age — hardly the site record
    tax = 0.9 * lsz + 0.5 * np.log1p(age) - 0.15 * habit + rng.normal(0, 0.5, n)
    b.grade_by_rank(-tax, dt.date(2026, 10, 20), (0.35, 0.4, 0.18, 0.07))
    return b


def mountain_core(rng: np.random.Generator, n: int) -> Bureau:
    """中心城区与山区县: size works opposite ways — in the core the large builders of high-rises are the risk, in
    the mountain counties the micro village builders, while the large 交投/城投 firms there are the safest."""
    f, since = register(rng, n, {"construction": 0.45, "municipal": 0.15, "real_estate": 0.1, "property_mgmt": 0.1,
                                 "gas": 0.07, "supervision": 0.08, "ready_mix": 0.05},
                        {"micro": 0.25, "small": 0.35, "medium": 0.25, "large": 0.15},
                        {"gas": 0.5, "construction": 0.25, "municipal": 0.25, "ready_mix": 0.4},
                        districts={"420502": 0.12, "420503": 0.1, "420504": 0.05, "420505": 0.06, "420506": 0.11,
                                   "420525": 0.05, "420526": 0.05, "420527": 0.06, "420528": 0.06, "420529": 0.05,
                                   "420581": 0.09, "420582": 0.09, "420583": 0.11})
    d = f["district_code"].to_numpy()
    zone = np.isin(d, CORE).astype(float) - np.isin(d, MOUNTAIN).astype(float)
    sizec = per(f["size"].to_numpy(), {"micro": -1.5, "small": -0.5, "medium": 0.5, "large": 1.5})
    habit = rng.normal(0, 0.5, n)
    rainy = months((5, 6, 7, 8, 9))
    z = (-2.55 + 0.8 * (sizec * zone)[:, None] + 0.3 * ((zone < 0) & (sizec < 0))[:, None] * rainy
         + habit[:, None] + wander(rng, n, 0.15))
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.15)
    b.monthly(rng, lambda m: 0.003 + 0.012 * sig(z[:, m]), "complaint", "", urgent=0.05, follow=0.3)
    b.monthly(rng, lambda m: 0.005 * sig(z[:, m]), "referral", "yc-aj", urgent=0.3, follow=0.5)
    b.stream(rng, 0.12 * scale(f), FIRST, dt.date(2026, 12, 20), "enterprise_request", "yc-js", urgent=0.0)
    b.credit_from_findings(rng, 0.5, "建设工程质量安全行政处罚（宜昌市住建局）")
    b.honours(rng, 0.04 * sig(-habit), 0.01 * (scale(f) > 2), "宜昌市安全文明标准化工地", "湖北省建设工程楚天杯")
    for year in (2025, 2026):
        b.grade_by_points(dt.date(year, 12, 15))
    return b


def fire_referrals(rng: np.random.Generator, n: int) -> Bureau:
    """物业: 消防救援 referrals (blocked fire lanes, dead hydrants) track the risk; 12345 complaints (fees, noise,
    parking) track only how many estates a firm runs."""
    f, since = register(rng, n, {"property_mgmt": 0.55, "real_estate": 0.2, "other": 0.1, "construction": 0.15},
                        {"micro": 0.2, "small": 0.42, "medium": 0.26, "large": 0.12},
                        {"property_mgmt": 0.3, "real_estate": 0.2})
    lsz = np.log(scale(f))
    habit = rng.normal(0, 0.9, n)
    z = -2.35 + habit[:, None] - 0.15 * lsz[:, None] + wander(rng, n, 0.22)
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.06)
    estates = scale(f) * rng.lognormal(0, 0.4, n)
    b.monthly(rng, lambda m: 0.045 * estates, "complaint", "yc-wy", urgent=0.03, follow=0.2)
    b.monthly(rng, lambda m: 0.2 * sig(z[:, m]), "referral", "yc-wy", urgent=0.35, follow=0.6)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: 0.02 * mon, "data_monitoring", "yc-wy", urgent=0.2, follow=0.1)  # 消防物联网, chatter
    b.stream(rng, 0.15 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "yc-js", urgent=0.0)
    b.credit_from_findings(rng, 0.5, "物业服务违法违规行政处罚（宜昌市住建局）", "列入物业服务领域严重失信名单")
    b.honours(rng, 0.05 * scale(f) * sig(-habit), 0.006 * scale(f), "宜昌市物业服务示范项目", "湖北省物业服务优秀企业")
    b.grade_by_rank(habit + rng.normal(0, 1.1, n), dt.date(2026, 6, 30), (0.3, 0.42, 0.2, 0.08))
    return b


_SHARED = (("拖欠农民工工资（人社部门共享，公示期6个月）", "yc-js"),
           ("施工扬尘污染行政处罚（生态环境部门共享，公示期6个月）", "yc-zf"),
           ("未按规定办理建筑垃圾处置核准（城管，公示期6个月）", "yc-zf"))


def expired_records(rng: np.random.Generator, n: int) -> Bureau:
    """公示期满: other departments' 一般失信 records (wages, dust, muck) are published for six months only; most
    have expired by 2027, yet they are the richest trace of a habit that does not expire."""
    f, since = register(rng, n, {"construction": 0.4, "municipal": 0.15, "other": 0.15, "ready_mix": 0.1,
                                 "real_estate": 0.1, "property_mgmt": 0.1},
                        {"micro": 0.2, "small": 0.45, "medium": 0.25, "large": 0.1},
                        {"construction": 0.25, "ready_mix": 0.4, "municipal": 0.2, "other": 0.3})
    habit = rng.normal(0, 1.0, n)
    z = -2.3 + habit[:, None] + 0.1 * np.log(scale(f))[:, None] + wander(rng, n, 0.12)
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.05)
    b.monthly(rng, lambda m: 0.002 + 0.005 * sig(z[:, m]), "complaint", "yc-zf", urgent=0.05, follow=0.3)
    b.stream(rng, 0.15 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "yc-js", urgent=0.0)
    k = rng.poisson(np.clip(0.3 * sig(z[:, :36] + 0.6), 0, None))
    for i, m in zip(*np.nonzero(k), strict=True):
        for _ in range(int(k[i, m])):
            note, _ag = _SHARED[int(rng.integers(len(_SHARED)))]
            on = first_day(int(m)) + dt.timedelta(days=int(rng.integers(0, 27)))
            b.add_record(int(i), on, "bad", on + dt.timedelta(days=183), note)
    b.credit_from_findings(rng, 0.5, "建设工程违法违规行政处罚（宜昌市住建局）")
    b.honours(rng, 0.04 * sig(-0.5 * habit), 0.006, "宜昌市建筑业诚信企业", "湖北省建筑业优秀企业")
    b.grade_by_points(dt.date(2026, 12, 15))
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "small_scatter": small_scatter, "long_memory": long_memory, "tax_grade": tax_grade,
    "mountain_core": mountain_core, "fire_referrals": fire_referrals, "expired_records": expired_records}


# ------------------------------------------------------------------------------------------- files

def staff(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    teams, officers, away = [], [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            team = f"{ag}-{d}"
            teams.append((team, ag, d, 4 if d == CITY else 2))
            for k, role in enumerate(("enforcement",) * 4 + ("auxiliary", "legal_review")):
                sworn = role == "enforcement"
                oid = f"{team}-{k:02d}"
                officers.append((oid, f"{DISTRICTS.get(d, '市本级')[:2]}{AGENCIES[ag][3:5]}执法员{k:02d}", team, role,
                                 f"鄂{int(rng.integers(10**7, 10**8))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2031))}-{int(rng.integers(1, 13)):02d}-28" if sworn else "",
                                 "" if rng.random() < 0.1 else int(rng.integers(40, 96)),
                                 "" if not sworn or rng.random() < 0.4 else int(rng.integers(35, 75))))
                if rng.random() < 0.12:
                    lo = rand_day(rng, dt.date(2027, 1, 15), dt.date(2027, 11, 15))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(2, 25)))).isoformat(),
                                 str(rng.choice(["年休假", "产假", "省厅脱产培训", "抽调专项整治"]))))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]),
            pd.DataFrame(away, columns=["officer_id", "start_on", "end_on", "reason"]))


def write(b: Bureau, rng: np.random.Generator, folder: Path, family: str) -> None:
    f = b.firms
    folder.mkdir(parents=True)
    ent = f.drop(columns=[c for c in f.columns if c.startswith("_")])
    ent["remote_monitoring"] = np.where(f["remote_monitoring"].to_numpy(bool), "true", "false")
    ent.to_csv(folder / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(folder / "agencies.csv", index=False)
    pd.DataFrame(list(ITEMS), columns=["item_id", "agency_id", "name", "legal_basis", "sectors",
                                       "remote_allowed"]).to_csv(folder / "items.csv", index=False)
    teams, officers, away = staff(rng)
    teams.to_csv(folder / "teams.csv", index=False)
    officers.to_csv(folder / "officers.csv", index=False)
    away.to_csv(folder / "unavailability.csv", index=False)
    ids = f["enterprise_id"].to_numpy()
    dist = f["district_code"].to_numpy()
    rows = []
    for k, (i, day, outcome, fixed, ag) in enumerate(sorted(b.checks, key=lambda c: (c[1], c[0], c[2], c[4]))):
        if not b.first <= day < JAN1:
            continue
        team = f"{ag}-{dist[i] if rng.random() < 0.8 else CITY}"
        pair = sorted(int(x) for x in rng.choice(4, size=2, replace=False))
        rows.append((f"YC{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4]))
            if b.first <= d < JAN1]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"YCT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if b.first <= d < JAN1]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0])) if d < JAN1]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))], str(rng.choice(["近亲属任该企业股东", "三年内曾在该企业任职"])))
           for _ in range(max(4, len(ids) // 300))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # 2027 调休
    policy = {"year": PLAN_YEAR, "seed": f"yichang-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 24])
    b = _BUILD[family](rng, n)
    folder = out / "bundle"
    if folder.exists():
        shutil.rmtree(folder)
    write(b, rng, folder, family)
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": b.firms["enterprise_id"],
                  "p_violation": np.round(np.clip(sig(b.z[:, 36:]).mean(axis=1), 0.002, 0.98), 6)}).to_csv(
        truth, index=False)
    return folder, truth


if __name__ == "__main__":
    import sys

    print(generate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
