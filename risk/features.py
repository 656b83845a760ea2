"""Features as of a cut-off date 截止日: nothing dated on or after it is ever read.

One function serves training (each past inspection, cut off at its own date) and
scoring (every enterprise as of 1 January of the plan year). At scoring time every
trigger and credit record in the bundle is known when the plan is made (a bundle may be
uploaded in January, holding a complaint received on 5 January): those are read up to
`known_before` (the end of the plan year), while windows ("the past 365 days") and ages
are still measured from 1 January. A training row's `known_before` is its own date.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from bundle import Bundle

BAD = ("violation", "serious")
FINDING = ("minor", "violation", "serious")  # any finding 发现问题 (the model's label, see MODEL_CARD.md)
LAST_FOUND = {"none": 0, "compliant": 0, "minor": 1, "violation": 2, "serious": 3}
GRADES = ("A", "B", "C", "D")
# 转办交办: a case another authority (公安, 消防, a higher level) has looked at and passed on. It counts in the totals
# like every trigger kind, and again on its own, so that a bureau's many complaints do not drown a few referrals; an
# allegation, so risk-raising like the totals (bench/prereg18.md)
REFERRAL = "referral"
REFERRALS = ("referrals_365d", "referrals_all")
# each trigger count and the referrals it holds: one reason names both ("线索3件（含转办交办1件）"), measured together against
# the same firm without its allegations, so one referral is never read as two records (review18)
REFERRALS_IN = {"triggers_all": "referrals_all", "triggers_365d": "referrals_365d"}
# Features whose larger value must never lower the risk (monotone +1 in the model, R-TIER's
# own inputs among them): a past violation or finding, an unrectified one, a bad record,
# the serious-dishonesty list, a worse official grade, a complaint.
RISK_RAISING = (
    "n_violations", "n_findings", "n_serious", "n_minor", "violations_365d", "findings_365d", "n_unrectified", "last_found",
    "bad_in_force", "dishonest_in_force", "triggers_365d", "triggers_all", *REFERRALS,
    "grade_at_least_B", "grade_at_least_C", "grade_at_least_D",
)
RISK_LOWERING = ("good_in_force",)  # a good record or commendation never raises it
# Every trigger kind (bundle.md) is a lawful reason for an inspection and counts in `triggers_*`, promised never to
# lower the risk. What the firm's own requests (`enterprise_request` 企业申请: an acceptance check, a filing, a
# self-report 自查自报) say beyond that is learnt, not promised: these two have no sign (bench/prereg13b.md; foreign14's
# self_reporting: the firms that report their own hazards are the careful ones)
REQUEST = "enterprise_request"
REQUESTS = ("requests_365d", "requests_all")
# each trigger count and the requests it holds: a reason words the allegations (the count less the requests) and the
# requests apart, so that one filing is never named twice, once raising and once lowering (review13)
REQUESTS_IN = {"triggers_all": "requests_all", "triggers_365d": "requests_365d"}
NUMERIC = (
    "log_employees", "age_years", "remote_monitoring",
    "n_inspections", "days_since_last", "never_inspected", "grade_none", "sector_rate_365d", "sector_trend",
    *REQUESTS, *RISK_RAISING, *RISK_LOWERING,
)
CATEGORICAL = ("sector", "size", "district")  # district 辖区: the register's district_code
FEATURES = NUMERIC + CATEGORICAL
# a feature filled in where the register's column is blank (employees, established_on: optional in bundle.md) → that
# column; the frame says which values were filled in (`unknown_column`, not read by the model), and no reason names them
UNKNOWN_WHEN = {"log_employees": "employees", "age_years": "established_on"}


def unknown_column(feature: str) -> str:
    """The frame's 0/1 column that says `feature` was filled in for a blank register field (UNKNOWN_WHEN)."""
    return f"{UNKNOWN_WHEN[feature]}_unknown"
DAYS_CAP = 3 * 365  # "long ago or never": the history runs three years


