"""The nearest agreement to a proposal: fewest issues changed so that every signatory accepts.

Exact, by a branch and bound over the compound issues (compound.py) driven by the number of changes:

- Per compound issue, the options every signatory can live with (no red line crossed; under a weighted
  decision rule, see coalitions.py, a red line of a member without veto is a penalty instead), their utilities
  for the signatories and their cost: how many member issues differ from the proposal. With
  ``best_g[c]`` the best value of each signatory over the options of issue g costing at most c, a
  knapsack over the issues still open gives, once for the whole search, every signatory's optimistic
  utility for any budget b of further changes (``opt[g][b]``; the sum of the signatories' utilities is
  one more column, Glover's surrogate constraint, see zone.py). A partial bundle with cost c survives
  budget h only if every column can still reach its threshold within h − c more changes.
- Iterative deepening on h (IDA*, Korf 1985): a search with budget h either finds a zone bundle, and
  then h is the minimum (every smaller budget failed), or it reports the least budget h' > h at which
  some pruned partial bundle would have survived, which is the next budget to try (none: the zone is
  empty). Within a search, the first bundle found ends it.
- At the minimum h, a second search with that budget finds the bundle with the highest Nash product,
  pruning a partial bundle when the product of its signatories' optimistic gains (the same knapsack
  bounds) is below the best product found so far less the solutions' floating-point slack
  (``solutions.PRESELECT``), so every bundle that may tie it exactly survives.

Every bound is a sum of integer utilities (numeric.py), so every feasibility test is exact. The winner
among the survivors is decided as for the solution points (``solutions.pick``): the highest Nash product
in exact rationals, then the larger exact utility sum, then the lowest bundle index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .coalitions import Win, win_for, zone_layers
from .compound import Compound, Layers, compound_issues
from .numeric import accept_threshold, grid_utilities, nash_product, row_sum, scale
from .solutions import PRESELECT, Objectives, pick

CHUNK = 1 << 14  # partial bundles expanded at once, at most
CELLS = 1 << 23  # and at most this many (partial bundle, option, budget, column) cells at once (memory)


@dataclass(frozen=True)
class NearestAgreement:
    """What it takes to turn a proposal into a bundle every signatory accepts."""

    proposal: str
    bundle: tuple[int, ...] | None  # the nearest acceptable bundle, None when there is none
    n_changes: int | None
    changes: pd.DataFrame  # issue, from_option, to_option, then per actor the utility change of that
    #                        change alone applied to the proposal
    before: pd.Series  # utilities of the proposal per actor
    after: pd.Series | None  # utilities of the nearest bundle per actor
    nash: float | None  # Nash product of the nearest bundle
    reason: str = ""
    labels: dict = field(default_factory=dict, repr=False)

    @property
    def found(self) -> bool:
        return self.bundle is not None

    def __str__(self) -> str:
        if not self.found:
            return f"{self.proposal}: no agreement within reach: {self.reason}"
        if self.n_changes == 0:
            return f"{self.proposal}: already acceptable to every signatory"
        lines = [f"{self.proposal}: {self.n_changes} change(s) make it acceptable to every signatory"]
        for _, row in self.changes.iterrows():
            lines.append(f"  {row['issue']}: {row['from_option']} -> {row['to_option']}")
        return "\n".join(lines)


def proposal_bundle(scn: Scenario, proposal: str | tuple | list | np.ndarray) -> tuple[str, tuple[int, ...]]:
    """A proposal key or an explicit bundle (option indices) -> (name, bundle)."""
    if isinstance(proposal, str):
        if proposal not in scn.proposals:
            raise KeyError(f"unknown proposal '{proposal}'; known: {', '.join(scn.proposals)}")
        return proposal, tuple(int(o) for o in scn.proposals[proposal].bundle)
    b = tuple(int(o) for o in proposal)
    scn.space.labels(b)  # validates length and ranges
    return "bundle", b


def nearest_agreement(scn: Scenario, proposal: str | tuple | list | np.ndarray,
                      comp: Compound | None = None) -> NearestAgreement:
    """Fewest issue changes to ``proposal`` (a key or a bundle) so that every signatory accepts it;
    among those, the highest Nash product. See the module docstring."""
    name, p = proposal_bundle(scn, proposal)
    comp = comp or compound_issues(scn)
    sig = [int(i) for i in scn.signatory_index]
    r_sig = scn.reservations[sig]
    pb = np.array(p, dtype=np.int64)
    found = _Search(comp, zone_layers(scn, comp), pb, accept_threshold(scn, sig), r_sig, scale(scn, sig),
                    win_for(scn.decision_rule)).run()
    if found is None:
        u = grid_utilities(scn, pb[None])
        return NearestAgreement(name, None, None, _changes(scn, p, p, u), _series(scn, u[0], name), None,
                                None, "the agreement zone is empty: no bundle, however far from the proposal, "
                                "is acceptable to every signatory")
    h, new, nash = found
    # one utility evaluation for the proposal, the new bundle and each change alone (the rows of _changes)
    u = grid_utilities(scn, np.vstack([pb[None], np.array(new)[None], _variants(p, new)]))
    return NearestAgreement(name, new, h, _changes(scn, p, new, u), _series(scn, u[0], name),
                            _series(scn, u[1], name), nash)


def _series(scn: Scenario, u: np.ndarray, name: str) -> pd.Series:
    return pd.Series(u, index=scn.actor_names, name=name)


class _Search:
    """The branch and bound of the module docstring. Partial bundles are built over the compound issues
    in ``order``; states are processed depth first in chunks (``chunk[t]`` at depth t)."""

    def __init__(self, comp: Compound, lay: Layers, proposal: np.ndarray, lower: np.ndarray, r_sig: np.ndarray,
                 units: np.ndarray, win: Win | None = None):
        self.comp, self.lay, self.r, self.win = comp, lay, np.asarray(r_sig, dtype=float), win
        self.units = np.asarray(units, dtype=float)  # integer units per signatory (numeric.py)
        n_sig = len(lower)
        self.n_sig = n_sig
        surrogate = n_sig >= 2 and win is None  # the sum bound holds only when every signatory must accept
        self.lower = np.append(lower, lower.sum()) if surrogate else np.asarray(lower, dtype=float)
        n_cols = len(self.lower)
        vals, costs = [], []
        for g, grp in enumerate(comp.groups):
            v = lay.values[g]
            vals.append(np.column_stack([v, row_sum(v)]) if surrogate else v)
            opts = grp.options[lay.ids[g]]
            costs.append((opts != proposal[list(grp.issues)]).sum(axis=1).astype(np.int64))
        # widest utility ranges first, so that bounds bite early (as in zone.py)
        spread = [float((v.max(axis=0) - v.min(axis=0)).sum()) if len(v) else 0.0 for v in vals]
        self.order = sorted(range(len(vals)), key=lambda g: (-spread[g], g))
        self.vals = [vals[g] for g in self.order]
        self.costs = [costs[g] for g in self.order]
        n, top = len(self.vals), comp.n_issues
        self.top = top
        # opt[t][b]: per column, the best sum over the issues order[t:] with at most b changes among them
        opt = np.full((n + 1, top + 1, n_cols), -np.inf)
        opt[n] = 0.0
        for t in range(n - 1, -1, -1):
            v, c = self.vals[t], self.costs[t]
            for k in range(int(c.max()) + 1 if len(c) else 0):
                if (c == k).any():  # best option costing at most k, for each cost k that occurs
                    best = v[c <= k].max(axis=0)
                    opt[t, k:] = np.maximum(opt[t, k:], best + opt[t + 1, :top + 1 - k])
        self.opt = opt
        self.chunk = [max(1, min(CHUNK, CELLS // max(1, len(v) * (top + 1) * n_cols))) for v in self.vals]
        # a partial sum acc can reach the thresholds with budget b on issues order[t:] iff
        # acc >= gap[t][b] in every column (lower - opt: exact on the grid; +inf where opt is -inf)
        self.gap = self.lower - opt

    def run(self) -> tuple[int, tuple[int, ...], float] | None:
        if self.lay.empty:
            return None
        h = self._least_budget(0, np.zeros(len(self.lower)))
        while h is not None:
            self.h, self.next_h, self.hit, self.split, self.leaves = h, None, False, False, []
            self._expand(np.zeros((1, len(self.lower))), np.zeros(1, dtype=np.int64),
                         np.zeros((1, 0), dtype=np.int64), 0, nash=False)
            if self.hit:
                if self.split:  # the search stopped early: search again for the best Nash product
                    self.leaves = []
                    self._expand(np.zeros((1, len(self.lower))), np.zeros(1, dtype=np.int64),
                                 np.zeros((1, 0), dtype=np.int64), 0, nash=True)
                # else it ran to the end in one chunk per level: it has every zone bundle within h
                return self._best(h)
            h = self.next_h
        return None

    def _need(self, t: int, acc: np.ndarray) -> np.ndarray:
        """Least budget for the issues order[t:] to lift every column of ``acc`` (..., columns) to its
        threshold; ``top + 1`` when no budget does. Reaching them gets easier as the budget grows, so
        the least budget is the number of budgets that fail."""
        reach = acc[..., None, :] >= self.gap[t]
        fail = ~(reach.all(axis=-1) if self.win is None else self.win.last_axis(reach))
        return np.count_nonzero(fail, axis=-1)

    def _least_budget(self, t: int, acc: np.ndarray) -> int | None:
        need = int(self._need(t, acc[None])[0])
        return need if need <= self.top else None

    def _expand(self, acc: np.ndarray, cost: np.ndarray, pos: np.ndarray, t: int, nash: bool) -> None:
        step = self.chunk[t]
        self.split |= len(acc) > step
        for s in range(0, len(acc), step):
            if self.hit and not nash:
                return
            self._step(acc[s:s + step], cost[s:s + step], pos[s:s + step], t, nash)

    def _step(self, acc: np.ndarray, cost: np.ndarray, pos: np.ndarray, t: int, nash: bool) -> None:
        v, c = self.vals[t], self.costs[t]
        new = acc[:, None, :] + v[None, :, :]  # (states, options, columns)
        new_cost = cost[:, None] + c[None, :]
        room = self.h - new_cost
        need = self._need(t + 1, new)
        alive = need <= room
        if not nash:
            dead = ~alive & (need <= self.top)
            if dead.any():  # the least budget at which a pruned state would have survived
                least = int((new_cost[dead] + need[dead]).min())
                self.next_h = least if self.next_h is None else min(self.next_h, least)
        si, oi = np.nonzero(alive)
        if not len(si):
            return
        new, new_cost = new[si, oi], new_cost[si, oi]
        pos = np.column_stack([pos[si], oi])
        last = t == len(self.vals) - 1
        if nash:
            bound = self._nash(new[:, :self.n_sig] + (0.0 if last else self.opt[t + 1, room[si, oi], :self.n_sig]))
            keep = bound >= self._floor()
            new, new_cost, pos, bound = new[keep], new_cost[keep], pos[keep], bound[keep]
            if last:
                if len(bound):
                    self.incumbent = max(self.incumbent, float(bound.max()))
                    self.leaves.append((new[:, :self.n_sig], bound, pos))
                return
            if len(bound) > self.chunk[t + 1]:  # most promising first, so the incumbent rises early
                first = np.argsort(-bound, kind="stable")
                new, new_cost, pos = new[first], new_cost[first], pos[first]
        elif last:
            self.hit = True
            nash_ = self._nash(new[:, :self.n_sig])
            self.incumbent = float(nash_.max())
            self.leaves.append((new[:, :self.n_sig], nash_, pos))
            return
        elif len(new) > self.chunk[t + 1]:  # most slack first, so that the first zone bundle comes early
            first = np.argsort(need[si, oi] - room[si, oi], kind="stable")
            new, new_cost, pos = new[first], new_cost[first], pos[first]
        self._expand(new, new_cost, pos, t + 1, nash)

    def _nash(self, u_sig: np.ndarray) -> np.ndarray:
        return nash_product(u_sig / self.units, self.r)

    def _floor(self) -> float:
        """Least bound kept: the incumbent less the slack within which an exact tie may hide."""
        return self.incumbent - PRESELECT * max(abs(self.incumbent), 1e-300)

    def _best(self, h: int) -> tuple[int, tuple[int, ...], float]:
        """The zone bundle with the highest Nash product among the leaves found with budget ``h``."""
        u_sig = np.vstack([x[0] for x in self.leaves])
        nash = np.concatenate([x[1] for x in self.leaves])
        pos = np.vstack([x[2] for x in self.leaves])
        self.incumbent = float(nash.max())
        near = nash >= self._floor()
        u_sig, pos = u_sig[near], pos[near]
        choices = np.zeros((len(pos), len(self.order)), dtype=np.int64)
        for k, g in enumerate(self.order):
            choices[:, g] = self.lay.ids[g][pos[:, k]]
        bundles = self.comp.decode(choices)
        order = np.lexsort(bundles.T[::-1])  # bundle-index order, as ``pick`` expects
        bundles, u_sig = bundles[order], u_sig[order]
        obj = Objectives(self.units, self.r, np.zeros(self.n_sig), u_sig.max(axis=0))
        row = pick(obj, "nash", u_sig)
        return h, tuple(int(o) for o in bundles[row]), float(self._nash(u_sig[row:row + 1])[0])


def _variants(old: tuple[int, ...], new: tuple[int, ...]) -> np.ndarray:
    """The proposal with one changed issue set to its new option, one row per changed issue."""
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    out = np.repeat(np.array(old, dtype=np.int64)[None], len(changed), axis=0)
    out[np.arange(len(changed)), changed] = [new[i] for i in changed]
    return out


def _changes(scn: Scenario, old: tuple[int, ...], new: tuple[int, ...], u: np.ndarray) -> pd.DataFrame:
    """One row per changed issue; each actor's gain from that change alone, applied to the proposal.
    ``u``: grid utilities of the proposal, the new bundle, then the rows of ``_variants(old, new)``."""
    cols = ["issue", "from_option", "to_option", "from_index", "to_index"] + scn.actor_names
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    if not changed:
        return pd.DataFrame({c: pd.Series(dtype=object if k < 3 else float) for k, c in enumerate(cols)})
    delta = u[2:2 + len(changed)] - u[0]
    rows = [[scn.issues[i].key, scn.issues[i].options[old[i]], scn.issues[i].options[new[i]], old[i], new[i]]
            for i in changed]
    if len(set(cols)) < len(cols):  # an actor named like a fixed column: keep both, as rows do
        return pd.DataFrame([r + list(d) for r, d in zip(rows, delta)], columns=cols)
    data = {c: [r[k] for r in rows] for k, c in enumerate(cols[:5])}
    data.update({a: delta[:, k] for k, a in enumerate(scn.actor_names)})
    return pd.DataFrame(data)  # from a dict without ``columns=``: several times faster
