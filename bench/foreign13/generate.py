"""A thirteenth held-out bureau generator (issue 9) · 第十三套独立生成的住建/城管执法局.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's risk model or its scenarios. The product is judged as a black box by
``bench/foreign2/run.py --generator bench/foreign13``.

Every bureau is a city of 洛阳 (districts 410302 老城区, 410303 西工区, 410304 瀍河回族区, 410305 涧西区, 410307 偃师区,
410308 孟津区, 410311 洛龙区, 410323 新安县; city-level teams 410300), plan year 2027, history 2024–2026. Each firm has
a hidden logit (per year, or per month where the family moves within a year); a past inspection finds a violation
with the chance its logit gives on that day. ``truth.csv`` (beside the bundle, never inside) holds ``p_violation``:
the chance that a site inspection on a random day of 2027 finds a violation (the mean over the twelve months).

Families (what is hidden · how the history was made · what the official grade is):

* ``court_enforcement`` 涉诉被执行 — a firm's risk grows with the court enforcement cases (被执行案件: unpaid
  工程款, 材料款, 租赁费) open against it; a firm in enforcement cuts its safety spending. Cases arrive at a hidden
  firm-specific rate (developers and small builders more) and close after about a year and a half. Traces in the
  bundle are thin: a few 材料商 complaints, the 双随机 lottery. GRADE PLATFORM-DERIVED, TRACKING: the platform rates
  each January and July from the courts' 被执行人 list and 税务 arrears (neither in the bundle).
* ``qualification_upgrade`` 资质升级 — a third of the firms apply for a higher 资质等级 at some point from 2024 to
  mid-2027. In the twelve months before applying they tidy up (safety staff hired, awards sought: 优良 records); once
  approved (about five months later) they bid for bigger projects than their crews can run and their risk jumps for
  two years. Traces: the application (enterprise_request), the 资质核查 site check during the tidy-up. GRADE
  MECHANICAL, NOT TRACKING: each December from the bundle's own credit records and inspection history (points:
  100 − bad/serious records in force + good/commendations − the last two years' finding rate; fixed cut-offs;
  ``Bureau.mechanical_grade``).
* ``delivery_defects`` 交付质量 — builders' and developers' risk is a stable quality habit times how many projects
  they hand over in the year (渗漏, 开裂, 空鼓 at 分户验收). The 质监站 visits every open project a few times a
  year and every handover gets completion checks, so the history is rich and faithful; residents complain the year after a handover; the 预售许可 filings (enterprise
  requests) two years ahead announce 2027's handovers. GRADE MECHANICAL, TRACKING: the same points rule as
  qualification_upgrade, which here follows the truth.
* ``night_noise`` 夜间施工 — a 城管 brigade's bureau: firms that work nights without a 夜间施工许可 are the risky
  ones (a lasting habit, with general sloppiness); firms that work nights with a permit draw as many noise complaints
  and 扬尘噪声 monitor alarms but are no riskier. Permits are filed as enterprise requests. A complaint means risk only
  where no permit was asked for. NO GRADES: the bureau has no credit_grades.csv.
* ``injury_claims`` 工伤与安责险 — risk follows a hidden care level that wanders year to year (AR(1), ρ 0.75), seen
  best through the firm's 工伤 claims (人社, not in the bundle). Only serious accidents reach the bureau (应急管理
  referrals). GRADE PLATFORM-DERIVED, PARTIAL: the 安责险 insurer's rating, imported each April, from claims per
  insured worker; only the insured sectors (construction, municipal, labour services 'other') are rated.
* ``price_squeeze`` 低价中标 — firms with a low-bid strategy win contracts below cost (低于成本价中标), mostly from
  2025, and cut safety on those sites; risk grows with the share of their open contracts won low. Traces: 合同备案
  filings (enterprise requests) show how many contracts, not at what price; losing bidders' 质疑投诉 (complaints) on
  a part of the low wins. GRADE PLATFORM-DERIVED, STALE: the 公共资源交易中心's 异常低价 flags, rated each March from
  the previous year's bids only.
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
FAMILIES = ("court_enforcement", "qualification_upgrade", "delivery_defects", "night_noise", "injury_claims",
            "price_squeeze")

CITY = "410300"
DISTRICTS = {"410302": "老城区", "410303": "西工区", "410304": "瀍河回族区", "410305": "涧西区", "410307": "偃师区",
             "410308": "孟津区", "410311": "洛龙区", "410323": "新安县"}
_DIST_P = np.array([0.1, 0.16, 0.08, 0.18, 0.12, 0.1, 0.18, 0.08])
_STREETS = ("中州中路", "九都路", "开元大道", "王城大道", "西苑路", "南昌路", "凯旋路", "定鼎路", "长春路", "龙门大道",
            "关林路", "古城路", "洛宜路", "宇文恺街", "牡丹大道", "翠云路", "玻璃厂路", "唐宫路")
AGENCIES = {"ly-zjj": "洛阳市住房和城乡建设局", "ly-zf": "洛阳市城市管理综合执法支队",
            "ly-zjz": "洛阳市建设工程质量安全监督站", "ly-fc": "洛阳市房产服务中心", "ly-rq": "洛阳市城市燃气管理处"}
HOME_AGENCY = {"construction": "ly-zjj", "real_estate": "ly-fc", "property_mgmt": "ly-fc", "gas": "ly-rq",
               "supervision": "ly-zjj", "survey_design": "ly-zjj", "testing": "ly-zjz", "ready_mix": "ly-zjz",
               "municipal": "ly-zf", "other": "ly-zf"}
ITEMS = (
    ("LY-ZJ-01", "ly-zjj", "建筑施工安全生产检查", "《建设工程安全生产管理条例》第四十条",
     "construction;municipal;supervision;other", "false"),
    ("LY-ZJ-02", "ly-zjj", "建设工程企业资质动态核查", "《建设工程企业资质管理制度改革方案》；《建筑业企业资质管理规定》",
     "construction;supervision;survey_design;municipal;testing", "true"),
    ("LY-ZJZ-01", "ly-zjz", "工程质量监督和竣工验收监督检查", "《建设工程质量管理条例》第四十三条",
     "construction;real_estate;testing;ready_mix;supervision", "false"),
    ("LY-FC-01", "ly-fc", "商品房预售和交付使用检查", "《城市商品房预售管理办法》；《城市房地产开发经营管理条例》",
     "real_estate;property_mgmt", "true"),
    ("LY-ZF-01", "ly-zf", "建筑施工噪声和扬尘执法检查", "《中华人民共和国噪声污染防治法》第四十三条；《河南省大气污染防治条例》",
     "construction;municipal;ready_mix;other;real_estate", "false"),
    ("LY-ZF-02", "ly-zf", "城市管理综合行政执法检查", "《河南省城市市容和环境卫生管理条例》", ";".join(SECTORS), "false"),
    ("LY-RQ-01", "ly-rq", "燃气经营安全检查", "《城镇燃气管理条例》第四十一条", "gas", "true"),
)
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_NAME1 = ("洛", "河洛", "伊洛", "龙门", "牡丹", "九朝", "邙山", "天堂", "明堂", "瀍河", "涧河", "嵩", "伊川", "洛浦",
          "白马", "丽景", "定鼎", "中原")
_NAME2 = ("兴", "隆", "誉", "正", "通", "祥", "立", "鑫", "嘉", "昊", "腾", "润", "丰", "聚")
_TAIL = {"construction": "建筑工程有限公司", "real_estate": "置业有限公司", "property_mgmt": "物业管理有限公司",
         "gas": "燃气有限公司", "supervision": "建设监理有限公司", "survey_design": "勘测设计有限公司",
         "testing": "工程检测有限公司", "ready_mix": "商砼有限公司", "municipal": "市政工程有限公司",
         "other": "建筑劳务有限公司"}
_STAFF = {"micro": (3, 12), "small": (12, 90), "medium": (90, 320), "large": (320, 2500)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
START = dt.date(HISTORY[0], 1, 1)
GRADE_SHARE = (0.3, 0.45, 0.17, 0.08)  # A B C D
MONTHS = [(y, m) for y in (*HISTORY, PLAN_YEAR) for m in range(1, 13)]


def credit_code(first17: str) -> str:
    """统一社会信用代码 with its GB 32100-2015 check character."""
    s = sum(_CODE_CHARS.index(c) * w for c, w in zip(first17, _CODE_W, strict=True))
    return first17 + _CODE_CHARS[(31 - s % 31) % 31]


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, float)))


def day_in(rng: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers(0, max((hi - lo).days, 0) + 1)))


def choose(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def lookup(values: np.ndarray, table: dict[str, float]) -> np.ndarray:
    return np.array([table.get(str(v), 0.0) for v in values])


def ranked(score: np.ndarray) -> np.ndarray:
    """Grades by rank of a score: the lowest GRADE_SHARE[0] A ... the highest D."""
    q = np.argsort(np.argsort(score, kind="stable"), kind="stable") / max(len(score) - 1, 1)
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(np.cumsum(GRADE_SHARE)[:-1], q, side="right")]


def month_index(day: dt.date) -> int:
    return (day.year - HISTORY[0]) * 12 + day.month - 1


def firms(rng: np.random.Generator, n: int, sectors: dict[str, float],
          sizes: dict[str, float] | None = None, monitored: dict[str, float] | None = None) -> pd.DataFrame:
    """检查对象名录库 of n firms."""
    sector = choose(rng, sectors, n)
    size = choose(rng, sizes or {"micro": 0.3, "small": 0.42, "medium": 0.2, "large": 0.08}, n)
    lo = np.array([_STAFF[s][0] for s in size], float)
    hi = np.array([_STAFF[s][1] for s in size], float)
    staff = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi)))).astype(int)
    years = np.where(rng.random(n) < 0.08, rng.uniform(0.3, 2.5, n), np.minimum(2.0 + rng.gamma(1.8, 5.0, n), 35))
    est = np.array([JAN1 - dt.timedelta(days=int(a * 365.25)) for a in years], dtype=object)
    share = monitored or {"gas": 0.7, "construction": 0.35, "municipal": 0.25, "ready_mix": 0.5}
    mon = rng.random(n) < np.maximum(lookup(sector, share), 0.03)
    district = rng.choice(np.array(list(DISTRICTS), dtype=object), size=n, p=_DIST_P)
    ids, names, addresses, seen_ids, seen_names = [], [], [], set(), set()
    for i in range(n):
        code = ""
        while not code or code in seen_ids:
            code = credit_code("91" + district[i] + "".join(rng.choice(list(_CODE_CHARS), size=9)))
        seen_ids.add(code)
        ids.append(code)
        base = f"洛阳{_NAME1[rng.integers(len(_NAME1))]}{_NAME2[rng.integers(len(_NAME2))]}{_TAIL[sector[i]]}"
        name, k = base, 1
        while name in seen_names:
            k += 1
            name = f"{base}{DISTRICTS[district[i]][:2]}{k}分公司"
        seen_names.add(name)
        names.append(name)
        addresses.append(f"河南省洛阳市{DISTRICTS[district[i]]}{_STREETS[rng.integers(len(_STREETS))]}"
                         f"{int(rng.integers(1, 600))}号")
    return pd.DataFrame({"enterprise_id": ids, "name": names, "district_code": district, "sector": sector,
                         "size": size, "employees": staff, "established_on": est, "address": addresses,
                         "lat": np.round(34.62 + rng.normal(0, 0.12, n), 6),
                         "lon": np.round(112.45 + rng.normal(0, 0.18, n), 6), "remote_monitoring": mon})


# ------------------------------------------------------------------------------------------- history

@dataclass
class Bureau:
    firms: pd.DataFrame
    z: np.ndarray  # hidden logit, (n firms, 48 months: 2024-01 .. 2027-12)
    # (firm, day, outcome, rectified, agency or "" for the home agency)
    checks: list[tuple[int, dt.date, str, str, str]] = field(default_factory=list)
    # (firm, day, kind, expires or None, note)
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    # (firm, day, kind, urgent, agency or "")
    triggers: list[tuple[int, dt.date, str, bool, str]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] | None = field(default_factory=list)

    @property
    def truth(self) -> np.ndarray:
        return sigmoid(self.z[:, 36:]).mean(axis=1)

    def p(self, i: int, day: dt.date, shift: float = 0.0) -> float:
        return float(sigmoid(self.z[i, month_index(day)] + shift))

    def open_on(self, i: int, day: dt.date) -> bool:
        return bool(self.firms["established_on"].iat[i] + dt.timedelta(days=30) <= day < JAN1)

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", shift: float = 0.0,
                minor: float = 0.22) -> str:
        if not self.open_on(i, day):
            return ""
        p = self.p(i, day, shift)
        if rng.random() < p:
            outcome = "serious" if rng.random() < 0.05 + 0.3 * p else "violation"
            fixed = "true" if rng.random() < 0.75 else "false"
        else:
            outcome, fixed = ("minor" if rng.random() < minor else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency))
        return outcome

    def lottery(self, rng: np.random.Generator, share: float) -> None:
        """双随机一公开: each year a share of the firms drawn, one visit between March and mid-December."""
        for year in HISTORY:
            for i in np.flatnonzero(rng.random(len(self.firms)) < share):
                self.inspect(rng, int(i), day_in(rng, dt.date(year, 3, 1), dt.date(year, 12, 15)))

    def trigger(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, urgent: float = 0.05,
                agency: str = "", follow: float = 0.0, shift: float = 0.0) -> bool:
        if not self.open_on(i, day):
            return False
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), agency))
        if rng.random() < follow:
            when = day + dt.timedelta(days=int(rng.integers(1, 15)))
            if when < JAN1:
                self.inspect(rng, i, when, agency, shift)
        return True

    def poisson_triggers(self, rng: np.random.Generator, rate: np.ndarray, year: int, kind: str,
                         urgent: float = 0.05, agency: str = "", follow: float = 0.0) -> None:
        counts = rng.poisson(np.maximum(rate, 0.0))
        for i in np.flatnonzero(counts):
            for _ in range(int(counts[i])):
                self.trigger(rng, int(i), day_in(rng, dt.date(year, 1, 1), dt.date(year, 12, 31)), kind, urgent,
                             agency, follow)

    def complaints(self, rng: np.random.Generator, base: float, slope: float, follow: float = 0.4) -> None:
        """Residents' 12345 complaints at a rate rising with the chance of the month."""
        for year in HISTORY:
            rate = base + slope * sigmoid(self.z[:, (year - 2024) * 12:(year - 2023) * 12]).mean(axis=1)
            self.poisson_triggers(rng, rate, year, "complaint", follow=follow)

    def sanction(self, rng: np.random.Generator, share: float = 0.6, note: str = "行政处罚") -> None:
        """Findings become 不良信用信息 weeks later; unrectified serious ones sometimes 严重失信."""
        for i, day, outcome, fixed, _ in list(self.checks):
            if outcome in ("violation", "serious") and rng.random() < share:
                on = day + dt.timedelta(days=int(rng.integers(10, 60)))
                self.records.append((i, on, "bad", on + dt.timedelta(days=int(rng.choice([183, 365, 730]))), note))
                if outcome == "serious" and fixed == "false" and rng.random() < 0.35:
                    self.records.append((i, on, "serious_dishonest", on + dt.timedelta(days=1095), "列入严重失信主体名单"))
                elif fixed == "true" and rng.random() < 0.15:
                    self.records.append((i, on + dt.timedelta(days=int(rng.integers(90, 200))), "repair", None,
                                         "信用修复"))

    def praise(self, rng: np.random.Generator, weight: np.ndarray, rate: float = 0.05) -> None:
        """优良信用 and 表彰 (安全文明标准化工地, 优质结构工程) with `weight`."""
        for year in HISTORY:
            for i in np.flatnonzero(rng.random(len(weight)) < rate * weight):
                on = day_in(rng, dt.date(year, 4, 1), dt.date(year, 12, 20))
                if self.open_on(int(i), on):
                    kind = "commendation" if rng.random() < 0.35 else "good"
                    self.records.append((int(i), on, kind, on + dt.timedelta(days=1095), "优良信用信息"))

    def rate(self, g: np.ndarray, on: dt.date, who: np.ndarray | None = None) -> None:
        assert self.grades is not None
        for i in range(len(g)):
            if self.firms["established_on"].iat[i] < on and (who is None or who[i]):
                self.grades.append((i, str(g[i]), on))

    def mechanical_grade(self, on: dt.date) -> None:
        """The bureau's own points rule: 100, −12 per bad record in force, −40 serious-dishonest in force, +6 per
        good/commendation in force, −80 × the finding rate of the last two years' inspections ((violations + serious +
        0.3 × minor) / (inspections + 2)); A ≥ 100 with at least two inspections in the two years (依据不足 otherwise:
        at best B), B ≥ 92, C ≥ 80, D below."""
        n = len(self.firms)
        pts = np.full(n, 100.0)
        for i, day, kind, exp, _ in self.records:
            if day <= on and (exp is None or exp >= on):
                pts[i] += {"bad": -12, "serious_dishonest": -40, "good": 6, "commendation": 6}.get(kind, 0)
        found, seen = np.zeros(n), np.full(n, 2.0)
        for i, day, outcome, _, _ in self.checks:
            if on - dt.timedelta(days=730) <= day <= on:
                seen[i] += 1
                found[i] += {"violation": 1.0, "serious": 1.0, "minor": 0.3}.get(outcome, 0.0)
        pts -= 80 * found / seen
        g = np.where((pts >= 100) & (seen >= 4), "A", np.where(pts >= 92, "B", np.where(pts >= 80, "C", "D")))
        self.rate(g, on)


