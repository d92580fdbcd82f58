"""Stage: explore (off by default): draw a design over the declared uncertainties, run the model on every
draw, then scenario discovery (PRIM, CART) and, for a Sobol design, Sobol indices (``sim.explore``).

Settings: ``uncertainty.explore`` (configs/uncertainty/default.yaml). Tables: ``explore_experiments``,
``explore_outcomes`` and ``explore_schema.json`` (``sim.explore.schema``), then the ``discovery_*`` and
``sensitivity_sobol`` tables of ``sim.explore.analysis``; figures by ``sim.plots.explore``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..explore.analysis import Findings, OutcomeError, analyse
from ..explore.design import DESIGNS, n_runs, sample
from ..explore.discovery import preload
from ..explore.evaluate import Evaluated, Evaluation, base_candidates, evaluate, evaluate_rows, outcome_columns
from ..explore.inputs import Input, parse_inputs
from ..explore.paths import check_paths
from ..explore.schema import Experiments, write_experiments
from ..negotiation.parallel import warm_up
from ..scenario import ConfigError
from ..settings import Reader, load_group
from .context import Progress, RunContext, stage_rng

NAME = "explore"
RNG_STREAM = 6  # this stage's child generator (see RunContext.rng): the design's seed and the runs' seed
PATH = "uncertainty.explore"
KEYS = ("design", "samples", "runs_per_draw", "deal_within", "outcome", "threshold", "min_coverage", "workers",
        "budget", "confirm", "inputs")


@dataclass(frozen=True)
class ExploreSettings:
    """``uncertainty.explore``; meanings and defaults in configs/uncertainty/default.yaml."""

    design: str
    samples: int
    runs_per_draw: int
    deal_within: int
    outcome: str | None
    threshold: float
    min_coverage: float
    workers: int | None
    budget: int
    confirm: bool
    inputs: tuple[Input, ...]

    @property
    def runs(self) -> int:
        """Model runs the design asks for (negotiations: times runs_per_draw)."""
        return n_runs(self.design, self.samples, len(self.inputs)) * self.runs_per_draw


def settings(cfg: Mapping) -> ExploreSettings:
    """The explore settings, keys left out taken from configs/uncertainty/default.yaml (the shared reader,
    ``sim.settings``); one ``ConfigError`` naming every bad key."""
    given = (cfg.get("uncertainty") or {}).get("explore")
    if given is not None and not isinstance(given, Mapping):
        raise ConfigError([f"{PATH}: give a mapping (design, samples, inputs, ...)"], "uncertainty")
    d = {**load_group("uncertainty", "default")["explore"], **(given or {})}
    problems: list[str] = []
    r = Reader(d, PATH, problems)
    r.check_keys(set(KEYS))
    design = r.text("design", "lhs")
    if design not in DESIGNS:
        r.problem("design", f"{design!r}; use one of {', '.join(DESIGNS)}")
    samples = r.integer("samples", 1000, 2)
    if design == "sobol" and samples & (samples - 1):
        r.problem("samples", f"{samples} base samples; Saltelli's design needs a power of two, e.g. "
                             f"{2 ** round(math.log2(samples))}")
    workers = d.get("workers")
    if workers is not None:
        workers = r.integer("workers", 1, 1)
    try:
        inputs = tuple(parse_inputs(d.get("inputs"), f"{PATH}.inputs"))
    except ConfigError as e:
        problems += e.problems
        inputs = ()
    out = ExploreSettings(design, samples, r.integer("runs_per_draw", 1, 1), r.integer("deal_within", 36, 1),
                          r.text("outcome", None), r.number("threshold", 0.5), r.number("min_coverage", 0.5, 0, 1),
                          workers, r.integer("budget", 2000, 0), r.flag("confirm", False), inputs)
    if problems:
        raise ConfigError(problems, "uncertainty")
    return out


def evaluation(scn, cfg, s: ExploreSettings) -> Evaluation:
    root = {**cfg, "scenario": scn.to_dict()}
    seed = int(stage_rng(cfg, RNG_STREAM).integers(0, 2**31 - 1))  # one seed: the design's and the runs'
    return Evaluation(root, scn, tuple(i.key for i in s.inputs), s.runs_per_draw, s.deal_within, seed)


@lru_cache(maxsize=4)
def _drawn(s: ExploreSettings, seed: int) -> pd.DataFrame:
    return sample(list(s.inputs), s.design, s.samples, seed)


def design_of(s: ExploreSettings, ev: Evaluation) -> pd.DataFrame:
    """The experiments table of the settings' design, drawn once per run (the check's dry run, the budget's
    pilot and the stage itself share it)."""
    return _drawn(s, ev.seed).copy()


def processes(s: ExploreSettings, workers: int | None = None) -> int:
    """Processes that will evaluate the design: ``workers`` (or the settings', or every core), at most one
    per row."""
    workers = workers if workers is not None else s.workers
    return max(1, min(workers or _cores(), s.runs // s.runs_per_draw))


def check(scn, cfg) -> None:
    """Fail before anything is written: settings, key paths, and a design over the budget. When the run
    does not include the stage only the settings are read (the declared key paths belong to the scenario
    the stage will run on, and the dry run and the budget's pilot cost time)."""
    s = settings(cfg)
    if NAME not in (cfg.get("stages") or []):
        return
    root = {**cfg, "scenario": scn.to_dict()}
    problems = [f"{PATH}.inputs: {p}" for p in check_paths(root, [i.key for i in s.inputs])]
    metrics = outcome_columns(scn, s.deal_within, s.runs_per_draw)
    if s.outcome is not None and s.outcome not in {m.key for m in metrics} | {m.label for m in metrics}:
        problems.append(f"{PATH}.outcome: {s.outcome!r} is not an outcome; use one of "
                        f"{', '.join(m.key for m in metrics)}")
    if problems:
        raise ConfigError(problems, "uncertainty")
    warm_up(processes(s))  # start the worker processes now: their start-up overlaps the checks and stages
    dry_run(scn, cfg, s)
    if s.runs > s.budget and not s.confirm:
        per_run = pilot_seconds(scn, cfg, s)
        workers = s.workers or _cores()
        minutes = s.runs * per_run / workers / 60
        raise ConfigError([f"{PATH}: the {s.design} design asks for {s.runs:,} model runs, over the budget of "
                           f"{s.budget:,}: about {minutes:.0f} min on {workers} process(es) "
                           f"({per_run * 1000:.0f} ms a run here); run it with {PATH}.confirm=true, or lower "
                           f"{PATH}.samples, or raise {PATH}.budget"], "uncertainty")


def dry_run(scn, cfg, s: ExploreSettings) -> None:
    """The design's first draw through the scenario schema and the settings readers, so a misspelt key path
    fails here, before anything is written."""
    from ..explore.evaluate import _settings
    from ..explore.paths import set_paths
    from ..scenario import Scenario, ScenarioError

    ev = evaluation(scn, cfg, s)
    row = design_of(s, ev).iloc[0]
    root = set_paths(ev.root, {k: row[k].item() if hasattr(row[k], "item") else row[k] for k in ev.keys})
    try:
        drawn = Scenario.from_dict(root["scenario"]) if ev.redraws_scenario else scn
        _settings(root, drawn)
    except ConfigError as e:
        raise ConfigError([f"{PATH}.inputs: a draw laid over the run config is not valid: {p}"
                           for p in e.problems], "uncertainty") from None
    except ScenarioError as e:
        raise ConfigError([f"{PATH}.inputs: a draw laid over the scenario is not valid: {path}: {msg}"
                           for path, msg in e.problems], "uncertainty") from None


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def pilot_seconds(scn, cfg, s: ExploreSettings, rows: int = 8) -> float:
    """Seconds per model run, timed on ``rows`` rows spread over the design (runs differ: a low reservation
    value widens the zone to count, a late concession horizon lengthens the talks)."""
    ev = evaluation(scn, cfg, s)
    design = design_of(s, ev)
    picked = design.iloc[::max(1, len(design) // rows)].head(rows)
    cs = base_candidates(ev)
    done = evaluate_rows(ev, cs, [(int(k), dict(zip(ev.keys, r))) for k, r in
                                  zip(picked.index, picked.itertuples(index=False, name=None))])
    return sum(d[2] for d in done) / (len(picked) * s.runs_per_draw)


def explore(scn, cfg, out, say=print, workers: int | None = None) -> tuple[Experiments, Findings, Evaluated]:
    """Draw, run, write the experiments tables and analyse them (the stage, and the benchmark's unit)."""
    s = settings(cfg)
    workers = processes(s, workers)
    warm_up(workers)  # no wait: the workers start while this process draws the design and the candidates
    preload()
    ev = evaluation(scn, cfg, s)
    design = design_of(s, ev)
    say(f"Explore: {s.design} design, {len(design):,} draws of {len(s.inputs)} inputs x {s.runs_per_draw} "
        f"run(s) on {workers} process(es)")
    done = evaluate(ev, design, workers, progress=Progress(say, "explore", "draws"))
    metrics = outcome_columns(scn, s.deal_within, s.runs_per_draw)
    design_info = {"method": s.design, "samples": s.samples, "runs_per_draw": s.runs_per_draw, "seed": ev.seed,
                   "outcome": s.outcome or f"deal_within_{s.deal_within}",
                   "inputs": [{"key": i.key, "distribution": i.distribution, "params": list(i.params)}
                              for i in s.inputs]}
    exp = Experiments(design, done.outcomes, [i.column for i in s.inputs], metrics, design_info)
    write_experiments(out, NAME, exp)
    try:
        found = analyse(exp, out, s.outcome, s.threshold, s.min_coverage, seed=ev.seed)
    except OutcomeError as e:
        raise ConfigError([f"{PATH}.outcome: {e}"], "uncertainty") from None
    return exp, found, done


def run(ctx: RunContext) -> None:
    s = settings(ctx.cfg)
    exp, found, _ = explore(ctx.scn, ctx.cfg, ctx.out, ctx.say)
    line = "Explore: " + found.discovery.sentence()
    ctx.summary[NAME] = {"design": s.design, "draws": len(exp.experiments), "runs": s.runs,
                         "target": found.discovery.target, "cases": found.discovery.cases,
                         "box": _conditions(found, 1), "box2": _conditions(found, 2)}
    ctx.summary.setdefault("headlines", []).append(line)
    ctx.say("")
    ctx.say(f"* {line}")
    ctx.say("")


def _conditions(found: Findings, number: int) -> list[str]:
    """PRIM box ``number``'s conditions (none when PRIM found no such box)."""
    box = found.discovery.box
    return box.loc[box["prim_box"] == number, "condition"].tolist()
