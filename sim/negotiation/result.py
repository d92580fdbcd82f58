"""``negotiate``: one seeded agent-based run, and its result (the agreement and the month-by-month history).

>>> import sim
>>> scn = sim.load_scenario("ukraine_2025")
>>> run = sim.negotiate(scn, protocol="mediated", seed=0)
>>> run.agreement.reached, run.agreement.month          # doctest: +SKIP
>>> same = sim.negotiate(scn, protocol="mediated", seed=0)
>>> same.history.equals(run.history)                   # same seed, same history
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .candidates import CandidateSet
from .config import NegotiationSettings, ProtocolSettings, WarSettings
from .model import NegotiationModel, SeedLike
from .protocols import Outcome


@dataclass(frozen=True)
class Agreement:
    """How a run ended: the signed bundle and month, or the reason there is none."""

    reached: bool
    reason: str  # "agreement", "deadline" or "walk_out"
    month: int  # month signed, or month the talks ended
    bundle: tuple[int, ...] | None = None
    options: Mapping[str, str] | None = None  # issue key -> option key of the signed bundle
    utilities: Mapping[str, float] | None = None  # actor -> utility of the signed bundle
    walked_out: tuple[str, ...] = ()  # who left the table (under a weighted rule also before a deal)
    proposer: str = ""  # who wrote the signed text

    def __str__(self) -> str:
        if self.reached:
            text = ", ".join(f"{k}={v}" for k, v in (self.options or {}).items())
            return f"agreement in month {self.month} on a text by {self.proposer}: {text}"
        if self.reason == Outcome.WALK_OUT:
            return f"no agreement: {', '.join(self.walked_out)} walked out in month {self.month}"
        return f"no agreement by the deadline (month {self.month})"


def agreement_of(model: NegotiationModel) -> Agreement:
    if model.outcome != Outcome.AGREEMENT:
        return Agreement(False, str(model.outcome), model.month, walked_out=model.walked_out)
    bundle = tuple(int(o) for o in model.candidates.bundles[model.text_row])
    u = model.candidates.utilities[model.text_row]
    return Agreement(True, str(Outcome.AGREEMENT), model.month, bundle, model.scn.space.labels(bundle),
                     {k: float(x) for k, x in zip(model.scn.actor_names, u)}, walked_out=model.walked_out,
                     proposer=model.proposer_key)


@dataclass
class NegotiationResult:
    """One run: ``agreement``, ``history`` (one row per month and actor), ``texts`` (one row per month)."""

    model: NegotiationModel
    agreement: Agreement
    notes: list[str] = field(default_factory=list)

    @property
    def scenario(self) -> Scenario:
        return self.model.scn

    @cached_property
    def history(self) -> pd.DataFrame:
        """Month x actor: offer, utility of the text, aspiration, reservation, margin, acceptance,
        objection, public support, war state (belief, costs, battle, events) and the run's status."""
        dc = self.model.datacollector
        if dc is None:
            raise RuntimeError("this run was made with record=False; it has no history")
        scn, cs = self.model.scn, self.model.candidates
        model_df = dc.get_model_vars_dataframe().reset_index(drop=True)
        model_df.insert(0, "month", np.arange(len(model_df)))
        agents = dc.get_agent_vars_dataframe().reset_index()
        agents["month"] = agents["Step"].astype(int)
        agents = agents[agents["actor"].isin(scn.actor_names)].drop(columns=["Step", "AgentID"])
        df = agents.merge(model_df, on="month", how="left")
        codes = {r: bundle_code(cs.bundles[r]) for r in set(df["text"]) | set(df["offer"]) if r >= 0}
        issue_keys = scn.space.issue_keys
        df["text"] = df["text"].map(lambda r: codes.get(r, ""))
        df["offer"] = df["offer"].map(lambda r: codes.get(r, ""))
        df["objection"] = df["objection"].map(lambda t: ";".join(issue_keys[i] for i in t))
        df["margin"] = df["utility"] - df["reservation"]
        df["signatory"] = df["actor"].isin(scn.signatories)
        df["outcome"] = df["outcome"].astype(str)
        df["accepts"] = df["accepts"].astype("boolean")
        cols = ["month", "actor", "signatory", "proposer", "offer", "text", "utility", "aspiration", "reservation",
                "margin", "accepts", "objection", "support", "belief", "monthly_cost", "cumulative_cost",
                "battle", "balance", "events", "outcome"]
        return df[cols].sort_values(["month", "actor"], key=_actor_order(scn)).reset_index(drop=True)

    @cached_property
    def texts(self) -> pd.DataFrame:
        """One row per month with a text on the table: who wrote it, its option per issue and its utility
        for every actor."""
        scn, cs, m = self.model.scn, self.model.candidates, self.model
        rows = []
        for month, (row, by) in enumerate(zip(m.text_rows, m.proposer_keys), start=1):
            rows.append({"month": month, "proposer": by, **scn.space.labels(cs.bundles[row]),
                         **{f"u_{a}": float(u) for a, u in zip(scn.actor_names, cs.utilities[row])}})
        return pd.DataFrame(rows)


def _actor_order(scn: Scenario):
    rank = {a: n for n, a in enumerate(scn.actor_names)}
    return lambda s: s.map(rank) if s.name == "actor" else s


def bundle_code(bundle) -> str:
    """Compact bundle label: option indices joined by '-' (issue order of the scenario)."""
    return "-".join(str(int(o)) for o in bundle)


def negotiate(scn: Scenario, protocol: str | Mapping | ProtocolSettings = "mediated",
              war: str | Mapping | WarSettings | None = "scenario",
              negotiation: str | Mapping | NegotiationSettings | None = "default", seed: SeedLike = 0,
              candidates: CandidateSet | None = None, record: bool = True) -> NegotiationResult:
    """Run one negotiation to its end (agreement, walk-out or deadline).

    ``protocol``: "mediated" or "alternating" (files in configs/protocol/), or a dict of that schema;
    ``war``: "scenario" (the war model the scenario names in its ``negotiation.war``, none if it names
    none), a configs/war name ("ukraine_2025", "static", "aid_cutoff"), a dict, or None (static);
    ``negotiation``: strategies, belief noise and candidate settings (configs/negotiation/), laid over the
    scenario's own ``negotiation.actors``;
    ``seed``: an int or a ``numpy.random.SeedSequence``; same seed, same history.
    """
    model = NegotiationModel(scn, protocol=protocol, war=war, negotiation=negotiation, candidates=candidates,
                             rng=seed, record=record)
    model.run_model()
    return NegotiationResult(model, agreement_of(model), list(model.notes))
