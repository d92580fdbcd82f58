"""War dynamics: a monthly battlefield and cost model that moves reservation values while talks go on.

Bargaining while fighting (Fearon 1995; Filson & Werner 2002; Slantchev 2003; Powell 2006): fighting
reveals who is likely to prevail, beliefs converge, and the set of deals both sides prefer to war moves.
docs/sources/ukraine_2025.md#war-dynamics gives the mapping used here: reservation value of actor i at month t
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
      i.e. the sources'  E_t[outcome] - c x H  with E_t[outcome] linear in p, anchored so r_i at month 0 is the
      calibrated value: only changes in beliefs and in the cost of continuing move it;
  (8) s_i(t)    = d_i t + sum of event support shifts    (added to public support of every deal: war
                  weariness, d_i = ``support_drift``)

Scheduled events (``events:``) fire at the start of their month: an ``effect`` changes pi (battle_shift),
reservation values (a one-off jump), monthly costs or public support. A deadline event (``blame:``) fires
only if talks are still going on: the mediator blames one party (``most_objections``: who rejected most
texts so far; ``lowest_margin``: whose utility of the current text is furthest below its reservation
value) among the parties ``on_blamed`` lists, and the effect listed for that party applies (e.g. sanctions
if Russia is blamed, an aid cut if Ukraine is). With ``enabled: false`` nothing moves: reservations stay r_i(0).
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
        self.labels = {a.key: a.label for a in scn.actors}  # events name actors as readers know them
        self.index = {k: n for n, k in enumerate(self.keys)}
        per = [settings.actor(k) for k in self.keys]
        n = len(self.keys)
        self.enabled = settings.enabled
        # per-actor state as Python lists: a handful of actors is faster in plain floats than in numpy
        self.base = [float(r) for r in scn.reservations]
        self.prior = [a.belief for a in per]
        self.n0 = max(settings.prior_strength, 1e-9)
        self.wins = 0.0  # months that favoured ``side`` so far: alpha_i,t = m_i n_0 + wins (3)
        self.stakes = [a.stakes for a in per]
        self.cost0 = [a.monthly_cost for a in per]
        self.exhaustion = [a.exhaustion for a in per]
        self.drift = [a.support_drift for a in per]
        self.horizon = settings.horizon
        self.balance = min(max(float(settings.balance), P_MIN), P_MAX)
        self.extra_cost = [0.0] * n
        self.reservation_shift = [0.0] * n
        self.support_events = [0.0] * n
        # reported state
        self.belief = list(self.prior)
        self.reservation = list(self.base)
        self.monthly_cost = list(self.cost0) if self.enabled else [0.0] * n
        self.cumulative_cost = [0.0] * n
        self.support_shift = [0.0] * n
        self.battle: float = np.nan  # y_t of the last month (nan before the first)
        self.fired: str = ""  # labels of the events that fired this month
        self._events = list(settings.events) if self.enabled else []
        self._support_moves = any(self.drift) or any(
            ev.effect.support or any(e.support for e in ev.on_blamed.values()) for ev in self._events)

    def step(self, month: int, blame: Callable[[str, list[str]], str | None]) -> None:
        """Advance to ``month``: events, one battle, beliefs, costs, reservations, support (equations 1-8)."""
        if not self.enabled:
            return
        fired = []
        while self._events and self._events[0].month <= month:
            ev = self._events.pop(0)
            if ev.blame is not None:
                who = blame(ev.blame, [k for k in ev.on_blamed if k in self.index])
                fired.append(f"{ev.label} ({self.labels.get(who, who)} blamed)" if who
                             else f"{ev.label} (nobody blamed)")
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
        self.wins += y
        n0, total, h = self.n0, self.n0 + month, self.horizon
        belief, cost, cumulative, reservation = [], [], [], []
        for i, prior in enumerate(self.prior):
            p = (prior * n0 + self.wins) / total  # (3)-(4)
            c = (self.cost0[i] + self.extra_cost[i]) * (1.0 + self.exhaustion[i] * month)  # (5)
            r = (self.base[i] + self.stakes[i] * (p - prior) - h * (c - self.cost0[i])  # (7)
                 + self.reservation_shift[i])
            belief.append(p)
            cost.append(c)
            cumulative.append(self.cumulative_cost[i] + c)  # (6)
            reservation.append(0.0 if r < 0.0 else 1.0 if r > 1.0 else r)
        self.belief, self.monthly_cost, self.cumulative_cost = belief, cost, cumulative
        self.reservation = reservation
        if self._support_moves:
            self.support_shift = [d * month + e for d, e in zip(self.drift, self.support_events)]  # (8)

    def apply(self, effect: Effect) -> None:
        """An event's effect; entries for actors this scenario does not have are ignored."""
        self.balance = min(max(self.balance + effect.battle_shift, P_MIN), P_MAX)
        for target, changes in ((self.reservation_shift, effect.reservation),
                                (self.extra_cost, effect.monthly_cost),
                                (self.support_events, effect.support)):
            for key, delta in changes.items():
                if key in self.index:
                    target[self.index[key]] += delta
