"""Exploration: declared inputs, key paths, SALib designs, the experiments tables, PRIM/CART and Sobol against
known answers, the explore stage and ``python -m sim.explore``."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim.explore.__main__ import main as explore_main
from sim.explore.design import n_runs, sample
from sim.explore.discovery import discover
from sim.explore.inputs import parse_inputs
from sim.explore.paths import PathError, get_path, set_paths
from sim.explore.schema import Column, Experiments, OldFolderError, read_experiments, write_experiments
from sim.explore.sensitivity import sobol_indices
from sim.runs import stage_explore
from sim.runs.job import check_stages, run_job
from sim.scenario import ConfigError
from tests.helpers import DATA

TOY_INPUTS = [
    {"key": "scenario.actors.a.reservation", "label": "A's reservation value", "unit": "utility (0-1)",
     "low": 0.4, "high": 0.95},
    {"key": "negotiation.default.deadline", "label": "Concession horizon", "unit": "months", "type": "integer",
     "low": 6, "high": 30},
]


def toy_cfg(**explore):
    return {"seed": 3, "stages": ["explore"], "figures": False, "protocol": {"deadline": 24},
            "war": None, "negotiation": {"default": {"strategy": "linear"}},
            "uncertainty": {"explore": {"design": "lhs", "samples": 24, "workers": 1, "deal_within": 24,
                                        "inputs": TOY_INPUTS, **explore}}}


# --- declared inputs and key paths ------------------------------------------------------------------
def test_bad_inputs_one_error_naming_every_entry():
    with pytest.raises(ConfigError) as e:
        parse_inputs([{"key": "war.x", "low": 1, "high": 0}, {"key": "war.y", "distribution": "beta"},
                      {"low": 1}, {"key": "war.z", "low": "a", "high": 2, "colour": 1}])
    text = str(e.value)
    for part in ["[0] (war.x): low 1 must be below high 0", "[1] (war.y).distribution: 'beta'",
                 "[2]: give a mapping with key", "[3] (war.z).low: 'a' is not a number", "[3] (war.z).colour"]:
        assert part in text, text


def test_paths_address_actors_by_key_and_values_by_option(toy_dict):
    root = {"scenario": toy_dict, "war": {"actors": {"a": {"monthly_cost": 0.1}}}}
    assert get_path(root, "scenario.actors.b.reservation") == 0.3
    assert get_path(root, "scenario.actors.a.values.money.lots") == 1.0
    out = set_paths(root, {"scenario.actors.a.values.money.some": 0.25, "scenario.actors.m.weights.land": 2,
                           "war.actors.a.monthly_cost": 0.2})
    assert out["scenario"]["actors"][0]["values"]["money"] == [0.0, 0.25, 1.0]
    assert out["scenario"]["actors"][2]["weights"] == {"money": 1, "land": 2}  # a new last name is allowed
    assert root["scenario"]["actors"][0]["values"]["money"] == [0.0, 0.5, 1.0]  # the original is untouched
    with pytest.raises(PathError, match="no 'c' in the list scenario.actors; there: a, b, m"):
        set_paths(root, {"scenario.actors.c.reservation": 0.1})
    with pytest.raises(PathError, match="no 'plenty' in the list scenario.actors.a.values.money; there: none"):
        set_paths(root, {"scenario.actors.a.values.money.plenty": 0.1})
    # war settings given beside `war: scenario` (the scenario's own model) create their sections
    assert set_paths({"war": {"name": "scenario"}}, {"war.battle.balance": 0.6})["war"] == {
        "name": "scenario", "battle": {"balance": 0.6}}


# --- designs ------------------------------------------------------------------------------------------
def test_lhs_puts_one_draw_in_every_stratum_and_repeats_with_the_seed():
    inputs = parse_inputs([{"key": "x", "low": 2.0, "high": 4.0}, {"key": "y", "low": -1, "high": 1}])
    n = 50
    d = sample(inputs, "lhs", n, seed=7)
    for i in inputs:  # independent oracle: the stratum of each draw, a permutation of 0..n-1
        lo, hi = i.params
        strata = np.floor((d[i.key] - lo) / (hi - lo) * n).astype(int)
        assert sorted(strata) == list(range(n))
    pd.testing.assert_frame_equal(d, sample(inputs, "lhs", n, seed=7))
    assert not d.equals(sample(inputs, "lhs", n, seed=8))


def test_sobol_design_size_and_integer_inputs():
    inputs = parse_inputs([{"key": "x", "low": 0, "high": 1}, {"key": "m", "type": "integer", "low": 24,
                                                               "high": 60}])
    d = sample(inputs, "sobol", 16, seed=0)
    assert len(d) == n_runs("sobol", 16, 2) == 16 * 4
    assert d["m"].dtype == np.int64 and d["m"].between(24, 60).all()


def test_sobol_indices_of_the_ishigami_function():
    """Ishigami & Homma (1990): f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 on [-pi, pi]^3 has S1 = (0.314,
    0.442, 0) and ST = (0.558, 0.442, 0.244) (Saltelli et al. 2008, Global Sensitivity Analysis, 4.6)."""
    inputs = parse_inputs([{"key": k, "low": -np.pi, "high": np.pi} for k in ("x1", "x2", "x3")])
    x = sample(inputs, "sobol", 4096, seed=1)
    f = np.sin(x.x1) + 7 * np.sin(x.x2) ** 2 + 0.1 * x.x3 ** 4 * np.sin(x.x1)
    table, skipped = sobol_indices(inputs, pd.DataFrame({"f": f, "flat": 1.0}),
                                   [Column("f", "f"), Column("flat", "constant")], seed=0)
    assert skipped == ["flat"]
    got = table.set_index("input")
    np.testing.assert_allclose(got["S1"], [0.314, 0.442, 0.0], atol=0.03)
    np.testing.assert_allclose(got["ST"], [0.558, 0.442, 0.244], atol=0.03)
    assert (got["ST_conf"] > 0).all() and (got["ST_conf"] < 0.1).all()


# --- scenario discovery ---------------------------------------------------------------------------------
def test_prim_and_cart_find_the_box_that_makes_the_outcome():
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"a": rng.random(2000), "b": rng.random(2000), "c": rng.random(2000)})
    y = ((x.a > 0.6) & (x.b < 0.5)).to_numpy()
    cols = [Column("a", "Input A"), Column("b", "Input B"), Column("c", "Input C")]
    found = discover(x, y, cols, "the deal")
    box = found.boxes[0].limits.set_index("input")
    assert list(box.index) == ["a", "b"]  # c is irrelevant and not restricted
    # the densest box with coverage >= 0.5 may peel a little past the true limits, never outside them
    assert 0.6 <= box.loc["a", "low"] < 0.65 and 0.45 < box.loc["b", "high"] <= 0.5
    assert found.coverage > 0.85 and found.density > 0.95
    assert "Input A >= 0.6" in found.sentence() and "Input B <= 0.4" in found.sentence()
    best = found.cart.iloc[0]
    assert best["density"] == 1.0 and "Input A" in best["conditions"] and "Input B" in best["conditions"]


def test_a_second_box_is_found_among_the_runs_outside_the_first():
    """Two true boxes: A >= 0.6 and B <= 0.5 (20% of the space) or A <= 0.2 and B >= 0.7 (6%). Box 1 must
    be the larger, box 2 the smaller, found once box 1's runs are set aside."""
    rng = np.random.default_rng(1)
    x = pd.DataFrame({"a": rng.random(3000), "b": rng.random(3000), "c": rng.random(3000)})
    big, small = (x.a >= 0.6) & (x.b <= 0.5), (x.a <= 0.2) & (x.b >= 0.7)
    y = (big | small).to_numpy()
    found = discover(x, y, [Column("a", "Input A"), Column("b", "Input B"), Column("c", "Input C")], "the deal")
    assert [b.number for b in found.boxes] == [1, 2]
    one, two = (b.limits.set_index("input") for b in found.boxes)
    assert list(one.index) == list(two.index) == ["a", "b"]  # c never restricted
    assert 0.6 <= one.loc["a", "low"] < 0.63 and 0.47 < one.loc["b", "high"] <= 0.5
    assert 0.17 < two.loc["a", "high"] <= 0.2 and 0.7 <= two.loc["b", "low"] < 0.73
    # coverage is a share of all cases, density of the box's runs outside box 1: recomputed independently
    inside2 = ((x.a <= two.loc["a", "high"]) & (x.b >= two.loc["b", "low"])).to_numpy()
    assert found.boxes[1].coverage == pytest.approx(y[inside2].sum() / y.sum())
    assert found.boxes[1].density == 1.0 and found.boxes[0].coverage > 0.65
    assert found.boxes[0].coverage + found.boxes[1].coverage > 0.9
    assert "Box 2, among the other runs" in found.sentence()
    assert set(found.box["prim_box"]) == {1, 2} and set(found.peeling["prim_box"]) == {1, 2}


