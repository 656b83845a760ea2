"""`make bench-risk`, part 2: the same RiskModel on Chicago's real outcomes (train 2011-09…2013, score 2014).

Targets (issue 9): AUC ≥ 0.645, top-20% ≥ 0.33, top-50% ≥ 0.68, plan-time columns only.
Prints the validation split first (train 2011-09 … 2012, score 2013: where every change is chosen),
then the 2014 test the targets are judged on.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from risk.adapters.chicago import evaluate, fairness  # noqa: E402

# beside the worktree; INSPECTION_SHARED overrides it (a worktree one level deeper, /work/wt/<name>)
DATA = Path(os.environ.get("INSPECTION_SHARED", ROOT.parent / "shared")) / "data" / "chicago" / "inspections.csv.gz"

if __name__ == "__main__":
    t = time.perf_counter()
    v = evaluate(DATA, split="validation")
    print(f"validation (train 2011-09…2012, score 2013): auc={v['auc']:.3f} top20={v['top20']:.3f} top50={v['top50']:.3f}")
    r = evaluate(DATA)
    print(f"rolling-origin AUC of the kept candidate, 2012–2013 half-years: {r['cv_auc']:.3f}")
    f = fairness(DATA)
    print(f"model kept: {r['chosen']}; train {r['n_train']} rows, test {r['n_test']}; "
          f"2014 predicted {r['mean_pred']:.3f} vs observed {r['observed']:.3f}")
    print(f"top-30% selection by burglary-heat quartile: lowest {f['q1_selected']:.1%} (violation rate {f['q1_violation_rate']:.1%}), "
          f"highest {f['q4_selected']:.1%} (violation rate {f['q4_violation_rate']:.1%}); {time.perf_counter() - t:.0f} s")
    print("city's Risk 1/2/3: auc=0.536 top20=0.222 top50=0.536; plain logistic baseline: auc=0.625 top20=0.304 top50=0.655")
    ok = r["auc"] >= 0.645 and r["top20"] >= 0.33 and r["top50"] >= 0.68
    print(f"chicago: auc={r['auc']:.3f} top20={r['top20']:.3f} top50={r['top50']:.3f} "
          f"(targets 0.645 / 0.33 / 0.68: {'met' if ok else 'NOT met'})")
