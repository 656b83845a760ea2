"""A fifth held-out bureau generator (issue 9) · 第五个独立生成的检验世界.

Written from /work/shared/spec/bundle.md, its example bundle and issue 9's text only; its author read neither
the product's model nor its scenario generator nor the four earlier held-out generators. Every bureau is a
whole bundle for plan year 2027 (history 2024–2026) beside a hidden ``truth.csv`` (enterprise_id,
p_violation = the probability that an inspection in 2027 finds a ``violation`` or ``serious``).

One engine, six families. Each firm has a permanent propensity ``z`` and a yearly one ``x[t]`` (AR(1) with a
family-specific persistence); a family adds its own structure. History is simulated year by year: planned
visits (chosen as the family's bureau chose them), complaint-led visits, follow-ups after violations; each
visit's outcome is drawn from the firm's propensity on that date. Credit records follow findings (不良 after
violations, 严重失信 after some serious ones, 修复 later, 良好/表彰 for quiet firms). Triggers run through
2024–2026 and into January 2027 (a bundle uploaded in January knows them).

Families (what is hidden, and how the official grade behaves):

* ``derived_quarterly`` 季度评级由历史推出: the platform re-rates every firm each quarter from its own
  trailing-two-year records (D: serious_dishonest or ≥2 violations; C: one violation or a bad record; A: a
  good record and no finding; else B). The grade is sharp only through the history it is derived from (look-ahead
  free, but redundant). Truth: persistent firm effect dominant, linear; random 双随机 visits ~18%/yr plus
  follow-ups.
* ``stale_census`` 一次性普查评级（陈旧）: one census grading in May 2024 of 85% of firms, sharp then (the
  2024 propensity + small noise), but propensity is mostly transient (persistence 0.45), so by 2027 the grade is
  stale. Planned visits were *targeted by that grade* (D ×3/yr, C ×1.2, B ×0.35, A ×0.08): A-graded firms have
  almost no history. Gas firms with online monitoring emit data_monitoring alarms tied to the current propensity.
* ``fresh_partial`` 临近计划评级、覆盖少: grades rated 10–28 Dec 2026 for medium/large firms (and 10% of
  small ones), sharp (quartiles of the 2027 truth + small noise): ~30% of firms. Shallow history: the
  bureau's register starts in 2026 (no 2024–2025 visits or records). Truth nonlinear: young (<3 years) micro/
  small firms in construction/ready_mix without site video are high risk; size×age and sector×monitoring
  interactions.
* ``useless_complaints`` 评级走形式、投诉驱动: every firm rated yearly in its founding month (2024–2026), the
  grade set by size and noise only, unrelated to risk. Risk lives in a residents' grievance latent (property
  management and gas, old-town districts); complaints (Poisson in exp(latent)) drive most visits (a visit within
  15 days of 60% of complaints), few random ones (5%/yr). Strong district effect. Seasonal: gas worse in winter.
* ``regime_shift`` 新规之后（漂移）: a gas/property safety rule takes effect 2026-07-01; before it, violations
  follow the firm effect; after it, they follow missing online monitoring and firm age (old pipework), for gas
  and property firms. Grades each July (2024–2026) for 60% of firms, computed from the *old-regime* risk
  (noisy): they fit the past, not 2027. Bad records surge after the new rule.
* ``deterrence_nogrades`` 专项整治 + 震慑、无评级: no grade at all (credit_grades.csv has no rows). Planned visits come from yearly
  sector campaigns (2024 gas+ready_mix, 2025 property_mgmt, 2026 construction+municipal, 70% of the campaign
  sector, 4% elsewhere). A violation put right lowers the firm's later propensity by 0.6 (deterrence); one left
  unrectified raises it by 0.5. Risk is nonlinear: a threshold—logit jumps by 1.5 when the transient and
  permanent effects are both above 0.5.

Where bundle.md was silent (choices made here, for the integrator's notes):
* Several credit_grades rows per firm (one per rating round) are written; bundle.md does not say a firm has one
  row only, so "the latest rated_on before the plan" is assumed to be the grade in force.
* deterrence_nogrades writes ``credit_grades.csv`` as a header with no rows (an empty export; bundle.md's "a missing
  optional file means none" would allow leaving it out, but bench/foreign2/run.py's plain LR reads the file
  unconditionally and crashes without it: a harness limit, noticed and not touched here).
* Triggers dated in January 2027 are included (R-TIER says every record in the bundle is known when the plan is
  made; bundle.md does not say whether triggers may be dated in the plan year; the example has one).
* ``rectified`` is written only for violation/serious rows (bundle.md: "for a violation"), empty otherwise;
  follow-up visits are ordinary inspections (bundle.md has no "kind" column for history).
* ``serious_dishonest`` records carry no expires_on (bundle.md gives durations for 不良 and 优良 only).
* Plan-year truth is the propensity on 2027-06-30 (a mid-year visit); bundle.md does not define which date.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

PLAN_YEAR = 2027
HISTORY = (2024, 2025, 2026)
SECTORS = ["construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing",
           "ready_mix", "municipal", "other"]
SIZES = ["micro", "small", "medium", "large"]
FAMILIES = ["derived_quarterly", "stale_census", "fresh_partial", "useless_complaints", "regime_shift",
            "deterrence_nogrades"]
SPEC_EXAMPLE = Path("/work/shared/spec/example")

_SECTOR_P = [0.27, 0.09, 0.22, 0.06, 0.06, 0.05, 0.04, 0.05, 0.07, 0.09]
_SIZE_P = [0.36, 0.40, 0.17, 0.07]
_SECTOR_EFFECT = dict(zip(SECTORS, [0.45, 0.1, 0.25, 0.35, -0.2, -0.4, -0.1, 0.3, 0.0, -0.5], strict=True))
_SIZE_EFFECT = dict(zip(SIZES, [0.25, 0.1, -0.1, -0.3], strict=True))
_REMOTE_P = dict(zip(SECTORS, [0.35, 0.05, 0.2, 0.7, 0.05, 0.02, 0.1, 0.4, 0.15, 0.03], strict=True))
# 太原市 districts: 小店 迎泽 杏花岭 尖草坪 万柏林 晋源; 140100 is the city level (市级队伍)
DISTRICTS = ["140105", "140106", "140107", "140108", "140109", "140110"]
CITY = "140100"
_DISTRICT_NAMES = ["小店区", "迎泽区", "杏花岭区", "尖草坪区", "万柏林区", "晋源区"]
AGENCIES = {"zj": "太原市住房和城乡建设局", "cg": "太原市城市管理局", "rq": "太原市燃气安全监督中心",
            "fc": "太原市房产事务服务中心"}
_AGENCY_SECTORS = {"zj": ["construction", "supervision", "survey_design", "testing", "ready_mix"],
                   "cg": ["municipal", "construction", "property_mgmt", "other"],
                   "rq": ["gas"], "fc": ["real_estate", "property_mgmt"]}

# GB 32100-2015 统一社会信用代码 alphabet and weights
_ALPH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(body17: str) -> str:
    """Append the GB 32100-2015 check character to a 17-character body."""
    s = sum(_ALPH.index(c) * w for c, w in zip(body17, _W, strict=True))
    return body17 + _ALPH[(31 - s % 31) % 31]


def _sig(v: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-v))


def _day(year: int, doy: np.ndarray | int) -> np.ndarray:
    """Ordinal day numbers for day-of-year offsets (0-based) in `year`."""
    return dt.date(year, 1, 1).toordinal() + np.asarray(doy, dtype=int)


def _iso(o: int) -> str:
    return dt.date.fromordinal(int(o)).isoformat()


CUT = dt.date(PLAN_YEAR, 1, 1).toordinal()
REGIME = dt.date(2026, 7, 1).toordinal()


class World:
    """Firm attributes and latent propensities of one bureau."""

    def __init__(self, family: str, n: int, rng: np.random.Generator) -> None:
        self.family, self.n, self.rng = family, n, rng
        self.sector = rng.choice(SECTORS, n, p=_SECTOR_P)
        self.size = rng.choice(SIZES, n, p=_SIZE_P)
        dist_p = rng.dirichlet(np.full(len(DISTRICTS), 4.0))
        self.district = rng.choice(len(DISTRICTS), n, p=dist_p)
        self.remote = rng.random(n) < np.array([_REMOTE_P[s] for s in self.sector])
        # founding dates: many recent firms (新设), a long tail back to 1990
        age_days = np.minimum(rng.exponential(9 * 365, n), 36 * 365).astype(int) + 30
        self.founded = CUT - age_days
        self.age = age_days / 365.25
        bounds = {"micro": (1, 20), "small": (20, 300), "medium": (300, 1000), "large": (1000, 6000)}
        self.employees = np.array([rng.integers(*bounds[s]) for s in self.size])
        persist = {"stale_census": 0.45, "derived_quarterly": 0.8, "useless_complaints": 0.7}.get(family, 0.7)
        self.z = rng.normal(0, 1, n)
        x = np.empty((n, 5))  # years 2023..2027
        x[:, 0] = rng.normal(0, 1, n)
        for k in range(1, 5):
            x[:, k] = persist * x[:, k - 1] + np.sqrt(1 - persist ** 2) * rng.normal(0, 1, n)
        self.x = x
        self.offset = np.zeros(n)  # deterrence changes it as history unfolds
        self.sec_eff = np.array([_SECTOR_EFFECT[s] for s in self.sector])
        self.size_eff = np.array([_SIZE_EFFECT[s] for s in self.size])
        self.district_eff = rng.normal(0, 0.6, len(DISTRICTS))[self.district]
        self.old_town = np.isin(self.district, [1, 2])  # 迎泽、杏花岭: old housing stock

    def xt(self, idx: np.ndarray, day: np.ndarray) -> np.ndarray:
        year = np.array([dt.date.fromordinal(int(d)).year for d in day]) if len(day) else np.array([], int)
        return self.x[idx, np.clip(year - 2023, 0, 4)]

    def logit(self, idx: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Log-odds that a visit to firms `idx` on ordinal days `day` finds a violation."""
        f, z, xt = self.family, self.z[idx], self.xt(idx, day)
        base = self.sec_eff[idx] + self.size_eff[idx] + self.offset[idx]
        sec, size = self.sector[idx], self.size[idx]
        if f == "derived_quarterly":
            return -1.9 + base + 1.15 * z + 0.45 * xt
        if f == "stale_census":
            return -1.9 + base + 0.45 * z + 1.15 * xt
        if f == "fresh_partial":
            young = self.age[idx] < 3
            small = np.isin(size, ["micro", "small"])
            site = np.isin(sec, ["construction", "ready_mix"])
            v = -2.1 + base + 0.7 * z + 0.5 * xt
            v += 1.6 * (young & small & site & ~self.remote[idx])
            v += 0.5 * young * (size == "large")  # big new firms: unsettled management
            v -= 0.6 * (self.remote[idx] & (sec == "gas"))
            return v
        if f == "useless_complaints":
            month = np.array([dt.date.fromordinal(int(d)).month for d in day]) if len(day) else np.array([], int)
            winter = np.isin(month, [11, 12, 1, 2, 3])
            grievance = np.isin(sec, ["property_mgmt", "gas"])
            v = -2.0 + 0.5 * base + 0.4 * z + self.district_eff[idx] + 0.5 * self.old_town[idx]
            v += xt * np.where(grievance, 1.2, 0.5) + 0.5 * (winter & (sec == "gas"))
            return v
        if f == "regime_shift":
            after = day >= REGIME
            target = np.isin(sec, ["gas", "property_mgmt"])
            old = -1.9 + base + 1.0 * z + 0.4 * xt
            new = -1.6 + base + 0.25 * z + 0.4 * xt + 1.4 * (~self.remote[idx]) + 0.08 * np.minimum(self.age[idx], 25) - 1.0
            return np.where(after & target, new, old)
        if f == "deterrence_nogrades":
            both = (z > 0.5) & (xt > 0.5)
            return -2.0 + base + 0.6 * z + 0.6 * xt + 1.5 * both
        raise ValueError(f"unknown family {f!r}; known: {FAMILIES}")


