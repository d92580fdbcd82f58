"""Uncertainty over preferences (from the saved uncertainty_* tables): how often each actor accepts each
proposal when the weights, values and reservation values are redrawn, and the spread of the zone size."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..runs.formats import percent, wilson_interval
from ..runs.io import has_table, read_table
from .style import PALETTE, REPORT_WIDTH, FigureEntry, save, styled

ALL = "all_signatories"
CMAP = "cividis"  # sequential, perceptually uniform, readable with the common colour-vision deficiencies


def spread_text(s: pd.Series) -> str:
    return (f"{int(s['draws']):,} draws; weights x exp(N(0, {s['spread_weights']:g})), values + N(0, "
            f"{s['spread_values']:g}), reservations + N(0, {s['spread_reservation']:g})")


def acceptance_heatmap(table: pd.DataFrame, meta: dict, summary: pd.Series):
    proposals = [p for p in meta["proposals"] if p in set(table["proposal"])]
    actors = [a for a in meta["actors"] if a in set(table["actor"])] + [ALL]
    prob = table.pivot(index="proposal", columns="actor", values="probability").reindex(index=proposals,
                                                                                        columns=actors)
    cal = table.pivot(index="proposal", columns="actor", values="calibrated_accepts").reindex(
        index=proposals, columns=actors).fillna(False).astype(bool)
    labels = {**meta["actor_labels"], ALL: "All signatories"}
    cmap = plt.get_cmap(CMAP)
    with styled():
        fig, ax = plt.subplots(figsize=(min(REPORT_WIDTH, 1.25 * len(actors) + 4.2),
                                        max(3.8, 0.42 * len(proposals) + 2.2)))
        im = ax.imshow(prob.to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=1, aspect="auto")
        for i, p in enumerate(proposals):
            for j, a in enumerate(actors):
                v = prob.loc[p, a]
                if pd.isna(v):
                    continue
                # dark text on the light (yellow) end of cividis, white on the dark (blue) end
                ax.text(j, i, percent(v), ha="center", va="center", fontsize=9,
                        color="black" if v > 0.55 else "white",
                        fontweight="bold" if cal.loc[p, a] else "normal")
                if cal.loc[p, a]:
                    ax.add_patch(plt.Rectangle((j - 0.46, i - 0.44), 0.92, 0.88, fill=False,
                                               edgecolor=PALETTE[1], linewidth=2))
        ax.axvline(len(actors) - 1.5, color="white", linewidth=4)  # sets 'all signatories' apart
        sig = set(meta.get("signatories") or actors)
        ax.set_xticks(range(len(actors)), [labels.get(a, a) + ("" if a in sig or a == ALL else "\n(not a signatory)")
                                           for a in actors])
        ax.set_yticks(range(len(proposals)), [meta["proposals"].get(p, p) for p in proposals])
        ax.tick_params(length=0)
        ax.xaxis.tick_top()
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        cb = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
        cb.set_label("probability of acceptance\n(share of draws)")
        cb.ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:.0%}"))
        ax.set_title("How robust is each verdict? Share of preference draws in which each actor accepts",
                     pad=28)
        ax.text(0, -0.02, f"{spread_text(summary)}.\nOutlined in orange, in bold: accepts at the calibrated "
                          f"preferences.", transform=ax.transAxes, ha="left", va="top", fontsize=8.5,
                color="#444444")
        fig.tight_layout()
    return fig


def zone_histogram(zone: pd.DataFrame, summary: pd.Series):
    sizes = zone["zone_size"].to_numpy(dtype=float)
    calibrated = float(summary["calibrated_zone_size"])
    positive = sizes[sizes > 0]
    empty = int((sizes == 0).sum())
    ends = positive.tolist() + ([calibrated] if calibrated > 0 else [])
    log = bool(ends) and max(ends) / min(ends) > 100  # spans orders of magnitude
    with styled():
        fig, ax = plt.subplots(figsize=(8.5, 4.4))
        # a log axis cannot show empty zones (they are counted in the note); a linear one shows them at 0
        shown = positive if log else sizes
        if len(shown):
            lo, hi = min(shown.min(), calibrated), max(shown.max(), calibrated)
            if log:
                lo = min(ends)
                bins = np.logspace(np.log10(lo) - 0.05, np.log10(hi) + 0.05, 31)
            elif hi - lo <= 30:
                bins = np.arange(lo - 0.5, hi + 1.5)  # one bar per zone size
            else:
                bins = np.linspace(lo, hi, 31)
            ax.hist(shown, bins=bins, color=PALETTE[0], alpha=0.85, edgecolor="white", linewidth=0.5,
                    label="zone size in a draw")
            if log:
                ax.set_xscale("log")
            med = float(np.quantile(sizes, 0.5, method="inverted_cdf"))
            if med > 0 or not log:
                ax.axvline(med, color="black", linestyle=":", linewidth=2,
                           label=f"median over draws: {med:,.0f}")
        if calibrated > 0 or not log:
            ax.axvline(calibrated, color=PALETTE[1], linestyle="--", linewidth=2,
                       label=f"calibrated preferences: {calibrated:,.0f}")
        note = spread_text(summary) + f"; {int(summary['space_size']):,} bundles in all."
        if calibrated == 0 and log:
            note += "\nThe zone is empty at the calibrated preferences."
        if empty:
            note += (f"\n{empty:,} of {len(sizes):,} draws ({empty / len(sizes):.0%}) leave the zone empty"
                     + (" (not shown on the log axis)." if log else "."))
        if not log:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # zone sizes are whole
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:,.0f}"))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        ax.set_xlabel("agreement zone size (bundles every signatory accepts" + (", log scale)" if log else ")"))
        ax.set_ylabel("number of draws")
        ax.set_title("How large is the agreement zone if the preferences are a little off?", pad=26)
        ax.text(0, -0.2, note, transform=ax.transAxes, fontsize=8.5, color="#444444", va="top")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=9)
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
    return fig


def run_figures(out, meta: dict) -> list[FigureEntry]:
    if not (has_table(out, "uncertainty_proposals") and has_table(out, "uncertainty_zone")
            and has_table(out, "uncertainty_summary")):
        return []
    summary = read_table(out, "uncertainty_summary").iloc[0]
    entries = []
    table = read_table(out, "uncertainty_proposals")
    draws = int(summary["draws"])
    lo, hi = wilson_interval(draws // 2, draws)
    if not table.empty:
        path = save(acceptance_heatmap(table, meta, summary), out / "figures" / "uncertainty_acceptance.png",
                    tight=False)
        entries.append(FigureEntry(
            path, "Robustness of the verdicts to the preferences",
            "Share of Monte Carlo draws of the actors' weights, values and reservation values in which each "
            "actor accepts each proposal; the last column is the share in which every signatory accepts at "
            "once. Outlined cells are accepted at the calibrated preferences. Near 0% or 100%: the verdict "
            "does not hinge on the calibration; in between: it does. Each share is estimated from "
            f"{draws:,} draws: at 50% its Wilson 95% interval is {100 * lo:.0f}–{100 * hi:.0f}%, narrower "
            "towards 0% and 100%."))
    zone = read_table(out, "uncertainty_zone")
    if not zone.empty:
        path = save(zone_histogram(zone, summary), out / "figures" / "uncertainty_zone.png", tight=False)
        nash = summary.get("nash_accepted")
        extra = ("" if nash is None or pd.isna(nash) else
                 f" The calibrated Nash bundle stays acceptable to every signatory in {float(nash):.0%} of draws.")
        entries.append(FigureEntry(
            path, "Agreement zone size under uncertain preferences",
            "Exact number of bundles every signatory accepts, in each draw of the preferences (histogram), "
            "against the zone at the calibrated preferences (dashed) and the median over draws (dotted)."
            + extra))
    return entries
