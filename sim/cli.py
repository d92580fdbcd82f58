"""The command line: a Hydra app (``python -m sim`` or ``negotiation-sim``) wiring the layers together.

config -> Scenario -> stages (tables, ``sim.runs``) -> figures (``sim.plots``) -> report (``sim.report``).
Hydra stays here at the edge; everything below takes plain dicts.

Error contract: any mistake in what the user gave (scenario file, run settings of any stage, a Hydra group
option or key, an unresolved ``${...}``, an output folder that cannot be made) prints one message naming
the file or key and the fix, exits with status 2 and leaves nothing behind. Hydra raises its errors to us
(``HYDRA_FULL_ERROR``) instead of printing its own text with status 1.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import hydra
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from .hydra_errors import HYDRA_ERRORS, hydra_message
from .plots import draw_run
from .report import write_report
from .runs.job import check_run_keys, check_stages, fingerprint, is_done, run_job
from .runs.marker import mark_complete
from .scenario import CONFIG_DIR, InputError, Scenario, ScenarioError
from .scenario.loading import read_scenario_file, scenario_path


def resolve_scenario(cfg: dict) -> Scenario:
    """The scenario file or group, with the run's ``agenda`` (options kept on the table) laid over it."""
    if cfg.get("scenario_file"):
        path = scenario_path(Path(str(cfg["scenario_file"])).expanduser().absolute())
        d, source, base = read_scenario_file(path), str(path), path.parent
    else:
        d = dict(cfg.get("scenario") or {})
        source, base = f"configs/scenario ({d.get('name', 'scenario')})", None
    if cfg.get("agenda"):
        own = d.get("agenda") or {}
        if not isinstance(own, Mapping):
            raise ScenarioError([("agenda", f"{own!r} is not a mapping, so the command line's agenda cannot be "
                                            f"laid over it; write it as {{issue: [options]}}")], source)
        d = {**d, "agenda": {**own, **cfg["agenda"]}}
    return Scenario.from_dict(d, source=source, base_dir=base)


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
    started = time.perf_counter()
    try:
        plain = OmegaConf.to_container(cfg, resolve=True)
        check_run_keys(plain)
        scn = resolve_scenario(plain)
        check_stages(scn, plain)
    except InputError as e:
        fail(str(e), out)
    except OmegaConfBaseException as e:  # e.g. seed=${nope}
        fail(str(hydra_message(e)), out)
    if is_done(out, fingerprint(scn, plain)):
        print(f"Already done with the same inputs, skipping: {out}")
        return
    print(f"Scenario {scn.name}: {scn.space.n_issues} issues, {scn.space.size:,} bundles, "
          f"actors {', '.join(scn.actor_names)}")
    run_job(scn, plain, out)
    if plain.get("figures", True):
        print("Drawing figures and the report")
        draw_run(out)
        write_report(out)
    mark_complete(out, fingerprint(scn, plain))  # last: the job counts as done only from here
    print(f"Done in {time.perf_counter() - started:.1f} s. Results in {out}"
          + (f" (open {out / 'report.html'})" if plain.get("figures", True) else ""))


def main() -> None:
    """``python -m sim`` and ``negotiation-sim``: the Hydra app under the error contract above."""
    os.environ["HYDRA_FULL_ERROR"] = "1"  # Hydra raises to us instead of printing and exiting with 1
    try:
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
