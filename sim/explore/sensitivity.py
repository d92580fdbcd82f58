"""Global sensitivity: first-order and total Sobol indices (Sobol 2001; Saltelli et al. 2010) by SALib.

S1 of an input is the share of an outcome's variance it explains alone; ST adds every interaction it takes
part in, so ST - S1 measures how much it matters together with others and ST ~ 0 means the outcome does
not depend on it. Confidence intervals (95%) come from SALib's bootstrap. The runs must be a ``sobol``
design (Saltelli's sampling, in its row order); outcomes with no variance, or equal to one before them, have
no indices and are listed.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .inputs import Input, salib_problem
from .schema import Column

COLUMNS = ["outcome", "outcome_label", "input", "input_label", "S1", "S1_conf", "ST", "ST_conf"]


def sobol_indices(inputs: list[Input], outcomes: pd.DataFrame, metrics: list[Column], seed: int = 0,
                  resamples: int = 200) -> tuple[pd.DataFrame, list[str]]:
    """One row per (outcome, input); and the outcomes skipped: no variance, or the same values as an
    outcome before them (e.g. deals within N months when N is the protocol's deadline)."""
    from SALib.analyze import sobol

    problem = salib_problem(inputs)
    rows, skipped, seen = [], [], []
    for m in metrics:
        y = outcomes[m.key].astype(float).to_numpy()
        if not np.isfinite(y).all() or np.var(y) == 0 or any(np.array_equal(y, s) for s in seen):
            skipped.append(m.key)
            continue
        seen.append(y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = sobol.analyze(problem, y, calc_second_order=False, num_resamples=resamples, conf_level=0.95,
                              seed=seed)
        for n, i in enumerate(inputs):
            rows.append({"outcome": m.key, "outcome_label": m.label, "input": i.key, "input_label": i.label,
                         "S1": float(s["S1"][n]), "S1_conf": float(s["S1_conf"][n]),
                         "ST": float(s["ST"][n]), "ST_conf": float(s["ST_conf"][n])})
    return pd.DataFrame(rows, columns=COLUMNS), skipped


def sensitivity_metrics(metrics: list[Column]) -> list[Column]:
    """The graded outcomes (numbers, not yes/no flags): zone size, probabilities, gains."""
    return [m for m in metrics if m.type in ("real", "integer")]
