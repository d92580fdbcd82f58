"""The agreement zone counted exactly without enumerating the space: branch and bound over issues.

Bundles are built issue by issue (compound issues, so utility is additive). A partial bundle is
- dead when some signatory's optimistic completion (best option on every remaining issue) stays below
  its threshold, or when the sum of thresholds is out of reach (the surrogate constraint
  Σ_j u_j ≥ Σ_j t_j, which sees that signatories cannot all get their best options at once; Glover 1965,
  "A multiphase-dual algorithm for the zero-one integer programming problem", Oper. Res. 13);
- full when every signatory's pessimistic completion (worst option on every remaining issue) meets its
  threshold: every completion is in the zone, so it counts as the product of the remaining sizes
  without being visited;
- open otherwise, and expanded by the next issue.
The cost therefore follows the zone's boundary, not the space. Issues with the widest utility ranges go
first so bounds bite early. Open states are processed depth first in chunks, so memory stays bounded.

Counts are also kept per option (the concession map): a full state contributes its remaining size to
each option it has fixed and an equal share to every option of each free issue.

``enumerate_zone`` lists the zone bundles with the lowest indices by the same kind of bounds, walking
the original issues in order (see its docstring).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .coalitions import Win
from .compound import Compound, Layers

CHUNK = 1 << 15  # open states expanded at once (memory ~ CHUNK * options * columns * 8 bytes)


@dataclass(frozen=True)
class ZoneCount:
    size: int
    option_counts: tuple[np.ndarray, ...]  # per compound issue, count per compound option id (int64)


class _Counter:
    """Branch and bound over the issues; partial sums are kept column-major, (columns, states)."""

    def __init__(self, comp: Compound, lay: Layers, lower: np.ndarray, surrogates: bool = True,
                 win: Win | None = None):
        self.comp, self.win = comp, win
        surrogates = surrogates and win is None  # Σ u_j >= Σ t_j holds only when every column must pass
        spread = [float((v.max(axis=0) - v.min(axis=0)).sum()) if len(v) else 0.0 for v in lay.values]
        self.order = sorted(range(len(lay.values)), key=lambda g: (-spread[g], g))
        self.vals = [np.ascontiguousarray(lay.values[g].T) for g in self.order]  # (columns, options)
        self.ids = [lay.ids[g] for g in self.order]
        lower = np.asarray(lower, dtype=float)
        self.cols = np.flatnonzero(np.isfinite(lower))  # unconstrained columns play no part
        self.lower = lower[self.cols]
        self.vals = [v[self.cols] for v in self.vals]
        n = len(self.vals)
        rmax = np.zeros((n + 1, len(self.cols)))
        rmin = np.zeros((n + 1, len(self.cols)))
        self.size_rest = [1] * (n + 1)
        for g in range(n - 1, -1, -1):
            rmax[g] = rmax[g + 1] + self.vals[g].max(axis=1)
            rmin[g] = rmin[g + 1] + self.vals[g].min(axis=1)
            self.size_rest[g] = self.size_rest[g + 1] * self.vals[g].shape[1]
        # thresholds on the partial sum (all grid values: exact): below dead_at -> dead, from full_at on -> full
        self.dead_at = self.lower - rmax
        self.full_at = self.lower - rmin
        # surrogate constraints: pairs of signatories (and all of them) cannot all have their best
        # (every pair as well was tried: it prunes little more and costs more than it saves)
        k = len(self.cols)
        self.pairs = [tuple(range(k))] if surrogates and k >= 2 else []
        self.pair_dead_at = np.zeros((n + 1, len(self.pairs)))
        for q, p in enumerate(self.pairs):
            best = np.zeros(n + 1)
            for g in range(n - 1, -1, -1):
                best[g] = best[g + 1] + self.vals[g][list(p)].sum(axis=0).max()
            self.pair_dead_at[:, q] = self.lower[list(p)].sum() - best
        self.total = 0
        self.counts = [np.zeros(v.shape[1], dtype=np.int64) for v in self.vals]

    def run(self, with_options: bool) -> None:
        self.with_options = with_options
        if not self.vals:
            ok = 0 >= self.lower
            self.total = int(self.win([ok[j] for j in range(len(ok))]) if self.win is not None else ok.all())
            return
        if not len(self.cols):  # nothing constrained: every bundle counts
            self.total = self.size_rest[0]
            self.counts = [np.full(v.shape[1], self.total // v.shape[1], dtype=np.int64) for v in self.vals]
            return
        self._expand(np.zeros((len(self.cols), 1)), np.zeros((1, 0), dtype=np.int64), 0)

    def _expand(self, acc: np.ndarray, pos: np.ndarray, g: int) -> None:
        for s in range(0, acc.shape[1], CHUNK):
            self._step(acc[:, s:s + CHUNK], pos[s:s + CHUNK], g)

    def _step(self, acc: np.ndarray, pos: np.ndarray, g: int) -> None:
        v = self.vals[g]
        last = g == len(self.vals) - 1
        # one contiguous (states, options) plane per column: far faster than reducing a short last axis
        new = [acc[j][:, None] + v[j][None, :] for j in range(len(self.cols))]
        if self.win is not None:  # a weighted rule (coalitions.py)
            full = self.win([new[j] >= self.full_at[g + 1, j] for j in range(len(new))])
        else:
            full = new[0] >= self.full_at[g + 1, 0]
            for j in range(1, len(new)):
                full &= new[j] >= self.full_at[g + 1, j]
        weight = self.size_rest[g + 1]
        n_full = int(np.count_nonzero(full))
        if n_full:
            self.total += n_full * weight
            if self.with_options:
                self._credit(pos, full, g, weight)
        if last:
            return
        open_ = ~full
        if self.win is not None:
            open_ &= self.win([new[j] >= self.dead_at[g + 1, j] for j in range(len(new))])
        else:
            for j in range(len(new)):
                open_ &= new[j] >= self.dead_at[g + 1, j]
        for q, p in enumerate(self.pairs):
            tot = new[p[0]].copy()
            for j in p[1:]:
                tot += new[j]
            open_ &= tot >= self.pair_dead_at[g + 1, q]
        si, oi = np.nonzero(open_)
        if len(si):
            acc2 = np.stack([x[si, oi] for x in new])
            self._expand(acc2, np.column_stack([pos[si], oi]), g + 1)

    def _credit(self, pos: np.ndarray, full: np.ndarray, g: int, weight: int) -> None:
        per_state = full.sum(axis=1).astype(np.int64) * weight
        exact_float = self.size_rest[0] < 2 ** 53  # bincount sums in float64: exact below 2^53
        for h in range(g):
            if exact_float:
                self.counts[h] += np.bincount(pos[:, h], per_state, len(self.counts[h])).astype(np.int64)
            else:
                np.add.at(self.counts[h], pos[:, h], per_state)
        self.counts[g] += full.sum(axis=0).astype(np.int64) * weight
        n = int(full.sum()) * weight
        for h in range(g + 1, len(self.vals)):
            self.counts[h] += n // self.vals[h].shape[1]

    def option_counts(self) -> tuple[np.ndarray, ...]:
        """Back in compound-issue order, indexed by compound option id."""
        out: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(self.comp.groups)
        for k, g in enumerate(self.order):
            full = np.zeros(self.comp.groups[g].n_options, dtype=np.int64)
            full[self.ids[k]] = self.counts[k]
            out[g] = full
        return tuple(out)


def count_zone(comp: Compound, lay: Layers, lower: np.ndarray, with_options: bool = True,
               surrogates: bool = True, win: Win | None = None) -> ZoneCount:
    """Exact number of bundles of ``lay`` whose column sums all reach ``lower`` (or, with ``win``, whose
    columns reaching it form a winning coalition), and counts per option."""
    if lay.empty:
        return ZoneCount(0, tuple(np.zeros(g.n_options, dtype=np.int64) for g in comp.groups))
    c = _Counter(comp, lay, lower, surrogates, win)
    c.run(with_options)
    return ZoneCount(int(c.total), c.option_counts() if with_options else ())


def issue_option_counts(comp: Compound, counts: tuple[np.ndarray, ...], shape: tuple[int, ...]) -> list[np.ndarray]:
    """Per original issue, the count per option, from counts per compound option."""
    out = [np.zeros(n, dtype=np.int64) for n in shape]
    for grp, cnt in zip(comp.groups, counts):
        for k, issue in enumerate(grp.issues):
            np.add.at(out[issue], grp.options[:, k], cnt)
    return out


def enumerate_zone(comp: Compound, lay: Layers, lower: np.ndarray, limit: int, win: Win | None = None) -> np.ndarray:
    """The ``limit`` zone bundles with the lowest bundle indices, (n, n_issues), in index order.

    Depth first over the original issues in order, options in order, so bundles come out in index order
    and the walk stops after ``limit``. An issue coupled into a compound issue fixes a prefix of the
    compound's members (members are ascending), so the compound options still possible form a contiguous
    block of compound ids (mixed radix, first member most significant); each partial bundle carries its
    optimistic value: per compound issue the exact value once every member is fixed, else the best value
    over the allowed options of its block, precomputed per prefix. Exact on the grid, like every bound."""
    lower = np.asarray(lower, dtype=float)
    if lay.empty or limit <= 0:
        return np.zeros((0, comp.n_issues), dtype=np.int64)
    n_cols = lower.size
    # per compound issue and number of members fixed: best value per column over each block of options
    best, sizes = [], []
    for g, grp in enumerate(comp.groups):
        sub = [int(grp.options[:, k].max()) + 1 for k in range(len(grp.issues))]
        full = np.full((grp.n_options, n_cols), -np.inf)
        full[lay.ids[g]] = lay.values[g]
        blocks = [math.prod(sub[:k]) for k in range(len(sub) + 1)]
        best.append([full.reshape(m, grp.n_options // m, n_cols).max(axis=1) for m in blocks])
        sizes.append(sub)
    steps = []  # per original issue: its compound issue, how many members come before it, its size
    for i in range(comp.n_issues):
        g = int(comp.group_of_issue[i])
        k = comp.groups[g].issues.index(i)
        steps.append((g, k, sizes[g][k]))
    found: list[np.ndarray] = []
    need = [limit]

    def walk(opt: np.ndarray, code: np.ndarray, pre: np.ndarray, i: int) -> None:
        g, k, size = steps[i]
        step = max(1, min(CHUNK, need[0]))
        for s in range(0, len(opt), step):
            if need[0] <= 0:
                return
            o, c, p = opt[s:s + step], code[s:s + step], pre[s:s + step]
            x = c[:, g]
            x_new = x[:, None] * size + np.arange(size)[None, :]  # (states, options): the block ids
            new = o[:, None, :] - best[g][k][x][:, None, :] + best[g][k + 1][x_new]
            reach = new >= lower  # -inf: no allowed option in the block
            si, oi = np.nonzero(reach.all(axis=2) if win is None else
                                win.last_axis(reach) & (new > -np.inf).all(axis=2))
            rows = np.column_stack([p[si], oi])
            if i == comp.n_issues - 1:
                rows = rows[:need[0]]
                found.append(rows)
                need[0] -= len(rows)
            elif len(si):
                c2 = c[si]
                c2[:, g] = x_new[si, oi]
                walk(new[si, oi], c2, rows, i + 1)

    start = np.sum([b[0][0] for b in best], axis=0)
    walk(start[None], np.zeros((1, len(comp.groups)), dtype=np.int64), np.zeros((1, 0), dtype=np.int64), 0)
    return np.vstack(found) if found else np.zeros((0, comp.n_issues), dtype=np.int64)
