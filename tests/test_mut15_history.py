"""R-LEARN on a hand-made year (execution/history.py): records written out here, the example bundle's own history, no solve."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from execution import Year
from execution.history import (
    FINDING_COLUMNS,
    INSPECTION_COLUMNS,
    export_history,
    finding_rows,
    history_rows,
    next_bundle,
    past_rows,
    standin_calendar,
    year_rows,
    )
from execution.year import Record, Trigger
from tests.conftest import EXAMPLE
from tests.test_mut15_replan import E1, E403, example, tiny, visit

JOINT = ("hb-140403-03", "hb-140403-04", "um-140403-00", "um-140403-01")
DAY = dt.date(2027, 6, 15)


def _rec(vid: str, day: dt.date, officers: tuple[str, ...], outcomes: dict[str, str], rectify_by: dt.date | None = None) -> Record:
    return Record(vid, day, officers, outcomes, rectify_by, "", "planner")


def _year() -> Year:
    """Z: a joint hb+um visit with findings of both; A: an hb visit all compliant; M: a joint visit whose um part found
    nothing recorded (um first, so a `break` for the `continue` would lose hb's row); N: planned, no record."""
    z = visit("Z", DAY, E403, JOINT, agencies=("hb", "um"))
    a = visit("A", dt.date(2027, 3, 2), E1, ("hb-140404-00", "hb-140404-01"))
    m = visit("M", dt.date(2027, 4, 6), "91140403L6E8HCTQ0C", ("um-140403-02", "um-140403-03", "hb-140403-03", "hb-140403-04"),
              agencies=("um", "hb"))
    n = visit("N", dt.date(2027, 9, 1), "91140404TRCCDTBH11", ("hb-140404-00", "hb-140404-03"))
    y = tiny(z, a, m, n)
    # the record's officers and day are what count, not the plan's (one officer of um came in another's place)
    y.records["Z"] = _rec("Z", DAY + dt.timedelta(days=1), ("hb-140403-04", "hb-140403-03", "um-140403-01", "um-140403-02"),
                          {"hb-q": "violation", "hb-m": "serious", "um-s": "minor", "um-m": "compliant"}, dt.date(2027, 8, 31))
    y.records["M"] = _rec("M", m.date, m.officer_ids, {"hb-m": "minor"}, dt.date(2027, 5, 6))
    y.records["A"] = _rec("A", a.date, a.officer_ids, {"hb-q": "compliant", "hb-m": "compliant"})
    return y


def test_year_rows_one_per_agency_with_its_worst_outcome_and_its_officers() -> None:
    y = _year()
    assert year_rows(y) == [
        {"inspection_id": "2027-A-hb", "enterprise_id": E1, "agency_id": "hb", "inspected_on": "2027-03-02",
         "officer_ids": "hb-140404-00;hb-140404-01", "outcome": "compliant", "rectified": "", "rectify_by": ""},
        {"inspection_id": "2027-M-hb", "enterprise_id": "91140403L6E8HCTQ0C", "agency_id": "hb", "inspected_on": "2027-04-06",
         "officer_ids": "hb-140403-03;hb-140403-04", "outcome": "minor", "rectified": "false", "rectify_by": "2027-05-06"},
        {"inspection_id": "2027-Z-hb", "enterprise_id": E403, "agency_id": "hb", "inspected_on": "2027-06-16",
         "officer_ids": "hb-140403-04;hb-140403-03", "outcome": "serious", "rectified": "false", "rectify_by": "2027-08-31"},
        {"inspection_id": "2027-Z-um", "enterprise_id": E403, "agency_id": "um", "inspected_on": "2027-06-16",
         "officer_ids": "um-140403-01;um-140403-02", "outcome": "minor", "rectified": "false", "rectify_by": "2027-08-31"},
    ]


def test_rectified_is_true_once_put_right_and_blank_while_its_deadline_is_ahead() -> None:
    y = _year()
    y.milestones["Z"] = {"rectified": "2027-07-01"}
    assert [r["rectified"] for r in year_rows(y)] == ["", "false", "true", "true"]
    # read on 31 August, Z's deadline day: M's (6 May) has passed, Z's is not ahead
    assert [r["rectified"] for r in year_rows(y, dt.date(2027, 8, 31))] == ["", "false", "true", "true"]
    y.milestones.clear()
    assert [r["rectified"] for r in year_rows(y, dt.date(2027, 8, 31))] == ["", "false", "false", "false"]
    # a day before Z's deadline: its minor part (um) is pending, blank; its serious part (hb) is not put right, false,
    # whatever its deadline (walk42 F1: R-FOLLOW's re-check, after the deadline `rectify_by` gives)
    assert [r["rectified"] for r in year_rows(y, dt.date(2027, 8, 30))] == ["", "false", "false", ""]
    assert [r["rectified"] for r in year_rows(y, dt.date(2027, 5, 5))] == ["", "", "false", ""]
    assert [r["rectify_by"] for r in year_rows(y)] == ["", "2027-05-06", "2027-08-31", "2027-08-31"]
    y.milestones["Z"] = {"rectified": "2027-07-01"}
    # a rectification entered with a later day is not known on the day the rows are read (foreign43 F7)
    assert [r["rectified"] for r in year_rows(y, dt.date(2027, 5, 5))] == ["", "", "false", ""]
    assert [r["rectified"] for r in year_rows(y, dt.date(2027, 7, 1))] == ["", "false", "true", "true"]


def test_a_record_with_no_rectification_deadline_is_never_pending() -> None:
    y = _year()
    y.records["M"] = dataclasses.replace(y.records["M"], outcomes={"hb-m": "violation"}, rectify_by=None)
    assert year_rows(y, dt.date(2027, 1, 4))[1]["rectified"] == "false"


def test_a_minor_finding_with_no_deadline_is_not_unrectified() -> None:
    """prod24: bundle.md's `rectified` is "for a violation, was it put right". A minor finding (轻微) the record gave no
    rectification deadline had nothing to put right: blank, in inspections.csv as in credit_findings.csv (before: "false",
    read next year as an unrectified finding). With a deadline, or a rectification entered, it is known as before."""
    y = _year()
    y.records["M"] = dataclasses.replace(y.records["M"], rectify_by=None)
    assert [r["rectified"] for r in year_rows(y)] == ["", "", "false", "false"]
    assert [r["rectified"] for r in year_rows(y, dt.date(2027, 12, 31))] == ["", "", "false", "false"]
    y.milestones["M"] = {"rectified": "2027-04-20"}  # put right all the same: that is known
    assert year_rows(y)[1]["rectified"] == "true"
    # the joint visit Z: um's minor item shares the record's deadline (hb's serious finding), so it is known like hb's
    y.records["Z"] = dataclasses.replace(y.records["Z"], outcomes={"hb-q": "violation", "um-s": "minor"}, rectify_by=None)
    assert [r["rectified"] for r in year_rows(y)][2:] == ["false", ""]
    assert [(r["visit_id"], r["rectified"]) for r in finding_rows(y)] == [("Z", "false")]


def test_an_item_no_longer_listed_is_left_out_of_the_rows() -> None:
    """A record (e.g. a state loaded after the item list changed) naming an item the register does not know: its outcome
    belongs to no agency, so it is in no row, and nothing fails."""
    y = _year()
    y.records["A"] = dataclasses.replace(y.records["A"], outcomes={"hb-q": "minor", "gone": "serious"})
    assert [(r["inspection_id"], r["outcome"]) for r in year_rows(y)] == [("2027-A-hb", "minor"), ("2027-M-hb", "minor"),
                                                                          ("2027-Z-hb", "serious"), ("2027-Z-um", "minor")]
    assert [r["visit_id"] for r in finding_rows(y)] == ["Z"]


def test_finding_rows_only_violations_and_serious_findings() -> None:
    y = _year()
    y.records["A"] = _rec("A", dt.date(2027, 3, 2), ("hb-140404-00", "hb-140404-01"), {"hb-q": "violation", "hb-m": "compliant"})
    assert finding_rows(y) == [
        {"enterprise_id": E1, "visit_id": "A", "agency_id": "hb", "inspected_on": "2027-03-02", "outcome": "violation", "item_ids": "hb-q",
         "rectify_by": "", "rectified": "false"},
        {"enterprise_id": E403, "visit_id": "Z", "agency_id": "hb", "inspected_on": "2027-06-16", "outcome": "serious",
         "item_ids": "hb-m;hb-q", "rectify_by": "2027-08-31", "rectified": "false"},
    ]
    y.milestones["Z"] = {"rectified": "2027-07-01"}
    assert [r["rectified"] for r in finding_rows(y)] == ["false", "true"]


def test_past_rows_are_the_bundles_file_as_it_was() -> None:
    y = tiny()
    with (EXAMPLE / "inspections.csv").open(encoding="utf-8", newline="") as f:
        assert past_rows(y) == [{**r, "rectify_by": ""} for r in csv.DictReader(f)]  # the example has no deadlines


def test_past_rows_read_a_single_officer_field_as_text() -> None:
    y = tiny()
    frames = dict(y.reg.bundle.frames)
    frames["inspections"] = frames["inspections"].head(1).assign(officer_ids="hb-140403-03")
    y.reg.bundle = dataclasses.replace(y.reg.bundle, frames=frames)
    assert past_rows(y)[0]["officer_ids"] == "hb-140403-03"


def test_history_rows_put_the_past_first_then_this_year() -> None:
    y = _year()
    rows = history_rows(y)
    assert rows == past_rows(y) + year_rows(y)
    y.records["Z"] = dataclasses.replace(y.records["Z"], outcomes={"hb-q": "minor"})
    assert history_rows(y, dt.date(2027, 8, 30))[-1]["rectified"] == ""  # as_of is passed on


def _read(path: Path) -> tuple[str, list[dict[str, str]]]:
    """The file's text as written (no newline translation, so a "\r\n" shows) and its rows."""
    text = path.read_bytes().decode("utf-8")
    return text, list(csv.DictReader(io.StringIO(text)))


def test_export_history_writes_both_files(tmp_path: Path) -> None:
    y = _year()
    out = tmp_path / "a" / "b"
    counts = export_history(y, out)
    assert counts == {"inspections": 4, "credit_findings": 1}
    text, rows = _read(out / "inspections.csv")
    assert text.startswith(",".join(INSPECTION_COLUMNS) + "\n") and "\r" not in text
    assert rows == history_rows(y)
    text, rows = _read(out / "credit_findings.csv")
    assert text.startswith(",".join(FINDING_COLUMNS) + "\n") and "\r" not in text
    assert rows == finding_rows(y)
    export_history(y, out)  # again into the same folder
    assert _read(out / "inspections.csv")[1] == history_rows(y)


def test_standin_calendar_is_weekdays_less_new_year_may_day_and_national_day() -> None:
    cal = standin_calendar(2027)
    assert len(cal) == 365 and min(cal) == dt.date(2027, 1, 1) and max(cal) == dt.date(2027, 12, 31)
    assert sum(cal.values()) == 254
    for day, work in [((1, 1), False), ((1, 4), True), ((1, 2), False), ((1, 3), False), ((5, 3), False), ((5, 4), True),
                      ((10, 1), False), ((10, 7), False), ((10, 8), True), ((6, 9), True), ((12, 31), True)]:
        assert cal[dt.date(2027, *day)] is work, day
    nxt = standin_calendar(2028)  # 1–3 May 2028 fall on Monday to Wednesday
    assert len(nxt) == 366 and [nxt[dt.date(2028, 5, d)] for d in range(1, 5)] == [False, False, False, True]


def _src(tmp_path: Path, seed: str | None = "heldout-99") -> Path:
    src = tmp_path / "src"
    shutil.copytree(EXAMPLE, src)
    (src / "notes.txt").write_text("not a bundle file", encoding="utf-8")
    pol = json.loads((src / "policy.json").read_text(encoding="utf-8"))
    pol["name"] = "长治市"
    if seed is None:
        del pol["seed"]
    else:
        pol["seed"] = seed
    (src / "policy.json").write_text(json.dumps(pol), encoding="utf-8")
    # officers.csv as a bureau may write it: a certificate valid to the first day of next year (valid then: not renewed),
    # hours with a leading zero, "N/A" for an auxiliary's certificate number; all must come through as text
    text = (src / "officers.csv").read_text(encoding="utf-8")
    for was, now in [("hb-140404,enforcement,晋59660168,2029-06-30,71,", "hb-140404,enforcement,晋59660168,2028-01-01,071,"),
                     ("干部hb-140403-00,hb-140403,auxiliary,,,67,", "干部hb-140403-00,hb-140403,auxiliary,N/A,,67,")]:
        assert text.count(was) == 1
        text = text.replace(was, now)
    (src / "officers.csv").write_text(text, encoding="utf-8")
    return src


def test_next_bundle_carries_the_year_into_the_next(tmp_path: Path) -> None:
    y = _year()
    y.triggers["T2"] = Trigger("T2", E1, "hb", dt.date(2027, 3, 1), "complaint", urgent=False)
    y.triggers["T1"] = Trigger("T1", E403, "um", dt.date(2027, 3, 1), "referral", urgent=True)
    src = _src(tmp_path)
    out = tmp_path / "next" / "bundle"
    out.mkdir(parents=True)
    (out / "stale.csv").write_text("old", encoding="utf-8")
    nxt = {dt.date(2027, 12, 31): False, dt.date(2028, 1, 4): True, dt.date(2028, 1, 3): True}
    assert next_bundle(y, src, out, nxt, renew_certificates=True) == out
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in src.iterdir() if p.suffix == ".csv" or p.name == "policy.json")
    assert not (out / "credit_findings.csv").exists()
    assert _read(out.parent / "credit_findings.csv")[1] == finding_rows(y)
    assert _read(out / "inspections.csv")[1] == history_rows(y)
    assert _read(out / "triggers.csv")[1] == [
        {"trigger_id": "T00000", "enterprise_id": "91140404HEKEQ3F18F", "agency_id": "um", "received_on": "2027-01-08",
         "kind": "enterprise_request", "urgent": "true"},
        {"trigger_id": "T1", "enterprise_id": E403, "agency_id": "um", "received_on": "2027-03-01", "kind": "referral", "urgent": "true"},
        {"trigger_id": "T2", "enterprise_id": E1, "agency_id": "hb", "received_on": "2027-03-01", "kind": "complaint", "urgent": "false"}]
    assert (out / "unavailability.csv").read_text(encoding="utf-8") == "officer_id,start_on,end_on,reason\n"
    cal_text, cal = _read(out / "calendar.csv")
    assert "\r" not in cal_text and cal_text.startswith("date,workday\n")
    old = _read(EXAMPLE / "calendar.csv")[1]
    assert cal == ([r for r in old if r["date"] != "2027-12-31"]
                   + [{"date": "2027-12-31", "workday": "false"}, {"date": "2028-01-03", "workday": "true"},
                      {"date": "2028-01-04", "workday": "true"}])
    off_text, off = _read(out / "officers.csv")
    src_off = _read(src / "officers.csv")[1]
    assert "\r" not in off_text and len(off) == len(src_off)
    for a, b in zip(off, src_off, strict=True):
        lapsing = b["role"] == "enforcement" and b["certificate_expires_on"] < "2028-01-01"
        assert a == ({**b, "certificate_expires_on": "2032-12-31"} if lapsing else b)
    assert any(b["officer_id"] == "gas-140403-01" and b["certificate_expires_on"] == "2027-04-15" for b in src_off)
    changed = {a["officer_id"]: a for a in off}
    assert changed["hb-140404-03"]["certificate_expires_on"] == "2028-01-01" and changed["hb-140404-03"]["training_hours"] == "071"
    assert changed["hb-140403-00"]["certificate_no"] == "N/A"
    pol_text = (out / "policy.json").read_text(encoding="utf-8")
    pol = json.loads(pol_text)
    assert pol["year"] == 2028 and "seed" not in pol  # R-PUBLISH: next year's seed is the bureau's to choose (foreign39 F5)
    assert '"name": "长治市"' in pol_text and pol_text.endswith("}\n") and '\n  "year": 2028' in pol_text
    assert not (tmp_path / "next" / "credit_findings.csv").read_text(encoding="utf-8").startswith("\ufeff")


