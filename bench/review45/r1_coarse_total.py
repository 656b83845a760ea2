"""review45 #1: held_by_firm compares the firm's TOTAL arranged visits with the total placed. An agency-visit that
no arrangement can place (hb1: one entry a year, hb already in) is called 'not held by the firm' because another
agency's visits (um, unmet for want of its team's room) would fit in the arrangement -> hb1 holds back hb's
sampled walk in the district, though nothing a sampled hb visit uses could serve hb1."""
import dataclasses, sys
sys.path.insert(0, "tests")
from tiny_part import RULES
from tests.test_round44 import _firm
from scheduler.plan import held_by_firm, held_back
from scheduler.firm import most_arranged

rules = dataclasses.replace(RULES, max_entries=1)
present = {"hb": range(200), "um": range(200)}
req, unplaced, teams, st, states = _firm(200, present, [("hb", "0", 0)], ["hb1", "um0", "um1"], rules)
unplaced.update({"um0": "R-AVAIL", "um1": "R-AVAIL"})  # um's team full: a capacity shortfall
state = states["140403"]
print("hb1 refused on every crew day:", {state.enterprise_rule(req["140403"][0 if False else [e.key for e in req['140403']].index('hb1')], d) for d in range(200)})
got = held_by_firm(req, unplaced, teams, st, states, 2)
print("held_by_firm:", got, " (round 44 said {'hb1': 'R-CAP-ENTRY'})")
mine = [e for e in req["140403"] if e.agencies[0] == "hb"]
print("most hb visits any arrangement fits:", len(most_arranged(mine, {e.key: range(200) for e in mine}, state.ordinal, rules, 1)), "placed: 1")
print("held_back:", held_back(req, unplaced, states, set(got)))
