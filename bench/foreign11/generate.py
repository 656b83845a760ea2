"""An eleventh held-out bureau generator (issue 9) · 第十一套独立生成的住建/城管执法局.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's risk model, its scenarios or the earlier generators' families. The
product is judged as a black box by ``bench/foreign2/run.py --generator bench/foreign11``.

Every bureau is a city of 襄阳 (districts 420602 襄城区, 420606 樊城区, 420607 襄州区, 420624 南漳县, 420625 谷城县,
420682 老河口市, 420683 枣阳市, 420684 宜城市; city-level teams 420600), plan year 2027, history 2024–2026. Each firm
has a hidden logit per year; a past inspection finds a violation with the chance that logit gives unless the family
says otherwise. ``truth.csv`` (beside the bundle, never inside) holds ``p_violation``: the chance that a site
inspection on a random day of 2027 finds a violation.

Families (what is hidden · how the history was made · what the official grade is):

* ``qualification_lending`` 资质挂靠 — 25% of builders lend their qualification to unqualified crews (挂靠/借用资质):
  the work on their sites is done by others, so they are far riskier, by a firm-specific degree. Traces: the
  borrowers' projects spread over the whole city, so a lender is checked often and mostly by other districts' teams
  (the officers on the record belong to the project's district); its register reads micro/small with few staff;
  人社 referrals (社保与项目人员不符) and 项目负责人未到岗 bad records. GRADE PLATFORM-DERIVED: the credit platform
  grades yearly from tax and social-insurance data (社保人数对比在建项目), which the bundle does not hold; it tracks
  the lending fairly well.
* ``repair_gaming`` 信用修复套利 — 30% of firms treat penalties as a cost: they reoffend persistently, and each time
  they rectify on paper, apply for 信用修复 (enterprise_request) and get a ``repair`` record within months. The other
  firms' findings are mostly one-off (their risk moves a lot from year to year) and their bad records sit until
  expiry. GRADE MECHANICAL, NOT TRACKING: graded each December from the bundle's own records (bad records not
  repaired, 严重失信 in force, unrectified findings): the repairers read clean.
* ``lab_sampling`` 材料抽样检测 — concrete, rebar and testing quality. Risk is a lasting firm quality plus the quality
  of its hidden sand/cement supplier (8 suppliers; one turned to 机制砂含泥量超标 from July 2026). The history is rich:
  质监站 sample tests several times a year for every firm that pours or tests. GRADE MECHANICAL, TRACKING: graded each
  December from the shrunken finding rate of the past three years' tests, which follows the truth well.
* ``iot_false_alarms`` 物联网误报 — gas, property (二次供水, 电梯) and site firms; alarms (data_monitoring) come from
  the monitoring vendor of the district: in 襄城/樊城/襄州 the vendor's sensors alarm 3–14 times a year whatever the
  firm does (误报), elsewhere alarms follow the risk. Firms WITHOUT monitoring are riskier (no 燃气报警/水箱监测:
  nobody looks). A third of the alarms lead to a check. NO GRADES: the bureau has no credit_grades.csv.
* ``highrise_portfolio`` 高层物业消防 — property and development firms' risk is driven by the share of high-rise
  estates they run (消防通道占用, 电动车入户, 消防设施失效), hidden. The bureau's own past checks of them covered
  物业服务合同/收费 items only, so recorded findings follow the firm's general care, not the high-rise part; the 2027
  plan's item list adds 高层消防安全. Traces: 消防救援支队 referrals (转办) and resident complaints follow the
  high-rise share. GRADE PLATFORM-DERIVED: from 消防 inspections (another department's), tracking the truth well.
* ``takeover`` 保交楼接盘 — in May–November 2026 the city's 保交楼专班 handed stalled (烂尾) housing projects to a
  third of its medium and large builders, chosen for their good record (the better-run more often). Their 2027 risk
  jumps by a firm-specific burden (long-idle scaffolds and tower cranes, unpaid crews, a hard handover date) while
  their history is clean, with commendations. Traces: the 专班's referral (交办) and, for most, a 复工 enterprise
  request in late 2026, and a few resumption checks in its last months. Big firms are otherwise the safer.
  GRADE PLATFORM-DERIVED, STALE: the platform's April ratings from its own sources, a fair view of the risk before the
  hand-over.
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
FAMILIES = ("qualification_lending", "repair_gaming", "lab_sampling", "iot_false_alarms", "highrise_portfolio",
            "takeover")

CITY = "420600"
DISTRICTS = {"420602": "襄城区", "420606": "樊城区", "420607": "襄州区", "420624": "南漳县", "420625": "谷城县",
             "420682": "老河口市", "420683": "枣阳市", "420684": "宜城市"}
_DIST_W = np.array([0.16, 0.24, 0.15, 0.07, 0.08, 0.09, 0.12, 0.09])
_STREETS = ("长虹路", "春园路", "人民路", "檀溪路", "襄阳大道", "卧龙大道", "航空路", "解放路", "胜利街", "大庆路",
            "追日路", "东风路", "建设路", "光彩大道", "汉江路", "中原路", "丹江路", "炮铺街", "鼓楼街", "古城路")
AGENCIES = {"js": "襄阳市住房和城乡建设局", "zf": "襄阳市城市管理执法委员会", "rq": "襄阳市燃气热力管理处",
            "fc": "襄阳市房产管理局", "zj": "襄阳市建设工程质量安全监督站"}
HOME = {"construction": "js", "real_estate": "fc", "property_mgmt": "fc", "gas": "rq", "supervision": "js",
        "survey_design": "js", "testing": "zj", "ready_mix": "zj", "municipal": "zf", "other": "zf"}
_EVERY = ";".join(SECTORS)
ITEMS = [
    ("XY-JS-01", "js", "建筑施工安全生产与文明施工检查", "《建设工程安全生产管理条例》第四十三条",
     "construction;supervision;municipal;survey_design", "false"),
    ("XY-JS-02", "js", "建筑市场资质资格与人员到岗检查", "《中华人民共和国建筑法》第十三条；《建筑业企业资质管理规定》",
     "construction;supervision;survey_design;municipal", "true"),
    ("XY-ZJ-01", "zj", "预拌混凝土与工程检测质量抽查", "《建设工程质量管理条例》第三十一条；《建设工程质量检测管理办法》",
     "ready_mix;testing;construction;municipal", "false"),
    ("XY-ZF-01", "zf", "市政设施与施工扬尘执法检查", "《城市市容和环境卫生管理条例》；《湖北省大气污染防治条例》",
     "municipal;other;construction;ready_mix", "false"),
    ("XY-RQ-01", "rq", "燃气经营与用户安全检查", "《城镇燃气管理条例》第四十二条；《湖北省燃气管理条例》", "gas", "true"),
    ("XY-FC-01", "fc", "物业服务与高层住宅消防安全检查", "《物业管理条例》第四十六条；《高层民用建筑消防安全管理规定》",
     "property_mgmt;real_estate", "false"),
    ("XY-FC-02", "fc", "房地产开发经营行为检查", "《城市房地产开发经营管理条例》第三十四条", "real_estate", "true"),
    ("XY-ZF-02", "zf", "其他住建领域综合执法检查", "《湖北省城市综合管理条例》", _EVERY, "false"),
]
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_FIRST = ("襄", "汉水", "隆中", "古隆", "岘山", "鹿门", "檀溪", "米公", "鱼梁", "卧龙", "荆楚", "汉江", "樊", "襄州",
          "谷城", "南漳", "枣阳", "宜城", "老河口", "水镜")
_SECOND = ("鑫", "瑞", "博", "弘", "嘉", "凯", "宇", "正", "广", "振", "兴", "利", "和", "峰", "辰", "润", "天", "新")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "置业有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限责任公司", "supervision": "建设监理有限公司", "survey_design": "勘测设计有限公司",
           "testing": "工程质量检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "市政工程有限公司",
           "other": "建筑劳务有限公司"}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
_STAFF_RANGE = {"micro": (3, 12), "small": (12, 90), "medium": (90, 400), "large": (400, 2500)}
_GRADE_SHARES = (0.3, 0.45, 0.18, 0.07)  # A B C D when ranking a score


def usc_code(head17: str) -> str:
    """统一社会信用代码: 17 characters and their GB 32100-2015 check character."""
    total = sum(_ALPHABET.index(c) * w for c, w in zip(head17, _WEIGHTS, strict=True))
    return head17 + _ALPHABET[(31 - total % 31) % 31]


def logistic(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, float)))


def a_day(rng: np.random.Generator, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=int(rng.integers(0, (last - first).days + 1)))


def draw(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    keys = np.array(list(weights), dtype=object)
    w = np.array(list(weights.values()), float)
    return rng.choice(keys, size=n, p=w / w.sum())


def lookup(values: np.ndarray, table: dict[str, float]) -> np.ndarray:
    return np.array([table.get(str(v), 0.0) for v in values])


def ranked_grades(score: np.ndarray, shares: tuple[float, ...] = _GRADE_SHARES) -> np.ndarray:
    """A for the lowest scores ... D for the highest, in the given shares."""
    order = np.argsort(np.argsort(score, kind="stable"), kind="stable") / max(len(score) - 1, 1)
    cuts = np.cumsum(shares)[:-1]
    return np.array(["A", "B", "C", "D"], dtype=object)[np.searchsorted(cuts, order, side="right")]


# ------------------------------------------------------------------------------------------- firms

def firms(rng: np.random.Generator, n: int, sectors: dict[str, float] | np.ndarray,
          sizes: dict[str, float] | None = None, size: np.ndarray | None = None,
          remote_share: dict[str, float] | None = None) -> pd.DataFrame:
    """检查对象名录库: `sectors` are weights to draw from, or each firm's sector already drawn."""
    sector = draw(rng, sectors, n) if isinstance(sectors, dict) else sectors
    if size is None:
        size = draw(rng, sizes or {"micro": 0.3, "small": 0.42, "medium": 0.2, "large": 0.08}, n)
    lo = np.array([_STAFF_RANGE[s][0] for s in size], float)
    hi = np.array([_STAFF_RANGE[s][1] for s in size], float)
    staff = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi)))).astype(int)
    years = np.where(rng.random(n) < 0.12, rng.uniform(0.3, 2.5, n), np.minimum(1.5 + rng.exponential(9.0, n), 45))
    est = np.array([JAN1 - dt.timedelta(days=int(y * 365.25)) for y in years], dtype=object)
    share = remote_share or {"gas": 0.55, "construction": 0.25, "municipal": 0.25, "ready_mix": 0.3,
                             "property_mgmt": 0.2}
    remote = rng.random(n) < np.maximum(lookup(sector, share), 0.02)
    district = rng.choice(np.array(list(DISTRICTS), dtype=object), size=n, p=_DIST_W / _DIST_W.sum())
    ids, names, addrs = [], [], []
    used: set[str] = set()
    taken: set[str] = set()
    for i in range(n):
        code = usc_code("91" + district[i] + "".join(rng.choice(list(_ALPHABET), size=9)))
        while code in used:
            code = usc_code("91" + district[i] + "".join(rng.choice(list(_ALPHABET), size=9)))
        used.add(code)
        ids.append(code)
        stem = f"襄阳{_FIRST[rng.integers(len(_FIRST))]}{_SECOND[rng.integers(len(_SECOND))]}{_SUFFIX[sector[i]]}"
        name, k = stem, 1
        while name in taken:
            k += 1
            name = f"{stem}{k}分公司" if k < 3 else f"{stem}（{k}）"
        taken.add(name)
        names.append(name)
        addrs.append(f"湖北省襄阳市{DISTRICTS[district[i]]}{_STREETS[rng.integers(len(_STREETS))]}"
                     f"{int(rng.integers(1, 600))}号")
    return pd.DataFrame({"enterprise_id": ids, "name": names, "district_code": district, "sector": sector,
                         "size": size, "employees": staff, "established_on": est, "address": addrs,
                         "lat": np.round(32.0 + rng.normal(0, 0.2, n), 6),
                         "lon": np.round(112.1 + rng.normal(0, 0.25, n), 6), "remote_monitoring": remote})


