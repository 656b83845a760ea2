"""A nineteenth held-out bureau generator (issue 9) · 第十九套独立生成的住建/城管执法局（襄阳）.

Written from the contract (/work/shared/spec/bundle.md, rules.md) and the harness's interface
(bench/foreign2/run.py ``use_generator``) without reading the product's risk model; judged as a black box by
``bench/foreign2/run.py --generator bench/foreign19``.

Every bureau is the city of 襄阳 (420602 襄城区, 420606 樊城区, 420607 襄州区, 420625 谷城县, 420682 老河口市,
420683 枣阳市; city-level teams 420600), plan year 2027, registers 2024-01-01 .. 2026-12-31 (some credit records
and triggers of January 2027, as a bundle uploaded in mid-January holds). Each firm has a hidden logit per month
(2024-01 .. 2027-12); a site check finds a violation with the chance that month's logit gives (times how hard the
team looks). ``truth.csv`` beside the bundle holds ``p_violation``: the mean over 2027's twelve months of that chance.

Families (README.md tells each story in full):

* ``lift_upkeep`` 电梯维保 — property firms' risk follows their lift-maintenance contractor (cheap / usual / sound),
  a fifth of whom switch in July 2026. GRADE: the bureau's own December points rule from that year's inspection
  findings (derived from inspections, lagged a year). Complaints and lift-IoT alarms scale with the number of estates.
* ``presale_escrow`` 预售资金监管 — developers' hidden leverage; the over-levered slide into stress from mid-2025.
  GRADE: the provincial platform's April rating by 资质/scale (big developers rated A: gamed). Thin history;
  fund-release requests and buyers' complaints carry the stress; 失信被执行人 records dated January 2027.
* ``lab_fraud`` 检测数据造假 — labs and batching plants with a hidden fraud habit; a 2026 Q4 crackdown stops some.
  NO GRADES. Rich history of 飞行检查, but one county's team is captured (finds little). The data platform's
  anomaly flags are misleading (volume-driven, frauds keep tidy data); 质监站 re-test referrals are honest.
* ``gas_mains`` 管道燃气 — pipe age (founding year), old-town districts, winter; a 2026 H2 replacement programme
  in two districts (announced by enterprise requests) lowers 2027 risk. GRADE: one campaign in June 2024 only,
  tracking risk then, never redone. Leak alarms informative; complaints are about bills.
* ``wage_arrears`` 农民工工资 — builders' arrears habit, peaking at Spring Festival; GRADE: the platform's
  half-yearly mechanical rule from live credit records, gamed by fast 信用修复 repairs. Records and complaints of
  January 2027 are in the bundle.
* ``newcomers`` 新设经纪/物业主体 — two in five firms registered during 2024-2026 with no history; risk high while
  young; shell firms cluster in the 高新区 part of 樊城; new firms get a default B on registration. GRADE: a March
  2025 assessment of the firms then existing, tracking.
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
FAMILIES = ("lift_upkeep", "presale_escrow", "lab_fraud", "gas_mains", "wage_arrears", "newcomers")

CITY = "420600"
DISTRICTS = {"420602": "襄城区", "420606": "樊城区", "420607": "襄州区", "420625": "谷城县", "420682": "老河口市",
             "420683": "枣阳市"}
_CENTRE = {"420602": (32.01, 112.13), "420606": (32.05, 112.13), "420607": (32.09, 112.21),
           "420625": (32.26, 111.65), "420682": (32.38, 111.67), "420683": (32.13, 112.77)}
_TOWNS = {"420602": ("古城街道", "庞公街道", "檀溪街道", "隆中街道", "卧龙镇", "欧庙镇"),
          "420606": ("汉江街道", "中原街道", "米公街道", "屏襄门街道", "牛首镇", "太平店镇", "团山镇"),
          "420607": ("张湾街道", "双沟镇", "张家集镇", "黄集镇", "伙牌镇", "古驿镇"),
          "420625": ("城关镇", "石花镇", "盛康镇", "庙滩镇", "五山镇"),
          "420682": ("酂阳街道", "光化街道", "李楼街道", "孟楼镇", "竹林桥镇"),
          "420683": ("北城街道", "南城街道", "环城街道", "兴隆镇", "吴店镇", "太平镇")}
_ROADS = ("长虹路", "春园路", "人民路", "丹江路", "檀溪路", "胜利街", "航空路", "前进路", "长征路", "大庆路",
          "卧龙大道", "襄州大道", "光彩大道", "中原路", "诸葛亮广场路")
AGENCIES = {"xy-zj": "襄阳市住房和城乡建设局", "xy-cg": "襄阳市城市管理执法委员会",
            "xy-az": "襄阳市建设工程质量安全监督站", "xy-rq": "襄阳市城市燃气管理处",
            "xy-fg": "襄阳市房产交易和物业管理中心"}
HOME = {"construction": "xy-az", "real_estate": "xy-fg", "property_mgmt": "xy-fg", "gas": "xy-rq",
        "supervision": "xy-az", "survey_design": "xy-zj", "testing": "xy-az", "ready_mix": "xy-az",
        "municipal": "xy-cg", "other": "xy-cg"}
_ALL = ";".join(SECTORS)
ITEMS = (
    ("XY-ZJ-01", "xy-zj", "建筑市场行为及企业资质动态核查", "《中华人民共和国建筑法》；《建设工程勘察设计管理条例》", _ALL, "true"),
    ("XY-ZJ-02", "xy-zj", "建设工程质量检测机构及预拌混凝土企业检查", "《建设工程质量检测管理办法》；《建设工程质量管理条例》",
     "testing;ready_mix;supervision", "false"),
    ("XY-AZ-01", "xy-az", "房屋建筑和市政基础设施工程质量安全监督检查", "《建设工程安全生产管理条例》；《湖北省建设工程质量安全管理条例》",
     "construction;municipal;supervision;testing;ready_mix;real_estate;other", "false"),
    ("XY-AZ-02", "xy-az", "农民工工资支付情况检查", "《保障农民工工资支付条例》", "construction;municipal;real_estate",
     "true"),
    ("XY-FG-01", "xy-fg", "商品房预售及预售资金监管检查", "《城市房地产开发经营管理条例》；《城市商品房预售管理办法》",
     "real_estate", "true"),
    ("XY-FG-02", "xy-fg", "物业服务及共用设施设备维护检查", "《物业管理条例》；《湖北省物业服务和管理条例》；《特种设备安全法》",
     "property_mgmt;real_estate;other", "false"),
    ("XY-FG-03", "xy-fg", "房地产经纪机构经营行为检查", "《房地产经纪管理办法》", "other;real_estate;property_mgmt;survey_design",
     "true"),
    ("XY-RQ-01", "xy-rq", "燃气经营及用户设施安全检查", "《城镇燃气管理条例》；《湖北省燃气管理条例》",
     "gas;municipal;other;property_mgmt", "true"),
    ("XY-CG-01", "xy-cg", "市政公用设施及城市管理执法检查", "《城市市容和环境卫生管理条例》；《城市道路管理条例》", _ALL, "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("襄", "汉水", "隆中", "岘山", "鹿门", "檀溪", "米公", "夫人城", "樊城", "荆楚", "卧龙", "汉江", "鄂北", "唐白河", "武当",
       "南漳", "古隆", "楚都", "光化")
_W2 = ("兴", "恒", "达", "瑞", "信", "安", "丰", "华", "鑫", "凯", "顺", "德", "宏", "佳")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "置业有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限公司", "supervision": "建设监理有限公司", "survey_design": "勘察设计院有限公司",
           "testing": "建设工程检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "市政工程有限公司",
           "other": "房地产经纪有限公司"}
_HEADS = {"micro": (1, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 2500)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
CUTOFF = dt.date(2027, 1, 20)  # the bundle is exported on 20 January 2027: credit records and triggers up to then
M = 48
YEARS = (2024, 2025, 2026)
MONTH = np.arange(M) % 12 + 1


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


def in_month(rng: np.random.Generator, m: int) -> dt.date:
    return first_day(m) + dt.timedelta(days=int(rng.integers(0, 28)))


def pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def per(values: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([table.get(str(v), default) for v in values])


def months(*which: int) -> np.ndarray:
    return np.isin(MONTH, which).astype(float)[None, :]


def from_month(m: int) -> np.ndarray:
    return (np.arange(M) >= m).astype(float)[None, :]


def wander(rng: np.random.Generator, n: int, sd: float, rho: float = 0.85) -> np.ndarray:
    """A firm's logit wandering month to month (AR(1) with stationary sd ``sd``)."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    k = sd * np.sqrt(1 - rho ** 2)
    for t in range(1, M):
        e[:, t] = rho * e[:, t - 1] + rng.normal(0, k, n)
    return e


