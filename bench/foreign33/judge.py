#!/usr/bin/env python
"""Independent judge of a plan folder against a bundle, from /work/shared/spec only.

python judge.py BUNDLE PLAN [--json OUT]
Prints VIOLATION (proven HARD-rule break), AVOIDABLE (an unmet higher-priority requirement
that can be added / swapped in, with the concrete repaired assignment) and SUSPECT lines.
"""
import csv, json, math, hmac, hashlib, os, sys, datetime as dt
from collections import defaultdict, Counter

D = dt.date.fromisoformat
LAB = {  # Chinese labels -> codes
    "建筑施工": "construction", "房地产开发": "real_estate", "物业服务": "property_mgmt", "燃气经营": "gas",
    "工程监理": "supervision", "勘察设计": "survey_design", "工程质量检测": "testing", "预拌混凝土": "ready_mix",
    "市政公用": "municipal", "其他": "other", "微型": "micro", "小型": "small", "中型": "medium", "大型": "large",
    "表彰奖励": "commendation", "良好信用信息": "good", "不良信用信息": "bad", "严重失信主体名单": "serious_dishonest",
    "信用修复": "repair", "未发现问题": "compliant", "轻微问题": "minor", "违法违规": "violation",
    "严重违法违规": "serious", "执法人员": "enforcement", "执法辅助人员": "auxiliary", "法制审核人员": "legal_review",
    "是": "true", "否": "false", "TRUE": "true", "FALSE": "false", "True": "true", "False": "false",
}
DEFAULT_POLICY = {
    "tiers": {"A": {"sample_ratio": 0.03, "visits": 1}, "B": {"sample_ratio": 0.20, "visits": 1},
              "C": {"sample_ratio": 0.60, "visits": 1}, "D": {"sample_ratio": 1.00, "visits": 2}},
    "sampling": "weighted_lottery", "min_lottery_weight": 0.05, "max_visits_per_agency_per_enterprise": 2,
    "max_entries_per_enterprise": 3, "min_days_between_visits": 30, "min_days_between_repeat_visits": 90,
    "officers_per_agency_on_visit": 2, "max_visits_per_officer_per_day": 2, "max_visits_per_officer_per_year": 60,
    "max_remote_checks_per_officer_per_day": 8, "onsite_required_tiers": ["D"], "trigger_within_workdays": 15,
    "urgent_within_workdays": 3,
}
PLANNED = ("mandatory", "sampled")


def lab(v):
    v = (v or "").strip()
    return LAB.get(v, v)


def truthy(v):
    return lab(v).lower() == "true"


def read(bundle, name):
    p = os.path.join(bundle, name)
    if not os.path.exists(p):
        return []
    for enc in ("utf-8-sig", "gb18030"):
        try:
            with open(p, encoding=enc, newline="") as f:
                return list(csv.DictReader(f))
        except UnicodeDecodeError:
            continue
    raise SystemExit(f"cannot decode {p}")


