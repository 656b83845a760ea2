#!/usr/bin/env python3
"""Independent judge of "The year in motion" (rules.md) + R-APPROVE/R-URGENT/R-PUBLISH/R-AUDIT.

Written from /work/shared/spec only. Reads: the bundle the plan was made from (officers, teams,
recusals, unavailability, calendar, items, policy), the driver's event log (events.json: what was
sent, the visit lists seen right before and after each change), and what the product exposes over
HTTP (year visits + details, versions, absences, deadlines, public JSON/HTML, /api/v/{code},
notices, audit trail, selection.csv, plan folder, redraw, history.csv).

usage: judge_year.py [--today YYYY-MM-DD] [--no-fetch]
Writes collect/ (raw outputs) and judge_result.json; prints a table of checks.
"""
import csv, datetime as dt, hashlib, hmac, io, json, math, os, re, sys, zipfile
from collections import Counter, defaultdict

import requests

HERE = "/tmp/foreign34"
BUNDLE = os.environ.get("JUDGE_BUNDLE", f"{HERE}/tiny/bundle")
B = os.environ.get("JUDGE_BASE", "http://127.0.0.1:8834")
PID = int(os.environ.get("JUDGE_PLAN", "2"))
COL = os.environ.get("JUDGE_COLLECT", f"{HERE}/collect")
os.makedirs(COL, exist_ok=True)

DEFAULTS = {"officers_per_agency_on_visit": 2, "max_visits_per_officer_per_day": 2,
            "max_visits_per_officer_per_year": 60, "trigger_within_workdays": 15,
            "urgent_within_workdays": 3, "feedback_within_workdays": 5,
            "transfer_within_workdays": 10, "transfer_feedback_within_workdays": 5,
            "archive_within_days": 60, "publish_results_within_workdays": 20,
            "case_review_ratio": 0.10, "freeze_workdays": 5, "max_moved_visits": 3,
            "min_lottery_weight": 0.05, "sampling": "weighted_lottery"}
OUTCOMES = {"compliant", "minor", "violation", "serious"}

# ---------------------------------------------------------------- results
RES = defaultdict(lambda: {"pass": 0, "fail": 0, "examples": []})


def check(name, ok, example=""):
    r = RES[name]
    r["pass" if ok else "fail"] += 1
    if not ok and len(r["examples"]) < 8:
        r["examples"].append(example)
    return ok


# ---------------------------------------------------------------- bundle
def rcsv(name):
    p = f"{BUNDLE}/{name}"
    return list(csv.DictReader(open(p, encoding="utf-8-sig"))) if os.path.exists(p) else []


ENTS = {r["enterprise_id"]: r for r in rcsv("enterprises.csv")}
OFF = {r["officer_id"]: r for r in rcsv("officers.csv")}
TEAMS = {r["team_id"]: r for r in rcsv("teams.csv")}
ITEMS = {r["item_id"]: r for r in rcsv("items.csv")}
AGENCIES = {r["agency_id"]: r for r in rcsv("agencies.csv")}
RECUSE = {(r["officer_id"], r["enterprise_id"]) for r in rcsv("recusals.csv")}
UNAV = defaultdict(list)
for r in rcsv("unavailability.csv"):
    UNAV[r["officer_id"]].append((r["start_on"], r["end_on"]))
CAL = {r["date"]: r["workday"].strip().lower() in ("true", "1", "是", "yes") for r in rcsv("calendar.csv")}
POL = dict(DEFAULTS)
POL.update(json.load(open(f"{BUNDLE}/policy.json")))


def D(s):
    return dt.date.fromisoformat(s)


def is_workday(s):
    if s in CAL:
        return CAL[s]
    return D(s).weekday() < 5  # outside calendar.csv: plain weekdays (flagged in report)


def add_workdays(s, n):
    d = D(s)
    k = 0
    while k < n:
        d += dt.timedelta(days=1)
        if is_workday(str(d)):
            k += 1
    return str(d)


def officer_ok(oid, ent, day, absences):
    """R-CERT/R-RECUSE/R-AVAIL(away) for an enforcement officer on a day; returns reason or ''."""
    o = OFF.get(oid)
    if not o:
        return f"{oid} unknown"
    if o["role"] not in ("enforcement", "执法人员"):
        return f"{oid} role {o['role']} does not count"
    if not o["certificate_expires_on"] or o["certificate_expires_on"] < day:
        return f"{oid} certificate expires {o['certificate_expires_on']} < {day}"
    if (oid, ent) in RECUSE:
        return f"{oid} recused from {ent}"
    for a, b in UNAV[oid] + absences.get(oid, []):
        if a <= day <= (b or "9999"):
            return f"{oid} away {a}..{b}"
    return ""


def team_may_work(team_id, district):
    t = TEAMS.get(team_id)
    if not t:
        return False
    dc = t["district_code"]
    if dc.endswith("00"):
        return district[:4] == dc[:4]
    return dc == district


# ---------------------------------------------------------------- fetch
def session(u):
    s = requests.Session()
    r = s.post(B + "/api/auth/token", data={"username": u, "password": f"Fx34-{u}-pass!9"})
    r.raise_for_status()
    s.headers["Authorization"] = "Bearer " + r.json()["access_token"]
    return s


