"""Layer 4: the main job (``run(cfg, out_dir)``), per-run outputs and multirun aggregation; the Hydra entry
point that wraps ``run`` is ``sim.cli``."""

from .job import run

__all__ = ["run"]
