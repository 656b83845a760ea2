"""Bureaus of seeds no judged run has generated, for a pre-registration's rule 3 (bench/prereg19.md, prereg20.md,
prereg21.md): every family of the named held-out generators at one size and seed, written as the harness keeps them
(OUT/<generator>_<family>-n<size>-s<seed>/bundle and truth.csv), for bench/diag13/rescore.py --keep OUT.

    python bench/unseen_seeds.py --generators foreign20,foreign21 --seed 4 --out /tmp/s21/keep_s4
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def generate_all(names: list[str], seed: int, out: Path, size: int = 2000) -> list[Path]:
    """Every family of each generator in `names` (bench/<name>/generate.py) at `size` and `seed`, under `out`."""
    made = []
    for name in names:
        spec = importlib.util.spec_from_file_location(f"{name}_gen", BENCH / name / "generate.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"{name}_gen"] = module  # dataclasses look their module up while the file runs
        spec.loader.exec_module(module)
        for fam in module.FAMILIES:
            folder = out / f"{name}_{fam}-n{size}-s{seed}"
            module.generate(fam, size, seed, folder)
            print(folder, flush=True)
            made.append(folder)
    return made


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--generators", required=True, help="comma-separated folders of bench/, e.g. foreign20,foreign21")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    generate_all(a.generators.split(","), a.seed, a.out, a.size)
