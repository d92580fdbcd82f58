"""How numbers read: shares too small for percent, and Monte Carlo probabilities with their interval.

Used by the terminal headlines, the report's tables and the figures, so a number reads the same everywhere.
"""

from __future__ import annotations

import math

Z95 = 1.959963984540054  # standard normal quantile for a two-sided 95% interval


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (Wilson 1927, JASA 22:209-212), the interval Brown,
    Cai & DasGupta (2001, Statistical Science 16:101-133) recommend over the normal one: it stays inside
    [0, 1] and keeps its coverage near 0 and 1, where agreement probabilities often lie."""
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def probability_text(p: float, n: int) -> str:
    """``56% (95% CI 49–63%)``: a Monte Carlo share with its Wilson interval."""
    if n <= 0 or p is None or math.isnan(p):
        return "–"
    lo, hi = wilson_interval(round(p * n), n)
    return f"{percent(p)} (95% CI {100 * lo:.0f}–{100 * hi:.0f}%)"


def percent(v: float) -> str:
    """Whole percent, but never 0% or 100% for a share that is not exactly 0 or 1."""
    if 0 < v < 0.005:
        return "<1%"
    if 0.995 <= v < 1:
        return ">99%"
    return f"{v:.0%}"


def share_text(share: float) -> str:
    """A share of the bundle space: percent when it reads as one, else per million or scientific, never
    0.000 for a share that is not 0."""
    if share == 0 or math.isnan(share):
        return "0" if share == 0 else "–"
    if share >= 0.001:
        return f"{share:.1%}"
    if share >= 1e-6:
        return f"{share * 1e6:,.0f} per million"
    return f"{share:.2e}"