def _events_before(queries: pd.DataFrame, events: pd.DataFrame, date_col: str, until: str = "cutoff") -> pd.DataFrame:
    """Every (query, event) pair of one enterprise where the event is dated strictly before the query's `until`."""
    # an empty table merges too, keeping its dtypes: a bundle without inspections.csv (bundle.md: optional) gives an empty
    # inspections table whose dates are subtracted below (a frame of object columns made that a TypeError)
    m = queries[["q", "enterprise_id", "cutoff", "known"]].merge(events, on="enterprise_id", how="inner")
    return m[m[date_col] < m[until]]


def _count(pairs: pd.DataFrame, mask: pd.Series | None, n: int) -> np.ndarray:
    sel = pairs if mask is None else pairs[mask]
    return np.bincount(sel["q"].to_numpy(dtype=np.int64), minlength=n).astype(float)


HISTORY_COLUMNS = ["enterprise_id", "inspected_on", "outcome", "rectified", "rectify_by"]


def history_of(bundle: Bundle) -> pd.DataFrame:
    """The inspections the features read; `rectify_by` (an extension history.csv writes) empty where a hand-made frame
    lacks it."""
    ins = bundle.inspections
    return ins[HISTORY_COLUMNS] if "rectify_by" in ins else ins[HISTORY_COLUMNS[:-1]].assign(rectify_by=pd.NaT)


def unrectified(h: pd.DataFrame) -> pd.Series:
    """A violation not put right (`rectified` false) whose deadline, where known, had passed by the row's cut-off. One
    still due then is pending, not unrectified: history.csv writes false for a violation not put right by the year's
    end whatever its deadline, so that R-FOLLOW re-checks it after the deadline (walk42 F1), and review42 #1 saw such a
    firm read "1 past violation not rectified" and gain 20 points while it still had weeks to put it right."""
    return h["outcome"].isin(BAD) & (h["rectified"] == False) & ~(h["rectify_by"] >= h["cutoff"])  # noqa: E712 - NA stays unknown


