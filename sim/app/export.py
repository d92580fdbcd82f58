"""What the app hands back to the analyst: the edited scenario as a YAML file, and a run folder with the same
tables, figures and self-contained ``report.html`` the command line writes.

The run goes through the CLI's own pieces (configs/config.yaml composed by Hydra with the same overrides,
``run_job``, ``draw_run``, ``write_report``), so the exported YAML run with the command that
``cli_command`` prints gives the same tables.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..plots import draw_run
from ..report import write_report
from ..runs.job import fingerprint, is_done, run_job
from ..runs.marker import mark_complete
from ..scenario import CONFIG_DIR, Scenario

# Hydra's compose API keeps one global state: runs started by two browser sessions at once take turns
_HYDRA = threading.Lock()
# The app never runs the Monte Carlo stage (about a minute on 2 cores); the report says what ran.
APP_STAGES = ("verdicts", "analysis", "negotiation")


def export_name(scn: Scenario) -> str:
    """The downloaded file's name; the app's runs are configured with it, as the printed command is."""
    return f"{scn.name}_edited.yaml"


def scenario_yaml(scn: Scenario) -> str:
    """The resolved scenario (``extends`` applied) as YAML, loadable by ``sim.load_scenario``."""
    return yaml.safe_dump(scn.to_dict(), sort_keys=False, allow_unicode=True)


@dataclass(frozen=True)
class RunSettings:
    """The few run keys the app exposes; everything else keeps configs/config.yaml's defaults."""

    protocol: str = "mediated"
    war: str = "scenario"  # the scenario's own war model (configs/war/scenario.yaml)
    seed: int = 0
    ensemble_runs: int = 200
    stages: tuple[str, ...] = APP_STAGES

    def overrides(self) -> list[str]:
        return [f"protocol={self.protocol}", f"war={self.war}", f"seed={self.seed}",
                f"negotiation.ensemble.runs={self.ensemble_runs}", f"stages=[{','.join(self.stages)}]"]


def choices(group: str) -> list[str]:
    """The option files of a config group (protocol, war), for the app's drop-downs."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def run_config(settings: RunSettings, scenario_file: str) -> dict[str, Any]:
    """configs/config.yaml with the settings' overrides, resolved to a plain dict (Hydra's compose API,
    as the CLI sees it; the run's folder is the caller's, so Hydra's own section is left out).
    ``scenario_file`` is recorded as given (it is part of the job's fingerprint in summary.json)."""
    from hydra import compose, initialize_config_dir
    from omegaconf import OmegaConf

    with _HYDRA, initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("config", overrides=[*settings.overrides(), f"scenario_file={scenario_file}"])
    plain = OmegaConf.to_container(cfg, resolve=True)
    plain.pop("sweep_name", None)  # a multirun key; a single run does not read it
    return plain


def cli_command(settings: RunSettings, scenario_file: str) -> str:
    """The command line that reproduces the app's run from the downloaded YAML (quoted for a POSIX shell)."""
    import shlex

    return shlex.join(["python", "-m", "sim", f"scenario_file={scenario_file}", *settings.overrides()])


def run_folder(scn: Scenario, settings: RunSettings, out: Path, say: Callable[[str], None] = lambda s: None,
               on_progress: Callable[[int, int], None] | None = None) -> Path:
    """Run the settings' stages on ``scn`` into ``out`` as the CLI does (skipped when ``out`` already holds
    this exact job), draw the figures and write the report; returns the report's path. ``on_progress(done,
    total)`` hears the negotiation ensemble's progress."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cfg = run_config(settings, export_name(scn))
    with _FOLDERS.setdefault(str(out), threading.Lock()):  # the same job asked twice runs once
        if not (is_done(out, fingerprint(scn, cfg)) and (out / "report.html").is_file()):
            run_job(scn, cfg, out, say=say, on_progress=on_progress)
            say("Drawing figures and the report")
            draw_run(out)
            write_report(out)
            mark_complete(out, fingerprint(scn, cfg))  # last, as the CLI does: done only from here
    return out / "report.html"


_FOLDERS: dict[str, threading.Lock] = {}


def job_key(scn: Scenario, settings: RunSettings) -> str:
    """A folder name for one (scenario, settings) job: equal inputs share one folder."""
    import hashlib

    blob = scn.content_hash + repr(settings)  # a frozen dataclass: its repr lists every field
    return hashlib.sha256(blob.encode()).hexdigest()[:16]