# ------------------------------------------------------------------------------------------- history

@dataclass
class Bureau:
    firms: pd.DataFrame
    p2027: np.ndarray
    # firm, day, outcome, rectified, agency ("" = home), district of the team ("" = home), officers ("" = draw)
    inspections: list[tuple[int, dt.date, str, str, str, str]] = field(default_factory=list)
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    triggers: list[tuple[int, dt.date, str, bool]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] | None = field(default_factory=list)

    def open_on(self, i: int, day: dt.date) -> bool:
        return bool(self.firms["established_on"].iat[i] + dt.timedelta(days=60) <= day < JAN1)

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, p: float, minor: float = 0.22,
                agency: str = "", district: str = "", rect_p: float = 0.7) -> str:
        if rng.random() < p:
            out = "serious" if rng.random() < 0.08 + 0.3 * p else "violation"
            rect = "true" if rng.random() < rect_p else "false"
        else:
            out, rect = ("minor" if rng.random() < minor else "compliant"), ""
        self.inspections.append((i, day, out, rect, agency, district))
        return out

    def trig(self, rng: np.random.Generator, rate: np.ndarray, year: int, kind: str, urgent: float = 0.05,
             ) -> list[tuple[int, dt.date]]:
        got = []
        counts = rng.poisson(np.maximum(rate, 0.0))
        for i in np.flatnonzero(counts):
            for _ in range(int(counts[i])):
                day = a_day(rng, dt.date(year, 1, 1), dt.date(year, 12, 31))
                if self.open_on(int(i), day):
                    self.triggers.append((int(i), day, kind, bool(rng.random() < urgent)))
                    got.append((int(i), day))
        return got

    def penalties(self, rng: np.random.Generator, share: float = 0.6, note: str = "行政处罚决定") -> None:
        """A finding becomes a 不良信用信息 on the platform weeks later (serious and unrectified: 严重失信)."""
        for i, day, out, rect, *_ in list(self.inspections):
            if out in ("violation", "serious") and rng.random() < share:
                on = day + dt.timedelta(days=int(rng.integers(10, 45)))
                self.records.append((i, on, "bad", on + dt.timedelta(days=int(rng.choice([183, 365, 730]))), note))
                if out == "serious" and rect == "false" and rng.random() < 0.35:
                    self.records.append((i, on, "serious_dishonest", on + dt.timedelta(days=1095), "列入严重失信名单"))

    def praise(self, rng: np.random.Generator, p: np.ndarray, rate: float = 0.05) -> None:
        """优良信用: 鲁班奖/楚天杯/文明工地 for the careful."""
        for year in HISTORY:
            for i in np.flatnonzero(rng.random(len(p)) < rate * (1 - p) ** 4):
                on = a_day(rng, dt.date(year, 1, 1), dt.date(year, 12, 31))
                if self.open_on(int(i), on):
                    kind = "commendation" if rng.random() < 0.25 else "good"
                    self.records.append((int(i), on, kind, on + dt.timedelta(days=1095), "优良信用信息"))

    def grade(self, g: np.ndarray, on: dt.date, who: np.ndarray | None = None) -> None:
        assert self.grades is not None
        for i in range(len(g)) if who is None else np.flatnonzero(who):
            if self.firms["established_on"].iat[i] < on:
                self.grades.append((int(i), str(g[i]), on))


