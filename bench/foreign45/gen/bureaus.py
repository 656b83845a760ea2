"""foreign45 bureaus: written from /work/shared/spec (bundle.md, rules.md, plan.md) alone.
Usage: python bureaus.py OUTDIR"""
import sys, datetime as dt
from common import Bundle, D, WORKDAYS

SECT_ALL = {"construction": 30, "municipal": 15, "gas": 12, "property_mgmt": 12, "real_estate": 10,
            "supervision": 5, "testing": 4, "ready_mix": 4, "survey_design": 3, "other": 5}

def rand_leaves(bu, offs, nblocks=(1, 3), length=(5, 25)):
    rng = bu.rng
    for o in offs:
        for _ in range(rng.randint(*nblocks)):
            s = D(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 340))
            e = s + dt.timedelta(days=rng.randint(*length) - 1)
            bu.leave(o, s, min(e, D(2027, 12, 31)), rng.choice(["leave", "training", "secondment"]))

# ---------------------------------------------------------------- B1
def b1_overlap():
    bu = Bundle("b1_overlap", 4501)
    bu.add_agencies(["hb", "um", "gas"])
    ds = ["140702", "140703"]
    bu.policy.update({"tiers": {"A": {"sample_ratio": 0.05, "visits": 1}, "B": {"sample_ratio": 0.2, "visits": 1},
                                "C": {"sample_ratio": 0.5, "visits": 1}, "D": {"sample_ratio": 1.0, "visits": 2}},
                      "max_entries_per_enterprise": 2, "min_days_between_visits": 30, "min_days_between_repeat_visits": 90})
    ents = bu.add_enterprises(520, ds, {"municipal": 40, "gas": 22, "construction": 20, "property_mgmt": 10, "other": 8},
                              [10, 40, 30, 20], remote_p=0.4)
    gas_offs, um_offs = [], []
    for d in ds:
        bu.team(f"hb-{d}", "hb", d, 3, 5)
        g = bu.team(f"gas-{d}", "gas", d, 2, 5, cert="2027-06-30")      # certificates end with June
        for o in g: bu.leave(o, D(2027, 1, 1), D(2027, 1, 31), "training")  # and nobody before February
        u = bu.team(f"um-{d}", "um", d, 2, 5)
        for o in u:
            bu.leave(o, D(2027, 1, 1), D(2027, 4, 30), "secondment")       # um present May..October only
            bu.leave(o, D(2027, 11, 1), D(2027, 12, 31), "secondment")
        gas_offs += g; um_offs += u
    # triggers: gas in March (must be met), gas in August (gas absent: shortfall), um in March (absent: shortfall), um in July (met)
    muni = [e for e in ents if e["sector"] == "municipal"]
    gasf = [e for e in ents if e["sector"] == "gas"]
    t_ok = [bu.trigger(gasf[i]["enterprise_id"], "gas", D(2027, 3, 10 + i), "complaint", i % 2 == 0) for i in range(4)]
    t_ok += [bu.trigger(muni[i]["enterprise_id"], "um", D(2027, 7, 5 + i), "complaint", i % 2 == 1) for i in range(4)]
    t_no = [bu.trigger(gasf[10 + i]["enterprise_id"], "gas", D(2027, 8, 2 + i), "complaint", False) for i in range(3)]
    t_no += [bu.trigger(muni[10 + i]["enterprise_id"], "um", D(2027, 3, 1 + i), "referral", True) for i in range(3)]
    bu.truth.update({"triggers_must_meet": t_ok, "triggers_must_shortfall": t_no,
                     "present": {"gas": ["2027-02-01", "2027-06-30"], "um": ["2027-05-01", "2027-10-31"]}})
    bu.notes += [
        "gas officers: certificates expire 2027-06-30 and all on training in January => gas can only visit Feb 1..Jun 30.",
        "um officers: seconded Jan 1..Apr 30 and Nov 1..Dec 31 => um only May..Oct.",
        "max_entries_per_enterprise=2, gap 30, repeat 90. A tier-D municipal firm owes gas x2 + um x2 on-site: at most 3 of the 4 "
        "agency-visits fit (gas1 alone Feb-Mar, joint gas2+um1 late May-June >=90 days later; um2 would need a third entry). "
        "A correct plan places 3 and lists 1 shortfall per such firm (binding: entry cap/gap/agency windows), never 4, and never 2 where capacity allows 3.",
        "Tier-D gas firms owe 2 gas visits >=90 days apart inside Feb1..Jun30: possible (e.g. Feb + May/June).",
        "Triggers t_ok must be met in their window; t_no (gas in August, um in March) must be shortfalls.",
    ]
    return bu

