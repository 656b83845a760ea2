"""Shared helpers for foreign45 bundle generation (written from bundle.md only)."""
import csv, datetime as dt, json, os, random

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORGCH = "0123456789ABCDEFGHJKLMNPQRTUWXY"

def credit_code(rng, district):
    body = "91" + district + "".join(rng.choice(ORGCH) for _ in range(9))
    s = sum(CHARS.index(c) * w for c, w in zip(body, W))
    chk = (31 - s % 31) % 31
    return body + CHARS[chk]

YEAR = 2027
D = dt.date

def calendar_2027():
    """An invented 2027 schedule with weekend make-up days (调休)."""
    off = {D(2027,1,1)}
    off |= {D(2027,2,d) for d in range(5, 13)}        # Spring Festival Feb 5-12
    off |= {D(2027,4,5)}                              # Qingming
    off |= {D(2027,5,d) for d in range(1, 6)}         # Labour day
    off |= {D(2027,6,9)}                              # Dragon boat
    off |= {D(2027,9,15)}                             # Mid-autumn
    off |= {D(2027,10,d) for d in range(1, 8)}        # National day
    makeup = {D(2027,2,13), D(2027,2,14), D(2027,4,25), D(2027,5,8), D(2027,9,26), D(2027,10,9)}
    cal = {}
    d = D(2027,1,1)
    while d.year == 2027:
        wd = d.weekday() < 5
        if d in off: wd = False
        if d in makeup: wd = True
        cal[d] = wd
        d += dt.timedelta(days=1)
    return cal

CAL = calendar_2027()
WORKDAYS = sorted(d for d, w in CAL.items() if w)

AGENCIES = {
    "hb": "市住房和城乡建设局",
    "um": "市城市管理局",
    "gas": "市燃气管理中心",
    "re": "市房产服务中心",
}
ITEMS = [
    ("hb-q", "hb", "工程质量安全检查", "《建设工程质量管理条例》", "construction;supervision;survey_design;testing;ready_mix", False),
    ("hb-m", "hb", "建筑市场行为检查", "《建筑法》", "construction;supervision;survey_design", True),
    ("hb-t", "hb", "检测与预拌质量检查", "《建设工程质量检测管理办法》", "testing;ready_mix", True),
    ("um-s", "um", "施工扬尘与渣土管理检查", "《大气污染防治法》", "municipal;property_mgmt;construction", False),
    ("um-m", "um", "市政设施维护检查", "《城市道路管理条例》", "municipal;property_mgmt", True),
    ("gas-s", "gas", "燃气经营安全检查", "《城镇燃气管理条例》", "gas", False),
    ("gas-i", "gas", "燃气设施在线监测核查", "《城镇燃气管理条例》", "gas;municipal", True),
    ("re-p", "re", "物业服务检查", "《物业管理条例》", "real_estate;property_mgmt", False),
    ("re-s", "re", "商品房销售检查", "《商品房销售管理办法》", "real_estate", True),
]

def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])

def b(v):
    return "true" if v else "false"

