"""Monte Carlo over preferences: perturbation, the Uncertainty summaries, the stage, its figures, the CLI."""

import json

import numpy as np
import pandas as pd
import pytest
import yaml

import sim
from sim.analysis.uncertainty import ALL, Spread, monte_carlo, perturb
from sim.plots import draw_run
from sim.runs import stage_uncertainty
from sim.runs.io import has_table, read_table
from sim.runs.job import run_job
from sim.scenario import CONFIG_DIR, ConfigError
from tests.helpers import TOY, run_main

SPREAD = Spread(weights=0.2, values=0.05, reservation=0.03)


@pytest.fixture(scope="module")
def ukraine():
    return sim.load_scenario("ukraine_2025")


def calibrated_verdicts(scn):
    v = sim.analyze(scn).proposals.pivot(index="proposal", columns="actor", values="accepts")
    v = v.reindex(index=list(scn.proposals), columns=scn.actor_names).astype(bool)
    v[ALL] = v[list(scn.signatories)].all(axis=1)
    return v


@pytest.mark.parametrize("name", ["toy", "ukraine"])
def test_zero_spread_reproduces_the_calibration(name, toy, ukraine):
    scn = toy if name == "toy" else ukraine
    unc = monte_carlo(scn, 3, seed=1, spread=Spread())
    want = calibrated_verdicts(scn)
    got = unc.acceptance
    assert set(np.unique(got.to_numpy())) <= {0.0, 1.0}
    pd.testing.assert_frame_equal(got.astype(bool), want, check_names=False)
    table = unc.proposals_table()
    assert (table["probability"].astype(bool) == table["calibrated_accepts"]).all()
    res = sim.analyze(scn)
    assert (unc.zone_sizes == res.zone_size).all() and unc.calibrated_zone_size == res.zone_size
    assert unc.nash_accepted.all() and unc.p_nash_accepted == 1.0
    assert unc.p_zone_nonempty == 1.0 and unc.zone_quantiles()[0.5] == res.zone_size


def test_same_seed_same_tables_different_seeds_differ(ukraine):
    a, b = monte_carlo(ukraine, 8, 3, SPREAD), monte_carlo(ukraine, 8, 3, SPREAD)
    pd.testing.assert_frame_equal(a.proposals_table(), b.proposals_table())
    pd.testing.assert_frame_equal(a.zone_table(), b.zone_table())
    c = monte_carlo(ukraine, 8, 4, SPREAD)
    assert not np.array_equal(a.zone_sizes, c.zone_sizes)


def test_draws_do_not_depend_on_how_many_are_taken(toy):
    """Draw k depends on the seed and k only: the first draws of a longer run are the same draws."""
    wide = Spread(0.5, 0.2, 0.1)
    short, long = monte_carlo(toy, 5, 9, wide), monte_carlo(toy, 12, 9, wide)
    assert np.array_equal(short.accepts, long.accepts[:5])
    assert np.array_equal(short.zone_sizes, long.zone_sizes[:5])
    # a Generator seed spawns the same children as its seed sequence
    g = monte_carlo(toy, 5, np.random.default_rng(9), wide)
    assert np.array_equal(g.zone_sizes, short.zone_sizes)


def test_probabilities_and_zone_are_sane(ukraine):
    unc = monte_carlo(ukraine, 10, 0, Spread(0.5, 0.15, 0.1))
    table = unc.proposals_table()
    assert table["probability"].between(0, 1).all()
    assert list(table["proposal"].unique()) == list(ukraine.proposals)
    assert list(table["actor"].iloc[:ukraine.n_actors + 1]) == ukraine.actor_names + [ALL]
    wide = unc.acceptance
    assert (wide[ALL] <= wide[list(ukraine.signatories)].min(axis=1) + 1e-12).all()
    assert (unc.zone_sizes >= 0).all() and (unc.zone_sizes <= ukraine.space.size).all()
    assert 0 <= unc.p_zone_nonempty <= 1 and 0 <= unc.p_nash_accepted <= 1
    z = unc.zone_table()
    assert list(z.columns) == ["draw", "zone_size", "nash_accepted"] and len(z) == 10


def test_perturbed_preferences_stay_valid(ukraine):
    rng = np.random.default_rng(0)
    for _ in range(20):
        d = perturb(ukraine, rng, Spread(weights=1.0, values=0.5, reservation=0.5))  # large: clipping bites
        for a, b in zip(ukraine.actors, d.actors):
            assert b.weights.sum() == pytest.approx(1.0)
            assert ((b.weights == 0) == (a.weights == 0)).all()
            assert all(((v >= 0) & (v <= 1)).all() and v.shape == w.shape for v, w in zip(b.values, a.values))
            assert 0 <= b.reservation <= 1
            assert b.red_lines == a.red_lines and b.interactions == a.interactions
            assert b.ratification is a.ratification
        assert d.space is ukraine.space and d.proposals is ukraine.proposals
        assert d.signatories == ukraine.signatories and d.agenda == ukraine.agenda
        assert d.red_line_mask is not ukraine.red_line_mask
        assert all((x == y).all() for x, y in zip(d.red_line_mask, ukraine.red_line_mask))
    # the calibrated scenario is untouched, and a draw saves and reloads as itself
    assert sim.analyze(ukraine).zone_size == sim.analyze(sim.load_scenario("ukraine_2025")).zone_size
    again = sim.Scenario.from_dict(d.to_dict())
    b = np.array([p.bundle for p in ukraine.proposals.values()])
    np.testing.assert_allclose(again.utilities(b), d.utilities(b), atol=1e-12)
    assert again.reservations.tolist() == d.reservations.tolist()


