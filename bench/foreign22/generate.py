"""A twenty-second held-out bureau generator (issue 9) · 第二十二套独立生成的住建/城管执法局（齐齐哈尔）.

Written from the contract (/work/shared/spec/bundle.md, rules.md, plan.md) and the harness's interface
(bench/foreign2/run.py ``use_generator``) alone; judged as a black box by
``bench/foreign2/run.py --generator bench/foreign22``. bench/foreign22/README.md tells each family's story.

Every bureau is the city of 齐齐哈尔 (黑龙江; eight districts/counties, city-level teams 230200), plan year 2027,
registers 2024-01-01 .. 2026-12-31 (some credit records and triggers dated January 2027, as bundle.md allows). Each
firm has a hidden logit per month (2024-01 .. 2027-12); a site check finds a violation with that month's chance (times
the visiting team's strictness where a family has one). ``truth.csv`` holds ``p_violation``, the mean of the chance
over 2027's twelve months.
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
FAMILIES = ("strict_brigades", "renovation_newcomers", "kin_groups", "heating_campaign", "late_credit",
            "rival_reports")

CITY = "230200"
DISTRICTS = {"230202": "龙沙区", "230203": "建华区", "230204": "铁锋区", "230205": "昂昂溪区", "230206": "富拉尔基区",
             "230208": "梅里斯达斡尔族区", "230221": "龙江县", "230281": "讷河市"}
_DW = {"230202": 0.2, "230203": 0.17, "230204": 0.16, "230205": 0.06, "230206": 0.11, "230208": 0.06,
       "230221": 0.12, "230281": 0.12}
_CENTRE = {"230202": (47.32, 123.96), "230203": (47.35, 123.96), "230204": (47.34, 124.01),
           "230205": (47.15, 123.82), "230206": (47.21, 123.63), "230208": (47.31, 123.75),
           "230221": (47.34, 123.20), "230281": (48.48, 124.88)}
_STREETS = ("卜奎大街", "龙华路", "中华西路", "新明大街", "建华南大街", "光荣路", "合意大街", "民航路", "红岸大街",
            "先锋路", "南苑大街", "嫩江路", "永安大街", "和平路")
AGENCIES = {"qq-js": "齐齐哈尔市住房和城乡建设局", "qq-cg": "齐齐哈尔市城市管理综合执法局",
            "qq-aj": "齐齐哈尔市建设工程质量安全监督站", "qq-rr": "齐齐哈尔市供热燃气管理中心",
            "qq-wy": "齐齐哈尔市物业服务监管中心"}
HOME = {"construction": "qq-aj", "real_estate": "qq-js", "property_mgmt": "qq-wy", "gas": "qq-rr",
        "supervision": "qq-aj", "survey_design": "qq-js", "testing": "qq-aj", "ready_mix": "qq-aj",
        "municipal": "qq-rr", "other": "qq-cg"}
_ALL = ";".join(SECTORS)
ITEMS = (
    ("QQ-JS-01", "qq-js", "建筑市场主体资质及市场行为检查", "《中华人民共和国建筑法》；《建筑业企业资质管理规定》", _ALL, "true"),
    ("QQ-JS-02", "qq-js", "房地产开发经营及预售资金监管检查", "《城市房地产开发经营管理条例》", "real_estate", "true"),
    ("QQ-AJ-01", "qq-aj", "房屋建筑和市政工程质量安全监督检查", "《建设工程安全生产管理条例》；《建设工程质量管理条例》",
     "construction;municipal;supervision;testing;ready_mix;survey_design;real_estate", "false"),
    ("QQ-WY-01", "qq-wy", "物业服务及电梯、消防共用设施管理检查", "《物业管理条例》；《黑龙江省物业管理条例》",
     "property_mgmt;real_estate;other", "true"),
    ("QQ-RR-01", "qq-rr", "城镇燃气及供热经营安全检查", "《城镇燃气管理条例》；《黑龙江省城市供热条例》",
     "gas;municipal;property_mgmt", "false"),
    ("QQ-CG-01", "qq-cg", "施工扬尘、渣土运输及市容环境执法检查", "《中华人民共和国大气污染防治法》；《城市建筑垃圾管理规定》",
     _ALL, "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("鹤城", "嫩江", "扎龙", "卜奎", "明月", "丹顶", "北疆", "黑土", "松嫩", "碾子山", "江桥", "龙沙", "劳动湖",
       "大乘", "嫩水", "雪原", "鹤乡", "关东")
_W2 = ("宏", "盛", "达", "兴", "隆", "鑫", "泰", "安", "恒", "信", "昌", "源", "润", "广")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限公司", "supervision": "工程监理有限公司", "survey_design": "勘察设计有限公司",
           "testing": "建设工程检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "热力有限公司",
           "other": "装饰装修工程部"}
_HEADS = {"micro": (1, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 2500)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
LAST = dt.date(2027, 1, 31)  # the latest date a record or trigger may carry (a bundle uploaded in January)
M = 48
YEARS = (2024, 2025, 2026)
MONTH = np.arange(M) % 12 + 1
HEAT = np.isin(MONTH, (10, 11, 12, 1, 2, 3, 4)).astype(float)[None, :]  # 供暖期 (10-20 .. 4-20)


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


def pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def per(values: np.ndarray, table: dict[str, float], default: float = 0.0) -> np.ndarray:
    return np.array([table.get(str(v), default) for v in values])


def drift(rng: np.random.Generator, n: int, sd: float) -> np.ndarray:
    """AR(1) month-to-month wander of a firm's logit."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    for t in range(1, M):
        e[:, t] = 0.85 * e[:, t - 1] + rng.normal(0, sd * 0.53, n)
    return e


