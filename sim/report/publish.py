"""Figures and the report of a run folder, drawn from its saved tables, with the drawing time recorded.

``python -m sim`` draws while it computes: when a stage has written its tables, that stage's figures
(``sim.plots.<stage>``) are queued for one background process, which draws them while the next stage runs
(it starts, and imports matplotlib, as the run starts). When the computing ends this process has a core
free again, so it takes work from the back of the queue while the background process takes it from the
front: the run waits for about half of what is left. A drawer module may split its figures into parts
(``sim.plots.draw_module``), so the last stage's many figures can be shared that way. ``python -m
sim.report DIR`` draws a finished run in the foreground. Either way the figures are the same bytes (they
read only saved tables), and ``timings.json`` gains the seconds spent on each figure (``figures``), on all
of them (``drawing``), the time the run waited for them after its last stage (``drawing_wait``) and the
page (``report``).
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import threading
import time
from collections import deque
from concurrent.futures import Future
from pathlib import Path

# loky's executor, not concurrent.futures': multiprocessing's "spawn" re-runs the caller's ``__main__`` in the
# child, so a plain script without a ``__name__`` guard would start its whole run again there, and a script
# read from stdin cannot start the child at all; loky's children never import the caller's main.
from joblib.externals.loky import ProcessPoolExecutor

from ..plots import DRAWERS, draw_module, module_parts, write_index
from ..plots.style import FigureEntry
from ..runs.io import write_json
from . import html


def can_start_processes() -> bool:
    """Only the main process of a plain run draws in the background: a sweep's job already runs in a
    launcher's worker (joblib's loky workers cannot spawn children of their own), and the sweep keeps
    every core busy anyway."""
    return multiprocessing.parent_process() is None and multiprocessing.get_start_method(allow_none=True) in (
        None, "fork", "spawn", "forkserver")


def warm_up() -> None:
    """Imports every drawer module (matplotlib, pandas, pyarrow) in the background process while the first
    stage computes, so that process is ready when the stage's tables are."""
    for name in DRAWERS:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise


Unit = tuple[str, str | None]  # (drawer module, part of its figures or None for all)


class Publisher:
    """Draws a run's figures stage by stage (``stage_done``), then the index, the report and the timings
    (``finish``). ``background=False`` draws in this process, at ``finish``.

    The background process gets one unit at a time (the next when it finishes one), so whatever is still
    queued when the computing ends can be taken by this process instead."""

    def __init__(self, out: Path, background: bool = True):
        self.out = Path(out)
        self.pool = ProcessPoolExecutor(max_workers=1) if background and can_start_processes() else None
        self.queue: deque[Unit] = deque()
        self.units: list[Unit] = []  # as queued: each module's parts in its own order
        self.futures: dict[Unit, Future] = {}
        self.busy: Future | None = None
        self.closed = False
        self.lock = threading.RLock()  # the pool's thread calls feed() as each unit ends
        if self.pool is not None:
            self.busy = self.pool.submit(warm_up)
            self.busy.add_done_callback(self.feed)

    def stage_done(self, stage: str) -> None:
        module = next((m for m in DRAWERS if m.rsplit(".", 1)[-1] == stage), None)
        if self.pool is not None and module is not None:
            with self.lock:
                units = [(module, part) for part in module_parts(self.out, module)]
                self.units += units
                self.queue.extend(units)
                self.feed()

    def feed(self, _done: Future | None = None) -> None:
        """Hands the front of the queue to the background process once it is idle."""
        with self.lock:
            if self.queue and not self.closed and (self.busy is None or self.busy.done()):
                unit = self.queue.popleft()
                self.busy = self.futures[unit] = self.pool.submit(draw_module, self.out, *unit)
                self.busy.add_done_callback(self.feed)

    def take_last(self) -> Unit | None:
        with self.lock:
            return self.queue.pop() if self.queue else None

    def finish(self) -> dict:
        t0 = time.perf_counter()
        drawn: dict[Unit, list[FigureEntry]] = {}
        try:
            while (unit := self.take_last()) is not None:  # the back of the queue, here
                drawn[unit] = draw_module(self.out, *unit)
            for unit, future in list(self.futures.items()):
                drawn[unit] = future.result()
        finally:
            with self.lock:
                self.closed = True
            if self.pool is not None:  # the process ends on its own; the page need not wait for it
                self.pool.shutdown(wait=False)  # nothing is queued there: it gets one unit at a time
        by_module: dict[str, list[FigureEntry]] = {}
        for (module, _), es in sorted(drawn.items(), key=lambda item: (DRAWERS.index(item[0][0]),
                                                                      self.units.index(item[0]))):
            by_module.setdefault(module, []).extend(es)
        # a stage that did not run here (or a foreground draw): its module reads whatever tables are there
        entries = [e for module in DRAWERS
                   for e in (by_module[module] if module in by_module else draw_module(self.out, module))]
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