# ---------------------------------------------------------------- B2
def b2_recuse_leave():
    bu = Bundle("b2_recuse_leave", 4502)
    bu.add_agencies(["hb", "um", "re"])
    ds = ["141002", "141021", "141022"]
    ents = bu.add_enterprises(800, ds, {"construction": 35, "property_mgmt": 20, "real_estate": 15, "municipal": 15,
                                         "supervision": 5, "testing": 5, "other": 5}, [15, 45, 28, 12], remote_p=0.3)
    teams = {}
    for d in ds:
        for a in ["hb", "um", "re"]:
            teams[(a, d)] = bu.team(f"{a}-{d}", a, d, 2, 5, n_aux=2, n_legal=1)
            rand_leaves(bu, teams[(a, d)])
    city = bu.team("hb-141000", "hb", "141000", 2, 3, n_aux=1)
    rand_leaves(bu, city, (1, 2))
    rng = bu.rng
    hb_secs = {"construction", "supervision", "testing"}
    hbD = [e for e in ents if e["sector"] in hb_secs]
    # group 1: 40 hb firms where only 2 local hb officers are not recused, and those two have staggered long leave
    g1 = hbD[:40]
    for e in g1:
        offs = teams[("hb", e["district_code"])]
        for o in offs[2:]:
            bu.recuse(o, e["enterprise_id"])
    for d in ds:
        o0, o1 = teams[("hb", d)][:2]
        bu.leave(o0, D(2027, 3, 1), D(2027, 5, 31), "leave")
        bu.leave(o1, D(2027, 6, 1), D(2027, 8, 31), "leave")
    # group 2: 15 firms graded D where every hb officer able to reach them but one is recused => hb impossible
    g2 = hbD[40:55]
    for e in g2:
        for o in teams[("hb", e["district_code"])]:
            bu.recuse(o, e["enterprise_id"])
        for o in city[:2]:
            bu.recuse(o, e["enterprise_id"])
        bu.grades = [g for g in bu.grades if g[0] != e["enterprise_id"]] + [(e["enterprise_id"], "D", "2026-11-30")]
    # group 3: 6 municipal/property firms graded D, every um officer of their district recused => um impossible (no city um team)
    umf = [e for e in ents if e["sector"] in ("municipal", "property_mgmt")][:6]
    for e in umf:
        for o in teams[("um", e["district_code"])]:
            bu.recuse(o, e["enterprise_id"])
        bu.grades = [g for g in bu.grades if g[0] != e["enterprise_id"]] + [(e["enterprise_id"], "D", "2026-11-30")]
    # random recusals
    for e in ents:
        for a in ["hb", "um", "re"]:
            for o in teams[(a, e["district_code"])]:
                if rng.random() < 0.06:
                    bu.recuse(o, e["enterprise_id"], "曾任职")
    # 2026 unrectified violations => follow-ups
    fu = []
    for e in rng.sample(ents, 40):
        a = {"construction": "hb", "supervision": "hb", "testing": "hb", "municipal": "um", "property_mgmt": "re",
             "real_estate": "re"}.get(e["sector"])
        if a:
            bu.add_insp(e["enterprise_id"], a, D(2026, rng.randint(1, 11), rng.randint(1, 28)), "violation", False)
            fu.append((e["enterprise_id"], a))
    bu.truth.update({"hb_impossible": [e["enterprise_id"] for e in g2], "um_impossible": [e["enterprise_id"] for e in umf],
                     "two_officer_firms": [e["enterprise_id"] for e in g1], "follow_ups": fu})
    bu.notes += [
        "Each district team has 5 enforcement officers, 2 auxiliaries and 1 legal reviewer (auxiliaries/legal carry certificate numbers: they never count).",
        "g1 (40 hb firms): 3 of 5 local hb officers recused; the other two are on leave Mar-May and Jun-Aug respectively; hb-141000 city team (3 officers) can also go.",
        "g2 (15 firms, official grade D): all local hb officers and 2 of 3 city hb officers recused => no hb pair exists: hb visits must be shortfalls (R-RECUSE/R-PAIR), um/re visits still made.",
        "g3 (6 firms, grade D): all um officers of the district recused, no city um team => um shortfall.",
    ]
    return bu

