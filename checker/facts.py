"""What the checker knows: the plan folder's files read as they are, and the bundle's
registers re-indexed by the checker itself (审核依据).

Independent by construction: nothing here (or anywhere in checker/) imports scheduler/ or
risk/. The bundle package is used only to parse and validate the upload; every rule's
predicate — the tier, the lottery, working days, deadlines, budgets — is written again.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import chinese_calendar
import pandas as pd

from bundle import Bundle

VISIT_COLUMNS = ["visit_id", "date", "enterprise_id", "district_code", "mode", "lead_agency_id", "agency_ids", "item_ids",
                 "officer_ids", "basis", "trigger_id", "tier"]
SELECTION_COLUMNS = ["enterprise_id", "tier", "risk_score", "selected", "basis", "draw_rank", "visits_planned", "reason_zh", "reason_en"]
PLANNED = ("mandatory", "sampled")  # count against caps and gaps (R-EXEMPT exempts the others)
EXEMPT = ("triggered", "follow_up")
LAWFUL_BASES = frozenset({*PLANNED, *EXEMPT})  # R-BASIS: nothing else
REQUIREMENT_KINDS = frozenset({"mandatory", "triggered", "trigger", "follow_up"})  # shortfall kinds R-PRIORITY judges

T = TypeVar("T")


def split(cell: str) -> list[str]:
    """A `;`-separated list cell of plan.md."""
    return [x for x in str(cell).split(";") if x]


@dataclass(frozen=True)
class Violation:
    invariant: int  # plan.md's numbering (0: the files' own contract — columns, ids, counts)
    rule: str  # rules.md's id
    where: str  # visit_id, enterprise_id, officer_id, trigger_id, team or file
    message: str

    def __str__(self) -> str:
        return f"[{self.invariant}] {self.rule} {self.where}: {self.message}"


@dataclass(frozen=True, slots=True)  # no __dict__ per row: a province plan has ≈ 400,000
class Visit:
    """One row of visits.csv, typed."""

    visit_id: str
    date: dt.date | None  # None when the cell is not an ISO date
    iso: str
    enterprise_id: str
    district: str
    mode: str
    lead: str
    agencies: tuple[str, ...]
    items: tuple[str, ...]
    officers: tuple[str, ...]
    basis: str
    trigger_id: str
    tier: str

    @property
    def day(self) -> dt.date:
        """The date of a visit taken from `Context.dated` (R-WORKDAY reports the rows whose date cell does not parse)."""
        if self.date is None:
            raise ValueError(f"{self.visit_id}: the date cell {self.iso!r} is not an ISO date; read dated visits only")
        return self.date


@dataclass(frozen=True)
class Officer:
    team: str
    role: str
    cert_expires: dt.date | None
    budget: int  # annual_visit_budget, else max_visits_per_officer_per_year


@dataclass(frozen=True)
class Team:
    agency: str
    district: str
    day_cap: int


@dataclass(frozen=True)
class Trigger:
    enterprise_id: str
    agency: str
    received: dt.date
    urgent: bool


def _date(x: Any) -> dt.date | None:
    return None if pd.isna(x) else x.date()


def _iso_date(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def read_csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV's header and every row as a dict (small files; the plan's own files are streamed, below)."""
    with open(path, encoding="utf-8", newline="") as f:
        rd = csv.DictReader(f)
        rows = list(rd)
        return list(rd.fieldnames or []), rows


def csv_header(path: Path) -> list[str]:
    """The first record of a CSV file, read alone."""
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f), [])


def stream_records(path: Path) -> Iterator[dict[str, str]]:
    """Each row of a CSV as a dict keyed by the header, one at a time, read from the file as it goes (never the
    whole text, never every row), each value shared with the equal values before it: a plan's 400,000 visits
    repeat their dates, districts, agencies and bases."""
    seen: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield {k: seen.setdefault(v, v) if isinstance(v, str) else v for k, v in row.items()}


