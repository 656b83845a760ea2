"""A tenth held-out bureau generator (issue 9) · 第十套独立生成的住建/城管执法局.

Written from the contract (/work/shared/spec/bundle.md) and the harness's interface (bench/foreign2/run.py
``use_generator``) without reading the product's risk model, its scenarios or the earlier generators' families. The
product is judged as a black box by ``bench/foreign2/run.py --generator bench/foreign10``.

Every bureau is a city of 绍兴 (districts 330602 越城区, 330603 柯桥区, 330604 上虞区, 330624 新昌县, 330681 诸暨市,
330683 嵊州市; city-level teams 330600), plan year 2027, history 2024–2026. Each firm has a hidden logit per year
(per month for ``deadline_rush``); a past site inspection *truly* finds a violation with that probability, what is
*recorded* may differ (``desk_checks``). ``truth.csv`` (beside the bundle, never inside) holds ``p_violation``: the
chance that a site inspection on a random day of 2027 finds a violation.

Families (what is hidden · how the history was made · what the grades say):

* ``subcontract_chain`` 总分包链 — RISK FLOWS DOWN THE CHAIN. 10% of firms are general contractors (总包); 45% are
  their subcontractors (专业/劳务分包, micro/small), each working under one contractor. A subcontractor's risk is
  mostly its contractor's site culture (安全管理松散 flows down); its own history is thin. Project site checks look at
  the contractor and 1–3 of its subcontractors the same day with the same officers (the only trace of the chain);
  12% of subcontractors changed contractor from September 2026 (the new pairing shows only in the last months).
  Grades: contractors and independents rated yearly from a fair view of their risk; 70% of subcontractors unrated,
  the rest given the platform default B.
* ``deadline_rush`` 抢工期 — RISK IS SEASONAL. A builder's risk jumps in the three months up to each project handover
  (抢工期: 夜间施工, 交叉作业, 安全措施缩水) by a firm-specific rush-proneness. 35% of builders hold 保障房/城中村
  projects due by June 2027 (the provincial target): their first half of 2027 is a rush. The 双随机 history falls in
  March–May and September–November, whatever the firms' peaks. Traces: night-work complaints (夜间施工扰民) and site
  video alarms during peaks; 55% of the June-2027 holders filed an enterprise request (复工/节点验收) in Nov–Dec 2026
  (10% of others too). Grades: yearly from the firm's off-peak risk only.
* ``credit_burst`` 专项整治集中录入 — the credit platform carries TWO KINDS of bad records: the usual ones after a
  finding (a real signal), and a burst keyed in on three days of August–September 2026 after the provincial 建筑市场
  秩序专项整治 (paperwork lapses: 资料不全, 人员未到岗), 1–5 per firm, hitting larger firms more (and larger firms are
  the safer ones here); they stay in force until August 2027. A 2025 燃气 campaign did the same to gas firms (expired
  by 2027). GRADE NEARLY USELESS: the platform's October 2026 regrading is mechanical on records in force (≥3 → D,
  1–2 → C), so the latest grade mostly counts the burst.
* ``competitor_complaints`` 同行恶意举报 — in two districts a rival files serial complaints (4–14 each, in bursts of
  2–4 within a week) against 12% of the builders and property managers there, preferring the better-run firms that
  win bids. Half the bursts lead to a check, which mostly finds nothing. Genuine complaints (12345) follow the risk
  and also lead to checks. GRADE INFORMATIVE: the December 2026 grade comes from a good view of the firm's risk.
* ``open_projects`` 在建项目数 — risk rises with the count of open projects (项目经理一人多岗, 挂证): 30% of builders
  grew from 1–2 projects in 2024 to 5–12 in 2027, and rapid growth itself adds risk. Site checks are per project, so a
  busy firm is checked often. The register's size and employees were filled in at registration and never updated:
  most growers still read micro/small. Grades: yearly, mechanical on bad records (busier firms collect more).
* ``desk_checks`` 书面检查与现场检查 — the history mixes desk checks (书面/非现场, by 数字住建监管中心 agency ``sz``)
  that find a violation at 15% of the true rate with site checks that find it at the true rate. Firms with online
  monitoring are checked mostly at the desk, and from 2025 the 无事不扰 policy moved A/B-graded firms to desk checks
  too; monitoring was installed where trouble was (remote firms are riskier). Grades: a fair 2024 grade, then a
  2026 regrading from the recorded outcomes (desk-checked firms look clean). IoT alarms (data_monitoring) and
  complaints follow the true risk.
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
FAMILIES = ("subcontract_chain", "deadline_rush", "credit_burst", "competitor_complaints", "open_projects",
            "desk_checks")

CITY_CODE = "330600"
DISTRICTS = {"330602": "越城区", "330603": "柯桥区", "330604": "上虞区", "330624": "新昌县", "330681": "诸暨市",
             "330683": "嵊州市"}
_DISTRICT_P = np.array([0.24, 0.22, 0.17, 0.08, 0.18, 0.11])
_ROADS = ("解放北路", "中兴路", "环城西路", "胜利路", "延安路", "人民路", "越王路", "鲁迅路", "笛扬路", "柯桥大道",
          "钱陶公路", "群贤路", "金柯桥大道", "百官大道", "江扬路", "人民大道", "鼓山路", "七星街道", "望江路",
          "浣东路", "艮塔路", "暨阳路", "北直街", "官河路", "剡湖街道", "城北路")
AGENCIES = {"zj": "绍兴市住房和城乡建设局", "cg": "绍兴市综合行政执法局", "rq": "绍兴市燃气管理中心",
            "fg": "绍兴市房地产管理服务中心", "sz": "绍兴市数字住建监管中心"}
SECTOR_AGENCY = {"construction": "zj", "real_estate": "fg", "property_mgmt": "fg", "gas": "rq", "supervision": "zj",
                 "survey_design": "zj", "testing": "zj", "ready_mix": "zj", "municipal": "cg", "other": "cg"}
_ALL = "construction;real_estate;property_mgmt;gas;supervision;survey_design;testing;ready_mix;municipal;other"
ITEMS = [  # item_id, agency, name, legal basis, sectors, remote_allowed
    ("SX-ZJ-001", "zj", "建设工程施工现场质量安全监督检查", "《建设工程安全生产管理条例》第四十条；《建设工程质量管理条例》第四十七条",
     "construction;supervision;testing;ready_mix;municipal;survey_design", "false"),
    ("SX-ZJ-002", "zj", "建筑市场行为与农民工工资支付检查", "《保障农民工工资支付条例》第四十八条", "construction;municipal",
     "true"),
    ("SX-CG-001", "cg", "施工工地扬尘与夜间施工检查", "《浙江省大气污染防治条例》；《中华人民共和国噪声污染防治法》第四十三条",
     "construction;municipal;ready_mix;other", "false"),
    ("SX-RQ-001", "rq", "燃气经营许可与安全运行检查", "《城镇燃气管理条例》第四十一条；《浙江省燃气管理条例》", "gas", "false"),
    ("SX-FG-001", "fg", "物业服务与房地产开发经营检查", "《物业管理条例》；《城市房地产开发经营管理条例》",
     "property_mgmt;real_estate", "false"),
    ("SX-SZ-001", "sz", "住建领域非现场监管（书面检查）", "《浙江省行政检查办法》；《优化营商环境条例》", _ALL, "true"),
]
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015
_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_WORDS = ("越", "兰亭", "会稽", "稽山", "镜湖", "鉴湖", "柯", "虞舜", "曹娥", "剡溪", "暨阳", "浣江", "古越", "大禹",
          "沈园", "东湖", "卧龙", "若耶", "秋瑾", "新昌")
_MIDS = ("宏", "远", "达", "建", "安", "信", "诚", "通", "隆", "恒", "泰", "盛", "华", "德", "元", "顺", "丰", "锦")
_TAIL = {"construction": "建设有限公司", "real_estate": "房地产开发有限公司", "property_mgmt": "物业服务有限公司",
         "gas": "燃气有限公司", "supervision": "工程监理有限公司", "survey_design": "勘察设计院有限公司",
         "testing": "建设工程检测有限公司", "ready_mix": "混凝土有限公司", "municipal": "市政园林工程有限公司",
         "other": "劳务有限公司"}
TODAY = dt.date(PLAN_YEAR, 1, 1)
_SIZE_BOUNDS = {"micro": (2, 10), "small": (10, 100), "medium": (100, 300), "large": (300, 3000)}


def credit_code(body17: str) -> str:
    """统一社会信用代码: the GB 32100-2015 check character appended to 17 characters."""
    s = sum(_CODE_CHARS.index(c) * w for c, w in zip(body17, _CODE_WEIGHTS, strict=True))
    return body17 + _CODE_CHARS[(31 - s % 31) % 31]


def _sig(z: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, float)))


def _day(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    """A uniform day in [start, end]."""
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def _pick(rng: np.random.Generator, options: dict[str, float], n: int) -> np.ndarray:
    keys = list(options)
    p = np.array([options[k] for k in keys], float)
    return rng.choice(np.array(keys, dtype=object), size=n, p=p / p.sum())


def _map(values: np.ndarray, table: dict[str, float]) -> np.ndarray:
    return np.array([table.get(str(v), 0.0) for v in values])


# ------------------------------------------------------------------------------------------- the register

def _register(rng: np.random.Generator, sector: np.ndarray, size: np.ndarray, young: float = 0.15,
              employees: np.ndarray | None = None) -> pd.DataFrame:
    """检查对象名录库 from each firm's sector and (registered) size."""
    n = len(sector)
    if employees is None:
        lo = np.array([_SIZE_BOUNDS[s][0] for s in size], float)
        hi = np.array([_SIZE_BOUNDS[s][1] for s in size], float)
        employees = np.exp(rng.uniform(np.log(lo), np.log(hi))).astype(int)
    age = np.where(rng.random(n) < young, rng.uniform(0.2, 3.0, n), 2.0 + rng.gamma(2.0, 5.0, n))
    age = np.minimum(age, 40.0)
    est = np.array([TODAY - dt.timedelta(days=int(a * 365.25)) for a in age], dtype=object)
    remote_p = _map(sector, {"gas": 0.6, "construction": 0.3, "municipal": 0.3, "ready_mix": 0.35,
                             "property_mgmt": 0.15})
    remote = rng.random(n) < np.maximum(remote_p, 0.03)
    district = rng.choice(list(DISTRICTS), size=n, p=_DISTRICT_P / _DISTRICT_P.sum())
    ids: list[str] = []
    names: list[str] = []
    addrs: list[str] = []
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    for i in range(n):
        while True:
            code = credit_code("91" + district[i] + "".join(rng.choice(list(_CODE_CHARS), size=9)))
            if code not in seen_ids:
                seen_ids.add(code)
                ids.append(code)
                break
        base = f"绍兴市{_WORDS[rng.integers(len(_WORDS))]}{_MIDS[rng.integers(len(_MIDS))]}{_TAIL[sector[i]]}"
        name, k = base, 2
        while name in seen_names:
            name = f"{base}（{k}）"
            k += 1
        seen_names.add(name)
        names.append(name)
        addrs.append(f"浙江省绍兴市{DISTRICTS[district[i]]}{_ROADS[rng.integers(len(_ROADS))]}{int(rng.integers(1, 900))}号")
    lat = 29.9 + rng.normal(0, 0.15, n)
    lon = 120.6 + rng.normal(0, 0.2, n)
    return pd.DataFrame({"enterprise_id": ids, "name": names, "district_code": district, "sector": sector,
                         "size": size, "employees": employees, "established_on": est, "age": age, "address": addrs,
                         "lat": np.round(lat, 6), "lon": np.round(lon, 6), "remote_monitoring": remote})


