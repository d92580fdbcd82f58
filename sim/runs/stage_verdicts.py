"""Stage: verdicts of every actor on every proposal (table and terminal view)."""

from __future__ import annotations

from ..analysis import proposal_verdicts, verdict_matrix
from ..scenario.labels import Labels
from .context import RunContext
from .io import write_table

NAME = "verdicts"


def run(ctx: RunContext) -> None:
    scn = ctx.scn
    ctx.say(f"Scoring {len(scn.proposals)} proposals for {scn.n_actors} actors")
    verdicts = proposal_verdicts(scn)
    write_table(verdicts, ctx.out, "verdicts")
    wide = verdict_matrix(verdicts, scn)
    ctx.summary["proposals_accepted_by_all"] = [p for p, ok in wide["all_signatories"].items() if ok]
    if not scn.decision_rule.unanimous:  # accepted by a winning coalition (sim.scenario.rules)
        ctx.summary["proposals_agreed"] = [p for p, ok in wide["agreed"].items() if ok]
    ctx.say("")
    ctx.say(format_verdicts(verdicts, scn))
    ctx.say("")


def format_verdicts(verdicts, scn) -> str:
    """A terminal table: margin over reservation per actor, a mark for accept/reject/red line."""
    actors, names = scn.actor_names, Labels.from_scenario(scn)
    width = max([len(names.proposal(k)) for k in scn.proposals] + [8])
    cell = max([len(names.actor(a)) for a in actors] + [10])
    rule = scn.decision_rule
    last = "all signatories" if rule.unanimous else "winning coalition"
    head = (f"{'proposal':<{width}}  " + "  ".join(f"{names.actor(a):>{cell}}" for a in actors)
            + f"   {last}")
    lines = ["Margin over reservation value (+ accepts, - rejects, x crosses a red line):", head,
             "-" * len(head)]
    for key in scn.proposals:
        rows = verdicts[verdicts["proposal"] == key].set_index("actor")
        cells = []
        for a in actors:
            r = rows.loc[a]
            mark = "x" if r["red_lines_broken"] else ("+" if r["accepts"] else "-")
            cells.append(f"{r['margin']:+.3f} {mark:>1}".rjust(cell))
        votes = rows.loc[list(scn.signatories), "accepts"].to_numpy(dtype=bool)
        all_ok = bool(rule.winning(votes[None])[0])
        lines.append(f"{names.proposal(key):<{width}}  " + "  ".join(cells) + f"   {'yes' if all_ok else 'no'}")
    return "\n".join(lines)
