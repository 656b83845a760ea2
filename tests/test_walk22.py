"""walk22's findings on the year in motion, as the enterprise, the planner and the leader read it; each a test that
failed before its mend."""

from __future__ import annotations

import datetime as dt

import pytest

from execution import YearError
from execution.year import Caller
from tests.test_mut15_replan import E1, D, tiny, visit

O1, O2 = "hb-140404-00", "hb-140404-01"  # enforcement officers of team hb-140404


def test_the_code_of_a_remote_check_does_not_tell_the_firm_to_refuse_one_officer() -> None:
    """An off-site check (非现场检查) has one officer and nobody comes; its code page listed that one officer under
    "you may refuse the inspection if fewer than two officers come" and "ask the officers to show their certificates",
    which told the firm its lawful check was unlawful. It now says nobody comes on it; recusal and stating one's case
    stay."""
    from execution.notice import public_view

    y = tiny(visit("R", D, E1, (O1,), mode="remote"), visit("S", D, "91140404TRCCDTBH11", (O1, O2)))
    remote, onsite = public_view(y, y.visits["R"]), public_view(y, y.visits["S"])
    assert not any("少于两人" in r for r in remote["rights_zh"]) and not any("fewer than two" in r for r in remote["rights_en"])
    assert any("回避" in r for r in remote["rights_zh"]) and any("陈述、申辩" in r for r in remote["rights_zh"])
    assert len(remote["rights_zh"]) == len(remote["rights_en"])
    assert "不上门" in remote["certificate_check_zh"] and "no officer comes" in remote["certificate_check_en"]
    assert "出示" not in remote["certificate_check_zh"]
    # an on-site visit as before
    assert any("少于两人" in r for r in onsite["rights_zh"]) and "出示行政执法证件" in onsite["certificate_check_zh"]


def test_a_record_finding_nothing_takes_no_rectification_deadline() -> None:
    """The record form took a 整改期限 on a visit whose every item was compliant: the record then read "rectify by …"
    while entering 整改完成 was refused "this visit found nothing to rectify". A deadline now needs a finding."""
    y = tiny(visit("V", D, E1, (O1, O2)))
    with pytest.raises(YearError) as e:
        y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), rectify_by=D + dt.timedelta(days=20), today=D)
    assert e.value.rule == "R-RECORD" and e.value.field == "rectify_by" and "未发现问题" in e.value.zh and "found nothing" in e.value.en
    assert "V" not in y.records and y.visits["V"].status == "planned"
    r = y.record("V", D, [O1, O2], {"hb-q": "minor"}, Caller("clerk"), rectify_by=D + dt.timedelta(days=20), today=D)
    assert r.rectify_by == D + dt.timedelta(days=20)  # a minor finding may have one


