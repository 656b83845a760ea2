"""foreign45 judge: checks a plan folder against a bundle, written from rules.md / plan.md / bundle.md only.
usage: python judge.py BUNDLE PLAN [--truth truth.json] [--json out.json]"""
import csv, json, math, hmac, hashlib, sys, os, datetime as dt, argparse
from collections import defaultdict, Counter

D = dt.date.fromisoformat
LABELS = {"建筑施工": "construction", "房地产开发": "real_estate", "物业服务": "property_mgmt", "燃气经营": "gas",
          "工程监理": "supervision", "勘察设计": "survey_design", "工程质量检测": "testing", "预拌混凝土": "ready_mix",
          "市政公用": "municipal", "其他": "other", "微型": "micro", "小型": "small", "中型": "medium", "大型": "large",
          "表彰奖励": "commendation", "良好信用信息": "good", "不良信用信息": "bad", "严重失信主体名单": "serious_dishonest",
          "信用修复": "repair", "未发现问题": "compliant", "轻微问题": "minor", "违法违规": "violation", "严重违法违规": "serious",
          "执法人员": "enforcement", "执法辅助人员": "auxiliary", "法制审核人员": "legal_review", "是": "true", "否": "false",
          "投诉": "complaint"}
DEFAULTS = {"tiers": {"A": {"sample_ratio": 0.03, "visits": 1}, "B": {"sample_ratio": 0.20, "visits": 1},
                      "C": {"sample_ratio": 0.60, "visits": 1}, "D": {"sample_ratio": 1.00, "visits": 2}},
            "sampling": "weighted_lottery", "min_lottery_weight": 0.05, "max_visits_per_agency_per_enterprise": 2,
            "max_entries_per_enterprise": 3, "min_days_between_visits": 30, "min_days_between_repeat_visits": 90,
            "officers_per_agency_on_visit": 2, "max_visits_per_officer_per_day": 2, "max_visits_per_officer_per_year": 60,
            "max_remote_checks_per_officer_per_day": 8, "onsite_required_tiers": ["D"], "trigger_within_workdays": 15,
            "urgent_within_workdays": 3}

def lab(v):
    v = (v or "").strip()
    return LABELS.get(v, v)

def truthy(v):
    return lab(v).lower() in ("true", "1", "yes")

def rd(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))

