"""Helpers for the checker's break cases: edit a plan folder or its bundle as CSV text, and
redraw officers by R-OFFICER-DRAW with the standard library (a stand-in until the
scheduler draws them itself; it keeps every team, day and visit as the scheduler chose)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bundle import Bundle, load_bundle


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    rd = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    rows = list(rd)
    return list(rd.fieldnames or []), rows


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


class PlanFolder:
    """A writable plan folder: visits, selection and plan.json in memory; save() writes them back."""

    def __init__(self, path: Path):
        self.path = path
        self.vh, self.visits = read(path / "visits.csv")
        self.sh, self.selection = read(path / "selection.csv")
        self.meta: dict[str, Any] = json.loads((path / "plan.json").read_text(encoding="utf-8"))

    def sel(self, eid: str) -> dict[str, str]:
        return next(r for r in self.selection if r["enterprise_id"] == eid)

    def save(self, resync: bool = True) -> Path:
        if resync:  # selection.csv's counts follow visits.csv, so only the intended break remains
            n = Counter(v["enterprise_id"] for v in self.visits)
            for r in self.selection:
                r["visits_planned"] = str(n.get(r["enterprise_id"], 0))
                r["selected"] = "true" if n.get(r["enterprise_id"]) else "false"
        write(self.path / "visits.csv", self.vh, self.visits)
        write(self.path / "selection.csv", self.sh, self.selection)
        (self.path / "plan.json").write_text(json.dumps(self.meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return self.path


def copy_case(bundle_dir: Path, plan_dir: Path, tmp: Path) -> tuple[Path, Path]:
    b, p = tmp / "bundle", tmp / "plan"
    shutil.copytree(bundle_dir, b)
    shutil.copytree(plan_dir, p)
    return b, p


_LOADED: dict[str, Bundle] = {}


def load(bundle_dir: Path) -> Bundle:
    """load_bundle, once per distinct content: the break cases copy one bundle many times (mutation runs are long)."""
    h = hashlib.sha256()
    for p in sorted(Path(bundle_dir).iterdir()):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    key = h.hexdigest()
    if key not in _LOADED:
        _LOADED[key] = load_bundle(bundle_dir)
    return _LOADED[key]


def rebase(plan_dir: Path, bundle_dir: Path) -> Bundle:
    """After editing the bundle: load it and let plan.json name it (hash, policy), as if the plan were made from it."""
    b = load(bundle_dir)
    f = PlanFolder(plan_dir)
    f.meta["input_sha256"] = b.input_sha256
    f.meta["seed"] = b.policy.seed
    f.meta["policy"] = json.loads(json.dumps(b.policy.as_json()))
    f.save(resync=False)
    return b


def officer_key(seed: str, visit_id: str, officer_id: str) -> str:
    return hmac.new(seed.encode(), f"officer|{visit_id}|{officer_id}".encode(), hashlib.sha256).hexdigest()


def restaff(bundle: Bundle, plan_dir: Path) -> int:
    """Redraw every visit's officers in date order: per agency, the first `k` in HMAC order among its team's
    officers who are certified, present, not recused, under their day cap and (on site) their annual budget.
    Returns how many agency-visits kept their old officers for want of enough eligible ones."""
    pol = bundle.policy
    f = PlanFolder(plan_dir)
    off = bundle.officers
    team_of = dict(zip(off.officer_id, off.team_id, strict=True))
    enf = off[off.role == "enforcement"]
    cert = {o: x.date() for o, x in zip(enf.officer_id, enf.certificate_expires_on, strict=True)}
    budget = {o: pol.max_visits_per_officer_per_year if b != b or b is None else int(b)
              for o, b in zip(off.officer_id, off.annual_visit_budget.astype(object).where(off.annual_visit_budget.notna(), None), strict=True)}
    members: dict[str, list[str]] = defaultdict(list)
    for o, t in zip(enf.officer_id, enf.team_id, strict=True):
        members[t].append(o)
    agency_of = dict(zip(bundle.teams.team_id, bundle.teams.agency_id, strict=True))
    away = defaultdict(list)
    for o, a, z in zip(bundle.unavailability.officer_id, bundle.unavailability.start_on, bundle.unavailability.end_on, strict=True):
        away[o].append((a.date(), z.date()))
    recused = set(zip(bundle.recusals.officer_id, bundle.recusals.enterprise_id, strict=True))
    day_use: Counter[tuple[str, str, str]] = Counter()
    year_use: Counter[str] = Counter()
    kept = 0
    for v in sorted(f.visits, key=lambda r: (r["date"], r["visit_id"])):
        day = dt.date.fromisoformat(v["date"])
        onsite = v["mode"] == "onsite"
        cap = pol.max_visits_per_officer_per_day if onsite else pol.max_remote_checks_per_officer_per_day
        need = pol.officers_per_agency_on_visit if onsite else 1
        old = v["officer_ids"].split(";") if v["officer_ids"] else []
        new: list[str] = []
        for a in v["agency_ids"].split(";"):
            mine = [o for o in old if agency_of.get(team_of.get(o, "")) == a]
            if not mine:
                continue
            team = team_of[mine[0]]
            ok = [o for o in members[team] if cert.get(o, dt.date.min) >= day and not any(x <= day <= y for x, y in away[o])
                  and (o, v["enterprise_id"]) not in recused and day_use[(o, v["date"], v["mode"])] < cap
                  and (not onsite or year_use[o] < budget[o])]
            ok.sort(key=lambda o: officer_key(pol.seed, v["visit_id"], o))
            take = ok[:need] if len(ok) >= need else mine
            kept += len(ok) < need
            new += sorted(take)
        for o in new:
            day_use[(o, v["date"], v["mode"])] += 1
            if onsite:
                year_use[o] += 1
        v["officer_ids"] = ";".join(new)
    f.save(resync=False)
    return kept
