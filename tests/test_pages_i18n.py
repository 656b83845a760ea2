"""Each planner's page reads wholly in the chosen language (walk9): rendered in Chinese and in English, the pages
show no internal code (basis, mode, sector, policy key, user role, plan state, solver status, risk-model candidate)
where a word exists, and the English pages no Chinese word of the product's own (the bureau's data, its enterprise,
agency and item names, stay as they are). Found: the diff page said "A级 Enterprise", "Enterprises added（3）" and
"min_days_between_visits 20" in English; the plan page said "风险模型: sign-constrained logistic" and "leader (leader)"
in Chinese; the English why page said "survey_design firms carry lower risk" and "onsite · follow_up".

One greedy plan of the tiny bureau, rejected, revised (v2: C tier 50 %, 20 days between entries, no visits in July),
then submitted and approved: a diff, a revisable plan, a timeline. A shortfall of each kind is added to v2's summary
(the tiny bureau has none) so that the plan page shows them."""

from __future__ import annotations

import csv
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from api_helpers import USERS, token, wait_done, zip_folder
from fastapi.testclient import TestClient

from api.flow import BASIS_ZH, KIND_ZH, MODE_ZH, POLICY_ZH
from api.i18n import SOLVER_WORDS, T
from bundle.schema import SECTOR_ZH

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # follow_up, survey_design, min_days_between_visits…
PHRASE = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}")  # an English phrase: "the annual visit budgets…"
FILES = re.compile(r"\b[\w.-]+\.(?:csv|json|zip|xlsx)\b")
SHORTFALLS = [  # as scheduler/reasons.py writes them (binding_zh, binding)
    {"kind": "mandatory", "id": "E-1", "rule": "R-AVAIL", "found": "after solving", "agency": "hb",
     "binding_zh": "hb-140403：3名持证执法人员的年度检查额度已于10月用尽（需20人次，可用18）",
     "binding": "hb-140403: the annual visit budgets of its 3 certified officers ran out in month 10 (20 officer-visits needed, 18 available) (visit 1)"},
    {"kind": "capacity", "id": "140403/hb", "rule": "R-AVAIL", "agency": "hb",
     "binding_zh": "hb-140403：3名持证执法人员的年度检查额度已于10月用尽（需20人次，可用18）",
     "binding": "district 140403, agency hb: 1 required visit(s) not placed; hb-140403: the annual visit budgets of its 3 certified officers ran out"},
    {"kind": "training", "id": "hb", "rule": "R-TRAIN", "found": "before solving", "binding_zh": "培训学时不足", "binding": "training hours short"},
]


