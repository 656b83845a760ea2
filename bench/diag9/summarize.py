"""Tables and the gap's attribution from bench/diag9/decompose.py's CSVs (pandas only; nothing from risk/).

The gap LR − ours (top-20% lift, Spearman) telescopes along a chain of variants:

    ours → model (the tier band's hold removed) → notrend (the sector-trend offset removed)
         → lrP (plain LR on the product's own features and rows) → lr (the harness's features)

so gap = band + trend + machinery + features, each a difference of two judged scores on one bureau.
Side ablations (not part of the sum): district one-hots, recency weighting, sign constraints, firm shrinkage,
plan-year records, the label.

Usage: python bench/diag9/summarize.py A.csv [B.csv ...]  (prints Markdown)
"""

from __future__ import annotations

import sys

import pandas as pd

CHAIN = [("band", "model", "ours"), ("trend", "notrend", "model"), ("machinery", "lrP", "notrend"),
         ("features", "lr", "lrP")]
SIDE = [("no district (kept cand.)", "chosen_nodist", "chosen_uncal"), ("recency hl=1y (linear)", "lin_hl", "lin"),
        ("no signs (linear)", "lin_free", "lin"), ("no firm shrinkage (linear)", "lin_nofirm", "lin"),
        ("LR: no plan-year records", "lrP_jan", "lrP"), ("LR: no district", "lrP_nodist", "lrP"),
        ("LR: label any finding", "lr_any", "lr")]
SHOW = ["ours", "model", "tier", "notrend", "lin", "lin_hl", "chosen_uncal", "chosen_nodist", "lin_free",
        "lin_nofirm", "lrP", "lrP_jan", "lrP_nodist", "lrP_any", "lr", "lr_any"]


def md(df: pd.DataFrame) -> str:
    rows = ["| " + " | ".join(map(str, df.columns)) + " |", "|" + "---|" * df.shape[1]]
    rows += ["| " + " | ".join(map(str, r)) + " |" for r in df.itertuples(index=False)]
    return "\n".join(rows)


def bench(path: str) -> str:
    d = pd.read_csv(path)
    d["bureau"] = d["family"] + " n" + d["n"].astype(str) + " s" + d["seed"].astype(str)
    d["lr_wins"] = d["lr_lift"] > d["ours_lift"]
    out = [f"## {path}\n"]
    t = d[["bureau", "chosen", "band_kept", "band_auc_gain", "band_se", "band_periods", "graded_share",
           "train_graded_share", "moved_share", "grade_rho_graded", "reversed"]].copy()
    t["chosen"] = t["chosen"].str.replace("sign-constrained logistic", "signed LR").str.replace(
        "monotone boosting", "boost").str.replace(", recent rows weighted", "")
    out += ["### Per bureau: the product's choices\n", md(t.round(3)), ""]
    for m in ("lift", "rho"):
        cols = ["bureau"] + [f"{v}_{m}" for v in SHOW]
        t = d[cols].copy()
        t.columns = ["bureau", *SHOW]
        t.insert(1, "LR wins", d["lr_wins"].map({True: "yes", False: ""}))
        out += [f"### Per bureau: {m} of each variant (judged against truth p_violation)\n", md(t.round(3)), ""]
    win = d[d["lr_wins"]]
    for label, rows in (("bureaus where LR wins on lift", win), ("all bureaus", d)):
        if rows.empty:
            continue
        lines = []
        for m in ("lift", "rho"):
            gap = (rows[f"lr_{m}"] - rows[f"ours_{m}"])
            rec = {"measure": m, "gap LR−ours (mean)": round(gap.mean(), 4)}
            for name, a, b in CHAIN:
                rec[name] = round((rows[f"{a}_{m}"] - rows[f"{b}_{m}"]).mean(), 4)
            lines.append(rec)
        out += [f"### Chain of the gap, mean over {label} ({len(rows)})\n",
                "Each column: mean of (later variant − earlier variant); they sum to the gap.\n",
                md(pd.DataFrame(lines)), ""]
        lines = []
        for name, a, b in SIDE:
            rec = {"ablation": name}
            for m in ("lift", "rho"):
                diff = rows[f"{a}_{m}"] - rows[f"{b}_{m}"]
                rec[f"Δ{m} mean"] = round(diff.mean(), 4)
                rec[f"Δ{m} min"] = round(diff.min(), 4)
                rec[f"Δ{m} max"] = round(diff.max(), 4)
                rec[f"{m} better in"] = f"{int((diff > 0).sum())}/{len(rows)}"
            lines.append(rec)
        out += [f"### Side ablations, {label} ({len(rows)})\n", md(pd.DataFrame(lines)), ""]
    if "ours_notrend_lift" in d:
        pub = ["ours", "ours_check", "ours_notrend", "ours_nodist", "ours_nodist_notrend", "lr"]
        for label, rows in (("bureaus where LR wins on lift", win), ("all bureaus", d)):
            lines = []
            for v in pub:
                lines.append({"published variant": v, "lift mean": round(rows[f"{v}_lift"].mean(), 4),
                              "ρ mean": round(rows[f"{v}_rho"].mean(), 4),
                              "Δlift vs ours": round((rows[f"{v}_lift"] - rows["ours_lift"]).mean(), 4),
                              "lift worse than ours in": f"{int((rows[f'{v}_lift'] < rows['ours_lift'] - 1e-9).sum())}/{len(rows)}",
                              "lift ≥ LR in": f"{int((rows[f'{v}_lift'] >= rows['lr_lift']).sum())}/{len(rows)}"})
            out += [f"### Published score with one factor removed (band as the product chose), {label} ({len(rows)})\n",
                    md(pd.DataFrame(lines)), ""]
        t = d[["bureau", *[f"{v}_lift" for v in pub]]].copy()
        t.insert(1, "LR wins", d["lr_wins"].map({True: "yes", False: ""}))
        out += ["### Per bureau: published lift with one factor removed\n", md(t.round(3)), ""]
    if not win.empty:
        lines = []
        for _, r in win.iterrows():
            rec = {"bureau": r["bureau"], "gap lift": round(r["lr_lift"] - r["ours_lift"], 3)}
            for name, a, b in CHAIN:
                rec[name] = round(r[f"{a}_lift"] - r[f"{b}_lift"], 3)
            rec["largest"] = max(CHAIN, key=lambda c: r[f"{c[1]}_lift"] - r[f"{c[2]}_lift"])[0]
            lines.append(rec)
        out += ["### Chain per bureau where LR wins (lift)\n", md(pd.DataFrame(lines)), ""]
    return "\n".join(out)


if __name__ == "__main__":
    print("\n\n".join(bench(p) for p in sys.argv[1:]))
