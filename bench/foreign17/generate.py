"""A seventeenth held-out bureau generator (issue 9) · 第十七套独立生成的住建/城管执法局（洛阳）.

Written from the contract (/work/shared/spec/bundle.md, rules.md) and the harness's interface
(bench/foreign2/run.py ``use_generator``) without reading the product's code; only the file-writing mechanics
follow bench/foreign16/generate.py. Judged as a black box by ``bench/foreign2/run.py --generator bench/foreign17``.

Every bureau is the city of 洛阳 (410302 老城区, 410303 西工区, 410304 瀍河回族区, 410305 涧西区, 410307 偃师区,
410311 洛龙区; city-level teams 410300), plan year 2027, registers 2024-01-01 .. 2026-12-31 (some credit records,
grades and triggers are dated in January 2027: the bundle is uploaded mid-January). Each firm has a hidden logit per
month (2024-01 .. 2027-12); a site check finds a violation with that month's chance times how hard the team looks.
``truth.csv`` beside the bundle holds ``p_violation``: the mean over 2027's twelve months of the chance.

Families (bench/foreign17/README.md tells each story in full):

* ``old_estates`` 老旧小区改造 — builders in the renovation programme; risk from hidden subcontracting depth and
  from overstretch (lots won vs size); lots for 2027 announced by 开工备案 filings in late 2026. Resident complaints
  follow noise/volume, not risk. Grade: annual in mid-January from last year's bad records and findings (the 2027
  one dated 2027-01-14).
* ``property_fees`` 物业服务 — property firms whose fee collection drifts (a per-firm slope), handover neglect by firms
  filing 项目退出 in Q4 2026; complaints informative but scaled by district complaint culture and size. Grade: July
  satisfaction survey, gamed by a share of the worst firms.
* ``concrete_labs`` 预拌混凝土与检测 — hidden plant–lab collusion (fake strength reports) hidden from ordinary checks;
  a mid-2026 cement price spike hurts thin-margin small firms. Production-data alarms scale with volume (large, safe
  plants). Grade: once, April 2024, stale. A January 2027 special campaign writes bad/serious records dated 2027.
* ``gas_campaign`` 燃气安全专项整治 — a 2024 campaign inspects almost everyone (rich old history, thin recent); risk
  is habit, leak-alarm installation and a campaign effect that fades. Good records follow rectified violations.
  NO GRADES.
* ``licence_renting`` 资质挂靠/挂证 — office firms (design, supervision) renting certificates: headcount low for the
  size class, employees often blank; 人员变更 requests and 社保比对 alarms (from July 2025) are the signal; rarely
  inspected. Grade: from the worst outcome of that year's inspections only (sparse).
* ``district_brigades`` 城管各区中队 — six district brigades of unequal rigour: lax districts record few findings,
  hand out good grades and 红旗 honours, and their firms are riskier; 洛龙区 gets a new chief in July 2026. Grade:
  half-yearly points from recorded findings. City 12319 complaints are district-neutral and informative.
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
FAMILIES = ("old_estates", "property_fees", "concrete_labs", "gas_campaign", "licence_renting", "district_brigades")

CITY = "410300"
DISTRICTS = {"410302": "老城区", "410303": "西工区", "410304": "瀍河回族区", "410305": "涧西区", "410307": "偃师区",
             "410311": "洛龙区"}
_CENTRE = {"410302": (34.68, 112.47), "410303": (34.67, 112.43), "410304": (34.70, 112.50),
           "410305": (34.66, 112.39), "410307": (34.73, 112.79), "410311": (34.62, 112.46)}
_STREETS = {"410302": ("西南隅街道", "东南隅街道", "邙山街道", "洛浦街道"),
            "410303": ("王城路街道", "金谷园街道", "汉屯路街道", "凯旋东路街道", "红山街道"),
            "410304": ("东关街道", "瀍西街道", "塔湾街道", "北窑街道"),
            "410305": ("重庆路街道", "天津路街道", "长春路街道", "武汉路街道", "湖北路街道", "工农街道"),
            "410307": ("首阳山街道", "商城街道", "槐新街道", "岳滩镇", "顾县镇", "翟镇镇"),
            "410311": ("开元路街道", "关林街道", "安乐镇", "李楼镇", "龙门镇", "太康东路街道")}
_ROADS = ("中州路", "九都路", "开元大道", "王城大道", "西苑路", "南昌路", "凯旋路", "唐宫路", "定鼎路", "牡丹大道",
          "龙门大道", "太康路", "古城路", "启明路")
AGENCIES = {"ly-js": "洛阳市住房和城乡建设局", "ly-cg": "洛阳市城市管理局（综合行政执法支队）",
            "ly-aj": "洛阳市建设工程质量安全监督站", "ly-rq": "洛阳市燃气热力管理中心", "ly-wy": "洛阳市物业服务管理中心"}
HOME = {"construction": "ly-aj", "real_estate": "ly-js", "property_mgmt": "ly-wy", "gas": "ly-rq",
        "supervision": "ly-js", "survey_design": "ly-js", "testing": "ly-aj", "ready_mix": "ly-aj",
        "municipal": "ly-cg", "other": "ly-cg"}
_ALL = ";".join(SECTORS)
ITEMS = (
    ("LY-JS-01", "ly-js", "建筑市场主体资质及执业注册人员到岗履职检查", "《中华人民共和国建筑法》；《注册建造师管理规定》", _ALL,
     "true"),
    ("LY-JS-02", "ly-js", "勘察设计质量及施工图审查执行情况检查", "《建设工程勘察设计管理条例》",
     "survey_design;supervision;real_estate", "true"),
    ("LY-AJ-01", "ly-aj", "在建工程质量安全监督检查", "《建设工程质量管理条例》；《建设工程安全生产管理条例》",
     "construction;municipal;supervision;ready_mix;testing;real_estate", "false"),
    ("LY-AJ-02", "ly-aj", "预拌混凝土及检测机构质量行为检查", "《建设工程质量检测管理办法》；《河南省预拌混凝土管理办法》",
     "ready_mix;testing;construction", "true"),
    ("LY-WY-01", "ly-wy", "物业服务质量及收费行为检查", "《物业管理条例》；《河南省物业管理条例》",
     "property_mgmt;real_estate;other", "true"),
    ("LY-RQ-01", "ly-rq", "燃气经营及用气场所安全检查", "《城镇燃气管理条例》；《河南省城镇燃气管理办法》",
     "gas;other;property_mgmt;municipal", "true"),
    ("LY-CG-01", "ly-cg", "施工扬尘、渣土运输及占道经营执法检查", "《中华人民共和国大气污染防治法》；《洛阳市城市市容和环境卫生管理条例》",
     _ALL, "false"),
)
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_W1 = ("河洛", "洛浦", "龙门", "白马", "邙山", "伊滨", "牡丹", "天堂", "应天", "定鼎", "周王", "二里头", "嵩县", "涧河",
       "洛神", "古都", "明堂", "丽景")
_W2 = ("宏", "鑫", "华", "兴", "瑞", "正", "信", "隆", "安", "达", "丰", "建", "博", "盛")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "置业有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限公司", "supervision": "工程管理咨询有限公司", "survey_design": "勘察设计研究院有限公司",
           "testing": "建设工程检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "市政工程有限公司",
           "other": "餐饮服务部"}
_HEADS = {"micro": (2, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 2500)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
UPLOAD = dt.date(PLAN_YEAR, 1, 20)  # the bundle is exported in January: records up to here are in it
FIRST = dt.date(2024, 1, 1)
M = 48  # months 2024-01 .. 2027-12
YEARS = (2024, 2025, 2026)
T = np.arange(M)
CAL_MONTH = T % 12 + 1


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
    return np.array([table.get(str(v), default) for v in values], float)


def months(*cal: int) -> np.ndarray:
    """(1, 48) mask of the given calendar months."""
    return np.isin(CAL_MONTH, cal)[None, :].astype(float)


def from_month(m: int) -> np.ndarray:
    return (m <= T)[None, :].astype(float)


def wander(rng: np.random.Generator, n: int, sd: float, phi: float = 0.85) -> np.ndarray:
    """AR(1) month-to-month wander with stationary sd ``sd``."""
    e = np.zeros((n, M))
    e[:, 0] = rng.normal(0, sd, n)
    step = sd * np.sqrt(1 - phi ** 2)
    for t in range(1, M):
        e[:, t] = phi * e[:, t - 1] + rng.normal(0, step, n)
    return e


def by_rank(score: np.ndarray, shares: tuple[float, float, float, float]) -> np.ndarray:
    """A..D by rank of ``score`` (lowest = A) in the given shares."""
    q = (np.argsort(np.argsort(score, kind="stable"), kind="stable") + 0.5) / max(len(score), 1)
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(np.cumsum(shares)[:3], q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             monitored: dict[str, float] | Callable[[np.ndarray, np.ndarray], np.ndarray],
             districts: dict[str, float] | None = None) -> pd.DataFrame:
    """检查对象名录库 of n firms, optional cells sometimes blank."""
    dw = districts or {"410302": 0.12, "410303": 0.17, "410304": 0.10, "410305": 0.22, "410307": 0.14,
                       "410311": 0.25}
    sector = pick(rng, sectors, n)
    size = pick(rng, sizes, n)
    district = pick(rng, dw, n)
    lo = np.array([_HEADS[s][0] for s in size], float)
    hi = np.array([_HEADS[s][1] for s in size], float)
    heads = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))).astype(int)
    age = 0.3 + rng.gamma(2.0, 5.0, n)
    ids, names, est, addr = [], [], [], []
    seen: set[str] = set()
    taken: set[str] = set()
    for i in range(n):
        code = ""
        while not code or code in seen:
            head = "92" if sector[i] == "other" and rng.random() < 0.6 else "91"
            code = uscc(head + district[i] + "".join(rng.choice(list(_CHARS), size=9)))
        seen.add(code)
        ids.append(code)
        name = f"洛阳{_W1[rng.integers(len(_W1))]}{_W2[rng.integers(len(_W2))]}{_SUFFIX[sector[i]]}"
        k, base = 1, name
        while name in taken:
            k += 1
            name = f"{base[:-4]}第{k}分公司" if base.endswith("有限公司") else f"{base}（{k}）"
        taken.add(name)
        names.append(name)
        est.append("" if rng.random() < 0.06 else (JAN1 - dt.timedelta(days=int(age[i] * 365.25))).isoformat())
        street = _STREETS[district[i]][int(rng.integers(len(_STREETS[district[i]])))]
        addr.append("" if rng.random() < 0.08 else
                    f"河南省洛阳市{DISTRICTS[district[i]]}{street}{_ROADS[rng.integers(len(_ROADS))]}"
                    f"{int(rng.integers(1, 700))}号")
    lat = np.array([_CENTRE[d][0] for d in district]) + rng.normal(0, 0.03, n)
    lon = np.array([_CENTRE[d][1] for d in district]) + rng.normal(0, 0.04, n)
    no_geo = rng.random(n) < 0.2
    pm = monitored(sector, size) if callable(monitored) else per(sector, monitored, 0.02)
    return pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": np.where(rng.random(n) < 0.1, "", heads.astype(str)), "established_on": est,
        "address": addr, "lat": np.where(no_geo, "", np.char.mod("%.5f", lat)),
        "lon": np.where(no_geo, "", np.char.mod("%.5f", lon)),
        "remote_monitoring": rng.random(n) < pm})


def volume(f: pd.DataFrame) -> np.ndarray:
    """Business volume relative to a small firm."""
    return per(f["size"].to_numpy(), {"micro": 0.35, "small": 1.0, "medium": 2.5, "large": 5.0})


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

    def alive(self, i: int, day: dt.date, until: dt.date = JAN1) -> bool:
        return FIRST <= day < until and month_of(day) >= self.since[i]

    def p(self, year: int) -> np.ndarray:
        k = (year - 2024) * 12
        return sig(self.z[:, k:k + 12]).mean(axis=1)

    def inspect(self, rng: np.random.Generator, i: int, day: dt.date, agency: str = "", eye: float = 1.0) -> None:
        if not self.alive(i, day):
            return
        p = min(0.97, float(sig(self.z[i, month_of(day)])) * eye)
        if rng.random() < p:
            outcome = "serious" if rng.random() < 0.05 + 0.3 * p else "violation"
            if (JAN1 - day).days < 40 and rng.random() < 0.75:
                fixed = ""  # 整改期限 not over at the export
            elif rng.random() < 0.06:
                fixed = ""  # never filled in
            else:
                fixed = "true" if rng.random() < 0.9 - 0.55 * p else "false"
        else:
            outcome, fixed = ("minor" if rng.random() < 0.1 + 0.6 * p else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency or str(self.home[i])))

    def sample(self, rng: np.random.Generator, share: np.ndarray | float, year: int, agency: str = "",
               eye: np.ndarray | float = 1.0, lo: tuple[int, int] = (3, 1), hi: tuple[int, int] = (12, 15)) -> None:
        """One routine round in ``year``: each firm checked with chance ``share``."""
        s = np.broadcast_to(np.asarray(share, float), (self.n,))
        e = np.broadcast_to(np.asarray(eye, float), (self.n,))
        for i in np.flatnonzero(rng.random(self.n) < s):
            day = rand_day(rng, dt.date(year, *lo), dt.date(year, *hi))
            self.inspect(rng, int(i), day, agency, float(e[i]))

    def trigger(self, rng: np.random.Generator, i: int, day: dt.date, kind: str, agency: str = "",
                urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0) -> None:
        if not self.alive(i, day, UPLOAD):
            return
        ag = agency or str(self.home[i])
        self.triggers.append((i, day, kind, bool(rng.random() < urgent), ag))
        if rng.random() < follow:
            self.inspect(rng, i, day + dt.timedelta(days=int(rng.integers(1, 15))), ag, eye)

    def poisson(self, rng: np.random.Generator, rate: np.ndarray | float, lo: dt.date, hi: dt.date, kind: str,
                agency: str = "", urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0) -> None:
        k = rng.poisson(np.maximum(np.broadcast_to(np.asarray(rate, float), (self.n,)), 0.0))
        for i in np.flatnonzero(k):
            for _ in range(int(k[i])):
                self.trigger(rng, int(i), rand_day(rng, lo, hi), kind, agency, urgent, follow, eye)

    def each_year(self, rng: np.random.Generator, rate: Callable[[int], np.ndarray], kind: str, agency: str = "",
                  urgent: float = 0.05, follow: float = 0.0, eye: float = 1.0, start: dt.date = FIRST,
                  january: bool = True) -> None:
        """Yearly Poisson streams 2024-2026 (from ``start``) and, if ``january``, the first weeks of 2027."""
        spans = [(dt.date(y, 1, 1), dt.date(y, 12, 31), rate(y), 1.0) for y in YEARS]
        if january:
            spans.append((JAN1, UPLOAD - dt.timedelta(days=1), rate(2027), 19 / 365))
        for lo, hi, r, frac in spans:
            lo = max(lo, start)
            if lo >= hi:
                continue
            self.poisson(rng, r * frac * (hi - lo).days / 364, lo, hi, kind, agency, urgent, follow, eye)

    def records_from_findings(self, rng: np.random.Generator, p_bad: float, p_sd: float, note_bad: str,
                              note_sd: str, keep_days: tuple[int, int] = (180, 1095), p_repair: float = 0.25,
                              district_factor: np.ndarray | None = None) -> None:
        """行政处罚 → 不良信用信息 (expiring), a serious one sometimes → 严重失信; some firms later repair."""
        fac = np.ones(self.n) if district_factor is None else district_factor
        for i, day, outcome, fixed, _ag in self.checks:
            if outcome not in ("violation", "serious"):
                continue
            rec = day + dt.timedelta(days=int(rng.integers(20, 75)))
            if rec >= UPLOAD:
                continue
            if outcome == "serious" and rng.random() < p_sd * fac[i]:
                self.records.append((i, rec, "serious_dishonest", rec + dt.timedelta(days=1095), note_sd))
                if fixed == "true" and rng.random() < p_repair:
                    rd = rec + dt.timedelta(days=int(rng.integers(200, 500)))
                    if rd < UPLOAD:
                        self.records.append((i, rd, "repair", None, "信用修复（严重失信移出）"))
            elif rng.random() < p_bad * fac[i]:
                keep = int(rng.integers(keep_days[0], keep_days[1] + 1))
                blank = rng.random() < 0.1  # 到期日未录入
                self.records.append((i, rec, "bad", None if blank else rec + dt.timedelta(days=keep), note_bad))
                if fixed == "true" and rng.random() < p_repair:
                    rd = rec + dt.timedelta(days=int(rng.integers(90, 400)))
                    if rd < UPLOAD:
                        self.records.append((i, rd, "repair", None, "信用修复"))

    def honour(self, rng: np.random.Generator, p_good: np.ndarray | float, p_comm: np.ndarray | float,
               good: str, comm: str, years: tuple[int, ...] = YEARS) -> None:
        pg = np.broadcast_to(np.asarray(p_good, float), (self.n,))
        pc = np.broadcast_to(np.asarray(p_comm, float), (self.n,))
        for y in years:
            for i in np.flatnonzero(rng.random(self.n) < pg):
                d = rand_day(rng, dt.date(y, 3, 1), dt.date(y, 12, 20))
                if self.alive(int(i), d):
                    self.records.append((int(i), d, "good", None if rng.random() < 0.3 else
                                         d + dt.timedelta(days=1095), good))
            for i in np.flatnonzero(rng.random(self.n) < pc):
                d = rand_day(rng, dt.date(y, 1, 10), dt.date(y, 12, 10))
                if self.alive(int(i), d):
                    self.records.append((int(i), d, "commendation", d + dt.timedelta(days=1095), comm))

    def grade(self, day: dt.date, who: np.ndarray, score: np.ndarray, shares: tuple[float, float, float, float]) -> None:
        """Publish grades on ``day`` for the firms in ``who`` (bool), ranked by ``score`` (low = A)."""
        assert self.grades is not None
        who = who & (self.since <= month_of(day))
        idx = np.flatnonzero(who)
        if len(idx) == 0:
            return
        for i, g in zip(idx, by_rank(score[idx], shares), strict=True):
            self.grades.append((int(i), str(g), day))

    def found(self, lo: dt.date, hi: dt.date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per firm: checks, violation-or-serious findings, minor findings in [lo, hi)."""
        c, v, mi = np.zeros(self.n), np.zeros(self.n), np.zeros(self.n)
        for i, day, outcome, _f, _a in self.checks:
            if lo <= day < hi:
                c[i] += 1
                v[i] += outcome in ("violation", "serious")
                mi[i] += outcome == "minor"
        return c, v, mi

    def bad_count(self, lo: dt.date, hi: dt.date) -> np.ndarray:
        b = np.zeros(self.n)
        for i, day, kind, _e, _n in self.records:
            if lo <= day < hi and kind in ("bad", "serious_dishonest"):
                b[i] += 1 + (kind == "serious_dishonest")
        return b


