"""The compare command on two small runs and a sweep: figures and one self-contained report."""

import json
from pathlib import Path

import pytest

from sim.compare import compare
from sim.compare.__main__ import main as compare_main
from tests.helpers import TOY, cli_main, run_main


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cmp")
    small = [TOY, "negotiation.ensemble.runs=8", "stages=[verdicts,negotiation]", "figures=false"]
    run_main(tmp / "med", *small)
    run_main(tmp / "alt", *small, "protocol=alternating")
    return tmp


def test_compare_two_runs_writes_figures_and_report(two_runs, tmp_path):
    report = compare([two_runs / "med", two_runs / "alt"], tmp_path / "out")
    index = json.loads((tmp_path / "out" / "figures" / "index.json").read_text())
    files = {Path(e["file"]).name for e in index}
    assert {"verdicts.png", "negotiation_outcomes.png", "negotiation_outcome_distributions.png",
            "negotiation_trajectories.png"} <= files
    html = report.read_text()
    assert html.count("data:image/png;base64,") == len(index)  # self-contained: every figure embedded
    assert "med (toy)" in html and "alt (toy)" in html


def test_compare_sweep_heatmap(tmp_path, monkeypatch):
    assert cli_main(tmp_path, monkeypatch, "-m", TOY, "sweep_name=s", "stages=[analysis]", "figures=false",
                    "+agenda.land=all_a,split", "+agenda.money=none,lots") == 0
    sweep = tmp_path / "experiments" / "sweeps" / "s"
    import pandas as pd
    table = pd.read_parquet(sweep / "sweep.parquet")
    assert len(table) == 4 and table["analysis.zone_size"].nunique() > 1  # the agenda reached the scenario
    assert compare_main([str(sweep), "--out", str(tmp_path / "out")]) == 0
    names = [Path(e["file"]).name for e in json.loads((tmp_path / "out" / "figures" / "index.json").read_text())]
    assert any("zone_size" in n for n in names)
    # a copy of the sweep with one parameter list changed, compared with the first in one command
    assert cli_main(tmp_path, monkeypatch, "-m", TOY, "sweep_name=t", "stages=[analysis]", "figures=false",
                    "+agenda.land=split,all_b", "+agenda.money=none,lots") == 0
    assert compare_main([str(sweep), str(sweep.parent / "t"), "--out", str(tmp_path / "both")]) == 0
    index = json.loads((tmp_path / "both" / "figures" / "index.json").read_text())
    assert any("zone size: s vs t" == e["title"] for e in index), [e["title"] for e in index]


def test_compare_rejects_a_folder_that_is_not_a_run(tmp_path, capsys):
    assert compare_main([str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "neither a run" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