def test_prim_and_cart_keep_categories_by_their_labels():
    """The deal needs A >= 0.5 and a protocol other than 'none': the box keeps two of three categories."""
    rng = np.random.default_rng(2)
    x = pd.DataFrame({"a": rng.random(2000), "b": rng.random(2000),
                      "protocol": rng.choice(["mediated", "alternating", "none"], 2000)})
    y = ((x.a >= 0.5) & (x.protocol != "none")).to_numpy()
    protocol = Column("protocol", "Protocol", "category", categories=(
        ("mediated", "Mediated single text"), ("alternating", "Alternating offers"), ("none", "No talks")))
    found = discover(x, y, [Column("a", "Input A"), Column("b", "Input B"), protocol], "the deal")
    box = found.boxes[0].limits.set_index("input")
    assert list(box.index) == ["a", "protocol"]
    assert box.loc["protocol", "kept"] == "Mediated single text | Alternating offers"
    assert box.loc["protocol", "categories"] == "Mediated single text | Alternating offers | No talks"
    assert "Protocol: Mediated single text or Alternating offers" in found.sentence()
    assert found.boxes[0].density == 1.0 and found.boxes[0].coverage > 0.95
    best = found.cart.iloc[0]  # CART: the densest leaf needs both conditions, by label
    assert best["density"] == 1.0 and "Input A >= 0.5" in best["conditions"]
    assert "No talks" not in best["conditions"] and "Protocol:" in best["conditions"]