def joined(rng: np.random.Generator, n: int, share: float) -> np.ndarray:
    return np.where(rng.random(n) < share, rng.integers(2, 35, n), -100)


# ------------------------------------------------------------------------------------------- families

def old_estates(rng: np.random.Generator, n: int) -> Bureau:
    """老旧小区改造: depth of subcontracting and overstretch; complaints follow noise; annual January grade."""
    f = register(rng, n, {"construction": 0.62, "municipal": 0.2, "supervision": 0.1, "other": 0.08},
                 {"micro": 0.2, "small": 0.45, "medium": 0.27, "large": 0.08},
                 {"construction": 0.35, "municipal": 0.25, "supervision": 0.05})
    vol = volume(f)
    sub = rng.beta(2.0, 3.0, n)  # share of work passed down to 劳务/包工头
    intensity = {2024: 0.5, 2025: 1.1, 2026: 1.7, 2027: 1.4}  # the programme's lots per firm-volume
    lots = {y: rng.poisson(vol * (0.4 + 1.3 * sub) * intensity[y]) for y in (2024, 2025, 2026, 2027)}
    stretch = np.zeros((n, M))
    for y in (2024, 2025, 2026, 2027):
        k = (y - 2024) * 12
        stretch[:, k:k + 12] = (np.log1p(lots[y]) - np.log1p(vol))[:, None]
    z = (-2.9 + 2.4 * (sub - 0.4)[:, None] + 0.55 * np.clip(stretch, -1, 3) + rng.normal(0, 0.45, n)[:, None]
         - 0.45 * months(12, 1, 2) + 0.2 * months(6, 7, 8, 9) + wander(rng, n, 0.2))
    b = Bureau(f, z, joined(rng, n, 0.07))
    for y in YEARS:
        b.sample(rng, 0.1, y, "ly-aj")
        for i in np.flatnonzero(lots[y]):  # each lot: 开工备案 and about 1.4 supervision visits
            for _ in range(int(lots[y][i])):
                start = rand_day(rng, dt.date(y, 3, 1), dt.date(y, 9, 30))
                b.trigger(rng, int(i), start - dt.timedelta(days=int(rng.integers(10, 40))), "enterprise_request",
                          "ly-js", urgent=0.0)
                for _ in range(int(rng.poisson(1.4))):
                    b.inspect(rng, int(i), start + dt.timedelta(days=int(rng.integers(10, 80))), "ly-aj")
    for i in np.flatnonzero(lots[2027]):  # 2027 lots filed Oct 2026 .. Jan 2027
        for _ in range(int(lots[2027][i])):
            b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 10, 8), dt.date(2027, 1, 18)), "enterprise_request",
                      "ly-js", urgent=0.0)
    b.each_year(rng, lambda y: 0.1 + 0.9 * lots[y] * (1.0 + 0.15 * rng.random(n)), "complaint", "ly-cg",
                urgent=0.04, follow=0.25)  # 扰民、噪声: volume, not risk
    b.poisson(rng, (lots[2026] > 0) * 0.9 * sub ** 1.5, dt.date(2026, 5, 1), dt.date(2026, 11, 30), "referral",
              "ly-js", urgent=0.3, follow=0.9)  # 审计 found split contracts
    b.each_year(rng, lambda y: 0.03, "referral", "ly-js", urgent=0.2, follow=0.5)
    mon = f["remote_monitoring"].to_numpy(bool)
    b.each_year(rng, lambda y: mon * (0.15 + 1.8 * b.p(y)), "data_monitoring", "ly-aj", urgent=0.3, follow=0.35)
    b.records_from_findings(rng, 0.55, 0.5, "建设工程质量安全行政处罚", "列入建筑市场主体严重失信名单")
    b.honour(rng, 0.05 + 0.1 * (sub < 0.25), 0.01 * (vol > 2), "老旧小区改造优质工程", "河南省建筑业优秀企业")
    for y in (2024, 2025, 2026, 2027):  # 建筑市场信用评价: mid-January, from last year's record
        _c, v, _m = b.found(dt.date(y - 1, 1, 1), dt.date(y, 1, 1))
        bad = b.bad_count(dt.date(y - 1, 1, 1), dt.date(y, 1, 1))
        score = 1.0 * bad + 0.6 * v + rng.normal(0, 0.7, n)
        b.grade(dt.date(y, 1, 14), np.ones(n, bool), score, (0.25, 0.45, 0.2, 0.1))
    return b


