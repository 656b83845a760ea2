"""review45 #4: `_no_day` words. A sampled firm's second hb visit is refused on most days by its own first visit
(R-GAP) and on one day by the week's reserve (R-SPREAD). The words say "the team's days full or its officers unable
to go (R-GAP); the days left are the weekly reserve kept for triggers" — R-GAP is the firm's own gap, not the team's
days, and the team had room on days 5-14."""
import dataclasses, sys
sys.path.insert(0, "tests")
from tiny_part import RULES, entry, part
from scheduler.plan import place_enterprise
from scheduler.state import PartState

rules = dataclasses.replace(RULES, reserve=0.2)
p, st, days = part(15, {"hb-1": ("hb", 2, 1)}, rules=rules)
state = PartState(p, st, rules, days)
for i in range(4):
    assert state.place(entry(f"m{i}", (0, 14), enterprise=f"E{i}"), i, "hb-1") is None  # week 1: 4 of 5 days, the cap
s0 = entry("s0", (0, 14), basis="sampled", enterprise="S", index=0)
s1 = entry("s1", (0, 14), basis="sampled", enterprise="S", index=1)
why = place_enterprise(state, [s0, s1])
print("placed:", sorted(state.placed), "\nrefused:", state.last_refused)
print("EN:", why.en if why else None)
print("ZH:", why.zh if why else None)
print("team room on days 5-14:", [int(state.onsite['hb-1'][d]) for d in range(5, 15)])
