"""The main job in-process, as the CLI runs it: Hydra composes the config, ``sim.runs.run`` does the rest.

Only ``test_cli.py`` starts ``python -m sim`` in a subprocess (one smoke test of the entry point), and the
slow sweep test kills one; every other end-to-end check goes through ``run_main`` or ``cli_main`` in this
process and pays the imports once.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

import sim.cli
from sim.runs import run
from sim.scenario import CONFIG_DIR

DATA = Path(__file__).parent / "data"
TOY = f"scenario_file={DATA / 'toy.yaml'}"


def compose_config(*overrides: str) -> dict:
    """configs/config.yaml with command-line style overrides, as the plain dict the CLI hands to ``run``."""
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("config", overrides=list(overrides))
    cfg = OmegaConf.to_container(cfg, resolve=False)
    cfg.pop("hydra", None)
    return OmegaConf.to_container(OmegaConf.create(cfg), resolve=True)


def run_main(out: Path, *overrides: str) -> str:
    """One run of the main job into ``out``; returns what it said (the CLI's stdout)."""
    lines: list[str] = []
    run(compose_config(*overrides), out, say=lines.append)
    return "\n".join(lines)


def cli_main(cwd: Path, monkeypatch, *args: str) -> int:
    """``sim.cli.main`` (the Hydra entry point, multiruns too) in this process with ``args`` as its
    command line, run from ``cwd``; returns the exit status."""
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["sim", *args])
    try:
        sim.cli.main()
    except SystemExit as e:
        return int(e.code or 0)
    return 0


def digest_tree(root: Path) -> dict[str, str]:
    """Hashes of every result file; timings and Hydra's snapshot (which records paths) are left out."""
    skip = {"timings.json"}
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".hydra" not in p.parts and p.name not in skip}
