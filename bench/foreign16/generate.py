"""A sixteenth held-out bureau generator (issue 9) · 第十六套独立生成的住建/城管执法局（绍兴）.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's risk model; judged as a black box by
``bench/foreign2/run.py --generator bench/foreign16``.

Every bureau is the city of 绍兴 (330602 越城区, 330603 柯桥区, 330604 上虞区, 330624 新昌县, 330681 诸暨市,
330683 嵊州市; city-level teams 330600), plan year 2027, registers 2024-01-01 .. 2026-12-31. Each firm has a hidden
logit per month (2024-01 .. 2027-12); a site check finds a violation with the chance that month's logit gives.
``truth.csv`` (beside the bundle) holds ``p_violation``: the mean over 2027's twelve months of that chance.

Families (what is hidden · what the bundle shows · what the official grade is); bench/foreign16/README.md says per
family what each record and trigger kind reveals:

* ``water_tanks`` 二次供水 — property firms' risk follows their tank-cleaning contractor (cheap or proper; a fifth
  re-tender in autumn 2026), the share of old estates and summer. 卫健 samples tanks each summer and refers failures;
  online 余氯/浊度 alarms where monitored; 清洗消毒备案 filings (enterprise requests) come from careful firms. GRADE
  PLATFORM-DERIVED from 卫健's own sampling each May (not in the bundle).
* ``bid_rings`` 围标串标 — builders in hidden bid rings win more than they can staff and lend their 资质 to crews;
  risk rises with ring membership and open projects. From mid-2025 the 公共资源交易中心 flags ring bids (referrals);
  实名制考勤 alarms catch absent 项目经理. GRADE PLATFORM-DERIVED from the trading centre's bid-behaviour scoring.
* ``sensor_tampering`` 扬尘在线监测 — a 城管 dust bureau. From March 2025 a quarter of the monitored sites spray their
  PM10 sensors: their alarms go quiet, they earn 绿色施工 good records, and their real risk is higher. 生态环境 走航
  referrals see through it. GRADE MECHANICAL, NOT TRACKING: the bureau's points rule from its records, findings and
  last year's alarms.
* ``third_party_patrol`` 第三方巡查 — the 安监站 buys patrols from consultants from 2025: diligent in two districts,
  lazy (random referrals) in one, size-biased in one, none in two. Risk is a lasting habit; the follow-ups make a
  rich history. GRADE MECHANICAL, TRACKING: the same kind of points rule, here following the habit.
* ``cylinder_tracing`` 瓶装液化气 — LPG suppliers' risk follows their share of unregistered/overdue cylinders and
  winter; the 气瓶追溯 platform (from April 2025, connected firms only) alarms on bad scans; 市场监管/消防 referrals.
  GRADE SELF-DECLARED AND STALE: the March 2024 信用承诺 self-assessment, where the worst firms claim A.
* ``rural_craftsmen`` 农村建房工匠 — a county bureau of craftsman teams. Risk: habit, untrained teams, and a 2027
  self-build boom in a few townships (announced by 农房报建 filings in late 2026). Untrained teams enrolling in
  training in autumn 2026 are safer in 2027. A 2025 自建房 campaign inspected whole townships. NO GRADES.
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
FAMILIES = ("water_tanks", "bid_rings", "sensor_tampering", "third_party_patrol", "cylinder_tracing",
            "rural_craftsmen")

CITY = "330600"
DISTRICTS = {"330602": "越城区", "330603": "柯桥区", "330604": "上虞区", "330624": "新昌县", "330681": "诸暨市",
             "330683": "嵊州市"}
_CENTRE = {"330602": (30.00, 120.58), "330603": (30.08, 120.49), "330604": (30.03, 120.87),
           "330624": (29.50, 120.90), "330681": (29.71, 120.24), "330683": (29.59, 120.82)}
_TOWNS = {"330602": ("东湖街道", "皋埠街道", "马山街道", "陶堰街道"),
          "330603": ("柯岩街道", "平水镇", "漓渚镇", "福全街道", "钱清街道"),
          "330604": ("丰惠镇", "汤浦镇", "章镇镇", "下管镇", "永和镇"),
          "330624": ("儒岙镇", "澄潭街道", "镜岭镇", "回山镇", "沙溪镇"),
          "330681": ("枫桥镇", "店口镇", "次坞镇", "牌头镇", "同山镇", "璜山镇"),
          "330683": ("长乐镇", "甘霖镇", "崇仁镇", "黄泽镇", "石璜镇")}
_ROADS = ("解放路", "中兴路", "人民路", "胜利路", "延安路", "环城西路", "群贤路", "笛扬路", "二环北路", "曲屯路",
          "越东路", "凤林西路", "江扬路", "城南大道")
AGENCIES = {"sx-js": "绍兴市住房和城乡建设局", "sx-zf": "绍兴市综合行政执法局", "sx-aj": "绍兴市建设工程安全质量监督站",
            "sx-rq": "绍兴市燃气管理办公室", "sx-wy": "绍兴市物业管理中心"}
HOME = {"construction": "sx-aj", "real_estate": "sx-js", "property_mgmt": "sx-wy", "gas": "sx-rq",
        "supervision": "sx-aj", "survey_design": "sx-js", "testing": "sx-aj", "ready_mix": "sx-aj",
        "municipal": "sx-zf", "other": "sx-zf"}
_ALL = ";".join(SECTORS)
ITEMS = (
    ("SX-JS-001", "sx-js", "建筑市场主体资质资格及市场行为检查", "《中华人民共和国建筑法》；《建筑业企业资质管理规定》", _ALL,
     "true"),
    ("SX-JS-002", "sx-js", "房地产开发经营行为检查", "《城市房地产开发经营管理条例》", "real_estate", "true"),
    ("SX-AJ-001", "sx-aj", "房屋建筑和市政工程质量安全监督检查", "《建设工程安全生产管理条例》；《建设工程质量管理条例》",
     "construction;municipal;supervision;testing;ready_mix;survey_design;real_estate;other", "false"),
    ("SX-WY-001", "sx-wy", "物业服务及二次供水设施管理检查", "《物业管理条例》；《浙江省物业管理条例》；《二次供水设施卫生规范》",
     "property_mgmt;real_estate;municipal;other;construction", "true"),
    ("SX-RQ-001", "sx-rq", "瓶装燃气经营安全检查", "《城镇燃气管理条例》；《浙江省燃气管理条例》",
     "gas;other;municipal;property_mgmt;real_estate", "true"),
    ("SX-ZF-001", "sx-zf", "建设工地扬尘污染及渣土处置执法检查", "《中华人民共和国大气污染防治法》；《城市建筑垃圾管理规定》",
     _ALL, "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("越", "会稽", "兰亭", "鉴湖", "古越", "稽山", "若耶", "禹陵", "沈园", "东浦", "柯山", "曹娥", "剡溪", "天姥", "浣纱",
       "枫桥", "安昌", "乌篷")
_W2 = ("城", "昌", "泰", "和", "润", "嘉", "诚", "远", "盛", "祥", "源", "立", "通", "宇")
_SUFFIX = {"construction": "建设有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业服务有限公司",
           "gas": "液化气供应有限公司", "supervision": "工程咨询监理有限公司", "survey_design": "建筑设计有限公司",
           "testing": "检测技术有限公司", "ready_mix": "混凝土有限公司", "municipal": "市政园林工程有限公司",
           "other": "服务部"}
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
    dw = districts or {"330602": 0.26, "330603": 0.22, "330604": 0.16, "330624": 0.08, "330681": 0.17,
                       "330683": 0.11}
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
            addr.append(f"浙江省绍兴市{DISTRICTS[district[i]]}{town[i]}{int(rng.integers(1, 30))}村"
                        f"{int(rng.integers(1, 200))}号")
        else:
            addr.append(f"浙江省绍兴市{DISTRICTS[district[i]]}{town[i]}{_ROADS[rng.integers(len(_ROADS))]}"
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

    @property
    def n(self) -> int:
        return len(self.firms)

    @property
    def home(self) -> np.ndarray:
        return self.firms["sector"].map(HOME).to_numpy()

    def open_on(self, i: int, day: dt.date) -> bool:
        return FIRST <= day < JAN1 and month_of(day) >= self.since[i]

    def p_year(self, year: int) -> np.ndarray:
        k = (year - 2024) * 12
        return sig(self.z[:, k:k + 12]).mean(axis=1)

    def p_month(self, m: int) -> np.ndarray:
        return sig(self.z[:, m])

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", eye: float = 1.0) -> None:
        """A site check finding a violation with the month's chance × ``eye`` (how hard the team looks)."""
        if not self.open_on(i, day):
            return
        p = min(0.95, float(sig(self.z[i, month_of(day)])) * eye)
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

