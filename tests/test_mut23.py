"""Mutation survivors (mut23) of functions changed in the twenty-first round: execution/insert.py resolve_enterprise,
execution/notice.py public_view, execution/year.py Year.record and risk/score.py past_evidence. Hand-made years of the
example bureau (tests/test_mut15_replan.py's helpers), no solve.

Each test here kills mutants that survived the narrow selections of the mut23 run: resolve_enterprise's empty-input
refusal (field and rule), public_view's whole page (the keys and values of every field, the statuses, the version
shown, a code its tables or the register lack), and Year.record's wording of three refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from execution import Year, YearError
from execution.insert import MIN_NAME_PART, resolve_enterprise
from execution.notice import CERT_CHECK_EN, CERT_CHECK_ZH, REMOTE_CHECK_EN, REMOTE_CHECK_ZH, public_view, why_words
from execution.year import Caller, Record, Version
from tests.test_mut15_replan import E1, E2, E403, D, tiny, visit

O1, O2, O3, O4 = "hb-140404-00", "hb-140404-01", "hb-140404-02", "hb-140404-03"  # enforcement officers of team hb-140404

# ---- resolve_enterprise -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["", "   "])
def test_an_empty_firm_is_refused_on_the_firm_field_under_r_basis(typed: str) -> None:
    """Nothing typed: refused on the 企业 field (the form marks it) under R-BASIS, 422, with the sentence that says what to
    type (walk22)."""
    y = tiny(visit("V", D, E1, (O1, O2)))
    with pytest.raises(YearError) as e:
        resolve_enterprise(y, typed)
    assert (e.value.field, e.value.rule, e.value.status) == ("enterprise_id", "R-BASIS", 422)
    assert e.value.zh == f"请填写企业：统一社会信用代码、企业全称或名称中至少{MIN_NAME_PART}个字"
    assert e.value.en == f"type the firm: its 18-character credit code, its full name or at least {MIN_NAME_PART} characters of it"


# ---- public_view --------------------------------------------------------------------------------------------------------

HB3, UM3 = ("hb-140403-00", "hb-140403-01"), ("um-140403-00", "um-140403-01")  # the two agencies' teams of district 140403
ON_SITE_RIGHTS = (["检查人员少于两人或者未出示执法证件的，有权拒绝检查", "认为检查人员与本单位有利害关系的，有权申请回避", "有权陈述、申辩"],
                  ["to refuse the inspection if fewer than two officers come or they do not show their certificates",
                   "to ask for an officer's recusal if you think they have an interest in your business", "to state your case and defend it"])


def _people(y: Year, officers: tuple[str, ...]) -> list[dict[str, object]]:
    """As the code page lists them: name, certificate, and the role, which says whether they count as one of the two
    officers (walk41 Y11: an auxiliary does not)."""
    from bundle.schema import ROLE_ZH

    return [{"name": y.reg.officers[o].name, "certificate_no": y.reg.officers[o].certificate_no, "role": y.reg.officers[o].role,
             "role_zh": ROLE_ZH[y.reg.officers[o].role], "counts": y.reg.officers[o].role == "enforcement"} for o in officers]


def test_the_code_page_of_a_joint_visit_shows_its_own_firm_items_and_officers_only() -> None:
    """The whole page of a joint on-site visit, notified (shown as "scheduled"): the firm's name, both agencies with the
    lead marked, the items the register holds (an item or an officer the register lacks is left out, not an error), the
    officers with their certificates, the approved plan, the certificate check and the three rights."""
    y = tiny(visit("V1", D, E1, (O1, O2)), visit("V2", D, E403, (*HB3, *UM3), agencies=("hb", "um"), status="notified"))
    v = y.visits["V2"]
    v.item_ids = (*v.item_ids, "xx-none")
    v.officer_ids = (*v.officer_ids, "nobody")
    assert public_view(y, v) == {
        "enterprise_name": y.reg.enterprises[E403]["name"], "enterprise_id": E403,
        "date": "2027-06-15", "mode": "onsite", "mode_zh": "入企现场检查", "status": "scheduled",
        "basis": "sampled", "basis_zh": "年度检查计划（双随机抽查）", "basis_en": "annual plan (double-random selection)",
        "why_zh": why_words(v, 1)[0], "why_en": why_words(v, 1)[1],  # its words: tests/test_notice_wording.py
        "agencies": [{"agency_id": "hb", "name": "长治市住房和城乡建设局", "lead": True}, {"agency_id": "um", "name": "长治市城市管理局", "lead": False}],
        "items": [{"item_id": "hb-q", "name": "工程质量安全检查", "legal_basis": "《建设工程质量管理条例》"},
                  {"item_id": "um-s", "name": "施工扬尘与渣土管理检查", "legal_basis": "《大气污染防治法》"}],
        "officers": _people(y, (*HB3, *UM3)),
        "approval": {"plan_state": "approved", "version": 1, "version_state": "approved", "urgent_pending": False, "stands": False},
        "certificate_check_zh": CERT_CHECK_ZH, "certificate_check_en": CERT_CHECK_EN,
        "rights_zh": ON_SITE_RIGHTS[0], "rights_en": ON_SITE_RIGHTS[1],
        "result": None,  # not recorded yet (prod23: the recorded result is shown on the code page)
    }


def test_the_code_page_of_a_remote_check_keeps_two_rights_and_says_nobody_comes() -> None:
    y = tiny(visit("V1", D, E1, (O1,), basis="follow_up", mode="remote"))
    pv = public_view(y, y.visits["V1"])
    assert (pv["mode"], pv["mode_zh"], pv["basis_zh"], pv["basis_en"]) == (
        "remote", "非现场检查", "年度检查计划（整改复查）", "annual plan (re-check of a rectification)")
    assert (pv["certificate_check_zh"], pv["certificate_check_en"]) == (REMOTE_CHECK_ZH, REMOTE_CHECK_EN)
    assert pv["rights_zh"] == ON_SITE_RIGHTS[0][1:] and pv["rights_en"] == ON_SITE_RIGHTS[1][1:]
    assert pv["officers"] == _people(y, (O1,))


@pytest.mark.parametrize(("status", "shown"), [("planned", "scheduled"), ("notified", "scheduled"), ("done", "done"),
                                               ("cancelled", "cancelled"), ("overdue", "overdue")])
def test_the_code_page_says_done_cancelled_or_overdue_and_scheduled_otherwise(status: str, shown: str) -> None:
    y = tiny(visit("V1", D, E1, (O1, O2)))
    y.visits["V1"].status = status
    pv = public_view(y, y.visits["V1"])
    assert pv["status"] == shown
    assert pv["officers"] == ([] if status == "cancelled" else _people(y, (O1, O2)))


def test_a_recorded_visit_names_the_officers_of_its_record_in_their_order() -> None:
    y = tiny(visit("V1", D, E1, (O1, O2)))
    y.records["V1"] = Record("V1", D, (O3, "nobody", O1), {}, None, "", "planner")
    y.visits["V1"].status = "done"
    assert public_view(y, y.visits["V1"])["officers"] == _people(y, (O3, O1))


def test_a_basis_or_mode_outside_the_tables_and_a_firm_outside_the_register_show_as_their_codes() -> None:
    """The page never fails on a code its tables lack: it shows the code itself (and no name for a firm the register
    no longer holds)."""
    y = tiny(visit("V1", D, E1, (O1, O2)))
    v = y.visits["V1"]
    v.basis, v.mode = "other-basis", "other-mode"
    del y.reg.enterprises[E1]
    pv = public_view(y, v)
    assert (pv["enterprise_name"], pv["basis_zh"], pv["basis_en"], pv["mode_zh"]) == ("", "other-basis", "other-basis", "other-mode")
    assert pv["rights_zh"] == ON_SITE_RIGHTS[0] and pv["certificate_check_zh"] == CERT_CHECK_ZH


def test_an_agency_outside_the_register_shows_as_its_code() -> None:
    y = tiny(visit("V1", D, E1, (O1, O2)))
    del y.reg.agencies["hb"]
    assert public_view(y, y.visits["V1"])["agencies"] == [{"agency_id": "hb", "name": "hb", "lead": True}]


def _versions(y: Year, *rows: Version) -> None:
    y.versions.extend(rows)


def _approval(y: Year, vid: str) -> dict[str, object]:
    return dict(public_view(y, y.visits[vid])["approval"])


def test_the_code_page_names_the_latest_version_that_holds_the_visit() -> None:
    """The version shown is the latest that touched the visit; a rejected one only where it inserted the visit or could
    not undo its change to it (`kept`: the visit stands as changed)."""
    y = tiny(*(visit(f"V{i}", D, E1 if i % 2 else E2, (O1, O2)) for i in range(1, 5)))
    move = {"action": "move"}
    _versions(y,
              Version(2, "replan", "", [{**move, "visit_id": "V1"}, {**move, "visit_id": "V2"}], state="approved"),
              Version(3, "insert", "", [{**move, "visit_id": "V1"}, {**move, "visit_id": "V2"}, {"action": "insert", "visit_id": "V3"}],
                      state="rejected", kept=[{"visit_id": "V2", "why": "notified"}]))
    assert _approval(y, "V1") == {"plan_state": "approved", "version": 2, "version_state": "approved", "urgent_pending": False, "stands": False}
    assert _approval(y, "V2") == {"plan_state": "approved", "version": 3, "version_state": "rejected", "urgent_pending": False, "stands": True}
    assert _approval(y, "V3") == {"plan_state": "approved", "version": 3, "version_state": "rejected", "urgent_pending": False, "stands": False}
    assert _approval(y, "V4")["version"] == 1


def test_urgent_pending_only_for_the_visit_an_urgent_change_inserted_while_it_is_started() -> None:
    y = tiny(*(visit(f"V{i}", D, E1 if i % 2 else E2, (O1, O2)) for i in range(1, 5)))
    _versions(y,
              Version(2, "insert", "", [{"action": "insert", "visit_id": "V1"}, {"action": "move", "visit_id": "V2"}], urgent=True, state="started"),
              Version(3, "insert", "", [{"action": "insert", "visit_id": "V3"}], urgent=True, state="approved"),
              Version(4, "insert", "", [{"action": "insert", "visit_id": "V4"}], urgent=False, state="started"))
    assert _approval(y, "V1") == {"plan_state": "approved", "version": 2, "version_state": "started", "urgent_pending": True, "stands": False}
    assert [_approval(y, v)["urgent_pending"] for v in ("V2", "V3", "V4")] == [False, False, False]
    y.plan_state = "closed"
    assert _approval(y, "V1")["plan_state"] == "closed"


# ---- Year.record ---------------------------------------------------------------------------------------------------------


def test_a_record_finding_nothing_is_refused_a_deadline_in_both_languages() -> None:
    y = tiny(visit("V", D, E1, (O1, O2)))
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), rectify_by=D + dt.timedelta(days=20), today=D)
    assert (e.value.field, e.value.rule) == ("rectify_by", "R-RECORD")
    assert e.value.zh == "各检查事项均未发现问题，无需整改期限"
    assert e.value.en == "every item was compliant: the visit found nothing to rectify, so no deadline"


def test_a_remote_check_short_of_its_officer_names_who_made_the_check() -> None:
    y = tiny(visit("R", D, E1, (O1,), mode="remote"))
    with pytest.raises(YearError) as e:
        y.record("R", D, [], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert e.value.zh == "长治市住房和城乡建设局 核查的持证执法人员不足 1 名（须为本队、当日持证有效、无回避）"
    assert e.value.en == "hb: fewer than 1 certified officers of the visit's team who made the check (valid certificate, no recusal)"


def test_officers_away_are_named_together_one_is_two_are() -> None:
    """R-AVAIL: every officer named who is away that day, in the order named, joined 、 and ", "; "is" for one, "are"
    for more."""
    y = tiny(visit("V", D, E1, (O1, O2)))
    y.extra_away[O3], y.extra_away[O4] = {D}, {D}
    n3, n4 = y.reg.officers[O3].name, y.reg.officers[O4].name
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2, O4, O3], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert (e.value.field, e.value.rule) == ("officer_ids", "R-AVAIL")
    assert e.value.zh == f"{n4}（{O4}）、{n3}（{O3}） {D} 请假或不可用（请假、培训等），不能记录为到场执法人员"
    assert e.value.en == f"{n4} ({O4}), {n3} ({O3}) are away on {D} (leave, training …) and cannot be recorded as present"
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2, O3], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert e.value.en == f"{n3} ({O3}) is away on {D} (leave, training …) and cannot be recorded as present"
    assert "V" not in y.records
