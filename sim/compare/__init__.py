"""Layer 5: compare saved runs and sweeps side by side, from their tables only."""

from __future__ import annotations

import html
from pathlib import Path

from ..report.html import figure_block, page, table_html
from ..runs.io import atomic_write_text, write_json
from .figures import negotiation_figures, sweep_figures, sweeps_compared, verdicts_figure
from .load import discover
from .settings import settings_diff


def compare(dirs: list[Path], out: Path, labels: dict[Path, str] | None = None) -> Path:
    """Write comparison figures, ``settings_diff.csv`` and ``report.html`` into ``out``; ``labels`` names
    folders (else a folder's name); ``ValueError`` on unusable input."""
    runs, sweeps, problems = discover([Path(d) for d in dirs], labels)
    if problems:
        raise ValueError("; ".join(problems))
    out = Path(out)
    figs = out / "figures"
    entries = (verdicts_figure(runs, figs) + negotiation_figures(runs, figs)) if runs else []
    entries += sweeps_compared(sweeps, figs)
    for s in sweeps:
        entries += sweep_figures(s, figs)
    index = [{"file": str(e.path.relative_to(out)), "title": e.title, "caption": e.caption} for e in entries]
    write_json(figs / "index.json", index)
    parts = ["<h1>Comparison</h1>", "<ul>"]
    parts += [f"<li>run <b>{html.escape(r.label)}</b>: {html.escape(str(r.path))}</li>" for r in runs]
    parts += [f"<li>sweep <b>{html.escape(s.label)}</b>: {len(s.table)} jobs, swept "
              f"{html.escape(', '.join(s.params) or 'nothing')} ({html.escape(str(s.path))})</li>" for s in sweeps]
    parts.append("</ul>")
    diff = settings_diff([*runs, *sweeps]) if len(runs) + len(sweeps) > 1 else None
    if diff is not None:
        atomic_write_text(out / "settings_diff.csv", diff.to_csv(index=False))
        parts.append("<h2>Settings that differ</h2>" + (
            table_html(diff.drop(columns="key"), max_rows=len(diff)) if len(diff) else
            "<p class='meta'>None: every setting is the same (the runs differ only in what they computed "
            "with the same inputs, or were run by different versions).</p>"))
    parts += [figure_block(out, e) for e in index]
    path = out / "report.html"
    atomic_write_text(path, page("Comparison", parts))
    return path
