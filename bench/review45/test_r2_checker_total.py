"""review45 #2 (copy into tests/ and run with pytest): the checker's `held_by: enterprise` test compares the firm's
TOTAL owed on-site visits any arrangement fits with the total made. A claim that is TRUE for its agency (hb: one visit
a year at most, min_days_between_repeat_visits 365, and hb has made it) is flagged because another agency's unmet
visits (um: none made, for whatever reason) would fit; the finding blames hb's sampled visits."""
from __future__ import annotations

import json
import shutil
from pathlib import Path


def test_a_true_held_claim_is_flagged_for_another_agencys_visits(tiny_dir: Path, tiny_greedy_plan: Path, tmp_path: Path) -> None:
    import pandas as pd

    from bundle import load_bundle
    from checker.facts import Context
    from checker.rules import check_r_priority, most_arranged_visits, _owed_onsite

    plan, src = tmp_path / "plan", tmp_path / "bundle"
    shutil.copytree(tiny_greedy_plan, plan)
    shutil.copytree(tiny_dir / "bundle", src)
    pol = json.loads((src / "policy.json").read_text(encoding="utf-8"))
    (src / "policy.json").write_text(json.dumps({**pol, "min_days_between_repeat_visits": 365}), encoding="utf-8")
    v = pd.read_csv(plan / "visits.csv", dtype=str, keep_default_na=False)
    ctx = Context(load_bundle(src), plan)
    sampled_hb = set(v[(v.basis == "sampled") & v.agency_ids.str.contains("hb")].district_code)
    firm = sorted(f for f, (d, *_) in ctx.enterprises.items() if ctx.tier_of.get(f) == "D" and d in sampled_hb
                  and {"hb", "um"} <= set(ctx.agency_items(f)))[0]
    row = v[v.agency_ids == "hb"].iloc[0].to_dict() | {"enterprise_id": firm, "district_code": ctx.enterprises[firm][0],
                                                        "basis": "mandatory", "trigger_id": "", "tier": "D", "mode": "onsite",
                                                        "visit_id": "X1", "date": "2027-03-01", "agency_ids": "hb", "lead_agency_id": "hb"}
    pd.concat([v[v.enterprise_id != firm], pd.DataFrame([row])]).to_csv(plan / "visits.csv", index=False)
    claim = {"kind": "mandatory", "id": firm, "agency": "hb", "rule": "R-GAP", "held_by": "enterprise",
             "binding": "no day is left beside the enterprise's visits as placed (R-GAP)"}
    doc = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    (plan / "plan.json").write_text(json.dumps({**doc, "shortfalls": [claim]}), encoding="utf-8")
    ctx = Context(load_bundle(src), plan)
    # the claim is true: no arrangement gives hb a second visit (365 days between one agency's visits)
    assert most_arranged_visits(ctx, firm, {"hb": 2}) == 1
    owed, made = _owed_onsite(ctx, firm)
    print("owed", owed, "made", made, "fit", most_arranged_visits(ctx, firm, owed))
    got = [x.message for x in check_r_priority(ctx) if "held_by: enterprise" in x.message]
    print(got)
    assert got == [], got  # FAILS on 8674211: a true claim is reported as an R-PRIORITY breach
