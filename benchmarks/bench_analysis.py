"""Benchmarks of the exact analysis (not part of the test run).

    .venv/bin/python -m benchmarks.bench_analysis            # all three, a few minutes
    .venv/bin/python -m benchmarks.bench_analysis default    # one of: default, dense, scaling

(a) default: the default scenario, everything the analysis stage computes: Pareto frontier, zone size
    with the concession map, the four solution points, nearest agreements for every proposal. Median of
    5 fresh runs; peak memory (max RSS) of a separate process that does it once. Goal < 2 s, < 1 GB.
(b) dense: a random 4-actor scenario, 10 issues of 4 options (1,048,576 bundles): the engines against
    dense brute force (every bundle's utilities in numpy, masks, bincounts, argmax, and the same dominance
    filter run on all red-line-free bundles). Goal: at least 50x faster.
(c) scaling: 6 to 16 issues of 5 options (1.6e4 to 1.5e11 bundles): time and frontier and zone sizes.
One core: BLAS threads are pinned to 1 before numpy loads.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import sim  # noqa: E402
from sim.analysis.dense import Dense  # noqa: E402
from sim.analysis.synthetic import random_scenario  # noqa: E402


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def full_analysis(scn) -> dict:
    """Everything the analysis stage needs, on a fresh (uncached) Analysis."""
    res = sim.analyze(scn)
    out = {"pareto": len(res.pareto), "zone": res.zone_size, "concessions": len(res.concessions),
           "solutions": len(res.solutions)}
    out["nearest"] = [res.nearest(k).n_changes for k in scn.proposals]
    return out


def bench_default(repeat: int = 5) -> tuple[list[tuple], str]:
    scn = sim.load_scenario("ukraine_2025")
    steps = []
    for name, fn in [("Pareto frontier", lambda r: r.pareto), ("zone size + concession map", lambda r: r.concessions),
                     ("4 solution points", lambda r: r.solutions),
                     (f"nearest agreements ({len(scn.proposals)} proposals)",
                      lambda r: [r.nearest(k) for k in scn.proposals])]:
        times = []
        for _ in range(repeat):
            res = sim.analyze(scn)
            _ = res.compound  # shared by every step; counted in the total below
            t = time.perf_counter()
            fn(res)
            times.append(time.perf_counter() - t)
        steps.append((name, statistics.median(times)))
    total, out = timed(lambda: full_analysis(scn), repeat)
    peak = peak_memory_mb()
    rows = [("(a) default", n, f"{t:.3f}") for n, t in steps]
    rows.append(("(a) default", "total (all of the above, fresh analysis)", f"{total:.3f}"))
    rows.append(("(a) default", "peak memory of a process doing it once (max RSS, MB)", f"{peak:.0f}"))
    facts = (f"default scenario: {scn.space.size:,} bundles, Pareto frontier {out['pareto']:,}, zone "
             f"{out['zone']:,}, nearest changes {out['nearest']}")
    return rows, facts


def peak_memory_mb() -> float:
    code = ("import benchmarks.bench_analysis as b, sim, resource; "
            "b.full_analysis(sim.load_scenario('ukraine_2025')); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    kb = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(kb.strip().splitlines()[-1]) / 1024


def bench_dense(repeat: int = 3) -> tuple[list[tuple], str]:
    scn = random_scenario(np.random.default_rng(2025), 4, [4] * 10, n_interactions=2, red_line_rate=0.15,
                          reservation_quantile=0.6)
    keys = list(scn.proposals)
    engine = {
        "Pareto frontier": lambda: len(sim.analyze(scn).pareto),
        "zone size + concession map": lambda: sim.analyze(scn).concessions,
        "4 solution points": lambda: sim.analyze(scn).solutions,
        "nearest agreements (3 proposals)": lambda: [sim.nearest_agreement(scn, k) for k in keys],
    }

    brute = {
        "Pareto frontier": lambda: int(Dense(scn).pareto(pairwise=False).sum()),
        "zone size + concession map": lambda: Dense(scn).concessions(),
        "4 solution points": lambda: Dense(scn).solutions(),
        "nearest agreements (3 proposals)": lambda: _dense_nearest(scn, keys),
    }
    rows = []
    tot_e = tot_b = 0.0
    for name in engine:
        te, _ = timed(engine[name], repeat)
        tb, _ = timed(brute[name], 1 if name == "Pareto frontier" else repeat)
        tot_e, tot_b = tot_e + te, tot_b + tb
        rows.append(("(b) 1,048,576 bundles", name, f"{te:.3f}", f"{tb:.3f}", f"{tb / te:.0f}x"))
    rows.append(("(b) 1,048,576 bundles", "total", f"{tot_e:.3f}", f"{tot_b:.3f}", f"{tot_b / tot_e:.0f}x"))
    res, d = sim.analyze(scn), Dense(scn)
    assert res.zone_size == int(d.zone.sum())  # same answers, or the timing means nothing
    assert len(res.pareto) == int(d.pareto(pairwise=False).sum())
    facts = (f"dense comparison: {scn.space.size:,} bundles, zone {res.zone_size:,}, "
             f"frontier {len(res.pareto):,}")
    return rows, facts


def _dense_nearest(scn, keys):
    d = Dense(scn)  # utilities of every bundle computed once, shared by the proposals
    return [d.nearest(scn.proposals[k].bundle) for k in keys]


def bench_scaling(max_issues: int = 16) -> list[tuple]:
    rows = []
    for n in range(6, max_issues + 1, 2):
        scn = random_scenario(np.random.default_rng(n), 4, [5] * n, n_interactions=2, red_line_rate=0.15,
                              reservation_quantile=0.8)
        res = sim.analyze(scn)
        t0 = time.perf_counter()
        front = len(res.pareto)
        t1 = time.perf_counter()
        zone = res.zone_size
        _ = res.concessions
        t2 = time.perf_counter()
        _ = res.solutions
        t3 = time.perf_counter()
        for k in scn.proposals:
            res.nearest(k)
        t4 = time.perf_counter()
        rows.append((f"(c) {n} issues", f"{scn.space.size:.1e}", f"{front:,}", f"{zone:,}",
                     f"{len(res.zone_frontier):,}", f"{t1 - t0:.3f}", f"{t2 - t1:.3f}", f"{t3 - t2:.3f}",
                     f"{t4 - t3:.3f}", f"{t4 - t0:.3f}"))
    return rows


def table(header: list[str], rows: list[tuple]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "| " + " | ".join(str(x).ljust(w) for x, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for ln in open("/proc/cpuinfo"):
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}"


def main(argv: list[str]) -> None:
    which = argv or ["default", "dense", "scaling"]
    print(f"# {time.strftime('%Y-%m-%d')} on {machine()}; one BLAS thread; times in seconds (medians)\n")
    if "default" in which:
        rows, facts = bench_default()
        print(table(["benchmark", "step", "median s"], rows))
        print(f"\n{facts}\n")
    if "dense" in which:
        rows, facts = bench_dense()
        print(table(["benchmark", "task", "exact engine s", "dense brute force s", "speed-up"], rows))
        print(f"\n{facts}\n")
    if "scaling" in which:
        rows = bench_scaling()
        print(table(["benchmark", "bundles", "frontier", "zone", "zone frontier", "frontier s", "zone+map s",
                     "solutions s", "nearest (3) s", "total s"], rows))
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
