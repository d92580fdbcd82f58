"""The report section of an exploration, in Markdown: what would have to be true, CART's view, and which
inputs drive the outcomes (from the analyses' results, nothing recomputed)."""

from __future__ import annotations

import pandas as pd

from .analysis import Findings
from .schema import Experiments

TOP = 5  # CART leaves and Sobol inputs listed


def _table(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(f"{v:.3g}" if isinstance(v, float) else str(v) for v in row) + " |")
    return "\n".join(lines)


def section(exp: Experiments, found: Findings, source: str, figures: list[str]) -> str:
    d = found.discovery
    design = exp.design.get("method", "?")
    parts = [f"## What would have to be true: {d.target}",
             f"{len(exp.experiments):,} runs ({design} design) from `{source}`, "
             f"{len(exp.inputs)} inputs. {d.sentence()}"]
    if not d.box.empty:
        parts.append("PRIM box (the densest box on the peeling trajectory with coverage of at least "
                     f"{d.min_coverage:.0%}):\n\n" + _table(d.box[["label", "low", "high", "range_low",
                                                                           "range_high", "unit"]]))
    if not d.cart.empty:
        top = d.cart.head(TOP)[["conditions", "coverage", "density", "mass"]]
        parts.append("CART leaves, densest first (coverage and density of the outcome in each leaf):\n\n"
                     + _table(top))
    if found.sobol is not None and len(found.sobol):
        lines = ["Sobol indices (first order S1, total ST; 95% CI half-widths), the inputs with the largest "
                 "total index per outcome:"]
        for _, g in found.sobol.groupby("outcome", sort=False):
            g = g.sort_values("ST", ascending=False).head(TOP)
            items = ", ".join(f"{r.input_label} ST {r.ST:.2f}±{r.ST_conf:.2f} (S1 {r.S1:.2f}±{r.S1_conf:.2f})"
                              for r in g.itertuples())
            lines.append(f"- **{g['outcome_label'].iloc[0]}**: {items}")
        if found.skipped:
            lines.append(f"- no indices (no variance, or the same values as an outcome above): "
                         f"{', '.join(found.skipped)}")
        parts.append("\n".join(lines))
    if figures:
        parts.append("\n".join(f"![{f}]({f})" for f in figures))
    return "\n\n".join(parts) + "\n"

