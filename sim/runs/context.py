"""What every stage of a run receives, and the scenario facts that figures need without re-running."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..scenario import Scenario


@dataclass
class RunContext:
    scn: Scenario
    cfg: Mapping[str, Any]  # plain dict (resolved Hydra config)
    out: Path
    say: Callable[[str], None] = print
    summary: dict[str, Any] = field(default_factory=dict)  # headline numbers, written to summary.json

    def rng(self, stream: int) -> np.random.Generator:
        """An independent generator per stage, spawned from the run seed, so adding a stage never
        changes another stage's random numbers."""
        seq = np.random.SeedSequence(int(self.cfg.get("seed", 0)))
        return np.random.default_rng(seq.spawn(stream + 1)[stream])


def scenario_meta(scn: Scenario) -> dict[str, Any]:
    """Labels, reservations and signatories: what plots and reports read from meta.json (in scenario
    order: dicts keep the order of actors and proposals)."""
    return {
        "name": scn.name,
        "description": scn.description,
        "actors": scn.actor_names,
        "actor_labels": {a.key: a.label for a in scn.actors},
        "reservations": {a.key: a.reservation for a in scn.actors},
        "signatories": list(scn.signatories),
        "issues": [{"key": i.key, "label": i.label, "options": list(i.options),
                    "option_labels": list(i.option_labels)} for i in scn.issues],
        "proposals": {k: p.label for k, p in scn.proposals.items()},
        "space_size": scn.space.size,
    }
