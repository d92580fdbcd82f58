"""Every forecasting model by name, run on one spatial table: one forecast per issue and model.

The central and iterative models read the table; the bargaining points read the scenario built from it
(``Scenario.from_table``) or the scenario the table came from; the Nash point under Achen's assumptions
(``achen``) and the committee's Nash point under the voting rule (``committee``) build their own
scenario from the table. ``forecast_table`` returns the long table the forecast
stage writes and the validation scores.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..scenario import Scenario
from ..scenario.table import SpatialTable, scenario_from_table
from .achen import Rule, achen_nash
from .bargaining import POINTS, bargaining
from .central import compromise, mean, reference_point, weighted_median
from .committee import committee_nash
from .expected_utility import expected_utility
from .spatial_politics import spatial_politics

TABLE_MODELS: dict[str, Callable[[SpatialTable], np.ndarray]] = {
    "reference_point": reference_point,
    "mean": mean,
    "compromise": compromise,
    "weighted_median": weighted_median,
    "expected_utility": expected_utility,
    "spatial_politics": spatial_politics,
}
ACHEN = "nash_achen"
COMMITTEE = "nash_committee"
RULE_MODELS = {ACHEN: achen_nash, COMMITTEE: committee_nash}  # take the decision rule: actor keys -> signatories
MODELS = (*TABLE_MODELS, *POINTS, *RULE_MODELS)
LABELS = {"reference_point": "reference point", "mean": "unweighted mean", "compromise": "compromise",
          "weighted_median": "weighted median", "expected_utility": "expected utility (BDM)",
          "spatial_politics": "spatial politics (KTAB-style)", "nash": "Nash", "nash_weighted": "weighted Nash",
          "kalai": "Kalai–Smorodinsky", "kalai_weighted": "weighted Kalai–Smorodinsky",
          ACHEN: "Nash (Achen)", COMMITTEE: "Nash (committee, Shapley–Shubik)"}
COLUMNS = ["issue", "model", "forecast", "seconds"]


def forecast_table(table: SpatialTable, scn: Scenario | None = None, models=MODELS, loss: str = "linear",
                   steps: int = 10, reservation: str = "reference", rule: Rule | None = None) -> pd.DataFrame:
    """One row per (issue, model): the forecast on the issue's scale and the model's run time in seconds
    (the bargaining points share one analysis; each row carries its whole time). ``loss`` and
    ``reservation`` set the bargaining points' scenario when ``scn`` is not given; ``rule`` (actor keys ->
    signatories) sets whose gains enter the ``nash_achen`` and ``nash_committee`` products and, for the
    latter, the voting rule whose Shapley–Shubik index is the bargaining power (default: unanimity of
    every actor)."""
    rows = []
    for name in models:
        if name in TABLE_MODELS:
            t0 = time.perf_counter()
            f = TABLE_MODELS[name](table)
            rows += _rows(table, name, f, time.perf_counter() - t0)
    points = [m for m in models if m in POINTS]
    if points:
        t0 = time.perf_counter()
        got = bargaining(scn if scn is not None else scenario_from_table(table, loss=loss, steps=steps,
                                                                        reservation=reservation))
        spent = time.perf_counter() - t0
        for name in points:
            rows += _rows(table, name, got[name], spent)
    for name, model in RULE_MODELS.items():
        if name in models:
            t0 = time.perf_counter()
            f = model(table, rule, steps)
            rows += _rows(table, name, f, time.perf_counter() - t0)
    return pd.DataFrame(rows, columns=COLUMNS)


def _rows(table: SpatialTable, model: str, f: np.ndarray, seconds: float) -> list[dict]:
    return [{"issue": k, "model": model, "forecast": float(f[i]), "seconds": seconds}
            for i, k in enumerate(table.issues)]
