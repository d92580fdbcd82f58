"""Every bad input on the command line: one message naming the key and the fix, exit 2, no traceback,
nothing written (run in-process: the same ``main`` as ``python -m sim``)."""

import os
import sys
from pathlib import Path

import pytest

from sim.cli import main

TOY = Path(__file__).parent / "data" / "toy.yaml"


def run_main(monkeypatch, tmp_path, *args):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["negotiation-sim", f"scenario_file={TOY}", "stages=[verdicts]",
                                      "figures=false", *args])
    with pytest.raises(SystemExit) as e:
        main()
    return e.value.code


@pytest.mark.parametrize("override, words", [
    ("protocol=nope", "protocol=nope: no such option in group `protocol`; use one of alternating, mediated"),
    ("war=nope", "no such option in group `war`"),
    ("+experiment=nope", "experiment=nope: no such option in group `experiment`; use one of concessions"),
    ("foo=1", "foo: no such setting"),
    ("protocol.dedline=3", "protocol.dedline: no such setting"),
    ("+foo=1", "foo: unknown setting"),
    ("+seeds=3", "seeds: unknown setting; did you mean `seed`?"),
    ("+analysis.bogus=1", "analysis.bogus: unknown key"),
    ("analysis.zone_points=abc", "analysis.zone_points: 'abc' is not a whole number"),
    ("uncertainty.draws=-1", "uncertainty.draws"),  # a stage that is not run is still checked
    ("negotiation.ensemble.runs=-1", "negotiation.ensemble.runs"),
    ("seed=${nope}", "seed: Interpolation key 'nope' not found"),
    ("seed=[1", "seed=[1: cannot be parsed"),
    ("stages=[verdicts,astrology]", "unknown stage 'astrology'"),
])
def test_bad_setting_one_message_exit_2_nothing_written(monkeypatch, tmp_path, capsys, override, words):
    code = run_main(monkeypatch, tmp_path, override)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and words in err, err
    assert "Traceback" not in err and "Hydra" not in err
    assert list(tmp_path.iterdir()) == []


def test_run_folder_that_is_a_file(monkeypatch, tmp_path, capsys):
    (tmp_path / "taken").write_text("not a folder")
    assert run_main(monkeypatch, tmp_path, "hydra.run.dir=taken") == 2
    err = capsys.readouterr().err
    assert "taken: exists and is not a folder; choose another output folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert (tmp_path / "taken").read_text() == "not a folder"


def test_agenda_list_then_overridden(monkeypatch, tmp_path, capsys):
    bad = tmp_path / "in" / "agenda.yaml"
    bad.parent.mkdir()
    bad.write_text(TOY.read_text() + "agenda: [land]\n")
    assert run_main(monkeypatch, tmp_path, f"scenario_file={bad}", "+agenda.land=split") == 2
    err = capsys.readouterr().err
    assert f"scenario {bad}" in err and "agenda: ['land'] is not a mapping" in err
    assert [p.name for p in tmp_path.iterdir()] == ["in"]


def test_nan_strategy_parameter_refused():
    from sim.negotiation.config import ConfigError, negotiation_settings

    with pytest.raises(ConfigError, match=r"negotiation.actors.a: beta: nan is not a finite number"):
        negotiation_settings({"actors": {"a": {"strategy": "boulware", "beta": float("nan")}}})


@pytest.mark.parametrize("sweep, words", [
    ("protocol=mediated,nope,bad", ["protocol=nope: no such option in group `protocol`", "protocol=bad: no such"]),
    ("+experiment=plans,nope", ["experiment=nope: no such option in group `experiment`"]),
])
def test_sweep_over_a_bad_group_option_fails_before_launching(monkeypatch, tmp_path, capsys, sweep, words):
    code = run_main(monkeypatch, tmp_path, "-m", sweep, "sweep_name=s")
    err = capsys.readouterr().err
    assert code == 2 and err.count("error: ") == 1 and all(w in err for w in words), err
    assert "Traceback" not in err and "protocol=mediated:" not in err
    assert list(tmp_path.iterdir()) == []  # no sweep folder, no job started
    assert capsys.readouterr().out == ""


def test_hydra_full_error_is_set_only_while_the_app_runs(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("HYDRA_FULL_ERROR", raising=False)
    assert run_main(monkeypatch, tmp_path, "protocol=nope") == 2
    assert "HYDRA_FULL_ERROR" not in os.environ
    monkeypatch.setenv("HYDRA_FULL_ERROR", "0")  # a caller's own value comes back
    assert run_main(monkeypatch, tmp_path, "protocol=nope") == 2
    assert os.environ["HYDRA_FULL_ERROR"] == "0"