def test_cart_tree_nodes_add_up_and_leaves_match_the_tree():
    rng = np.random.default_rng(3)
    x = pd.DataFrame({"a": rng.random(1000), "m": rng.integers(24, 61, 1000)})
    y = ((x.a > 0.3) & (x.m <= 38)).to_numpy()
    found = discover(x, y, [Column("a", "Input A"), Column("m", "Horizon", "integer", "months")], "the deal")
    nodes, leaves = found.tree.nodes, found.cart
    for parent, kids in nodes[nodes.parent >= 0].groupby("parent"):
        row = nodes.set_index("node").loc[parent]
        assert len(kids) == 2 and kids.runs.sum() == row.runs and kids.cases.sum() == row.cases
        assert row.split in ("Input A", "Horizon")
    assert sorted(nodes.loc[nodes.leaf > 0, "leaf"]) == list(range(1, len(leaves) + 1))
    assert leaves.mass.sum() == pytest.approx(1.0) and leaves.coverage.sum() == pytest.approx(1.0)
    assert (leaves.density.diff().dropna() <= 0).all()  # densest first
    # an integer split reads in whole months on both sides
    assert {"<= 38 months", ">= 39 months"} <= set(nodes.edge)
    assert "Horizon <= 38 months" in leaves.conditions.iloc[0]


def test_categorical_inputs_are_drawn_evenly_by_the_latin_hypercube():
    inputs = parse_inputs([{"key": "protocol.name", "label": "Protocol", "categories": ["mediated", "alternating"],
                            "labels": ["Mediated single text", "Alternating offers"]},
                           {"key": "x", "low": 0, "high": 1}])
    assert inputs[0].type == "category" and inputs[0].column.categories[1] == ("alternating", "Alternating offers")
    d = sample(inputs, "lhs", 40, seed=4)
    assert d["protocol.name"].value_counts().to_dict() == {"mediated": 20, "alternating": 20}
    with pytest.raises(ConfigError) as e:
        parse_inputs([{"key": "p", "categories": ["a"]}, {"key": "q", "categories": ["a", "b"], "labels": ["A"]},
                      {"key": "r", "distribution": "uniform", "low": 0, "high": 1, "categories": ["a", "b"]}])
    assert "[0] (p).categories: give a list of two or more distinct values" in str(e.value)
    assert "[1] (q).labels: give one label per category (2)" in str(e.value)
    assert "[2] (r): categories and labels belong to a categorical input" in str(e.value)


# --- tables ---------------------------------------------------------------------------------------------
def test_experiments_tables_round_trip_with_declared_types(tmp_path):
    exp = Experiments(pd.DataFrame({"x": [1.0, 2.0], "n": [3, 4]}), pd.DataFrame({"ok": [True, False]}),
                      [Column("x", "X", "real", "utility (0-1)"), Column("n", "N", "integer", "months")],
                      [Column("ok", "OK", "boolean")], {"method": "lhs"})
    write_experiments(tmp_path, "demo", exp)
    back = read_experiments(tmp_path, "demo")
    assert back.inputs == exp.inputs and back.metrics == exp.metrics and back.design == {"method": "lhs"}
    assert str(back.experiments["n"].dtype) == "Int64" and str(back.outcomes["ok"].dtype) == "boolean"
    plain = pd.read_csv(tmp_path / "tables" / "demo_experiments.csv")  # loads without this package
    assert list(plain.columns) == ["run", "x", "n"]
    with pytest.raises(OldFolderError, match="it has demo"):
        read_experiments(tmp_path, "sweep")


