"""Candidate texts: a few thousand efficient bundles and everything the agents need about them, computed
once per scenario and shared by every run (the negotiation never scores the full space).

Offers are chosen among efficient bundles (Pareto-optimal among bundles that break no red line, as in
DESIGN.md). Two sources give them:

* ``"analysis"``: the exact frontier of ``sim.analyze(scn).pareto`` (when the analysis layer offers it);
* ``"greedy"``: a cheap generator of our own. Utilities are additive, so the bundle maximising a weighted
  sum  sum_k lambda_k u_k  is found issue by issue (each issue's argmax of its value table times lambda);
  many lambda drawn from Dirichlet distributions give the supported points of the frontier (Geoffrion
  1968), one round of single-issue local search adds unsupported neighbours, and a Pareto filter keeps the
  efficient ones.

``"auto"`` takes the analysis frontier when it exists and is affordable, else the greedy one. Either is cut
to at most ``max_size`` bundles by farthest-point (k-centre, Gonzalez 1985) sampling in the signatories'
utility space, so the kept texts spread along the whole frontier; every actor's best bundle is kept.
The scenario's proposals are appended as rows that can open a negotiation but are never offered again.
"""

from __future__ import annotations

import heapq
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..scenario import Scenario

# greedy generator sizes: enough weight vectors that a 4-actor, 12-issue frontier is well covered
N_WEIGHTS = 3000
_CACHE: "weakref.WeakKeyDictionary[Scenario, dict]" = weakref.WeakKeyDictionary()
_BY_CONTENT: "OrderedDict[tuple, CandidateSet]" = OrderedDict()  # a few recent scenarios, by content


@dataclass(frozen=True, eq=False)
class CandidateSet:
    """Rows = candidate texts. Efficient rows first, then the scenario's proposals (``efficient`` False)."""

    bundles: np.ndarray  # (n, n_issues) option indices
    utilities: np.ndarray  # (n, n_actors) true utilities
    allowed: np.ndarray  # (n, n_actors) bool: the row breaks none of the actor's red lines
    support: np.ndarray  # (n, n_actors) public support (1.0 for actors without ratification)
    thresholds: np.ndarray  # (n_actors,) ratification threshold (0.0 = none)
    efficient: np.ndarray  # (n,) bool: may be offered (the first ``n_efficient`` rows)
    onehot: np.ndarray  # (n, n_flat) 1.0 where the row takes option o of issue i (flat index offset_i + o)
    onehot_t: np.ndarray  # (n_flat, n_efficient) float32: the efficient rows' one-hot, transposed
    utilities_t: np.ndarray  # (n_actors, n_efficient) true utilities of the efficient rows, transposed
    interaction_t: np.ndarray  # (n_actors, n_efficient) float32: their interaction part, transposed
    interaction: np.ndarray  # (n, n_actors) the interaction part of utilities
    flat_values: np.ndarray  # (n_flat, n_actors) true weighted values w_ai * v_ai[o]
    raw_values: np.ndarray  # (n_flat, n_actors) true values v_ai[o] in [0, 1]
    weights: np.ndarray  # (n_issues, n_actors) true salience weights (each column sums to 1)
    flat_allowed: np.ndarray  # (n_flat, n_actors) bool: option o of issue i is not one of the actor's red lines
    issue_of_flat: np.ndarray  # (n_flat,) issue position of each flat option
    offsets: np.ndarray  # (n_issues,) flat offset of each issue's option 0
    issue_loss: np.ndarray  # (n_flat, n_actors) w_ai (best value on issue i - value of option o), +2 on a red line
    proposal_rows: dict[str, int] = field(default_factory=dict)
    source: str = "greedy"
    _worst: dict = field(default_factory=dict, repr=False)  # memo of ``worst_issues``

    @property
    def n(self) -> int:
        return len(self.bundles)

    @cached_property
    def table(self) -> tuple[list, list, list]:
        """Python lists of utilities, red-line freedom and support per row: fast scalar reads for answers."""
        return self.utilities.tolist(), self.allowed.tolist(), self.support.tolist()

    def worst_issues(self, row: int, actor: int, k: int) -> tuple[int, ...]:
        """The ``k`` issues of a text that cost ``actor`` most (red lines first, see ``issue_loss``);
        memoised: the same for every run."""
        key = (row, actor, k)
        hit = self._worst.get(key)
        if hit is None:
            loss = self.issue_loss[self.offsets + self.bundles[row], actor].tolist()
            top = heapq.nlargest(k, range(len(loss)), key=loss.__getitem__)
            hit = self._worst[key] = tuple(i for i in top if loss[i] > 1e-12)
        return hit

    @property
    def n_efficient(self) -> int:
        return self._n_eff

    @property
    def _n_eff(self) -> int:
        return len(self.bundles) - len(self.proposal_rows)


