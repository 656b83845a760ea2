"""A twelfth held-out bureau generator (issue 9) · 第十二套独立生成的住建/城管执法局.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's risk model or its scenarios. The product is judged as a black box by
``bench/foreign2/run.py --generator bench/foreign12``.

Every bureau is a city of 绍兴 (districts 330602 越城区, 330603 柯桥区, 330604 上虞区, 330624 新昌县, 330681 诸暨市,
330683 嵊州市; city-level teams 330600), plan year 2027, history 2024–2026. Each firm has a hidden logit per year; a
past inspection finds a violation with the chance its logit gives, unless the family says the record hides it.
``truth.csv`` (beside the bundle, never inside) holds ``p_violation``: the chance that a site inspection on a random
day of 2027 finds a violation.

Families (what is hidden · how the history was made · what the official grade is):

* ``wage_arrears`` 拖欠农民工工资 — a fifth of the builders and labour-service firms fell into wage arrears, starting
  in 2024, 2025 or 2026; an arrears firm cuts safety spending and loses its crews to cheaper, untrained ones, and the
  longer the arrears the worse. Traces: wage complaints (讨薪) bunched around 春节 (December–February), 人社 referrals
  (劳动保障监察转办) and follow-up checks. GRADE PLATFORM-DERIVED, TRACKING: the platform rates each June from 人社's
  欠薪 blacklist and court judgments (the bundle holds neither); it follows the truth well.
* ``first_offence_waiver`` 首违不罚 — from March 2025 the bureau's 轻微违法行为不予处罚清单 records a firm's first
  violation in two years as 轻微 (责令改正, no penalty, no credit record). A hidden, lasting habit drives the risk; the
  habitual offenders pile up 'minor' outcomes after the reform while recorded violations thin out. Commendations go to
  large firms whatever their habit. GRADE MECHANICAL, NOT TRACKING: graded each December from the bundle's own credit
  records only (严重失信 → D, bad in force → C, good/commendation → A, otherwise B).
* ``old_estate_fund`` 老旧小区维修资金 — property and development firms' risk is the age of the estates they run times
  how far their 专项维修资金 has run down (broken lifts, failed fire pumps, leaking 二次供水), stable from year to
  year. The 房管 office checks every property firm quarterly, so the history is rich and faithful; residents'
  complaints follow the old estates. GRADE MECHANICAL, TRACKING: graded each December from the shrunken finding rate
  of the past three years' inspections.
* ``tower_crane_fleet`` 起重机械 — builders' risk grows with the number of tower cranes and hoists they run and the
  share of old, rented ones (small firms rent old machines), hidden. Traces: 安装/拆卸告知 and 使用登记 filings
  (enterprise_request) in proportion to the fleet, 塔机黑匣子 overload alarms (data_monitoring) for monitored firms,
  a September 起重机械专项检查 of a share of the crane holders. NO GRADES: the bureau has no credit_grades.csv.
* ``plant_relocation`` 搅拌站环保搬迁 — in 2026 the city ordered the 预拌混凝土 plants of 越城/柯桥 out of town:
  most moved between March and December 2026 to a new site (new crews, equipment still being commissioned), the
  rest run on under a mid-2027 deadline, cutting maintenance. The plant's registered district does not change. Traces:
  the 新址备案 request, dust-monitor alarms at new sites, a first 质监站 check. GRADE PLATFORM-DERIVED, STALE: the
  生态环境 department's rating of March 2025 and March 2026, before the moves.
* ``understaffed`` 人员配备不足 — the register's employee count is what the firm declared when it was listed; many
  firms have since shed staff (社保 headcount, hidden) while keeping their projects, and the shortfall (项目负责人、
  安全员、监理人员不到岗) drives the risk. Older listings are staler. Traces: 人社 referrals (社保人数与项目不符) for
  some, 人员未到岗 bad records. GRADE PLATFORM-DERIVED, PARTLY TRACKING: the platform's yearly 资质动态核查 from 社保
  data (not in the bundle), a noisy view of the shortfall.
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
FAMILIES = ("wage_arrears", "first_offence_waiver", "old_estate_fund", "tower_crane_fleet", "plant_relocation",
            "understaffed")

CITY = "330600"
DISTRICTS = {"330602": "越城区", "330603": "柯桥区", "330604": "上虞区", "330624": "新昌县", "330681": "诸暨市",
             "330683": "嵊州市"}
URBAN = ("330602", "330603")
_DIST_P = np.array([0.25, 0.22, 0.17, 0.08, 0.18, 0.10])
_ROADS = ("解放路", "中兴路", "胜利路", "人民路", "环城西路", "延安路", "鲁迅路", "笛扬路", "群贤路", "柯桥大道",
          "鉴湖路", "百官街", "江扬路", "暨阳路", "浣东路", "艇湖路", "剡湖街", "七星路", "曹娥路", "镜湖大道")
AGENCIES = {"zjj": "绍兴市住房和城乡建设局", "cgj": "绍兴市综合行政执法局", "rqb": "绍兴市燃气管理办公室",
            "fgb": "绍兴市房屋管理服务中心", "azz": "绍兴市建设工程质量安全管理中心"}
HOME_AGENCY = {"construction": "zjj", "real_estate": "fgb", "property_mgmt": "fgb", "gas": "rqb",
               "supervision": "zjj", "survey_design": "zjj", "testing": "azz", "ready_mix": "azz",
               "municipal": "cgj", "other": "cgj"}
ITEMS = (
    ("SX-ZJ-001", "zjj", "房屋建筑和市政工程施工安全检查", "《建设工程安全生产管理条例》第四十三条",
     "construction;municipal;supervision", "false"),
    ("SX-ZJ-002", "zjj", "建筑市场行为与农民工工资支付检查", "《保障农民工工资支付条例》第四十七条；《中华人民共和国建筑法》",
     "construction;supervision;survey_design;municipal;other", "true"),
    ("SX-ZJ-003", "zjj", "建筑起重机械安全检查", "《特种设备安全法》；《建筑起重机械安全监督管理规定》",
     "construction;municipal", "false"),
    ("SX-AZ-001", "azz", "预拌混凝土和检测机构质量检查", "《建设工程质量管理条例》；《建设工程质量检测管理办法》",
     "ready_mix;testing;construction", "false"),
    ("SX-FG-001", "fgb", "物业服务和专项维修资金使用检查", "《物业管理条例》；《住宅专项维修资金管理办法》",
     "property_mgmt;real_estate", "true"),
    ("SX-RQ-001", "rqb", "燃气经营企业安全检查", "《城镇燃气管理条例》", "gas", "true"),
    ("SX-CG-001", "cgj", "施工扬尘和渣土运输执法检查", "《浙江省大气污染防治条例》；《城市市容和环境卫生管理条例》",
     "construction;municipal;ready_mix;other", "false"),
    ("SX-CG-002", "cgj", "住建领域综合行政执法检查", "《浙江省综合行政执法条例》", ";".join(SECTORS), "false"),
)
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_WORD1 = ("越", "稽山", "兰亭", "鉴湖", "会稽", "柯", "虞", "曹娥", "诸暨", "剡溪", "新昌", "浣江", "若耶", "东湖",
          "镜湖", "古越", "大禹", "沈园")
_WORD2 = ("盛", "华", "达", "信", "泰", "恒", "远", "安", "隆", "顺", "佳", "宏", "建", "晟", "鼎", "诚")
_TAIL = {"construction": "建设有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业服务有限公司",
         "gas": "燃气有限公司", "supervision": "工程管理咨询有限公司", "survey_design": "勘察设计院有限公司",
         "testing": "建设工程检测有限公司", "ready_mix": "新型建材有限公司", "municipal": "市政园林有限公司",
         "other": "劳务有限公司"}
_HEADCOUNT = {"micro": (2, 10), "small": (10, 100), "medium": (100, 300), "large": (300, 3000)}
JAN1 = dt.date(PLAN_YEAR, 1, 1)
GRADE_SHARE = (0.28, 0.47, 0.17, 0.08)  # A B C D


def credit_code(first17: str) -> str:
    """统一社会信用代码 with its GB 32100-2015 check character."""
    s = sum(_CODE_CHARS.index(c) * w for c, w in zip(first17, _CODE_W, strict=True))
    return first17 + _CODE_CHARS[(31 - s % 31) % 31]


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, float)))


def day_in(rng: np.random.Generator, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers(0, (hi - lo).days + 1)))


def pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    w = np.array(list(weights.values()), float)
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=w / w.sum())


def by(values: np.ndarray, table: dict[str, float]) -> np.ndarray:
    return np.array([table.get(str(v), 0.0) for v in values])


def rank_grade(score: np.ndarray) -> np.ndarray:
    """Grades by rank of a score: A the lowest GRADE_SHARE[0] ... D the highest."""
    q = np.argsort(np.argsort(score, kind="stable"), kind="stable") / max(len(score) - 1, 1)
    return np.array(list("ABCD"), dtype=object)[np.searchsorted(np.cumsum(GRADE_SHARE)[:-1], q, side="right")]


def register(rng: np.random.Generator, n: int, sectors: dict[str, float],
             sizes: dict[str, float] | None = None, remote: dict[str, float] | None = None) -> pd.DataFrame:
    """检查对象名录库 of n firms."""
    sector = pick(rng, sectors, n)
    size = pick(rng, sizes or {"micro": 0.28, "small": 0.44, "medium": 0.2, "large": 0.08}, n)
    lo = np.array([_HEADCOUNT[s][0] for s in size], float)
    hi = np.array([_HEADCOUNT[s][1] for s in size], float)
    staff = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi)))).astype(int)
    age = np.where(rng.random(n) < 0.1, rng.uniform(0.4, 2.0, n), np.minimum(1.2 + rng.gamma(1.6, 6.0, n), 40))
    est = np.array([JAN1 - dt.timedelta(days=int(a * 365.25)) for a in age], dtype=object)
    share = remote or {"gas": 0.6, "construction": 0.3, "municipal": 0.2, "ready_mix": 0.4, "property_mgmt": 0.15}
    mon = rng.random(n) < np.maximum(by(sector, share), 0.02)
    district = rng.choice(np.array(list(DISTRICTS), dtype=object), size=n, p=_DIST_P)
    ids, names, addresses, seen_ids, seen_names = [], [], [], set(), set()
    for i in range(n):
        code = ""
        while not code or code in seen_ids:
            code = credit_code("91" + district[i] + "".join(rng.choice(list(_CODE_CHARS), size=9)))
        seen_ids.add(code)
        ids.append(code)
        base = f"绍兴{_WORD1[rng.integers(len(_WORD1))]}{_WORD2[rng.integers(len(_WORD2))]}{_TAIL[sector[i]]}"
        name, k = base, 1
        while name in seen_names:
            k += 1
            name = f"{base}第{k}分公司"
        seen_names.add(name)
        names.append(name)
        addresses.append(f"浙江省绍兴市{DISTRICTS[district[i]]}{_ROADS[rng.integers(len(_ROADS))]}"
                         f"{int(rng.integers(1, 900))}号")
    return pd.DataFrame({"enterprise_id": ids, "name": names, "district_code": district, "sector": sector,
                         "size": size, "employees": staff, "established_on": est, "address": addresses,
                         "lat": np.round(30.0 + rng.normal(0, 0.15, n), 6),
                         "lon": np.round(120.58 + rng.normal(0, 0.2, n), 6), "remote_monitoring": mon})


# ------------------------------------------------------------------------------------------- history

@dataclass
class World:
    firms: pd.DataFrame
    truth: np.ndarray
    # (firm, day, outcome, rectified, agency or "" for the home agency)
    checks: list[tuple[int, dt.date, str, str, str]] = field(default_factory=list)
    # (firm, day, kind, expires or None, note)
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    # (firm, day, kind, urgent, agency or "")
    triggers: list[tuple[int, dt.date, str, bool, str]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] | None = field(default_factory=list)

    def active(self, i: int, day: dt.date) -> bool:
        return bool(self.firms["established_on"].iat[i] + dt.timedelta(days=45) <= day < JAN1)

    def check(self, rng: np.random.Generator, i: int, day: dt.date, p: float, agency: str = "",
              minor_rate: float = 0.2, fix_rate: float = 0.72) -> str:
        """One inspection whose finding follows the chance p; returns the outcome recorded."""
        if not self.active(i, day):
            return ""
        if rng.random() < p:
            outcome = "serious" if rng.random() < 0.06 + 0.25 * p else "violation"
            fixed = "true" if rng.random() < fix_rate else "false"
        else:
            outcome, fixed = ("minor" if rng.random() < minor_rate else "compliant"), ""
        self.checks.append((i, day, outcome, fixed, agency))
        return outcome

    def lottery(self, rng: np.random.Generator, p: dict[int, np.ndarray], share: float) -> None:
        """双随机一公开: each year a share of the firms drawn, one visit on a random working stretch of the year."""
        n = len(self.firms)
        for year in HISTORY:
            for i in np.flatnonzero(rng.random(n) < share):
                self.check(rng, int(i), day_in(rng, dt.date(year, 2, 20), dt.date(year, 12, 25)), float(p[year][i]))

    def arrivals(self, rng: np.random.Generator, rate: np.ndarray, year: int, kind: str, urgent: float = 0.05,
                 lo: tuple[int, int] = (1, 1), hi: tuple[int, int] = (12, 31), agency: str = "",
                 ) -> list[tuple[int, dt.date]]:
        """Poisson(rate) triggers per firm within [lo, hi] of the year (month, day)."""
        got = []
        for i in np.flatnonzero(counts := rng.poisson(np.maximum(rate, 0.0))):
            for _ in range(int(counts[i])):
                day = day_in(rng, dt.date(year, *lo), dt.date(year, *hi))
                if self.active(int(i), day):
                    self.triggers.append((int(i), day, kind, bool(rng.random() < urgent), agency))
                    got.append((int(i), day))
        return got

    def follow_up(self, rng: np.random.Generator, got: list[tuple[int, dt.date]], share: float,
                  p: dict[int, np.ndarray], agency: str = "") -> None:
        for i, day in got:
            if rng.random() < share:
                when = day + dt.timedelta(days=int(rng.integers(2, 20)))
                self.check(rng, i, when, float(p[when.year][i]) if when.year in p else float(p[day.year][i]), agency)

    def punish(self, rng: np.random.Generator, share: float = 0.65, note: str = "行政处罚决定书") -> None:
        """Findings become 不良信用信息 weeks later; serious and unrectified ones sometimes 严重失信."""
        for i, day, outcome, fixed, _ in list(self.checks):
            if outcome in ("violation", "serious") and rng.random() < share:
                on = day + dt.timedelta(days=int(rng.integers(7, 50)))
                self.records.append((i, on, "bad", on + dt.timedelta(days=int(rng.choice([180, 365, 730]))), note))
                if outcome == "serious" and fixed == "false" and rng.random() < 0.4:
                    self.records.append((i, on, "serious_dishonest", on + dt.timedelta(days=1095), "严重失信主体名单"))

    def honour(self, rng: np.random.Generator, weight: np.ndarray, rate: float = 0.05) -> None:
        """良好信用 and 表彰 (标化工地, 优质工程) drawn with `weight`."""
        for year in HISTORY:
            for i in np.flatnonzero(rng.random(len(weight)) < rate * weight):
                on = day_in(rng, dt.date(year, 3, 1), dt.date(year, 12, 20))
                if self.active(int(i), on):
                    kind = "commendation" if rng.random() < 0.3 else "good"
                    self.records.append((int(i), on, kind, on + dt.timedelta(days=1095), "优良信用信息"))

    def rate_all(self, g: np.ndarray, on: dt.date) -> None:
        assert self.grades is not None
        for i in range(len(g)):
            if self.firms["established_on"].iat[i] < on:
                self.grades.append((i, str(g[i]), on))


def years_of(z0: np.ndarray, rng: np.random.Generator, sd: float) -> dict[int, np.ndarray]:
    return {t: z0 + rng.normal(0, sd, len(z0)) for t in (*HISTORY, PLAN_YEAR)}


def complaints(w: World, rng: np.random.Generator, p: dict[int, np.ndarray], base: float, slope: float,
               share: float = 0.35) -> None:
    for year in HISTORY:
        w.follow_up(rng, w.arrivals(rng, base + slope * p[year], year, "complaint"), share, p)


# ------------------------------------------------------------------------------------------- families

def wage_arrears(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"construction": 0.42, "other": 0.16, "municipal": 0.12, "real_estate": 0.08,
                          "supervision": 0.06, "ready_mix": 0.05, "property_mgmt": 0.08, "gas": 0.03})
    s = f["sector"].to_numpy()
    crews = np.isin(s, ["construction", "other", "municipal"])
    small = f["size"].isin(["micro", "small"]).to_numpy()
    arrears = crews & (rng.random(n) < np.where(small, 0.24, 0.14))
    onset = np.where(arrears, rng.choice([2024, 2025, 2026], n, p=[0.25, 0.35, 0.4]), 9999)
    depth = rng.uniform(0.5, 1.4, n)
    care = rng.normal(0, 0.6, n)
    z0 = -2.45 + care + by(s, {"construction": 0.2, "other": 0.25, "gas": 0.2, "property_mgmt": -0.1,
                                "supervision": -0.2})
    z = years_of(z0, rng, 0.25)
    for t in z:  # the longer the wages go unpaid, the worse the sites
        z[t] = z[t] + np.where(onset <= t, depth * (0.7 + 0.35 * np.clip(t - onset, 0, 3)), 0.0)
    p = {t: sigmoid(z[t]) for t in z}
    w = World(f, p[PLAN_YEAR])
    w.lottery(rng, p, 0.15)
    complaints(w, rng, p, 0.02, 0.3)
    for year in HISTORY:
        owing = onset <= year
        # 讨薪 before 春节: December of the year, and January–February of the next
        w.follow_up(rng, w.arrivals(rng, owing * depth * 1.2, year, "complaint", urgent=0.3, lo=(12, 1)), 0.45, p,
                    "zjj")
        if year + 1 <= 2026:
            w.follow_up(rng, w.arrivals(rng, owing * depth * 0.9, year + 1, "complaint", urgent=0.3, hi=(2, 28)),
                        0.45, p, "zjj")
        w.arrivals(rng, owing * 0.35, year, "referral", urgent=0.1, agency="zjj")  # 劳动保障监察转办
        w.arrivals(rng, np.full(n, 0.04), year, "complaint", lo=(12, 1))  # other 讨薪 noise, unrelated
    w.punish(rng)
    w.honour(rng, (1 - p[2025]) ** 3 * np.where(small, 0.6, 1.5))
    for year in (2025, 2026):  # the platform's June rating from 人社 blacklists and court judgments
        w.rate_all(rank_grade(z[year] + 0.6 * (onset <= year) + rng.normal(0, 0.35, n)), dt.date(year, 6, 30))
    return w


REFORM = dt.date(2025, 3, 1)


def first_offence_waiver(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"construction": 0.3, "municipal": 0.12, "property_mgmt": 0.15, "real_estate": 0.08,
                          "gas": 0.07, "ready_mix": 0.06, "supervision": 0.06, "survey_design": 0.04,
                          "testing": 0.04, "other": 0.08})
    s = f["sector"].to_numpy()
    size = f["size"].to_numpy()
    habit = rng.normal(0, 1.1, n)  # lasting
    z0 = -2.5 + habit + by(size, {"micro": 0.3, "small": 0.1, "large": -0.15}) + by(s, {"gas": 0.2,
                                                                                        "survey_design": -0.3})
    z = years_of(z0, rng, 0.2)
    p = {t: sigmoid(z[t]) for t in z}
    w = World(f, p[PLAN_YEAR])
    last_recorded: dict[int, dt.date] = {}

    def visit(i: int, day: dt.date) -> None:
        out = w.check(rng, i, day, float(p[day.year][i]), minor_rate=0.07)
        if out not in ("violation", "serious"):
            return
        prior = last_recorded.get(i)
        first = prior is None or (day - prior).days > 730
        if day >= REFORM and first and (out == "violation" or rng.random() < 0.3):
            j, d, _, _, ag = w.checks[-1]
            w.checks[-1] = (j, d, "minor", "", ag)  # 不予处罚，责令改正
        else:
            last_recorded[i] = day

    for year in HISTORY:  # after the reform the bureau checks more often, it costs less
        share = 0.2 if year == 2024 else 0.6
        for i in np.flatnonzero(rng.random(n) < share):
            visit(int(i), day_in(rng, dt.date(year, 2, 20), dt.date(year, 12, 25)))
        for i, day in w.arrivals(rng, 0.04 + 1.0 * p[year], year, "complaint"):
            if rng.random() < 0.45:
                visit(i, day + dt.timedelta(days=int(rng.integers(2, 20))))
    w.checks = [c for c in w.checks if c[1] < JAN1]
    w.punish(rng, 0.8)
    big = np.isin(size, ["medium", "large"])
    w.honour(rng, np.where(big, 2.0, 0.25), rate=0.08)  # 表彰 follow size, not care
    for year in (2024, 2025, 2026):  # mechanical December grade from the credit records alone
        on = dt.date(year, 12, 10)
        bad = np.zeros(n)
        sd = np.zeros(n, bool)
        good = np.zeros(n, bool)
        for i, d, kind, exp, _ in w.records:
            if d <= on and (exp is None or exp >= on):
                bad[i] += kind == "bad"
                sd[i] |= kind == "serious_dishonest"
                good[i] |= kind in ("good", "commendation")
        w.rate_all(np.where(sd, "D", np.where(bad > 0, "C", np.where(good, "A", "B"))), on)
    return w


def old_estate_fund(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"property_mgmt": 0.52, "real_estate": 0.12, "construction": 0.12, "municipal": 0.08,
                          "gas": 0.04, "other": 0.12})
    s = f["sector"].to_numpy()
    estates = np.isin(s, ["property_mgmt", "real_estate"])
    old = np.where(estates, rng.beta(1.3, 1.8, n), 0.0)  # share of pre-2000 estates
    drained = np.where(estates, rng.beta(2.0, 2.0, n), 0.0)  # how far the 维修资金 has run down
    care = rng.normal(0, 0.5, n)
    z0 = -3.1 + care + 0.9 * old + 3.2 * old * drained + by(s, {"construction": 0.5, "gas": 0.4, "municipal": 0.3})
    z = years_of(z0, rng, 0.15)
    p = {t: sigmoid(z[t]) for t in z}
    w = World(f, p[PLAN_YEAR])
    for year in HISTORY:  # 物业服务质量双月考核
        for q in range(6):
            for i in np.flatnonzero(estates & (rng.random(n) < 0.9)):
                day = day_in(rng, dt.date(year, 2 * q + 1, 3), dt.date(year, 2 * q + 2, 25))
                w.check(rng, int(i), day, float(p[year][i]), agency="fgb", minor_rate=0.3)
        for i, day in w.arrivals(rng, 0.1 + 2.0 * old * drained + 0.3 * old, year, "complaint"):
            if rng.random() < 0.15:
                w.check(rng, i, day + dt.timedelta(days=int(rng.integers(2, 15))), float(p[year][i]))
    for i in np.flatnonzero(~estates):
        for year in HISTORY:
            for _ in range(int(rng.poisson(0.8))):
                w.check(rng, int(i), day_in(rng, dt.date(year, 3, 1), dt.date(year, 12, 20)), float(p[year][i]))
    w.checks = [c for c in w.checks if c[1] < JAN1]
    w.punish(rng, 0.5, "物业服务违规行政处罚")
    w.honour(rng, (1 - p[2026]) ** 4, 0.06)
    for year in HISTORY:  # mechanical December grade from the shrunken finding rate of three years
        on = dt.date(year, 12, 28)
        hit, seen = np.zeros(n), np.zeros(n)
        for i, d, o, *_ in w.checks:
            if on - dt.timedelta(days=1095) <= d <= on:
                seen[i] += 1
                hit[i] += o in ("violation", "serious")
        r = (hit + 0.4) / (seen + 3.0)
        w.rate_all(np.where(r < 0.07, "A", np.where(r < 0.13, "B", np.where(r < 0.22, "C", "D"))), on)
    return w


def tower_crane_fleet(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"construction": 0.48, "municipal": 0.18, "real_estate": 0.08, "other": 0.1,
                          "ready_mix": 0.05, "supervision": 0.06, "survey_design": 0.05},
                 remote={"construction": 0.45, "municipal": 0.35, "ready_mix": 0.3})
    s = f["sector"].to_numpy()
    size = f["size"].to_numpy()
    builds = np.isin(s, ["construction", "municipal"])
    cranes = np.where(builds, rng.poisson(by(size, {"micro": 0.4, "small": 1.5, "medium": 4.0, "large": 9.0})), 0)
    aged = np.clip(rng.beta(2, 3, n) + by(size, {"micro": 0.3, "small": 0.2, "medium": -0.05, "large": -0.2}), 0, 1)
    care = rng.normal(0, 0.5, n)
    z0 = (-2.6 + care + 0.75 * np.log1p(cranes) * (0.3 + 1.6 * aged) - 0.3 * (size == "large")
          + by(s, {"survey_design": -0.3, "supervision": -0.2, "other": 0.2}))
    z = years_of(z0, rng, 0.3)
    p = {t: sigmoid(z[t]) for t in z}
    w = World(f, p[PLAN_YEAR])
    mon = f["remote_monitoring"].to_numpy(bool)
    w.lottery(rng, p, 0.14)
    complaints(w, rng, p, 0.02, 0.25)
    for year in HISTORY:
        w.arrivals(rng, 0.8 * cranes, year, "enterprise_request", urgent=0.0, agency="zjj")  # 安装/拆卸告知, 使用登记
        got = w.arrivals(rng, mon * cranes * aged * 1.5, year, "data_monitoring", urgent=0.25, agency="zjj")
        w.follow_up(rng, got, 0.2, p, "zjj")
        for i in np.flatnonzero((cranes > 0) & (rng.random(n) < 0.4)):  # 起重机械专项检查
            w.check(rng, int(i), day_in(rng, dt.date(year, 9, 1), dt.date(year, 9, 30)), float(p[year][i]), "zjj")
    w.punish(rng)
    w.honour(rng, (1 - p[2025]) ** 3)
    w.grades = None  # no credit_grades.csv in this bureau
    return w


def plant_relocation(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"ready_mix": 0.3, "construction": 0.28, "testing": 0.08, "municipal": 0.12,
                          "other": 0.1, "supervision": 0.06, "survey_design": 0.06},
                 remote={"ready_mix": 0.55, "construction": 0.25, "municipal": 0.2})
    s = f["sector"].to_numpy()
    plant = s == "ready_mix"
    urban = np.isin(f["district_code"].to_numpy(), URBAN)
    ordered = plant & urban
    moved = ordered & (rng.random(n) < 0.65)
    moved_on = {int(i): day_in(rng, dt.date(2026, 3, 1), dt.date(2026, 12, 15)) for i in np.flatnonzero(moved)}
    care = rng.normal(0, 0.6, n)
    z0 = -2.4 + care + by(s, {"ready_mix": 0.15, "testing": 0.1, "survey_design": -0.35, "other": 0.1})
    z = years_of(z0, rng, 0.25)
    late = np.array([(moved_on.get(i, dt.date(2026, 1, 1)) - dt.date(2026, 1, 1)).days / 365 for i in range(n)])
    jump = np.where(moved, rng.uniform(0.6, 1.3, n) * (0.5 + late), 0.0) + np.where(ordered & ~moved, 0.5, 0.0)
    z[PLAN_YEAR] = z[PLAN_YEAR] + jump
    p = {t: sigmoid(z[t]) for t in z}
    w = World(f, p[PLAN_YEAR])
    w.lottery(rng, p, 0.14)
    for year in HISTORY:  # 质监站 sampling of plants, twice a year on average
        for i in np.flatnonzero(plant):
            for _ in range(int(rng.poisson(2.0))):
                day = day_in(rng, dt.date(year, 1, 15), dt.date(year, 12, 20))
                after = int(i) in moved_on and day >= moved_on[int(i)]
                w.check(rng, int(i), day, float(sigmoid(z[year][i] + (0.7 * jump[i] if after else 0.0))), "azz")
    complaints(w, rng, p, 0.03, 0.3)
    mon = f["remote_monitoring"].to_numpy(bool)
    for i, day in moved_on.items():
        if not w.active(i, day - dt.timedelta(days=40)):
            continue
        w.triggers.append((i, day - dt.timedelta(days=int(rng.integers(10, 40))), "enterprise_request", False, "azz"))
        for _ in range(int(rng.poisson(3.0 * mon[i] * (JAN1 - day).days / 365))):  # dust alarms at the new site
            w.triggers.append((i, day_in(rng, day, dt.date(2026, 12, 31)), "data_monitoring", False, "cgj"))
        if rng.random() < 0.5:  # the first check at the new site
            when = day + dt.timedelta(days=int(rng.integers(20, 60)))
            w.check(rng, i, when, float(sigmoid(z[2026][i] + 0.7 * jump[i])), "azz")
    w.checks = [c for c in w.checks if c[1] < JAN1]
    w.punish(rng, 0.6, "质量安全行政处罚")
    w.honour(rng, (1 - p[2025]) ** 3)
    for year in (2025, 2026):  # the 生态环境 department's March rating, before the moves
        w.rate_all(rank_grade(z[year - 1] + rng.normal(0, 0.45, n)), dt.date(year, 3, 31))
    return w


def understaffed(rng: np.random.Generator, n: int) -> World:
    f = register(rng, n, {"construction": 0.34, "supervision": 0.15, "survey_design": 0.1, "testing": 0.09,
                          "municipal": 0.1, "other": 0.1, "real_estate": 0.07, "property_mgmt": 0.05})
    s = f["sector"].to_numpy()
    listed_years = (JAN1 - f["established_on"]).apply(lambda d: d.days / 365.25).to_numpy()
    staleness = np.clip(listed_years / 15, 0, 1)
    shed = np.clip(rng.beta(1.2, 3.5, n) * (0.4 + 1.2 * staleness) + rng.normal(0, 0.05, n), 0, 0.95)
    shortfall = -np.log1p(-shed)  # log(declared / real headcount)
    care = rng.normal(0, 0.55, n)
    z0 = -2.5 + care + 1.8 * shortfall + by(s, {"supervision": 0.25, "testing": 0.1, "property_mgmt": -0.2,
                                                "real_estate": -0.2})
    z = years_of(z0, rng, 0.25)
    p = {t: sigmoid(z[t]) for t in z}
    w = World(f, p[PLAN_YEAR])
    w.lottery(rng, p, 0.16)
    complaints(w, rng, p, 0.02, 0.3)
    for year in HISTORY:
        got = w.arrivals(rng, 0.5 * np.clip(shortfall - 0.2, 0, None), year, "referral", agency="zjj")  # 人社转办
        w.follow_up(rng, got, 0.4, p, "zjj")
    w.punish(rng, 0.6, "项目负责人/安全员未到岗")
    w.honour(rng, (1 - p[2025]) ** 3)
    for year in (2024, 2025, 2026):  # 资质动态核查 from 社保 data, noisy
        w.rate_all(rank_grade(1.2 * shortfall + 0.4 * care + rng.normal(0, 0.5, n)), dt.date(year, 10, 31))
    return w


_BUILD = {"wage_arrears": wage_arrears, "first_offence_waiver": first_offence_waiver,
          "old_estate_fund": old_estate_fund, "tower_crane_fleet": tower_crane_fleet,
          "plant_relocation": plant_relocation, "understaffed": understaffed}


# ------------------------------------------------------------------------------------------- files

def roster(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    teams, officers = [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY):
            team = f"{ag}{d}"
            teams.append((team, ag, d, 6 if d == CITY else 4))
            for k, role in enumerate(("enforcement",) * 6 + ("auxiliary", "legal_review")):
                sworn = role == "enforcement"
                officers.append((f"{team}-{k}", f"{AGENCIES[ag][2:4]}{d[-2:]}{k}号", team, role,
                                 f"浙{int(rng.integers(10**7, 10**8))}" if sworn else "",
                                 "2031-12-31" if sworn else "", int(rng.integers(60, 110)),
                                 int(rng.integers(50, 90)) if sworn else ""))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]))


def write(w: World, rng: np.random.Generator, folder: Path, family: str) -> None:
    f = w.firms
    folder.mkdir(parents=True)
    ent = f.copy()
    ent["remote_monitoring"] = np.where(f["remote_monitoring"], "true", "false")
    ent.to_csv(folder / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(folder / "agencies.csv", index=False)
    pd.DataFrame(list(ITEMS), columns=["item_id", "agency_id", "name", "legal_basis", "sectors",
                                       "remote_allowed"]).to_csv(folder / "items.csv", index=False)
    teams, officers = roster(rng)
    teams.to_csv(folder / "teams.csv", index=False)
    officers.to_csv(folder / "officers.csv", index=False)
    ids = f["enterprise_id"].to_numpy()
    home = f["sector"].map(HOME_AGENCY).to_numpy()
    dist = f["district_code"].to_numpy()
    rows = []
    for k, (i, day, outcome, fixed, ag) in enumerate(sorted(w.checks, key=lambda c: (c[1], c[0], c[2], c[4]))):
        ag = ag or (home[i] if rng.random() < 0.9 else str(rng.choice(["zjj", "cgj", "fgb"])))
        team = f"{ag}{dist[i] if rng.random() < 0.8 else CITY}"
        two = sorted(rng.choice(6, size=2, replace=False))
        rows.append((f"SX{day:%Y%m%d}{k:06d}", ids[i], ag, day.isoformat(), ";".join(f"{team}-{j}" for j in two),
                     outcome, fixed))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(folder / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(w.records, key=lambda r: (r[1], r[0], r[2], r[4])) if d < JAN1]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        folder / "credit_records.csv", index=False)
    trg = [(f"SXT{k:07d}", ids[i], ag or home[i], d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent, ag) in enumerate(sorted(w.triggers, key=lambda t: (t[1], t[0], t[2], t[3])))
           if d < JAN1]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        folder / "triggers.csv", index=False)
    if w.grades is not None:
        gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(w.grades, key=lambda r: (r[2], r[0]))]
        pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(folder / "credit_grades.csv",
                                                                                index=False)
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), folder / "calendar.csv")  # 2027 调休
    policy = {"year": PLAN_YEAR, "seed": f"shaoxing-{family}", "sampling": "weighted_lottery"}
    (folder / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle and `out`/truth.csv beside it; return both paths."""
    if family not in _BUILD:
        raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 12])
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
