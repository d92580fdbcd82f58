"""Negotiation figures, from the tables the negotiation stage saved (never by re-running a model).

* trajectory: each signatory's utility of the text on the table month by month, with its aspiration and
  its moving reservation value, the war below (beliefs, battles, events), the end of the talks marked;
* offer path: the texts put on the table in the utility space of one pair of actors, over the frontier;
* ensemble: how often, and when, runs agree, and which option of each issue agreed runs signed.

Data preparation is in pure functions (``trajectory_data``, ``offer_path_data``, ``outcome_shares``) that
tests check; drawing functions take ``ax=None``/``fig=None`` and return the figure.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from ..runs.formats import probability_text
from ..runs.io import has_table, read_table
from .style import ACCEPT, NEUTRAL, REJECT, REPORT_WIDTH, FigureEntry, actor_colors, cloud, save, styled, wrap

END_COLORS = {"agreement": ACCEPT, "walk_out": REJECT, "deadline": NEUTRAL}
PROPOSER_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "h"]


# --- data ---------------------------------------------------------------------------------------
def month_label(start: str | None, month: int) -> str:
    """``start`` = calendar month of month 0 ("2026-01"): month 6 -> "Jul 2026"; else "month 6"."""
    if not start:
        return f"month {month}"
    period = pd.Period(start, freq="M") + int(month)
    return period.strftime("%b %Y")


def end_text(agreement: pd.Series, labels: dict[str, str]) -> str:
    month = int(agreement["month"])
    when = month_label(agreement.get("start") or None, month)
    if agreement["reason"] == "agreement":
        return f"agreement, month {month} ({when})" if agreement.get("start") else f"agreement, month {month}"
    if agreement["reason"] == "walk_out":
        who = ", ".join(labels.get(a, a) for a in str(agreement["walked_out"]).split(",") if a)
        return f"{who} walked out, month {month}"
    return f"no agreement by the deadline (month {month})"


def trajectory_data(history: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per signatory, months 1.. with ``utility`` (of the text on the table), ``aspiration``,
    ``reservation`` and ``accepts``; month 0 (before talks) carries the starting reservation value."""
    out = {}
    for actor, df in history[history["signatory"]].groupby("actor", sort=False):
        out[actor] = df[["month", "utility", "aspiration", "reservation", "accepts"]].reset_index(drop=True)
    return out


