"""A job is done only when everything it writes is written: interrupt it in every phase (tables, figures,
report, sweep aggregation), check that resume and ``sim.compare`` see it unfinished, rerun the same
command and compare the folder byte for byte with an uninterrupted one (in-process, Ctrl-C = an exception
that nothing catches; tests/test_sweeps.py kills a real sweep with SIGKILL)."""

import hashlib
import sys
from pathlib import Path

import matplotlib.figure
import pandas as pd
import pytest

import sim.cli
import sim.report
import sim.report.publish
import sim.runs.sweep
from sim.compare import compare
from sim.runs.marker import MARKER, is_complete, problems

TOY = Path(__file__).parent / "data" / "toy.yaml"
ARGS = [f"scenario_file={TOY}", "stages=[verdicts,analysis]"]


def digest_tree(root: Path) -> dict[str, str]:
    """Every result file, Hydra's snapshot and the timings left out (they record paths and times)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".hydra" not in p.parts
            and p.name not in ("timings.json", "multirun.yaml")}


def cli(monkeypatch, cwd, *args):
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["negotiation-sim", *args])
    sim.cli.main()


def interrupt_on_call(monkeypatch, owner, name, n=1):
    """Replace ``owner.name`` by a wrapper that raises KeyboardInterrupt on its n-th call."""
    original, calls = getattr(owner, name), []

    def wrapper(*a, **k):
        calls.append(1)
        if len(calls) == n:
            raise KeyboardInterrupt
        return original(*a, **k)

    monkeypatch.setattr(owner, name, wrapper)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ref")
    with pytest.MonkeyPatch.context() as mp:
        cli(mp, tmp, *ARGS, "hydra.run.dir=run")
    return digest_tree(tmp / "run")


PHASES = {  # where to interrupt: the second table, the second figure, the report
    "tables": (pd.DataFrame, "to_parquet", 2),
    "figures": (matplotlib.figure.Figure, "savefig", 2),
    "report": (sim.report.html, "write_report", 1),
}


@pytest.mark.parametrize("phase", PHASES)
def test_interrupted_run_is_unfinished_then_resumes_identical(monkeypatch, tmp_path, reference, phase):
    with monkeypatch.context() as mp:
        interrupt_on_call(mp, *PHASES[phase])
        mp.setattr(sim.report.publish, "can_start_processes", lambda: False)  # the interrupt reaches drawing
        with pytest.raises(KeyboardInterrupt):
            cli(mp, tmp_path, *ARGS, "hydra.run.dir=run")
    run = tmp_path / "run"
    assert (run / "tables" / "verdicts.parquet").is_file() and not (run / MARKER).exists()
    assert not is_complete(run) and "unfinished" in problems(run)[0]
    with pytest.raises(ValueError, match="unfinished"):
        compare([run], tmp_path / "cmp")
    cli(monkeypatch, tmp_path, *ARGS, "hydra.run.dir=run")
    assert digest_tree(run) == reference


def test_finished_run_is_skipped_and_a_replaced_table_is_caught(monkeypatch, tmp_path, capsys):
    cli(monkeypatch, tmp_path, *ARGS, "hydra.run.dir=a")
    cli(monkeypatch, tmp_path, *ARGS, "hydra.run.dir=a")
    assert "Already done with the same inputs" in capsys.readouterr().out
    cli(monkeypatch, tmp_path, *ARGS, "seed=1", "hydra.run.dir=b")
    (tmp_path / "a" / "tables" / "pareto.csv").write_bytes((tmp_path / "b" / "tables" / "pareto.csv").read_bytes()
                                                          + b"\n")
    with pytest.raises(ValueError, match=r"pareto.csv: changed since the run finished"):
        compare([tmp_path / "a"], tmp_path / "cmp")
    cli(monkeypatch, tmp_path, *ARGS, "hydra.run.dir=a")  # not skipped: the damaged table is rewritten
    assert is_complete(tmp_path / "a")


def test_interrupted_aggregation_is_unfinished_then_resumes_identical(monkeypatch, tmp_path):
    sweep = ["-m", *ARGS, "figures=false", "hydra/launcher=basic", "sweep_name=s", "seed=1,2"]
    (tmp_path / "ref").mkdir()
    cli(monkeypatch, tmp_path / "ref", *sweep)
    with monkeypatch.context() as mp:
        interrupt_on_call(mp, sim.runs.sweep, "atomic_write_text")  # sweep.csv, after sweep.parquet
        with pytest.raises(KeyboardInterrupt):
            cli(mp, tmp_path, *sweep)
    folder = tmp_path / "experiments" / "sweeps" / "s"
    assert (folder / "sweep.parquet").is_file() and not (folder / MARKER).exists()
    with pytest.raises(ValueError, match="unfinished"):
        compare([folder], tmp_path / "cmp")
    cli(monkeypatch, tmp_path, *sweep)
    assert digest_tree(folder) == digest_tree(tmp_path / "ref" / "experiments" / "sweeps" / "s")
    assert is_complete(folder)
