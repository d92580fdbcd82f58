"""Concession strategies: how an actor's aspiration (the utility it demands this month) moves.

Every strategy is a small class with a declared ``traits`` dict and one decision method,
``aspiration(s: Situation) -> float``. An actor offers only texts worth at least its aspiration to it and
accepts only such texts; every strategy keeps the aspiration between the actor's current reservation value
and its ideal utility, so nobody ever demands less than no deal is worth.

Traits (checked by behaviour in tests/test_negotiation_strategies.py):
  ``concedes``    the aspiration falls over time even when nothing else changes;
  ``responsive``  the aspiration depends on what the others conceded (behaviour-dependent tactics);
  ``stochastic``  the strategy draws random numbers (none here: same inputs, same aspirations).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from functools import cache
from typing import Any, ClassVar, NamedTuple

import numpy as np


class Situation(NamedTuple):
    """What an actor knows when it sets this month's aspiration (utilities on its own 0..1 scale)."""

    month: int  # 1, 2, ... (the first month of talks is 1)
    deadline: int  # the month by which a time-dependent tactic concedes to its reservation value
    ideal: float  # its best utility among the texts on offer
    reservation: float  # its reservation value this month (moved by the war)
    previous: float  # last month's aspiration (``ideal`` before the first month)
    concession: float  # how much the text on the table improved for it last month (>= 0), from others


class Strategy:
    """Base class: subclasses declare ``name``, ``traits`` and ``aspiration``."""

    name: ClassVar[str] = "strategy"
    traits: ClassVar[dict[str, bool]] = {"concedes": True, "responsive": False, "stochastic": False}

    def aspiration(self, s: Situation) -> float:
        raise NotImplementedError

    def params(self) -> dict[str, Any]:
        """The constructor's parameters and their values (enough to build an equal strategy)."""
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {k: getattr(self, k) for k in names}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.params() == other.params()  # type: ignore[union-attr]

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self.params().items()))))


def _between(x: float, s: Situation) -> float:
    return min(max(x, s.reservation), max(s.ideal, s.reservation))


class TimeDependent(Strategy):
    """Time-dependent concession of Faratin, Sierra & Jennings (1998), "Negotiation decision functions for
    autonomous agents", Robotics and Autonomous Systems 24:159-182, polynomial family:

        alpha(t) = k + (1 - k) * min(t, T)/T ** (1/beta)
        aspiration(t) = r(t) + (1 - alpha(t)) * (u* - r(t))

    with T the actor's deadline (``deadline`` months, by default the protocol's), u* the ideal utility and
    r(t) the (moving) reservation value. beta < 1 is Boulware (holds firm, concedes near the deadline),
    beta = 1 linear, beta > 1 Conceder (concedes early); k is the share of the range conceded at once.
    """

    name = "time_dependent"
    traits = {"concedes": True, "responsive": False, "stochastic": False}

    def __init__(self, beta: float = 1.0, k: float = 0.0, deadline: int | None = None):
        if beta <= 0:
            raise ValueError(f"beta must be positive, got {beta}")
        if not 0.0 <= k <= 1.0:
            raise ValueError(f"k must lie in [0, 1], got {k}")
        if deadline is not None and deadline < 1:
            raise ValueError(f"deadline must be at least 1 month, got {deadline}")
        self.beta = float(beta)
        self.k = float(k)
        self.deadline = None if deadline is None else int(deadline)

    def aspiration(self, s: Situation) -> float:
        horizon = self.deadline or s.deadline
        share = min(s.month, horizon) / max(horizon, 1)
        alpha = self.k + (1.0 - self.k) * share ** (1.0 / self.beta)
        return _between(s.reservation + (1.0 - alpha) * (s.ideal - s.reservation), s)


class Boulware(TimeDependent):
    """Faratin et al. (1998) with beta < 1: keeps its demands until close to the deadline."""

    name = "boulware"

    def __init__(self, beta: float = 0.3, k: float = 0.0, deadline: int | None = None):
        if beta >= 1:
            raise ValueError(f"a Boulware tactic needs beta < 1, got {beta}")
        super().__init__(beta, k, deadline)


class Linear(TimeDependent):
    """Faratin et al. (1998) with beta = 1: concedes the same amount every month."""

    name = "linear"

    def __init__(self, k: float = 0.0, deadline: int | None = None):
        super().__init__(1.0, k, deadline)


class Conceder(TimeDependent):
    """Faratin et al. (1998) with beta > 1: concedes quickly, then slowly."""

    name = "conceder"

    def __init__(self, beta: float = 3.0, k: float = 0.0, deadline: int | None = None):
        if beta <= 1:
            raise ValueError(f"a Conceder tactic needs beta > 1, got {beta}")
        super().__init__(beta, k, deadline)