def rank_grade(score: np.ndarray, shares: tuple[float, ...] = (0.3, 0.4, 0.2, 0.1)) -> np.ndarray:
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(np.cumsum(shares)[:3], q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             monitored: dict[str, float], entrants: float = 0.07, late: bool = False) -> tuple[pd.DataFrame, np.ndarray]:
    """检查对象名录库 and each firm's first month in the register (entrants: 2024-02 .. 2026-12, most of them newly
    founded then, some moving in from elsewhere with an older date). Optional cells sometimes blank."""
    sector, size, district = pick(rng, sectors, n), pick(rng, sizes, n), pick(rng, _DW, n)
    lo = np.array([_HEADS[s][0] for s in size], float)
    hi = np.array([_HEADS[s][1] for s in size], float)
    heads = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))).astype(int)
    new = rng.random(n) < entrants
    since = np.where(new, 1 + np.floor(34.99 * rng.random(n) ** (0.6 if late else 1.0)).astype(int), -240)
    founded = new & (rng.random(n) < 0.8)
    ids, names, est, addr = [], [], [], []
    seen: set[str] = set()
    for i in range(n):
        code = ""
        while not code or code in seen:
            code = uscc(("92" if sector[i] == "other" and rng.random() < 0.4 else "91") + str(district[i])
                        + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        names.append(f"齐齐哈尔{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_W2[rng.integers(len(_W2))]}"
                     f"{_SUFFIX[str(sector[i])]}")
        if founded[i]:
            day = first_day(int(since[i])) + dt.timedelta(days=int(rng.integers(0, 27)))
        else:
            day = FIRST - dt.timedelta(days=int((0.3 + rng.gamma(1.7, 6.0)) * 365.25))
        est.append("" if rng.random() < 0.04 else day.isoformat())
        addr.append("" if rng.random() < 0.06 else f"黑龙江省齐齐哈尔市{DISTRICTS[str(district[i])]}"
                    f"{_STREETS[rng.integers(len(_STREETS))]}{int(rng.integers(1, 700))}号")
    lat = np.array([_CENTRE[d][0] for d in district]) + rng.normal(0, 0.03, n)
    lon = np.array([_CENTRE[d][1] for d in district]) + rng.normal(0, 0.04, n)
    no_geo = rng.random(n) < 0.2
    f = pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": np.where(rng.random(n) < 0.1, "", heads.astype(str)), "established_on": est,
        "address": addr, "lat": np.where(no_geo, "", np.char.mod("%.5f", lat)),
        "lon": np.where(no_geo, "", np.char.mod("%.5f", lon)),
        "remote_monitoring": rng.random(n) < per(sector, monitored, 0.03)})
    f["name"] = dedupe(f["name"].tolist())
    return f, since


def dedupe(names: list[str]) -> list[str]:
    taken: dict[str, int] = {}
    out = []
    for nm in names:
        k = taken.get(nm, 0) + 1
        taken[nm] = k
        out.append(nm if k == 1 else nm.replace("有限公司", f"{k}有限公司") if "有限公司" in nm else f"{nm}（{k}）")
    return out


