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
from .coalitions import Win, win_for, zone_layers
from .compound import Compound, compound_issues, layers
from .compromise import compromise_bundle
from .empty import WhyEmpty, why_empty
from .frontier import Frontier, frontier
from .nearest import NearestAgreement, nearest_agreement
from .numeric import accept_threshold, grid_utilities, scale
from .optimum import best_candidates, best_columns
from .pareto import DEFAULT_LIMIT, FrontierStatus, limited_frontier
from .solutions import SOLUTIONS, Objectives, pick
from .verdicts import proposal_verdicts
from .zone import ZoneCount, count_zone, enumerate_zone, issue_option_counts

CONCESSION_COLUMNS = ["issue", "option", "option_index", "count", "share"]
# up to this many signatories the zone frontier is small (measured: docs/benchmarks.md), above it the
# solution points are searched one by one
FRONTIER_SIGNATORIES = 6


class Analysis:
    """Static analysis of one scenario; every property is computed on first use and cached.

    ``frontier_limit``: the Pareto frontier is listed whole up to this many bundles, else ``pareto`` is a
    seeded sample (``seed``) of it and ``pareto_status`` says its size (pareto.py)."""

    def __init__(self, scn: Scenario, frontier_limit: int = DEFAULT_LIMIT, seed: int | np.random.SeedSequence = 0):
        self.scenario = scn
        self.frontier_limit = int(frontier_limit)
        self.seed = seed

    # --- building blocks --------------------------------------------------------------------------
    @cached_property
    def compound(self) -> Compound:
        return compound_issues(self.scenario)

    @property
    def _sig(self) -> list[int]:
        return [int(i) for i in self.scenario.signatory_index]

    @cached_property
    def _thresholds(self) -> np.ndarray:
        return accept_threshold(self.scenario, self._sig)

    @cached_property
    def _win(self) -> Win | None:
        return win_for(self.scenario.decision_rule)

    @cached_property
    def _zone_layers(self):
        return zone_layers(self.scenario, self.compound)

    @cached_property
    def _zone_count(self) -> ZoneCount:
        return count_zone(self.compound, self._zone_layers, self._thresholds, win=self._win)

    @cached_property
    def zone_frontier(self) -> Frontier:
        """Zone bundles not dominated for the signatories (one per utility vector, the lowest index),
        whatever its size (nothing in the analysis waits on it when it is large)."""
        if self._small_zone_frontier is not None:
            return self._small_zone_frontier
        return frontier(self.compound, self._zone_layers, self._thresholds, ties="first", win=self._win)

    @cached_property
    def _small_zone_frontier(self) -> Frontier | None:
        """The zone frontier when the solution points are picked over it: few signatories and at most
        ``frontier_limit`` vectors in every merge; else None (each point is its own search)."""
        if len(self._sig) > FRONTIER_SIGNATORIES:
            return None
        return frontier(self.compound, self._zone_layers, self._thresholds, ties="first", win=self._win,
                        cap=self.frontier_limit)

    @property
    def zone_frontier_size(self) -> int | None:
        """Distinct signatory utility vectors on the zone frontier when the solution points are picked
        over it (few signatories, a small frontier), else None (it was not needed, so not computed)."""
        front = self._small_zone_frontier
        return len(front) if front is not None else None

    # --- public results ---------------------------------------------------------------------------
    @cached_property
    def proposals(self) -> pd.DataFrame:
        """One row per (proposal, actor): utility, margin over reservation, accepts, red lines broken."""
        return proposal_verdicts(self.scenario)

    @cached_property
    def _pareto(self) -> tuple[Frontier, FrontierStatus]:
        every = list(range(self.scenario.n_actors))
        rng = np.random.default_rng(self.seed)
        return limited_frontier(self.compound, layers(self.compound, every, every), self.frontier_limit, rng)

    @cached_property
    def pareto(self) -> pd.DataFrame:
        """Pareto-optimal bundles over all actors among bundles crossing no red line: issue columns
        (option index), one utility column per actor, ``in_zone``; equal utility vectors all kept. Past
        ``frontier_limit`` bundles: a sample of them (``pareto_status``)."""
        scn = self.scenario
        front = self._pareto[0]
        df = self._bundle_frame(front.bundles, front.values / scale(scn))
        reach = front.values[:, self._sig] >= self._thresholds
        df["in_zone"] = reach.all(axis=1) if self._win is None else self._win.last_axis(reach)
        return df

    @property
    def pareto_status(self) -> FrontierStatus:
        """The frontier's size (exact, or a proven lower bound), and whether ``pareto`` lists it whole."""
        return self._pareto[1]

    @property
    def zone_size(self) -> int:
        """Exact number of bundles every signatory accepts (a Python int)."""
        return self._zone_count.size

    def zone(self, limit: int = 1000) -> pd.DataFrame:
        """The ``limit`` zone bundles with the lowest bundle indices (fewer if the zone is smaller), in
        index order, with their utilities."""
        b = enumerate_zone(self.compound, self._zone_layers, self._thresholds, int(limit), self._win)
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
    def _objectives(self) -> Objectives | None:
        """The solution objectives, with each signatory's ideal (best utility over the zone, exact: from
        the zone frontier with few signatories, else by optimum.best_columns); None when the zone is empty."""
        if not self.zone_size:
            return None
        front = self._small_zone_frontier
        if front is not None:  # each best utility lies on the zone frontier, which is at hand
            ideal = front.values.max(axis=0)
        else:
            ideal = best_columns(self.compound, self._zone_layers, self._thresholds, self._win)
        return Objectives.for_scenario(self.scenario, self._sig, ideal)

    def _pick(self, name: str) -> tuple[np.ndarray, float]:
        """The winning bundle of one solution and its objective. With few signatories the zone's Pareto
        frontier is small and cheap (the points are picked over it); with more it approaches the whole
        zone, and each point comes from its objective's own branch and bound (optimum.py), the frontier
        being only the fallback for an objective flat over too many bundles. Same answer either way."""
        obj = self._objectives
        found = None
        if self._small_zone_frontier is None:
            found = best_candidates(self.compound, self._zone_layers, self._thresholds,
                                    lambda x: obj.value(name, x), self._win, obj.slack(name))
        if found is None:
            found = self.zone_frontier.bundles, self.zone_frontier.values
        bundles, units = found
        row = pick(obj, name, units)
        return bundles[row], float(obj.value(name, units[row:row + 1])[0])

    def point(self, name: str) -> np.ndarray | None:
        """The bundle (option index per issue) of one solution point of ``SOLUTIONS`` alone, the row
        ``solutions`` holds for it, without searching the others (a caller that needs one point does not
        pay for all five); None when the zone is empty."""
        if name not in SOLUTIONS:
            raise KeyError(f"{name!r} is not one of {', '.join(SOLUTIONS)}")
        return self._pick(name)[0] if self.zone_size else None

    @cached_property
    def solutions(self) -> pd.DataFrame:
        """The solution points as rows (index: solution name; solutions.py), then the capability-weighted
        ``compromise`` reference point (compromise.py); columns: issues (option index), utilities,
        ``objective`` (NaN for the compromise) and ``in_zone``. Only the compromise when the zone is empty."""
        scn = self.scenario
        names, rows, objective = [], [], []
        if self.zone_size:
            for name in SOLUTIONS:
                b, v = self._pick(name)
                names.append(name)
                rows.append(b)
                objective.append(v)
        names.append("compromise")
        rows.append(np.array(compromise_bundle(scn), dtype=np.int64))
        objective.append(np.nan)
        b = np.array(rows, dtype=np.int64)
        df = self._bundle_frame(b, grid_utilities(scn, b))
        df["objective"] = objective
        df["in_zone"] = scn.agreed(b)
        df.index = pd.Index(names, name="solution")
        return df

    def _solution(self, name: str) -> pd.Series | None:
        if not self.zone_size:
            return None
        return self.solutions.loc[name].drop(["objective", "in_zone"]).astype(float).rename(name)

    @property
    def nash(self) -> pd.Series | None:
        """Max Π(u_i − r_i) over the zone (signatories); None when the zone is empty (see why_empty)."""
        return self._solution("nash")

    @property
    def weighted_nash(self) -> pd.Series | None:
        """Max Π(u_i − r_i)^{c_i} over the zone, c = signatories' normalised capabilities (asymmetric Nash);
        same shape as ``nash``; None when the zone is empty."""
        return self._solution("weighted_nash")

    @property
    def compromise(self) -> pd.Series:
        """The capability × salience weighted compromise bundle (a reference point, possibly outside the
        zone; compromise.py), same shape as ``nash``."""
        return self.solutions.loc["compromise"].drop(["objective", "in_zone"]).astype(float).rename("compromise")

    @property
    def kalai(self) -> pd.Series | None:
        """Kalai–Smorodinsky point, ideal = best utility within the zone; None when the zone is empty."""
        return self._solution("kalai")

    @property
    def weighted_kalai(self) -> pd.Series | None:
        """Capability-weighted Kalai–Smorodinsky point (max min_i ρ_i / c_i, solutions.py); same shape as
        ``nash``; None when the zone is empty."""
        return self._solution("weighted_kalai")

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


def analyze(scn: Scenario, frontier_limit: int = DEFAULT_LIMIT, seed: int | np.random.SeedSequence = 0) -> Analysis:
    """The static analysis of ``scn`` (``Analysis``: every answer computed when first read)."""
    return Analysis(scn, frontier_limit, seed)
