"""fuzz30: fuzz a service whose plan is approved and whose year is running, with real identifiers, as every role.

Not collected by pytest (no test_ prefix). Run from the repository root:

    nice -n 10 .venv/bin/python tests/fuzz30_harness.py walk --seed 1 --steps 300
    nice -n 10 .venv/bin/python tests/fuzz30_harness.py schema --seed 1 --examples 8

`walk`: a seeded random sequence of meaningful acts (JSON API and the HTML page forms, with the page session and its
CSRF token) by random roles, with plausible and hostile arguments, the service day moving forward now and then.
`schema`: schemathesis' generated bodies and queries for every operation of the OpenAPI schema, path parameters drawn
from the year's real ids (plan, visits, codes, versions, absences, triggers, officers), each operation as each role.

After every request: no 5xx and no exception; a refusal of /api/ is 4xx JSON with `message_zh` and `message_en` at
the top; a page refusal is a page (HTML) or a redirect. After every act: the year answers 200 (JSON and the board
page) and the invariants hold (an on-site visit to be made has two officers or more; an officer whose absence stands
is on no visit to be made on its days from today on; codes unique). Each distinct failure is printed once, with the
request log since the start (a fresh approved plan each run), to /tmp/fuzz30-findings-<mode>-<seed>.txt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

START_DAY = "2027-03-31"
PLAN_HEAVY = False
REVISED = False
FOCUS = ""  # a team: the acts pick its visits and officers only, so that changes meet one another
ROLES = ("planner", "planner2", "leader", "leader2", "viewer", "admin", "auditor", None)  # None: nobody logged in
NASTY = ["", " ", "\u3000", "x", "中文理由", "\x00", "a\x00b", "a" * 600, "长" * 501, "<script>alert(1)</script>", "'; drop table plan;--",
         "😀" * 5, "\ud7ff", "..", "../../etc/passwd", "%00", "null", "None", "0", "-1", "1e9", "Ｖ１", "V" * 17]


def product_frame(tb: str) -> str:
    """The last traceback frame in product code (api/, execution/, scheduler/, ...), not the libraries'."""
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', tb)
    mine = [f for f in frames if "/site-packages/" not in f[0] and "fuzz30_harness" not in f[0]]
    if not mine:
        return "?"
    f = mine[-1]
    return f"{os.path.relpath(f[0], HERE.parent)}:{f[1]} ({f[2]})"


