"""Exact Pareto frontier of an additive problem, merged issue by issue.

With u(b) = Σ_g T_g[o_g] (compound issues, see compound.py), a bundle whose part on some issues is
dominated there by another part is dominated as a whole (swap the part). So the frontier of the first
g+1 issues lies inside ND(frontier of the first g ⊕ options of issue g+1): prune each issue to its
non-dominated options, then merge issue by issue, filtering after each step (the multi-objective
dynamic programme of e.g. Klamroth & Wiecek 2000 for knapsack problems; dominance filter in
dominance.py). With lower bounds on some columns (u_j ≥ t_j), a partial bundle whose optimistic
completion misses a bound is dropped too; the constraints are upward closed, so the argument holds.

``ties="all"`` keeps every bundle of a non-dominated utility vector; ``ties="first"`` keeps one, the
lowest bundle index (lexicographic over the original issues; a combination of the lowest partial
bundles is the lowest whole bundle, even when compound issues interleave).

``frontier_size`` runs the same merge on distinct vectors only, each carrying how many partial bundles
reach it (the product of its parts' multiplicities, summed over the parts that add up to it): the exact
number of frontier bundles, ties included, without listing a bundle. Both stop (``None``) once a merge
keeps more than ``cap`` rows, or would filter more than ``CANDIDATES_PER_CAP * cap`` candidates: the
work of a merge grows with them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .coalitions import Win
from .compound import Compound, Layers
from .dominance import nondominated, unique_rows

# a merge with more than this many times ``cap`` candidates stops before its dominance filter, whose cost
# grows with them (up to quadratically: with 30 actors nearly every candidate is non-dominated, and 40,000
# such points took 2.2 s to filter on this machine)
CANDIDATES_PER_CAP = 4


@dataclass(frozen=True)
class Frontier:
    bundles: np.ndarray  # (n, n_issues) original option indices, in bundle index order
    values: np.ndarray  # (n, n_columns)

    def __len__(self) -> int:
        return len(self.bundles)


@dataclass(frozen=True)
class FrontierSize:
    bundles: int  # frontier bundles, every bundle of a tied vector counted
    vectors: int  # distinct utility vectors among them


def frontier(comp: Compound, lay: Layers, lower: np.ndarray | None = None, ties: str = "all",
             win: Win | None = None, cap: int | None = None) -> Frontier | None:
    """Non-dominated bundles of ``lay`` (maximising every column) among those with values >= ``lower``
    (``-inf`` = unconstrained); with ``win``, among those whose columns reaching ``lower`` win (a
    weighted decision rule: still upward closed, so the merge argument holds). None past ``cap``
    (``CANDIDATES_PER_CAP``)."""
    if ties not in ("all", "first"):
        raise ValueError("ties must be 'all' or 'first'")
    out = _merge(comp, lay, lower, win, ties, cap)
    return out if out is None else _sorted(*out[:2])


def frontier_size(comp: Compound, lay: Layers, lower: np.ndarray | None = None, win: Win | None = None,
                  cap: int | None = None) -> FrontierSize | None:
    """The frontier's exact size (module docstring), or None past ``cap`` distinct vectors."""
    out = _merge(comp, lay, lower, win, "count", cap)
    return out if out is None else _size(*out[:2])


def frontier_or_size(comp: Compound, lay: Layers, cap: int,
                     count_cap: int | None = None) -> Frontier | FrontierSize | None:
    """Every frontier bundle (``ties='all'``, no lower bounds) when no merge keeps more than ``cap``
    bundles (or filters more than ``CANDIDATES_PER_CAP * cap`` candidates); else, from the merge where it
    passed that on, the count on distinct vectors (the frontier's exact size); None when the count passes
    ``count_cap`` (default ``cap``) vectors too. One pass: nothing is merged twice."""
    out = _merge(comp, lay, None, None, "all", cap, count_past_cap=True,
                 count_cap=cap if count_cap is None else count_cap)
    if out is None:
        return None
    return _size(*out[:2]) if out[2] == "count" else _sorted(*out[:2])


def _sorted(acc: np.ndarray, bundles: np.ndarray) -> Frontier:
    order = np.lexsort(bundles.T[::-1]) if len(bundles) else np.zeros(0, dtype=np.int64)
    return Frontier(bundles[order], acc[order])


def _size(acc: np.ndarray, mult: np.ndarray) -> FrontierSize:
    return FrontierSize(int(sum(int(m) for m in mult)), len(acc))


