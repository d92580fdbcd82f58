"""The analyses of an experiments table, written as tables: PRIM and CART on a chosen outcome (always) and
Sobol indices (when the runs are a Sobol design).

Tables under ``out/tables/`` (drawn by ``sim.plots.explore``, summarised by ``sim.explore.report``):
  discovery_summary   one row: the outcome explained, runs, cases, the PRIM box in one sentence
  discovery_peeling   the PRIM peeling trajectory: box, coverage, density, mass, restricted, chosen
  discovery_box       the chosen box: one row per restricted input (limits, full range, condition)
  discovery_cart      CART leaves: coverage, density, mass, conditions
  sensitivity_sobol   outcome x input: S1, ST and their 95% confidence half-widths
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..runs.io import write_table
from .discovery import Discovery, Target, discover
from .inputs import Input
from .schema import Experiments
from .sensitivity import sensitivity_metrics, sobol_indices


class OutcomeError(ValueError):
    pass


def design_inputs(exp: Experiments) -> list[Input]:
    """The declared inputs (with distributions) a design saved in its schema."""
    by_key = {c.key: c for c in exp.inputs}
    return [Input(d["key"], by_key[d["key"]].label, by_key[d["key"]].unit, by_key[d["key"]].type,
                  d["distribution"], tuple(d["params"])) for d in exp.design.get("inputs", [])]


def choose_target(exp: Experiments, outcome: str | None, threshold: float) -> Target:
    """The outcome named (by key or label), or the design's declared one, or the first boolean outcome."""
    keys = [m.key for m in exp.metrics]
    name = outcome or exp.design.get("outcome")
    if name is None:
        flags = [m for m in exp.metrics if m.type == "boolean"]
        if not flags:
            raise OutcomeError(f"no yes/no outcome to explain; pick one with --outcome ({', '.join(keys)})")
        return Target(flags[0], threshold)
    for m in exp.metrics:
        if name in (m.key, m.label):
            if m.type not in ("boolean", "real", "integer"):
                raise OutcomeError(f"--outcome {name}: a {m.type} outcome; pick a yes/no or numeric one")
            values = set(exp.outcomes[m.key].dropna().astype(float).unique())
            return Target(m, threshold, values <= {0.0, 1.0})
    raise OutcomeError(f"--outcome {name}: not an outcome of this table; outcomes: {', '.join(keys)}")


@dataclass
class Findings:
    discovery: Discovery
    sobol: pd.DataFrame | None
    skipped: list[str]


def analyse(exp: Experiments, out: Path, outcome: str | None = None, threshold: float = 0.5,
            min_coverage: float = 0.5, seed: int = 0) -> Findings:
    target = choose_target(exp, outcome, threshold)
    found = discover(exp.experiments, target.of(exp.outcomes), exp.inputs, target.text, min_coverage)
    write_table(pd.DataFrame([{"outcome": target.metric.key, "target": target.text, "runs": found.runs,
                               "cases": found.cases, "min_coverage": min_coverage,
                               "coverage": found.coverage, "density": found.density,
                               "sentence": found.sentence()}]), out, "discovery_summary")
    write_table(found.peeling, out, "discovery_peeling")
    write_table(found.box, out, "discovery_box")
    write_table(found.cart, out, "discovery_cart")
    sobol, skipped = None, []
    if exp.design.get("method") == "sobol":
        sobol, skipped = sobol_indices(design_inputs(exp), exp.outcomes, sensitivity_metrics(exp.metrics), seed)
        write_table(sobol, out, "sensitivity_sobol")
    return Findings(found, sobol, skipped)


