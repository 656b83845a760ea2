"""bench/foreign46: six independently written families of Taiyuan (太原) enforcement bureaus, plan year 2027.

Each family is a different, plausible reason why an enterprise's violation risk differs; the bundle shows the
bureau's registers and three years of history (2024-01-01 .. 2026-12-31), and ``truth.csv`` holds the hidden
p_violation for the plan year (mean over its 12 months of the monthly violation probability).

    python bench/foreign46/generate.py FAMILY N SEED OUTDIR   ->  OUTDIR/bundle/, OUTDIR/truth.csv

Deterministic in (family, n, seed). No Faker: names, addresses and officers are built from fixed tables.
See README.md for what drives risk in each family and what the bundle shows and hides.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

PLAN_YEAR = 2027
SECTORS = ("construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing",
           "ready_mix", "municipal", "other")
SIZES = ("micro", "small", "medium", "large")
FAMILIES = ("gas_cylinder_iot", "sites_completion_rush", "property_complaint_size", "lab_lenient_agencies",
            "demolition_newcomers", "developer_stale_grades")

JAN1 = dt.date(PLAN_YEAR, 1, 1)
FIRST = dt.date(2024, 1, 1)
M, HIST = 48, 36  # months 2024-01 .. 2027-12; history is the first 36

CITY = "140100"
DISTRICTS = {"140105": "小店区", "140106": "迎泽区", "140107": "杏花岭区", "140108": "尖草坪区", "140109": "万柏林区",
             "140110": "晋源区", "140121": "清徐县", "140122": "阳曲县", "140123": "娄烦县", "140181": "古交市"}
OUTER = ("140108", "140110", "140121", "140122", "140123", "140181")  # 城乡结合部 and counties
_CENTRE = {"140105": (37.74, 112.57), "140106": (37.86, 112.57), "140107": (37.89, 112.57),
           "140108": (37.94, 112.49), "140109": (37.86, 112.50), "140110": (37.72, 112.48),
           "140121": (37.61, 112.36), "140122": (38.06, 112.67), "140123": (38.07, 111.79),
           "140181": (37.91, 112.17)}
_ROADS = ("长风街", "迎泽大街", "并州路", "体育路", "南内环街", "建设路", "学府街", "千峰路", "滨河东路", "和平路",
          "北中环街", "许坦街", "晋祠路", "坞城路", "胜利街", "五一路")

AGENCIES = {"ty-zjj": "太原市住房和城乡建设局", "ty-zaz": "太原市建设工程质量安全监督站",
            "ty-cgj": "太原市城市管理局", "ty-zfj": "太原市城市管理综合行政执法局"}
ITEMS = (
    ("TY-ZJ-01", "ty-zjj", "建筑市场主体资质资格及市场行为检查", "《中华人民共和国建筑法》；《建筑业企业资质管理规定》",
     "construction;municipal;supervision;survey_design;testing;ready_mix;real_estate", "true"),
    ("TY-ZJ-02", "ty-zjj", "房地产开发经营及商品房预售资金监管检查",
     "《中华人民共和国城市房地产管理法》；《城市房地产开发经营管理条例》", "real_estate", "false"),
    ("TY-ZJ-03", "ty-zjj", "物业服务活动及专项维修资金使用检查", "《物业管理条例》；《山西省物业管理条例》",
     "property_mgmt", "true"),
    ("TY-ZA-01", "ty-zaz", "房屋建筑和市政基础设施工程质量安全监督检查",
     "《建设工程质量管理条例》；《建设工程安全生产管理条例》", "construction;municipal;supervision;ready_mix", "false"),
    ("TY-ZA-02", "ty-zaz", "建设工程质量检测机构及预拌混凝土质量检查", "《建设工程质量检测管理办法》",
     "testing;ready_mix", "false"),
    ("TY-ZA-03", "ty-zaz", "勘察设计质量检查", "《建设工程勘察设计管理条例》", "survey_design;supervision", "true"),
    ("TY-CG-01", "ty-cgj", "燃气经营许可及瓶装液化石油气经营安全检查", "《城镇燃气管理条例》；《山西省燃气管理条例》",
     "gas;property_mgmt;other", "true"),
    ("TY-CG-02", "ty-cgj", "建筑垃圾处置及运输管理检查", "《城市建筑垃圾管理规定》；《太原市建筑垃圾管理条例》",
     "construction;municipal;other", "false"),
    ("TY-ZF-01", "ty-zfj", "违法建设、施工扬尘综合执法检查", "《中华人民共和国城乡规划法》；《中华人民共和国大气污染防治法》",
     "construction;real_estate;municipal;other", "false"),
    ("TY-ZF-02", "ty-zfj", "住宅室内装饰装修及物业领域违法行为执法检查", "《住宅室内装饰装修管理办法》；《物业管理条例》",
     "property_mgmt;other", "false"),
)
# which agencies' lists hold items for a sector
AG_OF = {s: tuple(sorted({a for _, a, _, _, secs, _ in ITEMS if s in secs.split(";")})) for s in SECTORS}

_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_B1 = ("晋", "并", "龙", "汾", "华", "恒", "鑫", "泰", "盛", "宏", "安", "德", "中", "远", "瑞", "嘉", "通", "源", "鼎",
       "博", "兴", "隆", "昌", "顺", "建", "宇", "正", "信", "金", "天", "三晋", "龙城", "晋阳", "汾河", "迎泽", "双塔",
       "太行", "吕梁", "晋祠", "锦绣")
_B2 = ("达", "源", "盛", "通", "宇", "华", "安", "森", "坤", "诚", "晟", "丰", "鸿", "润", "邦", "辰", "阳", "鑫", "泰",
       "峰", "程", "业", "基", "创", "成")
_SUFFIX = {"construction": "建筑工程有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业管理有限公司",
           "gas": "燃气有限公司", "supervision": "工程监理有限公司", "survey_design": "勘察设计有限公司",
           "testing": "建设工程检测有限公司", "ready_mix": "商品混凝土有限公司", "municipal": "市政工程有限公司",
           "other": "建设服务有限公司"}
_HEADS = {"micro": (2, 10), "small": (10, 100), "medium": (100, 300), "large": (300, 2500)}


def uscc(first17: str) -> str:
    """统一社会信用代码 with its GB 32100-2015 check character."""
    total = sum(_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + _CHARS[(31 - total % 31) % 31]


def sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def midx(d: dt.date) -> int:
    return (d.year - 2024) * 12 + d.month - 1


def mday(rng: np.random.Generator, m: int) -> dt.date:
    return dt.date(2024 + m // 12, m % 12 + 1, int(rng.integers(1, 29)))


def plus(d: dt.date, days: int) -> dt.date:
    return d + dt.timedelta(days=int(days))


MONTH_OF = np.arange(M) % 12 + 1  # calendar month of each month index
WINTER = np.isin(MONTH_OF, (11, 12, 1, 2)).astype(float)


def quantile_grade(score: np.ndarray, shares=(0.25, 0.5, 0.18, 0.07)) -> np.ndarray:
    """A/B/C/D by rank of score (higher = worse) in the given shares."""
    r = np.argsort(np.argsort(score, kind="stable"), kind="stable") / max(len(score) - 1, 1)
    cut = np.cumsum(shares)
    return np.where(r < cut[0], "A", np.where(r < cut[1], "B", np.where(r < cut[2], "C", "D")))


def points_grade(pts: np.ndarray, cuts=(1.0, 4.0, 9.0)) -> np.ndarray:
    """A platform's mechanical grade: fixed point thresholds (points = demerits)."""
    return np.where(pts < cuts[0], "A", np.where(pts < cuts[1], "B", np.where(pts < cuts[2], "C", "D")))


