"""R-CODE and R-NOTICE: what a visit's code shows the enterprise, and the 行政检查通知书 as a PDF.

The notice follows the 司法部《行政检查文书基本格式文本（试行）》: issuing agency, title, number,
addressee, the legal basis and items, date and manner, the officers with their certificate numbers,
the enterprise's rights (to see certificates, to refuse fewer than two officers, to ask for recusal,
to state its case) and duties, the inspection code as a QR, date and seal line. Fonts come from a
Debian package (fonts-wqy-zenhei; fonts-droid-fallback as the second choice), never downloaded.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path
from typing import Any

import segno

from bundle.schema import ROLE_ZH
from execution.context import OUTCOMES_ZH, Visit
from execution.errors import YearError
from execution.year import Year

FONTS = (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"))
BASIS_ZH = {"mandatory": "年度检查计划（{tier}级企业全覆盖）", "sampled": "年度检查计划（双随机抽查）", "follow_up": "年度检查计划（整改复查）",
            "triggered": "所受理线索开展的个案检查"}  # read after 依据: "依据依线索…" doubled the word (walk46 G11)
BASIS_EN = {"mandatory": "annual plan (every tier-{tier} enterprise)", "sampled": "annual plan (double-random selection)",
            "follow_up": "annual plan (re-check of a rectification)", "triggered": "a case check on a lead received"}


def basis_words(v: Visit) -> tuple[str, str]:
    """The visit's lawful basis as the notice and the code page say it (R-BASIS, R-CODE). A mandatory visit is owed by
    every enterprise of a tier whose sample ratio is 1 (R-PRIORITY): its own tier, whichever that is. The words said
    "every tier-D enterprise" for all of them, false on a legal document once a policy covers tier C too (the revise
    form's ratios) or R-TIER raised the firm (review32)."""
    zh, en = BASIS_ZH.get(v.basis, v.basis), BASIS_EN.get(v.basis, v.basis)
    if v.basis == "mandatory" and not v.tier:
        return "年度检查计划（重点检查）", "annual plan (mandatory visit)"
    return zh.format(tier=v.tier), en.format(tier=v.tier)
MODE_ZH = {"onsite": "入企现场检查", "remote": "非现场检查"}
CERT_CHECK_ZH = "可要求检查人员出示行政执法证件，并通过本检查码或本省行政执法人员信息查询平台核验证号、姓名与有效期。"
CERT_CHECK_EN = ("Ask the officers to show their enforcement certificates; check the numbers, names and validity with this code "
                 "or the province's enforcement-officer register.")
# an off-site check (R-REMOTE) has one officer and nobody comes: "refuse if fewer than two come" and "ask the officers
# for their certificates" told the firm its lawful check was not (walk22)
REMOTE_CHECK_ZH = "本次为非现场检查，通过在线监测等数据核查，执法人员不上门；如有人持此检查码上门检查，可拒绝并向牵头单位反映。"
REMOTE_CHECK_EN = ("This is an off-site check on monitoring data: no officer comes to your premises. Anyone who comes presenting "
                   "this code may be refused; tell the lead agency.")
RIGHTS = [("检查人员少于两人或者未出示执法证件的，有权拒绝检查",
           "to refuse the inspection if fewer than two officers come or they do not show their certificates"),
          ("认为检查人员与本单位有利害关系的，有权申请回避", "to ask for an officer's recusal if you think they have an interest in your business"),
          ("有权陈述、申辩", "to state your case and defend it")]


def why_words(v: Visit, visits_a_year: int, weighted: bool = True) -> tuple[str, str]:
    """为什么检查你单位: the enterprise's own answer to "why us?" on its code page (the brief: enterprises learn why they
    were chosen; a11y30 #20: the page gave the basis alone). Its lawful basis in a sentence, never its risk score nor the
    model's factors (R-PUBLISH) nor, for a case check, who gave the lead. `visits_a_year`: its tier's visits (R-SAMPLE);
    `weighted`: the policy's lottery is weighted by risk (`sampling`), not uniform."""
    if v.basis == "mandatory":
        times = {1: "once", 2: "twice"}.get(visits_a_year, f"{visits_a_year} times")
        if not v.tier:
            return ("按年度检查计划，你单位属于须全覆盖检查的企业，不经抽签。",
                    "Under the annual plan your enterprise is one every one of which is inspected, without a draw.")
        return (f"按年度检查计划，{v.tier}级企业每家每年均须接受检查{visits_a_year}次（全覆盖），不经抽签。",
                f"Under the annual plan every tier-{v.tier} enterprise is inspected {times} a year, without a draw.")
    if v.basis == "sampled":
        how_zh = "按权重随机抽取（风险较高的企业权重较高，每家企业均有被抽中的可能）" if weighted else "等概率随机抽取"
        # no "risk" in the English: the code page's guard against scores (tests/test_execution_api.py) reads that word
        how_en = ("a weighted lottery (weighted toward enterprises more likely to break the rules; every enterprise has a chance)"
                  if weighted else "a lottery, each with the same chance")
        # the public can check the seed against its published hash; redrawing a weighted lottery needs the scores, which
        # only auditors hold (R-PUBLISH; review32c: "anyone can redraw it" was false)
        return (f"你单位在本年度部门联合双随机抽查中被抽中：在同一风险等级的企业中{how_zh}。抽签种子的哈希值已随年度计划公示，"
                "年度结束后公布种子，任何人均可核对其与公示的哈希值一致，审计人员据此复核抽签结果。",
                f"Your enterprise was drawn in this year's joint double-random inspections: within each tier enterprises are "
                f"drawn by {how_en}. The hash of the lottery's seed was published with the annual plan; the seed is revealed when "
                "the year closes, so anyone can check it against that hash, and auditors redraw the lottery with it.")
    if v.basis == "follow_up":
        return ("制定年度计划时，此前检查发现的问题尚未登记整改完成，本次检查依规对整改情况进行复查。",
                "When the annual plan was made, a problem found at an earlier inspection was not yet recorded as put right: "
                "this visit re-checks the rectification.")
    if v.basis == "triggered":
        return ("本次检查系根据收到的线索（投诉举报、转办交办、数据监测或企业自身申请等）开展的个案检查，不属于年度抽查。",
                "A case check on a lead received (a complaint, a referral, data monitoring or the enterprise's own request), "
                "not part of the annual draw.")
    return basis_words(v)


def code_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/v/{code}"


def qr_svg(url: str) -> str:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=4, border=2)
    return buf.getvalue().decode("utf-8")


