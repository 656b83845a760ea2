"""bench/prereg19.md rule 3: seed 2 at n = 2000 of every family of the generators whose registers share addresses.

    python bench/diag19/gen_s2.py   # then bench/diag13/rescore.py --keep /tmp/p19/keep_s2 ...
"""

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]

for name in ["foreign2", "foreign4", "foreign5", "foreign6", "foreign22"]:
    spec = importlib.util.spec_from_file_location(f"{name}_gen", BENCH / name / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"{name}_gen"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    for fam in module.FAMILIES:
        out = Path(f"/tmp/p19/keep_s2/{name}_{fam}-n2000-s2")
        module.generate(fam, 2000, 2, out)
        print(out, flush=True)
