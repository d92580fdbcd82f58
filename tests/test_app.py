"""The what-if app's computing half (no browser, no Solara): edits, live view, side-by-side, exports.

Oracles: ``Scenario.accepts`` on the proposal bundles and the dense enumeration of the toy space for the
verdicts and the zone; the command line itself for the exports (same YAML, same settings, same tables and
the same report bytes).
"""

from __future__ import annotations

import itertools
import re
import shlex
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

import sim
from sim.app import edits
from sim.app.export import RunSettings, cli_command, export_name, run_folder, scenario_yaml
from sim.app.html import verdict_table, zone_status
from sim.app.view import live_view, verdict_changes


def dense_zone(scn) -> int:
    """Every bundle of the (small) space, accepted by every signatory and on the agenda."""
    b = np.array(list(itertools.product(*[range(i.n_options) for i in scn.issues])))
    ok = scn.accepts(b)[:, scn.signatory_index].all(axis=1) & scn.on_agenda(b)
    return int(ok.sum())


def edited_toy(toy):
    d = edits.set_reservation(toy.to_dict(), "b", 0.65)
    d = edits.set_weight(d, "a", "money", 3)
    d = edits.set_red_lines(d, toy, "b", "money", ["lots"])
    return sim.Scenario.from_dict(edits.set_agenda(d, toy, "land", ["split", "all_a"]))


def test_edits_leave_the_original_alone_and_validate(toy):
    d0 = toy.to_dict()
    snapshot = yaml.safe_dump(d0)
    scn = edited_toy(toy)
    assert yaml.safe_dump(d0) == snapshot
    assert scn.actor("b").reservation == 0.65
    assert scn.actor("a").weights[scn.space.issue_keys.index("money")] == pytest.approx(3 / 6)
    assert scn.actor("b").red_lines[scn.space.issue_keys.index("money")] == frozenset({2})
    # options saved in the issue's order, whatever order they were picked in
    assert scn.to_dict()["agenda"] == {"land": ["all_a", "split"]}
    back = edits.set_agenda(scn.to_dict(), scn, "land", ["all_a", "split", "all_b"])
    assert "agenda" not in back
    cleared = edits.set_red_lines(scn.to_dict(), scn, "b", "money", [])
    assert "money" not in cleared["actors"][1]["red_lines"]


def test_changes_name_every_edit_and_nothing_else(toy):
    assert edits.changes(toy, toy) == []
    rows = edits.changes(toy, edited_toy(toy))
    what = [r["what"] for r in rows]
    assert what == ["a: weight of money", "b: reservation value", "b: red lines on money", "Agenda: land"]
    weight = rows[0]
    assert weight["before"] == "1 (25.0%)" and weight["after"] == "3 (50.0%)"
    assert rows[2]["before"] == "none" and rows[2]["after"] == "lots"
    assert rows[3]["before"] == "all" and rows[3]["after"] == "all a, split"  # labels


def test_live_view_matches_independent_oracles(toy):
    for scn in (toy, edited_toy(toy)):
        view = live_view(scn)
        assert view.zone_size == dense_zone(scn)
        keys = list(scn.proposals)
        ok = scn.accepts(np.array([scn.proposals[k].bundle for k in keys]))
        for p, key in enumerate(keys):
            for a, actor in enumerate(scn.actor_names):
                row = view.verdicts[(view.verdicts["proposal"] == key) & (view.verdicts["actor"] == actor)]
                assert bool(row["accepts"].iloc[0]) == bool(ok[p, a])
            assert bool(view.deals[key]) == bool(ok[p, scn.signatory_index].all())


def test_side_by_side_lists_exactly_the_flipped_verdicts(toy):
    before, after = live_view(toy), live_view(edited_toy(toy))
    flips = verdict_changes(before, after)
    b = before.verdicts.set_index(["proposal", "actor"])["accepts"]
    a = after.verdicts.set_index(["proposal", "actor"])["accepts"]
    want = {(toy.proposals[p].label, who) for (p, who) in b.index if b[(p, who)] != a[(p, who)]}
    want |= {(toy.proposals[p].label, "all signatories") for p in toy.proposals
             if before.deals[p] != after.deals[p]}
    assert set(zip(flips["proposal"], flips["who"])) == want
    assert want, "the edit was chosen to flip at least one verdict"
    assert verdict_changes(before, before).empty


def test_page_fragments_carry_the_exact_numbers(toy):
    base, view = live_view(toy), live_view(edited_toy(toy))
    status = zone_status(view, base)
    assert f"data-value='{view.zone_size}'" in status
    cells = re.findall(r"data-proposal='([^']*)' data-actor='([^']*)' data-accepts='(\d)' data-flipped='(\d)'",
                       verdict_table(view, base))
    verdicts = view.verdicts.set_index(["proposal", "actor"])["accepts"]
    was = base.verdicts.set_index(["proposal", "actor"])["accepts"]
    assert len(cells) == len(toy.proposals) * (toy.n_actors + 1)
    for proposal, actor, accepts, flipped in cells:
        if actor == "*":
            assert accepts == str(int(view.deals[proposal]))
            assert flipped == str(int(view.deals[proposal] != base.deals[proposal]))
        else:
            assert accepts == str(int(verdicts[(proposal, actor)]))
            assert flipped == str(int(verdicts[(proposal, actor)] != was[(proposal, actor)]))


def run_cli(*args, cwd):
    r = subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    return r


def test_exported_yaml_runs_on_the_command_line_with_the_app_results(toy, tmp_path):
    """The downloaded YAML, run with the command the app shows, gives the app's tables and report bytes."""
    scn = edited_toy(toy)
    settings = RunSettings(seed=3, ensemble_runs=6)
    (tmp_path / export_name(scn)).write_text(scenario_yaml(scn))
    report = run_folder(scn, settings, tmp_path / "app")
    command = shlex.split(cli_command(settings, export_name(scn)))[3:]  # after "python -m sim"
    run_cli(*command, "hydra.run.dir=cli", cwd=tmp_path)
    cli = tmp_path / "cli"
    view = live_view(scn)
    zone = pd.read_csv(cli / "tables" / "zone_summary.csv")
    assert int(zone["zone_size"].iloc[0]) == view.zone_size
    verdicts = pd.read_csv(cli / "tables" / "verdicts.csv").set_index(["proposal", "actor"])["accepts"]
    assert verdicts.to_dict() == view.verdicts.set_index(["proposal", "actor"])["accepts"].to_dict()
    for name in ("verdicts", "solutions", "concessions", "negotiation_history", "negotiation_ensemble_runs"):
        assert (cli / "tables" / f"{name}.csv").read_bytes() == (report.parent / "tables" / f"{name}.csv").read_bytes()
    assert (cli / "report.html").read_bytes() == report.read_bytes()


def test_exported_yaml_of_an_extending_scenario_is_self_contained(tmp_path):
    """``extends`` is resolved in the export: the file loads anywhere and is the same scenario."""
    uk = sim.load_scenario("ukraine_2025_uk")
    edited = sim.Scenario.from_dict(edits.set_reservation(uk.to_dict(), "ukraine", 0.55))
    path = tmp_path / "elsewhere" / "edited.yaml"
    path.parent.mkdir()
    path.write_text(scenario_yaml(edited))
    assert "extends" not in yaml.safe_load(path.read_text())
    again = sim.load_scenario(path)
    assert again.content_hash == edited.content_hash
    assert sim.analyze(again).proposals.equals(sim.analyze(edited).proposals)