# ---------------------------------------------------------------- B3
def b3_city_shared():
    bu = Bundle("b3_city_shared", 4503)
    bu.add_agencies(["hb", "um", "gas", "re"])
    ds = ["140105", "140106", "140107", "140108", "140109"]
    ents = bu.add_enterprises(950, ds, SECT_ALL, [12, 45, 30, 13], remote_p=0.35)
    ents += bu.add_enterprises(80, "140212", SECT_ALL, [12, 45, 30, 13], remote_p=0.35, tag="大同")
    cityhb = bu.team("hb-140100", "hb", "140100", 3, 6)
    bu.team("hb-140105", "hb", "140105", 2, 4)
    bu.team("hb-140106", "hb", "140106", 2, 4)
    bu.team("hb-140200", "hb", "140200", 2, 4)          # Datong's city-level team: only 1402xx
    for d in ds + ["140212"]:
        bu.team(f"um-{d}", "um", d, 2, 4)
    bu.team("gas-140100", "gas", "140100", 3, 5)         # no gas team can reach 140212
    bu.team("re-140100", "re", "140100", 2, 3, budget=25)
    bu.team("re-140105", "re", "140105", 2, 4)
    bu.truth.update({"no_gas_team": "140212", "city_teams": {"140100": "1401", "140200": "1402"}})
    bu.notes += [
        "hb: city team hb-140100 (6 officers) serves all 5 Taiyuan districts, local teams only in 140105/140106; 140107-09 depend on the city team.",
        "hb-140200 (Datong city-level) may serve 140212 only, never a 1401xx district; 140105's team never works in 140106 (R-TEAM).",
        "gas has only gas-140100: gas requirements of 140212 firms are impossible (shortfall naming R-TEAM / no team).",
        "re: re-140100 has 3 officers with budget 25 each (~37 pair visits) shared by five districts; local re-140105.",
        "R-PRIORITY across districts: rules.md forbids any lower-class visit using a budget an unmet higher-class requirement could use; plan.md inv.11 says 'same agency and district' (ambiguity).",
    ]
    return bu

