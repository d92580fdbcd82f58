"""The Shapley–Shubik index (sim.forecast.shapley_shubik): against enumeration of every ordering with the
engines' own winning test, and against published values."""

from fractions import Fraction
from itertools import permutations
from math import factorial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.forecast.council import AMSTERDAM_VOTES, NICE_VOTES, council_rule
from sim.forecast.shapley_shubik import shapley_shubik, subset_counts
from sim.scenario.errors import Problems
from sim.scenario.rules import DecisionRule, parse_rule


def rule(d: dict | list, members) -> DecisionRule:
    p = Problems()
    r = parse_rule(d, dict.fromkeys(members, 1.0), p)
    assert not p.items
    return r


def pivots(r: DecisionRule) -> dict[str, Fraction]:
    """Oracle: over every ordering of the members, the share in which each is the pivot, the first whose
    arrival makes the coalition winning by ``DecisionRule.wins`` (the engines' test)."""
    n = len(r.members)
    got = dict.fromkeys(r.members, 0)
    for order in permutations(range(n)):
        mask = np.zeros(n, dtype=bool)
        for k in order:
            mask[k] = True
            if r.wins([np.array(x) for x in mask])[()]:
                got[r.members[k]] += 1
                break
    return {m: Fraction(c, factorial(n)) for m, c in got.items()}


@given(st.lists(st.integers(0, 9), min_size=1, max_size=6), st.integers(1, 100), st.data())
@settings(max_examples=60, deadline=None)
def test_matches_every_ordering(weights, quota, data):
    members = [f"m{i}" for i in range(len(weights))]
    if not any(weights):
        weights = [1] * len(weights)
    veto = data.draw(st.lists(st.sampled_from(members), unique=True, max_size=2))
    n_min = data.draw(st.integers(0, len(members)))
    r = rule({"rule": "weighted", "members": members, "weights": dict(zip(members, weights)),
              "quota": quota / 100, "min_members": n_min, "veto": veto}, members)
    assert shapley_shubik(r) == pivots(r)


def test_unanimity_is_equal_shares():
    assert shapley_shubik(rule(["a", "b", "c"], ["a", "b", "c"])) == dict.fromkeys("abc", Fraction(1, 3))


def test_textbook_weighted_game():
    """[5: 4, 2, 1]: the player with 4 is the pivot in 4 of the 6 orderings (2/3), the others in 1 each."""
    r = rule({"rule": "weighted", "members": ["a", "b", "c"], "weights": {"a": 4, "b": 2, "c": 1},
              "quota": 5 / 7}, ["a", "b", "c"])
    assert shapley_shubik(r) == {"a": Fraction(2, 3), "b": Fraction(1, 6), "c": Fraction(1, 6)}


def test_eu15_amsterdam_qmv_published():
    """EU-15 Council under the Treaty of Amsterdam (62 of 87 votes), Shapley–Shubik indices to four
    decimals as tabulated in the voting-power literature (e.g. Felsenthal & Machover 1998, *The
    Measurement of Voting Power*); 15! orderings are too many for the oracle above."""
    states = list(AMSTERDAM_VOTES)
    got = shapley_shubik(rule({"rule": "weighted", "members": states, "weights": AMSTERDAM_VOTES,
                               "quota": 62 / 87}, states))
    published = {10: 0.1167, 8: 0.0955, 5: 0.0552, 4: 0.0454, 3: 0.0353, 2: 0.0207}
    for s in states:
        assert float(got[s]) == pytest.approx(published[AMSTERDAM_VOTES[s]], abs=5e-5)
    assert sum(got.values()) == 1


def test_eu28_codecision_vetoes_and_state_count():
    """The treaty rule of a 2014 codecision proposal (Commission and Parliament vetoes, 260/352 of the
    votes, a majority of the states): exact shares summing to 1, equal for equal votes, and the two vetoes
    equal (the rule is symmetric in them)."""
    actors = ["com", "ep", *NICE_VOTES]
    got = shapley_shubik(rule(council_rule("QMV", "COD", 2014, actors), actors))
    assert sum(got.values()) == 1
    assert got["com"] == got["ep"] > got["de"] == got["fr"] > got["mt"] > 0


def test_subset_counts_are_binomial_for_unit_weights():
    c = subset_counts([1] * 6, 6)
    assert [int(c[k, k]) for k in range(7)] == [1, 6, 15, 20, 15, 6, 1]
    assert int(c.sum()) == 2 ** 6


def test_weights_with_too_many_digits_are_refused_not_rounded():
    members = [f"m{i}" for i in range(40)]
    weights = {m: (0.000001 if m == "m0" else 1.0) for m in members}  # integers 1 and 10^6
    with pytest.raises(ValueError, match="round the weights"):
        shapley_shubik(rule({"rule": "weighted", "members": members, "weights": weights, "quota": 0.5}, members))
