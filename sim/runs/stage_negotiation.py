"""Stage: the agent-based negotiation. One seeded run of the configured protocol and war, plus an ensemble.

Tables (``tables/NAME.parquet`` and ``.csv``), drawn by ``sim.plots.negotiation``:
  negotiation_history            month x actor: offer, utility of the text, aspiration, reservation value,
                                 acceptance, objection, public support, war state
  negotiation_texts              month: who wrote the text on the table, its option per issue, utilities
  negotiation_agreement          one row: how the seeded run ended (and the settings figures need)
  negotiation_frontier           the efficient candidate texts with every actor's utility
  negotiation_ensemble_runs      one row per ensemble run: outcome, month, signed options, utilities
  negotiation_ensemble_outcomes  issue x option: share of agreed runs that signed it
  negotiation_ensemble_months    month: agreements signed, share and cumulative share of runs
  ensemble_experiments / ensemble_outcomes / ensemble_schema.json   (``sim.explore.schema``) one row per
                                 ensemble run: the drawn strategy parameters and belief errors beside
                                 agreed, month, walked_out and each actor's gain over reservation
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..explore.schema import Column, Experiments, write_experiments
from ..negotiation import (
    candidate_set,
    negotiate,
    negotiate_many,
    negotiation_settings,
    protocol_settings,
    war_settings,
)
from ..negotiation.config import ConfigError, for_scenario, scenario_notes
from ..scenario.labels import Labels
from .context import Progress, RunContext
from .formats import probability_text
from .io import write_table

NAME = "negotiation"


def settings(cfg, scn, notes: list[str] | None = None):
    """Protocol, war and negotiation settings from the run config laid over the scenario's own (its war
    model and strategies; ``notes`` receives which defaults were used); one ``ConfigError`` naming every
    bad key of the three groups."""
    protocol, war, neg, used = for_scenario(scn, cfg.get("protocol") or "mediated", cfg.get("war", "scenario"),
                                            cfg.get("negotiation") or {})
    if notes is not None:
        notes += used
    out, problems = [], []
    for read, spec in ((protocol_settings, protocol), (war_settings, war),
                       (negotiation_settings, neg)):
        try:
            out.append(read(spec))
        except ConfigError as e:
            problems += e.problems
    if problems:
        raise ConfigError(problems)
    return tuple(out)


def check(scn, cfg) -> None:
    """Fail before anything is written."""
    settings(cfg, scn)


def run(ctx: RunContext) -> None:
    scn, cfg = ctx.scn, ctx.cfg
    used: list[str] = []
    protocol, war, neg = settings(cfg, scn, used)
    for note in used + scenario_notes(scn, protocol, war, neg):
        ctx.say(f"note: {note}")
    cs = candidate_set(scn, neg.candidates_source, neg.candidates_max)
    # one seed, one result: the run's seed goes to the API unchanged, so sim.negotiate(scn, seed=s) and
    # sim.negotiate_many(scn, runs=R, seed=s) reproduce these tables (README "Limits and guarantees")
    seed = int(cfg.get("seed", 0))
    ctx.say(f"Negotiating ({protocol.name} protocol, war {war.name}, deadline {protocol.deadline} months) over "
            f"{cs.n_efficient} efficient texts ({cs.source} frontier)")
    result = negotiate(scn, protocol, war, neg, seed=seed, candidates=cs)
    write_table(result.history, ctx.out, "negotiation_history")
    write_table(result.texts, ctx.out, "negotiation_texts")
    write_table(frontier_table(scn, cs), ctx.out, "negotiation_frontier")
    agreement = agreement_table(result, protocol, war, neg)
    write_table(agreement, ctx.out, "negotiation_agreement")
    summary = {"protocol": protocol.name, "war": war.name, "run": {
        "reached": result.agreement.reached, "reason": result.agreement.reason, "month": result.agreement.month}}
    names = Labels.from_scenario(scn)
    lines = [f"Negotiation ({protocol.name}, war {war.name}), one seeded run: "
             f"{agreement_text(result.agreement, names)}."]
    if neg.ensemble_runs > 0:
        ctx.say(f"Ensemble: {neg.ensemble_runs} runs on {neg.ensemble_workers or 'all'} process(es)")
        ens = negotiate_many(scn, runs=neg.ensemble_runs, protocol=protocol, war=war, negotiation=neg,
                             seed=seed, workers=neg.ensemble_workers, candidates=cs,
                             progress=Progress(ctx.say, "ensemble", "runs", also=ctx.on_progress))
        write_table(ens.runs, ctx.out, "negotiation_ensemble_runs")
        write_table(ens.outcomes, ctx.out, "negotiation_ensemble_outcomes")
        write_table(ens.months, ctx.out, "negotiation_ensemble_months")
        write_experiments(ctx.out, "ensemble", ensemble_experiments(ens))
        es = ens.summary()
        summary["ensemble"] = {k: v for k, v in es.items() if k not in ("protocol", "modal_agreement")}
        lines.append(ensemble_headline(ens, protocol.deadline, names))
    ctx.summary["negotiation"] = summary
    ctx.summary.setdefault("headlines", []).extend(lines)
    ctx.say("")
    for line in lines:
        ctx.say(f"* {line}")
    ctx.say("")


# units of strategy parameters (sim/negotiation/strategies.py); others are pure numbers
PARAMETER_UNITS = {"deadline": "months", "opening": "utility (0-1)", "level": "utility (0-1)"}


def ensemble_experiments(ens) -> Experiments:
    """Each ensemble run's drawn inputs (``negotiate_many``'s ``drawn``) aligned with its outcomes."""
    scn = ens.scenario
    names = Labels.from_scenario(scn)

    def who(key: str) -> str:  # the neutral mediator is no actor of the scenario
        return "The mediator" if key == "mediator" and key not in names.actors else names.actor(key)

    inputs = []
    for key in ens.drawn.columns:
        parts = key.split(".")
        if parts[0] == "beliefs":
            inputs.append(Column(key, f"{who(parts[1])}'s belief error on {who(parts[2])}'s reservation", "real",
                                 "utility (0-1)", "believed minus true reservation value (belief noise)"))
        else:
            kind = "integer" if parts[-1] == "deadline" else "real"
            inputs.append(Column(key, f"{who(parts[2])}: {parts[-1].replace('_', ' ')}", kind,
                                 PARAMETER_UNITS.get(parts[-1], ""), "drawn uniformly from the configured range"))
    runs = ens.runs
    y = {"agreed": runs["agreed"], "month": runs["month"].where(runs["agreed"]),
         "walked_out": runs["walked_out"] != ""}
    metrics = [Column("agreed", "Agreement signed", "boolean", "", f"before the {ens.deadline}-month deadline"),
               Column("month", "Month of signing", "integer", "months", "empty without agreement"),
               Column("walked_out", "A party walked out", "boolean")]
    for a in scn.actors:
        y[f"gain.{a.key}"] = (runs[f"u_{a.key}"] - a.reservation).where(runs["agreed"], 0.0)
        metrics.append(Column(f"gain.{a.key}", f"{a.label}: gain over reservation", "real", "utility (0-1)",
                              "utility of the signed text minus the month-0 reservation value; 0 without a deal"))
    return Experiments(ens.drawn, pd.DataFrame(y), inputs, metrics, {"method": "ensemble", "runs": ens.n_runs})


def frontier_table(scn, cs) -> pd.DataFrame:
    n = cs.n_efficient
    df = pd.DataFrame(cs.bundles[:n], columns=scn.space.issue_keys)
    for a, key in enumerate(scn.actor_names):
        df[key] = cs.utilities[:n, a]
    return df


def agreement_table(result, protocol, war, neg) -> pd.DataFrame:
    scn, a = result.scenario, result.agreement
    mediator = getattr(result.model.protocol, "mediator", None)  # the one used (neutral if not an actor)
    row = {"protocol": protocol.name, "mediator": "" if mediator is None else mediator.key,
           "opening": protocol.opening if protocol.opening in scn.proposals else "",
           "war": war.name, "start": war.start or "", "side": war.side or "", "deadline": protocol.deadline,
           "reached": a.reached,
           "reason": a.reason, "month": a.month, "proposer": a.proposer, "walked_out": ",".join(a.walked_out),
           "pair_x": neg.pair[0] if len(neg.pair) == 2 else "", "pair_y": neg.pair[1] if len(neg.pair) == 2 else ""}
    for issue in scn.issues:
        row[issue.key] = (a.options or {}).get(issue.key, "")
    for key in scn.actor_names:
        row[f"u_{key}"] = (a.utilities or {}).get(key, np.nan)
    return pd.DataFrame([row])


def agreement_text(a, names: Labels) -> str:
    """The outcome of one run in the scenario's words (``Agreement.__str__`` gives the keys)."""
    if a.reached:
        return (f"agreement in month {a.month} on a text by {names.actor(a.proposer)}: "
                f"{names.bundle(a.options or {})}")
    if a.walked_out:
        return f"no agreement: {names.actor_list(a.walked_out)} walked out in month {a.month}"
    return f"no agreement by the deadline (month {a.month})"


def ensemble_headline(ens, deadline: int, names: Labels) -> str:
    s = ens.summary()
    p = s["agreement_probability"]
    text = (f"Ensemble of {ens.n_runs} runs: agreement within {deadline} months in "
            f"{probability_text(p, ens.n_runs)} of runs"
            f" (walk-out {s['reasons'].get('walk_out', 0):.0%}, deadline {s['reasons'].get('deadline', 0):.0%})")
    if s["median_month"] is not None:
        q1, q3 = s["month_quartiles"]
        text += f"; signed in month {s['median_month']:.0f} at the median (quartiles {q1:.0f}-{q3:.0f})"
        modal = ens.outcomes.sort_values("count", ascending=False).groupby("issue", sort=False).head(1)
        modal = modal.set_index("issue").reindex([i.key for i in ens.scenario.issues])
        text += "; most often signed: " + " · ".join(
            f"{names.issue(k)}: {names.option(k, r.option)} ({r.share:.0%})" for k, r in modal.iterrows())
    return text + "."
