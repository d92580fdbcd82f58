"""Negotiation scenario simulator: which bundles of concessions could reach agreement.

Public API (see README.md): ``load_scenario``, ``Scenario``, ``ScenarioError``, ``analyze``.
"""

from .analysis import analyze, nearest_agreement
from .negotiation import negotiate, negotiate_many
from .scenario import Issue, Scenario, ScenarioError, Space, load_scenario

__all__ = ["Issue", "Scenario", "ScenarioError", "Space", "analyze", "load_scenario", "nearest_agreement", "negotiate",
           "negotiate_many"]
__version__ = "0.1.0"
