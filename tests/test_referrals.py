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


def test_a_referral_has_words_of_its_own_and_never_lowers_the_risk() -> None:
    from bench.contradictions import contradicting
    from risk.reasons import phrase

    zh, en = phrase("referrals_365d", 2.0, 0.2) or ("", "")
    assert "转办交办2件" in zh and "近一年" in zh, zh
    assert en == "triggers in the past year include 2 referral(s) from another authority", en
    zh, en = phrase("referrals_all", 3.0, 0.2) or ("", "")
    assert "累计" in zh and "转办交办3件" in zh and "其中" not in zh, zh
    assert "3 referral(s) from another authority" in en and "of them" not in en, en
    assert phrase("referrals_365d", 0.0, 0.2) is None and phrase("referrals_all", 0.0, 0.2) is None
    # the independent counter sees a referral read as lowering the risk, and not one read as raising it
    assert contradicting(pd.Series([f"Lowering the risk: {en}."])) == 1
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
        if kind == "referral":
            named = [f for e in firms for f in s.factors[e] if f.feature.startswith("referrals_")]
            assert named and all(f.contribution > 0 for f in named), named
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
        assert not any(f.feature.startswith("referrals_") and f.contribution < 0 for f in s.factors[e])
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
    assert "**未习得：其他部门转办交办的线索。**" in md