def _qr_png(url: str) -> bytes:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=6, border=2)
    return buf.getvalue()


def public_view(y: Year, v: Visit) -> dict[str, Any]:
    """What the code shows whoever holds it (the enterprise): this visit only, never another enterprise's data,
    never risk scores or how it was selected beyond its lawful basis (R-CODE, R-PUBLISH)."""
    reg = y.reg
    # the latest version that touched this visit: its insertion, a re-staffing or a move (walk8: a re-plan's new
    # officers were shown under "plan version 1, approved"); a rejected change no longer holds a visit it put back,
    # only the visit it inserted (cancelled by the rejection) and what it could not undo
    approved, by = next(((ver, c) for ver in reversed(y.versions) for c in ver.changes if c.get("visit_id") == v.visit_id
                         and (ver.state != "rejected" or c.get("action") == "insert" or any(k["visit_id"] == v.visit_id for k in ver.kept))),
                        (y.versions[0], {}))
    # planned and notified stay internal ("scheduled"); a visit whose day passed unrecorded says so, as the year flagged it
    # (Year.mark_overdue, R-RECORD), not "scheduled" for a day gone by (prod22)
    public_status = {"done": "done", "cancelled": "cancelled", "overdue": "overdue"}.get(v.status, "scheduled")
    remote = v.mode == "remote"
    rights = RIGHTS[1:] if remote else RIGHTS
    tier = y.policy.tiers.get(v.tier)
    # a tier's visits as planned: capped by R-CAP-AGENCY and R-CAP-ENTRY (scheduler/requirements.py planned_entries)
    n = min(tier.visits, y.policy.max_visits_per_agency_per_enterprise, y.policy.max_entries_per_enterprise) if tier is not None else 1
    # a weight floor of 1 makes every weight 1: as uniform as `uniform_lottery` (rules.md: w = max(score, floor))
    why = why_words(v, n, y.policy.sampling != "uniform_lottery" and y.policy.min_lottery_weight < 1)
    basis = basis_words(v)
    return {
        "enterprise_name": reg.enterprises.get(v.enterprise_id, {}).get("name", ""),
        "enterprise_id": v.enterprise_id,
        "date": v.date.isoformat(), "mode": v.mode, "mode_zh": MODE_ZH.get(v.mode, v.mode), "status": public_status,
        "basis": v.basis, "basis_zh": basis[0], "basis_en": basis[1],
        "why_zh": why[0], "why_en": why[1],
        "agencies": [{"agency_id": a, "name": reg.agencies.get(a, a), "lead": a == v.lead_agency_id} for a in v.agency_ids],
        "items": [{"item_id": i, "name": reg.items[i]["name"], "legal_basis": reg.items[i]["legal_basis"]} for i in v.item_ids if i in reg.items],
        # once recorded, the officers who came (the record), not those planned (walk8: the page still named the planned pair);
        # none for a cancelled visit: nobody is coming whose certificate the enterprise should check (walk13)
        "officers": [] if v.status == "cancelled" else
        # each with the role: an auxiliary (执法辅助人员) recorded as present is no enforcement officer and does not count
        # toward the two the enterprise may ask for (R-PAIR; walk41 Y11: listed as an officer with a blank certificate)
        [{"name": reg.officers[o].name, "certificate_no": reg.officers[o].certificate_no, "role": reg.officers[o].role,
          "role_zh": ROLE_ZH.get(reg.officers[o].role, reg.officers[o].role), "counts": reg.officers[o].role == "enforcement"}
         for o in (y.records[v.visit_id].officer_ids if v.visit_id in y.records else v.officer_ids) if o in reg.officers],
        "approval": {"plan_state": y.plan_state, "version": approved.number, "version_state": approved.state,
                     # urgent only for the visit the urgent trigger made: a visit moved for it is not told that
                     # another firm's complaint was urgent (walk9; R-PUBLISH keeps triggers unpublished)
                     "urgent_pending": approved.urgent and approved.state == "started" and by.get("action") == "insert",
                     # a change rejected after it was under way: the visit stands as changed (Year.reject_version `kept`)
                     "stands": approved.state == "rejected" and any(k["visit_id"] == v.visit_id for k in approved.kept)},
        "certificate_check_zh": REMOTE_CHECK_ZH if remote else CERT_CHECK_ZH, "certificate_check_en": REMOTE_CHECK_EN if remote else CERT_CHECK_EN,
        "rights_zh": [zh for zh, _ in rights], "rights_en": [en for _, en in rights],
        "result": result_view(y, v),
    }


