"""Central-position models: the floors (reference point, unweighted mean) and the two classic forecasts.

Per issue, over the actors that hold a position p_a, with capability c_a and salience s_a:
- reference point: the status quo, x = rp (what happens without a decision; a floor).
- mean: the plain average, x = Σ p_a / n (a floor: no power, no salience).
- compromise: x = Σ c_a s_a p_a / Σ c_a s_a (van den Bos 1991; Achen 2006, "Evaluating political
  decision-making models", in Thomson et al., *The European Union Decides*: the model found hardest
  to beat on DEU data). The mean is the analysis engine's (``sim.analysis.compromise.weighted_mean``);
  the engine's ``res.compromise`` applies it to a scenario and differs in three ways, each because a
  scenario is not a table: positions are ideal options on the option-index scale (a scenario's options
  need not be numbers), salience is the actor's weight normalised over issues (the scenario's
  convention, so on a several-issue proposal the weights differ), and the mean is rounded to the
  nearest option (it reports a bundle). This model averages held positions on the issue's own scale
  with the table's raw saliences and does not round (a forecast may lie between options).
- weighted median: the position x_m where the cumulative weight c_a s_a of positions at or below it first
  reaches half the total (Black 1958, weighted by c·s; with linear loss it is the Condorcet winner of
  Bueno de Mesquita's pairwise votes). When the cumulative weight equals half exactly at x_m, the median
  is the midpoint of x_m and the next position.
Each function maps a ``SpatialTable`` to one forecast per issue (NaN where nobody holds a position or the
weights are all zero).
"""

from __future__ import annotations

import numpy as np

from ..analysis.compromise import weighted_mean
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
    return np.array([weighted_mean(*power(t, i)) for i in range(t.n_issues)])


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
