#!/usr/bin/env python3
"""foreign44 generator: 6 hard bureaus + malformed bundles. stdlib + numpy + pandas (+openpyxl for xlsx).
Deterministic: python generate.py OUT  -> OUT/w1..w6, OUT/bad/*"""
import csv, datetime as dt, json, os, sys, shutil, io, zlib
import numpy as np

Y = 2027
CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W18 = [pow(3, i, 31) for i in range(17)]


def org_code(rng):
    body = [int(x) for x in rng.integers(0, 10, 8)]
    s = sum(b * w for b, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2]))
    c = 11 - s % 11
    ch = "X" if c == 10 else ("0" if c == 11 else str(c))
    return "".join(map(str, body)) + ch


def uscc(rng, district, used):
    while True:
        s = "91" + district + org_code(rng)
        tot = sum(CHARS.index(ch) * w for ch, w in zip(s, W18))
        c = (31 - tot % 31) % 31
        s += CHARS[c]
        if s not in used:
            used.add(s)
            return s


def bad_check(s):
    tot = sum(CHARS.index(ch) * w for ch, w in zip(s[:17], W18))
    c = (31 - tot % 31) % 31
    alt = CHARS[(c + 1) % 31]
    return s[:17] + alt


def calendar_rows():
    off = {"01-01", "02-05", "02-08", "02-09", "02-10", "02-11", "04-05", "05-03", "05-04", "05-05",
           "06-09", "09-15", "10-01", "10-04", "10-05", "10-06", "10-07"}
    work_we = {"01-31", "02-13", "04-25", "05-08", "09-26", "10-09"}
    rows = []
    d = dt.date(Y, 1, 1)
    while d.year == Y:
        md = d.strftime("%m-%d")
        w = d.weekday() < 5
        if md in off:
            w = False
        if md in work_we:
            w = True
        rows.append((d.isoformat(), "true" if w else "false"))
        d += dt.timedelta(1)
    return rows


WORKDAYS = [dt.date.fromisoformat(r[0]) for r in calendar_rows() if r[1] == "true"]

ITEMS_STD = [
    ("hb-q", "hb", "工程质量安全检查", "《建设工程质量管理条例》", "construction;supervision;testing;ready_mix", "false"),
    ("hb-m", "hb", "建筑市场行为检查", "《建筑法》", "construction;supervision;survey_design;testing;ready_mix", "true"),
    ("hb-r", "hb", "房地产开发经营检查", "《城市房地产开发经营管理条例》", "real_estate", "true"),
    ("um-s", "um", "施工扬尘与渣土管理检查", "《大气污染防治法》", "construction;municipal;property_mgmt", "false"),
    ("um-m", "um", "市政设施维护检查", "《城市道路管理条例》", "municipal;property_mgmt", "true"),
    ("gas-s", "gas", "燃气经营安全检查", "《城镇燃气管理条例》", "gas", "false"),
    ("gas-r", "gas", "燃气经营许可条件检查", "《城镇燃气管理条例》第十五条", "gas", "true"),
    ("re-p", "re", "物业服务检查", "《物业管理条例》", "property_mgmt;real_estate", "true"),
    ("re-s", "re", "房屋使用安全检查", "《城市危险房屋管理规定》", "property_mgmt;real_estate", "false"),
]
AG_NAMES = {"hb": "住房和城乡建设局", "um": "城市管理局", "gas": "燃气管理中心", "re": "房产服务中心",
            "rf": "人民防空办公室", "fp": "消防救援支队"}


