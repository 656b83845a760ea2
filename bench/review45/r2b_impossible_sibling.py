"""review45 #2, the scheduler's side: a sibling agency-visit the part tagged impossible (R-CERT: e.g. a district whose
only um team is a city team with no share of its days there) is left out of `_placed_as_most`'s count, while the
checker's `most_arranged_visits` counts every owed agency with crew days in the year (city teams included). Here the
scheduler calls hb1 held by the firm; the checker's total counts um's visits too (team_days shows um's crew present)."""
import dataclasses, sys
sys.path.insert(0, "tests")
import numpy as np
from tiny_part import RULES
from tests.test_round44 import _firm
from scheduler.plan import held_by_firm, team_days, budgeted

rules = dataclasses.replace(RULES, max_entries=1)
req, unplaced, teams, st, states = _firm(200, {"hb": range(200), "um": range(200)}, [("hb", "0", 0)], ["hb1", "um0", "um1"], rules)
unplaced.update({"um0": "R-CERT: no certified pair in its part", "um1": "R-CERT: no certified pair in its part"})
print("scheduler held_by_firm:", held_by_firm(req, unplaced, teams, st, states, 2))
print("um crew days in the year (team_days):", int(team_days(teams, budgeted(st), st, "140403", "F", "um", 2, 200).sum()))
print("checker-style total: hb 1 + um 1 (joint, one entry) = 2 > made 1 -> finding if hb or um sampled in 140403")
