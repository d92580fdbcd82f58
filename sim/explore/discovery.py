"""Scenario discovery: which ranges of the inputs make an outcome happen (Bryant & Lempert 2010).

PRIM (Friedman & Fisher 1999) peels the input space box by box towards the runs where the outcome holds;
each box along the peeling trajectory trades *coverage* (share of all such runs that fall in the box)
against *density* (share of the box's runs where the outcome holds). CART (Breiman et al. 1984) splits the
inputs into leaves as a second view. Both come from the EMA workbench 3.x (Kwakkel 2017); this module turns
their boxes into conditions on named inputs, written for readers.

The reported PRIM box is the densest one on the trajectory whose coverage is at least ``min_coverage``
(0.5 by default: a box that explains at least half of the deals), the usual analyst's choice made
explicit, with the restrictions whose quasi-p value (the workbench's binomial test of each limit) is above
``alpha`` = 0.05 dropped, as Bryant & Lempert advise: what remains are the conditions that matter. Its
coverage and density are recomputed for the pruned box; the whole trajectory is saved so another can be
picked.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import Column


@dataclass(frozen=True)
class Target:
    """The boolean outcome PRIM and CART explain: ``metric`` itself when boolean, else ``metric >= threshold``."""

    metric: Column
    threshold: float = 0.5

    yes_no: bool = False  # a numeric outcome that only takes 0 and 1 (a share of one run)

    @property
    def text(self) -> str:
        if self.metric.type == "boolean" or (self.yes_no and 0 < self.threshold <= 1):
            return self.metric.label
        return f"{self.metric.label} >= {self.threshold:g}"

    def of(self, outcomes: pd.DataFrame) -> np.ndarray:
        y = outcomes[self.metric.key]
        if self.metric.type == "boolean":
            return y.fillna(False).to_numpy(dtype=bool)
        return (y.astype(float) >= self.threshold).fillna(False).to_numpy(dtype=bool)


def _workbench():
    with warnings.catch_warnings():  # "ipyparallel not installed": its parallel evaluator is not used here
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import cart, prim
    return prim, cart


def preload() -> None:
    """Import the EMA workbench in a background thread. Its import takes seconds (scikit-learn,
    statsmodels, its own framework: 4-5 s of CPU, tens of seconds on a loaded machine) while PRIM and CART
    take well under one; started before the model runs, it overlaps them instead of adding to the wall time.
    ``discover`` imports as usual and waits for a preload still under way (Python's import lock)."""
    import threading

    threading.Thread(target=_workbench, name="preload-ema-workbench", daemon=True).start()


def numeric_inputs(x: pd.DataFrame, inputs: list[Column]) -> list[Column]:
    """Inputs PRIM can restrict: numbers (integers and reals) that vary."""
    return [c for c in inputs if c.type in ("real", "integer") and x[c.key].nunique() > 1]


def condition(col: Column, lo: float, hi: float, full_lo: float, full_hi: float) -> str:
    """``Russia's reservation value <= 0.61``: only the sides the box restricts."""
    unit = f" {col.unit}" if col.unit and col.unit not in ("utility (0-1)", "share") else ""
    fmt = (lambda v: f"{v:.0f}") if col.type == "integer" else (lambda v: f"{v:.3g}")
    if lo > full_lo and hi < full_hi:
        return f"{fmt(lo)} <= {col.label} <= {fmt(hi)}{unit}"
    if lo > full_lo:
        return f"{col.label} >= {fmt(lo)}{unit}"
    return f"{col.label} <= {fmt(hi)}{unit}"


def limits_table(cols: list[Column], lims: pd.DataFrame, full: pd.DataFrame) -> pd.DataFrame:
    """One row per input a box restricts: its limits, the full range and the condition in words."""
    rows = []
    for c in cols:
        lo, hi = float(lims[c.key].iloc[0]), float(lims[c.key].iloc[1])
        flo, fhi = float(full[c.key].iloc[0]), float(full[c.key].iloc[1])
        if lo > flo or hi < fhi:
            rows.append({"input": c.key, "label": c.label, "unit": c.unit, "low": lo, "high": hi,
                         "range_low": flo, "range_high": fhi, "condition": condition(c, lo, hi, flo, fhi)})
    return pd.DataFrame(rows, columns=["input", "label", "unit", "low", "high", "range_low", "range_high",
                                       "condition"])


@dataclass
class Discovery:
    target: str  # the outcome in words
    cases: int  # runs where it holds
    runs: int
    peeling: pd.DataFrame  # the PRIM trajectory: box, coverage, density, mass, restricted, chosen
    box: pd.DataFrame  # the chosen PRIM box: one row per restricted input (limits_table)
    cart: pd.DataFrame  # CART leaves: leaf, coverage, density, mass, conditions
    min_coverage: float = 0.5  # the reported box is the densest with at least this coverage
    coverage: float = float("nan")  # of the reported (pruned) box
    density: float = float("nan")

    @property
    def chosen(self) -> pd.Series | None:
        hit = self.peeling[self.peeling["chosen"]]
        return None if hit.empty else hit.iloc[0]

    def sentence(self) -> str:
        """What would have to be true, in one line."""
        share = self.cases / self.runs if self.runs else float("nan")
        head = f"{self.target}: {self.cases:,} of {self.runs:,} runs ({share:.0%})"
        if self.box.empty:
            return head + "; PRIM found no box that restricts an input significantly."
        return (head + f". PRIM box ({self.coverage:.0%} of those runs, {self.density:.0%} of the box's runs): "
                + "; ".join(self.box["condition"]) + ".")


def discover(x: pd.DataFrame, y: np.ndarray, inputs: list[Column], target: str,
             min_coverage: float = 0.5, mass_min: float = 0.05, alpha: float = 0.05) -> Discovery:
    """PRIM and CART on the boolean ``y`` over the numeric ``inputs`` of ``x``."""
    cols = numeric_inputs(x, inputs)
    y = np.asarray(y, dtype=bool)
    empty_box = limits_table([], pd.DataFrame(), pd.DataFrame())
    if not cols or y.all() or not y.any():
        return Discovery(target, int(y.sum()), len(y), pd.DataFrame(
            columns=["box", "coverage", "density", "mass", "restricted", "chosen"]), empty_box,
            pd.DataFrame(columns=["leaf", "coverage", "density", "mass", "conditions"]), min_coverage)
    prim, cart = _workbench()
    xs = x[[c.key for c in cols]].astype(float).reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box = prim.Prim(xs, y, mass_min=mass_min).find_box()
    traj = box.peeling_trajectory
    full = box.box_lims[0]
    peeling = pd.DataFrame({"box": traj["id"].astype(int), "coverage": traj["coverage"].astype(float),
                            "density": traj["density"].astype(float), "mass": traj["mass"].astype(float),
                            "restricted": traj["res_dim"].astype(int)})
    ok = peeling[peeling["coverage"] >= min_coverage]
    pick = int(ok.sort_values(["density", "coverage"], ascending=False, kind="stable")["box"].iloc[0]) \
        if len(ok) else 0
    peeling["chosen"] = peeling["box"] == pick
    lims = significant_limits(box, pick, full, alpha)
    inside = np.ones(len(xs), dtype=bool)
    for c in xs.columns:
        inside &= (xs[c] >= lims[c].iloc[0]).to_numpy() & (xs[c] <= lims[c].iloc[1]).to_numpy()
    coverage = float(y[inside].sum() / y.sum())
    density = float(y[inside].mean()) if inside.any() else float("nan")
    return Discovery(target, int(y.sum()), len(y), peeling, limits_table(cols, lims, full),
                     _cart(cart, xs, y, cols, full), min_coverage, coverage, density)


def significant_limits(box, i: int, full: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Box ``i``'s limits with every restriction whose quasi-p values are all above ``alpha`` undone."""
    lims = box.box_lims[i].copy()
    if i == 0:
        return lims
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = box.inspect(i, style="data")[0][1]
    qp = table.iloc[:, 2:4].to_numpy(dtype=float)
    for dim, q in zip(table.index, qp):
        if np.all(np.isnan(q) | (q > alpha)):
            lims[dim] = full[dim]
    return lims


def _cart(cart, xs: pd.DataFrame, y: np.ndarray, cols: list[Column], full: pd.DataFrame) -> pd.DataFrame:
    """CART leaves, densest first, each as its conditions (the EMA workbench's binary mode)."""
    whole = pd.DataFrame([{"leaf": 0, "coverage": 1.0, "density": float(y.mean()), "mass": 1.0,
                           "conditions": "(all runs)"}])
    if len(cols) < 2:  # the workbench 3.0 lists leaves by indexing input names with -2: needs two inputs
        return whole
    # the workbench passes int(mass_min x runs) to scikit-learn as the smallest leaf: at least one run
    tree = cart.CART(xs, y, mass_min=max(0.05, 1.5 / len(y)))
    tree.build_tree()
    rows = []
    if tree.clf.tree_.node_count == 1:  # no split found
        return whole
    for n, (lims, stats) in enumerate(zip(tree.boxes, tree.stats)):
        lims = lims.copy()
        lims.index = [0, 1]
        conds = limits_table(cols, lims, full)["condition"].tolist()
        rows.append({"leaf": n, "coverage": float(stats["coverage"]), "density": float(stats["density"]),
                     "mass": float(stats["mass"]), "conditions": "; ".join(conds) or "(all runs)"})
    df = pd.DataFrame(rows)
    return df.sort_values(["density", "coverage"], ascending=False, kind="stable").reset_index(drop=True)
