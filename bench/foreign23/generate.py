"""A twenty-third held-out bureau generator (issue 9) · 第二十三套独立生成的住建/城管执法局（桂林）.

Written from the contract (/work/shared/spec/bundle.md, rules.md, plan.md) and the harness's interface
(bench/foreign2/run.py ``use_generator``), with bench/foreign16/generate.py read for file mechanics only (check
digits, staff files, calendar, policy, truth.csv). Nothing of the product's risk model, docs or tests was read.
Judged as a black box by ``bench/foreign2/run.py --generator bench/foreign23``; bench/foreign23/README.md tells each
family's story.

Every bureau is the city of 桂林 (广西), plan year 2027, registers 2024-01-01 .. 2026-12-31 (one family also holds
records and triggers dated in January 2027: a bundle uploaded late in January). Each firm has a hidden logit per
month (2024-01 .. 2027-12); a site check finds a violation with that month's chance. ``truth.csv`` holds
``p_violation``: the mean over 2027's twelve months of that chance.

Families: ``lijiang_flood``, ``repair_mill``, ``muck_haulers``, ``homestay_campaign``, ``concrete_squeeze``,
``shrinking_supervisors`` (see the README).
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
FAMILIES = ("lijiang_flood", "repair_mill", "muck_haulers", "homestay_campaign", "concrete_squeeze",
            "shrinking_supervisors")

CITY = "450300"
DISTRICTS = {"450302": "秀峰区", "450303": "叠彩区", "450304": "象山区", "450305": "七星区", "450311": "雁山区",
             "450312": "临桂区", "450321": "阳朔县", "450323": "灵川县", "450381": "荔浦市"}
_CENTRE = {"450302": (25.282, 110.285), "450303": (25.305, 110.300), "450304": (25.255, 110.285),
           "450305": (25.270, 110.320), "450311": (25.080, 110.305), "450312": (25.238, 110.205),
           "450321": (24.780, 110.495), "450323": (25.410, 110.325), "450381": (24.490, 110.395)}
_SPREAD = {"450302": 0.012, "450303": 0.015, "450304": 0.015, "450305": 0.02, "450311": 0.04, "450312": 0.05,
           "450321": 0.05, "450323": 0.05, "450381": 0.05}
_TOWNS = {"450302": ("秀峰街道", "丽君街道", "甲山街道"), "450303": ("叠彩街道", "北门街道", "大河乡"),
          "450304": ("象山街道", "南门街道", "平山街道", "二塘乡"), "450305": ("七星街道", "东江街道", "穿山街道"),
          "450311": ("雁山镇", "柘木镇", "大埠乡", "草坪回族乡"), "450312": ("临桂镇", "六塘镇", "会仙镇", "两江镇"),
          "450321": ("阳朔镇", "白沙镇", "福利镇", "兴坪镇", "高田镇"), "450323": ("灵川镇", "大圩镇", "定江镇", "三街镇"),
          "450381": ("荔城镇", "东昌镇", "新坪镇", "杜莫镇")}
_ROADS = ("中山北路", "解放西路", "漓江路", "翠竹路", "穿山路", "临桂大道", "西城大道", "叠彩路", "象山北路", "环城南一路",
          "七星路", "凤北路", "西街", "滨江路")
AGENCIES = {"gl-js": "桂林市住房和城乡建设局", "gl-zf": "桂林市城市管理综合行政执法支队",
            "gl-aj": "桂林市建设工程质量安全监督站", "gl-rq": "桂林市燃气管理处", "gl-wy": "桂林市物业管理服务中心"}
HOME = {"construction": "gl-aj", "real_estate": "gl-js", "property_mgmt": "gl-wy", "gas": "gl-rq",
        "supervision": "gl-aj", "survey_design": "gl-js", "testing": "gl-aj", "ready_mix": "gl-aj",
        "municipal": "gl-zf", "other": "gl-zf"}
_ALL = ";".join(SECTORS)
ITEMS = (
    ("GL-JS-001", "gl-js", "建筑市场主体资质资格及市场行为检查", "《中华人民共和国建筑法》；《建设工程勘察设计管理条例》", _ALL,
     "true"),
    ("GL-JS-002", "gl-js", "经营性自建房及房屋使用安全检查", "《广西壮族自治区房屋使用安全管理条例》", "other;real_estate;property_mgmt",
     "false"),
    ("GL-AJ-001", "gl-aj", "房屋建筑和市政工程质量安全监督检查", "《建设工程安全生产管理条例》；《建设工程质量管理条例》",
     "construction;municipal;supervision;testing;ready_mix;survey_design", "false"),
    ("GL-AJ-002", "gl-aj", "建设工程质量检测及预拌混凝土质量检查", "《建设工程质量检测管理办法》；《预拌混凝土质量管理规定》",
     "testing;ready_mix", "true"),
    ("GL-WY-001", "gl-wy", "物业服务及电梯消防设施管理检查", "《物业管理条例》；《广西壮族自治区物业管理条例》", "property_mgmt;real_estate",
     "true"),
    ("GL-RQ-001", "gl-rq", "燃气经营及使用安全检查", "《城镇燃气管理条例》；《广西壮族自治区燃气管理条例》",
     "gas;property_mgmt;other", "true"),
    ("GL-ZF-001", "gl-zf", "建设工地扬尘及建筑垃圾运输处置执法检查", "《中华人民共和国大气污染防治法》；《城市建筑垃圾管理规定》",
     "construction;municipal;other;ready_mix", "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("桂", "漓江", "象鼻", "独秀", "伏波", "叠彩", "尧山", "芦笛", "两江", "会仙", "遇龙", "兴坪", "大圩", "灵渠", "榕湖",
       "杉湖", "七星", "訾洲")
_W2 = ("城", "昌", "泰", "和", "润", "嘉", "诚", "远", "盛", "祥", "源", "立", "通", "宇", "安")
_SUFFIX = {"construction": "建设工程有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业服务有限公司",
           "gas": "燃气有限公司", "supervision": "工程监理有限公司", "survey_design": "勘察设计有限公司",
           "testing": "工程检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "市政工程有限公司",
           "other": "运输服务有限公司"}
_HEADS = {"micro": (2, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 2000)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
LATE_JAN = dt.date(PLAN_YEAR, 1, 22)  # the bundle's cut-off where a family holds January 2027 records
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
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    cuts = np.cumsum(shares)[:3]
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(cuts, q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             monitored: dict[str, float], districts: dict[str, float] | None = None, new_share: float = 0.06,
             age_shape: tuple[float, float] = (1.8, 5.5)) -> tuple[pd.DataFrame, np.ndarray]:
    """检查对象名录库 of n firms and the month each entered the register (-120 = long before 2024)."""
    dw = districts or {"450302": 0.1, "450303": 0.08, "450304": 0.1, "450305": 0.12, "450311": 0.07,
                       "450312": 0.2, "450321": 0.09, "450323": 0.12, "450381": 0.12}
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
        place = DISTRICTS[district[i]].rstrip("区市县")
        name = f"桂林{place}{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_SUFFIX[sector[i]]}"
        base, k = name, 1
        while name in taken:
            k += 1
            name = f"{base[:-4]}{k}{base[-4:]}"
        taken.add(name)
        names.append(name)
        est.append("" if rng.random() < 0.04 else (JAN1 - dt.timedelta(days=int(age_days[i]))).isoformat())
        addr.append("" if rng.random() < 0.06 else
                    f"广西壮族自治区桂林市{DISTRICTS[district[i]]}{town[i]}{_ROADS[rng.integers(len(_ROADS))]}"
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
        "_lat": lat, "_lon": lon, "_age": age_days / 365.25, "_heads": heads})
    return f, since


def scale(f: pd.DataFrame) -> np.ndarray:
    return per(f["size"].to_numpy(), {"micro": 0.4, "small": 1.0, "medium": 2.2, "large": 4.5})


@dataclass
class Bureau:
    firms: pd.DataFrame
    z: np.ndarray
    since: np.ndarray
    late: dt.date = JAN1  # records and triggers are kept up to (not including) this day
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
        return FIRST <= day < end and month_of(day) >= self.since[i]

    def p_year(self, year: int) -> np.ndarray:
        k = (year - 2024) * 12
        return sig(self.z[:, k:k + 12]).mean(axis=1)

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", eye: float = 1.0,
                fix: float | None = None) -> str:
        """A site check finding a violation with the month's chance × ``eye``; returns the outcome ('' if none)."""
        if not self.open_on(i, day):
            return ""
        p = min(0.95, float(sig(self.z[i, month_of(day)])) * eye)
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
                urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0) -> None:
        if not self.open_on(i, day, self.late):
            return
        ag = agency or str(self.home[i])
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), ag))
        if rng.random() < follow:
            self.inspect(rng, i, day + dt.timedelta(days=int(rng.integers(2, 15))), ag, eye)

    def stream(self, rng: np.random.Generator, rate: np.ndarray, lo: dt.date, hi: dt.date, kind: str,
               agency: str = "", urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0) -> None:
        k = rng.poisson(np.maximum(np.broadcast_to(rate, (self.n,)), 0.0))
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                self.trigger(rng, int(i), rand_day(rng, lo, hi), kind, agency, urgent, follow, eye)

    def monthly(self, rng: np.random.Generator, rate: Callable[[int], np.ndarray], kind: str, agency: str = "",
                urgent: float = 0.05, follow: float = 0.0, start: int = 0, stop: int = 36) -> None:
        """Poisson triggers month by month (``rate(m)`` per firm for month m), months start .. stop-1."""
        for m in range(start, stop):
            lo = first_day(m)
            self.stream(rng, rate(m), lo, lo + dt.timedelta(days=27), kind, agency, urgent, follow)

    def random_checks(self, rng: np.random.Generator, share: float | np.ndarray, agency: str = "",
                      lo: tuple[int, int] = (3, 1), hi: tuple[int, int] = (12, 10)) -> None:
        """双随机一公开: each year a share of firms drawn and visited between ``lo`` and ``hi`` (month, day)."""
        for year in YEARS:
            for i in np.flatnonzero(rng.random(self.n) < share):
                self.inspect(rng, int(i), rand_day(rng, dt.date(year, *lo), dt.date(year, *hi)), agency)

    def add_record(self, i: int, on: dt.date, kind: str, until: dt.date | None, note: str) -> None:
        if self.open_on(i, on, self.late):
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

