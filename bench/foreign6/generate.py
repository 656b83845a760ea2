"""A sixth held-out bureau generator (issue 9) · 第六套独立生成的检验世界.

Written from the contract alone (/work/shared/spec/bundle.md, the example bundle, issue 9's text), without
reading the product's generator, its risk model or the five earlier held-out generators. Each call makes one
whole bundle (plan year 2027, history 2024–2026) and, beside it (never inside), ``truth.csv`` with
``enterprise_id, p_violation``: the probability that an inspection in 2027 finds a ``violation`` or a
``serious`` violation. Every random draw comes from one ``numpy.random.default_rng(seed)``.

The families (what is hidden, and how the official grade behaves):

``campaign`` 专项整治年 (Suzhou): a stable firm effect plus sector effects; each past year the bureau ran one
    sector campaign (2024 gas, 2025 construction, 2026 property management) and visited 70% of that sector
    and 7% of the rest, and inspectors in a campaign look harder (odds ×1.6, elsewhere ×0.8), so the history
    over-states the campaign sectors. ``minor`` is noise (12% flat). Grades are re-rated every December for
    every firm with any inspection or record, and *derived from the history* (violations, bad records,
    clean visits): they echo the data and carry no new information; never-visited firms are ungraded.
``project_cycle`` 在建项目周期 (Wuhan): for construction-like sectors the hidden driver is whether the firm has
    an active site that year (a Markov chain, persistence 0.65); idle firms almost never violate and are
    almost never visited (nothing to inspect). The 2027 activity shows up only as ``enterprise_request``
    triggers (开工/复工 applications) received from November 2026 to mid-January 2027, and as site-monitoring
    and complaint triggers in active years. ``minor`` findings are predictive (∝ p). Grades: rated once on
    2023-06-30 for 60% of firms, from the firm effect plus heavy noise: stale and partial.
``platform_sharp`` 信用平台精准分级 (Chengdu): one year of history (2026 only), a 12% uniform random lottery,
    few records and uninformative triggers; but the credit platform rated 92% of firms (all except the
    newest) on 2026-11-20 from the 2027 truth with little noise. Firms too new to be rated are the riskiest
    (+0.9 logit): a missing grade means "high", not "low".
``regime_shift`` 新规之后 (Zhengzhou): in 2024–2025 risk follows size (large firms) and an old firm effect; from
    2026 a new gas-safety regime makes gas and property-management firms the risky ones (+1.6, +0.8 more
    without remote monitoring), size stops mattering and the firm effect is largely renewed (corr 0.4).
    Grades were rated on 2025-03-15 for 80% of firms, sharp *for the old regime* (stale); 2025–2026 visits
    followed those grades (D 80%, C 40%, B 15%, A 5%, ungraded 20%). In 2026 40% of gas/property
    violations were recorded as ``minor`` (首违不罚), so minor findings carry the new signal.
``ushape_noisy`` 规模U型与新设企业 (Xi'an): nonlinear — risk is U-shaped in log employees (micro shops and
    very large firms), high for firms set up within about two years (decaying), lowered by remote monitoring
    only in gas and property management, +0.8 in one peri-urban district (城乡结合部); a weak firm effect.
    Visits: a 15% yearly lottery plus re-inspections 30–90 days after a violation (mostly clean). Grades: 45%
    of firms, each rated 1–3 times at its own dates in 2024–2026, noisy (noise sd 1.0 on the logit).
``rectify_memory`` 整改与信用修复 (Shenyang): visits are complaint-driven (a visit 5–20 days after 80% of
    complaints/referrals, plus 6% random); the 2027 risk is *caused by the history*: each rectified violation
    lowers it (−0.35, deterrence), each unrectified one raises it (+0.7), an unexpired serious-dishonesty
    listing +0.6, a credit repair −0.4; firms with a high firm effect rectify less. A few serious-dishonesty
    listings are dated January 2027 (known when the plan is made). Grades: every firm rated on 2026-06-30 by
    a vendor model that is useless (uniformly random).

Usage: ``python bench/foreign2/run.py --generator bench/foreign6 --product DIR`` (the shared harness), or
``generate(family, n, seed, out)`` from Python.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

PLAN_YEAR = 2027
HISTORY_YEARS = (2024, 2025, 2026)
SECTORS = ["construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing",
           "ready_mix", "municipal", "other"]
SIZES = ["micro", "small", "medium", "large"]
FAMILIES = ["campaign", "project_cycle", "platform_sharp", "regime_shift", "ushape_noisy", "rectify_memory"]
HERE = Path(__file__).resolve().parent

# city name, 6-digit city code (teams at the city level end in 00), district codes; one city per family
CITIES = {
    "campaign": ("苏州", "320500", ["320505", "320506", "320507", "320508", "320509"]),
    "project_cycle": ("武汉", "420100", ["420102", "420103", "420104", "420105", "420106", "420111"]),
    "platform_sharp": ("成都", "510100", ["510104", "510105", "510106", "510107", "510108"]),
    "regime_shift": ("郑州", "410100", ["410102", "410103", "410104", "410105", "410108"]),
    "ushape_noisy": ("西安", "610100", ["610102", "610103", "610104", "610111", "610112"]),
    "rectify_memory": ("沈阳", "210100", ["210102", "210103", "210104", "210105", "210106"]),
}
# which enforcement body inspects which sector (one agency per inspection)
AGENCIES = {"zj": "住房和城乡建设局", "cg": "城市管理综合行政执法局", "rq": "燃气管理中心", "fg": "房产管理中心"}
AGENCY_OF = {"construction": "zj", "supervision": "zj", "survey_design": "zj", "testing": "zj", "ready_mix": "zj",
             "municipal": "cg", "other": "cg", "gas": "rq", "real_estate": "fg", "property_mgmt": "fg"}
ITEMS = [  # item_id, agency, name, legal basis, sectors, remote allowed
    ("zj-01", "zj", "施工现场质量安全检查", "《建设工程安全生产管理条例》", "construction;ready_mix;testing", False),
    ("zj-02", "zj", "建筑市场主体行为检查", "《中华人民共和国建筑法》", "construction;supervision;survey_design;testing", True),
    ("cg-01", "cg", "市政设施养护检查", "《城市道路管理条例》", "municipal;other", False),
    ("cg-02", "cg", "建筑垃圾与扬尘管理检查", "《中华人民共和国固体废物污染环境防治法》", "municipal;construction;other", True),
    ("rq-01", "rq", "燃气经营安全检查", "《城镇燃气管理条例》", "gas", False),
    ("rq-02", "rq", "燃气经营许可条件核查", "《城镇燃气管理条例》", "gas", True),
    ("fg-01", "fg", "物业服务规范检查", "《物业管理条例》", "property_mgmt", False),
    ("fg-02", "fg", "商品房销售行为检查", "《城市房地产开发经营管理条例》", "real_estate", True),
]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]  # GB 11714 organisation code


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def uscc(district: str, rng: np.random.Generator) -> str:
    """A 统一社会信用代码 with valid check digits (GB 11714 inside, GB 32100 at the end)."""
    body = "".join(rng.choice(list("0123456789ABCDEFGHJKLMNPQRTUWXY"), 8))
    s = sum(int(c, 36) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    c9 = 11 - s % 11
    org = body + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
    code17 = "91" + district + org
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(code17, USCC_WEIGHTS, strict=True))
    return code17 + USCC_CHARS[(31 - s % 31) % 31]


def day(y: int, rng: np.random.Generator, size: int, lo: int = 0, hi: int = 365) -> np.ndarray:
    """Random dates of year `y` (day-of-year in [lo, hi))."""
    return np.datetime64(f"{y}-01-01") + rng.integers(lo, hi, size).astype("timedelta64[D]")


def grade_by_quantile(score: np.ndarray, shares=(0.35, 0.35, 0.2, 0.1)) -> np.ndarray:
    """A/B/C/D by rank of `score` (low = A), in the given shares."""
    r = pd.Series(score).rank(pct=True, method="first").to_numpy()
    cuts = np.cumsum(shares)
    return np.array(["A", "B", "C", "D"])[np.searchsorted(cuts[:-1], r, side="left")]


# ------------------------------------------------------------------ enterprises

def enterprises(rng: np.random.Generator, n: int, family: str, sector_w: list[float], new_share: float) -> pd.DataFrame:
    city, _, districts = CITIES[family]
    dist_w = rng.dirichlet(np.full(len(districts), 4.0))
    district = rng.choice(districts, n, p=dist_w)
    sector = rng.choice(SECTORS, n, p=np.array(sector_w) / sum(sector_w))
    size_p = {"gas": [0.1, 0.35, 0.35, 0.2], "other": [0.55, 0.3, 0.12, 0.03], "real_estate": [0.1, 0.3, 0.4, 0.2]}
    size = np.array([rng.choice(SIZES, p=size_p.get(s, [0.3, 0.38, 0.22, 0.1])) for s in sector])
    median = {"micro": 6, "small": 35, "medium": 180, "large": 1100}
    employees = np.array([int(rng.lognormal(np.log(median[z]), 0.45)) for z in size])
    new = rng.random(n) < new_share
    age_years = np.where(new, rng.uniform(0.05, 2.0, n), 2.0 + rng.gamma(2.0, 5.0, n))
    established = (np.datetime64(f"{PLAN_YEAR}-01-01") - (age_years * 365.25).astype(int).astype("timedelta64[D]"))
    remote_p = {"gas": 0.7, "construction": 0.35, "municipal": 0.3, "property_mgmt": 0.25, "ready_mix": 0.3}
    remote = rng.random(n) < np.array([remote_p.get(s, 0.05) for s in sector])
    ids: set[str] = set()
    eid = []
    for d in district:
        while (c := uscc(d, rng)) in ids:
            pass
        ids.add(c)
        eid.append(c)
    brand = list("恒泰华鑫宏盛嘉誉立诚安远达兴建润城诺新富")
    suffix = {"construction": "建设工程", "real_estate": "房地产开发", "property_mgmt": "物业服务", "gas": "燃气",
              "supervision": "工程监理", "survey_design": "勘察设计", "testing": "工程检测", "ready_mix": "混凝土",
              "municipal": "市政工程", "other": "环境工程"}
    names = [f"{city}{''.join(rng.choice(brand, 2))}{suffix[s]}有限公司" for s in sector]
    return pd.DataFrame({
        "enterprise_id": eid, "name": names, "district_code": district, "sector": sector, "size": size,
        "employees": employees, "established_on": pd.to_datetime(established).strftime("%Y-%m-%d"),
        "address": [f"{city}市某区某路{k}号" for k in rng.integers(1, 999, n)],
        "remote_monitoring": np.where(remote, "true", "false"),
        "_age": age_years, "_new": new, "_sector": sector, "_size_idx": np.array([SIZES.index(z) for z in size]),
    })


# ------------------------------------------------------------------ history pieces

def outcomes(rng: np.random.Generator, p_viol: np.ndarray, p_minor: np.ndarray, p_rect: np.ndarray) -> tuple:
    """Outcome and `rectified` of each visit: violation-or-serious with p_viol (a quarter serious), else minor."""
    u = rng.random(len(p_viol))
    viol = u < p_viol
    serious = viol & (rng.random(len(p_viol)) < 0.25)
    minor = ~viol & (u < p_viol + p_minor)
    out = np.where(serious, "serious", np.where(viol, "violation", np.where(minor, "minor", "compliant")))
    rect = np.where(viol, np.where(rng.random(len(p_viol)) < p_rect, "true", "false"), "")
    return out, rect


def lottery_visits(rng: np.random.Generator, y: int, visit_p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Firms visited in year `y` with probability visit_p; a fifth of them twice. Returns (firm index, date)."""
    idx = np.flatnonzero(rng.random(len(visit_p)) < visit_p)
    twice = idx[rng.random(len(idx)) < 0.2]
    idx = np.concatenate([idx, twice])
    return idx, day(y, rng, len(idx), 10, 355)


