"""Multiruns end to end: the aggregate table (in-process), and under ``slow`` resume after a kill (a real
process group killed) and joblib's processes equal to the basic launcher."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.runs.sweep import aggregate, parse_override
from tests.helpers import cli_main

DATA = Path(__file__).parent / "data"
TOY = f"scenario_file={DATA / 'toy.yaml'}"


def sweep_cmd(name, *extra):
    return [sys.executable, "-m", "sim", "-m", TOY, "stages=[verdicts]", f"sweep_name={name}", *extra]


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return r


def results(job: Path) -> dict[str, bytes]:
    files = ["summary.json", "tables/verdicts.parquet", "tables/verdicts.csv", "scenario.yaml", "meta.json"]
    return {f: (job / f).read_bytes() for f in files}


@pytest.fixture
def grid(tmp_path_factory, monkeypatch):
    tmp = tmp_path_factory.mktemp("sweep")
    assert cli_main(tmp, monkeypatch, *sweep_cmd("grid", "seed=1,2", "figures=false,true")[3:]) == 0
    return tmp / "experiments" / "sweeps" / "grid"


def test_two_by_two_sweep_aggregates_one_row_per_job(grid):
    df = pd.read_parquet(grid / "sweep.parquet")
    assert len(df) == 4 and list(df["job"]) == ["0", "1", "2", "3"]
    assert (df["status"] == "done").all()
    assert sorted(zip(df["seed"], df["figures"])) == [(1, False), (1, True), (2, False), (2, True)]
    assert list(df.columns[:6]) == ["job", "scenario_file", "stages", "sweep_name", "seed", "figures"]
    assert (grid / "sweep.csv").is_file()
    assert (grid / "3" / "report.html").is_file() and not (grid / "0" / "report.html").exists()


@pytest.mark.slow
def test_joblib_launcher_gives_identical_results(grid, tmp_path):
    run(sweep_cmd("grid", "seed=1,2", "figures=false,true", "hydra/launcher=joblib",
                  "hydra.launcher.n_jobs=2"), tmp_path)
    other = tmp_path / "experiments" / "sweeps" / "grid"
    for job in ["0", "1", "2", "3"]:
        assert results(grid / job) == results(other / job), job


@pytest.mark.slow
def test_kill_and_resume(tmp_path):
    cmd = sweep_cmd("resume", "seed=1,2,3,4,5,6")
    sweep = tmp_path / "experiments" / "sweeps" / "resume"
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not (sweep / "1" / "complete.json").is_file():
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = {p.parent.name for p in sweep.glob("*/complete.json")}
    assert "1" in done
    if len(done) == 6:  # the sweep outran the kill: drop one job's result, as a kill would have
        (sweep / "5" / "complete.json").unlink()
        done.discard("5")
    before = {j: (sweep / j / "complete.json").stat().st_mtime_ns for j in done}
    r = run(cmd, tmp_path)
    assert r.stdout.count("Already done") == len(done)
    after = {j: (sweep / j / "complete.json").stat().st_mtime_ns for j in done}
    assert before == after  # finished jobs were not redone
    df = aggregate(sweep)
    assert len(df) == 6 and (df["status"] == "done").all()
    assert not list(sweep.rglob("*.tmp"))


def test_parse_override():
    assert parse_override("war.cost=0.01") == ("war.cost", 0.01)
    assert parse_override("+experiment=plans") == ("experiment", "plans")
    assert parse_override("stages=[a,b]") == ("stages", "[a,b]")


def group_members(pgid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


@pytest.mark.slow
def test_rerun_stops_orphan_workers_of_a_killed_sweep(tmp_path):
    """Kill only the main process of a joblib sweep: the rerun stops its workers before starting."""
    cmd = sweep_cmd("orphans", "seed=1,2,3,4,5,6", "hydra/launcher=joblib", "hydra.launcher.n_jobs=2")
    sweep = tmp_path / "experiments" / "sweeps" / "orphans"
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 300
    while time.time() < deadline and not list(sweep.glob("*/complete.json")):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, as `kill -9 PID` would
    proc.wait()
    orphans = group_members(proc.pid)
    assert orphans  # joblib's workers outlive the killed main process
    r = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert not group_members(proc.pid) and "Stopping the workers left running" in r.stdout
    df = aggregate(sweep)
    assert len(df) == 6 and (df["status"] == "done").all()
    assert not (sweep / ".owner.json").exists() and (sweep / "complete.json").is_file()


def test_second_sweep_in_a_running_sweeps_folder_is_refused(tmp_path):
    from sim.runs.sweep_owner import OWNER, claim
    from sim.scenario import InputError

    (tmp_path / OWNER).write_text(f'{{"pid": {os.getppid()}, "pgid": null}}\n')  # a live process
    with pytest.raises(InputError, match="already running in this folder"):
        claim(tmp_path)