def monthly(base: np.ndarray, rng: np.random.Generator, year_sd: float) -> np.ndarray:
    """A logit that keeps `base` with a firm-year wobble, the same in every month of a year."""
    wob = rng.normal(0, year_sd, (len(base), 4))
    return base[:, None] + np.repeat(wob, 12, axis=1)


def yearly(z: np.ndarray, year: int) -> np.ndarray:
    return z[:, (year - 2024) * 12:(year - 2023) * 12].mean(axis=1)


# ------------------------------------------------------------------------------------------- families

def court_enforcement(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"construction": 0.4, "real_estate": 0.12, "other": 0.12, "municipal": 0.1, "supervision": 0.07,
                       "ready_mix": 0.07, "property_mgmt": 0.07, "survey_design": 0.05})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    hazard = np.exp(rng.normal(-1.3, 0.9, n) + lookup(s, {"real_estate": 0.7, "construction": 0.3, "other": 0.3})
                    + lookup(size, {"micro": 0.2, "small": 0.3, "medium": 0.0, "large": -0.2}))  # cases per year
    open_cases = np.zeros((n, 48))
    for i in range(n):
        for _ in range(int(rng.poisson(hazard[i] * 5.0))):  # from 2023 to 2027
            start = int(rng.integers(-12, 48))
            length = int(rng.gamma(2.0, 9.0)) + 3
            open_cases[i, max(start, 0):max(start + length, 0)] += 1
    care = rng.normal(0, 0.55, n)
    base = -2.55 + care + lookup(s, {"survey_design": -0.3, "property_mgmt": -0.2, "other": 0.15})
    z = monthly(base, rng, 0.2) + 0.75 * np.log1p(open_cases)
    b = Bureau(f, z)
    b.lottery(rng, 0.14)
    b.complaints(rng, 0.03, 0.25)
    for year in HISTORY:  # 材料商/分包 complaints about unpaid bills, weak
        b.poisson_triggers(rng, 0.08 * yearly(open_cases, year), year, "complaint", follow=0.3)
    b.sanction(rng, 0.6)
    b.praise(rng, sigmoid(-base - 2.5) * 2)
    for on in (dt.date(2025, 1, 20), dt.date(2025, 7, 20), dt.date(2026, 1, 20), dt.date(2026, 7, 20)):
        k = month_index(on) - 1
        b.rate(ranked(0.75 * np.log1p(open_cases[:, k]) + 0.6 * care + rng.normal(0, 0.2, n)), on)
    return b


