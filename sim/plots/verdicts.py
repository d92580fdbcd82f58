"""Proposal x actor utilities against each actor's reservation value (from the saved verdict table)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..runs.io import has_table, read_table
from .style import ACCEPT, NEUTRAL, REJECT, REPORT_WIDTH, FigureEntry, save, styled


def verdict_panels(verdicts: pd.DataFrame, reservations: dict[str, float],
                   labels: dict[str, str] | None = None, ax=None):
    """One panel per actor: a bar per proposal (green accepts, orange rejects, grey crosses a red line),
    the actor's reservation value as a dashed line. Returns the figure."""
    labels = labels or {}
    actors = list(dict.fromkeys(verdicts["actor"]))
    proposals = list(dict.fromkeys(verdicts["proposal"]))
    with styled():
        if ax is None:
            fig, axes = plt.subplots(1, len(actors), figsize=(REPORT_WIDTH, 0.36 * len(proposals) + 1.9),
                                     sharey=True, squeeze=False)
            axes = axes[0]
        else:
            axes = np.atleast_1d(ax)
            fig = axes[0].figure
        y = np.arange(len(proposals))
        xmax = max(1.0, float(verdicts["utility"].max()) + 0.02)
        for panel, actor in zip(axes, actors):
            rows = verdicts[verdicts["actor"] == actor].set_index("proposal").reindex(proposals)
            blocked = rows["red_lines_broken"].fillna("").astype(str).str.len() > 0
            colors = [NEUTRAL if b else (ACCEPT if a else REJECT)
                      for a, b in zip(rows["accepts"], blocked)]
            panel.barh(y, rows["utility"], color=colors, height=0.7)
            r = reservations.get(actor)
            if r is not None:
                panel.axvline(r, color="black", linestyle="--", linewidth=1.2)
                right = r > 0.5 * xmax  # keep the words inside the panel
                panel.text(r, -0.9, f"reservation {r:.2f} " if right else f" reservation {r:.2f}", fontsize=8,
                           va="bottom", ha="right" if right else "left")
            panel.set_title(labels.get(actor, actor))
            panel.set_xlim(0, xmax)
            panel.grid(axis="x", alpha=0.3)
        fig.supxlabel("utility (0 = worst, 1 = best)", fontsize=10, y=0.06)
        axes[0].set_yticks(y, [labels.get(p, p) for p in proposals])
        axes[0].invert_yaxis()
        axes[0].set_ylim(len(proposals) - 0.4, -1.2)
        from matplotlib.patches import Patch
        fig.legend(handles=[Patch(color=ACCEPT, label="accepts"), Patch(color=REJECT, label="below reservation"),
                            Patch(color=NEUTRAL, label="crosses a red line")],
                   loc="lower center", ncol=3, bbox_to_anchor=(0.5, -0.02))
        fig.suptitle("Who accepts which proposal:\nutility of each plan against the value of no deal",
                     fontweight="bold")
        fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def run_figures(out, meta: dict) -> list[FigureEntry]:
    if not has_table(out, "verdicts"):
        return []
    verdicts = read_table(out, "verdicts")
    if verdicts.empty:
        return []
    labels = {**meta["actor_labels"], **meta["proposals"]}
    fig = verdict_panels(verdicts, meta["reservations"], labels)
    path = save(fig, out / "figures" / "verdicts.png", tight=False)
    return [FigureEntry(path, "Verdicts on the proposals",
                        "Each actor's utility for each proposal (bars) against its reservation value, the "
                        "utility of no deal (dashed). Green: accepts; orange: falls short of the reservation "
                        "value; grey: crosses one of the actor's red lines.")]
