"""A twenty-first held-out bureau generator (issue 9) · 第二十一套独立生成的住建/城管执法局（贵州 遵义）.

Written from the contract (/work/shared/spec/bundle.md, rules.md, plan.md) and the harness's interface
(bench/foreign2/run.py ``use_generator``/``one_bureau``) without reading the product's risk model; judged as a black
box by ``bench/foreign2/run.py --generator bench/foreign21``.

Every bureau is the city of 遵义 (520302 红花岗区, 520303 汇川区, 520304 播州区, 520322 桐梓县, 520381 赤水市,
520382 仁怀市; city-level teams 520300), plan year 2027, registers 2024-01-01 .. 2026-12-31 (a few credit records
dated January 2027, as R-TIER allows). Each firm has a hidden logit per month (2024-01 .. 2027-12); a site check finds
a violation with that month's chance. ``truth.csv`` (beside the bundle) holds ``p_violation``: the mean over 2027's
twelve months of that chance. bench/foreign21/README.md tells each family's story and what carries the signal:

* ``gas_audit``        燃气 — an honest, fresh official grade (省燃气安全监管平台's December 隐患排查 audit).
* ``estate_12345``     物业 — grades for a fifth of firms only (a pilot of the well-run); old estates × small firms;
                        12345 complaints per household carry the signal.
* ``wage_arrears``     建筑施工 — 2026 drift: firms tied to distressed developers turn risky from mid-2026; the old
                        history misleads; 欠薪 complaints, 人社 referrals and 不良 records (some dated January 2027).
* ``slope_alarm``      深基坑/高边坡 — a rare data_monitoring alarm (位移超限) marks the few firms with a hazardous
                        mountain site in 2027.
* ``muck_targeted``    城管 渣土 — targeted past inspections (big visible sites), micro haulers rarely inspected but
                        riskiest; 交警 referrals and GPS alarms see them.
* ``concrete_minor``   预拌混凝土/检测 — sparse history; minor findings are the precursor of serious ones.
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
FAMILIES = ("gas_audit", "estate_12345", "wage_arrears", "slope_alarm", "muck_targeted", "concrete_minor")

CITY = "520300"
DISTRICTS = {"520302": "红花岗区", "520303": "汇川区", "520304": "播州区", "520322": "桐梓县", "520381": "赤水市",
             "520382": "仁怀市"}
DWEIGHT = {"520302": 0.27, "520303": 0.25, "520304": 0.17, "520322": 0.09, "520381": 0.08, "520382": 0.14}
_CENTRE = {"520302": (27.69, 106.92), "520303": (27.73, 106.93), "520304": (27.54, 106.83),
           "520322": (28.13, 106.83), "520381": (28.59, 105.70), "520382": (27.79, 106.40)}
_ROADS = ("中华路", "凤凰路", "丁字口", "北京路", "上海路", "大连路", "人民路", "海尔大道", "南京路", "洗马路",
          "珠海路", "茅台大道", "迎宾大道", "红军街")
AGENCIES = {"zy-js": "遵义市住房和城乡建设局", "zy-zf": "遵义市综合行政执法局", "zy-aj": "遵义市建设工程质量安全监督站",
            "zy-rq": "遵义市城镇燃气管理所", "zy-wy": "遵义市物业管理服务中心"}
HOME = {"construction": "zy-aj", "real_estate": "zy-js", "property_mgmt": "zy-wy", "gas": "zy-rq",
        "supervision": "zy-aj", "survey_design": "zy-js", "testing": "zy-aj", "ready_mix": "zy-aj",
        "municipal": "zy-zf", "other": "zy-zf"}
ITEMS = (
    ("ZY-JS-01", "zy-js", "建筑市场主体资质及市场行为检查", "《中华人民共和国建筑法》；《建筑业企业资质管理规定》",
     "construction;real_estate;supervision;survey_design;testing;ready_mix;municipal", "true"),
    ("ZY-JS-02", "zy-js", "房地产开发经营及预售资金监管检查", "《城市房地产开发经营管理条例》", "real_estate", "true"),
    ("ZY-AJ-01", "zy-aj", "房屋建筑和市政工程质量安全监督检查", "《建设工程安全生产管理条例》；《建设工程质量管理条例》",
     "construction;municipal;supervision;testing;ready_mix;survey_design", "false"),
    ("ZY-AJ-02", "zy-aj", "危险性较大的分部分项工程（深基坑、高边坡）专项检查", "《危险性较大的分部分项工程安全管理规定》",
     "construction;municipal;survey_design", "false"),
    ("ZY-WY-01", "zy-wy", "物业服务质量及共用设施设备管理检查", "《物业管理条例》；《贵州省物业管理条例》",
     "property_mgmt;real_estate", "true"),
    ("ZY-RQ-01", "zy-rq", "城镇燃气经营安全检查", "《城镇燃气管理条例》；《贵州省燃气管理条例》",
     "gas;property_mgmt;municipal;other", "true"),
    ("ZY-ZF-01", "zy-zf", "建筑垃圾（渣土）运输处置及工地扬尘执法检查",
     "《中华人民共和国固体废物污染环境防治法》；《城市建筑垃圾管理规定》", "construction;municipal;other;ready_mix;real_estate",
     "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("播州", "汇川", "湘江", "凤凰", "娄山", "赤水", "茅台", "仁怀", "海龙", "绥阳", "桐梓", "乌江", "大娄", "洛安", "遵红",
       "杉坪", "鸭溪", "新蒲")
_W2 = ("建", "宏", "兴", "安", "鑫", "德", "恒", "瑞", "达", "华", "正", "信", "和", "泰")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限公司", "supervision": "建设监理有限公司", "survey_design": "勘察设计有限公司",
           "testing": "工程检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "市政工程有限公司",
           "other": "渣土运输有限公司"}
_HEADS = {"micro": (2, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 2500)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
LATE = dt.date(PLAN_YEAR, 1, 25)  # last day a credit record may carry (uploaded late January)
M = 48
YEARS = (2024, 2025, 2026)
MON = np.arange(M) % 12 + 1
T = np.arange(M)


def uscc(first17: str) -> str:
    """统一社会信用代码 with its GB 32100-2015 check character."""
    total = sum(_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + _CHARS[(31 - total % 31) % 31]


def sig(x) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, float)))


def month_of(day: dt.date) -> int:
    return (day.year - 2024) * 12 + day.month - 1


def rand_day(rng: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers(0, max((hi - lo).days, 0) + 1)))


def pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def per(values: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([table.get(str(v), default) for v in values], float)


def season(months: tuple[int, ...], amp: float) -> np.ndarray:
    return amp * np.isin(MON, months)[None, :].astype(float)


def wander(rng: np.random.Generator, n: int, sd: float) -> np.ndarray:
    """AR(1) monthly wander of a firm's logit."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    for t in range(1, M):
        e[:, t] = 0.85 * e[:, t - 1] + rng.normal(0, sd * 0.53, n)
    return e


