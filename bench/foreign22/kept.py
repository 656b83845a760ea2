"""What drives the product's misses on the kept foreign22 bureaus: reads only each kept bureau's published scores.csv,
its bundle and truth.csv (and recomputes the harness's plain LR from the bundle).

    /work/main/.venv/bin/python bench/foreign22/kept.py [--keep /tmp/foreign22/keep]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "foreign2"))  # first: bench/run.py is another file
import run  # noqa: E402

run.use_generator(HERE)
VIOL = {"violation", "serious"}


def rho(a: np.ndarray, b: np.ndarray) -> float:
    return float(spearmanr(a, b).statistic) if len(a) > 5 else float("nan")


def bureau(folder: Path) -> dict:
    b = folder / "bundle"
    ent = pd.read_csv(b / "enterprises.csv", dtype=str)
    sc = pd.read_csv(folder / "scores.csv", dtype={"enterprise_id": str})
    tr = pd.read_csv(folder / "truth.csv", dtype={"enterprise_id": str})
    df = ent.merge(tr, on="enterprise_id").merge(sc[["enterprise_id", "risk_score", "model_score", "tier", "tier_source"]],
                                                 on="enterprise_id")
    df["lr"] = run.plain_lr(b, df["enterprise_id"])
    ins = pd.read_csv(b / "inspections.csv", dtype=str)
    trg = pd.read_csv(b / "triggers.csv", dtype=str)
    rec = pd.read_csv(b / "credit_records.csv", dtype=str)
    cnt = lambda s: s.value_counts().reindex(df["enterprise_id"]).fillna(0).to_numpy()  # noqa: E731
    df["n_insp"] = cnt(ins["enterprise_id"])
    df["n_viol"] = cnt(ins.loc[ins["outcome"].isin(VIOL), "enterprise_id"])
    df["rate"] = (df["n_viol"] + 0.1) / (df["n_insp"] + 1)
    df["n_cpl"] = cnt(trg.loc[(trg["kind"] == "complaint") & (trg["urgent"] == "false"), "enterprise_id"])
    df["n_urg"] = cnt(trg.loc[(trg["kind"] == "complaint") & (trg["urgent"] == "true"), "enterprise_id"])
    df["n_alarm"] = cnt(trg.loc[trg["kind"] == "data_monitoring", "enterprise_id"])
    df["n_rec27"] = cnt(rec.loc[rec["recorded_on"] >= "2027-01-01", "enterprise_id"])
    est = pd.to_datetime(df["established_on"], errors="coerce")
    df["age"] = ((pd.Timestamp("2027-01-01") - est).dt.days / 365.25).fillna(8.0)
    p, s, lr = df["p_violation"].to_numpy(), df["risk_score"].to_numpy(), df["lr"].to_numpy()
    top = p >= np.quantile(p, 0.9)
    m = df["model_score"].to_numpy()
    out = {"bureau": folder.name, "ours_rho": rho(s, p), "model_score_rho": rho(m, p), "lr_rho": rho(lr, p),
           "ours_lift": run.top_lift(s, p), "model_score_lift": run.top_lift(m, p), "lr_lift": run.top_lift(lr, p),
           "rho_risk_vs_model_score": rho(s, m), "grade_banded": float((s != m).mean() > 0.2),
           "ours_rho_history": rho(s[df["n_insp"] > 0], p[df["n_insp"] > 0]),
           "ours_rho_no_history": rho(s[df["n_insp"] == 0], p[df["n_insp"] == 0]),
           "share_no_history": float((df["n_insp"] == 0).mean()),
           "top10_in_A": float((df.loc[top, "tier"] == "A").mean()),
           "top10_in_A_by_grade": float(((df["tier"] == "A") & (df["tier_source"] == "grade"))[top].mean()),
           "top10_in_CD": float(df.loc[top, "tier"].isin(["C", "D"]).mean()),
           "share_tier_by_grade": float((df["tier_source"] == "grade").mean()),
           "rho_tier_truth": rho(df["tier"].map({"A": 0, "B": 1, "C": 2, "D": 3}).to_numpy(), p)}
    for col in ("rate", "n_cpl", "n_urg", "n_alarm", "age", "n_rec27"):
        out[f"truth~{col}"], out[f"ours~{col}"] = rho(df[col].to_numpy(), p), rho(df[col].to_numpy(), s)
    fam = folder.name.split("-")[0]
    if fam == "strict_brigades":  # does the score follow the district's strictness, within-district ranking?
        g = df.groupby("district_code")
        out["rho_district_means_ours_vs_truth"] = rho(g["risk_score"].mean().to_numpy(), g["p_violation"].mean().to_numpy())
        out["ours_rho_within_district"] = float(np.mean([rho(x["risk_score"].to_numpy(), x["p_violation"].to_numpy())
                                                         for _, x in g]))
        out["lr_rho_within_district"] = float(np.mean([rho(x["lr"].to_numpy(), x["p_violation"].to_numpy()) for _, x in g]))
    if fam == "renovation_newcomers":
        hub = df["address"].fillna("").str.contains("孵化基地").to_numpy()
        out["truth_hub_vs_rest"] = float(p[hub].mean() / p[~hub].mean())
        out["ours_hub_vs_rest"] = float(s[hub].mean() / s[~hub].mean())
        young = df["age"].to_numpy() < 3
        out["truth_young_vs_rest"] = float(p[young].mean() / p[~young].mean())
        out["ours_young_vs_rest"] = float(s[young].mean() / s[~young].mean())
    if fam == "kin_groups":  # a group = shared address; pooled group history as a ranker
        addr = df["address"].fillna("")
        size = addr.map(addr.value_counts()).where(addr != "", 1).to_numpy()
        grp = size >= 3
        pooled = df.groupby(addr.where(grp, df["enterprise_id"]))[["n_viol", "n_insp"]].transform("sum")
        out["rho_pooled_group_rate"] = rho(((pooled["n_viol"] + 0.1) / (pooled["n_insp"] + 1)).to_numpy(), p)
        out["ours_rho_grouped"] = rho(s[grp], p[grp])
    if fam == "heating_campaign":
        camp = ins[(ins["inspected_on"] >= "2024-11-01") & (ins["inspected_on"] <= "2025-03-31")
                   & ins["outcome"].isin(VIOL)]["enterprise_id"]
        hit = df["enterprise_id"].isin(camp).to_numpy()
        rq = trg[(trg["kind"] == "enterprise_request") & (trg["agency_id"] == "qq-rr")
                 & (trg["received_on"] >= "2026-05-10") & (trg["received_on"] <= "2026-08-31")]["enterprise_id"]
        conv = df["enterprise_id"].isin(rq).to_numpy()
        out["truth_campaign_hit_vs_rest"] = float(p[hit].mean() / p[~hit].mean())
        out["ours_campaign_hit_vs_rest"] = float(s[hit].mean() / s[~hit].mean())
        out["truth_2026_filing_vs_rest"] = float(p[conv].mean() / p[~conv].mean())
        out["ours_2026_filing_vs_rest"] = float(s[conv].mean() / s[~conv].mean())
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=Path, default=Path("/tmp/foreign22/keep"))
    a = ap.parse_args()
    rows = [bureau(d) for d in sorted(a.keep.iterdir()) if (d / "scores.csv").exists()]
    res = pd.DataFrame(rows)
    res["family"] = res["bureau"].str.split("-").str[0]
    res["n"] = res["bureau"].str.split("-").str[1]
    pd.set_option("display.width", 250, "display.max_columns", 30, "display.max_rows", 200)
    print("mean over the kept bureaus of each family (2 seeds x n=2000, 6000)")
    print(res.drop(columns=["bureau", "n"]).groupby("family", sort=False).mean().T.round(3).dropna(how="all").to_string())
    print("\nper bureau (grade_banded: the published risk_score differs from model_score for >20% of firms)")
    print(res.set_index("bureau")[["grade_banded", "ours_rho", "model_score_rho", "lr_rho", "ours_lift",
                                   "model_score_lift", "lr_lift", "top10_in_A"]].round(3).to_string())
    print("\nby size: ours / LR Spearman")
    print(res.groupby(["family", "n"])[["ours_rho", "model_score_rho", "lr_rho"]].mean().round(3).to_string())


if __name__ == "__main__":
    main()
