#!/usr/bin/env python3
"""foreign43 independent judge of a plan folder against plan.md / rules.md.

Usage: judge.py BUNDLE PLAN [--json OUT]
Never imports the product. Reads the bundle (CSV folder or one .xlsx in a folder) and visits.csv,
selection.csv, plan.json, officer_draw.json. Exit 1 on any HARD violation.
"""
import bisect
import csv
import hashlib
import hmac
import json
import math
import os
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta

LABELS = {
    "建筑施工": "construction", "房地产开发": "real_estate", "物业服务": "property_mgmt", "燃气经营": "gas",
    "工程监理": "supervision", "勘察设计": "survey_design", "工程质量检测": "testing", "预拌混凝土": "ready_mix",
    "市政公用": "municipal", "其他": "other", "微型": "micro", "小型": "small", "中型": "medium", "大型": "large",
    "表彰奖励": "commendation", "良好信用信息": "good", "不良信用信息": "bad", "严重失信主体名单": "serious_dishonest",
    "信用修复": "repair", "执法人员": "enforcement", "执法辅助人员": "auxiliary", "法制审核人员": "legal_review",
    "未发现问题": "compliant", "轻微问题": "minor", "违法违规": "violation", "严重违法违规": "serious",
    "是": "true", "否": "false", "投诉": "complaint", "举报": "complaint",
}
DEFAULTS = {
    "tiers": {"A": {"sample_ratio": 0.03, "visits": 1}, "B": {"sample_ratio": 0.20, "visits": 1},
              "C": {"sample_ratio": 0.60, "visits": 1}, "D": {"sample_ratio": 1.00, "visits": 2}},
    "sampling": "weighted_lottery", "min_lottery_weight": 0.05, "max_visits_per_agency_per_enterprise": 2,
    "max_entries_per_enterprise": 3, "min_days_between_visits": 30, "min_days_between_repeat_visits": 90,
    "officers_per_agency_on_visit": 2, "max_visits_per_officer_per_day": 2, "max_visits_per_officer_per_year": 60,
    "max_remote_checks_per_officer_per_day": 8, "onsite_required_tiers": ["D"], "trigger_within_workdays": 15,
    "urgent_within_workdays": 3, "reserve_capacity_ratio": 0.15, "freeze_workdays": 5, "max_moved_visits": 3,
    "feedback_within_workdays": 5, "transfer_within_workdays": 10, "transfer_feedback_within_workdays": 5,
    "archive_within_days": 60, "publish_results_within_workdays": 20,
}


def lab(v):
    v = (v or "").strip()
    return LABELS.get(v, v)


def lst(v):
    return [lab(x) for x in (v or "").split(";") if x.strip()]


def truthy(v):
    return lab(v).lower() in ("true", "1", "yes")


def D(s):
    return date.fromisoformat(s.strip())


