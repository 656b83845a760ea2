# ruff: noqa  -- a helper's held-out generator and judge (foreign31), kept as written: an independent author's code
#!/usr/bin/env python3
"""Independent judge of a plan folder against /work/shared/spec (foreign31).

Written from the spec alone; does not import the product.
Usage: python judge.py BUNDLE_DIR PLAN_DIR [--json out.json]
Prints violations (HARD), suspects (need a human look) and notes; exit 1 on violations.
"""
import csv, datetime as dt, hashlib, hmac, json, math, os, sys
from collections import defaultdict, Counter

LABELS = {
    "sector": {"建筑施工": "construction", "房地产开发": "real_estate", "物业服务": "property_mgmt", "燃气经营": "gas",
               "工程监理": "supervision", "勘察设计": "survey_design", "工程质量检测": "testing",
               "预拌混凝土": "ready_mix", "市政公用": "municipal", "其他": "other"},
    "size": {"微型": "micro", "小型": "small", "中型": "medium", "大型": "large"},
    "kind": {"表彰奖励": "commendation", "良好信用信息": "good", "不良信用信息": "bad",
             "严重失信主体名单": "serious_dishonest", "信用修复": "repair",
             "投诉举报": "complaint", "投诉": "complaint", "举报": "complaint", "转办交办": "referral",
             "数据监测": "data_monitoring", "企业申请": "enterprise_request"},
    "role": {"执法人员": "enforcement", "执法辅助人员": "auxiliary", "法制审核人员": "legal_review"},
    "outcome": {"未发现问题": "compliant", "轻微问题": "minor", "违法违规": "violation", "严重违法违规": "serious"},
}
BOOL = {"true": True, "false": False, "是": True, "否": False, "1": True, "0": False, "": None,
        "TRUE": True, "FALSE": False, "True": True, "False": False}

DEFAULT_POLICY = {
    "tiers": {"A": {"sample_ratio": 0.03, "visits": 1}, "B": {"sample_ratio": 0.20, "visits": 1},
              "C": {"sample_ratio": 0.60, "visits": 1}, "D": {"sample_ratio": 1.00, "visits": 2}},
    "sampling": "weighted_lottery", "min_lottery_weight": 0.05,
    "max_visits_per_agency_per_enterprise": 2, "max_entries_per_enterprise": 3,
    "min_days_between_visits": 30, "min_days_between_repeat_visits": 90,
    "officers_per_agency_on_visit": 2, "max_visits_per_officer_per_day": 2,
    "max_visits_per_officer_per_year": 60, "max_remote_checks_per_officer_per_day": 8,
    "onsite_required_tiers": ["D"], "trigger_within_workdays": 15, "urgent_within_workdays": 3,
}


def D(s):
    return dt.date.fromisoformat(s) if s else None


