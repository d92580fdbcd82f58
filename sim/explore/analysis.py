"""The analyses of an experiments table, written as tables: PRIM and CART on a chosen outcome (always) and
Sobol indices (when the runs are a Sobol design).

Tables under ``out/tables/`` (drawn by ``sim.plots.explore``, summarised by ``sim.explore.report``):
  discovery_summary   one row: the outcome explained, runs, cases, the PRIM boxes in one sentence
  discovery_peeling   each PRIM box's peeling trajectory: prim_box, box, coverage, density, mass,
                      restricted, chosen
  discovery_box       the chosen boxes: one row per (prim_box, restricted input): limits and full range
                      (numbers) or kept and all categories (labels), the condition in words
  discovery_cart      CART leaves, densest first: leaf, node, coverage, density, mass, conditions
  discovery_cart_tree CART nodes: node, parent, depth, edge (the condition from the parent), split (the
                      input it splits), runs, cases, density, coverage, leaf
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
                  d["distribution"], tuple(d["params"]), by_key[d["key"]].categories)
            for d in exp.design.get("inputs", [])]


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
    second = found.boxes[1] if len(found.boxes) > 1 else None
    write_table(pd.DataFrame([{"outcome": target.metric.key, "target": target.text, "runs": found.runs,
                               "cases": found.cases, "min_coverage": min_coverage,
                               "coverage": found.coverage, "density": found.density,
                               "box2_coverage": second.coverage if second else float("nan"),
                               "box2_density": second.density if second else float("nan"),
                               "sentence": found.sentence()}]), out, "discovery_summary")
    write_table(found.peeling, out, "discovery_peeling")
    write_table(found.box, out, "discovery_box")
    write_table(found.tree.leaves, out, "discovery_cart")
    write_table(found.tree.nodes, out, "discovery_cart_tree")
    sobol, skipped = None, []
    if exp.design.get("method") == "sobol":
        sobol, skipped = sobol_indices(design_inputs(exp), exp.outcomes, sensitivity_metrics(exp.metrics), seed)
        write_table(sobol, out, "sensitivity_sobol")
    return Findings(found, sobol, skipped)


