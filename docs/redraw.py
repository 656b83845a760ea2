"""Redraw a published plan's lottery from selection.csv and the seed (rules.md, R-SAMPLE).

    python redraw.py selection.csv plan.json

Standard library only. For each tier whose sample_ratio is below 1 it recomputes every
draw_rank and compares with the published one; it prints the tier's places and exits 1
on any difference. The pool is the tier's enterprises to which at least one agency's
items apply: in selection.csv, those whose basis is not `exempt`.
"""

import csv
import hashlib
import hmac
import json
import math
import sys


def main(selection_path: str, plan_path: str) -> int:
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    policy = plan["policy"]
    seed, floor = policy["seed"], policy["min_lottery_weight"]
    uniform = policy["sampling"] == "uniform_lottery"
    # utf-8-sig: the service's download (GET /api/plans/{id}/selection.csv) starts with a BOM so Excel reads it as UTF-8
    with open(selection_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    bad = 0
    for tier, spec in sorted(policy["tiers"].items()):
        if spec["sample_ratio"] >= 1:
            continue
        pool = [r for r in rows if r["tier"] == tier and r["basis"] != "exempt"]
        keyed = []
        for r in pool:
            h = hmac.new(seed.encode("utf-8"), f"{tier}|{r['enterprise_id']}".encode(), hashlib.sha256).digest()
            u = (int.from_bytes(h[:8], "big") + 0.5) / 2**64
            w = 1.0 if uniform else max(float(r["risk_score"]), floor)
            keyed.append((math.log(u) / w, r["enterprise_id"]))
        keyed.sort(key=lambda k: (-k[0], k[1]))
        rank = {eid: i for i, (_, eid) in enumerate(keyed, start=1)}
        for r in pool:
            if str(rank[r["enterprise_id"]]) != r["draw_rank"]:
                bad += 1
                print(f"tier {tier}: {r['enterprise_id']} published rank {r['draw_rank']}, redrawn {rank[r['enterprise_id']]}")
        n_places = math.ceil(round(spec["sample_ratio"] * len(pool), 9))
        print(f"tier {tier}: pool {len(pool)}, places {n_places}, ranks {'match' if not bad else 'DIFFER'}")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