def feature_frame(bundle: Bundle, queries: pd.DataFrame) -> pd.DataFrame:
    """Features for each row of `queries` (columns enterprise_id, cutoff as datetime64, and
    optionally known_before: triggers, credit records and grades dated before it are read;
    default the cut-off itself). Inspections are always read strictly before the cut-off.

    Returns one row per query, in order, with FEATURES columns.
    """
    q = queries[["enterprise_id", "cutoff"]].reset_index(drop=True).copy()
    q["known"] = queries["known_before"].to_numpy() if "known_before" in queries else q["cutoff"].to_numpy()
    q["q"] = np.arange(len(q))
    n = len(q)
    ent = bundle.enterprises.set_index("enterprise_id")
    out = pd.DataFrame(index=q.index)
    e = ent.reindex(q["enterprise_id"])
    out["sector"] = e["sector"].to_numpy()
    out["size"] = e["size"].to_numpy()
    out["district"] = e["district_code"].astype(str).to_numpy()
    out["log_employees"] = np.log1p(e["employees"].astype("float64").fillna(0).to_numpy())
    age = (q["cutoff"].to_numpy() - e["established_on"].to_numpy()) / np.timedelta64(365, "D")
    out["age_years"] = np.clip(np.nan_to_num(age.astype(float), nan=10.0), 0, 60)
    # bundle.md makes both optional: a blank is read as 0 staff / 10 years by the model (as before), but a reason must
    # not say "about 0 employees" or "10 years in business" of a firm whose register says nothing (review11)
    for feature, column in UNKNOWN_WHEN.items():
        out[unknown_column(feature)] = e[column].isna().to_numpy(dtype=float)
    out["remote_monitoring"] = e["remote_monitoring"].to_numpy(dtype=float)

    ins = history_of(bundle)
    h = _events_before(q, ins, "inspected_on")
    bad = h["outcome"].isin(BAD)
    out["n_inspections"] = _count(h, None, n)
    out["n_violations"] = _count(h, bad, n)
    out["n_serious"] = _count(h, h["outcome"] == "serious", n)
    out["n_minor"] = _count(h, h["outcome"] == "minor", n)
    out["n_findings"] = out["n_violations"] + out["n_minor"]
    recent = h["inspected_on"] >= h["cutoff"] - pd.Timedelta(days=365)
    out["violations_365d"] = _count(h, bad & recent, n)
    out["findings_365d"] = _count(h, h["outcome"].isin(FINDING) & recent, n)
    out["n_unrectified"] = _count(h, unrectified(h), n)
    last = h.sort_values(["q", "inspected_on", "outcome"]).drop_duplicates("q", keep="last").set_index("q")
    # reindex, not map: with no inspection before any row's cut-off (a history that starts within the last year, each
    # firm visited once) `last` is empty and map would try to cast its datetimes to NaN floats
    days = (q["cutoff"] - pd.Series(last["inspected_on"].reindex(q["q"].to_numpy()).to_numpy(), index=q.index)).dt.days
    out["never_inspected"] = days.isna().astype(float).to_numpy()
    out["days_since_last"] = days.fillna(DAYS_CAP).clip(upper=DAYS_CAP).to_numpy(dtype=float)
    # outcome → number before filling: with no inspection before any cut-off the mapped column is float NaN, and a
    # string fill on it is deprecated (Pandas4Warning; an error in a future pandas)
    out["last_found"] = q["q"].map(last["outcome"]).map(LAST_FOUND).fillna(LAST_FOUND["none"]).to_numpy(dtype=float)

    cr = bundle.credit_records[["enterprise_id", "recorded_on", "kind", "expires_on"]]
    c = _events_before(q, cr, "recorded_on", "known")
    repaired_at = c[c["kind"] == "repair"].groupby("q")["recorded_on"].max()
    in_force = c["expires_on"].isna() | (c["expires_on"] >= c["cutoff"])
    # 信用修复: a repair stops every earlier bad or dishonest record from counting on its date
    repaired = c[["q"]].merge(repaired_at.rename("repaired_on"), left_on="q", right_index=True, how="left")["repaired_on"]
    not_repaired = repaired.isna() | (c["recorded_on"] > repaired)
    out["bad_in_force"] = _count(c, (c["kind"] == "bad") & in_force & not_repaired, n)
    out["good_in_force"] = _count(c, c["kind"].isin(["good", "commendation"]) & in_force, n)
    out["dishonest_in_force"] = np.minimum(_count(c, (c["kind"] == "serious_dishonest") & in_force & not_repaired, n), 1)

    t = _events_before(q, bundle.triggers[["enterprise_id", "received_on", "kind"]], "received_on", "known")
    past_year = t["received_on"] >= t["cutoff"] - pd.Timedelta(days=365)
    asked = t["kind"] == REQUEST
    out["triggers_all"] = _count(t, None, n)
    out["triggers_365d"] = _count(t, past_year, n)
    out["requests_all"] = _count(t, asked, n)
    out["requests_365d"] = _count(t, asked & past_year, n)
    referred = t["kind"] == REFERRAL
    out["referrals_all"] = _count(t, referred, n)
    out["referrals_365d"] = _count(t, referred & past_year, n)

    # the official grade as of the row, "none" explicit; coded cumulatively (≥B, ≥C, ≥D), which spans
    # the same as a one-hot but lets a monotone model say a worse grade never lowers the risk
    g = _events_before(q, bundle.credit_grades[["enterprise_id", "grade", "rated_on"]], "rated_on", "known")
    latest = g.sort_values(["q", "rated_on", "grade"]).drop_duplicates("q", keep="last").set_index("q")["grade"]
    grade = q["q"].map(latest).astype(object).fillna("none")
    out["grade"] = grade.to_numpy()  # for the reasons' words only; the model reads the columns below
    out["grade_none"] = (grade == "none").to_numpy(dtype=float)
    for k in GRADES[1:]:
        out[f"grade_at_least_{k}"] = grade.isin(GRADES[GRADES.index(k):]).to_numpy(dtype=float)
    recent, before = _group_rates(ins, ent["sector"], q, out["sector"].to_numpy())
    out["sector_rate_365d"] = recent
    out["sector_trend"] = recent - before
    out.insert(0, "enterprise_id", q["enterprise_id"].to_numpy())
    out.insert(1, "cutoff", q["cutoff"].to_numpy())
    return out


