"""A fifteenth held-out bureau generator (issue 9) · 第十五套独立生成的住建/城管执法局（洛阳）.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's risk model. The product is judged as a black box by
``bench/foreign2/run.py --generator bench/foreign15``.

Every bureau is the city of 洛阳 (districts 410302 老城区, 410303 西工区, 410304 瀍河回族区, 410305 涧西区,
410307 偃师区, 410308 孟津区, 410311 洛龙区; city-level teams 410300), plan year 2027, registers from 2024-01-01 to
2026-12-31. Each firm has a hidden logit per month (2024-01 .. 2027-12); a site check finds a violation with the
chance that logit gives. ``truth.csv`` (beside the bundle, never inside) holds ``p_violation``: the mean over the
twelve months of 2027 of the chance a site check finds a violation.

Every bundle fills the whole format: all five credit-record kinds, all four trigger kinds, ``rectified`` (blank for
findings whose 整改期限 is still running at the export, and for clean checks), optional register cells sometimes
blank, leave and recusals.

Families (what is hidden · what the bundle shows · what the official grade is):

* ``elevator_contractors`` 电梯维保单位 — a property-heavy bureau. A 物业 firm's risk follows the quality of the
  elevator maintenance contractor it hired (about fourteen in town, none in the bundle) and the share of old lifts
  in its estates. A third of the firms re-tender their 维保合同 in the second half of 2026 (a 合同备案 enterprise
  request), so their 2027 risk follows a new contractor their history never saw. 96333 困人 alarms (data monitoring,
  only where the lifts are networked) follow the month's risk and the firm's size. GRADE PLATFORM-DERIVED: the
  市场监管局 特种设备 platform rates every firm each April from its own lift inspections (not in the bundle); it knows
  the old contractor, not the new one.
* ``certificate_renting`` 挂证 — a building-market bureau. Firms that hold their 资质 with rented certificates
  (注册人员 on paper only) are riskier the larger the rented share. Rented staff churn: 人员变更备案 (enterprise
  requests) rise with it. In 2025 the 人社 social-security cross-check refers many renters (referrals); a caught firm
  cleans up from that autumn, so an old referral marks past risk, not future. GRADE PLATFORM-DERIVED, TRACKING: the
  四库一平台's 社保比对 rating each October 2026 from the current rented share.
* ``guarantee_chain`` 互保链 — builders, developers and concrete plants tied in bank 互保 chains of three to eight.
  About a third of the chains break in 2026 (a member defaults); from the break every member's risk jumps (停工,
  欠薪, cut corners) and stays up in 2027. After the break: 工期顺延 requests, 街道 referrals of stalled sites,
  complaints from subcontractors. Before, a modest lasting habit. GRADE MECHANICAL, NOT TRACKING: each December the
  bureau's points rule from its own records and two years of findings, blind to a break months old.
* ``liability_insurance`` 安责险 — from 2025 builders may buy 安全生产责任险 with an insurer's 风险防控 service; the
  insured (an 投保备案 enterprise request) lower their risk, and the insurer's engineers refer the serious hazards they
  see to the bureau (referrals, at a rate rising with risk; the uninsured are almost never referred). Site video
  alarms for the monitored. NO GRADES: the bureau has no credit_grades.csv.
* ``deep_excavation`` 危大工程 — builders' risk is a lasting habit plus the 深基坑/高支模 works open in the month;
  each work is preceded by its 专项方案论证 filing (enterprise request) one to three months ahead, and monitored
  sites raise 基坑监测 alarms while it runs. Works for 2027 are filed in late 2026. Rich lottery history. GRADE
  MECHANICAL, TRACKING: the same December points rule, here following the habit that dominates the truth.
* ``muck_haulers`` 渣土运输 — a 城管 bureau: 渣土车 companies, builders and concrete plants. Risk follows fleet age
  and night-work share. GPS alarms (偏航, 未密闭: data monitoring) only for fleets on the platform; residents' 抛洒滴漏
  complaints at night name the wrong company a third of the time (a neighbour in the same district); 交警 refer
  overloaded trucks. GRADE PLATFORM-DERIVED: the 公安交管 rating each June from traffic violations (not in the
  bundle), which knows fleet age better than night work.
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
SECTORS = ("construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing",
           "ready_mix", "municipal", "other")
SIZES = ("micro", "small", "medium", "large")
FAMILIES = ("elevator_contractors", "certificate_renting", "guarantee_chain", "liability_insurance",
            "deep_excavation", "muck_haulers")

CITY = "410300"
DISTRICTS = {"410302": "老城区", "410303": "西工区", "410304": "瀍河回族区", "410305": "涧西区", "410307": "偃师区",
             "410308": "孟津区", "410311": "洛龙区"}
_DIST_W = np.array([0.1, 0.16, 0.07, 0.2, 0.13, 0.1, 0.24])
_CENTRE = {"410302": (34.68, 112.47), "410303": (34.67, 112.43), "410304": (34.70, 112.50),
           "410305": (34.66, 112.38), "410307": (34.73, 112.79), "410308": (34.82, 112.45),
           "410311": (34.62, 112.45)}
_ROADS = ("中州中路", "九都路", "西苑路", "凯旋路", "唐宫路", "王城大道", "开元大道", "定鼎路", "南昌路", "建设路",
          "景华路", "龙门大道", "太康路", "启明南路", "滨河路", "古城路", "学府街", "宜人路")
AGENCIES = {"ly-js": "洛阳市住房和城乡建设局", "ly-cg": "洛阳市城市管理局", "ly-zj": "洛阳市建设工程质量安全监督站",
            "ly-wy": "洛阳市物业管理服务中心", "ly-zf": "洛阳市城市管理综合执法支队"}
HOME = {"construction": "ly-js", "real_estate": "ly-js", "property_mgmt": "ly-wy", "gas": "ly-cg",
        "supervision": "ly-zj", "survey_design": "ly-js", "testing": "ly-zj", "ready_mix": "ly-zj",
        "municipal": "ly-cg", "other": "ly-zf"}
ITEMS = (
    ("LY-JS-01", "ly-js", "建筑市场行为、资质和注册人员检查", "《中华人民共和国建筑法》；《注册建造师管理规定》",
     "construction;real_estate;survey_design;supervision;municipal;testing;other", "true"),
    ("LY-JS-02", "ly-js", "危险性较大的分部分项工程安全检查", "《危险性较大的分部分项工程安全管理规定》",
     "construction;municipal", "false"),
    ("LY-ZJ-01", "ly-zj", "工程质量安全监督抽查", "《建设工程质量管理条例》；《建设工程安全生产管理条例》",
     "construction;real_estate;supervision;testing;ready_mix;municipal", "false"),
    ("LY-WY-01", "ly-wy", "物业服务及电梯、消防设施维护检查", "《物业管理条例》；《河南省物业管理条例》",
     "property_mgmt;real_estate", "true"),
    ("LY-CG-01", "ly-cg", "市政设施和城镇燃气安全检查", "《城镇燃气管理条例》；《城市道路管理条例》", "gas;municipal", "true"),
    ("LY-ZF-01", "ly-zf", "建筑垃圾（渣土）运输处置执法检查", "《城市建筑垃圾管理规定》；《洛阳市城市市容和环境卫生管理条例》",
     "other;construction;municipal;ready_mix", "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("洛", "河洛", "伊洛", "龙门", "牡丹", "隋唐", "天堂", "邙山", "白马", "九朝", "洛浦", "嵩县", "伊川", "涧河",
       "瀍河", "新安", "周王", "神都")
_W2 = ("建", "信", "达", "通", "恒", "兴", "瑞", "鑫", "宏", "安", "华", "泰", "盛", "丰")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "置业有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限公司", "supervision": "建设监理有限公司", "survey_design": "勘察设计有限公司",
           "testing": "工程检测有限公司", "ready_mix": "商砼有限公司", "municipal": "市政工程有限公司",
           "other": "渣土运输有限公司"}
_HEAD = {"micro": (2, 10), "small": (10, 80), "medium": (80, 350), "large": (350, 2500)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
M = 48  # months 2024-01 .. 2027-12
YEARS = (2024, 2025, 2026)


def uscc(first17: str) -> str:
    """统一社会信用代码 with its GB 32100-2015 check character."""
    total = sum(_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + _CHARS[(31 - total % 31) % 31]


def sig(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, float)))


def mon(day: dt.date) -> int:
    return (day.year - 2024) * 12 + day.month - 1


def mstart(m: int) -> dt.date:
    return dt.date(2024 + m // 12, m % 12 + 1, 1)


def day_between(rng: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers(0, max((hi - lo).days, 0) + 1)))


def day_in(rng: np.random.Generator, m: int) -> dt.date:
    return mstart(m) + dt.timedelta(days=int(rng.integers(0, 28)))


def choose(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def lookup(values: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([table.get(str(v), default) for v in values])


def grade_by_rank(score: np.ndarray, cuts: tuple[float, float, float] = (0.35, 0.72, 0.9)) -> np.ndarray:
    """A for the lowest 35% of the score, B to 72%, C to 90%, D above."""
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(np.array(cuts), q, side="right")]


def noise(rng: np.random.Generator, n: int, sd: float = 0.2) -> np.ndarray:
    """Month-to-month drift around a firm's level (AR(1))."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    for t in range(1, M):
        e[:, t] = 0.85 * e[:, t - 1] + rng.normal(0, sd * 0.5, n)
    return e


