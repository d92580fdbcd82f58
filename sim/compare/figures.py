"""Which comparison figures to draw for a set of runs and sweeps."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..plots import compare as draw
from ..plots.style import FigureEntry, save
from ..runs.parameters import describe, value_label
from ..runs.sweep import GAIN
from ..scenario.labels import Labels
from .load import Run, Sweep

# outcome metrics worth a figure (keys of sim.runs.sweep.METRICS), in this order
HEADLINE_METRICS = ["negotiation.ensemble.agreement_probability", "analysis.zone_size",
                    "negotiation.ensemble.median_month"]


def verdicts_figure(runs: list[Run], out: Path) -> list[FigureEntry]:
    margins, accepts = {}, {}
    for r in runs:
        v = r.table("verdicts")
        if v is None or v.empty:
            continue
        names = Labels.from_meta(r.meta)
        v = v.assign(proposal=v["proposal"].map(names.proposal), actor=v["actor"].map(names.actor))
        order = {"index": [names.proposal(p) for p in r.meta["proposals"]],
                 "columns": [names.actor(a) for a in r.meta["actors"]]}
        margins[r.label] = v.pivot(index="proposal", columns="actor", values="margin").reindex(**order)
        accepts[r.label] = v.pivot(index="proposal", columns="actor", values="accepts").reindex(
            **order).fillna(False)
    if not margins:
        return []
    fig = draw.verdict_matrices(margins, accepts)
    return [FigureEntry(save(fig, out / "verdicts.png"), "Verdicts side by side",
                        "Margin of each actor's utility over its reservation value for each proposal, per run; "
                        "purple cells are accepted (✓), orange cells fall short.")]


def numeric_metrics(sweep: Sweep) -> list[str]:
    """The declared numeric outcome metrics that vary across the sweep's jobs."""
    df = sweep.table
    return [m.key for m in sweep.metrics if m.type in ("real", "integer") and df[m.key].nunique() > 1]


def headline_metrics(sweep: Sweep) -> tuple[list[str], list[str]]:
    """The headline outcome metrics present (in HEADLINE_METRICS order) and the per-actor gains (scenario
    order)."""
    cols = numeric_metrics(sweep)
    head = [m for m in HEADLINE_METRICS if m in cols]
    gains = [f"{GAIN}.{a}" for a in sweep.actors if f"{GAIN}.{a}" in cols]
    return head, gains


