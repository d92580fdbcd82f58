"""Sweep progress (job count, time left, tagged lines) and the words for swept parameters."""

from __future__ import annotations

import io

import pytest

import sim
from sim.runs.parameters import describe, value_label
from sim.runs.progress import TaggedLines, count_jobs, eta_text, progress_line
from sim.scenario.labels import Labels


def test_count_jobs_is_the_product_of_the_swept_values():
    assert count_jobs({"+agenda.nato": "a,b,c,d", "seed": "1,2"}, ["figures=false"]) == 8
    assert count_jobs({}, ["seed=range(0,5)", "war.battle.balance=0.5,0.6", "stages=[verdicts]"]) == 10
    assert count_jobs({}, []) == 1


def test_progress_line_estimates_from_this_session_only():
    assert progress_line(10, 4, 2, 60.0) == "4/10 jobs done; about 3 min left"  # 30 s a job, 6 left
    assert progress_line(10, 4, 0, 60.0) == "4/10 jobs done"  # only resumed jobs: no rate yet
    assert progress_line(4, 4, 4, 9.0) == "4/4 jobs done"
    assert (eta_text(42), eta_text(600), eta_text(7200)) == ("42 s", "10 min", "2.0 h")


def test_tagged_lines_tag_every_line_once():
    buf = io.StringIO()
    out = TaggedLines(buf, "[job 2/5] ")
    out.write("one\ntw")
    out.write("o\n\nthree\n")
    assert buf.getvalue() == "[job 2/5] one\n[job 2/5] two\n\n[job 2/5] three\n"


@pytest.fixture
def names():
    return Labels.from_scenario(sim.load_scenario("ukraine_2025"))


@pytest.mark.parametrize("key,words", [
    ("war.actors.russia.monthly_cost", "Russia: monthly cost of the war (utility per month)"),
    ("war.battle.balance", "chance a month's fighting favours Russia"),
    ("+agenda.nato", "NATO membership: the option settled on"),
    ("negotiation.actors.ukraine.strategy", "Ukraine: concession strategy"),
    ("war.actors.us.not_a_setting", "war · actors · United States · not a setting"),  # no pattern: words
])
def test_parameters_read_as_descriptions(names, key, words):
    assert describe(key, names, side="russia") == words


def test_swept_values_read_as_labels(names):
    assert value_label("+agenda.nato", "treaty_neutrality", names) == "Permanent neutrality by treaty"
    assert value_label("protocol.opening", "us_april_2025", names) == "US plan, 17 Apr 2025 (seed)"
    assert value_label("war.battle.balance", 0.55, names) == 0.55