class Judge:
    def __init__(self, bundle, plan, truth=None):
        self.bp, self.pp = bundle, plan
        self.findings = []
        self.truth = truth or {}
        self.load()

    # ---------------------------------------------------------------- loading
    def load(self):
        b = self.bp
        pol = json.load(open(f"{b}/policy.json", encoding="utf-8")) if os.path.exists(f"{b}/policy.json") else {}
        self.pol = {**DEFAULTS, **pol}
        self.year = int(self.pol.get("year", 2027))
        self.ent = {r["enterprise_id"]: {**r, "sector": lab(r["sector"]), "remote": truthy(r.get("remote_monitoring"))} for r in rd(f"{b}/enterprises.csv")}
        self.items = {r["item_id"]: {**r, "sectors": set(lab(s) for s in r["sectors"].split(";")), "remote": truthy(r["remote_allowed"])} for r in rd(f"{b}/items.csv")}
        self.teams = {r["team_id"]: {**r, "max": int(r["max_visits_per_day"])} for r in rd(f"{b}/teams.csv")}
        self.off = {}
        for r in rd(f"{b}/officers.csv"):
            r["role"] = lab(r["role"])
            bud = r.get("annual_visit_budget", "").strip()
            r["budget"] = int(float(bud)) if bud else int(self.pol["max_visits_per_officer_per_year"])
            r["cert"] = D(r["certificate_expires_on"]) if r.get("certificate_expires_on", "").strip() else None
            self.off[r["officer_id"]] = r
        self.unav = defaultdict(list)
        for r in rd(f"{b}/unavailability.csv"):
            self.unav[r["officer_id"]].append((D(r["start_on"]), D(r["end_on"])))
        self.recused = {(r["officer_id"], r["enterprise_id"]) for r in rd(f"{b}/recusals.csv")}
        self.trig = {r["trigger_id"]: {**r, "urgent": truthy(r["urgent"]), "received": D(r["received_on"])} for r in rd(f"{b}/triggers.csv")}
        self.insp = rd(f"{b}/inspections.csv")
        self.credit = rd(f"{b}/credit_records.csv")
        self.grades = rd(f"{b}/credit_grades.csv")
        cal = {D(r["date"]): truthy(r["workday"]) for r in rd(f"{b}/calendar.csv")}
        d = dt.date(self.year, 1, 1)
        self.work = []
        while d.year == self.year:
            w = cal.get(d, d.weekday() < 5)
            if w: self.work.append(d)
            d += dt.timedelta(days=1)
        self.workset = set(self.work)
        self.agency_items = defaultdict(list)
        for i, it in self.items.items():
            self.agency_items[it["agency_id"]].append(i)
        # applicable agencies/items per enterprise
        self.app = {}
        for e, r in self.ent.items():
            m = defaultdict(list)
            for i, it in self.items.items():
                if r["sector"] in it["sectors"]:
                    m[it["agency_id"]].append(i)
            self.app[e] = dict(m)
        self.team_offs = defaultdict(list)
        for o, r in self.off.items():
            self.team_offs[r["team_id"]].append(o)
        # plan
        p = self.pp
        with open(f"{p}/visits.csv", encoding="utf-8-sig") as f:
            rdr = csv.DictReader(f); self.vcols = rdr.fieldnames; self.visits = list(rdr)
        with open(f"{p}/selection.csv", encoding="utf-8-sig") as f:
            rdr = csv.DictReader(f); self.scols = rdr.fieldnames; self.sel = {r["enterprise_id"]: r for r in rdr}
        self.pj = json.load(open(f"{p}/plan.json", encoding="utf-8"))
        for v in self.visits:
            v["d"] = D(v["date"]); v["ags"] = [a for a in v["agency_ids"].split(";") if a]
            v["its"] = [i for i in v["item_ids"].split(";") if i]; v["offs"] = [o for o in v["officer_ids"].split(";") if o]
        self.shortfalls = self.pj.get("shortfalls", [])

    def F(self, rule, sev, msg, ex=None, conf="high", kind="defect"):
        self.findings.append({"rule": rule, "severity": sev, "msg": msg, "example": ex, "confidence": conf, "kind": kind})

    # ---------------------------------------------------------------- helpers
    def team_can(self, tid, district):
        dc = self.teams[tid]["district_code"]
        if dc == district: return True
        return dc.endswith("00") and dc[:4] == district[:4] and not dc.endswith("0000")

    def certified(self, o, d):
        r = self.off.get(o)
        return bool(r and r["role"] == "enforcement" and r.get("certificate_no", "").strip() and r["cert"] and r["cert"] >= d)

    def away(self, o, d):
        return any(s <= d <= e for s, e in self.unav.get(o, []))

    def nth_workday_after(self, d0, n):
        after = [w for w in self.work if w > d0]
        if len(after) >= n: return after[n - 1]
        return dt.date(self.year, 12, 31)

    def trig_window(self, t):
        n = self.pol["urgent_within_workdays"] if t["urgent"] else self.pol["trigger_within_workdays"]
        return t["received"], self.nth_workday_after(t["received"], int(n))

    # ---------------------------------------------------------------- expected tiers
    def expected_tier(self, e):
        recs = [r for r in self.credit if r["enterprise_id"] == e]
        for r in recs:
            if lab(r["kind"]) != "serious_dishonest": continue
            exp = r.get("expires_on", "").strip()
            if exp and D(exp) < dt.date(self.year, 1, 1): continue
            rd_ = D(r["recorded_on"])
            if any(lab(x["kind"]) == "repair" and D(x["recorded_on"]) > rd_ for x in recs): continue
            return "D", "serious_dishonest " + r["recorded_on"]
        gs = sorted([g for g in self.grades if g["enterprise_id"] == e], key=lambda g: g["rated_on"])
        if gs: return gs[-1]["grade"], "grade " + gs[-1]["rated_on"]
        return None, "model"

    # ---------------------------------------------------------------- checks
    def run(self):
        self.check_schema()
        self.check_visits()
        self.check_aggregates()
        self.check_tiers()
        self.check_lottery()
        self.check_requirements()
        self.check_selection()
        self.check_counts()
        return self.findings

    def check_schema(self):
        vexp = ["visit_id", "date", "enterprise_id", "district_code", "mode", "lead_agency_id", "agency_ids", "item_ids", "officer_ids", "basis", "trigger_id", "tier"]
        sexp = ["enterprise_id", "tier", "risk_score", "selected", "basis", "draw_rank", "visits_planned", "reason_zh", "reason_en"]
        for exp, got, n in ((vexp, self.vcols, "visits.csv"), (sexp, self.scols, "selection.csv")):
            miss = [c for c in exp if c not in got]
            if miss: self.F("plan.md", "high", f"{n} lacks columns {miss}")
        for k in ["year", "seed", "input_sha256", "policy", "solver", "counts", "shortfalls"]:
            if k not in self.pj: self.F("plan.md", "medium", f"plan.json lacks {k}")
        for k in ["status", "objective", "best_bound", "wall_seconds", "workers"]:
            if k not in self.pj.get("solver", {}): self.F("plan.md", "low", f"plan.json solver lacks {k}")
        if str(self.pj.get("year")) != str(self.year): self.F("plan.md", "medium", f"plan.json year {self.pj.get('year')}")
        if self.pj.get("seed") != self.pol.get("seed", self.pj.get("seed")): self.F("plan.md", "medium", "plan.json seed differs from policy")
        ids = Counter(v["visit_id"] for v in self.visits)
        dup = [i for i, c in ids.items() if c > 1]
        if dup: self.F("plan.md", "high", f"{len(dup)} duplicate visit_id", dup[:3])
        miss = set(self.ent) - set(self.sel)
        extra = set(self.sel) - set(self.ent)
        if miss or extra: self.F("plan.md", "high", f"selection.csv rows: {len(miss)} enterprises missing, {len(extra)} unknown", list(miss)[:3])
        pp = self.pj.get("policy", {})
        for k, v in self.pol.items():
            if k in pp and pp[k] != v and not isinstance(v, dict):
                self.F("plan.md", "medium", f"plan.json policy {k}={pp[k]} but bundle/default {v}")

    def check_visits(self):
        P = int(self.pol["officers_per_agency_on_visit"])
        ort = set(self.pol["onsite_required_tiers"])
        self.vteam = {}   # (visit_id, agency) -> team
        for v in self.visits:
            vid, e, d = v["visit_id"], v["enterprise_id"], v["d"]
            ex = f"{vid} {v['date']} {e} {v['agency_ids']} {v['basis']}"
            if e not in self.ent:
                self.F("plan.md", "high", "visit of unknown enterprise", ex); continue
            er = self.ent[e]
            if d not in self.workset: self.F("R-WORKDAY", "high", "visit on a non-working day", ex)
            if v["district_code"] != er["district_code"]: self.F("plan.md", "medium", "district_code differs from enterprise", ex)
            if v["mode"] not in ("onsite", "remote"): self.F("plan.md", "high", f"mode {v['mode']}", ex)
            if v["basis"] not in ("mandatory", "sampled", "triggered", "follow_up"): self.F("R-BASIS", "high", f"basis {v['basis']}", ex)
            if v["lead_agency_id"] not in v["ags"]: self.F("plan.md", "medium", "lead agency not among agency_ids", ex)
            if len(set(v["ags"])) != len(v["ags"]): self.F("plan.md", "low", "agency listed twice", ex)
            s = self.sel.get(e)
            if s and v["tier"] != s["tier"]: self.F("plan.md", "medium", f"visit tier {v['tier']} != selection tier {s['tier']}", ex)
            # items
            item_ag = defaultdict(list)
            for i in v["its"]:
                it = self.items.get(i)
                if not it: self.F("R-ITEM", "high", f"unknown item {i}", ex); continue
                if it["agency_id"] not in v["ags"]: self.F("R-ITEM", "high", f"item {i} not on a visiting agency's list", ex)
                if er["sector"] not in it["sectors"]: self.F("R-ITEM", "high", f"item {i} does not apply to sector {er['sector']}", ex)
                if not it["legal_basis"].strip(): self.F("R-ITEM", "high", f"item {i} without legal basis", ex)
                item_ag[it["agency_id"]].append(i)
            for a in v["ags"]:
                if a not in item_ag: self.F("R-ITEM", "medium", f"agency {a} takes part but covers no item", ex)
            # officers
            by_ag = defaultdict(list)
            for o in v["offs"]:
                r = self.off.get(o)
                if not r: self.F("plan.md", "high", f"unknown officer {o}", ex); continue
                a = self.teams[r["team_id"]]["agency_id"]
                if a not in v["ags"]: self.F("R-TEAM", "high", f"officer {o} of agency {a} not taking part", ex)
                by_ag[a].append(o)
                if (o, e) in self.recused: self.F("R-RECUSE", "high", f"recused officer {o}", ex)
                if self.away(o, d): self.F("R-AVAIL", "high", f"officer {o} is away that day", ex)
            for a in v["ags"]:
                os_ = by_ag.get(a, [])
                tms = {self.off[o]["team_id"] for o in os_}
                if len(tms) > 1: self.F("R-TEAM", "high", f"agency {a}'s officers from several teams {sorted(tms)}", ex)
                for t in tms:
                    self.vteam[(vid, a)] = t
                    if not self.team_can(t, er["district_code"]): self.F("R-TEAM", "high", f"team {t} may not work in district {er['district_code']}", ex)
                ncert = sum(self.certified(o, d) for o in os_)
                need = P if v["mode"] == "onsite" else 1
                if ncert < need:
                    bad = [f"{o}({self.off[o]['role']},{self.off[o]['certificate_expires_on']})" for o in os_ if not self.certified(o, d)]
                    self.F("R-PAIR/R-CERT", "high", f"agency {a}: {ncert} certified enforcement officers < {need}; uncounted {bad}", ex)
            # basis details
            if v["basis"] == "triggered":
                t = self.trig.get(v["trigger_id"])
                if not t: self.F("R-BASIS", "high", f"unknown trigger {v['trigger_id']}", ex)
                else:
                    if t["enterprise_id"] != e: self.F("R-BASIS", "high", "trigger of another enterprise", ex)
                    if t["agency_id"] not in v["ags"]: self.F("R-BASIS", "high", "trigger's agency not on the visit", ex)
                    if d < t["received"]: self.F("R-BASIS", "high", f"triggered visit before the trigger was received ({t['received']})", ex)
            elif v["trigger_id"]:
                self.F("plan.md", "low", "trigger_id on a non-triggered visit", ex)
            if v["basis"] == "follow_up":
                for a in v["ags"]:
                    if (e, a) not in self.followups():
                        self.F("R-BASIS/R-FOLLOW", "medium", f"follow_up by {a} without an unrectified {self.year-1} violation", ex, conf="medium")
            # remote rules
            if v["mode"] == "remote":
                if not er["remote"] or not all(self.items[i]["remote"] for i in v["its"] if i in self.items):
                    self.F("R-REMOTE", "high", "remote check where the enterprise has no monitoring or an item is not remote-allowed", ex)
                if v["tier"] in ort and v["basis"] in ("mandatory", "sampled"):
                    self.F("R-REMOTE", "high", f"remote check for tier {v['tier']} in onsite_required_tiers", ex)
            elif v["basis"] in ("mandatory", "sampled") and v["tier"] not in ort and er["remote"] and v["its"] and all(self.items[i]["remote"] for i in v["its"] if i in self.items):
                self.F("R-REMOTE", "high", "on-site visit whose items could all be checked remotely", ex)

    _fu = None
    def followups(self):
        if self._fu is None:
            self._fu = set()
            for r in self.insp:
                if lab(r["outcome"]) in ("violation", "serious") and lab(r.get("rectified", "")) == "false" and D(r["inspected_on"]).year == self.year - 1:
                    self._fu.add((r["enterprise_id"], r["agency_id"]))
        return self._fu

    def check_aggregates(self):
        pol = self.pol
        od = defaultdict(lambda: [0, 0]); oy = Counter(); td = Counter()
        for v in self.visits:
            m = 0 if v["mode"] == "onsite" else 1
            for o in set(v["offs"]):
                od[(o, v["d"])][m] += 1
                if m == 0: oy[o] += 1
            for t in {self.off[o]["team_id"] for o in v["offs"] if o in self.off}:
                td[(t, v["d"])] += 1
        for (o, d), (on, re_) in od.items():
            if on > pol["max_visits_per_officer_per_day"]: self.F("R-AVAIL", "high", f"officer {o} on {on} on-site visits on {d}", (o, str(d)))
            if re_ > pol["max_remote_checks_per_officer_per_day"]: self.F("R-AVAIL", "high", f"officer {o} on {re_} remote checks on {d}", (o, str(d)))
        for o, n in oy.items():
            if n > self.off[o]["budget"]: self.F("R-AVAIL", "high", f"officer {o}: {n} on-site visits > annual budget {self.off[o]['budget']}", o)
        for (t, d), n in td.items():
            if n > self.teams[t]["max"]: self.F("R-AVAIL", "high", f"team {t}: {n} visits on {d} > max {self.teams[t]['max']}", (t, str(d)))
        self.od, self.oy, self.td = od, oy, td
        # per enterprise caps / gaps / joint
        byE = defaultdict(list)
        for v in self.visits: byE[v["enterprise_id"]].append(v)
        self.byE = byE
        for e, vs in byE.items():
            on = [v for v in vs if v["mode"] == "onsite"]
            days = Counter(v["d"] for v in on)
            for d, c in days.items():
                if c > 1:
                    bs = sorted(v["basis"] for v in on if v["d"] == d)
                    planned = [b for b in bs if b in ("mandatory", "sampled")]
                    sev = "high" if len(planned) > 1 else "low"
                    self.F("R-JOINT", sev, f"{c} separate on-site rows on one day (bases {bs})", f"{e} {d}", kind="defect" if sev == "high" else "ambiguity")
            pl = [v for v in on if v["basis"] in ("mandatory", "sampled")]
            ent_days = sorted({v["d"] for v in pl})
            if len(ent_days) > self.pol["max_entries_per_enterprise"]:
                self.F("R-CAP-ENTRY", "high", f"{len(ent_days)} planned entries", f"{e} {[str(x) for x in ent_days]}")
            for a, b_ in zip(ent_days, ent_days[1:]):
                if (b_ - a).days < self.pol["min_days_between_visits"]:
                    self.F("R-GAP", "high", f"planned entries {(b_-a).days} days apart", f"{e} {a} {b_}")
            for ag in {a for v in pl for a in v["ags"]}:
                n = sum(1 for v in pl if ag in v["ags"])
                if n > self.pol["max_visits_per_agency_per_enterprise"]:
                    self.F("R-CAP-AGENCY", "high", f"agency {ag}: {n} planned on-site visits", e)
            allpl = [v for v in vs if v["basis"] in ("mandatory", "sampled")]
            for ag in {a for v in allpl for a in v["ags"]}:
                ds = sorted(v["d"] for v in allpl if ag in v["ags"])
                dsr = sorted(v["d"] for v in pl if ag in v["ags"])
                for x, y in zip(dsr, dsr[1:]):
                    if (y - x).days < self.pol["min_days_between_repeat_visits"]:
                        self.F("R-GAP", "high", f"agency {ag}: planned on-site visits {(y-x).days} days apart", f"{e} {x} {y}")
                if ds != dsr:
                    for x, y in zip(ds, ds[1:]):
                        if (y - x).days < self.pol["min_days_between_repeat_visits"]:
                            self.F("R-GAP", "low", f"agency {ag}: planned visits (incl. remote) {(y-x).days} days apart", f"{e} {x} {y}", kind="ambiguity")

    def check_tiers(self):
        bad = []
        for e in self.ent:
            s = self.sel.get(e)
            if not s: continue
            t, why = self.expected_tier(e)
            if t and s["tier"] != t:
                bad.append((e, s["tier"], t, why))
        for e, got, exp, why in bad:
            self.F("R-TIER", "high", f"tier {got}, records give {exp} ({why})", e)

    def lottery_key(self, tier, e, risk):
        h = hmac.new(str(self.pol.get("seed", self.pj.get("seed"))).encode(), f"{tier}|{e}".encode(), hashlib.sha256).digest()
        u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
        w = 1.0 if self.pol.get("sampling") == "uniform_lottery" else max(risk, float(self.pol["min_lottery_weight"]))
        return math.log(u) / w

    def check_lottery(self):
        self.places = {}
        tiers = self.pol["tiers"]
        for T, cfg in tiers.items():
            r = float(cfg["sample_ratio"])
            if r >= 1: continue
            pool = [e for e in self.ent if self.sel.get(e, {}).get("tier") == T and self.app[e]]
            keys = sorted(pool, key=lambda e: (-self.lottery_key(T, e, float(self.sel[e]["risk_score"])), e))
            rank = {e: i + 1 for i, e in enumerate(keys)}
            places = math.ceil(r * len(pool) - 1e-9)
            self.places[T] = (len(pool), places, rank)
            wrong = [(e, self.sel[e]["draw_rank"], rank[e]) for e in pool if str(self.sel[e]["draw_rank"]) != str(rank[e])]
            if wrong: self.F("R-SAMPLE/inv10", "high", f"tier {T}: {len(wrong)} draw_rank differ from the lottery", wrong[:3])
            outside = [e for e in self.ent if self.sel.get(e, {}).get("tier") == T and not self.app[e] and self.sel[e]["draw_rank"]]
            if outside: self.F("R-SAMPLE", "low", f"tier {T}: {len(outside)} enterprises outside the pool carry a draw_rank", outside[:2])
            sampled = sorted((rank[e], e) for e in pool if self.sel[e]["basis"] == "sampled")
            if len(sampled) > places: self.F("R-SAMPLE/inv10", "high", f"tier {T}: {len(sampled)} sampled > {places} places")
            last = sampled[-1][0] if sampled else 0
            skipped = sorted((rank[e], e) for e in pool if rank[e] < last and self.sel[e]["basis"] not in ("sampled",))
            nd = [(rk, e) for rk, e in skipped if self.sel[e]["basis"] == "not_drawn"]
            if nd: self.F("R-SAMPLE", "high", f"tier {T}: {len(nd)} enterprises before the last drawn rank {last} marked not_drawn", nd[:3])
            if len(sampled) < places:
                nd2 = [(rank[e], e) for e in pool if self.sel[e]["basis"] == "not_drawn"]
                if nd2: self.F("R-SAMPLE", "medium", f"tier {T}: {len(sampled)} of {places} places filled yet {len(nd2)} pool members are 'not_drawn' (never tried?)", sorted(nd2)[:3], conf="medium")
            self.skipped_capacity = getattr(self, "skipped_capacity", {})
            self.skipped_capacity[T] = [(rk, e) for rk, e in skipped if self.sel[e]["basis"] == "capacity"]
            self.sampled_by_tier = getattr(self, "sampled_by_tier", {})
            self.sampled_by_tier[T] = sampled

    # ------------------------------------------------------------ requirements & shortfalls
    def sf_index(self):
        idx = defaultdict(list)
        for s in self.shortfalls:
            txt = json.dumps(s, ensure_ascii=False)
            idx[str(s.get("id", ""))].append(s)
            for t in list(self.trig) + list(self.ent):
                pass
        return idx

    def check_requirements(self):
        sfi = self.sf_index()
        self.unmet = []    # (class, e, agency, basis, k, window, trigger_id)
        tiers = self.pol["tiers"]
        for e, s in self.sel.items():
            T = s["tier"]
            cfg = tiers.get(T, {})
            if not cfg: continue
            basis = "mandatory" if float(cfg["sample_ratio"]) >= 1 else ("sampled" if s["basis"] == "sampled" else None)
            if not basis: continue
            n = int(cfg["visits"])
            vs = [v for v in self.byE.get(e, []) if v["basis"] == basis]
            for a, its in self.app[e].items():
                cov = min(sum(1 for v in vs if i in v["its"]) for i in its)
                nvis = sum(1 for v in vs if a in v["ags"])
                if cov < n:
                    listed = [x for x in sfi.get(e, []) if x.get("agency") in (a, None, "")]
                    for k in range(max(nvis, cov), n):
                        self.unmet.append(("mandatory" if basis == "mandatory" else "sampled", e, a, basis, k, None, None))
                    if len(listed) < n - cov:
                        self.F("inv5/R-EXPLAIN", "high" if not listed else "medium", f"{basis} {e} agency {a}: items covered {cov}/{n} but {len(listed)} shortfall(s) listed", e)
                    if nvis >= n:
                        self.F("inv5/R-SAMPLE", "medium", f"{basis} {e} agency {a}: {nvis} visits but some item covered only {cov} times", e)
        for tid, t in self.trig.items():
            lo, hi = self.trig_window(t)
            ok = [v for v in self.visits if v["basis"] == "triggered" and v["trigger_id"] == tid and t["agency_id"] in v["ags"]]
            good = [v for v in ok if lo <= v["d"] <= hi]
            late = [v for v in ok if not (lo <= v["d"] <= hi)]
            for v in late:
                self.F("R-TRIGGER", "high", f"trigger {tid} visited {v['date']} outside window {lo}..{hi}", f"{v['visit_id']} {t['enterprise_id']} {t['agency_id']} urgent={t['urgent']}")
            if not good:
                self.unmet.append(("trigger", t["enterprise_id"], t["agency_id"], "triggered", 0, (lo, hi), tid))
                if not sfi.get(tid):
                    self.F("R-TRIGGER/inv5", "high", f"trigger {tid} unmet and not listed as shortfall", f"{tid} {t['enterprise_id']} {t['agency_id']} {lo}..{hi}")
        for (e, a) in sorted(self.followups()):
            if e not in self.ent: continue
            ok = [v for v in self.byE.get(e, []) if v["basis"] == "follow_up" and a in v["ags"]]
            if not ok:
                self.unmet.append(("follow_up", e, a, "follow_up", 0, None, None))
                if not [x for x in sfi.get(e, []) if x.get("agency") in (a, None, "")]:
                    self.F("R-FOLLOW/inv5", "high", f"follow-up {e} by {a} unmet and not listed", e)
        # shortfalls that name nothing unmet
        unmet_ids = {u[1] for u in self.unmet} | {u[6] for u in self.unmet if u[6]}
        for s in self.shortfalls:
            if str(s.get("id")) not in unmet_ids and (str(s.get("id")) in self.ent or str(s.get("id")) in self.trig):
                self.F("inv5", "low", "shortfall listed for a requirement that appears met", s.get("id"), conf="medium")
            if not s.get("binding") and not s.get("binding_zh"):
                self.F("R-EXPLAIN", "medium", "shortfall without binding resource", s.get("id"))

    def check_selection(self):
        for e, s in self.sel.items():
            vs = self.byE.get(e, [])
            sel = truthy(s["selected"])
            if sel != bool(vs): self.F("plan.md", "high", f"selected={s['selected']} but {len(vs)} visits", e)
            try:
                vp = int(s["visits_planned"] or 0)
            except ValueError:
                vp = -1
            if vp != len(vs): self.F("plan.md", "low", f"visits_planned={s['visits_planned']} but {len(vs)} visit rows", e, kind="ambiguity")
            if sel and s["basis"] not in {v["basis"] for v in vs}: self.F("plan.md", "medium", f"selection basis {s['basis']} not among its visits' {sorted({v['basis'] for v in vs})}", e)
            if not sel and s["basis"] not in ("not_drawn", "capacity", "exempt"): self.F("plan.md", "medium", f"unselected with basis {s['basis']}", e)
            if not self.app[e] and vs: self.F("R-ITEM", "high", "enterprise with no applicable item visited", e)
            if not s["reason_zh"].strip() or not s["reason_en"].strip(): self.F("R-EXPLAIN", "medium", "empty reason", e)
            try:
                r = float(s["risk_score"])
                if not 0 <= r <= 1: raise ValueError
            except ValueError:
                self.F("plan.md", "medium", f"risk_score {s['risk_score']}", e)

    def check_counts(self):
        c = self.pj.get("counts", {})
        mine = {"mode": Counter(v["mode"] for v in self.visits), "basis": Counter(v["basis"] for v in self.visits),
                "tier": Counter(v["tier"] for v in self.visits), "month": Counter(v["date"][:7] for v in self.visits)}
        for k, m in mine.items():
            got = {x: y for x, y in c.get(k, {}).items() if y}
            if got != dict(m): self.F("plan.md", "low", f"plan.json counts.{k} {got} != visits.csv {dict(m)}")
        ag = Counter(a for v in self.visits for a in v["ags"])
        got = {x: y for x, y in c.get("agency", {}).items() if y}
        if got != dict(ag): self.F("plan.md", "low", f"plan.json counts.agency {got} != visits.csv {dict(ag)}", kind="ambiguity")

