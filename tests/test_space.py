import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.scenario import Issue, Space


def make_space(shape):
    return Space([Issue(f"i{n}", f"I{n}", tuple(f"o{k}" for k in range(m)), tuple(f"o{k}" for k in range(m)))
                  for n, m in enumerate(shape)])


shapes = st.lists(st.integers(2, 9), min_size=1, max_size=8)


@given(shapes, st.data())
@settings(max_examples=200, deadline=None)
def test_index_bundle_round_trip(shape, data):
    space = make_space(shape)
    idx = data.draw(st.integers(0, space.size - 1))
    b = space.bundle(idx)
    assert space.index(b) == idx
    assert all(0 <= o < n for o, n in zip(b, shape))


@given(shapes)
@settings(max_examples=50, deadline=None)
def test_vectorised_matches_scalar_and_is_lexicographic(shape):
    space = make_space(shape)
    idx = np.arange(min(space.size, 500))
    b = space.bundles(idx)
    assert [tuple(r) for r in b.tolist()] == [space.bundle(i) for i in idx]
    np.testing.assert_array_equal(space.indices(b), idx)
    # index order is lexicographic bundle order
    assert [tuple(r) for r in b.tolist()] == sorted(tuple(r) for r in b.tolist())


def test_size_is_exact_beyond_int64():
    space = make_space([7] * 30)  # 7**30 ~ 2.25e25 bundles
    assert space.size == 7**30 and isinstance(space.size, int)
    last = space.size - 1
    assert space.bundle(last) == (6,) * 30
    assert space.index((6,) * 30) == last
    assert space.indices(np.array([[6] * 30]))[0] == last  # object path, no overflow
    np.testing.assert_array_equal(space.bundles([last])[0], [6] * 30)


def test_default_space_size():
    shape = [6, 7, 5, 4, 5, 5, 7, 5, 5, 6, 5, 5]
    assert make_space(shape).size == 551_250_000 == math.prod(shape)


def test_all_bundles_dense_and_bounds():
    space = make_space([2, 3])
    np.testing.assert_array_equal(space.all_bundles(), [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
    with pytest.raises(IndexError):
        space.bundle(6)
    with pytest.raises(IndexError):
        space.bundles([6])
    with pytest.raises(IndexError):
        space.index((0, 3))


def test_labels(toy):
    assert toy.space.labels((0, 1, 2)) == {"land": "all_a", "alliance": "neutral", "money": "lots"}
