"""What-if edits of a scenario, as pure functions on its plain dict (the YAML schema), and what they changed.

The app keeps the edited scenario as the same dict ``Scenario.to_dict`` returns, so every edit can be
validated by ``Scenario.from_dict`` and saved as a YAML file that ``python -m sim scenario_file=...`` runs.
Each function returns a new dict and leaves its input alone (the original stays the reference for the
side-by-side comparison).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from ..scenario import Scenario

Doc = dict[str, Any]


def _actor(d: Doc, key: str) -> dict:
    for a in d["actors"]:
        if a["key"] == key:
            return a
    raise KeyError(f"unknown actor '{key}'")


def _ordered(scn: Scenario, issue: str, options: Iterable[str]) -> list[str]:
    """Option keys in the issue's own order (so saved files and diffs do not depend on click order)."""
    chosen = set(options)
    return [o for o in scn.space.issue(issue).options if o in chosen]


def set_reservation(d: Doc, actor: str, value: float) -> Doc:
    out = copy.deepcopy(d)
    _actor(out, actor)["reservation"] = float(value)
    return out


def set_weight(d: Doc, actor: str, issue: str, value: float) -> Doc:
    """Raw salience (the file's scale; the scenario normalises weights to sum 1 on load)."""
    out = copy.deepcopy(d)
    weights = _actor(out, actor).setdefault("weights", {})
    weights[issue] = value
    return out


def set_red_lines(d: Doc, scn: Scenario, actor: str, issue: str, options: Iterable[str]) -> Doc:
    """The actor's red lines on one issue become ``options`` (option keys; empty = none)."""
    out = copy.deepcopy(d)
    lines = dict(_actor(out, actor).get("red_lines") or {})
    kept = _ordered(scn, issue, options)
    if kept:
        lines[issue] = kept
    else:
        lines.pop(issue, None)
    _actor(out, actor)["red_lines"] = lines
    return out


def set_agenda(d: Doc, scn: Scenario, issue: str, options: Iterable[str]) -> Doc:
    """Options of ``issue`` still on the table; all of them removes the issue from the agenda."""
    out = copy.deepcopy(d)
    agenda = dict(out.get("agenda") or {})
    kept = _ordered(scn, issue, options)
    if len(kept) == scn.space.issue(issue).n_options:
        agenda.pop(issue, None)
    else:
        agenda[issue] = kept
    if agenda:
        out["agenda"] = agenda
    else:
        out.pop("agenda", None)
    return out


# --- what changed ---------------------------------------------------------------------------------
def _red_line_keys(scn: Scenario, actor: str) -> dict[str, list[str]]:
    a = scn.actor(actor)
    return {i.key: [i.options[o] for o in sorted(lines)] for i, lines in zip(scn.issues, a.red_lines) if lines}


def _agenda_keys(scn: Scenario) -> dict[str, list[str]]:
    return {i.key: [i.options[o] for o in sorted(on)] for i, on in zip(scn.issues, scn.agenda) if on is not None}


def _options_text(scn: Scenario, issue: str, options: list[str]) -> str:
    iss = scn.space.issue(issue)
    return ", ".join(iss.option_labels[iss.option_index(o)] for o in options) or "none"


def changes(original: Scenario, edited: Scenario) -> list[dict[str, str]]:
    """Every difference the app can make (reservation, weights, red lines, agenda), one row each with
    ``what`` (readable, labels not keys), ``before`` and ``after``; weights also as normalised shares,
    since a raw weight moves every other issue's share too."""
    rows: list[dict[str, str]] = []
    for a0 in original.actors:
        a1 = edited.actor(a0.key)
        if a0.reservation != a1.reservation:
            rows.append({"what": f"{a0.label}: reservation value", "before": f"{a0.reservation:.3f}",
                         "after": f"{a1.reservation:.3f}"})
        raw0 = _raw_weights(original, a0.key)
        raw1 = _raw_weights(edited, a0.key)
        for i, issue in enumerate(original.issues):
            if raw0.get(issue.key, 0) != raw1.get(issue.key, 0):
                rows.append({"what": f"{a0.label}: weight of {issue.label}",
                             "before": f"{raw0.get(issue.key, 0):g} ({a0.weights[i]:.1%})",
                             "after": f"{raw1.get(issue.key, 0):g} ({a1.weights[i]:.1%})"})
        lines0, lines1 = _red_line_keys(original, a0.key), _red_line_keys(edited, a0.key)
        for issue in original.issues:
            if lines0.get(issue.key, []) != lines1.get(issue.key, []):
                rows.append({"what": f"{a0.label}: red lines on {issue.label}",
                             "before": _options_text(original, issue.key, lines0.get(issue.key, [])),
                             "after": _options_text(edited, issue.key, lines1.get(issue.key, []))})
    ag0, ag1 = _agenda_keys(original), _agenda_keys(edited)
    for issue in original.issues:
        if ag0.get(issue.key) != ag1.get(issue.key):
            rows.append({"what": f"Agenda: {issue.label}",
                         "before": _options_text(original, issue.key, ag0[issue.key]) if issue.key in ag0 else "all",
                         "after": _options_text(edited, issue.key, ag1[issue.key]) if issue.key in ag1 else "all"})
    return rows


def _raw_weights(scn: Scenario, actor: str) -> Mapping[str, float]:
    for a in scn.raw.get("actors", []):
        if a["key"] == actor:
            return a.get("weights") or {}
    return {}
