"""The command line end to end, in a temporary folder, as a user runs it."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def digest_tree(root: Path) -> dict[str, str]:
    """Hashes of every result file; timings and Hydra's snapshot (which records paths) are left out."""
    skip = {"timings.json"}
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".hydra" not in p.parts and p.name not in skip}


@pytest.fixture(scope="module")
def toy_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    r = run_cli(f"scenario_file={DATA / 'toy.yaml'}", "hydra.run.dir=run1", cwd=tmp)
    return tmp, r


def test_toy_run_writes_outputs(toy_run):
    tmp, r = toy_run
    assert r.returncode == 0, r.stderr
    out = tmp / "run1"
    for f in ["scenario.yaml", "meta.json", "summary.json", "tables/verdicts.parquet", "tables/verdicts.csv",
              "figures/verdicts.png", ".hydra/config.yaml"]:
        assert (out / f).is_file(), f
    assert "maximal_a" in r.stdout and "Scenario toy" in r.stdout


def test_same_seed_same_bytes(toy_run):
    tmp, _ = toy_run
    r = run_cli(f"scenario_file={DATA / 'toy.yaml'}", "hydra.run.dir=run2", cwd=tmp)
    assert r.returncode == 0, r.stderr
    a, b = digest_tree(tmp / "run1"), digest_tree(tmp / "run2")
    assert a == b and len(a) >= 7


@pytest.mark.parametrize("content, words", [
    ("name: x\nissues: [\n", "malformed YAML"),
    ("name: x\nissues:\n  - {key: a, options: [p, q]}\nactors:\n  - {key: z, weights: {b: 1}, values: {}}\n",
     "actors[0].weights.b"),
])
def test_bad_scenario_one_message_exit_2_no_folder(tmp_path, content, words):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    r = run_cli(f"scenario_file={bad}", cwd=tmp_path)
    assert r.returncode == 2
    assert words in r.stderr and str(bad) in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    runs = tmp_path / "experiments" / "runs"
    assert not runs.exists() or not any(runs.iterdir())


def test_missing_scenario_file(tmp_path):
    r = run_cli("scenario_file=nowhere.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_unknown_stage(tmp_path):
    r = run_cli(f"scenario_file={DATA / 'toy.yaml'}", "stages=[verdicts,astrology]", cwd=tmp_path)
    assert r.returncode == 2 and "astrology" in r.stderr and "Traceback" not in r.stderr


def test_bad_run_config_lists_every_problem(tmp_path):
    r = run_cli(f"scenario_file={DATA / 'toy.yaml'}", "stages=[negotiation]", "protocol.deadline=-1",
                "+war.actors.a.cost=2", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "protocol.deadline" in r.stderr and "war.actors.a.cost" in r.stderr
    runs = tmp_path / "experiments" / "runs"
    assert not runs.exists() or not any(runs.iterdir())


def test_switching_strategy_ignores_the_old_parameters(tmp_path):
    r = run_cli("stages=[negotiation]", "figures=false", "+negotiation.actors.russia.strategy=hardliner",
                "negotiation.ensemble.runs=4", "hydra.run.dir=run", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # the run's strategy replaces the scenario's entry, calibrated beta and deadline included
    assert "not used by strategy" not in r.stdout


@pytest.mark.parametrize("override, words", [("seed=abc", "seed:"), ("stages=verdicts", "stages:"),
                                             ("figures=maybe", "figures:"), ("+agenda.land=half", "agenda.land")])
def test_bad_run_keys_exit_2_before_writing(tmp_path, override, words):
    r = run_cli(f"scenario_file={DATA / 'toy.yaml'}", override, "hydra.run.dir=out", cwd=tmp_path)
    assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()