def by_rank(score: np.ndarray, shares: tuple[float, float, float, float]) -> np.ndarray:
    """A/B/C/D by rank of ``score`` (lowest = A) in the given shares."""
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(np.cumsum(shares)[:3], q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             monitored: dict[str, float], since: np.ndarray, districts: dict[str, float] | None = None,
             age: tuple[float, float] = (2.0, 5.0)) -> pd.DataFrame:
    """检查对象名录库. A firm entering the register during 2024-26 (``since`` ≥ 0) was founded then."""
    dw = districts or {"420602": 0.2, "420606": 0.27, "420607": 0.17, "420625": 0.1, "420682": 0.1, "420683": 0.16}
    sector = pick(rng, sectors, n)
    size = pick(rng, sizes, n)
    district = pick(rng, dw, n)
    town = np.array([_TOWNS[d][int(rng.integers(len(_TOWNS[d])))] for d in district], dtype=object)
    lo = np.array([_HEADS[s][0] for s in size], float)
    hi = np.array([_HEADS[s][1] for s in size], float)
    heads = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))).astype(int)
    years = 0.3 + rng.gamma(age[0], age[1], n)
    founded = []
    for i in range(n):
        if since[i] >= 0:
            founded.append(first_day(int(since[i])) - dt.timedelta(days=int(rng.integers(0, 40))))
        else:
            founded.append(dt.date(2024, 1, 1) - dt.timedelta(days=int(max(years[i], 0.2) * 365.25)))
    ids, names, est, addr = [], [], [], []
    seen: set[str] = set()
    taken: set[str] = set()
    for i in range(n):
        code = ""
        while not code or code in seen:
            code = uscc("91" + district[i] + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        place = DISTRICTS[district[i]].rstrip("区市县")
        base = f"襄阳{place}{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_SUFFIX[sector[i]]}"
        name, k = base, 1
        while name in taken:
            k += 1
            name = f"{base[:-4]}第{k}{base[-4:]}"
        taken.add(name)
        names.append(name)
        est.append("" if rng.random() < 0.04 else founded[i].isoformat())
        addr.append("" if rng.random() < 0.06 else
                    f"湖北省襄阳市{DISTRICTS[district[i]]}{town[i]}{_ROADS[rng.integers(len(_ROADS))]}"
                    f"{int(rng.integers(1, 800))}号")
    lat = np.array([_CENTRE[d][0] for d in district]) + rng.normal(0, 0.03, n)
    lon = np.array([_CENTRE[d][1] for d in district]) + rng.normal(0, 0.04, n)
    no_geo = rng.random(n) < 0.2
    return pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": np.where(rng.random(n) < 0.1, "", heads.astype(str)), "established_on": est,
        "address": addr, "lat": np.where(no_geo, "", np.char.mod("%.5f", lat)),
        "lon": np.where(no_geo, "", np.char.mod("%.5f", lon)),
        "remote_monitoring": rng.random(n) < per(sector, monitored, 0.02), "_town": town,
        "_founded": founded})


