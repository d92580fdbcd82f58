"""Bargaining solution points over the agreement zone (gains measured from the reservation values).

Over the zone Z (bundles every signatory accepts), with r the signatories' reservation values and
g_i(b) = max(u_i(b) − r_i, 0) the gains:
- Nash (1950): maximise Π_i g_i.
- weighted (asymmetric) Nash (Harsanyi & Selten 1972; Kalai 1977, "Nonsymmetric Nash solutions"):
  maximise Π_i g_i^{c_i}, c = the signatories' capabilities normalised to sum 1 (equal when all are 0);
  a signatory with capability 0 has no say in the product.
- Kalai–Smorodinsky (1975): maximise min_i g_i / (ideal_i − r_i), where ideal_i = max_{b∈Z} u_i(b) is the
  best i can get *within the zone* (the bargaining set, not the whole space); an actor whose ideal does
  not exceed its reservation value (ideal_i − r_i ≤ 1e-9, the one tolerance) counts as fully satisfied.
- capability-weighted Kalai–Smorodinsky (Dubra 2001, "An asymmetric Kalai–Smorodinsky solution",
  Economics Letters 73, in its proportional form): maximise min_i ρ_i / c_i over the signatories with
  c_i > 0, ρ_i = g_i / (ideal_i − r_i) as above, so the shares of the ideal gains follow capability.
- utilitarian: maximise Σ_i u_i.
- egalitarian (Kalai 1977): maximise min_i g_i.
Ties: the larger sum of signatories' utilities wins (this also makes every winner Pareto-efficient for
the signatories), then the lowest bundle index. Each objective is non-decreasing in every signatory's
utility: optimum.py searches each by branch and bound with that bound, and falls back to the zone's
Pareto frontier when an objective is flat over too many bundles. Under a weighted decision rule a member's
red line crossed counts as a utility far below its reservation value (``numeric.red_line_penalty``).

Exactness: objectives are evaluated in floating point to find the candidates within a relative 1e-9 of
the best, and the winner among those is decided on exact rationals (utilities from the integer grid,
reservation values as given): equal objectives are equal, whatever the summation order. The weighted Nash
product is compared exactly as Π g_i^{C_i} with integer exponents when the capabilities are short rationals
(C = c times their common denominator, at most ``MAX_EXPONENT`` in all); otherwise through Σ c_i log g_i
in floating point, ties within 1e-12 then going to the utility sum.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from ..scenario import Scenario
from ..scenario.exact import ACCEPT_TOL_EXACT, as_rational
from .numeric import TOL, row_sum, scale

SOLUTIONS = ("nash", "weighted_nash", "kalai", "weighted_kalai", "utilitarian", "egalitarian")
PRESELECT = 1e-9  # relative slack of the floating-point preselection (far above its rounding error)
MAX_EXPONENT = 400  # largest sum of integer exponents compared exactly in the weighted Nash product


def capability_weights(capabilities: np.ndarray) -> np.ndarray:
    """Signatories' capabilities normalised to sum 1 (equal weights when they are all 0)."""
    c = np.asarray(capabilities, dtype=float)
    return c / c.sum() if c.sum() > 0 else np.full(len(c), 1.0 / max(1, len(c)))


