"""Risk factors in words: one phrase per feature, in Chinese and in English."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import SupportsFloat, cast

from bundle.schema import SECTOR_EN, SECTOR_ZH, SIZE_ZH

Phrase = tuple[str, str]
# the records a model may have had no past inspection to learn from (risk.score.RECORD_COLUMNS), in words: the risk
# report and the plan page (api.i18n's rec_ words). Here, not in risk.score: the pages import no scikit-learn for them
RECORD_WORDS = {"triggers": ("投诉举报等线索", "triggers"), "requests": ("企业自行申请事项", "requests filed by firms themselves"),
                "referrals": ("转办交办的线索", "referrals from other authorities"),
                "grade": ("信用风险分类结果", "official grades"), "dishonest": ("严重失信名单", "the dishonesty list"),
                "bad_records": ("不良信用记录", "bad credit records"), "good_records": ("良好信用记录", "good credit records")}
LAST_FOUND_NAME = {1: "minor", 2: "violation", 3: "serious"}
OUTCOME_ZH = {"compliant": "合规", "minor": "轻微问题", "violation": "违法", "serious": "严重违法", "none": "无"}


def _num(v: object) -> float:
    """A feature cell (Python or numpy number, numeric string) as a float; anything else is a TypeError, as float() gives."""
    # the concrete types first: a Protocol's isinstance is slow (5 s over a province's 430,000 phrases)
    if isinstance(v, (float, int, str, SupportsFloat)):  # checked in order: the Protocol last
        return float(v)
    raise TypeError(f"a risk feature value must be a number, not {v!r}")


def _n(v: object) -> int:
    return int(round(_num(v)))  # noqa: RUF046 - numpy scalars


def _higher(up: bool) -> tuple[str, str]:
    return ("风险较高", "higher risk") if up else ("风险较低", "lower risk")


def _requests(v: object) -> tuple[str, str] | None:
    """A firm's own requests over both windows, v = (on record, in the past year), in one clause:
    "累计企业自行申请事项5件、近一年2件" (no "其中": a clause never leans on another); all in the past year, said so once."""
    on_record, past_year = cast("tuple[object, object]", v)
    n, m = _n(on_record or 0), _n(past_year or 0)
    if not n:
        return None
    if m == n:
        return f"近一年企业自行申请事项{n}件", f"{n} request(s) filed by the firm itself in the past year"
    if not m:
        return f"累计企业自行申请事项{n}件", f"{n} request(s) filed by the firm itself on record"
    return f"累计企业自行申请事项{n}件、近一年{m}件", f"{n} request(s) filed by the firm itself on record, {m} in the past year"


def _allegations(v: object, when_zh: str, when_en: str) -> Phrase | None:
    """A trigger count's allegations (the count less the firm's own requests) and the referrals 转办交办 among them, in one
    clause: "近一年收到投诉举报、转办交办、监测预警等线索3件（含转办交办1件）". v = (allegations, referrals), or the
    allegations alone (a caller without the referral counts)."""
    n, r = (_n(v[0]), _n(v[1] or 0)) if isinstance(v, tuple) else (_n(v), 0)
    if not n:
        return None
    zh = f"{when_zh}收到投诉举报、转办交办、监测预警等线索{n}件" + (f"（含转办交办{r}件）" if r else "")
    en = f"{n} complaint(s), referral(s) or monitoring alert(s) {when_en}" + (
        f" (including {r} referral(s) from another authority)" if r else "")
    return zh, en


PHRASES: dict[str, Callable[[object, bool], Phrase | None]] = {
    "n_unrectified": lambda v, up: (f"以往检查发现的违法行为有{_n(v)}起未整改", f"{_n(v)} past violation(s) not rectified") if v else None,
    "violations_365d": lambda v, up: (f"近一年检查发现违法行为{_n(v)}次", f"{_n(v)} violation(s) found in the past year") if v
    else ("近一年检查未发现违法行为", "no violation found in the past year"),
    # the counts read the bundle's whole history (bundle.md sets no window): "以往", never "近三年" (review11)
    "n_violations": lambda v, up: (f"以往检查发现违法行为{_n(v)}次", f"{_n(v)} violation(s) found in past inspections") if v
    else ("以往检查未发现违法行为", "no violation found in past inspections"),
    # a phrase of its own, never "of them": the factors are ordered by contribution, so a clause leaning on the
    # violation count could come first or alone ("Raising the risk: 1 of them serious; …", foreign12); "include", not
    # "found", so that beside "1 violation(s) found" it is not read as a second one (review11)
    "n_serious": lambda v, up: (f"以往检查发现的违法行为中有{_n(v)}次属严重违法", f"past violations include {_n(v)} serious one(s)")
    if v else None,
    "n_minor": lambda v, up: (f"以往检查发现轻微问题{_n(v)}次", f"{_n(v)} minor issue(s) in past inspections") if v else None,
    "n_findings": lambda v, up: (f"以往检查发现问题{_n(v)}次（含轻微问题）", f"{_n(v)} finding(s) in past inspections, minor ones included")
    if v else None,
    "findings_365d": lambda v, up: (f"近一年检查发现问题{_n(v)}次", f"{_n(v)} finding(s) in the past year") if v else None,
    "n_inspections": lambda v, up: (f"以往接受检查{_n(v)}次", f"inspected {_n(v)} time(s) on record"),
    "never_inspected": lambda v, up: ("无以往检查记录", "no past inspection on record") if v else None,
    "days_since_last": lambda v, up: (f"距上次检查已{_n(v)}天", f"last inspected {_n(v)} days ago") if _num(v) < 3 * 365 else None,
    "last_found": lambda v, up: (f"上次检查发现{OUTCOME_ZH[LAST_FOUND_NAME[_n(v)]]}", f"last inspection found: {LAST_FOUND_NAME[_n(v)]}")
    if v else None,
    "bad_in_force": lambda v, up: (f"有{_n(v)}条不良信用记录在有效期内", f"{_n(v)} bad credit record(s) in force") if v
    else ("无有效期内的不良信用记录", "no bad credit record in force"),
    "good_in_force": lambda v, up: ("有良好信用或表彰记录", "good credit or commendation on record") if v else None,
    "dishonest_in_force": lambda v, up: ("列入严重失信主体名单", "on the serious-dishonesty list") if v else None,
    # every kind of trigger counts (bundle.md: complaint, referral, data_monitoring, enterprise_request): foreign11's
    # monitoring alarms read "complaint(s) or referral(s)" in English; walk13: the Chinese named no request, the English did
    # the allegations only (the count less the firm's own requests, risk.score.top_factors): its requests are worded
    # apart, so one filing is never read as a complaint, nor named twice (walk13, review13)
    "triggers_365d": lambda v, up: _allegations(v, "近一年", "in the past year"),
    "triggers_all": lambda v, up: _allegations(v, "累计", "on record"),
    # 企业申请: the firm asking the bureau (a filing, a self-report); no sign promised, so stated as it is either way; one
    # factor over both windows, v = (on record, in the past year) (risk.score.explanation_factors)
    "requests": lambda v, up: _requests(v),
    "grade": lambda v, up: (f"信用风险分类为{v}级", f"official credit grade {v}") if v in ("A", "B", "C", "D") else None,
    # the sector "other" is a sector of its own: "other firms carry higher risk" read as every firm but this one (foreign13)
    "sector": lambda v, up: ((f"其他行业企业{_higher(up)[0]}", f"firms of other sectors carry {_higher(up)[1]}") if str(v) == "other" else
                             (f"{SECTOR_ZH.get(str(v), v)}企业{_higher(up)[0]}", f"{SECTOR_EN.get(str(v), v)} firms carry {_higher(up)[1]}")),
    "district": lambda v, up: (f"{v}辖区企业{_higher(up)[0]}", f"firms of district {v} carry {_higher(up)[1]}"),
    "size": lambda v, up: (f"{SIZE_ZH.get(str(v), v)}企业{_higher(up)[0]}", f"{v} enterprises carry {_higher(up)[1]}"),
    # the age as it is, whichever way it pushes: the list it sits in says the direction, and the learnt shape of age may
    # raise the risk of an old firm as well as of a young one ("only 30 years in business" would be nonsense)
    "age_years": lambda v, up: ("成立不足1年", "less than a year in business") if _num(v) < 1
    else (f"成立{math.floor(_num(v))}年", f"{math.floor(_num(v))} year(s) in business"),
    "log_employees": lambda v, up: (f"从业人员约{_n(math.expm1(_num(v)))}人", f"about {_n(math.expm1(_num(v)))} employee(s)"),
    "remote_monitoring": lambda v, up: ("已接入在线监测", "online monitoring in place") if v else ("未接入在线监测", "no online monitoring"),
}


def phrase(feature: str, value: object, contribution: float) -> Phrase | None:
    f = PHRASES.get(feature)
    return f(value, contribution > 0) if f else None
