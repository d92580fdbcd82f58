"""The analysis side of the exactness contract (sim.scenario.exact): integer utilities, thresholds, objectives.

Every engine works on utilities in integer units, one scale D_a per actor (``Scenario.grid``): sums in any
order are exact, so the frontier, the zone count, the zone listing, the nearest agreement and the dense
oracle see the same numbers, and ``u >= threshold`` is exactly ``Scenario.accepts``. Quantities that mix
actors (a sum of utilities, a Nash product) are computed in floating point only to preselect candidates;
the winner among near-equal candidates is decided in exact rational arithmetic (``solutions.py``).
"""

from __future__ import annotations

import numpy as np

from ..scenario import Scenario
from ..scenario.exact import ACCEPT_TOL

TOL = ACCEPT_TOL  # the one tolerance: slack on reservation values (and ideal points, see solutions.py)


def issue_tables(scn: Scenario) -> tuple[np.ndarray, ...]:
    """Per issue, the (n_options, n_actors) weighted values w_ai * v_ai[o] in integer units."""
    return scn.grid.tables


def interaction_units(scn: Scenario, actor: int) -> tuple[float, ...]:
    """Per interaction of ``actor``, its value in the actor's integer units."""
    return scn.grid.interaction_units[actor]


def scale(scn: Scenario, columns=None) -> np.ndarray:
    """The integer scale D_a of the actors ``columns`` (all by default)."""
    s = scn.grid.scale
    return s if columns is None else s[list(columns)]


def accept_threshold(scn: Scenario, columns) -> np.ndarray:
    """Least integer utility each actor of ``columns`` accepts (``Scenario.accepts``, exact)."""
    return scn.grid.threshold[list(columns)]


def grid_units(scn: Scenario, bundles: np.ndarray) -> np.ndarray:
    """(n, n_issues) bundles -> (n, n_actors) utilities in integer units, as every engine computes them."""
    return scn.utility_units(np.asarray(bundles, dtype=np.int64).reshape(-1, scn.space.n_issues))


def grid_utilities(scn: Scenario, bundles: np.ndarray) -> np.ndarray:
    """(n, n_issues) bundles -> (n, n_actors) utilities: the nearest float to each exact utility (within
    1e-9 of ``Scenario.utilities``); what tables and figures show."""
    return grid_units(scn, bundles) / scn.grid.scale


def gains(u_sig: np.ndarray, r_sig: np.ndarray) -> np.ndarray:
    """Gains over the reservation values, clipped at 0 (a zone bundle may sit up to ``TOL`` below)."""
    return np.maximum(np.asarray(u_sig, dtype=float) - np.asarray(r_sig, dtype=float), 0.0)


def nash_product(u_sig: np.ndarray, r_sig: np.ndarray) -> np.ndarray:
    """Π_i max(u_i − r_i, 0) over the signatory columns, multiplied in column order (deterministic)."""
    g = gains(np.atleast_2d(u_sig), r_sig)
    out = np.ones(len(g))
    for j in range(g.shape[1]):
        out = out * g[:, j]
    return out


def row_sum(u_sig: np.ndarray) -> np.ndarray:
    """Sum over columns, added in column order (deterministic)."""
    u = np.atleast_2d(u_sig)
    out = np.zeros(len(u))
    for j in range(u.shape[1]):
        out = out + u[:, j]
    return out


def red_line_penalty(scn: Scenario) -> np.ndarray:
    """Per actor, what a crossed red line subtracts under a weighted decision rule (coalitions.py): the
    least power of two above twice the actor's utility range and threshold in units, so a bundle crossing
    one stays below the threshold whatever else it holds, and sums of penalties stay exact integers."""
    g = scn.grid
    reach = sum(np.abs(t).max(axis=0) for t in g.tables) + np.array(
        [sum(abs(x) for x in xs) for xs in g.interaction_units]) + np.abs(g.threshold) + 1
    return 2.0 ** np.ceil(np.log2(2 * reach))
