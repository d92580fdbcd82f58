"""What a swept parameter means, in words, for axis titles and tables (instead of its Hydra path).

A parameter is described by the first pattern of ``DESCRIPTIONS`` its dotted key matches (``*`` stands
for one part: an actor's or an issue's key, named by its label); a key no pattern matches reads as its
parts in words (``war · Russia · exhaustion``). Values read as labels where they are keys of the scenario:
an option of ``agenda.<issue>``, a proposal for ``protocol.opening``, an actor for ``protocol.mediator``.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from ..scenario.labels import Labels

# dotted key pattern -> description; {0} is the label of the key's first ``*`` part
DESCRIPTIONS = {
    "seed": "seed",
    "scenario": "scenario",
    "protocol": "negotiation protocol",
    "war": "war scenario",
    "agenda.*": "{0}: the option settled on",
    "protocol.opening": "opening text on the table",
    "protocol.mediator": "mediator",
    "protocol.deadline": "deadline of the talks (months)",
    "war.battle.balance": "chance a month's fighting favours {side}",
    "war.battle.prior_strength": "weight of the prior belief (months of fighting)",
    "war.horizon_months": "expected months of war left",
    "war.actors.*.monthly_cost": "{0}: monthly cost of the war (utility per month)",
    "war.actors.*.belief": "{0}: prior belief that {side} prevails",
    "war.actors.*.stakes": "{0}: stake in the war's outcome (utility)",
    "war.actors.*.exhaustion": "{0}: growth of the war's cost per month",
    "war.actors.*.support_drift": "{0}: monthly drift of public support",
    "negotiation.actors.*.strategy": "{0}: concession strategy",
    "negotiation.actors.*.beta": "{0}: concession exponent β (Faratin et al. 1998)",
    "negotiation.ensemble.runs": "negotiation runs per ensemble",
    "uncertainty.draws": "Monte Carlo draws of the preferences",
}


def _words(part: str, names: Labels) -> str:
    label = names.any(part)
    return label if label != part else part.replace("_", " ")


def describe(key: str, names: Labels, side: str | None = None) -> str:
    """``war.actors.russia.monthly_cost`` -> ``Russia: monthly cost of the war (utility per month)``."""
    key = key.lstrip("+~")
    parts = key.split(".")
    for pattern, text in DESCRIPTIONS.items():
        if len(pattern.split(".")) == len(parts) and fnmatchcase(key, pattern):
            stars = [_words(p, names) for p, q in zip(parts, pattern.split(".")) if q == "*"]
            return text.format(*stars, side=names.actor(side) if side else "side A")
    return " · ".join(_words(p, names) for p in parts)


def value_label(key: str, value: Any, names: Labels) -> Any:
    """A swept value as a reader knows it (an option's, proposal's or actor's label), else unchanged."""
    key = key.lstrip("+~")
    if key.startswith("agenda.") and isinstance(value, str):
        return names.option(key.split(".", 1)[1], value)
    if key == "protocol.opening" and isinstance(value, str):
        return names.proposal(value)
    if key == "protocol.mediator" and isinstance(value, str):
        return names.actor(value)
    return value
