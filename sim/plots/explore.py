"""Scenario discovery and sensitivity figures (from the saved discovery_* and sensitivity_* tables)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..runs.io import has_table, read_table
from .style import NEUTRAL, PALETTE, REPORT_WIDTH, FigureEntry, save, styled, wrap

TREE_DEPTH = 3  # CART levels drawn (8 leaves at most): deeper splits are summarised in their node


def peeling_tradeoff(peeling: pd.DataFrame, summary: pd.Series, ax=None, number: int = 1):
    """PRIM's peeling trajectory of box ``number``: coverage against density of every box, coloured by how
    many inputs it restricts; the reported box is ringed; the dashed line is the share of runs where the
    outcome holds."""
    peeling = peeling[peeling["prim_box"] == number] if "prim_box" in peeling else peeling
    if number > 1:
        summary = summary.copy()
        summary["coverage"], summary["density"] = summary["box2_coverage"], summary["box2_density"]
    with styled():
        fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(REPORT_WIDTH, 5.2))
        dims = peeling["restricted"].to_numpy()
        levels = sorted(set(dims.tolist()))
        for n, d in enumerate(levels):
            sel = peeling[dims == d]
            ax.scatter(sel["coverage"], sel["density"], s=28, color=PALETTE[n % len(PALETTE)],
                       label=f"{d} input{'s' if d != 1 else ''} restricted", zorder=3)
        ax.plot(peeling["coverage"], peeling["density"], color=NEUTRAL, lw=0.8, zorder=2)
        base = summary["cases"] / summary["runs"] if summary["runs"] else np.nan
        if number > 1:  # the trajectory starts from the runs outside the boxes before: their share
            base = float(peeling.loc[peeling["box"] == 0, "density"].iloc[0])
        ax.axhline(base, color=NEUTRAL, ls="--", lw=1)
        where = "all runs" if number == 1 else "runs outside box 1"
        ax.annotate(f"{where}: {base:.0%}", (0.98, base), xycoords=("axes fraction", "data"), ha="right",
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
        which = "" if number == 1 else f" (box {number}, among the runs outside box 1)"
        ax.set_title("\n".join(textwrap.wrap(f"PRIM peeling trade-off{which}: {summary['target']}", 90)))
        ax.legend(loc="best", fontsize=8)
        ax.grid(alpha=0.3)
    return fig


def box_limits(box: pd.DataFrame, summary: pd.Series, ax=None):
    """The reported boxes: for each input a box restricts, what was drawn (grey) and the box's part (blue):
    a number's range on its own scale with the numbers at the ends, a choice's categories by their labels."""
    box = box.assign(prim_box=box["prim_box"] if "prim_box" in box else 1)
    with styled():
        n = max(len(box), 1)
        fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(REPORT_WIDTH, 1.0 + 0.6 * n))
        for k, r in enumerate(box.itertuples()):
            y = n - 1 - k
            if isinstance(r.categories, str) and r.categories:
                _categories(ax, y, r.categories.split(" | "), set(r.kept.split(" | ")))
                continue
            span = r.range_high - r.range_low
            lo, hi = (r.low - r.range_low) / span, (r.high - r.range_low) / span
            ax.barh(y, 1, left=0, height=0.5, color="#DDDDDD")
            ax.barh(y, hi - lo, left=lo, height=0.5, color=PALETTE[0])
            unit = f" {r.unit}" if r.unit else ""
            ax.text(-0.02, y, f"{r.range_low:.3g}", ha="right", va="center", fontsize=8, color="#555555")
            ax.text(1.02, y, f"{r.range_high:.3g}{unit}", ha="left", va="center", fontsize=8, color="#555555")
            ax.text((lo + hi) / 2, y + 0.33, f"{r.low:.3g} to {r.high:.3g}", ha="center", va="bottom", fontsize=8)
        boxes = box["prim_box"].nunique()
        names = [f"Box {b}: {label}" if boxes > 1 else label for b, label in zip(box["prim_box"], box["label"])]
        ax.set_yticks(range(n))
        ax.set_yticklabels(list(reversed(names)) or ["(no input restricted)"])
        ax.set_xticks([])
        ax.set_xlim(-0.12, 1.3)
        ax.set_ylim(-0.6, n - 0.2)
        ax.spines["bottom"].set_visible(False)
        what = "the PRIM boxes" if boxes > 1 else "the PRIM box"
        ax.set_title("\n".join(textwrap.wrap(f"{summary['target']}: {what} (blue) within what was drawn "
                                             "(grey)", 90)))
    return fig


def _categories(ax, y: float, labels: list[str], kept: set[str]) -> None:
    """One row of a choice: a cell per category, blue when the box keeps it."""
    width = 1 / len(labels)
    for n, label in enumerate(labels):
        keep = label in kept
        ax.barh(y, width * 0.96, left=n * width, height=0.5, color=PALETTE[0] if keep else "#DDDDDD")
        ax.text((n + 0.48) * width, y, wrap(label, max(8, 70 // len(labels)), 2), ha="center", va="center", fontsize=8,
                color="white" if keep else "#555555")


def cart_tree(nodes: pd.DataFrame, summary: pd.Series, depth: int = TREE_DEPTH):
    """The CART tree down to ``depth`` levels: each split names its input, each edge its condition; every
    node gives its runs and the share of them where the outcome holds, the colour too (white to blue)."""
    shown = nodes[nodes["depth"] <= depth]
    children = {p: g["node"].tolist() for p, g in shown.groupby("parent")}
    below = _leaves_below(nodes)
    x: dict[int, float] = {}

    def place(node: int, next_x: list[float]) -> float:
        kids = children.get(node, [])
        if not kids:
            x[node] = next_x[0]
            next_x[0] += 1
        else:
            x[node] = float(np.mean([place(k, next_x) for k in kids]))
        return x[node]

    place(0, [0.0])
    width = max(x.values()) + 1
    levels = int(shown["depth"].max()) + 1
    cmap = plt.get_cmap("Blues")
    by = shown.set_index("node")
    with styled():
        fig, ax = plt.subplots(figsize=(REPORT_WIDTH, 1.2 + 1.45 * levels))
        for node, r in by.iterrows():
            if r["parent"] >= 0:
                px, py, cx, cy = x[r["parent"]], -by.loc[r["parent"], "depth"], x[node], -r["depth"]
                ax.plot([px, cx], [py, cy], color=NEUTRAL, lw=1, zorder=1)
                # nearer the child than the parent: siblings' labels then sit apart
                ax.text(px + 0.62 * (cx - px), py + 0.62 * (cy - py), wrap(r["edge"], 8, 2), ha="center", va="center",
                        fontsize=7.5, zorder=3, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
        for node, r in by.iterrows():
            hidden = r["split"] and node not in children
            head = (f"Leaf {r['leaf']}" if r["leaf"] else wrap(r["split"], 20, 3) + "?" if not hidden
                    else f"split further\n({below[node]} leaves)")
            text = f"{head}\n{r['runs']:,} runs\n{r['density']:.0%} yes"
            ax.text(x[node], -r["depth"], text, ha="center", va="center", fontsize=7.5, zorder=4,
                    color="white" if r["density"] > 0.6 else "black",
                    bbox={"boxstyle": "round,pad=0.35", "fc": cmap(0.1 + 0.8 * r["density"]),
                          "ec": "black" if r["leaf"] else NEUTRAL, "lw": 1.2 if r["leaf"] else 0.6})
        ax.set_xlim(-0.6, width - 0.4)
        ax.set_ylim(-(levels - 1) - 0.55, 0.55)
        ax.axis("off")
        share = summary["cases"] / summary["runs"] if summary["runs"] else float("nan")
        ax.set_title("\n".join(textwrap.wrap(
            f"CART: {summary['target']} (yes in {share:.0%} of all runs); each box: its runs and the share "
            "of them where the outcome holds", 100)), fontsize=10)
    return fig


def _leaves_below(nodes: pd.DataFrame) -> dict[int, int]:
    """Leaves under every node (the whole tree, drawn or not)."""
    kids = {p: g["node"].tolist() for p, g in nodes.groupby("parent")}
    out: dict[int, int] = {}

    def count(n: int) -> int:
        out[n] = sum(count(k) for k in kids[n]) if n in kids else 1
        return out[n]

    count(0)
    return out


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
            if "prim_box" in peeling and (peeling["prim_box"] == 2).any() and np.isfinite(s["box2_coverage"]):
                entries.append(FigureEntry(save(peeling_tradeoff(peeling, s, number=2),
                                                out / "figures" / "explore_peeling_2.png"),
                                           "PRIM's second box: peeling trade-off among the runs outside box 1",
                                           "The same trade-off for the box PRIM finds once box 1's runs are "
                                           "set aside; coverage is still a share of all the cases."))
            box = read_table(out, "discovery_box")
            entries.append(FigureEntry(save(box_limits(box, s), out / "figures" / "explore_box.png"),
                                       "The reported PRIM boxes",
                                       "The ranges of the inputs (and the categories of choices) inside which "
                                       "the outcome mostly holds (blue), against what was drawn (grey)."))
    if has_table(out, "discovery_cart_tree"):
        nodes = read_table(out, "discovery_cart_tree")
        if len(nodes) > 1:
            s = read_table(out, "discovery_summary").iloc[0]
            entries.append(FigureEntry(save(cart_tree(nodes, s), out / "figures" / "explore_cart.png"),
                                       "CART: a second view of what would have to be true",
                                       "A classification tree on the same outcome: follow the edges from the "
                                       "top; each box gives its runs and the share where the outcome holds "
                                       f"(darker: more); the tree is drawn to {TREE_DEPTH} levels."))
    if has_table(out, "sensitivity_sobol"):
        sobol = read_table(out, "sensitivity_sobol")
        if len(sobol):
            entries.append(FigureEntry(save(sobol_bars(sobol), out / "figures" / "explore_sobol.png"),
                                       "Which inputs drive each outcome (Sobol indices)",
                                       "First-order (alone) and total (with interactions) shares of each "
                                       "outcome's variance; an input whose total index is near 0 does not matter."))
    return entries
