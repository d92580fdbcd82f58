"""The negotiation model: one ``mesa.Model`` per run, one step per month.

Each month: the war moves (reservation values, beliefs about the battlefield, public support), every
party sets its aspiration, the protocol puts a text on the table and collects the answers, and the
``DataCollector`` records each actor's offer, utility of the text, aspiration, reservation value,
acceptance and the war state. Same seed, same history.
"""

from __future__ import annotations

from collections.abc import Mapping

import mesa
import numpy as np
from mesa.datacollection import DataCollector

from ..scenario import Scenario
from .agents import MonthState, Negotiator, NeutralMediator, Party
from .beliefs import Beliefs
from .candidates import CandidateSet, candidate_set
from .config import (
    NEUTRAL,
    NegotiationSettings,
    ProtocolSettings,
    WarSettings,
    for_scenario,
    negotiation_settings,
    protocol_settings,
    scenario_notes,
    war_settings,
)
from .protocols import Alternating, Mediated, Month, Outcome, Protocol
from .ratification import has_ratification, needed_shift
from .strategies import make_strategy
from .war import War

SeedLike = int | np.random.SeedSequence | None

MODEL_REPORTERS = {
    "text": "text_row",  # candidate row on the table (-1 before the first month)
    "proposer": "proposer_key",  # who put it there ("opening" for an opening proposal)
    "outcome": "outcome",
    "battle": lambda m: m.war.battle,  # the month's battle result (1 = favours war.side)
    "balance": lambda m: m.war.balance,  # true chance a month's fighting favours war.side
    "events": lambda m: m.war.fired,
}
AGENT_REPORTERS = {
    "actor": "key",
    "offer": "offer",  # candidate row this actor put on the table this month (-1: none)
    "utility": "text_utility",  # its utility of the text on the table
    "aspiration": "aspiration",
    "reservation": "reservation",
    "accepts": "accepts",
    "objection": "objection",  # issue positions named when objecting
    "support": "support",  # public support of the text (actors with a ratification constraint)
    "belief": "belief",  # its belief that the war ends in war.side's favour
    "monthly_cost": "monthly_cost",
    "cumulative_cost": "cumulative_cost",
}


def seed_sequence(seed: SeedLike) -> np.random.SeedSequence:
    return seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)


def child(seq: np.random.SeedSequence, *key: int) -> np.random.SeedSequence:
    """A fixed child stream of ``seq`` (what ``seq.spawn`` would give, without spawn's counter)."""
    return np.random.SeedSequence(seq.entropy, spawn_key=(*seq.spawn_key, *key))


