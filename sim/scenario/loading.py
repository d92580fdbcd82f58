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
from .yaml_reader import YamlLimitError, read_limited_yaml

# a wheel install carries the configs as package data in sim/configs (setup.py); a source checkout (and an
# editable install) reads the top-level configs/ folder
_PACKAGED = Path(__file__).resolve().parents[1] / "configs"
CONFIG_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[2] / "configs"
SCENARIO_DIR = CONFIG_DIR / "scenario"
TABLE_SUFFIXES = (".csv", ".tsv")  # spatial tables (sim.scenario.table), read instead of YAML


def scenario_path(name_or_path: str | Path) -> Path:
    """A configs/scenario name (``ukraine_2025``) or a path to a YAML file."""
    p = Path(name_or_path).expanduser()
    if p.suffix in (".yaml", ".yml", *TABLE_SUFFIXES) or p.exists():
        return p
    return SCENARIO_DIR / f"{name_or_path}.yaml"


def read_yaml(path: Path) -> Any:
    if not path.is_file():
        known = ", ".join(sorted(f.stem for f in SCENARIO_DIR.glob("*.yaml")))
        raise ScenarioError([("", f"no such file; give a path to a YAML file or one of: {known}")], str(path))
    try:
        return read_limited_yaml(path)
    except YamlLimitError as e:
        raise ScenarioError([("", str(e))], str(path)) from None
    except OSError as e:
        raise ScenarioError([("", f"cannot be read ({e.strerror}); check the path and its permissions")],
                            str(path)) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ScenarioError([("", f"malformed YAML at {where}: {what}; fix the syntax there")],
                            str(path)) from None


def layered(d: Mapping[str, Any], bases: Callable[[dict, Path | None], list[Path]], where: Path | None = None,
            _seen: tuple[Path, ...] = (), source: str | None = None) -> dict:
    """The one rule for a file built on others (a scenario's ``extends``, a config group's ``defaults:
    [base, _self_]``): ``bases(d, where)`` removes the reference from ``d`` and returns the files it names
    (``where``: the folder ``d`` was read from); each is read and layered the same way, they are merged in
    order, and ``d`` is merged over them with ``merge``. A file that builds on itself is a ``ScenarioError``.
    Every error names the file that holds the mistake (``source`` for ``d``, a base's own path for its)."""
    d = dict(d)
    out: dict | None = None
    try:
        paths = bases(d, where)
    except ScenarioError as e:
        raise ScenarioError(e.problems, e.source or source) from None
    for path in paths:
        if path.resolve() in _seen:
            raise ScenarioError([("", f"{path.name} builds on itself through a cycle; remove one link")], source)
        base = read_yaml(path)
        if not isinstance(base, Mapping):
            raise ScenarioError([("", "must hold a mapping of keys")], str(path))
        base = layered(base, bases, path.parent, (*_seen, path.resolve()), str(path))
        out = base if out is None else merge(out, base)
    if out is None:
        return d
    problems = _merge_problems(out, d, "")
    if problems:
        raise ScenarioError(problems, source)
    return merge(out, d)


def _extends(d: dict, where: Path | None) -> list[Path]:
    """A scenario's ``extends: NAME`` (a configs/scenario name or a YAML path, relative to ``where``)."""
    ref = d.pop("extends", None)
    if ref is None:
        return []
    if not isinstance(ref, str) or not ref:
        raise ScenarioError([("extends", f"{ref!r} is not a scenario name or a YAML path; give one, "
                                         f"e.g. `extends: ukraine_2025`")])
    path = scenario_path(ref)
    if not path.is_absolute() and where is not None and (where / path).is_file():
        path = where / path
    return [path]


def resolve_extends(d: Mapping[str, Any], base_dir: Path | None = None, source: str | None = None) -> dict:
    """Apply ``extends`` recursively; the result has no ``extends`` key (``source``: where ``d`` was read)."""
    return layered(d, _extends, base_dir, source=source)


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


def _merge_problems(base: Any, over: Any, path: str) -> list[tuple[str, str]]:
    """Entries of ``over`` that ``merge`` could not line up with ``base``: a list merged by key whose
    ``key`` is not a plain word (a list or a mapping cannot name an entry)."""
    if isinstance(base, Mapping) and isinstance(over, Mapping):
        return [p for k, v in over.items() if k in base
                for p in _merge_problems(base[k], v, f"{path}.{k}" if path else str(k))]
    if isinstance(base, list) and isinstance(over, list) and _keyed_list(base, any_key=True):
        return [(f"{path}[{n}].key", f"{item['key']!r} is not a key; entries merge with the base by a "
                                     f"snake_case `key`, give one")
                for n, item in enumerate(over)
                if isinstance(item, Mapping) and "key" in item and not isinstance(item["key"], (str, int))]
    return []


def _keyed_list(x: Any, any_key: bool = False) -> bool:
    """A list of mappings each with a hashable ``key`` (``any_key``: with any ``key`` at all)."""
    return isinstance(x, list) and bool(x) and all(
        isinstance(i, Mapping) and "key" in i and (any_key or isinstance(i["key"], (str, int))) for i in x)


def read_scenario_file(path: Path, table_options: Mapping[str, Any] | None = None) -> dict:
    """The mapping a scenario file holds (``extends`` not yet applied); ``ScenarioError`` otherwise. A
    spatial table (.csv / .tsv) is turned into one with ``table_options`` (loss, steps, reservation)."""
    if Path(path).suffix.lower() in TABLE_SUFFIXES:
        from .table import read_table, scenario_dict

        return scenario_dict(read_table(path), **dict(table_options or {}))
    d = read_yaml(path)
    if not isinstance(d, Mapping):
        raise ScenarioError([("", "a scenario file must hold a mapping (name:, issues:, actors:, ...)")],
                            str(path))
    return dict(d)
