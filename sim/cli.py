"""The command line: a Hydra app (``python -m sim`` or ``negotiation-sim``) wiring the layers together.

config -> Scenario -> stages (tables, ``sim.runs``) -> figures (``sim.plots``) -> report (``sim.report``).
Hydra stays here at the edge: it composes the config, and ``sim.runs.run(cfg, out_dir)`` does the rest
with a plain dict. A bad scenario or setting prints one message and exits with status 2, leaving no
output folder behind.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig, OmegaConf

from .runs.job import run
from .scenario import CONFIG_DIR, ConfigError, ScenarioError


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
    try:
        run(OmegaConf.to_container(cfg, resolve=True), out)
    except (ConfigError, ScenarioError) as e:  # found by the checks before anything is written
        fail(str(e), out)


if __name__ == "__main__":
    main()
