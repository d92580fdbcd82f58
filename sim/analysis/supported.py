"""Frontier bundles without the frontier: maximisers of positive weighted sums (supported points).

A bundle that maximises Σ_a w_a u_a(b) with every w_a > 0 is Pareto-optimal: a bundle dominating it
would score strictly more (Geoffrion 1968, "Proper efficiency and the theory of vector maximization",
J. Math. Anal. Appl. 22). Over the bundles that cross no red line the weighted sum is additive over the
compound issues and the options of each are free, so the maximiser takes each issue's best option: a
sample of frontier bundles costs one matrix product per issue, whatever the frontier's size.

Exact: the weights are positive integers small enough that every weighted sum of the integer units is an
integer below 2^53, so float64 adds them without rounding and the argmax is the true one (ties go to the
lowest option, itself a maximiser). Seeded: weights are drawn from the caller's generator.
"""

from __future__ import annotations

import numpy as np

from .compound import Compound, Layers

EXACT_SUM = 2.0**52  # weighted sums stay below this: integers in float64, added exactly


def integer_weights(lay: Layers, rng: np.random.Generator, draws: int) -> np.ndarray:
    """(draws, columns) positive integer weights, each column scaled by the inverse of its range (so no
    actor's units swamp the others), small enough for exact sums (module docstring)."""
    span = sum(np.abs(v).max(axis=0) for v in lay.values)
    spread = sum(v.max(axis=0) - v.min(axis=0) for v in lay.values)
    raw = rng.exponential(size=(draws, len(span))) / np.maximum(spread, 1.0)
    raw = raw / raw.max(axis=1, keepdims=True)  # the largest weight of a draw is 1
    top = np.floor(EXACT_SUM / max(float(span.sum()), 1.0))
    if top < 1:
        raise ValueError("utility units too large for exact weighted sums")
    return np.maximum(np.floor(raw * top), 1.0)


def supported_bundles(comp: Compound, lay: Layers, rng: np.random.Generator,
                      draws: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct Pareto-optimal bundles of ``lay`` (no lower bounds: the red-line-free domain), found as
    maximisers of ``draws`` random positive weightings, in bundle-index order, with their values."""
    n_cols = lay.values[0].shape[1] if lay.values else 0
    if lay.empty:
        return np.zeros((0, comp.n_issues), dtype=np.int64), np.zeros((0, n_cols))
    w = integer_weights(lay, rng, draws)
    best = [(v @ w.T).argmax(axis=0) for v in lay.values]  # per issue, each draw's best option (row of v)
    choice = np.column_stack([ids[b] for ids, b in zip(lay.ids, best)])
    values = sum(v[b] for v, b in zip(lay.values, best))
    bundles, first = np.unique(comp.decode(choice), axis=0, return_index=True)  # sorted: bundle-index order
    return bundles, values[first]
