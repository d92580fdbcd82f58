"""A KTAB-style spatial model of politics: coalitions, conditional probabilities of victory, challenges
and bargains, turn after turn until nobody moves.

After the Spatial Model of Politics (SMP) of KTAB, the KAPSARC Toolkit for Behavioral Analysis (open
source, github.com/KAPSARC/KTAB), and its predecessor Senturion (Abdollahian, Baranick, Efird & Kugler
2006): the same ingredients, in a simple documented form rather than KTAB's code.
One issue at a time. Each actor a has a fixed ideal point p_a, capability c_a and salience s_a and
advocates a position y_a (at first its ideal); u_a(x) = 1 − |x − p_a| / R on a scale of length R.

Coalition strength. Actor k backs the position of i against that of j with strength
c_k s_k (u_k(y_i) − u_k(y_j)) when positive; the coalition for i against j is
S_ij = Σ_k c_k s_k max(u_k(y_i) − u_k(y_j), 0).

Conditional probability of victory: P_ij = S_ij / (S_ij + S_ji) (½ when both are zero, and for i = j).
The probability that actor a's position prevails is its average pairwise chance,
π_a = Σ_b P_ab / Σ_{a,b} P_ab = 2 Σ_b P_ab / n², and the state's expected outcome is x̄ = Σ_a π_a y_a
(the forecast); actor k expects E_k = Σ_a π_a u_k(y_a).

Challenge step. Winning a challenge against j makes j advocate y_i; losing makes i advocate y_j. i's
expected gain from challenging j is G_ij = P_ij E_i(j takes y_i) + (1 − P_ij) E_i(i takes y_j) − E_i;
each actor challenges the target with the largest positive gain (ties: first in the table).

Bargain step. Rather than fight, the challenger offers the expected result of the fight,
z = P_ij y_i + (1 − P_ij) y_j; the target accepts when advocating z is worth at least as much to it as
the fight (E_j(j takes z) ≥ P_ij E_j(j takes y_i) + (1 − P_ij) E_j(i takes y_j)). A target offered
several bargains takes the one it values most; when it accepts none, it yields to the challenger most
likely to win, provided that challenger's P_ij > ½ (a fight the challenger expects to lose is not
fought). Only targets move; all moves of a turn happen at once, from the turn's start state.

Stopping rule: a turn in which no actor moves by more than 1e-6·R, or ``turns`` turns (default 50).
Deterministic: no random draw, ties by table order.
"""

from __future__ import annotations

import numpy as np

from ..scenario.table import SpatialTable
from .central import power

DEFAULT_TURNS = 50


def win_matrix(y: np.ndarray, ideal: np.ndarray, w: np.ndarray, length: float) -> np.ndarray:
    """P[i, j] for advocated positions ``y`` (actors' ideals ``ideal``, weights c·s)."""
    u = 1.0 - np.abs(y[None, :] - ideal[:, None]) / length  # u[k, i] = u_k(y_i)
    s = np.einsum("k,kij->ij", w, np.clip(u[:, :, None] - u[:, None, :], 0, None))
    tot = s + s.T
    p = np.divide(s, tot, out=np.full_like(s, 0.5), where=tot > 0)
    np.fill_diagonal(p, 0.5)
    return p


def prevail(p: np.ndarray) -> np.ndarray:
    n = len(p)
    return 2.0 * p.sum(axis=1) / (n * n)


def expected_after_copy(p: np.ndarray, u: np.ndarray) -> np.ndarray:
    """E[k, a, b]: actor k's expected utility once b advocates a's position (all a, b at once).

    With m(b) = a, P'_xy = P[m(x), m(y)], so row sums are R_x − P_xb + P_xa for x ≠ b and equal to a's
    for x = b; u[k, x] = u_k(y_x)."""
    n = len(p)
    rows = p.sum(axis=1)
    s = rows[None, None, :] - p.T[None, :, :] + p.T[:, None, :]  # s[a, b, x] = R_x − P[x, b] + P[x, a]
    idx = np.arange(n)
    s_b = s[idx[:, None], idx[None, :], idx[:, None]]  # s[a, b, a]: b's row is now a's
    s[:, idx, idx] = 0.0  # drop x = b from the sum, add it back at a's utility
    e = np.einsum("abx,kx->kab", s, u) + s_b[None, :, :] * u[:, :, None]
    return 2.0 * e / (n * n)


def expected_with(y: np.ndarray, b: int, z: float, ideal, w, length, k: int) -> float:
    y2 = y.copy()
    y2[b] = z
    pi = prevail(win_matrix(y2, ideal, w, length))
    return float(pi @ (1.0 - np.abs(y2 - ideal[k]) / length))


def one_turn(y: np.ndarray, ideal: np.ndarray, w: np.ndarray, length: float) -> np.ndarray:
    n = len(y)
    p = win_matrix(y, ideal, w, length)
    u = 1.0 - np.abs(y[None, :] - ideal[:, None]) / length
    e0 = u @ prevail(p)
    ec = expected_after_copy(p, u)  # ec[k, a, b]
    idx = np.arange(n)
    win = ec[idx[:, None], idx[:, None], idx[None, :]]  # i's E when j takes y_i
    lose = ec[idx[:, None], idx[None, :], idx[:, None]]  # i's E when i takes y_j
    gain = p * win + (1 - p) * lose - e0[:, None]
    gain[np.isclose(y[:, None], y[None, :], rtol=0, atol=1e-12 * length)] = -np.inf
    offers: dict[int, list[int]] = {}
    for i in range(n):
        j = int(np.argmax(gain[i]))
        if gain[i, j] > 1e-12:
            offers.setdefault(j, []).append(i)
    new = y.copy()
    for j, challengers in offers.items():
        best, best_value = None, -np.inf
        for i in challengers:
            z = p[i, j] * y[i] + (1 - p[i, j]) * y[j]
            fight = p[i, j] * ec[j, i, j] + (1 - p[i, j]) * ec[j, j, i]
            value = expected_with(y, j, z, ideal, w, length, j)
            if value >= fight - 1e-12 and value > best_value:
                best, best_value = z, value
        if best is None:
            strongest = max(challengers, key=lambda i: (p[i, j], -i))
            if p[strongest, j] > 0.5:
                best = y[strongest]
        if best is not None:
            new[j] = best
    return new


def spatial_politics_issue(ideal: np.ndarray, w: np.ndarray, length: float,
                           turns: int = DEFAULT_TURNS) -> tuple[float, int]:
    """(forecast, turns played) for one issue."""
    y = ideal.astype(float).copy()
    played = 0
    while played < turns:
        played += 1
        nxt = one_turn(y, ideal, w, length)
        moved = np.abs(nxt - y).max() > 1e-6 * length
        y = nxt
        if not moved:
            break
    return float(prevail(win_matrix(y, ideal, w, length)) @ y), played


def spatial_politics(t: SpatialTable, turns: int = DEFAULT_TURNS) -> np.ndarray:
    out = np.full(t.n_issues, np.nan)
    for i in range(t.n_issues):
        x, w = power(t, i)
        if len(x) and w.sum() > 0:
            out[i] = spatial_politics_issue(x, w, float(t.scale[i, 1] - t.scale[i, 0]), turns)[0]
    return out