def by_rank(score: np.ndarray, shares=(0.25, 0.45, 0.2, 0.1)) -> np.ndarray:
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(np.cumsum(shares)[:3], q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             monitored: dict[str, float], newcomers: float) -> tuple[pd.DataFrame, np.ndarray]:
    """检查对象名录库 of n firms (optional cells sometimes blank) and each firm's first month in the register."""
    sector, size, dist = pick(rng, sectors, n), pick(rng, sizes, n), pick(rng, DWEIGHT, n)
    since = np.where(rng.random(n) < newcomers, rng.integers(1, 35, n), -1)
    lo = np.array([_HEADS[s][0] for s in size], float)
    hi = np.array([_HEADS[s][1] for s in size], float)
    heads = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))).astype(int)
    ids, names, est, addr, seen, taken = [], [], [], [], set(), set()
    for i in range(n):
        code = ""
        while not code or code in seen:
            code = uscc("91" + dist[i] + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        base = f"遵义{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_SUFFIX[sector[i]]}"
        name, k = base, 1
        while name in taken:
            k += 1
            name = base.replace("有限公司", f"{k}有限公司")
        taken.add(name)
        names.append(name)
        if since[i] >= 0:  # a newcomer: founded shortly before it entered the register
            y, m = 2024 + since[i] // 12, since[i] % 12 + 1
            day = dt.date(y, m, 1) - dt.timedelta(days=int(rng.integers(5, 200)))
        else:
            day = dt.date(2023, 12, 1) - dt.timedelta(days=int(rng.gamma(1.6, 2500)))
        est.append("" if rng.random() < 0.06 else day.isoformat())
        addr.append("" if rng.random() < 0.08 else
                    f"贵州省遵义市{DISTRICTS[dist[i]]}{_ROADS[rng.integers(len(_ROADS))]}{int(rng.integers(1, 600))}号")
    lat = np.array([_CENTRE[d][0] for d in dist]) + rng.normal(0, 0.04, n)
    lon = np.array([_CENTRE[d][1] for d in dist]) + rng.normal(0, 0.05, n)
    nogeo = rng.random(n) < 0.2
    f = pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": dist, "sector": sector, "size": size,
        "employees": np.where(rng.random(n) < 0.1, "", heads.astype(str)), "established_on": est, "address": addr,
        "lat": np.where(nogeo, "", np.char.mod("%.5f", lat)), "lon": np.where(nogeo, "", np.char.mod("%.5f", lon)),
        "remote_monitoring": rng.random(n) < per(sector, monitored, 0.04)})
    return f, since


