"""The agenda (options still on the table) limits the search for deals, not the verdicts on proposals."""

import numpy as np
import pytest

import sim
from sim.scenario import ScenarioError


def dense_zone(scn):
    b = scn.space.all_bundles()
    return b[scn.accepts(b)[:, scn.signatory_index].all(axis=1) & scn.on_agenda(b)]


def test_agenda_restricts_zone_and_frontier(toy_dict):
    full = sim.Scenario.from_dict(toy_dict)
    toy_dict["agenda"] = {"alliance": ["neutral"], "money": ["some", "lots"]}
    scn = sim.Scenario.from_dict(toy_dict)
    zone = dense_zone(scn)
    assert len(zone) and (zone[:, 1] == 1).all() and (zone[:, 2] >= 1).all()
    assert sim.analyze(scn).zone_size == len(zone) < sim.analyze(full).zone_size
    pareto = sim.analyze(scn).pareto
    assert (pareto["alliance"] == 1).all() and (pareto["money"] >= 1).all()
    # verdicts on proposals are unchanged: the agenda is where talks search, not what actors accept
    assert sim.analyze(scn).proposals.equals(sim.analyze(full).proposals)


def test_single_option_agenda_from_a_scalar(toy_dict):
    toy_dict["agenda"] = {"land": "split"}
    scn = sim.Scenario.from_dict(toy_dict)
    assert scn.agenda[0] == frozenset({1}) and scn.agenda[1] is None
    assert np.array_equal(scn.on_agenda([[1, 0, 0], [0, 0, 0]]), [True, False])


@pytest.mark.parametrize("agenda, path", [({"sea": ["x"]}, "agenda.sea"), ({"land": ["half"]}, "agenda.land")])
def test_agenda_mistakes(toy_dict, agenda, path):
    toy_dict["agenda"] = agenda
    with pytest.raises(ScenarioError, match=path.replace(".", r"\.")):
        sim.Scenario.from_dict(toy_dict)
