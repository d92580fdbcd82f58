"""The closed-form subtree counts of the zone (sim.analysis.tail) against brute force.

The 2-D dominance count against a direct comparison on integer points with many ties, and the zone count
and concession map with tails forced to be tiny, so the branch and bound hands states to the closed form
at every depth and the two paths mix (the property tests in test_analysis_properties use the default
size, where small scenarios are closed from the first issue on)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.analysis import zone
from sim.analysis.dense import Dense
from sim.analysis.synthetic import random_scenario
from sim.analysis.tail import Tail
from tests import test_analysis_properties as props


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 60), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_dominance_counts_match_direct_comparison(m, levels, seed):
    rng = np.random.default_rng(seed)
    pts = rng.integers(0, levels, (m, 2)).astype(float)  # few levels: exact ties on each axis
    q = rng.integers(-1, levels + 1, (25, 2)).astype(float)
    tail = Tail(pts, None, [])
    want = ((pts[None, :, 0] >= q[:, None, 0]) & (pts[None, :, 1] >= q[:, None, 1])).sum(axis=1)
    np.testing.assert_array_equal(tail.count2(0, 1, q[:, 0], q[:, 1]), want)
    np.testing.assert_array_equal(tail.count1(1, q[:, 1]), (pts[None, :, 1] >= q[:, None, 1]).sum(axis=1))


@props.SETTINGS
@given(props.scenarios(), st.sampled_from([1, 4, 16, 64]))
def test_zone_matches_brute_force_with_tiny_tails(scn, rows):
    with props.patched(zone, MAX_ROWS=rows):
        props.test_zone_size_and_concessions_match_brute_force.hypothesis.inner_test(scn)


def test_large_zone_matches_dense_with_closed_forms_at_every_depth():
    """A 4-actor scenario with a quarter of its 65,536 bundles in the zone: most states close in form."""
    scn = random_scenario(np.random.default_rng(20), 4, [4] * 8, n_interactions=2, red_line_rate=0.1,
                          reservation_quantile=0.5)  # benchmarks/bench_analysis.py goal (a) at 8 issues
    dense = Dense(scn)
    for rows in (16, 256, zone.MAX_ROWS):
        with props.patched(zone, MAX_ROWS=rows):
            res = sim.analyze(scn)
            assert res.zone_size == int(dense.zone.sum())
            np.testing.assert_array_equal(res.concessions["count"].to_numpy(), np.concatenate(dense.concessions()))