def bulk(f: pd.DataFrame) -> np.ndarray:
    return per(f["size"].to_numpy(), {"micro": 0.4, "small": 1.0, "medium": 2.0, "large": 4.0})


@dataclass
class Bureau:
    firms: pd.DataFrame
    since: np.ndarray
    z: np.ndarray
    minor_extra: np.ndarray | None = None
    checks: list = field(default_factory=list)   # (i, day, outcome, rectified, agency)
    records: list = field(default_factory=list)  # (i, day, kind, expires, note)
    triggers: list = field(default_factory=list)  # (i, day, kind, urgent, agency)
    grades: list = field(default_factory=list)   # (i, grade, day)

    @property
    def n(self) -> int:
        return len(self.firms)

    def home(self, i: int) -> str:
        return HOME[str(self.firms["sector"].iat[i])]

    def open_on(self, i: int, day: dt.date, last: dt.date = JAN1) -> bool:
        return FIRST <= day < last and month_of(day) >= self.since[i]

    def p_year(self, year: int) -> np.ndarray:
        k = (year - 2024) * 12
        return sig(self.z[:, k:k + 12]).mean(axis=1)

    def inspect(self, rng, i: int, day: dt.date, agency: str = "", eye: float = 1.0) -> None:
        if not self.open_on(i, day):
            return
        p = min(0.95, float(sig(self.z[i, month_of(day)])) * eye)
        if rng.random() < p:
            outcome = "serious" if rng.random() < 0.05 + 0.4 * p else "violation"
            late = (JAN1 - day).days < 40 and rng.random() < 0.75
            fixed = "" if late else ("true" if rng.random() < 0.9 - 0.5 * p else "false")
        else:
            extra = 0.0 if self.minor_extra is None else float(self.minor_extra[i])
            outcome, fixed = ("minor" if rng.random() < 0.1 + 0.4 * p + extra else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency or self.home(i)))

    def sweep(self, rng, share, agency: str = "", eye: float = 1.0, years=YEARS) -> None:
        """双随机 or campaign checks: each year a per-firm share is visited between March and mid-December."""
        for year in years:
            for i in np.flatnonzero(rng.random(self.n) < np.broadcast_to(share, (self.n,))):
                self.inspect(rng, int(i), rand_day(rng, dt.date(year, 3, 1), dt.date(year, 12, 15)), agency, eye)

    def trigger(self, rng, i: int, day: dt.date, kind: str, agency: str = "", urgent: float = 0.05,
                follow: float = 0.0, eye: float = 1.0) -> None:
        if not self.open_on(i, day):
            return
        ag = agency or self.home(i)
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), ag))
        if rng.random() < follow:
            self.inspect(rng, i, day + dt.timedelta(days=int(rng.integers(1, 15))), ag, eye)

    def monthly(self, rng, rate: Callable[[int], np.ndarray], kind: str, agency: str = "", urgent: float = 0.05,
                follow: float = 0.0, eye: float = 1.0, months=range(36)) -> None:
        """Poisson triggers month by month; ``rate(m)`` is the per-firm expected count in month m."""
        for m in months:
            k = rng.poisson(np.clip(np.broadcast_to(rate(m), (self.n,)), 0, None))
            for i in np.flatnonzero(k):
                for _ in range(int(k[i])):
                    day = dt.date(2024 + m // 12, m % 12 + 1, int(rng.integers(1, 29)))
                    self.trigger(rng, int(i), day, kind, agency, urgent, follow, eye)

    def record(self, i: int, day: dt.date, kind: str, expires: dt.date | None, note: str) -> None:
        if self.open_on(i, day, LATE + dt.timedelta(days=1)):
            self.records.append((i, day, kind, expires, note))

    def penalties(self, rng, share: float, note: str, dishonest: str, repair: float = 0.3) -> None:
        """Penalised findings become 不良 records; serious unrectified ones sometimes 严重失信; some repaired."""
        for i, day, outcome, fixed, _ in list(self.checks):
            if outcome not in ("violation", "serious") or rng.random() >= share:
                continue
            on = day + dt.timedelta(days=int(rng.integers(15, 75)))
            life = int(rng.choice([183, 365, 730, 1095], p=[0.3, 0.4, 0.2, 0.1]))
            self.record(i, on, "bad", None if rng.random() < 0.06 else on + dt.timedelta(days=life), note)
            if outcome == "serious" and rng.random() < (0.55 if fixed == "false" else 0.1):
                self.record(i, on + dt.timedelta(days=int(rng.integers(7, 45))), "serious_dishonest",
                            None if rng.random() < 0.1 else on + dt.timedelta(days=1095), dishonest)
                if fixed == "true" and rng.random() < 0.4:
                    self.record(i, on + dt.timedelta(days=int(rng.integers(120, 400))), "repair", None,
                                "信用修复：已完成整改、履行处罚并作出信用承诺")
            elif fixed == "true" and rng.random() < repair:
                self.record(i, on + dt.timedelta(days=int(rng.integers(90, 300))), "repair", None,
                            "信用修复：已整改到位")

    def honours(self, rng, good, commend, good_note: str, commend_note: str) -> None:
        for year in YEARS:
            for kind, rate, note in (("good", good, good_note), ("commendation", commend, commend_note)):
                for i in np.flatnonzero(rng.random(self.n) < np.broadcast_to(rate, (self.n,))):
                    on = rand_day(rng, dt.date(year, 1, 10), dt.date(year, 12, 28))
                    self.record(int(i), on, kind, None if rng.random() < 0.2 else on + dt.timedelta(days=1095), note)

    def grade_all(self, score: np.ndarray, day: dt.date, shares=(0.25, 0.45, 0.2, 0.1), who=None) -> None:
        idx = np.flatnonzero((self.since <= month_of(day)) & (np.ones(self.n, bool) if who is None else who))
        for i, g in zip(idx, by_rank(score[idx], shares), strict=True):
            self.grades.append((int(i), str(g), day))

    def points(self, day: dt.date) -> np.ndarray:
        """A mechanical bureau points rule from the last two years' findings and records (higher = worse)."""
        pts = np.zeros(self.n)
        w = {"serious": 4.0, "violation": 2.0, "minor": 0.3}
        for i, d, outcome, _, _ in self.checks:
            if d < day and (day - d).days < 730:
                pts[i] += w.get(outcome, 0.0)
        rw = {"bad": 3.0, "serious_dishonest": 8.0, "good": -1.0, "commendation": -2.0, "repair": -1.5}
        for i, d, kind, _, _ in self.records:
            if d < day and (day - d).days < 730:
                pts[i] += rw[kind]
        return pts


# ------------------------------------------------------------------------------------------- families

def gas_audit(rng, n: int) -> Bureau:
    """燃气: the 省燃气安全监管平台 grades every firm each December from its own 隐患排查 audit — honest and fresh."""
    f, since = register(rng, n, {"gas": 0.55, "municipal": 0.12, "property_mgmt": 0.12, "other": 0.11,
                                 "real_estate": 0.05, "construction": 0.05},
                        {"micro": 0.35, "small": 0.4, "medium": 0.18, "large": 0.07},
                        {"gas": 0.5, "municipal": 0.3, "property_mgmt": 0.2}, 0.08)
    gas = (f["sector"].to_numpy() == "gas")
    habit = rng.normal(0, 0.95, n)
    oldpipe = rng.beta(2, 3, n) * gas  # share of 老旧管网/餐饮用户 served
    z = (-2.7 + habit[:, None] + 1.4 * oldpipe[:, None] + season((12, 1, 2), 0.35) * gas[:, None]
         + wander(rng, n, 0.3))
    b = Bureau(f, since, z)
    b.sweep(rng, np.where(gas, 0.3, 0.15))
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * (0.01 + 0.15 * sig(z[:, m])), "data_monitoring", "zy-rq", urgent=0.4, follow=0.4)
    b.monthly(rng, lambda m: 0.004 + 0.05 * sig(z[:, m]) * np.sqrt(bulk(f)), "complaint", urgent=0.1, follow=0.3)
    b.monthly(rng, lambda m: 0.002 + 0.03 * sig(z[:, m]), "referral", "zy-rq", urgent=0.3, follow=0.6)  # 消防
    b.monthly(rng, lambda m: np.full(n, 0.03), "enterprise_request", "zy-rq", urgent=0.0, follow=0.1)  # 许可变更
    b.penalties(rng, 0.6, "燃气经营违法行为行政处罚", "列入燃气行业严重失信主体名单")
    for i, d, outcome, _fixed, _ in b.checks:  # December's serious findings are listed in January 2027
        if outcome == "serious" and d >= dt.date(2026, 11, 15) and rng.random() < 0.7:
            b.record(i, rand_day(rng, dt.date(2027, 1, 4), dt.date(2027, 1, 22)), "serious_dishonest",
                     dt.date(2030, 1, 20), "列入燃气行业严重失信主体名单（2026年第四季度）")
    b.honours(rng, 0.05 + 0.1 * sig(-habit - 1), 0.01, "燃气安全标准化达标单位", "遵义市燃气安全先进单位")
    for year in YEARS:  # the audit sees next year's risk well (fresh, honest)
        k = (year - 2023) * 12
        b.grade_all(z[:, k:k + 12].mean(axis=1) + rng.normal(0, 0.35, n), dt.date(year, 12, 18))
    return b


