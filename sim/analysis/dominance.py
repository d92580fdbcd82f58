"""Non-dominated filter (maxima of a point set) by multidimensional divide and conquer.

Kung, Luccio & Preparata (1975), "On finding the maxima of a set of vectors", J. ACM 22(4); in the
form of Bentley (1980), "Multidimensional divide-and-conquer", CACM 23(4): split on the first
coordinate at the median, find the maxima of each half, then remove the lower half's maxima that a
point of the upper half dominates, which is a problem in one dimension fewer (the upper half already wins
on the split coordinate). Two dimensions are a sort and a running maximum, one dimension a maximum.
O(n log^(d-1) n) comparisons.

Sub-problems with up to ``BITS`` candidate dominators are finished with bitsets instead of recursing
(word-parallel dominance counting): label the candidate dominators by rank in the first column; for
every other column j, row r of a prefix table holds the set of the r best of them in column j, so the
points at least as good as q in column j are one table row, found by binary search. ANDing those rows
(and the prefix of the first column) gives all of q's weak dominators at once, 64 per machine word:
O(n^2 d / 64) word operations on tables that stay in cache, with no per-point Python work. Up to
``SMALL`` points an all-pairs comparison is quicker still.

Points are maximised (larger is better in every column). ``nondominated`` keeps every copy of a
non-dominated vector: equal vectors never dominate each other.
"""

from __future__ import annotations

import numpy as np

SMALL = 24  # up to this many points an all-pairs comparison is cheapest
BITS = 2048  # up to this many candidate dominators, bitset dominance instead of recursing
BLOCK = 1 << 18  # max machine words a bitset scan holds at once (memory bound)
_ONE = np.uint64(1)
_ALL = np.uint64(0xFFFF_FFFF_FFFF_FFFF)
_MIX = np.array([1.0, 0.6180339887498949, 0.41421356237309515, 0.7320508075688772, 0.2360679774997898,
                 0.6457513110645907, 0.3166247903554, 0.8284271247461903])  # fractional parts of square roots


