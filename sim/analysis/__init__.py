"""Layer 2: static analysis of a scenario (verdicts on proposals; frontier, zone and solution points)."""

from .empty import WhyEmpty
from .nearest import NearestAgreement, nearest_agreement
from .result import Analysis, analyze
from .verdicts import proposal_verdicts, verdict_matrix

__all__ = ["Analysis", "NearestAgreement", "WhyEmpty", "analyze", "nearest_agreement", "proposal_verdicts",
           "verdict_matrix"]