def estate_12345(rng, n: int) -> Bureau:
    """物业: risk = old estates run by small firms; 12345 complaints per household tell it; few grades."""
    f, since = register(rng, n, {"property_mgmt": 0.75, "real_estate": 0.13, "other": 0.07, "gas": 0.05},
                        {"micro": 0.3, "small": 0.42, "medium": 0.2, "large": 0.08},
                        {"property_mgmt": 0.25, "real_estate": 0.1}, 0.1)
    size = f["size"].to_numpy()
    small = np.isin(size, ["micro", "small"])
    old = rng.beta(1.6, 2.2, n)
    habit = rng.normal(0, 0.6, n)
    z = (-2.9 + 2.6 * old[:, None] * np.where(small, 1.0, 0.25)[:, None] + habit[:, None]
         + season((6, 7, 8), 0.3) + wander(rng, n, 0.25))
    b = Bureau(f, since, z)
    b.sweep(rng, 0.14)
    hh = bulk(f)  # households served
    b.monthly(rng, lambda m: 0.02 * hh + 0.25 * sig(z[:, m]) * hh ** 0.3, "complaint", "zy-wy", urgent=0.05,
              follow=0.25)
    b.monthly(rng, lambda m: 0.001 + 0.02 * sig(z[:, m]) * old, "referral", "zy-wy", urgent=0.2, follow=0.6)  # 街道
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * (0.01 + 0.08 * sig(z[:, m])), "data_monitoring", "zy-wy", urgent=0.3,
              follow=0.3)  # 电梯/二次供水 监测
    b.monthly(rng, lambda m: 0.012 * hh, "enterprise_request", "zy-wy", urgent=0.0, follow=0.05)  # 收费备案
    b.penalties(rng, 0.5, "物业服务违法违规行为记录", "列入物业服务严重失信主体名单")
    b.honours(rng, 0.04 + 0.06 * (~small), 0.012 * (~small), "物业服务星级项目", "遵义市优秀物业服务企业")
    pilot = rng.random(n) < np.where(small, 0.08, 0.55) * sig(1.0 - 2 * old)  # the 2025 信用评价 pilot
    for day in (dt.date(2025, 6, 30), dt.date(2026, 6, 30)):
        k = month_of(day)
        b.grade_all(z[:, k - 6:k + 6].mean(axis=1) + rng.normal(0, 0.6, n), day, (0.4, 0.4, 0.15, 0.05), pilot)
    return b