def property_fees(rng: np.random.Generator, n: int) -> Bureau:
    """物业服务: fee collection drifts; exits in Q4 2026; complaints by district culture; gamed July survey grade."""
    f = register(rng, n, {"property_mgmt": 0.85, "real_estate": 0.1, "other": 0.05},
                 {"micro": 0.25, "small": 0.45, "medium": 0.22, "large": 0.08},
                 {"property_mgmt": 0.3, "real_estate": 0.1})
    dist = f["district_code"].to_numpy()
    vol = volume(f)
    u = rng.normal(0, 0.8, n)
    slope = rng.normal(0.05, 0.4, n)  # per year: collection falling (positive) or recovering
    exiting = rng.random(n) < 0.08
    old = per(dist, {"410302": 0.35, "410304": 0.3, "410303": 0.15, "410305": 0.1}, -0.1)  # older estates
    z = (-2.6 + u[:, None] + slope[:, None] * (T / 12.0)[None, :] + old[:, None]
         + exiting[:, None] * (1.0 * (T >= 36) * (T < 42) + 0.5 * (T >= 42))[None, :]
         + 0.2 * months(11, 12, 1, 2, 3) + wander(rng, n, 0.25))
    b = Bureau(f, z, joined(rng, n, 0.06))
    culture = per(dist, {"410302": 2.0, "410304": 1.6, "410303": 1.2, "410305": 1.0, "410311": 0.6, "410307": 0.5})
    for y in YEARS:
        b.sample(rng, 0.2, y, "ly-wy", eye=0.8)
    b.each_year(rng, lambda y: culture * np.sqrt(vol) * (0.15 + 2.5 * b.p(y)), "complaint", "ly-wy", urgent=0.03,
                follow=0.2, eye=0.8)
    b.each_year(rng, lambda y: 0.3 * vol * b.p(y), "referral", "ly-wy", urgent=0.25, follow=0.7)  # 12345 转办
    mon = f["remote_monitoring"].to_numpy(bool)
    b.each_year(rng, lambda y: mon * 0.5 * vol, "data_monitoring", "ly-wy", urgent=0.4, follow=0.15)  # 电梯困人
    b.each_year(rng, lambda y: np.full(n, 0.2), "enterprise_request", "ly-wy", urgent=0.0, follow=0.05,
                january=False)  # 收费备案
    for i in np.flatnonzero(exiting):  # 项目退出备案
        for _ in range(1 + int(rng.integers(0, 3))):
            b.trigger(rng, int(i), rand_day(rng, dt.date(2026, 10, 1), dt.date(2027, 1, 15)), "enterprise_request",
                      "ly-wy", urgent=0.0)
    b.records_from_findings(rng, 0.5, 0.3, "物业服务违规行政处理", "列入物业服务企业黑名单", keep_days=(365, 730),
                            p_repair=0.3)
    b.honour(rng, 0.02, 0.02 * (vol > 2), "物业服务红榜企业", "洛阳市物业管理示范项目")
    gamer = rng.random(n) < 0.3
    for y in YEARS:  # July 业主满意度 survey; the worst third's gamers organise their own respondents
        pj = b.p(y)
        worst = pj > np.quantile(pj, 0.66)
        score = np.where(gamer & worst, -2.0 + rng.normal(0, 0.5, n), 4.0 * pj + rng.normal(0, 0.08, n))
        who = rng.random(n) < 0.85
        b.grade(dt.date(y, 7, 31), who, score, (0.2, 0.5, 0.22, 0.08))
        ids = [g for g in b.grades if g[2] == dt.date(y, 7, 31) and g[1] == "A"]
        for i, _g, d in ids:
            if rng.random() < 0.5:
                b.records.append((i, d + dt.timedelta(days=10), "good", d + dt.timedelta(days=375),
                                  "物业服务信用评价A级"))
    return b