def war_data(history: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(beliefs: month x actor, per-month war state: battle, balance, events)."""
    beliefs = history.pivot(index="month", columns="actor", values="belief")
    beliefs = beliefs[list(dict.fromkeys(history["actor"]))]
    state = history.groupby("month", sort=True)[["battle", "balance", "events"]].first().reset_index()
    return beliefs, state


def offer_path_data(texts: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """The texts on the table in order: month, proposer and the pair's utilities."""
    return texts[["month", "proposer", f"u_{x}", f"u_{y}"]].rename(columns={f"u_{x}": "x", f"u_{y}": "y"})


def outcome_shares(outcomes: pd.DataFrame, issue: str) -> pd.DataFrame:
    """One issue's options in order with the share of agreed runs that signed each."""
    return outcomes[outcomes["issue"] == issue].sort_values("option_index").reset_index(drop=True)


def _month_axis(ax, start: str | None, last: int, dated_every: int = 1) -> None:
    """Month ticks; under every ``dated_every``-th tick its calendar month too (a narrow panel has room for
    every other date only: "Jul 2026Jan 2027" would run together)."""
    step = 6 if last > 12 else (3 if last > 6 else 1)
    ticks = list(range(0, last + 1, step))
    ax.set_xticks(ticks, [f"{t}\n{month_label(start, t)}" if start and (t // step) % dated_every == 0 else str(t)
                          for t in ticks], fontsize=8 if start else 9)
    ax.set_xlim(-0.5, last + 0.5)


# --- figures ------------------------------------------------------------------------------------
def trajectory(history: pd.DataFrame, agreement: pd.Series, labels: dict[str, str] | None = None,
               war_side: str | None = None, fig=None):
    """Small multiples, one per signatory: utility of the text (filled dot = accepts, cross = objects),
    aspiration (dotted) and reservation value (dashed, moved by the war); a last panel with the war."""
    labels = labels or {}
    data = trajectory_data(history)
    actors = list(data)
    colors = actor_colors(list(dict.fromkeys(history["actor"])))
    start = agreement.get("start") or None
    last = int(history["month"].max())
    end = str(agreement["reason"])
    ncol = 2
    nrow = (len(actors) + ncol - 1) // ncol
    with styled():
        fig = fig or plt.figure(figsize=(REPORT_WIDTH, 2.7 * nrow + 3.2))
        grid = fig.add_gridspec(nrow + 1, ncol, height_ratios=[1] * nrow + [0.9])
        lo = float(np.nanmin([np.nanmin(d[["utility", "aspiration", "reservation"]].to_numpy(dtype=float))
                              for d in data.values()]))
        for n, actor in enumerate(actors):
            ax = fig.add_subplot(grid[n // ncol, n % ncol])
            d, c = data[actor], colors[actor]
            ax.fill_between(d["month"], 0, d["reservation"], color=NEUTRAL, alpha=0.15, linewidth=0, step="mid")
            ax.plot(d["month"], d["reservation"], "--", color=c, linewidth=1.4)
            ax.plot(d["month"], d["aspiration"], ":", color=c, linewidth=1.6)
            ax.plot(d["month"], d["utility"], "-", color=c, linewidth=1.0, alpha=0.6)
            acc = d["accepts"].fillna(False).astype(bool)
            ax.scatter(d.loc[acc, "month"], d.loc[acc, "utility"], s=22, color=c, zorder=3)
            ax.scatter(d.loc[~acc & d["utility"].notna(), "month"], d.loc[~acc & d["utility"].notna(), "utility"],
                       s=22, marker="x", color=c, linewidths=1.2, zorder=3)
            ax.axvline(last, color=END_COLORS.get(end, NEUTRAL), linewidth=2, alpha=0.8)
            ax.set_title(labels.get(actor, actor), loc="left")
            ax.set_ylim(max(0.0, lo - 0.05), 1.0)
            ax.set_ylabel("utility")
            ax.grid(alpha=0.25)
            _month_axis(ax, start, last, dated_every=2)
        _war_panel(fig.add_subplot(grid[nrow, :]), history, colors, labels, war_side, start, last)
        handles = [Line2D([], [], color="k", linestyle="-", marker="o", markersize=5,
                          label="utility of the text (accepts)"),
                   Line2D([], [], color="k", linestyle="", marker="x", markersize=6, label="objects to it"),
                   Line2D([], [], color="k", linestyle=":", label="aspiration (what it demands)"),
                   Line2D([], [], color="k", linestyle="--", label="reservation value (no deal; moved by the war)"),
                   Line2D([], [], color=END_COLORS.get(end, NEUTRAL), linewidth=2, label=end_text(agreement, labels))]
        fig.legend(handles=handles, loc="upper center", ncol=3, bbox_to_anchor=(0.5, 0.95), fontsize=9)
        who = agreement.get("mediator") or ""
        proto = agreement["protocol"] + (f", mediator {labels.get(who, 'neutral' if who == 'mediator' else who)}"
                                         if who else "")
        fig.suptitle(f"Negotiation trajectory ({proto}; war: {agreement['war']}):\n{end_text(agreement, labels)}",
                     fontweight="bold", y=0.995)
        fig.tight_layout(rect=(0, 0, 1, 0.915))
    return fig


def _war_panel(ax, history, colors, labels, side, start, last) -> None:
    beliefs, state = war_data(history)
    for actor in beliefs.columns:
        ax.plot(beliefs.index, beliefs[actor], color=colors[actor], linewidth=1.6, label=labels.get(actor, actor))
    ax.step(state["month"], state["balance"], where="mid", color="k", linewidth=1, alpha=0.7,
            label="true chance a month's fighting favours " + labels.get(side, side or "side A"))
    battles = state.dropna(subset=["battle"])
    won = battles[battles["battle"] > 0.5]
    lost = battles[battles["battle"] <= 0.5]
    ax.scatter(won["month"], np.full(len(won), 0.97), marker="|", s=60, color="k",
               label=f"month favoured {labels.get(side, side or 'side A')}")
    ax.scatter(lost["month"], np.full(len(lost), 0.03), marker="|", s=60, color=NEUTRAL, label="month went against it")
    for _, ev in state[state["events"].fillna("").astype(bool)].iterrows():
        ax.axvline(ev["month"], color="#E69F00", linewidth=1.5)
        ax.text(ev["month"] + 0.3, 0.88, wrap(ev["events"], 40, 3), fontsize=8, va="top", color="#8a5a00")
    who = labels.get(side, side) if side else "side A"
    ax.set_ylabel(f"belief {who}\nprevails")
    ax.set_ylim(0, 1)
    ax.set_title(f"War: each actor's belief that the war ends in {who}'s favour (Beta learning from monthly "
                 "battles)", loc="left", fontsize=10)
    ax.grid(alpha=0.25)
    _month_axis(ax, start, last)
    ax.set_xlabel("month of talks")
    # below the panel, not beside it: beside it, tight_layout narrowed every panel above by its width
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=4, fontsize=8)


def offer_path(frontier: pd.DataFrame, texts: pd.DataFrame, history: pd.DataFrame, agreement: pd.Series,
               x: str, y: str, labels: dict[str, str] | None = None, ax=None):
    """Texts on the table in the (x, y) utility plane, coloured by month, over the efficient candidates;
    reservation values at the start (dashed) and the end (dotted) of the talks. ``labels`` names actors
    and proposals (the opening text is named by ``agreement['opening']``)."""
    labels = labels or {}
    opening = agreement.get("opening") or ""
    path = offer_path_data(texts, x, y)
    with styled():
        if ax is None:
            fig, ax = plt.subplots(figsize=(8.6, 6.6))
        else:
            fig = ax.figure
        cloud(ax, frontier[x], frontier[y], 6, "#BBBBBB", label="efficient texts (candidates)")
        res = history.pivot(index="month", columns="actor", values="reservation")
        for month, style, word in ((res.index.min(), "--", "start"), (res.index.max(), ":", "end")):
            ax.axvline(res.loc[month, x], color="k", linestyle=style, linewidth=1)
            ax.axhline(res.loc[month, y], color="k", linestyle=style, linewidth=1)
            ax.plot([], [], color="k", linestyle=style, linewidth=1,
                    label=f"reservation values, {word} (month {month})")
        ax.plot(path["x"], path["y"], color="#555555", linewidth=0.8, alpha=0.7, zorder=2)
        proposers = list(dict.fromkeys(path["proposer"]))
        sc = None
        for k, who in enumerate(proposers):
            p = path[path["proposer"] == who]
            marker = PROPOSER_MARKERS[k % len(PROPOSER_MARKERS)]
            sc = ax.scatter(p["x"], p["y"], c=p["month"], cmap="viridis", vmin=1, vmax=max(path["month"].max(), 2),
                            marker=marker, s=46, edgecolors="k", linewidths=0.4, zorder=3)
            name = (f"opening text: {labels.get(opening, opening)}" if who == "opening"
                    else f"text by {labels.get(who, who)}")
            ax.scatter([], [], marker=marker, s=46, color="white", edgecolors="k", linewidths=0.8, label=name)
        if len(path):
            first = path.iloc[0]
            ax.annotate("month 1", (first["x"], first["y"]), textcoords="offset points", xytext=(6, -12), fontsize=8)
            if agreement["reason"] == "agreement":
                lastrow = path.iloc[-1]
                ax.scatter([lastrow["x"]], [lastrow["y"]], marker="*", s=380, color=ACCEPT, edgecolors="k",
                           zorder=4, label=f"signed, month {int(lastrow['month'])}")
        if sc is not None:
            fig.colorbar(sc, ax=ax, label="month the text was on the table", shrink=0.8)
        ax.set_xlabel(f"{labels.get(x, x)} utility")
        ax.set_ylabel(f"{labels.get(y, y)} utility")
        ax.grid(alpha=0.25)
        ax.legend(loc="lower left", fontsize=8, framealpha=0.85, frameon=True)
        ax.set_title(f"Offer path: {labels.get(x, x)} vs {labels.get(y, y)} ({agreement['protocol']}); "
                     f"{end_text(agreement, labels)}", fontsize=11)
        fig.tight_layout()
    return fig


def ensemble_outcomes(outcomes: pd.DataFrame, months: pd.DataFrame, runs: pd.DataFrame,
                      issue_labels: dict[str, str] | None = None, fig=None):
    """Top: agreements signed per month and the cumulative agreement probability; below, per issue, the
    share of agreed runs that signed each option."""
    issue_labels = issue_labels or {}
    issues = list(dict.fromkeys(outcomes["issue"]))
    n_agreed = int(runs["agreed"].sum())
    ncol = 3
    nrow = (len(issues) + ncol - 1) // ncol
    # each row as tall as its longest option list needs (two lines of 7.5-point text per option)
    options = outcomes.groupby("issue", sort=False).size().reindex(issues).to_numpy()
    heights = [0.32 * max(options[r * ncol:(r + 1) * ncol]) + 0.9 for r in range(nrow)]
    with styled():
        fig = fig or plt.figure(figsize=(REPORT_WIDTH, sum(heights) + 3.4))
        grid = fig.add_gridspec(nrow + 1, ncol, height_ratios=[2.6] + heights)
        top = fig.add_subplot(grid[0, :])
        top.bar(months["month"], months["share"], color=ACCEPT, alpha=0.6, label="agreements signed that month")
        twin = top.twinx()
        twin.plot(months["month"], months["cumulative"], color="k", linewidth=1.8, label="agreed by that month")
        twin.set_ylim(0, 1)
        twin.set_ylabel("cumulative share of runs")
        top.set_ylabel("share of runs")
        top.set_xlabel("month of talks")
        top.set_xlim(0.5, months["month"].max() + 0.5)
        reasons = runs["outcome"].value_counts(normalize=True)
        top.set_title(f"{len(runs)} runs: agreement in "
                      f"{probability_text(reasons.get('agreement', 0), len(runs))}, walk-out in "
                      f"{reasons.get('walk_out', 0):.0%}, deadline reached in {reasons.get('deadline', 0):.0%}",
                      loc="left", fontsize=11)
        h1, l1 = top.get_legend_handles_labels()
        h2, l2 = twin.get_legend_handles_labels()
        top.legend(h1 + h2, l1 + l2, loc="upper left")
        for n, issue in enumerate(issues):
            ax = fig.add_subplot(grid[1 + n // ncol, n % ncol])
            d = outcome_shares(outcomes, issue)
            y = np.arange(len(d))
            best = d["share"].to_numpy().argmax() if n_agreed else -1
            ax.barh(y, d["share"], color=[ACCEPT if k == best else "#56B4E9" for k in range(len(d))])
            ax.set_yticks(y, [wrap(t) for t in d["option_label"]], fontsize=7.5)
            ax.invert_yaxis()
            ax.set_xlim(0, 1)
            # a title starts at its panel's left edge: 20 characters of 10-point bold stay inside the figure
            ax.set_title(wrap(issue_labels.get(issue, issue), 20, 3), fontsize=10, loc="left")
            ax.grid(axis="x", alpha=0.25)
            if n // ncol == nrow - 1:
                ax.set_xlabel("share of agreed runs")
            if not n_agreed:
                ax.text(0.5, 0.5, "no run agreed", transform=ax.transAxes, ha="center", color=NEUTRAL)
        fig.suptitle(f"Ensemble: when runs agree, and what the {n_agreed} agreements signed on each issue\n"
                     "(options in the scenario's order, the first at the top)", fontweight="bold")
        fig.tight_layout(rect=(0, 0, 1, 0.97))
    return fig


# --- the run folder -----------------------------------------------------------------------------
def run_figures(out, meta: dict) -> list[FigureEntry]:
    out = Path(out)
    if not has_table(out, "negotiation_history"):
        return []
    labels = meta["actor_labels"]
    history = read_table(out, "negotiation_history")
    agreement = read_table(out, "negotiation_agreement").iloc[0]
    texts = read_table(out, "negotiation_texts")
    side = agreement.get("side") or None
    names = {**meta.get("proposals", {}), **labels}
    entries = []
    fig = trajectory(history, agreement, labels, side)
    entries.append(FigureEntry(
        save(fig, out / "figures" / "negotiation_trajectory.png", tight=False),
        "Negotiation trajectory (one seeded run)",
        "One panel per signatory: its utility of the text on the table each month (dot: accepts; cross: "
        "objects), its aspiration (dotted: what its strategy demands) and its reservation value (dashed: the "
        "value of no deal, moved by the war; grey below it). The vertical bar marks how the talks ended. "
        "Bottom: each actor's belief about who prevails, updated from the monthly battles, with the "
        "scheduled events."))
    pair = [agreement.get("pair_x"), agreement.get("pair_y")]
    if not all(p in meta["actors"] for p in pair):
        pair = meta["signatories"][:2]
    if len(pair) == 2 and len(texts) and has_table(out, "negotiation_frontier"):
        fig = offer_path(read_table(out, "negotiation_frontier"), texts, history, agreement, pair[0], pair[1],
                         names)
        entries.append(FigureEntry(
            save(fig, out / "figures" / "negotiation_offer_path.png", tight=False),
            f"Offer path ({labels.get(pair[0], pair[0])} and {labels.get(pair[1], pair[1])})",
            "The texts put on the table month by month (colour: month; shape: who wrote it) in the utility "
            "plane of two actors, over the efficient candidate texts (grey). Lines: the two reservation values "
            "at the start (dashed) and at the end (dotted) of the talks; a deal must lie above and to the right "
            "of both. Star: the signed text. Texts efficient for all actors can lie inside this pair's own "
            "frontier: what these two give up goes to the others."))
    if has_table(out, "negotiation_ensemble_outcomes"):
        issue_labels = {i["key"]: i["label"] for i in meta["issues"]}
        fig = ensemble_outcomes(read_table(out, "negotiation_ensemble_outcomes"),
                                read_table(out, "negotiation_ensemble_months"),
                                read_table(out, "negotiation_ensemble_runs"), issue_labels)
        entries.append(FigureEntry(
            save(fig, out / "figures" / "negotiation_ensemble.png", tight=False), "Ensemble of negotiations",
            "Many seeded runs of the same protocol, war and strategies (they differ in battles, belief noise "
            "and uncertain strategy parameters). Top: agreements per month and the cumulative agreement "
            "probability. Below: for each issue, the share of agreed runs that signed each option (green: "
            "the most frequent)."))
    return entries
