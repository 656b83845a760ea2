"""A twentieth held-out bureau generator (issue 9) · 第二十套独立生成的住建/城管执法局（柳州）.

Written from the contract (/work/shared/spec/bundle.md, rules.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's code; judged as a black box by
``bench/foreign2/run.py --generator bench/foreign20``. File-writing mechanics (check digit, staff, the files) follow
bench/foreign16; the families and their risk structures are this generator's own.

Every bureau is the city of 柳州 (广西): 450202 城中区, 450203 鱼峰区, 450204 柳南区, 450205 柳北区, 450206 柳江区,
450222 柳城县; city-level teams 450200. Plan year 2027, registers 2024-01-01 .. 2026-12-31 (a few credit records,
grades and triggers dated January 2027, which bundle.md / rules.md R-TIER allow). Each firm has a hidden logit per
month (2024-01 .. 2027-12); a site check finds a violation with that month's chance (times how hard the check looks).
``truth.csv`` holds ``p_violation``: the mean over 2027's twelve months of that chance.

Families (README.md tells each story in full):

* ``lab_fraud`` 检测机构/预拌混凝土 — a hidden quarter of labs fabricate reports. Routine checks see half of it; a
  2025 飞行检查 sees it all. The monitoring platform alarms on honest labs' real anomalies, seldom on fabricated
  clean curves (misleading). GRADE GAMED: the association's yearly self-evaluation, where fabricators score best.
* ``old_estates`` 老旧小区物业 — risk from estate age (by district), rising each month; complaints scale with
  households (size confounds), 维修资金 requests come from careful managers of old estates. NO GRADES.
* ``gas_winter`` 燃气 — pipe age, winter, 2025 ownership changes (strippers vs consolidators), rural LPG in two
  counties. GRADE RARE AND STALE: rated once in May 2024. A November 2026 柳南区 explosion brings a December
  campaign whose listings are dated January 2027.
* ``builder_cash`` 建筑施工 — a 2026 payment squeeze on builders exposed to private developers; 欠薪 referrals from
  人社 foretell it. Per-site checks: large firms rich history, micro thin. GRADE DERIVED FROM LAST YEAR'S FINDINGS
  each January (lags the squeeze).
* ``night_dumping`` 渣土/城管 — dry-season night dumping, worst on the peri-urban edge; complaints follow residents'
  habits by district (misleading); GPS alarms informative until dumpers move to unmonitored trucks in 2026.
  GRADE IN A TWO-DISTRICT PILOT only, from points.
* ``presale_funds`` 房地产开发 — developers fall into distress at random months (some only in 2027); escrow alarms
  are timely, homebuyer complaints lag, distressed firms file more 预售 requests. GRADE POLITICAL: state-owned
  developers always A, others by last year's complaints and bad records.
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
FAMILIES = ("lab_fraud", "old_estates", "gas_winter", "builder_cash", "night_dumping", "presale_funds")

CITY = "450200"
DISTRICTS = {"450202": "城中区", "450203": "鱼峰区", "450204": "柳南区", "450205": "柳北区", "450206": "柳江区",
             "450222": "柳城县"}
_CENTRE = {"450202": (24.32, 109.41), "450203": (24.30, 109.45), "450204": (24.30, 109.38),
           "450205": (24.38, 109.40), "450206": (24.26, 109.33), "450222": (24.65, 109.24)}
_TOWNS = {"450202": ("城中街道", "公园街道", "中南街道", "潭中街道", "河东街道"),
          "450203": ("天马街道", "驾鹤街道", "箭盘山街道", "五里亭街道", "白沙街道", "阳和街道"),
          "450204": ("河西街道", "南站街道", "鹅山街道", "柳南街道", "潭西街道", "太阳村镇"),
          "450205": ("解放街道", "雅儒街道", "胜利街道", "白露街道", "锦绣街道", "沙塘镇"),
          "450206": ("拉堡镇", "进德镇", "穿山镇", "成团镇", "百朋镇"),
          "450222": ("大埔镇", "龙头镇", "太平镇", "沙埔镇", "东泉镇", "凤山镇")}
_ROADS = ("文惠路", "龙城路", "五一路", "潭中东路", "桂中大道", "燎原路", "航银路", "柳石路", "跃进路", "北雀路",
          "屏山大道", "东环大道", "柳长路", "瑞安路")
AGENCIES = {"lz-zj": "柳州市住房和城乡建设局", "lz-cg": "柳州市城市管理行政执法局", "lz-zaz": "柳州市建设工程质量安全监督站",
            "lz-rq": "柳州市燃气管理处", "lz-fc": "柳州市房产管理局"}
HOME = {"construction": "lz-zaz", "real_estate": "lz-fc", "property_mgmt": "lz-fc", "gas": "lz-rq",
        "supervision": "lz-zaz", "survey_design": "lz-zj", "testing": "lz-zaz", "ready_mix": "lz-zaz",
        "municipal": "lz-cg", "other": "lz-cg"}
_ALL = ";".join(SECTORS)
ITEMS = (
    ("LZ-ZJ-001", "lz-zj", "建筑市场主体资质资格和市场行为检查", "《中华人民共和国建筑法》；《建筑业企业资质管理规定》", _ALL,
     "true"),
    ("LZ-ZJ-002", "lz-zj", "建设工程质量检测机构检查", "《建设工程质量检测管理办法》",
     "testing;ready_mix;supervision;survey_design", "true"),
    ("LZ-ZAZ-001", "lz-zaz", "房屋建筑和市政基础设施工程质量安全监督检查",
     "《建设工程安全生产管理条例》；《建设工程质量管理条例》",
     "construction;municipal;supervision;testing;ready_mix;other", "false"),
    ("LZ-FC-001", "lz-fc", "物业服务和住宅专项维修资金管理检查", "《物业管理条例》；《住宅专项维修资金管理办法》",
     "property_mgmt;real_estate;other", "true"),
    ("LZ-FC-002", "lz-fc", "商品房预售及预售资金监管检查", "《城市房地产开发经营管理条例》；《城市商品房预售管理办法》",
     "real_estate", "true"),
    ("LZ-RQ-001", "lz-rq", "燃气经营和燃气设施安全检查", "《城镇燃气管理条例》；《广西壮族自治区燃气管理条例》",
     "gas;municipal;property_mgmt;other", "true"),
    ("LZ-CG-001", "lz-cg", "建筑垃圾（渣土）运输处置执法检查", "《中华人民共和国固体废物污染环境防治法》；《城市建筑垃圾管理规定》",
     "construction;municipal;other;real_estate", "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("龙城", "柳江", "鱼峰", "马鞍", "立鱼", "窑埠", "驾鹤", "箭盘", "融水", "三江", "鹿寨", "柳宗", "桂中", "雀儿",
       "大龙潭", "都乐", "紫荆", "百朋")
_W2 = ("兴", "华", "盛", "安", "达", "信", "泰", "宏", "鑫", "联", "恒", "顺", "源", "建")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限公司", "supervision": "工程监理有限公司", "survey_design": "勘察设计有限公司",
           "testing": "工程检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "市政工程有限公司",
           "other": "运输服务部"}
_HEADS = {"micro": (1, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 2500)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
LATE = dt.date(PLAN_YEAR, 1, 25)  # the bundle is uploaded late in January: records up to here may exist
M = 48
YEARS = (2024, 2025, 2026)
T = np.arange(M)[None, :]
MONTH = np.arange(M) % 12 + 1


def uscc(first17: str) -> str:
    total = sum(_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + _CHARS[(31 - total % 31) % 31]


def sig(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, float)))


def month_of(day: dt.date) -> int:
    return (day.year - 2024) * 12 + day.month - 1


def rand_day(rng: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers(0, max((hi - lo).days, 0) + 1)))


def pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def per(values: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([table.get(str(v), default) for v in values])


def season(months: tuple[int, ...]) -> np.ndarray:
    return np.isin(MONTH, months).astype(float)[None, :]


def wander(rng: np.random.Generator, n: int, sd: float) -> np.ndarray:
    """A firm's month-to-month wander (AR(1), stationary sd about ``sd``)."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    for t in range(1, M):
        e[:, t] = 0.85 * e[:, t - 1] + rng.normal(0, sd * 0.53, n)
    return e


