"""Independent judge of an annual plan against /work/shared/spec (plan.md invariants, rules.md HARD rules).

usage: judge.py BUNDLE PLAN [--repair OUTDIR]
Writes PLAN/../<name>.judge.json; with --repair, writes a copy of the plan with the
avoidable unmet requirements added (nothing moved)."""
import csv, json, math, hmac, hashlib, sys, os, shutil, datetime as dt
from collections import defaultdict, Counter

DEFAULTS = {
    "tiers": {"A": {"sample_ratio": 0.03, "visits": 1}, "B": {"sample_ratio": 0.20, "visits": 1},
              "C": {"sample_ratio": 0.60, "visits": 1}, "D": {"sample_ratio": 1.00, "visits": 2}},
    "sampling": "weighted_lottery", "min_lottery_weight": 0.05, "max_visits_per_agency_per_enterprise": 2,
    "max_entries_per_enterprise": 3, "min_days_between_visits": 30, "min_days_between_repeat_visits": 90,
    "officers_per_agency_on_visit": 2, "max_visits_per_officer_per_day": 2, "max_visits_per_officer_per_year": 60,
    "max_remote_checks_per_officer_per_day": 8, "onsite_required_tiers": ["D"], "trigger_within_workdays": 15,
    "urgent_within_workdays": 3,
}
PLANNED = {"mandatory", "sampled"}


