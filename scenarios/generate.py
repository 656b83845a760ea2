"""A synthetic bureau with a hidden true violation propensity (p_violation).

Everything observable — history, credit records, grades, complaints — is drawn from the
hidden propensity, which itself depends on observable traits plus noise, so a risk model
can learn it and `truth.csv` measures how well it targets. Same seed → identical files.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
from faker import Faker

from bundle.creditcode import ALPHABET, WEIGHTS
from bundle.workcal import WorkCalendar, year_days
from scenarios.presets import (
    AGENCY_NAMES,
    CHANGZHI_DISTRICTS,
    CITIES,
    HOLIDAYS_2027,
    ITEMS,
    MAKEUP_WORKDAYS_2027,
    PRESETS,
    SECTOR_EFFECT,
    SECTOR_MIX,
    SIZE_EFFECT,
    SIZE_MIX,
    Preset,
)
from scenarios.propensity import Propensity, Traits

HISTORY_YEARS = 3


def _grades(view: np.ndarray) -> np.ndarray:
    """The credit platform's grades 信用风险分类 from its view of the truth: A for the lowest 30%, B to 70%, C to 90%, D above."""
    return np.select([view < np.quantile(view, 0.30), view < np.quantile(view, 0.70), view < np.quantile(view, 0.90)],
                     ["A", "B", "C"], "D")


def _districts(p: Preset) -> dict[str, list[str]]:
    """city code → its district codes."""
    cities = list(CITIES)[: p.cities] if p.cities > 1 else ["1404"]
    out: dict[str, list[str]] = {}
    for c in cities:
        if c == "1404" and p.districts_per_city <= len(CHANGZHI_DISTRICTS):
            out[c] = list(CHANGZHI_DISTRICTS[: p.districts_per_city])
        else:
            out[c] = [f"{c}{i:02d}" for i in range(1, p.districts_per_city + 1)]
    return out