def candidate_set(scn: Scenario, source: str = "auto", max_size: int = 1000) -> CandidateSet:
    """The (cached) candidate set of a scenario; see the module docstring for ``source``."""
    if source not in ("auto", "analysis", "greedy"):
        raise ValueError(f"candidates.source must be auto, analysis or greedy, got {source!r}")
    per_scn = _CACHE.setdefault(scn, {})
    key = (source, int(max_size))
    if key not in per_scn:
        # jobs of a sweep build equal scenarios in one worker process: reuse by content, not identity
        content = (scn.content_hash, *key)
        if content not in _BY_CONTENT:
            _BY_CONTENT[content] = build_candidate_set(scn, source, max_size)
            while len(_BY_CONTENT) > 4:
                _BY_CONTENT.popitem(last=False)
        per_scn[key] = _BY_CONTENT[content]
    return per_scn[key]


def build_candidate_set(scn: Scenario, source: str = "auto", max_size: int = 1000) -> CandidateSet:
    bundles, used = None, "greedy"
    if source in ("auto", "analysis"):
        bundles = analysis_frontier(scn, required=source == "analysis")
        used = "analysis" if bundles is not None else "greedy"
    if bundles is None:
        bundles = greedy_frontier(scn)
    bundles = thin(scn, bundles, max_size)
    return assemble(scn, bundles, used)


# --- sources ------------------------------------------------------------------------------------
def analysis_frontier(scn: Scenario, required: bool = False) -> np.ndarray | None:
    """Bundles of the exact Pareto frontier from the analysis layer, or None when it is unavailable."""
    from .. import analysis

    res = analysis.analyze(scn)
    if not hasattr(type(res), "pareto"):
        if required:
            raise RuntimeError("sim.analysis offers no `pareto` frontier yet; use candidates.source=greedy")
        return None
    df = res.pareto
    if df is None or len(df) == 0:
        return None
    return df[scn.space.issue_keys].to_numpy(dtype=np.int64)


def free_options(scn: Scenario) -> list[np.ndarray]:
    """Per issue, the options on the agenda that cross no actor's red line (or no signatory's, or any on the
    agenda, if none is left)."""
    out = []
    for ok in scn.allowed:
        for mask in (ok.all(axis=1), ok[:, scn.signatory_index].all(axis=1), ok.any(axis=1),
                     np.ones(len(ok), bool)):
            if mask.any():
                out.append(np.flatnonzero(mask))
                break
    return out


