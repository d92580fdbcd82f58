"""Layer 2: static analysis of a scenario (verdicts on proposals; frontier, zone and solution points)."""

from .result import Analysis, analyze
from .verdicts import proposal_verdicts, verdict_matrix

__all__ = ["Analysis", "analyze", "proposal_verdicts", "verdict_matrix"]