class Bundle:
    def __init__(self, path):
        pol = dict(DEFAULT_POLICY)
        pol["tiers"] = {k: dict(v) for k, v in DEFAULT_POLICY["tiers"].items()}
        pj = os.path.join(path, "policy.json")
        user = json.load(open(pj, encoding="utf-8")) if os.path.exists(pj) else {}
        for k, v in user.items():
            if k == "tiers":
                for t, tv in v.items():
                    pol["tiers"].setdefault(t, {}).update(tv)
            else:
                pol[k] = v
        self.policy = pol
        self.ent = {r["enterprise_id"]: r for r in read(path, "enterprises.csv")}
        for e in self.ent.values():
            e["sector"] = lab(e["sector"])
            e["rm"] = truthy(e.get("remote_monitoring", ""))
        self.items = {}
        for r in read(path, "items.csv"):
            self.items[r["item_id"]] = dict(agency=r["agency_id"], sectors=set(lab(s) for s in r["sectors"].split(";") if s),
                                            remote=truthy(r["remote_allowed"]), basis=r["legal_basis"].strip())
        self.teams = {r["team_id"]: dict(agency=r["agency_id"], district=r["district_code"], maxday=int(r["max_visits_per_day"]))
                      for r in read(path, "teams.csv")}
        yb = int(pol.get("max_visits_per_officer_per_year", 60))
        self.off = {}
        for r in read(path, "officers.csv"):
            t = r["team_id"]
            self.off[r["officer_id"]] = dict(team=t, agency=self.teams[t]["agency"], role=lab(r["role"]),
                                            cert=D(r["certificate_expires_on"]) if r.get("certificate_expires_on") else None,
                                            budget=int(r["annual_visit_budget"]) if (r.get("annual_visit_budget") or "").strip() else yb)
        self.unav = defaultdict(list)
        for r in read(path, "unavailability.csv"):
            self.unav[r["officer_id"]].append((D(r["start_on"]), D(r["end_on"])))
        self.recuse = set((r["officer_id"], r["enterprise_id"]) for r in read(path, "recusals.csv"))
        self.credit = [dict(r, kind=lab(r["kind"])) for r in read(path, "credit_records.csv")]
        self.grades = read(path, "credit_grades.csv")
        self.insp = [dict(r, outcome=lab(r["outcome"])) for r in read(path, "inspections.csv")]
        self.trig = {r["trigger_id"]: dict(r, urgent=truthy(r.get("urgent", ""))) for r in read(path, "triggers.csv")}
        self.year = int(pol["year"])
        cal = {D(r["date"]): truthy(r["workday"]) for r in read(path, "calendar.csv")}
        self.workdays = []
        d = dt.date(self.year - 1, 12, 1)
        self.iswork = {}
        while d <= dt.date(self.year + 1, 1, 31):
            if d in cal:
                w = cal[d]
            else:
                try:
                    import chinese_calendar
                    w = chinese_calendar.is_workday(d)
                except Exception:
                    w = d.weekday() < 5
            self.iswork[d] = w
            d += dt.timedelta(days=1)
        self.workdays = [d for d, w in sorted(self.iswork.items()) if w and d.year == self.year]
        # agencies per sector
        self.app = defaultdict(lambda: defaultdict(list))  # eid -> agency -> [item]
        for eid, e in self.ent.items():
            for iid, it in self.items.items():
                if e["sector"] in it["sectors"] and it["basis"]:
                    self.app[eid][it["agency"]].append(iid)

    def present(self, o, d):
        return not any(s <= d <= e for s, e in self.unav.get(o, []))

    def certified(self, o, d):
        x = self.off[o]
        return x["role"] == "enforcement" and x["cert"] is not None and x["cert"] >= d

    def team_ok(self, t, district):
        td = self.teams[t]["district"]
        return td == district or (td.endswith("00") and td[:4] == district[:4])

    def deadline(self, received, n):
        """n-th working day after receipt (receipt day = day 0)."""
        d, k = received, 0
        while k < n:
            d += dt.timedelta(days=1)
            if self.iswork.get(d, d.weekday() < 5):
                k += 1
        return d

    def tier_D_by_records(self, eid):
        recs = [r for r in self.credit if r["enterprise_id"] == eid]
        for r in recs:
            if r["kind"] != "serious_dishonest":
                continue
            if r.get("expires_on") and D(r["expires_on"]) < dt.date(self.year, 1, 1):
                continue
            if any(x["kind"] == "repair" and D(x["recorded_on"]) > D(r["recorded_on"]) for x in recs):
                continue
            return True
        return False

    def official_grade(self, eid):
        gs = [g for g in self.grades if g["enterprise_id"] == eid]
        if not gs:
            return None
        return max(gs, key=lambda g: g["rated_on"])["grade"]

    def unrectified_last_year(self):
        out = {}
        amb = {}
        for r in self.insp:
            if r["outcome"] in ("violation", "serious") and D(r["inspected_on"]).year == self.year - 1:
                rect = lab(r.get("rectified", ""))
                if rect == "false":
                    out[(r["enterprise_id"], r["agency_id"])] = r["inspection_id"]
                elif rect == "":
                    amb[(r["enterprise_id"], r["agency_id"])] = r["inspection_id"]
        return out, amb


