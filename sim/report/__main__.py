"""``python -m sim.report DIR [DIR ...]``: draw the figures and the report of finished runs.

For runs made with ``figures=false`` (every shipped experiment's jobs) or drawn by an older version. A
sweep folder stands for each of its finished jobs.
A folder that is not a finished run gets one message and exit status 2; nothing is written into it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..runs.io import has_table
from ..runs.marker import MARKER, mark_complete, read_marker


def problem(path: Path) -> str | None:
    if not path.is_dir():
        return f"{path}: not a folder"
    missing = [name for name in ("meta.json", "summary.json", MARKER) if not (path / name).is_file()]
    if missing:
        return (f"{path}: not a finished run ({' and '.join(missing)} missing); give a folder under "
                f"experiments/runs/ or one job of a sweep, e.g. experiments/sweeps/NAME/0")
    if read_marker(path) is None:
        return f"{path}: its {MARKER} is unreadable; rerun the same command to finish the run"
    if not has_table(path, "verdicts") and not any((path / "tables").glob("*.parquet")):
        return f"{path}: the run saved no tables (tables/*.parquet); run it again with `python -m sim`"
    return None


def jobs_of(path: Path) -> list[Path]:
    """A sweep folder (Hydra's ``multirun.yaml``) as its finished jobs, in job order; any other folder as
    itself."""
    if not (path / "multirun.yaml").is_file():
        return [path]
    from ..runs.sweep import job_dirs

    return [job for job in job_dirs(path) if (job / MARKER).is_file()] or [path]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sim.report",
                                 description="Draw the figures and report.html of finished runs, from their "
                                             "saved tables (e.g. sweep jobs run with figures=false).")
    ap.add_argument("dirs", nargs="+", type=Path,
                    help="run folders (experiments/runs/...), a sweep's job, or a sweep folder (all its jobs)")
    args = ap.parse_args(argv)
    runs = [job for d in args.dirs for job in jobs_of(d)]
    problems = [p for p in map(problem, runs) if p]
    if problems:
        print("error: " + "; ".join(problems), file=sys.stderr)
        return 2
    from .publish import publish  # matplotlib is imported only when there is something to draw

    for run in runs:
        marker = read_marker(run)
        timings = publish(run)
        # the run stays finished: its marker now also vouches for the figures and the report
        extra = {k: v for k, v in marker.items() if k not in ("fingerprint", "files")}
        mark_complete(run, marker["fingerprint"], **extra)
        print(f"{run}: {len(timings['figures'])} figures in {timings['drawing']:.1f} s, report "
              f"{run / 'report.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
