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


def draw_module(out: Path, name: str) -> list[FigureEntry]:
    """The figures of one drawer module, each with the seconds it took; none if the module is absent."""
    out = Path(out)
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name:
            raise
        return []
    meta = json.loads((out / "meta.json").read_text())
    WATCH.start()
    return [replace(e, seconds=LAPS.get(e.path.name, 0.0)) for e in module.run_figures(out, meta)]


def write_index(out: Path, entries: list[FigureEntry]) -> None:
    write_json(Path(out) / "figures" / "index.json",
               [{"file": str(e.path.relative_to(out)), "title": e.title, "caption": e.caption} for e in entries])


def draw_run(out: Path) -> list[FigureEntry]:
    entries = [e for name in DRAWERS for e in draw_module(out, name)]
    write_index(out, entries)
    return entries


__all__ = ["DRAWERS", "FigureEntry", "draw_module", "draw_run", "write_index"]