class State:
    """Resource use of a plan; add/remove visits; test staffing."""

    def __init__(self, B):
        self.B = B
        self.od_on = Counter(); self.od_re = Counter(); self.oy = Counter(); self.td = Counter()
        self.entries = defaultdict(lambda: defaultdict(set))  # eid -> date -> agencies (planned onsite)
        self.agdates = defaultdict(list)  # (eid, agency) -> planned onsite dates
        self.anyday = defaultdict(int)  # (eid, date) -> rows

    def apply(self, v, sign=1):
        d = v["d"]
        for o in v["officers"]:
            if v["mode"] == "onsite":
                self.od_on[(o, d)] += sign; self.oy[o] += sign
            else:
                self.od_re[(o, d)] += sign
        for t in v["teams"]:
            self.td[(t, d)] += sign
        self.anyday[(v["eid"], d)] += sign
        if v["mode"] == "onsite" and v["basis"] in PLANNED:
            for a in v["agencies"]:
                if sign > 0:
                    self.entries[v["eid"]][d].add(a); self.agdates[(v["eid"], a)].append(d)
                else:
                    self.entries[v["eid"]][d].discard(a)
                    if not self.entries[v["eid"]][d]:
                        del self.entries[v["eid"]][d]
                    self.agdates[(v["eid"], a)].remove(d)

    def staff(self, agency, eid, d, mode, k=None, exclude=()):
        B = self.B
        if k is None:
            k = B.policy["officers_per_agency_on_visit"] if mode == "onsite" else 1
        district = B.ent[eid]["district_code"]
        for t, tm in sorted(B.teams.items()):
            if tm["agency"] != agency or not B.team_ok(t, district) or self.td[(t, d)] >= tm["maxday"]:
                continue
            ok = []
            for o, x in sorted(B.off.items()):
                if x["team"] != t or o in exclude or not B.certified(o, d) or not B.present(o, d) or (o, eid) in B.recuse:
                    continue
                if mode == "onsite":
                    if self.od_on[(o, d)] >= B.policy["max_visits_per_officer_per_day"] or self.oy[o] >= x["budget"]:
                        continue
                else:
                    if self.od_re[(o, d)] >= B.policy["max_remote_checks_per_officer_per_day"]:
                        continue
                ok.append(o)
                if len(ok) >= k:
                    return t, ok
        return None

    def planned_ok(self, eid, agency, d):
        """may a new planned on-site visit of agency to eid be made on d (caps, gaps, joint)?"""
        P = self.B.policy
        ent = self.entries[eid]
        if self.anyday[(eid, d)] and d not in ent:
            return False  # a non-planned row that day: would need merging rows of different basis
        if d in ent and agency in ent[d]:
            return False
        if d not in ent:
            if len(ent) + 1 > P["max_entries_per_enterprise"]:
                return False
            if any(abs((x - d).days) < P["min_days_between_visits"] for x in ent):
                return False
        ad = self.agdates[(eid, agency)]
        if len(ad) + 1 > P["max_visits_per_agency_per_enterprise"]:
            return False
        if any(abs((x - d).days) < P["min_days_between_repeat_visits"] for x in ad if x != d):
            return False
        return True


