"""The completion marker: a run or sweep folder is finished only when ``complete.json`` says so.

A job writes tables, then figures, then the report; a kill (or Ctrl-C) can stop it between any two files.
``complete.json`` is written last and atomically (``sim.runs.io``) once everything else is on disk, and
records the job's fingerprint and the SHA-256 of every file it wrote. So resume (``is_complete``) skips a
job only when it finished with the same inputs and its files are untouched, and ``sim.compare`` refuses a
half-written folder or one whose tables were replaced by another run's. A sweep folder gets its own
marker after its aggregate table, listing the jobs it aggregated.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .io import write_json

MARKER = "complete.json"
# not results: run-to-run timings, Hydra's snapshot (records paths and times) and its logs
_NOT_RESULTS = {MARKER, "timings.json", "multirun.yaml"}


def result_files(folder: Path, recursive: bool = True) -> list[Path]:
    """The files a job wrote, in a fixed order (hidden temporaries and Hydra's files left out)."""
    folder = Path(folder)
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted(p for p in found if p.is_file() and p.name not in _NOT_RESULTS and not p.name.endswith(".log")
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def digests(folder: Path, files: list[Path]) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def clear_marker(folder: Path) -> None:
    """First thing a job does: from here until ``mark_complete`` the folder is unfinished."""
    (Path(folder) / MARKER).unlink(missing_ok=True)


def mark_complete(folder: Path, fingerprint: str, **extra: Any) -> None:
    """Last thing a job (or sweep, with ``jobs=``) does, after every other file is written."""
    folder = Path(folder)
    files = result_files(folder, recursive="jobs" not in extra)
    write_json(folder / MARKER, {"fingerprint": fingerprint, "files": digests(folder, files), **extra})


def read_marker(folder: Path) -> dict | None:
    try:
        d = json.loads((Path(folder) / MARKER).read_text())
    except (OSError, ValueError):
        return None
    return d if isinstance(d, dict) and isinstance(d.get("files"), dict) else None


def problems(folder: Path, fingerprint: str | None = None) -> list[str]:
    """Why ``folder`` is not a finished result (empty when it is); ``fingerprint``: of the inputs too."""
    folder = Path(folder)
    marker = read_marker(folder)
    if marker is None:
        return [f"{folder}: unfinished (no {MARKER}; it was interrupted or is still running); rerun the same "
                f"command to finish it"]
    if fingerprint is not None and marker.get("fingerprint") != fingerprint:
        return [f"{folder}: finished with other inputs"]
    out = []
    for name, digest in marker["files"].items():
        path = folder / name
        if not path.is_file():
            out.append(f"{path}: missing since the run finished; rerun the same command to rewrite it")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            out.append(f"{path}: changed since the run finished (replaced by another run's file?); rerun the "
                       f"same command to rewrite it")
    return out


def is_complete(folder: Path, fingerprint: str | None = None) -> bool:
    return not problems(folder, fingerprint)
