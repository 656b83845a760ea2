"""An eighteenth held-out bureau generator (issue 9) · 第十八套独立生成的住建/城管执法局（徐州）.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's risk model; judged as a black box by
``bench/foreign2/run.py --generator bench/foreign18``. The file mechanics (register, Bureau, staff, write) follow
bench/foreign16/generate.py so the bundle passes ``inspection validate``; the city, families and risk structures are
this generator's own.

Every bureau is the city of 徐州 (320302 鼓楼区, 320303 云龙区, 320305 贾汪区, 320311 泉山区, 320312 铜山区,
320382 邳州市; city-level teams 320300), plan year 2027, registers 2024-01-01 .. 2026-12-31 (one family also
exports a few items dated in the first days of 2027). Each firm has a hidden logit per month (2024-01 .. 2027-12); a
site check finds a violation with the chance that month's logit gives, times how hard the team looks and how well the
firm hides. ``truth.csv`` (beside the bundle) holds ``p_violation``: the mean over 2027's twelve months of that chance.

Families (bench/foreign18/README.md tells each story in full):

* ``pipe_renewal`` 老旧燃气管网 — piped-gas operators; risk = share of old pipe, winter; firms that finish the 2026
  改造 (visible as 竣工验收 requests) are safer in 2027. GRADE YEARLY each June, from last year's accidents: lagged.
* ``rental_stress`` 住房租赁 — rental agencies; hidden cash stress that worsens through 2026 for some (爆雷 path);
  complaints lag the stress, volume-confounded; commendations gamed by the stressed. NO GRADES; thin history; a few
  complaints and referrals dated in January 2027 (export taken 2027-01-08).
* ``lab_fraud`` 检测数据造假 — testing labs/ready-mix; fraudsters hide at visits (history misleading), grade derived
  from those visits (gamed), complaints come from honest labs' failed clients (misleading), 盲样比对 referrals true.
* ``muck_trucks`` 渣土运输 — haulage; spring/autumn season, a 2026 camera programme in 泉山, a 2027 metro-build surge
  in 铜山; GPS alarms and 交警 referrals informative. GRADE ONCE, 2024-04, never redone: stale.
* ``estate_stretch`` 物业服务 — property firms; the large are over-stretched yet graded A by a yearly
  satisfaction-survey grade they manage; complaints scale with households not risk; a mid-2026 fee cap hurts micro
  firms. Rich inspection history.
* ``new_shells`` 新设施工企业 — builders after the 2025 资质 reform; young 挂靠 shells risky, thin history; new
  entrants graded B on entry, incumbents rated each December from inspections; enterprise requests come mostly from
  shells; 四库一平台 referrals informative.
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
FAMILIES = ("pipe_renewal", "rental_stress", "lab_fraud", "muck_trucks", "estate_stretch", "new_shells")

CITY = "320300"
DISTRICTS = {"320302": "鼓楼区", "320303": "云龙区", "320305": "贾汪区", "320311": "泉山区", "320312": "铜山区",
             "320382": "邳州市"}
_CENTRE = {"320302": (34.29, 117.19), "320303": (34.25, 117.25), "320305": (34.44, 117.46),
           "320311": (34.24, 117.15), "320312": (34.18, 117.17), "320382": (34.33, 117.96)}
_TOWNS = {"320302": ("丰财街道", "牌楼街道", "琵琶街道", "黄楼街道", "环城街道"),
          "320303": ("子房街道", "彭城街道", "大郭庄街道", "翠屏山街道", "骆驼山街道"),
          "320305": ("老矿街道", "大吴街道", "青山泉镇", "紫庄镇", "塔山镇"),
          "320311": ("王陵街道", "金山街道", "湖滨街道", "七里沟街道", "翟山街道", "段庄街道"),
          "320312": ("铜山街道", "三堡街道", "利国镇", "柳泉镇", "房村镇", "单集镇"),
          "320382": ("东湖街道", "运河街道", "官湖镇", "八义集镇", "铁富镇", "碾庄镇")}
_ROADS = ("淮海路", "中山路", "解放路", "建国路", "和平路", "复兴路", "徐海路", "三环东路", "欣欣路", "矿山路",
          "湖北路", "北京路", "黄河路", "长安路")
AGENCIES = {"xz-js": "徐州市住房和城乡建设局", "xz-cg": "徐州市城市管理局", "xz-aj": "徐州市建设工程质量安全监督站",
            "xz-rq": "徐州市燃气热力管理处", "xz-fg": "徐州市房产管理中心"}
HOME = {"construction": "xz-aj", "real_estate": "xz-fg", "property_mgmt": "xz-fg", "gas": "xz-rq",
        "supervision": "xz-aj", "survey_design": "xz-js", "testing": "xz-js", "ready_mix": "xz-aj",
        "municipal": "xz-cg", "other": "xz-cg"}
_ALL = ";".join(SECTORS)
ITEMS = (
    ("XZ-JS-001", "xz-js", "建筑市场主体资质资格动态核查", "《中华人民共和国建筑法》；《建筑业企业资质管理规定》", _ALL, "true"),
    ("XZ-JS-002", "xz-js", "建设工程质量检测机构检测行为检查", "《建设工程质量检测管理办法》（住建部令第57号）",
     "testing;ready_mix;construction", "false"),
    ("XZ-AJ-001", "xz-aj", "房屋建筑和市政工程质量安全监督检查", "《建设工程安全生产管理条例》；《建设工程质量管理条例》",
     "construction;municipal;supervision;testing;ready_mix;survey_design;real_estate;other", "false"),
    ("XZ-FG-001", "xz-fg", "住房租赁经营行为检查", "《住房租赁条例》；《商品房屋租赁管理办法》",
     "real_estate;property_mgmt;other", "true"),
    ("XZ-FG-002", "xz-fg", "物业服务活动监督检查", "《物业管理条例》；《江苏省物业管理条例》",
     "property_mgmt;real_estate;municipal;other", "true"),
    ("XZ-RQ-001", "xz-rq", "管道燃气经营及设施安全检查", "《城镇燃气管理条例》；《江苏省燃气管理条例》",
     "gas;municipal;other;property_mgmt", "true"),
    ("XZ-CG-001", "xz-cg", "建筑垃圾运输处置执法检查", "《中华人民共和国固体废物污染环境防治法》；《城市建筑垃圾管理规定》",
     _ALL, "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("彭城", "云龙", "汉源", "楚风", "淮海", "泉润", "戏马", "子房", "九里", "吕梁", "大龙湖", "故黄河", "汉王", "运河",
       "苏北", "徐矿", "凤鸣", "新沂")
_W2 = ("盛", "达", "恒", "兴", "鑫", "通", "安", "瑞", "丰", "宏", "信", "泰", "华", "邦")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "房地产经纪有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限公司", "supervision": "建设监理有限公司", "survey_design": "勘察设计有限公司",
           "testing": "工程检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "环境工程有限公司",
           "other": "运输服务部"}
_HEADS = {"micro": (1, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 3000)}

JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
M = 48  # months 2024-01 .. 2027-12
YEARS = (2024, 2025, 2026)
MONTH = np.arange(M) % 12 + 1  # calendar month of each column


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


def day_of_month(rng: np.random.Generator, m: int) -> dt.date:
    return first_day(m) + dt.timedelta(days=int(rng.integers(0, 28)))


def pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def per(values: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([table.get(str(v), default) for v in values])


def drift(rng: np.random.Generator, n: int, sd: float) -> np.ndarray:
    """Slow month-to-month wander of a firm's logit (AR(1), stationary sd about ``sd``)."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    for t in range(1, M):
        e[:, t] = 0.8 * e[:, t - 1] + rng.normal(0, sd * 0.6, n)
    return e


