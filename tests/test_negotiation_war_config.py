"""War dynamics (the equations of sim/negotiation/war.py), the config groups, and the ratification schema."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

import sim
from sim.negotiation import ConfigError, NegotiationModel, negotiation_settings, protocol_settings
from sim.negotiation.config import war_settings
from sim.negotiation.war import War
from sim.scenario import CONFIG_DIR
from sim.settings import load_group


@pytest.fixture(scope="module")
def ukraine():
    return sim.load_scenario("ukraine_2025")


# --- war ----------------------------------------------------------------------------------------
def test_static_war_leaves_reservations_alone(ukraine):
    war = War(war_settings("static"), ukraine, np.random.default_rng(0))
    for month in range(1, 37):
        war.step(month, lambda rule, among: None)
    assert np.array_equal(war.reservation, ukraine.reservations)
    assert np.isnan(war.battle)


def test_reservation_follows_the_documented_equation(ukraine):
    s = war_settings("ukraine_2025")
    war = War(s, ukraine, np.random.default_rng(1))
    wins = 0
    for month in range(1, 6):  # before the June deadline event
        war.step(month, lambda rule, among: None)
        wins += war.battle
    n0, H = s.prior_strength, s.horizon
    for k, key in enumerate(ukraine.actor_names):
        a = s.actor(key)
        p = (a.belief * n0 + wins) / (n0 + 5)  # (3)-(4)
        c = a.monthly_cost * (1 + a.exhaustion * 5)  # (5)
        r = ukraine.reservations[k] + a.stakes * (p - a.belief) - H * (c - a.monthly_cost)  # (7)
        assert war.belief[k] == pytest.approx(p)
        assert war.reservation[k] == pytest.approx(min(max(r, 0.0), 1.0))
        assert war.support_shift[k] == pytest.approx(a.support_drift * 5)  # (8)


def test_battles_follow_the_balance(ukraine):
    war = War(war_settings({"battle": {"balance": 0.9}}), ukraine, np.random.default_rng(2))
    results = []
    for month in range(1, 401):
        war.step(month, lambda rule, among: None)
        results.append(war.battle)
    assert 0.85 < np.mean(results) < 0.95


def test_scheduled_event_shifts_the_balance_and_reservation(ukraine):
    s = war_settings("aid_cutoff")
    war = War(s, ukraine, np.random.default_rng(0))
    for month in (1, 2):
        war.step(month, lambda rule, among: None)
    assert war.balance == pytest.approx(s.balance)
    war.step(3, lambda rule, among: None)
    assert war.balance == pytest.approx(s.balance + 0.10)
    assert "aid" in war.fired
    assert war.reservation_shift[ukraine.actor_names.index("ukraine")] == pytest.approx(-0.05)


def test_deadline_blames_among_the_listed_parties_only(ukraine):
    seen = []

    def blame(rule, among):
        seen.append((rule, among))
        return "russia"

    war = War(war_settings("ukraine_2025"), ukraine, np.random.default_rng(0))
    for month in range(1, 7):
        war.step(month, blame)
    assert seen == [("most_objections", ["russia", "ukraine"])]
    assert "Russia blamed" in war.fired
    assert war.extra_cost[0] == pytest.approx(0.002)


def test_model_blame_rule_never_picks_the_mediator(ukraine):
    m = NegotiationModel(ukraine, protocol="mediated", rng=0)
    for _ in range(4):
        m.step()
    assert m.blame("most_objections") != "us"
    assert m.blame("lowest_margin", ["ukraine"]) == "ukraine"


# --- config groups ------------------------------------------------------------------------------
@pytest.mark.parametrize("group,parse", [("protocol", protocol_settings), ("war", war_settings),
                                         ("negotiation", negotiation_settings)])
def test_every_group_file_parses(group, parse):
    files = sorted((CONFIG_DIR / group).glob("*.yaml"))
    assert files
    for f in files:
        parse(load_group(group, f.stem))


@pytest.mark.parametrize("war", ["ukraine_2025", "static", "aid_cutoff", "sanctions", "scenario"])
def test_hydra_composes_what_the_library_reads(war):
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("config", overrides=[f"war={war}", "protocol=alternating"])
    d = OmegaConf.to_container(cfg, resolve=True)
    assert d["war"] == load_group("war", war)
    assert d["protocol"] == load_group("protocol", "alternating")
    assert war_settings(d["war"]) == war_settings(war)


def test_config_errors_name_the_key_path():
    with pytest.raises(ConfigError) as e:
        war_settings({"battle": {"balanse": 0.5}, "actors": {"russia": {"stakes": 3}},
                      "events": {"x": {"month": 2, "blame": "whoever"}}})
    text = str(e.value)
    assert "war.battle.balanse: unknown key" in text
    assert "war.actors.russia.stakes" in text
    assert "war.events.x.blame" in text
    with pytest.raises(ConfigError, match="protocol.name"):
        protocol_settings({"name": "auction"})
    with pytest.raises(ConfigError, match="negotiation.actors.russia"):
        negotiation_settings({"actors": {"russia": {"strategy": "boulware", "beta": 3}}})
    with pytest.raises(ConfigError, match="no config named"):
        load_group("war", "nuclear")


def test_walk_out_can_be_switched_off():
    assert protocol_settings({"name": "mediated", "walk_out": None}).walk_out is None
    assert protocol_settings("mediated").walk_out.patience == 12


# --- ratification schema ------------------------------------------------------------------------
def test_ratification_parses_and_computes_support():
    scn = sim.load_scenario("ukraine_2025")
    ua = scn.actor("ukraine").ratification
    assert ua is not None and ua.threshold == 0.5
    frozen = scn.proposals["ua_eu_april_2025"].bundle
    assert ua.support(np.array([frozen]))[0] == pytest.approx(ua.baseline)
    plan = scn.proposals["russia_memo_2025"].bundle
    assert ua.support(np.array([plan]))[0] < 0.25  # "completely unacceptable" to 75% (KIIS)
    assert scn.actor("us").ratification is None


def test_ratification_errors_have_key_paths(toy_dict):
    d = yaml.safe_load(yaml.safe_dump(toy_dict))
    d["actors"][0]["ratification"] = {"threshold": 2, "shifts": {"land": [0.1], "nope": [0]}, "typo": 1}
    with pytest.raises(sim.ScenarioError) as e:
        sim.Scenario.from_dict(d)
    text = str(e.value)
    for path in ("actors[0].ratification.threshold", "actors[0].ratification.baseline",
                 "actors[0].ratification.shifts.land", "actors[0].ratification.shifts.nope",
                 "actors[0].ratification.typo"):
        assert path in text


def test_a_preset_that_builds_on_itself_is_one_config_error(tmp_path):
    """Presets and scenarios share one composition rule (``layered``), cycle check included."""
    loop = tmp_path / "loop.yaml"
    loop.write_text(f"defaults:\n  - {loop}\n  - _self_\nname: loop\n")
    with pytest.raises(ConfigError, match="builds on itself"):
        load_group("war", str(loop))
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nname: a\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nname: b\n")
    with pytest.raises(sim.ScenarioError, match="builds on itself"):
        sim.load_scenario(tmp_path / "a.yaml")
