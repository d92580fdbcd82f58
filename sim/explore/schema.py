"""Experiments and outcomes tables: one row per model run, one typed column per input, aligned by ``run``.

Exploratory modelling needs one plain shape (Kwakkel 2017, the EMA workbench): an *experiments* table (the
inputs of each run) and an *outcomes* table (what each run produced), row k of one belonging to row k of
the other. Every producer of runs writes the pair through ``write_experiments``:

  tables/NAME_experiments.parquet (.csv)   run, then one column per input (key path in the config)
  tables/NAME_outcomes.parquet (.csv)      run, then one column per outcome metric
  tables/NAME_schema.json                  each column's key, label, type and unit; the design

so the tables load in pandas without this package, and ``read_experiments`` (the analyses, ``compare``)
reads the outcome columns the schema lists, never columns guessed by name.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..runs.io import TABLES, read_parquet, write_json, write_table

SCHEMA_VERSION = 1
RUN = "run"  # the column that aligns the two tables
TYPES = ("real", "integer", "boolean", "category")


@dataclass(frozen=True)
class Column:
    """One input or outcome column: ``key`` (the column name; for inputs the key path in the composed run
    config or the scenario), a reader's ``label``, its ``type`` (one of TYPES) and ``unit``; a category
    column may list its ``categories`` as (value, label) pairs, in their order."""

    key: str
    label: str
    type: str = "real"
    unit: str = ""
    description: str = ""
    categories: tuple[tuple[str, str], ...] = ()

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"column {self.key}: type {self.type!r} is not one of {', '.join(TYPES)}")
        object.__setattr__(self, "categories", tuple((str(k), str(v)) for k, v in self.categories))  # from JSON

    @property
    def category_keys(self) -> list[str]:
        return [k for k, _ in self.categories]


@dataclass
class Experiments:
    """An experiments table aligned with an outcomes table, and the schema of both."""

    experiments: pd.DataFrame
    outcomes: pd.DataFrame
    inputs: list[Column]
    metrics: list[Column]
    design: dict[str, Any] = field(default_factory=dict)

    def input(self, key: str) -> Column:
        return next(c for c in self.inputs if c.key == key)

    def metric(self, key: str) -> Column:
        return next(c for c in self.metrics if c.key == key)

    @property
    def labels(self) -> dict[str, str]:
        return {c.key: c.label for c in (*self.inputs, *self.metrics)}


class OldFolderError(ValueError):
    """A folder written before experiments tables existed (or by another tool)."""


def _typed(df: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """Cast each declared column to its declared type, so parquet stores what the schema says."""
    out = df.copy()
    for c in columns:
        if c.key not in out:
            raise ValueError(f"declared column {c.key!r} is missing from the table")
        if c.type == "real":
            out[c.key] = out[c.key].astype("float64")
        elif c.type == "integer":
            out[c.key] = out[c.key].astype("Int64")
        elif c.type == "boolean":
            out[c.key] = out[c.key].astype("boolean")
        else:
            out[c.key] = out[c.key].astype("string")
    return out


def write_experiments(out: Path, name: str, exp: Experiments) -> None:
    """Writes the two tables and their schema under ``out/tables/`` (schema last: its presence means the
    tables beside it are complete)."""
    if len(exp.experiments) != len(exp.outcomes):
        raise ValueError(f"{name}: {len(exp.experiments)} experiments but {len(exp.outcomes)} outcomes")
    runs = pd.Series(range(len(exp.experiments)), dtype="int64", name=RUN)
    x = _typed(exp.experiments.reset_index(drop=True), exp.inputs)[[c.key for c in exp.inputs]]
    y = _typed(exp.outcomes.reset_index(drop=True), exp.metrics)[[c.key for c in exp.metrics]]
    write_table(pd.concat([runs, x], axis=1), out, f"{name}_experiments")
    write_table(pd.concat([runs, y], axis=1), out, f"{name}_outcomes")
    write_json(Path(out) / TABLES / f"{name}_schema.json",
               {"version": SCHEMA_VERSION, "name": name, "aligned_by": RUN,
                "inputs": [asdict(c) for c in exp.inputs], "outcomes": [asdict(c) for c in exp.metrics],
                "design": exp.design}, sort_keys=False)


def available(out: Path) -> list[str]:
    """Names of the experiments tables in a run or sweep folder (``NAME`` of ``NAME_schema.json``)."""
    folder = Path(out) / TABLES
    return sorted(p.name[:-len("_schema.json")] for p in folder.glob("*_schema.json")) if folder.is_dir() else []


def read_experiments(out: Path, name: str) -> Experiments:
    """The tables ``write_experiments`` wrote; ``OldFolderError`` naming the fix when they are absent."""
    folder = Path(out) / TABLES
    schema_path = folder / f"{name}_schema.json"
    if not schema_path.is_file():
        have = available(out)
        hint = (f"it has {', '.join(have)}" if have else
                "it was written before experiments tables existed: run the command that made it again")
        raise OldFolderError(f"{out}: no experiments table {name!r} ({schema_path.name}); {hint}")
    schema = json.loads(schema_path.read_text())
    inputs = [Column(**c) for c in schema["inputs"]]
    metrics = [Column(**c) for c in schema["outcomes"]]
    x = read_parquet(folder / f"{name}_experiments.parquet")
    y = read_parquet(folder / f"{name}_outcomes.parquet")
    if not x[RUN].equals(y[RUN]):
        raise ValueError(f"{folder}: {name}_experiments and {name}_outcomes are not aligned by {RUN!r}")
    return Experiments(x.drop(columns=RUN), y.drop(columns=RUN), inputs, metrics, schema.get("design", {}))