def register(rng: np.random.Generator, n: int, sectors: dict[str, float],
             sizes: dict[str, float] | None = None, monitored: dict[str, float] | None = None) -> pd.DataFrame:
    """检查对象名录库: n firms, optional columns sometimes blank."""
    sector = choose(rng, sectors, n)
    size = choose(rng, sizes or {"micro": 0.3, "small": 0.42, "medium": 0.2, "large": 0.08}, n)
    lo = np.array([_HEAD[s][0] for s in size], float)
    hi = np.array([_HEAD[s][1] for s in size], float)
    heads = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi)))).astype(int)
    age = 0.3 + rng.gamma(2.0, 5.0, n)
    district = rng.choice(np.array(list(DISTRICTS), dtype=object), size=n, p=_DIST_W / _DIST_W.sum())
    ids, names, est, addr = [], [], [], []
    seen: set[str] = set()
    seen_names: set[str] = set()
    for i in range(n):
        code = ""
        while not code or code in seen:
            code = uscc("91" + district[i] + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        name = f"洛阳{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_SUFFIX[sector[i]]}"
        base, k = name, 1
        while name in seen_names:
            k += 1
            name = f"{base}（{DISTRICTS[district[i]]}第{k}）"
        seen_names.add(name)
        names.append(name)
        est.append("" if rng.random() < 0.06 else (JAN1 - dt.timedelta(days=int(age[i] * 365.25))).isoformat())
        addr.append("" if rng.random() < 0.08 else
                    f"河南省洛阳市{DISTRICTS[district[i]]}{_ROADS[rng.integers(len(_ROADS))]}{int(rng.integers(1, 600))}号")
    lat = np.array([_CENTRE[d][0] for d in district]) + rng.normal(0, 0.03, n)
    lon = np.array([_CENTRE[d][1] for d in district]) + rng.normal(0, 0.04, n)
    no_geo = rng.random(n) < 0.2
    mon_p = monitored or {"gas": 0.8, "construction": 0.35, "municipal": 0.3, "ready_mix": 0.5, "other": 0.3}
    return pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": np.where(rng.random(n) < 0.1, "", heads.astype(str)), "established_on": est, "address": addr,
        "lat": np.where(no_geo, "", np.char.mod("%.6f", lat)), "lon": np.where(no_geo, "", np.char.mod("%.6f", lon)),
        "remote_monitoring": rng.random(n) < lookup(sector, mon_p, 0.05)})