def _draw_register(rng: np.random.Generator, n: int, sectors: dict[str, float],
                   sizes: tuple[float, float, float, float] = (0.35, 0.4, 0.18, 0.07), young: float = 0.15
                   ) -> pd.DataFrame:
    sector = _pick(rng, sectors, n)
    size = _pick(rng, dict(zip(SIZES, sizes, strict=True)), n)
    return _register(rng, sector, size, young)


# ------------------------------------------------------------------------------------------- the history

@dataclass
class World:
    firms: pd.DataFrame
    truth: np.ndarray  # p_violation in the plan year
    # idx, date, outcome, rectified, agency (or ""), team district (or ""), officer ids (or "")
    inspections: list[tuple[int, dt.date, str, str, str, str, str]] = field(default_factory=list)
    records: list[tuple[int, dt.date, str, dt.date | None, str]] = field(default_factory=list)
    triggers: list[tuple[int, dt.date, str, bool]] = field(default_factory=list)
    grades: list[tuple[int, str, dt.date]] = field(default_factory=list)


def _alive(w: World, i: int, when: dt.date) -> bool:
    return bool(w.firms["established_on"].iat[i] + dt.timedelta(days=45) <= when)


def _check(w: World, rng: np.random.Generator, i: int, when: dt.date, p_find: float, p_minor: float = 0.25,
           agency: str = "", team: str = "", who: str = "") -> str:
    """One past inspection as written down: a violation with probability `p_find`."""
    if rng.random() < p_find:
        outcome = "serious" if rng.random() < 0.1 + 0.25 * p_find else "violation"
        rect = "true" if rng.random() < 0.75 else "false"
    else:
        outcome = "minor" if rng.random() < p_minor else "compliant"
        rect = ""
    w.inspections.append((i, when, outcome, rect, agency, team, who))
    return outcome


