"""Concession strategies: one shared test base, parametrised over every strategy, checks the declared traits
by behaviour (Axelrod-style), plus the Faratin et al. (1998) family's textbook properties."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.negotiation import NegotiationModel
from sim.negotiation.strategies import (
    STRATEGIES,
    Boulware,
    Conceder,
    Hardliner,
    Linear,
    Situation,
    Strategy,
    TimeDependent,
    TitForTat,
    make_strategy,
)

ALL = [Boulware(), Boulware(beta=0.1, k=0.05), Linear(), Conceder(), Conceder(beta=8.0), TimeDependent(beta=0.7),
       TimeDependent(beta=2.0, deadline=24), TitForTat(), TitForTat(reciprocity=0.5, opening=0.0), Hardliner(),
       Hardliner(level=0.7)]
TRAITS = {"concedes", "responsive", "stochastic"}


def aspirations(strategy: Strategy, months: int = 24, ideal: float = 0.9, reservation=lambda t: 0.4,
                concessions=lambda t: 0.0) -> np.ndarray:
    """The aspiration path a strategy produces month by month."""
    out, previous = [], ideal
    for t in range(1, months + 1):
        previous = strategy.aspiration(Situation(t, months, ideal, reservation(t), previous, concessions(t)))
        out.append(previous)
    return np.array(out)


@pytest.mark.parametrize("strategy", ALL, ids=repr)
class TestEveryStrategy:
    def test_declares_its_traits(self, strategy):
        assert set(strategy.traits) == TRAITS
        assert all(isinstance(v, bool) for v in strategy.traits.values())
        assert strategy.name in STRATEGIES

    def test_concedes_trait_by_behaviour(self, strategy):
        path = aspirations(strategy)
        assert np.all(np.diff(path) <= 1e-12), "an aspiration never rises while nothing changes"
        if strategy.traits["concedes"]:
            assert path[-1] < path[0] - 1e-9
        else:
            assert np.allclose(path[1:], path[1])

    def test_responsive_trait_by_behaviour(self, strategy):
        quiet = aspirations(strategy)
        answered = aspirations(strategy, concessions=lambda t: 0.02)
        assert (not np.allclose(quiet, answered)) == strategy.traits["responsive"]

    def test_stochastic_trait_by_behaviour(self, strategy):
        """A strategy has no generator of its own, so randomness could only come from hidden global
        state: with Python's and numpy's global generators reseeded, a deterministic path is unchanged."""
        paths = []
        for seed in (0, 1):
            random.seed(seed)
            np.random.seed(seed)  # noqa: NPY002 - the hidden state a strategy must not read
            paths.append(aspirations(strategy, concessions=lambda t: 0.01 * (t % 3)))
        assert np.array_equal(*paths) == (not strategy.traits["stochastic"])

    def test_clone_from_params_is_equal(self, strategy):
        clone = make_strategy({"strategy": strategy.name, **strategy.params()})
        assert clone == strategy and hash(clone) == hash(strategy)
        assert np.array_equal(aspirations(clone), aspirations(strategy))

    @settings(max_examples=40, deadline=None)
    @given(ideal=st.floats(0.0, 1.0), reservation=st.floats(0.0, 1.0), month=st.integers(1, 60),
           previous=st.floats(0.0, 1.0), concession=st.floats(0.0, 0.5))
    def test_never_below_reservation_nor_above_ideal(self, strategy, ideal, reservation, month, previous,
                                                     concession):
        a = strategy.aspiration(Situation(month, 36, ideal, reservation, previous, concession))
        assert a >= reservation
        assert a <= max(ideal, reservation)


def test_time_dependent_textbook_values():
    """Faratin et al. (1998): alpha(t) = k + (1-k)(t/T)^(1/beta); at T the aspiration is the reservation."""
    s = Situation(month=9, deadline=36, ideal=1.0, reservation=0.0, previous=1.0, concession=0.0)
    assert Linear().aspiration(s) == pytest.approx(0.75)
    assert Boulware(beta=0.5).aspiration(s) == pytest.approx(1 - 0.25 ** 2)
    assert Conceder(beta=2.0).aspiration(s) == pytest.approx(1 - 0.25 ** 0.5)
    assert Linear(k=0.2).aspiration(s._replace(month=0)) == pytest.approx(0.8)
    for strategy in (Boulware(), Linear(), Conceder()):
        assert strategy.aspiration(s._replace(month=36)) == pytest.approx(0.0)
    assert TimeDependent(deadline=72).aspiration(s._replace(month=36)) == pytest.approx(0.5)


def test_boulware_concedes_more_slowly_than_conceder():
    boulware, linear, conceder = aspirations(Boulware()), aspirations(Linear()), aspirations(Conceder())
    assert np.all(boulware >= linear - 1e-12) and np.all(linear >= conceder - 1e-12)
    assert boulware[11] - conceder[11] > 0.2
    assert boulware[-1] == pytest.approx(conceder[-1])  # both reach the reservation value at the deadline


def test_time_dependent_follows_a_moving_reservation():
    rising = aspirations(Linear(), reservation=lambda t: 0.4 + 0.01 * t)
    assert rising[-1] == pytest.approx(0.4 + 0.24)


def test_tit_for_tat_reciprocates_the_concession():
    s = Situation(month=5, deadline=36, ideal=0.9, reservation=0.3, previous=0.8, concession=0.05)
    assert TitForTat(reciprocity=1.0).aspiration(s) == pytest.approx(0.75)
    assert TitForTat(reciprocity=0.5).aspiration(s) == pytest.approx(0.775)
    assert TitForTat(opening=0.1).aspiration(s._replace(month=1)) == pytest.approx(0.9 - 0.06)


def test_config_names_and_ranges():
    assert isinstance(make_strategy("boulware"), Boulware)
    assert make_strategy({"strategy": "tit_for_tat", "reciprocity": 0.5}).reciprocity == 0.5
    assert make_strategy({"strategy": "linear", "deadline": [24, 48]}).deadline == 36  # midpoint without rng
    rng = np.random.default_rng(0)
    draws = {make_strategy({"strategy": "boulware", "deadline": [24, 60]}, rng).deadline for _ in range(30)}
    assert min(draws) >= 24 and max(draws) <= 60 and len(draws) > 5
    for bad in ({"strategy": "nope"}, {"strategy": "boulware", "beta": 2.0}, {"strategy": "conceder", "beta": 0.5},
                {"strategy": "linear", "deadline": [5]}, {"strategy": "hardliner", "typo": 1}):
        with pytest.raises(ValueError):
            make_strategy(bad)


@pytest.mark.parametrize("strategy", ["boulware", "linear", "conceder", "tit_for_tat", "hardliner"])
def test_deterministic_strategies_ignore_the_seed(toy, strategy):
    """Same strategy, complete information, no war: aspirations do not depend on the seed."""
    paths = []
    for seed in (0, 1, 2):
        m = NegotiationModel(toy, protocol={"name": "mediated", "deadline": 12}, war="static",
                             negotiation={"default": {"strategy": strategy}}, rng=seed)
        m.run_model()
        h = m.datacollector.get_agent_vars_dataframe()
        paths.append(h["aspiration"].to_numpy())
    assert all(np.array_equal(paths[0], p, equal_nan=True) for p in paths[1:])


def test_boulware_slower_than_conceder_in_the_default_scenario():
    """Same scenario, same seed: Boulware parties demand more every month and sign later (if at all)."""
    own = sim.load_scenario("ukraine_2025").raw
    scn = sim.Scenario.from_dict({k: v for k, v in own.items() if k != "negotiation"})  # no own strategies
    runs = {}
    for name in ("boulware", "conceder"):
        m = NegotiationModel(scn, protocol={"name": "alternating", "walk_out": None}, war="static",
                             negotiation={"default": {"strategy": name}}, rng=3)
        m.run_model()
        runs[name] = m
    dfs = {k: m.datacollector.get_agent_vars_dataframe().reset_index() for k, m in runs.items()}
    months = min(len(df) for df in dfs.values())
    b = dfs["boulware"]["aspiration"].to_numpy()[:months]
    c = dfs["conceder"]["aspiration"].to_numpy()[:months]
    assert np.all(b >= c - 1e-12) and (b > c + 0.05).any()
    assert runs["boulware"].month >= runs["conceder"].month


def test_switching_strategy_keeps_only_its_own_parameters():
    from sim.negotiation.strategies import Boulware, Hardliner, make_strategy, unused_parameters

    spec = {"strategy": "hardliner", "beta": 0.3, "deadline": 48}
    assert unused_parameters(spec) == ["beta", "deadline"]
    assert isinstance(make_strategy(spec), Hardliner)
    # null takes the strategy's own default
    assert make_strategy({"strategy": "boulware", "beta": None}).beta == Boulware().beta
    # a name no strategy takes is still an error, not silently ignored
    with pytest.raises(ValueError, match="betta"):
        make_strategy({"strategy": "boulware", "betta": 0.2})