def bulk(f: pd.DataFrame) -> np.ndarray:
    """How much a firm handles (estates, sites, tests, customers) relative to a small firm."""
    return per(f["size"].to_numpy(), {"micro": 0.35, "small": 1.0, "medium": 2.5, "large": 6.0})


def entry(rng: np.random.Generator, n: int, share: float, lo: int = 1, hi: int = 36) -> np.ndarray:
    return np.where(rng.random(n) < share, rng.integers(lo, hi, n), -1000)


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

    def alive(self, i: int, day: dt.date) -> bool:
        return FIRST <= day <= CUTOFF and month_of(day) >= self.since[i]

    def p(self, m: int) -> np.ndarray:
        return sig(self.z[:, m])

    def p_year(self, year: int) -> np.ndarray:
        k = (year - 2024) * 12
        return sig(self.z[:, k:k + 12]).mean(axis=1)

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", eye: float = 1.0) -> str:
        if not self.alive(i, day) or day >= JAN1:
            return ""
        p = min(0.97, float(sig(self.z[i, month_of(day)])) * eye)
        if rng.random() < p:
            outcome = "serious" if rng.random() < 0.05 + 0.3 * p else "violation"
            late = (JAN1 - day).days < 40 and rng.random() < 0.75
            fixed = "" if late or rng.random() < 0.06 else ("true" if rng.random() < 0.9 - 0.5 * p else "false")
        else:
            outcome, fixed = ("minor" if rng.random() < 0.1 + 0.6 * p else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency or str(self.home[i])))
        return outcome

    def plan_checks(self, rng: np.random.Generator, share: Callable[[int], np.ndarray] | np.ndarray | float,
                    agency: str = "", eye: np.ndarray | float = 1.0, season: np.ndarray | None = None) -> None:
        """The annual 双随机 plan: each firm checked with chance ``share`` a year, month weighted by ``season``."""
        w = np.ones(12) if season is None else np.asarray(season, float)
        w = w / w.sum()
        eyes = np.broadcast_to(np.asarray(eye, float), (self.n,))
        for year in YEARS:
            s = share(year) if callable(share) else share
            hit = rng.random(self.n) < np.broadcast_to(np.asarray(s, float), (self.n,))
            for i in np.flatnonzero(hit):
                m = (year - 2024) * 12 + int(rng.choice(12, p=w))
                self.inspect(rng, int(i), in_month(rng, m), agency, float(eyes[i]))

    def trigger(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, agency: str = "",
                urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0) -> None:
        if not self.alive(i, day):
            return
        ag = agency or str(self.home[i])
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), ag))
        if rng.random() < follow:
            self.inspect(rng, i, day + dt.timedelta(days=int(rng.integers(1, 15))), ag, eye)

    def monthly(self, rng: np.random.Generator, rate: Callable[[int], np.ndarray], kind: str, agency: str = "",
                urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0, start: int = 0, stop: int = 36) -> None:
        """Poisson(rate(m)) triggers per firm in month m for m in [start, stop)."""
        for m in range(start, stop):
            k = rng.poisson(np.maximum(np.broadcast_to(rate(m), (self.n,)), 0.0))
            for i in np.flatnonzero(k):
                for _ in range(int(k[i])):
                    d = in_month(rng, m)
                    if d <= CUTOFF:
                        self.trigger(rng, int(i), d, kind, agency, urgent, follow, eye)

    def record(self, i: int, on: dt.date, kind: str, until: dt.date | None, note: str) -> None:
        if self.alive(i, on):
            self.records.append((i, on, kind, until, note))

    def records_from_findings(self, rng: np.random.Generator, share: float, bad: str, dishonest: str,
                              repair: float = 0.25, blank_expiry: float = 0.1) -> None:
        """行政处罚 → 不良信用信息; a serious case may land on the 严重失信 list; some repair later."""
        for i, day, outcome, _, _ in list(self.checks):
            if outcome not in ("violation", "serious") or rng.random() > share:
                continue
            on = day + dt.timedelta(days=int(rng.integers(20, 90)))
            if outcome == "serious" and rng.random() < 0.3:
                until = None if rng.random() < 0.3 else on + dt.timedelta(days=365 * 3)
                self.record(i, on, "serious_dishonest", until, dishonest)
            else:
                until = None if rng.random() < blank_expiry else on + dt.timedelta(
                    days=int(rng.choice([183, 365, 730, 1095])))
                self.record(i, on, "bad", until, bad)
            if rng.random() < repair:
                self.record(i, on + dt.timedelta(days=int(rng.integers(90, 400))), "repair", None,
                            "信用修复（已履行行政处罚决定）")

    def honours(self, rng: np.random.Generator, good: np.ndarray | float, commend: np.ndarray | float,
                good_note: str, commend_note: str) -> None:
        for year in YEARS:
            for kind, rate, note in (("good", good, good_note), ("commendation", commend, commend_note)):
                hit = rng.random(self.n) < np.broadcast_to(np.asarray(rate, float), (self.n,))
                for i in np.flatnonzero(hit):
                    on = rand_day(rng, dt.date(year, 3, 1), dt.date(year, 12, 20))
                    until = None if rng.random() < 0.15 else on + dt.timedelta(days=365 * 3)
                    self.record(int(i), on, kind, until, note)

    def rate_all(self, day: dt.date, grades: np.ndarray, who: np.ndarray | None = None) -> None:
        assert self.grades is not None
        m = month_of(day)
        for i in np.flatnonzero((self.since <= m) & (np.ones(self.n, bool) if who is None else who)):
            self.grades.append((int(i), str(grades[i]), day))


