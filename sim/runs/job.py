"""The main job: ``run(cfg, out_dir)`` takes a plain dict config and fills a folder with results.

The Hydra entry point (``sim.cli``) composes the config and calls ``run``; tests and notebooks call it
directly with a dict (e.g. from ``hydra.compose``). Every stage is a module with ``NAME`` and ``run(ctx)``,
which computes and writes tables. Figures and the report are drawn from those saved tables by ``sim.plots``
and ``sim.report`` (``sim.report.publish``: a stage's figures as soon as its tables are written).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib
import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ..scenario import CONFIG_DIR, ConfigError, Scenario, ScenarioError
from ..scenario.loading import read_scenario_file, scenario_path
from ..settings import Reader
from .context import RunContext, scenario_meta
from .io import atomic_write_text, write_json
from .marker import clear_marker, is_complete, mark_complete

STAGES = {
    "verdicts": "sim.runs.stage_verdicts",
    "analysis": "sim.runs.stage_analysis",
    "negotiation": "sim.runs.stage_negotiation",
    "uncertainty": "sim.runs.stage_uncertainty",
    "explore": "sim.runs.stage_explore",  # off by default (configs/config.yaml stages)
    "forecast": "sim.runs.stage_forecast",
}


def stage_module(name: str):
    if name not in STAGES:
        raise ConfigError([f"stages: unknown stage '{name}'; known stages: {', '.join(STAGES)} "
                           f"(in configs/config.yaml or on the command line)"])
    return importlib.import_module(STAGES[name])


# top-level keys of configs/config.yaml, the one place of their defaults (``with_defaults``)
RUN_KEYS = ("scenario_file", "agenda", "seed", "stages", "figures")


@functools.cache
def _config_yaml() -> dict:
    return yaml.safe_load((CONFIG_DIR / "config.yaml").read_text(encoding="utf-8"))


def with_defaults(cfg: Mapping[str, Any]) -> dict[str, Any]:
    """``cfg`` with the top-level keys it leaves out taken from configs/config.yaml (a Hydra-composed
    config already has them all, so the CLI's runs are unchanged)."""
    shipped = _config_yaml()
    return {**{k: copy.deepcopy(shipped[k]) for k in RUN_KEYS}, **cfg}


def default_scenario_name() -> str:
    """The scenario config.yaml picks (``defaults: - scenario: NAME``), for a dict without one."""
    return next(d["scenario"] for d in _config_yaml()["defaults"] if isinstance(d, dict) and "scenario" in d)


# not inputs of the computation: where results go, and the scenario (saved whole in scenario.yaml)
NOT_INPUTS = ("hydra", "sweep_name", "scenario")


def job_config(cfg: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in cfg.items() if k not in NOT_INPUTS}


def known_run_keys() -> set[str]:
    """Top-level keys a run accepts: those of configs/config.yaml and its config groups (one source)."""
    main = _config_yaml()
    groups = {next(iter(d)) for d in main.get("defaults", []) if isinstance(d, Mapping)}
    return {k for k in main if k != "defaults"} | {g for g in groups if not g.startswith("override")}


def check_run_keys(cfg: Mapping[str, Any]) -> None:
    """The top-level keys of configs/config.yaml (with the shared ``Reader``); one ``ConfigError`` naming
    every bad one (a key added with ``+foo=1`` is refused too: a typo must not run and be stored)."""
    import difflib

    problems: list[str] = []
    known = known_run_keys()
    for key in cfg:
        if key not in known:
            near = difflib.get_close_matches(str(key), sorted(known), n=1)
            problems.append(f"{key}: unknown setting" + (f"; did you mean `{near[0]}`?" if near else
                                                         f"; known settings: {', '.join(sorted(known))}"))
    r = Reader(cfg, "", problems)
    r.integer("seed", 0, 0)
    stages = cfg["stages"]
    if not isinstance(stages, list) or not all(isinstance(s, str) for s in stages):
        r.problem("stages", f"{stages!r} is not a list of stage names; e.g. stages=[verdicts,analysis]")
    r.flag("figures", True)
    if not isinstance(cfg.get("agenda") or {}, Mapping):
        r.problem("agenda", "give options per issue, e.g. +agenda.nato=treaty_neutrality")
    if problems:
        raise ConfigError(problems, "run settings (configs/config.yaml and the command line)")


def check_stages(scn: Scenario, cfg: Mapping[str, Any]) -> None:
    """Every configured stage exists, and every stage (run or not: a typo in a skipped stage's settings
    would surface only in the next run that includes it) accepts its settings; raises ``ConfigError``
    before anything is written. ``check_run_keys`` comes first (the CLI calls it before resolving the
    scenario)."""
    problems = []
    for name in cfg["stages"]:
        stage_module(name)
    for name in STAGES:
        check = getattr(stage_module(name), "check", None)
        try:
            if check is not None:
                check(scn, cfg)
        except ConfigError as e:  # every stage's problems in one message
            problems += e.problems
    if problems:
        raise ConfigError(problems)


def fingerprint(scn: Scenario, cfg: Mapping[str, Any]) -> str:
    """Identifies a job by its inputs: a finished job with the same fingerprint need not run again."""
    blob = json.dumps({"scenario": scn.content_hash, "config": job_config(cfg)}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def is_done(out: Path, fp: str) -> bool:
    """Finished with these inputs and untouched since: the completion marker (``sim.runs.marker``)."""
    return is_complete(out, fp)


def run_job(scn: Scenario, cfg: Mapping[str, Any], out: Path, say: Callable[[str], None] = print,
            on_progress: Callable[[int, int], None] | None = None,
            stage_done: Callable[[str], None] | None = None) -> dict:
    """The stages of ``cfg`` (checked already, see ``prepare``) for a resolved scenario; no figures.
    ``on_progress(done, total)`` hears long loops (the web app's progress bar); ``stage_done(name)`` is
    called once a stage's tables are written (``run`` starts drawing them)."""
    cfg = with_defaults(cfg)
    stages = [stage_module(name) for name in cfg["stages"]]  # fail before writing
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clear_marker(out)  # unfinished from here until run()'s mark_complete
    ctx = RunContext(scn=scn, cfg=cfg, out=out, say=say, on_progress=on_progress)
    atomic_write_text(out / "scenario.yaml", yaml.safe_dump(scn.to_dict(), sort_keys=False, allow_unicode=True))
    write_json(out / "meta.json", scenario_meta(scn), sort_keys=False)
    timings = {}
    for stage in stages:
        t0 = time.perf_counter()
        stage.run(ctx)
        timings[stage.NAME] = round(time.perf_counter() - t0, 3)
        if stage_done is not None:
            stage_done(stage.NAME)
    # timings vary run to run; kept apart so summary.json stays byte-identical for the same seed
    write_json(out / "timings.json", timings)
    summary = {"scenario": scn.name, "seed": cfg["seed"], "fingerprint": fingerprint(scn, cfg),
               "config": job_config(cfg), **ctx.summary}
    write_json(out / "summary.json", summary)
    return summary


def resolve_scenario(cfg: Mapping[str, Any]) -> Scenario:
    """The scenario file or group, with the run's ``agenda`` (options kept on the table) laid over it."""
    if cfg.get("scenario_file"):
        path = scenario_path(Path(str(cfg["scenario_file"])).expanduser().absolute())
        d, source, base = read_scenario_file(path, table_options(cfg)), str(path), path.parent
    elif cfg.get("scenario"):
        d = dict(cfg["scenario"])
        source, base = f"configs/scenario ({d.get('name', 'scenario')})", None
    else:  # a plain dict naming no scenario: the one config.yaml picks
        path = scenario_path(default_scenario_name())
        d, source, base = read_scenario_file(path), str(path), path.parent
    if cfg.get("agenda"):
        own = d.get("agenda") or {}
        if not isinstance(own, Mapping):
            raise ScenarioError([("agenda", f"{own!r} is not a mapping, so the command line's agenda cannot be "
                                            f"laid over it; write it as {{issue: [options]}}")], source)
        d = {**d, "agenda": {**own, **cfg["agenda"]}}
    return Scenario.from_dict(d, source=source, base_dir=base)


def table_options(cfg: Mapping[str, Any]) -> dict[str, Any]:
    """How a spatial-table scenario_file becomes a scenario: the ``forecast`` group's loss, steps and
    reservation (checked there, so a bad value is one ConfigError before anything is written)."""
    from .stage_forecast import settings

    opts = settings(cfg)
    return {"loss": opts.loss, "steps": opts.steps, "reservation": opts.reservation}


def prepare(cfg: Mapping[str, Any]) -> Scenario:
    """Every check a run makes before writing anything: top-level keys, the scenario, each stage's
    settings. Raises ``ConfigError`` or ``ScenarioError`` (both ValueErrors) listing every problem.
    ``cfg`` has its defaults (``with_defaults``)."""
    check_run_keys(cfg)
    scn = resolve_scenario(cfg)
    check_stages(scn, cfg)
    return scn


def run(cfg: Mapping[str, Any], out_dir: str | Path, say: Callable[[str], None] = print) -> Path:
    """One run of the main job: ``cfg`` is a plain dict shaped like configs/config.yaml (what Hydra
    composes), ``out_dir`` the folder that receives tables, summary.json and (``figures: true``) figures
    and report.html, then complete.json last (``sim.runs.marker``). Nothing is written when a check
    fails. A folder already holding a finished run with the same inputs (and untouched files) is left as
    it is. Returns ``out_dir``."""
    started = time.perf_counter()
    out = Path(out_dir)
    cfg = with_defaults(cfg)
    scn = prepare(cfg)
    if is_done(out, fingerprint(scn, cfg)):
        say(f"Already done with the same inputs, skipping: {out}")
        return out
    say(f"Scenario {scn.name}: {scn.space.n_issues} issues, {scn.space.size:,} bundles, "
        f"actors {', '.join(a.label for a in scn.actors)}")
    figures = cfg["figures"]
    drawing = None
    if figures:
        # drawing reads only the saved tables (layer 5); imported here so computing never needs matplotlib.
        # Each stage's figures are drawn in a background process while the next stage computes.
        from ..report.publish import Publisher

        drawing = Publisher(out)
    run_job(scn, cfg, out, say=say, stage_done=drawing.stage_done if drawing else None)
    if drawing is not None:
        say("Drawing figures and the report")
        drawing.finish()
    mark_complete(out, fingerprint(scn, cfg))  # last: the job counts as done only from here
    say(f"Done in {time.perf_counter() - started:.1f} s. Results in {out}"
        + (f" (open {out / 'report.html'})" if figures else ""))
    return out
