"""Closed-form counts of a subtree's completions when at most two signatory constraints are still active.

The zone's branch and bound (``zone.py``) stops at a state whose every constraint is sure (pessimistic
completion meets it); near the zone's boundary most open states have only one or two constraints left
open, and expanding them makes the cost follow the zone's size. Once the remaining issues span at most
``MAX_ROWS`` completions, a *tail* holds the sum vectors of all of them, and a state with one active
column j counts its completions as #{rows: r_j ≥ t_j} (a binary search in the sorted column), with two
active columns a, b as the 2-D dominance count #{rows: r_a ≥ t_a, r_b ≥ t_b}, answered offline-free by a
merge-sort tree (sorted blocks of every power-of-two size over the rows in order of r_a; a prefix of that
order splits into at most log m blocks, each searched once; de Berg et al., "Computational Geometry", 3rd
ed. 2008, §5.3, and Bentley 1980, "Multidimensional divide-and-conquer", CACM 23(4)). Values are integer
grid units held in float64 (``numeric.py``), so thresholds t = lower − partial sum are exact.

Counts per option of the remaining issues (the concession map) come from the same count with rows and
states swapped: per row, how many of the states it completes (``zone._Counter._row_weights``), summed per
option of each remaining issue. Weighted decision rules keep the plain expansion (their acceptance
is not a conjunction of per-column tests).
"""

from __future__ import annotations

import numpy as np

MAX_ROWS = 1 << 14  # completions a tail holds; small enough that building one costs less than it saves


class _Dominance2:
    """#{rows: a ≥ t_a and b ≥ t_b} for many queries (merge-sort tree over rows in order of a)."""

    def __init__(self, a: np.ndarray, b: np.ndarray):
        m = len(a)
        self.m = m
        by_a = np.argsort(a, kind="stable")
        self.a_sorted = a[by_a]
        by_b = np.argsort(b, kind="stable")
        self.b_sorted = b[by_b]
        rank_b = np.empty(m, dtype=np.int64)
        rank_b[by_b] = np.arange(m)  # equal b: consecutive ranks, so rank ≥ #{b < t} is exactly b ≥ t
        r = rank_b[by_a]
        pos = np.arange(m, dtype=np.int64)
        self.levels = []
        lv = 0
        while (1 << lv) <= m:
            self.levels.append(np.sort((pos >> lv) * m + r))  # sorted within each block of size 2^lv
            lv += 1

    def count(self, ta: np.ndarray, tb: np.ndarray) -> np.ndarray:
        m = self.m
        k = np.searchsorted(self.a_sorted, ta, "left")  # rows with a < t_a: a prefix of the a-order
        rb = np.searchsorted(self.b_sorted, tb, "left")  # rows with b < t_b: ranks below rb
        out = m - rb
        for lv, keys in enumerate(self.levels):
            bit = ((k >> lv) & 1).astype(bool)
            if not bit.any():
                continue
            bid = (k[bit] >> lv) - 1  # the prefix's block of size 2^lv
            end = (bid + 1) << lv
            out[bit] -= end - np.searchsorted(keys, bid * m + rb[bit], "left")
        return out


class Tail:
    """All completions over a run of issues: their sum vectors (rows, columns) and option per issue."""

    def __init__(self, sums: np.ndarray, options: np.ndarray, n_options: list[int]):
        self.sums, self.options, self.n_options = sums, options, n_options
        self.m = len(sums)
        self._sorted: dict[int, np.ndarray] = {}
        self._pairs: dict[tuple[int, int], _Dominance2] = {}

    @classmethod
    def build(cls, vals: list[np.ndarray]) -> Tail:
        """From per-issue (columns, options) value tables, every completion (mixed radix, first issue first)."""
        k = vals[0].shape[0]
        sums = np.zeros((1, k))
        opts = np.zeros((1, 0), dtype=np.int64)
        for v in vals:
            n = v.shape[1]
            sums = (sums[:, None, :] + v.T[None, :, :]).reshape(-1, k)
            opts = np.column_stack([np.repeat(opts, n, axis=0), np.tile(np.arange(n), len(opts))])
        return cls(sums, opts, [v.shape[1] for v in vals])

    def count1(self, j: int, t: np.ndarray) -> np.ndarray:
        col = self._sorted.get(j)
        if col is None:
            col = self._sorted[j] = np.sort(self.sums[:, j])
        return self.m - np.searchsorted(col, t, "left")

    def count2(self, a: int, b: int, ta: np.ndarray, tb: np.ndarray) -> np.ndarray:
        d = self._pairs.get((a, b))
        if d is None:
            d = self._pairs[(a, b)] = _Dominance2(self.sums[:, a], self.sums[:, b])
        return d.count(ta, tb)
