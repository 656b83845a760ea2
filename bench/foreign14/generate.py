"""A fourteenth held-out bureau generator (issue 9) · 第十四套独立生成的住建/城管执法局（绍兴）.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's risk model. The product is judged as a black box by
``bench/foreign2/run.py --generator bench/foreign14``.

Every bureau is the city of 绍兴 (districts 330602 越城区, 330603 柯桥区, 330604 上虞区, 330624 新昌县, 330681 诸暨市,
330683 嵊州市; city-level teams 330600), plan year 2027, registers from 2024-01-01 to 2026-12-31. Each firm has a
hidden logit per month (2024-01 .. 2027-12); a past check finds a violation with the chance that logit gives.
``truth.csv`` (beside the bundle, never inside) holds ``p_violation``: the mean over the twelve months of 2027 of the
chance a site check finds a violation.

Every bundle fills the whole format: all five credit-record kinds, all four trigger kinds, ``rectified`` (blank while
a recent finding's rectification is still open), register columns sometimes blank, leave and recusals.

Families (what is hidden · what the bundle shows · what the official grade is):

* ``fee_collection`` 物业费收缴率 — a property-heavy bureau. A 物业 firm's risk follows its fee collection rate, which
  drifts year to year: short of money it cuts 消防设施维保, 电梯维保, 二次供水清洗. Owners complain with a militancy of
  their own (业委会 disputes), so complaint counts say as much about the estate as the firm; 街道转办 fee disputes
  (referrals) and 调价申请 (enterprise requests) follow low collection. GRADE PLATFORM-DERIVED, LAGGING: rated each
  May from the courts' 物业费诉讼 filings and tax data of the year before (none in the bundle).
* ``key_projects`` 重点工程包容审慎 — builders carrying 市重点工程 (杭绍甬, 城市更新) work under schedule pressure are
  riskier the larger their share of it; but they sit on the 无事不扰 white list (skipped by the lottery), their
  findings are often written down as minor (包容审慎), few become 不良 records, and they collect 立功竞赛
  commendations. The 2027 list, published in December 2026, reaches the bureau as 重点办 referrals. GRADE MECHANICAL,
  NOT TRACKING: each December from the bundle's own records and findings, which the leniency has bleached.
* ``outside_firms`` 外埠进绍企业 — a third of the firms are registered elsewhere (their credit code carries another
  region) and file a 进绍信息登记 (enterprise request) before their first local project. Newcomers are much riskier
  for their first year (local rules, new crews), decaying after; some arrive for 2027 and have no history at all.
  GRADE PLATFORM-DERIVED, HABIT ONLY: the national 四库一平台 rating each September from penalties in every province
  (not in the bundle): tracks a firm's lasting habit, blind to the newcomer effect.
* ``prefab_learning`` 装配式转型 — firms taking up 装配式 (precast) work hit a learning curve: 套筒灌浆 and 节点
  defects for about a year after their first prefab project starts, then lower risk than before (factory quality).
  The 装配式方案 filings (enterprise requests) precede a start by months; the 质监站's 灌浆 special checks and video
  alarms follow it. NO GRADES: the bureau has no credit_grades.csv.
* ``self_reporting`` 隐患自查自报 — firms enrolled on the 双重预防 platform report their own hazards (enterprise
  requests) and fix them: enrolment lowers risk; the bureau's 核查 visits on a self-report mostly record the hazard
  as minor. Within enrolled firms more reports go with more hazards. GRADE PLATFORM-DERIVED, PARTIAL: the platform
  rates only enrolled firms each June, from hazard closure rates the bundle does not hold.
* ``lax_supervisor`` 监理失职 — supervision firms differ in laxity (监理人员不到岗); a builder's or developer's risk
  rises with the laxity of the supervisors on its open projects. The 质监站 inspects each project's parties on the
  same day with the same crew (the only trace of who supervises whom). History is rich: GRADE MECHANICAL, TRACKING:
  the same December points rule as key_projects, which here follows the truth.
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
FAMILIES = ("fee_collection", "key_projects", "outside_firms", "prefab_learning", "self_reporting", "lax_supervisor")

CITY = "330600"
DISTRICTS = {"330602": "越城区", "330603": "柯桥区", "330604": "上虞区", "330624": "新昌县", "330681": "诸暨市",
             "330683": "嵊州市"}
_DIST_W = np.array([0.24, 0.22, 0.17, 0.08, 0.18, 0.11])
_CENTRE = {"330602": (30.00, 120.58), "330603": (30.08, 120.49), "330604": (30.03, 120.87),
           "330624": (29.50, 120.90), "330681": (29.71, 120.24), "330683": (29.59, 120.82)}
OUTSIDE_REGIONS = ("330100", "330200", "320500", "340100", "410100", "360100", "350200", "430100", "510100")
_REGION_NAME = {"330100": "杭州", "330200": "宁波", "320500": "苏州", "340100": "合肥", "410100": "郑州",
                "360100": "南昌", "350200": "厦门", "430100": "长沙", "510100": "成都"}
_ROADS = ("解放北路", "中兴中路", "胜利东路", "人民中路", "延安路", "环城西路", "越东路", "笛扬路", "柯华路", "群贤路",
          "鉴湖路", "江扬路", "市民大道", "暨阳路", "望江路", "鼓山路", "兴越路", "曹娥江大道")
AGENCIES = {"sx-js": "绍兴市住房和城乡建设局", "sx-zf": "绍兴市综合行政执法局", "sx-zaz": "绍兴市建设工程质量安全管理中心",
            "sx-wy": "绍兴市物业管理服务中心", "sx-rq": "绍兴市燃气安全管理所"}
HOME = {"construction": "sx-js", "real_estate": "sx-js", "property_mgmt": "sx-wy", "gas": "sx-rq",
        "supervision": "sx-zaz", "survey_design": "sx-js", "testing": "sx-zaz", "ready_mix": "sx-zaz",
        "municipal": "sx-zf", "other": "sx-zf"}
ITEMS = (
    ("SX-JS-01", "sx-js", "建筑市场行为和企业资质检查", "《中华人民共和国建筑法》；《建筑业企业资质管理规定》",
     "construction;real_estate;survey_design;supervision;municipal;other", "true"),
    ("SX-JS-02", "sx-js", "危险性较大的分部分项工程安全检查", "《危险性较大的分部分项工程安全管理规定》（住建部令第37号）",
     "construction;municipal;other", "false"),
    ("SX-ZAZ-01", "sx-zaz", "工程质量监督抽查（含装配式套筒灌浆）", "《建设工程质量管理条例》第四十六条",
     "construction;real_estate;supervision;testing;ready_mix", "false"),
    ("SX-ZAZ-02", "sx-zaz", "检测机构和预拌混凝土质量检查", "《建设工程质量检测管理办法》", "testing;ready_mix", "true"),
    ("SX-WY-01", "sx-wy", "物业服务和住宅专项维修资金检查", "《物业管理条例》；《浙江省物业管理条例》",
     "property_mgmt;real_estate", "true"),
    ("SX-ZF-01", "sx-zf", "施工扬尘、渣土和市容环境执法检查", "《浙江省城市市容和环境卫生管理条例》；《中华人民共和国大气污染防治法》",
     "construction;municipal;ready_mix;other;property_mgmt", "false"),
    ("SX-RQ-01", "sx-rq", "城镇燃气经营安全检查", "《城镇燃气管理条例》；《浙江省燃气管理条例》", "gas", "true"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_WORD1 = ("越", "兰亭", "鉴湖", "稽山", "会稽", "古越", "若耶", "柯岩", "曹娥", "大禹", "沈园", "东湖", "黄酒", "青藤",
          "浣纱", "舜江", "剡溪", "天姥")
_WORD2 = ("宏", "安", "信", "达", "恒", "盛", "建", "锦", "华", "泰", "元", "和", "成", "新")
_SUFFIX = {"construction": "建设有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业服务有限公司",
           "gas": "燃气有限公司", "supervision": "工程监理有限公司", "survey_design": "勘察设计院有限公司",
           "testing": "建设工程检测有限公司", "ready_mix": "混凝土有限公司", "municipal": "市政园林工程有限公司",
           "other": "劳务有限公司"}
_HEADCOUNT = {"micro": (2, 10), "small": (10, 80), "medium": (80, 400), "large": (400, 3000)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
M = 48  # months 2024-01 .. 2027-12


def uscc(first17: str) -> str:
    """统一社会信用代码 with its GB 32100-2015 check character."""
    total = sum(_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + _CHARS[(31 - total % 31) % 31]


def sig(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, float)))


def month_of(day: dt.date) -> int:
    return (day.year - 2024) * 12 + day.month - 1


def month_start(m: int) -> dt.date:
    return dt.date(2024 + m // 12, m % 12 + 1, 1)


def rand_day(rng: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers(0, max((hi - lo).days, 0) + 1)))


def in_month(rng: np.random.Generator, m: int) -> dt.date:
    return month_start(m) + dt.timedelta(days=int(rng.integers(0, 28)))


def pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def by(values: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([table.get(str(v), default) for v in values])


def rank_grade(score: np.ndarray, shares: tuple[float, float, float] = (0.3, 0.75, 0.92)) -> np.ndarray:
    """A for the lowest 30% of the score, B to 75%, C to 92%, D above."""
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(np.array(shares), q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], outside: np.ndarray | None = None,
             registered: list[dt.date | None] | None = None) -> pd.DataFrame:
    """检查对象名录库: n firms with some optional columns left blank, as registers are."""
    sector = pick(rng, sectors, n)
    size = pick(rng, {"micro": 0.28, "small": 0.44, "medium": 0.2, "large": 0.08}, n)
    lo = np.array([_HEADCOUNT[s][0] for s in size], float)
    hi = np.array([_HEADCOUNT[s][1] for s in size], float)
    staff = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi)))).astype(int)
    age = np.where(rng.random(n) < 0.1, rng.uniform(0.2, 2.0, n), 1.5 + rng.gamma(2.0, 4.5, n))
    district = rng.choice(np.array(list(DISTRICTS), dtype=object), size=n, p=_DIST_W / _DIST_W.sum())
    outside = np.zeros(n, bool) if outside is None else outside
    ids: list[str] = []
    names: list[str] = []
    est: list[str] = []
    addr: list[str] = []
    seen: set[str] = set()
    seen_names: set[str] = set()
    for i in range(n):
        region = str(rng.choice(OUTSIDE_REGIONS)) if outside[i] else district[i]
        code = ""
        while not code or code in seen:
            code = uscc("91" + region + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        head = _REGION_NAME[region] if outside[i] else "绍兴"
        name = f"{head}{_WORD1[rng.integers(len(_WORD1))]}{_WORD2[rng.integers(len(_WORD2))]}{_SUFFIX[sector[i]]}"
        if outside[i]:
            name += "绍兴分公司"
        k = 1
        base = name
        while name in seen_names:
            k += 1
            name = f"{base}（{DISTRICTS[district[i]]}{k}）"
        seen_names.add(name)
        names.append(name)
        if outside[i] and registered is not None and registered[i] is not None:
            reg = registered[i]
            assert reg is not None
            est.append(reg.isoformat() if rng.random() < 0.6 else "")  # the branch's 登记 date, or nothing
        else:
            est.append("" if rng.random() < 0.05 else (JAN1 - dt.timedelta(days=int(age[i] * 365.25))).isoformat())
        addr.append("" if rng.random() < 0.07 else
                    f"浙江省绍兴市{DISTRICTS[district[i]]}{_ROADS[rng.integers(len(_ROADS))]}{int(rng.integers(1, 900))}号")
    lat = np.array([_CENTRE[d][0] for d in district]) + rng.normal(0, 0.04, n)
    lon = np.array([_CENTRE[d][1] for d in district]) + rng.normal(0, 0.05, n)
    no_geo = rng.random(n) < 0.18
    emp_blank = rng.random(n) < np.where(outside, 0.5, 0.08)
    return pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": np.where(emp_blank, "", staff.astype(str)), "established_on": est, "address": addr,
        "lat": np.where(no_geo, "", np.char.mod("%.6f", lat)), "lon": np.where(no_geo, "", np.char.mod("%.6f", lon)),
        "remote_monitoring": rng.random(n) < by(sector, {"gas": 0.75, "construction": 0.4, "municipal": 0.3,
                                                         "ready_mix": 0.55, "property_mgmt": 0.25}, 0.04)})


def wander(rng: np.random.Generator, n: int, sd: float = 0.15) -> np.ndarray:
    """Small month-to-month noise around a firm's level (AR(1))."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    for t in range(1, M):
        e[:, t] = 0.8 * e[:, t - 1] + rng.normal(0, sd * 0.6, n)
    return e