class World:
    """A fresh service with the tiny bureau's plan approved, and the ids its year has."""

    def __init__(self, root: Path) -> None:
        from scenarios import generate

        os.environ["INSPECTION_TODAY"] = START_DAY
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        generate("tiny", root / "tiny", seed=7)
        from api_helpers import USERS, approved_plan, token

        self.client, _, self.pid = approved_plan(root / "tiny", root, "f.db")
        self.tok = {u: token(self.client, u) for u, _, _ in USERS}
        import pandas as pd

        b = root / "tiny" / "bundle"
        self.officers = list(pd.read_csv(b / "officers.csv", dtype=str)["officer_id"])
        self.enterprises = list(pd.read_csv(b / "enterprises.csv", dtype=str)["enterprise_id"])
        self.names = list(pd.read_csv(b / "enterprises.csv", dtype=str)["name"])
        self.agencies = list(pd.read_csv(b / "agencies.csv", dtype=str)["agency_id"])
        self.teams = list(pd.read_csv(b / "teams.csv", dtype=str)["team_id"])
        self.items = list(pd.read_csv(b / "items.csv", dtype=str)["item_id"])
        cal = pd.read_csv(b / "calendar.csv", dtype=str)
        self.workdays = {r.date for r in cal.itertuples() if r.workday == "true"}
        self.bundle_id = self.client.get(f"/api/plans/{self.pid}", headers=self.tok["planner"]).json()["bundle_id"]
        if REVISED:  # v1 approved, v2 (its revision) approved and published beside it: the walk runs v2's year
            from api_helpers import published_revision

            self.v1 = self.pid
            self.pid = published_revision(self.client, {u: self.tok[u] for u in ("planner", "leader")}, self.v1)
        self.log: list[str] = []
        self.findings: dict[str, str] = {}
        # scoped users (api.yearstore.set_scope): planner2 to one agency, leader2 to one team, as a bureau sets them
        from sqlmodel import Session, select

        from api.models import User
        from api.yearstore import set_scope

        with Session(self.client.app.state.engine) as s:
            set_scope(s, s.exec(select(User).where(User.username == "planner2")).one(), "hb", None)
            set_scope(s, s.exec(select(User).where(User.username == "leader2")).one(), "um", "um-140403")
        self.stats: dict[tuple[str, str, int], int] = {}
        self.msgs: dict[tuple[str, str, int], dict[str, int]] = {}
        self.refresh()

    # ---- requests ----------------------------------------------------------------------------
    def call(self, method: str, url: str, role: str | None, page: bool = False, **kw: Any) -> Any:
        from api.deps import COOKIE
        from api.security import csrf_for

        headers = dict(kw.pop("headers", {}) or {})
        if role is not None:
            tok = self.tok[role]["Authorization"].split()[1]
            if page:
                headers["Cookie"] = f"{COOKIE}={tok}"
                headers["X-CSRF-Token"] = csrf_for(tok)
                headers.setdefault("Accept", "text/html")
            else:
                headers.update(self.tok[role])
        shown = {k: v for k, v in kw.items() if k in ("json", "data", "params")}
        self.log.append(f"{method} {url} as {role}{' (page)' if page else ''} {json.dumps(shown, ensure_ascii=False, default=str)[:400]}"
                        f" today={os.environ['INSPECTION_TODAY']}")
        self.client.cookies.clear()
        try:
            r = self.client.request(method, url, headers=headers, follow_redirects=False, **kw)
        except Exception as e:  # raise_server_exceptions: the traceback
            tb = traceback.format_exc()
            self.finding(f"EXC {type(e).__name__} {product_frame(tb)} {method} {self.shape(url)}", tb)
            return None
        finally:
            self.client.cookies.clear()
        self.check_response(method, url, r, page)
        k = (method, self.shape(url), r.status_code)
        self.stats[k] = self.stats.get(k, 0) + 1
        if 400 <= r.status_code < 500 and url.startswith("/api/"):
            try:
                m = str(r.json().get("message_en"))[:90]
            except Exception:
                m = r.text[:90]
            self.msgs.setdefault(k, {}).setdefault(m, 0)
            self.msgs[k][m] += 1
        return r

    @staticmethod
    def shape(url: str) -> str:
        u = url.split("?")[0]
        u = re.sub(r"/plans/\d+", "/plans/{id}", u)
        u = re.sub(r"/visits/[^/]+", "/visits/{vid}", u)
        u = re.sub(r"/(versions|absences)/[^/]+", r"/\1/{n}", u)
        u = re.sub(r"/triggers/(?!slots|hold)[^/]+/close", "/triggers/{tid}/close", u)
        u = re.sub(r"/v/[^/]+", "/v/{code}", u)
        return u

    def check_response(self, method: str, url: str, r: Any, page: bool) -> None:
        key = f"{method} {self.shape(url)}"
        if r.status_code >= 500:
            self.finding(f"5xx {r.status_code} {key}", r.text[:500])
            return
        if r.status_code >= 400:
            ctype = r.headers.get("content-type", "")
            if url.startswith("/api/"):
                try:
                    body = r.json()
                except ValueError:
                    self.finding(f"ENVELOPE not-json {r.status_code} {key}", r.text[:300])
                    return
                if not (isinstance(body, dict) and body.get("message_zh") and body.get("message_en")):
                    self.finding(f"ENVELOPE no-messages {r.status_code} {key}", str(body)[:300])
            elif page and "text/html" not in ctype:
                self.finding(f"PAGE not-html {r.status_code} {key} {ctype}", r.text[:300])

    def finding(self, key: str, detail: str) -> None:
        if key not in self.findings:
            self.findings[key] = detail + "\n--- requests so far (last 25) ---\n" + "\n".join(self.log[-25:])
            print("FINDING:", key, flush=True)

    # ---- the year's ids ----------------------------------------------------------------------
    def refresh(self) -> None:
        r = self.client.get(f"/api/plans/{self.pid}/year/visits", headers=self.tok["admin"], params={"limit": 1000})
        self.visits = r.json()["visits"] if r.status_code == 200 else getattr(self, "visits", [])
        y = self.client.get(f"/api/plans/{self.pid}/year", headers=self.tok["admin"])
        self.year = y.json() if y.status_code == 200 else getattr(self, "year", {"versions": [], "open_triggers": []})
        a = self.client.get(f"/api/plans/{self.pid}/year/absences", headers=self.tok["admin"])
        self.absences = a.json() if a.status_code == 200 else getattr(self, "absences", [])
        ps = self.client.get("/api/plans", headers=self.tok["admin"])
        self.plans = [p["id"] for p in ps.json()] if ps.status_code == 200 else [self.pid]

    def invariants(self, step: int) -> None:
        today = os.environ["INSPECTION_TODAY"]
        y = self.client.get(f"/api/plans/{self.pid}/year", headers=self.tok["viewer"])
        if y.status_code != 200:
            self.finding(f"INV year-json {y.status_code}", y.text[:400])
        if step % 5 == 0:
            p = self.call("GET", f"/plans/{self.pid}/year", "planner", page=True)
            if p is not None and p.status_code != 200:
                self.finding(f"INV year-page {p.status_code}", p.text[:400])
        self.refresh()
        codes = [v["code"] for v in self.visits]
        if len(codes) != len(set(codes)):
            self.finding("INV duplicate codes", str(codes))
        for v in self.visits:
            offs = [o for o in v["officer_ids"].split(";") if o]
            if v["mode"] == "onsite" and v["status"] in ("planned", "notified") and v["date"] >= today and len(offs) < 2:
                self.finding("INV onsite-visit-fewer-than-two-officers", json.dumps(v, ensure_ascii=False))
            if v["status"] in ("planned", "notified") and v["date"] >= today and v["date"] not in self.workdays:
                self.finding("INV visit-on-a-non-workday", json.dumps(v, ensure_ascii=False))
            if len(set(offs)) != len(offs):
                self.finding("INV officer-twice-on-a-visit", json.dumps(v, ensure_ascii=False))
        for a in self.absences:
            if a["withdrawn_on"]:
                continue
            for v in self.visits:
                if v["status"] not in ("planned", "notified") or v["date"] < max(today, a["start_on"]):
                    continue
                if a["end_on"] is not None and v["date"] > a["end_on"]:
                    continue
                if a["kind"] == "leave" and a["end_on"] is None:
                    continue
                if a["officer_id"] in v["officer_ids"].split(";"):
                    self.finding("INV officer-on-leave-staffed", json.dumps({"absence": a, "visit": v}, ensure_ascii=False))
        self.deep(today)
        busy: dict[tuple[str, str], list[str]] = {}
        for v in self.visits:
            if v["status"] in ("planned", "notified") and v["date"] >= today:
                for o in v["officer_ids"].split(";"):
                    busy.setdefault((o, v["date"]), []).append(v["visit_id"])
        for (o, d), vs in busy.items():
            if len(vs) > 3:  # more than the daily cap a team has (max_visits_per_day <= 3 in tiny)
                self.finding("INV officer-overbooked", f"{o} {d} {vs}")