def nondominated(points: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows of ``points`` (n, d) that no other row Pareto-dominates."""
    p = np.asarray(points, dtype=float)
    n = len(p)
    if n == 0:
        return np.zeros(0, dtype=bool)
    if p.ndim != 2 or p.shape[1] == 0 or n == 1:
        return np.ones(n, dtype=bool)
    if n <= SMALL:
        ge = (p[None, :, :] >= p[:, None, :]).all(axis=2)
        gt = (p[None, :, :] > p[:, None, :]).any(axis=2)
        return ~(ge & gt).any(axis=1)
    uniq, inverse = unique_rows(p)
    # on distinct points weak dominance (>= everywhere) is strict dominance, which the recursion needs
    keep = np.zeros(len(uniq), dtype=bool)
    keep[_maxima(uniq, np.arange(len(uniq)))] = True
    return keep[inverse]


def unique_rows(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows and, per row of ``p``, the index of its distinct row (like ``np.unique(p, axis=0,
    return_inverse=True)`` but in no particular order, and several times faster): one sort on a fixed
    linear mix of the columns groups equal rows; should two different rows share a key, a lexsort does it."""
    n, d = p.shape
    if n == 0:
        return p[:0], np.zeros(0, dtype=np.int64)
    key = p[:, 0] * _MIX[0]
    for j in range(1, d):
        key = key + p[:, j] * _MIX[j % len(_MIX)]
    order = np.argsort(key, kind="stable")
    s = p[order]
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.any(s[1:] != s[:-1], axis=1, out=new[1:])
    k = key[order]
    if not np.isfinite(k).all() or (new[1:] & (k[1:] == k[:-1])).any():  # a collision: exact fallback
        order = np.lexsort(p.T[::-1])
        s = p[order]
        np.any(s[1:] != s[:-1], axis=1, out=new[1:])
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return s[new], inverse


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
    if n <= BITS:
        return idx[~_dominated_bits(p, p, skip_self=True)]
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
    if len(a) <= BITS:
        return _dominated_bits(a, b)
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
    m = np.partition(v, len(v) // 2)[len(v) // 2]
    hi = v >= m
    if hi.all():
        hi = v > m
    if not hi.any() or hi.all():
        return None, None
    return hi, ~hi


def _dominated_bits(a: np.ndarray, b: np.ndarray, skip_self: bool = False) -> np.ndarray:
    """Mask over rows of ``b``: some row of ``a`` is >= it in every column, by bitsets (module docstring).
    ``skip_self``: ``b`` is ``a`` (distinct rows) and a row's own bit does not count."""
    bits = _Bits(a)
    return bits.dominated_self() if skip_self else bits.dominated(b)


class _Bits:
    """The bitset tables of a point set ``a`` (module docstring), built once and queried many times.
    Points are labelled by rank in column 0 (best first), so column 0's dominators are a prefix."""

    def __init__(self, a: np.ndarray):
        na, d = a.shape
        self.n, self.words = na, (na + 63) >> 6
        self.rank0 = np.argsort(-a[:, 0], kind="stable")
        self.a = a = a[self.rank0]
        self.keys = [-a[:, 0]]  # per column, ascending (of -value), and the order it sorts the labels in
        self.orders = [np.arange(na)]
        self.tables = []
        for j in range(1, d):
            order = np.argsort(-a[:, j], kind="stable")
            table = np.zeros((na + 1, self.words), dtype=np.uint64)
            table[np.arange(1, na + 1), order >> 6] = np.left_shift(_ONE, (order & 63).astype(np.uint64))
            np.bitwise_or.accumulate(table, axis=0, out=table)  # row r: the r best points in column j
            self.tables.append(table)
            self.keys.append(-a[order, j])
            self.orders.append(order)

    def dominated(self, b: np.ndarray) -> np.ndarray:
        """Mask over rows of ``b``: some point is >= it in every column."""
        counts = [np.searchsorted(k, -b[:, j], side="right") for j, k in enumerate(self.keys)]
        return self._scan(counts, len(b), lambda acc, s, e: acc.any(axis=1))

    def dominated_self(self) -> np.ndarray:
        """Mask over the points themselves (distinct): some other point is >= it in every column."""
        counts = []
        for key, order in zip(self.keys, self.orders):
            cnt = np.empty(self.n, dtype=np.int64)
            cnt[order] = np.searchsorted(key, key, side="right")  # sorted queries: cache friendly
            counts.append(cnt)

        def other(acc: np.ndarray, s: int, e: int) -> np.ndarray:
            me = np.arange(s, e)
            acc[me - s, me >> 6] &= ~np.left_shift(_ONE, (me & 63).astype(np.uint64))
            return acc.any(axis=1)

        out = np.empty(self.n, dtype=bool)
        out[self.rank0] = self._scan(counts, self.n, other)
        return out

    def _scan(self, counts: list[np.ndarray], nb: int, finish) -> np.ndarray:
        """Per row, the AND of its rows of the tables, in blocks of rows; ``finish(acc, s, e)`` -> mask."""
        out = np.zeros(nb, dtype=bool)
        step = max(1, BLOCK // self.words)
        w = np.arange(self.words)
        for s in range(0, nb, step):
            e = min(nb, s + step)
            c0 = counts[0][s:e]
            # prefix of column 0: whole words below c0 // 64, then the low c0 % 64 bits of the next one
            acc = np.where(w[None, :] < (c0 >> 6)[:, None], _ALL, np.uint64(0))
            part = c0 & 63
            r = np.flatnonzero(part)
            acc[r, c0[r] >> 6] = np.left_shift(_ONE, part[r].astype(np.uint64)) - _ONE
            for table, cnt in zip(self.tables, counts[1:]):
                acc &= table[cnt[s:e]]
            out[s:e] = finish(acc, s, e)
        return out
