"""Ensembles (``negotiate_many``), the negotiation stage of the main job and the data behind its figures."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sim
from sim.negotiation import negotiate, negotiate_many
from sim.plots.negotiation import (
    ensemble_outcomes,
    month_label,
    offer_path,
    offer_path_data,
    outcome_shares,
    trajectory,
    trajectory_data,
)
from sim.runs.io import read_table
from sim.runs.job import run_job


@pytest.fixture(scope="module")
def ukraine():
    return sim.load_scenario("ukraine_2025")


@pytest.fixture(scope="module")
def ensemble(ukraine):
    return negotiate_many(ukraine, runs=40, protocol="alternating", seed=3)


def test_public_api_exports():
    assert sim.negotiate is negotiate and sim.negotiate_many is negotiate_many


def test_ensemble_tables_are_consistent(ensemble, ukraine):
    runs = ensemble.runs
    assert len(runs) == 40 and list(runs["run"]) == list(range(40))
    assert 0.0 <= ensemble.agreement_probability <= 1.0
    assert ensemble.reasons.sum() == pytest.approx(1.0)
    agreed = runs[runs["agreed"]]
    assert (agreed[ukraine.space.issue_keys] != "").all().all()
    assert (runs.loc[~runs["agreed"], ukraine.space.issue_keys] == "").all().all()
    assert list(ensemble.time_to_agreement) == list(agreed["month"])
    months = ensemble.months
    assert months["agreements"].sum() == len(agreed)
    assert months["cumulative"].iloc[-1] == pytest.approx(ensemble.agreement_probability)
    if len(agreed):
        shares = ensemble.outcomes.groupby("issue")["share"].sum()
        assert np.allclose(shares, 1.0)
        # agreed bundles are acceptable to every signatory at their initial utilities' red lines
        bundles = np.array([[ukraine.space.issue(k).option_index(v) for k, v in zip(ukraine.space.issue_keys, row)]
                            for row in agreed[ukraine.space.issue_keys].itertuples(index=False)])
        assert (ukraine.red_lines_broken(bundles)[:, ukraine.signatory_index] == 0).all()


def test_ensemble_run_equals_the_single_run_with_its_seed(ukraine, ensemble):
    from sim.negotiation.model import child, seed_sequence

    k = 7
    single = negotiate(ukraine, protocol="alternating", seed=child(seed_sequence(3), k), record=False)
    row = ensemble.runs.iloc[k]
    assert single.agreement.reason == row["outcome"] and single.agreement.month == row["month"]


def test_same_seed_same_ensemble(toy):
    a = negotiate_many(toy, runs=20, protocol={"name": "mediated", "mediator": "m"}, negotiation={}, seed=1)
    b = negotiate_many(toy, runs=20, protocol={"name": "mediated", "mediator": "m"}, negotiation={}, seed=1)
    pd.testing.assert_frame_equal(a.runs, b.runs)


@pytest.mark.slow
def test_workers_do_not_change_the_result(ukraine):
    """Spawned processes give exactly the table of one process (runs are seeded by index)."""
    one = negotiate_many(ukraine, runs=24, protocol="mediated", seed=5, workers=1)
    two = negotiate_many(ukraine, runs=24, protocol="mediated", seed=5, workers=2)
    pd.testing.assert_frame_equal(one.runs, two.runs)


# --- figures' data ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def run(ukraine):
    return negotiate(ukraine, protocol="mediated", seed=0)


def test_trajectory_data(run, ukraine):
    data = trajectory_data(run.history)
    assert list(data) == list(ukraine.signatories)
    for df in data.values():
        assert list(df["month"]) == list(range(run.agreement.month + 1))
        assert (df["aspiration"].iloc[1:] >= df["reservation"].iloc[1:] - 1e-12).all()


def test_offer_path_data(run):
    path = offer_path_data(run.texts, "russia", "ukraine")
    assert list(path.columns) == ["month", "proposer", "x", "y"]
    assert len(path) == run.agreement.month
    assert path.loc[0, "proposer"] == "opening"


def test_outcome_shares(ensemble, ukraine):
    d = outcome_shares(ensemble.outcomes, "donbas")
    assert list(d["option"]) == list(ukraine.space.issue("donbas").options)


def test_month_label():
    assert month_label("2026-01", 6) == "Jul 2026"
    assert month_label(None, 6) == "month 6"


def test_figures_draw(run, ensemble, ukraine):
    from sim.runs.stage_negotiation import agreement_table, frontier_table

    agreement = agreement_table(run, run.model.settings, sim.negotiation.war_settings("ukraine_2025"),
                                sim.negotiation.negotiation_settings("default")).iloc[0]
    figs = [trajectory(run.history, agreement, war_side="russia"),
            offer_path(frontier_table(ukraine, run.model.candidates), run.texts, run.history, agreement,
                       "russia", "ukraine"),
            ensemble_outcomes(ensemble.outcomes, ensemble.months, ensemble.runs)]
    import matplotlib.pyplot as plt

    for fig in figs:
        assert fig.axes
        plt.close(fig)


# --- the stage in the main job ------------------------------------------------------------------
def test_stage_writes_tables_and_summary(toy, tmp_path):
    cfg = {"seed": 0, "stages": ["negotiation"], "protocol": {"name": "mediated", "mediator": "m"},
           "war": "ukraine_2025", "negotiation": {"ensemble": {"runs": 30}}}
    summary = run_job(toy, cfg, tmp_path, say=lambda s: None)
    for name in ("history", "texts", "agreement", "frontier", "ensemble_runs", "ensemble_outcomes",
                 "ensemble_months"):
        assert len(read_table(tmp_path, f"negotiation_{name}")) > 0
    assert summary["negotiation"]["ensemble"]["runs"] == 30
    assert any(line.startswith("Negotiation") for line in summary["headlines"])
    saved = json.loads((tmp_path / "summary.json").read_text())
    assert saved["negotiation"]["protocol"] == "mediated"
    from sim.plots.negotiation import run_figures

    entries = run_figures(tmp_path, json.loads((tmp_path / "meta.json").read_text()))
    assert {e.path.name for e in entries} == {"negotiation_trajectory.png", "negotiation_offer_path.png",
                                              "negotiation_ensemble.png"}


def test_ensemble_inputs_are_named_by_the_scenario_labels(ensemble, ukraine):
    from sim.runs.stage_negotiation import ensemble_experiments

    labels = {a.key: a.label for a in ukraine.actors}
    for col in ensemble_experiments(ensemble).inputs:
        parts = col.key.split(".")
        named = parts[1:3] if parts[0] == "beliefs" else parts[2:3]
        assert all(col.label.count(labels[k]) for k in named), col
        assert not any(f"{k}'s" in col.label or col.label.startswith(f"{k}:") for k in labels), col
