"""The Nash point under Achen's assumptions (sim.forecast.achen): an independent brute-force oracle,
salience in the exponent, the compromise model as its limit, the engine's one-point hook."""

from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.forecast.achen import achen_nash, achen_scenario
from sim.forecast.central import compromise
from sim.scenario.table import SpatialTable, issue_grid, scenario_from_table


def table(pos, sal, cap, lo=0.0, hi=100.0) -> SpatialTable:
    pos, sal = np.asarray(pos, dtype=float), np.asarray(sal, dtype=float)
    return SpatialTable(name="t", actors=tuple(f"a{i}" for i in range(len(cap))), capability=np.asarray(cap, float),
                        issues=tuple(f"i{k}" for k in range(pos.shape[1])), position=pos,
                        salience=np.where(np.isnan(pos), 0.0, sal), reference=np.full(pos.shape[1], np.nan),
                        scale=np.tile([lo, hi], (pos.shape[1], 1)))


def oracle(t: SpatialTable, steps: int = 10) -> tuple[float, list[np.ndarray]]:
    """Max of Σ_a c_a S_a log ū_a over every bundle of the grid, and every bundle within 1e-9 of it,
    by enumeration in plain floats (no scenario, no engine)."""
    grids = [issue_grid(t, k, steps) for k in range(t.n_issues)]
    length = t.scale[:, 1] - t.scale[:, 0]
    best, arg = -np.inf, []
    for b in product(*grids):
        total = 0.0
        for a in range(t.n_actors):
            s = t.salience[a]
            if s.sum() <= 0 or t.capability[a] <= 0:
                continue
            u = sum(s[k] * (1 - ((b[k] - t.position[a, k]) / length[k]) ** 2) for k in range(t.n_issues)
                    if s[k] > 0) / s.sum()
            total += t.capability[a] * s.sum() * (np.log(u) if u > 0 else -np.inf)
        if total > best + 1e-9 * abs(best):
            best, arg = total, [np.array(b)]
        elif total >= best - 1e-9 * abs(best):
            arg.append(np.array(b))
    return best, arg


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100), st.integers(1, 10), st.integers(1, 10),
                          st.integers(1, 30)), min_size=2, max_size=5))
@settings(max_examples=30, deadline=None)
def test_matches_brute_force(rows):
    t = table([[r[0], r[1]] for r in rows], [[r[2] / 10, r[3] / 10] for r in rows], [r[4] for r in rows])
    _, best = oracle(t)
    got = achen_nash(t)
    assert any(np.allclose(got, b) for b in best)


def test_symmetric_pair_meets_halfway():
    assert achen_nash(table([[0], [100]], [[0.5], [0.5]], [1, 1])).tolist() == [50.0]


def test_salience_moves_the_point_through_the_exponent():
    """With weights normalised per actor, a one-issue Nash product ignores salience unless it is in the
    exponent: raising one actor's salience pulls this point to it, and leaves the plain weighted Nash put."""
    low, high = table([[0], [100]], [[0.2], [0.2]], [1, 1]), table([[0], [100]], [[0.8], [0.2]], [1, 1])
    assert achen_nash(high)[0] < achen_nash(low)[0] == 50.0
    plain = [float(sim.analyze(scenario_from_table(t, loss="quadratic", reservation="none")).weighted_nash["i0"])
             for t in (low, high)]
    assert plain[0] == plain[1]


def test_compromise_is_the_limit_when_everyone_gains_alike():
    """Positions close together on a long scale: every actor's gain is near 1, and the Nash point is the
    compromise model's weighted mean up to the grid (steps of 1 here)."""
    t = table([[45, 50], [52, 48], [55, 55], [47, 53]], [[0.9, 0.3], [0.4, 0.8], [0.6, 0.6], [0.2, 0.9]],
              [10, 4, 7, 3])
    got = achen_nash(t, steps=100)
    assert np.abs(got - compromise(t)).max() <= 1.0


def test_nobody_cares_gives_no_forecast():
    assert np.isnan(achen_nash(table([[0], [100]], [[0.0], [0.0]], [1, 1]))).all()


def test_rule_sets_whose_gains_count():
    t = table([[0], [100], [100]], [[0.5], [0.5], [0.5]], [1, 1, 1])
    assert achen_nash(t)[0] > 50.0
    assert achen_nash(t, rule=lambda keys: keys[:2]).tolist() == [50.0]  # the third actor is no signatory
    assert achen_scenario(t, rule=lambda keys: keys[:2]).signatories == ("a0", "a1")


def test_point_hook_is_the_solutions_row():
    scn = achen_scenario(table([[0, 30], [100, 60], [40, np.nan]], [[0.5, 0.2], [0.3, 0.9], [0.7, 0.0]], [3, 2, 5]))
    res = sim.analyze(scn)
    got = res.point("weighted_nash")
    assert got.tolist() == res.solutions.loc["weighted_nash", list(scn.space.issue_keys)].astype(int).tolist()
    with pytest.raises(KeyError):
        res.point("median")


def test_published_bdm_case():
    """On Bueno de Mesquita's EC case (scale 4–10) the point is 7, his published forecast, where the
    compromise model gives 7.39: near 7.39 the actors at 4 gain least and weigh more (1/ū_a), which pulls
    the point below it, to the grid option 7 (the next one up is 7.6)."""
    from pathlib import Path

    from sim.scenario.table import read_table

    bdm = read_table(Path(__file__).parent / "data" / "cases" / "bdm_ec_1994.csv")
    _, best = oracle(bdm)
    assert achen_nash(bdm).tolist() == [7.0] and any(np.allclose([7.0], b) for b in best)
