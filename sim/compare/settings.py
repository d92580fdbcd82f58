"""Which settings tell the compared runs apart: one row per setting whose value differs between them.

Each run's settings are its job configuration as summary.json saved it (the resolved Hydra config, minus
where results go); a sweep shows the settings its jobs share, and its swept parameters as the values it
ranges over. Keys read as descriptions (``sim.runs.parameters``), values as the scenario's labels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..runs.parameters import describe, value_label
from ..scenario.labels import Labels
from .load import Run, Sweep

SWEPT = "(swept)"


def flat_settings(cfg: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted keys to leaf values; lists stay whole (``stages``) so they compare as one setting."""
    out: dict[str, Any] = {}
    for key, value in cfg.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):  # an empty mapping (``agenda: {}``) sets nothing
            out.update(flat_settings(value, f"{name}."))
        else:
            out[name] = value
    return out


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "–" if value is None else str(value)


def settings_of(item: Run | Sweep) -> tuple[dict[str, Any], dict]:
    """(flat settings, meta) of a run, or of a sweep: its first job's settings, swept keys replaced by the
    values the sweep takes."""
    if isinstance(item, Run):
        return flat_settings(item.summary.get("config", {})), item.meta
    flat = flat_settings(item.config)
    for param in item.params:
        values = list(dict.fromkeys(item.table[param].dropna()))
        flat[param.lstrip("+~")] = f"{SWEPT} " + ", ".join(map(str, values))
    return flat, item.meta


def settings_diff(items: list[Run | Sweep]) -> pd.DataFrame:
    """One row per setting that is not the same in every item (a setting missing from one counts as
    different); columns: the setting's description, then one per item (by label)."""
    flats = [settings_of(i) for i in items]
    keys = list(dict.fromkeys(k for flat, _ in flats for k in flat))
    names = Labels.from_meta(next((m for _, m in flats if m), {}))
    side = next((f.get("war.side") for f, _ in flats if f.get("war.side")), None)
    rows = []
    for key in keys:
        values = [flat.get(key, "–") for flat, _ in flats]
        if len({_text(v) for v in values}) > 1:
            shown = [_text(value_label(key, v, names)) if not str(v).startswith(SWEPT) else v for v in values]
            rows.append([describe(key, names, side), key, *shown])
    return pd.DataFrame(rows, columns=["setting", "key", *[i.label for i in items]])
