# ruff: noqa  -- a helper's held-out generator and judge (foreign31), kept as written: an independent author's code
#!/usr/bin/env python3
"""Independent bundle generator for the inspection planner (foreign31).

Written from /work/shared/spec/bundle.md + rules.md only.
Usage:  python generate.py [OUTDIR]   (default /tmp/foreign31/bureaus)
Each bureau is a folder of CSVs + policy.json; bureau 'b08_awkward' also gets labels in
Chinese and an .xlsx copy.  Deterministic (seeded).
"""
import csv, datetime as dt, json, math, os, random, sys

try:
    from faker import Faker
except ImportError:  # generator must still run without Faker
    Faker = None

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]


def org_code(rng):
    body = "".join(rng.choice("0123456789") for _ in range(8))
    s = sum(int(c) * w for c, w in zip(body, ORG_W))
    c = 11 - s % 11
    chk = "X" if c == 10 else ("0" if c == 11 else str(c))
    return body + chk


def uscc(district, rng):
    base = "91" + district + org_code(rng)
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(base, USCC_W))
    c = (31 - s % 31) % 31
    return base + USCC_CHARS[c]


def uscc_ok(code):
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], USCC_W))
    return USCC_CHARS[(31 - s % 31) % 31] == code[17]


SECTORS = ["construction", "real_estate", "property_mgmt", "gas", "supervision",
           "survey_design", "testing", "ready_mix", "municipal", "other"]
SECTOR_ZH = {"construction": "建筑施工", "real_estate": "房地产开发", "property_mgmt": "物业服务",
             "gas": "燃气经营", "supervision": "工程监理", "survey_design": "勘察设计",
             "testing": "工程质量检测", "ready_mix": "预拌混凝土", "municipal": "市政公用", "other": "其他"}
SIZE_ZH = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
KIND_ZH = {"commendation": "表彰奖励", "good": "良好信用信息", "bad": "不良信用信息",
           "serious_dishonest": "严重失信主体名单", "repair": "信用修复"}

# default agencies and item lists (agency -> list of (item, name, basis, sectors, remote))
AGENCIES = {
    "zj": ("住房和城乡建设局", [
        ("zj-q", "工程质量安全检查", "《建设工程质量管理条例》第四十三条", "construction;supervision;testing;ready_mix", False),
        ("zj-m", "建筑市场行为检查", "《建筑法》第十三条", "construction;supervision;survey_design", True),
        ("zj-r", "房地产开发经营检查", "《城市房地产开发经营管理条例》", "real_estate", True),
    ]),
    "cg": ("城市管理综合行政执法局", [
        ("cg-d", "施工扬尘管控检查", "《大气污染防治法》第六十九条", "construction;municipal;ready_mix", False),
        ("cg-s", "市政设施维护检查", "《城市道路管理条例》", "municipal;property_mgmt", True),
    ]),
    "rq": ("燃气管理中心", [
        ("rq-a", "燃气经营许可与安全检查", "《城镇燃气管理条例》第十五条", "gas", False),
        ("rq-p", "用户燃气设施检查", "《城镇燃气管理条例》第四十一条", "property_mgmt;real_estate", True),
    ]),
    "fc": ("房产服务中心", [
        ("fc-w", "物业服务质量检查", "《物业管理条例》第三十二条", "property_mgmt", True),
        ("fc-x", "商品房销售行为检查", "《商品房销售管理办法》", "real_estate", False),
    ]),
}


