"""Sampling designs over the declared inputs, all drawn by SALib (Herman & Usher 2017; Iwanaga et al. 2022).

  monte_carlo  ``samples`` independent draws (uniform on the unit cube, then each input's distribution)
  lhs          Latin hypercube (McKay, Beckman & Conover 1979): ``samples`` draws, one per stratum of every
               input, so few draws cover each range evenly; what PRIM and CART want
  sobol        Saltelli's scheme for Sobol indices (Saltelli 2002; Saltelli et al. 2010), SALib's
               ``sample.sobol`` without second-order terms: ``samples`` base points (a power of two)
               give samples x (inputs + 2) runs, in the order ``SALib.analyze.sobol`` expects

The design is drawn once, in one process, from the seed: the same seed gives the same draws whatever the
number of workers that later evaluate them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .inputs import Input, salib_problem

DESIGNS = ("monte_carlo", "lhs", "sobol")


def n_runs(design: str, samples: int, n_inputs: int) -> int:
    """Model runs (rows of the experiments table) a design asks for."""
    return samples * (n_inputs + 2) if design == "sobol" else samples


def sample(inputs: list[Input], design: str, samples: int, seed: int) -> pd.DataFrame:
    """The experiments table: one row per run, one column per input (named by its key path)."""
    from SALib.sample import latin, sobol
    from SALib.util import scale_samples

    problem = salib_problem(inputs)
    if design == "monte_carlo":
        x = scale_samples(np.random.default_rng(seed).random((samples, len(inputs))), problem)
    elif design == "lhs":
        x = latin.sample(problem, samples, seed=seed)
    elif design == "sobol":
        x = sobol.sample(problem, samples, calc_second_order=False, seed=seed)
    else:
        raise ValueError(f"unknown design {design!r}; use one of {', '.join(DESIGNS)}")
    df = pd.DataFrame(np.asarray(x, dtype=float), columns=[i.key for i in inputs])
    for i in inputs:
        if i.type == "integer":
            df[i.key] = df[i.key].round().astype("int64")
        elif i.categories:  # [0, k) cut into k equal parts
            keys = np.array([k for k, _ in i.categories], dtype=object)
            df[i.key] = keys[np.clip(np.floor(df[i.key].to_numpy()).astype(int), 0, len(keys) - 1)]
    return df
