"""Benchmark of the agent-based negotiation (not part of the test run).

    .venv/bin/python -m benchmarks.bench_negotiation                  # both protocols, profile included
    .venv/bin/python -m benchmarks.bench_negotiation --runs 400 --repeats 7 --no-profile
    .venv/bin/python -m benchmarks.bench_negotiation --workers 0      # also an ensemble on all cores

Goal: at least 200 runs per second per core on the default scenario (36-month deadline, the main config's
war and strategies), for both protocols. Reported: runs/s per repeat and their median (wall clock and CPU
time of this process, which is steadier when other programs share the machine), months per run, the
one-off cost of the candidate set, Mesa's own overhead (model construction, the step wrapper, one
DataCollector record) and a profile grouped by where the time goes. One core: BLAS threads are pinned to 1
before numpy loads.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import cProfile  # noqa: E402
import platform  # noqa: E402
import pstats  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402

import mesa  # noqa: E402
import numpy as np  # noqa: E402

import sim  # noqa: E402
from sim.negotiation import (  # noqa: E402
    NegotiationModel,
    negotiate_many,
    negotiation_settings,
    protocol_settings,
    war_settings,
)
from sim.negotiation.candidates import build_candidate_set  # noqa: E402
from sim.negotiation.config import for_scenario  # noqa: E402

GOAL = 200.0  # runs per second per core
# where the time goes: exclusive time of these methods (a method's time excludes the timed methods it calls)
PHASES = {
    ("NegotiationModel", "__init__"): "model construction (agents, beliefs, war, protocol)",
    ("War", "step"): "war dynamics",
    ("NegotiationModel", "update_offerable"): "ratifiable texts (public support)",
    ("Party", "set_aspiration"): "aspirations (strategies)",
    ("Beliefs", "catch_up"): "learning from answers",
    ("Beliefs", "utilities"): "refreshing believed utilities after learning",
    ("Beliefs", "score"): "scoring the efficient texts",
    ("Party", "propose"): "choosing a text (masks, argmax)",
    ("NeutralMediator", "propose"): "choosing a text (masks, argmax)",
    ("Party", "respond"): "answering (acceptance, objections)",
    ("NegotiationModel", "step"): "protocol bookkeeping (a month's flow)",
}

def ukraine_strategies(scn):
    """The scenario's own strategies (its negotiation.actors) under the default negotiation settings."""
    return negotiation_settings(for_scenario(scn)[2])


def per_core(scn, cs, protocol: str, runs: int, repeats: int) -> dict:
    """Runs/s of fresh seeded runs in this process (settings parsed once, candidates shared)."""
    p, w, n = protocol_settings(protocol), war_settings("ukraine_2025"), ukraine_strategies(scn)
    walls, cpus, months = [], [], 0
    for r in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        months = 0
        for k in range(runs):
            m = NegotiationModel(scn, p, w, n, candidates=cs, rng=np.random.SeedSequence([r, k]), record=False)
            m.run_model()
            months += m.month
        walls.append(runs / (time.perf_counter() - t0))
        cpus.append(runs / (time.process_time() - c0))
    return {"wall": walls, "cpu": cpus, "months": months / runs}


def mesa_overhead(scn, cs) -> dict[str, float]:
    """Microseconds: a bare mesa.Model and ours; Mesa's step wrapper (event list, clock) on a model whose
    step does nothing; one month of ours called directly; one DataCollector record (single runs only)."""

    class Bare(mesa.Model):
        def __init__(self):
            super().__init__(rng=0)

        def step(self):
            pass

    def us(fn, n):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        return (time.perf_counter() - t) / n * 1e6

    p, w, n = protocol_settings("mediated"), war_settings("ukraine_2025"), ukraine_strategies(scn)
    out = {"bare mesa.Model()": us(Bare, 2000),
           "NegotiationModel() (no recording)": us(lambda: NegotiationModel(scn, p, w, n, candidates=cs, rng=0,
                                                                              record=False), 300)}
    bare = Bare()
    out["Mesa's step wrapper (a step that does nothing)"] = us(bare.step, 20000)
    months, total = 0, 0.0
    for k in range(100):
        m = NegotiationModel(scn, p, w, n, candidates=cs, rng=k, record=False)
        t = time.perf_counter()
        while m.running:
            m._user_step()  # our step without Mesa's wrapper
        total += time.perf_counter() - t
        months += m.month
    out["one month of ours, called directly"] = total / months * 1e6
    m2 = NegotiationModel(scn, p, w, n, candidates=cs, rng=0, record=True)
    m2.step()
    out["one DataCollector record (record=True)"] = us(lambda: m2.datacollector.collect(m2), 2000)
    return out