def rank_grade(score: np.ndarray, shares: tuple[float, float, float, float] = (0.3, 0.4, 0.2, 0.1)) -> np.ndarray:
    """A/B/C/D by rank of ``score`` (low score = A) in the given shares."""
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    cuts = np.cumsum(shares)[:3]
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(cuts, q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             monitored: dict[str, float], districts: dict[str, float] | None = None,
             rural: bool = False) -> pd.DataFrame:
    """检查对象名录库 of n firms; optional cells sometimes blank; ``town`` is kept as an extra (ignored) column only
    through the address text."""
    dw = districts or {"320302": 0.2, "320303": 0.18, "320305": 0.1, "320311": 0.2, "320312": 0.18,
                       "320382": 0.14}
    sector = pick(rng, sectors, n)
    size = pick(rng, sizes, n)
    district = pick(rng, dw, n)
    town = np.array([_TOWNS[d][int(rng.integers(len(_TOWNS[d])))] for d in district], dtype=object)
    lo = np.array([_HEADS[s][0] for s in size], float)
    hi = np.array([_HEADS[s][1] for s in size], float)
    heads = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))).astype(int)
    age_years = 0.5 + rng.gamma(1.8, 6.0, n)
    ids, names, est, addr = [], [], [], []
    seen: set[str] = set()
    taken: set[str] = set()
    for i in range(n):
        code = ""
        while not code or code in seen:
            code = uscc(("92" if sector[i] == "other" and rng.random() < 0.5 else "91") + district[i]
                        + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        place = DISTRICTS[district[i]].rstrip("区市县")
        name = f"{place}{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_SUFFIX[sector[i]]}"
        k = 1
        base = name
        while name in taken:
            k += 1
            name = f"{base[:-4]}{k}{base[-4:]}" if base.endswith("有限公司") else f"{base}（{k}）"
        taken.add(name)
        names.append(name)
        est.append("" if rng.random() < 0.05 else (JAN1 - dt.timedelta(days=int(age_years[i] * 365.25))).isoformat())
        if rng.random() < 0.07:
            addr.append("")
        elif rural:
            addr.append(f"江苏省徐州市{DISTRICTS[district[i]]}{town[i]}{int(rng.integers(1, 30))}村"
                        f"{int(rng.integers(1, 200))}号")
        else:
            addr.append(f"江苏省徐州市{DISTRICTS[district[i]]}{town[i]}{_ROADS[rng.integers(len(_ROADS))]}"
                        f"{int(rng.integers(1, 900))}号")
    lat = np.array([_CENTRE[d][0] for d in district]) + rng.normal(0, 0.04, n)
    lon = np.array([_CENTRE[d][1] for d in district]) + rng.normal(0, 0.05, n)
    no_geo = rng.random(n) < 0.15
    return pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": np.where(rng.random(n) < 0.12, "", heads.astype(str)), "established_on": est,
        "address": addr, "lat": np.where(no_geo, "", np.char.mod("%.5f", lat)),
        "lon": np.where(no_geo, "", np.char.mod("%.5f", lon)),
        "remote_monitoring": rng.random(n) < per(sector, monitored, 0.03), "_town": town})


