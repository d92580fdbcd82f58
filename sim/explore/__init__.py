"""Exploratory modelling: which assumptions decide the deal.

Declared uncertainties (``inputs``) are sampled by a design (``design``: Monte Carlo, Latin hypercube,
Saltelli's Sobol scheme, all SALib), laid over the run config by key path (``paths``) and evaluated
(``evaluate``); every run producer writes one experiments table aligned with one outcomes table
(``schema``). The analyses read only those tables: PRIM and CART scenario discovery (``discovery``, EMA
workbench) and Sobol indices (``sensitivity``, SALib). The main job's ``explore`` stage draws, runs and
analyses in one go; ``python -m sim.explore DIR`` analyses a finished run or sweep.
"""

from .schema import Column, Experiments, read_experiments, write_experiments

__all__ = ["Column", "Experiments", "read_experiments", "write_experiments"]
