"""Layer 5: figures drawn from saved tables only (never by re-running a model).

``draw_run(out)`` draws every figure whose tables a run folder holds and writes ``figures/index.json``
(file, title, caption) for the report. Each module of ``DRAWERS`` draws one stage's figures
(``run_figures(out, meta) -> list[FigureEntry]``) and is named after it, so ``sim.report.publish`` can
draw a stage's figures as soon as its tables are written.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import replace
from pathlib import Path

from ..runs.io import write_json
from .style import LAPS, WATCH, FigureEntry

# in report order
DRAWERS = ["sim.plots.verdicts", "sim.plots.analysis", "sim.plots.negotiation", "sim.plots.uncertainty",
           "sim.plots.forecast", "sim.plots.explore"]


def _drawer(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name:
            raise
        return None


def module_parts(out: Path, name: str) -> list[str | None]:
    """How a drawer module's figures may be shared between processes: a module with many independent
    figures (one per issue) names them with ``parts(meta)`` and draws one with ``run_figures(out, meta,
    part)``; any other is one part, ``None``."""
    module = _drawer(name)
    if module is None or not hasattr(module, "parts"):
        return [None]
    return list(module.parts(json.loads((Path(out) / "meta.json").read_text()))) or [None]


def draw_module(out: Path, name: str, part: str | None = None) -> list[FigureEntry]:
    """The figures of one drawer module (or of one of its parts, see ``module_parts``), each with the
    seconds it took; none if the module is absent."""
    out = Path(out)
    module = _drawer(name)
    if module is None:
        return []
    meta = json.loads((out / "meta.json").read_text())
    WATCH.start()
    entries = module.run_figures(out, meta) if part is None else module.run_figures(out, meta, part)
    return [replace(e, seconds=LAPS.get(e.path.name, 0.0)) for e in entries]


def write_index(out: Path, entries: list[FigureEntry]) -> None:
    write_json(Path(out) / "figures" / "index.json",
               [{"file": str(e.path.relative_to(out)), "title": e.title, "caption": e.caption} for e in entries])


def draw_run(out: Path) -> list[FigureEntry]:
    entries = [e for name in DRAWERS for e in draw_module(out, name)]
    write_index(out, entries)
    return entries


__all__ = ["DRAWERS", "FigureEntry", "draw_module", "draw_run", "module_parts", "write_index"]