def scale(f: pd.DataFrame) -> np.ndarray:
    """How much a firm does (sites, estates, deliveries) relative to a small firm."""
    return per(f["size"].to_numpy(), {"micro": 0.4, "small": 1.0, "medium": 2.2, "large": 4.5})


def joined(rng: np.random.Generator, n: int, share: float) -> np.ndarray:
    """Month each firm enters the register: most long before 2024, ``share`` during 2024-2026."""
    return np.where(rng.random(n) < share, rng.integers(3, 34, n), -120)


@dataclass
class Bureau:
    firms: pd.DataFrame
    z: np.ndarray  # (n, 48) hidden logits
    since: np.ndarray  # first month in the register
    checks: list[tuple[int, dt.date, str, str, str]] = field(default_factory=list)
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    triggers: list[tuple[int, dt.date, str, bool, str]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] | None = field(default_factory=list)
    hide: np.ndarray | None = None  # per firm: how much of its violation a visit sees (1 = all)
    export: dt.date = JAN1  # the day the registers were exported (items dated before it are in the bundle)

    @property
    def n(self) -> int:
        return len(self.firms)

    @property
    def home(self) -> np.ndarray:
        return self.firms["sector"].map(HOME).to_numpy()

    def open_on(self, i: int, day: dt.date) -> bool:
        return FIRST <= day < self.export and month_of(day) >= self.since[i]

    def p_year(self, year: int) -> np.ndarray:
        k = (year - 2024) * 12
        return sig(self.z[:, k:k + 12]).mean(axis=1)

    def p_month(self, m: int) -> np.ndarray:
        return sig(self.z[:, m])

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", eye: float = 1.0) -> None:
        """A site check finding a violation with the month's chance × ``eye`` (how hard the team looks)."""
        if not self.open_on(i, day) or day >= JAN1:
            return
        seen = 1.0 if self.hide is None else float(self.hide[i])
        p = min(0.95, float(sig(self.z[i, month_of(day)])) * eye * seen)
        if rng.random() < p:
            outcome = "serious" if rng.random() < 0.04 + 0.35 * p else "violation"
            pending = (JAN1 - day).days < 45 and rng.random() < 0.7  # 整改期限 not yet over at the export
            fixed = "" if pending else ("true" if rng.random() < 0.92 - 0.6 * p else "false")
        else:
            outcome, fixed = ("minor" if rng.random() < 0.12 + 0.5 * p else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency or str(self.home[i])))

    def trigger(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, agency: str = "",
                urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0) -> None:
        if not self.open_on(i, day):
            return
        ag = agency or str(self.home[i])
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), ag))
        if rng.random() < follow:
            self.inspect(rng, i, day + dt.timedelta(days=int(rng.integers(2, 16))), ag, eye)

    def stream(self, rng: np.random.Generator, rate: np.ndarray, lo: dt.date, hi: dt.date, kind: str,
               agency: str = "", urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0) -> None:
        """Poisson(rate) triggers per firm, spread over [lo, hi]."""
        k = rng.poisson(np.maximum(np.broadcast_to(rate, (self.n,)), 0.0))
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                self.trigger(rng, int(i), rand_day(rng, lo, hi), kind, agency, urgent, follow, eye)

    def yearly(self, rng: np.random.Generator, rate: Callable[[int], np.ndarray], kind: str, agency: str = "",
               urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0, start: dt.date = FIRST) -> None:
        for year in YEARS:
            lo = max(dt.date(year, 1, 2), start)
            if lo < dt.date(year, 12, 30):
                frac = (dt.date(year, 12, 30) - lo).days / 363
                self.stream(rng, rate(year) * frac, lo, dt.date(year, 12, 30), kind, agency, urgent, follow, eye)

    def random_checks(self, rng: np.random.Generator, share: float | np.ndarray, agency: str = "") -> None:
        """双随机一公开: each year a share of firms drawn, visited between March and early December."""
        for year in YEARS:
            for i in np.flatnonzero(rng.random(self.n) < share):
                self.inspect(rng, int(i), rand_day(rng, dt.date(year, 3, 1), dt.date(year, 12, 8)), agency)

    def credit_from_findings(self, rng: np.random.Generator, share: float, bad_note: str,
                             serious_note: str = "列入建筑市场主体严重失信主体名单") -> None:
        """Penalised findings become 不良 records (6 months to 3 years); serious unrectified ones a 严重失信 listing;
        some rectified ones a 信用修复."""
        for i, day, outcome, fixed, _ in list(self.checks):
            if outcome not in ("violation", "serious") or rng.random() >= share:
                continue
            on = day + dt.timedelta(days=int(rng.integers(20, 90)))
            life = int(rng.choice([183, 365, 730, 1095], p=[0.25, 0.45, 0.2, 0.1]))
            self.add_record(i, on, "bad", None if rng.random() < 0.05 else on + dt.timedelta(days=life), bad_note)
            if outcome == "serious" and rng.random() < (0.6 if fixed == "false" else 0.12):
                self.add_record(i, on + dt.timedelta(days=int(rng.integers(10, 60))), "serious_dishonest",
                                on + dt.timedelta(days=1095), serious_note)
            elif fixed == "true" and life >= 365 and rng.random() < 0.35:
                self.add_record(i, on + dt.timedelta(days=int(rng.integers(100, 300))), "repair", None,
                                "信用修复：已整改并作出信用承诺")

    def add_record(self, i: int, on: dt.date, kind: str, until: dt.date | None, note: str) -> None:
        if self.open_on(i, on):
            self.records.append((i, on, kind, until, note))

    def honours(self, rng: np.random.Generator, good: np.ndarray | float, commend: np.ndarray | float,
                good_note: str, commend_note: str) -> None:
        """良好信用信息 and 表彰奖励 at per-firm yearly rates."""
        for year in YEARS:
            for kind, rate, note, life in (("good", good, good_note, 1095), ("commendation", commend, commend_note,
                                                                               1095)):
                for i in np.flatnonzero(rng.random(self.n) < np.broadcast_to(rate, (self.n,))):
                    on = rand_day(rng, dt.date(year, 1, 15), dt.date(year, 12, 25))
                    self.add_record(int(i), on, kind, None if rng.random() < 0.15 else on + dt.timedelta(days=life),
                                    note)

    def outside_grade(self, score: np.ndarray, day: dt.date,
                      shares: tuple[float, float, float, float] = (0.3, 0.4, 0.2, 0.1)) -> None:
        """An official grade from another department's data: by rank of ``score`` among the firms registered."""
        assert self.grades is not None
        idx = np.flatnonzero(self.since <= month_of(day))
        for i, g in zip(idx, rank_grade(score[idx], shares), strict=True):
            self.grades.append((int(i), str(g), day))

    def points_grade(self, day: dt.date, alarm_points: float = 0.0, cuts: tuple[float, float, float] = (97, 88, 75),
                     unseen: str = "") -> None:
        """The bureau's own 信用评价 rule, from what the bundle holds: 100 points; records in force; findings of the
        last two years; optionally data-monitoring alarms of the last year; ``unseen`` (if given) for firms with no
        check in those two years (未评定, the rule's default class)."""
        assert self.grades is not None
        pts = np.full(self.n, 100.0)
        for i, on, kind, until, _ in self.records:
            if on <= day and (until is None or until >= day):
                pts[i] += {"bad": -8.0, "serious_dishonest": -30.0, "good": 3.0, "commendation": 5.0,
                           "repair": 4.0}[kind]
        seen = np.zeros(self.n, bool)
        for i, on, outcome, fixed, _ in self.checks:
            if day - dt.timedelta(days=730) <= on <= day:
                seen[i] = True
                pts[i] -= {"compliant": 0.0, "minor": 2.0, "violation": 9.0, "serious": 18.0}[outcome]
                pts[i] -= 8.0 if fixed == "false" else 0.0
        if alarm_points:
            for i, on, kind, _, _ in self.triggers:
                if kind == "data_monitoring" and day - dt.timedelta(days=365) <= on <= day:
                    pts[i] -= alarm_points
        grade = np.select([pts >= cuts[0], pts >= cuts[1], pts >= cuts[2]], ["A", "B", "C"], "D").astype(object)
        if unseen:
            grade[~seen & (pts >= cuts[1])] = unseen
        for i in np.flatnonzero(self.since <= month_of(day)):
            self.grades.append((int(i), str(grade[i]), day))


