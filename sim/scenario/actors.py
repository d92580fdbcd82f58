"""The parts a scenario is built of: actors (with their interaction terms and domestic ratification) and
proposals. Plain frozen values; ``sim.scenario.parse`` builds them from the YAML schema."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Interaction:
    """Added to an actor's utility when the bundle holds one of the listed options on every named issue."""

    when: Mapping[int, frozenset[int]]  # issue position -> accepted option indices
    value: float

    def matches(self, bundles: np.ndarray) -> np.ndarray:
        """(n,) bool over (n, n_issues) bundles."""
        return self.matches_columns({pos: bundles[:, pos] for pos in self.when})

    def matches_columns(self, columns: Mapping[int, np.ndarray]) -> np.ndarray:
        """(n,) bool from the option columns of the named issues (issue position -> (n,) option indices);
        the one interaction matcher (bundles, compound issues and candidate sets all call it)."""
        hit = None
        for pos, opts in self.when.items():
            col = np.asarray(columns[pos], dtype=np.int64)
            on = np.zeros(int(col.max(initial=max(opts, default=0))) + 1, dtype=bool)
            on[list(opts)] = True
            hit = on[col] if hit is None else hit & on[col]
        return hit if hit is not None else np.ones(len(next(iter(columns.values()), ())), dtype=bool)


@dataclass(frozen=True)
class Ratification:
    """Domestic ratification (Putnam's two-level game): the public's support for a bundle.

    support(b) = clip(baseline + sum_i shifts_i[b_i], 0, 1), a linear probability model of a poll; a deal is
    ratifiable when support >= threshold (e.g. a referendum majority). Shifts are in share points (0.1 =
    ten percentage points).
    """

    threshold: float
    baseline: float
    shifts: tuple[np.ndarray, ...]  # one (n_options,) array per issue
    note: str = ""

    def support(self, bundles: np.ndarray) -> np.ndarray:
        """(n, n_issues) option indices -> (n,) share of the public in favour."""
        b = np.asarray(bundles, dtype=np.int64).reshape(-1, len(self.shifts))
        s = np.full(len(b), self.baseline)
        for i, table in enumerate(self.shifts):
            s += table[b[:, i]]
        return np.clip(s, 0.0, 1.0)


@dataclass(frozen=True)
class Actor:
    key: str
    label: str
    capability: float
    reservation: float
    weights: np.ndarray  # (n_issues,), sums to 1
    values: tuple[np.ndarray, ...]  # one (n_options,) table per issue, each in [0, 1]
    red_lines: tuple[frozenset[int], ...]  # forbidden option indices per issue
    interactions: tuple[Interaction, ...] = ()
    description: str = ""
    ratification: Ratification | None = None  # optional domestic ratification constraint


@dataclass(frozen=True)
class Proposal:
    key: str
    label: str
    bundle: tuple[int, ...]
    stated: frozenset[int]  # issue positions the proposal itself speaks to (others: status quo)
    source: str = ""
