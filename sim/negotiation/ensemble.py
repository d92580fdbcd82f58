"""``negotiate_many``: an ensemble of seeded runs, on one core or on all of them.

Run k is seeded by child k of ``SeedSequence(seed)``, so the ensemble does not depend on how runs are
split across processes: 1 worker or 8 give the same table (``sim.negotiation.parallel``). What each run
drew is kept (``EnsembleResult.drawn``): every strategy parameter given as a range (e.g. Russia's deadline
from [24, 60] months) and each observer's belief error about every other actor's reservation value (the
belief noise), so the runs can be explained by their inputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .candidates import CandidateSet, candidate_set
from .config import (
    NegotiationSettings,
    ProtocolSettings,
    WarSettings,
    for_scenario,
    negotiation_settings,
    protocol_settings,
    war_settings,
)
from .model import NegotiationModel, SeedLike, child, seed_sequence
from .parallel import in_blocks
from .protocols import Outcome

RUN_COLUMNS = ["run", "outcome", "agreed", "month", "walked_out", "proposer", "row"]


@dataclass
class EnsembleResult:
    """``runs``: one row per run (outcome, month, who walked out, the signed option per issue and every
    actor's utility of it); summaries as properties."""

    scenario: Scenario
    runs: pd.DataFrame
    protocol: str
    deadline: int
    drawn: pd.DataFrame | None = None  # one row per run: the drawn inputs, by key path (see ``drawn_inputs``)

    @property
    def n_runs(self) -> int:
        return len(self.runs)

    @property
    def agreement_probability(self) -> float:
        return float(self.runs["agreed"].mean()) if len(self.runs) else float("nan")

    @property
    def time_to_agreement(self) -> pd.Series:
        """Month of signing of every run that agreed."""
        return self.runs.loc[self.runs["agreed"], "month"].reset_index(drop=True)

    @cached_property
    def months(self) -> pd.DataFrame:
        """Per month: agreements signed, their share of all runs, and the cumulative share."""
        counts = self.time_to_agreement.value_counts().reindex(range(1, self.deadline + 1), fill_value=0)
        df = pd.DataFrame({"month": counts.index.astype(int), "agreements": counts.to_numpy()})
        df["share"] = df["agreements"] / max(self.n_runs, 1)
        df["cumulative"] = df["share"].cumsum()
        return df

    @cached_property
    def outcomes(self) -> pd.DataFrame:
        """Per issue and option: how many agreed runs signed it, and their share of agreed runs."""
        agreed = self.runs[self.runs["agreed"]]
        rows = []
        for issue in self.scenario.issues:
            counts = agreed[issue.key].value_counts()
            for o, (key, label) in enumerate(zip(issue.options, issue.option_labels)):
                n = int(counts.get(key, 0))
                rows.append({"issue": issue.key, "issue_label": issue.label, "option": key, "option_index": o,
                             "option_label": label, "count": n, "share": n / len(agreed) if len(agreed) else 0.0})
        return pd.DataFrame(rows)

    @cached_property
    def reasons(self) -> pd.Series:
        """Share of runs ending in agreement, deadline or walk-out."""
        return self.runs["outcome"].value_counts(normalize=True).reindex(
            [str(o) for o in (Outcome.AGREEMENT, Outcome.DEADLINE, Outcome.WALK_OUT)], fill_value=0.0)

    def summary(self) -> dict:
        t = self.time_to_agreement
        modal = {}
        if len(t):
            top = self.outcomes.sort_values(["issue", "count"], ascending=[True, False]).groupby("issue").head(1)
            modal = dict(zip(top["issue"], top["option"]))
        return {"protocol": self.protocol, "runs": self.n_runs,
                "agreement_probability": round(self.agreement_probability, 4),
                "reasons": {k: round(float(v), 4) for k, v in self.reasons.items()},
                "median_month": float(t.median()) if len(t) else None,
                "month_quartiles": [float(t.quantile(0.25)), float(t.quantile(0.75))] if len(t) else None,
                "mean_gain": self.mean_gain(),
                "modal_agreement": modal}

    def mean_gain(self) -> dict[str, float | None]:
        """Per actor, mean utility of the signed texts over its month-0 reservation value: who gains from
        the deals reached (None when no run agreed)."""
        agreed = self.runs[self.runs["agreed"]]
        return {a.key: (round(float(agreed[f"u_{a.key}"].mean() - a.reservation), 4) if len(agreed) else None)
                for a in self.scenario.actors}


PROGRESS_BLOCK = 250  # runs between progress reports (and per worker task)


def negotiate_many(scn: Scenario, runs: int = 200, protocol: str | Mapping | ProtocolSettings = "mediated",
                   war: str | Mapping | WarSettings | None = "scenario",
                   negotiation: str | Mapping | NegotiationSettings | None = "default", seed: SeedLike = 0,
                   workers: int | None = 1, candidates: CandidateSet | None = None,
                   progress: Callable[[int, int], None] | None = None) -> EnsembleResult:
    """``runs`` seeded runs; ``workers``: processes to use (1 = this process, None = all cores);
    ``progress(done, total)`` is called as blocks of runs finish (results do not depend on it)."""
    protocol, war, negotiation, _ = for_scenario(scn, protocol, war, negotiation)  # over the scenario's own
    p, w, n = protocol_settings(protocol), war_settings(war), negotiation_settings(negotiation)
    cs = candidates or candidate_set(scn, n.candidates_source, n.candidates_max)
    seq = seed_sequence(seed)
    workers = (os.cpu_count() or 1) if workers is None else max(1, int(workers))
    workers = min(workers, max(runs, 1))
    records = in_blocks(_run_block, (scn, cs, p, w, n, seq), list(range(runs)), workers, PROGRESS_BLOCK, progress)
    records.sort(key=lambda r: r[0])  # each run's seed depends on its index only, so order is all we fix
    drawn = pd.DataFrame([r[-1] for r in records], index=range(len(records)))
    return EnsembleResult(scn, runs_table(scn, cs, [r[:-1] for r in records]), p.name, p.deadline, drawn)


def _run_block(shared, indices: list[int]) -> list[tuple]:
    return run_chunk(*shared, indices)


def run_chunk(scn: Scenario, cs: CandidateSet, p: ProtocolSettings, w: WarSettings, n: NegotiationSettings,
              seq: np.random.SeedSequence, indices: list[int]) -> list[tuple]:
    """Runs ``indices`` of an ensemble (a top-level function, so worker processes can import it)."""
    out = []
    for k in indices:
        model = NegotiationModel(scn, p, w, n, candidates=cs, rng=child(seq, k), record=False)
        model.run_model()
        agreed = model.outcome == Outcome.AGREEMENT
        out.append((k, str(model.outcome), agreed, model.month, ",".join(model.walked_out),
                    model.proposer_key if agreed else "", model.text_row if agreed else -1, drawn_inputs(model, n)))
    return out


def drawn_inputs(model: NegotiationModel, n: NegotiationSettings) -> dict[str, float]:
    """What a run drew: ``negotiation.actors.A.P`` for each strategy parameter given as a range, and
    ``beliefs.OBSERVER.TARGET.reservation_error`` (believed minus true reservation value) for every
    observer with belief noise (``mediator`` for a neutral mediator)."""
    out: dict[str, float] = {}
    for party in model.parties:
        spec = n.strategy_spec(party.key)
        params = party.strategy.params()
        for key, value in spec.items():
            if isinstance(value, (list, tuple)) and key in params:
                out[f"negotiation.actors.{party.key}.{key}"] = params[key]
    observers = [(p.key, p.beliefs) for p in model.parties]
    mediator = getattr(model.protocol, "mediator", None)
    if mediator is not None and all(mediator is not p for p in model.parties):
        observers.append(("mediator", mediator.beliefs))
    for who, beliefs in observers:
        if beliefs.noise > 0:
            for target, err in zip(model.scn.actor_names, beliefs.reservation_error):
                if target != who:
                    out[f"beliefs.{who}.{target}.reservation_error"] = float(err)
    return out


def runs_table(scn: Scenario, cs: CandidateSet, records: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(records, columns=RUN_COLUMNS)
    rows = df["row"].to_numpy()
    ok = rows >= 0
    for i, issue in enumerate(scn.issues):
        opts = np.array([*issue.options, ""], dtype=object)
        df[issue.key] = opts[np.where(ok, cs.bundles[rows, i] if len(rows) else rows, -1)]
    for a, key in enumerate(scn.actor_names):
        df[f"u_{key}"] = np.where(ok, cs.utilities[rows, a] if len(rows) else rows, np.nan)
    return df.drop(columns="row")
