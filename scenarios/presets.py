"""The synthetic bureaus: sizes, the agencies, their item lists, the places."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    name: str
    enterprises: int
    cities: int  # 地级市, each with its own city-level teams
    districts_per_city: int
    agencies: tuple[str, ...]
    officers: int  # approximate head count, all roles
    year: int = 2027


PRESETS: dict[str, Preset] = {
    "demo": Preset("demo", 600, 1, 2, ("hb", "um", "gas"), 48),
    "city": Preset("city", 20_000, 1, 10, ("hb", "um", "gas", "re"), 600),
    "province": Preset("province", 200_000, 11, 9, ("hb", "um", "gas", "re"), 6_000),
    # a small one for the test suite: fast, yet every file and every path present
    "tiny": Preset("tiny", 160, 1, 2, ("hb", "um", "gas"), 26),
}

AGENCY_NAMES = {
    "hb": "住房和城乡建设局",
    "um": "城市管理局",
    "gas": "燃气管理中心",
    "re": "房产服务中心",
}

# item_id, agency, name, legal basis, sectors, remote_allowed
ITEMS: tuple[tuple[str, str, str, str, tuple[str, ...], bool], ...] = (
    ("hb-quality", "hb", "工程质量安全检查", "《建设工程质量管理条例》第四十七条", ("construction", "supervision", "testing", "ready_mix"), False),
    ("hb-market", "hb", "建筑市场行为检查", "《中华人民共和国建筑法》第十三条", ("construction", "supervision", "survey_design", "testing"), True),
    ("hb-design", "hb", "勘察设计质量检查", "《建设工程勘察设计管理条例》第五条", ("survey_design",), True),
    ("hb-mix", "hb", "预拌混凝土质量检查", "《建设工程质量管理条例》第三十一条", ("ready_mix",), False),
    ("um-dust", "um", "施工扬尘与渣土管理检查", "《中华人民共和国大气污染防治法》第六十九条", ("construction", "municipal"), False),
    ("um-facility", "um", "市政设施维护检查", "《城市道路管理条例》第三十条", ("municipal", "property_mgmt"), True),
    ("um-sanitation", "um", "市容环境卫生责任检查", "《城市市容和环境卫生管理条例》第十条", ("property_mgmt", "real_estate"), True),
    ("gas-safety", "gas", "燃气经营安全检查", "《城镇燃气管理条例》第十八条", ("gas",), False),
    ("gas-monitor", "gas", "燃气监测数据核查", "《城镇燃气管理条例》第四十一条", ("gas",), True),
    ("re-sales", "re", "商品房销售行为检查", "《城市房地产开发经营管理条例》第二十六条", ("real_estate",), True),
    ("re-property", "re", "物业服务质量检查", "《物业管理条例》第三十五条", ("property_mgmt",), False),
)

# 山西省: city code → name; district codes are made up from them (not an official list)
CITIES = {
    "1404": "长治市", "1401": "太原市", "1402": "大同市", "1403": "阳泉市", "1405": "晋城市",
    "1406": "朔州市", "1407": "晋中市", "1408": "运城市", "1409": "忻州市", "1410": "临汾市", "1411": "吕梁市",
}
CHANGZHI_DISTRICTS = ("140403", "140404", "140405", "140406", "140423", "140425", "140426", "140427", "140428", "140429",
                      "140430", "140431")

SECTOR_MIX = {
    "construction": 0.30, "real_estate": 0.10, "property_mgmt": 0.18, "gas": 0.05, "supervision": 0.06,
    "survey_design": 0.05, "testing": 0.03, "ready_mix": 0.03, "municipal": 0.06, "other": 0.14,
}
SIZE_MIX = {"micro": 0.45, "small": 0.35, "medium": 0.15, "large": 0.05}
# hidden log-odds effects: what really drives violations in the synthetic world
SECTOR_EFFECT = {
    "construction": 0.55, "real_estate": 0.25, "property_mgmt": 0.0, "gas": 0.45, "supervision": -0.2,
    "survey_design": -0.45, "testing": 0.1, "ready_mix": 0.35, "municipal": 0.15, "other": -0.3,
}
SIZE_EFFECT = {"micro": 0.35, "small": 0.15, "medium": -0.05, "large": -0.35}

# 2027: the State Council's notice is not out, and chinesecalendar stops at 2026.
# An invented schedule stands in, as in the spec's example: weekday holidays and 调休 weekend workdays.
HOLIDAYS_2027 = (
    "2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12",
    "2027-04-05", "2027-05-03", "2027-05-04", "2027-05-05", "2027-06-09", "2027-09-15", "2027-10-01",
    "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07",
)
MAKEUP_WORKDAYS_2027 = ("2027-02-20", "2027-04-25", "2027-09-26", "2027-10-09")