def bad_records(rng: np.random.Generator, firm: np.ndarray, date: np.ndarray, outcome: np.ndarray,
                p_bad: float) -> list[tuple]:
    """不良信用信息 after penalised violations (20–90 days later, expiring in 1–3 years), 严重失信 after some
    serious ones, and some 信用修复 a year later."""
    rows = []
    for f, d, o in zip(firm, date, outcome, strict=True):
        if o in ("violation", "serious") and rng.random() < p_bad:
            rec = d + np.timedelta64(int(rng.integers(20, 90)), "D")
            rows.append((f, rec, "bad", rec + np.timedelta64(int(rng.integers(365, 3 * 365)), "D")))
            if o == "serious" and rng.random() < 0.3:
                rows.append((f, rec, "serious_dishonest", rec + np.timedelta64(3 * 365, "D")))
            if rng.random() < 0.15:
                rows.append((f, rec + np.timedelta64(int(rng.integers(200, 400)), "D"), "repair", None))
    return rows


def triggers_for(rng: np.random.Generator, rate: np.ndarray, y: int, kinds: list[str], kind_p: list[float],
                 lo: int = 0, hi: int = 365) -> list[tuple]:
    """Poisson(rate) triggers per firm in year y, dated in [lo, hi) of that year."""
    k = rng.poisson(rate)
    firm = np.repeat(np.arange(len(rate)), k)
    return list(zip(firm, day(y, rng, len(firm), lo, hi), rng.choice(kinds, len(firm), p=kind_p), strict=True))