def _river_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """East-west distance (km) to the 漓江's course, drawn through a few points from 灵川 to 阳朔."""
    pts_lat = np.array([24.70, 24.78, 25.05, 25.27, 25.45])
    pts_lon = np.array([110.50, 110.49, 110.33, 110.298, 110.33])
    river = np.interp(lat, pts_lat, pts_lon)
    return np.abs(lon - river) * 101.0


def lijiang_flood(rng: np.random.Generator, n: int) -> Bureau:
    """漓江汛期: construction and municipal sites; risk = a lasting habit + flood-season exposure of riverside sites."""
    f, since = register(rng, n, {"construction": 0.55, "municipal": 0.25, "supervision": 0.08, "ready_mix": 0.05,
                                 "testing": 0.03, "survey_design": 0.04},
                        {"micro": 0.15, "small": 0.45, "medium": 0.28, "large": 0.12},
                        {"construction": 0.35, "municipal": 0.45, "ready_mix": 0.3})
    s = f["sector"].to_numpy()
    sites = np.isin(s, ["construction", "municipal"])
    low = sites * np.exp(-_river_km(f["_lat"].to_numpy(), f["_lon"].to_numpy()) / 2.0)
    habit = rng.normal(0, 0.85, n)
    flood = months((5, 6, 7, 8)) + 0.3 * months((4, 9))
    z = (-2.55 + habit[:, None] + 2.0 * low[:, None] * flood + 0.25 * sites[:, None] * months((5, 6, 7))
         + 0.15 * np.log(scale(f))[:, None] + wander(rng, n, 0.2))
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.16, "gl-aj")
    for year in YEARS:  # 汛前安全大检查 (May-July): the station picks the riverside sites it knows
        pick_p = np.clip(0.08 + 0.7 * low, 0, 0.85) * sites
        for i in np.flatnonzero(rng.random(n) < pick_p):
            b.inspect(rng, int(i), rand_day(rng, dt.date(year, 5, 6), dt.date(year, 7, 20)), "gl-aj")
    mon = f["remote_monitoring"].to_numpy(bool) & sites
    sz = scale(f)
    b.monthly(rng, lambda m: mon * 0.6 * sig(z[:, m]) * (1 + 2 * flood[0, m]), "data_monitoring", "gl-aj",
              urgent=0.35, follow=0.3)  # 深基坑/边坡 online monitoring alarms
    b.monthly(rng, lambda m: sites * 0.9 * low * sig(z[:, m]) * flood[0, m], "referral", "gl-aj", urgent=0.6,
              follow=0.6)  # 水利/应急 referrals in the flood season
    b.monthly(rng, lambda m: 0.012 * sz + 0.04 * sig(z[:, m]), "complaint", "gl-zf", urgent=0.05,
              follow=0.25)  # 噪声/扬尘 12345
    b.monthly(rng, lambda m: 0.03 * sz, "enterprise_request", "gl-aj", urgent=0.0, follow=0.1)  # 竣工/复工
    b.credit_from_findings(rng, 0.6, "建设工程质量安全行政处罚（桂林市住建局）")
    b.honours(rng, 0.06 * sig(-habit), 0.01 * (sz > 2), "桂林市安全文明标准化工地", "广西建设工程真武阁杯")
    for year in YEARS:  # 广西建筑市场诚信评价: market behaviour (bids, contracts, wages), weakly tied to site safety
        b.grade_by_rank(0.35 * habit + rng.normal(0, 1.0, n), dt.date(year, 12, 15), (0.25, 0.45, 0.22, 0.08))
    return b


