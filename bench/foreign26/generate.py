"""A twenty-sixth held-out bureau generator (issue 9) · 第二十六套独立生成的住建/城管执法局（洛阳）.

Written from the contract (/work/shared/spec/bundle.md, rules.md, plan.md) and the harness's interface
(bench/foreign2/run.py ``use_generator``); bench/foreign23/generate.py was read for file mechanics only (the
GB 32100-2015 check character, how staff, calendar, policy and truth.csv are written). Nothing of the product's
risk model, docs or tests was read. bench/foreign26/README.md tells each family's story.

Every bureau is the city of 洛阳 (河南, 410300), plan year 2027. Registers and history run 2024-01-01 .. 2026-12-31;
nothing in the history (inspections, credit records, grades, triggers) is dated on or after 2027-01-01. Each firm
has a hidden logit per month (2024-01 .. 2027-12); a site check in month m finds a violation with chance
``sigmoid(z[m]) × eye`` where ``eye`` is how hard that check looks. ``truth.csv`` holds ``p_violation``: the mean
over 2027's twelve months of ``sigmoid(z)``.

Families: ``gas_iot_rollout``, ``developer_distress``, ``complaint_magnets``, ``paper_labs``, ``shell_clusters``,
``enforcement_handover``.
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
from faker import Faker

PLAN_YEAR = 2027
SECTORS = ("construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing",
           "ready_mix", "municipal", "other")
SIZES = ("micro", "small", "medium", "large")
FAMILIES = ("gas_iot_rollout", "developer_distress", "complaint_magnets", "paper_labs", "shell_clusters",
            "enforcement_handover")

CITY = "410300"
DISTRICTS = {"410302": "老城区", "410303": "西工区", "410304": "瀍河回族区", "410305": "涧西区", "410307": "偃师区",
             "410308": "孟津区", "410311": "洛龙区", "410323": "新安县", "410324": "栾川县", "410325": "嵩县",
             "410326": "汝阳县", "410327": "宜阳县", "410328": "洛宁县", "410329": "伊川县"}
CENTRAL = ("410302", "410303", "410304", "410305", "410311")
OUTER = ("410307", "410308")
COUNTIES = ("410323", "410324", "410325", "410326", "410327", "410328", "410329")
_CENTRE = {"410302": (34.683, 112.470), "410303": (34.668, 112.432), "410304": (34.699, 112.500),
           "410305": (34.655, 112.395), "410307": (34.727, 112.790), "410308": (34.826, 112.445),
           "410311": (34.618, 112.464), "410323": (34.728, 112.132), "410324": (33.785, 111.615),
           "410325": (34.134, 112.085), "410326": (34.154, 112.473), "410327": (34.515, 112.179),
           "410328": (34.389, 111.653), "410329": (34.421, 112.425)}
_TOWNS = {"410302": ("西关街道", "东南隅街道", "西南隅街道", "邙山街道"),
          "410303": ("王城路街道", "金谷园街道", "凯旋东路街道", "红山街道"),
          "410304": ("东关街道", "瀍西街道", "塔湾街道", "北窑街道"),
          "410305": ("湖北路街道", "天津路街道", "长安路街道", "重庆路街道", "工农街道", "周山路街道"),
          "410307": ("首阳山街道", "槐新街道", "府店镇", "缑氏镇", "翟镇镇"),
          "410308": ("麻屯镇", "白鹤镇", "朝阳镇", "平乐镇", "会盟镇"),
          "410311": ("开元路街道", "龙门石窟街道", "关林街道", "安乐镇", "李楼镇"),
          "410323": ("城关镇", "铁门镇", "磁涧镇", "石寺镇"), "410324": ("城关镇", "赤土店镇", "陶湾镇", "庙子镇"),
          "410325": ("城关镇", "田湖镇", "车村镇", "德亭镇"), "410326": ("城关镇", "上店镇", "内埠镇"),
          "410327": ("城关镇", "柳泉镇", "韩城镇", "三乡镇"), "410328": ("城关镇", "长水镇", "河底镇", "故县镇"),
          "410329": ("城关镇", "鸣皋镇", "白沙镇", "吕店镇")}
_ROADS = {"410302": ("中州东路", "九都东路", "唐宫中路", "环城北路"),
          "410303": ("中州中路", "王城大道", "唐宫西路", "凯旋东路", "道北路"),
          "410304": ("启明南路", "瀍河路", "中州东路", "北窑路"),
          "410305": ("建设路", "长安路", "南昌路", "涧西路", "西苑路", "天津路"),
          "410307": ("商都路", "伊洛路", "华夏路", "槐庙路"), "410308": ("黄河路", "会盟大道", "政和路", "平乐路"),
          "410311": ("开元大道", "古城路", "龙门大道", "厚载门街", "太康东路", "宜人路", "学子街")}
_COUNTY_ROADS = ("人民路", "迎宾大道", "建设路", "文化路", "朝阳路", "工业路", "新华路")
AGENCIES = {"ly-zjj": "洛阳市住房和城乡建设局", "ly-cgj": "洛阳市城市管理局",
            "ly-zfzd": "洛阳市城市管理综合行政执法支队", "ly-zaz": "洛阳市建设工程质量安全监督站",
            "ly-fcz": "洛阳市房产事务服务中心"}
_ALL_BUILD = "construction;municipal;supervision;survey_design;testing;ready_mix;real_estate"
ITEMS = (
    ("LY-ZJ-01", "ly-zjj", "建筑市场主体资质资格及市场行为检查", "《中华人民共和国建筑法》；《建筑业企业资质管理规定》",
     _ALL_BUILD, "true"),
    ("LY-ZJ-02", "ly-zjj", "房地产开发经营及商品房预售资金监管检查",
     "《中华人民共和国城市房地产管理法》；《城市房地产开发经营管理条例》；《商品房销售管理办法》", "real_estate", "false"),
    ("LY-ZJ-03", "ly-zjj", "工程建设领域农民工工资支付检查", "《保障农民工工资支付条例》", "construction;municipal;real_estate",
     "true"),
    ("LY-ZJ-04", "ly-zjj", "住宅室内装饰装修活动及物业服务市场监督检查", "《住宅室内装饰装修管理办法》；《物业管理条例》",
     "other;property_mgmt", "false"),
    ("LY-ZA-01", "ly-zaz", "房屋建筑和市政基础设施工程质量安全监督检查", "《建设工程质量管理条例》；《建设工程安全生产管理条例》",
     "construction;municipal;supervision;ready_mix", "false"),
    ("LY-ZA-02", "ly-zaz", "建设工程质量检测及预拌混凝土质量检查", "《建设工程质量检测管理办法》（住房和城乡建设部令第57号）",
     "testing;ready_mix", "true"),
    ("LY-ZA-03", "ly-zaz", "勘察设计质量及施工图审查意见执行检查", "《建设工程勘察设计管理条例》；《建设工程质量管理条例》",
     "survey_design;supervision", "true"),
    ("LY-FC-01", "ly-fcz", "物业服务及共用设施设备管理检查", "《物业管理条例》；《河南省物业管理条例》", "property_mgmt;real_estate",
     "true"),
    ("LY-CG-01", "ly-cgj", "燃气经营许可及燃气经营使用安全检查", "《城镇燃气管理条例》；《河南省城镇燃气管理办法》",
     "gas;other;property_mgmt", "true"),
    ("LY-CG-02", "ly-cgj", "市容环卫作业及市政设施维护管理检查", "《城市市容和环境卫生管理条例》；《城市道路管理条例》",
     "municipal;other", "false"),
    ("LY-ZF-01", "ly-zfzd", "建设领域扬尘、建筑垃圾及违法建设综合执法检查",
     "《中华人民共和国大气污染防治法》；《城市建筑垃圾管理规定》；《中华人民共和国城乡规划法》",
     "construction;municipal;other;real_estate;ready_mix", "false"),
    ("LY-ZF-02", "ly-zfzd", "住宅室内装饰装修及物业领域违法行为执法检查", "《住宅室内装饰装修管理办法》；《物业管理条例》",
     "other;property_mgmt;construction", "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_Z1 = ("宏", "鑫", "华", "恒", "瑞", "嘉", "博", "盛", "中", "金", "洛", "河", "伊", "龙", "天", "隆", "泰", "祥", "豫",
       "兴", "德", "通", "汇", "正", "信", "安", "源", "达", "广", "丰", "建", "宇", "鼎", "新", "凯", "旭", "昌", "顺",
       "洛浦", "牡丹", "九都", "邙山", "河洛", "龙门", "周山", "隋唐", "天堂", "明堂", "王城", "瀍涧", "伊滨", "偃月")
_Z2 = ("达", "泰", "源", "盛", "通", "宇", "华", "安", "森", "坤", "瑞", "诚", "晟", "丰", "鸿", "润", "远", "邦", "辰", "阳")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "置业有限公司", "property_mgmt": "物业服务有限公司",
           "gas": "燃气有限公司", "supervision": "工程监理有限公司", "survey_design": "勘察设计有限公司",
           "testing": "建设工程检测有限公司", "ready_mix": "商砼有限公司", "municipal": "市政工程有限公司",
           "other": "实业有限公司"}
_HEADS = {"micro": (2, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 3000)}
_SCALE = {"micro": 0.4, "small": 1.0, "medium": 2.4, "large": 5.0}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
M = 48  # months 2024-01 .. 2027-12
HIST = 36  # months of history, 2024-01 .. 2026-12
YEARS = (2024, 2025, 2026)
MONTH = np.arange(M) % 12 + 1
MIDX = np.arange(M)[None, :]
CUTS = (103.0, 92.0, 80.0)  # platform points: a firm with nothing on file sits at 100, grade B


# ------------------------------------------------------------------------------------------- small helpers

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


def day_in(rng: np.random.Generator, m: int) -> dt.date:
    lo = first_day(m)
    hi = first_day(m + 1)
    return lo + dt.timedelta(days=int(rng.integers(0, (hi - lo).days)))


def rand_day(rng: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers(0, max((hi - lo).days, 0) + 1)))


def choose(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def lookup(values: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([table.get(str(v), default) for v in values], float)


def in_months(*ms: int) -> np.ndarray:
    return np.isin(MONTH, ms).astype(float)[None, :]


def ar_noise(rng: np.random.Generator, n: int, sd: float, phi: float = 0.8) -> np.ndarray:
    """Month-to-month wander of a firm's logit (stationary sd ``sd``)."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    inno = sd * np.sqrt(1 - phi ** 2)
    for t in range(1, M):
        e[:, t] = phi * e[:, t - 1] + rng.normal(0, inno, n)
    return e


