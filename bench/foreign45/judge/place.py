"""Witness search: can one more requirement be placed in the plan as written (optionally after removing one
lower-class visit's agency part)? A witness found is a concrete day/team/officers keeping every HARD rule the judge knows."""
from collections import defaultdict

class Placer:
    def __init__(self, J):
        self.J = J
        self.P = int(J.pol["officers_per_agency_on_visit"])
        self.maxd = int(J.pol["max_visits_per_officer_per_day"])
        self.maxr = int(J.pol["max_remote_checks_per_officer_per_day"])

    def remote_required(self, e, a, basis):
        J = self.J
        er = J.ent[e]; T = J.sel[e]["tier"]
        if basis not in ("mandatory", "sampled") or T in set(J.pol["onsite_required_tiers"]):
            return False
        return er["remote"] and all(J.items[i]["remote"] for i in J.app[e].get(a, []))

    def candidates(self, req):
        """(day, team, mode, eligible officers) pairs that pass every non-capacity rule for the requirement."""
        J = self.J
        cls, e, a, basis, k, window, tid = req
        er = J.ent[e]
        days = [d for d in J.work if window is None or window[0] <= d <= window[1]]
        teams = [t for t, r in J.teams.items() if r["agency_id"] == a and J.team_can(t, er["district_code"])]
        mode = "remote" if self.remote_required(e, a, basis) else "onsite"
        need = 1 if mode == "remote" else self.P
        out = []
        for d in days:
            for t in teams:
                el = [o for o in J.team_offs[t] if J.certified(o, d) and not J.away(o, d) and (o, e) not in J.recused]
                if len(el) >= need:
                    out.append((d, t, mode, el))
        return out

    def entry_ok(self, req, d, removed):
        J = self.J
        cls, e, a, basis, k, window, tid = req
        if basis not in ("mandatory", "sampled"):
            return True
        pl = [v for v in J.byE.get(e, []) if v["basis"] in ("mandatory", "sampled") and v["visit_id"] not in removed]
        on = [v for v in pl if v["mode"] == "onsite"]
        days = {v["d"] for v in on}
        mine = [v for v in pl if a in v["ags"]]
        if any(v["d"] == d for v in mine):
            return False
        if len([v for v in on if a in v["ags"]]) >= J.pol["max_visits_per_agency_per_enterprise"]:
            return False
        if any(abs((v["d"] - d).days) < J.pol["min_days_between_repeat_visits"] for v in mine):
            return False
        if d not in days:
            if len(days) >= J.pol["max_entries_per_enterprise"]:
                return False
            if any(abs((x - d).days) < J.pol["min_days_between_visits"] for x in days):
                return False
        return True

    def place(self, req, cands, removed=None, extra=None):
        """removed: {visit_id: agency} whose agency part is taken out. Returns a witness or None."""
        J = self.J
        removed = removed or {}
        od_adj = defaultdict(int); oy_adj = defaultdict(int); td_adj = defaultdict(int)
        for vid, a in removed.items():
            v = J.vindex[vid]
            for o in v["offs"]:
                if o in J.off and J.teams[J.off[o]["team_id"]]["agency_id"] == a:
                    if v["mode"] == "onsite":
                        od_adj[(o, v["d"])] -= 1; oy_adj[o] -= 1
                    t = J.off[o]["team_id"]
            t = J.vteam.get((vid, a))
            if t: td_adj[(t, v["d"])] -= 1
        if extra:
            for (kind, key), n in extra.items():
                {"od": od_adj, "oy": oy_adj, "td": td_adj}[kind][key] += n
        rm_ids = set(removed) if removed else set()
        for d, t, mode, el in cands:
            if J.td.get((t, d), 0) + td_adj[(t, d)] >= J.teams[t]["max"]:
                continue
            if mode == "onsite":
                ok = [o for o in el if J.od[(o, d)][0] + od_adj[(o, d)] < self.maxd and J.oy[o] + oy_adj[o] < J.off[o]["budget"]]
                need = self.P
            else:
                ok = [o for o in el if J.od[(o, d)][1] < self.maxr]
                need = 1
            if len(ok) < need:
                continue
            if not self.entry_ok(req, d, rm_ids):
                continue
            return {"date": str(d), "team": t, "mode": mode, "officers": ok[:need]}
        return None
