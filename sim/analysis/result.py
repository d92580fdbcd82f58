"""The result object of ``sim.analyze``: computed lazily so each caller pays only for what it reads.

Definitions (DESIGN.md): the Pareto frontier is taken over all actors' utilities among bundles that cross
no actor's red line; the agreement zone is the set of bundles every signatory accepts (no signatory red
line crossed, utility at least the reservation value less 1e-9; non-signatories' red lines do not
matter there). Domestic ratification is not part of acceptance here (the negotiation layer models it).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .compound import Compound, compound_issues, layers
from .empty import WhyEmpty, why_empty
from .frontier import Frontier, frontier
from .nearest import NearestAgreement, nearest_agreement
from .numeric import accept_threshold, grid_utilities
from .solutions import SOLUTIONS, objectives, solution_rows
from .verdicts import proposal_verdicts
from .zone import ZoneCount, count_zone, enumerate_zone, issue_option_counts

CONCESSION_COLUMNS = ["issue", "option", "option_index", "count", "share"]


class Analysis:
    """Static analysis of one scenario; every property is computed on first use and cached."""

    def __init__(self, scn: Scenario):
        self.scenario = scn

    # --- building blocks --------------------------------------------------------------------------
    @cached_property
    def compound(self) -> Compound:
        return compound_issues(self.scenario)

    @property
    def _sig(self) -> list[int]:
        return [int(i) for i in self.scenario.signatory_index]

    @cached_property
    def _thresholds(self) -> np.ndarray:
        return accept_threshold(self.scenario.reservations[self._sig])

    @cached_property
    def _zone_layers(self):
        return layers(self.compound, self._sig, self._sig)

    @cached_property
    def _zone_count(self) -> ZoneCount:
        return count_zone(self.compound, self._zone_layers, self._thresholds)

    @cached_property
    def zone_frontier(self) -> Frontier:
        """Zone bundles not dominated for the signatories (one per utility vector, the lowest index)."""
        return frontier(self.compound, self._zone_layers, self._thresholds, ties="first")

    # --- public results ---------------------------------------------------------------------------
    @cached_property
    def proposals(self) -> pd.DataFrame:
        """One row per (proposal, actor): utility, margin over reservation, accepts, red lines broken."""
        return proposal_verdicts(self.scenario)

    @cached_property
    def pareto(self) -> pd.DataFrame:
        """Pareto-optimal bundles over all actors among bundles crossing no red line: issue columns
        (option index), one utility column per actor, ``in_zone``; equal utility vectors all kept."""
        scn = self.scenario
        every = list(range(scn.n_actors))
        front = frontier(self.compound, layers(self.compound, every, every), ties="all")
        df = self._bundle_frame(front.bundles, front.values)
        df["in_zone"] = (front.values[:, self._sig] >= self._thresholds).all(axis=1)
        return df

    @property
    def zone_size(self) -> int:
        """Exact number of bundles every signatory accepts (a Python int)."""
        return self._zone_count.size

    def zone(self, limit: int = 1000) -> pd.DataFrame:
        """The ``limit`` zone bundles with the lowest bundle indices (fewer if the zone is smaller), in
        index order, with their utilities."""
        b = enumerate_zone(self.compound, self._zone_layers, self._thresholds, int(limit))
        return self._bundle_frame(b, grid_utilities(self.scenario, b))

    @cached_property
    def concessions(self) -> pd.DataFrame:
        """Concession map: for each issue and option, how many zone bundles hold it (long table)."""
        scn = self.scenario
        counts = issue_option_counts(self.compound, self._zone_count.option_counts, scn.space.shape)
        rows = []
        for issue, cnt in zip(scn.issues, counts):
            for o, c in enumerate(cnt):
                rows.append({"issue": issue.key, "option": issue.options[o], "option_index": o,
                             "count": int(c), "share": (int(c) / self.zone_size) if self.zone_size else 0.0})
        return pd.DataFrame(rows, columns=CONCESSION_COLUMNS)

    @cached_property
    def solutions(self) -> pd.DataFrame:
        """The four solution points as rows (index: solution name); empty when the zone is empty."""
        front = self.zone_frontier
        cols = self.scenario.space.issue_keys + self.scenario.actor_names + ["objective"]
        if not len(front):
            return pd.DataFrame(columns=cols, index=pd.Index([], name="solution"))
        r_sig = self.scenario.reservations[self._sig]
        picks = solution_rows(front.values, r_sig)
        obj = objectives(front.values, r_sig)
        rows = np.array([picks[s] for s in SOLUTIONS])
        df = self._bundle_frame(front.bundles[rows], grid_utilities(self.scenario, front.bundles[rows]))
        df["objective"] = [float(obj[s][picks[s]]) for s in SOLUTIONS]
        df.index = pd.Index(list(SOLUTIONS), name="solution")
        return df

    def _solution(self, name: str) -> pd.Series | None:
        if not self.zone_size:
            return None
        return self.solutions.loc[name].drop("objective").rename(name)

    @property
    def nash(self) -> pd.Series | None:
        """Max Π(u_i − r_i) over the zone (signatories); None when the zone is empty (see why_empty)."""
        return self._solution("nash")

    @property
    def kalai(self) -> pd.Series | None:
        """Kalai–Smorodinsky point, ideal = best utility within the zone; None when the zone is empty."""
        return self._solution("kalai")

    @property
    def utilitarian(self) -> pd.Series | None:
        """Max sum of signatories' utilities over the zone; None when the zone is empty."""
        return self._solution("utilitarian")

    @property
    def egalitarian(self) -> pd.Series | None:
        """Max min(u_i − r_i) over the zone; None when the zone is empty."""
        return self._solution("egalitarian")

    @cached_property
    def why_empty(self) -> WhyEmpty | None:
        """Why no bundle is acceptable to every signatory (None when the zone is not empty)."""
        return why_empty(self.scenario, self.compound) if self.zone_size == 0 else None

    def nearest(self, proposal) -> NearestAgreement:
        """``sim.nearest_agreement`` sharing this analysis's compound issues."""
        return nearest_agreement(self.scenario, proposal, self.compound)

    # --- helpers ----------------------------------------------------------------------------------
    def _bundle_frame(self, bundles: np.ndarray, utilities: np.ndarray) -> pd.DataFrame:
        scn = self.scenario
        b = np.asarray(bundles, dtype=np.int64).reshape(-1, scn.space.n_issues)
        u = np.asarray(utilities, dtype=float).reshape(-1, scn.n_actors)
        data = {key: b[:, i] for i, key in enumerate(scn.space.issue_keys)}
        data.update({a: u[:, k] for k, a in enumerate(scn.actor_names)})  # one frame, no column inserts
        return pd.DataFrame(data, columns=list(data))  # an actor named like an issue replaces its column


def analyze(scn: Scenario) -> Analysis:
    return Analysis(scn)