def yearly(z0: np.ndarray, rng: np.random.Generator, wobble: float) -> dict[int, np.ndarray]:
    return {t: z0 + rng.normal(0, wobble, len(z0)) for t in (*HISTORY, PLAN_YEAR)}


def double_random(b: Bureau, rng: np.random.Generator, p: dict[int, np.ndarray], share: float,
                  minor: float = 0.22) -> None:
    """双随机一公开: each year a share of firms checked once."""
    for year in HISTORY:
        for i in np.flatnonzero(rng.random(len(b.firms)) < share):
            day = a_day(rng, dt.date(year, 2, 20), dt.date(year, 12, 20))
            if b.open_on(int(i), day):
                b.inspect(rng, int(i), day, p[year][i], minor)


def complaints(b: Bureau, rng: np.random.Generator, p: dict[int, np.ndarray], base: float, slope: float,
               follow: float = 0.5) -> None:
    """12345 complaints following the risk; some lead to a check within weeks."""
    for year in HISTORY:
        for i, day in b.trig(rng, base + slope * p[year], year, "complaint"):
            when = day + dt.timedelta(days=int(rng.integers(3, 25)))
            if rng.random() < follow and b.open_on(i, when):
                b.inspect(rng, i, when, p[year][i], 0.3)


# ------------------------------------------------------------------------------------------- families

