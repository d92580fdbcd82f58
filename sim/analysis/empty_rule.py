"""Why the zone is empty under a weighted decision rule: which coalitions could win, what blocks each.

The zone is empty when no coalition that wins (sim.scenario.rules: every veto member, ``min_members``
members, ``quota`` of the weight) has a bundle all its members accept. Agreeing is monotone (a subset of
a coalition that can agree can agree), so:

- the **best coalition**: the heaviest set of members, holding every veto, that can agree on some bundle
  (ties: more members, then the earlier members), found by branch and bound over the non-veto members in
  decreasing weight (include first; prune when the weight still reachable cannot beat the best, or when
  the set cannot agree); its shortfall is the quota's weight (or ``min_members``) it misses. The search
  checks at most ``MAX_CHECKS`` sets; past that the best found is reported as "at least".
- **what blocks joining it**: for each member outside, the best utility it can get while the best
  coalition accepts, and how far its reservation value would have to fall (the unanimity gaps of
  empty.py, for the coalition plus that member);
- **winning coalitions** (listed when there are at most ``MAX_MEMBERS`` members): the minimal ones, each
  with the member whose reservation value would have to fall least to open it.

"Can agree" is an exact zone listing stopped at the first bundle (zone.enumerate_zone), and best
utilities are the engine's exact branch and bound (optimum.best_columns).
"""

from __future__ import annotations

from functools import cache
from itertools import combinations

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .compound import Compound, layers
from .numeric import accept_threshold, scale
from .optimum import best_columns
from .zone import enumerate_zone

MAX_CHECKS = 2_000  # coalitions tested for agreement in the best-coalition search
MAX_MEMBERS = 10  # minimal winning coalitions are listed up to this many members (2^10 subsets)
MAX_LISTED = 12  # and at most this many of them, heaviest first
GAP_COLUMNS = ["actor", "reservation", "best_utility", "gap"]
COALITION_COLUMNS = ["coalition", "members", "weight_share", "can_agree", "wins", "opens_if", "gap"]


class _Members:
    def __init__(self, scn: Scenario, comp: Compound):
        self.scn, self.comp, self.rule = scn, comp, scn.decision_rule
        self.sig = [int(i) for i in scn.signatory_index]  # in the rule's member order
        self.lower = accept_threshold(scn, self.sig)
        self.checks = 0
        self.agrees = cache(self._agrees)

    def _agrees(self, members: frozenset[int]) -> bool:
        """Is there a bundle every member of ``members`` (positions) accepts?"""
        self.checks += 1
        pos = sorted(members)
        cols = [self.sig[k] for k in pos]
        return len(enumerate_zone(self.comp, layers(self.comp, cols, cols), self.lower[pos], 1)) > 0

    def weight(self, members) -> int:
        return sum(self.rule.weights[k] for k in members)

    def wins(self, members) -> bool:
        masks = [np.array(k in members) for k in range(len(self.sig))]
        return bool(self.rule.wins(masks))

    def best_of(self, k: int, others) -> float | None:
        """Best utility of member ``k`` while every member of ``others`` accepts (None: they never do)."""
        pos = sorted(set(others) | {k})
        cols = [self.sig[j] for j in pos]
        lower = self.lower[pos].astype(float).copy()
        lower[pos.index(k)] = -np.inf
        best = best_columns(self.comp, layers(self.comp, cols, cols), lower)[pos.index(k)]
        return float(best / scale(self.scn)[self.sig[k]]) if np.isfinite(best) else None

    def name(self, k: int) -> str:
        return self.scn.actor_names[self.sig[k]]


