"""Validation of the scenario schema: every mistake is collected with its key path and a fix."""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .actors import Actor, Interaction, Proposal, Ratification
from .errors import Problems, ScenarioError
from .loading import resolve_extends
from .rules import parse_rule
from .space import Issue, Space

KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TOP_KEYS = {"name", "description", "issues", "actors", "signatories", "proposals", "extends", "notes", "agenda",
            "negotiation"}
NEGOTIATION_KEYS = {"war", "actors", "protocol"}  # the scenario's own war model and strategies (sim.negotiation.config)
ISSUE_KEYS = {"key", "label", "options", "status_quo", "description"}
ACTOR_KEYS = {"key", "label", "capability", "reservation", "weights", "values", "red_lines",
              "interactions", "description", "ratification"}
PROPOSAL_KEYS = {"label", "options", "source", "date", "notes"}
INTERACTION_KEYS = {"when", "value", "note"}
RATIFICATION_KEYS = {"threshold", "baseline", "shifts", "note", "source"}


def parse_scenario(d: Mapping[str, Any], source: str | None = None,
                   base_dir: Path | None = None) -> dict[str, Any]:
    """The validated fields of a ``Scenario`` (its keyword arguments) from the YAML schema; every mistake
    in one ``ScenarioError``."""
    p = Problems(source)
    if not isinstance(d, Mapping):
        p.add("", f"a scenario must be a mapping of keys (name, issues, actors, ...), got {type(d).__name__}")
        p.raise_if_any()
    try:
        d = copy.deepcopy(resolve_extends(d, base_dir, source=source))
    except ScenarioError as e:
        raise ScenarioError(e.problems, e.source or source) from None
    _unknown_keys(d, TOP_KEYS, "", p)
    name = d.get("name")
    if not isinstance(name, str) or not name:
        p.add("name", "missing or not a string; give the scenario a name, e.g. `name: my_scenario`")
        name = "unnamed"
    issues = _parse_issues(d.get("issues"), p)
    if len({i.key for i in issues}) < len(issues):
        p.raise_if_any()  # everything below looks issues up by key; duplicates would mislead it
    space = Space(issues)
    actors = _parse_actors(d.get("actors"), issues, p)
    keys = [a.key for a in actors]
    rule = parse_rule(d.get("signatories", keys), {a.key: a.capability for a in actors}, p)
    signatories = list(rule.members)
    proposals = _parse_proposals(d.get("proposals", {}) or {}, issues, p)
    agenda = _parse_agenda(d.get("agenda"), issues, p)
    _check_negotiation(d.get("negotiation"), p)
    p.raise_if_any()
    d.setdefault("signatories", list(signatories))
    return dict(name=name, description=str(d.get("description", "") or ""), space=space,
                actors=tuple(actors), signatories=tuple(signatories), proposals=proposals, agenda=agenda, raw=d,
                rule=rule)


def _unknown_keys(d: Mapping, allowed: set[str], path: str, p: Problems) -> None:
    for k in d:
        if k not in allowed:
            where = f"{path}.{k}" if path else str(k)
            p.add(where, f"unknown key; allowed keys here are {', '.join(sorted(allowed))}")


def _check_key(value: Any, path: str, p: Problems) -> str | None:
    if not isinstance(value, str) or not KEY_RE.match(value):
        p.add(path, f"{value!r} is not a snake_case key; use lower-case letters, digits and _ "
                    f"(quote words YAML reads as booleans, such as 'no' or 'yes')")
        return None
    return value


def _number(value: Any, path: str, p: Problems, lo: float | None = None, hi: float | None = None,
            what: str = "a number") -> float | None:
    # the range is said here, once, so ``what`` names only the quantity ("a value", "a non-negative weight")
    rng = f"[{lo}, {hi}]" if lo is not None and hi is not None else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        p.add(path, f"{value!r} is not {what}; give a number" + (f" in {rng}" if rng else ""))
        return None
    try:
        x = float(value)  # an int beyond the float range raises here, not later in numpy
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        shown = f"{value!r}" if isinstance(value, float) else f"an integer of {len(str(abs(value)))} digits"
        p.add(path, f"{shown} is not {what} (not finite); give a finite number")
        return None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if rng:
            p.add(path, f"{x:g} is outside {rng}; give {what} in {rng}")
        else:
            p.add(path, f"{x:g} is {'below ' + str(lo) if lo is not None else 'above ' + str(hi)}; give {what}")
        return None
    return x


