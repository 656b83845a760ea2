# ruff: noqa  (a review script, not product code)
"""review9: random sequences of insertions, cancellations, leaves, approvals, rejections, notices, records and JSON round
trips on the tiny bureau, checking after every step independent_violations, the bookings against a reload, one live visit
per trigger and no live visit of a rejected insertion. Usage: PYTHONPATH=$PWD python tests/review9_fuzz_reject.py TINY_DIR FIRST LAST [PLAN_DIR]"""
import dataclasses, datetime as dt, json, random, sys, traceback
from pathlib import Path
sys.path.insert(0, ".")
from bundle import load_bundle
from execution import Year, YearError
from execution.insert import apply, propose
from execution.replan import officer_unavailable
from execution.simulate import extend_calendar
from execution.year import Caller, Trigger
from tests.test_execution import independent_violations, _tight, _triggers
from scheduler.output import write_plan
from scheduler.plan import PlanOptions, make_plan

tiny = Path(sys.argv[1]); seeds = range(int(sys.argv[2]), int(sys.argv[3]))
out = Path(sys.argv[4] if len(sys.argv) > 4 else "/tmp/review9/plan")
if not (out / "visits.csv").exists():
    out.mkdir(parents=True, exist_ok=True)
    write_plan(make_plan(load_bundle(tiny / "bundle"), PlanOptions(processes=1, use_solver=False)), out)

def roundtrip(y):
    y2 = Year.load(y.reg.bundle, json.loads(json.dumps(y.dump())))
    y2.policy = y2.reg.policy = y.policy
    y2.reg.teams, y2.reg.officers = y.reg.teams, y.reg.officers
    return y2

def check(y, caps, step):
    bad = independent_violations(y, caps)
    y2 = roundtrip(y)
    for n in ("officer_year", "officer_day", "team_day", "remote_day"):
        if +getattr(y, n) != +getattr(y2, n):
            bad.append(f"books {n}")
    live = {}
    for v in y.visits.values():
        if v.trigger_id and v.status != "cancelled":
            live.setdefault(v.trigger_id, []).append(v.visit_id)
    bad += [f"trigger {t} has {vs}" for t, vs in live.items() if len(vs) > 1]
    for ver in y.versions:
        if ver.state == "rejected" and ver.kind == "insert":
            vid = ver.changes[0]["visit_id"]
            kept = {k["visit_id"] for k in ver.kept}
            if y.visits[vid].status != "cancelled" and vid not in kept:
                bad.append(f"visit {vid} of rejected v{ver.number} is {y.visits[vid].status}")
    return bad

for seed in seeds:
    rnd = random.Random(seed)
    b = load_bundle(tiny / "bundle"); extend_calendar(b)
    y = Year.from_folder(b, out)
    y.policy = y.reg.policy = dataclasses.replace(y.policy, freeze_workdays=rnd.choice([0, 1, 2]))
    caps = _tight(y)
    wd = y.reg.workdays
    i = 15
    trig = _triggers(y, 40); rnd.shuffle(trig)
    hist = []
    try:
        for step in range(60):
            today = wd[i]
            op = rnd.choice(["ins", "ins", "ins", "cancel", "leave", "rej", "rej", "rej", "appr", "adv", "rt", "notify", "record"])
            try:
                if op == "ins":
                    open_ = y.open_triggers()
                    if open_ and rnd.random() < 0.5:
                        t = rnd.choice(open_)
                    elif trig:
                        t = trig.pop()
                    else:
                        continue
                    t = dataclasses.replace(t, received_on=min(t.received_on, today)) if t.received_on > today else t
                    if t.received_on.year != y.reg.year: continue
                    ss = propose(y, t, today, k=4)
                    if ss:
                        s = rnd.choice(ss)
                        apply(y, t, s, today, "planner"); hist.append((op, t.trigger_id, s.day, len(s.moves), len(s.displaced)))
                elif op == "cancel":
                    c = [v for v in y.visits.values() if v.status in ("planned", "notified", "overdue")]
                    if c:
                        v = rnd.choice(sorted(c, key=lambda v: v.visit_id)); y.cancel_visit(v.visit_id, today, "planner", "x"); hist.append((op, v.visit_id))
                elif op == "leave":
                    o = rnd.choice(sorted(y.reg.officers)); d = wd[min(len(wd) - 1, i + rnd.randint(0, 15))]
                    officer_unavailable(y, o, d, d + dt.timedelta(days=rnd.randint(0, 4)), today, "planner"); hist.append((op, o, d))
                elif op in ("rej", "appr"):
                    w = [v for v in y.waiting() if op == "appr" or v.kind in ("insert", "cancel")]
                    if w:
                        ver = rnd.choice(w)
                        if op == "rej": y.reject_version(ver.number, "leader", today, "no"); hist.append((op, ver.number, ver.kind, ver.kept))
                        else: y.approve_version(ver.number, "leader", today); hist.append((op, ver.number))
                elif op == "adv":
                    i = min(len(wd) - 30, i + rnd.randint(1, 6)); y.mark_overdue(wd[i]); hist.append((op, wd[i]))
                elif op == "rt":
                    y = roundtrip(y); hist.append((op,))
                elif op == "notify":
                    mon = today - dt.timedelta(days=today.weekday()); y.notify_week(None, mon, "planner"); hist.append((op, mon))
                elif op == "record":
                    c = [v for v in y.visits.values() if v.status in ("planned", "notified") and v.date == today and y.awaiting_approval(v.visit_id) is None and v.mode == "onsite"]
                    if c:
                        v = c[0]; y.record(v.visit_id, today, list(v.officer_ids), {it: "compliant" for it in v.item_ids}, Caller("planner"), today=today); hist.append((op, v.visit_id))
            except YearError as e:
                hist.append((op, "YearError", e.rule, e.en[:60]))
            bad = check(y, caps, step)
            if bad:
                print("SEED", seed, "step", step, bad[:5]); print(*hist[-8:], sep="\n"); break
        else:
            print("seed", seed, "ok", sum(1 for h in hist if h[0] == "rej"), "rejections")
    except Exception:
        print("SEED", seed, "EXC"); traceback.print_exc(); print(*hist[-6:], sep="\n")
