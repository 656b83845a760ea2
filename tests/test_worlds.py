"""Stress worlds (scenarios/worlds.py): each generates, validates, and shows its stress."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from bundle import Bundle, load_bundle
from scenarios.worlds import WORLDS, apply_world


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from scenarios import generate

    return generate("tiny", tmp_path_factory.mktemp("world-base"), seed=11)


def world(base: Path, tmp: Path, name: str) -> Bundle:
    out = tmp / name
    shutil.copytree(base, out)
    return load_bundle(apply_world(name, out, seed=11))


def enforcement(b: Bundle) -> pd.DataFrame:
    return b.officers[b.officers.role == "enforcement"]


def tight_budgets(b: Bundle) -> None:
    budgets = enforcement(b).annual_visit_budget
    assert budgets.notna().all() and budgets.between(8, 40).all() and budgets.nunique() > 5


def in_year_listings(b: Bundle) -> None:
    cr = b.credit_records
    sd = cr[(cr.kind == "serious_dishonest") & (cr.recorded_on.dt.year == b.year)]
    assert len(sd) >= 3
    repaired = cr[(cr.kind == "repair") & cr.enterprise_id.isin(sd.enterprise_id) & (cr.recorded_on.dt.year == b.year)]
    assert len(repaired) >= 1 and (sd.expires_on.dt.year == b.year).any()


def many_urgent(b: Bundle) -> None:
    t = b.triggers[b.triggers.received_on.dt.year == b.year]
    assert t.urgent.sum() >= 2 and len(t) >= 3


def expiring(b: Bundle) -> None:
    e = enforcement(b)
    assert (e.certificate_expires_on.dt.year == b.year).mean() >= 0.2


def long_leaves(b: Bundle) -> None:
    u = b.unavailability
    assert ((u.end_on - u.start_on).dt.days >= 30).sum() >= 3


def test_tight(base: Path, tmp_path: Path) -> None:
    tight_budgets(world(base, tmp_path, "tight"))


def test_scarce(base: Path, tmp_path: Path) -> None:
    b = world(base, tmp_path, "scarce")
    before = enforcement(load_bundle(base)).groupby("team_id").size()
    per_team = enforcement(b).groupby("team_id").size()
    hit = {t for t in before.index if per_team.get(t, 0) < before[t]}
    agencies = {b.teams.set_index("team_id").agency_id[t] for t in hit}
    assert len(agencies) == 1  # one agency, every team of it down to one certified pair
    assert all(per_team.get(t, 0) == 2 for t in b.teams.team_id[b.teams.agency_id.isin(agencies)])


def test_city_unequal(base: Path, tmp_path: Path) -> None:
    b = world(base, tmp_path, "city-unequal")
    before = load_bundle(base)
    city = set(b.teams.team_id[b.teams.district_code.str.endswith("00")])
    e = enforcement(b)
    on_city = e[e.team_id.isin(city)]
    assert set(on_city.annual_visit_budget) == {30, 12}
    assert len(on_city) > len(enforcement(before)[enforcement(before).team_id.isin(city)])


def test_in_year_dishonest(base: Path, tmp_path: Path) -> None:
    in_year_listings(world(base, tmp_path, "in-year-dishonest"))


def test_urgent(base: Path, tmp_path: Path) -> None:
    many_urgent(world(base, tmp_path, "urgent"))


def test_cert_expiry(base: Path, tmp_path: Path) -> None:
    expiring(world(base, tmp_path, "cert-expiry"))


def test_leave(base: Path, tmp_path: Path) -> None:
    long_leaves(world(base, tmp_path, "leave"))


def test_mixed(base: Path, tmp_path: Path) -> None:
    b = world(base, tmp_path, "mixed")
    for stress in (tight_budgets, in_year_listings, many_urgent, expiring, long_leaves):
        stress(b)


def test_every_world_is_tested() -> None:
    assert set(WORLDS) == {"tight", "scarce", "city-unequal", "in-year-dishonest", "urgent", "cert-expiry", "leave", "mixed"}


def test_cli_world_same_seed_same_files(tmp_path: Path) -> None:
    from inspection.cli import app

    runner = CliRunner()
    for out in ("a", "b"):
        r = runner.invoke(app, ["scenario", "--preset", "tiny", "--world", "mixed", "--seed", "5", "--out", str(tmp_path / out)])
        assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (tmp_path / "a" / "bundle").iterdir())
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "a" / "bundle", tmp_path / "b" / "bundle", names, shallow=False)
    assert mismatch == errors == []
    tight_budgets(load_bundle(tmp_path / "a" / "bundle"))
    r = runner.invoke(app, ["scenario", "--preset", "tiny", "--world", "nowhere", "--out", str(tmp_path / "c")])
    assert r.exit_code == 2 and "nowhere" in r.output