class TitForTat(Strategy):
    """Tit-for-tat on concessions: Axelrod (1984), "The Evolution of Cooperation", carried to
    bargaining as Faratin et al.'s (1998) behaviour-dependent "absolute tit-for-tat" tactic.

    Nice (opens with a concession of ``opening`` x (u* - r)), then reciprocal: each month it lowers its
    demand by ``reciprocity`` times the improvement the others made to the text for it last month, and
    never concedes unprompted:

        aspiration(1) = u* - opening * (u* - r(1))
        aspiration(t) = clip(aspiration(t-1) - reciprocity * concession(t-1), r(t), u*)
    """

    name = "tit_for_tat"
    traits = {"concedes": False, "responsive": True, "stochastic": False}

    def __init__(self, reciprocity: float = 1.0, opening: float = 0.05):
        if reciprocity < 0 or not 0.0 <= opening <= 1.0:
            raise ValueError("tit_for_tat needs reciprocity >= 0 and opening in [0, 1]")
        self.reciprocity = float(reciprocity)
        self.opening = float(opening)

    def aspiration(self, s: Situation) -> float:
        if s.month <= 1:
            return _between(s.ideal - self.opening * (s.ideal - s.reservation), s)
        return _between(s.previous - self.reciprocity * max(s.concession, 0.0), s)


class Hardliner(Strategy):
    """Never concedes: demands a fixed share ``level`` of the way from its reservation value to its ideal
    (level 1 = its ideal). The beta -> 0 limit of Faratin et al.'s (1998) time-dependent family, and the
    bargaining counterpart of Axelrod's (1984) unconditional defector."""

    name = "hardliner"
    traits = {"concedes": False, "responsive": False, "stochastic": False}

    def __init__(self, level: float = 1.0):
        if not 0.0 <= level <= 1.0:
            raise ValueError(f"level must lie in [0, 1], got {level}")
        self.level = float(level)

    def aspiration(self, s: Situation) -> float:
        return _between(s.reservation + self.level * (s.ideal - s.reservation), s)


STRATEGIES: dict[str, type[Strategy]] = {
    cls.name: cls for cls in (TimeDependent, Boulware, Linear, Conceder, TitForTat, Hardliner)
}


@cache
def parameters_of(name: str) -> frozenset[str]:
    """The parameters strategy ``name`` takes (cached: models are built thousands of times a second)."""
    return frozenset(inspect.signature(STRATEGIES[name].__init__).parameters) - {"self"}


@cache
def _all_parameters() -> frozenset[str]:
    return frozenset().union(*(parameters_of(n) for n in STRATEGIES))


def unused_parameters(spec: Mapping[str, Any]) -> list[str]:
    """Parameters of another strategy that this one does not take (e.g. ``beta`` left over when a sweep
    switches an actor from boulware to hardliner): ignored, so one override switches strategies."""
    name = spec.get("strategy", "linear")
    if name not in STRATEGIES:
        return []
    known = _all_parameters()
    return sorted(k for k, v in spec.items() if k in known and k not in parameters_of(name) and v is not None)


def make_strategy(spec: str | Mapping[str, Any] | Strategy, rng: np.random.Generator | None = None) -> Strategy:
    """A strategy from a config entry: a name (``boulware``) or ``{strategy: boulware, beta: 0.2}``; a
    parameter set to null takes the strategy's default.

    A parameter given as ``[low, high]`` is uncertain: drawn uniformly per run from ``rng`` (a whole number
    for ``deadline``), or its midpoint without ``rng``.
    """
    if isinstance(spec, Strategy):
        return spec
    if isinstance(spec, str):
        spec = {"strategy": spec}
    # null means "the strategy's own default" (e.g. a sweep clearing a calibrated beta)
    spec = {k: v for k, v in spec.items() if k not in unused_parameters(spec) and v is not None}
    name = spec.pop("strategy", "linear")
    spec.pop("noise", None)  # belief noise sits beside the strategy in the config
    for key, value in spec.items():
        if isinstance(value, (list, tuple)):
            if len(value) != 2 or not all(isinstance(x, (int, float)) for x in value) or value[0] > value[1]:
                raise ValueError(f"{key}: a range must be [low, high], got {value!r}")
            lo, hi = float(value[0]), float(value[1])
            x = rng.uniform(lo, hi) if rng is not None else 0.5 * (lo + hi)
            spec[key] = int(round(x)) if key == "deadline" else x
    if name not in STRATEGIES:
        raise ValueError(f"unknown strategy {name!r}; known: {', '.join(STRATEGIES)}")
    for key, value in spec.items():  # nan passes every `beta < 1` style check; refuse it here
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{key}: {value!r} is not a finite number")
    try:
        return STRATEGIES[name](**spec)
    except TypeError as e:
        raise ValueError(f"strategy {name!r}: {e}") from None
