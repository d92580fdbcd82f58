"""The exact engines against dense brute force on random small scenarios (hypothesis).

2–5 actors, 2–8 issues, interaction terms, red lines, and (half the time) values and weights on a coarse
grid so that utility ties are common. The oracle (sim.analysis.dense) enumerates every bundle.
"""

import os
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.analysis import dominance, nearest
from sim.analysis.dense import Dense
from sim.analysis.dominance import nondominated
from sim.analysis.synthetic import random_scenario

# ANALYSIS_EXAMPLES=1000 pytest tests/test_analysis_properties.py: a longer run of the same checks
EXAMPLES = int(os.environ.get("ANALYSIS_EXAMPLES", 0))
SETTINGS = settings(max_examples=EXAMPLES or 60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenarios(draw):
    n_actors = draw(st.integers(2, 5))
    n_issues = draw(st.integers(2, 8))
    shape = [draw(st.integers(2, 4)) for _ in range(n_issues)]
    while np.prod(shape) > 3000:  # keep the oracle's all-pairs Pareto check quick
        shape[int(np.argmax(shape))] -= 1
    seed = draw(st.integers(0, 2**32 - 1))
    kw = dict(n_interactions=draw(st.integers(0, 3)), red_line_rate=draw(st.sampled_from([0.0, 0.2, 0.4])),
              reservation_quantile=draw(st.sampled_from([0.05, 0.2, 0.4, 0.6, 0.8, 1.0])),
              ties=draw(st.booleans()))
    return random_scenario(np.random.default_rng(seed), n_actors, shape, **kw)


def index_set(scn, bundles) -> set[int]:
    return set(scn.space.indices(np.asarray(bundles)).tolist())


@SETTINGS
@given(scenarios())
def test_pareto_matches_brute_force(scn):
    res, dense = sim.analyze(scn), Dense(scn)
    expected = np.flatnonzero(dense.pareto())
    got = res.pareto
    assert index_set(scn, got[scn.space.issue_keys].to_numpy()) == set(expected.tolist())
    assert len(got) == len(expected)  # every copy of an equal utility vector kept, none twice
    np.testing.assert_array_equal(got[scn.actor_names].to_numpy(), dense.u[np.sort(expected)])
    np.testing.assert_array_equal(got["in_zone"].to_numpy(), dense.zone[np.sort(expected)])


@SETTINGS
@given(scenarios())
def test_zone_size_and_concessions_match_brute_force(scn):
    res, dense = sim.analyze(scn), Dense(scn)
    assert res.zone_size == int(dense.zone.sum())
    assert isinstance(res.zone_size, int)
    cm = res.concessions
    for issue, counts in zip(scn.issues, dense.concessions()):
        got = cm[cm["issue"] == issue.key].sort_values("option_index")["count"].to_numpy()
        np.testing.assert_array_equal(got, counts)
    for limit in (1, 7):  # exactly the lowest bundle indices, even when interactions couple distant issues
        z = res.zone(limit)
        got = scn.space.indices(z[scn.space.issue_keys].to_numpy())
        np.testing.assert_array_equal(got, np.flatnonzero(dense.zone)[:limit])
        np.testing.assert_array_equal(z[scn.actor_names].to_numpy(), dense.u[got])


@SETTINGS
@given(scenarios())
def test_solution_points_match_brute_force(scn):
    res, dense = sim.analyze(scn), Dense(scn)
    expected = dense.solutions()
    if expected is None:
        assert res.zone_size == 0
        assert res.nash is None and res.kalai is None and res.utilitarian is None and res.egalitarian is None
        assert res.why_empty is not None and res.why_empty.reason
        return
    for name in ["nash", "kalai", "utilitarian", "egalitarian"]:
        point = getattr(res, name)
        bundle = point[scn.space.issue_keys].to_numpy(dtype=np.int64)
        assert scn.space.index(bundle) == expected[name], name
        np.testing.assert_array_equal(point[scn.actor_names].to_numpy(dtype=float), dense.u[expected[name]])


@SETTINGS
@given(scenarios(), st.integers(0, 2))
def test_nearest_agreement_matches_brute_force(scn, which):
    key = list(scn.proposals)[which]
    near, dense = sim.nearest_agreement(scn, key), Dense(scn)
    expected = dense.nearest(scn.proposals[key].bundle)
    if expected is None:
        assert not near.found and near.n_changes is None and "empty" in near.reason
        return
    n_changes, index = expected
    assert near.n_changes == n_changes
    assert scn.space.index(near.bundle) == index
    assert len(near.changes) == n_changes
    assert sim.analyze(scn).scenario is scn


@settings(max_examples=max(200, EXAMPLES), deadline=None)
@given(st.integers(1, 300), st.integers(1, 6), st.integers(1, 5), st.integers(0, 2**32 - 1),
       st.sampled_from(["default", "recurse", "collide"]))
def test_dominance_filter_matches_all_pairs(n, d, levels, seed, path):
    rng = np.random.default_rng(seed)
    p = rng.integers(0, levels + 1, size=(n, d)).astype(float)
    if seed % 2:
        p[:, 0] = -p[:, 1:].sum(axis=1) + rng.integers(0, 2, n)  # many mutually non-dominated points
    ge = (p[None, :, :] >= p[:, None, :]).all(axis=2) & (p[None, :, :] > p[:, None, :]).any(axis=2)
    # "recurse": tiny bitset and block sizes, so divide and conquer, its filter step and the chunked
    # bitset passes all run; "collide": every row gets the same sort key, so the exact fallback of
    # unique_rows runs
    patch = {"recurse": {"BITS": 8, "SMALL": 2, "BLOCK": 3}, "collide": {"_MIX": np.zeros(1)}}.get(path, {})
    with patched(dominance, **patch):
        np.testing.assert_array_equal(nondominated(p), ~ge.any(axis=1))


@SETTINGS
@given(scenarios(), st.integers(0, 2))
def test_engines_match_brute_force_with_tiny_chunks(scn, which):
    """Small bitset, recursion and chunk sizes: the frontier merges recurse, the nearest-agreement search
    splits its levels (most promising first, then a second search for the Nash product)."""
    with patched(dominance, BITS=8, SMALL=2, BLOCK=5), patched(nearest, CHUNK=3):
        test_pareto_matches_brute_force.hypothesis.inner_test(scn)
        test_solution_points_match_brute_force.hypothesis.inner_test(scn)
        test_nearest_agreement_matches_brute_force.hypothesis.inner_test(scn, which)


@contextmanager
def patched(module, **values):
    old = {k: getattr(module, k) for k in values}
    for k, v in values.items():
        setattr(module, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(module, k, v)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_everything_matches_brute_force_long(scn):
    test_pareto_matches_brute_force.hypothesis.inner_test(scn)
    test_zone_size_and_concessions_match_brute_force.hypothesis.inner_test(scn)
    test_solution_points_match_brute_force.hypothesis.inner_test(scn)
