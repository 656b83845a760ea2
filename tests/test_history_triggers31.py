"""R-TRIGGER: a trigger whose window closed before the plan year is history (triggers.csv may hold past years), not owed
by this plan — but none vanishes without a word (foreign31 F3: four December complaints of a 2027 bundle appeared in
neither visits.csv nor plan.json). plan.json `triggers_before_year` counts them with their deadlines, and
`inspection plan` says so."""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from inspection.cli import app


def test_every_trigger_is_owed_or_counted_as_history(tiny_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["plan", str(tiny_dir / "bundle"), "--out", str(tmp_path), "--greedy", "--no-check"])
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader((tiny_dir / "bundle" / "triggers.csv").open(encoding="utf-8")))
    before, owed = meta["triggers_before_year"], meta["triggers"]
    assert before["count"] == len(before["deadlines"]) > 0
    assert set(before["deadlines"]) | set(owed) == {r["trigger_id"] for r in rows} and not set(before["deadlines"]) & set(owed)
    year = meta["year"]
    assert all(dt.date.fromisoformat(d) < dt.date(year, 1, 1) for d in before["deadlines"].values())
    # what is owed has a deadline in the plan year or later; history is planned nowhere
    assert all(dt.date.fromisoformat(str(t["deadline"])) >= dt.date(year, 1, 1) for t in owed.values())
    visits = list(csv.DictReader((tmp_path / "visits.csv").open(encoding="utf-8")))
    assert not {v["trigger_id"] for v in visits} & set(before["deadlines"])
    assert f"{before['count']} closed before the plan year" in result.output
