"""A planned visit's part of the year is not a rule (scheduler.plan.open_windows; bench/diag23).

Of two visits a year, the first goes in the earlier part and the second in the later: a held-out bureau whose
officers' certificates expired in spring lost a tier-D firm's second visit (R-CERT, "no certified officers from May"),
though both fitted before the certificates ran out, 90 days apart (R-GAP)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bundle import load_bundle
from scheduler.plan import Plan, PlanOptions, make_plan
from tests.conftest import EXAMPLE

FIRM = "91140403ACLTXPMBX7"  # the example's gas firm in 140403; gas-140403-01's certificate expires 2027-04-15


def _plan(tmp: Path, grade: str) -> Plan:
    dst = tmp / "bundle"
    shutil.copytree(EXAMPLE, dst)
    g = (dst / "credit_grades.csv").read_text(encoding="utf-8")
    assert f"{FIRM},B," in g
    (dst / "credit_grades.csv").write_text(g.replace(f"{FIRM},B,", f"{FIRM},{grade},"), encoding="utf-8")
    return make_plan(load_bundle(dst), PlanOptions(processes=1))


@pytest.fixture(scope="module")
def tier_d(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    return _plan(tmp_path_factory.mktemp("open"), "D")


def test_both_visits_of_a_tier_d_firm_fit_before_the_certificates_expire(tier_d: Plan) -> None:
    """R-SAMPLE (tier D ×2) with R-CERT and R-GAP: two gas visits, both before 15 April, at least 90 days apart."""
    p = tier_d
    days = sorted(p.bundle.workdays[v.day] for v in p.visits if v.entry.enterprise_id == FIRM and "gas" in v.teams)
    assert len(days) == 2
    assert days[1].isoformat() <= "2027-04-15"
    assert (days[1] - days[0]).days >= p.bundle.policy.min_days_between_repeat_visits
    assert not [k for k in p.unplaced if k.startswith(FIRM)]
    assert sorted(p.opened) == [f"{FIRM}|mandatory|0|onsite|gas", f"{FIRM}|mandatory|1|onsite|gas"]


def test_windows_with_a_day_to_go_on_are_left_as_they_are(tier_d: Plan) -> None:
    """Only the gas visits of that firm changed: every other agency-visit keeps the part of the year it was given."""
    assert all(k.startswith(FIRM) and k.endswith("|gas") for k in tier_d.opened)


def test_a_span_of_one_day_is_not_cut_into_windows_that_end_before_they_begin() -> None:
    """review23: gas officers able to go on one day only, two visits: each window is that day (it was (d, d − 1) for the
    first, whose shortfall then named the whole year)."""
    from bundle import load_bundle
    from scheduler.plan import open_windows, team_pair_days
    from scheduler.requirements import Entry, Requirements
    from scheduler.resources import staff

    b = load_bundle(EXAMPLE)
    days = team_pair_days(b, staff(b))
    one = {t: (d * 0) for t, d in days.items()}
    for t in one:
        if t.startswith("gas-"):
            one[t][3] = 2
    n = len(b.workdays)
    es = [Entry(f"{FIRM}|mandatory|{k}|onsite|gas", FIRM, "140403", "mandatory", "onsite", ("gas",), ("gas-s",), "D",
                (k * n // 3, (k + 2) * n // 3 - 1), k, group=f"{FIRM}|mandatory|{k}") for k in (0, 1)]
    req = Requirements(es, {}, {}, {}, {}, set(), [], {})
    assert sorted(open_windows(b, req, one)) == [e.key for e in es]
    assert [e.window for e in es] == [(3, 3), (3, 3)]