@dataclass
class World:
    firms: pd.DataFrame
    z: np.ndarray  # (n, 48) hidden logits
    opens: np.ndarray  # first month each firm is in the register (negative: before 2024)
    checks: list[tuple[int, dt.date, str, str, str]] = field(default_factory=list)  # firm, day, outcome, fixed, agency
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    triggers: list[tuple[int, dt.date, str, bool, str]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] | None = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.firms)

    @property
    def truth(self) -> np.ndarray:
        return sig(self.z[:, 36:]).mean(axis=1)

    def live(self, i: int, day: dt.date) -> bool:
        return FIRST <= day < JAN1 and mon(day) >= self.opens[i]

    def p_year(self, year: int) -> np.ndarray:
        k = (year - 2024) * 12
        return sig(self.z[:, k:k + 12]).mean(axis=1)

    def visit(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", soften: float = 0.0,
              sharp: float = 1.0) -> None:
        """A site check: finds a violation with the month's chance (× ``sharp``, capped); ``soften`` writes that share
        of findings down as minor."""
        if not self.live(i, day):
            return
        p = min(0.97, float(sig(self.z[i, mon(day)])) * sharp)
        if rng.random() < p and rng.random() >= soften:
            outcome = "serious" if rng.random() < 0.05 + 0.3 * p else "violation"
            open_case = (JAN1 - day).days < 50 and rng.random() < 0.75  # 整改期限 still running at the export
            fixed = "" if open_case else ("true" if rng.random() < 0.88 - 0.7 * p else "false")
        else:
            outcome, fixed = ("minor" if rng.random() < 0.18 + 0.4 * p else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency))

    def signal(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, agency: str = "",
               urgent: float = 0.05, follow: float = 0.0, sharp: float = 1.0) -> None:
        if not self.live(i, day):
            return
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), agency))
        if rng.random() < follow:
            self.visit(rng, i, day + dt.timedelta(days=int(rng.integers(1, 14))), agency, sharp=sharp)

    def poisson_signals(self, rng: np.random.Generator, rate: np.ndarray, lo: dt.date, hi: dt.date, kind: str,
                        agency: str = "", urgent: float = 0.05, follow: float = 0.0, sharp: float = 1.0) -> None:
        k = rng.poisson(np.maximum(rate, 0.0))
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                self.signal(rng, int(i), day_between(rng, lo, hi), kind, agency, urgent, follow, sharp)

    def lottery(self, rng: np.random.Generator, share: float | np.ndarray) -> None:
        """双随机一公开 each year."""
        for year in YEARS:
            for i in np.flatnonzero(rng.random(self.n) < share):
                self.visit(rng, int(i), day_between(rng, dt.date(year, 3, 10), dt.date(year, 12, 5)))

    def hotline(self, rng: np.random.Generator, base: float | np.ndarray, slope: float | np.ndarray,
                follow: float = 0.4) -> None:
        """12345 complaints at a rate rising with the year's chance."""
        for year in YEARS:
            rate = base + slope * self.p_year(year)
            self.poisson_signals(rng, rate, dt.date(year, 1, 3), dt.date(year, 12, 29), "complaint", urgent=0.07,
                                 follow=follow)

    def credit(self, rng: np.random.Generator, share: float = 0.6, good: np.ndarray | float = 0.05,
               commend: float = 0.01, bad_note: str = "行政处罚决定书", good_note: str = "安全文明标准化工地",
               commend_note: str = "洛阳市优质工程") -> None:
        """Findings become 不良 records; some serious ones 严重失信; rectified ones are sometimes repaired; good records
        and commendations for the careful."""
        for i, day, outcome, fixed, _ in list(self.checks):
            if outcome not in ("violation", "serious") or rng.random() >= share:
                continue
            on = day + dt.timedelta(days=int(rng.integers(15, 80)))
            life = int(rng.choice([183, 365, 730, 1095], p=[0.3, 0.4, 0.15, 0.15]))
            self.records.append((i, on, "bad", None if rng.random() < 0.06 else on + dt.timedelta(days=life),
                                 bad_note))
            if outcome == "serious" and rng.random() < (0.7 if fixed == "false" else 0.2):
                self.records.append((i, on + dt.timedelta(days=int(rng.integers(7, 45))), "serious_dishonest",
                                     on + dt.timedelta(days=1095), "列入建筑市场主体严重失信主体名单"))
            elif fixed == "true" and life >= 365 and rng.random() < 0.3:
                self.records.append((i, on + dt.timedelta(days=int(rng.integers(120, 330))), "repair", None,
                                     "信用修复：整改完毕，作出信用承诺"))
        good_rate = np.broadcast_to(np.asarray(good, float), (self.n,))
        for year in YEARS:
            for kind, rate, note in (("good", good_rate, good_note), ("commendation", np.full(self.n, commend),
                                                                     commend_note)):
                for i in np.flatnonzero(rng.random(self.n) < rate):
                    on = day_between(rng, dt.date(year, 2, 1), dt.date(year, 12, 20))
                    if self.live(int(i), on):
                        self.records.append((int(i), on, kind,
                                             None if rng.random() < 0.1 else on + dt.timedelta(days=1095), note))

    def platform(self, score: np.ndarray, day: dt.date) -> None:
        """An official grade from a platform's own sources: rank of ``score`` among firms registered by ``day``."""
        assert self.grades is not None
        idx = np.flatnonzero(self.opens <= mon(day))
        for i, g in zip(idx, grade_by_rank(score[idx]), strict=True):
            self.grades.append((int(i), str(g), day))

    def points(self, day: dt.date) -> None:
        """The bureau's mechanical rule from what the bundle holds: 100 points, records in force, two years of
        findings."""
        assert self.grades is not None
        pts = np.full(self.n, 100.0)
        for i, on, kind, until, _ in self.records:
            if on <= day and (until is None or until >= day):
                pts[i] += {"bad": -6.0, "serious_dishonest": -25.0, "good": 2.0, "commendation": 4.0,
                           "repair": 3.0}[kind]
        seen = np.zeros(self.n)
        bad = np.zeros(self.n)
        for i, on, outcome, _, _ in self.checks:
            if day - dt.timedelta(days=730) <= on <= day:
                seen[i] += 1
                bad[i] += outcome in ("violation", "serious")
        pts -= 60.0 * (bad + 0.3) / (seen + 2.0)
        grade = np.select([pts >= 92, pts >= 84, pts >= 72], ["A", "B", "C"], "D")
        for i in np.flatnonzero(self.opens <= mon(day)):
            self.grades.append((int(i), str(grade[i]), day))