# ------------------------------------------------------------------------------------------- the world

class World:
    def __init__(self, rng: np.random.Generator, firms: pd.DataFrame, remote: np.ndarray):
        self.rng, self.f, self.remote = rng, firms, remote
        self.n = len(firms)
        self.z = np.zeros((self.n, M))
        est = pd.to_datetime(firms["established_on"])
        self.est_m = ((est.dt.year - 2024) * 12 + est.dt.month - 1).to_numpy()
        self.est = [d.date() for d in est]
        self.sector = firms["sector"].to_numpy()
        self.size = firms["size"].to_numpy()
        self.district = firms["district_code"].to_numpy()
        self.checks: list[tuple] = []  # (i, day, agency, outcome, rectified)
        self.triggers: list[tuple] = []  # (i, day, agency, kind, urgent)
        self.records: list[tuple] = []  # (i, day, kind, expires, note)
        self.grades: list[tuple] = []  # (i, grade, day)
        self.detect = lambda ag, day, i: 0.85  # how hard the visiting agency looks
        self.minor_p = np.full(self.n, 0.15)
        self.serious_p = np.full(self.n, 0.15)
        self.rectify_p = np.full(self.n, 0.85)
        self.bad_p, self.sd_p = 0.55, 0.03
        self.follow_up = True

    # one inspection and its consequences
    def inspect(self, i: int, day: dt.date, ag: str) -> str:
        if day >= JAN1 or day < FIRST or day < self.est[i]:
            return ""
        rng = self.rng
        m = midx(day)
        p = sig(self.z[i, m]) * self.detect(ag, day, i)
        if rng.random() < p:
            outcome = "serious" if rng.random() < self.serious_p[i] else "violation"
            fixed = rng.random() < self.rectify_p[i]
            self.checks.append((i, day, ag, outcome, "true" if fixed else "false"))
            if rng.random() < (0.9 if outcome == "serious" else self.bad_p):
                on = plus(day, rng.integers(10, 60))
                self.records.append((i, on, "bad", plus(on, 365 * int(rng.integers(1, 4))),
                                     "行政处罚" if outcome == "serious" else "责令改正"))
                if outcome == "serious" and rng.random() < self.sd_p:
                    on2 = plus(on, rng.integers(5, 40))
                    self.records.append((i, on2, "serious_dishonest", plus(on2, 3 * 365), "列入严重失信主体名单"))
            if not fixed and self.follow_up:
                self.inspect(i, plus(day, rng.integers(45, 150)), ag)
            return outcome
        outcome = "minor" if rng.random() < self.minor_p[i] else "compliant"
        self.checks.append((i, day, ag, outcome, ""))
        return outcome

    def pick_agency(self, i: int, prefer: dict[str, float] | None = None) -> str:
        ags = AG_OF[self.sector[i]]
        if prefer:
            w = np.array([prefer.get(a, 1.0) for a in ags], float)
            return ags[int(self.rng.choice(len(ags), p=w / w.sum()))]
        return ags[int(self.rng.integers(len(ags)))]

    def routine(self, rate: np.ndarray, prefer: dict[str, float] | None = None, months=range(HIST)) -> None:
        """Planned inspections: rate[i, m] (or rate[i]) expected inspections in month m."""
        months = np.asarray(list(months))
        lam = rate[:, months] if np.ndim(rate) == 2 else np.repeat(np.asarray(rate)[:, None], len(months), 1)
        cnt = self.rng.poisson(lam)
        for i, k in zip(*np.nonzero(cnt)):
            for _ in range(cnt[i, k]):
                self.inspect(int(i), mday(self.rng, int(months[k])), self.pick_agency(int(i), prefer))

    def poisson_triggers(self, lam: np.ndarray, kind: str, visit_p: float = 0.6, urgent_p: float = 0.1,
                         agency: str | None = None, lag=(1, 15)) -> None:
        """Triggers at rate lam[i, m] over history months; each visited (and its outcome recorded) with visit_p."""
        cnt = self.rng.poisson(lam[:, :HIST])
        rng = self.rng
        for i, m in zip(*np.nonzero(cnt)):
            i, m = int(i), int(m)
            for _ in range(cnt[i, m]):
                day = mday(rng, m)
                if day < self.est[i]:
                    continue
                ag = agency if agency in AG_OF[self.sector[i]] else self.pick_agency(i)
                self.triggers.append((i, day, ag, kind, rng.random() < urgent_p))
                if rng.random() < visit_p:
                    self.inspect(i, plus(day, rng.integers(*lag)), ag)

    def honours(self, good: np.ndarray, commend: np.ndarray) -> None:
        """Yearly chance of a 良好信用信息 / 表彰奖励 record (each valid three years)."""
        rng = self.rng
        for y in range(3):
            for i in np.nonzero(rng.random(self.n) < good)[0]:
                on = mday(rng, y * 12 + int(rng.integers(12)))
                if on >= self.est[i]:
                    self.records.append((int(i), on, "good", plus(on, 3 * 365), "信用承诺履约良好"))
            for i in np.nonzero(rng.random(self.n) < commend)[0]:
                on = mday(rng, y * 12 + int(rng.integers(9, 12)))
                if on >= self.est[i]:
                    self.records.append((int(i), on, "commendation", plus(on, 3 * 365), "年度优秀企业表彰"))

    def valid_bad(self, day: dt.date, since: dt.date | None = None) -> np.ndarray:
        """Count of bad / serious records on file and unexpired at `day` (recorded from `since`)."""
        c = np.zeros(self.n)
        for i, on, kind, exp, _ in self.records:
            if kind in ("bad", "serious_dishonest") and on < day and (exp is None or exp >= day) and (
                    since is None or on >= since):
                c[i] += 1 if kind == "bad" else 3
        return c

    def count(self, kinds: tuple[str, ...], lo: dt.date, hi: dt.date, what: str = "trigger") -> np.ndarray:
        c = np.zeros(self.n)
        src = self.triggers if what == "trigger" else self.checks
        for t in src:
            if lo <= t[1] < hi and t[3] in kinds:
                c[t[0]] += 1
        return c

    def alive_mask(self) -> np.ndarray:
        """(n, M): firm exists in month."""
        return np.arange(M)[None, :] >= self.est_m[:, None]


