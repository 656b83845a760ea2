"""bundle.md: a code column accepts the code or its Chinese label (建筑施工, 小型, 严重失信主体名单, 是/否)."""

from __future__ import annotations

from pathlib import Path

from conftest import cell, set_cell

from bundle import BundleInvalid, load_bundle


def test_chinese_labels_load_as_codes(bundle_copy: Path) -> None:
    set_cell(bundle_copy, "enterprises.csv", 2, "sector", "建筑施工")
    set_cell(bundle_copy, "enterprises.csv", 2, "size", "小型")
    set_cell(bundle_copy, "enterprises.csv", 2, "remote_monitoring", "是")
    set_cell(bundle_copy, "credit_records.csv", 2, "kind", "严重失信主体名单")
    set_cell(bundle_copy, "officers.csv", 2, "role", "执法辅助人员")
    set_cell(bundle_copy, "items.csv", 2, "sectors", "建筑施工;gas")
    b = load_bundle(bundle_copy)
    e = b.enterprises.iloc[0]
    assert (e.sector, e["size"], bool(e.remote_monitoring)) == ("construction", "small", True)
    assert b.frames["credit_records"].iloc[0].kind == "serious_dishonest"
    assert b.frames["officers"].iloc[0].role == "auxiliary"
    assert tuple(b.frames["items"].iloc[0].sectors) == ("construction", "gas")


def test_a_label_of_another_column_is_still_refused(bundle_copy: Path) -> None:
    set_cell(bundle_copy, "enterprises.csv", 2, "size", "建筑施工")  # a sector's label in the size column
    assert cell(bundle_copy, "enterprises.csv", 2, "size") == "建筑施工"
    try:
        load_bundle(bundle_copy)
    except BundleInvalid as e:
        assert any(p.file == "enterprises.csv" and p.row == 2 and p.column == "size" for p in e.problems)
    else:
        raise AssertionError("a sector label in the size column was accepted")