# ------------------------------------------------------------------------------------------- the bureau's registers

@dataclass
class Bureau:
    firms: pd.DataFrame
    z: np.ndarray  # (n, 48) hidden logits
    opens: np.ndarray  # first month each firm is under this bureau (negative: before 2024)
    # (firm, day, outcome, rectified, agency, crew key or None)
    checks: list[tuple[int, dt.date, str, str, str, int | None]] = field(default_factory=list)
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    triggers: list[tuple[int, dt.date, str, bool, str]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] | None = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.firms)

    @property
    def truth(self) -> np.ndarray:
        return sig(self.z[:, 36:]).mean(axis=1)

    def p(self, i: int, day: dt.date) -> float:
        return float(sig(self.z[i, month_of(day)]))

    def active(self, i: int, day: dt.date) -> bool:
        return FIRST <= day < JAN1 and month_of(day) >= self.opens[i]

    def check(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", crew: int | None = None,
              lean: float = 0.0, minor_share: float = 0.2) -> str:
        """A site check: a violation with the month's chance; ``lean`` > 0 writes that share of findings down as minor
        (包容审慎)."""
        if not self.active(i, day):
            return ""
        p = self.p(i, day)
        if rng.random() < p:
            if rng.random() < lean:
                outcome, fixed = "minor", ""
            else:
                outcome = "serious" if rng.random() < 0.04 + 0.35 * p else "violation"
                open_case = (JAN1 - day).days < 45 and rng.random() < 0.7  # 整改期限 still running at the export
                fixed = "" if open_case else ("true" if rng.random() < 0.9 - 0.8 * p else "false")
        else:
            outcome, fixed = ("minor" if rng.random() < minor_share else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency, crew))
        return outcome

    def signal(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, agency: str = "", urgent: float = 0.0,
               follow: float = 0.0, lean: float = 0.0) -> bool:
        if not self.active(i, day):
            return False
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), agency))
        if rng.random() < follow:
            when = day + dt.timedelta(days=int(rng.integers(1, 16)))
            self.check(rng, i, when, agency, lean=lean)
        return True

    def signals(self, rng: np.random.Generator, rate: np.ndarray, year: int, kind: str, agency: str = "",
                urgent: float = 0.0, follow: float = 0.0, lean: np.ndarray | None = None) -> None:
        k = rng.poisson(np.maximum(rate, 0.0))
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                self.signal(rng, int(i), rand_day(rng, dt.date(year, 1, 2), dt.date(year, 12, 30)), kind, agency,
                            urgent, follow, 0.0 if lean is None else float(lean[i]))

    def year_p(self, year: int) -> np.ndarray:
        k = year - 2024
        return sig(self.z[:, 12 * k:12 * k + 12]).mean(axis=1)

    def lottery(self, rng: np.random.Generator, share: float, skip: np.ndarray | None = None,
                lean: np.ndarray | None = None) -> None:
        """双随机一公开: each year a share of the firms drawn (``skip``: the chance a firm is on the 无事不扰 list)."""
        for year in (2024, 2025, 2026):
            drawn = rng.random(self.n) < share
            if skip is not None:
                drawn &= rng.random(self.n) >= skip
            for i in np.flatnonzero(drawn):
                self.check(rng, int(i), rand_day(rng, dt.date(year, 3, 1), dt.date(year, 12, 10)),
                           lean=0.0 if lean is None else float(lean[i]))

    def complaints(self, rng: np.random.Generator, base: float, slope: float, follow: float = 0.35,
                   scale: np.ndarray | None = None) -> None:
        """12345 hotline complaints, at a rate rising with the year's chance."""
        for year in (2024, 2025, 2026):
            rate = (base + slope * self.year_p(year)) * (1.0 if scale is None else scale)
            self.signals(rng, rate, year, "complaint", urgent=0.06, follow=follow)

    def penalise(self, rng: np.random.Generator, share: float | np.ndarray = 0.6, note: str = "行政处罚决定") -> None:
        """Findings become 不良信用信息 within weeks; unrectified serious ones may put the firm on the 严重失信 list;
        rectified ones are sometimes repaired (信用修复)."""
        share_of = np.broadcast_to(np.asarray(share, float), (self.n,))
        for i, day, outcome, fixed, _, _ in list(self.checks):
            if outcome not in ("violation", "serious") or rng.random() >= share_of[i]:
                continue
            on = day + dt.timedelta(days=int(rng.integers(12, 70)))
            life = int(rng.choice([183, 365, 1095], p=[0.4, 0.4, 0.2]))
            self.records.append((i, on, "bad", on + dt.timedelta(days=life), note))
            if outcome == "serious" and rng.random() < (0.6 if fixed == "false" else 0.12):
                self.records.append((i, on + dt.timedelta(days=int(rng.integers(5, 40))), "serious_dishonest",
                                     on + dt.timedelta(days=1095), "列入建筑市场主体严重失信名单"))
            elif fixed == "true" and life >= 365 and rng.random() < 0.25:
                self.records.append((i, on + dt.timedelta(days=int(rng.integers(100, 300))), "repair", None,
                                     "信用修复：已整改并完成信用承诺"))

    def honour(self, rng: np.random.Generator, good_rate: np.ndarray, commend_rate: np.ndarray,
               good_note: str = "标准化示范工地", commend_note: str = "市级表彰") -> None:
        for year in (2024, 2025, 2026):
            for rate, kind, note, life in ((good_rate, "good", good_note, 1095),
                                           (commend_rate, "commendation", commend_note, 1095)):
                for i in np.flatnonzero(rng.random(self.n) < np.clip(rate, 0, 1)):
                    on = rand_day(rng, dt.date(year, 1, 10), dt.date(year, 12, 20))
                    if self.active(int(i), on):
                        self.records.append((int(i), on, kind, on + dt.timedelta(days=life), note))

    def rate_platform(self, score: np.ndarray, day: dt.date, who: np.ndarray | None = None) -> None:
        mask = np.ones(self.n, bool) if who is None else who
        mask = mask & (self.opens <= month_of(day))
        idx = np.flatnonzero(mask)
        if len(idx) == 0:
            return
        assert self.grades is not None
        for i, g in zip(idx, rank_grade(score[idx]), strict=True):
            self.grades.append((int(i), str(g), day))

    def rate_mechanical(self, day: dt.date) -> None:
        """The bureau's own points rule, from what it holds: records in force and the last two years' findings."""
        assert self.grades is not None
        pts = np.full(self.n, 90.0)  # 90 + records in force + 10 − 150 × the (shrunk) two-year finding rate
        for i, on, kind, until, _ in self.records:
            if on > day or (until is not None and until < day):
                continue
            pts[i] += {"bad": -8.0, "serious_dishonest": -30.0, "good": 3.0, "commendation": 5.0, "repair": 4.0}[kind]
        seen = np.zeros(self.n)
        found = np.zeros(self.n)
        for i, on, outcome, _, _, _ in self.checks:
            if day - dt.timedelta(days=730) <= on <= day:
                seen[i] += 1
                found[i] += outcome in ("violation", "serious")
        pts += 10.0 - 150.0 * (found + 0.2) / (seen + 2.0)
        grade = np.where(pts >= 90, "A", np.where(pts >= 80, "B", np.where(pts >= 68, "C", "D")))
        for i in np.flatnonzero(self.opens <= month_of(day)):
            self.grades.append((int(i), str(grade[i]), day))


