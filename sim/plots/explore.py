"""Scenario discovery and sensitivity figures (from the saved discovery_* and sensitivity_* tables)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..runs.io import has_table, read_table
from .style import NEUTRAL, PALETTE, FigureEntry, save, styled


def peeling_tradeoff(peeling: pd.DataFrame, summary: pd.Series, ax=None):
    """PRIM's peeling trajectory: coverage against density of every box, coloured by how many inputs it
    restricts; the reported box is ringed; the dashed line is the share of runs where the outcome holds."""
    with styled():
        fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7.2, 4.8))
        dims = peeling["restricted"].to_numpy()
        levels = sorted(set(dims.tolist()))
        for n, d in enumerate(levels):
            sel = peeling[dims == d]
            ax.scatter(sel["coverage"], sel["density"], s=28, color=PALETTE[n % len(PALETTE)],
                       label=f"{d} input{'s' if d != 1 else ''} restricted", zorder=3)
        ax.plot(peeling["coverage"], peeling["density"], color=NEUTRAL, lw=0.8, zorder=2)
        base = summary["cases"] / summary["runs"] if summary["runs"] else np.nan
        ax.axhline(base, color=NEUTRAL, ls="--", lw=1)
        ax.annotate(f"all runs: {base:.0%}", (0.02, base), xycoords=("axes fraction", "data"),
                    xytext=(0, 4), textcoords="offset points", fontsize=8, color="#555555")
        chosen = peeling[peeling["chosen"]]
        if len(chosen):
            c = chosen.iloc[0]
            ax.scatter([c["coverage"]], [c["density"]], s=160, facecolors="none", edgecolors="black", lw=1.5,
                       zorder=4, label=f"picked box (coverage {c['coverage']:.0%}, density {c['density']:.0%})")
        if np.isfinite(summary.get("coverage", np.nan)):
            ax.scatter([summary["coverage"]], [summary["density"]], s=170, marker="*", color="black", zorder=5,
                       label=f"reported: picked box, insignificant limits dropped (coverage "
                             f"{summary['coverage']:.0%}, density {summary['density']:.0%})")
        ax.set_xlabel("Coverage: share of the runs where the outcome holds that fall in the box")
        ax.set_ylabel("Density: share of the box's runs\nwhere the outcome holds")
        ax.set_xlim(0, 1.03)
        ax.set_ylim(0, 1.03)
        ax.set_title("\n".join(textwrap.wrap(f"PRIM peeling trade-off: {summary['target']}", 70)))
        ax.legend(loc="lower left", fontsize=8)
        ax.grid(alpha=0.3)
    return fig


def box_limits(box: pd.DataFrame, summary: pd.Series, ax=None):
    """The reported box: for each input it restricts, the drawn range (grey) and the box's part (blue),
    both on the input's own scale with the numbers written at the ends."""
    with styled():
        n = max(len(box), 1)
        fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7.2, 0.8 + 0.55 * n))
        for k, r in enumerate(box.itertuples()):
            span = r.range_high - r.range_low
            lo, hi = (r.low - r.range_low) / span, (r.high - r.range_low) / span
            y = n - 1 - k
            ax.barh(y, 1, left=0, height=0.5, color="#DDDDDD")
            ax.barh(y, hi - lo, left=lo, height=0.5, color=PALETTE[0])
            unit = f" {r.unit}" if r.unit else ""
            ax.text(-0.02, y, f"{r.range_low:.3g}", ha="right", va="center", fontsize=8, color="#555555")
            ax.text(1.02, y, f"{r.range_high:.3g}{unit}", ha="left", va="center", fontsize=8, color="#555555")
            ax.text((lo + hi) / 2, y + 0.33, f"{r.low:.3g} to {r.high:.3g}", ha="center", va="bottom", fontsize=8)
        ax.set_yticks(range(n))
        ax.set_yticklabels(list(reversed(box["label"].tolist())) or ["(no input restricted)"])
        ax.set_xticks([])
        ax.set_xlim(-0.15, 1.25)
        ax.set_ylim(-0.6, n - 0.2)
        ax.spines["bottom"].set_visible(False)
        ax.set_title("\n".join(textwrap.wrap(f"{summary['target']}: the PRIM box (blue) within the "
                                             "drawn ranges (grey)", 75)))
    return fig