def age_years(f: pd.DataFrame, at: dt.date = JAN1) -> np.ndarray:
    est = pd.to_datetime(f["established_on"], errors="coerce")
    return ((pd.Timestamp(at) - est).dt.days / 365.25).fillna(8.0).to_numpy()


def scale(f: pd.DataFrame) -> np.ndarray:
    return per(f["size"].to_numpy(), {"micro": 0.4, "small": 1.0, "medium": 2.2, "large": 4.5})


@dataclass
class Bureau:
    firms: pd.DataFrame
    z: np.ndarray
    since: np.ndarray
    eye: dict[str, float] = field(default_factory=dict)  # team_id -> strictness
    checks: list[tuple[int, dt.date, str, str, str, str]] = field(default_factory=list)
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    triggers: list[tuple[int, dt.date, str, bool, str]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] | None = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.firms)

    @property
    def home(self) -> np.ndarray:
        return self.firms["sector"].map(HOME).to_numpy()

    def open_on(self, i: int, day: dt.date, last: dt.date = LAST) -> bool:
        return FIRST <= day <= last and month_of(day) >= self.since[i]

    def p_year(self, year: int) -> np.ndarray:
        k = (year - 2024) * 12
        return sig(self.z[:, k:k + 12]).mean(axis=1)

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", eye: float = 1.0,
                city: float = 0.2) -> int:
        """A site check; returns 1 for a violation found, 0 otherwise, -1 when the firm is not there."""
        if not self.open_on(i, day, JAN1 - dt.timedelta(days=1)):
            return -1
        ag = agency or str(self.home[i])
        team = f"{ag}-{CITY if rng.random() < city else self.firms['district_code'].iat[i]}"
        p = min(0.95, float(sig(self.z[i, month_of(day)])) * eye * self.eye.get(team, 1.0))
        if rng.random() < p:
            outcome = "serious" if rng.random() < 0.05 + 0.3 * p else "violation"
            pending = (JAN1 - day).days < 40 and rng.random() < 0.7
            fixed = "" if pending or rng.random() < 0.04 else ("true" if rng.random() < 0.9 - 0.5 * p else "false")
        else:
            outcome, fixed = ("minor" if rng.random() < 0.1 + 0.5 * p else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, ag, team))
        return int(outcome in ("violation", "serious"))

    def random_checks(self, rng: np.random.Generator, share: float | np.ndarray, agency: str = "",
                      months: tuple[int, int] = (3, 11), years: tuple[int, ...] = YEARS) -> None:
        """双随机一公开 draws; visits between ``months`` (inclusive)."""
        for year in years:
            for i in np.flatnonzero(rng.random(self.n) < np.broadcast_to(share, (self.n,))):
                self.inspect(rng, int(i), rand_day(rng, dt.date(year, months[0], 1), dt.date(year, months[1], 28)),
                             agency)

    def trigger(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, agency: str = "",
                urgent: float = 0.05, follow: float = 0.0) -> None:
        if not self.open_on(i, day):
            return
        ag = agency or str(self.home[i])
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), ag))
        if rng.random() < follow:
            self.inspect(rng, i, day + dt.timedelta(days=int(rng.integers(2, 15))), ag)

    def yearly(self, rng: np.random.Generator, rate: Callable[[int], np.ndarray], kind: str, agency: str = "",
               urgent: float = 0.05, follow: float = 0.0, start: dt.date = FIRST, jan: float = 0.04) -> None:
        """Poisson(rate(year)) triggers per firm and year, spread over the year; ``jan`` of 2026's rate again in
        January 2027 (received before the upload, still to be visited)."""
        spans = [(max(dt.date(y, 1, 1), start), dt.date(y, 12, 31), rate(y)) for y in YEARS]
        spans.append((dt.date(2027, 1, 2), dt.date(2027, 1, 25), jan * rate(2026)))
        for lo, hi, r in spans:
            if lo >= hi:
                continue
            frac = min(1.0, ((hi - lo).days + 1) / 365)
            k = rng.poisson(np.maximum(np.broadcast_to(r, (self.n,)) * frac, 0.0))
            for i in np.flatnonzero(k):
                for _ in range(int(k[i])):
                    self.trigger(rng, int(i), rand_day(rng, lo, hi), kind, agency, urgent, follow)

    def add_record(self, i: int, on: dt.date, kind: str, until: dt.date | None, note: str) -> None:
        if self.open_on(i, on):
            self.records.append((i, on, kind, until, note))

    def credit_from_findings(self, rng: np.random.Generator, share: float, note: str,
                             serious_note: str = "列入住房城乡建设领域严重失信主体名单",
                             when: Callable[[dt.date], dt.date] | None = None) -> None:
        """Penalised findings become 不良 records; serious unrectified ones a 严重失信 listing; rectified ones sometimes
        a 信用修复. ``when`` maps the decision date to the date the platform records it (default: the decision)."""
        for i, day, outcome, fixed, _, _ in list(self.checks):
            if outcome not in ("violation", "serious") or rng.random() >= share:
                continue
            decided = day + dt.timedelta(days=int(rng.integers(20, 80)))
            on = when(decided) if when else decided
            life = int(rng.choice([183, 365, 730, 1095], p=[0.25, 0.45, 0.2, 0.1]))
            until = max(decided + dt.timedelta(days=life), on + dt.timedelta(days=90))
            self.add_record(i, on, "bad", None if rng.random() < 0.05 else until, note)
            listed = (0.6 if fixed == "false" else 0.15) if outcome == "serious" else (0.1 if fixed == "false" else 0.0)
            if rng.random() < listed:
                self.add_record(i, on + dt.timedelta(days=int(rng.integers(5, 40))), "serious_dishonest",
                                on + dt.timedelta(days=1095), serious_note)
            elif fixed == "true" and rng.random() < 0.3:
                self.add_record(i, on + dt.timedelta(days=int(rng.integers(60, 240))), "repair", None,
                                "信用修复：已整改到位并公开作出信用承诺")

    def honours(self, rng: np.random.Generator, good: np.ndarray | float, commend: np.ndarray | float,
                good_note: str = "良好行为记录", commend_note: str = "齐齐哈尔市住建系统表彰") -> None:
        for year in YEARS:
            for kind, rate, note in (("good", good, good_note), ("commendation", commend, commend_note)):
                for i in np.flatnonzero(rng.random(self.n) < np.broadcast_to(rate, (self.n,))):
                    on = rand_day(rng, dt.date(year, 1, 10), dt.date(year, 12, 20))
                    self.add_record(int(i), on, kind, None if rng.random() < 0.2 else on + dt.timedelta(days=1095),
                                    note)

    def grade_by(self, score: np.ndarray, day: dt.date, shares: tuple[float, ...] = (0.3, 0.4, 0.2, 0.1)) -> None:
        assert self.grades is not None
        idx = np.flatnonzero(self.since <= month_of(day))
        for i, g in zip(idx, rank_grade(score[idx], shares), strict=True):
            self.grades.append((int(i), str(g), day))

    def points(self, day: dt.date, checks: bool = True, complaint_pts: float = 0.0) -> np.ndarray:
        """The bureau's own 信用评价 points (high = bad): records in force; findings of the last two years; optionally
        complaints of the last year."""
        pts = np.zeros(self.n)
        for i, on, kind, until, _ in self.records:
            if on <= day and (until is None or until >= day):
                pts[i] += {"bad": 8.0, "serious_dishonest": 30.0, "good": -3.0, "commendation": -5.0,
                           "repair": -4.0}[kind]
        if checks:
            for i, on, outcome, fixed, _, _ in self.checks:
                if day - dt.timedelta(days=730) <= on <= day:
                    pts[i] += {"compliant": 0.0, "minor": 2.0, "violation": 9.0, "serious": 18.0}[outcome]
                    pts[i] += 6.0 if fixed == "false" else 0.0
        for i, on, kind, _, _ in self.triggers:
            if kind == "complaint" and day - dt.timedelta(days=365) <= on <= day:
                pts[i] += complaint_pts
        return pts