def everyone(n: int) -> np.ndarray:
    return np.full(n, -120, int)


# ------------------------------------------------------------------------------------------- families

def fee_collection(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"property_mgmt": 0.46, "construction": 0.18, "real_estate": 0.1, "municipal": 0.07,
                          "gas": 0.05, "other": 0.14})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    prop = s == "property_mgmt"
    households = np.where(prop, by(size, {"micro": 400, "small": 1500, "medium": 5000, "large": 15000})
                          * rng.lognormal(0, 0.4, n), 0.0)
    mu = np.clip(0.86 + rng.normal(0, 0.07, n), 0.5, 0.99)
    c = np.zeros((n, 5))  # collection rate 2023 .. 2027
    c[:, 0] = np.clip(mu + rng.normal(0, 0.06, n), 0.3, 0.995)
    for t in range(1, 5):
        c[:, t] = np.clip(mu + 0.65 * (c[:, t - 1] - mu) + rng.normal(0, 0.07, n), 0.3, 0.995)
    care = rng.normal(0, 0.5, n)
    base = -2.7 + care + by(s, {"gas": 0.2, "construction": 0.15, "real_estate": -0.1, "other": 0.1})
    squeeze = np.where(prop[:, None], 6.5 * (0.86 - c[:, 1:]), 0.0)
    z = base[:, None] + np.repeat(squeeze, 12, axis=1) + wander(rng, n)
    b = Bureau(f, z, everyone(n))
    b.lottery(rng, 0.12)
    militancy = rng.lognormal(0, 0.75, n)  # 业委会 and owners' disputes, independent of the firm's care
    root = np.sqrt(households / 1000.0)
    for k, year in enumerate((2024, 2025, 2026)):
        p = b.year_p(year)
        b.signals(rng, np.where(prop, 0.35 * root * militancy * (0.6 + 3.0 * p), 0.05 + 0.5 * p), year, "complaint",
                  urgent=0.05, follow=0.3)
        b.signals(rng, np.where(prop, 1.6 * root * np.clip(0.92 - c[:, k + 1], 0, None), 0.02), year, "referral",
                  "sx-wy", urgent=0.1, follow=0.5)  # 街道/社区转办 物业费纠纷
        b.signals(rng, np.where(prop, 0.15 + 0.9 * (c[:, k + 1] < 0.78), 0.25 * (s == "construction")), year,
                  "enterprise_request", "sx-wy")  # 物业服务收费调价申请 / 施工许可
        mon = f["remote_monitoring"].to_numpy(bool)
        b.signals(rng, mon * (0.4 + 2.5 * p), year, "data_monitoring", urgent=0.15, follow=0.15)  # 电梯/二次供水物联网
    b.penalise(rng, 0.55, "物业服务行政处罚")
    for k, year in ((2, 2025), (3, 2026)):  # 擅自撤离/弃管: a firm that walks out of an estate is listed
        for i in np.flatnonzero(prop & (c[:, k] < 0.62) & (rng.random(n) < 0.35)):
            on = rand_day(rng, dt.date(year, 2, 1), dt.date(year, 11, 30))
            b.records.append((int(i), on, "serious_dishonest", on + dt.timedelta(days=1095), "物业服务企业擅自撤离，列入严重失信名单"))
    b.honour(rng, np.where(prop, 0.5 * np.clip(c[:, 2] - 0.85, 0, None) * 10, 0.05) * sig(-care),
             np.full(n, 0.015), "红色物业示范小区", "市级优秀物业服务项目")
    for year in (2025, 2026):  # the platform's May rating from last year's 物业费诉讼 and tax
        k = year - 2023 - 1  # index of the previous year in c
        lawsuits = np.where(prop, (1 - c[:, k]) + rng.normal(0, 0.035, n), care * 0.3 + rng.normal(0, 0.15, n))
        for group in (prop, ~prop):
            b.rate_platform(lawsuits, dt.date(year, 5, 20), group)
    return b


