"""Checks that span files: references, dates against the plan year, certificates,
team districts, and the staffing reports (R-TRAIN, R-REVIEW) that warn but do not stop."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

import pandas as pd

from bundle.policy import Policy
from bundle.problems import Collector
from bundle.tables import ROW

# (file, column) → (target file, target column): every reference bundle.md states
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("credit_records", "enterprise_id", "enterprises", "enterprise_id"),
    ("credit_grades", "enterprise_id", "enterprises", "enterprise_id"),
    ("inspections", "enterprise_id", "enterprises", "enterprise_id"),
    ("inspections", "agency_id", "agencies", "agency_id"),
    ("triggers", "enterprise_id", "enterprises", "enterprise_id"),
    ("triggers", "agency_id", "agencies", "agency_id"),
    ("items", "agency_id", "agencies", "agency_id"),
    ("teams", "agency_id", "agencies", "agency_id"),
    ("officers", "team_id", "teams", "team_id"),
    ("unavailability", "officer_id", "officers", "officer_id"),
    ("recusals", "officer_id", "officers", "officer_id"),
    ("recusals", "enterprise_id", "enterprises", "enterprise_id"),
)


def cross_check(
    frames: dict[str, pd.DataFrame], policy: Policy, out: Collector, warn: Collector, labels: dict[str, str],
    unread: frozenset[str] = frozenset(), stored: bool = False, dated: bool = True,
) -> None:
    """`unread`: files present but not decodable (said once by the reader): no "missing or has no rows" beside that.
    `stored`: a bundle accepted earlier, read again (its year runs): a refusal added since (one certificate, one person)
    is a notice there, since nothing can change an approved plan's bundle (review28). `dated=False`: the plan year is
    not known (policy.json's year is wrong), so no date is checked against it."""
    def label(name: str) -> str:
        return labels.get(name, f"{name}.csv")

    for src, col, dst, dcol in REFERENCES:
        f = frames[src]
        if f.empty or dst in unread:
            continue
        if frames[dst].empty:  # missing or without a row: said once, not once per row (walk15: 57 lines hid the cause)
            n = int((f[col] != "").sum())
            if n:
                out.add(label(src), 0, col, f"{n} 行引用 {label(dst)}，但 {label(dst)} 缺失或没有数据行",
                        f"{n} row(s) refer to {label(dst)}, which is missing or has no rows")
            continue
        if (frames[dst][dcol] == "").all():  # the key column is missing (said once at its header): no row can be matched
            continue
        known = set(frames[dst][dcol])
        bad = f[(f[col] != "") & ~f[col].isin(known)]
        for row, value in zip(bad[ROW], bad[col], strict=True):
            # the target as the planner knows it: a workbook's sheet, registers.xlsx[enterprises] (hunt26)
            out.add(label(src), row, col, f"{value} 在 {label(dst)} 中不存在", f"{value} is not in {label(dst)}")

    start = pd.Timestamp(dt.date(policy.year, 1, 1))
    end = pd.Timestamp(dt.date(policy.year, 12, 31))
    if dated:
        _dates(frames, policy, out, label, start, end)
    _officers(frames, policy, out, warn, label, start, stored)
    _districts(frames, out, warn, label)
    _history_officers(frames, out, warn, label)


Frames = dict[str, pd.DataFrame]
Label = Callable[[str], str]  # table name → the uploaded file's name


def _dates(frames: Frames, policy: Policy, out: Collector, label: Label, start: pd.Timestamp, end: pd.Timestamp) -> None:
    ins = frames["inspections"]
    late = ins["inspected_on"][ins["inspected_on"] >= start]
    if len(late) > 1 and late.dt.year.eq(policy.year).all():
        # one sentence before the rows (walk42 F7: last year's policy.json in next year's bundle gave 258 row errors and
        # no word of the year): every row in the way is of the plan year itself
        out.add("policy.json", 0, "year", f"policy.json 的计划年度为 {policy.year}，而 inspections.csv 有 {len(late)} 行是 {policy.year} 年的检查："
                f"如为下一年度的检查包，请将 year 改为 {policy.year + 1}",
                f"policy.json's year is {policy.year}, and {len(late)} rows of inspections.csv are inspections of {policy.year}: for next "
                f"year's bundle, set year to {policy.year + 1}")
    for row, d in zip(ins[ROW], ins["inspected_on"], strict=True):
        if not pd.isna(d) and d >= start:
            out.add(label("inspections"), row, "inspected_on",
                    f"历史检查日期 {d.date()} 不早于计划年度 {policy.year}", f"inspected_on {d.date()} is not before the plan year {policy.year}")
    trg = frames["triggers"]
    for row, d in zip(trg[ROW], trg["received_on"], strict=True):
        if not pd.isna(d) and d > end:
            out.add(label("triggers"), row, "received_on",
                    f"受理日期 {d.date()} 晚于计划年度 {policy.year}", f"received_on {d.date()} is after the plan year {policy.year}")
    cr = frames["credit_records"]
    for row, a, b in zip(cr[ROW], cr["recorded_on"], cr["expires_on"], strict=True):
        if not pd.isna(a) and not pd.isna(b) and b < a:
            out.add(label("credit_records"), row, "expires_on",
                    f"失效日期 {b.date()} 早于记录日期 {a.date()}", f"expires_on {b.date()} is before recorded_on {a.date()}")
    un = frames["unavailability"]
    for row, a, b in zip(un[ROW], un["start_on"], un["end_on"], strict=True):
        if not pd.isna(a) and not pd.isna(b) and b < a:
            out.add(label("unavailability"), row, "end_on",
                    f"结束日期 {b.date()} 早于开始日期 {a.date()}", f"end_on {b.date()} is before start_on {a.date()}")
    ent = frames["enterprises"]
    for row, d in zip(ent[ROW], ent["established_on"], strict=True):
        if not pd.isna(d) and d > end:
            out.add(label("enterprises"), row, "established_on",
                    f"成立日期 {d.date()} 晚于计划年度", f"established_on {d.date()} is after the plan year")


def _officers(frames: Frames, policy: Policy, out: Collector, warn: Collector, label: Label, start: pd.Timestamp,
              stored: bool = False) -> None:
    off = frames["officers"]
    enf = off[off["role"] == "enforcement"]
    # a column missing from the header is said there once, not again as each officer's empty cell (walk45 G8: 42 ×
    # "an enforcement officer needs certificate_no" under "required column certificate_no is missing")
    no_cert = out.has(label("officers"), 1, "certificate_no")
    no_expiry = out.has(label("officers"), 1, "certificate_expires_on")
    for row, cert, exp in zip(enf[ROW], enf["certificate_no"], enf["certificate_expires_on"], strict=True):
        if cert == "" and not no_cert:
            out.add(label("officers"), row, "certificate_no",
                    "执法人员必须填写执法证号", "an enforcement officer needs certificate_no")
        if pd.isna(exp):
            if not no_expiry and not out.has(label("officers"), row, "certificate_expires_on"):  # filled but not a date: told once, as such
                out.add(label("officers"), row, "certificate_expires_on",
                        "执法人员必须填写执法证有效期", "an enforcement officer needs certificate_expires_on")
        elif exp < start:  # R-CERT: counted on no visit of the year; a register mid-renewal still plans (foreign31 F4)
            warn.add(label("officers"), row, "certificate_expires_on",
                     f"执法证已于 {exp.date()} 过期（计划年度开始前）：本年度不计入任何检查 (R-CERT)；请换证或改为辅助人员",
                     f"certificate expired on {exp.date()}, before the plan year: counted on no visit this year (R-CERT); "
                     "renew it or change the role")
    _one_certificate_one_person(enf, warn if stored else out, label)
    low = off[off["training_hours"].notna() & (off["training_hours"] < policy.min_training_hours)]
    for row, oid, h in zip(low[ROW], low["officer_id"], low["training_hours"], strict=True):
        warn.add(label("officers"), row, "training_hours",
                 f"{oid} 年度培训 {h:g} 学时，低于 {policy.min_training_hours:g} 学时，应予通报 (R-TRAIN)",
                 f"{oid} has {h:g} training hours, under {policy.min_training_hours:g}: to be reported (R-TRAIN)")
    _pair_lapses(enf, frames["teams"], policy, warn, label, start)
    # a team_id given twice is refused by its key check (tables._check_unique); the first row stands for it here, so
    # the rest of the bundle is still checked, never a pandas InvalidIndexError instead of the problems (walk45 G2)
    teams = frames["teams"].drop_duplicates("team_id").set_index("team_id")["agency_id"]
    by_agency = off.assign(agency_id=off["team_id"].map(teams)).groupby("agency_id")["role"]
    for agency, roles in by_agency:
        n_enf = int((roles == "enforcement").sum())
        n_rev = int((roles == "legal_review").sum())
        if n_enf and n_rev < policy.min_legal_review_ratio * n_enf:
            warn.add(label("officers"), 0, "role",
                     f"{agency} 法制审核人员 {n_rev} 名，不足执法人员 {n_enf} 名的 {policy.min_legal_review_ratio:.0%} (R-REVIEW)",
                     f"{agency}: {n_rev} legal reviewers for {n_enf} enforcement officers, under {policy.min_legal_review_ratio:.0%} (R-REVIEW)")


def certificate_key(cert: str) -> str | None:
    """A certificate number as compared: NFKC (full-width digits), no whitespace, upper case — 晋 89238708 and
    晋８９２３８７０８ are one number. None for a cell holding no number at all (blank, or a placeholder such as 待补: a
    number still to come is not one person's)."""
    key = "".join(unicodedata.normalize("NFKC", cert).split()).upper()
    return key if any(ch.isdigit() for ch in key) else None


def _one_certificate_one_person(enf: pd.DataFrame, out: Collector, label: Label) -> None:
    """An enforcement certificate is one person's (行政执法证): two officer rows holding one number are one person
    entered twice, and the plan would count them as R-PAIR's two (walk28: 朱楠 as gas-140403-001 and -001b staffed
    three visits alone). Refused, naming the later row and the first."""
    first: dict[str, tuple[int, str]] = {}
    for row, oid, cert in zip(enf[ROW], enf["officer_id"], enf["certificate_no"], strict=True):
        key = certificate_key(cert)
        if key is None:
            continue
        if key not in first:
            first[key] = (int(row), str(oid))
            continue
        at, who = first[key]
        if who == oid:  # the same row twice: its duplicate officer_id is the problem, said by the key check
            continue
        out.add(label("officers"), row, "certificate_no",
                f"执法证号 {cert} 已由 {who}（第{at}行）持有：一人一证，同一人不能以两个编号计为两名执法人员 (R-PAIR)",
                f"certificate_no {cert} is already held by {who} (row {at}): one certificate is one person, who cannot count as "
                "two officers under two ids (R-PAIR)")


def _pair_lapses(enf: pd.DataFrame, teams: pd.DataFrame, policy: Policy, warn: Collector, label: Label, start: pd.Timestamp) -> None:
    """A team that cannot field R-PAIR's officers on its own: fewer certified officers than a visit needs when the year
    begins, or from the day the last certificate that keeps it at that number expires (R-CERT). The plan then moves its
    visits to another team of the agency or lists them as shortfalls, and the capacity table showed the team idle with
    places it could not use (walk15: a whole district team's certificates ran out on 31 March, and nobody was told)."""
    need = policy.officers_per_agency_on_visit
    end = pd.Timestamp(dt.date(policy.year, 12, 31))
    valid = enf[enf["certificate_expires_on"].notna() & (enf["certificate_expires_on"] >= start)]
    for team in teams["team_id"].unique():  # a team given twice (refused by its key check) is told of once
        expiries = sorted(valid.loc[valid["team_id"] == team, "certificate_expires_on"], reverse=True)
        n = int((enf["team_id"] == team).sum())
        if not n:
            continue  # a team of auxiliary or legal staff only: nothing to field
        if len(expiries) < need:
            warn.add(label("officers"), 0, "team_id",
                     f"{team} 年初持证执法人员仅 {len(expiries)} 名，不足每次现场检查所需的 {need} 名，该队不能单独开展检查（R-PAIR、R-CERT）",
                     f"{team} has {len(expiries)} certified officer(s) when the year begins, fewer than the {need} a visit needs: it "
                     "cannot inspect on its own (R-PAIR, R-CERT)")
        elif expiries[need - 1] < end:
            last = expiries[need - 1].date()
            warn.add(label("officers"), 0, "certificate_expires_on",
                     f"{team} 自 {last + dt.timedelta(days=1)} 起持证执法人员不足 {need} 名（执法证到期），此后不能单独开展检查（R-PAIR、R-CERT）：请安排换证",
                     f"{team} has fewer than {need} certified officers from {last + dt.timedelta(days=1)} (certificates expire): it cannot "
                     "inspect on its own after that (R-PAIR, R-CERT); renew them")


def _districts(frames: Frames, out: Collector, warn: Collector, label: Label) -> None:
    ent = frames["enterprises"]
    for row, code in zip(ent[ROW], ent["district_code"], strict=True):
        if code.endswith("00"):
            out.add(label("enterprises"), row, "district_code",
                    f"{code} 是市级代码：企业应填所在县（区）代码", f"{code} is a city code: give the county/district the enterprise sits in")
    teams = frames["teams"]
    districts = set(ent["district_code"])
    cities = {d[:4] for d in districts}
    for row, tid, code in zip(teams[ROW], teams["team_id"], teams["district_code"], strict=True):
        if code == "":
            continue
        if code.endswith("0000"):
            out.add(label("teams"), row, "district_code",
                    f"{code} 是省级代码：队伍应属于市（代码以00结尾）或县（区）", f"{code} is a province code: a team belongs to a city (code ending 00) or a district")
        elif code.endswith("00") and code[:4] not in cities:
            warn.add(label("teams"), row, "district_code",
                     f"市级队伍 {tid} 所在市 {code} 没有任何检查对象", f"city-level team {tid}: no enterprise in city {code}")
        elif not code.endswith("00") and code not in districts:
            warn.add(label("teams"), row, "district_code",
                     f"队伍 {tid} 所在区县 {code} 没有任何检查对象", f"team {tid}: no enterprise in district {code}")


LIST_LOOKALIKES = ("、", "，", ",")  # separators typed where bundle.md's ';' was meant


def _history_officers(frames: Frames, out: Collector, warn: Collector, label: Label) -> None:
    known = set(frames["officers"]["officer_id"])
    ins = frames["inspections"]
    unknown = sorted({o for ids in ins["officer_ids"] for o in ids} - known)
    # 'A、B' is two officers run together, not one who left: R-ROTATE would lose both histories (hunt26). An id
    # officers.csv holds is taken as it is, comma or not (review26)
    joined = {o for o in unknown if any(c in o for c in LIST_LOOKALIKES)}
    for row, ids in zip(ins[ROW], ins["officer_ids"], strict=True) if joined else ():
        for o in joined.intersection(ids):
            sep = next(c for c in LIST_LOOKALIKES if c in o)
            out.add(label("inspections"), int(row), "officer_ids", f"列表各项应以英文分号 ; 分隔，而不是“{sep}”：{o!r}",
                    f"list items are separated by ';', not {sep!r}: {o!r}")
    unknown = [o for o in unknown if o not in joined]
    if unknown:
        warn.add(label("inspections"), 0, "officer_ids",
                 f"{len(unknown)} 名历史检查人员不在现有名录中（如 {unknown[0]}），按已调离处理",
                 f"{len(unknown)} officers in past inspections are not in officers.csv (e.g. {unknown[0]}): taken as having left")
