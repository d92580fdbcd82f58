"""Scenario files that used to crash or be silently misread: each is one ScenarioError naming the file
(the one holding the mistake, for ``extends``) and the key path, within the limits of sim.scenario.yaml_reader."""

from pathlib import Path

import numpy as np
import pytest

import sim
from sim.scenario import yaml_reader

TOY = (Path(__file__).parent / "data" / "toy.yaml").read_text()


def problems_of(path: Path) -> str:
    with pytest.raises(sim.ScenarioError) as e:
        sim.load_scenario(path)
    assert e.value.source == str(path) or str(path) in str(e.value)
    return str(e.value)


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "name: x\nnotes:\n" + "".join(f"  {line}\n" for line in lines)


@pytest.mark.parametrize("text, words", [
    (TOY.replace("reservation: 0.4", "reservation: 1" + "0" * 400), "actors[0].reservation: an integer of 401"),
    (TOY.replace("reservation: 0.4", "reservation: 1" + "0" * 5000), "more than 4,300 digits"),
    (TOY.replace("reservation: 0.4", "reservation: .nan"), "actors[0].reservation: nan is not"),
    (TOY.replace("reservation: 0.4", "reservation: -.inf"), "actors[0].reservation: -inf is not"),
    (TOY.replace("description: Two", "notes: " + "[" * 5000 + "]" * 5000 + "\ndescription: Two"),
     "nesting deeper than 40 levels at line 3"),
    (alias_bomb(), "more than 1,000,000 values once its aliases"),
    (TOY.replace("  - key: m\n", "  - key: m\n    reservation: 0.1\n"),
     "key 'reservation' given twice in one mapping (lines 28 and 29)"),
    (TOY.replace("when: {alliance: neutral, money: lots}", "when: {alliance: [], money: lots}"),
     "actors[1].interactions[0].when.alliance: empty option list"),
    (TOY + "agenda: [land]\n", "agenda: must be a mapping"),
])
def test_bad_file_one_error(tmp_path, text, words):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    assert words in problems_of(path)


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_reader, "MAX_FILE_BYTES", 2000)
    path = tmp_path / "big.yaml"
    path.write_text(TOY + "#" * 2000)
    assert "over the limit of 2,000" in problems_of(path)


def test_undecodable_file_names_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(TOY.replace("Two parties", "Deux partiés").encode("latin-1"))
    assert "not UTF-8 text: byte 0xe9 at line 3" in problems_of(path)


def test_extends_error_names_the_file_holding_it(tmp_path):
    (tmp_path / "base.yaml").write_text(TOY.replace("name: toy", "name: base\nextends: 5"))
    child = tmp_path / "child.yaml"
    child.write_text("extends: base.yaml\nname: child\n")
    with pytest.raises(sim.ScenarioError) as e:
        sim.load_scenario(child)
    assert e.value.source == str(tmp_path / "base.yaml") and "extends: 5 is not a scenario name" in str(e.value)


def test_extends_entry_whose_key_is_a_list(tmp_path):
    (tmp_path / "toy.yaml").write_text(TOY)
    child = tmp_path / "child.yaml"
    child.write_text("extends: toy.yaml\nname: child\nissues:\n  - {key: [land], label: X}\n")
    assert "issues[0].key: ['land'] is not a key" in problems_of(child)


def test_huge_weights_keep_their_ratio(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(TOY.replace("weights: {land: 2, alliance: 1, money: 1}",
                                "weights: {land: 1.0e+308, alliance: 5.0e+307, money: 5.0e+307}"))
    np.testing.assert_allclose(sim.load_scenario(path).actors[0].weights, [0.5, 0.25, 0.25])


def test_aliases_within_limits_still_read(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text(TOY.replace("values: {money: [1.0, 0.5, 0.0]}", "values: {money: &v [1.0, 0.5, 0.0]}")
                    + "notes: [*v, *v]\n")
    assert sim.load_scenario(path).name == "toy"


def test_long_search_warned_before_it_starts():
    from sim.runs.stage_analysis import LONG_SEARCH_BUNDLES, long_search_note

    assert long_search_note(551_250_000, 12) is None  # the default scenario: seconds
    note = long_search_note(3**60, 60)
    assert note.startswith("note: 4.2e+28 bundles over 60 issues") and "stages=[verdicts]" in note
    assert long_search_note(LONG_SEARCH_BUNDLES, 31) is not None
