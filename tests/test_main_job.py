"""The main job on the default scenario, as `make run` runs it: every table, figure and the report."""

import json
import subprocess
import sys

import pytest

from tests.test_cli import digest_tree

TABLES = ["verdicts", "pareto", "zone_summary", "concessions", "solutions", "nearest_summary", "nearest_changes",
          "negotiation_history", "negotiation_agreement", "negotiation_ensemble_runs",
          "negotiation_ensemble_outcomes", "uncertainty_proposals", "uncertainty_zone", "uncertainty_summary",
          "forecasts", "forecast_options", "forecast_positions"]
FIGURES = ["verdicts", "frontier_pairs", "concession_map", "distance_to_deal", "negotiation_trajectory",
           "negotiation_offer_path", "negotiation_ensemble", "uncertainty_acceptance", "uncertainty_zone",
           *(f"forecast_{k}" for k in ("crimea", "donbas", "south", "north", "ceasefire", "nato", "guarantees",
                                        "forces", "army", "znpp", "sanctions", "assets"))]


def main_job(tmp, name):
    r = subprocess.run([sys.executable, "-m", "sim", f"hydra.run.dir={name}"], cwd=tmp, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return r


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("main")
    return tmp, main_job(tmp, "a")


def test_default_run_writes_everything(default_run):
    tmp, r = default_run
    out = tmp / "a"
    for t in TABLES:
        assert (out / "tables" / f"{t}.parquet").is_file() and (out / "tables" / f"{t}.csv").is_file(), t
    index = json.loads((out / "figures" / "index.json").read_text())
    assert [e["file"] for e in index] == [f"figures/{f}.png" for f in FIGURES]
    assert all(e["title"] and e["caption"] for e in index)
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") == len(FIGURES)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["analysis"]["zone_size"] > 0 and summary["proposals_accepted_by_all"] == []
    assert 0 < summary["negotiation"]["ensemble"]["agreement_probability"] < 1
    assert summary["uncertainty"]["draws"] == 100 and 0 <= summary["uncertainty"]["nash_accepted"] <= 1
    # says what it is doing
    for words in ["Scoring 10 proposals", "Agreement zone", "Nash bargaining point", "Negotiating", "Ensemble",
                  "Uncertainty (100 draws", "Drawing figures", "Results in"]:
        assert words in r.stdout, words


def test_default_run_is_byte_identical_when_repeated(default_run):
    tmp, _ = default_run
    main_job(tmp, "b")
    a, b = digest_tree(tmp / "a"), digest_tree(tmp / "b")
    assert a == b and len(a) > 30
