"""Side-by-side figures for several runs or sweeps (pure drawing: tables in, figure out)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import SymLogNorm

from .style import REPORT_WIDTH, styled, wrap

DIVERGING = "PuOr"  # colour-blind safe diverging map: orange below reservation, purple above


def verdict_matrices(margins: dict[str, pd.DataFrame], accepts: dict[str, pd.DataFrame]):
    """One heatmap per run: proposals x actors, colour = margin over reservation, mark = accepts."""
    names = list(margins)
    with styled():
        first = margins[names[0]]
        fig, axes = plt.subplots(1, len(names), figsize=(1.0 * first.shape[1] * len(names) + 3.5,
                                                         0.42 * first.shape[0] + 2.0), squeeze=False, sharey=True)
        lim = max(0.05, max(float(np.nanmax(np.abs(m.to_numpy(dtype=float)))) for m in margins.values()))
        im = None
        for ax, name in zip(axes[0], names):
            m, a = margins[name], accepts[name]
            im = ax.imshow(m.to_numpy(dtype=float), cmap=DIVERGING, vmin=-lim, vmax=lim, aspect="auto")
            for (i, j), v in np.ndenumerate(m.to_numpy(dtype=float)):
                mark = "✓" if bool(a.iloc[i, j]) else ""
                ax.text(j, i, f"{v:+.2f}{mark}", ha="center", va="center", fontsize=8)
            ax.set_xticks(range(m.shape[1]), m.columns, rotation=30, ha="right")
            ax.set_yticks(range(m.shape[0]), m.index)
            ax.set_title(name, fontsize=10)
            ax.spines[:].set_visible(False)
        cbar = fig.colorbar(im, ax=axes[0].tolist(), shrink=0.8, pad=0.02)
        cbar.set_label("margin over reservation value (utility)")
        fig.suptitle("Verdicts compared: margin of each actor on each proposal (✓ accepts)", fontweight="bold")
    return fig


def grid_of(df: pd.DataFrame, x: str, y: str | None, metric: str) -> pd.DataFrame:
    """Mean of ``metric`` per (y, x), rows and columns in the order the sweep lists the values (not
    alphabetical), all-missing cells kept blank so every figure of a sweep has the same grid."""
    xs = list(dict.fromkeys(df[x]))
    if y is None:
        return df.groupby(x, sort=False)[metric].mean().reindex(xs).to_frame().T
    ys = list(dict.fromkeys(df[y]))
    return df.pivot_table(index=y, columns=x, values=metric, aggfunc="mean", dropna=False).reindex(
        index=ys, columns=xs)


def sweep_heatmap(df: pd.DataFrame, x: str, y: str, metric: str, ax=None, title: str | None = None,
                  scale: tuple[float, float] | None = None):
    """Mean of ``metric`` over the grid of two swept parameters (other parameters averaged out);
    ``scale`` fixes the colour range, so heatmaps of several sweeps compare cell by cell."""
    grid = grid_of(df, x, y, metric)
    with styled():
        if ax is None:
            fig, ax = plt.subplots(figsize=(min(REPORT_WIDTH, max(6.0, 1.5 * grid.shape[1] + 4)),
                                            max(3.6, 0.7 * grid.shape[0] + 2.6)))
        else:
            fig = ax.figure
        values = grid.to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        lo, hi = scale or ((float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0))
        counts = finite.size and np.all(finite == np.round(finite)) and hi > 1000
        # counts spanning orders of magnitude (zone sizes): a log colour scale, so 25 and 0 differ
        norm = SymLogNorm(linthresh=1, vmin=0, vmax=hi) if counts else None
        im = ax.imshow(values, cmap="viridis", aspect="auto", origin="lower", norm=norm,
                       **({} if counts else {"vmin": lo, "vmax": hi}))
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                colour = "white" if im.norm(v) < 0.45 else "black"  # viridis is dark below the middle
                ax.text(j, i, f"{v:,.0f}" if counts else f"{v:.3g}", ha="center", va="center", fontsize=8,
                        color=colour)
        # swept values are often option or proposal labels: wrapped, not rotated
        ax.set_xticks(range(grid.shape[1]), [wrap(c, 16, 3) for c in grid.columns], fontsize=8)
        ax.set_yticks(range(grid.shape[0]), [wrap(r, 24, 2) for r in grid.index], fontsize=8)
        ax.set_xlabel(wrap(x, 60, 2))
        ax.set_ylabel(wrap(y, 40, 2))
        ax.spines[:].set_visible(False)
        fig.colorbar(im, ax=ax, shrink=0.85).set_label(metric.split(".")[-1].replace("_", " "))
        ax.set_title(title or f"{metric} by {x} and {y}")
        fig.tight_layout()
    return fig


def sweep_lines(df: pd.DataFrame, x: str, metric: str, ax=None, title: str | None = None):
    """``metric`` against one swept parameter: a line over numeric values, bars over named ones (mean,
    with the min-max range over any other parameters)."""
    g = df.groupby(x, sort=False)[metric].agg(["mean", "min", "max"]).reset_index()
    label = metric.split(".")[-1].replace("_", " ")
    numeric = pd.api.types.is_numeric_dtype(df[x])
    with styled():
        if ax is None:
            fig, ax = plt.subplots(figsize=(6.4, 3.6) if numeric else (6.4, 0.4 * len(g) + 1.4))
        else:
            fig = ax.figure
        spread = (g["min"] != g["max"]).any()
        if numeric:
            ax.plot(g[x], g["mean"], marker="o")
            if spread:
                ax.fill_between(g[x], g["min"], g["max"], alpha=0.2, label="range over other parameters")
            ax.set_xlabel(x)
            ax.set_ylabel(label)
        else:
            pos = np.arange(len(g))
            err = np.vstack([g["mean"] - g["min"], g["max"] - g["mean"]]) if spread else None
            ax.barh(pos, g["mean"], xerr=err, color="#0072B2")
            for p_, v in zip(pos, g["mean"]):
                ax.text(v, p_, f" {v:.3g}", va="center", fontsize=8)
            ax.set_yticks(pos, [str(v) for v in g[x]])
            ax.invert_yaxis()
            ax.set_ylabel(x)
            ax.set_xlabel(label)
        ax.set_title(title or f"{label} by {x}")
        ax.grid(alpha=0.3)
        if spread and numeric:
            ax.legend()
        fig.tight_layout()
    return fig


def gain_panels(df: pd.DataFrame, x: str, y: str | None, gains: list[str], title: str):
    """One panel per actor: its mean gain over reservation, on the grid of the swept parameters (a shared
    diverging scale, so panels compare directly)."""
    actors = [g.split(".")[-1] for g in gains]
    if y is None:
        return gain_bars(df, x, gains, actors, title)
    lim = max(0.01, float(np.nanmax(np.abs(df[gains].to_numpy(dtype=float)))))
    with styled():
        fig, axes = plt.subplots(1, len(gains), figsize=(3.4 * len(gains) + 1, 4.2 if y else 3.4), squeeze=False,
                                 sharey=True)
        im = None
        for ax, col, actor in zip(axes[0], gains, actors):
            grid = grid_of(df, x, y, col)
            values = grid.to_numpy(dtype=float)
            im = ax.imshow(values, cmap=DIVERGING, vmin=-lim, vmax=lim, aspect="auto", origin="lower")
            for (i, j), v in np.ndenumerate(values):
                if np.isfinite(v):
                    ax.text(j, i, f"{v:+.2f}", ha="center", va="center", fontsize=7,
                            color="white" if abs(v) > 0.6 * lim else "black")
            ax.set_xticks(range(grid.shape[1]), [wrap(c, 20, 2) for c in grid.columns], rotation=40, ha="right",
                          fontsize=8)
            ax.set_yticks(range(grid.shape[0]), [wrap(r, 24, 2) for r in grid.index] if y else [""], fontsize=8)
            ax.set_title(actor)
            ax.set_xlabel(wrap(x, 40, 2), fontsize=8)
            ax.spines[:].set_visible(False)
        if y:
            axes[0][0].set_ylabel(wrap(y, 40, 2))
        fig.colorbar(im, ax=axes[0].tolist(), shrink=0.85, pad=0.02).set_label("mean gain over reservation")
        fig.suptitle(title, fontweight="bold", y=1.04)
    return fig


def gain_bars(df: pd.DataFrame, x: str, gains: list[str], actors: list[str], title: str):
    """One swept parameter: grouped horizontal bars, one colour per actor."""
    from .style import actor_colors

    g = df.groupby(x, sort=False)[gains].mean()
    colors = actor_colors(actors)
    height = 0.8 / len(gains)
    with styled():
        fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(g) * max(1, len(gains) / 3) + 1.8))
        pos = np.arange(len(g))
        for n, (col, actor) in enumerate(zip(gains, actors)):
            ax.barh(pos + (n - (len(gains) - 1) / 2) * height, g[col], height=height, color=colors[actor],
                    label=actor)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(pos, [wrap(v, 28, 2) for v in g.index])
        ax.invert_yaxis()
        ax.set_ylabel(wrap(x, 40, 2))
        ax.set_xlabel("mean gain over reservation value (utility; agreed runs)")
        ax.grid(axis="x", alpha=0.3)
        ax.legend(ncol=len(actors), loc="lower center", bbox_to_anchor=(0.5, 1.0))
        ax.set_title(title, pad=26)
        fig.tight_layout()
    return fig


def run_colors(labels: list[str]) -> dict[str, str]:
    from .style import PALETTE

    return {label: PALETTE[n % len(PALETTE)] for n, label in enumerate(labels)}


def outcome_bars(reasons: dict[str, dict[str, float]]):
    """Stacked bars per run: share of ensemble runs ending in agreement, walk-out or the deadline."""
    from .style import ACCEPT, NEUTRAL, REJECT

    labels = list(reasons)
    kinds = [("agreement", ACCEPT), ("walk_out", REJECT), ("deadline", NEUTRAL)]
    with styled():
        fig, ax = plt.subplots(figsize=(7, 0.55 * len(labels) + 1.6))
        left = np.zeros(len(labels))
        for kind, colour in kinds:
            share = np.array([reasons[lab].get(kind, 0.0) for lab in labels])
            ax.barh(range(len(labels)), share, left=left, color=colour, label=kind.replace("_", "-"))
            for i, (x0, w) in enumerate(zip(left, share)):
                if w >= 0.06:
                    ax.text(x0 + w / 2, i, f"{w:.0%}", ha="center", va="center", fontsize=8, color="white")
            left += share
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of ensemble runs")
        ax.legend(ncol=3, loc="lower center", bbox_to_anchor=(0.5, 1.0))
        ax.set_title("How the negotiations end", pad=28)
        fig.tight_layout()
    return fig


def outcome_distributions(outcomes: dict[str, pd.DataFrame], issues: list[dict], ncols: int = 3):
    """One panel per issue: share of agreed runs signing each option, one bar colour per run."""
    labels = list(outcomes)
    colors = run_colors(labels)
    nrows = int(np.ceil(len(issues) / ncols))
    width = 0.8 / max(1, len(labels))
    with styled():
        tall = max(len(i["options"]) for i in issues) * max(1, len(labels)) * 0.12 + 1.6
        fig, axes = plt.subplots(nrows, ncols, figsize=(REPORT_WIDTH, tall * nrows), squeeze=False)
        for ax, issue in zip(axes.flat, issues):
            opts = issue["options"]
            for n, lab in enumerate(labels):
                df = outcomes[lab]
                share = df[df["issue"] == issue["key"]].set_index("option")["share"].reindex(opts).fillna(0)
                ax.barh(np.arange(len(opts)) + (n - (len(labels) - 1) / 2) * width, share, height=width,
                        color=colors[lab], label=lab)
            ax.set_yticks(range(len(opts)), [wrap(o, 26, 2) for o in issue.get("option_labels", opts)],
                          fontsize=7)
            ax.invert_yaxis()
            ax.set_xlim(0, 1)
            ax.set_title(issue["label"], fontsize=9, loc="left")
            ax.grid(axis="x", alpha=0.3)
        for ax in axes.flat[len(issues):]:
            ax.set_visible(False)
        for ax in axes[-1]:
            ax.set_xlabel("share of agreed runs")
        handles, names = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="upper center", ncol=min(4, len(labels)), bbox_to_anchor=(0.5, 1.0))
        fig.suptitle("What the agreements sign, per issue (options in the scenario's order)", fontweight="bold",
                     y=1.03)
        fig.tight_layout(rect=(0, 0, 1, 0.97))
    return fig


def trajectories(histories: dict[str, pd.DataFrame], actors: list[str], actor_labels: dict[str, str]):
    """One panel per actor: utility of the text on the table by month (solid) and the reservation value
    (dashed), one colour per run."""
    labels = list(histories)
    colors = run_colors(labels)
    ncols = min(len(actors), 2)
    nrows = int(np.ceil(len(actors) / ncols))
    with styled():
        fig, axes = plt.subplots(nrows, ncols, figsize=(6.2 * ncols, 3.0 * nrows), squeeze=False, sharex=True)
        for ax, actor in zip(axes.flat, actors):
            for lab in labels:
                h = histories[lab]
                h = h[h["actor"] == actor]
                ax.plot(h["month"], h["utility"], color=colors[lab], label=lab, linewidth=1.5)
                ax.plot(h["month"], h["reservation"], color=colors[lab], linestyle="--", linewidth=1)
            ax.set_title(actor_labels.get(actor, actor), loc="left")
            ax.set_ylabel("utility")
            ax.grid(alpha=0.3)
        for ax in axes.flat[len(actors):]:
            ax.set_visible(False)
        for ax in axes[-1]:
            ax.set_xlabel("month of talks")
        handles, names = axes.flat[0].get_legend_handles_labels()
        from matplotlib.lines import Line2D
        handles += [Line2D([], [], color="black", linestyle="--")]
        names += ["reservation value (dashed)"]
        fig.legend(handles, names, loc="upper center", ncol=min(4, len(names)), bbox_to_anchor=(0.5, 1.0))
        fig.suptitle("Trajectories: each actor's utility of the text on the table, per run", fontweight="bold",
                     y=1.04)
        fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig


def sweeps_side_by_side(tables: dict[str, pd.DataFrame], x: str, y: str, metric: str):
    """The same heatmap for several sweeps over the same two parameters, on one colour scale."""
    values = np.concatenate([grid_of(df, x, y, metric).to_numpy(dtype=float).ravel() for df in tables.values()])
    values = values[np.isfinite(values)]
    scale = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    short = metric.split(".")[-1].replace("_", " ")
    with styled():
        first = grid_of(next(iter(tables.values())), x, y, metric)
        fig, axes = plt.subplots(1, len(tables), figsize=((1.1 * first.shape[1] + 3) * len(tables),
                                                          0.55 * first.shape[0] + 2.2), squeeze=False)
        for ax, (label, df) in zip(axes[0], tables.items()):
            sweep_heatmap(df, x, y, metric, ax=ax, title=label, scale=scale)
        fig.suptitle(f"{short}: sweeps side by side (one colour scale)", fontweight="bold")
        fig.tight_layout()
    return fig
