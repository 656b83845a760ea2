"""What the year knows that does not change while it runs: the register, the calendar, the policy,
and the approved plan's visits as read from its folder (plan.md's columns)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bundle import Bundle
from bundle.schema import OUTCOME_ZH

OUTCOMES = ("compliant", "minor", "violation", "serious")  # R-RECORD, in rising severity
# the outcomes' Chinese labels are the registers' own (bundle.md), one table for the bundle, the forms and the notice
OUTCOMES_ZH = OUTCOME_ZH
PLANNED_BASES = ("mandatory", "sampled")  # what R-CAP-* and R-GAP count (R-EXEMPT: triggered, follow_up do not)


def team_name(agency_name: str, district_code: str, team_id: str) -> str:
    """A team as people read it: teams.csv has no name, so its agency and district, the code beside it as its
    identifier — 市住房和城乡建设局140404队（hb-140404）. One wording for the printed plan (api.export) and the pages."""
    return f"{agency_name}{district_code}队（{team_id}）"


@dataclass(frozen=True)
class Officer:
    officer_id: str
    name: str
    team_id: str
    agency_id: str
    role: str
    certificate_no: str
    certificate_expires_on: dt.date | None
    budget: int  # on-site visits a year (R-AVAIL)


@dataclass(frozen=True)
class Team:
    team_id: str
    agency_id: str
    district_code: str
    max_visits_per_day: int

    def serves(self, district: str) -> bool:
        """R-TEAM: its own district, or every district of its city for a city-level team (code ending 00)."""
        if self.district_code.endswith("00"):
            return district[:4] == self.district_code[:4]
        return district == self.district_code


@dataclass
class Visit:
    """One row of visits.csv plus its state in the year (planned → notified → done | overdue | cancelled)."""

    visit_id: str
    date: dt.date
    enterprise_id: str
    district_code: str
    mode: str
    lead_agency_id: str
    agency_ids: tuple[str, ...]
    item_ids: tuple[str, ...]
    officer_ids: tuple[str, ...]
    basis: str
    trigger_id: str
    tier: str
    teams: dict[str, str] = field(default_factory=dict)  # agency → team (R-TEAM)
    status: str = "planned"
    code: str = ""
    reason: str = ""
    urgent: bool = False
    # the day the last notice served named (R-NOTICE): the enterprise expects the officers then. A re-staffing voids the
    # notice (its officers changed) and the visit waits for a new one as `planned`, but the enterprise still holds that
    # day, so the visit stays pinned there (R-INSERT; walk41 Y1: it could be moved by 改期 or an insertion)
    served_for: dt.date | None = None

    def row(self) -> dict[str, str]:
        return {"visit_id": self.visit_id, "date": self.date.isoformat(), "enterprise_id": self.enterprise_id,
                "district_code": self.district_code, "mode": self.mode, "lead_agency_id": self.lead_agency_id,
                "agency_ids": ";".join(self.agency_ids), "item_ids": ";".join(self.item_ids),
                "officer_ids": ";".join(self.officer_ids), "basis": self.basis, "trigger_id": self.trigger_id, "tier": self.tier}


# what a record on another day than planned breaks, in words a planner can read aloud (R-EXPLAIN; walk41 Y11: the visit
# page listed bare rule ids, "该日违反 R-FOLLOW、R-WORKDAY")
BREACH_WORDS: dict[str, tuple[str, str]] = {
    "R-WORKDAY": ("该日不是工作日", "that day is not a working day"),
    "R-TRIGGER": ("不在线索的办理时限内", "outside the trigger's window"),
    "R-FOLLOW": ("不在整改复查的时限内", "outside the follow-up's window"),
    "R-RECORD": ("不在计划年度内该检查可安排的日期内", "outside the days the visit could be planned on"),
    "R-JOINT": ("该企业当日已有另一次入企检查", "the enterprise has another visit that day"),
    "R-GAP": ("与该企业的另一次检查间隔不足", "too close to another visit to the enterprise"),
    "R-AVAIL": ("队伍或执法人员当日检查量已超上限", "over the team's or an officer's cap for that day"),
    "R-CAP-AGENCY": ("超过同一主体对该企业的年度检查次数上限", "over the agency's yearly visits to the enterprise"),
    "R-CAP-ENTRY": ("超过该企业的年度入企天数上限", "over the enterprise's yearly entry days"),
}


def breach_words(rules: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
    """Each rule a record on another day breaks, with its words (the rule id alone where none are written)."""
    return [{"rule": r, "zh": BREACH_WORDS.get(r, (r, r))[0], "en": BREACH_WORDS.get(r, (r, r))[1]} for r in rules]


VISIT_COLUMNS = ("visit_id", "date", "enterprise_id", "district_code", "mode", "lead_agency_id", "agency_ids", "item_ids",
                 "officer_ids", "basis", "trigger_id", "tier")


def _date(v: object) -> dt.date | None:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return None
    try:
        return pd.Timestamp(v).date()
    except (ValueError, TypeError):
        return None


class Register:
    """The bundle's people, teams, items and enterprises as plain lookups (milliseconds per question)."""

    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.policy = bundle.policy
        self.calendar = bundle.calendar
        self.year = bundle.year
        p = bundle.policy
        self.teams = {r.team_id: Team(r.team_id, r.agency_id, str(r.district_code), int(r.max_visits_per_day))
                      for r in bundle.teams.itertuples(index=False)}
        self.officers: dict[str, Officer] = {}
        for r in bundle.officers.itertuples(index=False):
            team = self.teams.get(r.team_id)
            budget = getattr(r, "annual_visit_budget", None)
            self.officers[r.officer_id] = Officer(
                r.officer_id, str(r.name), r.team_id, team.agency_id if team else "", str(r.role),
                "" if pd.isna(r.certificate_no) else str(r.certificate_no), _date(r.certificate_expires_on),
                p.max_visits_per_officer_per_year if budget is None or pd.isna(budget) else int(budget))
        self.team_officers: dict[str, list[str]] = {}
        for o in self.officers.values():
            if o.role == "enforcement":
                self.team_officers.setdefault(o.team_id, []).append(o.officer_id)
        self.away: dict[str, set[dt.date]] = {}
        for r in bundle.unavailability.itertuples(index=False):
            a, b = _date(r.start_on), _date(r.end_on)
            if a and b:
                s = self.away.setdefault(r.officer_id, set())
                s.update(a + dt.timedelta(days=i) for i in range((b - a).days + 1))
        self.recused = {(r.officer_id, r.enterprise_id) for r in bundle.recusals.itertuples(index=False)}
        ent = bundle.enterprises
        self.enterprises = {r.enterprise_id: {"name": str(r.name), "district_code": str(r.district_code), "sector": str(r.sector),
                                              "address": "" if pd.isna(getattr(r, "address", None)) else str(r.address)}
                            for r in ent.itertuples(index=False)}
        self.agencies = dict(zip(bundle.agencies.agency_id, bundle.agencies.name, strict=True))
        self.items = {r.item_id: {"agency_id": r.agency_id, "name": str(r.name), "legal_basis": str(r.legal_basis),
                                  "sectors": tuple(r.sectors) if isinstance(r.sectors, list | tuple) else tuple(str(r.sectors).split(";")),
                                  "remote_allowed": bool(r.remote_allowed)}
                      for r in bundle.items.itertuples(index=False)}
        self.workdays = bundle.workdays
        self._keys: dict[tuple[str, str], bytes] = {}
        self.wd_index = {d: i for i, d in enumerate(self.workdays)}

    # ---- questions ------------------------------------------------------------------
    def team_label(self, team_id: str) -> str:
        """`team_name` of a team of this register; its bare code where the register has no such team."""
        t = self.teams.get(team_id)
        return team_name(self.agencies.get(t.agency_id, t.agency_id), t.district_code, team_id) if t else team_id

    def firm(self, enterprise_id: str) -> str:
        """A firm as people read it: its name with its credit code beside it (名称（统一社会信用代码）); the code alone
        where the register has no name for it."""
        name = self.enterprises.get(enterprise_id, {}).get("name", "")
        return f"{name}（{enterprise_id}）" if name else enterprise_id

    def teams_for(self, agency: str, district: str) -> list[str]:
        """R-TEAM: the agency's teams that may work in the district, local ones first."""
        ts = [t for t in self.teams.values() if t.agency_id == agency and t.serves(district)]
        return [t.team_id for t in sorted(ts, key=lambda t: (t.district_code.endswith("00"), t.team_id))]

    def items_for(self, agency: str, enterprise: str) -> list[str]:
        """R-ITEM: the agency's listed items that apply to the enterprise's sector."""
        sector = self.enterprises[enterprise]["sector"]
        return sorted(i for i, it in self.items.items() if it["agency_id"] == agency and sector in it["sectors"])

    def certified(self, officer: str, day: dt.date) -> bool:
        """R-CERT: an enforcement officer whose certificate is valid on the day."""
        o = self.officers.get(officer)
        return bool(o and o.role == "enforcement" and o.certificate_expires_on and o.certificate_expires_on >= day)

    def draw_key(self, visit_id: str, officer_id: str) -> bytes:
        """R-OFFICER-DRAW: officers are taken in HMAC-SHA256(seed, "officer|{visit_id}|{officer_id}") order."""
        k = (visit_id, officer_id)
        got = self._keys.get(k)
        if got is None:
            got = self._keys[k] = self._draw(visit_id, officer_id)
        return got

    def _draw(self, visit_id: str, officer_id: str) -> bytes:
        return hmac.new(self.policy.seed.encode("utf-8"), f"officer|{visit_id}|{officer_id}".encode(), hashlib.sha256).digest()

    def workday_on_or_after(self, day: dt.date) -> dt.date | None:
        for d in self.workdays:
            if d >= day:
                return d
        return None

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """R-DEADLINE: the n-th working day after `day` (the day itself not counted)."""
        return self.calendar.add_workdays(day, n) if n > 0 else day


def read_visits(plan_dir: Path, register: Register) -> list[Visit]:
    """visits.csv with each visit's teams from explain.json (else from its officers' teams)."""
    explain_path = plan_dir / "explain.json"
    explain = json.loads(explain_path.read_text(encoding="utf-8")) if explain_path.exists() else {}
    out = []
    with (plan_dir / "visits.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            officers = tuple(x for x in r["officer_ids"].split(";") if x)
            agencies = tuple(x for x in r["agency_ids"].split(";") if x)
            teams = dict(explain.get(r["visit_id"], {}).get("teams", {}))
            for o in officers:
                off = register.officers.get(o)
                if off and off.agency_id in agencies:
                    teams.setdefault(off.agency_id, off.team_id)
            out.append(Visit(r["visit_id"], dt.date.fromisoformat(r["date"]), r["enterprise_id"], r["district_code"], r["mode"],
                             r["lead_agency_id"], agencies, tuple(x for x in r["item_ids"].split(";") if x), officers,
                             r["basis"], r.get("trigger_id", ""), r.get("tier", ""), teams))
    return out
