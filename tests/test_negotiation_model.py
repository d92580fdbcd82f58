"""The negotiation model: invariants of every run (what a signed text and an acceptance must satisfy),
reproducibility, both protocols with every strategy on the toy and the default scenario."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.negotiation import NegotiationModel, Outcome, negotiate
from sim.negotiation.model import AGENT_REPORTERS, MODEL_REPORTERS

DATA = Path(__file__).parent / "data"

STRATEGY_NAMES = ["boulware", "linear", "conceder", "tit_for_tat", "hardliner"]
PROTOCOLS = ["mediated", "alternating"]


@pytest.fixture(scope="module")
def ukraine():
    return sim.load_scenario("ukraine_2025")


@pytest.fixture(scope="module")
def toy_ratified():
    """The toy scenario with a ratification constraint on actor a (public dislikes giving land away)."""
    d = yaml.safe_load((DATA / "toy.yaml").read_text())
    d["actors"][0]["ratification"] = {"threshold": 0.5, "baseline": 0.6, "shifts": {"land": {"split": -0.15}}}
    return sim.Scenario.from_dict(d)


def check_invariants(result) -> None:
    """Nobody accepts below its reservation value, across a red line or without public support; a signed
    text is acceptable to every signatory in the month it is signed."""
    scn, h = result.scenario, result.history
    cs = result.model.candidates
    thresholds = dict(zip(scn.actor_names, cs.thresholds))
    acc = h[h["accepts"].fillna(False).astype(bool)]
    assert (acc["utility"] >= acc["reservation"]).all(), "accepted below the reservation value"
    assert (acc["utility"] >= acc["aspiration"]).all(), "accepted below the aspiration"
    constrained = acc[acc["support"].notna()]
    assert (constrained["support"] >= constrained["actor"].map(thresholds)).all(), "accepted without support"
    texts = result.texts
    for _, row in acc.iterrows():  # no accepted text crosses the acceptor's red lines
        bundle = [scn.space.issue(k).option_index(texts.loc[row["month"] - 1, k]) for k in scn.space.issue_keys]
        assert scn.red_lines_broken([bundle])[0, scn.actor_names.index(row["actor"])] == 0
    a = result.agreement
    if a.reached:
        last = h[(h["month"] == a.month) & h["signatory"]]
        assert last["accepts"].all() and (last["utility"] >= last["reservation"]).all()
        ok = scn.accepts([a.bundle])[0]
        r_now = last.set_index("actor")["reservation"]
        u = scn.utilities([a.bundle])[0]
        for k in scn.signatory_index:
            key = scn.actor_names[k]
            assert scn.red_lines_broken([a.bundle])[0, k] == 0
            assert u[k] >= r_now[key]
        assert a.month <= result.model.deadline
        assert ok.shape == (scn.n_actors,)
    else:
        assert a.reason in (Outcome.DEADLINE, Outcome.WALK_OUT)


# --- the Mesa model -----------------------------------------------------------------------------
def test_smoke_ten_seeded_steps(toy):
    """Mesa's example smoke test: ten seeded steps, named reporters, one agent per actor."""
    m = NegotiationModel(toy, protocol={"name": "mediated", "mediator": "m", "deadline": 40}, war="ukraine_2025",
                         negotiation={}, rng=42)
    assert len(m.agents) == toy.n_actors
    for _ in range(10):
        if m.running:
            m.step()
    model_df = m.datacollector.get_model_vars_dataframe()
    agent_df = m.datacollector.get_agent_vars_dataframe()
    assert list(model_df.columns) == list(MODEL_REPORTERS)
    assert list(agent_df.columns) == list(AGENT_REPORTERS)
    assert len(model_df) == m.month + 1  # month 0 is recorded too


def test_neutral_mediator_is_an_extra_agent(toy):
    m = NegotiationModel(toy, protocol={"name": "mediated", "mediator": "neutral"}, negotiation={}, rng=0)
    assert len(m.agents) == toy.n_actors + 1
    m.run_model()
    assert set(m.proposer_keys) == {"mediator"}


def test_opening_text_takes_the_first_month(toy):
    r = negotiate(toy, protocol={"name": "mediated", "mediator": "m", "opening": "maximal_a"}, negotiation={},
                  seed=0)
    first = r.texts.iloc[0]
    assert first["proposer"] == "opening"
    assert (first["land"], first["alliance"]) == ("all_a", "join")


# --- invariants over many runs ------------------------------------------------------------------
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), protocol=st.sampled_from(PROTOCOLS),
       strategy=st.sampled_from(STRATEGY_NAMES), noise=st.sampled_from([0.0, 0.1, 0.3]),
       war=st.sampled_from(["static", "ukraine_2025", "aid_cutoff"]), ratified=st.booleans())