def openings(rng: np.random.Generator, n: int, new_share: float = 0.06) -> np.ndarray:
    """Most firms predate the registers; a few register during 2025-2026."""
    return np.where(rng.random(n) < new_share, rng.integers(12, 35, n), -60)


def size_w(f: pd.DataFrame) -> np.ndarray:
    return lookup(f["size"].to_numpy(), {"micro": 0.5, "small": 1.0, "medium": 2.0, "large": 4.0})


# ------------------------------------------------------------------------------------------- the families

def elevator_contractors(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"property_mgmt": 0.6, "real_estate": 0.14, "construction": 0.12, "other": 0.06,
                          "municipal": 0.08}, monitored={"property_mgmt": 0.55, "real_estate": 0.3})
    s = f["sector"].to_numpy()
    prop = (s == "property_mgmt") | (s == "real_estate")
    quality = rng.normal(0, 1.0, 14)
    wealth = rng.normal(0, 1, n) + 0.3 * np.log(size_w(f))
    pref = np.exp(-0.6 * np.clip(wealth, -2, 3)[:, None] * quality[None, :])  # the better off pick better firms
    first = np.array([rng.choice(14, p=row / row.sum()) for row in pref])
    retender = prop & (rng.random(n) < 0.33)
    second = np.where(retender, rng.integers(0, 14, n), first)
    switch = rng.integers(30, 36, n)  # 2026-07 .. 2026-12
    old_lifts = rng.beta(2, 3, n)
    habit = rng.normal(0, 0.5, n)
    t = np.arange(M)
    contractor_q = np.where(t[None, :] < switch[:, None], quality[first][:, None], quality[second][:, None])
    z = np.where(prop[:, None], -2.3 + 1.1 * contractor_q + 1.6 * (old_lifts[:, None] - 0.4) + habit[:, None],
                 -2.5 + 1.3 * habit[:, None]) + noise(rng, n)
    w = World(f, z, openings(rng, n))
    w.lottery(rng, 0.2)
    w.hotline(rng, 0.15, np.where(prop, 2.5, 0.8))  # owners complain about stuck lifts
    mon_ok = f["remote_monitoring"].to_numpy(bool)
    for year in YEARS:  # 96333 困人 alarms while the lifts are networked
        w.poisson_signals(rng, mon_ok * prop * w.p_year(year) * 1.2 * size_w(f), dt.date(year, 1, 2),
                          dt.date(year, 12, 30), "data_monitoring", "ly-wy", urgent=0.3, follow=0.25)
        w.poisson_signals(rng, 0.05 + 0.1 * rng.random(n), dt.date(year, 1, 2), dt.date(year, 12, 30), "referral",
                          "ly-wy", follow=0.5)  # 街道/市场监管 转办
    for i in np.flatnonzero(retender):
        w.signal(rng, int(i), day_in(rng, int(switch[i]) - 1), "enterprise_request", "ly-wy", urgent=0.0)
    w.poisson_signals(rng, np.full(n, 0.08), FIRST, dt.date(2026, 12, 20), "enterprise_request", urgent=0.0)
    w.credit(rng, 0.55, 0.07 * sig(-z[:, 30]), 0.01, good_note="物业服务星级评定", commend_note="洛阳市物业服务示范项目")
    for year in (2025, 2026):  # 特种设备 platform: the contractor it saw last year and the lifts' age
        score = quality[first] + 1.2 * old_lifts + rng.normal(0, 0.6, n)
        score = np.where(prop, score, 0.8 * habit + rng.normal(0, 0.8, n))
        w.platform(score, dt.date(year, 4, 20))
    return w


