"""The live panels of the what-if app, computed from the public API only (``sim.analyze``).

``live_view`` is what a slider change must answer quickly: the exact zone size, every actor's verdict on
every proposal and the bargaining solutions with their option labels. ``compare`` sets two views side by
side (what an edit did to the zone and to each verdict). Pure functions: the Solara page only shows them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd

from ..analysis import analyze
from ..analysis.result import Analysis
from ..scenario import Scenario

SOLUTION_NAMES = {"nash": "Nash", "weighted_nash": "Capability-weighted Nash", "kalai": "Kalai–Smorodinsky",
                  "weighted_kalai": "Capability-weighted Kalai–Smorodinsky",
                  "utilitarian": "Utilitarian", "egalitarian": "Egalitarian",
                  "compromise": "Weighted compromise (reference)"}


@dataclass(frozen=True)
class LiveView:
    scenario: Scenario
    analysis: Analysis
    zone_size: int
    verdicts: pd.DataFrame  # proposal x actor: accepts, margin, red_lines_broken (long, as res.proposals)
    deals: pd.Series  # proposal -> every signatory accepts
    solutions: pd.DataFrame  # solution name x (issue option labels, actor utilities)
    seconds: float  # time to compute zone, verdicts and solutions

    @property
    def zone_share(self) -> float:
        return self.zone_size / self.scenario.space.size


def live_view(scn: Scenario) -> LiveView:
    """Zone size, verdicts and solution points of ``scn`` (timed, for the app's status line)."""
    t0 = time.perf_counter()
    res = analyze(scn)
    verdicts = res.proposals
    zone = res.zone_size
    sols = res.solutions
    wide = verdicts.pivot(index="proposal", columns="actor", values="accepts").reindex(list(scn.proposals))
    deals = wide[list(scn.signatories)].all(axis=1) if len(wide) else pd.Series(dtype=bool)
    return LiveView(scn, res, zone, verdicts, deals, solution_labels(scn, sols), time.perf_counter() - t0)


def solution_labels(scn: Scenario, solutions: pd.DataFrame) -> pd.DataFrame:
    """Each solution point as option labels per issue, then each actor's utility (rows: solutions, in the
    order the engine gives them, so a point the engine adds shows up without a change here)."""
    rows = {}
    for name, row in solutions.iterrows():
        entry = {issue.label: issue.option_labels[int(row[issue.key])] for issue in scn.issues}
        entry.update({a.label: float(row[a.key]) for a in scn.actors})
        rows[SOLUTION_NAMES.get(name, name)] = entry
    return pd.DataFrame.from_dict(rows, orient="index")


def verdict_changes(before: LiveView, after: LiveView) -> pd.DataFrame:
    """One row per (proposal, actor or 'all signatories') whose verdict the edit flipped, with both margins."""
    scn = after.scenario
    labels = {a.key: a.label for a in scn.actors}
    b = before.verdicts.set_index(["proposal", "actor"])
    a = after.verdicts.set_index(["proposal", "actor"])
    rows = []
    for key, p in scn.proposals.items():
        for actor in scn.actor_names:
            x, y = b.loc[(key, actor)], a.loc[(key, actor)]
            if bool(x["accepts"]) != bool(y["accepts"]):
                rows.append({"proposal": p.label, "who": labels[actor], "before": verdict_word(bool(x["accepts"])),
                             "after": verdict_word(bool(y["accepts"])), "margin before": float(x["margin"]),
                             "margin after": float(y["margin"])})
        if bool(before.deals.get(key, False)) != bool(after.deals.get(key, False)):
            rows.append({"proposal": p.label, "who": "all signatories",
                         "before": "deal" if before.deals[key] else "no deal",
                         "after": "deal" if after.deals[key] else "no deal",
                         "margin before": float("nan"), "margin after": float("nan")})
    return pd.DataFrame(rows, columns=["proposal", "who", "before", "after", "margin before", "margin after"])


def verdict_word(accepts: bool) -> str:
    return "accepts" if accepts else "rejects"