def months_mask(months: tuple[int, ...]) -> np.ndarray:
    return np.isin(MONTH, months).astype(float)[None, :]



# ------------------------------------------------------------------------------------------- the families

T = np.arange(M)[None, :]  # month index as a row


def by_size(f: pd.DataFrame, table: dict[str, float]) -> np.ndarray:
    return per(f["size"].to_numpy(), table)


def pipe_renewal(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"gas": 0.55, "municipal": 0.15, "property_mgmt": 0.12, "other": 0.1, "real_estate": 0.08},
                 {"micro": 0.15, "small": 0.4, "medium": 0.3, "large": 0.15}, {})
    f["remote_monitoring"] = rng.random(n) < by_size(f, {"micro": 0.08, "small": 0.3, "medium": 0.6, "large": 0.9})
    s = f["sector"].to_numpy()
    pipes = (s == "gas") | (s == "municipal")
    old = rng.beta(2, 3, n) * pipes
    big = by_size(f, {"medium": 0.4, "large": 0.9})
    renewed = pipes & (old > 0.25) & (rng.random(n) < sig(-0.6 + 2.0 * (old - 0.4) + big))
    done = np.where(renewed, rng.integers(28, 36, n), 999)  # 2026-05 .. 2026-12 改造竣工
    old_t = np.where(done[:, None] <= T, 0.3 * old[:, None], old[:, None])
    winter = 0.6 * months_mask((12, 1, 2)) + 0.3 * months_mask((11, 3))
    habit = rng.normal(0, 0.6, n)
    z = np.where(pipes[:, None], -2.9 + 2.8 * old_t + winter, -3.0 + 0.3 * winter) + habit[:, None] \
        + drift(rng, n, 0.2)
    b = Bureau(f, z, joined(rng, n, 0.04))
    b.random_checks(rng, np.where(pipes, 0.3, 0.1), "")
    for year in YEARS:  # 冬季燃气安全大检查: half the pipe operators each December
        for i in np.flatnonzero(pipes & (rng.random(n) < 0.5)):
            b.inspect(rng, int(i), rand_day(rng, dt.date(year, 11, 25), dt.date(year, 12, 24)), "xz-rq", eye=1.1)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.3 + 4.0 * b.p_year(y)), "data_monitoring", "xz-rq", urgent=0.3, follow=0.3)
    b.yearly(rng, lambda y: 0.08 + 1.0 * b.p_year(y) * np.sqrt(scale(f)), "complaint", "xz-rq", urgent=0.4,
             follow=0.4)  # 燃气异味
    b.yearly(rng, lambda y: 0.03 + 0.8 * b.p_year(y), "referral", "xz-rq", urgent=0.5, follow=0.7)  # 安委办
    for i in np.flatnonzero(renewed):  # 改造竣工验收申请 in the month the new pipe is laid
        b.trigger(rng, int(i), day_of_month(rng, int(done[i])), "enterprise_request", "xz-rq", urgent=0.0, follow=0.6,
                  eye=0.5)
    b.yearly(rng, lambda y: 0.25 * np.ones(n), "enterprise_request", "xz-rq", urgent=0.0)  # 经营许可变更
    b.credit_from_findings(rng, 0.55, "燃气经营安全行政处罚", "列入燃气行业严重失信主体名单")
    b.honours(rng, 0.04 + 0.04 * sig(-habit), 0.01 * (big > 0), "燃气安全生产标准化达标企业", "徐州市安全生产先进单位")
    for year in YEARS:  # the provincial platform each June, from last year's 事故/险情 count
        prev = b.p_year(max(year - 1, 2024))
        incidents = rng.poisson(12 * 0.25 * prev * np.sqrt(scale(f)))
        b.outside_grade(incidents + 0.3 * rng.normal(0, 1, n), dt.date(year, 6, 15), (0.35, 0.4, 0.18, 0.07))
    return b


