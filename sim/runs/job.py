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

from ..scenario import ConfigError, Scenario
from .context import RunContext, scenario_meta
from .io import atomic_write_text, write_json

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


def check_run_keys(cfg: Mapping[str, Any]) -> None:
    """The top-level keys of configs/config.yaml; one ValueError naming every bad one."""
    problems = []
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
        raise ConfigError(problems)


def check_stages(scn: Scenario, cfg: Mapping[str, Any]) -> None:
    """Every configured stage exists and accepts its settings; raises KeyError / ValueError otherwise,
    before anything is written. ``check_run_keys`` comes first (the CLI calls it before resolving the
    scenario)."""
    for name in cfg.get("stages", ["verdicts"]):
        check = getattr(stage_module(name), "check", None)
        if check is not None:
            check(scn, cfg)


def fingerprint(scn: Scenario, cfg: Mapping[str, Any]) -> str:
    """Identifies a job by its inputs: a finished job with the same fingerprint need not run again."""
    blob = json.dumps({"scenario": scn.content_hash, "config": job_config(cfg)}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def is_done(out: Path, fp: str) -> bool:
    """summary.json is written last and atomically, so its presence with our fingerprint means done."""
    try:
        return json.loads((Path(out) / "summary.json").read_text()).get("fingerprint") == fp
    except (OSError, ValueError):
        return False


def run_job(scn: Scenario, cfg: Mapping[str, Any], out: Path, say: Callable[[str], None] = print,
            stage_done: Callable[[str], None] | None = None) -> dict:
    """``stage_done(name)`` is called once a stage's tables are written (the CLI starts drawing them)."""
    stages = [stage_module(name) for name in cfg.get("stages", ["verdicts"])]  # fail before writing
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    ctx = RunContext(scn=scn, cfg=cfg, out=out, say=say)
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
    summary = {"scenario": scn.name, "seed": cfg.get("seed", 0), "fingerprint": fingerprint(scn, cfg),
               "config": job_config(cfg), **ctx.summary}
    write_json(out / "summary.json", summary)
    return summary