def zone_of(district: np.ndarray) -> np.ndarray:
    return np.where(np.isin(district, CENTRAL), "central", np.where(np.isin(district, OUTER), "outer", "county"))


# ------------------------------------------------------------------------------------------- the register

def register(rng: np.random.Generator, n: int, sectors: dict[str, float],
             sizes: dict[str, dict[str, float]], districts: dict[str, float] | None = None,
             new_share: float = 0.06, monitored: dict[str, float] | None = None) -> pd.DataFrame:
    """检查对象名录库 without names (a family names its firms once their kinds are known).

    ``sizes`` maps a sector (or ``*``) to its size mix. Hidden columns start with ``_``: ``_since`` is the month the
    firm entered the register (-1: before 2024), ``_age`` years at 2027-01-01, ``_heads`` true headcount."""
    dw = districts or {"410302": 0.06, "410303": 0.09, "410304": 0.05, "410305": 0.1, "410307": 0.07,
                       "410308": 0.06, "410311": 0.16, "410323": 0.05, "410324": 0.05, "410325": 0.05,
                       "410326": 0.04, "410327": 0.06, "410328": 0.05, "410329": 0.07}
    sector = choose(rng, sectors, n)
    size = np.empty(n, dtype=object)
    for s in sectors:
        idx = np.flatnonzero(sector == s)
        size[idx] = choose(rng, sizes.get(s, sizes["*"]), len(idx))
    district = choose(rng, dw, n)
    lo = np.array([_HEADS[s][0] for s in size], float)
    hi = np.array([_HEADS[s][1] for s in size], float)
    heads = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))).astype(int)
    since = np.where(rng.random(n) < new_share, rng.integers(0, HIST - 1, n), -1)
    mon = rng.random(n) < lookup(sector, monitored or {}, 0.03)
    f = pd.DataFrame({"sector": sector, "size": size, "district_code": district, "_heads": heads,
                      "_since": since, "_mon": mon})
    f["_age"] = np.where(since >= 0, (HIST - since) / 12.0 - rng.random(n) / 12.0, 3.05 + rng.gamma(1.8, 5.0, n))
    f["_scale"] = lookup(size, _SCALE)
    return f