class Gen:
    def __init__(self, name, seed, year=2026, city="1405", districts=("140502", "140521", "140525"),
                 n_ent=300, agencies=("zj", "cg", "rq", "fc"), items=None, sector_weights=None,
                 remote_share=0.3, dgrade_share=0.08, serious_share=0.03, trig_n=10,
                 teams=None, officers_per_team=6, budget=(30, 60), max_vpd=2,
                 leave_share=0.2, recuse_n=5, cert_expire_share=0.05, policy=None,
                 inspections_share=0.3, calendar=None, labels_zh=False):
        self.__dict__.update(locals())
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN") if Faker else None
        if self.fake:
            self.fake.seed_instance(seed)
        self.files = {}

    # ---------- helpers
    def d(self, s):
        return dt.date.fromisoformat(s)

    def rand_date(self, a, b):
        a, b = self.d(a), self.d(b)
        return (a + dt.timedelta(days=self.rng.randint(0, (b - a).days))).isoformat()

    def cname(self, i):
        if self.fake:
            return self.fake.company() + ("" if i is None else f"（{i}）")
        return f"某某公司{i}"

    def pname(self):
        return self.fake.name() if self.fake else "张三"

    # ---------- build
    def build(self):
        r, Y = self.rng, self.year
        sw = self.sector_weights or {"construction": 30, "real_estate": 12, "property_mgmt": 15, "gas": 8,
                                     "supervision": 6, "survey_design": 5, "testing": 4, "ready_mix": 5,
                                     "municipal": 8, "other": 7}
        secs, ws = list(sw), list(sw.values())
        ents = []
        seen = set()
        for i in range(self.n_ent):
            dist = r.choice(self.districts) if not isinstance(self.districts, dict) else \
                r.choices(list(self.districts), list(self.districts.values()))[0]
            eid = uscc(dist, r)
            while eid in seen:
                eid = uscc(dist, r)
            seen.add(eid)
            sec = r.choices(secs, ws)[0]
            size = r.choices(["micro", "small", "medium", "large"], [40, 35, 18, 7])[0]
            rm = r.random() < self.remote_share
            ents.append(dict(enterprise_id=eid, name=self.cname(i), district_code=dist, sector=sec, size=size,
                             employees=r.randint(0, 3000) if r.random() < 0.9 else "",
                             established_on=self.rand_date("1995-01-01", f"{Y-1}-06-30") if r.random() < 0.9 else "",
                             address=(self.fake.street_address() if self.fake else "某路1号"),
                             lat=round(36 + r.random(), 6), lon=round(112 + r.random(), 6),
                             remote_monitoring="true" if rm else "false"))
        self.ents = ents
        self.files["enterprises.csv"] = ents

        # agencies / items
        ag_rows, item_rows = [], []
        items = self.items or {a: AGENCIES[a][1] for a in self.agencies}
        for a in self.agencies:
            ag_rows.append(dict(agency_id=a, name=f"{self.city}市{AGENCIES.get(a, (a,))[0]}"))
            for (iid, nm, basis, sec, rem) in items.get(a, []):
                item_rows.append(dict(item_id=iid, agency_id=a, name=nm, legal_basis=basis, sectors=sec,
                                      remote_allowed="true" if rem else "false"))
        self.item_rows = item_rows
        self.files["agencies.csv"] = ag_rows
        self.files["items.csv"] = item_rows

        # teams: default one local team per (agency, district) + one city team per agency
        teams = self.teams
        if teams is None:
            teams = []
            for a in self.agencies:
                for dd in self.districts:
                    teams.append((f"{a}-{dd}", a, dd, self.max_vpd, self.officers_per_team))
                teams.append((f"{a}-{self.city}00", a, self.city + "00", self.max_vpd, self.officers_per_team))
        self.team_rows = [dict(team_id=t, agency_id=a, district_code=dd, max_visits_per_day=m) for t, a, dd, m, n in teams]
        self.files["teams.csv"] = self.team_rows

        offs = []
        for t, a, dd, m, n in teams:
            for k in range(n):
                role = "enforcement" if k < max(2, int(n * 0.8)) else r.choice(["auxiliary", "legal_review"])
                oid = f"{t}-{k:02d}"
                exp = ""
                if role == "enforcement":
                    exp = (self.rand_date(f"{Y}-02-01", f"{Y}-11-30") if r.random() < self.cert_expire_share
                           else self.rand_date(f"{Y+1}-01-31", f"{Y+4}-12-31"))
                b = self.budget
                offs.append(dict(officer_id=oid, name=self.pname(), team_id=t, role=role,
                                 certificate_no=(f"晋{r.randint(10**7, 10**8-1)}" if role == "enforcement" else ""),
                                 certificate_expires_on=exp, training_hours=r.randint(20, 90),
                                 annual_visit_budget=(r.randint(*b) if b else "")))
        self.offs = offs
        self.files["officers.csv"] = offs

        # unavailability
        un = []
        for o in offs:
            if r.random() < self.leave_share:
                for _ in range(r.randint(1, 3)):
                    s = self.rand_date(f"{Y}-01-01", f"{Y}-12-15")
                    e = (self.d(s) + dt.timedelta(days=r.randint(1, 25))).isoformat()
                    un.append(dict(officer_id=o["officer_id"], start_on=s, end_on=e,
                                   reason=r.choice(["leave", "training", "secondment", "年休假"])))
        self.files["unavailability.csv"] = un

        # recusals
        rec = []
        for _ in range(self.recuse_n):
            o, e = r.choice(offs), r.choice(ents)
            rec.append(dict(officer_id=o["officer_id"], enterprise_id=e["enterprise_id"],
                            reason=r.choice(["亲属关系", "曾任职该企业", "利害关系"])))
        # dedupe
        rec = list({(x["officer_id"], x["enterprise_id"]): x for x in rec}.values())
        self.files["recusals.csv"] = rec

        # credit
        cr, cg = [], []
        for e in ents:
            x = r.random()
            if x < self.serious_share:
                cr.append(dict(enterprise_id=e["enterprise_id"], recorded_on=self.rand_date(f"{Y-3}-01-01", f"{Y-1}-12-20"),
                               kind="serious_dishonest", expires_on=self.rand_date(f"{Y}-06-01", f"{Y+2}-12-31"), note="列入严重失信名单"))
            elif x < self.serious_share + 0.15:
                rd = self.rand_date(f"{Y-3}-01-01", f"{Y-1}-12-20")
                cr.append(dict(enterprise_id=e["enterprise_id"], recorded_on=rd,
                               kind=r.choice(["bad", "good", "commendation"]),
                               expires_on=(self.d(rd) + dt.timedelta(days=r.randint(183, 1095))).isoformat(), note=""))
            y = r.random()
            if y < 0.6:
                g = "D" if r.random() < self.dgrade_share / 0.6 else r.choices("ABC", [40, 40, 20])[0]
                cg.append(dict(enterprise_id=e["enterprise_id"], grade=g, rated_on=f"{Y-1}-10-31"))
        self.files["credit_records.csv"] = cr
        self.files["credit_grades.csv"] = cg

        # history
        insp = []
        ag_for_sector = {}
        for it in item_rows:
            for s in it["sectors"].split(";"):
                ag_for_sector.setdefault(s, set()).add(it["agency_id"])
        self.ag_for_sector = ag_for_sector
        n = 0
        for e in ents:
            if r.random() < self.inspections_share:
                ags = sorted(ag_for_sector.get(e["sector"], []))
                if not ags:
                    continue
                a = r.choice(ags)
                out = r.choices(["compliant", "minor", "violation", "serious"], [60, 20, 15, 5])[0]
                tt = [o["officer_id"] for o in offs if o["team_id"].startswith(a + "-") and o["role"] == "enforcement"]
                insp.append(dict(inspection_id=f"H{n:06d}", enterprise_id=e["enterprise_id"], agency_id=a,
                                 inspected_on=self.rand_date(f"{Y-2}-01-01", f"{Y-1}-12-28"),
                                 officer_ids=";".join(r.sample(tt, 2)) if len(tt) >= 2 else "",
                                 outcome=out,
                                 rectified=(r.choice(["true", "false"]) if out in ("violation", "serious") else "")))
                n += 1
        self.files["inspections.csv"] = insp

        # triggers
        tr = []
        for k in range(self.trig_n):
            e = r.choice(ents)
            ags = sorted(ag_for_sector.get(e["sector"], []))
            if not ags:
                continue
            tr.append(dict(trigger_id=f"T{k:05d}", enterprise_id=e["enterprise_id"], agency_id=r.choice(ags),
                           received_on=self.rand_date(f"{Y}-01-04", f"{Y}-11-20"),
                           kind=r.choice(["complaint", "referral", "data_monitoring", "enterprise_request"]),
                           urgent=r.choice(["true", "false", "false", "false"])))
        self.files["triggers.csv"] = tr
        pol = {"year": Y, "seed": f"{self.name}-seed"}
        pol.update(self.policy or {})
        self.pol = pol
        return self

    def write(self, outdir):
        path = os.path.join(outdir, self.name)
        os.makedirs(path, exist_ok=True)
        for f in os.listdir(path):
            os.remove(os.path.join(path, f))
        cols = {"enterprises.csv": ["enterprise_id", "name", "district_code", "sector", "size", "employees",
                                    "established_on", "address", "lat", "lon", "remote_monitoring"],
                "credit_records.csv": ["enterprise_id", "recorded_on", "kind", "expires_on", "note"],
                "credit_grades.csv": ["enterprise_id", "grade", "rated_on"],
                "inspections.csv": ["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids", "outcome", "rectified"],
                "triggers.csv": ["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"],
                "agencies.csv": ["agency_id", "name"],
                "items.csv": ["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"],
                "teams.csv": ["team_id", "agency_id", "district_code", "max_visits_per_day"],
                "officers.csv": ["officer_id", "name", "team_id", "role", "certificate_no", "certificate_expires_on",
                                 "training_hours", "annual_visit_budget"],
                "unavailability.csv": ["officer_id", "start_on", "end_on", "reason"],
                "recusals.csv": ["officer_id", "enterprise_id", "reason"],
                "calendar.csv": ["date", "workday"]}
        if self.calendar:
            self.files["calendar.csv"] = self.calendar
        for f, rows in self.files.items():
            with open(os.path.join(path, f), "w", newline="", encoding="utf-8") as fh:
                w = csv.DictWriter(fh, fieldnames=cols[f], extrasaction="ignore")
                w.writeheader()
                for row in rows:
                    w.writerow(row)
        with open(os.path.join(path, "policy.json"), "w", encoding="utf-8") as fh:
            json.dump(self.pol, fh, ensure_ascii=False, indent=2)
        return path


