"""Layer 2: static analysis of a scenario (verdicts on proposals; frontier, zone and solution points).

Exactness contract (sim/scenario/exact.py, numeric.py): inputs are read as the rationals they denote
(decimals as written; floats such as 1/3 or 0.1 + 0.2 as the nearby short fraction), each actor's
utilities are integers on its common denominator, and acceptance, dominance, the zone count and listing,
the frontier and every solution point compare them exactly; the winner among near-equal solution
candidates is decided in ``fractions.Fraction``. The one tolerance is the 1e-9 slack on reservation values
(u >= r − 1e-9), the same in ``Scenario.accepts``, the verdicts, the engines and the negotiation; inputs
that are not short rationals fall back, per actor, to a 2^-32 grid per term (``Scenario.grid.exact``).
Ties in solution points go to the larger sum of the signatories' utilities, then the lowest bundle index;
among equally near bundles the nearest agreement takes the highest Nash product under the same exact rule.
"""

from .empty import WhyEmpty
from .nearest import NearestAgreement, nearest_agreement
from .result import Analysis, analyze
from .verdicts import proposal_verdicts, verdict_matrix

__all__ = ["Analysis", "NearestAgreement", "WhyEmpty", "analyze", "nearest_agreement", "proposal_verdicts",
           "verdict_matrix"]
