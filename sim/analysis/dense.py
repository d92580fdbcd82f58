"""Dense brute force over the whole space: the test oracle and the benchmark baseline.

Everything here enumerates every bundle, so it is only for small spaces (tests) or for measuring what
the exact engines save (benchmarks). It shares only the numeric definitions (numeric.py: utilities on
the grid, the acceptance threshold) and the objectives with their exact tie rule (solutions.py) with the
engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..scenario import Scenario
from .dominance import nondominated
from .numeric import grid_units, red_line_penalty, scale
from .solutions import Objectives, pick, solution_rows


@dataclass(eq=False)
class Dense:
    scn: Scenario

    @cached_property
    def bundles(self) -> np.ndarray:
        return self.scn.space.all_bundles()

    @cached_property
    def units(self) -> np.ndarray:
        """Utilities in integer units (numeric.py): what every comparison uses."""
        return grid_units(self.scn, self.bundles)

    @cached_property
    def u(self) -> np.ndarray:
        return self.units / scale(self.scn)

    @cached_property
    def sig(self) -> list[int]:
        return [int(i) for i in self.scn.signatory_index]

    @cached_property
    def broken(self) -> np.ndarray:
        return self.scn.red_lines_broken(self.bundles)

    @cached_property
    def zone(self) -> np.ndarray:
        """Mask: the signatories that accept (no red line crossed, at or above the threshold) win under the
        decision rule (unanimity: all of them)."""
        return self.scn.agreed(self.bundles)

    @cached_property
    def zone_units(self) -> np.ndarray:
        """The signatories' utilities as the solution points see them: under a weighted rule a member
        without veto that crosses a red line is lowered by ``red_line_penalty`` per line (coalitions.py)."""
        u = self.units[:, self.sig].copy()
        rule = self.scn.decision_rule
        if not rule.unanimous:
            veto, pen = set(rule.veto_positions), red_line_penalty(self.scn)
            for k, a in enumerate(self.sig):
                if k not in veto:
                    u[:, k] -= pen[a] * self.broken[:, a]
        return u

    @cached_property
    def domain(self) -> np.ndarray:
        """Mask: no actor's red line crossed (the Pareto frontier's domain)."""
        return (self.broken == 0).all(axis=1)

    def pareto(self, pairwise: bool = True) -> np.ndarray:
        """Mask of Pareto-optimal bundles of the domain; ``pairwise`` compares every pair (tests),
        otherwise the dominance filter runs on the whole dense set (benchmark baseline)."""
        idx = np.flatnonzero(self.domain)
        pts = self.units[idx]
        if pairwise:
            keep = ~_dominated_pairwise(pts)
        else:
            keep = nondominated(pts)
        out = np.zeros(len(self.bundles), dtype=bool)
        out[idx[keep]] = True
        return out

    def concessions(self) -> list[np.ndarray]:
        z = self.bundles[self.zone]
        return [np.bincount(z[:, i], minlength=n) for i, n in enumerate(self.scn.space.shape)]

    def solutions(self) -> dict[str, int] | None:
        """Winning bundle index per solution, or None when the zone is empty."""
        idx = np.flatnonzero(self.zone)
        if not len(idx):
            return None
        units = self.zone_units[idx]
        obj = Objectives.for_scenario(self.scn, self.sig, units.max(axis=0))
        return {s: int(idx[row]) for s, row in solution_rows(obj, units).items()}

    def nearest(self, proposal: tuple[int, ...]) -> tuple[int, int] | None:
        """(number of changes, bundle index) of the nearest zone bundle, or None."""
        idx = np.flatnonzero(self.zone)
        if not len(idx):
            return None
        cost = (self.bundles[idx] != np.asarray(proposal)).sum(axis=1)
        idx = idx[cost == cost.min()]
        units = self.zone_units[idx]
        row = pick(Objectives.for_scenario(self.scn, self.sig, units.max(axis=0)), "nash", units)
        return int(cost.min()), int(idx[row])


def _dominated_pairwise(p: np.ndarray, block: int = 512) -> np.ndarray:
    """All-pairs Pareto dominance (the oracle; O(n^2))."""
    out = np.zeros(len(p), dtype=bool)
    for s in range(0, len(p), block):
        c = p[s:s + block]
        ge = (p[None, :, :] >= c[:, None, :]).all(axis=2)
        gt = (p[None, :, :] > c[:, None, :]).any(axis=2)
        out[s:s + block] = (ge & gt).any(axis=1)
    return out
