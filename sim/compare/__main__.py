"""``python -m sim.compare DIR [DIR ...] [--out FOLDER]``: side-by-side figures and one HTML report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import compare


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sim.compare",
                                 description="Compare saved runs and sweeps (figures and a self-contained report).")
    ap.add_argument("dirs", nargs="+", type=Path, help="run folders (experiments/runs/...) or sweep folders")
    ap.add_argument("--out", type=Path, default=None,
                    help="where to write (default experiments/compare/<date_time>)")
    args = ap.parse_args(argv)
    out = args.out or Path("experiments/compare") / dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    try:
        report = compare(args.dirs, out)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"Comparison written: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