def common(b: Bureau, rng: np.random.Generator, p_share: float, uninformative: float) -> None:
    """Triggers every bureau gets: enterprise requests (资质/许可/竣工验收), which say nothing of the risk."""
    b.yearly(rng, lambda y: uninformative * scale(b.firms) ** 0.5, "enterprise_request", "", urgent=0.0,
             follow=0.05)
    b.yearly(rng, lambda y: 0.01 + p_share * b.p_year(y), "referral", "", urgent=0.3, follow=0.6)


# ------------------------------------------------------------------------------------------- the families

def strict_brigades(rng: np.random.Generator, n: int) -> Bureau:
    f, since = register(rng, n, {"construction": 0.4, "municipal": 0.15, "other": 0.25, "real_estate": 0.1,
                                 "property_mgmt": 0.1}, {"micro": 0.3, "small": 0.4, "medium": 0.22, "large": 0.08},
                        {"construction": 0.45, "municipal": 0.4, "real_estate": 0.2, "other": 0.1})
    eye_d = {"230202": 1.45, "230203": 0.45, "230204": 1.0, "230205": 0.35, "230206": 1.3, "230208": 0.6,
             "230221": 0.4, "230281": 0.9}
    dist = f["district_code"].to_numpy()
    habit = rng.normal(0, 0.95, n)
    lax = 0.35 * (1.0 - per(dist, eye_d))  # lax districts breed some violations, less than they hide
    season = 0.3 * np.isin(MONTH, (5, 6, 7, 8, 9, 10))[None, :] * (f["sector"].to_numpy() != "property_mgmt")[:, None]
    z = -2.55 + habit[:, None] + lax[:, None] + 0.2 * np.log(scale(f))[:, None] + season + drift(rng, n, 0.2)
    b = Bureau(f, z, since, eye={f"{ag}-{d}": e for ag in AGENCIES for d, e in eye_d.items()})
    b.random_checks(rng, 0.3, "qq-cg", (4, 11))
    b.random_checks(rng, 0.2, "", (4, 11))
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.15 + 2.5 * b.p_year(y)), "data_monitoring", "qq-cg", urgent=0.2,
             follow=0.3)  # 渣土车 GPS / 工地视频 alarms, blind to the brigade
    b.yearly(rng, lambda y: 0.08 + 0.8 * b.p_year(y), "complaint", "qq-cg", urgent=0.08, follow=0.35)
    common(b, rng, 0.5, 0.35)
    b.credit_from_findings(rng, 0.7, "城市管理领域行政处罚（渣土/扬尘）", "列入城市管理领域严重失信主体名单")
    b.honours(rng, 0.02 + 0.06 * sig(-habit - 1), 0.008, "文明施工标准化工地")
    for year in YEARS:
        b.grade_by(b.points(dt.date(year, 12, 15)) + rng.normal(0, 1.0, n), dt.date(year, 12, 15))
    return b


