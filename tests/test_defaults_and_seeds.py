"""Scenario-specific settings stay with their scenario (another scenario runs with neutral defaults and
says so), and one seed means one result in the API and the CLI."""

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.runs.io import read_table

ROOT = Path(__file__).parents[1]
TOY = Path(__file__).parent / "data" / "toy.yaml"

TRADE = {  # three parties, one of them keyed `us` like an actor of the Ukraine scenario
    "name": "trade_deal",
    "issues": [{"key": "tariffs", "options": ["none", "low", "high"], "status_quo": "high"},
               {"key": "quotas", "options": ["none", "some"], "status_quo": "some"}],
    "actors": [{"key": "us", "reservation": 0.3, "weights": {"tariffs": 2, "quotas": 1},
                "values": {"tariffs": [0.0, 0.5, 1.0], "quotas": [0.0, 1.0]}},
               {"key": "eu", "reservation": 0.3, "weights": {"tariffs": 1, "quotas": 1},
                "values": {"tariffs": [1.0, 0.6, 0.0], "quotas": [1.0, 0.0]}},
               {"key": "china", "reservation": 0.2, "weights": {"tariffs": 1},
                "values": {"tariffs": [1.0, 0.5, 0.0]}}],
}


def test_other_scenario_gets_no_war_and_default_strategies():
    scn = sim.Scenario.from_dict(TRADE)
    r = sim.negotiate(scn, seed=0)
    war, neg = r.model._configs
    assert not war.enabled and war.events == () and war.side is None
    assert neg.strategy_spec("us") == {"strategy": "linear"}
    notes = " ".join(r.notes)
    assert "names no war model" in notes and "every actor uses the default" in notes
    assert set(r.history["reservation"]) == {0.3, 0.2}  # fixed at each actor's r_i(0)


def test_ukraine_keeps_its_calibration():
    r = sim.negotiate(sim.load_scenario("ukraine_2025"), seed=0)
    war, neg = r.model._configs
    assert war.name == "ukraine_2025" and war.side == "russia" and war.events
    assert neg.strategy_spec("russia")["strategy"] == "boulware"
    assert "the scenario's own model, ukraine_2025" in " ".join(r.notes)


def test_cli_seed_equals_api_seed(monkeypatch, tmp_path):
    import sim.cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["negotiation-sim", f"scenario_file={TOY}", "stages=[negotiation]",
                                      "figures=false", "seed=5", "negotiation.ensemble.runs=6",
                                      "hydra.run.dir=run"])
    sim.cli.main()
    scn = sim.load_scenario(TOY)
    one, many = sim.negotiate(scn, seed=5), sim.negotiate_many(scn, runs=6, seed=5)
    pd.testing.assert_frame_equal(read_table(tmp_path / "run", "negotiation_history"), one.history,
                                  check_dtype=False, check_categorical=False)
    pd.testing.assert_frame_equal(read_table(tmp_path / "run", "negotiation_ensemble_runs"), many.runs,
                                  check_dtype=False)


def test_readme_seed_example_runs():
    text = (ROOT / "README.md").read_text()
    block = re.search(r"### Same seed, same result\n.*?```python\n(.*?)```", text, re.S).group(1)
    exec(compile(block, "README.md", "exec"), {})


def test_negotiate_many_from_a_plain_script(tmp_path):
    """No ``if __name__ == "__main__":`` guard: the workers must not re-run the script."""
    script = tmp_path / "plain.py"
    script.write_text(f"import sim\nprint('script ran')\nscn = sim.load_scenario({str(TOY)!r})\n"
                      "a = sim.negotiate_many(scn, runs=8, seed=1, workers=2)\n"
                      "b = sim.negotiate_many(scn, runs=8, seed=1, workers=1)\n"
                      "print('same', a.runs.equals(b.runs))\n")
    r = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.count("script ran") == 1 and "same True" in r.stdout


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_run_with_figures_from_a_plain_script(tmp_path, how):
    """``run`` draws in a background process: without a ``__name__`` guard that process must not re-run
    the script (multiprocessing's spawn would start the whole run again there), and a script read from
    stdin, which a spawned child cannot re-import, must draw all the same."""
    code = ("from sim.runs import run\nprint('script ran')\n"
            f"run({{'scenario_file': {str(TOY)!r}, 'stages': ['verdicts', 'analysis'], "
            "'figures': True}, 'out')\n")
    if how == "file":
        (tmp_path / "plain.py").write_text(code)
        r = subprocess.run([sys.executable, "plain.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    else:
        r = subprocess.run([sys.executable, "-"], input=code, cwd=tmp_path, capture_output=True, text=True,
                           timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.count("script ran") == 1
    assert {"verdicts.png", "frontier_pairs.png"} <= {p.name for p in (tmp_path / "out" / "figures").iterdir()}
    assert (tmp_path / "out" / "report.html").is_file()
