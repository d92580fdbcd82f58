"""Benchmark of the shipped exploration (experiments/README.md) with 1 and with 2 worker processes (not a test).

    .venv/bin/python -m benchmarks.bench_explore                  # 1,000 LHS draws, 1 repeat per worker count
    .venv/bin/python -m benchmarks.bench_explore --samples 200 --repeats 3

Each repeat is a fresh process that does what the ``explore`` stage does on the default scenario and the
declared inputs of configs/uncertainty/default.yaml: draw the design, evaluate every draw (exact zone +
one negotiation), write the experiments and outcomes tables, PRIM + CART, figures. Reported per repeat: wall
time from the start of the stage's work (the scenario already loaded, the EMA workbench not yet imported),
the time inside model runs (summed over workers, divided by the worker count), and the share of the wall
time spent outside model runs (sampling, process start-up, tables, PRIM/CART, figures). The outcomes must be
identical for both worker counts, which is checked.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one(samples: int, workers: int) -> dict:
    """One repeat in this process (called through ``--one``)."""
    from hydra import compose, initialize_config_dir
    from omegaconf import OmegaConf

    import sim
    from sim.plots.explore import run_figures
    from sim.runs.stage_explore import explore
    from sim.scenario import CONFIG_DIR

    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base=None):
        cfg = OmegaConf.to_container(compose("config", overrides=[f"uncertainty.explore.samples={samples}"]))
    cfg.pop("hydra", None)
    scn = sim.load_scenario("ukraine_2025")
    with tempfile.TemporaryDirectory() as tmp:
        c0, w0 = time.process_time(), _workers_cpu()
        t0 = time.perf_counter()
        _, _, done = explore(scn, cfg, Path(tmp), say=lambda s: None, workers=workers)
        t_analysed = time.perf_counter()
        run_figures(Path(tmp))
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0 + _workers_cpu() - w0
    digest = hashlib.sha256(done.outcomes.to_csv(index=False).encode()).hexdigest()[:16]
    model = done.model_seconds / workers
    return {"workers": workers, "wall": wall, "model": model, "outside": 1 - model / wall,
            "evaluate": done.wall_seconds, "analyse": t_analysed - t0 - done.wall_seconds,
            "figures": t0 + wall - t_analysed, "cpu": cpu, "model_cpu": done.model_cpu_seconds,
            "digest": digest}


def _workers_cpu() -> float:
    """CPU seconds used so far by this process's live children (the loky workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in os.listdir("/proc"):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if pid.isdigit() and int(fields[1]) == os.getpid():  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # workers, for one repeat
    args = ap.parse_args(argv)
    if args.one is not None:
        print(json.dumps(one(args.samples, args.one)))
        return 0
    print(f"explore: {args.samples} LHS draws of the default inputs; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()} (a shared, noisy machine: medians)")
    results: dict[int, list[dict]] = {1: [], 2: []}
    for r in range(args.repeats):
        for workers in (1, 2) if r % 2 == 0 else (2, 1):
            out = subprocess.run([sys.executable, "-m", "benchmarks.bench_explore", "--samples", str(args.samples),
                                  "--one", str(workers)], check=True, capture_output=True, text=True)
            res = json.loads(out.stdout.strip().splitlines()[-1])
            results[workers].append(res)
            print(f"  repeat {r + 1}, {workers} worker(s): wall {res['wall']:6.1f} s, in model runs "
                  f"{res['model']:6.1f} s, outside {res['outside']:.1%} (evaluate {res['evaluate']:.1f} s, "
                  f"sampling, tables, PRIM+CART {res['analyse']:.1f} s, figures {res['figures']:.1f} s); CPU "
                  f"{res['cpu']:.1f} s, in model runs {res['model_cpu']:.1f} s, outside "
                  f"{res['cpu'] - res['model_cpu']:.1f} s; load {_load()}", flush=True)
    if {r["digest"] for rs in results.values() for r in rs} != {results[1][0]["digest"]}:
        print("FAIL: outcomes differ between worker counts")
        return 1
    m1 = statistics.median(r["wall"] for r in results[1])
    m2 = statistics.median(r["wall"] for r in results[2])
    out2 = statistics.median(r["outside"] for r in results[2])
    out1 = statistics.median(r["outside"] for r in results[1])
    print(f"median wall: 1 worker {m1:.1f} s, 2 workers {m2:.1f} s, speed-up {m1 / m2:.2f}x (goal >= 1.8x); "
          f"outside model runs: {out1:.1%} (1 worker), {out2:.1%} (2 workers) (goal <= 10%); outcomes identical")
    for w in (1, 2):
        cpu = statistics.median(r["cpu"] for r in results[w])
        model = statistics.median(r["model_cpu"] for r in results[w])
        print(f"median CPU, {w} worker(s): {cpu:.1f} s in all, {model:.1f} s in model runs, {cpu - model:.1f} s "
              f"outside ({1 - model / cpu:.1%})")
    return 0


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


if __name__ == "__main__":
    sys.exit(main())