def key_projects(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.45, "municipal": 0.2, "supervision": 0.08, "ready_mix": 0.08,
                          "testing": 0.04, "survey_design": 0.05, "other": 0.1})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    on_list = rng.random(n) < np.where(np.isin(s, ["construction", "municipal"]),
                                       by(size, {"micro": 0.05, "small": 0.15, "medium": 0.4, "large": 0.65}),
                                       np.where(s == "survey_design", 0.05, 0.22))
    k = np.zeros((n, 5))  # share of work on 重点工程, 2023 .. 2027
    k[:, 0] = on_list * rng.beta(2, 2.5, n)
    for t in range(1, 5):
        k[:, t] = np.clip(0.6 * k[:, t - 1] + on_list * rng.beta(1.5, 3, n), 0, 1)
    new_2027 = rng.random(n) < 0.25 * on_list + 0.05  # the 2027 list's new projects (杭绍甬智慧高速, 城市更新)
    k[:, 4] = np.clip(k[:, 4] + new_2027 * rng.uniform(0.3, 0.7, n), 0, 1)
    care = rng.normal(0, 0.6, n)
    base = -2.75 + care + by(s, {"municipal": 0.15, "survey_design": -0.4, "testing": -0.2})
    z = base[:, None] + 1.9 * np.repeat(k[:, 1:], 12, axis=1) + wander(rng, n)
    b = Bureau(f, z, everyone(n))
    lean = 0.75 * np.clip(k[:, 1:4].mean(axis=1) * 2, 0, 1)  # findings on listed firms written down as minor
    b.lottery(rng, 0.14, skip=np.where(on_list, 0.8, 0.0), lean=lean)
    for t, year in enumerate((2024, 2025, 2026)):
        p = b.year_p(year)
        visits = rng.poisson(0.8 + 2.5 * k[:, t + 1])  # 质监站 service-style visits
        for i in np.flatnonzero(visits):
            for _ in range(int(visits[i])):
                b.check(rng, int(i), rand_day(rng, dt.date(year, 2, 20), dt.date(year, 12, 20)), "sx-zaz",
                        lean=float(lean[i]))
        b.signals(rng, 0.04 + 0.9 * k[:, t + 1] + 0.4 * p, year, "complaint", urgent=0.05, follow=0.2, lean=lean)
        mon = f["remote_monitoring"].to_numpy(bool)
        b.signals(rng, mon * (0.2 + 1.2 * k[:, t + 1]), year, "data_monitoring", "sx-zf", 0.1, 0.1, lean)
        b.signals(rng, 0.4 + 2.0 * k[:, t + 1], year, "enterprise_request", "sx-js")  # 容缺受理 施工许可
        b.signals(rng, 0.6 * k[:, t + 1], year, "referral", "sx-js", 0.5)  # 重点办 服务保障交办
    for i in np.flatnonzero(k[:, 4] > 0.3):  # the 2027 list, published in December 2026
        b.signal(rng, int(i), rand_day(rng, dt.date(2026, 12, 1), dt.date(2026, 12, 28)), "referral", "sx-js", 0.3)
    b.penalise(rng, np.where(on_list, 0.2, 0.6), "建设工程安全生产行政处罚")
    b.honour(rng, 0.25 * k[:, 1:4].mean(axis=1) + 0.06 * sig(-care), 0.45 * k[:, 1:4].mean(axis=1) + 0.005,
             "省级标准化工地", "重点工程立功竞赛先进集体")
    for year in (2024, 2025, 2026):
        b.rate_mechanical(dt.date(year, 12, 18))
    return b