def water_tanks(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"property_mgmt": 0.62, "real_estate": 0.1, "municipal": 0.12, "other": 0.08,
                          "construction": 0.08},
                 {"micro": 0.2, "small": 0.45, "medium": 0.25, "large": 0.1},
                 {"property_mgmt": 0.35, "municipal": 0.7, "real_estate": 0.15})
    s = f["sector"].to_numpy()
    tanks = (s == "property_mgmt") | (s == "municipal")
    estates = scale(f) * rng.gamma(2.0, 1.0, n)
    old = rng.beta(2, 3, n)
    cheap0 = rng.random(n) < sig(-1.2 + 1.5 * (old - 0.4))
    retender = tanks & (rng.random(n) < 0.2)  # 2026-09 new cleaning contract, either way
    cheap1 = np.where(retender, rng.random(n) < 0.4, cheap0)
    cheap = np.where(np.arange(M)[None, :] < 32, cheap0[:, None], cheap1[:, None]).astype(float)
    habit = rng.normal(0, 0.6, n)
    summer = 0.4 * months_mask((6, 7, 8, 9))
    z_tank = -2.7 + 1.1 * cheap + 1.3 * (old - 0.4)[:, None] + 0.25 * np.log(estates)[:, None] + summer
    z_other = -2.4 + 0.4 * rng.normal(0, 1, n)[:, None] + 0.0 * summer
    z = np.where(tanks[:, None], z_tank, z_other) + habit[:, None] + drift(rng, n, 0.2)
    b = Bureau(f, z, joined(rng, n, 0.05))
    b.random_checks(rng, np.where(tanks, 0.22, 0.15))
    for year in YEARS:  # 卫健 summer sampling: failures referred to the property centre
        for i in np.flatnonzero(tanks & (rng.random(n) < 0.4)):
            day = rand_day(rng, dt.date(year, 6, 1), dt.date(year, 9, 20))
            if rng.random() < min(0.9, 1.3 * float(sig(z[i, month_of(day)]))):
                b.trigger(rng, int(i), day + dt.timedelta(days=int(rng.integers(5, 25))), "referral", "sx-wy",
                          urgent=0.3, follow=0.75)
                if rng.random() < 0.3:  # the 卫健 penalty, shared to the credit platform
                    on = day + dt.timedelta(days=int(rng.integers(30, 70)))
                    b.add_record(int(i), on, "bad", on + dt.timedelta(days=365), "卫生监督行政处罚（二次供水，卫健部门共享）")
    # 12345: 黄水/异味 (follow the risk, mostly in summer) and fee disputes (follow the size)
    b.yearly(rng, lambda y: 0.9 * estates * b.p_year(y) * tanks + 0.12 * estates, "complaint", "sx-wy",
             urgent=0.08, follow=0.3)
    mon = f["remote_monitoring"].to_numpy(bool) & tanks
    b.yearly(rng, lambda y: mon * (0.3 + 3.0 * b.p_year(y)), "data_monitoring", "sx-wy", urgent=0.2, follow=0.35)
    for year in YEARS:  # 清洗消毒备案: each half-year, careful firms file
        for half in (0, 1):
            m = (year - 2024) * 12 + 6 * half + 4
            filed = tanks & (rng.random(n) < np.where(cheap[:, m] > 0, 0.3, 0.85))
            for i in np.flatnonzero(filed):
                b.trigger(rng, int(i), day_of_month(rng, m), "enterprise_request", "sx-wy", urgent=0.0)
    b.stream(rng, 0.1 * (~tanks), FIRST, dt.date(2026, 12, 20), "enterprise_request", urgent=0.0)
    b.credit_from_findings(rng, 0.55, "物业服务行政处罚决定", "列入物业服务严重失信名单")
    b.honours(rng, 0.06 * (1 - cheap0) * tanks + 0.02, 0.01 * (scale(f) > 2), "二次供水规范化管理示范项目",
              "绍兴市优秀物业服务项目")
    for year in YEARS:  # 卫健's own rating from three years of its sampling (not in the bundle)
        m = (year - 2024) * 12 + 4
        score = np.where(tanks, 1.1 * cheap[:, m] + 1.3 * old + 0.5 * habit, habit) + rng.normal(0, 0.5, n)
        b.outside_grade(score, dt.date(year, 5, 18))
    return b


