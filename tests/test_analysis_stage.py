"""The analysis stage of the main job: its tables, its figures (drawn from the tables) and headlines."""

import json

import numpy as np
import pandas as pd
import pytest

import sim
from sim.plots import draw_run
from sim.runs.io import read_table
from sim.runs.job import run_job

TABLES = ["pareto", "zone_summary", "solutions", "concessions", "nearest_summary", "nearest_changes",
          "nearest_utilities", "zone_sample", "proposal_points"]


def test_stage_writes_tables_and_figures(toy, tmp_path):
    lines = []
    summary = run_job(toy, {"stages": ["analysis"], "seed": 0, "analysis": {"zone_points": 5}}, tmp_path,
                      say=lines.append)
    for name in TABLES:
        assert (tmp_path / "tables" / f"{name}.parquet").is_file(), name
    zone = read_table(tmp_path, "zone_summary").iloc[0]
    assert zone["zone_size"] == 7 and zone["pareto_size"] == len(sim.analyze(toy).pareto)
    assert len(read_table(tmp_path, "zone_sample")) == 5
    near = read_table(tmp_path, "nearest_summary").set_index("proposal")
    assert near.loc["deal", "n_changes"] == 1 and "money: some -> lots" in near.loc["deal", "changes"]
    assert summary["analysis"]["zone_size"] == 7
    assert any("Nash bargaining point" in h for h in summary["headlines"])
    assert any("Agreement zone: 7 of 18" in line for line in lines)
    entries = draw_run(tmp_path)
    names = {e.path.name for e in entries}
    assert {"frontier_pairs.png", "concession_map.png", "distance_to_deal.png"} <= names
    index = json.loads((tmp_path / "figures" / "index.json").read_text())
    assert all(e["caption"] for e in index)


def test_stage_with_an_empty_zone(toy_dict, tmp_path):
    toy_dict["actors"][0]["reservation"] = 0.9
    scn = sim.Scenario.from_dict(toy_dict)
    summary = run_job(scn, {"stages": ["analysis"], "seed": 0}, tmp_path, say=lambda s: None)
    assert summary["analysis"]["zone_size"] == 0
    gaps = read_table(tmp_path, "why_empty_gaps")
    assert set(gaps["actor"]) == {"a", "b"}
    assert read_table(tmp_path, "solutions")["solution"].tolist() == ["compromise"]  # only the reference point
    near = read_table(tmp_path, "nearest_summary")
    assert not near["found"].any() and pd.isna(near["n_changes"]).all()
    names = {e.path.name for e in draw_run(tmp_path)}
    assert "frontier_pairs.png" in names and "concession_map.png" not in names
    assert np.isfinite(read_table(tmp_path, "pareto")[["a", "b", "m"]].to_numpy()).all()


def test_analysis_settings_are_validated_with_key_paths(toy):
    from sim.runs import stage_analysis
    from sim.scenario import ConfigError

    with pytest.raises(ConfigError) as e:
        stage_analysis.check(toy, {"analysis": {"zone_points": -1, "explain_red_lines": "yes", "zone_pts": 3}})
    text = str(e.value)
    assert "3 problems" in text
    for key in ("analysis.zone_points", "analysis.explain_red_lines", "analysis.zone_pts: unknown key"):
        assert key in text, key
    shipped = stage_analysis.settings({})  # every key from configs/analysis/default.yaml
    assert stage_analysis.settings({"analysis": {"zone_points": 9}}) == \
        stage_analysis.AnalysisSettings(**{**vars(shipped), "zone_points": 9})