# ---------------------------------------------------------------- B4
def b4_complaints():
    bu = Bundle("b4_complaints", 4504)
    bu.add_agencies(["hb", "um", "gas"])
    ds = ["140403", "140404", "140405"]
    bu.policy.update({"trigger_within_workdays": 10, "urgent_within_workdays": 2})
    ents = bu.add_enterprises(700, ds, {"construction": 35, "municipal": 20, "gas": 20, "property_mgmt": 10,
                                         "supervision": 5, "other": 10}, [15, 45, 28, 12], remote_p=0.3)
    teams = {}
    for d in ds:
        for a in ["hb", "um", "gas"]:
            teams[(a, d)] = bu.team(f"{a}-{d}", a, d, 2, 4)
            rand_leaves(bu, teams[(a, d)], (1, 2))
    teams[("hb", "city")] = bu.team("hb-140400", "hb", "140400", 2, 4)
    rng = bu.rng
    app = {"construction": ["hb", "um"], "municipal": ["um", "gas"], "gas": ["gas"], "property_mgmt": ["um"], "supervision": ["hb"]}
    tr = {"random": [], "holiday": [], "burst": [], "no_team": [], "inapplicable": [], "yearend": [], "weekend": []}
    pool = [e for e in ents if e["sector"] in app]
    for i in range(110):
        e = rng.choice(pool); a = rng.choice(app[e["sector"]])
        day = D(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 355))
        tr["random"].append(bu.trigger(e["enterprise_id"], a, day, rng.choice(["complaint", "referral", "data_monitoring", "enterprise_request"]), rng.random() < 0.3))
    for i in range(8):   # before national day and spring festival, urgent
        e = rng.choice(pool); a = rng.choice(app[e["sector"]])
        tr["holiday"].append(bu.trigger(e["enterprise_id"], a, D(2027, 9, 30) if i < 4 else D(2027, 2, 4), "complaint", True))
    for i in range(3):   # received on a weekend / holiday
        e = rng.choice(pool); a = rng.choice(app[e["sector"]])
        tr["weekend"].append(bu.trigger(e["enterprise_id"], a, [D(2027, 10, 3), D(2027, 5, 2), D(2027, 3, 6)][i], "complaint", True))
    # burst: 12 urgent gas complaints in one district on one day (team cap 2/day, no gas city team)
    gas404 = [e for e in ents if e["sector"] == "gas" and e["district_code"] == "140404"]
    for e in gas404[:12]:
        tr["burst"].append(bu.trigger(e["enterprise_id"], "gas", D(2027, 6, 15), "data_monitoring", True))
    # um team 140405 entirely on leave 2027-08-02..2027-08-27: um complaints there in that span can't be met
    for o in teams[("um", "140405")]:
        bu.leave(o, D(2027, 8, 2), D(2027, 8, 27), "training")
    um405 = [e for e in ents if e["district_code"] == "140405" and "um" in app.get(e["sector"], [])]
    for i, e in enumerate(um405[:5]):
        tr["no_team"].append(bu.trigger(e["enterprise_id"], "um", D(2027, 8, 3 + i), "complaint", i % 2 == 0))
    # hb team 140403 on leave in April: city team must cover the hb complaints
    for o in teams[("hb", "140403")]:
        bu.leave(o, D(2027, 4, 1), D(2027, 4, 30), "training")
    hb403 = [e for e in ents if e["district_code"] == "140403" and e["sector"] in ("construction", "supervision")]
    tr["city_cover"] = [bu.trigger(e["enterprise_id"], "hb", D(2027, 4, 8 + i), "complaint", True) for i, e in enumerate(hb403[:4])]
    # gas complaint against a construction firm: gas has no item for construction (spec ambiguity)
    con = [e for e in ents if e["sector"] == "construction"]
    tr["inapplicable"] = [bu.trigger(con[0]["enterprise_id"], "gas", D(2027, 5, 10), "complaint", False)]
    tr["yearend"] = [bu.trigger(con[1]["enterprise_id"], "hb", D(2027, 12, 30), "complaint", True),
                     bu.trigger(con[2]["enterprise_id"], "hb", D(2027, 12, 31), "complaint", False)]
    # repeated complaints at one firm
    e = con[3]
    tr["repeat"] = [bu.trigger(e["enterprise_id"], "hb", D(2027, 3, 1 + 2 * i), "complaint", True) for i in range(3)]
    bu.truth.update({"triggers": tr})
    bu.notes += [
        "policy: trigger window 10 working days, urgent 2.",
        "burst: 12 urgent gas triggers in 140404 on 2027-06-15 (Tue); gas-140404 takes 2 visits/day, 4 officers x2/day; window 06-15..06-17 => at most 6 met (minus leave); the rest shortfalls.",
        "no_team: um-140405 all on training 08-02..08-27: those um triggers are shortfalls (no city um team).",
        "city_cover: hb-140403 all on training in April, hb-140400 (city) must cover.",
        "holiday: urgent triggers received 09-30 / 02-04: windows run over the National Day / Spring Festival calendar with make-up Saturdays 10-09 / 02-13.",
        "inapplicable: a gas complaint at a construction firm (gas has no item for construction): spec does not say (R-ITEM vs R-TRIGGER).",
        "yearend: 12-30/12-31 triggers: window runs past the year.",
    ]
    return bu

