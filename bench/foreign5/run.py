"""Held-out risk benchmark on a fifth independent generator (issue 9) · 第五个独立世界上的风险评分检验.

bench/foreign5/generate.py's bureaus (written from the contract alone, by someone who read neither the product's
model nor its generator nor the four earlier held-out generators) scored by bench/foreign2/run.py's harness (`use_generator`), shared
so that one harness judges every generator the same way: the product's ``inspection validate`` and
``inspection score`` as a black box, top-20% lift and Spearman against the hidden truth, beside a plain
``LogisticRegression()``, a truth-fit reference and the oracle.

Usage::

    python bench/foreign5/run.py [--product DIR] [--sizes 2000,6000] [--seeds 1,2]
        [--families a,b] [--keep DIR] [--out bench/foreign5/results.md]
"""

from __future__ import annotations

import runpy
from pathlib import Path

if __name__ == "__main__":
    harness = runpy.run_path(str(Path(__file__).resolve().parents[1] / "foreign2" / "run.py"))  # its functions, not its main
    harness["use_generator"](Path(__file__).resolve().parent)
    harness["main"]()
