import numpy as np
import pytest

import sim


def test_weights_normalised(toy):
    a = toy.actor("a")
    np.testing.assert_allclose(a.weights, [0.5, 0.25, 0.25])
    assert toy.actor("m").weights.sum() == pytest.approx(1.0)


def test_utilities_by_hand(toy):
    # a: 0.5*land + 0.25*alliance + 0.25*money; b: 0.5*land + 0.5*alliance (+0.1 neutral & lots); m: money
    u = toy.utilities([[1, 1, 2], [0, 0, 0]])
    np.testing.assert_allclose(u[0], [0.5 * 0.5 + 0 + 0.25 * 1.0, 0.5 * 0.6 + 0.5 * 1.0 + 0.1, 0.0])
    np.testing.assert_allclose(u[1], [0.5 + 0.25, 0.0, 1.0])


def test_interaction_needs_every_named_option(toy):
    with_lots = toy.utilities([[1, 1, 2]])[0, 1]
    without = toy.utilities([[1, 1, 1]])[0, 1]
    assert with_lots - without == pytest.approx(0.1)
    assert toy.utilities([[1, 0, 2]])[0, 1] == pytest.approx(0.3)


def test_interaction_with_option_list(toy_dict):
    toy_dict["actors"][1]["interactions"] = [{"when": {"alliance": "neutral", "money": ["some", "lots"]},
                                              "value": 0.2}]
    scn = sim.Scenario.from_dict(toy_dict)
    u = scn.utilities([[1, 1, 0], [1, 1, 1], [1, 1, 2]])[:, 1]
    np.testing.assert_allclose(u - 0.8, [0.0, 0.2, 0.2])


def test_red_lines_and_acceptance(toy):
    b = np.array([[2, 0, 2], [1, 1, 1], [0, 0, 2]])
    np.testing.assert_array_equal(toy.red_lines_broken(b)[:, 0], [1, 0, 0])
    acc = toy.accepts(b)
    assert not acc[0, 0]  # red line, whatever the utility
    u = toy.utilities(b)
    np.testing.assert_array_equal(acc[1:], u[1:] >= toy.reservations)


def test_proposal_silent_issue_takes_status_quo(toy):
    p = toy.proposals["maximal_a"]
    assert p.bundle == (0, 0, 0)  # money silent -> status_quo none
    assert p.stated == frozenset({0, 1})


def test_option_by_index_equals_by_key(toy_dict):
    toy_dict["proposals"]["deal"]["options"] = {"land": 1, "alliance": 1, "money": 1}
    assert sim.Scenario.from_dict(toy_dict).proposals["deal"].bundle == (1, 1, 1)


def test_verdicts_table(toy):
    v = sim.analyze(toy).proposals
    assert list(v.columns) == ["proposal", "actor", "utility", "margin", "accepts", "red_lines_broken"]
    assert len(v) == 2 * 3
    row = v[(v.proposal == "deal") & (v.actor == "a")].iloc[0]
    assert row.utility == pytest.approx(0.375) and row.margin == pytest.approx(-0.025) and not row.accepts


def test_bad_bundle_shape(toy):
    with pytest.raises(ValueError):
        toy.utilities([[0, 0]])
    with pytest.raises(IndexError):
        toy.utilities([[0, 0, 3]])
