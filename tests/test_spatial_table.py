"""Spatial tables in and out: the published BDM case, a hand-written CSV, mistakes, the reverse table."""

from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.scenario import ScenarioError
from sim.scenario.table import issue_grid, read_table, scenario_from_table, table_from_scenario
from tests.helpers import cli_main

DATA = Path(__file__).parent / "data"
BDM = DATA / "cases" / "bdm_ec_1994.csv"
HAND = DATA / "hand_table.csv"


def test_bdm_table_reads_as_published():
    t = read_table(BDM)
    assert t.n_actors == 10 and t.issues == ("issue",)
    assert t.position[:, 0].tolist() == [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
    assert t.scale.tolist() == [[4.0, 10.0]]
    assert np.isnan(t.reference).all()


def test_grid_is_steps_plus_held_positions_and_reference():
    t = read_table(HAND)
    g = issue_grid(t, 0, steps=10)  # tariff: scale 0..70 (reference 0, positions 10, 50, 70)
    assert g.tolist() == [0, 7, 10, 14, 21, 28, 35, 42, 49, 50, 56, 63, 70]
    scn = sim.Scenario.from_table(HAND)
    assert scn.space.shape == (13, 12)  # quota: 30..100 in steps of 7, plus 80
    north = scn.actor("north")
    # linear loss: 1 - |x - 10| / 70 at x = 0, 7, 10
    assert north.values[0][:3] == pytest.approx([1 - 10 / 70, 1 - 3 / 70, 1.0])
    assert north.weights == pytest.approx([0.8, 0.2])
    # reservation = utility of the reference row (tariff 0, quota 100)
    assert north.reservation == pytest.approx(0.8 * (1 - 10 / 70) + 0.2 * (1 - 70 / 70))
    assert "reference" in scn.proposals and scn.proposals["reference"].bundle == (0, 11)


def test_quadratic_loss_and_no_reservation():
    scn = scenario_from_table(HAND, loss="quadratic", reservation="none")
    north = scn.actor("north")
    assert north.values[0][0] == pytest.approx(1 - (10 / 70) ** 2)
    assert all(a.reservation == 0 for a in scn.actors)


def test_actor_without_any_position_is_left_out():
    df = pd.read_csv(HAND)
    df = pd.concat([df, pd.DataFrame([{"actor": "West", "capability": 5}])], ignore_index=True)
    scn = sim.Scenario.from_table(df)
    assert "west" not in scn.actor_names and len(scn.actor_names) == 3


def test_round_trip_through_csv(tmp_path):
    t = read_table(HAND)
    t.write_csv(tmp_path / "t.csv")
    back = read_table(tmp_path / "t.csv")
    np.testing.assert_array_equal(back.position, t.position)
    np.testing.assert_allclose(back.salience, t.salience)
    np.testing.assert_array_equal(back.reference, t.reference)


def test_every_scenario_yields_a_table():
    scn = sim.load_scenario("ukraine_2025")
    t = scn.to_table()
    assert t.n_issues == scn.space.n_issues and t.n_actors == scn.n_actors
    for a, actor in enumerate(scn.actors):
        for i in range(scn.space.n_issues):
            if actor.weights[i] > 0:
                assert t.position[a, i] == int(np.argmax(actor.values[i]))
                assert t.salience[a, i] == actor.weights[i]
    # a table-born scenario maps back to the table's positions (held positions are options)
    back = table_from_scenario(sim.Scenario.from_table(HAND))
    np.testing.assert_array_equal(back.position[:2], read_table(HAND).position[:2])


@pytest.mark.parametrize("text, where", [
    ("actor,capability,position,salience\nA,x,1,0.5\nB,1,2,0.5\n", "row 2, column capability"),
    ("actor,capability,position,salience\nA,1,1,\nB,1,2,0.5\n", "row 2, column salience"),
    ("actor,capability,position,salience\nA,-1,1,0.5\nB,1,2,0.5\n", "row 2, column capability"),
    ("actor,capability,position,salience\nA,1,1,0.5\nA,1,2,0.5\n", "row 3, column actor"),
    ("actor,capability,position,salience\nA,1,1,150\nB,1,2,50\n", "row 2, column salience"),
    ("actor,capability,position_x,salience_y\nA,1,1,0.5\n", "column salience_x"),
    ("actor,position,salience\nA,1,0.5\n", "column capability"),
    ("actor,capability,position,salience,colour\nA,1,1,0.5\nB,1,2,0.5\n", "column colour"),
    ("actor,capability,position,salience\nA,1,1,0.5\nB,1,1,0.5\n", "column position"),
])
def test_mistakes_name_file_row_column(tmp_path, text, where):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ScenarioError) as e:
        read_table(path)
    assert where in str(e.value) and str(path) in str(e.value)


