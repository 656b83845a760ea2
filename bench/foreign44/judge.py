#!/usr/bin/env python3
"""foreign44 independent judge of a plan folder against plan.md / rules.md. Never imports the product.
usage: judge.py BUNDLE PLAN [--json OUT] [--no-slots]   exit 1 on any HARD violation."""
import csv, datetime as dt, hmac, hashlib, json, math, os, sys
from collections import defaultdict, Counter

D = dt.date.fromisoformat
LABELS = {"建筑施工": "construction", "房地产开发": "real_estate", "物业服务": "property_mgmt", "燃气经营": "gas",
          "工程监理": "supervision", "勘察设计": "survey_design", "工程质量检测": "testing", "预拌混凝土": "ready_mix",
          "市政公用": "municipal", "其他": "other", "微型": "micro", "小型": "small", "中型": "medium", "大型": "large",
          "表彰奖励": "commendation", "良好信用信息": "good", "不良信用信息": "bad", "严重失信主体名单": "serious_dishonest",
          "信用修复": "repair", "未发现问题": "compliant", "轻微问题": "minor", "违法违规": "violation",
          "严重违法违规": "serious", "是": "true", "否": "false", "执法人员": "enforcement", "执法辅助人员": "auxiliary",
          "法制审核人员": "legal_review", "投诉": "complaint", "举报": "complaint"}
DEFAULTS = {"tiers": {"A": {"sample_ratio": 0.03, "visits": 1}, "B": {"sample_ratio": 0.20, "visits": 1},
                      "C": {"sample_ratio": 0.60, "visits": 1}, "D": {"sample_ratio": 1.00, "visits": 2}},
            "sampling": "weighted_lottery", "min_lottery_weight": 0.05, "max_visits_per_agency_per_enterprise": 2,
            "max_entries_per_enterprise": 3, "min_days_between_visits": 30, "min_days_between_repeat_visits": 90,
            "officers_per_agency_on_visit": 2, "max_visits_per_officer_per_day": 2,
            "max_visits_per_officer_per_year": 60, "max_remote_checks_per_officer_per_day": 8,
            "onsite_required_tiers": ["D"], "trigger_within_workdays": 15, "urgent_within_workdays": 3}


def lab(x):
    x = (x or "").strip()
    return LABELS.get(x, x)


def tb(x):
    return lab(x).lower() in ("true", "1", "yes")