def qualification_upgrade(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"construction": 0.48, "supervision": 0.12, "survey_design": 0.1, "municipal": 0.13,
                       "testing": 0.07, "other": 0.1})
    s = f["sector"].to_numpy()
    care = rng.normal(0, 0.5, n)
    base = -2.5 + care + lookup(s, {"testing": 0.1, "survey_design": -0.25, "other": 0.2})
    z = monthly(base, rng, 0.25)
    applies = rng.random(n) < 0.34
    apply_m = np.where(applies, rng.integers(0, 42, n), 999)  # 2024-01 .. 2027-06
    approve_m = apply_m + rng.integers(3, 8, n)
    months = np.arange(48)[None, :]
    tidy = (months >= apply_m[:, None] - 12) & (months < approve_m[:, None])
    after = months - approve_m[:, None]
    jump = rng.uniform(0.8, 1.6, n)[:, None]
    z = z - 0.7 * tidy + np.where(after >= 0, jump * np.where(after < 12, 1.0, np.where(after < 24, 0.6, 0.2)), 0.0)
    b = Bureau(f, z)
    b.lottery(rng, 0.15)
    b.complaints(rng, 0.03, 0.35)
    for i in np.flatnonzero(apply_m < 36):
        y, m = MONTHS[int(apply_m[i])]
        day = day_in(rng, dt.date(y, m, 1), dt.date(y, m, 28))
        if b.trigger(rng, int(i), day, "enterprise_request", 0.0, "ly-zjj") and rng.random() < 0.7:
            b.inspect(rng, int(i), day + dt.timedelta(days=int(rng.integers(20, 70))), "ly-zjj")  # 资质核查
        for _ in range(int(rng.poisson(1.2))):  # awards sought for the application
            on = day - dt.timedelta(days=int(rng.integers(30, 300)))
            if b.open_on(int(i), on):
                b.records.append((int(i), on, "good", on + dt.timedelta(days=1095), "省级安全文明标准化工地"))
    b.sanction(rng, 0.55)
    b.praise(rng, sigmoid(-base - 2.5) * 1.5, 0.04)
    for year in HISTORY:
        b.mechanical_grade(dt.date(year, 12, 20))
    return b


