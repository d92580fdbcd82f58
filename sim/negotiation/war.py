"""War dynamics: a monthly battlefield and cost model that moves reservation values while talks go on.

Bargaining while fighting (Fearon 1995; Filson & Werner 2002; Slantchev 2003; Powell 2006): fighting
reveals who is likely to prevail, beliefs converge, and the set of deals both sides prefer to war moves.
DOMAIN.md gives the mapping used here: reservation value of actor i at month t
= E_t[value of the war's outcome for i] - c_i x expected remaining months, with p updated from battles.

Symbols (config group ``war/``; per-actor parameters under ``actors:``, others default to ``default:``):
  t          month of talks, 1, 2, ... (month 0 = the scenario as calibrated)
  pi_t       true chance that a month's fighting favours ``side`` (``battle.balance`` plus event shifts)
  y_t        the month's battle result: 1 if it favours ``side``, else 0
  m_i, n_0   actor i's prior mean belief that the war ends in ``side``'s favour, and its strength in
             pseudo-months (``actors.<i>.belief``, ``battle.prior_strength``); different m_i = mutual
             optimism, the private-information cause of war (Fearon 1995)
  p_i,t      actor i's belief at month t
  Delta_i    stakes: change in i's value of the war outcome per unit of p (> 0 if ``side`` winning is good
             for i)
  c_i, e_i   monthly cost of war at month 0 and its growth per month (exhaustion)
  H          expected remaining months of war (``horizon_months``)
  r_i(0)     the scenario's reservation value

Equations, every month t (each actor sees the same public battle result):
  (1) pi_t      = clip(pi_0 + sum of event battle shifts so far, 0.02, 0.98)
  (2) y_t       ~ Bernoulli(pi_t)
  (3) alpha_i,t = alpha_i,t-1 + y_t,   beta_i,t = beta_i,t-1 + (1 - y_t),
      with alpha_i,0 = m_i n_0, beta_i,0 = (1 - m_i) n_0       (Beta-Bernoulli learning from battles)
  (4) p_i,t     = alpha_i,t / (alpha_i,t + beta_i,t)
  (5) c_i(t)    = (c_i + sum of event cost shifts) * (1 + e_i t)     (costs accumulate: exhaustion)
  (6) C_i(t)    = C_i(t-1) + c_i(t)                                  (accumulated cost, reported)
  (7) r_i(t)    = clip(r_i(0) + Delta_i (p_i,t - m_i) - H (c_i(t) - c_i) + sum of event reservation
                  shifts, 0, 1)
      i.e. DOMAIN's  E_t[outcome] - c x H  with E_t[outcome] linear in p, anchored so r_i at month 0 is the
      calibrated value: only changes in beliefs and in the cost of continuing move it;
  (8) s_i(t)    = d_i t + sum of event support shifts    (added to public support of every deal: war
                  weariness, d_i = ``support_drift``)

Scheduled events (``events:``) fire at the start of their month: an ``effect`` changes pi (battle_shift),
reservation values (a one-off jump), monthly costs or public support. A deadline event (``blame:``) fires
only if talks are still going on: the mediator blames one party (``most_objections``: who rejected most
texts so far; ``lowest_margin``: whose utility of the current text is furthest below its reservation
value) and the effect listed for that party under ``on_blamed`` applies (e.g. sanctions if Russia is
blamed, an aid cut if Ukraine is). With ``enabled: false`` nothing moves: reservations stay r_i(0).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..scenario import Scenario
from .config import Effect, WarSettings

P_MIN, P_MAX = 0.02, 0.98


class War:
    """The war state of one run; ``step(month, blame)`` advances it by one month."""

    def __init__(self, settings: WarSettings, scn: Scenario, rng: np.random.Generator):
        self.settings = settings
        self.rng = rng
        self.keys = scn.actor_names
        self.index = {k: n for n, k in enumerate(self.keys)}
        per = [settings.actor(k) for k in self.keys]
        self.enabled = settings.enabled
        self.base = scn.reservations.astype(float).copy()
        self.prior = np.array([a.belief for a in per])
        n0 = max(settings.prior_strength, 1e-9)
        self.alpha = self.prior * n0
        self.beta = (1.0 - self.prior) * n0
        self.stakes = np.array([a.stakes for a in per])
        self.cost0 = np.array([a.monthly_cost for a in per])
        self.exhaustion = np.array([a.exhaustion for a in per])
        self.drift = np.array([a.support_drift for a in per])
        self.horizon = settings.horizon
        self.balance = float(np.clip(settings.balance, P_MIN, P_MAX))
        n = len(self.keys)
        self.extra_cost = np.zeros(n)
        self.reservation_shift = np.zeros(n)
        self.support_events = np.zeros(n)
        # reported state
        self.belief = self.prior.copy()
        self.reservation = self.base.copy()
        self.monthly_cost = self.cost0.copy() if self.enabled else np.zeros(n)
        self.cumulative_cost = np.zeros(n)
        self.support_shift = np.zeros(n)
        self.battle: float = np.nan  # y_t of the last month (nan before the first)
        self.fired: str = ""  # labels of the events that fired this month
        self._events = list(settings.events) if self.enabled else []
        self._support_moves = bool(self.drift.any() or any(
            ev.effect.support or any(e.support for e in ev.on_blamed.values()) for ev in self._events))

    def step(self, month: int, blame: Callable[[str], str | None]) -> None:
        """Advance to ``month``: events, one battle, beliefs, costs, reservations, support (equations 1-8)."""
        if not self.enabled:
            return
        fired = []
        while self._events and self._events[0].month <= month:
            ev = self._events.pop(0)
            if ev.blame is not None:
                who = blame(ev.blame)
                fired.append(f"{ev.label} (blamed: {who})" if who else ev.label)
                if who in ev.on_blamed:
                    self.apply(ev.on_blamed[who])
            else:
                fired.append(ev.label)
            self.apply(ev.effect)
        if fired:
            self.fired = "; ".join(fired)
        elif self.fired:
            self.fired = ""
        y = 1.0 if self.rng.random() < self.balance else 0.0  # (1)-(2): ``apply`` keeps balance clipped
        self.battle = y
        self.alpha += y  # (3)
        self.beta += 1.0 - y
        self.belief = self.alpha / (self.alpha + self.beta)  # (4)
        cost = self.cost0 + self.extra_cost
        cost *= 1.0 + self.exhaustion * month  # (5)
        self.monthly_cost = cost
        self.cumulative_cost = self.cumulative_cost + cost  # (6)
        r = self.stakes * (self.belief - self.prior)  # (7)
        r -= self.horizon * (cost - self.cost0)
        r += self.base
        r += self.reservation_shift
        np.minimum(r, 1.0, out=r)
        np.maximum(r, 0.0, out=r)
        self.reservation = r
        if self._support_moves:
            self.support_shift = self.drift * month + self.support_events  # (8)

    def apply(self, effect: Effect) -> None:
        """An event's effect; entries for actors this scenario does not have are ignored."""
        self.balance = float(np.clip(self.balance + effect.battle_shift, P_MIN, P_MAX))
        for target, changes in ((self.reservation_shift, effect.reservation),
                                (self.extra_cost, effect.monthly_cost),
                                (self.support_events, effect.support)):
            for key, delta in changes.items():
                if key in self.index:
                    target[self.index[key]] += delta