# ---------------------------------------------------------------- witness-based checks
def witness_checks(J, max_remove=400):
    from place import Placer
    J.vindex = {v["visit_id"]: v for v in J.visits}
    Pl = Placer(J)
    res = {"placeable_as_is": [], "priority": [], "lottery": []}
    for req in J.unmet:
        cls, e, a, basis, k, window, tid = req
        if not J.app[e].get(a):
            J.F("R-ITEM vs R-TRIGGER", "info", f"{cls} {tid or e}: agency {a} has no item for sector {J.ent[e]['sector']}; the plan's choice stands (spec silent)", tid or e, kind="ambiguity")
            continue
        cands = Pl.candidates(req)
        w = Pl.place(req, cands)
        label = f"{cls} {tid or e} agency {a} (visit {k+1})"
        if w:
            res["placeable_as_is"].append((label, w))
            continue
        if not cands:
            continue
        lower = ("sampled",) if cls == "mandatory" else (("mandatory", "sampled") if cls in ("trigger", "follow_up") else ())
        if not lower:
            continue
        dist = J.ent[e]["district_code"]
        svs = [v for v in J.visits if v["basis"] in lower and a in v["ags"] and v["enterprise_id"] != e
               and J.vteam.get((v["visit_id"], a)) and J.team_can(J.vteam[(v["visit_id"], a)], dist)]
        for S in svs[:max_remove]:
            w = Pl.place(req, cands, removed={S["visit_id"]: a})
            if w:
                same = J.ent[S["enterprise_id"]]["district_code"] == dist
                res["priority"].append((label, S["visit_id"], S["basis"], S["enterprise_id"], S["date"], same, w))
                break
    # re-timing witness: an unmet second visit whose agency's first visit is a lone visit of that agency;
    # move the first visit to another day and place both (a plan with one more mandatory visit exists)
    res["retime"] = []
    import datetime as _dt
    seen = set()
    for req in J.unmet:
        cls, e, a, basis, k, window, tid = req
        if cls != "mandatory" or (e, a) in seen or not J.app[e].get(a):
            continue
        mine = [v for v in J.byE.get(e, []) if v["basis"] == basis and a in v["ags"]]
        if len(mine) != 1 or mine[0]["ags"] != [a]:
            continue
        V = mine[0]
        seen.add((e, a))
        rem = {V["visit_id"]: a}
        J.byE[e].remove(V)
        try:
            r1 = (cls, e, a, basis, 0, None, None)
            c1 = Pl.candidates(r1)
            extra = defaultdict(int)
            found = None
            for i in range(len(c1)):
                w1 = Pl.place(r1, c1[i:i + 1], removed=rem)
                if not w1:
                    continue
                d1 = _dt.date.fromisoformat(w1["date"])
                pv = {"visit_id": "__m1", "d": d1, "ags": [a], "mode": w1["mode"], "basis": basis, "offs": w1["officers"]}
                J.byE[e].append(pv)
                ex = defaultdict(int)
                for o in w1["officers"]:
                    ex[("od", (o, d1))] += 1; ex[("oy", o)] += 1
                ex[("td", (w1["team"], d1))] += 1
                r2 = (cls, e, a, basis, 1, None, None)
                w2 = Pl.place(r2, Pl.candidates(r2), removed=rem, extra=ex)
                J.byE[e].remove(pv)
                if w2:
                    found = (w1, w2); break
            if found:
                res["retime"].append((f"{e} agency {a}", V["visit_id"], V["date"], found))
        finally:
            J.byE[e].append(V)
    J._cand_cache = {}
    # lottery order (inv. 6): a capacity-skipped enterprise before the last drawn one that could be placed
    for T, skipped in getattr(J, "skipped_capacity", {}).items():
        sampled = J.sampled_by_tier.get(T, [])
        if not sampled or not skipped:
            continue
        last_rank, last_e = sampled[-1]
        removed_ids = {v["visit_id"] for v in J.byE.get(last_e, [])}
        for rk, e in skipped[:60]:
            n = int(J.pol["tiers"][T]["visits"])
            ok_all, wits = True, []
            extra = defaultdict(int)
            # greedily place every agency visit the enterprise owes; removal of the last drawn enterprise's visits
            rem = {}
            for v in J.byE.get(last_e, []):
                for a in v["ags"]:
                    rem[v["visit_id"]] = a  # one agency part per visit id (approximation: joint visits freed only partly)
            added = []
            for a in J.app[e]:
                for k in range(n):
                    req = ("sampled", e, a, "sampled", k, None, None)
                    cands = Pl.candidates(req)
                    w = Pl.place(req, cands, removed=rem, extra=extra)
                    if not w:
                        ok_all = False; break
                    wits.append((a, w))
                    pv = {"visit_id": f"__w{len(wits)}", "d": __import__("datetime").date.fromisoformat(w["date"]), "ags": [a],
                          "mode": w["mode"], "basis": "sampled", "offs": w["officers"]}
                    J.byE.setdefault(e, []).append(pv); added.append(pv)
                    for o in w["officers"]:
                        extra[("od", (o, __import__("datetime").date.fromisoformat(w["date"])))] += 1
                        extra[("oy", o)] += 1
                    extra[("td", (w["team"], __import__("datetime").date.fromisoformat(w["date"])))] += 1
                if not ok_all:
                    break
            for pv in added:
                J.byE[e].remove(pv)
            if ok_all:
                # does the witness take anything an unmet higher-class requirement (placeable now) would need?
                for U in J.unmet:
                    if U[0] not in ("mandatory", "trigger", "follow_up") or U[2] not in J.app[e]:
                        continue
                    if not J.app[U[1]].get(U[2]):
                        continue
                    cU = Pl.candidates(U)
                    if Pl.place(U, cU) and not Pl.place(U, cU, removed=rem, extra=extra):
                        ok_all = False; break
            dependent = False
            if ok_all:
                # would any unmet higher-class requirement ever be able to use one of the witness's team-days
                # (e.g. after re-timing its own visits)? then the skip is R-PRIORITY-consistent: not reported as inv6
                for U in J.unmet:
                    if U[0] in ("mandatory", "trigger", "follow_up") and U[2] in J.app[e] and J.app[U[1]].get(U[2]):
                        tdU = J._cand_cache.get(U)
                        if tdU is None:
                            tdU = {(c[0], c[1]) for c in Pl.candidates(U)}
                            J._cand_cache[U] = tdU
                        if any((__import__("datetime").date.fromisoformat(w["date"]), w["team"]) in tdU for a_, w in wits if a_ != "note"):
                            dependent = True; break
            if ok_all and dependent:
                res.setdefault("lottery_dependent", []).append((T, rk, e))
                continue
            if ok_all and len(J.app[e]) == 1:
                res["lottery"].append((T, rk, e, last_rank, last_e, wits))
            elif ok_all:
                res["lottery"].append((T, rk, e, last_rank, last_e, wits + [("note", "multi-agency: placed agency by agency, entries/gaps per agency only")]))
    return res

