"""The what-if dashboard (Solara, the stack of Mesa's SolaraViz): edit the scenario on the left, read the
zone, verdicts, solutions and negotiation on the right, side by side with the file it came from.

State per browser session: the edited scenario as a plain dict (``edited``). Everything shown is derived
from it: ``Scenario.from_dict`` validates it, ``view.live_view`` answers a slider move (exact zone,
verdicts, solution points) in the render itself, and the slow work (negotiation ensemble, report) runs in
Solara tasks on a worker thread with a progress bar, so the page stays live.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import solara
import solara.lab

from ..scenario import Scenario, ScenarioError, load_scenario
from . import edits
from .export import RunSettings, choices, cli_command, export_name, job_key, run_folder, scenario_yaml
from .html import CSS, concession_table, frame_table, verdict_table, zone_status
from .view import LiveView, live_view, verdict_changes

SCENARIO_ENV = "SIM_APP_SCENARIO"  # set by ``python -m sim.app``; a configs/scenario name or a YAML path


@cache
def original() -> tuple[Scenario, LiveView]:
    """The scenario file the app was started with and its view (shared by every session, computed once)."""
    scn = load_scenario(os.environ.get(SCENARIO_ENV, "ukraine_2025"))
    return scn, live_view(scn)


@cache
def jobs_dir() -> Path:
    """One folder for the runs of this server; removed when it stops."""
    path = Path(tempfile.mkdtemp(prefix="sim-app-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


edited = solara.reactive(None)  # the edited scenario dict; None = the file as loaded
settings = solara.reactive(RunSettings())
messages = solara.reactive("")


def current_doc() -> dict:
    return edited.value if edited.value is not None else original()[0].to_dict()


def edit(fn, *args) -> None:
    edited.set(fn(current_doc(), *args))


def _run(scn: Scenario, run: RunSettings) -> Path:
    """A run folder through the CLI's pipeline, reporting progress to the task that called it."""
    def on_progress(done: int, total: int) -> None:
        task = negotiate_task if run.stages == ("negotiation",) else report_task
        task.progress = 100.0 * done / max(total, 1)

    out = jobs_dir() / job_key(scn, run)
    return run_folder(scn, run, out, say=lambda s: messages.set(s) if s.strip() else None, on_progress=on_progress)


@solara.lab.task
def negotiate_task(scn: Scenario, run: RunSettings) -> Path:
    """One seeded negotiation and the ensemble; returns the run folder (figures drawn from its tables)."""
    return _run(scn, RunSettings(run.protocol, run.war, run.seed, run.ensemble_runs, ("negotiation",))).parent


@solara.lab.task
def report_task(scn: Scenario, run: RunSettings) -> bytes:
    """The CLI's report.html for the edited scenario and the chosen run settings."""
    return _run(scn, run).read_bytes()


# --- left: the edits ----------------------------------------------------------------------------
def Slider(label: str, value: float, max: float, step: float, on_change) -> None:
    """A slider from 0 that passes on real moves only: the browser snaps a value off its step grid (a
    reservation of 0.57995 shows as 0.580) and reports that as a move, which is not an edit."""
    def moved(v: float) -> None:
        if abs(v - value) >= step / 2:
            on_change(v)

    solara.SliderFloat(label, value=value, min=0.0, max=max, step=step, on_value=moved)


@solara.component
def ActorControls(scn: Scenario, key: str):
    actor = scn.actor(key)
    raw = next(a for a in scn.raw["actors"] if a["key"] == key).get("weights") or {}
    top = max([*raw.values(), 1])
    whole = all(float(w).is_integer() for w in raw.values())
    Slider(f"Reservation value (no deal): {actor.reservation:.3f}", actor.reservation, 1.0, 0.005,
           lambda v: edit(edits.set_reservation, key, v))
    solara.Markdown("**Weights** (salience; share of the total in brackets)")
    for i, issue in enumerate(scn.issues):
        Slider(f"{issue.label} ({actor.weights[i]:.0%})", float(raw.get(issue.key, 0)), float(2 * top),
               1.0 if whole else top / 50, lambda v, k=issue.key: edit(edits.set_weight, key, k, v))
    with solara.Details("Red lines (options it never accepts)"):
        for i, issue in enumerate(scn.issues):
            labels = list(issue.option_labels)
            now = [labels[o] for o in sorted(actor.red_lines[i])]
            solara.SelectMultiple(issue.label, values=now, all_values=labels, dense=True,
                                  on_value=lambda vs, iss=issue: edit(
                                      edits.set_red_lines, scn, key, iss.key,
                                      [iss.options[iss.option_labels.index(v)] for v in vs]))


