"""One checker function per rule of rules.md that a plan folder can show: `check_<rule id in
snake case>(ctx) -> list[Violation]`. scheduler/registry.py names them by dotted path
(`checker.rules.check_r_pair`), so the names are a contract.

Each function reads the plan's files and the bundle through `Context` and nothing else;
each violation names its rule id and plan.md's invariant number (0 = the files' own
contract). docs/decisions.md "Checker and worlds (issue 8)" gives the exact readings.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from checker.facts import LAWFUL_BASES, PLANNED, REQUIREMENT_KINDS, SELECTION_COLUMNS, VISIT_COLUMNS, Context, Violation, Visit
from checker.lottery import officer_order, redraw, tier_places

Check = Callable[[Context], list[Violation]]

# plan.md's invariant for each rule id (the first it belongs to; R-AVAIL's caps are 3, its presence 1)
INVARIANT = {
    "R-WORKDAY": 1, "R-AVAIL": 1, "R-RECUSE": 1, "R-CERT": 1, "R-PAIR": 1, "R-TEAM": 2,
    "R-CAP-AGENCY": 4, "R-CAP-ENTRY": 4, "R-GAP": 4, "R-JOINT": 4, "R-EXEMPT": 4,
    "R-ITEM": 5, "R-SAMPLE": 5, "R-TRIGGER": 5, "R-FOLLOW": 5, "R-BASIS": 5,
    "R-AUDIT": 7, "R-REMOTE": 8, "R-TIER": 9, "R-PRIORITY": 11, "R-EXPLAIN": 11, "R-OFFICER-DRAW": 12,
}


def _v(rule: str, where: str, message: str, invariant: int | None = None) -> Violation:
    return Violation(INVARIANT[rule] if invariant is None else invariant, rule, where, message)


# ---- who inspects ------------------------------------------------------------------------
def check_r_workday(ctx: Context) -> list[Violation]:
    """R-WORKDAY (invariant 1): every visit on a working day of the plan year, 调休 included."""
    out = []
    for v in ctx.visits:
        if v.date is None:
            out.append(_v("R-WORKDAY", v.visit_id, f"date {v.iso!r} is not an ISO date"))
        elif v.date.year != ctx.year:
            out.append(_v("R-WORKDAY", v.visit_id, f"{v.iso} is outside the plan year {ctx.year}"))
        elif not ctx.is_workday(v.date):
            out.append(_v("R-WORKDAY", v.visit_id, f"{v.iso} is not a working day"))
    return out


def check_r_cert(ctx: Context) -> list[Violation]:
    """R-CERT (invariant 1): an enforcement officer on a visit holds a certificate valid on its date."""
    out = []
    for v in ctx.dated:
        for o in v.officers:
            f = ctx.officers.get(o)
            if f is not None and f.role == "enforcement" and not ctx.certified(o, v.day):
                out.append(_v("R-CERT", v.visit_id, f"{o}'s certificate expired on {f.cert_expires}, before {v.iso}"))
    return out


def check_r_recuse(ctx: Context) -> list[Violation]:
    """R-RECUSE (invariant 1): nobody inspects an enterprise they are recused from (回避)."""
    return [_v("R-RECUSE", v.visit_id, f"{o} is recused from {v.enterprise_id}")
            for v in ctx.visits for o in v.officers if (o, v.enterprise_id) in ctx.recused]


def check_r_pair(ctx: Context) -> list[Violation]:
    """R-PAIR (invariant 1): each agency on an on-site visit sends `officers_per_agency_on_visit` enforcement
    officers (auxiliaries and legal reviewers never count); a remote check needs one."""
    out = []
    for v in ctx.visits:
        need = ctx.policy.officers_per_agency_on_visit if v.mode == "onsite" else 1
        count: Counter[str] = Counter()
        for o in set(v.officers):
            f = ctx.officers.get(o)
            if f is None:
                out.append(_v("R-PAIR", v.visit_id, f"unknown officer {o}"))
            elif f.role == "enforcement":
                count[ctx.teams[f.team].agency] += 1
        for a in v.agencies:
            if count[a] < need:
                out.append(_v("R-PAIR", v.visit_id, f"agency {a}: {count[a]} enforcement officers, {need} needed"))
    return out


def check_r_team(ctx: Context) -> list[Violation]:
    """R-TEAM (invariant 2): an agency's officers on a visit come from one of its teams, allowed in the district."""
    out = []
    for v in ctx.visits:
        by_agency: dict[str, set[str]] = defaultdict(set)
        for o in v.officers:
            if o in ctx.officers:
                t = ctx.officers[o].team
                by_agency[ctx.teams[t].agency].add(t)
        for a, teams in sorted(by_agency.items()):
            if a not in v.agencies:
                out.append(_v("R-TEAM", v.visit_id, f"officers of agency {a}, which is not on the visit"))
            if len(teams) > 1:
                out.append(_v("R-TEAM", v.visit_id, f"agency {a} sends officers of several teams {sorted(teams)}"))
            for t in sorted(teams):
                if not ctx.may_work_in(t, v.district):
                    out.append(_v("R-TEAM", v.visit_id, f"team {t} ({ctx.teams[t].district}) may not work in district {v.district}"))
    return out


def check_r_avail(ctx: Context) -> list[Violation]:
    """R-AVAIL: nobody works while away (invariant 1); day caps, annual budgets and team-day caps (invariant 3)."""
    pol = ctx.policy
    out = []
    team_day: Counter[tuple[str, dt.date]] = Counter()
    for v in ctx.dated:
        teams = set()
        for o in v.officers:
            if o in ctx.officers:
                teams.add(ctx.officers[o].team)
                if not ctx.present(o, v.day):
                    out.append(_v("R-AVAIL", v.visit_id, f"{o} is away on {v.iso}", 1))
        for t in teams:
            team_day[(t, v.day)] += 1
    for (o, day), (onsite, remote) in sorted(ctx.officer_day_use.items()):
        if onsite > pol.max_visits_per_officer_per_day:
            out.append(_v("R-AVAIL", o, f"{onsite} on-site visits on {day}, max_visits_per_officer_per_day {pol.max_visits_per_officer_per_day}", 3))
        if remote > pol.max_remote_checks_per_officer_per_day:
            out.append(_v("R-AVAIL", o, f"{remote} remote checks on {day}, max {pol.max_remote_checks_per_officer_per_day}", 3))
    for o, n in sorted(ctx.officer_year_use.items()):
        if o in ctx.officers and n > ctx.officers[o].budget:
            out.append(_v("R-AVAIL", o, f"{n} on-site visits in the year, annual_visit_budget {ctx.officers[o].budget}", 3))
    for (t, day), n in sorted(team_day.items()):
        if n > ctx.teams[t].day_cap:
            out.append(_v("R-AVAIL", t, f"{n} visits on {day}, max_visits_per_day {ctx.teams[t].day_cap}", 3))
    return out


def eligible(ctx: Context, officer: str, day: dt.date, enterprise_id: str) -> bool:
    """R-PAIR … R-AVAIL for one officer on one day at one enterprise: enforcement, certified, present, not recused."""
    return ctx.certified(officer, day) and ctx.present(officer, day) and (officer, enterprise_id) not in ctx.recused


def check_r_officer_draw(ctx: Context) -> list[Violation]:
    """R-OFFICER-DRAW (invariant 12). Officers are taken in ascending HMAC-SHA256(seed, "officer|{visit}|{officer}")
    order among the eligible, skipping only those needed later. Checked from the files: among the chosen team's
    officers eligible that day, an unchosen one who works nowhere that day and ends the year with annual budget
    left (on-site) could not have been needed later, so no chosen officer may come after them in HMAC order."""
    out = []
    seed = ctx.policy.seed
    use, year = ctx.officer_day_use, ctx.officer_year_use
    for v in ctx.dated:
        for a in v.agencies:
            teams = ctx.visit_team(v, a)
            if len(teams) != 1:
                continue  # R-TEAM or R-PAIR speaks
            (team,) = teams
            chosen = [o for o in v.officers if o in ctx.officers and ctx.officers[o].team == team
                      and eligible(ctx, o, v.day, v.enterprise_id)]
            if not chosen:
                continue
            last = max(officer_order(seed, v.visit_id, o) for o in chosen)
            taken = set(v.officers)
            for u in ctx.team_enforcement.get(team, ()):
                if u in taken or (u, v.day) in use or not eligible(ctx, u, v.day, v.enterprise_id):
                    continue
                if v.mode == "onsite" and year.get(u, 0) >= ctx.officers[u].budget:
                    continue  # no budget left at the year's end: may have been needed later
                if officer_order(seed, v.visit_id, u) < last:
                    out.append(_v("R-OFFICER-DRAW", v.visit_id, f"agency {a}: {u} comes before a chosen officer in the draw, "
                                  "was free that day and had annual budget left"))
                    break
    return out


