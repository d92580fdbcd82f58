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
from .yaml_reader import YamlLimitError, read_limited_yaml

# a wheel install carries the configs as package data in sim/configs (setup.py); a source checkout (and an
# editable install) reads the top-level configs/ folder
_PACKAGED = Path(__file__).resolve().parents[1] / "configs"
CONFIG_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[2] / "configs"
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


def resolve_extends(d: Mapping[str, Any], base_dir: Path | None = None, _seen: tuple = (),
                    source: str | None = None) -> dict:
    """Apply ``extends`` recursively; the result has no ``extends`` key. Every error names the file that
    holds the mistake (``source`` for ``d`` itself, the base file's path for mistakes in a base)."""
    d = dict(d)
    base_ref = d.pop("extends", None)
    if base_ref is None:
        return d
    if not isinstance(base_ref, str) or not base_ref:
        raise ScenarioError([("extends", f"{base_ref!r} is not a scenario name or a YAML path; give one, "
                                         f"e.g. `extends: ukraine_2025`")], source)
    path = scenario_path(base_ref)
    if not path.is_absolute() and base_dir is not None and (base_dir / path).is_file():
        path = base_dir / path
    if path.resolve() in _seen:
        raise ScenarioError([("extends", f"'{base_ref}' extends itself through a cycle; remove one link")],
                            source)
    base = read_yaml(path)
    if not isinstance(base, Mapping):
        raise ScenarioError([("", "a scenario must be a mapping")], str(path))
    base = resolve_extends(base, path.parent, (*_seen, path.resolve()), str(path))
    problems = _merge_problems(base, d, "")
    if problems:
        raise ScenarioError(problems, source)
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


def _merge_problems(base: Any, over: Any, path: str) -> list[tuple[str, str]]:
    """Entries of ``over`` that ``merge`` could not line up with ``base``: a list merged by key whose
    ``key`` is not a plain word (a list or a mapping cannot name an entry)."""
    if isinstance(base, Mapping) and isinstance(over, Mapping):
        return [p for k, v in over.items() if k in base for p in _merge_problems(base[k], v, f"{path}.{k}"
                                                                                    if path else str(k))]
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


def read_scenario_file(path: Path) -> dict:
    """The mapping a scenario file holds (``extends`` not yet applied); ``ScenarioError`` otherwise."""
    d = read_yaml(path)
    if not isinstance(d, Mapping):
        raise ScenarioError([("", "a scenario file must hold a mapping (name:, issues:, actors:, ...)")],
                            str(path))
    return dict(d)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a scenario by configs/scenario name or YAML path; raises ``ScenarioError`` on any mistake."""
    path = scenario_path(name_or_path)
    return Scenario.from_dict(read_scenario_file(path), source=str(path), base_dir=path.parent)
