"""What every stage of a run receives, and the scenario facts that figures need without re-running."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..scenario import Scenario


@dataclass
class RunContext:
    scn: Scenario
    cfg: Mapping[str, Any]  # plain dict (resolved Hydra config, or a dict with ``job.with_defaults``)
    out: Path
    say: Callable[[str], None] = print
    summary: dict[str, Any] = field(default_factory=dict)  # headline numbers, written to summary.json
    # told (done, total) whenever a long loop reports, for a progress bar (the web app); None: only ``say``
    on_progress: Callable[[int, int], None] | None = None

    def rng(self, stream: int) -> np.random.Generator:
        """An independent generator per stage, spawned from the run seed, so adding a stage never
        changes another stage's random numbers."""
        seq = np.random.SeedSequence(int(self.cfg["seed"]))
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


class Progress:
    """Says ``done/total`` at most every few seconds, so long loops (ensembles, Monte Carlo draws) show
    they are alive."""

    def __init__(self, say, what: str, unit: str, every: float = 3.0, also: Callable[[int, int], None] | None = None):
        self.say, self.what, self.unit, self.every, self.also = say, what, unit, every, also
        self.start = self.last = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if self.also is not None:
            self.also(done, total)
        now = time.perf_counter()
        if now - self.last >= self.every and done < total:
            rate = done / (now - self.start)
            self.say(f"  {self.what}: {done:,}/{total:,} {self.unit} ({done / total:.0%}; about "
                     f"{(total - done) / rate:.0f} s left)")
            self.last = now