def invented_calendar(year):
    """An invented holiday schedule (stand-in for the State Council notice)."""
    hol = set()
    adj = set()
    def rng_days(a, b):
        a, b = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
        while a <= b:
            yield a
            a += dt.timedelta(days=1)
    for a, b in [(f"{year}-01-01", f"{year}-01-03"), (f"{year}-02-05", f"{year}-02-13"),
                 (f"{year}-04-04", f"{year}-04-06"), (f"{year}-05-01", f"{year}-05-05"),
                 (f"{year}-06-09", f"{year}-06-11"), (f"{year}-09-15", f"{year}-09-17"),
                 (f"{year}-10-01", f"{year}-10-07")]:
        hol.update(rng_days(a, b))
    for s in [f"{year}-02-14", f"{year}-04-25", f"{year}-09-26", f"{year}-10-09"]:
        adj.add(dt.date.fromisoformat(s))
    rows = []
    for d in rng_days(f"{year}-01-01", f"{year}-12-31"):
        wd = (d.weekday() < 5 and d not in hol) or d in adj
        rows.append(dict(date=d.isoformat(), workday="true" if wd else "false"))
    return rows


def bureaus():
    B = []
    # 1 tight budget: many D, many triggers, too few officer-days
    g = Gen("b01_tight", 101, year=2026, districts=("140502", "140521"), n_ent=500,
            agencies=("zj", "cg"), dgrade_share=0.25, serious_share=0.06, trig_n=60,
            officers_per_team=3, budget=(4, 10), leave_share=0.3, recuse_n=10, inspections_share=0.5)
    B.append(g)
    # 2 scarce agency joins many joint visits: rq items apply to most sectors, rq has 1 city team with 3 officers
    items = {a: AGENCIES[a][1] for a in ("zj", "cg", "fc")}
    items["rq"] = [("rq-x", "燃气设施安全检查", "《城镇燃气管理条例》第四十一条",
                    "construction;real_estate;property_mgmt;gas;municipal;ready_mix", False)]
    teams = []
    for a in ("zj", "cg", "fc"):
        for dd in ("140502", "140521", "140522"):
            teams.append((f"{a}-{dd}", a, dd, 3, 6))
    teams.append(("rq-140500", "rq", "140500", 2, 3))
    B.append(Gen("b02_scarce_joint", 202, year=2026, districts=("140502", "140521", "140522"), n_ent=400,
                 items=items, teams=teams, dgrade_share=0.12, serious_share=0.03, trig_n=15, budget=(40, 60)))
    # 3 certificates expiring, recusals, leave; plan year 2027 with calendar.csv
    g = Gen("b03_certs_leave", 303, year=2027, districts=("140502", "140524"), n_ent=300,
            cert_expire_share=0.45, leave_share=0.8, recuse_n=200, officers_per_team=5, trig_n=20,
            calendar=invented_calendar(2027), budget=(20, 50))
    B.append(g)
    # 4 remote-heavy
    items = {a: [(i, n, b, s, True) for (i, n, b, s, _) in AGENCIES[a][1]] for a in ("zj", "cg", "rq", "fc")}
    items["zj"].append(("zj-q2", "深基坑安全专项检查", "《危险性较大的分部分项工程安全管理规定》", "construction", False))
    B.append(Gen("b04_remote", 404, year=2026, districts=("140502", "140581"), n_ent=600, items=items,
                 remote_share=0.85, dgrade_share=0.1, trig_n=20, budget=(30, 60)))
    # 5 dates: triggers late previous year / early plan year; serious records in plan year (post-processed)
    B.append(Gen("b05_dates", 505, year=2027, districts=("140502",), n_ent=200, calendar=invented_calendar(2027),
                 trig_n=0, serious_share=0.0, dgrade_share=0.05, budget=(40, 60)))
    # 6 city teams serving several districts; some districts with no local team
    teams = [("zj-140500", "zj", "140500", 4, 8), ("zj-140502", "zj", "140502", 2, 4),
             ("cg-140500", "cg", "140500", 3, 6),
             ("rq-140500", "rq", "140500", 2, 4), ("rq-140581", "rq", "140581", 2, 3),
             ("fc-140521", "fc", "140521", 2, 4)]  # fc: only district 140521 -> other districts unreachable
    B.append(Gen("b06_city_teams", 606, year=2026, districts={"140502": 3, "140521": 2, "140522": 2, "140524": 1,
                                                              "140581": 2, "140302": 1},
                 n_ent=700, teams=teams, dgrade_share=0.1, trig_n=25, budget=(40, 60)))
    # 7 tiny bureau
    B.append(Gen("b07_tiny", 707, year=2026, districts=("140502",), n_ent=20, officers_per_team=3,
                 trig_n=3, dgrade_share=0.15, recuse_n=3, budget=None))
    # 8 awkward: agency with exactly 2 officers; sectors with no items; Chinese labels; odd policy
    items = {"zj": [("zj-q", "工程质量安全检查", "《建设工程质量管理条例》", "construction;testing", False)],
             "rq": [("rq-a", "燃气经营安全检查", "《城镇燃气管理条例》", "gas;construction", False)]}
    teams = [("zj-140502", "zj", "140502", 2, 5), ("rq-140502", "rq", "140502", 5, 2)]
    B.append(Gen("b08_awkward", 808, year=2026, districts=("140502",), n_ent=150, agencies=("zj", "rq"),
                 items=items, teams=teams, dgrade_share=0.15, trig_n=8, recuse_n=4, leave_share=0.5,
                 cert_expire_share=0.0, budget=(30, 60), labels_zh=True,
                 policy={"tiers": {"A": {"sample_ratio": 0.05, "visits": 1}, "B": {"sample_ratio": 0.3, "visits": 1},
                                   "C": {"sample_ratio": 1.0, "visits": 1}, "D": {"sample_ratio": 1.0, "visits": 2}},
                         "sampling": "uniform_lottery"}))
    # 9 large realistic
    B.append(Gen("b09_large", 909, year=2026, districts=("140502", "140521", "140522", "140524", "140525", "140581"),
                 n_ent=2500, dgrade_share=0.06, trig_n=120, officers_per_team=6, budget=(30, 60),
                 leave_share=0.3, recuse_n=60))
    # 10 policy stress: D visits 3 but agency cap 2; repeat gap 150 days; 3 officers per agency
    B.append(Gen("b10_policy", 1010, year=2026, districts=("140502", "140521"), n_ent=300, dgrade_share=0.12,
                 trig_n=15, officers_per_team=7, budget=(40, 60),
                 policy={"tiers": {"A": {"sample_ratio": 0.03, "visits": 1}, "B": {"sample_ratio": 0.2, "visits": 1},
                                   "C": {"sample_ratio": 0.6, "visits": 2}, "D": {"sample_ratio": 1.0, "visits": 3}},
                         "officers_per_agency_on_visit": 3, "min_days_between_repeat_visits": 150,
                         "onsite_required_tiers": ["D", "C"]}))
    # 11 second city-team bureau (different seed, every agency only city-level except two local teams)
    teams = [("zj-140500", "zj", "140500", 3, 6), ("cg-140500", "cg", "140500", 3, 5), ("rq-140500", "rq", "140500", 2, 3),
             ("fc-140500", "fc", "140500", 2, 4), ("zj-140521", "zj", "140521", 2, 3), ("cg-140502", "cg", "140502", 2, 3)]
    B.append(Gen("b11_city_teams2", 1111, year=2026, districts={"140502": 3, "140521": 2, "140522": 2, "140524": 1, "140581": 2},
                 n_ent=900, teams=teams, dgrade_share=0.12, trig_n=40, budget=(35, 60), leave_share=0.3, recuse_n=30))
    return B