def bid_rings(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.62, "municipal": 0.15, "supervision": 0.1, "survey_design": 0.06,
                          "testing": 0.04, "real_estate": 0.03},
                 {"micro": 0.15, "small": 0.45, "medium": 0.28, "large": 0.12},
                 {"construction": 0.45, "municipal": 0.4})
    s = f["sector"].to_numpy()
    builders = (s == "construction") | (s == "municipal")
    dist = f["district_code"].to_numpy()
    ring_id = np.full(n, -1)
    strength = np.zeros(n)
    pool = [int(i) for i in np.flatnonzero(builders & (rng.random(n) < 0.28))]
    rng.shuffle(pool)
    pool.sort(key=lambda i: dist[i])  # rings form among builders of one district
    r = 0
    while pool:
        k = int(rng.integers(3, 8))
        members, pool = pool[:k], pool[k:]
        ring_id[members] = r
        strength[members] = max(0.3, rng.normal(1.1, 0.4))
        r += 1
    ring = ring_id >= 0
    habit = rng.normal(0, 0.6, n)
    active = np.zeros((n, M))
    starts: list[tuple[int, int]] = []
    for i in np.flatnonzero(builders):
        for _ in range(int(rng.poisson(0.45 * scale(f)[i] * 4 * (1.8 if ring[i] else 1.0)))):
            m0 = int(rng.integers(-14, 46))
            active[i, max(m0, 0):max(m0 + int(rng.integers(8, 21)), 0)] += 1
            starts.append((int(i), m0))
    load = np.minimum(active, 3)
    z = (-2.6 + habit[:, None] + 0.9 * (ring * strength)[:, None] + 0.3 * load + 0.25 * ring[:, None] * load
         + drift(rng, n, 0.2))
    b = Bureau(f, z, joined(rng, n, 0.06))
    b.random_checks(rng, 0.2)
    for i, m0 in starts:  # 中标 and 施工许可: losing bidders' 质疑投诉, the permit request
        if 0 <= m0 - 1 < 36:
            award = day_of_month(rng, m0 - 1)
            if rng.random() < (0.35 if ring[i] else 0.22):
                b.trigger(rng, i, award, "complaint", "sx-js", urgent=0.0, follow=0.15)
            b.trigger(rng, i, award + dt.timedelta(days=int(rng.integers(5, 25))), "enterprise_request", "sx-js",
                      urgent=0.0, follow=0.05)
    # 公共资源交易中心 大数据 围标预警 from July 2025: ring members flagged, a few false alarms
    b.yearly(rng, lambda y: 0.9 * ring * strength + 0.06 * builders, "referral", "sx-js", urgent=0.1, follow=0.35,
             start=dt.date(2025, 7, 1))
    mon = f["remote_monitoring"].to_numpy(bool)
    for i in np.flatnonzero(mon & builders):  # 实名制考勤: 项目经理 absent from site
        for m in np.flatnonzero(active[i, :36] > 0):
            if rng.random() < (0.18 if ring[i] else 0.04) * min(active[i, m], 2):
                b.trigger(rng, int(i), day_of_month(rng, int(m)), "data_monitoring", "sx-aj", urgent=0.1,
                          follow=0.3)
    b.yearly(rng, lambda y: 0.04 + 0.5 * b.p_year(y) * np.minimum(scale(f), 2), "complaint", urgent=0.1,
             follow=0.4)  # 12345 about sites
    b.credit_from_findings(rng, 0.65, "建设工程质量安全行政处罚")
    for i in np.flatnonzero(ring & (rng.random(n) < 0.15)):  # 串通投标 penalties
        on = rand_day(rng, dt.date(2025, 9, 1), dt.date(2026, 11, 30))
        b.add_record(int(i), on, "bad", on + dt.timedelta(days=730), "串通投标行政处罚")
        if rng.random() < 0.3:
            b.add_record(int(i), on + dt.timedelta(days=20), "serious_dishonest", on + dt.timedelta(days=1095),
                         "串通投标列入严重失信主体名单")
    b.honours(rng, 0.07 * sig(-habit) * builders, 0.02 * (scale(f) > 2), "绍兴市标准化管理优良工地",
              "浙江省建设工程钱江杯")
    for year in YEARS:  # 公共资源交易平台 市场主体信用评价, each March
        b.outside_grade(0.9 * ring * strength + 0.3 * habit + rng.normal(0, 0.7, n), dt.date(year, 3, 25))
    return b


