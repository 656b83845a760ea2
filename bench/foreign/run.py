"""Held-out risk benchmark on foreign bureaus (issue 9): our scorer as a black box vs a plain
logistic regression vs the oracle, judged against each bureau's hidden truth.

For each family × size × seed: ``generate`` a bundle (bench/foreign/generate.py), run
``inspection validate`` (must pass) and ``inspection score`` through the CLI (the product is
never imported), then judge three rankings against ``truth.csv``:

- **ours**: ``risk_score`` of scores.csv (also ``model_score``, the score before R-TIER's banding);
- **plain LR**: ``LogisticRegression()`` on simple features as of each past inspection's date
  (no look-ahead), label = outcome ``violation`` or ``serious``; applied as of 1 January of the plan year;
- **oracle**: the truth itself.

Metrics: top-20% lift = (Σ truth over the top 20% by score) / (Σ truth over all) / 0.2, ties at the
cut shared evenly (the expected value of a random tie-break, so a coarse score is not flattered or
punished by the order of ids); Spearman ρ of the score against p_violation over every enterprise.

    PYTHONPATH=$PWD .venv/bin/python bench/foreign/run.py            # 7 families × {500, 2000, 6000} × seeds 1-3
    PYTHONPATH=$PWD .venv/bin/python bench/foreign/run.py --sizes 2000 --seeds 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent
if "foreign_generate" not in sys.modules:  # the generator beside this file, under a name of its own
    _spec = importlib.util.spec_from_file_location("foreign_generate", HERE / "generate.py")
    assert _spec is not None and _spec.loader is not None
    sys.modules["foreign_generate"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules["foreign_generate"])
_gen = sys.modules["foreign_generate"]
FAMILIES, PLAN_YEAR, generate = _gen.FAMILIES, _gen.PLAN_YEAR, _gen.generate

INSPECTION = Path(sys.executable).with_name("inspection")
TARGET_LIFT, TARGET_RHO = 1.58, 0.6  # issue 9's numbers
TOP = 0.2


def top_lift(score: np.ndarray, truth: np.ndarray, top: float = TOP) -> float:
    """Share of the expected violations held by the top ``top`` by score, over ``top``; ties at the cut shared."""
    df = pd.DataFrame({"s": score, "t": truth}).groupby("s", sort=True)["t"].agg(["sum", "count"]).iloc[::-1]
    k = top * len(score)
    before = df["count"].cumsum() - df["count"]
    take = np.clip(k - before, 0, df["count"]) / df["count"]
    return float((df["sum"] * take).sum() / truth.sum() / top)


# ---------------------------------------------------------------- plain LR baseline (bundle only)


def _read(bundle: Path, name: str, cols: list[str]) -> pd.DataFrame:
    f = bundle / f"{name}.csv"
    return pd.read_csv(f, dtype=str, keep_default_na=False) if f.exists() else pd.DataFrame(columns=cols)


def _date(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s.replace("", None), errors="coerce")


def features_asof(bundle: Path, query: pd.DataFrame) -> pd.DataFrame:
    """Simple features of ``query`` rows (enterprise_id, asof) from what was recorded strictly before ``asof``."""
    ent = _read(bundle, "enterprises", [])
    ins = _read(bundle, "inspections", ["enterprise_id", "inspected_on", "outcome", "rectified"])
    cre = _read(bundle, "credit_records", ["enterprise_id", "recorded_on", "kind", "expires_on"])
    gra = _read(bundle, "credit_grades", ["enterprise_id", "grade", "rated_on"])
    q = query.reset_index(drop=True).assign(qid=lambda d: np.arange(len(d)))
    out = pd.DataFrame(index=q.index)

    ev = q.merge(ins.assign(d=_date(ins["inspected_on"])), on="enterprise_id")
    ev = ev[ev["d"] < ev["asof"]]
    viol = ev["outcome"].isin(["violation", "serious"])
    agg = (
        pd.DataFrame(
            {
                "qid": ev["qid"],
                "n_insp": 1,
                "n_viol": viol,
                "n_serious": ev["outcome"] == "serious",
                "n_minor": ev["outcome"] == "minor",
                "n_unrectified": viol & (ev["rectified"].str.lower() == "false"),
            }
        )
        .groupby("qid")
        .sum()
    )
    out = out.join(agg).fillna(0.0)
    out["any_insp"] = (out["n_insp"] > 0).astype(float)

    cr = q.merge(cre.assign(d=_date(cre["recorded_on"]), e=_date(cre["expires_on"])), on="enterprise_id")
    cr = cr[(cr["d"] < cr["asof"]) & (cr["e"].isna() | (cr["e"] >= cr["asof"]))]
    for kind, col in (
        ("bad", "bad_active"),
        ("serious_dishonest", "dishonest_active"),
        ("good", "good_active"),
        ("commendation", "good_active"),
        ("repair", "repairs"),
    ):
        n = cr[cr["kind"] == kind].groupby("qid").size()
        out[col] = out.get(col, 0.0) + n.reindex(out.index).fillna(0.0)

    gr = q.merge(gra.assign(d=_date(gra["rated_on"])), on="enterprise_id")
    gr = gr[gr["d"] < gr["asof"]].sort_values("d").groupby("qid")["grade"].last()
    grade = gr.reindex(out.index).fillna("none")
    for g in ("A", "B", "C", "D", "none"):
        out[f"grade_{g}"] = (grade == g).astype(float)

    e = q[["enterprise_id", "asof"]].merge(ent, on="enterprise_id", how="left")
    for s in ("construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing", "ready_mix", "municipal"):
        out[f"sector_{s}"] = (e["sector"] == s).astype(float)
    for z in ("micro", "small", "medium"):
        out[f"size_{z}"] = (e["size"] == z).astype(float)
    out["remote"] = (e["remote_monitoring"].str.lower() == "true").astype(float)
    emp = pd.to_numeric(e["employees"], errors="coerce")
    out["log_employees"] = np.log1p(emp.fillna(emp.median()))
    age = (e["asof"] - _date(e["established_on"])).dt.days / 365.25
    out["age_years"] = age.fillna(age.median()).clip(lower=0)
    return out


def plain_lr(bundle: Path) -> pd.Series:
    """LogisticRegression() on past inspections (features as of each one's date), applied as of 1 January."""
    ent = _read(bundle, "enterprises", [])
    ins = _read(bundle, "inspections", ["enterprise_id", "inspected_on", "outcome"])
    train_q = pd.DataFrame({"enterprise_id": ins["enterprise_id"], "asof": _date(ins["inspected_on"])})
    y = ins["outcome"].isin(["violation", "serious"]).to_numpy()
    X = features_asof(bundle, train_q)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))  # scaled so lbfgs converges
    model.fit(X.to_numpy(), y)
    plan_q = pd.DataFrame({"enterprise_id": ent["enterprise_id"], "asof": pd.Timestamp(f"{PLAN_YEAR}-01-01")})
    Xp = features_asof(bundle, plan_q)[X.columns]
    return pd.Series(model.predict_proba(Xp.to_numpy())[:, 1], index=ent["enterprise_id"].to_numpy())


