#!/usr/bin/env python
"""foreign39 bundle generator, written from /work/shared/spec/bundle.md alone.

stdlib + numpy + pandas (openpyxl only as pandas' xlsx engine).
usage: python generate.py OUTDIR        -> OUTDIR/b1..b6 (valid bundles, + .judge plain-CSV copies)
                                           + OUTDIR/bad/v0 (valid base) and OUTDIR/bad/* (broken variants)

Angles (not stressed by earlier testers):
  b1 remote    : almost everything checkable remotely; tiny remote cap; tiers mostly A-C
  b2 districts : 24 small districts, district teams for hb only, city-level teams for um/gas/re
  b3 conflict  : 5 agencies with overlapping / conflicting item lists, agencies without items,
                 triggers for agencies whose list has nothing for the firm's sector, Chinese labels
  b4 halfyear  : officers who only become usable mid-year (new certificates => long unavailability
                 until a start date), tiny and zero annual budgets; delivered as ONE xlsx in a folder
  b5 motion    : medium bureau for the year in motion: many unrectified violations (follow-ups),
                 triggers all year incl. holiday receipt / late-December / urgent; non-default policy
  b6 priority  : scarce capacity: D-tier demand + triggers exceed capacity so R-PRIORITY and draw
                 order with capacity skips matter; grades with several ratings, repairs; GBK CSV
"""
import json
import math
import os
import sys
import datetime as dt
import numpy as np
import pandas as pd

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(rng, district):
    body = "91" + district + "".join(rng.choice(list(CHARSET[:10] + "ABCDEFGHJKLMNPQRTUWXY"), 9))
    s = sum(CHARSET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + CHARSET[(31 - s % 31) % 31]


def calendar_2027():
    d = dt.date(2027, 1, 1)
    off = set()
    on = set()
    def rng_(a, b):
        x = a
        while x <= b:
            yield x
            x += dt.timedelta(days=1)
    for a, b in [((1, 1), (1, 3)), ((2, 5), (2, 11)), ((4, 3), (4, 5)), ((5, 1), (5, 5)),
                 ((6, 9), (6, 11)), ((9, 15), (9, 17)), ((10, 1), (10, 7))]:
        off.update(rng_(dt.date(2027, *a), dt.date(2027, *b)))
    on.update([dt.date(2027, 2, 13), dt.date(2027, 2, 14), dt.date(2027, 4, 25), dt.date(2027, 5, 8),
               dt.date(2027, 9, 26), dt.date(2027, 10, 9), dt.date(2027, 6, 12)])
    rows = []
    while d.year == 2027:
        wd = (d.weekday() < 5 and d not in off) or d in on
        rows.append((d.isoformat(), "true" if wd else "false"))
        d += dt.timedelta(days=1)
    return pd.DataFrame(rows, columns=["date", "workday"])


SECTORS = ["construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design",
           "testing", "ready_mix", "municipal", "other"]
SECTOR_ZH = {"construction": "建筑施工", "real_estate": "房地产开发", "property_mgmt": "物业服务", "gas": "燃气经营",
             "supervision": "工程监理", "survey_design": "勘察设计", "testing": "工程质量检测",
             "ready_mix": "预拌混凝土", "municipal": "市政公用", "other": "其他"}
SIZE_ZH = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}

BASE_ITEMS = [
    # item_id, agency, name, basis, sectors, remote
    ("hb-q", "hb", "工程质量安全检查", "《建设工程质量管理条例》", "construction;supervision;testing;ready_mix", False),
    ("hb-m", "hb", "建筑市场行为检查", "《建筑法》", "construction;supervision;survey_design;testing;ready_mix", True),
    ("hb-re", "hb", "房地产开发经营检查", "《城市房地产管理法》", "real_estate", True),
    ("um-s", "um", "施工扬尘与渣土管理检查", "《大气污染防治法》", "construction;municipal", False),
    ("um-m", "um", "市政设施维护检查", "《城市道路管理条例》", "municipal;property_mgmt", True),
    ("gas-s", "gas", "燃气经营安全检查", "《城镇燃气管理条例》", "gas", False),
    ("gas-iot", "gas", "燃气监测数据核查", "《城镇燃气管理条例》第四十一条", "gas", True),
    ("re-p", "re", "物业服务检查", "《物业管理条例》", "property_mgmt;real_estate", True),
]