def officer_draw_check(J):
    """R-OFFICER-DRAW: a skipped officer ranked before a chosen one, of the same team, eligible that day,
    who at the end of the year still has a free slot that day and annual budget left, could have been taken
    without leaving any later visit unstaffed (swapping him in for the chosen one frees the chosen one's slot)."""
    seed = str(J.pol.get("seed", J.pj.get("seed"))).encode()
    P = int(J.pol["officers_per_agency_on_visit"])
    bad = []; checked = 0
    for v in J.visits:
        if v["mode"] != "onsite":
            continue
        e, d = v["enterprise_id"], v["d"]
        for a in v["ags"]:
            t = J.vteam.get((v["visit_id"], a))
            if not t: continue
            chosen = [o for o in v["offs"] if J.off.get(o, {}).get("team_id") == t and J.certified(o, d)]
            el = [o for o in J.team_offs[t] if J.certified(o, d) and not J.away(o, d) and (o, e) not in J.recused]
            key = lambda o: hmac.new(seed, f"officer|{v['visit_id']}|{o}".encode(), hashlib.sha256).digest()
            order = sorted(el, key=key)
            checked += 1
            worst = max((order.index(c) for c in chosen if c in order), default=-1)
            for o in order[:worst]:
                if o in chosen: continue
                if J.od[(o, d)][0] < J.pol["max_visits_per_officer_per_day"] and J.oy[o] < J.off[o]["budget"]:
                    bad.append((v["visit_id"], str(d), a, t, chosen, o, order.index(o), [order.index(c) for c in chosen]))
                    break
    return checked, bad

