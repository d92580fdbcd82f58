"""The command line: a Hydra app (``python -m sim`` or ``negotiation-sim``) wiring the layers together.

config -> Scenario -> stages (tables, ``sim.runs``) -> figures (``sim.plots``) -> report (``sim.report``).
Hydra stays here at the edge; everything below takes plain dicts. A bad scenario prints one message and
exits with status 2, leaving no output folder behind.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import hydra
from omegaconf import DictConfig, OmegaConf

from .report.publish import Publisher
from .runs.job import check_run_keys, check_stages, fingerprint, is_done, run_job
from .scenario import CONFIG_DIR, Scenario, ScenarioError
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
        d = {**d, "agenda": {**(d.get("agenda") or {}), **cfg["agenda"]}}
    return Scenario.from_dict(d, source=source, base_dir=base)


def _remove_hydra_leftovers(out: Path) -> None:
    """Undo what Hydra created before our code ran, without touching anything else in ``out``."""
    shutil.rmtree(out / ".hydra", ignore_errors=True)
    for log in out.glob("*.log"):
        log.unlink(missing_ok=True)
    try:
        out.rmdir()  # only if now empty
    except OSError:
        pass


def fail(message: str, out: Path | None) -> None:
    if out is not None:
        _remove_hydra_leftovers(out)
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def main(cfg: DictConfig) -> None:
    from hydra.core.hydra_config import HydraConfig

    out = Path(HydraConfig.get().runtime.output_dir)
    plain = OmegaConf.to_container(cfg, resolve=True)
    started = time.perf_counter()
    try:
        check_run_keys(plain)
        scn = resolve_scenario(plain)
    except ScenarioError as e:
        fail(str(e), out)
    except ValueError as e:
        fail(str(e), out)
    try:
        check_stages(scn, plain)
    except KeyError as e:
        fail(f"{e.args[0]} (key `stages`, in configs/config.yaml or on the command line)", out)
    except ValueError as e:  # a stage's settings, e.g. the negotiation config
        fail(str(e), out)
    if is_done(out, fingerprint(scn, plain)):
        print(f"Already done with the same inputs, skipping: {out}")
        return
    print(f"Scenario {scn.name}: {scn.space.n_issues} issues, {scn.space.size:,} bundles, "
          f"actors {', '.join(a.label for a in scn.actors)}")
    drawing = Publisher(out) if plain.get("figures", True) else None
    run_job(scn, plain, out, stage_done=drawing.stage_done if drawing else None)
    if drawing is not None:
        print("Drawing figures and the report")
        drawing.finish()
    print(f"Done in {time.perf_counter() - started:.1f} s. Results in {out}"
          + (f" (open {out / 'report.html'})" if plain.get("figures", True) else ""))


if __name__ == "__main__":
    main()
