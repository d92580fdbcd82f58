"""Stage: the exact static analysis, written as tables, with the headline findings printed.

Tables (``tables/NAME.parquet`` and ``.csv``): pareto, zone_summary, solutions, concessions,
nearest_summary, nearest_changes, nearest_utilities, zone_sample, proposal_points, and when the zone is
empty why_empty_gaps and why_empty_red_lines (and why_empty_coalitions under a weighted rule). Figures
are drawn from them by ``sim.plots.analysis``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..analysis import Analysis, analyze
from ..analysis.empty import why_empty
from ..analysis.numeric import grid_utilities
from ..scenario.labels import Labels
from ..settings import read_flat
from .context import RunContext
from .formats import share_text
from .io import write_table

NAME = "analysis"
RNG_STREAM = 2  # this stage's child generator (see RunContext.rng): the zone sample and the frontier sample



@dataclass(frozen=True)
class AnalysisSettings:
    """What the stage writes and draws (the analysis itself is always exact); meanings and defaults in
    configs/analysis/default.yaml."""

    frontier_limit: int = field(metadata={"lo": 1})
    max_frontier_rows: int = field(metadata={"lo": 1})
    zone_points: int = field(metadata={"lo": 1})
    max_zone_enumerated: int = field(metadata={"lo": 0})
    max_frontier_points: int = field(metadata={"lo": 1})
    explain_red_lines: bool


def settings(cfg: Mapping) -> AnalysisSettings:
    return read_flat(AnalysisSettings, NAME, cfg.get(NAME))


def check(scn, cfg) -> None:
    """Fail before anything is written."""
    settings(cfg)


def run(ctx: RunContext) -> None:
    scn = ctx.scn
    opts = dataclasses.asdict(settings(ctx.cfg))
    ctx.say(f"Analysing {scn.space.size:,} bundles: Pareto frontier, agreement zone, solution points")
    note = long_search_note(scn.space.size, scn.space.n_issues)
    if note:
        ctx.say(note)
    # the frontier sample's own child of the stage's seed, so the zone sample's draws stay as they were
    res = analyze(scn, opts["frontier_limit"], seed=ctx.rng(RNG_STREAM).bit_generator.seed_seq.spawn(1)[0])
    sig = list(scn.signatories)
    pareto = res.pareto
    status = res.pareto_status
    if len(pareto) > opts["max_frontier_rows"]:
        order = np.argsort(-pareto[sig].sum(axis=1).to_numpy(), kind="stable")
        pareto = pareto.iloc[np.sort(order[:opts["max_frontier_rows"]])]
    write_table(pareto.reset_index(drop=True), ctx.out, "pareto")
    write_table(res.concessions, ctx.out, "concessions")
    write_table(res.solutions.reset_index(), ctx.out, "solutions")
    write_table(zone_sample(res, opts, ctx.rng(RNG_STREAM)), ctx.out, "zone_sample")
    write_table(proposal_points(res), ctx.out, "proposal_points")
    summary, changes, utilities = nearest_tables(res)
    write_table(summary, ctx.out, "nearest_summary")
    write_table(changes, ctx.out, "nearest_changes")
    write_table(utilities, ctx.out, "nearest_utilities")
    why = why_empty(scn, res.compound, red_lines=opts["explain_red_lines"]) if res.zone_size == 0 else None
    if why is not None:
        write_table(why.reservation_gaps, ctx.out, "why_empty_gaps")
        write_table(why.red_lines, ctx.out, "why_empty_red_lines")
        if len(why.coalitions):  # a weighted decision rule
            write_table(why.coalitions, ctx.out, "why_empty_coalitions")
    zone = pd.DataFrame([{
        "space_size": scn.space.size, "zone_size": res.zone_size, "zone_share": res.zone_size / scn.space.size,
        "pareto_size": status.size, "pareto_size_exact": status.exact, "pareto_listed": status.complete,
        # unknown (NA) when the frontier is only sampled: the sample's count would read as the frontier's
        "pareto_in_zone": int(res.pareto["in_zone"].sum()) if status.complete else pd.NA,
        "pareto_rows_written": len(pareto),
        # the zone frontier only when the solution points used it (few signatories, small): with many
        # it is nearly the whole zone, and nothing else needs it
        "zone_frontier_size": res.zone_frontier_size,
        "why_empty": why.reason if why is not None else "",
        "note": status.note() or ""}])
    write_table(zone, ctx.out, "zone_summary")
    lines = headlines(res, summary, why)
    ctx.summary["analysis"] = {"zone_size": res.zone_size, "pareto_size": status.size,
                               "pareto_size_exact": status.exact,
                               "pareto_in_zone": int(res.pareto["in_zone"].sum()) if status.complete else None,
                               "nearest_changes": {r.proposal: (None if pd.isna(r.n_changes) else int(r.n_changes))
                                                   for r in summary.itertuples()}}
    ctx.summary.setdefault("headlines", []).extend(lines)
    ctx.say("")
    for line in lines:
        ctx.say(f"* {line}")
    if why is not None:
        ctx.say(str(why))
    ctx.say("")


# Measured (docs/benchmarks.md; noisy 2-core machine): the default 12 issues (5.5e8 bundles) take ~2 s; a
# random 3-actor scenario of 60 three-option issues (4.2e28) took 41 s for the frontier alone and over 80 s
# for the zone count. The searches grow with the efficient set, not the space, so this is a warning only.
LONG_SEARCH_BUNDLES = 10**15


def long_search_note(size: int, n_issues: int) -> str | None:
    """A warning, before the exact searches start, when the space is large enough for them to run for
    minutes (the user may prefer ``stages=[verdicts]`` or an ``agenda``)."""
    if size < LONG_SEARCH_BUNDLES:
        return None
    return (f"note: {size:.1e} bundles over {n_issues} issues; the exact frontier and zone searches may take "
            f"minutes here (60 three-option issues: about 2 minutes on 2 cores). Narrow the space with "
            f"`agenda`, or skip them with stages=[verdicts].")


def zone_sample(res: Analysis, opts: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Zone bundles for the pair plots: a uniform sample, enumerated when the zone is small enough."""
    scn, n = res.scenario, int(opts["zone_points"])
    if res.zone_size <= opts["max_zone_enumerated"]:
        z = res.zone(res.zone_size)
        if len(z) > n:
            z = z.iloc[np.sort(rng.choice(len(z), n, replace=False))]
        return z.reset_index(drop=True)
    # a large zone is a large share of the space: draw random bundles and keep those in the zone
    rows = []
    sig = [int(i) for i in scn.signatory_index]
    got = 0
    for _ in range(50):
        b = np.column_stack([rng.integers(0, k, 100_000) for k in scn.space.shape])
        u = grid_utilities(scn, b)
        ok = (u[:, sig] >= res._thresholds).all(axis=1) & (scn.red_lines_broken(b)[:, sig] == 0).all(axis=1)
        rows.append(res._bundle_frame(b[ok], u[ok]))
        got += int(ok.sum())
        if got >= n:
            break
    return pd.concat(rows, ignore_index=True).head(n)


