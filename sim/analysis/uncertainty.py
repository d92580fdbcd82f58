"""Uncertainty over preferences: a Monte Carlo over the actors' weights, values and reservation values.

A scenario's weights, values and reservation values are calibrated guesses. ``perturb`` draws one
alternative set of preferences around the calibration; ``monte_carlo`` repeats that and reports how often
each actor accepts each proposal, how large the agreement zone is, and whether the calibrated Nash bundle
stays acceptable to every signatory.

One draw (per actor, issues in scenario order):
  weights   w_i * exp(sd_w * z_i), renormalised to sum 1 (zero weights stay zero)
  values    clip(v_io + sd_v * z_io, 0, 1); options keep their order, monotonicity is NOT enforced
  reserve   clip(r + sd_r * z, 0, 1)
Red lines, interactions, ratification, signatories, proposals, agenda and the issue space are unchanged.
The standard normals z are drawn whatever the spread (a zero spread leaves the number exactly as it was),
so runs with the same seed and different spreads share their random numbers (common random numbers).

Draw ``k`` uses its own generator, spawned from the seed with ``numpy.random.SeedSequence``, so a draw's
preferences depend only on the seed and ``k``: the results do not depend on the order of evaluation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .result import analyze

ALL = "all_signatories"  # the actor column of the "every signatory accepts" rows


@dataclass(frozen=True)
class Spread:
    """Standard deviations of the noise: ``weights`` on the log scale, ``values`` and ``reservation`` in
    utility units (0..1)."""

    weights: float = 0.0
    values: float = 0.0
    reservation: float = 0.0

    @classmethod
    def of(cls, spread: Spread | Mapping[str, float] | None) -> Spread:
        if spread is None:
            return cls()
        if isinstance(spread, Spread):
            return spread
        return cls(**{k: float(v) for k, v in spread.items()})

    def __post_init__(self):
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if not np.isfinite(v) or v < 0:
                raise ValueError(f"spread {f.name}: {v!r} is not a non-negative number")


def perturb(scn: Scenario, rng: np.random.Generator, spread: Spread | Mapping[str, float]) -> Scenario:
    """One draw of the actors' preferences around the calibration (see the module docstring).

    The result is a new ``Scenario`` whose ``to_dict()`` holds the drawn numbers (weights written
    normalised), so it can be saved and reloaded like any scenario.
    """
    sp = Spread.of(spread)
    n_issues = scn.space.n_issues
    sizes = [issue.n_options for issue in scn.issues]
    n_values = sum(sizes)
    cuts = np.cumsum(sizes)[:-1]
    actors = []
    for a in scn.actors:
        z = rng.standard_normal(n_issues + n_values + 1)
        w = a.weights
        if sp.weights > 0:
            w = w * np.exp(sp.weights * z[:n_issues])
            w = w / w.sum()
        values = a.values
        if sp.values > 0:
            flat = np.concatenate(a.values) + sp.values * z[n_issues:n_issues + n_values]
            values = tuple(np.split(np.clip(flat, 0.0, 1.0), cuts))
        r = a.reservation
        if sp.reservation > 0:
            r = float(min(1.0, max(0.0, r + sp.reservation * z[-1])))
        actors.append(dataclasses.replace(a, weights=w, values=values, reservation=r))
    return dataclasses.replace(scn, actors=tuple(actors), raw=_raw_with(scn, actors))


def _raw_with(scn: Scenario, actors: list) -> dict:
    """The scenario's input with each actor's weights, values and reservation replaced (no deep copy: the
    untouched parts are shared with ``scn.raw``, and ``Scenario.to_dict`` copies on the way out)."""
    raw = dict(scn.raw)
    keys = scn.space.issue_keys
    by_key = {a.key: a for a in actors}
    entries = []
    for entry in raw.get("actors") or []:
        a = by_key.get(entry.get("key")) if isinstance(entry, Mapping) else None
        if a is None:
            entries.append(entry)
            continue
        entries.append({**entry, "reservation": float(a.reservation),
                        "weights": {k: float(w) for k, w in zip(keys, a.weights) if w > 0},
                        "values": {k: [float(x) for x in v] for k, v, w in zip(keys, a.values, a.weights)
                                   if w > 0 or k in (entry.get("values") or {})}})
    raw["actors"] = entries
    return raw


@dataclass(frozen=True, eq=False)  # holds arrays: compare the tables, not the objects
class Uncertainty:
    """What ``monte_carlo`` found; per-draw arrays plus the summaries analysts read."""

    scenario: Scenario
    spread: Spread
    seed: int | None
    accepts: np.ndarray  # (draws, n_proposals, n_actors) bool: actor accepts proposal in the draw
    zone_sizes: np.ndarray  # (draws,) exact zone size per draw (int64; float64 beyond 2**63)
    nash_accepted: np.ndarray | None  # (draws,) bool: calibrated Nash bundle accepted by every signatory
    calibrated_zone_size: int
    calibrated_nash: tuple[int, ...] | None  # the calibrated Nash bundle (option indices), None: empty zone
    # the drawn preferences, per draw and actor (the experiments table of the Monte Carlo)
    weights: np.ndarray | None = None  # (draws, n_actors, n_issues), normalised
    values: np.ndarray | None = None  # (draws, n_actors, n_flat options), issues in scenario order
    reservations: np.ndarray | None = None  # (draws, n_actors)

    @property
    def draws(self) -> int:
        return len(self.zone_sizes)

    # --- (a) verdicts -----------------------------------------------------------------------------
    @property
    def acceptance(self) -> pd.DataFrame:
        """Proposal x actor probability of acceptance, plus the ``all_signatories`` column."""
        scn = self.scenario
        sig = [int(i) for i in scn.signatory_index]
        p = self.accepts.mean(axis=0) if self.draws else np.full(self.accepts.shape[1:], np.nan)
        df = pd.DataFrame(p, index=pd.Index(list(scn.proposals), name="proposal"), columns=scn.actor_names)
        df[ALL] = self.accepts[:, :, sig].all(axis=2).mean(axis=0) if self.draws else np.nan
        return df

    def proposals_table(self) -> pd.DataFrame:
        """Long table: proposal, actor (or ``all_signatories``), probability, calibrated_accepts; each
        proposal's actor rows in scenario order, then its all-signatories row."""
        scn = self.scenario
        wide = self.acceptance
        cal = _calibrated_accepts(scn)
        rows = []
        for key in scn.proposals:
            for col in [*scn.actor_names, ALL]:
                rows.append({"proposal": key, "actor": col, "probability": float(wide.loc[key, col]),
                             "calibrated_accepts": bool(cal.loc[key, col])})
        return pd.DataFrame(rows, columns=["proposal", "actor", "probability", "calibrated_accepts"])

    # --- (b) the zone -----------------------------------------------------------------------------
    @property
    def p_zone_nonempty(self) -> float:
        return float((self.zone_sizes > 0).mean()) if self.draws else float("nan")

    def zone_quantiles(self, qs=(0.05, 0.25, 0.5, 0.75, 0.95)) -> dict[float, float]:
        if not self.draws:
            return {q: float("nan") for q in qs}
        x = np.asarray(self.zone_sizes, dtype=float)
        return {q: float(v) for q, v in zip(qs, np.quantile(x, qs, method="inverted_cdf"))}

    # --- (c) the Nash point -----------------------------------------------------------------------
    @property
    def p_nash_accepted(self) -> float | None:
        """Share of draws in which every signatory accepts the calibrated Nash bundle (None: no Nash)."""
        if self.nash_accepted is None:
            return None
        return float(self.nash_accepted.mean()) if self.draws else float("nan")

    def zone_table(self) -> pd.DataFrame:
        """One row per draw: draw, zone_size, nash_accepted (nullable: NA when there is no calibrated Nash)."""
        nash = (pd.array(self.nash_accepted, dtype="boolean") if self.nash_accepted is not None
                else pd.array([pd.NA] * self.draws, dtype="boolean"))
        return pd.DataFrame({"draw": np.arange(self.draws, dtype=np.int64), "zone_size": self.zone_sizes,
                             "nash_accepted": nash})