class NegotiationModel(mesa.Model):
    """One agent-based negotiation over a scenario.

    ``protocol``, ``war`` and ``negotiation`` are config names (files in configs/GROUP/), dicts of the
    same schema, or parsed settings; ``candidates`` is the scenario's candidate set (computed and cached
    when not given); ``rng`` (an int or a SeedSequence) seeds everything through three child streams:
    Mesa's own generator (0), the war (1) and the agents' draws (2: uncertain strategy parameters, then
    belief noise, in actor order).
    ``record=False`` skips the DataCollector (ensembles need outcomes only).
    """

    def __init__(self, scenario: Scenario, protocol: str | Mapping | ProtocolSettings = "mediated",
                 war: str | Mapping | WarSettings | None = "scenario",
                 negotiation: str | Mapping | NegotiationSettings | None = "default",
                 candidates: CandidateSet | None = None, rng: SeedLike = None, record: bool = True):
        seq = seed_sequence(rng)
        super().__init__(rng=child(seq, 0))
        self.scn = scenario
        # each laid over the scenario's own settings (its `negotiation` section)
        protocol, war, negotiation, self._defaults_used = for_scenario(scenario, protocol, war, negotiation)
        self.settings = protocol_settings(protocol)
        war_cfg, neg = war_settings(war), negotiation_settings(negotiation)
        self._configs = (war_cfg, neg)
        self.candidates = candidates or candidate_set(scenario, neg.candidates_source, neg.candidates_max)
        cs = self.candidates
        self.deadline = self.settings.deadline
        self.month = 0
        self.outcome = Outcome.ONGOING
        self.walked_out: tuple[str, ...] = ()
        self.war = War(war_cfg, scenario, np.random.default_rng(child(seq, 1)))
        self.signatory_index = scenario.signatory_index
        self.signatory_list = [int(k) for k in self.signatory_index]
        self.constrained = has_ratification(scenario)
        # signatories whose public must ratify, and the support shift each efficient text still needs
        self._ratifiers = [k for k in self.signatory_list if self.constrained[k]]
        self._needed_shift = needed_shift(cs, self._ratifiers)
        self.offerable = np.ones(cs.n_efficient, bool)  # efficient texts that may be offered this month
        self._neg = neg
        # one stream for the agents' draws, in a fixed order: uncertain strategy parameters (actor order),
        # then belief noise (actor order), then a neutral mediator's; made only when something is random
        self._agents_seq = child(seq, 2)
        self._agents_rng: np.random.Generator | None = None
        self.parties: list[Party] = []
        specs = [neg.strategy_spec(a.key) for a in scenario.actors]
        uncertain = any(isinstance(v, (list, tuple)) for spec in specs for v in spec.values())
        strategies = [make_strategy(spec, self.agents_rng if uncertain else None) for spec in specs]
        for k, actor in enumerate(scenario.actors):
            noise = neg.noise_of(actor.key)
            beliefs = Beliefs(cs, k, noise, self.agents_rng if noise > 0 else None, neg.salience_rate,
                              neg.demand_step)
            self.parties.append(Party(self, k, actor.key, actor.label, strategies[k], beliefs,
                                      actor.key in scenario.signatories, cs, bool(self.constrained[k]),
                                      self.settings.objection_issues, self.settings.walk_out))
        self.signatories = [self.parties[k] for k in self.signatory_index]
        self.text_row, self.proposer_key = -1, ""
        self.text_rows: list[int] = []
        self.proposers: list[int | None] = []  # actor index of each month's author (None: opening/mediator)
        self.proposer_keys: list[str] = []
        self.protocol = self.make_protocol()
        self.record = record
        self.datacollector: DataCollector | None = None  # none without record (ensembles: ~0.2 ms a run)
        if record:
            self.datacollector = DataCollector(model_reporters=MODEL_REPORTERS, agent_reporters=AGENT_REPORTERS)
            self.datacollector.collect(self)

    def step(self) -> None:
        self.month += 1
        self.war.step(self.month, self.blame)
        self.update_offerable()
        now = self.state()
        for party in self.parties:
            party.set_aspiration(now)
        self.keep_books(self.protocol.run_month(now, self.signatories, self.scn.decision_rule))
        if self.record:
            self.datacollector.collect(self)

    @property
    def notes(self) -> list[str]:
        """Config entries naming actors or proposals this scenario lacks (ignored)."""
        return self._defaults_used + scenario_notes(self.scn, self.settings, *self._configs)

    # --- helpers for agents and protocols ---------------------------------------------------------
    def party(self, key: str | None) -> Party | None:
        return next((p for p in self.parties if p.key == key), None)

    @property
    def agents_rng(self) -> np.random.Generator:
        """The agents' generator (child stream 2 of the run's seed), made on first use."""
        if self._agents_rng is None:
            self._agents_rng = np.random.default_rng(self._agents_seq)
        return self._agents_rng

    def make_protocol(self) -> Protocol:
        """The configured protocol with its proposers: for ``mediated`` the named actor, or a neutral
        mediator (an extra agent, made last so the agents' draws keep their order); for ``alternating``
        the actors of ``protocol.order`` that exist here, else the signatories."""
        s = self.settings
        opening = self.candidates.proposal_rows.get(s.opening) if s.opening else None
        if s.name == Mediated.name:
            mediator: Negotiator | None = self.party(s.mediator) if s.mediator != NEUTRAL else None
            if mediator is None:
                noise = self._neg.noise
                beliefs = Beliefs(self.candidates, None, noise, self.agents_rng if noise > 0 else None,
                                  self._neg.salience_rate, self._neg.demand_step)
                mediator = NeutralMediator(self, "mediator", "Neutral mediator", beliefs)
            return Mediated(s, opening, mediator)
        order = [p for p in map(self.party, s.order or ()) if p is not None]
        return Alternating(s, opening, order or list(self.signatories))

    def state(self) -> MonthState:
        """What the agents may read this month."""
        return MonthState(self.month, self.deadline, self.war.reservation, self.war.support_shift, self.offerable,
                          self.signatory_list, [self.concession(k) for k in range(len(self.parties))])

    def update_offerable(self) -> None:
        """Efficient texts every signatory's public could ratify now (all efficient texts if none can)."""
        if not self._ratifiers:
            return
        shift = self.war.support_shift
        mask = None
        for k, need in zip(self._ratifiers, self._needed_shift):
            ok = need <= shift[k]
            mask = ok if mask is None else np.logical_and(mask, ok, out=mask)
        self.offerable = mask if mask.any() else np.ones(self.candidates.n_efficient, bool)

    def concession(self, index: int) -> float:
        """How much the last text improved on the one before for actor ``index`` (0 if it wrote it)."""
        if len(self.text_rows) < 2 or self.proposers[-1] == index:
            return 0.0
        u = self.candidates.utilities
        return max(0.0, float(u[self.text_rows[-1], index] - u[self.text_rows[-2], index]))

    def keep_books(self, month: Month) -> None:
        """Record what the protocol says happened: the text on the table, its author, how talks ended."""
        row, by = month.row, month.by
        for agent in self.agents:
            agent.offer = -1
        if by is not None:
            by.offer = row
        self.text_row = row
        self.proposer_key = by.key if by is not None else "opening"
        self.text_rows.append(row)
        self.proposers.append(by.index if by is not None else None)
        self.proposer_keys.append(self.proposer_key)
        if month.outcome is not Outcome.ONGOING:
            self.outcome = month.outcome
            self.walked_out = month.walked_out
            self.running = False

    def blame(self, rule: str, among: list[str] | None = None) -> str | None:
        """The party a mediator blames when its deadline passes (see war.py): one of ``among`` (default:
        every signatory), never the mediator itself."""
        mediator = getattr(self.protocol, "mediator", None)
        pool = [p for p in self.signatories if p is not mediator and (among is None or p.key in among)]
        if not pool:
            return None
        margin = {p.key: (p.text_utility - p.reservation) if np.isfinite(p.text_utility) else 0.0 for p in pool}
        if rule == "most_objections":
            return max(pool, key=lambda p: (p.objections_total, -margin[p.key])).key
        return min(pool, key=lambda p: margin[p.key]).key
