"""The bundle engine's bargaining solutions read as forecasts: the chosen bundle's option on each issue,
mapped back to the issue's scale.

Over the agreement zone Z of ``sim.analyze`` (bundles every signatory accepts; gains g_i = u_i − r_i):
- Nash (1950): max Π_i g_i (``Analysis.nash``).
- capability-weighted Nash (asymmetric Nash; Kalai 1977, Roth 1979): max Π_i g_i^{c_i}, i.e.
  max Σ_i c_i log g_i, with c the signatories' capabilities normalised to sum 1 (an actor with zero
  capability drops out of the product).
- Kalai–Smorodinsky (1975): max min_i g_i / (ideal_i − r_i) (``Analysis.kalai``).
- capability-weighted Kalai–Smorodinsky (Dubra 2001's proportional form): max min_i ρ_i / c_i over the
  actors with c_i > 0, ρ_i the share of the ideal gain, so gains are shared in proportion to capability
  (``Analysis.weighted_kalai``).
All four are the analysis engine's own points (``sim.analysis.solutions``: each its own exact branch and
bound, ties to the larger utility sum, then the lowest bundle index). Forecasts are NaN when the zone is
empty.
"""

from __future__ import annotations

import numpy as np

from ..analysis import Analysis, analyze
from ..scenario import Scenario
from ..scenario.table import option_scale

POINTS = ("nash", "nash_weighted", "kalai", "kalai_weighted")
# each forecast point and the engine's solution (``Analysis.point``) that gives it
ENGINE_POINTS = {"nash": "nash", "nash_weighted": "weighted_nash", "kalai": "kalai", "kalai_weighted": "weighted_kalai"}


def bargaining_bundles(scn: Scenario, res: Analysis | None = None) -> dict[str, np.ndarray | None]:
    """The bundle (option index per issue) each point picks, or None when the zone is empty."""
    res = res if res is not None else analyze(scn)
    if res.zone_size == 0:
        return dict.fromkeys(POINTS)
    return {name: np.asarray(res.point(attr), dtype=np.int64) for name, attr in ENGINE_POINTS.items()}


def bargaining(scn: Scenario, res: Analysis | None = None) -> dict[str, np.ndarray]:
    """Per point, the forecast on each issue's scale (option labels when numeric, else option index)."""
    scales = [option_scale(i) for i in scn.issues]
    out = {}
    for name, b in bargaining_bundles(scn, res).items():
        out[name] = (np.full(scn.space.n_issues, np.nan) if b is None
                     else np.array([scales[i][o] for i, o in enumerate(b)], dtype=float))
    return out