def best_coalition(m: _Members) -> tuple[frozenset[int], bool]:
    """The heaviest coalition holding every veto that can agree, and whether the search was complete."""
    veto = frozenset(m.rule.veto_positions)
    rest = sorted((k for k in range(len(m.sig)) if k not in veto), key=lambda k: (-m.rule.weights[k], k))
    best = [veto, True]
    if not m.agrees(veto):
        return veto, True
    tail = np.cumsum([m.rule.weights[k] for k in rest][::-1])[::-1].tolist() + [0]

    def key(s):
        return m.weight(s), len(s)

    def grow(s: frozenset[int], i: int) -> None:
        if key(s) > key(best[0]):
            best[0] = s
        if i == len(rest) or (m.weight(s) + tail[i], len(s) + len(rest) - i) <= key(best[0]):
            return  # no completion can beat the best: more weight, or as much with more members
        if m.checks >= MAX_CHECKS:
            best[1] = False
            return
        with_k = s | {rest[i]}
        if m.agrees(with_k):
            grow(with_k, i + 1)
        grow(s, i + 1)

    grow(veto, 0)
    return best[0], best[1]


def minimal_winning(m: _Members) -> list[frozenset[int]]:
    n = len(m.sig)
    if n > MAX_MEMBERS:
        return []
    wins = [frozenset(c) for r in range(1, n + 1) for c in combinations(range(n), r) if m.wins(frozenset(c))]
    minimal = [c for c in wins if not any(m.wins(c - {k}) for k in c)]
    return sorted(minimal, key=lambda c: (-m.weight(c), sorted(c)))[:MAX_LISTED]


def explain_rule(scn: Scenario, comp: Compound) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """(reason, gaps of the members outside the best coalition, coalitions table)."""
    m = _Members(scn, comp)
    rule, total = m.rule, sum(m.rule.weights) or 1
    best, complete = best_coalition(m)
    veto = frozenset(rule.veto_positions)
    rows = []
    names = ", ".join(m.name(k) for k in sorted(best)) or "none"
    share = m.weight(best) / total
    rows.append({"coalition": "best that can agree", "members": names, "weight_share": share,
                 "can_agree": m.agrees(best), "wins": m.wins(best), "opens_if": "", "gap": np.nan})
    gaps = []
    if m.agrees(best):
        for k in range(len(m.sig)):
            if k not in best:
                b = m.best_of(k, best)
                r = float(scn.reservations[m.sig[k]])
                gaps.append({"actor": m.name(k), "reservation": r, "best_utility": b,
                             "gap": (r - b) if b is not None else None})
    for c in minimal_winning(m):
        opens = [(float(scn.reservations[m.sig[k]]) - b, m.name(k)) for k in sorted(c)
                 if (b := m.best_of(k, c - {k})) is not None]
        gap, who = min(opens) if opens else (np.nan, "")
        rows.append({"coalition": "winning", "members": ", ".join(m.name(k) for k in sorted(c)),
                     "weight_share": m.weight(c) / total, "can_agree": False, "wins": True,
                     "opens_if": f"opens if {who}'s reservation value falls by {gap:.3f}" if who else
                     "no one member's lower reservation value opens it (red lines, or the others never agree)",
                     "gap": gap})
    at_least = "" if complete else "at least "
    if not m.agrees(veto):
        reason = ("the veto members (" + ", ".join(m.name(k) for k in sorted(veto)) + ") accept no common "
                  "bundle")
    else:
        short = []
        if m.weight(best) < rule.need:
            short.append(f"holds {at_least}{share:.1%} of the weight, {(rule.need - m.weight(best)) / total:.1%} "
                         f"short of the quota {rule.quota:.0%}")
        if len(best) < rule.min_members:
            short.append(f"has {len(best)} members, {rule.min_members - len(best)} short of {rule.min_members}")
        reason = (f"the heaviest coalition that can agree ({names}) " + " and ".join(short or ["does not win"]))
    reason = f"no bundle is accepted by a winning coalition ({rule.describe()}): {reason}"
    return reason, pd.DataFrame(gaps, columns=GAP_COLUMNS), pd.DataFrame(rows, columns=COALITION_COLUMNS)
