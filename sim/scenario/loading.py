"""Finding and reading scenario files, and resolving ``extends`` (a scenario built on another).

``extends: NAME`` merges this file over the named base: mappings merge key by key, lists of mappings
with a ``key`` merge entry by entry (new keys are appended), anything else is replaced. The UK variant
of the default scenario is a few lines on top of it this way instead of a copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .errors import ScenarioError
from .model import Scenario

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"
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
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ScenarioError([("", f"malformed YAML at {where}: {what}; fix the syntax there")],
                            str(path)) from None


def resolve_extends(d: Mapping[str, Any], base_dir: Path | None = None, _seen: tuple = ()) -> dict:
    """Apply ``extends`` recursively; the result has no ``extends`` key."""
    d = dict(d)
    base_ref = d.pop("extends", None)
    if base_ref is None:
        return d
    if not isinstance(base_ref, str):
        raise ScenarioError([("extends", "must be a scenario name or a YAML path")])
    path = scenario_path(base_ref)
    if not path.is_absolute() and base_dir is not None and (base_dir / path).is_file():
        path = base_dir / path
    if path.resolve() in _seen:
        raise ScenarioError([("extends", f"'{base_ref}' extends itself through a cycle; remove one link")])
    base = read_yaml(path)
    if not isinstance(base, Mapping):
        raise ScenarioError([("", "a scenario must be a mapping")], str(path))
    base = resolve_extends(base, path.parent, (*_seen, path.resolve()))
    return merge(base, d)


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


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a scenario by configs/scenario name or YAML path; raises ``ScenarioError`` on any mistake."""
    path = scenario_path(name_or_path)
    return Scenario.from_dict(read_scenario_file(path), source=str(path), base_dir=path.parent)
