"""Mutation survivors (mut17) of the capacity table's days (api/flow.py fieldable_days, now read from
execution.context.Register) and of the charts (_plt, month_chart, diff_chart: English labels where no Chinese font is
installed). The example bundle with its officers replaced; the charts' figures caught before they become PNGs (no
pixels compared); a made-up font list, so that no test depends on the fonts this machine has.

Left alive, equivalent (when mut17 ran): _plt's backend "Agg" as "agg" or "AGG" (matplotlib reads backend names in
any case); month_chart's zip(…, strict=True) as strict=None, False or absent (bottom and a tier's values are one per
month by construction); diff_chart's colours "#9bb" and "#1f4e79" in capitals (the same colours)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import api.flow as flow
from api.flow import TIER_COLOR, fieldable_days
from tests.test_capacity16 import _bundle

# ---- fieldable_days ------------------------------------------------------------------------------------------------------


def test_fieldable_days_an_officer_with_one_visit_left_still_goes() -> None:
    """R-AVAIL: only a budget of 0 keeps an officer off every visit; a budget of 1 does not (the pair of hb-140404 left
    after one leaves is still a pair with one visit a year for the other)."""
    b = _bundle()
    off = b.officers
    two = off[off["officer_id"] != "hb-140404-03"]
    one = two.assign(annual_visit_budget=two["annual_visit_budget"].where(two["officer_id"] != "hb-140404-01", 1))
    days = fieldable_days(_bundle(officers=one))["hb-140404"]
    assert days == fieldable_days(_bundle(officers=two))["hb-140404"] and sum(days.values()) > 200


def test_fieldable_days_name_every_team_even_one_without_officers() -> None:
    """A team of the table with no enforcement officer at all (none listed under it) fields no day: it is named with
    no month, not left out and not an error; every other team keeps its own days."""
    b = _bundle()
    off = b.officers
    without = off[off["team_id"] != "hb-140404"]
    f = fieldable_days(_bundle(officers=without))
    assert set(f) == {str(t) for t in b.teams["team_id"]} and f["hb-140404"] == {}
    full = fieldable_days(b)
    assert {t: d for t, d in f.items() if t != "hb-140404"} == {t: d for t, d in full.items() if t != "hb-140404"}


# ---- _plt ----------------------------------------------------------------------------------------------------------------


def _fonts(monkeypatch: pytest.MonkeyPatch, names: list[str], files: tuple[str, ...] = (), known: tuple[str, ...] = ()) -> list[str]:
    """matplotlib's font list made up of `names` (and of `known` files), the Chinese font files `files`; addfont
    recorded, not done. Returns the list of files added."""
    from matplotlib import font_manager

    ttf = [SimpleNamespace(name=n, fname=__file__) for n in names]  # a file that exists (a family counts only then)
    ttf += [SimpleNamespace(name="Known", fname=f) for f in known]
    added: list[str] = []
    monkeypatch.setattr(font_manager.fontManager, "ttflist", ttf)
    monkeypatch.setattr(font_manager.fontManager, "addfont", added.append)
    monkeypatch.setattr(flow, "CJK_FONT_FILES", files)
    return added


def test_plt_adds_only_the_font_files_it_lacks_and_that_exist(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    lacked, known, absent = tmp_path / "lacked.ttc", tmp_path / "known.ttc", tmp_path / "absent.ttc"
    lacked.write_bytes(b"")
    known.write_bytes(b"")
    added = _fonts(monkeypatch, ["DejaVu Sans"], (str(lacked), str(known), str(absent)), (str(known),))
    plt, cjk = flow._plt()
    assert added == [str(lacked)]
    assert plt.rcParams["font.sans-serif"] == ["WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Droid Sans Fallback",
                                               "DejaVu Sans"]
    assert plt.rcParams["axes.unicode_minus"] is False and plt.rcParams["font.size"] == 9
    assert plt.rcParams["backend"].lower() == "agg"
    assert cjk is False  # the made-up list holds no Chinese family


@pytest.mark.parametrize("names", [["WenQuanYi Zen Hei"], ["DejaVu Sans", "Noto Sans CJK SC"], ["Noto Sans CJK JP"], ["Droid Sans Fallback"]])
def test_plt_finds_any_one_of_the_chinese_families(monkeypatch: pytest.MonkeyPatch, names: list[str]) -> None:
    """Any one of the four families is enough to draw Chinese labels (a machine has one package, not all three)."""
    _fonts(monkeypatch, names)
    plt, cjk = flow._plt()
    assert cjk is True and hasattr(plt, "subplots")


@pytest.mark.parametrize("names", [[], ["DejaVu Sans"], ["WenQuanYi"], ["Noto Sans CJK"]])
def test_plt_finds_no_chinese_family_where_none_is_listed(monkeypatch: pytest.MonkeyPatch, names: list[str]) -> None:
    _fonts(monkeypatch, names)
    assert flow._plt()[1] is False


def test_plt_does_not_count_a_family_whose_file_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A font list cached before the package was removed names the family, but its file draws nothing (review17)."""
    from matplotlib import font_manager

    _fonts(monkeypatch, [])
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [SimpleNamespace(name="WenQuanYi Zen Hei", fname="/nowhere/wqy.ttc")])
    assert flow._plt()[1] is False


# ---- month_chart, diff_chart ---------------------------------------------------------------------------------------------


