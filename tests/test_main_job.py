"""The main job on the default scenario, in-process through ``sim.runs.run`` as `make run` runs it.

Fast: every table and the headline facts with a small ensemble and Monte Carlo and no figures. Slow
(``pytest -m slow``, CI's second step): the shipped settings twice, every figure, the report, and the
same bytes for the same seed.
"""

import json

import pytest

from tests.helpers import digest_tree, run_main

TABLES = ["verdicts", "pareto", "zone_summary", "concessions", "solutions", "nearest_summary", "nearest_changes",
          "negotiation_history", "negotiation_agreement", "negotiation_ensemble_runs",
          "negotiation_ensemble_outcomes", "uncertainty_proposals", "uncertainty_zone", "uncertainty_summary",
          "forecasts", "forecast_options", "forecast_positions"]
FIGURES = ["verdicts", "frontier_pairs", "concession_map", "distance_to_deal", "negotiation_trajectory",
           "negotiation_offer_path", "negotiation_ensemble", "uncertainty_acceptance", "uncertainty_zone",
           *(f"forecast_{k}" for k in ("crimea", "donbas", "south", "north", "ceasefire", "nato", "guarantees",
                                        "forces", "army", "znpp", "sanctions", "assets"))]
SAYS = ["Scoring 10 proposals", "Agreement zone", "Nash bargaining point", "Negotiating", "Ensemble",
        "Uncertainty (", "Forecasting 12 issues", "Results in"]


def check_tables_and_summary(out, said, draws):
    for t in TABLES:
        assert (out / "tables" / f"{t}.parquet").is_file() and (out / "tables" / f"{t}.csv").is_file(), t
    summary = json.loads((out / "summary.json").read_text())
    assert summary["analysis"]["zone_size"] == 83_236 and summary["proposals_accepted_by_all"] == []
    assert 0 < summary["negotiation"]["ensemble"]["agreement_probability"] < 1
    assert summary["uncertainty"]["draws"] == draws and 0 <= summary["uncertainty"]["nash_accepted"] <= 1
    for words in SAYS:
        assert words in said, words


def test_default_scenario_every_table(tmp_path):
    out = tmp_path / "a"
    said = run_main(out, "figures=false", "negotiation.ensemble.runs=40", "uncertainty.draws=10")
    check_tables_and_summary(out, said, 10)
    assert not (out / "figures").exists() and not (out / "report.html").exists()


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("main")
    return tmp, run_main(tmp / "a")


@pytest.mark.slow
def test_default_run_writes_everything(default_run):
    tmp, said = default_run
    out = tmp / "a"
    check_tables_and_summary(out, said, 100)
    index = json.loads((out / "figures" / "index.json").read_text())
    assert [e["file"] for e in index] == [f"figures/{f}.png" for f in FIGURES]
    assert all(e["title"] and e["caption"] for e in index)
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") == len(FIGURES)
    assert "Drawing figures" in said


@pytest.mark.slow
def test_default_run_is_byte_identical_when_repeated(default_run):
    tmp, _ = default_run
    run_main(tmp / "b")
    a, b = digest_tree(tmp / "a"), digest_tree(tmp / "b")
    assert a == b and len(a) > 30
