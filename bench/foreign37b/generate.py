"""Independent bundle generator, written from /work/shared/spec/bundle.md alone.

python gen.py OUTDIR   -> OUTDIR/b1_scarce ... OUTDIR/b6_edges (each a bundle folder)
stdlib + pandas + numpy only.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys

import numpy as np
import pandas as pd

ALPH = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015 character set (31)
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_char(code17: str) -> str:
    s = sum(ALPH.index(c) * w for c, w in zip(code17, W))
    r = 31 - s % 31
    return ALPH[0 if r == 31 else r]


def credit_code(rng, district: str, used: set) -> str:
    while True:
        org = "".join(rng.choice(list(ALPH), 9))
        c17 = "91" + district + org
        c = c17 + check_char(c17)
        if c not in used:
            used.add(c)
            return c


SECTORS = ["construction", "real_estate", "property_mgmt", "gas", "supervision", "survey_design", "testing",
           "ready_mix", "municipal", "other"]
SECTOR_ZH = {"construction": "建筑施工", "real_estate": "房地产开发", "property_mgmt": "物业服务", "gas": "燃气经营",
             "supervision": "工程监理", "survey_design": "勘察设计", "testing": "工程质量检测", "ready_mix": "预拌混凝土",
             "municipal": "市政公用", "other": "其他"}
SIZE_ZH = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
KIND_ZH = {"commendation": "表彰奖励", "good": "良好信用信息", "bad": "不良信用信息", "serious_dishonest": "严重失信主体名单",
           "repair": "信用修复"}

# agency catalogue: id -> (name suffix, items [(id, name, basis, sectors, remote)])
AGENCY_CAT = {
    "hb": ("住房和城乡建设局", [
        ("hb-q", "工程质量安全检查", "《建设工程质量管理条例》", ["construction", "supervision", "testing", "ready_mix"], False),
        ("hb-m", "建筑市场行为检查", "《建筑法》", ["construction", "supervision", "survey_design", "testing", "ready_mix"], True),
        ("hb-re", "房地产开发企业资质检查", "《城市房地产开发经营管理条例》", ["real_estate"], True),
    ]),
    "um": ("城市管理局", [
        ("um-s", "施工扬尘与渣土管理检查", "《大气污染防治法》", ["construction", "municipal", "ready_mix"], False),
        ("um-m", "市政设施维护检查", "《城市道路管理条例》", ["municipal", "property_mgmt"], True),
    ]),
    "gas": ("燃气管理中心", [
        ("gas-s", "燃气经营安全检查", "《城镇燃气管理条例》", ["gas"], False),
        ("gas-d", "燃气监测数据核查", "《城镇燃气管理条例》", ["gas"], True),
    ]),
    "re": ("房产服务中心", [
        ("re-s", "商品房销售行为检查", "《城市房地产开发经营管理条例》", ["real_estate"], True),
        ("re-p", "物业服务质量检查", "《物业管理条例》", ["property_mgmt"], False),
    ]),
    "fire": ("消防救援支队", [  # used by b5: overlaps construction/property with hb and um
        ("fire-c", "施工现场消防安全检查", "《消防法》", ["construction", "property_mgmt", "gas"], False),
    ]),
}

SURN = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红")
CO1 = list("鑫华泰恒宏盛达建筑安通广顺兴隆城发")
CO2 = ["建设工程", "房地产开发", "物业管理", "燃气", "工程监理", "勘察设计", "检测", "混凝土", "市政工程", "商贸"]


def person(rng):
    return rng.choice(SURN) + "".join(rng.choice(GIVEN, rng.integers(1, 3)))


def calendar_2027(extra_off=(), extra_on=()):
    """An invented 2027 schedule (the state council's notice is not in any library): weekends off,
    statutory holidays off, make-up Saturdays/Sundays on."""
    off = set()
    on = set()
    hol = [("2027-01-01", "2027-01-03"), ("2027-02-05", "2027-02-12"), ("2027-04-04", "2027-04-06"),
           ("2027-05-01", "2027-05-05"), ("2027-06-09", "2027-06-11"), ("2027-09-15", "2027-09-17"),
           ("2027-10-01", "2027-10-07")]
    for a, b in hol:
        d = dt.date.fromisoformat(a)
        while d <= dt.date.fromisoformat(b):
            off.add(d)
            d += dt.timedelta(days=1)
    for s in ["2027-02-13", "2027-02-14", "2027-04-25", "2027-09-26", "2027-10-09"]:
        on.add(dt.date.fromisoformat(s))
    off |= {dt.date.fromisoformat(x) for x in extra_off}
    on |= {dt.date.fromisoformat(x) for x in extra_on}
    rows = []
    d = dt.date(2027, 1, 1)
    while d.year == 2027:
        wk = d.weekday() < 5
        w = (wk and d not in off) or d in on
        if d in off:
            w = False
        rows.append((d.isoformat(), w))
        d += dt.timedelta(days=1)
    return rows


def rand_date(rng, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=int(rng.integers(0, (b - a).days + 1)))


class Bureau:
    def __init__(self, name, seed, city_name, city4, n_districts, agencies, n_ent, year=2027):
        self.name, self.rng, self.city_name, self.city4 = name, np.random.default_rng(seed), city_name, city4
        self.year = year
        self.districts = [f"{city4}{i:02d}" for i in range(2, 2 + n_districts)]
        self.city_code = f"{city4}00"
        self.agencies = agencies
        self.n_ent = n_ent
        self.used = set()
        self.ent = []
        self.records, self.grades, self.insp, self.trig = [], [], [], []
        self.teams, self.officers, self.unav, self.recus = [], [], [], []
        self.policy = {"year": year, "seed": f"{name}-{year}"}
        self.calendar = calendar_2027()
        self.encode = {}

    # ---------------- enterprises
    def make_enterprises(self, sector_p=None, district_p=None, remote_p=0.3):
        rng = self.rng
        sector_p = sector_p or [0.35, 0.1, 0.15, 0.08, 0.05, 0.04, 0.04, 0.04, 0.1, 0.05]
        district_p = district_p or [1 / len(self.districts)] * len(self.districts)
        for i in range(self.n_ent):
            d = rng.choice(self.districts, p=district_p)
            sec = rng.choice(SECTORS, p=sector_p)
            size = rng.choice(["micro", "small", "medium", "large"], p=[0.3, 0.4, 0.2, 0.1])
            emp = int({"micro": 5, "small": 40, "medium": 300, "large": 1500}[size] * rng.uniform(0.3, 2))
            est = rand_date(rng, dt.date(1990, 1, 1), dt.date(self.year - 1, 10, 1))
            eid = credit_code(rng, d, self.used)
            nm = f"{self.city_name}{rng.choice(CO1)}{rng.choice(CO1)}{CO2[SECTORS.index(sec)]}有限公司{i}"
            self.ent.append(dict(enterprise_id=eid, name=nm, district_code=d, sector=sec, size=size, employees=emp,
                                 established_on=est.isoformat(), address=f"{self.city_name}某路{int(rng.integers(1, 999))}号",
                                 lat=round(30 + rng.uniform(0, 1), 6), lon=round(110 + rng.uniform(0, 1), 6),
                                 remote_monitoring=bool(rng.random() < remote_p)))

    def ent_df(self):
        return pd.DataFrame(self.ent)

    # ---------------- credit
    def make_grades(self, p_grade=0.85, pABCD=(0.5, 0.3, 0.15, 0.05), dist_override=None):
        rng = self.rng
        for e in self.ent:
            if rng.random() >= p_grade:
                continue
            p = pABCD
            if dist_override and e["district_code"] in dist_override:
                p = dist_override[e["district_code"]]
            g = rng.choice(list("ABCD"), p=p)
            # sometimes an older grade then a newer one (latest must win)
            if rng.random() < 0.15:
                old = rng.choice(list("ABCD"))
                self.grades.append(dict(enterprise_id=e["enterprise_id"], grade=old, rated_on=f"{self.year - 2}-10-31"))
            self.grades.append(dict(enterprise_id=e["enterprise_id"], grade=g, rated_on=f"{self.year - 1}-10-31"))

    def add_record(self, eid, on, kind, exp="", note=""):
        self.records.append(dict(enterprise_id=eid, recorded_on=on, kind=kind, expires_on=exp, note=note))

    def make_records(self, n_bad=0.15, n_good=0.1):
        rng = self.rng
        y = self.year
        for e in self.ent:
            if rng.random() < n_bad:
                on = rand_date(rng, dt.date(y - 3, 1, 1), dt.date(y - 1, 12, 1))
                self.add_record(e["enterprise_id"], on.isoformat(), "bad", (on + dt.timedelta(days=int(rng.integers(183, 1095)))).isoformat())
            if rng.random() < n_good:
                on = rand_date(rng, dt.date(y - 3, 1, 1), dt.date(y - 1, 12, 1))
                self.add_record(e["enterprise_id"], on.isoformat(), rng.choice(["good", "commendation"]),
                                (on + dt.timedelta(days=1095)).isoformat())

    def dishonest(self, eids, style_mix=True):
        """serious_dishonest records in every legal flavour; returns {eid: counts?} (what R-TIER says)."""
        rng = self.rng
        y = self.year
        for k, eid in enumerate(eids):
            f = k % 8 if style_mix else 0
            if f == 0:   # plain, last year, no expiry
                self.add_record(eid, f"{y - 1}-06-15", "serious_dishonest")
            elif f == 1:  # dated INSIDE the plan year (uploaded later in January)
                self.add_record(eid, f"{y}-{int(rng.integers(1, 12)):02d}-{int(rng.integers(1, 28)):02d}", "serious_dishonest")
            elif f == 2:  # expires on the first day of the plan year: still counts
                self.add_record(eid, f"{y - 3}-01-01", "serious_dishonest", f"{y}-01-01")
            elif f == 3:  # expired the day before the year: no longer counts
                self.add_record(eid, f"{y - 3}-01-01", "serious_dishonest", f"{y - 1}-12-31")
            elif f == 4:  # repaired later: no longer counts
                self.add_record(eid, f"{y - 2}-03-01", "serious_dishonest")
                self.add_record(eid, f"{y - 1}-09-01", "repair")
            elif f == 5:  # repair BEFORE the record: still counts
                self.add_record(eid, f"{y - 2}-03-01", "repair")
                self.add_record(eid, f"{y - 1}-09-01", "serious_dishonest", f"{y + 2}-09-01")
            elif f == 6:  # repair inside the plan year after a record last year: no longer counts
                self.add_record(eid, f"{y - 1}-05-01", "serious_dishonest")
                self.add_record(eid, f"{y}-03-01", "repair")
            elif f == 7:  # record inside plan year, grade A official: D must win
                self.add_record(eid, f"{y}-07-07", "serious_dishonest")
                self.grades.append(dict(enterprise_id=eid, grade="A", rated_on=f"{y - 1}-11-15"))

    # ---------------- history
    def make_history(self, p=0.4, p_unrect=0.08):
        rng = self.rng
        y = self.year
        ags = list(self.agencies)
        n = 0
        for e in self.ent:
            if rng.random() >= p:
                continue
            for _ in range(int(rng.integers(1, 3))):
                ag = self.applicable_agencies(e["sector"]) or ags
                a = rng.choice(ag)
                on = rand_date(rng, dt.date(y - 3, 1, 1), dt.date(y - 1, 12, 20))
                r = rng.random()
                out = "compliant" if r < 0.6 else "minor" if r < 0.8 else "violation" if r < 0.95 else "serious"
                rect = ""
                if out in ("violation", "serious"):
                    rect = "false" if (rng.random() < p_unrect / 0.2 and on.year == y - 1) else "true"
                self.insp.append(dict(inspection_id=f"H{n:07d}", enterprise_id=e["enterprise_id"], agency_id=a,
                                      inspected_on=on.isoformat(), officer_ids="", outcome=out, rectified=rect))
                n += 1

    def applicable_agencies(self, sector):
        out = []
        for a in self.agencies:
            for it in AGENCY_CAT[a][1]:
                if sector in it[3]:
                    out.append(a)
                    break
        return out

    # ---------------- staff
    def add_team(self, agency, district, max_per_day, n_enf, n_aux=1, n_legal=0, cert_exp=None, budget=None,
                 team_id=None):
        rng = self.rng
        tid = team_id or f"{agency}-{district}"
        self.teams.append(dict(team_id=tid, agency_id=agency, district_code=district, max_visits_per_day=max_per_day))
        k = 0
        for role, n in (("enforcement", n_enf), ("auxiliary", n_aux), ("legal_review", n_legal)):
            for _ in range(n):
                oid = f"{tid}-{k:02d}"
                k += 1
                o = dict(officer_id=oid, name=person(rng), team_id=tid, role=role, certificate_no="", certificate_expires_on="",
                         training_hours=int(rng.integers(20, 100)), annual_visit_budget="")
                if role == "enforcement":
                    o["certificate_no"] = f"执{int(rng.integers(10**7, 10**8))}"
                    o["certificate_expires_on"] = (cert_exp(k) if cert_exp else f"{self.year + 2}-06-30")
                    if budget is not None:
                        o["annual_visit_budget"] = budget(k) if callable(budget) else budget
                self.officers.append(o)
        return tid

    def leave(self, oid, a, b, reason="leave"):
        self.unav.append(dict(officer_id=oid, start_on=a, end_on=b, reason=reason))

    def random_leave(self, frac=0.5, max_len=20):
        rng = self.rng
        for o in self.officers:
            if rng.random() < frac:
                s = rand_date(rng, dt.date(self.year, 1, 1), dt.date(self.year, 12, 20))
                self.leave(o["officer_id"], s.isoformat(), min(s + dt.timedelta(days=int(rng.integers(1, max_len))),
                                                              dt.date(self.year, 12, 31)).isoformat(),
                           rng.choice(["leave", "training", "secondment"]))

    def team_of(self, tid):
        return next(t for t in self.teams if t["team_id"] == tid)

    # ---------------- triggers
    def add_trigger(self, eid, agency, on, kind="complaint", urgent=False):
        self.trig.append(dict(trigger_id=f"T{len(self.trig):05d}", enterprise_id=eid, agency_id=agency, received_on=on,
                              kind=kind, urgent="true" if urgent else "false"))

    # ---------------- write
    def write(self, out):
        d = os.path.join(out, self.name)
        os.makedirs(d, exist_ok=True)
        enc = self.encode
        bom = enc.get("bom", False)
        zh = enc.get("zh_labels", False)

        def b(x):
            if zh:
                return "是" if x else "否"
            return "true" if x else "false"

        def wr(fname, rows, cols, extra=None):
            df = pd.DataFrame(rows, columns=cols)
            if extra:
                for k, v in extra.items():
                    df[k] = v
            if enc.get("shuffle_cols"):
                df = df[list(self.rng.permutation(df.columns))]
            df.to_csv(os.path.join(d, fname), index=False, encoding="utf-8-sig" if bom else "utf-8",
                      lineterminator="\r\n" if enc.get("crlf") else "\n", quoting=csv.QUOTE_MINIMAL)

        ents = []
        for e in self.ent:
            e2 = dict(e)
            e2["remote_monitoring"] = b(e["remote_monitoring"])
            if zh:
                e2["sector"] = SECTOR_ZH[e["sector"]]
                e2["size"] = SIZE_ZH[e["size"]]
            ents.append(e2)
        ecols = ["enterprise_id", "name", "district_code", "sector", "size", "employees", "established_on", "address",
                 "lat", "lon", "remote_monitoring"]
        wr("enterprises.csv", ents, ecols, {"备注": "无"} if enc.get("extra_cols") else None)
        recs = [dict(r, kind=KIND_ZH[r["kind"]] if zh else r["kind"]) for r in self.records]
        wr("credit_records.csv", recs, ["enterprise_id", "recorded_on", "kind", "expires_on", "note"])
        wr("credit_grades.csv", self.grades, ["enterprise_id", "grade", "rated_on"])
        OUT_ZH = {"compliant": "未发现问题", "minor": "轻微问题", "violation": "违法违规", "serious": "严重违法违规"}
        ins = []
        for r in self.insp:
            r2 = dict(r)
            if zh:
                r2["outcome"] = OUT_ZH[r["outcome"]]
                if r["rectified"]:
                    r2["rectified"] = "是" if r["rectified"] == "true" else "否"
            ins.append(r2)
        wr("inspections.csv", ins, ["inspection_id", "enterprise_id", "agency_id", "inspected_on", "officer_ids", "outcome",
                                    "rectified"])
        TK_ZH = {"complaint": "投诉举报", "referral": "转办交办", "data_monitoring": "数据监测", "enterprise_request": "企业申请"}
        trs = []
        for t in self.trig:
            t2 = dict(t)
            if zh:
                t2["urgent"] = "是" if t["urgent"] == "true" else "否"
            trs.append(t2)
        wr("triggers.csv", trs, ["trigger_id", "enterprise_id", "agency_id", "received_on", "kind", "urgent"])
        wr("agencies.csv", [dict(agency_id=a, name=self.city_name + AGENCY_CAT[a][0]) for a in self.agencies],
           ["agency_id", "name"])
        items = []
        for a in self.agencies:
            for iid, nm, basis, secs, rem in AGENCY_CAT[a][1]:
                items.append(dict(item_id=iid, agency_id=a, name=nm, legal_basis=basis,
                                  sectors=";".join(SECTOR_ZH[s] if zh else s for s in secs), remote_allowed=b(rem)))
        wr("items.csv", items, ["item_id", "agency_id", "name", "legal_basis", "sectors", "remote_allowed"])
        wr("teams.csv", self.teams, ["team_id", "agency_id", "district_code", "max_visits_per_day"])
        ROLE_ZH = {"enforcement": "执法人员", "auxiliary": "执法辅助人员", "legal_review": "法制审核人员"}
        offs = [dict(o, role=ROLE_ZH[o["role"]]) if zh else o for o in self.officers]
        wr("officers.csv", offs, ["officer_id", "name", "team_id", "role", "certificate_no", "certificate_expires_on",
                                  "training_hours", "annual_visit_budget"])
        wr("unavailability.csv", self.unav, ["officer_id", "start_on", "end_on", "reason"])
        wr("recusals.csv", self.recus, ["officer_id", "enterprise_id", "reason"])
        wr("calendar.csv", [dict(date=a, workday=b(w)) for a, w in self.calendar], ["date", "workday"])
        with open(os.path.join(d, "policy.json"), "w", encoding="utf-8") as f:
            json.dump(self.policy, f, ensure_ascii=False, indent=2)
        return d


def std_staff(B, per_district, city=None, max_per_day=4, cert_exp=None):
    """per_district: {agency: n_enf}; city: {agency: n_enf} for city-level teams."""
    for a, n in per_district.items():
        for dcode in B.districts:
            B.add_team(a, dcode, max_per_day, n, n_aux=1, n_legal=1 if n >= 4 else 0, cert_exp=cert_exp)
    for a, n in (city or {}).items():
        B.add_team(a, B.city_code, max_per_day, n, n_aux=1, n_legal=0, cert_exp=cert_exp)


# =====================================================================================
def b1_scarce(out):
    """A scarce gas office: one city-level team, three enforcement officers of whom two certificates expire
    mid-year (one on a holiday), one already expired before the year, one on a long secondment."""
    B = Bureau("b1_scarce", 101, "晋城市", "1405", 3, ["hb", "um", "gas"], 900)
    B.make_enterprises(sector_p=[0.3, 0.05, 0.1, 0.25, 0.05, 0.03, 0.04, 0.05, 0.1, 0.03], remote_p=0.35)
    B.make_grades(pABCD=(0.45, 0.3, 0.17, 0.08))
    B.make_records()
    ents = B.ent_df()
    B.dishonest(list(ents[ents.sector == "gas"].enterprise_id.sample(24, random_state=1)))
    B.make_history(p=0.5)
    std_staff(B, {"hb": 4, "um": 3}, city={"hb": 4})
    exp = {1: "2027-06-30", 2: "2027-10-01", 3: "2026-12-31", 4: "2029-12-31"}
    tid = B.add_team("gas", B.city_code, 3, 4, n_aux=3, n_legal=0, cert_exp=lambda k: exp[k])
    B.leave(f"{tid}-03", "2027-03-01", "2027-08-31", "secondment")  # the only long-valid certificate away half the year
    B.leave(f"{tid}-00", "2027-02-15", "2027-02-26", "training")
    rng = B.rng
    gas = list(ents[ents.sector == "gas"].enterprise_id)
    for k in range(40):
        d = rand_date(rng, dt.date(2027, 1, 4), dt.date(2027, 12, 24))
        B.add_trigger(rng.choice(gas), "gas", d.isoformat(), rng.choice(["complaint", "data_monitoring"]), rng.random() < 0.3)
    B.policy.update({"reserve_capacity_ratio": 0.1})
    return B.write(out)


def b2_triggers(out):
    """One district drowning in complaints: ~300 triggers through the year (some urgent, some received in late
    December of the previous year, some in the last days of the plan year), competing with its D-tier firms."""
    B = Bureau("b2_triggers", 202, "宜宾市", "5115", 4, ["hb", "um", "re"], 1400)
    B.make_enterprises()
    hot = B.districts[0]
    B.make_grades(dist_override={hot: (0.3, 0.3, 0.25, 0.15)})
    B.make_records()
    B.make_history(p=0.5, p_unrect=0.1)
    std_staff(B, {"hb": 4, "um": 3, "re": 2})
    rng = B.rng
    ents = B.ent_df()
    hot_e = ents[ents.district_code == hot]
    kinds = ["complaint", "referral", "data_monitoring", "enterprise_request"]
    for k in range(300):
        e = hot_e.sample(1, random_state=int(rng.integers(1 << 30))).iloc[0]
        ags = B.applicable_agencies(e.sector) or ["um"]
        a = rng.choice(ags)
        if k < 10:
            d = rand_date(rng, dt.date(2026, 12, 15), dt.date(2026, 12, 31))
        elif k < 20:
            d = rand_date(rng, dt.date(2027, 12, 20), dt.date(2027, 12, 31))
        else:
            d = rand_date(rng, dt.date(2027, 1, 1), dt.date(2027, 12, 19))
        B.add_trigger(e.enterprise_id, a, d.isoformat(), rng.choice(kinds), rng.random() < 0.25)
    # two agencies' triggers on one firm, received the same day (a joint row can hold one trigger_id?)
    for e in hot_e[hot_e.sector == "construction"].enterprise_id.head(6):
        B.add_trigger(e, "hb", "2027-03-10", "complaint", False)
        B.add_trigger(e, "um", "2027-03-10", "complaint", False)
    # a trigger by an agency none of whose items apply to the firm's sector
    for e in hot_e[hot_e.sector == "gas"].enterprise_id.head(3):
        B.add_trigger(e, "re", "2027-04-12", "referral", True)
    # burst: 40 urgent triggers in one week
    for k in range(40):
        e = hot_e.sample(1, random_state=1000 + k).iloc[0]
        a = (B.applicable_agencies(e.sector) or ["um"])[0]
        B.add_trigger(e.enterprise_id, a, "2027-06-21", "complaint", True)
    return B.write(out)


def b3_dishonest(out):
    """A district full of serious_dishonest / tier-D firms, with small district teams; half of the D records
    are the tricky flavours (dated in the plan year, expiring on 1 January, repaired, repair-before-record)."""
    B = Bureau("b3_dishonest", 303, "黔东南州", "5226", 3, ["hb", "um", "gas"], 1600)
    B.make_enterprises(district_p=[0.5, 0.25, 0.25])
    hot = B.districts[0]
    B.make_grades(dist_override={hot: (0.3, 0.3, 0.2, 0.2)})
    B.make_records()
    ents = B.ent_df()
    B.dishonest(list(ents[ents.district_code == hot].enterprise_id.sample(200, random_state=3)))
    B.make_history(p=0.5, p_unrect=0.1)
    for a, n in {"hb": 3, "um": 2, "gas": 2}.items():
        B.add_team(a, hot, 2, n, n_aux=2)
    for dcode in B.districts[1:]:
        for a, n in {"hb": 4, "um": 3, "gas": 2}.items():
            B.add_team(a, dcode, 4, n, n_aux=1, n_legal=1)
    B.add_team("hb", B.city_code, 3, 4, n_aux=0)
    rng = B.rng
    for k in range(60):
        e = ents.sample(1, random_state=500 + k).iloc[0]
        a = (B.applicable_agencies(e.sector) or ["um"])[0]
        B.add_trigger(e.enterprise_id, a, rand_date(rng, dt.date(2027, 1, 4), dt.date(2027, 12, 10)).isoformat(),
                      "complaint", rng.random() < 0.2)
    return B.write(out)


def b4_recusal_leave(out):
    """Heavy recusals (each officer recused from ~15% of the firms in reach) and heavy leave (most officers with
    two or three absences, some months long; whole-team absences in one week)."""
    B = Bureau("b4_recusal_leave", 404, "赣州市", "3607", 3, ["hb", "um", "re"], 1000)
    B.make_enterprises()
    B.make_grades()
    B.make_records()
    ents = B.ent_df()
    B.dishonest(list(ents.enterprise_id.sample(50, random_state=4)))
    B.make_history(p=0.4)
    std_staff(B, {"hb": 4, "um": 3, "re": 2}, city={"um": 3})
    rng = B.rng
    for o in B.officers:
        t = B.team_of(o["team_id"])
        reach = ents if t["district_code"].endswith("00") else ents[ents.district_code == t["district_code"]]
        for eid in reach.enterprise_id.sample(frac=0.15, random_state=int(rng.integers(1 << 30))):
            B.recus.append(dict(officer_id=o["officer_id"], enterprise_id=eid, reason=rng.choice(["亲属关系", "曾任职", "利害关系"])))
    for _ in range(3):
        B.random_leave(frac=0.8, max_len=45)
    # one team entirely away for two weeks; one officer away all year
    for o in B.officers:
        if o["team_id"] == f"hb-{B.districts[0]}":
            B.leave(o["officer_id"], "2027-05-10", "2027-05-23", "training")
    B.leave(f"re-{B.districts[1]}-00", "2027-01-01", "2027-12-31", "secondment")
    # leave spanning the year boundary
    B.leave(f"um-{B.districts[2]}-00", "2026-12-01", "2027-01-31", "leave")
    for k in range(50):
        e = ents.sample(1, random_state=900 + k).iloc[0]
        a = (B.applicable_agencies(e.sector) or ["um"])[0]
        B.add_trigger(e.enterprise_id, a, rand_date(rng, dt.date(2027, 1, 4), dt.date(2027, 12, 10)).isoformat(),
                      "referral", rng.random() < 0.3)
    return B.write(out)


def b5_joint(out):
    """Three agencies whose items overlap on construction/property/gas firms, with very unequal teams:
    hb large per district, um two officers per district, fire one city-level team of three."""
    B = Bureau("b5_joint", 505, "洛阳市", "4103", 4, ["hb", "um", "fire"], 1300)
    B.make_enterprises(sector_p=[0.45, 0.05, 0.2, 0.1, 0.03, 0.02, 0.03, 0.04, 0.05, 0.03])
    B.make_grades(pABCD=(0.45, 0.3, 0.17, 0.08))
    B.make_records()
    ents = B.ent_df()
    B.dishonest(list(ents[ents.sector == "construction"].enterprise_id.sample(40, random_state=5)))
    B.make_history(p=0.4, p_unrect=0.1)
    for dcode in B.districts:
        B.add_team("hb", dcode, 6, 8, n_aux=2, n_legal=1)
        B.add_team("um", dcode, 2, 2, n_aux=1)
    B.add_team("fire", B.city_code, 3, 3, n_aux=1)
    B.add_team("fire", B.districts[0], 2, 2, n_aux=0)
    rng = B.rng
    for k in range(40):
        e = ents[ents.sector == "construction"].sample(1, random_state=700 + k).iloc[0]
        B.add_trigger(e.enterprise_id, rng.choice(["hb", "um", "fire"]),
                      rand_date(rng, dt.date(2027, 1, 4), dt.date(2027, 12, 10)).isoformat(), "complaint", rng.random() < 0.2)
    return B.write(out)


def b6_edges(out):
    """Calendar and policy at the edges: caps at their minimum, windows of one working day, a long summer
    shutdown in calendar.csv plus make-up weekend days, C tier with ratio 1 (mandatory), A ratio 0, uniform lottery,
    empty onsite_required_tiers, a unicode seed; encodings: BOM, CRLF, Chinese labels, 是/否, shuffled and extra
    columns, header-only optional files, firms registered in one district sitting in another."""
    B = Bureau("b6_edges", 606, "长治市", "1404", 2, ["hb", "um", "gas", "re"], 650)
    off = [(dt.date(2027, 7, 1) + dt.timedelta(days=i)).isoformat() for i in range(62)]  # July–August shut
    off += [(dt.date(2027, 12, 18) + dt.timedelta(days=i)).isoformat() for i in range(14)]
    on = ["2027-03-06", "2027-03-13", "2027-11-20", "2027-11-21"]
    B.calendar = calendar_2027(off, on)
    B.make_enterprises(remote_p=0.6)
    # some firms registered elsewhere in the city (code's district differs from district_code)
    for e in B.ent[:40]:
        other = [d for d in B.districts if d != e["district_code"]][0]
        B.used.discard(e["enterprise_id"])
        eid = credit_code(B.rng, other, B.used)
        e["enterprise_id"] = eid
    B.make_grades()
    B.make_records()
    ents = B.ent_df()
    B.dishonest(list(ents.enterprise_id.sample(24, random_state=6)))
    B.make_history(p=0.3)
    std_staff(B, {"hb": 3, "um": 3, "gas": 2, "re": 2}, city={"hb": 2}, max_per_day=1)
    rng = B.rng
    for k in range(25):
        e = ents.sample(1, random_state=800 + k).iloc[0]
        a = (B.applicable_agencies(e.sector) or ["um"])[0]
        B.add_trigger(e.enterprise_id, a, rand_date(rng, dt.date(2027, 1, 4), dt.date(2027, 12, 31)).isoformat(),
                      "enterprise_request", rng.random() < 0.5)
    B.trig.append(dict(trigger_id="T-shut", enterprise_id=ents.enterprise_id.iloc[100], agency_id="hb",
                       received_on="2027-07-15", kind="complaint", urgent="true"))  # received during the shutdown
    B.unav = []   # header-only optional file
    B.policy = {
        "year": 2027, "seed": "长治·二〇二七 #edge", "sampling": "uniform_lottery", "min_lottery_weight": 0.001,
        "tiers": {"A": {"sample_ratio": 0.0, "visits": 1}, "B": {"sample_ratio": 0.5, "visits": 1},
                  "C": {"sample_ratio": 1.0, "visits": 1}, "D": {"sample_ratio": 1.0, "visits": 1}},
        "max_visits_per_agency_per_enterprise": 1, "max_entries_per_enterprise": 1,
        "min_days_between_visits": 0, "min_days_between_repeat_visits": 0,
        "officers_per_agency_on_visit": 2, "max_visits_per_officer_per_day": 1, "max_visits_per_officer_per_year": 25,
        "max_remote_checks_per_officer_per_day": 1, "onsite_required_tiers": [],
        "trigger_within_workdays": 1, "urgent_within_workdays": 1, "reserve_capacity_ratio": 0.0,
    }
    B.encode = {"bom": True, "crlf": True, "zh_labels": True, "extra_cols": True, "shuffle_cols": True}
    return B.write(out)


ALL = [b1_scarce, b2_triggers, b3_dishonest, b4_recusal_leave, b5_joint, b6_edges]

if __name__ == "__main__" and "p7" not in sys.argv and "p8" not in sys.argv:
    out = sys.argv[1] if len(sys.argv) > 1 else "bundles"
    only = sys.argv[2:] or None
    for f in ALL:
        if only and f.__name__ not in only:
            continue
        print(f.__name__, f(out))


def p7_followup_late(out):
    """Probe (not one of the six): the only hb team is away January–May, so last year's unrectified violations can
    only be followed up from June; rules.md R-FOLLOW gives follow-ups no window. Also an officer with
    annual_visit_budget 0 and leave rows with an empty reason."""
    B = Bureau("p7_followup_late", 707, "渭南市", "6105", 1, ["hb", "um"], 600)
    B.make_enterprises(sector_p=[0.6, 0.05, 0.1, 0.0, 0.05, 0.05, 0.05, 0.05, 0.05, 0.0])
    B.make_grades()
    B.make_records()
    B.make_history(p=0.6, p_unrect=0.15)
    std_staff(B, {"hb": 4, "um": 3})
    for o in B.officers:
        if o["team_id"].startswith("hb-"):
            B.leave(o["officer_id"], "2027-01-01", "2027-05-31", "")
    B.officers[1]["annual_visit_budget"] = 0
    return B.write(out)


if __name__ == "__main__" and "p7" in sys.argv:
    print(p7_followup_late("bundles"))


def p8_city_team(out):
    """Probe: district A's local um officers are each recused from ~45% of A's firms, so many A firms need the
    city-level um team (R-TEAM lets it work in every district); district B has plenty of local staff."""
    B = Bureau("p8_city_team", 808, "岳阳市", "4306", 2, ["hb", "um"], 900)
    B.make_enterprises(sector_p=[0.2, 0.0, 0.3, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0], remote_p=0.1)
    B.make_grades(pABCD=(0.3, 0.3, 0.3, 0.1))
    B.make_records()
    B.make_history(p=0.3)
    A, Bd = B.districts
    B.add_team("hb", A, 4, 4, n_aux=0)
    B.add_team("hb", Bd, 4, 4, n_aux=0)
    B.add_team("um", A, 4, 3, n_aux=0)
    B.add_team("um", Bd, 4, 5, n_aux=0)
    B.add_team("um", B.city_code, 4, 4, n_aux=0)
    ents = B.ent_df()
    rng = B.rng
    a_ents = ents[ents.district_code == A]
    for o in B.officers:
        if o["team_id"] == f"um-{A}":
            for eid in a_ents.enterprise_id.sample(frac=0.45, random_state=int(rng.integers(1 << 30))):
                B.recus.append(dict(officer_id=o["officer_id"], enterprise_id=eid, reason="亲属关系"))
    for k in range(30):
        e = a_ents[a_ents.sector.isin(["municipal", "property_mgmt", "construction"])].sample(1, random_state=100 + k).iloc[0]
        B.add_trigger(e.enterprise_id, "um", rand_date(rng, dt.date(2027, 1, 4), dt.date(2027, 12, 1)).isoformat(),
                      "complaint", bool(rng.random() < 0.3))
    return B.write(out)


if __name__ == "__main__" and "p8" in sys.argv:
    print(p8_city_team("bundles"))
