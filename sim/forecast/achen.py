"""The bundle engine's Nash point under Achen's assumptions: quadratic loss, bargaining power capability ×
salience, the worst outcome as the disagreement point.

Achen (2006, "Institutional realism and bargaining models" and "Evaluating political decision-making
models", two chapters of Thomson, Stokman, Achen & König, *The European Union Decides*) derives
the compromise model (``central.compromise``) as the asymmetric Nash bargaining solution of actors with
quadratic loss whose bargaining power grows with capability and salience. The same bargain, solved
exactly on the grid of options by the analysis engine rather than in closed form:

Actor a has capability c_a and, per issue k, position p_ak and salience s_ak (S_a = Σ_k s_ak); its
value of option x on issue k is v_ak(x) = 1 − ((x − p_ak) / R_k)² (R_k the scale's length) and its
utility the scenario's salience-weighted mean ū_a(x) = Σ_k (s_ak / S_a) v_ak(x_k), in [0, 1].
The forecast maximises the asymmetric Nash product (Harsanyi & Selten 1972; Kalai 1977)

    Π_a ū_a(x)^{c_a S_a},  i.e.  Σ_a c_a S_a log ū_a(x),

over every bundle of options (``Scenario.from_table``'s grid): the disagreement value is 0 for every
actor, the value of an outcome a whole scale length away on every issue it cares about, at least as bad
as any bundle (``--reservation none``). Why these three:
- quadratic loss: Achen's; with linear loss the product is kinked at the held positions, the point
  typically sits on one, and the first-order condition below does not hold;
- power c_a S_a: the product is invariant to scaling an actor's gains, so with utilities normalised
  over issues the salience would vanish from a one-issue Nash point; in the exponent it stays;
- disagreement at the worst outcome: at the optimum, for each issue k (derivative in x_k),
  Σ_a c_a s_ak (x_k − p_ak) / ū_a(x) = 0. Where every actor gains alike from agreement (ū_a equal),
  this is x_k = Σ_a c_a s_ak p_ak / Σ_a c_a s_ak, the compromise model, as in Achen's derivation; the
  Nash point differs from it by the factor 1/ū_a (actors who gain less from the deal weigh more) and
  by lying on the grid of options. A disagreement value at the reference point instead gives an actor
  who prefers the status quo gain 0 at every change, which pulls the point to the reference point
  (docs/validation.md: mean absolute error 29.8 on DEU III against 24.35).
Signatories (whose gains enter the product): the decision rule's members when one is given (the
validation passes each proposal's treaty rule, as for the other bargaining points), else every actor;
a member with capability 0 has no say. With disagreement value 0 every member accepts every bundle, so
the agreement zone is the whole space. Only the weighted Nash point is searched (``Analysis.point``):
on the DEU proposals a fraction of a second each.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..analysis import analyze
from ..scenario import Scenario
from ..scenario.table import SpatialTable, option_scale, scenario_dict

Rule = Callable[[list[str]], "dict | list"]


def achen_scenario(t: SpatialTable, rule: Rule | None = None, steps: int = 10) -> Scenario:
    """The table's scenario under the module's assumptions; ``rule`` maps the scenario's actor keys to its
    ``signatories`` (default: every actor)."""
    d = scenario_dict(t, loss="quadratic", steps=steps, reservation="none", power="capability_salience")
    if rule is not None:
        d["signatories"] = rule([a["key"] for a in d["actors"]])
    return Scenario.from_dict(d, source=t.name)


def achen_nash(t: SpatialTable, rule: Rule | None = None, steps: int = 10) -> np.ndarray:
    """Per issue, the Nash point's option on the issue's scale (NaN when no actor cares about anything)."""
    if not (t.salience.sum(axis=1) > 0).any():  # nobody to bargain: a scenario needs an actor
        return np.full(t.n_issues, np.nan)
    scn = achen_scenario(t, rule, steps)
    b = analyze(scn).point("weighted_nash")
    if b is None:
        return np.full(t.n_issues, np.nan)
    return np.array([option_scale(issue)[o] for issue, o in zip(scn.issues, b)], dtype=float)
