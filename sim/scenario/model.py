"""The Scenario: issues, actors and proposals together, the object every other layer reads.

Utility of actor a for bundle b (DESIGN.md):  u_a(b) = sum_i w_ai * v_ai[b_i] + sum of matched interactions,
with weights normalised to sum 1, so utilities without interactions lie in [0, 1].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .actors import Actor, Proposal
from .exact import UtilityGrid, build_grid
from .loading import read_scenario_file, scenario_path
from .parse import parse_scenario
from .rules import DecisionRule, unanimity
from .space import Issue, Space


@dataclass(frozen=True, eq=False)
class Scenario:
    name: str
    description: str
    space: Space
    actors: tuple[Actor, ...]
    signatories: tuple[str, ...]
    proposals: Mapping[str, Proposal]
    # options still on the table per issue (None = all): limits the bundles analysis and negotiation
    # search over, not how actors judge a given proposal
    agenda: tuple[frozenset[int] | None, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)  # the validated input, for saving
    rule: DecisionRule | None = None  # who must accept (sim.scenario.rules); None: unanimity of signatories

    @cached_property
    def decision_rule(self) -> DecisionRule:
        """The decision rule over ``signatories`` (unanimity unless the scenario gives a weighted rule)."""
        return self.rule if self.rule is not None else unanimity(self.signatories)

    # --- construction -----------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str | None = None,
                  base_dir: "Path | None" = None) -> "Scenario":
        """Build and validate a scenario from the YAML schema of DESIGN.md; raises ``ScenarioError``.

        ``extends: NAME`` is resolved against ``base_dir`` first, then configs/scenario.
        """
        return cls(**parse_scenario(d, source, base_dir))

    @classmethod
    def from_table(cls, source: Any, loss: str = "linear", steps: int = 10, name: str | None = None) -> "Scenario":
        """A scenario from a spatial table (CSV path, DataFrame or ``SpatialTable``): options on a grid,
        values from distance to each actor's position, weights from salience (``sim.scenario.table``)."""
        from .table import scenario_from_table

        return scenario_from_table(source, loss=loss, steps=steps, name=name)

    def to_table(self) -> Any:
        """The spatial table of this scenario (``sim.scenario.table.table_from_scenario``)."""
        from .table import table_from_scenario

        return table_from_scenario(self)

    @cached_property
    def content_hash(self) -> str:
        """Identifies the scenario by content (the resolved input), e.g. to reuse work across equal copies."""
        import hashlib
        import json

        blob = json.dumps(dict(self.raw), sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """The resolved input (``extends`` applied), suitable for YAML and for ``from_dict``."""
        import copy

        return copy.deepcopy(dict(self.raw))

    # --- lookups ----------------------------------------------------------------------------------
    @property
    def issues(self) -> tuple[Issue, ...]:
        return self.space.issues

    @property
    def actor_names(self) -> list[str]:
        return [a.key for a in self.actors]

    @property
    def n_actors(self) -> int:
        return len(self.actors)

    def actor(self, key: str) -> Actor:
        for a in self.actors:
            if a.key == key:
                return a
        raise KeyError(key)

    @cached_property
    def signatory_index(self) -> np.ndarray:
        """Positions of the signatories among the actors."""
        return np.array([self.actor_names.index(s) for s in self.signatories], dtype=np.int64)

    @cached_property
    def reservations(self) -> np.ndarray:
        return np.array([a.reservation for a in self.actors], dtype=float)

    @cached_property
    def value_tables(self) -> tuple[np.ndarray, ...]:
        """Per issue, an (n_options, n_actors) array of weighted values w_ai * v_ai[o]."""
        return tuple(
            np.stack([a.weights[i] * a.values[i] for a in self.actors], axis=1)
            for i in range(self.space.n_issues)
        )

    @cached_property
    def grid(self) -> UtilityGrid:
        """Utilities as exact integers per actor (sim.scenario.exact): what acceptance and analysis compare."""
        return build_grid(self.actors, self.space.n_issues)

    def utility_units(self, bundles: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
        """(n, n_issues) option indices -> (n, n_actors) utilities as integers on ``grid`` (exact)."""
        return self.grid.units(self._as_bundles(bundles), list(self.actors))

    @cached_property
    def red_line_mask(self) -> tuple[np.ndarray, ...]:
        """Per issue, an (n_options, n_actors) bool array: False where the option is an actor's red line."""
        out = []
        for i, issue in enumerate(self.issues):
            m = np.ones((issue.n_options, self.n_actors), dtype=bool)
            for k, a in enumerate(self.actors):
                m[list(a.red_lines[i]), k] = False
            out.append(m)
        return tuple(out)

    @cached_property
    def allowed(self) -> tuple[np.ndarray, ...]:
        """Per issue, an (n_options, n_actors) bool array of the options searched for deals: False where the
        option is an actor's red line or off the agenda (then False for every actor)."""
        out = []
        for i, m in enumerate(self.red_line_mask):
            on = self.agenda[i] if i < len(self.agenda) else None
            if on is not None:
                m = m.copy()
                m[[o for o in range(len(m)) if o not in on], :] = False
            out.append(m)
        return tuple(out)

    def on_agenda(self, bundles: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
        """(n,) bool: every option of the bundle is still on the table."""
        b = self._as_bundles(bundles)
        ok = np.ones(len(b), dtype=bool)
        for i, on in enumerate(self.agenda):
            if on is not None:
                ok &= np.isin(b[:, i], list(on))
        return ok

    # --- vectorised evaluation --------------------------------------------------------------------
    def utilities(self, bundles: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
        """(n, n_issues) option indices -> (n, n_actors) utilities."""
        b = self._as_bundles(bundles)
        u = np.zeros((len(b), self.n_actors))
        for i, table in enumerate(self.value_tables):
            u += table[b[:, i]]
        for k, a in enumerate(self.actors):
            for inter in a.interactions:
                u[:, k] += inter.value * inter.matches(b)
        return u

    def red_lines_broken(self, bundles: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
        """(n, n_actors) count of red lines each bundle crosses for each actor."""
        b = self._as_bundles(bundles)
        broken = np.zeros((len(b), self.n_actors), dtype=np.int64)
        for i, ok in enumerate(self.red_line_mask):
            broken += ~ok[b[:, i]]
        return broken

    def accepts(self, bundles: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
        """(n, n_actors) bool: no red line crossed and utility at least the reservation value (less
        ``ACCEPT_TOL``), compared exactly on ``grid`` (the one acceptance rule, sim.scenario.exact)."""
        b = self._as_bundles(bundles)
        return (self.red_lines_broken(b) == 0) & (self.utility_units(b) >= self.grid.threshold)

    def agreed(self, bundles: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
        """(n,) bool: the signatories that accept form a winning coalition (unanimity: all of them)."""
        return self.decision_rule.winning(self.accepts(bundles)[:, self.signatory_index])

    def _as_bundles(self, bundles: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
        b = np.asarray(bundles, dtype=np.int64)
        if b.ndim == 1:
            b = b.reshape(1, -1)
        if b.ndim != 2 or b.shape[1] != self.space.n_issues:
            raise ValueError(f"bundles must be (n, {self.space.n_issues}) option indices, got {b.shape}")
        hi = np.asarray(self.space.shape)
        if b.size and ((b < 0).any() or (b >= hi).any()):
            raise IndexError("an option index lies outside its issue's options")
        return b

    def __repr__(self) -> str:
        return (f"Scenario({self.name!r}: {self.space.n_issues} issues, {self.space.size:,} bundles, "
                f"actors {self.actor_names}, {len(self.proposals)} proposals)")


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a scenario by configs/scenario name or YAML path; raises ``ScenarioError`` on any mistake."""
    path = scenario_path(name_or_path)
    return Scenario.from_dict(read_scenario_file(path), source=str(path), base_dir=path.parent)