def qualification_lending(rng: np.random.Generator, n: int) -> Bureau:
    sector = {"construction": 0.46, "municipal": 0.14, "supervision": 0.1, "ready_mix": 0.05, "real_estate": 0.06,
              "property_mgmt": 0.09, "other": 0.06, "survey_design": 0.04}
    sec = draw(rng, sector, n)
    builder = np.isin(sec, ["construction", "municipal"])
    lender = builder & (rng.random(n) < 0.25)
    # a lender's register: micro/small, few staff (the crews are the borrowers')
    size = np.where(lender, draw(rng, {"micro": 0.5, "small": 0.42, "medium": 0.08}, n),
                    draw(rng, {"micro": 0.28, "small": 0.42, "medium": 0.21, "large": 0.09}, n))
    f = firms(rng, n, sec, size=size)
    degree = rng.uniform(0.6, 1.7, n) * lender
    u = rng.normal(0, 0.6, n)
    z0 = -2.5 + u + 1.5 * degree + lookup(f["sector"].to_numpy(), {"construction": 0.2, "municipal": 0.1,
                                                                   "survey_design": -0.5, "real_estate": -0.2})
    z = yearly(z0, rng, 0.3)
    p = {t: logistic(z[t]) for t in z}
    b = Bureau(f, p[PLAN_YEAR])
    home = f["district_code"].to_numpy()
    dists = np.array(list(DISTRICTS), dtype=object)
    for year in HISTORY:
        sites = rng.poisson(np.where(builder, 0.5, 0.12) + 1.3 * degree)
        for i in np.flatnonzero(sites):
            for _ in range(int(sites[i])):
                day = a_day(rng, dt.date(year, 3, 1), dt.date(year, 12, 15))
                if not b.open_on(int(i), day):
                    continue
                away = rng.random() < (0.75 if lender[i] else 0.15)
                where = str(rng.choice(dists)) if away else str(home[i])
                b.inspect(rng, int(i), day, p[year][i], agency="js" if builder[i] else "", district=where)
        for i, day in b.trig(rng, 0.45 * degree + 0.01, year, "referral"):  # 人社: 社保与项目人员不符
            if rng.random() < 0.3:
                b.records.append((i, day + dt.timedelta(days=30), "bad", day + dt.timedelta(days=395),
                                  "项目负责人未到岗"))
    double_random(b, rng, p, 0.08)
    complaints(b, rng, p, 0.02, 0.35, follow=0.35)
    b.penalties(rng, 0.55)
    b.praise(rng, p[2025])
    # the platform: tax and social insurance (社保人数 vs 在建项目), not in the bundle
    for year, noise in ((2025, 0.55), (2026, 0.45)):
        score = 1.3 * degree + 0.5 * u + rng.normal(0, noise, n)
        b.grade(ranked_grades(score), dt.date(year, 11, 28))
    return b