def test_invariants_on_the_toy(toy, toy_ratified, seed, protocol, strategy, noise, war, ratified):
    scn = toy_ratified if ratified else toy
    result = negotiate(scn, protocol={"name": protocol, "mediator": "m", "deadline": 18}, war=war,
                       negotiation={"default": {"strategy": strategy}, "beliefs": {"noise": noise}}, seed=seed)
    check_invariants(result)


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_invariants_on_the_default_scenario(ukraine, protocol, seed):
    check_invariants(negotiate(ukraine, protocol=protocol, seed=seed))


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_empty_zone_and_static_reservations_never_agree(toy_dict, protocol):
    d = dict(toy_dict)
    d["actors"] = [dict(a) for a in toy_dict["actors"]]
    d["actors"][0]["reservation"] = 0.9
    d["actors"][1]["reservation"] = 0.9
    scn = sim.Scenario.from_dict(d)
    every = scn.space.all_bundles()
    assert not scn.accepts(every)[:, scn.signatory_index].all(axis=1).any(), "the zone must be empty"
    for seed in range(25):
        for strategy in STRATEGY_NAMES:
            r = negotiate(scn, protocol={"name": protocol, "mediator": "m", "deadline": 24}, war="static",
                          negotiation={"default": {"strategy": strategy}, "beliefs": {"noise": 0.2}}, seed=seed,
                          record=False)
            assert not r.agreement.reached


def test_ratification_blocks_what_the_public_rejects(toy_dict):
    """A public that supports no deal (threshold above any support) means no agreement, ever."""
    d = dict(toy_dict)
    d["actors"] = [dict(a) for a in toy_dict["actors"]]
    d["actors"][0]["ratification"] = {"threshold": 0.9, "baseline": 0.5}
    scn = sim.Scenario.from_dict(d)
    for seed in range(10):
        r = negotiate(scn, protocol={"name": "alternating", "deadline": 12}, war="static",
                      negotiation={"default": {"strategy": "conceder"}}, seed=seed)
        assert not r.agreement.reached
        assert (r.history.loc[r.history["actor"] == "a", "accepts"].fillna(False) == False).all()  # noqa: E712


# --- reproducibility ----------------------------------------------------------------------------
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_same_seed_same_history(ukraine, protocol):
    a = negotiate(ukraine, protocol=protocol, seed=11)
    b = negotiate(ukraine, protocol=protocol, seed=11)
    pd.testing.assert_frame_equal(a.history, b.history)
    pd.testing.assert_frame_equal(a.texts, b.texts)
    assert a.agreement == b.agreement
    c = negotiate(ukraine, protocol=protocol, seed=12)
    assert not a.history.equals(c.history)


def test_seed_sequence_and_int_seed_agree(toy):
    a = negotiate(toy, negotiation={}, seed=5)
    b = negotiate(toy, negotiation={}, seed=np.random.SeedSequence(5))
    pd.testing.assert_frame_equal(a.history, b.history)


# --- every protocol and strategy runs, small and default ----------------------------------------
@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("strategy", STRATEGY_NAMES)
@pytest.mark.parametrize("scenario", ["toy", "ukraine"])
def test_every_protocol_and_strategy_runs(request, toy, protocol, strategy, scenario):
    scn = toy if scenario == "toy" else request.getfixturevalue("ukraine")
    r = negotiate(scn, protocol=protocol, negotiation={"default": {"strategy": strategy},
                                                       "beliefs": {"noise": 0.1}}, seed=1)
    h = r.history
    assert set(h["actor"]) == set(scn.actor_names)
    assert h["month"].max() == r.agreement.month
    assert list(h["month"].unique()) == list(range(r.agreement.month + 1))
    check_invariants(r)


def test_unknown_names_are_notes_not_errors(toy):
    r = negotiate(toy, protocol={"name": "mediated", "mediator": "us", "opening": "us_april_2025"}, war="ukraine_2025",
                  negotiation={"actors": {"russia": {"strategy": "boulware"}}}, seed=0)
    text = " ".join(r.notes)
    assert "mediator 'us'" in text and "neutral mediator" in text
    assert "opening 'us_april_2025'" in text
    assert "war.actors" in text and "negotiation.actors" in text


def test_agreement_describes_itself(toy):
    r = negotiate(toy, protocol={"name": "mediated", "mediator": "m"}, war="static", negotiation={}, seed=0)
    if r.agreement.reached:
        assert str(r.agreement).startswith("agreement in month")
        assert set(r.agreement.options) == set(toy.space.issue_keys)
    else:
        assert str(r.agreement).startswith("no agreement")