def finish_register(rng: np.random.Generator, fake: Faker, f: pd.DataFrame, suffix: np.ndarray | None = None,
                    trade: np.ndarray | None = None, address: np.ndarray | None = None) -> pd.DataFrame:
    """Codes, names, dates, addresses and coordinates; ``suffix``/``trade``/``address`` override per firm ('' = own)."""
    n = len(f)
    district = f["district_code"].to_numpy()
    sector = f["sector"].to_numpy()
    ids, names, est, addr, lat, lon = [], [], [], [], [], []
    seen: set[str] = set()
    taken: set[str] = set()
    age = f["_age"].to_numpy(float).copy()
    since = f["_since"].to_numpy()
    for i in range(n):
        code = ""
        while not code or code in seen:
            lead = "92" if sector[i] == "other" and rng.random() < 0.15 else "91"
            code = uscc(lead + district[i] + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        if trade is not None and trade[i]:
            tz = str(trade[i])
        elif rng.random() < 0.15 and len(given := fake.first_name_male()) == 2:
            tz = given
        else:
            tz = _Z1[rng.integers(len(_Z1))] + _Z2[rng.integers(len(_Z2))]
        d = district[i]
        place = "洛阳" if d in CENTRAL or rng.random() < 0.4 else DISTRICTS[d].replace("回族区", "")
        place = place if len(place) <= 2 else place.rstrip("区县")
        sx = str(suffix[i]) if suffix is not None and suffix[i] else _SUFFIX[sector[i]]
        name = f"{place}{tz}{sx}"
        k = 1
        while name in taken:
            k += 1
            name = f"{place}{tz}{k}{sx}" if k < 4 else f"{place}{tz}{_Z2[rng.integers(len(_Z2))]}{k}{sx}"
        taken.add(name)
        names.append(name)
        born = day_in(rng, int(since[i])) if since[i] >= 0 else JAN1 - dt.timedelta(days=int(age[i] * 365.25))
        age[i] = (JAN1 - born).days / 365.25
        est.append("" if rng.random() < 0.03 else born.isoformat())
        town = _TOWNS[d][rng.integers(len(_TOWNS[d]))]
        road = (_ROADS.get(d) or _COUNTY_ROADS)[rng.integers(len(_ROADS.get(d) or _COUNTY_ROADS))]
        if address is not None and address[i]:
            addr.append(str(address[i]))
        else:
            addr.append("" if rng.random() < 0.05 else f"河南省洛阳市{DISTRICTS[d]}{town}{road}{int(rng.integers(1, 400))}号")
        c = _CENTRE[d]
        spread = 0.015 if d in CENTRAL else 0.05
        lat.append(c[0] + rng.normal(0, spread))
        lon.append(c[1] + rng.normal(0, spread))
    heads = f["_heads"].to_numpy()
    no_geo = rng.random(n) < 0.1
    out = pd.DataFrame({"enterprise_id": ids, "name": names, "district_code": district, "sector": sector,
                        "size": f["size"].to_numpy(),
                        "employees": np.where(rng.random(n) < 0.05, "", heads.astype(str)),
                        "established_on": est, "address": addr,
                        "lat": np.where(no_geo, "", np.char.mod("%.5f", np.array(lat))),
                        "lon": np.where(no_geo, "", np.char.mod("%.5f", np.array(lon))),
                        "remote_monitoring": f["_mon"].to_numpy(bool)})
    for c in f.columns:
        if c.startswith("_"):
            out[c] = f[c].to_numpy()
    out["_age"] = age
    return out


# ------------------------------------------------------------------------------------------- the bureau's history

Agency = str | np.ndarray | Callable[[int, dt.date], str]


@dataclass
class Bureau:
    firms: pd.DataFrame
    z: np.ndarray
    home: np.ndarray  # each firm's usual agency
    checks: list[tuple[int, dt.date, str, str, str]] = field(default_factory=list)  # i, day, agency, outcome, fixed
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    triggers: list[tuple[int, dt.date, str, str, bool]] = field(default_factory=list)  # i, day, agency, kind, urgent
    grades: list[tuple[int, str, dt.date]] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.firms)

    @property
    def since(self) -> np.ndarray:
        return self.firms["_since"].to_numpy()

    def alive(self, i: int, day: dt.date) -> bool:
        return FIRST <= day < JAN1 and month_of(day) >= self.since[i]

    def agency(self, agency: Agency | None, i: int, day: dt.date) -> str:
        if agency is None or (isinstance(agency, str) and not agency):
            return str(self.home[i])
        if isinstance(agency, str):
            return agency
        if isinstance(agency, np.ndarray):
            return str(agency[i])
        return agency(i, day)

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, agency: Agency | None = None,
                eye: float = 1.0, minor0: float = 0.1, minor1: float = 0.6, fix: float | None = None) -> str:
        """One site check; returns the outcome ('' if the firm was not there or the day is not in the history)."""
        if day.weekday() >= 5:  # checks are made on working days
            day += dt.timedelta(days=7 - day.weekday())
        if not self.alive(i, day):
            return ""
        p = float(sig(self.z[i, month_of(day)]))
        if rng.random() < min(0.95, p * eye):
            outcome = "serious" if rng.random() < 0.04 + 0.3 * p else "violation"
            if (JAN1 - day).days < 45 and rng.random() < 0.7:
                fixed = ""  # 整改期限未到
            else:
                fixed = "true" if rng.random() < (0.88 - 0.6 * p if fix is None else fix) else "false"
        else:
            outcome = "minor" if rng.random() < min(0.9, minor0 + minor1 * p) else "compliant"
            fixed = ""
        self.checks.append((i, day, self.agency(agency, i, day), outcome, fixed))
        return outcome

    def trigger(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, agency: Agency | None = None,
                urgent: float = 0.05, follow: float = 0.0, **look: float) -> None:
        if not self.alive(i, day):
            return
        ag = self.agency(agency, i, day)
        self.triggers.append((i, day, ag, kind, bool(rng.random() < urgent)))
        if follow and rng.random() < follow:
            self.inspect(rng, i, day + dt.timedelta(days=int(rng.integers(2, 16))), ag, **look)

    def poisson(self, rng: np.random.Generator, rate: Callable[[int], np.ndarray], kind: str,
                agency: Agency | None = None, urgent: float = 0.05, follow: float = 0.0, start: int = 0,
                stop: int = HIST, **look: float) -> None:
        """Triggers month by month: ``rate(m)`` expected per firm in month m."""
        for m in range(start, stop):
            r = np.maximum(np.broadcast_to(np.asarray(rate(m), float), (self.n,)), 0.0)
            k = rng.poisson(r)
            for i in np.flatnonzero(k):
                for _ in range(int(k[i])):
                    self.trigger(rng, int(i), day_in(rng, m), kind, agency, urgent, follow, **look)

    def sweep(self, rng: np.random.Generator, share: np.ndarray | float, lo: dt.date, hi: dt.date,
              agency: Agency | None = None, **look: float) -> np.ndarray:
        """A campaign or 双随机 round: each firm drawn with ``share`` and visited once between lo and hi."""
        drawn = np.flatnonzero(rng.random(self.n) < np.broadcast_to(share, (self.n,)))
        for i in drawn:
            self.inspect(rng, int(i), rand_day(rng, lo, hi), agency, **look)
        return drawn

    def yearly_random(self, rng: np.random.Generator, share: np.ndarray | float, agency: Agency | None = None,
                      years: tuple[int, ...] = YEARS, **look: float) -> None:
        for y in years:
            self.sweep(rng, share, dt.date(y, 3, 10), dt.date(y, 11, 30), agency, **look)

    def record(self, i: int, on: dt.date, kind: str, until: dt.date | None, note: str) -> None:
        if self.alive(i, on):
            self.records.append((i, on, kind, until, note))

    def findings_to_credit(self, rng: np.random.Generator, share: float | Callable[[str, dt.date], float],
                           note: str | Callable[[str], str], lives: tuple[tuple[int, float], ...] = (
                               (365, 0.45), (730, 0.4), (1095, 0.15)),
                           dishonest: float = 0.45, dishonest_note: str = "列入住房城乡建设领域严重失信主体名单",
                           repair: float = 0.25, lag: tuple[int, int] = (15, 75)) -> None:
        """不良信用信息 from the history's violations (行政处罚决定 published after a lag), 严重失信 for the serious
        unrectified, 信用修复 for some rectified ones."""
        days = np.array([d for d, _ in lives])
        probs = np.array([p for _, p in lives], float)
        for i, day, ag, outcome, fixed in list(self.checks):
            if outcome not in ("violation", "serious"):
                continue
            s = share(ag, day) if callable(share) else share
            if rng.random() >= s:
                continue
            on = day + dt.timedelta(days=int(rng.integers(*lag)))
            life = int(rng.choice(days, p=probs / probs.sum()))
            self.record(i, on, "bad", None if rng.random() < 0.03 else on + dt.timedelta(days=life),
                        note(ag) if callable(note) else note)
            if outcome == "serious" and rng.random() < (dishonest if fixed == "false" else dishonest * 0.15):
                self.record(i, on + dt.timedelta(days=int(rng.integers(20, 90))), "serious_dishonest",
                            on + dt.timedelta(days=1095), dishonest_note)
            elif fixed == "true" and life >= 365 and rng.random() < repair:
                self.record(i, on + dt.timedelta(days=int(rng.integers(100, 300))), "repair", None,
                            "信用修复：已完成整改并公开作出信用承诺")

    def honours(self, rng: np.random.Generator, good: np.ndarray | float, commend: np.ndarray | float,
                good_note: str, commend_note: str, years: tuple[int, ...] = YEARS) -> None:
        for y in years:
            for kind, rate, note in (("good", good, good_note), ("commendation", commend, commend_note)):
                for i in np.flatnonzero(rng.random(self.n) < np.broadcast_to(rate, (self.n,))):
                    on = rand_day(rng, dt.date(y, 1, 10), dt.date(y, 12, 20))
                    self.record(int(i), on, kind, on + dt.timedelta(days=1095), note)

    def points(self, day: dt.date, lookback: int = 365, extra: np.ndarray | None = None,
               w_check: dict[str, float] | None = None) -> np.ndarray:
        """The credit platform's score on ``day``: 100, less the records and findings in force, plus honours."""
        pts = np.full(self.n, 100.0) + (0.0 if extra is None else extra)
        repaired: dict[int, dt.date] = {}
        for i, on, kind, _, _ in self.records:
            if kind == "repair" and on <= day:
                repaired[i] = max(on, repaired.get(i, on))
        wr = {"bad": -8.0, "serious_dishonest": -30.0, "good": 3.0, "commendation": 5.0, "repair": 0.0}
        for i, on, kind, until, _ in self.records:
            if on > day or (until is not None and until < day):
                continue
            if kind in ("bad", "serious_dishonest") and i in repaired and on <= repaired[i]:
                continue
            pts[i] += wr[kind]
        wc = w_check or {"compliant": 0.5, "minor": -1.0, "violation": -5.0, "serious": -12.0}
        for i, on, _, outcome, fixed in self.checks:
            if day - dt.timedelta(days=lookback) <= on <= day:
                pts[i] += wc[outcome] - (6.0 if fixed == "false" else 0.0)
        return pts

    def grade(self, day: dt.date, pts: np.ndarray, cuts: tuple[float, float, float],
              who: np.ndarray | None = None) -> None:
        g = np.select([pts >= cuts[0], pts >= cuts[1], pts >= cuts[2]], ["A", "B", "C"], "D")
        mask = self.since <= month_of(day)
        if who is not None:
            mask &= who
        for i in np.flatnonzero(mask):
            self.grades.append((int(i), str(g[i]), day))

    def count_triggers(self, kind: str, lo: dt.date, hi: dt.date) -> np.ndarray:
        c = np.zeros(self.n)
        for i, day, _, k, _ in self.triggers:
            if k == kind and lo <= day <= hi:
                c[i] += 1
        return c


