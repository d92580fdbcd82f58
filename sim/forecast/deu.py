"""Reading a DEU-style file of EU legislative decisions into one spatial table per proposal.

Layout (DEU III, Arregui & Perarnaud 2021, doi:10.34810/data53; tab- or comma-separated, one row per
issue): ``prnr`` proposal id, ``isnr`` issue id, ``proc`` procedure (COD codecision / CNS consultation),
``counvte`` the Council's voting rule (QMV / Unan), ``intro`` and ``finact`` the dates of proposal and
final act,
``p<actor>`` position and ``s<actor>`` salience on 0–100 for ``com``, ``ep`` and member states by
two-letter code, ``rp`` reference point, ``out`` the outcome. Rows without ``prnr`` (the assembler's
GDP row) are skipped. An empty position cell: no position taken.

Documented choices (fixed for every proposal; nothing is fitted to outcomes):
- Member-state capability: Council votes under qualified-majority voting as set by the Treaty of Nice
  (Protocol on enlargement, art. 3, and the 2003 Act of Accession; Croatia 7 from 2013), in force
  2004–2014, the period of most DEU III proposals. They are the public, formal voting weights; DEU
  studies use them or voting-power indices derived from them (Thomson 2011, *Resolving Controversy in
  the EU*, ch. 8).
- Commission: 29, the weight of the largest member state: it drafts the proposal and its consent
  lowers the Council threshold, but Thomson (2011, ch. 8) finds the supranational actors considerably
  less powerful than the Council as a whole.
- Parliament: 29 under codecision (a co-legislator with a veto, like the Commission's weight), 0 under
  consultation (its opinion does not bind the Council).
- A position without a salience gets salience 50, the convention of the DEU codebook's imputations
  (Thomson et al. 2006) — the actor cares as much as a typical actor.
- The scale is 0–100 on every issue (the DEU convention).
- Decision rule of the bargaining points (``Case.scenario``): the treaty's rule for the row's
  ``counvte`` and ``proc`` in the year of the decision (``sim.forecast.council``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..scenario import Scenario, ScenarioError
from ..scenario.table import SpatialTable, scenario_dict
from .council import NICE_VOTES, council_rule, decision_year

COMMISSION = 29.0
PARLIAMENT = {"COD": 29.0, "CNS": 0.0}
IMPUTED_SALIENCE = 50.0
ACTORS = ("com", "ep", *NICE_VOTES)
REQUIRED = ("prnr", "isnr", "proc", "counvte", "rp", "out")
VOTING = ("QMV", "Unan")


@dataclass(frozen=True)
class Case:
    """One proposal: its issues' spatial table and the actual outcomes (NaN when unknown)."""

    proposal: str
    name: str
    procedure: str
    table: SpatialTable
    outcome: np.ndarray
    voting: str = "QMV"  # the Council's rule: QMV or Unan
    year: int | None = None  # of the decision (sim.forecast.council.decision_year)

    def scenario(self, loss: str = "linear", steps: int = 10, reservation: str = "reference") -> Scenario:
        """The proposal's scenario (``Scenario.from_table``'s choices) under the EU decision rule of its
        row (``sim.forecast.council``)."""
        d = scenario_dict(self.table, loss, steps, reservation)
        d["signatories"] = self.rule([a["key"] for a in d["actors"]])
        return Scenario.from_dict(d, source=self.proposal)

    def rule(self, actors: list[str]) -> dict | list:
        """The ``signatories`` of a scenario of this proposal with actor keys ``actors``: the EU decision
        rule of its row (``sim.forecast.council``)."""
        return council_rule(self.voting, self.procedure, self.year, actors)


def capabilities(actors, procedure: str) -> np.ndarray:
    return np.array([COMMISSION if a == "com" else PARLIAMENT.get(procedure, 0.0) if a == "ep"
                     else float(NICE_VOTES[a]) for a in actors])


def read_deu(path: str | Path) -> list[Case]:
    """All proposals of a DEU-style file, in file order; ``ScenarioError`` naming file, row, column."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError([("", "no such file; give the path of a DEU-style table (tab-separated)")], str(path))
    try:
        df = pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        raise ScenarioError([("", f"not a readable table ({str(e).splitlines()[0]})")], str(path)) from None
    problems = [(f"column {c}", "missing; DEU files need prnr, isnr, proc, counvte, rp, out and p<actor>/s<actor>")
                for c in REQUIRED if c not in df.columns]
    actors = [a for a in ACTORS if f"p{a}" in df.columns]
    if not actors:
        problems.append(("header", "no position columns (pcom, pep, pde, ...)"))
    if problems:
        raise ScenarioError(problems, str(path))
    df = df[df["prnr"].str.strip() != ""]
    cases = []
    for prnr, g in df.groupby("prnr", sort=False):
        proc = str(g["proc"].iloc[0]).strip()
        if proc not in PARLIAMENT:
            problems.append((f"row {g.index[0] + 2}, column proc", f"'{proc}' is not COD or CNS"))
            continue
        voting = str(g["counvte"].iloc[0]).strip()
        if voting not in VOTING:
            problems.append((f"row {g.index[0] + 2}, column counvte", f"'{voting}' is not QMV or Unan"))
            continue
        year = decision_year(g["finact"].iloc[0] if "finact" in g else "", g["intro"].iloc[0] if "intro" in g else "")
        pos = np.full((len(actors), len(g)), np.nan)
        sal = np.zeros_like(pos)
        for j, (idx, rec) in enumerate(g.iterrows()):
            for a, actor in enumerate(actors):
                p = _num(rec.get(f"p{actor}", ""), idx, f"p{actor}", problems)
                s = _num(rec.get(f"s{actor}", ""), idx, f"s{actor}", problems)
                if not math.isnan(p):
                    pos[a, j] = p
                    sal[a, j] = (IMPUTED_SALIENCE if math.isnan(s) else s) / 100.0
        ref = np.array([_num(v, idx, "rp", problems) for idx, v in g["rp"].items()])
        out = np.array([_num(v, idx, "out", problems) for idx, v in g["out"].items()])
        table = SpatialTable(name=str(prnr), actors=tuple(actors), capability=capabilities(actors, proc),
                             issues=tuple(str(x) for x in g["isnr"]), position=pos, salience=sal, reference=ref,
                             scale=np.tile([0.0, 100.0], (len(g), 1)))
        name = str(g["prname"].iloc[0]) if "prname" in g else str(prnr)
        cases.append(Case(proposal=str(prnr), name=name, procedure=proc, table=table, outcome=out,
                          voting=voting, year=year))
    if problems:
        raise ScenarioError(problems[:20] + ([("", f"... and {len(problems) - 20} more")] if len(problems) > 20
                                             else []), str(path))
    return cases


def _num(value, idx, col: str, problems) -> float:
    text = str(value).strip()
    if not text:
        return math.nan
    try:
        x = float(text)
    except ValueError:
        problems.append((f"row {idx + 2}, column {col}", f"'{text}' is not a number"))
        return math.nan
    if not 0 <= x <= 100:
        problems.append((f"row {idx + 2}, column {col}", f"{x:g} lies outside the 0–100 scale"))
    return x
