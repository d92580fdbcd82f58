"""Layer 1: issues, the bundle space, actors, proposals; built from a dict or YAML and validated."""

from .actors import Actor, Interaction, Proposal
from .errors import ConfigError, InputError, ScenarioError
from .loading import CONFIG_DIR, SCENARIO_DIR, scenario_path
from .model import Scenario, load_scenario
from .space import Issue, Space

__all__ = ["Actor", "CONFIG_DIR", "ConfigError", "InputError", "Interaction", "Issue", "Proposal", "SCENARIO_DIR",
           "Scenario", "ScenarioError", "Space", "load_scenario", "scenario_path"]