def integer_exponents(capabilities: np.ndarray) -> tuple[int, ...] | None:
    """Capabilities as proportional integers (C_i = c_i times the common denominator, divided by the gcd),
    or None when they are not short rationals or their sum exceeds ``MAX_EXPONENT``."""
    caps = [as_rational(float(x)) for x in capabilities]
    if not any(caps):
        caps = [Fraction(1)] * len(caps)
    d = math.lcm(*(c.denominator for c in caps))
    ints = [int(c * d) for c in caps]
    g = math.gcd(*ints)
    ints = [x // g for x in ints]
    return tuple(ints) if sum(ints) <= MAX_EXPONENT else None


class Objectives:
    """The solutions' objectives of rows of signatory utilities, in floating point and exactly.

    Rows are (n, k) utilities in integer units; ``scale`` (k,) the units (D_a), ``r`` (k,) reservation
    values, ``capability`` (k,) capabilities, ``ideal_units`` (k,) each signatory's best utility over the
    zone (for Kalai–Smorodinsky)."""

    def __init__(self, scale: np.ndarray, r: np.ndarray, capability: np.ndarray, ideal_units: np.ndarray):
        self.scale = np.asarray(scale, dtype=float)
        self.r = np.asarray(r, dtype=float)
        self.c = capability_weights(capability)
        self.exponents = integer_exponents(capability)
        caps = [as_rational(float(x)) for x in capability]
        caps = caps if any(caps) else [Fraction(1)] * len(caps)
        self.c_exact = [x / sum(caps) for x in caps]
        self.r_exact = [Fraction(float(x)) for x in self.r]
        # r * D_a = whole + part exactly (whole the nearest integer, |part| <= 1/2): (U - whole) is an exact
        # integer, and (U - whole) - part has the exact sign of the gain and a relative error of one
        # rounding, however small the gain (|U - whole| >= 1 > 2|part|, or U = whole and the gain is -part)
        rd = [x * int(d) for x, d in zip(self.r_exact, self.scale)]
        self.r_whole = np.array([float(round(x)) for x in rd])
        self.r_part = np.array([float(x - round(x)) for x in rd])
        self.span = self.gains(np.asarray(ideal_units, dtype=float)[None])[0]
        self.span_exact = [Fraction(int(i), int(s)) - r for i, s, r in zip(ideal_units, self.scale, self.r_exact)]

    @classmethod
    def for_scenario(cls, scn: Scenario, sig: list[int], ideal_units: np.ndarray) -> Objectives:
        """The objectives of the signatories ``sig`` of ``scn`` (their scales, reservation values and
        capabilities), with ``ideal_units`` their best utilities over the zone."""
        return cls(scale(scn, sig), scn.reservations[sig], np.array([scn.actors[i].capability for i in sig]),
                   ideal_units)

    # --- floating point (monotone in every column: the bounds of optimum.py rely on it) -------------
    def gains(self, units: np.ndarray) -> np.ndarray:
        """max(u − r, 0) per column, zero exactly when the exact gain is not positive (see __init__)."""
        return np.maximum((np.atleast_2d(units) - self.r_whole) - self.r_part, 0.0) / self.scale

    def value(self, name: str, units: np.ndarray) -> np.ndarray:
        if name == "utilitarian":
            return row_sum(np.atleast_2d(units) / self.scale)
        g = self.gains(units)
        if name == "nash":
            out = np.ones(len(g))
            for j in range(g.shape[1]):
                out = out * g[:, j]
            return out
        if name == "egalitarian":
            return g.min(axis=1)
        if name in ("kalai", "weighted_kalai"):
            span = self.span
            ratio = np.where(span > TOL, g / np.where(span > TOL, span, 1.0), 1.0)
            if name == "kalai":
                return ratio.min(axis=1)
            on = self.c > 0
            return (ratio[:, on] / self.c[on]).min(axis=1)
        if name == "weighted_nash":
            out = np.zeros(len(g))
            with np.errstate(divide="ignore"):
                for j in range(g.shape[1]):
                    if self.c[j] > 0:
                        out = out + self.c[j] * np.log(g[:, j])  # log 0 = -inf: no gain, no deal
            return out
        raise KeyError(name)

    # --- exact -------------------------------------------------------------------------------------
    def _gains(self, row: np.ndarray) -> list[Fraction]:
        return [max(Fraction(int(x), int(s)) - r, Fraction(0)) for x, s, r in zip(row, self.scale, self.r_exact)]

    def total(self, row: np.ndarray) -> Fraction:
        return sum((Fraction(int(x), int(s)) for x, s in zip(row, self.scale)), Fraction(0))

    def exact(self, name: str, row: np.ndarray):
        """The objective of one row as an exact rational (None: compared in floating point)."""
        if name == "utilitarian":
            return self.total(row)
        g = self._gains(row)
        if name == "nash":
            return math.prod(g, start=Fraction(1))
        if name == "weighted_nash":
            if self.exponents is None:
                return None  # compared in floating point (module docstring)
            return math.prod((x ** e for x, e in zip(g, self.exponents) if e), start=Fraction(1))
        if name in ("kalai", "weighted_kalai"):
            ratio = [x / s if s > ACCEPT_TOL_EXACT else Fraction(1) for x, s in zip(g, self.span_exact)]
            if name == "weighted_kalai":
                ratio = [x / c for x, c in zip(ratio, self.c_exact) if c]
            return min(ratio, default=Fraction(1))
        if name == "egalitarian":
            return min(g, default=Fraction(0))
        raise KeyError(name)

    def slack(self, name: str) -> float:
        return 1e-12 if name == "weighted_nash" and self.exponents is None else PRESELECT


def best_row(values: np.ndarray, exact: Callable[[int], object], total: Callable[[int], Fraction],
             slack: float = PRESELECT) -> int:
    """Row with the highest objective, ties to the larger utility sum, then the first row (rows are in
    bundle-index order): preselected in floating point, decided exactly (module docstring)."""
    best = float(values.max())
    if math.isfinite(best):
        cand = np.flatnonzero(values >= best - slack * max(abs(best), 1e-300))
    else:
        cand = np.flatnonzero(values == best)
    if len(cand) == 1:
        return int(cand[0])
    if exact(int(cand[0])) is None:  # no exact objective: candidates within slack tie
        return int(max(cand, key=lambda row: (total(row), -row)))
    return int(max(cand, key=lambda row: (exact(row), total(row), -row)))


def pick(obj: Objectives, name: str, units: np.ndarray) -> int:
    """Winning row for one solution among candidate rows of units (in bundle-index order)."""
    return best_row(obj.value(name, units), lambda row: obj.exact(name, units[row]),
                    lambda row: obj.total(units[row]), obj.slack(name))


def solution_rows(obj: Objectives, units: np.ndarray) -> dict[str, int]:
    """Winning row per solution among candidate rows (in bundle-index order) of a non-empty zone."""
    return {name: pick(obj, name, units) for name in SOLUTIONS}