def greedy_frontier(scn: Scenario, n_weights: int = N_WEIGHTS, seed: int = 0) -> np.ndarray:
    """Supported efficient bundles by weighted sums, plus single-issue neighbours, Pareto-filtered."""
    rng = np.random.default_rng(seed)  # fixed: the candidate set is part of the scenario, not of a run
    n_act = scn.n_actors
    lam = np.vstack([
        np.eye(n_act) + 1e-3,  # each actor's best bundle, ties broken for the others (lexicographic)
        rng.dirichlet(np.ones(n_act), n_weights),
        rng.dirichlet(np.full(n_act, 0.3), n_weights // 2),  # near the edges of the frontier
    ])
    opts = free_options(scn)
    cols = []
    for table, free in zip(scn.value_tables, opts):
        score = table[free] @ lam.T  # (n_free, n_lambda)
        cols.append(free[score.argmax(axis=0)])
    supported = np.unique(np.stack(cols, axis=1), axis=0)
    pool = np.unique(np.vstack([supported, neighbours(supported, opts)]), axis=0)
    from ..analysis.dominance import nondominated  # the one Pareto filter, on exact utilities

    return pool[nondominated(scn.utility_units(pool))]


def neighbours(bundles: np.ndarray, opts: list[np.ndarray]) -> np.ndarray:
    """Every bundle that differs from one of ``bundles`` on exactly one issue (within ``opts``)."""
    out = []
    for i, free in enumerate(opts):
        for o in free:
            b = bundles[bundles[:, i] != o].copy()
            b[:, i] = o
            out.append(b)
    return np.vstack(out) if out else bundles[:0]


def thin(scn: Scenario, bundles: np.ndarray, max_size: int) -> np.ndarray:
    """At most ``max_size`` bundles spread over the frontier: every actor's best, then farthest points."""
    if len(bundles) <= max_size:
        return bundles
    u = scn.utilities(bundles)
    span = np.maximum(u.max(0) - u.min(0), 1e-9)
    z = (u - u.min(0)) / span
    chosen = list(dict.fromkeys(int(k) for k in u.argmax(axis=0)))
    dist = np.full(len(z), np.inf)
    for c in chosen:
        dist = np.minimum(dist, ((z - z[c]) ** 2).sum(1))
    while len(chosen) < max_size:
        c = int(dist.argmax())
        chosen.append(c)
        dist = np.minimum(dist, ((z - z[c]) ** 2).sum(1))
    return bundles[np.sort(chosen)]


# --- assembling ---------------------------------------------------------------------------------
def assemble(scn: Scenario, efficient_bundles: np.ndarray, source: str) -> CandidateSet:
    from .ratification import support_matrix

    keys = list(scn.proposals)
    prop = np.array([scn.proposals[k].bundle for k in keys], dtype=np.int64).reshape(-1, scn.space.n_issues)
    bundles = np.vstack([efficient_bundles, prop]).astype(np.int64)
    n_eff = len(efficient_bundles)
    shape = np.asarray(scn.space.shape)
    offsets = np.concatenate([[0], np.cumsum(shape)[:-1]]).astype(np.int64)
    n_flat = int(shape.sum())
    onehot = np.zeros((len(bundles), n_flat))
    onehot[np.arange(len(bundles))[:, None], offsets + bundles] = 1.0
    flat_values = np.vstack(scn.value_tables)
    flat_allowed = np.vstack(scn.red_line_mask)  # red lines only (the agenda limits the search, not verdicts)
    issue_of_flat = np.repeat(np.arange(len(shape)), shape)
    best = np.stack([flat_values[issue_of_flat == i].max(axis=0) for i in range(len(shape))])
    utilities = scn.utilities(bundles)
    interaction = utilities - onehot @ flat_values
    support, thresholds = support_matrix(scn, bundles)
    return CandidateSet(
        bundles=bundles,
        utilities=utilities,
        allowed=scn.red_lines_broken(bundles) == 0,
        support=support,
        thresholds=thresholds,
        efficient=np.arange(len(bundles)) < n_eff,
        onehot=onehot,
        onehot_t=np.ascontiguousarray(onehot[:n_eff].T, dtype=np.float32),
        utilities_t=np.ascontiguousarray(utilities[:n_eff].T),
        interaction_t=np.ascontiguousarray(interaction[:n_eff].T, dtype=np.float32),
        interaction=interaction,
        flat_values=flat_values,
        raw_values=np.vstack([np.stack([a.values[i] for a in scn.actors], axis=1)
                              for i in range(len(shape))]),
        weights=np.stack([a.weights for a in scn.actors], axis=1),
        flat_allowed=flat_allowed,
        issue_of_flat=issue_of_flat,
        offsets=offsets,
        issue_loss=best[issue_of_flat] - flat_values + 2.0 * ~flat_allowed,
        proposal_rows={k: n_eff + j for j, k in enumerate(keys)},
        source=source,
    )