def sensor_tampering(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.55, "municipal": 0.2, "ready_mix": 0.12, "other": 0.08,
                          "real_estate": 0.05},
                 {"micro": 0.15, "small": 0.45, "medium": 0.28, "large": 0.12},
                 {"construction": 0.7, "municipal": 0.6, "ready_mix": 0.8, "other": 0.4, "real_estate": 0.2})
    mon = f["remote_monitoring"].to_numpy(bool)
    habit = rng.normal(0, 0.5, n)
    tamper = mon & (rng.random(n) < sig(-0.9 + 1.2 * habit))
    tampering = np.where(np.arange(M)[None, :] >= 14, tamper[:, None], False).astype(float)  # from March 2025
    season = 0.45 * months_mask((11, 12, 1, 2, 3)) - 0.2 * months_mask((6, 7, 8))
    near = rng.beta(2, 2, n)  # next to homes
    z = -2.6 + habit[:, None] + 1.3 * tampering + season + drift(rng, n, 0.25)
    b = Bureau(f, z, joined(rng, n, 0.06))
    b.random_checks(rng, 0.15, "sx-zf")
    for year in YEARS:  # PM10 alarms: honest monitors follow the risk; sprayed ones fall quiet
        for i in np.flatnonzero(mon):
            for m in range((year - 2024) * 12, (year - 2023) * 12):
                rate = 0.03 if tampering[i, m] else 0.35 * float(sig(z[i, m]) * 2.5)
                if rng.random() < rate:
                    b.trigger(rng, int(i), day_of_month(rng, m), "data_monitoring", "sx-zf", urgent=0.2, follow=0.5)
    b.yearly(rng, lambda y: 0.02 + 1.3 * b.p_year(y), "referral", "sx-zf", urgent=0.15, follow=0.6,
             start=dt.date(2024, 4, 1))  # 生态环境局 走航/卫星 referrals see the real dust
    b.yearly(rng, lambda y: 0.05 + 1.6 * near * b.p_year(y) * np.minimum(scale(f), 2.2), "complaint", "sx-zf",
             urgent=0.05, follow=0.3)
    b.yearly(rng, lambda y: 0.5 * scale(f) * (f["sector"].to_numpy() != "real_estate"), "enterprise_request",
             "sx-zf", urgent=0.0)  # 夜间施工许可
    b.credit_from_findings(rng, 0.6, "扬尘污染防治行政处罚", "列入城市管理领域严重失信名单")
    quiet = mon & (~tamper | (rng.random(n) < 0.8))
    b.honours(rng, 0.03 + 0.08 * quiet * (sig(-habit) + 0.6 * tamper), 0.01, "绿色施工示范工地（在线监测达标）",
              "绍兴市文明标化工地")
    for year in YEARS:
        b.points_grade(dt.date(year, 12, 12), alarm_points=3.0)
    return b


