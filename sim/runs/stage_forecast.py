"""Stage: every forecasting model on the scenario's spatial table (``sim.forecast``).

The table is the CSV itself when the scenario came from one (``scenario_file=...csv``), else the
scenario's own table (``Scenario.to_table``: position = each actor's best option, salience = weight).
Tables, drawn by ``sim.plots.forecast``:
  forecasts           issue, model, forecast (on the issue's scale), option (nearest option key),
                      option_label
  forecast_options    one row per issue: the option nearest each model's forecast (one column per model)
  forecast_positions  actor, issue, position, salience, capability, weight (= capability × salience)
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..forecast import LABELS, MODELS, forecast_table
from ..scenario import ConfigError
from ..scenario.loading import TABLE_SUFFIXES
from ..scenario.table import LOSSES, RESERVATIONS, SpatialTable, option_scale, read_table
from ..settings import Reader, load_group
from .context import RunContext
from .io import write_table

NAME = "forecast"
FLOORS = ("reference_point", "mean")  # baselines, not forecasts of their own


@dataclass(frozen=True)
class ForecastSettings:
    """The ``forecast`` group (defaults in configs/forecast/default.yaml)."""

    models: tuple[str, ...]
    loss: str
    steps: int
    reservation: str


def settings(cfg: Mapping) -> ForecastSettings:
    """The ``forecast`` group over configs/forecast/default.yaml; one ConfigError naming every bad key."""
    given = cfg.get(NAME)
    if given is not None and not isinstance(given, Mapping):
        raise ConfigError([f"{NAME}: {given!r} is not a mapping; give models, loss, steps, reservation"])
    defaults = load_group(NAME, "default")
    problems: list[str] = []
    r = Reader({**defaults, **(given or {})}, NAME, problems)
    r.check_keys(set(defaults))
    models = r.d.get("models")
    if not isinstance(models, list) or not models or any(m not in MODELS for m in models):
        r.problem("models", f"{models!r}; give a list from {', '.join(MODELS)}")
        models = list(MODELS)
    loss, reservation = r.text("loss", "linear"), r.text("reservation", "reference")
    if loss not in LOSSES:
        r.problem("loss", f"{loss!r} is not one of {', '.join(LOSSES)}")
    if reservation not in RESERVATIONS:
        r.problem("reservation", f"{reservation!r} is not one of {', '.join(RESERVATIONS)}")
    steps = r.integer("steps", 10, lo=1)
    if steps > 1000:
        r.problem("steps", f"{steps} is above 1000; e.g. forecast.steps=10")
    if problems:
        raise ConfigError(problems, NAME)
    return ForecastSettings(tuple(models), loss, steps, reservation)


def check(scn, cfg: Mapping) -> None:
    settings(cfg)


def is_table_file(path) -> bool:
    """The same test ``read_scenario_file`` makes, so a file read as YAML is never re-read as a table."""
    return bool(path) and Path(str(path)).suffix.lower() in TABLE_SUFFIXES


def spatial_table(ctx: RunContext) -> SpatialTable:
    path = ctx.cfg.get("scenario_file")
    if is_table_file(path):
        return read_table(Path(str(path)).expanduser().absolute())
    return ctx.scn.to_table()


def run(ctx: RunContext) -> None:
    opts = settings(ctx.cfg)
    models = list(opts.models)
    scn = ctx.scn
    table = spatial_table(ctx)
    floors = [m for m in models if m in FLOORS]
    ctx.say(f"Forecasting {table.n_issues} issues with {len(models) - len(floors)} models"
            + (f" and {len(floors)} floor{'s' * (len(floors) > 1)} ({', '.join(LABELS[m] for m in floors)})"
               if floors else ""))
    # seconds vary run to run; the table stays byte-identical for the same inputs without them
    f = forecast_table(table, scn=scn, models=models, steps=opts.steps).drop(columns="seconds")
    keys = scn.space.issue_keys
    scales = {k: option_scale(i) for k, i in zip(table.issues, scn.issues)}
    nearest = [int(np.argmin(np.abs(scales[r.issue] - r.forecast))) if np.isfinite(r.forecast) else -1
               for r in f.itertuples()]
    issues = dict(zip(table.issues, scn.issues))
    f.insert(3, "option", [issues[r.issue].options[o] if o >= 0 else "" for r, o in zip(f.itertuples(), nearest)])
    f.insert(4, "option_label", [issues[r.issue].option_labels[o] if o >= 0 else ""
                                 for r, o in zip(f.itertuples(), nearest)])
    f["issue"] = f["issue"].map(dict(zip(table.issues, keys)))
    write_table(f, ctx.out, "forecasts")
    write_table(positions_frame(table, keys), ctx.out, "forecast_positions")
    wide = f.pivot(index="issue", columns="model", values="option_label").reindex(index=keys)[models]
    write_table(wide.rename(columns=LABELS).reset_index(), ctx.out, "forecast_options")
    judged = [m for m in models if m not in FLOORS]
    agree = int((wide[judged].nunique(axis=1) == 1).sum()) if judged else 0
    lines = [f"The {len(judged)} forecasting models agree on the nearest option on {agree} of {len(keys)} "
             f"issues."] if len(judged) > 1 else []
    if "compromise" in wide.columns:
        value = f[f["model"] == "compromise"].set_index("issue")["forecast"]
        lines.append("Compromise-model forecast: " + "; ".join(
            f"{i.label}: {model_value(value[k], wide.loc[k, 'compromise'], numeric_options(i))}"
            for k, i in zip(keys, scn.issues)) + ".")
    ctx.summary["forecast"] = {m: {k: (None if not np.isfinite(v) else round(float(v), 6)) for k, v in
                                   f[f["model"] == m].set_index("issue")["forecast"].items()} for m in models}
    ctx.summary.setdefault("headlines", []).extend(lines)
    ctx.say("")
    on_index = {k for k, i in zip(keys, scn.issues) if not numeric_options(i)}
    ctx.say(format_forecasts(f, keys, models, [i.label for i in scn.issues], on_index))
    for line in lines:
        ctx.say(f"* {line}")
    ctx.say("")


def numeric_options(issue) -> bool:
    """Whether the issue's options are numbers on its scale (a table-born scenario), not option indices."""
    return not np.array_equal(option_scale(issue), np.arange(issue.n_options))


