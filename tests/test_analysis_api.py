"""The analysis API on scenarios small enough to check by hand, and the edge cases."""


import numpy as np
import pandas as pd
import pytest

import sim
from sim.analysis import WhyEmpty
from sim.analysis.compound import compound_issues
from sim.analysis.numeric import accept_threshold, grid_utilities
from sim.analysis.synthetic import random_scenario


def test_pareto_columns_and_values(toy):
    res = sim.analyze(toy)
    p = res.pareto
    assert list(p.columns) == ["land", "alliance", "money", "a", "b", "m", "in_zone"]
    assert p["in_zone"].dtype == bool
    # land=all_b crosses a's red line: no such bundle may appear
    assert (p["land"] != 2).all()
    # (split, neutral, lots): a = .5*.5 + .25 = .5, b = .5*.6 + .5 + .1 = .9, m = 0; nothing beats it for b
    row = p[(p["land"] == 1) & (p["alliance"] == 1) & (p["money"] == 2)].iloc[0]
    assert (row["a"], row["b"], row["m"]) == pytest.approx((0.5, 0.9, 0.0))
    assert row["in_zone"]


def test_zone_by_hand(toy):
    res = sim.analyze(toy)
    # a needs 0.4, b needs 0.3 (and a's red line land=all_b): 7 bundles, listed in index order
    assert res.zone_size == 7 and isinstance(res.zone_size, int)
    z = res.zone(100)
    assert z[["land", "alliance", "money"]].values.tolist() == [
        [0, 1, 0], [0, 1, 1], [0, 1, 2], [1, 0, 0], [1, 0, 1], [1, 0, 2], [1, 1, 2]]
    assert len(res.zone(3)) == 3
    cm = res.concessions
    assert list(cm.columns) == ["issue", "option", "option_index", "count", "share"]
    land = cm[cm["issue"] == "land"].set_index("option")["count"]
    assert land.to_dict() == {"all_a": 3, "split": 4, "all_b": 0}
    assert cm.groupby("issue")["count"].sum().eq(7).all()


def test_solution_points_by_hand(toy):
    res = sim.analyze(toy)
    # gains over (0.4, 0.3): (all_a, neutral, lots) gives (0.35, 0.3) -> Nash 0.105, the best
    assert res.nash[["land", "alliance", "money"]].tolist() == [0, 1, 2]
    assert res.nash[["a", "b"]].tolist() == pytest.approx([0.75, 0.6])
    # utilitarian: (split, neutral, lots) 0.5 + 0.9 = 1.4
    assert res.utilitarian[["land", "alliance", "money"]].tolist() == [1, 1, 2]
    assert list(res.solutions.index) == ["nash", "weighted_nash", "kalai", "weighted_kalai", "utilitarian",
                                         "egalitarian", "compromise"]
    for s in (res.nash, res.weighted_nash, res.kalai, res.weighted_kalai, res.utilitarian, res.egalitarian,
              res.compromise):
        assert isinstance(s, pd.Series)
        assert list(s.index) == ["land", "alliance", "money", "a", "b", "m"]
    assert res.why_empty is None


def test_weighted_nash_and_compromise_by_hand(toy):
    res = sim.analyze(toy)
    # capabilities a 0.5, b 0.3 -> exponents 5 and 3 on the gains over (0.4, 0.3); over the 7 zone bundles
    # (all_a, neutral, lots) gives (0.35, 0.3): 0.35^5 0.3^3 = 1.42e-4, beating (split, neutral, lots)
    # (0.1, 0.6): 2.16e-6 and (all_a, neutral, some) (0.225, 0.2): 4.6e-6
    assert res.weighted_nash[["land", "alliance", "money"]].tolist() == [0, 1, 2]
    # compromise: land (0.25 * 0 + 0.15 * 2) / 0.4 = 0.75 -> split; alliance 0.15 / 0.275 -> neutral;
    # money: a (0.125, ideal lots) against m (capability 1, salience 1, ideal none): 0.22 -> none
    assert res.compromise[["land", "alliance", "money"]].tolist() == [1, 1, 0]
    assert res.solutions.loc["compromise", "in_zone"] == bool(toy.accepts([(1, 1, 0)])[0, :2].all())
    assert np.isnan(res.solutions.loc["compromise", "objective"])


def test_compromise_without_a_zone(toy_dict):
    toy_dict["actors"][0]["reservation"] = 0.9
    res = sim.analyze(sim.Scenario.from_dict(toy_dict))
    assert res.weighted_nash is None and list(res.solutions.index) == ["compromise"]
    assert res.compromise[["land", "alliance", "money"]].tolist() == [1, 1, 0]


def test_nearest_agreement_by_hand(toy):
    # 'deal' = (split, neutral, some): a gets .375 < .4. One change works: money -> lots (a .5, b .9,
    # Nash .1*.6 = .06) beats land -> all_a (a .625, b .5, Nash .045).
    n = sim.nearest_agreement(toy, "deal")
    assert n.found and n.n_changes == 1
    assert n.bundle == (1, 1, 2)
    assert n.nash == pytest.approx(0.06)
    row = n.changes.iloc[0]
    assert (row["issue"], row["from_option"], row["to_option"]) == ("money", "some", "lots")
    assert row["a"] == pytest.approx(0.125) and row["m"] == pytest.approx(-0.5)
    assert n.after["a"] == pytest.approx(0.5)
    assert "money: some -> lots" in str(n)