def _visit_rate(w: World, year: int, grade0: np.ndarray | None) -> np.ndarray:
    """Expected planned (annual-plan) visits per firm in `year`: how this family's bureau chose them."""
    f, n = w.family, w.n
    if f == "derived_quarterly":
        return np.full(n, 0.18)
    if f == "stale_census":
        rate = np.full(n, 0.25)  # unrated firms
        if grade0 is not None:
            for g, r in zip("ABCD", (0.08, 0.35, 1.2, 3.0), strict=True):
                rate[grade0 == g] = r
        return rate
    if f == "fresh_partial":
        return np.full(n, 0.3 if year == 2026 else 0.0)
    if f == "useless_complaints":
        return np.full(n, 0.05)
    if f == "regime_shift":
        return np.where(np.isin(w.sector, ["gas", "property_mgmt"]), 0.35, 0.2)
    if f == "deterrence_nogrades":
        camp = {2024: ["gas", "ready_mix"], 2025: ["property_mgmt"], 2026: ["construction", "municipal"]}[year]
        return np.where(np.isin(w.sector, camp), 0.7, 0.04)
    raise ValueError(f)


def _trigger_rate(w: World, year: int) -> np.ndarray:
    """Expected complaints/referrals/alarms per firm in `year` (the year's transient propensity drives them)."""
    xt = w.x[:, year - 2023]
    if w.family == "useless_complaints":
        grievance = np.isin(w.sector, ["property_mgmt", "gas"])
        return np.where(grievance, 0.5, 0.12) * np.exp(0.9 * xt + 0.4 * w.old_town)
    if w.family == "fresh_partial" and year < 2026:
        return np.zeros(w.n)
    return 0.08 * np.exp(0.7 * xt + 0.3 * w.z)