def rd(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def lst(x):
    return [s.strip() for s in (x or "").split(";") if s.strip()]


class Judge:
    def __init__(self, bdir, pdir, slots=True):
        self.errs, self.warns = [], []
        self.b, self.p = bdir, pdir
        pol = json.load(open(os.path.join(bdir, "policy.json"), encoding="utf-8")) if os.path.exists(
            os.path.join(bdir, "policy.json")) else {}
        self.pol = dict(DEFAULTS)
        self.pol.update(pol)
        t = json.loads(json.dumps(DEFAULTS["tiers"]))
        for k, v in pol.get("tiers", {}).items():
            t[k].update(v)
        self.pol["tiers"] = t
        self.year = int(self.pol.get("year", 2027))
        self.ent = {r["enterprise_id"]: r for r in rd(f"{bdir}/enterprises.csv")}
        for r in self.ent.values():
            r["sector"] = lab(r["sector"])
        self.items = {r["item_id"]: r for r in rd(f"{bdir}/items.csv")}
        for r in self.items.values():
            r["sectors_l"] = [lab(s) for s in lst(r["sectors"])]
        self.teams = {r["team_id"]: r for r in rd(f"{bdir}/teams.csv")}
        self.off = {r["officer_id"]: r for r in rd(f"{bdir}/officers.csv")}
        for o in self.off.values():
            o["role"] = lab(o["role"])
        self.away = defaultdict(list)
        for r in rd(f"{bdir}/unavailability.csv"):
            self.away[r["officer_id"]].append((D(r["start_on"]), D(r["end_on"])))
        self.rec = {(r["officer_id"], r["enterprise_id"]) for r in rd(f"{bdir}/recusals.csv")}
        self.trig = {r["trigger_id"]: r for r in rd(f"{bdir}/triggers.csv")}
        self.insp = rd(f"{bdir}/inspections.csv")
        self.cred = rd(f"{bdir}/credit_records.csv")
        self.grades = rd(f"{bdir}/credit_grades.csv")
        cal = {r["date"]: tb(r["workday"]) for r in rd(f"{bdir}/calendar.csv")}
        self.work = []
        d = dt.date(self.year, 1, 1)
        while d.year == self.year:
            w = cal.get(d.isoformat(), d.weekday() < 5)
            if w:
                self.work.append(d)
            d += dt.timedelta(1)
        self.workset = set(self.work)
        self.visits = rd(f"{pdir}/visits.csv")
        self.sel = {r["enterprise_id"]: r for r in rd(f"{pdir}/selection.csv")}
        self.plan = json.load(open(f"{pdir}/plan.json", encoding="utf-8"))
        self.k = int(self.pol["officers_per_agency_on_visit"])
        self.slots = slots
        self.agency_items = defaultdict(list)
        for it in self.items.values():
            self.agency_items[it["agency_id"]].append(it)

    def E(self, rule, msg):
        self.errs.append((rule, msg))

    def W(self, rule, msg):
        self.warns.append((rule, msg))

    # ------------------------------------------------------------------ helpers
    def applies(self, ag, eid):
        s = self.ent[eid]["sector"]
        return [it["item_id"] for it in self.agency_items[ag] if s in it["sectors_l"] and it["legal_basis"].strip()]

    def agencies_for(self, eid):
        return [a for a in sorted(self.agency_items) if self.applies(a, eid)]

    def team_ok(self, tid, eid):
        t = self.teams[tid]
        dc, ed = t["district_code"], self.ent[eid]["district_code"]
        return dc == ed or (dc.endswith("00") and dc[:4] == ed[:4])

    def present(self, oid, day):
        return not any(a <= day <= b for a, b in self.away[oid])

    def cert(self, oid, day):
        o = self.off[oid]
        return o["role"] == "enforcement" and o["certificate_no"].strip() and o["certificate_expires_on"] and D(
            o["certificate_expires_on"]) >= day

    def budget(self, oid):
        b = self.off[oid].get("annual_visit_budget", "")
        return int(float(b)) if str(b).strip() else int(self.pol["max_visits_per_officer_per_year"])

    def wd_after(self, day, n):
        later = [w for w in self.work if w > day]
        return later[n - 1] if len(later) >= n else dt.date(self.year, 12, 31)

    # ------------------------------------------------------------------ tiers
    def tier_expected(self, eid):
        recs = sorted([r for r in self.cred if r["enterprise_id"] == eid], key=lambda r: r["recorded_on"])
        for r in recs:
            if lab(r["kind"]) == "serious_dishonest":
                exp = r.get("expires_on", "").strip()
                if exp and D(exp) < dt.date(self.year, 1, 1):
                    continue
                if any(lab(q["kind"]) == "repair" and q["recorded_on"] > r["recorded_on"] for q in recs):
                    continue
                return "D", "serious_dishonest " + r["recorded_on"]
        gs = sorted([g for g in self.grades if g["enterprise_id"] == eid], key=lambda g: g["rated_on"])
        if gs:
            return gs[-1]["grade"].strip(), "grade " + gs[-1]["rated_on"]
        return None, "model"

    def check_counts(self):
        c = self.plan.get("counts", {})
        mine = {"mode": Counter(v["mode"] for v in self.visits), "basis": Counter(v["basis"] for v in self.visits),
                "tier": Counter(v["tier"] for v in self.visits), "month": Counter(v["date"][:7] for v in self.visits)}
        ag = Counter()
        for v in self.visits:
            for a in lst(v["agency_ids"]):
                ag[a] += 1
        mine["agency"] = ag
        for k, m in mine.items():
            if k in c and {x: int(y) for x, y in c[k].items() if int(y)} != dict(m):
                self.E("plan.json", f"counts.{k} {c[k]} != visits.csv {dict(m)}")
        for k, v in self.pol.items():
            pv = self.plan.get("policy", {}).get(k)
            if isinstance(pv, list) and isinstance(v, list):
                pv, v = sorted(pv), sorted(v)
            if k != "tiers" and pv is not None and pv != v:
                self.E("plan.json", f"policy.{k} {pv} != bundle/default {v}")
        if str(self.plan.get("seed")) != str(self.pol.get("seed")):
            self.E("plan.json", "seed differs")

    def run(self):
        self.check_counts()
        self.check_visits()
        self.check_tiers_lottery()
        self.check_coverage()
        self.check_officer_draw()
        if self.slots:
            self.check_priority()
        return self.errs

    # ------------------------------------------------------------------ visit-level invariants
    def check_visits(self):
        P = self.pol
        ids = Counter(v["visit_id"] for v in self.visits)
        for i, c in ids.items():
            if c > 1:
                self.E("plan.md", f"visit_id {i} repeated {c}x")
        self.day_on = Counter()
        self.day_rem = Counter()
        self.year_on = Counter()
        self.team_day = Counter()
        self.vteam = {}
        ent_entries = defaultdict(set)
        agency_onsite = defaultdict(list)
        onsite_rows = defaultdict(list)
        for v in self.visits:
            vid, day, eid = v["visit_id"], D(v["date"]), v["enterprise_id"]
            ags = lst(v["agency_ids"])
            v["_ags"], v["_day"] = ags, day
            if eid not in self.ent:
                self.E("plan.md", f"{vid}: unknown enterprise {eid}")
                continue
            if day not in self.workset:
                self.E("R-WORKDAY", f"{vid} {day} not a working day")
            if v["district_code"] != self.ent[eid]["district_code"]:
                self.E("plan.md", f"{vid} district {v['district_code']} != enterprise's")
            if v["lead_agency_id"] not in ags:
                self.E("plan.md", f"{vid} lead not among agency_ids")
            if v["mode"] not in ("onsite", "remote"):
                self.E("plan.md", f"{vid} mode {v['mode']}")
            if v["basis"] not in ("mandatory", "sampled", "triggered", "follow_up"):
                self.E("R-BASIS", f"{vid} basis {v['basis']}")
            if v["basis"] == "triggered":
                t = self.trig.get(v["trigger_id"])
                if not t or t["enterprise_id"] != eid or t["agency_id"] not in ags:
                    self.E("R-BASIS", f"{vid} trigger {v['trigger_id']} does not match")
            exp_tier = self.sel.get(eid, {}).get("tier")
            if v["tier"] != exp_tier:
                self.E("plan.md", f"{vid} tier {v['tier']} != selection {exp_tier}")
            # items
            its = lst(v["item_ids"])
            cover = set()
            for it in its:
                r = self.items.get(it)
                if not r or r["agency_id"] not in ags or self.ent[eid]["sector"] not in r["sectors_l"] or not r[
                        "legal_basis"].strip():
                    self.E("R-ITEM", f"{vid} item {it} not lawful for {eid}/{ags}")
                else:
                    cover.add(r["agency_id"])
            for a in ags:
                if a not in cover:
                    self.E("R-ITEM", f"{vid} agency {a} joins without an item")
            # officers
            offs = lst(v["officer_ids"])
            by_ag = defaultdict(list)
            for o in offs:
                if o not in self.off:
                    self.E("R-PAIR", f"{vid} unknown officer {o}")
                    continue
                t = self.teams[self.off[o]["team_id"]]
                by_ag[t["agency_id"]].append(o)
                if not self.present(o, day):
                    self.E("R-AVAIL", f"{vid} {o} away on {day}")
                if (o, eid) in self.rec:
                    self.E("R-RECUSE", f"{vid} {o} recused from {eid}")
                if self.off[o]["role"] == "enforcement" and not self.cert(o, day):
                    self.E("R-CERT", f"{vid} {o} certificate not valid on {day}")
            for a in by_ag:
                if a not in ags:
                    self.E("R-TEAM", f"{vid} officers of {a} not in agency_ids")
            teams_used = {}
            for a in ags:
                os_ = by_ag.get(a, [])
                tset = {self.off[o]["team_id"] for o in os_}
                if len(tset) > 1:
                    self.E("R-TEAM", f"{vid} agency {a} officers from teams {tset}")
                for tid in tset:
                    if not self.team_ok(tid, eid):
                        self.E("R-TEAM", f"{vid} team {tid} may not work in {self.ent[eid]['district_code']}")
                    teams_used[a] = tid
                cert = [o for o in os_ if self.cert(o, day)]
                need = self.k if v["mode"] == "onsite" else 1
                if v["mode"] == "onsite" and len(cert) < need:
                    self.E("R-PAIR", f"{vid} agency {a}: {len(cert)} certified < {need}")
            if v["mode"] == "remote" and not offs:
                self.E("R-PAIR", f"{vid} remote check without officer")
            self.vteam[vid] = teams_used
            for a, tid in teams_used.items():
                self.team_day[(tid, day)] += 1
            for o in offs:
                if v["mode"] == "onsite":
                    self.day_on[(o, day)] += 1
                    self.year_on[o] += 1
                else:
                    self.day_rem[(o, day)] += 1
            # R-REMOTE
            ent = self.ent[eid]
            mon = tb(ent["remote_monitoring"])
            all_rem = all(tb(self.items[i]["remote_allowed"]) for i in its if i in self.items)
            if v["mode"] == "remote" and not (mon and all_rem):
                self.E("R-REMOTE", f"{vid} remote check of items needing a site visit / no monitoring")
            if v["mode"] == "onsite" and v["basis"] in ("mandatory", "sampled") and v["tier"] not in P[
                    "onsite_required_tiers"] and mon and all_rem:
                self.E("R-REMOTE", f"{vid} on-site visit whose items could all be checked remotely")
            if v["mode"] == "onsite":
                onsite_rows[(eid, day)].append(vid)
            if v["basis"] in ("mandatory", "sampled") and v["mode"] == "onsite":
                ent_entries[eid].add(day)
                for a in ags:
                    agency_onsite[(eid, a)].append(day)
        for (o, day), c in self.day_on.items():
            if c > int(P["max_visits_per_officer_per_day"]):
                self.E("R-AVAIL", f"{o} {c} on-site visits on {day}")
        for (o, day), c in self.day_rem.items():
            if c > int(P["max_remote_checks_per_officer_per_day"]):
                self.E("R-AVAIL", f"{o} {c} remote checks on {day}")
        for o, c in self.year_on.items():
            if c > self.budget(o):
                self.E("R-AVAIL", f"{o} {c} on-site visits > budget {self.budget(o)}")
        for (tid, day), c in self.team_day.items():
            if c > int(self.teams[tid]["max_visits_per_day"]):
                self.E("R-AVAIL", f"team {tid} {c} visits on {day} > {self.teams[tid]['max_visits_per_day']}")
        for (eid, day), vs in onsite_rows.items():
            if len(vs) > 1:
                self.E("R-JOINT", f"{eid} {day}: {len(vs)} on-site rows {vs}")
        for eid, days in ent_entries.items():
            if len(days) > int(P["max_entries_per_enterprise"]):
                self.E("R-CAP-ENTRY", f"{eid} entered {len(days)} days")
            ds = sorted(days)
            for a, b in zip(ds, ds[1:]):
                if (b - a).days < int(P["min_days_between_visits"]):
                    self.E("R-GAP", f"{eid} entries {a} {b}")
        for (eid, a), days in agency_onsite.items():
            if len(days) > int(P["max_visits_per_agency_per_enterprise"]):
                self.E("R-CAP-AGENCY", f"{eid} {a} {len(days)} planned on-site visits")
            ds = sorted(days)
            for x, y in zip(ds, ds[1:]):
                if (y - x).days < int(P["min_days_between_repeat_visits"]):
                    self.E("R-GAP", f"{eid} {a} repeat {x} {y}")
        self.ent_entries, self.agency_onsite = ent_entries, agency_onsite

    # ------------------------------------------------------------------ tiers + lottery
    def check_tiers_lottery(self):
        P = self.pol
        if set(self.sel) != set(self.ent):
            self.E("plan.md", f"selection.csv rows != enterprises ({len(self.sel)} vs {len(self.ent)})")
        for eid in self.ent:
            s = self.sel.get(eid)
            if not s:
                continue
            t, why = self.tier_expected(eid)
            if t and s["tier"] != t:
                self.E("R-TIER", f"{eid} tier {s['tier']} expected {t} ({why})")
        seed = str(P["seed"]).encode()
        pools = defaultdict(list)
        for eid, s in self.sel.items():
            if self.agencies_for(eid):
                pools[s["tier"]].append(eid)
        self.places = {}
        self.rank = {}
        for tier, pool in pools.items():
            ratio = float(P["tiers"][tier]["sample_ratio"])
            if ratio >= 1:
                continue
            keys = []
            for eid in pool:
                h = hmac.new(seed, f"{tier}|{eid}".encode(), hashlib.sha256).digest()
                u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
                w = 1.0 if P["sampling"] == "uniform_lottery" else max(float(self.sel[eid]["risk_score"]),
                                                                      float(P["min_lottery_weight"]))
                keys.append((-math.log(u) / w, eid))  # ln(u)/w largest first == -ln(u)/w smallest first
            keys.sort()
            places = math.ceil(ratio * len(pool) - 1e-9)
            self.places[tier] = places
            for r, (_, eid) in enumerate(keys, 1):
                self.rank[eid] = r
                got = self.sel[eid]["draw_rank"]
                if str(got) != str(r):
                    self.E("R-SAMPLE", f"{eid} tier {tier} draw_rank {got} expected {r}")
            nsel = sum(1 for e in pool if self.sel[e]["basis"] == "sampled")
            if nsel > places:
                self.E("R-SAMPLE", f"tier {tier}: {nsel} sampled > {places} places")
            pj = self.plan.get("places", {}).get(tier)
            if pj is not None and int(pj) != places:
                self.E("R-SAMPLE", f"tier {tier} places {pj} in plan.json, expected {places}")
        # selection consistency
        vis_by_e = Counter(v["enterprise_id"] for v in self.visits)
        for eid, s in self.sel.items():
            sel = tb(s["selected"])
            if sel != (vis_by_e[eid] > 0):
                self.E("plan.md", f"{eid} selected={s['selected']} but {vis_by_e[eid]} visits")
            if str(s["visits_planned"]) != str(vis_by_e[eid]):
                self.W("plan.md", f"{eid} visits_planned {s['visits_planned']} vs {vis_by_e[eid]} rows")
            if not s.get("reason_zh", "").strip() or not s.get("reason_en", "").strip():
                self.E("R-EXPLAIN", f"{eid} without reason")

    # ------------------------------------------------------------------ coverage / triggers / follow-ups
    def short_ids(self):
        return Counter(s.get("id") for s in self.plan.get("shortfalls", []))

    def check_coverage(self):
        P = self.pol
        sh = self.short_ids()
        shk = defaultdict(list)
        for s in self.plan.get("shortfalls", []):
            shk[(s.get("id"), s.get("agency"))].append(s)
        self.unmet = []  # (class, eid/trigger, agency, missing, extra)
        cov = defaultdict(Counter)
        for v in self.visits:
            for it in lst(v["item_ids"]):
                cov[(v["enterprise_id"], v["basis"])][it] += 1
        for eid, s in self.sel.items():
            b = s["basis"]
            if b not in ("mandatory", "sampled"):
                if b in ("follow_up", "triggered"):
                    # an enterprise needing mandatory visits must have basis mandatory
                    if P["tiers"][s["tier"]]["sample_ratio"] >= 1 and self.agencies_for(eid):
                        pass
                continue
            want = int(P["tiers"][s["tier"]]["visits"])
            want_a = min(want, int(P["max_visits_per_agency_per_enterprise"]))
            for a in self.agencies_for(eid):
                for it in self.applies(a, eid):
                    got = cov[(eid, b)][it]
                    if got < want_a:
                        self.unmet.append((b, eid, a, want_a - got, it))
                        if not shk.get((eid, a)) and not sh.get(eid):
                            self.E("inv5", f"{eid} {b} item {it} of {a} covered {got}/{want_a}, no shortfall")
        # mandatory enterprises not selected at all
        for eid, s in self.sel.items():
            if float(P["tiers"][s["tier"]]["sample_ratio"]) >= 1 and self.agencies_for(eid) and s["basis"] != "mandatory":
                for a in self.agencies_for(eid):
                    want_a = min(int(P["tiers"][s["tier"]]["visits"]), int(P["max_visits_per_agency_per_enterprise"]))
                    got = min(cov[(eid, "mandatory")][it] for it in self.applies(a, eid))
                    if got < want_a:
                        self.unmet.append(("mandatory", eid, a, want_a - got, None))
                        if not shk.get((eid, a)) and not sh.get(eid):
                            self.E("inv5", f"{eid} tier {s['tier']} basis {s['basis']}: mandatory {a} unmet, no shortfall")
        # triggers
        trig_vis = defaultdict(list)
        for v in self.visits:
            if v["basis"] == "triggered":
                trig_vis[v["trigger_id"]].append(v)
        for tid, t in self.trig.items():
            rec = D(t["received_on"])
            n = int(P["urgent_within_workdays"] if tb(t["urgent"]) else P["trigger_within_workdays"])
            dl = self.wd_after(rec, n)
            if rec.year < self.year:
                dl = self.wd_after(rec, n) if False else dl
            ok = [v for v in trig_vis.get(tid, []) if t["agency_id"] in v["_ags"] and rec <= v["_day"] <= dl]
            if not ok:
                self.unmet.append(("triggered", tid, t["agency_id"], 1, (rec, dl)))
                if not sh.get(tid):
                    self.E("R-TRIGGER", f"{tid} ({t['agency_id']}, {rec}, window to {dl}) neither visited in window "
                           f"nor a shortfall (visits {[v['_day'].isoformat() for v in trig_vis.get(tid, [])]})")
        # follow-ups
        fu = defaultdict(list)
        for v in self.visits:
            if v["basis"] == "follow_up":
                for a in v["_ags"]:
                    fu[(v["enterprise_id"], a)].append(v)
        need = set()
        for r in self.insp:
            if lab(r["outcome"]) in ("violation", "serious") and not tb(r.get("rectified", "")) and \
                    lab(r.get("rectified", "")) == "false" and r["inspected_on"][:4] == str(self.year - 1):
                need.add((r["enterprise_id"], r["agency_id"]))
        for eid, a in sorted(need):
            if not fu.get((eid, a)):
                self.unmet.append(("follow_up", eid, a, 1, None))
                if not sh.get(eid):
                    self.E("R-FOLLOW", f"{eid} {a} unrectified violation: no follow_up and no shortfall")
        # shortfalls must name binding
        for s in self.plan.get("shortfalls", []):
            if not (s.get("binding") and s.get("binding_zh")):
                self.W("R-EXPLAIN", f"shortfall {s.get('kind')} {s.get('id')} lacks binding/binding_zh")

    # ------------------------------------------------------------------ R-OFFICER-DRAW
    def check_officer_draw(self):
        path = os.path.join(self.p, "officer_draw.json")
        if not os.path.exists(path):
            self.E("R-OFFICER-DRAW", "no officer_draw.json")
            return
        od = json.load(open(path, encoding="utf-8"))["visits"]
        seed = str(self.pol["seed"]).encode()
        P = self.pol
        day_on, day_rem, year_on = Counter(), Counter(), Counter()
        mism = 0
        for v in sorted(self.visits, key=lambda v: (v["date"], v["visit_id"])):
            vid, day, eid = v["visit_id"], v["_day"], v["enterprise_id"]
            rec = od.get(vid)
            offs = lst(v["officer_ids"])
            if rec is None:
                self.E("R-OFFICER-DRAW", f"{vid} missing in officer_draw.json")
                continue
            for a in v["_ags"]:
                r = rec.get(a)
                if not r:
                    self.E("R-OFFICER-DRAW", f"{vid}/{a} missing")
                    continue
                tid = r["team"]
                elig = []
                for o, orow in self.off.items():
                    if orow["team_id"] != tid or not self.cert(o, day) or not self.present(o, day) or (o, eid) in self.rec:
                        continue
                    if v["mode"] == "onsite":
                        if day_on[(o, day)] >= int(P["max_visits_per_officer_per_day"]) or year_on[o] >= self.budget(o):
                            continue
                    elif day_rem[(o, day)] >= int(P["max_remote_checks_per_officer_per_day"]):
                        continue
                    elig.append(o)
                order = sorted(elig, key=lambda o: hmac.new(seed, f"officer|{vid}|{o}".encode(), hashlib.sha256).digest())
                cons = r["considered"]
                taken = r["taken"]
                if cons != order[:len(cons)]:
                    mism += 1
                    if mism <= 15:
                        self.E("R-OFFICER-DRAW", f"{vid}/{a} considered {cons} != HMAC order prefix {order[:len(cons)+1]}")
                if set(taken) != set(cons) - set(r.get("skipped", [])):
                    self.E("R-OFFICER-DRAW", f"{vid}/{a} taken != considered - skipped")
                mine = [o for o in offs if self.off.get(o, {}).get("team_id") == tid]
                if set(mine) != set(taken):
                    self.E("R-OFFICER-DRAW", f"{vid}/{a} visits.csv {mine} != taken {taken}")
            for o in offs:
                if v["mode"] == "onsite":
                    day_on[(o, day)] += 1
                    year_on[o] += 1
                else:
                    day_rem[(o, day)] += 1
        if mism > 15:
            self.E("R-OFFICER-DRAW", f"... {mism} considered-order mismatches in all")

    # ------------------------------------------------------------------ R-PRIORITY / inv 6 slot search
    def free_pairs(self, tid, eid, day, mode="onsite", freed=()):
        """officers of team tid who could go to eid on day, given loads (freed: officer ids whose one visit is
        taken away)"""
        P = self.pol
        out = []
        for o, orow in self.off.items():
            if orow["team_id"] != tid or not self.cert(o, day) or not self.present(o, day) or (o, eid) in self.rec:
                continue
            f = 1 if o in freed else 0
            if mode == "onsite":
                if self.day_on[(o, day)] - f >= int(P["max_visits_per_officer_per_day"]):
                    continue
                if self.year_on[o] - f >= self.budget(o):
                    continue
            elif self.day_rem[(o, day)] >= int(P["max_remote_checks_per_officer_per_day"]):
                continue
            out.append(o)
        return out

    def free_pairs_budget(self, tid, eid, day, freed, same):
        P = self.pol
        out = []
        for o, orow in self.off.items():
            if orow["team_id"] != tid or not self.cert(o, day) or not self.present(o, day) or (o, eid) in self.rec:
                continue
            f = 1 if o in freed else 0
            if self.day_on[(o, day)] - (f if same else 0) >= int(P["max_visits_per_officer_per_day"]):
                continue
            if self.year_on[o] - f >= self.budget(o):
                continue
            out.append(o)
        return out

    def ent_day_ok(self, eid, a, day, planned=True):
        if not planned:
            return True
        P = self.pol
        ents = self.ent_entries.get(eid, set())
        if day not in ents:
            if len(ents) >= int(P["max_entries_per_enterprise"]):
                return False
            if any(abs((day - x).days) < int(P["min_days_between_visits"]) for x in ents):
                return False
        ad = self.agency_onsite.get((eid, a), [])
        if len(ad) >= int(P["max_visits_per_agency_per_enterprise"]):
            return False
        if any(abs((day - x).days) < int(P["min_days_between_repeat_visits"]) for x in ad):
            return False
        return True

    def check_priority(self):
        teams_of = defaultdict(list)
        for tid, t in self.teams.items():
            teams_of[t["agency_id"]].append(tid)
        lower = {"triggered": ("mandatory", "sampled"), "follow_up": ("mandatory", "sampled"),
                 "mandatory": ("sampled",)}
        by_team_day = defaultdict(list)
        for v in self.visits:
            for a, tid in self.vteam.get(v["visit_id"], {}).items():
                by_team_day[(tid, v["_day"])].append((v, a))
        seen = set()
        nfree = nswap = 0
        for cls, key, a, miss, extra in self.unmet:
            if cls == "sampled":
                continue
            eid = self.trig[key]["enterprise_id"] if cls == "triggered" else key
            if (cls, key, a) in seen:
                continue
            seen.add((cls, key, a))
            if not self.applies(a, eid):
                continue
            planned = cls == "mandatory"
            days = self.work
            if cls == "triggered":
                days = [d for d in self.work if extra[0] <= d <= extra[1]]
            found = None
            for tid in teams_of[a]:
                if not self.team_ok(tid, eid):
                    continue
                for day in days:
                    if not self.ent_day_ok(eid, a, day, planned):
                        continue
                    if cls == "mandatory" and self.year_on and any(
                            v["enterprise_id"] == eid and v["mode"] == "onsite" and a in v["_ags"] and v["basis"] == "mandatory"
                            and v["_day"] == day for v, _ in by_team_day.get((tid, day), [])):
                        continue
                    tcap = int(self.teams[tid]["max_visits_per_day"])
                    if self.team_day[(tid, day)] < tcap and len(self.free_pairs(tid, eid, day)) >= self.k:
                        found = ("free", tid, day, None)
                        break
                    for v, va in by_team_day.get((tid, day), []):
                        if v["basis"] not in lower[cls] or va != a or v["enterprise_id"] == eid:
                            continue
                        freed = {o for o in lst(v["officer_ids"]) if self.off.get(o, {}).get("team_id") == tid} \
                            if v["mode"] == "onsite" else set()
                        if len(self.free_pairs(tid, eid, day, freed=freed)) >= self.k:
                            found = ("swap", tid, day, v["visit_id"] + "/" + v["basis"])
                            break
                    if found:
                        break
                if found:
                    break
            if not found:
                # annual-budget displacement: a lower-class on-site visit of the same team on any day frees one
                # unit of its officers' budgets (R-PRIORITY: "uses an officer's annual budget")
                for tid in teams_of[a]:
                    if not self.team_ok(tid, eid) or found:
                        continue
                    lows = [v for (t2, _d), lst_ in by_team_day.items() if t2 == tid for v, va in lst_
                            if va == a and v["basis"] in lower[cls] and v["mode"] == "onsite" and v["enterprise_id"] != eid]
                    for day in days:
                        if found or not self.ent_day_ok(eid, a, day, planned):
                            continue
                        tcap = int(self.teams[tid]["max_visits_per_day"])
                        for v in lows:
                            same = v["_day"] == day
                            if not same and self.team_day[(tid, day)] >= tcap:
                                continue
                            freed = {o for o in lst(v["officer_ids"]) if self.off.get(o, {}).get("team_id") == tid}
                            cand = self.free_pairs_budget(tid, eid, day, freed, same)
                            if len(cand) >= self.k:
                                found = ("budget-swap", tid, day, v["visit_id"] + "/" + v["basis"] + "@" + v["date"])
                                break
            if found:
                if found[0] == "free":
                    nfree += 1
                else:
                    nswap += 1
                rule = "inv11-free" if found[0] == "free" else "R-PRIORITY"
                self.E(rule, f"unmet {cls} {key} ({eid}) agency {a}: {found[0]} slot team {found[1]} on {found[2]}"
                       + (f" by displacing {found[3]}" if found[3] else ""))
        # inv 6: capacity-skipped above the worst sampled rank in its tier
        worst = defaultdict(int)
        for eid, s in self.sel.items():
            if s["basis"] == "sampled" and eid in self.rank:
                worst[s["tier"]] = max(worst[s["tier"]], self.rank[eid])
        nsel = Counter(s["tier"] for s in self.sel.values() if s["basis"] == "sampled")
        nflag = Counter()
        for eid, s in self.sel.items():
            if s["basis"] != "capacity" or eid not in self.rank:
                continue
            unfilled = nsel[s["tier"]] < self.places.get(s["tier"], 0)
            if self.rank[eid] > worst[s["tier"]] and not unfilled:
                continue
            ok_all = True
            where = []
            for a in self.agencies_for(eid):
                hit = None
                for tid in teams_of[a]:
                    if not self.team_ok(tid, eid):
                        continue
                    for day in self.work:
                        if self.team_day[(tid, day)] < int(self.teams[tid]["max_visits_per_day"]) and self.ent_day_ok(
                                eid, a, day) and len(self.free_pairs(tid, eid, day)) >= self.k:
                            hit = (tid, day)
                            break
                    if hit:
                        break
                if not hit:
                    ok_all = False
                    break
                where.append((a,) + hit)
            if ok_all:
                nflag[s["tier"]] += 1
                self.inv6_total = getattr(self, "inv6_total", 0) + 1
                if nflag[s["tier"]] > 25:
                    continue
                self.E("inv6", f"{eid} tier {s['tier']} rank {self.rank[eid]} skipped (capacity) while rank "
                       f"{worst[s['tier']]} sampled, {nsel[s['tier']]}/{self.places.get(s['tier'])} places filled; free slots {where}")


def main():
    a = sys.argv[1:]
    slots = "--no-slots" not in a
    a = [x for x in a if x != "--no-slots"]
    jo = None
    if "--json" in a:
        i = a.index("--json")
        jo = a[i + 1]
        del a[i:i + 2]
    j = Judge(a[0], a[1], slots)
    j.run()
    c = Counter(r for r, _ in j.errs)
    if getattr(j, "inv6_total", 0):
        c["inv6(all, uncapped)"] = j.inv6_total
    for r, m in j.errs[:200]:
        print(f"FAIL {r}: {m}")
    for r, m in j.warns[:20]:
        print(f"warn {r}: {m}")
    print(f"SUMMARY {a[1]}: {len(j.visits)} visits, {len(j.plan.get('shortfalls', []))} shortfalls, "
          f"{len(j.errs)} violations {dict(c)}, {len(j.warns)} warnings")
    if jo:
        json.dump({"errors": j.errs, "warnings": j.warns, "counts": dict(c)}, open(jo, "w"), ensure_ascii=False, indent=1)
    sys.exit(1 if j.errs else 0)


if __name__ == "__main__":
    main()
