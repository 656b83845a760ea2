"""Round 37's mends, each test failing on the code before it (b89e06d)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from execution import YearError
from execution.replan import absences, officer_unavailable, withdraw_absence
from tests.test_mut15_replan import E1, TODAY, D, tiny, visit

OFF = "hb-140404-00"


def test_the_same_absence_entered_twice_is_refused_and_nothing_is_stored() -> None:
    """R-REPLAN (foreign36): a leave form sent twice was stored as two absences, each to be withdrawn. The repeat is
    refused (409), naming the entry it repeats, and the year is as it was."""
    v = visit("V1", D, E1, (OFF, "hb-140404-01"))
    y = tiny(v)
    officer_unavailable(y, OFF, D, D + dt.timedelta(days=2), TODAY, "planner")
    log, away, versions = copy.deepcopy(y.log), copy.deepcopy(y.extra_away), len(y.versions)
    with pytest.raises(YearError) as e:
        officer_unavailable(y, OFF.upper(), D, D + dt.timedelta(days=2), TODAY, "planner2")  # the same officer, typed otherwise
    assert (e.value.field, e.value.rule, e.value.status) == ("start_on", "R-REPLAN", 409)
    assert "第 1 项" in e.value.zh and "absence 1" in e.value.en and "nothing stored" in e.value.en
    assert y.log == log and y.extra_away == away and len(y.versions) == versions and len(absences(y)) == 1


def test_an_absence_that_only_overlaps_or_repeats_a_withdrawn_one_is_taken() -> None:
    """Only a standing entry of the same kind and the same days is a repeat: a day more, a suspension over the same
    days, or the same leave after the first was withdrawn are entered (the first two said as overlaps)."""
    y = tiny(visit("V1", D, E1, (OFF, "hb-140404-01")))
    end = D + dt.timedelta(days=2)
    officer_unavailable(y, OFF, D, end, TODAY, "planner")
    assert officer_unavailable(y, OFF, D, end + dt.timedelta(days=1), TODAY, "planner").overlaps == [1]
    assert officer_unavailable(y, OFF, D, end, TODAY, "planner", kind="suspended").overlaps == [1, 2]
    withdraw_absence(y, 1, TODAY, "planner", "登记错了 / wrong")
    officer_unavailable(y, OFF, D, end, TODAY, "planner")
    assert [(a.number, a.kind, a.withdrawn_on != "") for a in absences(y)] == [(1, "leave", True), (2, "leave", False),
                                                                             (3, "suspended", False), (4, "leave", False)]


def test_an_open_suspension_entered_twice_is_refused() -> None:
    y = tiny(visit("V1", D + dt.timedelta(days=3), E1, (OFF, "hb-140404-01")))
    officer_unavailable(y, OFF, D, None, TODAY, "planner", kind="suspended")
    with pytest.raises(YearError) as e:
        officer_unavailable(y, OFF, D, None, TODAY, "planner", kind="suspended")
    assert e.value.status == 409 and "暂扣执法证" in e.value.zh


def test_a_worker_crashed_by_a_fault_signal_names_it_and_both_causes() -> None:
    """review36: a validating worker that died after STARTED of a segfault read "ran out of memory" alone. A fault
    signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE) is named, with the cap and a reader's fault as the two causes; the kernel's
    killer (SIGKILL), an abort (SIGABRT) and an exit code still read as the memory cap; before STARTED, the server's."""
    import signal

    from api import uploads
    from api.settings import Settings
    from bundle import BundleInvalid

    s = Settings(upload_worker_mb=321)
    for sig in (signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE):
        died = uploads.worker_died("b.zip", True, -sig, s)
        assert isinstance(died, BundleInvalid), sig
        p = died.problems[0]
        assert (p.file, p.row) == ("b.zip", 0)
        assert sig.name in p.message_zh and sig.name in p.message_en and "321 MB" in p.message_en and "a reader failed" in p.message_en
        assert "读取库的缺陷" in p.message_zh and "nothing stored" in p.message_en
    for code in (-signal.SIGKILL, -signal.SIGABRT, 1):
        p = uploads.worker_died("b.zip", True, code, s).problems[0]  # type: ignore[attr-defined]
        assert "ran out of its 321 MB" in p.message_en and "SIG" not in p.message_en, code
    assert isinstance(uploads.worker_died("b.zip", False, -signal.SIGSEGV, s), uploads.UploadWorkerFailed)