def _random_checks(w: World, rng: np.random.Generator, year: int, share: float | np.ndarray, p: np.ndarray,
                   agency: str = "") -> None:
    """双随机一公开: a share of firms checked once on a uniform day of the year."""
    for i in np.flatnonzero(rng.random(len(p)) < share):
        when = _day(rng, dt.date(year, 1, 5), dt.date(year, 12, 25))
        if _alive(w, i, when):
            _check(w, rng, i, when, p[i], agency=agency)


def _records_after_findings(w: World, rng: np.random.Generator, share: float = 0.5) -> None:
    """Findings reach the credit platform as 不良信用信息 (serious and unrectified: sometimes 严重失信)."""
    for i, when, out, rect, *_ in list(w.inspections):
        if out not in ("violation", "serious") or rng.random() > share:
            continue
        on = when + dt.timedelta(days=int(rng.integers(7, 40)))
        w.records.append((i, on, "bad", on + dt.timedelta(days=int(rng.choice([182, 365, 730]))), "行政处罚"))
        if out == "serious" and rect == "false" and rng.random() < 0.4:
            w.records.append((i, on, "serious_dishonest", on + dt.timedelta(days=1095), "严重失信"))
        elif rect == "true" and rng.random() < 0.25:
            w.records.append((i, on + dt.timedelta(days=int(rng.integers(90, 270))), "repair", None, "信用修复"))


def _other_departments(w: World, rng: np.random.Generator, p_by_year: dict[int, np.ndarray], bad: float = 0.03,
                       good: float = 0.05) -> None:
    """Records from tax, courts, market regulation; commendations (优质工程, 文明工地) for the well-run."""
    for year in HISTORY:
        p = p_by_year[year]
        for i in np.flatnonzero(rng.random(len(p)) < bad * p / max(p.mean(), 1e-6)):
            on = _day(rng, dt.date(year, 1, 1), dt.date(year, 12, 31))
            if _alive(w, i, on):
                w.records.append((i, on, "bad", on + dt.timedelta(days=int(rng.choice([365, 730, 1095]))), "其他部门"))
        for i in np.flatnonzero(rng.random(len(p)) < good * (1 - p) ** 3):
            on = _day(rng, dt.date(year, 1, 1), dt.date(year, 12, 31))
            if _alive(w, i, on):
                kind = "commendation" if rng.random() < 0.3 else "good"
                w.records.append((i, on, kind, on + dt.timedelta(days=1095), "优良信用"))


def _triggers(w: World, rng: np.random.Generator, rate: np.ndarray, start: dt.date, end: dt.date,
              kinds: dict[str, float] | None = None, urgent: float = 0.06) -> list[tuple[int, dt.date]]:
    """Poisson triggers at `rate` a year per firm; returns (firm, day) of each."""
    kinds = kinds or {"complaint": 0.7, "referral": 0.2, "data_monitoring": 0.05, "enterprise_request": 0.05}
    names = list(kinds)
    kp = np.array([kinds[k] for k in names])
    counts = rng.poisson(np.asarray(rate) * ((end - start).days + 1) / 365.25)
    made = []
    for i in np.flatnonzero(counts):
        for _ in range(counts[i]):
            on = _day(rng, start, end)
            if _alive(w, i, on):
                w.triggers.append((i, on, str(rng.choice(names, p=kp / kp.sum())), bool(rng.random() < urgent)))
                made.append((int(i), on))
    return made