def wage_arrears(rng, n: int) -> Bureau:
    """建筑施工: from mid-2026 firms tied to distressed developers cut corners; the old record misleads."""
    f, since = register(rng, n, {"construction": 0.65, "municipal": 0.14, "real_estate": 0.1, "supervision": 0.06,
                                 "other": 0.05}, {"micro": 0.15, "small": 0.45, "medium": 0.28, "large": 0.12},
                        {"construction": 0.3, "municipal": 0.2}, 0.07)
    habit = rng.normal(0, 0.8, n)
    exposure = sig(rng.normal(-1.3, 1.3, n) - 0.4 * habit)  # aggressive, well-run growers bet on developers
    ramp = np.clip((T - 28) / 10.0, 0, 1)[None, :]  # May 2026 → March 2027
    weight = np.where(T < 30, 1.0, 0.45)[None, :]
    z = -2.6 + weight * habit[:, None] + 3.2 * exposure[:, None] * ramp + wander(rng, n, 0.25)
    b = Bureau(f, since, z)
    b.sweep(rng, 0.22)
    sz = bulk(f)
    stress = lambda m: exposure * np.clip((m - 27) / 8.0, 0, 1)  # noqa: E731
    b.monthly(rng, lambda m: 0.005 * sz + 0.12 * stress(m) * np.sqrt(sz), "complaint", "zy-js", urgent=0.25,
              follow=0.3)  # 农民工欠薪投诉 (12345)
    b.monthly(rng, lambda m: 0.003 + 0.06 * stress(m), "referral", "zy-js", urgent=0.2, follow=0.5)  # 人社
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * (0.015 + 0.03 * sig(z[:, m])), "data_monitoring", "zy-aj", urgent=0.3,
              follow=0.3)  # 实名制考勤
    b.monthly(rng, lambda m: 0.02 * sz, "enterprise_request", "zy-aj", urgent=0.0, follow=0.05)  # 竣工验收
    b.penalties(rng, 0.65, "建筑施工违法违规行政处罚", "列入建筑市场主体严重失信名单")
    for i in np.flatnonzero(exposure > 0.5):  # 拖欠农民工工资 不良记录 (人社 list), many uploaded January 2027
        if rng.random() < 0.55 * exposure[i]:
            on = rand_day(rng, dt.date(2026, 9, 1), dt.date(2027, 1, 20))
            b.record(int(i), on, "bad", on + dt.timedelta(days=730), "拖欠农民工工资失信联合惩戒对象（人社部门推送）")
            if exposure[i] > 0.8 and rng.random() < 0.25:
                b.record(int(i), on + dt.timedelta(days=10), "serious_dishonest", on + dt.timedelta(days=1095),
                         "列入拖欠农民工工资失信联合惩戒对象名单")
    b.honours(rng, 0.05 + 0.12 * sig(-habit), 0.01 + 0.03 * (exposure > 0.5), "安全文明标准化工地",
              "遵义市建筑业优秀企业")
    for year in (2024, 2025):  # the bureau's annual points grade; none published for 2026 yet
        b.grade_all(b.points(dt.date(year, 12, 20)) + rng.normal(0, 0.5, n), dt.date(year, 12, 20))
    return b