def concrete_labs(rng: np.random.Generator, n: int) -> Bureau:
    """预拌混凝土/检测: hidden collusion, price spike mid-2026, volume-driven alarms, one stale grade, Jan-2027
    campaign records."""
    f = register(rng, n, {"ready_mix": 0.45, "testing": 0.35, "construction": 0.1, "supervision": 0.1},
                 {"micro": 0.1, "small": 0.4, "medium": 0.35, "large": 0.15},
                 lambda sec, size: per(size, {"micro": 0.05, "small": 0.25, "medium": 0.6, "large": 0.9})
                 * np.isin(sec, ["ready_mix", "testing"]) + 0.03)
    s = f["sector"].to_numpy()
    size = f["size"].to_numpy()
    vol = volume(f)
    core = np.isin(s, ["ready_mix", "testing"])
    collude = core & (rng.random(n) < 0.18)
    thin = np.clip(rng.beta(2, 2, n) + per(size, {"micro": 0.2, "small": 0.15, "large": -0.2}), 0, 1)
    spike = np.clip((T - 29) / 3.0, 0, 1)[None, :]  # cement price from June 2026
    z = (-2.8 + 1.4 * collude[:, None] + rng.normal(0, 0.6, n)[:, None] - per(size, {"large": 0.35,
                                                                                  "medium": 0.1})[:, None]
         + 1.5 * (thin - 0.5)[:, None] * spike + wander(rng, n, 0.2))
    b = Bureau(f, z, joined(rng, n, 0.05))
    eye = np.where(collude, 0.55, 1.0)  # the papers match: ordinary checks miss most of it
    for y in YEARS:
        b.sample(rng, np.where(core, 0.3, 0.1), y, "ly-aj", eye, lo=(3, 1), hi=(6, 30))
        b.sample(rng, np.where(core, 0.3, 0.1), y, "ly-aj", eye, lo=(8, 1), hi=(12, 10))
    mon = f["remote_monitoring"].to_numpy(bool)
    b.each_year(rng, lambda y: mon * (0.8 * vol + 1.2 * b.p(y)), "data_monitoring", "ly-aj", urgent=0.2,
                follow=0.25, eye=0.8)  # 生产数据 upload anomalies: mostly throughput
    b.each_year(rng, lambda y: 0.04 + 1.1 * collude * (y >= 2025), "referral", "ly-aj", urgent=0.3, follow=0.8,
                eye=1.3)  # 回弹/钻芯 on finished structures contradicts the lab's reports
    b.each_year(rng, lambda y: np.full(n, 0.1), "complaint", "ly-aj", urgent=0.02, follow=0.3)  # competitors
    b.each_year(rng, lambda y: 0.6 * core + 0.2, "enterprise_request", "ly-js", urgent=0.0, follow=0.05,
                january=False)  # 配合比/资质延续
    b.records_from_findings(rng, 0.6, 0.6, "预拌混凝土/检测质量行政处罚", "出具虚假检测报告，列入严重失信名单")
    b.honour(rng, 0.04 * (1 - thin), 0.015 * (vol > 2), "绿色预拌混凝土搅拌站", "河南省工程质量检测先进单位")
    who = rng.random(n) < 0.8  # 质量信用评价, once, on 2023's behaviour
    b.grade(dt.date(2024, 4, 30), who & core, b.p(2024) + rng.normal(0, 0.05, n), (0.3, 0.4, 0.2, 0.1))
    b.grade(dt.date(2024, 4, 30), who & ~core, rng.normal(0, 1, n), (0.4, 0.4, 0.15, 0.05))
    pj = sig(z[:, 36])  # January 2027 专项抽检: records dated in the plan year
    for i in np.flatnonzero(core & (rng.random(n) < 0.25)):
        if rng.random() < pj[i] * (2.0 if collude[i] else 1.0):
            d = rand_day(rng, dt.date(2027, 1, 4), dt.date(2027, 1, 18))
            if collude[i] and rng.random() < 0.5:
                b.records.append((int(i), d, "serious_dishonest", d + dt.timedelta(days=1095),
                                  "2027年1月专项抽检：检测数据造假"))
            else:
                b.records.append((int(i), d, "bad", d + dt.timedelta(days=365), "2027年1月专项抽检不合格"))
    return b


