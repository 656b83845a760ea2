"""Independent judge of a plan folder against its bundle, from /work/shared/spec/{plan,rules,bundle}.md alone.

python judge.py BUNDLE PLAN_DIR [--json OUT]
Prints one line per check: PASS/FAIL count and up to 5 examples. Exit 1 if any HARD check fails.
"""
from __future__ import annotations

import collections
import datetime as dt
import hashlib
import hmac
import json
import math
import os
import sys
from decimal import Decimal

import pandas as pd

D = dt.date.fromisoformat
ZH = {"建筑施工": "construction", "房地产开发": "real_estate", "物业服务": "property_mgmt", "燃气经营": "gas",
      "工程监理": "supervision", "勘察设计": "survey_design", "工程质量检测": "testing", "预拌混凝土": "ready_mix",
      "市政公用": "municipal", "其他": "other", "微型": "micro", "小型": "small", "中型": "medium", "大型": "large",
      "表彰奖励": "commendation", "良好信用信息": "good", "不良信用信息": "bad", "严重失信主体名单": "serious_dishonest",
      "信用修复": "repair", "未发现问题": "compliant", "轻微问题": "minor", "违法违规": "violation", "严重违法违规": "serious",
      "执法人员": "enforcement", "执法辅助人员": "auxiliary", "法制审核人员": "legal_review", "投诉举报": "complaint",
      "转办交办": "referral", "数据监测": "data_monitoring", "企业申请": "enterprise_request"}
DEFAULTS = {"tiers": {"A": {"sample_ratio": 0.03, "visits": 1}, "B": {"sample_ratio": 0.20, "visits": 1},
                      "C": {"sample_ratio": 0.60, "visits": 1}, "D": {"sample_ratio": 1.00, "visits": 2}},
            "sampling": "weighted_lottery", "min_lottery_weight": 0.05, "max_visits_per_agency_per_enterprise": 2,
            "max_entries_per_enterprise": 3, "min_days_between_visits": 30, "min_days_between_repeat_visits": 90,
            "officers_per_agency_on_visit": 2, "max_visits_per_officer_per_day": 2, "max_visits_per_officer_per_year": 60,
            "max_remote_checks_per_officer_per_day": 8, "onsite_required_tiers": ["D"], "trigger_within_workdays": 15,
            "urgent_within_workdays": 3}


def code(x):
    x = "" if pd.isna(x) else str(x).strip()
    return ZH.get(x, x)


def boolv(x):
    x = "" if pd.isna(x) else str(x).strip().lower()
    return x in ("true", "是", "1", "yes")


def lst(x):
    if pd.isna(x) or str(x).strip() == "":
        return []
    return [code(s) for s in str(x).split(";") if s.strip()]


def rd(bundle, name):
    p = os.path.join(bundle, name)
    if not os.path.exists(p):
        return pd.DataFrame()
    return pd.read_csv(p, dtype=str, encoding="utf-8-sig", keep_default_na=False)


