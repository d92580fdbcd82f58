"""Central-position models: the floors (reference point, unweighted mean) and the two classic forecasts.

Per issue, over the actors that hold a position p_a, with capability c_a and salience s_a:
- reference point: the status quo, x = rp (what happens without a decision; a floor).
- mean: the plain average, x = Σ p_a / n (a floor: no power, no salience).
- compromise: x = Σ c_a s_a p_a / Σ c_a s_a (van den Bos 1991; Achen 2006, "Evaluating political
  decision-making models", in Thomson et al., *The European Union Decides*: the model found hardest
  to beat on DEU data).
- weighted median: the position x_m where the cumulative weight c_a s_a of positions at or below it first
  reaches half the total (Black 1958, weighted by c·s; with linear loss it is the Condorcet winner of
  Bueno de Mesquita's pairwise votes). When the cumulative weight equals half exactly at x_m, the median
  is the midpoint of x_m and the next position.
Each function maps a ``SpatialTable`` to one forecast per issue (NaN where nobody holds a position or the
weights are all zero).
"""

from __future__ import annotations

import numpy as np

from ..scenario.table import SpatialTable


def reference_point(t: SpatialTable) -> np.ndarray:
    return np.asarray(t.reference, dtype=float).copy()


def mean(t: SpatialTable) -> np.ndarray:
    return np.array([np.mean(t.position[t.held(i), i]) if t.held(i).any() else np.nan
                     for i in range(t.n_issues)])


def power(t: SpatialTable, issue: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions and weights c_a·s_a of the actors holding a position on ``issue``."""
    held = t.held(issue)
    return t.position[held, issue], t.capability[held] * t.salience[held, issue]


def compromise(t: SpatialTable) -> np.ndarray:
    out = np.full(t.n_issues, np.nan)
    for i in range(t.n_issues):
        x, w = power(t, i)
        if w.sum() > 0:
            out[i] = float(np.dot(w, x) / w.sum())
    return out


def weighted_median_of(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted median of points ``x`` with weights ``w`` (definition in the module docstring)."""
    if not len(x) or w.sum() <= 0:
        return float("nan")
    pts = np.unique(x)
    mass = np.array([w[x == p].sum() for p in pts])
    cum, half = np.cumsum(mass), mass.sum() / 2.0
    k = int(np.searchsorted(cum, half - 1e-12 * mass.sum()))
    if abs(cum[k] - half) <= 1e-12 * mass.sum() and k + 1 < len(pts):
        return float((pts[k] + pts[k + 1]) / 2.0)
    return float(pts[k])


def weighted_median(t: SpatialTable) -> np.ndarray:
    return np.array([weighted_median_of(*power(t, i)) for i in range(t.n_issues)])
