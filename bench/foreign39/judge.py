#!/usr/bin/env python
"""foreign39 judge: python judge.py BUNDLE PLAN [--json OUT]

Recomputes plan.md / rules.md invariants from the bundle files and the plan folder alone
(written from the spec, without the product's code). Prints one line per violation,
"[RULE] detail", and a summary; exit 1 when any HARD violation is found.
Warnings ("~WARN") are spec-ambiguous points, not counted as violations.
"""
import collections
import datetime as dt
import glob
import hashlib
import hmac
import json
import math
import os
import sys

import pandas as pd

FILES = ["enterprises", "credit_records", "credit_grades", "inspections", "triggers", "agencies", "items",
         "teams", "officers", "unavailability", "recusals", "calendar"]
ZH = {"建筑施工": "construction", "房地产开发": "real_estate", "物业服务": "property_mgmt", "燃气经营": "gas",
      "工程监理": "supervision", "勘察设计": "survey_design", "工程质量检测": "testing", "预拌混凝土": "ready_mix",
      "市政公用": "municipal", "其他": "other", "微型": "micro", "小型": "small", "中型": "medium", "大型": "large",
      "表彰奖励": "commendation", "良好信用信息": "good", "不良信用信息": "bad", "严重失信主体名单": "serious_dishonest",
      "信用修复": "repair", "未发现问题": "compliant", "轻微问题": "minor", "违法违规": "violation",
      "严重违法违规": "serious", "是": "true", "否": "false", "执法人员": "enforcement", "执法辅助人员": "auxiliary",
      "法制审核人员": "legal_review", "投诉举报": "complaint"}


def norm(v):
    if isinstance(v, str):
        v = v.strip()
        if ";" in v:
            return ";".join(ZH.get(x.strip(), x.strip()) for x in v.split(";"))
        return ZH.get(v, v)
    return v


def load_bundle(path):
    out = {}
    xl = glob.glob(os.path.join(path, "*.xlsx")) if os.path.isdir(path) else [path]
    for f in FILES:
        p = os.path.join(path, f + ".csv") if os.path.isdir(path) else None
        df = None
        if p and os.path.exists(p):
            for enc in ("utf-8-sig", "gb18030"):
                try:
                    df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding=enc)
                    break
                except UnicodeDecodeError:
                    continue
        elif xl:
            x = pd.ExcelFile(xl[0])
            if f in x.sheet_names:
                df = pd.read_excel(x, sheet_name=f, dtype=str, keep_default_na=False)
        if df is None:
            df = pd.DataFrame()
        out[f] = df.apply(lambda c: c.map(norm)) if len(df) else df
    pol = {}
    pp = os.path.join(path, "policy.json") if os.path.isdir(path) else None
    if pp and os.path.exists(pp):
        pol = json.load(open(pp, encoding="utf-8"))
    return out, pol


def truthy(v):
    return str(v).strip().lower() in ("true", "1", "yes", "是")


def D(s):
    return dt.date.fromisoformat(str(s)[:10])


