"""Distance to a deal: for each proposal, which issues must change (and to what) for every signatory to
accept, and how many."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from .style import ACCEPT, NEUTRAL, REJECT, styled


def distance_chart(summary: pd.DataFrame, changes: pd.DataFrame, issues: list[str],
                   issue_labels: dict[str, str] | None = None):
    """Left: proposals × issues, a changed cell names the option it moves to (from → to). Right: the
    number of changes. Proposals with no reachable deal are marked. Returns the figure."""
    issue_labels = issue_labels or {}
    props = list(summary["proposal"])
    with styled():
        fig, (ax, bar) = plt.subplots(1, 2, figsize=(1.2 * len(issues) + 5.5, 0.85 * len(props) + 2.2),
                                      gridspec_kw={"width_ratios": [len(issues), 3]}, sharey=True)
        grid = np.zeros((len(props), len(issues)))
        for r in changes.itertuples(index=False):
            grid[props.index(r.proposal), issues.index(r.issue)] = 1
        ax.imshow(grid, cmap=plt.matplotlib.colors.ListedColormap(["#F4F4F4", "#FAD7C0"]), vmin=0, vmax=1,
                  aspect="auto")
        for r in changes.itertuples(index=False):
            text = "\n".join(textwrap.wrap(r.from_option.replace("_", " "), 15)[:2] + ["→"]
                             + textwrap.wrap(r.to_option.replace("_", " "), 15)[:2])
            ax.text(issues.index(r.issue), props.index(r.proposal), text, ha="center", va="center",
                    fontsize=6.5, linespacing=1.0)
        ax.set_xticks(range(len(issues)), ["\n".join(textwrap.wrap(issue_labels.get(i, i), 13)[:4])
                                           for i in issues], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(props)), list(summary["label"].fillna(summary["proposal"])))
        ax.set_xticks(np.arange(-0.5, len(issues)), minor=True)
        ax.set_yticks(np.arange(-0.5, len(props)), minor=True)
        ax.grid(which="minor", color="white", linewidth=2)
        ax.tick_params(which="minor", length=0)
        ax.set_title("Issues to change (from → to)", pad=38)
        fig.suptitle("Fewest changes that make each proposal acceptable to every signatory", fontweight="bold")
        if not summary["found"].any():
            ax.text((len(issues) - 1) / 2, (len(props) - 1) / 2, "no set of changes works:\nthe agreement zone "
                    "is empty", ha="center", va="center", fontsize=9, color="#444444")
        n = summary["n_changes"].astype("float").to_numpy()
        found = summary["found"].to_numpy(dtype=bool)
        y = np.arange(len(props))
        colors = [ACCEPT if (f and v == 0) else (REJECT if f else NEUTRAL) for f, v in zip(found, n)]
        bar.barh(y, np.where(found, n, 0), color=colors, height=0.6)
        top = max(1.0, float(np.nanmax(n)) if found.any() else 1.0)
        for yi, (f, v) in enumerate(zip(found, n)):
            label = ("already acceptable" if v == 0 else f"{int(v)}") if f else "no deal reachable"
            bar.text((v if f else 0) + top * 0.03, yi, label, va="center", fontsize=8)
        bar.set_xlim(0, top * 1.45)
        bar.set_xlabel("issues to change")
        bar.xaxis.set_major_locator(MaxNLocator(integer=True))
        bar.set_title("Distance to a deal", pad=38)
        bar.grid(axis="x", alpha=0.3)
        fig.tight_layout()
    return fig