def _rank_grades(score: np.ndarray, shares: tuple[float, float, float, float] = (0.3, 0.4, 0.2, 0.1)) -> np.ndarray:
    """A/B/C/D by the rank of `score` (high = risky)."""
    q = np.argsort(np.argsort(score, kind="stable"), kind="stable") / max(len(score) - 1, 1)
    cuts = np.cumsum(shares)[:-1] / sum(shares)
    return np.array(["A", "B", "C", "D"])[np.searchsorted(cuts, q, side="right")]


def _grade_all(w: World, grades: np.ndarray, on: dt.date, who: np.ndarray | None = None) -> None:
    for i in range(len(grades)):
        if (who is None or who[i]) and _alive(w, i, on):
            w.grades.append((i, str(grades[i]), on))


# ------------------------------------------------------------------------------------------- families

def _subcontract_chain(rng: np.random.Generator, n: int) -> World:
    n_gc = max(6, int(0.10 * n))
    n_sub = int(0.45 * n)
    n_ind = n - n_gc - n_sub
    role = np.array(["gc"] * n_gc + ["sub"] * n_sub + ["ind"] * n_ind, dtype=object)
    sector = np.empty(n, dtype=object)
    size = np.empty(n, dtype=object)
    sector[:n_gc] = _pick(rng, {"construction": 0.85, "municipal": 0.15}, n_gc)
    size[:n_gc] = _pick(rng, {"small": 0.15, "medium": 0.5, "large": 0.35}, n_gc)
    sector[n_gc:n_gc + n_sub] = _pick(rng, {"construction": 0.6, "other": 0.25, "municipal": 0.15}, n_sub)
    size[n_gc:n_gc + n_sub] = _pick(rng, {"micro": 0.55, "small": 0.4, "medium": 0.05}, n_sub)
    sector[n_gc + n_sub:] = _pick(rng, {"construction": 0.15, "real_estate": 0.15, "property_mgmt": 0.2, "gas": 0.1,
                                        "supervision": 0.1, "survey_design": 0.06, "testing": 0.06, "ready_mix": 0.1,
                                        "other": 0.08}, n_ind)
    size[n_gc + n_sub:] = _pick(rng, {"micro": 0.3, "small": 0.4, "medium": 0.2, "large": 0.1}, n_ind)
    f = _register(rng, sector, size, young=0.18)
    gc_idx = np.arange(n_gc)
    sub_idx = np.arange(n_gc, n_gc + n_sub)
    weight = rng.pareto(1.5, n_gc) + 0.3
    boss = np.full(n, -1)
    boss[sub_idx] = rng.choice(gc_idx, size=n_sub, p=weight / weight.sum())
    moved = np.zeros(n, bool)
    moved[sub_idx] = rng.random(n_sub) < 0.12
    new_boss = boss.copy()
    new_boss[moved] = rng.choice(gc_idx, size=int(moved.sum()), p=weight / weight.sum())
    culture = rng.normal(0, 1.0, n_gc)  # the contractor's site culture
    u = rng.normal(0, 1.0, n)
    sect = _map(sector, {"gas": 0.3, "ready_mix": 0.2, "survey_design": -0.6, "testing": -0.4, "real_estate": 0.1})

    def z_of(bosses: np.ndarray) -> np.ndarray:
        z = np.where(role == "ind", -2.2 + 0.75 * u + sect, 0.0)
        z = np.where(role == "gc", -2.0 + 0.7 * np.pad(culture, (0, n - n_gc)) + 0.3 * u, z)
        sub_z = -2.1 + 1.1 * culture[np.maximum(bosses, 0)] + 0.45 * u + 0.2 * (sector == "other")
        return np.where(role == "sub", sub_z, z)

    z = {t: z_of(boss) + rng.normal(0, 0.25, n) for t in HISTORY}
    z27 = z_of(new_boss) + rng.normal(0, 0.25, n)
    w = World(f, _sig(z27))
    switch_day = dt.date(2026, 9, 1)
    for year in HISTORY:
        p = _sig(z[year])
        if year == 2026:
            p_new = _sig(z_of(new_boss) + rng.normal(0, 0.25, n))
        for g in gc_idx:
            for _ in range(rng.poisson(1.3)):
                when = _day(rng, dt.date(year, 2, 20), dt.date(year, 12, 20))
                if not _alive(w, g, when):
                    continue
                bosses = new_boss if when >= switch_day else boss
                team = str(f["district_code"].iat[g]) if rng.random() < 0.8 else CITY_CODE
                who = ";".join(f"zj{team}-{j:02d}" for j in sorted(rng.choice(6, size=2, replace=False) + 1))
                _check(w, rng, int(g), when, p[g], agency="zj", team=team, who=who)
                subs = np.flatnonzero(bosses == g)
                if len(subs) == 0:
                    continue
                on_site = subs[rng.random(len(subs)) < min(1.0, 2.2 / len(subs))]
                for s in on_site:
                    if _alive(w, int(s), when):
                        ps = p_new[s] if (year == 2026 and when >= switch_day) else p[s]
                        _check(w, rng, int(s), when, ps, agency="zj", team=team, who=who)
        share = np.where(role == "sub", 0.04, np.where(role == "ind", 0.13, 0.0))
        _random_checks(w, rng, year, share, p)
    _records_after_findings(w, rng)
    _other_departments(w, rng, {t: _sig(z[t]) for t in HISTORY}, bad=0.03)
    for year in HISTORY:  # 农民工欠薪 and site complaints follow the risk
        _triggers(w, rng, 0.03 + 0.25 * _sig(z[year]), dt.date(year, 1, 1), dt.date(year, 12, 31))
    rated = role != "sub"
    sub_rated = (role == "sub") & (rng.random(n) < 0.3)
    for year in HISTORY:
        on = dt.date(year, 12, 15)
        g = _rank_grades(z[year] + rng.normal(0, 0.6, n))
        _grade_all(w, g, on, rated)
        _grade_all(w, np.where(rng.random(n) < 0.15, "C", "B"), on, sub_rated)
    return w