def repair_mill(rng: np.random.Generator, n: int) -> Bureau:
    """物业信用修复: some firms buy a 信用修复 service that wipes their record; their risk stays where it was."""
    f, since = register(rng, n, {"property_mgmt": 0.74, "real_estate": 0.1, "other": 0.08, "municipal": 0.08},
                        {"micro": 0.2, "small": 0.45, "medium": 0.25, "large": 0.1},
                        {"property_mgmt": 0.4, "real_estate": 0.2, "municipal": 0.3})
    s = f["sector"].to_numpy()
    prop = np.isin(s, ["property_mgmt", "real_estate"])
    estates = scale(f) * rng.gamma(2.5, 0.5, n)
    habit = rng.normal(0, 0.8, n)
    mill = prop & (rng.random(n) < sig(-1.6 + 0.9 * habit))  # the worst are likeliest to buy the service
    z = (-2.45 + habit[:, None] + 0.6 * mill[:, None] + 0.18 * np.log(estates)[:, None]
         + 0.2 * months((6, 7, 8)) + wander(rng, n, 0.2))
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.17, "gl-wy")
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * 0.25 * sig(z[:, m]), "data_monitoring", "gl-wy", urgent=0.4,
              follow=0.35)  # 电梯物联网 trapped-passenger / fault alarms
    b.monthly(rng, lambda m: 0.04 * estates * (0.15 + 1.5 * sig(z[:, m])), "complaint", "gl-wy", urgent=0.04,
              follow=0.15)  # 12345: 电梯, 消防通道, 收费
    b.monthly(rng, lambda m: 0.012 * sig(z[:, m] + 1.0), "referral", "gl-wy", urgent=0.5, follow=0.6)  # 消防 referrals
    # 不良 records; the mill firms repair each one at the legal minimum, after a staged 整改核查 (企业申请)
    for i, day, outcome, fixed, ag in list(b.checks):
        if outcome not in ("violation", "serious") or rng.random() >= 0.7:
            continue
        on = day + dt.timedelta(days=int(rng.integers(20, 70)))
        b.add_record(i, on, "bad", on + dt.timedelta(days=int(rng.choice([365, 730]))), "物业服务违法违规行政处罚")
        if outcome == "serious" and fixed == "false" and rng.random() < 0.5:
            b.add_record(i, on + dt.timedelta(days=30), "serious_dishonest", on + dt.timedelta(days=1095),
                         "列入物业服务领域严重失信名单")
        if mill[i]:
            req = on + dt.timedelta(days=int(rng.integers(95, 130)))
            b.trigger(rng, i, req, "enterprise_request", ag, urgent=0.0)
            b.inspect(rng, i, req + dt.timedelta(days=int(rng.integers(3, 12))), ag, eye=0.25, fix=1.0)
            b.add_record(i, req + dt.timedelta(days=int(rng.integers(20, 40))), "repair", None,
                         "信用修复：已完成整改（第三方信用服务机构代为申请）")
        elif fixed == "true" and rng.random() < 0.25:
            req = on + dt.timedelta(days=int(rng.integers(200, 400)))
            b.trigger(rng, i, req, "enterprise_request", ag, urgent=0.0)
            b.inspect(rng, i, req + dt.timedelta(days=int(rng.integers(3, 20))), ag, eye=1.0)
            b.add_record(i, req + dt.timedelta(days=int(rng.integers(20, 40))), "repair", None,
                         "信用修复：已完成整改并作出信用承诺")
    # the mills also file 良好信用信息 (公益活动, 信用承诺) for their clients
    b.honours(rng, 0.05 * sig(-habit) + 0.35 * mill, 0.01 * sig(-habit), "良好信用信息：公益活动及信用承诺履约",
              "桂林市物业服务示范项目")
    for year in YEARS:
        b.grade_by_points(dt.date(year, 11, 30))
    return b


