"""Layer 3: the agent-based negotiation on Mesa (protocols, strategies, beliefs, war, ratification)."""

from .candidates import CandidateSet, candidate_set
from .config import (
                     ConfigError,
                     NegotiationSettings,
                     ProtocolSettings,
                     WarSettings,
                     negotiation_settings,
                     protocol_settings,
                     war_settings,
)
from .ensemble import EnsembleResult, negotiate_many
from .model import NegotiationModel
from .protocols import Outcome
from .result import Agreement, NegotiationResult, negotiate
from .strategies import STRATEGIES, Boulware, Conceder, Hardliner, Linear, Strategy, TimeDependent, TitForTat

__all__ = ["Agreement", "Boulware", "CandidateSet", "Conceder", "ConfigError", "EnsembleResult", "Hardliner", "Linear",
           "NegotiationModel", "NegotiationResult", "NegotiationSettings", "Outcome", "ProtocolSettings",
           "STRATEGIES", "Strategy", "TimeDependent", "TitForTat", "WarSettings", "candidate_set",
           "negotiate", "negotiate_many", "negotiation_settings", "protocol_settings", "war_settings"]
