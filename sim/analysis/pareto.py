"""The Pareto frontier as a user gets it: listed whole up to a limit, else its size and a sample.

Past ``limit`` bundles a listing costs minutes and memory no table or figure can use. The merge
(frontier.py) lists bundles until it keeps more than ``limit`` of them (or would filter more than
``CANDIDATES_PER_CAP`` times that); from there it goes on with distinct utility vectors and their
multiplicities, which gives the frontier's exact size and lists no bundle. The count has a budget of its
own, ``max(limit, COUNT_BUDGET)`` distinct vectors, since a small limit asks for a short list, not for a
weaker count. When even the distinct vectors pass that budget after some merge (or a merge would filter
more than ``CANDIDATES_PER_CAP`` times it: in many dimensions that filter is what takes minutes),
counting stops too and the size reported is a proven lower bound: the number of distinct sampled
bundles, each of which is on the frontier. (The frontier of the first issues is no bound on the whole
one: a later issue can make many of its points dominated at once, so a count cut short proves nothing.)
The sample is the maximisers of random positive weighted sums (supported.py), seeded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compound import Compound, Layers
from .frontier import Frontier, frontier, frontier_or_size
from .supported import supported_bundles

DEFAULT_LIMIT = 50_000  # configs/analysis/default.yaml frontier_limit (checked equal by a test)
COUNT_BUDGET = DEFAULT_LIMIT  # distinct vectors the count may keep, whatever the listing's limit
SAMPLE_DRAWS = 2_000  # random weightings for the sample (distinct maximisers kept)
LIMIT_KEY = "analysis.frontier_limit"


@dataclass(frozen=True)
class FrontierStatus:
    """How much of the Pareto frontier ``Analysis.pareto`` lists."""

    size: int  # the frontier's exact number of bundles, or a proven lower bound (``exact`` False)
    exact: bool
    complete: bool  # every frontier bundle is listed; else a sample of them (``listed`` rows)
    listed: int
    limit: int

    @property
    def size_text(self) -> str:
        return f"{self.size:,}" if self.exact else f"at least {self.size:,}"

    def note(self) -> str | None:
        """One sentence for terminal, tables and report when the frontier is not listed whole."""
        if self.complete:
            return None
        why = ("" if self.exact else " (counting stopped too: the size is the sample's, each bundle proven "
               "on the frontier)")
        return (f"The Pareto frontier has {self.size_text} bundles{why}, more than {LIMIT_KEY}={self.limit:,}: "
                f"listed are {self.listed:,} of them, maximisers of random positive weighted sums of the "
                f"actors' utilities; raise {LIMIT_KEY} to list it whole.")


def limited_frontier(comp: Compound, lay: Layers, limit: int, rng: np.random.Generator,
                     draws: int = SAMPLE_DRAWS) -> tuple[Frontier, FrontierStatus]:
    """The frontier of ``lay`` (every bundle of a tied vector kept) if it has at most ``limit`` bundles,
    else a sample of it; with its status (module docstring)."""
    size = frontier_or_size(comp, lay, limit, count_cap=max(limit, COUNT_BUDGET))
    if isinstance(size, Frontier):
        return size, FrontierStatus(len(size), True, True, len(size), limit)
    if size is not None and size.bundles <= limit:  # a merge in between was larger than the whole
        front = frontier(comp, lay, ties="all")
        return front, FrontierStatus(len(front), True, True, len(front), limit)
    bundles, values = supported_bundles(comp, lay, rng, draws)
    sample = Frontier(bundles, values)
    if size is None:
        return sample, FrontierStatus(len(bundles), False, False, len(bundles), limit)
    return sample, FrontierStatus(size.bundles, True, False, len(bundles), limit)
