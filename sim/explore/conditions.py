"""Boxes on named inputs, in words: the shared vocabulary of PRIM and CART.

A *box* gives each input either an interval (numbers: low and high) or a set of kept categories (category
inputs: a protocol, a strategy); a run is in the box when every input of it is. The inputs are columns of
an experiments table (``sim.explore.schema.Column``); categories are shown by their labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import Column

NUMBERS = ("real", "integer")
LIMIT_COLUMNS = ["input", "label", "unit", "low", "high", "range_low", "range_high", "kept", "categories",
                 "condition"]
SEP = " | "  # between category labels in the kept / categories cells


def usable_inputs(x: pd.DataFrame, inputs: list[Column]) -> list[Column]:
    """Inputs a box can restrict: numbers and categories that vary."""
    return [c for c in inputs if c.type in (*NUMBERS, "category") and x[c.key].nunique() > 1]


def frame(x: pd.DataFrame, cols: list[Column]) -> pd.DataFrame:
    """The inputs as the algorithms take them: numbers as floats, categories as pandas categories (in the
    declared order when the column lists its categories)."""
    out = {}
    for c in cols:
        if c.type in NUMBERS:
            out[c.key] = x[c.key].astype(float).to_numpy()
        else:
            values = x[c.key].astype(str)
            order = [k for k in c.category_keys if k in set(values)] or sorted(set(values))
            out[c.key] = pd.Categorical(values, categories=order)
    return pd.DataFrame(out)


def labels_of(col: Column, keys) -> list[str]:
    names = dict(col.categories)
    return [names.get(k, k) for k in keys]


def interval(col: Column, lo: float, hi: float, full_lo: float, full_hi: float) -> str:
    """``Russia's reservation value <= 0.61``: only the sides the box restricts."""
    unit = f" {col.unit}" if col.unit and col.unit not in ("utility (0-1)", "share") else ""
    fmt = (lambda v: f"{v:.0f}") if col.type == "integer" else (lambda v: f"{v:.3g}")
    if lo > full_lo and hi < full_hi:
        return f"{fmt(lo)} <= {col.label} <= {fmt(hi)}{unit}"
    if lo > full_lo:
        return f"{col.label} >= {fmt(lo)}{unit}"
    return f"{col.label} <= {fmt(hi)}{unit}"


def kept(col: Column, keys) -> str:
    """``Protocol: alternating offers or mediated single text``."""
    return f"{col.label}: {' or '.join(labels_of(col, keys))}"


def limit_row(col: Column, lo, hi, full_lo, full_hi) -> dict | None:
    """One row of a limits table when the box restricts ``col`` (numbers: [lo, hi] within [full_lo,
    full_hi]; categories: ``lo`` is the kept set, ``full_lo`` every category), else None."""
    base = {"input": col.key, "label": col.label, "unit": col.unit}
    if col.type == "category":
        order = [k for k in full_lo]
        keep = [k for k in order if k in lo]
        if len(keep) == len(order):
            return None
        return {**base, "low": np.nan, "high": np.nan, "range_low": np.nan, "range_high": np.nan,
                "kept": SEP.join(labels_of(col, keep)), "categories": SEP.join(labels_of(col, order)),
                "condition": kept(col, keep)}
    lo, hi, full_lo, full_hi = map(float, (lo, hi, full_lo, full_hi))
    if col.type == "integer":  # PRIM's limits of whole numbers may fall between them: the numbers kept
        lo, hi = float(np.ceil(lo)), float(np.floor(hi))
    if not (lo > full_lo or hi < full_hi):
        return None
    return {**base, "low": lo, "high": hi, "range_low": full_lo, "range_high": full_hi, "kept": "",
            "categories": "", "condition": interval(col, lo, hi, full_lo, full_hi)}


def limits_table(cols: list[Column], lims: pd.DataFrame, full: pd.DataFrame) -> pd.DataFrame:
    """One row per input a box (the workbench's two-row limits frame) restricts."""
    rows = [limit_row(c, lims[c.key].iloc[0], lims[c.key].iloc[1], _ordered(full[c.key].iloc[0], c),
                      full[c.key].iloc[1]) for c in cols]
    return pd.DataFrame([r for r in rows if r], columns=LIMIT_COLUMNS)


def _ordered(values, col: Column):
    """A workbench category set in the declared order (sets have none)."""
    if col.type != "category":
        return values
    order = [k for k in col.category_keys if k in values]
    return order + sorted(set(values) - set(order))


def in_box(xs: pd.DataFrame, lims: pd.DataFrame) -> np.ndarray:
    """Which runs of ``xs`` (``frame``'s columns) lie in the box."""
    inside = np.ones(len(xs), dtype=bool)
    for c in xs.columns:
        lo, hi = lims[c].iloc[0], lims[c].iloc[1]
        if isinstance(lo, (set, frozenset)):
            inside &= xs[c].astype(str).isin(lo).to_numpy()
        else:
            inside &= (xs[c] >= lo).to_numpy() & (xs[c] <= hi).to_numpy()
    return inside