def _deadline_rush(rng: np.random.Generator, n: int) -> World:
    f = _draw_register(rng, n, {"construction": 0.38, "ready_mix": 0.1, "municipal": 0.12, "real_estate": 0.08,
                                "property_mgmt": 0.12, "gas": 0.05, "supervision": 0.06, "survey_design": 0.03,
                                "testing": 0.03, "other": 0.03})
    s = f["sector"].to_numpy()
    builder = np.isin(s, ["construction", "ready_mix", "municipal", "real_estate"])
    rush = np.where(builder & (rng.random(n) < 0.55), rng.gamma(2.0, 0.8, n), rng.gamma(0.5, 0.2, n))
    u = rng.normal(0, 0.55, n)
    z0 = -2.6 + u + _map(s, {"construction": 0.2, "gas": 0.3, "survey_design": -0.5, "testing": -0.3})
    years = (*HISTORY, PLAN_YEAR)
    peak: dict[int, np.ndarray] = {}
    big27 = builder & (rng.random(n) < 0.35)  # 保障房/城中村 projects due by June 2027
    for t in years:
        pk = np.zeros((n, 12))
        k = np.where(builder, rng.integers(1, 4, n), rng.integers(0, 2, n))
        for i in range(n):
            months = list(rng.choice(12, size=int(k[i]), replace=False))
            if t == PLAN_YEAR and big27[i]:
                months.append(5)  # June
            for m in months:
                pk[i, max(0, m - 2):m + 1] = np.maximum(pk[i, max(0, m - 2):m + 1], [0.6, 0.9, 1.0][-(m + 1 - max(0, m - 2)):])
        peak[t] = pk
    noise = {t: rng.normal(0, 0.25, n) for t in years}

    def p_month(t: int) -> np.ndarray:
        return _sig(z0[:, None] + noise[t][:, None] + 1.9 * rush[:, None] * peak[t])

    w = World(f, p_month(PLAN_YEAR).mean(axis=1))
    for year in HISTORY:
        pm = p_month(year)
        for i in np.flatnonzero(rng.random(n) < 0.15):
            if rng.random() < 0.6:
                when = _day(rng, dt.date(year, 3, 1), dt.date(year, 5, 31))
            else:
                when = _day(rng, dt.date(year, 9, 1), dt.date(year, 11, 30))
            if _alive(w, i, when):
                _check(w, rng, int(i), when, pm[i, when.month - 1])
        # 夜间施工扰民 complaints and site-video alarms in the peak months
        for m in range(12):
            start = dt.date(year, m + 1, 1)
            end = (dt.date(year, m + 2, 1) if m < 11 else dt.date(year + 1, 1, 1)) - dt.timedelta(days=1)
            rate = 12 * (0.004 + 0.05 * rush * peak[year][:, m])
            _triggers(w, rng, rate, start, end, {"complaint": 0.85, "referral": 0.15}, urgent=0.1)
            alarm = 12 * 0.05 * rush * peak[year][:, m] * f["remote_monitoring"].to_numpy()
            _triggers(w, rng, alarm, start, end, {"data_monitoring": 1.0}, urgent=0.2)
        _triggers(w, rng, 0.03 + 0.1 * _sig(z0), dt.date(year, 1, 1), dt.date(year, 12, 31))
    ask = (big27 & (rng.random(n) < 0.55)) | (~big27 & builder & (rng.random(n) < 0.1))
    for i in np.flatnonzero(ask):
        on = _day(rng, dt.date(2026, 11, 1), dt.date(2026, 12, 28))
        if _alive(w, int(i), on):
            w.triggers.append((int(i), on, "enterprise_request", False))
    _records_after_findings(w, rng)
    _other_departments(w, rng, {t: _sig(z0 + noise[t]) for t in HISTORY}, bad=0.02)
    for year in HISTORY:
        _grade_all(w, _rank_grades(z0 + noise[year] + rng.normal(0, 0.5, n)), dt.date(year, 11, 30))
    return w