def model_value(value: float, nearest: str, numeric: bool) -> str:
    """A model's forecast as it computed it (e.g. the compromise model's 7.39), with the nearest option
    when that says something else (7.6 on a grid of 0.6 steps, or an option's label)."""
    if not np.isfinite(value):
        return "no forecast"
    text = f"{value:.4g}" if numeric else f"{value:.2f} on the option scale"
    return text if nearest == text else f"{text} (nearest option: {nearest})"


def positions_frame(table: SpatialTable, keys: list[str]) -> pd.DataFrame:
    rows = []
    for a, actor in enumerate(table.actors):
        for i, key in enumerate(keys):
            if table.held(i)[a]:
                rows.append({"actor": actor, "issue": key, "position": float(table.position[a, i]),
                             "salience": float(table.salience[a, i]), "capability": float(table.capability[a]),
                             "weight": float(table.capability[a] * table.salience[a, i])})
    return pd.DataFrame(rows, columns=["actor", "issue", "position", "salience", "capability", "weight"])


def format_forecasts(f: pd.DataFrame, keys: list[str], models: list[str], labels: list[str] | None = None,
                     on_index: set[str] = frozenset()) -> str:
    """The terminal's view of ``f`` (the forecasts table, with ``option_label`` = the option nearest each
    forecast). Issues on a numeric scale (a spatial table's): issues x models, each forecast on that scale.
    Issues in ``on_index`` (a scenario's own options, whose scale is only their order): each option some
    model lands nearest to, by label, with those models, in the options' order. Rows are named by the
    issues' labels (cut to 28 characters)."""
    labels = dict(zip(keys, [(lab if len(lab) <= 28 else lab[:27] + "…") for lab in (labels or keys)]))
    width = max(len(lab) for lab in labels.values()) + 2
    lines = []
    numeric = [k for k in keys if k not in on_index]
    if numeric:
        short = {m: m.replace("_weighted", "_w").replace("reference_point", "ref")
                 .replace("weighted_median", "median").replace("expected_utility", "bdm")
                 .replace("spatial_politics", "ktab").replace("compromise", "compr").replace("nash_achen", "achen")
                 .replace("nash_committee", "cmte") for m in models}
        head = "issue".ljust(width) + "".join(f"{short[m]:>9}" for m in models)
        lines += ["Forecasts on each issue's scale:", head, "-" * len(head)]
        wide = f.pivot(index="issue", columns="model", values="forecast")
        lines += [labels[k].ljust(width) + "".join(f"{wide.loc[k, m]:>9.2f}" for m in models) for k in numeric]
    categorical = [k for k in keys if k in on_index]
    if categorical:
        if lines:
            lines.append("")
        lines.append("Forecasts as the option nearest each model's forecast (models in brackets):")
        order = {m: n for n, m in enumerate(models)}
        for k in categorical:
            rows = f[(f["issue"] == k) & (f["option_label"] != "")]
            groups = []  # in the issue's option order, i.e. along its scale
            by_option = sorted(rows.groupby("option_label", sort=False), key=lambda item: item[1]["forecast"].min())
            for label, g in by_option:
                names = sorted(g["model"], key=order.get)
                groups.append(f"{label} ({', '.join(LABELS.get(m, m) for m in names)})")
            text = "; ".join(groups) or "no forecast"
            lines.append(textwrap.fill(text, 110, initial_indent=labels[k].ljust(width),
                                       subsequent_indent=" " * width, break_long_words=False,
                                       break_on_hyphens=False))
    return "\n".join(lines)
