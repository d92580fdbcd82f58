"""The EU decision rule per DEU proposal (sim.forecast.council) against the treaty numbers."""

from pathlib import Path

import numpy as np
import pytest

from sim.forecast.council import AMSTERDAM_VOTES, NICE_VOTES, POPULATION_2015, council_rule, decision_year
from sim.forecast.deu import read_deu
from sim.scenario import Scenario
from sim.scenario.errors import Problems
from sim.scenario.rules import parse_rule

EU27 = [s for s in NICE_VOTES if s != "cr"]


def test_treaty_totals():
    assert sum(AMSTERDAM_VOTES.values()) == 87
    assert sum(NICE_VOTES.values()) == 352 and sum(NICE_VOTES[s] for s in EU27) == 345
    assert len(POPULATION_2015) == 28


@pytest.mark.parametrize("text,year", [("23-03-00", 2000), ("2014-07-04", 2004), ("01-09-05", 2005),
                                       ("15-06-98", 1998), ("999", None), ("", None)])
def test_decision_year(text, year):
    assert decision_year(text, "") == year


def test_final_act_year_before_proposal_year():
    assert decision_year("999", "21-03-00") == 2000 and decision_year("11-06-08", "01-09-05") == 2008


def _winning(rule, accepting):
    """The engine's verdict on one coalition under the rule mapping."""
    r = parse_rule(rule, {m: 1.0 for m in rule["members"]}, Problems())
    return bool(r.winning(np.array([[m in accepting for m in r.members]]))[0])


def test_nice_eu27_qualified_majority_exactly_at_255():
    rule = council_rule("QMV", "COD", 2010, ["com", "ep", *EU27])
    assert rule["veto"] == ["com", "ep"] and rule["min_members"] == 2 + 14
    big = ["de", "fr", "it", "uk", "es", "pl", "ro", "nl", "be", "cz", "el", "hu", "at"]  # 13 states, 255 votes
    assert sum(NICE_VOTES[x] for x in big) == 255
    assert not _winning(rule, ["com", "ep", *big])  # enough votes, not a majority of the 27 states
    fourteen = [x for x in big if x != "at"] + ["dk", "mt"]  # 14 states, 255 votes: exactly at the quota
    assert sum(NICE_VOTES[x] for x in fourteen) == 255
    assert _winning(rule, ["com", "ep", *fourteen])
    assert not _winning(rule, ["com", "ep", *fourteen[:-1]])  # 252 votes
    assert not _winning(rule, ["ep", *fourteen])  # the Commission's veto
    assert not _winning(rule, EU27)  # without the Commission and the Parliament
    assert _winning(rule, ["com", "ep", *EU27])


def test_unanimity_and_consultation():
    rule = council_rule("Unan", "CNS", 2010, ["com", "ep", "de", "fr", "mt"])
    assert rule["veto"] == [] and rule["members"] == ["de", "fr", "mt"]  # EP only consulted, no Commission veto
    assert _winning(rule, ["de", "fr", "mt"]) and not _winning(rule, ["de", "fr"])


def test_lisbon_double_majority():
    rule = council_rule("QMV", "CNS", 2016, ["com", *NICE_VOTES])
    assert rule["veto"] == ["com"] and rule["min_members"] == 1 + 16  # 55 % of 28 states = 15.4 -> 16
    assert rule["quota"] == 0.65


def test_every_proposal_builds_its_rule():
    cases = read_deu(Path(__file__).parent / "data" / "cases" / "deu3_train.csv")
    assert {c.voting for c in cases} == {"QMV", "Unan"}
    scn = cases[0].scenario()
    assert isinstance(scn, Scenario) and not scn.rule.unanimous


def test_no_state_with_votes_leaves_the_vetoes():
    assert council_rule("QMV", "COD", 2010, ["com", "ep"]) == ["com", "ep"]
    assert council_rule("QMV", "CNS", 2000, ["com", "pl"]) == ["com"]  # Poland had no votes before 2004
    assert council_rule("Unan", "CNS", 2010, ["com", "ep"]) == ["com", "ep"]  # no veto: every actor


def test_a_proposal_without_states_runs(tmp_path):
    f = tmp_path / "two.tsv"
    f.write_text("prnr\tisnr\tproc\tcounvte\tintro\trp\tout\tpcom\tscom\tpep\tsep\n"
                 "d1\td1i1\tCOD\tQMV\t01-01-10\t0\t50\t100\t50\t50\t50\n")
    scn = read_deu(f)[0].scenario()
    assert scn.decision_rule.unanimous and sorted(scn.decision_rule.members) == ["com", "ep"]