class Visible(HTMLParser):
    """The text a reader sees: text nodes outside script and style, and the title, alt, placeholder and confirm
    texts; never attribute values that are codes (value=, data-…, href)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")
        self.parts += [v for k, v in attrs if k in ("title", "alt", "placeholder", "data-confirm") and v]

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.parts.append(data.strip())


def visible(page: str) -> list[str]:
    p = Visible()
    p.feed(page)
    return p.parts


COMMENTS = ("请审", "C级比例偏低", "按领导意见", "同意")  # what the users typed (data, in their language)


def names(bundle: Path) -> list[str]:
    """The bureau's own words (data, not the product's): enterprise, agency and item names and what the users
    typed, longest first."""
    out: set[str] = set(COMMENTS)
    for f in ("enterprises.csv", "agencies.csv", "items.csv"):
        with (bundle / f).open(encoding="utf-8-sig", newline="") as fh:
            out |= {r["name"] for r in csv.DictReader(fh) if r.get("name")}
    return sorted(out, key=len, reverse=True)


def agency_ids(bundle: Path) -> set[str]:
    with (bundle / "agencies.csv").open(encoding="utf-8-sig", newline="") as fh:
        return {r["agency_id"] for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path):  # type: ignore[no-untyped-def]
    from sqlmodel import Session

    from api.app import create_app
    from api.deps import COOKIE
    from api.models import Plan
    from api.security import create_user, csrf_for
    from api.settings import Settings

    tmp = tmp_path_factory.mktemp("i18n9")
    app = create_app(Settings(database_url=f"sqlite:///{tmp / 'p.db'}", data_dir=tmp / "data", plan_processes=1, plan_use_solver=False))
    with Session(app.state.engine) as s:
        for name, role, pw in USERS:
            create_user(s, name, role, pw, demo=True)
    client = TestClient(app)
    h = {u: token(client, u) for u in ("planner", "leader")}
    r = client.post("/api/bundles", headers=h["planner"], files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    assert r.status_code == 201, r.text
    v1 = client.post("/api/plans", headers=h["planner"], json={"bundle_id": r.json()["id"]}).json()["id"]
    assert wait_done(client, v1, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{v1}/submit", headers=h["planner"], json={"comment": "请审"}).status_code == 200
    assert client.post(f"/api/plans/{v1}/reject", headers=h["leader"], json={"comment": "C级比例偏低"}).status_code == 200
    r = client.post(f"/api/plans/{v1}/revise", headers=h["planner"], json={
        "tiers": {"C": {"sample_ratio": 0.5}}, "policy": {"min_days_between_visits": 20}, "avoid_months": [7], "note": "按领导意见"})
    assert r.status_code == 202, r.text
    v2 = r.json()["id"]
    assert wait_done(client, v2, h["planner"])["status"] == "done"
    assert client.post(f"/api/plans/{v2}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{v2}/approve", headers=h["leader"], json={"comment": "同意"}).status_code == 200
    sel = client.get(f"/api/plans/{v2}/visits?limit=500", headers=h["planner"]).json()["items"]
    # the mandatory shortfall names a firm of the plan (walk15: the table showed its credit code only)
    unmet = next(v["enterprise_id"] for v in sel if v["basis"] == "mandatory")
    with Session(app.state.engine) as s:
        p = s.get(Plan, v2)
        assert p is not None and p.summary is not None
        shortfalls = [{**SHORTFALLS[0], "id": unmet}, *SHORTFALLS[1:]]
        p.summary = {**p.summary, "shortfalls": shortfalls, "n_shortfalls": len(shortfalls)}
        s.add(p)
        s.commit()
    ents = {v["basis"]: v["enterprise_id"] for v in sel}  # one enterprise of each basis the plan has
    ents["not_drawn"] = next(row.split(",")[0] for row in client.get(f"/api/plans/{v2}/selection.csv", headers=h["leader"]).text.splitlines()[1:]
                             if ",not_drawn," in row)

    def get(user: str, url: str, lang: str) -> str:
        tok = h[user]["Authorization"].split()[1]
        client.cookies.clear()
        client.cookies.set(COOKIE, tok)
        client.headers["X-CSRF-Token"] = csrf_for(tok)
        r = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")  # params= would drop the url's own query
        assert r.status_code == 200, (url, r.status_code)
        return r.text

    urls = {"home": "/", "plan": f"/plans/{v2}", "old plan": f"/plans/{v1}", "diff": f"/plans/{v2}/diff", "visits": f"/plans/{v2}/visits",
            "calendar": f"/plans/{v2}/calendar", **{f"why {b}": f"/plans/{v2}/why?enterprise={e}" for b, e in ents.items()}}
    with client:
        yield {"get": get, "post": lambda user, url, body: client.post(url, headers=h[user], json=body), "urls": urls, "names": names(tiny_dir / "bundle"), "agencies": agency_ids(tiny_dir / "bundle"), "v1": v1, "v2": v2, "ents": ents}
    client.cookies.clear()


def pages(site: dict[str, Any], lang: str) -> dict[str, str]:
    """Every page, as the planner (who sees the revision form) and as the leader (who sees the decision)."""
    return {f"{user} {name}": site["get"](user, url, lang) for user in ("planner", "leader") for name, url in site["urls"].items()}


def test_english_pages_hold_no_chinese_word_of_the_product(site) -> None:  # type: ignore[no-untyped-def]
    found: dict[str, list[str]] = {}
    for name, page in pages(site, "en").items():
        assert 'lang="en"' in page, name
        for text in visible(page):
            rest = text
            for n in site["names"]:  # the bureau's data stay as written
                rest = rest.replace(n, "")
            if rest != "中文" and CJK.search(rest):  # 中文 is the switch back
                found.setdefault(name, []).append(text)
    assert not found, found


def test_english_pages_say_codes_in_words(site) -> None:  # type: ignore[no-untyped-def]
    """No snake_case code (follow_up, survey_design, min_days_between_visits) and no code whose English word differs
    from it (onsite, GREEDY, points) in what an English reader sees; file names (selection.csv) are names."""
    coded = {c for table in ("basis_words", "mode_words", "kind_words", "sector_words", "solver_words")
             for c, w in T["en"][table].items() if c.lower() != w.lower() and (c.isupper() or "_" in c or c == "onsite")}
    found: dict[str, list[str]] = {}
    for name, page in pages(site, "en").items():
        for text in visible(page):
            t = FILES.sub("", text)
            if SNAKE.search(t) or {w for w in re.findall(r"[A-Za-z][\w<-]*", t)} & coded:
                found.setdefault(name, []).append(text)
    assert not found, found


def test_chinese_pages_show_no_internal_code(site) -> None:  # type: ignore[no-untyped-def]
    """No basis, mode, shortfall kind, sector, policy key, plan state, job status, solver status or risk-model candidate
    as its code on a Chinese page; the user's role in words (the username is a name and stays)."""
    from risk.model import KIND_WORDS

    codes = (set(BASIS_ZH) | set(MODE_ZH) | set(KIND_ZH) | set(SECTOR_ZH) | set(POLICY_ZH) | set(T["zh"]["states"]) | set(T["zh"]["jobs"])
             | (set(SOLVER_WORDS["zh"]) - {"CP-SAT", "cp-sat"}) | set(T["zh"]["roles"]) | {"points", "submitted", "approved"})
    usernames = {u for u, _, _ in USERS} | site["agencies"]  # names, and the bureau's own agency codes (gas, hb)
    found: dict[str, list[str]] = {}
    for name, page in pages(site, "zh").items():
        assert 'lang="zh-CN"' in page, name
        for text in visible(page):
            t = FILES.sub("", text)
            words = set(re.findall(r"[A-Za-z][\w<-]*", t))
            raw = (words & codes) - usernames
            if raw or SNAKE.search(t) or PHRASE.search(t) or any(w in t for w in KIND_WORDS.values()) or any(f"({r})" in t for r in T["zh"]["roles"]):
                found.setdefault(name, []).append(text)
    assert not found, found


