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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .coalitions import Win
from .compound import Compound, Layers
from .dominance import nondominated, unique_rows


@dataclass(frozen=True)
class Frontier:
    bundles: np.ndarray  # (n, n_issues) original option indices, in bundle index order
    values: np.ndarray  # (n, n_columns)

    def __len__(self) -> int:
        return len(self.bundles)


def frontier(comp: Compound, lay: Layers, lower: np.ndarray | None = None, ties: str = "all",
             win: Win | None = None) -> Frontier:
    """Non-dominated bundles of ``lay`` (maximising every column) among those with values >= ``lower``
    (``-inf`` = unconstrained); with ``win``, among those whose columns reaching ``lower`` win (a
    weighted decision rule: still upward closed, so the merge argument holds)."""
    if ties not in ("all", "first"):
        raise ValueError("ties must be 'all' or 'first'")
    n_cols = lay.values[0].shape[1] if lay.values else 0
    if lay.empty:
        return Frontier(np.zeros((0, comp.n_issues), dtype=np.int64), np.zeros((0, n_cols)))
    lower = np.full(n_cols, -np.inf) if lower is None else np.asarray(lower, dtype=float)
    vals, ids = _prune_layers(lay, ties)
    # optimistic value of the issues not merged yet, for the lower bounds
    best = np.array([v.max(axis=0) for v in vals])
    rest = np.vstack([np.cumsum(best[::-1], axis=0)[::-1][1:], np.zeros((1, n_cols))])
    acc = np.zeros((1, n_cols))
    bundles = np.zeros((1, comp.n_issues), dtype=np.int64)
    for g, grp in enumerate(comp.groups):
        v, opt = vals[g], ids[g]
        cand = (acc[:, None, :] + v[None, :, :]).reshape(-1, n_cols)  # row = parent * len(v) + choice
        reach = cand + rest[g] >= lower
        keep = np.flatnonzero(reach.all(axis=1) if win is None else win.last_axis(reach))
        keep = keep[nondominated(cand[keep])]
        acc, bundles = cand[keep], bundles[keep // len(v)]
        bundles[:, list(grp.issues)] = grp.options[opt[keep % len(v)]]
        if ties == "first":
            acc, bundles = _lowest_per_vector(acc, bundles)
        if not len(acc):
            break
    order = np.lexsort(bundles.T[::-1]) if len(bundles) else np.zeros(0, dtype=np.int64)
    return Frontier(bundles[order], acc[order])


def _prune_layers(lay: Layers, ties: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Each issue's non-dominated options (the first of equal ones when ``ties='first'``)."""
    vals, ids = [], []
    for v, i in zip(lay.values, lay.ids):
        keep = nondominated(v)
        v, i = v[keep], i[keep]
        if ties == "first" and len(v) > 1:
            _, group = unique_rows(v)
            first = np.sort(np.unique(group, return_index=True)[1])  # ids ascending: first = lowest option
            v, i = v[first], i[first]
        vals.append(v)
        ids.append(i)
    return vals, ids


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
