"""What users read: labels instead of keys, intervals on Monte Carlo shares, readable tables and figures.

A labelled copy of the toy scenario is run (verdicts and analysis, in-process) and everything a reader
sees is checked for keys: the terminal headlines, the report's tables, the figures' index.
"""

from __future__ import annotations

import html
import json
import math
import re

import numpy as np
import pandas as pd
import pytest

import sim
from sim.report.publish import publish
from sim.report.tables import cell, solutions, summary_rows
from sim.runs import run
from sim.runs.context import scenario_meta
from sim.runs.formats import percent, probability_text, share_text, wilson_interval
from sim.scenario.labels import Labels

LABELS = {"land": ("Territory", ["All to Alpha", "Split down the river", "All to Beta"]),
          "alliance": ("Alliance", ["Joins the bloc", "Stays neutral"]),
          "money": ("Compensation", ["No payment", "Some payment", "Full payment"])}
ACTORS = {"a": "Alpha", "b": "Beta", "m": "Mediator"}


@pytest.fixture
def labelled_dict(toy_dict):
    d = json.loads(json.dumps(toy_dict))
    for issue in d["issues"]:
        label, options = LABELS[issue["key"]]
        issue["label"] = label
        issue["options"] = [{"key": k, "label": lab} for k, lab in zip(issue["options"], options)]
    for actor in d["actors"]:
        actor["label"] = ACTORS[actor["key"]]
    d["proposals"]["maximal_a"]["label"] = "Alpha's maximum"
    return d


@pytest.fixture
def labelled(labelled_dict):
    return sim.Scenario.from_dict(labelled_dict)


@pytest.fixture
def run_dir(labelled_dict, tmp_path):
    lines = []
    run({"scenario": labelled_dict, "seed": 0, "stages": ["verdicts", "analysis"], "figures": False}, tmp_path,
        say=lines.append)
    (tmp_path / "terminal.txt").write_text("\n".join(lines))
    return tmp_path


KEYS = ["all_a", "all_b", "maximal_a", "lots"]  # option and proposal keys that must not show


def test_labels_agree_between_scenario_and_meta(labelled):
    a, b = Labels.from_scenario(labelled), Labels.from_meta(json.loads(json.dumps(scenario_meta(labelled))))
    assert a == b
    assert a.option("land", "all_b") == a.option("land", 2) == "All to Beta"
    assert a.option("land", "unknown") == "unknown" and a.actor("zz") == "zz"  # never fails a figure
    assert a.bundle({"land": 1, "money": "lots"}) == "Territory: Split down the river · Compensation: Full payment"


def test_terminal_and_headlines_name_things_by_label(run_dir):
    text = (run_dir / "terminal.txt").read_text()
    assert "Alpha's maximum" in text and "Alpha, Beta" in text
    assert not [k for k in KEYS if k in text], text
    headlines = " ".join(json.loads((run_dir / "summary.json").read_text())["headlines"])
    assert "Territory: " in headlines and "all_a" not in headlines


@pytest.mark.parametrize("k,n", [(0, 10), (1, 10), (5, 10), (10, 10), (56, 100), (112, 200), (3, 1000)])
def test_wilson_interval_matches_scipy(k, n):
    stats = pytest.importorskip("scipy.stats")
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert wilson_interval(k, n) == pytest.approx((ci.low, ci.high), abs=1e-12)


def test_wilson_interval_textbook_value():
    # 0 successes in 10: the upper end is z^2 / (n + z^2) = 0.2775 (Brown, Cai & DasGupta 2001)
    lo, hi = wilson_interval(0, 10)
    assert lo == 0 and hi == pytest.approx(1.959964**2 / (10 + 1.959964**2), rel=1e-6)
    assert probability_text(0.56, 200) == "56% (95% CI 49–63%)"
    assert math.isnan(wilson_interval(0, 0)[0]) and probability_text(0.5, 0) == "–"


def test_small_shares_never_print_as_zero():
    assert share_text(83_236 / 551_250_000) == "151 per million"
    assert share_text(2e-9) == "2.00e-09" and share_text(0) == "0" and share_text(0.25) == "25.0%"
    assert percent(0.001) == "<1%" and percent(0.999) == ">99%" and percent(1.0) == "100%"