def test_the_words_have_one_source_and_cover_every_code() -> None:
    """Each table a page reads codes through has a word for every code in both languages; the Chinese ones are the
    dictionaries the exports and the rest of the product use (the same objects, not copies)."""
    from api import flow
    from bundle.schema import SECTOR_EN, SECTORS

    for table in ("basis_words", "mode_words", "kind_words", "sector_words", "policy_words", "roles", "solver_words", "states", "jobs",
                  "change_kinds"):
        assert set(T["zh"][table]) == set(T["en"][table]), table
        for lang in ("zh", "en"):
            assert all(w and (CJK.search(w) if lang == "zh" else not CJK.search(w)) for w in T[lang][table].values()), (table, lang)
    assert T["zh"]["basis_words"] is flow.BASIS_ZH and T["zh"]["mode_words"] is flow.MODE_ZH and T["zh"]["kind_words"] is flow.KIND_ZH
    assert T["zh"]["sector_words"] is SECTOR_ZH and T["en"]["sector_words"] is SECTOR_EN and set(SECTOR_EN) == set(SECTORS)
    assert set(flow.POLICY_EN) == set(flow.POLICY_ZH) == set(flow.REVISABLE_POLICY)


def test_every_risk_model_candidate_has_chinese_words() -> None:
    """The plan page's risk-model line names the candidate kept (plan.json risk_model.chosen): every candidate of the
    grid, weighted or not, and the points fallback, in Chinese without a Latin letter; in English as the model card says."""
    from sklearn.model_selection import ParameterGrid

    from api.i18n import model_words
    from risk.model import GRID, KIND_WORDS, candidate_words

    mix = {"model__kind": "mix", "model__mix": (("linear", None, 0.6), ("linear", 1.0, 0.15), ("boost3", None, 0.25))}
    chosen = [candidate_words(p) for p in ParameterGrid(GRID)] + list(KIND_WORDS.values()) + \
        [candidate_words({"model__kind": k, "model__half_life": 2.5}) for k in KIND_WORDS] + [candidate_words(mix), "points"]
    for c in chosen:
        zh = model_words("zh", c)
        assert CJK.search(zh) and not re.search(r"[A-Za-z]", zh), (c, zh)
        assert model_words("en", c) == (c if c != "points" else T["en"]["source_fallback"])
    assert "半衰期2.5年" in model_words("zh", candidate_words({"model__kind": "linear", "model__half_life": 2.5}))
    # the evidence-weighted mix (risk.model.evidence_weights): each part with its share
    assert model_words("zh", candidate_words(mix)) == \
        "按验证证据加权：符号约束逻辑回归（60%）；符号约束逻辑回归，近期记录加权（半衰期1.0年）（15%）；单调梯度提升（深度3）（25%）"
    tiny = {"model__kind": "mix", "model__mix": (("linear", None, 0.996), ("boost3", None, 0.004))}
    assert candidate_words(tiny).endswith("monotone boosting, depth 3 (<1%)")  # in the mix, so never "0%"
    assert model_words("zh", candidate_words(tiny)) == "按验证证据加权：符号约束逻辑回归（100%）；单调梯度提升（深度3）（<1%）"


