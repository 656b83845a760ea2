"""policy.json 检查规则: the locality's settings, every default from rules.md filled in."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from bundle.problems import Collector

TIER_NAMES = ("A", "B", "C", "D")
DEFAULT_TIERS: dict[str, dict[str, float | int]] = {
    "A": {"sample_ratio": 0.03, "visits": 1},
    "B": {"sample_ratio": 0.20, "visits": 1},
    "C": {"sample_ratio": 0.60, "visits": 1},
    "D": {"sample_ratio": 1.00, "visits": 2},
}
SAMPLING = ("weighted_lottery", "uniform_lottery")


@dataclass(frozen=True)
class TierPolicy:
    sample_ratio: float
    visits: int


@dataclass(frozen=True)
class Policy:
    """Every CONFIG value of rules.md, with its default. Field names are policy.json keys."""

    year: int
    seed: str
    tiers: dict[str, TierPolicy] = field(default_factory=dict)
    sampling: str = "weighted_lottery"
    min_lottery_weight: float = 0.05
    max_visits_per_agency_per_enterprise: int = 2  # R-CAP-AGENCY
    max_entries_per_enterprise: int = 3  # R-CAP-ENTRY
    min_days_between_visits: int = 30  # R-GAP
    min_days_between_repeat_visits: int = 90  # R-GAP
    officers_per_agency_on_visit: int = 2  # R-PAIR
    max_visits_per_officer_per_day: int = 2  # R-AVAIL
    max_visits_per_officer_per_year: int = 60  # R-AVAIL
    max_remote_checks_per_officer_per_day: int = 8  # R-AVAIL
    onsite_required_tiers: tuple[str, ...] = ("D",)  # R-REMOTE
    trigger_within_workdays: int = 15  # R-TRIGGER
    urgent_within_workdays: int = 3  # R-TRIGGER
    reserve_capacity_ratio: float = 0.15  # R-SPREAD
    min_training_hours: float = 60  # R-TRAIN
    min_legal_review_ratio: float = 0.05  # R-REVIEW (not in bundle.md's example; rules.md's default)
    follow_up_within_workdays: int = 60  # R-FOLLOW: re-checks fall in the first months (docs/decisions.md)
    tier_thresholds: tuple[float, float, float] = (0.20, 0.30, 0.40)  # model probability → B, C, D; an imposed tier holds its score in this band (risk/MODEL_CARD.md)
    # the year in motion (rules.md, after approval; bundle.md's example lists them)
    feedback_within_workdays: int = 5  # R-FEEDBACK
    transfer_within_workdays: int = 10  # R-TRANSFER
    transfer_feedback_within_workdays: int = 5  # R-TRANSFER
    archive_within_days: int = 60  # R-ARCHIVE (calendar days)
    publish_results_within_workdays: int = 20  # R-PUBLISH
    case_review_ratio: float = 0.10  # R-CASE-REVIEW
    freeze_workdays: int = 5  # R-INSERT
    max_moved_visits: int = 3  # R-INSERT

    def tier(self, name: str) -> TierPolicy:
        return self.tiers[name]

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["onsite_required_tiers"] = list(self.onsite_required_tiers)
        out["tier_thresholds"] = list(self.tier_thresholds)
        return out


# key → (kind, low, high): the range a value must fall in (inclusive).
_SCALARS: dict[str, tuple[type, float, float]] = {
    "min_lottery_weight": (float, 1e-9, 1.0),
    "max_visits_per_agency_per_enterprise": (int, 1, 366),
    "max_entries_per_enterprise": (int, 1, 366),
    "min_days_between_visits": (int, 0, 365),
    "min_days_between_repeat_visits": (int, 0, 365),
    "officers_per_agency_on_visit": (int, 1, 10),
    "max_visits_per_officer_per_day": (int, 1, 20),
    "max_visits_per_officer_per_year": (int, 0, 5000),
    "max_remote_checks_per_officer_per_day": (int, 0, 200),
    "trigger_within_workdays": (int, 1, 250),
    "urgent_within_workdays": (int, 1, 250),
    "reserve_capacity_ratio": (float, 0.0, 0.9),
    "min_training_hours": (float, 0.0, 2000.0),
    "min_legal_review_ratio": (float, 0.0, 1.0),
    "follow_up_within_workdays": (int, 1, 250),
    "feedback_within_workdays": (int, 1, 250),
    "transfer_within_workdays": (int, 1, 250),
    "transfer_feedback_within_workdays": (int, 1, 250),
    "archive_within_days": (int, 1, 366),
    "publish_results_within_workdays": (int, 1, 250),
    "case_review_ratio": (float, 0.0, 1.0),
    "freeze_workdays": (int, 0, 250),
    "max_moved_visits": (int, 0, 50),
}
KNOWN_KEYS = frozenset(
    {"year", "seed", "tiers", "sampling", "onsite_required_tiers", "tier_thresholds", *_SCALARS}
)
FILE = "policy.json"


def default_seed(year: int) -> str:
    """The seed where policy.json gives none (a guessable one: bundle.loader.weak_seed says so)."""
    return f"{year}-annual-plan"


def default_policy(year: int) -> Policy:
    return Policy(year=year, seed=default_seed(year), tiers=_tiers(DEFAULT_TIERS))


def _valid_year(year: Any) -> bool:
    return _is_number(year, int) and 2000 <= int(year) <= 2100


def policy_year(text: str | None, default_year: int) -> int | None:
    """The plan year policy.json names, where that much of it reads whatever its other keys say (`default_year` where
    it names none or there is no policy.json); None where its JSON or its year is wrong. For checking the other files
    of a bundle whose policy.json is refused (bundle.loader)."""
    if text is None:
        return default_year
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return None
    year = raw.get("year", default_year) if isinstance(raw, dict) else None
    return int(year) if year is not None and _valid_year(year) else None


def _tiers(raw: dict[str, dict[str, float | int]]) -> dict[str, TierPolicy]:
    return {t: TierPolicy(float(raw[t]["sample_ratio"]), int(raw[t]["visits"])) for t in TIER_NAMES}


def _line_of(text: str, key: str) -> int:
    """The line where `"key"` first appears, so a planner can find it in an editor."""
    m = re.search(r'"' + re.escape(key) + r'"\s*:', text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _is_number(v: Any, kind: type) -> bool:
    if isinstance(v, bool):
        return False
    if kind is int:
        return isinstance(v, int) or (isinstance(v, float) and v.is_integer())
    return isinstance(v, int | float)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_policy(text: str | None, default_year: int, out: Collector) -> Policy | None:
    """Parse policy.json; report every problem into `out`; None when anything is wrong."""
    if text is None:
        return default_policy(default_year)
    before = len(out.problems)
    repeated: list[str] = []

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        # json keeps the last of two equal keys silently: {"seed": "a", …, "seed": "b"} would plan with "b" unseen
        seen: dict[str, Any] = {}
        for k, v in pairs:
            if k in seen:
                repeated.append(k)
            seen[k] = v
        return seen

    try:
        raw = json.loads(text, object_pairs_hook=no_repeats)
    except json.JSONDecodeError as e:
        out.add(FILE, e.lineno, "-", f"JSON 格式错误：{e.msg}（第{e.colno}列）", f"invalid JSON: {e.msg} (column {e.colno})")
        return None
    except (ValueError, RecursionError) as e:  # a number over 4,300 digits, nesting deeper than Python's stack
        out.add(FILE, 1, "-", f"JSON 格式错误：数字过长或嵌套过深（{type(e).__name__}）",
                f"invalid JSON: a number too long or nesting too deep ({type(e).__name__})")
        return None
    if not isinstance(raw, dict):
        out.add(FILE, 1, "-", "policy.json 应为 JSON 对象", "policy.json must be a JSON object")
        return None
    for key in dict.fromkeys(repeated):
        again = [m.start() for m in re.finditer(r'"' + re.escape(key) + r'"\s*:', text)]
        line = text.count("\n", 0, again[1]) + 1 if len(again) > 1 else _line_of(text, key)
        out.add(FILE, line, key, f"规则项 {key} 出现了不止一次（只能写一次）", f"policy key {key} is given more than once")

    def bad(key: str, zh: str, en: str) -> None:
        out.add(FILE, _line_of(text, key.split(".")[-1]), key, zh, en)

    for key in sorted(set(raw) - KNOWN_KEYS):
        bad(key, f"未知的规则项 {key}", f"unknown policy key {key}")

    values: dict[str, Any] = {}
    year = raw.get("year", default_year)
    if not _valid_year(year):
        bad("year", f"year 应为 2000–2100 的整数，实际 {year!r}", f"year must be an integer 2000–2100, got {year!r}")
    else:
        values["year"] = int(year)
    seed = raw.get("seed", default_seed(values.get("year", default_year)))
    if not isinstance(seed, str | int) or isinstance(seed, bool) or str(seed) == "":
        bad("seed", "seed 应为非空字符串", "seed must be a non-empty string")
    elif not _encodable(str(seed)):  # "\ud800" is valid JSON, but the lottery hashes the seed's UTF-8 bytes (R-SAMPLE)
        bad("seed", "seed 含有无效字符（孤立的 \\u 代理项）", "seed holds an invalid character (a lone \\u surrogate)")
    else:
        values["seed"] = str(seed)

    for key, (kind, low, high) in _SCALARS.items():
        if key not in raw:
            continue
        v = raw[key]
        if not _is_number(v, kind) or not low <= v <= high:
            kind_zh = "整数" if kind is int else "数值"
            bad(key, f"{key} 应为 {low}–{high} 的{kind_zh}，实际 {v!r}", f"{key} must be {'a whole number' if kind is int else 'a number'} in {low}–{high}, got {v!r}")
        else:
            values[key] = kind(v)

    sampling = raw.get("sampling", "weighted_lottery")
    if sampling not in SAMPLING:
        bad("sampling", f"sampling 应为 {'/'.join(SAMPLING)} 之一，实际 {sampling!r}", f"sampling must be one of {', '.join(SAMPLING)}, got {sampling!r}")
    values["sampling"] = sampling

    onsite = raw.get("onsite_required_tiers", ["D"])
    if not isinstance(onsite, list) or any(t not in TIER_NAMES for t in onsite):
        bad("onsite_required_tiers", "onsite_required_tiers 应为 A/B/C/D 组成的列表", "onsite_required_tiers must be a list of tiers A, B, C, D")
    else:
        values["onsite_required_tiers"] = tuple(sorted(set(onsite)))

    thresholds = raw.get("tier_thresholds", list(Policy.tier_thresholds))
    if (
        not isinstance(thresholds, list)
        or len(thresholds) != 3
        or not all(_is_number(t, float) and 0 < t < 1 for t in thresholds)
        or sorted(thresholds) != thresholds
    ):
        bad("tier_thresholds", "tier_thresholds 应为3个递增的0–1之间的概率", "tier_thresholds must be three increasing probabilities in (0, 1)")
    elif len(set(thresholds)) < 3 or any(round(t, 6) != t for t in thresholds):
        # on risk_score's own 6-decimal grid and strictly increasing, every tier has published scores of its own; equal
        # thresholds left tier B or C none, and a grade of that tier could not be published inside its band (risk.tiers)
        # name the offending value, so the planner knows which of the two conditions to fix
        twice = [t for k, t in enumerate(thresholds) if t in thresholds[:k]]
        fine = [t for t in thresholds if round(t, 6) != t]
        why_zh = "；".join([*(f"{t} 出现两次，两者之间的分级没有对应区间" for t in twice), *(f"{t} 超过6位小数" for t in fine)])
        why_en = "; ".join([*(f"{t} appears twice, leaving the tier between them no band" for t in twice),
                            *(f"{t} has more than 6 decimals" for t in fine)])
        bad("tier_thresholds", f"tier_thresholds 应严格递增，且至多6位小数（与发布的风险评分同一精度），实际 {thresholds}：{why_zh}",
            f"tier_thresholds must be strictly increasing with at most 6 decimals (risk_score's published precision), got {thresholds}: "
            f"{why_en}")
    else:
        values["tier_thresholds"] = tuple(float(t) for t in thresholds)

    tiers = {t: dict(v) for t, v in DEFAULT_TIERS.items()}
    raw_tiers = raw.get("tiers", {})
    if not isinstance(raw_tiers, dict):
        bad("tiers", "tiers 应为 JSON 对象", "tiers must be a JSON object")
        raw_tiers = {}
    for name, spec in raw_tiers.items():
        if name not in TIER_NAMES:
            bad(f"tiers.{name}", f"未知的分级 {name}", f"unknown tier {name}")
            continue
        if not isinstance(spec, dict):
            bad(f"tiers.{name}", f"tiers.{name} 应为 JSON 对象", f"tiers.{name} must be a JSON object")
            continue
        for k in sorted(set(spec) - {"sample_ratio", "visits"}):
            bad(f"tiers.{name}.{k}", f"未知的规则项 tiers.{name}.{k}", f"unknown policy key tiers.{name}.{k}")
        ratio = spec.get("sample_ratio", tiers[name]["sample_ratio"])
        if not _is_number(ratio, float) or not 0 <= ratio <= 1:
            bad(f"tiers.{name}.sample_ratio", f"抽查比例应在0–1之间，实际 {ratio!r}", f"sample_ratio must be in 0–1, got {ratio!r}")
        else:
            tiers[name]["sample_ratio"] = float(ratio)
        visits = spec.get("visits", tiers[name]["visits"])
        if not _is_number(visits, int) or not 1 <= visits <= 12:
            bad(f"tiers.{name}.visits", f"检查次数应为1–12的整数，实际 {visits!r}", f"visits must be an integer 1–12, got {visits!r}")
        else:
            tiers[name]["visits"] = int(visits)
    if len(out.problems) > before:
        return None
    values["tiers"] = _tiers(tiers)
    return Policy(**values)
