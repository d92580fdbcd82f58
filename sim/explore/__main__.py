"""``python -m sim.explore DIR [--outcome KEY]``: what would have to be true for an outcome, from a finished
run or sweep's experiments and outcomes tables (PRIM, CART; Sobol indices for a Sobol design).

Writes ``DIR/explore/`` (or ``--out``): ``tables/`` (discovery_*, sensitivity_sobol), ``figures/`` and
``report.md``. Bad input (no such folder, no experiments table, an unknown outcome) is one message and
exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..runs.io import write_json
from ..runs.sweep import NAME as SWEEP
from ..runs.sweep import job_dirs, write_sweep
from .analysis import OutcomeError, analyse
from .report import section
from .schema import OldFolderError, available, read_experiments

# which experiments table to explain when --table is not given, in this order
PREFERRED = ["explore", SWEEP, "ensemble", "uncertainty"]


def pick_table(folder: Path, name: str | None) -> str:
    have = available(folder)
    if not have and (folder / "multirun.yaml").is_file() and job_dirs(folder):
        write_sweep(folder)  # a sweep that ended before its tables were written: build them from its jobs
        have = available(folder)
    if name is not None:
        if name not in have:
            raise OldFolderError(f"{folder}: no experiments table {name!r}; it has {', '.join(have) or 'none'}")
        return name
    for n in PREFERRED:
        if n in have:
            return n
    raise OldFolderError(f"{folder}: no experiments tables (tables/*_schema.json); it was written before they "
                         "existed or is not a run or sweep folder: run it again with this version")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sim.explore", description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", type=Path, help="a run folder (experiments/runs/...) or a sweep folder")
    ap.add_argument("--outcome", default=None,
                    help="the outcome to explain (key or label; default: the design's, else the first yes/no)")
    ap.add_argument("--table", default=None, help=f"which experiments table ({', '.join(PREFERRED)})")
    ap.add_argument("--threshold", type=float, default=0.5, help="a numeric outcome counts when >= this")
    ap.add_argument("--min-coverage", type=float, default=0.5, help="report the densest PRIM box with at least "
                                                                    "this coverage (default 0.5)")
    ap.add_argument("--out", type=Path, default=None, help="where to write (default DIR/explore)")
    args = ap.parse_args(argv)
    folder = args.dir
    try:
        if not folder.is_dir():
            raise OldFolderError(f"{folder}: not a folder")
        if not 0 <= args.min_coverage <= 1:
            raise OutcomeError(f"--min-coverage {args.min_coverage}: give a share in [0, 1]")
        name = pick_table(folder, args.table)
        exp = read_experiments(folder, name)
        out = args.out or folder / "explore"
        found = analyse(exp, out, args.outcome, args.threshold, args.min_coverage,
                        seed=int(exp.design.get("seed") or 0))
    except (OldFolderError, OutcomeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    from ..plots.explore import run_figures

    entries = run_figures(out)
    write_json(out / "figures" / "index.json", [{"file": str(e.path.relative_to(out)), "title": e.title,
                                                  "caption": e.caption} for e in entries])
    text = section(exp, found, f"{folder}/tables/{name}_*", [str(e.path.relative_to(out)) for e in entries])
    (out / "report.md").write_text(text, encoding="utf-8")
    print(found.discovery.sentence())
    print(f"Written: {out / 'report.md'} ({len(entries)} figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