# ---- what and why ----------------------------------------------------------------------------
def check_r_item(ctx: Context) -> list[Violation]:
    """R-ITEM: every item is on a visiting agency's published list and applies to the enterprise's sector."""
    out = []
    for v in ctx.known:
        sector = ctx.enterprises[v.enterprise_id][1]
        if not v.items:
            out.append(_v("R-ITEM", v.visit_id, "the visit lists no item"))
        for i in v.items:
            it = ctx.items.get(i)
            if it is None:
                out.append(_v("R-ITEM", v.visit_id, f"item {i} is on no published list"))
            elif it[0] not in v.agencies:
                out.append(_v("R-ITEM", v.visit_id, f"item {i} belongs to agency {it[0]}, which is not on the visit"))
            elif sector not in it[1]:
                out.append(_v("R-ITEM", v.visit_id, f"item {i} does not apply to sector {sector}"))
    return out


def check_r_basis(ctx: Context) -> list[Violation]:
    """R-BASIS: every visit has a lawful basis; a triggered one names a trigger of this enterprise, others none."""
    out = []
    for v in ctx.visits:
        if v.basis not in LAWFUL_BASES:
            out.append(_v("R-BASIS", v.visit_id, f"basis {v.basis!r} is no lawful basis"))
        elif v.basis == "triggered":
            t = ctx.triggers.get(v.trigger_id)
            if t is None or t.enterprise_id != v.enterprise_id:
                out.append(_v("R-BASIS", v.visit_id, f"trigger {v.trigger_id!r} is not one of this enterprise's"))
        elif v.trigger_id:
            out.append(_v("R-BASIS", v.visit_id, f"basis {v.basis} with a trigger_id {v.trigger_id}"))
    return out


def check_r_exempt(ctx: Context) -> list[Violation]:
    """R-EXEMPT (invariant 4): only a real case may skip caps and gaps — a triggered visit carries the trigger's
    agency alone, a follow-up only agencies that found an unrectified violation there last year."""
    out = []
    for v in ctx.visits:
        if v.basis == "triggered" and v.trigger_id in ctx.triggers:
            if set(v.agencies) != {ctx.triggers[v.trigger_id].agency}:
                out.append(_v("R-EXEMPT", v.visit_id, f"trigger {v.trigger_id} is for agency {ctx.triggers[v.trigger_id].agency}, "
                              f"the visit carries {list(v.agencies)}"))
        elif v.basis == "follow_up":
            for a in v.agencies:
                if (v.enterprise_id, a) not in ctx.unrectified_last_year:
                    out.append(_v("R-EXEMPT", v.visit_id, f"agency {a} found no unrectified violation here in {ctx.year - 1}"))
    return out


def check_r_remote(ctx: Context) -> list[Violation]:
    """R-REMOTE (invariant 8): no planned on-site visit outside `onsite_required_tiers` whose items could all be
    checked remotely at a monitored enterprise; a remote check needs monitoring and remote-allowed items."""
    out = []
    required = set(ctx.policy.onsite_required_tiers)
    for v in ctx.known:
        monitored = ctx.enterprises[v.enterprise_id][2]
        remote_ok = bool(v.items) and all(i in ctx.items and ctx.items[i][2] for i in v.items)
        tier = ctx.tier_of.get(v.enterprise_id, v.tier)
        if v.mode == "onsite" and v.basis in PLANNED and tier not in required and monitored and remote_ok:
            out.append(_v("R-REMOTE", v.visit_id, "every item could be checked remotely: 能非现场的不入企"))
        if v.mode == "remote" and not (monitored and remote_ok):
            out.append(_v("R-REMOTE", v.visit_id, "a remote check needs online monitoring and remote-allowed items"))
    return out


def _latest_grade(ctx: Context) -> dict[str, str]:
    """The latest official grade (credit_grades.csv) of each graded enterprise; same date: the worse grade."""
    g = ctx.bundle.credit_grades
    best: dict[str, tuple[object, str]] = {}
    for e, grade, rated in zip(g.enterprise_id, g.grade, g.rated_on, strict=True):
        key = (rated, grade)
        if e not in best or key > best[e]:
            best[e] = key
    return {e: k[1] for e, k in best.items()}


def serious_dishonest(ctx: Context) -> set[str]:
    """R-TIER from the raw records: a `serious_dishonest` record whose expires_on is not before the plan year and
    that no repair dated the same day or later follows, whatever its own date (one dated inside the year counts)."""
    cr = ctx.bundle.credit_records
    start = dt.date(ctx.year, 1, 1)
    repairs: dict[str, list[dt.date]] = defaultdict(list)
    listed: list[tuple[str, dt.date]] = []
    for e, kind, rec, exp in zip(cr.enterprise_id, cr.kind, cr.recorded_on, cr.expires_on, strict=True):
        if kind == "repair":
            repairs[e].append(rec.date())
        elif kind == "serious_dishonest" and (exp is None or exp != exp or exp.date() >= start):
            listed.append((e, rec.date()))
    return {e for e, d in listed if not any(r >= d for r in repairs.get(e, ()))}


def check_r_tier(ctx: Context) -> list[Violation]:
    """R-TIER (invariant 9): D where a serious-dishonest record counts; else the latest official grade; and each
    visit's tier is its enterprise's."""
    out = []
    dishonest, grade = serious_dishonest(ctx), _latest_grade(ctx)
    for eid, tier in ctx.tier_of.items():
        want = "D" if eid in dishonest else grade.get(eid)
        if want is not None and tier != want:
            why = "a serious_dishonest record counts" if want == "D" and eid in dishonest else "the latest official grade"
            out.append(_v("R-TIER", eid, f"tier {tier}, the records give {want} ({why})"))
    for v in ctx.visits:
        if v.enterprise_id in ctx.tier_of and v.tier != ctx.tier_of[v.enterprise_id]:
            out.append(_v("R-TIER", v.visit_id, f"tier {v.tier}, selection.csv says {ctx.tier_of[v.enterprise_id]}"))
    return out + _score_outside_band(ctx, dishonest | set(grade))


def published_score(text: str | None) -> float | None:
    """selection.csv's risk_score as a number, or None where it is none: blank, unreadable, NaN, infinite, or outside
    plan.md's 0–1 (a probability)."""
    try:
        score = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return score if 0.0 <= score <= 1.0 else None  # NaN fails both comparisons


def score_band(score: float, thresholds: tuple[float, ...]) -> str:
    """The tier whose band 分级区间 holds a published score under the policy's `tier_thresholds`: A below the first
    threshold, one tier up for each threshold the score reaches (written again here, not imported from risk/)."""
    return "ABCD"[sum(score >= t for t in thresholds)]


def band_declared(meta: dict[str, Any]) -> bool:
    """Whether plan.json declares the published scores of imposed tiers held to their band: `risk_model.band.kept`
    is true. Anything else (absent, false, malformed) declares no band: plan.md defines risk_score as the model's
    probability and says nothing of bands, so only a plan that promises one is held to it."""
    rm = meta.get("risk_model")
    band = rm.get("band") if isinstance(rm, dict) else None
    return isinstance(band, dict) and band.get("kept") is True


# the smallest past AUC loss that drops the band beside two standard errors (risk.score.BAND_MIN_LOSS, written again
# here, not imported from risk/)
MIN_DIFFERENCE = 0.005
# the mean past AUC loss over two periods or more that drops the band whatever its standard error (a mean loss over
# several periods: risk.score.BAND_REPEATED_LOSS, written again here, not imported from risk/)
REPEATED_LOSS = 0.015


# the share of the official grades the records at their rating day explain (a cross-validated Spearman) from which the
# band is dropped without consulting the past (risk.score.GRADE_EXPLAINED, written again here, not imported from risk/)
GRADE_EXPLAINED = 0.9


def _number(x: object) -> bool:
    """A number that is not a bool and not NaN."""
    return isinstance(x, int | float) and not isinstance(x, bool) and x == x


def _auc_difference(x: object) -> bool:
    """A difference of two AUCs: a finite number from −1 to 1 (json.loads reads -Infinity; review12 forged one)."""
    return _number(x) and -1 <= x <= 1  # type: ignore[operator]


