"""Score every forecasting model on real decisions: ``python -m sim.forecast.validate PATH``.

PATH is a DEU-style file (``sim.forecast.deu``): one scenario per proposal, its issues together, every
model run on it; forecasts are compared with the actual outcomes on the 0–100 scale. Prints the score
table and writes ``scores.csv``, ``scores.md`` and ``forecasts.csv`` under ``--out``
(default ``experiments/validation/<file stem>/``); ``--workers N`` scores proposals in N processes
(the same table, in file order). The reference point and the plain unweighted mean are
the floors. Issues without an outcome are skipped; a model without a forecast on an issue (no reference
point, empty agreement zone) is not scored there, and ``issues`` says how many it was scored on.
``--loss`` and ``--reservation`` set the bargaining points' scenario; ``nash_achen`` (``sim.forecast.achen``)
and ``nash_committee`` (``sim.forecast.committee``, with the rule's Shapley–Shubik index as power) keep
their own assumptions, over the members of the same decision rule.
Bad input: one message naming the file, row and column, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from ..scenario import ScenarioError
from ..scenario.table import LOSSES, RESERVATIONS
from .bargaining import POINTS
from .deu import Case, read_deu
from .models import LABELS, MODELS, forecast_table

SCORE_COLUMNS = ["model", "label", "issues", "mean_abs_error", "median_abs_error", "within_10", "seconds"]


def forecasts(cases: list[Case], models=MODELS, loss: str = "linear", reservation: str = "reference",
              say=None, workers: int = 1) -> pd.DataFrame:
    """One row per (proposal, issue, model): forecast, outcome, absolute error, seconds for the proposal.
    ``workers`` > 1 scores proposals in that many processes; the table is the same, in file order."""
    t0 = time.perf_counter()
    if workers > 1 and len(cases) > 1:
        parallel = Parallel(n_jobs=min(workers, len(cases)), backend="loky", return_as="generator")
        got = parallel(delayed(case_forecasts)(c, models, loss, reservation) for c in cases)
    else:
        got = (case_forecasts(c, models, loss, reservation) for c in cases)
    frames = []
    for n, f in enumerate(got):
        frames.append(f)
        if say and (n + 1) % 10 == 0:
            say(f"  {n + 1}/{len(cases)} proposals ({time.perf_counter() - t0:.0f} s)")
    d = pd.concat(frames, ignore_index=True)
    d["abs_error"] = (d["forecast"] - d["outcome"]).abs()
    return d


def case_forecasts(case: Case, models, loss: str, reservation: str) -> pd.DataFrame:
    """Every model on one proposal (a top-level function, so worker processes can import it)."""
    scn = case.scenario(loss=loss, reservation=reservation) if any(m in POINTS for m in models) else None
    f = forecast_table(case.table, scn, models=models, rule=case.rule)
    f.insert(0, "proposal", case.proposal)
    f["outcome"] = f["issue"].map(dict(zip(case.table.issues, case.outcome)))
    return f


def scores(d: pd.DataFrame) -> pd.DataFrame:
    """Per model: issues scored, mean and median absolute error, share within 10 points, total seconds."""
    rows = []
    for model in dict.fromkeys(d["model"]):
        m = d[d["model"] == model]
        e = m["abs_error"].dropna()
        rows.append({"model": model, "label": LABELS.get(model, model), "issues": len(e),
                     "mean_abs_error": e.mean(), "median_abs_error": e.median(),
                     "within_10": (e <= 10).mean() if len(e) else np.nan,
                     "seconds": m.groupby("proposal")["seconds"].first().sum()})
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def markdown(s: pd.DataFrame) -> str:
    head = "| model | issues | mean abs. error | median abs. error | within 10 points | seconds |"
    lines = [head, "|---|---:|---:|---:|---:|---:|"]
    for r in s.itertuples():
        lines.append(f"| {r.label} | {r.issues} | {r.mean_abs_error:.2f} | {r.median_abs_error:.2f} | "
                     f"{r.within_10:.1%} | {r.seconds:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sim.forecast.validate", description=__doc__.split("\n\n")[0])
    ap.add_argument("path", help="a DEU-style file (tab-separated, one row per issue)")
    ap.add_argument("--out", help="folder for scores.csv, scores.md, forecasts.csv")
    ap.add_argument("--loss", choices=LOSSES, default="linear", help="loss for the bargaining points' values")
    ap.add_argument("--reservation", choices=RESERVATIONS, default="reference",
                    help="disagreement point of the bargaining points: the reference point, or none (0)")
    ap.add_argument("--models", default=",".join(MODELS), help=f"comma-separated, from {', '.join(MODELS)}")
    ap.add_argument("--workers", type=int, default=1,
                    help="processes scoring proposals in parallel (same table; default 1)")
    args = ap.parse_args(argv)
    if args.workers < 1:
        print(f"error: --workers: {args.workers} is not a whole number ≥ 1", file=sys.stderr)
        return 2
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        print(f"error: --models: unknown {', '.join(unknown)}; choose from {', '.join(MODELS)}", file=sys.stderr)
        return 2
    try:
        cases = read_deu(args.path)
    except ScenarioError as e:
        print(f"error: {str(e).replace('scenario ', 'file ', 1)}", file=sys.stderr)
        return 2
    print(f"{len(cases)} proposals, {sum(c.table.n_issues for c in cases)} issues in {args.path}")
    d = forecasts(cases, models, args.loss, args.reservation, say=print, workers=args.workers)
    s = scores(d)
    out = Path(args.out) if args.out else Path("experiments") / "validation" / Path(args.path).stem
    out.mkdir(parents=True, exist_ok=True)
    d.to_csv(out / "forecasts.csv", index=False, float_format="%.6g")
    s.to_csv(out / "scores.csv", index=False, float_format="%.6g")
    (out / "scores.md").write_text(markdown(s) + "\n", encoding="utf-8")
    print(markdown(s))
    print(f"Written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
