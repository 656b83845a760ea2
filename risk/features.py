"""Features as of a cut-off date 截止日: nothing dated on or after it is ever read.

One function serves training (each past inspection, cut off at its own date) and
scoring (every enterprise, cut off at 1 January of the plan year).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from bundle import Bundle

BAD = ("violation", "serious")
GRADE_ORDINAL = {"A": 1, "B": 2, "C": 3, "D": 4}
NUMERIC = (
    "log_employees", "age_years", "remote_monitoring",
    "n_inspections", "n_violations", "n_serious", "n_minor", "violation_rate",
    "violations_365d", "days_since_last", "never_inspected", "n_unrectified",
    "bad_in_force", "good_in_force", "dishonest_in_force",
    "triggers_365d", "triggers_all", "grade_ordinal",
)
CATEGORICAL = ("sector", "size", "last_outcome")
FEATURES = NUMERIC + CATEGORICAL
DAYS_CAP = 3 * 365  # "long ago or never": the history runs three years


def _events_before(queries: pd.DataFrame, events: pd.DataFrame, date_col: str) -> pd.DataFrame:
    """Every (query, event) pair of one enterprise where the event is dated strictly before the cut-off."""
    if events.empty:
        return pd.DataFrame(columns=["q", *events.columns])
    m = queries[["q", "enterprise_id", "cutoff"]].merge(events, on="enterprise_id", how="inner")
    return m[m[date_col] < m["cutoff"]]


def _count(pairs: pd.DataFrame, mask: pd.Series | None, n: int) -> np.ndarray:
    sel = pairs if mask is None else pairs[mask]
    return np.bincount(sel["q"].to_numpy(dtype=np.int64), minlength=n).astype(float)


def feature_frame(bundle: Bundle, queries: pd.DataFrame) -> pd.DataFrame:
    """Features for each row of `queries` (columns enterprise_id, cutoff as datetime64).

    Returns one row per query, in order, with FEATURES columns.
    """
    q = queries[["enterprise_id", "cutoff"]].reset_index(drop=True).copy()
    q["q"] = np.arange(len(q))
    n = len(q)
    ent = bundle.enterprises.set_index("enterprise_id")
    out = pd.DataFrame(index=q.index)
    e = ent.reindex(q["enterprise_id"])
    out["sector"] = e["sector"].to_numpy()
    out["size"] = e["size"].to_numpy()
    out["log_employees"] = np.log1p(e["employees"].astype("float64").fillna(0).to_numpy())
    age = (q["cutoff"].to_numpy() - e["established_on"].to_numpy()) / np.timedelta64(365, "D")
    out["age_years"] = np.clip(np.nan_to_num(age.astype(float), nan=10.0), 0, 60)
    out["remote_monitoring"] = e["remote_monitoring"].to_numpy(dtype=float)

    ins = bundle.inspections[["enterprise_id", "inspected_on", "outcome", "rectified"]]
    h = _events_before(q, ins, "inspected_on")
    bad = h["outcome"].isin(BAD)
    out["n_inspections"] = _count(h, None, n)
    out["n_violations"] = _count(h, bad, n)
    out["n_serious"] = _count(h, h["outcome"] == "serious", n)
    out["n_minor"] = _count(h, h["outcome"] == "minor", n)
    # smoothed toward a typical rate so one visit does not make a certainty
    out["violation_rate"] = (out["n_violations"] + 0.3) / (out["n_inspections"] + 1.0)
    recent = h["inspected_on"] >= h["cutoff"] - pd.Timedelta(days=365)
    out["violations_365d"] = _count(h, bad & recent, n)
    out["n_unrectified"] = _count(h, bad & (h["rectified"] == False), n)  # noqa: E712 - NA stays unknown
    last = h.sort_values(["q", "inspected_on", "outcome"]).drop_duplicates("q", keep="last").set_index("q")
    days = (q["cutoff"] - q["q"].map(last["inspected_on"])).dt.days
    out["never_inspected"] = days.isna().astype(float).to_numpy()
    out["days_since_last"] = days.fillna(DAYS_CAP).clip(upper=DAYS_CAP).to_numpy(dtype=float)
    out["last_outcome"] = q["q"].map(last["outcome"]).fillna("none").to_numpy()

    cr = bundle.credit_records[["enterprise_id", "recorded_on", "kind", "expires_on"]]
    c = _events_before(q, cr, "recorded_on")
    repaired_at = c[c["kind"] == "repair"].groupby("q")["recorded_on"].max()
    in_force = c["expires_on"].isna() | (c["expires_on"] >= c["cutoff"])
    # 信用修复: a repair stops every earlier bad or dishonest record from counting on its date
    repaired = c[["q"]].merge(repaired_at.rename("repaired_on"), left_on="q", right_index=True, how="left")["repaired_on"]
    not_repaired = repaired.isna() | (c["recorded_on"] > repaired)
    out["bad_in_force"] = _count(c, (c["kind"] == "bad") & in_force & not_repaired, n)
    out["good_in_force"] = _count(c, c["kind"].isin(["good", "commendation"]) & in_force, n)
    out["dishonest_in_force"] = np.minimum(_count(c, (c["kind"] == "serious_dishonest") & in_force & not_repaired, n), 1)

    t = _events_before(q, bundle.triggers[["enterprise_id", "received_on"]], "received_on")
    out["triggers_all"] = _count(t, None, n)
    out["triggers_365d"] = _count(t, t["received_on"] >= t["cutoff"] - pd.Timedelta(days=365), n)

    g = _events_before(q, bundle.credit_grades[["enterprise_id", "grade", "rated_on"]], "rated_on")
    latest = g.sort_values(["q", "rated_on"]).drop_duplicates("q", keep="last").set_index("q")["grade"]
    out["grade_ordinal"] = q["q"].map(latest).map(GRADE_ORDINAL).fillna(0).to_numpy(dtype=float)
    out.insert(0, "enterprise_id", q["enterprise_id"].to_numpy())
    out.insert(1, "cutoff", q["cutoff"].to_numpy())
    return out


def plan_cutoff(bundle: Bundle) -> pd.Timestamp:
    return pd.Timestamp(dt.date(bundle.year, 1, 1))


def scoring_frame(bundle: Bundle) -> pd.DataFrame:
    """Every enterprise as of 1 January of the plan year."""
    q = pd.DataFrame({"enterprise_id": bundle.enterprises["enterprise_id"], "cutoff": plan_cutoff(bundle)})
    return feature_frame(bundle, q)


def training_frame(bundle: Bundle) -> tuple[pd.DataFrame, np.ndarray]:
    """Each past inspection a row, cut off at its own date; label = violation found."""
    ins = bundle.inspections.sort_values(["inspected_on", "inspection_id"]).reset_index(drop=True)
    q = pd.DataFrame({"enterprise_id": ins["enterprise_id"], "cutoff": ins["inspected_on"]})
    X = feature_frame(bundle, q)
    y = ins["outcome"].isin(BAD).to_numpy(dtype=int)
    return X, y
