"""Beliefs: what one actor thinks every other actor wants, and how objections and rejections teach it.

Actors know their own preferences exactly and the others' only up to noise of level sigma (config
``beliefs.noise``, per actor; sigma = 0 is complete information). Observer i's estimate of actor j:

    w^_ij = w_j * exp(sigma * e) / sum(...)         e ~ N(0, 1) per issue    (log-normal salience error)
    v^_ij[o] = clip(v_j[o] + sigma * e', 0, 1)      e' ~ N(0, 1) per option  (value-table error)
    r^_ij(t) = r_j(t) + (sigma / 2) * e''           e'' ~ N(0, 1)            (reservation error; the war
                                                                              that moves r_j is public)
    u^_ij(x) = sum_i w^_ij[i] * v^_ij[x_i] + interaction terms of j (taken as known)

Learning (every answer at the table is public; an actor reviews all answers since its last draft when it
next drafts a text, which for a mediator is every month):

* an objection by j naming issues S raises j's believed salience on S,
      w^_ij[S] <- w^_ij[S] * (1 + salience_rate * sigma_i), then renormalise (before the next use),
  a gain proportional to the observer's uncertainty as in a Kalman update (no change under complete
  information, where the objection carries no news about preferences);
* answers bracket j's demand d_ij (private even when preferences are not: it is j's aspiration), in the
  units of the normalised margin m_ij below, starting at 0 (the reservation value):
      j rejects x:  d_ij <- max(d_ij, m_ij(x)) + demand_step      (it wants more than x gave it)
      j accepts x:  d_ij <- min(d_ij, m_ij(x))                    (x was enough)
  whatever sigma is.

Texts are scored by what the observer believes the others get beyond what they demand:

    m_ij(x) = (u^_ij(x) - r^_ij(t)) / (u^*_ij - r^_ij(t)),      score_i(x) = min_j (m_ij(x) - d_ij)

(u^*_ij = j's believed best utility among efficient texts): a Kalai-Smorodinsky-style "fair for all as
far as I can tell" that learns who needs more, with ties broken by the mean. Believed utilities of the
efficient texts are kept in float32 (estimates; half the cost of refreshing them after learning).
"""

from __future__ import annotations

import numpy as np

from .candidates import CandidateSet

TIE = 1e-3  # weight of the mean margin in the score (breaks ties of the min)


