"""Non-dominated filter (maxima of a point set) by multidimensional divide and conquer.

Kung, Luccio & Preparata (1975), "On finding the maxima of a set of vectors", J. ACM 22(4); in the
form of Bentley (1980), "Multidimensional divide-and-conquer", CACM 23(4): split on the first
coordinate at the median, find the maxima of each half, then remove the lower half's maxima that a
point of the upper half dominates, which is a problem in one dimension fewer (the upper half already wins
on the split coordinate). Two dimensions are a sort and a running maximum, one dimension a maximum.
O(n log^(d-1) n) comparisons; small sub-problems are finished by a block comparison in numpy.

Points are maximised (larger is better in every column). ``nondominated`` keeps every copy of a
non-dominated vector: equal vectors never dominate each other.
"""

from __future__ import annotations

import numpy as np

BASE = 96  # below this many points a block comparison is cheaper than recursing
BLOCK = 1 << 16  # max pairs compared at once in a block step (memory bound)


def nondominated(points: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows of ``points`` (n, d) that no other row Pareto-dominates."""
    p = np.asarray(points, dtype=float)
    n = len(p)
    if n == 0:
        return np.zeros(0, dtype=bool)
    if p.ndim != 2 or p.shape[1] == 0:
        return np.ones(n, dtype=bool)
    uniq, inverse = np.unique(p, axis=0, return_inverse=True)
    # on distinct points weak dominance (>= everywhere) is strict dominance, which the recursion needs
    keep = np.zeros(len(uniq), dtype=bool)
    keep[_maxima(uniq, np.arange(len(uniq)))] = True
    return keep[inverse.reshape(-1)]


def _maxima(p: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Indices (into the original array) of the maxima of the distinct points ``p`` (rows = ``idx``)."""
    n, d = p.shape
    if n <= 1:
        return idx
    if d == 1:
        return idx[p[:, 0] == p[:, 0].max()]
    if d == 2:
        order = np.lexsort((-p[:, 1], -p[:, 0]))  # x descending, then y descending
        y = p[order, 1]
        best_before = np.maximum.accumulate(np.concatenate(([-np.inf], y[:-1])))
        return np.sort(idx[order[y > best_before]])
    if n <= BASE:
        return idx[~_dominated_block(p, p, skip_equal=True)]
    hi, lo = _split(p[:, 0])
    if hi is None:  # every point shares the first coordinate: it decides nothing
        return _maxima(p[:, 1:], idx)
    top = _maxima(p[hi], idx[hi])
    bottom = _maxima(p[lo], idx[lo])
    # positions of the survivors inside p, to compare them on the remaining coordinates
    pos = np.searchsorted(idx, top), np.searchsorted(idx, bottom)
    beaten = _filter(p[pos[0], 1:], p[pos[1], 1:])
    return np.sort(np.concatenate((top, bottom[~beaten])))


def _filter(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Mask over rows of ``b``: some row of ``a`` is >= it in every column (the caller guarantees the
    columns already dropped are won by ``a``)."""
    nb = len(b)
    if len(a) == 0 or nb == 0:
        return np.zeros(nb, dtype=bool)
    d = a.shape[1]
    if d == 1:
        return b[:, 0] <= a[:, 0].max()
    if d == 2:
        order = np.argsort(-a[:, 0], kind="stable")
        ax, best_y = a[order, 0], np.maximum.accumulate(a[order, 1])
        # number of a-points with x >= b.x; among them the best y
        k = np.searchsorted(-ax, -b[:, 0], side="right")
        out = np.zeros(nb, dtype=bool)
        some = k > 0
        out[some] = best_y[k[some] - 1] >= b[some, 1]
        return out
    if len(a) * nb <= BLOCK or len(a) <= 8 or nb <= 8:
        return _dominated_block(a, b)
    both = np.concatenate((a[:, 0], b[:, 0]))
    hi, _ = _split(both)
    if hi is None:
        return _filter(a[:, 1:], b[:, 1:])
    a_hi, b_hi = hi[:len(a)], hi[len(a):]
    out = np.zeros(nb, dtype=bool)
    out[b_hi] = _filter(a[a_hi], b[b_hi])
    low = ~b_hi
    # low b-points: beaten by a low a-point on all columns, or by a high a-point on the rest
    beaten = _filter(a[~a_hi], b[low])
    rest = ~beaten
    if rest.any():
        idx = np.flatnonzero(low)[rest]
        out[idx] = _filter(a[a_hi, 1:], b[idx, 1:])
    out[np.flatnonzero(low)[beaten]] = True
    return out


def _split(v: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Split at the median so that every 'high' value exceeds every 'low' one; None if all equal."""
    m = np.median(v)
    hi = v >= m
    if hi.all():
        hi = v > m
    if not hi.any() or hi.all():
        return None, None
    return hi, ~hi


def _dominated_block(a: np.ndarray, b: np.ndarray, skip_equal: bool = False) -> np.ndarray:
    """Mask over rows of ``b``: some row of ``a`` is >= it everywhere. ``skip_equal`` ignores equal rows
    (comparing a set with itself, where the only equal row is the point itself)."""
    out = np.zeros(len(b), dtype=bool)
    step = max(1, BLOCK // max(len(a), 1))
    at = np.ascontiguousarray(a.T)
    for s in range(0, len(b), step):
        chunk = b[s:s + step]
        # column by column on contiguous (chunk, a) planes: much faster than a 3-d reduction
        ge = chunk[:, 0, None] <= at[0][None, :]
        for j in range(1, at.shape[0]):
            ge &= chunk[:, j, None] <= at[j][None, :]
        if skip_equal:
            eq = chunk[:, 0, None] == at[0][None, :]
            for j in range(1, at.shape[0]):
                eq &= chunk[:, j, None] == at[j][None, :]
            ge &= ~eq
        out[s:s + step] = ge.any(axis=1)
    return out
