"""Running a design: every row of the experiments table laid over the run config, evaluated, its outcomes.

One evaluation (one *model run* in the timings) of row k:
  1. the row's values are set at their key paths (``sim.explore.paths``) in the run config, whose
     ``scenario`` is the resolved scenario; the scenario is rebuilt only when a ``scenario.`` input is drawn;
  2. the exact agreement zone of that scenario (``sim.analyze``) and which proposals every signatory accepts;
  3. ``runs_per_draw`` agent-based negotiations, run r seeded by child (k, r) of the design's seed, so a
     row's outcomes depend on the seed and k only: 1 worker or 8 give the same table.

Outcomes (declared in ``outcome_columns``):
  zone_size, zone_nonempty           the exact zone at month 0
  agreement_probability              share of the row's runs that signed before the protocol's deadline
  deal_within_N                      share of the row's runs that signed by month N (N = ``deal_within``)
  gain.ACTOR                         mean over the runs of u(signed text) - reservation (0 when no deal):
                                     what the actor gains over its month-0 BATNA
  accepted_by_all.PROPOSAL           every signatory accepts the proposal at month 0

The candidate texts (exact Pareto frontier, ~2 s) depend on weights, values, red lines and interactions but
not on reservation values or capabilities, so a design that draws only those (and war or strategy settings)
shares the base scenario's candidate set instead of recomputing it per row.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..analysis import analyze
from ..negotiation import candidate_set
from ..negotiation.model import NegotiationModel, child
from ..negotiation.parallel import in_blocks
from ..negotiation.protocols import Outcome
from ..scenario import Scenario
from .paths import set_paths
from .schema import Column

# scenario numbers the candidate set does not depend on (see the module docstring)
CANDIDATE_FREE = ("reservation", "capability")


@dataclass(frozen=True)
class Evaluation:
    """What stays fixed across the rows of a design."""

    root: Mapping[str, Any]  # the run config with ``scenario`` = the resolved scenario dict
    scenario: Scenario  # the base scenario (rows without scenario inputs use it as is)
    keys: tuple[str, ...]  # input key paths, in column order
    runs_per_draw: int = 1
    deal_within: int = 36
    seed: int = 0

    @property
    def redraws_scenario(self) -> bool:
        return any(k.startswith("scenario.") for k in self.keys)

    @property
    def shares_candidates(self) -> bool:
        return all(not k.startswith("scenario.") or k.rsplit(".", 1)[-1] in CANDIDATE_FREE for k in self.keys)


def outcome_columns(scn: Scenario, deal_within: int, runs_per_draw: int) -> list[Column]:
    per = "share of the draw's runs" if runs_per_draw > 1 else "1 if the draw's run did, else 0"
    cols = [Column("zone_size", "Agreement zone size", "integer", "bundles",
                   "bundles every signatory accepts at month 0 (exact)"),
            Column("zone_nonempty", "Agreement zone non-empty", "boolean", "", "zone_size > 0"),
            Column("agreement_probability", "Agreement probability", "real", "share of runs",
                   f"signed before the protocol's deadline ({per})"),
            Column(f"deal_within_{deal_within}", f"Deal signed within {deal_within} months", "real",
                   "share of runs", f"signed by month {deal_within} ({per})")]
    cols += [Column(f"gain.{a.key}", f"{a.label}: gain over reservation", "real", "utility (0-1)",
                    "mean utility of the signed text minus the month-0 reservation value; 0 without a deal")
             for a in scn.actors]
    cols += [Column(f"accepted_by_all.{k}", f"{p.label} accepted by all", "boolean", "",
                    "every signatory accepts the proposal at month 0")
             for k, p in scn.proposals.items()]
    return cols


def _settings(root: Mapping, scn: Scenario):
    from ..runs.stage_negotiation import settings  # the one reader of the three groups, over the scenario's

    return settings(root, scn)


def evaluate_row(ev: Evaluation, cs, k: int, row: Mapping[str, Any]) -> dict[str, Any]:
    """Outcomes of row ``k`` (see the module docstring)."""
    root = set_paths(ev.root, row)
    scn = Scenario.from_dict(root["scenario"]) if ev.redraws_scenario else ev.scenario
    protocol, war, neg = _settings(root, scn)
    cands = cs if cs is not None else candidate_set(scn, neg.candidates_source, neg.candidates_max)
    zone = int(analyze(scn).zone_size)
    seq = np.random.SeedSequence(ev.seed)
    agreed = within = 0
    gains = np.zeros(scn.n_actors)
    reservation = np.array([a.reservation for a in scn.actors])
    for r in range(ev.runs_per_draw):
        model = NegotiationModel(scn, protocol, war, neg, candidates=cands, rng=child(seq, k, r), record=False)
        model.run_model()
        if model.outcome == Outcome.AGREEMENT:
            agreed += 1
            within += model.month <= ev.deal_within
            gains += cands.utilities[model.text_row] - reservation
    n = ev.runs_per_draw
    out = {"zone_size": zone, "zone_nonempty": zone > 0, "agreement_probability": agreed / n,
           f"deal_within_{ev.deal_within}": within / n}
    out.update({f"gain.{a.key}": float(g / n) for a, g in zip(scn.actors, gains)})
    if scn.proposals:
        bundles = np.array([p.bundle for p in scn.proposals.values()], dtype=np.int64)
        ok = scn.accepts(bundles)[:, scn.signatory_index].all(axis=1)
        out.update({f"accepted_by_all.{p}": bool(v) for p, v in zip(scn.proposals, ok)})
    return out


def evaluate_rows(ev: Evaluation, cs, rows: list[tuple[int, dict]]) -> list[tuple[int, dict, float, float]]:
    """Outcomes of several rows, each with the wall and CPU seconds spent in it (CPU time is what a
    benchmark on a shared machine can trust; wall time stretches with the load)."""
    out = []
    for k, row in rows:
        t0, c0 = time.perf_counter(), time.process_time()
        result = evaluate_row(ev, cs, k, row)
        out.append((k, result, time.perf_counter() - t0, time.process_time() - c0))
    return out


def _rows(shared, rows):
    return evaluate_rows(*shared, rows)


@dataclass
class Evaluated:
    outcomes: pd.DataFrame
    model_seconds: float  # summed over workers: time inside evaluations
    wall_seconds: float
    workers: int
    model_cpu_seconds: float = float("nan")  # summed over workers: CPU time inside evaluations


def base_candidates(ev: Evaluation):
    """The shared candidate set, or None when every row needs its own."""
    if not ev.shares_candidates:
        return None
    _, _, neg = _settings(ev.root, ev.scenario)
    return candidate_set(ev.scenario, neg.candidates_source, neg.candidates_max)


def evaluate(ev: Evaluation, design: pd.DataFrame, workers: int | None = 1,
             progress: Callable[[int, int], None] | None = None) -> Evaluated:
    """Outcomes of every row of ``design`` (columns = ``ev.keys``), in row order, on ``workers`` processes
    (None = all cores); ``progress(done, total)`` as blocks finish."""
    t0 = time.perf_counter()
    rows = [(k, {key: _plain(v) for key, v in zip(ev.keys, values)})
            for k, values in enumerate(design[list(ev.keys)].itertuples(index=False, name=None))]
    cs = base_candidates(ev)
    workers = (os.cpu_count() or 1) if workers is None else max(1, int(workers))
    workers = min(workers, max(len(rows), 1))
    done = in_blocks(_rows, (ev, cs), rows, workers, 50, progress)
    busy = sum(d[2] for d in done)
    done.sort(key=lambda kv: kv[0])  # a row's outcomes depend on its index only: fix the order, nothing else
    outcomes = pd.DataFrame([d[1] for d in done])
    return Evaluated(outcomes, busy, time.perf_counter() - t0, workers, sum(d[3] for d in done))


def _plain(v):
    """numpy scalars as Python numbers, so configs and YAML see ints and floats."""
    return v.item() if isinstance(v, np.generic) else v
