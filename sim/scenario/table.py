"""Spatial tables: the field's usual description of a case, read, checked, and turned into a Scenario.

One row per actor: its capability and, per issue, its position on a numeric scale and its salience (the
input of Bueno de Mesquita's expected-utility model, of KTAB's spatial model of politics and of the
"Decision-making in the EU" data sets). CSV layout (comma- or tab-separated, one header row):

    actor, capability, position, salience                          one issue (named ``issue``)
    actor, capability, position_<issue>, salience_<issue>, ...     several issues

Reserved names in the ``actor`` column (rows without capability or salience):
``reference`` — the reference point (status quo, what happens without agreement) per issue;
``scale_min`` / ``scale_max`` — the ends of an issue's scale (default: the smallest and largest position
or reference point on that issue). An empty position cell means the actor takes no position there.
Salience is read on 0–1, or on 0–100 when any salience in the file exceeds 1 (then divided by 100).

Turning a table into a scenario (``scenario_from_table``), documented choices:
- Options (the grid): ``steps + 1`` evenly spaced points over the issue's scale (default 11: a step of
  10 on a 0–100 scale), plus every position an actor holds and the reference point, so each actor's
  ideal and the status quo are options. The outcome of a case is never used.
- Values: v_a(x) = 1 − (|x − p_a| / R) for linear loss (default), 1 − (|x − p_a| / R)² for quadratic,
  with R the length of the scale, so an actor's own position has value 1 and the far end of the scale 0.
- Weights: salience on the issues where the actor holds a position (normalised to sum 1 on load).
  Actors with no positive salience anywhere care about nothing and are left out of the scenario.
- Reservation value: the utility of the reference point when it is given on every issue, else 0.
- Capability (``power``): as given (``capability``, default), or ``capability_salience``: the capability
  times the actor's total salience over the table's issues. Weights are normalised on load, and a Nash
  product is invariant to scaling an actor's gains, so with 0 as the disagreement value an actor's
  salience would vanish from a Nash point; as the exponent c_a·S_a it stays (``sim.forecast.achen``).
- Every actor is a signatory; a proposal ``reference`` holds the reference point when it is given.

The reverse, ``table_from_scenario``, turns any scenario into a table: position = the actor's best option
on the issue (the option's numeric label when every label of the issue is a number, else its index),
salience = weight, reference = the status quo.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import ScenarioError

if TYPE_CHECKING:
    from .model import Scenario

RESERVED = ("reference", "scale_min", "scale_max")
LOSSES = ("linear", "quadratic")
RESERVATIONS = ("reference", "none")
POWERS = ("capability", "capability_salience")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, eq=False)
class SpatialTable:
    """Actors × issues: capability, position (NaN = no position) and salience (0–1) per issue."""

    name: str
    actors: tuple[str, ...]
    capability: np.ndarray  # (n_actors,), non-negative
    issues: tuple[str, ...]
    position: np.ndarray  # (n_actors, n_issues), NaN where the actor takes no position
    salience: np.ndarray  # (n_actors, n_issues) in [0, 1]; 0 where position is NaN
    reference: np.ndarray  # (n_issues,), NaN when unknown
    scale: np.ndarray  # (n_issues, 2): low and high end of each issue's scale

    @property
    def n_actors(self) -> int:
        return len(self.actors)

    @property
    def n_issues(self) -> int:
        return len(self.issues)

    def held(self, issue: int) -> np.ndarray:
        """Mask of the actors holding a position on an issue."""
        return ~np.isnan(self.position[:, issue])

    def to_frame(self) -> pd.DataFrame:
        """The CSV layout of the module docstring (single-issue tables use the short column names)."""
        one = self.n_issues == 1 and self.issues[0] == "issue"
        pos = ["position"] if one else [f"position_{k}" for k in self.issues]
        sal = ["salience"] if one else [f"salience_{k}" for k in self.issues]
        cols = ["actor", "capability"] + [c for pair in zip(pos, sal) for c in pair]
        rows = []
        for a, name in enumerate(self.actors):
            row = {"actor": name, "capability": self.capability[a]}
            for i in range(self.n_issues):
                held = not math.isnan(self.position[a, i])
                row[pos[i]] = self.position[a, i] if held else np.nan
                row[sal[i]] = self.salience[a, i] if held else np.nan
            rows.append(row)
        if not np.isnan(self.reference).all():
            rows.append({"actor": "reference", **{pos[i]: self.reference[i] for i in range(self.n_issues)}})
        rows.append({"actor": "scale_min", **{pos[i]: self.scale[i, 0] for i in range(self.n_issues)}})
        rows.append({"actor": "scale_max", **{pos[i]: self.scale[i, 1] for i in range(self.n_issues)}})
        return pd.DataFrame(rows, columns=cols)

    def write_csv(self, path: str | Path) -> None:
        self.to_frame().to_csv(path, index=False, float_format="%.10g")


# --- reading --------------------------------------------------------------------------------------
def read_table(source: str | Path | pd.DataFrame, name: str | None = None) -> SpatialTable:
    """Read and check a spatial table (a CSV path or a DataFrame); ``ScenarioError`` lists every problem,
    each naming the row (as a spreadsheet shows it: the header is row 1) and column, with a fix."""
    where = "table" if isinstance(source, pd.DataFrame) else str(source)
    problems: list[tuple[str, str]] = []
    if isinstance(source, pd.DataFrame):
        df = source.copy()
        name = name or "table"
    else:
        path = Path(source)
        if not path.is_file():
            raise ScenarioError([("", "no such file; give the path to a CSV spatial table")], where)
        try:
            df = pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
            raise ScenarioError([("", f"not a readable CSV ({str(e).splitlines()[0]}); save the table as CSV "
                                      f"with a header row")], where) from None
        name = name or path.stem
    df.columns = [str(c).strip() for c in df.columns]
    df = df.astype(object).where(pd.notna(df), "")
    for col in ("actor", "capability"):
        if col not in df.columns:
            problems.append((f"column {col}", "missing; the header needs `actor`, `capability` and per issue "
                                              "`position_<issue>` and `salience_<issue>`"))
    issues, pos_cols, sal_cols = _issue_columns(df.columns, problems)
    if problems:
        raise ScenarioError(problems, where)

    actors, capability, position, salience = [], [], [], []
    special = {k: np.full(len(issues), np.nan) for k in RESERVED}
    seen: dict[str, int] = {}
    raw_sal = []
    for n, rec in enumerate(df.to_dict("records")):
        row = n + 2  # header is row 1
        actor = str(rec["actor"]).strip()
        if not actor:
            problems.append((f"row {row}, column actor", "empty; name the actor (or delete the row)"))
            continue
        if actor in RESERVED:
            for i, col in enumerate(pos_cols):
                special[actor][i] = _cell(rec[col], row, col, problems, allow_empty=True)
            continue
        if actor in seen:
            problems.append((f"row {row}, column actor", f"'{actor}' already appears in row {seen[actor]}; "
                                                         f"give each actor one row"))
        seen[actor] = row
        cap = _cell(rec["capability"], row, "capability", problems)
        if not math.isnan(cap) and cap < 0:
            problems.append((f"row {row}, column capability", f"{cap:g} is negative; give a capability ≥ 0"))
        pos_row, sal_row = [], []
        for pc, sc in zip(pos_cols, sal_cols):
            before = len(problems)
            p = _cell(rec[pc], row, pc, problems, allow_empty=True)
            s = _cell(rec[sc], row, sc, problems, allow_empty=True)
            if len(problems) > before:  # an unreadable cell: the checks below would only repeat it
                pass
            elif math.isnan(p) and not math.isnan(s) and s > 0:
                problems.append((f"row {row}, column {pc}", f"empty but {sc} is {s:g}; give the position, or "
                                                            f"empty the salience too (no position taken)"))
            if not math.isnan(p) and math.isnan(s):
                problems.append((f"row {row}, column {sc}", f"empty but {pc} is {p:g}; give a salience "
                                                            f"(0–1 or 0–100)"))
            if not math.isnan(s) and s < 0:
                problems.append((f"row {row}, column {sc}", f"{s:g} is negative; give a salience ≥ 0"))
            pos_row.append(p)
            sal_row.append(s)
            raw_sal.append((row, sc, s))
        actors.append(actor)
        capability.append(cap)
        position.append(pos_row)
        salience.append(sal_row)
    if not actors:
        problems.append(("", "no actor rows; add one row per actor under the header"))
    sal = np.array(salience, dtype=float).reshape(len(actors), len(issues))
    finite = sal[~np.isnan(sal)]
    hundred = bool(finite.size and finite.max() > 1)
    for row, col, s in raw_sal:
        if hundred and s > 100:
            problems.append((f"row {row}, column {col}", f"{s:g} exceeds 100; saliences are on 0–1 or 0–100"))
    pos = np.array(position, dtype=float).reshape(len(actors), len(issues))
    cap = np.array(capability, dtype=float)
    if actors and not np.isnan(cap).any() and cap.sum() <= 0:
        problems.append(("column capability", "every capability is zero; give at least one actor a positive one"))
    scale = np.zeros((len(issues), 2))
    if problems:  # the scales below depend on every cell being readable
        raise ScenarioError(problems, where)
    for i, (key, col) in enumerate(zip(issues, pos_cols)):
        vals = np.concatenate([pos[:, i], special["reference"][i:i + 1]])
        vals = vals[~np.isnan(vals)]
        if not np.isnan(pos[:, i]).all():
            lo = special["scale_min"][i] if not math.isnan(special["scale_min"][i]) else vals.min()
            hi = special["scale_max"][i] if not math.isnan(special["scale_max"][i]) else vals.max()
            scale[i] = lo, hi
            if hi <= lo:
                problems.append((f"column {col}", f"the scale of issue '{key}' has no length ({lo:g} to {hi:g}); "
                                                  f"give actors different positions or rows scale_min/scale_max"))
            elif vals.size and (vals.min() < lo or vals.max() > hi):
                problems.append((f"column {col}", f"positions of issue '{key}' lie outside the scale {lo:g} to "
                                                  f"{hi:g}; widen scale_min/scale_max"))
        else:
            problems.append((f"column {col}", f"no actor takes a position on issue '{key}'; fill the column or "
                                              f"remove it and its salience column"))
    if problems:
        raise ScenarioError(problems, where)
    sal = np.where(np.isnan(pos), 0.0, np.nan_to_num(sal) / (100.0 if hundred else 1.0))
    return SpatialTable(name=slug(name) or "table", actors=tuple(actors), capability=cap,
                        issues=tuple(issues), position=pos, salience=sal,
                        reference=special["reference"], scale=scale)


def _issue_columns(columns, problems) -> tuple[list[str], list[str], list[str]]:
    cols = list(columns)
    if "position" in cols:
        extra = [c for c in cols if c.startswith("position_")]
        if extra:
            problems.append(("column position", f"both `position` and {extra[0]}; name every issue "
                                                f"(position_<issue>) when there are several"))
        if "salience" not in cols:
            problems.append(("column salience", "missing; a `position` column needs a `salience` column"))
        issues, pos_cols, sal_cols = ["issue"], ["position"], ["salience"]
    else:
        pos_cols = [c for c in cols if c.startswith("position_")]
        issues = [c[len("position_"):] for c in pos_cols]
        sal_cols = [f"salience_{k}" for k in issues]
        for k, sc in zip(issues, sal_cols):
            if sc not in cols:
                problems.append((f"column {sc}", f"missing; every position_{k} column needs a salience_{k}"))
            if not slug(k) or slug(k) != k:
                problems.append((f"column position_{k}", f"issue name '{k}' is not snake_case; rename it "
                                                         f"position_{slug(k) or 'issue'}"))
        if not pos_cols:
            problems.append(("header", "no position columns; add `position` and `salience` (one issue) or "
                                       "`position_<issue>` and `salience_<issue>` per issue"))
    known = {"actor", "capability", *pos_cols, *sal_cols}
    for c in cols:
        if c not in known:
            problems.append((f"column {c}", "unknown column; allowed: actor, capability, "
                                            "position_<issue>, salience_<issue>"))
    return issues, pos_cols, sal_cols


def _cell(value, row: int, col: str, problems, allow_empty: bool = False) -> float:
    text = str(value).strip()
    if not text:
        if not allow_empty:
            problems.append((f"row {row}, column {col}", "empty; give a number"))
        return math.nan
    try:
        x = float(text)
    except ValueError:
        problems.append((f"row {row}, column {col}", f"'{text}' is not a number; write e.g. 0.5 (a dot for "
                                                     f"decimals)"))
        return math.nan
    if not math.isfinite(x):
        problems.append((f"row {row}, column {col}", f"'{text}' is not a finite number"))
        return math.nan
    return x


def slug(text: str) -> str:
    """A snake_case key from any text (``'Food & Drink'`` -> ``food_drink``); empty when nothing is left."""
    s = _SLUG.sub("_", str(text).lower()).strip("_")
    return s if s and s[0].isalpha() else (f"a_{s}" if s else "")


# --- table -> scenario ----------------------------------------------------------------------------
def issue_grid(table: SpatialTable, issue: int, steps: int = 10) -> np.ndarray:
    """The options of an issue: ``steps + 1`` evenly spaced points over its scale, every held position and
    the reference point (sorted, duplicates within 1e-9 of the scale length merged)."""
    lo, hi = table.scale[issue]
    pts = np.concatenate([np.linspace(lo, hi, steps + 1), table.position[:, issue], table.reference[issue:issue + 1]])
    pts = np.sort(pts[~np.isnan(pts)])
    keep = np.concatenate([[True], np.diff(pts) > 1e-9 * (hi - lo)])
    return pts[keep]


def loss_values(grid: np.ndarray, position: float, length: float, loss: str = "linear") -> np.ndarray:
    """v(x) = 1 − d or 1 − d², d = |x − p| / length: the value of each grid point to an actor at ``p``."""
    d = np.abs(np.asarray(grid, dtype=float) - position) / length
    return np.clip(1.0 - (d if loss == "linear" else d * d), 0.0, 1.0)


def scenario_dict(table: SpatialTable, loss: str = "linear", steps: int = 10,
                  reservation: str = "reference", power: str = "capability") -> dict:
    """The ``Scenario.from_dict`` mapping for a table (choices in the module docstring); ``reservation``
    ``"none"`` sets every reservation value to 0 (the disagreement point is the worst outcome); ``power``
    ``"capability_salience"`` multiplies each capability by the actor's total salience."""
    if power not in POWERS:
        raise ValueError(f"power: '{power}' is not one of {', '.join(POWERS)}")
    if reservation not in RESERVATIONS:
        raise ValueError(f"reservation: '{reservation}' is not one of {', '.join(RESERVATIONS)}")
    if loss not in LOSSES:
        raise ValueError(f"loss: '{loss}' is not one of {', '.join(LOSSES)}")
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 1:
        raise ValueError(f"steps: {steps!r} is not a whole number ≥ 1")
    grids = [issue_grid(table, i, steps) for i in range(table.n_issues)]
    issue_keys = [slug(k) for k in table.issues]
    has_ref = not np.isnan(table.reference).any()
    use_ref = has_ref and reservation == "reference"
    issues = []
    for i, key in enumerate(issue_keys):
        item = {"key": key, "label": table.issues[i],
                "options": [{"key": f"x{n}", "label": f"{x:.10g}"} for n, x in enumerate(grids[i])]}
        if not math.isnan(table.reference[i]):
            item["status_quo"] = int(np.argmin(np.abs(grids[i] - table.reference[i])))
        issues.append(item)
    actors, used = [], set()
    for a, label in enumerate(table.actors):
        sal = table.salience[a]
        if sal.sum() <= 0:
            continue
        key = slug(label) or f"actor_{a}"
        while key in used:
            key += "_"
        used.add(key)
        weights, values, ref_u = {}, {}, 0.0
        for i, ik in enumerate(issue_keys):
            if sal[i] > 0:
                length = float(table.scale[i, 1] - table.scale[i, 0])
                weights[ik] = float(sal[i])
                values[ik] = [float(v) for v in loss_values(grids[i], table.position[a, i], length, loss)]
                if use_ref:
                    ref_u += sal[i] * float(loss_values([table.reference[i]], table.position[a, i], length, loss)[0])
        r = float(min(max(ref_u / sal.sum(), 0.0), 1.0)) if use_ref else 0.0
        cap = float(table.capability[a]) * (float(sal.sum()) if power == "capability_salience" else 1.0)
        actors.append({"key": key, "label": label, "capability": cap,
                       "reservation": r, "weights": weights, "values": values})
    d = {"name": table.name, "description": f"spatial table {table.name}: {table.n_actors} actors, "
                                          f"{table.n_issues} issues ({loss} loss)",
         "issues": issues, "actors": actors}
    if has_ref:
        d["proposals"] = {"reference": {"label": "Reference point", "options": {}}}
    return d


