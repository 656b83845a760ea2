#!/usr/bin/env python3
"""probes behind F1-F3: loads of named teams/officers on named days, from the plan and the bundle"""
import csv, sys, json
from collections import Counter
sys.path.insert(0, "/tmp/foreign44")
from judge import Judge
def show(w, eid, probes):
    j = Judge(f"bundles/{w}", f"plans/{w}", slots=False); j.run()
    s = j.sel[eid]
    print(f"== {w} {eid} tier {s['tier']} rank {s['draw_rank']} basis {s['basis']} sector {j.ent[eid]['sector']} district {j.ent[eid]['district_code']}")
    print("   reason_en:", s["reason_en"][:260])
    for tid, day in probes:
        import datetime as dt
        d = dt.date.fromisoformat(day)
        offs = [o for o, r in j.off.items() if r["team_id"] == tid and r["role"] == "enforcement"]
        info = []
        for o in offs:
            info.append(f"{o}: cert→{j.off[o]['certificate_expires_on']} present={j.present(o,d)} recused={(o,eid) in j.rec} day={j.day_on[(o,d)]}/{j.pol['max_visits_per_officer_per_day']} year={j.year_on[o]}/{j.budget(o)}")
        print(f"   {tid} on {day}: team visits {j.team_day[(tid,d)]}/{j.teams[tid]['max_visits_per_day']}; " + "; ".join(info))
    sampled = sorted((int(x["draw_rank"]), e) for e, x in j.sel.items() if x["tier"] == s["tier"] and x["basis"] == "sampled")
    print(f"   tier {s['tier']}: places {j.places.get(s['tier'])}, sampled {len(sampled)}, worst sampled rank {sampled[-1] if sampled else None}")
if __name__ == "__main__":
    show("w6", "91220605940770056Y", [("gas-220605", "2027-04-01"), ("hb-220605", "2027-01-04"), ("um-220605", "2027-01-04")])
    show("w6", "9122062161316354XF", [("gas-220600", "2027-07-05")])
    show("w1", "91510502592515031N", [("hb-510502", "2027-01-04"), ("um-510502", "2027-04-01"), ("rf-510502", "2027-10-08")])
    show("w3", "9133090239852185XM", [("hb-330902", "2027-01-04"), ("um-330902", "2027-01-04")])
    show("w3", "913309022319927055", [("um-330900", "2027-03-09"), ("um-330902", "2027-06-24")])
    show("w3", "913309029708492408", [("re-330902", "2027-06-02"), ("re-330902", "2027-09-22")])
