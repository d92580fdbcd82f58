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


def limits(box: pd.DataFrame) -> pd.DataFrame:
    """A box's conditions beside what was drawn: the range of a number, every category of a choice."""
    drawn = [r.categories.replace(" | ", ", ") if r.categories else
             f"{r.range_low:.3g} to {r.range_high:.3g}" + (f" {r.unit}" if r.unit else "")
             for r in box.itertuples()]
    return pd.DataFrame({"condition": box["condition"], "drawn": drawn})


def section(exp: Experiments, found: Findings, source: str, figures: list[str]) -> str:
    d = found.discovery
    design = exp.design.get("method", "?")
    parts = [f"## What would have to be true: {d.target}",
             f"{len(exp.experiments):,} runs ({design} design) from `{source}`, "
             f"{len(exp.inputs)} inputs. {d.sentence()}"]
    for b in d.boxes:
        if b.limits.empty:
            continue
        where = "" if b.number == 1 else ", among the runs outside box 1"
        parts.append(f"PRIM box {b.number} (the densest box on its peeling trajectory with coverage of at least "
                     f"{d.min_coverage:.0%} of the cases left{where}; coverage {b.coverage:.0%}, density "
                     f"{b.density:.0%} of {b.runs:,} runs):\n\n" + _table(limits(b.limits)))
    if not d.cart.empty:
        top = d.cart.head(TOP)[["conditions", "coverage", "density", "mass"]]
        parts.append(f"CART (a second view: {len(d.cart)} leaves), densest first (coverage and density of the "
                     "outcome in each leaf):\n\n" + _table(top))
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