def test_next_bundle_carries_no_seed_one_could_derive(tmp_path: Path) -> None:
    """R-PUBLISH: sha256(seed) is a commitment published before the draw; a seed moved on by its year
    ("cz-2027-plan" → "cz-2028-plan") or the default ("2028-annual-plan") lets anyone compute next year's draw ahead
    (foreign39 F5). next-bundle carries none: the bureau chooses one, and loading says it is missing."""
    y = _year()
    src = _src(tmp_path, "cz-2027-plan-2027")
    out = next_bundle(y, src, tmp_path / "new" / "folder", None)  # its parent made too
    assert "seed" not in json.loads((out / "policy.json").read_text(encoding="utf-8"))
    assert (tmp_path / "new" / "credit_findings.csv").exists()
    # no calendar given, no renewal: those tables are copied cell for cell (as UTF-8 CSV, "\n" line ends)
    for name in ("calendar.csv", "officers.csv"):
        assert _read(out / name)[1] == _read(src / name)[1]


def test_next_bundle_with_no_seed_takes_the_next_years_default(tmp_path: Path) -> None:
    y = _year()
    out = next_bundle(y, _src(tmp_path, None), tmp_path / "out", {})
    assert "seed" not in json.loads((out / "policy.json").read_text(encoding="utf-8"))
    assert _read(out / "calendar.csv")[1] == _read(EXAMPLE / "calendar.csv")[1]