def wcsv(path, header, rows, enc="utf-8", crlf=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding=enc) as f:
        w = csv.writer(f, lineterminator="\r\n" if crlf else "\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


class B:
    """one bundle in memory"""

    def __init__(self, name, city, seed):
        self.name, self.city = name, city
        self.rng = np.random.default_rng(seed)
        self.used = set()
        self.ent, self.cred, self.grades, self.insp, self.trig = [], [], [], [], []
        self.ag, self.items, self.teams, self.off, self.unav, self.rec = [], [], [], [], [], []
        self.policy = {"year": Y, "seed": f"foreign44-{name}-seed"}
        self.cal = calendar_rows()

    def add_ent(self, district, sector, size=None, remote=None):
        r = self.rng
        eid = uscc(r, district, self.used)
        size = size or r.choice(["micro", "small", "medium", "large"], p=[.35, .35, .2, .1])
        remote = remote if remote is not None else bool(r.random() < .3)
        i = len(self.ent)
        self.ent.append([eid, f"{self.city}测试企业{i}有限公司", district, sector, size, int(r.integers(0, 900)),
                         f"{int(r.integers(1995, 2026))}-0{int(r.integers(1, 9))}-1{int(r.integers(0, 9))}",
                         f"{self.city}某路{i}号", "true" if remote else "false"])
        return eid

    def add_team(self, agency, district, cap, n_enf, n_aux=1, cert_exp=None, budget=None):
        tid = f"{agency}-{district}"
        self.teams.append([tid, agency, district, cap])
        for k in range(n_enf + n_aux):
            oid = f"{tid}-{k:02d}"
            if k < n_enf:
                exp = cert_exp[k] if cert_exp and k < len(cert_exp) and cert_exp[k] else "2030-06-30"
                b = budget[k] if budget and k < len(budget) else ""
                self.off.append([oid, f"干部{oid}", tid, "enforcement", f"证{zlib.crc32(oid.encode()) % 10**8:08d}", exp,
                                 int(self.rng.integers(30, 100)), b])
            else:
                self.off.append([oid, f"辅助{oid}", tid, "auxiliary", "", "", 20, ""])
        return tid

    def officers_of(self, tid, enf_only=True):
        return [o[0] for o in self.off if o[2] == tid and (o[3] == "enforcement" or not enf_only)]

    def hist(self, eid, agency, day, outcome, rectified):
        self.insp.append([f"H{len(self.insp):06d}", eid, agency, day, "", outcome, rectified])

    def trigger(self, eid, agency, day, kind="complaint", urgent=False):
        tid = f"T{len(self.trig):05d}"
        self.trig.append([tid, eid, agency, day, kind, "true" if urgent else "false"])
        return tid

    def write(self, out, xlsx=False):
        d = os.path.join(out, self.name)
        if os.path.exists(d):
            shutil.rmtree(d)
        os.makedirs(d)
        files = {
            "enterprises": (["enterprise_id", "name", "district_code", "sector", "size", "employees", "established_on",
                             "address", "remote_monitoring"], self.ent),
            "credit_records": (["enterprise_id", "recorded_on", "kind", "expires_on", "note"], self.cred),
            "credit_grades": (["enterprise_id", "grade", "rated_on"], self.grades),
            "inspections": (["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids", "outcome",
                             "rectified"], self.insp),
            "triggers": (["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"], self.trig),
            "agencies": (["agency_id", "name"], self.ag),
            "items": (["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"], self.items),
            "teams": (["team_id", "agency_id", "district_code", "max_visits_per_day"], self.teams),
            "officers": (["officer_id", "name", "team_id", "role", "certificate_no", "certificate_expires_on",
                          "training_hours", "annual_visit_budget"], self.off),
            "unavailability": (["officer_id", "start_on", "end_on", "reason"], self.unav),
            "recusals": (["officer_id", "enterprise_id", "reason"], self.rec),
            "calendar": (["date", "workday"], self.cal),
        }
        for k, (h, rows) in files.items():
            wcsv(os.path.join(d, k + ".csv"), h, rows)
        with open(os.path.join(d, "policy.json"), "w", encoding="utf-8") as f:
            json.dump(self.policy, f, ensure_ascii=False, indent=1)
        return d


def std_agencies(b, ags, city):
    for a in ags:
        b.ag.append([a, city + "市" + AG_NAMES[a]])
    for it in ITEMS_STD:
        if it[1] in ags:
            b.items.append(list(it))


def wd(i):
    return WORKDAYS[i].isoformat()


# ---------------------------------------------------------------- w1 joint-disjoint
def w1(out):
    """四主体同企、可用时段互斥：hb/um/re/rf all list items for construction & property firms; each agency's
    officers are away three quarters of the year (hb only Q1, um only Q2, re only Q3, rf only Q4).
    entry cap 3 < 4 agencies; D visits 2 each."""
    b = B("w1", "泸州", 4401)
    std_agencies(b, ["hb", "um", "re"], "泸州")
    b.ag.append(["rf", "泸州市人民防空办公室"])
    b.items.append(["rf-j", "rf", "人防工程建设检查", "《人民防空法》", "construction;property_mgmt;real_estate", "false"])
    b.items.append(["rf-w", "rf", "人防工程维护管理检查", "《人民防空工程维护管理办法》", "property_mgmt", "true"])
    dists = ["510502", "510503", "510504"]
    sectors = ["construction", "property_mgmt", "real_estate", "municipal", "supervision"]
    for dd in dists:
        for _ in range(300):
            b.add_ent(dd, b.rng.choice(sectors, p=[.4, .3, .15, .1, .05]))
    quarters = {"hb": (1, 3), "um": (4, 6), "re": (7, 9), "rf": (10, 12)}
    for a in ["hb", "um", "re", "rf"]:
        for dd in dists:
            tid = b.add_team(a, dd, 3, 4)
            for o in b.officers_of(tid, enf_only=False):
                q0, q1 = quarters[a]
                if q0 > 1:
                    b.unav.append([o, "2027-01-01", dt.date(Y, q0, 1).isoformat() if False else
                                   (dt.date(Y, q0, 1) - dt.timedelta(1)).isoformat(), "借调"])
                if q1 < 12:
                    b.unav.append([o, dt.date(Y, q1 + 1, 1).isoformat(), "2027-12-31", "借调"])
    # 20% official D grades, 10% C
    for i, e in enumerate(b.ent):
        u = b.rng.random()
        if u < .12:
            b.grades.append([e[0], "D", "2026-11-30"])
        elif u < .3:
            b.grades.append([e[0], "C", "2026-11-30"])
        elif u < .6:
            b.grades.append([e[0], "B", "2026-11-30"])
    b.policy.update({"max_entries_per_enterprise": 3, "min_days_between_visits": 20,
                     "min_days_between_repeat_visits": 40})
    # triggers to rf in Q1 (rf absent) -> must be shortfalls; to hb in Q1 fine
    for k in range(30):
        e = b.ent[int(b.rng.integers(0, len(b.ent)))]
        if e[3] in ("construction", "property_mgmt"):
            b.trigger(e[0], ["hb", "rf"][k % 2], wd(int(b.rng.integers(0, 50))), "referral", bool(k % 5 == 0))
    return b.write(out)


# ---------------------------------------------------------------- w2 priority / in-year credit
def w2(out):
    """衢州: tier D + triggers exceed capacity in two districts while a third is rich; serious_dishonest records
    dated inside 2027 (Jan–Dec), repairs after them in 2027, expiries inside 2027; official grade A beside them."""
    b = B("w2", "衢州", 4402)
    std_agencies(b, ["hb", "um", "gas"], "衢州")
    dists = ["330802", "330803", "330822"]
    ns = {"330802": 700, "330803": 600, "330822": 500}
    for dd in dists:
        for _ in range(ns[dd]):
            b.add_ent(dd, b.rng.choice(["construction", "municipal", "gas", "property_mgmt", "ready_mix"],
                                       p=[.45, .15, .15, .15, .1]))
    # capacity: poor districts 330802/330803: 1 team x 3 enforcement, budgets 25; rich 330822
    for a in ["hb", "um", "gas"]:
        b.add_team(a, "330802", 2, 3, budget=[25, 25, 20])
        b.add_team(a, "330803", 2, 3, budget=[30, 15, 15])
        b.add_team(a, "330822", 4, 6)
    kinds = []
    for i, e in enumerate(b.ent):
        u = b.rng.random()
        eid = e[0]
        if u < .10:   # serious dishonest dated inside the plan year
            m = int(b.rng.integers(1, 13))
            b.cred.append([eid, f"2027-{m:02d}-{int(b.rng.integers(1, 28)):02d}", "serious_dishonest", "", "年内列入"])
            b.grades.append([eid, "A", "2026-12-20"])
            kinds.append("D_inyear")
        elif u < .14:  # serious in 2026, repaired in 2027 later -> not D
            b.cred.append([eid, "2026-05-10", "serious_dishonest", "", ""])
            b.cred.append([eid, f"2027-{int(b.rng.integers(1, 12)):02d}-15", "repair", "", "年内修复"])
            b.grades.append([eid, "B", "2026-12-20"])
        elif u < .17:  # serious expiring inside 2027 -> still D (expires_on not before plan year)
            b.cred.append([eid, "2025-03-01", "serious_dishonest", f"2027-{int(b.rng.integers(1, 12)):02d}-01", ""])
            b.grades.append([eid, "B", "2026-12-20"])
        elif u < .19:  # serious expired 2026-12-31 -> not D
            b.cred.append([eid, "2024-03-01", "serious_dishonest", "2026-12-31", ""])
            b.grades.append([eid, "C", "2026-12-20"])
        elif u < .21:  # repair before a later serious (in year) -> D
            b.cred.append([eid, "2026-01-10", "repair", "", ""])
            b.cred.append([eid, "2027-02-02", "严重失信主体名单", "", "中文标签"])
        elif u < .26:
            b.grades.append([eid, "D", "2026-12-20"])
        elif u < .45:
            b.grades.append([eid, "C", "2026-12-20"])
        elif u < .7:
            b.grades.append([eid, "B", "2025-06-01"])
            b.grades.append([eid, "A", "2026-12-20"])  # latest wins
    # triggers in bulk for poor districts
    poor = [e for e in b.ent if e[2] in ("330802", "330803")]
    for k in range(120):
        e = poor[int(b.rng.integers(0, len(poor)))]
        ag = {"gas": "gas", "municipal": "um", "property_mgmt": "um"}.get(e[3], "hb")
        b.trigger(e[0], ag, wd(int(b.rng.integers(0, len(WORKDAYS) - 5))), "complaint", bool(b.rng.random() < .2))
    # unrectified violations
    for e in b.ent[:1800:9]:
        ag = {"gas": "gas", "municipal": "um", "property_mgmt": "um"}.get(e[3], "hb")
        b.hist(e[0], ag, f"2026-{int(b.rng.integers(1, 13)):02d}-05", "violation", "false")
    return b.write(out)


# ---------------------------------------------------------------- w3 holiday triggers
def w3(out):
    """舟山: 260 complaints with 1/2 working-day windows received around the invented 调休 calendar (make-up
    Saturdays 02-13, 05-08, 10-09, Sundays 01-31, 04-25, 09-26); team cap 1/day; one-officer-per-day cap 1."""
    b = B("w3", "舟山", 4403)
    std_agencies(b, ["hb", "um", "re"], "舟山")
    dists = ["330902", "330903", "330921"]
    for dd in dists:
        for _ in range(350):
            b.add_ent(dd, b.rng.choice(["construction", "property_mgmt", "real_estate", "municipal"]))
    for a in ["hb", "um", "re"]:
        for dd in dists:
            b.add_team(a, dd, 1, 4)
        b.add_team(a, "330900", 1, 2)
    b.policy.update({"trigger_within_workdays": 2, "urgent_within_workdays": 1, "max_visits_per_officer_per_day": 1})
    hot = ["01-29", "01-30", "01-31", "02-01", "02-04", "02-05", "02-06", "02-12", "02-13", "04-02", "04-03", "04-24",
           "04-25", "04-30", "05-01", "05-07", "05-08", "06-08", "09-14", "09-24", "09-25", "09-26", "09-30", "10-08",
           "10-09", "12-30", "12-31"]
    for k in range(260):
        e = b.ent[int(b.rng.integers(0, len(b.ent)))]
        ag = {"construction": "hb", "municipal": "um"}.get(e[3], "re")
        day = f"2027-{hot[k % len(hot)]}"
        b.trigger(e[0], ag, day, ["complaint", "referral", "data_monitoring", "enterprise_request"][k % 4], k % 3 == 0)
    for i, e in enumerate(b.ent):
        if b.rng.random() < .08:
            b.grades.append([e[0], "D", "2026-12-01"])
    return b.write(out)


# ---------------------------------------------------------------- w4 tiny
def w4(out):
    """鹤岗 tiny: 5 firms, one agency with a city-level team only, edge policy values."""
    b = B("w4", "鹤岗", 4404)
    b.ag.append(["hb", "鹤岗市住房和城乡建设局"])
    b.items.append(["hb-q", "hb", "工程质量安全检查", "《建设工程质量管理条例》", "construction;ready_mix", "false"])
    b.items.append(["hb-m", "hb", "建筑市场行为检查", "《建筑法》", "construction", "true"])
    ids = [b.add_ent("230402", "construction", "micro", True), b.add_ent("230403", "construction", "large", False),
           b.add_ent("230404", "ready_mix", "small", True), b.add_ent("230402", "gas", "small", False),
           b.add_ent("230403", "construction", "medium", True)]
    b.ent[0][5] = 0
    b.add_team("hb", "230400", 1, 2, cert_exp=["2027-07-30", "2031-01-01"])
    b.off.append(["hb-230400-x", "干部新证", "hb-230400", "enforcement", "证新1", "2029-01-01", 60, 5])
    b.unav.append(["hb-230400-x", "2027-01-01", "2027-06-30", "新证生效前"])
    b.grades += [[ids[0], "A", "2026-12-01"], [ids[1], "D", "2026-12-01"], [ids[2], "B", "2026-12-01"],
                 [ids[4], "C", "2026-12-01"]]
    b.cred.append([ids[0], "2027-12-30", "serious_dishonest", "", "年末列入"])
    b.hist(ids[2], "hb", "2026-12-31", "serious", "否")
    b.trigger(ids[3], "hb", "2027-03-01", "complaint", True)  # gas firm: hb has no item -> R-ITEM
    b.trigger(ids[4], "hb", "2027-12-31", "enterprise_request", False)
    b.rec.append(["hb-230400-01", ids[1], "亲属"])
    b.policy.update({"tiers": {"A": {"sample_ratio": 1.0, "visits": 1}, "B": {"sample_ratio": 0.0, "visits": 1},
                               "C": {"sample_ratio": 0.5, "visits": 1}, "D": {"sample_ratio": 1.0, "visits": 3}},
                     "max_visits_per_agency_per_enterprise": 3, "max_entries_per_enterprise": 3,
                     "min_days_between_visits": 0, "min_days_between_repeat_visits": 0,
                     "officers_per_agency_on_visit": 2, "max_remote_checks_per_officer_per_day": 1,
                     "onsite_required_tiers": []})
    return b.write(out)


# ---------------------------------------------------------------- w5 remote + empty districts
def w5(out):
    """嘉峪关/酒泉: remote-capable firms (70% monitored), remote cap 1/day, tier C visits 2; one district
    (620922) has no team of any agency, another (620923) only a gas team; city-level um only."""
    b = B("w5", "酒泉", 4405)
    std_agencies(b, ["hb", "um", "gas", "re"], "酒泉")
    dists = ["620902", "620921", "620922", "620923"]
    for dd in dists:
        for _ in range(320):
            b.add_ent(dd, b.rng.choice(["construction", "gas", "property_mgmt", "municipal", "real_estate"]),
                      remote=bool(b.rng.random() < .7))
    b.add_team("hb", "620902", 2, 3)
    b.add_team("hb", "620921", 2, 2)
    b.add_team("gas", "620902", 2, 2)
    b.add_team("gas", "620923", 2, 3)
    b.add_team("re", "620921", 2, 3)
    b.add_team("um", "620900", 3, 4)
    b.policy.update({"max_remote_checks_per_officer_per_day": 1,
                     "tiers": {"A": {"sample_ratio": 0.05, "visits": 1}, "B": {"sample_ratio": 0.25, "visits": 1},
                               "C": {"sample_ratio": 0.5, "visits": 2}, "D": {"sample_ratio": 1.0, "visits": 2}},
                     "onsite_required_tiers": ["D", "C"]})
    for e in b.ent:
        u = b.rng.random()
        if u < .06:
            b.grades.append([e[0], "D", "2026-10-01"])
        elif u < .3:
            b.grades.append([e[0], "C", "2026-10-01"])
    for k in range(40):
        e = b.ent[int(b.rng.integers(0, len(b.ent)))]
        ag = {"gas": "gas", "municipal": "um", "construction": "hb"}.get(e[3], "re")
        b.trigger(e[0], ag, wd(int(b.rng.integers(0, 240))), "data_monitoring", False)
    return b.write(out)


# ---------------------------------------------------------------- w6 scarce gas with recusals, cert windows
def w6(out):
    """白山: scarce gas agency: 2 local teams of 3 certified each + city team of 3; every gas officer recused from
    ~45% of gas firms; certificates expiring 2027-03-31/06-30/09-30 and 'beginning' 07-01 (leave to 06-30);
    officers_per_agency_on_visit 2; joint hb+gas on ready_mix/construction with gas-supply (gas items also for
    construction here)."""
    b = B("w6", "白山", 4406)
    std_agencies(b, ["hb", "um", "gas"], "白山")
    for it in b.items:
        if it[0] == "gas-s":
            it[4] = "gas;construction;municipal"
    dists = ["220602", "220605", "220621"]
    for dd in dists:
        for _ in range(300):
            b.add_ent(dd, b.rng.choice(["gas", "construction", "municipal", "property_mgmt"], p=[.4, .3, .15, .15]))
    for dd in dists:
        b.add_team("hb", dd, 3, 4)
        b.add_team("um", dd, 3, 3)
    b.add_team("gas", "220602", 2, 3, cert_exp=["2027-03-31", None, "2027-09-30"])
    b.add_team("gas", "220605", 2, 3, cert_exp=[None, "2027-06-30", None])
    b.add_team("gas", "220600", 2, 3, cert_exp=[None, None, None])
    b.unav.append(["gas-220600-00", "2027-01-01", "2027-06-30", "取证前(证自7月起用)"])
    b.unav.append(["gas-220605-02", "2027-01-01", "2027-03-31", "新入职"])
    gas_off = [o[0] for o in b.off if o[0].startswith("gas") and o[3] == "enforcement"]
    gas_firms = [e[0] for e in b.ent if e[3] in ("gas", "construction", "municipal")]
    for o in gas_off:
        for eid in gas_firms:
            if b.rng.random() < .45:
                b.rec.append([o, eid, "利害关系"])
    for e in b.ent:
        u = b.rng.random()
        if u < .08:
            b.grades.append([e[0], "D", "2026-12-31"])
        elif u < .3:
            b.grades.append([e[0], "C", "2026-12-31"])
    for e in b.ent[::25]:
        if e[3] == "gas":
            b.hist(e[0], "gas", "2026-09-09", "serious", "false")
    for k in range(30):
        e = b.ent[int(b.rng.integers(0, len(b.ent)))]
        if e[3] == "gas":
            b.trigger(e[0], "gas", wd(int(b.rng.integers(0, 240))), "complaint", k % 4 == 0)
    return b.write(out)


# ---------------------------------------------------------------- w7 tier edges
def w7(out):
    """大同 tier edges (R-TIER, inv 9): same-day repair, expiry on 2027-01-01 / 2026-12-31, record on 2027-12-31,
    repair then serious in-year, serious-repair-serious, Chinese label, an official grade rated inside 2027."""
    b = B("w7", "大同", 4407)
    std_agencies(b, ["hb", "um"], "大同")
    for _ in range(60):
        b.add_ent("140213", b.rng.choice(["construction", "municipal", "property_mgmt"]))
    b.add_team("hb", "140213", 3, 4)
    b.add_team("um", "140213", 3, 4)
    e = [x[0] for x in b.ent]
    C = b.cred
    C.append([e[0], "2026-03-01", "serious_dishonest", "", "same-day repair"])
    C.append([e[0], "2026-03-01", "repair", "", "same day"])
    C.append([e[1], "2024-01-01", "serious_dishonest", "2027-01-01", "expires first day"])
    C.append([e[2], "2024-01-01", "serious_dishonest", "2026-12-31", "expired"])
    C.append([e[3], "2027-12-31", "serious_dishonest", "", "last day"])
    C.append([e[4], "2027-06-01", "repair", "", ""])
    C.append([e[4], "2027-07-01", "serious_dishonest", "", "after repair"])
    C.append([e[5], "2025-01-01", "serious_dishonest", "", ""])
    C.append([e[5], "2026-01-01", "repair", "", ""])
    C.append([e[5], "2027-03-01", "严重失信主体名单", "", "again"])
    C.append([e[6], "2027-02-01", "严重失信主体名单", "2029-02-01", ""])
    C.append([e[7], "2026-05-01", "serious_dishonest", "", ""])
    C.append([e[7], "2027-11-30", "信用修复", "", "repair late in year"])
    b.grades += [[e[8], "D", "2026-06-01"], [e[8], "A", "2027-02-01"], [e[9], "A", "2026-06-01"], [e[9], "D", "2027-03-01"],
                 [e[3], "A", "2026-12-01"], [e[7], "B", "2026-12-01"], [e[0], "C", "2026-12-01"], [e[2], "B", "2026-12-01"]]
    return b.write(out)


# ---------------------------------------------------------------- w8 city team owed to a starved district
def w8(out):
    """淮北: district 340602 holds 70 official-D construction firms and one local hb team of 2 certified
    officers with budgets 10; the city team hb-340600 (4 certified, budget 60) can go anywhere; 340603/340604
    have their own teams and hundreds of sampled firms. R-PRIORITY: the city team's budget belongs to 340602's
    mandatory visits before any sampled visit elsewhere."""
    b = B("w8", "淮北", 4408)
    std_agencies(b, ["hb"], "淮北")
    for i in range(120):
        eid = b.add_ent("340602", "construction")
        if i < 70:
            b.grades.append([eid, "D", "2026-12-15"])
    for dd in ("340603", "340604"):
        for _ in range(300):
            b.add_ent(dd, b.rng.choice(["construction", "supervision", "testing"]))
    b.add_team("hb", "340602", 2, 2, budget=[10, 10])
    b.add_team("hb", "340603", 2, 3, budget=[40, 40, 40])
    b.add_team("hb", "340604", 2, 3, budget=[40, 40, 40])
    b.add_team("hb", "340600", 3, 4)
    return b.write(out)


# ---------------------------------------------------------------- malformed
def bad(out):
    base = B("base", "鹤壁", 4499)
    std_agencies(base, ["hb", "um"], "鹤壁")
    for dd in ["410602", "410603"]:
        for _ in range(20):
            base.add_ent(dd, base.rng.choice(["construction", "municipal", "property_mgmt"]))
        base.add_team("hb", dd, 2, 3)
        base.add_team("um", dd, 2, 3)
    base.grades.append([base.ent[0][0], "D", "2026-12-01"])
    base.hist(base.ent[1][0], "hb", "2026-05-05", "violation", "false")
    base.trigger(base.ent[2][0], "hb", "2027-03-03", "complaint", False)
    root = os.path.join(out, "bad")
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    base.write(root)
    src = os.path.join(root, "base")
    exp = {}

    def mk(name, fn, expect):
        d = os.path.join(root, name)
        shutil.copytree(src, d)
        fn(d)
        exp[name] = expect

    def edit(d, fname, f):
        p = os.path.join(d, fname)
        with open(p, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        f(rows)
        with open(p, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)

    def setcell(fname, row, col, val):
        def f(d):
            def g(rows):
                rows[row - 1][rows[0].index(col)] = val
            edit(d, fname, g)
        return f

    e5 = base.ent[3][0]
    mk("b01_dup_enterprise", lambda d: edit(d, "enterprises.csv", lambda r: r.__setitem__(7, list(r[3]))),
       ("enterprises.csv", 8, "enterprise_id"))  # rows[7] = spreadsheet row 8
    mk("b02_bad_checkdigit", setcell("enterprises.csv", 5, "enterprise_id", bad_check(e5)),
       ("enterprises.csv", 5, "enterprise_id"))
    mk("b03_bad_date_feb30", setcell("unavailability.csv", 2, "start_on", "2027-02-30") if base.unav else
       setcell("inspections.csv", 2, "inspected_on", "2026-02-30"), ("inspections.csv", 2, "inspected_on"))
    mk("b04_slash_date", setcell("triggers.csv", 2, "received_on", "2027/03/03"), ("triggers.csv", 2, "received_on"))
    mk("b05_unknown_sector", setcell("enterprises.csv", 9, "sector", "mining"), ("enterprises.csv", 9, "sector"))
    mk("b06_unknown_agency_in_item", setcell("items.csv", 3, "agency_id", "xx"), ("items.csv", 3, "agency_id"))
    mk("b07_missing_column_district",
       lambda d: edit(d, "enterprises.csv", lambda r: [x.pop(2) for x in r]), ("enterprises.csv", 1, "district_code"))
    mk("b08_undecodable_bytes", lambda d: open(os.path.join(d, "agencies.csv"), "wb").write(
        "agency_id,name\nhb,鹤壁市住建局\n".encode("utf-8") + b"um,\x80\xff\x80\n"), ("agencies.csv", 3, "name"))
    mk("b09_empty_legal_basis", setcell("items.csv", 2, "legal_basis", "  "), ("items.csv", 2, "legal_basis"))
    mk("b10_enforcement_no_cert", setcell("officers.csv", 2, "certificate_no", ""), ("officers.csv", 2, "certificate_no"))
    mk("b11_negative_budget", setcell("officers.csv", 3, "annual_visit_budget", "-4"),
       ("officers.csv", 3, "annual_visit_budget"))
    mk("b12_trigger_unknown_enterprise", setcell("triggers.csv", 2, "enterprise_id", bad_check(e5)),
       ("triggers.csv", 2, "enterprise_id"))
    mk("b13_bad_bool", setcell("enterprises.csv", 4, "remote_monitoring", "maybe"),
       ("enterprises.csv", 4, "remote_monitoring"))
    mk("b14_district_5digits", setcell("teams.csv", 3, "district_code", "41060"), ("teams.csv", 3, "district_code"))
    mk("b15_dup_officer", lambda d: edit(d, "officers.csv", lambda r: r.__setitem__(4, [r[2][0]] + r[4][1:])),
       ("officers.csv", 5, "officer_id"))
    mk("b16_officer_unknown_team", setcell("officers.csv", 6, "team_id", "zz-410602"), ("officers.csv", 6, "team_id"))
    mk("b17_calendar_bad_bool", setcell("calendar.csv", 10, "workday", "2"), ("calendar.csv", 10, "workday"))
    mk("b18_policy_bad_json", lambda d: open(os.path.join(d, "policy.json"), "w").write('{"year": 2027, "seed": "x",'),
       ("policy.json", 0, ""))
    mk("b19_grade_E", setcell("credit_grades.csv", 2, "grade", "E"), ("credit_grades.csv", 2, "grade"))
    mk("b20_inspection_in_plan_year", setcell("inspections.csv", 2, "inspected_on", "2027-02-02"),
       ("inspections.csv", 2, "inspected_on"))
    mk("b21_unav_end_before_start", lambda d: open(os.path.join(d, "unavailability.csv"), "w", encoding="utf-8").write(
        "officer_id,start_on,end_on,reason\nhb-410602-00,2027-05-10,2027-05-01,leave\n"),
       ("unavailability.csv", 2, "end_on"))
    mk("b22_recusal_unknown_officer", lambda d: open(os.path.join(d, "recusals.csv"), "w", encoding="utf-8").write(
        f"officer_id,enterprise_id,reason\nnobody-01,{base.ent[0][0]},亲属\n"), ("recusals.csv", 2, "officer_id"))

    # xlsx oddities (need openpyxl)
    try:
        import openpyxl

        def to_xlsx(d, mutate=None):
            wb = openpyxl.Workbook()
            wb.remove(wb.active)
            for fn in sorted(os.listdir(d)):
                if fn.endswith(".csv"):
                    ws = wb.create_sheet(fn[:-4])
                    with open(os.path.join(d, fn), encoding="utf-8") as fh:
                        for row in csv.reader(fh):
                            ws.append(row)
                    os.remove(os.path.join(d, fn))
            if mutate:
                mutate(wb)
            wb.save(os.path.join(d, "bundle.xlsx"))

        def xl_numeric_id(wb):
            ws = wb["teams"]
            ws.cell(row=3, column=4).value = "three"

        mk("b23_xlsx_text_in_int", lambda d: to_xlsx(d, xl_numeric_id), ("bundle.xlsx[teams]", 3, "max_visits_per_day"))

        def xl_missing_sheet(wb):
            del wb["agencies"]
        mk("b24_xlsx_missing_sheet", lambda d: to_xlsx(d, xl_missing_sheet), ("bundle.xlsx[agencies]", 0, ""))

        def xl_date_cell(wb):
            ws = wb["triggers"]
            ws.cell(row=2, column=4).value = "2027-13-01"
        mk("b25_xlsx_bad_month", lambda d: to_xlsx(d, xl_date_cell), ("bundle.xlsx[triggers]", 2, "received_on"))

        def xl_dup_item(wb):
            ws = wb["items"]
            ws.cell(row=4, column=1).value = ws.cell(row=2, column=1).value
        mk("b26_xlsx_dup_item", lambda d: to_xlsx(d, xl_dup_item), ("bundle.xlsx[items]", 4, "item_id"))
    except ImportError:
        pass
    mk("b27_bom_gbk_mix_unknown_size", setcell("enterprises.csv", 12, "size", "巨型"), ("enterprises.csv", 12, "size"))
    mk("b28_item_unknown_sector_in_list", setcell("items.csv", 2, "sectors", "construction;nonsense"),
       ("items.csv", 2, "sectors"))
    with open(os.path.join(root, "expected.json"), "w") as f:
        json.dump(exp, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for f in (w1, w2, w3, w4, w5, w6, w7, w8):
        print(f.__name__, f(out))
    bad(out)
