"""Negotiation scenario simulator: which bundles of concessions could reach agreement.

Public API (see README.md): ``load_scenario``, ``Scenario``, ``ScenarioError``, ``analyze``.
"""

from importlib import import_module

# Each name is imported from its layer on first use (PEP 562), so a process that needs only one layer
# (the figure drawer: ``sim.plots``) does not pay for all of them (mesa and the engines: ~0.7 s).
_API = {"analyze": "analysis", "nearest_agreement": "analysis", "negotiate": "negotiation",
        "negotiate_many": "negotiation", "Issue": "scenario", "Scenario": "scenario", "ScenarioError": "scenario",
        "Space": "scenario", "load_scenario": "scenario"}

__all__ = sorted(_API)
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _API:
        value = getattr(import_module(f".{_API[name]}", __name__), name)
    else:  # a layer, as `import sim; sim.analysis....` had it when this file imported them all
        try:
            value = import_module(f".{name}", __name__)
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