def test_the_diff_page_reads_in_each_language(site) -> None:  # type: ignore[no-untyped-def]
    """The diff page (修订 against the previous version), by element: the changes, the figures' row labels, the counts."""
    url = site["urls"]["diff"]
    en = html.unescape(site["get"]("leader", url, "en"))
    zh = html.unescape(site["get"]("leader", url, "zh"))
    changes_en = re.search(r'id="changes">([^<]*)<', en)
    changes_zh = re.search(r'id="changes">([^<]*)<', zh)
    assert changes_en and changes_zh
    assert changes_en.group(1) == ("tier C sample ratio 50%; days between two entries, at least 20; no visits on: 2027-07-01…2027-07-31"), changes_en.group(1)
    assert changes_zh.group(1) == "C级抽查比例 50%；两次入企最少间隔天数 20；不安排检查：2027-07-01…2027-07-31", changes_zh.group(1)
    figures_en = re.search(r'<table id="diff-figures">(.*?)</table>', en, re.S)
    figures_zh = re.search(r'<table id="diff-figures">(.*?)</table>', zh, re.S)
    assert figures_en and figures_zh
    assert "tier A enterprises" in figures_en.group(1) and "tier C sample ratio %" in figures_en.group(1), figures_en.group(1)
    assert "A级企业" in figures_zh.group(1) and "C级抽查比例 %" in figures_zh.group(1), figures_zh.group(1)
    assert re.search(r"Enterprises added \(<span", en) and re.search(r"新增企业（<span", zh)


