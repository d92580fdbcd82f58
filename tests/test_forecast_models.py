"""Forecasting models: published answers (BDM 1994), independent oracles, determinism, every scenario."""

from fractions import Fraction
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.forecast import MODELS, forecast_table
from sim.forecast import expected_utility as eu
from sim.forecast import spatial_politics as sp
from sim.forecast.bargaining import bargaining, bargaining_bundles
from sim.forecast.central import compromise, weighted_median, weighted_median_of
from sim.forecast.models import RULE_MODELS
from sim.scenario.table import SpatialTable, read_table

DATA = Path(__file__).parent / "data"
BDM = read_table(DATA / "cases" / "bdm_ec_1994.csv")


def test_bdm_compromise_and_median_published():
    assert round(float(compromise(BDM)[0]), 6) == 7.389956
    assert weighted_median(BDM)[0] == 7.0


def test_bdm_compromise_exact_in_fractions():
    df = pd.read_csv(DATA / "cases" / "bdm_ec_1994.csv", dtype=str)
    w = [Fraction(c) * Fraction(s) for c, s in zip(df.capability, df.salience)]
    exact = sum(wi * Fraction(p) for wi, p in zip(w, df.position)) / sum(w)
    assert compromise(BDM)[0] == pytest.approx(float(exact), abs=1e-12)


def test_bdm_net_votes_published():
    x, w = BDM.position[:, 0], BDM.capability * BDM.salience[:, 0]
    pts = np.array([4.0, 7.0, 10.0])
    v = eu.vote_margins(np.concatenate([x, pts]), np.concatenate([w, np.zeros(3)]), 1.0)[-3:, -3:]
    assert v[1, 2] == pytest.approx(0.0150)  # 7 beats 10
    assert v[2, 0] == pytest.approx(0.5280)  # 10 beats 4
    assert v[1, 0] == pytest.approx(0.5430)  # 7 beats 4
    assert eu.condorcet_position(x, w, 6.0) == 7.0


def test_bdm_rounds_deterministic_and_documented():
    """The documented run on the EC car-emission case: round 0 forecast 7 (the published answer); six
    rounds until nobody moves (round 6 unchanged from round 5); the forecast stays 7 and every actor
    ends at 7."""
    r = eu.rounds_table(BDM, 0)
    again = eu.rounds_table(BDM, 0)
    pd.testing.assert_frame_equal(r, again)
    assert r["round"].max() == 6
    per_round = r.groupby("round")["forecast"].first()
    assert (per_round == 7.0).all()
    last = r[r["round"] == 6]["position"].to_numpy()
    np.testing.assert_allclose(last, 7.0)
    # round 1, as computed: Belgium and Ireland (at 7) move to 4, the 4s, France and Italy to 7, Greece to 10
    first = r[r["round"] == 1].set_index("actor")["position"]
    assert first["Belgium"] == 4 and first["Germany"] == 7 and first["Greece"] == 10 and first["UK"] == 10
    assert first["France"] == 7 and first["Ireland"] == 4
    assert eu.expected_utility(BDM)[0] == 7.0


def test_bdm_risk_exponents_in_range():
    x, s = BDM.position[:, 0], BDM.salience[:, 0]
    w = BDM.capability * s
    r = eu.risk_exponents(x, s, eu.win_probability(x, w, 6.0), 6.0)
    assert r.min() >= 0.5 - 1e-12 and r.max() <= 2.0 + 1e-12
    assert r.min() == pytest.approx(0.5) and r.max() == pytest.approx(2.0)


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(1, 9)), min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_weighted_median_minimises_weighted_distance(pts):
    x = np.array([p for p, _ in pts], dtype=float)
    w = np.array([q for _, q in pts], dtype=float)
    m = weighted_median_of(x, w)
    cost = lambda z: float(np.sum(w * np.abs(x - z)))  # noqa: E731
    best = min(cost(z) for z in np.unique(x))
    assert cost(m) == pytest.approx(best)


def test_ktab_copy_expectations_match_brute_force():
    rng = np.random.default_rng(1)
    ideal = rng.uniform(0, 100, 9)
    y = ideal + rng.normal(0, 5, 9)
    w = rng.uniform(0.1, 1, 9)
    p = sp.win_matrix(y, ideal, w, 100.0)
    u = 1 - np.abs(y[None, :] - ideal[:, None]) / 100
    fast = sp.expected_after_copy(p, u)
    for a, b in product(range(9), repeat=2):
        y2 = y.copy()
        y2[b] = y[a]
        pi = sp.prevail(sp.win_matrix(y2, ideal, w, 100.0))
        slow = (1 - np.abs(y2[None, :] - ideal[:, None]) / 100) @ pi
        np.testing.assert_allclose(fast[:, a, b], slow, atol=1e-12)


def test_ktab_on_bdm_case_deterministic():
    x, w = BDM.position[:, 0], BDM.capability * BDM.salience[:, 0]
    f1, turns1 = sp.spatial_politics_issue(x, w, 6.0)
    f2, turns2 = sp.spatial_politics_issue(x, w, 6.0)
    assert (f1, turns1) == (f2, turns2)
    assert 4 <= f1 <= 10 and turns1 < sp.DEFAULT_TURNS


