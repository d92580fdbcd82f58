"""Beliefs: what one actor thinks every other actor wants, and how objections and rejections teach it.

Actors know their own preferences exactly and the others' only up to noise of level sigma (config
``beliefs.noise``, per actor; sigma = 0 is complete information). Observer i's estimate of actor j:

    w^_ij = w_j * exp(sigma * e) / sum(...)         e ~ N(0, 1) per issue    (log-normal salience error)
    v^_ij[o] = clip(v_j[o] + sigma * e', 0, 1)      e' ~ N(0, 1) per option  (value-table error)
    r^_ij(t) = r_j(t) + (sigma / 2) * e''           e'' ~ N(0, 1)            (reservation error; the war
                                                                              that moves r_j is public)
    u^_ij(x) = sum_i w^_ij[i] * v^_ij[x_i] + interaction terms of j (taken as known)

Learning (every response at the table is public, so every actor learns from all of them):

* an objection by j naming issues S raises j's believed salience on S,
      w^_ij[S] <- w^_ij[S] * (1 + salience_rate * sigma_i), then renormalise,
  a gain proportional to the observer's uncertainty as in a Kalman update (no change under complete
  information, where the objection carries no news about preferences);
* every rejection by j raises j's believed demand, b_ij <- b_ij + bias_rate, every acceptance lowers it,
  b_ij <- b_ij - bias_rate / 2, whatever sigma is: demands (aspirations) are private even when
  preferences are not.

Offers are scored by what the observer believes the others get, relative to what they can get:

    m_ij(x) = (u^_ij(x) - r^_ij(t)) / (u^*_ij - r^_ij(t)) - b_ij,       score_i(x) = min_j m_ij(x)

(u^*_ij = j's believed best utility among efficient texts): a Kalai-Smorodinsky-style "fair for all as
far as I can tell", with ties broken by the mean margin.
"""

from __future__ import annotations

import numpy as np

from .candidates import CandidateSet

TIE = 1e-3  # weight of the mean margin in the score (breaks ties of the min)


class Beliefs:
    """Observer ``owner``'s estimates of every actor (its own column exact; ``owner=None``: a neutral
    mediator, who knows nobody exactly)."""

    def __init__(self, cs: CandidateSet, owner: int | None, noise: float, rng: np.random.Generator,
                 salience_rate: float = 2.0, bias_rate: float = 0.02):
        self.cs = cs
        self.owner = owner
        self.noise = float(noise)
        self.salience_gain = float(salience_rate) * self.noise
        self.bias_rate = float(bias_rate)
        n_issues, n_act = cs.weights.shape
        w, v = cs.weights.copy(), cs.raw_values.copy()
        err = np.zeros(n_act)
        if self.noise > 0:
            w = w * np.exp(self.noise * rng.standard_normal(w.shape))
            w /= np.maximum(w.sum(axis=0, keepdims=True), 1e-12)
            v = np.clip(v + self.noise * rng.standard_normal(v.shape), 0.0, 1.0)
            err = 0.5 * self.noise * rng.standard_normal(n_act)
        if owner is not None:
            w[:, owner], v[:, owner], err[owner] = cs.weights[:, owner], cs.raw_values[:, owner], 0.0
        self.weights = w
        self.values = v
        self.reservation_error = err
        self.bias = np.zeros(n_act)
        self._u: np.ndarray | None = None
        self._ideal: np.ndarray | None = None

    # --- estimates --------------------------------------------------------------------------------
    @property
    def utilities(self) -> np.ndarray:
        """(n_rows, n_actors) believed utilities of every candidate text (recomputed after learning)."""
        if self._u is None:
            theta = self.values * self.weights[self.cs.issue_of_flat]
            self._u = self.cs.onehot @ theta + self.cs.interaction
            if self.owner is not None:
                self._u[:, self.owner] = self.cs.utilities[:, self.owner]
            self._ideal = self._u[self.cs.efficient].max(axis=0)
        return self._u

    @property
    def ideal(self) -> np.ndarray:
        self.utilities  # noqa: B018  (fills the cache)
        return self._ideal  # type: ignore[return-value]

    def margins(self, rows: np.ndarray | slice, others: np.ndarray, reservations: np.ndarray) -> np.ndarray:
        """(n_rows, n_others) believed normalised margins m_ij (see the module docstring)."""
        r = reservations[others] + self.reservation_error[others]
        span = np.maximum(self.ideal[others] - r, 1e-3)
        return (self.utilities[rows][:, others] - r) / span - self.bias[others]

    def score(self, others: np.ndarray, reservations: np.ndarray) -> np.ndarray:
        """(n_rows,) min believed margin over ``others`` (plus a small tie-break by the mean)."""
        m = self.margins(slice(None), others, reservations)
        return m.min(axis=1) + TIE * m.mean(axis=1)

    # --- learning ---------------------------------------------------------------------------------
    def objection(self, actor: int, issues: tuple[int, ...]) -> None:
        if actor == self.owner:
            return
        self.bias[actor] += self.bias_rate
        if issues and self.salience_gain > 0:
            self.weights[list(issues), actor] *= 1.0 + self.salience_gain
            self.weights[:, actor] /= self.weights[:, actor].sum()
            self._u = None

    def acceptance(self, actor: int) -> None:
        if actor != self.owner:
            self.bias[actor] -= 0.5 * self.bias_rate
