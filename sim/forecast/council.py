"""The EU's legislative decision rule for one DEU proposal, as a ``signatories`` weighted rule
(``sim.scenario.rules``): who must accept for the act to pass.

Council (the member states), by the row's ``counvte`` and the year of the decision:
- ``Unan``: unanimity of the member states (TEC art. 205(3) / TFEU art. 238(4): abstention does not
  block, which a spatial actor with a position cannot do, so every state with a position must accept).
- ``QMV``, the weighting in force that year:
  - before 2004, Treaty of Amsterdam (TEC art. 205(2), EU-15): 62 of 87 votes (DE FR IT UK 10, ES 8,
    BE EL NL PT 5, AT SE 4, DK IE FI 3, LU 2);
  - 2004–2006, Treaty of Nice (Protocol on enlargement art. 3 and 2003 Act of Accession art. 12,
    EU-25): 232 of 321 votes and a majority of the states;
  - 2007–2012 (EU-27, 2005 Act of Accession): 255 of 345 votes and a majority of the states;
  - 2013–2014 (EU-28, 2012 Act of Accession, Croatia 7 votes): 260 of 352 votes and a majority of the states;
  - from 2015, the Lisbon double majority (TEU art. 16(4), TFEU art. 238(3), applicable from 1 November
    2014): 55 % of the states, at least 15, holding 65 % of the EU's population (Eurostat, 1 January
    2015, millions, the figures the Council used for 2015).
  Left out: Nice's 62 % population check (applied only when a state asks for it) and Lisbon's rule that
  a blocking minority needs at least four states (it only loosens the rule, when three or fewer large
  states oppose).
Only the states holding a position on the proposal (and, under QMV, votes in that era) are members
(the DEU experts recorded no position for the others); the vote quota is the treaty's *share* of the
votes applied to the members' votes, the count of states a majority of the members (Lisbon: 55 %, at
least 15 or all of them when fewer).
Year of the decision: the year of the final act (``finact``) when it is a date, else of the proposal
(``intro``); both are read from their last two digits (the file mixes DD-MM-YY with mangled forms).
Supranational actors (required members: vetoes):
- the Commission under ``QMV``: the Council may amend a Commission proposal only by unanimity (TEC art.
  250(1), TFEU art. 293(1)), so a qualified majority carries only a text the Commission accepts; under
  ``Unan`` the Council can adopt any text and the Commission is no veto;
- the Parliament under codecision (``COD``, TEC art. 251, TFEU art. 294): a co-legislator whose approval
  the act needs; under consultation (``CNS``) its opinion does not bind and it is not a member.
Nothing here reads the outcome; every proposal gets its era's rule.
"""

from __future__ import annotations

import math

AMSTERDAM_VOTES = {"de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
                   "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2}
NICE_VOTES = {"de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13, "be": 12,
              "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10, "dk": 7, "ie": 7, "lt": 7,
              "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4, "lu": 4, "si": 4, "mt": 3}
POPULATION_2015 = {"de": 81.1, "fr": 66.4, "uk": 64.8, "it": 60.8, "es": 46.4, "pl": 38.0, "ro": 19.9,
                   "nl": 16.9, "be": 11.3, "el": 10.9, "cz": 10.5, "pt": 10.4, "hu": 9.9, "se": 9.7, "at": 8.6,
                   "bu": 7.2, "dk": 5.7, "fi": 5.5, "sk": 5.4, "ie": 4.6, "cr": 4.2, "lt": 2.9, "si": 2.1,
                   "lv": 2.0, "ee": 1.3, "cy": 0.8, "lu": 0.6, "mt": 0.4}
# (first year, votes, quota as a share of the votes, count of states as a share of the states, least count)
ERAS = ((0, AMSTERDAM_VOTES, (62, 87), 0.0, 0),
        (2004, NICE_VOTES, (232, 321), 0.5, 0),
        (2007, NICE_VOTES, (255, 345), 0.5, 0),
        (2013, NICE_VOTES, (260, 352), 0.5, 0),
        (2015, POPULATION_2015, (65, 100), 0.55, 15))
STATES = tuple(NICE_VOTES)


def decision_year(finact: str, intro: str) -> int | None:
    """The year of the final act when it is a date, else of the proposal; None when neither is."""
    for text in (finact, intro):
        text = str(text).strip()
        if len(text) >= 8 and text[-2:].isdigit():
            yy = int(text[-2:])
            return 1900 + yy if yy >= 50 else 2000 + yy
    return None


def era(year: int | None):
    """The QMV weighting in force in ``year`` (the latest era when the year is unknown)."""
    if year is None:
        return ERAS[-1]
    return [e for e in ERAS if e[0] <= year][-1]


def council_rule(voting: str, procedure: str, year: int | None, actors: list[str]) -> dict | list:
    """The ``signatories`` mapping for a proposal whose scenario has actor keys ``actors``; a list (the
    vetoes' unanimity, or every actor's when there are none) when no state holding a position has votes in
    that era: the Council then accepts whatever the others agree."""
    veto = (["com"] if voting == "QMV" and "com" in actors else []) + \
           (["ep"] if procedure == "COD" and "ep" in actors else [])
    votes = era(year)[1] if voting == "QMV" else dict.fromkeys(STATES, 1)
    states = [a for a in actors if votes.get(a, 0) > 0]
    if not states:
        return veto or list(actors)
    members = veto + states
    if voting != "QMV":
        weights = {m: (0 if m in veto else 1) for m in members}
        return {"rule": "weighted", "members": members, "weights": weights, "quota": 1.0,
                "min_members": len(members), "veto": veto}
    _, votes, (need, total), share, least = era(year)
    weights = {m: (0 if m in veto else votes[m]) for m in members}
    count = min(len(states), max(least, math.floor(share * len(states)) + 1 if share == 0.5
                                 else math.ceil(share * len(states))))
    return {"rule": "weighted", "members": members, "weights": weights, "quota": need / total,
            "min_members": len(veto) + count, "veto": veto}
