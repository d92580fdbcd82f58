"""Drawing benchmark: where the default run's time goes, and what drawing adds to it.

``python -m benchmarks.bench_drawing [--repeat 3]``: runs ``python -m sim`` on the default scenario
``repeat`` times (figures on) and reports, as medians, the stages' seconds, the seconds spent drawing each
figure (in the background process), and the wait for figures and report after the last stage. Then it
redraws the last run in the foreground (``python -m sim.report``) ``repeat`` times for the per-figure cost
without overlap. It fails (exit 1) when the figures' share of the run, measured as the time the run
spends on them after computing (``drawing_wait`` + ``report`` over ``Done in``), exceeds 25%. The machine
may be shared: say so with the numbers, and compare medians.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BUDGET = 0.25


def run_once(folder: Path) -> tuple[float, dict]:
    r = subprocess.run([sys.executable, "-m", "sim", f"hydra.run.dir={folder}"], capture_output=True, text=True)
    if r.returncode:
        sys.exit(r.stderr[-2000:])
    total = float(re.search(r"Done in ([0-9.]+) s", r.stdout).group(1))
    return total, json.loads((folder / "timings.json").read_text())


def load() -> str:
    """The 1-, 5- and 15-minute load averages: on a shared 2-core machine, how much the others ran."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_drawing")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    med = statistics.median
    before = load()
    with tempfile.TemporaryDirectory() as tmp:
        runs = [run_once(Path(tmp) / f"run{k}") for k in range(args.repeat)]
        totals = [t for t, _ in runs]
        timings = [d for _, d in runs]
        stages = [k for k, v in timings[0].items() if isinstance(v, float) and k not in
                  ("drawing", "drawing_wait", "report")]
        print(f"Default run, {args.repeat} runs (medians; shared machine, expect noise; load average "
              f"{before} before, {load()} after):")
        print(f"  whole run ('Done in')        {med(totals):7.2f} s")
        for s in stages:
            print(f"  stage {s:<22} {med(d[s] for d in timings):7.2f} s")
        print(f"  figures drawn (background)   {med(d['drawing'] for d in timings):7.2f} s")
        wait = [d["drawing_wait"] + d["report"] for d in timings]
        print(f"  waited for figures + report  {med(wait):7.2f} s")
        share = med(w / t for w, t in zip(wait, totals))
        print(f"  share of the run             {share:7.1%} (budget {BUDGET:.0%})")
        last = Path(tmp) / f"run{args.repeat - 1}"
        fore = []
        for _ in range(args.repeat):
            subprocess.run([sys.executable, "-m", "sim.report", str(last)], check=True, capture_output=True)
            fore.append(json.loads((last / "timings.json").read_text()))
        print("Per figure, drawn in the foreground (python -m sim.report; medians):")
        for name in fore[0]["figures"]:
            print(f"  {name:<32} {med(d['figures'][name] for d in fore):6.2f} s")
        print(f"  {'all figures':<32} {med(d['drawing'] for d in fore):6.2f} s")
    return 0 if share <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