def _grades(w: World, recs: pd.DataFrame, insp: pd.DataFrame) -> list[tuple[int, str, int]]:
    """(firm index, grade, rated_on ordinal) rows as the credit platform published them."""
    f, rng, n = w.family, w.rng, w.n
    out: list[tuple[int, str, int]] = []

    def cut4(score: np.ndarray, q=(0.25, 0.6, 0.87)) -> np.ndarray:
        edges = np.quantile(score, q)
        return np.array(list("ABCD"))[np.searchsorted(edges, score)]

    if f == "derived_quarterly":
        viol = insp[insp["outcome"].isin(["violation", "serious"])]
        for year in HISTORY:
            for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
                at = dt.date(year, month, day).toordinal()
                lo = at - 730
                nv = np.bincount(viol.loc[(viol["day"] < at) & (viol["day"] >= lo), "idx"], minlength=n)
                live = recs[(recs["day"] < at) & (recs["day"] >= lo)]
                sd = np.bincount(live.loc[live["kind"] == "serious_dishonest", "idx"], minlength=n) > 0
                bad = np.bincount(live.loc[live["kind"] == "bad", "idx"], minlength=n) > 0
                good = np.bincount(live.loc[live["kind"].isin(["good", "commendation"]), "idx"], minlength=n) > 0
                g = np.full(n, "B")
                g[good & (nv == 0)] = "A"
                g[(nv == 1) | bad] = "C"
                g[sd | (nv >= 2)] = "D"
                out += [(i, g[i], at) for i in range(n)]
        return out
    if f == "stale_census":
        rated = rng.random(n) < 0.85
        g = cut4(w.z * 0.45 + w.x[:, 1] * 1.15 + rng.normal(0, 0.3, n))
        at = _day(2024, rng.integers(120, 151, n))
        return [(i, g[i], at[i]) for i in range(n) if rated[i]]
    if f == "fresh_partial":
        rated = np.isin(w.size, ["medium", "large"]) | ((w.size == "small") & (rng.random(n) < 0.1))
        truth = w.logit(np.arange(n), np.full(n, dt.date(PLAN_YEAR, 6, 30).toordinal()))
        g = cut4(truth + rng.normal(0, 0.35, n))
        at = _day(2026, rng.integers(343, 362, n))
        return [(i, g[i], at[i]) for i in range(n) if rated[i]]
    if f == "useless_complaints":
        month = np.array([dt.date.fromordinal(int(d)).month for d in w.founded])
        lean = np.array([{"large": -0.8, "medium": -0.4, "small": 0.0, "micro": 0.4}[s] for s in w.size])
        for year in HISTORY:
            g = cut4(lean + rng.normal(0, 0.7, n), q=(0.2, 0.7, 0.95))
            at = np.array([dt.date(year, m, 15).toordinal() for m in month])
            out += [(i, g[i], at[i]) for i in range(n) if at[i] > w.founded[i]]
        return out
    if f == "regime_shift":
        rated = rng.random(n) < 0.6
        for year in HISTORY:
            jul = np.full(n, dt.date(year, 7, 1).toordinal())
            old = -1.9 + w.sec_eff + w.size_eff + 1.0 * w.z + 0.4 * w.x[:, year - 2023]
            g = cut4(old + rng.normal(0, 0.6, n))
            at = jul + rng.integers(0, 25, n)
            out += [(i, g[i], at[i]) for i in range(n) if rated[i]]
        return out
    return out  # deterrence_nogrades: no grading at all