# --- issues -------------------------------------------------------------------------------------
def _parse_issues(raw: Any, p: Problems) -> list[Issue]:
    if not isinstance(raw, list) or not raw:
        p.add("issues", "no issues; list at least one issue with `key` and `options`")
        return []
    issues, seen = [], set()
    for n, item in enumerate(raw):
        path = f"issues[{n}]"
        if not isinstance(item, Mapping):
            p.add(path, "each issue must be a mapping with `key` and `options`")
            continue
        _unknown_keys(item, ISSUE_KEYS, path, p)
        key = _check_key(item.get("key"), f"{path}.key", p)
        if key in seen:
            p.add(f"{path}.key", f"duplicate issue key '{key}'; issue keys must be unique")
        seen.add(key)
        path = f"issues[{n}]" if key is None else f"issues[{n}] ({key})"
        options, labels = _parse_options(item.get("options"), f"{path}.options", p)
        issue = Issue(key=key or f"issue_{n}", label=str(item.get("label") or key or f"issue {n}"),
                      options=tuple(options), option_labels=tuple(labels))
        sq = item.get("status_quo")
        if sq is not None and options:
            idx = _option(issue, sq, f"{path}.status_quo", p)
            issue = Issue(issue.key, issue.label, issue.options, issue.option_labels, idx)
        issues.append(issue)
    return issues


def _parse_options(raw: Any, path: str, p: Problems) -> tuple[list[str], list[str]]:
    if not isinstance(raw, list) or len(raw) < 2:
        p.add(path, "an issue needs a list of at least 2 options (ordered keys)")
        return (["option_0", "option_1"], ["option 0", "option 1"]) if not isinstance(raw, list) else ([], [])
    keys, labels = [], []
    for n, opt in enumerate(raw):
        label = None
        if isinstance(opt, Mapping):
            label, opt = opt.get("label"), opt.get("key")
        key = _check_key(opt, f"{path}[{n}]", p) or f"option_{n}"
        if key in keys:
            p.add(f"{path}[{n}]", f"duplicate option '{key}'; option keys must be unique within an issue")
        keys.append(key)
        labels.append(str(label) if label else key.replace("_", " "))
    return keys, labels


def _option(issue: Issue, ref: Any, path: str, p: Problems) -> int | None:
    try:
        return issue.option_index(ref)
    except (KeyError, IndexError):
        p.add(path, f"unknown option {ref!r} for issue '{issue.key}'; use one of "
                    f"{', '.join(issue.options)} or an index 0..{issue.n_options - 1}")
        return None


# --- actors -------------------------------------------------------------------------------------
def _parse_actors(raw: Any, issues: list[Issue], p: Problems) -> list[Actor]:
    if not isinstance(raw, list) or not raw:
        p.add("actors", "no actors; list at least one actor with `key`, `weights` and `values`")
        return []
    by_key = {i.key: (n, i) for n, i in enumerate(issues)}
    actors, seen = [], set()
    for n, item in enumerate(raw):
        path = f"actors[{n}]"
        if not isinstance(item, Mapping):
            p.add(path, "each actor must be a mapping with `key`, `weights` and `values`")
            continue
        _unknown_keys(item, ACTOR_KEYS, path, p)
        key = _check_key(item.get("key"), f"{path}.key", p)
        if key in seen:
            p.add(f"{path}.key", f"duplicate actor key '{key}'; actor keys must be unique")
        seen.add(key)
        reservation = _number(item.get("reservation", 0.0), f"{path}.reservation", p, 0.0, 1.0,
                              "a reservation value (utility of no deal)")
        capability = _number(item.get("capability", 1.0), f"{path}.capability", p, 0.0, None,
                             "a non-negative capability")
        weights = _parse_weights(item.get("weights"), by_key, f"{path}.weights", p)
        values = _parse_values(item.get("values"), issues, by_key, weights, f"{path}.values", p)
        red_lines = _parse_red_lines(item.get("red_lines"), issues, by_key, f"{path}.red_lines", p)
        interactions = _parse_interactions(item.get("interactions"), by_key, f"{path}.interactions", p)
        ratification = _parse_ratification(item.get("ratification"), issues, by_key, f"{path}.ratification", p)
        actors.append(Actor(key=key or f"actor_{n}", label=str(item.get("label") or key),
                            capability=capability or 0.0, reservation=reservation or 0.0,
                            weights=weights, values=values, red_lines=red_lines,
                            interactions=interactions, description=str(item.get("description", "")),
                            ratification=ratification))
    return actors


def _issue_map(raw: Any, by_key: dict, path: str, p: Problems, what: str) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        p.add(path, f"must be a mapping from issue key to {what}")
        return {}
    out = {}
    for k, v in raw.items():
        if k not in by_key:
            p.add(f"{path}.{k}", f"unknown issue '{k}'; known issues: {', '.join(by_key)}")
        else:
            out[k] = v
    return out