class Bundle:
    def __init__(self, name, seed):
        self.name = name
        self.rng = random.Random(seed)
        self.ent = []      # dicts
        self.credit = []
        self.grades = []
        self.insp = []
        self.trig = []
        self.agencies = {}
        self.items = []
        self.teams = []
        self.off = []
        self.unav = []
        self.recus = []
        self.policy = {"year": 2027, "seed": f"foreign45-{name}"}
        self.notes = []
        self.truth = {}   # machine-readable intended ground truth

    def add_agencies(self, ids):
        for a in ids:
            self.agencies[a] = AGENCIES[a]
        self.items = [it for it in ITEMS if it[1] in ids]

    def add_enterprises(self, n, districts, sectors, grade_p, remote_p=0.3, graded_share=0.85, tag=""):
        rng = self.rng
        out = []
        for i in range(n):
            dcode = rng.choice(districts) if isinstance(districts, list) else districts
            sec = rng.choices(list(sectors), weights=list(sectors.values()))[0]
            eid = credit_code(rng, dcode)
            e = dict(enterprise_id=eid, name=f"{self.name}{tag}企业{len(self.ent)}有限公司", district_code=dcode,
                     sector=sec, size=rng.choice(["micro", "small", "small", "medium", "large"]),
                     employees=rng.randint(3, 2000), established_on=str(D(rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28))),
                     address=f"某路{rng.randint(1,999)}号", remote_monitoring=rng.random() < remote_p)
            self.ent.append(e)
            out.append(e)
            if rng.random() < graded_share:
                g = rng.choices("ABCD", weights=grade_p)[0]
                self.grades.append((eid, g, "2026-10-31"))
            # some history
            for _ in range(rng.randint(0, 2)):
                ag = rng.choice(list(self.agencies))
                self.add_insp(eid, ag, D(rng.randint(2024, 2026), rng.randint(1, 12), rng.randint(1, 28)),
                              rng.choices(["compliant", "minor", "violation"], [6, 3, 1])[0], True)
        return out

    def add_insp(self, eid, ag, date, outcome, rectified):
        iid = f"H{len(self.insp):07d}"
        rect = "" if outcome in ("compliant", "minor") else b(rectified)
        self.insp.append((iid, eid, ag, str(date), "", outcome, rect))

    def team(self, tid, agency, district, maxday, n_enf, budget=None, cert="2030-12-31", n_aux=1, n_legal=0):
        self.teams.append((tid, agency, district, maxday))
        offs = []
        for k in range(n_enf):
            oid = f"{tid}-e{k:02d}"
            bud = budget(k) if callable(budget) else budget
            ce = cert(k) if callable(cert) else cert
            self.off.append([oid, f"执法员{oid}", tid, "enforcement", f"晋{self.rng.randint(10**7, 10**8-1)}", ce,
                             self.rng.randint(40, 90), "" if bud is None else bud])
            offs.append(oid)
        for k in range(n_aux):
            oid = f"{tid}-x{k:02d}"
            # trap: auxiliaries carry a certificate number and expiry that must never count (R-PAIR)
            self.off.append([oid, f"辅助{oid}", tid, "auxiliary", f"辅{self.rng.randint(10**7, 10**8-1)}", "2030-12-31", 70, ""])
        for k in range(n_legal):
            oid = f"{tid}-l{k:02d}"
            self.off.append([oid, f"法制{oid}", tid, "legal_review", f"晋{self.rng.randint(10**7, 10**8-1)}", "2030-12-31", 70, ""])
        return offs

    def leave(self, oid, s, e, reason="leave"):
        self.unav.append((oid, str(s), str(e), reason))

    def recuse(self, oid, eid, reason="亲属关系"):
        self.recus.append((oid, eid, reason))

    def trigger(self, eid, ag, recv, kind="complaint", urgent=False):
        tid = f"T{len(self.trig):05d}"
        self.trig.append((tid, eid, ag, str(recv), kind, b(urgent)))
        return tid

    def write(self, root):
        p = os.path.join(root, self.name, "bundle")
        os.makedirs(p, exist_ok=True)
        write_csv(f"{p}/enterprises.csv", ["enterprise_id", "name", "district_code", "sector", "size", "employees", "established_on", "address", "remote_monitoring"],
                  [[e["enterprise_id"], e["name"], e["district_code"], e["sector"], e["size"], e["employees"], e["established_on"], e["address"], b(e["remote_monitoring"])] for e in self.ent])
        write_csv(f"{p}/credit_records.csv", ["enterprise_id", "recorded_on", "kind", "expires_on", "note"], self.credit)
        write_csv(f"{p}/credit_grades.csv", ["enterprise_id", "grade", "rated_on"], self.grades)
        write_csv(f"{p}/inspections.csv", ["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids", "outcome", "rectified"], self.insp)
        write_csv(f"{p}/triggers.csv", ["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"], self.trig)
        write_csv(f"{p}/agencies.csv", ["agency_id", "name"], sorted(self.agencies.items()))
        write_csv(f"{p}/items.csv", ["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"], [list(i[:5]) + [b(i[5])] for i in self.items])
        write_csv(f"{p}/teams.csv", ["team_id", "agency_id", "district_code", "max_visits_per_day"], self.teams)
        write_csv(f"{p}/officers.csv", ["officer_id", "name", "team_id", "role", "certificate_no", "certificate_expires_on", "training_hours", "annual_visit_budget"], self.off)
        write_csv(f"{p}/unavailability.csv", ["officer_id", "start_on", "end_on", "reason"], self.unav)
        seen = set(); rec = []
        for r in self.recus:
            if (r[0], r[1]) not in seen:
                seen.add((r[0], r[1])); rec.append(r)
        write_csv(f"{p}/recusals.csv", ["officer_id", "enterprise_id", "reason"], rec)
        write_csv(f"{p}/calendar.csv", ["date", "workday"], [(str(d), b(w)) for d, w in sorted(CAL.items())])
        with open(f"{p}/policy.json", "w", encoding="utf-8") as f:
            json.dump(self.policy, f, ensure_ascii=False, indent=2)
        with open(os.path.join(root, self.name, "truth.json"), "w", encoding="utf-8") as f:
            json.dump({"notes": self.notes, **self.truth}, f, ensure_ascii=False, indent=1)
        return p