def _judged(band: dict[str, Any]) -> bool:
    """Whether the band's figures claim a judgement: two periods or more, or one whose standard error came from a
    bootstrap of its inspections (`se_from` "inspections")."""
    periods = band.get("periods")
    return isinstance(periods, int) and (periods >= 2 or (periods == 1 and band.get("se_from") == "inspections"))


def _band_shape(band: dict[str, Any]) -> str | None:
    """What is malformed in a dropped band's figures, if anything: `periods` a whole number ≥ 0; `auc_gain` and `se`
    both numbers (se ≥ 0) where they were judged (`_judged`), both absent (None) otherwise."""
    periods, gain, se = band.get("periods"), band.get("auc_gain"), band.get("se")
    if not isinstance(periods, int) or isinstance(periods, bool) or periods < 0:
        return f"periods {periods!r} is no count"
    if _judged(band) and not (_auc_difference(gain) and _number(se) and 0 <= se < math.inf):  # type: ignore[operator]
        return f"auc_gain {gain!r} and se {se!r} over {periods} period(s) are no difference and standard error"
    if not _judged(band) and (gain is not None or se is not None):
        return f"auc_gain {gain!r} and se {se!r} from {periods} period(s) without a standard error of its inspections: nothing judged"
    return None


def _band_claim(meta: dict[str, Any]) -> list[str]:
    """What is wrong with plan.json's claim about the band, if anything. A plan with a `risk_model` card must say
    `band.kept` (true or false); a dropped band's figures must be well formed (`_band_shape`) and carry its evidence:
    a past loss (`auc_gain` below 0 and beyond both two standard errors and MIN_DIFFERENCE) over at least two periods,
    or over one with its standard error from its inspections (`se_from`), or beyond REPEATED_LOSS over at least two
    periods whatever its standard error, with no score held to a band
    (`held_to_band` 0 and 0) — or, with `reason` "grade_explained", grades that the records at their rating day
    explain (`grade_explained` a number of at least GRADE_EXPLAINED; the past test then not consulted). A plan with no
    `risk_model` (another tool's) claims nothing."""
    rm = meta.get("risk_model")
    if not isinstance(rm, dict):
        return []
    band = rm.get("band")
    if not isinstance(band, dict) or not isinstance(band.get("kept"), bool):
        return [f"risk_model.band {band!r} does not say whether imposed tiers' scores are held to their band (kept: true/false)"]
    if band["kept"]:
        return []
    if (shape := _band_shape(band)) is not None:
        return [f"risk_model.band is malformed: {shape}"]
    gain, se, periods, held = band.get("auc_gain"), band.get("se"), band.get("periods"), rm.get("held_to_band")
    if band.get("reason") == "grade_explained":
        if not (_number(explained := band.get("grade_explained")) and GRADE_EXPLAINED <= explained <= 1):  # type: ignore[operator]
            return [f"risk_model.band drops the band for grade_explained {explained!r}, not a Spearman of at least {GRADE_EXPLAINED}"]
    else:
        # the two bars a past loss may pass, each written once: beyond two standard errors and MIN_DIFFERENCE; beyond
        # REPEATED_LOSS over two periods or more
        bars = {"se": _judged(band) and gain < -max(2 * se, MIN_DIFFERENCE),  # type: ignore[operator]
                "repeated": _judged(band) and periods >= 2 and gain < -REPEATED_LOSS}  # type: ignore[operator]
        if not any(bars.values()):
            return [f"risk_model.band drops the band without its evidence (auc_gain {gain!r}, se {se!r}, periods {periods!r}: "
                    f"a loss beyond two standard errors and {MIN_DIFFERENCE} over at least two periods, or over one with "
                    f"its standard error from its inspections; or a loss beyond {REPEATED_LOSS} over at least two periods)"]
        rule = band.get("rule")
        if "rule" in band and not (isinstance(rule, str) and bars.get(rule, False)):
            # the bar the plan names must be one its figures pass (review17: any name was accepted)
            return [f"risk_model.band names the bar {rule!r} as what dropped it, and its figures do not pass that bar"]
    if not isinstance(held, dict) or any(held.get(k) != 0 for k in ("raised", "lowered")):
        return [f"risk_model.band drops the band, yet held_to_band is {held!r}"]
    return []


def _score_outside_band(ctx: Context, imposed_by_records: set[str]) -> list[Violation]:
    """R-TIER and the published score agree (docs/decisions.md, "The published score and an imposed tier"): where the
    records leave the tier to the score, the tier is cut from it, so the score lies in its tier's band; where they
    impose the tier (the checker's own reading: the dishonesty list, the latest grade), the score is held inside that
    tier's band too, if plan.json declares the band kept (`band_declared`; the bureau's past may have dropped it).
    `imposed_by_records`: the enterprises whose tier the records impose, as check_r_tier read them. A score that is no
    probability has no band: the file check reports it (`check_files`)."""
    out = [_v("R-TIER", "plan.json", m) for m in _band_claim(ctx.meta)]
    thresholds = tuple(ctx.policy.tier_thresholds)
    imposed = set() if band_declared(ctx.meta) else imposed_by_records
    for r in ctx.selection:
        score = published_score(r["risk_score"])
        if score is None or r["tier"] not in ("A", "B", "C", "D") or r["enterprise_id"] in imposed:
            continue
        if (band := score_band(score, thresholds)) != r["tier"]:
            out.append(_v("R-TIER", r["enterprise_id"], f"tier {r['tier']}, but risk_score {r['risk_score']} lies in tier "
                          f"{band}'s band under tier_thresholds {list(thresholds)}"))
    return out


def _coverage(ctx: Context) -> dict[tuple[str, str, str], int]:
    """(enterprise, basis, item) → times covered."""
    cover: Counter[tuple[str, str, str]] = Counter()
    for v in ctx.visits:
        for i in v.items:
            cover[(v.enterprise_id, v.basis, i)] += 1
    return cover


def check_r_sample(ctx: Context) -> list[Violation]:
    """R-SAMPLE: coverage of mandatory and sampled enterprises (invariant 5), the redrawn lottery and the places
    (invariant 10), draw order (invariant 6)."""
    pol, out = ctx.policy, []
    cover = _coverage(ctx)
    sampled_visits = {v.enterprise_id for v in ctx.visits if v.basis == "sampled"}
    pools: dict[str, list[Any]] = defaultdict(list)  # selection rows (checker.facts.SelectionRow)
    for r in ctx.selection:
        eid, tier = r["enterprise_id"], r["tier"]
        if tier not in pol.tiers or eid not in ctx.enterprises:
            continue
        agencies = ctx.agency_items(eid)
        spec = pol.tiers[tier]
        if spec.sample_ratio < 1 and agencies:
            pools[tier].append(r)
        elif r["draw_rank"]:
            out.append(_v("R-SAMPLE", eid, f"draw_rank {r['draw_rank']} outside any lottery pool", 10))
        owed = "mandatory" if spec.sample_ratio >= 1 else ("sampled" if r["basis"] == "sampled" else None)
        if owed and agencies and eid not in ctx.named:
            for a, items in sorted(agencies.items()):
                for i in items:
                    if cover[(eid, owed, i)] < spec.visits:
                        out.append(_v("R-SAMPLE", eid, f"agency {a} item {i} covered {cover[(eid, owed, i)]} of {spec.visits} "
                                      f"times by {owed} visits, no shortfall", 5))
        if eid in sampled_visits and r["basis"] != "sampled":
            out.append(_v("R-SAMPLE", eid, f"sampled visits, but basis {r['basis']} in selection.csv", 10))
    for v in ctx.visits:
        if v.basis == "mandatory" and pol.tiers.get(ctx.tier_of.get(v.enterprise_id, ""), None) is not None \
                and pol.tiers[ctx.tier_of[v.enterprise_id]].sample_ratio < 1:
            out.append(_v("R-SAMPLE", v.visit_id, f"mandatory visit in sampled tier {ctx.tier_of[v.enterprise_id]}", 10))
    for tier, pool in sorted(pools.items()):
        spec = pol.tiers[tier]
        # a blank or unreadable score weighs as 0 (its weight is then min_lottery_weight) rather than stopping the
        # check; check_files reports it. An out-of-range number is weighed as published.
        ranks = redraw(pol.seed, tier, [(r["enterprise_id"], _lottery_score(r["risk_score"])) for r in pool],
                       pol.min_lottery_weight, pol.sampling == "uniform_lottery")
        for r in pool:
            if r["draw_rank"] != str(ranks[r["enterprise_id"]]):
                out.append(_v("R-SAMPLE", r["enterprise_id"], f"draw_rank {r['draw_rank']!r}, the lottery gives {ranks[r['enterprise_id']]}", 10))
        n_places = tier_places(spec.sample_ratio, len(pool))
        chosen = [ranks[r["enterprise_id"]] for r in pool if r["basis"] == "sampled"]
        if len(chosen) > n_places:
            out.append(_v("R-SAMPLE", f"tier {tier}", f"{len(chosen)} sampled, {n_places} places", 10))
        if chosen:
            worst = max(chosen)
            for r in pool:
                if r["basis"] == "not_drawn" and ranks[r["enterprise_id"]] < worst:
                    out.append(_v("R-SAMPLE", r["enterprise_id"], f"rank {ranks[r['enterprise_id']]} left out as not drawn, "
                                  f"rank {worst} selected", 6))
            out += _skipped_could_swap(ctx, tier, pool, ranks)
    return out