def certificate_renting(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"construction": 0.5, "survey_design": 0.14, "supervision": 0.14, "municipal": 0.1,
                          "testing": 0.06, "other": 0.06})
    small = lookup(f["size"].to_numpy(), {"micro": 1.0, "small": 0.6, "medium": 0.2, "large": 0.0})
    rented = rng.beta(1.0, 4.0, n) * (0.6 + 0.8 * small)
    habit = rng.normal(0, 0.5, n)
    caught = (rented > 0.3) & (rng.random(n) < 0.55)
    caught_m = rng.integers(14, 22, n)  # 2025-03 .. 2025-10
    t = np.arange(M)
    share = np.where(caught[:, None] & (t[None, :] >= caught_m[:, None] + 5), 0.35 * rented[:, None],
                     rented[:, None])
    z = -2.6 + 4.5 * share + habit[:, None] + noise(rng, n)
    w = World(f, z, openings(rng, n, 0.08))
    w.lottery(rng, 0.22)
    w.hotline(rng, 0.05, 0.8)
    for year in YEARS:
        y = year - 2024
        shr = share[:, 12 * y:12 * y + 12].mean(axis=1)
        w.poisson_signals(rng, 0.2 + 3.0 * shr, dt.date(year, 1, 5), dt.date(year, 12, 25), "enterprise_request",
                          urgent=0.0)  # 注册人员变更备案
        w.poisson_signals(rng, 0.04 * np.ones(n), dt.date(year, 1, 5), dt.date(year, 12, 25), "data_monitoring",
                          follow=0.3)  # 实名制考勤 anomalies, mostly noise
    for i in np.flatnonzero(caught):
        w.signal(rng, int(i), day_in(rng, int(caught_m[i])), "referral", "ly-js", urgent=0.2, follow=0.8, sharp=1.3)
    w.poisson_signals(rng, 0.03 * np.ones(n), FIRST, dt.date(2026, 12, 20), "referral", follow=0.5)
    w.credit(rng, 0.65, 0.05 * (1 - rented), 0.008, bad_note="建筑市场违法违规行为处罚")
    for i in np.flatnonzero(caught):  # the cross-check itself becomes a 不良 record
        on = day_in(rng, int(caught_m[i]) + 2)
        w.records.append((int(i), on, "bad", on + dt.timedelta(days=365), "社保比对：注册人员挂证"))
    w.platform(share[:, 33] + rng.normal(0, 0.06, n) + 0.15 * habit, dt.date(2026, 10, 15))
    return w