def slope_alarm(rng, n: int) -> Bureau:
    """深基坑/高边坡: a few firms carry a hazardous mountain site into 2027; the 自动化监测 alarm is rare but tells."""
    f, since = register(rng, n, {"construction": 0.5, "municipal": 0.14, "supervision": 0.1, "survey_design": 0.1,
                                 "testing": 0.08, "ready_mix": 0.08}, {"micro": 0.15, "small": 0.45, "medium": 0.28,
                                                                       "large": 0.12},
                        {"construction": 0.25, "municipal": 0.2}, 0.06)
    s = f["sector"].to_numpy()
    digs = np.isin(s, ["construction", "municipal", "survey_design"])
    habit = rng.normal(0, 0.75, n)
    start = np.where(digs & (rng.random(n) < 0.09), rng.integers(24, 36, n), 99)  # site opens during 2026
    hazard = (T[None, :] >= start[:, None]).astype(float)
    z = (-2.8 + habit[:, None] + 2.3 * hazard + season((5, 6, 7, 8), 0.35) * digs[:, None]  # 雨季
         + wander(rng, n, 0.25))
    b = Bureau(f, since, z)
    b.sweep(rng, 0.2)
    sz = bulk(f)
    b.monthly(rng, lambda m: 0.1 * (m >= start) + 0.0006, "data_monitoring", "zy-aj", urgent=0.6, follow=0.5)
    b.monthly(rng, lambda m: 0.01 * sz + 0.01 * sig(z[:, m]), "complaint", "zy-zf", urgent=0.05, follow=0.2)  # 噪声
    b.monthly(rng, lambda m: 0.002 + 0.02 * sig(z[:, m]), "referral", "zy-aj", urgent=0.2, follow=0.5)  # 自然资源
    b.monthly(rng, lambda m: 0.02 * sz + 0.04 * (m >= start - 2) * (m < start + 2), "enterprise_request", "zy-aj",
              urgent=0.0, follow=0.1)  # 危大工程 专项方案备案, and ordinary 开工/竣工 filings
    b.penalties(rng, 0.6, "建设工程质量安全行政处罚", "列入建筑市场主体严重失信名单")
    b.honours(rng, 0.06 + 0.1 * sig(-habit - 0.5), 0.01, "贵州省建筑施工安全生产标准化工地", "遵义市优质工程（娄山杯）")
    for year in YEARS:
        b.grade_all(b.points(dt.date(year, 12, 15)) + 0.5 * habit + rng.normal(0, 0.8, n), dt.date(year, 12, 15))
    return b


