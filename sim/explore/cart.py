"""CART as a second view of scenario discovery: a classification tree on the same yes/no outcome
(Breiman et al. 1984; Lempert, Bryant & Bankes 2008 compare it with PRIM).

The tree is scikit-learn's ``DecisionTreeClassifier`` grown as the EMA workbench grows it (Gini impurity,
the smallest leaf ``mass_min`` of the runs), fitted here directly: the workbench's CART 3.0 drops the
restriction on the branch where a category holds and needs at least two inputs, and the figure needs
every node, not only the leaves. Category inputs enter as one yes/no column per category (as in the
workbench). ``random_state`` is fixed: scikit-learn draws the order in which it tries inputs, which decides
between equally good splits, so the same runs give the same tree.

Two tables: ``nodes`` (one row per node: the input it splits, the condition on the edge from its parent,
runs, cases, density, coverage) for the tree figure, and ``leaves`` (conditions on named inputs, as PRIM's
boxes are written), densest first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .conditions import labels_of, limit_row
from .schema import Column

NODE_COLUMNS = ["node", "parent", "depth", "edge", "split", "runs", "cases", "density", "coverage", "leaf"]
LEAF_COLUMNS = ["leaf", "node", "coverage", "density", "mass", "conditions"]


@dataclass
class Tree:
    nodes: pd.DataFrame
    leaves: pd.DataFrame


def whole(y: np.ndarray) -> Tree:
    """The tree of no split: one leaf, all runs."""
    share = float(y.mean()) if len(y) else float("nan")
    nodes = pd.DataFrame([{"node": 0, "parent": -1, "depth": 0, "edge": "", "split": "", "runs": len(y),
                           "cases": int(y.sum()), "density": share, "coverage": 1.0, "leaf": 1}],
                         columns=NODE_COLUMNS)
    leaves = pd.DataFrame([{"leaf": 1, "node": 0, "coverage": 1.0, "density": share, "mass": 1.0,
                            "conditions": "(all runs)"}], columns=LEAF_COLUMNS)
    return Tree(nodes, leaves)


def _unit(col: Column) -> str:
    return f" {col.unit}" if col.unit and col.unit not in ("utility (0-1)", "share") else ""


def _cut(col: Column, threshold: float) -> tuple[float, float]:
    """(highest value of the left branch, lowest of the right) of a split at scikit-learn's midpoint."""
    if col.type == "integer":
        return float(math.floor(threshold)), float(math.floor(threshold) + 1)
    return threshold, threshold


def fit(xs: pd.DataFrame, y: np.ndarray, cols: list[Column], mass_min: float = 0.05) -> Tree:
    """The tree over ``xs`` (``conditions.frame`` of ``cols``) for the boolean ``y``."""
    from sklearn.tree import DecisionTreeClassifier

    y = np.asarray(y, dtype=bool)
    features: list[tuple[Column, str | None]] = []
    columns = []
    for c in cols:
        if c.type == "category":
            for cat in xs[c.key].cat.categories:
                features.append((c, str(cat)))
                columns.append((xs[c.key].astype(str) == str(cat)).to_numpy(dtype=float))
        else:
            features.append((c, None))
            columns.append(xs[c.key].to_numpy(dtype=float))
    if not features or y.all() or not y.any():
        return whole(y)
    X = np.column_stack(columns)
    leaf_min = max(1, int(mass_min * len(y)))
    t = DecisionTreeClassifier(min_samples_leaf=leaf_min, random_state=0).fit(X, y).tree_
    if t.node_count == 1:
        return whole(y)
    full = {c.key: ([str(k) for k in xs[c.key].cat.categories] if c.type == "category"
                    else (float(xs[c.key].min()), float(xs[c.key].max()))) for c in cols}
    nodes, leaves = [], []

    def walk(node: int, parent: int, depth: int, edge: str, mask: np.ndarray, box: dict) -> None:
        runs, cases = int(mask.sum()), int(y[mask].sum())
        row = {"node": node, "parent": parent, "depth": depth, "edge": edge, "split": "", "runs": runs,
               "cases": cases, "density": cases / runs, "coverage": cases / int(y.sum()), "leaf": 0}
        nodes.append(row)
        left, right = t.children_left[node], t.children_right[node]
        if left == -1:
            conds = [r["condition"] for c in cols if (r := _limit(c, box[c.key], full[c.key]))]
            leaves.append({"node": node, "coverage": row["coverage"], "density": row["density"],
                           "mass": runs / len(y), "conditions": "; ".join(conds) or "(all runs)"})
            return
        col, cat = features[t.feature[node]]
        row["split"] = col.label
        go_left = X[:, t.feature[node]] <= t.threshold[node]
        if cat is None:
            hi, lo = _cut(col, float(t.threshold[node]))
            fmt = "{:.0f}" if col.type == "integer" else "{:.3g}"
            walk(left, node, depth + 1, f"<= {fmt.format(hi)}{_unit(col)}", mask & go_left,
                 {**box, col.key: (box[col.key][0], min(box[col.key][1], hi))})
            walk(right, node, depth + 1, f"{'>=' if col.type == 'integer' else '>'} {fmt.format(lo)}{_unit(col)}",
                 mask & ~go_left,
                 {**box, col.key: (max(box[col.key][0], lo), box[col.key][1])})
        else:
            name = labels_of(col, [cat])[0]
            walk(left, node, depth + 1, f"not {name}", mask & go_left,
                 {**box, col.key: [k for k in box[col.key] if k != cat]})
            walk(right, node, depth + 1, name, mask & ~go_left, {**box, col.key: [cat]})

    walk(0, -1, 0, "", np.ones(len(y), dtype=bool), dict(full))
    leaves_df = pd.DataFrame(leaves).sort_values(["density", "coverage"], ascending=False, kind="stable")
    leaves_df.insert(0, "leaf", range(1, len(leaves_df) + 1))
    numbers = dict(zip(leaves_df["node"], leaves_df["leaf"]))
    nodes_df = pd.DataFrame(nodes, columns=NODE_COLUMNS)
    nodes_df["leaf"] = nodes_df["node"].map(numbers).fillna(0).astype(int)
    return Tree(nodes_df.sort_values("node", kind="stable").reset_index(drop=True),
                leaves_df[LEAF_COLUMNS].reset_index(drop=True))


def _limit(col: Column, now, full) -> dict | None:
    if col.type == "category":
        return limit_row(col, now, None, full, None)
    return limit_row(col, now[0], now[1], full[0], full[1])
