"""The annual plan end to end: valid by the checker, byte-identical on a re-run, every
break caught, the lottery redrawable by anyone, `why` answering from the folder."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from bundle import load_bundle
from checker import check_plan
from inspection.cli import app
from scenarios import generate
from scheduler.lottery import draw_ranks, places
from scheduler.output import write_plan
from scheduler.plan import PlanOptions, make_plan


@pytest.fixture(scope="module")
def tiny_plan(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("tiny-plan")
    b = load_bundle(tiny_dir / "bundle")
    write_plan(make_plan(b, PlanOptions(processes=2)), out)
    return tiny_dir / "bundle", out


def test_places_and_ranks() -> None:
    assert places(0.2, 1500) == 300 and places(0.03, 100) == 3 and places(0.6, 1) == 1
    r = draw_ranks("s", "B", [("a", 0.5), ("b", 0.01), ("c", 0.9)], 0.05)
    assert sorted(r.values()) == [1, 2, 3]
    assert draw_ranks("s", "B", [("a", 0.5), ("b", 0.01), ("c", 0.9)], 0.05) == r
    assert draw_ranks("other", "B", [(f"e{i}", 0.3) for i in range(50)]) != draw_ranks("s", "B", [(f"e{i}", 0.3) for i in range(50)])


def test_tiny_plan_is_valid(tiny_plan: tuple[Path, Path]) -> None:
    bundle, plan = tiny_plan
    assert check_plan(load_bundle(bundle), plan) == []
    v = pd.read_csv(plan / "visits.csv", dtype=str, keep_default_na=False)
    s = pd.read_csv(plan / "selection.csv", dtype=str, keep_default_na=False)
    meta = json.loads((plan / "plan.json").read_text())
    assert len(v) > 20 and set(v.basis) >= {"mandatory", "sampled"}
    assert set(s.basis) <= {"mandatory", "sampled", "triggered", "follow_up", "not_drawn", "capacity", "exempt"}
    assert {"status", "objective", "best_bound", "wall_seconds", "workers"} <= set(meta["solver"])
    assert meta["policy"]["min_lottery_weight"] == 0.05 and meta["input_sha256"] == load_bundle(bundle).input_sha256
    assert sum(meta["counts"]["mode"].values()) == len(v)
    # R-TIER: how many published scores the imposed tiers' bands moved (risk.tiers.keep_in_band), for the leader
    moved = meta["risk_model"]["held_to_band"]
    assert set(moved) == {"raised", "lowered"} and all(isinstance(n, int) and 0 <= n <= len(s) for n in moved.values())


def test_same_bundle_same_plan_bytes(tiny_dir: Path, tiny_plan: tuple[Path, Path], tmp_path: Path) -> None:
    b = load_bundle(tiny_dir / "bundle")
    write_plan(make_plan(b, PlanOptions(processes=1)), tmp_path)
    for name in ("visits.csv", "selection.csv", "scores.csv"):
        assert (tmp_path / name).read_bytes() == (tiny_plan[1] / name).read_bytes(), name


def test_scores_csv_says_where_each_tier_came_from(tiny_plan: tuple[Path, Path]) -> None:
    """scores.csv beside selection.csv (R-TIER): each enterprise's tier source and the model's own score. The published
    risk_score is the model's own where the model cut the tier, and where the records impose it, unless the model's
    score lay outside the tier's band (0.2 / 0.3 / 0.4 here): then it sits within 0.001 of the band's nearer end, in the
    model's order (bench/prereg16.md)."""
    from scheduler.why import PlanFolder, render

    _, plan = tiny_plan
    sel = pd.read_csv(plan / "selection.csv", dtype=str, keep_default_na=False)
    sc = pd.read_csv(plan / "scores.csv", dtype=str, keep_default_na=False)
    assert list(sc.columns) == ["enterprise_id", "tier_source", "model_score"] and list(sc.enterprise_id) == list(sel.enterprise_id)
    assert set(sc.tier_source) <= {"dishonest", "grade", "model", "fallback"} and {"grade", "model"} <= set(sc.tier_source)
    band = {"A": (0.0, 0.199999), "B": (0.2, 0.299999), "C": (0.3, 0.399999), "D": (0.4, 1.0)}
    published, own = sel.risk_score.astype(float), sc.model_score.astype(float)
    imposed = sc.tier_source.isin(["dishonest", "grade"])
    assert (published[~imposed] == own[~imposed]).all()
    for t, (lo, hi) in band.items():
        m = imposed & (sel.tier == t)
        inside, below, above = m & own.between(lo, hi), m & (own < lo), m & (own > hi)
        assert (published[inside] == own[inside]).all(), t
        assert (published[below] == (lo + 0.001 * own[below] / lo).round(6)).all(), t
        assert (published[above] == (hi - 0.001 + 0.001 * (own[above] - hi) / (1 - hi)).round(6)).all(), t
    moved = sel.enterprise_id[published != own]
    assert len(moved), "the tiny bundle has a graded firm outside its band"
    folder = PlanFolder(plan)
    w = folder.why(moved.iloc[0])
    assert w is not None and w["tier_source"] in ("dishonest", "grade") and w["model_score"] != w["risk_score"]
    source = {"grade": "（信用风险分类结果 official credit grade）", "dishonest": "（严重失信名单 serious-dishonesty list）"}[w["tier_source"]]
    assert "（模型评分 model score " in render(w) and source in render(w)
    same = folder.why(sel.enterprise_id[published == own].iloc[0])
    assert same is not None and same["model_score"] == same["risk_score"] and "模型评分 model score" not in render(same)