class Judge:
    def __init__(self, bundle, plan):
        self.B, _ = load_bundle(bundle)
        self.plan = json.load(open(os.path.join(plan, "plan.json"), encoding="utf-8"))
        self.pol = self.plan["policy"]
        self.year = int(self.plan["year"])
        self.V = pd.read_csv(os.path.join(plan, "visits.csv"), dtype=str, keep_default_na=False)
        self.S = pd.read_csv(os.path.join(plan, "selection.csv"), dtype=str, keep_default_na=False)
        self.plan_dir = plan
        self.viol = collections.Counter()
        self.lines = []
        self.warn = collections.Counter()
        self._prep()

    def bad(self, rule, msg):
        self.viol[rule] += 1
        if self.viol[rule] <= 8:
            self.lines.append(f"[{rule}] {msg}")

    def wn(self, rule, msg):
        self.warn[rule] += 1
        if self.warn[rule] <= 4:
            self.lines.append(f"~WARN [{rule}] {msg}")

    # ------------------------------------------------------------------ data
    def _prep(self):
        B = self.B
        self.ent = {r.enterprise_id: r for r in B["enterprises"].itertuples()}
        self.items = {r.item_id: r for r in B["items"].itertuples()}
        self.teams = {r.team_id: r for r in B["teams"].itertuples()}
        self.off = {r.officer_id: r for r in B["officers"].itertuples()}
        cal = {}
        if len(B["calendar"]):
            for r in B["calendar"].itertuples():
                cal[D(r.date)] = truthy(r.workday)
        self.cal = cal
        try:
            import chinese_calendar as cc
            self.cc = cc
        except Exception:
            self.cc = None
        self.away = collections.defaultdict(list)
        for r in B["unavailability"].itertuples():
            self.away[r.officer_id].append((D(r.start_on), D(r.end_on)))
        self.recused = set((r.officer_id, r.enterprise_id) for r in B["recusals"].itertuples())
        self.agency_items = collections.defaultdict(list)
        for r in B["items"].itertuples():
            self.agency_items[r.agency_id].append(r)

    def workday(self, d):
        if d in self.cal:
            return self.cal[d]
        if self.cc is not None:
            try:
                return self.cc.is_workday(d)
            except Exception:
                pass
        return d.weekday() < 5

    def add_workdays(self, d, n):
        x = d
        k = 0
        while k < n:
            x += dt.timedelta(days=1)
            if self.workday(x):
                k += 1
        return x

    def applies(self, item, eid):
        return self.ent[eid].sector in str(item.sectors).split(";")

    def remote_ok(self, item, eid):
        return truthy(item.remote_allowed) and truthy(self.ent[eid].remote_monitoring)

    def cert_ok(self, oid, d):
        o = self.off.get(oid)
        return o is not None and o.role == "enforcement" and o.certificate_expires_on and D(o.certificate_expires_on) >= d

    def present(self, oid, d):
        return not any(a <= d <= b for a, b in self.away.get(oid, []))

    def team_ok(self, tid, district):
        t = self.teams[tid]
        tc = str(t.district_code)
        if tc.endswith("00"):
            return str(district)[:4] == tc[:4]
        return tc == str(district)

    def budget(self, oid):
        o = self.off[oid]
        b = getattr(o, "annual_visit_budget", "")
        return int(float(b)) if str(b).strip() != "" else int(self.pol["max_visits_per_officer_per_year"])

    # ------------------------------------------------------------------ tier
    def official_tier(self, eid):
        """(forced D?, latest grade or None)"""
        recs = self.B["credit_records"]
        forced = False
        if len(recs):
            r = recs[recs.enterprise_id == eid]
            reps = [D(x) for x in r[r.kind == "repair"].recorded_on]
            for x in r[r.kind == "serious_dishonest"].itertuples():
                if x.expires_on and D(x.expires_on) < dt.date(self.year, 1, 1):
                    continue
                if any(rp > D(x.recorded_on) for rp in reps):
                    continue
                forced = True
        g = None
        G = self.B["credit_grades"]
        if len(G):
            gg = G[G.enterprise_id == eid]
            if len(gg):
                g = gg.sort_values("rated_on").iloc[-1].grade
        return forced, g

    # ------------------------------------------------------------------ checks
    def run(self):
        V, S = self.V, self.S
        pol = self.pol
        cols = ["visit_id", "date", "enterprise_id", "district_code", "mode", "lead_agency_id", "agency_ids",
                "item_ids", "officer_ids", "basis", "trigger_id", "tier"]
        for c in cols:
            if c not in V.columns:
                self.bad("SCHEMA", f"visits.csv lacks {c}")
        for c in ["enterprise_id", "tier", "risk_score", "selected", "basis", "draw_rank", "visits_planned",
                  "reason_zh", "reason_en"]:
            if c not in S.columns:
                self.bad("SCHEMA", f"selection.csv lacks {c}")
        if V.visit_id.duplicated().any():
            self.bad("SCHEMA", "duplicate visit_id")
        sel = {r.enterprise_id: r for r in S.itertuples()}
        if set(sel) != set(self.ent):
            self.bad("SCHEMA", f"selection.csv rows {len(sel)} != enterprises {len(self.ent)}")
        k = int(pol["officers_per_agency_on_visit"])
        trig = {r.trigger_id: r for r in self.B["triggers"].itertuples()} if len(self.B["triggers"]) else {}
        onsite_req = set(pol.get("onsite_required_tiers", ["D"]))
        day_on = collections.Counter()
        day_rem = collections.Counter()
        year_on = collections.Counter()
        team_day = collections.Counter()
        planned_on = collections.defaultdict(list)   # (eid) -> [(date, agencies)]
        cover = collections.Counter()                # (eid, item, basis) -> count
        for v in V.itertuples():
            d = D(v.date)
            eid = v.enterprise_id
            if eid not in self.ent:
                self.bad("SCHEMA", f"{v.visit_id}: unknown enterprise {eid}")
                continue
            e = self.ent[eid]
            if d.year != self.year or not self.workday(d):
                self.bad("R-WORKDAY", f"{v.visit_id} on {d} is not a working day of {self.year}")
            if str(v.district_code) != str(e.district_code):
                self.bad("SCHEMA", f"{v.visit_id}: district {v.district_code} != enterprise's {e.district_code}")
            ags = [a for a in v.agency_ids.split(";") if a]
            if v.lead_agency_id not in ags:
                self.bad("SCHEMA", f"{v.visit_id}: lead {v.lead_agency_id} not in agency_ids")
            if v.mode not in ("onsite", "remote"):
                self.bad("SCHEMA", f"{v.visit_id}: mode {v.mode}")
            if v.basis not in ("mandatory", "sampled", "triggered", "follow_up"):
                self.bad("R-BASIS", f"{v.visit_id}: basis {v.basis}")
            if v.tier != sel[eid].tier:
                self.bad("SCHEMA", f"{v.visit_id}: tier {v.tier} != selection's {sel[eid].tier}")
            its = [i for i in v.item_ids.split(";") if i]
            if not its:
                self.bad("R-ITEM", f"{v.visit_id}: no items")
            for i in its:
                it = self.items.get(i)
                if it is None:
                    self.bad("R-ITEM", f"{v.visit_id}: unknown item {i}")
                    continue
                if it.agency_id not in ags:
                    self.bad("R-ITEM", f"{v.visit_id}: item {i} of {it.agency_id} not a visiting agency {ags}")
                if not self.applies(it, eid):
                    self.bad("R-ITEM", f"{v.visit_id}: item {i} does not apply to sector {e.sector}")
                if not str(it.legal_basis).strip():
                    self.bad("R-ITEM", f"{v.visit_id}: item {i} has no legal basis")
                cover[(eid, i, v.basis)] += 1
            for a in ags:
                if not any(self.items[i].agency_id == a for i in its if i in self.items):
                    self.wn("R-ITEM", f"{v.visit_id}: agency {a} takes part without an item of its own")
            offs = [o for o in v.officer_ids.split(";") if o]
            by_ag = collections.defaultdict(list)
            for o in offs:
                if o not in self.off:
                    self.bad("R-PAIR", f"{v.visit_id}: unknown officer {o}")
                    continue
                t = self.teams[self.off[o].team_id]
                by_ag[t.agency_id].append(o)
                if not self.present(o, d):
                    self.bad("R-AVAIL", f"{v.visit_id} {d}: officer {o} is away")
                if (o, eid) in self.recused:
                    self.bad("R-RECUSE", f"{v.visit_id}: officer {o} recused from {eid}")
                if self.off[o].role == "enforcement" and not self.cert_ok(o, d):
                    self.bad("R-CERT", f"{v.visit_id} {d}: officer {o} certificate expired {self.off[o].certificate_expires_on}")
            for a in by_ag:
                if a not in ags:
                    self.bad("R-TEAM", f"{v.visit_id}: officers of {a} which is not in agency_ids")
            teams_here = set()
            for a in ags:
                os_ = by_ag.get(a, [])
                tids = set(self.off[o].team_id for o in os_)
                if len(tids) > 1:
                    self.bad("R-TEAM", f"{v.visit_id}: agency {a} officers from several teams {tids}")
                for t in tids:
                    teams_here.add(t)
                    if not self.team_ok(t, e.district_code):
                        self.bad("R-TEAM", f"{v.visit_id}: team {t} may not work in {e.district_code}")
                ncert = sum(1 for o in os_ if self.cert_ok(o, d))
                need = k if v.mode == "onsite" else 1
                if v.mode == "remote" and a != v.lead_agency_id:
                    need = 0
                if ncert < need:
                    self.bad("R-PAIR", f"{v.visit_id} {v.mode}: agency {a} has {ncert} certified officers < {need}")
            if v.mode == "remote" and sum(1 for o in offs if self.cert_ok(o, d)) < 1:
                self.bad("R-PAIR", f"{v.visit_id}: remote check without a certified officer")
            for t in teams_here:
                team_day[(t, d)] += 1
            for o in offs:
                if v.mode == "onsite":
                    day_on[(o, d)] += 1
                    year_on[o] += 1
                else:
                    day_rem[(o, d)] += 1
            # R-REMOTE
            allrem = all(self.remote_ok(self.items[i], eid) for i in its if i in self.items)
            if v.mode == "remote" and not allrem:
                self.bad("R-REMOTE", f"{v.visit_id}: remote check of items not checkable remotely here")
            if (v.mode == "onsite" and v.basis in ("mandatory", "sampled") and v.tier not in onsite_req and allrem):
                self.bad("R-REMOTE", f"{v.visit_id}: on-site {v.basis} tier {v.tier} visit whose items could all be remote")
            if v.basis == "triggered":
                t = trig.get(v.trigger_id)
                if t is None:
                    self.bad("R-BASIS", f"{v.visit_id}: triggered without a known trigger_id {v.trigger_id!r}")
                else:
                    if t.enterprise_id != eid or t.agency_id not in ags:
                        self.bad("R-TRIGGER", f"{v.visit_id}: trigger {t.trigger_id} is for {t.enterprise_id}/{t.agency_id}")
            if v.mode == "onsite" and v.basis in ("mandatory", "sampled"):
                planned_on[eid].append((d, tuple(ags), v.visit_id))
        for (o, d), n in day_on.items():
            if n > int(pol["max_visits_per_officer_per_day"]):
                self.bad("R-AVAIL", f"officer {o} on {d}: {n} on-site visits")
        for (o, d), n in day_rem.items():
            if n > int(pol["max_remote_checks_per_officer_per_day"]):
                self.bad("R-AVAIL", f"officer {o} on {d}: {n} remote checks")
        for o, n in year_on.items():
            if n > self.budget(o):
                self.bad("R-AVAIL", f"officer {o}: {n} on-site visits > budget {self.budget(o)}")
        for (t, d), n in team_day.items():
            if n > int(float(self.teams[t].max_visits_per_day)):
                self.bad("R-AVAIL", f"team {t} on {d}: {n} visits > {self.teams[t].max_visits_per_day}")
        # caps & gaps
        for eid, L in planned_on.items():
            days = sorted(set(d for d, _, _ in L))
            if len(days) > int(pol["max_entries_per_enterprise"]):
                self.bad("R-CAP-ENTRY", f"{eid}: {len(days)} planned entry days")
            for a, b in zip(days, days[1:]):
                if (b - a).days < int(pol["min_days_between_visits"]):
                    self.bad("R-GAP", f"{eid}: entries {a} and {b}")
            per_ag = collections.defaultdict(list)
            for d, ags, _ in L:
                for a in ags:
                    per_ag[a].append(d)
            for a, ds in per_ag.items():
                if len(ds) > int(pol["max_visits_per_agency_per_enterprise"]):
                    self.bad("R-CAP-AGENCY", f"{eid}: agency {a} {len(ds)} planned on-site visits")
                ds = sorted(ds)
                for x, y in zip(ds, ds[1:]):
                    if (y - x).days < int(pol["min_days_between_repeat_visits"]):
                        self.bad("R-GAP", f"{eid}: agency {a} visits {x} and {y}")
            byday = collections.Counter(d for d, _, _ in L)
            for d, n in byday.items():
                if n > 1:
                    self.bad("R-JOINT", f"{eid}: {n} planned on-site rows on {d} (should be one joint row)")
        # any two on-site rows same enterprise same day
        on = V[V["mode"] == "onsite"]
        g = on.groupby(["enterprise_id", "date"]).size()
        for (eid, d), n in g[g > 1].items():
            sub = on[(on.enterprise_id == eid) & (on.date == d)]
            if not set(sub.basis) <= {"mandatory", "sampled"}:
                self.wn("R-JOINT", f"{eid} {d}: {n} on-site rows ({';'.join(sub.basis)}) on one day")
        self.check_tier(sel)
        self.check_lottery(sel, V)
        self.check_coverage(sel, V, cover)
        self.check_triggers(V, trig)
        self.check_follow(V)
        self.check_selection(sel, V)
        self.check_officer_draw(V)
        self.check_priority(V)
        return self

    def shortfall_ids(self):
        ids = set()
        for s in self.plan.get("shortfalls", []):
            ids.add(str(s.get("id")))
            ids.add(json.dumps(s, ensure_ascii=False))
        return ids

    def in_short(self, *keys):
        txt = json.dumps(self.plan.get("shortfalls", []), ensure_ascii=False)
        return all(str(k) in txt for k in keys)

    def check_tier(self, sel):
        for eid, r in sel.items():
            forced, g = self.official_tier(eid)
            if forced and r.tier != "D":
                self.bad("R-TIER", f"{eid}: live serious_dishonest record but tier {r.tier}")
            elif not forced and g and r.tier != g:
                self.bad("R-TIER", f"{eid}: latest official grade {g} but tier {r.tier}")

    def check_lottery(self, sel, V):
        pol = self.pol
        seed = str(self.plan["seed"]).encode()
        minw = float(pol.get("min_lottery_weight", 0.05))
        uniform = pol.get("sampling") == "uniform_lottery"
        sampled_e = set(V[V.basis == "sampled"].enterprise_id)
        for tier, tp in pol["tiers"].items():
            ratio = float(tp["sample_ratio"])
            members = [eid for eid, r in sel.items() if r.tier == tier]
            pool = [eid for eid in members if any(self.applies(it, eid) for it in self.B["items"].itertuples())]
            if ratio >= 1:
                for eid in pool:
                    if sel[eid].basis not in ("mandatory", "triggered", "follow_up") or (sel[eid].basis != "mandatory"
                                                                                       and not self.in_short(eid)):
                        if sel[eid].basis != "mandatory" and not self.in_short(eid):
                            self.bad("R-SAMPLE", f"{eid}: tier {tier} (ratio 1) basis {sel[eid].basis}")
                continue
            keys = []
            for eid in pool:
                h = hmac.new(seed, f"{tier}|{eid}".encode(), hashlib.sha256).digest()
                u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
                w = 1.0 if uniform else max(float(sel[eid].risk_score), minw)
                keys.append((-(math.log(u) / w), eid))
            keys.sort()
            rank = {eid: i + 1 for i, (_, eid) in enumerate(keys)}
            for eid in members:
                got = sel[eid].draw_rank
                exp = rank.get(eid)
                if exp is None:
                    if got not in ("", None):
                        self.bad("R-LOTTERY", f"{eid}: not in pool but draw_rank {got}")
                elif str(got) != str(exp):
                    self.bad("R-LOTTERY", f"{eid}: draw_rank {got}, lottery gives {exp}")
            places = math.ceil(ratio * len(pool) - 1e-9)
            chosen = [eid for eid in pool if eid in sampled_e]
            if len(chosen) > places:
                self.bad("R-SAMPLE", f"tier {tier}: {len(chosen)} sampled > {places} places")
            if chosen:
                worst = max(rank[e] for e in chosen)
                for eid in pool:
                    if rank[eid] < worst and eid not in sampled_e and sel[eid].basis in ("triggered", "follow_up"):
                        self.wn("R-SAMPLE", f"tier {tier}: {eid} rank {rank[eid]} ({sel[eid].basis}) skipped for "
                                f"capacity while rank {worst} sampled")
                    elif rank[eid] < worst and eid not in sampled_e and sel[eid].basis not in ("capacity",):
                        self.bad("R-SAMPLE", f"tier {tier}: {eid} rank {rank[eid]} basis {sel[eid].basis} left out "
                                 f"while rank {worst} sampled")
                if len(chosen) < places:
                    for eid in pool:
                        if rank[eid] > worst and sel[eid].basis == "not_drawn":
                            self.wn("R-SAMPLE", f"tier {tier}: only {len(chosen)}/{places} places filled but {eid} "
                                    f"rank {rank[eid]} is not_drawn (not tried?)")
            for eid in members:
                if eid not in rank and sel[eid].basis not in ("exempt", "triggered", "follow_up", "mandatory"):
                    self.wn("R-SAMPLE", f"{eid}: outside the pool but basis {sel[eid].basis}")

    def check_coverage(self, sel, V, cover):
        tiers = self.pol["tiers"]
        for eid, r in sel.items():
            basis = None
            vb = set(V[V.enterprise_id == eid].basis) if False else None
            if r.tier in tiers and float(tiers[r.tier]["sample_ratio"]) >= 1:
                basis = "mandatory"
            elif r.basis == "sampled" or ((eid, None) and any(k[0] == eid and k[2] == "sampled" for k in [])):
                basis = "sampled"
            if basis is None:
                continue
            n = int(tiers[r.tier]["visits"])
            for it in self.B["items"].itertuples():
                if not self.applies(it, eid):
                    continue
                c = cover[(eid, it.item_id, basis)]
                if c < n and not self.in_short(eid):
                    self.bad("COVERAGE", f"{eid} tier {r.tier} {basis}: item {it.item_id} covered {c}/{n}, "
                             f"no shortfall names it")

    def check_triggers(self, V, trig):
        pol = self.pol
        tv = V[V.basis == "triggered"]
        for tid, t in trig.items():
            rec = D(t.received_on)
            n = int(pol["urgent_within_workdays"] if truthy(t.urgent) else pol["trigger_within_workdays"])
            dl = self.add_workdays(rec, n)
            vs = tv[tv.trigger_id == tid]
            if len(vs) == 0:
                if not self.in_short(tid):
                    self.bad("R-TRIGGER", f"trigger {tid} ({t.agency_id}, {rec}) neither visited nor a shortfall")
                continue
            ok = False
            for v in vs.itertuples():
                d = D(v.date)
                if t.agency_id in v.agency_ids.split(";") and rec <= d <= dl:
                    ok = True
                if d < rec:
                    self.wn("R-TRIGGER", f"{v.visit_id}: trigger {tid} visited {d} before it was received {rec}")
            if not ok and not self.in_short(tid):
                self.bad("R-TRIGGER", f"trigger {tid} received {rec}: visits {list(vs.date)} outside window ending {dl}")

    def check_follow(self, V):
        H = self.B["inspections"]
        if not len(H):
            return
        fv = V[V.basis == "follow_up"]
        need = set()
        for r in H.itertuples():
            if D(r.inspected_on).year == self.year - 1 and r.outcome in ("violation", "serious"):
                if str(r.rectified).strip().lower() in ("false", "0", "否"):
                    need.add((r.enterprise_id, r.agency_id))
        for eid, a in need:
            got = fv[(fv.enterprise_id == eid) & fv.agency_ids.str.split(";").apply(lambda x: a in x)]
            if len(got) == 0 and not self.in_short(eid):
                self.bad("R-FOLLOW", f"{eid}: unrectified {self.year-1} violation of {a}, no follow_up, no shortfall")

    def check_selection(self, sel, V):
        cnt = V.groupby("enterprise_id").size().to_dict()
        for eid, r in sel.items():
            n = cnt.get(eid, 0)
            if str(r.visits_planned) != str(n):
                self.bad("SELECTION", f"{eid}: visits_planned {r.visits_planned} but {n} visits")
            if (r.selected == "true") != (n > 0):
                self.bad("SELECTION", f"{eid}: selected={r.selected} with {n} visits")
            if not str(r.reason_zh).strip() or not str(r.reason_en).strip():
                self.bad("R-EXPLAIN", f"{eid}: empty reason")
            rs = float(r.risk_score)
            if not 0 <= rs <= 1:
                self.bad("SELECTION", f"{eid}: risk_score {rs}")

    def check_officer_draw(self, V):
        p = os.path.join(self.plan_dir, "officer_draw.json")
        if not os.path.exists(p):
            self.bad("R-OFFICER-DRAW", "no officer_draw.json / explain of the officer draw")
            return
        od = json.load(open(p, encoding="utf-8"))["visits"]
        seed = str(self.plan["seed"]).encode()
        vmap = {r.visit_id: r for r in V.itertuples()}
        for vid, per in od.items():
            v = vmap.get(vid)
            if v is None:
                self.bad("R-OFFICER-DRAW", f"{vid} in officer_draw.json but not in visits.csv")
                continue
            offs = set(v.officer_ids.split(";"))
            for a, rec in per.items():
                cons = rec.get("considered", [])
                dig = [hmac.new(seed, f"officer|{vid}|{o}".encode(), hashlib.sha256).digest() for o in cons]
                if dig != sorted(dig):
                    self.bad("R-OFFICER-DRAW", f"{vid}/{a}: considered not in HMAC order")
                taken = rec.get("taken", [])
                if set(taken) - offs:
                    self.bad("R-OFFICER-DRAW", f"{vid}/{a}: taken {taken} not in visit officers")
                if [o for o in cons if o not in rec.get("skipped", [])] != taken:
                    self.bad("R-OFFICER-DRAW", f"{vid}/{a}: taken != considered minus skipped")
        self.redraw(V, od, seed)
        missing = set(vmap) - set(od)
        if missing:
            self.bad("R-OFFICER-DRAW", f"{len(missing)} visits lack an officer draw record, e.g. {sorted(missing)[:3]}")

    def redraw(self, V, od, seed):
        """Recompute the eligible set of each local team in (date, visit_id) order and compare with
        'considered': it must be the HMAC-ordered eligible list's prefix."""
        pol = self.pol
        cap_on = int(pol["max_visits_per_officer_per_day"])
        cap_rem = int(pol["max_remote_checks_per_officer_per_day"])
        day_on, day_rem, year_on = collections.Counter(), collections.Counter(), collections.Counter()
        by_team = collections.defaultdict(list)
        for o in self.off.values():
            by_team[o.team_id].append(o.officer_id)
        n_bad = 0
        for v in sorted(V.itertuples(), key=lambda r: (r.date, r.visit_id)):
            d = D(v.date)
            per = od.get(v.visit_id, {})
            for a, rec in per.items():
                team = rec.get("team")
                if not team or team not in self.teams or str(self.teams[team].district_code).endswith("00"):
                    continue
                elig = []
                for o in by_team[team]:
                    if not (self.cert_ok(o, d) and self.present(o, d) and (o, v.enterprise_id) not in self.recused):
                        continue
                    if v.mode == "onsite" and (day_on[(o, d)] >= cap_on or year_on[o] >= self.budget(o)):
                        continue
                    if v.mode == "remote" and day_rem[(o, d)] >= cap_rem:
                        continue
                    elig.append(o)
                elig.sort(key=lambda o: hmac.new(seed, f"officer|{v.visit_id}|{o}".encode(), hashlib.sha256).digest())
                cons = rec.get("considered", [])
                if cons != elig[:len(cons)]:
                    self.bad("R-OFFICER-DRAW", f"{v.visit_id} {d} {a}/{team}: considered {cons}, redraw gives "
                             f"{elig[:len(cons) + 1]}")
            for o in [x for x in v.officer_ids.split(";") if x]:
                if v.mode == "onsite":
                    day_on[(o, d)] += 1
                    year_on[o] += 1
                else:
                    day_rem[(o, d)] += 1

    def check_priority(self, V):
        """Coarse R-PRIORITY: a mandatory/trigger/follow-up shortfall whose binding resource is capacity,
        while sampled visits of the same agency in the same district exist."""
        samp = V[V.basis == "sampled"]
        for s in self.plan.get("shortfalls", []):
            if s.get("kind") in ("mandatory", "trigger", "triggered", "follow_up") and s.get("rule") != "R-ITEM":
                a = s.get("agency")
                eid = s.get("id")
                dist = self.ent[eid].district_code if eid in self.ent else s.get("district")
                if a and dist:
                    sub = samp[(samp.district_code == str(dist)) & samp.agency_ids.str.split(";").apply(lambda x: a in x)
                               & (samp["mode"] == "onsite")]
                    if len(sub):
                        self.wn("R-PRIORITY", f"{s.get('kind')} shortfall {eid} ({a}, {dist}, {s.get('rule')}: "
                                f"{s.get('binding')}) while {len(sub)} on-site sampled visits of {a} in {dist} exist")

    def report(self):
        for l in self.lines:
            print(l)
        kinds = collections.Counter(s.get("kind") for s in self.plan.get("shortfalls", []))
        rules = collections.Counter(s.get("rule") for s in self.plan.get("shortfalls", []))
        print(f"visits {len(self.V)}; shortfalls by kind {dict(kinds)}; by rule {dict(rules)}")
        print("violations:", dict(self.viol) or "none", "| warnings:", dict(self.warn) or "none")
        print("JUDGE:", "FAIL" if self.viol else "PASS")
        return 1 if self.viol else 0