def gas_campaign(rng: np.random.Generator, n: int) -> Bureau:
    """燃气安全专项整治: 2024 blanket campaign, thin afterwards; leak alarms; no grades."""
    f = register(rng, n, {"gas": 0.45, "other": 0.35, "property_mgmt": 0.1, "municipal": 0.1},
                 {"micro": 0.5, "small": 0.35, "medium": 0.12, "large": 0.03},
                 {"gas": 0.45, "other": 0.3, "property_mgmt": 0.2, "municipal": 0.3})
    mon = f["remote_monitoring"].to_numpy(bool)
    s = f["sector"].to_numpy()
    habit = rng.normal(0, 0.9, n)
    fade = np.where(T < 6, 0.0, np.where(T < 30, -0.6 * (1 - (T - 6) / 24.0), 0.0))[None, :]
    z = (-2.5 + habit[:, None] - 0.6 * mon[:, None] + fade + 0.5 * months(12, 1, 2) + 0.2 * months(11, 3)
         + 0.3 * (s == "other")[:, None] + wander(rng, n, 0.25))
    b = Bureau(f, z, joined(rng, n, 0.1))
    b.sample(rng, 0.8, 2024, "ly-rq", 1.2, lo=(4, 1), hi=(9, 30))
    b.sample(rng, 0.3, 2024, "ly-cg", 1.0, lo=(5, 1), hi=(10, 31))
    for y in (2025, 2026):
        b.sample(rng, 0.08, y, "ly-rq")
    b.each_year(rng, lambda y: mon * (0.3 + 3.0 * b.p(y)), "data_monitoring", "ly-rq", urgent=0.5, follow=0.4)
    b.each_year(rng, lambda y: np.full(n, 0.1), "referral", "ly-rq", urgent=0.3, follow=0.6)  # 消防 移交, at random
    b.each_year(rng, lambda y: 0.05 + 0.4 * b.p(y), "complaint", "ly-rq", urgent=0.1, follow=0.3)
    b.each_year(rng, lambda y: np.full(n, 0.4), "enterprise_request", "ly-rq", urgent=0.0, follow=0.02)  # 开户/改管
    b.records_from_findings(rng, 0.7, 0.4, "燃气安全行政处罚", "列入燃气行业严重失信名单", keep_days=(180, 365),
                            p_repair=0.6)
    for i, day, outcome, fixed, _a in list(b.checks):  # 整改验收合格 → 良好信用
        if outcome in ("violation", "serious") and fixed == "true" and rng.random() < 0.5:
            d = day + dt.timedelta(days=int(rng.integers(30, 120)))
            if d < JAN1:
                b.records.append((i, d, "good", d + dt.timedelta(days=1095), "隐患整改验收合格"))
    b.honour(rng, 0.01, 0.01 * mon, "燃气安全示范单位", "洛阳市燃气安全工作先进集体")
    b.grades = None
    return b