def _merge(comp: Compound, lay: Layers, lower, win: Win | None, mode: str, cap: int | None,
           count_past_cap: bool = False, count_cap: int | None = None):
    """(values, bundles, mode) of the frontier (``mode`` 'all' or 'first'), or (values, multiplicities,
    'count') of its distinct vectors; None past ``cap`` (kept rows, or ``CANDIDATES_PER_CAP`` times it
    before a filter). With ``count_past_cap`` an 'all' merge that passes ``cap`` goes on counting, up to
    ``count_cap`` instead."""
    count_cap = cap if count_cap is None else count_cap
    n_cols = lay.values[0].shape[1] if lay.values else 0
    if lay.empty:
        tail = np.zeros(0, dtype=np.int64) if mode == "count" else np.zeros((0, comp.n_issues), dtype=np.int64)
        return np.zeros((0, n_cols)), tail, mode
    lower = np.full(n_cols, -np.inf) if lower is None else np.asarray(lower, dtype=float)
    pruned = {t: _prune_layers(lay, t) for t in ({"all", "first"} if count_past_cap else
                                                 {"all" if mode == "all" else "first"})}
    # optimistic value of the issues not merged yet, for the lower bounds
    best = np.array([v.max(axis=0) for v in lay.values])
    rest = np.vstack([np.cumsum(best[::-1], axis=0)[::-1][1:], np.zeros((1, n_cols))])
    acc = np.zeros((1, n_cols))
    # multiplicities stay exact: int64 while the space's size fits, Python ints beyond
    count_type = object if math.prod(len(i) for i in lay.ids) >= 2**62 else np.int64
    rows = np.ones(1, dtype=count_type) if mode == "count" else np.zeros((1, comp.n_issues), np.int64)
    for g, grp in enumerate(comp.groups):
        vals, ids, mults = pruned["all" if mode == "all" else "first"]
        v, opt = vals[g], ids[g]
        cand = (acc[:, None, :] + v[None, :, :]).reshape(-1, n_cols)  # row = parent * len(v) + choice
        reach = cand + rest[g] >= lower
        keep = np.flatnonzero(reach.all(axis=1) if win is None else win.last_axis(reach))
        if cap is not None and len(keep) > CANDIDATES_PER_CAP * (count_cap if mode == "count" else cap):
            # the filter's cost grows with its candidates: past the listing's budget, count instead
            if not (count_past_cap and mode == "all") or len(keep) > CANDIDATES_PER_CAP * count_cap:
                return None
            mode, rows = "count", np.ones(len(rows), dtype=count_type)  # each partial bundle once
        keep = keep[nondominated(cand[keep])]
        acc = cand[keep]
        if mode == "count":
            acc, rows = _counted(acc, rows[keep // len(v)] * mults[g].astype(count_type)[keep % len(v)])
        else:
            rows = rows[keep // len(v)]
            rows[:, list(grp.issues)] = grp.options[opt[keep % len(v)]]
            if mode == "first":
                acc, rows = _lowest_per_vector(acc, rows)
        if cap is not None and mode != "count" and len(acc) > cap:
            if not (count_past_cap and mode == "all"):
                return None
            mode = "count"
            acc, rows = _counted(acc, np.ones(len(acc), dtype=count_type))
        if cap is not None and mode == "count" and len(acc) > count_cap:
            return None
        if not len(acc):
            break
    return acc, rows, mode


def _counted(acc: np.ndarray, mult: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of ``acc`` with the summed multiplicities of their copies."""
    distinct, group = unique_rows(acc)
    out = np.zeros(len(distinct), dtype=mult.dtype)
    np.add.at(out, group, mult)
    return distinct, out


def _prune_layers(lay: Layers, ties: str) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Each issue's non-dominated options (the first of equal ones when ``ties='first'``, with how many
    options share its vector)."""
    vals, ids, mults = [], [], []
    for v, i in zip(lay.values, lay.ids):
        keep = nondominated(v)
        v, i = v[keep], i[keep]
        m = np.ones(len(v), dtype=np.int64)
        if ties == "first" and len(v) > 1:
            _, group = unique_rows(v)
            first = np.sort(np.unique(group, return_index=True)[1])  # ids ascending: first = lowest option
            m = np.bincount(group)[group[first]]
            v, i = v[first], i[first]
        vals.append(v)
        ids.append(i)
        mults.append(m)
    return vals, ids, mults


def _lowest_per_vector(vals: np.ndarray, bundles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One row per distinct vector: the lexicographically lowest partial bundle."""
    if len(vals) < 2:
        return vals, bundles
    _, group = unique_rows(vals)
    order = np.lexsort(tuple(bundles.T[::-1]) + (group,))
    first = np.ones(len(order), dtype=bool)
    first[1:] = group[order[1:]] != group[order[:-1]]
    pick = order[first]
    return vals[pick], bundles[pick]