def rental_stress(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"real_estate": 0.5, "property_mgmt": 0.15, "other": 0.35},
                 {"micro": 0.35, "small": 0.4, "medium": 0.18, "large": 0.07}, {"real_estate": 0.02})
    stress0 = rng.normal(0, 1, n)
    bust = rng.random(n) < 0.15
    start = rng.integers(20, 44, n)  # some only start sliding in 2027: nothing in the bundle shows them
    ramp = np.where(bust[:, None], np.clip(0.12 * (T - start[:, None]), 0, 2.6), 0.0)
    micro = by_size(f, {"micro": 0.3})
    z = -3.0 + 0.5 * stress0[:, None] + ramp + micro[:, None] + drift(rng, n, 0.3)
    b = Bureau(f, z, joined(rng, n, 0.12), export=dt.date(2027, 1, 8))
    b.random_checks(rng, 0.05, "xz-fg")
    volume = scale(f)
    for m in range(3, 37):  # 押金不退 complaints follow the stress three months late, and volume
        if m >= 36:
            lo, hi = dt.date(2027, 1, 1), dt.date(2027, 1, 7)
        else:
            lo, hi = first_day(m), first_day(m) + dt.timedelta(days=27)
        k = rng.poisson(0.02 * volume + 0.7 * sig(z[:, m - 3]) * np.sqrt(volume) * ramp[:, m - 3].clip(0, 1)
                        + 0.05 * sig(z[:, m - 3]))
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                b.trigger(rng, int(i), rand_day(rng, lo, hi), "complaint", "xz-fg", urgent=0.1, follow=0.2)
    b.yearly(rng, lambda y: 0.02 + 0.5 * b.p_year(y), "referral", "xz-fg", urgent=0.3, follow=0.5)  # 12345/公安
    for i in np.flatnonzero(rng.random(n) < 0.6 * sig(z[:, 35] + 1.0)):  # 元旦 referrals still open at export
        b.trigger(rng, int(i), rand_day(rng, dt.date(2027, 1, 2), dt.date(2027, 1, 7)), "referral", "xz-fg",
                  urgent=0.6)
    enrolled = (rng.random(n) < by_size(f, {"micro": 0.1, "small": 0.3, "medium": 0.7, "large": 0.95}))
    for i in np.flatnonzero(enrolled):  # 租赁资金监管账户, from March 2026
        for m in range(26, 36):
            if rng.random() < 0.02 + 0.25 * float(ramp[i, m] > 0.3):
                b.trigger(rng, int(i), day_of_month(rng, m), "data_monitoring", "xz-fg", urgent=0.2, follow=0.3)
    b.yearly(rng, lambda y: 0.8 * volume, "enterprise_request", "xz-fg", urgent=0.0)  # 房源核验/合同备案
    b.credit_from_findings(rng, 0.5, "住房租赁经营违法违规行政处罚", "列入住房租赁严重失信主体名单")
    stressed = (stress0 > 0.7) | bust
    b.honours(rng, 0.03 + 0.02 * (volume > 1), 0.015 + 0.07 * stressed, "住房租赁诚信经营承诺", "徐州市放心租品牌企业")
    b.grades = None
    return b


