"""load_bundle: every file read, every cell and reference checked, all problems at once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from bundle.cells import list_cell, parse_date
from bundle.crosscheck import cross_check
from bundle.policy import Policy, default_policy, default_seed, parse_policy, policy_year
from bundle.problems import Collector, Problem
from bundle.reader import RawTable, Sources, collect_sources, raw_tables, workbook_of
from bundle.schema import FILES, SPECS
from bundle.tables import typed_frame
from bundle.workcal import WorkCalendar, year_days


@dataclass
class Bundle:
    """A validated bundle: typed frames (one per file of bundle.md), the policy in force,
    the working-day calendar, and the warnings that do not stop a plan (R-TRAIN, R-REVIEW…)."""

    source: str
    policy: Policy
    calendar: WorkCalendar
    frames: dict[str, pd.DataFrame]
    input_sha256: str
    files: dict[str, bytes] = field(repr=False, default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    @property
    def year(self) -> int:
        return self.policy.year

    @property
    def workdays(self) -> list[dt.date]:
        return self.calendar.workdays(self.policy.year)

    @cached_property
    def remote_items(self) -> frozenset[str]:
        """Items whose list allows checking without entering (R-REMOTE)."""
        return frozenset(self.items.item_id[self.items.remote_allowed])

    def unrectified_last_year(self) -> pd.DataFrame:
        """R-FOLLOW's rows: last year's violations and serious findings recorded as not put right (`rectified` false;
        unknown is not unrectified)."""
        ins = self.inspections
        return ins[(ins.inspected_on.dt.year == self.year - 1) & ins.outcome.isin(["violation", "serious"])
                   & (ins.rectified == False)]  # noqa: E712 - NA stays unknown

    def follow_up_from(self) -> dict[tuple[str, str], dt.date]:
        """(enterprise, agency) owed a follow-up → the day after the latest rectification deadline of those rows
        (`rectify_by`, the column history.csv adds; walk42 F1): a re-check before it finds nothing due. Absent where no
        deadline is given."""
        rows = self.unrectified_last_year()
        if "rectify_by" not in rows:
            return {}
        last = rows.dropna(subset=["rectify_by"]).groupby(["enterprise_id", "agency_id"]).rectify_by.max()
        return {k: d.date() + dt.timedelta(days=1) for k, d in last.items()}

    def latest_grades(self) -> pd.DataFrame:
        """Each graded enterprise's latest official grade (R-TIER), indexed by enterprise_id: grade, rated_on. Two grades
        rated the same day: the worse one (D over A), as the checker reads it too (checker.rules._latest_grade)."""
        g = self.credit_grades.sort_values(["rated_on", "grade"]).drop_duplicates("enterprise_id", keep="last")
        return g.set_index("enterprise_id")[["grade", "rated_on"]]


def _default_year(tables: dict[str, RawTable], today: dt.date | None) -> int:
    """Without policy.json, the year calendar.csv is about, else the year after `today`'s."""
    cal = tables.get("calendar")
    if cal and "date" in cal.header:
        # the dates that are dates: an Excel serial number (46388) is not the year 4638 (hunt26); its own cell says why
        i = cal.header.index("date")
        dates = (parse_date(cells[i]) for _, cells in cal.rows if i < len(cells))
        years = Counter(d.year for d in dates if isinstance(d, dt.date))
        if years:
            return years.most_common(1)[0][0]
    return (today or dt.date.today()).year + 1


