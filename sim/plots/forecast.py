"""Forecast figures: per issue, the actors' positions (marker area = capability × salience) and every
model's forecast on the issue's scale (from tables/forecasts and tables/forecast_positions)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..forecast.models import LABELS
from ..runs.io import has_table, read_table
from .style import PALETTE, FigureEntry, save, styled

FLOOR_STYLE = {"reference_point": ("#000000", "s"), "mean": ("#999999", "D")}
COLORS = [c for c in PALETTE[1:] if c not in ("#F0E442", "#000000")]  # yellow is unreadable on white
MARKERS = ["o", "^", "v", "P", "X", "*", "h", "<", ">"]


def issue_figure(positions: pd.DataFrame, forecasts: pd.DataFrame, title: str, scale_label: str,
                 actor_labels: dict[str, str] | None = None, tick_labels: list[str] | None = None, ax=None):
    """Top row: actors at their positions (area ∝ capability × salience, labelled); below, one row per
    model with its forecast. ``forecasts`` has model and forecast columns; returns the figure."""
    actor_labels = actor_labels or {}
    models = list(forecasts["model"])
    with styled():
        if ax is None:
            fig, ax = plt.subplots(figsize=(8.0, 1.6 + 0.32 * (len(models) + 2)))
        else:
            fig = ax.figure
        w = positions["weight"].to_numpy(dtype=float)
        area = 60 + 900 * (w / w.max() if w.max() > 0 else np.ones_like(w))
        y0 = len(models) + 1
        ax.scatter(positions["position"], np.full(len(positions), y0), s=area, alpha=0.45, color=PALETTE[0],
                   edgecolor="white", zorder=3)
        order = np.argsort(positions["position"].to_numpy(), kind="stable")
        for k, n in enumerate(order):  # alternate labels above and below so neighbours stay readable
            r = positions.iloc[n]
            ax.annotate(actor_labels.get(r["actor"], r["actor"]), (r["position"], y0),
                        xytext=(0, 11 if k % 2 == 0 else -15), textcoords="offset points", ha="center",
                        fontsize=7.5)
        for k, r in enumerate(forecasts.itertuples()):
            y = len(models) - 1 - k
            color, marker = FLOOR_STYLE.get(r.model, (COLORS[k % len(COLORS)], MARKERS[k % len(MARKERS)]))
            if np.isfinite(r.forecast):
                ax.scatter([r.forecast], [y], s=70, color=color, marker=marker, zorder=4)
                ax.annotate(f"{r.forecast:.3g}", (r.forecast, y), xytext=(7, -3), textcoords="offset points",
                            fontsize=8)
            else:
                ax.text(0.01, y, "no forecast", transform=ax.get_yaxis_transform(), fontsize=8, va="center",
                        color="#777777")
        # one rule per model row, as one collection (ten axhlines cost a tenth of the figure)
        ax.hlines(range(len(models)), 0, 1, transform=ax.get_yaxis_transform(), color="#eeeeee", linewidth=0.8,
                  zorder=1)
        ax.set_yticks([*range(len(models)), y0],
                      [LABELS.get(m, m) for m in reversed(models)] + ["actors (area = capability × salience)"])
        ax.set_ylim(-0.8, y0 + 1.0)
        lo = min(positions["position"].min(), np.nanmin(forecasts["forecast"].to_numpy(dtype=float), initial=np.inf))
        hi = max(positions["position"].max(), np.nanmax(forecasts["forecast"].to_numpy(dtype=float), initial=-np.inf))
        pad = 0.06 * (hi - lo if hi > lo else 1.0)
        ax.set_xlim(lo - pad, hi + 3 * pad)
        if tick_labels is not None:
            ax.set_xticks(range(len(tick_labels)), tick_labels, rotation=30, ha="right", fontsize=8)
        ax.set_xlabel(scale_label)
        ax.set_title(title)
        ax.grid(axis="x", alpha=0.3)
        fig.tight_layout()
    return fig


def parts(meta: dict) -> list[str]:
    """One figure per issue: two processes can share them (``sim.plots.module_parts``)."""
    return [i["key"] for i in meta["issues"]]


def run_figures(out, meta: dict, part: str | None = None) -> list[FigureEntry]:
    """Every issue's figure, or only issue ``part``'s."""
    if not (has_table(out, "forecasts") and has_table(out, "forecast_positions")):
        return []
    f, pos = read_table(out, "forecasts"), read_table(out, "forecast_positions")
    issues = {i["key"]: i for i in meta["issues"]}
    entries = []
    for key in dict.fromkeys(f["issue"]):
        if part is not None and key != part:
            continue
        issue = issues[key]
        ticks = None
        try:
            [float(x) for x in issue["option_labels"]]
            scale = "position on the issue's scale"
        except ValueError:  # a scenario's own options: the scale is the option index, labelled
            ticks, scale = issue["option_labels"], "option (the scale is the option order)"
        fig = issue_figure(pos[pos["issue"] == key], f[f["issue"] == key], f"Forecasts: {issue['label']}",
                           scale, meta.get("actor_labels"), ticks)
        path = save(fig, out / "figures" / f"forecast_{key}.png")
        entries.append(FigureEntry(path, f"Forecasts on {issue['label']}",
                                   "Top: each actor's position, marker area proportional to capability × "
                                   "salience. Below: each model's forecast (black square: reference point; grey "
                                   "diamond: unweighted mean; both are floors, not forecasts)."))
    return entries
