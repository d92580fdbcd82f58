"""Stage: a Monte Carlo over the actors' preferences (``sim.analysis.uncertainty``).

Tables (``tables/NAME.parquet`` and ``.csv``), drawn by ``sim.plots.uncertainty``:
  uncertainty_proposals  proposal, actor, probability (of acceptance over the draws), calibrated_accepts;
                         per proposal one row per actor, then an ``all_signatories`` row
  uncertainty_zone       one row per draw: draw, zone_size (exact), nash_accepted (the calibrated Nash
                         bundle accepted by every signatory; NA when the calibrated zone is empty)
  uncertainty_summary    one row: draws, the spreads, calibrated zone size, zone quantiles and shares
  uncertainty_experiments / _outcomes / _schema.json   (``sim.explore.schema``) one row per draw: the drawn
                         numbers (only those with a non-zero spread: each weighted issue's weight and option
                         values, the reservation value, per actor) beside zone_size, zone_nonempty,
                         nash_accepted and accepted_by_all.PROPOSAL
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..analysis.uncertainty import ALL, Spread, Uncertainty, monte_carlo
from ..explore.schema import Column, Experiments, write_experiments
from ..scenario.labels import Labels
from ..settings import read_flat
from .context import Progress, RunContext
from .formats import probability_text
from .io import write_table

NAME = "uncertainty"

SPREADS = ("weights", "values", "reservation")
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class UncertaintySettings:
    """Draws and spreads; meanings and defaults in configs/uncertainty/default.yaml (0 draws skips the
    stage; spreads are standard deviations)."""

    draws: int = field(metadata={"lo": 0})
    weights: float = field(metadata={"lo": 0.0})
    values: float = field(metadata={"lo": 0.0})
    reservation: float = field(metadata={"lo": 0.0})


def settings(cfg: Mapping) -> tuple[int, Spread]:
    """``draws`` and the ``Spread`` from the run config; one ``ConfigError`` naming every bad key."""
    given = cfg.get(NAME)
    if isinstance(given, Mapping):  # `explore` holds the explore stage's settings (sim.runs.stage_explore)
        given = {k: v for k, v in given.items() if k != "explore"}
    s = read_flat(UncertaintySettings, NAME, given)
    return s.draws, Spread(**{k: getattr(s, k) for k in SPREADS})


def check(scn, cfg) -> None:
    """Fail before anything is written."""
    settings(cfg)


def run(ctx: RunContext) -> None:
    scn = ctx.scn
    draws, spread = settings(ctx.cfg)
    if draws == 0:
        ctx.say("Uncertainty: 0 draws, skipped")
        ctx.summary[NAME] = {"draws": 0}
        return
    ctx.say(f"Uncertainty: {draws:,} draws of preferences (weights x exp(N(0, {spread.weights:g})), "
            f"values + N(0, {spread.values:g}), reservations + N(0, {spread.reservation:g})), exact zone each")
    # the run's seed unchanged: sim.analysis.uncertainty.monte_carlo(scn, draws, seed) gives these tables
    unc = monte_carlo(scn, draws, int(ctx.cfg.get("seed", 0)), spread,
                      progress=Progress(ctx.say, "uncertainty", "draws"))
    write_table(unc.proposals_table(), ctx.out, "uncertainty_proposals")
    write_table(unc.zone_table(), ctx.out, "uncertainty_zone")
    write_table(summary_table(unc), ctx.out, "uncertainty_summary")
    write_experiments(ctx.out, NAME, experiments(unc))
    ctx.summary[NAME] = summary_numbers(unc)
    line = headline(unc)
    ctx.summary.setdefault("headlines", []).append(line)
    ctx.say("")
    ctx.say(f"* {line}")
    ctx.say("")


def experiments(unc: Uncertainty) -> Experiments:
    """The drawn numbers (by key path in the scenario) aligned with each draw's outcomes."""
    scn, sp = unc.scenario, unc.spread
    x, inputs = {}, []
    for a, actor in enumerate(scn.actors):
        weighted = [i for i, w in enumerate(actor.weights) if w > 0]
        if sp.weights > 0:
            for i in weighted:
                issue = scn.issues[i]
                key = f"scenario.actors.{actor.key}.weights.{issue.key}"
                x[key] = unc.weights[:, a, i]
                inputs.append(Column(key, f"{actor.label}: weight of {issue.label}", "real", "share of salience",
                                     f"calibrated {actor.weights[i]:.3g}, times exp(N(0, {sp.weights:g})), "
                                     f"renormalised"))
        if sp.values > 0:
            offset = 0
            for i, issue in enumerate(scn.issues):
                for o, (opt, opt_label) in enumerate(zip(issue.options, issue.option_labels)):
                    if i in weighted:
                        key = f"scenario.actors.{actor.key}.values.{issue.key}.{opt}"
                        x[key] = unc.values[:, a, offset + o]
                        inputs.append(Column(key, f"{actor.label}: value of {issue.label} = {opt_label}", "real",
                                             "utility (0-1)", f"calibrated {actor.values[i][o]:.3g} + "
                                                              f"N(0, {sp.values:g}), clipped to [0, 1]"))
                offset += issue.n_options
        if sp.reservation > 0:
            key = f"scenario.actors.{actor.key}.reservation"
            x[key] = unc.reservations[:, a]
            inputs.append(Column(key, f"{actor.label}'s reservation value", "real", "utility (0-1)",
                                 f"calibrated {actor.reservation:.3g} + N(0, {sp.reservation:g}), clipped"))
    zone = unc.zone_table()
    y = {"zone_size": zone["zone_size"], "zone_nonempty": zone["zone_size"] > 0,
         "nash_accepted": zone["nash_accepted"]}
    metrics = [Column("zone_size", "Agreement zone size", "integer", "bundles", "exact, at month 0"),
               Column("zone_nonempty", "Agreement zone non-empty", "boolean"),
               Column("nash_accepted", "Calibrated Nash bundle accepted by all", "boolean", "",
                      "empty when the calibrated zone is empty")]
    sig = [int(i) for i in scn.signatory_index]
    for n, (key, p) in enumerate(scn.proposals.items()):
        y[f"accepted_by_all.{key}"] = unc.accepts[:, n, sig].all(axis=1)
        metrics.append(Column(f"accepted_by_all.{key}", f"{p.label} accepted by all", "boolean"))
    design = {"method": "monte_carlo", "samples": unc.draws, "seed": unc.seed,
              "spread": {k: getattr(sp, k) for k in SPREADS}}
    return Experiments(pd.DataFrame(x, index=range(unc.draws)), pd.DataFrame(y), inputs, metrics, design)