# ------------------------------------------------------------------------------------------- the families

def gas_iot_rollout(rng: np.random.Generator, fake: Faker, n: int) -> Bureau:
    """燃气: bottled-LPG points and restaurant users; smart valves and cylinder tracking spread 2025-26 from the city
    outward. Fitted firms get safer but start raising alarms; the unfitted county LPG points stay risky and quiet."""
    f = register(rng, n, {"gas": 0.42, "other": 0.33, "property_mgmt": 0.15, "municipal": 0.10},
                 {"gas": {"micro": 0.38, "small": 0.38, "medium": 0.16, "large": 0.08},
                  "other": {"micro": 0.55, "small": 0.38, "medium": 0.07, "large": 0.0},
                  "*": {"micro": 0.15, "small": 0.5, "medium": 0.25, "large": 0.1}},
                 {"410302": 0.06, "410303": 0.08, "410304": 0.05, "410305": 0.08, "410307": 0.07, "410308": 0.07,
                  "410311": 0.12, "410323": 0.06, "410324": 0.06, "410325": 0.07, "410326": 0.05, "410327": 0.07,
                  "410328": 0.06, "410329": 0.1}, new_share=0.07)
    s = f["sector"].to_numpy()
    size = f["size"].to_numpy()
    zone = zone_of(f["district_code"].to_numpy())
    pipeline = (s == "gas") & np.isin(size, ["medium", "large"]) & (rng.random(n) < 0.8)
    lpg = (s == "gas") & ~pipeline
    resto = s == "other"
    prop = s == "property_mgmt"
    target = lpg | resto | prop
    p_fit = np.select([zone == "central", zone == "outer"], [0.8, 0.55], 0.3)
    lo = np.select([zone == "central", zone == "outer"], [12, 18], 25)
    when = lo + (rng.random(n) * (HIST - lo)).astype(int)
    fit = np.where(target & (rng.random(n) < p_fit), when, 99)
    fit = np.where(pipeline | ((s == "municipal") & (rng.random(n) < 0.3)), -1, fit)
    f["_mon"] = fit < HIST
    suffix = np.where(pipeline, np.where(rng.random(n) < 0.5, "燃气有限公司", "天然气有限公司"),
                      np.where(lpg, np.where(rng.random(n) < 0.6, "液化气有限公司", "液化石油气供应有限公司"),
                               np.where(resto, np.where(rng.random(n) < 0.7, "餐饮管理有限公司", "酒店管理有限公司"), "")))
    f = finish_register(rng, fake, f, suffix=suffix)
    habit = rng.normal(0, 0.75, n)
    rural = (zone == "county").astype(float)
    fitted = (fit[:, None] <= MIDX) & target[:, None]
    winter = in_months(11, 12, 1, 2)
    z = (-2.75 + habit[:, None] + 1.0 * lpg[:, None] + 0.45 * resto[:, None] + 0.1 * prop[:, None]
         - 0.45 * pipeline[:, None] + 0.6 * (rural * (lpg | resto))[:, None] + 0.35 * winter * (lpg | resto)[:, None]
         - 1.05 * fitted - 0.15 * (MIDX >= 12) + ar_noise(rng, n, 0.25))
    b = Bureau(f, z, np.full(n, "ly-cgj"))
    # 2024 城镇燃气安全专项整治: nearly every gas firm and restaurant user visited, thoroughly
    cover = lookup(s, {"gas": 0.85, "other": 0.7, "property_mgmt": 0.35, "municipal": 0.15})
    b.sweep(rng, cover, dt.date(2024, 3, 1), dt.date(2024, 10, 31), "ly-cgj", eye=1.2, minor0=0.2)
    # a violation put right in the campaign lowers that firm's risk for good (减压阀, 软管, 报警器 replaced)
    for i, day, _, outcome, fixed in b.checks:
        if outcome in ("violation", "serious") and fixed == "true":
            b.z[i, month_of(day) + 2:] -= 0.35
    b.yearly_random(rng, 0.1, "ly-cgj", years=(2025, 2026))
    fitted_now = lambda m: target & (fit <= m)  # noqa: E731
    b.poisson(rng, lambda m: fitted_now(m) * (0.1 + 0.5 * sig(b.z[:, m])) + pipeline * (0.04 + 0.2 * sig(b.z[:, m])),
              "data_monitoring", "ly-cgj", urgent=0.25, follow=0.3)  # 泄漏报警, 切断阀离线, 气瓶未扫码
    b.poisson(rng, lambda m: 0.005 + 0.04 * sig(b.z[:, m]), "complaint", "ly-cgj", urgent=0.15,
              follow=0.45)  # 12345: 闻到燃气味, 送气工无证, 违规充装
    b.poisson(rng, lambda m: 0.012 * sig(b.z[:, m] + 1.5), "referral", "ly-cgj", urgent=0.7,
              follow=0.85)  # 消防/应急 incident referrals
    b.poisson(rng, lambda m: 0.006 * (s == "gas") + 0.002, "enterprise_request", "ly-cgj", urgent=0.0,
              follow=0.1)  # 燃气经营许可证延续/变更
    b.findings_to_credit(rng, 0.7, "燃气经营使用安全违法行政处罚（洛阳市城市管理局）",
                         dishonest_note="列入燃气安全领域严重失信主体名单", repair=0.2)
    b.honours(rng, 0.3 * pipeline + 0.02 * prop, 0.02 * (size == "large"), "燃气安全生产标准化达标企业",
              "洛阳市燃气安全先进单位")
    b.grade(dt.date(2025, 12, 20), b.points(dt.date(2025, 12, 20), lookback=730), CUTS, who=(s == "gas"))
    return b


