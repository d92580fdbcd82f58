"""The engines' view of a decision rule (sim.scenario.rules): which columns' acceptance wins.

Under unanimity every engine tests each column against its threshold and ANDs the results (their fast
path, ``win = None``). Under a weighted rule a state is *full* when the members sure to accept (pessimistic
completion at the threshold) already win, and *dead* when the members that still can accept (optimistic
completion) cannot win; both follow from winning being monotone. ``Win`` evaluates the rule on per-column
masks of any shape, with integer weights so sums are exact.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..scenario import Scenario
from ..scenario.rules import DecisionRule
from .compound import Compound, Layers, layers
from .numeric import red_line_penalty


class Win:
    """``win(masks)``: masks[j] is member j's acceptance (any common shape) -> the coalition wins."""

    def __init__(self, rule: DecisionRule):
        self.rule = rule

    def __call__(self, masks: Sequence[np.ndarray]) -> np.ndarray:
        return self.rule.wins(masks)

    def last_axis(self, mask: np.ndarray) -> np.ndarray:
        """The same on an array whose last axis runs over the members."""
        return self([mask[..., j] for j in range(mask.shape[-1])])


def win_for(rule: DecisionRule) -> Win | None:
    """None under unanimity (the engines' AND fast path), else the rule's ``Win``."""
    return None if rule.unanimous else Win(rule)


def zone_layers(scn: Scenario, comp: Compound) -> Layers:
    """The signatories' layers of the zone: red lines of members that must accept (all under unanimity,
    the veto members under a weighted rule) remove options; other members' red lines are penalties
    (``numeric.red_line_penalty``), so such a member rejects and the rest may still win."""
    sig = [int(i) for i in scn.signatory_index]
    rule = scn.decision_rule
    if rule.unanimous:
        return layers(comp, sig, sig)
    must = [sig[k] for k in rule.veto_positions]
    return layers(comp, sig, must, penalised=[a for a in sig if a not in must], penalty=red_line_penalty(scn))
