"""Bargaining in the shadow of the voting rule: the Nash point of a committee whose bargaining power is
the Shapley–Shubik index of its decision rule.

Laruelle & Valenciano (2007, "Bargaining in committees as an extension of Nash's bargaining theory",
*Journal of Economic Theory* 132: 291–305; 2008, *Voting and Collective Decision-Making*, ch. 4) extend
Nash's problem to a committee that bargains knowing that any winning coalition of its voting rule W can
enforce an agreement. The solution they characterise is the asymmetric Nash bargaining solution whose
weights are the Shapley–Shubik index φ(W) of the rule (Shapley & Shubik 1954; ``sim.forecast.shapley_shubik``):
maximise Π_i (u_i − d_i)^{φ_i(W)}. Their non-cooperative model (Laruelle & Valenciano 2008, "Non-cooperative
foundations of bargaining power in committees and the Shapley–Shubik index", *Games and Economic Behavior*
63: 341–353) reaches the same weights as the limit of a protocol where proposers come by a random order of
the members. A member who is never pivotal (φ = 0, e.g. an actor outside the rule) has no say; under
unanimity every member gets 1/n and the solution is the symmetric Nash point.

How it meets Achen's model (``sim.forecast.achen``): Laruelle & Valenciano take each member's utilities
as given and say where its bargaining power comes from; Achen (2006) says what the utilities are
(salience-weighted quadratic loss) and takes power as a primitive, capability × salience. ``nash_committee``
keeps everything of ``nash_achen`` (grid of options, quadratic loss, the worst outcome as the
disagreement point, the exponent's salience factor S_a) and replaces only the primitive capability c_a by
the rule's index φ_a: exponent φ_a(W) S_a. The salience factor is Achen's, not Laruelle & Valenciano's
(their solution, like Nash's, is invariant to rescaling a member's utility, so salience normalised over
issues would vanish from it); docs/validation.md also scores φ alone.

The rule is the one ``achen_scenario`` puts in the scenario (the treaty rule of a DEU proposal, else
unanimity of every actor), so the index is taken over exactly the members whose gains enter the product.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..scenario.table import SpatialTable
from .achen import Rule, achen_nash, achen_scenario
from .shapley_shubik import shapley_shubik


def committee_power(t: SpatialTable, rule: Rule | None = None) -> np.ndarray:
    """Per actor of the table, its Shapley–Shubik index under the decision rule (0 for an actor outside
    the rule, or one that cares about nothing and so is not in the scenario)."""
    phi = np.zeros(t.n_actors)
    if not (t.salience.sum(axis=1) > 0).any():
        return phi
    scn = achen_scenario(t, rule)
    index = shapley_shubik(scn.decision_rule)
    row = {name: a for a, name in enumerate(t.actors)}
    for actor in scn.actors:
        phi[row[actor.label]] = float(index.get(actor.key, 0))
    return phi


def committee_nash(t: SpatialTable, rule: Rule | None = None, steps: int = 10) -> np.ndarray:
    """Per issue, the committee's Nash point (``achen_nash`` with capability replaced by the index)."""
    return achen_nash(replace(t, capability=committee_power(t, rule)), rule, steps)
