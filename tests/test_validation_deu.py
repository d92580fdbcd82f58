"""DEU reading and the validation command (on a few proposals; the whole file is docs/validation.md)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.forecast.deu import NICE_VOTES, read_deu
from sim.forecast.validate import forecasts, main, scores
from sim.scenario import ScenarioError

DEU = Path(__file__).parent / "data" / "cases" / "deu3_train.csv"


@pytest.fixture(scope="module")
def cases():
    return read_deu(DEU)


def test_reads_every_proposal_and_issue(cases):
    assert len(cases) == 71 and sum(c.table.n_issues for c in cases) == 179
    first = cases[0]
    assert first.proposal == "d00060" and first.table.issues == ("d00060i1", "d00060i2")
    assert first.outcome.tolist() == [50.0, 0.0]
    assert np.isnan(first.table.reference[0]) and first.table.reference[1] == 0
    a = first.table.actors
    assert first.table.capability[a.index("de")] == 29 and first.table.capability[a.index("mt")] == 3
    assert first.table.capability[a.index("ep")] == 29  # codecision
    cns = next(c for c in cases if c.procedure == "CNS")
    assert cns.table.capability[cns.table.actors.index("ep")] == 0
    assert sum(NICE_VOTES.values()) == 352  # EU-28 total under the Nice weights


def test_salience_imputed_only_where_a_position_has_none(cases):
    df = pd.read_csv(DEU, sep="\t", dtype=str, keep_default_na=False).iloc[1:]
    row = df.iloc[0]
    t = cases[0].table
    for a, actor in enumerate(t.actors):
        p, s = row[f"p{actor}"], row[f"s{actor}"]
        if not p:
            assert np.isnan(t.position[a, 0]) and t.salience[a, 0] == 0
        else:
            assert t.salience[a, 0] == (float(s) if s else 50.0) / 100


def test_scores_on_a_few_proposals(cases):
    d = forecasts(cases[:4])
    s = scores(d).set_index("model")
    scored = d.dropna(subset=["outcome"])
    assert s.loc["compromise", "issues"] == scored[scored.model == "compromise"]["abs_error"].notna().sum()
    e = scored[scored.model == "mean"]["abs_error"]
    assert s.loc["mean", "mean_abs_error"] == pytest.approx(e.mean())
    assert s.loc["mean", "within_10"] == pytest.approx((e <= 10).mean())
    assert (s["seconds"] >= 0).all()


def test_command_writes_tables(tmp_path, cases):
    small = tmp_path / "small.tsv"
    df = pd.read_csv(DEU, sep="\t", dtype=str, keep_default_na=False)
    df.iloc[:6].to_csv(small, sep="\t", index=False)  # the GDP row and the first two proposals
    assert main([str(small), "--out", str(tmp_path / "v")]) == 0
    s = pd.read_csv(tmp_path / "v" / "scores.csv")
    assert list(s["model"])[:3] == ["reference_point", "mean", "compromise"]
    assert "| compromise |" in (tmp_path / "v" / "scores.md").read_text()


def test_bad_file_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text("prnr\tisnr\tproc\tcounvte\trp\tout\tpcom\tscom\nd1\td1i1\tCOD\tQMV\t0\t50\tabc\t50\n")
    assert main([str(bad), "--out", str(tmp_path / "v")]) == 2
    err = capsys.readouterr().err
    assert "row 2, column pcom" in err and str(bad) in err and not (tmp_path / "v").exists()
    with pytest.raises(ScenarioError):
        read_deu(tmp_path / "missing.tsv")


def test_documented_scores_of_the_simple_models(cases):
    """docs/validation.md's rows for the floors and the two classic models (fast: no iterative model)."""
    s = scores(forecasts(cases, models=["reference_point", "mean", "compromise", "weighted_median"])).set_index("model")
    assert s["issues"].to_dict() == {"reference_point": 126, "mean": 173, "compromise": 173, "weighted_median": 173}
    assert s["mean_abs_error"].round(2).to_dict() == {"reference_point": 51.61, "mean": 26.34, "compromise": 24.36,
                                                      "weighted_median": 31.85}
    assert round(s.loc["compromise", "within_10"], 3) == 0.312


def test_workers_give_the_same_table(cases):
    models = ["compromise", "nash", "kalai_weighted", "nash_achen"]
    one, two = forecasts(cases[:3], models), forecasts(cases[:3], models, workers=2)
    cols = ["proposal", "issue", "model", "forecast", "outcome", "abs_error"]
    pd.testing.assert_frame_equal(one[cols], two[cols])


def test_bad_workers_exit_2(tmp_path, capsys):
    assert main([str(DEU), "--workers", "0", "--out", str(tmp_path / "v")]) == 2
    assert "--workers" in capsys.readouterr().err and not (tmp_path / "v").exists()


@pytest.mark.slow
def test_documented_scores_of_the_bargaining_points(cases):
    """docs/validation.md's bargaining rows under the treaty decision rules (about 30 s of CPU)."""
    s = scores(forecasts(cases, models=["nash", "nash_weighted", "kalai", "kalai_weighted"], workers=2))
    s = s.set_index("model")
    assert (s["issues"] == 173).all()
    assert s["mean_abs_error"].round(2).to_dict() == {"nash": 29.76, "nash_weighted": 29.55, "kalai": 32.06,
                                                      "kalai_weighted": 30.97}
    assert s["within_10"].round(3).to_dict() == {"nash": 0.358, "nash_weighted": 0.393, "kalai": 0.249,
                                                 "kalai_weighted": 0.324}


def test_achen_nash_uses_each_proposal_rule(cases):
    """nash_achen's product is over the treaty rule's members: under unanimity the Commission is none
    (sim.forecast.council), so its position cannot move the point."""
    from sim.forecast.achen import achen_nash, achen_scenario

    unan = next(c for c in cases if c.voting == "Unan" and c.table.n_issues == 1)
    scn = achen_scenario(unan.table, unan.rule)
    assert "com" not in scn.signatories and "com" in scn.actor_names
    moved = unan.table.position.copy()
    moved[unan.table.actors.index("com")] = 100.0 - moved[unan.table.actors.index("com")]
    other = type(unan.table)(**{**unan.table.__dict__, "position": moved})
    assert achen_nash(other, unan.rule).tolist() == achen_nash(unan.table, unan.rule).tolist()


@pytest.mark.slow
def test_documented_score_of_the_achen_nash_point(cases):
    """docs/validation.md's nash_achen row and its two-fold check (odd / even proposals in file order)."""
    d = forecasts(cases, models=["compromise", "nash_achen"], workers=2)
    s = scores(d).set_index("model")
    assert s.loc["nash_achen", "issues"] == 173
    assert round(s.loc["nash_achen", "mean_abs_error"], 2) == 24.35
    assert round(s.loc["nash_achen", "within_10"], 3) == 0.387
    order = {c.proposal: n for n, c in enumerate(cases)}
    half = d["proposal"].map(order) % 2
    by = d.dropna(subset=["abs_error"]).groupby([half, "model"])["abs_error"].mean().round(2).to_dict()
    assert by == {(0, "compromise"): 24.62, (0, "nash_achen"): 25.20, (1, "compromise"): 24.14,
                  (1, "nash_achen"): 23.62}
