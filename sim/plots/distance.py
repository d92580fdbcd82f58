"""Distance to a deal: for each proposal, which issues must change (and to what) for every signatory to
accept, and how many."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..scenario.labels import Labels
from .style import ACCEPT, NEUTRAL, REPORT_WIDTH, styled, wrap

CELL_FONT = 7.5  # points: 11.5 px at the report's width, where the figure is shown at 100%
LABEL_WIDTH = 2.9  # inches left of the grid for the proposals' names


def distance_grid(summary: pd.DataFrame, changes: pd.DataFrame, issues: list[str]) -> tuple[list[str], list[str]]:
    """(proposals in table order, the issues that change for at least one proposal, in scenario order):
    issues no proposal needs to move would only be empty columns."""
    moved = set(changes["issue"])
    return list(summary["proposal"]), [i for i in issues if i in moved]


def distance_chart(summary: pd.DataFrame, changes: pd.DataFrame, issues: list[str], names: Labels | None = None):
    """Rows: proposals (with their number of changes); columns: the issues some proposal must change; a
    changed cell names the option the issue moves to (the full from → to list is in the report's table).
    Proposals with no reachable deal are marked. Returns the figure."""
    names = names or Labels({}, {}, {}, {})
    props, shown = distance_grid(summary, changes, issues)
    n_changes = dict(zip(summary["proposal"], summary["n_changes"]))
    found = dict(zip(summary["proposal"], summary["found"].astype(bool)))
    with styled():
        cols = max(len(shown), 1)
        fig, ax = plt.subplots(figsize=(REPORT_WIDTH, 0.72 * len(props) + 2.0))
        grid = np.zeros((len(props), cols))
        for r in changes.itertuples(index=False):
            if r.issue in shown:
                grid[props.index(r.proposal), shown.index(r.issue)] = 1
        ax.imshow(grid, cmap=plt.matplotlib.colors.ListedColormap(["#F4F4F4", "#FAD7C0"]), vmin=0, vmax=1,
                  aspect="auto")
        # characters per line that fit a column: an average glyph is about 0.55 em wide
        width = max(6, int((REPORT_WIDTH - LABEL_WIDTH) * 72 / cols / (0.55 * CELL_FONT)) - 1)
        for r in changes.itertuples(index=False):
            if r.issue in shown:
                ax.text(shown.index(r.issue), props.index(r.proposal),
                        wrap(names.option(r.issue, r.to_option), width, 4), ha="center", va="center",
                        fontsize=CELL_FONT, linespacing=1.0)
        ax.set_xticks(range(len(shown)), [wrap(names.issue(i), width + 2, 3) for i in shown], fontsize=CELL_FONT)
        ax.xaxis.tick_top()
        ticks = []
        for p in props:
            if not found[p]:
                ticks.append(f"{names.proposal(p)}\nno deal reachable")
            else:
                n = int(n_changes[p])
                ticks.append(f"{names.proposal(p)}\n" + ("already acceptable" if n == 0 else
                                                         f"{n} issue{'s' if n != 1 else ''} to change"))
        ax.set_yticks(range(len(props)), ticks, fontsize=9)
        for tick, p in zip(ax.get_yticklabels(), props):
            tick.set_color("#222222" if found[p] and int(n_changes[p]) else (ACCEPT if found[p] else NEUTRAL))
        ax.set_xticks(np.arange(-0.5, cols), minor=True)
        ax.set_yticks(np.arange(-0.5, len(props)), minor=True)
        ax.grid(which="minor", color="white", linewidth=2)
        ax.tick_params(which="both", length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        if not summary["found"].any():
            ax.text((cols - 1) / 2, (len(props) - 1) / 2, "no set of changes works:\nthe agreement zone "
                    "is empty", ha="center", va="center", fontsize=10, color="#444444")
        ax.set_title("Fewest changes that make each proposal acceptable to every signatory\n"
                     "(a shaded cell names the option that issue must move to)", fontsize=11)
        fig.tight_layout()
    return fig