def test_next_bundle_with_no_policy_or_calendar_file(tmp_path: Path) -> None:
    y = _year()
    src = _src(tmp_path)
    (src / "policy.json").unlink()
    (src / "calendar.csv").unlink()
    out = next_bundle(y, src, tmp_path / "out", {dt.date(2028, 1, 3): True})
    assert json.loads((out / "policy.json").read_text(encoding="utf-8")) == {"year": 2028}
    assert (out / "calendar.csv").read_text(encoding="utf-8") == "date,workday\n2028-01-03,true\n"


def test_next_bundle_drops_a_seed_this_year_published(tmp_path: Path) -> None:
    """The source folder's seed, whatever it is, was this year's commitment and is revealed when the year closes
    (R-PUBLISH): next year's bundle does not carry it."""
    y = _year()
    y.policy = dataclasses.replace(y.policy, seed="something-else")
    out = next_bundle(y, _src(tmp_path, "heldout-99"), tmp_path / "out", None)
    assert "seed" not in json.loads((out / "policy.json").read_text(encoding="utf-8"))
    assert pd.read_csv(out / "inspections.csv").shape[0] == len(history_rows(y))
    assert example().year == 2027


def test_next_years_bundle_leaves_a_minor_finding_not_yet_due_blank_and_a_violation_false_with_its_deadline(tmp_path: Path) -> None:
    """walk42 F1: Z's serious finding (hb), due after the year, went out blank, and next year's R-FOLLOW never re-checked
    it. Not put right at the year's end, it is false, its deadline beside it for the re-check to come after; um's minor
    finding, due then too, stays unknown."""
    y = _year()
    y.records["Z"] = dataclasses.replace(y.records["Z"], rectify_by=dt.date(2028, 1, 20))  # after the year, and after today
    out = next_bundle(y, _src(tmp_path), tmp_path / "out", None)
    rows = {r["inspection_id"]: r for r in _read(out / "inspections.csv")[1]}
    assert (rows["2027-Z-hb"]["rectified"], rows["2027-Z-hb"]["rectify_by"]) == ("false", "2028-01-20")
    assert (rows["2027-Z-um"]["rectified"], rows["2027-Z-um"]["rectify_by"]) == ("", "2028-01-20")
    assert _read(out.parent / "credit_findings.csv")[1][0]["rectified"] == ""  # the credit platform's: still due


