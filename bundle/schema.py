"""What each file of a bundle holds (bundle.md), as data the loader checks cell by cell."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:  # mypy's own typing_extensions; not needed at run time (annotations are not evaluated)
    from typing_extensions import Unpack


class Kind(Enum):
    TEXT = "text"
    CREDIT_CODE = "credit_code"  # 统一社会信用代码, GB 32100-2015
    DISTRICT = "district"  # 行政区划代码, 6 digits
    ENUM = "enum"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    BOOL = "bool"
    LIST = "list"  # ';'-separated


SECTORS = (
    "construction", "real_estate", "property_mgmt", "gas", "supervision",
    "survey_design", "testing", "ready_mix", "municipal", "other",
)
SECTOR_ZH = {
    "construction": "建筑施工", "real_estate": "房地产开发", "property_mgmt": "物业服务",
    "gas": "燃气经营", "supervision": "工程监理", "survey_design": "勘察设计",
    "testing": "工程质量检测", "ready_mix": "预拌混凝土", "municipal": "市政公用", "other": "其他",
}
SECTOR_EN = {  # the sectors in English words (pages, risk factors): "survey_design firms" was the code
    "construction": "construction", "real_estate": "real-estate development", "property_mgmt": "property management",
    "gas": "gas supply", "supervision": "construction supervision", "survey_design": "survey and design",
    "testing": "construction testing", "ready_mix": "ready-mixed concrete", "municipal": "municipal works", "other": "other",
}
SIZES = ("micro", "small", "medium", "large")
SIZE_ZH = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
CREDIT_KINDS = ("commendation", "good", "bad", "serious_dishonest", "repair")
GRADES = ("A", "B", "C", "D")
OUTCOMES = ("compliant", "minor", "violation", "serious")
TRIGGER_KINDS = ("complaint", "referral", "data_monitoring", "enterprise_request")
ROLES = ("enforcement", "auxiliary", "legal_review")
CREDIT_KIND_ZH = {"commendation": "表彰奖励", "good": "良好信用信息", "bad": "不良信用信息", "serious_dishonest": "严重失信主体名单",
                  "repair": "信用修复"}
OUTCOME_ZH = {"compliant": "未发现问题", "minor": "轻微问题", "violation": "违法违规", "serious": "严重违法违规"}
TRIGGER_KIND_ZH = {"complaint": "投诉举报", "referral": "转办交办", "data_monitoring": "数据监测", "enterprise_request": "企业申请"}
ROLE_ZH = {"enforcement": "执法人员", "auxiliary": "执法辅助人员", "legal_review": "法制审核人员"}
# bundle.md: a code column accepts the code or its Chinese label (planners type what their registers say).
# Every label names exactly one code across all code columns, so one table serves them all.
CODE_OF_LABEL: dict[str, str] = {zh: code for table in (SECTOR_ZH, SIZE_ZH, CREDIT_KIND_ZH, OUTCOME_ZH, TRIGGER_KIND_ZH, ROLE_ZH)
                                 for code, zh in table.items()}
LABEL_OF_CODE: dict[str, str] = {code: zh for zh, code in CODE_OF_LABEL.items()}  # no code is in two tables


def allowed(choices: tuple[str, ...]) -> tuple[str, str]:
    """A code column's allowed values in words (zh, en): each code with its Chinese label where it has one, since
    either is accepted (foreign37: a planner who typed 中 was shown micro/small/medium/large, never 中型)."""
    return ("/".join(f"{LABEL_OF_CODE[c]}（{c}）" if c in LABEL_OF_CODE else c for c in choices),
            ", ".join(f"{c} ({LABEL_OF_CODE[c]})" if c in LABEL_OF_CODE else c for c in choices))


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = True  # the column must be in the header
    nonempty: bool = True  # every cell must have a value
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class FileSpec:
    name: str  # without .csv: also the sheet name in a workbook
    required: bool
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns whose values must be unique together
    zh: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


class _ColumnOptions(TypedDict, total=False):
    """Column's optional fields, by name (their defaults stay on Column)."""

    nonempty: bool
    choices: tuple[str, ...]
    low: float | None
    high: float | None


class _RangeOptions(TypedDict, total=False):
    choices: tuple[str, ...]
    low: float | None
    high: float | None


def _c(name: str, kind: Kind = Kind.TEXT, **kw: Unpack[_ColumnOptions]) -> Column:
    return Column(name, kind, **kw)


