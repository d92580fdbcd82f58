"""Declared uncertainties: which numbers of a run are uncertain, and how they are distributed.

Each input names a number by its key path in the composed run config (``war.actors.russia.monthly_cost``,
``negotiation.actors.russia.deadline``, ``protocol.deadline``) or in the resolved scenario
(``scenario.actors.russia.reservation``, ``scenario.actors.us.weights.crimea``,
``scenario.actors.ukraine.values.donbas.de_facto``); see ``sim.explore.paths``. Distributions are SALib's
(Herman & Usher 2017), so every design draws them the same way:

  uniform      low, high                     (the default)
  triangular   low, high, mode               (low >= 0: SALib's triangular takes non-negative bounds)
  normal       mean, sd
  truncnormal  low, high, mean, sd
  categorical  categories (and optional labels): a choice such as a protocol or a strategy, drawn with
               equal chances as SALib's uniform on [0, k) cut into k equal parts (the EMA workbench's
               CategoricalParameter is drawn the same way), so a Latin hypercube spreads the k evenly

``type: integer`` rounds each draw to a whole number (e.g. a deadline in months).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..scenario import ConfigError
from .schema import Column

DISTRIBUTIONS = {"uniform": ("low", "high"), "triangular": ("low", "high", "mode"), "normal": ("mean", "sd"),
                 "truncnormal": ("low", "high", "mean", "sd"), "categorical": ()}
SALIB_NAMES = {"uniform": "unif", "triangular": "triang", "normal": "norm", "truncnormal": "truncnorm",
               "categorical": "unif"}
KEYS = {"key", "label", "unit", "type", "distribution", "low", "high", "mode", "mean", "sd", "note",
        "categories", "labels"}


@dataclass(frozen=True)
class Input:
    """One uncertain number: where it lives (``key``), what readers call it, and its distribution."""

    key: str
    label: str
    unit: str
    type: str  # real, integer or category
    distribution: str
    params: tuple[float, ...]  # in the order of DISTRIBUTIONS[distribution]
    categories: tuple[tuple[str, str], ...] = ()  # a categorical input's (value, label) pairs

    @property
    def column(self) -> Column:
        return Column(self.key, self.label, self.type, self.unit, self.describe(), self.categories)

    def describe(self) -> str:
        if self.categories:
            return "categorical(" + ", ".join(k for k, _ in self.categories) + ")"
        names = DISTRIBUTIONS[self.distribution]
        return f"{self.distribution}(" + ", ".join(f"{n}={v:g}" for n, v in zip(names, self.params)) + ")"

    @property
    def salib_bounds(self) -> list[float]:
        p = self.params
        if self.categories:
            return [0.0, float(len(self.categories))]
        if self.distribution == "triangular":  # SALib: [low, high, peak as a share of the width]
            return [p[0], p[1], (p[2] - p[0]) / (p[1] - p[0])]
        return list(p)

    @property
    def range(self) -> tuple[float, float]:
        """Where draws fall (mean +- 3 sd for a normal), for axes and box limits."""
        p = self.params
        if self.categories:
            return 0.0, float(len(self.categories))
        if self.distribution == "normal":
            return p[0] - 3 * p[1], p[0] + 3 * p[1]
        return p[0], p[1]


def default_label(key: str) -> str:
    """``war.actors.russia.monthly_cost`` -> ``russia monthly cost (war)``: readable when none is given."""
    parts = key.split(".")
    head = {"scenario": "", "war": " (war)", "negotiation": " (strategy)", "protocol": " (protocol)"}.get(parts[0], "")
    rest = [p for p in parts[1:] if p not in ("actors", "default")] or parts
    return " ".join(rest).replace("_", " ") + head


def parse_inputs(spec: object, path: str = "uncertainty.explore.inputs") -> list[Input]:
    """The declared inputs; one ``ConfigError`` naming every bad entry and its fix."""
    if not isinstance(spec, Sequence) or isinstance(spec, (str, bytes)):
        raise ConfigError([f"{path}: give a list of inputs, e.g. - {{key: scenario.actors.russia.reservation, "
                           f"low: 0.55, high: 0.70}}"], "uncertainty")
    problems: list[str] = []
    out: list[Input] = []
    for n, entry in enumerate(spec):
        where = f"{path}[{n}]"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("key"), str) or not entry.get("key"):
            problems.append(f"{where}: give a mapping with key (a key path), e.g. {{key: war.actors.russia."
                            f"monthly_cost, low: 0.002, high: 0.004}}")
            continue
        key = entry["key"]
        where = f"{path}[{n}] ({key})"
        for k in entry:
            if k not in KEYS:
                problems.append(f"{where}.{k}: unknown key; allowed: {', '.join(sorted(KEYS))}")
        dist = entry.get("distribution", "categorical" if "categories" in entry else "uniform")
        if dist not in DISTRIBUTIONS:
            problems.append(f"{where}.distribution: {dist!r}; use one of {', '.join(DISTRIBUTIONS)}")
            continue
        if dist != "categorical" and ("categories" in entry or "labels" in entry):
            problems.append(f"{where}: categories and labels belong to a categorical input; leave out "
                            f"distribution: {dist} (or the categories)")
            continue
        if dist == "categorical":
            choice = categorical(entry, where, problems)
            if choice and any(i.key == key for i in out):
                problems.append(f"{where}: declared twice; keep one entry per key")
            elif choice:
                out.append(Input(key, str(entry.get("label") or default_label(key)), str(entry.get("unit") or ""),
                                 "category", dist, (), choice))
            continue
        params = []
        for name in DISTRIBUTIONS[dist]:
            v = entry.get(name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                problems.append(f"{where}.{name}: {v!r} is not a number; a {dist} input needs "
                                f"{', '.join(DISTRIBUTIONS[dist])}")
            else:
                params.append(float(v))
        kind = entry.get("type", "real")
        if kind not in ("real", "integer"):
            problems.append(f"{where}.type: {kind!r}; use real or integer")
        if len(params) != len(DISTRIBUTIONS[dist]):
            continue
        if dist in ("uniform", "triangular", "truncnormal") and not params[0] < params[1]:
            problems.append(f"{where}: low {params[0]:g} must be below high {params[1]:g}")
        elif dist == "triangular" and not (params[0] <= params[2] <= params[1] and params[0] >= 0):
            problems.append(f"{where}: a triangular input needs 0 <= low <= mode <= high")
        elif dist in ("normal", "truncnormal") and params[-1] <= 0:
            problems.append(f"{where}.sd: {params[-1]:g} must be positive")
        elif any(i.key == key for i in out):
            problems.append(f"{where}: declared twice; keep one entry per key")
        else:
            out.append(Input(key, str(entry.get("label") or default_label(key)), str(entry.get("unit") or ""),
                             kind, dist, tuple(params)))
    if not out and not problems:
        problems.append(f"{path}: no inputs declared; list at least one (see configs/uncertainty/default.yaml)")
    if problems:
        raise ConfigError(problems, "uncertainty")
    return out


def categorical(entry: Mapping, where: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    """A categorical input's (value, label) pairs; problems appended (and nothing returned) when the
    categories are not a list of two or more distinct values, or the labels do not match them."""
    cats, labels = entry.get("categories"), entry.get("labels")
    if (not isinstance(cats, Sequence) or isinstance(cats, (str, bytes)) or len(cats) < 2
            or any(isinstance(c, (Mapping, list)) or c is None for c in cats) or len(set(map(str, cats))) < len(cats)):
        problems.append(f"{where}.categories: give a list of two or more distinct values, e.g. "
                        "[mediated, alternating]")
        return ()
    if labels is None:
        labels = [str(c).replace("_", " ") for c in cats]
    elif not isinstance(labels, Sequence) or isinstance(labels, (str, bytes)) or len(labels) != len(cats):
        problems.append(f"{where}.labels: give one label per category ({len(cats)})")
        return ()
    if entry.get("type", "category") != "category":
        problems.append(f"{where}.type: a categorical input is of type category; leave type out")
        return ()
    return tuple((str(c), str(lab)) for c, lab in zip(cats, labels))


def salib_problem(inputs: list[Input]) -> dict:
    """The SALib problem dict (names are the key paths)."""
    return {"num_vars": len(inputs), "names": [i.key for i in inputs],
            "bounds": [i.salib_bounds for i in inputs], "dists": [SALIB_NAMES[i.distribution] for i in inputs]}