# read from every enterprise of the sector (not the row's own history): as of the row's cut-off all the same
GROUP_FEATURES = ("sector_rate_365d", "sector_trend")
SECTOR_PRIOR = 20.0  # pseudo-inspections at the overall rate: a thin sector's rate stays near the whole's


def _group_rates(ins: pd.DataFrame, group_of: pd.Series, q: pd.DataFrame, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group (sector) violation rate in the 365 days before its cut-off and in the 365 days
    before those, each shrunk toward the whole bureau's rate in the same window (as of the cut-off only)."""
    d = ins.assign(g=ins["enterprise_id"].map(group_of), v=ins["outcome"].isin(BAD).astype(float)).sort_values("inspected_on")
    t = d["inspected_on"].to_numpy()
    cut = q["cutoff"].to_numpy()

    def window(lo: np.ndarray, hi: np.ndarray, sel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ts, vs = t[sel], np.concatenate([[0.0], np.cumsum(d["v"].to_numpy()[sel])])
        a, b = np.searchsorted(ts, lo, side="left"), np.searchsorted(ts, hi, side="left")
        return vs[b] - vs[a], (b - a).astype(float)

    year = np.timedelta64(365, "D")
    out = []
    for lo, hi in ((cut - year, cut), (cut - 2 * year, cut - year)):
        k_all, n_all = window(lo, hi, np.ones(len(t), dtype=bool))
        pooled = (k_all + 1.0) / (n_all + 5.0)
        k, n = np.zeros(len(cut)), np.zeros(len(cut))
        for g in np.unique(groups.astype(str)):
            rows = groups.astype(str) == g
            kg, ng = window(lo[rows], hi[rows], (d["g"] == g).to_numpy())
            k[rows], n[rows] = kg, ng
        out.append((k + SECTOR_PRIOR * pooled) / (n + SECTOR_PRIOR))
    return out[0], out[1]


def plan_cutoff(bundle: Bundle) -> pd.Timestamp:
    return pd.Timestamp(dt.date(bundle.year, 1, 1))


def plan_known_before(bundle: Bundle) -> pd.Timestamp:
    """Everything in the bundle is known when the plan is made: records up to the plan year's end."""
    return pd.Timestamp(dt.date(bundle.year + 1, 1, 1))


def scoring_frame(bundle: Bundle) -> pd.DataFrame:
    """Every enterprise as of 1 January of the plan year, with every trigger and record of the bundle."""
    q = pd.DataFrame({"enterprise_id": bundle.enterprises["enterprise_id"], "cutoff": plan_cutoff(bundle),
                      "known_before": plan_known_before(bundle)})
    return feature_frame(bundle, q)


LABEL = BAD  # chosen across worlds (risk/MODEL_CARD.md, "The label"); findings enter as features


def training_frame(bundle: Bundle, label: tuple[str, ...] = LABEL) -> tuple[pd.DataFrame, np.ndarray]:
    """Each past inspection a row, cut off at its own date; label = its outcome is in `label`."""
    ins = bundle.inspections.sort_values(["inspected_on", "inspection_id"]).reset_index(drop=True)
    q = pd.DataFrame({"enterprise_id": ins["enterprise_id"], "cutoff": ins["inspected_on"]})
    X = feature_frame(bundle, q)
    y = ins["outcome"].isin(label).to_numpy(dtype=int)
    return X, y
