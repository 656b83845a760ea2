"""mut31: mutation survivors of the twenty-seventh round's code (execution.insert relocate / move_days, Year.day_conflict,
api.flow percent / fraction, the bundle's new checks). Hand-made inputs, no solve: each test is well under a second."""

from __future__ import annotations

import datetime as dt

from test_mut15_replan import E1, TODAY, D, tiny, visit

from api.flow import fraction, percent
from execution.insert import RELOCATE_SEARCH_DAYS, move_days, relocate

PAIR = ("hb-140404-00", "hb-140404-01")


def test_percent_keeps_six_decimals_of_a_percent_and_drops_float_noise() -> None:
    assert percent(0.123456789) == "12.345679%"  # six decimals of the percent, rounded
    assert percent(0.007) == "0.7%" and percent(0.006999999999999999) == "0.7%"
    assert percent(1) == "100%" and percent(0) == "0%"


def test_fraction_keeps_the_six_decimals_of_a_percent_the_leader_reads() -> None:
    assert fraction(12.345678901) == 0.12345679  # 0.12345678901 rounded to eight decimals of the ratio
    assert fraction(0.7) == 0.007 and percent(fraction(12.3456789)) == "12.345679%"


def test_relocate_reach_bounds_the_search_and_avoid_is_skipped() -> None:
    """R-INSERT's slot search moves a visit within `reach` working days; a planner's move (no reach) takes the window."""
    v = visit("V", D, E1, PAIR, basis="mandatory")
    y = tiny(v)
    nearest = relocate(y, v, TODAY)
    assert nearest is not None and nearest[0] == dt.date(2027, 6, 14)
    assert relocate(y, v, TODAY, reach=0) is None  # only its own day is within 0 working days
    assert relocate(y, v, TODAY, reach=1) == nearest
    other = relocate(y, v, TODAY, avoid=nearest[0])
    assert other is not None and other[0] == dt.date(2027, 6, 16)


def test_move_days_reach_is_working_days_either_side_nearest_first() -> None:
    v = visit("V", D, E1, PAIR, basis="mandatory")
    y = tiny(v)
    wd, i = y.reg.workdays, y.reg.wd_index[D]
    near = move_days(y, v, TODAY, reach=2)
    assert sorted(near) == [wd[i - 2], wd[i - 1], wd[i + 1], wd[i + 2]]
    assert near == sorted(near, key=lambda d: (abs((d - D).days), d))
    assert move_days(y, v, TODAY, avoid=wd[i - 1], reach=2) == [d for d in near if d != wd[i - 1]]
    whole = move_days(y, v, TODAY)
    lo, hi = y.window(v)
    first = y.freeze_until(TODAY) + dt.timedelta(days=1)
    assert set(whole) == {d for d in wd if max(lo, first) <= d <= hi and d != D}
    far = RELOCATE_SEARCH_DAYS
    assert set(move_days(y, v, TODAY, reach=far)) == {d for d in wd[i - far: i + far + 1] if d >= first and d != D}


def test_move_days_near_the_year_start_and_after_the_freeze() -> None:
    """A visit on the year's third working day: a reach past the first day starts at the first (not a wrapped slice);
    a day within the freeze is never offered."""
    y0 = tiny()
    start = y0.reg.workdays[2]
    v = visit("V", start, E1, PAIR, basis="mandatory")
    y = tiny(v)
    wd = y.reg.workdays
    assert sorted(move_days(y, v, dt.date(2026, 11, 2), reach=5)) == [wd[0], wd[1], wd[3], wd[4], wd[5], wd[6], wd[7]]
    # today the first working day: the freeze (freeze_workdays) holds the first days back
    frozen_to = y.freeze_until(wd[0])
    got = move_days(y, v, wd[0], reach=20)
    assert got and min(got) > frozen_to and all(d > frozen_to for d in got)
    assert min(got) == min(d for d in wd if d > frozen_to and d != start)


# ---- the bundle's new checks ------------------------------------------------------------------------------------------


def test_collector_has_is_the_exact_cell() -> None:
    from bundle.problems import Collector

    out = Collector()
    assert not out.has("officers.csv", 5, "certificate_no")
    out.add("officers.csv", 5.0, "certificate_no", "中文", "english")  # type: ignore[arg-type]
    assert out.has("officers.csv", 5, "certificate_no") and out.has("officers.csv", 5.0, "certificate_no")  # type: ignore[arg-type]
    assert not out.has("officers.csv", 6, "certificate_no") and not out.has("officers.csv", 5, "officer_id")
    assert not out.has("teams.csv", 5, "certificate_no")
    assert [(p.file, p.row, p.column, p.message_zh, p.message_en) for p in out.problems] == [
        ("officers.csv", 5, "certificate_no", "中文", "english")]


def test_certificate_key_compares_numbers_not_spelling() -> None:
    from bundle.crosscheck import certificate_key

    assert certificate_key(" 晋 8923\u30008708 ") == "晋89238708"  # spaces, an ideographic one too
    assert certificate_key("晋８９２３８７０８") == "晋89238708"  # full-width digits
    assert certificate_key("jx-12a") == "JX-12A"
    assert certificate_key("待补") is None and certificate_key("") is None and certificate_key("n/a") is None
    assert certificate_key("7") == "7"


