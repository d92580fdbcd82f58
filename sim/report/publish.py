"""Figures and the report of a run folder, drawn from its saved tables, with the drawing time recorded.

``python -m sim`` draws while it computes: when a stage has written its tables, that stage's figures
(``sim.plots.<stage>``) are drawn in one background process while the next stage runs, so only the last
stage's figures and the page are left when the computing ends. ``python -m sim.report DIR`` draws a
finished run in the foreground. Either way the figures are the same bytes (they read only saved tables),
and ``timings.json`` gains the seconds spent on each figure (``figures``), on all of them (``drawing``),
the time the run waited for them after its last stage (``drawing_wait``) and the page (``report``).
"""

from __future__ import annotations

import json
import multiprocessing
import time
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from ..plots import DRAWERS, draw_module, write_index
from ..plots.style import FigureEntry
from ..runs.io import write_json
from . import html


def can_start_processes() -> bool:
    """Only the main process of a plain run draws in the background: a sweep's job already runs in a
    launcher's worker (joblib's loky workers cannot spawn children of their own), and the sweep keeps
    every core busy anyway."""
    return multiprocessing.parent_process() is None and multiprocessing.get_start_method(allow_none=True) in (
        None, "fork", "spawn", "forkserver")


class Publisher:
    """Draws a run's figures stage by stage (``stage_done``), then the index, the report and the timings
    (``finish``). ``background=False`` draws in this process, at ``finish``."""

    def __init__(self, out: Path, background: bool = True):
        self.out = Path(out)
        self.pool = (ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
                     if background and can_start_processes() else None)
        self.pending: dict[str, Future] = {}

    def stage_done(self, stage: str) -> None:
        module = next((m for m in DRAWERS if m.rsplit(".", 1)[-1] == stage), None)
        if self.pool is not None and module is not None:
            self.pending[module] = self.pool.submit(draw_module, self.out, module)

    def finish(self) -> dict:
        t0 = time.perf_counter()
        entries: list[FigureEntry] = []
        try:
            for module in DRAWERS:  # report order, whatever order the stages finished in
                future = self.pending.pop(module, None)
                entries += future.result() if future is not None else draw_module(self.out, module)
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
        write_index(self.out, entries)
        t1 = time.perf_counter()
        html.write_report(self.out)
        t2 = time.perf_counter()
        path = self.out / "timings.json"
        try:
            timings = json.loads(path.read_text())
        except (OSError, ValueError):
            timings = {}
        timings.update({"figures": {e.path.name: round(e.seconds, 3) for e in entries},
                        "drawing": round(sum(e.seconds for e in entries), 3),
                        "drawing_wait": round(t1 - t0, 3), "report": round(t2 - t1, 3)})
        write_json(path, timings)
        return timings


def publish(out: Path) -> dict:
    """Every figure and the report of a finished run, in this process."""
    return Publisher(out, background=False).finish()
