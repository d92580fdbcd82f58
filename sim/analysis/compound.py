"""Compound issues: issues coupled by an interaction term merged into one, so utility becomes additive.

u_a(b) = Σ_i w_ai v_ai[b_i] + Σ matched interactions is not a sum over issues when an interaction names
two or more issues. Merging every connected group of such issues (union–find over the interactions of all
actors) into one compound issue, whose options are the product of its members' options, gives
u_a(b) = Σ_g T_g[a, o_g] exactly; every algorithm of this package then works issue by issue on the T_g.
A compound option's index is its members' options read in mixed radix (first member most significant),
so option order inside a compound is lexicographic bundle order.

``Layers`` is what the engines consume: per compound issue the options still in play, their values in
the chosen columns (actors' utilities, or any extra additive column such as a change count), and ids.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..scenario import Scenario
from .numeric import interaction_units, issue_tables

MAX_COMPOUND_OPTIONS = 2_000_000  # beyond this an interaction structure is too entangled to merge


@dataclass(frozen=True)
class CompoundIssue:
    issues: tuple[int, ...]  # positions of the member issues, ascending
    options: np.ndarray  # (n, len(issues)) original option index per member
    table: np.ndarray  # (n, n_actors) utility contributions in integer units (numeric.py)
    allowed: np.ndarray  # (n, n_actors) False where the option crosses one of the actor's red lines
    crossings: np.ndarray  # (n, n_actors) how many of the actor's red lines the option crosses
    on_agenda: np.ndarray  # (n,) every member option is still on the table

    @property
    def n_options(self) -> int:
        return len(self.options)


@dataclass(frozen=True, eq=False)
class Compound:
    """A scenario's issues grouped into compound issues (one group per issue when nothing interacts)."""

    groups: tuple[CompoundIssue, ...]
    n_issues: int

    def decode(self, choices: np.ndarray) -> np.ndarray:
        """(n, n_groups) compound option ids -> (n, n_issues) original bundles."""
        choices = np.asarray(choices, dtype=np.int64).reshape(-1, len(self.groups))
        out = np.zeros((len(choices), self.n_issues), dtype=np.int64)
        for g, grp in enumerate(self.groups):
            out[:, list(grp.issues)] = grp.options[choices[:, g]]
        return out

    def encode(self, bundles: np.ndarray) -> np.ndarray:
        """(n, n_issues) original bundles -> (n, n_groups) compound option ids."""
        b = np.asarray(bundles, dtype=np.int64).reshape(-1, self.n_issues)
        out = np.zeros((len(b), len(self.groups)), dtype=np.int64)
        for g, grp in enumerate(self.groups):
            radix = _radix([int(grp.options[:, k].max()) + 1 for k in range(len(grp.issues))])
            out[:, g] = b[:, list(grp.issues)] @ radix
        return out

    @cached_property
    def group_of_issue(self) -> np.ndarray:
        out = np.zeros(self.n_issues, dtype=np.int64)
        for g, grp in enumerate(self.groups):
            out[list(grp.issues)] = g
        return out


def _radix(shape: Sequence[int]) -> np.ndarray:
    return np.array([math.prod(shape[k + 1:]) for k in range(len(shape))], dtype=np.int64)


def coupled_groups(scn: Scenario) -> list[tuple[int, ...]]:
    """Connected groups of issues under 'named together in an interaction' (union–find), sorted."""
    parent = list(range(scn.space.n_issues))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for actor in scn.actors:
        for inter in actor.interactions:
            pos = sorted(inter.when)
            for other in pos[1:]:
                parent[find(other)] = find(pos[0])
    groups: dict[int, list[int]] = {}
    for i in range(scn.space.n_issues):
        groups.setdefault(find(i), []).append(i)
    return sorted(tuple(g) for g in groups.values())


