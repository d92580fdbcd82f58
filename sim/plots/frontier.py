"""Pair plots of actors' utilities: frontier, zone, proposals, solution points, reservation values.

Pure drawing: tables in (as saved by the analysis stage), figure out.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .style import NEUTRAL, REPORT_WIDTH, cloud, styled

SOLUTION_MARKERS = {"nash": ("*", "#D55E00", 200), "weighted_nash": ("P", "#F0E442", 55),
                    "kalai": ("D", "#CC79A7", 70), "weighted_kalai": ("v", "#CC79A7", 70),
                    "utilitarian": ("s", "#E69F00", 70),
                    "egalitarian": ("^", "#009E73", 80), "compromise": ("X", "#666666", 90)}
SOLUTION_NAMES = {"nash": "Nash solution", "weighted_nash": "capability-weighted Nash solution",
                  "kalai": "Kalai–Smorodinsky solution",
                  "weighted_kalai": "capability-weighted Kalai–Smorodinsky solution",
                  "utilitarian": "utilitarian solution",
                  "egalitarian": "egalitarian solution",
                  "compromise": "capability × salience compromise (reference)"}
ZONE, FRONT_IN, FRONT_OUT = "#56B4E9", "#0072B2", "#BBBBBB"


def pair_matrix(pareto: pd.DataFrame, zone: pd.DataFrame, proposals: pd.DataFrame, solutions: pd.DataFrame,
                actors: list[str], reservations: dict[str, float], labels: dict[str, str] | None = None,
                zone_size: int | None = None, frontier_sampled: bool = False):
    """Lower-triangular matrix of scatter plots, one panel per pair of actors. Proposals are numbered
    (key in the legend) so labels never pile up. ``reservations`` holds the lines to draw (pass the
    signatories' only: a non-signatory's reservation value bounds nothing). ``frontier_sampled``: the
    pareto rows are a sample of a frontier too large to list (analysis.frontier_limit). Returns the figure."""
    labels = labels or {}
    n = len(actors)
    k = max(n - 1, 1)
    with styled():
        fig, axes = plt.subplots(k, k, figsize=(REPORT_WIDTH, REPORT_WIDTH * (3.4 * k + 0.6) / (3.6 * k + 1.2)),
                                 squeeze=False)
        for r in range(k):
            for c in range(k):
                ax = axes[r, c]
                if c > r or n < 2:
                    ax.axis("off")
                    continue
                _panel(ax, actors[c], actors[r + 1], pareto, zone, proposals, solutions, reservations)
                if r == k - 1:
                    ax.set_xlabel(f"{labels.get(actors[c], actors[c])} utility")
                if c == 0:
                    ax.set_ylabel(f"{labels.get(actors[r + 1], actors[r + 1])} utility")
        _legend(fig, axes, proposals, solutions, zone, zone_size, k, frontier_sampled)
        fig.suptitle("Utilities of every pair of actors:\nPareto frontier, agreement zone, proposals and "
                     "solution points", fontweight="bold")
        fig.tight_layout(rect=(0, 0, 1, 0.97))
    return fig


def _size(n: int) -> float:
    """Marker area: large for a handful of points, small for a cloud."""
    return 40.0 if n < 200 else (12.0 if n < 3000 else 4.0)


def _panel(ax, x: str, y: str, pareto, zone, proposals, solutions, reservations) -> None:
    if len(zone):
        cloud(ax, zone[x], zone[y], _size(len(zone)), ZONE, alpha=0.3)
    if len(pareto):
        out = pareto[~pareto["in_zone"]]
        inside = pareto[pareto["in_zone"]]
        size = _size(len(pareto))
        cloud(ax, out[x], out[y], size * 0.8, FRONT_OUT, alpha=0.6)
        cloud(ax, inside[x], inside[y], size, FRONT_IN, alpha=0.8)
    for a, line in ((x, ax.axvline), (y, ax.axhline)):
        if a in reservations:
            line(reservations[a], color="black", linestyle="--", linewidth=1)
    for num, row in enumerate(proposals.itertuples(index=False), start=1):
        px, py = getattr(row, x), getattr(row, y)
        ax.scatter([px], [py], s=90, color="white", edgecolors="black", linewidths=1.1, zorder=4)
        ax.annotate(str(num), (px, py), ha="center", va="center", fontsize=7, fontweight="bold", zorder=5)
    for name, row in solutions.iterrows():
        marker, color, size = SOLUTION_MARKERS.get(name, ("o", "black", 60))
        ax.scatter([row[x]], [row[y]], marker=marker, s=size, color=color, edgecolors="black",
                   linewidths=0.7, zorder=6)
    ax.grid(alpha=0.25)
    for axis in (ax.xaxis, ax.yaxis):  # narrow panels (5+ actors): at most 4 ticks, so labels never touch
        axis.set_major_locator(MaxNLocator(4))


def _legend(fig, axes, proposals, solutions, zone, zone_size, k, frontier_sampled: bool = False) -> None:
    front = "Pareto-efficient (a sample of the frontier)" if frontier_sampled else "Pareto-efficient"
    handles = [
        Line2D([], [], marker="o", linestyle="", color=ZONE, alpha=0.6,
               label=_zone_label(len(zone), zone_size)),
        Line2D([], [], marker="o", linestyle="", color=FRONT_IN, label=f"{front}, in the zone"),
        Line2D([], [], marker="o", linestyle="", color=FRONT_OUT, label=f"{front}, outside the zone"),
        Line2D([], [], color="black", linestyle="--", label="a signatory's reservation value (no deal)"),
    ]
    for name in solutions.index:
        marker, color, size = SOLUTION_MARKERS.get(name, ("o", "black", 60))
        handles.append(Line2D([], [], marker=marker, linestyle="", color=color, markeredgecolor="black",
                              markersize=np.sqrt(size), label=SOLUTION_NAMES.get(name, f"{name} solution")))
    keys = [f"{num}  {row.label}" for num, row in enumerate(proposals.itertuples(index=False), start=1)]
    text = "Proposals (numbered circles)\n" + "\n".join(keys)
    if k >= 3:  # the empty upper triangle: markers in the top-right panel, proposals below it
        # out of tight_layout's reckoning: the key is wider than its empty panel, and counting it would
        # squeeze every column of scatter panels to leave room for it
        axes[0, k - 1].legend(handles=handles, loc="upper right", fontsize=8, title="Markers",
                              title_fontsize=9).set_in_layout(False)
        below = 2 if k >= 4 else 1  # with 5+ actors the markers reach past the second row's empty panel
        axes[below, k - 1].text(1.0, 1.0, text, transform=axes[below, k - 1].transAxes, ha="right", va="top",
                                fontsize=8).set_in_layout(False)
    elif k == 2:
        axes[0, 1].legend(handles=handles, loc="upper left", fontsize=8, title="Markers", title_fontsize=9)
        axes[0, 1].text(1.05, 1.0, text, transform=axes[0, 1].transAxes, va="top", fontsize=8)
    else:
        axes[0, 0].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8)
        axes[0, 0].text(1.02, 0.0, text, transform=axes[0, 0].transAxes, fontsize=8, va="bottom")


def _zone_label(n_shown: int, zone_size: int | None) -> str:
    if zone_size is None or n_shown >= zone_size:
        return "agreement zone (every bundle)"
    return f"agreement zone ({n_shown:,} of {zone_size:,} bundles, uniform sample)"


__all__ = ["pair_matrix", "NEUTRAL"]