def sha_check(J):
    import glob
    files = sorted(f for f in os.listdir(J.bp) if os.path.isfile(os.path.join(J.bp, f)))
    h = hashlib.sha256()
    for f in files: h.update(open(os.path.join(J.bp, f), "rb").read())
    return h.hexdigest() == J.pj.get("input_sha256"), h.hexdigest()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bundle"); ap.add_argument("plan"); ap.add_argument("--truth"); ap.add_argument("--json")
    a = ap.parse_args()
    truth = json.load(open(a.truth, encoding="utf-8")) if a.truth and os.path.exists(a.truth) else {}
    J = Judge(a.bundle, a.plan, truth)
    J.run()
    W = witness_checks(J)
    for lab_, w in W["placeable_as_is"]:
        J.F("inv5/inv11 (shortfall honesty)", "medium", f"unmet {lab_} could be placed in the plan as written", w)
    for lab_, sv, sb, se, sd, same, w in W["priority"]:
        J.F("R-PRIORITY" if same else "R-PRIORITY (cross-district: rules.md yes, plan.md inv.11 'same district' no)",
            "high" if same else "medium", f"unmet {lab_} could take the place of {sb} visit {sv} ({se} {sd})", w,
            kind="defect" if same else "ambiguity")
    for T, rk, e, lr, le, wits in W["lottery"]:
        J.F("R-SAMPLE/inv6", "high", f"tier {T}: rank {rk} {e} skipped as 'capacity' while rank {lr} {le} drawn; a placement exists once {le}'s visits give way", wits[:4], conf="medium")
    for lab_, vid, vd, (w1, w2) in W["retime"]:
        J.F("inv11/R-PRIORITY (retiming)", "medium", f"unmet mandatory {lab_}: moving its lone visit {vid} from {vd} to {w1['date']} lets visit 2 go on {w2['date']} (every other visit unchanged)", [w1, w2])
    if W.get("lottery_dependent"):
        J.F("R-SAMPLE/inv6 vs R-PRIORITY", "info", f"{len(W['lottery_dependent'])} capacity-skipped draws could be placed on idle team-days that an unmet mandatory requirement could also use (after re-timing): skip consistent with R-PRIORITY; the idle days are the defect (see retiming/shortfall findings)", W["lottery_dependent"][:5], kind="note")
    checked, bad = officer_draw_check(J)
    for b_ in bad:
        J.F("R-OFFICER-DRAW", "high", f"visit {b_[0]} {b_[1]} agency {b_[2]} team {b_[3]}: chose {b_[4]} (HMAC places {b_[7]}) over {b_[5]} (place {b_[6]}), who was eligible and still had a free slot that day and budget left at year end", b_)
    ok, hx = sha_check(J)
    if not ok:
        J.F("plan.md input_sha256", "info", f"input_sha256 {J.pj.get('input_sha256')} is not sha256 of the concatenated files sorted by name ({hx[:12]}…): plan.md does not say how files are joined", None, kind="ambiguity")
    # counts
    cnt = {"officer_draw_checked": checked, "visits": len(J.visits), "by_basis": dict(Counter(v["basis"] for v in J.visits)),
           "by_mode": dict(Counter(v["mode"] for v in J.visits)), "joint_rows": sum(1 for v in J.visits if len(v["ags"]) > 1),
           "shortfalls": len(J.shortfalls), "shortfall_rules": dict(Counter(s.get("rule") for s in J.shortfalls)),
           "unmet_by_class": dict(Counter(u[0] for u in J.unmet)),
           "selection_basis": dict(Counter(s["basis"] for s in J.sel.values())),
           "tiers": dict(Counter(s["tier"] for s in J.sel.values())),
           "places": {T: {"pool": p[0], "places": p[1], "sampled": len(J.sampled_by_tier.get(T, []))} for T, p in J.places.items()}}
    agg = defaultdict(list)
    for f in J.findings:
        agg[(f["rule"], f["severity"], f["kind"], f["msg"].split(":")[0][:70])].append(f)
    out = {"counts": cnt, "findings": J.findings, "n_findings": len(J.findings)}
    print(json.dumps(cnt, ensure_ascii=False))
    print(f"{len(J.findings)} findings")
    byrule = Counter((f["rule"], f["severity"], f["kind"]) for f in J.findings)
    for (r, s, k), n in byrule.most_common():
        ex = next(f for f in J.findings if (f["rule"], f["severity"], f["kind"]) == (r, s, k))
        print(f"  [{s}/{k}] {r}: {n}  e.g. {ex['msg']} | {json.dumps(ex['example'], ensure_ascii=False, default=str)[:400]}")
    if a.json:
        json.dump(out, open(a.json, "w", encoding="utf-8"), ensure_ascii=False, indent=1, default=str)

if __name__ == "__main__":
    main()