def test_anyone_can_redraw_the_lottery(tiny_plan: tuple[Path, Path]) -> None:
    _, plan = tiny_plan
    r = subprocess.run([sys.executable, str(ROOT / "docs" / "redraw.py"), str(plan / "selection.csv"), str(plan / "plan.json")],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ranks match" in r.stdout


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8") as f:
        rd = csv.DictReader(f)
        return list(rd.fieldnames or []), list(rd)


def _save(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _break(plan: Path, tmp: Path, how) -> Path:  # type: ignore[no-untyped-def]
    broken = tmp / "broken"
    shutil.copytree(plan, broken)
    how(broken)
    return broken


def _edit_visits(fn):  # type: ignore[no-untyped-def]
    def how(p: Path) -> None:
        header, rows = _rows(p / "visits.csv")
        fn(rows)
        _save(p / "visits.csv", header, rows)
    return how


def _first(rows: list[dict[str, str]], **kw: str) -> dict[str, str]:
    return next(r for r in rows if all(r[k] == v for k, v in kw.items()))


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("sunday", "R-WORKDAY"), ("away", "R-AVAIL"), ("recused", "R-RECUSE"), ("one_officer", "R-PAIR"),
        ("wrong_team", "R-TEAM"), ("split_joint", "R-JOINT"), ("too_close", "R-GAP"), ("drop_trigger", "R-TRIGGER"),
        ("rank", "R-SAMPLE"), ("tier", "R-TIER"), ("remote_onsite", "R-REMOTE"), ("item", "R-ITEM"), ("day_cap", "R-AVAIL"),
    ],
)
def test_checker_catches(tiny_plan: tuple[Path, Path], tmp_path: Path, name: str, rule: str) -> None:
    bundle_dir, plan = tiny_plan
    b = load_bundle(bundle_dir)
    off = b.officers
    away = b.unavailability.iloc[0]

    def sunday(rows):  # type: ignore[no-untyped-def]
        rows[0]["date"] = "2027-01-03"

    def away_(rows):  # type: ignore[no-untyped-def]
        r = _first(rows, mode="onsite")
        r["date"] = str(away.start_on.date())
        team = off.set_index("officer_id").team_id[away.officer_id]
        agency = b.teams.set_index("team_id").agency_id[team]
        r["agency_ids"], r["lead_agency_id"] = agency, agency
        r["officer_ids"] = f"{away.officer_id};" + ";".join(o for o in off.officer_id[off.team_id == team] if o != away.officer_id)
        r["item_ids"] = ";".join(b.items.item_id[b.items.agency_id == agency])

    def recused(rows):  # type: ignore[no-untyped-def]
        rec = b.recusals.iloc[0]
        r = _first(rows, mode="onsite")
        r["enterprise_id"] = rec.enterprise_id
        r["officer_ids"] += ";" + rec.officer_id

    def one_officer(rows):  # type: ignore[no-untyped-def]
        r = _first(rows, mode="onsite")
        r["officer_ids"] = r["officer_ids"].split(";")[0]

    def wrong_team(rows):  # type: ignore[no-untyped-def]
        r = _first(rows, mode="onsite")
        other = b.teams[(b.teams.district_code != r["district_code"]) & ~b.teams.district_code.str.endswith("00")].iloc[0]
        r["officer_ids"] += ";" + off.officer_id[(off.team_id == other.team_id) & (off.role == "enforcement")].iloc[0]

    def split_joint(rows):  # type: ignore[no-untyped-def]
        r = _first(rows, mode="onsite")
        rows.append(dict(r, visit_id="VX", basis="triggered"))

    def too_close(rows):  # type: ignore[no-untyped-def]
        ent = pd.DataFrame(rows)
        two = ent[(ent.basis == "mandatory") & (ent["mode"] == "onsite")].groupby("enterprise_id").filter(lambda g: len(g) == 2)
        eid = two.enterprise_id.iloc[0]
        mine = [r for r in rows if r["enterprise_id"] == eid and r["basis"] == "mandatory"]
        mine[1]["date"] = mine[0]["date"][:8] + ("28" if mine[0]["date"][8:] < "20" else "05")

    def drop_trigger(rows):  # type: ignore[no-untyped-def]
        rows[:] = [r for r in rows if r["basis"] != "triggered"]

    def rank(p: Path) -> None:
        header, rows = _rows(p / "selection.csv")
        r = next(r for r in rows if r["draw_rank"] == "1")
        r["draw_rank"] = "2"
        _save(p / "selection.csv", header, rows)

    def tier(p: Path) -> None:
        header, rows = _rows(p / "selection.csv")
        graded = set(b.credit_grades.enterprise_id)
        r = next(r for r in rows if r["enterprise_id"] in graded)
        r["tier"] = "A" if r["tier"] != "A" else "B"
        _save(p / "selection.csv", header, rows)

    def remote_onsite(rows):  # type: ignore[no-untyped-def]
        r = _first(rows, mode="remote")
        r["mode"] = "onsite"

    def item(rows):  # type: ignore[no-untyped-def]
        r = _first(rows, mode="onsite")
        foreign = b.items[~b.items.agency_id.isin(r["agency_ids"].split(";"))].item_id.iloc[0]
        r["item_ids"] += ";" + foreign

    def day_cap(rows):  # type: ignore[no-untyped-def]
        base = _first(rows, mode="onsite", basis="mandatory")
        for i in range(12):
            rows.append(dict(base, visit_id=f"VC{i}", enterprise_id=rows[i]["enterprise_id"], district_code=rows[i]["district_code"]))

    visits_breaks = {"sunday": sunday, "away": away_, "recused": recused, "one_officer": one_officer, "wrong_team": wrong_team,
                     "split_joint": split_joint, "too_close": too_close, "drop_trigger": drop_trigger,
                     "remote_onsite": remote_onsite, "item": item, "day_cap": day_cap}
    how = _edit_visits(visits_breaks[name]) if name in visits_breaks else {"rank": rank, "tier": tier}[name]
    found = check_plan(b, _break(plan, tmp_path, how))
    assert any(v.rule == rule for v in found), [str(v) for v in found][:10]
    r = CliRunner().invoke(app, ["check", str(bundle_dir), str(tmp_path / "broken")])
    assert r.exit_code == 1


