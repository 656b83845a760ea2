"""Independent bureau generator for held-out risk tests (issue 9) · 独立的模拟执法局生成器.

Written from the contract only (/work/shared/spec/bundle.md and its example bundle), by
an engineer who has not read the product's own generator or risk model. Each call
writes a whole bundle (every required file, plan year 2027, history 2024–2026) and,
*beside* it, ``truth.csv`` (enterprise_id, p_violation): the probability that an
inspection in the plan year finds ``violation`` or ``serious`` (违法违规 / 严重违法违规).

Common mechanics (every family)
-------------------------------
* A fictional city (洛阳-like codes 4103xx, city level 410300), five districts, four
  agencies: hb 住建局 (construction, supervision, survey_design, testing, ready_mix),
  um 城管局 (municipal, other), gas 燃气管理中心, re 房产服务中心 (real_estate,
  property_mgmt).
* Each enterprise has a yearly log-odds ``eta[t]`` of a finding for t = 2024…2027;
  past inspections draw their outcome from ``sigmoid(eta[year])``; the truth is
  ``sigmoid(eta[2027])``. A small year-to-year transient (AR(1), sd≈0.3) is in every
  family, so not even a perfect reader of history recovers the truth exactly.
* Violations are split into ``serious`` (≈20%) and ``violation``; ``minor`` findings
  come from a per-family rule (following the propensity, or not at all).
* Credit records: ``bad`` records follow violations with a lag (family-specific),
  ``serious_dishonest`` follows some serious findings, ``good``/``commendation`` go to
  some firms, ``repair`` follows some bad records. Records and triggers may be dated up
  to 2027-01-20 (the plan is made in January; what arrives then is known).
* Triggers (complaints, referrals, data monitoring, enterprise requests) are drawn at a
  per-firm rate whose link to ``eta`` is family-specific; some trigger inspections.

Families (what is hidden and why it is plausible)
-------------------------------------------------
``group_random`` 集团关联 + 双随机
    Firm effect plus an owner (legal-person group) effect shared by all firms of one
    group (1–8 firms; groups share a name stem and often the HQ address, the only trace
    in the bundle). Past plans were pure 双随机 lotteries (25%/year, risk-blind), so the
    history is unbiased. Minor findings follow the propensity (a careless firm has
    both). Grades are rated every November by the platform *from that year's
    inspections and records* (derived, so a grade partly repeats the history).
``complaint_selection`` 投诉驱动 (selection bias)
    Inspections in the past happened almost only on complaints/referrals (plus a 4%
    random sweep). Complaints are informative (rate rises with eta) except in
    property_mgmt, where residents complain about fees and noise whatever the firm
    does (high, uninformative rate). Many firms were never inspected. Minor findings
    are noise (inspector strictness by agency). Grades: a third of firms, rated once in
    mid-2025. January-2027 complaints carry the same signal as older ones.
``drift_stale`` 行业漂移 + 过期评级
    Sector and district risks move over the years: real_estate (developer distress)
    and ready_mix (dust/quality crackdown finds more) rise, construction falls, one
    district improves after a campaign. Grades were rated once, in March 2024, from
    2024 risk, and never updated (stale). Past plans targeted by that grade (D 85%,
    C 50%, B 20%, A 8%, none 25%), so the history over-samples what *was* risky.
``nonlinear_signs`` 非线性与反直觉符号
    U-shaped age (new firms and very old firms are risky), an inverse-U in head count
    (mid-sized firms cut corners most; micro firms have little to violate), remote
    monitoring with opposite signs by sector (gas IoT lowers risk; construction site
    video is mandated *after* incidents, so it marks riskier firms). A new-firm surge:
    30% of firms were established in 2025–2026 with little or no history. Data
    monitoring alerts are informative for monitored firms. Minor findings are noise.
    Grades for half of the firms, freshly rated on 2027-01-15 (noisy eta).
``sparse_heavy`` 稀疏历史 + 重尾
    A mixture: ~7% rogue firms (p≈0.55–0.8) among careful ones (p≈0.03–0.15, set
    mostly by sector and size: larger and gas/construction firms have more to get wrong). Only
    ~8% of firms are visited per year. Rogue firms leave violations unrectified and
    collect ``bad`` records from other departments (tax, labour; unrelated to our
    inspections) and ``serious_dishonest`` listings, some dated January 2027; our own
    bad records lag violations by 6–18 months. No official grades.
``deterrence`` 整改威慑 (history changes the truth)
    Being caught changes the firm: a violation that was rectified lowers later risk
    (specific deterrence, −1.0 log-odds per rectified violation), an unrectified one
    raises it (+0.6). A past violation is thus a mixed signal whose sign depends on
    ``rectified``. Visits random 35%/year. Minor findings follow the propensity.
    Grades rated every December, derived from records.

Usage: ``python bench/foreign2/generate.py --family drift_stale --n 2000 --seed 1 OUT``
writes ``OUT/bundle/`` and ``OUT/truth.csv``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from faker import Faker

PLAN_YEAR = 2027
HISTORY_YEARS = (2024, 2025, 2026)
PLAN_KNOWN_UNTIL = dt.date(2027, 1, 20)  # records/triggers known when the plan is made
CITY = "410300"
DISTRICTS = ("410302", "410303", "410304", "410305", "410311")
SECTORS = ("construction", "real_estate", "property_mgmt", "gas", "supervision",
           "survey_design", "testing", "ready_mix", "municipal", "other")
SECTOR_SHARE = (0.30, 0.10, 0.16, 0.06, 0.06, 0.05, 0.04, 0.05, 0.10, 0.08)
SECTOR_AGENCY = {"construction": "hb", "supervision": "hb", "survey_design": "hb",
                 "testing": "hb", "ready_mix": "hb", "municipal": "um", "other": "um",
                 "gas": "gas", "real_estate": "re", "property_mgmt": "re"}
SIZES = ("micro", "small", "medium", "large")
FAMILIES = ("group_random", "complaint_selection", "drift_stale", "nonlinear_signs",
            "sparse_heavy", "deterrence")

# GB 32100-2015 统一社会信用代码 alphabet and weights.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_W = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 组织机构代码


def uscc(district: str, body8: str) -> str:
    """统一社会信用代码: 91 + district + org code (GB 11714 check) + GB 32100 check."""
    s = sum(int(c) * w for c, w in zip(body8, _ORG_W, strict=True))
    c9 = 11 - s % 11
    org = body8 + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
    head = "91" + district + org
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(head, _USCC_W, strict=True))
    return head + _USCC_CHARS[(31 - total % 31) % 31]


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


@dataclass
class Family:
    """How one family hides its truth. Arrays are per enterprise."""

    name: str
    static: Callable[[np.random.Generator, pd.DataFrame], np.ndarray]
    drift: Callable[[pd.DataFrame, int], np.ndarray] = lambda e, t: np.zeros(len(e))
    base_rate: float = 0.17
    selection: str = "random"  # random | complaints | grade_list
    visit_rate: float = 0.25
    minor_slope: float = 0.0  # P(minor | no violation) = sigmoid(minor_base + slope*eta_c)
    minor_base: float = -1.2
    complaint_slope: float = 0.3
    complaint_base: float = -2.6
    rectify_base: float = 0.8
    deterrence: tuple[float, float] = (0.0, 0.0)  # (rectified, unrectified) shift
    grades: str = "none"  # none | annual_derived | stale_2024 | once_2025 | fresh_2027
    bad_lag_days: tuple[int, int] = (20, 120)
    external_bad: Callable[[np.ndarray], np.ndarray] | None = None
    monitoring_alerts: float = 0.0
    extra: dict = field(default_factory=dict)


def _age(e: pd.DataFrame) -> np.ndarray:
    est = pd.to_datetime(e["established_on"])
    return np.asarray((pd.Timestamp(f"{PLAN_YEAR}-01-01") - est).dt.days / 365.25)


def _sector_effect(e: pd.DataFrame, eff: dict[str, float]) -> np.ndarray:
    return e["sector"].map(eff).fillna(0.0).to_numpy(float)


def _static_group(rng: np.random.Generator, e: pd.DataFrame) -> np.ndarray:
    owner = e["_owner"].to_numpy()
    g = rng.normal(0, 0.85, owner.max() + 1)[owner]
    u = rng.normal(0, 0.6, len(e))
    sect = _sector_effect(e, {"gas": 0.3, "ready_mix": 0.4, "construction": 0.2,
                              "survey_design": -0.5, "testing": -0.2})
    return g + u + sect


def _static_complaint(rng: np.random.Generator, e: pd.DataFrame) -> np.ndarray:
    u = rng.normal(0, 0.9, len(e))
    size = e["size"].map({"micro": 0.3, "small": 0.15, "medium": 0.0, "large": -0.4})
    sect = _sector_effect(e, {"property_mgmt": 0.0, "gas": 0.5, "construction": 0.3,
                              "municipal": -0.2})
    return u + size.to_numpy(float) + sect


def _static_drift(rng: np.random.Generator, e: pd.DataFrame) -> np.ndarray:
    return rng.normal(0, 0.75, len(e)) + _sector_effect(e, {"testing": 0.3, "gas": 0.2})


def _drift_drift(e: pd.DataFrame, t: int) -> np.ndarray:
    k = t - 2024
    sect = _sector_effect(e, {"real_estate": 0.55 * k, "ready_mix": 0.4 * k,
                              "construction": -0.3 * k, "property_mgmt": 0.15 * k})
    dist = np.where(e["district_code"] == "410305", -0.35 * k, 0.0)
    return sect + dist


def _static_nonlinear(rng: np.random.Generator, e: pd.DataFrame) -> np.ndarray:
    age = _age(e)
    u_age = 0.9 * np.exp(-age / 2.0) + 0.05 * np.clip(age - 18, 0, None)
    emp = np.log1p(e["employees"].to_numpy(float))
    inv_u = -0.35 * (emp - np.log(120)) ** 2 + 0.5
    remote = e["remote_monitoring"].to_numpy(bool)
    sect = e["sector"].to_numpy()
    rm = np.where(remote & (sect == "gas"), -0.9, 0.0) + np.where(
        remote & (sect == "construction"), 0.6, 0.0)
    return rng.normal(0, 0.55, len(e)) + u_age + inv_u + rm


def _static_sparse(rng: np.random.Generator, e: pd.DataFrame) -> np.ndarray:
    rogue = rng.random(len(e)) < 0.07
    e["_rogue"] = rogue
    # careful firms: a low level set mostly by what they are (sector, size), little noise
    careful = (logit(0.07) + 0.6 * _sector_effect(e, {"gas": 0.5, "construction": 0.4,
                                                      "ready_mix": 0.4, "survey_design": -0.6,
                                                      "testing": -0.3, "other": -0.3})
               + e["size"].map({"micro": -0.3, "small": 0.0, "medium": 0.25,
                                "large": 0.35}).to_numpy(float)
               + rng.normal(0, 0.3, len(e)))
    return np.where(rogue, logit(0.55) + rng.uniform(0, 1.2, len(e)), careful)


def _static_deterrence(rng: np.random.Generator, e: pd.DataFrame) -> np.ndarray:
    sect = _sector_effect(e, {"construction": 0.25, "gas": 0.35, "municipal": -0.2,
                              "supervision": -0.3})
    return rng.normal(0, 0.8, len(e)) + sect


def family(name: str) -> Family:
    """The six families; see the module docstring."""
    if name == "group_random":
        return Family(name, _static_group, selection="random", visit_rate=0.25,
                      minor_slope=0.8, complaint_slope=0.25, grades="annual_derived")
    if name == "complaint_selection":
        return Family(name, _static_complaint, selection="complaints", visit_rate=0.04,
                      minor_slope=0.0, minor_base=-1.0, complaint_slope=1.0,
                      complaint_base=-2.0, grades="once_2025", base_rate=0.2)
    if name == "drift_stale":
        return Family(name, _static_drift, drift=_drift_drift, selection="grade_list",
                      minor_slope=0.4, grades="stale_2024")
    if name == "nonlinear_signs":
        return Family(name, _static_nonlinear, selection="random", visit_rate=0.3,
                      minor_slope=0.0, grades="fresh_2027", monitoring_alerts=1.0,
                      extra={"new_surge": 0.3})
    if name == "sparse_heavy":
        return Family(name, _static_sparse, selection="random", visit_rate=0.08,
                      minor_slope=0.5, grades="none", bad_lag_days=(180, 540),
                      base_rate=0.0)  # base_rate 0: the mixture sets the level itself
    if name == "deterrence":
        return Family(name, _static_deterrence, selection="random", visit_rate=0.35,
                      minor_slope=0.7, deterrence=(-1.0, 0.6), grades="annual_derived",
                      rectify_base=0.9)
    raise ValueError(f"unknown family {name!r}; one of {FAMILIES}")


# ----------------------------------------------------------------------------- helpers

def _rand_dates(rng: np.random.Generator, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    """Random weekdays in [start, end] (inspections are done on working days)."""
    week = _weekdays(start, end)
    return [week[int(k)] for k in rng.integers(0, len(week), n)]


@lru_cache(maxsize=4096)
def _weekdays(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return tuple(d for d in days if d.weekday() < 5) or tuple(days) or (start,)


def _calendar_2027() -> pd.DataFrame:
    """2027 工作日: weekends plus the statutory holidays (no 调休 make-up days; the
    installed chinesecalendar stops at 2026, so the bundle must carry its calendar)."""
    hol: set[dt.date] = {dt.date(2027, 1, 1), dt.date(2027, 4, 5), dt.date(2027, 6, 9),
                         dt.date(2027, 9, 15)}
    hol |= {dt.date(2027, 2, 5) + dt.timedelta(days=i) for i in range(7)}   # 春节
    hol |= {dt.date(2027, 5, 1) + dt.timedelta(days=i) for i in range(5)}   # 劳动节
    hol |= {dt.date(2027, 10, 1) + dt.timedelta(days=i) for i in range(7)}  # 国庆
    days = [dt.date(2027, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    return pd.DataFrame({"date": [d.isoformat() for d in days],
                         "workday": ["false" if (d.weekday() >= 5 or d in hol) else "true"
                                     for d in days]})


def _enterprises(rng: np.random.Generator, n: int, fam: Family, fake: Faker) -> pd.DataFrame:
    sector = rng.choice(SECTORS, n, p=SECTOR_SHARE)
    size = rng.choice(SIZES, n, p=(0.45, 0.33, 0.16, 0.06))
    lo = {"micro": 2, "small": 15, "medium": 100, "large": 400}
    hi = {"micro": 20, "small": 120, "medium": 600, "large": 5000}
    employees = [int(np.exp(rng.uniform(np.log(lo[s]), np.log(hi[s])))) for s in size]
    age_years = rng.gamma(2.0, 5.0, n)
    surge = fam.extra.get("new_surge", 0.0)
    new = rng.random(n) < surge
    age_years = np.where(new, rng.uniform(0.1, 2.0, n), age_years + 0.2)
    est = [dt.date(2027, 1, 1) - dt.timedelta(days=int(a * 365.25)) for a in age_years]
    remote_p = np.where(np.isin(sector, ["gas"]), 0.6,
                        np.where(np.isin(sector, ["construction", "ready_mix"]), 0.3, 0.08))
    remote = rng.random(n) < remote_p
    # owners: groups of 1–8 firms (legal-person 集团); about 40% of firms are alone
    owners = []
    gid = 0
    while len(owners) < n:
        k = 1 if rng.random() < 0.55 else int(rng.integers(2, 9))
        owners += [gid] * k
        gid += 1
    owners_arr = rng.permutation(np.array(owners[:n]))
    district = rng.choice(DISTRICTS, n, p=(0.28, 0.24, 0.2, 0.16, 0.12))
    stems = [fake.company_prefix() for _ in range(gid)]
    sector_word = {"construction": "建设", "real_estate": "置业", "property_mgmt": "物业",
                   "gas": "燃气", "supervision": "监理", "survey_design": "设计",
                   "testing": "检测", "ready_mix": "混凝土", "municipal": "市政",
                   "other": "实业"}
    hq = {g: f"洛阳市{fake.street_name()}{int(rng.integers(1, 900))}号" for g in range(gid)}
    names, addresses, ids, seen = [], [], [], set()
    for i in range(n):
        g = owners_arr[i]
        names.append(f"洛阳{stems[g]}{sector_word[sector[i]]}有限公司"
                     + ("" if rng.random() < 0.5 else f"{fake.city_name()}分公司"))
        same_hq = rng.random() < 0.6
        addresses.append(hq[g] if same_hq else f"洛阳市{fake.street_name()}"
                         f"{int(rng.integers(1, 900))}号")
        while True:
            code = uscc(str(district[i]), "".join(str(int(x)) for x in rng.integers(0, 10, 8)))
            if code not in seen:
                seen.add(code)
                break
        ids.append(code)
    return pd.DataFrame({
        "enterprise_id": ids, "name": names, "district_code": district, "sector": sector,
        "size": size, "employees": employees, "established_on": [d.isoformat() for d in est],
        "address": addresses, "remote_monitoring": np.where(remote, "true", "false"),
        "_owner": owners_arr, "_remote": remote,
    })


def _org_tables(rng: np.random.Generator, n: int) -> dict[str, pd.DataFrame]:
    agencies = pd.DataFrame({"agency_id": ["hb", "um", "gas", "re"],
                             "name": ["洛阳市住房和城乡建设局", "洛阳市城市管理局",
                                      "洛阳市燃气管理中心", "洛阳市房产服务中心"]})
    hb = "construction;supervision;survey_design;testing;ready_mix"
    items = pd.DataFrame([
        ("hb-q", "hb", "工程质量安全检查", "《建设工程质量管理条例》", hb, "false"),
        ("hb-m", "hb", "建筑市场行为检查", "《建筑法》", hb, "true"),
        ("um-s", "um", "施工扬尘与渣土管理检查", "《大气污染防治法》",
         "municipal;other;construction", "false"),
        ("um-m", "um", "市政设施维护检查", "《城市道路管理条例》", "municipal;other", "true"),
        ("gas-s", "gas", "燃气经营安全检查", "《城镇燃气管理条例》", "gas", "false"),
        ("gas-d", "gas", "燃气监测数据核查", "《城镇燃气管理条例》", "gas", "true"),
        ("re-s", "re", "商品房销售行为检查", "《城市房地产开发经营管理条例》",
         "real_estate", "true"),
        ("re-p", "re", "物业服务质量检查", "《物业管理条例》", "real_estate;property_mgmt",
         "false"),
    ], columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"])
    teams, officers = [], []
    per_team = max(4, round(n / 450))
    for ag in ("hb", "um", "gas", "re"):
        for d in (*DISTRICTS, CITY):
            tid = f"{ag}-{d}"
            teams.append((tid, ag, d, 3))
            for k in range(per_team):
                oid = f"{tid}-{k:02d}"
                enf = k % 4 != 3
                role = ("enforcement" if enf else "legal_review" if d == CITY
                        else "auxiliary")  # 法制审核 sits at city level (R-REVIEW)
                officers.append((oid, f"执法员{oid}", tid, role,
                                 f"豫{int(rng.integers(10**7, 10**8))}" if enf else "",
                                 "2029-12-31" if enf else "", int(rng.integers(60, 120)), ""))
    return {
        "agencies": agencies, "items": items,
        "teams": pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code",
                                              "max_visits_per_day"]),
        "officers": pd.DataFrame(officers, columns=[
            "officer_id", "name", "team_id", "role", "certificate_no",
            "certificate_expires_on", "training_hours", "annual_visit_budget"]),
    }


# ----------------------------------------------------------------------------- generator

def generate(family_name: str, n: int, seed: int, out: Path) -> tuple[Path, Path]:
    """Write ``out/bundle/`` and ``out/truth.csv``; return both paths."""
    fam = family(family_name)
    rng = np.random.default_rng(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    ent = _enterprises(rng, n, fam, fake)
    org = _org_tables(rng, n)
    static = fam.static(rng, ent)
    if fam.base_rate > 0:  # shift so that the plan-year mean is near the family's level
        static = static - np.mean(static) + logit(fam.base_rate)
    agency = ent["sector"].map(SECTOR_AGENCY).to_numpy()
    district = ent["district_code"].to_numpy()
    officers = org["officers"]
    enf_by_team = {t: g["officer_id"].tolist()
                   for t, g in officers[officers.role == "enforcement"].groupby("team_id")}
    strict = {"hb": 0.0, "um": 0.6, "gas": -0.3, "re": 0.3}  # inspector strictness (minor)

    transient = rng.normal(0, 0.3, n)
    dyn = np.zeros(n)  # history-dependent shift (deterrence)
    insp_rows: list[tuple] = []
    trig_rows: list[tuple] = []
    rec_rows: list[tuple] = []
    grade_rows: list[tuple] = []
    last_grade = np.array([""] * n, dtype=object)
    eta_by_year: dict[int, np.ndarray] = {}
    n_trig = 0

    def eta_of(t: int) -> np.ndarray:
        return static + fam.drift(ent, t) + dyn + transient

    for t in (*HISTORY_YEARS, PLAN_YEAR):
        transient = 0.5 * transient + rng.normal(0, 0.26, n)
        eta = eta_of(t)
        eta_by_year[t] = eta
        eta_c = eta - eta.mean()
        if t == PLAN_YEAR:
            break
        alive = pd.to_datetime(ent["established_on"]).dt.year.to_numpy() <= t
        # triggers: complaints/referrals; property_mgmt complaints are uninformative
        # in the complaint family (residents' fee disputes)
        slope = np.full(n, fam.complaint_slope)
        if fam.selection == "complaints":
            slope = np.where(ent["sector"] == "property_mgmt", 0.0, slope)
            rate = np.exp(fam.complaint_base + slope * eta_c
                          + np.where(ent["sector"] == "property_mgmt", 1.2, 0.0))
        else:
            rate = np.exp(fam.complaint_base + slope * eta_c)
        n_c = rng.poisson(rate) * alive
        alerts = np.zeros(n, int)
        if fam.monitoring_alerts:
            alerts = rng.poisson(np.exp(-2.5 + fam.monitoring_alerts * eta_c)) * (
                ent["_remote"].to_numpy() & alive)
        trig_visit = np.zeros(n, bool)
        trig_date: dict[int, dt.date] = {}  # first trigger that led to a visit
        for i in np.flatnonzero(n_c + alerts):
            for k in range(int(n_c[i] + alerts[i])):
                kind = ("data_monitoring" if k >= n_c[i]
                        else rng.choice(["complaint", "referral"], p=(0.85, 0.15)))
                d = _rand_dates(rng, dt.date(t, 1, 1), dt.date(t, 12, 20), 1)[0]
                trig_rows.append((f"T{n_trig:06d}", ent.enterprise_id[i], agency[i],
                                  d.isoformat(), kind, "true" if rng.random() < 0.1 else "false"))
                n_trig += 1
                if rng.random() < 0.75:
                    trig_visit[i] = True
                    trig_date[i] = min(trig_date.get(i, d), d)
        # planned visits
        if fam.selection in ("random", "complaints"):
            planned = rng.random(n) < fam.visit_rate
        else:  # grade_list: visit by the (stale) grade
            pr = pd.Series(last_grade).map({"A": 0.08, "B": 0.2, "C": 0.5, "D": 0.85}
                                           ).fillna(0.25).to_numpy()
            planned = rng.random(n) < pr
        by_trigger = trig_visit if fam.selection == "complaints" else (
            trig_visit & (rng.random(n) < 0.5))
        visits = (planned | by_trigger) & alive
        p = sigmoid(eta)
        year_viol = np.zeros(n, int)
        year_serious = np.zeros(n, bool)
        year_minor = np.zeros(n, bool)
        for i in np.flatnonzero(visits):
            nv = 2 if rng.random() < 0.15 else 1
            dates = _rand_dates(rng, dt.date(t, 1, 5), dt.date(t, 12, 28), nv)
            if by_trigger[i]:  # a trigger visit follows its trigger within weeks
                dates[0] = _rand_dates(rng, trig_date[i] + dt.timedelta(days=1), min(
                    trig_date[i] + dt.timedelta(days=20), dt.date(t, 12, 31)), 1)[0]
            for d in sorted(dates):
                ag = agency[i]
                team = f"{ag}-{district[i]}" if rng.random() < 0.8 else f"{ag}-{CITY}"
                offs = ";".join(rng.choice(enf_by_team[team], 2, replace=False))
                if rng.random() < p[i]:
                    outcome = "serious" if rng.random() < 0.2 else "violation"
                    pr_rect = sigmoid(fam.rectify_base * 2 - 1.2 * eta_c[i]) if not (
                        "_rogue" in ent and ent["_rogue"].iat[i]) else 0.25
                    rect = rng.random() < pr_rect
                    year_viol[i] += 1
                    year_serious[i] |= outcome == "serious"
                    dyn[i] += fam.deterrence[0] if rect else fam.deterrence[1]
                    rect_s = "true" if rect else "false"
                    # credit records that lag the violation
                    if rng.random() < 0.6:
                        rd = d + dt.timedelta(days=int(rng.integers(*fam.bad_lag_days)))
                        if rd <= PLAN_KNOWN_UNTIL:
                            rec_rows.append((ent.enterprise_id[i], rd.isoformat(), "bad",
                                             (rd + dt.timedelta(days=int(rng.integers(180, 1095)))
                                              ).isoformat(), "行政处罚"))
                            if not rect and rng.random() < 0.3:
                                rr = rd + dt.timedelta(days=int(rng.integers(60, 300)))
                                if rr <= PLAN_KNOWN_UNTIL:
                                    rec_rows.append((ent.enterprise_id[i], rr.isoformat(),
                                                     "repair", "", "信用修复"))
                    if outcome == "serious" and rng.random() < 0.35:
                        rd = d + dt.timedelta(days=int(rng.integers(60, 400)))
                        if rd <= PLAN_KNOWN_UNTIL:
                            rec_rows.append((ent.enterprise_id[i], rd.isoformat(),
                                             "serious_dishonest", "", "列入严重失信主体名单"))
                else:
                    pm = sigmoid(fam.minor_base + fam.minor_slope * eta_c[i] + (
                        strict[ag] if fam.minor_slope == 0 else 0.0))
                    outcome = "minor" if rng.random() < pm else "compliant"
                    year_minor[i] |= outcome == "minor"
                    rect_s = ""
                insp_rows.append((ent.enterprise_id[i], ag, d.isoformat(), offs, outcome,
                                  rect_s))
        # records unrelated to our inspections
        good = (rng.random(n) < 0.04 * sigmoid(-eta_c) * 2) & alive
        for i in np.flatnonzero(good):
            d = _rand_dates(rng, dt.date(t, 1, 1), dt.date(t, 12, 31), 1)[0]
            kind = "commendation" if rng.random() < 0.3 else "good"
            rec_rows.append((ent.enterprise_id[i], d.isoformat(), kind,
                             (d + dt.timedelta(days=1095)).isoformat(), "表彰/良好信息"))
        if "_rogue" in ent:  # other departments' records for rogue firms (tax, labour)
            rog = ent["_rogue"].to_numpy() & alive & (rng.random(n) < 0.35)
            for i in np.flatnonzero(rog):
                d = _rand_dates(rng, dt.date(t, 1, 1), dt.date(t + 1, 1, 15), 1)[0]
                kind = "serious_dishonest" if rng.random() < 0.2 else "bad"
                rec_rows.append((ent.enterprise_id[i], d.isoformat(), kind,
                                 (d + dt.timedelta(days=730)).isoformat() if kind == "bad"
                                 else "", "其他部门推送"))
        # grades
        if fam.grades == "annual_derived" and t >= 2024:
            rated = alive & (rng.random(n) < 0.7)
            # the platform's rule: this year's findings and this year's bad records
            # (a record may come from an earlier year's violation: it lags)
            recs = pd.DataFrame(rec_rows, columns=["eid", "on", "kind", "exp", "note"])
            recs = recs[recs["kind"].isin(["bad", "serious_dishonest"])
                        & (recs["on"] >= f"{t}-01-01") & (recs["on"] <= f"{t}-11-30")]
            n_bad = ent["enterprise_id"].map(recs["eid"].value_counts()).fillna(0).to_numpy()
            score = (3 * year_serious + 2 * (year_viol > 0) + 1 * year_minor
                     + 1.5 * np.minimum(n_bad, 2) + rng.normal(0, 0.6, n))
            g = np.select([score >= 2.5, score >= 1.5, score >= 0.6], ["D", "C", "B"], "A")
            for i in np.flatnonzero(rated):
                grade_rows.append((ent.enterprise_id[i], g[i], f"{t}-11-30" if
                                   fam.name == "group_random" else f"{t}-12-20"))
                last_grade[i] = g[i]
        elif fam.grades == "stale_2024" and t == 2024:
            noisy = eta + rng.normal(0, 0.5, n)
            q = np.quantile(noisy, [0.4, 0.75, 0.93])
            g = np.select([noisy >= q[2], noisy >= q[1], noisy >= q[0]], ["D", "C", "B"], "A")
            rated = rng.random(n) < 0.85
            for i in np.flatnonzero(rated):
                grade_rows.append((ent.enterprise_id[i], g[i], "2024-03-15"))
                last_grade[i] = g[i]
        elif fam.grades == "once_2025" and t == 2025:
            noisy = eta + rng.normal(0, 0.8, n)
            q = np.quantile(noisy, [0.4, 0.75, 0.93])
            g = np.select([noisy >= q[2], noisy >= q[1], noisy >= q[0]], ["D", "C", "B"], "A")
            for i in np.flatnonzero(alive & (rng.random(n) < 0.33)):
                grade_rows.append((ent.enterprise_id[i], g[i], "2025-06-30"))
        if fam.grades == "stale_2024" and t > 2024:
            pass  # never re-rated: the point of the family

    eta27 = eta_by_year[PLAN_YEAR]
    if fam.grades == "fresh_2027":
        noisy = eta27 + rng.normal(0, 0.7, n)
        q = np.quantile(noisy, [0.4, 0.75, 0.93])
        g = np.select([noisy >= q[2], noisy >= q[1], noisy >= q[0]], ["D", "C", "B"], "A")
        for i in np.flatnonzero(rng.random(n) < 0.5):
            grade_rows.append((ent.enterprise_id[i], g[i], "2027-01-15"))
    # January of the plan year: triggers already received when the plan is made
    eta_c = eta27 - eta27.mean()
    slope = np.full(n, fam.complaint_slope)
    extra = np.zeros(n)
    if fam.selection == "complaints":
        slope = np.where(ent["sector"] == "property_mgmt", 0.0, slope)
        extra = np.where(ent["sector"] == "property_mgmt", 1.2, 0.0)
    jan = rng.poisson(np.exp(fam.complaint_base + slope * eta_c + extra) * 20 / 365)
    for i in np.flatnonzero(jan):
        for _ in range(int(jan[i])):
            d = _rand_dates(rng, dt.date(2027, 1, 4), PLAN_KNOWN_UNTIL, 1)[0]
            trig_rows.append((f"T{n_trig:06d}", ent.enterprise_id[i], agency[i],
                              d.isoformat(), "complaint", "true" if rng.random() < 0.1
                              else "false"))
            n_trig += 1
    # a few enterprise requests (noise)
    for i in np.flatnonzero(rng.random(n) < 0.01):
        d = _rand_dates(rng, dt.date(2026, 6, 1), PLAN_KNOWN_UNTIL, 1)[0]
        trig_rows.append((f"T{n_trig:06d}", ent.enterprise_id[i], agency[i], d.isoformat(),
                          "enterprise_request", "false"))
        n_trig += 1

    bundle = out / "bundle"
    bundle.mkdir(parents=True, exist_ok=True)
    ent.drop(columns=[c for c in ent.columns if c.startswith("_")]).to_csv(
        bundle / "enterprises.csv", index=False)
    insp = pd.DataFrame(insp_rows, columns=["enterprise_id", "agency_id", "inspected_on",
                                            "officer_ids", "outcome", "rectified"])
    insp = insp.sort_values("inspected_on", kind="stable").reset_index(drop=True)
    insp.insert(0, "inspection_id", [f"I{i:07d}" for i in range(len(insp))])
    insp.to_csv(bundle / "inspections.csv", index=False)
    pd.DataFrame(trig_rows, columns=["trigger_id", "enterprise_id", "agency_id",
                                     "received_on", "kind", "urgent"]).to_csv(
        bundle / "triggers.csv", index=False)
    pd.DataFrame(rec_rows, columns=["enterprise_id", "recorded_on", "kind", "expires_on",
                                    "note"]).sort_values("recorded_on", kind="stable").to_csv(
        bundle / "credit_records.csv", index=False)
    pd.DataFrame(grade_rows, columns=["enterprise_id", "grade", "rated_on"]).to_csv(
        bundle / "credit_grades.csv", index=False)
    for name, df in org.items():
        df.to_csv(bundle / f"{name}.csv", index=False)
    _calendar_2027().to_csv(bundle / "calendar.csv", index=False)
    (bundle / "policy.json").write_text(json.dumps(
        {"year": PLAN_YEAR, "seed": f"foreign2-{family_name}-{seed}"}, ensure_ascii=False,
        indent=2), encoding="utf-8")
    truth = out / "truth.csv"
    pd.DataFrame({"enterprise_id": ent.enterprise_id, "p_violation": sigmoid(eta27)}).to_csv(
        truth, index=False)
    return bundle, truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--family", choices=FAMILIES, required=True)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    b, t = generate(a.family, a.n, a.seed, a.out)
    print(b, t)


if __name__ == "__main__":
    main()