def developer_distress(rng: np.random.Generator, fake: Faker, n: int) -> Bureau:
    """房地产下行: a developer's cash crunch (onset 2025-26) spills onto its contractors and its own 物业 subsidiary;
    the big names that looked cleanest in 2024 are the likeliest to crack; a 白名单 rescue calms some."""
    f = register(rng, n, {"real_estate": 0.24, "construction": 0.44, "property_mgmt": 0.15, "supervision": 0.11,
                          "other": 0.06},
                 {"real_estate": {"micro": 0.1, "small": 0.35, "medium": 0.35, "large": 0.2},
                  "*": {"micro": 0.15, "small": 0.45, "medium": 0.28, "large": 0.12}}, new_share=0.05,
                 monitored={"construction": 0.45, "real_estate": 0.2, "property_mgmt": 0.2})
    s = f["sector"].to_numpy()
    size = f["size"].to_numpy()
    sc = f["_scale"].to_numpy()
    dev = np.flatnonzero(s == "real_estate")
    habit = rng.normal(0, 0.65, n)
    tie = np.full(n, -1)
    tied_kind = np.isin(s, ["construction", "property_mgmt", "supervision"])
    w = sc[dev] / sc[dev].sum()
    for i in np.flatnonzero(tied_kind & (rng.random(n) < 0.55)):
        tie[i] = dev[rng.choice(len(dev), p=w)]
    # a developer's own 物业 subsidiary often shares its 字号
    trade = np.full(n, "", dtype=object)
    for d in dev:
        trade[d] = (_Z1[rng.integers(len(_Z1))] + _Z2[rng.integers(len(_Z2))]) if rng.random() < 0.8 else ""
    for i in np.flatnonzero((s == "property_mgmt") & (tie >= 0) & (rng.random(n) < 0.6)):
        trade[i] = trade[tie[i]]
    suffix = np.where(s == "real_estate", np.where(rng.random(n) < 0.5, "置业有限公司", "房地产开发有限公司"),
                      np.where(s == "other", "园林绿化工程有限公司", ""))
    f = finish_register(rng, fake, f, suffix=suffix, trade=trade)
    big = np.isin(size, ["medium", "large"]).astype(float)
    onset = np.where((s == "real_estate") & (rng.random(n) < sig(-1.6 + 1.0 * big + 0.5 * habit)),
                     rng.integers(14, 34, n), 99)
    onset = np.where((s == "construction") & (rng.random(n) < 0.05), rng.integers(14, 34, n), onset)  # own crunch
    sev = rng.uniform(1.3, 2.3, n)
    rescued = (onset < 22) & (rng.random(n) < 0.35)  # 城市房地产融资协调机制白名单 in 2025
    rescue_at = onset + rng.integers(8, 13, n)
    ramp = np.clip((MIDX - onset[:, None] + 1) / 8.0, 0, 1) * sev[:, None]
    ramp = np.where(rescued[:, None] & (rescue_at[:, None] <= MIDX), ramp * 0.3, ramp)
    own = np.where((s == "real_estate")[:, None] | (s == "construction")[:, None], ramp, 0.0)
    carry = lookup(s, {"construction": 0.65, "property_mgmt": 0.45, "supervision": 0.3})
    spill = np.where((tie >= 0)[:, None], ramp[np.maximum(tie, 0)] * carry[:, None], 0.0)
    stress = own + spill
    z = (-2.6 + 0.65 * habit[:, None] - 0.22 * np.log(sc)[:, None]
         + lookup(s, {"construction": 0.2, "property_mgmt": -0.1, "supervision": -0.2, "other": 0.1})[:, None]
         + stress + ar_noise(rng, n, 0.2))
    home = np.select([s == "real_estate", s == "property_mgmt", s == "other"], ["ly-zjj", "ly-fcz", "ly-zfzd"],
                     "ly-zaz")
    b = Bureau(f, z, home)
    wage = np.select([s == "property_mgmt", s == "other"], ["ly-fcz", "ly-zfzd"], "ly-zjj")  # who takes 欠薪/交房 cases
    is_dev = (s == "real_estate").astype(float)
    b.yearly_random(rng, 0.07 * np.sqrt(sc))  # bigger firms run more sites, so see more site checks
    # 2026 保交楼 专项: developers that drew owners' complaints in the last year are the ones visited
    b.poisson(rng, lambda m: 0.004 * sc + 0.06 * stress[:, m] * (1 + 0.8 * is_dev * np.sqrt(sc)) + 0.01 * sig(z[:, m]),
              "complaint", wage, urgent=0.08, follow=0.25)  # 业主: 延期交房, 农民工: 欠薪
    b.poisson(rng, lambda m: 0.04 * stress[:, m], "referral", wage, urgent=0.5, follow=0.5)  # 人社/信访
    b.poisson(rng, lambda m: is_dev * (0.05 * sc + 0.15 * own[:, m]), "enterprise_request", "ly-zjj",
              urgent=0.0)  # 预售资金拨付申请
    mon = f["remote_monitoring"].to_numpy(bool)
    b.poisson(rng, lambda m: mon * (0.02 + 0.15 * stress[:, m]), "data_monitoring", wage, urgent=0.2,
              follow=0.2)  # 农民工工资专用账户 监控预警
    moaned = b.count_triggers("complaint", dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    b.sweep(rng, is_dev * np.where(moaned >= 2, 0.7, 0.1), dt.date(2026, 4, 1), dt.date(2026, 9, 30), "ly-zjj",
            eye=1.1)
    b.findings_to_credit(rng, 0.6, lambda ag: f"建设领域违法违规行政处罚（{AGENCIES[ag]}）")
    # 欠薪 records shared by 人社 with a lag; a share escalate to the 失信联合惩戒 list
    for m in range(HIST):
        hit = np.flatnonzero(rng.random(n) < 0.05 * stress[:, m])
        for i in hit:
            on = day_in(rng, m) + dt.timedelta(days=int(rng.integers(45, 130)))
            b.record(int(i), on, "bad", on + dt.timedelta(days=730), "拖欠农民工工资（洛阳市人力资源和社会保障局共享）")
            if rng.random() < 0.18:
                b.record(int(i), on + dt.timedelta(days=int(rng.integers(60, 120))), "serious_dishonest",
                         on + dt.timedelta(days=1095), "列入拖欠农民工工资失信联合惩戒对象名单")
    b.honours(rng, 0.05 * np.sqrt(sc), 0.012 * (size == "large"), "洛阳市建筑施工安全文明标准化工地",
              "河南省建设工程“中州杯”", years=(2024, 2025))
    for day in (dt.date(2024, 7, 1), dt.date(2025, 7, 1)):  # 河南省建筑市场信用评价; the 2026 round not out
        bonus = lookup(size, {"large": 6.0, "medium": 3.0})  # 资质等级/业绩 加分
        b.grade(day, b.points(day, lookback=730, extra=bonus), CUTS)
    return b


def complaint_magnets(rng: np.random.Generator, fake: Faker, n: int) -> Bureau:
    """物业: complaints follow households and expectations (新区 commercial estates), violations follow old
    handed-over compounds (涧西's factory estates after 三供一业) and low fees; the platform grades by complaints."""
    f = register(rng, n, {"property_mgmt": 0.8, "other": 0.13, "real_estate": 0.07},
                 {"property_mgmt": {"micro": 0.2, "small": 0.45, "medium": 0.25, "large": 0.1},
                  "*": {"micro": 0.2, "small": 0.5, "medium": 0.22, "large": 0.08}},
                 {"410302": 0.08, "410303": 0.13, "410304": 0.06, "410305": 0.17, "410307": 0.05, "410308": 0.04,
                  "410311": 0.2, "410323": 0.03, "410324": 0.03, "410325": 0.03, "410326": 0.03, "410327": 0.05,
                  "410328": 0.03, "410329": 0.07}, new_share=0.06)
    s = f["sector"].to_numpy()
    d = f["district_code"].to_numpy()
    sc = f["_scale"].to_numpy()
    pm = s == "property_mgmt"
    households = lookup(f["size"].to_numpy(), {"micro": 0.3, "small": 1.0, "medium": 3.5, "large": 10.0}) \
        * rng.lognormal(0, 0.5, n)  # thousand households under management
    a = lookup(d, {"410305": 4.0, "410302": 3.0, "410304": 3.0, "410303": 2.0, "410311": 1.2}, 2.5)
    bb = lookup(d, {"410305": 2.0, "410302": 2.0, "410304": 2.0, "410303": 3.0, "410311": 5.0}, 3.0)
    old = rng.beta(a, bb) * pm
    expect = lookup(d, {"410311": 1.7, "410303": 1.2, "410305": 0.85, "410302": 0.75, "410304": 0.75,
                        "410307": 0.8, "410308": 0.8}, 0.5)
    cheap = sig(2.5 * (old - 0.5) + rng.normal(0, 0.8, n)) * pm
    f["_mon"] = rng.random(n) < (0.75 * (1 - old) * pm + 0.05)  # 电梯物联网 in the newer estates
    suffix = np.where(s == "other", np.where(rng.random(n) < 0.6, "环境卫生服务有限公司", "保洁服务有限公司"),
                      np.where(s == "real_estate", "房地产开发有限公司", ""))
    f = finish_register(rng, fake, f, suffix=suffix)
    habit = rng.normal(0, 0.7, n)
    z = (-2.5 + 0.7 * habit[:, None] + 1.2 * old[:, None] + 0.6 * cheap[:, None]
         - 0.12 * np.log(households)[:, None] * pm[:, None] + 0.2 * in_months(6, 7, 8) * pm[:, None]
         + 0.12 * old[:, None] * (MIDX / 12.0) + 0.1 * (s == "other")[:, None] + ar_noise(rng, n, 0.25))
    home = np.select([s == "other"], ["ly-cgj"], "ly-fcz")
    b = Bureau(f, z, home)
    # 12345 物业 complaints: households × how much residents expect, only partly how badly the firm works;
    # most visits they cause find a fee or service dispute written up as 轻微
    b.poisson(rng, lambda m: pm * 0.06 * households * expect * (0.5 + 1.5 * sig(z[:, m]))
              + ~pm * (0.01 + 0.03 * sig(z[:, m])), "complaint", None, urgent=0.04, follow=0.3, minor0=0.35)
    b.yearly_random(rng, 0.06, years=(2026,))  # 双随机 reached 物业 only in 2026
    mon = f["remote_monitoring"].to_numpy(bool)
    b.poisson(rng, lambda m: mon * (0.03 + 0.15 * sig(z[:, m])), "data_monitoring", None, urgent=0.4,
              follow=0.3)  # 电梯困人/故障 alarms
    b.poisson(rng, lambda m: 0.008 * sig(z[:, m] + 1.0), "referral", None, urgent=0.5, follow=0.6)  # 消防通道
    b.poisson(rng, lambda m: 0.004 * sc, "enterprise_request", None, urgent=0.0)  # 项目承接查验备案
    b.findings_to_credit(rng, 0.5, "物业服务违法违规（洛阳市房产事务服务中心）",
                         dishonest_note="列入物业服务领域严重失信名单", repair=0.3)
    b.honours(rng, 0.1 * np.isin(f["size"].to_numpy(), ["medium", "large"]) * pm, 0.01 * pm,
              "洛阳市物业管理优秀住宅小区（项目）", "河南省物业服务示范项目")
    for y in YEARS:  # 物业服务企业信用评价: 有效投诉 cost points, so the biggest estates sink
        day = dt.date(y, 12, 15)
        moans = b.count_triggers("complaint", dt.date(y, 1, 1), day)
        b.grade(day, b.points(day, extra=-np.minimum(1.5 * moans, 30.0)), CUTS, who=pm)
    return b


def paper_labs(rng: np.random.Generator, fake: Faker, n: int) -> Bureau:
    """检测/商砼/监理/勘察: the violation (假报告, 配合比 cut, 监理 signing without visiting) hides in paper; a
    routine visit seldom proves it but leaves 轻微 paperwork findings; the 2025 留样复检 campaign and the platform's
    data checks see it; a 2026 price war squeezes the small county firms."""
    f = register(rng, n, {"testing": 0.3, "ready_mix": 0.3, "supervision": 0.25, "survey_design": 0.15},
                 {"*": {"micro": 0.12, "small": 0.48, "medium": 0.3, "large": 0.1}}, new_share=0.05,
                 monitored={"testing": 0.8, "ready_mix": 0.6, "supervision": 0.2, "survey_design": 0.05})
    s = f["sector"].to_numpy()
    size = f["size"].to_numpy()
    sc = f["_scale"].to_numpy()
    f = finish_register(rng, fake, f, suffix=np.where(s == "ready_mix", np.where(
        rng.random(n) < 0.5, "商砼有限公司", "新型建材有限公司"), ""))
    zone = zone_of(f["district_code"].to_numpy())
    habit = rng.normal(0, 0.9, n)
    squeezed = np.isin(size, ["micro", "small"]) & (zone != "central")
    rm = s == "ready_mix"
    z = (-2.35 + habit[:, None] + 0.3 * np.isin(s, ["testing", "ready_mix"])[:, None]
         + 0.55 * squeezed[:, None] * (MIDX >= 24) + 0.45 * in_months(12, 1, 2) * rm[:, None]
         + ar_noise(rng, n, 0.25))
    b = Bureau(f, z, np.full(n, "ly-zaz"))
    eye = lookup(s, {"testing": 0.3, "supervision": 0.45, "survey_design": 0.4, "ready_mix": 0.6})
    for y in YEARS:  # routine checks: paper looks fine, the irregular paperwork shows as 轻微
        for i in np.flatnonzero(rng.random(n) < 0.12):
            b.inspect(rng, int(i), rand_day(rng, dt.date(y, 3, 1), dt.date(y, 11, 30)), eye=float(eye[i]),
                      minor0=0.08, minor1=1.0)
    core = np.isin(s, ["testing", "ready_mix"])
    for i in np.flatnonzero(core & (rng.random(n) < 0.55)):  # 2025 检测报告真实性专项: 留样复检, 钻芯
        b.inspect(rng, int(i), rand_day(rng, dt.date(2025, 4, 7), dt.date(2025, 7, 18)), eye=1.3, minor0=0.08,
                  minor1=1.0)
    mon = f["remote_monitoring"].to_numpy(bool)
    look = {"minor0": 0.08, "minor1": 1.0}
    b.poisson(rng, lambda m: mon * (0.02 + 0.35 * sig(z[:, m])), "data_monitoring", "ly-zaz", urgent=0.2,
              follow=0.3, eye=0.9, **look)  # 检测监管平台: 曲线异常, 合格率畸高, 配合比偏离
    b.poisson(rng, lambda m: 0.02 * sig(z[:, m] + 1.0), "referral", "ly-zaz", urgent=0.3, follow=0.7, eye=1.2,
              **look)  # 质监站 实体检测不合格 referrals
    b.poisson(rng, lambda m: 0.004 + 0.02 * sig(z[:, m]), "complaint", "ly-zaz", urgent=0.05, follow=0.3,
              eye=0.6, **look)  # 同行举报
    b.poisson(rng, lambda m: 0.012 * sc, "enterprise_request", "ly-zjj", urgent=0.0)  # 资质延续/变更
    b.findings_to_credit(rng, 0.8, "出具虚假检测报告/质量违法行为行政处罚（洛阳市住建局）",
                         lives=((730, 0.5), (1095, 0.5)), dishonest=0.6, repair=0.15)
    b.honours(rng, 0.07 * sc, 0.01 * (size == "large"), "河南省工程质量检测诚信单位", "洛阳市建设工程质量管理先进单位")
    for day in (dt.date(2024, 12, 20), dt.date(2025, 12, 20), dt.date(2026, 6, 30)):
        b.grade(day, b.points(day, lookback=730), CUTS)
    return b


def shell_clusters(rng: np.random.Generator, fake: Faker, n: int) -> Bureau:
    """资质改革后的挂靠空壳: new construction/劳务 firms registered in batches at a few 商务秘书 addresses, small on
    paper, lending their name to teams they do not control. Little history; the address and the register tell."""
    f = register(rng, n, {"construction": 0.62, "municipal": 0.14, "survey_design": 0.08, "supervision": 0.08,
                          "other": 0.08},
                 {"*": {"micro": 0.2, "small": 0.5, "medium": 0.22, "large": 0.08}}, new_share=0.38,
                 monitored={"construction": 0.3, "municipal": 0.3})
    s = f["sector"].to_numpy()
    since = f["_since"].to_numpy().copy()
    new = since >= 0
    shell = (new & (rng.random(n) < 0.45) & (s != "survey_design")) | (~new & (rng.random(n) < 0.03))
    # clusters: one 代办 address each, a batch of registrations within a few months
    idx = rng.permutation(np.flatnonzero(shell))
    cluster = np.full(n, -1)
    sizes, k = [], 0
    while k < len(idx):
        m = int(min(len(idx) - k, 3 + rng.geometric(0.18)))
        cluster[idx[k:k + m]] = len(sizes)
        sizes.append(m)
        k += m
    nc = len(sizes)
    c_dist = choose(rng, {"410311": 0.5, "410303": 0.2, "410307": 0.15, "410305": 0.15}, max(nc, 1))
    c_eff = rng.normal(0, 0.6, max(nc, 1))
    c_start = rng.integers(0, HIST - 3, max(nc, 1))
    bldg = ("正大国际城市广场", "泉舜财富中心", "宝龙城市广场", "万达广场写字楼", "中弘大厦", "洛阳国际商务中心", "开元万达广场",
            "隋唐城商务中心", "建业凯旋广场", "华夏商务港")
    c_addr = []
    for c in range(max(nc, 1)):
        dd = str(c_dist[c])
        c_addr.append(f"河南省洛阳市{DISTRICTS[dd]}{_TOWNS[dd][0]}{_ROADS[dd][rng.integers(len(_ROADS[dd]))]}"
                      f"{int(rng.integers(1, 300))}号{bldg[rng.integers(len(bldg))]}{int(rng.integers(3, 28))}"
                      f"{int(rng.integers(1, 20)):02d}")
    address = np.full(n, "", dtype=object)
    dist = f["district_code"].to_numpy().astype(object)
    size = f["size"].to_numpy().astype(object)
    heads = f["_heads"].to_numpy().copy()
    for i in np.flatnonzero(cluster >= 0):
        c = cluster[i]
        dist[i] = c_dist[c]
        r = rng.random()
        address[i] = c_addr[c] + ("室" if r < 0.5 else f"室-{int(rng.integers(1, 40))}" if r < 0.85 else "室（集中办公区）")
        size[i] = choose(rng, {"micro": 0.3, "small": 0.55, "medium": 0.15}, 1)[0]
        heads[i] = int(rng.integers(2, 13))
        if new[i]:
            since[i] = min(HIST - 1, c_start[c] + int(rng.integers(0, 4)))
    f["district_code"], f["size"], f["_heads"], f["_since"] = dist, size, heads, since
    f["_scale"] = lookup(size, _SCALE)
    suffix = np.where(shell & (s == "construction") & (rng.random(n) < 0.5), "建筑劳务有限公司",
                      np.where(s == "other", "建设发展有限公司", ""))
    f = finish_register(rng, fake, f, suffix=suffix, address=address)
    habit = rng.normal(0, 0.6, n)
    sc = f["_scale"].to_numpy()
    young = np.clip(1.0 - f["_age"].to_numpy() / 3.0, 0, 1)
    ce = np.where(cluster >= 0, c_eff[np.maximum(cluster, 0)], 0.0)
    z = (-2.65 + 0.6 * habit[:, None] + 1.5 * shell[:, None] + 0.6 * ce[:, None] + 0.5 * young[:, None]
         + 0.15 * (s == "construction")[:, None] - 0.1 * (np.log(sc) * ~shell)[:, None] + ar_noise(rng, n, 0.2))
    home = np.select([s == "other"], ["ly-zfzd"], "ly-zaz")
    b = Bureau(f, z, home)
    for y in YEARS:  # 双随机 pool drawn in March from last December's register: the year's newcomers are not in it
        cut = (y - 2024) * 12 - 1
        pool = since <= cut
        for i in np.flatnonzero(pool & (rng.random(n) < 0.1)):
            b.inspect(rng, int(i), rand_day(rng, dt.date(y, 4, 1), dt.date(y, 11, 30)))
    site = np.isin(s, ["construction", "municipal"]) * np.where(shell, 0.15, 0.2)
    b.yearly_random(rng, site, "ly-zaz")  # 在建工程 site checks, whoever's name is on the permit
    # 2026 打击转包挂靠 专项: a third of the clusters found (one tip-off, the whole address checked)
    hit = rng.random(max(nc, 1)) < 0.3
    sweep = np.where(cluster >= 0, hit[np.maximum(cluster, 0)], rng.random(n) < 0.08)
    for i in np.flatnonzero(sweep):
        b.inspect(rng, int(i), rand_day(rng, dt.date(2026, 6, 15), dt.date(2026, 11, 30)), "ly-zjj", eye=1.4)
    for i in np.flatnonzero(new):  # 安全生产许可证/资质备案 right after registration
        if rng.random() < 0.8:
            b.trigger(rng, int(i), day_in(rng, min(HIST - 1, since[i] + int(rng.integers(0, 4)))),
                      "enterprise_request", "ly-zjj", urgent=0.0)
    b.poisson(rng, lambda m: 0.01 * np.isin(s, ["construction", "municipal"]), "enterprise_request", "ly-zjj",
              urgent=0.0)
    b.poisson(rng, lambda m: 0.03 * sig(z[:, m] + 0.5), "referral", "ly-zjj", urgent=0.4, follow=0.5)  # 人社 欠薪
    b.poisson(rng, lambda m: 0.003 + 0.02 * sig(z[:, m]), "complaint", None, urgent=0.05, follow=0.3)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.poisson(rng, lambda m: mon * (0.02 + 0.1 * sig(z[:, m])), "data_monitoring", None, urgent=0.1,
              follow=0.2)  # 实名制考勤: 项目经理不在岗
    b.findings_to_credit(rng, lambda ag, day: 0.9 if ag == "ly-zjj" and day.year == 2026 else 0.6,
                         lambda ag: ("转包、违法分包及挂靠行为行政处罚" if ag == "ly-zjj" else "建设工程质量安全违法行政处罚"),
                         dishonest=0.5)
    b.honours(rng, 0.05 * ~new, 0.005, "洛阳市建筑业诚信企业", "洛阳市优质结构工程")
    for day in (dt.date(2024, 6, 30), dt.date(2025, 6, 30)):
        b.grade(day, b.points(day, lookback=730), CUTS)
    return b


def enforcement_handover(rng: np.random.Generator, fake: Faker, n: int) -> Bureau:
    """综合行政执法改革: 住建 penalty powers moved to the 城管 执法支队, the city districts in July 2025, 偃师/孟津 in
    October, the counties in April 2026. Same firms, same risk; the new body writes up far more, and posts it."""
    f = register(rng, n, {"construction": 0.35, "municipal": 0.18, "real_estate": 0.1, "property_mgmt": 0.17,
                          "other": 0.2},
                 {"*": {"micro": 0.2, "small": 0.48, "medium": 0.23, "large": 0.09}}, new_share=0.06,
                 monitored={"construction": 0.3, "municipal": 0.3, "property_mgmt": 0.2})
    s = f["sector"].to_numpy()
    f = finish_register(rng, fake, f, suffix=np.where(s == "other", np.where(
        rng.random(n) < 0.7, "装饰工程有限公司", "建筑装饰设计有限公司"), ""))
    zone = zone_of(f["district_code"].to_numpy())
    sc = f["_scale"].to_numpy()
    habit = rng.normal(0, 1.0, n)
    drift = rng.normal(0, 0.35, n)
    z = (-2.15 + 0.8 * habit[:, None] + lookup(s, {"construction": 0.2, "other": 0.35, "real_estate": -0.1,
                                                  "property_mgmt": -0.05})[:, None]
         + 0.25 * (zone == "county")[:, None] - 0.1 * np.log(sc)[:, None] + drift[:, None] * (MIDX / 47.0)
         + ar_noise(rng, n, 0.22))
    handover = np.select([zone == "central", zone == "outer"], [dt.date(2025, 7, 1), dt.date(2025, 10, 1)],
                         dt.date(2026, 4, 1))
    before = np.where(s == "property_mgmt", "ly-fcz", "ly-zjj")
    b = Bureau(f, z, before)

    def who(i: int, day: dt.date) -> str:
        return "ly-zfzd" if day >= handover[i] else str(before[i])

    def check(i: int, day: dt.date) -> None:
        if day >= handover[i]:
            b.inspect(rng, i, day, "ly-zfzd", eye=1.35, minor0=0.08, minor1=0.4)
        else:  # the old way: 责令改正 written as 轻微, a violation only when plain
            b.inspect(rng, i, day, str(before[i]), eye=0.5, minor0=0.3, minor1=0.8)

    for y in YEARS:  # 日常巡查 and 双随机, a construction or decoration firm's sites seen about once in three years
        for i in np.flatnonzero(rng.random(n) < 0.3):
            check(int(i), rand_day(rng, dt.date(y, 3, 1), dt.date(y, 11, 30)))
    for i in np.flatnonzero(rng.random(n) < 0.45):  # the new 支队's 集中整治 in its first half-year
        h = handover[i]
        check(int(i), rand_day(rng, h + dt.timedelta(days=20), min(h + dt.timedelta(days=180), dt.date(2026, 12, 20))))
    for m in range(HIST):
        k = rng.poisson(0.01 + 0.06 * sig(z[:, m]))  # 12345: 噪声, 扬尘, 装修扰民, 违建
        for i in np.flatnonzero(k):
            day = day_in(rng, m)
            b.trigger(rng, int(i), day, "complaint", who, urgent=0.06)
            if rng.random() < 0.4:
                check(int(i), day + dt.timedelta(days=int(rng.integers(2, 15))))
    mon = f["remote_monitoring"].to_numpy(bool)
    b.poisson(rng, lambda m: mon * (0.02 + 0.1 * sig(z[:, m])), "data_monitoring",
              np.select([s == "property_mgmt", s == "other", s == "real_estate"], ["ly-fcz", "ly-zfzd", "ly-zjj"],
                        "ly-zaz"),
              urgent=0.2)  # 扬尘/电梯 online monitoring
    b.poisson(rng, lambda m: 0.008 * sig(z[:, m] + 1.0), "referral", who, urgent=0.4)
    b.poisson(rng, lambda m: 0.006 * sc, "enterprise_request", "ly-zjj", urgent=0.0)
    b.findings_to_credit(rng, lambda ag, day: 0.85 if ag == "ly-zfzd" else 0.25,
                         lambda ag: f"建设领域违法行为行政处罚（{AGENCIES[ag]}）")
    # the old bodies' records were short-lived (公示期 6–12 months); the 支队 posts the statutory maximum
    b.records = [(i, on, kind, (on + dt.timedelta(days=int(rng.choice([183, 365])))) if kind == "bad" and until
                  and on < handover[i] + dt.timedelta(days=40) else until, note) for i, on, kind, until, note in b.records]
    b.honours(rng, 0.04, 0.005, "洛阳市建设领域守信激励对象", "洛阳市文明施工示范工地")
    for y in YEARS:
        day = dt.date(y, 12, 20)
        b.grade(day, b.points(day), CUTS)
    return b


_BUILD: dict[str, Callable[[np.random.Generator, Faker, int], Bureau]] = {
    "gas_iot_rollout": gas_iot_rollout, "developer_distress": developer_distress,
    "complaint_magnets": complaint_magnets, "paper_labs": paper_labs, "shell_clusters": shell_clusters,
    "enforcement_handover": enforcement_handover}


# ------------------------------------------------------------------------------------------- files

def staff(rng: np.random.Generator, fake: Faker) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    teams, officers, away = [], [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            team = f"{ag}-{d}"
            teams.append((team, ag, d, 4 if d == CITY else 2))
            for k, role in enumerate(("enforcement",) * 4 + ("auxiliary", "legal_review")):
                sworn = role == "enforcement"
                oid = f"{team}-{k:02d}"
                officers.append((oid, fake.name(), team, role,
                                 f"豫{int(rng.integers(10**8, 10**9))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2031))}-{int(rng.integers(1, 13)):02d}-28" if sworn else "",
                                 "" if rng.random() < 0.1 else int(rng.integers(36, 100)),
                                 "" if not sworn or rng.random() < 0.4 else int(rng.integers(30, 70))))
                if rng.random() < 0.1:
                    lo = rand_day(rng, dt.date(2027, 1, 15), dt.date(2027, 11, 15))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(2, 25)))).isoformat(),
                                 str(rng.choice(["年休假", "产假", "省厅脱产培训", "抽调专项整治"]))))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]),
            pd.DataFrame(away, columns=["officer_id", "start_on", "end_on", "reason"]))