def _books(y: Any) -> dict[str, dict[Any, int]]:
    return {name: {k: n for k, n in getattr(y, name).items() if n} for name in ("officer_day", "officer_year", "team_day", "team_week",
                                                                             "team_total", "remote_day")}


def _deep(self: World, today: str) -> None:
    """In-process: the year cached by the service against the one stored, its running counts against counts booked
    afresh from its visits, every visit still to be made lawful (Year.lawful), and the stored state loading back."""
    import dataclasses

    from sqlmodel import Session

    from api import yearstore
    from api.models import YearState
    from execution import Year

    app = self.client.app
    key = (str(app.state.settings.database_url), self.pid)
    with Session(app.state.engine) as s:
        row = s.get(YearState, self.pid)
        if row is None:
            return
        state, lock = row.state, row.lock
    cached = yearstore._years.get(key)
    b = next((bb for (u, _), bb in yearstore._bundles.items() if u == key[0]), None)
    if b is None:
        return
    def norm(d: dict[str, Any]) -> Any:  # plan_state follows the plan row (yearstore._load), stored at the next change
        return json.loads(json.dumps({k: x for k, x in d.items() if k != "plan_state"}, default=str))

    if cached is not None and cached[0] == lock and norm(cached[1].dump()) != norm(state):
        self.finding("INV cached-year-differs-from-stored", "")
    y = Year.load(b, state)
    if json.loads(json.dumps(y.dump(), default=str)) != json.loads(json.dumps(state, default=str)):
        self.finding("INV stored-year-does-not-load-back", "")
    fresh = Year(b, [dataclasses.replace(v, teams=dict(v.teams)) for v in y.visits.values()])
    if _books(fresh) != _books(y):
        self.finding("INV books-drift", "")
    t = dt.date.fromisoformat(today)
    for v in y.visits.values():
        if v.status in ("planned", "notified") and v.date >= t:
            bad = y.lawful(v)
            if bad:
                self.finding(f"INV unlawful-visit {','.join(bad)}", f"{v.visit_id} {v.date} {v.officer_ids} {v.teams}")
        if v.status != "cancelled" and v.code not in y.by_code:
            self.finding("INV code-missing", v.visit_id)


World.deep = _deep  # type: ignore[attr-defined]


# ---- random arguments -------------------------------------------------------------------------
class Gen:
    def __init__(self, w: World, rnd: random.Random) -> None:
        self.w, self.r = w, rnd

    def today(self) -> dt.date:
        return dt.date.fromisoformat(os.environ["INSPECTION_TODAY"])

    def text(self) -> str:
        return self.r.choice(NASTY + ["登记错了 / wrong", "企业注销 / closed", "ok"] * 8)

    def day(self) -> str:
        r = self.r.random()
        t = self.today()
        if r < 0.45:
            return (t + dt.timedelta(days=self.r.randint(-10, 60))).isoformat()
        if r < 0.6:
            return self.r.choice(sorted(self.w.workdays))
        if r < 0.7:
            return self.r.choice(["2026-12-31", "2028-01-03", "2027-01-01", "2027-12-31", "2027-02-29", "2027-13-01", "2027-1-5",
                                  "0001-01-01", "9999-12-31", "20270401", ""])
        if r < 0.8:
            return self.text()[:10]
        return (t + dt.timedelta(days=self.r.randint(0, 14))).isoformat()

    def between(self, start: str) -> str:
        a, b = dt.date.fromisoformat(start), self.today()
        if b <= a:
            return start
        return (a + dt.timedelta(days=self.r.randint(0, (b - a).days))).isoformat()

    def visit(self, pred: Any = None) -> dict[str, Any] | None:
        vs = [v for v in self.w.visits if (pred is None or pred(v)) and (not FOCUS or FOCUS in v["teams"].values())]
        return self.r.choice(vs) if vs else None

    def vid(self) -> str:
        r = self.r.random()
        v = self.visit()
        if r < 0.85 and v:
            return v["visit_id"]
        return self.r.choice(["NOPE", "V" * 16, "V" * 40, v["visit_id"].lower() if v else "x", (v["visit_id"] + " ") if v else "y", "%20"])

    def officer(self, v: dict[str, Any] | None = None) -> str:
        if v and self.r.random() < 0.5:
            return self.r.choice(v["officer_ids"].split(";"))
        if self.r.random() < 0.85:
            return self.r.choice([o for o in self.w.officers if not FOCUS or o.startswith(FOCUS)])
        return self.text()[:64]

    def officers_for(self, v: dict[str, Any]) -> list[str]:
        own = v["officer_ids"].split(";")
        r = self.r.random()
        if r < 0.5:
            return own
        if r < 0.6:
            return own[:1]
        if r < 0.7:
            return own + own
        if r < 0.8:
            return [self.officer() for _ in range(self.r.randint(0, 4))]
        if r < 0.9:
            team = [o for o in self.w.officers if any(o.startswith(t) for t in v["teams"].values())]
            return self.r.sample(team, min(len(team), self.r.randint(2, 3)))
        return [self.text()[:30] for _ in range(3)]

    def outcomes(self, v: dict[str, Any]) -> dict[str, str]:
        items = v["item_ids"].split(";")
        good = ["compliant"] * 4 + ["minor", "violation", "serious", "未发现问题", "违法违规"]
        bad = ["合格", "fine", "", "\x00", " compliant "]
        out = {i: self.r.choice(good if self.r.random() < 0.93 else bad) for i in items}
        r = self.r.random()
        if r < 0.05:
            out.pop(items[0], None)
        elif r < 0.1:
            out[self.r.choice(self.w.items)] = "compliant"
        elif r < 0.12:
            out = {}
        return out

    def role(self, right: tuple[str, ...]) -> str | None:
        return self.r.choice(right) if self.r.random() < 0.75 else self.r.choice(ROLES)

    def version(self) -> int:
        vs = [v["number"] for v in self.w.year.get("versions", [])]
        return self.r.choice(vs) if vs and self.r.random() < 0.85 else self.r.choice([1, 99, 100000])

    def absence(self) -> int:
        ns = [a["number"] for a in self.w.absences]
        return self.r.choice(ns) if ns and self.r.random() < 0.85 else self.r.choice([1, 2, 50])

    def trigger_body(self) -> dict[str, Any]:
        v = self.visit()
        ent = self.r.choice(self.w.enterprises) if self.r.random() < 0.7 else self.r.choice([*self.w.names, "不存在的公司", "", "\x00"])
        ag = (v["agency_ids"].split(";")[0] if v and self.r.random() < 0.5 else self.r.choice([*self.w.agencies, "nope", ""]))
        if v and self.r.random() < 0.4:
            ent = v["enterprise_id"]
        if v and self.r.random() < 0.6:
            ent, ag = v["enterprise_id"], self.r.choice(v["agency_ids"].split(";"))
        recv = self.day() if self.r.random() < 0.3 else (self.today() - dt.timedelta(days=self.r.choice([0, 0, 1, 3, 10, 40]))).isoformat()
        body: dict[str, Any] = {"enterprise_id": ent, "agency_id": ag, "received_on": recv,
                                "urgent": self.r.random() < 0.4}
        if self.r.random() < 0.3:
            body["kind"] = self.r.choice(["complaint", "referral", "data_monitoring", "enterprise_request", "投诉举报", "bogus"])
        if self.r.random() < 0.3:
            open_ids = [t["trigger_id"] for t in self.w.year.get("open_triggers", [])]
            body["trigger_id"] = self.r.choice([*open_ids, "T1", " ", "中文"]) if open_ids else self.r.choice(["T1", "X" * 32])
        return body