def test_nearest_agreement_of_an_acceptable_bundle_is_itself(toy):
    n = sim.nearest_agreement(toy, (0, 1, 2))
    assert n.n_changes == 0 and n.bundle == (0, 1, 2) and n.changes.empty
    with pytest.raises(KeyError, match="unknown proposal"):
        sim.nearest_agreement(toy, "nope")


def test_empty_zone_explained_by_reservations(toy_dict):
    toy_dict["actors"][0]["reservation"] = 0.9
    scn = sim.Scenario.from_dict(toy_dict)
    res = sim.analyze(scn)
    assert res.zone_size == 0 and res.zone(10).empty and res.pareto["in_zone"].sum() == 0
    assert res.nash is None and res.kalai is None and res.utilitarian is None and res.egalitarian is None
    why = res.why_empty
    assert isinstance(why, WhyEmpty) and "utilities alone" in why.reason
    gaps = why.reservation_gaps.set_index("actor")
    # a's best while b accepts is (all_a, neutral, lots) = .75: its reservation must fall by .15
    assert gaps.loc["a", "gap"] == pytest.approx(0.15)
    assert res.concessions["count"].sum() == 0
    n = sim.nearest_agreement(scn, "deal")
    assert not n.found and "empty" in n.reason and n.after is None


def test_empty_zone_explained_by_a_red_line(toy_dict):
    # b only accepts land=all_b with neutrality; a would take (all_b, neutral, lots) on utility (0.25 >= 0.2)
    # but has a red line on all_b: that red line alone blocks the deal
    toy_dict["actors"][0]["reservation"] = 0.2
    toy_dict["actors"][1]["reservation"] = 0.95
    res = sim.analyze(sim.Scenario.from_dict(toy_dict))
    assert res.zone_size == 0
    why = res.why_empty
    assert why.utility_zone_size == 1
    red = why.red_lines.set_index(["actor", "issue", "option"])
    assert red.loc[("a", "land", "all_b"), "blocks_all_on_issue"]
    assert red.loc[("a", "land", "all_b"), "lifting_opens_zone"]
    assert "red lines alone" in why.reason and "lifting a's red line land=all_b" in str(why)


def test_non_signatory_red_lines_shape_the_frontier_not_the_zone(toy_dict):
    toy_dict["actors"][2]["red_lines"] = {"money": ["lots"]}
    scn = sim.Scenario.from_dict(toy_dict)
    res = sim.analyze(scn)
    assert res.zone_size == 7  # m is not a signatory
    assert (res.pareto["money"] != 2).all()


def test_analysis_is_lazy(toy):
    res = sim.analyze(toy)
    _ = res.proposals
    assert "pareto" not in res.__dict__ and "_zone_count" not in res.__dict__


def test_grid_utilities_agree_with_the_scenario(toy):
    b = toy.space.all_bundles()
    np.testing.assert_allclose(grid_utilities(toy, b), toy.utilities(b), atol=1e-9)
    assert toy.grid.exact.all()  # decimal inputs: integer utilities
    # a's utilities are multiples of 1/8 (weights 2:1:1, values in halves): u >= 0.4 iff 8u >= 4
    assert toy.grid.scale[0] == 8 and accept_threshold(toy, [0])[0] == 4


def test_interactions_merge_issues_into_compounds(toy):
    comp = compound_issues(toy)
    assert [g.issues for g in comp.groups] == [(0,), (1, 2)]
    b = toy.space.all_bundles()
    np.testing.assert_array_equal(comp.decode(comp.encode(b)), b)


def test_large_space_without_enumeration(monkeypatch):
    """16 issues, 4.3e9 bundles: zone size, frontier and solution points come from bounds, not enumeration."""
    scn = random_scenario(np.random.default_rng(3), 4, [4] * 16, n_interactions=2, red_line_rate=0.15,
                          reservation_quantile=0.8)
    assert scn.space.size == 4 ** 16
    def refuse(*args, **kwargs):
        raise AssertionError("the full space was enumerated")

    monkeypatch.setattr(sim.Space, "all_bundles", refuse)
    res = sim.analyze(scn)
    assert res.zone_size > 0
    assert res.nash is not None
    n = sim.nearest_agreement(scn, "p0")
    assert n.found


def test_default_scenario_headlines():
    scn = sim.load_scenario("ukraine_2025")
    res = sim.analyze(scn)
    assert res.zone_size == 83_236  # pinned; counted independently in test_calibration.py
    b = res.nash[scn.space.issue_keys].to_numpy(dtype=np.int64)
    assert scn.accepts(b[None])[0, scn.signatory_index].all()
    for key in scn.proposals:
        n = res.nearest(key)
        assert n.found