def by_rank(score: np.ndarray, shares: tuple[float, float, float, float]) -> np.ndarray:
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(np.cumsum(shares)[:3], q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             monitored: dict[str, float], districts: dict[str, float] | None = None) -> pd.DataFrame:
    dw = districts or {"450202": 0.15, "450203": 0.2, "450204": 0.2, "450205": 0.17, "450206": 0.16,
                       "450222": 0.12}
    sector = pick(rng, sectors, n)
    size = pick(rng, sizes, n)
    district = pick(rng, dw, n)
    town = np.array([_TOWNS[d][int(rng.integers(len(_TOWNS[d])))] for d in district], dtype=object)
    lo = np.array([_HEADS[s][0] for s in size], float)
    hi = np.array([_HEADS[s][1] for s in size], float)
    heads = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))).astype(int)
    age = 0.3 + rng.gamma(2.0, 5.0, n)
    ids, names, est, addr = [], [], [], []
    seen: set[str] = set()
    taken: set[str] = set()
    for i in range(n):
        code = ""
        while not code or code in seen:
            code = uscc(("92" if sector[i] == "other" and rng.random() < 0.4 else "91") + district[i]
                        + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        name = f"柳州市{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_SUFFIX[sector[i]]}"
        base, k = name, 1
        while name in taken:
            k += 1
            name = f"{base[:-4]}{k}{base[-4:]}" if base.endswith("有限公司") else f"{base}（{k}）"
        taken.add(name)
        names.append(name)
        est.append("" if rng.random() < 0.04 else (JAN1 - dt.timedelta(days=int(age[i] * 365.25))).isoformat())
        addr.append("" if rng.random() < 0.06 else
                    f"广西壮族自治区柳州市{DISTRICTS[district[i]]}{town[i]}{_ROADS[rng.integers(len(_ROADS))]}"
                    f"{int(rng.integers(1, 600))}号")
    lat = np.array([_CENTRE[d][0] for d in district]) + rng.normal(0, 0.03, n)
    lon = np.array([_CENTRE[d][1] for d in district]) + rng.normal(0, 0.03, n)
    no_geo = rng.random(n) < 0.2
    return pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": np.where(rng.random(n) < 0.1, "", heads.astype(str)), "established_on": est,
        "address": addr, "lat": np.where(no_geo, "", np.char.mod("%.5f", lat)),
        "lon": np.where(no_geo, "", np.char.mod("%.5f", lon)),
        "remote_monitoring": rng.random(n) < per(sector, monitored, 0.02)})