def test_cells_have_no_nan_and_no_python_containers():
    assert [cell(v) for v in (np.nan, None, pd.NA, True, 1234, 0.5, 2.5e-5, [1, 2], [])] == \
        ["–", "–", "–", "yes", "1,234", "0.500", "2.5e-05", "1, 2", "none"]


def test_solutions_table_shows_option_labels_not_indices(labelled):
    res = sim.analyze(labelled)
    table = pd.DataFrame([res.nash]).assign(solution="nash")
    shown = solutions(table, Labels.from_scenario(labelled))
    assert list(shown.columns) == ["", "Nash"]
    assert shown.set_index("").loc["Territory", "Nash"] == LABELS["land"][1][int(res.nash["land"])]
    assert "Alpha utility" in set(shown[""])


def test_summary_is_a_small_table_of_words(run_dir, labelled):
    rows = summary_rows(json.loads((run_dir / "summary.json").read_text()), Labels.from_scenario(labelled))
    assert len(rows) < 20
    assert not rows["value"].map(lambda v: isinstance(v, (dict, list))).any()
    assert not rows[""].str.contains("_").any()  # keys read as words


def test_report_and_figures_read_in_labels(run_dir):
    timings = publish(run_dir)
    page = html.unescape(re.sub(r"<style>.*?</style>|<img[^>]*>", "", (run_dir / "report.html").read_text(),
                                flags=re.S))
    text = re.sub(r"<[^>]+>", " ", page)
    assert "<h2>Summary</h2><table" in page and "{" not in text.split("Summary", 1)[1]
    assert "nan" not in text.lower().split() and "NaN" not in text
    assert "Split down the river" in text and "Alpha's maximum" in text
    assert not [k for k in KEYS if re.search(rf"\b{k}\b", text)]
    # every figure drawn is timed, and the totals are recorded beside the stages
    index = json.loads((run_dir / "figures" / "index.json").read_text())
    assert set(timings["figures"]) == {e["file"].split("/")[-1] for e in index} and len(index) >= 3
    recorded = json.loads((run_dir / "timings.json").read_text())
    assert {"verdicts", "analysis", "figures", "drawing", "report"} <= set(recorded)
    assert recorded["drawing"] == pytest.approx(sum(recorded["figures"].values()), abs=0.01)


def test_figures_fit_the_report_width(run_dir):
    from PIL import Image

    from sim.plots.style import RC, REPORT_WIDTH

    publish(run_dir)
    widths = {p.name: Image.open(p).size[0] for p in (run_dir / "figures").glob("*.png")}
    assert widths and max(widths.values()) <= REPORT_WIDTH * RC["savefig.dpi"] * 1.06, widths


def test_report_command_draws_a_finished_run_and_refuses_other_folders(run_dir, tmp_path, capsys):
    from sim.report.__main__ import main
    from sim.runs.marker import problems

    assert main([str(run_dir)]) == 0
    assert (run_dir / "report.html").is_file() and (run_dir / "figures" / "index.json").is_file()
    assert problems(run_dir) == []  # still a finished run, figures and report vouched for by its marker
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty)]) == 2
    err = capsys.readouterr().err
    assert "not a finished run" in err and "summary.json" in err and "Traceback" not in err
    assert list(empty.iterdir()) == []  # nothing half-written


def test_distance_grid_keeps_only_the_issues_that_move():
    from sim.plots.distance import distance_grid

    summary = pd.DataFrame({"proposal": ["p", "q"], "found": [True, True], "n_changes": [1, 0]})
    changes = pd.DataFrame({"proposal": ["p"], "issue": ["money"], "from_option": ["none"], "to_option": ["lots"]})
    assert distance_grid(summary, changes, ["land", "alliance", "money"]) == (["p", "q"], ["money"])


def test_report_command_takes_a_sweep_folder_as_its_finished_jobs(tmp_path):
    from sim.report.__main__ import jobs_of

    (tmp_path / "multirun.yaml").write_text("{}\n")
    for job, done in (("0", True), ("1", False), ("10", True), ("2", True)):
        (tmp_path / job / ".hydra").mkdir(parents=True)
        (tmp_path / job / ".hydra" / "overrides.yaml").write_text("[]\n")
        if done:
            (tmp_path / job / "complete.json").write_text("{}\n")
    assert [p.name for p in jobs_of(tmp_path)] == ["0", "2", "10"]
    assert jobs_of(tmp_path / "0") == [tmp_path / "0"]