def rd(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def D(s):
    return dt.date.fromisoformat(s)


def tb(s):
    return str(s).strip().lower() in ("true", "1", "是", "yes")


class Judge:
    def __init__(self, bundle, plan):
        self.bundle, self.plan = bundle, plan
        b = lambda f: rd(os.path.join(bundle, f))
        self.ents = {r["enterprise_id"]: r for r in b("enterprises.csv")}
        self.items = {r["item_id"]: r for r in b("items.csv")}
        self.agencies = {r["agency_id"] for r in b("agencies.csv")}
        self.teams = {r["team_id"]: r for r in b("teams.csv")}
        self.offs = {r["officer_id"]: r for r in b("officers.csv")}
        self.unav = defaultdict(list)
        for r in b("unavailability.csv"):
            self.unav[r["officer_id"]].append((D(r["start_on"]), D(r["end_on"])))
        self.rec = {(r["officer_id"], r["enterprise_id"]) for r in b("recusals.csv")}
        self.grades = defaultdict(list)
        for r in b("credit_grades.csv"):
            self.grades[r["enterprise_id"]].append((r["rated_on"], r["grade"]))
        self.credit = defaultdict(list)
        for r in b("credit_records.csv"):
            self.credit[r["enterprise_id"]].append(r)
        self.hist = b("inspections.csv")
        self.trig = {r["trigger_id"]: r for r in b("triggers.csv")}
        bp = json.load(open(os.path.join(bundle, "policy.json"))) if os.path.exists(os.path.join(bundle, "policy.json")) else {}
        self.pj = json.load(open(os.path.join(plan, "plan.json")))
        self.pol = dict(DEFAULTS)
        self.pol.update(bp)
        self.bundle_policy = bp
        self.year = int(bp.get("year", self.pj.get("year", 2027)))
        self.seed = bp.get("seed", self.pj.get("seed"))
        cal = {r["date"]: tb(r["workday"]) for r in b("calendar.csv")}
        self.workdays = []
        d = dt.date(self.year, 1, 1)
        while d.year == self.year:
            wd = cal.get(d.isoformat(), d.weekday() < 5)
            if wd:
                self.workdays.append(d)
            d += dt.timedelta(1)
        self.wdset = set(self.workdays)
        # item applicability
        self.ag_items = defaultdict(list)  # (agency, sector) -> items
        for i in self.items.values():
            for s in i["sectors"].split(";"):
                self.ag_items[(i["agency_id"], s.strip())].append(i["item_id"])
        self.visits = rd(os.path.join(plan, "visits.csv"))
        self.sel = {r["enterprise_id"]: r for r in rd(os.path.join(plan, "selection.csv"))}
        self.viol = []
        self.avoid = []
        self.suspect = []
        self.team_ofs = defaultdict(list)
        for o in self.offs.values():
            self.team_ofs[o["team_id"]].append(o["officer_id"])

    # helpers
    def v(self, rule, msg, **kw):
        self.viol.append(dict(rule=rule, msg=msg, **kw))

    def agencies_for(self, e):
        s = self.ents[e]["sector"]
        return sorted(a for a in self.agencies if self.ag_items.get((a, s)))

    def items_for(self, a, e):
        return sorted(self.ag_items.get((a, self.ents[e]["sector"]), []))

    def remote_ok(self, a, e):
        its = self.items_for(a, e)
        return bool(its) and tb(self.ents[e]["remote_monitoring"]) and all(tb(self.items[i]["remote_allowed"]) for i in its)

    def budget(self, o):
        b = self.offs[o].get("annual_visit_budget", "")
        return int(b) if b not in ("", None) else int(self.pol["max_visits_per_officer_per_year"])

    def certified(self, o, d):
        r = self.offs[o]
        return r["role"] == "enforcement" and r.get("certificate_no") and r.get("certificate_expires_on") and D(r["certificate_expires_on"]) >= d

    def away(self, o, d):
        return any(s <= d <= e for s, e in self.unav.get(o, []))

    def team_ok(self, t, e):
        td = self.teams[t]["district_code"]
        ed = self.ents[e]["district_code"]
        return td == ed or (td.endswith("00") and td[:4] == ed[:4])

    def wd_after(self, d, n):
        # nth working day after d (d itself not counted)
        k = 0
        x = d
        while True:
            x += dt.timedelta(1)
            if x.year > self.year:
                return x
            if x in self.wdset:
                k += 1
                if k == n:
                    return x

    def tier_expected(self, e):
        # R-TIER from the records
        recs = self.credit.get(e, [])
        ystart = dt.date(self.year, 1, 1)
        for r in recs:
            if r["kind"] in ("serious_dishonest", "严重失信主体名单"):
                if r.get("expires_on") and D(r["expires_on"]) < ystart:
                    continue
                if any(x["kind"] in ("repair", "信用修复") and x["recorded_on"] > r["recorded_on"] for x in recs):
                    continue
                return "D", "serious_dishonest %s" % r["recorded_on"]
        g = self.grades.get(e)
        if g:
            return sorted(g)[-1][1], "grade"
        return None, "model"

    # ---------------------------------------------------------------
    def run(self):
        P = self.pol
        k = int(P["officers_per_agency_on_visit"])
        self.on_day = Counter()  # (o,d) onsite
        self.rem_day = Counter()
        self.on_year = Counter()
        self.team_day = Counter()
        self.ent_rows = defaultdict(list)
        ids = Counter(r["visit_id"] for r in self.visits)
        for vid, c in ids.items():
            if c > 1:
                self.v("plan.md", "duplicate visit_id", visit=vid)
        for r in self.visits:
            vid, e = r["visit_id"], r["enterprise_id"]
            if e not in self.ents:
                self.v("plan.md", "unknown enterprise", visit=vid)
                continue
            d = D(r["date"])
            r["_d"] = d
            ags = [a for a in r["agency_ids"].split(";") if a]
            r["_ags"] = ags
            its = [i for i in r["item_ids"].split(";") if i]
            offs = [o for o in r["officer_ids"].split(";") if o]
            r["_offs"] = offs
            self.ent_rows[e].append(r)
            if d not in self.wdset:
                self.v("R-WORKDAY", "visit on a non-working day", visit=vid, date=r["date"])
            if r["district_code"] != self.ents[e]["district_code"]:
                self.v("plan.md", "district_code differs from enterprise's", visit=vid)
            if r["lead_agency_id"] not in ags:
                self.v("plan.md", "lead agency not in agency_ids", visit=vid)
            # R-ITEM
            cov = set()
            for i in its:
                it = self.items.get(i)
                if not it or it["agency_id"] not in ags or self.ents[e]["sector"] not in it["sectors"].split(";") or not it["legal_basis"].strip():
                    self.v("R-ITEM", "item not from a visiting agency's list for this sector", visit=vid, item=i)
                else:
                    cov.add(it["agency_id"])
            for a in ags:
                if a not in cov:
                    self.v("R-ITEM", "agency takes part with no item", visit=vid, agency=a)
            # R-BASIS
            bs = r["basis"]
            if bs not in ("mandatory", "sampled", "triggered", "follow_up"):
                self.v("R-BASIS", "unknown basis", visit=vid, basis=bs)
            if bs == "triggered":
                t = self.trig.get(r["trigger_id"])
                if not t or t["enterprise_id"] != e or t["agency_id"] not in ags:
                    self.v("R-BASIS", "triggered visit without a matching trigger", visit=vid)
            # tier column
            st = self.sel.get(e, {}).get("tier")
            if r["tier"] != st:
                self.v("plan.md", "visit tier differs from selection tier", visit=vid)
            mode = r["mode"]
            # officers by agency
            by_ag = defaultdict(list)
            for o in offs:
                if o not in self.offs:
                    self.v("R-PAIR", "unknown officer", visit=vid, officer=o)
                    continue
                t = self.offs[o]["team_id"]
                by_ag[self.teams[t]["agency_id"]].append(o)
                if self.away(o, d):
                    self.v("R-AVAIL", "officer away", visit=vid, officer=o)
                if (o, e) in self.rec:
                    self.v("R-RECUSE", "recused officer", visit=vid, officer=o)
                if self.offs[o]["role"] == "enforcement" and not self.certified(o, d):
                    self.v("R-CERT", "enforcement officer's certificate not valid on the day", visit=vid, officer=o)
                if mode == "onsite":
                    self.on_day[(o, d)] += 1
                    self.on_year[o] += 1
                else:
                    self.rem_day[(o, d)] += 1
            for a in by_ag:
                if a not in ags:
                    self.v("R-TEAM", "officer of a non-participating agency", visit=vid, agency=a)
            r["_teams"] = {}
            for a in ags:
                os_ = by_ag.get(a, [])
                tms = {self.offs[o]["team_id"] for o in os_}
                if len(tms) > 1:
                    self.v("R-TEAM", "officers of one agency from several teams", visit=vid, agency=a)
                for t in tms:
                    if not self.team_ok(t, e):
                        self.v("R-TEAM", "team may not work in this district", visit=vid, team=t)
                    self.team_day[(t, d)] += 1
                    r["_teams"][a] = t
                cert = [o for o in os_ if self.certified(o, d)]
                need = k if mode == "onsite" else 1
                if len(cert) < need:
                    self.v("R-PAIR", "too few certified enforcement officers of agency", visit=vid, agency=a, have=len(cert), need=need)
            # R-REMOTE
            tier = st
            if mode == "onsite" and bs in PLANNED and tier not in P["onsite_required_tiers"]:
                if its and tb(self.ents[e]["remote_monitoring"]) and all(tb(self.items[i]["remote_allowed"]) for i in its if i in self.items):
                    self.v("R-REMOTE", "on-site visit whose items could all be checked remotely", visit=vid)
            if mode == "remote":
                if not tb(self.ents[e]["remote_monitoring"]) or not all(tb(self.items[i]["remote_allowed"]) for i in its if i in self.items):
                    self.v("R-REMOTE", "remote check of an item that needs entry / enterprise without monitoring", visit=vid)
                if bs in PLANNED and tier in P["onsite_required_tiers"]:
                    self.v("R-REMOTE", "remote check for a tier in onsite_required_tiers", visit=vid)
        # R-AVAIL caps
        for (o, d), c in self.on_day.items():
            if c > int(P["max_visits_per_officer_per_day"]):
                self.v("R-AVAIL", "officer over on-site day cap", officer=o, date=str(d), n=c)
        for (o, d), c in self.rem_day.items():
            if c > int(P["max_remote_checks_per_officer_per_day"]):
                self.v("R-AVAIL", "officer over remote day cap", officer=o, date=str(d), n=c)
        for o, c in self.on_year.items():
            if c > self.budget(o):
                self.v("R-AVAIL", "officer over annual budget", officer=o, n=c, budget=self.budget(o))
        for (t, d), c in self.team_day.items():
            if c > int(self.teams[t]["max_visits_per_day"]):
                self.v("R-AVAIL", "team over max_visits_per_day", team=t, date=str(d), n=c)
        # per enterprise: caps, gaps, joint
        for e, rows in self.ent_rows.items():
            days = Counter(r["_d"] for r in rows)
            for d, c in days.items():
                if c > 1:
                    modes = sorted(r["mode"] + "/" + r["basis"] for r in rows if r["_d"] == d)
                    self.v("R-JOINT", "several rows for one enterprise on one day", enterprise=e, date=str(d), rows=modes)
            pl = [r for r in rows if r["basis"] in PLANNED and r["mode"] == "onsite"]
            edays = sorted({r["_d"] for r in pl})
            if len(edays) > int(P["max_entries_per_enterprise"]):
                self.v("R-CAP-ENTRY", "too many planned entry days", enterprise=e, n=len(edays))
            for x, y in zip(edays, edays[1:]):
                if (y - x).days < int(P["min_days_between_visits"]):
                    self.v("R-GAP", "planned entries too close", enterprise=e, a=str(x), b=str(y))
            per_ag = defaultdict(list)
            per_ag_all = defaultdict(list)
            for r in pl:
                for a in r["_ags"]:
                    per_ag[a].append(r["_d"])
            for r in rows:
                if r["basis"] in PLANNED:
                    for a in r["_ags"]:
                        per_ag_all[a].append(r["_d"])
            for a, ds in per_ag.items():
                if len(ds) > int(P["max_visits_per_agency_per_enterprise"]):
                    self.v("R-CAP-AGENCY", "agency over per-enterprise cap", enterprise=e, agency=a, n=len(ds))
            for a, ds in per_ag_all.items():
                ds = sorted(ds)
                for x, y in zip(ds, ds[1:]):
                    if (y - x).days < int(P["min_days_between_repeat_visits"]):
                        self.v("R-GAP", "one agency's planned visits too close", enterprise=e, agency=a, a=str(x), b=str(y))
        self.check_selection()
        self.check_requirements()
        self.check_shortfalls()

    # ---------------------------------------------------------------
    def check_selection(self):
        P = self.pol
        if set(self.sel) != set(self.ents):
            self.v("plan.md", "selection.csv does not hold one row per enterprise",
                   missing=len(set(self.ents) - set(self.sel)), extra=len(set(self.sel) - set(self.ents)))
        visited = Counter(r["enterprise_id"] for r in self.visits)
        self.tier_mismatch = []
        for e, s in self.sel.items():
            if e not in self.ents:
                continue
            exp, why = self.tier_expected(e)
            if exp and s["tier"] != exp:
                self.v("R-TIER", "tier differs from the records", enterprise=e, plan=s["tier"], expected=exp, why=why)
            sel = tb(s["selected"])
            if sel != (visited[e] > 0):
                self.v("plan.md", "selected flag vs visits", enterprise=e, selected=s["selected"], visits=visited[e])
            if str(visited[e]) != s["visits_planned"]:
                self.suspect.append(dict(rule="plan.md", msg="visits_planned differs from rows in visits.csv", enterprise=e,
                                         planned=s["visits_planned"], rows=visited[e]))
            if not s["reason_zh"].strip() or not s["reason_en"].strip():
                self.v("R-EXPLAIN", "empty reason", enterprise=e)
        # lottery
        self.pools = {}
        for tier, cfg in P["tiers"].items():
            ratio = float(cfg["sample_ratio"])
            if ratio >= 1:
                continue
            pool = [e for e, s in self.sel.items() if s["tier"] == tier and e in self.ents and self.agencies_for(e)]
            keys = []
            for e in pool:
                h = hmac.new(self.seed.encode(), f"{tier}|{e}".encode(), hashlib.sha256).digest()
                u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
                w = 1.0 if P["sampling"] == "uniform_lottery" else max(float(self.sel[e]["risk_score"]), float(P["min_lottery_weight"]))
                keys.append((-(math.log(u) / w), e))
            keys.sort()
            ranks = {e: i + 1 for i, (_, e) in enumerate(keys)}
            places = math.ceil(ratio * len(pool) - 1e-12)
            self.pools[tier] = dict(pool=len(pool), places=places, ranks=ranks)
            bad = 0
            for e, rk in ranks.items():
                if str(rk) != self.sel[e]["draw_rank"]:
                    bad += 1
                    if bad <= 5:
                        self.v("R-SAMPLE", "draw_rank differs from the lottery", enterprise=e, plan=self.sel[e]["draw_rank"], judge=rk, tier=tier)
            if bad:
                self.v("R-SAMPLE", f"{bad} draw_rank mismatches in tier {tier}", tier=tier)
            sampled = sorted(ranks[e] for e in pool if self.sel[e]["basis"] == "sampled")
            if len(sampled) > places:
                self.v("R-SAMPLE", "more sampled than places", tier=tier, sampled=len(sampled), places=places)
            self.pools[tier]["sampled"] = len(sampled)
            self.pools[tier]["last_rank"] = sampled[-1] if sampled else 0
            self.pools[tier]["basis"] = dict(Counter(self.sel[e]["basis"] for e in pool))
            last = sampled[-1] if sampled else 0
            skipped = [e for e in pool if ranks[e] < last and self.sel[e]["basis"] != "sampled"]
            self.pools[tier]["skipped_before_last"] = len(skipped)
            for e in skipped:
                if self.sel[e]["basis"] not in ("capacity",) and self.sel[e]["basis"] not in ("mandatory", "triggered", "follow_up"):
                    self.v("R-SAMPLE", "better-ranked enterprise left out, not as capacity", enterprise=e, basis=self.sel[e]["basis"], tier=tier)
            self.pools[tier]["skipped"] = skipped
            # places unfilled while capacity rows exist after?
            for e in pool:
                if self.sel[e]["basis"] == "sampled" and ranks[e] > places + len(skipped) + 0:
                    pass

    # ---------------------------------------------------------------
    def check_requirements(self):
        """Enumerate requirements and find unmet ones."""
        P = self.pol
        self.unmet = []  # dicts: kind, e, agency, n, trigger
        # mandatory: tiers with ratio >=1; sampled: selected sampled
        cover = defaultdict(Counter)  # (e,basis) -> item -> count
        for r in self.visits:
            for i in r["item_ids"].split(";"):
                cover[(r["enterprise_id"], r["basis"])][i] += 1
        for e, s in self.sel.items():
            if e not in self.ents:
                continue
            cfg = P["tiers"].get(s["tier"])
            if not cfg:
                continue
            n = int(cfg["visits"])
            if float(cfg["sample_ratio"]) >= 1:
                basis = "mandatory"
            elif s["basis"] == "sampled":
                basis = "sampled"
            else:
                continue
            for a in self.agencies_for(e):
                short = max(n - cover[(e, basis)][i] for i in self.items_for(a, e))
                if short > 0:
                    self.unmet.append(dict(kind=basis, e=e, agency=a, n=short, total=n))
        # triggers
        self.trig_met = {}
        for tid, t in self.trig.items():
            rec = D(t["received_on"])
            if rec.year != self.year:
                continue
            n = int(P["urgent_within_workdays"] if tb(t["urgent"]) else P["trigger_within_workdays"])
            dl = self.wd_after(rec, n)
            rows = [r for r in self.visits if r["basis"] == "triggered" and r["trigger_id"] == tid]
            ok = [r for r in rows if t["agency_id"] in r["_ags"] and rec <= r["_d"] <= dl]
            for r in rows:
                if not (rec <= r["_d"] <= dl):
                    self.v("R-TRIGGER", "triggered visit outside its window", trigger=tid, visit=r["visit_id"], date=r["date"],
                           window=f"{rec}..{dl}")
            if not ok:
                self.unmet.append(dict(kind="triggered", e=t["enterprise_id"], agency=t["agency_id"], n=1, trigger=tid,
                                       lo=rec, hi=dl))
        # follow-ups: unrectified violation last year
        fu = set()
        for h in self.hist:
            if h["outcome"] in ("violation", "serious", "违法违规", "严重违法违规") and h.get("rectified", "").strip() != "" and not tb(h["rectified"]) \
                    and D(h["inspected_on"]).year == self.year - 1:
                fu.add((h["enterprise_id"], h["agency_id"]))
        for e, a in sorted(fu):
            if not any(r["basis"] == "follow_up" and r["enterprise_id"] == e and a in r["_ags"] for r in self.visits):
                self.unmet.append(dict(kind="follow_up", e=e, agency=a, n=1))

    def check_shortfalls(self):
        sf = self.pj.get("shortfalls", [])
        ids = Counter()
        for s in sf:
            if not (s.get("binding") or s.get("binding_zh")):
                self.v("R-EXPLAIN", "shortfall without binding resource", shortfall=s)
            ids[(s.get("kind"), s.get("id"), s.get("agency"))] += 1
        self.sf_index = ids
        for u in self.unmet:
            key_id = u.get("trigger") or u["e"]
            hit = ids.get((u["kind"], key_id, u["agency"]), 0) >= u["n"] or (u.get("trigger") and any(i == key_id for (_, i, _a) in ids))
            if not hit:
                self.v("plan.md#5", "unmet requirement not listed under shortfalls", **{k: str(v) for k, v in u.items()})

    # ---------------------------------------------------------------
    # insertion search: can the unmet requirement be added to the plan as written?
    def slot(self, e, a, d, mode, n_off, strict=False, vid_hint=None):
        """find team+officers of agency a for enterprise e on day d. returns (team, officers) or None"""
        P = self.pol
        found = []
        if not hasattr(self, "nid"):
            self.nid = 0
        for t, tr in sorted(self.teams.items()):
            if tr["agency_id"] != a or not self.team_ok(t, e):
                continue
            if self.team_day[(t, d)] >= int(tr["max_visits_per_day"]):
                continue
            clean = False
            if strict:
                td = self.teams[t]["district_code"]
                clean = not any(x == a and (dd == td or (td.endswith("00") and dd[:4] == td[:4])) for (x, dd) in self.unmet_ad)
                # else the team must be unable to staff any on-site visit: fewer than k officers with budget left
                left = [o for o in self.team_ofs[t] if self.certified(o, d) and self.on_year[o] < self.budget(o)]
                if not clean and len(left) >= int(P["officers_per_agency_on_visit"]):
                    continue
            cands = []
            for o in self.team_ofs[t]:
                if not self.certified(o, d) or self.away(o, d) or (o, e) in self.rec:
                    continue
                if mode == "onsite":
                    if self.on_day[(o, d)] >= int(P["max_visits_per_officer_per_day"]):
                        continue
                    if self.on_year[o] >= self.budget(o):
                        continue
                else:
                    if self.rem_day[(o, d)] >= int(P["max_remote_checks_per_officer_per_day"]):
                        continue
                    if strict and not clean and self.on_year[o] < self.budget(o):
                        continue
                cands.append(o)
            if len(cands) >= n_off:
                vid = vid_hint or f"J{self.nid + 1:08d}"
                cands.sort(key=lambda o: hmac.new(self.seed.encode(), f"officer|{vid}|{o}".encode(), hashlib.sha256).digest())
                found.append((cands[0], t, cands[:n_off]))
        if found:
            found.sort(key=lambda x: hmac.new(self.seed.encode(), f"officer|{vid_hint or f'J{self.nid + 1:08d}'}|{x[0]}".encode(), hashlib.sha256).digest())
            return found[0][1], found[0][2]
        return None

    def ent_ok(self, e, a, d, basis, mode):
        """would a new row (e, agency a) on day d keep caps, gaps, joint rule?"""
        P = self.pol
        rows = self.ent_rows.get(e, [])
        if any(r["_d"] == d for r in rows):
            return False  # would need a joint merge: not 'moving nothing'
        if basis in PLANNED:
            if mode == "onsite":
                ed = sorted({r["_d"] for r in rows if r["basis"] in PLANNED and r["mode"] == "onsite"})
                if len(ed) + 1 > int(P["max_entries_per_enterprise"]):
                    return False
                if any(abs((d - x).days) < int(P["min_days_between_visits"]) for x in ed):
                    return False
                na = sum(1 for r in rows if r["basis"] in PLANNED and r["mode"] == "onsite" and a in r["_ags"])
                if na + 1 > int(P["max_visits_per_agency_per_enterprise"]):
                    return False
            ad = [r["_d"] for r in rows if r["basis"] in PLANNED and a in r["_ags"]]
            if any(abs((d - x).days) < int(P["min_days_between_repeat_visits"]) for x in ad):
                return False
        return True

    def add_row(self, e, a, d, mode, basis, team, offs, trigger=""):
        self.nid += 1
        vid = f"J{self.nid:08d}"
        tier = self.sel[e]["tier"]
        r = dict(visit_id=vid, date=d.isoformat(), enterprise_id=e, district_code=self.ents[e]["district_code"], mode=mode,
                 lead_agency_id=a, agency_ids=a, item_ids=";".join(self.items_for(a, e)), officer_ids=";".join(offs),
                 basis=basis, trigger_id=trigger, tier=tier)
        r2 = dict(r, _d=d, _ags=[a], _offs=offs, _teams={a: team})
        self.visits.append(r2)
        self.added.append(r)
        self.ent_rows[e].append(r2)
        self.team_day[(team, d)] += 1
        for o in offs:
            if mode == "onsite":
                self.on_day[(o, d)] += 1
                self.on_year[o] += 1
            else:
                self.rem_day[(o, d)] += 1
        return vid

    def try_join(self, e, a, basis):
        """add agency a to an existing on-site planned row of e (same basis); returns visit_id or None"""
        P = self.pol
        rows = self.ent_rows.get(e, [])
        for r in sorted(rows, key=lambda r: r["_d"]):
            if r["mode"] != "onsite" or r["basis"] != basis or a in r["_ags"]:
                continue
            d = r["_d"]
            na = sum(1 for x in rows if x["basis"] in PLANNED and x["mode"] == "onsite" and a in x["_ags"])
            if na + 1 > int(P["max_visits_per_agency_per_enterprise"]):
                return None
            ad = [x["_d"] for x in rows if x["basis"] in PLANNED and a in x["_ags"]]
            if any(abs((d - x).days) < int(P["min_days_between_repeat_visits"]) for x in ad):
                continue
            s = self.slot(e, a, d, "onsite", int(P["officers_per_agency_on_visit"]), vid_hint=r["visit_id"])
            if not s:
                continue
            t, offs = s
            r["_ags"].append(a)
            r["agency_ids"] += ";" + a
            r["item_ids"] += ";" + ";".join(self.items_for(a, e))
            r["officer_ids"] += ";" + ";".join(offs)
            r["_offs"] += offs
            r["_teams"][a] = t
            self.team_day[(t, d)] += 1
            for o in offs:
                self.on_day[(o, d)] += 1
                self.on_year[o] += 1
            self.joined[r["visit_id"]] = r
            return r["visit_id"]
        return None

    def mode_for(self, e, a, basis):
        tier = self.sel[e]["tier"]
        if basis in PLANNED and tier not in self.pol["onsite_required_tiers"] and self.remote_ok(a, e):
            return "remote"
        return "onsite"

    def try_insert(self, u, commit=True):
        e, a, basis = u["e"], u["agency"], u["kind"]
        mode = self.mode_for(e, a, basis)
        k = int(self.pol["officers_per_agency_on_visit"]) if mode == "onsite" else 1
        days = self.workdays
        if basis == "triggered":
            days = [d for d in self.workdays if u["lo"] <= d <= u["hi"]]
        placed = []
        for _ in range(u["n"]):
            found = None
            for d in days:
                if not self.ent_ok(e, a, d, basis, mode):
                    continue
                s = self.slot(e, a, d, mode, k, strict=(basis == "sampled" and self.strict))
                if s:
                    found = (d, s)
                    break
            if not found:
                return placed
            d, (t, offs) = found
            vid = self.add_row(e, a, d, mode, basis, t, offs, u.get("trigger", ""))
            placed.append((vid, str(d), t, offs))
        return placed

    def avoidability(self, repair_dir=None, sampled=True, strict=True):
        self.strict = strict
        self.nid = 0
        self.added = []
        order = {"triggered": 0, "follow_up": 0, "mandatory": 1, "sampled": 2}
        res = []
        self.joined = {}
        for u in sorted(self.unmet, key=lambda u: (order[u["kind"]], u["e"], u["agency"])):
            p = self.try_insert(u)
            if len(p) < u["n"] and u["kind"] == "mandatory":
                for _ in range(u["n"] - len(p)):
                    vid = self.try_join(u["e"], u["agency"], "mandatory")
                    if not vid:
                        break
                    p.append((vid, "joined"))
            if p:
                res.append(dict(kind=u["kind"], e=u["e"], agency=u["agency"], trigger=u.get("trigger", ""), needed=u["n"],
                                added=p))
        self.avoid_unmet = res
        done = {(x["kind"], x["e"], x["agency"], x["trigger"]) for x in res if len(x["added"]) >= x["needed"]}
        self.unmet_ad = {(u["agency"], self.ents[u["e"]]["district_code"]) for u in self.unmet
                         if (u["kind"], u["e"], u["agency"], u.get("trigger", "")) not in done}
        # better-ranked sampled firms skipped as capacity: can all their agency-visits be added?
        self.avoid_sampled = []
        for tier, info in (self.pools.items() if sampled else []):
            free = info["places"] - info["sampled"]
            cands = [e for e in info["ranks"] if self.sel[e]["basis"] == "capacity"]
            for e in sorted(cands, key=lambda x: info["ranks"][x]):
                if info["ranks"][e] > info["last_rank"] and free <= 0:
                    break
                snap = len(self.added)
                n = int(self.pol["tiers"][tier]["visits"])
                ok = True
                for a in self.agencies_for(e):
                    p = self.try_insert(dict(kind="sampled", e=e, agency=a, n=n))
                    if len(p) < n:
                        ok = False
                        break
                if ok:
                    if info["ranks"][e] > info["last_rank"]:
                        free -= 1
                    self.avoid_sampled.append(dict(tier=tier, e=e, rank=info["ranks"][e], added=[r["visit_id"] for r in self.added[snap:]]))
                else:
                    self.rollback(snap)
        # keep places: drop the worst-ranked sampled firms for each better-ranked one added
        self.dropped = []
        addset = {x["e"] for x in self.avoid_sampled}
        for tier, info in self.pools.items():
            adds = [x["e"] for x in self.avoid_sampled if x["tier"] == tier]
            cur = sorted((info["ranks"][e], e) for e in info["ranks"] if self.sel[e]["basis"] == "sampled" or e in adds)
            for rk, e in cur[info["places"]:]:
                self.dropped.append(e)
                for r in self.ent_rows[e]:
                    if r["basis"] == "sampled":
                        r["_removed"] = True
        self.avoid_sampled = [x for x in self.avoid_sampled if x["e"] not in self.dropped]
        self.added = [r for r in self.added if not (r["enterprise_id"] in self.dropped and r["basis"] == "sampled")]
        self.dropped = [e for e in self.dropped if e not in addset]
        if repair_dir:
            self.write_repair(repair_dir)

    def rollback(self, snap):
        while len(self.added) > snap:
            r = self.added.pop()
            r2 = self.visits.pop()
            assert r2["visit_id"] == r["visit_id"]
            self.ent_rows[r["enterprise_id"]].pop()
            d = r2["_d"]
            self.team_day[(list(r2["_teams"].values())[0], d)] -= 1
            for o in r2["_offs"]:
                if r["mode"] == "onsite":
                    self.on_day[(o, d)] -= 1
                    self.on_year[o] -= 1
                else:
                    self.rem_day[(o, d)] -= 1
            self.nid -= 1

    def write_repair(self, out):
        if os.path.exists(out):
            shutil.rmtree(out)
        shutil.copytree(self.plan, out)
        cols = ["visit_id", "date", "enterprise_id", "district_code", "mode", "lead_agency_id", "agency_ids", "item_ids",
                "officer_ids", "basis", "trigger_id", "tier"]
        with open(os.path.join(out, "visits.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, cols, extrasaction="ignore")
            w.writeheader()
            for r in self.visits:
                if not r.get("_removed"):
                    w.writerow(r)
        # selection: update selected/basis/visits_planned for added firms
        rows = rd(os.path.join(self.plan, "selection.csv"))
        cnt = Counter(r["enterprise_id"] for r in self.added)
        for r in self.joined.values():
            self.suspect.append(dict(rule="repair", msg="joined agency to existing row", visit=r["visit_id"]))
        bas = {r["enterprise_id"]: r["basis"] for r in self.added}
        final = Counter(r["enterprise_id"] for r in self.visits if not r.get("_removed"))
        for r in rows:
            e = r["enterprise_id"]
            if final[e] and r["visits_planned"] != str(final[e]) and e not in cnt:
                r["visits_planned"] = str(final[e])
            if e in self.dropped:
                left = sum(1 for x in self.ent_rows[e] if not x.get("_removed"))
                r["visits_planned"] = str(left)
                if left > 0:
                    r["basis"] = sorted({x["basis"] for x in self.ent_rows[e] if not x.get("_removed")})[0]
                if left == 0:
                    r["selected"] = "false"
                    r["basis"] = "not_drawn"
                    r["reason_zh"] = "未抽中：名额已由抽签序号更靠前的企业占用（独立评审修复）。"
                    r["reason_en"] = "Not drawn: places taken by better-ranked firms (independent judge's repair)."
            if e in cnt:
                r["visits_planned"] = str(int(r["visits_planned"] or 0) + cnt[e])
                if r["selected"] != "true":
                    r["selected"] = "true"
                    r["basis"] = bas[e]
                    r["reason_zh"] = "补充：按规则可排入（独立评审修复）。"
                    r["reason_en"] = "Added by the independent judge's repair: placeable as the plan stands."
        with open(os.path.join(out, "selection.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
        # shortfalls: drop those now met
        met = Counter()
        for x in self.avoid_unmet:
            met[(x["kind"], x.get("trigger") or x["e"], x["agency"])] += len(x["added"])
        pj = json.load(open(os.path.join(self.plan, "plan.json")))
        keep = []
        for s in pj.get("shortfalls", []):
            k = (s.get("kind"), s.get("id"), s.get("agency"))
            if met[k] > 0:
                met[k] -= 1
                continue
            keep.append(s)
        pj["shortfalls"] = keep
        json.dump(pj, open(os.path.join(out, "plan.json"), "w"), ensure_ascii=False, indent=1)


def main():
    bundle, plan = sys.argv[1], sys.argv[2]
    rep = sys.argv[sys.argv.index("--repair") + 1] if "--repair" in sys.argv else None
    j = Judge(bundle, plan)
    j.run()
    j.avoidability(rep, sampled="--no-sampled" not in sys.argv, strict="--loose" not in sys.argv)
    out = dict(bundle=bundle, plan=plan, visits=len(j.visits) - len(j.added), violations_by_rule=dict(Counter(v["rule"] for v in j.viol)),
               violations=j.viol[:400], unmet_by_kind=dict(Counter(u["kind"] for u in j.unmet)),
               unmet_agency_visits=dict(Counter(u["kind"] for u in j.unmet for _ in range(u["n"]))),
               shortfalls_by_kind_rule=dict(Counter(f"{s.get('kind')}/{s.get('rule')}" for s in j.pj.get("shortfalls", []))),
               pools={t: {k: v for k, v in i.items() if k not in ("ranks", "skipped")} for t, i in j.pools.items()},
               avoidable_unmet=j.avoid_unmet, avoidable_unmet_by_kind=dict(Counter(x["kind"] for x in j.avoid_unmet)),
               avoidable_sampled=j.avoid_sampled, dropped=j.dropped, joined=list(j.joined), suspects=j.suspect[:100], n_suspects=len(j.suspect), added_rows=len(j.added))
    name = os.path.basename(os.path.normpath(plan))
    json.dump(out, open(f"/tmp/foreign35/{name}.judge.json", "w"), ensure_ascii=False, indent=1, default=str)
    print(json.dumps({k: out[k] for k in ("visits", "violations_by_rule", "unmet_by_kind", "unmet_agency_visits", "shortfalls_by_kind_rule",
                                          "pools", "avoidable_unmet_by_kind", "n_suspects", "added_rows")}, indent=1, default=str))
    print("avoidable sampled:", len(j.avoid_sampled))


if __name__ == "__main__":
    main()