def proposal_points(res: Analysis) -> pd.DataFrame:
    """Each proposal's bundle and utilities (as the analysis computes them), one row per proposal."""
    scn = res.scenario
    if not scn.proposals:
        return pd.DataFrame(columns=["proposal", "label"] + scn.space.issue_keys + scn.actor_names)
    b = np.array([p.bundle for p in scn.proposals.values()], dtype=np.int64)
    df = res._bundle_frame(b, grid_utilities(scn, b))
    df.insert(0, "label", [p.label for p in scn.proposals.values()])
    df.insert(0, "proposal", list(scn.proposals))
    return df


def nearest_tables(res: Analysis) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Per proposal: the summary row, the changed issues, and every actor's utility before and after."""
    scn = res.scenario
    summary, changes, utilities = [], [], []
    for key in scn.proposals:
        n = res.nearest(key)
        text = "; ".join(f"{r.issue}: {r.from_option} -> {r.to_option}" for r in n.changes.itertuples())
        summary.append({"proposal": key, "label": scn.proposals[key].label, "found": n.found,
                        "n_changes": n.n_changes, "nash": n.nash, "changes": text, "reason": n.reason})
        if len(n.changes):
            changes.append(n.changes.assign(proposal=key))
        for a in scn.actor_names:
            utilities.append({"proposal": key, "actor": a, "before": float(n.before[a]),
                              "after": float(n.after[a]) if n.after is not None else np.nan,
                              "reservation": float(scn.actor(a).reservation)})
    cols = ["proposal", "issue", "from_option", "to_option", "from_index", "to_index"] + scn.actor_names
    ch = pd.concat(changes, ignore_index=True)[cols] if changes else pd.DataFrame(columns=cols)
    sm = pd.DataFrame(summary, columns=["proposal", "label", "found", "n_changes", "nash", "changes", "reason"])
    sm["n_changes"] = sm["n_changes"].astype("Int64")
    return sm, ch, pd.DataFrame(utilities, columns=["proposal", "actor", "before", "after", "reservation"])


def headlines(res: Analysis, nearest: pd.DataFrame, why) -> list[str]:
    scn = res.scenario
    names = Labels.from_scenario(scn)
    lines = [f"Agreement zone: {res.zone_size:,} of {scn.space.size:,} bundles "
             f"({share_text(res.zone_size / scn.space.size)}) are acceptable to every signatory "
             f"({names.actor_list(scn.signatories)})."]
    p, status = res.pareto, res.pareto_status
    if status.complete:
        lines.append(f"Pareto frontier: {len(p):,} efficient bundles, {int(p['in_zone'].sum()):,} of them in the zone.")
    else:
        lines.append(status.note())
    if res.nash is not None:
        nash = res.nash
        opts = names.bundle({i.key: int(nash[i.key]) for i in scn.issues})
        utils = ", ".join(f"{names.actor(a)} {nash[a]:.3f}" for a in scn.actor_names)
        lines.append(f"Nash bargaining point: {opts} (utilities {utils}).")
    else:
        lines.append(f"No solution points: the zone is empty ({why.reason if why is not None else ''}).")
    found = nearest[nearest["found"]]
    if len(found):
        parts = [f"{names.proposal(r.proposal)} ({int(r.n_changes)})"
                 for r in found.sort_values("n_changes").itertuples()]
        lines.append("Issues to change for a deal, per proposal: " + "; ".join(parts) + ".")
    return lines