def readable(sweep: Sweep, df: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The sweep's table with a column per swept parameter named by its description and holding labels
    (options, proposals, actors), and per-actor gain columns ending in the actor's label; and the map
    from each original column to the one to draw."""
    names = Labels.from_meta(sweep.meta)
    side = (sweep.config.get("war") or {}).get("side")
    df = df.copy()
    shown = {}
    for p in sweep.params:
        shown[p] = describe(p, names, side)
        df[shown[p]] = df[p].map(lambda v, p=p: value_label(p, v, names))
    for col in [c for c in df.columns if c.startswith(f"{GAIN}.")]:
        head, _, actor = col.rpartition(".")
        shown[col] = f"{head}.{names.actor(actor)}"
        df[shown[col]] = df[col]
    return df, shown


def _name(sweep: Sweep, what: str) -> str:
    return re.sub(r"[^\w-]+", "_", f"sweep_{sweep.label}_{what}")  # a label may hold spaces or slashes


def sweep_figures(sweep: Sweep, out: Path) -> list[FigureEntry]:
    params = sorted(sweep.params, key=lambda c: -sweep.table[c].nunique())
    done = sweep.table[sweep.table["status"] == "done"] if "status" in sweep.table else sweep.table
    if not params or done.empty:
        return []
    head, gains = headline_metrics(sweep)
    done, shown = readable(sweep, done)
    params, gains = [shown[p] for p in params], [shown[g] for g in gains]
    others = params[2:]
    note = f" (mean over {', '.join(others)})" if others else ""
    entries = []
    for metric in head:
        short = metric.split(".")[-1].replace("_", " ")
        if len(params) >= 2:
            fig = draw.sweep_heatmap(done, params[0], params[1], metric, title=f"{sweep.label}: {short}{note}")
            what = f"{short.capitalize()} for each combination of {params[0]} and {params[1]}{note}."
        else:
            fig = draw.sweep_lines(done, params[0], metric, title=f"{sweep.label}: {short}")
            what = f"{short.capitalize()} against {params[0]}."
        entries.append(FigureEntry(save(fig, out / f"{_name(sweep, metric)}.png"), f"{sweep.label}: {short}", what))
    if gains:
        fig = draw.gain_panels(done, params[0], params[1] if len(params) > 1 else None, gains,
                               title=f"{sweep.label}: who gains from the deals reached{note}")
        entries.append(FigureEntry(save(fig, out / f"{_name(sweep, 'gains')}.png"), f"{sweep.label}: who gains",
                                   "Per actor, the mean utility of the signed texts over its reservation value at "
                                   "the start (runs that agreed only; blank where no run agreed)."))
    return entries


def negotiation_figures(runs: list[Run], out: Path) -> list[FigureEntry]:
    entries = []
    reasons = {r.label: r.summary.get("negotiation", {}).get("ensemble", {}).get("reasons") for r in runs}
    reasons = {k: v for k, v in reasons.items() if v}
    if reasons:
        fig = draw.outcome_bars(reasons)
        entries.append(FigureEntry(save(fig, out / "negotiation_outcomes.png"), "How the negotiations end",
                                   "Per run, the share of ensemble runs that agreed, saw a party walk out, or "
                                   "reached the deadline; the green share is the agreement probability."))
    outcomes = {r.label: r.table("negotiation_ensemble_outcomes") for r in runs}
    outcomes = {k: v for k, v in outcomes.items() if v is not None and v["count"].sum() > 0}
    if outcomes:
        issues = next(r.meta["issues"] for r in runs if r.label in outcomes)
        fig = draw.outcome_distributions(outcomes, issues)
        entries.append(FigureEntry(save(fig, out / "negotiation_outcome_distributions.png"),
                                   "What the agreements sign", "Per issue, the share of each run's agreed "
                                   "ensemble runs that signed each option (bars of one colour are one run)."))
    histories = {r.label: r.table("negotiation_history") for r in runs}
    histories = {k: v for k, v in histories.items() if v is not None and not v.empty}
    if histories:
        first = next(r for r in runs if r.label in histories)
        fig = draw.trajectories(histories, first.meta["signatories"], first.meta["actor_labels"])
        entries.append(FigureEntry(save(fig, out / "negotiation_trajectories.png"), "Trajectories",
                                   "Each signatory's utility of the text on the table in the seeded run of each "
                                   "run folder (solid) and its reservation value as the war moves it (dashed)."))
    return entries


def sweeps_compared(sweeps: list[Sweep], out: Path) -> list[FigureEntry]:
    """When several sweeps vary the same two parameters, each headline metric side by side."""
    groups: dict[frozenset[str], list[Sweep]] = {}
    for sw in sweeps:
        if len(sw.params) == 2:
            groups.setdefault(frozenset(sw.params), []).append(sw)
    entries = []
    for group in groups.values():
        if len(group) < 2:
            continue
        x, y = sorted(group[0].params, key=lambda c: -group[0].table[c].nunique())
        common = set.intersection(*(set(headline_metrics(sw)[0]) for sw in group))
        readables = {sw.label: readable(sw, sw.table[sw.table["status"] == "done"]) for sw in group}
        x, y = readables[group[0].label][1][x], readables[group[0].label][1][y]
        for metric in [m for m in headline_metrics(group[0])[0] if m in common]:
            tables = {label: table for label, (table, _) in readables.items()}
            fig = draw.sweeps_side_by_side(tables, x, y, metric)
            name = "_vs_".join(sw.label for sw in group)
            short = metric.split(".")[-1].replace("_", " ")
            entries.append(FigureEntry(save(fig, out / f"{_name(group[0], metric)}_vs_{name}.png".replace("/", "_")),
                                       f"{short}: {' vs '.join(sw.label for sw in group)}",
                                       f"{short.capitalize()} per combination of {x} and {y} in each sweep, on "
                                       "one colour scale so cells compare across sweeps."))
    return entries