def sobol_bars(sobol: pd.DataFrame, outcomes: list[str] | None = None):
    """Per outcome a panel: each input's first-order (S1) and total (ST) Sobol index with 95% CIs."""
    outcomes = outcomes or list(dict.fromkeys(sobol["outcome"]))
    inputs = list(dict.fromkeys(sobol["input"]))
    labels = dict(zip(sobol["input"], sobol["input_label"]))
    cols = 2 if len(outcomes) > 1 else 1
    rows = -(-len(outcomes) // cols)
    with styled():
        fig, axes = plt.subplots(rows, cols, figsize=(6.2 * cols, 0.9 + 0.42 * len(inputs) * rows),
                                 squeeze=False, sharex=True)
        y = np.arange(len(inputs))
        for ax, out in zip(axes.ravel(), outcomes):
            d = sobol[sobol["outcome"] == out].set_index("input").reindex(inputs)
            ax.barh(y - 0.2, d["S1"], height=0.38, xerr=d["S1_conf"], color=PALETTE[0], label="first order S1",
                    error_kw={"lw": 0.8, "capsize": 2})
            ax.barh(y + 0.2, d["ST"], height=0.38, xerr=d["ST_conf"], color=PALETTE[1], label="total ST",
                    error_kw={"lw": 0.8, "capsize": 2})
            ax.set_yticks(y)
            ax.set_yticklabels([labels[i] for i in inputs], fontsize=8)
            ax.invert_yaxis()
            ax.axvline(0, color="black", lw=0.6)
            ax.set_title(d["outcome_label"].dropna().iloc[0], fontsize=10)
            ax.grid(axis="x", alpha=0.3)
            ax.tick_params(labelbottom=True)
            ax.set_xlabel("Sobol index (share of variance; whiskers: 95% CI)", fontsize=8)
        for ax in axes.ravel()[len(outcomes):]:
            ax.set_visible(False)
        axes[0][0].legend(loc="lower right", fontsize=8)
        fig.suptitle("Which inputs drive each outcome: first-order (alone) and total (with interactions) "
                     "Sobol indices", fontweight="bold")
        fig.tight_layout(rect=(0, 0, 1, 0.98))
    return fig


def run_figures(out: Path, meta: dict | None = None) -> list[FigureEntry]:
    out = Path(out)
    entries = []
    if has_table(out, "discovery_summary"):
        s = read_table(out, "discovery_summary").iloc[0]
        peeling = read_table(out, "discovery_peeling")
        if len(peeling):
            entries.append(FigureEntry(save(peeling_tradeoff(peeling, s), out / "figures" / "explore_peeling.png"),
                                       "What would have to be true: PRIM peeling trade-off",
                                       "Each dot is a box on PRIM's peeling trajectory: further right explains more "
                                       "of the runs where the outcome holds, higher is purer. " + s["sentence"]))
            box = read_table(out, "discovery_box")
            entries.append(FigureEntry(save(box_limits(box, s), out / "figures" / "explore_box.png"),
                                       "The reported PRIM box",
                                       "The ranges of the inputs inside which the outcome mostly holds (blue), "
                                       "against the ranges drawn (grey)."))
    if has_table(out, "sensitivity_sobol"):
        sobol = read_table(out, "sensitivity_sobol")
        if len(sobol):
            entries.append(FigureEntry(save(sobol_bars(sobol), out / "figures" / "explore_sobol.png"),
                                       "Which inputs drive each outcome (Sobol indices)",
                                       "First-order (alone) and total (with interactions) shares of each "
                                       "outcome's variance; an input whose total index is near 0 does not matter."))
    return entries