def _parse_weights(raw: Any, by_key: dict, path: str, p: Problems) -> np.ndarray:
    w = np.zeros(len(by_key))
    if raw is None:
        p.add(path, "missing; give a salience weight per issue, e.g. `weights: {crimea: 8}`")
        return w
    bad = False
    for k, v in _issue_map(raw, by_key, path, p, "a weight").items():
        x = _number(v, f"{path}.{k}", p, 0.0, None, "a non-negative weight")
        bad |= x is None
        w[by_key[k][0]] = x or 0.0
    top = w.max(initial=0.0)
    if raw and isinstance(raw, Mapping) and top <= 0 and not bad:
        p.add(path, "all weights are zero; give at least one issue a positive weight")
        return w
    if top <= 0:
        return w
    # scale by the largest weight first: weights near 1e308 would otherwise sum to inf and divide to 0
    w = w / top
    return w / w.sum()


def _parse_values(raw: Any, issues: list[Issue], by_key: dict, weights: np.ndarray, path: str,
                  p: Problems) -> tuple[np.ndarray, ...]:
    given = _issue_map(raw, by_key, path, p, "a list of values, one per option")
    tables = []
    for n, issue in enumerate(issues):
        table = np.zeros(issue.n_options)
        if issue.key not in given:
            if weights[n] > 0:
                p.add(f"{path}.{issue.key}", f"missing value table for weighted issue '{issue.key}'; "
                                             f"give {issue.n_options} values in [0, 1], one per option")
            tables.append(table)
            continue
        v = given[issue.key]
        if not isinstance(v, list) or len(v) != issue.n_options:
            got = len(v) if isinstance(v, list) else type(v).__name__
            p.add(f"{path}.{issue.key}", f"{got} values given but issue '{issue.key}' has "
                                         f"{issue.n_options} options; give one value per option")
        else:
            for o, x in enumerate(v):
                table[o] = _number(x, f"{path}.{issue.key}[{o}]", p, 0.0, 1.0, "a value") or 0.0
        tables.append(table)
    return tuple(tables)


def _parse_red_lines(raw: Any, issues: list[Issue], by_key: dict, path: str,
                     p: Problems) -> tuple[frozenset[int], ...]:
    lines = [set() for _ in issues]
    for k, refs in _issue_map(raw, by_key, path, p, "a list of options").items():
        n, issue = by_key[k]
        refs = refs if isinstance(refs, list) else [refs]
        for j, ref in enumerate(refs):
            o = _option(issue, ref, f"{path}.{k}[{j}]", p)
            if o is not None:
                lines[n].add(o)
        if len(lines[n]) == issue.n_options:
            p.add(f"{path}.{k}", f"every option of '{k}' is a red line, so no bundle is ever acceptable; "
                                 f"remove at least one")
    return tuple(frozenset(s) for s in lines)