def lab_fraud(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"testing": 0.55, "ready_mix": 0.35, "survey_design": 0.1},
                 {"micro": 0.1, "small": 0.45, "medium": 0.35, "large": 0.1},
                 {"testing": 0.6, "ready_mix": 0.4, "survey_design": 0.05})
    s = f["sector"].to_numpy()
    fraud = rng.random(n) < sig(-1.6 + 0.6 * by_size(f, {"micro": 1.0, "small": 0.6}))
    habit = rng.normal(0, 0.5, n)
    summer = 0.3 * months_mask((6, 7, 8)) * (s == "ready_mix")[:, None]
    z = -2.6 + 1.7 * fraud[:, None] + habit[:, None] + summer + drift(rng, n, 0.2)
    b = Bureau(f, z, joined(rng, n, 0.05), hide=np.where(fraud, 0.3, 1.0))
    b.random_checks(rng, 0.4, "xz-js")
    b.random_checks(rng, 0.2 * (s == "ready_mix"), "xz-aj")
    sz = scale(f)
    b.yearly(rng, lambda y: (0.1 + 0.5 * sz) * ~fraud, "complaint", "xz-js", urgent=0.05,
             follow=0.3)  # 施工方投诉“检测不合格”: the honest labs fail their samples
    b.yearly(rng, lambda y: 0.04 * sz * fraud, "complaint", "xz-js", urgent=0.0, follow=0.3)
    b.yearly(rng, lambda y: 0.05 + 1.4 * fraud, "referral", "xz-aj", urgent=0.2, follow=0.6, eye=2.2,
             start=dt.date(2025, 3, 1))  # 质监站盲样比对
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.3 + {2024: 1.2, 2025: 0.6, 2026: 0.15}[y] * fraud), "data_monitoring", "xz-js",
             urgent=0.1, follow=0.25, eye=1.5)  # 检测数据自动采集: the frauds learn to feed it
    b.yearly(rng, lambda y: 0.35 * np.ones(n), "enterprise_request", "xz-js", urgent=0.0)  # 资质延续/增项
    b.credit_from_findings(rng, 0.7, "检测机构出具虚假检测报告行政处罚", "列入工程质量检测严重失信主体名单")
    b.honours(rng, 0.04 + 0.08 * fraud, 0.01 * (sz > 2), "检测报告一次合格率优良", "江苏省优秀检测机构")
    for year in YEARS:  # 检测机构信用评价 each December, from the visits and records
        b.points_grade(dt.date(year, 12, 15), cuts=(100, 92, 80))
    return b