# ------------------------------------------------------------------------------------------- registers

def register(rng: np.random.Generator, n: int, sectors: dict[str, float], sizes: dict[str, float],
             districts: dict[str, float] | None = None, new_share: float = 0.1,
             remote_by_size: dict[str, float] | None = None, sizes_by_sector: dict | None = None) -> tuple:
    secs = np.array(list(sectors))
    sector = secs[rng.choice(len(secs), n, p=np.array(list(sectors.values())) / sum(sectors.values()))]
    szs = np.array(list(sizes))
    size = szs[rng.choice(len(szs), n, p=np.array(list(sizes.values())) / sum(sizes.values()))]
    if sizes_by_sector:
        for s, w in sizes_by_sector.items():
            k = sector == s
            ww = np.array([w[z] for z in SIZES], float)
            size[k] = np.array(SIZES)[rng.choice(4, k.sum(), p=ww / ww.sum())]
    dists = np.array(list(DISTRICTS))
    dw = np.array([(districts or {}).get(d, 1.0) for d in dists], float)
    district = dists[rng.choice(len(dists), n, p=dw / dw.sum())]
    lo_hi = np.array([_HEADS[s] for s in size])
    employees = np.exp(rng.uniform(np.log(lo_hi[:, 0]), np.log(lo_hi[:, 1]))).astype(int)
    new = rng.random(n) < new_share
    # new firms: 2024-03 .. 2026-10; older firms: 1995 .. 2023
    est_new = np.array([dt.date(2024, 3, 1) + dt.timedelta(days=int(x)) for x in rng.integers(0, 975, n)])
    est_old = np.array([dt.date(1995, 1, 1) + dt.timedelta(days=int(x)) for x in rng.integers(0, 10500, n)])
    est = np.where(new, est_new, est_old)
    if remote_by_size is None:
        remote_by_size = {"micro": 0.1, "small": 0.25, "medium": 0.45, "large": 0.6}
    remote = rng.random(n) < np.array([remote_by_size[s] for s in size])
    ids, names, addrs, lats, lons = [], [], [], [], []
    seen_ids, seen_names = set(), set()
    for k in range(n):
        while True:
            body = "".join(_CHARS[int(x)] for x in rng.integers(0, 31, 9))
            eid = uscc(f"91{district[k]}{body}")
            if eid not in seen_ids:
                seen_ids.add(eid)
                break
        brand = _B1[int(rng.integers(len(_B1)))] + _B2[int(rng.integers(len(_B2)))]
        name = f"太原{brand}{_SUFFIX[sector[k]]}"
        if name in seen_names:
            name = f"太原{DISTRICTS[district[k]][:2]}{brand}{_SUFFIX[sector[k]]}"
        j = 2
        while name in seen_names:
            name = f"太原{brand}{_SUFFIX[sector[k]][:-4]}第{j}有限公司"
            j += 1
        seen_names.add(name)
        ids.append(eid)
        names.append(name)
        addrs.append(f"山西省太原市{DISTRICTS[district[k]]}{_ROADS[int(rng.integers(len(_ROADS)))]}"
                     f"{int(rng.integers(1, 400))}号")
        la, lo = _CENTRE[district[k]]
        lats.append(round(la + rng.normal(0, 0.02), 5))
        lons.append(round(lo + rng.normal(0, 0.02), 5))
    firms = pd.DataFrame({"enterprise_id": ids, "name": names, "district_code": district, "sector": sector,
                          "size": size, "employees": employees,
                          "established_on": [d.isoformat() for d in est], "address": addrs,
                          "lat": lats, "lon": lons})
    return firms, remote