def credit_codes(district: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Valid 统一社会信用代码: 9 (工商) 1 (企业) + district + 9 random symbols + GB 32100 check digit."""
    n = len(district)
    alpha = np.array(list(ALPHABET))
    value = {ch: i for i, ch in enumerate(ALPHABET)}
    head = np.array([[value[ch] for ch in "91" + d] for d in district], dtype=np.int64).reshape(n, 8)
    while True:
        body = rng.integers(0, 31, size=(n, 9))
        digits = np.concatenate([head, body], axis=1)
        check = (31 - (digits @ np.array(WEIGHTS)) % 31) % 31
        codes = np.array(["".join(row) for row in alpha[np.concatenate([digits, check[:, None]], axis=1)]])
        if len(set(codes)) == n:
            return codes


def _pick(rng: np.random.Generator, mix: dict[str, float], n: int) -> np.ndarray:
    keys = list(mix)
    probs = np.array([mix[k] for k in keys])
    return np.array(keys)[rng.choice(len(keys), size=n, p=probs / probs.sum())]


def _days(days: list[dt.date]) -> np.ndarray:
    return np.array(days, dtype="datetime64[D]")


def _dates(rng: np.random.Generator, days: np.ndarray, n: int) -> np.ndarray:
    return days[rng.integers(0, len(days), size=n)]


def _iso(a: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(a.astype("datetime64[D]"), unit="D")


class Bureau:
    """Draws one bureau; `write` puts the bundle and truth.csv on disk."""

    def __init__(self, preset: Preset, seed: int, propensity: str | None = None):
        self.p = preset
        # the hidden-propensity family (scenarios/propensity.py); `linear` is the original world
        self.prop = Propensity(propensity or "linear", seed)
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.year = preset.year
        self.city_districts = _districts(preset)
        self.tables: dict[str, pd.DataFrame] = {}

    # ---- registers -------------------------------------------------------------
    def enterprises(self) -> pd.DataFrame:
        rng, n = self.rng, self.p.enterprises
        districts = [d for ds in self.city_districts.values() for d in ds]
        weights = rng.uniform(0.5, 1.5, size=len(districts))
        district = np.array(districts)[rng.choice(len(districts), size=n, p=weights / weights.sum())]
        sector = _pick(rng, SECTOR_MIX, n)
        size = _pick(rng, SIZE_MIX, n)
        lo = {"micro": 1, "small": 10, "medium": 100, "large": 1000}
        hi = {"micro": 9, "small": 99, "medium": 999, "large": 8000}
        employees = np.array([rng.integers(lo[s], hi[s] + 1) for s in size])
        age_days = (rng.gamma(2.0, 3.5, size=n) * 365).astype(int) + 30
        established = np.datetime64(f"{self.year - 1}-12-31") - age_days.astype("timedelta64[D]")
        remote = (rng.random(n) < np.where(np.isin(sector, ["gas", "construction"]), 0.45, 0.12)) & (size != "micro")
        ids = credit_codes(district, rng)
        prefixes = np.array([self.fake.company_prefix() for _ in range(min(3000, n))])
        sector_word = {"construction": "建筑工程", "real_estate": "房地产开发", "property_mgmt": "物业管理", "gas": "燃气",
                       "supervision": "工程监理", "survey_design": "勘察设计", "testing": "工程检测", "ready_mix": "混凝土",
                       "municipal": "市政工程", "other": "建材贸易"}
        city_of = {d: CITIES[c] for c, ds in self.city_districts.items() for d in ds}
        pre = prefixes[rng.integers(0, len(prefixes), size=n)]
        names = [f"{city_of[d][:-1]}{x}{sector_word[s]}有限公司" for d, x, s in zip(district, pre, sector, strict=True)]
        streets = np.array([self.fake.street_name() for _ in range(min(500, n))])
        addr = [f"{city_of[d]}{streets[i]}{k}号" for d, i, k in
                zip(district, rng.integers(0, len(streets), n), rng.integers(1, 999, n), strict=True)]
        lat = np.round(36.2 + rng.normal(0, 0.25, n), 6)
        lon = np.round(113.1 + rng.normal(0, 0.25, n), 6)
        # the hidden truth: observable traits + a district effect + noise nobody sees
        district_effect = dict(zip(districts, rng.normal(0, 0.3, len(districts)), strict=True))
        self.traits = Traits(sector, size, age_days < 3 * 365, remote, district, np.vectorize(SECTOR_EFFECT.get)(sector),
                             np.vectorize(SIZE_EFFECT.get)(size), np.vectorize(district_effect.get)(district),
                             rng.standard_normal(n))
        logit = self.prop.logit(self.traits)
        self.p_violation = 1 / (1 + np.exp(-logit))
        df = pd.DataFrame({
            "enterprise_id": ids, "name": names, "district_code": district, "sector": sector, "size": size,
            "employees": employees, "established_on": _iso(established), "address": addr, "lat": lat, "lon": lon,
            "remote_monitoring": np.where(remote, "true", "false"),
        })
        return df

    def agencies_items(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        city = CITIES["1404"] if self.p.cities == 1 else "山西省"
        ag = pd.DataFrame({"agency_id": list(self.p.agencies), "name": [city + AGENCY_NAMES[a] for a in self.p.agencies]})
        rows = [(i, a, nm, lb, ";".join(s), "true" if r else "false") for i, a, nm, lb, s, r in ITEMS if a in self.p.agencies]
        items = pd.DataFrame(rows, columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"])
        return ag, items

    def teams_officers(self, ent: pd.DataFrame, items: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        rng = self.rng
        sectors_of = {a: set(";".join(items.loc[items.agency_id == a, "sectors"]).split(";")) for a in self.p.agencies}
        load: dict[tuple[str, str], float] = {}
        for a in self.p.agencies:
            counts = ent[ent.sector.isin(sectors_of[a])].groupby("district_code").size()
            for c, ds in self.city_districts.items():
                for d in ds:
                    load[(a, d)] = float(counts.get(d, 0)) + 1.0
                load[(a, c + "00")] = 0.25 * sum(load[(a, d)] for d in ds) / len(ds)
        total = sum(load.values())
        teams, officers = [], []
        names = [self.fake.name() for _ in range(2000)]
        certs: set[str] = set()  # one certificate, one person (bundle validation refuses a number held twice)
        for (a, d), w in sorted(load.items()):
            head = max(3, round(self.p.officers * w / total))
            tid = f"{a}-{d}"
            n_enf = max(2, round(head * rng.uniform(0.72, 0.86)))
            teams.append((tid, a, d, max(2, n_enf // 2)))
            for k in range(head):
                oid = f"{tid}-{k:03d}"
                role = "enforcement" if k < n_enf else ("legal_review" if rng.random() < 0.35 else "auxiliary")
                cert_no = exp = ""
                if role == "enforcement":
                    cert_no = f"晋{rng.integers(10_000_000, 99_999_999)}"
                    while cert_no in certs:  # drawn again only on a clash, so a bundle without one stays as it was
                        cert_no = f"晋{rng.integers(10_000_000, 99_999_999)}"
                    certs.add(cert_no)
                    # about 6% run out during the plan year: they must stop counting on that day (R-CERT)
                    if rng.random() < 0.06:
                        exp = str(np.datetime64(f"{self.year}-03-01") + int(rng.integers(0, 240)))
                    else:
                        exp = f"{self.year + int(rng.integers(1, 5))}-06-30"
                hours = f"{max(0.0, rng.normal(72, 18)):.0f}"
                budget = str(int(rng.integers(25, 61))) if rng.random() < 0.5 else ""
                officers.append((oid, names[int(rng.integers(0, len(names)))], tid, role, cert_no, exp, hours, budget))
        t = pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"])
        o = pd.DataFrame(officers, columns=["officer_id", "name", "team_id", "role", "certificate_no",
                                            "certificate_expires_on", "training_hours", "annual_visit_budget"])
        return t, o

    # ---- history -----------------------------------------------------------------
    def history(self, ent: pd.DataFrame, items: pd.DataFrame, teams: pd.DataFrame, off: pd.DataFrame) -> pd.DataFrame:
        rng, pv = self.rng, self.p_violation
        cal = WorkCalendar()
        agency_sectors = [(a, set(";".join(items.loc[items.agency_id == a, "sectors"]).split(";"))) for a in self.p.agencies]
        enf = off[off.role == "enforcement"]
        team_officers = enf.groupby("team_id")["officer_id"].apply(list).to_dict()
        rows = []
        sector = ent.sector.to_numpy()
        district = ent.district_code.to_numpy()
        ids = ent.enterprise_id.to_numpy()
        for y in range(self.year - HISTORY_YEARS, self.year):
            days = _days(cal.workdays(y))
            for a, secs in agency_sectors:
                idx = np.flatnonzero(np.isin(sector, list(secs)))
                # past plans already leaned on risk: the riskier, the likelier to be visited
                n_visits = rng.poisson((0.25 + 0.9 * pv[idx]) * self.prop.visit_scale)
                rep = np.repeat(idx, n_visits)
                when = _dates(rng, days, len(rep))
                drift = 0.015 * (y - (self.year - HISTORY_YEARS))  # violations creep up year on year
                pv_y = self.prop.year_p(pv, self.traits, self.year - y)  # drift family: the truth moves by year
                p = np.clip(pv_y[rep] + drift, 0, 0.98)
                u = rng.random(len(rep))
                outcome = np.where(u < p * 0.3, "serious", np.where(u < p, "violation",
                                   np.where(u < p + (1 - p) * self.prop.minor_share(p), "minor", "compliant")))
                bad = np.isin(outcome, ["violation", "serious"])
                rect = np.where(bad, np.where(rng.random(len(rep)) < 0.85 - 0.4 * pv[rep], "true", "false"), "")
                picks = rng.random((len(rep), 2))
                for e, w, o, r, (u1, u2) in zip(rep, _iso(when), outcome, rect, picks, strict=True):
                    pool = team_officers.get(f"{a}-{district[e]}") or team_officers.get(f"{a}-{district[e][:4]}00") or []
                    pair = ""
                    if len(pool) >= 2:
                        i = int(u1 * len(pool))
                        j = (i + 1 + int(u2 * (len(pool) - 1))) % len(pool)
                        pair = ";".join(sorted((pool[i], pool[j])))
                    rows.append((a, ids[e], w, pair, o, r))
        df = pd.DataFrame(rows, columns=["agency_id", "enterprise_id", "inspected_on", "officer_ids", "outcome", "rectified"])
        df = df.sort_values(["inspected_on", "enterprise_id", "agency_id"], kind="stable").reset_index(drop=True)
        df.insert(0, "inspection_id", [f"H{i:08d}" for i in range(len(df))])
        return df[["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids", "outcome", "rectified"]]

    def credit(self, ent: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        rng, pv, n = self.rng, self.p_violation, len(ent)
        ids = ent.enterprise_id.to_numpy()
        span = _days([d for y in range(self.year - HISTORY_YEARS, self.year) for d in year_days(y)])
        parts = []

        def records(who: np.ndarray, kind: np.ndarray | str, life: np.ndarray | None, note: str) -> pd.DataFrame:
            rec = _dates(rng, span, len(who))
            return pd.DataFrame({"enterprise_id": ids[who], "recorded_on": _iso(rec), "kind": kind,
                                 "expires_on": _iso(rec + life) if life is not None else "", "note": note})

        bad = np.repeat(np.arange(n), rng.poisson(1.1 * pv * self.prop.credit_scale))
        parts.append(records(bad, "bad", rng.integers(182, 1096, len(bad)).astype("timedelta64[D]"), "不良信用信息"))
        good = np.flatnonzero(rng.random(n) < 0.22 * (1 - pv))
        kinds = np.where(rng.random(len(good)) < 0.3, "commendation", "good")
        parts.append(records(good, kinds, np.full(len(good), 1095).astype("timedelta64[D]"), ""))
        dishonest = np.flatnonzero(rng.random(n) < 0.03 * pv**1.5)
        sd = records(dishonest, "serious_dishonest", None, "列入严重失信主体名单")
        parts.append(sd)
        repaired = rng.random(len(sd)) < 0.3  # 信用修复: stops counting from its date (R-TIER)
        rep_on = sd.recorded_on.to_numpy(dtype="datetime64[D]")[repaired] + rng.integers(60, 300, int(repaired.sum())).astype("timedelta64[D]")
        parts.append(pd.DataFrame({"enterprise_id": sd.enterprise_id[repaired].to_numpy(), "recorded_on": _iso(rep_on),
                                   "kind": "repair", "expires_on": "", "note": "信用修复"}))
        cr = pd.concat(parts, ignore_index=True)
        cr = cr[cr.recorded_on < f"{self.year}-01-01"]
        cr = cr.sort_values(["enterprise_id", "recorded_on", "kind"], kind="stable").reset_index(drop=True)
        # official grades for part of them, from a noisy view of the truth
        graded = rng.random(n) < self.prop.graded_share
        noisy = pv + rng.normal(0, self.prop.grade_noise, n)
        cg = pd.DataFrame({"enterprise_id": ids[graded], "grade": _grades(noisy)[graded], "rated_on": f"{self.year - 1}-10-31"})
        if self.prop.annual_grades:
            # the platform re-rated the same firms every 31 October, each time from that year's noisy view; the
            # family's own draws, so every other world's stream is left as it was
            earlier = []
            for y in range(self.year - HISTORY_YEARS, self.year - 1):
                view = self.prop.year_p(pv, self.traits, self.year - y) + self.prop.rng.normal(0, self.prop.grade_noise, n)
                rated = graded & (ent["established_on"].to_numpy() <= f"{y}-10-31")  # no rating before the firm existed
                earlier.append(pd.DataFrame({"enterprise_id": ids[rated], "grade": _grades(view)[rated], "rated_on": f"{y}-10-31"}))
            cg = pd.concat([*earlier, cg], ignore_index=True)
        return cr, cg

    def triggers(self, ent: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
        rng, pv = self.rng, self.p_violation
        ids, sector = ent.enterprise_id.to_numpy(), ent.sector.to_numpy()
        agency_of_sector: dict[str, list[str]] = {}
        for a, s in zip(items.agency_id, items.sectors, strict=True):
            for x in s.split(";"):
                agency_of_sector.setdefault(x, []).append(a)
        past = _days([d for y in (self.year - 2, self.year - 1) for d in year_days(y)])
        plan = _days(year_days(self.year))
        kinds = np.array(["complaint", "referral", "data_monitoring", "enterprise_request"])
        rows = []
        n_past = rng.poisson(0.6 * pv)
        for e in np.repeat(np.arange(len(ids)), n_past):
            ags = agency_of_sector.get(sector[e])
            if ags:
                rows.append((ids[e], ags[int(rng.integers(0, len(ags)))], _iso(_dates(rng, past, 1))[0],
                             kinds[rng.choice(4, p=[0.6, 0.2, 0.15, 0.05])], "false"))
        # the few already on the desk for the plan year (requests, referrals with a date)
        for e in np.flatnonzero(rng.random(len(ids)) < 0.004):
            ags = agency_of_sector.get(sector[e])
            if ags:
                rows.append((ids[e], ags[int(rng.integers(0, len(ags)))], _iso(_dates(rng, plan[:330], 1))[0],
                             kinds[rng.choice(4, p=[0.3, 0.3, 0.2, 0.2])], "true" if rng.random() < 0.2 else "false"))
        df = pd.DataFrame(rows, columns=["enterprise_id", "agency_id", "received_on", "kind", "urgent"])
        df = df.sort_values(["received_on", "enterprise_id"], kind="stable").reset_index(drop=True)
        df.insert(0, "trigger_id", [f"T{i:07d}" for i in range(len(df))])
        return df

    def people(self, ent: pd.DataFrame, off: pd.DataFrame, teams: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        rng = self.rng
        days = year_days(self.year)
        rows = []
        for oid in off.officer_id:
            for _ in range(int(rng.choice(3, p=[0.35, 0.45, 0.2]))):
                start = days[int(rng.integers(0, len(days) - 20))]
                reason = "training" if rng.random() < 0.4 else "leave"
                length = int(rng.integers(2, 8 if reason == "training" else 16))
                rows.append((oid, start.isoformat(), (start + dt.timedelta(days=length)).isoformat(), reason))
        un = pd.DataFrame(rows, columns=["officer_id", "start_on", "end_on", "reason"])
        team_district = teams.set_index("team_id").district_code
        by_district = off.assign(d=off.team_id.map(team_district)).groupby("d")["officer_id"].apply(list).to_dict()
        rec = []
        for e in np.flatnonzero(rng.random(len(ent)) < 0.015):
            pool = by_district.get(ent.district_code.iat[e], [])
            if pool:
                rec.append((pool[int(rng.integers(0, len(pool)))], ent.enterprise_id.iat[e],
                            ["亲属关系", "曾在该企业任职", "利害关系"][int(rng.integers(0, 3))]))
        re_ = pd.DataFrame(rec, columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates(["officer_id", "enterprise_id"])
        return un, re_

    def calendar(self) -> pd.DataFrame:
        hol, mk = set(HOLIDAYS_2027), set(MAKEUP_WORKDAYS_2027)
        rows = []
        for d in year_days(self.year):
            iso = d.isoformat()
            work = (d.weekday() < 5 and iso not in hol) or iso in mk
            rows.append((iso, "true" if work else "false"))
        return pd.DataFrame(rows, columns=["date", "workday"])

    # ---- all of it ------------------------------------------------------------------
    def build(self) -> dict[str, pd.DataFrame]:
        ent = self.enterprises()
        ag, items = self.agencies_items()
        teams, off = self.teams_officers(ent, items)
        t = {"enterprises": ent, "agencies": ag, "items": items, "teams": teams, "officers": off}
        t["inspections"] = self.history(ent, items, teams, off)
        t["credit_records"], t["credit_grades"] = self.credit(ent)
        t["triggers"] = self.triggers(ent, items)
        t["unavailability"], t["recusals"] = self.people(ent, off, teams)
        if self.year == 2027:
            t["calendar"] = self.calendar()
        self.tables = t
        return t

    def policy(self) -> dict[str, object]:
        return {"year": self.year, "seed": f"{self.year}-{self.p.name}-{self.seed}"}

    def write(self, out: Path) -> Path:
        """Write out/bundle/ (exactly per bundle.md) and out/truth.csv beside it."""
        if not self.tables:
            self.build()
        bundle = out / "bundle"
        bundle.mkdir(parents=True, exist_ok=True)
        for name, df in self.tables.items():
            df.to_csv(bundle / f"{name}.csv", index=False, lineterminator="\n")
        (bundle / "policy.json").write_text(json.dumps(self.policy(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        truth = pd.DataFrame({"enterprise_id": self.tables["enterprises"].enterprise_id,
                              "p_violation": np.round(self.p_violation, 6)})
        truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
        return bundle


def generate(preset: str, out: Path, seed: int = 1, officers_scale: float = 1.0, propensity: str | None = None) -> Path:
    """Generate preset `preset` into `out`; returns the bundle folder. `propensity`: a family of scenarios/propensity.py."""
    p = PRESETS[preset]
    if officers_scale != 1.0:
        p = Preset(f"{p.name}-x{officers_scale:g}", p.enterprises, p.cities, p.districts_per_city, p.agencies,
                   max(1, round(p.officers * officers_scale)), p.year)
    return Bureau(p, seed, propensity).write(Path(out))