def third_party_patrol(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.58, "municipal": 0.17, "supervision": 0.1, "testing": 0.06,
                          "ready_mix": 0.05, "survey_design": 0.04},
                 {"micro": 0.15, "small": 0.42, "medium": 0.3, "large": 0.13},
                 {"construction": 0.4, "municipal": 0.3, "ready_mix": 0.5})
    dist = f["district_code"].to_numpy()
    habit = rng.normal(0, 1.15, n)
    z = -2.3 + habit[:, None] + 0.2 * np.log(scale(f))[:, None] + drift(rng, n, 0.15)
    b = Bureau(f, z, joined(rng, n, 0.05))
    for _ in range(3):  # 监督抽查: every project under supervision is visited several times a year
        b.random_checks(rng, 0.55, "sx-aj")
    sz = scale(f)
    consultant = per(dist, {"330602": 1.0, "330603": 1.0, "330604": 2.0, "330681": 3.0}, 0.0)

    def patrol(year: int) -> np.ndarray:
        p = b.p_year(year)
        return np.select([consultant == 1, consultant == 2, consultant == 3],
                         [3.0 * p * np.sqrt(sz), np.full(n, 0.35), 0.3 * sz], 0.0)

    b.yearly(rng, patrol, "referral", "sx-aj", urgent=0.1, follow=0.55, start=dt.date(2025, 1, 1))
    b.yearly(rng, lambda y: 0.06 + 0.6 * b.p_year(y), "complaint", urgent=0.08, follow=0.35)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.3 + 1.5 * b.p_year(y)), "data_monitoring", "sx-aj", urgent=0.3,
             follow=0.2)  # 塔吊/升降机 安全监控
    b.yearly(rng, lambda y: 0.5 * sz, "enterprise_request", "sx-aj", urgent=0.0, follow=0.08)  # 复工/竣工验收
    b.credit_from_findings(rng, 0.75, "建设工程质量安全行政处罚")
    b.honours(rng, 0.1 * sig(-habit - 1), 0.015 * (sz > 2), "绍兴市安全文明施工标准化工地", "浙江省建设工程钱江杯")
    for year in YEARS:
        b.points_grade(dt.date(year, 12, 20), cuts=(99, 88, 70), unseen="B")
    return b