def post_b05(g):
    """Date edge cases for R-TIER and R-TRIGGER."""
    Y = g.year
    e = g.ents
    cr = g.files["credit_records.csv"]
    cg = g.files["credit_grades.csv"]
    tr = g.files["triggers.csv"]
    notes = {}
    def grade(eid, gr):
        cg[:] = [x for x in cg if x["enterprise_id"] != eid]
        cg.append(dict(enterprise_id=eid, grade=gr, rated_on=f"{Y-1}-10-31"))
    # serious dishonest recorded inside plan year, grade A -> must be D
    for k in range(0, 5):
        eid = e[k]["enterprise_id"]; grade(eid, "A")
        cr.append(dict(enterprise_id=eid, recorded_on=f"{Y}-0{k+1}-15", kind="serious_dishonest", expires_on="", note="in-year"))
        notes[eid] = "D: serious_dishonest dated in plan year"
    # serious expired before plan year -> not D (grade B)
    for k in range(5, 8):
        eid = e[k]["enterprise_id"]; grade(eid, "B")
        cr.append(dict(enterprise_id=eid, recorded_on=f"{Y-3}-03-01", kind="serious_dishonest", expires_on=f"{Y-1}-12-31", note="expired"))
        notes[eid] = "B: serious expired before year"
    # serious expiring on Jan 1 of plan year (not before the year) -> D
    for k in range(8, 10):
        eid = e[k]["enterprise_id"]; grade(eid, "A")
        cr.append(dict(enterprise_id=eid, recorded_on=f"{Y-2}-03-01", kind="serious_dishonest", expires_on=f"{Y}-01-01", note="expires Jan 1"))
        notes[eid] = "D: expires on Jan 1 of plan year"
    # serious then later repair -> not D (grade C)
    for k in range(10, 13):
        eid = e[k]["enterprise_id"]; grade(eid, "C")
        cr.append(dict(enterprise_id=eid, recorded_on=f"{Y-1}-03-01", kind="serious_dishonest", expires_on="", note=""))
        cr.append(dict(enterprise_id=eid, recorded_on=f"{Y-1}-09-01", kind="repair", expires_on="", note=""))
        notes[eid] = "C: repaired"
    # repair before serious -> D
    for k in range(13, 15):
        eid = e[k]["enterprise_id"]; grade(eid, "B")
        cr.append(dict(enterprise_id=eid, recorded_on=f"{Y-2}-03-01", kind="repair", expires_on="", note=""))
        cr.append(dict(enterprise_id=eid, recorded_on=f"{Y-1}-05-01", kind="serious_dishonest", expires_on="", note=""))
        notes[eid] = "D: repair precedes serious"
    # repair inside plan year after serious -> not D
    for k in range(15, 17):
        eid = e[k]["enterprise_id"]; grade(eid, "B")
        cr.append(dict(enterprise_id=eid, recorded_on=f"{Y-1}-05-01", kind="serious_dishonest", expires_on="", note=""))
        cr.append(dict(enterprise_id=eid, recorded_on=f"{Y}-03-01", kind="repair", expires_on="", note=""))
        notes[eid] = "B: repaired in plan year"
    # serious in plan year, recorded in Chinese label, with same-day repair (ambiguous) -> note
    eid = e[17]["enterprise_id"]; grade(eid, "B")
    cr.append(dict(enterprise_id=eid, recorded_on=f"{Y}-06-01", kind="serious_dishonest", expires_on="", note="same-day repair"))
    cr.append(dict(enterprise_id=eid, recorded_on=f"{Y}-06-01", kind="repair", expires_on="", note="same-day repair"))
    notes[eid] = "ambiguous: same-day serious+repair"
    # two grades: older D, newer A -> A (latest wins)
    for k in range(18, 20):
        eid = e[k]["enterprise_id"]
        cg[:] = [x for x in cg if x["enterprise_id"] != eid]
        cg.append(dict(enterprise_id=eid, grade="D", rated_on=f"{Y-2}-10-31"))
        cg.append(dict(enterprise_id=eid, grade="A", rated_on=f"{Y-1}-10-31"))
        notes[eid] = "A: latest grade"
    # triggers: late previous year, straddling the year, early plan year, late plan year
    ag = g.ag_for_sector
    dates = [(f"{Y-1}-12-10", "false"), (f"{Y-1}-12-20", "false"), (f"{Y-1}-12-28", "true"),
             (f"{Y-1}-12-30", "false"), (f"{Y-1}-12-31", "true"), (f"{Y}-01-01", "true"), (f"{Y}-01-02", "false"),
             (f"{Y}-01-04", "true"), (f"{Y}-01-05", "false"), (f"{Y}-02-06", "true"),  # inside invented spring festival
             (f"{Y}-12-20", "false"), (f"{Y}-12-28", "true"), (f"{Y}-12-31", "false")]
    k = 0
    for i, (d, u) in enumerate(dates):
        for j in (30 + 2 * i, 31 + 2 * i):
            ent = e[j]
            ags = sorted(ag.get(ent["sector"], []))
            if not ags:
                continue
            tr.append(dict(trigger_id=f"T{k:05d}", enterprise_id=ent["enterprise_id"], agency_id=ags[0],
                           received_on=d, kind=["complaint", "referral", "data_monitoring", "enterprise_request"][k % 4], urgent=u))
            k += 1
    # two triggers same enterprise same agency
    ent = e[70]; ags = sorted(ag.get(ent["sector"], []))
    if ags:
        for d in (f"{Y}-03-02", f"{Y}-03-04"):
            tr.append(dict(trigger_id=f"T{k:05d}", enterprise_id=ent["enterprise_id"], agency_id=ags[0], received_on=d, kind="complaint", urgent="false")); k += 1
    g.truth = notes


def post_b08(g):
    """Chinese labels in code columns; a 'other'-sector-heavy register."""
    for e in g.ents:
        e["sector"] = SECTOR_ZH[e["sector"]]
        e["size"] = SIZE_ZH[e["size"]]
        e["remote_monitoring"] = "是" if e["remote_monitoring"] == "true" else "否"
    for c in g.files["credit_records.csv"]:
        c["kind"] = KIND_ZH[c["kind"]]
    for it in g.item_rows:
        it["remote_allowed"] = "是" if it["remote_allowed"] == "true" else "否"
    for t in g.files["triggers.csv"]:
        t["urgent"] = "是" if t["urgent"] == "true" else "否"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/foreign31/bureaus"
    os.makedirs(out, exist_ok=True)
    truth = {}
    for g in bureaus():
        g.build()
        if g.name == "b05_dates":
            post_b05(g)
            truth[g.name] = g.truth
        if g.name == "b08_awkward":
            post_b08(g)
        for e in g.ents:
            assert uscc_ok(e["enterprise_id"]), e
        p = g.write(out)
        print(p, len(g.ents), "enterprises")
    with open(os.path.join(out, "truth.json"), "w") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
