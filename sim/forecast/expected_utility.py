"""Bueno de Mesquita's expected-utility (group decision) model, as replicated by Scholz, Calbert & Smith
(2011), "Unravelling Bueno de Mesquita's group decision model", *Journal of Theoretical Politics* 23(4).

One issue at a time. Actors a with capability c_a, salience s_a ∈ [0, 1] and current position x_a;
distances are taken on the issue's scale of length R, d_ab = |x_a − x_b| / R.

Votes and forecast. Actor k's vote for x_i over x_j is v_k(i:j) = c_k s_k (|x_k − x_j| − |x_k − x_i|) / R.
The forecast of a round is the held position that beats every other in these pairwise votes (the
Condorcet winner; with linear distances it is the c·s-weighted median); when no
position beats all others, the one with the largest smallest margin.

Probability that i prevails against j: P_ij = Σ_k max(v_k(i:j), 0) / Σ_k |v_k(i:j)|.

Risk. With every r = 1, actor i's danger is D_i = Σ_{j≠i} EU_j(j challenges i); then
R_i = (2 D_i − D_max − D_min) / (D_max − D_min) ∈ [−1, 1] and the risk exponent r_i = (1 − R_i/3) /
(1 + R_i/3) ∈ [0.5, 2] (r > 1: risk-averse, exposed actors; r < 1: risk-acceptant, secure ones).

Expected utility of i challenging j, from i's point of view (risk r = r_i):
U_s = 2 − 4 (0.5 − 0.5 d_ij)^r,  U_f = 2 − 4 (0.5 + 0.5 d_ij)^r,  U_sq = 2 − 4 · 0.5^r,
EU_i(i→j) = s_j [P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s − Q U_sq, with Q = 1: our choice that the
status quo surely persists when nobody challenges (BDM's Q; it drops his T, U_better and U_worse terms).
i estimates j's EU_j(j→i) the same way, with its own r_i.

Offers (the quadrants of the (EU_i(i→j), EU_j(j→i)) plane, as seen by i receiving j's offer):
- EU_j > EU_i > 0: conflict j expects to win, i takes x_j (confrontation);
- EU_j > 0 > EU_i and EU_j ≥ |EU_i|: j can compel, i takes x_j (capitulation);
- EU_j > 0 > EU_i and EU_j < |EU_i|: compromise, i moves toward x_j by the share EU_j / |EU_i|.
Each actor accepts, of the offers it receives, the one that moves it least (ties: the first actor in
the table), as the paper states; all actors move at once.

Rounds: risk exponents are recomputed at the start of every round from the round's positions. The model
stops when no actor moves by more than 1e-9·R, or after ``rounds`` rounds (default 10). It is
deterministic: no random draw anywhere, ties broken by table order. The forecast is the round's
Condorcet position (above) after the last round; ``rounds_table`` gives every round's positions,
forecast and the c·s-weighted mean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scenario.table import SpatialTable

Q = 1.0
DEFAULT_ROUNDS = 10


def vote_margins(x: np.ndarray, w: np.ndarray, length: float) -> np.ndarray:
    """V[i, j] = Σ_k w_k (|x_k − x_j| − |x_k − x_i|) / R: net votes for x_i over x_j."""
    d = np.abs(x[:, None] - x[None, :]) / length  # d[k, i]
    return np.einsum("k,kij->ij", w, d[:, None, :] - d[:, :, None])


def condorcet_position(x: np.ndarray, w: np.ndarray, length: float) -> float:
    """The held position with the largest smallest net vote against every other (ties: lowest position)."""
    pts = np.unique(x)
    v = vote_margins(pts, np.array([w[x == p].sum() for p in pts]), length)
    np.fill_diagonal(v, np.inf)
    return float(pts[int(np.argmax(v.min(axis=1)))]) if len(pts) > 1 else float(pts[0])


def win_probability(x: np.ndarray, w: np.ndarray, length: float) -> np.ndarray:
    """P[i, j] = Σ_k max(v_k(i:j), 0) / Σ_k |v_k(i:j)| (0 where x_i = x_j)."""
    d = np.abs(x[:, None] - x[None, :]) / length
    votes = w[:, None, None] * (d[:, None, :] - d[:, :, None])  # votes[k, i, j] for i over j
    pos, tot = np.clip(votes, 0, None).sum(axis=0), np.abs(votes).sum(axis=0)
    return np.divide(pos, tot, out=np.zeros_like(pos), where=tot > 0)


def challenge_eu(x: np.ndarray, s: np.ndarray, p: np.ndarray, r: np.ndarray, length: float) -> np.ndarray:
    """E[i, j] = EU of i challenging j, with the risk exponent r of each row."""
    d = np.abs(x[:, None] - x[None, :]) / length
    rr = r[:, None]
    u_s, u_f = 2 - 4 * (0.5 - 0.5 * d) ** rr, 2 - 4 * (0.5 + 0.5 * d) ** rr
    u_sq = 2 - 4 * 0.5 ** rr
    return s[None, :] * (p * u_s + (1 - p) * u_f) + (1 - s[None, :]) * u_s - Q * u_sq


def risk_exponents(x: np.ndarray, s: np.ndarray, p: np.ndarray, length: float) -> np.ndarray:
    eu = challenge_eu(x, s, p, np.ones(len(x)), length)
    np.fill_diagonal(eu, 0.0)
    danger = eu.sum(axis=0)  # Σ_j EU_j(j -> i)
    span = danger.max() - danger.min()
    big_r = (2 * danger - danger.max() - danger.min()) / span if span > 0 else np.zeros(len(x))
    return (1 - big_r / 3) / (1 + big_r / 3)


def one_round(x: np.ndarray, c: np.ndarray, s: np.ndarray, length: float) -> np.ndarray:
    """Positions after one round of challenges and offers (module docstring)."""
    w = c * s
    p = win_probability(x, w, length)
    r = risk_exponents(x, s, p, length)
    n = len(x)
    new = x.copy()
    for i in range(n):
        ri = np.full(n, r[i])
        eu = challenge_eu(x, s, p, ri, length)
        eu_i, eu_j = eu[i], eu[:, i]  # i challenging each j; each j challenging i, as i sees it
        best = None
        for j in range(n):
            if j == i or x[j] == x[i] or eu_j[j] <= 0:
                continue
            if eu_j[j] > eu_i[j] > 0 or (eu_i[j] < 0 and eu_j[j] >= -eu_i[j]):
                target = x[j]
            elif eu_i[j] < 0:
                target = x[i] + (x[j] - x[i]) * eu_j[j] / -eu_i[j]
            else:
                continue
            if best is None or abs(target - x[i]) < abs(best - x[i]):
                best = target
        if best is not None:
            new[i] = best
    return new


def rounds_table(t: SpatialTable, issue: int, rounds: int = DEFAULT_ROUNDS) -> pd.DataFrame:
    """Round 0 (the data) and every round played: one row per (round, actor) with the position, and the
    round's forecast and weighted mean."""
    held = t.held(issue)
    x = t.position[held, issue].astype(float)
    c, s = t.capability[held].astype(float), t.salience[held, issue].astype(float)
    names = [a for a, h in zip(t.actors, held) if h]
    length = float(t.scale[issue, 1] - t.scale[issue, 0])
    rows = []
    for k in range(rounds + 1):
        if k:
            nxt = one_round(x, c, s, length)
            moved = np.abs(nxt - x).max() > 1e-9 * length
            x = nxt
        w = c * s
        fc = condorcet_position(x, w, length) if w.sum() > 0 else float("nan")
        wm = float(np.dot(w, x) / w.sum()) if w.sum() > 0 else float("nan")
        rows += [{"round": k, "actor": a, "position": float(xa), "forecast": fc, "weighted_mean": wm}
                 for a, xa in zip(names, x)]
        if k and not moved:
            break
    return pd.DataFrame(rows)


def expected_utility(t: SpatialTable, rounds: int = DEFAULT_ROUNDS) -> np.ndarray:
    """The forecast per issue after the rounds (NaN where nobody holds a salient position)."""
    out = np.full(t.n_issues, np.nan)
    for i in range(t.n_issues):
        if t.held(i).any():
            r = rounds_table(t, i, rounds)
            out[i] = float(r["forecast"].iloc[-1])
    return out