# ---- the acts ------------------------------------------------------------------------------------
def acts(w: World, g: Gen) -> list[tuple[float, Any]]:
    P = f"/api/plans/{w.pid}/year"
    F = f"/plans/{w.pid}/year"
    r = g.r

    def record(page: bool = False) -> None:
        v = g.visit(lambda v: v["status"] in ("planned", "notified", "overdue")) if r.random() < 0.8 else g.visit()
        if not v:
            return
        t = g.today().isoformat()
        date = (v["date"] if v["date"] <= t else t) if r.random() < 0.8 else g.day()
        body = {"date": date, "officer_ids": g.officers_for(v), "outcomes": g.outcomes(v)}
        if any(x not in ("compliant", "合格") for x in body["outcomes"].values()) or r.random() < 0.2:
            try:
                base = dt.date.fromisoformat(date)
                if base.year != 2027:
                    raise ValueError
            except ValueError:
                base = dt.date.fromisoformat(v["date"])
            body["rectify_by"] = (base + dt.timedelta(days=r.choice([-1, 0, 15, 30, 30, 30, 400]))).isoformat() if r.random() < 0.9 else g.day()
        if r.random() < 0.3:
            body["notes"] = g.text()
        vid = v["visit_id"] if r.random() < 0.9 else g.vid()
        role = g.role(("planner", "leader", "admin"))
        if page:
            data: dict[str, Any] = {"date": body["date"], "officer_ids": body["officer_ids"], "rectify_by": body.get("rectify_by", ""),
                                    "notes": body.get("notes", "")}
            data.update({f"outcome:{k}": x for k, x in body["outcomes"].items()})
            w.call("POST", f"{F}/visits/{vid}/record", role, page=True, data=data)
        else:
            w.call("POST", f"{P}/visits/{vid}/record", role, json=body)

    def correct(page: bool = False) -> None:
        v = g.visit(lambda v: v["status"] == "done") or g.visit()
        if not v:
            return
        body: dict[str, Any] = {"outcomes": g.outcomes(v), "reason": g.text() if r.random() < 0.5 else "录错了 / mistyped"}
        if r.random() < 0.6:
            body["rectify_by"] = (dt.date.fromisoformat(v["date"]) + dt.timedelta(days=r.choice([0, 20, 45]))).isoformat() if r.random() < 0.7 else g.day()
        if r.random() < 0.3:
            body["notes"] = g.text()
        if r.random() < 0.05:
            body["date"] = v["date"]
        role = g.role(("planner", "leader", "admin"))
        if page:
            data = {"reason": body["reason"], "rectify_by": body.get("rectify_by", ""), "notes": body.get("notes", "")}
            data.update({f"outcome:{k}": x for k, x in body["outcomes"].items()})
            w.call("POST", f"{F}/visits/{v['visit_id']}/record/correct", role, page=True, data=data)
        else:
            w.call("POST", f"{P}/visits/{v['visit_id']}/record/correct", role, json=body)

    def step(page: bool = False) -> None:
        v = g.visit(lambda v: v["status"] == "done") or g.visit()
        if not v:
            return
        body = {"step": r.choice(["feedback", "transfer", "transfer_feedback", "archive", "publish", "transfer_decision", "rectified",
                                  "bogus", "", "结果告知"]) if r.random() < 0.2 else r.choice(["feedback", "publish", "archive", "rectified",
                                  "transfer", "transfer_decision", "transfer_feedback"]),
                "on": g.day() if r.random() < 0.3 else r.choice([v["date"], g.today().isoformat(), g.between(v["date"])])}
        role = g.role(("planner", "leader", "admin"))
        if page:
            w.call("POST", f"{F}/visits/{v['visit_id']}/step", role, page=True, data=body)
        else:
            w.call("POST", f"{P}/visits/{v['visit_id']}/steps", role, json=body)

    def status() -> None:
        body = {"status": r.choice(["cancelled", "notified", "planned", "done", "overdue", "bogus", ""]), "reason": g.text()}
        w.call("POST", f"{P}/visits/{g.vid()}/status", g.role(("planner", "admin")), json=body)

    def cancel_page() -> None:
        w.call("POST", f"{F}/visits/{g.vid()}/cancel", g.role(("planner", "admin")), page=True, data={"reason": g.text()})

    def notice() -> None:
        page = r.random() < 0.4
        w.call("GET", f"{F if page else P}/visits/{g.vid()}/notice.pdf", g.role(("planner", "viewer", "leader")), page=page)

    def notices(page: bool = False) -> None:
        week = g.day() if r.random() < 0.8 else None
        team = r.choice([*w.teams, "nope", "", None]) if r.random() < 0.5 else None
        role = g.role(("planner", "admin"))
        if page:
            w.call("POST", f"{F}/notices", role, page=True, data={k: x for k, x in (("week", week), ("team", team)) if x is not None})
        else:
            w.call("POST", f"{P}/notices.pdf", role, params={k: x for k, x in (("week", week), ("team", team)) if x is not None})

    def reads() -> None:
        role = r.choice(ROLES)
        which = r.randrange(12)
        if which == 0:
            w.call("GET", f"{P}/deadlines", role, params={"agency": r.choice([*w.agencies, "nope"])} if r.random() < 0.5 else {})
        elif which == 1:
            w.call("GET", f"{P}/history.csv", role)
        elif which == 2:
            w.call("GET", f"{P}/visits", role, params={"status": r.choice(["planned", "done", "x"]), "date": g.day(), "team": r.choice(w.teams)})
        elif which == 3:
            w.call("GET", f"{P}/visits/{g.vid()}", role)
        elif which == 4:
            v = g.visit()
            if v:
                w.call("GET", f"/api/v/{v['code']}", None)
                w.call("GET", f"/v/{v['code']}", None, page=True)
                w.call("GET", f"/v/{v['code']}/qr.svg", None)
        elif which == 5:
            w.call("GET", f"{F}/visits/{g.vid()}", role, page=True, params={"move": "1"} if r.random() < 0.5 else {})
        elif which == 6:
            w.call("GET", f"{F}", role, page=True, params={"agency": r.choice([*w.agencies, "nope"])} if r.random() < 0.3 else {})
        elif which == 7:
            v = g.visit()
            if v:
                w.call("GET", f"/api/plans/{w.pid}/enterprises/{v['enterprise_id']}/why", role)
                w.call("GET", f"/plans/{w.pid}/why", role, page=True, params={"enterprise": v["enterprise_id"]})
        elif which == 8:
            pid = r.choice(w.plans)
            for path in ("visits", "calendar"):
                w.call("GET", f"/plans/{pid}/{path}", role, page=True, params={"view": r.choice(["plan", "year", "x"])})
            w.call("GET", f"/plans/{pid}", role, page=True)
        elif which == 9:
            pid = r.choice(w.plans)
            for path in ("export.xlsx", "selection.csv", "decision", "comments", "diff", "redraw"):
                w.call("GET", f"/api/plans/{pid}/{path}", role)
        elif which == 10:
            w.call("GET", "/public/plans", role, page=True)
            w.call("GET", f"/public/plans/{r.choice(w.plans)}", role, page=True)
            w.call("GET", "/api/public/plans", None)
            w.call("GET", f"/api/public/plans/{r.choice(w.plans)}", None)
        else:
            w.call("GET", "/", role, page=True)
            w.call("GET", "/api/audit", role, params={"plan_id": w.pid})

    def page_probe() -> None:
        """A page read with odd query parameters (filters, paging, months, languages), as anyone."""
        pid = r.choice(w.plans + [w.pid] * 2)
        vals = [g.text(), g.day(), "2027-13", "2027-02", r.choice(w.teams), r.choice(w.agencies), r.choice(w.enterprises), "-1", "0",
                "99999999999999999999", "1.5", "en", "zh", "year", "plan", "overdue", "cancelled"]
        route, keys = r.choice([
            (f"/plans/{pid}/visits", ["pg", "team", "agency", "month", "date", "district", "basis", "status", "enterprise", "item", "view", "lang"]),
            (f"/plans/{pid}/calendar", ["team", "month", "view", "lang"]),
            (f"/plans/{pid}/why", ["enterprise", "lang"]),
            (f"/plans/{pid}", ["lang", "error", "tab"]),
            (f"/plans/{pid}/diff", ["against", "lang"]),
            (f"/plans/{pid}/redraw", ["lang"]),
            (f"/plans/{pid}/charts/{r.choice(['tiers', 'months', 'teams', 'risk', 'x'])}.png", []),
            (f"/plans/{w.pid}/year", ["agency", "error", "note", "lang"]),
            (f"/plans/{w.pid}/year/visits/{g.vid()}", ["move", "error", "note", "lang"]),
            (f"/plans/{w.pid}/year/slots", ["enterprise_id", "agency_id", "received_on", "kind", "urgent", "trigger_id", "lang"]),
            ("/audit", ["plan_id", "visit_id", "action", "before"]),
            ("/api/audit", ["plan_id", "after", "limit", "visit_id", "action"]),
            (f"/api/plans/{pid}/visits", ["team", "agency", "month", "date", "offset", "limit", "enterprise", "basis"]),
            (f"/api/plans/{w.pid}/year/visits", ["date", "team", "status", "offset", "limit"]),
            (f"/api/plans/{w.pid}/year/deadlines", ["agency"]),
            ("/", ["lang"]), ("/public/plans", ["lang", "year"]), (f"/public/plans/{pid}", ["lang", "pg", "agency"])])
        params = {k: r.choice(vals) for k in r.sample(keys, min(len(keys), r.randint(0, 3)))}
        w.call("GET", route, r.choice(ROLES), page=not route.startswith("/api/"), params=params)

    def case_review(page: bool = False) -> None:
        q = r.choice(["2027Q1", "2027Q2", "2027Q3", "2027Q4", "2026Q4", "2028Q1", "2027Q5", "x", "0000Q1"])
        role = g.role(("leader", "admin"))
        if page:
            w.call("POST", f"{F}/case-review", role, page=True, data={"quarter": q})
        else:
            w.call("POST", f"{P}/case-review", role, json={"quarter": q})

    def trigger(page: bool = False) -> None:
        body = g.trigger_body()
        role = g.role(("planner", "admin"))
        s = w.call("POST", f"{P}/triggers/slots", role, json=body)
        slots = s.json().get("slots", []) if s is not None and s.status_code == 200 else []
        if r.random() < 0.2:
            w.call("GET", f"{F}/slots", role, page=True, params={k: str(x).lower() if isinstance(x, bool) else x for k, x in body.items()})
        kind = r.random()
        if slots and kind < 0.7:
            pick = r.choice(slots)
            if page:
                data = {k: str(x).lower() if isinstance(x, bool) else x for k, x in body.items()}
                data["slot"] = f"{pick['day']}|{pick['team']}" if r.random() < 0.8 else g.text()[:80]
                w.call("POST", f"{F}/triggers", role, page=True, data=data)
            elif r.random() < 0.5:
                w.call("POST", f"{P}/triggers", role, json={**body, "day": pick["day"], "team": pick["team"]})
            else:
                w.call("POST", f"{P}/triggers", role, json={**body, "choice": r.randint(0, 2)})
        elif kind < 0.85:
            if page:
                w.call("POST", f"{F}/triggers/hold", role, page=True, data={k: str(x).lower() if isinstance(x, bool) else x for k, x in body.items()})
            else:
                w.call("POST", f"{P}/triggers/hold", role, json=body)
        else:
            w.call("POST", f"{P}/triggers", role, json={**body, "choice": r.randint(0, 2)})

    def close_trigger(page: bool = False) -> None:
        open_ids = [t["trigger_id"] for t in w.year.get("open_triggers", [])]
        tid = r.choice(open_ids) if open_ids and r.random() < 0.8 else r.choice(["T1", "nope", "中文"])
        role = g.role(("leader",))
        if page:
            w.call("POST", f"{F}/triggers/{tid}/close", role, page=True, data={"comment": g.text()})
        else:
            w.call("POST", f"{P}/triggers/{tid}/close", role, json={"comment": g.text()})

    def leave(page: bool = False) -> None:
        v = g.visit(lambda v: v["status"] in ("planned", "notified"))
        officer = g.officer(v)
        start = v["date"] if v and r.random() < 0.5 else g.day()
        try:
            end = (dt.date.fromisoformat(start) + dt.timedelta(days=r.choice([0, 0, 1, 5, 20, -1]))).isoformat() if r.random() < 0.8 else g.day()
        except (ValueError, OverflowError):
            end = g.day()
        kind = r.choice(["leave"] * 4 + ["suspended"] * 2 + ["bogus", "请假"])
        body: dict[str, Any] = {"officer_id": officer, "start_on": start, "kind": kind}
        if not (kind == "suspended" and r.random() < 0.5):
            body["end_on"] = end
        role = g.role(("planner", "admin"))
        if page:
            w.call("POST", f"{F}/leave", role, page=True, data={k: x or "" for k, x in body.items()})
        else:
            w.call("POST", f"{P}/leave", role, json=body)

    def withdraw(page: bool = False) -> None:
        n = g.absence()
        reason = g.text() if r.random() < 0.5 else "登记错了人 / wrong officer"
        role = g.role(("planner", "admin"))
        if page:
            w.call("POST", f"{F}/absences/{n}/withdraw", role, page=True, data={"reason": reason})
        else:
            w.call("POST", f"{P}/absences/{n}/withdraw", role, json={r.choice(["reason", "comment"]): reason})

    def move(page: bool = False) -> None:
        v = g.visit(lambda v: v["status"] in ("planned", "notified")) or g.visit()
        vid = v["visit_id"] if v and r.random() < 0.9 else g.vid()
        role = g.role(("planner", "admin"))
        s = w.call("GET", f"{P}/visits/{vid}/slots", role)
        slots = s.json().get("slots", []) if s is not None and s.status_code == 200 else []
        day = r.choice(slots)["day"] if slots and r.random() < 0.7 else g.day()
        reason = g.text() if r.random() < 0.4 else "企业要求 / asked"
        if page:
            w.call("POST", f"{F}/visits/{vid}/move", role, page=True, data={"day": day, "reason": reason})
        else:
            w.call("POST", f"{P}/visits/{vid}/move", role, json={"day": day, "reason": reason})

    def decide(page: bool = False) -> None:
        n = g.version()
        dec = r.choice(["approve", "reject"])
        role = g.role(("leader", "leader2"))
        body = {"comment": g.text() if r.random() < 0.5 else "同意 / ok"}
        if page:
            w.call("POST", f"{F}/versions/{n}/{dec}", role, page=True, data=body)
        elif dec == "approve" and r.random() < 0.3:
            w.call("POST", f"{P}/versions/{n}/approve", role)
        else:
            w.call("POST", f"{P}/versions/{n}/{dec}", role, json=body)

    def plan_act() -> None:
        pid = r.choice(w.plans + [w.pid] * 3)
        which = r.randrange(9)
        if which == 0:
            w.call("POST", f"/api/plans/{pid}/publish", g.role(("leader",)))
        elif which == 1:
            w.call("POST", f"/api/plans/{pid}/close-year", g.role(("leader", "admin")), json={"comment": g.text()})
        elif which == 2:
            body: dict[str, Any] = {"note": g.text()}
            if r.random() < 0.7:
                body["policy"] = {r.choice(["freeze_workdays", "min_days_between_visits", "officers_per_agency_on_visit",
                                            "max_visits_per_officer_per_day", "bogus"]): r.choice([0, 1, 2, 5, 30, -1, 1e9])}
            if r.random() < 0.4:
                body["avoid_months"] = r.sample(range(0, 14), r.randint(1, 3))
            if r.random() < 0.3:
                body["avoid_dates"] = [g.day() for _ in range(r.randint(1, 3))]
            if r.random() < 0.3:
                body["tiers"] = {r.choice("ABCDE"): {"sample_ratio": r.choice([0, 0.5, 1, 2]), "visits": r.choice([1, 2, 0, -1])}}
            pl = w.call("POST", f"/api/plans/{pid}/revise", g.role(("planner",)), json=body)
            if pl is not None and pl.status_code in (200, 201, 202):
                from api_helpers import wait_done

                try:
                    wait_done(w.client, pl.json()["id"], w.tok["planner"], timeout=120)
                except AssertionError:
                    w.finding("plan job did not finish", "")
        elif which == 3:
            w.call("POST", f"/api/plans/{pid}/discard", g.role(("planner",)), json={"comment": g.text()})
        elif which == 4:
            w.call("POST", f"/api/plans/{pid}/submit", g.role(("planner",)))
        elif which == 5:
            w.call("POST", f"/api/plans/{pid}/{r.choice(['approve', 'reject'])}", g.role(("leader",)), json={"comment": g.text()})
        elif which == 6:
            w.call("POST", f"/plans/{pid}/{r.choice(['submit', 'approve', 'reject', 'publish', 'close-year', 'discard', 'cancel', 'bogus'])}",
                   r.choice(ROLES), page=True, data={"comment": g.text()})
        elif which == 7:
            w.call("POST", f"/plans/{pid}/revise", g.role(("planner",)), page=True,
                   data={r.choice(["ratio_A", "visits_B", "freeze_workdays", "reserve_capacity_ratio", "avoid_dates", "avoid_months", "note"]):
                         r.choice(["50", "2.5", "-1", "1e400", "nan", "13", g.day(), g.text()]) for _ in range(r.randint(1, 3))})
        else:
            w.call("POST", f"/api/jobs/{pid}/cancel", r.choice(ROLES))

    def time_passes() -> None:
        t = g.today() + dt.timedelta(days=r.choice([1, 1, 2, 3, 7, 14, 30]))
        if t.year == 2027 or r.random() < 0.3:
            os.environ["INSPECTION_TODAY"] = t.isoformat()
            w.log.append(f"-- today = {t}")

    def page_variant(f: Any) -> Any:
        return lambda: f(page=True)

    if FOCUS:  # the in-year changes meeting one another
        return [(3, record), (2, correct), (1, step), (2, status), (1, cancel_page), (1, notices), (2, reads), (5, trigger),
                (1, page_variant(trigger)), (1, close_trigger), (8, leave), (2, page_variant(leave)), (6, withdraw), (2, page_variant(withdraw)),
                (5, move), (1, page_variant(move)), (7, decide), (2, page_variant(decide)), (4, time_passes)]
    return [(8, page_probe), (8, record), (3, page_variant(record)), (4, correct), (2, page_variant(correct)), (4, step), (2, page_variant(step)),
            (3, status), (2, cancel_page), (3, notice), (2, notices), (1, page_variant(notices)), (8, reads), (1, case_review),
            (1, page_variant(case_review)), (6, trigger), (2, page_variant(trigger)), (2, close_trigger), (1, page_variant(close_trigger)),
            (6, leave), (2, page_variant(leave)), (4, withdraw), (2, page_variant(withdraw)), (4, move), (2, page_variant(move)),
            (5, decide), (2, page_variant(decide)), (12 if PLAN_HEAVY else 2, plan_act), (10 if PLAN_HEAVY else 3, time_passes)]


