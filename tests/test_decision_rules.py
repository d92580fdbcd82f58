"""Weighted decision rules (sim.scenario.rules): parsing, and every answer against brute force."""

import numpy as np
import pandas as pd
import pytest

import sim
from sim.analysis.dense import Dense
from sim.analysis.synthetic import random_scenario
from sim.scenario import ScenarioError
from tests.test_analysis_exact import searched_one_by_one


def weighted(scn, veto=False, weights="capability", quota=0.6, min_members=3):
    d = scn.to_dict()
    keys = [a["key"] for a in d["actors"]]
    d["signatories"] = {"rule": "weighted", "members": keys, "weights": weights, "quota": quota,
                        "min_members": min_members, "veto": keys[:1] if veto else []}
    return sim.Scenario.from_dict(d)


@pytest.mark.parametrize("seed", range(12))
def test_weighted_rule_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    base = random_scenario(rng, 5, [3, 3, 2, 4, 3], n_interactions=2, red_line_rate=0.3,
                           reservation_quantile=[0.4, 0.7][seed % 2], ties=bool(seed % 3))
    scn = weighted(base, veto=bool(seed % 2),
                   weights="capability" if seed % 4 < 2 else {a.key: k + 1 for k, a in enumerate(base.actors)})
    res, dense = sim.analyze(scn), Dense(scn)
    b = scn.space.all_bundles()
    agreed = scn.agreed(b)
    assert res.zone_size == int(agreed.sum()) == int(dense.zone.sum())
    idx = scn.space.indices(res.zone(7)[scn.space.issue_keys].to_numpy())
    np.testing.assert_array_equal(idx, np.flatnonzero(agreed)[:7])
    cm = res.concessions
    for i, k in enumerate(scn.space.issue_keys):
        got = cm[cm["issue"] == k].sort_values("option_index")["count"].tolist()
        assert got == np.bincount(b[agreed][:, i], minlength=scn.space.shape[i]).tolist()
    expected = dense.solutions()
    if expected is None:
        assert res.nash is None
        return
    for name, i in expected.items():
        assert scn.space.index(tuple(int(getattr(res, name)[k]) for k in scn.space.issue_keys)) == i, name
    with searched_one_by_one():
        res2 = sim.analyze(scn)
        for name, i in expected.items():
            assert scn.space.index(tuple(int(getattr(res2, name)[k]) for k in scn.space.issue_keys)) == i, name
    n = sim.nearest_agreement(scn, "p0")
    assert n.n_changes == int((b[agreed] != np.array(scn.proposals["p0"].bundle)).sum(axis=1).min())
    assert scn.agreed(np.array([n.bundle]))[0]


def test_qualified_majority_by_hand(toy_dict):
    # a (weight 3) alone reaches 3/4 >= 0.6 of the weight only with b or m; min 2 members
    toy_dict["signatories"] = {"rule": "weighted", "members": ["a", "b", "m"], "weights": {"a": 2, "b": 1, "m": 1},
                               "quota": 0.75, "min_members": 2}
    scn = sim.Scenario.from_dict(toy_dict)
    acc = np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 0, 0], [1, 1, 1]], dtype=bool)
    assert scn.decision_rule.winning(acc).tolist() == [True, True, False, False, True]
    b = scn.space.all_bundles()
    ok = scn.accepts(b)
    assert (scn.agreed(b) == ok[:, 0] & (ok[:, 1] | ok[:, 2])).all()
    wide = sim.analysis.verdict_matrix(sim.analyze(scn).proposals, scn)
    assert "agreed" in wide and "all_signatories" in wide


def test_a_list_is_unanimity(toy):
    rule = toy.decision_rule
    assert rule.unanimous and rule.members == ("a", "b")
    b = toy.space.all_bundles()
    assert (toy.agreed(b) == toy.accepts(b)[:, :2].all(axis=1)).all()


@pytest.mark.parametrize("rule, path", [
    ({"rule": "majority"}, "signatories.rule"),
    ({"rule": "weighted", "quota": 1.5}, "signatories.quota"),
    ({"rule": "weighted", "quota": 0.5, "members": ["a", "zz"]}, "signatories.members[1]"),
    ({"rule": "weighted", "quota": 0.5, "veto": ["m"], "members": ["a", "b"]}, "signatories.veto[0]"),
    ({"rule": "weighted", "quota": 0.5, "weights": {"a": -1, "b": 1, "m": 1}}, "signatories.weights.a"),
    ({"rule": "weighted", "quota": 0.5, "min_members": 7}, "signatories.min_members"),
    ({"rule": "weighted", "quota": 0.5, "size": 3}, "signatories.size"),
])
def test_bad_rules_name_the_key(toy_dict, rule, path):
    toy_dict["signatories"] = rule
    with pytest.raises(ScenarioError) as e:
        sim.Scenario.from_dict(toy_dict)
    assert any(p == path for p, _ in e.value.problems), e.value.problems


def test_negative_capability_is_rejected(toy_dict):
    toy_dict["actors"][1]["capability"] = -0.2
    with pytest.raises(ScenarioError) as e:
        sim.Scenario.from_dict(toy_dict)
    assert e.value.problems[0][0] == "actors[1].capability"