def _caught(monkeypatch: pytest.MonkeyPatch, cjk: bool) -> list[Any]:
    """Charts drawn with (or without) a Chinese font, their figures caught instead of made PNGs."""
    figs: list[Any] = []
    real = flow._plt

    def plt_as_if() -> tuple[Any, bool]:
        return real()[0], cjk

    def png(fig: Any) -> bytes:
        figs.append(fig)
        fig.canvas.draw()  # the tick labels of categorical axes are set when drawn
        return b"png"

    monkeypatch.setattr(flow, "_plt", plt_as_if)
    monkeypatch.setattr(flow, "_png", png)
    return figs


def _texts(ax: Any) -> tuple[str, str, list[str], list[str]]:
    return (ax.get_xlabel(), ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()],
            [t.get_text() for t in ax.get_xticklabels()])


ROWS = [("2027-04-01", "B"), ("2027-03-02", "D"), ("2027-03-09", "D"), ("2027-03-05", "A"), ("2027-04-20", "D")]


@pytest.mark.parametrize(("zh", "cjk", "chinese"), [(True, True, True), (True, False, False), (False, True, False), (False, False, False)])
def test_month_chart_labels_in_chinese_only_with_a_chinese_font(monkeypatch: pytest.MonkeyPatch, zh: bool, cjk: bool,
                                                                 chinese: bool) -> None:
    figs = _caught(monkeypatch, cjk)
    assert flow.month_chart(ROWS, zh=zh) == b"png"
    (fig,) = figs
    (ax,) = fig.axes
    if chinese:
        assert _texts(ax) == ("月份", "检查次数", ["A级", "B级", "C级", "D级"], ["03", "04"])
    else:
        assert _texts(ax) == ("month", "visits", ["tier A", "tier B", "tier C", "tier D"], ["03", "04"])


def test_month_chart_stacks_the_tiers_of_each_month(monkeypatch: pytest.MonkeyPatch) -> None:
    """Per month (in order, whatever the rows' order) one bar per tier, A at the bottom, each on the ones below it, in
    the tier's colour; a legend of four columns, small and without a frame; no top or right spine."""
    from matplotlib.colors import to_rgba

    figs = _caught(monkeypatch, True)
    flow.month_chart(ROWS, zh=True)
    (fig,) = figs
    (ax,) = fig.axes
    assert tuple(fig.get_size_inches()) == (7.5, 2.8)
    bars = ax.containers
    assert len(bars) == 4
    heights = [[p.get_height() for p in c] for c in bars]
    bottoms = [[p.get_y() for p in c] for c in bars]
    assert heights == [[1, 0], [0, 1], [0, 0], [2, 1]]  # A, B, C, D; March, April
    assert bottoms == [[0, 0], [1, 0], [1, 1], [1, 1]]
    for t, c in zip("ABCD", bars, strict=True):
        assert all(p.get_facecolor() == to_rgba(TIER_COLOR[t]) for p in c), t
    leg = ax.get_legend()
    assert leg._ncols == 4 and not leg.get_frame_on() and {t.get_fontsize() for t in leg.get_texts()} == {8}
    assert ax.spines["top"].get_visible() is False and ax.spines["right"].get_visible() is False and ax.spines["left"].get_visible()


@pytest.mark.parametrize(("zh", "cjk", "chinese"), [(True, True, True), (True, False, False), (False, True, False)])
def test_diff_chart_two_versions_side_by_side(monkeypatch: pytest.MonkeyPatch, zh: bool, cjk: bool, chinese: bool) -> None:
    """Per month the old version's bar left of the new one's, 0.4 wide each, labelled v<old> and v<new>; in Chinese
    only where asked and a Chinese font is there."""
    from matplotlib.colors import to_rgba

    figs = _caught(monkeypatch, cjk)
    assert flow.diff_chart({"2027-03": (1, 2), "2027-05": (4, 0)}, 3, 7, zh=zh) == b"png"
    (fig,) = figs
    (ax,) = fig.axes
    assert _texts(ax) == (("月份", "检查次数") if chinese else ("month", "visits")) + (["v3", "v7"], ["03", "05"])
    assert tuple(fig.get_size_inches()) == (7.5, 2.6)
    old, new = ax.containers
    assert [p.get_height() for p in old] == [1, 4] and [p.get_height() for p in new] == [2, 0]
    assert [round(p.get_x() + p.get_width() / 2, 6) for p in old] == [-0.2, 0.8]
    assert [round(p.get_x() + p.get_width() / 2, 6) for p in new] == [0.2, 1.2]
    assert {round(p.get_width(), 6) for p in [*old, *new]} == {0.4}
    assert all(p.get_facecolor() == to_rgba("#9bb") for p in old) and all(p.get_facecolor() == to_rgba("#1f4e79") for p in new)
    assert [round(x, 6) for x in ax.get_xticks()] == [0, 1]
    leg = ax.get_legend()
    assert not leg.get_frame_on() and {t.get_fontsize() for t in leg.get_texts()} == {8}
    assert ax.spines["top"].get_visible() is False and ax.spines["right"].get_visible() is False and ax.spines["bottom"].get_visible()


def test_charts_are_pngs_for_real() -> None:
    """Uncaught, both charts are PNG files (the pages serve them as images)."""
    assert flow.month_chart(ROWS[:2], zh=False).startswith(b"\x89PNG")
    assert flow.diff_chart({"2027-03": (1, 2)}, 1, 2, zh=False).startswith(b"\x89PNG")


def test_charts_are_chinese_by_default_where_a_chinese_font_is(monkeypatch: pytest.MonkeyPatch) -> None:
    figs = _caught(monkeypatch, True)
    flow.month_chart(ROWS)
    flow.diff_chart({"2027-03": (1, 2)}, 1, 2)
    assert [(ax.get_xlabel(), ax.get_ylabel()) for fig in figs for ax in fig.axes] == [("月份", "检查次数")] * 2
