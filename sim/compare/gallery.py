"""Regenerate the figures of experiments/README.md from real runs of the shipped experiments.

    python -m sim.compare.gallery            # runs each experiment (all cores), then draws small PNGs
    python -m sim.compare.gallery --reuse    # only redraws from sweeps already in experiments/sweeps/

Each experiment's sweep lands in experiments/sweeps/NAME (ignored by git); the chosen figures are copied,
at a small size, to experiments/figures/ (kept in git, so the README shows them).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..plots.style import resolution
from . import compare

ROOT = Path(__file__).resolve().parents[2]
# experiment -> figures of its comparison to keep (file name stems written by sim.compare)
GALLERY = {
    "concessions": ["negotiation_ensemble_agreement_probability", "analysis_zone_size"],
    "war_pressure": ["negotiation_ensemble_agreement_probability", "gains"],
    "plans": ["negotiation_ensemble_agreement_probability", "gains"],
    "strategies": ["negotiation_ensemble_agreement_probability", "gains"],
}


def run_experiment(name: str, cwd: Path) -> None:
    cmd = [sys.executable, "-m", "sim", "-m", f"+experiment={name}", "figures=false"]
    print("$", " ".join(cmd[1:]), flush=True)
    subprocess.run(cmd, cwd=cwd, check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sim.compare.gallery", description=__doc__.splitlines()[0])
    ap.add_argument("--reuse", action="store_true", help="redraw from existing sweeps without running them")
    ap.add_argument("--only", nargs="*", default=list(GALLERY), help="experiments to include")
    args = ap.parse_args(argv)
    dest = ROOT / "experiments" / "figures"
    dest.mkdir(parents=True, exist_ok=True)
    for name in args.only:
        sweep = ROOT / "experiments" / "sweeps" / name
        if not args.reuse or not (sweep / "sweep.parquet").is_file():
            try:
                run_experiment(name, ROOT)
            except subprocess.CalledProcessError:
                print(f"error: experiment {name} failed (its message is above)", file=sys.stderr)
                return 1
        with tempfile.TemporaryDirectory() as tmp, resolution(72):
            compare([sweep], Path(tmp))
            for stem in GALLERY[name]:
                src = Path(tmp) / "figures" / f"sweep_{name}_{stem}.png"
                if src.is_file():
                    shutil.copyfile(src, dest / f"{name}_{stem}.png")
                    print(f"wrote experiments/figures/{name}_{stem}.png")
                else:
                    print(f"note: {name} produced no {stem} figure (no variation in it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