def outside_firms(rng: np.random.Generator, n: int) -> Bureau:
    sectors = {"construction": 0.5, "municipal": 0.15, "supervision": 0.1, "survey_design": 0.08, "testing": 0.05,
               "other": 0.12}
    outside = rng.random(n) < 0.35
    arrive = np.where(outside, rng.integers(-48, 41, n), -120)  # first local project's start month
    reg_month = np.where(outside, arrive - rng.integers(1, 6, n), -120)
    late = reg_month > 35  # registered in 2027: not yet in the register; move them into late 2026
    reg_month = np.where(late, rng.integers(30, 36, n), reg_month)
    arrive = np.where(late, reg_month + rng.integers(1, 5, n), arrive)
    registered: list[dt.date | None] = [in_month(rng, int(m)) if m > -120 and m >= -60 else None for m in reg_month]
    f = register(rng, n, sectors, outside, registered)
    s = f["sector"].to_numpy()
    habit = rng.normal(0, 0.75, n)
    months = np.arange(M)[None, :]
    since = months - arrive[:, None]
    fresh = np.where(outside[:, None] & (since >= 0), 1.6 * np.exp(-since / 9.0), 0.0)
    base = -2.75 + habit + 0.2 * outside + by(s, {"survey_design": -0.35, "testing": -0.15, "other": 0.2})
    z = base[:, None] + fresh + wander(rng, n)
    opens = np.where(outside, np.maximum(reg_month, -120), -120)
    b = Bureau(f, z, opens)
    b.lottery(rng, 0.13)
    b.complaints(rng, 0.05, 0.7)
    for i in np.flatnonzero(outside):  # 进绍信息登记 and each year's 信息变更/延续
        m = int(reg_month[i])
        if m >= 0:
            b.signal(rng, int(i), in_month(rng, m), "enterprise_request", "sx-js", follow=0.2)
        for year in (2024, 2025, 2026):
            if 12 * (year - 2024) > m and rng.random() < 0.7:
                b.signal(rng, int(i), rand_day(rng, dt.date(year, 1, 5), dt.date(year, 3, 31)), "enterprise_request",
                         "sx-js")
    mon = f["remote_monitoring"].to_numpy(bool)
    for year in (2024, 2025, 2026):
        p = b.year_p(year)
        b.signals(rng, ~outside * 0.3, year, "enterprise_request", "sx-js")  # locals' 资质延续 and permits
        b.signals(rng, 0.25 * sig(habit - 1.0) + 0.4 * outside * sig(habit), year, "referral", "sx-js", 0.2, 0.5)
        b.signals(rng, mon * (0.3 + 2.2 * p), year, "data_monitoring", "sx-zf", 0.1, 0.15)  # 实名制考勤/扬尘
    b.penalise(rng, 0.6)
    b.honour(rng, 0.08 * sig(-habit) * ~outside, np.full(n, 0.01) * ~outside, "市级标化工地", "鉴湖杯优质工程")
    for year in (2025, 2026):  # 四库一平台: penalties in every province, a firm's lasting habit
        b.rate_platform(habit + rng.normal(0, 0.45, n), dt.date(year, 9, 10))
    return b