def _credit_burst(rng: np.random.Generator, n: int) -> World:
    f = _draw_register(rng, n, {"construction": 0.3, "supervision": 0.1, "ready_mix": 0.08, "testing": 0.05,
                                "survey_design": 0.05, "real_estate": 0.08, "property_mgmt": 0.14, "gas": 0.08,
                                "municipal": 0.07, "other": 0.05})
    s, size = f["sector"].to_numpy(), f["size"].to_numpy()
    u = rng.normal(0, 0.7, n)
    z0 = (-2.1 + u + _map(s, {"construction": 0.3, "gas": 0.25, "ready_mix": 0.2, "survey_design": -0.5})
          + _map(size, {"micro": 0.5, "small": 0.15, "medium": -0.25, "large": -0.6}))
    z = {t: z0 + rng.normal(0, 0.25, n) for t in (*HISTORY, PLAN_YEAR)}
    w = World(f, _sig(z[PLAN_YEAR]))
    for year in HISTORY:
        _random_checks(w, rng, year, 0.15, _sig(z[year]))
    _records_after_findings(w, rng, share=0.6)
    _other_departments(w, rng, {t: _sig(z[t]) for t in HISTORY}, bad=0.03)
    for year in HISTORY:
        _triggers(w, rng, 0.03 + 0.35 * _sig(z[year]), dt.date(year, 1, 1), dt.date(year, 12, 31))
    # 2026 建筑市场秩序专项整治: a burst keyed in on three days, larger firms hit more, in force until August 2027
    market = np.isin(s, ["construction", "supervision", "ready_mix", "testing", "survey_design", "municipal"])
    hit = market & (rng.random(n) < _map(size, {"micro": 0.2, "small": 0.35, "medium": 0.55, "large": 0.7}))
    days = (dt.date(2026, 8, 18), dt.date(2026, 8, 19), dt.date(2026, 9, 22))
    notes = ("专项整治：施工资料不全", "专项整治：项目负责人未到岗", "专项整治：实名制考勤缺失", "专项整治：合同备案超期")
    for i in np.flatnonzero(hit):
        k = 1 + rng.poisson(_map(size[i:i + 1], {"micro": 0.4, "small": 0.8, "medium": 1.4, "large": 2.0})[0])
        for _ in range(min(int(k), 5)):
            on = days[rng.integers(3)]
            if _alive(w, int(i), on):
                w.records.append((int(i), on, "bad", dt.date(2027, 8, 18), str(rng.choice(notes))))
    gas_hit = (s == "gas") & (rng.random(n) < 0.5)  # 2025 燃气安全专项整治, expired before the plan year
    for i in np.flatnonzero(gas_hit):
        on = dt.date(2025, 4, 10)
        if _alive(w, int(i), on):
            w.records.append((int(i), on, "bad", dt.date(2026, 4, 10), "燃气专项整治：台账不全"))
    # grades: a fair one in October 2025, then a mechanical regrading on records in force in October 2026
    _grade_all(w, _rank_grades(z[2025] + rng.normal(0, 0.6, n)), dt.date(2025, 10, 20))
    on = dt.date(2026, 10, 20)
    bad_in_force = np.zeros(n)
    good_in_force = np.zeros(n)
    for i, d, kind, exp, _note in w.records:
        if d <= on and (exp is None or exp >= on):
            if kind in ("bad", "serious_dishonest"):
                bad_in_force[i] += 1
            elif kind in ("good", "commendation"):
                good_in_force[i] += 1
    g = np.where(bad_in_force >= 3, "D", np.where(bad_in_force >= 1, "C", np.where(good_in_force > 0, "A", "B")))
    _grade_all(w, g, on)
    return w


def _competitor_complaints(rng: np.random.Generator, n: int) -> World:
    f = _draw_register(rng, n, {"construction": 0.32, "property_mgmt": 0.2, "real_estate": 0.08, "gas": 0.07,
                                "supervision": 0.07, "survey_design": 0.04, "testing": 0.04, "ready_mix": 0.07,
                                "municipal": 0.07, "other": 0.04}, young=0.2)
    s, d = f["sector"].to_numpy(), f["district_code"].to_numpy()
    u = rng.normal(0, 0.85, n)
    z0 = (-2.1 + u + 0.5 * (f["age"].to_numpy() < 3) + _map(s, {"construction": 0.2, "gas": 0.25,
                                                                   "survey_design": -0.5, "testing": -0.3}))
    z = {t: z0 + rng.normal(0, 0.25, n) for t in (*HISTORY, PLAN_YEAR)}
    w = World(f, _sig(z[PLAN_YEAR]))
    for year in HISTORY:
        p = _sig(z[year])
        _random_checks(w, rng, year, 0.11, p)
        for i, on in _triggers(w, rng, 0.02 + 0.3 * p, dt.date(year, 1, 1), dt.date(year, 12, 31)):
            when = on + dt.timedelta(days=int(rng.integers(2, 20)))
            if rng.random() < 0.6 and when < TODAY:
                _check(w, rng, i, when, p[i], p_minor=0.3)
    # the rival: two districts, builders and property managers, the better-run more often
    arena = np.isin(d, ["330602", "330603"]) & np.isin(s, ["construction", "property_mgmt"])
    cand = np.flatnonzero(arena)
    k = max(1, int(0.12 * len(cand)))
    wgt = np.exp(-1.2 * u[cand])
    targets = rng.choice(cand, size=min(k, len(cand)), replace=False, p=wgt / wgt.sum())
    for i in targets:
        total = int(rng.integers(4, 15))
        made = 0
        while made < total:
            start = _day(rng, dt.date(2025, 1, 10), dt.date(2026, 12, 15))
            burst = min(int(rng.integers(2, 5)), total - made)
            for _ in range(burst):
                on = start + dt.timedelta(days=int(rng.integers(0, 7)))
                if _alive(w, int(i), on) and on < TODAY:
                    w.triggers.append((int(i), on, "complaint", bool(rng.random() < 0.05)))
            made += burst
            when = start + dt.timedelta(days=int(rng.integers(5, 20)))
            if rng.random() < 0.5 and _alive(w, int(i), when) and when < TODAY:
                _check(w, rng, int(i), when, _sig(z[when.year])[i], p_minor=0.3)
    _records_after_findings(w, rng)
    _other_departments(w, rng, {t: _sig(z[t]) for t in HISTORY}, bad=0.03)
    _grade_all(w, _rank_grades(z[2025] + rng.normal(0, 0.6, n)), dt.date(2025, 12, 20))
    _grade_all(w, _rank_grades(z[2026] + rng.normal(0, 0.4, n)), dt.date(2026, 12, 20))
    return w


