"""Negotiation protocols: who puts which text on the table each month, and when talks end.

Both protocols share one month (``Protocol.run_month``): a text goes on the table, every signatory
accepts it or objects (naming the issues that hurt it most), the actors who propose texts learn from the
answers, and the talks end on agreement (every signatory accepts), on breakdown (a signatory walks out,
``protocol.walk_out``) or at the deadline. An opening text (any proposal of the scenario,
``protocol.opening``) takes the first month. They differ only in who writes the next text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from .agents import Negotiator, Party
from .config import NEUTRAL, ProtocolSettings

if TYPE_CHECKING:
    from .model import NegotiationModel


class Outcome(StrEnum):
    ONGOING = "ongoing"
    AGREEMENT = "agreement"
    WALK_OUT = "walk_out"
    DEADLINE = "deadline"


class Protocol:
    name: ClassVar[str] = "protocol"

    def __init__(self, settings: ProtocolSettings, model: "NegotiationModel"):
        self.settings = settings
        self.opening_row = model.candidates.proposal_rows.get(settings.opening) if settings.opening else None
        self.turn = 0
        self.learners: list[Negotiator] = []  # agents that write texts, and so learn from the answers

    def proposer(self, model: "NegotiationModel") -> Negotiator:
        raise NotImplementedError

    def run_month(self, model: "NegotiationModel") -> None:
        if model.month == 1 and self.opening_row is not None:
            row, by = self.opening_row, None
        else:
            by = self.proposer(model)
            self.turn += 1
            row = by.propose()
        model.put_on_table(row, by)
        responses = [p.respond(row) for p in model.signatories]
        for agent in self.learners:
            agent.learn(row, responses)
        if model.scn.decision_rule.winning(np.array([[r.accepts for r in responses]]))[0]:
            model.conclude(Outcome.AGREEMENT)  # a winning coalition accepts (unanimity unless the rule says)
            return
        walkers = [p for p in model.signatories if p.walks_out()]
        if walkers:
            model.conclude(Outcome.WALK_OUT, walkers)
        elif model.month >= self.settings.deadline:
            model.conclude(Outcome.DEADLINE)


class Mediated(Protocol):
    """Mediated single negotiating text (Fisher 1978; Raiffa 1982, "The Art and Science of Negotiation",
    ch. 14, after Camp David 1978): a mediator drafts one text, the parties accept it or object, naming the
    issues that hurt them most, and the mediator revises it - each month the text it believes fairest to
    the parties, learning from their objections. An actor who mediates (``protocol.mediator``, by default
    the US in the default scenario) only drafts texts worth its own aspiration to it; a neutral mediator
    has no stake."""

    name = "mediated"

    def __init__(self, settings: ProtocolSettings, model: "NegotiationModel"):
        super().__init__(settings, model)
        party = model.party(settings.mediator) if settings.mediator != NEUTRAL else None
        self.mediator: Negotiator = party if party is not None else model.neutral_mediator()
        self.learners = [self.mediator]

    def proposer(self, model: "NegotiationModel") -> Negotiator:
        return self.mediator


class Alternating(Protocol):
    """Multilateral alternating offers: Rubinstein's (1982) alternating offers taken to n parties as in the
    stacked alternating offers protocol of Aydogan et al. (2017, "Alternating offers protocols for multilateral
    negotiation"): actors propose in turn (``protocol.order``, by default the signatories), every
    signatory answers each offer, and an offer passes when every signatory accepts it."""

    name = "alternating"

    def __init__(self, settings: ProtocolSettings, model: "NegotiationModel"):
        super().__init__(settings, model)
        order = [model.party(k) for k in settings.order or ()]
        self.order: list[Party] = [p for p in order if p is not None] or list(model.signatories)
        self.learners = list(dict.fromkeys(self.order))

    def proposer(self, model: "NegotiationModel") -> Negotiator:
        return self.order[self.turn % len(self.order)]


PROTOCOLS: dict[str, type[Protocol]] = {cls.name: cls for cls in (Mediated, Alternating)}