def muck_targeted(rng, n: int) -> Bureau:
    """城管 渣土: the brigade inspects big visible sites; micro haulers, rarely seen, are the riskiest."""
    f, since = register(rng, n, {"other": 0.35, "construction": 0.38, "municipal": 0.15, "ready_mix": 0.07,
                                 "real_estate": 0.05}, {"micro": 0.3, "small": 0.35, "medium": 0.23, "large": 0.12},
                        {"other": 0.35, "construction": 0.15}, 0.12)
    size = f["size"].to_numpy()
    hauler = f["sector"].to_numpy() == "other"
    sizefx = per(size, {"micro": 1.1, "small": 0.5, "medium": 0.0, "large": -0.5})
    habit = rng.normal(0, 0.75, n)
    night = rng.random(n) < 0.25 * hauler + 0.05  # 夜间偷倒
    z = (-2.7 + sizefx[:, None] + habit[:, None] + 0.9 * night[:, None] + season((3, 4, 10, 11), 0.2)
         + wander(rng, n, 0.25))
    b = Bureau(f, since, z)
    visible = per(size, {"micro": 0.04, "small": 0.12, "medium": 0.45, "large": 0.85})
    b.sweep(rng, visible, "zy-zf", eye=1.15)  # targeted: the eye is sharp where it looks
    sz = bulk(f)
    b.monthly(rng, lambda m: 0.012 * sz + 0.02 * sig(z[:, m]), "complaint", "zy-zf", urgent=0.05, follow=0.5)
    b.monthly(rng, lambda m: 0.001 + 0.06 * sig(z[:, m]) * hauler * (m >= 12), "referral", "zy-zf", urgent=0.1,
              follow=0.35)  # 交警 超载/抛洒 抓拍 from 2025
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * (0.005 + 0.12 * sig(z[:, m]) * (1 + night)), "data_monitoring", "zy-zf",
              urgent=0.2, follow=0.25)  # 渣土车 GPS 轨迹异常
    b.monthly(rng, lambda m: 0.025 * sz, "enterprise_request", "zy-zf", urgent=0.0, follow=0.1)  # 处置核准
    b.penalties(rng, 0.7, "建筑垃圾运输处置违法行政处罚", "列入城市管理领域严重失信名单")
    b.honours(rng, 0.02 + 0.05 * (sz >= 2), 0.01 * (sz >= 2), "渣土运输规范化企业", "遵义市文明施工先进单位")
    for year in YEARS:
        pts = b.points(dt.date(year, 12, 10))
        b.grade_all(pts + rng.normal(0, 0.3, n), dt.date(year, 12, 10), (0.3, 0.5, 0.13, 0.07),
                    rng.random(n) < 0.45)
    return b


