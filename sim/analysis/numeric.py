"""Exact arithmetic for the analysis: utilities on a dyadic grid, one acceptance rule, one Nash product.

Why a grid: the engine adds utilities issue by issue in its own order, the dense oracle adds them in
another; in floating point the two can differ in the last bit, and then ties (which scenarios have on
purpose: equal values, equal weights) break differently. Every term w_ai * v_ai[o] and every interaction
value is rounded to a multiple of 2^-32 (an error below 1.2e-10 per term); sums of such numbers below
2^20 in magnitude are exact in float64 whatever the order, so every path computes the same utilities.

Acceptance compares utility with the reservation value less ``TOL`` (1e-9), always through
``accept_threshold``, in the engine and in the brute-force oracle alike; a proposal a hair below its
reservation value in floating point counts as accepted, as in ``Scenario.accepts``.
"""

from __future__ import annotations

import numpy as np

from ..scenario import Scenario
from ..scenario.model import ACCEPT_TOL

GRID = 2.0 ** -32
TOL = ACCEPT_TOL  # the scenario layer's tolerance: verdicts and the engines agree on every tie


def snap(x: np.ndarray | float) -> np.ndarray:
    """Round to the nearest multiple of ``GRID`` (exactly representable, so sums are exact)."""
    return np.round(np.asarray(x, dtype=float) / GRID) * GRID


def accept_threshold(reservations: np.ndarray) -> np.ndarray:
    """The utility an actor needs to accept: its reservation value less a tolerance of ``TOL``, rounded
    up to the grid. Utilities lie on the grid, so ``u >= threshold`` iff ``u >= r - TOL``, and every
    bound the engines compute from it (threshold minus grid sums) stays exact."""
    return np.ceil((np.asarray(reservations, dtype=float) - TOL) / GRID) * GRID


def issue_tables(scn: Scenario) -> tuple[np.ndarray, ...]:
    """Per issue, the (n_options, n_actors) weighted values w_ai * v_ai[o], snapped to the grid."""
    return tuple(snap(t) for t in scn.value_tables)


def grid_utilities(scn: Scenario, bundles: np.ndarray) -> np.ndarray:
    """(n, n_issues) bundles -> (n, n_actors) utilities as the analysis computes them (exact on the grid).

    Within 1e-9 of ``Scenario.utilities``; the dense reference every engine result is tested against.
    """
    b = np.asarray(bundles, dtype=np.int64).reshape(-1, scn.space.n_issues)
    u = np.zeros((len(b), scn.n_actors))
    for i, table in enumerate(issue_tables(scn)):
        u += table[b[:, i]]
    shape = scn.space.shape
    for k, actor in enumerate(scn.actors):
        for inter in actor.interactions:
            hit = np.ones(len(b), dtype=bool)
            for pos, accepted in inter.when.items():  # Interaction.matches, by table lookup
                ok = np.zeros(shape[pos], dtype=bool)
                ok[list(accepted)] = True
                hit &= ok[b[:, pos]]
            u[:, k] += float(snap(inter.value)) * hit
    return u


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
    """Sum over columns, added in column order (exact on the grid)."""
    u = np.atleast_2d(u_sig)
    out = np.zeros(len(u))
    for j in range(u.shape[1]):
        out = out + u[:, j]
    return out
