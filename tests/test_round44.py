"""Round 44: what the forty-fourth round's helpers and notes found, each mend tested where it acts."""
from __future__ import annotations

import json
import shutil
from pathlib import Path


def test_an_r_gap_claim_for_an_agency_the_firm_owes_nothing_is_not_verified(tiny_dir: Path, tiny_greedy_plan: Path,
                                                                            tmp_path: Path) -> None:
    """mut48's note: the checker's R-GAP count (check_r_priority) verified a claim naming an agency whose items the
    firm does not carry as if tier D's visits were owed. Such an agency owes the firm nothing: no finding. The same
    claim for an agency it does owe, its visits stripped, is still a breach (the control)."""
    import pandas as pd

    from bundle import load_bundle
    from checker.facts import Context
    from checker.rules import check_r_priority

    plan = tmp_path / "plan"
    shutil.copytree(tiny_greedy_plan, plan)
    v = pd.read_csv(plan / "visits.csv", dtype=str, keep_default_na=False)
    ctx = Context(load_bundle(tiny_dir / "bundle"), plan)
    sampled = v[v.basis == "sampled"]
    by_district: dict[str, set[str]] = {}
    for d, ags in zip(sampled.district_code, sampled.agency_ids, strict=True):
        by_district.setdefault(d, set()).update(ags.split(";"))
    # a tier-D firm with a mandatory visit of one agency it owes, in a district where another agency it does not owe
    # made sampled visits
    pick = next((f, a, b) for f in sorted(set(v[(v.basis == "mandatory") & (v.tier == "D")].enterprise_id))
                for a in sorted(ctx.agency_items(f)) for b in sorted(by_district.get(ctx.enterprises[f][0], set()) - set(ctx.agency_items(f)))
                if a in by_district.get(ctx.enterprises[f][0], set()))
    firm, owed, stranger = pick
    hers = v.index[(v.enterprise_id == firm) & v.agency_ids.str.split(";").map(lambda x: owed in x) & (v.basis == "mandatory")]
    v.drop(hers).to_csv(plan / "visits.csv", index=False)
    doc = json.loads((plan / "plan.json").read_text(encoding="utf-8"))
    gap = {"kind": "mandatory", "rule": "R-GAP", "binding": "no plan could make another (R-GAP)", "id": firm}
    doc["shortfalls"] = [{**gap, "agency": stranger}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    found = lambda: [x.message for x in check_r_priority(Context(load_bundle(tiny_dir / "bundle"), plan))  # noqa: E731
                     if "no plan could fit" in x.message]
    assert found() == []
    doc["shortfalls"] = [{**gap, "agency": owed}]
    (plan / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    assert [m.split(" (R-GAP)")[0] for m in found()] == [f"shortfall 0 says no plan could fit another visit of agency {owed}"]