def delivery_defects(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"real_estate": 0.28, "construction": 0.36, "property_mgmt": 0.1, "supervision": 0.1,
                       "testing": 0.05, "survey_design": 0.05, "other": 0.06})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    habit = rng.normal(0, 1.3, n)
    builds = np.isin(s, ["real_estate", "construction"])
    per_year = np.where(builds, lookup(size, {"micro": 0.3, "small": 0.8, "medium": 1.8, "large": 4.0}), 0.0)
    handovers = rng.poisson(per_year[:, None] * np.ones((1, 4)))  # 2024 .. 2027
    base = -2.85 + habit + lookup(s, {"property_mgmt": -0.2, "survey_design": -0.3, "testing": 0.1})
    z = monthly(base, rng, 0.15) + 0.3 * np.repeat(np.log1p(handovers), 12, axis=1)
    b = Bureau(f, z)
    b.lottery(rng, 0.12)
    for k, year in enumerate(HISTORY):  # 质监站 regular 质量监督 visits to every open project
        visits = rng.poisson(3.0 + 1.0 * handovers[:, k] + 0.5 * handovers[:, k + 1])
        for i in np.flatnonzero(visits):
            for _ in range(int(visits[i])):
                b.inspect(rng, int(i), day_in(rng, dt.date(year, 2, 20), dt.date(year, 12, 20)), "ly-zjz")
    for i in np.flatnonzero(builds):
        for k, year in enumerate((*HISTORY, PLAN_YEAR)):
            for _ in range(int(handovers[i, k])):
                day = day_in(rng, dt.date(year, 1, 10), dt.date(year, 12, 20))
                # the 预售许可 about two years ahead announces the handover
                b.trigger(rng, int(i), day - dt.timedelta(days=int(rng.integers(600, 800))), "enterprise_request",
                          0.0, "ly-fc")
                if year < PLAN_YEAR:
                    for _ in range(1 + int(rng.random() < 0.5)):  # 竣工验收监督, 分户验收抽查
                        b.inspect(rng, int(i), day - dt.timedelta(days=int(rng.integers(0, 40))), "ly-zjz")
                    for _ in range(int(rng.poisson(2.5 * b.p(int(i), day)))):  # the next year's 渗漏 complaints
                        when = day + dt.timedelta(days=int(rng.integers(60, 420)))
                        if when < JAN1:
                            b.trigger(rng, int(i), when, "complaint", 0.1, "ly-fc", 0.4)
    b.complaints(rng, 0.02, 0.2)
    b.sanction(rng, 0.65, "工程质量行政处罚")
    b.praise(rng, sigmoid(-habit) * 2, 0.05)
    for year in HISTORY:
        b.mechanical_grade(dt.date(year, 12, 20))
    return b


