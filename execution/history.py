"""R-LEARN: the year's records become next year's history.

`inspections.csv` gets one row per (visit, agency): the worst outcome of that agency's items and
whether it was put right (a `rectified` milestone); the random share of the plan is in it like
every other visit, so next year's model learns from it unbiased. Violations and serious findings
are also written to `credit_findings.csv` for the credit platform (信用信息归集): they are facts
for it to decide on, not credit records we invent, so they stay outside the bundle.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd

from bundle.reader import write_csv_copy
from bundle.workcal import WorkCalendar, year_days
from execution.context import OUTCOMES
from execution.replan import departed
from execution.year import Year

# bundle.md's inspections.csv, and `rectify_by` (整改期限), an extension the loader reads: R-FOLLOW's re-check comes after it
INSPECTION_COLUMNS = ("inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids", "outcome", "rectified", "rectify_by")
FINDING_COLUMNS = ("enterprise_id", "visit_id", "agency_id", "inspected_on", "outcome", "item_ids", "rectify_by", "rectified")


def rectified_cell(y: Year, vid: str, worst: str, as_of: dt.date | None, follow_up: bool = False) -> str:
    """The `rectified` cell of a (visit, agency) row whose worst outcome is `worst` (inspections.csv and credit_findings.csv
    alike). bundle.md: "optional: for a violation, was it put right". Known only where something was to be put right: a
    violation or serious finding, or a minor one the record gave a rectification deadline (整改期限); blank for a compliant
    row, for a minor one with no deadline and no rectification entered (prod24: such a minor finding read "false", a
    violation left unrectified to next year's R-LEARN), and for a minor finding not yet put right whose deadline is after
    `as_of` (walk14: a minor finding due 2028-01-20 read "false" on 31 December). `follow_up` (inspections.csv, next
    year's R-FOLLOW): a violation or serious finding not put right by `as_of` is "false" whatever its deadline (walk42 F1:
    one found in December, due in February, went out blank and R-FOLLOW never re-checked it); its `rectify_by` goes
    beside it, so the re-check comes after the deadline. credit_findings.csv, read by the credit platform as a failure
    to rectify, keeps it blank while it is still due."""
    r = y.records[vid]
    if worst == "compliant":
        return ""
    done = y.milestones.get(vid, {}).get("rectified")
    # put right by `as_of`: a rectification entered with a later day is not known on the day the history is read
    # (foreign43 F7: the simulated year's January rectifications went into the history as of 31 December as "true", so
    # next year owed no R-FOLLOW re-check of them)
    if done and (as_of is None or dt.date.fromisoformat(str(done)) <= as_of):
        return "true"
    if worst == "minor" and r.rectify_by is None:
        return ""
    if follow_up and worst in ("violation", "serious"):
        return "false"
    return "" if as_of is not None and r.rectify_by is not None and r.rectify_by > as_of else "false"


def year_rows(y: Year, as_of: dt.date | None = None) -> list[dict[str, str]]:
    """This year's inspections.csv rows, from the records alone. `as_of`: the day they are read (`rectified_cell`)."""
    rows = []
    for vid in sorted(y.records):
        r, v = y.records[vid], y.visits[vid]
        for a in v.agency_ids:
            mine = [o for i, o in r.outcomes.items() if y.reg.items.get(i, {}).get("agency_id") == a]
            if not mine:
                continue
            worst = max(mine, key=OUTCOMES.index)
            rows.append({"inspection_id": f"{y.reg.year}-{vid}-{a}", "enterprise_id": v.enterprise_id, "agency_id": a,
                         "inspected_on": r.date.isoformat(),
                         "officer_ids": ";".join(o for o in r.officer_ids if y.reg.officers[o].agency_id == a),
                         "outcome": worst, "rectified": rectified_cell(y, vid, worst, as_of, follow_up=True),
                         "rectify_by": r.rectify_by.isoformat() if r.rectify_by and worst != "compliant" else ""})
    return rows


def year_end(y: Year) -> dt.date:
    """The day next year's files are made from this year's (export_history, next_bundle): its last day."""
    return dt.date(y.reg.year, 12, 31)


def finding_rows(y: Year, as_of: dt.date | None = None) -> list[dict[str, str]]:
    """credit_findings.csv: violations and serious findings, `rectified` as in year_rows (`rectified_cell`)."""
    out = []
    for vid in sorted(y.records):
        r, v = y.records[vid], y.visits[vid]
        for a in v.agency_ids:
            bad = {i: o for i, o in r.outcomes.items() if y.reg.items.get(i, {}).get("agency_id") == a and o in ("violation", "serious")}
            if bad:
                worst = max(bad.values(), key=OUTCOMES.index)
                out.append({"enterprise_id": v.enterprise_id, "visit_id": vid, "agency_id": a, "inspected_on": r.date.isoformat(),
                            "outcome": worst, "item_ids": ";".join(sorted(bad)),
                            "rectify_by": r.rectify_by.isoformat() if r.rectify_by else "",
                            "rectified": rectified_cell(y, vid, worst, as_of)})
    return out


def put_right(y: Year) -> set[tuple[str, str]]:
    """(enterprise, agency) whose follow-up this year (R-FOLLOW's re-check) found no violation of that agency's items:
    last year's violation was put right (review42 #1: a violation still due at the year's end goes out as false, and
    without this it stayed false in every later inspections.csv, read as unrectified for ever)."""
    out: set[tuple[str, str]] = set()
    for vid, r in y.records.items():
        v = y.visits[vid]
        if v.basis != "follow_up":
            continue
        for a in v.agency_ids:
            mine = [o for i, o in r.outcomes.items() if y.reg.items.get(i, {}).get("agency_id") == a]
            if mine and not any(o in ("violation", "serious") for o in mine):
                out.add((v.enterprise_id, a))
    return out


def past_rows(y: Year) -> list[dict[str, str]]:
    """The bundle's own history, kept as it was — but for last year's violations left `false` that this year's
    follow-up found put right (`put_right`): true, as the re-check established (R-LEARN)."""
    rows = []
    fixed = put_right(y)
    for r in y.reg.bundle.inspections.itertuples(index=False):
        rect = r.rectified
        left = r.outcome in ("violation", "serious") and not pd.isna(rect) and not bool(rect)
        if left and (r.enterprise_id, r.agency_id) in fixed and pd.Timestamp(r.inspected_on).year == y.reg.year - 1:
            rect = True
        rows.append({"inspection_id": str(r.inspection_id), "enterprise_id": r.enterprise_id, "agency_id": r.agency_id,
                     "inspected_on": pd.Timestamp(r.inspected_on).date().isoformat(),
                     "officer_ids": ";".join(r.officer_ids) if isinstance(r.officer_ids, list | tuple) else str(r.officer_ids),
                     "outcome": r.outcome, "rectified": "" if pd.isna(rect) else ("true" if bool(rect) else "false"),
                     "rectify_by": "" if pd.isna(getattr(r, "rectify_by", None)) else pd.Timestamp(r.rectify_by).date().isoformat()})
    return rows


def history_rows(y: Year, as_of: dt.date | None = None) -> list[dict[str, str]]:
    """inspections.csv for next year's bundle: the bundle's own history, then this year's (R-LEARN)."""
    return past_rows(y) + year_rows(y, as_of)


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(columns), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def export_history(y: Year, out_dir: Path, as_of: dt.date | None = None) -> dict[str, int]:
    """out_dir/inspections.csv (the bundle's history plus this year's) and out_dir/credit_findings.csv, read as of
    `as_of` (default: the year's last day): a finding due later and not yet put right has `rectified` blank, not false
    (mut15: walk14's mend reached the board's download only)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    as_of = as_of or year_end(y)
    rows = history_rows(y, as_of)
    new = rows[len(y.reg.bundle.inspections):]
    _write(out_dir / "inspections.csv", INSPECTION_COLUMNS, rows)
    findings = finding_rows(y, as_of)
    _write(out_dir / "credit_findings.csv", FINDING_COLUMNS, findings)
    return {"inspections": len(new), "credit_findings": len(findings)}


def standin_calendar(year: int) -> dict[dt.date, bool]:
    """A stand-in working-day calendar for a year no notice has fixed yet: Monday–Friday, less New Year, 1–3 May
    and 1–7 October. Only the simulator uses it (like scenarios/' invented 2027); a bureau supplies calendar.csv."""
    off = {(1, 1), (5, 1), (5, 2), (5, 3), *((10, d) for d in range(1, 8))}
    return {d: d.weekday() < 5 and (d.month, d.day) not in off for d in year_days(year)}


def known_days(calendar: WorkCalendar, year: int) -> tuple[dict[dt.date, bool], int]:
    """`year`'s days the bundle's calendar knows (calendar.csv, chinesecalendar) — never a stand-in (foreign39 F4: a
    plan of next-bundle put visits on Spring Festival) — and how many it lacks."""
    days = year_days(year)
    gap = set(calendar.missing(days))
    return {d: calendar.is_workday(d) for d in days if d not in gap}, len(gap)


def calendar_gap_words(year: int, gap: int) -> tuple[str, str]:
    return (f"next-bundle 缺少{year}年的{gap}个日期：请按国务院办公厅放假通知在 calendar.csv 中补齐后再编制计划",
            f"next-bundle lacks {gap} days of {year}: add them to calendar.csv from the State Council's holiday notice before planning")


def next_bundle(y: Year, src: Path, out: Path, calendar_next: dict[dt.date, bool] | None, renew_certificates: bool = False,
                as_of: dt.date | None = None) -> Path:
    """Next year's bundle from this one, whatever its form (CSVs in any encoding, a workbook, a .zip), as UTF-8 CSV
    files (`bundle.reader.write_csv_copy`): this year's results as history, this year's triggers as past triggers, the
    year moved on in policy.json, next year's calendar rows added where given (days a calendar knows: never a
    stand-in, foreign39 F4). Whole or not at all: built beside `out` and put in its place (foreign39 F3: a workbook
    bundle left half a next-bundle and a raw Python error)."""
    from scheduler.atomic import write_atomically

    def build(folder: Path) -> None:
        write_csv_copy(src, folder)
        _carry_over(y, folder, calendar_next, renew_certificates, as_of)

    def other_folder(path: Path) -> None:  # a file is never replaced; a folder is (the previous next-bundle)
        if path.exists() and not path.is_dir():
            raise NotADirectoryError(f"{path} 是文件，不会被覆盖 / {path} is a file: it is never replaced")
    out = write_atomically(build, out, check=other_folder)
    (out / "credit_findings.csv").replace(out.parent / "credit_findings.csv")
    if (out / CLOSED_FILE).exists():  # no bundle file: beside it, as the credit findings
        (out / CLOSED_FILE).replace(out.parent / CLOSED_FILE)
    return out


CLOSED_FILE = "closed_enterprises.csv"  # beside next year's bundle: the firms left out of it, closed this year


def _without(path: Path, column: str, ids: set[str], fold: bool = False) -> None:
    """The CSV at `path` written again without its rows whose `column` is one of `ids` (with `fold`, read trimmed and in
    upper case, as credit codes are compared); untouched where it has no such column or no such row."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if column not in df.columns:
        return
    gone = (df[column].str.strip().str.upper() if fold else df[column]).isin(ids)
    if gone.any():
        df[~gone].to_csv(path, index=False, lineterminator="\n")


def _drop_closed(y: Year, out: Path) -> None:
    """Firms entered as closed this year (注销、停业, `Year.close_enterprise`) leave next year's register, and with them every
    row that names them (credit records, grades, past inspections, triggers): bundle.md refuses a row naming a firm the
    register lacks, and a firm that is gone is planned no more (walk46 G5: next year's bundle graded it D again). What
    was dropped is written beside the bundle, `closed_enterprises.csv`, for the planner's file."""
    closed = y.closed_enterprises()
    if not closed:
        return
    for f in sorted(out.glob("*.csv")):
        _without(f, "enterprise_id", set(closed), fold=True)
    rows = [{"enterprise_id": e, "name": y.reg.firm(e), "closed_on": str(c.get("on", "")), "reason": str(c.get("reason", ""))}
            for e, c in sorted(closed.items())]
    _write(out / CLOSED_FILE, ("enterprise_id", "name", "closed_on", "reason"), rows)  # moved beside the bundle by next_bundle


def _carry_over(y: Year, out: Path, calendar_next: dict[dt.date, bool] | None, renew_certificates: bool,
                as_of: dt.date | None = None) -> None:
    """`next_bundle`'s changes to the copy of this year's bundle in `out`; the results read as of `as_of` (default: the
    year's last day; the service's download before then: its day)."""
    nxt = y.reg.year + 1
    export_history(y, out, as_of)
    trig = [{"trigger_id": t.trigger_id, "enterprise_id": t.enterprise_id, "agency_id": t.agency_id,
             "received_on": t.received_on.isoformat(), "kind": t.kind, "urgent": "true" if t.urgent else "false"}
            for t in sorted(y.triggers.values(), key=lambda t: (t.received_on, t.trigger_id))]
    _write(out / "triggers.csv", ("trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"), trig)
    _write(out / "unavailability.csv", ("officer_id", "start_on", "end_on", "reason"), [])  # last year's leave is no plan input
    if calendar_next:
        cal = pd.read_csv(out / "calendar.csv", dtype=str) if (out / "calendar.csv").exists() else pd.DataFrame(columns=["date", "workday"])
        add = pd.DataFrame({"date": [d.isoformat() for d in sorted(calendar_next)],
                            "workday": ["true" if calendar_next[d] else "false" for d in sorted(calendar_next)]})
        pd.concat([cal[~cal["date"].isin(add["date"])], add]).to_csv(out / "calendar.csv", index=False, lineterminator="\n")
    if renew_certificates:  # the simulated bureau renews certificates that would lapse before next year (换证)
        # who lapses is read from the loaded register (a role typed as its label, 执法人员, is `enforcement` there;
        # review39b #2: the copy's raw text was compared with "enforcement" and such officers lapsed)
        reg = y.reg.bundle.officers
        lapsing = set(reg.officer_id[(reg.role == "enforcement") & (reg.certificate_expires_on < pd.Timestamp(nxt, 1, 1))])
        off = pd.read_csv(out / "officers.csv", dtype=str, keep_default_na=False)
        off.loc[off["officer_id"].isin(lapsing), "certificate_expires_on"] = f"{nxt + 4}-12-31"
        off.to_csv(out / "officers.csv", index=False, lineterminator="\n")
    # firms entered during the year (execution.newfirm): in next year's register, so their results and triggers are
    # history there (R-LEARN) and not rows about an unknown enterprise
    if y.added:
        ent = pd.read_csv(out / "enterprises.csv", dtype=str, keep_default_na=False)
        new = pd.DataFrame([{c: row.get(c, "") for c in ent.columns} for row in y.added.values() if row["enterprise_id"] not in set(ent["enterprise_id"])],
                           columns=ent.columns)
        pd.concat([ent, new]).to_csv(out / "enterprises.csv", index=False, lineterminator="\n")
    # an officer who left for good this year (调离或离职) is no one to plan next year: out of officers.csv, and out of
    # recusals.csv, whose rows must name a registered officer (bundle.crosscheck); the history's officer_ids keep them
    gone = departed(y)
    for name in ("officers.csv", "recusals.csv") if gone else ():
        if (out / name).exists():
            _without(out / name, "officer_id", gone)
    # last, after every file that names firms is written (review46 R1: the triggers and the firms entered this year were
    # written back after the closed firms had been dropped, and the bundle failed to load)
    _drop_closed(y, out)
    pol_path = out / "policy.json"
    pol = json.loads(pol_path.read_text(encoding="utf-8")) if pol_path.exists() else {}
    pol["year"] = nxt
    # R-PUBLISH: sha256(seed) is published before the draw as a commitment, so next year's seed is the bureau's to
    # choose; this year's moved on (a year in it replaced) or the default would let anyone compute the draw ahead
    # (foreign39 F5: it wrote "2028-annual-plan"). With none, loading says so (bundle.loader.weak_seed)
    pol.pop("seed", None)
    pol_path.write_text(json.dumps(pol, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
