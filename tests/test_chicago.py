"""Chicago adapter (issue 9): features derived across rows read only what is dated strictly before."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED

from risk.adapters import chicago

DATA = SHARED / "data" / "chicago" / "inspections.csv.gz"


@pytest.fixture(scope="module")
def chains() -> pd.DataFrame:
    """Every canvass of the ten largest chains (many establishments, many dates) and a few others."""
    df = chicago.load(DATA)
    key = chicago.chain_key(df["dba_name"])
    big = key.isin(key.value_counts().index[:10])
    return pd.concat([df[big], df[~big].head(500)]).reset_index(drop=True)


def test_prior_counts_read_strictly_earlier_days() -> None:
    d = pd.to_datetime(pd.Series(["2013-01-01", "2013-01-01", "2013-02-01", "2013-03-01", "2013-01-15"]))
    k, n = chicago.prior_counts(pd.Series(["a", "a", "a", "a", "b"]), d, pd.Series([1, 0, 1, 0, 1]))
    # the two rows of 1 January see nothing (not even each other); 1 February sees both; b is its own chain
    assert n.tolist() == [0, 0, 2, 3, 0]
    assert k.tolist() == [0, 0, 1, 2, 0]


def test_chain_history_never_reads_the_future(chains: pd.DataFrame) -> None:
    """Rewrite every outcome dated on or after a cut-off: no feature of a row dated on or before the
    cut-off may move; the rows after it must (else the test would prove nothing). The cut-off is a day
    on which two establishments of one chain were inspected, so reading the same day is caught too."""
    key = chicago.chain_key(chains["dba_name"])
    same_day = chains.groupby([key, chains["inspection_date"]])["establishment_id"].nunique()
    days = same_day[same_day >= 2].index.get_level_values(1)
    cut = days[days >= pd.Timestamp("2013-01-01")].min()
    before = chicago.features(chains)
    future = chains.copy()
    later = future["inspection_date"] >= cut
    future.loc[later, "y_critical_found"] = 1 - future.loc[later, "y_critical_found"]
    future.loc[later, [c for c in future.columns if c.startswith("y_") and c != "y_critical_found"]] = np.nan
    after = chicago.features(future)
    upto = (chains["inspection_date"] <= cut).to_numpy()
    pd.testing.assert_frame_equal(before[upto], after[upto])
    moved = (before["chain_crit_before"] != after["chain_crit_before"]).to_numpy()
    assert moved[~upto].any() and not moved[upto].any()


def test_features_do_not_depend_on_later_rows(chains: pd.DataFrame) -> None:
    """The table cut at a date gives the rows up to it the very features the whole table gives them:
    chain size and chain history count only establishments and canvasses seen before each row's date."""
    cut = pd.Timestamp("2013-01-01")
    upto = (chains["inspection_date"] < cut).to_numpy()
    whole = chicago.features(chains)
    pd.testing.assert_frame_equal(whole[upto], chicago.features(chains[upto]))
    # and the chain size does grow after the cut (the comparison is not vacuous)
    assert (whole.loc[~upto, "log_chain_size"] > 0).any()


def test_chain_history_counts_other_establishments_only(chains: pd.DataFrame) -> None:
    """A chain of one establishment has no chain history, whatever its own record."""
    X = chicago.features(chains)
    key = chicago.chain_key(chains["dba_name"])
    alone = key.map(chains.groupby(key)["establishment_id"].nunique()) == 1
    assert alone.any()
    assert (X.loc[alone, ["chain_crit_before", "chain_insp_before"]] == 0).all().all()
    assert (X[["chain_crit_before", "chain_insp_before"]] >= 0).all().all()
    assert "chain_crit_before" in chicago.INCREASING or "chain_crit_rate_eb" in [p[0] for p in chicago.FIRM_PAIRS]


def test_licence_band_and_season_read_only_the_row(chains: pd.DataFrame) -> None:
    """The fourth round's features (the licence's age in bands, the season of the visit) come from the row's own
    columns: a row alone gives what the whole table gives it, whatever the other rows say, and the edges fall where
    the adapter says (a band is left-closed; December is winter with January, not with November)."""
    rows = chains.head(7).copy()
    rows["license_age_years"] = [np.nan, -0.5, 0.99, 1.0, 3.0, 10.0, 25.0]
    rows["inspection_date"] = pd.to_datetime(["2013-12-31", "2014-01-02", "2013-02-28", "2013-03-01", "2013-08-31",
                                              "2013-09-01", "2013-11-30"])
    whole = chicago.features(rows)[["licence_band", "season"]]
    assert whole["licence_band"].tolist() == ["none", "<1y", "<1y", "1-3y", "3-10y", ">=10y", ">=10y"]
    assert whole["season"].tolist() == ["0", "0", "0", "1", "2", "3", "3"]
    # every other row rewritten (later dates, other outcomes, other ages): row by row nothing moves
    for i in range(len(rows)):
        others = rows.drop(index=rows.index[i]).copy()
        others["inspection_date"] = others["inspection_date"] + pd.Timedelta(days=400)
        others["y_critical_found"] = 1 - others["y_critical_found"]
        others["license_age_years"] = 0.1
        alone = chicago.features(pd.concat([rows.iloc[[i]], others]))[["licence_band", "season"]]
        pd.testing.assert_series_equal(alone.iloc[0], whole.iloc[i], check_names=False)
    assert {"licence_band", "season"} <= set(chicago.CATEGORICAL)