def _tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {p.name: _read(p)[1] for p in sorted(folder.glob("*.csv"))}


def test_next_bundle_from_a_workbook_or_gbk_files_is_the_same_bundle(tmp_path: Path) -> None:
    """foreign39 F3: next_bundle copied the source's files as they were and read officers.csv as UTF-8; a workbook
    bundle has no officers.csv and a GBK one does not decode (both crashed, half a next-bundle left). Every form of
    one bundle gives the same next-bundle, cell for cell, as UTF-8 CSVs."""
    from bundle.workbook import csv_folder_to_workbook

    y = _year()
    src = _src(tmp_path)
    ref = _tables(next_bundle(y, src, tmp_path / "ref", None, renew_certificates=True))
    book = tmp_path / "book"
    book.mkdir()
    csv_folder_to_workbook(src, book / "bundle.xlsx")
    shutil.copy2(src / "policy.json", book / "policy.json")
    gbk = tmp_path / "gbk"
    gbk.mkdir()
    for p in src.iterdir():
        if p.suffix == ".csv":
            (gbk / p.name).write_bytes(p.read_text(encoding="utf-8").encode("gbk"))
        elif p.name == "policy.json":
            shutil.copy2(p, gbk / p.name)
    for form in (book, gbk):
        out = next_bundle(y, form, tmp_path / f"out-{form.name}", None, renew_certificates=True)
        want = json.loads(json.dumps(ref))
        if form is book:  # the workbook holds training_hours as a number: "071" is 71 there (the same value)
            for r in want["officers.csv"]:
                r["training_hours"] = str(int(r["training_hours"])) if r["training_hours"] else ""
        assert _tables(out) == want, form.name
        assert all(p.read_bytes().decode("utf-8") for p in out.glob("*.csv"))
        assert json.loads((out / "policy.json").read_text(encoding="utf-8"))["year"] == 2028


def test_a_next_bundle_that_cannot_be_made_leaves_the_old_one_as_it_was(tmp_path: Path) -> None:
    """Never half-written: a source that does not read (here a CSV that is no text) raises, and the next-bundle already
    there, its findings beside it and the folder around them are unchanged — no temporary folder left."""
    from bundle import BundleInvalid

    y = _year()
    out = next_bundle(y, _src(tmp_path), tmp_path / "year" / "next-bundle", None)
    before = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "year").rglob("*") if p.is_file()}
    bad = tmp_path / "bad"
    shutil.copytree(tmp_path / "src", bad)
    (bad / "officers.csv").write_bytes(b"\xff\xfe\x00\x00garbage\x81\x82\x83")
    with pytest.raises(BundleInvalid):
        next_bundle(y, bad, out, None)
    after = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "year").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in (tmp_path / "year").iterdir()) == ["credit_findings.csv", "next-bundle"]
