"""HTML fragments for the app's live panels: cheap to build on every slider move (no figure drawing), with
``data-`` attributes holding the exact values so the browser test reads numbers, not pixels."""

from __future__ import annotations

import html

import pandas as pd

from .view import LiveView

CSS = """
.sim-table{border-collapse:collapse;font-size:13px;margin:4px 0}
.sim-table td,.sim-table th{border:1px solid #ddd;padding:3px 7px;text-align:right;white-space:nowrap}
.sim-table th{background:#f4f4f4} .sim-table td:first-child,.sim-table th:first-child{text-align:left}
.sim-table .sim-yes{background:#e3f4ec} .sim-table .sim-no{background:#fbe9e1} .sim-table .sim-red{background:#f0b9a6}
.sim-table .sim-flip{outline:2px solid #1f4e9c;outline-offset:-2px;font-weight:600}
.sim-table.sim-wrap td,.sim-table.sim-wrap th{white-space:normal;max-width:13em;text-align:left;vertical-align:top}
.sim-scroll{overflow-x:auto;max-width:100%}
.sim-note{color:#555;font-size:12px}
"""


def _e(x) -> str:
    return html.escape(str(x))


def zone_status(view: LiveView, base: LiveView) -> str:
    """The headline: exact zone size now, and what it was in the file."""
    delta = view.zone_size - base.zone_size
    change = "unchanged" if not delta else f"{delta:+,} vs the file's {base.zone_size:,}"
    return (f"<div style='font-size:18px'>Agreement zone: <b><span id='zone-size' data-value='{view.zone_size}'>"
            f"{view.zone_size:,}</span></b> of {view.scenario.space.size:,} bundles "
            f"({view.zone_share:.2e}) acceptable to every signatory; {change}.</div>"
            f"<div class='sim-note' id='answer-time'>answered in {view.seconds:.2f} s</div>")


def verdict_table(view: LiveView, base: LiveView) -> str:
    """Proposals x actors: margin over the reservation value, green when the actor accepts, dark red when a
    red line is crossed; a blue frame marks a verdict the edits flipped (hover: the file's verdict)."""
    scn = view.scenario
    v = view.verdicts.set_index(["proposal", "actor"])
    b = base.verdicts.set_index(["proposal", "actor"])
    head = "".join(f"<th>{_e(a.label)}</th>" for a in scn.actors)
    rows = []
    for key, p in scn.proposals.items():
        cells = []
        for a in scn.actors:
            r = v.loc[(key, a.key)]
            was = bool(b.loc[(key, a.key)]["accepts"])
            css = "sim-yes" if r["accepts"] else ("sim-red" if r["red_lines_broken"] else "sim-no")
            flip = " sim-flip" if bool(r["accepts"]) != was else ""
            tip = f"red lines crossed: {r['red_lines_broken']}" if r["red_lines_broken"] else ""
            tip += f"; in the file: {'accepts' if was else 'rejects'}" if flip else ""
            cells.append(f"<td class='{css}{flip}' title='{_e(tip)}' data-proposal='{_e(key)}' "
                         f"data-actor='{_e(a.key)}' data-accepts='{int(bool(r['accepts']))}' "
                         f"data-flipped='{int(bool(flip))}'>"
                         f"{r['margin']:+.3f}{' ✕' if r['red_lines_broken'] else ''}</td>")
        deal = bool(view.deals[key])
        flip = " sim-flip" if deal != bool(base.deals[key]) else ""
        cells.append(f"<td class='{'sim-yes' if deal else 'sim-no'}{flip}' data-proposal='{_e(key)}' data-actor='*' "
                     f"data-accepts='{int(deal)}' data-flipped='{int(bool(flip))}'>{'deal' if deal else 'no'}</td>")
        rows.append(f"<tr><td>{_e(p.label)}</td>{''.join(cells)}</tr>")
    return (f"<table class='sim-table' id='verdicts'><tr><th>proposal</th>{head}<th>all signatories</th></tr>"
            + "".join(rows) + "</table><div class='sim-note'>Margin = utility − reservation value; green: "
            "accepts, light red: below its reservation value, dark red ✕: crosses a red line; a blue frame: "
            "changed by your edits.</div>")


def concession_table(view: LiveView) -> str:
    """The concession map as a shaded table: per issue, the share of zone bundles holding each option."""
    scn = view.scenario
    if not view.zone_size:
        return "<p>The zone is empty: no option is held by any acceptable bundle.</p>"
    conc = view.analysis.concessions
    rows = []
    for issue in scn.issues:
        cells = []
        for r in conc[conc["issue"] == issue.key].itertuples(index=False):
            shade = int(255 - 150 * r.share)
            cells.append(f"<td style='background:rgb({shade},{shade + (255 - shade) // 3},255);text-align:left' "
                         f"title='{r.count:,} zone bundles'>{_e(issue.option_labels[r.option_index])}"
                         f"<br><b>{r.share:.0%}</b></td>")
        rows.append(f"<tr><td><b>{_e(issue.label)}</b></td>{''.join(cells)}</tr>")
    return ("<div class='sim-scroll'><table class='sim-table sim-wrap' id='concessions'>" + "".join(rows)
            + "</table></div><div class='sim-note'>Share of the zone's bundles that hold each option (darker: more "
            "of the zone).</div>")


def frame_table(df: pd.DataFrame, table_id: str, index: bool = True, digits: int = 3, wrap: bool = False) -> str:
    """A plain table (labels as given), numbers to ``digits`` decimals; ``wrap``: long labels break lines."""
    classes = "sim-table sim-wrap" if wrap else "sim-table"
    text = df.to_html(index=index, border=0, classes=classes, table_id=table_id, escape=True,
                      float_format=lambda x: f"{x:.{digits}f}", na_rep="")
    return f"<div class='sim-scroll'>{text}</div>"