# ---------------------------------------------------------------- one bureau


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(INSPECTION), *args], capture_output=True, text=True, env=os.environ.copy())


def run_one(family: str, n: int, seed: int, work: Path) -> dict[str, object]:
    where = work / f"{family}-{n}-{seed}"
    bundle = generate(family, n, seed, where)
    truth = pd.read_csv(where / "truth.csv").set_index("enterprise_id")["p_violation"]
    t0 = time.perf_counter()
    v = _cli("validate", str(bundle))
    if v.returncode != 0:
        raise SystemExit(f"inspection validate rejected {bundle}:\n{v.stdout[-3000:]}\n{v.stderr[-3000:]}")
    t1 = time.perf_counter()
    s = _cli("score", str(bundle), "--out", str(where / "scores.csv"))
    if s.returncode != 0:
        raise SystemExit(f"inspection score failed on {bundle}:\n{s.stdout[-3000:]}\n{s.stderr[-3000:]}")
    t2 = time.perf_counter()
    scores = pd.read_csv(where / "scores.csv", dtype={"enterprise_id": str}).set_index("enterprise_id")
    lr = plain_lr(bundle)
    tr = truth.to_numpy()
    ours = scores["risk_score"].reindex(truth.index).to_numpy()
    raw = scores["model_score"].reindex(truth.index).to_numpy() if "model_score" in scores else ours
    base = lr.reindex(truth.index).to_numpy()
    method = next((line.split("method", 1)[1].strip() for line in s.stdout.splitlines() if " method " in line), "?")
    return {
        "family": family,
        "n": n,
        "seed": seed,
        "ours_lift": top_lift(ours, tr),
        "ours_rho": spearmanr(ours, tr).statistic,
        "model_lift": top_lift(raw, tr),
        "model_rho": spearmanr(raw, tr).statistic,
        "lr_lift": top_lift(base, tr),
        "lr_rho": spearmanr(base, tr).statistic,
        "oracle_lift": top_lift(tr, tr),
        "validate_s": t1 - t0,
        "score_s": t2 - t1,
        "method": method.split("·")[0].strip(),
    }