# --- the stage and the command ----------------------------------------------------------------------------
def test_a_small_design_runs_end_to_end_through_run(tmp_path):
    """run(cfg, out_dir) with a plain dict; 12 draws (CART's smallest leaf must still be one run)."""
    from sim.runs.job import run

    protocol = {"key": "protocol.name", "label": "Protocol", "categories": ["mediated", "alternating"],
                "labels": ["Mediated single text", "Alternating offers"]}
    run({"scenario_file": str(DATA / "toy.yaml"), "stages": ["explore"], "figures": True,
         "uncertainty": {"explore": {"samples": 12, "workers": 1, "inputs": [TOY_INPUTS[0], protocol]}}}, tmp_path,
        say=lambda s: None)
    exp = read_experiments(tmp_path, "explore")
    assert len(exp.outcomes) == 12 and sorted(set(exp.experiments["protocol.name"])) == ["alternating", "mediated"]
    assert exp.input("protocol.name").categories == (("mediated", "Mediated single text"),
                                                     ("alternating", "Alternating offers"))
    assert (tmp_path / "figures" / "explore_peeling.png").is_file()
    assert (tmp_path / "figures" / "explore_cart.png").is_file()
    assert "PRIM box" in (tmp_path / "report.html").read_text()


def test_stage_writes_aligned_tables_same_seed_same_bytes_whatever_the_workers(toy, tmp_path):
    cfg = toy_cfg()
    check_stages(toy, cfg)
    run_job(toy, cfg, tmp_path / "one", say=lambda s: None)
    run_job(toy, toy_cfg(workers=2), tmp_path / "two", say=lambda s: None)  # this process and a worker
    for name in ["explore_experiments.parquet", "explore_outcomes.parquet", "discovery_box.parquet"]:
        assert (tmp_path / "one" / "tables" / name).read_bytes() == (tmp_path / "two" / "tables" / name).read_bytes()
    exp = read_experiments(tmp_path / "one", "explore")
    assert len(exp.experiments) == len(exp.outcomes) == 24
    assert exp.experiments["scenario.actors.a.reservation"].between(0.4, 0.95).all()
    # the zone size of each row is the exact count for the drawn reservation value (independent re-analysis)
    import sim

    d = toy.to_dict()
    for k in (0, 5):
        d["actors"][0]["reservation"] = float(exp.experiments["scenario.actors.a.reservation"][k])
        assert exp.outcomes["zone_size"][k] == sim.analyze(sim.Scenario.from_dict(d)).zone_size
    summary = json.loads((tmp_path / "one" / "summary.json").read_text())
    assert summary["explore"]["draws"] == 24 and summary["headlines"][0].startswith("Explore:")


def test_design_over_budget_says_how_long_and_writes_nothing(toy, tmp_path):
    with pytest.raises(ConfigError, match=r"asks for 24 model runs, over the budget of 10: about .* "
                                          r"uncertainty.explore.confirm=true"):
        check_stages(toy, toy_cfg(budget=10))
    check_stages(toy, toy_cfg(budget=10, confirm=True))
    with pytest.raises(ConfigError, match="scenario.actors.zz.reservation: no 'zz'"):
        check_stages(toy, toy_cfg(inputs=[{"key": "scenario.actors.zz.reservation", "low": 0, "high": 1}]))
    with pytest.raises(ConfigError, match=r"a draw laid over the run config is not valid: .*war.actorz"):
        check_stages(toy, toy_cfg(inputs=[{"key": "war.actorz.a.monthly_cost", "low": 0, "high": 0.1}]))
    with pytest.raises(ConfigError, match="outcome: 'deal_soon' is not an outcome"):
        check_stages(toy, toy_cfg(outcome="deal_soon"))