def renovation_newcomers(rng: np.random.Generator, n: int) -> Bureau:
    f, since = register(rng, n, {"construction": 0.42, "property_mgmt": 0.2, "other": 0.22, "municipal": 0.1,
                                 "supervision": 0.06}, {"micro": 0.42, "small": 0.36, "medium": 0.16, "large": 0.06},
                        {"construction": 0.25, "municipal": 0.3}, entrants=0.45, late=True)
    new = since > 0
    hub = new & (rng.random(n) < 0.3)  # 集群注册: a 孵化基地/代理记账 address shared by many shells
    hubs = [f"黑龙江省齐齐哈尔市{DISTRICTS[d]}{s}{k}号创业孵化基地{r}室" for d, s, k, r in
            (("230202", "卜奎大街", 88, "A区"), ("230203", "新明大街", 16, "3楼"), ("230204", "红岸大街", 207, "B座"),
             ("230202", "龙华路", 51, "五层"), ("230221", "和平路", 9, "一层"), ("230281", "永安大街", 33, "二层"))]
    for i in np.flatnonzero(hub):
        f.at[i, "address"] = f"{hubs[int(rng.integers(len(hubs)))]}-{int(rng.integers(1, 60)):03d}"
        if rng.random() < 0.45:
            f.at[i, "employees"] = ""
    age = age_years(f)
    size = f["size"].to_numpy()
    habit = rng.normal(0, 0.6, n)
    young = 1.1 * np.exp(-age / 1.6)  # learning the trade: new firms are risky, less so each year
    big_young = 0.8 * ((size == "large") | (size == "medium")) * (age < 4)  # grew too fast
    old_micro = 0.6 * (size == "micro") * (age > 15)  # worn kit, no successor
    z = (-2.85 + habit[:, None] + (young + big_young + old_micro + 0.8 * hub)[:, None] + drift(rng, n, 0.2))
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.18, "", (4, 11))
    for i in np.flatnonzero(new & (rng.random(n) < 0.25)):  # 首次入库核查
        d = first_day(int(since[i])) + dt.timedelta(days=int(rng.integers(20, 160)))
        if d < JAN1:
            b.inspect(rng, int(i), d)
    for i in np.flatnonzero(new):  # 资质/备案 applications on entering
        for _ in range(int(rng.integers(1, 3))):
            b.trigger(rng, int(i), first_day(int(since[i])) + dt.timedelta(days=int(rng.integers(0, 90))),
                      "enterprise_request", "qq-js", urgent=0.0)
    b.yearly(rng, lambda y: 0.05 + 0.7 * b.p_year(y), "complaint", "", urgent=0.06, follow=0.3,
             start=dt.date(2024, 4, 1))  # 老旧小区 residents
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.2 + 1.5 * b.p_year(y)), "data_monitoring", "qq-aj", urgent=0.15, follow=0.25)
    common(b, rng, 0.4, 0.2)
    b.credit_from_findings(rng, 0.6, "老旧小区改造工程违法违规行政处罚")
    b.honours(rng, (~new) * (0.02 + 0.05 * sig(-habit - 1)), 0.006, "老旧小区改造优质工程")
    old = np.flatnonzero(since <= month_of(dt.date(2024, 6, 30)))
    assert b.grades is not None  # the platform grades only firms it has two years of data on
    for i, g in zip(old, rank_grade(habit[old] + rng.normal(0, 0.8, len(old))), strict=True):
        b.grades.append((int(i), str(g), dt.date(2026, 6, 30)))
    return b


