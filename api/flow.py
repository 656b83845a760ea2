"""The approval loop around a plan (issue 10): what a plan keeps for its pages, a revision's
files, the diff against the previous version, the leader's decision package, the public
view (R-PUBLISH), the auditor's redraw (R-SAMPLE) and the charts (matplotlib)."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from api.clock import local
from api.models import Approval, AuditEvent, BundleFile, BundleUpload, Plan, SelectionRow, User, VisitRow, row_id
from api.settings import Settings
from bundle.schema import SECTOR_ZH
from execution.year import BASIS_SHORT_ZH

BASIS_ZH = {**BASIS_SHORT_ZH,
            "not_drawn": "未抽中", "capacity": "人力不足未安排", "exempt": "无适用事项"}
MODE_ZH = {"onsite": "入企现场检查", "remote": "非现场检查"}
KIND_ZH = {"mandatory": "重点检查", "sampled": "随机抽查", "triggered": "线索检查", "follow_up": "整改复查", "capacity": "人力",
           "training": "培训", "review": "法制审核", "policy": "检查规则上限"}
TIER_COLOR = {"A": "#7fb77e", "B": "#c9d66b", "C": "#f0a845", "D": "#d9534f"}

# The policy values a leader may ask to change from the web (修订): key → (kind, low, high).
# The bundle's policy loader checks them again (bundle/policy.py), so a bad value is refused there too.
REVISABLE_POLICY: dict[str, tuple[type, float, float]] = {
    "max_visits_per_officer_per_year": (int, 0, 5000),
    "max_entries_per_enterprise": (int, 1, 366),
    "max_visits_per_agency_per_enterprise": (int, 1, 366),
    "min_days_between_visits": (int, 0, 365),
    "reserve_capacity_ratio": (float, 0.0, 0.9),
}


POLICY_ZH = {"max_visits_per_officer_per_year": "每名执法人员年度入企上限", "max_entries_per_enterprise": "每户企业年度入企次数上限",
             "max_visits_per_agency_per_enterprise": "每个部门对每户企业年度检查上限", "min_days_between_visits": "两次入企最少间隔天数",
             "reserve_capacity_ratio": "预留机动力量比例"}
POLICY_EN = {"max_visits_per_officer_per_year": "visits per officer per year, at most",
             "max_entries_per_enterprise": "entries per enterprise per year, at most",
             "max_visits_per_agency_per_enterprise": "visits per agency per enterprise per year, at most",
             "min_days_between_visits": "days between two entries, at least", "reserve_capacity_ratio": "capacity held in reserve"}


def date_ranges(dates: list[str]) -> list[str]:
    """Consecutive ISO dates as ranges: 2027-07-01…2027-07-31."""
    out: list[list[dt.date]] = []
    for d in sorted(dt.date.fromisoformat(x) for x in dates):
        if out and (d - out[-1][1]).days == 1:
            out[-1][1] = d
        else:
            out.append([d, d])
    return [a.isoformat() if a == b else f"{a.isoformat()}…{b.isoformat()}" for a, b in out]


def percent(ratio: float) -> str:
    """A ratio as the percent the planner typed, every decimal it has (12.5%, 0.7%): the leader approves from this line,
    which read 12% and 1% beside a table of 12.5 and 0.7 (walk28)."""
    return f"{round(ratio * 100, 6):.12g}%"


def fraction(percent_typed: float) -> float:
    """A percent typed on the revise form as the ratio stored: 0.7 → 0.007, not 0.006999999999999999 (walk28); kept to
    the 6 decimals of a percent `percent` shows, so what is stored is what the leader reads (mut31)."""
    return round(percent_typed / 100, 8)


def changes_text(changes: dict[str, Any], zh: bool = True) -> list[str]:
    """A revision's changes in words, for the plan page, the diff and the leader."""
    out = []
    pol = changes.get("policy", {})
    for t, spec in sorted(pol.get("tiers", {}).items()):
        if "sample_ratio" in spec:
            shown_ratio = percent(spec["sample_ratio"])
            out.append(f"{t}级抽查比例 {shown_ratio}" if zh else f"tier {t} sample ratio {shown_ratio}")
        if "visits" in spec:
            out.append(f"{t}级检查次数 {spec['visits']}" if zh else f"tier {t} visits {spec['visits']}")
    for k, v in sorted(pol.items()):
        if k != "tiers":
            shown = percent(v) if k == "reserve_capacity_ratio" else v
            out.append(f"{POLICY_ZH.get(k, k)} {shown}" if zh else f"{POLICY_EN.get(k, k)} {shown}")
    if changes.get("avoid_dates"):
        out.append(("不安排检查：" if zh else "no visits on: ") + "、".join(date_ranges(changes["avoid_dates"])))
    if b := changes.get("bundle"):
        out.append(f"检查包更换为 #{b.get('to')}（{b.get('filename', '')}），原为 #{b.get('from')}" if zh
                   else f"bundle replaced by #{b.get('to')} ({b.get('filename', '')}), was #{b.get('from')}")
    return out