def test_command_explains_a_run_and_rejects_bad_input(toy, tmp_path, capsys):
    run_job(toy, toy_cfg(), tmp_path, say=lambda s: None)
    assert explore_main([str(tmp_path), "--outcome", "zone_nonempty", "--table", "explore"]) == 0
    out = tmp_path / "explore"
    assert "What would have to be true: Agreement zone non-empty" in (out / "report.md").read_text()
    box = pd.read_csv(out / "tables" / "discovery_box.csv")
    # the zone closes when A's reservation value is high: the only condition is an upper limit on it
    assert list(box["input"]) == ["scenario.actors.a.reservation"] and box["range_high"][0] > box["high"][0]
    assert (out / "figures" / "explore_peeling.png").is_file()
    capsys.readouterr()
    assert explore_main([str(tmp_path), "--outcome", "nope"]) == 2
    assert "--outcome nope: not an outcome of this table; outcomes: zone_size" in capsys.readouterr().err
    assert explore_main([str(tmp_path / "missing")]) == 2
    (tmp_path / "old").mkdir()
    assert explore_main([str(tmp_path / "old")]) == 2
    assert "written before they existed" in capsys.readouterr().err


# --- the other producers of experiments tables ------------------------------------------------------------
def test_monte_carlo_tables_hold_the_drawn_preferences(toy, tmp_path):
    from sim.analysis.uncertainty import Spread, perturb

    cfg = {"seed": 1, "stages": ["uncertainty"], "figures": False,
           "uncertainty": {"draws": 6, "weights": 0.2, "values": 0.05, "reservation": 0.03}}
    run_job(toy, cfg, tmp_path, say=lambda s: None)
    exp = read_experiments(tmp_path, "uncertainty")
    assert len(exp.experiments) == len(exp.outcomes) == 6
    # every weighted issue of an actor has a weight and option values; actor m weighs only money
    cols = set(exp.experiments.columns)
    assert "scenario.actors.m.weights.money" in cols and "scenario.actors.m.weights.land" not in cols
    # the stage's per-draw generators (monte_carlo(scn, draws, run seed)), rebuilt independently
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(1).spawn(6)]
    for k in (0, 4):
        d = perturb(toy, rngs[k], Spread(0.2, 0.05, 0.03))
        row = exp.experiments.iloc[k]
        assert row["scenario.actors.b.reservation"] == d.actors[1].reservation
        assert row["scenario.actors.a.values.money.some"] == d.actors[0].values[2][1]
        assert row["scenario.actors.a.weights.land"] == d.actors[0].weights[0]
    assert exp.metric("accepted_by_all.deal").label == "A split with neutrality accepted by all"


def test_ensemble_records_drawn_strategy_parameters_and_belief_noise(toy):
    from sim.negotiation import negotiate_many
    from sim.negotiation.model import NegotiationModel, child, seed_sequence

    neg = {"default": {"strategy": "linear", "deadline": [6, 30]}, "beliefs": {"noise": 0.1}}
    ens = negotiate_many(toy, runs=5, protocol={"deadline": 24}, war=None, negotiation=neg, seed=9)
    drawn = ens.drawn
    assert drawn["negotiation.actors.a.deadline"].between(6, 30).all()
    assert {"beliefs.a.b.reservation_error", "beliefs.mediator.a.reservation_error"} <= set(drawn.columns)
    assert "beliefs.a.a.reservation_error" not in drawn  # an actor knows its own reservation value
    model = NegotiationModel(toy, {"deadline": 24}, None, neg, rng=child(seed_sequence(9), 3), record=False)
    assert drawn["negotiation.actors.b.deadline"][3] == model.parties[1].strategy.deadline
    assert drawn["beliefs.a.b.reservation_error"][3] == model.parties[0].beliefs.reservation_error[1]


def test_explore_keys_left_out_take_the_shipped_defaults():
    """configs/uncertainty/default.yaml is the one place of the defaults (the shared settings reader)."""
    import yaml

    from sim.scenario import CONFIG_DIR

    shipped = yaml.safe_load((CONFIG_DIR / "uncertainty" / "default.yaml").read_text())["explore"]
    s = stage_explore.settings({"uncertainty": {"explore": {"samples": 64}}})
    assert (s.design, s.samples, s.deal_within, s.budget, s.confirm) == (
        shipped["design"], 64, shipped["deal_within"], shipped["budget"], shipped["confirm"])
    assert [i.key for i in s.inputs] == [e["key"] for e in shipped["inputs"]]
    with pytest.raises(ConfigError) as e:
        stage_explore.settings({"uncertainty": {"explore": {"design": "grid", "samples": 0, "colour": 1,
                                                            "confirm": "yes"}}})
    for part in ["uncertainty.explore.design: 'grid'", "uncertainty.explore.samples: 0 is below 2",
                 "uncertainty.explore.colour: unknown key", "uncertainty.explore.confirm: 'yes' is not true"]:
        assert part in str(e.value), str(e.value)