def muck_haulers(rng: np.random.Generator, n: int) -> Bureau:
    """建筑垃圾运输: the risk sits with young, small, unmonitored fleets; the history follows city-centre complaints."""
    f, since = register(rng, n, {"other": 0.5, "municipal": 0.2, "construction": 0.3},
                        {"micro": 0.35, "small": 0.4, "medium": 0.18, "large": 0.07},
                        {"other": 0.5, "municipal": 0.45, "construction": 0.25}, new_share=0.22,
                        age_shape=(1.6, 4.0))
    s = f["sector"].to_numpy()
    haul = s == "other"
    age = f["_age"].to_numpy()
    mon = f["remote_monitoring"].to_numpy(bool)
    micro = (f["size"].to_numpy() == "micro").astype(float)
    young = np.clip(1.0 - age / 4.0, 0, 1)  # firms under 4 years: 挂靠 trucks, no 核准
    habit = rng.normal(0, 0.55, n)
    z = (-2.6 + habit[:, None] + 1.3 * young[:, None] + 0.5 * micro[:, None] + 0.6 * (haul & ~mon)[:, None]
         + 0.3 * haul[:, None] + 0.25 * months((3, 4, 10, 11)) + wander(rng, n, 0.2))
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.03, "gl-zf")
    central = np.isin(f["district_code"].to_numpy(), ["450302", "450303", "450304", "450305"])
    sz = scale(f)
    b.monthly(rng, lambda m: (0.004 + 0.03 * central) * np.sqrt(sz) * (0.6 + sig(z[:, m])), "complaint", "gl-zf",
              urgent=0.06, follow=0.7)  # 12345 撒漏/夜间噪声: where people live and where big fleets run
    b.monthly(rng, lambda m: (haul | (s == "municipal")) * mon * 0.25 * sig(z[:, m]), "data_monitoring", "gl-zf",
              urgent=0.2, follow=0.25)  # 渣土车 GPS 平台: 偏离路线/未密闭 alarms
    b.monthly(rng, lambda m: 0.035 * sig(z[:, m] + 0.5), "referral", "gl-zf", urgent=0.3,
              follow=0.5)  # 交警 超载/无证 referrals
    b.monthly(rng, lambda m: 0.02 * sz * ~haul, "enterprise_request", "gl-zf", urgent=0.0,
              follow=0.05)  # 建筑垃圾处置核准
    b.credit_from_findings(rng, 0.7, "建筑垃圾运输违法行政处罚（桂林市城管）", "列入城市管理领域严重失信名单")
    b.honours(rng, 0.03 * mon + 0.01, 0.004, "绿色运输示范企业", "桂林市文明施工先进单位")
    b.grades = None
    return b


