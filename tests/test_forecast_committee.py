"""The committee's Nash point under its voting rule (sim.forecast.committee): the power is the rule's
Shapley–Shubik index by enumeration of orderings, and the point is the brute-force Nash point with that
power in Achen's exponent."""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.forecast.achen import achen_nash, achen_scenario
from sim.forecast.committee import committee_nash, committee_power
from sim.forecast.deu import read_deu
from sim.forecast.models import forecast_table
from tests.test_forecast_achen import oracle, table
from tests.test_shapley_shubik import pivots


def weighted(votes: dict[str, int], quota: float, veto=()):
    return lambda keys: {"rule": "weighted", "members": [k for k in keys if k in votes],
                         "weights": {k: votes[k] for k in keys if k in votes}, "quota": quota, "veto": list(veto)}


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(1, 10), st.integers(1, 9)), min_size=2, max_size=5),
       st.integers(51, 100))
@settings(max_examples=30, deadline=None)
def test_matches_brute_force_with_pivot_power(rows, quota):
    t = table([[r[0]] for r in rows], [[r[1] / 10] for r in rows], [1] * len(rows))
    rule = weighted({f"a{i}": r[2] for i, r in enumerate(rows)}, quota / 100)
    power = pivots(achen_scenario(t, rule).decision_rule)
    assert committee_power(t, rule).tolist() == [float(power[a]) for a in t.actors]
    _, best = oracle(replace(t, capability=committee_power(t, rule)))
    assert any(np.allclose(committee_nash(t, rule), b) for b in best)


def test_unanimity_is_achen_with_equal_power():
    t = table([[0, 30], [100, 60], [40, 90]], [[0.5, 0.2], [0.3, 0.9], [0.7, 0.4]], [30, 2, 5])
    assert committee_power(t).tolist() == [1 / 3] * 3
    assert committee_nash(t).tolist() == achen_nash(replace(t, capability=np.ones(3))).tolist()


def test_a_dictator_gets_its_position_and_a_null_member_no_say():
    """Weights 6, 3, 1 with quota 0.6: the first member alone wins (index 1), so the point is its position
    whatever the others want; capability does not enter."""
    t = table([[20], [100], [0]], [[0.5], [0.9], [0.9]], [1, 50, 50])
    rule = weighted({"a0": 6, "a1": 3, "a2": 1}, 0.6)
    assert committee_power(t, rule).tolist() == [1.0, 0.0, 0.0]
    assert committee_nash(t, rule).tolist() == [20.0]


def test_runs_on_a_deu_proposal_under_its_treaty_rule():
    case = read_deu("tests/data/cases/deu3_train.csv")[0]
    f = forecast_table(case.table, models=["nash_committee"], rule=case.rule)
    assert len(f) == case.table.n_issues and f["forecast"].between(0, 100).all()
    power = committee_power(case.table, case.rule)
    assert abs(power.sum() - 1) < 1e-12 and (power >= 0).all()