def bulk(f: pd.DataFrame) -> np.ndarray:
    """How much a firm runs (sites, households, deliveries) relative to a small firm."""
    return per(f["size"].to_numpy(), {"micro": 0.35, "small": 1.0, "medium": 2.5, "large": 6.0})


def entry(rng: np.random.Generator, n: int, share: float) -> np.ndarray:
    """First month in the register: most long before 2024, ``share`` during 2024-2026."""
    return np.where(rng.random(n) < share, rng.integers(2, 35, n), -100)


@dataclass
class Bureau:
    firms: pd.DataFrame
    z: np.ndarray
    since: np.ndarray
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

    def alive(self, i: int, day: dt.date, until: dt.date = JAN1) -> bool:
        return FIRST <= day < until and month_of(day) >= self.since[i]

    def p_year(self, year: int) -> np.ndarray:
        k = (year - 2024) * 12
        return sig(self.z[:, k:k + 12]).mean(axis=1)

    def check(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", eye: float = 1.0) -> None:
        if not self.alive(i, day):
            return
        p = min(0.95, float(sig(self.z[i, month_of(day)])) * eye)
        if rng.random() < p:
            outcome = "serious" if rng.random() < 0.05 + 0.3 * p else "violation"
            open_ = (JAN1 - day).days < 40 and rng.random() < 0.75  # deadline not reached at the export
            fixed = "" if open_ else ("true" if rng.random() < 0.9 - 0.55 * p else "false")
        else:
            outcome, fixed = ("minor" if rng.random() < 0.1 + 0.6 * p else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency or str(self.home[i])))

    def trig(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, agency: str = "",
             urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0, until: dt.date = JAN1) -> None:
        if not self.alive(i, day, until):
            return
        ag = agency or str(self.home[i])
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), ag))
        if rng.random() < follow:
            self.check(rng, i, day + dt.timedelta(days=int(rng.integers(3, 18))), ag, eye)

    def poisson(self, rng: np.random.Generator, rate: np.ndarray | float, lo: dt.date, hi: dt.date, kind: str,
                agency: str = "", urgent: float = 0.05, follow: float = 0.0, eye: float | np.ndarray = 1.0,
                until: dt.date = JAN1) -> None:
        k = rng.poisson(np.maximum(np.broadcast_to(rate, (self.n,)), 0.0))
        eyes = np.broadcast_to(eye, (self.n,))
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                self.trig(rng, int(i), rand_day(rng, lo, hi), kind, agency, urgent, follow, float(eyes[i]), until)

    def each_year(self, rng: np.random.Generator, rate: Callable[[int], np.ndarray], kind: str, agency: str = "",
                  urgent: float = 0.05, follow: float = 0.0, eye: float | np.ndarray = 1.0,
                  start: dt.date = FIRST) -> None:
        for year in YEARS:
            lo = max(dt.date(year, 1, 1), start)
            if lo < dt.date(year, 12, 31):
                frac = (dt.date(year, 12, 31) - lo).days / 364
                self.poisson(rng, rate(year) * frac, lo, dt.date(year, 12, 31), kind, agency, urgent, follow, eye)

    def sample(self, rng: np.random.Generator, share: float | np.ndarray, agency: str = "",
               eye: float | np.ndarray = 1.0, lo: tuple[int, int] = (3, 1), hi: tuple[int, int] = (12, 10)) -> None:
        """双随机一公开: each year a share of firms drawn and visited."""
        eyes = np.broadcast_to(eye, (self.n,))
        for year in YEARS:
            for i in np.flatnonzero(rng.random(self.n) < share):
                self.check(rng, int(i), rand_day(rng, dt.date(year, *lo), dt.date(year, *hi)), agency,
                           float(eyes[i]))

    def record(self, i: int, on: dt.date, kind: str, until: dt.date | None, note: str) -> None:
        if self.alive(i, on, LATE):
            self.records.append((i, on, kind, until, note))

    def penalties(self, rng: np.random.Generator, share: float, bad_note: str, serious_note: str,
                  repair: float = 0.3, listing: tuple[float, float] = (0.55, 0.1)) -> None:
        """Penalised findings → 不良 records (6 months–3 years); some serious unrectified → 严重失信; some rectified →
        信用修复. Decisions take 15–80 days, so late-2026 findings may be recorded in January 2027."""
        for i, day, outcome, fixed, _ in list(self.checks):
            if outcome not in ("violation", "serious") or rng.random() >= share:
                continue
            on = day + dt.timedelta(days=int(rng.integers(15, 80)))
            life = int(rng.choice([183, 365, 730, 1095], p=[0.3, 0.4, 0.2, 0.1]))
            self.record(i, on, "bad", None if rng.random() < 0.06 else on + dt.timedelta(days=life), bad_note)
            if outcome == "serious" and rng.random() < (listing[0] if fixed == "false" else listing[1]):
                self.record(i, on + dt.timedelta(days=int(rng.integers(7, 45))), "serious_dishonest",
                            on + dt.timedelta(days=1095), serious_note)
            elif fixed == "true" and life >= 365 and rng.random() < repair:
                self.record(i, on + dt.timedelta(days=int(rng.integers(90, 320))), "repair", None,
                            "信用修复：已完成整改并公开信用承诺")

    def honours(self, rng: np.random.Generator, good: np.ndarray | float, commend: np.ndarray | float,
                good_note: str, commend_note: str) -> None:
        for year in YEARS:
            for kind, rate, note in (("good", good, good_note), ("commendation", commend, commend_note)):
                for i in np.flatnonzero(rng.random(self.n) < np.broadcast_to(rate, (self.n,))):
                    on = rand_day(rng, dt.date(year, 1, 10), dt.date(year, 12, 20))
                    self.record(int(i), on, kind, None if rng.random() < 0.2 else on + dt.timedelta(days=1095), note)

    def rate_all(self, grade: np.ndarray, day: dt.date, who: np.ndarray | None = None) -> None:
        assert self.grades is not None
        ok = self.since <= month_of(day)
        if who is not None:
            ok &= who
        for i in np.flatnonzero(ok):
            self.grades.append((int(i), str(grade[i]), day))

    def points(self, day: dt.date, years: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """Points lost over the last ``years`` from findings, records in force and complaints; and who was seen."""
        lo = day - dt.timedelta(days=365 * years)
        pts = np.zeros(self.n)
        seen = np.zeros(self.n, bool)
        for i, on, outcome, fixed, _ in self.checks:
            if lo <= on < day:
                seen[i] = True
                pts[i] += {"compliant": 0.0, "minor": 2.0, "violation": 8.0, "serious": 16.0}[outcome]
                pts[i] += 6.0 if fixed == "false" else 0.0
        for i, on, kind, until, _ in self.records:
            if on < day and (until is None or until >= day):
                pts[i] += {"bad": 6.0, "serious_dishonest": 30.0, "good": -3.0, "commendation": -4.0,
                           "repair": -3.0}[kind]
        return pts, seen


def cut(pts: np.ndarray, edges: tuple[float, float, float]) -> np.ndarray:
    return np.select([pts < edges[0], pts < edges[1], pts < edges[2]], ["A", "B", "C"], "D").astype(object)


# ------------------------------------------------------------------------------------------- the families

def lab_fraud(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"testing": 0.45, "ready_mix": 0.35, "supervision": 0.12, "survey_design": 0.08},
                 {"micro": 0.2, "small": 0.45, "medium": 0.28, "large": 0.07},
                 {"testing": 0.75, "ready_mix": 0.6, "supervision": 0.2})
    s = f["sector"].to_numpy()
    fake = rng.random(n) < 0.25  # 出具虚假检测报告 / 降低配合比
    habit = rng.normal(0, 0.5, n)
    lost = rng.random(n) < 0.15  # 持证人员 poached in mid-2026: sloppier from July 2026
    rain = 0.3 * season((5, 6, 7, 8)) * (s == "ready_mix")[:, None]
    z = (-2.9 + 1.8 * fake[:, None] + habit[:, None] + 0.7 * (lost[:, None] & (T >= 30)) + rain
         + wander(rng, n, 0.25))
    b = Bureau(f, z, entry(rng, n, 0.06))
    eye = np.where(fake, 0.45, 1.0)  # a routine check reads the fabricated file and believes it
    b.sample(rng, 0.1, "lz-zaz", eye)
    for i in np.flatnonzero(rng.random(n) < 0.55):  # 2025 飞行检查: samples re-tested blind, nothing hides
        b.check(rng, int(i), rand_day(rng, dt.date(2025, 4, 7), dt.date(2025, 6, 27)), "lz-zj", 1.0)
    mon = f["remote_monitoring"].to_numpy(bool)
    # 检测监管平台: alarms on abnormal curves — honest labs' real scatter; fabricated data are too clean
    b.each_year(rng, lambda y: mon * np.where(fake, 0.2, 0.9 + 2.0 * b.p_year(y)), "data_monitoring", "lz-zj",
                urgent=0.1, follow=0.3, eye=eye)
    b.each_year(rng, lambda y: 0.15 + 0.6 * b.p_year(y) * per(s, {"ready_mix": 1.5}, 1.0), "complaint", "lz-zaz",
                urgent=0.05, follow=0.3, eye=eye)  # 施工方对检测报告/混凝土强度的异议
    b.poisson(rng, 0.5 * fake, dt.date(2026, 7, 1), dt.date(2026, 12, 31), "referral", "lz-zj", urgent=0.6,
              follow=0.8)  # 公安 伪造检测数据 cases from July 2026, a blind re-test follows
    b.each_year(rng, lambda y: 0.35 * np.ones(n), "enterprise_request", "lz-zj", urgent=0.0)  # 资质延续/增项
    b.penalties(rng, 0.65, "建设工程质量检测违法行为行政处罚", "列入建设工程质量检测严重失信名单")
    b.honours(rng, np.where(fake, 0.14, 0.05), 0.02 * bulk(f), "质量检测诚信示范单位（协会推荐）", "柳州市建设工程质量优秀检测机构")
    for year in YEARS:  # 协会 self-evaluation each March: fabricators present the tidiest files
        claim = -1.3 * fake + rng.normal(0, 0.8, n) - 0.3 * np.log(bulk(f)) + 0.5 * habit
        b.rate_all(by_rank(claim, (0.35, 0.4, 0.18, 0.07)), dt.date(year, 3, 18))
    return b