def concrete_minor(rng, n: int) -> Bureau:
    """预拌混凝土/检测: sparse checks; sloppiness shows first as minor findings, rarely as violations."""
    f, since = register(rng, n, {"ready_mix": 0.42, "testing": 0.28, "supervision": 0.15, "survey_design": 0.15},
                        {"micro": 0.1, "small": 0.5, "medium": 0.3, "large": 0.1},
                        {"ready_mix": 0.4, "testing": 0.5}, 0.06)
    slop = rng.normal(0, 1.0, n)
    z = -3.1 + 1.15 * slop[:, None] + 0.3 * rng.normal(0, 1, n)[:, None] + wander(rng, n, 0.2)
    b = Bureau(f, since, z, minor_extra=0.55 * sig(2.2 * slop) - 0.15)
    b.sweep(rng, 0.3, "zy-aj")
    mon = f["remote_monitoring"].to_numpy(bool)
    b.monthly(rng, lambda m: mon * (0.01 + 0.06 * sig(slop)), "data_monitoring", "zy-aj", urgent=0.1,
              follow=0.15)  # 检测监管平台 数据异常 (weak)
    b.monthly(rng, lambda m: 0.004 + 0.01 * sig(z[:, m]), "complaint", "zy-aj", urgent=0.05, follow=0.3)
    b.monthly(rng, lambda m: 0.001 + 0.02 * sig(z[:, m]), "referral", "zy-aj", urgent=0.2, follow=0.6)
    b.monthly(rng, lambda m: np.full(n, 0.025), "enterprise_request", "zy-js", urgent=0.0, follow=0.1)  # 资质延续
    b.penalties(rng, 0.75, "工程质量检测/预拌混凝土违法违规行政处罚", "列入建设工程质量严重失信名单", repair=0.45)
    b.honours(rng, 0.06 + 0.06 * sig(-slop), 0.012, "质量信得过单位", "遵义市建设工程质量管理先进单位")
    for year in YEARS:  # 资质动态核查: reads 不良 records only
        b.grade_all(b.points(dt.date(year, 11, 30)) + rng.normal(0, 1.0, n), dt.date(year, 11, 30),
                    (0.35, 0.45, 0.15, 0.05))
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "gas_audit": gas_audit, "estate_12345": estate_12345, "wage_arrears": wage_arrears,
    "slope_alarm": slope_alarm, "muck_targeted": muck_targeted, "concrete_minor": concrete_minor}


# ------------------------------------------------------------------------------------------- files

def staff(rng) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    teams, officers, away = [], [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            team = f"{ag}-{d}"
            teams.append((team, ag, d, 4 if d == CITY else 2))
            for k, role in enumerate(("enforcement",) * 5 + ("auxiliary", "legal_review")):
                sworn = role == "enforcement"
                oid = f"{team}-{k:02d}"
                officers.append((oid, f"{DISTRICTS.get(d, '市本级')}执法人员{ag[3:]}{k:02d}", team, role,
                                 f"黔{int(rng.integers(10**7, 10**8))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2031))}-{int(rng.integers(1, 13)):02d}-28" if sworn else "",
                                 "" if rng.random() < 0.1 else int(rng.integers(30, 100)),
                                 "" if not sworn or rng.random() < 0.5 else int(rng.integers(30, 80))))
                if rng.random() < 0.1:
                    lo = rand_day(rng, dt.date(2027, 2, 1), dt.date(2027, 11, 1))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(3, 30)))).isoformat(),
                                 str(rng.choice(["年休假", "省厅集中培训", "抽调专项整治", "病假"]))))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]),
            pd.DataFrame(away, columns=["officer_id", "start_on", "end_on", "reason"]))


def write(b: Bureau, rng, folder: Path, family: str) -> None:
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
    ids, dist = f["enterprise_id"].to_numpy(), f["district_code"].to_numpy()
    rows = []
    for k, (i, day, outcome, fixed, ag) in enumerate(sorted(b.checks, key=lambda c: (c[1], c[0], c[2], c[4]))):
        if not FIRST <= day < JAN1:
            continue
        team = f"{ag}-{dist[i] if rng.random() < 0.75 else CITY}"
        pair = sorted(int(x) for x in rng.choice(5, size=2, replace=False))
        rows.append((f"ZY{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4])) if FIRST <= d <= LATE]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"ZYT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[4])))
           if FIRST <= d < JAN1]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0])) if d < JAN1]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))], str(rng.choice(["配偶系该企业股东",
                                                                                       "近三年曾在该企业任职"])))
           for _ in range(max(3, len(ids) // 250))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # the 2027 调休 stand-in
    policy = {"year": PLAN_YEAR, "seed": f"zunyi-2027-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths. Deterministic by (seed, family, n)."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 21])
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
