"""Layer 4: the Hydra entry point, the main job, per-run outputs and (later) multirun aggregation."""