def cylinder_tracing(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"gas": 0.6, "other": 0.2, "municipal": 0.08, "property_mgmt": 0.07, "real_estate": 0.05},
                 {"micro": 0.45, "small": 0.4, "medium": 0.12, "large": 0.03},
                 {"gas": 0.55, "other": 0.3, "municipal": 0.3})
    s = f["sector"].to_numpy()
    lpg = (s == "gas") | (s == "other")
    black = rng.beta(1.5, 4.0, n) * lpg
    habit = rng.normal(0, 0.5, n)
    dist = f["district_code"].to_numpy()
    losing = lpg & np.isin(dist, ["330602", "330603"]) & (rng.random(n) < 0.3)  # 瓶改管 takes their restaurants
    after = (np.arange(M) >= 33)[None, :]
    winter = 0.4 * months_mask((12, 1, 2)) + 0.2 * months_mask((11, 3))
    z_lpg = -2.3 + 3.0 * (black - 0.25)[:, None] + winter + 0.6 * (losing[:, None] & after)
    z_rest = -2.7 + rng.normal(0, 0.7, n)[:, None] + 0.0 * winter
    z = np.where(lpg[:, None], z_lpg, z_rest) + habit[:, None] + drift(rng, n, 0.2)
    b = Bureau(f, z, joined(rng, n, 0.08))
    b.random_checks(rng, np.where(lpg, 0.35, 0.1), "")
    mon = f["remote_monitoring"].to_numpy(bool) & lpg
    b.yearly(rng, lambda y: mon * (0.2 + 7.0 * black * (1.3 if y == 2026 else 1.0)), "data_monitoring", "sx-rq",
             urgent=0.25, follow=0.35, start=dt.date(2025, 4, 1))  # 气瓶追溯: 超期/未登记 bottles scanned
    b.yearly(rng, lambda y: (0.15 + 0.5 * black + 0.15 * rng.random(n)) * lpg * scale(f), "complaint", "sx-rq",
             urgent=0.03, follow=0.25)  # 缺斤短两, price
    b.yearly(rng, lambda y: 0.02 + 0.9 * b.p_year(y) * lpg, "referral", "sx-rq", urgent=0.5, follow=0.7)
    b.yearly(rng, lambda y: 0.9 * (1 - 1.6 * black) * lpg + 0.2 * ~lpg, "enterprise_request", "sx-rq",
             urgent=0.0, follow=0.05)  # 从业人员培训考核, 经营许可 renewals
    b.credit_from_findings(rng, 0.6, "燃气经营行政处罚决定", "列入燃气经营严重失信名单")
    b.honours(rng, 0.05 * sig(-4 * black - habit) + 0.01, 0.008, "瓶装燃气规范化供应站", "绍兴市燃气安全先进单位")
    assert b.grades is not None  # 信用承诺 self-assessment, March 2024, never redone: the worst overclaim
    day = dt.date(2024, 3, 20)
    claim = 0.4 * black + rng.normal(0, 1.0, n) - 1.5 * (black > 0.4)
    for i, g in zip(np.flatnonzero(b.since <= month_of(day)),
                    rank_grade(claim[b.since <= month_of(day)], (0.55, 0.33, 0.09, 0.03)), strict=True):
        b.grades.append((int(i), str(g), day))
    return b


