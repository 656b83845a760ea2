"""Risk: no feature reads past its cut-off, the tier rules, the explanations, the fallback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import EXAMPLE, read_rows, write_rows

from bundle import load_bundle
from risk import score_bundle
from risk.features import feature_frame, training_frame
from risk.report import truth_figures, write_report
from risk.score import MIN_LABELLED, model_tier


@pytest.fixture(scope="module")
def demo_scores(demo_dir: Path):  # type: ignore[no-untyped-def]
    b = load_bundle(demo_dir / "bundle")
    return b, score_bundle(b, random_state=0)


def test_features_never_read_past_the_cutoff(demo_dir: Path) -> None:
    """Events dated on or after every cut-off of an enterprise change none of its features."""
    b = load_bundle(demo_dir / "bundle")
    X, _ = training_frame(b)
    ins = b.inspections
    cutoffs = pd.DataFrame({"enterprise_id": ins.enterprise_id, "cutoff": ins.inspected_on})
    before = feature_frame(b, cutoffs)
    last = ins.sort_values("inspected_on").drop_duplicates("enterprise_id", keep="last")
    at = last.inspected_on  # the same day as the latest cut-off: strictly-before must leave it out
    later = last.assign(outcome="serious", rectified=False)
    b.frames["inspections"] = pd.concat([ins, later, later.assign(inspected_on=at + pd.Timedelta(days=40))], ignore_index=True)
    future = pd.DataFrame({"enterprise_id": last.enterprise_id, "recorded_on": at, "kind": "serious_dishonest",
                           "expires_on": pd.NaT, "note": "", "_row": 0})
    b.frames["credit_records"] = pd.concat([b.credit_records, future], ignore_index=True)
    trg = pd.DataFrame({"trigger_id": "x", "enterprise_id": last.enterprise_id, "agency_id": last.agency_id,
                        "received_on": at + pd.Timedelta(days=3), "kind": "complaint", "urgent": False, "_row": 0})
    b.frames["triggers"] = pd.concat([b.triggers, trg], ignore_index=True)
    grades = pd.DataFrame({"enterprise_id": last.enterprise_id, "grade": "D", "rated_on": at, "_row": 0})
    b.frames["credit_grades"] = pd.concat([b.credit_grades, grades], ignore_index=True)
    after = feature_frame(b, cutoffs)
    pd.testing.assert_frame_equal(before, after)
    assert len(X) == len(ins)
    # and the same events one day before the cut-off do count: the test can fail
    b.frames["inspections"] = pd.concat([ins, later.assign(inspected_on=at - pd.Timedelta(days=1))], ignore_index=True)
    moved = feature_frame(b, cutoffs)
    assert (moved.n_serious > before.n_serious).any()


def test_history_counts_and_credit_in_force(bundle_copy: Path) -> None:
    b = load_bundle(bundle_copy)
    eid = "91140404TRCCDTBH11"  # serious 2024 (unrectified), violation 2026 (rectified); bad expired; dishonest in force
    q = pd.DataFrame({"enterprise_id": [eid, eid], "cutoff": pd.to_datetime(["2027-01-01", "2024-07-11"])})
    f = feature_frame(b, q)
    assert f.loc[0, "n_inspections"] == 2 and f.loc[0, "n_violations"] == 2 and f.loc[0, "n_serious"] == 1
    assert f.loc[0, "n_unrectified"] == 1
    assert f.loc[0, "dishonest_in_force"] == 1
    assert f.loc[0, "bad_in_force"] == 1  # 2024-08-09 expired 2026-07-10; 2026-09-17 in force
    assert f.loc[0, "last_found"] == 2  # violation
    assert f.loc[1, "n_inspections"] == 1 and f.loc[1, "bad_in_force"] == 0 and f.loc[1, "dishonest_in_force"] == 0


def test_repair_stops_a_dishonest_record(bundle_copy: Path) -> None:
    p = bundle_copy / "credit_records.csv"
    p.write_text(p.read_text(encoding="utf-8") + "91140404TRCCDTBH11,2025-03-01,repair,,信用修复\n", encoding="utf-8")
    b = load_bundle(bundle_copy)
    s = score_bundle(b)
    row = s.frame.set_index("enterprise_id").loc["91140404TRCCDTBH11"]
    assert row.tier_source != "dishonest"
    f = s.features.set_index("enterprise_id").loc["91140404TRCCDTBH11"]
    assert f.dishonest_in_force == 0
    assert f.bad_in_force == 1  # the 2026 bad record came after the repair


def test_tier_rules(bundle_copy: Path) -> None:
    """R-TIER: dishonest in force → D over any grade; else the latest grade; else the score's tier."""
    header, rows = read_rows(bundle_copy / "credit_grades.csv")
    rows.append(["91140404TRCCDTBH11", "A", "2026-10-31"])  # graded A, but on the dishonest list
    rows.append(["91140404C6K5774Q6B", "D", "2025-01-31"])  # older grade; the 2026 B is the latest
    write_rows(bundle_copy / "credit_grades.csv", header, rows)
    b = load_bundle(bundle_copy)
    s = score_bundle(b).frame.set_index("enterprise_id")
    assert s.loc["91140404TRCCDTBH11", ["tier", "tier_source"]].tolist() == ["D", "dishonest"]
    assert s.loc["91140404C6K5774Q6B", ["tier", "tier_source"]].tolist() == ["B", "grade"]
    ungraded = s[~s.index.isin(set(b.credit_grades.enterprise_id))]
    assert (ungraded.tier_source.isin(["fallback", "model"])).all()
    expect = model_tier(ungraded.risk_score.to_numpy(), b.policy.tier_thresholds)
    assert (ungraded.tier.to_numpy() == expect).all()
    assert model_tier(np.array([0.0, 0.2, 0.29, 0.3, 0.99]), (0.2, 0.3, 0.4)).tolist() == ["A", "B", "B", "C", "D"]


