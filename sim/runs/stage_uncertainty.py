"""Stage: a Monte Carlo over the actors' preferences (``sim.analysis.uncertainty``).

Tables (``tables/NAME.parquet`` and ``.csv``), drawn by ``sim.plots.uncertainty``:
  uncertainty_proposals  proposal, actor, probability (of acceptance over the draws), calibrated_accepts;
                         per proposal one row per actor, then an ``all_signatories`` row
  uncertainty_zone       one row per draw: draw, zone_size (exact), nash_accepted (the calibrated Nash
                         bundle accepted by every signatory; NA when the calibrated zone is empty)
  uncertainty_summary    one row: draws, the spreads, calibrated zone size, zone quantiles and shares
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..analysis.uncertainty import ALL, Spread, Uncertainty, monte_carlo
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
    s = read_flat(UncertaintySettings, NAME, cfg.get(NAME))
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
    ctx.summary[NAME] = summary_numbers(unc)
    line = headline(unc)
    ctx.summary.setdefault("headlines", []).append(line)
    ctx.say("")
    ctx.say(f"* {line}")
    ctx.say("")


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