def _parse_interactions(raw: Any, by_key: dict, path: str, p: Problems) -> tuple[Interaction, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        p.add(path, "must be a list of {when: {issue: option}, value: number}")
        return ()
    out = []
    for j, item in enumerate(raw):
        ipath = f"{path}[{j}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("when"), Mapping) or not item["when"]:
            p.add(ipath, "needs `when: {issue: option, ...}` naming at least one issue, and `value`")
            continue
        _unknown_keys(item, INTERACTION_KEYS, ipath, p)
        value = _number(item.get("value"), f"{ipath}.value", p, -1.0, 1.0, "an interaction value")
        when = {}
        for k, refs in _issue_map(item["when"], by_key, f"{ipath}.when", p, "an option").items():
            n, issue = by_key[k]
            refs = refs if isinstance(refs, list) else [refs]
            if not refs:
                p.add(f"{ipath}.when.{k}", "empty option list, so the interaction can never match; name at "
                                           "least one option or drop the issue from `when`")
            opts = {_option(issue, r, f"{ipath}.when.{k}", p) for r in refs}
            when[n] = frozenset(o for o in opts if o is not None)
        if value is not None and when:
            out.append(Interaction(when=when, value=value))
    return tuple(out)


def _parse_ratification(raw: Any, issues: list[Issue], by_key: dict, path: str,
                        p: Problems) -> Ratification | None:
    """Optional ``ratification: {threshold, baseline, shifts: {issue: [shift per option] | {option: shift}}}``."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        p.add(path, "must be a mapping with `threshold`, `baseline` and `shifts` (per issue, per option)")
        return None
    _unknown_keys(raw, RATIFICATION_KEYS, path, p)
    threshold = _number(raw.get("threshold", 0.5), f"{path}.threshold", p, 0.0, 1.0,
                        "a share of the public (0.5 = a majority)")
    if "baseline" not in raw:
        p.add(f"{path}.baseline", "missing; give the share of the public that supports a deal conceding "
                                  "nothing on the listed issues, e.g. `baseline: 0.6`")
    baseline = _number(raw.get("baseline", 0.5), f"{path}.baseline", p, 0.0, 1.0, "a share")
    shifts = [np.zeros(issue.n_options) for issue in issues]
    for k, v in _issue_map(raw.get("shifts"), by_key, f"{path}.shifts", p,
                           "shifts in support, one per option").items():
        n, issue = by_key[k]
        spath = f"{path}.shifts.{k}"
        if isinstance(v, list):
            if len(v) != issue.n_options:
                p.add(spath, f"{len(v)} shifts given but issue '{k}' has {issue.n_options} options; give one "
                             f"per option, or a mapping {{option: shift}}")
                continue
            items = list(enumerate(v))
        elif isinstance(v, Mapping):
            items = [(_option(issue, ref, f"{spath}.{ref}", p), x) for ref, x in v.items()]
        else:
            p.add(spath, "must be a list (one shift per option) or a mapping {option: shift}")
            continue
        for o, x in items:
            if o is None:
                continue
            shifts[n][o] = _number(x, f"{spath}[{o}]", p, -1.0, 1.0, "a shift in support") or 0.0
    if threshold is None or baseline is None:
        return None
    return Ratification(threshold=threshold, baseline=baseline, shifts=tuple(shifts),
                        note=str(raw.get("note", "") or ""))


def _check_negotiation(raw: Any, p: Problems) -> None:
    """The shape of ``negotiation: {war: NAME, actors: {...}}``; its contents are read (and checked) by
    ``sim.negotiation.config.for_scenario`` like the run's own settings."""
    if raw is None:
        return
    if not isinstance(raw, Mapping):
        p.add("negotiation", "must be a mapping with `war` (a configs/war name) and `actors` (strategies)")
        return
    _unknown_keys(raw, NEGOTIATION_KEYS, "negotiation", p)
    if not isinstance(raw.get("war"), (str, Mapping, type(None))):
        p.add("negotiation.war", "give a configs/war name (e.g. static) or a mapping of war settings")
    if not isinstance(raw.get("actors") or {}, Mapping):
        p.add("negotiation.actors", "must be a mapping {actor: {strategy: NAME, ...}}")
    if not isinstance(raw.get("protocol") or {}, Mapping):
        p.add("negotiation.protocol", "must be a mapping of protocol settings, e.g. {mediator: us}")


# --- signatories and proposals ------------------------------------------------------------------
def _parse_proposals(raw: Any, issues: list[Issue], p: Problems) -> dict[str, Proposal]:
    if not isinstance(raw, Mapping):
        p.add("proposals", "must be a mapping from proposal key to {label, options}")
        return {}
    by_key = {i.key: (n, i) for n, i in enumerate(issues)}
    out = {}
    for key, item in raw.items():
        path = f"proposals.{key}"
        _check_key(key, path, p)
        if not isinstance(item, Mapping):
            p.add(path, "must be a mapping with `label` and `options`")
            continue
        _unknown_keys(item, PROPOSAL_KEYS, path, p)
        given = _issue_map(item.get("options") or {}, by_key, f"{path}.options", p, "an option")
        bundle, stated = [], set()
        for n, issue in enumerate(issues):
            if issue.key in given:
                stated.add(n)
                o = _option(issue, given[issue.key], f"{path}.options.{issue.key}", p)
            elif issue.status_quo is not None:
                o = issue.status_quo
            else:
                p.add(f"{path}.options.{issue.key}", f"proposal is silent on '{issue.key}', which has no "
                                                     f"status_quo; state an option or give the issue one")
                o = None
            bundle.append(o if o is not None else 0)
        out[str(key)] = Proposal(key=str(key), label=str(item.get("label") or key), bundle=tuple(bundle),
                                 stated=frozenset(stated), source=str(item.get("source", "") or ""))
    return out


def _parse_agenda(raw: Any, issues: list[Issue], p: Problems) -> tuple[frozenset[int] | None, ...]:
    """Optional ``agenda: {issue: [options still on the table]}``; issues not named keep every option."""
    by_key = {i.key: (n, i) for n, i in enumerate(issues)}
    out: list[frozenset[int] | None] = [None] * len(issues)
    for k, refs in _issue_map(raw, by_key, "agenda", p, "the options on the table").items():
        n, issue = by_key[k]
        refs = refs if isinstance(refs, list) else [refs]
        opts = {_option(issue, r, f"agenda.{k}", p) for r in refs} - {None}
        if not refs:
            p.add(f"agenda.{k}", "no option left on the table; name at least one option")
        out[n] = frozenset(opts)
    return tuple(out)
