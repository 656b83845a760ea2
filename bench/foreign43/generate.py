#!/usr/bin/env python3
"""foreign43 generator: 6 valid bureaus with new stresses + ~28 broken bundles.

Usage: python generate.py OUT        (deterministic; stdlib + numpy + pandas + openpyxl)
Written from /work/shared/spec only.
"""
import json
import math
import os
import shutil
import sys
from datetime import date, timedelta

import numpy as np
import pandas as pd

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
SPEC_CAL = "/work/shared/spec/example/calendar.csv"

SECTORS = ["construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design",
           "testing", "ready_mix", "municipal", "other"]
SECTOR_ZH = {"construction": "建筑施工", "real_estate": "房地产开发", "property_mgmt": "物业服务", "gas": "燃气经营",
             "supervision": "工程监理", "survey_design": "勘察设计", "testing": "工程质量检测", "ready_mix": "预拌混凝土",
             "municipal": "市政公用", "other": "其他"}
SIZE_ZH = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
KIND_ZH = {"commendation": "表彰奖励", "good": "良好信用信息", "bad": "不良信用信息",
           "serious_dishonest": "严重失信主体名单", "repair": "信用修复"}
ROLE_ZH = {"enforcement": "执法人员", "auxiliary": "执法辅助人员", "legal_review": "法制审核人员"}
OUT_ZH = {"compliant": "未发现问题", "minor": "轻微问题", "violation": "违法违规", "serious": "严重违法违规"}


def check_char(body17):
    s = sum(CHARS.index(c) * w for c, w in zip(body17, W))
    c = 31 - s % 31
    return CHARS[0 if c == 31 else c]


def credit_code(rng, district):
    org = "".join(CHARS[i] for i in rng.randint(0, 31, 9))
    body = "91" + district + org
    return body + check_char(body)


def wrong_check(code):
    good = code[-1]
    bad = CHARS[(CHARS.index(good) + 1) % 31]
    return code[:-1] + bad


def calendar_2027():
    cal = pd.read_csv(SPEC_CAL, dtype=str)
    return cal


def workdays(cal):
    return [date.fromisoformat(d) for d, w in zip(cal.date, cal.workday) if w == "true"]


def holidays(cal):
    return [date.fromisoformat(d) for d, w in zip(cal.date, cal.workday) if w == "false"]


ITEMS = [
    # item_id, agency, name, basis, sectors, remote
    ("hb-q", "hb", "工程质量安全检查", "《建设工程质量管理条例》", "construction;supervision;testing;ready_mix", False),
    ("hb-m", "hb", "建筑市场行为检查", "《建筑法》", "construction;supervision;survey_design;testing;ready_mix", True),
    ("hb-k", "hb", "勘察设计质量检查", "《建设工程勘察设计管理条例》", "survey_design", True),
    ("um-s", "um", "施工扬尘与渣土管理检查", "《大气污染防治法》", "municipal;construction", False),
    ("um-m", "um", "市政设施维护检查", "《城市道路管理条例》", "municipal;property_mgmt", True),
    ("gas-s", "gas", "燃气经营安全检查", "《城镇燃气管理条例》", "gas", False),
    ("gas-d", "gas", "燃气监测数据核查", "《城镇燃气管理条例》", "gas;municipal", True),
    ("re-s", "re", "商品房销售行为检查", "《城市房地产开发经营管理条例》", "real_estate", True),
    ("re-p", "re", "物业服务质量检查", "《物业管理条例》", "real_estate;property_mgmt", False),
]