def homestay_campaign(rng: np.random.Generator, n: int) -> Bureau:
    """经营性自建房: a 2026 sweep in 阳朔/雁山 found and fixed much; the unswept and the unfixed carry 2027's risk."""
    f, since = register(rng, n, {"other": 0.45, "construction": 0.3, "property_mgmt": 0.15, "real_estate": 0.1},
                        {"micro": 0.55, "small": 0.33, "medium": 0.1, "large": 0.02},
                        {"other": 0.05, "construction": 0.15, "property_mgmt": 0.3},
                        {"450321": 0.3, "450311": 0.12, "450312": 0.14, "450302": 0.08, "450303": 0.05,
                         "450304": 0.07, "450305": 0.08, "450323": 0.1, "450381": 0.06}, new_share=0.08)
    s = f["sector"].to_numpy()
    dist = f["district_code"].to_numpy()
    house = np.isin(s, ["other", "real_estate"])
    village = per(dist, {"450321": 0.25, "450311": 0.2, "450323": 0.15, "450381": 0.1}, -0.1)
    micro = (f["size"].to_numpy() == "micro").astype(float)
    # 加建/改建 floors, old brick, no 鉴定: family-run guesthouses in village houses more than hotels
    struct = sig(rng.normal(0, 0.9, n) + 1.2 * (micro - 0.5) + 2.0 * village - 0.5 * f["remote_monitoring"])
    habit = rng.normal(0, 0.5, n)
    tourist = months((4, 5, 7, 8, 10))
    z0 = (-2.7 + habit[:, None] + house[:, None] * (0.5 + 3.0 * (struct - 0.45))[:, None] + 0.35 * house[:, None] * tourist
          + 0.2 * (dist == "450321")[:, None] + wander(rng, n, 0.18))
    b = Bureau(f, z0.copy(), since)
    swept = np.isin(dist, ["450321", "450311"]) & np.isin(s, ["other", "real_estate", "construction"])
    fixed_from = np.full(n, M)
    for i in np.flatnonzero(swept & (rng.random(n) < 0.92)):  # 2026-04 .. 08: every operator the township lists
        day = rand_day(rng, dt.date(2026, 4, 8), dt.date(2026, 8, 28))
        b.trigger(rng, int(i), day - dt.timedelta(days=int(rng.integers(3, 10))), "referral", "gl-js", urgent=0.0)
        out = b.inspect(rng, int(i), day, "gl-js", eye=1.5, fix=0.8 if house[i] else 0.9)
        if out in ("violation", "serious") and b.checks[-1][3] == "true":
            fixed_from[i] = month_of(day) + 2
    # 整改 that was done (加固, 拆除加建) lowers the risk for good
    b.z = z0 - 1.4 * (fixed_from[:, None] <= MIDX) * (house[:, None] + 0.4)
    b.random_checks(rng, np.where(swept, 0.04, 0.06), "gl-js")
    sz = scale(f)
    b.monthly(rng, lambda m: 0.02 * house * sig(b.z[:, m]) + 0.004 * sz, "complaint", "gl-js", urgent=0.2,
              follow=0.4)  # 游客/邻居: 裂缝, 加建
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * 0.3 * sig(b.z[:, m]), "data_monitoring", "gl-js", urgent=0.3,
              follow=0.3)  # 房屋安全监测 tilt sensors
    b.monthly(rng, lambda m: 0.008 * sz * ~house, "enterprise_request", "gl-aj", urgent=0.0, follow=0.1)
    unfixed = np.zeros(n, bool)
    for i, day, outcome, fixed, _ in b.checks:
        if outcome in ("violation", "serious") and fixed == "false" and day.year == 2026:
            unfixed[i] = True
    for i in np.flatnonzero(unfixed & (rng.random(n) < 0.5)):  # 逾期未整改 notices, autumn 2026
        b.add_record(int(i), rand_day(rng, dt.date(2026, 10, 10), dt.date(2026, 12, 20)), "bad",
                     dt.date(2027, 12, 31), "经营性自建房逾期未整改（阳朔县住建局）")
    b.credit_from_findings(rng, 0.5, "经营性自建房安全违法行政处罚", "列入房屋安全领域严重失信名单", repair=0.4)
    b.honours(rng, 0.04 * ~house * sig(-habit), 0.005, "桂林市诚信经营示范户", "广西五星级乡村旅游区民宿")
    build = np.isin(s, ["construction"])
    b.grade_by_rank(habit + rng.normal(0, 0.7, n), dt.date(2026, 12, 10), (0.3, 0.45, 0.18, 0.07), who=build)
    return b