def parse_visits(plan):
    vs = []
    with open(os.path.join(plan, "visits.csv"), encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            r["d"] = D(r["date"]); r["eid"] = r["enterprise_id"]
            r["agencies"] = [a for a in r["agency_ids"].split(";") if a]
            r["items"] = [a for a in r["item_ids"].split(";") if a]
            r["officers"] = [a for a in r["officer_ids"].split(";") if a]
            vs.append(r)
    return vs


def judge(bundle_path, plan_path):
    B = Bundle(bundle_path)
    P = B.policy
    out = {"violation": [], "avoidable": [], "suspect": [], "info": []}
    V = lambda rule, msg: out["violation"].append(f"{rule}: {msg}")
    S = lambda rule, msg: out["suspect"].append(f"{rule}: {msg}")
    A = lambda rule, msg: out["avoidable"].append(f"{rule}: {msg}")
    vs = parse_visits(plan_path)
    sel = {}
    with open(os.path.join(plan_path, "selection.csv"), encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            sel[r["enterprise_id"]] = r
    pj = json.load(open(os.path.join(plan_path, "plan.json"), encoding="utf-8"))
    short_ids = defaultdict(list)
    for s in pj.get("shortfalls", []):
        short_ids[s.get("id")].append(s)
    k = P["officers_per_agency_on_visit"]

    # ---------- per-visit HARD checks
    ids = Counter(v["visit_id"] for v in vs)
    for i, c in ids.items():
        if c > 1:
            V("plan.md", f"visit_id {i} repeated {c}x")
    if set(sel) != set(B.ent):
        V("plan.md", f"selection.csv rows {len(sel)} != enterprises {len(B.ent)}")
    st = State(B)
    for v in vs:
        vid, d, eid = v["visit_id"], v["d"], v["eid"]
        e = B.ent.get(eid)
        if e is None:
            V("plan.md", f"{vid} unknown enterprise {eid}"); continue
        if d.year != B.year or not B.iswork.get(d):
            V("R-WORKDAY", f"{vid} {d} not a working day of {B.year}")
        if v["district_code"] != e["district_code"]:
            V("plan.md", f"{vid} district {v['district_code']} != enterprise's {e['district_code']}")
        if v["lead_agency_id"] not in v["agencies"]:
            V("plan.md", f"{vid} lead {v['lead_agency_id']} not in agency_ids")
        if v["basis"] not in ("mandatory", "sampled", "triggered", "follow_up"):
            V("R-BASIS", f"{vid} basis {v['basis']}")
        s = sel.get(eid, {})
        if v["tier"] != s.get("tier"):
            V("plan.md", f"{vid} tier {v['tier']} != selection tier {s.get('tier')}")
        for it in v["items"]:
            x = B.items.get(it)
            if x is None or x["agency"] not in v["agencies"] or e["sector"] not in x["sectors"] or not x["basis"]:
                V("R-ITEM", f"{vid} item {it} not lawful for {eid} ({e['sector']}) with agencies {v['agencies']}")
        for a in v["agencies"]:
            if not any(B.items.get(it, {}).get("agency") == a for it in v["items"]):
                S("R-ITEM", f"{vid} agency {a} takes part but covers no item")
        if v["mode"] == "remote":
            if not e["rm"] or not all(B.items[it]["remote"] for it in v["items"] if it in B.items):
                V("R-REMOTE", f"{vid} remote check of {eid} covers an item that cannot be checked remotely (monitoring={e['rm']})")
        elif v["mode"] == "onsite":
            if (v["basis"] in PLANNED and v["tier"] not in P["onsite_required_tiers"] and e["rm"]
                    and v["items"] and all(B.items[it]["remote"] for it in v["items"] if it in B.items)):
                V("R-REMOTE", f"{vid} on-site {v['basis']} tier {v['tier']} visit of {eid} covers only remote-checkable items")
        else:
            V("plan.md", f"{vid} mode {v['mode']}")
        # officers
        teams_by_ag = defaultdict(set)
        cnt = Counter()
        for o in v["officers"]:
            x = B.off.get(o)
            if x is None:
                V("plan.md", f"{vid} unknown officer {o}"); continue
            if x["agency"] not in v["agencies"]:
                V("R-TEAM", f"{vid} officer {o} of agency {x['agency']} not a participating agency")
            teams_by_ag[x["agency"]].add(x["team"])
            if not B.present(o, d):
                V("R-AVAIL", f"{vid} {d} officer {o} is away")
            if (o, eid) in B.recuse:
                V("R-RECUSE", f"{vid} officer {o} recused from {eid}")
            if x["role"] == "enforcement" and not B.certified(o, d):
                V("R-CERT", f"{vid} officer {o} certificate expired {x['cert']} before {d}")
            if B.certified(o, d):
                cnt[x["agency"]] += 1
        for a in v["agencies"]:
            need = k if v["mode"] == "onsite" else 0
            if cnt[a] < need:
                V("R-PAIR", f"{vid} {v['mode']} agency {a}: {cnt[a]} certified officers < {need}")
        if v["mode"] == "remote" and sum(cnt.values()) < 1:
            V("R-PAIR", f"{vid} remote check without a certified officer")
        v["teams"] = []
        for a, ts in teams_by_ag.items():
            if len(ts) > 1:
                V("R-TEAM", f"{vid} agency {a} officers from several teams {sorted(ts)}")
            for t in ts:
                v["teams"].append(t)
                if not B.team_ok(t, e["district_code"]):
                    V("R-TEAM", f"{vid} team {t} may not work in {e['district_code']}")
        if v["basis"] == "triggered":
            t = B.trig.get(v["trigger_id"])
            if t is None or t["enterprise_id"] != eid:
                V("R-BASIS", f"{vid} trigger {v['trigger_id']} unknown or of another enterprise")
            elif t["agency_id"] not in v["agencies"]:
                V("R-TRIGGER", f"{vid} trigger {v['trigger_id']} of agency {t['agency_id']} not in {v['agencies']}")
        st.apply(v)
    # per-officer / team caps
    for (o, d), c in st.od_on.items():
        if c > P["max_visits_per_officer_per_day"]:
            V("R-AVAIL", f"officer {o} {d}: {c} on-site visits > {P['max_visits_per_officer_per_day']}")
    for (o, d), c in st.od_re.items():
        if c > P["max_remote_checks_per_officer_per_day"]:
            V("R-AVAIL", f"officer {o} {d}: {c} remote checks")
    for o, c in st.oy.items():
        if o in B.off and c > B.off[o]["budget"]:
            V("R-AVAIL", f"officer {o}: {c} on-site visits > budget {B.off[o]['budget']}")
    for (t, d), c in st.td.items():
        if c > B.teams[t]["maxday"]:
            V("R-AVAIL", f"team {t} {d}: {c} visits > {B.teams[t]['maxday']}")
    # caps, gaps, joint
    for eid, ent in st.entries.items():
        if len(ent) > P["max_entries_per_enterprise"]:
            V("R-CAP-ENTRY", f"{eid}: {len(ent)} planned entry days")
        ds = sorted(ent)
        for x, y in zip(ds, ds[1:]):
            if (y - x).days < P["min_days_between_visits"]:
                V("R-GAP", f"{eid}: planned entries {x} and {y} {(y - x).days} days apart")
    for (eid, a), ds in st.agdates.items():
        if len(ds) > P["max_visits_per_agency_per_enterprise"]:
            V("R-CAP-AGENCY", f"{eid} agency {a}: {len(ds)} planned on-site visits")
        ds = sorted(ds)
        for x, y in zip(ds, ds[1:]):
            if (y - x).days < P["min_days_between_repeat_visits"]:
                V("R-GAP", f"{eid} agency {a}: {x} and {y} {(y - x).days} days apart")
    byday = defaultdict(list)
    for v in vs:
        byday[(v["eid"], v["d"])].append(v)
    for (eid, d), rows in byday.items():
        if len(rows) > 1:
            on = [r for r in rows if r["mode"] == "onsite"]
            planned = [r for r in on if r["basis"] in PLANNED]
            msg = f"{eid} {d}: {len(rows)} rows {[(r['visit_id'], r['mode'], r['basis'], r['agency_ids']) for r in rows]}"
            if len(planned) > 1:
                V("R-JOINT", msg)
            elif len(on) > 1:
                S("R-JOINT", msg + " (on-site, one of them triggered/follow-up)")

    # ---------- tiers (inv 9)
    for eid in B.ent:
        s = sel.get(eid)
        if not s:
            continue
        if B.tier_D_by_records(eid):
            if s["tier"] != "D":
                V("R-TIER", f"{eid}: live serious_dishonest record but tier {s['tier']}")
        else:
            g = B.official_grade(eid)
            if g and s["tier"] != g:
                V("R-TIER", f"{eid}: official grade {g} but tier {s['tier']}")

    # ---------- lottery (inv 10) and places
    tiers = P["tiers"]
    seed = str(P.get("seed", pj.get("seed")))
    if str(pj.get("seed")) != seed and "seed" in P:
        S("plan.json", f"seed {pj.get('seed')} != policy seed {seed}")
    seed = str(pj.get("seed"))
    places = {}
    for t, tv in tiers.items():
        if tv["sample_ratio"] >= 1:
            continue
        pool = [eid for eid, s in sel.items() if s["tier"] == t and B.app[eid]]
        keys = []
        for eid in pool:
            h = hmac.new(seed.encode(), f"{t}|{eid}".encode(), hashlib.sha256).digest()
            u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
            w = 1.0 if P.get("sampling") == "uniform_lottery" else max(float(sel[eid]["risk_score"]), P["min_lottery_weight"])
            keys.append((-math.log(u) / w, eid))  # key = ln(u)/w ; largest first == smallest -ln(u)/w
        keys.sort(key=lambda x: (x[0], x[1]))
        rank = {eid: i + 1 for i, (_, eid) in enumerate(keys)}
        bad = [eid for eid in pool if str(sel[eid].get("draw_rank", "")) != str(rank[eid])]
        if bad:
            V("R-SAMPLE", f"tier {t}: {len(bad)} draw_rank differ from redraw, e.g. {bad[0]} plan {sel[bad[0]]['draw_rank']} redraw {rank[bad[0]]}")
        places[t] = math.ceil(tv["sample_ratio"] * len(pool) - 1e-9)
        sampled = [eid for eid in pool if sel[eid]["basis"] == "sampled" or any(v["basis"] == "sampled" and v["eid"] == eid for v in vs)]
        if len(sampled) > places[t]:
            V("R-SAMPLE", f"tier {t}: {len(sampled)} sampled > {places[t]} places")
        for eid in pool:
            if sel[eid]["basis"] == "exempt":
                S("R-SAMPLE", f"{eid} in tier {t} pool (items apply) but basis exempt")
    pj_places = pj.get("places", {})
    for t, n in places.items():
        if t in pj_places and pj_places[t] != n:
            V("R-SAMPLE", f"tier {t}: plan.json places {pj_places[t]} != ceil(ratio x pool) {n}")

    # ---------- requirements
    reqs = []  # (class, key, dict)
    covered = defaultdict(int)  # (eid, basis, item) -> count
    for v in vs:
        for it in v["items"]:
            covered[(v["eid"], v["basis"], it)] += 1
    sel_basis = {eid: s["basis"] for eid, s in sel.items()}
    for eid, s in sel.items():
        t = s["tier"]
        tv = tiers.get(t, {})
        if not B.app[eid]:
            continue
        if tv.get("sample_ratio", 0) >= 1:
            basis = "mandatory"
        elif any(v["eid"] == eid and v["basis"] == "sampled" for v in vs) or s["basis"] == "sampled":
            basis = "sampled"
        else:
            continue
        for a, its in B.app[eid].items():
            # count visits of this basis with agency a covering all its items
            vv = [v for v in vs if v["eid"] == eid and v["basis"] == basis and a in v["agencies"] and set(its) <= set(v["items"])]
            miss = tv.get("visits", 1) - len(vv)
            for it in its:
                if covered[(eid, basis, it)] < tv.get("visits", 1) and not short_ids.get(eid):
                    V("R-SAMPLE", f"{eid} tier {t} {basis}: item {it} covered {covered[(eid, basis, it)]}x < {tv.get('visits', 1)} and no shortfall names it")
            if miss > 0:
                reqs.append(("mandatory" if basis == "mandatory" else "sampled", eid, dict(agency=a, items=its, missing=miss, tier=t)))
    # triggers
    for tid, t in B.trig.items():
        rec = D(t["received_on"])
        n = P["urgent_within_workdays"] if t["urgent"] else P["trigger_within_workdays"]
        dl = B.deadline(rec, n)
        if dl.year < B.year:
            continue
        hit = [v for v in vs if v["basis"] == "triggered" and v["trigger_id"] == tid]
        ok = [v for v in hit if rec <= v["d"] <= dl and t["agency_id"] in v["agencies"]]
        for v in hit:
            if not (rec <= v["d"] <= dl):
                V("R-TRIGGER", f"{v['visit_id']} trigger {tid} received {rec} visited {v['d']} outside window ..{dl}")
        if not ok:
            if not short_ids.get(tid):
                V("R-TRIGGER", f"trigger {tid} neither visited in {rec}..{dl} nor listed as shortfall")
            reqs.append(("trigger", tid, dict(agency=t["agency_id"], eid=t["enterprise_id"], lo=max(rec, dt.date(B.year, 1, 1)), hi=min(dl, dt.date(B.year, 12, 31)))))
    unrect, amb = B.unrectified_last_year()
    for (eid, a), iid in unrect.items():
        hit = [v for v in vs if v["eid"] == eid and v["basis"] == "follow_up" and a in v["agencies"]]
        if not hit:
            if not short_ids.get(eid):
                V("R-FOLLOW", f"{eid} agency {a} unrectified ({iid}) has no follow_up and no shortfall")
            reqs.append(("follow_up", eid, dict(agency=a, lo=dt.date(B.year, 1, 1), hi=dt.date(B.year, 12, 31))))
    for (eid, a), iid in amb.items():
        hit = [v for v in vs if v["eid"] == eid and v["basis"] == "follow_up" and a in v["agencies"]]
        out["info"].append(f"R-FOLLOW: {eid}/{a} violation last year with blank rectified ({iid}): follow_up placed={bool(hit)}")
    for v in vs:
        if v["basis"] == "follow_up" and not any((v["eid"], a) in unrect or (v["eid"], a) in amb for a in v["agencies"]):
            V("R-BASIS", f"{v['visit_id']} follow_up of {v['eid']} without an unrectified violation last year")

    out["reqs"] = Counter(c for c, _, _ in reqs)
    # ---------- addable / swap checks
    by_eid = defaultdict(list)
    for v in vs:
        by_eid[v["eid"]].append(v)

    def try_add(r, state, dates=None):
        cls, key, x = r
        a = x["agency"]
        if cls in ("trigger", "follow_up"):
            eid = x.get("eid", key)
            for d in (dates or B.workdays):
                if not (x["lo"] <= d <= x["hi"]) or state.anyday[(eid, d)]:
                    continue
                s = state.staff(a, eid, d, "onsite")
                if s:
                    return (d, s)
            return None
        eid = key
        for d in (dates or B.workdays):
            if not state.planned_ok(eid, a, d):
                continue
            s = state.staff(a, eid, d, "onsite")
            if s:
                return (d, s)
        return None

    lower = {"trigger": ("mandatory", "sampled"), "follow_up": ("mandatory", "sampled"), "mandatory": ("sampled",)}
    n_checked = 0
    for r in reqs:
        cls, key, x = r
        if cls == "sampled":
            continue
        eid = x.get("eid", key)
        got = try_add(r, st)
        if got:
            d, (t, offs) = got
            A("R-PRIORITY/" + cls, f"{key} ({eid}, agency {x['agency']}) unmet but addable as is: {d} team {t} officers {';'.join(offs)}")
            continue
        # swap: remove one lower-class visit of the same agency whose team could serve this district
        dist = B.ent[eid]["district_code"]
        cands = [v for v in vs if v["basis"] in lower[cls] and x["agency"] in v["agencies"]
                 and any(B.teams[t]["agency"] == x["agency"] and B.team_ok(t, dist) for t in v["teams"])]
        if cls in ("trigger", "follow_up"):
            cands.sort(key=lambda v: (0 if x["lo"] <= v["d"] <= x["hi"] else 1, v["d"]))
        for L in cands[:400]:
            n_checked += 1
            st.apply(L, -1)
            lo, hi = x.get("lo", dt.date(B.year, 1, 1)), x.get("hi", dt.date(B.year, 12, 31))
            dates = [L["d"]] if lo <= L["d"] <= hi else []
            # budget freed counts anywhere in the window
            if any(st.oy[o] + 1 >= B.off[o]["budget"] for o in L["officers"] if o in B.off):
                dates = [d for d in B.workdays if lo <= d <= hi]
            got = try_add(r, st, dates) if dates else None
            st.apply(L, +1)
            if got:
                d, (t, offs) = got
                A("R-PRIORITY/" + cls, f"{key} ({eid}, agency {x['agency']}) unmet while lower-class {L['basis']} visit {L['visit_id']} ({L['eid']} {L['d']}) "
                  f"holds its resources: drop {L['visit_id']}, add {d} team {t} officers {';'.join(offs)}")
                break
    # ---------- inv 6: draw order
    for t, tv in tiers.items():
        if tv["sample_ratio"] >= 1:
            continue
        pool = [eid for eid, s in sel.items() if s["tier"] == t and B.app[eid] and s.get("draw_rank")]
        chosen = [eid for eid in pool if any(v["eid"] == eid and v["basis"] == "sampled" for v in vs)]
        if not chosen:
            continue
        worst = max(int(sel[e]["draw_rank"]) for e in chosen)
        skipped = sorted([e for e in pool if e not in chosen and int(sel[e]["draw_rank"]) < worst], key=lambda e: int(sel[e]["draw_rank"]))
        for bq in skipped[:15]:
            # try: drop the worst-ranked chosen of the same district, place bq's whole requirement
            same = sorted([w for w in chosen if int(sel[w]["draw_rank"]) > int(sel[bq]["draw_rank"])
                           and B.ent[w]["district_code"] == B.ent[bq]["district_code"]], key=lambda w: -int(sel[w]["draw_rank"]))
            if len(chosen) < places.get(t, 0):
                same = [None] + same  # a free place: try adding without dropping anyone
            for w in same[:6]:
                rows = [v for v in vs if v["eid"] == w and v["basis"] == "sampled"] if w else []
                for L in rows:
                    st.apply(L, -1)
                placed, ok = [], True
                for a, its in B.app[bq].items():
                    mode = "remote" if (t not in P["onsite_required_tiers"] and B.ent[bq]["rm"] and all(B.items[i]["remote"] for i in its)) else "onsite"
                    for _ in range(tv.get("visits", 1)):
                        got = None
                        for d in B.workdays:
                            if mode == "onsite" and not st.planned_ok(bq, a, d):
                                continue
                            if mode == "remote" and st.anyday[(bq, d)]:
                                continue
                            s = st.staff(a, bq, d, mode)
                            if s:
                                got = (d, s); break
                        if not got:
                            ok = False; break
                        d, (tm, offs) = got
                        fake = dict(d=d, eid=bq, mode=mode, basis="sampled", agencies=[a], officers=offs, teams=[tm])
                        st.apply(fake); placed.append(fake)
                    if not ok:
                        break
                for f in placed:
                    st.apply(f, -1)
                for L in rows:
                    st.apply(L, +1)
                if ok:
                    how = (f"placed; dropping {w} (rank {sel[w]['draw_rank']})'s visits {[L['visit_id'] for L in rows]}" if w else
                           f"placed, with {places[t] - len(chosen)} places free; adding without dropping anything")
                    A("inv6/R-SAMPLE", f"tier {t}: {bq} (rank {sel[bq]['draw_rank']}, basis {sel[bq]['basis']}) left out while rank {worst} "
                      f"{how} lets {bq} take: {[(str(f['d']), f['agencies'][0], f['mode'], f['teams'][0], ';'.join(f['officers'])) for f in placed]}")
                    break
            else:
                continue
    # ---------- R-OFFICER-DRAW (partial redraw)
    odp = os.path.join(plan_path, "officer_draw.json")
    if os.path.exists(odp):
        od = json.load(open(odp, encoding="utf-8"))
        st2 = State(B)
        for v in sorted(vs, key=lambda v: (v["d"], v["visit_id"])):
            rec = od.get("visits", {}).get(v["visit_id"])
            if rec is None:
                S("R-OFFICER-DRAW", f"{v['visit_id']} missing from officer_draw.json")
            else:
                for a, r in rec.items():
                    t = r.get("team")
                    elig = []
                    for o, xo in B.off.items():
                        if xo["team"] != t or not B.certified(o, v["d"]) or not B.present(o, v["d"]) or (o, v["eid"]) in B.recuse:
                            continue
                        if v["mode"] == "onsite" and (st2.od_on[(o, v["d"])] >= P["max_visits_per_officer_per_day"] or st2.oy[o] >= xo["budget"]):
                            continue
                        if v["mode"] == "remote" and st2.od_re[(o, v["d"])] >= P["max_remote_checks_per_officer_per_day"]:
                            continue
                        elig.append(o)
                    order = sorted(elig, key=lambda o: hmac.new(seed.encode(), f"officer|{v['visit_id']}|{o}".encode(), hashlib.sha256).digest())
                    taken = r.get("taken", [])
                    skipped = r.get("skipped", [])
                    expect = [o for o in order if o not in skipped][:len(taken)]
                    if sorted(expect) != sorted(taken) or any(o not in elig for o in taken):
                        V("R-OFFICER-DRAW", f"{v['visit_id']} {a}: taken {taken}, redraw from {t} gives {expect} (skipped {skipped})")
                    if skipped:
                        out["info"].append(f"R-OFFICER-DRAW: {v['visit_id']} {a} skipped {skipped}")
                    onv = [o for o in v["officers"] if B.off.get(o, {}).get("agency") == a and B.off[o]["role"] == "enforcement"]
                    if sorted(onv) != sorted(taken):
                        V("R-OFFICER-DRAW", f"{v['visit_id']} {a}: visits.csv officers {onv} != taken {taken}")
            st2.apply(v)
    else:
        S("R-OFFICER-DRAW", "no officer_draw.json")
    # shortfalls listed for every unmet requirement
    for cls, key, x in reqs:
        if not short_ids.get(key) and cls != "sampled":
            V("plan.md inv5", f"{cls} {key} unmet and not in shortfalls")
    out["counts"] = dict(visits=len(vs), by_basis=dict(Counter(v["basis"] for v in vs)), by_mode=dict(Counter(v["mode"] for v in vs)), swaps_tested=n_checked)
    out["counts"]["shortfalls"] = dict(Counter(f"{s.get('kind')}/{s.get('rule')}" for s in pj.get("shortfalls", [])))
    # required visits by class (agency-visits)
    req = Counter()
    for eid, s in sel.items():
        tv = tiers.get(s["tier"], {})
        if tv.get("sample_ratio", 0) >= 1:
            req["mandatory"] += sum(tv.get("visits", 1) for _ in B.app[eid])
    req["sampled_places"] = sum(places.values())
    req["triggers"] = sum(1 for t in B.trig.values() if B.deadline(D(t["received_on"]), 15).year >= B.year)
    req["follow_up"] = len(unrect)
    out["counts"]["required"] = dict(req)
    return out


if __name__ == "__main__":
    res = judge(sys.argv[1], sys.argv[2])
    for kk in ("violation", "avoidable", "suspect"):
        print(f"== {kk}: {len(res[kk])}")
        for line in res[kk][:40]:
            print("  ", line)
    print("== info:", len(res["info"]))
    for line in res["info"][:10]:
        print("  ", line)
    print("== counts", json.dumps(res["counts"], ensure_ascii=False, default=str))
    print("== unmet reqs", dict(res["reqs"]))
    if len(sys.argv) > 3:
        json.dump(res, open(sys.argv[3], "w"), ensure_ascii=False, indent=1, default=str)
