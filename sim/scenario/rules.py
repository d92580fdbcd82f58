"""Decision rules: which sets of accepting actors make an agreement (a *winning coalition*).

``signatories: [a, b, c]`` is unanimity: every listed actor must accept. A weighted rule is a mapping::

    signatories:
      rule: weighted
      members: [de, fr, it, ...]     # whose votes count (default: every actor)
      weights: capability            # or {de: 84.4, fr: 68.2, ...}; default capability
      quota: 0.65                    # share of the members' total weight the accepting members must hold
      min_members: 15                # optional: at least this many members accept
      veto: [commission]             # optional: these members must accept

The EU Council's qualified majority (TFEU art. 16(4), 238(3)) is ``weights: {state: population}``,
``quota: 0.65``, ``min_members: 15`` of 27 (55 %). A coalition wins when it holds every veto member, at
least ``min_members`` members and at least ``quota`` of the total weight. Weights are read as rationals
(sim.scenario.exact) and compared as integers, so a coalition exactly at the quota wins. Winning is
monotone (adding an accepting member never loses), which is what the zone count's bounds rely on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import Problems
from .exact import as_rational

RULE_KEYS = {"rule", "members", "weights", "quota", "min_members", "veto"}


@dataclass(frozen=True)
class DecisionRule:
    """Who must accept. ``members`` are actor keys; weights are integers proportional to the given ones."""

    members: tuple[str, ...]
    weights: tuple[int, ...]
    need: int  # least total weight of a winning coalition: ceil(quota * total)
    min_members: int = 0
    veto: tuple[str, ...] = ()
    kind: str = "unanimity"  # or "weighted"
    quota: float = 1.0

    @property
    def unanimous(self) -> bool:
        return self.kind == "unanimity"

    def winning(self, accepts: np.ndarray) -> np.ndarray:
        """(n, n_members) bool, columns in ``members`` order -> (n,) bool: the accepting members win."""
        a = np.asarray(accepts, dtype=bool).reshape(-1, len(self.members))
        if self.unanimous:
            return a.all(axis=1)
        return self.wins(list(a.T))

    def wins(self, masks) -> np.ndarray:
        """The weighted test itself, on one acceptance mask per member (any common shape): the engines
        (``sim.analysis.coalitions``) and ``winning`` share it, so zone, verdicts and talks agree."""
        weight = np.zeros(np.shape(masks[0]))  # integer weights below 2^53: exact sums in float64
        count = np.zeros(np.shape(masks[0]), dtype=np.int64)
        for w, m in zip(self.weights, masks):
            weight += float(w) * m
            count += m
        ok = (weight >= self.need) & (count >= self.min_members)
        for k in self.veto_positions:
            ok &= masks[k]
        return ok

    @property
    def veto_positions(self) -> list[int]:
        return [self.members.index(v) for v in self.veto]

    def describe(self) -> str:
        if self.unanimous:
            return "unanimity of " + ", ".join(self.members)
        parts = [f"{self.quota:.0%} of the weight of {len(self.members)} members"]
        if self.min_members:
            parts.append(f"at least {self.min_members} members")
        if self.veto:
            parts.append("vetoes: " + ", ".join(self.veto))
        return "weighted rule: " + "; ".join(parts)


def unanimity(members: Sequence[str]) -> DecisionRule:
    return DecisionRule(tuple(members), (1,) * len(members), len(members), len(members))


def parse_rule(raw: Any, actors: Mapping[str, float], p: Problems) -> DecisionRule:
    """``signatories`` (a list, or a weighted-rule mapping) -> a rule; ``actors``: key -> capability."""
    keys = list(actors)
    if isinstance(raw, list) or raw is None:
        return unanimity(_members(raw if raw is not None else keys, keys, "signatories", p, allow_empty=False))
    if not isinstance(raw, Mapping):
        p.add("signatories", "must be a list of actor keys (unanimity) or a mapping "
                             "{rule: weighted, members, weights, quota, min_members, veto}")
        return unanimity(keys)
    for k in raw:
        if k not in RULE_KEYS:
            p.add(f"signatories.{k}", f"unknown key; allowed keys here are {', '.join(sorted(RULE_KEYS))}")
    kind = raw.get("rule", "weighted")
    if kind not in ("weighted", "unanimity"):
        p.add("signatories.rule", f"{kind!r} is not a rule; use `weighted` or `unanimity`")
        kind = "weighted"
    members = _members(raw.get("members", keys), keys, "signatories.members", p, allow_empty=False)
    if kind == "unanimity":
        return unanimity(members)
    weights = _weights(raw.get("weights", "capability"), members, actors, p)
    quota = raw.get("quota")
    if isinstance(quota, bool) or not isinstance(quota, (int, float)) or not 0 < quota <= 1:
        p.add("signatories.quota", f"{quota!r} is not a share in (0, 1]; give the share of the members' total "
                                   "weight an agreement needs, e.g. `quota: 0.65`")
        quota = 1.0
    n_min = raw.get("min_members", 0)
    if isinstance(n_min, bool) or not isinstance(n_min, int) or not 0 <= n_min <= len(members):
        p.add("signatories.min_members", f"{n_min!r} is not a whole number in 0..{len(members)} (the members)")
        n_min = 0
    veto = _members(raw.get("veto", []), members, "signatories.veto", p, allow_empty=True, what="member")
    total = sum(weights)
    need = math.ceil(as_rational(float(quota)) * total) if total else 0
    return DecisionRule(tuple(members), weights, need, n_min, tuple(veto), "weighted", float(quota))


def _members(raw: Any, known: list[str], path: str, p: Problems, allow_empty: bool, what: str = "actor") -> list[str]:
    if not isinstance(raw, list) or (not raw and not allow_empty):
        p.add(path, f"must be a {'' if allow_empty else 'non-empty '}list of {what} keys")
        return [] if allow_empty else list(known)
    out = []
    for n, s in enumerate(raw):
        if s not in known:
            p.add(f"{path}[{n}]", f"'{s}' is not a{'n' if what == 'actor' else ''} {what}; known: {', '.join(known)}")
        elif s in out:
            p.add(f"{path}[{n}]", f"'{s}' is listed twice")
        else:
            out.append(s)
    return out or ([] if allow_empty else list(known))


def _weights(raw: Any, members: list[str], actors: Mapping[str, float], p: Problems) -> tuple[int, ...]:
    """Voting weights as proportional integers (exact comparisons with the quota)."""
    if raw == "capability":
        given = {m: actors[m] for m in members}
    elif isinstance(raw, Mapping):
        given = {}
        for m in members:
            x = raw.get(m)
            if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) or x < 0:
                p.add(f"signatories.weights.{m}", f"{x!r} is not a non-negative number; give every member a weight")
                x = 0.0
            given[m] = float(x)
        for k in raw:
            if k not in members:
                p.add(f"signatories.weights.{k}", f"'{k}' is not a member; weights are given for members only")
    else:
        p.add("signatories.weights", "must be `capability` or a mapping {member: weight}")
        given = {m: 1.0 for m in members}
    fr = [as_rational(given[m]) for m in members]
    if not any(fr):
        p.add("signatories.weights", "every member's weight is 0; give at least one a positive weight")
        return (1,) * len(members)
    d = math.lcm(*(f.denominator for f in fr))
    ints = [int(f * d) for f in fr]
    g = math.gcd(*ints)
    ints = [x // g for x in ints]
    if sum(ints) >= 2**53:
        p.add("signatories.weights", "weights need too many digits to compare exactly; round them")
    return tuple(ints)