def walk(seed: int, steps: int, root: Path) -> World:
    rnd = random.Random(seed)
    w = World(root)
    g = Gen(w, rnd)
    table = acts(w, g)
    weights = [x for x, _ in table]
    t0 = time.time()
    for i in range(steps):
        _, act = rnd.choices(table, weights)[0]
        w.log.append(f"== step {i}: {getattr(act, '__name__', 'page')}")
        try:
            act()
        except Exception:  # the harness's own trouble (a body it could not read): noted, never hidden
            tb = traceback.format_exc()
            w.finding(f"HARNESS {product_frame(tb)}", tb)
        w.invariants(i)
    print(f"walk seed={seed} steps={steps} {time.time() - t0:.0f}s findings={len(w.findings)}", flush=True)
    return w


# ---- schemathesis with real ids --------------------------------------------------------------------
def schema_run(seed: int, examples: int, root: Path) -> World:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    w = World(root)
    # logout and revoke would end the sessions the run goes on with
    schema = schemathesis.openapi.from_asgi("/openapi.json", w.client.app).exclude(path="/api/auth/logout").exclude(path_regex="revoke")
    rnd = random.Random(seed)
    t0 = time.time()
    # a few acts first, so there are versions, absences, triggers and records to name
    g = Gen(w, rnd)
    table = dict((f.__name__ if hasattr(f, "__name__") else str(i), f) for i, (_, f) in enumerate(acts(w, g)))
    for name in ("record", "leave", "trigger", "record", "leave", "correct", "step"):
        for _ in range(3):
            table[name]()
    w.refresh()

    def real(name: str) -> Any:
        vids = [v["visit_id"] for v in w.visits]
        pools: dict[str, list[Any]] = {
            "plan_id": [w.pid] * 4 + w.plans, "visit_id": vids, "code": [v["code"] for v in w.visits],
            "number": [v["number"] for v in w.year.get("versions", [])] + [a["number"] for a in w.absences] + [1],
            "trigger_id": [t["trigger_id"] for t in w.year.get("open_triggers", [])] + ["T1"],
            "enterprise_id": w.enterprises, "username": ["viewer", "auditor", "nobody"], "bundle_id": [w.bundle_id]}
        return pools.get(name)

    ops = [r.ok() for r in schema.get_all_operations()]
    n = 0
    for op in ops:
        for role in ROLES:
            strat = op.as_strategy()

            @given(case=strat, pick=st.randoms(use_true_random=False))
            @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None,
                      phases=[Phase.explicit, Phase.generate])
            def run(case: Any, pick: random.Random) -> None:
                nonlocal n
                for k in list((case.path_parameters or {}).keys()):
                    pool = real(k)
                    if pool and pick.random() < 0.9:
                        case.path_parameters[k] = pick.choice(pool)
                url = case.formatted_path
                kw: dict[str, Any] = {}
                if case.query:
                    kw["params"] = case.query
                if case.body is not None and not isinstance(case.body, schemathesis.core.NotSet if hasattr(schemathesis, "core") else type(None)):
                    if case.media_type and "json" in case.media_type:
                        kw["json"] = case.body
                    elif case.media_type and "form" in case.media_type:
                        kw["data"] = case.body
                    elif case.media_type and "multipart" in case.media_type:
                        return  # uploads: covered by the upload tests
                n += 1
                if "revise" in url or (url.endswith("/api/plans") and case.method.upper() == "POST"):
                    return  # a solve per example: too heavy here (the walk revises)
                w.call(case.method.upper(), url, role, **kw)  # noqa: B023 - run() is called at once, inside this iteration

            try:
                run()
            except Exception:
                tb = traceback.format_exc()
                w.finding(f"HARNESS-schema {op.method} {op.path} {product_frame(tb)}", tb[-2000:])
        w.invariants(n)
    print(f"schema seed={seed} examples={examples} requests={n} {time.time() - t0:.0f}s findings={len(w.findings)}", flush=True)
    return w