class SelectionRow:
    """One row of selection.csv, read as `row["tier"]` or `row.get("draw_rank")` like the dict csv gives, in a
    fraction of its memory (slots, shared values). The two reasons are held only as whether they are there —
    "reason" if a text is, "" if not — since no rule reads their words (R-EXPLAIN checks that both exist)."""

    __slots__ = ("basis", "draw_rank", "enterprise_id", "reason_en", "reason_zh", "risk_score", "selected", "tier", "visits_planned")

    def __init__(self, r: dict[str, str]):
        for k in self.__slots__:
            v = r.get(k)
            setattr(self, k, ("reason" if v else "") if k.startswith("reason_") else v)

    def __getitem__(self, key: str) -> Any:
        if key not in self.__slots__:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in self.__slots__ else default


class Context:
    """The plan folder and the bundle, indexed once; each rule function reads what it needs."""

    def __init__(self, bundle: Bundle, plan_dir: Path):
        self.bundle = bundle
        self.plan_dir = Path(plan_dir)
        self.policy = bundle.policy
        self.year = bundle.policy.year
        # the headers now; the rows when a rule first asks, streamed from the files (the province's checker held
        # both files' text, their rows as dicts and the typed visits at once: 1.4 GB)
        self.visit_header = csv_header(self.plan_dir / "visits.csv")
        self.selection_header = csv_header(self.plan_dir / "selection.csv")
        self.meta: dict[str, Any] = json.loads((self.plan_dir / "plan.json").read_text(encoding="utf-8"))
        self._workday: dict[dt.date, bool | None] = {}
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, make: Callable[[Context], T]) -> T:
        """A derived fact computed once per check (several rules share unmet triggers and follow-ups)."""
        if name not in self._memo:
            self._memo[name] = make(self)
        return self._memo[name]

    # ---- the plan ------------------------------------------------------------------
    @cached_property
    def visits(self) -> list[Visit]:
        out = []
        lists: dict[str, tuple[str, ...]] = {}  # equal ';'-lists as one tuple (agencies, items)
        dates: dict[str, dt.date | None] = {}
        for r in stream_records(self.plan_dir / "visits.csv"):
            a, i, d = r["agency_ids"], r["item_ids"], r["date"]
            out.append(Visit(r["visit_id"], dates[d] if d in dates else dates.setdefault(d, _iso_date(d)), d, r["enterprise_id"],
                             r["district_code"], r["mode"], r["lead_agency_id"], lists.get(a) or lists.setdefault(a, tuple(split(a))),
                             lists.get(i) or lists.setdefault(i, tuple(split(i))), tuple(split(r["officer_ids"])), r["basis"],
                             r["trigger_id"], r["tier"]))
        return out

    @cached_property
    def selection(self) -> list[SelectionRow]:
        """selection.csv's rows in file order."""
        return [SelectionRow(r) for r in stream_records(self.plan_dir / "selection.csv")]

    @cached_property
    def dated(self) -> list[Visit]:
        """Visits whose date parses (R-WORKDAY reports the others); day-level rules read these."""
        return [v for v in self.visits if v.date is not None]

    @cached_property
    def known(self) -> list[Visit]:
        """Visits of an enterprise of the bundle (the file check reports the others)."""
        return [v for v in self.visits if v.enterprise_id in self.enterprises]

    @cached_property
    def selection_by_id(self) -> dict[str, SelectionRow]:
        return {r["enterprise_id"]: r for r in self.selection}

    @cached_property
    def tier_of(self) -> dict[str, str]:
        """The plan's tier of each enterprise (selection.csv)."""
        return {e: r["tier"] for e, r in self.selection_by_id.items()}

    @cached_property
    def shortfalls(self) -> list[dict[str, Any]]:
        sf = self.meta.get("shortfalls", [])
        return [s for s in sf if isinstance(s, dict)] if isinstance(sf, list) else []

    @cached_property
    def named(self) -> set[str]:
        """Every enterprise or trigger a shortfall names (its `id`, or `enterprise_id` / `trigger_id`)."""
        out = set()
        for s in self.shortfalls:
            for k in ("id", "enterprise_id", "trigger_id"):
                if s.get(k):
                    out.add(str(s[k]))
        return out

    # ---- the bundle, re-indexed ----------------------------------------------------
    @cached_property
    def enterprises(self) -> dict[str, tuple[str, str, bool]]:
        """enterprise_id → (district_code, sector, remote_monitoring)."""
        E = self.bundle.enterprises
        return {e: (d, s, bool(m)) for e, d, s, m in zip(E.enterprise_id, E.district_code, E.sector, E.remote_monitoring, strict=True)}

    @cached_property
    def officers(self) -> dict[str, Officer]:
        off = self.bundle.officers
        default = self.policy.max_visits_per_officer_per_year
        return {o: Officer(t, r, _date(x), default if pd.isna(b) else int(b))
                for o, t, r, x, b in zip(off.officer_id, off.team_id, off.role, off.certificate_expires_on, off.annual_visit_budget, strict=True)}

    @cached_property
    def teams(self) -> dict[str, Team]:
        T = self.bundle.teams
        return {t: Team(a, d, int(m)) for t, a, d, m in zip(T.team_id, T.agency_id, T.district_code, T.max_visits_per_day, strict=True)}

    @cached_property
    def team_enforcement(self) -> dict[str, list[str]]:
        """team → its enforcement officers (the pool R-OFFICER-DRAW draws from)."""
        out: dict[str, list[str]] = defaultdict(list)
        for o, f in self.officers.items():
            if f.role == "enforcement":
                out[f.team].append(o)
        return out

    @cached_property
    def items(self) -> dict[str, tuple[str, frozenset[str], bool]]:
        """item_id → (agency_id, sectors, remote_allowed)."""
        it = self.bundle.items
        return {i: (a, frozenset(s), bool(r)) for i, a, s, r in zip(it.item_id, it.agency_id, it.sectors, it.remote_allowed, strict=True)}

    @cached_property
    def applies(self) -> dict[str, dict[str, list[str]]]:
        """sector → agency → the items of its published list that apply (R-ITEM)."""
        out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for i, (a, sectors, _) in sorted(self.items.items()):
            for s in sectors:
                out[s][a].append(i)
        return out

    def agency_items(self, eid: str) -> dict[str, list[str]]:
        return self.applies.get(self.enterprises[eid][1], {}) if eid in self.enterprises else {}

    @cached_property
    def away(self) -> dict[str, list[tuple[dt.date, dt.date]]]:
        U = self.bundle.unavailability
        out: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for o, a, z in zip(U.officer_id, U.start_on, U.end_on, strict=True):
            out[o].append((a.date(), z.date()))
        return out

    @cached_property
    def away_days(self) -> dict[str, frozenset[dt.date]]:
        """officer → every day of an absence touching the plan year (inclusive ranges of unavailability.csv)."""
        lo, hi = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        out = {}
        for o, spans in self.away.items():
            days = set()
            for a, z in spans:
                d = max(a, lo)
                while d <= min(z, hi):
                    days.add(d)
                    d += dt.timedelta(days=1)
            out[o] = frozenset(days)
        return out

    def present(self, officer: str, day: dt.date) -> bool:
        if day.year == self.year:
            return day not in self.away_days.get(officer, ())
        return not any(a <= day <= z for a, z in self.away.get(officer, ()))

    def certified(self, officer: str, day: dt.date) -> bool:
        f = self.officers.get(officer)
        return f is not None and f.role == "enforcement" and f.cert_expires is not None and f.cert_expires >= day

    @cached_property
    def recused(self) -> set[tuple[str, str]]:
        R = self.bundle.recusals
        return set(zip(R.officer_id, R.enterprise_id, strict=True))

    @cached_property
    def triggers(self) -> dict[str, Trigger]:
        T = self.bundle.triggers
        return {t: Trigger(e, a, r.date(), bool(u)) for t, e, a, r, u in zip(T.trigger_id, T.enterprise_id, T.agency_id, T.received_on, T.urgent, strict=True)}

    @cached_property
    def unrectified_last_year(self) -> set[tuple[str, str]]:
        """(enterprise, agency) with a violation found last year and `rectified` recorded as false (R-FOLLOW)."""
        ins = self.bundle.inspections
        unrectified = ins.rectified.notna() & ~ins.rectified.fillna(True).astype(bool)  # unknown is not unrectified
        found = (ins.inspected_on.dt.year == self.year - 1) & ins.outcome.isin(["violation", "serious"]) & unrectified
        return set(zip(ins.enterprise_id[found], ins.agency_id[found], strict=True))

    @cached_property
    def follow_up_from(self) -> dict[tuple[str, str], dt.date]:
        """(enterprise, agency) owed a follow-up → the first day a re-check finds something due: the day after the
        latest rectification deadline of last year's unrectified violations there (`rectify_by`, a column history.csv
        adds beside bundle.md's; walk42 F1). Absent where no deadline is given (the year from 1 January)."""
        ins = self.bundle.inspections
        if "rectify_by" not in ins:
            return {}
        unrectified = ins.rectified.notna() & ~ins.rectified.fillna(True).astype(bool)
        found = (ins.inspected_on.dt.year == self.year - 1) & ins.outcome.isin(["violation", "serious"]) & unrectified & ins.rectify_by.notna()
        last = ins[found].groupby(["enterprise_id", "agency_id"]).rectify_by.max()
        return {k: d.date() + dt.timedelta(days=1) for k, d in last.items()}

    # ---- the calendar, read again: calendar.csv first, then chinesecalendar --------
    @cached_property
    def calendar_overrides(self) -> dict[dt.date, bool]:
        cal = self.bundle.frames["calendar"]  # the uploaded calendar.csv, not the loader's WorkCalendar
        return {d.date(): bool(w) for d, w in zip(cal["date"], cal["workday"], strict=True) if not pd.isna(d)}

    def is_workday(self, day: dt.date) -> bool | None:
        """None: neither calendar.csv nor the library knows the day (never guessed)."""
        if day not in self._workday:
            known = self.calendar_overrides.get(day)
            if known is None:
                try:
                    known = bool(chinese_calendar.is_workday(day))
                except NotImplementedError:
                    known = None
            self._workday[day] = known
        return self._workday[day]

    def deadline(self, received: dt.date, n: int) -> dt.date:
        """The n-th working day after `received` (受理之日不计入); past a year nobody knows, 31 December of the plan year."""
        day, left = received, n
        while left:
            day += dt.timedelta(days=1)
            w = self.is_workday(day)
            if w is None:
                return dt.date(self.year, 12, 31)
            left -= w
        return day

    # ---- what the plan uses, counted once --------------------------------------------
    @cached_property
    def officer_day_use(self) -> dict[tuple[str, dt.date], list[int]]:
        """(officer, day) → [on-site visits, remote checks]."""
        out: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0])
        for v in self.dated:
            for o in set(v.officers):
                out[(o, v.day)][0 if v.mode == "onsite" else 1] += 1
        return out

    @cached_property
    def officer_year_use(self) -> dict[str, int]:
        """officer → on-site visits in the year (what annual_visit_budget limits)."""
        out: dict[str, int] = defaultdict(int)
        for v in self.visits:
            if v.mode == "onsite":
                for o in set(v.officers):
                    out[o] += 1
        return out

    def visit_team(self, v: Visit, agency: str) -> set[str]:
        """The teams of `agency` whose officers are on the visit (R-TEAM wants exactly one)."""
        return {self.officers[o].team for o in v.officers if o in self.officers and self.teams[self.officers[o].team].agency == agency}

    @cached_property
    def input_sha256(self) -> str:
        """sha256 of the bundle's files, concatenated in file-name order (computed here, not taken from the loader)."""
        h = hashlib.sha256()
        for name in sorted(self.bundle.files):
            h.update(self.bundle.files[name])
        return h.hexdigest()

    def may_work_in(self, team: str, district: str) -> bool:
        """R-TEAM: its own district, or, for a city-level team (code ending 00), every district of its city."""
        code = self.teams[team].district
        return code == district or (code.endswith("00") and not code.endswith("0000") and code[:4] == district[:4])
