"""Figures of the analysis stage, drawn from its saved tables (see sim/runs/stage_analysis.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..runs.io import has_table, read_table
from ..scenario.labels import Labels
from .concessions import concession_heatmap
from .distance import distance_chart
from .frontier import pair_matrix
from .style import FigureEntry, save

MAX_FRONTIER_POINTS = 20_000


def run_figures(out, meta: dict) -> list[FigureEntry]:
    out = Path(out)
    if not has_table(out, "zone_summary"):
        return []
    summary = read_table(out, "zone_summary").iloc[0]
    zone_size = int(summary["zone_size"])
    sampled = not bool(summary.get("pareto_listed", True))  # a frontier past analysis.frontier_limit
    actors = meta["actors"]
    issue_keys = [i["key"] for i in meta["issues"]]
    names = Labels.from_meta(meta)
    entries = []

    pareto = read_table(out, "pareto")
    if len(pareto) > MAX_FRONTIER_POINTS:  # a fixed thinning: same tables, same figure
        pareto = pareto.iloc[np.linspace(0, len(pareto) - 1, MAX_FRONTIER_POINTS).astype(int)]
    solutions = read_table(out, "solutions").set_index("solution")
    fig = pair_matrix(pareto, read_table(out, "zone_sample"), read_table(out, "proposal_points"), solutions,
                      actors, {a: r for a, r in meta["reservations"].items() if a in meta["signatories"]},
                      meta["actor_labels"], zone_size, sampled)
    entries.append(FigureEntry(save(fig, out / "figures" / "frontier_pairs.png", tight=False),
                               "Frontier and agreement zone",
                               "Each panel plots two actors' utilities. Light blue: bundles every signatory "
                               "accepts (the agreement zone); dark blue and grey: Pareto-efficient bundles "
                               "(over all actors) inside and outside the zone; dashed lines: signatories' "
                               "reservation values; numbered circles: the historical proposals; large markers: the "
                               "bargaining solutions over the zone." + (f" {summary['note']}" if sampled else "")))
    if zone_size:
        fig = concession_heatmap(read_table(out, "concessions"), names, zone_size)
        entries.append(FigureEntry(save(fig, out / "figures" / "concession_map.png", tight=False),
                                   "Concession map",
                                   "For each issue and option, the share of the agreement zone's bundles that "
                                   "hold it: where a deal can stand on each issue, and which options no deal "
                                   "can include (0)."))
    summary = read_table(out, "nearest_summary")
    if len(summary):
        fig = distance_chart(summary, read_table(out, "nearest_changes"), issue_keys, names)
        entries.append(FigureEntry(save(fig, out / "figures" / "distance_to_deal.png", tight=False),
                                   "Distance to a deal",
                                   "For each proposal, the fewest issues to change so that every signatory "
                                   "accepts (among those, the highest Nash product): a shaded cell names the "
                                   "option the issue moves to (the table below lists from and to); issues no "
                                   "proposal needs to change are left out."))
    return entries
