"""Benchmark of a shipped experiment run as a multirun with 1 and with 2 worker processes (not a test).

    .venv/bin/python -m benchmarks.bench_sweep                       # experiment `plans`, 3 repeats each
    .venv/bin/python -m benchmarks.bench_sweep --experiment strategies --repeats 1

Each repeat runs the whole command a user runs (`python -m sim -m +experiment=NAME`) in a fresh temporary
folder, through the joblib launcher with n_jobs=1 and n_jobs=2, alternating the two so that machine noise
hits both alike. Reported: wall time per repeat, medians, and the speed-up (median 1 worker / median 2
workers); on a 2-core machine the ceiling is 2x less the start-up of the worker processes. The jobs'
results must be identical for both worker counts, which is checked too.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_sweep(experiment: str, workers: int, folder: Path) -> float:
    cmd = [sys.executable, "-m", "sim", "-m", f"+experiment={experiment}", f"hydra.launcher.n_jobs={workers}",
           "figures=false", "sweep_name=bench"]
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=folder, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def results_digest(folder: Path) -> str:
    sweep = folder / "experiments" / "sweeps" / "bench"
    h = hashlib.sha256()
    for p in sorted(sweep.glob("*/tables/*.parquet")):
        h.update(p.relative_to(sweep).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--experiment", default="plans")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"experiment {args.experiment}; {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    times: dict[int, list[float]] = {1: [], 2: []}
    digests: dict[int, str] = {}
    for r in range(args.repeats):
        for workers in (1, 2) if r % 2 == 0 else (2, 1):
            with tempfile.TemporaryDirectory() as tmp:
                t = run_sweep(args.experiment, workers, Path(tmp))
                digests[workers] = results_digest(Path(tmp))
            times[workers].append(t)
            print(f"  repeat {r + 1}, {workers} worker{'s' if workers > 1 else ''}: {t:6.1f} s", flush=True)
    m1, m2 = statistics.median(times[1]), statistics.median(times[2])
    print(f"\n| workers | median wall time | runs |\n|---|---|---|\n| 1 | {m1:.1f} s | {len(times[1])} |\n"
          f"| 2 | {m2:.1f} s | {len(times[2])} |\n\nspeed-up 1 -> 2 workers: {m1 / m2:.2f}x")
    same = digests[1] == digests[2]
    print(f"identical tables with 1 and 2 workers: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
