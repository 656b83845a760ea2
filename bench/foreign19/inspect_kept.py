"""Read the kept bureaus (--keep of bench/foreign2/run.py) and print what findings.md cites: per bureau the product's
score against the truth overall, by tier and tier source, by observable groups each family's story is about, and
whether every live serious_dishonest record gave tier D (rules.md R-TIER). Observable groups only (the bundle),
never the generator's hidden variables.

    python bench/foreign19/inspect_kept.py /tmp/foreign19/keep [--summary]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr


def pct(x: pd.Series) -> pd.Series:
    return x.rank(pct=True)


def lift(score: np.ndarray, truth: np.ndarray, share: float = 0.2) -> float:
    k = round(share * len(score))
    top = np.argsort(-score, kind="stable")[:k]
    return float(truth[top].sum() / truth.sum() / (k / len(score)))


def one(folder: Path) -> None:
    b = folder / "bundle"
    t = pd.read_csv(folder / "truth.csv", dtype={"enterprise_id": str})
    s = pd.read_csv(folder / "scores.csv", dtype={"enterprise_id": str})
    e = pd.read_csv(b / "enterprises.csv", dtype=str)
    d = t.merge(s[["enterprise_id", "risk_score", "model_score", "tier", "tier_source"]], on="enterprise_id").merge(
        e[["enterprise_id", "district_code", "size", "sector", "established_on", "remote_monitoring"]],
        on="enterprise_id")
    d["sp"], d["tp"] = pct(d["risk_score"]), pct(d["p_violation"])
    ins = pd.read_csv(b / "inspections.csv", dtype=str)
    rec = pd.read_csv(b / "credit_records.csv", dtype=str)
    trg = pd.read_csv(b / "triggers.csv", dtype=str)
    d["n_insp"] = d["enterprise_id"].map(ins["enterprise_id"].value_counts()).fillna(0)
    fam = folder.name.split("-")[0]
    rho_m = spearmanr(d["model_score"], d["p_violation"]).statistic
    print(f"\n## {folder.name}: ρ(risk_score) {spearmanr(d['risk_score'], d['p_violation']).statistic:.3f} "
          f"ρ(model_score) {rho_m:.3f} lift(model_score) {lift(d['model_score'].to_numpy(), d['p_violation'].to_numpy()):.3f}"
          f" · mean score {d['risk_score'].mean():.3f} vs mean truth {d['p_violation'].mean():.3f}"
          f" · never inspected {(d['n_insp'] == 0).mean():.0%}")
    g = d.groupby(["tier", "tier_source"]).agg(firms=("tp", "size"), mean_truth=("p_violation", "mean"),
                                                mean_score=("risk_score", "mean"))
    print(g.round(3).to_string())
    def by(col):
        return d.groupby(col).agg(firms=("tp", "size"), truth=("p_violation", "mean"),
                                  truth_pct=("tp", "mean"), score_pct=("sp", "mean")).round(3).to_string()

    print(by("district_code"))
    print(by("size"))
    # R-TIER: live serious_dishonest (expires not before 2027, no later repair) must give D
    sd = rec[rec["kind"] == "serious_dishonest"]
    rp = rec[rec["kind"] == "repair"]
    live = [r.enterprise_id for r in sd.itertuples()
            if (pd.isna(r.expires_on) or r.expires_on >= "2027-01-01")
            and not ((rp["enterprise_id"] == r.enterprise_id) & (rp["recorded_on"] > r.recorded_on)).any()]
    tiers = d.set_index("enterprise_id").loc[sorted(set(live)), "tier"] if live else pd.Series(dtype=str)
    print(f"live serious_dishonest firms {len(set(live))}: tiers {tiers.value_counts().to_dict()}; "
          f"of them dated 2027: {sd[sd['recorded_on'] >= '2027'].shape[0]}")
    grp: dict[str, pd.Series] = {}
    tk = trg.assign(m=trg["received_on"].str[:7])
    if fam == "lift_upkeep":
        sw = tk[(tk["kind"] == "enterprise_request") & tk["m"].isin(["2026-06", "2026-07"])]["enterprise_id"]
        grp["contract-change filing Jun-Jul 2026"] = d["enterprise_id"].isin(sw)
    if fam == "presale_escrow":
        grp["large"] = d["size"] == "large"
        req = tk[tk["kind"] == "enterprise_request"]["enterprise_id"].value_counts()
        grp["top-decile fund-release requests"] = d["enterprise_id"].map(req).fillna(0).rank(pct=True) > 0.9
    if fam == "lab_fraud":
        grp["district 420683 (captured team)"] = d["district_code"] == "420683"
        dm = tk[tk["kind"] == "data_monitoring"]["enterprise_id"].value_counts()
        ref = tk[tk["kind"] == "referral"]["enterprise_id"].value_counts()
        grp["≥1 platform flag"] = d["enterprise_id"].map(dm).fillna(0) > 0
        grp["≥1 re-test referral"] = d["enterprise_id"].map(ref).fillna(0) > 0
    if fam == "gas_mains":
        ask = tk[(tk["kind"] == "enterprise_request") & (tk["received_on"] >= "2026-03-01")
                 & (tk["received_on"] <= "2026-09-30")]["enterprise_id"].value_counts()
        grp["≥1 request Mar-Sep 2026 in 420602/420606"] = (d["enterprise_id"].map(ask).fillna(0) > 0) & d[
            "district_code"].isin(["420602", "420606"])
        grp["founded before 2005"] = d["established_on"].fillna("9999") < "2005"
    if fam == "wage_arrears":
        jan = set(rec[rec["recorded_on"] >= "2027"]["enterprise_id"]) | set(
            tk[tk["received_on"] >= "2027"]["enterprise_id"])
        grp["record/trigger dated Jan 2027"] = d["enterprise_id"].isin(jan)
        grp["repair on record"] = d["enterprise_id"].isin(rp["enterprise_id"])
        grp["tier A"] = d["tier"] == "A"
    if fam == "newcomers":
        grp["established 2025-26"] = d["established_on"].fillna("") >= "2025"
        grp["micro in 420606"] = (d["size"] == "micro") & (d["district_code"] == "420606")
    for name, mask in grp.items():
        x = d[mask]
        if len(x):
            r = spearmanr(x["risk_score"], x["p_violation"]).statistic if len(x) > 2 else float("nan")
            print(f"  {name}: {len(x)} firms, truth {x['p_violation'].mean():.3f} (pct {x['tp'].mean():.2f}), "
                  f"score pct {x['sp'].mean():.2f}, ρ within {r:.3f}, in product's top 20% "
                  f"{(x['sp'] > 0.8).mean():.0%} vs truth's top 20% {(x['tp'] > 0.8).mean():.0%}")




def summary(keep: Path) -> None:
    """One row per kept bureau: the product's risk_score and model_score against the truth, how many scores the
    grade band moved, how many firms share a score inside tiers B and C, the score's spread, its calibration."""
    print("| bureau | ρ risk_score | ρ model_score | lift risk_score | lift model_score | moved by band | B,C firms tied "
          "| p90/p10 score | mean score | mean truth |")
    print("|" + "---|" * 10)
    for f in sorted(keep.iterdir()):
        if not (f / "scores.csv").exists():
            continue
        d = pd.read_csv(f / "truth.csv", dtype={"enterprise_id": str}).merge(
            pd.read_csv(f / "scores.csv", dtype={"enterprise_id": str}), on="enterprise_id")
        p = d["p_violation"].to_numpy()
        bc = d[d["tier"].isin(["B", "C"])]
        tied = bc.groupby("tier")["risk_score"].apply(lambda x: x.duplicated(keep=False).sum()).sum() / max(len(bc), 1)
        q10, q90 = d["risk_score"].quantile([0.1, 0.9])
        print(f"| {f.name} | {spearmanr(d['risk_score'], p).statistic:.3f} | {spearmanr(d['model_score'], p).statistic:.3f}"
              f" | {lift(d['risk_score'].to_numpy(), p):.3f} | {lift(d['model_score'].to_numpy(), p):.3f}"
              f" | {((d['risk_score'] - d['model_score']).abs() > 1e-6).mean():.0%} | {tied:.0%} | {q90 / q10:.2f}"
              f" | {d['risk_score'].mean():.3f} | {p.mean():.3f} |")


if __name__ == "__main__":
    if "--summary" in sys.argv:
        summary(Path(sys.argv[1]))
    else:
        for f in sorted(Path(sys.argv[1]).iterdir()):
            if (f / "scores.csv").exists():
                one(f)