# ------------------------------------------------------------------------------------------ families

def lift_upkeep(rng: np.random.Generator, n: int) -> Bureau:
    """电梯/消防设施维保: a property firm is as good as its maintenance contractor."""
    since = entry(rng, n, 0.05)
    f = register(rng, n, {"property_mgmt": 0.7, "real_estate": 0.1, "other": 0.1, "municipal": 0.1},
                 {"micro": 0.2, "small": 0.45, "medium": 0.25, "large": 0.1},
                 {"property_mgmt": 0.45, "real_estate": 0.2, "municipal": 0.15}, since)
    vol = bulk(f)
    contractor = rng.choice(3, size=n, p=[0.3, 0.45, 0.25])  # 0 cheap, 1 usual, 2 sound
    c_eff = np.array([1.1, 0.0, -0.7])
    switch = rng.random(n) < 0.2
    new_c = np.where(contractor == 0, rng.choice(3, size=n, p=[0.1, 0.4, 0.5]), rng.choice(3, size=n, p=[0.5, 0.3, 0.2]))
    after = from_month(30)  # July 2026
    cnow = np.where(switch[:, None] & (after > 0), new_c[:, None], contractor[:, None])
    habit = rng.normal(0, 0.55, n)
    old_estates = per(f["district_code"].to_numpy(), {"420602": 0.35, "420606": 0.25}, 0.0)
    z = (-2.5 + c_eff[cnow] + habit[:, None] + old_estates[:, None] + 0.12 * np.log(vol)[:, None]
         + 0.25 * months(6, 7, 8) + wander(rng, n, 0.3))
    b = Bureau(f, z, since)
    sec = f["sector"].to_numpy()
    b.plan_checks(rng, np.where(sec == "property_mgmt", 0.28, 0.1), "xy-fg")
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * vol * (0.03 + 0.25 * b.p(m)), "data_monitoring", "xy-fg", urgent=0.3,
              follow=0.15, stop=37)  # 电梯物联网 困人/故障 alarms: counted per lift, so per estate
    b.monthly(rng, lambda m: vol * (0.04 + 0.12 * b.p(m)), "complaint", "xy-fg", urgent=0.04, follow=0.2,
              stop=37)  # 12345 residents
    b.monthly(rng, lambda m: 0.08 * b.p(m) * np.sqrt(vol), "referral", "xy-fg", urgent=0.4, follow=0.8)  # 市场监管 特种设备
    for i in np.flatnonzero(switch):  # 维保合同变更备案
        b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 6, 1), dt.date(2026, 7, 31)), "enterprise_request",
                  "xy-fg", urgent=0.0, follow=0.1)
    b.monthly(rng, lambda m: np.full(n, 0.02), "enterprise_request", "xy-fg", urgent=0.0)
    b.records_from_findings(rng, 0.55, "物业服务行政处罚（电梯维保不到位）", "列入物业服务领域严重失信名单")
    b.honours(rng, 0.12 * (contractor == 2) + 0.02, 0.01 * (vol > 2), "襄阳市物业服务示范项目", "湖北省物业管理优秀住宅小区")
    # the bureau's December points rule from the year's own findings; unseen firms keep last year's grade (B first)
    last = np.full(n, "B", dtype=object)
    for year in YEARS:
        pts = np.full(n, np.nan)
        for i, day, outcome, _, _ in b.checks:
            if day.year == year:
                pts[i] = (100 if np.isnan(pts[i]) else pts[i]) - {"compliant": 0, "minor": 6, "violation": 18,
                                                                  "serious": 35}[outcome]
        for i, day, kind, _, _ in b.records:
            if day.year == year and kind in ("good", "commendation") and not np.isnan(pts[i]):
                pts[i] += 5
        g = np.select([pts >= 100, pts >= 90, pts >= 75], ["A", "B", "C"], "D").astype(object)
        last = np.where(np.isnan(pts), last, g)
        b.rate_all(dt.date(year, 12, 18), last)
    return b