class Beliefs:
    """Observer ``owner``'s estimates of every actor (its own column exact; ``owner=None``: a neutral
    mediator, who knows nobody exactly)."""

    def __init__(self, cs: CandidateSet, owner: int | None, noise: float, rng: np.random.Generator | None,
                 salience_rate: float = 2.0, demand_step: float = 0.02):
        self.cs = cs
        self.owner = owner
        self.noise = float(noise)
        self.salience_gain = float(salience_rate) * self.noise
        self.demand_step = float(demand_step)
        n_issues, n_act = cs.weights.shape
        w, v = cs.weights.copy(), cs.raw_values.copy()
        err = np.zeros(n_act)
        if self.noise > 0:
            e = self.noise * rng.standard_normal(w.size + v.size + n_act)
            w *= np.exp(e[:w.size].reshape(w.shape))
            w /= np.maximum(w.sum(axis=0, keepdims=True), 1e-12)
            v += e[w.size:w.size + v.size].reshape(v.shape)
            np.minimum(np.maximum(v, 0.0, out=v), 1.0, out=v)
            err = 0.5 * e[w.size + v.size:]
        if owner is not None:
            w[:, owner], v[:, owner], err[owner] = cs.weights[:, owner], cs.raw_values[:, owner], 0.0
        self.weights = w
        self.values = v
        self.reservation_error = err
        self.demand = [0.0] * n_act
        self._u: np.ndarray | None = None  # (n_actors, n_efficient), transposed for fast row access
        self._ideal = np.zeros(n_act)
        self._stale: set[int] = set()  # actors whose weights changed since the last computation
        self._pending: list[tuple] = []  # answers not yet reviewed: (row, responses, reservations)

    # --- estimates --------------------------------------------------------------------------------
    @property
    def utilities(self) -> np.ndarray:
        """(n_actors, n_efficient) float32 believed utilities of the efficient texts, one row per actor
        (rows refreshed after learning)."""
        cs = self.cs
        if self._u is None:
            theta = (self.values * self.weights[cs.issue_of_flat]).T.astype(np.float32)
            self._u = theta @ cs.onehot_t
            self._u += cs.interaction_t
            if self.owner is not None:
                self._u[self.owner] = cs.utilities_t[self.owner]
            self._ideal = self._u.max(axis=1).astype(float)
            self._stale.clear()
        elif self._stale:
            for j in self._stale:
                w = self.weights[:, j]
                w /= w.sum()  # salience updates leave the column unnormalised until now
                theta = (self.values[:, j] * w[cs.issue_of_flat]).astype(np.float32)
                row = self._u[j]
                np.matmul(theta, cs.onehot_t, out=row)
                row += cs.interaction_t[j]
                self._ideal[j] = row.max()
            self._stale.clear()
        return self._u

    @property
    def ideal(self) -> np.ndarray:
        """(n_actors,) believed best utility of each actor among efficient texts."""
        self.utilities  # noqa: B018  (refreshes stale rows)
        return self._ideal

    def score(self, others, reservations: np.ndarray) -> np.ndarray:
        """(n_efficient,) min over ``others`` of the believed margin beyond their demand, m_ij - d_ij
        (tie-break: plus TIE x their mean), after reviewing pending answers."""
        self.catch_up()
        u = self.utilities
        ideal, err = self._ideal.tolist(), self.reservation_error.tolist()
        res = list(reservations)
        low = total = None
        for j in others:
            r = res[j] + err[j]
            scale = 1.0 / max(ideal[j] - r, 1e-3)
            slack = u[j] * scale
            slack -= r * scale + self.demand[j]
            if low is None:
                low, total = slack, slack.copy()
            else:
                np.minimum(low, slack, out=low)
                total += slack
        total *= TIE / len(others)
        low += total
        return low

    # --- learning ---------------------------------------------------------------------------------
    def observe(self, row: int, responses, reservations: np.ndarray) -> None:
        """Note the answers to text ``row`` (each with ``actor``, ``accepts``, ``issues``); they are
        reviewed, in order, when this observer next drafts a text (``catch_up``)."""
        self._pending.append((row, responses, reservations))

    def catch_up(self) -> None:
        """Apply every pending answer (module docstring). Margins of a batch are judged with the estimates
        held before the batch, in one vectorised pass; updates then apply in the order of the answers."""
        if not self._pending:
            return
        u_eff = self.utilities  # refreshed before the batch: the estimates held before it
        cs = self.cs
        rows = [p[0] for p in self._pending]
        r = np.array([p[2] for p in self._pending]) + self.reservation_error
        n = cs.n_efficient
        if max(rows) < n:  # efficient texts: their believed utilities are at hand
            u = u_eff[:, rows].T
        else:
            w = self.weights / self.weights.sum(axis=0)
            u = (self.values[cs.offsets + cs.bundles[rows]] * w).sum(axis=1) + cs.interaction[rows]
            for k, row in enumerate(rows):
                if row < n:
                    u[k] = u_eff[:, row]
        margins = ((u - r) / np.maximum(self._ideal - r, 1e-3)).tolist()
        demand, step, gain = self.demand, self.demand_step, 1.0 + self.salience_gain
        for (_, responses, _), margin in zip(self._pending, margins):
            for resp in responses:
                j = resp.actor
                if j == self.owner:
                    continue
                if resp.accepts:
                    demand[j] = min(demand[j], margin[j])
                    continue
                demand[j] = max(demand[j], margin[j]) + step
                if resp.issues and gain > 1.0:
                    w = self.weights[:, j]
                    for i in resp.issues:
                        w[i] *= gain
                    self._stale.add(j)  # renormalised when the utilities are refreshed
        self._pending.clear()