def licence_renting(rng: np.random.Generator, n: int) -> Bureau:
    """挂证: thin office head count, personnel-change requests, 社保比对 alarms from July 2025; sparse
    inspection-derived grades."""
    f = register(rng, n, {"survey_design": 0.45, "supervision": 0.35, "testing": 0.1, "real_estate": 0.1},
                 {"micro": 0.3, "small": 0.45, "medium": 0.2, "large": 0.05},
                 {"testing": 0.2, "supervision": 0.05})
    size = f["size"].to_numpy()
    rent = rng.beta(1.2, 4.0, n)
    lo = np.array([_HEADS[x][0] for x in size], float)
    hi = np.array([_HEADS[x][1] for x in size], float)
    heads = np.round(lo * 0.6 + (hi - lo) * rng.beta(1.5, 2.0, n) * (1 - 0.9 * rent)).astype(int)
    emp = np.where(rng.random(n) < 0.05 + 0.4 * rent, "", heads.astype(str))
    f["employees"] = emp
    z = -2.7 + 1.8 * rent[:, None] * 2 - 0.5 + rng.normal(0, 0.5, n)[:, None] + wander(rng, n, 0.2)
    b = Bureau(f, z, joined(rng, n, 0.08))
    for y in YEARS:
        b.sample(rng, 0.06, y, "ly-js", eye=0.7)
    b.each_year(rng, lambda y: 0.3 + 2.0 * rent, "enterprise_request", "ly-js", urgent=0.0, follow=0.02)  # 人员变更
    b.each_year(rng, lambda y: 1.4 * rent ** 1.5, "data_monitoring", "ly-js", urgent=0.1, follow=0.3,
                start=dt.date(2025, 7, 1))  # 社保比对
    b.each_year(rng, lambda y: 0.35 * rent, "referral", "ly-js", urgent=0.1, follow=0.7)  # 外省协查函
    b.each_year(rng, lambda y: np.full(n, 0.03), "complaint", "ly-js", urgent=0.05, follow=0.4)
    b.records_from_findings(rng, 0.8, 0.5, "注册执业人员不在岗/资质挂靠行政处罚", "资质挂靠，列入严重失信名单")
    vol = volume(f)
    b.honour(rng, 0.0, 0.03 * (vol > 2), "", "河南省优秀勘察设计奖")
    signed = rng.random(n) < 0.4
    for i in np.flatnonzero(signed):  # 信用承诺书, good record with no expiry
        d = rand_day(rng, dt.date(2024, 2, 1), dt.date(2024, 6, 30))
        if b.alive(int(i), d):
            b.records.append((int(i), d, "good", None, "签署信用承诺书"))
    assert b.grades is not None
    rank = {"compliant": 0, "minor": 1, "violation": 2, "serious": 3}
    for y in YEARS:  # the platform rates only firms inspected that year, by their worst outcome
        worst: dict[int, int] = {}
        for i, day, outcome, _f, _a in b.checks:
            if day.year == y:
                worst[i] = max(worst.get(i, 0), rank[outcome])
        for i, w in sorted(worst.items()):
            b.grades.append((i, "ABCD"[w], dt.date(y, 12, 28)))
    return b


