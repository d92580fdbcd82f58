"""The command line as a user runs it: one subprocess smoke test of ``python -m sim``; the entry point's
error contract (one message, exit status 2, no traceback, nothing written) checked in-process."""

import subprocess
import sys

import pytest

from tests.helpers import TOY, cli_main, digest_tree, run_main


def test_python_m_sim_smoke(tmp_path):
    """The installed entry point end to end: Hydra's run folder, its snapshot, tables and a figure."""
    r = subprocess.run([sys.executable, "-m", "sim", TOY, "stages=[verdicts]", "hydra.run.dir=run1"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "run1"
    for f in ["scenario.yaml", "meta.json", "summary.json", "tables/verdicts.parquet", "tables/verdicts.csv",
              "figures/verdicts.png", "report.html", ".hydra/config.yaml"]:
        assert (out / f).is_file(), f
    assert "maximal_a" in r.stdout and "Scenario toy" in r.stdout and "Results in" in r.stdout


def assert_refused(code, capsys, tmp_path, *words):
    out, err = capsys.readouterr()
    assert code == 2, err
    for w in words:
        assert w in err, (w, err)
    assert "Traceback" not in err + out
    runs = tmp_path / "experiments" / "runs"
    assert not runs.exists() or not any(runs.iterdir())
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content, words", [
    ("name: x\nissues: [\n", "malformed YAML"),
    ("name: x\nissues:\n  - {key: a, options: [p, q]}\nactors:\n  - {key: z, weights: {b: 1}, values: {}}\n",
     "actors[0].weights.b"),
])
def test_bad_scenario_one_message_exit_2_no_folder(tmp_path, monkeypatch, capsys, content, words):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    assert_refused(cli_main(tmp_path, monkeypatch, f"scenario_file={bad}"), capsys, tmp_path, words, str(bad))


def test_missing_scenario_file(tmp_path, monkeypatch, capsys):
    assert_refused(cli_main(tmp_path, monkeypatch, "scenario_file=nowhere.yaml"), capsys, tmp_path, "no such file")


def test_unknown_stage(tmp_path, monkeypatch, capsys):
    code = cli_main(tmp_path, monkeypatch, TOY, "stages=[verdicts,astrology]")
    assert_refused(code, capsys, tmp_path, "astrology", "known stages: verdicts")


def test_bad_run_config_lists_every_problem(tmp_path, monkeypatch, capsys):
    code = cli_main(tmp_path, monkeypatch, TOY, "stages=[negotiation,analysis]", "protocol.deadline=-1",
               "+war.actors.a.cost=2", "analysis.zone_points=none")
    assert_refused(code, capsys, tmp_path, "protocol.deadline", "war.actors.a.cost", "analysis.zone_points")


@pytest.mark.parametrize("override, words", [("seed=abc", "seed:"), ("stages=verdicts", "stages:"),
                                             ("figures=maybe", "figures:"), ("+agenda.land=half", "agenda.land")])
def test_bad_run_keys_exit_2_before_writing(tmp_path, monkeypatch, capsys, override, words):
    assert_refused(cli_main(tmp_path, monkeypatch, TOY, override, "hydra.run.dir=out"), capsys, tmp_path, words)


def test_entry_point_writes_the_same_bytes_as_run(tmp_path, monkeypatch, capsys):
    """What ``python -m sim`` writes is what ``sim.runs.run`` writes for the composed config."""
    assert cli_main(tmp_path, monkeypatch, TOY, "stages=[verdicts,analysis]", "figures=false",
                    "hydra.run.dir=a") == 0
    assert "Results in" in capsys.readouterr().out
    run_main(tmp_path / "b", TOY, "stages=[verdicts,analysis]", "figures=false")
    a, b = digest_tree(tmp_path / "a"), digest_tree(tmp_path / "b")
    assert a == b and len(a) >= 20


def test_toy_run_same_seed_same_bytes(tmp_path):
    """Every table of every stage; figures' bytes are checked on the default run (slow)."""
    small = (TOY, "negotiation.ensemble.runs=20", "uncertainty.draws=20", "figures=false")
    said = run_main(tmp_path / "run1", *small)
    assert "maximal_a" in said and "Scenario toy" in said
    run_main(tmp_path / "run2", *small)
    a, b = digest_tree(tmp_path / "run1"), digest_tree(tmp_path / "run2")
    assert a == b and len(a) > 30
    run_main(tmp_path / "run3", *small, "seed=1")
    c = digest_tree(tmp_path / "run3")
    assert c["tables/verdicts.parquet"] == a["tables/verdicts.parquet"]  # no randomness in the verdicts
    assert c["tables/negotiation_ensemble_runs.parquet"] != a["tables/negotiation_ensemble_runs.parquet"]


def test_switching_strategy_ignores_the_old_parameters(tmp_path):
    said = run_main(tmp_path / "run", "stages=[negotiation]", "figures=false",
                    "+negotiation.actors.russia.strategy=hardliner", "negotiation.ensemble.runs=4")
    # the run's strategy replaces the scenario's entry, calibrated beta and deadline included
    assert "Negotiating" in said and "not used by strategy" not in said


def test_finished_run_is_not_redone(tmp_path):
    run_main(tmp_path / "run", TOY, "stages=[verdicts]", "figures=false")
    before = (tmp_path / "run" / "summary.json").stat().st_mtime_ns
    assert "Already done" in run_main(tmp_path / "run", TOY, "stages=[verdicts]", "figures=false")
    assert (tmp_path / "run" / "summary.json").stat().st_mtime_ns == before



def test_a_plain_dict_takes_config_yaml_for_what_it_leaves_out(tmp_path):
    """``run`` with a hand-written dict: no scenario means config.yaml's, no seed means its seed."""
    from sim.runs import run

    run({"stages": ["verdicts"], "figures": False}, tmp_path / "plain", say=lambda s: None)
    composed = tmp_path / "composed"
    run_main(composed, "stages=[verdicts]", "figures=false")
    plain, full = digest_tree(tmp_path / "plain"), digest_tree(composed)
    assert plain["tables/verdicts.parquet"] == full["tables/verdicts.parquet"]
    assert plain["scenario.yaml"] == full["scenario.yaml"]