def summary_table(unc: Uncertainty) -> pd.DataFrame:
    q = unc.zone_quantiles(QUANTILES)
    row = {"draws": unc.draws, **{f"spread_{k}": getattr(unc.spread, k) for k in SPREADS},
           "space_size": unc.scenario.space.size, "calibrated_zone_size": unc.calibrated_zone_size,
           "zone_nonempty": unc.p_zone_nonempty,
           **{f"zone_q{round(p * 100):02d}": v for p, v in q.items()},
           "zone_below_calibrated": float((unc.zone_sizes < unc.calibrated_zone_size).mean()),
           "nash_accepted": unc.p_nash_accepted}
    return pd.DataFrame([row])


def summary_numbers(unc: Uncertainty) -> dict:
    q = unc.zone_quantiles(QUANTILES)
    wide = unc.acceptance
    return {"draws": unc.draws, "spread": {k: getattr(unc.spread, k) for k in SPREADS},
            "zone_nonempty": round(unc.p_zone_nonempty, 6), "zone_median": q[0.5],
            "zone_quartiles": [q[0.25], q[0.75]],
            "nash_accepted": None if unc.p_nash_accepted is None else round(unc.p_nash_accepted, 6),
            "all_signatories": {p: round(float(v), 6) for p, v in wide[ALL].items()}}


def headline(unc: Uncertainty) -> str:
    q = unc.zone_quantiles(QUANTILES)
    names, n = Labels.from_scenario(unc.scenario), unc.draws
    text = (f"Uncertainty ({unc.draws:,} draws of preferences): zone non-empty in "
            f"{probability_text(unc.p_zone_nonempty, n)}, "
            f"median size {q[0.5]:,.0f} (quartiles {q[0.25]:,.0f}-{q[0.75]:,.0f}; calibrated "
            f"{unc.calibrated_zone_size:,})")
    if unc.p_nash_accepted is None:
        text += "; no calibrated Nash point (the calibrated zone is empty)"
    else:
        text += f"; the calibrated Nash point stays acceptable to all in {probability_text(unc.p_nash_accepted, n)}"
    wide = unc.acceptance
    allp = wide[ALL].sort_values(ascending=False, kind="stable")
    top = allp[allp > 0].head(3)
    if len(top):
        text += "; proposals most robustly accepted by all: " + ", ".join(
            f"{names.proposal(p)} {probability_text(v, n)}" for p, v in top.items())
    elif len(allp):
        # the proposal whose least willing signatory is most willing, and who that signatory is
        sig = wide[list(unc.scenario.signatories)]
        best = sig.min(axis=1).idxmax()
        who = sig.loc[best].idxmin()
        text += (f"; no proposal is accepted by every signatory in any draw (closest: {names.proposal(best)}, "
                 f"which {names.actor(who)} accepts in {probability_text(sig.loc[best, who], n)})")
    return text + "."