def prefab_learning(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.45, "real_estate": 0.12, "other": 0.12, "supervision": 0.08,
                          "municipal": 0.08, "ready_mix": 0.1, "testing": 0.05})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    can = np.isin(s, ["construction", "real_estate", "other", "ready_mix"])
    adopt = can & (rng.random(n) < by(size, {"micro": 0.12, "small": 0.3, "medium": 0.5, "large": 0.7}))
    start = np.where(adopt, rng.integers(4, 43, n), 999)  # first prefab project's start month
    since = np.arange(M)[None, :] - start[:, None]
    e = np.exp(-np.clip(since, 0, None) / 7.0)
    learn = np.where(since >= 0, 1.7 * e - 0.45 * (1 - e), 0.0)
    care = rng.normal(0, 0.75, n)
    base = -2.75 + care + by(s, {"ready_mix": 0.1, "real_estate": -0.1, "supervision": -0.2, "testing": -0.2})
    z = base[:, None] + learn + wander(rng, n)
    b = Bureau(f, z, everyone(n))
    b.lottery(rng, 0.15)
    b.complaints(rng, 0.04, 0.6)
    mon = f["remote_monitoring"].to_numpy(bool)
    for i in np.flatnonzero(adopt):
        a = int(start[i])
        filed = a - int(rng.integers(2, 8))  # 装配式方案/预制率审查
        if 0 <= filed < 36:
            b.signal(rng, int(i), in_month(rng, filed), "enterprise_request", "sx-js")
        for later in range(a + 6, 36, int(rng.integers(6, 12))):  # further prefab projects
            b.signal(rng, int(i), in_month(rng, later), "enterprise_request", "sx-js")
        for m in range(max(a, 0), min(a + 14, 36)):  # 套筒灌浆 special checks and grouting video alarms
            if rng.random() < 0.22:
                b.check(rng, int(i), in_month(rng, m), "sx-zaz")
            if mon[i] and rng.random() < 0.5 * b.p(int(i), month_start(m)) + 0.05:
                b.signal(rng, int(i), in_month(rng, m), "data_monitoring", "sx-zaz", 0.2, 0.3)
    for year in (2024, 2025, 2026):
        p = b.year_p(year)
        visits = rng.poisson(np.where(can, 1.5, 0.3))  # the 质监站's ordinary 质量监督 visits
        for i in np.flatnonzero(visits):
            for _ in range(int(visits[i])):
                b.check(rng, int(i), rand_day(rng, dt.date(year, 2, 20), dt.date(year, 12, 20)), "sx-zaz")
        b.signals(rng, 0.25 * (s == "construction"), year, "enterprise_request", "sx-js")  # ordinary 施工许可
        b.signals(rng, 0.02 + 0.25 * p, year, "referral", "sx-zf", 0.3, 0.6)
        b.signals(rng, mon * (0.15 + 0.8 * p), year, "data_monitoring", "sx-zf", 0.1, 0.1)
    b.penalise(rng, 0.6, "工程质量行政处罚")
    done = np.array([start[i] + 12 < 30 for i in range(n)]) & adopt
    b.honour(rng, 0.05 + 0.3 * done, np.full(n, 0.01) + 0.05 * done, "装配式建筑示范项目", "省级建筑工业化示范企业")
    b.grades = None
    return b