def sizef(w: World) -> np.ndarray:
    return np.array([SIZES.index(s) for s in w.size], float)  # 0 micro .. 3 large


# ------------------------------------------------------------------------------------------- families

def gas_cylinder_iot(rng: np.random.Generator, n: int) -> World:
    """瓶装液化气供应站: risk = practice × (micro, no IoT, old station) interaction; winter peaks; a 2025 专项整治
    campaign looked hard, 2026 looked lightly. IoT alarms (data_monitoring) reveal bad practice only where IoT exists.
    The official grade is informative (built from the real practice, refreshed yearly)."""
    firms, remote = register(rng, n, {"gas": 0.72, "property_mgmt": 0.1, "other": 0.18},
                             {"micro": 0.5, "small": 0.33, "medium": 0.13, "large": 0.04}, new_share=0.08,
                             remote_by_size={"micro": 0.22, "small": 0.45, "medium": 0.75, "large": 0.9})
    w = World(rng, firms, remote)
    a = rng.normal(0, 1, n)  # practice (hidden)
    micro = (w.size == "micro").astype(float)
    age27 = np.array([(JAN1 - d).days / 365.25 for d in w.est])
    old = (age27 > 10).astype(float)
    iot = remote.astype(float)
    gas = (w.sector == "gas").astype(float)
    base = -2.1 + 0.8 * a + 0.35 * micro + 0.3 * gas - 0.35 * iot + 1.1 * micro * (1 - iot) * old
    drift = rng.normal(0, 0.25, n)[:, None] * np.linspace(0, 1, M)[None, :]
    w.z = base[:, None] + 0.35 * WINTER[None, :] + drift
    # firms caught in the 2025 campaign partly mend (rectification), the rest fall back
    campaign = (np.arange(M) >= 15) & (np.arange(M) <= 20)  # 2025-04 .. 2025-09

    def detect(ag, day, i):
        m = midx(day)
        return 0.95 if 15 <= m <= 20 else (0.8 if m < 15 else 0.55)
    w.detect = detect
    rate = np.full((n, M), 0.025)
    rate[:, campaign] = 0.22
    rate *= (0.6 + 0.4 * gas)[:, None]
    w.routine(rate, {"ty-cgj": 4.0})
    # IoT alarms: leak / cylinder-weight / unregistered-cylinder alerts, only where IoT exists
    lam_alarm = iot[:, None] * 0.05 * np.exp(1.0 * a)[:, None] * (1 + WINTER)[None, :]
    w.poisson_triggers(lam_alarm, "data_monitoring", visit_p=0.5, urgent_p=0.3, agency="ty-cgj")
    lam_c = 0.008 * np.exp(0.4 * a)[:, None] * np.ones((1, M))
    w.poisson_triggers(lam_c, "complaint", visit_p=0.7, urgent_p=0.2, agency="ty-cgj")
    w.honours(good=0.12 * sig(-a), commend=0.03 * (w.size != "micro"))
    # official grade, yearly each October, from practice plus noise (informative)
    for y, noise in ((2024, 0.9), (2025, 0.7), (2026, 0.6)):
        g = quantile_grade(a + 0.6 * micro * (1 - iot) * old + rng.normal(0, noise, n), (0.2, 0.5, 0.22, 0.08))
        day = dt.date(y, 10, 31)
        for i in range(n):
            if w.est[i] < day:
                w.grades.append((i, g[i], day))
    return w