# ------------------------------------------------------------------ families

SECTOR_EFFECT = {"construction": 0.5, "real_estate": -0.2, "property_mgmt": 0.1, "gas": 0.6, "supervision": -0.3,
                 "survey_design": -0.6, "testing": 0.0, "ready_mix": 0.4, "municipal": 0.2, "other": -0.1}


def world(family: str, n: int, rng: np.random.Generator) -> dict:
    """Hidden truth and every dated event of one bureau of `family`."""
    visits: list[tuple] = []  # (firm, date, outcome, rectified)
    records: list[tuple] = []  # (firm, recorded_on, kind, expires_on)
    trig: list[tuple] = []  # (firm, received_on, kind)
    grades: list[tuple] = []  # (firm, grade, rated_on)
    cmp_ = ["complaint", "referral"]

    def add_visits(idx, dates, pv, pm, pr):
        o, r = outcomes(rng, pv, pm, pr)
        visits.extend(zip(idx, dates, o, r, strict=True))
        return o

    if family == "campaign":
        ent = enterprises(rng, n, family, [3, 1, 2.5, 1.5, 1, 0.6, 0.5, 0.8, 1.2, 1], 0.08)
        sec = np.array([SECTOR_EFFECT[s] for s in ent["_sector"]])
        u = rng.normal(0, 0.9, n)
        base = -1.8 + sec + u
        campaign = {2024: "gas", 2025: "construction", 2026: "property_mgmt"}
        for y in HISTORY_YEARS:
            logit = base + rng.normal(0, 0.25, n)
            inside = ent["_sector"].to_numpy() == campaign[y]
            idx, dates = lottery_visits(rng, y, np.where(inside, 0.7, 0.07))
            odds = np.where(inside[idx], np.log(1.6), np.log(0.8))
            o = add_visits(idx, dates, sigmoid(logit[idx] + odds), np.full(len(idx), 0.12), np.full(len(idx), 0.75))
            records += bad_records(rng, idx, dates, o, 0.6)
            trig += triggers_for(rng, 0.12 * np.exp(0.6 * (logit + 1.8)), y, cmp_, [0.8, 0.2])
            # December re-rating derived from the history so far (firms with any inspection or record)
            rated_on = np.datetime64(f"{y}-12-{int(rng.integers(10, 28)):02d}")
            score = np.zeros(n)
            seen = np.zeros(n, bool)
            for f, d, oc, _ in visits:
                if d < rated_on:
                    seen[f] = True
                    score[f] += {"serious": 3.0, "violation": 2.0, "minor": 0.3, "compliant": -0.5}[oc]
            for f, d, kind, _ in records:
                if d < rated_on:
                    seen[f] = True
                    score[f] += {"bad": 1.0, "serious_dishonest": 2.0, "repair": -0.5}.get(kind, 0.0)
            g = np.select([score <= -0.5, score < 1, score < 4], ["A", "B", "C"], "D")
            grades += [(f, g[f], rated_on) for f in np.flatnonzero(seen)]
        truth = sigmoid(base + rng.normal(0, 0.25, n))

    elif family == "project_cycle":
        ent = enterprises(rng, n, family, [5, 0.8, 1, 0.6, 1.2, 0.5, 0.6, 1.5, 1.5, 0.8], 0.1)
        project = np.isin(ent["_sector"], ["construction", "ready_mix", "municipal", "supervision", "testing"])
        u = rng.normal(0, 0.8, n)
        large = ent["_size_idx"].to_numpy() / 3
        active = rng.random(n) < 0.5
        for y in (*HISTORY_YEARS, PLAN_YEAR):
            stay, start = 0.65, 0.25 + 0.2 * large
            active = np.where(active, rng.random(n) < stay, rng.random(n) < start)
            logit = np.where(project, -3.2 + 2.6 * active, -1.7) + 0.6 * u + 0.3 * large
            if y == PLAN_YEAR:
                truth = sigmoid(logit)
                # 开工申请 for the coming year's sites, received Nov 2026 – mid-January 2027
                starts = np.flatnonzero(project & active & (rng.random(n) < 0.6))
                when = np.where(rng.random(len(starts)) < 0.7, day(2026, rng, len(starts), 305, 365),
                                day(2027, rng, len(starts), 0, 15))
                trig += [(f, d, "enterprise_request") for f, d in zip(starts, when, strict=True)]
                noise = np.flatnonzero(rng.random(n) < 0.03)  # other applications, unrelated to sites
                trig += [(f, d, "enterprise_request") for f, d in zip(noise, day(2026, rng, len(noise), 0, 365),
                                                                      strict=True)]
                break
            pv = np.where(project, np.where(active, 0.55, 0.03), 0.12)
            idx, dates = lottery_visits(rng, y, pv)
            p = sigmoid(logit[idx])
            o = add_visits(idx, dates, p, 0.5 * p, np.full(len(idx), 0.8))
            records += bad_records(rng, idx, dates, o, 0.5)
            remote = ent["remote_monitoring"].to_numpy() == "true"
            site = project & active
            trig += triggers_for(rng, np.where(site, 0.5, 0.04), y, cmp_, [0.85, 0.15])
            trig += triggers_for(rng, np.where(site & remote, 1.0, 0.0), y, ["data_monitoring"], [1.0])
        g = grade_by_quantile(u + rng.normal(0, 0.8, n))
        graded = rng.random(n) < 0.6
        grades += [(f, g[f], np.datetime64("2023-06-30")) for f in np.flatnonzero(graded)]

    elif family == "platform_sharp":
        ent = enterprises(rng, n, family, [2, 1.5, 2, 1, 1, 1, 0.8, 0.8, 1, 1.5], 0.1)
        sec = np.array([SECTOR_EFFECT[s] for s in ent["_sector"]])
        micro = ent["_size_idx"].to_numpy() == 0
        new = ent["_age"].to_numpy() < 2.0
        logit = -2.1 + sec + 0.5 * micro + 0.9 * new + rng.normal(0, 1.1, n)
        truth = sigmoid(logit)
        idx, dates = lottery_visits(rng, 2026, np.full(n, 0.12))
        o = add_visits(idx, dates, truth[idx], np.full(len(idx), 0.1), np.full(len(idx), 0.8))
        records += bad_records(rng, idx, dates, o, 0.5)
        for y in HISTORY_YEARS:
            trig += triggers_for(rng, np.full(n, 0.05), y, ["complaint", "enterprise_request"], [0.5, 0.5])
        g = grade_by_quantile(logit + rng.normal(0, 0.35, n))
        rated = np.datetime64("2026-11-20")
        est = pd.to_datetime(ent["established_on"]).to_numpy().astype("datetime64[D]")
        grades += [(f, g[f], rated) for f in np.flatnonzero(est < np.datetime64("2025-06-01"))]

    elif family == "regime_shift":
        ent = enterprises(rng, n, family, [2.5, 1, 2.5, 1.5, 1, 0.6, 0.6, 0.8, 1, 1], 0.07)
        size_eff = np.array([0.0, 0.2, 0.6, 1.1])[ent["_size_idx"].to_numpy()]
        u_old = rng.normal(0, 0.8, n)
        u_new = 0.4 * u_old + np.sqrt(1 - 0.16) * rng.normal(0, 0.8, n)
        gasprop = np.isin(ent["_sector"], ["gas", "property_mgmt"])
        remote = ent["remote_monitoring"].to_numpy() == "true"
        old = -2.1 + size_eff + u_old
        new_logit = -2.3 + 1.6 * gasprop + 0.8 * (gasprop & ~remote) + u_new
        g = grade_by_quantile(old + rng.normal(0, 0.4, n))
        graded = rng.random(n) < 0.8
        grades += [(f, g[f], np.datetime64("2025-03-15")) for f in np.flatnonzero(graded)]
        by_grade = {"A": 0.05, "B": 0.15, "C": 0.4, "D": 0.8}
        follow_grade = np.where(graded, [by_grade[x] for x in g], 0.2)
        for y in HISTORY_YEARS:
            logit = (old if y < 2026 else new_logit) + rng.normal(0, 0.2, n)
            idx, dates = lottery_visits(rng, y, np.full(n, 0.15) if y == 2024 else follow_grade)
            p = sigmoid(logit[idx])
            o, r = outcomes(rng, p, np.full(len(idx), 0.1), np.full(len(idx), 0.75))
            if y == 2026:  # 首违不罚: many first violations in the new regime written down as minor
                soft = gasprop[idx] & (o == "violation") & (rng.random(len(idx)) < 0.4)
                o = np.where(soft, "minor", o)
                r = np.where(soft, "", r)
            visits.extend(zip(idx, dates, o, r, strict=True))
            records += bad_records(rng, idx, dates, o, 0.4 if y < 2026 else 0.7)
            trig += triggers_for(rng, 0.1 * np.exp(0.5 * (logit + 2)), y, cmp_, [0.7, 0.3])
        truth = sigmoid(new_logit + rng.normal(0, 0.2, n))

    elif family == "ushape_noisy":
        ent = enterprises(rng, n, family, [2, 1, 2, 1, 0.8, 0.6, 0.6, 0.8, 1, 1.5], 0.15)
        le = np.log1p(ent["employees"].to_numpy())
        age = ent["_age"].to_numpy()
        gasprop = np.isin(ent["_sector"], ["gas", "property_mgmt"])
        remote = ent["remote_monitoring"].to_numpy() == "true"
        fringe = ent["district_code"].to_numpy() == CITIES[family][2][-1]
        logit = (-2.4 + np.minimum(0.16 * (le - 3.8) ** 2, 2.5) + 1.4 * np.exp(-age / 1.5)
                 - 1.1 * (gasprop & remote) + 0.8 * fringe + rng.normal(0, 0.6, n))
        for y in HISTORY_YEARS:
            # a firm founded later than this year's visit cannot have been visited; its age then was smaller
            lg = logit + rng.normal(0, 0.2, n)
            alive = age > (PLAN_YEAR - y)
            idx, dates = lottery_visits(rng, y, np.where(alive, 0.15, 0.0))
            o = add_visits(idx, dates, sigmoid(lg[idx]), np.full(len(idx), 0.1), np.full(len(idx), 0.7))
            records += bad_records(rng, idx, dates, o, 0.5)
            hit = np.isin(o, ["violation", "serious"])
            re_idx = idx[hit]
            re_dates = dates[hit] + rng.integers(30, 90, hit.sum()).astype("timedelta64[D]")
            keep = re_dates < np.datetime64(f"{PLAN_YEAR}-01-01")
            add_visits(re_idx[keep], re_dates[keep], 0.3 * sigmoid(lg[re_idx[keep]]), np.full(keep.sum(), 0.1),
                       np.full(keep.sum(), 0.9))
            trig += triggers_for(rng, np.where(alive, 0.15 * np.exp(0.4 * (lg + 2)), 0), y, cmp_, [0.9, 0.1])
        truth = sigmoid(logit + rng.normal(0, 0.2, n))
        graded = np.flatnonzero(rng.random(n) < 0.45)
        for f in graded:
            for _ in range(int(rng.integers(1, 4))):
                grades.append((f, None, day(int(rng.integers(2024, 2027)), rng, 1)[0]))
        noisy = grade_by_quantile(logit + rng.normal(0, 1.0, n))
        grades = [(f, noisy[f] if rng.random() < 0.8 else rng.choice(list("ABCD")), d) for f, _, d in grades]

    elif family == "rectify_memory":
        ent = enterprises(rng, n, family, [2.5, 1, 2, 1, 1, 0.6, 0.6, 1, 1.2, 1], 0.08)
        sec = np.array([SECTOR_EFFECT[s] for s in ent["_sector"]])
        u0 = rng.normal(0, 1.2, n)
        base = -2.0 + 0.5 * sec + u0
        p_rect_firm = sigmoid(1.2 - 0.8 * u0)
        for y in HISTORY_YEARS:
            logit = base + rng.normal(0, 0.25, n)
            t = triggers_for(rng, 0.25 * np.exp(0.5 * (logit + 2)), y, cmp_, [0.75, 0.25], 0, 340)
            trig += t
            follow = [(f, d + np.timedelta64(int(rng.integers(5, 21)), "D")) for f, d, _ in t if rng.random() < 0.8]
            r_idx, r_dates = lottery_visits(rng, y, np.full(n, 0.06))
            idx = np.concatenate([np.array([f for f, _ in follow], int), r_idx])
            dates = np.concatenate([np.array([d for _, d in follow], "datetime64[D]"), r_dates])
            p = sigmoid(logit[idx])
            o = add_visits(idx, dates, p, np.full(len(idx), 0.1), p_rect_firm[idx])
            records += bad_records(rng, idx, dates, o, 0.6)
        # the history causes the 2027 risk: deterrence after rectification, persistence without it
        eff = np.zeros(n)
        for f, _, oc, rect in visits:
            if oc in ("violation", "serious"):
                eff[f] += -0.35 if rect == "true" else 0.7
        end = np.datetime64(f"{PLAN_YEAR}-01-01")
        repaired = {f for f, _, k, _ in records if k == "repair"}
        listed = {f for f, d, k, e in records if k == "serious_dishonest" and e >= end and f not in repaired}
        # a few listings dated January 2027 (known when the plan is made), for the firms already worst
        worst = np.argsort(-(base + eff))[: max(1, n // 400)]
        for f in worst:
            d = day(PLAN_YEAR, rng, 1, 2, 25)[0]
            records.append((f, d, "serious_dishonest", d + np.timedelta64(3 * 365, "D")))
            listed.add(f)
        eff += 0.6 * np.isin(np.arange(n), list(listed)) - 0.4 * np.isin(np.arange(n), list(repaired))
        truth = sigmoid(-2.0 + 0.8 * u0 + 0.5 * sec + eff)
        g = rng.choice(list("ABCD"), n, p=[0.3, 0.4, 0.2, 0.1])
        grades += [(f, g[f], np.datetime64("2026-06-30")) for f in range(n)]
    else:
        raise ValueError(f"unknown family {family!r}; known: {FAMILIES}")

    # good news in every world: 良好信用/表彰 for some firms, unrelated to the truth beyond a faint tilt
    lowrisk = np.flatnonzero(rng.random(n) < 0.06 * (1.2 - truth))
    for f in lowrisk:
        d = day(int(rng.integers(2024, 2027)), rng, 1)[0]
        kind = "commendation" if rng.random() < 0.3 else "good"
        records.append((f, d, kind, d + np.timedelta64(3 * 365, "D")))
    return {"ent": ent, "truth": np.clip(truth, 0.002, 0.98), "visits": visits, "records": records,
            "triggers": trig, "grades": grades}


# ------------------------------------------------------------------ staff and the bundle

def staff(rng: np.random.Generator, ent: pd.DataFrame, family: str):
    """Teams per agency × district plus one city-level team each; officers sized to the workload."""
    _, city_code, districts = CITIES[family]
    teams, officers = [], []
    for a in AGENCIES:
        mine = ent["sector"].map(AGENCY_OF) == a
        for d in [*districts, city_code]:
            tid = f"{a}-{d}"
            load = mine.sum() / len(districts) if d == city_code else (mine & (ent["district_code"] == d)).sum()
            teams.append((tid, a, d, 2 if d != city_code else 3))
            for k in range(max(3, int(load // 45))):
                role = "enforcement" if k < 2 or rng.random() < 0.8 else rng.choice(["auxiliary", "legal_review"])
                enf = role == "enforcement"
                officers.append((f"{tid}-{k:02d}", f"执法员{tid}-{k:02d}", tid, role,
                                 f"证{rng.integers(10**7, 10**8)}" if enf else "",
                                 "2029-06-30" if enf else "", int(rng.integers(30, 90)), ""))
    return (pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]),
            pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"]))


def generate(family: str, n: int, seed: int, out: Path) -> tuple[Path, Path]:
    """Write one bureau of `family` with `n` enterprises: ``out/bundle/`` and ``out/truth.csv``."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; known: {FAMILIES}")
    rng = np.random.default_rng([seed, n])  # not the family: two families sharing a design would share a truth
    w = world(family, n, rng)
    ent: pd.DataFrame = w["ent"]
    out = Path(out)
    bundle = out / "bundle"
    if bundle.exists():
        shutil.rmtree(bundle)
    bundle.mkdir(parents=True)
    ids = ent["enterprise_id"].to_numpy()
    ent[[c for c in ent.columns if not c.startswith("_")]].to_csv(bundle / "enterprises.csv", index=False)
    teams, officers = staff(rng, ent, family)
    teams.to_csv(bundle / "teams.csv", index=False)
    officers.to_csv(bundle / "officers.csv", index=False)
    pd.DataFrame(list(AGENCIES.items()), columns=["agency_id", "name"]).assign(
        name=lambda d: CITIES[family][0] + "市" + d["name"]).to_csv(bundle / "agencies.csv", index=False)
    pd.DataFrame(ITEMS, columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"]).assign(
        remote_allowed=lambda d: d["remote_allowed"].map({True: "true", False: "false"})).to_csv(
        bundle / "items.csv", index=False)

    # inspections: two enforcement officers of the firm's district team of its agency
    enf = officers[officers["role"] == "enforcement"].groupby("team_id")["officer_id"].apply(list).to_dict()
    rows = []
    for k, (f, d, o, r) in enumerate(sorted(w["visits"], key=lambda v: (v[1], v[0]))):
        a = AGENCY_OF[ent["sector"].iat[f]]
        pool = enf[f"{a}-{ent['district_code'].iat[f]}"]
        who = ";".join(rng.choice(pool, 2, replace=False))
        rows.append((f"JC{k:07d}", ids[f], a, str(d), who, o, r))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(bundle / "inspections.csv", index=False)

    rec = pd.DataFrame([(ids[f], str(d), k, "" if e is None else str(e), "") for f, d, k, e in w["records"]],
                       columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"])
    rec.sort_values(["recorded_on", "enterprise_id"]).to_csv(bundle / "credit_records.csv", index=False)

    trig = sorted(w["triggers"], key=lambda t: (t[1], t[0]))
    pd.DataFrame([(f"TS{k:06d}", ids[f], AGENCY_OF[ent["sector"].iat[f]], str(d), kind,
                   "true" if rng.random() < 0.08 else "false") for k, (f, d, kind) in enumerate(trig)],
                 columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        bundle / "triggers.csv", index=False)

    gr = pd.DataFrame([(ids[f], g, str(d)) for f, g, d in w["grades"]], columns=["enterprise_id", "grade", "rated_on"])
    gr.drop_duplicates(["enterprise_id", "rated_on"]).sort_values(["rated_on", "enterprise_id"]).to_csv(
        bundle / "credit_grades.csv", index=False)

    # a little leave and a few recusals, so the files are not empty
    some = officers.sample(frac=0.1, random_state=int(rng.integers(1 << 31)))
    start = day(PLAN_YEAR, rng, len(some), 20, 330)
    pd.DataFrame({"officer_id": some["officer_id"], "start_on": start.astype(str),
                  "end_on": (start + rng.integers(3, 15, len(some)).astype("timedelta64[D]")).astype(str),
                  "reason": rng.choice(["leave", "training", "secondment"], len(some))}).to_csv(
        bundle / "unavailability.csv", index=False)
    rc = officers[officers["role"] == "enforcement"].sample(n=min(10, len(officers)), random_state=1)
    pd.DataFrame({"officer_id": rc["officer_id"], "enterprise_id": rng.choice(ids, len(rc)),
                  "reason": "亲属关系"}).to_csv(bundle / "recusals.csv", index=False)
    shutil.copy(HERE / "calendar_2027.csv", bundle / "calendar.csv")
    (bundle / "policy.json").write_text(json.dumps({"year": PLAN_YEAR, "seed": f"foreign6-{family}-{n}-{seed}"},
                                                   ensure_ascii=False, indent=2), encoding="utf-8")

    truth_path = out / "truth.csv"
    pd.DataFrame({"enterprise_id": ids, "p_violation": w["truth"].round(6)}).to_csv(truth_path, index=False)
    return bundle, truth_path


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("family", choices=FAMILIES)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    print(*generate(a.family, a.n, a.seed, a.out))
