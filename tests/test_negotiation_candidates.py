"""Candidate texts: efficient bundles (checked against dense enumeration), the agenda, thinning, and the
precomputed tables the agents read."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

import sim
from sim.analysis.dominance import nondominated
from sim.negotiation.candidates import build_candidate_set, greedy_frontier, thin


def dense_pareto(scn) -> set[tuple[int, ...]]:
    """Oracle: Pareto-optimal bundles among those crossing no red line and on the agenda, by enumeration."""
    every = scn.space.all_bundles()
    ok = np.ones(len(every), bool)
    for i, allowed in enumerate(scn.allowed):
        ok &= allowed[every[:, i]].all(axis=1)
    b = every[ok]
    u = scn.utility_units(b)  # exact integers (sim.scenario.exact): ties are ties
    keep = [not ((u >= u[k]).all(axis=1) & (u > u[k]).any(axis=1)).any() for k in range(len(u))]
    return {tuple(x) for x in b[np.array(keep, dtype=bool)]}


def random_scenario(seed: int) -> sim.Scenario:
    rng = np.random.default_rng(seed)
    issues = [{"key": f"i{k}", "options": [f"o{j}" for j in range(int(rng.integers(2, 5)))], "status_quo": 0}
              for k in range(5)]
    actors = []
    for a in range(3):
        actors.append({"key": f"a{a}", "reservation": 0.3,
                       "weights": {i["key"]: float(rng.integers(1, 10)) for i in issues},
                       "values": {i["key"]: [round(float(x), 2) for x in rng.random(len(i["options"]))]
                                  for i in issues},
                       "red_lines": {"i0": [len(issues[0]["options"]) - 1]} if a == 0 else {}})
    return sim.Scenario.from_dict({"name": f"random_{seed}", "issues": issues, "actors": actors})


def test_pareto_filter_matches_the_definition():
    rng = np.random.default_rng(0)
    u = np.round(rng.random((300, 3)), 1)  # many ties and duplicates
    keep = nondominated(u)
    for k in range(len(u)):
        dominated = ((u >= u[k]).all(axis=1) & (u > u[k]).any(axis=1)).any()
        assert keep[k] == (not dominated)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_greedy_frontier_is_efficient(seed):
    scn = random_scenario(seed)
    oracle = dense_pareto(scn)
    greedy = {tuple(b) for b in greedy_frontier(scn)}
    assert greedy <= oracle, "every greedy candidate is Pareto-optimal"
    assert len(greedy) >= 0.5 * len(oracle), "and it finds most of the frontier on a small scenario"


def test_analysis_frontier_is_the_dense_frontier(toy):
    cs = build_candidate_set(toy, "analysis", 10_000)
    assert {tuple(b) for b in cs.bundles[:cs.n_efficient]} == dense_pareto(toy)


def test_agenda_limits_the_candidates(toy_dict):
    d = yaml.safe_load(yaml.safe_dump(toy_dict))
    d["agenda"] = {"land": ["split", "all_b"]}
    scn = sim.Scenario.from_dict(d)
    for source in ("greedy", "analysis"):
        cs = build_candidate_set(scn, source, 100)
        assert (cs.bundles[:cs.n_efficient, 0] == 1).all()  # all_a is off the agenda, all_b a red line of a
        # objections rank red lines, not agenda: no option of land counts as a red line for b
        assert cs.flat_allowed[cs.offsets[0]:cs.offsets[0] + 3, 1].all()


def test_thinning_keeps_every_actors_best():
    scn = sim.load_scenario("ukraine_2025")
    full = greedy_frontier(scn)
    kept = thin(scn, full, 200)
    assert len(kept) == 200
    assert np.allclose(scn.utilities(kept).max(axis=0), scn.utilities(full).max(axis=0))


def test_tables_reproduce_utilities(toy):
    cs = build_candidate_set(toy, "auto", 100)
    assert np.allclose(cs.onehot @ cs.flat_values + cs.interaction, cs.utilities)
    assert np.allclose(cs.utilities_t, cs.utilities[:cs.n_efficient].T)
    assert list(cs.proposal_rows) == list(toy.proposals)
    for key, row in cs.proposal_rows.items():
        assert tuple(cs.bundles[row]) == toy.proposals[key].bundle
        assert not cs.efficient[row]
    assert cs.worst_issues(cs.proposal_rows["maximal_a"], 1, 3) == (0, 1)  # land (all_a) then alliance (join)