def test_ktab_unanimous_actors_stay():
    t = SpatialTable("t", ("a", "b"), np.ones(2), ("i",), np.array([[30.0], [30.0]]), np.ones((2, 1)),
                     np.array([np.nan]), np.array([[0.0, 100.0]]))
    assert sp.spatial_politics(t)[0] == 30.0


def test_weighted_nash_and_kalai_match_dense_enumeration():
    """Each bargaining point against brute force over every bundle of a small table-born scenario."""
    t = read_table(DATA / "hand_table.csv")
    scn = sim.Scenario.from_table(t, steps=4)
    b = scn.space.all_bundles()
    u = scn.utilities(b)
    r = scn.reservations
    zone = scn.accepts(b).all(axis=1)
    g = np.maximum(u[zone] - r, 0)
    c = np.array([a.capability for a in scn.actors])
    c = c / c.sum()
    got = bargaining_bundles(scn)
    with np.errstate(divide="ignore"):
        wn = (np.log(g) * c).sum(axis=1)
    assert wn[np.flatnonzero((b[zone] == got["nash_weighted"]).all(axis=1))[0]] == pytest.approx(wn.max())
    nash = np.prod(g, axis=1)
    assert nash[np.flatnonzero((b[zone] == got["nash"]).all(axis=1))[0]] == pytest.approx(nash.max())
    ratio = g / (u[zone].max(axis=0) - r)
    wk = (ratio / c).min(axis=1)
    assert wk[np.flatnonzero((b[zone] == got["kalai_weighted"]).all(axis=1))[0]] == pytest.approx(wk.max())


def test_bargaining_points_on_bdm_case():
    got = bargaining(sim.Scenario.from_table(BDM))
    assert got["nash"][0] in set(BDM.position[:, 0]) | set(np.linspace(4, 10, 11))


def test_every_model_on_the_default_scenario():
    """Every model but nash_achen and nash_committee, which search the table's own grid (8.7e12 bundles
    here, ~100 s: opt-in in the forecast stage; tests/test_forecast_achen.py, test_forecast_committee.py)."""
    scn = sim.load_scenario("ukraine_2025")
    models = [m for m in MODELS if m not in RULE_MODELS]
    f = forecast_table(scn.to_table(), scn=scn, models=models)
    assert len(f) == len(models) * scn.space.n_issues
    hi = np.array([i.n_options - 1 for i in scn.issues] * len(models))
    ok = f["forecast"].notna().to_numpy()
    assert ((f["forecast"].to_numpy()[ok] >= 0) & (f["forecast"].to_numpy()[ok] <= hi[ok])).all()
    nash = f[f.model == "nash"]["forecast"].to_numpy()
    res = sim.analyze(scn)
    assert nash.tolist() == [float(res.nash[k]) for k in scn.space.issue_keys]
    again = forecast_table(scn.to_table(), scn=scn, models=models)
    pd.testing.assert_series_equal(f["forecast"], again["forecast"])


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(1, 10), st.integers(1, 100)), min_size=2, max_size=8))
@settings(max_examples=40, deadline=None)
def test_forecasts_stay_within_the_held_positions(rows):
    """Every table model forecasts inside [min, max] of the held positions (moves only go between them)."""
    x = np.array([[r[0]] for r in rows], dtype=float)
    t = SpatialTable("t", tuple(f"a{n}" for n in range(len(rows))), np.array([r[1] for r in rows], dtype=float),
                     ("i",), x, np.array([[r[2] / 100] for r in rows]), np.array([np.nan]), np.array([[0.0, 100.0]]))
    lo, hi = x.min(), x.max()
    for f in (compromise(t)[0], weighted_median(t)[0], eu.expected_utility(t)[0], sp.spatial_politics(t)[0]):
        assert lo - 1e-9 <= f <= hi + 1e-9
    assert weighted_median(t)[0] in set(x[:, 0]) | {(a + b) / 2 for a in x[:, 0] for b in x[:, 0]}


def test_stage_summary_gives_the_compromise_models_value(tmp_path):
    """The summary line shows the model's own forecast (7.39 on the BDM case, as published), and the
    nearest grid option only beside it."""
    from sim.runs.stage_forecast import model_value
    from tests.helpers import run_main

    said = run_main(tmp_path, f"scenario_file={Path(__file__).parent / 'data' / 'cases' / 'bdm_ec_1994.csv'}",
                    "stages=[forecast]", "figures=false")
    assert "* Compromise-model forecast: issue: 7.39 (nearest option: 7.6)." in said.splitlines()
    assert model_value(7.0, "7", numeric=True) == "7"
    assert model_value(2.374, "De facto", numeric=False) == "2.37 on the option scale (nearest option: De facto)"
    assert model_value(float("nan"), "", numeric=True) == "no forecast"