def old_estates(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"property_mgmt": 0.75, "real_estate": 0.05, "municipal": 0.08, "other": 0.12},
                 {"micro": 0.25, "small": 0.4, "medium": 0.25, "large": 0.1},
                 {"property_mgmt": 0.3, "municipal": 0.5})
    d = f["district_code"].to_numpy()
    house = bulk(f) * rng.gamma(2.5, 0.4, n)
    old = np.clip(rng.beta(2, 3, n) + per(d, {"450202": 0.25, "450205": 0.2, "450203": 0.1}), 0, 1)
    habit = rng.normal(0, 0.6, n)
    rain = 0.35 * season((4, 5, 6, 7, 8))  # 柳州 rains: leaks, flooded garages, lifts
    z = (-3.0 + 1.7 * old[:, None] + 0.025 * T * old[:, None] + habit[:, None] - 0.2 * np.log(house)[:, None]
         + rain + wander(rng, n, 0.2))
    b = Bureau(f, z, entry(rng, n, 0.05))
    b.sample(rng, 0.12, "lz-fc")
    b.each_year(rng, lambda y: 0.6 * house * (0.5 + 2.5 * b.p_year(y)), "complaint", "lz-fc", urgent=0.04,
                follow=0.12)  # 12345: households complain in proportion to their number
    b.each_year(rng, lambda y: 0.04 + 0.5 * b.p_year(y), "referral", "lz-fc", urgent=0.3, follow=0.6)  # 消防
    mon = f["remote_monitoring"].to_numpy(bool)
    b.each_year(rng, lambda y: mon * 1.2 * old * np.sqrt(house), "data_monitoring", "lz-fc", urgent=0.15,
                follow=0.2)  # 电梯应急平台: alarms follow the lifts' age, not the manager
    b.each_year(rng, lambda y: 0.8 * old * sig(-2.0 * habit), "enterprise_request", "lz-fc", urgent=0.0,
                follow=0.05)  # 维修资金使用申请: careful managers of old estates
    b.penalties(rng, 0.5, "物业服务违法违规行为记录", "列入物业服务严重失信名单")
    b.honours(rng, 0.06 * sig(-habit) * 2, 0.015 * bulk(f), "物业服务示范项目", "柳州市物业服务优秀企业")
    b.grades = None
    return b


