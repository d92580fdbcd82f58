"""Layer 5: figures drawn from saved tables only (never by re-running a model).

``draw_run(out)`` draws every figure whose tables a run folder holds and writes ``figures/index.json``
(file, title, caption) for the report.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from ..runs.io import write_json
from .style import FigureEntry

# module with ``run_figures(out, meta) -> list[FigureEntry]``, in report order
DRAWERS = ["sim.plots.verdicts", "sim.plots.analysis", "sim.plots.negotiation", "sim.plots.uncertainty",
           "sim.plots.forecast", "sim.plots.explore"]


def draw_run(out: Path) -> list[FigureEntry]:
    out = Path(out)
    meta = json.loads((out / "meta.json").read_text())
    entries: list[FigureEntry] = []
    for name in DRAWERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise
            continue
        entries += module.run_figures(out, meta)
    write_json(out / "figures" / "index.json",
               [{"file": str(e.path.relative_to(out)), "title": e.title, "caption": e.caption} for e in entries])
    return entries


__all__ = ["FigureEntry", "draw_run"]
