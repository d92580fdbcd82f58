"""Benchmarks of the exact analysis (not part of the test run).

    .venv/bin/python -m benchmarks.bench_analysis            # everything, several minutes
    .venv/bin/python -m benchmarks.bench_analysis goals      # the five goals of issue 8, (a) to (e)
    .venv/bin/python -m benchmarks.bench_analysis default    # one of: goals, default, dense, scaling
    .venv/bin/python -m benchmarks.bench_analysis b          # goal (b) alone, medians of 5

goals: (a) 4 actors x 20 issues x 4 options: zone size and Nash, each in a child process with a time cap
    (``CAP`` s), against the previous engine (zone size without closed-form sub-trees, ``zone.MAX_ROWS = 0``);
    12-18 issues show the trend. (b) 30 actors x 6 issues x 11 options: the signatories' ideal
    points and each solution point, against the previous engine (the same points picked over the zone's
    Pareto frontier) in a child process with the same cap. (c) 10 actors x 10 issues x 4 options: every
    answer but the frontier, against dense brute force. (d) the default scenario, below. (e) the
    1,048,576-bundle comparison with dense numpy, below. Medians of 3 unless said otherwise.

(a) default: the default scenario, everything the analysis stage computes: Pareto frontier, zone size
    with the concession map, the five solution points and the compromise, nearest agreements for every
    proposal. Median of 5 fresh runs; peak memory (max RSS) of a separate process that does it once. Goal < 2 s, < 1 GB.
(b) dense: a random 4-actor scenario, 10 issues of 4 options (1,048,576 bundles): the engines against
    dense brute force (every bundle's utilities in numpy, masks, bincounts, lexsort, and the same dominance
    filter run on all red-line-free bundles, since all pairs are out of reach), task by task on a fresh
    Analysis / Dense each, engine and dense runs alternating, medians of 7; then all four tasks on one
    Analysis against all four on one Dense (utilities computed once). Both sides' answers are checked
    equal. Goal: at least 50x faster (the sum of the four tasks).
(c) scaling: 6 to 16 issues of 5 options (1.6e4 to 1.5e11 bundles): time and frontier and zone sizes
    (medians of 3 fresh analyses per size).
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
                     ("solution points (5 + compromise)", lambda r: r.solutions),
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


def bench_dense(repeat: int = 7) -> tuple[list[tuple], str]:
    """Engine and dense brute force per task, each run on a fresh Analysis / a fresh Dense, alternating
    engine and dense runs so both see the same machine load; medians of ``repeat`` runs."""
    scn = dense_scenario()
    keys = list(scn.proposals)
    engine = {
        "Pareto frontier": lambda: sim.analyze(scn).pareto,
        "zone size + concession map": lambda: sim.analyze(scn).concessions,
        "solution points (5 + compromise)": lambda: sim.analyze(scn).solutions,
        "nearest agreements (3 proposals)": lambda: _engine_nearest(scn, keys),
    }
    brute = {
        "Pareto frontier": lambda: Dense(scn).pareto(pairwise=False),
        "zone size + concession map": lambda: Dense(scn).concessions(),
        "solution points (5 + compromise)": lambda: Dense(scn).solutions(),
        "nearest agreements (3 proposals)": lambda: _dense_nearest(Dense(scn), keys),
    }
    label = f"(b) {scn.space.size:,} bundles"
    rows = []
    tot_e = tot_b = 0.0
    for name in engine:
        te, tb = timed_pair(engine[name], brute[name], repeat)
        tot_e, tot_b = tot_e + te, tot_b + tb
        rows.append((label, name, f"{te:.4f}", f"{tb:.3f}", f"{tb / te:.0f}x"))
    rows.append((label, "total (sum of the four)", f"{tot_e:.4f}", f"{tot_b:.3f}", f"{tot_b / tot_e:.0f}x"))
    te, tb = timed_pair(lambda: _engine_all(scn, keys), lambda: _dense_all(scn, keys), repeat)
    rows.append((label, "all four on one Analysis / one Dense (shared work)", f"{te:.4f}", f"{tb:.3f}",
                 f"{tb / te:.0f}x"))
    res, d = sim.analyze(scn), Dense(scn)
    check_same_answers(scn, res, d, keys)  # or the timing means nothing
    n_free = int(d.domain.sum())
    facts = (f"dense comparison: {scn.space.size:,} bundles ({n_free:,} cross no red line), zone "
             f"{res.zone_size:,}, frontier {len(res.pareto):,}, zone frontier {len(res.zone_frontier):,}, "
             f"nearest changes {[res.nearest(k).n_changes for k in keys]}; all answers checked equal.\n"
             "Dense side: every bundle enumerated, utilities by one table lookup per issue (plus interaction "
             "masks), masks, bincount, lexsort, all in numpy. Its Pareto step is not all-pairs (that would be "
             f"{n_free * (n_free - 1) / 2:.1e} pairs) but the same dominance filter the engine uses "
             "(sim/analysis/dominance.py, divide and conquer with bitset leaves) on all red-line-free bundles.")
    return rows, facts


def dense_scenario():
    return random_scenario(np.random.default_rng(2025), 4, [4] * 10, n_interactions=2, red_line_rate=0.15,
                           reservation_quantile=0.6)


def timed_pair(fa, fb, repeat: int) -> tuple[float, float]:
    """Medians of ``repeat`` alternating runs of ``fa`` and ``fb``."""
    ta, tb = [], []
    for _ in range(repeat):
        for f, times in ((fa, ta), (fb, tb)):
            t = time.perf_counter()
            f()
            times.append(time.perf_counter() - t)
    return statistics.median(ta), statistics.median(tb)


def _engine_nearest(scn, keys):
    res = sim.analyze(scn)  # compound issues built once, shared by the proposals
    return [res.nearest(k) for k in keys]


def _dense_nearest(d: Dense, keys):
    return [d.nearest(d.scn.proposals[k].bundle) for k in keys]  # utilities computed once, shared


def _engine_all(scn, keys):
    res = sim.analyze(scn)
    return res.pareto, res.concessions, res.solutions, [res.nearest(k) for k in keys]


def _dense_all(scn, keys):
    d = Dense(scn)
    return d.pareto(pairwise=False), d.concessions(), d.solutions(), _dense_nearest(d, keys)


def check_same_answers(scn, res, d: Dense, keys) -> None:
    front = scn.space.indices(res.pareto[scn.space.issue_keys].to_numpy())
    assert np.array_equal(np.sort(front), np.flatnonzero(d.pareto(pairwise=False)))
    assert res.zone_size == int(d.zone.sum())
    cm = res.concessions
    for issue, counts in zip(scn.issues, d.concessions()):
        got = cm[cm["issue"] == issue.key].sort_values("option_index")["count"].to_numpy()
        assert np.array_equal(got, counts)
    expected = d.solutions()
    for name, index in expected.items():
        assert scn.space.index(res.solutions.loc[name, scn.space.issue_keys].to_numpy(dtype=np.int64)) == index
    for k, (n_changes, index) in zip(keys, _dense_nearest(d, keys)):
        near = res.nearest(k)
        assert (near.n_changes, scn.space.index(near.bundle)) == (n_changes, index)


def bench_scaling(max_issues: int = 16, repeat: int = 3) -> list[tuple]:
    """Per size, ``repeat`` fresh analyses (compound issues built outside the timings); medians per step."""
    rows = []
    for n in range(6, max_issues + 1, 2):
        scn = random_scenario(np.random.default_rng(n), 4, [5] * n, n_interactions=2, red_line_rate=0.15,
                              reservation_quantile=0.8)
        steps = []
        for _ in range(repeat):
            res = sim.analyze(scn)
            _ = res.compound
            t = [time.perf_counter()]
            front = len(res.pareto)
            t.append(time.perf_counter())
            zone = res.zone_size
            _ = res.concessions
            t.append(time.perf_counter())
            _ = res.solutions
            t.append(time.perf_counter())
            for k in scn.proposals:
                res.nearest(k)
            t.append(time.perf_counter())
            steps.append(np.diff(t))
        med = np.median(steps, axis=0)
        rows.append((f"(c) {n} issues", f"{scn.space.size:.1e}", f"{front:,}", f"{zone:,}",
                     f"{len(res.zone_frontier):,}", *(f"{x:.3f}" for x in med), f"{med.sum():.3f}"))
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


CAP = 60.0  # seconds: a child process still running then counts as "> CAP"


def goal_scenario(case: str, n_issues: int = 20):
    """The scenarios of the goals: random, decimal-free values (the fallback grid), seeded."""
    if case == "a":
        return random_scenario(np.random.default_rng(20), 4, [4] * n_issues, n_interactions=2,
                               red_line_rate=0.1, reservation_quantile=0.5)
    if case == "b":
        return random_scenario(np.random.default_rng(30), 30, [11] * 6, n_interactions=2, red_line_rate=0.1,
                               reservation_quantile=0.1)
    return random_scenario(np.random.default_rng(10), 10, [4] * 10, n_interactions=2, red_line_rate=0.1,
                           reservation_quantile=0.2)


def child_time(code: str, cap: float = CAP) -> str:
    """Run ``code`` (prints one number: seconds) in a fresh interpreter; '> cap' when it runs out of time."""
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=cap, check=True)
    except subprocess.TimeoutExpired:
        return f"> {cap:.0f}"
    return f"{float(out.stdout.strip().splitlines()[-1]):.3f}"


def _child(case: str, n: int, task: str) -> str:
    return ("import time, benchmarks.bench_analysis as b, sim; "
            f"s = b.goal_scenario({case!r}, {n}); r = sim.analyze(s); _ = r.compound; "
            f"t = time.perf_counter(); {task}; print(time.perf_counter() - t)")


def bench_goals(repeat: int = 3) -> list[tuple]:

    rows = []
    for n in (12, 14, 16, 20):
        scn = goal_scenario("a", n)
        zone = child_time(_child("a", n, "r.zone_size"))
        nash = child_time(_child("a", n, "r.zone_size; r.nash")) if not zone.startswith(">") else f"> {CAP:.0f}"
        # the previous engine: the same branch and bound without closed-form sub-trees (sim/analysis/tail.py)
        before = child_time("import sim.analysis.zone as z; z.MAX_ROWS = 0; " + _child("a", n, "r.zone_size"))
        rows.append((f"(a) 4 x {n} x 4", f"{scn.space.size:.1e} bundles", "zone size", zone,
                     f"{before} (no closed form)", "goal 2 s"))
        rows.append((f"(a) 4 x {n} x 4", "", "zone size + Nash", nash, "", "goal 2 s"))
    rows += goal_b(repeat)
    scn = goal_scenario("c")
    keys = list(scn.proposals)
    res, d = sim.analyze(scn), Dense(scn)
    label = f"(c) 10 x 10 x 4 ({scn.space.size:,}, zone {res.zone_size:,})"
    for name, fe, fd in [("zone size + concession map", lambda: sim.analyze(scn).concessions,
                          lambda: Dense(scn).concessions()),
                         ("all solution points", lambda: sim.analyze(scn).solutions, lambda: Dense(scn).solutions()),
                         ("nearest agreements (3 proposals)", lambda: _engine_nearest(scn, keys),
                          lambda: _dense_nearest(Dense(scn), keys))]:
        te, tb = timed_pair(fe, fd, repeat)
        rows.append((label, "", name, f"{te:.3f}", f"{tb:.3f}", "goal 1 s"))
    assert res.zone_size == int(d.zone.sum())
    for name, index in d.solutions().items():
        assert scn.space.index(res.solutions.loc[name, scn.space.issue_keys].to_numpy(dtype=np.int64)) == index
    return rows


def goal_b(repeat: int = 3, previous: bool = True) -> list[tuple]:
    """(b): the ideal points and every solution point on a fresh Analysis each (medians of ``repeat``),
    the pareto status (the frontier limit at work), and, with ``previous``, the zone frontier alone."""
    from sim.analysis.solutions import SOLUTIONS

    rows = []
    scn = goal_scenario("b")
    res = sim.analyze(scn)
    label = f"(b) 30 x 6 x 11 ({scn.space.size:,}, zone {res.zone_size:,})"
    t_ideal = statistics.median(_fresh(scn, lambda r: r._objectives) for _ in range(repeat))
    rows.append((label, "", "ideal points (for Kalai)", f"{t_ideal:.3f}", "", "goal 1 s"))
    old = child_time(_child("b", 6, "r.zone_frontier"), 2 * CAP) if previous else "not run"
    for name in SOLUTIONS:
        times = [_fresh(scn, lambda r, n=name: r._pick(n), warm=True) for _ in range(repeat)]
        rows.append((label, "", name, f"{statistics.median(times):.3f} ({', '.join(f'{t:.2f}' for t in times)})",
                     "" if name != "nash" else f"{old} (zone frontier alone)", "goal 1 s"))
    t_front = statistics.median(_fresh(scn, lambda r: r.pareto) for _ in range(repeat))
    rows.append((label, "", f"Pareto frontier past the limit ({res.pareto_status.size_text} bundles, sample)",
                 f"{t_front:.3f}", "", "-"))
    return rows


def _fresh(scn, fn, warm: bool = False) -> float:
    """Time ``fn`` on a fresh Analysis (zone count and, with ``warm``, the objectives done beforehand)."""
    res = sim.analyze(scn)
    _ = res.zone_size
    if warm:
        _ = res._objectives
    t = time.perf_counter()
    fn(res)
    return time.perf_counter() - t


def main(argv: list[str]) -> None:
    which = argv or ["goals", "default", "dense", "scaling"]
    print(f"# {time.strftime('%Y-%m-%d')} on {machine()}; one BLAS thread; times in seconds (medians); "
          "the machine is shared with other jobs (noisy)\n")
    if "b" in which:
        print(table(["goal", "size", "answer", "exact engine s", "baseline s", "goal"],
                    goal_b(5, previous=False)))
        print(f"\nload average after: {open('/proc/loadavg').read().split()[:3]}\n")
    if "goals" in which:
        print(table(["goal", "size", "answer", "exact engine s", "baseline s", "goal"], bench_goals()))
        print()
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