def guarantee_chain(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"construction": 0.45, "real_estate": 0.28, "ready_mix": 0.12, "municipal": 0.15},
                 sizes={"micro": 0.15, "small": 0.45, "medium": 0.3, "large": 0.1})
    chain = np.full(n, -1)
    order = rng.permutation(n)
    k, c = 0, 0
    while k < int(0.62 * n):
        size = int(rng.integers(3, 9))
        chain[order[k:k + size]] = c
        k += size
        c += 1
    breaks = rng.random(c) < 0.33
    brk_m = rng.integers(26, 35, c)  # 2026-03 .. 2026-11
    habit = rng.normal(0, 0.6, n)
    t = np.arange(M)
    in_broken = (chain >= 0) & breaks[np.maximum(chain, 0)]
    bm = np.where(in_broken, brk_m[np.maximum(chain, 0)], 99)
    hit = np.clip((t[None, :] - bm[:, None] + 1) / 4.0, 0, 1) * rng.uniform(1.3, 2.3, n)[:, None]
    z = -2.5 + habit[:, None] + hit + noise(rng, n)
    w = World(f, z, openings(rng, n, 0.04))
    w.lottery(rng, 0.25)
    w.hotline(rng, 0.1, 1.0)
    for i in np.flatnonzero(in_broken):
        m0 = int(bm[i])
        for m in range(m0, 36):  # after the break: 工期顺延/停工 requests, 街道 referrals, creditors' complaints
            if rng.random() < 0.35:
                w.signal(rng, int(i), day_in(rng, m), "enterprise_request", urgent=0.0)
            if rng.random() < 0.2:
                w.signal(rng, int(i), day_in(rng, m), "referral", "ly-js", urgent=0.25, follow=0.5)
            if rng.random() < 0.3:
                w.signal(rng, int(i), day_in(rng, m), "complaint", urgent=0.15, follow=0.2)
    w.poisson_signals(rng, 0.15 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", urgent=0.0)
    w.poisson_signals(rng, 0.05 * np.ones(n), FIRST, dt.date(2026, 12, 20), "referral", follow=0.4)
    mon_ok = f["remote_monitoring"].to_numpy(bool)
    for year in YEARS:
        w.poisson_signals(rng, mon_ok * (0.3 + 1.0 * w.p_year(year)), dt.date(year, 1, 2), dt.date(year, 12, 30),
                          "data_monitoring", "ly-zj", urgent=0.1, follow=0.15)
    w.credit(rng, 0.6, 0.06 * sig(-habit), 0.012)
    for year in YEARS:
        w.points(dt.date(year, 12, 15))
    return w


def liability_insurance(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"construction": 0.55, "municipal": 0.2, "ready_mix": 0.1, "real_estate": 0.15})
    habit = rng.normal(0, 0.8, n)
    load = rng.gamma(2.0, 0.5, n)  # open works in 2027 (hidden), drawn apart from the past
    insured = rng.random(n) < sig(-0.3 + 0.5 * np.log(size_w(f)) - 0.3 * habit)
    ins_m = rng.integers(12, 34, n)
    t = np.arange(M)
    covered = insured[:, None] & (t[None, :] >= ins_m[:, None] + 2)
    past_load = rng.gamma(2.0, 0.5, n)
    workload = np.where(t[None, :] >= 36, load[:, None], past_load[:, None])
    z = -2.2 + habit[:, None] + 0.45 * workload - 0.7 * covered + noise(rng, n)
    w = World(f, z, openings(rng, n))
    w.lottery(rng, 0.2)
    w.hotline(rng, 0.1, 1.2)
    for i in np.flatnonzero(insured):
        w.signal(rng, int(i), day_in(rng, int(ins_m[i])), "enterprise_request", urgent=0.0)  # 投保备案
    for year in YEARS:  # the insurer's engineers refer serious hazards of the insured
        y = (year - 2024) * 12
        cov = covered[:, y:y + 12].mean(axis=1)
        w.poisson_signals(rng, cov * 3.0 * w.p_year(year) + 0.02, dt.date(year, 1, 2), dt.date(year, 12, 30),
                          "referral", "ly-zj", urgent=0.3, follow=0.7, sharp=1.4)
        w.poisson_signals(rng, f["remote_monitoring"].to_numpy(bool) * (0.4 + 0.8 * w.p_year(year)),
                          dt.date(year, 1, 2), dt.date(year, 12, 30), "data_monitoring", "ly-zj", follow=0.15)
    w.poisson_signals(rng, 0.1 * np.ones(n), FIRST, dt.date(2026, 12, 20), "enterprise_request", urgent=0.0)
    w.credit(rng, 0.6, 0.04 + 0.04 * insured, 0.01)
    w.grades = None
    return w


