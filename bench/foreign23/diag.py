"""Where the product's ranking and the truth part, on the kept foreign23 bureaus · 诊断.

Reads only what the harness keeps (bundle/, truth.csv, scores.csv under --keep) and recomputes the plain LR with
bench/foreign2/run.py's own function. For each bureau, groups of firms defined from the bundle alone (no hidden
variable of the generator) and, per group, its size and the mean percentile (0 = lowest, 100 = highest) of the truth,
of the product's risk_score and of the plain LR. A group whose truth percentile is far above the product's is one
the product under-ranks.

Usage: python bench/foreign23/diag.py /tmp/foreign23/keep [> bench/foreign23/diag_out.md]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("f2run", HERE.parent / "foreign2" / "run.py")
assert _spec is not None and _spec.loader is not None
run = importlib.util.module_from_spec(_spec)
sys.modules["f2run"] = run
_spec.loader.exec_module(run)
run.use_generator(HERE)
gen = sys.modules["foreign23_generate"]
VIOL = ("violation", "serious")


def pct(x: np.ndarray) -> np.ndarray:
    return (pd.Series(x).rank(method="average").to_numpy() - 0.5) / len(x) * 100


def groups(fam: str, b: Path, ids: pd.Series) -> dict[str, np.ndarray]:
    e = pd.read_csv(b / "enterprises.csv", dtype=str).set_index("enterprise_id").loc[ids]
    ins = pd.read_csv(b / "inspections.csv", dtype=str)
    ins["d"] = pd.to_datetime(ins["inspected_on"])
    trg = pd.read_csv(b / "triggers.csv", dtype=str)
    trg["d"] = pd.to_datetime(trg["received_on"])
    rec = pd.read_csv(b / "credit_records.csv", dtype=str)
    rec["d"] = pd.to_datetime(rec["recorded_on"])

    def has(df: pd.DataFrame, mask: pd.Series) -> np.ndarray:
        return ids.isin(df.loc[mask, "enterprise_id"]).to_numpy()

    def count(df: pd.DataFrame, mask: pd.Series) -> np.ndarray:
        return df.loc[mask].groupby("enterprise_id").size().reindex(ids).fillna(0).to_numpy()

    viol = ins["outcome"].isin(VIOL)
    sector = e["sector"].to_numpy()
    size = e["size"].to_numpy()
    dist = e["district_code"].to_numpy()
    mon = (e["remote_monitoring"] == "true").to_numpy()
    g: dict[str, np.ndarray] = {"all": np.ones(len(ids), bool),
                                "never inspected": ~has(ins, ins["d"].notna()),
                                "violation on record": has(ins, viol)}
    if fam == "lijiang_flood":
        lat = pd.to_numeric(e["lat"], errors="coerce").to_numpy()
        lon = pd.to_numeric(e["lon"], errors="coerce").to_numpy()
        km = gen._river_km(lat, lon)
        site = np.isin(sector, ["construction", "municipal"])
        g |= {"site ≤1.5 km of 漓江": site & (km <= 1.5), "site 1.5–4 km": site & (km > 1.5) & (km <= 4),
              "site >4 km": site & (km > 4), "no lat/lon": np.isnan(lat),
              "flood referral": has(trg, trg["kind"] == "referral")}
    elif fam == "repair_mill":
        n_rep = count(rec, rec["kind"] == "repair")
        n_good = count(rec, rec["kind"] == "good")
        g |= {"≥1 repair": n_rep >= 1, "≥2 repairs": n_rep >= 2, "≥2 good records": n_good >= 2,
              "repair and ≥1 good": (n_rep >= 1) & (n_good >= 1),
              "≥3 complaints": count(trg, trg["kind"] == "complaint") >= 3}
    elif fam == "muck_haulers":
        age = ((pd.Timestamp("2027-01-01") - pd.to_datetime(e["established_on"])).dt.days / 365.25).to_numpy()
        central = np.isin(dist, ["450302", "450303", "450304", "450305"])
        g |= {"hauler (other)": sector == "other", "hauler unmonitored": (sector == "other") & ~mon,
              "age < 4 y": age < 4, "micro": size == "micro", "central districts": central,
              "outer districts": ~central, "交警 referral": has(trg, trg["kind"] == "referral")}
    elif fam == "homestay_campaign":
        camp = has(trg, (trg["kind"] == "referral") & (trg["d"] >= "2026-04-01") & (trg["d"] <= "2026-08-31")
                   & trg["agency_id"].eq("gl-js"))
        v26 = (ins["d"] >= "2026-04-01") & (ins["d"] <= "2026-09-15") & viol
        village = np.isin(dist, ["450321", "450311", "450323", "450381"])
        g |= {"swept 2026": camp, "swept, violation rectified": has(ins, v26 & (ins["rectified"] == "true")),
              "swept, violation not rectified": has(ins, v26 & (ins["rectified"] == "false")),
              "swept, no violation": camp & ~has(ins, v26),
              "unswept micro `other` in village districts": ~camp & (sector == "other") & (size == "micro") & village,
              "unswept `other`": ~camp & (sector == "other")}
    elif fam == "concrete_squeeze":
        jan = trg["d"] >= "2027-01-01"
        g |= {"Jan-2027 complaint/referral": has(trg, jan), "Jan-2027 credit record": has(rec, rec["d"] >= "2027-01-01"),
              "Dec-2026 alarm": has(trg, (trg["kind"] == "data_monitoring") & (trg["d"] >= "2026-12-01")),
              "≥1 request Aug–Nov 2026": has(trg, (trg["kind"] == "enterprise_request") & (trg["d"] >= "2026-08-15")
                                              & (trg["d"] <= "2026-11-30"))}
    elif fam == "shrinking_supervisors":
        emp = pd.to_numeric(e["employees"], errors="coerce").to_numpy()
        lo = np.array([gen._HEADS[s][0] for s in size], float)
        prof = np.isin(sector, ["supervision", "survey_design"])
        g |= {"headcount below its size class": prof & (emp < lo),
              "headcount ≥ class floor": prof & (emp >= lo),
              "supervision/design": prof, "grade A (2024)": _grade(b, ids) == "A",
              "grade A, headcount below class": (_grade(b, ids) == "A") & prof & (emp < lo),
              "attendance alarm 2026": has(trg, (trg["kind"] == "data_monitoring") & (trg["d"] >= "2026-01-01"))}
    return g


def _grade(b: Path, ids: pd.Series) -> np.ndarray:
    p = b / "credit_grades.csv"
    if not p.exists():
        return np.full(len(ids), "", object)
    gr = pd.read_csv(p, dtype=str).sort_values("rated_on").groupby("enterprise_id")["grade"].last()
    return gr.reindex(ids).fillna("").to_numpy()


def one(folder: Path) -> str:
    fam = folder.name.split("-n")[0]
    b = folder / "bundle"
    truth = pd.read_csv(folder / "truth.csv", dtype={"enterprise_id": str})
    sc = pd.read_csv(folder / "scores.csv", dtype={"enterprise_id": str})
    df = truth.merge(sc[["enterprise_id", "risk_score"]], on="enterprise_id")
    ids = df["enterprise_id"]
    p = df["p_violation"].to_numpy()
    ours = df["risk_score"].to_numpy(float)
    lr = run.plain_lr(b, ids)
    tp, op, lp = pct(p), pct(ours), pct(lr)
    top_o, top_l, top_t = op >= 80, lp >= 80, tp >= 80
    lines = [f"### {folder.name}", "",
             f"ours lift {run.top_lift(ours, p):.3f} ρ {spearmanr(ours, p).statistic:.3f} · LR lift "
             f"{run.top_lift(lr, p):.3f} ρ {spearmanr(lr, p).statistic:.3f} · ours-vs-LR ρ "
             f"{spearmanr(ours, lr).statistic:.3f}", "",
             "| group | firms | truth pct | ours pct | LR pct | in truth top-20% | in ours top-20% | in LR top-20% |",
             "|---|---|---|---|---|---|---|---|"]
    for name, m in groups(fam, b, ids).items():
        if m.sum() == 0:
            continue
        lines.append(f"| {name} | {int(m.sum())} | {tp[m].mean():.0f} | {op[m].mean():.0f} | {lp[m].mean():.0f} | "
                     f"{top_t[m].mean():.0%} | {top_o[m].mean():.0%} | {top_l[m].mean():.0%} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    keep = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/foreign23/keep")
    for folder in sorted(p for p in keep.iterdir() if (p / "scores.csv").exists()):
        print(one(folder))


if __name__ == "__main__":
    main()