def fetch():
    P, A = session("planner"), session("auditor")
    out = {}
    out["year"] = P.get(f"{B}/api/plans/{PID}/year").json()
    vs = P.get(f"{B}/api/plans/{PID}/year/visits", params={"limit": 1000}).json()["visits"]
    out["visits"] = vs
    out["details"] = {v["visit_id"]: P.get(f"{B}/api/plans/{PID}/year/visits/{v['visit_id']}").json() for v in vs}
    out["absences"] = P.get(f"{B}/api/plans/{PID}/year/absences").json()
    out["deadlines"] = P.get(f"{B}/api/plans/{PID}/year/deadlines").json()
    out["plan"] = P.get(f"{B}/api/plans/{PID}").json()
    out["public_json"] = requests.get(f"{B}/api/public/plans/{PID}").json()
    out["public_html"] = requests.get(f"{B}/public/plans/{PID}").text
    out["public_index_html"] = requests.get(f"{B}/public/plans").text
    out["public_index_json"] = requests.get(f"{B}/api/public/plans").json()
    out["code_json"] = {}
    out["code_html"] = {}
    for v in vs:
        r = requests.get(f"{B}/api/v/{v['code']}")
        out["code_json"][v["visit_id"]] = {"status": r.status_code, "body": r.json() if r.headers.get("content-type", "").startswith("application/json") else r.text[:500]}
    audit, after = [], None
    while True:
        prm = {"limit": 5000}
        if after:
            prm["after"] = after
        page = A.get(f"{B}/api/audit", params=prm).json()
        if not page:
            break
        audit += page
        after = page[-1]["id"]
        if len(page) < 5000:
            break
    out["audit"] = audit
    out["selection_csv"] = A.get(f"{B}/api/plans/{PID}/selection.csv").text
    z = A.get(f"{B}/api/plans/{PID}/folder.zip")
    out["folder_status"] = z.status_code
    if z.status_code == 200:
        open(f"{COL}/folder.zip", "wb").write(z.content)
    rd = A.get(f"{B}/api/plans/{PID}/redraw")
    out["redraw"] = {"status": rd.status_code, "body": rd.text[:200000]}
    h = P.get(f"{B}/api/plans/{PID}/year/history.csv")
    out["history"] = {"status": h.status_code, "body": h.text}
    json.dump(out, open(f"{COL}/state.json", "w"), ensure_ascii=False)
    return out


def notice_text(vid):
    p = f"{COL}/notice_{vid}.pdf"
    if not os.path.exists(p):
        s = session("planner")
        r = s.get(f"{B}/api/plans/{PID}/year/visits/{vid}/notice.pdf")
        if r.status_code != 200:
            return None, r.status_code
        open(p, "wb").write(r.content)
    from pypdf import PdfReader
    t = "".join(pg.extract_text() for pg in PdfReader(p).pages)
    return re.sub(r"\s+", "", t), 200


# ---------------------------------------------------------------- lottery
def lottery_key(seed, msg, w):
    h = hmac.new(seed.encode("utf-8"), msg.encode("utf-8"), hashlib.sha256).digest()
    u = (int.from_bytes(h[:8], "big") + 0.5) / 2 ** 64
    return math.log(u) / w