def load_bundle(path: str | Path, today: dt.date | None = None, stored: bool = False) -> Bundle:
    """Read and validate a bundle; raise BundleInvalid with every problem, or return it. `today`: the day whose coming
    year a bundle with neither policy.json nor calendar.csv is for — the service's day (api.clock.today, which the
    service and the CLI pass: bundle/ imports neither), the machine's date only for a caller that gives none.
    `stored`: the service reading again a bundle it accepted before (a running year, a plan's registers): a refusal
    added to validation since that bundle was accepted is a notice there (review28: a year whose bundle held one
    certificate under two ids answered 500 after the upgrade, and an approved plan's bundle cannot be changed). An upload,
    a revision and a new plan read with `stored=False` and are refused."""
    path = Path(path)
    out = Collector()
    src: Sources = collect_sources(path, out)
    out.raise_if_any()
    tables, policy_text = raw_tables(src, out)
    if "calendar" in tables:  # read twice (the default year, then the frame): a year's rows at most
        tables["calendar"].rows = list(tables["calendar"].rows)
    guess = _default_year(tables, today)  # the year a bundle without policy.json's year is for
    policy = parse_policy(policy_text, guess, out)
    book = workbook_of(src)
    # a table's name in problems: its file, or its sheet — one not there too (foreign44 F6: "agencies.csv" of a workbook)
    labels = {k: t.label for k, t in tables.items()} | ({k: f"{book}[{k}]" for k in SPECS if k not in tables} if book else {})
    unread = frozenset(k for k, t in tables.items() if t.undecodable)
    read = frozenset(tables)
    headers = {k: frozenset(t.header) for k, t in tables.items()}
    # each file's raw cells are dropped as soon as its frame is built: the raw text of every file is
    # never held alongside every typed frame (the province's peak)
    frames = {}
    for spec in FILES:
        frames[spec.name] = typed_frame(spec, tables.pop(spec.name, None), out, book)
        # a file's list cells share their tuples; the cache goes with the file's raw cells, so it never holds more text
        # than the file being typed, and a server keeps none of an old upload
        list_cell.cache_clear()
    warnings = Collector()
    calendar = WorkCalendar(_overrides(frames["calendar"]))
    if policy is not None:
        cross_check(frames, policy, out, warnings, labels=labels, unread=unread, stored=stored)
        weak_seed(policy, warnings)
        lone_officer(policy, warnings)
        policy_at_odds(policy, warnings)
        stale_grades(frames["credit_grades"], policy.year, labels.get("credit_grades", "credit_grades.csv"), warnings)
        no_monitoring(headers.get("enterprises"), frames["items"], labels.get("enterprises", "enterprises.csv"), warnings)
        if "calendar" in read or "calendar" not in out.meant:  # a calendar under another name is said as such (walk45 G9)
            calendar_covers(calendar, policy.year, labels.get("calendar", "calendar.csv"), out)
    else:
        # policy.json is refused: the other files are still checked against one another, and against its year where
        # that reads, so that one upload lists every problem (bundle.md; foreign37: a ratio of 1.5 hid three register
        # mistakes until the next upload). The notices wait for a policy that reads (they would quote defaults)
        year = policy_year(policy_text, guess)
        cross_check(frames, default_policy(year or guess), out, Collector(), labels=labels, unread=unread,
                    stored=stored, dated=year is not None)
        if year is not None and ("calendar" in read or "calendar" not in out.meant):
            calendar_covers(calendar, year, labels.get("calendar", "calendar.csv"), out)
    out.raise_if_any()
    assert policy is not None
    return Bundle(
        source=str(path), policy=policy, calendar=calendar, frames=frames,
        input_sha256=src.sha256, files=src.files, warnings=sorted(warnings.problems),
    )


def calendar_covers(calendar: WorkCalendar, year: int, label: str, out: Collector) -> None:
    """The working-day calendar knows every day of the plan year and holds a working day in it."""
    gap = calendar.missing(year_days(year))
    if gap:
        out.add(
            label, 0, "date",
            f"{year}年工作日历未知（缺{len(gap)}天，自 {gap[0]} 起）：请提供 calendar.csv 写明该年全部日期的 workday（含调休），系统不会猜测",
            f"no working-day calendar for {year} ({len(gap)} days missing from {gap[0]}): add calendar.csv listing every date of that year with workday true/false (make-up days included); nothing is guessed",
        )
    elif not calendar.workdays(year):  # nothing could be scheduled; the scheduler must never see such a year
        out.add(label, 0, "workday", f"calendar.csv 使{year}年没有一个工作日：请检查 workday 列（true 为工作日）",
                f"calendar.csv leaves {year} no working day: check the workday column (true = a working day)")


def no_monitoring(header: frozenset[str] | None, items: pd.DataFrame, label: str, warnings: Collector) -> None:
    """enterprises.csv without its `remote_monitoring` column reads as no firm monitored online, so no item that allows
    it is ever checked remotely (R-REMOTE, 能非现场的不入企): said, since a column left out by mistake changes the plan
    (foreign43 F3: six remote checks became visits on site, and the bundle was "valid" without a word)."""
    if header is None or "remote_monitoring" in header or not items.remote_allowed.any():
        return
    warnings.add(label, 1, "remote_monitoring",
                 "缺少 remote_monitoring 列：视为所有企业均无在线监测，允许非现场检查的事项也将全部现场检查（R-REMOTE）；如有在线监测请补上该列",
                 "no remote_monitoring column: no enterprise is taken to have online monitoring, so items that allow a remote "
                 "check are all checked on site (R-REMOTE); add the column where monitoring exists")


SEED_MIN_CHARS = 16  # below this a seed is a word a person chose ("2027-city-plan"), not a secret


def weak_seed(policy: Policy, warnings: Collector) -> None:
    """A seed someone can guess is no commitment: the public page shows sha256(seed) before the year (R-PUBLISH), which
    confirms a guess, and with the seed the draws can be recomputed while they are still to come (双随机 is
    unannounced). A notice, not a refusal: the spec's own example seeds are short words; the bureau decides."""
    default = policy.seed == default_seed(policy.year)
    if len(policy.seed) >= SEED_MIN_CHARS and not default:
        return
    # the seed itself is never quoted: the notice reaches every role that reads the plan, the viewer too, who may not
    # hold the seed before the year closes (foreign37: the notice quoted it, and the viewer could redraw the lottery)
    said_zh = "policy.json 未给出 seed，默认值由年度生成" if default else f"seed 只有{len(policy.seed)}个字符"
    said_en = "policy.json gives no seed and the default, made from the year," if default else f"the seed has {len(policy.seed)} characters and"
    warnings.add("policy.json", 0, "seed",
                 f"{said_zh}，可被猜中：公示的 sha256(seed) 能验证猜测，年度结束前即可复算抽签（R-PUBLISH）；"
                 f"建议写入不少于{SEED_MIN_CHARS}位的随机字符串",
                 f"{said_en} can be guessed: the published sha256(seed) confirms a guess, and the draw can then be recomputed "
                 f"before the year closes (R-PUBLISH); a random string of {SEED_MIN_CHARS} or more characters is advised")


