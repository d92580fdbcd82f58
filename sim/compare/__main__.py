"""``python -m sim.compare [DIR ...] [--label NAME=DIR ...] [--out FOLDER]``: side-by-side figures, the
settings that differ between the compared runs, and one HTML report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import compare


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sim.compare",
                                 description="Compare saved runs and sweeps (figures and a self-contained report).")
    ap.add_argument("dirs", nargs="*", type=Path, help="run folders (experiments/runs/...) or sweep folders")
    ap.add_argument("--label", action="append", default=[], metavar="NAME=DIR",
                    help="compare DIR under the name NAME in figures and tables (repeatable)")
    ap.add_argument("--out", type=Path, default=None,
                    help="where to write (default experiments/compare/<date_time>)")
    args = ap.parse_args(argv)
    labels: dict[Path, str] = {}
    for text in args.label:
        name, sep, folder = text.partition("=")
        if not sep or not name.strip() or not folder.strip():
            print(f"error: --label {text!r}: give NAME=DIR, e.g. --label baseline=experiments/runs/2026-01-01_...",
                  file=sys.stderr)
            return 2
        labels[Path(folder)] = name.strip()
    dirs = [*args.dirs, *[d for d in labels if d not in args.dirs]]
    if not dirs:
        print("error: name at least one run or sweep folder (DIR or --label NAME=DIR)", file=sys.stderr)
        return 2
    out = args.out or Path("experiments/compare") / dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    try:
        report = compare(dirs, out, labels)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"Comparison written: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
