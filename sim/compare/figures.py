"""Which comparison figures to draw for a set of runs and sweeps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..plots import compare as draw
from ..plots.style import FigureEntry, save
from .load import Run, Sweep

PREFERRED_METRICS = ["agreement_probability", "zone_size", "mean_agreement_month"]


def verdicts_figure(runs: list[Run], out: Path) -> list[FigureEntry]:
    margins, accepts = {}, {}
    for r in runs:
        v = r.table("verdicts")
        if v is None or v.empty:
            continue
        margins[r.label] = v.pivot(index="proposal", columns="actor", values="margin").reindex(
            index=list(r.meta["proposals"]), columns=r.meta["actors"])
        accepts[r.label] = v.pivot(index="proposal", columns="actor", values="accepts").reindex(
            index=list(r.meta["proposals"]), columns=r.meta["actors"]).fillna(False)
    if not margins:
        return []
    fig = draw.verdict_matrices(margins, accepts)
    return [FigureEntry(save(fig, out / "verdicts.png"), "Verdicts side by side",
                        "Margin of each actor's utility over its reservation value for each proposal, per run; "
                        "purple cells are accepted (✓), orange cells fall short.")]


def numeric_metrics(sweep: Sweep) -> list[str]:
    df = sweep.table
    skip = set(sweep.params) | {"job", "status", "seed"}
    cols = [c for c in df.columns if c not in skip and pd.api.types.is_numeric_dtype(df[c])
            and not pd.api.types.is_bool_dtype(df[c]) and df[c].nunique() > 1]
    return sorted(cols, key=lambda c: (c not in PREFERRED_METRICS, PREFERRED_METRICS.index(c)
                                       if c in PREFERRED_METRICS else 0, c))


def sweep_figures(sweep: Sweep, out: Path, max_metrics: int = 4) -> list[FigureEntry]:
    params = sorted(sweep.params, key=lambda c: -sweep.table[c].nunique())
    done = sweep.table[sweep.table["status"] == "done"] if "status" in sweep.table else sweep.table
    entries = []
    if not params or done.empty:
        return entries
    for metric in numeric_metrics(sweep)[:max_metrics]:
        name = f"sweep_{sweep.label}_{metric}".replace("/", "_").replace(".", "_")
        others = [p for p in params[2:]]
        note = f" (averaged over {', '.join(others)})" if others else ""
        if len(params) >= 2:
            fig = draw.sweep_heatmap(done, params[0], params[1], metric,
                                     title=f"{sweep.label}: {metric}{note}")
            what = f"Mean {metric} for each combination of {params[0]} and {params[1]}{note}."
        else:
            fig = draw.sweep_lines(done, params[0], metric, title=f"{sweep.label}: {metric}")
            what = f"{metric} against {params[0]}."
        entries.append(FigureEntry(save(fig, out / f"{name}.png"), f"Sweep {sweep.label}: {metric}", what))
    return entries
