"""The bundle engine's bargaining solutions read as forecasts: the chosen bundle's option on each issue,
mapped back to the issue's scale.

Over the agreement zone Z of ``sim.analyze`` (bundles every signatory accepts; gains g_i = u_i − r_i):
- Nash (1950): max Π_i g_i (``Analysis.nash``).
- capability-weighted Nash (asymmetric Nash; Kalai 1977, Roth 1979): max Π_i g_i^{c_i}, i.e.
  max Σ_i c_i log g_i, with c the signatories' capabilities normalised to sum 1 (an actor with zero
  capability drops out of the product).
- Kalai–Smorodinsky (1975): max min_i g_i / (ideal_i − r_i) (``Analysis.kalai``).
- capability-weighted Kalai–Smorodinsky (Dubra 2001's proportional form): max min_i ρ_i / c_i over the
  actors with c_i > 0, ρ_i the share of the ideal gain, so gains are shared in proportion to capability.
Every objective is non-decreasing in each signatory's utility, so the maximiser lies on the zone's
frontier (``Analysis.zone_frontier``), which is where the weighted Kalai–Smorodinsky point is searched,
with the engine's tie rule (``solutions.best_row``: larger utility sum, then lowest bundle index); the
other three are the analysis engine's own points. Forecasts are NaN when
the zone is empty.
"""

from __future__ import annotations

import numpy as np

from ..analysis import Analysis, analyze
from ..analysis.numeric import TOL, gains, scale
from ..analysis.solutions import Objectives, best_row
from ..scenario import Scenario
from ..scenario.table import option_scale

POINTS = ("nash", "nash_weighted", "kalai", "kalai_weighted")


def weighted_kalai(u_sig: np.ndarray, r_sig: np.ndarray, c_sig: np.ndarray) -> np.ndarray:
    """The capability-weighted Kalai–Smorodinsky objective for rows of signatory utilities (module
    docstring); the weighted Nash point is the analysis engine's own (``Analysis.weighted_nash``)."""
    c = np.asarray(c_sig, dtype=float)
    c = c / c.sum() if c.sum() > 0 else np.full(len(c), 1.0 / len(c))
    g = gains(u_sig, r_sig)
    on = c > 0
    span = u_sig.max(axis=0) - r_sig
    ratio = np.where(span > TOL, g / np.where(span > TOL, span, 1.0), 1.0)
    return (ratio[:, on] / c[on]).min(axis=1)


def bargaining_bundles(scn: Scenario, res: Analysis | None = None) -> dict[str, np.ndarray | None]:
    """The bundle (option index per issue) each point picks, or None when the zone is empty."""
    res = res if res is not None else analyze(scn)
    if res.zone_size == 0:
        return dict.fromkeys(POINTS)
    cols = scn.space.issue_keys
    out = {name: getattr(res, attr)[cols].to_numpy(dtype=np.int64)
           for name, attr in (("nash", "nash"), ("nash_weighted", "weighted_nash"), ("kalai", "kalai"))}
    front = res.zone_frontier
    sig = [int(i) for i in scn.signatory_index]
    caps = np.array([scn.actors[i].capability for i in sig])
    units = front.values  # integer units per signatory (sim.analysis.numeric)
    obj = Objectives(scale(scn, sig), scn.reservations[sig], caps, units.max(axis=0))
    o = weighted_kalai(units / scale(scn, sig), scn.reservations[sig], caps)
    # floating-point objective, ties (within the engine's slack) to the exact utility sum, then lowest index
    row = best_row(o, lambda r: None, lambda r: obj.total(units[r]))
    out["kalai_weighted"] = np.asarray(front.bundles[row], dtype=np.int64)
    return {k: out[k] for k in POINTS}


def bargaining(scn: Scenario, res: Analysis | None = None) -> dict[str, np.ndarray]:
    """Per point, the forecast on each issue's scale (option labels when numeric, else option index)."""
    scales = [option_scale(i) for i in scn.issues]
    out = {}
    for name, b in bargaining_bundles(scn, res).items():
        out[name] = (np.full(scn.space.n_issues, np.nan) if b is None
                     else np.array([scales[i][o] for i, o in enumerate(b)], dtype=float))
    return out