def self_reporting(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.35, "property_mgmt": 0.15, "gas": 0.1, "municipal": 0.1,
                          "ready_mix": 0.08, "testing": 0.05, "other": 0.17})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    enrol = rng.random(n) < by(size, {"micro": 0.2, "small": 0.35, "medium": 0.55, "large": 0.7})
    when = np.where(enrol, rng.integers(0, 31, n), 999)
    diligence = rng.beta(2, 2, n)
    since = np.arange(M)[None, :] - when[:, None]
    settle = np.where(since >= 0, 1 - np.exp(-np.clip(since, 0, None) / 6.0), 0.0)
    care = rng.normal(0, 0.65, n)
    base = -2.5 + care + by(s, {"gas": 0.25, "property_mgmt": -0.1, "testing": -0.3})
    z = base[:, None] - 1.0 * settle * (0.5 + diligence[:, None]) + wander(rng, n)
    b = Bureau(f, z, everyone(n))
    b.lottery(rng, 0.14)
    b.complaints(rng, 0.05, 0.8)
    mon = f["remote_monitoring"].to_numpy(bool)
    for year in (2024, 2025, 2026):
        p = b.year_p(year)
        b.signals(rng, 0.03 + 0.4 * p, year, "referral", "sx-js", 0.3, 0.6)  # 应急管理/消防 转办
        b.signals(rng, mon * (0.3 + 2.5 * p), year, "data_monitoring", urgent=0.2, follow=0.2)
        b.signals(rng, ~enrol * 0.15, year, "enterprise_request", "sx-js")  # ordinary permits
        for i in np.flatnonzero(enrol):
            for m in range(12 * (year - 2024), 12 * (year - 2023)):
                if m < when[i]:
                    continue
                for _ in range(int(rng.poisson(0.25 + 0.4 * diligence[i] + 3.0 * b.p(int(i), month_start(m))))):
                    day = in_month(rng, m)
                    b.signal(rng, int(i), day, "enterprise_request", "sx-js")  # 隐患自查自报
                    if rng.random() < 0.2:  # 核查: mostly the reported hazard, being fixed
                        visit = day + dt.timedelta(days=int(rng.integers(3, 30)))
                        if visit < JAN1:
                            if rng.random() < 0.6:
                                b.checks.append((int(i), visit, "minor", "", "", None))
                            else:
                                b.check(rng, int(i), visit)
    b.penalise(rng, 0.6, "安全生产行政处罚")
    b.honour(rng, 0.04 + 0.2 * (enrol & (when < 24)) * diligence, np.full(n, 0.012), "双重预防机制示范单位",
             "安全生产先进单位")
    for year in (2025, 2026):  # the 双重预防 platform's June rating of enrolled firms, from closure rates
        b.rate_platform(-diligence + 0.5 * care + rng.normal(0, 0.3, n), dt.date(year, 6, 15),
                        enrol & (when < 12 * (year - 2024) + 5))
    return b