def night_noise(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"construction": 0.45, "municipal": 0.2, "ready_mix": 0.1, "other": 0.1, "real_estate": 0.05,
                       "property_mgmt": 0.1}, monitored={"construction": 0.45, "municipal": 0.4, "ready_mix": 0.5})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    works_sites = s != "property_mgmt"
    volume = np.where(works_sites, lookup(size, {"micro": 0.5, "small": 1.0, "medium": 2.0, "large": 3.5}), 0.2)
    night = works_sites & (rng.random(n) < 0.55)  # works nights at all (浇筑, 渣土 at night)
    permitted = night & (rng.random(n) < rng.beta(2, 2, n))  # asks for permits most nights or not
    unpermitted = night & ~permitted
    sloppy = np.where(unpermitted, rng.beta(2.5, 2, n), rng.beta(1.2, 4, n))
    care = rng.normal(0, 0.45, n)
    base = -2.7 + care + 2.0 * sloppy + 0.25 * np.log(volume) + lookup(s, {"ready_mix": 0.2, "property_mgmt": -0.3})
    z = monthly(base, rng, 0.25)
    b = Bureau(f, z)
    b.lottery(rng, 0.1)
    b.complaints(rng, 0.03, 0.2)
    mon = f["remote_monitoring"].to_numpy(bool)
    for year in HISTORY:
        b.poisson_triggers(rng, permitted * volume * 2.0, year, "enterprise_request", 0.0, "ly-zf")  # 夜间施工许可
        noise = night * volume * 0.9
        counts = rng.poisson(noise)
        for i in np.flatnonzero(counts):
            for _ in range(int(counts[i])):  # 夜间噪声 complaints: the follow-up catches unpermitted work in the act
                day = day_in(rng, dt.date(year, 3, 1), dt.date(year, 11, 30))
                b.trigger(rng, int(i), day, "complaint", 0.15, "ly-zf", 0.5, 1.2 if unpermitted[i] else 0.0)
        b.poisson_triggers(rng, mon * noise * 1.5, year, "data_monitoring", 0.1, "ly-zf", 0.15)
    b.sanction(rng, 0.7, "夜间施工噪声污染行政处罚")
    b.praise(rng, 1 - sloppy, 0.04)
    b.grades = None
    return b


