"""A referral from another authority 转办交办 counts on its own beside every trigger (bench/prereg18.md).

A complaint is anyone's report and its number follows a firm's size; a referral is a case another authority has
looked at and passed on. Both count in `triggers_*` (risk-raising); a referral counts again in `referrals_*`
(risk-raising too), so the model can learn how much more it says in a bureau, and can never read it as lowering."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bundle import load_bundle
from risk.score import score_bundle


def _with_triggers(b, rows: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    b.frames["triggers"] = pd.concat([b.triggers, rows], ignore_index=True)


def _triggers(b, eids: list[str], dates: list[pd.Timestamp], kind: str, tag: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return pd.DataFrame({"trigger_id": [f"{tag}{i}" for i in range(len(eids))], "enterprise_id": eids,
                         "agency_id": b.agencies.agency_id.iat[0], "received_on": pd.to_datetime(dates), "kind": kind,
                         "urgent": False, "_row": 0})


def test_a_referral_counts_on_its_own_beside_every_trigger(bundle_copy: Path) -> None:
    from risk.features import REFERRALS, RISK_RAISING, scoring_frame

    assert set(REFERRALS) <= set(RISK_RAISING)  # an allegation: more of it never lowers the risk
    b = load_bundle(bundle_copy)
    before = scoring_frame(b).set_index("enterprise_id")
    eid = b.enterprises.enterprise_id.iat[0]
    dates = [pd.Timestamp(f"{b.year}-01-05"), pd.Timestamp(f"{b.year - 3}-06-30")]  # one in the plan year, one long ago
    _with_triggers(b, _triggers(b, [eid, eid], dates, "referral", "r"))
    referred = scoring_frame(b).set_index("enterprise_id")
    for col in ("triggers_all", "referrals_all"):
        assert referred.loc[eid, col] == before.loc[eid, col] + 2, col
    for col in ("triggers_365d", "referrals_365d"):
        assert referred.loc[eid, col] == before.loc[eid, col] + 1, col
    _with_triggers(b, _triggers(b, [eid, eid], dates, "complaint", "c"))
    alleged = scoring_frame(b).set_index("enterprise_id")
    assert alleged.loc[eid, "triggers_all"] == referred.loc[eid, "triggers_all"] + 2
    assert alleged.loc[eid, "referrals_all"] == referred.loc[eid, "referrals_all"]  # a complaint is not a referral
    assert (alleged.drop(index=eid) == before.drop(index=eid)).all().all()


def test_a_referral_is_named_in_its_trigger_counts_clause_and_never_lowers_the_risk() -> None:
    """One clause names the allegations and the referrals among them (review18: two clauses read one referral as two
    records, "近一年…线索1件；累计…转办交办1件")."""
    from bench.contradictions import contradicting
    from risk.reasons import phrase

    zh, en = phrase("triggers_365d", (3.0, 1.0), 0.2) or ("", "")
    assert zh == "近一年收到投诉举报、转办交办、监测预警等线索3件（含转办交办1件）", zh
    assert en == "3 complaint(s), referral(s) or monitoring alert(s) in the past year (including 1 referral(s) from another authority)", en
    zh, en = phrase("triggers_all", (2.0, 2.0), 0.2) or ("", "")
    assert zh == "累计收到投诉举报、转办交办、监测预警等线索2件（含转办交办2件）", zh
    assert en == "2 complaint(s), referral(s) or monitoring alert(s) on record (including 2 referral(s) from another authority)", en
    # no referral among them: the clause as before; a caller with the count alone (the points fallback's old callers)
    assert phrase("triggers_all", (2.0, 0.0), 0.2) == phrase("triggers_all", 2.0, 0.2) == (
        "累计收到投诉举报、转办交办、监测预警等线索2件", "2 complaint(s), referral(s) or monitoring alert(s) on record")
    assert phrase("triggers_365d", (0.0, 0.0), 0.2) is None
    # the independent counter sees it read as lowering the risk, and not read as raising it
    assert contradicting(pd.Series(["Lowering the risk: triggers include 1 referral(s) from another authority."])) == 1
    assert contradicting(pd.Series([f"Raising the risk: {en}."])) == 0


def _teach(b, kind_before_violation: str, seed: int = 0) -> None:  # type: ignore[no-untyped-def]
    """A past where a trigger of `kind_before_violation` was received 20 days before half of the violations found,
    and complaints (as many) before as many compliant inspections."""
    rng = np.random.default_rng(seed)
    ins = b.inspections
    bad = ins[ins["outcome"].isin(["violation", "serious"])]
    good = ins[ins["outcome"] == "compliant"]
    bad = bad.iloc[rng.permutation(len(bad))[: len(bad) // 2]]
    good = good.iloc[rng.permutation(len(good))[: len(bad)]]
    _with_triggers(b, _triggers(b, list(bad["enterprise_id"]), list(bad["inspected_on"] - pd.Timedelta(days=20)),
                                kind_before_violation, "t"))
    _with_triggers(b, _triggers(b, list(good["enterprise_id"]), list(good["inspected_on"] - pd.Timedelta(days=20)),
                                "complaint", "u"))


def _quiet_firms(b, k: int) -> list[str]:  # type: ignore[no-untyped-def]
    """k firms with no trigger at all, in register order."""
    busy = set(b.triggers["enterprise_id"])
    return [e for e in b.enterprises["enterprise_id"] if e not in busy][:k]


def test_where_referrals_came_before_violations_a_referral_raises_a_score_more_than_a_complaint(demo_dir: Path) -> None:
    """Under one count of every kind the two scores would be equal: the kind would not matter."""
    scores = {}
    for kind in ("referral", "complaint"):
        b = load_bundle(demo_dir / "bundle")
        _teach(b, "referral")
        firms = _quiet_firms(b, 20)
        _with_triggers(b, _triggers(b, firms, [pd.Timestamp(f"{b.year - 1}-12-01")] * len(firms), kind, "p"))
        s = score_bundle(b, random_state=0)
        scores[kind] = s.frame.set_index("enterprise_id").loc[firms, "model_score"]
        if kind == "referral":  # named in the trigger counts' clause, raising the risk
            named = [f for e in firms for f in s.factors[e] if "含转办交办1件" in f.zh]
            assert named and all(f.feature.startswith("triggers_") and f.contribution > 0 for f in named), named
    assert (scores["referral"] > scores["complaint"]).mean() >= 0.9, (scores["referral"] - scores["complaint"]).describe()


def test_where_referrals_came_before_compliant_checks_a_referral_still_never_lowers_a_score(demo_dir: Path) -> None:
    """The past says the opposite (referrals before compliant inspections, complaints before violations): the promise
    holds — a referral adds nothing beyond the trigger it is, and no reason names it as lowering the risk."""
    b = load_bundle(demo_dir / "bundle")
    rng = np.random.default_rng(1)
    ins = b.inspections
    good = ins[ins["outcome"] == "compliant"]
    good = good.iloc[rng.permutation(len(good))[:60]]
    _with_triggers(b, _triggers(b, list(good["enterprise_id"]), list(good["inspected_on"] - pd.Timedelta(days=20)),
                                "referral", "t"))
    firms = _quiet_firms(b, 10)
    _with_triggers(b, _triggers(b, firms, [pd.Timestamp(f"{b.year - 1}-12-01")] * len(firms), "referral", "p"))
    s = score_bundle(b, random_state=0)
    for e in firms:
        assert not any("转办交办" in f.zh and f.contribution < 0 for f in s.factors[e])
    low = s.frame["reason_en"].str.partition("owering the risk:")[2].str.partition("aising the risk:")[0]
    assert not low.str.contains("referral(s) from another authority", regex=False).any()
    assert s.model is not None
    X = s.features
    assert X is not None and {"referrals_365d", "referrals_all"} <= set(X.columns)
    # the model's own answer: a firm's referrals taken away never raises its probability
    cleared = X.loc[X["enterprise_id"].isin(firms)].copy()
    with_ref = s.model.predict_proba(cleared)[:, 1]
    cleared[["referrals_365d", "referrals_all"]] = 0.0
    assert (s.model.predict_proba(cleared)[:, 1] <= with_ref + 1e-12).all()


def test_referrals_no_past_inspection_had_are_told_as_counting_among_the_triggers(demo_dir: Path, tmp_path: Path) -> None:
    from risk.report import write_report

    b = load_bundle(demo_dir / "bundle")
    b.frames["triggers"] = b.triggers[b.triggers["kind"] != "referral"].reset_index(drop=True)
    firms = _quiet_firms(b, 3)
    _with_triggers(b, _triggers(b, firms, [pd.Timestamp(f"{b.year}-01-04")] * 3, "referral", "p"))  # after every inspection
    s = score_bundle(b, random_state=0)
    assert {"record": "referrals", "enterprises": 3} in s.card["unlearnt"], s.card["unlearnt"]
    md = write_report(b, s, tmp_path / "r").read_text(encoding="utf-8")
    assert "**Not learnt: referrals.**" in md and "a referral still counts among the triggers" in md
    assert "**未习得：转办交办的线索。**" in md

    # where no past inspection had any trigger, referrals move no score either: the report does not say they count
    # among the triggers (review18: "不影响评分" for triggers, then "按线索计分" for referrals, one line apart)
    b.frames["triggers"] = b.triggers.assign(received_on=pd.Timestamp(f"{b.year}-01-04"))
    s = score_bundle(b, random_state=0)
    assert [u["record"] for u in s.card["unlearnt"]][:1] == ["triggers"] and "referrals" in [u["record"] for u in s.card["unlearnt"]]
    md = write_report(b, s, tmp_path / "r2").read_text(encoding="utf-8")
    line = next(x for x in md.splitlines() if "**Not learnt: referrals.**" in x)
    assert "it moves no score" in line and "counts among the triggers" not in line, line
    assert "按线索计分" not in md


def test_a_referral_is_read_as_the_totals_read_a_trigger(demo_dir: Path) -> None:
    """review18's parity: where every trigger is a referral, the referral counts are the totals, in training and at
    scoring, with triggers received on an inspection's own day (unread) and at the past year's edges (365, 366 days)."""
    from risk.features import scoring_frame, training_frame

    b = load_bundle(demo_dir / "bundle")
    last = b.inspections.sort_values("inspected_on").drop_duplicates("enterprise_id", keep="last")
    days = [pd.Timedelta(0), pd.Timedelta(days=365), pd.Timedelta(days=366)]
    extra = pd.concat([_triggers(b, list(last.enterprise_id), list(last.inspected_on - d), "complaint", f"x{i}-")
                       for i, d in enumerate(days)], ignore_index=True)
    b.frames["triggers"] = pd.concat([b.triggers, extra], ignore_index=True).assign(kind="referral")
    for X in (training_frame(b)[0], scoring_frame(b)):
        for w in ("all", "365d"):
            pd.testing.assert_series_equal(X[f"referrals_{w}"], X[f"triggers_{w}"], check_names=False)
    b.frames["triggers"] = b.triggers.assign(kind="complaint")
    for X in (training_frame(b)[0], scoring_frame(b)):
        assert (X[["referrals_all", "referrals_365d"]] == 0).all().all()


def test_no_referral_is_named_apart_from_its_trigger_count(demo_dir: Path) -> None:
    """Every "转办交办N件" a reason says is inside a trigger count's clause, "（含转办交办N件）", and the demo names some."""
    import re

    b = load_bundle(demo_dir / "bundle")
    _teach(b, "referral")
    zh = score_bundle(b, random_state=0).frame["reason_zh"]
    said = zh.str.count(r"转办交办\d+件")
    inside = zh.str.count(r"（含转办交办\d+件）")
    assert said.sum() > 0 and (said == inside).all(), zh[said != inside].head(3).tolist()
    assert not zh.str.contains(re.escape("线索中有"), regex=True).any()
