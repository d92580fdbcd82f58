"""The capability × salience weighted compromise: a reference point, not a bargaining solution.

The compromise model of the spatial-voting literature (Achen 2006, "Institutional realism and bargaining
models", in Thomson et al., *The European Union Decides*; van den Bos 1991): on each issue the outcome is
the mean of the actors' positions weighted by capability × salience. Here an actor's position on an issue
is its ideal option (the mean index of its best options when several tie), options being ordered; the
compromise bundle takes on each issue the option nearest to the weighted mean (halves round up). Every
actor takes part (stakeholders, not only signatories); an issue no actor weighs keeps its status quo, or
option 0. The point may lie outside the zone: it is where influence alone would put the outcome.
"""

from __future__ import annotations

import math

import numpy as np

from ..scenario import Scenario


def compromise_positions(scn: Scenario) -> np.ndarray:
    """(n_issues,) the weighted mean position per issue (option index scale), NaN when nobody weighs it."""
    cap = np.array([a.capability for a in scn.actors], dtype=float)
    out = np.full(scn.space.n_issues, np.nan)
    for i in range(scn.space.n_issues):
        w = cap * np.array([a.weights[i] for a in scn.actors])
        if w.sum() <= 0:
            continue
        ideal = np.array([np.flatnonzero(a.values[i] == a.values[i].max()).mean() for a in scn.actors])
        out[i] = float((w * ideal).sum() / w.sum())
    return out


def compromise_bundle(scn: Scenario) -> tuple[int, ...]:
    """The option nearest to the weighted mean position on each issue (module docstring)."""
    out = []
    for issue, m in zip(scn.issues, compromise_positions(scn)):
        if np.isnan(m):
            out.append(issue.status_quo if issue.status_quo is not None else 0)
        else:
            out.append(min(issue.n_options - 1, int(math.floor(m + 0.5))))
    return tuple(out)
