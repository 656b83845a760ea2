"""Held-out risk benchmark on a fourth independent generator (issue 9) · 第四个独立世界上的风险评分检验.

bench/foreign4/generate.py's bureaus (written from the contract alone, by someone who read neither the product's
model nor its generator nor the three earlier held-out generators) scored by bench/foreign2/run.py's harness, shared
so that one harness judges every generator the same way: the product's ``inspection validate`` and
``inspection score`` as a black box, top-20% lift and Spearman against the hidden truth, beside a plain
``LogisticRegression()``, a truth-fit reference and the oracle.

Usage::

    python bench/foreign4/run.py [--product DIR] [--sizes 2000,6000] [--seeds 1,2]
        [--families a,b] [--keep DIR] [--out bench/foreign4/results.md]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent


def _load(name: str, path: Path) -> ModuleType:
    """A bench script as a module of its own name (every generator's file is called generate.py)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


generator = _load("foreign4_generate", HERE / "generate.py")
harness = _load("foreign2_run", HERE.parent / "foreign2" / "run.py")
for _name in ("FAMILIES", "PLAN_YEAR", "SECTORS", "SIZES", "generate"):
    setattr(harness, _name, getattr(generator, _name))  # the harness reads these at call time
harness.HERE, harness.NAME, harness.SEEDS, harness.TRACE_NOTE = HERE, "foreign4", "1,2", ""

if __name__ == "__main__":
    harness.main()
