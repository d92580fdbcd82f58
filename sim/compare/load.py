"""Finding runs and sweeps among the folders a user names."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..explore.schema import Column, OldFolderError, read_experiments
from ..runs.io import has_table, read_table
from ..runs.marker import MARKER
from ..runs.marker import problems as unfinished
from ..runs.sweep import NAME, job_dirs, joined, write_sweep


@dataclass
class Run:
    path: Path
    meta: dict
    summary: dict
    label: str

    def table(self, name: str) -> pd.DataFrame | None:
        return read_table(self.path, name) if has_table(self.path, name) else None


@dataclass
class Sweep:
    path: Path
    table: pd.DataFrame  # job, inputs, status, outcomes: the experiments and outcomes tables joined
    label: str
    params: list[str] = field(default_factory=list)  # swept parameters (more than one value)
    actors: list[str] = field(default_factory=list)  # scenario order, for consistent colours
    metrics: list[Column] = field(default_factory=list)  # the outcome metrics the schema declares
    meta: dict = field(default_factory=dict)  # the first job's meta.json (labels)
    config: dict = field(default_factory=dict)  # the first job's settings (summary.json "config")


def is_run(path: Path) -> bool:
    """A run folder, finished or not (``sim.runs.marker`` tells which)."""
    return (path / "meta.json").is_file() or (path / MARKER).is_file()


def is_sweep(path: Path) -> bool:
    return ((path / "tables" / f"{NAME}_schema.json").is_file() or (path / "sweep.parquet").is_file()
            or (path / "multirun.yaml").is_file())


def sweep_problems(path: Path) -> list[str]:
    """A sweep is comparable when its table and every job are finished (their completion markers)."""
    out = unfinished(path)
    if not out:
        out = [p for job in json.loads((path / MARKER).read_text()).get("jobs", {}) for p in unfinished(path / job)]
    return out


def load_run(path: Path, label: str | None = None) -> Run:
    meta = json.loads((path / "meta.json").read_text())
    summary = json.loads((path / "summary.json").read_text())
    return Run(path, meta, summary, label or f"{path.name} ({meta['name']})")


def load_sweep(path: Path, label: str | None = None) -> Sweep:
    """The sweep's experiments and outcomes tables; a finished sweep folder written before they existed
    has them rebuilt from its job folders."""
    try:
        exp = read_experiments(path, NAME)
    except OldFolderError:
        if not job_dirs(path):
            raise OldFolderError(f"{path}: a sweep folder without tables/{NAME}_schema.json and without job "
                                 f"folders to rebuild it from; run the sweep again") from None
        write_sweep(path)
        exp = read_experiments(path, NAME)
    df = joined(exp)
    params = [c.key for c in exp.inputs if exp.experiments[c.key].nunique() > 1]
    metrics = [m for m in exp.metrics if m.key not in ("job", "status")]
    metas = sorted(path.glob("*/meta.json"))
    meta = json.loads(metas[0].read_text()) if metas else {}
    summaries = sorted(path.glob("*/summary.json"))
    config = json.loads(summaries[0].read_text()).get("config", {}) if summaries else {}
    return Sweep(path, df, label or path.name, params, meta.get("actors", []), metrics, meta, config)


def discover(paths: list[Path], labels: dict[Path, str] | None = None) -> tuple[list[Run], list[Sweep], list[str]]:
    """Runs and sweeps under the given folders, named by ``labels`` where given (``--label NAME=DIR``);
    problems are returned, not raised, for one message."""
    labels = labels or {}
    runs, sweeps, problems = [], [], []
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            problems.append(f"{p}: not a folder")
        elif is_sweep(p):
            bad = sweep_problems(p)
            problems += bad
            if not bad:
                try:
                    sweeps.append(load_sweep(p, labels.get(p)))
                except OldFolderError as e:
                    problems.append(str(e))
        elif is_run(p):
            bad = unfinished(p)
            problems += bad
            if not bad:
                runs.append(load_run(p, labels.get(p)))
        else:
            problems.append(f"{p}: neither a run (meta.json, complete.json) nor a sweep "
                            f"(tables/{NAME}_schema.json, sweep.parquet or multirun.yaml)")
    names = [r.label for r in runs]
    for r in runs:  # disambiguate same-named folders
        if names.count(r.label) > 1 and r.path not in labels:
            r.label = f"{r.path.parent.name}/{r.label}"
    return runs, sweeps, problems