def gas_winter(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"gas": 0.7, "municipal": 0.1, "property_mgmt": 0.1, "other": 0.1},
                 {"micro": 0.35, "small": 0.4, "medium": 0.18, "large": 0.07},
                 {"gas": 0.5, "municipal": 0.3})
    d = f["district_code"].to_numpy()
    gas = f["sector"].to_numpy() == "gas"
    pipes = rng.beta(2, 2, n)
    habit = rng.normal(0, 0.5, n)
    sold = gas & (rng.random(n) < 0.2)  # 2025-07 ownership changes
    strip = sold & (rng.random(n) < 0.5)
    owner = np.where(strip, 1.0, np.where(sold, -0.7, 0.0))[:, None] * (T >= 18)
    rural = per(d, {"450206": 0.35, "450222": 0.45})  # 瓶装液化气 in the counties
    winter = 0.5 * season((12, 1, 2)) + 0.2 * season((11, 3))
    z = (-2.6 + 1.5 * (pipes - 0.5)[:, None] + winter * gas[:, None] + owner + rural[:, None] + habit[:, None]
         - 0.3 * (~gas)[:, None] + wander(rng, n, 0.2))
    b = Bureau(f, z, entry(rng, n, 0.05))
    b.sample(rng, np.where(gas, 0.25, 0.08), "lz-rq")
    mon = f["remote_monitoring"].to_numpy(bool)
    b.each_year(rng, lambda y: mon * (0.1 + 4.0 * b.p_year(y)), "data_monitoring", "lz-rq", urgent=0.4, follow=0.4)
    b.poisson(rng, mon * 3.0 * sig(b.z[:, 36]) * 25 / 365, dt.date(2027, 1, 1), dt.date(2027, 1, 24),
              "data_monitoring", "lz-rq", urgent=0.5, until=LATE)  # January 2027 alarms, in the bundle
    b.each_year(rng, lambda y: (0.1 + 0.5 * b.p_year(y)) * bulk(f), "complaint", "lz-rq", urgent=0.1, follow=0.25)
    b.each_year(rng, lambda y: 0.4 * gas, "enterprise_request", "lz-rq", urgent=0.0)  # 经营许可证 renewals
    boom = dt.date(2026, 11, 8)  # 柳南区 explosion; 应急 refers and the bureau checks every gas firm there
    for i in np.flatnonzero(gas & (d == "450204")):
        b.trig(rng, int(i), rand_day(rng, dt.date(2026, 11, 10), dt.date(2026, 11, 25)), "referral", "lz-rq",
               urgent=0.7, follow=0.0)
        b.check(rng, int(i), rand_day(rng, dt.date(2026, 11, 26), dt.date(2026, 12, 28)), "lz-rq", 1.2)
    for i in np.flatnonzero(gas & (d != "450204") & (rng.random(n) < 0.3)):
        b.check(rng, int(i), rand_day(rng, boom + dt.timedelta(days=20), dt.date(2026, 12, 28)), "lz-rq", 1.1)
    b.penalties(rng, 0.7, "燃气经营违法行为行政处罚", "列入燃气行业严重失信主体名单", repair=0.2,
                listing=(0.8, 0.3))  # after the explosion, serious gas findings are listed
    b.honours(rng, 0.05 * sig(-2 * habit), 0.01 * bulk(f), "燃气安全管理标准化企业", "柳州市燃气行业安全生产先进单位")
    # the only official grading: May 2024, from that spring's 燃气安全评估 — tracked the risk then, never redone
    b.rate_all(by_rank(b.z[:, 4] + rng.normal(0, 0.5, n), (0.3, 0.4, 0.2, 0.1)), dt.date(2024, 5, 20))
    return b


