"""The best zone bundles for one monotone objective, by branch and bound over the issues (no frontier).

Every solution objective (solutions.py) is non-decreasing in each signatory's utility, so a partial bundle
can reach at most objective(acc + best completion), the best completion taking each signatory's best option
on every remaining issue (the bound of Land & Doig 1960, "An automatic method of solving discrete
programming problems", Econometrica 28). Depth first, children in order of decreasing bound so that the
incumbent rises early; a state is dropped when its bound falls below the incumbent less the floating-point
slack (``solutions.PRESELECT``), or when the signatories that can still accept cannot agree (the zone
counter's dead test, zone.py). What survives to the last issue is every zone bundle whose objective is
within the slack of the best; the winner among them is decided exactly (``solutions.best_row``).

Cost follows how sharply the objective separates bundles, not the size of the zone or of its frontier.
When the objective is flat over too many bundles (more than ``MAX_CANDIDATES`` within the slack, e.g. a
Nash product 0 everywhere), ``None`` tells the caller to fall back to the frontier.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .coalitions import Win
from .compound import Compound, Layers
from .solutions import PRESELECT

CHUNK = 1 << 13  # states expanded at once
MAX_CANDIDATES = 200_000


class _Search:
    def __init__(self, comp: Compound, lay: Layers, lower: np.ndarray, objective: Callable[[np.ndarray], np.ndarray],
                 win: Win | None, slack: float, value_only: bool | str = False):
        self.value_only = value_only
        spread = [float((v.max(axis=0) - v.min(axis=0)).sum()) if len(v) else 0.0 for v in lay.values]
        self.order = sorted(range(len(lay.values)), key=lambda g: (-spread[g], g))
        self.vals = [lay.values[g] for g in self.order]
        self.ids = [lay.ids[g] for g in self.order]
        self.comp, self.lay, self.objective, self.win, self.slack = comp, lay, objective, win, slack
        n, k = len(self.vals), len(lower)
        rmax = np.zeros((n + 1, k))
        for g in range(n - 1, -1, -1):
            rmax[g] = rmax[g + 1] + self.vals[g].max(axis=0)
        self.rmax = rmax
        self.dead_at = np.asarray(lower, dtype=float) - rmax
        self.incumbent = -np.inf
        self.leaves: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.n_leaves = 0
        self.overflow = False

    def floor(self) -> float:
        x = self.incumbent
        return x - self.slack * max(abs(x), 1e-300) if np.isfinite(x) else x

    def run(self) -> None:
        self._expand(np.zeros((1, len(self.dead_at[0]))), np.zeros((1, 0), dtype=np.int64), 0)

    def _expand(self, acc: np.ndarray, pos: np.ndarray, g: int) -> None:
        for s in range(0, len(acc), CHUNK):
            if self.overflow:
                return
            self._step(acc[s:s + CHUNK], pos[s:s + CHUNK], g)

    def _step(self, acc: np.ndarray, pos: np.ndarray, g: int) -> None:
        v = self.vals[g]
        new = acc[:, None, :] + v[None, :, :]  # (states, options, columns)
        reach = new >= self.dead_at[g + 1]
        alive = reach.all(axis=2) if self.win is None else self.win.last_axis(reach)
        si, oi = np.nonzero(alive)
        if not len(si):
            return
        new = new[si, oi]
        pos = np.column_stack([pos[si], oi])
        last = g == len(self.vals) - 1
        bound = self.objective(new + self.rmax[g + 1])
        if self.value_only == "columns":  # every column's best at once: keep what can still raise one
            if last:
                self.incumbent = np.maximum(self.incumbent, bound.max(axis=0))
                return
            keep = (bound > self.incumbent).any(axis=1)
            order = np.argsort(-(bound - self.incumbent).max(axis=1)[keep], kind="stable")
            self._expand(new[keep][order], pos[keep][order], g + 1)
            return
        if last:
            self.incumbent = max(self.incumbent, float(bound.max()))
            if self.value_only:
                return
        keep = bound > self.incumbent if self.value_only else bound >= self.floor()
        new, pos, bound = new[keep], pos[keep], bound[keep]
        if last:
            if len(bound):
                self.leaves.append((new, bound, pos))
                self.n_leaves += len(bound)
                if self.n_leaves > 4 * MAX_CANDIDATES:
                    self._trim()
            return
        first = np.argsort(-bound, kind="stable")  # most promising first: the incumbent rises early
        self._expand(new[first], pos[first], g + 1)

    def _trim(self) -> None:
        vals, bound, pos = self._gather()
        keep = bound >= self.floor()
        self.leaves = [(vals[keep], bound[keep], pos[keep])]
        self.n_leaves = int(keep.sum())
        self.overflow = self.n_leaves > MAX_CANDIDATES

    def _gather(self):
        return (np.vstack([x[0] for x in self.leaves]), np.concatenate([x[1] for x in self.leaves]),
                np.vstack([x[2] for x in self.leaves]))

    def result(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(bundles, values) of the candidates, in bundle-index order; None on overflow."""
        if self.overflow:
            return None
        if not self.leaves:
            return np.zeros((0, self.comp.n_issues), dtype=np.int64), np.zeros((0, len(self.dead_at[0])))
        vals, bound, pos = self._gather()
        keep = bound >= self.floor()
        vals, pos = vals[keep], pos[keep]
        if len(vals) > MAX_CANDIDATES:
            return None
        choices = np.zeros((len(pos), len(self.order)), dtype=np.int64)
        for k, g in enumerate(self.order):
            choices[:, g] = self.ids[k][pos[:, k]]
        bundles = self.comp.decode(choices)
        order = np.lexsort(bundles.T[::-1])
        return bundles[order], vals[order]


def best_candidates(comp: Compound, lay: Layers, lower: np.ndarray, objective: Callable[[np.ndarray], np.ndarray],
                    win: Win | None = None, slack: float = PRESELECT) -> tuple[np.ndarray, np.ndarray] | None:
    """Every zone bundle whose ``objective`` (float, non-decreasing in every column of ``lay``) is within
    ``slack`` (relative) of the best: (bundles in index order, their values); None if there are too many."""
    if lay.empty:
        return np.zeros((0, comp.n_issues), dtype=np.int64), np.zeros((0, len(lower)))
    s = _Search(comp, lay, lower, objective, win, slack)
    s.run()
    return s.result()


def best_columns(comp: Compound, lay: Layers, lower: np.ndarray, win: Win | None = None) -> np.ndarray:
    """Each column's best value over the zone (the signatories' ideal points; -inf when the zone is empty),
    in one search that keeps a state while it can still raise some column (integer units: exact)."""
    k = len(lower)
    if lay.empty:
        return np.full(k, -np.inf)
    s = _Search(comp, lay, lower, lambda x: x, win, 0.0, value_only="columns")
    s.incumbent = np.full(k, -np.inf)
    s.run()
    return s.incumbent