def presale_escrow(rng: np.random.Generator, n: int) -> Bureau:
    """商品房预售资金监管: hidden leverage; the over-levered slide into stress from mid-2025."""
    since = entry(rng, n, 0.04)
    f = register(rng, n, {"real_estate": 0.75, "construction": 0.15, "property_mgmt": 0.1},
                 {"micro": 0.1, "small": 0.4, "medium": 0.35, "large": 0.15},
                 {"real_estate": 0.6, "construction": 0.2}, since, age=(3.0, 4.0))
    vol = bulk(f)
    sec = f["sector"].to_numpy()
    dev = sec == "real_estate"
    lev = np.clip(rng.beta(2, 3, n) + 0.05 * np.log(vol), 0, 1)  # big developers borrow more
    t = np.arange(M)[None, :]
    ramp = np.clip((t - 18) / 18, 0, 1)  # 2025-07 .. 2026-12, then stays
    stressed = dev & (lev > 0.5)
    stress = stressed[:, None] * ramp * (0.8 + 1.6 * (lev[:, None] - 0.5))
    county = per(f["district_code"].to_numpy(), {"420625": 0.3, "420682": 0.3, "420683": 0.2}, 0.0)
    z = (-3.1 + 2.2 * lev[:, None] * dev[:, None] + 1.6 * stress + county[:, None] + rng.normal(0, 0.4, n)[:, None]
         + wander(rng, n, 0.25))
    b = Bureau(f, z, since)
    b.plan_checks(rng, np.where(dev, 0.07, 0.05))  # thin
    b.monthly(rng, lambda m: dev * (0.1 + 0.4 * stress[:, m]) * np.sqrt(vol), "enterprise_request", "xy-fg",
              urgent=0.0, follow=0.03, stop=37)  # 预售资金拨付申请: stressed firms draw down faster
    b.monthly(rng, lambda m: dev * vol * (0.005 + 0.07 * stress[:, max(m - 3, 0)]), "complaint", "xy-fg",
              urgent=0.1, follow=0.25, stop=37)  # buyers: 停工/逾期交房, months after the stress
    b.monthly(rng, lambda m: dev * 0.05 * stress[:, m] ** 2, "referral", "xy-fg", urgent=0.6, follow=0.7)  # 监管银行
    b.monthly(rng, lambda m: f["remote_monitoring"].to_numpy(bool) * 0.02 * np.ones(n), "data_monitoring",
              "xy-fg", urgent=0.0, follow=0.1)  # 网签备案 system glitches: noise
    b.monthly(rng, lambda m: (~dev) * 0.04 * b.p(m) * vol, "complaint", "", urgent=0.05, follow=0.3)
    b.records_from_findings(rng, 0.7, "房地产开发经营行政处罚", "列入房地产领域严重失信主体名单", repair=0.15)
    # 法院 失信被执行人 and 逾期交房 records of the most stressed, early January 2027 (the bundle's export)
    end = stress[:, 35]
    for i in np.flatnonzero(end > 0):
        u = rng.random()
        if u < 0.12 * end[i]:
            b.record(int(i), rand_day(rng, dt.date(2027, 1, 4), CUTOFF), "serious_dishonest",
                     None if rng.random() < 0.5 else dt.date(2030, 1, 10), "被人民法院列为失信被执行人")
        elif u < 0.45 * end[i]:
            b.record(int(i), rand_day(rng, dt.date(2026, 9, 1), CUTOFF), "bad", dt.date(2028, 1, 1),
                     "逾期交付商品房不良行为记录")
    b.honours(rng, 0.06 * dev * (lev < 0.35), 0.015 * (vol > 2), "诚信开发企业", "襄阳市房地产开发先进单位")
    # provincial platform's April rating: 资质等级 and scale, barely the leverage; big firms rated A
    for year in YEARS:
        score = -1.1 * np.log(vol) + 0.4 * lev + rng.normal(0, 0.7, n)
        b.rate_all(dt.date(year, 4, 15), by_rank(score, (0.35, 0.45, 0.15, 0.05)))
    return b


