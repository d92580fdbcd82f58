"""One reader for every stage's settings: config group files, typed reads, one ``ConfigError`` per run.

Every stage's settings are a frozen dataclass built by this module's ``Reader``, which reports each bad key
with its dotted path and the fix, and collects all problems before raising one ``ConfigError``. Where a
key's default lives, once per stage:

- ``analysis`` and ``uncertainty``: ``configs/GROUP/default.yaml`` (a config that leaves a key out gets
  the file's value; ``read_flat`` derives the keys and types from the dataclass, which has no defaults);
- ``protocol``, ``war``, ``negotiation``: the dataclass (the engine's neutral values for a key a preset or
  a dict leaves out); the files under ``configs/GROUP/`` are named presets (the flagship's choices).

Config files are composed by Hydra on the command line and, when the library is called with a preset
name, by ``load_group`` with the same ``defaults: [base, _self_]`` rule through the scenario layer's one
composition helper (``sim.scenario.loading.layered``, which also resolves a scenario's ``extends``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .scenario import CONFIG_DIR, ConfigError, ScenarioError
from .scenario.loading import layered


def load_group(group: str, name: str) -> dict:
    """``configs/GROUP/NAME.yaml`` (or a YAML path) as a dict, with a Hydra-style ``defaults: [base,
    _self_]`` resolved: base files of the same group merged under this one (``layered``, the rule a
    scenario's ``extends`` follows too)."""
    def preset(ref: Any) -> Path:
        path = Path(ref) if str(ref).endswith((".yaml", ".yml")) else CONFIG_DIR / group / f"{ref}.yaml"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml")))
            raise ConfigError([f"{group}: no config named {ref!r}; known: {known}"])
        return path

    def defaults(d: dict, where: Path | None) -> list[Path]:
        return [preset(b) for b in d.pop("defaults", None) or [] if isinstance(b, str) and b != "_self_"]

    try:
        return layered({"defaults": [name]}, defaults)
    except ScenarioError as e:  # a malformed or cyclic preset file: the same problems, as settings
        raise ConfigError([f"{group}: {e.source or name}: {msg}" for _, msg in e.problems]) from None


def group_dict(spec: Any, group: str) -> dict:
    """A group's settings as given: a preset name (read with ``load_group``), a mapping, or None."""
    if spec is None:
        return {}
    if isinstance(spec, str):
        return load_group(group, spec)
    if isinstance(spec, Mapping):
        return {k: v for k, v in spec.items() if k != "defaults"}
    raise ConfigError([f"{group}: give a config name or a mapping of settings, got {spec!r}"])


class Reader:
    """Typed reads from one mapping of settings; each problem is appended to ``problems`` as
    ``"path.key: what is wrong; the fix"`` and the default is returned, so reading goes on."""

    def __init__(self, d: Mapping, path: str, problems: list[str]):
        self.d, self.path, self.problems = d, path, problems

    def where(self, key: str) -> str:
        """The key's dotted path (a top-level key has no prefix)."""
        return f"{self.path}.{key}" if self.path else key

    def problem(self, key: str, text: str) -> None:
        self.problems.append(f"{self.where(key)}: {text}")

    def check_keys(self, allowed: set[str]) -> None:
        for k in self.d:
            if k not in allowed:
                self.problem(k, f"unknown key; allowed: {', '.join(sorted(allowed))}")

    def number(self, key: str, default: float, lo: float | None = None, hi: float | None = None) -> float:
        v = self.d.get(key, default)
        if v is None:
            v = default
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            self.problem(key, f"{v!r} is not a number; e.g. {self.where(key)}={default}")
            return default
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            self.problem(key, f"{v} outside [{lo}, {hi if hi is not None else 'inf'}]; give a number in range")
            return default
        return float(v)

    def integer(self, key: str, default: int, lo: int = 0) -> int:
        v = self.d.get(key, default)
        if v is None:
            v = default
        if isinstance(v, bool) or not isinstance(v, int) and not (isinstance(v, float) and v.is_integer()):
            self.problem(key, f"{v!r} is not a whole number; e.g. {self.where(key)}={default}")
            return default
        if v < lo:
            self.problem(key, f"{v} is below {lo}; give a whole number >= {lo}")
            return default
        return int(v)

    def flag(self, key: str, default: bool) -> bool:
        v = self.d.get(key, default)
        if not isinstance(v, bool):
            self.problem(key, f"{v!r} is not true or false")
            return default
        return v

    def mapping(self, key: str) -> dict:
        v = self.d.get(key) or {}
        if not isinstance(v, Mapping):
            self.problem(key, "must be a mapping")
            return {}
        return dict(v)

    def text(self, key: str, default: str | None) -> str | None:
        v = self.d.get(key, default)
        if v is not None and not isinstance(v, str):
            self.problem(key, f"{v!r} is not a string")
            return default
        return v


def read_flat[T](cls: type[T], group: str, given: Any) -> T:
    """A flat settings dataclass (fields of type int, float or bool, bounds in ``field.metadata`` as
    ``lo`` / ``hi``) from a run config's group, keys it leaves out taken from ``configs/GROUP/default.yaml``.
    Raises one ``ConfigError`` naming every bad key."""
    if given is not None and not isinstance(given, Mapping):
        raise ConfigError([f"{group}: {given!r} is not a mapping; give "
                           f"{', '.join(f.name for f in dataclasses.fields(cls))}"])
    defaults = load_group(group, "default")
    problems: list[str] = []
    r = Reader(given or {}, group, problems)
    r.check_keys({f.name for f in dataclasses.fields(cls)})
    values = {}
    for f in dataclasses.fields(cls):
        lo, hi, default = f.metadata.get("lo"), f.metadata.get("hi"), defaults[f.name]
        if f.type in (bool, "bool"):
            values[f.name] = r.flag(f.name, default)
        elif f.type in (int, "int"):
            values[f.name] = r.integer(f.name, default, lo if lo is not None else 0)
        else:
            values[f.name] = r.number(f.name, default, lo, hi)
    if problems:
        raise ConfigError(problems, group)
    return cls(**values)
