"""foreign37b's eight bureaus on a checkout: `inspection plan`, `inspection check` and the helper's judge, one line each.

    PYTHONPATH=CHECKOUT INSPECTION_SHARED=/work/shared python bench/diag38/foreign37b_run.py CHECKOUT WORK_DIR
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

BUREAUS = ("b1_scarce", "b2_triggers", "b3_dishonest", "b4_recusal_leave", "b5_joint", "b6_edges", "p7_followup_late", "p8_city_team")


def load(root: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, root / "bench" / "foreign37b" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    root, work = Path(sys.argv[1]), Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    gen, judge = load(root, "generate"), load(root, "judge")
    for b in BUREAUS:
        folder = Path(getattr(gen, b)(str(work / b / "bundles")))
        out = work / b / "plan"
        t = time.time()
        r = subprocess.run([sys.executable, "-m", "inspection.cli", "plan", str(folder), "--out", str(out)], capture_output=True, text=True, cwd=root)
        wall = time.time() - t
        c = subprocess.run([sys.executable, "-m", "inspection.cli", "check", str(folder), str(out)], capture_output=True, text=True, cwd=root)
        said = c.stdout.strip().splitlines()[-1][:90] if c.stdout.strip() else c.stderr.strip()[-90:]
        j = judge.Judge(str(folder), str(out))
        j.run()
        fails = {k: len(v) for k, v in j.fail.items()}
        print(f"{b:18} plan rc {r.returncode} {wall:6.1f} s | check rc {c.returncode} {said} | judge fails {fails}", flush=True)


if __name__ == "__main__":
    main()