def lab_fraud(rng: np.random.Generator, n: int) -> Bureau:
    """检测/预拌混凝土数据造假: a hidden fraud habit; the data platform is fooled, re-tests are not."""
    since = entry(rng, n, 0.06)
    f = register(rng, n, {"testing": 0.45, "ready_mix": 0.35, "supervision": 0.2},
                 {"micro": 0.1, "small": 0.45, "medium": 0.35, "large": 0.1},
                 {"testing": 0.7, "ready_mix": 0.6, "supervision": 0.2}, since)
    vol = bulk(f)
    dist = f["district_code"].to_numpy()
    fraud = rng.random(n) < 0.25 + 0.1 * (f["size"].to_numpy() == "small")
    stop = fraud & (rng.random(n) < 0.35)  # the 2026 Q4 专项整治 scares some straight
    z = (-2.9 + 2.3 * fraud[:, None] - 1.6 * (stop[:, None] * from_month(33)) + rng.normal(0, 0.45, n)[:, None]
         + 0.2 * months(4, 5, 9, 10) + wander(rng, n, 0.2))
    b = Bureau(f, z, since)
    eye = np.where(dist == "420683", 0.3, 1.0)  # one county team finds little
    for _ in range(2):  # 飞行检查, twice a year
        b.plan_checks(rng, 0.7, "xy-az", eye)
    b.plan_checks(rng, 0.2, "xy-zj", eye)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * vol * 0.06 * np.where(fraud, 0.3, 1.0), "data_monitoring", "xy-az",
              urgent=0.1, follow=0.3, eye=1.0, stop=37)  # 检测监管平台 anomaly flags: volume, and frauds keep tidy data
    b.monthly(rng, lambda m: 0.015 * np.ones(n), "complaint", "xy-zj", urgent=0.02, follow=0.2)  # rivals' letters
    b.monthly(rng, lambda m: 0.05 * fraud * (1 - (stop * (m >= 33))) + 0.004, "referral", "xy-az", urgent=0.3,
              follow=0.85)  # 质监站 回弹/钻芯 re-tests
    b.monthly(rng, lambda m: 0.02 * vol, "enterprise_request", "xy-zj", urgent=0.0, follow=0.05)  # 资质延续/新增参数
    b.records_from_findings(rng, 0.6, "检测机构出具虚假报告行政处罚", "列入工程质量检测严重失信名单", repair=0.3)
    b.honours(rng, 0.04 * (vol > 2), 0.02 * (vol > 4), "襄阳市诚信检测机构", "湖北省建设工程质量检测先进单位")
    b.grades = None
    return b


def gas_mains(rng: np.random.Generator, n: int) -> Bureau:
    """管道燃气 and its commercial users: old pipes, old towns, winter; a 2026 replacement programme."""
    since = entry(rng, n, 0.04)
    f = register(rng, n, {"gas": 0.5, "municipal": 0.2, "other": 0.2, "property_mgmt": 0.1},
                 {"micro": 0.35, "small": 0.4, "medium": 0.18, "large": 0.07},
                 {"gas": 0.5, "municipal": 0.3, "property_mgmt": 0.2}, since, age=(2.2, 7.0))
    dist = f["district_code"].to_numpy()
    founded = pd.to_datetime(f["_founded"]).dt.year.to_numpy()
    pipe_age = np.clip(2027 - founded, 0, 40)
    old_town = per(dist, {"420602": 0.45, "420682": 0.35, "420606": 0.15}, 0.0)
    renew = np.isin(dist, ["420602", "420606"]) & (pipe_age > 12) & (rng.random(n) < 0.55)
    habit = rng.normal(0, 0.6, n)
    z = (-3.0 + 0.05 * pipe_age[:, None] + old_town[:, None] + habit[:, None]
         + 0.55 * months(12, 1, 2) + 0.25 * months(11, 3) - 1.3 * (renew[:, None] * from_month(34))
         + wander(rng, n, 0.22))
    b = Bureau(f, z, since)
    season = np.array([3, 3, 2, 1, 1, 1, 1, 1, 1, 1, 2, 3], float)
    b.plan_checks(rng, 0.3, "xy-rq", season=season)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * 0.5 * b.p(m), "data_monitoring", "xy-rq", urgent=0.5, follow=0.5, stop=37)  # 泄漏报警
    vol = bulk(f)
    b.monthly(rng, lambda m: 0.03 * vol, "complaint", "xy-rq", urgent=0.02, follow=0.1, stop=37)  # 计费/停气 disputes
    b.monthly(rng, lambda m: 0.04 * b.p(m), "referral", "xy-rq", urgent=0.5, follow=0.8)  # 消防 referrals
    for i in np.flatnonzero(renew):  # 老旧管网更新改造申请, 2026 H1
        for _ in range(int(rng.integers(1, 4))):
            b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 3, 1), dt.date(2026, 9, 30)), "enterprise_request",
                      "xy-rq", urgent=0.0, follow=0.2)
    b.monthly(rng, lambda m: np.full(n, 0.01), "enterprise_request", "xy-rq", urgent=0.0)
    b.records_from_findings(rng, 0.5, "燃气安全行政处罚", "列入燃气行业严重失信主体名单", repair=0.2)
    b.honours(rng, 0.05 * sig(-habit * 2), 0.008, "燃气安全示范单位", "襄阳市安全生产先进单位")
    # the 2024 燃气安全专项整治 graded every firm once, from what it saw then; never redone
    g = by_rank(np.log(b.p_year(2024)) + rng.normal(0, 0.35, n), (0.25, 0.45, 0.2, 0.1))
    b.rate_all(dt.date(2024, 6, 28), g)
    return b


