"""Per-proposal verdicts: each actor's utility, margin over its reservation value, and acceptance."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scenario import Scenario

VERDICT_COLUMNS = ["proposal", "actor", "utility", "margin", "accepts", "red_lines_broken"]


def red_line_names(scn: Scenario, bundle: tuple[int, ...], actor: int) -> list[str]:
    """``issue=option`` for every red line of ``actor`` the bundle crosses."""
    a = scn.actors[actor]
    return [f"{issue.key}={issue.options[o]}" for issue, o, lines in zip(scn.issues, bundle, a.red_lines)
            if o in lines]


def proposal_verdicts(scn: Scenario) -> pd.DataFrame:
    """Long table, one row per (proposal, actor), in scenario order."""
    if not scn.proposals:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            VERDICT_COLUMNS, [str, str, float, float, bool, str])})
    keys = list(scn.proposals)
    bundles = np.array([scn.proposals[k].bundle for k in keys], dtype=np.int64)
    u = scn.utilities(bundles)
    ok = scn.accepts(bundles)
    rows = []
    for p, key in enumerate(keys):
        for a, actor in enumerate(scn.actor_names):
            rows.append({
                "proposal": key,
                "actor": actor,
                "utility": float(u[p, a]),
                "margin": float(u[p, a] - scn.reservations[a]),
                "accepts": bool(ok[p, a]),
                "red_lines_broken": ", ".join(red_line_names(scn, scn.proposals[key].bundle, a)),
            })
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


def verdict_matrix(verdicts: pd.DataFrame, scn: Scenario) -> pd.DataFrame:
    """Wide view for printing: proposals as rows, actors as columns, then ``all_signatories`` (every
    signatory accepts) and ``agreed`` (the accepting signatories win under the decision rule; the same as
    ``all_signatories`` under unanimity)."""
    wide = verdicts.pivot(index="proposal", columns="actor", values="accepts")
    wide = wide.reindex(index=list(scn.proposals), columns=scn.actor_names)
    sig = wide[list(scn.signatories)].astype(bool)
    wide["all_signatories"] = sig.all(axis=1)
    wide["agreed"] = scn.decision_rule.winning(sig.to_numpy()) if len(sig) else sig.all(axis=1)
    return wide
