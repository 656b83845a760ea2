"""review45 #6: with the reserve open, `mandatory_in_year` now retries a visit whose window was already the year, and
adds it to `failed` (year_failed), whose words append "the rest of the year was tried too, and no day would do" /
"全年其余工作日也已尝试" to words that already read the whole year (there is no 'rest of the year')."""
import sys
sys.path.insert(0, "tests")
from tiny_part import RULES, entry, part
from scheduler.plan import mandatory_in_year, open_reserve
from scheduler.state import PartState

p, st, days = part(5, {"hb-1": ("hb", 2, 1)})
state = PartState(p, st, RULES, days)
for i in range(5):
    assert state.place(entry(f"m{i}", (0, 4), enterprise=f"E{i}"), i, "hb-1") is None
x = entry("x", (0, 4), enterprise="X")  # its window is the year (5 working days)
failed: set[str] = set()
open_reserve({"140403": state})
mandatory_in_year({"140403": state}, {"140403": [x]}, {"x": "R-AVAIL"}, 5, lambda e: True, {}, failed)
print("window:", x.window, "year_failed:", failed)
