"""Multirun aggregation: one row per job, every swept parameter a column, the outcome metrics beside them.

``AggregateSweep`` is a Hydra callback (registered in configs/config.yaml) that writes ``sweep.parquet``
and ``sweep.csv`` when a multirun ends. ``aggregate`` can also be called on any sweep folder, e.g. after a
killed sweep was resumed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .io import atomic_write_text
from .marker import clear_marker, is_complete, mark_complete, read_marker
from .sweep_owner import claim, release

SKIP_SUMMARY = {"config", "fingerprint", "figures", "headlines"}


def parse_override(text: str) -> tuple[str, Any]:
    key, _, value = text.partition("=")
    key = key.lstrip("+~")
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        parsed = value
    return key, parsed if isinstance(parsed, (int, float, str, bool)) or parsed is None else value


def flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Scalars of a nested summary as dotted columns; short string lists joined with ';'."""
    out: dict[str, Any] = {}
    for key, value in d.items():
        if not prefix and key in SKIP_SUMMARY:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                out[name] = ";".join(value)
        else:
            out[name] = value
    return out


def job_dirs(sweep_dir: Path) -> list[Path]:
    dirs = [p for p in Path(sweep_dir).iterdir() if (p / ".hydra" / "overrides.yaml").is_file()]
    return sorted(dirs, key=lambda p: (not p.name.isdigit(), int(p.name) if p.name.isdigit() else 0, p.name))


def aggregate(sweep_dir: Path) -> pd.DataFrame:
    rows, params = [], []
    for job in job_dirs(sweep_dir):
        overrides = yaml.safe_load((job / ".hydra" / "overrides.yaml").read_text()) or []
        row: dict[str, Any] = {"job": job.name}
        for text in overrides:
            key, value = parse_override(str(text))
            row[key] = value
            if key not in params:
                params.append(key)
        done = is_complete(job)  # finished: tables, figures and report all written (sim.runs.marker)
        row["status"] = "done" if done else "missing"
        if done:
            row.update(flatten(json.loads((job / "summary.json").read_text())))
        rows.append(row)
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    first = ["job", *params, "status"]
    return df[first + [c for c in df.columns if c not in first]]


def write_sweep(sweep_dir: Path) -> tuple[Path, pd.DataFrame]:
    df = aggregate(sweep_dir)
    path = Path(sweep_dir) / "sweep.parquet"
    tmp = path.with_name(".sweep.parquet.tmp")
    # mixed-type columns (an override that is sometimes a number, sometimes a word) become strings
    for col in df.columns:
        if df[col].dtype == object and df[col].map(type).nunique() > 1:
            df[col] = df[col].astype(str)
    df.to_parquet(tmp, index=False)
    tmp.replace(path)
    atomic_write_text(path.with_suffix(".csv"), df.to_csv(index=False, float_format="%.6g"))
    if len(df) and (df["status"] == "done").all():  # the sweep is finished once its table is written
        jobs = {job.name: read_marker(job)["fingerprint"] for job in job_dirs(sweep_dir)}
        mark_complete(sweep_dir, hashlib.sha256(json.dumps(jobs, sort_keys=True).encode()).hexdigest()[:16],
                      jobs=jobs)
    return path, df


try:
    from hydra.experimental.callback import Callback
except ImportError:  # pragma: no cover - hydra is a hard dependency; keeps the module importable alone
    Callback = object


class AggregateSweep(Callback):
    """Clears the sweep's completion marker when a multirun starts; writes sweep.parquet / sweep.csv and
    the marker when it ends."""

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
        print(f"Sweep table: {path} ({done} of {len(df)} jobs done)")