def _officers_of(agency: str, district: str) -> list[str]:
    return [f"{agency}-{district}-{k:02d}" for k in range(4)]


def generate(family: str, n: int, seed: int, out: Path) -> tuple[Path, Path]:
    """Write one bureau: `out`/bundle/ (the upload) and `out`/truth.csv (hidden). Returns both paths."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; known: {FAMILIES}")
    rng = np.random.default_rng([seed, FAMILIES.index(family), n])
    out = Path(out)
    bundle = out / "bundle"
    if bundle.exists():
        shutil.rmtree(bundle)
    bundle.mkdir(parents=True)
    w = World(family, n, rng)

    # --- enterprises 检查对象名录库
    ids: set[str] = set()
    eids: list[str] = []
    while len(eids) < n:
        d = DISTRICTS[w.district[len(eids)]]
        code = credit_code("91" + d + "".join(rng.choice(list(_ALPH), 9)))
        if code not in ids:
            ids.add(code)
            eids.append(code)
    word = {"construction": "建设工程", "real_estate": "房地产开发", "property_mgmt": "物业服务", "gas": "燃气",
            "supervision": "工程监理", "survey_design": "勘察设计院", "testing": "检测", "ready_mix": "混凝土",
            "municipal": "市政工程", "other": "建材商贸"}
    syll = list("晋华泰鑫恒昌盛达汾龙并阳源丰瑞祥宏安通德利隆兴永康")
    names = [f"太原{''.join(rng.choice(syll, 2))}{word[s]}有限公司{i}" for i, s in enumerate(w.sector)]
    ent = pd.DataFrame({
        "enterprise_id": eids, "name": names, "district_code": [DISTRICTS[d] for d in w.district],
        "sector": w.sector, "size": w.size, "employees": w.employees,
        "established_on": [_iso(d) for d in w.founded],
        "address": [f"太原市{_DISTRICT_NAMES[d]}某路{rng.integers(1, 999)}号" for d in w.district],
        "remote_monitoring": np.where(w.remote, "true", "false")})
    ent.to_csv(bundle / "enterprises.csv", index=False)

    # --- history, year by year
    stale_grade0 = None
    if family == "stale_census":  # the 2024 census comes before the visits it steers
        g0 = _grades(w, pd.DataFrame(), pd.DataFrame())
        stale_grade0 = np.full(n, "")
        for i, g, _ in g0:
            stale_grade0[i] = g
        census_rows = g0
    insp_rows: list[tuple[int, int, str, str]] = []  # idx, day, outcome, rectified
    trig_rows: list[tuple[int, int, str, bool]] = []
    rec_rows: list[tuple[int, int, str, int | None]] = []
    years = [2026] if family == "fresh_partial" else list(HISTORY)

    def visit(idx: np.ndarray, day: np.ndarray, follow: bool = False) -> None:
        if not len(idx):
            return
        p = _sig(w.logit(idx, day) - (0.4 if follow else 0.0))
        u = rng.random(len(idx))
        zrel = _sig(w.z[idx])
        viol = u < p
        serious = viol & (rng.random(len(idx)) < 0.1 + 0.25 * zrel)
        minor = ~viol & (rng.random(len(idx)) < 0.08 + 0.6 * p)
        rect_p = 0.85 - 0.35 * zrel
        rect = viol & (rng.random(len(idx)) < rect_p)
        for k in range(len(idx)):
            o = "serious" if serious[k] else "violation" if viol[k] else "minor" if minor[k] else "compliant"
            r = ("true" if rect[k] else "false") if viol[k] else ""
            insp_rows.append((int(idx[k]), int(day[k]), o, r))
            if viol[k]:
                i, d = int(idx[k]), int(day[k])
                if rng.random() < (0.7 if family == "regime_shift" and d >= REGIME else 0.45):
                    rd = d + int(rng.integers(7, 40))
                    rec_rows.append((i, rd, "bad", rd + int(rng.integers(180, 1096))))
                    if rng.random() < 0.2:
                        rec_rows.append((i, rd + int(rng.integers(180, 400)), "repair", None))
                if serious[k] and rng.random() < 0.25 * zrel[k] * 2:
                    rec_rows.append((i, d + int(rng.integers(20, 60)), "serious_dishonest", None))
                if family == "deterrence_nogrades":
                    w.offset[i] += -0.6 if rect[k] else 0.5

    for year in years:
        ylen = 366 if year % 4 == 0 else 365
        rate = _visit_rate(w, year, stale_grade0)
        cnt = rng.poisson(rate)
        idx = np.repeat(np.arange(n), cnt)
        if family == "deterrence_nogrades":  # campaigns run in spring and autumn
            doy = np.where(rng.random(len(idx)) < 0.5, rng.integers(60, 150, len(idx)), rng.integers(240, 320, len(idx)))
        else:
            doy = rng.integers(0, ylen, len(idx))
        order = np.argsort(doy, kind="stable")
        # complaints and alarms, and the visits they cause
        tc = rng.poisson(_trigger_rate(w, year))
        tidx = np.repeat(np.arange(n), tc)
        tday = _day(year, rng.integers(0, ylen, len(tidx)))
        kinds = np.where(w.remote[tidx] & (w.sector[tidx] == "gas") & (rng.random(len(tidx)) < 0.6),
                         "data_monitoring", rng.choice(["complaint", "complaint", "complaint", "referral",
                                                        "enterprise_request"], len(tidx)))
        urgent = rng.random(len(tidx)) < 0.12
        trig_rows += [(int(i), int(d), str(k), bool(u)) for i, d, k, u in zip(tidx, tday, kinds, urgent, strict=True)]
        go = rng.random(len(tidx)) < (0.6 if family == "useless_complaints" else 0.35)
        vdays = np.minimum(tday[go] + rng.integers(1, 16, go.sum()), CUT - 1)
        all_idx = np.concatenate([idx[order], tidx[go]])
        all_day = np.concatenate([_day(year, doy[order]), vdays])
        # half-year steps so deterrence acts within a year's later visits
        for half in (0, 1):
            mid = dt.date(year, 7, 1).toordinal()
            sel = (all_day < mid) if half == 0 else (all_day >= mid)
            before = len(insp_rows)
            visit(all_idx[sel], all_day[sel])
            # follow-ups 复查 after violations found in this half
            fu = [(i, d) for i, d, o, _ in insp_rows[before:] if o in ("violation", "serious") and rng.random() < 0.4]
            if fu:
                fi = np.array([i for i, _ in fu])
                fd = np.minimum(np.array([d for _, d in fu]) + rng.integers(30, 91, len(fu)), CUT - 1)
                visit(fi, fd, follow=True)
        # quiet firms earn good records and commendations
        quiet = _sig(-(w.z + w.x[:, year - 2023])) * 0.12
        for i in np.flatnonzero(rng.random(n) < quiet):
            d = int(_day(year, rng.integers(0, ylen)))
            kind = "commendation" if rng.random() < 0.25 else "good"
            rec_rows.append((int(i), d, kind, d + 1095))
    # January 2027 triggers: known when the plan is made
    tc = rng.poisson(_trigger_rate(w, PLAN_YEAR) * 20 / 365)
    tidx = np.repeat(np.arange(n), tc)
    trig_rows += [(int(i), int(CUT + rng.integers(0, 20)), str(rng.choice(["complaint", "referral"])),
                   bool(rng.random() < 0.15)) for i in tidx]

    insp = pd.DataFrame(insp_rows, columns=["idx", "day", "outcome", "rectified"]).sort_values("day", kind="stable")
    recs = pd.DataFrame(rec_rows, columns=["idx", "day", "kind", "exp"])
    recs = recs[recs["day"] < CUT + 20]

    # --- agencies, items, teams, officers
    pd.DataFrame({"agency_id": list(AGENCIES), "name": list(AGENCIES.values())}).to_csv(
        bundle / "agencies.csv", index=False)
    items = [("zj-q", "zj", "工程质量安全检查", "《建设工程质量管理条例》", _AGENCY_SECTORS["zj"], False),
             ("zj-m", "zj", "建筑市场行为检查", "《中华人民共和国建筑法》", _AGENCY_SECTORS["zj"], True),
             ("cg-s", "cg", "施工扬尘与渣土管理检查", "《中华人民共和国大气污染防治法》", _AGENCY_SECTORS["cg"], False),
             ("cg-m", "cg", "市政设施维护检查", "《城市道路管理条例》", ["municipal", "other"], True),
             ("rq-s", "rq", "燃气经营安全检查", "《城镇燃气管理条例》", ["gas"], False),
             ("rq-d", "rq", "燃气监测数据核查", "《城镇燃气管理条例》", ["gas"], True),
             ("fc-s", "fc", "商品房销售行为检查", "《城市房地产开发经营管理条例》", ["real_estate"], True),
             ("fc-p", "fc", "物业服务质量检查", "《物业管理条例》", ["property_mgmt", "real_estate"], False)]
    pd.DataFrame([(a, b, c, d, ";".join(e), "true" if f else "false") for a, b, c, d, e, f in items],
                 columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"]).to_csv(
        bundle / "items.csv", index=False)
    teams, officers = [], []
    for ag in AGENCIES:
        for d in [*DISTRICTS, CITY]:
            tid = f"{ag}-{d}"
            teams.append((tid, ag, d, 3))
            for k, oid in enumerate(_officers_of(ag, d)):
                enf = k < 3
                # one 法制审核 reviewer at the city team and one in the first district (R-REVIEW's 5%)
                other = "legal_review" if d in (CITY, DISTRICTS[0]) else "auxiliary"
                officers.append((oid, f"执法员{oid}", tid, "enforcement" if enf else other,
                                 f"晋{rng.integers(10_000_000, 99_999_999)}" if enf else "",
                                 "2029-12-31" if enf else "", int(rng.integers(60, 90)), int(rng.integers(80, 160))))
    pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"]).to_csv(
        bundle / "teams.csv", index=False)
    pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                    "certificate_expires_on", "training_hours", "annual_visit_budget"]).to_csv(
        bundle / "officers.csv", index=False)
    pd.DataFrame([(officers[k][0], "2027-08-01", "2027-08-14", "leave") for k in range(0, len(officers), 9)],
                 columns=["officer_id", "start_on", "end_on", "reason"]).to_csv(bundle / "unavailability.csv",
                                                                                 index=False)

    # --- inspections 历史检查记录: the agency whose list covers the sector, officers of its district team
    ag_for = {s: [a for a, ss in _AGENCY_SECTORS.items() if s in ss] for s in SECTORS}
    rows = []
    for k, r in enumerate(insp.itertuples(index=False)):
        ag = str(rng.choice(ag_for[w.sector[r.idx]]))
        d = DISTRICTS[w.district[r.idx]]
        offs = rng.choice(_officers_of(ag, d)[:3], 2, replace=False)
        rows.append((f"J{k:07d}", eids[r.idx], ag, _iso(r.day), ";".join(offs), r.outcome, r.rectified))
    pd.DataFrame(rows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                "outcome", "rectified"]).to_csv(bundle / "inspections.csv", index=False)

    # --- triggers
    trig = sorted(trig_rows, key=lambda t: t[1])
    pd.DataFrame([(f"T{k:06d}", eids[i], str(rng.choice(ag_for[w.sector[i]])), _iso(d), kind,
                   "true" if u else "false") for k, (i, d, kind, u) in enumerate(trig)],
                 columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"]).to_csv(
        bundle / "triggers.csv", index=False)

    # --- credit records and grades
    recs = recs.sort_values("day", kind="stable")
    pd.DataFrame({"enterprise_id": [eids[i] for i in recs["idx"]], "recorded_on": [_iso(d) for d in recs["day"]],
                  "kind": recs["kind"].to_numpy(),
                  "expires_on": [_iso(e) if pd.notna(e) else "" for e in recs["exp"]],
                  "note": ""}).to_csv(bundle / "credit_records.csv", index=False)
    # deterrence_nogrades: the platform never graded, so its export is the header alone (no rows = no grades)
    grows = census_rows if family == "stale_census" else _grades(w, recs, insp)
    pd.DataFrame([(eids[i], g, _iso(d)) for i, g, d in grows],
                 columns=["enterprise_id", "grade", "rated_on"]).to_csv(bundle / "credit_grades.csv", index=False)

    # --- calendar and policy
    shutil.copy(SPEC_EXAMPLE / "calendar.csv", bundle / "calendar.csv")
    policy = json.loads((SPEC_EXAMPLE / "policy.json").read_text(encoding="utf-8"))
    policy.update(year=PLAN_YEAR, seed=f"foreign5-{family}-{seed}")
    (bundle / "policy.json").write_text(json.dumps(policy, ensure_ascii=False, indent=2), encoding="utf-8")

    # --- the hidden truth, beside the bundle
    truth = _sig(w.logit(np.arange(n), np.full(n, dt.date(PLAN_YEAR, 6, 30).toordinal())))
    truth = np.clip(truth, 1e-4, 1 - 1e-4)
    truth_path = out / "truth.csv"
    pd.DataFrame({"enterprise_id": eids, "p_violation": truth}).to_csv(truth_path, index=False)
    return bundle, truth_path