def deep_excavation(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"construction": 0.6, "municipal": 0.25, "supervision": 0.08, "survey_design": 0.07})
    s = f["sector"].to_numpy()
    builds = (s == "construction") | (s == "municipal")
    habit = rng.normal(0, 1.1, n)
    active = np.zeros((n, M))
    starts: list[tuple[int, int]] = []
    for i in np.flatnonzero(builds):
        k = rng.poisson(0.6 * size_w(f)[i] * 4)
        for _ in range(int(k)):
            m0 = int(rng.integers(-4, 46))
            dur = int(rng.integers(3, 9))
            active[i, max(m0, 0):max(m0 + dur, 0)] += 1
            starts.append((int(i), m0))
    z = -2.4 + habit[:, None] + 0.7 * np.minimum(active, 2) + noise(rng, n)
    w = World(f, z, openings(rng, n, 0.04))
    w.lottery(rng, 0.45)
    w.hotline(rng, 0.05, 1.0)
    for i, m0 in starts:  # 专项方案论证 filing one to three months ahead
        fm = m0 - int(rng.integers(1, 4))
        if 0 <= fm < 36 and rng.random() < 0.9:
            w.signal(rng, i, day_in(rng, fm), "enterprise_request", "ly-js", urgent=0.0, follow=0.1)
    mon_ok = f["remote_monitoring"].to_numpy(bool)
    for i in np.flatnonzero(mon_ok):  # 基坑监测 alarms while a work runs
        for m in np.flatnonzero(active[i, :36]):
            if rng.random() < 0.8 * sig(z[i, m]):
                w.signal(rng, int(i), day_in(rng, int(m)), "data_monitoring", "ly-zj", urgent=0.4, follow=0.5)
    w.poisson_signals(rng, 0.06 * np.ones(n), FIRST, dt.date(2026, 12, 20), "referral", follow=0.5)
    w.credit(rng, 0.7, 0.08 * sig(-1.5 * habit), 0.015)
    for year in YEARS:
        w.points(dt.date(year, 12, 15))
    return w


def muck_haulers(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"other": 0.45, "construction": 0.3, "municipal": 0.15, "ready_mix": 0.1},
                 monitored={"other": 0.7, "ready_mix": 0.5, "construction": 0.3, "municipal": 0.3})
    s = f["sector"].to_numpy()
    hauler = s == "other"
    fleet_age = rng.beta(2, 2, n)
    night = rng.beta(1.5, 3, n) * np.where(hauler, 1.0, 0.5)
    habit = rng.normal(0, 0.4, n)
    t = np.arange(M)
    season = 0.25 * np.cos(2 * np.pi * (t - 6) / 12)[None, :]  # summer building peak
    z = -2.3 + 1.8 * (fleet_age[:, None] - 0.5) + 2.4 * (night[:, None] - 0.25) + habit[:, None] + season
    z = z + noise(rng, n)
    w = World(f, z, openings(rng, n, 0.07))
    for year in YEARS:  # 城管 night patrols: a lottery weighted to haulers
        for i in np.flatnonzero(rng.random(n) < np.where(hauler, 0.3, 0.15)):
            w.visit(rng, int(i), day_between(rng, dt.date(year, 3, 1), dt.date(year, 12, 10)), "ly-zf")
    dist = f["district_code"].to_numpy()
    by_d = {d: np.flatnonzero(dist == d) for d in DISTRICTS}
    for year in YEARS:  # residents' 抛洒滴漏 complaints at night: one in three names a neighbour
        rate = 0.05 + 2.0 * night * w.p_year(year) * size_w(f)
        k = rng.poisson(rate)
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                j = int(rng.choice(by_d[dist[i]])) if rng.random() < 0.33 else int(i)
                w.signal(rng, j, day_between(rng, dt.date(year, 1, 3), dt.date(year, 12, 29)), "complaint", "ly-zf",
                         urgent=0.1, follow=0.35)
        mon_ok = f["remote_monitoring"].to_numpy(bool)
        w.poisson_signals(rng, mon_ok * (0.3 + 2.5 * w.p_year(year)) * np.where(hauler, 1.0, 0.3),
                          dt.date(year, 1, 2), dt.date(year, 12, 30), "data_monitoring", "ly-zf", urgent=0.05,
                          follow=0.1)  # GPS 偏航/未密闭
        w.poisson_signals(rng, 0.6 * fleet_age * hauler + 0.03, dt.date(year, 1, 2), dt.date(year, 12, 30),
                          "referral", "ly-zf", urgent=0.1, follow=0.4)  # 交警 超载 referrals
        w.poisson_signals(rng, 0.25 * hauler + 0.05, dt.date(year, 1, 2), dt.date(year, 12, 30),
                          "enterprise_request", "ly-zf", urgent=0.0)  # 核准 applications
    w.credit(rng, 0.5, 0.05 * (1 - fleet_age), 0.008, bad_note="城市管理行政处罚决定", good_note="绿色运输示范企业",
             commend_note="文明城市创建先进单位")
    for year in (2024, 2025, 2026):
        w.platform(fleet_age + 0.25 * night + rng.normal(0, 0.2, n), dt.date(year, 6, 10))
    return w


