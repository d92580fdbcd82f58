"""Settings of a negotiation run, read from the config groups ``protocol/``, ``war/`` and ``negotiation/``.

Each group is a plain dict (what Hydra composes, or a preset under configs/ read by name with
``sim.settings.load_group``); ``*_settings`` turn them into frozen dataclasses with the shared
``sim.settings.Reader`` and report every mistake with its key path. A key a dict leaves out takes the
dataclass default (the one place of defaults for these groups; the YAML files are presets). Per-actor
entries that name an actor the scenario does not have are not errors (the same config serves several
scenarios): they are listed in ``notes`` and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ..scenario import ConfigError
from ..scenario.loading import merge
from ..settings import Reader, group_dict

PROTOCOLS = ("mediated", "alternating")
BLAME_RULES = ("most_objections", "lowest_margin")
NEUTRAL = "neutral"


# --- protocol -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class WalkOut:
    """A signatory walks out (breakdown) when none of the texts others put to it in the last ``patience``
    months was worth more than its reservation value (at the time) minus ``margin``."""

    patience: int = 12
    margin: float = 0.05


@dataclass(frozen=True)
class ProtocolSettings:
    name: str = "mediated"
    deadline: int = 36  # months; no agreement by then ends the run
    mediator: str = NEUTRAL  # mediated: an actor key or "neutral"
    order: tuple[str, ...] | None = None  # alternating: proposers in turn (default: the signatories)
    opening: str | None = None  # a proposal key: the first text on the table
    objection_issues: int = 2  # issues named in an objection
    walk_out: WalkOut | None = WalkOut()


def protocol_settings(spec: str | Mapping | ProtocolSettings | None = "mediated") -> ProtocolSettings:
    if isinstance(spec, ProtocolSettings):
        return spec
    d = group_dict(spec or "mediated", "protocol")
    D, W = ProtocolSettings(), WalkOut()  # defaults of keys the dict leaves out
    problems: list[str] = []
    r = Reader(d, "protocol", problems)
    r.check_keys({"name", "deadline", "mediator", "order", "opening", "objection_issues", "walk_out"})
    name = r.text("name", D.name)
    if name not in PROTOCOLS:
        problems.append(f"protocol.name: {name!r} is not a protocol; use one of {', '.join(PROTOCOLS)}")
    order = d.get("order")
    if order is not None and (not isinstance(order, list) or not all(isinstance(a, str) for a in order)):
        problems.append("protocol.order: must be a list of actor keys (or null for the signatories)")
        order = None
    walk = d.get("walk_out", {})
    walk_out = None
    if walk not in (None, False):
        if not isinstance(walk, Mapping):
            problems.append("protocol.walk_out: must be {patience, margin} or null (never walk out)")
        else:
            w = Reader(walk, "protocol.walk_out", problems)
            w.check_keys({"patience", "margin"})
            walk_out = WalkOut(w.integer("patience", W.patience, 1), w.number("margin", W.margin, 0.0, 1.0))
    out = ProtocolSettings(name=name or D.name, deadline=r.integer("deadline", D.deadline, 1),
                           mediator=r.text("mediator", D.mediator) or D.mediator,
                           order=tuple(order) if order else None, opening=r.text("opening", D.opening),
                           objection_issues=r.integer("objection_issues", D.objection_issues, 0),
                           walk_out=walk_out)
    if problems:
        raise ConfigError(problems)
    return out


# --- war ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActorWar:
    belief: float = 0.5  # prior mean belief that the fighting ends in favour of ``side``
    stakes: float = 0.0  # change in reservation value per unit change of that belief
    monthly_cost: float = 0.0  # c_i(0): utility lost per month of war
    exhaustion: float = 0.0  # e_i: growth of the monthly cost per month of war
    support_drift: float = 0.0  # change in public support of any deal per month (war weariness)


@dataclass(frozen=True)
class Effect:
    """What an event changes: the battlefield balance and per-actor reservation, cost and support."""

    battle_shift: float = 0.0
    reservation: Mapping[str, float] = field(default_factory=dict)
    monthly_cost: Mapping[str, float] = field(default_factory=dict)
    support: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class WarEvent:
    month: int
    label: str
    effect: Effect = Effect()  # applied when the event fires
    blame: str | None = None  # a deadline: if no agreement by ``month``, blame one party by this rule ...
    on_blamed: Mapping[str, Effect] = field(default_factory=dict)  # ... and apply its consequence


@dataclass(frozen=True)
class WarSettings:
    name: str = "static"
    enabled: bool = False
    start: str | None = None  # calendar month of month 0, e.g. "2026-01" (labels only)
    side: str | None = None  # the belligerent whose success the battle belief p measures
    balance: float = 0.5  # pi_0: true chance a month's fighting favours ``side``
    prior_strength: float = 12.0  # n_0: pseudo-months of evidence behind each prior belief
    horizon: float = 24.0  # H: expected remaining months of war
    default: ActorWar = ActorWar()
    actors: Mapping[str, ActorWar] = field(default_factory=dict)
    events: tuple[WarEvent, ...] = ()

    def actor(self, key: str) -> ActorWar:
        return self.actors.get(key, self.default)


def _actor_war(d: Any, path: str, problems: list[str], base: ActorWar = ActorWar()) -> ActorWar:
    if not isinstance(d, Mapping):
        problems.append(f"{path}: must be a mapping of war parameters")
        return base
    r = Reader(d, path, problems)
    r.check_keys({f.name for f in fields(ActorWar)} | {"note"})
    return ActorWar(belief=r.number("belief", base.belief, 0.0, 1.0),
                    stakes=r.number("stakes", base.stakes, -1.0, 1.0),
                    monthly_cost=r.number("monthly_cost", base.monthly_cost, -1.0, 1.0),
                    exhaustion=r.number("exhaustion", base.exhaustion, -1.0, 10.0),
                    support_drift=r.number("support_drift", base.support_drift, -1.0, 1.0))


def _effect(d: Any, path: str, problems: list[str]) -> Effect:
    if not isinstance(d, Mapping):
        problems.append(f"{path}: must be a mapping of effects (battle_shift, reservation, monthly_cost, support)")
        return Effect()
    r = Reader(d, path, problems)
    r.check_keys({"battle_shift", "reservation", "monthly_cost", "support"})
    per_actor = {}
    for key in ("reservation", "monthly_cost", "support"):
        m = r.mapping(key)
        per_actor[key] = {a: Reader(m, f"{path}.{key}", problems).number(a, 0.0, -1.0, 1.0) for a in m}
    return Effect(battle_shift=r.number("battle_shift", 0.0, -1.0, 1.0), **per_actor)


def war_settings(spec: str | Mapping | WarSettings | None = "static") -> WarSettings:
    if isinstance(spec, WarSettings):
        return spec
    if spec is None:
        return WarSettings()
    d = group_dict(spec, "war")
    D = WarSettings()  # defaults of keys the dict leaves out (but a war given as a dict is enabled)
    problems: list[str] = []
    r = Reader(d, "war", problems)
    r.check_keys({"name", "enabled", "start", "side", "battle", "horizon_months", "default", "actors",
                  "events", "note"})
    battle = Reader(r.mapping("battle"), "war.battle", problems)
    battle.check_keys({"balance", "prior_strength", "note"})
    default = _actor_war(d.get("default") or {}, "war.default", problems)
    actors = {k: _actor_war(v, f"war.actors.{k}", problems, default) for k, v in r.mapping("actors").items()}
    events = []
    raw_events = d.get("events") or {}
    if isinstance(raw_events, list):
        raw_events = {f"[{n}]": e for n, e in enumerate(raw_events)}
    if not isinstance(raw_events, Mapping):
        problems.append("war.events: must be a mapping {name: {month, label, ...}} or a list of such events")
        raw_events = {}
    for n, e in raw_events.items():
        path = f"war.events{n}" if str(n).startswith("[") else f"war.events.{n}"
        if not isinstance(e, Mapping):
            problems.append(f"{path}: must be a mapping with month and label")
            continue
        er = Reader(e, path, problems)
        er.check_keys({"month", "label", "effect", "blame", "on_blamed", "note"})
        blame = er.text("blame", None)
        if blame is not None and blame not in BLAME_RULES:
            problems.append(f"{path}.blame: {blame!r}; use one of {', '.join(BLAME_RULES)}")
        on_blamed = {a: _effect(x, f"{path}.on_blamed.{a}", problems) for a, x in er.mapping("on_blamed").items()}
        events.append(WarEvent(month=er.integer("month", 1, 1), label=er.text("label", str(n)) or str(n),
                               effect=_effect(e.get("effect") or {}, f"{path}.effect", problems),
                               blame=blame, on_blamed=on_blamed))
    enabled = d.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(f"war.enabled: {enabled!r} is not true or false")
    out = WarSettings(name=r.text("name", "war") or "war", enabled=bool(enabled),
                      start=str(d["start"]) if d.get("start") is not None else None,
                      side=r.text("side", D.side), balance=battle.number("balance", D.balance, 0.0, 1.0),
                      prior_strength=battle.number("prior_strength", D.prior_strength, 0.0),
                      horizon=r.number("horizon_months", D.horizon, 0.0), default=default, actors=actors,
                      events=tuple(sorted(events, key=lambda ev: ev.month)))
    if problems:
        raise ConfigError(problems)
    return out


# --- negotiation (strategies, beliefs, candidates, ensemble) ------------------------------------
@dataclass(frozen=True)
class NegotiationSettings:
    default: Mapping[str, Any] = field(default_factory=lambda: {"strategy": "linear"})
    actors: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # per-actor strategy (+ noise)
    noise: float = 0.0  # default belief noise sigma
    salience_rate: float = 2.0
    demand_step: float = 0.02
    candidates_source: str = "auto"
    candidates_max: int = 1000
    ensemble_runs: int = 200
    ensemble_workers: int | None = 1  # None = all cores
    pair: tuple[str, ...] = ()  # the actor pair of the offer-path figure

    def strategy_spec(self, key: str) -> dict:
        """The actor's entry over the default (the default's parameters only if the strategy is the same)."""
        own = dict(self.actors.get(key, {}))
        base = dict(self.default)
        if own.get("strategy", base.get("strategy")) != base.get("strategy"):
            base = {k: v for k, v in base.items() if k == "noise"}
        return {**base, **own}

    def noise_of(self, key: str) -> float:
        return float(self.strategy_spec(key).get("noise", self.noise))


def negotiation_settings(spec: str | Mapping | NegotiationSettings | None = "default") -> NegotiationSettings:
    from .strategies import make_strategy

    if isinstance(spec, NegotiationSettings):
        return spec
    d = group_dict(spec if spec is not None else {}, "negotiation")
    D = NegotiationSettings()  # defaults of keys the dict leaves out
    problems: list[str] = []
    r = Reader(d, "negotiation", problems)
    r.check_keys({"default", "actors", "beliefs", "candidates", "ensemble", "plots", "note"})
    beliefs = Reader(r.mapping("beliefs"), "negotiation.beliefs", problems)
    beliefs.check_keys({"noise", "salience_rate", "demand_step", "note"})
    cand = Reader(r.mapping("candidates"), "negotiation.candidates", problems)
    cand.check_keys({"source", "max_size", "note"})
    ens = Reader(r.mapping("ensemble"), "negotiation.ensemble", problems)
    ens.check_keys({"runs", "workers", "note"})
    plots = r.mapping("plots")
    default = d.get("default") or dict(D.default)
    actors = r.mapping("actors")
    for path, spec_ in [("negotiation.default", default), *((f"negotiation.actors.{k}", v)
                                                          for k, v in actors.items())]:
        if isinstance(spec_, str):
            spec_ = {"strategy": spec_}
        if not isinstance(spec_, Mapping):
            problems.append(f"{path}: give a strategy name or {{strategy: NAME, ...parameters}}")
            continue
        noise = spec_.get("noise", 0.0)
        if isinstance(noise, bool) or not isinstance(noise, (int, float)) or noise < 0:
            problems.append(f"{path}.noise: {noise!r} is not a non-negative number")
        try:
            base = {} if path == "negotiation.default" else dict(default)
            if spec_.get("strategy", base.get("strategy")) != base.get("strategy"):
                base = {}
            make_strategy({**base, **spec_})
        except ValueError as e:
            problems.append(f"{path}: {e}")
    actors = {k: ({"strategy": v} if isinstance(v, str) else dict(v)) for k, v in actors.items()}
    default = {"strategy": default} if isinstance(default, str) else dict(default)
    source = cand.text("source", D.candidates_source)
    if source not in ("auto", "analysis", "greedy"):
        problems.append(f"negotiation.candidates.source: {source!r}; use auto, analysis or greedy")
    workers = ens.d.get("workers", D.ensemble_workers)
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        problems.append(f"negotiation.ensemble.workers: {workers!r}; give a number of processes or null (all cores)")
        workers = 1
    pair = plots.get("pair") or []
    if not isinstance(pair, list) or len(pair) not in (0, 2):
        problems.append("negotiation.plots.pair: give two actor keys, e.g. [russia, ukraine]")
        pair = []
    out = NegotiationSettings(default=default, actors=actors,
                              noise=beliefs.number("noise", D.noise, 0.0, 5.0),
                              salience_rate=beliefs.number("salience_rate", D.salience_rate, 0.0),
                              demand_step=beliefs.number("demand_step", D.demand_step, 0.0, 1.0),
                              candidates_source=source or D.candidates_source,
                              candidates_max=cand.integer("max_size", D.candidates_max, 2),
                              ensemble_runs=ens.integer("runs", D.ensemble_runs, 0), ensemble_workers=workers,
                              pair=tuple(pair))
    if problems:
        raise ConfigError(problems)
    return out


# --- fitting settings to a scenario -------------------------------------------------------------
SCENARIO = "scenario"  # war=scenario: the war model the scenario names (configs/war/scenario.yaml)


def for_scenario(scn, protocol: Any = "mediated", war: Any = SCENARIO,
                 negotiation: Any = "default") -> tuple[Any, Any, Any, list[str]]:
    """The run's war and negotiation settings laid over the scenario's own (its ``negotiation:`` section):
    ``war`` named ``scenario`` becomes the war the scenario names (keys given beside the name override it)
    or none at all; per-actor strategies of the run override the scenario's. The notes say which defaults
    were used; null protocol entries (mediator, opening) take the scenario's ``negotiation.protocol``.
    Settings objects (``ProtocolSettings``, ``WarSettings``, ``NegotiationSettings``) are taken as they
    are. Returns (protocol, war, negotiation, notes), each a spec for ``*_settings``."""
    own = scn.raw.get("negotiation") or {}
    notes = []
    if not isinstance(protocol, ProtocolSettings):
        d = group_dict(protocol or "mediated", "protocol")
        mine = own.get("protocol") or {}
        protocol = {**d, **{k: v for k, v in mine.items() if d.get(k) is None}}
    war_name = war.get("name") if isinstance(war, Mapping) else war
    if war_name == SCENARIO:
        base = own.get("war")
        extra = {k: v for k, v in war.items() if k != "name"} if isinstance(war, Mapping) else {}
        if base is None:
            war = {"name": "static", "enabled": False} if not extra else {"name": "static", **extra}
            notes.append(f"war: scenario {scn.name!r} names no war model (its negotiation.war), so none: "
                         f"reservation values stay fixed; pick one with war=NAME")
        else:
            war = merge(group_dict(base, "war"), extra)
            notes.append(f"war: the scenario's own model, {base if isinstance(base, str) else 'its mapping'}")
    if not isinstance(negotiation, NegotiationSettings):
        d = group_dict(negotiation, "negotiation")
        if own.get("actors"):
            d = {**d, "actors": _over_own_strategies(own["actors"], d.get("actors") or {})}
        elif not d.get("actors"):
            spec = d.get("default") or NegotiationSettings().default  # the one place of defaults
            said = ", ".join(f"{k} {v}" for k, v in spec.items() if k != "strategy")
            notes.append(f"negotiation: scenario {scn.name!r} names no strategies; every actor uses the default "
                         f"{spec.get('strategy', 'linear')} concession strategy" + (f" ({said})" if said else ""))
        negotiation = d
    return protocol, war, negotiation, notes


def _over_own_strategies(own: Mapping, run: Mapping) -> dict:
    """Per actor, the run's entry over the scenario's: merged when the strategy stays the same, replacing
    it when the run switches strategy (a calibrated Boulware beta means nothing to a Conceder)."""
    out = {k: dict(v) if isinstance(v, Mapping) else v for k, v in own.items()}
    for key, entry in run.items():
        mine = out.get(key)
        if isinstance(entry, str):
            entry = {"strategy": entry}
        if isinstance(mine, str):
            mine = {"strategy": mine}
        same = (isinstance(entry, Mapping) and isinstance(mine, Mapping)
                and entry.get("strategy", mine.get("strategy")) == mine.get("strategy"))
        out[key] = merge(mine, entry) if same else entry
    return out

def scenario_notes(scn, protocol: ProtocolSettings, war: WarSettings, neg: NegotiationSettings) -> list[str]:
    """Entries naming actors or proposals this scenario does not have (ignored, not errors)."""
    actors = set(scn.actor_names)
    notes = []
    if protocol.name == "mediated" and protocol.mediator != NEUTRAL and protocol.mediator not in actors:
        notes.append(f"protocol.mediator {protocol.mediator!r} is not an actor here; a neutral mediator is used")
    if protocol.opening is not None and protocol.opening not in scn.proposals:
        notes.append(f"protocol.opening {protocol.opening!r} is not a proposal here; no opening text")
    if protocol.order:
        missing = [a for a in protocol.order if a not in actors]
        if missing:
            notes.append(f"protocol.order: {', '.join(missing)} not actors here; the signatories take turns")
    for what, keys in (("war.actors", war.actors), ("negotiation.actors", neg.actors)):
        extra = sorted(set(keys) - actors)
        if extra:
            notes.append(f"{what}: no actor {', '.join(extra)} here; ignored (the default applies to others)")
    from .strategies import unused_parameters

    for key in sorted(actors):
        unused = unused_parameters(neg.strategy_spec(key))
        if unused:
            notes.append(f"negotiation.actors.{key}: {', '.join(unused)} not used by strategy "
                         f"{neg.strategy_spec(key).get('strategy')!r}; ignored")
    for ev in war.events:
        extra = sorted(set(ev.on_blamed) - actors)
        for eff in (ev.effect, *ev.on_blamed.values()):
            extra += sorted((set(eff.reservation) | set(eff.monthly_cost) | set(eff.support)) - actors)
        if extra:
            notes.append(f"war event {ev.label!r}: no actor {', '.join(sorted(set(extra)))} here; ignored")
    return notes