def repair_gaming(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"construction": 0.32, "real_estate": 0.1, "property_mgmt": 0.14, "gas": 0.07,
                       "supervision": 0.07, "survey_design": 0.04, "testing": 0.05, "ready_mix": 0.07,
                       "municipal": 0.08, "other": 0.06})
    gamer = rng.random(n) < 0.3
    u = rng.normal(0, 0.5, n)
    z0 = -2.4 + u + 1.2 * gamer + lookup(f["sector"].to_numpy(), {"gas": 0.2, "construction": 0.2,
                                                                  "survey_design": -0.4, "testing": -0.2})
    # the others' risk moves a lot from year to year (a bad project, a new manager); the gamers' does not
    z = {t: z0 + np.where(gamer, rng.normal(0, 0.2, n), rng.normal(0, 0.7, n)) for t in (*HISTORY, PLAN_YEAR)}
    p = {t: logistic(z[t]) for t in z}
    b = Bureau(f, p[PLAN_YEAR])
    double_random(b, rng, p, 0.16)
    complaints(b, rng, p, 0.02, 0.4)
    for i, day, out, *_ in list(b.inspections):
        if out not in ("violation", "serious") or rng.random() > 0.75:
            continue
        on = day + dt.timedelta(days=int(rng.integers(10, 40)))
        b.records.append((i, on, "bad", on + dt.timedelta(days=int(rng.choice([365, 730, 1095]))), "行政处罚决定"))
        if gamer[i]:
            ask = on + dt.timedelta(days=int(rng.integers(20, 60)))
            if ask < JAN1:
                b.triggers.append((i, ask, "enterprise_request", False))  # 信用修复申请
                fixed = ask + dt.timedelta(days=int(rng.integers(15, 60)))
                b.records.append((i, fixed, "repair", None, "信用修复（已完成整改、履行处罚）"))
        elif out == "serious" and rng.random() < 0.3:
            b.records.append((i, on, "serious_dishonest", on + dt.timedelta(days=1095), "列入严重失信名单"))
    # gamers put their findings right on paper
    b.inspections = [(i, d, o, ("true" if gamer[i] and o in ("violation", "serious") else r), a, w)
                     for i, d, o, r, a, w in b.inspections]
    b.praise(rng, p[2026])
    # mechanical December grade from the bundle's own records and history
    for year in (2025, 2026):
        on = dt.date(year, 12, 15)
        net = np.zeros(n)
        sd = np.zeros(n, bool)
        for i, d, kind, exp, _ in b.records:
            if d > on or (exp is not None and exp < on):
                continue
            net[i] += {"bad": 1, "repair": -1}.get(kind, 0)
            sd[i] |= kind == "serious_dishonest"
        unrect = np.zeros(n)
        for i, d, o, r, *_ in b.inspections:
            if d <= on and d.year >= year - 1 and o in ("violation", "serious") and r == "false":
                unrect[i] += 1
        net = np.maximum(net, 0)
        g = np.where(sd | (net >= 2), "D", np.where((net >= 1) | (unrect > 0), "C", "A"))
        g = np.where((g == "A") & (rng.random(n) < 0.4), "B", g)  # B: 一般信用 for firms the platform knows little of
        b.grade(g, on)
    return b


