"""The Mesa agents: one ``Party`` per actor of the scenario, and a ``NeutralMediator`` when no actor mediates.

Agents hold their state and decide: a party sets its aspiration (its strategy), proposes texts (the best
it believes for the others among efficient texts worth its aspiration to it) and answers the text on the
table: it accepts when the text crosses none of its red lines, is worth at least its aspiration (which is
never below its reservation value) and, if it has a ratification constraint, public support reaches the
threshold; otherwise it objects, naming the issues that hurt it most (red lines first, then the largest
losses against its best option on that issue).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import mesa
import numpy as np

from .beliefs import Beliefs
from .candidates import CandidateSet
from .config import WalkOut
from .strategies import Situation, Strategy

if TYPE_CHECKING:
    from .model import NegotiationModel


class Response(NamedTuple):
    actor: int
    accepts: bool
    issues: tuple[int, ...]  # issues named in an objection (empty when accepting)


class MonthState(NamedTuple):
    """What an agent reads of the month it acts in; the model keeps the books (texts, authors, outcome)
    and hands this over, so agents never reach into the model's records or settings."""

    month: int
    deadline: int
    reservation: Sequence[float]  # every actor's reservation value now (war.py)
    support_shift: Sequence[float]  # change in every actor's public support since month 0 (war.py)
    offerable: np.ndarray  # (n_efficient,) bool: efficient texts every ratifying public could accept now
    signatories: list[int]  # actor indices of the signatories
    concessions: Sequence[float]  # per actor: how much the last text improved on the one before for it


class Negotiator(mesa.Agent):
    """Anyone who can put a text on the table: holds beliefs about the others and chooses texts."""

    model: "NegotiationModel"
    index: int | None = None  # position among the scenario's actors (None: a neutral mediator)

    def __init__(self, model: "NegotiationModel", key: str, label: str, beliefs: Beliefs):
        super().__init__(model)
        self.key = key
        self.label = label
        self.beliefs = beliefs
        self.offer = -1  # candidate row this agent put on the table this month (-1: none)

    def choose_text(self, others: list[int], mask: np.ndarray, now: MonthState) -> int:
        """Among efficient rows allowed by ``mask``, the best by believed worst margin of ``others``."""
        score = self.beliefs.score(others, now.reservation)
        score[~mask] = -np.inf
        return int(score.argmax())

    def propose(self, now: MonthState) -> int:
        raise NotImplementedError

    def learn(self, row: int, responses: list[Response], now: MonthState) -> None:
        """Note the answers to this month's text; they update the beliefs when this agent next drafts."""
        self.beliefs.observe(row, responses, now.reservation)

    # --- reported each month (read by the DataCollector) ------------------------------------------
    def _war(self, array: np.ndarray) -> float:
        return float(array[self.index]) if self.index is not None else np.nan

    @property
    def reservation(self) -> float:
        return self._war(self.model.war.reservation)

    @property
    def belief(self) -> float:
        return self._war(self.model.war.belief)

    @property
    def monthly_cost(self) -> float:
        return self._war(self.model.war.monthly_cost)

    @property
    def cumulative_cost(self) -> float:
        return self._war(self.model.war.cumulative_cost)


class NeutralMediator(Negotiator):
    """A mediator with no stake (Raiffa 1982's "single negotiating text" facilitator): proposes the text it
    believes fairest to all signatories; it knows nobody's preferences exactly."""

    aspiration = np.nan
    text_utility = np.nan
    accepts = None
    objection = ()
    support = np.nan

    def propose(self, now: MonthState) -> int:
        return self.choose_text(now.signatories, now.offerable, now)


class Party(Negotiator):
    """An actor of the scenario."""

    def __init__(self, model: "NegotiationModel", index: int, key: str, label: str, strategy: Strategy,
                 beliefs: Beliefs, signatory: bool, candidates: CandidateSet, constrained: bool,
                 objection_issues: int, walk_out: WalkOut | None):
        super().__init__(model, key, label, beliefs)
        cs = self.candidates = candidates
        self.index = index
        self.strategy = strategy
        self.signatory = signatory
        self.ideal = float(cs.utilities_t[index].max())
        self.aspiration = self.ideal
        self.constrained = constrained  # its public must ratify (threshold on support)
        self.threshold = float(cs.thresholds[index])
        self.objection_issues = objection_issues  # issues named in an objection (protocol setting)
        self.walk_out = walk_out  # the breakdown rule (protocol setting; None: never walks out)
        # state of the current month
        self.text_utility = np.nan
        self.accepts: bool | None = None
        self.objection: tuple[int, ...] = ()
        self.support = np.nan
        self.objections_total = 0
        self.recent_margins: deque[float] = deque(maxlen=walk_out.patience if walk_out else 1)

    def set_aspiration(self, now: MonthState) -> None:
        self.aspiration = self.strategy.aspiration(Situation(
            month=now.month, deadline=now.deadline, ideal=self.ideal, reservation=float(now.reservation[self.index]),
            previous=self.aspiration, concession=now.concessions[self.index]))

    def propose(self, now: MonthState) -> int:
        """The best text for the others (as this party believes them) among those worth its aspiration."""
        own = self.candidates.utilities_t[self.index]
        mask = now.offerable & (own >= self.aspiration)
        if not mask.any():  # nothing efficient meets the demand: its own best text
            return int(np.where(now.offerable, own, -np.inf).argmax())
        others = [j for j in now.signatories if j != self.index]
        if not others:
            return int(np.where(mask, own, -np.inf).argmax())
        return self.choose_text(others, mask, now)

    def respond(self, row: int, by: Negotiator | None, now: MonthState) -> Response:
        """Accept or object to the text ``row`` put on the table by ``by`` (None: the opening text)."""
        cs = self.candidates
        utilities, allowed, support = cs.table
        i = self.index
        u = utilities[row][i]
        reservation = float(now.reservation[i])
        self.text_utility = u
        ratified = True
        if self.constrained:
            self.support = support[row][i] + float(now.support_shift[i])
            ratified = self.support >= self.threshold
        self.accepts = allowed[row][i] and ratified and u >= self.aspiration and u >= reservation
        if by is not self:  # texts by others: the record the walk-out rule reads
            self.recent_margins.append(u - reservation)
        if self.accepts:
            self.objection = ()
        else:
            self.objections_total += 1
            self.objection = cs.worst_issues(row, i, self.objection_issues) if self.objection_issues else ()
        return Response(i, self.accepts, self.objection)

    def walks_out(self) -> bool:
        """Breakdown rule: none of the texts others put to it in the last ``patience`` months came within
        ``margin`` of its reservation value (at the time): war looks better than anything on offer."""
        rule = self.walk_out
        recent = self.recent_margins
        return rule is not None and len(recent) == rule.patience and max(recent) < -rule.margin
