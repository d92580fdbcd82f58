"""The nearest agreement to a proposal: fewest issues changed so that every signatory accepts.

Exact: the number of issues changed is one more additive column (−changes, per compound issue the count
of member issues that differ from the proposal), so "at most h changes" is a lower bound like the
signatories' thresholds and the frontier engine (frontier.py) finds every non-dominated zone bundle
within h changes. h runs 0, 1, 2, ... until that set is non-empty: h is then the minimum and, among the
bundles with h changes, the one with the highest Nash product wins (ties: larger utility sum, then lowest
bundle index). When the zone is empty no set of changes works, and the answer says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .compound import Compound, compound_issues, layers
from .frontier import frontier
from .numeric import accept_threshold, grid_utilities, nash_product
from .solutions import best_row


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
    lower_sig = accept_threshold(r_sig)
    pb = np.array(p, dtype=np.int64)
    cost = [-(grp.options != pb[list(grp.issues)]).sum(axis=1).astype(float) for grp in comp.groups]
    lay = layers(comp, sig, sig, extra=[cost])
    before = pd.Series(grid_utilities(scn, pb[None])[0], index=scn.actor_names, name=name)
    found = None
    for h in range(scn.space.n_issues + 1):
        front = frontier(comp, lay, np.append(lower_sig, -h), ties="first")
        if len(front):
            found = front.bundles, front.values[:, :len(sig)]
            break
    if found is None:
        return NearestAgreement(name, None, None, _changes(scn, p, p), before, None, None,
                                "the agreement zone is empty: no bundle, however far from the proposal, "
                                "is acceptable to every signatory")
    bundles, u_sig = found
    row = best_row(nash_product(u_sig, r_sig), u_sig)
    new = tuple(int(o) for o in bundles[row])
    after = pd.Series(grid_utilities(scn, np.array(new)[None])[0], index=scn.actor_names, name=name)
    return NearestAgreement(name, new, h, _changes(scn, p, new), before, after,
                            float(nash_product(u_sig[row:row + 1], r_sig)[0]))


def _changes(scn: Scenario, old: tuple[int, ...], new: tuple[int, ...]) -> pd.DataFrame:
    """One row per changed issue; each actor's gain from that change alone, applied to the proposal."""
    cols = ["issue", "from_option", "to_option", "from_index", "to_index"] + scn.actor_names
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    if not changed:
        return pd.DataFrame({c: pd.Series(dtype=object if k < 3 else float) for k, c in enumerate(cols)})
    base = np.array(old, dtype=np.int64)
    variants = np.repeat(base[None], len(changed), axis=0)
    for r, i in enumerate(changed):
        variants[r, i] = new[i]
    delta = grid_utilities(scn, variants) - grid_utilities(scn, base[None])
    rows = []
    for r, i in enumerate(changed):
        issue = scn.issues[i]
        rows.append([issue.key, issue.options[old[i]], issue.options[new[i]], old[i], new[i], *delta[r]])
    return pd.DataFrame(rows, columns=cols)
