"""The command line: a Hydra app (``python -m sim`` or ``negotiation-sim``) wiring the layers together.

config -> Scenario -> stages (tables, ``sim.runs``) -> figures (``sim.plots``) -> report (``sim.report``).
Hydra stays here at the edge: it composes the config, and ``sim.runs.run(cfg, out_dir)`` does the rest
with a plain dict.

Error contract: any mistake in what the user gave (scenario file, run settings of any stage, a Hydra group
option or key, an unresolved ``${...}``, an output folder that cannot be made) prints one message naming
the file or key and the fix, exits with status 2 and leaves nothing behind. Hydra raises its errors to us
(``HYDRA_FULL_ERROR``, set only while the app runs) instead of printing its own text with status 1. A
sweep's config-group options (``-m scenario=a,b``) are each checked before Hydra launches anything.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import hydra
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from .hydra_errors import HYDRA_ERRORS, hydra_message
from .runs.job import run
from .scenario import CONFIG_DIR, InputError


def _remove_hydra_leftovers(out: Path) -> None:
    """Undo what Hydra created before our code ran, without touching anything else in ``out``."""
    shutil.rmtree(out / ".hydra", ignore_errors=True)
    for log in out.glob("*.log"):
        log.unlink(missing_ok=True)
    for folder in (out, *out.parents):  # the run folder, then parents Hydra made for it, if now empty
        if folder == Path.cwd() or folder == folder.parent:
            break
        try:
            folder.rmdir()
        except OSError:
            break


def fail(message: str, out: Path | None) -> None:
    if out is not None:
        _remove_hydra_leftovers(out)
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def _app(cfg: DictConfig) -> None:
    from hydra.core.hydra_config import HydraConfig

    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        plain = OmegaConf.to_container(cfg, resolve=True)
    except OmegaConfBaseException as e:  # e.g. seed=${nope}
        fail(str(hydra_message(e)), out)
    try:
        run(plain, out)
    except InputError as e:  # found by the checks before anything is written
        fail(str(e), out)


@contextmanager
def hydra_raises() -> Iterator[None]:
    """Hydra raises its errors to us instead of printing them and exiting with 1 (``HYDRA_FULL_ERROR``),
    while the app runs; the environment is left as it was (e.g. for a program that calls ``main``)."""
    before = os.environ.get("HYDRA_FULL_ERROR")
    os.environ["HYDRA_FULL_ERROR"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("HYDRA_FULL_ERROR", None)
        else:
            os.environ["HYDRA_FULL_ERROR"] = before


def check_swept_groups(args: list[str]) -> None:
    """Every option a sweep gives a config group (``-m scenario=a,nope``), composed on its own before the
    sweep starts: Hydra itself finds a bad one only once the sweep's folder is made, and fails inside the
    job. Raises ``InputError`` naming each bad option (and the ones the group has)."""
    from hydra import compose, initialize_config_dir
    from hydra.core.override_parser.overrides_parser import OverridesParser

    overrides = OverridesParser.create().parse_overrides([a for a in args if "=" in a and not a.startswith("-")])
    swept = [(("+" if o.is_add() else "") + o.key_or_group, value) for o in overrides
             if o.is_sweep_override() and not o.is_delete() and not o.key_or_group.startswith("hydra")
             and (CONFIG_DIR / o.key_or_group).is_dir() for value in o.sweep_string_iterator()]
    problems = []
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        for key, value in swept:
            try:
                compose("config", overrides=[f"{key}={value}"])
            except HYDRA_ERRORS as e:
                problems.append(str(hydra_message(e)).removeprefix("command line: "))
    if problems:
        raise InputError("command line: " + "; ".join(problems))


def main() -> None:
    """``python -m sim`` and ``negotiation-sim``: the Hydra app under the error contract above."""
    try:
        with hydra_raises():
            if {"-m", "--multirun"} & set(sys.argv[1:]):
                check_swept_groups(sys.argv[1:])
            _app()
    except InputError as e:
        fail(str(e), None)
    except HYDRA_ERRORS as e:
        fail(str(hydra_message(e)), None)
    except OSError as e:  # e.g. the run folder is an existing file
        where = e.filename or "output folder"
        what = ("exists and is not a folder" if isinstance(e, (FileExistsError, NotADirectoryError))
                else f"cannot be written ({e.strerror})")
        fail(f"{where}: {what}; choose another output folder, e.g. hydra.run.dir=DIR", None)


if __name__ == "__main__":
    main()