def test_perturb_leaves_the_structure_and_uses_only_its_generator(ukraine):
    """Same generator state, same draw (no hidden random state), and a draw moves the calibration."""
    a = perturb(ukraine, np.random.default_rng(7), SPREAD)
    b = perturb(ukraine, np.random.default_rng(7), SPREAD)
    assert a.to_dict() == b.to_dict()
    assert a.to_dict() != ukraine.to_dict()


def test_keys_left_out_take_the_shipped_defaults(toy):
    """configs/uncertainty/default.yaml is the one place of the defaults."""
    shipped = yaml.safe_load((CONFIG_DIR / "uncertainty" / "default.yaml").read_text())
    draws, spread = stage_uncertainty.settings({"uncertainty": {"values": 0.5}})
    assert draws == shipped["draws"] and spread == Spread(shipped["weights"], 0.5, shipped["reservation"])
    assert stage_uncertainty.settings({}) == (shipped["draws"], Spread(shipped["weights"], shipped["values"],
                                                                      shipped["reservation"]))


def test_bad_config_one_error_naming_every_key(toy):
    cfg = {"uncertainty": {"draws": -1, "weights": "wide", "values": -0.1, "reservation": True, "sd": 1}}
    with pytest.raises(ValueError) as e:
        stage_uncertainty.check(toy, cfg)
    text = str(e.value)
    for key in ["uncertainty.draws", "uncertainty.weights", "uncertainty.values", "uncertainty.reservation",
                "uncertainty.sd"]:
        assert key in text, key
    assert "5 problems" in text
    stage_uncertainty.check(toy, {})  # defaults
    stage_uncertainty.check(toy, {"uncertainty": {"draws": 0, "weights": 0}})
    with pytest.raises(ValueError, match="non-negative"):
        Spread(weights=-1)


def test_stage_tables_headline_and_figures(toy, tmp_path):
    lines = []
    summary = run_job(toy, {"stages": ["uncertainty"], "seed": 0, "uncertainty": {"draws": 40}}, tmp_path,
                      say=lines.append)
    props = read_table(tmp_path, "uncertainty_proposals")
    assert list(props.columns) == ["proposal", "actor", "probability", "calibrated_accepts"]
    assert len(props) == len(toy.proposals) * (toy.n_actors + 1)
    zone = read_table(tmp_path, "uncertainty_zone")
    assert len(zone) == 40 and zone["draw"].tolist() == list(range(40))
    s = summary["uncertainty"]
    assert s["draws"] == 40 and set(s["all_signatories"]) == set(toy.proposals)
    assert s["zone_nonempty"] == pytest.approx((zone["zone_size"] > 0).mean())
    assert any(h.startswith("Uncertainty (40 draws of preferences): zone non-empty in") for h in summary["headlines"])
    assert any("Uncertainty: 40 draws" in line for line in lines)
    names = [e.path.name for e in draw_run(tmp_path)]
    assert names == ["uncertainty_acceptance.png", "uncertainty_zone.png"]
    index = json.loads((tmp_path / "figures" / "index.json").read_text())
    assert all(e["title"] and e["caption"] for e in index)


def test_zero_draws_skip_the_stage(toy, tmp_path):
    summary = run_job(toy, {"stages": ["uncertainty"], "uncertainty": {"draws": 0}}, tmp_path, say=lambda s: None)
    assert summary["uncertainty"] == {"draws": 0} and not has_table(tmp_path, "uncertainty_zone")
    assert draw_run(tmp_path) == []


def test_empty_calibrated_zone(toy_dict, tmp_path):
    toy_dict["actors"][0]["reservation"] = 0.9
    scn = sim.Scenario.from_dict(toy_dict)
    summary = run_job(scn, {"stages": ["uncertainty"], "uncertainty": {"draws": 30}}, tmp_path, say=lambda s: None)
    assert summary["uncertainty"]["nash_accepted"] is None
    assert read_table(tmp_path, "uncertainty_zone")["nash_accepted"].isna().all()
    assert "no calibrated Nash point" in summary["headlines"][0]
    assert len(draw_run(tmp_path)) == 2


def test_main_job_end_to_end(tmp_path):
    said = run_main(tmp_path / "run", TOY, "stages=[uncertainty]", "uncertainty.draws=25")
    for t in ["uncertainty_proposals", "uncertainty_zone", "uncertainty_summary"]:
        assert (tmp_path / "run" / "tables" / f"{t}.parquet").is_file(), t
        assert (tmp_path / "run" / "tables" / f"{t}.csv").is_file(), t
    assert (tmp_path / "run" / "figures" / "uncertainty_acceptance.png").is_file()
    assert "Uncertainty (25 draws" in said
    with pytest.raises(ConfigError) as e:
        run_main(tmp_path / "bad", TOY, "stages=[uncertainty]", "uncertainty.draws=-3", "uncertainty.values=-1")
    assert "uncertainty.draws" in str(e.value) and "uncertainty.values" in str(e.value)
    assert not (tmp_path / "bad").exists()