def lab_sampling(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"ready_mix": 0.24, "testing": 0.12, "construction": 0.34, "municipal": 0.1,
                       "supervision": 0.08, "survey_design": 0.05, "other": 0.07})
    s = f["sector"].to_numpy()
    pours = np.isin(s, ["ready_mix", "construction", "municipal"])
    tests = np.isin(s, ["testing"])
    supplier = rng.integers(0, 8, n)
    sup_eff = rng.normal(0, 0.45, 8)
    u = rng.normal(0, 0.8, n)
    z0 = -2.3 + u + np.where(pours, sup_eff[supplier], 0.0) + lookup(s, {"ready_mix": 0.3, "testing": 0.1,
                                                                        "survey_design": -0.4, "other": -0.2})
    turned = pours & (supplier == 3)  # 机制砂含泥量超标 from July 2026
    z = yearly(z0, rng, 0.2)
    z[PLAN_YEAR] = z[PLAN_YEAR] + 0.8 * turned
    p = {t: logistic(z[t]) for t in z}
    b = Bureau(f, p[PLAN_YEAR])
    late = logistic(z[2026] + 0.8 * turned)
    for year in HISTORY:
        rate = np.where(pours | tests, 4.0, 1.2) * np.where(f["size"].isin(["medium", "large"]), 1.3, 1.0)
        for i in np.flatnonzero(rate > 0):
            for _ in range(int(rng.poisson(rate[i]))):
                day = a_day(rng, dt.date(year, 1, 10), dt.date(year, 12, 20))
                if b.open_on(int(i), day):
                    pp = late[i] if day >= dt.date(2026, 7, 1) else p[year][i]
                    b.inspect(rng, int(i), day, pp, minor=0.15, agency="zj" if pours[i] or tests[i] else "")
    double_random(b, rng, p, 0.06)
    complaints(b, rng, p, 0.01, 0.15, follow=0.4)
    b.penalties(rng, 0.5, "质量抽检不合格行政处罚")
    b.praise(rng, p[2025])
    for year in HISTORY:  # the mechanical grade on the past two years' finding rate
        on = dt.date(year, 12, 20)
        hits = np.zeros(n)
        seen = np.zeros(n)
        for i, d, o, *_ in b.inspections:
            if on - dt.timedelta(days=1095) <= d <= on:
                seen[i] += 1
                hits[i] += o in ("violation", "serious")
        rate_hat = (hits + 0.5) / (seen + 4.0)
        g = np.where(rate_hat < 0.08, "A", np.where(rate_hat < 0.14, "B", np.where(rate_hat < 0.25, "C", "D")))
        b.grade(g, on)
    return b


_FAULTY = ("420602", "420606", "420607")


