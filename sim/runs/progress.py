"""Sweep progress: every line a job prints is tagged ``[job k/N]``, and each finished job says how many
are done and about how long the rest will take.

``SweepProgress`` is a Hydra callback (registered in configs/config.yaml). When the multirun starts it
counts the jobs from the sweep's parameters, as Hydra's basic sweeper expands them, and puts the count
and the start time in the environment (``SIM_SWEEP_PROGRESS``), which the launcher's worker processes
inherit, so the sweep folder holds results only; each job reads it, prefixes its output, and at its end
counts the finished jobs (their completion marker, ``complete.json``) to estimate what is left.
Jobs a resumed sweep skips count as done but not in the rate.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

from .marker import MARKER

try:
    from hydra.experimental.callback import Callback
except ImportError:  # pragma: no cover - hydra is a hard dependency; keeps the module importable alone
    Callback = object

PROGRESS = "SIM_SWEEP_PROGRESS"  # environment variable: {"dir", "total", "started"} as JSON


def count_jobs(params: dict[str, Any], task: list[str]) -> int:
    """Jobs in the sweep: the product of the number of values of every swept key (``a=1,2 b=x,y,z``: 6)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    texts = [f"{k}={v}" for k, v in (params or {}).items()] + list(task or [])
    overrides = OverridesParser.create().parse_overrides(texts)
    return math.prod(len(list(o.sweep_string_iterator())) for o in overrides if o.is_sweep_override())


def eta_text(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def progress_line(total: int, done: int, fresh: int, elapsed: float) -> str:
    """``12/40 jobs done; about 3 min left``: the rate from the jobs finished in this session only."""
    text = f"{done}/{total} jobs done"
    if 0 < fresh and done < total:
        text += f"; about {eta_text(elapsed / fresh * (total - done))} left"
    return text


class TaggedLines:
    """A text stream that starts every line with ``tag``, so interleaved output of parallel jobs can be
    told apart."""

    def __init__(self, stream, tag: str):
        self.stream, self.tag, self.at_line_start = stream, tag, True

    def write(self, text: str) -> int:
        out = []
        for piece in text.splitlines(keepends=True):
            if self.at_line_start and piece.strip():
                out.append(self.tag)
            out.append(piece)
            self.at_line_start = piece.endswith("\n")
        self.stream.write("".join(out))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name):
        return getattr(self.stream, name)


class SweepProgress(Callback):
    def __init__(self) -> None:
        self._stdout = None
        self._started = 0.0

    def on_multirun_start(self, config, **kwargs) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        try:
            total = count_jobs(dict(config.hydra.sweeper.get("params") or {}), list(config.hydra.overrides.task))
        except Exception:  # an unusual sweeper grammar: progress is a courtesy, never a failure
            return
        os.environ[PROGRESS] = json.dumps({"dir": str(sweep_dir.absolute()), "total": total,
                                           "started": time.time()})
        print(f"Sweep of {total} jobs into {sweep_dir}")

    def _state(self, config) -> tuple[Path, dict] | None:
        from hydra.core.hydra_config import HydraConfig
        from hydra.types import RunMode

        hc = HydraConfig.get()
        if hc.mode != RunMode.MULTIRUN:
            return None
        sweep_dir = Path(hc.sweep.dir)
        try:
            state = json.loads(os.environ.get(PROGRESS, ""))
        except ValueError:
            return None
        return (sweep_dir, state) if state.get("dir") == str(sweep_dir.absolute()) else None

    def on_job_start(self, config, **kwargs) -> None:
        state = self._state(config)
        if state is None:
            return
        from hydra.core.hydra_config import HydraConfig

        k = int(HydraConfig.get().job.num) + 1
        self._started = time.time()
        self._stdout = sys.stdout
        sys.stdout = TaggedLines(sys.stdout, f"[job {k}/{state[1]['total']}] ")

    def on_job_end(self, config, job_return=None, **kwargs) -> None:
        if self._stdout is None:
            return
        state = self._state(config)
        if state is not None:
            sweep_dir, p = state
            finished = [s.stat().st_mtime for s in sweep_dir.glob(f"*/{MARKER}")]
            fresh = sum(m >= p["started"] for m in finished)
            print(f"finished in {time.time() - self._started:.1f} s; "
                  + progress_line(p["total"], len(finished), fresh, time.time() - p["started"]))
        sys.stdout.flush()
        sys.stdout, self._stdout = self._stdout, None
