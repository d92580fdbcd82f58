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


def test_compare_sweep_heatmap(tmp_path, monkeypatch, capsys):
    assert cli_main(tmp_path, monkeypatch, "-m", TOY, "sweep_name=s", "stages=[analysis]", "figures=false",
                    "+agenda.land=all_a,split", "+agenda.money=none,lots") == 0
    # every line of a job carries its number, and each finished job the progress of the sweep
    out = capsys.readouterr().out
    assert "[job 1/4] Scenario toy" in out and "[job 4/4] finished in" in out
    assert "4/4 jobs done" in out and "Sweep of 4 jobs" in out
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


def test_compare_labels_and_the_settings_that_differ(two_runs, tmp_path):
    import pandas as pd

    out = tmp_path / "out"
    assert compare_main(["--label", f"mediated={two_runs / 'med'}", "--label", f"alternating={two_runs / 'alt'}",
                         "--out", str(out)]) == 0
    diff = pd.read_csv(out / "settings_diff.csv")
    assert list(diff.columns) == ["setting", "key", "mediated", "alternating"]
    assert "protocol.name" in set(diff["key"]) and "seed" not in set(diff["key"])  # only what differs
    row = diff.set_index("key").loc["protocol.name"]
    assert (row["mediated"], row["alternating"]) == ("mediated", "alternating")
    html = (out / "report.html").read_text()
    assert "Settings that differ" in html and "<b>mediated</b>" in html and "med (toy)" not in html


def test_compare_label_errors_exit_2(tmp_path, capsys):
    assert compare_main(["--label", "no-equals-sign", "--out", str(tmp_path / "o")]) == 2
    assert "NAME=DIR" in capsys.readouterr().err
    assert compare_main(["--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()
