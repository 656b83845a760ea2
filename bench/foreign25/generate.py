"""A twenty-fifth held-out bureau generator (issue 9) · 第二十五套独立生成的住建/城管执法局（九江）.

Written from the contract (/work/shared/spec/bundle.md, rules.md, plan.md) and the harness's interface
(bench/foreign2/run.py ``use_generator``), with bench/foreign23/generate.py read and copied for file mechanics only
(check digits, register, staff files, calendar, policy, truth.csv). Nothing of the product's risk model, docs, tests
or earlier findings was read. Judged as a black box by ``bench/foreign2/run.py --generator bench/foreign25``;
bench/foreign25/README.md tells each family's story.

Every bureau is the city of 九江 (江西), plan year 2027, registers 2024-01-01 .. 2026-12-31. Each firm has a hidden
logit per month (2024-01 .. 2027-12); a site check finds a violation with that month's chance (times the family's
"eye" where inspectors see less). ``truth.csv`` holds ``p_violation``: the mean over 2027's twelve months of that
chance.

Families: ``steady_habit``, ``minor_warnings``, ``honour_shopping``, ``lake_sand``, ``ebike_charging``,
``satellite_survey`` (see the README).
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
FAMILIES = ("steady_habit", "minor_warnings", "honour_shopping", "lake_sand", "ebike_charging", "satellite_survey")

CITY = "360400"
DISTRICTS = {"360402": "濂溪区", "360403": "浔阳区", "360404": "柴桑区", "360423": "武宁县", "360424": "修水县",
             "360425": "永修县", "360426": "德安县", "360428": "都昌县", "360429": "湖口县", "360430": "彭泽县",
             "360481": "瑞昌市", "360482": "共青城市", "360483": "庐山市"}
DISTRICT_WEIGHTS = {"360402": 0.17, "360403": 0.14, "360404": 0.09, "360423": 0.05, "360424": 0.07,
                    "360425": 0.06, "360426": 0.04, "360428": 0.07, "360429": 0.05, "360430": 0.05, "360481": 0.08,
                    "360482": 0.05, "360483": 0.08}
_CENTRE = {"360402": (29.670, 116.000), "360403": (29.725, 115.990), "360404": (29.610, 115.910),
           "360423": (29.260, 115.100), "360424": (29.030, 114.550), "360425": (29.020, 115.810),
           "360426": (29.310, 115.760), "360428": (29.270, 116.200), "360429": (29.730, 116.250),
           "360430": (29.900, 116.550), "360481": (29.680, 115.680), "360482": (29.250, 115.800),
           "360483": (29.450, 116.040)}
_SPREAD = {"360402": 0.02, "360403": 0.012, "360404": 0.04, "360423": 0.06, "360424": 0.07, "360425": 0.05,
           "360426": 0.04, "360428": 0.05, "360429": 0.04, "360430": 0.05, "360481": 0.05, "360482": 0.03,
           "360483": 0.04}
_TOWNS = {"360402": ("十里街道", "五里街道", "莲花镇", "赛阳镇"), "360403": ("甘棠街道", "湓浦街道", "人民路街道", "白水湖街道"),
          "360404": ("沙河街街道", "港口街镇", "城门街道"), "360423": ("宋溪镇", "船滩镇", "鲁溪镇"),
          "360424": ("义宁镇", "渣津镇", "太阳升镇"), "360425": ("涂埠镇", "吴城镇", "艾城镇"),
          "360426": ("蒲亭镇", "丰林镇", "爱民乡"), "360428": ("都昌镇", "周溪镇", "多宝乡", "左里镇"),
          "360429": ("双钟镇", "均桥镇", "流泗镇"), "360430": ("龙城镇", "马当镇", "棉船镇"),
          "360481": ("湓城街道", "码头镇", "范镇"), "360482": ("茶山街道", "甘露镇", "江益镇"),
          "360483": ("南康镇", "白鹿镇", "蛟塘镇", "沙湖山管理处")}
_ROADS = ("长虹大道", "浔阳路", "庐山南路", "九瑞大道", "八里湖路", "十里大道", "滨江东路", "前进东路", "濂溪大道",
          "湖滨路", "共青大道", "柴桑大道", "九龙街", "信华路")
AGENCIES = {"jj-js": "九江市住房和城乡建设局", "jj-zf": "九江市城市管理综合执法支队",
            "jj-aj": "九江市建设工程质量安全监督站", "jj-rq": "九江市燃气管理所", "jj-wy": "九江市物业管理服务中心"}
HOME = {"construction": "jj-aj", "real_estate": "jj-js", "property_mgmt": "jj-wy", "gas": "jj-rq",
        "supervision": "jj-aj", "survey_design": "jj-js", "testing": "jj-aj", "ready_mix": "jj-aj",
        "municipal": "jj-zf", "other": "jj-zf"}
_ALL = ";".join(SECTORS)
ITEMS = (
    ("JJ-JS-001", "jj-js", "建筑市场主体资质资格及市场行为检查", "《中华人民共和国建筑法》；《建设工程勘察设计管理条例》", _ALL,
     "true"),
    ("JJ-JS-002", "jj-js", "房地产开发经营及商品房销售行为检查", "《城市房地产开发经营管理条例》；《商品房销售管理办法》",
     "real_estate", "true"),
    ("JJ-AJ-001", "jj-aj", "房屋建筑和市政工程质量安全监督检查", "《建设工程安全生产管理条例》；《建设工程质量管理条例》",
     "construction;municipal;supervision;testing;ready_mix;survey_design", "false"),
    ("JJ-AJ-002", "jj-aj", "预拌混凝土原材料及工程质量检测检查", "《建设工程质量检测管理办法》；《预拌混凝土质量管理规定》",
     "testing;ready_mix", "true"),
    ("JJ-WY-001", "jj-wy", "物业服务及住宅小区电动自行车停放充电消防安全检查", "《物业管理条例》；《中华人民共和国消防法》",
     "property_mgmt;real_estate", "false"),
    ("JJ-RQ-001", "jj-rq", "燃气经营及使用安全检查", "《城镇燃气管理条例》", "gas;property_mgmt;other", "true"),
    ("JJ-ZF-001", "jj-zf", "违法建设及建筑垃圾处置执法检查", "《中华人民共和国城乡规划法》；《城市建筑垃圾管理规定》",
     "construction;municipal;other;ready_mix;property_mgmt;real_estate", "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("浔", "庐山", "匡庐", "甘棠", "南湖", "八里湖", "琵琶", "锁江", "浔城", "鄱湖", "柴桑", "濂溪", "湓浦", "石钟",
       "烟水", "龙开", "赛湖", "白鹿")
_W2 = ("城", "昌", "泰", "和", "润", "嘉", "诚", "远", "盛", "祥", "源", "立", "通", "宇", "安")
_SUFFIX = {"construction": "建设工程有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业服务有限公司",
           "gas": "燃气有限公司", "supervision": "工程监理有限公司", "survey_design": "勘察设计有限公司",
           "testing": "工程检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "市政工程有限公司",
           "other": "建材贸易有限公司"}
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
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    cuts = np.cumsum(shares)[:3]
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(cuts, q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             monitored: dict[str, float], districts: dict[str, float] | None = None, new_share: float = 0.06,
             age_shape: tuple[float, float] = (1.8, 5.5)) -> tuple[pd.DataFrame, np.ndarray]:
    """检查对象名录库 of n firms and the month each entered the register (-120 = long before 2024)."""
    dw = districts or DISTRICT_WEIGHTS
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
        name = f"九江{place}{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_SUFFIX[sector[i]]}"
        base, k = name, 1
        while name in taken:
            k += 1
            name = f"{base[:-4]}{k}{base[-4:]}"
        taken.add(name)
        names.append(name)
        est.append("" if rng.random() < 0.04 else (JAN1 - dt.timedelta(days=int(age_days[i]))).isoformat())
        addr.append("" if rng.random() < 0.06 else
                    f"江西省九江市{DISTRICTS[district[i]]}{town[i]}{_ROADS[rng.integers(len(_ROADS))]}"
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
                fix: float | None = None, minor: float | None = None) -> str:
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
            pm = 0.1 + 0.6 * p if minor is None else minor
            outcome, fixed = ("minor" if rng.random() < pm else "compliant"), ""
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

def steady_habit(rng: np.random.Generator, n: int) -> Bureau:
    """A calm bureau: every firm keeps its habits, 双随机 reaches a fifth of the register each year, complaints and
    credit follow findings. What a careful model should do well on."""
    f, since = register(rng, n, {"construction": 0.3, "real_estate": 0.1, "property_mgmt": 0.2, "gas": 0.06,
                                 "supervision": 0.07, "survey_design": 0.05, "testing": 0.04, "ready_mix": 0.05,
                                 "municipal": 0.08, "other": 0.05},
                        {"micro": 0.25, "small": 0.45, "medium": 0.22, "large": 0.08},
                        {"gas": 0.6, "construction": 0.25, "ready_mix": 0.4})
    s = f["sector"].to_numpy()
    habit = rng.normal(0, 1.0, n)
    base = per(s, {"construction": 0.6, "gas": 0.5, "municipal": 0.25, "property_mgmt": 0.1, "supervision": -0.4,
                   "survey_design": -0.8, "testing": -0.25})
    z = -2.5 + habit[:, None] + base[:, None] + 0.2 * np.log(scale(f))[:, None] + wander(rng, n, 0.15)
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.4)
    b.monthly(rng, lambda m: 0.03 * sig(z[:, m]) * scale(f) ** 0.5, "complaint", urgent=0.1, follow=0.45)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * 0.25 * sig(z[:, m]), "data_monitoring", urgent=0.2, follow=0.3)
    b.stream(rng, 0.15 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "jj-js", urgent=0.0)
    b.credit_from_findings(rng, 0.5, "住建领域违法违规行政处罚")
    b.honours(rng, 0.06 * sig(-habit), 0.008, "九江市建筑业诚信企业", "江西省优质建设工程（杜鹃花奖）")
    for year in (2024, 2025):
        b.grade_by_points(dt.date(year, 12, 15))
    return b


def minor_warnings(rng: np.random.Generator, n: int) -> Bureau:
    """Violations are rare (a few in a hundred) but 轻微问题 (minor findings, 责令改正 without penalty) are common and
    track the same sloppiness: the signal sits in the minors, not in the few violations."""
    f, since = register(rng, n, {"property_mgmt": 0.35, "construction": 0.3, "municipal": 0.15, "gas": 0.1,
                                 "other": 0.1},
                        {"micro": 0.2, "small": 0.5, "medium": 0.22, "large": 0.08},
                        {"gas": 0.5, "construction": 0.2})
    s = f["sector"].to_numpy()
    slop = rng.normal(0, 1.0, n)
    z = -3.4 + 0.95 * slop[:, None] + 0.1 * (s == "construction")[:, None] + wander(rng, n, 0.15)
    b = Bureau(f, z, since)
    minor_p = sig(-1.3 + 1.8 * slop)  # 轻微问题: 台账缺失, 标识不全, 消防通道堆物 …
    for year in YEARS:
        for i in np.flatnonzero(rng.random(n) < 0.45):  # 日常巡查 reaches almost half the register a year
            b.inspect(rng, int(i), rand_day(rng, dt.date(year, 3, 1), dt.date(year, 12, 10)),
                      minor=float(minor_p[i]))
    b.monthly(rng, lambda m: 0.006 + 0.01 * sig(z[:, m] + 1.0), "complaint", urgent=0.05, follow=0.3)
    b.stream(rng, 0.12 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "jj-js", urgent=0.0)
    b.credit_from_findings(rng, 0.6, "住建领域违法违规行政处罚")
    b.honours(rng, 0.05, 0.006, "九江市物业服务星级企业", "九江市文明工地")  # honours blind to sloppiness
    b.grade_by_points(dt.date(2025, 12, 15), cuts=(97, 90, 80))
    return b


def honour_shopping(rng: np.random.Generator, n: int) -> Bureau:
    """Integrity shows in the shared credit platform, not in the bureau's own thin inspection file: 人社/税务/法院
    bad records (many already expired or 修复 by 2027, the habit behind them is not), while association
    commendations go to firms that pay and ask for them, the riskier ones more."""
    f, since = register(rng, n, {"construction": 0.4, "real_estate": 0.15, "supervision": 0.12, "ready_mix": 0.1,
                                 "municipal": 0.13, "survey_design": 0.1},
                        {"micro": 0.15, "small": 0.45, "medium": 0.3, "large": 0.1},
                        {"construction": 0.2, "ready_mix": 0.4})
    s = f["sector"].to_numpy()
    g = rng.normal(0, 1.0, n)  # lack of integrity
    z = -2.5 + 0.95 * g[:, None] + 0.1 * np.log(scale(f))[:, None] + wander(rng, n, 0.15)
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.06)
    b.monthly(rng, lambda m: 0.004 + 0.004 * sig(z[:, m]), "complaint", urgent=0.05, follow=0.3)
    b.stream(rng, 0.2 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "jj-js", urgent=0.0)
    b.credit_from_findings(rng, 0.5, "住建领域违法违规行政处罚")
    notes = ("拖欠农民工工资（人社部门共享）", "欠缴税款（税务部门共享）", "未履行生效判决（法院共享）",
             "虚假申报材料（市场监管部门共享）", "合同违约被投诉查实（住建）")
    rate = 0.012 * np.exp(0.95 * g) * scale(f) ** 0.3  # shared bad records a month
    for m in range(36):
        for i in np.flatnonzero(rng.random(n) < rate):
            on = rand_day(rng, first_day(m), first_day(m) + dt.timedelta(days=27))
            life = int(rng.choice([183, 365, 730, 1095], p=[0.35, 0.4, 0.15, 0.1]))
            b.add_record(int(i), on, "bad", on + dt.timedelta(days=life), str(rng.choice(notes)))
            if rng.random() < 0.45:  # 信用修复 bought with a commitment letter and a course; the habit stays
                b.add_record(int(i), on + dt.timedelta(days=int(rng.integers(90, 240))), "repair", None,
                             "信用修复：完成信用修复培训并提交信用承诺书")
            if rng.random() < 0.04 * sig(g[i]):
                b.add_record(int(i), on + dt.timedelta(days=int(rng.integers(5, 40))), "serious_dishonest",
                             on + dt.timedelta(days=1095), "列入失信被执行人/拖欠农民工工资失信联合惩戒名单")
    # association honours: members pay and apply; the ones with trouble apply more (a shield for tenders)
    b.honours(rng, 0.05 * sig(0.8 * g) * scale(f) ** 0.4, 0.03 * sig(0.8 * g), "九江市建筑业协会诚信示范企业",
              "江西省建筑业协会AAA信用企业")
    good = (s == "construction") & (rng.random(n) < 0.12 * sig(-1.2 * g))
    for i in np.flatnonzero(good):  # 住建's own 文明工地 awards do follow conduct
        on = rand_day(rng, dt.date(2024, 6, 1), dt.date(2026, 11, 30))
        b.add_record(int(i), on, "good", on + dt.timedelta(days=1095), "九江市建筑施工安全文明标准化工地")
    for year in (2024, 2025, 2026):  # the provincial platform counts records in force only
        b.grade_by_points(dt.date(year, 11, 30), cuts=(98, 92, 82))
    return b


_DOCKS = ((29.27, 116.20), (29.73, 116.23), (29.18, 116.00), (29.45, 116.06), (29.90, 116.55), (29.02, 115.85))


def _dock_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    d = [np.hypot((lat - a) * 111.0, (lon - o) * 97.0) for a, o in _DOCKS]
    return np.min(np.vstack(d), axis=0)


def lake_sand(rng: np.random.Generator, n: int) -> Bureau:
    """鄱阳湖 illegal sand: plants and sites near the lakeside sand docks (都昌, 湖口, 吴城, 星子, 彭泽, 永修) use cheap
    unwashed 湖砂; concrete and structures fail. The bureau barely looked until an autumn 2026 campaign."""
    dw = dict(DISTRICT_WEIGHTS)
    for d in ("360428", "360429", "360425", "360483", "360430"):
        dw[d] *= 1.6
    f, since = register(rng, n, {"ready_mix": 0.3, "construction": 0.33, "testing": 0.1, "municipal": 0.15,
                                 "supervision": 0.07, "other": 0.05},
                        {"micro": 0.12, "small": 0.45, "medium": 0.33, "large": 0.1},
                        {"ready_mix": 0.35, "testing": 0.3, "construction": 0.15}, districts=dw)
    s = f["sector"].to_numpy()
    km = _dock_km(f["_lat"].to_numpy(), f["_lon"].to_numpy())
    expo = np.exp(-km / 14.0)
    use = per(s, {"ready_mix": 1.0, "construction": 0.55, "municipal": 0.5, "testing": 0.7, "other": 0.8,
                  "supervision": 0.2})
    habit = rng.normal(0, 0.55, n)
    z = -2.9 + 2.8 * expo[:, None] * use[:, None] + habit[:, None] + wander(rng, n, 0.2)
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.035)
    core = np.isin(s, ["ready_mix", "testing"])
    for i in np.flatnonzero(core & (rng.random(n) < 0.22)):  # 2026-09..11 预拌混凝土质量专项抽检
        b.inspect(rng, int(i), rand_day(rng, dt.date(2026, 9, 7), dt.date(2026, 11, 27)), "jj-aj", eye=1.1)
    b.monthly(rng, lambda m: 0.003 + 0.004 * sig(z[:, m]), "complaint", urgent=0.05, follow=0.3)
    b.stream(rng, 0.15 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "jj-js", urgent=0.0)
    b.credit_from_findings(rng, 0.5, "预拌混凝土/工程质量违法行政处罚")
    b.honours(rng, 0.04, 0.005, "九江市建设工程质量管理先进单位", "江西省优质建设工程（杜鹃花奖）")
    b.grades = None  # no platform grade published in 九江 for these trades yet
    return b


def ebike_charging(rng: np.random.Generator, n: int) -> Bureau:
    """物业 after the 2026 电动自行车安全隐患全链条整治: from May 2026 estates' 飞线充电/楼道停放 became the property firm's
    violation. Old estates (old-town firms, long established) carry it; before, the risk was fee and service disputes
    at the big firms. Two good years of history point the wrong way."""
    f, since = register(rng, n, {"property_mgmt": 0.6, "real_estate": 0.12, "gas": 0.08, "other": 0.1,
                                 "construction": 0.1},
                        {"micro": 0.2, "small": 0.48, "medium": 0.24, "large": 0.08},
                        {"gas": 0.5, "property_mgmt": 0.15})
    s = f["sector"].to_numpy()
    prop = np.isin(s, ["property_mgmt", "real_estate"]) * per(s, {"property_mgmt": 1.0, "real_estate": 0.45})
    dist = f["district_code"].to_numpy()
    old_town = per(dist, {"360403": 1.0, "360402": 0.7, "360404": 0.4, "360481": 0.35, "360483": 0.3}, 0.15)
    age = f["_age"].to_numpy()
    oldness = sig(-2.0 + 2.2 * old_town + 0.12 * age + rng.normal(0, 0.6, n))
    habit = rng.normal(0, 0.6, n)
    regime = np.clip((MIDX - 28) / 3.0, 0, 1)  # phases in over 2026-05 .. 08
    pre = -2.3 + habit[:, None] + 0.35 * np.log(scale(f))[:, None]
    post = -3.0 + 0.6 * habit[:, None] + 3.2 * (prop * oldness)[:, None] - 0.1 * np.log(scale(f))[:, None]
    z = (1 - regime) * pre + regime * post + wander(rng, n, 0.18)
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.12)
    for i in np.flatnonzero((prop > 0.9) & (rng.random(n) < 0.2)):  # 2026-07..11 专项 on a fifth of 物业 firms
        b.inspect(rng, int(i), rand_day(rng, dt.date(2026, 7, 1), dt.date(2026, 11, 30)), "jj-wy")
    sz = scale(f)
    b.monthly(rng, lambda m: 0.02 * sz * prop * (m < 28), "complaint", "jj-wy", urgent=0.02, follow=0.25)  # 物业费
    b.monthly(rng, lambda m: 0.015 * prop * oldness * (m >= 26), "complaint", "jj-wy", urgent=0.25,
              follow=0.3)  # 12345: 飞线充电, 楼道停车
    b.monthly(rng, lambda m: 0.02 * sig(z[:, m]) * (prop == 0), "complaint", urgent=0.05, follow=0.3)
    b.stream(rng, 0.12 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "jj-js", urgent=0.0)
    b.credit_from_findings(rng, 0.4, "物业服务违法违规行政处罚")
    b.honours(rng, 0.06 * sig(-habit) * (sz > 1), 0.008, "九江市物业服务示范项目", "江西省物业管理优秀住宅小区")
    b.grade_by_rank(habit + 0.35 * np.log(sz) + rng.normal(0, 0.5, n), dt.date(2025, 6, 30), (0.3, 0.45, 0.18, 0.07),
                    who=prop > 0.9)
    return b


def satellite_survey(rng: np.random.Generator, n: int) -> Bureau:
    """城管 卫片执法: an autumn 2026 satellite survey flags every firm with 违法建设 on its land or estates (data
    monitoring triggers, one per patch). Those inspected and demolished are clean now; those flagged and not reached, or
    not put right, carry the stock into 2027. Counting the flags ranks the demolished ones high."""
    f, since = register(rng, n, {"property_mgmt": 0.3, "real_estate": 0.2, "construction": 0.2, "other": 0.2,
                                 "municipal": 0.1},
                        {"micro": 0.22, "small": 0.46, "medium": 0.24, "large": 0.08},
                        {"property_mgmt": 0.1, "construction": 0.15})
    habit = rng.normal(0, 0.6, n)
    has = rng.random(n) < sig(-1.0 + 1.2 * habit)
    stock = has * rng.gamma(1.5, 1.3, n)  # patches of 违建 (rooftop rooms, yard sheds, 侵占绿地)
    patches = np.where(has, np.maximum(1, rng.poisson(stock)), 0)
    eff = 1.6 * np.log1p(stock)
    z0 = -2.9 + 0.8 * habit[:, None] + eff[:, None] + wander(rng, n, 0.18)
    b = Bureau(f, z0.copy(), since)
    cleared = np.full(n, M)
    for i in np.flatnonzero(patches > 0):
        if rng.random() > 0.93:
            continue  # cloud, or under a canopy
        day0 = rand_day(rng, dt.date(2026, 8, 3), dt.date(2026, 10, 16))
        for _ in range(int(patches[i])):
            b.trigger(rng, int(i), day0 + dt.timedelta(days=int(rng.integers(0, 5))), "data_monitoring", "jj-zf",
                      urgent=0.0)
        if rng.random() < 0.6:  # the brigade reached it before year end
            day = day0 + dt.timedelta(days=int(rng.integers(10, 60)))
            out = b.inspect(rng, int(i), day, "jj-zf", eye=1.3, fix=0.7)
            if out in ("violation", "serious") and b.checks[-1][3] == "true":
                cleared[i] = month_of(day) + 1
    b.z = z0 - (cleared[:, None] <= MIDX) * eff[:, None] * 0.9
    b.random_checks(rng, 0.08, "jj-zf")
    b.monthly(rng, lambda m: 0.006 + 0.012 * sig(b.z[:, m]), "complaint", "jj-zf", urgent=0.05, follow=0.3)
    b.stream(rng, 0.1 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", "jj-js", urgent=0.0)
    b.credit_from_findings(rng, 0.45, "违法建设行政处罚（城管）")
    b.honours(rng, 0.05 * sig(-habit), 0.006, "九江市城市管理先进单位", "九江市文明单位")
    b.grade_by_rank(habit + rng.normal(0, 0.8, n), dt.date(2024, 12, 20), (0.3, 0.45, 0.18, 0.07))
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "steady_habit": steady_habit, "minor_warnings": minor_warnings, "honour_shopping": honour_shopping,
    "lake_sand": lake_sand, "ebike_charging": ebike_charging, "satellite_survey": satellite_survey}


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
                                 f"赣{int(rng.integers(10**7, 10**8))}" if sworn else "",
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
        rows.append((f"JJ{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4]))
            if FIRST <= d < b.late]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"JJT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
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
    policy = {"year": PLAN_YEAR, "seed": f"jiujiang-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 25])
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