def test_one_certificate_one_person_names_the_first_holder() -> None:
    import pandas as pd

    from bundle.crosscheck import _one_certificate_one_person
    from bundle.problems import Collector
    from bundle.tables import ROW

    enf = pd.DataFrame({ROW: [2, 3, 4, 5, 6, 7], "officer_id": ["a", "b", "c", "a", "d", "e"],
                        "certificate_no": ["晋1", "晋 1", "晋2", "晋1", "晋１", "待补"]})
    out = Collector()
    _one_certificate_one_person(enf, out, lambda name: f"{name}.file")
    got = [(p.file, p.row, p.column) for p in out.problems]
    assert got == [("officers.file", 3, "certificate_no"), ("officers.file", 6, "certificate_no")]
    b, d = out.problems
    assert "certificate_no 晋 1 is already held by a (row 2)" in b.message_en and "晋 1" in b.message_zh
    assert "a（第2行）" in b.message_zh and "R-PAIR" in b.message_zh
    assert "held by a (row 2)" in d.message_en  # the first holder, not the second


def _policy_file(bundle, **changes):  # type: ignore[no-untyped-def]
    import json

    p = bundle / "policy.json"
    p.write_text(json.dumps({**json.loads(p.read_text(encoding="utf-8")), **changes}, ensure_ascii=False), encoding="utf-8")


def test_policy_values_equal_are_not_at_odds(bundle_copy) -> None:  # type: ignore[no-untyped-def]
    from bundle import load_bundle

    _policy_file(bundle_copy, trigger_within_workdays=4, urgent_within_workdays=4, min_days_between_visits=90,
                 min_days_between_repeat_visits=90)
    assert not [w for w in load_bundle(bundle_copy).warnings if w.file == "policy.json" and w.column != "seed"]
    _policy_file(bundle_copy, urgent_within_workdays=5, min_days_between_visits=91)
    said = {w.column: w for w in load_bundle(bundle_copy).warnings if w.file == "policy.json"}
    u, g = said["urgent_within_workdays"], said["min_days_between_visits"]
    assert (u.row, g.row) == (0, 0)
    assert "given 5 working days, longer than an ordinary one's 4" in u.message_en and "4 个工作日" in u.message_zh
    assert "held 91 days apart" in g.message_en and "(90, R-GAP)" in g.message_en and "90 天" in g.message_zh


def test_lone_officer_notice_says_the_number(bundle_copy) -> None:  # type: ignore[no-untyped-def]
    from bundle import load_bundle

    _policy_file(bundle_copy, officers_per_agency_on_visit=1)
    (w,) = [w for w in load_bundle(bundle_copy).warnings if w.column == "officers_per_agency_on_visit"]
    assert w.row == 0 and w.message_en.startswith("1 officer per agency") and "每个单位1名" in w.message_zh


def test_day_conflict_gaps_are_strictly_under_the_policy() -> None:
    """R-GAP: entries of any agencies at least min_days_between_visits (30) apart, one agency's planned visits at least
    min_days_between_repeat_visits (90) apart; exactly the minimum is lawful. A cancelled visit and `ignore` count for
    nothing; a trigger is not held apart (R-EXEMPT) but keeps R-JOINT."""
    hb = visit("V", D, E1, PAIR, basis="mandatory")
    y = tiny(hb)
    p = y.policy
    assert (p.min_days_between_visits, p.min_days_between_repeat_visits) == (30, 90)
    at = D + dt.timedelta(days=30)
    assert y.day_conflict(E1, ("um",), "sampled", at) is None
    assert y.day_conflict(E1, ("um",), "sampled", at - dt.timedelta(days=1)) == "R-GAP"
    assert y.day_conflict(E1, ("um",), "sampled", D - dt.timedelta(days=29)) == "R-GAP"
    assert y.day_conflict(E1, ("hb",), "sampled", D + dt.timedelta(days=90), mode="remote") is None
    assert y.day_conflict(E1, ("hb",), "sampled", D + dt.timedelta(days=89), mode="remote") == "R-GAP"
    assert y.day_conflict(E1, ("um", "hb"), "mandatory", D - dt.timedelta(days=89), mode="remote") == "R-GAP"
    assert y.day_conflict(E1, ("hb",), "triggered", D + dt.timedelta(days=1)) is None
    assert y.day_conflict(E1, ("hb",), "sampled", D, ignore="V") is None
    assert y.day_conflict("other", ("hb",), "sampled", D) is None
    hb.status = "cancelled"
    assert y.day_conflict(E1, ("hb",), "sampled", D) is None


def test_day_conflict_a_remote_visit_beside_an_entry() -> None:
    """An existing remote check: an on-site entry of another agency the same day or days apart is lawful; one of its
    own agency within 90 days is not."""
    r = visit("R", D, E1, ("um-140400-00",), agencies=("um",), basis="sampled", mode="remote")
    y = tiny(r)
    assert y.day_conflict(E1, ("hb",), "sampled", D) is None
    assert y.day_conflict(E1, ("hb",), "mandatory", D + dt.timedelta(days=3)) is None
    assert y.day_conflict(E1, ("hb",), "triggered", D) is None
    assert y.day_conflict(E1, ("um",), "sampled", D + dt.timedelta(days=3)) == "R-GAP"