class Judge:
    def __init__(self, bundle, plan):
        self.fail = collections.OrderedDict()
        self.info = collections.OrderedDict()
        self.bundle, self.plan = bundle, plan
        pol = {}
        if os.path.exists(os.path.join(bundle, "policy.json")):
            pol = json.load(open(os.path.join(bundle, "policy.json"), encoding="utf-8"))
        self.P = dict(DEFAULTS)
        self.P.update(pol)
        self.year = int(self.P.get("year", 2027))
        self.pj = json.load(open(os.path.join(plan, "plan.json"), encoding="utf-8"))
        self.seed = self.pj.get("seed", self.P.get("seed"))
        E = rd(bundle, "enterprises.csv")
        self.ent = {r.enterprise_id: dict(district=r.district_code, sector=code(r.sector),
                                          remote=boolv(r.remote_monitoring)) for r in E.itertuples()}
        self.items = {}
        for r in rd(bundle, "items.csv").itertuples():
            self.items[r.item_id] = dict(agency=r.agency_id, sectors=set(lst(r.sectors)), remote=boolv(r.remote_allowed))
        self.teams = {r.team_id: dict(agency=r.agency_id, district=r.district_code, maxday=int(r.max_visits_per_day))
                      for r in rd(bundle, "teams.csv").itertuples()}
        self.off = {}
        for r in rd(bundle, "officers.csv").itertuples():
            self.off[r.officer_id] = dict(team=r.team_id, role=code(r.role),
                                          cert=D(r.certificate_expires_on) if r.certificate_expires_on else None,
                                          budget=int(float(r.annual_visit_budget)) if r.annual_visit_budget else
                                          int(self.P["max_visits_per_officer_per_year"]))
        self.unav = collections.defaultdict(list)
        for r in rd(bundle, "unavailability.csv").itertuples():
            self.unav[r.officer_id].append((D(r.start_on), D(r.end_on)))
        self.recused = set((r.officer_id, r.enterprise_id) for r in rd(bundle, "recusals.csv").itertuples())
        self.cal = {}
        for r in rd(bundle, "calendar.csv").itertuples():
            self.cal[D(r.date)] = boolv(r.workday)
        self.triggers = {r.trigger_id: dict(ent=r.enterprise_id, agency=r.agency_id, on=D(r.received_on),
                                            urgent=boolv(r.urgent)) for r in rd(bundle, "triggers.csv").itertuples()}
        self.recs = rd(bundle, "credit_records.csv")
        self.grades = rd(bundle, "credit_grades.csv")
        self.insp = rd(bundle, "inspections.csv")
        V = pd.read_csv(os.path.join(plan, "visits.csv"), dtype=str, keep_default_na=False)
        self.V = V
        self.S = pd.read_csv(os.path.join(plan, "selection.csv"), dtype=str, keep_default_na=False)
        self.k = int(self.P["officers_per_agency_on_visit"])

    # ------------------------------------------------------------------ helpers
    def workday(self, d):
        if d in self.cal:
            return self.cal[d]
        if d.year == self.year:
            return None  # unknown: we only judge bundles with a full calendar.csv
        return d.weekday() < 5

    def add(self, check, msg):
        self.fail.setdefault(check, []).append(msg)

    def away(self, o, d):
        return any(a <= d <= b for a, b in self.unav.get(o, []))

    def team_ok(self, team, district):
        t = self.teams[team]
        if t["district"] == district:
            return True
        return t["district"].endswith("00") and t["district"][:4] == district[:4]

    def applicable(self, eid):
        sec = self.ent[eid]["sector"]
        out = collections.defaultdict(list)
        for iid, it in self.items.items():
            if sec in it["sectors"]:
                out[it["agency"]].append(iid)
        return out

    def window_end(self, t):
        n = int(self.P["urgent_within_workdays"] if t["urgent"] else self.P["trigger_within_workdays"])
        d, c = t["on"], 0
        while c < n:
            d += dt.timedelta(days=1)
            if self.workday(d):
                c += 1
        return d

    # ------------------------------------------------------------------ tiers (R-TIER, invariant 9)
    def expected_tiers(self):
        y0 = dt.date(self.year, 1, 1)
        forced = set()
        by = collections.defaultdict(list)
        for r in self.recs.itertuples():
            by[r.enterprise_id].append((D(r.recorded_on), code(r.kind), D(r.expires_on) if r.expires_on else None))
        for eid, rs in by.items():
            for on, kind, exp in rs:
                if kind != "serious_dishonest":
                    continue
                if exp is not None and exp < y0:
                    continue
                if any(k2 == "repair" and on2 > on for on2, k2, _ in rs):
                    continue
                forced.add(eid)
        latest = {}
        for r in self.grades.itertuples():
            d = D(r.rated_on)
            if r.enterprise_id not in latest or d > latest[r.enterprise_id][0]:
                latest[r.enterprise_id] = (d, r.grade.strip())
        return forced, {k: v[1] for k, v in latest.items()}

    # ------------------------------------------------------------------ main
    def run(self):
        P, V, S = self.P, self.V, self.S
        k = self.k
        y0, y1 = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        sel = {r.enterprise_id: r for r in S.itertuples()}
        self.sel_basis = {e: r.basis for e, r in sel.items()}
        self.sel_rank = {e: r.draw_rank for e, r in sel.items()}
        tier = {e: r.tier for e, r in sel.items()}
        forced, graded = self.expected_tiers()
        # --- selection completeness and R-TIER
        for e in self.ent:
            if e not in sel:
                self.add("selection: one row per enterprise", e)
        for e in forced:
            if tier.get(e) != "D":
                self.add("R-TIER serious_dishonest -> D", f"{e} tier {tier.get(e)}")
        for e, g in graded.items():
            if e not in forced and tier.get(e) != g:
                self.add("R-TIER latest official grade", f"{e} tier {tier.get(e)} grade {g}")
        for e, r in sel.items():
            if r.tier == "D" and e not in forced and graded.get(e) not in (None, "D"):
                pass  # covered above
        self.info["tiers"] = dict(collections.Counter(tier.values()))
        self.info["forced_D"] = len(forced)
        # --- per-visit checks
        onsite_day = collections.Counter()     # (officer, date) onsite
        remote_day = collections.Counter()
        year_onsite = collections.Counter()
        team_day = collections.Counter()
        ent_day = collections.Counter()
        planned = collections.defaultdict(list)  # eid -> [(date, agencies, mode)]
        trig_met = collections.defaultdict(list)
        fu_met = set()
        cover = collections.defaultdict(collections.Counter)  # (eid, basis) -> item -> count
        agency_visits_by = collections.defaultdict(list)  # (eid, agency, basis)
        ids = collections.Counter(V.visit_id)
        for vid, n in ids.items():
            if n > 1:
                self.add("visit_id unique", vid)
        V = V.assign(dd=V.date.map(D))
        self.Vd = V
        vis_officers = {}
        for r in V.itertuples():
            d = r.dd
            e = r.enterprise_id
            if e not in self.ent:
                self.add("enterprise exists", f"{r.visit_id} {e}")
                continue
            if not (y0 <= d <= y1) or not self.workday(d):
                self.add("R-WORKDAY", f"{r.visit_id} {d}")
            if r.district_code != self.ent[e]["district"]:
                self.add("district_code = enterprise's", f"{r.visit_id} {r.district_code} vs {self.ent[e]['district']}")
            if r.tier != tier.get(e):
                self.add("visit tier = selection tier", f"{r.visit_id} {r.tier} vs {tier.get(e)}")
            ags = r.agency_ids.split(";")
            if r.lead_agency_id not in ags:
                self.add("lead in agency_ids", r.visit_id)
            if r.mode not in ("onsite", "remote"):
                self.add("mode", r.visit_id)
            if r.basis not in ("mandatory", "sampled", "triggered", "follow_up"):
                self.add("R-BASIS", f"{r.visit_id} {r.basis}")
            its = r.item_ids.split(";") if r.item_ids else []
            appl = self.applicable(e)
            ag_items = collections.defaultdict(list)
            for i in its:
                it = self.items.get(i)
                if it is None or it["agency"] not in ags:
                    self.add("R-ITEM item of a visiting agency", f"{r.visit_id} {i}")
                    continue
                if self.ent[e]["sector"] not in it["sectors"]:
                    self.add("R-ITEM item applies to sector", f"{r.visit_id} {i} {self.ent[e]['sector']}")
                ag_items[it["agency"]].append(i)
            for a in ags:
                if not ag_items[a] and r.basis in ("mandatory", "sampled"):
                    self.add("agency on a planned visit with no item", f"{r.visit_id} {a}")
            offs = r.officer_ids.split(";") if r.officer_ids else []
            vis_officers[r.visit_id] = offs
            by_ag = collections.defaultdict(list)
            for o in offs:
                if o not in self.off:
                    self.add("officer exists", f"{r.visit_id} {o}")
                    continue
                od = self.off[o]
                ta = self.teams[od["team"]]["agency"]
                if ta not in ags:
                    self.add("officer of a non-participating agency", f"{r.visit_id} {o}")
                by_ag[ta].append(o)
                if self.away(o, d):
                    self.add("R-AVAIL officer away", f"{r.visit_id} {o} {d}")
                if (o, e) in self.recused:
                    self.add("R-RECUSE", f"{r.visit_id} {o} {e}")
                if r.mode == "onsite":
                    onsite_day[(o, d)] += 1
                    year_onsite[o] += 1
                else:
                    remote_day[(o, d)] += 1
            teams_here = set()
            for a in ags:
                of = by_ag.get(a, [])
                enf = [o for o in of if self.off[o]["role"] == "enforcement" and self.off[o]["cert"] and self.off[o]["cert"] >= d]
                need = k if r.mode == "onsite" else 1
                if len(enf) < need:
                    self.add("R-PAIR/R-CERT certified enforcement per agency", f"{r.visit_id} {a} {len(enf)}<{need} ({r.mode})")
                tms = set(self.off[o]["team"] for o in of)
                if len(tms) > 1:
                    self.add("R-TEAM one team per agency", f"{r.visit_id} {a} {sorted(tms)}")
                for t in tms:
                    teams_here.add(t)
                    if not self.team_ok(t, self.ent[e]["district"]):
                        self.add("R-TEAM district", f"{r.visit_id} {t} -> {self.ent[e]['district']}")
            for t in teams_here:
                team_day[(t, d)] += 1
            ent_day[(e, d)] += 1
            if r.basis in ("mandatory", "sampled"):
                planned[e].append((d, ags, r.mode, r.visit_id))
                for i in its:
                    cover[(e, r.basis)][i] += 1
                for a in ags:
                    agency_visits_by[(e, a, r.basis)].append(d)
                # R-REMOTE
                if r.mode == "onsite" and r.tier not in P["onsite_required_tiers"] and its and self.ent[e]["remote"] \
                        and all(self.items[i]["remote"] for i in its if i in self.items):
                    self.add("R-REMOTE onsite visit whose items are all remote-checkable", r.visit_id)
            elif r.basis == "triggered":
                tid = r.trigger_id
                t = self.triggers.get(tid)
                if t is None:
                    self.add("triggered visit names a bundle trigger", f"{r.visit_id} {tid}")
                else:
                    if t["ent"] != e or t["agency"] not in ags:
                        self.add("trigger visit: its enterprise and agency", f"{r.visit_id} {tid}")
                    trig_met[tid].append(d)
            elif r.basis == "follow_up":
                for a in ags:
                    fu_met.add((e, a))
        for (o, d), n in onsite_day.items():
            if n > int(P["max_visits_per_officer_per_day"]):
                self.add("R-AVAIL officer onsite/day", f"{o} {d} {n}")
        for (o, d), n in remote_day.items():
            if n > int(P["max_remote_checks_per_officer_per_day"]):
                self.add("R-AVAIL officer remote/day", f"{o} {d} {n}")
        for o, n in year_onsite.items():
            if n > self.off[o]["budget"]:
                self.add("R-AVAIL officer annual budget", f"{o} {n}>{self.off[o]['budget']}")
        for (t, d), n in team_day.items():
            if n > self.teams[t]["maxday"]:
                self.add("R-AVAIL team visits/day", f"{t} {d} {n}>{self.teams[t]['maxday']}")
        for (e, d), n in ent_day.items():
            if n > 1:
                self.add("R-JOINT one row per enterprise-day", f"{e} {d} {n} rows")
        # --- caps and gaps (planned visits; entries = on-site days)
        capA = int(P["max_visits_per_agency_per_enterprise"])
        capE = int(P["max_entries_per_enterprise"])
        g1, g2 = int(P["min_days_between_visits"]), int(P["min_days_between_repeat_visits"])
        self.entry_days, self.agency_days = {}, {}
        for e, vs in planned.items():
            on = sorted(set(d for d, a, m, _ in vs if m == "onsite"))
            self.entry_days[e] = on
            if len(on) > capE:
                self.add("R-CAP-ENTRY", f"{e} {len(on)}>{capE}")
            for x, y in zip(on, on[1:]):
                if (y - x).days < g1:
                    self.add("R-GAP planned entries", f"{e} {x} {y}")
            per = collections.defaultdict(list)
            for d, ags, m, _ in vs:
                for a in ags:
                    per[a].append((d, m))
            for a, lst_ in per.items():
                self.agency_days[(e, a)] = sorted(d for d, m in lst_)
                if sum(1 for d, m in lst_ if m == "onsite") > capA:
                    self.add("R-CAP-AGENCY", f"{e} {a}")
                ds = sorted(d for d, m in lst_)
                for x, y in zip(ds, ds[1:]):
                    if (y - x).days < g2:
                        self.add("R-GAP same agency", f"{e} {a} {x} {y}")
        # --- shortfalls named
        sf = self.pj.get("shortfalls", [])
        sf_text = json.dumps(sf, ensure_ascii=False)
        self.info["shortfalls"] = len(sf)
        self.info["shortfalls_by_rule"] = dict(collections.Counter(s.get("rule") for s in sf))
        self.info["shortfalls_by_kind"] = dict(collections.Counter(s.get("kind") for s in sf))
        # --- triggers (R-TRIGGER)
        self.unmet_trig = []
        for tid, t in self.triggers.items():
            end = self.window_end(t)
            ds = trig_met.get(tid, [])
            ok = [d for d in ds if t["on"] <= d <= end]
            if ds and not ok:
                self.add("R-TRIGGER visited outside its window", f"{tid} {ds} window {t['on']}..{end}")
            if not ok:
                self.unmet_trig.append((tid, end))
                if tid not in sf_text:
                    self.add("R-TRIGGER unmet and not in shortfalls", tid)
        self.info["triggers"] = f"{len(self.triggers) - len(self.unmet_trig)}/{len(self.triggers)} met"
        # --- follow-ups (R-FOLLOW): last year's unrectified violations
        need_fu = set()
        for r in self.insp.itertuples():
            if code(r.outcome) in ("violation", "serious") and str(r.rectified).strip() in ("false", "否") \
                    and D(r.inspected_on).year == self.year - 1:
                need_fu.add((r.enterprise_id, r.agency_id))
        self.unmet_fu = [x for x in need_fu if x not in fu_met]
        for e, a in self.unmet_fu:
            if e not in sf_text:
                self.add("R-FOLLOW unmet and not in shortfalls", f"{e} {a}")
        self.info["follow_ups"] = f"{len(need_fu) - len(self.unmet_fu)}/{len(need_fu)} met"
        # --- coverage (invariant 5) and lottery (invariant 6, 10)
        tiers = P["tiers"]
        self.unmet_mand = []
        for e, tr in tier.items():
            if e not in self.ent:
                continue
            tp = tiers.get(tr, {})
            ratio, nvis = float(tp.get("sample_ratio", 0)), int(tp.get("visits", 1))
            appl = self.applicable(e)
            if not appl:
                continue
            basis = "mandatory" if ratio >= 1 else "sampled"
            if basis == "sampled" and sel[e].selected != "true":
                continue
            if basis == "sampled" and sel[e].basis != "sampled":
                continue
            for a, its in appl.items():
                short = max(nvis - cover[(e, basis)][i] for i in its)
                if short > 0:
                    if basis == "mandatory":
                        self.unmet_mand.append((e, a, short))
                    if e not in sf_text:
                        self.add(f"coverage: {basis} item coverage short and not in shortfalls", f"{e} {a} short {short}")
        self.info["mandatory agency-visits unmet"] = sum(s for _, _, s in self.unmet_mand)
        self.lottery(sel, tier)
        self.priority()
        self.officer_draw(vis_officers)
        # selection consistency
        cnt = collections.Counter(V.enterprise_id)
        for e, r in sel.items():
            if int(r.visits_planned or 0) != cnt.get(e, 0):
                self.add("selection.visits_planned = visits rows", f"{e} {r.visits_planned} vs {cnt.get(e, 0)}")
            if (r.selected == "true") != (cnt.get(e, 0) > 0):
                self.add("selection.selected iff a visit", e)

    # ------------------------------------------------------------------ lottery
    def lottery(self, sel, tier):
        P = self.P
        seed = str(self.seed).encode("utf-8")
        mw = float(P.get("min_lottery_weight", 0.05))
        uniform = P.get("sampling") == "uniform_lottery"
        self.info["places"] = {}
        self.capacity_skipped = collections.defaultdict(list)
        for tr, tp in P["tiers"].items():
            ratio = float(tp["sample_ratio"])
            if ratio >= 1:
                continue
            pool = [e for e, t in tier.items() if t == tr and e in self.ent and self.applicable(e)]
            keys = []
            for e in pool:
                h = hmac.new(seed, f"{tr}|{e}".encode(), hashlib.sha256).digest()
                u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
                w = 1.0 if uniform else max(float(sel[e].risk_score), mw)
                keys.append((-(math.log(u) / w), e))
            keys.sort()
            places = math.ceil(Decimal(str(tp["sample_ratio"])) * len(pool))
            fplaces = math.ceil(ratio * len(pool))
            if fplaces != places:
                self.info.setdefault("float ceil differs", []).append(f"{tr}: exact {places}, float {fplaces}")
            self.info["places"][tr] = places
            pj_places = self.pj.get("places", {}).get(tr)
            if pj_places is not None and int(pj_places) != places:
                self.add("lottery places = ceil(ratio x pool)", f"{tr} plan {pj_places} vs {places} (pool {len(pool)})")
            rank = {e: i + 1 for i, (_, e) in enumerate(keys)}
            for e in pool:
                dr = sel[e].draw_rank
                if str(dr) != str(rank[e]):
                    self.add("invariant 10 draw_rank", f"{tr} {e} plan {dr} judge {rank[e]}")
            selected = [e for e in pool if sel[e].basis == "sampled" and sel[e].selected == "true"]
            if len(selected) > places:
                self.add("invariant 10 no more than places", f"{tr} {len(selected)}>{places}")
            worst = max((rank[e] for e in selected), default=0)
            for e in pool:
                b = sel[e].basis
                if b == "not_drawn" and rank[e] < worst:
                    self.add("invariant 6 not_drawn ranked before a selected one", f"{tr} {e} rank {rank[e]} < {worst}")
                if b == "capacity":
                    self.capacity_skipped[tr].append((rank[e], e))
            if len(selected) < places:
                nd = [e for e in pool if sel[e].basis == "not_drawn"]
                if nd:
                    self.add("invariant 6/R-SAMPLE places left unfilled while pool firms not tried",
                             f"{tr}: {len(selected)} of {places} places, {len(nd)} not_drawn")
            self.info[f"tier {tr}"] = f"pool {len(pool)} places {places} sampled {len(selected)} capacity-skipped {len(self.capacity_skipped[tr])}"

    # ------------------------------------------------------------------ R-PRIORITY / could-have-been-placed
    def loads(self):
        if hasattr(self, "_loads"):
            return self._loads
        od, yo, td = collections.Counter(), collections.Counter(), collections.Counter()
        for r in self.Vd.itertuples():
            offs = r.officer_ids.split(";") if r.officer_ids else []
            ts = set()
            for o in offs:
                if o in self.off:
                    if r.mode == "onsite":
                        od[(o, r.dd)] += 1
                        yo[o] += 1
                    ts.add(self.off[o]["team"])
            for t in ts:
                td[(t, r.dd)] += 1
        self._loads = (od, yo, td)
        return self._loads

    def free_slot(self, e, a, days, planned_rules):
        """A day in `days` on which team(s) of agency a have k officers free (present, certified, not recused, under
        day cap and year budget) and the team under its day cap; planned_rules: keep caps/gaps of planned visits."""
        od, yo, td = self.loads()
        dist = self.ent[e]["district"]
        mx = int(self.P["max_visits_per_officer_per_day"])
        for d in days:
            if not self.workday(d):
                continue
            if planned_rules and not self.cap_gap_ok(e, a, d):
                continue
            for t, tm in self.teams.items():
                if tm["agency"] != a or not self.team_ok(t, dist) or td[(t, d)] >= tm["maxday"]:
                    continue
                free = [o for o, od_ in self.off.items() if od_["team"] == t and od_["role"] == "enforcement"
                        and od_["cert"] and od_["cert"] >= d and not self.away(o, d) and (o, e) not in self.recused
                        and od[(o, d)] < mx and yo[o] < od_["budget"]]
                if len(free) >= self.k:
                    return d, t, free
        return None

    def cap_gap_ok(self, e, a, d):
        P = self.P
        ent = set(self.entry_days.get(e, []))
        if d not in ent:
            if len(ent) + 1 > int(P["max_entries_per_enterprise"]):
                return False
            if any(abs((d - x).days) < int(P["min_days_between_visits"]) for x in ent):
                return False
        ad = self.agency_days.get((e, a), [])
        if len(ad) + 1 > int(P["max_visits_per_agency_per_enterprise"]):
            return False
        if any(abs((d - x).days) < int(P["min_days_between_repeat_visits"]) for x in ad):
            return False
        return True

    def priority(self):
        y0, y1 = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        year_days = [y0 + dt.timedelta(days=i) for i in range((y1 - y0).days + 1)]
        # (1) unmet triggers: a free slot in the window, or a planned visit that could have given way
        for tid, end in self.unmet_trig:
            t = self.triggers[tid]
            if t["agency"] not in self.applicable(t["ent"]):
                self.info["unmet triggers whose agency has no item for the sector (R-ITEM, spec-ambiguous)"] = \
                    self.info.get("unmet triggers whose agency has no item for the sector (R-ITEM, spec-ambiguous)", 0) + 1
                continue
            if t["on"] > end or end < dt.date(self.year, 1, 1):
                continue
            days = [d for d in year_days if t["on"] <= d <= end]
            fs = self.free_slot(t["ent"], t["agency"], days, False)
            if fs:
                self.add("R-PRIORITY/R-TRIGGER unmet trigger had free capacity", f"{tid} {fs[0]} team {fs[1]} free {fs[2][:4]}")
                continue
            gw = self.give_way(t["ent"], t["agency"], days, ("mandatory", "sampled"), False)
            if gw:
                self.add("R-PRIORITY unmet trigger: a planned visit could have given way", f"{tid} <- {gw}")
                continue
            bw = self.budget_way(t["ent"], t["agency"], days, ("mandatory", "sampled"), False)
            if bw:
                self.add("R-PRIORITY unmet trigger: officers' annual budget spent on planned visits", f"{tid} <- {bw}")
        # (2) unmet follow-ups: any day of the year
        for e, a in self.unmet_fu:
            if a not in self.applicable(e):
                self.info["unmet follow-ups whose agency has no item for the sector (R-ITEM, spec-ambiguous)"] = \
                    self.info.get("unmet follow-ups whose agency has no item for the sector (R-ITEM, spec-ambiguous)", 0) + 1
                continue
            fs = self.free_slot(e, a, year_days, False)
            if fs:
                self.add("R-PRIORITY/R-FOLLOW unmet follow-up had free capacity", f"{e} {a} {fs[0]} {fs[1]}")
                continue
            gw = self.give_way(e, a, year_days, ("mandatory", "sampled"), False)
            if gw:
                self.add("R-PRIORITY unmet follow-up: a planned visit could have given way", f"{e} {a} <- {gw}")
        # (3) unmet mandatory: free slot keeping caps/gaps, or a sampled visit of the same agency could give way
        for e, a, short in self.unmet_mand:
            fs = self.free_slot(e, a, year_days, True)
            if fs:
                self.add("R-PRIORITY mandatory unmet though free capacity (caps/gaps kept)", f"{e} {a} {fs[0]} {fs[1]}")
                continue
            gw = self.give_way(e, a, year_days, ("sampled",), True)
            if gw:
                self.add("R-PRIORITY mandatory unmet: a sampled visit could have given way", f"{e} {a} <- {gw}")
                continue
            bw = self.budget_way(e, a, year_days, ("sampled",), True)
            if bw:
                self.add("R-PRIORITY mandatory unmet: officers' annual budget spent on sampled visits", f"{e} {a} <- {bw}")
        # (4) capacity-skipped sampled firms ahead of selected ones in draw order (invariant 6): free slots for
        # every agency on its own (ignores interactions; a suspicion, not a proof)
        for tr, lst_ in self.capacity_skipped.items():
            for rk, e in sorted(lst_)[:200]:
                appl = self.applicable(e)
                slots = [self.free_slot(e, a, year_days, True) for a in appl]
                if all(slots):
                    self.add("SUSPECT invariant 6: capacity-skipped firm had a free slot for each agency",
                             f"{tr} rank {rk} {e} " + ", ".join(f"{a}:{s[0]}" for a, s in zip(appl, slots)))
                    continue
                proof = self.joint_swap(e, tr, rk, appl)
                if proof:
                    self.add("invariant 6 PROVEN: capacity-skipped firm could be placed on one day (free officers or a worse-ranked sampled visit's officers), every HARD rule kept",
                             f"{tr} rank {rk} {e} {proof}")

    def budget_way(self, e, a, days, classes, planned_rules):
        """A day in the window where k officers of an eligible team are present, certified, not recused, under the
        day cap, the team under its day cap, but out of annual budget, and each of them spent budget on a lower class."""
        od, yo, td = self.loads()
        lower = collections.Counter()
        for r in self.Vd.itertuples():
            if r.basis in classes and r.mode == "onsite":
                for o in (r.officer_ids.split(";") if r.officer_ids else []):
                    lower[o] += 1
        dist = self.ent[e]["district"]
        mx = int(self.P["max_visits_per_officer_per_day"])
        for d in days:
            if not self.workday(d):
                continue
            if planned_rules and not self.cap_gap_ok(e, a, d):
                continue
            for t, tm in self.teams.items():
                if tm["agency"] != a or not self.team_ok(t, dist) or td[(t, d)] >= tm["maxday"]:
                    continue
                free = [o for o, od_ in self.off.items() if od_["team"] == t and od_["role"] == "enforcement"
                        and od_["cert"] and od_["cert"] >= d and not self.away(o, d) and (o, e) not in self.recused
                        and od[(o, d)] < mx and (yo[o] < od_["budget"] or lower[o] > 0)]
                if len(free) >= self.k:
                    return f"{d} {t} " + ",".join(f"{o}(lower-class visits {lower[o]})" for o in free[:self.k])
        return None

    def need_onsite(self, e, a, tr):
        its = self.applicable(e)[a]
        return tr in self.P["onsite_required_tiers"] or not self.ent[e]["remote"] or not all(self.items[i]["remote"] for i in its)

    def joint_swap(self, e, tr, rk, appl):
        ranks = {r.enterprise_id: int(r.draw_rank) for r in self.S.itertuples() if r.tier == tr and r.draw_rank}
        worse = {x for x, rr in ranks.items() if rr > rk and self.sel_basis.get(x) == "sampled"}
        dist = self.ent[e]["district"]
        by_day = collections.defaultdict(list)
        for r in self.Vd.itertuples():
            if r.enterprise_id in worse and r.basis == "sampled":
                by_day[r.dd].append(r)
        y0 = dt.date(self.year, 1, 1)
        for i in range(365):
            d = y0 + dt.timedelta(days=i)
            if not self.workday(d):
                continue
            parts = []
            for a in appl:
                if not self.cap_gap_ok(e, a, d):
                    break
                onsite = self.need_onsite(e, a, tr)
                if onsite and self.free_slot(e, a, [d], True):
                    parts.append(f"{a}:free officers")
                    continue
                got = None
                for r in by_day.get(d, []):
                    if a not in r.agency_ids.split(";") or (onsite and r.mode != "onsite"):
                        continue
                    offs = [o for o in r.officer_ids.split(";") if o in self.off and self.teams[self.off[o]["team"]]["agency"] == a]
                    if len(offs) < (self.k if onsite else 1) or not self.team_ok(self.off[offs[0]]["team"], dist):
                        continue
                    if any((o, e) in self.recused for o in offs):
                        continue
                    got = f"{a}:{r.visit_id}({r.enterprise_id} rank {ranks[r.enterprise_id]}, officers {';'.join(offs)})"
                    break
                if not got:
                    break
                parts.append(got)
            else:
                return f"on {d}: " + "; ".join(parts)
        return None

    def give_way_from(self, e, a, firms):
        dist = self.ent[e]["district"]
        for r in self.Vd.itertuples():
            if r.enterprise_id not in firms or r.basis != "sampled" or a not in r.agency_ids.split(";"):
                continue
            offs = [o for o in r.officer_ids.split(";") if o in self.off and self.teams[self.off[o]["team"]]["agency"] == a]
            if not offs or not self.team_ok(self.off[offs[0]]["team"], dist) or any((o, e) in self.recused for o in offs):
                continue
            if not self.cap_gap_ok(e, a, r.dd):
                continue
            return f"{r.visit_id}({r.enterprise_id} rank {self.sel_rank.get(r.enterprise_id)}, {r.dd})"
        return None

    def give_way(self, e, a, days, classes, planned_rules):
        dist = self.ent[e]["district"]
        dayset = set(days)
        for r in self.Vd.itertuples():
            if r.basis not in classes or r.dd not in dayset or r.mode != "onsite":
                continue
            if a not in r.agency_ids.split(";") or r.enterprise_id == e:
                continue
            offs = [o for o in r.officer_ids.split(";") if o in self.off and self.teams[self.off[o]["team"]]["agency"] == a]
            if not offs:
                continue
            t = self.off[offs[0]]["team"]
            if not self.team_ok(t, dist):
                continue
            if any((o, e) in self.recused for o in offs):
                # other officers of the same team may be free; keep it simple: skip
                continue
            if planned_rules and not self.cap_gap_ok(e, a, r.dd):
                continue
            return f"{r.visit_id} ({r.basis}, tier {r.tier}, {r.dd}, {t})"
        return None

    # ------------------------------------------------------------------ R-OFFICER-DRAW
    def officer_draw(self, vis_officers):
        p = os.path.join(self.plan, "officer_draw.json")
        if not os.path.exists(p):
            self.info["R-OFFICER-DRAW"] = "no officer_draw.json: skipped"
            return
        dr = json.load(open(p, encoding="utf-8"))
        vis = dr.get("visits", {})
        seed = str(self.seed).encode("utf-8")
        mx = int(self.P["max_visits_per_officer_per_day"])
        mxr = int(self.P["max_remote_checks_per_officer_per_day"])
        od, yo, rdc = collections.Counter(), collections.Counter(), collections.Counter()
        n_ok = n_bad_order = n_bad_elig = n_skip = n_taken_bad = 0
        Vs = self.Vd.sort_values(["date", "visit_id"])
        seq = list(Vs.visit_id)
        order_after = {v: seq[i + 1:] for i, v in enumerate(seq)}
        for r in Vs.itertuples():
            d, e = r.dd, r.enterprise_id
            rec = vis.get(r.visit_id)
            offs = vis_officers.get(r.visit_id, [])
            if rec is None:
                self.add("R-OFFICER-DRAW visit missing from officer_draw.json", r.visit_id)
            else:
                for a, x in rec.items():
                    t = x.get("team")
                    elig = [o for o, od_ in self.off.items() if od_["team"] == t and od_["role"] == "enforcement"
                            and od_["cert"] and od_["cert"] >= d and not self.away(o, d) and (o, e) not in self.recused
                            and ((od[(o, d)] < mx and yo[o] < od_["budget"]) if r.mode == "onsite" else rdc[(o, d)] < mxr)]
                    mine = sorted(elig, key=lambda o: hmac.new(seed, f"officer|{r.visit_id}|{o}".encode(), hashlib.sha256).digest())
                    cons = x.get("considered", [])
                    if cons != mine[:len(cons)]:
                        n_bad_elig += 1
                        if n_bad_elig <= 30:
                            self.add("R-OFFICER-DRAW considered is not a prefix of the judge's HMAC-ordered eligible list",
                                     f"{r.visit_id} {a} plan {cons} judge {mine}")
                    # order of what the plan considered, by the digest
                    co = sorted(cons, key=lambda o: hmac.new(seed, f"officer|{r.visit_id}|{o}".encode(), hashlib.sha256).digest())
                    if co != cons:
                        n_bad_order += 1
                        self.add("R-OFFICER-DRAW considered not in HMAC order", f"{r.visit_id} {a}")
                    sk = x.get("skipped", [])
                    n_skip += len(sk)
                    for o in sk:
                        later = [v for v in order_after.get(r.visit_id, []) if o in vis_officers.get(v, [])]
                        if not later:
                            self.add("R-OFFICER-DRAW skipped officer never used on a later visit", f"{r.visit_id} {a} {o}")
                    expect = [o for o in cons if o not in sk][:len(x.get("taken", []))]
                    if expect != x.get("taken", []) and sorted(expect) != sorted(x.get("taken", [])):
                        n_taken_bad += 1
                        self.add("R-OFFICER-DRAW taken != first of considered minus skipped", f"{r.visit_id} {a}")
                    agoffs = [o for o in offs if o in self.off and self.teams[self.off[o]["team"]]["agency"] == a
                              and self.off[o]["role"] == "enforcement"]
                    if sorted(agoffs) != sorted(x.get("taken", [])):
                        self.add("R-OFFICER-DRAW visits.csv officers != drawn", f"{r.visit_id} {a} {agoffs} vs {x.get('taken')}")
                    n_ok += 1
            for o in offs:
                if r.mode == "onsite":
                    od[(o, d)] += 1
                    yo[o] += 1
                else:
                    rdc[(o, d)] += 1
        self.info["R-OFFICER-DRAW"] = f"{n_ok} agency-draws redrawn; eligible-set mismatches {n_bad_elig}, order {n_bad_order}, taken {n_taken_bad}, skips {n_skip}"

    def report(self):
        out = []
        for k_, v in self.info.items():
            out.append(f"INFO {k_}: {v}")
        for c, lst_ in self.fail.items():
            out.append(f"FAIL {c}: {len(lst_)}  e.g. " + " | ".join(map(str, lst_[:4])))
        if not self.fail:
            out.append("ALL HARD CHECKS PASS")
        return "\n".join(out)


if __name__ == "__main__":
    j = Judge(sys.argv[1], sys.argv[2])
    j.run()
    print(j.report())
    if "--json" in sys.argv:
        json.dump({"info": j.info, "fail": j.fail}, open(sys.argv[sys.argv.index("--json") + 1], "w"), ensure_ascii=False,
                  indent=1, default=str)
    sys.exit(1 if any(not c.startswith("SUSPECT") for c in j.fail) else 0)