# ---- what a finished plan keeps for its pages --------------------------------------------------
def fieldable_days(bundle: Any) -> dict[str, dict[str, int]]:
    """Per team and month, the working days on which the team can field a visit's officers itself (R-PAIR): at least
    `officers_per_agency_on_visit` enforcement officers certified that day (R-CERT), not on leave (unavailability.csv) and
    with an annual visit budget (R-AVAIL: a budget of 0 sends an officer on no visit).
    The capacity table multiplies the daily cap by these days, not by every working day (walk15: a team whose last
    certificates expired on 31 March read 0/66 for the rest of the year, spare places it could not use)."""
    from execution.context import Register  # the year's own reading of certificates, leave and budgets: one source

    reg = Register(bundle)
    need = bundle.policy.officers_per_agency_on_visit
    out: dict[str, dict[str, int]] = {}
    for team in reg.teams:
        crew = [o for o in reg.team_officers.get(team, ()) if reg.officers[o].budget > 0]  # a budget of 0: never on a visit
        out[str(team)] = dict(Counter(d.isoformat()[:7] for d in reg.workdays
                                      if sum(1 for o in crew if reg.certified(o, d) and d not in reg.away.get(o, ())) >= need))
    return out


def plan_summary(meta: dict[str, Any], visits: Any, selection: Any, bundle: Any) -> dict[str, Any]:
    """The plan's figures, names and risks, computed once when the job stores it."""
    from scheduler.reasons import first_day_notice  # the job's: the web process never loads OR-Tools to serve a page

    f = bundle.frames
    agencies = dict(zip(f["agencies"].agency_id, f["agencies"].name, strict=True))
    items = [{"item_id": r.item_id, "agency_id": r.agency_id, "name": r.name, "legal_basis": r.legal_basis,
              "sectors": list(r.sectors)} for r in f["items"].itertuples(index=False)]
    teams = {r.team_id: {"agency_id": r.agency_id, "district_code": r.district_code, "max_visits_per_day": int(r.max_visits_per_day)}
             for r in f["teams"].itertuples(index=False)}
    names = dict(zip(bundle.enterprises.enterprise_id, bundle.enterprises.name, strict=True))
    pools = Counter(r.tier for r in selection.itertuples(index=False) if r.draw_rank)
    triggers = meta.get("triggers", {})
    urgent = [{"visit_id": r.visit_id, "trigger_id": r.trigger_id, "enterprise_id": r.enterprise_id, "name": names.get(r.enterprise_id, ""),
               "date": r.date} for r in visits.itertuples(index=False)
              if r.basis == "triggered" and triggers.get(r.trigger_id, {}).get("urgent")]
    d_unvisited = [{"enterprise_id": r.enterprise_id, "name": names.get(r.enterprise_id, ""), "basis": r.basis}
                   for r in selection.itertuples(index=False) if r.tier == "D" and r.visits_planned in ("0", "")]
    workdays = Counter(d.isoformat()[:7] for d in bundle.workdays)
    solver = {k: meta["solver"].get(k) for k in ("status", "objective", "best_bound", "final_objective", "greedy_objective", "wall_seconds",
                                                  "workers", "engine", "deterministic_time_limit")}
    pol = meta["policy"]
    return {
        "counts": meta["counts"], "joint_rate": meta["joint_rate"], "shortfalls": meta["shortfalls"], "n_shortfalls": len(meta["shortfalls"]),
        "solver": solver, "places": meta["places"], "pools": dict(pools), "year": meta["year"],
        "tier_ratios": {t: v["sample_ratio"] for t, v in pol["tiers"].items()},
        "tier_visits": {t: v["visits"] for t, v in pol["tiers"].items()},
        "policy": {k: pol.get(k) for k in REVISABLE_POLICY},
        "lottery": {"sampling": pol.get("sampling", "weighted_lottery"), "min_lottery_weight": pol.get("min_lottery_weight", 0.05)},
        "seed": meta["seed"], "input_sha256": meta["input_sha256"],
        "urgent_triggered": urgent, "d_unvisited": d_unvisited[:500], "n_d_unvisited": len(d_unvisited),
        # triggers whose deadline passed before the plan year: history, not planned (walk45 G15: the CLI said so, the
        # page and the leader's package did not)
        "triggers_before_year": int((meta.get("triggers_before_year") or {}).get("count", 0)),
        "risk_model": meta.get("risk_model", {}),
        "notices": ([first_day_notice(dt.date.fromisoformat(meta["first_day"])).as_dict()] if meta.get("first_day") else [])
                   + [w.as_dict() for w in bundle.warnings][:500], "items": items, "agencies": agencies, "teams": teams,
        "workdays_by_month": dict(sorted(workdays.items())),
        # the plan year's calendar and freeze, for what the calendar overtook before a decision (api.services.overtaken)
        "workdays": [d.isoformat() for d in bundle.workdays], "freeze_workdays": bundle.policy.freeze_workdays,
        "fieldable_by_month": fieldable_days(bundle),
    }