def test_a_step_done_twice_is_named_in_chinese() -> None:
    """"V 的 feedback 已于 … 办理": the Chinese refusal named the step by its code."""
    from execution.deadlines import complete

    y = tiny(visit("V", D, E1, (O1, O2)))
    y.record("V", D, [O1, O2], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    complete(y, "V", "feedback", D, "clerk", today=D)
    with pytest.raises(YearError) as e:
        complete(y, "V", "feedback", D, "clerk", today=D)
    assert "结果告知" in e.value.zh and "feedback" not in e.value.zh and "feedback" in e.value.en, e.value.zh


def test_the_visit_page_offers_a_notice_only_where_one_is_made(tmp_path, tiny_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A cancelled visit's page (and a remote check's) still linked 行政检查通知书 PDF, which answered "已取消，不制发通知书"
    (409) or "为非现场检查，无需通知书" (422): a link to a refusal. R-NOTICE makes notices for on-site visits still to be done."""
    from api.deps import COOKIE
    from tests.api_helpers import approved_plan

    monkeypatch.setenv("INSPECTION_TODAY", "2027-03-31")
    client, h, pid = approved_plan(tiny_dir, tmp_path, "n.db")
    visits = client.get(f"/api/plans/{pid}/year/visits", headers=h["planner"]).json()
    visits = visits["visits"] if isinstance(visits, dict) else visits
    later = [v for v in visits if v["status"] == "planned" and v["mode"] == "onsite" and v["date"] > "2027-06-01"]
    kept, gone = later[0], later[1]
    r = client.post(f"/api/plans/{pid}/year/visits/{gone['visit_id']}/status", headers=h["planner"],
                    json={"status": "cancelled", "reason": "企业已注销"})
    assert r.status_code == 200, r.text
    client.cookies.set(COOKIE, h["planner"]["Authorization"].split()[1])
    assert 'id="notice"' in client.get(f"/plans/{pid}/year/visits/{kept['visit_id']}").text
    page = client.get(f"/plans/{pid}/year/visits/{gone['visit_id']}").text
    assert 'id="notice"' not in page and "notice.pdf" not in page, page[:3000]
    assert client.get(f"/plans/{pid}/year/visits/{gone['visit_id']}/notice.pdf").status_code == 409  # as before


def test_an_empty_firm_asks_for_one_instead_of_naming_nothing() -> None:
    """Best slots with the 企业 field left empty read "检查对象名录中没有 （请填写…）" / " is not in the register": a
    sentence about a firm with no name in it."""
    from execution.insert import resolve_enterprise

    y = tiny(visit("V", D, E1, (O1, O2)))
    for typed in ("", "   "):
        with pytest.raises(YearError) as e:
            resolve_enterprise(y, typed)
        assert e.value.zh.startswith("请填写企业") and e.value.en.startswith("type the firm"), (e.value.zh, e.value.en)
        assert "名录中没有" not in e.value.zh and "not in the register" not in e.value.en


def test_a_refused_decision_on_the_plan_page_speaks_the_page_language_and_names_the_state_first(
    tmp_path, tiny_dir, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """退回 with no reason gave "退回必须写明理由 / a rejection needs a comment saying why" on the Chinese page and the
    English page alike (walk20 made the plan page's refusals speak its language, not a refused act's). And a plan
    another leader had approved meanwhile was answered "needs a reason": given one, the leader was then told it was
    approved. The state comes first."""
    import re

    from api.deps import COOKIE
    from api.security import csrf_for
    from tests.api_helpers import make_client, token, wait_done, zip_folder

    monkeypatch.setenv("INSPECTION_TODAY", "2026-12-04")
    client = make_client(f"sqlite:///{tmp_path / 'd.db'}", tmp_path / "data")
    h = {u: token(client, u) for u in ("planner", "leader", "leader2")}
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    pid = client.post("/api/plans", headers=h["planner"], json={"bundle_id": r.json()["id"]}).json()["id"]
    assert wait_done(client, pid, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"]).status_code == 200
    tok = h["leader"]["Authorization"].split()[1]
    client.cookies.set(COOKIE, tok)
    client.headers["X-CSRF-Token"] = csrf_for(tok)

    def error(lang: str) -> str:
        r = client.post(f"/plans/{pid}/reject?lang={lang}", data={"comment": ""})
        m = re.search(r'id="error"[^>]*>(.*?)</p>', r.text, re.S)
        assert r.status_code in (409, 422) and m, r.text[:2000]
        return m.group(1)

    zh, en = error("zh"), error("en")
    assert "理由" in zh and "reason" not in zh and " / " not in zh, zh
    assert "comment" in en and not re.search(r"[\u4e00-\u9fff]", en), en
    assert client.post(f"/api/plans/{pid}/approve", headers=h["leader2"], json={"comment": "ok"}).status_code == 200
    zh = error("zh")
    assert "已批准" in zh and "理由" not in zh, zh


def test_the_public_page_claims_only_the_check_the_public_can_make(tmp_path, tiny_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The public page said "任何人可复核抽签" (anyone can redraw the lottery); the lottery's weights are risk scores,
    which R-PUBLISH never publishes, so only an auditor with selection.csv can redraw it (decisions.md, walk15). What
    anyone can do with the seed is check it against the commitment; the page says that, and who redraws."""
    from tests.api_helpers import approved_plan

    monkeypatch.setenv("INSPECTION_TODAY", "2026-12-04")
    client, _, pid = approved_plan(tiny_dir, tmp_path, "pub.db", publish=True)
    page = client.get(f"/public/plans/{pid}").text
    assert "任何人可复核抽签" not in page
    assert "任何人可核对" in page and "审计人员" in page and "auditors" in page, page[:3000]


@pytest.mark.parametrize(("field", "label"), [("rectify_by", "整改期限"), ("date", "检查日期"), ("received_on", "受理日期"), ("start_on", "开始日期")])
def test_a_bad_date_is_named_in_chinese_on_the_chinese_side(field: str, label: str) -> None:
    """"rectify_by 日期格式应为 YYYY-MM-DD，实际 'abc'": the record form's refusal named the field by its code."""
    from api.routers.visits import _date, _required_date

    with pytest.raises(YearError) as e:
        _date("abc", field)
    assert e.value.zh.startswith(label) and field not in e.value.zh and field in e.value.en and e.value.field == field, e.value.zh
    with pytest.raises(YearError) as e:
        _required_date("", field)
    assert e.value.zh.startswith(label) and field not in e.value.zh and field in e.value.en, e.value.zh


def test_a_remote_check_record_does_not_speak_of_officers_on_site() -> None:
    """The record of a remote check (one officer, nobody on site) was refused "hb 到场的持证执法人员不足 1 名" (officers
    present on site) and its form asked for 到场执法人员; it is the officer who made the check."""
    y = tiny(visit("R", D, E1, (O1,), mode="remote"))
    with pytest.raises(YearError) as e:
        y.record("R", D, [], {"hb-q": "compliant"}, Caller("clerk"), today=D)
    assert e.value.rule == "R-PAIR" and "到场" not in e.value.zh and "present" not in e.value.en, (e.value.zh, e.value.en)
    assert "核查" in e.value.zh and "made the check" in e.value.en
    assert y.record("R", D, [O1], {"hb-q": "compliant"}, Caller("clerk"), today=D).officer_ids == (O1,)
