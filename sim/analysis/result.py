"""The result object of ``sim.analyze``: computed lazily so each caller pays only for what it reads."""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from ..scenario import Scenario
from .verdicts import proposal_verdicts


class Analysis:
    """Static analysis of one scenario."""

    def __init__(self, scn: Scenario):
        self.scenario = scn

    @cached_property
    def proposals(self) -> pd.DataFrame:
        """One row per (proposal, actor): utility, margin over reservation, accepts, red lines broken."""
        return proposal_verdicts(self.scenario)


def analyze(scn: Scenario) -> Analysis:
    return Analysis(scn)
