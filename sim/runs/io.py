"""Writing results atomically: a reader (or a resumed sweep) never sees a half-written file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

TABLES = "tables"
_UMASK = os.umask(0)
os.umask(_UMASK)
FIGURES = "figures"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; results should be readable like any file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_json(path: Path, obj: Any, sort_keys: bool = True) -> None:
    """``sort_keys=False`` keeps insertion order (meta.json: proposals and actors in scenario order)."""
    atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=sort_keys, default=str) + "\n")


def write_table(df: pd.DataFrame, out: Path, name: str, csv: bool = True) -> Path:
    """``out/tables/NAME.parquet`` (and ``.csv`` for reading by eye); returns the parquet path."""
    folder = Path(out) / TABLES
    folder.mkdir(parents=True, exist_ok=True)
    pq = folder / f"{name}.parquet"
    tmp = folder / f".{name}.parquet.tmp"
    df.to_parquet(tmp, index=False)
    os.replace(tmp, pq)
    if csv:
        atomic_write_text(folder / f"{name}.csv", df.to_csv(index=False, float_format="%.6g"))
    return pq


def read_parquet(path: Path) -> pd.DataFrame:
    """Read without pyarrow's pre-buffering: its background reads can still hold Python buffers when the
    interpreter exits, which aborts the process ("terminate called without an active exception")."""
    import pyarrow.parquet as pq

    return pq.read_table(path, pre_buffer=False, use_threads=False).to_pandas()


def read_table(out: Path, name: str) -> pd.DataFrame:
    return read_parquet(Path(out) / TABLES / f"{name}.parquet")


def has_table(out: Path, name: str) -> bool:
    return (Path(out) / TABLES / f"{name}.parquet").is_file()