def muck_trucks(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"other": 0.45, "municipal": 0.35, "construction": 0.2},
                 {"micro": 0.3, "small": 0.45, "medium": 0.2, "large": 0.05},
                 {"other": 0.7, "municipal": 0.7, "construction": 0.2})
    dist = f["district_code"].to_numpy()
    habit = rng.normal(0, 0.9, n)
    season = 0.5 * months_mask((3, 4, 5, 9, 10, 11))
    camera = np.where((dist == "320311")[:, None] & (T >= 30), -0.8, 0.0)  # 泉山 卡口抓拍, July 2026
    metro = np.where((dist == "320312")[:, None] & (T >= 36), 0.7, 0.0)  # 铜山 地铁 works from 2027
    z = -2.7 + habit[:, None] + season + camera + metro + 0.2 * np.log(scale(f))[:, None] + drift(rng, n, 0.25)
    b = Bureau(f, z, joined(rng, n, 0.07))
    b.random_checks(rng, 0.2, "xz-cg")
    for i in np.flatnonzero(rng.random(n) < 0.3):  # 2025 spring night campaign
        b.inspect(rng, int(i), rand_day(rng, dt.date(2025, 4, 1), dt.date(2025, 5, 31)), "xz-cg", eye=1.3)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.2 + 3.0 * b.p_year(y)), "data_monitoring", "xz-cg", urgent=0.2, follow=0.35)
    b.yearly(rng, lambda y: 0.03 + 1.0 * b.p_year(y), "referral", "xz-cg", urgent=0.2, follow=0.6)  # 交警 抛洒滴漏
    dens = per(dist, {"320302": 0.8, "320311": 0.7, "320303": 0.5}, 0.15)
    b.yearly(rng, lambda y: dens + 0.3 * b.p_year(y), "complaint", "xz-cg", urgent=0.02, follow=0.15)  # 夜间噪声
    b.yearly(rng, lambda y: 0.6 * scale(f), "enterprise_request", "xz-cg", urgent=0.0)  # 处置核准
    for i in np.flatnonzero((dist == "320312") & (rng.random(n) < 0.55)):  # 2027 metro sites: 核准 applications
        for _ in range(int(rng.integers(1, 4))):
            b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 11, 1), dt.date(2026, 12, 29)), "enterprise_request",
                      "xz-cg", urgent=0.0)
    b.credit_from_findings(rng, 0.6, "建筑垃圾运输违法行政处罚", "列入城市管理领域严重失信名单")
    b.honours(rng, 0.05 * sig(-habit), 0.008, "文明运输示范企业", "徐州市城市管理先进单位")
    assert b.grades is not None  # graded once, April 2024, by the then 运输企业信用评价; never redone
    b.outside_grade(b.p_year(2024) * np.exp(rng.normal(0, 0.5, n)), dt.date(2024, 4, 10))
    return b


def estate_stretch(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"property_mgmt": 0.8, "real_estate": 0.1, "municipal": 0.05, "other": 0.05},
                 {"micro": 0.2, "small": 0.4, "medium": 0.28, "large": 0.12},
                 {"property_mgmt": 0.25, "municipal": 0.3})
    estates = scale(f) * rng.gamma(2.0, 0.6, n)
    gap = rng.normal(0, 0.8, n) + 0.5 * np.log(estates)
    habit = rng.normal(0, 0.5, n)
    cap = by_size(f, {"micro": 0.6, "small": 0.3})[:, None] * (T >= 30)  # 物业费限价, July 2026
    z = -2.6 + 0.8 * gap[:, None] + habit[:, None] + cap + drift(rng, n, 0.2)
    b = Bureau(f, z, joined(rng, n, 0.05))
    b.random_checks(rng, 0.6, "xz-fg")  # 星级评定 visits
    b.random_checks(rng, 0.15, "xz-cg")
    b.yearly(rng, lambda y: 1.0 * estates * (0.3 + b.p_year(y)), "complaint", "xz-fg", urgent=0.03, follow=0.1)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.2 + 2.0 * b.p_year(y)), "data_monitoring", "xz-fg", urgent=0.3, follow=0.3)
    b.yearly(rng, lambda y: 0.05 + 0.7 * b.p_year(y), "referral", "xz-fg", urgent=0.1, follow=0.5)  # 街道/社区
    b.yearly(rng, lambda y: 0.4 * estates, "enterprise_request", "xz-fg", urgent=0.0)  # 承接查验
    b.credit_from_findings(rng, 0.5, "物业服务违法违规行政处罚", "列入物业服务严重失信主体名单")
    big = by_size(f, {"large": 1.0, "medium": 0.4})
    b.honours(rng, 0.03 + 0.05 * big, 0.01 + 0.05 * big, "物业服务质量星级项目", "江苏省物业管理示范项目")
    for year in YEARS:  # 业主满意度测评 each March: the large firms prepare their estates for it
        survey = -0.9 * np.log(estates) + 0.4 * z[:, (year - 2024) * 12] + rng.normal(0, 0.6, n)
        b.outside_grade(survey, dt.date(year, 3, 20))
    return b