# ---- 修订: a revision's files ---------------------------------------------------------------------
def revised_files(files: dict[str, bytes], policy_changes: dict[str, Any], avoid_dates: list[str]) -> dict[str, bytes]:
    """The bundle's files with policy.json changed and calendar.csv marking the avoided days
    as non-working (汛期, 春节…): the scheduler then cannot place a visit on them."""
    out = dict(files)
    policy = json.loads(files["policy.json"].decode("utf-8-sig")) if "policy.json" in files else {}
    for key, value in policy_changes.items():
        if key == "tiers":
            tiers = policy.setdefault("tiers", {})
            for t, spec in value.items():
                tiers.setdefault(t, {}).update(spec)
        else:
            policy[key] = value
    if "tiers" in policy:  # a tier given in part takes the rest from the project defaults
        from bundle.policy import DEFAULT_TIERS

        policy["tiers"] = {t: {**DEFAULT_TIERS[t], **spec} for t, spec in policy["tiers"].items()}
    out["policy.json"] = (json.dumps(policy, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if avoid_dates:
        rows: dict[str, str] = {}
        if "calendar.csv" in files:
            for r in csv.DictReader(io.StringIO(files["calendar.csv"].decode("utf-8-sig"))):
                rows[r["date"]] = r["workday"]
        for d in avoid_dates:
            rows[d] = "false"
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["date", "workday"])
        w.writerows(sorted(rows.items()))
        out["calendar.csv"] = buf.getvalue().encode("utf-8")
    return out


def avoided(session: Session, plan: Plan) -> list[str]:
    """The days every revision up to this plan made non-working (修订: months or days to avoid), oldest first; walk8:
    the revise form showed none of them, so a planner could not tell July was already kept free."""
    out: set[str] = set()
    seen: set[int] = set()
    p: Plan | None = plan
    while p is not None and p.id not in seen:
        seen.add(int(p.id or 0))
        out |= set((p.changes or {}).get("avoid_dates", []))
        p = session.get(Plan, p.supersedes) if p.supersedes else None
    return sorted(out)


def months_avoided(year: int, days: list[str]) -> list[int]:
    """The months every day of which is avoided."""
    have = set(days)
    return [m for m in range(1, 13)
            if all(dt.date(year, m, d).isoformat() in have for d in range(1, calendar.monthrange(year, m)[1] + 1))]


def dates_of(year: int, months: list[int], dates: list[str]) -> list[str]:
    """Months to avoid (1–12) and single dates or ranges (2027-07-01..2027-07-15) → ISO dates of the year."""
    out: set[dt.date] = set()
    for m in months:
        out |= {dt.date(year, m, d) for d in range(1, calendar.monthrange(year, m)[1] + 1)}
    for text in dates:
        a, _, b = text.strip().partition("..")
        try:
            first = dt.date.fromisoformat(a.strip())
            last = dt.date.fromisoformat(b.strip()) if b else first
        except ValueError:
            raise ValueError(text) from None  # the date as typed, not Python's "day is out of range for month"
        if first.year != year or last.year != year or last < first or (last - first).days > 366:
            raise ValueError(text)
        out |= {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}
    return sorted(d.isoformat() for d in out)


# ---- the timeline, the decision package, the diff ----------------------------------------------------
def timeline(session: Session, plan_id: int) -> list[dict[str, Any]]:
    """Every comment and decision on the plan: who, when, what (the planner reads the leader's reasons here)."""
    rows = session.exec(select(Approval, User).join(User, col(User.id) == Approval.user_id)
                        .where(Approval.plan_id == plan_id).order_by(col(Approval.id))).all()
    return [{"decision": a.decision, "comment": a.comment, "username": u.username, "role": u.role,
             "at": local(a.at).strftime("%Y-%m-%d %H:%M")} for a, u in rows]


SEED_ROLES = ("planner", "auditor", "leader", "admin")  # who made the plan, who may redraw it, who approves it


def seed_withheld(plan: Plan, role: str | None) -> bool:
    """Whether a reader in `role` (None: nobody logged in) may not read the plan's lottery seed: outside SEED_ROLES
    until it is revealed (R-PUBLISH: the year closes)."""
    return role not in SEED_ROLES and not seed_revealed(plan)


def without_seed(summary: dict[str, Any]) -> dict[str, Any]:
    """A plan's summary with its seed taken out, and any bundle notice about the seed that quotes it (one stored
    before round 37 said "seed“2027-demo-1”只有11个字符"; foreign37: the viewer read the seed there)."""
    seed = str(summary.get("seed", ""))
    out = {k: v for k, v in summary.items() if k != "seed"}
    if seed and "notices" in out:
        out["notices"] = [n for n in out["notices"] if not (n.get("column") == "seed" and (seed in str(n.get("message_zh", ""))
                                                                                        or seed in str(n.get("message_en", ""))))]
    return out


def decision_package(session: Session, plan: Plan, role: str | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """What a leader needs before signing: who submitted, when, the note, the figures and the risks by name. Its
    notices as `role` may read them (`without_seed`); with `settings`, the visits the calendar has overtaken since
    generation (api.services.overtaken)."""
    from api.services import overtaken

    s = plan.summary or {}
    if seed_withheld(plan, role):
        s = without_seed(s)
    events = timeline(session, row_id(plan))
    sub = next((e for e in reversed(events) if e["decision"] == "submitted"), None)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for x in s.get("shortfalls", []):
        by_kind[str(x.get("kind", ""))][str(x.get("rule", ""))] += 1
    selected = session.exec(select(SelectionRow.tier).where(SelectionRow.plan_id == plan.id, SelectionRow.selected == True)).all()  # noqa: E712
    # the revise form's note is addressed to the leader (提交说明): it reached the audit log alone (walk13)
    revised = session.exec(select(AuditEvent).where(AuditEvent.plan_id == plan.id, AuditEvent.action == "plan.revise_note")
                           .order_by(col(AuditEvent.id).desc())).first()
    return {
        "submitter": sub["username"] if sub else None, "submitted_at": sub["at"] if sub else None, "note": sub["comment"] if sub else "",
        "revision_note": str(revised.detail.get("note", "")) if revised else "",
        "visits": s.get("counts", {}).get("visits", {}).get("total"), "enterprises": len(selected),
        "by_tier": dict(sorted(Counter(selected).items())), "joint_rate": s.get("joint_rate"),
        "basis": s.get("counts", {}).get("basis", {}), "shortfalls_by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "unmet_mandatory": [x for x in s.get("shortfalls", []) if x.get("kind") == "mandatory"],
        "unmet_by_resource": Counter(resource_of(x) for x in s.get("shortfalls", []) if x.get("kind") == "mandatory").most_common(10),
        "d_unvisited": s.get("d_unvisited", []), "n_d_unvisited": s.get("n_d_unvisited", 0),
        "urgent": s.get("urgent_triggered", []), "notices": s.get("notices", []),
        # what the leader approves rests on the scores: which model, and how many scores the imposed tiers moved (R-TIER)
        "risk_model": s.get("risk_model", {}),
        "overtaken": overtaken(session, settings, plan) if settings is not None else None,
    }


def resource_of(shortfall: dict[str, Any]) -> str:
    """The resource a shortfall names, in no language: the teams or agency before the colon of its text
    ("hb-140403/hb-140404：3名持证执法人员…", scheduler/reasons.py), else its agency. It was the English text cut at
    " had ", which no text holds any more: the whole English sentence stood on the Chinese plan page."""
    for text, colon in ((shortfall.get("binding_zh"), "："), (shortfall.get("binding"), ":")):
        if text and colon in str(text):
            return str(text).split(colon, 1)[0].strip()
    return str(shortfall.get("agency") or shortfall.get("id") or "")


def _load_by_month(session: Session, plan_id: int) -> Counter[str]:
    return Counter(d[:7] for d in session.exec(select(VisitRow.date).where(VisitRow.plan_id == plan_id)).all())


def diff(session: Session, new: Plan, old: Plan) -> dict[str, Any]:
    """The new version against the one it supersedes: visits, tiers, enterprises in and out, shortfalls, months."""
    def selected(pid: int) -> dict[str, tuple[str, str]]:
        rows = session.exec(select(SelectionRow.enterprise_id, SelectionRow.name, SelectionRow.tier)
                            .where(SelectionRow.plan_id == pid, SelectionRow.selected == True)).all()  # noqa: E712
        return {e: (n, t) for e, n, t in rows}

    a, b = selected(row_id(old)), selected(row_id(new))
    ma, mb = _load_by_month(session, row_id(old)), _load_by_month(session, row_id(new))
    sa, sb = old.summary or {}, new.summary or {}

    def tiers(sel: dict[str, tuple[str, str]]) -> Counter[str]:
        return Counter(t for _, t in sel.values())

    ta, tb = tiers(a), tiers(b)
    return {
        "old": {"id": old.id, "version": old.version}, "new": {"id": new.id, "version": new.version}, "changes": new.changes or {},
        "visits": (sum(ma.values()), sum(mb.values())),
        "tiers": {t: (ta[t], tb[t]) for t in "ABCD"},
        "tier_ratios": {t: ((sa.get("tier_ratios") or {}).get(t), (sb.get("tier_ratios") or {}).get(t)) for t in "ABCD"},
        "shortfalls": (sa.get("n_shortfalls", 0), sb.get("n_shortfalls", 0)),
        "added": sorted(({"enterprise_id": e, "name": b[e][0], "tier": b[e][1]} for e in b.keys() - a.keys()), key=lambda r: r["enterprise_id"]),
        "dropped": sorted(({"enterprise_id": e, "name": a[e][0], "tier": a[e][1]} for e in a.keys() - b.keys()), key=lambda r: r["enterprise_id"]),
        "months": {m: (ma[m], mb[m]) for m in sorted(ma.keys() | mb.keys())},
        "input": input_changes(session, old.bundle_id, new.bundle_id),
        **visit_changes(session, row_id(old), row_id(new)),
    }


def input_changes(session: Session, old_bundle: int, new_bundle: int) -> dict[str, Any]:
    """检查包变化: whether the two versions were made from different input, and per file whose bytes differ its rows
    before and after and the rows added and removed (a row is a line of the file; a changed row counts once each way).
    walk45 G6: a version made from a corrected bundle (a complaint added, a leave) read "本次修改：" and nothing, so a
    leader could not see that the input had changed at all."""
    if old_bundle == new_bundle:
        return {"changed": False, "files": [], "registers": {}}
    ua, ub = session.get(BundleUpload, old_bundle), session.get(BundleUpload, new_bundle)

    def files(bundle_id: int) -> dict[str, BundleFile]:
        return {f.name: f for f in session.exec(select(BundleFile).where(BundleFile.bundle_id == bundle_id))}

    def rows(f: BundleFile | None) -> list[str]:
        if f is None:
            return []
        content = f.content if isinstance(f.content, bytes) else str(f.content).encode()
        lines = content.decode("utf-8-sig", errors="replace").splitlines()
        return [x for x in lines[1:] if x.strip()] if f.name.endswith(".csv") else lines

    fa, fb = files(old_bundle), files(new_bundle)
    out: list[dict[str, Any]] = []
    for name in sorted(fa.keys() | fb.keys()):
        a, b = fa.get(name), fb.get(name)
        if a is not None and b is not None and a.sha256 == b.sha256:
            continue
        if not name.lower().endswith((".csv", ".json")):  # a workbook's lines are no rows (review46 R7): the registers say
            out.append({"file": name, "rows": (None, None), "added": None, "removed": None})
            continue
        ra, rb = Counter(rows(a)), Counter(rows(b))
        out.append({"file": name, "rows": (sum(ra.values()) if a else None, sum(rb.values()) if b else None),
                    "added": sum((rb - ra).values()), "removed": sum((ra - rb).values())})
    # rows per register as loaded (the upload's counts, whatever its form: CSV files, a workbook, a zip)
    ca, cb = (ua.counts or {}) if ua else {}, (ub.counts or {}) if ub else {}
    registers = {k: (ca.get(k), cb.get(k)) for k in sorted(ca.keys() | cb.keys()) if ca.get(k) != cb.get(k)}
    return {"changed": ua is None or ub is None or ua.input_sha256 != ub.input_sha256 or bool(out),
            "sha256": (ua.input_sha256 if ua else None, ub.input_sha256 if ub else None),
            "bundles": (old_bundle, new_bundle), "files": out, "registers": registers}


def visit_changes(session: Session, old_id: int, new_id: int, limit: int = 500) -> dict[str, Any]:
    """改期与改派: visits of one enterprise and one set of agencies in both versions, paired (the same day first, then in
    date order), whose day
    (`moved`) or officers (`restaffed`) differ; a visit with no partner is a visit added or dropped, which the counts
    above already show. The lists stop at `limit` rows; `n_moved` and `n_restaffed` count them all (walk45 G6: a new
    version put 9 visits on other days and 22 with other officers, and the comparison listed none)."""
    def visits(pid: int) -> dict[tuple[str, str], list[VisitRow]]:
        by: dict[tuple[str, str], list[VisitRow]] = defaultdict(list)
        for v in session.exec(select(VisitRow).where(VisitRow.plan_id == pid).order_by(VisitRow.date, VisitRow.visit_id)):
            by[(v.enterprise_id, v.agency_ids)].append(v)
        return by

    va, vb = visits(old_id), visits(new_id)
    names = dict(session.exec(select(SelectionRow.enterprise_id, SelectionRow.name).where(SelectionRow.plan_id == new_id)).all())
    def paired(xs: list[VisitRow], ys: list[VisitRow]) -> list[tuple[VisitRow, VisitRow]]:
        """Visits on the same day first, the rest in date order (review46 R9: a visit dropped before another read as
        that other one moved)."""
        ys_left, out = list(ys), []
        xs_left = []
        for x in xs:
            same = next((y for y in ys_left if y.date == x.date), None)
            if same is None:
                xs_left.append(x)
            else:
                ys_left.remove(same)
                out.append((x, same))
        out += list(zip(xs_left, ys_left, strict=False))
        return sorted(out, key=lambda p: (p[0].date, p[0].visit_id))

    moved, restaffed = [], []
    for key in sorted(va.keys() & vb.keys()):
        for a, b in paired(va[key], vb[key]):
            row = {"enterprise_id": key[0], "name": names.get(key[0], key[0]), "agency_ids": key[1],
                   "old": {"visit_id": a.visit_id, "date": a.date, "officer_ids": a.officer_ids},
                   "new": {"visit_id": b.visit_id, "date": b.date, "officer_ids": b.officer_ids}}
            if a.date != b.date:
                moved.append(row)
            if set(a.officer_ids.split(";")) != set(b.officer_ids.split(";")):
                restaffed.append(row)
    return {"moved": moved[:limit], "n_moved": len(moved), "restaffed": restaffed[:limit], "n_restaffed": len(restaffed)}


# ---- R-PUBLISH: what the public may see, and when ----------------------------------------------------
PUBLIC_KEYS = frozenset({"id", "year", "version", "published_at", "items", "tiers", "counts", "seed_sha256", "seed", "seed_revealed", "year_closed", "results"})


def seed_revealed(plan: Plan, today: dt.date | None = None) -> bool:
    """The seed is revealed when the year closes: closed by a leader, or the calendar year is over (the service's day,
    api.clock.today: INSPECTION_TODAY pins it as it does the year board)."""
    from api.clock import today as service_day

    today = today or service_day()
    return plan.closed_at is not None or (plan.year is not None and today > dt.date(plan.year, 12, 31))


def done_results(session: Session, plan_id: int, item_names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """R-PUBLISH: the result of every visit done whose 结果公示 step was entered (enterprise, month, items, outcome), from
    the year's records (execution/, table year_state). A visit not done shows nothing at all: not
    its enterprise, its date, nor its basis. The outcome is the most serious one found; `item_outcomes` gives each
    item's own. Publication is the bureau's act, the `publish` milestone, which the deadline board times
    (`publish_results_within_workdays`): walk8 found a violation public on the day of the visit — before the
    enterprise was told and could state its case (陈述、申辩) — while the board called its publication overdue."""
    from api.models import YearState
    from execution.context import OUTCOMES, OUTCOMES_ZH  # R-RECORD's outcomes, in rising severity

    row = session.get(YearState, plan_id)
    if row is None:
        return []
    state = row.state or {}
    published = {vid for vid, m in (state.get("milestones") or {}).items() if m.get("publish")}
    done = {v["visit_id"]: v for v in state.get("visits", []) if v.get("status") == "done" and v["visit_id"] in published}
    names = dict(session.exec(select(SelectionRow.enterprise_id, SelectionRow.name).where(SelectionRow.plan_id == plan_id)).all())
    # a firm entered during the year (年内新增) is in no selection row: its name is the one entered (walk43 G11: its
    # result was published under its credit code)
    names.update({e["enterprise_id"]: e.get("name") or e["enterprise_id"] for e in state.get("added_enterprises", [])})
    out = []
    for r in sorted(state.get("records", []), key=lambda r: (r["date"], r["visit_id"])):
        v = done.get(r["visit_id"])
        if v is None:
            continue
        worst = max(r["outcomes"].values(), key=OUTCOMES.index, default="compliant")
        named = {i: (item_names or {}).get(i, i) for i in r["outcomes"]}
        out.append({"enterprise": names.get(v["enterprise_id"]) or v["enterprise_id"], "month": r["date"][:7],
                    "items": list(named.values()), "outcome": f"{OUTCOMES_ZH[worst]} {worst}",
                    "corrected": bool(r.get("corrections")),  # 已更正: published anew after a correction
                    # which item found what (walk7: one word stood for every item), apart from the names (review8)
                    "item_outcomes": [{"item": named[i], "outcome": f"{OUTCOMES_ZH[o]} {o}"} for i, o in r["outcomes"].items()]})
    return out


def public_view(session: Session, plan: Plan) -> dict[str, Any]:
    """Before the year: items and legal bases, each tier's ratio, pool and places, counts by
    month and agency, sha256(seed). Never before a visit is done: names, dates, complaints;
    never: officers, risk scores, model factors. An allow-list, not a deny-list."""
    s = plan.summary or {}
    agencies = s.get("agencies", {})
    items = [{"name": i["name"], "agency": agencies.get(i["agency_id"], i["agency_id"]), "legal_basis": i["legal_basis"],
              "sectors": [SECTOR_ZH.get(x, x) for x in i["sectors"]]} for i in s.get("items", [])]
    by_agency: Counter[str] = Counter()
    for ids in session.exec(select(VisitRow.agency_ids).where(VisitRow.plan_id == plan.id)).all():
        for a in ids.split(";"):
            by_agency[agencies.get(a, a)] += 1
    seed = str(s.get("seed", ""))
    revealed = seed_revealed(plan)
    places = s.get("places") or {}
    # R-PUBLISH: each tier's pool size. A tier covered whole (ratio 1, tier D) has no lottery and no draw ranks: its pool
    # is every enterprise of the tier with an item to check, all of them places (scheduler.requirements); it read "—"
    # (walk28)
    tiers = [{"tier": t, "sample_ratio": r, "places": places.get(t),
              "pool_size": places.get(t) if r >= 1 else (s.get("pools") or {}).get(t)}
             for t, r in sorted((s.get("tier_ratios") or {}).items())]
    return {"id": plan.id, "year": plan.year or s.get("year"), "version": plan.version,
            "published_at": local(plan.published_at).date().isoformat() if plan.published_at else None,
            "items": items, "tiers": tiers,
            "counts": {"by_month": dict(sorted(_load_by_month(session, row_id(plan)).items())), "by_agency": dict(sorted(by_agency.items()))},
            "seed_sha256": hashlib.sha256(seed.encode("utf-8")).hexdigest(), "seed": seed if revealed else None,
            # the seed shows once the calendar year is over or a leader closed it; `year_closed` says only the latter, as the
            # audit trail does (foreign34: it read true in January while close-year was refused for a change awaiting a leader)
            "seed_revealed": revealed, "year_closed": plan.closed_at is not None, "results": done_results(session, row_id(plan), {i["item_id"]: i["name"] for i in s.get("items", []) if "item_id" in i})}


# ---- the auditor's redraw (rules.md, the lottery exactly) -----------------------------------------------
def redraw(session: Session, plan: Plan, sampling: str = "weighted_lottery", min_weight: float = 0.05) -> dict[str, Any]:
    """Recompute every draw_rank from the published risk scores and the seed, by rules.md's
    formula written out again here (an independent check, not a call into the scheduler)."""
    seed = str((plan.summary or {}).get("seed", ""))
    places = (plan.summary or {}).get("places") or {}
    pools: dict[str, list[tuple[str, float, int]]] = defaultdict(list)
    basis: dict[str, str] = {}
    for row in session.exec(select(SelectionRow).where(SelectionRow.plan_id == plan.id, col(SelectionRow.draw_rank).is_not(None))).all():
        if row.draw_rank is None:  # the query keeps drawn rows only
            raise RuntimeError(f"plan {plan.id}: selection row {row.enterprise_id} has no draw_rank")
        pools[row.tier].append((row.enterprise_id, row.risk_score, row.draw_rank))
        basis[row.enterprise_id] = row.basis
    out = {}
    for tier, pool in sorted(pools.items()):
        keyed = []
        for e, score, _ in pool:
            h = hmac.new(seed.encode("utf-8"), f"{tier}|{e}".encode(), hashlib.sha256).digest()
            u = (int.from_bytes(h[:8], "big") + 0.5) / 2**64
            w = 1.0 if sampling == "uniform_lottery" else max(round(score, 6), min_weight)
            keyed.append((math.log(u) / w, e))
        keyed.sort(key=lambda k: (-k[0], k[1]))
        mine = {e: i for i, (_, e) in enumerate(keyed, start=1)}
        wrong = sorted(e for e, _, rank in pool if mine[e] != rank)
        # plan.md invariants 6 and 10: the places filled in draw order — no more drawn than the places, and nobody left
        # `not_drawn` ahead of one drawn (one who could not be placed reads `capacity`). walk23: the auditor's page
        # said "every rank agrees" and nothing of whether the drawing followed the ranks.
        drawn = sorted(mine[e] for e, _, _ in pool if basis[e] == "sampled")
        passed = sorted(e for e, _, _ in pool if basis[e] == "not_drawn" and drawn and mine[e] < drawn[-1])
        n_places = places.get(tier)
        over = n_places is not None and len(drawn) > int(n_places)
        out[tier] = {"pool_size": len(pool), "matches": not wrong, "mismatched": wrong[:50], "places": n_places, "drawn": len(drawn),
                     "in_order": not passed and not over, "passed_over": passed[:50]}
    return {"seed": seed, "tiers": out, "all_match": all(v["matches"] for v in out.values()),
            "all_in_order": all(v["in_order"] for v in out.values())}


# ---- charts with axes (matplotlib, PNG) ------------------------------------------------------------------
def _png(fig: Any) -> bytes:
    """PNG, served as an image of its own: an inline SVG carries style attributes a strict CSP blocks."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


# the Chinese fonts of Debian's packages (fonts-wqy-zenhei, which .ci/run installs; fonts-noto-cjk; fonts-droid-fallback)
CJK_FONT_FILES = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                  "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
# their family names, in that order; matplotlib before 3.11 registers the Noto collection as its JP face only, which
# draws Chinese too
CJK_FAMILIES = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Droid Sans Fallback")


def _plt() -> tuple[Any, bool]:
    """pyplot set up for the charts, and whether a Chinese font is there to draw Chinese labels with."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    # matplotlib's font list is cached per user the first time it runs; a font package installed after that is not in
    # it, and the charts' Chinese came out as empty boxes ("Glyph … missing from font(s) DejaVu Sans", a CI run of 3
    # December). Registering the files it lacks is cheap and changes nothing where they are known already.
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in CJK_FONT_FILES:
        if path not in known and Path(path).exists():
            font_manager.fontManager.addfont(path)
    plt.rcParams.update({"font.sans-serif": [*CJK_FAMILIES, "DejaVu Sans"], "axes.unicode_minus": False, "font.size": 9})
    # a family whose file is gone (a font list cached before the package was removed) draws nothing: not counted
    families = {f.name for f in font_manager.fontManager.ttflist if Path(f.fname).exists()}
    return plt, any(f in families for f in CJK_FAMILIES)


def month_tiers(rows: Iterable[tuple[str, str]]) -> tuple[list[str], dict[str, Counter[str]]]:
    """Visits per month and tier, from (date, tier): the month chart's numbers, and the table beside it that a screen
    reader reads (a11y30 #14: the chart's numbers were nowhere as text)."""
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for date, tier in rows:
        by[date[:7]][tier] += 1
    return sorted(by), by


def month_chart(rows: list[tuple[str, str]], zh: bool = True) -> bytes:
    """Visits per month, stacked by tier, with axes and a legend. rows: (date, tier). Labelled in English where no
    Chinese font is installed: words a reader can read, not a row of empty boxes (walk15)."""
    plt, cjk = _plt()
    zh = zh and cjk
    months, by = month_tiers(rows)
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    bottom = [0] * len(months)
    for t in "ABCD":
        vals = [by[m][t] for m in months]
        ax.bar([m[5:] for m in months], vals, bottom=bottom, color=TIER_COLOR[t], label=f"{t}级" if zh else f"tier {t}")
        bottom = [a + b for a, b in zip(bottom, vals, strict=True)]
    ax.set_xlabel("月份" if zh else "month")
    ax.set_ylabel("检查次数" if zh else "visits")
    ax.legend(ncol=4, fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def diff_chart(months: dict[str, tuple[int, int]], old_v: int, new_v: int, zh: bool = True) -> bytes:
    """Visits per month of two versions side by side; in English where no Chinese font is installed (month_chart)."""
    plt, cjk = _plt()
    zh = zh and cjk
    fig, ax = plt.subplots(figsize=(7.5, 2.6))
    xs = list(range(len(months)))
    ax.bar([x - 0.2 for x in xs], [a for a, _ in months.values()], width=0.4, color="#9bb", label=f"v{old_v}")
    ax.bar([x + 0.2 for x in xs], [b for _, b in months.values()], width=0.4, color="#1f4e79", label=f"v{new_v}")
    ax.set_xticks(xs, [m[5:] for m in months])
    ax.set_xlabel("月份" if zh else "month")
    ax.set_ylabel("检查次数" if zh else "visits")
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def team_load(rows: list[tuple[str, str, str]], teams: dict[str, dict[str, Any]], workdays: dict[str, int],
              fieldable: dict[str, dict[str, int]] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Per team and month: on-site visits taken part in, against capacity (max_visits_per_day × the working days the
    team can field a pair of certified officers, `fieldable_days`; every working day for a plan stored before it was
    kept), and beside them the remote checks (`remote`), which one officer makes and the pair's days do not bound."""
    load: dict[str, Counter[str]] = defaultdict(Counter)
    remote: dict[str, Counter[str]] = defaultdict(Counter)
    for date, team_ids, mode in rows:
        for t in filter(None, team_ids.split(";")):
            (remote if mode == "remote" else load)[t][date[:7]] += 1
    months = sorted(workdays) or sorted({m for c in load.values() for m in c})
    out = []
    # every team of the register, an idle one too (walk28: the city-level teams the trigger slots offered had no row,
    # so their spare room was nowhere on the page)
    for t in sorted(set(load) | set(remote) | set(teams)):
        cap_day = (teams.get(t) or {}).get("max_visits_per_day")
        cells = []
        for m in months:
            days = (fieldable.get(t) or {}).get(m, 0) if fieldable is not None and t in fieldable else workdays.get(m, 0)
            cap = cap_day * days if cap_day else None
            # a visit where the team can field no pair that month: full (hot), not a division by zero or spare room
            share = (load[t][m] / cap) if cap else (1.0 if cap == 0 and load[t][m] else None)
            cells.append({"n": load[t][m], "cap": cap, "share": share, "remote": remote[t][m]})
        out.append({"team": t, "agency_id": (teams.get(t) or {}).get("agency_id", ""), "cells": cells,
                    "total": sum(load[t].values()) + sum(remote[t].values())})
    return months, out
