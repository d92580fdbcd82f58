"""One test per kind of mistake: each must raise ScenarioError naming the key path."""

import copy

import pytest

import sim
from sim.scenario import ScenarioError


def mutate(d, fn):
    d = copy.deepcopy(d)
    fn(d)
    return d


def _set(path, value):
    def fn(d):
        node = d
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
    return fn


CASES = {
    "unknown_top_key": (_set(["colour"], "red"), "colour", "unknown key"),
    "unknown_issue_in_weights": (_set(["actors", 0, "weights", "lnd"], 1), "actors[0].weights.lnd", "unknown issue"),
    "unknown_issue_in_values": (_set(["actors", 0, "values", "lnd"], [0, 1]), "actors[0].values.lnd",
                                "unknown issue"),
    "unknown_actor_key_field": (_set(["actors", 1, "salience"], {}), "actors[1].salience", "unknown key"),
    "values_wrong_length": (_set(["actors", 0, "values", "land"], [1.0, 0.5]), "actors[0].values.land",
                            "3 options"),
    "value_above_one": (_set(["actors", 0, "values", "money"], [0.0, 0.5, 1.5]), "actors[0].values.money[2]",
                        "[0.0, 1.0]"),
    "value_not_number": (_set(["actors", 0, "values", "money"], [0.0, "high", 1.0]), "actors[0].values.money[1]",
                         "not a value"),
    "missing_value_table": (lambda d: d["actors"][0]["values"].pop("money"), "actors[0].values.money",
                            "missing value table"),
    "negative_weight": (_set(["actors", 0, "weights", "land"], -1), "actors[0].weights.land", "non-negative"),
    "all_zero_weights": (_set(["actors", 2, "weights"], {"money": 0}), "actors[2].weights", "all weights are zero"),
    "reservation_out_of_range": (_set(["actors", 0, "reservation"], 1.4), "actors[0].reservation", "outside"),
    "duplicate_actor": (_set(["actors", 1, "key"], "a"), "actors[1].key", "duplicate actor"),
    "duplicate_issue": (_set(["issues", 1, "key"], "land"), "issues[1].key", "duplicate issue"),
    "duplicate_option": (_set(["issues", 0, "options"], ["all_a", "all_a", "all_b"]), "options[1]",
                         "duplicate option"),
    "bad_issue_key": (_set(["issues", 0, "key"], "Land Area"), "issues[0].key", "snake_case"),
    "yaml_boolean_option": (_set(["issues", 1, "options"], ["join", False]), "options[1]", "booleans"),
    "red_line_unknown_option": (_set(["actors", 0, "red_lines"], {"land": ["half"]}), "actors[0].red_lines.land[0]",
                                "unknown option 'half'"),
    "red_line_unknown_issue": (_set(["actors", 0, "red_lines"], {"sea": [0]}), "actors[0].red_lines.sea",
                               "unknown issue"),
    "red_line_index_out_of_range": (_set(["actors", 0, "red_lines"], {"land": [7]}), "actors[0].red_lines.land[0]",
                                    "index 0..2"),
    "every_option_a_red_line": (_set(["actors", 0, "red_lines"], {"alliance": [0, 1]}), "actors[0].red_lines.alliance",
                                "every option"),
    "interaction_unknown_issue": (_set(["actors", 1, "interactions"], [{"when": {"sea": 0}, "value": 0.1}]),
                                  "actors[1].interactions[0].when.sea", "unknown issue"),
    "interaction_unknown_option": (_set(["actors", 1, "interactions"], [{"when": {"money": "heaps"}, "value": 0.1}]),
                                   "actors[1].interactions[0].when.money", "unknown option"),
    "interaction_without_when": (_set(["actors", 1, "interactions"], [{"value": 0.1}]), "actors[1].interactions[0]",
                                 "when"),
    "signatory_not_actor": (_set(["signatories"], ["a", "z"]), "signatories[1]", "'z' is not an actor"),
    "proposal_unknown_issue": (_set(["proposals", "deal", "options", "sea"], 0), "proposals.deal.options.sea",
                               "unknown issue"),
    "proposal_unknown_option": (_set(["proposals", "deal", "options", "land"], "most"), "proposals.deal.options.land",
                                "unknown option 'most'"),
    "proposal_silent_without_status_quo": (lambda d: d["proposals"]["deal"]["options"].pop("alliance"),
                                           "proposals.deal.options.alliance", "status_quo"),
    "status_quo_unknown": (_set(["issues", 0, "status_quo"], "half"), "issues[0] (land).status_quo", "unknown option"),
    "empty_issues": (_set(["issues"], []), "issues", "no issues"),
    "issue_with_one_option": (_set(["issues", 1, "options"], ["join"]), "issues[1] (alliance).options",
                              "at least 2 options"),
    "no_actors": (_set(["actors"], []), "actors", "no actors"),
    "missing_name": (lambda d: d.pop("name"), "name", "missing"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_mistake_is_named(toy_dict, case):
    fn, path, words = CASES[case]
    with pytest.raises(ScenarioError) as err:
        sim.Scenario.from_dict(mutate(toy_dict, fn))
    msg = str(err.value)
    assert path in msg, msg
    assert words in msg, msg
    assert isinstance(err.value, ValueError)
    assert any(path in p for p, _ in err.value.problems)


def test_all_mistakes_reported_together(toy_dict):
    def several(d):
        d["actors"][0]["values"]["land"] = [1.0]
        d["signatories"] = ["a", "nobody"]
        d["proposals"]["deal"]["options"]["land"] = "most"
    with pytest.raises(ScenarioError) as err:
        sim.Scenario.from_dict(mutate(toy_dict, several))
    paths = [p for p, _ in err.value.problems]
    assert "actors[0].values.land" in paths
    assert "signatories[1]" in paths
    assert "proposals.deal.options.land" in paths
    assert str(err.value).startswith("scenario: 3 problems")


def test_malformed_yaml_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nissues:\n  - key: a\n    options: [p, q\n")
    with pytest.raises(ScenarioError) as err:
        sim.load_scenario(bad)
    assert str(bad) in str(err.value) and "malformed YAML at line" in str(err.value)


def test_missing_file_lists_known_scenarios(tmp_path):
    with pytest.raises(ScenarioError) as err:
        sim.load_scenario(tmp_path / "nope.yaml")
    assert "no such file" in str(err.value)


def test_not_a_mapping(tmp_path):
    f = tmp_path / "list.yaml"
    f.write_text("- a\n- b\n")
    with pytest.raises(ScenarioError, match="mapping"):
        sim.load_scenario(f)


def test_extends_merges_by_key(tmp_path, toy_dict):
    base = tmp_path / "base.yaml"
    import yaml
    base.write_text(yaml.safe_dump(toy_dict))
    child = tmp_path / "child.yaml"
    child.write_text(
        "extends: base.yaml\nname: child\n"
        "actors:\n  - key: a\n    reservation: 0.1\n"
        "  - key: c\n    weights: {land: 1}\n    values: {land: [0.2, 0.4, 0.6]}\n"
        "signatories: [a, b, c]\n")
    scn = sim.load_scenario(child)
    assert scn.name == "child" and scn.actor_names == ["a", "b", "m", "c"]
    assert scn.actor("a").reservation == 0.1 and scn.actor("a").weights[0] == 0.5  # merged, not replaced
    assert scn.signatories == ("a", "b", "c")


def test_extends_cycle(tmp_path):
    f = tmp_path / "loop.yaml"
    f.write_text("extends: loop.yaml\nname: loop\n")
    with pytest.raises(ScenarioError, match="cycle"):
        sim.load_scenario(f)


def test_to_dict_round_trip(toy):
    again = sim.Scenario.from_dict(toy.to_dict())
    import numpy as np
    b = toy.space.all_bundles()
    np.testing.assert_array_equal(again.utilities(b), toy.utilities(b))
    assert again.proposals == toy.proposals