def sites_completion_rush(rng: np.random.Generator, n: int) -> World:
    """在建项目临近竣工抢工期 + 年底欠薪: each contractor's risk bumps in the months before its main project's
    completion; projects registered (enterprise_request, 质量安全监督登记) in 2025 finish in 2027. Wage-arrears
    complaints and 人社 referrals in autumn 2026 mark cash-flow distress that carries into 2027. The grade is stale
    (rated March 2025 from 2024's record)."""
    firms, remote = register(rng, n, {"construction": 0.6, "municipal": 0.15, "supervision": 0.1,
                                      "ready_mix": 0.07, "survey_design": 0.05, "other": 0.03},
                             {"micro": 0.25, "small": 0.45, "medium": 0.22, "large": 0.08}, new_share=0.1)
    w = World(rng, firms, remote)
    a = rng.normal(0, 0.7, n)
    builder = np.isin(w.sector, ("construction", "municipal")).astype(float)
    has_proj = (rng.random(n) < 0.85 * builder + 0.3 * (1 - builder))
    start = rng.integers(-14, 34, n)  # month index of main project's start (2022-11 .. 2026-10)
    start = np.maximum(start, w.est_m + 1)
    dur = rng.integers(20, 33, n)
    done = start + dur
    mm = np.arange(M)[None, :]
    rush = np.exp(-((mm - (done[:, None] - 3)) / 3.5) ** 2)  # 主体封顶后抢工期, 交付前 peak
    active = (mm >= start[:, None]) & (mm <= done[:, None]) & has_proj[:, None]
    rush = rush * has_proj[:, None]
    distress = (rng.random(n) < 0.12 * (0.5 + builder)).astype(float)
    d_on = (mm >= 32).astype(float)  # from 2026-09
    sz = sizef(w)
    w.z = -2.3 + 0.7 * a[:, None] + 1.6 * rush + 0.3 * active + 1.2 * distress[:, None] * d_on + 0.1 * sz[:, None]
    # project registration: one enterprise_request at the start (only those before the plan year show)
    for i in np.nonzero(has_proj)[0]:
        if 0 <= start[i] < HIST:
            day = mday(rng, int(start[i]))
            if day >= w.est[i]:
                w.triggers.append((int(i), day, "ty-zaz" if "ty-zaz" in AG_OF[w.sector[i]] else w.pick_agency(i),
                                   "enterprise_request", False))
    # supervision station visits active sites every few months; others sampled lightly
    rate = np.where(active, 0.16, 0.02) * (0.7 + 0.15 * sz)[:, None]
    w.routine(rate, {"ty-zaz": 3.0})
    # wage-arrears complaints: a size-driven background, plus distress in autumn/winter 2026
    lam = 0.006 * (1 + sz)[:, None] * np.ones((1, M)) * (1 + 1.5 * np.isin(MONTH_OF, (12, 1)))[None, :]
    lam = lam + distress[:, None] * d_on * 0.35
    w.poisson_triggers(lam, "complaint", visit_p=0.35, urgent_p=0.25, agency="ty-zjj")
    w.poisson_triggers(distress[:, None] * d_on * 0.12, "referral", visit_p=0.5, urgent_p=0.4, agency="ty-zjj")
    w.honours(good=0.1 * np.ones(n), commend=0.05 * (sz >= 2))
    # stale grade: March 2025 from 2024's bad records
    bad24 = w.valid_bad(dt.date(2025, 3, 1), since=dt.date(2024, 1, 1))
    g = quantile_grade(bad24 + 0.5 * a + rng.normal(0, 0.5, n), (0.3, 0.45, 0.18, 0.07))
    for i in range(n):
        if w.est[i] < dt.date(2025, 3, 1):
            w.grades.append((i, g[i], dt.date(2025, 3, 31)))
    return w