def read_table(folder, name):
    p = os.path.join(folder, name + ".csv")
    if os.path.exists(p):
        for enc in ("utf-8-sig", "gb18030"):
            try:
                with open(p, encoding=enc, newline="") as f:
                    return [{k.strip(): (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]
            except UnicodeDecodeError:
                continue
    xl = [f for f in os.listdir(folder) if f.endswith(".xlsx")]
    if xl:
        import openpyxl
        wb = openpyxl.load_workbook(os.path.join(folder, xl[0]), read_only=True, data_only=True)
        if name in wb.sheetnames:
            rows = list(wb[name].iter_rows(values_only=True))
            hdr = [str(h).strip() for h in rows[0]]
            out = []
            for r in rows[1:]:
                if all(c is None or str(c).strip() == "" for c in r):
                    continue
                out.append({h: ("" if c is None else str(c).strip()) for h, c in zip(hdr, r)})
            return out
    return []


class Bundle:
    def __init__(self, folder):
        self.folder = folder
        pol = dict(DEFAULTS)
        pp = os.path.join(folder, "policy.json")
        if os.path.exists(pp):
            user = json.load(open(pp, encoding="utf-8"))
            for k, v in user.items():
                if k == "tiers":
                    t = {x: dict(y) for x, y in DEFAULTS["tiers"].items()}
                    for x, y in v.items():
                        t.setdefault(x, {}).update(y)
                    pol["tiers"] = t
                else:
                    pol[k] = v
        self.policy = pol
        self.year = int(pol.get("year", 2027))
        self.seed = str(pol.get("seed", ""))
        self.ent = {r["enterprise_id"]: r for r in read_table(folder, "enterprises")}
        for r in self.ent.values():
            r["sector"] = lab(r["sector"])
            r["rm"] = truthy(r.get("remote_monitoring", ""))
        self.items = {r["item_id"]: r for r in read_table(folder, "items")}
        for r in self.items.values():
            r["sec"] = set(lst(r["sectors"]))
            r["remote"] = truthy(r["remote_allowed"])
        self.agencies = {r["agency_id"]: r for r in read_table(folder, "agencies")}
        self.teams = {r["team_id"]: r for r in read_table(folder, "teams")}
        self.off = {r["officer_id"]: r for r in read_table(folder, "officers")}
        mx = int(pol["max_visits_per_officer_per_year"])
        for o in self.off.values():
            o["role"] = lab(o["role"])
            o["agency"] = self.teams[o["team_id"]]["agency_id"]
            ce = o.get("certificate_expires_on", "")
            o["cert"] = D(ce) if ce else None
            b = o.get("annual_visit_budget", "")
            o["budget"] = int(float(b)) if b not in ("", None) else mx
        self.team_off = defaultdict(list)
        for oid, o in self.off.items():
            self.team_off[o["team_id"]].append(oid)
        self.unav = defaultdict(list)
        for r in read_table(folder, "unavailability"):
            self.unav[r["officer_id"]].append((D(r["start_on"]), D(r["end_on"]) if r.get("end_on") else date(9999, 1, 1)))
        self.recuse = set((r["officer_id"], r["enterprise_id"]) for r in read_table(folder, "recusals"))
        self.credit = read_table(folder, "credit_records")
        for r in self.credit:
            r["kind"] = lab(r["kind"])
        self.grades = read_table(folder, "credit_grades")
        self.insp = read_table(folder, "inspections")
        for r in self.insp:
            r["outcome"] = lab(r["outcome"])
        self.trig = {r["trigger_id"]: r for r in read_table(folder, "triggers")}
        cal = {}
        for r in read_table(folder, "calendar"):
            cal[D(r["date"])] = truthy(r["workday"])
        self.cal = cal
        self.workdays = [d for d in (date(self.year - 1, 1, 1) + timedelta(i) for i in range(3 * 366)) if self.is_wd(d)]
        # applicable items per sector
        self.sector_items = defaultdict(list)
        for iid, it in self.items.items():
            for s in it["sec"]:
                self.sector_items[s].append(iid)

    def is_wd(self, d):
        if d in self.cal:
            return self.cal[d]
        return d.weekday() < 5

    def nth_wd_after(self, d, n):
        i = bisect.bisect_right(self.workdays, d)
        return self.workdays[i + n - 1]

    def available(self, oid, d):
        return not any(a <= d <= b for a, b in self.unav.get(oid, []))

    def certified(self, oid, d):
        o = self.off[oid]
        return o["role"] == "enforcement" and o["cert"] is not None and o["cert"] >= d

    def team_may(self, tid, district):
        td = self.teams[tid]["district_code"]
        return td == district or (td.endswith("00") and td[:4] == district[:4])

    def app_items(self, eid, agency=None):
        s = self.ent[eid]["sector"]
        return [i for i in self.sector_items[s] if agency is None or self.items[i]["agency_id"] == agency]

    def app_agencies(self, eid):
        return sorted(set(self.items[i]["agency_id"] for i in self.app_items(eid)))

    def tier_rule(self, eid):
        """R-TIER from records: (tier or None, why)."""
        recs = [r for r in self.credit if r["enterprise_id"] == eid]
        y0 = date(self.year, 1, 1)
        for r in recs:
            if r["kind"] != "serious_dishonest":
                continue
            if r.get("expires_on") and D(r["expires_on"]) < y0:
                continue
            rd = D(r["recorded_on"])
            if any(x["kind"] == "repair" and D(x["recorded_on"]) > rd for x in recs):
                continue
            return "D", "serious_dishonest " + r["recorded_on"]
        gs = [g for g in self.grades if g["enterprise_id"] == eid]
        if gs:
            g = max(gs, key=lambda g: g["rated_on"])
            return g["grade"], "grade " + g["rated_on"]
        return None, "model"


def hm(key, msg):
    return hmac.new(key.encode("utf-8"), msg.encode("utf-8"), hashlib.sha256).digest()


class Judge:
    def __init__(self, bundle, plan):
        self.b = Bundle(bundle)
        self.plan = plan
        self.viol = []
        self.warn = []
        self.info = {}
        with open(os.path.join(plan, "visits.csv"), encoding="utf-8") as f:
            self.visits = list(csv.DictReader(f))
        with open(os.path.join(plan, "selection.csv"), encoding="utf-8") as f:
            self.sel = {r["enterprise_id"]: r for r in csv.DictReader(f)}
        self.pj = json.load(open(os.path.join(plan, "plan.json"), encoding="utf-8"))
        p = os.path.join(plan, "officer_draw.json")
        self.draw = json.load(open(p, encoding="utf-8")) if os.path.exists(p) else None
        for v in self.visits:
            v["d"] = D(v["date"])
            v["ags"] = lst(v["agency_ids"])
            v["its"] = lst(v["item_ids"])
            v["offs"] = lst(v["officer_ids"])

    def V(self, rule, msg):
        self.viol.append((rule, msg))

    def W(self, rule, msg):
        self.warn.append((rule, msg))

    # ------------------------------------------------------------ per visit
    def per_visit(self):
        b, P = self.b, self.b.policy
        k = int(P["officers_per_agency_on_visit"])
        seen = set()
        self.off_day_on = Counter()
        self.off_day_rem = Counter()
        self.off_year = Counter()
        self.team_day = Counter()
        self.visit_teams = {}
        for v in self.visits:
            vid, d, e = v["visit_id"], v["d"], v["enterprise_id"]
            if vid in seen:
                self.V("plan.md", f"{vid}: duplicate visit_id")
            seen.add(vid)
            if d.year != b.year or not b.is_wd(d):
                self.V("R-WORKDAY", f"{vid}: {d} not a working day of {b.year}")
            if e not in b.ent:
                self.V("plan.md", f"{vid}: unknown enterprise {e}")
                continue
            ent = b.ent[e]
            if v["district_code"] != ent["district_code"]:
                self.V("plan.md", f"{vid}: district {v['district_code']} != {ent['district_code']}")
            if v["mode"] not in ("onsite", "remote"):
                self.V("plan.md", f"{vid}: mode {v['mode']}")
            if v["lead_agency_id"] not in v["ags"]:
                self.V("plan.md", f"{vid}: lead {v['lead_agency_id']} not in agency_ids")
            sel = self.sel.get(e)
            if sel and v["tier"] != sel["tier"]:
                self.V("plan.md", f"{vid}: tier {v['tier']} != selection {sel['tier']}")
            # items
            cov_ag = set()
            for i in v["its"]:
                it = b.items.get(i)
                if not it:
                    self.V("R-ITEM", f"{vid}: unknown item {i}")
                    continue
                if it["agency_id"] not in v["ags"]:
                    self.V("R-ITEM", f"{vid}: item {i} of {it['agency_id']} not a visiting agency")
                if ent["sector"] not in it["sec"]:
                    self.V("R-ITEM", f"{vid}: item {i} does not apply to sector {ent['sector']}")
                if not it["legal_basis"].strip():
                    self.V("R-ITEM", f"{vid}: item {i} without legal basis")
                cov_ag.add(it["agency_id"])
            for a in v["ags"]:
                if a not in cov_ag:
                    self.W("R-ITEM", f"{vid}: agency {a} takes part but covers no item")
            # basis
            bs = v["basis"]
            if bs not in ("mandatory", "sampled", "triggered", "follow_up"):
                self.V("R-BASIS", f"{vid}: basis {bs}")
            if bs == "triggered":
                t = b.trig.get(v["trigger_id"])
                if not t:
                    self.V("R-BASIS", f"{vid}: trigger {v['trigger_id']} unknown")
                elif t["enterprise_id"] != e or t["agency_id"] not in v["ags"]:
                    self.V("R-BASIS", f"{vid}: trigger {v['trigger_id']} is for {t['enterprise_id']}/{t['agency_id']}")
            elif v.get("trigger_id"):
                self.W("plan.md", f"{vid}: trigger_id on a {bs} visit")
            # officers
            by_ag = defaultdict(list)
            for o in v["offs"]:
                if o not in b.off:
                    self.V("plan.md", f"{vid}: unknown officer {o}")
                    continue
                by_ag[b.off[o]["agency"]].append(o)
                if not b.available(o, d):
                    self.V("R-AVAIL", f"{vid}: {o} unavailable on {d}")
                if (o, e) in b.recuse:
                    self.V("R-RECUSE", f"{vid}: {o} recused from {e}")
                if v["mode"] == "onsite":
                    self.off_day_on[(o, d)] += 1
                    self.off_year[o] += 1
                else:
                    self.off_day_rem[(o, d)] += 1
            for a in by_ag:
                if a not in v["ags"]:
                    self.V("R-TEAM", f"{vid}: officers of {a} but {a} not in agency_ids")
            teams = {}
            for a in v["ags"]:
                os_ = by_ag.get(a, [])
                ts = set(b.off[o]["team_id"] for o in os_)
                if len(ts) > 1:
                    self.V("R-TEAM", f"{vid}: {a} officers from several teams {sorted(ts)}")
                for t in ts:
                    if not b.team_may(t, ent["district_code"]):
                        self.V("R-TEAM", f"{vid}: team {t} may not work in {ent['district_code']}")
                    teams[a] = t
                cert = [o for o in os_ if b.certified(o, d)]
                if v["mode"] == "onsite" and len(cert) < k:
                    self.V("R-PAIR", f"{vid}: {a} has {len(cert)} certified enforcement officers on {d} (need {k}); officers {os_}")
                if v["mode"] == "remote" and v["ags"] and a == v["lead_agency_id"] and len(cert) < 1:
                    self.W("R-PAIR", f"{vid}: remote check without a certified officer of {a}")
            if v["mode"] == "remote" and not v["offs"]:
                self.V("R-PAIR", f"{vid}: remote check without any officer")
            self.visit_teams[vid] = teams
            for t in set(teams.values()):
                self.team_day[(t, d)] += 1
            # R-REMOTE
            alls_remote = ent["rm"] and v["its"] and all(b.items[i]["remote"] for i in v["its"] if i in b.items)
            if v["mode"] == "onsite" and bs in ("mandatory", "sampled") and v["tier"] not in P["onsite_required_tiers"]:
                # could all items of this visit have been remote?  (rule: items could all be checked remotely)
                if alls_remote:
                    self.V("R-REMOTE", f"{vid}: on-site {bs} tier {v['tier']} visit whose items {v['its']} are all remote-allowed (monitored)")
            if v["mode"] == "remote" and not alls_remote:
                self.V("R-REMOTE", f"{vid}: remote check of items that need a site visit / no monitoring")
        mpd = int(P["max_visits_per_officer_per_day"])
        rpd = int(P["max_remote_checks_per_officer_per_day"])
        for (o, d), c in self.off_day_on.items():
            if c > mpd:
                self.V("R-AVAIL", f"{o} on {d}: {c} on-site visits > {mpd}")
        for (o, d), c in self.off_day_rem.items():
            if c > rpd:
                self.V("R-AVAIL", f"{o} on {d}: {c} remote checks > {rpd}")
        for o, c in self.off_year.items():
            if c > b.off[o]["budget"]:
                self.V("R-AVAIL", f"{o}: {c} on-site visits > budget {b.off[o]['budget']}")
        for (t, d), c in self.team_day.items():
            if c > int(b.teams[t]["max_visits_per_day"]):
                self.V("R-AVAIL", f"team {t} on {d}: {c} visits > {b.teams[t]['max_visits_per_day']}")

    # ------------------------------------------------------------ caps, gaps, joint
    def caps(self):
        b, P = self.b, self.b.policy
        by_ed = defaultdict(list)
        self.vmode = {v["visit_id"]: v["mode"] for v in self.visits}
        for v in self.visits:
            by_ed[(v["enterprise_id"], v["d"])].append(v["visit_id"])
        for (e, d), vs in by_ed.items():
            on = [x for x in vs if self.vmode[x] == "onsite"]
            if len(on) > 1:
                self.V("R-JOINT", f"{e} on {d}: {len(on)} on-site visit rows {on}")
            elif len(vs) > 1:
                self.W("R-JOINT", f"{e} on {d}: {len(vs)} rows (on-site + remote) {vs}")
        planned = defaultdict(list)
        for v in self.visits:
            if v["basis"] in ("mandatory", "sampled"):
                planned[v["enterprise_id"]].append(v)
        capA = int(P["max_visits_per_agency_per_enterprise"])
        capE = int(P["max_entries_per_enterprise"])
        g1 = int(P["min_days_between_visits"])
        g2 = int(P["min_days_between_repeat_visits"])
        self.planned = planned
        for e, vs in planned.items():
            on = [v for v in vs if v["mode"] == "onsite"]
            days = sorted(set(v["d"] for v in on))
            if len(days) > capE:
                self.V("R-CAP-ENTRY", f"{e}: {len(days)} entry days > {capE}")
            for x, y in zip(days, days[1:]):
                if (y - x).days < g1:
                    self.V("R-GAP", f"{e}: entries {x} and {y} {(y - x).days} days apart < {g1}")
            per = defaultdict(list)
            for v in vs:
                for a in v["ags"]:
                    per[a].append(v)
            for a, avs in per.items():
                n_on = sum(1 for v in avs if v["mode"] == "onsite")
                if n_on > capA:
                    self.V("R-CAP-AGENCY", f"{e}/{a}: {n_on} on-site planned visits > {capA}")
                ds = sorted(v["d"] for v in avs)
                for x, y in zip(ds, ds[1:]):
                    if (y - x).days < g2:
                        self.V("R-GAP", f"{e}/{a}: visits {x} and {y} {(y - x).days} days apart < {g2}")

    # ------------------------------------------------------------ tiers, lottery
    def tiers_lottery(self):
        b, P = self.b, self.b.policy
        bad = 0
        for e in b.ent:
            s = self.sel.get(e)
            if not s:
                self.V("plan.md", f"selection.csv lacks {e}")
                continue
            t, why = b.tier_rule(e)
            if t and s["tier"] != t:
                bad += 1
                self.V("R-TIER", f"{e}: tier {s['tier']} but records give {t} ({why})")
        for e in self.sel:
            if e not in b.ent:
                self.V("plan.md", f"selection.csv has unknown {e}")
        self.info["tier_mismatch"] = bad
        mlw = float(P["min_lottery_weight"])
        uniform = P["sampling"] == "uniform_lottery"
        self.ranks = {}
        self.places = {}
        for t, conf in P["tiers"].items():
            r = float(conf["sample_ratio"])
            if r >= 1:
                continue
            pool = [e for e in b.ent if self.sel.get(e, {}).get("tier") == t and b.app_items(e)]
            keys = []
            for e in pool:
                h = hm(b.seed, f"{t}|{e}")
                u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
                w = 1.0 if uniform else max(float(self.sel[e]["risk_score"]), mlw)
                keys.append((-(math.log(u) / w), e))
            keys.sort()
            rk = {e: i + 1 for i, (_, e) in enumerate(keys)}
            self.ranks[t] = rk
            places = math.ceil(round(r * len(pool), 9))
            self.places[t] = places
            pjp = self.pj.get("places", {}).get(t)
            if pjp is not None and pjp != places:
                self.V("R-SAMPLE", f"tier {t}: plan.json places {pjp}, rules give ceil({r}×{len(pool)})={places}")
            mism = 0
            for e in b.ent:
                s = self.sel.get(e)
                if not s or s["tier"] != t:
                    continue
                got = s["draw_rank"]
                want = rk.get(e)
                if (str(want) if want else "") != got:
                    mism += 1
                    if mism <= 5:
                        self.V("R-SAMPLE", f"{e} tier {t}: draw_rank {got!r}, lottery gives {want}")
            if mism > 5:
                self.V("R-SAMPLE", f"tier {t}: {mism} draw_rank mismatches in all")
            nsel = sum(1 for e in pool if self.sel[e]["basis"] == "sampled")
            if nsel > places:
                self.V("R-SAMPLE", f"tier {t}: {nsel} sampled > {places} places")
            self.info[f"tier_{t}"] = dict(pool=len(pool), places=places, sampled=nsel)

    # ------------------------------------------------------------ requirements & shortfalls
    def requirements(self):
        b, P = self.b, self.b.policy
        sf = self.pj.get("shortfalls", [])
        self.sf_ids = Counter(s.get("id") for s in sf)
        self.sf_by = Counter((s.get("kind"), s.get("rule")) for s in sf)
        for s in sf:
            if not re.match(r"^R-[A-Z-]+$", str(s.get("rule", ""))):
                self.V("R-EXPLAIN", f"shortfall {s.get('id')} names no rule id: {s.get('rule')}")
            if not s.get("binding") or not s.get("binding_zh"):
                self.V("R-EXPLAIN", f"shortfall {s.get('id')} without binding resource text")
            if not s.get("agency"):
                self.W("R-EXPLAIN", f"shortfall {s.get('id')} names no agency")
        # triggers
        vis_by_trig = defaultdict(list)
        for v in self.visits:
            if v["basis"] == "triggered":
                vis_by_trig[v["trigger_id"]].append(v)
        self.unmet = []  # (class, eid, agency, lo, hi, ref)
        y0, y1 = date(b.year, 1, 1), date(b.year, 12, 31)
        for tid, t in b.trig.items():
            rec = D(t["received_on"])
            n = int(P["urgent_within_workdays"] if truthy(t["urgent"]) else P["trigger_within_workdays"])
            dl = b.nth_wd_after(rec, n)
            ok = [v for v in vis_by_trig.get(tid, []) if rec <= v["d"] <= dl and t["agency_id"] in v["ags"]]
            late = [v for v in vis_by_trig.get(tid, []) if not (rec <= v["d"] <= dl)]
            for v in late:
                self.V("R-TRIGGER", f"{v['visit_id']}: trigger {tid} visited {v['d']} outside {rec}..{dl}")
            if not ok:
                if tid not in self.sf_ids:
                    self.V("R-TRIGGER", f"trigger {tid} ({t['agency_id']}, {rec}..{dl}) neither visited nor a shortfall")
                if dl >= y0 and rec <= y1:
                    self.unmet.append(("trigger", t["enterprise_id"], t["agency_id"], max(rec, y0), min(dl, y1), tid))
        # follow-ups
        fu_need = set()
        for r in b.insp:
            if r["outcome"] in ("violation", "serious") and D(r["inspected_on"]).year == b.year - 1 \
                    and lab(r.get("rectified", "")) == "false":
                fu_need.add((r["enterprise_id"], r["agency_id"]))
        have = set()
        for v in self.visits:
            if v["basis"] == "follow_up":
                for a in v["ags"]:
                    have.add((v["enterprise_id"], a))
        for (e, a) in sorted(fu_need):
            if (e, a) not in have:
                if e not in self.sf_ids:
                    self.V("R-FOLLOW", f"{e}/{a}: unrectified violation last year, no follow_up and no shortfall")
                self.unmet.append(("follow_up", e, a, y0, y1, e))
        self.info["follow_up_needed"] = len(fu_need)
        for (e, a) in have - fu_need:
            self.W("R-FOLLOW", f"{e}/{a}: follow_up without an unrectified violation of {b.year - 1} by that agency (rectified blank or other year?)")
        # coverage of mandatory / sampled
        for e, s in self.sel.items():
            t = s["tier"]
            conf = P["tiers"].get(t, {})
            ratio = float(conf.get("sample_ratio", 0))
            need = int(conf.get("visits", 1))
            if e not in b.ent or not b.app_items(e):
                continue
            if ratio >= 1:
                cls = "mandatory"
            elif s["basis"] == "sampled":
                cls = "sampled"
            else:
                continue
            vs = [v for v in self.visits if v["enterprise_id"] == e and v["basis"] == cls]
            if s["basis"] not in (cls, "triggered", "follow_up") and ratio >= 1:
                if e not in self.sf_ids:
                    self.V("R-SAMPLE", f"{e} tier {t}: basis {s['basis']}, mandatory but no shortfall")
            for a in b.app_agencies(e):
                its = b.app_items(e, a)
                cnt = min(sum(1 for v in vs if i in v["its"]) for i in its)
                if cnt < need:
                    if e not in self.sf_ids:
                        self.V("R-SAMPLE", f"{e}/{a} tier {t} {cls}: items covered {cnt} < {need} times, no shortfall")
                    if cls == "mandatory":
                        for _ in range(need - cnt):
                            self.unmet.append(("mandatory", e, a, y0, y1, e))
        # selection consistency
        for e, s in self.sel.items():
            nv = sum(1 for v in self.visits if v["enterprise_id"] == e)
            if (s["selected"] == "true") != (nv > 0):
                self.V("plan.md", f"{e}: selected={s['selected']} but {nv} visits")
            if str(nv) != s["visits_planned"]:
                self.W("plan.md", f"{e}: visits_planned {s['visits_planned']} but {nv} rows")
            if not s["reason_zh"] or not s["reason_en"]:
                self.V("R-EXPLAIN", f"{e}: missing reason")

    # ------------------------------------------------------------ slot search (R-PRIORITY, inv 6)
    def slot(self, e, a, lo, hi, displace, exempt):
        """Find (day, team, officers) where agency a could visit e between lo and hi, treating visits whose
        basis is in `displace` as removable. exempt: caps/gaps do not apply (trigger/follow-up)."""
        b, P = self.b, self.b.policy
        k = int(P["officers_per_agency_on_visit"])
        mpd = int(P["max_visits_per_officer_per_day"])
        ent = b.ent[e]
        g1 = int(P["min_days_between_visits"])
        g2 = int(P["min_days_between_repeat_visits"])
        cap_e = int(P["max_entries_per_enterprise"])
        cap_a = int(P["max_visits_per_agency_per_enterprise"])
        mine = [v for v in self.visits if v["enterprise_id"] == e and v["basis"] not in displace]
        mine_days = set(v["d"] for v in self.visits if v["enterprise_id"] == e)
        pl = [v for v in mine if v["basis"] in ("mandatory", "sampled") and v["mode"] == "onsite"]
        pl_days = sorted(set(v["d"] for v in pl))
        pl_a = [v["d"] for v in pl if a in v["ags"]]
        if not exempt and len(pl_a) >= cap_a:
            return None
        for tid, t in b.teams.items():
            if t["agency_id"] != a or not b.team_may(tid, ent["district_code"]):
                continue
            cands = [o for o in b.team_off[tid] if b.off[o]["role"] == "enforcement" and (o, e) not in b.recuse]
            if len(cands) < k:
                continue
            year_fixed = {o: self.year_fixed(o, displace) for o in cands}
            cands = [o for o in cands if year_fixed[o] < b.off[o]["budget"]]
            if len(cands) < k:
                continue
            for d in b.workdays:
                if d < lo or d > hi:
                    continue
                if d in mine_days:
                    continue
                if not exempt:
                    if d not in pl_days and len(pl_days) >= cap_e:
                        continue
                    if any(abs((d - x).days) < g1 for x in pl_days):
                        continue
                    if any(abs((d - x).days) < g2 for x in pl_a):
                        continue
                if self.team_fixed(tid, d, displace) >= int(t["max_visits_per_day"]):
                    continue
                free = [o for o in cands if b.certified(o, d) and b.available(o, d)
                        and self.day_fixed(o, d, displace) < mpd]
                if len(free) >= k:
                    return (d, tid, free[:k])
        return None

    def _index(self):
        self.by_off_day = defaultdict(list)
        self.by_off = defaultdict(list)
        self.by_team_day = defaultdict(list)
        for v in self.visits:
            if v["mode"] != "onsite":
                continue
            for o in v["offs"]:
                self.by_off_day[(o, v["d"])].append(v["basis"])
                self.by_off[o].append(v["basis"])
        for v in self.visits:
            for t in set(self.visit_teams.get(v["visit_id"], {}).values()):
                self.by_team_day[(t, v["d"])].append(v["basis"])

    def day_fixed(self, o, d, displace):
        return sum(1 for x in self.by_off_day.get((o, d), []) if x not in displace)

    def year_fixed(self, o, displace):
        return sum(1 for x in self.by_off.get(o, []) if x not in displace)

    def team_fixed(self, t, d, displace):
        return sum(1 for x in self.by_team_day.get((t, d), []) if x not in displace)

    def priority(self, limit=5000):
        self._index()
        found = Counter()
        n = 0
        seen = set()
        for cls, e, a, lo, hi, ref in self.unmet:
            if (cls, e, a, ref) in seen:
                continue
            seen.add((cls, e, a, ref))
            n += 1
            if n > limit:
                self.W("judge", "priority search truncated")
                break
            if e not in self.b.ent or not self.b.app_items(e, a):
                continue
            exempt = cls in ("trigger", "follow_up")
            s0 = self.slot(e, a, lo, hi, displace=(), exempt=exempt)
            if s0:
                found[(cls, "free")] += 1
                self.V("R-PRIORITY", f"unmet {cls} {ref} ({e}/{a}): a free slot remains: {s0[0]} team {s0[1]} officers {s0[2]}")
                continue
            disp = ("sampled",) if cls == "mandatory" else ("sampled", "mandatory")
            s1 = self.slot(e, a, lo, hi, displace=disp, exempt=exempt)
            if s1:
                found[(cls, "displace")] += 1
                self.V("R-PRIORITY", f"unmet {cls} {ref} ({e}/{a}): lower-class visits hold {s1[0]} team {s1[1]} officers {s1[2]}")
        self.info["priority_found"] = {f"{k[0]}:{k[1]}": v for k, v in found.items()}

    def draw_order(self):
        """Invariant 6: a capacity-skipped enterprise ranked above a sampled one that could have been placed."""
        b, P = self.b, self.b.policy
        y0, y1 = date(b.year, 1, 1), date(b.year, 12, 31)
        for t, rk in self.ranks.items():
            sampled = [e for e in rk if self.sel[e]["basis"] == "sampled"]
            if not sampled:
                continue
            worst = max(rk[e] for e in sampled)
            unfilled = len(sampled) < self.places.get(t, 0)
            for e in sorted(rk, key=rk.get):
                if rk[e] >= worst and not unfilled:
                    break
                bs = self.sel[e]["basis"]
                if bs == "not_drawn":
                    self.V("R-SAMPLE", f"{e} tier {t} rank {rk[e]} not_drawn while rank {worst} sampled")
                if bs != "capacity":
                    continue
                # can each agency be placed, displacing worse-ranked sampled visits of this tier?
                ok = True
                for a in b.app_agencies(e):
                    if any(a in v["ags"] and v["basis"] == "sampled" for v in self.visits if v["enterprise_id"] == e):
                        continue
                    if not self.slot(e, a, y0, y1, displace=(), exempt=False):
                        ok = False
                        break
                if ok and rk[e] < worst:
                    self.V("R-SAMPLE(inv6)", f"{e} tier {t} rank {rk[e]} skipped for capacity while rank {worst} sampled, yet a free slot exists for every agency")
                elif ok:
                    self.V("R-SAMPLE(places)", f"{e} tier {t} rank {rk[e]} skipped for capacity while only {len(sampled)} of {self.places[t]} places are filled, yet a free slot exists for every agency")

    # ------------------------------------------------------------ officer draw
    def officer_draw(self):
        b, P = self.b, self.b.policy
        if not self.draw:
            self.V("R-OFFICER-DRAW", "no officer_draw.json")
            return
        mpd = int(P["max_visits_per_officer_per_day"])
        rpd = int(P["max_remote_checks_per_officer_per_day"])
        on_day = Counter()
        rem_day = Counter()
        yr = Counter()
        bad = 0
        budget_only = 0
        dv = self.draw.get("visits", {})
        for v in sorted(self.visits, key=lambda v: (v["date"], v["visit_id"])):
            vid, d, e = v["visit_id"], v["d"], v["enterprise_id"]
            rec = dv.get(vid)
            if rec is None:
                bad += 1
                self.V("R-OFFICER-DRAW", f"{vid}: not in officer_draw.json")
                continue
            for a in v["ags"]:
                r = rec.get(a)
                if not r:
                    self.V("R-OFFICER-DRAW", f"{vid}/{a}: no draw record")
                    continue
                tid = r["team"]
                elig, elig_nobudget = [], []
                for o in b.team_off[tid]:
                    if not b.certified(o, d) or not b.available(o, d) or (o, e) in b.recuse:
                        continue
                    if v["mode"] == "onsite":
                        if on_day[(o, d)] >= mpd:
                            continue
                        elig_nobudget.append(o)
                        if yr[o] >= b.off[o]["budget"]:
                            continue
                    else:
                        if rem_day[(o, d)] >= rpd:
                            continue
                        elig_nobudget.append(o)
                    elig.append(o)
                order = sorted(elig, key=lambda o: hm(b.seed, f"officer|{vid}|{o}"))
                cons = r.get("considered", [])
                taken = r.get("taken", [])
                skipped = r.get("skipped", [])
                prefix = order[:len(cons)]
                actual = [o for o in v["offs"] if b.off.get(o, {}).get("team_id") == tid and b.off[o]["role"] == "enforcement"]
                probs = []
                if cons != prefix:
                    probs.append(f"considered {cons} but eligible order starts {prefix}")
                if [o for o in cons if o not in skipped] != taken:
                    probs.append(f"taken {taken} != considered-skipped")
                if sorted(actual) != sorted(taken):
                    probs.append(f"visits.csv officers {actual} != taken {taken}")
                if probs:
                    order2 = sorted(elig_nobudget, key=lambda o: hm(b.seed, f"officer|{vid}|{o}"))
                    if b.teams[tid]["district_code"].endswith("00") and cons == order2[:len(cons)] and len(probs) == 1:
                        budget_only += 1
                    else:
                        bad += 1
                        if bad <= 10:
                            self.V("R-OFFICER-DRAW", f"{vid}/{a} team {tid} {d}: " + "; ".join(probs))
            for o in v["offs"]:
                if v["mode"] == "onsite":
                    on_day[(o, d)] += 1
                    yr[o] += 1
                else:
                    rem_day[(o, d)] += 1
        if bad > 10:
            self.V("R-OFFICER-DRAW", f"{bad} visit-agency draws differ in all")
        self.info["draw_mismatch"] = bad
        self.info["draw_city_budget_only"] = budget_only

    def run(self):
        self.per_visit()
        self.caps()
        self.tiers_lottery()
        self.requirements()
        self.priority()
        self.draw_order()
        self.officer_draw()
        c = Counter(v["basis"] for v in self.visits)
        m = Counter(v["mode"] for v in self.visits)
        self.info["visits"] = len(self.visits)
        self.info["by_basis"] = dict(c)
        self.info["by_mode"] = dict(m)
        self.info["shortfalls"] = {f"{k[0]}/{k[1]}": v for k, v in sorted(self.sf_by.items())}
        return self


def main():
    args = sys.argv[1:]
    out = None
    if "--json" in args:
        i = args.index("--json")
        out = args[i + 1]
        args = args[:i] + args[i + 2:]
    j = Judge(args[0], args[1]).run()
    byrule = Counter(r for r, _ in j.viol)
    print("INFO", json.dumps(j.info, ensure_ascii=False))
    print("VIOLATIONS", dict(byrule))
    for r, m in j.viol[:80]:
        print("  V", r, m)
    wr = Counter(r for r, _ in j.warn)
    print("WARNINGS", dict(wr))
    for r, m in j.warn[:15]:
        print("  W", r, m)
    if out:
        json.dump(dict(info=j.info, violations=j.viol, warnings=j.warn), open(out, "w"), ensure_ascii=False, indent=1, default=str)
    print("JUDGE", "FAIL" if j.viol else "PASS")
    sys.exit(1 if j.viol else 0)


if __name__ == "__main__":
    main()