def builder_cash(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.72, "municipal": 0.1, "supervision": 0.1, "other": 0.08},
                 {"micro": 0.3, "small": 0.4, "medium": 0.2, "large": 0.1},
                 {"construction": 0.3, "municipal": 0.25, "supervision": 0.1})
    sites = bulk(f) * rng.gamma(2.0, 0.6, n)
    private = rng.beta(2, 3, n)  # share of work for private developers
    habit = rng.normal(0, 0.6, n)
    ramp = np.clip((T - 28) / 8, 0, 1)  # unpaid bills bite from mid-2026, fully by 2027
    heat = 0.25 * season((6, 7, 8, 9))
    z = (-2.4 + habit[:, None] - 0.3 * np.log(sites)[:, None] + 1.6 * (private[:, None] - 0.3) * ramp + heat
         + wander(rng, n, 0.25))
    b = Bureau(f, z, entry(rng, n, 0.08))
    for year in YEARS:  # every site is supervised: checks per site, so big builders have long files
        k = rng.poisson(0.9 * sites)
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                b.check(rng, int(i), rand_day(rng, dt.date(year, 1, 10), dt.date(year, 12, 20)), "lz-zaz")
    busy = 0.6 * sites
    # 人社 欠薪 referrals: from the second half of 2025, who is not being paid foretells the squeeze
    b.each_year(rng, lambda y: (0.03 + {2024: 0.0, 2025: 0.3, 2026: 1.2}[y] * private ** 2) * np.sqrt(sites),
                "referral", "lz-zj", urgent=0.35, follow=0.3)
    b.each_year(rng, lambda y: 0.25 * busy, "complaint", "lz-cg", urgent=0.03, follow=0.1)  # 夜间施工噪声
    mon = f["remote_monitoring"].to_numpy(bool)
    b.each_year(rng, lambda y: mon * 2.5 * b.p_year(y) * np.sqrt(sites), "data_monitoring", "lz-zaz", urgent=0.3,
                follow=0.4)  # 塔吊/实名制 monitoring
    b.each_year(rng, lambda y: 0.5 * sites, "enterprise_request", "lz-zaz", urgent=0.0)  # 竣工验收/安全监督登记
    b.penalties(rng, 0.4, "建筑施工安全生产违法违规记录", "列入建筑市场严重失信主体名单")
    b.honours(rng, 0.04 * np.sqrt(sites), 0.01 * sites, "自治区安全文明标准化工地", "柳州市建筑业优秀企业")
    for year in YEARS:  # 质安站 信用评价 each January: last year's findings and records in force
        day = dt.date(year, 1, 20)
        pts, seen = b.points(day)
        g = cut(pts, (4, 12, 24))
        g[~seen & (g == "A")] = "B"  # not seen: the rule's default class
        b.rate_all(g, day)
    day = dt.date(2027, 1, 20)  # this year's, published after the register closed: inside the plan year
    pts, seen = b.points(day)
    g = cut(pts, (4, 12, 24))
    g[~seen & (g == "A")] = "B"
    b.rate_all(g, day)
    return b