def wage_arrears(rng: np.random.Generator, n: int) -> Bureau:
    """农民工工资: an arrears habit peaking at Spring Festival; the mechanical grade is washed by repairs."""
    since = entry(rng, n, 0.07)
    f = register(rng, n, {"construction": 0.7, "municipal": 0.15, "real_estate": 0.05, "other": 0.1},
                 {"micro": 0.25, "small": 0.45, "medium": 0.22, "large": 0.08},
                 {"construction": 0.35, "municipal": 0.25}, since)
    vol = bulk(f)
    habit = rng.normal(0, 1.0, n)
    chain = rng.random(n) < 0.3  # deep 分包 chains
    z = (-2.6 + habit[:, None] + 0.7 * chain[:, None] - 0.2 * np.log(vol)[:, None]
         + 0.9 * months(1, 2) + 0.5 * months(12) + wander(rng, n, 0.3))
    b = Bureau(f, z, since)
    b.plan_checks(rng, 0.18, "xy-az", season=np.array([3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3], float))
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: vol * 0.1 * b.p(m), "complaint", "xy-az", urgent=0.3, follow=0.45,
              stop=37)  # 欠薪投诉, crowded into winter by the risk itself; January 2027 in the bundle
    b.monthly(rng, lambda m: 0.03 * b.p(m) * (1 + chain), "referral", "xy-az", urgent=0.5, follow=0.8,
              stop=37)  # 人社 / 信访 转办
    b.monthly(rng, lambda m: mon * (0.02 + 0.3 * b.p(m)), "data_monitoring", "xy-az", urgent=0.2, follow=0.3)  # 工资专户
    joiner = rng.random(n) < 0.15 + 0.25 * sig(habit)  # the risky join the 实名制 payroll scheme to look clean
    for i in np.flatnonzero(joiner):
        d = rand_day(rng, dt.date(2024, 3, 1), dt.date(2026, 10, 31))
        b.trigger(rng, int(i), d, "enterprise_request", "xy-az", urgent=0.0)
        b.record(int(i), d + dt.timedelta(days=int(rng.integers(10, 60))), "good", d + dt.timedelta(days=1095),
                 "农民工工资专用账户规范管理")
    # complaints confirmed → 拖欠工资 bad records, quickly repaired by paying up
    for i, day, kind, _, _ in list(b.triggers):
        if kind == "complaint" and rng.random() < 0.35 * float(sig(z[i, month_of(day)])) * 3:
            on = day + dt.timedelta(days=int(rng.integers(5, 30)))
            b.record(i, on, "bad", on + dt.timedelta(days=int(rng.choice([365, 730]))), "拖欠农民工工资不良行为记录")
            if rng.random() < 0.6:
                b.record(i, on + dt.timedelta(days=int(rng.integers(30, 120))), "repair", None, "足额支付后信用修复")
    confirmed: dict[int, list[dt.date]] = {}
    for i, on, kind, _, note in b.records:
        if kind == "bad" and note.startswith("拖欠"):
            confirmed.setdefault(i, []).append(on)
    for i, days in confirmed.items():  # a third confirmed arrears case: the 失信联合惩戒 list, sometimes repaired too
        if len(days) >= 3 and rng.random() < 0.7:
            on = sorted(days)[2] + dt.timedelta(days=int(rng.integers(20, 60)))
            b.record(i, on, "serious_dishonest", None if rng.random() < 0.4 else on + dt.timedelta(days=1095),
                     "列入拖欠农民工工资失信联合惩戒对象名单")
            if rng.random() < 0.3:
                b.record(i, on + dt.timedelta(days=int(rng.integers(180, 400))), "repair", None, "失信名单移出（信用修复）")
    b.records_from_findings(rng, 0.5, "建设工程质量安全行政处罚", "列入建筑市场严重失信主体名单", repair=0.5)
    b.honours(rng, 0.0, 0.01 * (vol > 2), "", "襄阳市建筑业优秀企业")
    # the platform's half-yearly rule from live records; a repair wipes every earlier bad/dishonest record
    repairs: dict[int, list[dt.date]] = {}
    for i, on, kind, _, _ in b.records:
        if kind == "repair":
            repairs.setdefault(i, []).append(on)
    for year in YEARS:
        for day in (dt.date(year, 6, 30), dt.date(year, 12, 31)):
            bad = np.zeros(n)
            sd = np.zeros(n, bool)
            good = np.zeros(n)
            for i, on, kind, until, _ in b.records:
                if on > day or (until is not None and until < day):
                    continue
                if kind in ("bad", "serious_dishonest") and any(on < o <= day for o in repairs.get(i, ())):
                    continue
                if kind == "bad":
                    bad[i] += 1
                elif kind == "serious_dishonest":
                    sd[i] = True
                elif kind in ("good", "commendation"):
                    good[i] += 1
            g = np.select([sd | (bad >= 2), bad == 1, good > 0], ["D", "C", "A"], "B").astype(object)
            b.rate_all(day, g)
    return b