SWAP_FIRMS = 200  # a tier's best-ranked firms skipped for capacity, each tried against the visits of worse-ranked ones
SWAP_VISITS = 400  # those visits tried per firm, the worst-ranked firm's first


def _skipped_could_swap(ctx: Context, tier: str, pool: list[Any], ranks: dict[str, int]) -> list[Violation]:
    """Invariant 6 (R-SAMPLE, draw order): a firm skipped for capacity while a worse-ranked firm of its tier was
    sampled on one on-site visit whose day, teams and officers it could have had (`_could_take`) for every agency it
    needs — the same team-days, officer-days and budgets, one entry of its own (foreign37b b4, b6: `inspection check`
    passed plans the judge proved wrong by such a swap). Only where one visit is all the tier asks (`visits` 1) and the
    firm's visits are on site (no remote check its agencies could make instead: R-REMOTE); capped (SWAP_FIRMS,
    SWAP_VISITS) for a province."""
    pol = ctx.policy
    if pol.tiers[tier].visits != 1:
        return []
    sampled = {r["enterprise_id"] for r in pool if r["basis"] == "sampled"}
    rows: dict[str, list[Visit]] = defaultdict(list)  # city → sampled on-site rows of this tier's sampled firms
    for v in ctx.dated:
        if v.basis == "sampled" and v.mode == "onsite" and v.enterprise_id in sampled and v.enterprise_id in ctx.enterprises:
            rows[ctx.enterprises[v.enterprise_id][0][:4]].append(v)
    for vs in rows.values():
        vs.sort(key=lambda v: (-ranks[v.enterprise_id], v.visit_id))
    out = []
    # skipped: `capacity`, or a follow-up or trigger visit's basis (plan.md: selected ⇔ a visit) with no sampled visit
    # (review38 #5: a drawn firm skipped whose follow-up was placed was never judged)
    skipped = sorted((ranks[r["enterprise_id"]], r["enterprise_id"]) for r in pool
                     if r["basis"] in ("capacity", "follow_up", "triggered") and r["enterprise_id"] not in sampled)
    held = ctx.memo("held_back", _held_back)
    for rank, eid in skipped[:SWAP_FIRMS]:
        district, _, monitored = ctx.enterprises[eid][:3]
        applies = ctx.agency_items(eid)
        needs = tuple(sorted(applies))
        if any((district, a) in held for a in needs):
            continue  # R-PRIORITY: a required visit of its agency in its district is unmet for capacity: no sampled visit there
        remote = monitored and tier not in pol.onsite_required_tiers and any(
            all(i in ctx.items and ctx.items[i][2] for i in items) for items in applies.values())
        if not needs or remote:  # an agency whose items could all be checked remotely comes as a remote check (R-REMOTE)
            continue
        tried = 0
        for v in rows.get(district[:4], ()):
            if ranks[v.enterprise_id] <= rank or tried >= SWAP_VISITS:
                break
            if not set(needs) <= set(v.agencies):
                continue
            tried += 1
            if _could_take(ctx, eid, needs, v):
                out.append(_v("R-SAMPLE", eid, f"rank {rank} skipped for capacity while rank {ranks[v.enterprise_id]}'s visit {v.visit_id} on "
                              f"{v.iso} had the day, teams and officers it needed ({', '.join(needs)})", 6))
                break
    return out


NO_PLAN_RULES = frozenset({"R-RECUSE", "R-CERT", "R-TEAM", "R-WORKDAY", "R-ITEM"})  # unmet whatever any plan did


def _held_back(ctx: Context) -> set[tuple[str, str]]:
    """(district, agency) pairs where plan.json declares a required visit unmet for a reason some plan could meet (a
    shortfall of a requirement kind whose rule is not one of NO_PLAN_RULES): R-PRIORITY forbids a sampled visit of
    that agency there (check_r_priority), so a firm of it skipped for capacity is no breach of draw order (invariant
    6). Lenient on purpose: a pair held here only spares firms a finding."""
    out: set[tuple[str, str]] = set()
    for s in ctx.shortfalls:
        kind, sid = shortfall_key(s)
        # by its rule, not its words: a trigger a city team could have taken is "R-AVAIL … in its window" and holds its
        # district back all the same (review38b #2); only what no plan could meet holds nothing
        if kind not in REQUIREMENT_KINDS or str(s.get("rule", "")) in NO_PLAN_RULES:
            continue
        eid = ctx.triggers[sid].enterprise_id if kind in ("triggered", "trigger") and sid in ctx.triggers else sid
        if eid in ctx.enterprises:
            out |= {(ctx.enterprises[eid][0], a) for a in shortfall_agencies(ctx, s) or ctx.agency_items(eid)}
    return out


def trigger_window(ctx: Context, trigger_id: str) -> tuple[dt.date, dt.date] | None:
    """R-TRIGGER: receipt to the N-th working day after it (urgent: fewer), clipped to the plan year; None if it closed before."""
    t = ctx.triggers[trigger_id]
    n = ctx.policy.urgent_within_workdays if t.urgent else ctx.policy.trigger_within_workdays
    end = ctx.deadline(t.received, n)
    if end < dt.date(ctx.year, 1, 1):
        return None
    return max(t.received, dt.date(ctx.year, 1, 1)), min(end, dt.date(ctx.year, 12, 31))


def unmet_triggers(ctx: Context) -> dict[str, tuple[dt.date, dt.date]]:
    """Triggers owed in the plan year and not visited by their agency within their window."""
    return ctx.memo("unmet_triggers", _unmet_triggers)


def _unmet_triggers(ctx: Context) -> dict[str, tuple[dt.date, dt.date]]:
    visited: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    for v in ctx.visits:
        if v.basis == "triggered" and v.date is not None:
            for a in v.agencies:
                visited[(v.trigger_id, a)].append(v.date)
    out = {}
    for tid, t in sorted(ctx.triggers.items()):
        w = trigger_window(ctx, tid)
        if w is not None and not any(w[0] <= d <= w[1] for d in visited.get((tid, t.agency), ())):
            out[tid] = w
    return out


def check_r_trigger(ctx: Context) -> list[Violation]:
    """R-TRIGGER (invariant 5): each trigger visited by its agency within its window, or named as a shortfall."""
    return [_v("R-TRIGGER", tid, f"not visited by {ctx.triggers[tid].agency} between {a} and {z}, no shortfall")
            for tid, (a, z) in unmet_triggers(ctx).items() if tid not in ctx.named]


def unmet_follow_ups(ctx: Context) -> list[tuple[str, str]]:
    """(enterprise, agency) owed a follow-up with none by that agency in the plan."""
    return ctx.memo("unmet_follow_ups", _unmet_follow_ups)


def _unmet_follow_ups(ctx: Context) -> list[tuple[str, str]]:
    done = {(v.enterprise_id, a) for v in ctx.visits if v.basis == "follow_up" for a in v.agencies}
    return sorted(k for k in ctx.unrectified_last_year if k not in done)


def check_r_follow(ctx: Context) -> list[Violation]:
    """R-FOLLOW (invariant 5): an unrectified violation last year gets a follow-up by that agency, or a shortfall."""
    return [_v("R-FOLLOW", e, f"no follow-up by {a} of last year's unrectified violation, no shortfall")
            for e, a in unmet_follow_ups(ctx) if e not in ctx.named]