def injury_claims(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"construction": 0.45, "municipal": 0.15, "other": 0.15, "ready_mix": 0.07,
                       "property_mgmt": 0.08, "gas": 0.05, "supervision": 0.05})
    s = f["sector"].to_numpy()
    staff = f["employees"].to_numpy(float)
    care = np.zeros((n, 5))  # 2023 .. 2027, AR(1)
    care[:, 0] = rng.normal(0, 0.8, n)
    for t in range(1, 5):
        care[:, t] = 0.75 * care[:, t - 1] + rng.normal(0, 0.8 * np.sqrt(1 - 0.75 ** 2), n)
    base = -2.55 + lookup(s, {"other": 0.25, "construction": 0.15, "gas": 0.1, "property_mgmt": -0.25,
                              "supervision": -0.3})
    z = base[:, None] + np.repeat(care[:, 1:], 12, axis=1) + rng.normal(0, 0.1, (n, 48))
    b = Bureau(f, z)
    claims = rng.poisson(0.03 * staff[:, None] * np.exp(0.9 * care))  # 工伤认定 per year, 2023 .. 2027
    b.lottery(rng, 0.15)
    b.complaints(rng, 0.03, 0.3)
    for k, year in enumerate(HISTORY):
        serious = rng.binomial(claims[:, k + 1], 0.1)  # 较大 injuries reach the bureau from 应急管理
        for i in np.flatnonzero(serious):
            b.trigger(rng, int(i), day_in(rng, dt.date(year, 1, 5), dt.date(year, 12, 25)), "referral", 0.6,
                      "ly-zjj", 0.9)
    b.sanction(rng, 0.6, "安全生产行政处罚")
    b.praise(rng, sigmoid(-care[:, 2]) * 1.5)
    insured = np.isin(s, ["construction", "municipal", "other"])
    for k, year in ((1, 2025), (2, 2026)):  # the insurer's April rating from last year's and the year before's claims
        rate = (claims[:, k] + 0.5 * claims[:, k - 1] + 0.3) / (staff + 20)
        b.rate(ranked(np.log(rate) + rng.normal(0, 0.25, n)), dt.date(year, 4, 15), insured)
    return b