def _meets(g: pd.DataFrame, who: str) -> int:
    return int(((g[f"{who}_lift"] >= TARGET_LIFT) & (g[f"{who}_rho"] >= TARGET_RHO)).sum())


def forms_agree(family: str, n: int, seed: int, work: Path) -> bool:
    """bundle.md: CSV with codes, CSV with Chinese labels, and one .xlsx "must load to the same thing":
    the scores of all three are the same, row for row."""
    where = work / f"{family}-{n}-{seed}"
    ref = pd.read_csv(where / "scores.csv", dtype=str)
    for form, make in (("labels", _gen.relabel), ("xlsx", _gen.to_workbook)):
        other = make(where / "bundle", where / form, seed) if form == "labels" else make(where / "bundle", where / form)
        v = _cli("validate", str(other))
        s = _cli("score", str(other), "--out", str(where / f"scores-{form}.csv"))
        if v.returncode or s.returncode:
            print(f"{family} n={n} seed={seed}: the {form} form fails: {v.stdout[-1500:]}{s.stdout[-1500:]}{s.stderr[-1500:]}")
            return False
        got = pd.read_csv(where / f"scores-{form}.csv", dtype=str)
        cols = ["enterprise_id", "risk_score", "model_score", "tier", "tier_source"]
        if not got[cols].equals(ref[cols]):
            print(f"{family} n={n} seed={seed}: the {form} form scores differently from the CSV codes")
            return False
    return True