def property_complaint_size(rng: np.random.Generator, n: int) -> World:
    """物业服务企业: complaints follow the households managed (size), not quality; the platform's grade counts raw
    complaints and records, so big firms sit at C/D and small sloppy ones at A/B (the grade misleads). True risk
    is service quality, worse in 老旧小区 (older central districts), slightly lower for big professional firms."""
    firms, remote = register(rng, n, {"property_mgmt": 0.8, "real_estate": 0.08, "other": 0.12},
                             {"micro": 0.3, "small": 0.4, "medium": 0.2, "large": 0.1}, new_share=0.12,
                             districts={"140106": 2.0, "140107": 2.0, "140105": 1.6, "140109": 1.5})
    w = World(rng, firms, remote)
    q = rng.normal(0, 1, n)  # poor service quality (hidden)
    emp = firms["employees"].to_numpy(float)
    households = emp * rng.uniform(15, 45, n)
    oldarea = np.isin(w.district, ("140106", "140107")).astype(float) * rng.uniform(0.3, 1, n)
    lsz = np.log(households / 1000 + 0.1)
    base = -1.9 + 1.0 * q + 0.7 * oldarea - 0.15 * lsz
    w.z = base[:, None] + rng.normal(0, 0.2, (n, 1)) * np.linspace(-1, 1, M)[None, :]
    w.minor_p = np.clip(0.08 + 0.05 * np.log1p(households / 500), 0, 0.5)  # big estates: many small findings
    lam = 0.012 * (households / 1000)[:, None] * np.exp(0.35 * q)[:, None] * (1 + 0.5 * WINTER)[None, :]
    w.poisson_triggers(lam, "complaint", visit_p=0.25, urgent_p=0.08, agency="ty-zjj")
    w.poisson_triggers(0.004 * (households / 1000)[:, None] * np.ones((1, M)), "referral", visit_p=0.4,
                       agency="ty-zfj")
    # the bureau targets last year's C/D grades (which follow size); light random sampling otherwise
    g_prev = None
    for y in range(3):
        day = dt.date(2024 + y, 1, 1)
        comp = w.count(("complaint", "referral"), plus(day, -365), day)
        if y == 0:
            comp = rng.poisson(lam[:, 0] * 12)
        pts = 0.5 * comp + 1.0 * w.valid_bad(day)
        g_prev = points_grade(pts, (0.5, 1.5, 3.5))
        rate = np.where(np.isin(g_prev, ("C", "D")), 0.07, 0.012)
        w.routine(np.repeat(rate[:, None], M, 1), {"ty-zjj": 3.0}, months=range(12 * y, 12 * y + 12))
    w.honours(good=0.06 * np.ones(n), commend=0.06 * (emp > 150))
    day = dt.date(2026, 11, 30)
    comp = w.count(("complaint", "referral"), plus(day, -365), day)
    g = points_grade(0.5 * comp + 1.0 * w.valid_bad(day), (0.5, 1.5, 3.5))
    for i in range(n):
        if w.est[i] < day:
            w.grades.append((i, g[i], day))
    return w


def lab_lenient_agencies(rng: np.random.Generator, n: int) -> World:
    """检测机构与预拌混凝土: risk = data fraud (虚假检测报告, 配合比造假). The quality station's 飞行检查 with 比对试验
    finds it; the bureau's paperwork checks mostly do not, and do most of the visits. Labs whose data are uploaded
    live (remote_monitoring) throw data_monitoring alerts when they fake. Histories are sparse."""
    firms, remote = register(rng, n, {"testing": 0.45, "ready_mix": 0.35, "supervision": 0.1, "survey_design": 0.1},
                             {"micro": 0.2, "small": 0.5, "medium": 0.25, "large": 0.05}, new_share=0.12,
                             remote_by_size={"micro": 0.3, "small": 0.5, "medium": 0.7, "large": 0.85})
    w = World(rng, firms, remote)
    f = rng.normal(0, 1, n)
    lab = np.isin(w.sector, ("testing", "ready_mix")).astype(float)
    rm = remote.astype(float)
    w.z = (-2.2 + 1.2 * f + 0.4 * lab + 0.5 * lab * (1 - rm))[:, None] + np.zeros((1, M))
    w.detect = lambda ag, day, i: 0.95 if ag == "ty-zaz" else 0.22
    w.follow_up = False
    w.routine(np.full((n, M), 0.03), {"ty-zjj": 3.0, "ty-zaz": 1.0})
    # data alerts (live upload): only labs with monitoring, at a rate set by fraud
    w.poisson_triggers(rm[:, None] * lab[:, None] * 0.025 * np.exp(1.1 * f)[:, None] * np.ones((1, M)),
                       "data_monitoring", visit_p=0.6, urgent_p=0.2, agency="ty-zaz")
    w.poisson_triggers(np.full((n, M), 0.006), "complaint", visit_p=0.5, agency="ty-zjj")
    emp = firms["employees"].to_numpy(float)
    w.honours(good=0.15 * np.ones(n), commend=0.08 * (emp > 80))
    # the platform's grade: commendations and good records push towards A; bad records (mostly from the
    # paperwork checks' rare finds) push down: weakly informative
    day = dt.date(2026, 6, 30)
    goodc = np.zeros(n)
    for i, on, kind, exp, _ in w.records:
        if kind in ("good", "commendation") and on < day:
            goodc[i] += 1
    g = points_grade(1.5 * w.valid_bad(day) - 0.8 * goodc + 1.0 + 0.3 * rng.normal(0, 1, n), (0.5, 1.8, 3.5))
    for i in range(n):
        if w.est[i] < dt.date(2025, 1, 1):
            w.grades.append((i, g[i], day))
    return w