def main():
    today = None
    args = sys.argv[1:]
    if "--today" in args:
        today = args[args.index("--today") + 1]
    st = json.load(open(f"{COL}/state.json")) if "--no-fetch" in args else fetch()
    today = today or st["year"]["today"]
    EV = json.load(open(os.environ.get("JUDGE_EVENTS", f"{HERE}/events.json")))
    vs = st["visits"]
    det = st["details"]
    year = int(st["plan"]["year"])
    absences = defaultdict(list)
    for a in st["absences"]:
        if not a.get("withdrawn_on"):
            absences[a["officer_id"]].append((a["start_on"], a["end_on"]))
    active = [v for v in vs if v["status"] not in ("cancelled",)]

    # ---- notified visits (from the driver's log: a notice printed before the event)
    # notified = the product's own "visit.notified" audit entries; an event's moment = its audit entry
    notified_at = {}
    for a in st["audit"]:
        if a["action"] == "visit.notified":
            notified_at.setdefault(a["detail"].get("visit_id"), a["id"])
    ev_audit = {}
    for i, e in enumerate(EV):
        ident = (e.get("trigger") or {}).get("trigger_id") if e["kind"] == "insert" else (e.get("body") or {}).get("officer_id") if e["kind"] == "leave" else None
        acts = ("visit.insert",) if e["kind"] == "insert" else ("officer.leave", "plan.replan") if e["kind"] == "leave" else ()
        if ident and e.get("status") in (200, 201):
            ids = [a["id"] for a in st["audit"] if a["action"] in acts and ident in json.dumps(a, ensure_ascii=False) and a["id"] not in ev_audit.values()]
            if ids:
                ev_audit[i] = ids[0]

    # ================================================== R-INSERT
    for i, e in enumerate(EV):
        if e["kind"] != "insert" or e.get("status") != 201:
            continue
        t = e["trigger"]
        before = {v["visit_id"]: v for v in e["before"]}
        after = {v["visit_id"]: v for v in e["after"]}
        new = e["resp"]["visit"]["visit_id"]
        nv = after.get(new)
        frz = add_workdays(e["today"], POL["freeze_workdays"])
        moved = []
        for vid, b in before.items():
            a = after.get(vid)
            if not a or b["status"] == "cancelled":
                continue
            changed = a["date"] != b["date"] or a["status"] == "cancelled"
            pinned = b["status"] == "done" or b["date"] <= frz or (vid in notified_at and notified_at[vid] < ev_audit.get(i, 10**9))
            if changed:
                moved.append(vid)
            if pinned:
                check("R-INSERT pinned visit never moved by an insertion", not changed,
                      f"{t['trigger_id']}: {vid} {b['date']}->{a['date']} ({a['status']})")
        check("R-INSERT at most max_moved_visits moved per insertion", len(moved) <= POL["max_moved_visits"],
              f"{t['trigger_id']}: moved {moved}")
        if nv:
            n = POL["urgent_within_workdays"] if t.get("urgent") else POL["trigger_within_workdays"]
            due = add_workdays(t["received_on"], n)
            check("R-INSERT/R-TRIGGER inserted visit on a working day inside its window",
                  is_workday(nv["date"]) and t["received_on"] <= nv["date"] <= due,
                  f"{t['trigger_id']} received {t['received_on']} urgent={t.get('urgent')} -> {nv['date']} (due {due})")
            check("R-INSERT inserted visit is 'triggered' with its trigger_id",
                  nv["basis"] == "triggered" and nv["trigger_id"] == t["trigger_id"], f"{new}: {nv['basis']} {nv['trigger_id']}")
        # offered slots: each within window, with a cost
        for s in (e.get("slots") or {}).get("slots", []) or []:
            n = POL["urgent_within_workdays"] if t.get("urgent") else POL["trigger_within_workdays"]
            check("R-INSERT offered slots inside window with day/team/officers/cost",
                  is_workday(s["day"]) and t["received_on"] <= s["day"] <= add_workdays(t["received_on"], n)
                  and s.get("team") and s.get("officers") and "cost" in s, f"{t['trigger_id']} slot {s}")

    # ================================================== R-REPLAN
    for i, e in enumerate(EV):
        if e["kind"] != "leave" or e.get("status") != 200:
            continue
        o, a0, a1 = e["body"]["officer_id"], e["body"]["start_on"], e["body"].get("end_on") or "9999-12-31"
        before = {v["visit_id"]: v for v in e["before"]}
        after = {v["visit_id"]: v for v in e["after"]}
        frz = add_workdays(e["today"], POL["freeze_workdays"])
        for vid, b in before.items():
            if b["status"] != "planned" or o not in b["officer_ids"].split(";") or not (a0 <= b["date"] <= a1):
                continue
            a = after[vid]
            pinned = b["date"] <= frz or (vid in notified_at and notified_at[vid] < ev_audit.get(i, 10**9))
            if a["status"] != "cancelled":
                check("R-REPLAN officer on leave removed from their future visits", o not in a["officer_ids"].split(";") or not (a0 <= a["date"] <= a1), f"{vid} still has {o} on {a['date']}")
            if pinned:
                check("R-REPLAN pinned visits never move", a["date"] == b["date"], f"{vid} {b['date']}->{a['date']}")
            if a["status"] == "cancelled":
                # was there a lawful alternative? same day other pair, or (not pinned) another day in its window
                sf = [s for s in e["resp"].get("shortfalls", []) if s.get("id") == vid]
                check("R-REPLAN an unkept visit is a shortfall naming the resource", bool(sf and sf[0].get("binding")), vid)
                if b["basis"] == "triggered" and not pinned:
                    trig = next((x["trigger"] for x in EV if x["kind"] == "insert" and x.get("status") == 201
                                 and x["resp"]["visit"]["visit_id"] == vid), None)
                    if trig:
                        n = POL["urgent_within_workdays"] if trig.get("urgent") else POL["trigger_within_workdays"]
                        due = add_workdays(trig["received_on"], n)
                        alt = find_lawful_day(b, e["after"], absences_at(EV, i), str(D(max(e["today"], trig["received_on"])) + dt.timedelta(days=1)), due)
                        check("R-REPLAN no lawful day existed before cancelling a movable triggered visit", alt is None,
                              f"{vid} ({trig['trigger_id']}, window to {due}) cancelled; lawful: {alt}")

    # ================================================== staffing of every active visit (R-PAIR..R-AVAIL)
    k = POL["officers_per_agency_on_visit"]
    per_off_day = Counter()
    per_team_day = Counter()
    per_off_year = Counter()
    for v in active:
        d = det[v["visit_id"]]
        day = (d.get("record") or {}).get("date") or v["date"]
        offs = (d.get("record") or {}).get("officer_ids") or v["officer_ids"].split(";")
        if v["mode"] == "onsite":
            for o in offs:
                per_off_day[(o, day)] += 1
                per_off_year[o] += 1
        for ag, tm in (v.get("teams") or {}).items():
            per_team_day[(tm, day)] += 1
        if v["status"] == "done":
            continue  # records judged below
        ok_all = True
        why = []
        for ag in v["agency_ids"].split(";"):
            mine = [o for o in offs if OFF.get(o, {}).get("team_id", "").startswith(ag + "-") or
                    TEAMS.get(OFF.get(o, {}).get("team_id"), {}).get("agency_id") == ag]
            good = [o for o in mine if not officer_ok(o, v["enterprise_id"], day, absences)]
            bad = [officer_ok(o, v["enterprise_id"], day, absences) for o in mine if officer_ok(o, v["enterprise_id"], day, absences)]
            teams = {OFF[o]["team_id"] for o in mine if o in OFF}
            if len(good) < k or len(teams) != 1 or not all(team_may_work(t, v["district_code"]) for t in teams):
                ok_all = False
                why.append(f"{ag}: good={good} bad={bad} teams={teams}")
        check("staffing R-PAIR/R-CERT/R-RECUSE/R-TEAM/R-AVAIL(away) on the day (planned/overdue visits)", ok_all,
              f"{v['visit_id']} {day} {v['status']} {why}")
        check("visit date is a working day (R-WORKDAY)", is_workday(day), f"{v['visit_id']} {day}")
    for (o, day), n in per_off_day.items():
        check("R-AVAIL officer <= max_visits_per_officer_per_day on-site", n <= POL["max_visits_per_officer_per_day"], f"{o} {day}: {n}")
    for (t, day), n in per_team_day.items():
        check("R-AVAIL team <= max_visits_per_day", n <= int(TEAMS[t]["max_visits_per_day"]), f"{t} {day}: {n}")
    for o, n in per_off_year.items():
        bud = int(OFF[o]["annual_visit_budget"] or POL["max_visits_per_officer_per_year"])
        check("R-AVAIL officer annual budget", n <= bud, f"{o}: {n} > {bud}")

    # ================================================== R-CODE
    codes = [v["code"] for v in vs]
    check("R-CODE every visit has a unique code", len(codes) == len(set(codes)) and all(codes), f"{len(codes)} codes, {len(set(codes))} distinct")
    for v in vs:
        cj = st["code_json"][v["visit_id"]]
        if v["status"] == "cancelled":
            continue
        b = cj["body"] if isinstance(cj["body"], dict) else {}
        items_ok = sorted(i["item_id"] for i in b.get("items", [])) == sorted(v["item_ids"].split(";"))
        ags_ok = sorted(a["agency_id"] for a in b.get("agencies", [])) == sorted(v["agency_ids"].split(";"))
        basis_ok = b.get("basis") == v["basis"] and all(i.get("legal_basis") for i in b.get("items", []))
        appr_ok = isinstance(b.get("approval"), dict) and "version_state" in b["approval"]
        check("R-CODE code resolves for the enterprise to basis, items (+legal basis), agency, approval",
              cj["status"] == 200 and b.get("enterprise_id") == v["enterprise_id"] and items_ok and ags_ok and basis_ok and appr_ok,
              f"{v['visit_id']}: status {cj['status']} items_ok={items_ok} ags_ok={ags_ok} basis_ok={basis_ok} appr_ok={appr_ok}")
        s = json.dumps(b, ensure_ascii=False)
        check("R-CODE enterprise view shows no risk score / model factors",
              not re.search(r"risk_score|风险评分|model_score|factor|因子", s),
              f"{v['visit_id']}: {re.findall(r'risk_score|风险评分|factor|因子|投诉|complaint', s)}")

    # ================================================== R-NOTICE (sample: every on-site visit not cancelled, capped)
    sample = [v for v in active if v["mode"] == "onsite" and v["status"] != "overdue"][:40]
    for v in sample:
        ap = (st["code_json"][v["visit_id"]]["body"] or {}).get("approval", {}) if isinstance(st["code_json"][v["visit_id"]]["body"], dict) else {}
        txt, code = notice_text(v["visit_id"])
        if txt is None:
            check("R-NOTICE notice available for a visit of an approved version", ap.get("version_state") != "approved",
                  f"{v['visit_id']} HTTP {code} version_state={ap.get('version_state')}")
            continue
        d = D(v["date"])
        miss = []
        for ag in v["agency_ids"].split(";"):
            if AGENCIES[ag]["name"] not in txt:
                miss.append("agency " + ag)
        for it in v["item_ids"].split(";"):
            if ITEMS[it]["name"] not in txt:
                miss.append("item " + it)
            if ITEMS[it]["legal_basis"].replace(" ", "") not in txt:
                miss.append("basis " + it)
        if f"{d.year}年{d.month}月{d.day}日" not in txt and v["date"] not in txt:
            miss.append("date")
        for o in v["officer_ids"].split(";"):
            if OFF[o]["name"] not in txt:
                miss.append("name " + o)
            if OFF[o]["role"] == "enforcement" and OFF[o]["certificate_no"] not in txt:
                miss.append("cert " + o)
        if "回避" not in txt:
            miss.append("right to recusal")
        if not re.search(r"出示.*证件|查验|核验", txt):
            miss.append("right to check certificates")
        if v["code"] not in txt:
            miss.append("code")
        check("R-NOTICE notice carries agency, basis, items, date, officers+cert no., rights, code", not miss, f"{v['visit_id']}: missing {miss}")

    # ================================================== R-RECORD
    for v in vs:
        if v["status"] != "done":
            continue
        r = det[v["visit_id"]]["record"]
        problems = []
        for ag in v["agency_ids"].split(";"):
            mine = [o for o in r["officer_ids"] if TEAMS.get(OFF.get(o, {}).get("team_id"), {}).get("agency_id") == ag]
            good = [o for o in mine if not officer_ok(o, v["enterprise_id"], r["date"], absences)]
            teams = {OFF[o]["team_id"] for o in good}
            if len(good) < k or len(teams) != 1 or not all(team_may_work(t, v["district_code"]) for t in teams):
                problems.append(f"{ag}: {mine} -> {[officer_ok(o, v['enterprise_id'], r['date'], absences) for o in mine]}")
        check("R-RECORD officers present satisfy R-PAIR on the day", not problems, f"{v['visit_id']} {r['date']}: {problems}")
        outs = r["outcomes"]
        check("R-RECORD outcomes only from the allowed set, one per item", set(outs.values()) <= OUTCOMES and sorted(outs) == sorted(v["item_ids"].split(";")),
              f"{v['visit_id']}: {outs}")
        need = any(o in ("violation", "serious") for o in outs.values())
        check("R-RECORD rectification deadline where a violation is found", (not need) or (r.get("rectify_by") and r["rectify_by"] > r["date"]),
              f"{v['visit_id']}: {outs} rectify_by={r.get('rectify_by')}")
        check("R-RECORD record date inside the plan year and not after today", str(year) == r["date"][:4] and r["date"] <= today, f"{v['visit_id']} {r['date']}")
    # overdue flags
    for v in vs:
        if v["status"] in ("cancelled", "done"):
            continue
        should = v["date"] < today
        check("R-RECORD overdue flag = past day and not recorded", (v["status"] == "overdue") == should, f"{v['visit_id']} {v['date']} status={v['status']} today={today}")
    ov = set(st["deadlines"].get("overdue_visits", []))
    check("R-RECORD board lists exactly the overdue visits", ov == {v["visit_id"] for v in vs if v["status"] == "overdue"}, f"board {sorted(ov)[:5]}")

    # ================================================== deadlines R-FEEDBACK / R-TRANSFER / R-ARCHIVE / publish
    for v in vs:
        if v["status"] != "done":
            continue
        d = det[v["visit_id"]]
        day = d["record"]["date"]
        steps = d.get("steps") or {}
        dl = {x["kind"]: x for x in d.get("deadlines", [])}
        outs = d["record"]["outcomes"].values()
        exp = {"feedback": add_workdays(day, POL["feedback_within_workdays"]),
               "publish": add_workdays(day, POL["publish_results_within_workdays"])}
        corr = d["record"].get("corrections") or []
        if any(o in ("violation", "serious") for o in outs):
            exp["transfer"] = add_workdays(day, POL["transfer_within_workdays"])
        if steps.get("transfer_decision"):
            exp["transfer_feedback"] = add_workdays(steps["transfer_decision"], POL["transfer_feedback_within_workdays"])
        for kind, due in exp.items():
            if kind not in dl:
                check(f"deadline {kind} present where the spec needs it", False, f"{v['visit_id']}: no {kind} deadline")
                continue
            if dl[kind]["due"] is None:
                check("deadline has a computed due date (judge: crosses into a year without calendar)", False,
                      f"{v['visit_id']} {kind}: product due=None state={dl[kind]['state']} (judge, Mon-Fri guess: {due})")
                continue
            if corr and kind in ("feedback", "publish"):
                # after a correction the product re-counts from the correction day (retell); accept either
                ok = dl[kind]["due"] in (due, add_workdays(corr[-1]["on"], POL["feedback_within_workdays" if kind == "feedback" else "publish_results_within_workdays"]))
            else:
                ok = dl[kind]["due"] == due
            check(f"deadline {kind} counted as the spec says (working days)", ok, f"{v['visit_id']} {day}: product {dl[kind]['due']} judge {due}")
            done = dl[kind].get("done_on")
            if done:
                st_exp = "met" if done <= dl[kind]["due"] else "late"
                check(f"deadline {kind} state met/late consistent", dl[kind]["state"].startswith(st_exp) or dl[kind]["state"] == "late_entry" and done <= dl[kind]["due"],
                      f"{v['visit_id']}: done {done} due {dl[kind]['due']} state {dl[kind]['state']}")
            elif dl[kind]["due"] < today:
                check(f"deadline {kind} flagged when passed", dl[kind]["state"] in ("overdue", "late"), f"{v['visit_id']}: due {dl[kind]['due']} state {dl[kind]['state']}")
        if "archive" in dl:
            fin = [x for k2, x in steps.items() if k2 not in ("archive", "publish", "rectified")]
            cands = {str(D(x) + dt.timedelta(days=POL["archive_within_days"])) for x in fin}
            check("deadline archive = case finished + archive_within_days calendar days", dl["archive"]["due"] in cands,
                  f"{v['visit_id']}: archive due {dl['archive']['due']} steps {steps}")

    # ================================================== R-PUBLISH
    pj, ph = st["public_json"], st["public_html"]
    pubtxt = json.dumps(pj, ensure_ascii=False) + ph + st["public_index_html"] + json.dumps(st["public_index_json"], ensure_ascii=False)
    done_ents = {v["enterprise_id"] for v in vs if v["status"] == "done"}
    leaked = []
    for v in vs:
        if v["enterprise_id"] in done_ents:
            continue
        nm = ENTS[v["enterprise_id"]]["name"]
        same_name_done = any(ENTS[e]["name"] == nm for e in done_ents)
        if (nm in pubtxt and not same_name_done) or v["enterprise_id"] in pubtxt:
            leaked.append(v["visit_id"])
    check("R-PUBLISH public never names an enterprise whose visit is not done", not leaked, f"leaked: {leaked[:5]}")
    offl = [o for o, r in OFF.items() if r["name"] in pubtxt or (r["certificate_no"] and r["certificate_no"] in pubtxt)]
    check("R-PUBLISH public never shows officers' personal data", not offl, f"{offl[:5]}")
    check("R-PUBLISH public shows no risk score / model factor", not re.search(r"risk_score|风险评分|model_score|factor|因子", pubtxt), re.findall(r"risk_score|风险评分|model_score|factor|因子", pubtxt)[:3])
    res_txt = json.dumps(pj.get("results", []), ensure_ascii=False)
    check("R-PUBLISH public results carry no full dates and no complaint origin",
          not re.search(r"\d{4}-\d{2}-\d{2}", res_txt) and not re.search(r"投诉|complaint|triggered|线索", res_txt), res_txt[:200])
    dates_in_page = set(re.findall(r"20\d\d-\d\d-\d\d", ph)) - {pj.get("published_at")}
    planned_dates = {v["date"] for v in vs if v["status"] != "done"}
    check("R-PUBLISH public page shows no planned visit date", not (dates_in_page & planned_dates), f"{sorted(dates_in_page & planned_dates)[:5]}")
    seed = st["plan"]["summary"].get("seed")
    check("R-PUBLISH seed_sha256 = sha256(seed)", pj.get("seed_sha256") == hashlib.sha256(seed.encode()).hexdigest(), pj.get("seed_sha256"))
    closed = bool(pj.get("year_closed"))
    check("R-PUBLISH seed hidden before year close, revealed at close", (pj.get("seed") == seed) if closed else (pj.get("seed") in (None, "")),
          f"closed={closed} seed={pj.get('seed')}")
    # tiers: ratio, pool, places
    sel = list(csv.DictReader(io.StringIO(st["selection_csv"].lstrip("\ufeff"))))
    tiers_pub = {t["tier"]: t for t in pj.get("tiers", [])}
    # every done visit's result is published within the window
    pub_keys = Counter((r["enterprise"], r["month"]) for r in pj.get("results", []))
    for v in vs:
        if v["status"] != "done":
            continue
        d = det[v["visit_id"]]
        due = add_workdays(d["record"]["date"], POL["publish_results_within_workdays"])
        if due >= today:
            continue
        key = (ENTS[v["enterprise_id"]]["name"], d["record"]["date"][:7])
        pubd = (d.get("steps") or {}).get("publish")
        check("R-PUBLISH result of a done visit published (on the public page) within the window",
              pub_keys.get(key, 0) > 0 and pubd and pubd <= due, f"{v['visit_id']} done {d['record']['date']} due {due} publish step {pubd} public={pub_keys.get(key, 0)>0}")

    # ================================================== lottery redraw (rules.md "The lottery")
    if os.path.exists(f"{COL}/folder.zip"):
        z = zipfile.ZipFile(f"{COL}/folder.zip")
        pjs = [n for n in z.namelist() if n.endswith("plan.json")]
        planj = json.loads(z.read(pjs[0]))
        pol = planj.get("policy", {})
        tiers = pol.get("tiers", {})
        samp = pol.get("sampling", "weighted_lottery")
        minw = float(pol.get("min_lottery_weight", 0.05))
        sel_zip = list(csv.DictReader(io.StringIO(z.read([n for n in z.namelist() if n.endswith("selection.csv")][0]).decode("utf-8-sig"))))
        check("selection.csv served = selection.csv in the plan folder", sel_zip == sel, "differ")
        applicable = {e for e, r in ENTS.items() if any(r["sector"] in it["sectors"].split(";") for it in ITEMS.values())}
        use_seed = pj.get("seed") or seed
        for tier, cfg in tiers.items():
            ratio = float(cfg["sample_ratio"])
            if ratio >= 1:
                continue
            pool = [r for r in sel if r["tier"] == tier and r["enterprise_id"] in applicable]
            keyed = []
            for r in pool:
                w = 1.0 if samp == "uniform_lottery" else max(float(r["risk_score"]), minw)
                keyed.append((-lottery_key(use_seed, f"{tier}|{r['enterprise_id']}", w), r["enterprise_id"]))
            keyed.sort()
            rank = {e: i + 1 for i, (_, e) in enumerate(keyed)}
            mism = [r["enterprise_id"] for r in pool if str(rank[r["enterprise_id"]]) != r["draw_rank"]]
            check("lottery redraw from seed matches selection.csv draw_rank exactly", not mism, f"tier {tier}: {len(mism)} mismatches e.g. {mism[:3]}")
            places = math.ceil(ratio * len(pool) - 1e-9)
            nsel = sum(1 for r in pool if r["basis"] == "sampled")
            check("lottery places = ceil(ratio*pool), no more selected; public shows them",
                  nsel <= places and tiers_pub.get(tier, {}).get("places") == places and tiers_pub.get(tier, {}).get("pool_size") == len(pool),
                  f"tier {tier}: pool {len(pool)} places {places} selected {nsel} public {tiers_pub.get(tier)}")
    rd = st["redraw"]
    check("auditor can redraw (GET /redraw) at any time", rd["status"] == 200, f"HTTP {rd['status']} {rd['body'][:200]}")

    # ================================================== R-CASE-REVIEW
    archived = defaultdict(list)
    for v in vs:
        a = (det[v["visit_id"]].get("steps") or {}).get("archive")
        if a:
            q = f"{a[:4]}Q{(int(a[5:7]) - 1) // 3 + 1}"
            archived[q].append(v["visit_id"])
    last = {}
    for e in EV:
        if e["kind"] == "case_review" and e.get("status") == 200:
            last[e["quarter"]] = e
    for q, e in last.items():
        pool = archived.get(q, [])
        n = math.ceil(POL["case_review_ratio"] * len(pool) - 1e-9)
        order = sorted(pool, key=lambda c: (-lottery_key(seed, f"case|{q}|{c}", 1.0), c))
        exp = sorted(order[:n])
        got = sorted(e["resp"]["drawn"])
        check("R-CASE-REVIEW quarter draw = HMAC 'case|{quarter}|{case_id}' uniform, ratio of archived files",
              got == exp, f"{q} (drawn on {e['today']}): product {got} judge {exp} (pool {len(pool)})")

    # ================================================== R-APPROVE / R-URGENT (versions)
    vers = st["year"]["versions"]
    users_by_action = defaultdict(set)
    for a in st["audit"]:
        users_by_action[a["action"]].add(a["username"])
    for vr in vers:
        if vr["state"] == "approved":
            check("R-APPROVE every approved version approved by a leader", vr["approved_by"] in ("leader", "leader2"), f"v{vr['number']} by {vr['approved_by']}")
        if vr.get("urgent") and vr["state"] not in ("approved", "rejected"):
            check("R-URGENT unapproved urgent version flagged on the board", vr["number"] in st["year"]["urgent_unapproved"], f"v{vr['number']} {vr['state']}")
    # urgent flagged until approved (from the event log)
    for i, e in enumerate(EV):
        if e["kind"] == "insert" and e.get("status") == 201 and e["trigger"].get("urgent"):
            check("R-URGENT urgent insertion in force at once and marked urgent", e["resp"].get("urgent") is True and e["resp"]["visit"]["status"] == "planned", str(e["resp"])[:200])
    # approved plan never edited in place: plan folder visits.csv must be the one approved
    gen = [a for a in st["audit"] if a["action"] == "plan.generated" and a["plan_id"] == PID]
    if os.path.exists(f"{COL}/folder.zip") and gen:
        z = zipfile.ZipFile(f"{COL}/folder.zip")
        vcsv = z.read([n for n in z.namelist() if n.endswith("visits.csv")][0])
        snap0 = json.load(open(os.environ.get("JUDGE_SNAP0", f"{HERE}/snap0.json")))
        rows = list(csv.DictReader(io.StringIO(vcsv.decode("utf-8-sig"))))
        same = sorted((r["visit_id"], r["date"], r["officer_ids"]) for r in rows) == sorted((v["visit_id"], v["date"], v["officer_ids"]) for v in snap0)
        check("R-APPROVE approved plan folder unchanged (visits.csv = the approved one)", same, f"{len(rows)} rows vs {len(snap0)} approved")

    # ================================================== R-AUDIT
    aud = st["audit"]
    atxt = [(a, json.dumps(a, ensure_ascii=False)) for a in aud]

    def logged(ident, words, who=None):
        for a, t in atxt:
            if ident in t and any(w in a["action"] for w in words) and a["username"] and a["at"] and (who is None or a["username"] == who):
                return True
        return False
    for e in EV:
        s = e.get("status") or 0
        if not (200 <= s < 300):
            continue
        if e["kind"] == "record":
            check("R-AUDIT record logged with who/when/what", logged(e["visit_id"], ["record"]), e["visit_id"])
        elif e["kind"] == "step":
            check("R-AUDIT step logged with who/when/what", logged(e["visit_id"], ["step", "deadline"]) , f"{e['visit_id']} {e['step']}")
        elif e["kind"] == "insert":
            check("R-AUDIT trigger insertion logged", logged(e["trigger"]["trigger_id"], ["trigger", "insert"]), e["trigger"]["trigger_id"])
        elif e["kind"] == "leave":
            check("R-AUDIT leave/re-plan logged", logged(e["body"]["officer_id"], ["leave", "replan", "absence"]), e["body"]["officer_id"])
        elif e["kind"] == "move":
            check("R-AUDIT move logged", logged(e["visit_id"], ["move", "reschedule"]), e["visit_id"])
        elif e["kind"] == "case_review":
            check("R-AUDIT case-review draw logged", logged(e["quarter"], ["case"]), e["quarter"])
        elif e["kind"] == "version_reject":
            check("R-AUDIT version rejection logged", any(("reject" in a["action"]) and str(e["number"]) in t and a["username"] for a, t in atxt), str(e["number"]))
    for vr in vers:
        if vr["state"] == "approved" and vr["number"] > 1:
            check("R-AUDIT version approval logged (who)", any("approve" in a["action"] and a["username"] == vr["approved_by"] and f'"number": {vr["number"]}' in t.replace('"version": ', '"number": ') for a, t in atxt),
                  f"v{vr['number']}")
    for act in [x for x in ("plan.submit", "plan.approve", "plan.reject", "plan.publish") if PID == 2 or x != "plan.reject"]:
        check("R-AUDIT plan transitions logged", any(a["action"] == act and a["username"] for a in aud), act)
    if closed:
        check("R-AUDIT year close logged", any("close" in a["action"] and a["username"] for a in aud), "close-year")

    # ================================================== bad input
    for e in EV:
        if e["kind"] == "bad_input":
            body = e.get("resp", "")
            ok = 400 <= e["status"] < 500
            try:
                j = json.loads(body)
                bil = bool(j.get("message_zh")) and bool(j.get("message_en")) and re.search(r"[\u4e00-\u9fff]", j["message_zh"])
                fld = j.get("field") or (isinstance(j.get("detail"), list) and j["detail"] and j["detail"][0].get("loc"))
            except Exception:
                bil, fld = False, None
            if e["name"].startswith("upload"):
                # bundle errors: every problem as file:row:column in both languages (bundle.md)
                bil = '"message_zh"' in body and '"message_en"' in body and bool(re.search(r"[\u4e00-\u9fff]", body))
                fld = bool(re.search(r'"file": ?"[^"]+", ?"row": ?\d+, ?"column"', body)) or bool(re.search(r"\w+\.(csv|json|zip|xlsx):\d+:[\w-]+:", body))
            check("bad input: 4xx, never 5xx", ok, f"{e['name']} {e['endpoint']} -> {e['status']}")
            check("bad input: error in Chinese and English naming the field", bool(bil and fld), f"{e['name']}: {body[:160]}")
        if e["kind"] == "bad_input_state":
            check("bad input: nothing half-written", e["same"], e["name"])

    # ================================================== R-LEARN
    h = st["history"]
    if h["status"] == 200:
        rows = list(csv.DictReader(io.StringIO(h["body"].lstrip("\ufeff"))))
        cols = set(rows[0].keys()) if rows else set()
        need = {"inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids", "outcome", "rectified"}
        check("R-LEARN history.csv has inspections.csv columns", need <= cols, f"cols {sorted(cols)}")
        done = [v for v in vs if v["status"] == "done"]
        rows = [r for r in rows if r["inspected_on"][:4] == str(year)]
        expected = sum(len(v["agency_ids"].split(";")) for v in done)
        check("R-LEARN one history row per (done visit, agency)", len(rows) == expected or len(rows) == len(done), f"{len(rows)} rows; done visits {len(done)}; agency-visits {expected}")
        sev = {"compliant": 0, "minor": 1, "violation": 2, "serious": 3}
        byv = defaultdict(list)
        for r in rows:
            byv[(r["enterprise_id"], r["inspected_on"], r["agency_id"])].append(r)
        for v in done:
            rec = det[v["visit_id"]]["record"]
            for ag in v["agency_ids"].split(";"):
                rr = byv.get((v["enterprise_id"], rec["date"], ag))
                if not rr:
                    check("R-LEARN every done visit exported with its outcome", False, f"{v['visit_id']} {ag}")
                    continue
                its = [it for it in v["item_ids"].split(";") if ITEMS[it]["agency_id"] == ag]
                worst = max((rec["outcomes"][it] for it in its), key=lambda o: sev[o])
                check("R-LEARN exported outcome = worst item outcome of that agency", rr[0]["outcome"] == worst, f"{v['visit_id']} {ag}: {rr[0]['outcome']} vs {worst}")
                if worst in ("violation", "serious"):
                    exp_r = bool(det[v["visit_id"]].get("steps", {}).get("rectified")) or bool(rec.get("rectified_on"))
                    check("R-LEARN rectified flag follows the record", rr[0]["rectified"].lower() in (("true", "是", "1") if exp_r else ("false", "否", "0", "")),
                          f"{v['visit_id']} {ag}: rectified={rr[0]['rectified']} expected {exp_r}")
        # random share included
        bases = Counter(v["basis"] for v in done)
        check("R-LEARN sampled (random share) visits included", bases.get("sampled", 0) == 0 or any(
            r["enterprise_id"] in {v["enterprise_id"] for v in done if v["basis"] == "sampled"} for r in rows), str(bases))
    else:
        check("R-LEARN history export available", False, f"HTTP {h['status']}")

    # ---------------------------------------------------------------- print
    out = {k: dict(v) for k, v in RES.items()}
    json.dump(out, open(os.environ.get("JUDGE_OUT", f"{HERE}/judge_result.json"), "w"), ensure_ascii=False, indent=1)
    w = max(len(k) for k in RES)
    print(f"{'check':<{w}}  pass  fail")
    for kname in sorted(RES):
        r = RES[kname]
        print(f"{kname:<{w}}  {r['pass']:>4}  {r['fail']:>4}")
    for kname in sorted(RES):
        if RES[kname]["fail"]:
            print(f"\nFAIL {kname}:")
            for x in RES[kname]["examples"]:
                print("   ", x)


