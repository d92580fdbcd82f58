"""Numbers addressed by key path: ``scenario.actors.russia.reservation``, ``war.actors.ukraine.exhaustion``.

A path is dotted names walked from the run config, where ``scenario`` is the resolved scenario (its
``to_dict()``, whatever file or group it came from). Lists of entries with a ``key`` (actors, issues) are
entered by that key; a value table (a list of numbers under ``values.ISSUE``) by option key or index.
Names missing from a mapping are created when setting (a weight the scenario leaves at 0, a war parameter
given beside ``war: scenario``, a strategy parameter left at its default): the settings readers and the
scenario schema then reject a misspelt key, and the explore stage's check runs the first draw through them
before anything is written. A missing entry of a list is an error naming what is there. Nothing depends on which file a
setting lives in: when a group moves into the scenario, its paths start with ``scenario.`` and still work.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any


class PathError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


def _options(root: Mapping, parts: list[str]) -> list[str] | None:
    """Option keys of ISSUE when ``parts`` is ``scenario.actors.A.values.ISSUE``."""
    if len(parts) == 5 and parts[0] == "scenario" and parts[1] == "actors" and parts[3] == "values":
        for issue in root.get("scenario", {}).get("issues") or []:
            if isinstance(issue, Mapping) and issue.get("key") == parts[4]:
                return [str(o) for o in issue.get("options") or []]
    return None


def _step(root: Mapping, node: Any, parts: list[str], n: int, create: bool) -> tuple[Any, Any]:
    """(container, index) of ``parts[n]`` inside ``node``."""
    part, here = parts[n], ".".join(parts[:n]) or "(config)"
    last = n == len(parts) - 1
    if isinstance(node, Mapping) and node.get(part) is None and create and not last:
        node[part] = {}  # a null section (e.g. war.battle left out) to fill
    if isinstance(node, Mapping):
        if part in node or create:
            if part not in node and not last:
                node[part] = {}
            return node, part
        raise PathError(f"{'.'.join(parts)}: no {part!r} under {here}; there: {', '.join(map(str, node)) or 'nothing'}")
    if isinstance(node, list):
        keyed = [i for i, e in enumerate(node) if isinstance(e, Mapping) and e.get("key") == part]
        if keyed:
            return node, keyed[0]
        options = _options(root, parts[:n])
        if options is not None and part in options and options.index(part) < len(node):
            return node, options.index(part)
        if part.isdigit() and int(part) < len(node):
            return node, int(part)
        there = [str(e.get("key")) for e in node if isinstance(e, Mapping)] or options or [f"0..{len(node) - 1}"]
        raise PathError(f"{'.'.join(parts)}: no {part!r} in the list {here}; there: {', '.join(there)}")
    raise PathError(f"{'.'.join(parts)}: {here} is a {type(node).__name__}, not a mapping or list")


def get_path(root: Mapping, key: str) -> Any:
    parts, node = key.split("."), root
    for n in range(len(parts)):
        container, index = _step(root, node, parts, n, create=False)
        node = container[index]
    return node


def set_paths(root: Mapping, values: Mapping[str, Any]) -> dict:
    """A deep copy of ``root`` with each ``key path: value`` set."""
    out = copy.deepcopy(dict(root))
    for key, value in values.items():
        parts, node = key.split("."), out
        for n in range(len(parts)):
            container, index = _step(out, node, parts, n, create=True)
            if n == len(parts) - 1:
                container[index] = value
            else:
                node = container[index]
    return out


def check_paths(root: Mapping, keys: list[str]) -> list[str]:
    """Problems with the paths (each must exist, or be a new last name in an existing mapping)."""
    problems = []
    for key in keys:
        try:
            set_paths({"scenario": root.get("scenario")} if key.startswith("scenario.") else root, {key: 0.0})
        except PathError as e:
            problems.append(str(e))
    return problems