@solara.component
def AgendaControls(scn: Scenario):
    solara.Markdown("Options still on the table: the zone, frontier and negotiation search only these "
                    "(verdicts on the proposals are unchanged).")
    for i, issue in enumerate(scn.issues):
        labels = list(issue.option_labels)
        on = scn.agenda[i] if i < len(scn.agenda) else None
        now = labels if on is None else [labels[o] for o in sorted(on)]
        solara.SelectMultiple(issue.label, values=now, all_values=labels, dense=True,
                              on_value=lambda vs, iss=issue: edit(edits.set_agenda, scn, iss.key,
                                                                  [iss.options[iss.option_labels.index(v)]
                                                                   for v in vs]))


# --- right: the panels ----------------------------------------------------------------------------
@solara.component
def Solutions(view: LiveView):
    if view.solutions.empty:
        why = view.analysis.why_empty
        solara.Markdown(f"No solution point: the zone is empty. {getattr(why, 'reason', '')}")
        return
    scn = view.scenario
    table = view.solutions.T
    utilities = [a.label for a in scn.actors]
    solara.HTML(unsafe_innerHTML=frame_table(table.drop(index=utilities), "solutions", wrap=True))
    solara.HTML(unsafe_innerHTML=frame_table(table.loc[utilities].astype(float), "solution-utilities"))


@solara.component
def Concessions(view: LiveView):
    solara.HTML(unsafe_innerHTML=concession_table(view))


@solara.component
def Nearest(view: LiveView):
    scn = view.scenario
    chosen, set_chosen = solara.use_state(next(iter(scn.proposals.values())).label if scn.proposals else "")
    if not scn.proposals:
        solara.Markdown("The scenario has no proposals.")
        return
    labels = {p.label: k for k, p in scn.proposals.items()}
    solara.Select("Proposal", values=list(labels), value=chosen, on_value=set_chosen)
    near = view.analysis.nearest(labels[chosen])
    if not near.found:
        solara.Markdown(f"No agreement within reach: {near.reason}")
        return
    if near.n_changes == 0:
        solara.Markdown("Already acceptable to every signatory.")
        return
    solara.Markdown(f"**{near.n_changes} change(s)** make it acceptable to every signatory "
                    f"(of those, the one with the highest Nash product):")
    ch = near.changes
    rows = []
    for r in ch.itertuples(index=False):
        issue = scn.space.issue(r.issue)
        rows.append({"issue": issue.label, "from": issue.option_labels[int(r.from_index)],
                     "to": issue.option_labels[int(r.to_index)],
                     **{a.label: float(getattr(r, a.key)) for a in scn.actors if a.key.isidentifier()}})
    import pandas as pd

    solara.HTML(unsafe_innerHTML=frame_table(pd.DataFrame(rows), "nearest", index=False, wrap=True))
    solara.Markdown("<span class='sim-note'>Per actor: the utility change of that change alone.</span>")


@solara.component
def Changes(view: LiveView, base: LiveView):
    import pandas as pd

    diff = edits.changes(base.scenario, view.scenario)
    if not diff:
        solara.Markdown("No edits yet: the scenario is the file as loaded.")
        return
    solara.Markdown("**What you changed**")
    solara.HTML(unsafe_innerHTML=frame_table(pd.DataFrame(diff), "changes", index=False))
    solara.Markdown(f"**Effect on the zone**: {base.zone_size:,} → {view.zone_size:,} bundles "
                    f"({view.zone_size - base.zone_size:+,}).")
    flips = verdict_changes(base, view)
    if flips.empty:
        solara.Markdown("**Effect on the verdicts**: none flipped (margins moved: see the verdict table).")
    else:
        solara.Markdown("**Verdicts that flipped**")
        solara.HTML(unsafe_innerHTML=frame_table(flips, "flips", index=False))


@solara.component
def RunControls():
    run = settings.value

    def put(**kw):
        settings.set(RunSettings(**{**vars(run), **kw}))

    with solara.Row():
        solara.Select("Protocol", values=choices("protocol"), value=run.protocol, on_value=lambda v: put(protocol=v))
        solara.Select("War", values=choices("war"), value=run.war, on_value=lambda v: put(war=v))
        solara.InputInt("Seed", value=run.seed, on_value=lambda v: put(seed=max(0, int(v))))
        solara.InputInt("Ensemble runs", value=run.ensemble_runs,
                        on_value=lambda v: put(ensemble_runs=min(max(1, int(v)), 5000)))


@solara.component
def Busy(task):
    if task.pending:
        solara.ProgressLinear(task.progress if task.progress else True)
        solara.Markdown(f"<span class='sim-note' id='busy'>working… {messages.value}</span>")
    elif task.error:
        solara.Error(f"failed: {task.exception}")