def concrete_squeeze(rng: np.random.Generator, n: int) -> Bureau:
    """预拌混凝土/检测: a cash squeeze from late 2026 raises 2027's risk of a few firms; January 2027 foreshadows it."""
    f, since = register(rng, n, {"ready_mix": 0.38, "testing": 0.25, "construction": 0.22, "supervision": 0.15},
                        {"micro": 0.1, "small": 0.45, "medium": 0.33, "large": 0.12},
                        {"ready_mix": 0.6, "testing": 0.5, "construction": 0.2})
    s = f["sector"].to_numpy()
    core = np.isin(s, ["ready_mix", "testing"])
    habit = rng.normal(0, 0.75, n)
    squeeze = core & (rng.random(n) < sig(-2.0 + 0.6 * habit - 0.5 * np.log(scale(f))))
    bought = ~squeeze & core & (habit > 0.3) & (rng.random(n) < 0.3)  # taken over by a state group, 2026-H2
    z = (-2.5 + habit[:, None] + 1.7 * squeeze[:, None] * (MIDX >= 35) - 1.2 * bought[:, None] * (MIDX >= 33)
         + 0.1 * np.log(scale(f))[:, None] + wander(rng, n, 0.18))
    b = Bureau(f, z, since, late=LATE_JAN)
    b.random_checks(rng, np.where(core, 0.3, 0.15), "gl-aj")
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * core * (0.05 + 0.35 * sig(z[:, m])), "data_monitoring", "gl-aj", urgent=0.15,
              follow=0.25)  # 搅拌站 配合比/检测数据 online monitoring
    b.monthly(rng, lambda m: 0.02 * sig(z[:, m]) + 0.006, "complaint", "gl-aj", urgent=0.05, follow=0.3)
    b.monthly(rng, lambda m: 0.015 * sig(z[:, m]), "referral", "gl-aj", urgent=0.3, follow=0.6)
    for i in np.flatnonzero(bought):  # 资质/股权变更 filings
        for _ in range(int(rng.integers(1, 3))):
            b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 8, 15), dt.date(2026, 11, 30)), "enterprise_request",
                      "gl-js", urgent=0.0)
    b.stream(rng, 0.25 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "gl-js", urgent=0.0)
    b.credit_from_findings(rng, 0.6, "预拌混凝土/检测质量违法行政处罚")
    b.honours(rng, 0.07 * sig(-habit) + 0.06 * bought, 0.01, "广西建设工程质量检测诚信单位", "桂林市质量管理先进企业")
    # the squeeze shows: December alarms, then January 2027 欠薪 complaints, 人社 referrals and court records
    for i in np.flatnonzero(squeeze):
        if mon[i] and rng.random() < 0.6:
            b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 12, 1), dt.date(2026, 12, 28)), "data_monitoring",
                      "gl-aj", urgent=0.3)
        if rng.random() < 0.55:
            b.trigger(rng, int(i), rand_day(rng, dt.date(2027, 1, 4), dt.date(2027, 1, 20)), "complaint", "gl-aj",
                      urgent=0.6)
        if rng.random() < 0.35:
            b.trigger(rng, int(i), rand_day(rng, dt.date(2027, 1, 4), dt.date(2027, 1, 20)), "referral", "gl-aj",
                      urgent=0.5)
        if rng.random() < 0.4:
            on = rand_day(rng, dt.date(2027, 1, 5), dt.date(2027, 1, 21))
            b.add_record(int(i), on, "bad", on + dt.timedelta(days=730), "拖欠农民工工资（人社部门共享）")
            if rng.random() < 0.35:
                b.add_record(int(i), on + dt.timedelta(days=1), "serious_dishonest", on + dt.timedelta(days=1095),
                             "列入拖欠农民工工资失信联合惩戒对象名单")
    for i in np.flatnonzero(~squeeze & (rng.random(n) < 0.012)):  # the ordinary January noise
        b.trigger(rng, int(i), rand_day(rng, dt.date(2027, 1, 4), dt.date(2027, 1, 20)), "complaint", "gl-aj",
                  urgent=0.1)
    for year in (2024, 2025):  # the platform's yearly grade; the 2026 one was not out by the upload
        b.grade_by_points(dt.date(year, 12, 20), cuts=(97, 88, 76))
    return b