def district_brigades(rng: np.random.Generator, n: int) -> Bureau:
    """城管各区中队: unequal rigour; lax districts riskier and better graded; 洛龙 new chief July 2026."""
    f = register(rng, n, {"construction": 0.3, "municipal": 0.25, "other": 0.25, "real_estate": 0.1,
                          "property_mgmt": 0.1},
                 {"micro": 0.3, "small": 0.4, "medium": 0.22, "large": 0.08},
                 {"construction": 0.4, "municipal": 0.4, "other": 0.05})
    dist = f["district_code"].to_numpy()
    vol = volume(f)
    rigour = per(dist, {"410302": 1.2, "410303": 1.0, "410304": 0.9, "410305": 1.1, "410307": 0.35, "410311": 0.5})
    luolong = dist == "410311"
    chief = from_month(30) * luolong[:, None]  # July 2026
    eye_t = rigour[:, None] + chief * (1.3 - 0.5)
    deter = -0.6 * np.clip((T - 32) / 4.0, 0, 1)[None, :] * luolong[:, None]
    z = (-2.7 + 0.9 * (1 - rigour)[:, None] + rng.normal(0, 0.75, n)[:, None] + deter
         + 0.15 * np.log(vol)[:, None] + 0.25 * months(4, 5, 6, 7, 8, 9) + wander(rng, n, 0.25))
    b = Bureau(f, z, joined(rng, n, 0.08))
    for y in YEARS:
        for i in np.flatnonzero(rng.random(n) < 0.25):
            d = rand_day(rng, dt.date(y, 3, 1), dt.date(y, 12, 15))
            b.inspect(rng, int(i), d, "ly-cg", float(eye_t[i, month_of(d)]))
    if True:  # the new chief's autumn sweep in 洛龙
        for i in np.flatnonzero(luolong & (rng.random(n) < 0.4)):
            d = rand_day(rng, dt.date(2026, 8, 1), dt.date(2026, 11, 30))
            b.inspect(rng, int(i), d, "ly-cg", 1.3)
    b.each_year(rng, lambda y: vol ** 0.5 * (0.1 + 1.5 * b.p(y)), "complaint", "ly-cg", urgent=0.05, follow=0.3)
    b.each_year(rng, lambda y: (y >= 2025) * (rigour < 0.6) * (0.05 + 0.8 * b.p(y)), "referral", "ly-cg",
                urgent=0.2, follow=0.8, eye=1.2)  # 市督查 in the lax districts
    mon = f["remote_monitoring"].to_numpy(bool)
    b.each_year(rng, lambda y: mon * (0.2 + 2.0 * b.p(y)), "data_monitoring", "ly-cg", urgent=0.25, follow=0.3)
    b.each_year(rng, lambda y: 0.3 * vol, "enterprise_request", "ly-cg", urgent=0.0, follow=0.03)  # 占道/夜间施工
    b.records_from_findings(rng, 0.6, 0.45, "城市管理行政处罚", "列入城市管理领域严重失信名单",
                            district_factor=np.clip(rigour, 0.3, 1.0))
    b.honour(rng, 0.02 + 0.12 * (rigour < 0.6), 0.01, "门前三包红旗单位", "洛阳市市容环境卫生先进单位")
    for y in YEARS:
        for _half, day in ((1, dt.date(y, 6, 30)), (2, dt.date(y, 12, 31))):
            _c, v, mi = b.found(day - dt.timedelta(days=365), day)
            bad = b.bad_count(day - dt.timedelta(days=365), day)
            pts = 3 * v + mi + 2 * bad + rng.normal(0, 0.3, n)
            b.grade(day, rng.random(n) < 0.9, pts, (0.45, 0.35, 0.13, 0.07))
    return b