def iot_false_alarms(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"gas": 0.28, "property_mgmt": 0.3, "municipal": 0.1, "construction": 0.16,
                       "real_estate": 0.06, "other": 0.1},
              remote_share={"gas": 0.7, "property_mgmt": 0.5, "construction": 0.35, "municipal": 0.4})
    s = f["sector"].to_numpy()
    remote = f["remote_monitoring"].to_numpy(bool)
    faulty = remote & np.isin(f["district_code"].to_numpy(), _FAULTY)
    u = rng.normal(0, 0.7, n)
    watched = np.isin(s, ["gas", "property_mgmt"])
    z0 = -2.4 + u + 0.9 * (watched & ~remote) + lookup(s, {"gas": 0.35, "municipal": 0.1, "real_estate": -0.3})
    z = yearly(z0, rng, 0.3)
    p = {t: logistic(z[t]) for t in z}
    b = Bureau(f, p[PLAN_YEAR])
    noise_rate = rng.uniform(3, 14, n)
    for year in HISTORY:
        rate = np.where(faulty, noise_rate, np.where(remote, 4.0 * p[year], 0.0))
        for i, day in b.trig(rng, rate, year, "data_monitoring", urgent=0.2):
            when = day + dt.timedelta(days=int(rng.integers(1, 10)))
            if rng.random() < 0.33 and b.open_on(i, when):
                b.inspect(rng, i, when, p[year][i], 0.25)
    double_random(b, rng, p, 0.13)
    complaints(b, rng, p, 0.03, 0.35)
    b.penalties(rng, 0.6)
    b.praise(rng, p[2026])
    b.grades = None  # this bureau holds no credit_grades.csv
    return b


def highrise_portfolio(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"property_mgmt": 0.45, "real_estate": 0.15, "construction": 0.14, "gas": 0.05,
                       "municipal": 0.06, "other": 0.15})
    s = f["sector"].to_numpy()
    estates = np.isin(s, ["property_mgmt", "real_estate"])
    high = np.where(estates, rng.beta(1.2, 2.4, n), 0.0)
    care = rng.normal(0, 0.6, n)
    z_care = -2.3 + care + lookup(s, {"gas": 0.3, "construction": 0.3, "real_estate": -0.2})
    z0 = z_care + 2.6 * high
    z = yearly(z0, rng, 0.25)
    p = {t: logistic(z[t]) for t in z}
    b = Bureau(f, p[PLAN_YEAR])
    seen = {t: np.where(estates, logistic(z_care + rng.normal(0, 0.3, n)), p[t]) for t in HISTORY}
    double_random(b, rng, seen, 0.12)
    for year in HISTORY:
        for i, day in b.trig(rng, 0.03 + 0.3 * seen[year] + 1.4 * high, year, "complaint"):
            when = day + dt.timedelta(days=int(rng.integers(3, 25)))
            if rng.random() < 0.3 and b.open_on(i, when):
                b.inspect(rng, i, when, seen[year][i], 0.3)
        b.trig(rng, 0.9 * high ** 2, year, "referral", urgent=0.15)  # 消防救援支队转办
    b.penalties(rng, 0.6)
    b.praise(rng, p[2025])
    for year, noise in ((2025, 0.5), (2026, 0.4)):  # the platform's grade from 消防 inspections
        b.grade(ranked_grades(z[year] + rng.normal(0, noise, n)), dt.date(year, 6, 30))
    return b


def takeover(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"construction": 0.36, "municipal": 0.1, "real_estate": 0.1, "property_mgmt": 0.12,
                       "supervision": 0.08, "ready_mix": 0.07, "gas": 0.05, "survey_design": 0.04, "testing": 0.04,
                       "other": 0.04})
    s = f["sector"].to_numpy()
    big = f["size"].isin(["medium", "large"]).to_numpy()
    builder = np.isin(s, ["construction", "municipal"])
    u = rng.normal(0, 0.65, n)
    z0 = -2.2 + u - 0.35 * big + lookup(s, {"construction": 0.25, "gas": 0.2, "survey_design": -0.4,
                                            "testing": -0.3, "real_estate": 0.1})
    # 保交楼专班: the builders handed stalled projects in 2026 are the big, well-run ones the city trusts
    cand = np.flatnonzero(builder & big)
    trust = np.exp(-1.5 * u[cand])
    k = max(1, int(0.35 * len(cand)))
    taken = np.zeros(n, bool)
    taken[rng.choice(cand, size=min(k, len(cand)), replace=False, p=trust / trust.sum())] = True
    handed = {int(i): a_day(rng, dt.date(2026, 5, 1), dt.date(2026, 11, 30)) for i in np.flatnonzero(taken)}
    burden = rng.uniform(0.8, 2.0, n) * taken
    z = yearly(z0, rng, 0.25)
    z[PLAN_YEAR] = z[PLAN_YEAR] + burden  # idle scaffolds and tower cranes, unpaid crews, rushed deadlines
    p = {t: logistic(z[t]) for t in z}
    b = Bureau(f, p[PLAN_YEAR])
    double_random(b, rng, p, 0.13)
    complaints(b, rng, p, 0.02, 0.35, follow=0.45)
    for i, day in handed.items():
        b.triggers.append((i, day + dt.timedelta(days=int(rng.integers(0, 20))), "referral", False))  # 专班交办
        if rng.random() < 0.6:  # 复工许可
            b.triggers.append((i, day + dt.timedelta(days=int(rng.integers(15, 50))), "enterprise_request", False))
        late = logistic(z[2026][i] + 0.5 * burden[i])
        for _ in range(int(rng.poisson(0.8))):  # the first resumption checks, weeks into the work
            when = day + dt.timedelta(days=int(rng.integers(20, 90)))
            if b.open_on(i, when):
                b.inspect(rng, i, when, float(late), agency="js")
    b.penalties(rng, 0.6)
    b.praise(rng, p[2025], rate=0.07)
    # the platform's 2026 rating (from its own sources), made before the hand-over shows
    for year, on in ((2025, dt.date(2025, 4, 30)), (2026, dt.date(2026, 4, 30))):
        b.grade(ranked_grades(z[year] + rng.normal(0, 0.55, n)), on)
    return b


