"""Why the agreement zone is empty: how far each reservation value is from opening it, and red lines.

- Reservation gaps: for each signatory j, the best utility j can get among bundles that every *other*
  signatory accepts (exact, by the frontier engine with j's bound dropped); the zone opens, others fixed,
  once j's reservation value falls by ``gap = r_j − best_j`` (plus the 1e-9 tolerance). No such bundle
  at all means no reservation value of j alone can open it.
- Under a weighted decision rule: the best coalition that can agree, its shortfall, what keeps each
  other member out, and the minimal winning coalitions with what would open each (empty_rule.py).
- Red lines: the zone counted on utilities alone (red lines ignored). If that zone is empty, utilities
  alone keep the parties apart. Otherwise, for each signatory's red line (issue, option): how many of
  those utility-acceptable bundles contain it, whether the actor's red lines on that issue exclude
  every one of them (they alone block the deal), and whether lifting this one red line opens the zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .compound import Compound, Layers, layers
from .empty_rule import COALITION_COLUMNS, explain_rule
from .frontier import frontier
from .numeric import accept_threshold, scale
from .zone import count_zone, issue_option_counts

RED_LINE_COLUMNS = ["actor", "issue", "option", "blocked", "blocks_all_on_issue", "lifting_opens_zone"]


@dataclass(frozen=True)
class WhyEmpty:
    reason: str
    reservation_gaps: pd.DataFrame  # actor, reservation, best_utility (None: others never agree), gap
    utility_zone_size: int  # bundles acceptable on utility grounds, red lines ignored
    red_lines: pd.DataFrame  # actor, issue, option, blocked, blocks_all_on_issue, lifting_opens_zone
    # under a weighted rule (empty_rule.py): the best coalition that can agree and the minimal winning ones
    coalitions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COALITION_COLUMNS))

    def __str__(self) -> str:
        lines = [f"The agreement zone is empty: {self.reason}"]
        weighted = len(self.coalitions) > 0
        others = "the best coalition accepts" if weighted else "the others accept"
        for _, r in self.reservation_gaps.iterrows():
            if pd.isna(r["gap"]):
                lines.append(f"  {r['actor']}: " + ("never agrees with the best coalition" if weighted else
                                                    "the other signatories never agree among themselves"))
            else:
                lines.append(f"  {r['actor']}: reservation {r['reservation']:.3f} would have to fall by "
                             f"{r['gap']:.3f} (best it can get while {others}: {r['best_utility']:.3f})")
        for r in self.coalitions[self.coalitions["wins"].astype(bool)].itertuples():
            lines.append(f"  winning coalition {r.members} ({r.weight_share:.1%} of the weight): {r.opens_if}")
        opens = self.red_lines[self.red_lines["lifting_opens_zone"]] if len(self.red_lines) else self.red_lines
        for _, r in opens.iterrows():
            lines.append(f"  lifting {r['actor']}'s red line {r['issue']}={r['option']} alone opens the zone")
        return "\n".join(lines)


def why_empty(scn: Scenario, comp: Compound, red_lines: bool = True) -> WhyEmpty:
    """The explanation object; ``red_lines=False`` skips testing each red line's lifting (one zone
    count per red line)."""
    sig = [int(i) for i in scn.signatory_index]
    rule = scn.decision_rule
    if not rule.unanimous:  # the gaps and red-line tests below are per signatory of a unanimous deal
        reason, gaps, coalitions = explain_rule(scn, comp)
        return WhyEmpty(reason, gaps, 0, pd.DataFrame(columns=RED_LINE_COLUMNS), coalitions)
    names = [scn.actor_names[i] for i in sig]
    lower = accept_threshold(scn, sig)
    lay = layers(comp, sig, sig)
    gaps = []
    for k, a in enumerate(sig):
        drop = lower.copy()
        drop[k] = -np.inf
        front = frontier(comp, lay, drop, ties="first")
        best = float(front.values[:, k].max() / scale(scn)[a]) if len(front) else None
        r = float(scn.reservations[a])
        gaps.append({"actor": names[k], "reservation": r, "best_utility": best,
                     "gap": (r - best) if best is not None else None})
    gaps_df = pd.DataFrame(gaps, columns=["actor", "reservation", "best_utility", "gap"])
    free = count_zone(comp, layers(comp, sig, []), lower)
    rows = []
    if free.size:
        counts = issue_option_counts(comp, free.option_counts, scn.space.shape)
        for k, a in enumerate(sig):
            for i, forbidden in enumerate(scn.actors[a].red_lines):
                if not forbidden:
                    continue
                inside = counts[i][sorted(forbidden)].sum()
                blocks_all = int(counts[i].sum() - inside) == 0
                for o in sorted(forbidden):
                    rows.append({"actor": names[k], "issue": scn.issues[i].key,
                                 "option": scn.issues[i].options[o], "blocked": int(counts[i][o]),
                                 "blocks_all_on_issue": blocks_all,
                                 "lifting_opens_zone": bool(red_lines and counts[i][o] > 0
                                                               and _opens(comp, sig, k, i, o, lower))})
    red = pd.DataFrame(rows, columns=RED_LINE_COLUMNS)
    if not free.size:
        reason = "utilities alone keep the signatories apart: no bundle reaches every reservation value"
    elif red["blocks_all_on_issue"].any():
        who = red[red["blocks_all_on_issue"]][["actor", "issue"]].drop_duplicates()
        reason = ("red lines alone block it: " + "; ".join(f"{r.actor}'s red lines on {r.issue}"
                                                          for r in who.itertuples())
                  + f" exclude every one of the {free.size:,} bundles acceptable on utility grounds")
    else:
        reason = (f"{free.size:,} bundles reach every reservation value, but each crosses some "
                  "signatory's red line")
    return WhyEmpty(reason, gaps_df, free.size, red)


def _opens(comp: Compound, sig: list[int], k: int, issue: int, option: int, lower: np.ndarray) -> bool:
    """Would the zone be non-empty if signatory ``sig[k]`` dropped its red line ``issue = option``?
    Any new zone bundle must use that option, so the issue is fixed to it."""
    vals, ids = [], []
    for grp in comp.groups:
        ok = grp.allowed[:, sig].copy()
        if issue in grp.issues:
            member = grp.options[:, grp.issues.index(issue)] == option
            ok[member, k] = True
            ok[~member] = False
        idx = np.flatnonzero(ok.all(axis=1))
        vals.append(grp.table[np.ix_(idx, sig)])
        ids.append(idx)
    return count_zone(comp, Layers(tuple(vals), tuple(ids)), lower, with_options=False).size > 0
