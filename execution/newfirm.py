"""A firm the bundle's register does not hold, entered during the year (年内新增检查对象, R-BASIS).

walk41 Y13: a complaint about a firm registered this year was refused "检查对象名录中没有 …", though a complaint is a
lawful basis for a visit (R-TRIGGER). The planner enters the firm as bundle.md's enterprises.csv describes it, checked
as a row of it would be (the credit code's check digit, a sector and a size by code or Chinese label, a 6-digit
district that a team works in, R-TEAM); from then on it is in this year's register like any other — a trigger about it
is inserted (R-INSERT), its visit has items (R-ITEM) and a team — and next year's bundle lists it in enterprises.csv
(history.next_bundle), so its results are history there (R-LEARN). It has no tier: the year's lottery and tiers were
drawn before it existed (R-TIER, R-SAMPLE), and a triggered visit does not need one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bundle.creditcode import problem
from bundle.schema import CODE_OF_LABEL, SECTOR_ZH, SIZE_ZH, allowed
from execution.errors import YearError
from execution.year import Year

# enterprises.csv's columns this entry fills (bundle.md); the others (employees, established_on, lat, lon) stay empty
FIELDS = ("enterprise_id", "name", "district_code", "sector", "size", "address", "remote_monitoring")
NAME_MAX = 200


def _code(text: str, table: dict[str, str], column: str) -> str:
    """A code column's value: the code, or its Chinese label (bundle.md), else refused with what is allowed."""
    t = text.strip()
    code = t if t in table else CODE_OF_LABEL.get(t, "")
    if code not in table:
        zh, en = allowed(tuple(table))
        raise YearError(column, f"{column} 应为 {zh}，实际“{t}”", f"{column} must be one of {en}, got '{t}'", "R-BASIS")
    return code


def add_enterprise(y: Year, fields: dict[str, Any], today: dt.date, who: str) -> dict[str, str]:
    """Enters a firm missing from the register; refuses, naming the column, what enterprises.csv would refuse, a firm
    already in the register (409), and a district no team works in (R-TEAM: no visit could ever be staffed)."""
    y.require_open_plan()
    eid = str(fields.get("enterprise_id") or "").strip().upper()
    why = problem(eid)
    if why is not None:
        raise YearError("enterprise_id", why[0], why[1], "R-BASIS")
    if eid in y.reg.enterprises:
        raise YearError("enterprise_id", f"{y.reg.firm(eid)} 已在检查对象名录中", f"{y.reg.firm(eid)} is in the register already", "R-BASIS", 409)
    name = " ".join(str(fields.get("name") or "").split())
    if not name or len(name) > NAME_MAX:
        raise YearError("name", f"请填写企业名称（不超过{NAME_MAX}字）", f"give the firm's name (at most {NAME_MAX} characters)", "R-BASIS")
    district = str(fields.get("district_code") or "").strip()
    if not re.fullmatch(r"\d{6}", district):
        raise YearError("district_code", f"行政区划代码应为6位数字，实际“{district}”", f"district_code must be 6 digits, got '{district}'", "R-BASIS")
    # a district this bureau knows: a registered firm's or a team's own (review42 #10: 140499, served by the city
    # team 140400 "of any 1404xx", was taken though no such district exists)
    known = {e["district_code"] for e in y.reg.enterprises.values()} | {t.district_code for t in y.reg.teams.values()}
    if district not in known:
        raise YearError("district_code", f"行政区划代码 {district} 不是本单位名录或执法队伍所在的区县（{'、'.join(sorted(known)[:12])}）",
                        f"district_code {district} is none of the register's or the teams' districts ({', '.join(sorted(known)[:12])})",
                        "R-BASIS")
    if not any(t.serves(district) for t in y.reg.teams.values()):
        raise YearError("district_code", f"没有执法队伍负责区县 {district}（R-TEAM），该企业无法安排检查",
                        f"no team works in district {district} (R-TEAM): no visit to the firm could be staffed", "R-TEAM")
    sector = _code(str(fields.get("sector") or ""), SECTOR_ZH, "sector")
    size = _code(str(fields.get("size") or ""), SIZE_ZH, "size")
    remote = fields.get("remote_monitoring")
    row = {"enterprise_id": eid, "name": name, "district_code": district, "sector": sector, "size": size,
           "address": " ".join(str(fields.get("address") or "").split())[:NAME_MAX],
           "remote_monitoring": "true" if remote in (True, "true", "True", "是", "1", "on") else "false",
           "entered_on": today.isoformat(), "entered_by": who}
    y.add_to_register(row)
    y.audit(today, who, "enterprise.add", enterprise_id=eid, name=name, district_code=district, sector=sector, size=size)
    return row


def withdraw_enterprise(y: Year, enterprise_id: str, today: dt.date, who: str, reason: str) -> dict[str, str]:
    """A firm entered during the year by mistake (a wrong name, district or sector), taken out of the register again
    while nothing names it — no trigger, no visit — so it can be entered again as it should be (review42 #10). One that
    a trigger or a visit names stays: that record is the bureau's, and the firm is what it was about."""
    y.require_open_plan()
    eid = enterprise_id.strip().upper()
    row = y.added.get(eid)
    if row is None:
        raise YearError("enterprise_id", f"{eid} 不是本年新增的检查对象", f"{eid} is not a firm entered this year", "R-BASIS", 404)
    if not reason.strip():
        raise YearError("reason", "撤销登记须写明原因", "withdrawing an entry needs a reason", "R-BASIS")
    named = sorted([t.trigger_id for t in y.triggers.values() if t.enterprise_id == eid] + sorted(y.by_enterprise.get(eid, ())))
    if named:
        raise YearError("enterprise_id", f"{row['name']}（{eid}）已有线索或检查（{'、'.join(named[:5])}），不能撤销登记",
                        f"{row['name']} ({eid}) is named by a trigger or visit ({', '.join(named[:5])}): it cannot be withdrawn", "R-BASIS", 409)
    y.remove_from_register(eid)
    y.audit(today, who, "enterprise.withdraw", enterprise_id=eid, name=row["name"], reason=reason.strip()[:500])
    return row
