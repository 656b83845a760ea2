"""Generator of large bureau bundles, written from /work/shared/spec only."""
import csv, json, os, random, shutil, sys, datetime as dt

CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(rng, district):
    body = "91" + district + "".join(rng.choice(CH[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    s = sum(CH.index(c) * w for c, w in zip(body, W))
    return body + CH[(31 - s % 31) % 31]


SECTORS = ["construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design",
           "testing", "ready_mix", "municipal", "other"]
SECTOR_W = [30, 8, 15, 6, 6, 4, 3, 4, 8, 4]

# agency -> items (item_id, name, basis, sectors, remote)
AGENCIES = {
    "hb": ("住房和城乡建设局", [("hb-q", "工程质量安全检查", "《建设工程质量管理条例》", "construction;supervision;survey_design;testing;ready_mix", False),
                         ("hb-m", "建筑市场行为检查", "《建筑法》", "construction;supervision;survey_design;testing;ready_mix", True)]),
    "um": ("城市管理局", [("um-s", "施工扬尘与渣土管理检查", "《大气污染防治法》", "municipal;property_mgmt;construction", False),
                      ("um-m", "市政设施维护检查", "《城市道路管理条例》", "municipal;property_mgmt;construction", True)]),
    "gas": ("燃气管理中心", [("gas-s", "燃气经营安全检查", "《城镇燃气管理条例》", "gas", False),
                        ("gas-d", "燃气监测数据核查", "《城镇燃气管理条例》", "gas", True)]),
    "re": ("房产服务中心", [("re-s", "商品房销售行为检查", "《城市房地产开发经营管理条例》", "real_estate;property_mgmt", True)]),
    "zj": ("建设工程质量监督站", [("zj-t", "检测机构资质检查", "《建设工程质量检测管理办法》", "testing;ready_mix", True),
                           ("zj-r", "预拌混凝土质量检查", "《建设工程质量管理条例》", "ready_mix", False)]),
    "ry": ("人民防空办公室", [("ry-w", "人防工程维护检查", "《人民防空法》", "property_mgmt;real_estate", False)]),
    "yl": ("园林绿化中心", [("yl-g", "绿化工程检查", "《城市绿化条例》", "municipal;construction", True)]),
    "kc": ("勘察设计管理处", [("kc-d", "勘察设计质量检查", "《建设工程勘察设计管理条例》", "survey_design", True)]),
}


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def gen(out, n, seed, city="1401", districts=("05", "06", "07", "08"), agencies=("hb", "um", "gas", "re"),
        team_enf=(6, 9), city_enf=(6, 8), budget=(40, 60), grade_w=(40, 35, 17, 8), scarce=None,
        inyear_credit=0, policy=None, triggers=120, follow=80, remote_share=0.3, team_cap=(2, 4),
        cert_expire_share=0.05, leave_share=0.3):
    rng = random.Random(seed)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    dcodes = [city + d for d in districts]
    citycode = city + "00"
    # enterprises
    ents = []
    seen = set()
    for i in range(n):
        d = rng.choice(dcodes)
        while True:
            e = uscc(rng, d)
            if e not in seen:
                seen.add(e); break
        sec = rng.choices(SECTORS, SECTOR_W)[0]
        size = rng.choices(["micro", "small", "medium", "large"], [40, 35, 18, 7])[0]
        rem = "true" if rng.random() < remote_share else "false"
        ents.append([e, f"某某{sec}有限公司{i}", d, sec, size, rng.randint(1, 3000),
                     f"{rng.randint(1990, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", f"某路{i}号", rem])
    write(f"{out}/enterprises.csv", ["enterprise_id", "name", "district_code", "sector", "size", "employees",
                                     "established_on", "address", "remote_monitoring"], ents)
    write(f"{out}/agencies.csv", ["agency_id", "name"], [[a, "某市" + AGENCIES[a][0]] for a in agencies])
    items = []
    for a in agencies:
        for it in AGENCIES[a][1]:
            items.append([it[0], a, it[1], it[2], it[3], "true" if it[4] else "false"])
    write(f"{out}/items.csv", ["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"], items)
    teams, offs = [], []
    year = 2027

    def mk_officers(team, k_enf, k_aux=2):
        for j in range(k_enf + k_aux):
            oid = f"{team}-{j:02d}"
            if j < k_enf:
                exp = "2030-06-30"
                if rng.random() < cert_expire_share:
                    exp = f"2027-{rng.randint(2, 11):02d}-15"
                b = rng.randint(*budget)
                offs.append([oid, "干部" + oid, team, "enforcement", f"证{rng.randint(10**7, 10**8)}", exp,
                             rng.randint(20, 90), b])
            else:
                offs.append([oid, "辅助" + oid, team, rng.choice(["auxiliary", "legal_review"]), "", "",
                             rng.randint(20, 90), ""])

    for a in agencies:
        if scarce and a == scarce[0]:
            t = f"{a}-{citycode}"
            teams.append([t, a, citycode, 2])
            mk_officers(t, scarce[1])
            continue
        for d in dcodes:
            t = f"{a}-{d}"
            teams.append([t, a, d, rng.randint(*team_cap)])
            mk_officers(t, rng.randint(*team_enf))
        t = f"{a}-{citycode}"
        teams.append([t, a, citycode, rng.randint(*team_cap)])
        mk_officers(t, rng.randint(*city_enf))
    write(f"{out}/teams.csv", ["team_id", "agency_id", "district_code", "max_visits_per_day"], teams)
    write(f"{out}/officers.csv", ["officer_id", "name", "team_id", "role", "certificate_no", "certificate_expires_on",
                                  "training_hours", "annual_visit_budget"], offs)
    # unavailability
    un = []
    for o in offs:
        if rng.random() < leave_share:
            s = dt.date(year, 1, 1) + dt.timedelta(rng.randint(0, 340))
            un.append([o[0], s.isoformat(), (s + dt.timedelta(rng.randint(2, 20))).isoformat(),
                       rng.choice(["leave", "training", "secondment"])])
    write(f"{out}/unavailability.csv", ["officer_id", "start_on", "end_on", "reason"], un)
    # recusals
    rec = []
    enf = [o[0] for o in offs if o[3] == "enforcement"]
    for _ in range(n // 50):
        rec.append([rng.choice(enf), rng.choice(ents)[0], "亲属关系"])
    write(f"{out}/recusals.csv", ["officer_id", "enterprise_id", "reason"], rec)
    # grades
    grades = []
    for e in ents:
        if rng.random() < 0.85:
            grades.append([e[0], rng.choices("ABCD", grade_w)[0], "2026-10-31"])
    write(f"{out}/credit_grades.csv", ["enterprise_id", "grade", "rated_on"], grades)
    # credit records
    cr = []
    for e in rng.sample(ents, n // 20):
        k = rng.choice(["good", "bad", "commendation", "bad"])
        r = dt.date(2025, 1, 1) + dt.timedelta(rng.randint(0, 700))
        exp = (r + dt.timedelta(rng.randint(180, 1000))).isoformat() if k == "bad" else ""
        cr.append([e[0], r.isoformat(), k, exp, ""])
    sd = rng.sample(ents, max(1, n // 200))
    for e in sd:  # older serious_dishonest, some repaired, some expired
        r = dt.date(2024, 1, 1) + dt.timedelta(rng.randint(0, 900))
        x = rng.random()
        if x < 0.3:
            cr.append([e[0], r.isoformat(), "serious_dishonest", "2026-06-30", "expired"])
        else:
            cr.append([e[0], r.isoformat(), "serious_dishonest", "", ""])
            if x < 0.5:
                cr.append([e[0], (r + dt.timedelta(100)).isoformat(), "repair", "", "repaired"])
    inyear = []
    for e in rng.sample([e for e in ents if e not in sd], inyear_credit):
        r = dt.date(2027, 1, 1) + dt.timedelta(rng.randint(0, 300))
        kind = rng.random()
        if kind < 0.6:
            cr.append([e[0], r.isoformat(), "serious_dishonest", "", "in-year listing"])
            inyear.append(e[0])
        elif kind < 0.8:
            cr.append([e[0], r.isoformat(), "serious_dishonest", "", "in-year, later repaired"])
            cr.append([e[0], (r + dt.timedelta(30)).isoformat(), "repair", "", "in-year repair"])
        else:
            cr.append([e[0], r.isoformat(), "serious_dishonest", "2027-12-31", "in-year, expires in year"])
            inyear.append(e[0])
    write(f"{out}/credit_records.csv", ["enterprise_id", "recorded_on", "kind", "expires_on", "note"], cr)
    # history
    sec_ag = {}
    for a in agencies:
        for it in AGENCIES[a][1]:
            for s in it[3].split(";"):
                sec_ag.setdefault(s, set()).add(a)
    ins = []
    hid = 0
    for e in rng.sample(ents, n // 5):
        ags = sorted(sec_ag.get(e[3], []))
        if not ags:
            continue
        a = rng.choice(ags)
        ins.append([f"H{hid:07d}", e[0], a, (dt.date(2026, 1, 5) + dt.timedelta(rng.randint(0, 340))).isoformat(), "",
                    rng.choices(["compliant", "minor", "violation", "serious"], [60, 25, 10, 5])[0], "true"])
        hid += 1
    fu = [e for e in ents if sec_ag.get(e[3])]
    for e in rng.sample(fu, follow):
        a = rng.choice(sorted(sec_ag[e[3]]))
        ins.append([f"H{hid:07d}", e[0], a, (dt.date(2026, 3, 1) + dt.timedelta(rng.randint(0, 280))).isoformat(), "",
                    rng.choice(["violation", "serious"]), "false"])
        hid += 1
    write(f"{out}/inspections.csv", ["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                     "outcome", "rectified"], ins)
    trg = []
    for i in range(triggers):
        e = rng.choice(fu)
        a = rng.choice(sorted(sec_ag[e[3]]))
        r = dt.date(2027, 1, 2) + dt.timedelta(rng.randint(0, 340))
        trg.append([f"T{i:05d}", e[0], a, r.isoformat(), rng.choice(["complaint", "referral", "data_monitoring",
                                                                        "enterprise_request"]),
                    "true" if rng.random() < 0.25 else "false"])
    write(f"{out}/triggers.csv", ["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"], trg)
    shutil.copy("/work/shared/spec/example/calendar.csv", f"{out}/calendar.csv")
    pol = {"year": 2027, "seed": f"foreign35-{seed}"}
    pol.update(policy or {})
    json.dump(pol, open(f"{out}/policy.json", "w"), ensure_ascii=False, indent=1)
    json.dump({"inyear_dishonest": inyear}, open(f"{out}.meta.json", "w"))


if __name__ == "__main__":
    which = sys.argv[1]
    base = "/tmp/foreign35/bundles"
    os.makedirs(base, exist_ok=True)
    if which == "b1":  # 5,000 firms, tight officer budget: tier D cannot all be visited
        gen(f"{base}/b1", 5000, 1, districts=("05", "06", "07"), agencies=("hb", "um", "gas", "re"),
            team_enf=(3, 5), city_enf=(3, 4), budget=(15, 30), grade_w=(30, 30, 20, 20), triggers=150, follow=120)
    elif which == "b2":  # 8,000: scarce gas agency (one city team, 3 certified), in-year credit listings
        gen(f"{base}/b2", 8000, 2, districts=("05", "06", "07", "08", "09"),
            agencies=("hb", "um", "gas", "re", "zj", "ry"), scarce=("gas", 3), inyear_credit=120,
            triggers=200, follow=100)
    elif which == "b3":  # 12,000: policy variations
        gen(f"{base}/b3", 12000, 3, districts=("02", "03", "05", "06", "07", "08"),
            agencies=("hb", "um", "gas", "re", "zj", "ry", "yl", "kc"), remote_share=0.5,
            policy={"sampling": "uniform_lottery", "min_lottery_weight": 0.2,
                    "tiers": {"A": {"sample_ratio": 0.0, "visits": 1}, "B": {"sample_ratio": 1.0, "visits": 1},
                              "C": {"sample_ratio": 0.35, "visits": 1}, "D": {"sample_ratio": 1.0, "visits": 2}},
                    "max_entries_per_enterprise": 2, "min_days_between_visits": 45,
                    "min_days_between_repeat_visits": 120, "officers_per_agency_on_visit": 2,
                    "max_visits_per_officer_per_day": 3, "max_visits_per_officer_per_year": 80,
                    "onsite_required_tiers": ["C", "D"], "trigger_within_workdays": 10, "urgent_within_workdays": 2},
            triggers=250, follow=150)
    elif which == "b4":  # 20,000: eight agencies, weighted lottery with high min weight, tight-ish
        gen(f"{base}/b4", 20000, 4, districts=("02", "03", "05", "06", "07", "08", "09", "10"),
            agencies=("hb", "um", "gas", "re", "zj", "ry", "yl", "kc"), budget=(25, 45),
            policy={"min_lottery_weight": 0.3, "tiers": {"A": {"sample_ratio": 0.02, "visits": 1},
                                                         "B": {"sample_ratio": 0.1, "visits": 1},
                                                         "C": {"sample_ratio": 0.5, "visits": 1},
                                                         "D": {"sample_ratio": 1.0, "visits": 2}}},
            inyear_credit=200, triggers=400, follow=200)
