#!/usr/bin/env python
"""Independent bundle generator (written from /work/shared/spec only).

Eight bureaus, each stressing one thing a real bureau might do:
  a_jan_d       almost every firm tier D by serious_dishonest records dated in the plan year's January
  b_triggers    many complaints (HARD) and a budget that cannot meet everything
  c_two_certs   gas agency with exactly two certified officers, both on long leave (overlapping)
  d_recusals    officers recused (回避) from many firms
  e_shared_addr many firms sharing one address / one legal person (extra column), a second city
  f_tiaoxiu     odd 调休 calendar (Saturdays worked, February off, ...)
  g_mid         2,000 firms, sparse history, few grades
  h_tiny        9 firms, empty optional columns, Chinese labels, BOM
Usage: python generate.py OUTDIR
"""
import csv, json, os, random, sys, datetime as dt

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(rng, district, used):
    while True:
        body = "91" + district + "".join(rng.choice(CHARS) for _ in range(9))
        s = sum(CHARS.index(c) * w for c, w in zip(body, WEIGHTS))
        c = 31 - s % 31
        code = body + CHARS[0 if c == 31 else c]
        if code not in used:
            used.add(code)
            return code


YEAR = 2027
SECTORS = ["construction", "real_estate", "property_mgmt", "gas", "supervision",
           "survey_design", "testing", "ready_mix", "municipal", "other"]
SECTOR_ZH = {"construction": "建筑施工", "real_estate": "房地产开发", "property_mgmt": "物业服务",
             "gas": "燃气经营", "supervision": "工程监理", "survey_design": "勘察设计",
             "testing": "工程质量检测", "ready_mix": "预拌混凝土", "municipal": "市政公用", "other": "其他"}
SIZE_ZH = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}

AGENCIES = [("hb", "太原市住房和城乡建设局"), ("um", "太原市城市管理局"),
            ("gas", "太原市燃气管理中心"), ("re", "太原市房产服务中心")]
ITEMS = [
    ("hb-q", "hb", "工程质量安全检查", "《建设工程质量管理条例》", "construction;supervision;testing;ready_mix", False),
    ("hb-m", "hb", "建筑市场行为检查", "《建筑法》", "construction;supervision;survey_design;testing", True),
    ("um-s", "um", "施工扬尘与渣土管理检查", "《大气污染防治法》", "construction;municipal;ready_mix", False),
    ("um-m", "um", "市政设施维护检查", "《城市道路管理条例》", "municipal;property_mgmt", True),
    ("gas-s", "gas", "燃气经营安全检查", "《城镇燃气管理条例》", "gas", False),
    ("gas-d", "gas", "燃气监测数据核查", "《城镇燃气管理条例》", "gas;property_mgmt", True),
    ("re-s", "re", "商品房销售行为检查", "《城市房地产开发经营管理条例》", "real_estate", True),
    ("re-p", "re", "物业服务质量检查", "《物业管理条例》", "property_mgmt;real_estate", True),
]


def base_calendar(year):
    """An invented 2027 schedule (no library has it): weekends off, a few holiday blocks with 调休."""
    d = dt.date(year, 1, 1)
    cal = {}
    while d.year == year:
        cal[d] = d.weekday() < 5
        d += dt.timedelta(days=1)
    hol = [(1, 1, 1, 3), (2, 5, 2, 11), (4, 5, 4, 5), (5, 1, 5, 5), (6, 9, 6, 11), (9, 15, 9, 17), (10, 1, 10, 7)]
    for m1, d1, m2, d2 in hol:
        x = dt.date(year, m1, d1)
        while x <= dt.date(year, m2, d2):
            cal[x] = False
            x += dt.timedelta(days=1)
    for m, dd in [(2, 13), (2, 14), (4, 24), (9, 25), (10, 9)]:  # make-up working days
        cal[dt.date(year, m, dd)] = True
    return cal