def kin_groups(rng: np.random.Generator, n: int) -> Bureau:
    f, since = register(rng, n, {"construction": 0.38, "real_estate": 0.15, "property_mgmt": 0.15, "other": 0.14,
                                 "ready_mix": 0.06, "testing": 0.06, "supervision": 0.06},
                        {"micro": 0.3, "small": 0.4, "medium": 0.22, "large": 0.08},
                        {"construction": 0.3, "ready_mix": 0.5, "property_mgmt": 0.2}, entrants=0.05)
    group = np.full(n, -1)
    k, i = 0, 0
    order = rng.permutation(n)
    while i < int(0.42 * n):
        size = int(rng.integers(3, 11))
        group[order[i:i + size]] = k
        k, i = k + 1, i + size
    g_eff = rng.normal(0.25, 1.15, k)
    eff = np.where(group >= 0, g_eff[np.maximum(group, 0)], rng.normal(0, 0.45, n))
    # 换壳: the worst groups open fresh firms in 2025-26 at the same address, which carry the group's ways
    shell = (group >= 0) & (g_eff[np.maximum(group, 0)] > 0.9) & (rng.random(n) < 0.28)
    since = np.where(shell, rng.integers(14, 36, n), since)
    for g in range(k):
        members = np.flatnonzero(group == g)
        d = str(f.at[members[0], "district_code"])
        where = (f"黑龙江省齐齐哈尔市{DISTRICTS[d]}{_STREETS[rng.integers(len(_STREETS))]}{int(rng.integers(1, 700))}号"
                 f"{int(rng.integers(2, 20))}层")
        stem = f"{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_W2[rng.integers(len(_W2))]}"
        for j in members:
            f.at[j, "district_code"] = d
            f.at[j, "address"] = "" if rng.random() < 0.05 else where
            f.at[j, "name"] = f"齐齐哈尔{stem}{_SUFFIX[str(f.at[j, 'sector'])]}"
            if shell[j]:
                f.at[j, "established_on"] = (first_day(int(since[j])) + dt.timedelta(days=int(rng.integers(0, 25)))
                                             ).isoformat()
    f["name"] = dedupe(f["name"].tolist())
    habit = rng.normal(0, 0.45, n)
    z = -2.75 + eff[:, None] + habit[:, None] + 0.3 * shell[:, None] + drift(rng, n, 0.2)
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.22, "")
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.15 + 1.6 * b.p_year(y)), "data_monitoring", "qq-aj", urgent=0.2, follow=0.3)
    b.yearly(rng, lambda y: 0.06 + 0.6 * b.p_year(y), "complaint", "", urgent=0.05, follow=0.3)
    common(b, rng, 0.5, 0.3)
    b.credit_from_findings(rng, 0.65, "建筑市场违法违规行政处罚")
    b.honours(rng, 0.01 + 0.05 * (scale(f) > 2), 0.01 * (scale(f) > 2), "诚信示范企业")  # honours follow size
    for year in (2025, 2026):
        b.grade_by(b.points(dt.date(year, 11, 30)) + rng.normal(0, 1.5, n), dt.date(year, 11, 30))
    return b