def write(b: Bureau, rng: np.random.Generator, fake: Faker, folder: Path, family: str, seed: int) -> None:
    f = b.firms
    folder.mkdir(parents=True)
    ent = f.drop(columns=[c for c in f.columns if c.startswith("_")]).copy()
    ent["remote_monitoring"] = np.where(f["remote_monitoring"].to_numpy(bool), "true", "false")
    ent.to_csv(folder / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(folder / "agencies.csv", index=False)
    pd.DataFrame(list(ITEMS), columns=["item_id", "agency_id", "name", "legal_basis", "sectors",
                                       "remote_allowed"]).to_csv(folder / "items.csv", index=False)
    teams, officers, away = staff(rng, fake)
    teams.to_csv(folder / "teams.csv", index=False)
    officers.to_csv(folder / "officers.csv", index=False)
    away.to_csv(folder / "unavailability.csv", index=False)
    ids = f["enterprise_id"].to_numpy()
    dist = f["district_code"].to_numpy()
    rows = []
    for k, (i, day, ag, outcome, fixed) in enumerate(sorted(b.checks, key=lambda c: (c[1], c[0], c[2], c[3]))):
        if not FIRST <= day < JAN1:
            continue
        team = f"{ag}-{dist[i] if rng.random() < 0.75 else CITY}"
        pair = sorted(int(x) for x in rng.choice(4, size=2, replace=False))
        rows.append((f"LY{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4])) if FIRST <= d < JAN1]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"LYT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, ag, kind, urgent) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[3], t[2])))
           if FIRST <= d < JAN1]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0])) if d < JAN1]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))], str(rng.choice(
        ["配偶系该企业股东", "曾在该企业任职未满三年", "近亲属在该企业担任项目负责人"]))) for _ in range(max(5, len(ids) // 250))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # the 2027 调休 schedule
    policy = {"year": PLAN_YEAR, "seed": f"luoyang-{family}-{seed}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 26])
    fake = Faker("zh_CN")
    fake.seed_instance(int(rng.integers(2**31)))
    b = _BUILD[family](rng, fake, n)
    folder = out / "bundle"
    if folder.exists():
        shutil.rmtree(folder)
    write(b, rng, fake, folder, family, seed)
    truth = out / "truth.csv"
    p = np.clip(sig(b.z[:, HIST:]).mean(axis=1), 0.002, 0.98)
    pd.DataFrame({"enterprise_id": b.firms["enterprise_id"], "p_violation": np.round(p, 6)}).to_csv(truth, index=False)
    return folder, truth


if __name__ == "__main__":
    import sys

    print(generate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
