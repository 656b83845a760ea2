"""导入模板: the bundle as an empty workbook (bundle.md): one sheet per file, its columns,
drop-down lists of the Chinese labels for code columns, and one example row."""

from __future__ import annotations

import io
from functools import lru_cache

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from api.sheets import empty_workbook
from bundle.schema import CREDIT_KIND_ZH, FILES, OUTCOME_ZH, ROLE_ZH, SECTOR_ZH, SIZE_ZH, TRIGGER_KIND_ZH, Kind

LABELS = {"sector": SECTOR_ZH, "size": SIZE_ZH, "outcome": OUTCOME_ZH, "role": ROLE_ZH}
KIND_LABELS = {"credit_records": CREDIT_KIND_ZH, "triggers": TRIGGER_KIND_ZH}
# One consistent example across the sheets: every reference resolves.
EXAMPLE = {
    "enterprise_id": "91140404C6K5774Q6B", "name": "示例建筑有限公司", "district_code": "140404", "agency_id": "hb", "item_id": "hb-q",
    "team_id": "hb-140404", "officer_id": "hb-140404-01", "trigger_id": "T2027-001", "inspection_id": "I2026-001", "address": "某市某路1号",
    "legal_basis": "《建设工程质量管理条例》", "certificate_no": "14000000001", "officer_ids": "hb-140404-01;hb-140404-02",
    "sectors": "建筑施工;工程监理", "max_visits_per_day": "4", "employees": "57", "training_hours": "64", "annual_visit_budget": "50",
    "grade": "B", "reason": "亲属关系", "note": "", "lat": "36.19", "lon": "113.12",
}
DATES = {"established_on": "2015-06-01", "recorded_on": "2026-05-10", "expires_on": "2027-05-10", "rated_on": "2026-12-01",
         "inspected_on": "2026-04-12", "received_on": "2027-02-03", "certificate_expires_on": "2029-12-31", "start_on": "2027-08-02",
         "end_on": "2027-08-13", "date": "2027-10-09"}
NAMES = {"agencies": "市住房和城乡建设局", "items": "工程质量安全检查", "officers": "张三"}


def _example(file: str, column: str, kind: Kind, choices: tuple[str, ...]) -> str:
    if column == "name" and file in NAMES:
        return NAMES[file]
    if column == "reason" and file == "unavailability":  # a leave, not a recusal's 亲属关系 (walk15)
        return "请假"
    if column == "kind":
        return next(iter(KIND_LABELS[file].values()))
    if column in LABELS:
        return next(iter(LABELS[column].values())) if column != "role" else ROLE_ZH["enforcement"]
    if kind is Kind.DATE:
        return DATES.get(column, "2027-03-01")
    if kind is Kind.BOOL:
        return "是" if column != "workday" else "否"
    return EXAMPLE.get(column, "")


@lru_cache(maxsize=1)
def import_template() -> bytes:
    wb = empty_workbook()
    head = PatternFill("solid", fgColor="DDE6F0")
    for spec in FILES:
        ws = wb.create_sheet(spec.name)
        ws.append([c.name for c in spec.columns])
        ws.append([_example(spec.name, c.name, c.kind, c.choices) for c in spec.columns])
        for i, c in enumerate(spec.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = Font(bold=True)
            cell.fill = head
            cell.comment = Comment(f"{spec.zh} · {'必填' if c.required and c.nonempty else '可空'} · {c.kind.value}", "inspection")
            ws.column_dimensions[get_column_letter(i)].width = max(12, len(c.name) + 4)
            labels = KIND_LABELS[spec.name] if c.name == "kind" else LABELS.get(c.name)
            if c.kind is Kind.ENUM and labels is None:
                labels = {x: x for x in c.choices}
            if c.kind is Kind.BOOL:
                labels = {"true": "是", "false": "否"}
            if labels and c.kind is not Kind.LIST:
                options = ",".join(labels.values())
                dv = DataValidation(type="list", formula1=f'"{options}"', allow_blank=not c.nonempty, showErrorMessage=True,
                                    errorTitle="取值无效", error=f"请从列表中选择：{options}")
                ws.add_data_validation(dv)
                dv.add(f"{get_column_letter(i)}2:{get_column_letter(i)}100000")
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
