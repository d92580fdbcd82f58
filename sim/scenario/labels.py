"""What a reader sees in place of a key: the scenario's labels for actors, issues, options and proposals.

One lookup for the terminal, the tables of the report and every figure. It is built either from a
``Scenario`` or from a run's ``meta.json`` (figures and reports never re-load the scenario), and an unknown
key falls back to the key itself, so a label can never make a figure fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Labels:
    actors: Mapping[str, str]
    issues: Mapping[str, str]
    options: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]  # issue -> (option keys, option labels)
    proposals: Mapping[str, str]

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> Labels:
        """From ``meta.json`` as ``sim.runs.context.scenario_meta`` writes it."""
        issues = meta.get("issues", [])
        return cls(actors=dict(meta.get("actor_labels", {})),
                   issues={i["key"]: i["label"] for i in issues},
                   options={i["key"]: (tuple(i["options"]), tuple(i.get("option_labels") or i["options"]))
                            for i in issues},
                   proposals=dict(meta.get("proposals", {})))

    @classmethod
    def from_scenario(cls, scn) -> Labels:
        return cls(actors={a.key: a.label for a in scn.actors},
                   issues={i.key: i.label for i in scn.issues},
                   options={i.key: (tuple(i.options), tuple(i.option_labels)) for i in scn.issues},
                   proposals={k: p.label for k, p in scn.proposals.items()})

    def actor(self, key: str) -> str:
        return self.actors.get(key, key)

    def actor_list(self, keys: Iterable[str]) -> str:
        return ", ".join(self.actor(k) for k in keys)

    def issue(self, key: str) -> str:
        return self.issues.get(key, key)

    def proposal(self, key: str) -> str:
        return self.proposals.get(key, key)

    def option(self, issue: str, option: str | int) -> str:
        """An option's label, given its key or its index (tables store either)."""
        keys, labels = self.options.get(issue, ((), ()))
        if isinstance(option, str) and option in keys:
            return labels[keys.index(option)]
        try:
            index = int(option)
        except (TypeError, ValueError):
            return str(option)
        return labels[index] if 0 <= index < len(labels) else str(option)

    def bundle(self, options: Mapping[str, str | int], sep: str = " · ") -> str:
        """``Crimea: Russian-held, unrecognised · NATO membership: ...`` in the order given (labels hold
        commas and semicolons, so neither can separate them)."""
        return sep.join(f"{self.issue(k)}: {self.option(k, v)}" for k, v in options.items())

    def any(self, key: str) -> str:
        """A key of unknown kind (a table cell): actor, then proposal, then issue; else the key itself."""
        for table in (self.actors, self.proposals, self.issues):
            if key in table:
                return table[key]
        return key