def demolition_newcomers(rng: np.random.Generator, n: int) -> World:
    """拆除、渣土运输、小型装修: many firms registered in 2024-2026 with no history at all; risk from newness, micro
    size, 城乡结合部 location (new × outer interaction: 偷倒渣土), and a hidden practice. Grades exist only for firms
    set up before 2025 and are informative."""
    firms, remote = register(rng, n, {"other": 0.4, "construction": 0.35, "municipal": 0.15, "real_estate": 0.1},
                             {"micro": 0.5, "small": 0.35, "medium": 0.12, "large": 0.03}, new_share=0.5,
                             remote_by_size={"micro": 0.15, "small": 0.3, "medium": 0.5, "large": 0.6})
    w = World(rng, firms, remote)
    b = rng.normal(0, 1, n)
    newf = (w.est_m >= 0).astype(float)
    outer = np.isin(w.district, OUTER).astype(float)
    micro = (w.size == "micro").astype(float)
    other = (w.sector == "other").astype(float)
    base = -2.4 + 0.6 * b + 0.6 * newf + 0.4 * micro + 0.5 * outer + 0.4 * other + 0.8 * newf * outer
    season = np.isin(MONTH_OF, (3, 4, 5, 6, 9, 10)).astype(float)  # 施工季 dust and spoil
    # the newly founded mellow with age: the newcomer effect fades ~2 years after founding
    mm = np.arange(M)[None, :]
    fade = np.clip(1 - (mm - w.est_m[:, None]) / 30.0, 0.3, 1.0)
    w.z = base[:, None] - (0.6 * newf + 0.8 * newf * outer)[:, None] * (1 - fade) + 0.3 * season[None, :]
    alive = w.alive_mask()
    w.routine(np.where(alive, np.where(newf[:, None] > 0, 0.006, 0.03), 0.0), {"ty-zfj": 2.0, "ty-cgj": 2.0})
    # GPS on spoil trucks (remote): route deviations; complaints about dust/noise at night
    w.poisson_triggers(remote[:, None] * 0.02 * np.exp(0.8 * b)[:, None] * alive, "data_monitoring",
                       visit_p=0.5, agency="ty-cgj")
    w.poisson_triggers(0.006 * np.exp(0.5 * b)[:, None] * (1 + season)[None, :] * alive, "complaint",
                       visit_p=0.6, urgent_p=0.15, agency="ty-zfj")
    w.honours(good=0.08 * sig(-b) * (1 - newf), commend=0.01 * np.ones(n))
    for y in (2025, 2026):
        day = dt.date(y, 10, 31)
        g = quantile_grade(b + 0.5 * outer + rng.normal(0, 0.7, n), (0.2, 0.5, 0.22, 0.08))
        for i in range(n):
            if w.est[i] < dt.date(2025, 1, 1):
                w.grades.append((i, g[i], day))
    return w


def developer_stale_grades(rng: np.random.Generator, n: int) -> World:
    """房地产开发: the 2024 crunch hit one set of developers (heavy 2024 violations, bad records, grades D/C rated
    February 2025 and never refreshed); 保交楼 rescued most of them (repairs, risk falls). A different set slid into
    distress from spring 2026 (逾期交房 referrals, presale-fund complaints, fresh bad records in late 2026): the
    2027 risk. The official grade is stale and misleads."""
    firms, remote = register(rng, n, {"real_estate": 0.7, "property_mgmt": 0.15, "construction": 0.15},
                             {"micro": 0.15, "small": 0.4, "medium": 0.3, "large": 0.15}, new_share=0.06)
    w = World(rng, firms, remote)
    dev = (w.sector == "real_estate").astype(float)
    s24 = (rng.random(n) < 0.25).astype(float) * rng.uniform(0.6, 1.4, n)
    s26 = (rng.random(n) < 0.18 + 0.1 * (s24 > 0)).astype(float) * rng.uniform(0.6, 1.4, n)
    a = rng.normal(0, 0.5, n)
    mm = np.arange(M)[None, :]
    old_w = np.clip(1 - (mm - 14) / 10.0, 0.15, 1.0)  # rescued from 2025-03, mostly gone by 2026
    new_w = np.clip((mm - 26) / 8.0, 0.0, 1.0)  # from 2026-03, full by 2026-11
    w.z = -2.3 + 0.5 * a[:, None] + 1.9 * s24[:, None] * old_w + 2.0 * s26[:, None] * new_w + 0.2 * dev[:, None]
    w.serious_p = np.full(n, 0.25)
    w.sd_p = 0.15
    # inspections: heavy on the 2024 distressed (they were targets), light otherwise, lighter in 2026
    rate = np.where(mm < 24, 0.025, 0.015) * (1 + 3 * (s24[:, None] > 0) * (mm < 24))
    w.routine(rate * np.ones((n, 1)), {"ty-zjj": 3.0})
    lam = 0.008 * (1 + 5 * s24[:, None] * old_w + 5 * s26[:, None] * new_w) * np.ones((1, M))
    w.poisson_triggers(lam, "complaint", visit_p=0.35, urgent_p=0.15, agency="ty-zjj")
    w.poisson_triggers(0.003 + 0.15 * s26[:, None] * new_w + 0.08 * s24[:, None] * old_w * (mm < 18), "referral",
                       visit_p=0.5, urgent_p=0.4, agency="ty-zjj")
    w.honours(good=0.1 * (s26 == 0), commend=0.04 * (sizef(w) >= 2))
    # 保交楼 rescue: repairs (信用修复) in 2025-2026 for most of the 2024-distressed with a serious/bad record
    for i in np.nonzero(s24 > 0)[0]:
        if rng.random() < 0.75:
            recs = [r for r in w.records if r[0] == i and r[2] in ("bad", "serious_dishonest")]
            if recs:
                last = max(r[1] for r in recs)
                on = max(plus(last, int(rng.integers(60, 300))), dt.date(2025, 4, 1))
                if on < JAN1:
                    w.records.append((int(i), on, "repair", None, "保交楼完成，信用修复"))
    bad = w.valid_bad(dt.date(2025, 2, 1), since=dt.date(2024, 1, 1))
    g = quantile_grade(bad + 0.8 * (s24 > 0) + rng.normal(0, 0.3, n), (0.35, 0.35, 0.2, 0.1))
    for i in range(n):
        if w.est[i] < dt.date(2025, 2, 1):
            w.grades.append((i, g[i], dt.date(2025, 2, 28)))
    return w