# ---------------------------------------------------------------- B5
def b5_tight_budget():
    bu = Bundle("b5_tight_budget", 4505)
    bu.add_agencies(["hb", "um", "re"])
    ds = ["140802", "140821", "140822"]
    bu.policy.update({"tiers": {"A": {"sample_ratio": 0.03, "visits": 1}, "B": {"sample_ratio": 0.2, "visits": 1},
                                "C": {"sample_ratio": 0.6, "visits": 1}, "D": {"sample_ratio": 1.0, "visits": 2}}})
    ents = bu.add_enterprises(1200, ds, {"construction": 35, "property_mgmt": 20, "real_estate": 15, "municipal": 15,
                                          "supervision": 5, "testing": 5, "other": 5}, [10, 35, 30, 25], remote_p=0.25)
    rng = bu.rng
    for a in ["hb", "um", "re"]:
        bu.team(f"{a}-140802", a, "140802", 4, 8, budget=60)
        bu.team(f"{a}-140821", a, "140821", 2, 4, budget=lambda k: [12, 15, 18, 20][k])
        bu.team(f"{a}-140822", a, "140822", 3, 6, budget=lambda k: 25 + 3 * k)
    fu = []
    for e in rng.sample(ents, 90):
        a = {"construction": "hb", "supervision": "hb", "testing": "hb", "municipal": "um", "property_mgmt": "re",
             "real_estate": "re"}.get(e["sector"])
        if a:
            bu.add_insp(e["enterprise_id"], a, D(2026, rng.randint(1, 12), rng.randint(1, 28)), rng.choice(["violation", "serious"]), False)
            fu.append((e["enterprise_id"], a))
    app = {"construction": ["hb", "um"], "municipal": ["um"], "property_mgmt": ["um", "re"], "real_estate": ["re"], "supervision": ["hb"], "testing": ["hb"]}
    for i in range(40):
        e = rng.choice([x for x in ents if x["sector"] in app])
        bu.trigger(e["enterprise_id"], rng.choice(app[e["sector"]]), D(2027, 1, 1) + dt.timedelta(days=rng.randint(5, 350)), "complaint", rng.random() < 0.25)
    bu.truth.update({"follow_ups": fu, "tight_district": "140821"})
    bu.notes += [
        "140821: each agency's only team has 4 officers with budgets 12/15/18/20 (=32 pair visits a year) against ~100 mandatory agency-visits: triggers and follow-ups first, then mandatory; no sampled visit of that agency may be there while a mandatory is unmet (R-PRIORITY).",
        "140822: 6 officers budget 25..40: borderline. 140802: ample.",
    ]
    return bu