def _open_projects(rng: np.random.Generator, n: int) -> World:
    sector = _pick(rng, {"construction": 0.42, "municipal": 0.12, "ready_mix": 0.06, "supervision": 0.1,
                         "real_estate": 0.08, "property_mgmt": 0.1, "gas": 0.04, "survey_design": 0.04,
                         "testing": 0.04}, n)
    builder = np.isin(sector, ["construction", "municipal", "supervision"])
    grower = builder & (rng.random(n) < 0.3)
    years = (*HISTORY, PLAN_YEAR)
    base_k = np.where(builder, rng.negative_binomial(2, 0.5, n) + 1, rng.poisson(0.8, n))
    target = rng.integers(5, 13, n)
    proj = {}
    for j, t in enumerate(years):
        grown = np.round(1 + (target - 1) * (j / 3) ** 1.3 + rng.normal(0, 0.6, n))
        proj[t] = np.maximum(0, np.where(grower, grown, base_k + rng.integers(-1, 2, n))).astype(int)
    # the register: size at registration, never updated (growers mostly small on paper)
    reg_size = np.where(grower, _pick(rng, {"micro": 0.45, "small": 0.45, "medium": 0.1}, n),
                        _pick(rng, {"micro": 0.3, "small": 0.42, "medium": 0.2, "large": 0.08}, n))
    f = _register(rng, sector, reg_size, young=0.12)
    u = rng.normal(0, 0.5, n)
    sect = _map(sector, {"ready_mix": 0.2, "gas": 0.3, "survey_design": -0.5, "testing": -0.3})

    def zt(t: int) -> np.ndarray:
        growth = np.maximum(0, proj[t] - proj[max(t - 1, HISTORY[0])]) if t > HISTORY[0] else np.zeros(n)
        return -2.7 + u + sect + 0.3 * np.minimum(proj[t], 12) + 0.2 * np.minimum(growth, 4) + rng.normal(0, 0.2, n)

    z = {t: zt(t) for t in years}
    w = World(f, _sig(z[PLAN_YEAR]))
    for year in HISTORY:
        p = _sig(z[year])
        visits = rng.poisson(0.3 * proj[year] + np.where(builder, 0.0, 0.1))
        for i in np.flatnonzero(visits):
            for _ in range(int(visits[i])):
                when = _day(rng, dt.date(year, 1, 8), dt.date(year, 12, 25))
                if _alive(w, int(i), when):
                    _check(w, rng, int(i), when, p[i])
        _triggers(w, rng, 0.02 + 0.06 * proj[year], dt.date(year, 1, 1), dt.date(year, 12, 31))
    _records_after_findings(w, rng, share=0.6)
    _other_departments(w, rng, {t: _sig(z[t]) for t in HISTORY}, bad=0.02)
    for year in HISTORY:  # mechanical grades on bad records in force
        on = dt.date(year, 12, 10)
        bad = np.zeros(n)
        for i, dday, kind, exp, _note in w.records:
            if kind in ("bad", "serious_dishonest") and dday <= on and (exp is None or exp >= on):
                bad[i] += 1
        g = np.where(bad >= 3, "D", np.where(bad >= 2, "C", np.where(bad >= 1, "B", "A")))
        _grade_all(w, g, on)
    return w


def _desk_checks(rng: np.random.Generator, n: int) -> World:
    f = _draw_register(rng, n, {"construction": 0.3, "gas": 0.12, "property_mgmt": 0.15, "real_estate": 0.08,
                                "municipal": 0.08, "ready_mix": 0.08, "supervision": 0.07, "survey_design": 0.04,
                                "testing": 0.04, "other": 0.04})
    s = f["sector"].to_numpy()
    remote = f["remote_monitoring"].to_numpy()
    u = rng.normal(0, 0.65, n)
    z0 = -2.1 + u + 0.6 * remote + _map(s, {"gas": 0.4, "construction": 0.3, "ready_mix": 0.2, "survey_design": -0.6,
                                            "testing": -0.4, "real_estate": -0.2})
    z = {t: z0 + rng.normal(0, 0.25, n) for t in (*HISTORY, PLAN_YEAR)}
    w = World(f, _sig(z[PLAN_YEAR]))
    g24 = _rank_grades(z0 + rng.normal(0, 0.7, n))
    _grade_all(w, g24, dt.date(2024, 3, 15))
    mild = np.isin(g24, ["A", "B"])
    for year in HISTORY:
        p = _sig(z[year])
        desk_p = np.where(remote, 0.8, np.where(mild & (year >= 2025), 0.6, 0.1))
        checks = rng.poisson(np.where(desk_p > 0.5, 0.5, 0.25))
        for i in np.flatnonzero(checks):
            for _ in range(int(checks[i])):
                when = _day(rng, dt.date(year, 1, 6), dt.date(year, 12, 24))
                if not _alive(w, int(i), when):
                    continue
                if rng.random() < desk_p[i]:
                    _check(w, rng, int(i), when, 0.15 * p[i], p_minor=0.1, agency="sz", team=CITY_CODE)
                else:
                    _check(w, rng, int(i), when, p[i])
        _triggers(w, rng, 0.03 + 0.45 * p, dt.date(year, 1, 1), dt.date(year, 12, 31),
                  {"complaint": 0.75, "referral": 0.25})
        _triggers(w, rng, remote * 1.2 * p, dt.date(year, 1, 1), dt.date(year, 12, 31), {"data_monitoring": 1.0},
                  urgent=0.15)
    _records_after_findings(w, rng)
    _other_departments(w, rng, {t: _sig(z[t]) for t in HISTORY}, bad=0.02)
    # the 2026 regrading from what was recorded: a finding makes C/D, a clean record A/B
    found = np.zeros(n)
    seen = np.zeros(n)
    for i, when, out, *_ in w.inspections:
        if when.year >= 2025:
            seen[i] += 1
            found[i] += out in ("violation", "serious")
    g26 = np.where(found >= 2, "D", np.where(found == 1, "C", np.where(seen > 0, "A", "B")))
    _grade_all(w, g26, dt.date(2026, 7, 1))
    return w


