"""Concession map: issue × option heatmap of the share of agreement-zone bundles holding each option."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from ..scenario.labels import Labels
from .style import REPORT_WIDTH, styled, wrap


def concession_heatmap(concessions: pd.DataFrame, names: Labels | None = None, zone_size: int | None = None):
    """Rows are issues (scenario order), columns option positions; each cell names its option and the
    share of zone bundles that hold it. Returns the figure."""
    names = names or Labels({}, {}, {}, {})
    issues = list(dict.fromkeys(concessions["issue"]))
    width = int(concessions["option_index"].max()) + 1
    share = np.full((len(issues), width), np.nan)
    cells = [[""] * width for _ in issues]
    for r in concessions.itertuples(index=False):
        i = issues.index(r.issue)
        share[i, r.option_index] = r.share
        cells[i][r.option_index] = names.option(r.issue, r.option)
    with styled():
        fig, ax = plt.subplots(figsize=(REPORT_WIDTH, 0.72 * len(issues) + 1.8))
        cmap = plt.get_cmap("Blues").with_extremes(bad="white")
        im = ax.imshow(np.ma.masked_invalid(share), cmap=cmap, vmin=0, vmax=1, aspect="auto")
        for i in range(len(issues)):
            for j in range(width):
                if np.isnan(share[i, j]):
                    continue
                s = share[i, j]
                text = wrap(cells[i][j], 15, 3)
                if s == 0:  # excluded from every deal: grey, so it reads apart from "rare"
                    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, color="#E3E3E3", zorder=1))
                    ax.text(j, i, f"{text}\nnone", ha="center", va="center", fontsize=7.5, color="#666666",
                            zorder=2)
                    continue
                pct = "<1%" if s < 0.01 else f"{100 * s:.0f}%"
                ax.text(j, i, f"{text}\n{pct}", ha="center", va="center", fontsize=7.5,
                        color="white" if s > 0.6 else "black")
        ax.set_yticks(range(len(issues)), [wrap(names.issue(k), 24, 2) for k in issues], fontsize=9)
        ax.set_xticks(range(width), [str(j) for j in range(width)])
        ax.set_xlabel("option (position in the issue's ordered list)")
        ax.set_xticks(np.arange(-0.5, width), minor=True)
        ax.set_yticks(np.arange(-0.5, len(issues)), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        cb = fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
        cb.set_label("share of agreement-zone bundles holding the option")
        total = f" {zone_size:,}" if zone_size is not None else ""
        ax.set_title(f"Concession map: where the{total} bundles every signatory accepts stand on each issue\n"
                     "(grey: an option no acceptable bundle holds)", fontsize=11)
        fig.tight_layout()
    return fig