_MAKERS = {"qualification_lending": qualification_lending, "repair_gaming": repair_gaming,
           "lab_sampling": lab_sampling, "iot_false_alarms": iot_false_alarms,
           "highrise_portfolio": highrise_portfolio, "takeover": takeover}


# ------------------------------------------------------------------------------------------- writing

def staff(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    teams, people = [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            tid = f"{ag}-{d}"
            teams.append((tid, ag, d, 5 if d == CITY else 3))
            for k, role in enumerate(["enforcement"] * 5 + ["auxiliary", "legal_review"]):
                cert = role == "enforcement"
                people.append((f"{tid}-{k:02d}", f"执法{ag}{d[-2:]}{k:02d}", tid, role,
                               f"鄂{int(rng.integers(10**8, 10**9))}" if cert else "", "2030-06-30" if cert else "",
                               int(rng.integers(60, 120)), int(rng.integers(45, 80)) if cert else ""))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(people, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                          "certificate_expires_on", "training_hours", "annual_visit_budget"]))


def write(b: Bureau, rng: np.random.Generator, folder: Path, family: str) -> None:
    f = b.firms
    folder.mkdir(parents=True)
    ent = f.drop(columns=["remote_monitoring"]).copy()
    ent["remote_monitoring"] = np.where(f["remote_monitoring"], "true", "false")
    ent.to_csv(folder / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(folder / "agencies.csv", index=False)
    pd.DataFrame(ITEMS, columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"]).to_csv(
        folder / "items.csv", index=False)
    teams, people = staff(rng)
    teams.to_csv(folder / "teams.csv", index=False)
    people.to_csv(folder / "officers.csv", index=False)
    ids = f["enterprise_id"].to_numpy()
    home_ag = f["sector"].map(HOME).to_numpy()
    home_d = f["district_code"].to_numpy()
    rows = []
    for k, (i, day, out, rect, ag, where) in enumerate(sorted(b.inspections, key=lambda r: (r[1], r[0], r[2]))):
        assert day < JAN1
        ag = ag or (home_ag[i] if rng.random() < 0.88 else str(rng.choice(["js", "zf", "fc", "zj"])))
        where = where or (home_d[i] if rng.random() < 0.85 else CITY)
        pair = sorted(rng.choice(5, size=2, replace=False))
        who = ";".join(f"{ag}-{where}-{j:02d}" for j in pair)
        rows.append((f"XY{day:%y%m%d}-{k:06d}", ids[i], ag, day.isoformat(), who, out, rect))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4])) if d < JAN1]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"XY-T{k:07d}", ids[i], home_ag[i], d.isoformat(), kind, "true" if urg else "false")
           for k, (i, d, kind, urg) in enumerate(sorted(b.triggers, key=lambda r: (r[1], r[0], r[2], r[3])))
           if d < JAN1]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0]))]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # 2027 调休
    policy = {"year": PLAN_YEAR, "seed": f"xiangyang-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _MAKERS:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 11])
    b = _MAKERS[family](rng, n)
    folder = out / "bundle"
    if folder.exists():
        shutil.rmtree(folder)
    write(b, rng, folder, family)
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": b.firms["enterprise_id"],
                  "p_violation": np.round(np.clip(b.p2027, 0.002, 0.98), 6)}).to_csv(truth, index=False)
    return folder, truth


if __name__ == "__main__":
    import sys

    print(generate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