def shrinking_supervisors(rng: np.random.Generator, n: int) -> Bureau:
    """监理/勘察设计 after the 2025 挂证 clean-up: firms left short of registered engineers slip; only the register's
    headcount (against a size class filed years ago) and the real-name attendance alarms show it."""
    f, since = register(rng, n, {"supervision": 0.45, "survey_design": 0.3, "testing": 0.1, "construction": 0.15},
                        {"micro": 0.12, "small": 0.5, "medium": 0.3, "large": 0.08},
                        {"supervision": 0.4, "construction": 0.3, "testing": 0.3})
    s = f["sector"].to_numpy()
    prof = np.isin(s, ["supervision", "survey_design"])
    size = f["size"].to_numpy()
    heads = f["_heads"].to_numpy().astype(float)
    loss = prof * rng.beta(1.2, 3.0, n) * (size != "micro")  # share of staff (挂证 engineers) gone in 2025
    now = np.maximum(1, np.round(heads * (1 - loss))).astype(int)
    emp = f["employees"].to_numpy().astype(object)
    f["employees"] = np.where(emp == "", "", now.astype(str))  # the 2026 annual report's headcount
    habit = rng.normal(0, 0.7, n)
    after = np.clip((MIDX - 15) / 6.0, 0, 1)  # phases in from April 2025
    z = (-2.5 + habit[:, None] + 3.2 * loss[:, None] * after - 0.15 * np.log(scale(f))[:, None]
         + wander(rng, n, 0.2))
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.1, "gl-aj")
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * (0.04 + 0.25 * sig(z[:, m])) * (m >= 12), "data_monitoring", "gl-aj",
              urgent=0.1, follow=0.25)  # 实名制考勤: 总监/项目负责人 not on site
    b.monthly(rng, lambda m: 0.012 * scale(f), "complaint", "gl-js", urgent=0.03, follow=0.1)  # 合同/收费 disputes
    b.monthly(rng, lambda m: 0.012 * sig(z[:, m] + 0.5), "referral", "gl-aj", urgent=0.2, follow=0.6)
    for i in np.flatnonzero(loss > 0.25):  # 注册人员变更备案
        if rng.random() < 0.5:
            b.trigger(rng, int(i), rand_day(rng, dt.date(2025, 4, 1), dt.date(2026, 10, 30)), "enterprise_request",
                      "gl-js", urgent=0.0)
    b.stream(rng, 0.2 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "gl-js", urgent=0.0)
    b.credit_from_findings(rng, 0.55, "工程监理/勘察设计违法违规行政处罚")
    b.honours(rng, 0.08 * sig(-habit) * (1 + (size == "large")), 0.012 * (size != "micro"), "广西优秀监理企业",
              "桂林市优秀工程勘察设计奖")
    # 2024-06 platform grade: staff strength and the then record; never updated
    b.grade_by_rank(habit - 0.4 * np.log(scale(f)) + rng.normal(0, 0.6, n), dt.date(2024, 6, 30),
                    (0.3, 0.42, 0.2, 0.08))
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "lijiang_flood": lijiang_flood, "repair_mill": repair_mill, "muck_haulers": muck_haulers,
    "homestay_campaign": homestay_campaign, "concrete_squeeze": concrete_squeeze,
    "shrinking_supervisors": shrinking_supervisors}


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
                officers.append((oid, f"{DISTRICTS.get(d, '市本级')}{AGENCIES[ag][3:5]}执法员{k:02d}", team, role,
                                 f"桂{int(rng.integers(10**7, 10**8))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2031))}-{int(rng.integers(1, 13)):02d}-28" if sworn else "",
                                 "" if rng.random() < 0.1 else int(rng.integers(40, 96)),
                                 "" if not sworn or rng.random() < 0.4 else int(rng.integers(35, 75))))
                if rng.random() < 0.12:
                    lo = rand_day(rng, dt.date(2027, 1, 15), dt.date(2027, 11, 15))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(2, 25)))).isoformat(),
                                 str(rng.choice(["年休假", "产假", "自治区厅脱产培训", "抽调专项整治"]))))
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
        if not FIRST <= day < JAN1:
            continue
        team = f"{ag}-{dist[i] if rng.random() < 0.8 else CITY}"
        pair = sorted(int(x) for x in rng.choice(4, size=2, replace=False))
        rows.append((f"GL{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4]))
            if FIRST <= d < b.late]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"GLT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if FIRST <= d < b.late]
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
    policy = {"year": PLAN_YEAR, "seed": f"guilin-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 23])
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