def heating_campaign(rng: np.random.Generator, n: int) -> Bureau:
    f, since = register(rng, n, {"gas": 0.32, "municipal": 0.3, "property_mgmt": 0.28, "other": 0.1},
                        {"micro": 0.25, "small": 0.4, "medium": 0.25, "large": 0.1},
                        {"gas": 0.55, "municipal": 0.5, "property_mgmt": 0.15}, entrants=0.05)
    s = f["sector"].to_numpy()
    heat = (s == "gas") | (s == "municipal") | ((s == "property_mgmt") & (rng.random(n) < 0.4))  # 自管锅炉房
    habit = rng.normal(0, 0.7, n)
    old_net = rng.beta(2, 3, n)
    conv = heat & (rng.random(n) < 0.25)  # 2026 summer 煤改气/锅炉改造: new kit, new crews, 2026-27 winter
    t = np.arange(M)[None, :]
    z = (-3.0 + habit[:, None] + (1.0 + 0.8 * old_net)[:, None] * HEAT * heat[:, None]
         + 0.9 * (conv[:, None] & (t >= 33)) * HEAT + drift(rng, n, 0.2))
    b = Bureau(f, z, since)
    found = np.zeros(n, bool)
    for i in np.flatnonzero(heat):  # 2024-25 供暖季 燃气供热安全专项整治: every firm, strict teams
        for _ in range(int(rng.integers(1, 3))):
            hit = b.inspect(rng, int(i), rand_day(rng, dt.date(2024, 11, 1), dt.date(2025, 3, 31)), "qq-rr", eye=1.3)
            found[i] |= hit > 0
    deter = found & (rng.random(n) < 0.8)  # penalised firms fixed their ways; the rest did not change
    z[deter, 15:] -= 0.8
    b.random_checks(rng, 0.12, "", (5, 9))  # ordinary 双随机 falls in the off-season
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * heat * (0.1 + 2.0 * b.p_year(y)), "data_monitoring", "qq-rr", urgent=0.3,
             follow=0.35, start=dt.date(2025, 10, 1))  # 热网/燃气 IoT from the 2025-26 season
    b.yearly(rng, lambda y: 0.05 + heat * (0.25 * old_net + 0.5 * b.p_year(y)), "complaint", "qq-rr", urgent=0.1,
             follow=0.3)  # 室温不达标
    for i in np.flatnonzero(conv):  # 改造备案
        b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 5, 10), dt.date(2026, 8, 31)), "enterprise_request",
                  "qq-rr", urgent=0.0)
    common(b, rng, 0.4, 0.3)
    b.credit_from_findings(rng, 0.7, "燃气/供热经营违法行政处罚", "列入城镇燃气领域严重失信主体名单")
    b.honours(rng, 0.02 + 0.05 * sig(-habit - 1), 0.008, "供热服务质量优秀单位")
    b.grade_by(b.points(dt.date(2025, 6, 30)) + rng.normal(0, 1.0, n), dt.date(2025, 6, 30))
    return b


def late_credit(rng: np.random.Generator, n: int) -> Bureau:
    f, since = register(rng, n, {"construction": 0.45, "supervision": 0.1, "testing": 0.1, "ready_mix": 0.1,
                                 "survey_design": 0.1, "real_estate": 0.15},
                        {"micro": 0.2, "small": 0.42, "medium": 0.28, "large": 0.1},
                        {"construction": 0.35, "ready_mix": 0.5, "testing": 0.3}, entrants=0.06)
    habit = rng.normal(0, 0.9, n)
    slide = rng.random(n) < 0.25  # 资金链 strain from mid-2025: slipping month by month
    t = np.arange(M)[None, :]
    z = (-2.65 + habit[:, None] + 0.2 * np.log(scale(f))[:, None]
         + slide[:, None] * np.clip((t - 18) / 18, 0, 1.2) * 1.3 + drift(rng, n, 0.2))
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.28, "")
    b.random_checks(rng, 0.2 * (f["sector"].to_numpy() == "construction"), "qq-aj")
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.2 + 2.0 * b.p_year(y)), "data_monitoring", "qq-aj", urgent=0.2,
             follow=0.3)  # 实名制考勤/塔吊监控
    b.yearly(rng, lambda y: 0.05 + 0.6 * b.p_year(y), "complaint", "", urgent=0.05, follow=0.3)  # 欠薪 among them
    common(b, rng, 0.4, 0.35)

    def batch(decided: dt.date) -> dt.date:  # the province's platform takes a year's decisions in one upload
        if decided > dt.date(2027, 1, 15):
            return dt.date(2027, 6, 30)  # the next upload, after the bundle
        return {2024: dt.date(2025, 6, 30), 2025: dt.date(2026, 6, 30)}.get(decided.year, dt.date(2027, 1, 15))

    b.credit_from_findings(rng, 0.75, "建设工程质量安全行政处罚（省平台批量归集）", when=batch)
    b.honours(rng, 0.02 + 0.06 * sig(-habit - 1), 0.01, "省级安全文明标准化工地")
    for year in YEARS:  # the platform's year-end grade reads its own records only
        day = dt.date(year, 12, 31)
        b.grade_by(b.points(day, checks=False) + rng.normal(0, 2.0, n), day)
    return b