def read(path, name):
    p = os.path.join(path, name)
    if not os.path.exists(p):
        return []
    with open(p, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def lab(col, v):
    v = (v or "").strip()
    return LABELS.get(col, {}).get(v, v)


def lst(v):
    return [x.strip() for x in (v or "").split(";") if x.strip()]


class Bundle:
    def __init__(self, path):
        self.path = path
        pol = dict(DEFAULT_POLICY)
        pj = os.path.join(path, "policy.json")
        if os.path.exists(pj):
            pol.update(json.load(open(pj, encoding="utf-8")))
        self.pol = pol
        self.year = int(pol.get("year"))
        self.ents = {}
        for r in read(path, "enterprises.csv"):
            r["sector"] = lab("sector", r["sector"]); r["size"] = lab("size", r["size"])
            r["remote"] = bool(BOOL.get((r.get("remote_monitoring") or "").strip()))
            self.ents[r["enterprise_id"]] = r
        self.items = {}
        for r in read(path, "items.csv"):
            r["sectors"] = [lab("sector", s) for s in lst(r["sectors"])]
            r["remote"] = bool(BOOL.get(r["remote_allowed"].strip()))
            self.items[r["item_id"]] = r
        self.teams = {r["team_id"]: r for r in read(path, "teams.csv")}
        self.officers = {}
        for r in read(path, "officers.csv"):
            r["role"] = lab("role", r["role"])
            self.officers[r["officer_id"]] = r
        self.unav = defaultdict(list)
        for r in read(path, "unavailability.csv"):
            self.unav[r["officer_id"]].append((D(r["start_on"]), D(r["end_on"])))
        self.recuse = {(r["officer_id"], r["enterprise_id"]) for r in read(path, "recusals.csv")}
        self.credit = defaultdict(list)
        for r in read(path, "credit_records.csv"):
            r["kind"] = lab("kind", r["kind"])
            self.credit[r["enterprise_id"]].append(r)
        self.grades = defaultdict(list)
        for r in read(path, "credit_grades.csv"):
            self.grades[r["enterprise_id"]].append(r)
        self.insp = read(path, "inspections.csv")
        for r in self.insp:
            r["outcome"] = lab("outcome", r["outcome"])
        self.triggers = read(path, "triggers.csv")
        for r in self.triggers:
            r["kind"] = lab("kind", r["kind"])
            r["urgent"] = bool(BOOL.get((r.get("urgent") or "").strip()))
        self.cal = {}
        for r in read(path, "calendar.csv"):
            self.cal[D(r["date"])] = bool(BOOL.get(r["workday"].strip()))
        # applicable items per enterprise / agency
        self.app = {}
        for eid, e in self.ents.items():
            m = defaultdict(list)
            for iid, it in self.items.items():
                if e["sector"] in it["sectors"]:
                    m[it["agency_id"]].append(iid)
            self.app[eid] = m

    def workday(self, d):
        if d in self.cal:
            return self.cal[d]
        try:
            import chinese_calendar as cc
            return cc.is_workday(d)
        except Exception:
            return d.weekday() < 5

    def add_workdays(self, d, n):
        """n-th working day after d (d itself not counted)."""
        k = 0
        while k < n:
            d += dt.timedelta(days=1)
            if self.workday(d):
                k += 1
        return d

    def tier_by_rule(self, eid):
        """R-TIER from records only; None where the model decides."""
        Y0 = dt.date(self.year, 1, 1)
        recs = self.credit.get(eid, [])
        for r in recs:
            if r["kind"] != "serious_dishonest":
                continue
            exp = D(r.get("expires_on"))
            if exp and exp < Y0:
                continue
            rd = D(r["recorded_on"])
            if any(x["kind"] == "repair" and D(x["recorded_on"]) > rd for x in recs):
                continue
            return "D"
        g = self.grades.get(eid)
        if g:
            return max(g, key=lambda r: r["rated_on"])["grade"]
        return None

    def ambiguous_tier(self, eid):
        recs = self.credit.get(eid, [])
        for r in recs:
            if r["kind"] == "serious_dishonest":
                if any(x["kind"] == "repair" and x["recorded_on"] == r["recorded_on"] for x in recs):
                    return True
        return False

    def team_can(self, tid, district):
        t = self.teams[tid]
        td = t["district_code"]
        if td == district:
            return True
        return td.endswith("00") and td[:4] == district[:4]

    def away(self, oid, d):
        return any(a <= d <= b for a, b in self.unav.get(oid, []))

    def certified(self, oid, d):
        o = self.officers[oid]
        return o["role"] == "enforcement" and o.get("certificate_no") and D(o["certificate_expires_on"]) and \
            D(o["certificate_expires_on"]) >= d

    def budget(self, oid):
        b = (self.officers[oid].get("annual_visit_budget") or "").strip()
        return int(float(b)) if b else int(self.pol["max_visits_per_officer_per_year"])


def judge(bpath, ppath):
    B = Bundle(bpath)
    P = B.pol
    Y = B.year
    V, S, N = [], [], []  # violations, suspects, notes
    def v(rule, msg): V.append((rule, msg))
    def s(rule, msg): S.append((rule, msg))
    def n(rule, msg): N.append((rule, msg))

    visits = read(ppath, "visits.csv")
    sel = {r["enterprise_id"]: r for r in read(ppath, "selection.csv")}
    plan = json.load(open(os.path.join(ppath, "plan.json"), encoding="utf-8"))
    shorts = plan.get("shortfalls", [])
    sf_ids = defaultdict(list)
    for x in shorts:
        for k in ("id", "enterprise_id", "trigger_id"):
            if x.get(k):
                sf_ids[x[k]].append(x)
    k_off = int(P["officers_per_agency_on_visit"])
    tiers = P["tiers"]
    onsite_req = set(P.get("onsite_required_tiers", ["D"]))

    # --- selection completeness / explanations
    for eid in B.ents:
        if eid not in sel:
            v("plan.md", f"selection.csv lacks enterprise {eid}")
    for eid, r in sel.items():
        if not (r.get("reason_zh") or "").strip() or not (r.get("reason_en") or "").strip():
            v("R-EXPLAIN", f"{eid}: empty reason_zh/reason_en")
    for x in shorts:
        if not (x.get("binding") or x.get("binding_zh") or x.get("resource")):
            v("R-EXPLAIN", f"shortfall without binding resource: {x}")

    # --- tiers (R-TIER)
    for eid, r in sel.items():
        t = B.tier_by_rule(eid)
        if B.ambiguous_tier(eid):
            n("R-TIER", f"{eid}: serious_dishonest and repair on the same day -> product tier {r['tier']}")
            continue
        if t and t != r["tier"]:
            v("R-TIER", f"{eid}: tier {r['tier']} but records give {t}")

    # --- per-visit checks
    by_off_day = Counter(); by_off_day_remote = Counter(); by_off_year = Counter()
    team_day = Counter(); onsite_by_ent = defaultdict(list); vcount = Counter()
    cover = defaultdict(Counter)  # (eid, basis-class) -> item -> count
    joint_key = Counter()
    for x in visits:
        vid, eid = x["visit_id"], x["enterprise_id"]
        e = B.ents.get(eid)
        if not e:
            v("plan.md", f"{vid}: unknown enterprise {eid}"); continue
        d = D(x["date"])
        vcount[eid] += 1
        if d.year != Y:
            v("R-WORKDAY", f"{vid}: date {d} outside plan year")
        if not B.workday(d):
            v("R-WORKDAY", f"{vid}: {d} is not a working day")
        if x["district_code"] != e["district_code"]:
            v("plan.md", f"{vid}: district {x['district_code']} != enterprise's {e['district_code']}")
        ags = lst(x["agency_ids"])
        if x["lead_agency_id"] not in ags:
            v("plan.md", f"{vid}: lead agency not in agency_ids")
        items = lst(x["item_ids"])
        ag_items = defaultdict(list)
        for iid in items:
            it = B.items.get(iid)
            if not it:
                v("R-ITEM", f"{vid}: unknown item {iid}"); continue
            if it["agency_id"] not in ags:
                v("R-ITEM", f"{vid}: item {iid} not of a visiting agency")
            if e["sector"] not in it["sectors"]:
                v("R-ITEM", f"{vid}: item {iid} does not apply to sector {e['sector']}")
            if not (it.get("legal_basis") or "").strip():
                v("R-ITEM", f"{vid}: item {iid} without legal basis")
            ag_items[it["agency_id"]].append(iid)
        for a in ags:
            if not ag_items.get(a):
                v("R-ITEM", f"{vid}: agency {a} takes part with no item")
        basis = x["basis"]
        if basis not in ("mandatory", "sampled", "triggered", "follow_up"):
            v("R-BASIS", f"{vid}: basis {basis}")
        if basis == "triggered" and not x.get("trigger_id"):
            v("R-BASIS", f"{vid}: triggered without trigger_id")
        if x["tier"] != sel.get(eid, {}).get("tier"):
            v("plan.md", f"{vid}: tier {x['tier']} != selection tier")
        offs = lst(x["officer_ids"])
        for o in offs:
            if o not in B.officers:
                v("R-PAIR", f"{vid}: unknown officer {o}"); continue
            if B.away(o, d):
                v("R-AVAIL", f"{vid}: officer {o} away on {d}")
            if (o, eid) in B.recuse:
                v("R-RECUSE", f"{vid}: officer {o} recused from {eid}")
        mode = x["mode"]
        if mode == "onsite":
            joint_key[(eid, d)] += 1
            for a in ags:
                cert = [o for o in offs if o in B.officers and B.teams.get(B.officers[o]["team_id"], {}).get("agency_id") == a
                        and B.certified(o, d)]
                if len(cert) < k_off:
                    v("R-PAIR", f"{vid} ({basis}, {d}): agency {a} has {len(cert)} certified enforcement officers < {k_off}")
                tset = {B.officers[o]["team_id"] for o in offs if o in B.officers and
                        B.teams.get(B.officers[o]["team_id"], {}).get("agency_id") == a}
                if len(tset) > 1:
                    v("R-TEAM", f"{vid}: agency {a} officers from several teams {sorted(tset)}")
                for t in tset:
                    if not B.team_can(t, e["district_code"]):
                        v("R-TEAM", f"{vid}: team {t} may not work in district {e['district_code']}")
            for o in offs:
                if o in B.officers and B.officers[o]["role"] == "enforcement":
                    # non-enforcement tagalongs do not draw on budget? count everyone on-site anyway separately
                    pass
            for o in offs:
                if o not in B.officers:
                    continue
                by_off_day[(o, d)] += 1
                by_off_year[o] += 1
            for t in {B.officers[o]["team_id"] for o in offs if o in B.officers}:
                team_day[(t, d)] += 1
            if basis in ("mandatory", "sampled"):
                onsite_by_ent[eid].append((d, ags, vid))
                tier = x["tier"]
                if tier not in onsite_req:
                    if items and all(B.items[i]["remote"] and e["remote"] for i in items if i in B.items):
                        v("R-REMOTE", f"{vid}: on-site {basis} visit to tier {tier} {eid} whose items {items} all remote-checkable")
        elif mode == "remote":
            if not offs:
                v("R-AVAIL", f"{vid}: remote check without officer")
            for o in offs:
                if o in B.officers:
                    by_off_day_remote[(o, d)] += 1
                    if not B.certified(o, d):
                        n("R-CERT", f"{vid}: remote check by non-certified/non-enforcement officer {o}")
            for t in {B.officers[o]["team_id"] for o in offs if o in B.officers}:
                team_day[(t, d)] += 1
            for i in items:
                if i in B.items and not (B.items[i]["remote"] and e["remote"]):
                    v("R-REMOTE", f"{vid}: remote check covers item {i} that cannot be checked remotely at {eid}")
            if basis in ("mandatory", "sampled") and x["tier"] in onsite_req:
                v("R-REMOTE", f"{vid}: remote check for tier {x['tier']} which must be on-site")
            if basis in ("triggered", "follow_up"):
                v("R-REMOTE", f"{vid}: {basis} handled remotely (exceptions must be on-site)")
        else:
            v("plan.md", f"{vid}: mode {mode}")
        if basis in ("mandatory", "sampled"):
            for i in items:
                cover[eid][i] += 1
        if basis in ("mandatory", "sampled") and sel.get(eid, {}).get("basis") not in (basis,):
            n("plan.md", f"{vid}: visit basis {basis} but selection basis {sel.get(eid, {}).get('basis')}")
    for k, c in joint_key.items():
        if c > 1:
            v("R-JOINT", f"{k[0]} has {c} on-site rows on {k[1]} (should be one joint visit)")
    mpd, mrd = int(P["max_visits_per_officer_per_day"]), int(P["max_remote_checks_per_officer_per_day"])
    for (o, d), c in by_off_day.items():
        if c > mpd:
            v("R-AVAIL", f"officer {o}: {c} on-site visits on {d} > {mpd}")
    for (o, d), c in by_off_day_remote.items():
        if c > mrd:
            v("R-AVAIL", f"officer {o}: {c} remote checks on {d} > {mrd}")
    for o, c in by_off_year.items():
        if c > B.budget(o):
            v("R-AVAIL", f"officer {o}: {c} on-site visits in the year > budget {B.budget(o)}")
    for (t, d), c in team_day.items():
        m = int(B.teams[t]["max_visits_per_day"])
        if c > m:
            v("R-AVAIL", f"team {t}: {c} visits on {d} > max_visits_per_day {m}")

    # --- caps and gaps for planned on-site visits (R-CAP-*, R-GAP)
    cap_a, cap_e = int(P["max_visits_per_agency_per_enterprise"]), int(P["max_entries_per_enterprise"])
    g1, g2 = int(P["min_days_between_visits"]), int(P["min_days_between_repeat_visits"])
    for eid, lst_ in onsite_by_ent.items():
        days = sorted({d for d, _, _ in lst_})
        if len(days) > cap_e:
            v("R-CAP-ENTRY", f"{eid}: entered on {len(days)} days > {cap_e}")
        for a_, b_ in zip(days, days[1:]):
            if (b_ - a_).days < g1:
                v("R-GAP", f"{eid}: planned entries {a_} and {b_} only {(b_-a_).days} days apart < {g1}")
        per_ag = defaultdict(list)
        for d, ags, vid in lst_:
            for a in ags:
                per_ag[a].append(d)
        for a, ds in per_ag.items():
            if len(ds) > cap_a:
                v("R-CAP-AGENCY", f"{eid}: agency {a} {len(ds)} planned visits > {cap_a}")
            ds = sorted(ds)
            for a_, b_ in zip(ds, ds[1:]):
                if (b_ - a_).days < g2:
                    v("R-GAP", f"{eid}: agency {a} visits {a_} and {b_} only {(b_-a_).days} days apart < {g2}")

    # --- required coverage for selected enterprises (invariant 5)
    req = {"mandatory": 0, "sampled": 0}
    unmet_mand = []  # (eid, agency)
    for eid, r in sel.items():
        t = r["tier"]
        tv = int(tiers[t]["visits"])
        mand = float(tiers[t]["sample_ratio"]) >= 1
        if mand and B.app[eid]:
            if r["basis"] in ("capacity", "not_drawn", "exempt") or r["selected"].lower() != "true":
                pass
        want = mand or (r["selected"].lower() == "true" and r["basis"] == "sampled")
        if not want:
            continue
        for a, its in B.app[eid].items():
            req["mandatory" if mand else "sampled"] += tv
            for i in its:
                if cover[eid][i] < tv:
                    if eid not in sf_ids:
                        v("R-SAMPLE", f"{eid} (tier {t}, agency {a}): item {i} covered {cover[eid][i]}/{tv} and no shortfall names it")
                    if mand:
                        unmet_mand.append((eid, a))
                    break
    unmet_mand = sorted(set(unmet_mand))
    # --- mandatory selected but basis says otherwise
    for eid, r in sel.items():
        if float(tiers[r["tier"]]["sample_ratio"]) >= 1 and B.app[eid] and r["basis"] in ("not_drawn",):
            v("R-SAMPLE", f"{eid}: tier {r['tier']} (ratio 1) marked not_drawn")

    # --- triggers (R-TRIGGER)
    tv_by = defaultdict(list)
    for x in visits:
        if x["basis"] == "triggered":
            for tid in lst(x["trigger_id"]):
                tv_by[tid].append(x)
    unmet_trig = []
    for t in B.triggers:
        rc = D(t["received_on"])
        nwd = int(P["urgent_within_workdays"] if t["urgent"] else P["trigger_within_workdays"])
        dl = B.add_workdays(rc, nwd)
        ok = [x for x in tv_by.get(t["trigger_id"], []) if t["agency_id"] in lst(x["agency_ids"])
              and x["enterprise_id"] == t["enterprise_id"] and rc <= D(x["date"]) <= dl]
        bad = [x for x in tv_by.get(t["trigger_id"], []) if x not in ok]
        for x in bad:
            v("R-TRIGGER", f"{x['visit_id']}: trigger {t['trigger_id']} (recv {rc}, deadline {dl}) visited on {x['date']} / wrong agency or enterprise")
        if not ok:
            unmet_trig.append((t, rc, dl))
            if t["trigger_id"] not in sf_ids:
                v("R-TRIGGER", f"trigger {t['trigger_id']} (agency {t['agency_id']}, recv {rc}, deadline {dl}) neither visited in window nor a shortfall")
    # --- follow-ups (R-FOLLOW)
    fu = defaultdict(list)
    for x in visits:
        if x["basis"] == "follow_up":
            for a in lst(x["agency_ids"]):
                fu[(x["enterprise_id"], a)].append(x)
    unmet_fu = []
    for h in B.insp:
        if h["outcome"] not in ("violation", "serious"):
            continue
        rect = BOOL.get((h.get("rectified") or "").strip())
        if rect:
            continue
        last_year = D(h["inspected_on"]).year == Y - 1
        key = (h["enterprise_id"], h["agency_id"])
        if rect is None:
            n("R-FOLLOW", f"{key}: violation with rectified empty -> follow_up planned: {bool(fu.get(key))}")
            continue
        if not last_year:
            if fu.get(key):
                n("R-FOLLOW", f"{key}: unrectified violation of {h['inspected_on']} (before last year) got a follow_up")
            continue
        if not fu.get(key):
            unmet_fu.append(key)
            if h["enterprise_id"] not in sf_ids:
                v("R-FOLLOW", f"{key}: unrectified violation {h['inspected_on']} has no follow_up and no shortfall")

    # --- lottery (R-SAMPLE exactly)
    seed = str(P.get("seed", "")).encode("utf-8")
    mlw = float(P["min_lottery_weight"])
    uniform = P.get("sampling") == "uniform_lottery"
    pools = defaultdict(list)
    for eid, r in sel.items():
        t = r["tier"]
        if float(tiers[t]["sample_ratio"]) < 1 and B.app[eid]:
            h = hmac.new(seed, f"{t}|{eid}".encode(), hashlib.sha256).digest()
            u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
            w = 1.0 if uniform else max(float(r["risk_score"]), mlw)
            pools[t].append((-(math.log(u) / w), eid))
    for t, pool in pools.items():
        pool.sort()
        places = math.ceil(float(tiers[t]["sample_ratio"]) * len(pool) - 1e-12)
        rank = {eid: i + 1 for i, (_, eid) in enumerate(pool)}
        selected = []
        for eid, rk in rank.items():
            r = sel[eid]
            if str(r.get("draw_rank") or "") != str(rk):
                v("R-SAMPLE", f"{eid}: draw_rank {r.get('draw_rank')} != redraw {rk} (tier {t})")
            if r["basis"] == "sampled" and r["selected"].lower() == "true":
                selected.append(rk)
        if len(selected) > places:
            v("R-SAMPLE", f"tier {t}: {len(selected)} sampled > {places} places")
        worst = max(selected) if selected else 0
        for eid, rk in rank.items():
            b = sel[eid]["basis"]
            if rk < worst and b == "not_drawn":
                v("R-SAMPLE", f"tier {t}: {eid} rank {rk} not_drawn while rank {worst} selected")
        caps = [eid for eid, rk in rank.items() if sel[eid]["basis"] == "capacity"]
        n("R-SAMPLE", f"tier {t}: pool {len(pool)}, places {places}, sampled {len(selected)}, skipped for capacity {len(caps)}, worst rank selected {worst}")
        # strict draw order vs capacity skips that share agency+district with a later-ranked placed firm
        for eid in caps:
            rk = rank[eid]
            e = B.ents[eid]
            later = [x for x in rank if rank[x] > rk and sel[x]["basis"] == "sampled" and sel[x]["selected"].lower() == "true"
                     and B.ents[x]["district_code"] == e["district_code"] and set(B.app[x]) & set(B.app[eid])]
            if later:
                s("R-PRIORITY/R-SAMPLE", f"tier {t}: {eid} rank {rk} skipped (capacity) while {len(later)} later-ranked firm(s) of same district sharing an agency were placed, e.g. {later[0]} rank {rank[later[0]]}")

    # --- R-PRIORITY heuristics
    planned_by_ag = defaultdict(list)  # agency -> [(date, district, basis, team, vid)]
    for x in visits:
        if x["mode"] != "onsite":
            continue
        offs = [o for o in lst(x["officer_ids"]) if o in B.officers]
        for a in lst(x["agency_ids"]):
            ts = {B.officers[o]["team_id"] for o in offs if B.teams[B.officers[o]["team_id"]]["agency_id"] == a}
            for t in ts:
                planned_by_ag[a].append((D(x["date"]), x["district_code"], x["basis"], t, x["visit_id"]))
    # budget-aware: officers who could have served an unmet higher-class requirement but spent
    # annual budget on lower classes (R-PRIORITY: "No visit of a lower class uses an officer's annual budget ...")
    low_by_off = defaultdict(lambda: Counter())
    for x in visits:
        if x["mode"] == "onsite":
            for o in lst(x["officer_ids"]):
                low_by_off[o][x["basis"]] += 1
    rank_cls = {"triggered": 0, "follow_up": 0, "mandatory": 1, "sampled": 2}
    def budget_suspect(kind, ident, agency, eid, d0, d1, cls):
        e = B.ents[eid]
        days = [d0 + dt.timedelta(days=i) for i in range((d1 - d0).days + 1)]
        days = [d for d in days if d.year == Y and B.workday(d)]
        if not days:
            return
        for tid, t in B.teams.items():
            if t["agency_id"] != agency or not B.team_can(tid, e["district_code"]):
                continue
            elig = [o for o, r in B.officers.items() if r["team_id"] == tid and (o, eid) not in B.recuse
                    and any(B.certified(o, d) and not B.away(o, d) for d in days)]
            if len(elig) < k_off:
                continue
            lowers = {o: sum(c for b_, c in low_by_off[o].items() if rank_cls.get(b_, 9) > cls) for o in elig}
            usable = [o for o in elig if by_off_year[o] < B.budget(o) or lowers[o] > 0]
            if len(usable) >= k_off and any(lowers[o] > 0 for o in usable):
                ex = [f"{o} used {by_off_year[o]}/{B.budget(o)} ({lowers[o]} lower-class)" for o in usable if lowers[o]][:3]
                s("R-PRIORITY(budget)", f"{kind} {ident} ({agency}, {d0}..{d1}) unmet while team {tid} officers able to go spent budget on lower classes: {ex}; shortfall: {[ (x.get('rule'), x.get('binding')) for x in sf_ids.get(ident, [])][:1]}")
                return
    # --- demonstrably addable: an unmet requirement that could be added to the plan as it stands,
    # moving nothing (every HARD rule kept).  A shortfall claiming no capacity is then wrong.
    ent_days = defaultdict(set); ag_days = defaultdict(list)
    for eid_, L in onsite_by_ent.items():
        for d_, ags_, _ in L:
            ent_days[eid_].add(d_)
            for a_ in ags_:
                ag_days[(eid_, a_)].append(d_)
    workdays = [dt.date(Y, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    workdays = [d_ for d_ in workdays if d_.year == Y and B.workday(d_)]
    A_team = Counter(team_day); A_day = Counter(by_off_day); A_year = Counter(by_off_year)
    def addable(agency, eid, days, planned):
        e = B.ents[eid]
        if not B.app[eid].get(agency):
            return None  # no item of that agency applies: R-ITEM, not capacity
        for d_ in days:
            if planned:
                ed = ent_days[eid]
                if d_ not in ed:
                    if len(ed) >= cap_e or any(abs((d_ - x).days) < g1 for x in ed):
                        continue
                if any(abs((d_ - x).days) < g2 for x in ag_days[(eid, agency)]):
                    continue
                if len(ag_days[(eid, agency)]) >= cap_a:
                    continue
            ds = d_.isoformat()
            for tid, t in B.teams.items():
                if t["agency_id"] != agency or not B.team_can(tid, e["district_code"]):
                    continue
                if A_team[(tid, d_)] >= int(t["max_visits_per_day"]):
                    continue
                free = [o for o, r in B.officers.items() if r["team_id"] == tid and B.certified(o, d_) and not B.away(o, d_)
                        and (o, eid) not in B.recuse and A_day[(o, d_)] < mpd and A_year[o] < B.budget(o)]
                if len(free) >= k_off:
                    joined = d_ in ent_days[eid]
                    # commit (sequential, so the count is of requirements addable TOGETHER)
                    A_team[(tid, d_)] += 1
                    for o in free[:k_off]:
                        A_day[(o, d_)] += 1; A_year[o] += 1
                    if planned:
                        ent_days[eid].add(d_); ag_days[(eid, agency)].append(d_)
                    return d_, tid, free[:k_off], joined
        return None
    for (t, rc, dl) in unmet_trig:
        days = [d_ for d_ in workdays if max(rc, dt.date(Y, 1, 1)) <= d_ <= dl]
        r_ = addable(t["agency_id"], t["enterprise_id"], days, False)
        if r_:
            v("R-PRIORITY/R-TRIGGER(addable)", f"trigger {t['trigger_id']} ({t['agency_id']}, window {rc}..{dl}) is a shortfall but could be added on {r_[0]} by {r_[1]} {r_[2]} moving nothing; shortfall says: {[(x.get('rule'), x.get('binding')) for x in sf_ids.get(t['trigger_id'], [])][:1]}")
    for (eid_, a_) in unmet_fu:
        r_ = addable(a_, eid_, workdays, False)
        if r_:
            v("R-PRIORITY/R-FOLLOW(addable)", f"follow-up {eid_} ({a_}) is a shortfall but could be added on {r_[0]} by {r_[1]} {r_[2]} moving nothing; shortfall says: {[(x.get('rule'), x.get('binding')) for x in sf_ids.get(eid_, []) if x.get('agency') in (a_, None)][:1]}")
    for (eid_, a_) in unmet_mand:
        r_ = addable(a_, eid_, workdays, True)
        if r_:
            v("R-PRIORITY/R-SAMPLE(addable)", f"mandatory {eid_} (tier {sel[eid_]['tier']}, {a_}) is short but a visit could be added on {r_[0]} ({'joining an existing entry' if r_[3] else 'new entry'}) by {r_[1]} {r_[2]} moving nothing; shortfall says: {[(x.get('rule'), x.get('binding')) for x in sf_ids.get(eid_, []) if x.get('agency') in (a_, None)][:1]}")
    for (t, rc, dl) in unmet_trig:
        budget_suspect("trigger", t["trigger_id"], t["agency_id"], t["enterprise_id"], max(rc, dt.date(Y, 1, 1)), min(dl, dt.date(Y, 12, 31)), 0)
    for (eid, a) in unmet_fu:
        budget_suspect("follow_up", eid, a, eid, dt.date(Y, 1, 1), dt.date(Y, 12, 31), 0)
    STRUCT = {"R-CAP-AGENCY", "R-TEAM", "R-CAP-ENTRY", "R-GAP"}
    def structural(eid, a):
        return any(x.get("rule") in STRUCT for x in sf_ids.get(eid, []) if x.get("agency") in (a, None))
    unmet_mand_res = [(eid, a) for (eid, a) in unmet_mand if not structural(eid, a)]
    for (eid, a) in unmet_mand_res:
        budget_suspect("mandatory", eid, a, eid, dt.date(Y, 1, 1), dt.date(Y, 12, 31), 1)
    for (t, rc, dl) in unmet_trig:
        e = B.ents[t["enterprise_id"]]
        lower = [p for p in planned_by_ag[t["agency_id"]] if p[2] in ("mandatory", "sampled") and rc <= p[0] <= dl
                 and B.team_can(p[3], e["district_code"])]
        if lower:
            s("R-PRIORITY", f"trigger {t['trigger_id']} ({t['agency_id']}, {rc}..{dl}) unmet while {len(lower)} mandatory/sampled visit(s) of that agency by a team able to serve district {e['district_code']} fall in its window, e.g. {lower[0][4]} {lower[0][0]} ({lower[0][2]}); shortfall: {[x.get('binding') for x in sf_ids.get(t['trigger_id'], [])][:1]}")
    for (eid, a) in unmet_mand_res:
        e = B.ents[eid]
        lower = [p for p in planned_by_ag[a] if p[2] == "sampled" and B.team_can(p[3], e["district_code"])]
        if lower:
            sfs = [(x.get("rule"), x.get("binding")) for x in sf_ids.get(eid, []) if x.get("agency") in (a, None)][:1]
            s("R-PRIORITY", f"mandatory {eid} (tier {sel[eid]['tier']}, agency {a}, district {e['district_code']}) short while {len(lower)} sampled visit(s) of {a} by teams able to serve it were placed, e.g. {lower[0][4]} {lower[0][0]}; shortfall: {sfs}")

    # --- selection consistency
    for eid, r in sel.items():
        if int(r.get("visits_planned") or 0) != vcount[eid]:
            v("plan.md", f"{eid}: visits_planned {r.get('visits_planned')} != {vcount[eid]} rows")
        if (r["selected"].lower() == "true") != (vcount[eid] > 0):
            v("plan.md", f"{eid}: selected={r['selected']} but {vcount[eid]} visits")

    # --- R-OFFICER-DRAW heuristic: an eligible, higher-drawn officer with spare capacity passed over
    passed = 0; checked = 0; examples = []
    for x in visits:
        if x["mode"] != "onsite":
            continue
        d = D(x["date"]); eid = x["enterprise_id"]
        offs = [o for o in lst(x["officer_ids"]) if o in B.officers]
        for a in lst(x["agency_ids"]):
            mine = [o for o in offs if B.teams[B.officers[o]["team_id"]]["agency_id"] == a and B.certified(o, d)]
            if not mine:
                continue
            team = B.officers[mine[0]]["team_id"]
            elig = [o for o, r in B.officers.items() if r["team_id"] == team and B.certified(o, d)
                    and not B.away(o, d) and (o, eid) not in B.recuse]
            key = lambda o: hmac.new(seed, f"officer|{x['visit_id']}|{o}".encode(), hashlib.sha256).digest()
            elig.sort(key=key)
            checked += 1
            worst = max(elig.index(o) for o in mine)
            for o in elig[:worst]:
                if o in mine:
                    continue
                if by_off_day[(o, d)] < mpd and by_off_year[o] < B.budget(o):
                    passed += 1
                    if len(examples) < 3:
                        examples.append(f"{x['visit_id']} agency {a}: {o} ranked before chosen {mine} has day {by_off_day[(o, d)]}/{mpd}, year {by_off_year[o]}/{B.budget(o)}")
                    break
    if checked:
        (s if passed else n)("R-OFFICER-DRAW", f"{passed}/{checked} agency-slots passed over a higher-drawn eligible officer with spare day & year capacity (HMAC ascending order assumed); {examples}")

    summary = dict(
        enterprises=len(B.ents), visits=len(visits),
        by_basis=dict(Counter(x["basis"] for x in visits)), by_mode=dict(Counter(x["mode"] for x in visits)),
        required_agency_visits=req, triggers=len(B.triggers), unmet_triggers=len(unmet_trig),
        followups_owed_lastyear=sum(1 for h in B.insp if h["outcome"] in ("violation", "serious") and BOOL.get((h.get("rectified") or "").strip()) is False and D(h["inspected_on"]).year == Y - 1),
        unmet_followups=len(unmet_fu), unmet_mandatory_agency=len(unmet_mand),
        shortfalls=len(shorts), shortfalls_by_rule=dict(Counter(x.get("rule") for x in shorts)),
        shortfalls_by_kind=dict(Counter(x.get("kind") for x in shorts)),
        tiers=dict(Counter(r["tier"] for r in sel.values())),
        violations=len(V), suspects=len(S))
    return summary, V, S, N


def main():
    b, p = sys.argv[1], sys.argv[2]
    summary, V, S, N = judge(b, p)
    print(json.dumps(summary, ensure_ascii=False))
    for tag, L in (("VIOLATION", V), ("SUSPECT", S), ("NOTE", N)):
        c = Counter(r for r, _ in L)
        print(f"== {tag}: {len(L)} {dict(c)}")
        shown = Counter()
        for r, m in L:
            shown[r] += 1
            if shown[r] <= 8:
                print(f"  [{r}] {m}")
    if "--json" in sys.argv:
        json.dump(dict(summary=summary, violations=V, suspects=S, notes=N),
                  open(sys.argv[sys.argv.index("--json") + 1], "w"), ensure_ascii=False, indent=1)
    sys.exit(1 if V else 0)


if __name__ == "__main__":
    main()
