"""The run's tables as a reader sees them in the report: labels for keys, option labels for indices,
yes/no for booleans, a dash for a missing value, and small shares that do not print as 0.000.

The tables on disk keep their keys and indices (they are for programs); only what is shown changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from ..runs.formats import probability_text, share_text
from ..scenario.labels import Labels

SOLUTION_NAMES = {"nash": "Nash", "weighted_nash": "capability-weighted Nash", "kalai": "Kalai–Smorodinsky",
                  "weighted_kalai": "capability-weighted Kalai–Smorodinsky", "utilitarian": "utilitarian",
                  "egalitarian": "egalitarian"}
MISSING = "–"
# summary.json entries the report shows elsewhere (header, findings) or not at all
SKIP_SUMMARY = {"config", "fingerprint", "figures", "headlines", "seed", "scenario"}


def cell(value: Any) -> str:
    """One value as text: never NaN, never a raw Python list or dict."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:.3g}" if abs(value) < 0.001 else f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value) if value else "none"
    return str(value) if str(value) else MISSING


def _red_lines(text: Any, names: Labels) -> str:
    """``donbas=pre_2022_line, south=...`` (as the verdicts table stores it) in labels."""
    if not isinstance(text, str) or not text:
        return MISSING
    parts = [p.strip().partition("=") for p in text.split(",") if p.strip()]
    return "; ".join(f"{names.issue(i)}: {names.option(i, o)}" for i, _, o in parts)


def verdicts(df: pd.DataFrame, names: Labels) -> pd.DataFrame:
    return pd.DataFrame({"proposal": df["proposal"].map(names.proposal), "actor": df["actor"].map(names.actor),
                         "utility": df["utility"], "margin over reservation": df["margin"],
                         "accepts": df["accepts"],
                         "red lines crossed": df["red_lines_broken"].map(lambda t: _red_lines(t, names))})


def zone_summary(df: pd.DataFrame, names: Labels) -> pd.DataFrame:
    out = df.rename(columns=lambda c: c.replace("_", " "))
    if "zone share" in out:
        out["zone share"] = df["zone_share"].map(share_text)
    empty = [c for c in ("why_empty", "note") if c in df and not df[c].astype(bool).any()]
    return out.drop(columns=[c.replace("_", " ") for c in empty])


def solutions(df: pd.DataFrame, names: Labels) -> pd.DataFrame:
    """One column per solution point, one row per issue (the option label; the table stores indices)
    and then per actor (the utility): twelve long option labels read down a column, not across."""
    rows = [(names.issue(k), [names.option(k, o) for o in df[k]]) for k in names.issues if k in df]
    rows += [(f"{names.actor(k)} utility", list(df[k])) for k in names.actors if k in df]
    columns = [SOLUTION_NAMES.get(s, str(s).replace("_", " ")) for s in df["solution"]]
    return pd.DataFrame([[name, *values] for name, values in rows], columns=["", *columns])


def nearest_summary(df: pd.DataFrame, names: Labels, changes: pd.DataFrame | None = None) -> pd.DataFrame:
    def moves(proposal: str) -> str:
        if changes is None:
            return MISSING
        rows = changes[changes["proposal"] == proposal]
        return "; ".join(f"{names.issue(r.issue)}: {names.option(r.issue, r.from_option)} → "
                         f"{names.option(r.issue, r.to_option)}" for r in rows.itertuples()) or "none"

    out = pd.DataFrame({"proposal": df["proposal"].map(names.proposal), "deal reachable": df["found"],
                        "issues to change": df["n_changes"], "changes": df["proposal"].map(moves),
                        "why not": df["reason"]})
    return out if df["reason"].fillna("").astype(bool).any() else out.drop(columns="why not")


def negotiation_agreement(df: pd.DataFrame, names: Labels) -> pd.DataFrame:
    """The one seeded run, as a two-column list: how the talks went, then the text signed."""
    row = df.iloc[0]
    facts = [("protocol", row["protocol"]), ("mediator", names.actor(row["mediator"]) if row["mediator"] else ""),
             ("opening text", names.proposal(row["opening"]) if row["opening"] else ""), ("war", row["war"]),
             ("outcome", str(row["reason"]).replace("_", " ")), ("month", row["month"]),
             ("text by", names.actor(row["proposer"]) if row["proposer"] else ""),
             ("walked out", names.actor_list(str(row["walked_out"]).split(",")) if row["walked_out"] else "")]
    facts += [(names.issue(k), names.option(k, row[k]) if row[k] != "" else "") for k in names.issues if k in row]
    facts += [(f"{names.actor(k)} utility", row[f"u_{k}"]) for k in names.actors if f"u_{k}" in row]
    return pd.DataFrame(facts, columns=["", "seeded run"])


def as_is(df: pd.DataFrame, names: Labels) -> pd.DataFrame:
    """A table with no reader of its own (another stage's): its cells formatted, its headers in words."""
    return df.rename(columns=lambda c: str(c).replace("_", " "))


# table name -> how to show it (``nearest_summary`` also reads ``nearest_changes``); others: ``as_is``
READABLE: dict[str, Callable[..., pd.DataFrame]] = {
    "verdicts": verdicts, "zone_summary": zone_summary, "solutions": solutions,
    "nearest_summary": nearest_summary, "negotiation_agreement": negotiation_agreement}


# summary.json keys that are Monte Carlo shares: shown with their Wilson interval over the section's
# ``runs`` (ensemble) or ``draws`` (uncertainty)
PROBABILITIES = ("agreement_probability", "zone_nonempty", "nash_accepted", "all_signatories", "reasons")


def summary_rows(summary: Mapping[str, Any], names: Labels) -> pd.DataFrame:
    """The headline numbers of summary.json as a small two-column table: nested keys read as words,
    probabilities with their interval; numbers per actor or per proposal are left to the tables."""
    rows: list[tuple[str, Any]] = []

    def word(part: str) -> str:
        label = names.any(part)
        return label if label != part else part.replace("_", " ")

    def walk(d: Mapping[str, Any], path: list[str], n: int | None) -> None:
        n = d.get("runs", d.get("draws", n)) if isinstance(d.get("runs", d.get("draws")), int) else n
        for key, value in d.items():
            where = [*path, key]
            if isinstance(value, Mapping):
                if not any(k in names.actors or k in names.proposals for k in value):
                    walk(value, where, n)  # per-actor and per-proposal numbers are in the tables below
                continue
            if n and isinstance(value, float) and any(p in PROBABILITIES for p in where):
                value = probability_text(value, n)
            elif isinstance(value, list):
                value = ", ".join(names.any(v) if isinstance(v, str) else cell(v) for v in value) or "none"
            elif isinstance(value, str):
                value = names.any(value)
            rows.append((" · ".join(word(w) for w in where), value))

    walk({k: v for k, v in summary.items() if k not in SKIP_SUMMARY}, [], None)
    return pd.DataFrame(rows, columns=["", "value"])