def compound_issues(scn: Scenario) -> Compound:
    """Merge interaction-coupled issues; tables hold integer units (numeric.py) so all sums are exact."""
    tables = issue_tables(scn)
    allowed = scn.allowed
    shape = scn.space.shape
    groups = []
    for members in coupled_groups(scn):
        sub = [shape[i] for i in members]
        n = math.prod(sub)
        if n > MAX_COMPOUND_OPTIONS:
            raise ValueError(f"interactions couple issues {[scn.issues[i].key for i in members]} into "
                             f"{n:,} combined options; split the interaction terms")
        opts = np.indices(sub).reshape(len(members), -1).T.astype(np.int64)
        table = np.zeros((n, scn.n_actors))
        ok = np.ones((n, scn.n_actors), dtype=bool)
        crossings = np.zeros((n, scn.n_actors), dtype=np.int64)
        for k, i in enumerate(members):
            table += tables[i][opts[:, k]]
            ok &= allowed[i][opts[:, k]]
            crossings += ~scn.red_line_mask[i][opts[:, k]]
        for a, actor in enumerate(scn.actors):
            for inter, value in zip(actor.interactions, interaction_units(scn, a)):
                if set(inter.when) <= set(members):
                    hit = inter.matches_columns({pos: opts[:, members.index(pos)] for pos in inter.when})
                    table[:, a] += value * hit
        on = scn.on_agenda(_full_width(opts, members, scn.space.n_issues)) if scn.agenda else np.ones(n, bool)
        groups.append(CompoundIssue(tuple(members), opts, table, ok, crossings, on))
    return Compound(tuple(groups), scn.space.n_issues)


def _full_width(opts: np.ndarray, members: list[int], n_issues: int) -> np.ndarray:
    """Compound options as bundles (other issues at option 0), for bundle-wise checks."""
    out = np.zeros((len(opts), n_issues), dtype=np.int64)
    out[:, members] = opts
    return out


@dataclass(frozen=True)
class Layers:
    """The options in play per compound issue, with their values in the chosen columns."""

    values: tuple[np.ndarray, ...]  # per group (m_g, n_columns), exact on the grid
    ids: tuple[np.ndarray, ...]  # per group (m_g,) compound option ids

    @property
    def sizes(self) -> list[int]:
        return [len(i) for i in self.ids]

    @property
    def empty(self) -> bool:
        return any(len(i) == 0 for i in self.ids)


def layers(comp: Compound, columns: Sequence[int], allowed_for: Sequence[int],
           extra: Sequence[np.ndarray] = (), restrict: Sequence[np.ndarray | None] | None = None,
           penalised: Sequence[int] = (), penalty: np.ndarray | None = None) -> Layers:
    """Options that break no red line of the actors ``allowed_for``, valued in actor ``columns``
    plus ``extra`` per-group columns (each an (n_options,) array); ``restrict`` optionally masks options.
    Red lines of the actors ``penalised`` (a subset of ``columns``) keep the option but lower that actor's
    value by ``penalty[actor]`` per red line crossed (weighted decision rules: a member may reject and
    the deal still pass)."""
    vals, ids = [], []
    cols = list(columns)
    for g, grp in enumerate(comp.groups):
        ok = grp.allowed[:, list(allowed_for)].all(axis=1) if len(allowed_for) else np.ones(grp.n_options, bool)
        if len(penalised):
            ok &= grp.on_agenda  # only red lines become penalties; options off the table stay off
        if restrict is not None and restrict[g] is not None:
            ok &= restrict[g]
        idx = np.flatnonzero(ok)
        v = grp.table[np.ix_(idx, cols)]
        if len(penalised):
            v = v.copy()
            for a in penalised:
                k = cols.index(a)
                v[:, k] -= penalty[a] * grp.crossings[idx, a]
        if len(extra):
            v = np.column_stack([v] + [np.asarray(e[g], dtype=float)[idx] for e in extra])
        vals.append(np.ascontiguousarray(v))
        ids.append(idx)
    return Layers(tuple(vals), tuple(ids))