def absences_at(EV, i):
    ab = defaultdict(list)
    for e in EV[: i + 1]:
        if e["kind"] == "leave" and e.get("status") == 200:
            ab[e["body"]["officer_id"]].append((e["body"]["start_on"], e["body"].get("end_on") or "9999-12-31"))
    return ab


def find_lawful_day(v, after_list, ab, start, due):
    """A day in [start, due] where some team of the agency may work in v's district and has room and
    has a pair of eligible officers with room (R-PAIR..R-AVAIL, caps on the day)."""
    act = [x for x in after_list if x["status"] != "cancelled" and x["visit_id"] != v["visit_id"]]
    per_team = Counter()
    per_off = Counter()
    for x in act:
        for ag, tm in (x.get("teams") or {}).items():
            per_team[(tm, x["date"])] += 1
        if x["mode"] == "onsite":
            for o in x["officer_ids"].split(";"):
                per_off[(o, x["date"])] += 1
    d = D(start)
    ags = v["agency_ids"].split(";")
    while str(d) <= due:
        s = str(d)
        d += dt.timedelta(days=1)
        if not is_workday(s):
            continue
        okall = True
        pick = {}
        for ag in ags:
            found = False
            for tid, t in TEAMS.items():
                if t["agency_id"] != ag or not team_may_work(tid, v["district_code"]):
                    continue
                if per_team[(tid, s)] >= int(t["max_visits_per_day"]):
                    continue
                offs = [o for o, r in OFF.items() if r["team_id"] == tid and not officer_ok(o, v["enterprise_id"], s, ab)
                        and per_off[(o, s)] < POL["max_visits_per_officer_per_day"]]
                if len(offs) >= POL["officers_per_agency_on_visit"]:
                    found = True
                    pick[ag] = (tid, offs[:2])
                    break
            okall = okall and found
        if okall:
            return s, pick
    return None


if __name__ == "__main__":
    main()
