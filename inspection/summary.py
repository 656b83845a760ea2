"""The bureau at a glance: what `validate` and `demo` print."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bundle import Bundle
from bundle.schema import SECTOR_ZH


class BundleSummary(TypedDict):
    """Counts of a bundle, as `validate` and `demo` print them."""

    year: int
    enterprises: int
    by_sector: dict[str, int]
    by_grade: dict[str, int]  # "—" = no official grade
    by_district: dict[str, int]
    officers: dict[str, dict[str, int]]  # agency → certified, expiring_in_year, auxiliary, legal_review
    workdays: int
    inspections: int
    triggers: int
    warnings: int


def bundle_summary(b: Bundle) -> BundleSummary:
    ent, off, teams = b.enterprises, b.officers, b.teams
    start = pd.Timestamp(dt.date(b.year, 1, 1))
    end = pd.Timestamp(dt.date(b.year, 12, 31))
    off = off.assign(agency_id=off.team_id.map(teams.set_index("team_id").agency_id))
    enf = off.role == "enforcement"
    staff = pd.DataFrame({
        "certified": (enf & (off.certificate_expires_on >= start)).groupby(off.agency_id).sum(),
        "expiring_in_year": (enf & (off.certificate_expires_on <= end)).groupby(off.agency_id).sum(),
        "auxiliary": (off.role == "auxiliary").groupby(off.agency_id).sum(),
        "legal_review": (off.role == "legal_review").groupby(off.agency_id).sum(),
    }).astype(int)
    grades = ent.enterprise_id.map(b.latest_grades().grade).fillna("—")
    return {
        "year": b.year,
        "enterprises": len(ent),
        "by_sector": ent.sector.value_counts().sort_index().to_dict(),
        "by_grade": grades.value_counts().sort_index().to_dict(),
        "by_district": ent.district_code.value_counts().sort_index().to_dict(),
        "officers": staff.to_dict(orient="index"),
        "workdays": len(b.workdays),
        "inspections": len(b.inspections),
        "triggers": len(b.triggers),
        "warnings": len(b.warnings),
    }


def print_summary(b: Bundle, console: Console) -> None:
    s = bundle_summary(b)
    console.print(f"[bold]{escape(b.source)}[/]  计划年度 plan year {s['year']} · 工作日 working days {s['workdays']} · "
                  f"检查对象 enterprises {s['enterprises']} · 历史检查 past inspections {s['inspections']} · "
                  f"线索 triggers {s['triggers']}")
    t = Table("行业 sector", "数量 count", title="检查对象 · 按行业 / by sector")
    for k, v in s["by_sector"].items():
        t.add_row(f"{SECTOR_ZH[k]} {k}", str(v))
    console.print(t)
    t = Table("信用等级 grade", "数量 count", title="按信用风险分类 / by official grade (— = 未评级 none)")
    for k, v in s["by_grade"].items():
        t.add_row(k, str(v))
    console.print(t)
    t = Table("区县 district", "数量 count", title="按区县 / by district")
    for k, v in s["by_district"].items():
        t.add_row(k, str(v))
    console.print(t)
    t = Table("执法主体 agency", "持证执法 certified", "年内到期 expiring", "辅助 auxiliary", "法制审核 legal review",
              title="执法人员 / officers per agency")
    for agency, n in s["officers"].items():
        t.add_row(agency, str(n["certified"]), str(n["expiring_in_year"]), str(n["auxiliary"]), str(n["legal_review"]))
    console.print(t)
    if b.warnings:
        console.print(f"[yellow]提示 {len(b.warnings)} 条 / {len(b.warnings)} notices[/] (R-TRAIN, R-REVIEW …):")
        for w in b.warnings[:10]:
            # as text: rich read a workbook's sheet, registers.xlsx[officers], as a markup tag and dropped it (walk28)
            console.print(f"  {w}", highlight=False, markup=False)
        if len(b.warnings) > 10:
            console.print(f"  … 另有 {len(b.warnings) - 10} 条 / {len(b.warnings) - 10} more")