# ---- how often ---------------------------------------------------------------------------------
def _planned(ctx: Context) -> dict[str, list[Visit]]:
    """Planned (mandatory, sampled) visits with a date, by enterprise."""
    out: dict[str, list[Visit]] = defaultdict(list)
    for v in ctx.visits:
        if v.basis in PLANNED and v.date is not None:
            out[v.enterprise_id].append(v)
    return out


def check_r_cap_agency(ctx: Context) -> list[Violation]:
    """R-CAP-AGENCY (invariant 4): at most `max_visits_per_agency_per_enterprise` planned on-site visits of one agency."""
    cap, out = ctx.policy.max_visits_per_agency_per_enterprise, []
    for eid, rows in sorted(_planned(ctx).items()):
        n = Counter(a for v in rows if v.mode == "onsite" for a in v.agencies)
        out += [_v("R-CAP-AGENCY", eid, f"agency {a}: {k} planned on-site visits, cap {cap}") for a, k in sorted(n.items()) if k > cap]
    return out


def check_r_cap_entry(ctx: Context) -> list[Violation]:
    """R-CAP-ENTRY (invariant 4): at most `max_entries_per_enterprise` days with a planned entry (a joint visit is one)."""
    cap, out = ctx.policy.max_entries_per_enterprise, []
    for eid, rows in sorted(_planned(ctx).items()):
        days = {v.day for v in rows if v.mode == "onsite"}
        if len(days) > cap:
            out.append(_v("R-CAP-ENTRY", eid, f"entered on {len(days)} days for planned visits, cap {cap}"))
    return out


def check_r_gap(ctx: Context) -> list[Violation]:
    """R-GAP (invariant 4): planned entries on different days ≥ `min_days_between_visits` apart; two planned visits
    of one agency ≥ `min_days_between_repeat_visits` apart."""
    pol, out = ctx.policy, []
    for eid, rows in sorted(_planned(ctx).items()):
        days = sorted({v.day for v in rows if v.mode == "onsite"})
        for x, y in itertools.pairwise(days):
            if (y - x).days < pol.min_days_between_visits:
                out.append(_v("R-GAP", eid, f"planned entries {x} and {y} are {(y - x).days} days apart, "
                              f"min_days_between_visits {pol.min_days_between_visits}"))
        by_agency: dict[str, set[dt.date]] = defaultdict(set)
        for v in rows:
            for a in v.agencies:
                by_agency[a].add(v.day)
        for a, ds in sorted(by_agency.items()):
            for x, y in itertools.pairwise(sorted(ds)):
                if (y - x).days < pol.min_days_between_repeat_visits:
                    out.append(_v("R-GAP", eid, f"agency {a}'s visits {x} and {y} are {(y - x).days} days apart, "
                                  f"min_days_between_repeat_visits {pol.min_days_between_repeat_visits}"))
    return out


def check_r_joint(ctx: Context) -> list[Violation]:
    """R-JOINT (invariant 4): agencies entering one enterprise on one day are one joint row."""
    n = Counter((v.enterprise_id, v.iso) for v in ctx.visits if v.mode == "onsite")
    return [_v("R-JOINT", eid, f"{k} on-site rows on {d}: same-day visits must be one joint row") for (eid, d), k in sorted(n.items()) if k > 1]


# ---- priorities and explanations -------------------------------------------------------------------
# A shortfall whose words name one of these could not have been met by any visit giving way (rules.md R-PRIORITY):
# the window, recusal, certificates, the calendar, caps and gaps, items, or the policy itself.
NOT_CAPACITY = re.compile(
    r"window|no working day|recus|回避|certificate|执法证|R-(?:RECUSE|CERT|WORKDAY|GAP|CAP-AGENCY|CAP-ENTRY|ITEM|TEAM)\b"
    r"|policy|窗口|没有工作日|无工作日|间隔|入企天数|入企次数|频次上限|次数上限|事项|no eligible team|no team", re.IGNORECASE)
# "没有工作日" (no working day), not "工作日" alone: the word is in most Chinese shortfalls, a team's full working days
# and an R-PAIR "在可选工作日无法两人成组" among them, and excused them all (review38 #4). The caps of R-CAP-ENTRY and
# R-CAP-AGENCY by what they count (入企天数 / 次数上限), not "上限" alone: a team's full days say "已排X次，上限Y次", a
# capacity shortfall (review39 #4)


# A window's team-days all booked ("…已满（已排X次，上限Y次）" / "are full (X visits booked"): for a trigger or follow-up,
# `_gives_way` / `_gives_way_to` have already proved that no lower-class visit on those days could give way, so what
# fills them is its own class (held-out complaint_magnets: four complaints due on 4 January, the teams' two seats each
# taken by other complaints). For a mandatory visit nothing proved it: its words excuse nothing (review39 #4)
FULL_DAYS = re.compile(r"已排\d+次，上限\d+次|are full \(\d+ visits booked")


def shortfall_key(s: dict[str, Any]) -> tuple[Any, str]:
    """A shortfall's kind and the id it is about (its `id`, else `enterprise_id`, else `trigger_id`)."""
    return s.get("kind"), str(s.get("id") or s.get("enterprise_id") or s.get("trigger_id") or "")


def shortfall_agencies(ctx: Context, s: dict[str, Any]) -> set[str]:
    """The agencies a shortfall names: its `agency` / `agency_id` / `agencies` field, else agency ids in its words."""
    known = set(ctx.bundle.agencies.agency_id)
    for k in ("agency", "agency_id", "agencies"):
        if s.get(k):
            raw = s[k]
            got = set(raw) if isinstance(raw, list) else set(str(raw).replace(",", ";").split(";"))
            return {a.strip() for a in got if a.strip()}
    words = " ".join(str(s.get(k, "")) for k in ("resource", "binding", "binding_zh", "binding_en"))
    return known & set(re.split(r"[^0-9A-Za-z_]+", words))


def shortfall_resource(s: dict[str, Any]) -> str:
    """The resource a shortfall names (its `resource` field, else its `binding` words)."""
    return " ".join(str(s.get(k) or "") for k in ("resource", "binding", "binding_zh", "binding_en")).strip()


def check_r_explain(ctx: Context) -> list[Violation]:
    """R-EXPLAIN: every selection row has a reason in Chinese and English (invariant 0); every shortfall names the
    binding resource, and one of a requirement also its agency (invariant 11)."""
    out = []
    for r in ctx.selection:
        if not r.get("reason_zh") or not r.get("reason_en"):
            out.append(_v("R-EXPLAIN", r["enterprise_id"], "no reason in Chinese and English", 0))
    for n, s in enumerate(ctx.shortfalls):
        where = f"shortfall {n} ({s.get('id')})"
        if not shortfall_resource(s):
            out.append(_v("R-EXPLAIN", where, "names no binding resource"))
        if s.get("kind") in REQUIREMENT_KINDS and not shortfall_agencies(ctx, s):
            out.append(_v("R-EXPLAIN", where, "names no agency"))
    return out


