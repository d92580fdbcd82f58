"""The frontier limit: past ``frontier_limit`` bundles the user gets the frontier's exact size (or a proven
lower bound), a seeded sample of bundles on it and one note, and everything downstream still works."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sim
from sim.analysis.compound import compound_issues, layers
from sim.analysis.dense import Dense
from sim.analysis.frontier import Frontier, frontier_or_size, frontier_size
from sim.analysis.pareto import DEFAULT_LIMIT
from sim.analysis.synthetic import random_scenario
from sim.forecast.bargaining import bargaining_bundles
from sim.runs.io import read_table
from sim.runs.job import run_job
from sim.settings import load_group
from tests.test_analysis_properties import SETTINGS, index_set, scenarios


@pytest.fixture(scope="module")
def wide():
    """5 actors, 7 issues: a frontier of a few thousand bundles, with ties."""
    return random_scenario(np.random.default_rng(3), 5, [4] * 7, ties=True, red_line_rate=0.1)


def rows(scn, frame) -> set[int]:
    return index_set(scn, frame[scn.space.issue_keys].to_numpy())


def test_past_the_limit_the_size_is_exact_and_the_sample_on_the_frontier(wide):
    full = sim.analyze(wide, frontier_limit=10**7)
    assert full.pareto_status.complete and full.pareto_status.size == len(full.pareto) > 500
    small = sim.analyze(wide, frontier_limit=len(full.pareto) - 1)
    status = small.pareto_status
    assert not status.complete and status.exact
    assert status.size == len(full.pareto)  # counted without listing
    sample = rows(wide, small.pareto)
    assert 0 < len(sample) == len(small.pareto) == status.listed <= status.limit
    assert sample <= rows(wide, full.pareto)  # every sampled bundle is on the frontier
    assert "raise analysis.frontier_limit" in status.note()
    again = sim.analyze(wide, frontier_limit=len(full.pareto) - 1)
    assert again.pareto.equals(small.pareto)  # same seed, same sample
    other = sim.analyze(wide, frontier_limit=len(full.pareto) - 1, seed=1)
    assert rows(wide, other.pareto) <= rows(wide, full.pareto)


def test_a_count_cut_short_gives_a_proven_lower_bound(wide, monkeypatch):
    monkeypatch.setattr(sim.analysis.pareto, "COUNT_BUDGET", 20)  # the count's own budget as small as the limit
    full = sim.analyze(wide, frontier_limit=10**7)
    res = sim.analyze(wide, frontier_limit=20)  # even the distinct vectors pass 20 in some merge
    status = res.pareto_status
    assert not status.exact and not status.complete
    assert status.size == len(res.pareto) <= len(full.pareto)
    assert rows(wide, res.pareto) <= rows(wide, full.pareto)
    assert status.size_text.startswith("at least") and "counting stopped" in status.note()


def test_answers_other_than_the_frontier_do_not_change(wide):
    full, small = sim.analyze(wide, frontier_limit=10**7), sim.analyze(wide, frontier_limit=20)
    assert small.zone_size == full.zone_size
    assert small.solutions.equals(full.solutions)
    assert {k: v.tolist() for k, v in bargaining_bundles(wide, small).items()} == \
        {k: v.tolist() for k, v in bargaining_bundles(wide, full).items()}


@SETTINGS
@given(scenarios())
def test_frontier_size_matches_brute_force(scn):
    """The count on distinct vectors with multiplicities is the number of Pareto-optimal bundles."""
    comp = compound_issues(scn)
    every = list(range(scn.n_actors))
    got = frontier_size(comp, layers(comp, every, every))
    pareto = Dense(scn).pareto()
    assert got.bundles == int(pareto.sum())
    assert got.vectors == len(np.unique(Dense(scn).units[pareto], axis=0))


@SETTINGS
@given(scenarios(), st.integers(1, 400))
def test_switching_to_counting_mid_merge_keeps_the_count_exact(scn, cap):
    """Listing until a merge keeps more than ``cap`` bundles, then counting distinct vectors: the result
    is the frontier itself, its exact size, or nothing (past ``cap`` vectors), never a wrong number."""
    comp = compound_issues(scn)
    every = list(range(scn.n_actors))
    got = frontier_or_size(comp, layers(comp, every, every), cap)
    pareto = Dense(scn).pareto()
    if isinstance(got, Frontier):
        assert index_set(scn, got.bundles) == set(np.flatnonzero(pareto).tolist())
    elif got is not None:
        assert got.bundles == int(pareto.sum())


def test_a_small_limit_still_gets_the_exact_size(wide):
    """A short list asked for is no weaker count: the count keeps its own budget (pareto.COUNT_BUDGET)."""
    full = sim.analyze(wide, frontier_limit=10**7)
    status = sim.analyze(wide, frontier_limit=20).pareto_status
    assert status.exact and not status.complete and status.size == len(full.pareto)


@SETTINGS
@given(scenarios(), st.integers(1, 60), st.integers(0, 400))
def test_a_separate_count_budget_keeps_the_count_exact(scn, cap, extra):
    """Listing up to ``cap`` bundles, counting up to ``cap + extra`` vectors: the frontier, its exact
    size, or nothing."""
    comp = compound_issues(scn)
    every = list(range(scn.n_actors))
    got = frontier_or_size(comp, layers(comp, every, every), cap, count_cap=cap + extra)
    pareto = Dense(scn).pareto()
    if isinstance(got, Frontier):
        assert index_set(scn, got.bundles) == set(np.flatnonzero(pareto).tolist())
    elif got is not None:
        assert got.bundles == int(pareto.sum())


def test_the_stage_writes_the_sample_and_the_note(wide, tmp_path):
    lines = []
    full = sim.analyze(wide, frontier_limit=10**7).pareto
    limit = len(full) - 1
    summary = run_job(wide, {"stages": ["analysis"], "seed": 0, "analysis": {"frontier_limit": limit}}, tmp_path,
                      say=lines.append)
    zone = read_table(tmp_path, "zone_summary").iloc[0]
    assert zone["pareto_size"] == len(full) and zone["pareto_size_exact"] and not zone["pareto_listed"]
    assert f"frontier_limit={limit}" in zone["note"] and pd.isna(zone["pareto_in_zone"])
    assert rows(wide, read_table(tmp_path, "pareto")) <= rows(wide, full)
    assert sum(f"frontier_limit={limit}" in line for line in lines) == 1
    assert summary["analysis"]["pareto_size"] == len(full) and summary["analysis"]["pareto_in_zone"] is None
    from sim.plots import draw_run
    entry = next(e for e in draw_run(tmp_path) if e.path.name == "frontier_pairs.png")
    assert f"frontier_limit={limit}" in entry.caption  # the figure says its frontier is a sample


def test_the_limit_is_validated_and_its_default_is_the_library_s():
    from sim.runs import stage_analysis
    from sim.scenario import ConfigError

    assert load_group("analysis", "default")["frontier_limit"] == DEFAULT_LIMIT
    with pytest.raises(ConfigError, match="analysis.frontier_limit"):
        stage_analysis.settings({"analysis": {"frontier_limit": 0}})


def test_same_seed_same_sample_bytes(wide, tmp_path):
    cfg = {"stages": ["analysis"], "seed": 4, "analysis": {"frontier_limit": 100}, "figures": False}
    for name in ("one", "two"):
        run_job(wide, cfg, tmp_path / name, say=lambda s: None)
    for table in ("pareto.parquet", "zone_summary.parquet", "zone_sample.parquet"):
        assert (tmp_path / "one" / "tables" / table).read_bytes() == (tmp_path / "two" / "tables" / table).read_bytes()