def test_the_plan_page_names_the_model_the_roles_and_the_shortfalls(site) -> None:  # type: ignore[no-untyped-def]
    url = site["urls"]["plan"]
    zh = html.unescape(site["get"]("leader", url, "zh"))
    en = html.unescape(site["get"]("leader", url, "en"))
    model_zh = re.search(r'<li id="risk-model">(.*?)</li>', zh, re.S)
    # the model in Chinese: the signed logistic alone, or leading an evidence-weighted mix (risk.model.evidence_weights)
    assert model_zh and re.search("风险模型：(按验证证据加权：)?符号约束逻辑回归", model_zh.group(1)), model_zh
    assert 'id="who" href="/account" title="我的账号">leader（审批领导）<' in zh and 'id="who" href="/account" title="My account">leader (leader)<' in en
    assert "<td>hb-140403：3名持证执法人员的年度检查额度已于10月用尽（需20人次，可用18）</td>" in zh
    assert "<td>hb-140403: the annual visit budgets of its 3 certified officers ran out in month 10" in en
    assert "重点检查 · R-AVAIL" in zh and "mandatory · R-AVAIL" in en  # the shortfall groups by kind
    firm = re.search(r'<tr><td><a href="/plans/\d+/why\?enterprise=([0-9A-Z]{18})">([^<]+)</a> <span class="mono">\1</span></td>', zh)
    assert firm and firm.group(2).strip(), "the shortfall's firm is not named and linked"
    assert '<tr><td><span class="mono">140403/hb</span></td>' in zh  # an id that is no firm stays as it is
    unmet_zh = re.search(r'<li>[^<]*<b id="unmet">1</b>([^<]*)</li>', zh)
    unmet_en = re.search(r'<li>[^<]*<b id="unmet">1</b>([^<]*)</li>', en)
    assert unmet_zh and unmet_zh.group(1) == " · hb-140403：1", unmet_zh  # the resource, not the English sentence
    assert unmet_en and unmet_en.group(1) == " · hb-140403: 1", unmet_en
    # a11y30 #14: the month chart's numbers as a table beside it, per month and tier; its totals are the plan's visits
    table = re.search(r'<table id="month-table">(.*?)</table>', zh, re.S)
    assert table and "<caption>各月检查数（按分级）</caption>" in table.group(1) and "The chart's numbers (a table)" in en
    rows = re.findall(r'<tr><th scope="row">(\d{4}-\d{2})</th>((?:<td>\d+</td>){5})</tr>', table.group(1))
    cells = [[int(x) for x in re.findall(r"<td>(\d+)</td>", r)] for _, r in rows]
    assert rows and all(sum(c[:4]) == c[4] for c in cells)
    plan_id = int(url.rstrip("/").rsplit("/", 1)[1])
    n_visits = len(json.loads(site["get"]("leader", f"/api/plans/{plan_id}/visits?limit=500", "zh"))["items"])
    assert n_visits < 500  # the tiny bureau's plan: one page holds it
    assert sum(c[4] for c in cells) == n_visits
    zh = html.unescape(site["get"]("planner", url, "zh"))  # the planner's revision form names each policy value
    en = html.unescape(site["get"]("planner", url, "en"))
    assert 'id="revise-form"' in zh and "<label>两次入企最少间隔天数 <input" in zh, zh
    assert "<label>days between two entries, at least <input" in en and "min_days_between_visits <input" not in en


def test_the_pages_in_both_languages_say_mode_and_basis_in_words(site) -> None:  # type: ignore[no-untyped-def]
    """The visit page (the officer's phone) said "2027-01-04 · onsite · sampled" in either language, and the code page
    the enterprise scans "入企现场检查 (onsite)": both pages are Chinese and English side by side, in words."""
    v2 = site["v2"]
    vs = site["get"]("planner", f"/api/plans/{v2}/year/visits?limit=1000", "zh")  # the approved plan's year
    import json

    visit = next(v for v in json.loads(vs)["visits"] if v["mode"] == "onsite")
    for lang in ("zh", "en"):
        page = html.unescape(site["get"]("planner", f"/plans/{v2}/year/visits/{visit['visit_id']}", lang))
        line = re.search(rf"<p>{visit['date']} · ([^<]*)</p>", page)
        assert line, page
        head = line.group(1)
        assert head.startswith(f"入企现场检查 on-site · {BASIS_ZH[visit['basis']]} {T['en']['basis_words'][visit['basis']]} · "), head
    code = re.search(r"/v/([\w-]+)", html.unescape(site["get"]("planner", f"/plans/{v2}/year/visits/{visit['visit_id']}", "zh")))
    assert code
    page = html.unescape(site["get"]("planner", f"/v/{code.group(1)}", "zh"))
    assert "· 入企现场检查 (on-site) ·" in page and "(onsite)" not in page


def test_the_leaders_home_names_each_in_year_change_in_words(site) -> None:  # type: ignore[no-untyped-def]
    """年内调整待我审批 listed the change by its summary alone ("V0001 9114… sampled: …"), with no word of what kind
    of change it is; the kind now leads, in the page's language (execution's summary text is the lead's to word)."""
    import json

    v2 = site["v2"]
    visits = json.loads(site["get"]("planner", f"/api/plans/{v2}/year/visits?limit=1000", "zh"))["visits"]
    visit = next(v for v in visits if v["status"] == "planned")
    r = site["post"]("planner", f"/api/plans/{v2}/year/visits/{visit['visit_id']}/status", {"status": "cancelled", "reason": "企业已注销"})
    assert r.status_code == 200, r.text
    zh = html.unescape(site["get"]("leader", "/", "zh"))
    en = html.unescape(site["get"]("leader", "/", "en"))
    assert re.search(r'<td class="change"><b>取消检查</b>：[^<]*企业已注销</td>', zh), zh
    assert re.search(r'<td class="change"><b>visit cancelled</b>: [^<]*企业已注销</td>', en), en
