"""review11: reason phrases that read wrong on their own (risk/reasons.py PHRASES fed by risk/features.py).

A phrase is read aloud to a firm and to the planner; each must be true of the firm by itself. The bundle spec
(bundle.md) makes `employees` and `established_on` optional and puts no limit on how far back inspections.csv runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bundle import load_bundle
from risk.features import feature_frame, plan_cutoff
from risk.reasons import phrase
from tests.conftest import read_rows, write_rows


@pytest.fixture(scope="module")
def edited(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The demo bundle with one firm's employees and established_on left blank (both optional), and a firm that was
    never inspected given a single violation five years before the plan year."""
    dst = tmp_path_factory.mktemp("review11_reasons") / "bundle"
    shutil.copytree(demo_dir / "bundle", dst)
    header, rows = read_rows(dst / "enterprises.csv")
    blank = rows[0][header.index("enterprise_id")]
    rows[0][header.index("employees")] = ""
    rows[0][header.index("established_on")] = ""
    write_rows(dst / "enterprises.csv", header, rows)
    ih, irows = read_rows(dst / "inspections.csv")
    inspected = {r[ih.index("enterprise_id")] for r in irows}
    old = next(r[header.index("enterprise_id")] for r in rows if r[header.index("enterprise_id")] not in inspected)
    template = list(irows[0])
    template[ih.index("inspection_id")] = "H99999999"
    template[ih.index("enterprise_id")] = old
    template[ih.index("inspected_on")] = "2022-03-01"  # the plan year is 2027: five years before it
    template[ih.index("outcome")] = "violation"
    template[ih.index("rectified")] = "true"
    write_rows(dst / "inspections.csv", ih, [*irows, template])
    return dst, blank, old


def _features(bundle_dir: Path, firm: str) -> pd.Series:
    b = load_bundle(bundle_dir)
    assert not [w for w in b.warnings if getattr(w, "level", "") == "error"]
    q = pd.DataFrame({"enterprise_id": [firm], "cutoff": [plan_cutoff(b)]})
    return feature_frame(b, q).iloc[0]


@pytest.mark.parametrize(("feature", "words"), [("log_employees", ("约0人", "0 employee(s)")), ("age_years", ("成立10年", "10 year(s)"))])
def test_a_blank_register_field_gives_no_reason(edited: tuple[Path, str, str], feature: str, words: tuple[str, str]) -> None:
    """DEFECT (mended): a blank `employees` became log1p(0) and read "about 0 employees" / 从业人员约0人, a blank
    `established_on` an age of 10.0 and read "10 year(s) in business" / 成立10年 — claims the bureau never made. The
    model still reads the filled value; the frame marks it (risk.features.UNKNOWN_WHEN) and no reason names it, up
    or down. A firm whose register gives the field still gets its phrase (the test can fail)."""
    from risk.features import unknown_column
    from risk.score import top_factors

    dst, blank, old = edited
    f = _features(dst, blank)
    assert f[unknown_column(feature)] == 1
    said = phrase(feature, f[feature], 1.0)
    assert said is not None and (words[0] in said[0] or words[1] in said[1])  # what the filled value would say
    for up in (True, False):
        assert top_factors(f, [feature], np.array([1.0 if up else -1.0]), up) == []
    known = _features(dst, old)
    assert known[unknown_column(feature)] == 0
    assert [x.feature for x in top_factors(known, [feature], np.array([1.0]), True)] == [feature]


def test_three_years_in_the_words_means_three_years_in_the_counts(edited: tuple[Path, str, str]) -> None:
    """DEFECT: n_inspections and n_violations count every inspection in the bundle (risk/features.py reads no window),
    yet their phrases say 近三年 / "in three years". A firm inspected once, five years ago, reads "近三年接受检查1次 /
    inspected 1 time(s) in three years" and "近三年检查发现违法行为1次" — and, beside them, days_since_last (capped at three
    years) gives no phrase. The eleventh round's new n_serious phrase says 以往 (ever) for the same window, so the two
    now disagree on what they count. Mend: count within DAYS_CAP, or say 以往 / "in past inspections" in every phrase."""
    dst, _, old = edited
    f = _features(dst, old)
    in_three_years = 0  # its only inspection is dated 2022-03-01, the cut-off 2027-01-01
    for feature in ("n_inspections", "n_violations"):
        said = phrase(feature, f[feature], 1.0)
        if said is None:
            continue
        zh, en = said
        if "三年" in zh or "three years" in en:  # a three-year claim must count three years
            assert f[feature] == in_three_years, (feature, f[feature], zh, en)


def test_the_serious_phrase_stands_alone_in_both_languages() -> None:
    """sound (dccce27): the n_serious phrase names its own count and no neighbour; it would fail if 其中 / "of them"
    came back."""
    zh, en = phrase("n_serious", 2, 1.0)  # type: ignore[misc]
    assert "其中" not in zh and "of them" not in en
    # "include", not "found": beside "1 violation(s) found" it must not read as a second violation (review11's note)
    assert "严重违法" in zh and "2" in zh and en == "past violations include 2 serious one(s)"
    assert phrase("n_serious", 0, 1.0) is None


def test_no_published_reason_says_zero_employees_of_a_firm_whose_count_is_blank(demo_dir: Path, tmp_path: Path) -> None:
    """DEFECT, as published: the demo bundle with `employees` blank for 30% of its firms (160 of 600, rng seed 0):
    50 of those 160 reasons say "about 0 employees" / 从业人员约0人, listed as raising the risk (the blank is read as 0
    and the model scores a tiny firm higher). Mend: a missing count gets no phrase (and the median, not 0, in the
    model's input, as risk/score.py's reference already uses for log_employees)."""
    import numpy as np

    from risk.score import score_bundle

    dst = tmp_path / "bundle"
    shutil.copytree(demo_dir / "bundle", dst)
    header, rows = read_rows(dst / "enterprises.csv")
    blank = set()
    for r, drop in zip(rows, np.random.default_rng(0).random(len(rows)) < 0.3, strict=True):
        if drop:
            r[header.index("employees")] = ""
            blank.add(r[header.index("enterprise_id")])
    write_rows(dst / "enterprises.csv", header, rows)
    f = score_bundle(load_bundle(dst), random_state=0).frame
    said = f[f["enterprise_id"].isin(blank) & (f["reason_en"].str.contains("about 0 employee(s)", regex=False) | f["reason_zh"].str.contains("约0人"))]
    assert said.empty, f"{len(said)} of {len(blank)} firms with no employee count: {said['reason_en'].iloc[0]}"


def test_the_sector_other_reads_as_a_sector() -> None:
    """The sector "other" 其他 is a sector of its own: "other firms carry higher risk" read as every firm but this one
    (foreign13's helper); every other sector keeps its name."""
    from risk.reasons import phrase

    assert phrase("sector", "other", 0.1) == ("其他行业企业风险较高", "firms of other sectors carry higher risk")
    assert phrase("sector", "other", -0.1) == ("其他行业企业风险较低", "firms of other sectors carry lower risk")
    assert phrase("sector", "gas", 0.1) == ("燃气经营企业风险较高", "gas supply firms carry higher risk")