def check_r_priority(ctx: Context) -> list[Violation]:
    """R-PRIORITY (invariant 11), judged on the requirements plan.json declares unmet:
    - a mandatory one, for an agency whose items there are covered too few times, is a violation when a `sampled`
      visit of that agency in that district was made by a team that may work at the enterprise;
    - a trigger or follow-up is a violation when any `mandatory` or `sampled` visit of its agency in its district exists;
    unless the shortfall names a reason no visit could give way (window, recusal, certificates, caps, policy…)."""
    out = []
    planned_by: dict[tuple[str, str], set[str]] = defaultdict(set)  # (district, agency) → teams of planned visits
    sampled_by: dict[tuple[str, str], set[str]] = defaultdict(set)
    last_planned: dict[tuple[str, str], dt.date] = {}  # (district, agency) → its last planned visit's day
    for v in ctx.visits:
        if v.basis in PLANNED:
            for a in v.agencies:
                teams = ctx.visit_team(v, a)
                planned_by[(v.district, a)] |= teams or {""}
                if v.date is not None:
                    last_planned[(v.district, a)] = max(v.date, last_planned.get((v.district, a), v.date))
                if v.basis == "sampled":
                    sampled_by[(v.district, a)] |= teams
    cover = _coverage(ctx)
    year = (dt.date(ctx.year, 1, 1), dt.date(ctx.year, 12, 31))
    unmet_trig = unmet_triggers(ctx)
    unmet_fu: dict[str, list[str]] = defaultdict(list)  # enterprise → agencies owed a follow-up none made, in order
    for e, a in unmet_follow_ups(ctx):
        unmet_fu[e].append(a)
    for n, s in enumerate(ctx.shortfalls):
        kind, sid = shortfall_key(s)
        if kind in ("triggered", "trigger") and sid in unmet_trig and (way := _gives_way(ctx, sid, unmet_trig[sid])) is not None:
            # whatever the words say: that visit's team, day and officers could have gone to the trigger instead
            out.append(_v("R-PRIORITY", sid, f"trigger left unmet while {way.basis} visit {way.visit_id} of agency {ctx.triggers[sid].agency} "
                          f"on {way.iso}, inside its window, could have given way: same team and officers, none recused (shortfall {n})"))
            continue
        if kind == "follow_up" and sid in ctx.enterprises:
            # R-FOLLOW sets no window: a planned visit anywhere in the year whose day, team and officers the follow-up
            # could have had (foreign37b p7: the team away its first months, the words said "no day … present together")
            # — from the day after its rectification deadline where the history gives one: before it nothing is due
            # (a deadline after the plan year leaves no day: re-checked next year)
            named = shortfall_agencies(ctx, s)
            fu = [(a, w) for a in unmet_fu.get(sid, ()) if (not named or a in named)
                  and (start := max(year[0], ctx.follow_up_from.get((sid, a), year[0]))) <= year[1]
                  and (w := _gives_way_to(ctx, sid, a, (start, year[1]))) is not None]
            if fu:
                a, w = fu[0]
                out.append(_v("R-PRIORITY", sid, f"follow-up by {a} left unmet while {w.basis} visit {w.visit_id} on {w.iso} could "
                              f"have given way: same team and officers, none recused (shortfall {n})"))
                continue
        words = shortfall_resource(s) + " " + str(s.get("rule", ""))
        if kind == "mandatory" and s.get("held_by") == "enterprise" and sid in ctx.enterprises:
            # a claim that no day is left beside the enterprise's visits as placed (foreign44 F1) is verified against
            # those visits, not taken on its words: a day they leave lawful, where a crew could go, while the agency
            # made sampled visits in the district, is a breach like any other
            district = ctx.enterprises[sid][0]
            owes = ctx.agency_items(sid)
            for a in sorted(shortfall_agencies(ctx, s) or owes):
                if a in owes and sampled_by.get((district, a)) and (left := day_left_beside(ctx, sid, a)) is not None:
                    out.append(_v("R-PRIORITY", sid, f"shortfall {n} says no day is left for agency {a} beside the enterprise's "
                                  f"visits, yet {left} is (a team could go; its entries, gaps and caps allow it), while "
                                  f"sampled visits of {a} were made in district {district}"))
                    break
            else:
                # …and against any arrangement of them (review44 #2): "held by the enterprise" says its own limits, not
                # the way its visits were laid out, hold the visit. Per agency (review45 #2): where some arrangement fits
                # every planned on-site visit made there and one more of the claimed agency, the arrangement held it,
                # and what it could use was free to sample
                made_here = Counter(a for v in ctx.memo("onsite_by_enterprise", _onsite_by_enterprise).get(sid, [])
                               if v.basis in PLANNED for a in v.agencies)
                tier = ctx.tier_of.get(sid, "")
                owed_n = min(ctx.policy.tiers[tier].visits if tier in ctx.policy.tiers else 1, ctx.policy.max_visits_per_agency_per_enterprise)
                for a in sorted(shortfall_agencies(ctx, s) or owes):
                    if a in owes and sampled_by.get((district, a)) and made_here[a] < owed_n and arrangement_fits(ctx, sid, {**made_here, a: made_here[a] + 1}):
                        out.append(_v("R-PRIORITY", sid, f"shortfall {n} says the enterprise's own visits hold agency {a} "
                                      f"(held_by: enterprise), yet the days its crews could go fit every planned visit made "
                                      f"there and a visit {made_here[a] + 1} of {a}, under its entries, gaps and caps, while "
                                      f"sampled visits of {a} were made in district {district}"))
                        break
            continue
        if kind == "mandatory" and s.get("rule") == "R-GAP" and sid in ctx.enterprises:
            # a claim that no plan could fit another visit (R-GAP between the days its officers could go together) is
            # verified, not taken on its words (foreign43 F1): where those days hold more of its visits than were made,
            # and a team of the agency made sampled visits there, it is a breach like any other
            district = ctx.enterprises[sid][0]
            made_by = ctx.memo("planned_onsite", _planned_onsite)
            owes = ctx.agency_items(sid)
            for a in sorted(shortfall_agencies(ctx, s) or owes):
                # an agency whose items the firm does not carry owes it no visit: nothing to verify (mut48's note)
                if a not in owes or not sampled_by.get((district, a)):
                    continue
                made = made_by.get((sid, a), 0)
                tier = ctx.tier_of.get(sid, "")
                owed = min(ctx.policy.tiers[tier].visits if tier in ctx.policy.tiers else 1, ctx.policy.max_visits_per_agency_per_enterprise)
                if made < owed and made < (fit := most_visits(ctx, sid, a)):
                    out.append(_v("R-PRIORITY", sid, f"shortfall {n} says no plan could fit another visit of agency {a} (R-GAP), "
                                  f"yet its teams' days hold {fit} visit(s) {ctx.policy.min_days_between_repeat_visits} days apart, "
                                  f"{made} made, while sampled visits of {a} were made in district {district}"))
                    break
        if kind not in REQUIREMENT_KINDS or NOT_CAPACITY.search(words) or (kind != "mandatory" and FULL_DAYS.search(words)):
            continue
        named = shortfall_agencies(ctx, s)
        if kind == "mandatory" and sid in ctx.enterprises:
            district = ctx.enterprises[sid][0]
            tier = ctx.tier_of.get(sid, "")
            need = ctx.policy.tiers[tier].visits if tier in ctx.policy.tiers else 1
            for a, items in sorted(ctx.agency_items(sid).items()):
                if (named and a not in named) or all(cover[(sid, "mandatory", i)] >= need for i in items):
                    continue
                # a team that could never go to the firm (its officers recused, uncertified or away together all
                # year) frees nothing by giving way (review38b #1: whatever the shortfall's words)
                able = [t for t in sorted(sampled_by.get((district, a), ())) if ctx.may_work_in(t, district) and _team_can_go(ctx, t, sid, year)]
                if able:
                    out.append(_v("R-PRIORITY", sid, f"mandatory visits of agency {a} left unmet while team {able[0]} "
                                  f"made sampled visits in district {district} (shortfall {n})"))
        elif kind in ("triggered", "trigger") and sid in unmet_trig:
            t = ctx.triggers[sid]
            district = ctx.enterprises[t.enterprise_id][0]
            # a planned visit's budget could have gone to the trigger only where its team could go in the window at all
            # (foreign31 b01: a city team with one certified officer left after March, for a complaint of May)
            able = sorted(tm for tm in planned_by.get((district, t.agency), ()) if _team_can_go(ctx, tm, t.enterprise_id, unmet_trig[sid]))
            if able:
                out.append(_v("R-PRIORITY", sid, f"trigger left unmet while agency {t.agency} made planned visits in {district} "
                              f"by team {able[0]}, which could go in its window (shortfall {n})"))
        elif kind == "follow_up" and sid in ctx.enterprises:
            district = ctx.enterprises[sid][0]
            for a in unmet_fu.get(sid, ()):
                # a follow-up may start only after its deadline: planned visits all before it had no day to give (one
                # due after the plan year, none at all)
                start = ctx.follow_up_from.get((sid, a), year[0])
                if (not named or a in named) and planned_by.get((district, a)) and start <= year[1] \
                        and last_planned.get((district, a), start) >= start:
                    out.append(_v("R-PRIORITY", sid, f"follow-up by {a} left unmet while it made planned visits in {district} (shortfall {n})"))
    return out


def most_visits(ctx: Context, enterprise_id: str, agency: str) -> int:
    """As many planned on-site visits of `agency` to the enterprise as the plan year's working days hold
    `min_days_between_repeat_visits` apart (R-GAP), each on a day where k officers of one team of the agency that may
    work in its district (R-TEAM), with a budget, not recused from it, are certified and present together (R-CERT,
    R-AVAIL, R-RECUSE); from the plan's first day where plan.json gives one. Earliest first: no plan fits more."""
    gap = dt.timedelta(days=ctx.policy.min_days_between_repeat_visits)
    fits, last = 0, None
    for d in _crew_days(ctx, enterprise_id, agency):
        if last is None or d - last >= gap:
            fits, last = fits + 1, d
    return fits


