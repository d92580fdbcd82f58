"""Domestic ratification (Putnam 1988, "Diplomacy and domestic politics: the logic of two-level games").

Each actor may carry a ``ratification`` block in the scenario (see ``sim.scenario.model.Ratification``):
public support for a bundle b is a linear probability model of the polls,

    support_a(b, t) = clip(baseline_a + sum_i shift_ai[b_i], 0, 1) + drift_a(t)

where drift_a(t) is the war-weariness term the war model adds month by month (``War.support_shift``).
An actor can ratify, and so accept, only when support_a(b, t) >= threshold_a, besides its utility being
at least its reservation value and no red line being crossed. Actors without a block always ratify.
"""

from __future__ import annotations

import numpy as np

from ..scenario import Scenario


def support_matrix(scn: Scenario, bundles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, n_actors) support of each bundle (1.0 where an actor has no ratification) and thresholds."""
    support = np.ones((len(bundles), scn.n_actors))
    thresholds = np.zeros(scn.n_actors)
    for k, actor in enumerate(scn.actors):
        rat = getattr(actor, "ratification", None)
        if rat is not None:
            support[:, k] = rat.support(bundles)
            thresholds[k] = rat.threshold
    return support, thresholds


def has_ratification(scn: Scenario) -> np.ndarray:
    """(n_actors,) bool: which actors carry a ratification constraint."""
    return np.array([getattr(a, "ratification", None) is not None for a in scn.actors])


def needed_shift(cs, actors: list[int]) -> list[np.ndarray]:
    """Per actor, the war-weariness shift each efficient text needs to be ratifiable:
    threshold - support (a text is ratifiable when shift >= this; precomputed once per run)."""
    n = cs.n_efficient
    return [np.ascontiguousarray(cs.thresholds[k] - cs.support[:n, k]) for k in actors]