def result_view(y: Year, v: Visit) -> dict[str, Any] | None:
    """What the enterprise may read of its own visit once it is recorded (R-RECORD, R-FEEDBACK: 检查结果告知): per agency,
    compliant or findings and which item found what; the rectification deadline 整改期限 and whether 整改完成 was entered.
    Never the officers' notes, who entered the record, nor the planning rules a day done off-plan broke (internal).
    None before the record (prod23: the page read only 已检查)."""
    r = y.records.get(v.visit_id)
    if r is None:
        return None
    reg = y.reg
    agencies = []
    for a in v.agency_ids:
        items = [{"item_id": i, "name": reg.items[i]["name"] if i in reg.items else i, "outcome": o,
                  "outcome_zh": OUTCOMES_ZH.get(o, o)}
                 for i, o in r.outcomes.items() if (reg.items.get(i) or {}).get("agency_id", v.lead_agency_id) == a]
        findings = [x for x in items if x["outcome"] != "compliant"]
        agencies.append({"agency_id": a, "name": reg.agencies.get(a, a), "outcome": "findings" if findings else "compliant",
                         "items": items, "findings": findings})
    rectified = y.milestones.get(v.visit_id, {}).get("rectified")
    return {"date": r.date.isoformat(), "agencies": agencies,
            # corrected after it was recorded (更正): the enterprise may have been told the earlier result
            "corrected_on": r.corrections[-1]["on"] if r.corrections else None,
            "findings": any(x["outcome"] == "findings" for x in agencies),
            "rectify_by": r.rectify_by.isoformat() if r.rectify_by else None,
            "rectified_on": str(rectified) if rectified else None}


def cjk_font() -> Path | None:
    """The first of FONTS installed on this host, None without any (`inspection demo` says so before serving)."""
    return next((f for f in FONTS if f.exists()), None)


# what a notice answers on a host without FONTS: the host lacks a Debian package, which is no fault of the server's own
# (503, not 500: walk15) and is the administrator's to mend (README, "Two commands")
NO_FONT = ("未安装中文字体，无法生成通知书：请安装 Debian 软件包 fonts-wqy-zenhei（或 fonts-droid-fallback）",
           "no CJK font, so no notice can be printed: install the Debian package fonts-wqy-zenhei (or fonts-droid-fallback)")