def night_dumping(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"municipal": 0.35, "other": 0.4, "construction": 0.25},
                 {"micro": 0.45, "small": 0.35, "medium": 0.15, "large": 0.05},
                 {"municipal": 0.55, "other": 0.45, "construction": 0.3})
    d = f["district_code"].to_numpy()
    dumper = rng.beta(1.2, 3.5, n)
    edge = per(d, {"450206": 0.5, "450222": 0.3, "450204": 0.15})  # fields and ponds on the edge of town
    dry = 0.45 * season((10, 11, 12, 1, 2, 3))  # the dry season is the building season
    habit = rng.normal(0, 0.4, n)
    z = -2.9 + 3.0 * dumper[:, None] + edge[:, None] + dry + habit[:, None] + wander(rng, n, 0.3)
    b = Bureau(f, z, entry(rng, n, 0.1))
    voice = per(d, {"450202": 1.6, "450203": 1.2, "450204": 1.0, "450205": 1.0, "450206": 0.35, "450222": 0.2})
    b.each_year(rng, lambda y: voice * (0.15 + 2.5 * b.p_year(y)), "complaint", "lz-cg", urgent=0.1, follow=0.45)
    mon = f["remote_monitoring"].to_numpy(bool)
    hide = mon & (dumper > 0.35) & (rng.random(n) < 0.5)  # 2026: loads moved to unregistered trucks
    b.each_year(rng, lambda y: mon * (0.2 + 5.0 * b.p_year(y)) * np.where(hide & (y == 2026), 0.1, 1.0),
                "data_monitoring", "lz-cg", urgent=0.2, follow=0.35, start=dt.date(2025, 3, 1))  # 渣土车 GPS
    b.each_year(rng, lambda y: 0.05 + 0.3 * b.p_year(y), "referral", "lz-cg", urgent=0.2, follow=0.6)  # 生态环境
    b.each_year(rng, lambda y: 0.7 * (1 - dumper) ** 2, "enterprise_request", "lz-cg", urgent=0.0)  # 处置证核准
    b.sample(rng, 0.15, "lz-cg")
    b.penalties(rng, 0.8, "建筑垃圾违规倾倒行政处罚", "列入建筑垃圾运输处置严重失信名单", repair=0.4)
    b.honours(rng, 0.04, 0.004, "渣土运输规范企业", "柳州市市容环境先进单位")
    pilot = np.isin(d, ["450202", "450203"])  # 信用分级 pilot, each September, two districts only
    for year in YEARS:
        day = dt.date(year, 9, 15)
        pts, _ = b.points(day)
        for i, on, kind, _, _ in b.triggers:
            if kind == "complaint" and day - dt.timedelta(days=365) <= on < day:
                pts[i] += 3.0
        b.rate_all(cut(pts, (3, 10, 20)), day, pilot)
    return b