LAW_OFFICERS = 2  # 《行政处罚法》第四十二条：执法人员不得少于两人，法律另有规定的除外


def lone_officer(policy: Policy, warnings: Collector) -> None:
    """R-PAIR's `officers_per_agency_on_visit` below the law's two (walk28: a policy of 1 planned every on-site visit
    with one officer, silently, while the notice and the code page tell the firm it may refuse fewer than two). A
    notice, not a refusal: Art. 42 itself allows what another law provides; the bureau must be able to name it."""
    if policy.officers_per_agency_on_visit >= LAW_OFFICERS:
        return
    k = policy.officers_per_agency_on_visit
    warnings.add("policy.json", 0, "officers_per_agency_on_visit",
                 f"每次现场检查每个单位{k}名执法人员，少于《行政处罚法》第四十二条“执法人员不得少于两人”；除非另有法律规定，"
                 "否则应为2（检查通知书仍告知企业：检查人员少于两人的，有权拒绝检查）(R-PAIR)",
                 f"{k} officer per agency on an on-site visit is fewer than the two of the Administrative Penalty Law, Art. 42; "
                 "unless another law provides otherwise it should be 2 (the notice still tells the firm it may refuse fewer "
                 "than two) (R-PAIR)")


def policy_at_odds(policy: Policy, warnings: Collector) -> None:
    """Two policy values that each pass their bounds and together say what no bureau means (walk28): an urgent trigger
    given longer than an ordinary one (R-URGENT, R-TRIGGER), and two entries of different agencies held further apart
    than two visits of one agency (R-GAP: the repeat visit's gap is the longer). Notices: the plan keeps each rule as
    written; the planner is told which one was probably mistyped."""
    if policy.urgent_within_workdays > policy.trigger_within_workdays:
        warnings.add("policy.json", 0, "urgent_within_workdays",
                     f"紧急线索处理期限 {policy.urgent_within_workdays} 个工作日，长于一般线索的 {policy.trigger_within_workdays} 个工作日"
                     "（R-URGENT、R-TRIGGER）：请核对是否填反",
                     f"an urgent trigger is given {policy.urgent_within_workdays} working days, longer than an ordinary one's "
                     f"{policy.trigger_within_workdays} (R-URGENT, R-TRIGGER): check whether the two are swapped")
    if policy.min_days_between_visits > policy.min_days_between_repeat_visits:
        warnings.add("policy.json", 0, "min_days_between_visits",
                     f"两次入企最少间隔 {policy.min_days_between_visits} 天，长于同一主体两次检查的最少间隔 "
                     f"{policy.min_days_between_repeat_visits} 天（R-GAP）：请核对是否填反",
                     f"two entries into one enterprise are held {policy.min_days_between_visits} days apart, longer than two visits "
                     f"of one agency ({policy.min_days_between_repeat_visits}, R-GAP): check whether the two are swapped")


def stale_grades(grades: pd.DataFrame, year: int, label: str, warnings: Collector) -> None:
    """Latest official grades rated before the year preceding the plan year: R-TIER still takes them (the latest grade
    wins, however old), so the planner is told how many firms' tiers an old rating sets, and the oldest date. A notice,
    not a refusal: the grade is the platform's, and a bureau may have nothing newer (foreign16's cylinder_tracing: a
    self-assessment of March 2024 set the tiers of 5,489 of 6,000 firms in 2027, its tier A the riskiest group)."""
    if grades.empty:
        return
    latest = grades.dropna(subset=["rated_on"]).sort_values("rated_on").drop_duplicates("enterprise_id", keep="last")
    old = latest[latest["rated_on"] < pd.Timestamp(year - 1, 1, 1)]
    if old.empty:
        return
    first = old["rated_on"].min().date()
    warnings.add(label, 0, "rated_on",
                 f"{len(old)}户企业（共{len(latest)}户有分级）的最新信用风险分类结果评定于{year - 1}年以前（最早{first}），"
                 "仍按 R-TIER 决定其分级；如信用平台已有更新的分类结果，请更新 credit_grades.csv",
                 f"{len(old)} of {len(latest)} graded enterprises have a latest official grade rated before {year - 1} (the "
                 f"oldest on {first}); R-TIER still sets their tiers by it: if the credit platform has newer grades, update "
                 "credit_grades.csv")


def _overrides(cal: pd.DataFrame) -> dict[dt.date, bool]:
    return {d.date(): bool(w) for d, w in zip(cal["date"], cal["workday"], strict=True) if not pd.isna(d)}
