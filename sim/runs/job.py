"""The main job: load a scenario, run the configured stages, write tables, figures and a summary.

Every stage is a module with ``NAME``, ``run(ctx)`` (compute and write tables) and ``figures(out, meta)``
(draw from the saved tables only). Figures come after all tables so a plot never re-runs a model.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Any, Callable, Mapping

from ..scenario import Scenario
from .context import RunContext, scenario_meta
from .io import atomic_write_text, write_json

STAGES = {
    "verdicts": "sim.runs.stage_verdicts",
    "analysis": "sim.runs.stage_analysis",
    "negotiation": "sim.runs.stage_negotiation",
}


def stage_module(name: str):
    if name not in STAGES:
        raise KeyError(f"unknown stage '{name}'; known stages: {', '.join(STAGES)}")
    return importlib.import_module(STAGES[name])


def run_job(scn: Scenario, cfg: Mapping[str, Any], out: Path, say: Callable[[str], None] = print) -> dict:
    import yaml

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    ctx = RunContext(scn=scn, cfg=cfg, out=out, say=say)
    meta = scenario_meta(scn)
    atomic_write_text(out / "scenario.yaml", yaml.safe_dump(scn.to_dict(), sort_keys=False, allow_unicode=True))
    write_json(out / "meta.json", meta)
    stages = [stage_module(name) for name in cfg.get("stages", ["verdicts"])]
    timings = {}
    for stage in stages:
        t0 = time.perf_counter()
        stage.run(ctx)
        timings[stage.NAME] = round(time.perf_counter() - t0, 3)
    figures: list[Path] = []
    if cfg.get("figures", True):
        say("Drawing figures")
        for stage in stages:
            figures += stage.figures(out, meta)
    ctx.summary["figures"] = [str(p.relative_to(out)) for p in figures]
    write_json(out / "summary.json", {"scenario": scn.name, "seed": cfg.get("seed", 0),
                                      "config": dict(cfg), **ctx.summary})
    # timings vary run to run; kept apart so summary.json stays byte-identical for the same seed
    write_json(out / "timings.json", timings)
    return ctx.summary