def test_cli_plan_check_why(demo_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["plan", str(demo_dir / "bundle"), "--out", str(tmp_path / "p")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["check", str(demo_dir / "bundle"), str(tmp_path / "p")])
    assert r.exit_code == 0, r.output[:2000]
    v = pd.read_csv(tmp_path / "p" / "visits.csv", dtype=str, keep_default_na=False)
    joint = v[v.agency_ids.str.contains(";")].enterprise_id.iloc[0]
    r = runner.invoke(app, ["why", joint, "--plan", str(tmp_path / "p")])
    assert r.exit_code == 0 and "R-JOINT" in r.output and "联合检查" in r.output and "R-TEAM" in r.output
    s = pd.read_csv(tmp_path / "p" / "selection.csv", dtype=str, keep_default_na=False)
    nd = s[s.basis == "not_drawn"].enterprise_id.iloc[0]
    r = runner.invoke(app, ["why", nd, "--plan", str(tmp_path / "p"), "--json"])
    w = json.loads(r.output)
    assert w["selected"] is False and w["draw_rank"] > 0 and "not drawn: rank" in w["reason_en"].lower()
    # its factors with their effects in words, as the API gives them (R-EXPLAIN), and printed without --json
    assert w["risk_factors"] and all(f["effect_zh"].startswith("不计此项为") and f["effect_en"].endswith(" without it") for f in w["risk_factors"])
    text = runner.invoke(app, ["why", nd, "--plan", str(tmp_path / "p")]).output
    assert "风险因素 risk factors" in text and f"（{w['risk_factors'][0]['effect_zh']}）" in text
    for f in w["risk_factors"]:  # each marked with the way it pushes
        mark = "↑ 提高 raising" if f["contribution"] > 0 else "↓ 降低 lowering"
        assert f"{mark}: {f['zh']}（{f['effect_zh']}）" in text, (mark, f)
    second = v[(v.basis == "mandatory")].groupby("enterprise_id").size()
    d_two = second[second == 2].index[0]
    assert "R-GAP" in runner.invoke(app, ["why", d_two, "--plan", str(tmp_path / "p")]).output
    assert runner.invoke(app, ["why", "91000000000000000X", "--plan", str(tmp_path / "p")]).exit_code == 2


def test_tight_capacity_names_shortfalls(tmp_path: Path) -> None:
    """hb's officers get 3 visits a year each: mandatory hb visits go unmet; the shortfall names the team, how many
    officers, the month their budgets ran out and the officer-visits needed and available (Chinese first)."""
    bdir = generate("tiny", tmp_path / "t", seed=5)
    header, rows = _rows(bdir / "officers.csv")
    for r in rows:
        if r["team_id"].startswith("hb-"):
            r["annual_visit_budget"] = "3"
    _save(bdir / "officers.csv", header, rows)
    b = load_bundle(bdir)
    plan = make_plan(b, PlanOptions(processes=1, time_limit=1.0))
    write_plan(plan, tmp_path / "p")
    meta = json.loads((tmp_path / "p" / "plan.json").read_text())
    hb = [s for s in meta["shortfalls"] if s.get("agency") == "hb" and s["kind"] == "mandatory"]
    assert hb, "3 visits a year per hb officer cannot cover every tier-D hb visit"
    s0 = hb[0]
    assert s0["rule"] == "R-AVAIL"
    assert re.search(r"hb-\d+.*：\d+名持证执法人员的年度检查额度已于\d+月用尽（需\d+人次，可用\d+）", s0["binding_zh"]), s0
    assert "annual visit budgets" in s0["binding"]
    assert check_plan(b, tmp_path / "p") == []
    cov = meta["bound"]["coverage"]
    assert cov["trigger_follow_up"]["placed"] == cov["trigger_follow_up"]["bound"]  # every trigger the bound allows
    assert cov["mandatory"]["placed"] <= cov["mandatory"]["bound"] < cov["mandatory"]["owed"]  # a bound, and it binds
    assert cov["mandatory"]["share_of_bound"] >= 0.98
    assert meta["solver"]["placement_loss"] == 0
    s = pd.read_csv(tmp_path / "p" / "selection.csv", dtype=str, keep_default_na=False)
    assert (s[s.basis == "capacity"].reason_zh != "").all()
    # reason_zh is Chinese: no English words ("agency hb: no working day …", "team …: every officer's budget …") —
    # rule ids, agency and team codes only
    assert not s.reason_zh.str.contains(r"[a-z]{4,}").any(), s.reason_zh[s.reason_zh.str.contains(r"[a-z]{4,}")].head(3).tolist()
    # plan.md: a selected enterprise has its visits' basis, never `capacity` (a D firm whose mandatory visits were
    # unmet but whose follow-up or complaint visit was placed); its reason still says what was not placed
    assert not ((s.selected == "true") & s.basis.isin(["capacity", "not_drawn", "exempt"])).any()
    unmet = {str(x["id"]) for x in hb}
    assert s[s.enterprise_id.isin(unmet) & (s.basis == "capacity")].reason_zh.str.contains("D级应检，但未能安排：hb的检查（R-AVAIL）").all()


def test_impossible_requirement_found_before_solving(tmp_path: Path) -> None:
    """Every officer of the teams that may inspect a tier-D enterprise for um is recused: named before solving, the rest planned."""
    bdir = generate("tiny", tmp_path / "t", seed=5)
    b = load_bundle(bdir)
    plan0 = make_plan(b, PlanOptions(processes=1, use_solver=False))
    target = next(p.entry for p in plan0.placed if p.entry.basis == "mandatory" and p.entry.agencies == ("um",))
    header, rows = _rows(bdir / "recusals.csv")
    _, officers = _rows(bdir / "officers.csv")
    district = target.district
    for o in officers:
        if o["team_id"] in (f"um-{district}", f"um-{district[:4]}00"):
            rows.append({"officer_id": o["officer_id"], "enterprise_id": target.enterprise_id, "reason": "test"})
    _save(bdir / "recusals.csv", header, rows)
    b = load_bundle(bdir)
    plan = make_plan(b, PlanOptions(processes=1, time_limit=1.0))
    write_plan(plan, tmp_path / "p")
    meta = json.loads((tmp_path / "p" / "plan.json").read_text())
    named = [s for s in meta["shortfalls"] if s["id"] == target.enterprise_id and s.get("agency") == "um"]
    assert named and named[0]["rule"] == "R-RECUSE" and named[0]["found"] == "before solving" and "回避" in named[0]["binding_zh"]
    assert check_plan(b, tmp_path / "p") == []
    # the rest is planned: all but a few of the visits planned without the recusals (not a fixed count,
    # which moves with the risk model's tiers)
    assert len(plan.placed) >= 0.9 * len(plan0.placed)


def _key(seed: str, visit_id: str, officer_id: str) -> bytes:
    return hmac.new(seed.encode("utf-8"), f"officer|{visit_id}|{officer_id}".encode(), hashlib.sha256).digest()


def test_anyone_can_redraw_the_officers(tiny_plan: tuple[Path, Path]) -> None:
    """R-OFFICER-DRAW redrawn with the standard library alone (csv, json, hmac, hashlib) from the register, visits.csv and
    officer_draw.json: who was eligible, in which order, who was taken; the skipped are listed."""
    assert redraw_officers(*tiny_plan) > 50


def redraw_officers(bundle: Path, plan: Path) -> int:
    """Redraw every on-site visit's officers as an auditor would (test_anyone_can_redraw_the_officers); the number of
    agency-visits redrawn. A city team's visit is drawn in the share of the district holding its day (`days`), which
    is the visit's own district except for a guest (scheduler/guests.py), drawn with its host's seats."""
    meta = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    draw = json.loads((plan / "officer_draw.json").read_text(encoding="utf-8"))
    seed, pol = meta["seed"], meta["policy"]
    with (bundle / "officers.csv").open(encoding="utf-8-sig") as f:
        officers = list(csv.DictReader(f))
    with (bundle / "unavailability.csv").open(encoding="utf-8-sig") as f:
        away = list(csv.DictReader(f))
    with (bundle / "recusals.csv").open(encoding="utf-8-sig") as f:
        recused = {(r["officer_id"], r["enterprise_id"]) for r in csv.DictReader(f)}
    with (plan / "visits.csv").open(encoding="utf-8") as f:
        visits = sorted(csv.DictReader(f), key=lambda r: (r["date"], r["visit_id"]))
    team_of = {o["officer_id"]: o["team_id"] for o in officers if o["role"] == "enforcement"}
    cert = {o["officer_id"]: o["certificate_expires_on"] for o in officers}
    budget = {o["officer_id"]: int(o["annual_visit_budget"] or pol["max_visits_per_officer_per_year"]) for o in officers}
    per_day = pol["max_visits_per_officer_per_day"]
    day_used: dict[tuple[str, str], int] = {}
    year_used: dict[tuple[str, str], int] = {}  # (officer, district for a city team's share, else "")
    checked = 0
    for v in visits:
        if v["mode"] != "onsite":
            continue
        for rec in draw["visits"][v["visit_id"]].values():
            team = rec["team"]
            # a city-level team is one whose days are shared among districts (review24: not one whose id ends in 00)
            held = [(d, sh) for d, sh in draw["city_team_days"].get(team, {}).items() if v["date"] in sh["days"]]
            scope, city = held[0] if held else ("", None)

            def may_go(o: str, v: dict[str, str] = v, city: dict | None = city, scope: str = scope) -> bool:  # type: ignore[type-arg]
                if cert[o] < v["date"] or (o, v["enterprise_id"]) in recused:
                    return False
                if any(a["officer_id"] == o and a["start_on"] <= v["date"] <= a["end_on"] for a in away):
                    return False
                if city is not None and v["date"] not in city["days"]:
                    return False
                cap = city["budgets"][o] if city is not None else budget[o]
                return day_used.get((o, v["date"]), 0) < per_day and year_used.get((o, scope), 0) < cap

            eligible = sorted((o for o, t in team_of.items() if t == team and may_go(o)), key=lambda o: _key(seed, v["visit_id"], o))
            assert rec["considered"] == eligible[: len(rec["considered"])], v["visit_id"]
            expected = [o for o in rec["considered"] if o not in rec["skipped"]]
            assert rec["taken"] == expected and len(expected) == pol["officers_per_agency_on_visit"], v["visit_id"]
            assert set(rec["taken"]) <= set(v["officer_ids"].split(";"))
            for o in rec["taken"]:
                day_used[(o, v["date"])] = day_used.get((o, v["date"]), 0) + 1
                year_used[(o, scope)] = year_used.get((o, scope), 0) + 1
            checked += 1
    return checked


def test_scheduler_takes_the_scorers_tier(tiny_dir: Path, tmp_path: Path) -> None:
    """R-TIER is read from the records by risk/ (score_bundle); the scheduler never recomputes it: a tier D given by the
    scorer (e.g. for a serious_dishonest record dated inside the plan year) is D in selection.csv and fully inspected."""
    from risk import score_bundle

    b = load_bundle(tiny_dir / "bundle")
    scores = score_bundle(b)
    f = scores.frame
    eid = next(e for e, t in zip(f.enterprise_id, f.tier, strict=True) if t == "C")
    f.loc[f.enterprise_id == eid, "tier"] = "D"
    plan = make_plan(b, PlanOptions(processes=1, use_solver=False), scores=scores)
    write_plan(plan, tmp_path)
    s = pd.read_csv(tmp_path / "selection.csv", dtype=str, keep_default_na=False).set_index("enterprise_id")
    assert (s.tier == f.set_index("enterprise_id").tier.reindex(s.index)).all()
    assert s.loc[eid, "tier"] == "D" and s.loc[eid, "basis"] in ("mandatory", "exempt")
    v = pd.read_csv(tmp_path / "visits.csv", dtype=str, keep_default_na=False)
    assert s.loc[eid, "basis"] == "exempt" or (v[v.enterprise_id == eid].basis == "mandatory").any()


def test_why_prints_the_published_score_without_crossing_a_threshold() -> None:
    """A graded-C firm held just under tier D's floor (R-TIER) reads 39.9999%, never "40.0%" (tier D's floor)."""
    from scheduler.why import render

    w = {"enterprise_id": "E1", "tier": "C", "risk_score": 0.399999, "selected": False, "basis": "not_drawn",
         "draw_rank": None, "places": None, "reason_zh": "", "reason_en": "", "risk_factors": [], "visits": [], "shortfalls": []}
    assert "风险评分 risk score 39.9999% ·" in render(w)  # type: ignore[arg-type]
    assert "风险评分 risk score 20% ·" in render({**w, "risk_score": 0.2})  # type: ignore[arg-type]
    # a drawn firm: its rank and its tier's places read apart, not as a fraction ("16 / 2")
    drawn = render({**w, "draw_rank": 16, "places": 2})  # type: ignore[arg-type]
    assert "抽签序号 draw rank 16（C级名额2个 tier C has 2 places）" in drawn and "16 / 2" not in drawn


def test_factor_effect_reads_as_the_score_without_the_factor_and_points_as_points() -> None:
    """R-EXPLAIN: a model factor's log-odds contribution c is said as the model score without it, logistic(logit(p) − c)
    (not "违法几率×e^c", read by a leader as a chance multiplied); under the fallback it is points; a folder from before
    scores.csv (no model score) gets the odds ratio, named as such and never "1.00"."""
    from scheduler.why import factor_effect, factor_note

    # odds 1:3 (25%) doubled by the factor: 2:3 is 40%; without it 25%
    assert factor_effect(math.log(2), "model", 0.4) == ("不计此项为25%", "25% without it")
    assert factor_effect(-math.log(2), "model", 0.2) == ("不计此项为33%", "33% without it")  # 1:4 halved from 1:2
    assert factor_effect(0.0051, "model", 0.02)[1] == "1.99% without it"  # decimals until it reads apart from 2%
    assert factor_effect(5.0, "fallback", 0.3) == ("+5分", "+5 points") and factor_effect(-2.5, "fallback")[1] == "-2.5 points"
    assert factor_effect(math.log(2), None) == ("比值比2.00", "odds ratio 2.00")
    assert factor_effect(-0.005, "model")[1] == "odds ratio 0.995"  # 0.995… is not "1.00"
    assert "1分即评分的1个百分点" in factor_note("fallback", 0.3)[0] and "29.0697%" in factor_note("model", 0.290697)[1]
    assert "odds ratio" in factor_note("model", None)[1]


def test_why_under_the_fallback_names_the_points_score_never_a_model(tmp_path: Path) -> None:
    """The spec's example bundle has too few labelled inspections: no model is fitted, so the score an imposed tier
    held in its band is the points score (R-TIER), and `inspection why` says so (the reason already did)."""
    from conftest import EXAMPLE

    from scheduler.why import PlanFolder, render

    write_plan(make_plan(load_bundle(EXAMPLE), PlanOptions(processes=1, use_solver=False)), tmp_path)
    folder = PlanFolder(tmp_path)
    sc = folder.scores
    moved = [e for e in sc.index if float(sc.loc[e, "model_score"]) != float(folder.selection.loc[e, "risk_score"])]
    w = folder.why(moved[0])
    assert w is not None and w["score_method"] == "fallback" and w["tier_source"] in ("grade", "dishonest")
    assert "（计分法评分 points score " in render(w) and "模型" not in render(w) and "model score" not in render(w)
    # a hand-edited scores.csv: the answer goes on without the unreadable number
    sc.loc[moved[0], "model_score"] = "x"
    w = folder.why(moved[0])
    assert w is not None and w["model_score"] is None and "计分法评分 points score" not in render(w)
    # a folder written before scores.csv: no source, no own score; the factors' effect falls back to the odds ratio
    (tmp_path / "scores.csv").unlink()
    w = PlanFolder(tmp_path).why(moved[0])
    assert w is not None and (w["tier_source"], w["model_score"]) == (None, None) and "计分法评分 points score" not in render(w)
    # a scores.csv that is not ours — a column missing, an id twice, not CSV at all — is read as none, never a traceback
    for text in ("enterprise_id,model_score\n" + f"{moved[0]},0.5\n", f"enterprise_id,tier_source,model_score\n{moved[0]},grade,0.5\n{moved[0]},model,0.4\n",
                 '"unclosed\n', ""):
        (tmp_path / "scores.csv").write_text(text, encoding="utf-8")
        w = PlanFolder(tmp_path).why(moved[0])
        assert w is not None and (w["tier_source"], w["model_score"]) == (None, None), text
