"""Bargaining solution points over the agreement zone (gains measured from the reservation values).

Over the zone Z (bundles every signatory accepts), with r the signatories' reservation values and
g_i(b) = max(u_i(b) − r_i, 0) the gains:
- Nash (1950): maximise Π_i g_i.
- Kalai–Smorodinsky (1975): maximise min_i g_i / (ideal_i − r_i), where ideal_i = max_{b∈Z} u_i(b) is the
  best i can get *within the zone* (the bargaining set, not the whole space); an actor whose ideal does
  not exceed its reservation value (ideal_i − r_i ≤ 1e-9) counts as fully satisfied (ratio 1).
- utilitarian: maximise Σ_i u_i.
- egalitarian (Kalai 1977): maximise min_i g_i.
Ties: the larger sum of signatories' utilities wins (this also makes every winner Pareto-efficient for
the signatories), then the lowest bundle index. Each objective is non-decreasing in every signatory's
utility, so the winners lie on the signatories' Pareto frontier of the zone, which is where they are
searched (``frontier(..., ties='first')`` keeps the lowest-index bundle of each utility vector).
"""

from __future__ import annotations

import numpy as np

from .numeric import TOL, gains, nash_product, row_sum

SOLUTIONS = ("nash", "kalai", "utilitarian", "egalitarian")


def objectives(u_sig: np.ndarray, r_sig: np.ndarray, ideal: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Each solution's objective for rows of signatory utilities; ``ideal`` defaults to the rows' max."""
    u = np.atleast_2d(np.asarray(u_sig, dtype=float))
    r = np.asarray(r_sig, dtype=float)
    g = gains(u, r)
    if ideal is None:
        ideal = u.max(axis=0)
    span = np.asarray(ideal, dtype=float) - r
    ratio = np.where(span > TOL, g / np.where(span > TOL, span, 1.0), 1.0)
    return {
        "nash": nash_product(u, r),
        "kalai": ratio.min(axis=1),
        "utilitarian": row_sum(u),
        "egalitarian": g.min(axis=1),
    }


def best_row(objective: np.ndarray, u_sig: np.ndarray) -> int:
    """Row with the highest objective; ties to the larger utility sum, then the first row (rows are in
    bundle-index order)."""
    total = row_sum(u_sig)
    order = np.lexsort((np.arange(len(objective)), -total, -objective))
    return int(order[0])


def solution_rows(u_sig: np.ndarray, r_sig: np.ndarray) -> dict[str, int]:
    """Winning row per solution among candidate rows (in bundle-index order) of a non-empty zone."""
    obj = objectives(u_sig, r_sig)
    return {name: best_row(obj[name], u_sig) for name in SOLUTIONS}