def test_fallback_when_history_is_thin(bundle_copy: Path) -> None:
    b = load_bundle(bundle_copy)
    assert len(b.inspections) < MIN_LABELLED
    s = score_bundle(b)
    assert s.card["method"] == "fallback"
    assert set(s.frame.tier_source) <= {"fallback", "grade", "dishonest"} and "fallback" in set(s.frame.tier_source)
    fb = s.frame[s.frame.tier_source == "fallback"]
    assert fb.reason_zh.str.contains("计分法").all() and fb.reason_en.str.contains("fallback").all()
    # the points are the explanation: an unrectified violation is worth 20 points
    f = s.factors["91140404MMKUKMNE41"]
    assert any(x.feature == "n_unrectified" and x.contribution == 20 for x in f)


def test_model_on_demo_beats_chance_and_explains(demo_scores, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    _, s = demo_scores
    assert s.card["method"] == "model" and s.card["chosen"] in ("logistic", "boosting")
    assert {v["kind"] for v in s.card["validation"]} == {"logistic", "boosting"}
    truth = pd.read_csv(demo_dir / "truth.csv", dtype={"enterprise_id": str})
    tf = truth_figures(s.frame, truth)
    assert tf["spearman"] > 0.3 and tf["top20_lift"] > 1.3
    f = s.frame.set_index("enterprise_id")
    assert f.risk_score.between(0, 1).all()
    assert (f.risk_score.round(6) == f.risk_score).all()
    # a high scorer is explained by what raises its risk, in both languages
    top = f.risk_score.idxmax()
    assert "风险较高的因素" in f.loc[top, "reason_zh"] and "raising the risk" in f.loc[top, "reason_en"].lower()
    assert all(x.contribution > 0 for x in s.factors[top])
    low = f[f.tier_source == "model"].risk_score.idxmin()
    assert all(x.contribution < 0 for x in s.factors[low])


def test_unrectified_violation_named_in_reason(demo_scores) -> None:  # type: ignore[no-untyped-def]
    _, s = demo_scores
    X = s.features.set_index("enterprise_id")
    f = s.frame.set_index("enterprise_id")
    many = X[X.n_unrectified >= 2].index
    assert len(many) > 0
    hits = [e for e in many if "未整改" in f.loc[e, "reason_zh"]]
    assert len(hits) >= 0.5 * len(many)


def test_same_seed_same_scores(demo_dir: Path) -> None:
    b = load_bundle(demo_dir / "bundle")
    a, c = score_bundle(b, random_state=3).frame, score_bundle(b, random_state=3).frame
    pd.testing.assert_frame_equal(a, c)


def test_report_and_cli(demo_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from inspection.cli import app

    r = CliRunner().invoke(app, ["score", str(demo_dir / "bundle"), "--out", str(tmp_path / "s.csv")])
    assert r.exit_code == 0, r.output
    s = pd.read_csv(tmp_path / "s.csv", dtype={"enterprise_id": str})
    assert list(s.columns) == ["enterprise_id", "risk_score", "tier", "tier_source", "reason_zh", "reason_en"]
    assert len(s) == 600 and s.tier.isin(list("ABCD")).all()
    r = CliRunner().invoke(app, ["risk", "report", str(demo_dir / "bundle"), "--out", str(tmp_path / "rep"),
                                 "--truth", str(demo_dir / "truth.csv")])
    assert r.exit_code == 0, r.output
    md = (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")
    for part in ("Model card", "calibration.png", "Drift by quarter", "Disparity", "hidden truth", "lift"):
        assert part in md
    assert (tmp_path / "rep" / "calibration.png").stat().st_size > 1000


def test_report_without_model(bundle_copy: Path, tmp_path: Path) -> None:
    b = load_bundle(bundle_copy)
    path = write_report(b, score_bundle(b), tmp_path / "r")
    assert "Fallback (points)" in path.read_text(encoding="utf-8")


def test_chicago_adapter_uses_plan_time_columns_only() -> None:
    from risk.adapters import chicago

    data = EXAMPLE.parents[1] / "data" / "chicago" / "inspections.csv.gz"
    df = chicago.load(data).head(3000)
    X = chicago.features(df)
    assert "sanitarian_cluster" not in X.columns
    assert not any(c.startswith(("wx3d_", "y_")) for c in X.columns)
    assert set(chicago.NUMERIC + chicago.CATEGORICAL) <= set(X.columns)