def test_negotiation_follows_the_rule(toy_dict):
    """Under a simple majority of three, a text two members accept is signed (unanimity: no deal by the
    deadline in the same seeded run)."""
    toy_dict["signatories"] = {"rule": "weighted", "members": ["a", "b", "m"], "weights": {"a": 1, "b": 1, "m": 1},
                               "quota": 0.5}
    scn = sim.Scenario.from_dict(toy_dict)
    run = sim.negotiate(scn, protocol="mediated", seed=0)
    assert run.agreement.reached
    last = run.history[run.history["month"] == run.agreement.month].set_index("actor")["accepts"]
    votes = last.reindex(list(scn.signatories)).to_numpy(dtype=bool)
    assert scn.decision_rule.winning(votes[None])[0] and not votes.all()
    toy_dict["signatories"] = ["a", "b", "m"]
    assert not sim.negotiate(sim.Scenario.from_dict(toy_dict), protocol="mediated", seed=0).agreement.reached


@pytest.mark.parametrize("seed", range(8))
def test_why_empty_under_a_weighted_rule_matches_brute_force(seed):
    """The best coalition that can agree, what keeps each other member out and what opens each minimal
    winning coalition, against every subset of members on every bundle."""
    from itertools import combinations

    rng = np.random.default_rng(100 + seed)
    base = random_scenario(rng, 5, [3, 3, 2, 3], red_line_rate=0.2, reservation_quantile=0.9, ties=bool(seed % 2))
    scn = weighted(base, veto=bool(seed % 2), quota=0.7, min_members=3,
                   weights={a.key: k + 1 for k, a in enumerate(base.actors)})
    res = sim.analyze(scn)
    if res.zone_size:
        pytest.skip("zone not empty")
    why = res.why_empty
    rule, sig = scn.decision_rule, list(scn.signatory_index)
    b = scn.space.all_bundles()
    u, ok = scn.utilities(b)[:, sig], scn.accepts(b)[:, sig]
    clean = scn.red_lines_broken(b)[:, sig] == 0

    def agree(s):
        return bool(ok[:, list(s)].all(axis=1).any())

    veto = set(rule.veto_positions)
    subsets = [set(c) for r in range(len(sig) + 1) for c in combinations(range(len(sig)), r) if veto <= set(c)]
    feasible = [s for s in subsets if agree(s)]
    best = max(feasible, key=lambda s: (sum(rule.weights[k] for k in s), len(s))) if feasible else veto
    row = why.coalitions.iloc[0]
    weight = sum(rule.weights[k] for k in best) / sum(rule.weights)
    assert row["weight_share"] == pytest.approx(weight) and row["can_agree"] == bool(feasible)
    assert "winning coalition" in why.reason and len(str(why).splitlines()) > 1
    if feasible:
        gaps = why.reservation_gaps.set_index("actor")
        for k in set(range(len(sig))) - set(row["members"] and [scn.actor_names.index(a) for a in
                                                                 row["members"].split(", ")]):
            name = scn.actor_names[sig[k]]
            mask = ok[:, sorted(best)].all(axis=1) & clean[:, k]
            expected = u[mask, k].max() if mask.any() else None
            got = gaps.loc[name, "best_utility"]
            assert (pd.isna(got) and expected is None) or got == pytest.approx(expected)
    for r in why.coalitions[why.coalitions["wins"]].itertuples():
        members = [scn.actor_names.index(a) for a in r.members.split(", ")]
        assert not agree(members)
        opens = []
        for k in members:
            mask = ok[:, [j for j in members if j != k]].all(axis=1) & clean[:, k]
            if mask.any():
                opens.append(scn.reservations[sig[k]] - u[mask, k].max())
        assert (np.isnan(r.gap) and not opens) or r.gap == pytest.approx(min(opens))


def test_a_walk_out_ends_weighted_talks_only_when_no_winning_coalition_is_left(toy_dict):
    """x can never be satisfied and walks out in month 2. Under 3 of 4 the others can still win, so the
    talks go on (x counted as rejecting) and end in a deal; with x holding a veto, or under unanimity,
    the walk-out ends them."""
    toy_dict["actors"].append({"key": "x", "reservation": 0.99, "capability": 0.2, "weights": {"money": 1},
                               "values": {"money": [0.0, 0.3, 0.5]}})
    proto = {"name": "mediated", "deadline": 24, "walk_out": {"patience": 2, "margin": 0.0}}
    members = ["a", "b", "m", "x"]

    def talks(veto):
        toy_dict["signatories"] = {"rule": "weighted", "members": members, "weights": dict.fromkeys(members, 1),
                                   "quota": 0.75, "veto": veto}
        return sim.negotiate(sim.Scenario.from_dict(toy_dict), protocol=proto, seed=0)

    on = talks([])
    assert on.agreement.reached and on.agreement.month > 2 and on.agreement.walked_out == ("x",)
    after = on.history[(on.history["actor"] == "x") & (on.history["month"] > 2)]
    assert len(after) and not after["accepts"].astype(bool).any()  # counted as rejecting
    vetoed = talks(["x"])
    assert vetoed.agreement.reason == "walk_out" and vetoed.agreement.month == 2
    toy_dict["signatories"] = members
    unanimous = sim.negotiate(sim.Scenario.from_dict(toy_dict), protocol=proto, seed=0)
    assert unanimous.agreement.reason == "walk_out" and unanimous.agreement.walked_out == ("x",)