def rival_reports(rng: np.random.Generator, n: int) -> Bureau:
    f, since = register(rng, n, {"real_estate": 0.28, "property_mgmt": 0.37, "construction": 0.25, "other": 0.1},
                        {"micro": 0.2, "small": 0.4, "medium": 0.28, "large": 0.12},
                        {"property_mgmt": 0.4, "real_estate": 0.2, "construction": 0.25}, entrants=0.07)
    s = f["sector"].to_numpy()
    habit = rng.normal(0, 0.85, n)
    old = rng.beta(2, 2.5, n) * ((s == "property_mgmt") | (s == "real_estate"))  # 老旧小区 share of their estates
    z = -2.8 + habit[:, None] + 0.9 * old[:, None] + drift(rng, n, 0.2)
    b = Bureau(f, z, since)
    b.random_checks(rng, 0.2, "")
    visible = scale(f) ** 0.8 * rng.gamma(1.2, 1.0, n)  # 竞标对手/职业举报人 aim at who wins tenders
    b.yearly(rng, lambda y: 0.8 * visible, "complaint", "", urgent=0.0, follow=0.45)
    b.yearly(rng, lambda y: 0.02 + 0.9 * b.p_year(y), "complaint", "", urgent=1.0, follow=0.6)  # 电梯困人, 外墙脱落
    b.yearly(rng, lambda y: 0.25 * visible, "referral", "", urgent=0.0, follow=0.4)  # 12345 relays the same rivals
    mon = f["remote_monitoring"].to_numpy(bool)
    b.yearly(rng, lambda y: mon * (0.15 + 2.0 * b.p_year(y)), "data_monitoring", "qq-wy", urgent=0.25,
             follow=0.3)  # 电梯物联网
    common(b, rng, 0.35, 0.25)
    b.credit_from_findings(rng, 0.65, "物业服务/房地产开发违法违规行政处罚")
    b.honours(rng, 0.02 + 0.05 * sig(-habit - 1), 0.008, "物业服务示范项目")
    for year in (2025, 2026):  # the bureau's grade docks points per complaint
        day = dt.date(year, 12, 10)
        b.grade_by(b.points(day, complaint_pts=3.0) + rng.normal(0, 1.0, n), day)
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "strict_brigades": strict_brigades, "renovation_newcomers": renovation_newcomers, "kin_groups": kin_groups,
    "heating_campaign": heating_campaign, "late_credit": late_credit, "rival_reports": rival_reports}


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
                officers.append((oid, f"{DISTRICTS.get(d, '市本级')[:2]}{AGENCIES[ag][5:7]}执法员{k:02d}", team, role,
                                 f"黑{int(rng.integers(10**7, 10**8))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2031))}-{int(rng.integers(1, 13)):02d}-28" if sworn else "",
                                 "" if rng.random() < 0.1 else int(rng.integers(40, 96)),
                                 "" if not sworn or rng.random() < 0.4 else int(rng.integers(35, 75))))
                if rng.random() < 0.1:
                    lo = rand_day(rng, dt.date(2027, 1, 15), dt.date(2027, 11, 15))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(2, 25)))).isoformat(),
                                 str(rng.choice(["年休假", "病假", "省厅执法培训", "抽调冬季供热专班"]))))
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
    rows = []
    for k, (i, day, outcome, fixed, ag, team) in enumerate(sorted(b.checks, key=lambda c: (c[1], c[0], c[4], c[2]))):
        pair = sorted(int(x) for x in rng.choice(4, size=2, replace=False))
        rows.append((f"QQ{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4]))]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"QQT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[4])))]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0]))]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))], str(rng.choice(["配偶持股", "近三年曾在该企业任职"])))
           for _ in range(max(4, len(ids) // 250))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # 2027 调休
    policy = {"year": PLAN_YEAR, "seed": f"qiqihar-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 22])
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