@solara.component
def Negotiate(scn: Scenario):
    RunControls()
    run = settings.value
    solara.Button("Negotiate", color="primary", disabled=negotiate_task.pending,
                  on_click=lambda: negotiate_task(scn, run))
    Busy(negotiate_task)
    if negotiate_task.finished and negotiate_task.value is not None:
        folder = Path(negotiate_task.value)
        stale = folder.name != job_key(scn, RunSettings(run.protocol, run.war, run.seed, run.ensemble_runs,
                                                        ("negotiation",)))
        if stale:
            solara.Warning("These results are for earlier edits or settings: press Negotiate again.")
        summary = json.loads((folder / "summary.json").read_text())
        solara.Markdown("\n".join(f"* {line}" for line in summary.get("headlines", [])))
        figures = folder / "figures"
        for name in ("negotiation_trajectory.png", "negotiation_ensemble.png"):
            if (figures / name).is_file():
                solara.Image(str(figures / name), width="100%")


@solara.component
def Export(scn: Scenario):
    name = export_name(scn)
    solara.FileDownload(scenario_yaml(scn), filename=name, label="Download the edited scenario (YAML)",
                        mime_type="application/x-yaml")
    solara.Markdown(f"Run it from the command line with the settings below (same tables, same report):\n\n"
                    f"`{cli_command(settings.value, name)}`")
    RunControls()
    solara.Button("Build the HTML report (verdicts, analysis, negotiation)", disabled=report_task.pending,
                  on_click=lambda: report_task(scn, settings.value))
    Busy(report_task)
    if report_task.finished and report_task.value is not None:
        solara.FileDownload(report_task.value, filename=name.replace(".yaml", "_report.html"),
                            label="Download report.html",
                            mime_type="text/html")


_views: dict[str, LiveView] = {}  # by scenario content: moving a slider back answers at once
VIEWS_KEPT = 64


def cached_view(scn: Scenario) -> LiveView:
    view = _views.get(scn.content_hash)
    if view is None:
        view = _views[scn.content_hash] = live_view(scn)
        while len(_views) > VIEWS_KEPT:
            _views.pop(next(iter(_views)))  # the oldest (dicts keep insertion order)
    return view


def parse(doc: dict) -> tuple[Scenario | None, str | None]:
    """The edited dict as a Scenario, or the validation message (e.g. every weight of an actor at zero)."""
    try:
        return Scenario.from_dict(doc, source="the edited scenario"), None
    except ScenarioError as e:
        return None, str(e)


@solara.component
def Page():
    base_scn, base = original()
    solara.Title("What-if: " + base_scn.name)
    solara.Style(CSS)
    with solara.Column(style={"padding": "0 20px", "max-width": "100vw", "overflow-x": "hidden"}):
        Dashboard(base_scn, base)


@solara.component
def Dashboard(base_scn: Scenario, base: LiveView):
    doc = current_doc()
    scn, error = solara.use_memo(lambda: parse(doc), dependencies=[str(doc)])
    view = solara.use_memo(lambda: cached_view(scn) if scn is not None else None, dependencies=[id(scn)])
    shown = scn or base_scn
    with solara.Row(style={"align-items": "baseline"}):
        solara.Markdown(f"## What if… ({base_scn.name})")
        solara.Button("Reset to the file", outlined=True, on_click=lambda: edited.set(None))
    solara.Markdown(f"<span class='sim-note'>{base_scn.space.n_issues} issues, {base_scn.space.size:,} bundles; "
                    f"signatories {', '.join(a.label for a in base_scn.actors if a.key in base_scn.signatories)}."
                    " Move a reservation value or a weight, change red lines or the agenda: every panel "
                    "answers at once; Negotiate and Export run the command line's pipeline.</span>")
    with solara.Columns([1, 2]):
        with solara.Column():
            # lazy: only the open tab is built, so a slider move re-renders one actor's controls, not all
            with solara.lab.Tabs(lazy=True):
                for a in shown.actors:
                    with solara.lab.Tab(a.label):
                        with solara.Column(classes=[f"sim-actor-{a.key}"]):  # found by the browser test
                            ActorControls(shown, a.key)
                with solara.lab.Tab("Agenda"):
                    AgendaControls(shown)
        with solara.Column():
            if error:
                solara.Error(error)
                return
            solara.HTML(unsafe_innerHTML=zone_status(view, base))
            solara.HTML(unsafe_innerHTML=verdict_table(view, base))
            with solara.lab.Tabs(lazy=True):
                with solara.lab.Tab("Edited vs file"):
                    Changes(view, base)
                with solara.lab.Tab("Solution points"):
                    Solutions(view)
                with solara.lab.Tab("Concession map"):
                    Concessions(view)
                with solara.lab.Tab("Nearest agreement"):
                    Nearest(view)
                with solara.lab.Tab("Negotiate"):
                    Negotiate(scn)
                with solara.lab.Tab("Export"):
                    Export(scn)
