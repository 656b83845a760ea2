"""R-PRIORITY's guests pass spends exact staffing checks per city team (scheduler.guests.GUEST_FLOWS_TEAM): one team's
hopeless visits may not take the checks another team's visit needs. foreign35 b4: the unmet visits of hb-140100 and
um-140100 (863) took all 6,000 of the pass's checks and placed one; ry-140100's, each placed at its first check, were
reached 9 times.

tests/test_guests.py's bureau: a complaint of one district goes as a guest on the city team hb-140400's day held by
the other district, at the cost of one check."""

from __future__ import annotations

from pathlib import Path

import pytest

from bundle import load_bundle
from scheduler import guests, plan
from tests.test_guests import _bundle


def _guests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    # give_way, after the pass, asks place_guests again with a few checks of its own per try: not what is tested here
    monkeypatch.setattr(plan, "give_way", lambda *args, **kwargs: {})
    return plan.make_plan(load_bundle(_bundle(tmp_path)), plan.PlanOptions(processes=1)).guests


def test_the_guest_is_placed_within_its_teams_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(_guests(tmp_path, monkeypatch)) == 1


def test_a_team_whose_checks_are_spent_places_no_guest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guests, "GUEST_FLOWS_TEAM", 0)  # the pass's total (6,000) is untouched: the team's share binds
    assert _guests(tmp_path, monkeypatch) == {}