def new_shells(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.75, "supervision": 0.1, "survey_design": 0.05, "municipal": 0.1},
                 {"micro": 0.45, "small": 0.4, "medium": 0.12, "large": 0.03},
                 {"construction": 0.2, "municipal": 0.2})
    since = joined(rng, n, 0.35)
    new = since >= 0
    reform = since >= 18  # after the July 2025 资质 reform: many 挂靠 shells
    shell = rng.random(n) < np.where(reform, 0.5, np.where(new, 0.25, 0.07))
    age = np.clip(T - since[:, None], 0, None)
    habit = rng.normal(0, 0.6, n)
    z = -2.7 + 1.3 * shell[:, None] + 0.6 * np.exp(-age / 18.0) + habit[:, None] + drift(rng, n, 0.2)
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.15, "xz-aj")
    b.yearly(rng, lambda y: 0.3 + 1.2 * shell, "enterprise_request", "xz-js", urgent=0.0)  # 资质申请/增项/变更
    b.yearly(rng, lambda y: 0.02 + 0.8 * shell, "referral", "xz-js", urgent=0.1, follow=0.5,
             start=dt.date(2025, 7, 1))  # 四库一平台 人员/业绩 核查
    b.yearly(rng, lambda y: 0.1 + 0.6 * b.p_year(y), "complaint", "xz-aj", urgent=0.15, follow=0.35)  # 欠薪
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.2 + 1.5 * b.p_year(y)), "data_monitoring", "xz-aj", urgent=0.2, follow=0.3)
    b.credit_from_findings(rng, 0.65, "建筑市场违法违规行政处罚")
    b.honours(rng, 0.05 + 0.06 * shell, 0.01 * (scale(f) > 2), "建筑业企业业绩信息（良好）", "徐州市优质工程奖")
    assert b.grades is not None
    for i in np.flatnonzero(new):  # 新设立企业 graded B on entry
        b.grades.append((int(i), "B", first_day(int(since[i])) + dt.timedelta(days=int(rng.integers(5, 25)))))
    for year in YEARS:  # 年度信用评价 each December: only firms with a full year behind them
        before = len(b.grades)
        day = dt.date(year, 12, 18)
        b.points_grade(day, cuts=(100, 90, 78))
        b.grades[before:] = [g for g in b.grades[before:] if since[g[0]] <= month_of(day) - 12]
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "pipe_renewal": pipe_renewal, "rental_stress": rental_stress, "lab_fraud": lab_fraud,
    "muck_trucks": muck_trucks, "estate_stretch": estate_stretch, "new_shells": new_shells}


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
                                 f"苏{int(rng.integers(10**7, 10**8))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2031))}-{int(rng.integers(1, 13)):02d}-28" if sworn else "",
                                 "" if rng.random() < 0.1 else int(rng.integers(40, 96)),
                                 "" if not sworn or rng.random() < 0.4 else int(rng.integers(35, 75))))
                if rng.random() < 0.12:
                    lo = rand_day(rng, dt.date(2027, 1, 15), dt.date(2027, 11, 15))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(2, 25)))).isoformat(),
                                 str(rng.choice(["年休假", "产假", "省厅脱产培训", "抽调专项整治"]))))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]),
            pd.DataFrame(away, columns=["officer_id", "start_on", "end_on", "reason"]))


def write(b: Bureau, rng: np.random.Generator, folder: Path, family: str) -> None:
    f = b.firms
    folder.mkdir(parents=True)
    ent = f.drop(columns=["_town"])
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
        rows.append((f"XZ{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4])) if FIRST <= d < b.export]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"XZT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if FIRST <= d < b.export]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0])) if d < b.export]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))], str(rng.choice(["近亲属任该企业股东", "三年内曾在该企业任职"])))
           for _ in range(max(4, len(ids) // 300))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # 2027 调休
    policy = {"year": PLAN_YEAR, "seed": f"xuzhou-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 18])
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