def main() -> None:
    # the defaults shown by --help; main() updates the module's globals from the options
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("walk", "schema"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--examples", type=int, default=8)
    ap.add_argument("--root", default="/tmp/fuzz30-run")
    ap.add_argument("--start", default=START_DAY, help="the service day the plan is approved on and the walk starts from")
    ap.add_argument("--focus", default="", help="a team id (e.g. um-140403): acts on its visits and officers only")
    ap.add_argument("--revised", action="store_true", help="walk the year of v2, published beside an approved v1")
    ap.add_argument("--plan-heavy", action="store_true", help="weigh plan acts (publish, close, revise, discard) and time up")
    a = ap.parse_args()
    globals().update(START_DAY=a.start, PLAN_HEAVY=a.plan_heavy, REVISED=a.revised, FOCUS=a.focus)
    root = Path(a.root) / f"{a.mode}-{a.seed}"
    w = walk(a.seed, a.steps, root) if a.mode == "walk" else schema_run(a.seed, a.examples, root)
    out = Path(f"/tmp/fuzz30-findings-{a.mode}-{a.seed}.txt")
    out.write_text("\n\n".join(f"##### {k}\n{v}" for k, v in w.findings.items()))
    if os.environ.get("FUZZ_STATS"):
        for k in sorted(w.stats):
            print(*k, w.stats[k])
            for m, c in sorted(w.msgs.get(k, {}).items(), key=lambda x: -x[1])[:4]:
                print("      ", c, m)
    print(f"{len(w.findings)} findings -> {out}")


if __name__ == "__main__":
    import logging

    logging.disable(logging.CRITICAL)
    main()