class PhaseTimer:
    """Exclusive wall time per phase: wraps the PHASES methods; a method's time excludes timed callees."""

    def __init__(self):
        import sim.negotiation.agents as agents
        import sim.negotiation.beliefs as beliefs
        import sim.negotiation.model as model
        import sim.negotiation.war as war

        classes = {"NegotiationModel": model.NegotiationModel, "War": war.War, "Party": agents.Party,
                   "NeutralMediator": agents.NeutralMediator, "Beliefs": beliefs.Beliefs}
        self.totals: dict[str, float] = defaultdict(float)
        self.stack: list[float] = []  # time spent in timed callees of each open frame
        self.saved = []
        for (cls_name, meth), phase in PHASES.items():
            cls = classes[cls_name]
            attr = cls.__dict__.get(meth)
            if attr is None:
                continue
            self.saved.append((cls, meth, attr))
            setattr(cls, meth, self.wrap(attr, phase))

    def wrap(self, attr, phase):
        timer = self
        if isinstance(attr, property):
            inner = self.wrap(attr.fget, phase)
            return property(inner)

        def timed(*args, **kwargs):
            timer.stack.append(0.0)
            t = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                dt = time.perf_counter() - t
                callees = timer.stack.pop()
                timer.totals[phase] += dt - callees
                if timer.stack:
                    timer.stack[-1] += dt

        return timed

    def restore(self):
        for cls, meth, attr in self.saved:
            setattr(cls, meth, attr)


def phases(scn, cs, protocol: str, runs: int) -> dict[str, float]:
    """Share of a run's time per phase; the rest (Mesa's step wrapper and agent registry, Python calls)
    is what no timed method accounts for."""
    p, w, n = protocol_settings(protocol), war_settings("ukraine_2025"), ukraine_strategies(scn)
    timer = PhaseTimer()
    try:
        t = time.perf_counter()
        for k in range(runs):
            NegotiationModel(scn, p, w, n, candidates=cs, rng=k, record=False).run_model()
        total = time.perf_counter() - t
    finally:
        timer.restore()
    shares = {k: v / total for k, v in timer.totals.items()}
    shares["Mesa (step wrapper, agent registry) and untimed calls"] = 1.0 - sum(shares.values())
    return dict(sorted(shares.items(), key=lambda kv: -kv[1]))


def profile(scn, cs, protocol: str, runs: int) -> list[str]:
    p, w, n = protocol_settings(protocol), war_settings("ukraine_2025"), ukraine_strategies(scn)
    prof = cProfile.Profile()
    prof.enable()
    for k in range(runs):
        NegotiationModel(scn, p, w, n, candidates=cs, rng=k, record=False).run_model()
    prof.disable()
    rows = sorted(pstats.Stats(prof).stats.items(), key=lambda kv: -kv[1][2])[:10]
    return [f"{tt / runs * 1e3:7.3f} ms/run  {nc / runs:7.1f} calls/run  {os.path.basename(f)}:{ln}({fn})"
            for (f, ln, fn), (_, nc, tt, _, _) in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=300, help="runs per repeat and protocol")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--workers", type=int, default=None,
                    help="also time an ensemble with this many processes (0 = all cores)")
    args = ap.parse_args()

    print(f"Python {platform.python_version()}, numpy {np.__version__}, mesa {mesa.__version__}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    scn = sim.load_scenario("ukraine_2025")
    t = time.perf_counter()
    cs = build_candidate_set(scn, "auto", ukraine_strategies(scn).candidates_max)
    print(f"Candidate set ({cs.source} frontier, {cs.n_efficient} efficient texts): "
          f"{time.perf_counter() - t:.2f} s, once per scenario\n")
    results = {}
    for protocol in ("mediated", "alternating"):
        per_core(scn, cs, protocol, 20, 1)  # warm-up
        r = per_core(scn, cs, protocol, args.runs, args.repeats)
        results[protocol] = r
        med_w, med_c = statistics.median(r["wall"]), statistics.median(r["cpu"])
        verdict = "meets" if med_c >= GOAL else "misses"
        print(f"{protocol:11s} runs/s per core: median {med_w:6.1f} wall, {med_c:6.1f} cpu ({verdict} the goal of "
              f"{GOAL:.0f}); repeats (wall) {', '.join(f'{x:.0f}' for x in r['wall'])}; "
              f"{r['months']:.1f} months/run, {1e6 / med_c / r['months']:.0f} us/month")
    print("\nMesa overhead (microseconds):")
    for k, v in mesa_overhead(scn, cs).items():
        print(f"  {v:8.1f}  {k}")
    if not args.no_profile:
        for protocol in ("mediated", "alternating"):
            print(f"\nWhere the time goes ({protocol}, exclusive time per phase, 150 runs):")
            for k, v in phases(scn, cs, protocol, 150).items():
                print(f"  {v:6.1%}  {k}")
            print("  top functions by self time (cProfile):")
            for line in profile(scn, cs, protocol, 150):
                print("   ", line)
    if args.workers is not None:
        workers = None if args.workers == 0 else args.workers
        for protocol in ("mediated", "alternating"):
            t = time.perf_counter()
            e = negotiate_many(scn, runs=2000, protocol=protocol, seed=0, workers=workers, candidates=cs)
            dt = time.perf_counter() - t
            print(f"\nEnsemble of {e.n_runs} {protocol} runs on {workers or os.cpu_count()} processes: {dt:.1f} s, "
                  f"{e.n_runs / dt:.0f} runs/s (incl. process start-up); agreement {e.agreement_probability:.0%}")


if __name__ == "__main__":
    main()