# ---------------------------------------------------------------- B6
def b6_dishonest_cert():
    bu = Bundle("b6_dishonest_cert", 4506)
    bu.add_agencies(["hb", "um", "gas", "re"])
    ds = ["141102", "141121"]
    ents = bu.add_enterprises(900, ds, SECT_ALL, [15, 40, 30, 15], remote_p=0.3, graded_share=1.0)
    rng = bu.rng
    gi = {g[0]: i for i, g in enumerate(bu.grades)}
    def setgrade(eid, g, rated="2026-10-31"):
        for j, row in enumerate(bu.grades):
            if row[0] == eid and row[2] == "2026-10-31":
                bu.grades[j] = (eid, g, rated)
    cand = [e for e in ents if e["sector"] != "other" and bu.grades[gi[e["enterprise_id"]]][1] in "AB"]
    rng.shuffle(cand)
    groups = {}
    def take(n): 
        out = cand[:n]; del cand[:n]; return [e["enterprise_id"] for e in out]
    lab = lambda i, en, zh: zh if i % 2 else en
    groups["in_year_sd"] = take(30)
    for i, eid in enumerate(groups["in_year_sd"]):
        bu.credit.append((eid, str(D(2027, 1 + i % 11, 1 + i % 27)), lab(i, "serious_dishonest", "严重失信主体名单"), "", "年内列入"))
    groups["sd_then_repair_2027"] = take(10)
    for i, eid in enumerate(groups["sd_then_repair_2027"]):
        bu.credit.append((eid, "2026-06-01", "serious_dishonest", "", ""))
        bu.credit.append((eid, str(D(2027, 5, 1 + i)), lab(i, "repair", "信用修复"), "", "年内修复"))
    groups["repair_then_sd"] = take(10)
    for i, eid in enumerate(groups["repair_then_sd"]):
        bu.credit.append((eid, "2026-03-01", lab(i, "repair", "信用修复"), "", ""))
        bu.credit.append((eid, "2026-08-01", "serious_dishonest", "", ""))
    groups["sd_expired_2026"] = take(10)
    for eid in groups["sd_expired_2026"]:
        bu.credit.append((eid, "2024-01-01", "serious_dishonest", "2026-12-31", ""))
    groups["sd_expires_2027_01_01"] = take(10)
    for eid in groups["sd_expires_2027_01_01"]:
        bu.credit.append((eid, "2024-01-01", "serious_dishonest", "2027-01-01", ""))
    groups["sd_in_year_expires_in_year"] = take(8)
    for eid in groups["sd_in_year_expires_in_year"]:
        bu.credit.append((eid, "2027-06-01", "严重失信主体名单", "2027-09-30", ""))
    groups["sd_2027_repair_2027_later"] = take(6)
    for eid in groups["sd_2027_repair_2027_later"]:
        bu.credit.append((eid, "2027-02-01", "serious_dishonest", "", ""))
        bu.credit.append((eid, "2027-04-01", "repair", "", ""))
    groups["grade_D_then_B"] = take(10)
    for i, eid in enumerate(groups["grade_D_then_B"]):
        setgrade(eid, "B", "2026-10-31")
        bu.grades.insert(0 if i % 2 else len(bu.grades), (eid, "D", "2025-10-31"))
    groups["grade_B_then_D"] = take(6)
    for i, eid in enumerate(groups["grade_B_then_D"]):
        setgrade(eid, "D", "2026-10-31")
        bu.grades.append((eid, "B", "2025-10-31"))
    # bad records galore (do not force D)
    for e in rng.sample(ents, 60):
        bu.credit.append((e["enterprise_id"], str(D(2026, rng.randint(1, 12), 5)), "bad", str(D(2028, 1, 1)), ""))
    # officers: certificates expiring mid-year
    def cert(k):
        return ["2027-03-31", "2027-03-31", "2027-05-31", "2026-12-31", "2029-12-31"][k]
    for d in ds:
        for a in ["hb", "um", "gas", "re"]:
            offs = bu.team(f"{a}-{d}", a, d, 1, 5, cert=cert)
            rand_leaves(bu, offs, (0, 2), (5, 15))
    city = bu.team("hb-141100", "hb", "141100", 2, 3, cert=lambda k: ["2027-06-30", "2027-06-30", "2029-12-31"][k])
    bu.truth.update({"credit_groups": groups,
                     "expect_D": groups["in_year_sd"] + groups["repair_then_sd"] + groups["sd_expires_2027_01_01"] + groups["sd_in_year_expires_in_year"] + groups["grade_B_then_D"],
                     "expect_not_D_grade_B": groups["sd_then_repair_2027"] + groups["sd_expired_2026"] + groups["sd_2027_repair_2027_later"] + groups["grade_D_then_B"]})
    bu.notes += [
        "Every firm has an official grade (A/B) for the special groups; serious_dishonest rules decide D.",
        "Each local team (max 1 visit/day): 5 enforcement officers with certificates to 03-31, 03-31, 05-31, 2026-12-31 (never valid), 2029: after May 31 only one certified officer remains locally => no local pair after 05-31; Apr 1..May 31 pair = officers 2 and 4 only.",
        "hb-141100 city team: 2 certs end 06-30, one 2029 => hb city pair only until Jun 30.",
        "Tier-D firms owe 2 visits >=90 days apart, the second by May 31 (local) => first by ~Mar 2. Many D shortfalls are expected; each must name R-CERT / capacity truthfully.",
    ]
    return bu

