"""The Shapley–Shubik index of a decision rule, exactly: each member's share of the orderings of the
members in which it is the pivot (the one whose joining first makes the coalition winning).

Shapley & Shubik (1954, "A method for evaluating the distribution of power in a committee system",
*American Political Science Review* 48: 787–792):

    φ_i = Σ_{S ⊆ N∖{i}: S loses, S ∪ {i} wins}  |S|! (n − |S| − 1)! / n!

The rule is the scenario's ``DecisionRule`` (``sim.scenario.rules``): a coalition wins when it holds
every veto member, at least ``min_members`` members and at least ``need`` of the integer weights, the
same test the engines make. Counting instead of enumerating (Mann & Shapley 1962's generating-function
method as a dynamic programme): for the members other than i and the vetoes, the number of subsets of
each size and total weight is built one member at a time (``subset_counts``); a veto member is in every
winning coalition, so S is the vetoes (less i) plus such a subset. Counts are integers, the index a
``Fraction``: no sampling, no rounding. Members with the same weight and veto status have the same index
(the rule is symmetric in them), so each such class is counted once. Cost per class: (members) ×
(members + 1) × (total weight + 1) additions; on the EU Council (28 states, 352 votes) well under a second.
Weights are the rule's integers (``sim.scenario.rules`` reads them as short rationals), so weights with
many digits make the table too large: ``shapley_shubik`` then refuses (``MAX_CELLS``) rather than round.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..scenario.rules import DecisionRule

MAX_CELLS = 50_000_000  # subset-count table entries (int64: 400 MB); the EU rules need at most 1.5e5


def subset_counts(weights: list[int], total: int) -> np.ndarray:
    """(len + 1, total + 1) int64: entry [k, w] counts the subsets of ``weights`` with k members and
    weight w (at most C(29, 14) < 2^63 for the rules here)."""
    c = np.zeros((len(weights) + 1, total + 1), dtype=np.int64)
    c[0, 0] = 1
    for n, w in enumerate(weights, start=1):
        # members taken in turn: a subset of the first n either leaves the n-th out or adds it (w, one more)
        c[1:n + 1, w:] += c[0:n, :total + 1 - w].copy()
    return c


def shapley_shubik(rule: DecisionRule) -> dict[str, Fraction]:
    """Each member's Shapley–Shubik index under ``rule`` (sums to 1 when the whole body wins)."""
    n = len(rule.members)
    veto = set(rule.veto)
    weight = dict(zip(rule.members, rule.weights))
    free = [m for m in rule.members if m not in veto]
    veto_weight = sum(weight[v] for v in veto)
    total = sum(rule.weights)
    if (n + 1) * (total + 1) > MAX_CELLS:
        raise ValueError(f"the rule's weights need {total} integer units for {n} members; the exact count "
                         f"needs (members + 1) × (units + 1) ≤ {MAX_CELLS:.0e}: round the weights "
                         "(e.g. populations to 0.1 million)")
    order = math.factorial(n)
    index: dict[tuple[int, bool], Fraction] = {}
    for i in rule.members:
        key = (weight[i], i in veto)
        if key in index:
            continue
        others = list(free)
        if i not in veto:
            others.remove(i)
        counts = subset_counts([weight[m] for m in others], total)
        base_n = len(veto) - (i in veto)  # vetoes in S (all but i)
        base_w = veto_weight - (weight[i] if i in veto else 0)
        w = base_w + np.arange(total + 1)  # S's weight for each subset weight
        phi = Fraction(0)
        for t in range(len(others) + 1):
            s = base_n + t  # |S|
            with_i = (w + weight[i] >= rule.need) & (s + 1 >= rule.min_members)
            # S lacks i: it loses when i is a veto, else when short of weight or members
            without = np.zeros_like(with_i) if i in veto else (w >= rule.need) & (s >= rule.min_members)
            swings = int(counts[t][with_i & ~without].sum())
            if swings:
                phi += Fraction(swings * math.factorial(s) * math.factorial(n - s - 1), order)
        index[key] = phi
    return {m: index[(weight[m], m in veto)] for m in rule.members}