def build(cfg):
    """Return dict name -> DataFrame, and policy dict."""
    rng = np.random.RandomState(cfg["seed"])
    city = cfg["city"]
    dists = cfg["districts"]
    n = cfg["n"]
    cal = calendar_2027()
    wd = workdays(cal)
    hol = holidays(cal)
    Y = 2027
    agencies = cfg["agencies"]
    ag_names = {"hb": "住房和城乡建设局", "um": "城市管理综合行政执法局", "gas": "燃气管理中心", "re": "房产服务中心"}
    agencies_df = pd.DataFrame({"agency_id": agencies, "name": [cfg["city_name"] + ag_names[a] for a in agencies]})
    items = [it for it in ITEMS if it[1] in agencies]
    items_df = pd.DataFrame({"item_id": [i[0] for i in items], "agency_id": [i[1] for i in items],
                             "name": [i[2] for i in items], "legal_basis": [i[3] for i in items],
                             "sectors": [i[4] for i in items],
                             "remote_allowed": ["true" if i[5] else "false" for i in items]})
    # enterprises
    sec_p = np.array(cfg.get("sector_p", [0.3, 0.12, 0.15, 0.1, 0.05, 0.05, 0.05, 0.05, 0.08, 0.05]))
    sec_p = sec_p / sec_p.sum()
    ids = set()
    rows = []
    dist_p = np.array(cfg.get("dist_p", [1.0] * len(dists)))
    dist_p = dist_p / dist_p.sum()
    for i in range(n):
        d = dists[rng.choice(len(dists), p=dist_p)]
        while True:
            eid = credit_code(rng, d)
            if eid not in ids:
                ids.add(eid)
                break
        sec = SECTORS[rng.choice(len(SECTORS), p=sec_p)]
        size = ["micro", "small", "medium", "large"][rng.choice(4, p=[0.35, 0.35, 0.2, 0.1])]
        emp = int({"micro": 5, "small": 40, "medium": 300, "large": 1500}[size] * rng.uniform(0.3, 2))
        est = date(1990, 1, 1) + timedelta(days=int(rng.randint(0, 12500)))
        rm = rng.rand() < cfg.get("monitor", 0.4)
        rows.append(dict(enterprise_id=eid, name=f"{cfg['city_name']}{['华','鑫','恒','泰','安','瑞'][i % 6]}建有限公司{i}",
                         district_code=d, sector=sec, size=size, employees=emp, established_on=est.isoformat(),
                         address=f"{cfg['city_name']}某路{rng.randint(1, 999)}号", lat=round(30 + rng.rand(), 5),
                         lon=round(104 + rng.rand(), 5), remote_monitoring="true" if rm else "false"))
    ent = pd.DataFrame(rows)
    eids = list(ent.enterprise_id)
    # grades
    gp = cfg.get("grade_p", [0.35, 0.35, 0.2, 0.1])
    grows = []
    for e in eids:
        if rng.rand() < cfg.get("graded", 0.8):
            g = "ABCD"[rng.choice(4, p=gp)]
            grows.append(dict(enterprise_id=e, grade=g, rated_on="2026-10-31"))
            if rng.rand() < cfg.get("regrade", 0.0):
                # older conflicting grade: the later one must win
                og = "ABCD"[rng.randint(4)]
                grows.append(dict(enterprise_id=e, grade=og, rated_on="2025-10-31"))
    grades = pd.DataFrame(grows, columns=["enterprise_id", "grade", "rated_on"])
    # credit records
    crows = []
    for e in eids:
        if rng.rand() < cfg.get("sd_p", 0.03):
            crows.append(dict(enterprise_id=e, recorded_on="2026-03-15", kind="serious_dishonest", expires_on="", note="列入严重失信"))
        if rng.rand() < 0.1:
            crows.append(dict(enterprise_id=e, recorded_on="2025-06-01", kind="bad", expires_on="2027-06-01", note=""))
        if rng.rand() < 0.05:
            crows.append(dict(enterprise_id=e, recorded_on="2024-06-01", kind="good", expires_on="2027-06-01", note=""))
    credit = pd.DataFrame(crows, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"])
    # teams and officers
    trows, orows = [], []
    for a in agencies:
        tdef = cfg["teams"][a]  # list of (district or 'city', n_cert, n_aux, per_day)
        for (td, ncert, naux, perday) in tdef:
            dcode = city + "00" if td == "city" else td
            tid = f"{a}-{dcode}"
            trows.append(dict(team_id=tid, agency_id=a, district_code=dcode, max_visits_per_day=perday))
            for k in range(ncert + naux):
                oid = f"{tid}-{k:02d}"
                enf = k < ncert
                exp = date(2029, 12, 31)
                if enf and rng.rand() < cfg.get("cert_mid", 0.0):
                    exp = date(2027, 1, 1) + timedelta(days=int(rng.randint(0, 364)))
                orows.append(dict(officer_id=oid, name=f"执法员{oid}", team_id=tid,
                                  role="enforcement" if enf else ("legal_review" if k == ncert + naux - 1 and naux > 1 else "auxiliary"),
                                  certificate_no=f"{city}{rng.randint(10**7, 10**8)}" if enf else "",
                                  certificate_expires_on=exp.isoformat() if enf else "",
                                  training_hours=int(rng.randint(20, 90)), annual_visit_budget=""))
    teams = pd.DataFrame(trows)
    officers = pd.DataFrame(orows)
    # unavailability
    urows = []
    for o in officers.officer_id:
        if rng.rand() < 0.4:
            s = wd[rng.randint(0, len(wd) - 20)]
            urows.append(dict(officer_id=o, start_on=s.isoformat(), end_on=(s + timedelta(days=int(rng.randint(1, 25)))).isoformat(),
                              reason="年休假"))
    unav = pd.DataFrame(urows, columns=["officer_id", "start_on", "end_on", "reason"])
    # history
    hrows = []
    k = 0
    for e in eids:
        for _ in range(rng.poisson(cfg.get("hist_rate", 1.0))):
            a = agencies[rng.randint(len(agencies))]
            d0 = date(2024, 1, 1) + timedelta(days=int(rng.randint(0, 1090)))
            out = ["compliant", "minor", "violation", "serious"][rng.choice(4, p=[0.6, 0.2, 0.15, 0.05])]
            rect = ""
            if out in ("violation", "serious"):
                rect = "false" if rng.rand() < cfg.get("unrect_p", 0.2) else "true"
            offs = officers[officers.team_id.str.startswith(a + "-")].officer_id.tolist()
            hrows.append(dict(inspection_id=f"H{k:06d}", enterprise_id=e, agency_id=a, inspected_on=d0.isoformat(),
                              officer_ids=";".join(offs[:2]), outcome=out, rectified=rect))
            k += 1
    insp = pd.DataFrame(hrows, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids", "outcome", "rectified"])
    # triggers
    trg = []
    for i in range(cfg.get("n_triggers", 20)):
        e = eids[rng.randint(len(eids))]
        a = agencies[rng.randint(len(agencies))]
        r = wd[rng.randint(len(wd))]
        trg.append(dict(trigger_id=f"T{i:05d}", enterprise_id=e, agency_id=a, received_on=r.isoformat(),
                        kind=["complaint", "referral", "data_monitoring", "enterprise_request"][rng.randint(4)],
                        urgent="true" if rng.rand() < 0.2 else "false"))
    triggers = pd.DataFrame(trg, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"])
    rec = pd.DataFrame(columns=["officer_id", "enterprise_id", "reason"])
    policy = {"year": Y, "seed": cfg["pseed"]}
    policy.update(cfg.get("policy", {}))
    B = dict(enterprises=ent, credit_records=credit, credit_grades=grades, inspections=insp, triggers=triggers,
             agencies=agencies_df, items=items_df, teams=teams, officers=officers, unavailability=unav,
             recusals=rec, calendar=cal)
    ctx = dict(rng=rng, wd=wd, hol=hol, eids=eids)
    return B, policy, ctx


def fix_zip(fn):
    """Make an .xlsx byte-deterministic: fixed timestamps in docProps/core.xml and in the zip entries."""
    import re
    import zipfile
    with zipfile.ZipFile(fn) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(fn, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-12-01T00:00:00Z", data)
            zi = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)


def write_bundle(B, policy, path, xlsx=False, labels=False):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)
    if labels:
        B = {k: v.copy() for k, v in B.items()}
        e = B["enterprises"]
        e["sector"] = e.sector.map(SECTOR_ZH)
        e["size"] = e["size"].map(SIZE_ZH)
        e["remote_monitoring"] = e.remote_monitoring.map({"true": "是", "false": "否"})
        c = B["credit_records"]
        c["kind"] = c.kind.map(KIND_ZH)
        it = B["items"]
        it["sectors"] = it.sectors.map(lambda s: ";".join(SECTOR_ZH[x] for x in s.split(";")))
        it["remote_allowed"] = it.remote_allowed.map({"true": "是", "false": "否"})
        o = B["officers"]
        o["role"] = o.role.map(ROLE_ZH)
        h = B["inspections"]
        h["outcome"] = h.outcome.map(OUT_ZH)
        h["rectified"] = h.rectified.map({"true": "是", "false": "否", "": ""})
    if xlsx:
        with pd.ExcelWriter(os.path.join(path, "bundle.xlsx"), engine="openpyxl") as w:
            for name, df in B.items():
                df.astype(str).replace({"nan": ""}).to_excel(w, sheet_name=name, index=False)
        fix_zip(os.path.join(path, "bundle.xlsx"))
    else:
        for name, df in B.items():
            df.to_csv(os.path.join(path, name + ".csv"), index=False)
    if policy is not None:
        with open(os.path.join(path, "policy.json"), "w", encoding="utf-8") as f:
            json.dump(policy, f, ensure_ascii=False, indent=1)


def add_recusals(B, ctx, frac, reason="亲属关系"):
    rng = ctx["rng"]
    ent = B["enterprises"]
    off = B["officers"]
    teams = B["teams"].set_index("team_id")
    rows = []
    for o, t in zip(off.officer_id, off.team_id):
        d = teams.loc[t, "district_code"]
        pool = ent.enterprise_id[(ent.district_code == d) | (d.endswith("00"))].tolist()
        m = int(len(pool) * frac)
        for j in rng.choice(len(pool), m, replace=False):
            rows.append(dict(officer_id=o, enterprise_id=pool[j], reason=reason))
    B["recusals"] = pd.DataFrame(rows, columns=["officer_id", "enterprise_id", "reason"])


# ---------------------------------------------------------------- bureaus
def g1():
    """内江 5110: nearly every firm tier D (grade D + serious_dishonest); many complaints; mandatory > capacity."""
    cfg = dict(seed=4301, city="5110", city_name="内江", districts=["511002", "511011", "511024"], n=700,
               agencies=["hb", "um"], grade_p=[0.02, 0.03, 0.05, 0.90], graded=0.9, sd_p=0.3, n_triggers=160,
               unrect_p=0.6, hist_rate=1.2,
               teams={"hb": [("511002", 4, 1, 2), ("511011", 3, 1, 2), ("511024", 3, 0, 2)],
                      "um": [("511002", 3, 1, 2), ("511011", 2, 1, 2), ("511024", 2, 0, 2), ("city", 3, 0, 1)]},
               pseed="neijiang-2027-overload-QxT7pL2mZk", policy={"max_visits_per_officer_per_year": 40})
    B, P, ctx = build(cfg)
    # complaints concentrated: all kind complaint, some received on holidays and last working days
    rng = ctx["rng"]
    t = B["triggers"]
    t["kind"] = "complaint"
    hol = [h for h in ctx["hol"] if h.weekday() < 5]
    for i in range(0, 20):
        t.loc[i, "received_on"] = hol[i % len(hol)].isoformat()
    lastwd = ctx["wd"][-4:]
    for i in range(20, 30):
        t.loc[i, "received_on"] = lastwd[i % 4].isoformat()
    return B, P


def g2():
    """兰州 6201: lone certified officers; certs expiring mid-year; R-PAIR impossible for some teams; 1 visit/officer/day."""
    cfg = dict(seed=4302, city="6201", city_name="兰州", districts=["620102", "620103", "620104", "620105", "620111"], n=1000,
               agencies=["hb", "um", "gas"], grade_p=[0.3, 0.35, 0.25, 0.1], n_triggers=40, cert_mid=0.35,
               teams={"hb": [("620102", 5, 2, 3), ("620103", 1, 3, 2), ("620104", 1, 0, 2), ("620105", 4, 1, 2),
                             ("620111", 2, 2, 2), ("city", 3, 1, 2)],
                      "um": [("620102", 1, 2, 2), ("620103", 3, 1, 2), ("620104", 3, 0, 2), ("620105", 1, 1, 2), ("620111", 2, 0, 1)],
                      "gas": [("620102", 1, 4, 2), ("city", 2, 0, 2)]},
               pseed="lanzhou-lonecert-2027-h8Jw3Ncv",
               policy={"max_visits_per_officer_per_day": 1, "tiers": {"A": {"sample_ratio": 0.05, "visits": 1},
                       "B": {"sample_ratio": 0.1, "visits": 1}, "C": {"sample_ratio": 0.4, "visits": 1}, "D": {"sample_ratio": 1.0, "visits": 2}}})
    B, P = build(cfg)[:2]
    o = B["officers"]
    # one gas city-team officer's certificate already expired before the year
    i = o.index[o.officer_id == "gas-620100-01"][0]
    o.loc[i, "certificate_expires_on"] = "2026-12-31"
    # one hb city officer expires on the last day of March exactly
    i = o.index[o.officer_id == "hb-620100-00"][0]
    o.loc[i, "certificate_expires_on"] = "2027-03-31"
    return B, P


def g3():
    """玉林 4509: recusal web (each officer recused from ~55% of firms in reach), Chinese labels, one .xlsx in a folder."""
    cfg = dict(seed=4303, city="4509", city_name="玉林", districts=["450902", "450903", "450921", "450922"], n=1100,
               agencies=["hb", "um", "re"], n_triggers=30,
               teams={"hb": [("450902", 4, 1, 2), ("450903", 3, 1, 2), ("450921", 3, 0, 2), ("450922", 3, 0, 2)],
                      "um": [("450902", 3, 0, 2), ("450903", 3, 0, 2), ("450921", 3, 0, 2), ("450922", 3, 0, 2)],
                      "re": [("city", 4, 1, 3)]},
               pseed="yulin-recusal-web-2027-Vb9rT4xs",
               policy={"min_lottery_weight": 1.0})
    B, P, ctx = build(cfg)
    add_recusals(B, ctx, 0.55, reason="曾任职/亲属关系")
    return B, P


def g4():
    """扬州 3210: credit records inside the plan year; re-grades; unrectified violations with varied dates."""
    cfg = dict(seed=4304, city="3210", city_name="扬州", districts=["321002", "321003", "321012", "321023"], n=1500,
               agencies=["hb", "um", "re"], grade_p=[0.4, 0.3, 0.2, 0.1], graded=0.85, regrade=0.3, sd_p=0.0,
               n_triggers=40, unrect_p=0.5, hist_rate=1.5,
               teams={"hb": [("321002", 6, 1, 2), ("321003", 6, 1, 2), ("321012", 5, 1, 2), ("321023", 5, 0, 2), ("city", 4, 0, 2)],
                      "um": [("321002", 4, 0, 2), ("321003", 4, 0, 2), ("321012", 4, 0, 2), ("321023", 4, 0, 2)],
                      "re": [("321002", 3, 0, 2), ("321003", 3, 0, 2), ("321012", 2, 0, 2), ("321023", 2, 0, 2)]},
               pseed="yangzhou-inyear-records-2027-Lm3qZ8")
    B, P, ctx = build(cfg)
    rng = ctx["rng"]
    eids = ctx["eids"]
    g = B["credit_grades"]
    graded_A = g[(g.grade == "A") & (g.rated_on == "2026-10-31")].enterprise_id.tolist()
    c = B["credit_records"]
    rows = []
    flavours = ["jan", "dec", "expired_1231", "expires_0101", "repaired_2027", "repair_before", "over_A_jan", "expired_in_year"]
    pick = rng.choice(len(eids), 160, replace=False)
    for j, idx in enumerate(pick):
        e = eids[idx]
        f = flavours[j % len(flavours)]
        if f == "over_A_jan" and graded_A:
            e = graded_A[j % len(graded_A)]
        if f == "jan":
            rows.append((e, "2027-01-05", "serious_dishonest", "", "年初列入"))
        elif f == "dec":
            rows.append((e, "2027-12-20", "serious_dishonest", "", "年末列入"))
        elif f == "expired_1231":
            rows.append((e, "2024-02-01", "serious_dishonest", "2026-12-31", "已到期"))
        elif f == "expires_0101":
            rows.append((e, "2024-02-01", "serious_dishonest", "2027-01-01", "年初到期"))
        elif f == "repaired_2027":
            rows.append((e, "2026-05-01", "serious_dishonest", "", ""))
            rows.append((e, "2027-02-10", "repair", "", "信用修复"))
        elif f == "repair_before":
            rows.append((e, "2025-05-01", "repair", "", "早先修复"))
            rows.append((e, "2026-05-01", "serious_dishonest", "", ""))
        elif f == "over_A_jan":
            rows.append((e, "2027-01-20", "serious_dishonest", "", "A级后列入"))
        elif f == "expired_in_year":
            rows.append((e, "2025-03-01", "serious_dishonest", "2027-06-30", "年中到期"))
    add = pd.DataFrame(rows, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"])
    B["credit_records"] = pd.concat([c, add], ignore_index=True)
    # last-year violations, varied dates, explicitly unrectified, incl. last working day 2026 and 2025 ones
    h = B["inspections"]
    extra = []
    for j in range(60):
        e = eids[rng.randint(len(eids))]
        a = ["hb", "um", "re"][j % 3]
        d0 = [date(2026, 1, 4), date(2026, 6, 30), date(2026, 12, 31), date(2026, 12, 25), date(2025, 12, 31)][j % 5]
        extra.append(dict(inspection_id=f"X{j:04d}", enterprise_id=e, agency_id=a, inspected_on=d0.isoformat(),
                          officer_ids="", outcome=["violation", "serious"][j % 2], rectified="false" if j % 4 else "否"))
    B["inspections"] = pd.concat([h, pd.DataFrame(extra)], ignore_index=True)
    return B, P


def g5():
    """大庆 2306: 4 agencies, gas scarce (one city team), construction/municipal/gas/property overlap -> joint visits;
    policy edges: A ratio 0, min_lottery_weight 0, entries cap 2."""
    cfg = dict(seed=4305, city="2306", city_name="大庆", districts=["230602", "230603", "230604", "230605"], n=1600,
               agencies=["hb", "um", "gas", "re"], sector_p=[0.25, 0.1, 0.15, 0.15, 0.03, 0.03, 0.03, 0.03, 0.18, 0.05],
               grade_p=[0.3, 0.35, 0.25, 0.1], n_triggers=50, monitor=0.6,
               teams={"hb": [(d, 5, 1, 3) for d in ["230602", "230603", "230604", "230605"]],
                      "um": [(d, 5, 0, 3) for d in ["230602", "230603", "230604", "230605"]],
                      "gas": [("city", 4, 1, 2)],
                      "re": [(d, 3, 0, 2) for d in ["230602", "230603", "230604", "230605"]]},
               pseed="daqing-joint-scarce-gas-2027-Pw5",
               policy={"max_entries_per_enterprise": 2, "min_lottery_weight": 1e-09,
                       "tiers": {"A": {"sample_ratio": 0.0, "visits": 1}, "B": {"sample_ratio": 0.25, "visits": 1},
                                 "C": {"sample_ratio": 0.7, "visits": 1}, "D": {"sample_ratio": 1.0, "visits": 2}}})
    B, P = build(cfg)[:2]
    return B, P


def g6():
    """保山 5305: year-in-motion edges: freeze 0, max moves 0, budgets 0, triggers on holidays/last days/late 2026,
    reserve 0.5, trigger window 1 working day for non-urgent? (no: urgent 1)."""
    cfg = dict(seed=4306, city="5305", city_name="保山", districts=["530502", "530521", "530523"], n=900,
               agencies=["hb", "um", "gas"], n_triggers=60, unrect_p=0.4,
               teams={"hb": [("530502", 6, 1, 2), ("530521", 4, 1, 2), ("530523", 4, 0, 2)],
                      "um": [("530502", 4, 0, 2), ("530521", 3, 0, 2), ("530523", 3, 0, 2)],
                      "gas": [("530502", 3, 0, 2), ("city", 2, 0, 2)]},
               pseed="baoshan-motion-2027-Zr6uYe1K",
               policy={"freeze_workdays": 0, "max_moved_visits": 0, "reserve_capacity_ratio": 0.5,
                       "urgent_within_workdays": 1, "trigger_within_workdays": 5})
    B, P, ctx = build(cfg)
    o = B["officers"]
    # budgets 0 / 1 / 3 for some enforcement officers
    enf = o.index[o.role == "enforcement"].tolist()
    for j, i in enumerate(enf[::3]):
        o.loc[i, "annual_visit_budget"] = str([0, 1, 3, 10][j % 4])
    t = B["triggers"]
    specials = ["2026-12-31", "2026-12-30", "2027-01-01", "2027-02-08", "2027-10-01", "2027-10-03",
                "2027-12-29", "2027-12-30", "2027-12-31", "2027-12-31"]
    cal = B["calendar"]
    for i, s in enumerate(specials):
        t.loc[i, "received_on"] = s
        t.loc[i, "urgent"] = "true" if i % 2 else "false"
    return B, P


# ---------------------------------------------------------------- bad bundles
def base_small():
    cfg = dict(seed=4399, city="5110", city_name="内江", districts=["511002", "511011"], n=150,
               agencies=["hb", "um"], n_triggers=8,
               teams={"hb": [("511002", 3, 1, 2), ("511011", 3, 0, 2)], "um": [("511002", 2, 0, 2), ("511011", 2, 0, 2)]},
               pseed="bad-base-2027-abcdefghijkl")
    B, P, ctx = build(cfg)
    add_recusals(B, ctx, 0.02)
    return B, P


def bad_bundles(out):
    """Each: (name, mutate(B,P) -> (B,P), expected (file, row, column) or None)."""
    cases = []

    def cell(df_name, row_idx, col, val):
        def f(B, P):
            B[df_name][col] = B[df_name][col].astype(object)
            B[df_name].loc[row_idx, col] = val
            return B, P
        return f

    cases.append(("b01_check_digit", lambda B, P: (B["enterprises"].__setitem__("enterprise_id", [wrong_check(x) if i == 4 else x for i, x in enumerate(B["enterprises"].enterprise_id)]) or B, P),
                  ("enterprises.csv", 6, "enterprise_id")))
    def dup(B, P):
        e = B["enterprises"]
        e.loc[9, "enterprise_id"] = e.loc[3, "enterprise_id"]
        e.loc[9, "district_code"] = e.loc[3, "district_code"]
        return B, P
    cases.append(("b02_dup_enterprise", dup, ("enterprises.csv", 11, "enterprise_id")))
    cases.append(("b03_district_5", cell("enterprises", 7, "district_code", "51100"), ("enterprises.csv", 9, "district_code")))
    cases.append(("b04_sector_bad", cell("enterprises", 10, "sector", "建筑业"), ("enterprises.csv", 12, "sector")))
    cases.append(("b05_size_bad", cell("enterprises", 11, "size", "huge"), ("enterprises.csv", 13, "size")))
    cases.append(("b06_employees_neg", cell("enterprises", 12, "employees", "-5"), ("enterprises.csv", 14, "employees")))
    cases.append(("b07_lat_text", cell("enterprises", 13, "lat", "北纬30"), ("enterprises.csv", 15, "lat")))
    cases.append(("b08_credit_unknown_ent", cell("credit_records", 2, "enterprise_id", "91511002MA0000000X"), ("credit_records.csv", 4, "enterprise_id")))
    cases.append(("b09_credit_date_slash", cell("credit_records", 1, "recorded_on", "2026/03/15"), ("credit_records.csv", 3, "recorded_on")))
    cases.append(("b10_grade_E", cell("credit_grades", 5, "grade", "E"), ("credit_grades.csv", 7, "grade")))
    cases.append(("b11_insp_agency", cell("inspections", 3, "agency_id", "fire"), ("inspections.csv", 5, "agency_id")))
    cases.append(("b12_insp_in_year", cell("inspections", 4, "inspected_on", "2027-03-01"), ("inspections.csv", 6, "inspected_on")))
    cases.append(("b13_insp_outcome", cell("inspections", 5, "outcome", "bad"), ("inspections.csv", 7, "outcome")))
    cases.append(("b14_trigger_kind", cell("triggers", 2, "kind", "rumour"), ("triggers.csv", 4, "kind")))
    cases.append(("b15_trigger_unknown_ent", cell("triggers", 3, "enterprise_id", "X123"), ("triggers.csv", 5, "enterprise_id")))
    cases.append(("b16_item_no_basis", cell("items", 1, "legal_basis", ""), ("items.csv", 3, "legal_basis")))
    cases.append(("b17_item_sector_bad", cell("items", 2, "sectors", "construction;roads"), ("items.csv", 4, "sectors")))
    cases.append(("b18_team_agency", cell("teams", 1, "agency_id", "fire"), ("teams.csv", 3, "agency_id")))
    cases.append(("b19_officer_no_cert", cell("officers", 0, "certificate_no", ""), ("officers.csv", 2, "certificate_no")))
    cases.append(("b20_officer_team", cell("officers", 5, "team_id", "hb-999999"), ("officers.csv", 7, "team_id")))
    cases.append(("b21_officer_budget_neg", cell("officers", 6, "annual_visit_budget", "-1"), ("officers.csv", 8, "annual_visit_budget")))
    def unav(B, P):
        u = B["unavailability"]
        s = u.loc[2, "start_on"]
        u.loc[2, "end_on"] = (date.fromisoformat(s) - timedelta(days=3)).isoformat()
        return B, P
    cases.append(("b22_unavail_reversed", unav, ("unavailability.csv", 4, "end_on")))
    cases.append(("b23_recusal_officer", cell("recusals", 0, "officer_id", "nobody-01"), ("recusals.csv", 2, "officer_id")))
    def nocal(B, P):
        del B["calendar"]
        return B, P
    cases.append(("b24_no_calendar_2027", nocal, ("calendar.csv", None, None)))
    cases.append(("b25_calendar_workday", cell("calendar", 40, "workday", "maybe"), ("calendar.csv", 42, "workday")))
    def pol_ratio(B, P):
        P["tiers"] = {"A": {"sample_ratio": 1.5, "visits": 1}}
        return B, P
    cases.append(("b26_policy_ratio", pol_ratio, ("policy.json", None, None)))
    def dup_off(B, P):
        o = B["officers"]
        o.loc[4, "officer_id"] = o.loc[2, "officer_id"]
        return B, P
    cases.append(("b27_dup_officer", dup_off, ("officers.csv", 6, "officer_id")))
    def drop_col(B, P):
        B["enterprises"] = B["enterprises"].drop(columns=["remote_monitoring"])
        return B, P
    cases.append(("b28_missing_column", drop_col, ("enterprises.csv", 1, "remote_monitoring")))
    cases.append(("b29_role_bad", cell("officers", 3, "role", "boss"), ("officers.csv", 5, "role")))
    cases.append(("b30_bool_bad", cell("items", 0, "remote_allowed", "maybe"), ("items.csv", 2, "remote_allowed")))
    exp = {}
    for name, f, where in cases:
        B, P = base_small()
        B, P = f(B, P)
        write_bundle(B, P, os.path.join(out, "bad", name))
        exp[name] = where
    # policy.json as broken JSON (written after)
    B, P = base_small()
    write_bundle(B, P, os.path.join(out, "bad", "b31_policy_json_syntax"))
    with open(os.path.join(out, "bad", "b31_policy_json_syntax", "policy.json"), "w") as f:
        f.write('{"year": 2027, "seed": "x",}')
    exp["b31_policy_json_syntax"] = ("policy.json", None, None)
    B, P = base_small()
    write_bundle(B, P, os.path.join(out, "bad_base"))
    with open(os.path.join(out, "bad", "expected.json"), "w") as f:
        json.dump(exp, f, indent=1)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/foreign43/bundles"
    os.makedirs(out, exist_ok=True)
    for name, fn, kw in [("g1", g1, {}), ("g2", g2, {}), ("g3", g3, dict(xlsx=True, labels=True)),
                         ("g4", g4, {}), ("g5", g5, {}), ("g6", g6, {})]:
        B, P = fn()
        write_bundle(B, P, os.path.join(out, name), **kw)
        print(name, len(B["enterprises"]), "firms", len(B["officers"]), "officers")
    bad_bundles(out)


if __name__ == "__main__":
    main()