def price_squeeze(rng: np.random.Generator, n: int) -> Bureau:
    f = firms(rng, n, {"construction": 0.5, "municipal": 0.2, "supervision": 0.1, "survey_design": 0.08,
                       "other": 0.12})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    wins = lookup(size, {"micro": 0.6, "small": 1.4, "medium": 2.5, "large": 4.5})
    low_bidder = rng.beta(1.0, 3.0, n) * np.where(rng.random(n) < 0.3, 1.0, 0.3)  # the strategy, mostly from 2025
    contracts: list[list[tuple[int, int, bool]]] = [[] for _ in range(n)]  # (start month, end month, won low)
    open_all = np.zeros((n, 48))
    open_low = np.zeros((n, 48))
    for i in range(n):
        for year_k, year in enumerate((2023, *HISTORY, PLAN_YEAR)):
            strategy = low_bidder[i] * (0.3 if year <= 2024 else 1.0)
            for _ in range(int(rng.poisson(wins[i]))):
                start = (year_k - 1) * 12 + int(rng.integers(0, 12))
                end = start + int(rng.integers(8, 26))
                low = bool(rng.random() < 2.2 * strategy)
                contracts[i].append((start, end, low))
                open_all[i, max(start, 0):max(min(end, 48), 0)] += 1
                open_low[i, max(start, 0):max(min(end, 48), 0)] += low
    care = rng.normal(0, 0.5, n)
    share = open_low / np.maximum(open_all, 1)
    base = -2.5 + care + lookup(s, {"survey_design": -0.3, "supervision": -0.15, "other": 0.2})
    z = monthly(base, rng, 0.2) + 1.6 * share * np.log1p(open_all) / np.log(3) + 0.1 * np.log1p(open_all)
    b = Bureau(f, z)
    b.lottery(rng, 0.15)
    b.complaints(rng, 0.03, 0.3)
    for i in range(n):
        for start, _, low in contracts[i]:
            if 0 <= start < 36:
                y, m = MONTHS[start]
                day = day_in(rng, dt.date(y, m, 1), dt.date(y, m, 28))
                b.trigger(rng, i, day, "enterprise_request", 0.0, "ly-zjj")  # 合同备案
                if low and rng.random() < 0.35:  # a losing bidder's 质疑投诉
                    b.trigger(rng, i, day - dt.timedelta(days=int(rng.integers(5, 30))), "complaint", 0.0, "ly-zjj",
                              0.25)
    b.sanction(rng, 0.6)
    b.praise(rng, sigmoid(-base - 2.5) * 2)
    for year in (2025, 2026):  # the 交易中心's March flags from the previous year's bids
        won = np.array([sum(1 for st, _, _ in c if (year - 2025) * 12 <= st < (year - 2024) * 12) for c in contracts])
        low = np.array([sum(1 for st, _, lw in c if (year - 2025) * 12 <= st < (year - 2024) * 12 and lw)
                        for c in contracts])
        b.rate(ranked((low + 0.2) / (won + 1) + rng.normal(0, 0.1, n)), dt.date(year, 3, 25))
    return b


