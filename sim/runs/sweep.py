"""Multirun aggregation: the sweep's experiments table (one row per job, one typed column per key the sweep
set) aligned with its outcomes table (a declared list of summary metrics), in ``sim.explore.schema`` form.

Each input's value is read from the job's own resolved config (``.hydra/config.yaml``; a config group's
chosen option from ``.hydra/hydra.yaml``), so ``0.010`` and ``1e-2`` are one number and a list stays a
list; the keys are the ones the sweep's overrides name. The outcomes are ``METRICS`` (plus one gain per
actor), read from each job's ``summary.json``; nothing is guessed from column names.

``AggregateSweep`` is a Hydra callback (registered in configs/config.yaml) that writes
``tables/sweep_experiments``, ``tables/sweep_outcomes``, ``tables/sweep_schema.json`` and, for reading by
eye, their join ``sweep.parquet`` / ``sweep.csv`` when a multirun ends. ``write_sweep`` can be called on
any sweep folder, e.g. after a killed sweep was resumed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..explore.inputs import default_label
from ..explore.schema import Column, Experiments, write_experiments
from .io import atomic_write_text
from .marker import clear_marker, is_complete, mark_complete, read_marker
from .sweep_owner import claim, release

NAME = "sweep"
GAIN = "negotiation.ensemble.mean_gain"
# the outcome metrics of a job: (path in summary.json, label, type, unit), in figure order
METRICS = [
    ("negotiation.ensemble.agreement_probability", "Agreement probability", "real", "share of runs"),
    ("analysis.zone_size", "Agreement zone size", "integer", "bundles"),
    ("negotiation.ensemble.median_month", "Median month of signing", "real", "months"),
    ("negotiation.ensemble.reasons.walk_out", "Walk-outs", "real", "share of runs"),
    ("negotiation.ensemble.reasons.deadline", "Deadline reached", "real", "share of runs"),
    ("negotiation.run.reached", "Seeded run reached agreement", "boolean", ""),
    ("negotiation.run.month", "Seeded run: last month", "integer", "months"),
    ("analysis.pareto_size", "Pareto-optimal bundles", "integer", "bundles"),
    ("analysis.pareto_in_zone", "Pareto-optimal bundles in the zone", "integer", "bundles"),
    ("uncertainty.zone_nonempty", "Zone non-empty under preference noise", "real", "share of draws"),
    ("uncertainty.zone_median", "Median zone size under preference noise", "real", "bundles"),
    ("uncertainty.nash_accepted", "Nash bundle accepted under preference noise", "real", "share of draws"),
]
STATUS = [Column("job", "Job", "category"), Column("status", "Status", "category", "", "done or missing")]


def override_key(text: str) -> str | None:
    """The key an override sets (``+agenda.nato=x`` -> ``agenda.nato``); None for a deletion (``~key``)."""
    key = str(text).partition("=")[0]
    return None if key.startswith("~") else key.lstrip("+")


def job_dirs(sweep_dir: Path) -> list[Path]:
    dirs = [p for p in Path(sweep_dir).iterdir() if (p / ".hydra" / "overrides.yaml").is_file()]
    return sorted(dirs, key=lambda p: (not p.name.isdigit(), int(p.name) if p.name.isdigit() else 0, p.name))


def _read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text()) if path.is_file() else None


def _lookup(d: Any, key: str) -> tuple[bool, Any]:
    for part in key.split("."):
        if not isinstance(d, dict) or part not in d:
            return False, None
        d = d[part]
    return True, d


def job_inputs(job: Path, keys: list[str]) -> dict[str, Any]:
    """Each key's value in the job's resolved config (a group's chosen option for a config group)."""
    cfg = _read_yaml(job / ".hydra" / "config.yaml") or {}
    choices = ((_read_yaml(job / ".hydra" / "hydra.yaml") or {}).get("hydra", {}).get("runtime", {})
               .get("choices", {}))
    out = {}
    for key in keys:
        if key in choices:
            out[key] = choices[key]
            continue
        found, value = _lookup(cfg, key)
        if isinstance(value, list):
            value = "[" + ",".join(map(str, value)) + "]"
        elif isinstance(value, dict):
            value = json.dumps(value, sort_keys=True)
        out[key] = value if found else None
    return out


def column_type(values: list) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "real"
    return "category"


def declared(job: Path) -> dict[str, dict]:
    """Labels and units of the explore stage's declared inputs, to reuse for the same keys."""
    cfg = _read_yaml(job / ".hydra" / "config.yaml") or {}
    entries = ((cfg.get("uncertainty") or {}).get("explore") or {}).get("inputs") or []
    return {e["key"]: e for e in entries if isinstance(e, dict) and "key" in e}


def sweep_experiments(sweep_dir: Path) -> Experiments:
    jobs = job_dirs(sweep_dir)
    keys: list[str] = []
    for job in jobs:
        for text in _read_yaml(job / ".hydra" / "overrides.yaml") or []:
            key = override_key(text)
            if key is not None and key not in keys:
                keys.append(key)
    x = pd.DataFrame([job_inputs(job, keys) for job in jobs], columns=keys)
    known = declared(jobs[0]) if jobs else {}
    inputs = []
    for key in keys:
        kind = column_type(x[key].tolist())
        if kind == "category":
            x[key] = x[key].map(lambda v: None if v is None else str(v))
        entry = known.get(key, {})
        inputs.append(Column(key, str(entry.get("label") or default_label(key)), kind, str(entry.get("unit") or "")))
    meta = next((json.loads(p.read_text()) for job in jobs if (p := job / "meta.json").is_file()), None)
    actors = meta["actor_labels"] if meta else {}
    metrics = [Column(k, label, t, unit) for k, label, t, unit in METRICS]
    metrics += [Column(f"{GAIN}.{a}", f"{label}: mean gain over reservation", "real", "utility (0-1)")
                for a, label in actors.items()]
    rows = []
    for job in jobs:
        # finished: tables, figures and report all written (sim.runs.marker)
        summary = json.loads((job / "summary.json").read_text()) if is_complete(job) else None
        row = {"job": job.name, "status": "done" if summary is not None else "missing"}
        for m in metrics:
            found, value = _lookup(summary or {}, m.key)
            row[m.key] = value if found else None
        rows.append(row)
    y = pd.DataFrame(rows, columns=["job", "status", *[m.key for m in metrics]])
    present = [m for m in metrics if y[m.key].notna().any()]  # metrics of the stages the sweep ran
    return Experiments(x, y[["job", "status", *[m.key for m in present]]], inputs, [*STATUS, *present],
                       {"method": "sweep", "jobs": len(jobs)})


def joined(exp: Experiments) -> pd.DataFrame:
    """The experiments and outcomes tables as one table for reading: job, every input, status, outcomes."""
    if exp.experiments.empty and not len(exp.outcomes):
        return pd.DataFrame()
    y = exp.outcomes
    return pd.concat([y[["job"]], exp.experiments, y.drop(columns="job")], axis=1)


def aggregate(sweep_dir: Path) -> pd.DataFrame:
    """The sweep as one table for reading (``joined``), built from its job folders."""
    return joined(sweep_experiments(sweep_dir))


def write_sweep(sweep_dir: Path) -> tuple[Path, pd.DataFrame]:
    exp = sweep_experiments(sweep_dir)  # reads (and checks the markers of) every job once
    write_experiments(sweep_dir, NAME, exp)
    df = joined(exp)
    path = Path(sweep_dir) / "sweep.parquet"
    tmp = path.with_name(".sweep.parquet.tmp")
    df.to_parquet(tmp, index=False)
    tmp.replace(path)
    atomic_write_text(path.with_suffix(".csv"), df.to_csv(index=False, float_format="%.6g"))
    if len(df) and (df["status"] == "done").all():  # the sweep is finished once its tables are written
        jobs = {job.name: read_marker(job)["fingerprint"] for job in job_dirs(sweep_dir)}
        mark_complete(sweep_dir, hashlib.sha256(json.dumps(jobs, sort_keys=True).encode()).hexdigest()[:16],
                      jobs=jobs)
    return path, df


try:
    from hydra.experimental.callback import Callback
except ImportError:  # pragma: no cover - hydra is a hard dependency; keeps the module importable alone
    Callback = object


class AggregateSweep(Callback):
    """Claims the sweep folder (stopping a killed sweep's orphan workers) and clears its completion marker
    when a multirun starts; writes the sweep's experiments and outcomes tables and the marker when it ends."""

    def on_multirun_start(self, config, **kwargs) -> None:
        claim(Path(config.hydra.sweep.dir))  # stops a killed sweep's orphan workers first (sweep_owner)
        clear_marker(Path(config.hydra.sweep.dir))

    def on_multirun_end(self, config, **kwargs) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        if not sweep_dir.is_dir():
            return
        path, df = write_sweep(sweep_dir)
        release(sweep_dir)
        done = int((df["status"] == "done").sum()) if "status" in df else 0
        print(f"Sweep tables: {sweep_dir / 'tables'} and {path.name} ({done} of {len(df)} jobs done)")