_BUILDERS = {"subcontract_chain": _subcontract_chain, "deadline_rush": _deadline_rush, "credit_burst": _credit_burst,
             "competitor_complaints": _competitor_complaints, "open_projects": _open_projects,
             "desk_checks": _desk_checks}


# ------------------------------------------------------------------------------------------- the bundle

def _staff(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    teams, officers = [], []
    for ag in AGENCIES:
        for d in (*DISTRICTS, CITY_CODE):
            tid = f"{ag}{d}"
            teams.append((tid, ag, d, 4 if d == CITY_CODE else 2))
            for k, role in enumerate(["enforcement"] * 6 + ["auxiliary", "legal_review"]):
                enf = role == "enforcement"
                officers.append((f"{tid}-{k + 1:02d}", f"执法人员{tid}-{k + 1:02d}", tid, role,
                                 f"浙{int(rng.integers(10**9, 10**10))}" if enf else "",
                                 "2029-12-31" if enf else "", int(rng.integers(55, 110)),
                                 int(rng.integers(50, 90)) if enf else ""))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]))


def _write(w: World, rng: np.random.Generator, bundle: Path, family: str) -> None:
    f = w.firms
    bundle.mkdir(parents=True, exist_ok=True)
    ent = f[["enterprise_id", "name", "district_code", "sector", "size", "employees", "established_on", "address",
             "lat", "lon"]].copy()
    ent["remote_monitoring"] = np.where(f["remote_monitoring"], "true", "false")
    ent.to_csv(bundle / "enterprises.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).to_csv(bundle / "agencies.csv", index=False)
    pd.DataFrame(ITEMS, columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"]).to_csv(
        bundle / "items.csv", index=False)
    teams, officers = _staff(rng)
    teams.to_csv(bundle / "teams.csv", index=False)
    officers.to_csv(bundle / "officers.csv", index=False)
    ids = f["enterprise_id"].to_numpy()
    home = f["sector"].map(SECTOR_AGENCY).to_numpy()
    district = f["district_code"].to_numpy()
    assert all(r[1] < TODAY for r in w.inspections), "history must end before the plan year"
    rows = []
    for k, (i, when, out, rect, ag, team, who) in enumerate(sorted(w.inspections, key=lambda r: (r[1], r[0]))):
        ag = ag or (home[i] if rng.random() < 0.9 else str(rng.choice(["zj", "cg", "fg", "rq"])))
        team = team or (district[i] if rng.random() < 0.82 else CITY_CODE)
        if not who:
            who = ";".join(f"{ag}{team}-{j:02d}" for j in sorted(rng.choice(6, size=2, replace=False) + 1))
        rows.append((f"SX{when:%Y%m%d}{k:06d}", ids[i], ag, when.isoformat(), who, out, rect))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(bundle / "inspections.csv", index=False)
    recs = [(ids[i], d.isoformat(), kind, e.isoformat() if e else "", note)
            for i, d, kind, e, note in sorted(w.records, key=lambda r: (r[1], r[0], r[2], r[4])) if d < TODAY]
    pd.DataFrame(recs, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"]).to_csv(
        bundle / "credit_records.csv", index=False)
    trg = [(f"SX12345-{k:07d}", ids[i], home[i], d.isoformat(), kind, "true" if urgent else "false")
           for k, (i, d, kind, urgent) in enumerate(sorted(w.triggers, key=lambda r: (r[1], r[0], r[2], r[3])))
           if d < TODAY]
    pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        bundle / "triggers.csv", index=False)
    gr = [(ids[i], g, d.isoformat()) for i, g, d in sorted(w.grades, key=lambda r: (r[2], r[0]))]
    pd.DataFrame(gr, columns=["enterprise_id", "grade", "rated_on"]).to_csv(bundle / "credit_grades.csv", index=False)
    # the plan year's 调休 schedule: the contract's example carries the 2027 calendar
    shutil.copy(Path("/work/shared/spec/example/calendar.csv"), bundle / "calendar.csv")
    policy = {"year": PLAN_YEAR, "seed": f"shaoxing-{family}", "sampling": "weighted_lottery"}
    (bundle / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")


def generate(family: str, n: int, seed: int, out: Path | str) -> tuple[Path, Path]:
    """Write `out`/bundle (a whole bundle) and `out`/truth.csv (beside it); return both paths."""
    if family not in _BUILDERS:
        raise ValueError(f"unknown family {family!r}; choose from {FAMILIES}")
    out = Path(out)
    rng = np.random.default_rng([seed, FAMILIES.index(family), n, 10])
    w = _BUILDERS[family](rng, n)
    bundle = out / "bundle"
    if bundle.exists():
        shutil.rmtree(bundle)
    _write(w, rng, bundle, family)
    p = np.clip(w.truth, 0.003, 0.97)
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": w.firms["enterprise_id"], "p_violation": np.round(p, 6)}).to_csv(truth,
                                                                                                   index=False)
    return bundle, truth


if __name__ == "__main__":
    import sys

    fam, n, seed, dest = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    print(generate(fam, n, seed, dest))
