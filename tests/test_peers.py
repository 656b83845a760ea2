"""Firms at one registered address 同址企业 (bench/prereg19.md).

A group's shells and a cluster registration (集群注册 at an incubator's or an agent's address) share one address in the
register. What the *other* firms' inspections there found before a row's cut-off is `peer_rate` (their violation rate
shrunk toward the bureau's, as the excess over it: risk-raising). A firm's own inspections never count as its peers'."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from bundle import load_bundle
from risk.score import score_bundle


def _inspection(b, eid: str, day: str, outcome: str, tag: str) -> dict:  # type: ignore[no-untyped-def]
    row = b.inspections.iloc[0].to_dict()
    return row | {"inspection_id": tag, "enterprise_id": eid, "inspected_on": pd.Timestamp(day), "outcome": outcome,
                  "rectified": True if outcome in ("violation", "serious") else pd.NA}


def test_peers_are_the_other_firms_at_one_address_and_their_inspections_before_the_cutoff(bundle_copy: Path) -> None:
    from risk.features import PEER_PRIOR, feature_frame

    b = load_bundle(bundle_copy)
    ent = b.enterprises
    a, c, d, e, f = ent["enterprise_id"].iloc[:5]
    address: list[str | None] = [f"东风路{i}号" for i in range(len(ent))]
    address[0], address[1], address[3] = "龙华路１２号", " 龙华路 12号", "龙华路12号"  # one address, typed three ways
    address[4] = None  # f: the register leaves it blank
    address[5], address[6] = "", "\u3000"  # blank as the loader gives it, and a full-width space: no address either
    b.frames["enterprises"] = ent.assign(address=address)
    ins = b.inspections[~b.inspections["enterprise_id"].isin([a, c, d, e, f])]
    rows = [_inspection(b, c, "2024-03-01", "violation", "p1"), _inspection(b, c, "2024-06-01", "compliant", "p2"),
            _inspection(b, a, "2024-04-01", "serious", "o1"),  # a's own: never a's peer history
            _inspection(b, d, "2024-02-01", "violation", "x1"),  # d is at another address
            _inspection(b, e, "2025-02-01", "compliant", "e1")]  # e: the address typed a third way

    g, h = ent["enterprise_id"].iloc[5:7]
    rows += [_inspection(b, g, "2024-02-01", "violation", "g1"), _inspection(b, h, "2024-02-01", "serious", "h1")]
    b.frames["inspections"] = pd.concat([ins, pd.DataFrame(rows)], ignore_index=True)
    q = pd.DataFrame({"enterprise_id": [a, a, a, c, d, f, g, h],
                      "cutoff": pd.to_datetime(["2024-06-01", "2024-06-02", "2025-06-01", "2025-06-01", "2025-06-01",
                                                "2025-06-01", "2025-06-01", "2025-06-01"])})
    X = feature_frame(b, q)
    got = X[["peer_violations", "peer_inspections"]].to_numpy().tolist()
    assert got[0] == [1, 1]  # c's check on a's cut-off day is not read
    assert got[1] == [1, 2]
    assert got[2] == [1, 3]  # e's check of February 2025 too
    assert got[3] == [1, 2]  # c's peers: a's serious finding and e's check, not c's own violation
    assert got[4:] == [[0, 0]] * 4  # alone at its address; three blanks, which are no address (not one shared)
    assert (X["peer_rate"].iloc[4:] == 0).all()
    # the rate is shrunk toward the bureau's own rate as of the cut-off and given as the excess over it
    hist = b.inspections[b.inspections["inspected_on"] < pd.Timestamp("2024-06-02")]
    base = hist["outcome"].isin(["violation", "serious"]).mean()
    assert math.isclose(X["peer_base"].iloc[1], base)
    assert math.isclose(X["peer_rate"].iloc[1], (1 + PEER_PRIOR * base) / (2 + PEER_PRIOR) - base)
    assert base != 0.5 and (X["peer_rate"].iloc[1] > 0) == (base < 0.5)  # the peers' 1 in 2 against the bureau's own


def test_the_peers_are_read_in_words_with_their_counts_and_never_as_lowering_above_the_bureaus_rate() -> None:
    from bench.contradictions import contradicting
    from risk.reasons import phrase

    zh, en = phrase("peer_rate", (2.0, 9.0, 0.12), 0.1) or ("", "")
    assert zh == "同一注册地址的其他企业以往接受检查9次、发现违法2次（22.2%），高于本局总体（12.0%）", zh
    assert en == "other firm(s) at the same registered address: 2 violation(s) in 9 past inspection(s) (22.2%), above the bureau's 12.0%", en
    below = "other firm(s) at the same registered address: 0 violation(s) in 6 past inspection(s) (0.0%), below the bureau's 9.5%"
    assert phrase("peer_rate", (0.0, 6.0, 0.095), -0.1) == (
        "同一注册地址的其他企业以往接受检查6次、发现违法0次（0.0%），低于本局总体（9.5%）", below)
    assert phrase("peer_rate", (0.0, 0.0, 0.1), 0.0) is None  # peers never inspected: nothing to say
    assert contradicting(pd.Series([f"Lowering the risk: {en}."])) == 1
    assert contradicting(pd.Series([f"Lowering the risk: {below}.", f"Raising the risk: {en}."])) == 0


def _pair_by_history(b) -> pd.Series:  # type: ignore[no-untyped-def]
    """Addresses that put the firms with violations on record two or three to an address, the rest each alone."""
    bad = b.inspections[b.inspections["outcome"].isin(["violation", "serious"])]["enterprise_id"].unique()
    ent = b.enterprises
    address = pd.Series([f"东风路{i}号" for i in range(len(ent))], index=ent["enterprise_id"])
    for k, eid in enumerate(bad):
        address[eid] = f"孵化基地{k // 3}号楼"
    return address


def test_where_peers_share_a_record_the_peer_rate_raises_scores_and_never_reads_as_lowering(demo_dir: Path) -> None:
    b = load_bundle(demo_dir / "bundle")
    address = _pair_by_history(b)
    b.frames["enterprises"] = b.enterprises.assign(address=b.enterprises["enterprise_id"].map(address).to_numpy())
    s = score_bundle(b, random_state=0)
    named = [fac for eid in s.frame["enterprise_id"] for fac in s.factors[eid] if fac.feature == "peer_rate"]
    assert named, "no reason names the peers"
    assert all(("高于" in fac.zh) == (fac.contribution > 0) for fac in named)
    # the counts in the words are the rate's own inputs, in their places, and lie on the side the words say
    X = s.features.set_index("enterprise_id") if s.features is not None else None
    assert X is not None
    for eid in s.frame["enterprise_id"]:
        for fac in s.factors[eid]:
            if fac.feature == "peer_rate":
                v, n, base = (X.at[eid, c] for c in ("peer_violations", "peer_inspections", "peer_base"))
                assert f"以往接受检查{int(n)}次、发现违法{int(v)}次" in fac.zh, fac.zh
                assert (v / n > base) == (fac.contribution > 0), (v, n, base, fac.contribution)
    low = s.frame["reason_en"].str.partition("owering the risk:")[2].str.partition("aising the risk:")[0]
    assert not low.str.contains("above the bureau's", regex=False).any()
    alone = set(address[~address.duplicated(keep=False)].index)
    assert not any(fac.feature == "peer_rate" for eid in alone for fac in s.factors[eid])
    # the model's own answer: a firm's peers' record made clean never raises its probability (monotone +1)
    assert s.model is not None and s.features is not None
    X = s.features[s.features["peer_rate"] > 0].copy()
    assert len(X) > 0
    with_peers = s.model.predict_proba(X)[:, 1]
    X["peer_rate"] = 0.0
    assert (s.model.predict_proba(X)[:, 1] <= with_peers + 1e-12).all()


def test_a_bureau_without_addresses_scores_as_if_the_peers_were_not_there(demo_dir: Path) -> None:
    """No address in the register (bundle.md: optional): every peer column is 0, and the scores are those of a register
    whose addresses are all different — the feature moves nothing where it has nothing to read."""
    b = load_bundle(demo_dir / "bundle")
    b.frames["enterprises"] = b.enterprises.assign(address=[f"东风路{i}号" for i in range(len(b.enterprises))])
    apart = score_bundle(b, random_state=0).frame
    b.frames["enterprises"] = b.enterprises.assign(address=None)
    blank = score_bundle(b, random_state=0)
    assert blank.features is not None
    assert (blank.features[["peer_rate", "peer_violations", "peer_inspections"]] == 0).all().all()
    np.testing.assert_array_equal(blank.frame["risk_score"].to_numpy(), apart["risk_score"].to_numpy())
