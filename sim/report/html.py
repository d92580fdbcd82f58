"""A self-contained HTML report (images embedded) for one run, built from the saved results only."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import pandas as pd

from ..runs.io import atomic_write_text, has_table, read_table
from ..scenario.labels import Labels
from .tables import READABLE, as_is, cell, summary_rows

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em} h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
.meta{color:#555} figure{margin:1.5em 0} figure img{max-width:100%;border:1px solid #eee}
figcaption{color:#444;font-size:.92em;margin-top:.4em}
table{border-collapse:collapse;font-size:.88em;margin:.8em 0}
td,th{border:1px solid #ddd;padding:3px 8px;vertical-align:top;text-align:left} th{background:#f4f4f4}
.yes{background:#e3f4ec} .no{background:#fbe9e1} code{background:#f4f4f4;padding:0 3px}
"""


# (table name, heading) shown in the report when the run wrote them
REPORT_TABLES = [
    ("verdicts", "Verdicts: each actor on each proposal"),
    ("zone_summary", "Agreement zone"),
    ("solutions", "Bargaining solutions over the zone"),
    ("nearest_summary", "Nearest agreement to each proposal"),
    ("negotiation_agreement", "The seeded negotiation run"),
    ("discovery_box", "Explore: the PRIM boxes (conditions under which the outcome mostly holds)"),
    ("discovery_cart", "Explore: CART leaves, densest first"),
    ("forecast_options", "Forecasts: the option nearest each model's forecast, per issue"),
]


def embed_png(path: Path) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(Path(path).stem)}" src="data:image/png;base64,{data}">'


def figure_block(out: Path, entry: dict[str, str]) -> str:
    path = Path(out) / entry["file"]
    if not path.is_file():
        return ""
    cap = html.escape(entry.get("caption", ""))
    title = html.escape(entry.get("title", path.stem))
    return f"<figure><h3>{title}</h3>{embed_png(path)}<figcaption>{cap}</figcaption></figure>"


def table_html(df: pd.DataFrame, max_rows: int = 40) -> str:
    shown = df.head(max_rows).map(cell)
    text = shown.to_html(index=False, border=0, escape=True)
    more = f"<p class='meta'>… {len(df) - max_rows} more rows in the CSV.</p>" if len(df) > max_rows else ""
    return text + more


def render(out: Path) -> str:
    out = Path(out)
    meta = json.loads((out / "meta.json").read_text())
    names = Labels.from_meta(meta)
    summary = json.loads((out / "summary.json").read_text()) if (out / "summary.json").is_file() else {}
    index = json.loads((out / "figures" / "index.json").read_text()) if (out / "figures" / "index.json").is_file() \
        else []
    parts = [f"<h1>Scenario {html.escape(meta['name'])}</h1>",
             f"<p class='meta'>{html.escape(meta.get('description', ''))}</p>",
             f"<p class='meta'>{len(meta['issues'])} issues, {int(meta['space_size']):,} bundles; actors "
             f"{html.escape(', '.join(meta['actor_labels'].values()))}; signatories "
             f"{html.escape(names.actor_list(meta['signatories']))}; "
             f"seed {html.escape(str(summary.get('seed', '')))}.</p>"]
    headlines = summary.get("headlines") or []
    if headlines:
        parts.append("<h2>Findings</h2><ul>" + "".join(f"<li>{html.escape(h)}</li>" for h in headlines) + "</ul>")
    rows = summary_rows(summary, names)
    if len(rows):
        parts.append("<h2>Summary</h2>" + table_html(rows, max_rows=len(rows)))
    if index:
        parts.append("<h2>Figures</h2>" + "".join(figure_block(out, e) for e in index))
    shown = [(name, caption) for name, caption in REPORT_TABLES if has_table(out, name)]
    if shown:
        parts.append("<h2>Tables</h2><p class='meta'>The headline tables, in the scenario's words; every "
                     "table of the run is in <code>tables/</code> as Parquet and CSV, with keys and indices.</p>")
        for name, caption in shown:
            extra = ({"changes": read_table(out, "nearest_changes")}
                     if name == "nearest_summary" and has_table(out, "nearest_changes") else {})
            table = READABLE.get(name, as_is)(read_table(out, name), names, **extra)
            parts.append(f"<h3>{html.escape(caption)}</h3>{table_html(table)}")
    return page(meta["name"], parts)


def page(title: str, parts: list[str]) -> str:
    body = "\n".join(parts)
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title><style>{CSS}</style></head><body>{body}</body></html>\n")


def write_report(out: Path) -> Path:
    path = Path(out) / "report.html"
    atomic_write_text(path, render(out))
    return path