def arrangement_fits(ctx: Context, enterprise_id: str, need: dict[str, int]) -> bool:
    """Whether `need`'s planned on-site visits (agency → how many) all fit the enterprise: each on a day a crew of its
    agency could go (`_crew_days`), not a day it has another (unplanned) visit (R-JOINT), at most
    `max_entries_per_enterprise` entry days (R-CAP-ENTRY; agencies on one day are one joint entry), entry days
    `min_days_between_visits` apart and one agency's visits `min_days_between_repeat_visits` apart (R-GAP), at most
    `max_visits_per_agency_per_enterprise` of one agency (R-CAP-AGENCY). A time-indexed model over the year's days (a
    day, a literal), solved by CP-SAT as a feasibility question: written from rules.md, not from the scheduler's
    search. A search cut short answers no (a claim is then left standing, never called false without a witness)."""
    from ortools.sat.python import cp_model

    pol = ctx.policy
    if any(n > pol.max_visits_per_agency_per_enterprise for n in need.values()):
        return False
    other = {v.date for v in ctx.memo("onsite_by_enterprise", _onsite_by_enterprise).get(enterprise_id, [])
             if v.date is not None and v.basis not in PLANNED}
    crew = {a: [d for d in _crew_days(ctx, enterprise_id, a) if d not in other] for a in sorted(need) if need[a] > 0}
    m = cp_model.CpModel()
    entry = {d: m.new_bool_var(f"entry {d}") for d in sorted({d for ds in crew.values() for d in ds})}
    for a, ds in crew.items():
        goes = {d: m.new_bool_var(f"{a} {d}") for d in ds}
        for d, x in goes.items():
            m.add_implication(x, entry[d])
        m.add(sum(goes.values()) == need[a])
        _one_per_span(m, goes, pol.min_days_between_repeat_visits)
    m.add(sum(entry.values()) <= pol.max_entries_per_enterprise)
    _one_per_span(m, entry, pol.min_days_between_visits)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 5.0
    return solver.solve(m) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _one_per_span(m: Any, by_day: dict[dt.date, Any], days: int) -> None:
    """At most one of these day literals in any `days` consecutive calendar days (R-GAP: two days fewer than `days`
    apart never both)."""
    ds = sorted(by_day)
    for i, d in enumerate(ds):
        span = [by_day[x] for x in ds[i:bisect_left(ds, d + dt.timedelta(days=max(days, 1)))]]
        if len(span) > 1:
            m.add(sum(span) <= 1)


def _crew_days(ctx: Context, enterprise_id: str, agency: str) -> list[dt.date]:
    """The plan's working days on which k officers of one team of `agency` that may work in the enterprise's district
    (R-TEAM), with a budget, not recused from it, are certified and present together (R-CERT, R-AVAIL, R-RECUSE)."""
    district = ctx.enterprises[enterprise_id][0]
    k = ctx.policy.officers_per_agency_on_visit
    members = ctx.memo("team_members", _team_members)
    crews = [tuple(o for o in members.get(t, []) if (o, enterprise_id) not in ctx.recused and ctx.officers[o].budget > 0)
             for t, x in sorted(ctx.teams.items()) if x.agency == agency and ctx.may_work_in(t, district)]
    crews = [c for c in crews if len(c) >= k]
    return ctx.memo(f"crew_days:{crews}", lambda c: [d for d in _year_days(c) if any(
        sum(1 for o in crew if c.certified(o, d) and c.present(o, d)) >= k for crew in crews)])


def day_left_beside(ctx: Context, enterprise_id: str, agency: str) -> dt.date | None:
    """A day an unmet planned visit of `agency` could still take beside the enterprise's visits as the plan has them:
    a crew of the agency could go (`_crew_days`), and the enterprise's planned on-site visits leave it lawful — the
    agency's cap not reached (R-CAP-AGENCY), not its visit's day nor within `min_days_between_repeat_visits` of one
    (R-GAP), one of its entry days or, where its entries are not all used (R-CAP-ENTRY), `min_days_between_visits`
    from each (R-GAP), and no other visit of it that day (R-JOINT). None: the claim that no day is left holds."""
    pol = ctx.policy
    mine = [v for v in ctx.memo("onsite_by_enterprise", _onsite_by_enterprise).get(enterprise_id, []) if v.date is not None]
    planned = [v for v in mine if v.basis in PLANNED]
    entries = {v.date for v in planned}
    own = [v.date for v in planned if agency in v.agencies]
    other = {v.date for v in mine if v.basis not in PLANNED}
    if len(own) >= pol.max_visits_per_agency_per_enterprise:
        return None
    apart = lambda d, days, n: all(abs((d - x).days) >= n for x in days)  # noqa: E731
    for d in _crew_days(ctx, enterprise_id, agency):
        if d in other or d in own or not apart(d, own, pol.min_days_between_repeat_visits):
            continue
        if d in entries or (len(entries) < pol.max_entries_per_enterprise and apart(d, entries, pol.min_days_between_visits)):
            return d
    return None


def _onsite_by_enterprise(ctx: Context) -> dict[str, list[Visit]]:
    """Enterprise → its on-site visits (indexed once: a shortfall each would scan a province's visits again)."""
    out: dict[str, list[Visit]] = defaultdict(list)
    for v in ctx.visits:
        if v.mode == "onsite":
            out[v.enterprise_id].append(v)
    return dict(out)


def year_workdays(ctx: Context) -> list[dt.date]:
    """The plan year's working days, by the bundle's calendar (checker.bound's too)."""
    start = dt.date(ctx.year, 1, 1)
    return [d for d in (start + dt.timedelta(days=i) for i in range(366)) if d.year == ctx.year and ctx.is_workday(d)]


def _year_days(ctx: Context) -> list[dt.date]:
    """The plan year's working days, from plan.json's `first_day` where a plan made during its year gives one."""
    first = ctx.meta.get("first_day")
    return [d for d in year_workdays(ctx) if not first or d >= dt.date.fromisoformat(first)]


def _planned_onsite(ctx: Context) -> dict[tuple[str, str], int]:
    """(enterprise, agency) → its planned on-site visits (a visit row once per agency it carries)."""
    out: dict[tuple[str, str], int] = defaultdict(int)
    for v in ctx.visits:
        if v.mode == "onsite" and v.basis in PLANNED:
            for a in v.agencies:
                out[(v.enterprise_id, a)] += 1
    return dict(out)


def _team_can_go(ctx: Context, team: str, enterprise_id: str, window: tuple[dt.date, dt.date]) -> bool:
    """Whether `team` has k enforcement officers present, certified and not recused from the enterprise on one working
    day of the window (a team that cannot frees nothing a trigger there could use: R-CERT, R-AVAIL, R-RECUSE). A visit
    whose team is not known (no officers named) is counted as able."""
    if not team:
        return True
    k = ctx.policy.officers_per_agency_on_visit
    members = ctx.memo("team_members", _team_members).get(team, [])
    officers = [o for o in members if (o, enterprise_id) not in ctx.recused]
    day = window[0]
    while day <= window[1]:
        if ctx.is_workday(day) and sum(1 for o in officers if ctx.certified(o, day) and ctx.present(o, day)) >= k:
            return True
        day += dt.timedelta(days=1)
    return False


def _team_members(ctx: Context) -> dict[str, list[str]]:
    """Team → its officers in the register (read once: a province's register has thousands)."""
    out: dict[str, list[str]] = defaultdict(list)
    for o, x in ctx.officers.items():
        out[x.team].append(o)
    return dict(out)


def _onsite_by_enterprise_day(ctx: Context) -> dict[tuple[str, dt.date], list[Visit]]:
    out: dict[tuple[str, dt.date], list[Visit]] = defaultdict(list)
    for v in ctx.dated:
        if v.mode == "onsite":
            out[(v.enterprise_id, v.day)].append(v)
    return out


def _planned_by_agency(ctx: Context) -> dict[tuple[str, str], list[Visit]]:
    """Planned on-site visits each agency takes part in (alone or joint), per (agency, city), by date: a team works in
    its own city only (R-TEAM, `may_work_in`), so no other city's visit could give way (review38 #8: a follow-up's
    year scanned every visit of its agency in a province)."""
    out: dict[tuple[str, str], list[Visit]] = defaultdict(list)
    for v in ctx.dated:
        if v.basis in PLANNED and v.mode == "onsite":
            for a in v.agencies:
                out[(a, v.district[:4])].append(v)
    return {k: sorted(vs, key=lambda v: (v.day, v.visit_id)) for k, vs in out.items()}