# ---------------------------------------------------------------- B7
def b7_mixed():
    bu = Bundle("b7_mixed", 4507)
    bu.add_agencies(["hb", "um", "gas", "re"])
    ds = ["140902", "140921", "140922", "140923"]
    bu.policy.update({"sampling": "uniform_lottery", "max_entries_per_enterprise": 3, "min_days_between_visits": 45,
                      "min_days_between_repeat_visits": 120,
                      "tiers": {"A": {"sample_ratio": 0.05, "visits": 1}, "B": {"sample_ratio": 0.25, "visits": 1},
                                "C": {"sample_ratio": 0.5, "visits": 1}, "D": {"sample_ratio": 1.0, "visits": 2}}})
    ents = bu.add_enterprises(1450, ds, SECT_ALL, [12, 45, 30, 13], remote_p=0.6)
    rng = bu.rng
    teams = {}
    for d in ds:
        teams[("hb", d)] = bu.team(f"hb-{d}", "hb", d, 3, 5, budget=lambda k: 30 + 5 * k)
        teams[("um", d)] = bu.team(f"um-{d}", "um", d, 2, 4)
        teams[("re", d)] = bu.team(f"re-{d}", "re", d, 2, 3, cert=lambda k: ["2027-08-31", "2029-01-01", "2029-01-01"][k])
        g = bu.team(f"gas-{d}", "gas", d, 2, 4, cert="2027-09-30")
        for o in g: bu.leave(o, D(2027, 1, 1), D(2027, 3, 31), "training")   # gas present Apr..Sep
        teams[("gas", d)] = g
        for a in ("hb", "um", "re"):
            rand_leaves(bu, teams[(a, d)], (1, 2))
    cu = bu.team("um-140900", "um", "140900", 2, 4)
    for o in cu:
        bu.leave(o, D(2027, 1, 1), D(2027, 6, 30), "secondment")   # city um present Jul..Dec
    for e in ents:
        if rng.random() < 0.1:
            o = rng.choice(teams[("hb", e["district_code"])] + teams[("um", e["district_code"])])
            bu.recuse(o, e["enterprise_id"])
    sd = [e for e in ents if e["sector"] in ("gas", "municipal")][:20]
    for i, e in enumerate(sd):
        bu.credit.append((e["enterprise_id"], str(D(2027, 2 + i % 9, 10)), "serious_dishonest", "", ""))
    fu = []
    for e in rng.sample(ents, 50):
        a = {"construction": "hb", "municipal": "um", "gas": "gas", "property_mgmt": "re", "real_estate": "re"}.get(e["sector"])
        if a:
            bu.add_insp(e["enterprise_id"], a, D(2026, rng.randint(1, 12), rng.randint(1, 28)), "violation", False)
            fu.append((e["enterprise_id"], a))
    app = {"construction": ["hb", "um"], "municipal": ["um", "gas"], "gas": ["gas"], "property_mgmt": ["um", "re"], "real_estate": ["re"]}
    for i in range(60):
        e = rng.choice([x for x in ents if x["sector"] in app])
        bu.trigger(e["enterprise_id"], rng.choice(app[e["sector"]]), D(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 360)), "complaint", rng.random() < 0.3)
    bu.truth.update({"expect_D": [e["enterprise_id"] for e in sd], "follow_ups": fu})
    bu.notes += [
        "uniform lottery; entries cap 3, gap 45, repeat 120; remote monitoring at 60% (R-REMOTE bites for tiers A-C).",
        "gas present Apr..Sep only (training Q1, certificates end 09-30): tier-D gas firms need visits >=120 days apart within Apr1..Sep30 (183 days): feasible but tight.",
        "um city team present Jul..Dec only; re officer 0 certificate ends 08-31 (re teams have 3: after Aug only a pair).",
        "20 gas/municipal firms get serious_dishonest dated inside 2027 => D.",
    ]
    return bu