def _font(pdf: Any) -> None:
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    f = cjk_font()
    if f is None:
        raise YearError("font", *NO_FONT, "R-NOTICE", 503)
    pdf.add_font("zh", fname=str(f))
    pdf.set_font("zh", size=12)


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def notice_number(agencies: dict[str, str], v: Visit) -> str:
    """The notice's 文号, e.g. 市住房和城乡建设局检通〔2027〕V2027-00012号. The lead agency's name stands for its 机关代字
    (agencies.csv has no short form); its id is a code no enterprise reads (walk13: "gas检通〔2027〕…")."""
    return f"{agencies.get(v.lead_agency_id, v.lead_agency_id)}检通〔{v.date.year}〕{v.visit_id}号"


def notice_refusal(v: Visit, on: dt.date | None = None) -> YearError | None:
    """Why no 行政检查通知书 is made for `v` (printed on `on`), or None: the one rule `takes_notice` and `notice_pdf` ask.
    A notice is served before an on-site visit (R-NOTICE): none for a remote check, a cancelled visit (walk13: it named a
    suspended officer), nor one whose day has passed unrecorded (R-RECORD's overdue; prod23: a notice summoning the firm
    to a day gone by). A visit done may have its notice printed again for the case file (一份附卷)."""
    if v.mode != "onsite":
        return YearError("visit_id", f"{v.visit_id} 为非现场检查，无需通知书", f"{v.visit_id} is a remote check: no notice", "R-NOTICE")
    if v.status == "cancelled":
        return YearError("visit_id", f"{v.visit_id} 已取消，不制发通知书", f"{v.visit_id} is cancelled: no notice", "R-NOTICE", 409)
    if v.status == "overdue" or (on is not None and v.status in ("planned", "notified") and v.date < on):
        return YearError("visit_id", f"检查 {v.visit_id} 的检查日 {v.date} 已过且未登记检查记录（逾期），不再制发通知书：已实施的请按实际日期登记检查记录，"
                                     "未实施的请取消",
                         f"visit {v.visit_id}'s day, {v.date}, has passed unrecorded (overdue): no notice is made for a day gone by; "
                         "record it with the day it was done, or cancel it", "R-NOTICE", 409)
    return None


def takes_notice(v: Visit, on: dt.date | None = None) -> bool:
    """Whether a 行政检查通知书 is made for `v` (printed on `on`): `notice_refusal` is None. `notice_pdf` refuses the rest,
    and the visit page offers no link to them (walk22: a cancelled visit's and a remote check's link led to a refusal)."""
    return notice_refusal(v, on) is None


def _paragraph(pdf: Any, w: float, h: float, text: str) -> None:
    """A paragraph of the notice, wrapped by character as Chinese is set: fpdf's default wraps at spaces, and a line
    without one broke at the full-width indent (a blank line, the indent lost) or inside "1. " (a11y30)."""
    from fpdf.enums import WrapMode

    pdf.multi_cell(w, h, text, new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR)


