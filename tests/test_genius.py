"""GENIUS XML domains and profiles in and out, on a small hand-written party domain."""

from pathlib import Path

import numpy as np
import pytest

import sim
from sim.scenario import ScenarioError
from sim.scenario.genius import read_genius, write_genius

G = Path(__file__).parent / "data" / "genius"


def party():
    return read_genius(G / "party_domain.xml", [G / "host.xml", G / "guest.xml"])


def test_reads_weights_values_reservation():
    scn = party()
    assert scn.space.issue_keys == ["food", "music"] and scn.space.shape == (3, 2)
    assert scn.issues[0].option_labels == ("Chips and Nuts", "Finger-Food", "Catering")
    host, guest = scn.actors
    np.testing.assert_allclose(host.values[0], [2 / 8, 1, 4 / 8])  # normalised by the largest evaluation
    np.testing.assert_allclose(guest.values[1], [0, 1])
    np.testing.assert_allclose(host.weights, [0.75, 0.25])
    assert host.reservation == 0.3 and guest.reservation == 0.0
    # utility of (Finger-Food, Band) for the host: 0.75 * 1 + 0.25 * 0.2
    assert scn.utilities([[1, 1]])[0, 0] == pytest.approx(0.8)


def test_round_trip(tmp_path):
    scn = party()
    paths = write_genius(scn, tmp_path)
    back = read_genius(paths[0], paths[1:])
    assert back.space.shape == scn.space.shape
    b = scn.space.all_bundles()
    np.testing.assert_allclose(back.utilities(b), scn.utilities(b))
    np.testing.assert_allclose(back.reservations, scn.reservations)


def test_default_scenario_written_as_genius(tmp_path):
    scn = sim.load_scenario("ukraine_2025")
    paths = write_genius(scn, tmp_path)
    assert len(paths) == 1 + scn.n_actors
    back = read_genius(paths[0], paths[1:])
    assert back.space.shape == scn.space.shape
    for a, b in zip(scn.actors, back.actors):
        np.testing.assert_allclose(a.weights, b.weights)


def test_bad_xml_names_file(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text("<utility_space><objective>")
    with pytest.raises(ScenarioError) as e:
        read_genius(bad, [])
    assert "malformed XML" in str(e.value) and str(bad) in str(e.value)
