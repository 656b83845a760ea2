"""review14: the notice's 文号 (execution.notice.notice_number, 6fc9f01) for a lead agency agencies.csv does not name."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import read_rows, set_cell

from bundle import load_bundle
from bundle.problems import BundleInvalid


def test_a_lead_agency_missing_from_agencies_csv_never_reaches_a_notice_sound(bundle_copy: Path) -> None:
    """sound: notice_number falls back to the agency's id (walk13's "gas检通〔2027〕…") only for an id agencies.csv does
    not name, and no validated bundle holds one: an item, a team or a trigger naming an unknown agency is refused at
    load (bundle/crosscheck.py), as the year board refuses an inserted trigger's unknown agency (422). Every agency
    name is nonempty (bundle/schema.py), so the 文号 never starts with "检通"."""
    _header, rows = read_rows(bundle_copy / "items.csv")
    assert rows
    set_cell(bundle_copy, "items.csv", 2, "agency_id", "nosuch")
    with pytest.raises(BundleInvalid) as e:
        load_bundle(bundle_copy)
    assert "nosuch" in str(e.value)
