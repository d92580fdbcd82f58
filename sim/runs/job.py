"""The main job's computing half: load a scenario, run the configured stages, write tables and a summary.

Every stage is a module with ``NAME`` and ``run(ctx)``, which computes and writes tables. Figures and the
report are drawn afterwards from those saved tables by ``sim.plots`` and ``sim.report``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ..scenario import CONFIG_DIR, ConfigError, Scenario
from .context import RunContext, scenario_meta
from .io import atomic_write_text, write_json
from .marker import clear_marker, is_complete

STAGES = {
    "verdicts": "sim.runs.stage_verdicts",
    "analysis": "sim.runs.stage_analysis",
    "negotiation": "sim.runs.stage_negotiation",
    "uncertainty": "sim.runs.stage_uncertainty",
}


def stage_module(name: str):
    if name not in STAGES:
        raise KeyError(f"unknown stage '{name}'; known stages: {', '.join(STAGES)}")
    return importlib.import_module(STAGES[name])


# not inputs of the computation: where results go, and the scenario (saved whole in scenario.yaml)
NOT_INPUTS = ("hydra", "sweep_name", "scenario")


def job_config(cfg: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in cfg.items() if k not in NOT_INPUTS}


def known_run_keys() -> set[str]:
    """Top-level keys a run accepts: those of configs/config.yaml and its config groups (one source)."""
    main = yaml.safe_load((CONFIG_DIR / "config.yaml").read_text(encoding="utf-8"))
    groups = {next(iter(d)) for d in main.get("defaults", []) if isinstance(d, Mapping)}
    return {k for k in main if k != "defaults"} | {g for g in groups if not g.startswith("override")}


def check_run_keys(cfg: Mapping[str, Any]) -> None:
    """The top-level keys of configs/config.yaml; one ConfigError naming every bad one (a key added with
    ``+foo=1`` is refused too: a typo must not run and be stored as a setting)."""
    import difflib

    problems = []
    known = known_run_keys()
    for key in cfg:
        if key not in known:
            near = difflib.get_close_matches(str(key), sorted(known), n=1)
            problems.append(f"{key}: unknown setting" + (f"; did you mean `{near[0]}`?" if near else
                                                         f"; known settings: {', '.join(sorted(known))}"))
    seed = cfg.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        problems.append(f"seed: {seed!r} is not a non-negative whole number; e.g. seed=3")
    stages = cfg.get("stages", ["verdicts"])
    if not isinstance(stages, list) or not all(isinstance(s, str) for s in stages):
        problems.append(f"stages: {stages!r} is not a list of stage names; e.g. stages=[verdicts,analysis]")
    if not isinstance(cfg.get("figures", True), bool):
        problems.append(f"figures: {cfg.get('figures')!r} is not true or false")
    if not isinstance(cfg.get("agenda") or {}, Mapping):
        problems.append("agenda: give options per issue, e.g. +agenda.nato=treaty_neutrality")
    if problems:
        raise ConfigError(problems, "run settings (configs/config.yaml and the command line)")


def check_stages(scn: Scenario, cfg: Mapping[str, Any]) -> None:
    """Every configured stage exists, and every stage (run or not: a typo in a skipped stage's settings
    would surface only in the next run that includes it) accepts its settings; raises ``ConfigError``
    before anything is written. ``check_run_keys`` comes first (the CLI calls it before resolving the
    scenario)."""
    for name in cfg.get("stages", ["verdicts"]):
        if name not in STAGES:
            raise ConfigError([f"stages: unknown stage '{name}'; known stages: {', '.join(STAGES)}"])
    for name in STAGES:
        check = getattr(stage_module(name), "check", None)
        if check is not None:
            check(scn, cfg)


def fingerprint(scn: Scenario, cfg: Mapping[str, Any]) -> str:
    """Identifies a job by its inputs: a finished job with the same fingerprint need not run again."""
    blob = json.dumps({"scenario": scn.content_hash, "config": job_config(cfg)}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def is_done(out: Path, fp: str) -> bool:
    """Finished with these inputs and untouched since: the completion marker (``sim.runs.marker``)."""
    return is_complete(out, fp)


def run_job(scn: Scenario, cfg: Mapping[str, Any], out: Path, say: Callable[[str], None] = print) -> dict:
    stages = [stage_module(name) for name in cfg.get("stages", ["verdicts"])]  # fail before writing
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clear_marker(out)  # unfinished from here until the caller's mark_complete
    ctx = RunContext(scn=scn, cfg=cfg, out=out, say=say)
    atomic_write_text(out / "scenario.yaml", yaml.safe_dump(scn.to_dict(), sort_keys=False, allow_unicode=True))
    write_json(out / "meta.json", scenario_meta(scn), sort_keys=False)
    timings = {}
    for stage in stages:
        t0 = time.perf_counter()
        stage.run(ctx)
        timings[stage.NAME] = round(time.perf_counter() - t0, 3)
    # timings vary run to run; kept apart so summary.json stays byte-identical for the same seed
    write_json(out / "timings.json", timings)
    summary = {"scenario": scn.name, "seed": cfg.get("seed", 0), "fingerprint": fingerprint(scn, cfg),
               "config": job_config(cfg), **ctx.summary}
    write_json(out / "summary.json", summary)
    return summary
