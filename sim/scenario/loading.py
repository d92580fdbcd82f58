"""Finding and reading scenario files, and resolving ``extends`` (a scenario built on another).

Only files and dicts here (no scenario objects), so the parser can use it and ``model.load_scenario``
can build on both without an import circle: loading <- parse <- model.

``extends: NAME`` merges this file over the named base: mappings merge key by key, lists of mappings
with a ``key`` merge entry by entry (new keys are appended), anything else is replaced. The UK variant
of the default scenario is a few lines on top of it this way instead of a copy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from .errors import ScenarioError

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"
SCENARIO_DIR = CONFIG_DIR / "scenario"


def scenario_path(name_or_path: str | Path) -> Path:
    """A configs/scenario name (``ukraine_2025``) or a path to a YAML file."""
    p = Path(name_or_path).expanduser()
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    return SCENARIO_DIR / f"{name_or_path}.yaml"


def read_yaml(path: Path) -> Any:
    if not path.is_file():
        known = ", ".join(sorted(f.stem for f in SCENARIO_DIR.glob("*.yaml")))
        raise ScenarioError([("", f"no such file; give a path to a YAML file or one of: {known}")], str(path))
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ScenarioError([("", f"malformed YAML at {where}: {what}; fix the syntax there")],
                            str(path)) from None


def layered(d: Mapping[str, Any], bases: Callable[[dict, Path | None], list[Path]], where: Path | None = None,
            _seen: tuple[Path, ...] = ()) -> dict:
    """The one rule for a file built on others (a scenario's ``extends``, a config group's ``defaults:
    [base, _self_]``): ``bases(d, where)`` removes the reference from ``d`` and returns the files it names
    (``where``: the folder ``d`` was read from); each is read and layered the same way, they are merged in
    order, and ``d`` is merged over them with ``merge``. A file that builds on itself is a ``ScenarioError``."""
    d = dict(d)
    out: dict | None = None
    for path in bases(d, where):
        if path.resolve() in _seen:
            raise ScenarioError([("", f"{path.name} builds on itself through a cycle; remove one link")])
        base = read_yaml(path)
        if not isinstance(base, Mapping):
            raise ScenarioError([("", "must hold a mapping of keys")], str(path))
        base = layered(base, bases, path.parent, (*_seen, path.resolve()))
        out = base if out is None else merge(out, base)
    return d if out is None else merge(out, d)


def _extends(d: dict, where: Path | None) -> list[Path]:
    """A scenario's ``extends: NAME`` (a configs/scenario name or a YAML path, relative to ``where``)."""
    ref = d.pop("extends", None)
    if ref is None:
        return []
    if not isinstance(ref, str):
        raise ScenarioError([("extends", "must be a scenario name or a YAML path")])
    path = scenario_path(ref)
    if not path.is_absolute() and where is not None and (where / path).is_file():
        path = where / path
    return [path]


def resolve_extends(d: Mapping[str, Any], base_dir: Path | None = None) -> dict:
    """Apply ``extends`` recursively; the result has no ``extends`` key."""
    return layered(d, _extends, base_dir)


def merge(base: Any, over: Any) -> Any:
    if isinstance(base, Mapping) and isinstance(over, Mapping):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    if _keyed_list(base) and _keyed_list(over):
        out = list(base)
        index = {item["key"]: n for n, item in enumerate(out)}
        for item in over:
            if item["key"] in index:
                out[index[item["key"]]] = merge(out[index[item["key"]]], item)
            else:
                out.append(item)
        return out
    return over


def _keyed_list(x: Any) -> bool:
    return isinstance(x, list) and bool(x) and all(isinstance(i, Mapping) and "key" in i for i in x)


def read_scenario_file(path: Path) -> dict:
    """The mapping a scenario file holds (``extends`` not yet applied); ``ScenarioError`` otherwise."""
    d = read_yaml(path)
    if not isinstance(d, Mapping):
        raise ScenarioError([("", "a scenario file must hold a mapping (name:, issues:, actors:, ...)")],
                            str(path))
    return dict(d)