# ---------------------------------------------------------------- B8
def b8_city_priority():
    bu = Bundle("b8_city_priority", 4508)
    bu.add_agencies(["hb", "um", "re"])
    ds = ["140302", "140303", "140311", "140321"]
    # district 140302 is D-heavy, the others mostly B/C
    ents = bu.add_enterprises(450, "140302", {"construction": 60, "supervision": 10, "testing": 10, "property_mgmt": 10, "other": 10}, [5, 20, 25, 50], remote_p=0.2)
    for d in ds[1:]:
        ents += bu.add_enterprises(350, d, {"construction": 50, "supervision": 10, "testing": 10, "property_mgmt": 15, "real_estate": 10, "other": 5}, [15, 45, 35, 5], remote_p=0.2)
    # hb: city-level teams only, small budgets
    bu.team("hb-140300", "hb", "140300", 3, 6, budget=lambda k: [40, 40, 35, 35, 30, 30][k])
    bu.team("hb-140399", "hb", "140300", 2, 4, budget=30)   # a second city-level team (code 140300)
    for d in ds:
        u = bu.team(f"um-{d}", "um", d, 2, 4, budget=40)
        rand_leaves(bu, u, (1, 2))
        bu.team(f"re-{d}", "re", d, 2, 3)
    bu.team("um-140300", "um", "140300", 2, 4, budget=30)
    bu.notes += [
        "hb has no district team: two city-level teams (hb-140300: 6 officers budgets 40/40/35/35/30/30 = 105 pair visits; hb-140399 4x30 = 60) serve all four districts => ~165 hb pair-visits a year.",
        "140302 holds ~190 tier-D hb firms (≈380 mandatory hb visits) alone: hb mandatory demand exceeds all hb capacity, so a correct plan has NO sampled hb visit in any district (rules.md R-PRIORITY: no lower-class visit uses an officer's annual budget an unmet higher-class requirement could have used).",
        "plan.md inv.11 narrows it to 'sampled visit of the same agency and district': sampled hb visits in 140303/311/321 are then a spec ambiguity, not a defect by that clause.",
    ]
    return bu

# ---------------------------------------------------------------- B9 (minimal reproduction of the reserve finding)
def b9_reserve_min():
    bu = Bundle("b9_reserve_min", 4509)
    bu.add_agencies(["hb"])
    ents = bu.add_enterprises(300, "140502", {"construction": 100}, [0, 0, 0, 100], remote_p=0.0, graded_share=1.0)
    bu.insp = []
    bu.team("hb-140502", "hb", "140502", 1, 2, budget=400, n_aux=0)
    bu.notes += [
        "300 tier-D construction firms (600 mandatory hb visits), one team: 2 officers, max 1 visit a day, budgets 400.",
        "Capacity = one visit per working day (250 in this calendar). A correct plan visits on every working day: ~250 placed, ~350 shortfalls.",
        "R-SPREAD's reserve is SOFT; R-PRIORITY is HARD: keeping a day a week free while mandatory visits are unmet breaks R-PRIORITY / inv.11.",
    ]
    return bu

ALL = [b1_overlap, b2_recuse_leave, b3_city_shared, b4_complaints, b5_tight_budget, b6_dishonest_cert, b7_mixed, b8_city_priority, b9_reserve_min]

if __name__ == "__main__":
    out = sys.argv[1]
    only = sys.argv[2:] 
    for f in ALL:
        bu = f()
        if only and bu.name not in only:
            continue
        p = bu.write(out)
        print(p, len(bu.ent), "firms", len(bu.trig), "triggers", len(bu.off), "officers")