def test_every_mistake_at_once(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("actor,capability,position,salience\nA,x,1,\nB,-2,z,0.5\n")
    with pytest.raises(ScenarioError) as e:
        read_table(path)
    assert len(e.value.problems) == 4  # one per mistake, none repeated as a consequence


def test_compromise_on_hand_table_matches_fractions():
    from sim.forecast.central import compromise

    t = read_table(HAND)
    num = Fraction(40) * Fraction(80) * 10 + Fraction(35) * 60 * 70 + Fraction(25) * 50 * 50
    den = Fraction(40) * 80 + 35 * 60 + 25 * 50
    assert compromise(t)[0] == pytest.approx(float(num / den), abs=1e-12)


def test_hand_written_csv_runs_end_to_end(tmp_path, monkeypatch):
    code = cli_main(tmp_path, monkeypatch, f"scenario_file={HAND}", "stages=[verdicts,analysis,forecast]",
                    "hydra.run.dir=run")
    assert code == 0
    out = tmp_path / "run"
    f = pd.read_csv(out / "tables" / "forecasts.csv")
    assert set(f["issue"]) == {"tariff", "quota"} and len(f) == 20
    assert (out / "figures" / "forecast_tariff.png").is_file() and (out / "report.html").is_file()
    assert "Forecasts: the option nearest" in (out / "report.html").read_text()


def test_bad_csv_exit_2_one_message_no_folder(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("actor,capability,position,salience\nA,1,1,\n")
    assert cli_main(tmp_path, monkeypatch, f"scenario_file={bad}", "hydra.run.dir=run") == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "row 2, column salience" in err and str(bad) in err
    assert not (tmp_path / "run").exists()


def test_terminal_forecasts_on_a_numeric_scale_are_numbers(tmp_path, monkeypatch, capsys):
    assert cli_main(tmp_path, monkeypatch, f"scenario_file={HAND}", "stages=[forecast]", "figures=false",
                    "hydra.run.dir=run") == 0
    out = capsys.readouterr().out
    f = pd.read_csv(tmp_path / "run" / "tables" / "forecasts.csv").set_index(["issue", "model"])
    assert "Forecasts on each issue's scale:" in out and "nearest each model" not in out
    assert f"{f.loc[('tariff', 'compromise'), 'forecast']:.2f}" in out


def test_terminal_forecasts_on_options_are_labels_not_indices(tmp_path):
    from sim.forecast import LABELS
    from tests.helpers import TOY, run_main

    said = run_main(tmp_path / "run", TOY, "stages=[forecast]", "figures=false")
    assert "Forecasts on each issue's scale" not in said  # no column of option indices
    table = " ".join(said[said.index("Forecasts as the option nearest"):].split())  # unwrapped
    f = pd.read_csv(tmp_path / "run" / "tables" / "forecasts.csv").dropna(subset=["option_label"])
    models = list(dict.fromkeys(f["model"]))
    for (issue, label), g in f.groupby(["issue", "option_label"]):
        named = ", ".join(LABELS[m] for m in sorted(g["model"], key=models.index))
        assert f"{label} ({named})" in table, (issue, label)