_BUILD = {"gas_cylinder_iot": gas_cylinder_iot, "sites_completion_rush": sites_completion_rush,
          "property_complaint_size": property_complaint_size, "lab_lenient_agencies": lab_lenient_agencies,
          "demolition_newcomers": demolition_newcomers, "developer_stale_grades": developer_stale_grades}


# ------------------------------------------------------------------------------------------- writing

_SURN = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌晋鹏飞宇浩"


def staff(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    teams, officers, away = [], [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            team = f"{ag}-{d}"
            teams.append((team, ag, d, 4 if d == CITY else 2))
            for k, role in enumerate(("enforcement",) * 4 + ("auxiliary", "legal_review")):
                sworn = role == "enforcement"
                oid = f"{team}-{k:02d}"
                name = _SURN[int(rng.integers(len(_SURN)))] + "".join(
                    _GIVEN[int(x)] for x in rng.integers(0, len(_GIVEN), int(rng.integers(1, 3))))
                officers.append((oid, name, team, role,
                                 f"晋{int(rng.integers(10**9, 10**10))}" if sworn else "",
                                 f"{int(rng.integers(2027, 2031))}-{int(rng.integers(1, 13)):02d}-28" if sworn else "",
                                 int(rng.integers(40, 110)),
                                 int(rng.integers(35, 70)) if sworn and rng.random() < 0.5 else ""))
                if rng.random() < 0.08:
                    lo = dt.date(2027, 2, 1) + dt.timedelta(days=int(rng.integers(0, 280)))
                    away.append((oid, lo.isoformat(), plus(lo, rng.integers(3, 20)).isoformat(),
                                 str(rng.choice(["年休假", "脱产培训", "抽调专项整治", "病假"]))))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]),
            pd.DataFrame(away, columns=["officer_id", "start_on", "end_on", "reason"]))


def write(w: World, rng: np.random.Generator, folder: Path, family: str, seed: int) -> None:
    folder.mkdir(parents=True)
    ent = w.f.copy()
    ent["remote_monitoring"] = np.where(w.remote, "true", "false")
    ent.to_csv(folder / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(folder / "agencies.csv", index=False)
    pd.DataFrame(list(ITEMS), columns=["item_id", "agency_id", "name", "legal_basis", "sectors",
                                       "remote_allowed"]).to_csv(folder / "items.csv", index=False)
    teams, officers, away = staff(rng)
    teams.to_csv(folder / "teams.csv", index=False)
    officers.to_csv(folder / "officers.csv", index=False)
    away.to_csv(folder / "unavailability.csv", index=False)
    ids = w.f["enterprise_id"].to_numpy()
    rows = []
    for k, (i, day, ag, outcome, fixed) in enumerate(sorted(w.checks, key=lambda c: (c[1], c[0], c[2], c[3]))):
        if not FIRST <= day < JAN1:
            continue
        team = f"{ag}-{w.district[i] if rng.random() < 0.8 else CITY}"
        pair = sorted(int(x) for x in rng.choice(4, size=2, replace=False))
        rows.append((f"TY{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(),
                     ";".join(f"{team}-{j:02d}" for j in pair), outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(w.records, key=lambda r: (r[1], r[0], r[2], r[4])) if FIRST <= d < JAN1]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"TYT{k:07d}", ids[i], ag, d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, ag, kind, urgent) in enumerate(sorted(w.triggers, key=lambda t: (t[1], t[0], t[3], t[2])))
           if FIRST <= d < JAN1]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(w.grades, key=lambda r: (r[2], r[0])) if d < JAN1]
    pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv", index=False)
    sworn = officers[officers["role"] == "enforcement"]["officer_id"].to_numpy()
    rec = [(str(rng.choice(sworn)), ids[int(rng.integers(len(ids)))],
            str(rng.choice(["配偶在该企业任职", "曾在该企业工作未满三年", "近亲属系该企业股东"])))
           for _ in range(max(5, len(ids) // 300))]
    pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(
        ["officer_id", "enterprise_id"]).to_csv(folder / "recusals.csv", index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # the 2027 调休 schedule
    policy = {"year": PLAN_YEAR, "seed": f"taiyuan-{family}-{seed}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 46])
    w = _BUILD[family](rng, n)
    folder = out / "bundle"
    if folder.exists():
        shutil.rmtree(folder)
    out.mkdir(parents=True, exist_ok=True)
    write(w, rng, folder, family, seed)
    truth = out / "truth.csv"
    p = np.clip(sig(w.z[:, HIST:]).mean(axis=1), 0.002, 0.98)
    pd.DataFrame({"enterprise_id": w.f["enterprise_id"], "p_violation": np.round(p, 6)}).to_csv(truth, index=False)
    return folder, truth


if __name__ == "__main__":
    print(generate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
