"""Utilities as exact integers: the one numeric contract of acceptance, dominance and every solution point.

Reading of the inputs. Every number of a scenario (normalised weight, value, interaction value) is read
as the rational it denotes (``as_rational``): the fraction with denominator at most ``MAX_DENOMINATOR``
closest to the float, when it lies within ``READ_TOL`` (relative) of it. Decimals as written in YAML
(0.15 -> 3/20, up to six decimals), weights normalised by their sum (8/37), values such as 1/3 or 0.1 + 0.2
(-> 3/10) are all read exactly; a float that is no such fraction is read as its own binary value.

Exact mode. Per actor a, D_a is the least common denominator of all its terms w_ai * v_ai[o] and interaction
values; utilities are then integers U_a = u_a * D_a, stored in float64 (exact while below 2^53, which
``EXACT_LIMIT`` guarantees with room for the engines' partial sums and bounds). Sums in any order, ties,
dominance and thresholds are exact integer arithmetic.

Fallback. An actor whose D_a would exceed ``EXACT_LIMIT`` (inputs that are not short rationals) is put on
the grid D_a = 2^32: each term is rounded to the nearest multiple of 2^-32 (error < 1.2e-10 per term). Its
utilities are then exact sums of rounded terms, so every engine and the verdicts still agree with each other;
only true ties closer than the rounding error may break either way. ``UtilityGrid.exact`` says which actors
are in which mode.

Acceptance (one rule everywhere: ``Scenario.accepts``, verdicts, zone, solution points, negotiation):
actor a accepts bundle b when it crosses none of a's red lines and u_a(b) >= r_a − ``ACCEPT_TOL``, with
u_a(b) the utility above and r_a the reservation value as given (a float, taken exactly). The 1e-9 slack
applies to the reservation value only, so a reservation value computed in floating point from a bundle's
utility is met by that bundle; on the integer grid the test is U_a >= ceil((r_a − ACCEPT_TOL) * D_a).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .actors import Actor

ACCEPT_TOL = 1e-9  # slack on the reservation value (see the module docstring)
ACCEPT_TOL_EXACT = Fraction(1, 10**9)
MAX_DENOMINATOR = 10**6  # denominators read back from floats (weights normalised by sums, 1/3, 7/9, ...)
READ_TOL = 1e-15  # relative distance below which a float is read as the nearby fraction
EXACT_LIMIT = 2.0**50  # |utility| * D_a stays below this in exact mode (float64 integers are exact to 2^53)
FALLBACK_SCALE = 2**32


def as_rational(x: float) -> Fraction:
    """The rational a float input denotes (module docstring): the closest fraction with denominator at most
    ``MAX_DENOMINATOR`` if it is within ``READ_TOL`` of ``x`` (relative), else the float's exact value."""
    exact = Fraction(float(x))
    near = exact.limit_denominator(MAX_DENOMINATOR)
    if abs(near - exact) <= READ_TOL * max(1.0, abs(float(x))):
        return near
    return exact


@dataclass(frozen=True, eq=False)
class UtilityGrid:
    """Per actor, the integer scale D_a and utilities as integers on it (module docstring)."""

    scale: np.ndarray  # (n_actors,) D_a as floats (integers)
    exact: np.ndarray  # (n_actors,) bool: exact mode (True) or the 2^-32 fallback grid
    tables: tuple[np.ndarray, ...]  # per issue (n_options, n_actors): w_ai * v_ai[o] * D_a, integers
    interaction_units: tuple[tuple[float, ...], ...]  # per actor, per interaction: value * D_a
    threshold: np.ndarray  # (n_actors,) least integer utility that accepts: ceil((r − tol) * D_a)
    reservation: tuple[Fraction, ...]  # r_a as exact rationals (the float's value)

    def units(self, bundles: np.ndarray, actors: list["Actor"]) -> np.ndarray:
        """(n, n_issues) bundles -> (n, n_actors) utilities in integer units (divide by ``scale``)."""
        b = np.asarray(bundles, dtype=np.int64).reshape(-1, len(self.tables))
        u = np.zeros((len(b), len(self.scale)))
        for i, table in enumerate(self.tables):
            u += table[b[:, i]]
        for k, actor in enumerate(actors):
            for inter, value in zip(actor.interactions, self.interaction_units[k]):
                u[:, k] += value * inter.matches(b)
        return u

    def utility(self, units: float, actor: int) -> Fraction:
        """An integer utility of ``actor`` as the exact rational it stands for."""
        return Fraction(int(units), int(self.scale[actor]))


def build_grid(actors: tuple["Actor", ...], n_issues: int) -> UtilityGrid:
    """The exact grid of a scenario's actors (module docstring)."""
    n = len(actors)
    scale = np.zeros(n)
    exact = np.zeros(n, dtype=bool)
    columns, inters, thresholds, reservations = [], [], [], []
    for k, a in enumerate(actors):
        found = _exact_terms(a)
        if found is not None:
            terms, extra, d = found
            cols = [np.array([float(t * d) for t in row]) for row in terms]
            inter = tuple(float(t * d) for t in extra)
        else:  # the fallback grid, in numpy: no fractions to find
            d = FALLBACK_SCALE
            cols = [np.round(w * np.asarray(v, dtype=float) * d) for w, v in zip(a.weights, a.values)]
            inter = tuple(float(round(i.value * d)) for i in a.interactions)
        columns.append(cols)
        inters.append(inter)
        r = Fraction(float(a.reservation))
        thresholds.append(float(math.ceil((r - ACCEPT_TOL_EXACT) * d)))
        reservations.append(r)
        scale[k], exact[k] = d, found is not None
    tables = tuple(np.stack([columns[k][i] for k in range(n)], axis=1) if n else np.zeros((0, 0))
                   for i in range(n_issues))
    return UtilityGrid(scale, exact, tables, tuple(inters), np.array(thresholds), tuple(reservations))


def _exact_terms(a: "Actor") -> tuple[list[list[Fraction]], list[Fraction], int] | None:
    """The actor's terms w_ai * v_ai[o] and interaction values as fractions with their common denominator,
    or None (fallback) as soon as one input is no short fraction or the denominator grows too large."""
    terms = []
    for w, vals in zip(a.weights, a.values):
        if not w:
            terms.append([Fraction(0)] * len(vals))
            continue
        fw = as_rational(w)
        row = []
        for v in vals:
            fv = as_rational(v)
            if fw.denominator > MAX_DENOMINATOR or fv.denominator > MAX_DENOMINATOR:
                return None
            row.append(fw * fv)
        terms.append(row)
    extra = []
    for inter in a.interactions:
        f = as_rational(inter.value)
        if f.denominator > MAX_DENOMINATOR:
            return None
        extra.append(f)
    flat = [t for row in terms for t in row] + extra
    d = math.lcm(*(t.denominator for t in flat)) if flat else 1
    bound = sum(max(abs(t) for t in row) for row in terms) + sum(abs(t) for t in extra) + 2
    return (terms, extra, d) if d * bound < EXACT_LIMIT else None