def _gives_way(ctx: Context, tid: str, window: tuple[dt.date, dt.date]) -> Visit | None:
    """A planned on-site visit that could have given its place to unmet trigger `tid` (R-PRIORITY, invariant 11)
    (`_gives_way_to`)."""
    t = ctx.triggers[tid]
    return _gives_way_to(ctx, t.enterprise_id, t.agency, window)


def _gives_way_to(ctx: Context, enterprise_id: str, agency: str, window: tuple[dt.date, dt.date]) -> Visit | None:
    """A planned on-site visit that could have given its place to an unmet trigger or follow-up of `agency` at
    `enterprise_id` (R-PRIORITY, invariant 11): on a day of its window, with that agency on it (alone, or joint: that
    agency's part gives way and the row stays for the others; review23), and `_could_take` that agency's team and
    officers for the enterprise. Dropping it and visiting the enterprise with the same team and officers keeps every
    team-day, officer-day and budget as it was; triggers and follow-ups count against no cap or gap (R-EXEMPT). None
    where the agency has no item for the enterprise (R-ITEM)."""
    if enterprise_id not in ctx.enterprises or agency not in ctx.agency_items(enterprise_id):
        return None
    planned = ctx.memo("planned_by_agency", _planned_by_agency).get((agency, ctx.enterprises[enterprise_id][0][:4]), [])
    for v in planned[bisect_left(planned, window[0], key=lambda v: v.day):bisect_right(planned, window[1], key=lambda v: v.day)]:
        if _could_take(ctx, enterprise_id, (agency,), v):
            return v
    return None


def _could_take(ctx: Context, enterprise_id: str, agencies: tuple[str, ...], v: Visit) -> bool:
    """Whether `enterprise_id` could have had on-site visit `v`'s day, team and officers for each of `agencies`: the
    enterprise has no other on-site row that day (R-JOINT; `v`'s own row only where it is at that enterprise and of
    these agencies alone: a joint row stays for its other agencies); for each agency one team that may work in the
    enterprise's district (R-TEAM), and at least k of its officers on `v`, all present, certified and not recused from
    the enterprise (R-PAIR, R-CERT, R-AVAIL, R-RECUSE)."""
    district, k = ctx.enterprises[enterprise_id][0], ctx.policy.officers_per_agency_on_visit
    here = ctx.memo("onsite_by_enterprise_day", _onsite_by_enterprise_day).get((enterprise_id, v.day), ())
    if any(o is not v for o in here) or (v in here and tuple(sorted(v.agencies)) != tuple(sorted(agencies))):
        return False
    for a in agencies:
        teams = ctx.visit_team(v, a)
        officers = [o for o in v.officers if o in ctx.officers and ctx.officers[o].team in teams]
        if not (len(teams) == 1 and ctx.may_work_in(next(iter(teams)), district) and len(officers) >= k
                and all((o, enterprise_id) not in ctx.recused and ctx.certified(o, v.day) and ctx.present(o, v.day) for o in officers)):
            return False
    return True


def check_r_audit(ctx: Context) -> list[Violation]:
    """R-AUDIT (invariant 7, as far as files show it): plan.json names this bundle (its sha256, recomputed here), its
    year, seed and policy; visit ids are unique, so a re-run can be compared row by row."""
    out = []
    m = ctx.meta
    if m.get("input_sha256") != ctx.input_sha256:
        out.append(_v("R-AUDIT", "plan.json", "input_sha256 is not the sha256 of this bundle's files"))
    if m.get("year") != ctx.year or m.get("seed") != ctx.policy.seed:
        out.append(_v("R-AUDIT", "plan.json", "year or seed differ from the bundle's policy"))
    pol = m.get("policy")
    if isinstance(pol, dict):
        # as_json gives plain JSON values (the tiers as {sample_ratio, visits} dicts), as plan.json holds them
        for k, want in ctx.policy.as_json().items():
            got = pol.get(k)
            if got != want:
                out.append(_v("R-AUDIT", "plan.json", f"policy {k} is {got!r}, the bundle's is {want!r}"))
    ids = Counter(v.visit_id for v in ctx.visits)
    out += [_v("R-AUDIT", vid, f"visit_id used {n} times") for vid, n in sorted(ids.items()) if n > 1]
    return out


def _lottery_score(text: str) -> float:
    try:
        return float(text or 0)
    except ValueError:
        return 0.0


NOT_SELECTED = ("not_drawn", "capacity", "exempt")  # plan.md selection.csv: the bases of an enterprise with no visit


def check_files(ctx: Context) -> list[Violation]:
    """plan.md's own contract (invariant 0): the columns, selection.csv agreeing with visits.csv and the bundle, and
    each risk_score a probability 0–1.
    Named R-AUDIT: a folder whose files disagree cannot be audited."""
    out = []
    if ctx.visit_header != VISIT_COLUMNS:
        return [_v("R-AUDIT", "visits.csv", f"columns are {ctx.visit_header}", 0)]
    if ctx.selection_header != SELECTION_COLUMNS:
        return [_v("R-AUDIT", "selection.csv", f"columns are {ctx.selection_header}", 0)]
    ids = [r["enterprise_id"] for r in ctx.selection]
    if len(set(ids)) != len(ids) or set(ids) != set(ctx.enterprises):
        out.append(_v("R-AUDIT", "selection.csv", "must hold every enterprise of the bundle exactly once", 0))
    per = Counter(v.enterprise_id for v in ctx.visits)
    bases: dict[str, set[str]] = {}
    for v in ctx.visits:
        bases.setdefault(v.enterprise_id, set()).add(v.basis)
    for r in ctx.selection:
        n = per.get(r["enterprise_id"], 0)
        if r["visits_planned"] != str(n) or (r["selected"] == "true") != (n > 0):
            out.append(_v("R-AUDIT", r["enterprise_id"], f"selected/visits_planned disagree with visits.csv ({n} visits)", 0))
        # plan.md: `not_drawn`, `capacity` and `exempt` are the bases of enterprises not selected; a selected one's is
        # its visits' (a `not_drawn` one with sampled visits is R-SAMPLE's, invariant 10)
        own = bases.get(r["enterprise_id"], set())
        if n and r["basis"] in NOT_SELECTED and not (r["basis"] == "not_drawn" and "sampled" in own):
            out.append(_v("R-AUDIT", r["enterprise_id"], f"selected, yet basis {r['basis']!r}: none of its visits' "
                          f"({', '.join(sorted(own))})", 0))
        if published_score(r["risk_score"]) is None:
            out.append(_v("R-AUDIT", r["enterprise_id"], f"risk_score {r['risk_score']!r} is not a probability 0–1 (plan.md)", 0))
    for v in ctx.visits:
        e = ctx.enterprises.get(v.enterprise_id)
        if e is None:
            out.append(_v("R-AUDIT", v.visit_id, f"unknown enterprise {v.enterprise_id}", 0))
            continue
        if v.district != e[0]:
            out.append(_v("R-AUDIT", v.visit_id, f"district_code {v.district} is not the enterprise's {e[0]}", 0))
        if v.mode not in ("onsite", "remote"):
            out.append(_v("R-AUDIT", v.visit_id, f"mode {v.mode!r}", 0))
        if v.lead not in v.agencies:
            out.append(_v("R-AUDIT", v.visit_id, "lead agency does not take part", 0))
    return out


RULE_CHECKS: dict[str, Check] = {
    "R-WORKDAY": check_r_workday, "R-CERT": check_r_cert, "R-RECUSE": check_r_recuse, "R-PAIR": check_r_pair,
    "R-TEAM": check_r_team, "R-AVAIL": check_r_avail, "R-OFFICER-DRAW": check_r_officer_draw, "R-ITEM": check_r_item,
    "R-BASIS": check_r_basis, "R-EXEMPT": check_r_exempt, "R-REMOTE": check_r_remote, "R-TIER": check_r_tier,
    "R-SAMPLE": check_r_sample, "R-TRIGGER": check_r_trigger, "R-FOLLOW": check_r_follow, "R-CAP-AGENCY": check_r_cap_agency,
    "R-CAP-ENTRY": check_r_cap_entry, "R-GAP": check_r_gap, "R-JOINT": check_r_joint, "R-EXPLAIN": check_r_explain,
    "R-PRIORITY": check_r_priority, "R-AUDIT": check_r_audit,
}