def gen(name, out, n, districts, city, cfg, rng):
    """cfg keys: agencies, items, team_plan, officers_per_team, remote_share, tier mix, etc."""
    os.makedirs(out, exist_ok=True)
    agencies = cfg["agencies"]
    pd.DataFrame([(a, f"{cfg['city_name']}{z}") for a, z in agencies], columns=["agency_id", "name"]) \
        .to_csv(f"{out}/agencies.csv", index=False)
    items = pd.DataFrame(cfg["items"], columns=["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"])
    items["remote_allowed"] = items["remote_allowed"].map(lambda b: "true" if b else "false")
    # enterprises
    sec_p = np.array([cfg["sector_w"].get(s, 0.0) for s in SECTORS], dtype=float)
    sec_p /= sec_p.sum()
    ents = []
    ids = set()
    for i in range(n):
        d = districts[int(rng.integers(len(districts)))] if not cfg.get("dist_w") else \
            districts[int(rng.choice(len(districts), p=cfg["dist_w"]))]
        while True:
            eid = uscc(rng, d)
            if eid not in ids:
                break
        ids.add(eid)
        s = SECTORS[int(rng.choice(len(SECTORS), p=sec_p))]
        size = rng.choice(["micro", "small", "medium", "large"], p=[0.35, 0.35, 0.2, 0.1])
        emp = int({"micro": 5, "small": 40, "medium": 300, "large": 1500}[size] * rng.uniform(0.3, 2))
        est = dt.date(1990, 1, 1) + dt.timedelta(days=int(rng.integers(0, 13000)))
        rem = bool(rng.random() < cfg["remote_share"])
        ents.append(dict(enterprise_id=eid, name=f"{cfg['city_name']}{['华','鑫','泰','中','恒'][i%5]}{i}有限公司",
                         district_code=d, sector=s, size=size, employees=emp, established_on=est.isoformat(),
                         address=f"{cfg['city_name']}某路{i}号", lat=round(30 + rng.random(), 6),
                         lon=round(114 + rng.random(), 6), remote_monitoring="true" if rem else "false"))
    E = pd.DataFrame(ents)
    if cfg.get("zh_labels"):
        E["sector"] = E["sector"].map(lambda s: SECTOR_ZH[s] if rng.random() < 0.5 else s)
        E["size"] = E["size"].map(lambda s: SIZE_ZH[s] if rng.random() < 0.5 else s)
        E["remote_monitoring"] = E["remote_monitoring"].map(lambda b: {"true": "是", "false": "否"}[b] if rng.random() < 0.5 else b)
        items["remote_allowed"] = items["remote_allowed"].map(lambda b: {"true": "是", "false": "否"}[b])
    eids = list(E.enterprise_id)
    # teams + officers
    teams, offs = [], []
    for ag, where, k_enf, k_aux, mvd in cfg["team_plan"](districts, city):
        for d in where:
            tid = f"{ag}-{d}"
            teams.append((tid, ag, d, mvd))
            for j in range(k_enf):
                oid = f"{tid}-e{j}"
                exp = cfg.get("cert_exp", lambda r: dt.date(2029, 6, 30))(rng)
                bud = cfg.get("budget", lambda r: "")(rng)
                offs.append(dict(officer_id=oid, name=f"执法员{oid}", team_id=tid, role="enforcement",
                                 certificate_no=f"证{int(rng.integers(10**7, 10**8))}",
                                 certificate_expires_on=exp.isoformat(),
                                 training_hours=int(rng.integers(20, 120)), annual_visit_budget=bud))
            for j in range(k_aux):
                oid = f"{tid}-x{j}"
                offs.append(dict(officer_id=oid, name=f"辅助{oid}", team_id=tid,
                                 role="auxiliary" if j % 2 == 0 else "legal_review", certificate_no="",
                                 certificate_expires_on="", training_hours=40, annual_visit_budget=""))
    T = pd.DataFrame(teams, columns=["team_id", "agency_id", "district_code", "max_visits_per_day"])
    O = pd.DataFrame(offs)
    enf = O[O.role == "enforcement"].officer_id.tolist()
    # unavailability
    un = []
    for oid in enf:
        if rng.random() < 0.3:
            s = dt.date(2027, 1, 1) + dt.timedelta(days=int(rng.integers(0, 350)))
            un.append((oid, s.isoformat(), (s + dt.timedelta(days=int(rng.integers(1, 20)))).isoformat(), "leave"))
    un += cfg.get("extra_unavail", lambda O, r: [])(O, rng)
    U = pd.DataFrame(un, columns=["officer_id", "start_on", "end_on", "reason"])
    # recusals
    R = pd.DataFrame([(enf[int(rng.integers(len(enf)))], eids[int(rng.integers(len(eids)))], "亲属关系")
                      for _ in range(max(3, n // 40))], columns=["officer_id", "enterprise_id", "reason"]).drop_duplicates()
    # credit grades: some firms with several ratings
    G = []
    for eid in eids:
        if rng.random() < cfg.get("graded", 0.6):
            g = rng.choice(list("ABCD"), p=cfg.get("grade_p", [0.35, 0.35, 0.22, 0.08]))
            G.append((eid, g, "2026-10-31"))
            if rng.random() < cfg.get("regrade", 0.1):
                G.append((eid, rng.choice(list("ABCD")), rng.choice(["2025-04-30", "2027-02-28", "2026-12-15"])))
    G = pd.DataFrame(G, columns=["enterprise_id", "grade", "rated_on"])
    # credit records
    C = []
    for eid in eids:
        r = rng.random()
        if r < cfg.get("sd_share", 0.02):
            C.append((eid, "2026-03-01", "serious_dishonest", "", ""))
            if rng.random() < 0.3:
                C.append((eid, "2026-09-01", "repair", "", "信用修复"))
        elif r < 0.12:
            C.append((eid, "2026-05-01", "bad", "2028-05-01", ""))
        elif r < 0.2:
            C.append((eid, "2025-05-01", "good", "2028-05-01", ""))
    C = pd.DataFrame(C, columns=["enterprise_id", "recorded_on", "kind", "expires_on", "note"])
    # inspection history, with unrectified violations last year
    H = []
    ags = [a for a, _ in agencies]
    for k, eid in enumerate(eids):
        for _ in range(int(rng.integers(0, 3))):
            ag = ags[int(rng.integers(len(ags)))]
            day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1090)))
            o = rng.choice(["compliant", "minor", "violation", "serious"], p=cfg.get("out_p", [0.6, 0.2, 0.15, 0.05]))
            rect = ""
            if o in ("violation", "serious"):
                rect = "false" if rng.random() < cfg.get("unrect", 0.3) else "true"
            H.append((f"H{k:05d}{_}", eid, ag, day.isoformat(), "", o, rect))
    H = pd.DataFrame(H, columns=["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids",
                                 "outcome", "rectified"]).drop_duplicates("inspection_id")
    # triggers
    TR = []
    for t in range(cfg.get("n_trig", 10)):
        eid = eids[int(rng.integers(len(eids)))]
        ag = ags[int(rng.integers(len(ags)))]
        rec = dt.date(2027, 1, 1) + dt.timedelta(days=int(rng.integers(0, 350)))
        TR.append((f"T{t:04d}", eid, ag, rec.isoformat(), rng.choice(["complaint", "referral", "data_monitoring",
                                                                       "enterprise_request"]),
                   "true" if rng.random() < 0.2 else "false"))
    TR += cfg.get("extra_trig", lambda E, r: [])(E, rng)
    TR = pd.DataFrame(TR, columns=["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"])
    frames = dict(enterprises=E, agencies=pd.read_csv(f"{out}/agencies.csv", dtype=str), items=items, teams=T,
                  officers=O, unavailability=U, recusals=R, credit_grades=G, credit_records=C, inspections=H,
                  triggers=TR, calendar=calendar_2027())
    os.remove(f"{out}/agencies.csv")
    pol = dict(year=2027, seed=f"foreign39-{name}")
    pol.update(cfg.get("policy", {}))
    with open(f"{out}/policy.json", "w") as f:
        json.dump(pol, f, ensure_ascii=False, indent=1)
    fmt = cfg.get("format", "csv")
    if fmt == "xlsx":
        with pd.ExcelWriter(f"{out}/{name}.xlsx") as w:
            for k, v in frames.items():
                v.to_excel(w, sheet_name=k, index=False)
    else:
        for k, v in frames.items():
            enc = "gbk" if (fmt == "gbk" and k in ("enterprises", "officers", "items")) else "utf-8"
            v.to_csv(f"{out}/{k}.csv", index=False, encoding=enc)
    # plain CSV copy for the judge, always
    jd = out + ".judge"
    os.makedirs(jd, exist_ok=True)
    for k, v in frames.items():
        v.to_csv(f"{jd}/{k}.csv", index=False)
    with open(f"{jd}/policy.json", "w") as f:
        json.dump(pol, f, ensure_ascii=False, indent=1)
    return frames


def main(root):
    city = "4205"   # 宜昌-like prefix
    def d(k):
        return f"{city}{k:02d}"
    std_agencies = [("hb", "住房和城乡建设局"), ("um", "城市管理局"), ("gas", "燃气管理中心"), ("re", "房产服务中心")]
    allsec = {s: 1.0 for s in SECTORS}

    # b1: remote everywhere
    items1 = [(i, a, nm, lb, sc, True) for i, a, nm, lb, sc, _ in BASE_ITEMS]
    items1.append(("hb-q2", "hb", "深基坑现场核查", "《危险性较大的分部分项工程安全管理规定》", "construction", False))
    gen("b1", f"{root}/b1", 1200, [d(2), d(3), d(5)], city, dict(
        city_name="宜昌市", agencies=std_agencies, items=items1, remote_share=0.95,
        sector_w={**allsec, "other": 0.2}, grade_p=[0.4, 0.4, 0.18, 0.02], sd_share=0.005,
        team_plan=lambda D, c: [(a, D, 4, 1, 6) for a in ("hb", "um", "gas", "re")] + [("hb", [c + "00"], 4, 0, 6)],
        policy=dict(max_remote_checks_per_officer_per_day=3, tiers={"A": {"sample_ratio": 0.1, "visits": 1},
                    "B": {"sample_ratio": 0.3, "visits": 1}, "C": {"sample_ratio": 0.7, "visits": 2},
                    "D": {"sample_ratio": 1.0, "visits": 2}}),
        n_trig=12), np.random.default_rng(1))

    # b2: 24 districts, city-level teams only for um/gas/re
    D2 = [d(k) for k in range(1, 25)]
    gen("b2", f"{root}/b2", 1500, D2, city, dict(
        city_name="宜昌市", agencies=std_agencies, items=BASE_ITEMS, remote_share=0.3, sector_w=allsec,
        team_plan=lambda D, c: [("hb", D, 2, 1, 2)] + [(a, [c + "00"], 6, 1, 4) for a in ("um", "gas", "re")]
        + [("hb", [c + "00"], 4, 0, 3)],
        n_trig=25), np.random.default_rng(2))

    # b3: conflicting multi-agency item lists, Chinese labels
    ag3 = std_agencies + [("fire", "消防救援支队"), ("env", "生态环境分局")]
    items3 = list(BASE_ITEMS) + [
        ("fire-1", "fire", "消防安全检查", "《消防法》", "construction;property_mgmt;gas;real_estate;municipal", False),
        ("fire-2", "fire", "消防设施远程监测核查", "《消防法》第十六条", "property_mgmt;gas", True),
        ("um-gas", "um", "瓶装燃气违规经营检查", "《城镇燃气管理条例》", "燃气经营", False),
        ("re-x", "re", "房地产经纪检查", "《房地产经纪管理办法》", "real_estate;物业服务", "是" != "否"),
        # env has teams but NO items at all
    ]
    gen("b3", f"{root}/b3", 1000, [d(2), d(6)], city, dict(
        city_name="宜昌市", agencies=ag3, items=items3, remote_share=0.5, sector_w={**allsec, "other": 2.0},
        zh_labels=True, grade_p=[0.2, 0.3, 0.3, 0.2],
        team_plan=lambda D, c: [(a, D, 4, 1, 4) for a in ("hb", "um", "gas", "re", "fire", "env")],
        n_trig=30,
        extra_trig=lambda E, r: [
            # agency whose list has nothing for this sector
            ("TX01", E[E.sector.isin(["other", "其他"])].enterprise_id.iloc[0], "gas", "2027-03-10", "complaint", "true"),
            ("TX02", E[E.sector.isin(["other", "其他"])].enterprise_id.iloc[1], "env", "2027-04-12", "referral", "false"),
            ("TX03", E.enterprise_id.iloc[5], "env", "2027-05-12", "data_monitoring", "true"),
        ]), np.random.default_rng(3))

    # b4: officers who start mid-year, budgets small/zero; one xlsx in a folder
    def extra_un4(O, r):
        out = []
        for oid in O[O.role == "enforcement"].officer_id:
            if oid.endswith(("e2", "e3")):
                # new certificate holders: usable only from July (training / secondment until then)
                out.append((oid, "2027-01-01", "2027-06-30", "training"))
        return out
    gen("b4", f"{root}/b4", 900, [d(2), d(3), d(4)], city, dict(
        city_name="宜昌市", agencies=std_agencies, items=BASE_ITEMS, remote_share=0.2, sector_w=allsec,
        team_plan=lambda D, c: [(a, D, 4, 1, 3) for a in ("hb", "um", "gas", "re")],
        budget=lambda r: int(r.choice([0, 1, 3, 10, 25, 40])) if r.random() < 0.7 else "",
        cert_exp=lambda r: dt.date(2027, 1, 1) + dt.timedelta(days=int(r.integers(-30, 900))),
        extra_unavail=extra_un4, format="xlsx", n_trig=15), np.random.default_rng(4))

    # b5: year in motion
    gen("b5", f"{root}/b5", 800, [d(2), d(3)], city, dict(
        city_name="宜昌市", agencies=std_agencies, items=BASE_ITEMS, remote_share=0.35, sector_w=allsec,
        team_plan=lambda D, c: [(a, D, 5, 2, 4) for a in ("hb", "um", "gas", "re")] + [("um", [c + "00"], 4, 0, 4)],
        out_p=[0.4, 0.2, 0.3, 0.1], unrect=0.5, n_trig=40,
        policy=dict(sampling="uniform_lottery", trigger_within_workdays=8, urgent_within_workdays=2,
                    min_days_between_visits=45, max_moved_visits=2, freeze_workdays=3),
        extra_trig=lambda E, r: [
            ("TH01", E.enterprise_id.iloc[1], "hb", "2027-02-06", "complaint", "true"),   # received on holiday
            ("TH02", E.enterprise_id.iloc[2], "um", "2027-12-29", "referral", "false"),   # window runs into 2028
            ("TH03", E.enterprise_id.iloc[3], "gas", "2026-12-28", "complaint", "false"),  # received before the year
            ("TH04", E.enterprise_id.iloc[4], "hb", "2027-12-31", "complaint", "true"),   # last day
        ]), np.random.default_rng(5))

    # b6: scarce capacity, priority; GBK CSVs
    gen("b6", f"{root}/b6", 1400, [d(2), d(7)], city, dict(
        city_name="宜昌市", agencies=std_agencies, items=BASE_ITEMS, remote_share=0.25, sector_w=allsec,
        grade_p=[0.2, 0.3, 0.3, 0.2], sd_share=0.05, regrade=0.3,
        team_plan=lambda D, c: [(a, D, 3, 1, 2) for a in ("hb", "um", "gas", "re")],
        budget=lambda r: int(r.choice([20, 30, 40])) if r.random() < 0.5 else "",
        out_p=[0.5, 0.2, 0.2, 0.1], unrect=0.6, n_trig=60, format="gbk"), np.random.default_rng(6))


def make_bad(R):
    import shutil, zipfile
    g = sys.modules[__name__]

    rng = np.random.default_rng(9)
    city = "4205"
    g.gen("v0", f"{R}/v0", 150, ["420502", "420503"], city, dict(
        city_name="宜昌市", agencies=[("hb", "住建局"), ("um", "城管局"), ("gas", "燃气中心"), ("re", "房产中心")],
        items=g.BASE_ITEMS, remote_share=0.3, sector_w={s: 1.0 for s in g.SECTORS},
        team_plan=lambda D, c: [(a, D, 4, 1, 3) for a in ("hb", "um", "gas", "re")], n_trig=5), rng)
    shutil.rmtree(f"{R}/v0.judge", ignore_errors=True)

    def variant(name, fn):
        d = f"{R}/{name}"
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(f"{R}/v0", d)
        fn(d)

    def edit(file, f):
        def go(d):
            p = f"{d}/{file}.csv"
            df = pd.read_csv(p, dtype=str, keep_default_na=False)
            df = f(df)
            df.to_csv(p, index=False)
        return go

    def raw(file, text, enc="utf-8"):
        def go(d):
            with open(f"{d}/{file}", "wb") as fh:
                fh.write(text.encode(enc) if isinstance(text, str) else text)
        return go

    def multi(*fns):
        def go(d):
            for f in fns:
                f(d)
        return go

    def setcell(col, row, val):
        def f(df):
            df.loc[row, col] = val
            return df
        return f

    variant("wrong_column", edit("enterprises", lambda df: df.rename(columns={"district_code": "district"})))
    variant("bad_dates", multi(edit("officers", setcell("certificate_expires_on", 0, "2027/13/01")),
                               edit("unavailability", setcell("start_on", 1, "2027-02-30")),
                               edit("triggers", setcell("received_on", 0, "明天"))))
    variant("dup_ids", multi(edit("enterprises", lambda df: pd.concat([df, df.iloc[[3]]], ignore_index=True)),
                             edit("officers", lambda df: pd.concat([df, df.iloc[[0]]], ignore_index=True))))
    variant("unknown_refs", multi(edit("officers", setcell("team_id", 2, "hb-999999")),
                                  edit("teams", setcell("agency_id", 0, "fire")),
                                  edit("triggers", setcell("enterprise_id", 0, "91420502MA0000000X")),
                                  edit("recusals", setcell("officer_id", 0, "ghost-1"))))
    variant("empty_enterprises", raw("enterprises.csv", ""))
    variant("header_only_triggers", raw("triggers.csv", "trigger_id,enterprise_id,agency_id,received_on,kind,urgent\n"))
    variant("empty_triggers", raw("triggers.csv", ""))
    variant("empty_teams_rows", raw("teams.csv", "team_id,agency_id,district_code,max_visits_per_day\n"))
    variant("bad_policy_json", raw("policy.json", '{"year": 2027, "seed": "x", '))
    variant("bad_policy_values", raw("policy.json", json.dumps({"year": 2027, "seed": "foreign39-bad-policy-values-0001",
            "max_visits_per_officer_per_day": -1, "officers_per_agency_on_visit": "two",
            "tiers": {"A": {"sample_ratio": 1.7, "visits": 1}}, "no_such_key": 1})))
    variant("year_no_calendar", multi(lambda d: os.remove(f"{d}/calendar.csv"),
                                      raw("policy.json", json.dumps({"year": 2027, "seed": "foreign39-nocal-2027-abcdef"}))))
    variant("empty_legal_basis", edit("items", setcell("legal_basis", 1, "")))
    variant("bad_check_digit", edit("enterprises", lambda df: df.assign(enterprise_id=[e if i != 4 else e[:-1] + ("0" if e[-1] != "0" else "1") for i, e in enumerate(df.enterprise_id)])))
    variant("bad_codes", multi(edit("enterprises", setcell("sector", 5, "bakery")), edit("enterprises", setcell("size", 6, "huge")),
                               edit("enterprises", setcell("remote_monitoring", 7, "maybe")), edit("enterprises", setcell("lat", 8, "abc")),
                               edit("calendar", setcell("workday", 10, "perhaps")), edit("teams", setcell("max_visits_per_day", 1, "-3")),
                               edit("officers", setcell("annual_visit_budget", 3, "1.5"))))
    variant("garbage_binary", raw("enterprises.csv", bytes(range(256)) * 20))
    variant("dup_header", raw("agencies.csv", "agency_id,agency_id,name\nhb,hb,住建局\num,um,城管局\ngas,gas,燃气\nre,re,房产\n"))
    variant("missing_teams", lambda d: os.remove(f"{d}/teams.csv"))
    variant("gbk_all", lambda d: [pd.read_csv(p, dtype=str, keep_default_na=False).to_csv(p, index=False, encoding="gbk")
                                   for p in [f"{d}/{f}" for f in os.listdir(d) if f.endswith(".csv")]])
    def _bom(d):
        for f in os.listdir(d):
            if f.endswith(".csv"):
                p = f"{d}/{f}"
                b = open(p, "rb").read()
                open(p, "wb").write(b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"))
    variant("bom_crlf", _bom)
    variant("ragged_row", raw("agencies.csv", "agency_id,name\nhb,住建局,extra,cells\num\ngas,燃气\nre,房产\n"))
    variant("enforcement_no_cert", edit("officers", lambda df: df.assign(certificate_no=["" if i == 0 else c for i, c in enumerate(df.certificate_no)])))
    variant("trigger_bad_kind_agency", multi(edit("triggers", setcell("kind", 0, "rumour")), edit("triggers", setcell("agency_id", 1, "police"))))
    variant("inspection_future", edit("inspections", setcell("inspected_on", 0, "2027-06-01")))

    # xlsx variants
    def to_xlsx(d, extra=None, rename=None):
        frames = {f[:-4]: pd.read_csv(f"{d}/{f}", dtype=str, keep_default_na=False) for f in os.listdir(d) if f.endswith(".csv")}
        for f in list(frames):
            os.remove(f"{d}/{f}.csv")
        with pd.ExcelWriter(f"{d}/bundle.xlsx") as w:
            for k, v in frames.items():
                v.to_excel(w, sheet_name=(rename or {}).get(k, k), index=False)
            if extra:
                pd.DataFrame({"说明": ["填表说明", "勿删"]}).to_excel(w, sheet_name=extra, index=False)
    variant("xlsx_extra_sheet", lambda d: to_xlsx(d, extra="填表说明"))
    variant("xlsx_bad_sheetname", lambda d: to_xlsx(d, rename={"officers": "执法人员"}))
    variant("two_xlsx", lambda d: (to_xlsx(d), shutil.copy(f"{d}/bundle.xlsx", f"{d}/copy.xlsx")))
    variant("xlsx_and_csv", lambda d: (shutil.copy(f"{d}/teams.csv", f"{R}/_t.csv"), to_xlsx(d), shutil.copy(f"{R}/_t.csv", f"{d}/teams.csv")))
    # lone xlsx (no folder), default policy
    variant("lone_tmp", lambda d: to_xlsx(d))
    shutil.copy(f"{R}/lone_tmp/bundle.xlsx", f"{R}/lone.xlsx"); shutil.rmtree(f"{R}/lone_tmp")
    # truncated xlsx
    shutil.copy(f"{R}/lone.xlsx", f"{R}/truncated.xlsx")
    with open(f"{R}/truncated.xlsx", "r+b") as fh:
        fh.truncate(3000)
    # zip of a broken bundle with nested dir
    with zipfile.ZipFile(f"{R}/nested_bad.zip", "w") as z:
        for f in os.listdir(f"{R}/bad_dates"):
            z.write(f"{R}/bad_dates/{f}", f"outer/inner/{f}")
    print("ok")


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else "bundles"
    main(root)
    make_bad(os.path.join(root, "bad"))   # broken bundles + the valid base v0

