"""R-EXPLAIN: why each enterprise was chosen or not, which rules fixed each visit, and
what the plan could not do, naming the binding resource and the rule."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bundle.problems import Problem
from bundle.schema import SECTOR_ZH
from scheduler.guests import city_teams, team_agencies
from scheduler.requirements import PLANNED, SHORT_WINDOW, Entry
from scheduler.resources import k_together

if TYPE_CHECKING:
    from scheduler.plan import Plan, Visit
    from scheduler.state import PartState, Placed


def _rule(rule: str, zh: str, en: str) -> dict[str, str]:
    return {"rule": rule, "zh": zh, "en": en}


def visit_rules(plan: Plan, p: Placed | Visit, names: dict[str, str], visit_days: dict[tuple[str, str, str], list[int]]) -> list[dict[str, str]]:
    """The rules that fixed one visit; `visit_days` maps (enterprise, basis, agency) to the days of that agency's planned
    on-site visits there (R-GAP is one agency's: a visit with no earlier one of its agencies has no R-GAP line)."""
    b, e = plan.bundle, p.entry
    out = []
    if e.basis == "mandatory":
        out.append(_rule("R-SAMPLE", f"{e.tier}级企业全部检查，每年{b.policy.tiers[e.tier].visits}次", f"tier {e.tier}: every enterprise, {b.policy.tiers[e.tier].visits} visit(s) a year"))
    elif e.basis == "sampled":
        out.append(_rule("R-SAMPLE", f"{e.tier}级抽签序号{e.draw_rank}，已抽中", f"drawn in tier {e.tier}'s lottery at rank {e.draw_rank}"))
    elif e.basis == "triggered":
        t = plan.req.trigger_info.get(e.trigger_id, {})
        out.append(_rule("R-TRIGGER", f"线索 {e.trigger_id}（{t.get('received_on')}受理），须在 {t.get('deadline')} 前检查",
                          f"trigger {e.trigger_id} received {t.get('received_on')}, due by {t.get('deadline')}"))
    else:
        out.append(_rule("R-FOLLOW", f"复查{b.year - 1}年检查发现且未整改的违法行为", f"re-check of a violation found in {b.year - 1} and not rectified"))
    if e.basis not in PLANNED:
        out.append(_rule("R-EXEMPT", "个案检查，不计入频次上限与间隔", "case inspection: counts against no cap or gap"))
    if len(e.agencies) > 1:
        zh = "、".join(names[a] for a in sorted(e.agencies))
        out.append(_rule("R-JOINT", f"{zh}联合检查（进一次门、查多项事）", f"joint visit of {', '.join(sorted(e.agencies))}"))
    if e.mode == "remote":
        out.append(_rule("R-REMOTE", "事项均可非现场检查且已接入在线监测，采用非现场检查", "every item can be checked remotely and monitoring exists: remote check"))
    # each of the row's agencies' previous on-site visit of this basis; the nearest is the gap that binds (review31: the
    # "first" visit, by its number, could come after the second, and read "-92 days after the first")
    before = [(earlier[-1], len(earlier) + 1) for a in e.agencies
              if (earlier := [d for d in visit_days.get((e.enterprise_id, e.basis, a), ()) if d < p.day])]
    if e.basis in PLANNED and before:
        last, nth = max(before)
        gap = (b.workdays[p.day] - b.workdays[last]).days
        out.append(_rule("R-GAP", f"第{nth}次检查距上一次{gap}天（同一主体不少于{b.policy.min_days_between_repeat_visits}天）",
                              f"{e.tier} tier visit {nth} is {gap} days after the previous one (≥ {b.policy.min_days_between_repeat_visits} for one agency)"))
    teams = ", ".join(f"{a}: {t}" for a, t in sorted(p.teams.items()))
    city = any(t.endswith("00") for t in p.teams.values())
    out.append(_rule("R-TEAM", f"派出队伍 {teams}{'（含市级队伍）' if city else '（属地队伍）'}", f"teams {teams}{' (incl. city-level)' if city else ' (local)'}"))
    if e.mode == "onsite":
        k = b.policy.officers_per_agency_on_visit
        out.append(_rule("R-PAIR", f"每个执法主体{k}名当日持证有效的执法人员（R-CERT）", f"{k} officers of each agency, certified on the day (R-CERT)"))
    return out


def _places_text(plan: Plan, tier: str) -> tuple[str, str]:
    ratio = plan.bundle.policy.tiers[tier].sample_ratio
    pool = len(plan.req.pools.get(tier, []))
    n = plan.req.places.get(tier, 0)
    return (f"{tier}级共{pool}家，按{ratio:.0%}抽查，{n}个名额", f"tier {tier}: {pool:,} in the pool, ratio {ratio:.0%} = {n:,} places")


def selection_reasons(plan: Plan, visits_per: Counter[str], besides: Mapping[str, Mapping[str, int]] | None = None) -> dict[str, tuple[str, str]]:
    """Every enterprise's reason (selection.csv's reason_zh, reason_en), by enterprise id."""
    return dict(iter_selection_reasons(plan, visits_per, besides=besides))


def first_day_notice(first_day: dt.date) -> Problem:
    """A plan made during its year (PlanOptions.first_day) knows no inspection of the days before it: inspections.csv
    holds the years before (bundle.md), so the year's caps, gaps and tier D's two visits count from `first_day` alone
    (walk43 G1: adopted on 15 June, a firm visited in May could be entered again on 23 June and tier D got two more).
    Said on plan.json and the leader's page until the bundle can carry them (docs/decisions.md)."""
    return Problem("plan.json", 0, "first_day",
                   f"计划自{first_day}起安排（年内生成）：本年度{first_day}前已实施的检查不在检查包内，每企业年度入户次数（R-CAP-ENTRY）、"
                   f"各执法主体检查次数（R-CAP-AGENCY）、检查间隔（R-GAP）和D级检查频次（R-SAMPLE）均未计入此前的检查，请核对后审批",
                   f"planned from {first_day} (made during its year): inspections made this year before {first_day} are not in the "
                   f"bundle, so the yearly entry cap (R-CAP-ENTRY), each agency's cap (R-CAP-AGENCY), the gaps (R-GAP) and tier D's "
                   f"visits (R-SAMPLE) count none of them — check before approving")


# the visit bases an enterprise may have beside its own: each said by its rule, not counted into another's
BESIDES = {"follow_up": ("复查{n}次（R-FOLLOW）", "{n} follow-up visit(s) (R-FOLLOW)"),
           "triggered": ("依线索检查{n}次（R-TRIGGER）", "{n} visit(s) on a trigger (R-TRIGGER)")}


def _own_and_besides(basis: str, n: int, besides: Mapping[str, int]) -> tuple[int, str, str]:
    """Of an enterprise's n visits, those of its own basis, and the others named by their rules (walk43 G13: "计划3次
    （R-SAMPLE）" counted an R-FOLLOW follow-up among tier D's two)."""
    other = {b: c for b, c in besides.items() if b != basis and c}
    zh = "".join(f"；另有{BESIDES[b][0].format(n=c)}" for b, c in sorted(other.items()))
    en = "".join(f"; besides, {BESIDES[b][1].format(n=c)}" for b, c in sorted(other.items()))
    return n - sum(other.values()), zh, en


def iter_selection_reasons(plan: Plan, visits_per: Counter[str], order: Iterable[int] | None = None,
                           besides: Mapping[str, Mapping[str, int]] | None = None) -> Iterator[tuple[str, tuple[str, str]]]:
    """(enterprise_id, (reason_zh, reason_en)) one at a time, in the scores' order or in `order` (row positions of the
    scores' frame): the province's 200,000 pairs of sentences are written as they are made, never all held
    (scheduler/output.py streams them in enterprise-id order). `besides`: each enterprise's follow-up and trigger
    visits by basis (scheduler.output.VisitTally), said apart from the visits of its own basis."""
    f = plan.scores.frame
    sector = dict(zip(plan.bundle.enterprises.enterprise_id, plan.bundle.enterprises.sector, strict=True))
    places = {tier: _places_text(plan, tier) for tier in plan.req.pools}
    unmet = unmet_required(plan)
    cols = [f[c].to_numpy() for c in ("enterprise_id", "tier", "reason_zh", "reason_en")]
    for i in range(len(f)) if order is None else order:
        eid, tier, risk_zh, risk_en = (c[i] for c in cols)
        basis = plan.status.get(eid, "not_drawn")
        rank = plan.req.ranks.get(eid)
        n, more_zh, more_en = _own_and_besides(basis, visits_per[eid], (besides or {}).get(eid, {}))
        pz, pe = places.get(tier, ("", ""))
        if basis == "mandatory":
            zh, en = f"{tier}级企业全部纳入检查，计划{n}次（R-SAMPLE）", f"every tier {tier} enterprise is inspected: {n} visit(s) planned (R-SAMPLE)"
            if eid in unmet:  # a visit it was owed and did not get is said here too, not only in the shortfalls (foreign33 F3)
                zh, en = f"{zh}；未能安排{unmet[eid][0]}", f"{en}; not placed: {unmet[eid][1]}"
        elif basis == "sampled":
            zh, en = f"抽中：{pz}，本企业抽签序号{rank}，计划{n}次（R-SAMPLE）", f"drawn: rank {rank}; {pe}; {n} visit(s) planned (R-SAMPLE)"
        elif basis == "not_drawn":
            zh, en = f"未抽中：抽签序号{rank}，{pz}（R-SAMPLE）", f"not drawn: rank {rank:,} of {len(plan.req.pools.get(tier, [])):,}; {pe} (R-SAMPLE)"
        elif basis == "capacity" and eid in plan.sel.skipped:
            zh, en = _skipped_words(plan, eid, rank)
        elif basis == "capacity":
            zh, en = _unmet_words(tier, unmet.get(eid, ("检查力量不足", "capacity ran out")))
        elif basis == "exempt":
            # every tier, D included: no lottery is meant, only that nothing is planned (walk28 read "不纳入抽查" on a
            # tier-D firm, which has no lottery)
            zh = f"检查事项清单中没有适用于{SECTOR_ZH.get(sector[eid], sector[eid])}行业企业的事项，不安排计划检查（R-ITEM）"
            en = f"no published item applies to sector {sector[eid]}: no planned visit (R-ITEM)"
        elif basis == "follow_up":
            zh, en = f"上年检查发现违法行为未整改，安排复查{n}次（R-FOLLOW）", f"an unrectified violation last year: {n} follow-up visit(s) (R-FOLLOW)"
        else:
            zh, en = f"依投诉举报等线索安排检查{n}次（R-TRIGGER）", f"{n} visit(s) on a complaint, referral, monitoring alert or request (R-TRIGGER)"
        if basis in ("not_drawn", "capacity") and n:
            zh += f"；另有个案检查{n}次"
            en += f"; {n} case visit(s) planned"
        zh, en = zh + more_zh, en + more_en
        if basis in ("follow_up", "triggered"):
            # what else it was owed and did not get: its tier's required visits, or its place in the draw
            owed = _unmet_words(tier, unmet[eid]) if eid in unmet else _skipped_words(plan, eid, rank) if eid in plan.sel.skipped else None
            if owed is not None:
                zh, en = f"{zh}；{owed[0]}", f"{en}; {owed[1]}"
        yield eid, (f"{zh}。{risk_zh}", f"{en[0].upper() + en[1:]}. {risk_en}")


def _skipped_words(plan: Plan, eid: str, rank: int | None) -> tuple[str, str]:
    """A drawn enterprise the walk could not place (R-SAMPLE, capacity): its rank and why, in Chinese and English."""
    return (f"抽签序号{rank}已轮到，但检查力量不足未能安排：{plan.sel.skipped_zh[eid]}",
            f"rank {rank} was reached, but capacity ran out: {plan.sel.skipped[eid]}")


def _unmet_words(tier: str, why: tuple[str, str]) -> tuple[str, str]:
    """A tier's required inspection not placed, and why (unmet_required's words), in Chinese and English."""
    return f"{tier}级应检，但未能安排：{why[0]}", f"tier {tier} requires inspection, but it could not be placed: {why[1]}"


def unmet_required(plan: Plan) -> dict[str, tuple[str, str]]:
    """Enterprises with a `mandatory` visit left unplaced: which agency and the binding rule, in Chinese and English
    (the shortfalls in plan.json say the resource in full)."""
    out: dict[str, tuple[str, str]] = {}
    words: Binding | None = None
    for e in _unplaced_entries(plan).values():
        if e.basis == "mandatory" and e.enterprise_id not in out:
            # the rule plan.json's shortfall of the same visit names (foreign44 F4: the part's own tag here)
            words = Binding(plan) if words is None else words
            rule = words.of(e)[2]
            out[e.enterprise_id] = (f"{e.agencies[0]}的检查（{rule}），详见计划的未满足清单",
                                    f"agency {e.agencies[0]} ({rule}); plan.json's shortfalls say which resource ran out")
    return out


def resource_text(plan: Plan, district: str, agency: str, unmet: int, window: tuple[int, int] | None = None,
                  gone: list[str] | None = None) -> tuple[str, str, str]:
    """The resource that ran out for one agency in one district (R-EXPLAIN), Chinese first: the officers' annual
    budgets (with the month they ran out), or the team-days of the window, or no officer who may go. `gone`: the
    `absent_teams` of the window, where the caller has them. Returns (zh, en, rule)."""
    st = plan.states.get(district)
    if st is None:
        return f"{agency}：本区无可派队伍", f"{agency}: no team may work in district {district}", "R-TEAM"
    teams = [s.team_id for s in st.part.slices.get(agency, [])]
    if not teams:
        # no team of its own and no share of a city team's days: a city team of its city may serve it all the same
        # (R-TEAM; `guests.city_served`), so its days elsewhere are the resource (review39c #3: said "no team may work here")
        city = sorted(city_teams(plan.city_split, team_agencies(plan.states), agency, district)) if plan.city_split else []
        if city:
            return (f"{agency}-{district}：本区无{agency}队伍，市级队伍{'/'.join(city)}的工作日已排在其他辖区（R-AVAIL）",
                    f"{agency} in {district}: no team of its own; the city team {'/'.join(city)} worked in other districts on its days",
                    "R-AVAIL")
        return f"{agency}-{district}：本区无{agency}的执法队伍（含市级队伍）", f"{agency} in {district}: no team of the agency may work here", "R-TEAM"
    # a team with no day of the window on which k certified officers are present (R-CERT: a lapsed certificate;
    # R-AVAIL: leave) had nothing to give: naming its spent budget blamed the wrong resource (foreign31 b01, a city team
    # whose second certificate lapsed in March, named for complaints of May). `absent_teams` names it apart.
    gone = absent_teams(plan, district, agency, window) if gone is None else gone
    if gone:
        teams = [t for t in teams if t not in gone]
    return _team_words(plan, st, district, teams, unmet, window)


def absent_teams(plan: Plan, district: str, agency: str, window: tuple[int, int] | None) -> list[str]:
    """The agency's teams in the district with no day of the window on which k of their officers are present and
    certified together (`_pair_day`), where some other team had one: none without a window, and none where no team had
    (that is the whole reason, R-CERT, found before solving)."""
    st = plan.states.get(district)
    if st is None or window is None:
        return []
    k = plan.bundle.policy.officers_per_agency_on_visit
    teams = [s.team_id for s in st.part.slices.get(agency, [])]
    gone = [t for t in teams if not _pair_day(plan, st, t, window, k)]
    return gone if len(gone) < len(teams) else []


def absent_words(plan: Plan, gone: list[str]) -> dict[str, str]:
    """A shortfall's `absent` / `absent_zh`: the teams that could not go at all in its window, apart from the binding
    resource (a checker reading the binding words for a reason nothing could give way must not read this one)."""
    if not gone:
        return {}
    k = plan.bundle.policy.officers_per_agency_on_visit
    return {"absent_zh": f"{'/'.join(gone)}：时限内没有{k}名持证执法人员同时在岗（R-CERT、R-AVAIL）",
            "absent": f"{'/'.join(gone)}: no day of the window with {k} certified officers present (R-CERT, R-AVAIL)"}


def _shares(plan: Plan, st: PartState, tid: str) -> list[dict[str, np.ndarray]]:
    """Where team `tid`'s officers' presence is read: a city team's on every district's share of its days (a part's
    register holds only its own share: scheduler/resources.py `build_parts`), a district team's in its part."""
    return [x.staff.available for x in plan.states.values() if tid in x.slices] if tid in plan.city_split else [st.staff.available]


def _pair_day(plan: Plan, st: PartState, tid: str, window: tuple[int, int], k: int) -> bool:
    """Whether team `tid` has k officers present and certified together on a day of the window (`_shares`)."""
    return k_together(_shares(plan, st, tid), st.slices[tid].officers, window, k)


def _team_words(plan: Plan, st: PartState, district: str, teams: list[str], unmet: int, window: tuple[int, int] | None) -> tuple[str, str, str]:
    """resource_text's words for these teams."""
    k = plan.bundle.policy.officers_per_agency_on_visit
    label = "/".join(teams)
    officers = [o for t in teams for o in st.slices[t].officers]
    # officer-visits its officers can really staff: k × the teams' pair-feasible capacity (no one in two seats of a visit)
    # each officer's budget share as it stands after the guests (guests.py moves unused units between districts)
    per_day = plan.bundle.policy.max_visits_per_officer_per_day
    usable = min(sum(min(st.flows[t].budget[o], per_day * int(st.staff.available[o].sum())) for t in teams for o in st.slices[t].officers),
                 k * sum(st.slices[t].annual_onsite for t in teams))
    used_by_month = [0] * 12
    required = 0  # officer-visits of triggers, follow-ups and mandatory visits placed (R-PRIORITY classes 0 and 1)
    # a guest's seat is its host's (scheduler/guests.py): counted in the district whose city-team day and budget share it
    # took, not its own (review24)
    away = {key for key, host in plan.guests.items() if host != district}
    for p in [*(p for key, p in st.placed.items() if key not in away), *st.guests.values()]:
        if p.entry.mode == "onsite" and p.teams.get(p.entry.agencies[0]) in teams:
            n = sum(len(v) for v in p.officers.values())
            used_by_month[int(st.month[p.day])] += n
            required += n if p.entry.klass < 2 else 0
    used = sum(used_by_month)
    usable = max(usable, used)  # a guest is booked past the slice's pair-feasible year (guests.py: annual=False)
    need = required + k * unmet
    days = plan.bundle.workdays
    lo, hi = window if window is not None else (0, -1)
    cap = sum(int(st.slices[t].onsite_cap[lo : hi + 1].sum()) for t in teams)
    load = sum(int(st.onsite[t][lo : hi + 1].sum()) for t in teams)
    full = (f"{label}：{days[lo]}至{days[hi]}的{hi - lo + 1}个工作日可派检查已满（已排{load}次，上限{cap}次）",
            f"{label}: its {hi - lo + 1} working days {days[lo]}…{days[hi]} are full ({load} visits booked, {cap} possible)", "R-AVAIL")
    if window is not None and hi - lo < SHORT_WINDOW and cap - load <= 0:
        return full  # a short window's days all booked: that is what binds, whatever is left of the budgets
    if usable - used < k * max(1, unmet) and used >= 0.9 * usable:
        run, month = 0, 12
        for m, n in enumerate(used_by_month):
            run += n
            if run >= 0.9 * usable:
                month = m + 1
                break
        return (f"{label}：{len(officers)}名持证执法人员的年度检查额度已于{month}月用尽（需{need}人次，可用{usable}）",
                f"{label}: the annual visit budgets of its {len(officers)} certified officers ran out in month {month} "
                f"({need} officer-visits needed, {usable} available)", "R-AVAIL")
    if window is not None:
        if cap - load <= 0:
            return full
        if hi - lo < SHORT_WINDOW:
            # room is left on the window's days (it used to read "full" here whatever the load): what binds is who may
            # go together, on days the team still has visits free
            return (f"{label}：{days[lo]}至{days[hi]}的{hi - lo + 1}个工作日尚余{cap - load}次（已排{load}次，上限{cap}次），"
                    f"但无{k}名可去该企业的执法人员同时有空",
                    f"{label}: its {hi - lo + 1} working days {days[lo]}…{days[hi]} have {cap - load} of {cap} visits free, but on none of "
                    f"them were {k} officers who may go to this enterprise free together", "R-PAIR")
    return (f"{label}：{len(officers)}名持证执法人员在可选工作日无法两人成组（已用{used}人次，可用{usable}）",
            f"{label}: on no allowed day could {k} of its {len(officers)} certified officers go together "
            f"({used} officer-visits used, {usable} available)", "R-PAIR")


def firm_days_taken(plan: Plan, e: Entry) -> tuple[str, str] | None:
    """A trigger or follow-up whose every window day already holds the enterprise's visit for another trigger or
    follow-up (R-JOINT: one on-site row per enterprise a day; plan.md: a row carries one trigger_id), e.g. two
    complaints about one firm received in December, both due on the year's first working day. None otherwise — also
    where a planned visit holds one of those days, since that one could have moved (R-PRIORITY)."""
    st = plan.states.get(e.district)
    lo, hi = e.window
    if st is None or e.mode != "onsite" or e.klass != 0 or hi < lo:
        return None
    held = [p for p in st.by_enterprise.get(e.enterprise_id, []) if p.entry.mode == "onsite" and p.entry.group != e.group and lo <= p.day <= hi]
    if {p.day for p in held} != set(range(lo, hi + 1)) or any(p.entry.klass != 0 for p in held):
        return None
    days = plan.bundle.workdays
    what = "、".join(sorted({p.entry.trigger_id or f"{p.entry.agencies[0]}复查" for p in held}))
    what_en = ", ".join(sorted({f"trigger {p.entry.trigger_id}" if p.entry.trigger_id else f"follow-up by {p.entry.agencies[0]}" for p in held}))
    a = e.agencies[0]
    return (f"{a}：时限内的{hi - lo + 1}个工作日（{days[lo]}至{days[hi]}）该企业已有检查（{what}）；同一企业一天只入企一次，"
            f"一条检查记录只载一条线索，请在该次检查中一并核查",
            f"{a}: every working day of its window ({days[lo]}…{days[hi]}) already holds a visit to this enterprise ({what_en}); "
            f"an enterprise is entered once a day and a visit row carries one trigger — check this one during that visit")


def certificate_ends(plan: Plan) -> dict[str, np.datetime64]:
    """Each officer's certificate's last valid day (`officer_cause`), built once per list of shortfalls."""
    off = plan.bundle.officers
    return {o: np.datetime64(x, "D") for o, x in zip(off.officer_id, off.certificate_expires_on, strict=True) if not pd.isna(x)}


def officer_cause(plan: Plan, e: Entry, ends: dict[str, np.datetime64] | None = None) -> tuple[str, str, str] | None:
    """Why no team could go at all in `e`'s window (the part's R-CERT / R-RECUSE, found before solving), read from the
    officers again, a visit needing `need` officers of one team (k on site, one for a remote check): certificates
    alone leave fewer on every day of the window (R-CERT); then recusals (R-RECUSE); then absences (R-AVAIL, leave:
    presence over every district's share of a city team's days, as `_pair_day`); else the team was present but its
    days of the window went to other districts (R-AVAIL). The part's tag said "R-CERT" for leave and "every officer is
    recused" where each team kept one officer free (foreign33 F3, F4). (zh, en, rule); None where the part has no
    team of the agency (R-TEAM). `ends`: `certificate_ends`, where the caller has it."""
    st = plan.states.get(e.district)
    a, (lo, hi) = e.agencies[0], e.window
    teams = [s.team_id for s in st.part.slices.get(a, [])] if st is not None else []
    if st is None or not teams or hi < lo:
        return None
    need = plan.bundle.policy.officers_per_agency_on_visit if e.mode == "onsite" else 1
    days = np.array(plan.bundle.workdays[lo:hi + 1], dtype="datetime64[D]")
    ends = certificate_ends(plan) if ends is None else ends
    most = {"certified": 0, "free": 0}  # the most officers of one team on one day of the window
    present = False  # `need` of one team who may go, present (and so certified) together on a day of it
    for tid in teams:
        officers = st.slices[tid].officers
        valid = np.array([days <= ends[o] if o in ends else np.zeros(len(days), dtype=bool) for o in officers]).reshape(len(officers), len(days))
        may_go = np.array([e.enterprise_id not in st.staff.recused.get(o, ()) for o in officers], dtype=bool)
        for name, grid in (("certified", valid), ("free", valid & may_go[:, None])):
            most[name] = max(most[name], int(grid.sum(axis=0).max()) if grid.size else 0)
        present = present or k_together(_shares(plan, st, tid), [o for o, ok in zip(officers, may_go, strict=True) if ok], e.window, need)
    label, window = "/".join(teams), f"{plan.bundle.workdays[lo]}…{plan.bundle.workdays[hi]}"
    if most["certified"] < need:
        return (f"{a}：{window}内可派队伍（{label}）每队持有效执法证的人员均不足{need}名",
                f"{a}: on no day of {window} do {need} officer(s) of one eligible team ({label}) hold a valid certificate", "R-CERT")
    if most["free"] == 0:
        return (f"{a}：可派队伍（{label}）的持证执法人员均须回避该企业",
                f"{a}: every certified officer of its eligible teams ({label}) is recused from this enterprise", "R-RECUSE")
    if most["free"] < need:
        return (f"{a}：可派队伍（{label}）每队可去该企业的持证执法人员至多{most['free']}名，其余须回避；每次检查须同队{need}名",
                f"{a}: no eligible team ({label}) has more than {most['free']} certified officer(s) who may go to this enterprise, "
                f"the others being recused; a visit needs {need} of one team", "R-RECUSE")
    if not present:
        return (f"{a}：{window}内可派队伍（{label}）没有{need}名可去该企业的持证执法人员同时在岗（休假等）",
                f"{a}: on no working day of {window} are {need} certified officer(s) of one eligible team ({label}) who may go to "
                f"this enterprise present together (leave)", "R-AVAIL")
    return (f"{a}：{window}内可派队伍（{label}）人员在岗的工作日已分给其他辖区",
            f"{a}: the days of {window} on which {need} officer(s) of one eligible team ({label}) who may go were present "
            f"belonged to other districts", "R-AVAIL")


def ended_before_plan(plan: Plan, e: Entry) -> tuple[str, str, str] | None:
    """An entry whose whole window ended before the plan's first day (PlanOptions.first_day: a plan made during its
    year starts after R-INSERT's freeze from the service's day): its words and rule. Not leave, not pairing (walk43 G3:
    a January complaint in a plan made in June read "没有2名…同时在岗（休假等）", and again, unnamed, as an R-PAIR line
    of its district). None where the plan has no first day or the window reaches it."""
    first = plan.options.first_day
    lo, hi = e.window
    if first is None or hi < 0 or plan.bundle.workdays[hi] >= first:
        return None
    window = f"{plan.bundle.workdays[lo]}…{plan.bundle.workdays[hi]}"
    rule = {"triggered": "R-TRIGGER", "follow_up": "R-FOLLOW"}.get(e.basis, "R-SAMPLE")
    return (f"{e.agencies[0]}：检查时限{window}在本计划首个可排日{first}前已届满（计划于年内生成，自R-INSERT冻结期后起排），未能列入本计划",
            f"{e.agencies[0]}: its window {window} ended before the plan's first day {first} (a plan made during its year starts "
            "after R-INSERT's freeze): it could not be planned", rule)


def out_of_reach_words(plan: Plan, e: Entry) -> tuple[str, str, str] | None:
    """An unmet required agency-visit no plan could make (scheduler.plan.unreachable): the days on which a team could
    staff it at all hold no more visits than those placed — with R-GAP between them (foreign43 F1: a second visit due 90
    days after the first, after the pair's certificates ran out), or none at all. Which of certificates, absence,
    budgets, recusals or the plan's first day left those days is not told apart: each is named (review43 #2: "R-CERT"
    alone misnamed a plan made in November). Not "no pair on an allowed day", which reads as a shortage the sampled
    visits took."""
    got = plan.out_of_reach.get(e.key)
    if got is None:
        return None
    fits, placed = got
    a, k, first = e.agencies[0], plan.bundle.policy.officers_per_agency_on_visit, plan.options.first_day
    since = (f"自{first}起", f" from {first}") if first else ("", "")
    who_zh = f"{k}名持有效执法证（R-CERT）、在岗且尚有年度额度（R-AVAIL）、无须回避（R-RECUSE）的同队人员"
    who_en = (f"{k} officers of one eligible team who are certified (R-CERT), present with budget left (R-AVAIL) and "
              "not recused (R-RECUSE)")
    if fits and e.basis in ("mandatory", "sampled"):
        gap = plan.bundle.policy.min_days_between_repeat_visits
        return (f"{a}：{since[0]}{who_zh}能同时到场的工作日，按同一执法主体两次检查间隔不少于{gap}天（R-GAP）最多容纳{fits}次检查，"
                f"已安排{placed}次，任何计划均无法再安排",
                f"{a}: the working days{since[1]} on which {who_en} can go together hold at most {fits} visit(s) {gap} days "
                f"apart (R-GAP), and {placed} are placed: no plan could make another", "R-GAP")
    if fits:
        # a trigger or follow-up whose few days its firm's other visits hold: what holds them says more (R-JOINT's
        # "the second complaint … names the first"); it still holds nothing back
        return None
    span = ("全年", "of the year") if e.basis in ("mandatory", "sampled") else ("时限内", "of its window")
    return (f"{a}：{span[0]}{since[0]}没有{who_zh}能同时到场的工作日，任何计划均无法安排",
            f"{a}: on no working day {span[1]}{since[1]} can {who_en} go together: no plan could make it", "R-AVAIL")


# a shortfall held by its enterprise's visits as placed says so in a field of its own (plan.md's shortfalls allow more):
# a checker verifies that claim, which is not "no plan could" (scheduler.plan.held_by_firm)
HELD_BY_FIRM = {True: {"held_by": "enterprise"}}


def firm_held_words(plan: Plan, e: Entry) -> tuple[str, str, str] | None:
    """An unmet mandatory agency-visit that no day could take beside its enterprise's visits as placed
    (scheduler.plan.held_by_firm): on every day a team could staff it, the enterprise's own limits refuse it. Said as
    what it is — this plan's other visits to the enterprise, not a shortage of officers (foreign44 F4: "no allowed day
    could 2 of its 4 certified officers go together" where the firm's three entries were used)."""
    rule = plan.firm_held.get(e.key)
    if rule is None:
        return None
    a, pol = e.agencies[0], plan.bundle.policy
    on = (f"{a}：可派队伍能到场的每个工作日，", f"{a}: on every working day a team of {a} could go, ")
    zh, en = {
        "R-CAP-ENTRY": (f"该企业全年{pol.max_entries_per_enterprise}次入企已排在其他日期（R-CAP-ENTRY），{a}不能加入其中任何一日"
                        f"（当日无人可派，或距{a}本次以外的检查不足{pol.min_days_between_repeat_visits}天，R-GAP）",
                        f"the enterprise's {pol.max_entries_per_enterprise} entries of the year are placed on other days "
                        f"(R-CAP-ENTRY), and {a} could join none of them (no team of {a} could go that day, or it is within "
                        f"{pol.min_days_between_repeat_visits} days of {a}'s own visit: R-GAP)"),
        "R-AVAIL": (f"{a}没有可派足人员的工作日", f"no team of {a} could go on any working day"),
        "R-GAP": (f"距该企业已安排的检查不足间隔（入企间隔{pol.min_days_between_visits}天、同一主体{pol.min_days_between_repeat_visits}天，R-GAP）",
                  f"it would fall too near the enterprise's visits as placed ({pol.min_days_between_visits} days between entries, "
                  f"{pol.min_days_between_repeat_visits} between one agency's visits: R-GAP)"),
        "R-CAP-AGENCY": (f"{a}对该企业的年度检查次数已达上限{pol.max_visits_per_agency_per_enterprise}次（R-CAP-AGENCY）",
                         f"{a} already makes its {pol.max_visits_per_agency_per_enterprise} visits of the year there (R-CAP-AGENCY)"),
    }.get(rule, ("该企业当日已有不能合并的检查（R-JOINT）", "the enterprise has a visit that day it cannot join (R-JOINT)"))
    return (f"{on[0]}{zh}；在本计划对该企业已安排的检查之外无日可排",
            f"{on[1]}{en}: no day is left beside the enterprise's visits as placed", rule)


def short_of_capacity(plan: Plan, e: Entry) -> bool:
    """An unmet required agency-visit a district's resources are counted against: not a sampled one, not one whose
    window ended before the plan's first day, not one no plan could make — what no plan could make is no resource
    running out (foreign43 F4: "budgets ran out in month 1" for a team that made no visit, where only certificates
    were short)."""
    return e.basis != "sampled" and e.key not in plan.out_of_reach and e.key not in plan.firm_held and ended_before_plan(plan, e) is None


class Binding:
    """What every unmet required agency-visit's words are read against, gathered once (R-EXPLAIN): the district's
    count of visits short of capacity, the entries others gave way to, the officers' certificate ends. One source for
    plan.json's shortfalls and selection.csv's "not placed" (foreign44 F4: R-PAIR in one file, R-AVAIL in the other)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.by_key = _unplaced_entries(plan)
        self.unmet: dict[tuple[str, str], int] = defaultdict(int)
        for key in plan.unplaced:
            e = self.by_key.get(key)
            if e is not None and short_of_capacity(plan, e):
                self.unmet[(e.district, e.agencies[0])] += 1
        gave = set(plan.gave_way.values())
        self.took = {e.key: e for e in plan.req.entries if e.key in gave} if gave else {}
        self.ends = certificate_ends(plan)

    def of(self, e: Entry) -> tuple[str, str, str, str, list[str]]:
        """(zh, en, rule, found, teams away) of one unmet required agency-visit."""
        plan, key, a = self.plan, e.key, e.agencies[0]
        rule = plan.unplaced[key]
        before = rule in ("R-RECUSE", "R-CERT", "R-TEAM")  # found before solving: no team could go, the whole reason
        # the officers' own cause where the part found it before solving (recusals, certificates: officer_cause's words)
        ended = ended_before_plan(plan, e)
        late = ended or (None if before else out_of_reach_words(plan, e) or firm_held_words(plan, e))
        gone = [] if before or late else absent_teams(plan, e.district, a, e.window)  # the teams that could not go, named apart
        if late is not None:
            zh, en, rule = late
            found = "before solving" if ended is not None else "after solving"
        elif before:
            # the officers' cause (certificates, recusals or leave) in the words of the teams; none: no team (R-TEAM)
            cause = officer_cause(plan, e, self.ends) if rule != "R-TEAM" else None
            zh, en, rule = cause or (f"{a}：本区无可派队伍", f"{a}: no team may work in district {e.district}", "R-TEAM")
            found = "before solving"
        elif key in plan.elsewhere:
            teams = "/".join(plan.elsewhere[key])
            zh = f"{a}：本区队伍时限内无法派出；{teams}时限内的工作日已排在其他辖区，未能腾出（R-AVAIL）"
            en = f"{a}: no team of the district could go in its window; {teams} worked in other districts on those days, and no seat was freed (R-AVAIL)"
            found = "after solving"
        elif key in plan.gave_way:
            zh, en, _ = resource_text(plan, e.district, a, self.unmet[(e.district, a)], e.window, gone)
            first = self.took[plan.gave_way[key]]
            what = (f"线索{first.trigger_id}", f"trigger {first.trigger_id}") if first.trigger_id else (f"{first.enterprise_id}的复查", f"the follow-up at {first.enterprise_id}")
            zh, en = f"{a}：检查力量让位于{what[0]}（线索与复查优先，R-PRIORITY）；{zh}", f"{a}: gave way to {what[1]} (triggers and follow-ups first, R-PRIORITY); {en}"
            rule, found = "R-PRIORITY", "after solving"
        elif (taken := firm_days_taken(plan, e)) is not None:
            zh, en = taken
            rule, found = "R-JOINT", "after solving"
        else:
            zh, en, rule = resource_text(plan, e.district, a, self.unmet[(e.district, a)], e.window, gone)
            found = "after solving"
        if key in plan.year_failed:
            # the words above read the visit's part of the year (open_windows), where the plan looked first; it was
            # tried on the rest of the year too (mandatory_in_year), and a reader should not think it was not (review40)
            zh, en = f"{zh}；全年其余工作日也已尝试，均无法安排", f"{en}; the rest of the year was tried too, and no day would do"
        return zh, en, rule, found, gone


def shortfalls(plan: Plan) -> list[dict[str, object]]:
    """Every requirement not met: the enterprise or trigger, the agency, the binding resource in words, the rule."""
    out = list(plan.sel.shortfalls)
    words = Binding(plan)
    for key in sorted(plan.unplaced):
        e = words.by_key.get(key)
        if e is None or e.basis == "sampled":
            continue
        zh, en, rule, found, gone = words.of(e)
        out.append({"kind": e.basis, "id": e.trigger_id or e.enterprise_id, "agency": e.agencies[0], "rule": rule, "found": found,
                    "binding_zh": zh, "binding": en + (f" (visit {e.index + 1})" if e.basis == "mandatory" else ""),
                    **absent_words(plan, gone), **HELD_BY_FIRM.get(e.key in plan.firm_held, {})})
    for tier, n in sorted(plan.req.places.items()):
        if tier not in plan.req.pools:
            continue
        filled = sum(1 for eid in plan.req.pools[tier] if plan.status.get(eid) == "sampled")
        if filled < n:
            pool = set(plan.req.pools[tier])
            why = Counter(t for eid, t in plan.sel.skipped.items() if plan.status.get(eid) == "capacity" and eid in pool)
            top = "; ".join(f"{t} ({c})" for t, c in why.most_common(3))
            out.append({"kind": "sampled", "id": f"tier {tier}", "rule": "R-SAMPLE",
                        "binding_zh": f"{tier}级{n}个名额仅安排{filled}个，其余因检查力量不足",
                        "binding": f"{n} places, {filled} filled; {n - filled} not placed for want of officers"
                                   + (f" — most often: {top}" if top else "")})
    out += capacity_lines(plan)
    return out


def _unplaced_entries(plan: Plan) -> dict[str, Entry]:
    """The entries left unplaced, by key (an index of only these: the province has 2 million entries in all)."""
    return {e.key: e for e in plan.req.entries if e.key in plan.unplaced}


def capacity_lines(plan: Plan) -> list[dict[str, object]]:
    """Per district and agency whose required on-site visits were not all placed: the resource that ran out."""
    need: dict[tuple[str, str], int] = defaultdict(int)
    by_key = _unplaced_entries(plan)
    for key in plan.unplaced:
        e = by_key.get(key)
        if e is not None and e.mode == "onsite" and short_of_capacity(plan, e):
            need[(e.district, e.agencies[0])] += 1
    out: list[dict[str, object]] = []
    for (d, a), n in sorted(need.items()):
        zh, en, rule = resource_text(plan, d, a, n)
        out.append({"kind": "capacity", "id": f"{d}/{a}", "agency": a, "rule": rule, "binding_zh": zh,
                    "binding": f"district {d}, agency {a}: {n} required visit(s) not placed; {en}"})
    return out
