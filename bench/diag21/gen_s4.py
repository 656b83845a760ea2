"""bench/prereg21.md rule 3: seed 4 at n = 2000 of every family of foreign20, foreign21, foreign22 and foreign23 (no run
recorded in bench/ ever generated a seed 4 of them).

    python bench/diag21/gen_s4.py   # then bench/diag13/rescore.py --keep /tmp/s21/keep_s4 ...
"""

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]

for name in ["foreign20", "foreign21", "foreign22", "foreign23"]:
    spec = importlib.util.spec_from_file_location(f"{name}_gen", BENCH / name / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"{name}_gen"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    for fam in module.FAMILIES:
        out = Path(f"/tmp/s21/keep_s4/{name}_{fam}-n2000-s4")
        module.generate(fam, 2000, 4, out)
        print(out, flush=True)