_BUILD: dict[str, Callable[[np.random.Generator, int], Bureau]] = {
    "old_estates": old_estates, "property_fees": property_fees, "concrete_labs": concrete_labs,
    "gas_campaign": gas_campaign, "licence_renting": licence_renting, "district_brigades": district_brigades}


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
                officers.append((oid, f"{DISTRICTS.get(d, '市本级')}{ag[3:]}队员{k:02d}", team, role,
                                 f"豫{int(rng.integers(10**7, 10**8))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2032))}-{int(rng.integers(1, 13)):02d}-15" if sworn else "",
                                 "" if rng.random() < 0.12 else int(rng.integers(30, 100)),
                                 "" if not sworn or rng.random() < 0.5 else int(rng.integers(30, 80))))
                if rng.random() < 0.15:
                    lo = rand_day(rng, dt.date(2027, 1, 10), dt.date(2027, 11, 20))
                    away.append((oid, lo.isoformat(), (lo + dt.timedelta(days=int(rng.integers(1, 30)))).isoformat(),
                                 str(rng.choice(["年休假", "病假", "省厅执法培训", "借调市督查组"]))))
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
    dist = f["district_code"].to_numpy()
    rows = []
    for k, (i, day, outcome, fixed, ag) in enumerate(sorted(b.checks, key=lambda c: (c[1], c[0], c[2], c[4]))):
        if not FIRST <= day < JAN1:
            continue
        team = f"{ag}-{dist[i] if rng.random() < 0.75 else CITY}"
        pair = sorted(int(x) for x in rng.choice(4, size=2, replace=False))
        rows.append((f"LY{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(b.records, key=lambda r: (r[1], r[0], r[2], r[4]))
            if FIRST <= d < UPLOAD]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"LYT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(b.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if FIRST <= d < UPLOAD]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if b.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(b.grades, key=lambda r: (r[2], r[0])) if d < UPLOAD]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))],
            str(rng.choice(["配偶在该企业任职", "曾为该企业提供咨询服务", "与法定代表人有近亲属关系"])))
           for _ in range(max(5, len(ids) // 250))]
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
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 17])
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