def scenario_from_table(source: str | Path | pd.DataFrame | SpatialTable, loss: str = "linear",
                        steps: int = 10, name: str | None = None, reservation: str = "reference") -> "Scenario":
    from .model import Scenario

    table = source if isinstance(source, SpatialTable) else read_table(source, name)
    where = str(source) if isinstance(source, (str, Path)) else table.name
    return Scenario.from_dict(scenario_dict(table, loss, steps, reservation), source=where)


# --- scenario -> table ----------------------------------------------------------------------------
def option_scale(issue) -> np.ndarray:
    """Numeric values of an issue's options: its labels when all are increasing numbers (tables made by
    ``scenario_from_table``), else the option indices 0, 1, 2, ..."""
    try:
        vals = np.array([float(x) for x in issue.option_labels])
    except ValueError:
        return np.arange(issue.n_options, dtype=float)
    if len(vals) > 1 and np.all(np.diff(vals) > 0):
        return vals
    return np.arange(issue.n_options, dtype=float)


def table_from_scenario(scn: "Scenario") -> SpatialTable:
    """Position = each actor's best option per issue (first best on ties), salience = weight, capability
    as given, reference = the status quo options; issues an actor gives no weight have no position."""
    scales = [option_scale(i) for i in scn.issues]
    pos = np.full((scn.n_actors, scn.space.n_issues), np.nan)
    sal = np.zeros_like(pos)
    for a, actor in enumerate(scn.actors):
        for i in range(scn.space.n_issues):
            if actor.weights[i] > 0:
                pos[a, i] = scales[i][int(np.argmax(actor.values[i]))]
                sal[a, i] = actor.weights[i]
    ref = np.array([scales[n][i.status_quo] if i.status_quo is not None else np.nan
                    for n, i in enumerate(scn.issues)])
    return SpatialTable(name=scn.name, actors=tuple(scn.actor_names),
                        capability=np.array([a.capability for a in scn.actors], dtype=float),
                        issues=tuple(scn.space.issue_keys), position=pos, salience=sal, reference=ref,
                        scale=np.array([[s[0], s[-1]] for s in scales], dtype=float))
