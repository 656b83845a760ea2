"""bench/prereg19.md's evidence: how many firms share their registered address in one n = 2000, seed 1 bureau of
every family of every held-out generator, and their mean truth against the whole (addr_scan.csv).

    python bench/diag19/addr_scan.py
"""

import importlib.util
import sys
from pathlib import Path

import pandas as pd

BENCH = Path(__file__).resolve().parents[1]


def shared_sizes(enterprises: pd.DataFrame) -> pd.Series:
    """Per firm with an address, how many firms of the register share it (whitespace ignored)."""
    a = enterprises["address"].fillna("").str.replace(r"\s+", "", regex=True)
    a = a[a != ""]
    return a.map(a.value_counts())


rows = []
for g in sorted(BENCH.glob("foreign*/generate.py")):
    name = g.parent.name
    spec = importlib.util.spec_from_file_location(f"{name}_gen", g)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"{name}_gen"] = module
    spec.loader.exec_module(module)
    for fam in list(module.FAMILIES)[:8]:
        try:
            bundle, truth = module.generate(fam, 2000, 1, Path(f"/tmp/p19/gen/{name}/{fam}"))
        except TypeError as ex:  # bench/foreign's generate returns the folder alone
            print(name, fam, "skipped:", ex)
            continue
        e = pd.read_csv(Path(bundle) / "enterprises.csv", dtype=str)
        k = shared_sizes(e)
        truth_of = pd.read_csv(truth, dtype={"enterprise_id": str}).set_index("enterprise_id")["p_violation"]
        p = e.loc[k.index, "enterprise_id"].map(truth_of)
        ratio = p[k >= 2].mean() / p.mean() if (k >= 2).any() else float("nan")
        rows.append((name, fam, round(float((k >= 2).mean()), 3), round(float(ratio), 2), int((k >= 2).sum())))
        print(rows[-1], flush=True)
pd.DataFrame(rows, columns=["gen", "fam", "shared_share", "truth_ratio", "n_shared"]).to_csv(
    Path(__file__).with_name("addr_scan.csv"), index=False)
