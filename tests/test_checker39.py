"""R-PRIORITY for a trigger whose window's team-days are all booked (checker.rules.FULL_DAYS).

Held-out complaint_magnets (round 39): four complaints due on 4 January, each district team's two seats that day taken
by other complaints; review39 #4's tightened words ("上限" no longer excuses) made the checker call each a breach because
the team made planned visits elsewhere in the year. For a trigger, `_gives_way` proves first that no lower-class visit
on its window days could give way; what fills them then is its own class. A mandatory visit's full days excuse nothing
(tests/test_review39.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from test_review38b import _copy, tiny38b  # noqa: F401  (the module fixture: a tiny bureau planned by the greedy)

FULL_ZH = "{label}：{d}至{d}的1个工作日可派检查已满（已排2次，上限2次）"
FULL_EN = "{label}: its 1 working days {d}…{d} are full (2 visits booked, 2 possible)"


def _a_trigger(out: Path) -> tuple[pd.Series, pd.DataFrame]:
    """A triggered on-site visit of one agency whose district team made a planned visit of that agency more than 60 days
    from it (budget spent elsewhere in the year, not on its days)."""
    vis = pd.read_csv(out / "visits.csv", dtype=str, keep_default_na=False)
    for _, v in vis[(vis.basis == "triggered") & (vis["mode"] == "onsite") & ~vis.agency_ids.str.contains(";")].iterrows():
        day = dt.date.fromisoformat(v.date)
        far = vis[(vis.basis.isin(["mandatory", "sampled"])) & (vis.district_code == v.district_code) & (vis.agency_ids == v.agency_ids)
                  & vis.date.map(lambda s, day=day: abs((dt.date.fromisoformat(s) - day).days) > 60)]
        if len(far):
            return v, vis
    raise AssertionError("no triggered visit beside a far planned one")


def _unmet(b, out: Path, to: Path, words: tuple[str, str], keep_near: bool, mode: str = "onsite", last_day: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """The trigger's visit taken out and said unmet with `words`; its agency's planned visits within 60 days gone
    unless `keep_near` (then one sampled visit by the same team and officers, in `mode`, on its very day — or on its
    window's last day — is added)."""
    from checker import check_plan

    v, vis = _a_trigger(out)
    day = dt.date.fromisoformat(v.date)
    near = vis.basis.isin(["mandatory", "sampled"]) & (vis.agency_ids == v.agency_ids) & \
        vis.date.map(lambda s: abs((dt.date.fromisoformat(s) - day).days) <= 60)
    kept = vis[(vis.visit_id != v.visit_id) & ~near]
    if keep_near:
        firm = next(e for e in vis[(vis.district_code == v.district_code)].enterprise_id if e != v.enterprise_id and not (
            (kept.enterprise_id == e) & (kept.date == v.date)).any())
        extra = v.copy()
        extra["visit_id"], extra["enterprise_id"], extra["basis"], extra["trigger_id"], extra["mode"] = "VX0001", firm, "sampled", "", mode
        if mode == "remote":
            extra["officer_ids"] = v.officer_ids.split(";")[0]
        if last_day:
            from checker.facts import Context
            from checker.rules import unmet_triggers

            probe = _copy(out, to.with_name(to.name + "-probe"))
            kept.to_csv(probe / "visits.csv", index=False)
            extra["date"] = unmet_triggers(Context(b, probe))[v.trigger_id][1].isoformat()
            assert extra["date"] != v.date
        kept = pd.concat([kept, extra.to_frame().T])
    edited = _copy(out, to)
    kept.to_csv(edited / "visits.csv", index=False)
    meta = json.loads((edited / "plan.json").read_text(encoding="utf-8"))
    label = v.officer_ids.split(";")[0].rsplit("-", 1)[0]
    meta["shortfalls"].append({"kind": "triggered", "id": v.trigger_id, "agency": v.agency_ids, "rule": "R-AVAIL", "found": "after solving",
                               "binding_zh": words[0].format(label=label, d=v.date), "binding": words[1].format(label=label, d=v.date)})
    (edited / "plan.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return sorted(str(x) for x in check_plan(b, edited) if x.rule == "R-PRIORITY" and v.trigger_id in str(x))


def test_a_trigger_whose_window_days_are_full_is_no_breach_for_planned_visits_elsewhere(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    b, _, out = tiny38b
    assert _unmet(b, out, tmp_path / "full", (FULL_ZH, FULL_EN), keep_near=False) == []
    # the same trigger said unmet for want of officers (no days named full): the planned visits elsewhere used the
    # officers' budget it could have had — a breach (the test can fail)
    said = _unmet(b, out, tmp_path / "budget", ("{label}：人员不足", "{label}: no officers left"), keep_near=False)
    assert len(said) == 1 and "made planned visits" in said[0]


def test_a_trigger_whose_full_day_holds_a_sampled_visit_is_a_breach(tiny38b, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The words say full, but one seat of its day is a sampled visit of the same team and officers: it could have
    given way (`_gives_way`, whatever the words)."""
    b, _, out = tiny38b
    said = _unmet(b, out, tmp_path / "sampled", (FULL_ZH, FULL_EN), keep_near=True)
    assert len(said) == 1 and "could have given way" in said[0] and "VX0001" in said[0]


# Not judged, on purpose (docs/decisions.md, thirty-ninth round): a remote check, a visit with one officer of two recused
# from the firm, or a joint row at the firm, on a trigger's full day. Judging them (9d9e556) reported false breaches
# (tests/test_review39d.py); the checker stays lenient there.