_BUILD = {"elevator_contractors": elevator_contractors, "certificate_renting": certificate_renting,
          "guarantee_chain": guarantee_chain, "liability_insurance": liability_insurance,
          "deep_excavation": deep_excavation, "muck_haulers": muck_haulers}


# ------------------------------------------------------------------------------------------- files

def staff(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    teams, officers, away = [], [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            team = f"{ag}-{d}"
            teams.append((team, ag, d, 5 if d == CITY else 3))
            for k, role in enumerate(("enforcement",) * 5 + ("auxiliary", "legal_review")):
                sworn = role == "enforcement"
                oid = f"{team}-{k:02d}"
                officers.append((oid, f"{DISTRICTS.get(d, '市本级')}{ag[3:].upper()}执法员{k:02d}", team, role,
                                 f"豫{int(rng.integers(10**8, 10**9))}" if sworn else "",
                                 f"{int(rng.integers(2028, 2032))}-12-31" if sworn else "",
                                 "" if rng.random() < 0.12 else int(rng.integers(50, 100)),
                                 "" if not sworn or rng.random() < 0.35 else int(rng.integers(40, 70))))
                if rng.random() < 0.15:
                    lo = day_between(rng, dt.date(2027, 2, 1), dt.date(2027, 11, 1))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(3, 20)))).isoformat(),
                                 str(rng.choice(["年休假", "脱产培训", "借调"]))))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]),
            pd.DataFrame(away, columns=["officer_id", "start_on", "end_on", "reason"]))


def write(w: World, rng: np.random.Generator, folder: Path, family: str) -> None:
    f = w.firms
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
    home = f["sector"].map(HOME).to_numpy()
    dist = f["district_code"].to_numpy()
    rows = []
    for k, (i, day, outcome, fixed, ag) in enumerate(sorted(w.checks, key=lambda c: (c[1], c[0], c[2], c[4]))):
        if not FIRST <= day < JAN1:
            continue
        ag = ag or (home[i] if rng.random() < 0.85 else str(rng.choice(["ly-js", "ly-zf"])))
        team = f"{ag}-{dist[i] if rng.random() < 0.75 else CITY}"
        pair = sorted(int(x) for x in rng.choice(5, size=2, replace=False))
        rows.append((f"LY{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(w.records, key=lambda r: (r[1], r[0], r[2], r[4])) if FIRST <= d < JAN1]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"LYT{k:07d}", ids[i], ag or home[i], d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(w.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if FIRST <= d < JAN1]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if w.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(w.grades, key=lambda r: (r[2], r[0])) if d < JAN1]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))], str(rng.choice(["配偶在该企业任职", "曾在该企业任职"])))
           for _ in range(max(3, len(ids) // 350))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # 2027 调休
    policy = {"year": PLAN_YEAR, "seed": f"luoyang-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 15])
    w = _BUILD[family](rng, n)
    folder = out / "bundle"
    if folder.exists():
        shutil.rmtree(folder)
    write(w, rng, folder, family)
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": w.firms["enterprise_id"],
                  "p_violation": np.round(np.clip(w.truth, 0.002, 0.98), 6)}).to_csv(truth, index=False)
    return folder, truth


if __name__ == "__main__":
    import sys

    print(generate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
