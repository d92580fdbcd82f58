"""Scenario discovery: which ranges of the inputs make an outcome happen (Bryant & Lempert 2010).

PRIM (Friedman & Fisher 1999) peels the input space box by box towards the runs where the outcome holds;
each box along the peeling trajectory trades *coverage* (share of all such runs that fall in the box)
against *density* (share of the box's runs where the outcome holds). CART (Breiman et al. 1984) splits the
inputs into leaves as a second view (``sim.explore.cart``). PRIM comes from the EMA workbench 3.x (Kwakkel
2017); this module turns its boxes into conditions on named inputs, written for readers. Numbers are
limited to intervals, category inputs (a protocol, a strategy) to the categories a box keeps.

The reported PRIM box is the densest one on the trajectory whose coverage is at least ``min_coverage``
(0.5 by default: a box that explains at least half of the deals), the usual analyst's choice made
explicit, with the restrictions whose quasi-p value (the workbench's binomial test of each limit) is above
``alpha`` = 0.05 dropped, as Bryant & Lempert advise: what remains are the conditions that matter. Its
coverage and density are recomputed for the pruned box; the whole trajectory is saved so another can be
picked.

A second box is then sought among the runs outside the first, as the workbench's ``find_box`` does when
called again (Friedman & Fisher's covering step): it is picked the same way, with ``min_coverage`` of the
cases the first box left. Coverage is always a share of all the cases, density a share of the box's runs
that lie outside the boxes before it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cart import Tree, fit, whole
from .conditions import LIMIT_COLUMNS, frame, in_box, limits_table, usable_inputs
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
        import sklearn.tree  # noqa: F401  (CART's; imported here so that the preload covers it)
        from ema_workbench.analysis import prim
    return prim


def preload() -> None:
    """Import the EMA workbench in a background thread. Its import takes seconds (scikit-learn,
    statsmodels, its own framework: 4-5 s of CPU, tens of seconds on a loaded machine) while PRIM and CART
    take well under one; started before the model runs, it overlaps them instead of adding to the wall time.
    ``discover`` imports as usual and waits for a preload still under way (Python's import lock)."""
    import threading

    threading.Thread(target=_workbench, name="preload-ema-workbench", daemon=True).start()


@dataclass
class PrimBox:
    """One reported PRIM box."""

    number: int  # 1, 2: the order PRIM found them in
    peeling: pd.DataFrame  # its trajectory: box, coverage, density, mass, restricted, chosen
    limits: pd.DataFrame  # one row per restricted input (conditions.LIMIT_COLUMNS)
    coverage: float  # of the pruned box: share of all the cases
    density: float  # share of its runs (outside the boxes before it) where the outcome holds
    runs: int

    def sentence(self) -> str:
        if self.limits.empty:
            return "no box restricts an input significantly"
        return (f"{self.coverage:.0%} of those runs, {self.density:.0%} of the box's {self.runs:,} runs: "
                + "; ".join(self.limits["condition"]))


PEELING_COLUMNS = ["prim_box", "box", "coverage", "density", "mass", "restricted", "chosen"]
MAX_BOXES = 2


@dataclass
class Discovery:
    target: str  # the outcome in words
    cases: int  # runs where it holds
    runs: int
    boxes: list[PrimBox]  # PRIM's boxes, the first first (at most MAX_BOXES; none when nothing to explain)
    tree: Tree  # CART: nodes and leaves
    min_coverage: float = 0.5  # the reported box is the densest with at least this coverage

    @property
    def peeling(self) -> pd.DataFrame:
        """Every box's trajectory, ``prim_box`` telling them apart."""
        return pd.concat([b.peeling.assign(prim_box=b.number) for b in self.boxes] or
                         [pd.DataFrame(columns=PEELING_COLUMNS)], ignore_index=True)[PEELING_COLUMNS]

    @property
    def box(self) -> pd.DataFrame:
        """Every box's limits, ``prim_box`` telling them apart."""
        return pd.concat([b.limits.assign(prim_box=b.number) for b in self.boxes if not b.limits.empty] or
                         [pd.DataFrame(columns=["prim_box", *LIMIT_COLUMNS])],
                         ignore_index=True)[["prim_box", *LIMIT_COLUMNS]]

    @property
    def first(self) -> PrimBox | None:
        return self.boxes[0] if self.boxes else None

    @property
    def coverage(self) -> float:
        return self.first.coverage if self.first else float("nan")

    @property
    def density(self) -> float:
        return self.first.density if self.first else float("nan")

    @property
    def cart(self) -> pd.DataFrame:
        return self.tree.leaves

    def sentence(self) -> str:
        """What would have to be true, in one line (box 2 in a second sentence)."""
        share = self.cases / self.runs if self.runs else float("nan")
        head = f"{self.target}: {self.cases:,} of {self.runs:,} runs ({share:.0%})"
        if not self.first or self.first.limits.empty:
            return head + "; PRIM found no box that restricts an input significantly."
        text = head + f". PRIM box ({self.first.sentence()})."
        second = self.boxes[1] if len(self.boxes) > 1 else None
        if second is not None and not second.limits.empty and second.density > share:
            text += f" Box 2, among the other runs ({second.sentence()})."  # a box no denser than all
            # runs does not say what would have to be true: it stays in the tables only
        return text


def discover(x: pd.DataFrame, y: np.ndarray, inputs: list[Column], target: str,
             min_coverage: float = 0.5, mass_min: float = 0.05, alpha: float = 0.05) -> Discovery:
    """PRIM (up to two boxes) and CART on the boolean ``y`` over the inputs of ``x`` that vary."""
    cols = usable_inputs(x, inputs)
    y = np.asarray(y, dtype=bool)
    if not cols or y.all() or not y.any():
        return Discovery(target, int(y.sum()), len(y), [], whole(y), min_coverage)
    prim = _workbench()
    xs = frame(x.reset_index(drop=True), cols)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(xs, y, mass_min=mass_min)
        boxes: list[PrimBox] = []
        outside = np.ones(len(y), dtype=bool)  # runs in no box found so far
        while len(boxes) < MAX_BOXES and y[outside].any():
            box = finder.find_box()
            if box is None:
                break
            found, lims, inside = _report(box, len(boxes) + 1, xs, y, outside, cols, min_coverage, alpha)
            boxes.append(found)
            if found.limits.empty:
                break  # nothing significant: the rest of the runs hold no box either
            box.update(lims, np.flatnonzero(inside))  # the reported box is the one whose runs go
            outside &= ~inside
    return Discovery(target, int(y.sum()), len(y), boxes, fit(xs, y, cols, mass_min), min_coverage)


def _report(box, number: int, xs: pd.DataFrame, y: np.ndarray, outside: np.ndarray, cols: list[Column],
            min_coverage: float, alpha: float) -> tuple[PrimBox, pd.DataFrame, np.ndarray]:
    """The box picked on ``box``'s trajectory (the densest with ``min_coverage`` of the cases still
    outside earlier boxes), pruned; its limits; which runs it holds."""
    traj = box.peeling_trajectory
    peeling = pd.DataFrame({"box": traj["id"].astype(int), "coverage": traj["coverage"].astype(float),
                            "density": traj["density"].astype(float), "mass": traj["mass"].astype(float),
                            "restricted": traj["res_dim"].astype(int)})
    need = min_coverage * y[outside].sum() / y.sum()
    ok = peeling[peeling["coverage"] >= need - 1e-12]
    pick = int(ok.sort_values(["density", "coverage"], ascending=False, kind="stable")["box"].iloc[0]) \
        if len(ok) else 0
    peeling["chosen"] = peeling["box"] == pick
    full = box.box_lims[0]
    lims = significant_limits(box, pick, full, alpha)
    inside = in_box(xs, lims) & outside
    found = PrimBox(number, peeling, limits_table(cols, lims, full), float(y[inside].sum() / y.sum()),
                    float(y[inside].mean()) if inside.any() else float("nan"), int(inside.sum()))
    return found, lims, inside


def significant_limits(box, i: int, full: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Box ``i``'s limits with every restriction whose quasi-p values are all above ``alpha`` undone."""
    lims = box.box_lims[i].copy()
    if i == 0:
        return lims
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = box.inspect(i, style="data")[0][1]
    qp = table.iloc[:, 2:4].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    for dim, q in zip(table.index, qp):
        if np.all(np.isnan(q) | (q > alpha)):
            lims[dim] = full[dim]
    return lims
