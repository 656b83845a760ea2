"""A complaint whose only day already holds its enterprise's visit for another complaint (R-JOINT, R-TRIGGER; R-EXPLAIN).

plan.md gives a visit row one trigger_id and an enterprise one on-site row a day, so of two complaints about one firm
both due on the year's first working day only one can have its row. The other is a shortfall; held-out bureaus showed
it named "R-AVAIL: its 1 working days … are full (1 visits booked, 2 possible)" — neither full nor the reason."""

from __future__ import annotations

import shutil

import pytest

from bundle import load_bundle
from scheduler.plan import Plan, PlanOptions, make_plan
from scheduler.reasons import shortfalls
from tests.conftest import EXAMPLE

FIRM = "91140404C6K5774Q6B"  # the example's construction firm in 140404 (hb's items cover it)


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    dst = tmp_path_factory.mktemp("joint") / "bundle"
    shutil.copytree(EXAMPLE, dst)
    rows = ["trigger_id,enterprise_id,agency_id,received_on,kind,urgent",
            f"J1,{FIRM},hb,2026-12-18,complaint,false", f"J2,{FIRM},hb,2026-12-18,referral,false",
            "J3,91140404MMKUKMNE41,hb,2026-12-18,complaint,false"]
    (dst / "triggers.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return make_plan(load_bundle(dst), PlanOptions(processes=1))


def test_the_second_complaint_about_one_firm_on_its_only_day_names_the_first(twice: Plan) -> None:
    """One of J1, J2 is visited on 4 January; the other's shortfall says R-JOINT and names it, in both languages."""
    placed = {v.entry.trigger_id: v.day for v in twice.visits if v.entry.basis == "triggered"}
    assert placed.get("J3") == 0
    (done,) = [t for t in ("J1", "J2") if t in placed]
    other = "J2" if done == "J1" else "J1"
    assert placed[done] == 0
    (s,) = [s for s in shortfalls(twice) if s.get("id") == other]
    assert s["rule"] == "R-JOINT" and s["agency"] == "hb"
    assert f"trigger {done}" in str(s["binding"]) and done in str(s["binding_zh"])
    assert "2027-01-04" in str(s["binding"]) and "full" not in str(s["binding"])


def test_a_complaint_with_a_day_of_its_own_is_not_told_it_shares_one(twice: Plan) -> None:
    """J3 (another firm) is visited: no shortfall names it, and no R-JOINT shortfall but the one."""
    assert not [s for s in shortfalls(twice) if s.get("id") == "J3"]
    assert sum(1 for s in shortfalls(twice) if s.get("rule") == "R-JOINT") == 1