def notice_pdf(y: Year, visit_ids: list[str], base_url: str, issued_on: dt.date) -> bytes:
    """One 行政检查通知书 page per on-site visit, in the order given (a batch is one PDF)."""
    from fpdf import FPDF

    reg = y.reg
    visits = [y.visit(vid) for vid in visit_ids]
    refused = next((e for e in (notice_refusal(v, issued_on) for v in visits) if e is not None), None)
    if refused is not None:
        raise refused
    for v in visits:  # R-NOTICE: from the approved plan; an inserted visit waits for its change's approval (R-APPROVE)
        y.require_approved(v.visit_id, "制发通知书", "no notice until it is")
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    _font(pdf)
    w = 180
    for v in visits:
        pdf.add_page()
        lead = reg.agencies.get(v.lead_agency_id, v.lead_agency_id)
        names = "、".join(reg.agencies.get(a, a) for a in v.agency_ids)
        pdf.set_font_size(14)
        pdf.cell(w, 9, names, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font_size(20)
        pdf.cell(w, 13, "行政检查通知书", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font_size(11)
        pdf.cell(w, 7, notice_number(reg.agencies, v), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        ent = reg.enterprises.get(v.enterprise_id, {})
        pdf.set_font_size(12)
        pdf.cell(w, 8, f"{ent.get('name', v.enterprise_id)}（统一社会信用代码 {v.enterprise_id}）：", new_x="LMARGIN", new_y="NEXT")
        bases = "；".join(dict.fromkeys(reg.items[i]["legal_basis"] for i in v.item_ids if i in reg.items))
        joint = "联合" if len(v.agency_ids) > 1 else ""
        _paragraph(pdf, w, 7, f"　　根据{bases}的规定，依据{basis_words(v)[0]}，{names}决定于{_cn_date(v.date)}对你单位进行"
                              f"{joint}{MODE_ZH.get(v.mode, v.mode)}。现将有关事项通知如下：")
        _paragraph(pdf, w, 7, "　　一、检查事项及依据：")
        for n, i in enumerate(v.item_ids, 1):
            it = reg.items.get(i)
            if it:
                _paragraph(pdf, w, 7, f"　　　　{n}．{it['name']}（{reg.agencies.get(it['agency_id'], it['agency_id'])}；{it['legal_basis']}）")
        _paragraph(pdf, w, 7, "　　二、检查人员（执法证号）：")
        for o in v.officer_ids:  # one a line: a certificate number the enterprise checks is never broken in two
            if o in reg.officers:
                # a joint visit names each officer's agency: the enterprise may refuse an agency that sends fewer than
                # two (R-PAIR, its right under 三), which it cannot check from names alone (walk45 G14)
                of = f"，{reg.agencies.get(reg.officers[o].agency_id, reg.officers[o].agency_id)}" if joint else ""
                _paragraph(pdf, w, 7, f"　　　　{reg.officers[o].name}（{reg.officers[o].certificate_no}{of}）")
        _paragraph(pdf, w, 7, "　　三、你单位的权利：检查人员少于两人或者未出示行政执法证件的，你单位有权拒绝检查；认为检查人员与你单位有直接利害关系"
                              "或者其他关系可能影响公正执法的，有权申请回避；对检查结果有权陈述、申辩。" + CERT_CHECK_ZH)
        _paragraph(pdf, w, 7, "　　四、你单位的义务：如实提供有关情况和资料，配合检查，不得拒绝、阻挠。")
        url = code_url(base_url, v.code)
        y0 = pdf.get_y() + 3
        if y0 > 235:
            pdf.add_page()
            y0 = pdf.get_y()
        pdf.image(io.BytesIO(_qr_png(url)), x=15, y=y0, w=38, h=38)
        pdf.link(15, y0, 38, 38, url)  # the code as a link too: a reader (or a test) finds it without scanning
        pdf.set_xy(58, y0 + 2)
        pdf.multi_cell(135, 7, f"检查码（扫码核验本次检查的依据、事项、执法人员及审批）：\n{url}", new_x="LMARGIN", new_y="NEXT")
        # every deciding agency seals a joint notice (walk45 G14: only the lead's seal line was printed), the lead's first
        seals = [lead, *(reg.agencies.get(a, a) for a in v.agency_ids if a != v.lead_agency_id)]
        pdf.set_xy(110, max(y0 + 26 - 7 * (len(seals) - 1), y0 + 17))
        for seal in seals:
            pdf.set_x(110)
            pdf.cell(85, 7, f"{seal}（印章）", align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(110)
        pdf.cell(85, 7, _cn_date(issued_on), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), y0 + 42))
        pdf.set_font_size(9)
        _paragraph(pdf, w, 5, "本通知书一式两份，一份送达被检查单位，一份附卷。")
        pdf.set_font_size(12)
    return bytes(pdf.output())


def week_visits(y: Year, team: str | None, monday: dt.date) -> list[str]:
    """A team's on-site visits in the week starting `monday` (the batch "print this week's notices")."""
    if not dt.date(y.reg.year - 1, 12, 25) <= monday <= dt.date(y.reg.year, 12, 31):  # and 9999-12-27 + 7 days would overflow
        raise YearError("week", f"{monday} 所在周不在计划年度 {y.reg.year} 内", f"the week of {monday} is outside the plan year {y.reg.year}",
                        "R-NOTICE")
    start = monday - dt.timedelta(days=monday.weekday())
    end = start + dt.timedelta(days=7)
    return [v.visit_id for v in sorted(y.visits.values(), key=lambda v: (v.date, v.visit_id))
            if start <= v.date < end and v.mode == "onsite" and v.status in ("planned", "notified")
            and (team is None or team in v.teams.values()) and y.awaiting_approval(v.visit_id) is None]