def presale_funds(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"real_estate": 0.82, "property_mgmt": 0.08, "other": 0.1},
                 {"micro": 0.15, "small": 0.4, "medium": 0.3, "large": 0.15},
                 {"real_estate": 0.55})
    s = f["sector"].to_numpy()
    dev = s == "real_estate"
    soe = dev & (rng.random(n) < per(f["size"].to_numpy(), {"large": 0.45, "medium": 0.15}, 0.03))
    start = np.where(rng.random(n) < np.where(soe, 0.12, 0.32), rng.integers(8, 46, n), 99)  # month distress begins
    start = np.where(dev, start, 99)
    distress = (start[:, None] <= T).astype(float) * np.clip((T - start[:, None] + 1) / 4, 0, 1)
    habit = rng.normal(0, 0.5, n)
    z = -3.0 + 2.2 * distress + habit[:, None] + wander(rng, n, 0.2)
    b = Bureau(f, z, entry(rng, n, 0.04))
    b.sample(rng, 0.05, "lz-fc")
    mon = f["remote_monitoring"].to_numpy(bool)
    for i in np.flatnonzero(dev):  # 预售资金监管账户 alarms: monthly, timely
        for m in range(36):
            rate = (0.3 if m >= start[i] else 0.01) * mon[i]
            if m >= 14 and rng.random() < rate:
                b.trig(rng, int(i), dt.date(2024 + m // 12, m % 12 + 1, int(rng.integers(1, 28))),
                       "data_monitoring", "lz-fc", urgent=0.3, follow=0.25)
    loud = 0.5 + 0.5 * np.sqrt(bulk(f))
    for i in np.flatnonzero(dev):  # homebuyers complain once 交房 slips, 9+ months after distress begins
        for m in range(36):
            late = m >= start[i] + 9
            if rng.random() < (0.5 if late else 0.02) * loud[i]:
                b.trig(rng, int(i), dt.date(2024 + m // 12, m % 12 + 1, int(rng.integers(1, 28))), "complaint",
                       "lz-fc", urgent=0.1 if late else 0.02, follow=0.2)
    b.each_year(rng, lambda y: 0.02 + 0.3 * (b.p_year(y) > 0.2) * bulk(f) / 6, "referral", "lz-fc", urgent=0.5,
                follow=0.6)  # 信访 referrals for the big failures
    want = np.where(dev, 0.4 * bulk(f) ** 0.5, 0.1)
    b.each_year(rng, lambda y: want * (1.0 + 0.8 * (start < (y - 2024 + 1) * 12)), "enterprise_request", "lz-fc",
                urgent=0.0)  # 预售许可 / 资金拨付 requests: distressed firms need cash
    b.penalties(rng, 0.6, "房地产开发经营违法违规行为记录", "列入房地产领域严重失信名单")
    b.honours(rng, 0.03 + 0.1 * soe, 0.05 * soe + 0.005, "诚信开发企业", "广西优质工程（鲁班奖）参建单位")
    for year in YEARS:  # each June: 国企 A by rule; others from last year's complaints and records
        day = dt.date(year, 6, 10)
        pts, _ = b.points(day)
        for i, on, kind, _, _ in b.triggers:
            if kind == "complaint" and day - dt.timedelta(days=365) <= on < day:
                pts[i] += 2.0
        g = cut(pts, (2, 8, 18))
        g[soe] = "A"
        b.rate_all(g, day, dev)
    for i in np.flatnonzero(dev & (start <= 33) & (rng.random(n) < 0.35)):  # December's 交付逾期 decisions
        on = rand_day(rng, dt.date(2027, 1, 4), dt.date(2027, 1, 22))
        b.record(int(i), on, "bad", on + dt.timedelta(days=365), "商品房逾期交付行政处罚（2027年1月公示）")
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "lab_fraud": lab_fraud, "old_estates": old_estates, "gas_winter": gas_winter, "builder_cash": builder_cash,
    "night_dumping": night_dumping, "presale_funds": presale_funds}


# ------------------------------------------------------------------------------------------- files

def staff(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    teams, officers, away = [], [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            team = f"{ag}-{d}"
            teams.append((team, ag, d, 5 if d == CITY else 2))
            roles = ("enforcement",) * (6 if d == CITY else 4) + ("auxiliary", "legal_review")
            for k, role in enumerate(roles):
                sworn = role == "enforcement"
                oid = f"{team}-{k:02d}"
                officers.append((oid, f"{DISTRICTS.get(d, '市本级')}{AGENCIES[ag][3:6]}队员{k:02d}", team, role,
                                 f"桂{int(rng.integers(10**7, 10**8))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2031))}-{int(rng.integers(1, 13)):02d}-15" if sworn else "",
                                 "" if rng.random() < 0.12 else int(rng.integers(30, 100)),
                                 "" if not sworn or rng.random() < 0.5 else int(rng.integers(30, 70))))
                if rng.random() < 0.15:
                    lo = rand_day(rng, dt.date(2027, 1, 10), dt.date(2027, 11, 20))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(3, 30)))).isoformat(),
                                 str(rng.choice(["年休假", "产假", "自治区住建厅集中培训", "抽调城市更新专班"]))))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]),
            pd.DataFrame(away, columns=["officer_id", "start_on", "end_on", "reason"]))


def write(b: Bureau, rng: np.random.Generator, folder: Path, family: str) -> None:
    f = b.firms
    folder.mkdir(parents=True)
    ent = f.copy()
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
        team = f"{ag}-{dist[i] if rng.random() < 0.75 else CITY}"
        pair = sorted(int(x) for x in rng.choice(4, size=2, replace=False))
        rows.append((f"LZ{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4])) if FIRST <= d < LATE]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"LZT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if FIRST <= d < LATE]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0])) if d < LATE]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))],
            str(rng.choice(["配偶在该企业任职", "曾为该企业法律顾问", "与法定代表人系同学关系"])))
           for _ in range(max(5, len(ids) // 250))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")
    policy = {"year": PLAN_YEAR, "seed": f"liuzhou-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 20])
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
