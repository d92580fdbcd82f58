"""Random scenarios with the structure of real negotiations, for property tests and benchmarks.

Options are ordered from one camp's ideal to the other's, as in the default scenario (option 0 best for
Kyiv): each actor leans to one end of each issue (value rising or falling along the options, with
noise) or, for mediators, peaks in the middle. Salience weights are drawn from a Dirichlet distribution
(with ``ties``, values and weights come from a coarse grid and some issues get two options every actor
values alike, so equal utility vectors are common);
a share of actors forbid their worst option on a few issues; a few interaction terms couple issue pairs.
Reservation values are set at a quantile of each actor's utility over a random sample of bundles, so the
agreement zone is neither empty nor everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..scenario import Scenario


def random_scenario_dict(rng: np.random.Generator, n_actors: int, shape: Sequence[int],
                         n_interactions: int = 0, red_line_rate: float = 0.0,
                         reservation_quantile: float = 0.5, ties: bool = False,
                         n_proposals: int = 3) -> dict[str, Any]:
    """A scenario dict (the YAML schema); ``ties`` draws values and weights from a coarse grid."""
    n_issues = len(shape)
    issues = [{"key": f"i{k}", "options": [f"o{j}" for j in range(n)], "status_quo": 0}
              for k, n in enumerate(shape)]
    actors = []
    for a in range(n_actors):
        weights = rng.dirichlet(np.ones(n_issues))
        if ties:
            weights = rng.integers(0, 4, n_issues).astype(float)
            weights[rng.integers(n_issues)] += 1  # never all zero
        values, red = {}, {}
        for k, n in enumerate(shape):
            v = _value_profile(rng, n, camp=a % 3)
            if ties:
                v = np.round(v * 2) / 2
            values[f"i{k}"] = [float(x) for x in v]
            if rng.random() < red_line_rate:
                red[f"i{k}"] = [int(np.argmin(v))]
        actors.append({"key": f"a{a}", "reservation": 0.0, "capability": 1.0 / n_actors,
                       "weights": {f"i{k}": float(w) for k, w in enumerate(weights)},
                       "values": values, "red_lines": red, "interactions": []})
    if ties:  # some issues get two options every actor values alike: equal utility vectors on the frontier
        for k, n in enumerate(shape):
            if rng.random() < 0.3:
                for actor in actors:
                    actor["values"][f"i{k}"][n - 1] = actor["values"][f"i{k}"][0]
    for _ in range(n_interactions if n_issues > 1 else 0):
        a = int(rng.integers(n_actors))
        i, j = rng.choice(n_issues, size=2, replace=False)
        value = float(rng.choice([-0.05, 0.05, 0.1])) if ties else float(rng.uniform(-0.08, 0.12))
        actors[a]["interactions"].append({"when": {f"i{i}": int(rng.integers(shape[i])),
                                                    f"i{j}": int(rng.integers(shape[j]))}, "value": value})
    d = {"name": "random", "issues": issues, "actors": actors,
         "signatories": [f"a{a}" for a in range(n_actors)],
         "proposals": {f"p{p}": {"options": {f"i{k}": int(rng.integers(n)) for k, n in enumerate(shape)}}
                       for p in range(n_proposals)}}
    scn = Scenario.from_dict(d)
    sample = rng.integers(0, shape, size=(4000, n_issues))
    u = scn.utilities(sample)
    for a in range(n_actors):
        r = min(max(float(np.quantile(u[:, a], reservation_quantile)), 0.0), 1.0)
        actors[a]["reservation"] = round(r, 2) if ties else r
    return d


def random_scenario(rng: np.random.Generator, n_actors: int, shape: Sequence[int], **kw: Any) -> Scenario:
    return Scenario.from_dict(random_scenario_dict(rng, n_actors, shape, **kw))


def _value_profile(rng: np.random.Generator, n: int, camp: int) -> np.ndarray:
    """Rising (camp 0), falling (camp 1) or peaked (camp 2) values in [0, 1], with noise."""
    x = np.linspace(0.0, 1.0, n)
    if camp == 0:
        v = x
    elif camp == 1:
        v = 1.0 - x
    else:
        v = 1.0 - np.abs(x - rng.uniform(0.2, 0.8)) * 1.6
    v = v + rng.normal(0.0, 0.15, n)
    return np.clip(v, 0.0, 1.0)