def table(res: pd.DataFrame) -> str:
    """One row per world (family × size): mean / min over seeds, and how many bureaus meet issue 9's numbers."""
    rows = [
        "| family | n | ours lift mean / min | ours ρ mean / min | ours meet | model_score lift mean / min "
        "| model_score ρ mean | model_score meet | plain LR lift mean / min | plain LR ρ mean / min | LR meet "
        "| oracle lift | our method |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (fam, n), g in res.groupby(["family", "n"], sort=False):
        rows.append(
            f"| {fam} | {n} | {g.ours_lift.mean():.2f} / {g.ours_lift.min():.2f} | {g.ours_rho.mean():.2f} / "
            f"{g.ours_rho.min():.2f} | {_meets(g, 'ours')}/{len(g)} | {g.model_lift.mean():.2f} / {g.model_lift.min():.2f} "
            f"| {g.model_rho.mean():.2f} | {_meets(g, 'model')}/{len(g)} | {g.lr_lift.mean():.2f} / {g.lr_lift.min():.2f} | "
            f"{g.lr_rho.mean():.2f} / {g.lr_rho.min():.2f} | {_meets(g, 'lr')}/{len(g)} | {g.oracle_lift.mean():.2f} "
            f"| {'; '.join(sorted(set(g['method'])))} |"
        )
    return "\n".join(rows)


def family_table(res: pd.DataFrame) -> str:
    """One row per family over every size and seed: the per-family answer to issue 9's "on every world"."""
    rows = [
        "| family | ours lift mean / min | ours ρ mean / min | model_score lift mean | plain LR lift mean / min "
        "| plain LR ρ mean | oracle lift | ours meet |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for fam, g in res.groupby("family", sort=False):
        rows.append(
            f"| {fam} | {g.ours_lift.mean():.2f} / {g.ours_lift.min():.2f} | {g.ours_rho.mean():.2f} / {g.ours_rho.min():.2f} "
            f"| {g.model_lift.mean():.2f} | {g.lr_lift.mean():.2f} / {g.lr_lift.min():.2f} | {g.lr_rho.mean():.2f} "
            f"| {g.oracle_lift.mean():.2f} | {_meets(g, 'ours')}/{len(g)} |"
        )
    return "\n".join(rows)


def _markdown(df: pd.DataFrame) -> str:
    """A plain Markdown table (no tabulate dependency)."""
    cells = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row] for row in df.itertuples(index=False)]
    return "\n".join(["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)] + ["| " + " | ".join(r) + " |" for r in cells])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--families", nargs="*", default=list(FAMILIES))
    ap.add_argument("--sizes", nargs="*", type=int, default=[500, 2000, 6000])
    ap.add_argument("--seeds", nargs="*", type=int, default=[1, 2, 3])
    ap.add_argument(
        "--forms",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also score the first bureau of each family typed with Chinese labels and as one .xlsx; scores must agree",
    )
    ap.add_argument("--out", type=Path, default=HERE / "results.md", help="the Markdown results to write")
    ap.add_argument("--keep", type=Path, default=None, help="keep the bureaus here (default: a temporary folder)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="foreign-"))
    rows = []
    started = time.perf_counter()
    try:
        for n in args.sizes:
            for fam in args.families:
                for seed in args.seeds:
                    r = run_one(fam, n, seed, work)
                    if args.forms and n == min(args.sizes) and seed == args.seeds[0]:
                        r["forms_agree"] = forms_agree(fam, n, seed, work)
                    rows.append(r)
                    print(
                        f"{fam:18s} n={n} seed={seed}: ours lift {r['ours_lift']:.2f} ρ {r['ours_rho']:.2f} · "
                        f"LR lift {r['lr_lift']:.2f} ρ {r['lr_rho']:.2f} · oracle {r['oracle_lift']:.2f} · "
                        f"score {r['score_s']:.1f}s ({r['method']})",
                        flush=True,
                    )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    res = pd.DataFrame(rows)
    summary = (
        f"Bureaus meeting issue 9's lift ≥ {TARGET_LIFT} and ρ ≥ {TARGET_RHO}: ours (risk_score) **{_meets(res, 'ours')} of "
        f"{len(res)}**, model_score {_meets(res, 'model')}, plain LR {_meets(res, 'lr')}. Plain LR's lift above ours on "
        f"{int((res['lr_lift'] > res['ours_lift']).sum())} of {len(res)}, above model_score on "
        f"{int((res['lr_lift'] > res['model_lift']).sum())}."
    )
    if "forms_agree" in res:
        forms = res["forms_agree"].dropna()
        summary += (
            f" Forms (codes / Chinese labels / .xlsx) scoring row for row the same: {int(forms.sum())} of {len(forms)} bureaus tried."
        )
    text = "\n".join(
        [
            "# Foreign bureaus: held-out risk benchmark (issue 9)",
            "",
            f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with "
            f"`PYTHONPATH=$PWD .venv/bin/python bench/foreign/run.py{(' ' + ' '.join(sys.argv[1:])) if sys.argv[1:] else ''}` "
            f"({len(res)} bureaus, {time.perf_counter() - started:.0f} s on 2 shared cores: wall times are noisy).",
            "",
            "Lift = top-20% lift against the hidden truth; ρ = Spearman against p_violation over every enterprise. "
            "`ours` = risk_score of `inspection score`; `model_score` = its score before R-TIER's banding; "
            "plain LR = `LogisticRegression()` on as-of-date features (bench/foreign/run.py); oracle = the truth. "
            "Families: bench/foreign/generate.py's docstring.",
            "",
            "Per family (every size and seed):",
            "",
            family_table(res),
            "",
            "Per world (family × size; mean / min over seeds):",
            "",
            table(res),
            "",
            summary,
            "",
            "Per bureau:",
            "",
            _markdown(res),
            "",
        ]
    )
    args.out.write_text(text, encoding="utf-8")
    print("\n" + table(res))
    print(f"\n{summary}\nwritten to {args.out}")


if __name__ == "__main__":
    main()
