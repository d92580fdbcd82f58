"""Negotiation protocols: who puts which text on the table each month, and when talks end.

Both protocols share one month (``Protocol.run_month``, which returns a ``Month``: what happened; the
model records it): a text goes on the table, every signatory
accepts it or objects (naming the issues that hurt it most), the actors who propose texts learn from the
answers, and the talks end on agreement (the signatories that accept win under the decision rule; every
signatory under unanimity), on breakdown (``protocol.walk_out``: a signatory walks out and those still at
the table can no longer win even all together; under unanimity the first walk-out, under a weighted rule
the walker counts as rejecting from then on and talks go on while a winning coalition remains) or at the
deadline. An opening text (any proposal of the scenario,
``protocol.opening``) takes the first month. They differ only in who writes the next text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, NamedTuple

import numpy as np

from ..scenario.rules import DecisionRule
from .agents import MonthState, Negotiator, Party, Response
from .config import ProtocolSettings


class Outcome(StrEnum):
    ONGOING = "ongoing"
    AGREEMENT = "agreement"
    WALK_OUT = "walk_out"
    DEADLINE = "deadline"


class Month(NamedTuple):
    """What happened in one month of talks, returned to the model, which keeps the books."""

    row: int  # candidate row put on the table
    by: Negotiator | None  # its author (None: the opening text)
    responses: list[Response]
    outcome: Outcome  # ONGOING unless the talks ended this month
    walked_out: tuple[str, ...] = ()  # keys of the signatories who walked out (set when the talks end)


class Protocol:
    name: ClassVar[str] = "protocol"

    def __init__(self, settings: ProtocolSettings, opening_row: int | None, learners: list[Negotiator]):
        self.settings = settings
        self.opening_row = opening_row  # candidate row of ``settings.opening`` (None: no opening text)
        self.turn = 0
        self.learners = learners  # agents that write texts, and so learn from the answers
        self.gone: list[str] = []  # signatories who walked out (in order); they count as rejecting

    def proposer(self) -> Negotiator:
        raise NotImplementedError

    def run_month(self, now: MonthState, signatories: list[Party], rule: DecisionRule) -> Month:
        """One month; the text passes when the signatories that accept win under ``rule`` (the scenario's
        decision rule: unanimity unless it gives a weighted one)."""
        if now.month == 1 and self.opening_row is not None:
            row, by = self.opening_row, None
        else:
            by = self.proposer()
            self.turn += 1
            row = by.propose(now)
        responses = [Response(p.index, False, ()) if p.key in self.gone else p.respond(row, by, now)
                     for p in signatories]
        for agent in self.learners:
            agent.learn(row, responses, now)
        gone = tuple(self.gone)
        if rule.winning(np.array([[r.accepts for r in responses]]))[0]:  # a winning coalition accepts
            return Month(row, by, responses, Outcome.AGREEMENT, gone)
        walkers = [p.key for p in signatories if p.key not in self.gone and p.walks_out()]
        if walkers:
            self.gone.extend(walkers)
            gone = tuple(self.gone)
            # the talks end once those still at the table cannot win even all together (unanimity: at once)
            if not rule.winning(np.array([[p.key not in self.gone for p in signatories]]))[0]:
                return Month(row, by, responses, Outcome.WALK_OUT, gone)
        ended = now.month >= self.settings.deadline
        return Month(row, by, responses, Outcome.DEADLINE if ended else Outcome.ONGOING, gone if ended else ())


class Mediated(Protocol):
    """Mediated single negotiating text (Fisher 1978; Raiffa 1982, "The Art and Science of Negotiation",
    ch. 14, after Camp David 1978): a mediator drafts one text, the parties accept it or object, naming the
    issues that hurt them most, and the mediator revises it - each month the text it believes fairest to
    the parties, learning from their objections. An actor who mediates (``protocol.mediator``, by default
    the US in the default scenario) only drafts texts worth its own aspiration to it; a neutral mediator
    has no stake."""

    name = "mediated"

    def __init__(self, settings: ProtocolSettings, opening_row: int | None, mediator: Negotiator):
        super().__init__(settings, opening_row, [mediator])
        self.mediator = mediator

    def proposer(self) -> Negotiator:
        return self.mediator


class Alternating(Protocol):
    """Multilateral alternating offers: Rubinstein's (1982) alternating offers taken to n parties as in the
    stacked alternating offers protocol of Aydogan et al. (2017, "Alternating offers protocols for multilateral
    negotiation"): actors propose in turn (``protocol.order``, by default the signatories), every
    signatory answers each offer, and an offer passes when every signatory accepts it."""

    name = "alternating"

    def __init__(self, settings: ProtocolSettings, opening_row: int | None, order: list[Party]):
        super().__init__(settings, opening_row, list(dict.fromkeys(order)))
        self.order = order

    def proposer(self) -> Negotiator:
        return self.order[self.turn % len(self.order)]