def rural_craftsmen(rng: np.random.Generator, n: int) -> Bureau:
    f = register(rng, n, {"construction": 0.6, "other": 0.2, "survey_design": 0.1, "supervision": 0.05,
                          "real_estate": 0.05},
                 {"micro": 0.7, "small": 0.25, "medium": 0.05, "large": 0.0},
                 {"construction": 0.06, "supervision": 0.05},
                 {"330602": 0.05, "330603": 0.1, "330604": 0.2, "330624": 0.2, "330681": 0.25, "330683": 0.2},
                 rural=True)
    town = f["_town"].to_numpy()
    dist = f["district_code"].to_numpy()
    towns = [t for d in DISTRICTS for t in _TOWNS[d]]
    boom_towns = [str(t) for t in rng.choice(np.array(towns, dtype=object), size=4, replace=False)]
    campaign_towns = [t for t in towns if rng.random() < 0.4]
    boom = np.isin(town, boom_towns)
    habit = rng.normal(0, 0.8, n)
    trained0 = rng.random(n) < 0.4
    enrol = ~trained0 & (rng.random(n) < sig(-0.8 - 0.5 * habit))  # 2026 autumn training, qualified from 2027
    untrained = np.where(np.arange(M)[None, :] >= 36, (~trained0 & ~enrol)[:, None], ~trained0[:, None])
    tall = per(dist, {"330681": 0.4, "330683": 0.3, "330624": 0.2}, 0.0)  # 三层以上 self-builds common
    z = (-2.6 + habit[:, None] + 0.9 * untrained + 0.65 * (boom[:, None] & (np.arange(M) >= 36)[None, :])
         + tall[:, None] + drift(rng, n, 0.2))
    b = Bureau(f, z, joined(rng, n, 0.07))
    b.random_checks(rng, 0.06)
    camp = np.isin(town, campaign_towns)
    for i in np.flatnonzero(camp):  # 2025 自建房安全专项整治: the township refers every team it knows
        if rng.random() < 0.85:
            b.trigger(rng, int(i), rand_day(rng, dt.date(2025, 5, 10), dt.date(2025, 9, 10)), "referral", "sx-js",
                      urgent=0.0, follow=0.9)
    b.yearly(rng, lambda y: 0.15 + 0.3 * b.p_year(y), "complaint", "sx-js", urgent=0.05,
             follow=0.25)  # 采光/宅基地 disputes, some cracks
    b.yearly(rng, lambda y: f["remote_monitoring"].to_numpy(bool) * 1.2 * b.p_year(y), "data_monitoring", "sx-aj",
             urgent=0.2, follow=0.4)
    for i in np.flatnonzero(enrol):  # 工匠培训报名
        b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 8, 1), dt.date(2026, 11, 20)), "enterprise_request",
                  "sx-js", urgent=0.0)
    for i in np.flatnonzero(boom & (rng.random(n) < 0.7)):  # 农房报建 for 2027 builds
        for _ in range(int(rng.integers(1, 4))):
            b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 10, 15), dt.date(2026, 12, 28)),
                      "enterprise_request", "sx-js", urgent=0.0)
    b.stream(rng, 0.15 * np.ones(n), FIRST, dt.date(2026, 9, 30), "enterprise_request", "sx-js", urgent=0.0)
    b.credit_from_findings(rng, 0.45, "农村建房违法违规行政处罚")
    b.honours(rng, 0.12 * trained0 + 0.01, 0.005, "星级乡村建设工匠", "美丽乡村建设先进集体")
    b.grades = None
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "water_tanks": water_tanks, "bid_rings": bid_rings, "sensor_tampering": sensor_tampering,
    "third_party_patrol": third_party_patrol, "cylinder_tracing": cylinder_tracing,
    "rural_craftsmen": rural_craftsmen}


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
                                 f"浙{int(rng.integers(10**7, 10**8))}" if sworn else "",
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
        rows.append((f"SX{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4])) if FIRST <= d < JAN1]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"SXT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if FIRST <= d < JAN1]
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
    policy = {"year": PLAN_YEAR, "seed": f"shaoxing-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 16])
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
