"""Finding runs and sweeps among the folders a user names."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..runs.io import has_table, read_parquet, read_table
from ..runs.marker import MARKER
from ..runs.marker import problems as unfinished


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
    table: pd.DataFrame
    label: str
    params: list[str] = field(default_factory=list)  # swept parameters (more than one value)
    actors: list[str] = field(default_factory=list)  # scenario order, for consistent colours
    meta: dict = field(default_factory=dict)  # the first job's meta.json (labels)
    config: dict = field(default_factory=dict)  # the first job's settings (summary.json "config")


def is_run(path: Path) -> bool:
    """A run folder, finished or not (``sim.runs.marker`` tells which)."""
    return (path / "meta.json").is_file() or (path / MARKER).is_file()


def is_sweep(path: Path) -> bool:
    return (path / "sweep.parquet").is_file() or (path / "multirun.yaml").is_file()


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
    df = read_parquet(path / "sweep.parquet")
    meta_cols = {"job", "status"}
    params = []
    if "status" in df.columns:
        cols = list(df.columns)
        params = [c for c in cols[1:cols.index("status")] if c not in meta_cols and df[c].nunique() > 1]
    metas = sorted(path.glob("*/meta.json"))
    meta = json.loads(metas[0].read_text()) if metas else {}
    summaries = sorted(path.glob("*/summary.json"))
    config = json.loads(summaries[0].read_text()).get("config", {}) if summaries else {}
    return Sweep(path, df, label or path.name, params, meta.get("actors", []), meta, config)


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
                sweeps.append(load_sweep(p, labels.get(p)))
        elif is_run(p):
            bad = unfinished(p)
            problems += bad
            if not bad:
                runs.append(load_run(p, labels.get(p)))
        else:
            problems.append(f"{p}: neither a run (meta.json, complete.json) nor a sweep (sweep.parquet)")
    names = [r.label for r in runs]
    for r in runs:  # disambiguate same-named folders
        if names.count(r.label) > 1 and r.path not in labels:
            r.label = f"{r.path.parent.name}/{r.label}"
    return runs, sweeps, problems