def year_check(bundle, plan, ydir):
    """The year in motion: the final state of simulate-year (year-state.json) against rules.md."""
    st = json.load(open(os.path.join(ydir, "year-state.json"), encoding="utf-8"))
    j = Judge(bundle, plan)
    pol = j.pol
    for o, days in st.get("extra_away", {}).items():
        for d in days:
            j.away[o].append((D(d), D(d)))
    for o, days in (st.get("suspended") or {}).items():
        for d in (days if isinstance(days, list) else [days]):
            try:
                j.away[o].append((D(d), dt.date(j.year, 12, 31)))
            except Exception:
                pass
    vis = [v for v in st["visits"] if v.get("status") not in ("cancelled", "dropped", "void")]
    V = pd.DataFrame(vis).fillna("")
    for c in ["agency_ids", "item_ids", "officer_ids"]:
        V[c] = V[c].map(lambda x: ";".join(x) if isinstance(x, list) else str(x))
    j.V = V
    trig = {t["trigger_id"]: t for t in st.get("triggers", [])}
    j.B["triggers"] = pd.DataFrame(st.get("triggers", []))
    # reuse the per-visit checks: run() minus plan-only parts
    for name in ("check_tier", "check_lottery", "check_coverage", "check_follow", "check_selection",
                 "check_officer_draw", "check_priority", "check_triggers"):
        setattr(j, name, lambda *a, **k: None)
    j.run()
    # R-CODE
    codes = [v.get("code") for v in st["visits"]]
    if any(not c for c in codes) or len(set(codes)) != len(codes):
        j.bad("R-CODE", f"{sum(1 for c in codes if not c)} visits without code, {len(codes) - len(set(codes))} duplicates")
    # R-RECORD
    recs = {r["visit_id"]: r for r in st.get("records", [])}
    k = int(pol["officers_per_agency_on_visit"])
    for v in vis:
        if v.get("status") == "done":
            r = recs.get(v["visit_id"])
            if r is None:
                j.bad("R-RECORD", f"{v['visit_id']} done without a record")
                continue
            its = v["item_ids"].split(";") if isinstance(v["item_ids"], str) else v["item_ids"]
            if set(r["outcomes"]) != set(its):
                j.bad("R-RECORD", f"{v['visit_id']}: outcomes for {sorted(r['outcomes'])} but items {sorted(its)}")
            if any(o in ("violation", "serious") for o in r["outcomes"].values()) and not r.get("rectify_by"):
                j.bad("R-RECORD", f"{v['visit_id']}: violation without a rectification deadline")
            d = D(r["date"])
            if r["date"] != v["date"] and not r.get("planned_on"):
                j.bad("R-RECORD", f"{v['visit_id']}: recorded on {r['date']} but visit dated {v['date']}, not flagged")
            if v["mode"] == "onsite":
                ags = v["agency_ids"].split(";") if isinstance(v["agency_ids"], str) else v["agency_ids"]
                for a in ags:
                    n = sum(1 for o in r["officer_ids"] if o in j.off and j.teams[j.off[o].team_id].agency_id == a
                            and j.cert_ok(o, d) and j.present(o, d))
                    if n < k:
                        j.bad("R-RECORD", f"{v['visit_id']} {d}: record shows {n} certified present {a} officers")
    # deadlines
    ms = st.get("milestones", {})
    for v in vis:
        if v.get("status") != "done":
            continue
        m = ms.get(v["visit_id"], {})
        d = D(recs.get(v["visit_id"], v)["date"])
        for key, lim, kind in (("feedback", pol.get("feedback_within_workdays", 5), "wd"),
                               ("publish", pol.get("publish_results_within_workdays", 20), "wd"),
                               ("transfer", pol.get("transfer_within_workdays", 10), "wd")):
            if key in m and D(m[key]) > j.add_workdays(d, int(lim)):
                j.bad("R-" + key.upper(), f"{v['visit_id']} done {d}: {key} on {m[key]} later than {lim} workdays")
        if "feedback" not in m:
            j.bad("R-FEEDBACK", f"{v['visit_id']}: no feedback milestone")
        if "transfer_feedback" in m and "transfer_decision" in m:
            if D(m["transfer_feedback"]) > j.add_workdays(D(m["transfer_decision"]), int(pol.get("transfer_feedback_within_workdays", 5))):
                j.bad("R-TRANSFER", f"{v['visit_id']}: transfer feedback {m['transfer_feedback']} late after decision {m['transfer_decision']}")
        if "archive" in m:
            fin = max(D(x) for kk, x in m.items() if kk != "archive")
            if (D(m["archive"]) - fin).days > int(pol.get("archive_within_days", 60)):
                j.bad("R-ARCHIVE", f"{v['visit_id']}: archived {m['archive']} > 60 days after {fin}")
        if m.get("publish") and D(m["publish"]) < d:
            j.bad("R-PUBLISH", f"{v['visit_id']}: result published {m['publish']} before the visit {d}")
    # R-INSERT: windows, moves per version, pinned
    plan_v = {r.visit_id: r for r in j.__class__(bundle, plan).V.itertuples()}
    for t in st.get("triggers", []):
        vs = [v for v in vis if v.get("trigger_id") == t["trigger_id"]]
        rec = D(t["received_on"])
        n = int(pol["urgent_within_workdays"] if truthy(t.get("urgent")) else pol["trigger_within_workdays"])
        dl = j.add_workdays(rec, n)
        if vs and not any(rec <= D(v["date"]) <= dl for v in vs):
            j.bad("R-INSERT", f"trigger {t['trigger_id']} received {rec}: visits {[v['date'] for v in vs]} after {dl}")
        if not vs and not any(t["trigger_id"] in json.dumps(x, ensure_ascii=False) for x in
                              st.get("shortfalls", []) + j.plan.get("shortfalls", [])):
            j.bad("R-INSERT", f"trigger {t['trigger_id']} never visited and no shortfall")
    for ver in st.get("versions", []):
        moved = [c for c in ver.get("changes", []) if c.get("action") in ("move", "moved", "reschedule")]
        if ver.get("kind") == "insert" and len(moved) > int(pol.get("max_moved_visits", 3)):
            j.bad("R-INSERT", f"version {ver['number']}: {len(moved)} moves > max_moved_visits")
        if ver.get("state") != "approved":
            j.wn("R-APPROVE", f"version {ver['number']} ({ver['kind']}) state {ver['state']}")
    # case review: uniform seeded lottery per quarter over archived case files
    seed = str(j.plan["seed"]).encode()
    arch = collections.defaultdict(list)
    for vid, m in ms.items():
        if "archive" in m:
            a = D(m["archive"])
            arch[f"{a.year}Q{(a.month - 1) // 3 + 1}"].append(vid)
    ratio = float(pol.get("case_review_ratio", 0.10))
    for q, picked in st.get("case_reviews", {}).items():
        pool = arch.get(q, [])
        n = math.ceil(ratio * len(pool) - 1e-9)
        keyed = sorted(pool, key=lambda c: (-math.log((int.from_bytes(hmac.new(seed, f"case|{q}|{c}".encode(),
                                                        hashlib.sha256).digest()[:8], "big") + 0.5) / 2 ** 64), c))
        if sorted(picked) != sorted(keyed[:n]):
            j.bad("R-CASE-REVIEW", f"{q}: {len(picked)} picked of {len(pool)} archived; redraw gives {n}, "
                  f"overlap {len(set(picked) & set(keyed[:n]))}")
    # R-LEARN: next-bundle inspections rows for every done visit
    nb = os.path.join(ydir, "next-bundle", "inspections.csv")
    if os.path.exists(nb):
        H = pd.read_csv(nb, dtype=str, keep_default_na=False)
        this = H[H.inspected_on.str.startswith(str(j.year))]
        need = sum(len((v["agency_ids"].split(";") if isinstance(v["agency_ids"], str) else v["agency_ids"]))
                   for v in vis if v.get("status") == "done")
        if len(this) < len([v for v in vis if v.get("status") == "done"]):
            j.bad("R-LEARN", f"next-bundle holds {len(this)} rows of {j.year}, {need} agency-visits done")
        print(f"R-LEARN: {len(this)} rows of {j.year} in next-bundle/inspections.csv; {need} agency-visits done")
    else:
        j.bad("R-LEARN", "no next-bundle/inspections.csv")
    return j


if __name__ == "__main__":
    if sys.argv[1] == "--year":
        j = year_check(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        j = Judge(sys.argv[1], sys.argv[2]).run()
    sys.exit(j.report())