_MAKE = {"court_enforcement": court_enforcement, "qualification_upgrade": qualification_upgrade,
         "delivery_defects": delivery_defects, "night_noise": night_noise, "injury_claims": injury_claims,
         "price_squeeze": price_squeeze}


# ------------------------------------------------------------------------------------------- files

def staff_lists(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    teams, officers = [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            team = f"{ag}-{d}"
            teams.append((team, ag, d, 5 if d == CITY else 3))
            for k, role in enumerate(("enforcement",) * 5 + ("auxiliary", "legal_review")):
                sworn = role == "enforcement"
                officers.append((f"{team}-{k:02d}", f"执法{d[-2:]}{ag[3:]}{k:02d}", team, role,
                                 f"豫{int(rng.integers(10**9, 10**10))}" if sworn else "",
                                 "2030-06-30" if sworn else "", int(rng.integers(60, 120)),
                                 int(rng.integers(45, 80)) if sworn else ""))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]))


def write(b: Bureau, rng: np.random.Generator, folder: Path, family: str) -> None:
    f = b.firms
    folder.mkdir(parents=True)
    ent = f.copy()
    ent["remote_monitoring"] = np.where(f["remote_monitoring"], "true", "false")
    ent.to_csv(folder / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(folder / "agencies.csv", index=False)
    pd.DataFrame(list(ITEMS), columns=["item_id", "agency_id", "name", "legal_basis", "sectors",
                                       "remote_allowed"]).to_csv(folder / "items.csv", index=False)
    teams, officers = staff_lists(rng)
    teams.to_csv(folder / "teams.csv", index=False)
    officers.to_csv(folder / "officers.csv", index=False)
    ids = f["enterprise_id"].to_numpy()
    home = f["sector"].map(HOME_AGENCY).to_numpy()
    dist = f["district_code"].to_numpy()
    rows = []
    for k, (i, day, outcome, fixed, ag) in enumerate(sorted(b.checks, key=lambda c: (c[1], c[0], c[2], c[4]))):
        if not START <= day < JAN1:  # the bureau's registers start in 2024
            continue
        ag = ag or (home[i] if rng.random() < 0.85 else str(rng.choice(["ly-zjj", "ly-zf"])))
        team = f"{ag}-{dist[i] if rng.random() < 0.75 else CITY}"
        pair = sorted(rng.choice(5, size=2, replace=False))
        rows.append((f"LY{day:%y%m%d}-{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4])) if d < JAN1]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"LYT{k:07d}", ids[i], ag or home[i], d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if START <= d < JAN1]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0]))]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # 2027 调休
    policy = {"year": PLAN_YEAR, "seed": f"luoyang-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _MAKE:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 13])
    b = _MAKE[family](rng, n)
    folder = out / "bundle"
    if folder.exists():
        shutil.rmtree(folder)
    write(b, rng, folder, family)
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": b.firms["enterprise_id"],
                  "p_violation": np.round(np.clip(b.truth, 0.002, 0.98), 6)}).to_csv(truth, index=False)
    return folder, truth


if __name__ == "__main__":
    import sys

    print(generate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