def _calibrated_accepts(scn: Scenario) -> pd.DataFrame:
    bundles = _proposal_bundles(scn)
    ok = scn.accepts(bundles) if len(bundles) else np.zeros((0, scn.n_actors), dtype=bool)
    df = pd.DataFrame(ok, index=list(scn.proposals), columns=scn.actor_names)
    df[ALL] = ok[:, scn.signatory_index].all(axis=1) if len(bundles) else []
    return df


def _proposal_bundles(scn: Scenario) -> np.ndarray:
    return np.array([p.bundle for p in scn.proposals.values()], dtype=np.int64).reshape(-1, scn.space.n_issues)


def _generators(seed: int | np.random.Generator | np.random.SeedSequence, n: int) -> list[np.random.Generator]:
    if isinstance(seed, np.random.Generator):
        return seed.spawn(n)
    seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(int(seed))
    return [np.random.default_rng(s) for s in seq.spawn(n)]


def monte_carlo(scn: Scenario, draws: int, seed: int | np.random.Generator | np.random.SeedSequence = 0,
                spread: Spread | Mapping[str, float] | None = None,
                progress: Callable[[int, int], None] | None = None) -> Uncertainty:
    """``draws`` perturbed copies of ``scn``: acceptance of every proposal, the exact zone size, and whether
    the calibrated Nash bundle is still accepted by every signatory, per draw.

    ``seed`` is an int, a ``SeedSequence`` or a ``Generator`` (its ``spawn`` gives the per-draw children);
    the same seed gives identical results. ``progress(done, total)`` is called after each draw.
    """
    draws = int(draws)
    if draws < 0:
        raise ValueError(f"draws must be non-negative, got {draws}")
    sp = Spread.of(spread)
    calibrated = analyze(scn)
    nash = calibrated.nash
    nash_bundle = None if nash is None else tuple(int(nash[k]) for k in scn.space.issue_keys)
    sig = [int(i) for i in scn.signatory_index]
    bundles = _proposal_bundles(scn)
    extra = np.array([nash_bundle], dtype=np.int64) if nash_bundle is not None else bundles[:0]
    evaluate = np.concatenate([bundles, extra]) if len(bundles) or len(extra) else None
    accepts = np.zeros((draws, len(bundles), scn.n_actors), dtype=bool)
    zone_dtype = np.int64 if scn.space.size < 2**63 else np.float64
    zone = np.zeros(draws, dtype=zone_dtype)
    nash_ok = np.zeros(draws, dtype=bool) if nash_bundle is not None else None
    n_flat = sum(issue.n_options for issue in scn.issues)
    weights = np.zeros((draws, scn.n_actors, scn.space.n_issues))
    values = np.zeros((draws, scn.n_actors, n_flat))
    reservations = np.zeros((draws, scn.n_actors))
    for k, rng in enumerate(_generators(seed, draws)):
        d = perturb(scn, rng, sp)
        for a, actor in enumerate(d.actors):
            weights[k, a], values[k, a] = actor.weights, np.concatenate(actor.values)
            reservations[k, a] = actor.reservation
        if evaluate is not None:
            ok = d.accepts(evaluate)
            accepts[k] = ok[:len(bundles)]
            if nash_ok is not None:
                nash_ok[k] = bool(ok[-1, sig].all())
        zone[k] = analyze(d).zone_size
        if progress is not None:
            progress(k + 1, draws)
    seed_int = int(seed) if isinstance(seed, (int, np.integer)) else None
    return Uncertainty(scenario=scn, spread=sp, seed=seed_int, accepts=accepts, zone_sizes=zone,
                       nash_accepted=nash_ok, calibrated_zone_size=int(calibrated.zone_size),
                       calibrated_nash=nash_bundle, weights=weights, values=values, reservations=reservations)