def odd_calendar(year):
    cal = base_calendar(year)
    # odd local adjustments: every Saturday in March and November is a working day,
    # all of 2027-02-01..2027-02-26 off (long Spring Festival + closure), a random Wednesday
    # off every month, Sunday 2027-12-26 worked, 2027-12-31 off.
    d = dt.date(year, 1, 1)
    while d.year == year:
        if d.month in (3, 11) and d.weekday() == 5:
            cal[d] = True
        if d.month == 2 and d.day <= 26:
            cal[d] = False
        if d.weekday() == 2 and d.day in (15, 16, 17, 18, 19, 20, 21):
            cal[d] = False
        d += dt.timedelta(days=1)
    cal[dt.date(year, 12, 26)] = True
    cal[dt.date(year, 12, 31)] = False
    return cal


def wr(path, header, rows, bom=False):
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def b(x):
    return "true" if x else "false"


class Bureau:
    def __init__(self, name, seed, districts=("140105", "140106", "140107"), city="140100"):
        self.name, self.rng = name, random.Random(seed)
        self.districts, self.city = list(districts), city
        self.used = set()
        self.ents, self.credit, self.grades, self.insp, self.trig = [], [], [], [], []
        self.teams, self.officers, self.unav, self.recus = [], [], [], []
        self.items = list(ITEMS)
        self.agencies = list(AGENCIES)
        self.calendar = base_calendar(YEAR)
        self.policy = {"year": YEAR, "seed": f"{name}-seed-2027"}
        self.extra_ent_cols = []
        self.labels_zh = False
        self.bom = False

    # --- registers
    def add_firms(self, n, sector_weights=None, remote_p=0.3, districts=None):
        rng = self.rng
        districts = districts or self.districts
        sw = sector_weights or {"construction": 30, "real_estate": 12, "property_mgmt": 18, "gas": 10,
                                "supervision": 5, "survey_design": 4, "testing": 4, "ready_mix": 5,
                                "municipal": 7, "other": 5}
        secs, wts = zip(*sw.items())
        out = []
        for i in range(n):
            dist = rng.choice(districts)
            eid = credit_code(rng, dist, self.used)
            sec = rng.choices(secs, wts)[0]
            size = rng.choices(["micro", "small", "medium", "large"], [35, 35, 20, 10])[0]
            e = dict(enterprise_id=eid, name=f"太原{rng.choice('华建鑫泰恒安宏')}{rng.choice('达筑业盛源信')}{SECTOR_ZH[sec][:2]}有限公司{len(self.ents)}",
                     district_code=dist, sector=sec, size=size,
                     employees=str(rng.randint(1, 3000)) if rng.random() < 0.8 else "",
                     established_on=str(dt.date(rng.randint(1990, 2025), rng.randint(1, 12), rng.randint(1, 28))) if rng.random() < 0.9 else "",
                     address=f"太原市{rng.choice(['迎泽大街', '并州路', '长风街', '学府街'])}{rng.randint(1, 999)}号",
                     lat=f"{37.8 + rng.random() * 0.1:.6f}", lon=f"{112.5 + rng.random() * 0.1:.6f}",
                     remote_monitoring=rng.random() < remote_p)
            self.ents.append(e)
            out.append(e)
        return out

    def add_team(self, agency, district, per_day=2, n_enf=4, n_aux=1, n_legal=0, budget=None, cert_exp="2029-06-30"):
        tid = f"{agency}-{district}"
        self.teams.append((tid, agency, district, per_day))
        ids = []
        for k in range(n_enf):
            oid = f"{tid}-e{k}"
            bud = budget if budget is not None else ""
            if callable(budget):
                bud = budget(self.rng)
            self.officers.append([oid, f"执法{oid}", tid, "enforcement", f"晋{self.rng.randint(10**7, 10**8 - 1)}",
                                  cert_exp, str(self.rng.randint(20, 90)), str(bud)])
            ids.append(oid)
        for k in range(n_aux):
            self.officers.append([f"{tid}-a{k}", f"辅助{tid}-{k}", tid, "auxiliary", "", "", "", ""])
        for k in range(n_legal):
            self.officers.append([f"{tid}-l{k}", f"法审{tid}-{k}", tid, "legal_review", "", "", "", ""])
        return ids

    def standard_teams(self, per_day=2, n_enf=4, budget=None, agencies=("hb", "um", "gas", "re"), city_enf=4):
        for a in agencies:
            for d in self.districts:
                self.add_team(a, d, per_day, n_enf, budget=budget)
            if city_enf:
                self.add_team(a, self.city, per_day, city_enf, budget=budget)

    def random_leave(self, p=0.5):
        rng = self.rng
        for o in self.officers:
            if rng.random() < p:
                s = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
                e = s + dt.timedelta(days=rng.randint(1, 25))
                self.unav.append([o[0], str(s), str(e), rng.choice(["leave", "training", "年休假", "借调"])])

    def history(self, frac=0.5, unrect_p=0.08):
        rng = self.rng
        sect_ag = {}
        for it in self.items:
            for s in it[4].split(";"):
                sect_ag.setdefault(s, set()).add(it[1])
        n = 0
        for e in self.ents:
            ags = sorted(sect_ag.get(e["sector"], []))
            if not ags or rng.random() > frac:
                continue
            for _ in range(rng.randint(1, 3)):
                a = rng.choice(ags)
                day = dt.date(rng.choice([2024, 2025, 2026]), rng.randint(1, 12), rng.randint(1, 28))
                out = rng.choices(["compliant", "minor", "violation", "serious"], [60, 20, 15, 5])[0]
                rect = ""
                if out in ("violation", "serious"):
                    rect = b(rng.random() > unrect_p * 5)
                offs = [o[0] for o in self.officers if o[2].startswith(a + "-") and o[3] == "enforcement"]
                self.insp.append([f"H{self.name[:1]}{n:06d}", e["enterprise_id"], a, str(day),
                                  ";".join(rng.sample(offs, 2)) if len(offs) >= 2 else "", out, rect])
                n += 1

    def grades_for(self, frac=0.7, dist=(30, 40, 20, 10)):
        for e in self.ents:
            if self.rng.random() < frac:
                g = self.rng.choices("ABCD", dist)[0]
                self.grades.append([e["enterprise_id"], g, "2026-10-31"])

    def triggers(self, n, urgent_p=0.2, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), firms=None):
        rng = self.rng
        sect_ag = {}
        for it in self.items:
            for s in it[4].split(";"):
                sect_ag.setdefault(s, set()).add(it[1])
        firms = firms or self.ents
        k = len(self.trig)
        for _ in range(n):
            e = rng.choice(firms)
            ags = sorted(sect_ag.get(e["sector"], []))
            if not ags:
                continue
            day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
            self.trig.append([f"T{k:05d}", e["enterprise_id"], rng.choice(ags), str(day),
                              rng.choice(["complaint", "referral", "data_monitoring", "enterprise_request"]),
                              b(rng.random() < urgent_p)])
            k += 1

    # --- writing
    def write(self, root):
        p = os.path.join(root, self.name)
        os.makedirs(p, exist_ok=True)
        z = self.labels_zh
        lab = (lambda m, v: m.get(v, v)) if z else (lambda m, v: v)
        yn = (lambda v: "是" if v in (True, "true") else ("否" if v in (False, "false") else v)) if z else (lambda v: b(v) if isinstance(v, bool) else v)
        ecols = ["enterprise_id", "name", "district_code", "sector", "size", "employees", "established_on",
                 "address", "lat", "lon", "remote_monitoring"] + self.extra_ent_cols
        wr(f"{p}/enterprises.csv", ecols,
           [[lab(SECTOR_ZH, e[c]) if c == "sector" else lab(SIZE_ZH, e[c]) if c == "size" else yn(e[c]) if c == "remote_monitoring" else e.get(c, "") for c in ecols] for e in self.ents], self.bom)
        wr(f"{p}/agencies.csv", ["agency_id", "name"], self.agencies, self.bom)
        wr(f"{p}/items.csv", ["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"],
           [[i[0], i[1], i[2], i[3], i[4], yn(i[5])] for i in self.items], self.bom)
        wr(f"{p}/teams.csv", ["team_id", "agency_id", "district_code", "max_visits_per_day"], self.teams, self.bom)
        role_zh = {"enforcement": "执法人员", "auxiliary": "执法辅助人员", "legal_review": "法制审核人员"}
        wr(f"{p}/officers.csv", ["officer_id", "name", "team_id", "role", "certificate_no", "certificate_expires_on",
                                 "training_hours", "annual_visit_budget"],
           [o[:3] + [lab(role_zh, o[3])] + o[4:] for o in self.officers], self.bom)
        kind_zh = {"commendation": "表彰奖励", "good": "良好信用信息", "bad": "不良信用信息",
                   "serious_dishonest": "严重失信主体名单", "repair": "信用修复"}
        if self.credit:
            wr(f"{p}/credit_records.csv", ["enterprise_id", "recorded_on", "kind", "expires_on", "note"],
               [[r[0], r[1], lab(kind_zh, r[2]), r[3], r[4]] for r in self.credit], self.bom)
        if self.grades:
            wr(f"{p}/credit_grades.csv", ["enterprise_id", "grade", "rated_on"], self.grades, self.bom)
        out_zh = {"compliant": "未发现问题", "minor": "轻微问题", "violation": "违法违规", "serious": "严重违法违规"}
        if self.insp:
            wr(f"{p}/inspections.csv", ["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                        "outcome", "rectified"],
               [r[:5] + [lab(out_zh, r[5]), yn(r[6]) if r[6] else ""] for r in self.insp], self.bom)
        if self.trig:
            wr(f"{p}/triggers.csv", ["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"],
               [r[:5] + [yn(r[5])] for r in self.trig], self.bom)
        if self.unav:
            wr(f"{p}/unavailability.csv", ["officer_id", "start_on", "end_on", "reason"], self.unav, self.bom)
        if self.recus:
            wr(f"{p}/recusals.csv", ["officer_id", "enterprise_id", "reason"], self.recus, self.bom)
        if self.calendar is not None:
            wr(f"{p}/calendar.csv", ["date", "workday"], [[str(d), b(w)] for d, w in sorted(self.calendar.items())], self.bom)
        with open(f"{p}/policy.json", "w", encoding="utf-8") as f:
            json.dump(self.policy, f, ensure_ascii=False, indent=1)
        return p


def a_jan_d():
    B = Bureau("a_jan_d", 101)
    firms = B.add_firms(140)
    B.standard_teams(per_day=3, n_enf=4)
    B.random_leave(0.3)
    B.grades_for(0.9, (60, 30, 8, 2))  # the official grades say mostly A/B ...
    rng = B.rng
    for i, e in enumerate(firms):
        eid = e["enterprise_id"]
        r = rng.random()
        jan = lambda: str(dt.date(YEAR, 1, rng.randint(2, 31)))
        if r < 0.80:  # serious_dishonest recorded in January of the plan year
            B.credit.append([eid, jan(), "serious_dishonest", rng.choice(["", "2030-01-15"]), "住建领域严重失信"])
            if rng.random() < 0.1:  # repair BEFORE the record: does not lift it
                B.credit.append([eid, "2026-11-02", "repair", "", "早先修复"])
        elif r < 0.86:  # serious record, then a later repair (also January): not D
            B.credit.append([eid, "2027-01-04", "serious_dishonest", "", ""])
            B.credit.append([eid, "2027-01-20", "repair", "", "信用修复完成"])
        elif r < 0.92:  # expired before the plan year: does not count
            B.credit.append([eid, "2024-03-01", "serious_dishonest", "2026-12-31", "已过期"])
        elif r < 0.95:  # expires inside the plan year: still counts (not before the plan year)
            B.credit.append([eid, "2025-03-01", "serious_dishonest", "2027-03-31", ""])
        else:
            B.credit.append([eid, jan(), "bad", "2028-01-31", ""])
    B.history(0.4)
    B.triggers(15)
    return B


def b_triggers():
    B = Bureau("b_triggers", 202, districts=("140105", "140106"))
    B.add_firms(350)
    # thin staffing: 3 enforcement officers per district team, tight budgets, 1 visit/day teams
    B.standard_teams(per_day=1, n_enf=3, budget=lambda r: r.randint(12, 25), city_enf=2)
    B.random_leave(0.4)
    B.grades_for(0.8, (30, 35, 25, 10))
    B.history(0.6, unrect_p=0.15)
    B.triggers(160, urgent_p=0.35)
    # burst of complaints in one week against a handful of firms (a campaign)
    B.triggers(40, urgent_p=0.5, start=dt.date(YEAR, 6, 7), end=dt.date(YEAR, 6, 11), firms=B.ents[:12])
    # a trigger received before the plan year, another at the very end of it
    B.triggers(3, start=dt.date(YEAR - 1, 12, 20), end=dt.date(YEAR - 1, 12, 30))
    B.triggers(3, urgent_p=0.0, start=dt.date(YEAR, 12, 27), end=dt.date(YEAR, 12, 31))
    B.policy.update({"reserve_capacity_ratio": 0.15})
    return B


def c_two_certs():
    B = Bureau("c_two_certs", 303, districts=("140105", "140106"))
    B.add_firms(220, sector_weights={"gas": 25, "property_mgmt": 25, "construction": 25, "municipal": 10, "real_estate": 15},
                remote_p=0.5)
    for a in ("hb", "um", "re"):
        for d in B.districts + [B.city]:
            B.add_team(a, d, 3, 4)
    # gas: one city-level team, exactly two certified officers, both away for months
    g = B.add_team("gas", B.city, per_day=4, n_enf=2, n_aux=3, n_legal=1)
    B.unav += [[g[0], "2027-03-01", "2027-06-30", "借调"], [g[1], "2027-05-15", "2027-09-30", "产假"],
               [g[0], "2027-11-20", "2027-11-30", "培训"]]
    B.random_leave(0.2)
    B.grades_for(0.8, (25, 35, 25, 15))
    B.history(0.5)
    B.triggers(25, urgent_p=0.3)
    # gas triggers inside the gap (both away) to see them reported, not placed
    gasf = [e for e in B.ents if e["sector"] == "gas"]
    for k, day in enumerate(["2027-05-20", "2027-06-02", "2027-07-15"]):
        B.trig.append([f"TG{k}", gasf[k]["enterprise_id"], "gas", day, "data_monitoring", "false"])
    return B


def d_recusals():
    B = Bureau("d_recusals", 404, districts=("140105", "140106"))
    B.add_firms(260)
    B.standard_teams(per_day=2, n_enf=3, city_enf=3)
    B.random_leave(0.3)
    rng = B.rng
    enf = [o for o in B.officers if o[3] == "enforcement"]
    # a third of enforcement officers recused from a lot of firms (kinship, former employer, shareholdings)
    for o in enf:
        if rng.random() < 0.35:
            ag = o[2].split("-")[0]
            for e in rng.sample(B.ents, int(len(B.ents) * rng.uniform(0.3, 0.7))):
                B.recus.append([o[0], e["enterprise_id"], rng.choice(["亲属关系", "曾任职", "持股", "其他利害关系"])])
    # one district team where 2 of 3 officers are recused from the same D-tier firms -> forces city team
    B.grades_for(0.85, (25, 35, 25, 15))
    dfirms = [g[0] for g in B.grades if g[1] == "D"]
    for eid in dfirms[:15]:
        for k in (0, 1):
            for a in ("hb", "um", "re", "gas"):
                B.recus.append([f"{a}-140105-e{k}", eid, "亲属关系"])
    B.history(0.5)
    B.triggers(30, urgent_p=0.3)
    return B


def e_shared_addr():
    B = Bureau("e_shared_addr", 505, districts=("140105", "140106", "140202"), city="140100")
    B.extra_ent_cols = ["legal_person", "备注"]
    firms = B.add_firms(260)
    rng = B.rng
    park = [e for e in firms if e["district_code"] == "140106"][:90]
    for i, e in enumerate(park):  # one industrial park, one legal person for many shells
        e["address"] = "太原市小店区龙城大街99号创业园"
        e["lat"], e["lon"] = "37.770000", "112.560000"
        e["legal_person"] = "王某某" if i % 3 else "李某"
        e["备注"] = "同址注册"
    for e in firms:
        e.setdefault("legal_person", rng.choice(["张三", "赵四", ""]))
    # teams: the 140100 city team may NOT go to 140202 (another city): 140202 has own small teams
    for a in ("hb", "um", "gas", "re"):
        for d in ("140105", "140106"):
            B.add_team(a, d, 2, 3)
        B.add_team(a, "140100", 3, 4)
        B.add_team(a, "140202", 1, 2)
    B.random_leave(0.3)
    B.grades_for(0.8, (25, 35, 25, 15))
    # park shells: many D by serious dishonesty of the shared legal person
    for e in park[:40]:
        B.credit.append([e["enterprise_id"], "2026-08-01", "serious_dishonest", "", "法定代表人同一"])
    B.history(0.5)
    B.triggers(30, urgent_p=0.3, firms=park)
    return B


def f_tiaoxiu():
    B = Bureau("f_tiaoxiu", 606, districts=("140105", "140106"))
    B.calendar = odd_calendar(YEAR)
    B.add_firms(220)
    B.standard_teams(per_day=2, n_enf=3, city_enf=2)
    B.random_leave(0.3)
    B.grades_for(0.8, (25, 35, 25, 15))
    B.history(0.5)
    B.triggers(40, urgent_p=0.4)
    # triggers received on a non-working day and right before the February closure
    eid = B.ents[0]["enterprise_id"]
    for k, day in enumerate(["2027-01-30", "2027-01-29", "2027-02-10", "2027-03-06"]):
        B.trig.append([f"TF{k}", B.ents[k]["enterprise_id"], "hb" if B.ents[k]["sector"] in ("construction", "supervision", "testing", "ready_mix", "survey_design") else "um", day, "complaint", "true"])
    return B


def g_mid():
    B = Bureau("g_mid", 707, districts=("140105", "140106", "140107", "140108"))
    B.add_firms(2000)
    B.standard_teams(per_day=3, n_enf=5, city_enf=5)
    B.random_leave(0.3)
    B.grades_for(0.1, (30, 40, 20, 10))
    B.history(0.08, unrect_p=0.1)
    B.triggers(60, urgent_p=0.2)
    return B


def h_tiny():
    B = Bureau("h_tiny", 808, districts=("140105",))
    B.labels_zh, B.bom = True, True
    firms = B.add_firms(9, sector_weights={"construction": 3, "gas": 2, "property_mgmt": 2, "other": 2})
    for e in firms:  # empty optional columns
        e["employees"] = e["established_on"] = e["address"] = e["lat"] = e["lon"] = ""
    B.add_team("hb", "140105", 2, 2)
    B.add_team("um", "140105", 2, 2)
    B.add_team("gas", "140100", 2, 3)
    B.add_team("re", "140105", 2, 2)
    for o in B.officers:
        o[6] = ""  # training hours empty
    B.credit.append([firms[0]["enterprise_id"], "2027-01-10", "serious_dishonest", "", ""])
    B.credit.append([firms[1]["enterprise_id"], "2026-05-01", "good", "", ""])
    B.grades.append([firms[2]["enterprise_id"], "D", "2026-10-31"])
    B.insp.append(["HT1", firms[3]["enterprise_id"], "hb", "2026-06-01", "", "violation", False])
    B.insp.append(["HT2", firms[4]["enterprise_id"], "um", "2026-07-01", "hb-140105-e0", "compliant", ""])
    B.trig.append(["TT1", firms[5]["enterprise_id"], "um", "2027-03-03", "complaint", True])
    B.policy.update({"tiers": {"A": {"sample_ratio": 0.5, "visits": 1}}})  # partial override
    return B


ALL = [a_jan_d, b_triggers, c_two_certs, d_recusals, e_shared_addr, f_tiaoxiu, g_mid, h_tiny]



def i_citysplit():
    """gas has only a city-level team; most gas firms (tier D) in 140105, few in 140106 with many urgent triggers."""
    B = Bureau("i_citysplit", 909, districts=("140105", "140106"))
    f5 = B.add_firms(90, sector_weights={"gas": 1}, districts=["140105"])
    f6 = B.add_firms(12, sector_weights={"gas": 1}, districts=["140106"])
    B.add_firms(40, sector_weights={"construction": 1})
    for a in ("hb", "um", "re"):
        for d in B.districts:
            B.add_team(a, d, 3, 4)
    B.add_team("gas", B.city, per_day=2, n_enf=4)
    for e in f5[:60]:
        B.grades.append([e["enterprise_id"], "D", "2026-10-31"])
    for e in f5[60:] + f6:
        B.grades.append([e["enterprise_id"], "C", "2026-10-31"])
    B.triggers(45, urgent_p=1.0, firms=f6)
    return B


ALL.append(i_citysplit)


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/foreign33/bundles"
    only = sys.argv[2:] or None
    for fn in ALL:
        if only and fn.__name__ not in only:
            continue
        print(fn().write(root))