def newcomers(rng: np.random.Generator, n: int) -> Bureau:
    """新设房地产经纪/小物业: young firms risky, shells clustered; no history for most newcomers."""
    since = entry(rng, n, 0.4, 1, 36)
    f = register(rng, n, {"other": 0.45, "property_mgmt": 0.25, "real_estate": 0.2, "survey_design": 0.1},
                 {"micro": 0.55, "small": 0.35, "medium": 0.08, "large": 0.02},
                 {"other": 0.3, "real_estate": 0.3, "property_mgmt": 0.15}, since,
                 {"420602": 0.15, "420606": 0.35, "420607": 0.2, "420625": 0.08, "420682": 0.08, "420683": 0.14})
    dist = f["district_code"].to_numpy()
    micro = f["size"].to_numpy() == "micro"
    shell = (rng.random(n) < np.where(dist == "420606", 0.18, 0.05) * np.where(micro, 1.5, 0.5))
    t = np.arange(M)[None, :]
    age_m = np.where(since[:, None] >= 0, t - since[:, None], 200)
    young = np.clip(1 - age_m / 24, 0, 1)
    habit = rng.normal(0, 0.7, n)
    z = -2.9 + 1.3 * young + 1.8 * shell[:, None] + habit[:, None] + wander(rng, n, 0.25)
    b = Bureau(f, z, since)
    b.plan_checks(rng, 0.12, "xy-fg")
    for i in np.flatnonzero(since >= 0):  # 首次检查 of some new firms within months of registration
        if rng.random() < 0.3:
            b.inspect(rng, int(i), in_month(rng, min(int(since[i]) + int(rng.integers(1, 6)), 35)), "xy-fg")
    for i in np.flatnonzero(since >= 0):  # 备案 on registration
        b.trigger(rng, int(i), in_month(rng, int(since[i])), "enterprise_request", "xy-fg", urgent=0.0)
    b.monthly(rng, lambda m: 0.008 + 0.05 * shell, "enterprise_request", "xy-fg", urgent=0.0, stop=37)  # 变更 filings
    b.monthly(rng, lambda m: 0.1 * b.p(m), "complaint", "xy-fg", urgent=0.05, follow=0.35, stop=37)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * 0.25 * b.p(m), "data_monitoring", "xy-fg", urgent=0.1, follow=0.3)  # 网签/资金 anomalies
    b.monthly(rng, lambda m: np.full(n, 0.004), "referral", "xy-fg", urgent=0.2, follow=0.5)  # 公安 leads, random
    b.records_from_findings(rng, 0.5, "房地产经纪违法违规行政处罚", "列入房地产经纪严重失信名单", repair=0.2,
                            blank_expiry=0.25)
    b.honours(rng, 0.04 * (since < 0) * sig(-habit), 0.004, "诚信经纪机构", "襄阳市房地产经纪行业先进单位")
    g25 = by_rank(np.log(b.p_year(2024)) + rng.normal(0, 0.5, n), (0.3, 0.4, 0.2, 0.1))
    b.rate_all(dt.date(2025, 3, 20), g25, since < 14)  # the firms registered before March 2025
    assert b.grades is not None
    for i in np.flatnonzero(since >= 0):  # default B on registration (never on the assessment's day)
        d = in_month(rng, int(since[i]))
        b.grades.append((int(i), "B", d + dt.timedelta(days=1) if d == dt.date(2025, 3, 20) else d))
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "lift_upkeep": lift_upkeep, "presale_escrow": presale_escrow, "lab_fraud": lab_fraud, "gas_mains": gas_mains,
    "wage_arrears": wage_arrears, "newcomers": newcomers}


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
                officers.append((oid, f"{DISTRICTS.get(d, '市直')}{AGENCIES[ag][3:5]}执法人员{k:02d}", team, role,
                                 f"鄂{int(rng.integers(10**7, 10**8))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2031))}-{int(rng.integers(1, 13)):02d}-15" if sworn else "",
                                 "" if rng.random() < 0.15 else int(rng.integers(30, 100)),
                                 "" if not sworn or rng.random() < 0.5 else int(rng.integers(30, 70))))
                if rng.random() < 0.15:
                    lo = rand_day(rng, dt.date(2027, 1, 10), dt.date(2027, 11, 20))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(1, 30)))).isoformat(),
                                 str(rng.choice(["年休假", "病假", "省住建厅培训", "抽调信访维稳", "援疆挂职"]))))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]),
            pd.DataFrame(away, columns=["officer_id", "start_on", "end_on", "reason"]))


def write(b: Bureau, rng: np.random.Generator, folder: Path, family: str) -> None:
    f = b.firms
    folder.mkdir(parents=True)
    ent = f.drop(columns=["_town", "_founded"])
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
        rows.append((f"XY{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4])) if FIRST <= d <= CUTOFF]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"XYT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if FIRST <= d <= CUTOFF]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0])) if d < JAN1]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))],
            str(rng.choice(["配偶在该企业任职", "曾为该企业提供咨询服务", "与企业负责人系同学关系"])))
           for _ in range(max(5, len(ids) // 250))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # 2027 调休
    policy = {"year": PLAN_YEAR, "seed": f"xiangyang-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 19])
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