def lax_supervisor(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.45, "supervision": 0.18, "real_estate": 0.12, "testing": 0.06,
                          "ready_mix": 0.07, "other": 0.12})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    district = f["district_code"].to_numpy()
    sup = np.flatnonzero(s == "supervision")
    lax = np.zeros(n)
    lax[sup] = rng.normal(0, 1.0, len(sup))
    builds = np.isin(s, ["construction", "real_estate", "other"])
    volume = np.where(builds, by(size, {"micro": 0.4, "small": 1.0, "medium": 2.2, "large": 4.5}), 0.0)
    firm_w = by(f["size"].to_numpy()[sup], {"micro": 0.5, "small": 1.0, "medium": 2.0, "large": 3.0})
    # (builder, supervisor, start month, end month)
    projects: list[tuple[int, int, int, int]] = []
    for i in np.flatnonzero(builds):
        local = sup[district[sup] == district[i]]
        pool = local if len(local) >= 2 and rng.random() < 0.7 else sup
        w = firm_w[np.searchsorted(sup, pool)]
        usual = rng.choice(pool, size=min(2, len(pool)), replace=False, p=w / w.sum())
        for year in range(2022, 2028):
            for _ in range(int(rng.poisson(volume[i]))):
                st = (year - 2024) * 12 + int(rng.integers(0, 12))
                j = int(rng.choice(usual)) if rng.random() < 0.75 else int(rng.choice(sup))
                projects.append((int(i), j, st, st + int(rng.integers(10, 28))))
    lax_sum = np.zeros((n, M))
    open_n = np.zeros((n, M))
    load = np.zeros((n, M))
    for i, j, st, en in projects:
        a, e = max(st, 0), min(en, M)
        if a < e:
            lax_sum[i, a:e] += lax[j]
            open_n[i, a:e] += 1
            load[j, a:e] += 1
    care = rng.normal(0, 0.9, n)
    base = -2.8 + care + by(s, {"testing": -0.2, "ready_mix": 0.1, "real_estate": -0.15})
    overload = np.where((s == "supervision")[:, None], 0.15 * np.log1p(load), 0.0)
    z = (base[:, None] + 0.9 * lax_sum / np.maximum(open_n, 1) + 0.08 * np.log1p(open_n) + 1.2 * lax[:, None]
         + overload + wander(rng, n))
    b = Bureau(f, z, everyone(n))
    b.lottery(rng, 0.1)
    crew_key = 0
    for i, j, st, en in projects:  # the 质监站's project visits: builder and supervisor, same day, same crew
        for m in range(max(st, 0), min(en, 36)):
            if rng.random() < 0.16:
                crew_key += 1
                day = in_month(rng, m)
                b.check(rng, i, day, "sx-zaz", crew_key)
                b.check(rng, j, day, "sx-zaz", crew_key)
        if 0 <= st - 1 < 36:
            b.signal(rng, i, in_month(rng, st - 1), "enterprise_request", "sx-js")  # 施工许可
    labs = np.flatnonzero(np.isin(s, ["testing", "ready_mix"]))
    for m in range(0, 36, 3):  # 检测机构/预拌混凝土 quarterly 飞行检查
        for i in labs[rng.random(len(labs)) < 0.7]:
            b.check(rng, int(i), in_month(rng, m + int(rng.integers(0, 3))), "sx-zaz")
    b.complaints(rng, 0.04, 0.6, 0.4)
    mon = f["remote_monitoring"].to_numpy(bool)
    for year in (2024, 2025, 2026):
        p = b.year_p(year)
        b.signals(rng, 0.02 + 0.3 * p, year, "referral", "sx-js", 0.5, 0.7)  # 安委办 转办 after accidents
        b.signals(rng, mon * (0.3 + 2.0 * p), year, "data_monitoring", "sx-zf", 0.1, 0.15)
        b.signals(rng, (s == "testing") * 0.3, year, "enterprise_request", "sx-zaz")  # 检测资质 changes
    b.penalise(rng, 0.65, "工程质量安全行政处罚")
    b.honour(rng, 0.1 * sig(-2 * care - lax), np.full(n, 0.012), "市级标化工地", "鉴湖杯优质工程")
    for year in (2024, 2025, 2026):
        b.rate_mechanical(dt.date(year, 12, 18))
    return b


_BUILD = {"fee_collection": fee_collection, "key_projects": key_projects, "outside_firms": outside_firms,
          "prefab_learning": prefab_learning, "self_reporting": self_reporting, "lax_supervisor": lax_supervisor}


# ------------------------------------------------------------------------------------------- files

def staff(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    teams, officers, away = [], [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            team = f"{ag}-{d}"
            teams.append((team, ag, d, 6 if d == CITY else 3))
            for k, role in enumerate(("enforcement",) * 5 + ("auxiliary", "legal_review")):
                sworn = role == "enforcement"
                oid = f"{team}-{k:02d}"
                officers.append((oid, f"{ag[3:].upper()}{d[-2:]}执法员{k:02d}", team, role,
                                 f"浙{int(rng.integers(10**8, 10**9))}" if sworn else "",
                                 f"{int(rng.integers(2028, 2032))}-06-30" if sworn else "",
                                 "" if rng.random() < 0.1 else int(rng.integers(56, 110)),
                                 "" if not sworn or rng.random() < 0.3 else int(rng.integers(40, 75))))
                if rng.random() < 0.15:
                    lo = rand_day(rng, dt.date(2027, 2, 1), dt.date(2027, 11, 1))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(3, 20)))).isoformat(),
                                 str(rng.choice(["年休假", "培训", "借调"]))))
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
    home = f["sector"].map(HOME).to_numpy()
    dist = f["district_code"].to_numpy()
    crews: dict[int, tuple[str, list[int]]] = {}
    rows = []
    order = sorted(b.checks, key=lambda c: (c[1], c[0], c[2], c[4], -1 if c[5] is None else c[5]))
    for k, (i, day, outcome, fixed, ag, crew) in enumerate(order):
        if not FIRST <= day < JAN1:
            continue
        ag = ag or (home[i] if rng.random() < 0.8 else str(rng.choice(["sx-js", "sx-zf"])))
        if crew is not None and crew in crews:
            team, pair = crews[crew]
        else:
            team = f"{ag}-{dist[i] if rng.random() < 0.7 else CITY}"
            pair = sorted(int(x) for x in rng.choice(5, size=2, replace=False))
            if crew is not None:
                crews[crew] = (team, pair)
        rows.append((f"SX{day:%Y%m%d}{k:06d}", ids[i], team.rsplit("-", 1)[0], day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4])) if FIRST <= d < JAN1]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"SXT{k:07d}", ids[i], ag or home[i], d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if FIRST <= d < JAN1]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0])) if d < JAN1]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))], str(rng.choice(["近亲属任职", "曾在该企业任职"])))
           for _ in range(max(3, len(ids) // 400))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # 2027 调休
    policy = {"year": PLAN_YEAR, "seed": f"shaoxing-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 14])
    b = _BUILD[family](rng, n)
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