def _opt(name: str, kind: Kind = Kind.TEXT, **kw: Unpack[_RangeOptions]) -> Column:
    return Column(name, kind, required=False, nonempty=False, **kw)


FILES: tuple[FileSpec, ...] = (
    FileSpec("enterprises", True, (
        _c("enterprise_id", Kind.CREDIT_CODE),
        _c("name"),
        _c("district_code", Kind.DISTRICT),
        _c("sector", Kind.ENUM, choices=SECTORS),
        _c("size", Kind.ENUM, choices=SIZES),
        _opt("employees", Kind.INT, low=0),
        _opt("established_on", Kind.DATE),
        _opt("address"),
        _opt("lat", Kind.FLOAT, low=-90, high=90),
        _opt("lon", Kind.FLOAT, low=-180, high=180),
        _opt("remote_monitoring", Kind.BOOL),
    ), key=("enterprise_id",), zh="检查对象名录库"),
    FileSpec("credit_records", False, (
        _c("enterprise_id"),
        _c("recorded_on", Kind.DATE),
        _c("kind", Kind.ENUM, choices=CREDIT_KINDS),
        _opt("expires_on", Kind.DATE),
        _opt("note"),
    ), zh="信用记录"),
    FileSpec("credit_grades", False, (
        _c("enterprise_id"),
        _c("grade", Kind.ENUM, choices=GRADES),
        _c("rated_on", Kind.DATE),
    ), key=("enterprise_id", "rated_on"), zh="信用风险分类结果"),
    FileSpec("inspections", False, (
        _c("inspection_id"),
        _c("enterprise_id"),
        _c("agency_id"),
        _c("inspected_on", Kind.DATE),
        _c("officer_ids", Kind.LIST, nonempty=False),
        _c("outcome", Kind.ENUM, choices=OUTCOMES),
        _opt("rectified", Kind.BOOL),
        # an extension (bundle.md: extra columns are kept and ignored by other tools): the record's rectification deadline
        # (整改期限), which history.csv writes; R-FOLLOW's re-check of an unrectified violation comes after it (walk42 F1)
        _opt("rectify_by", Kind.DATE),
    ), key=("inspection_id",), zh="历史检查记录"),
    FileSpec("triggers", False, (
        _c("trigger_id"),
        _c("enterprise_id"),
        _c("agency_id"),
        _c("received_on", Kind.DATE),
        _c("kind", Kind.ENUM, choices=TRIGGER_KINDS),
        _c("urgent", Kind.BOOL, nonempty=False),
    ), key=("trigger_id",), zh="投诉举报、转办交办、数据监测、企业申请"),
    FileSpec("agencies", True, (_c("agency_id"), _c("name")), key=("agency_id",), zh="执法主体"),
    FileSpec("items", True, (
        _c("item_id"),
        _c("agency_id"),
        _c("name"),
        _c("legal_basis"),
        _c("sectors", Kind.LIST, choices=SECTORS),
        _c("remote_allowed", Kind.BOOL, nonempty=False),
    ), key=("item_id",), zh="行政检查事项清单"),
    FileSpec("teams", True, (
        _c("team_id"),
        _c("agency_id"),
        _c("district_code", Kind.DISTRICT),
        _c("max_visits_per_day", Kind.INT, low=1, high=1000),
    ), key=("team_id",), zh="执法队伍"),
    FileSpec("officers", True, (
        _c("officer_id"),
        _c("name"),
        _c("team_id"),
        _c("role", Kind.ENUM, choices=ROLES),
        _c("certificate_no", nonempty=False),
        _c("certificate_expires_on", Kind.DATE, nonempty=False),
        _opt("training_hours", Kind.FLOAT, low=0, high=10000),
        _opt("annual_visit_budget", Kind.INT, low=0, high=5000),
    ), key=("officer_id",), zh="执法人员名录库"),
    FileSpec("unavailability", False, (
        _c("officer_id"),
        _c("start_on", Kind.DATE),
        _c("end_on", Kind.DATE),
        _opt("reason"),
    ), zh="人员不可用时段"),
    FileSpec("recusals", False, (
        _c("officer_id"),
        _c("enterprise_id"),
        _opt("reason"),
    ), key=("officer_id", "enterprise_id"), zh="回避"),
    FileSpec("calendar", False, (
        _c("date", Kind.DATE),
        _c("workday", Kind.BOOL),
    ), key=("date",), zh="工作日"),
)
SPECS = {f.name: f for f in FILES}
