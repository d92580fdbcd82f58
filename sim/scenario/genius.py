"""GENIUS / ANAC negotiation domains in and out: a domain XML plus one linear-additive profile XML per
party, as the GENIUS platform reads them (Lin, Fujita, Hindriks et al. 2014, "Genius: an integrated
environment for supporting the design of generic automated negotiators", *Computational Intelligence*
30(1); the ANAC competitions' domain files).

Domain: ``<negotiation_template><utility_space><objective>`` holding ``<issue name=... index=...>``
elements with ``<item index=... value=...>`` options. Profile: the same issues with
``<item ... evaluation=...>``, ``<weight index=... value=...>`` per issue, ``<reservation value=...>``.

Reading: an actor per profile (key from the file name), weights as given (normalised on load), value of
an option = its evaluation divided by the issue's largest evaluation (GENIUS's EvaluatorDiscrete), 0
for every option when that largest evaluation is 0; reservation value as given (0 when absent);
capability 1; every party a signatory.
Writing: the domain and one profile per actor, evaluations = values, weights = the scenario's weights.
GENIUS has no red lines, interactions or capabilities, so these are not written; reading the files back
gives the same scenario when each actor's best option on each weighted issue has value 1.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ScenarioError
from .table import slug

if TYPE_CHECKING:
    from .model import Scenario

def _slug(text: str, used: set[str], prefix: str) -> str:
    """A unique snake_case key (``table.slug``), ``prefix`` when nothing is left of the text."""
    s = slug(text) or prefix
    key, n = s, 2
    while key in used:
        key, n = f"{s}_{n}", n + 1
    used.add(key)
    return key


def _parse(path: Path) -> ET.Element:
    if not path.is_file():
        raise ScenarioError([("", "no such file; give a GENIUS XML file")], str(path))
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as e:
        raise ScenarioError([("", f"malformed XML ({e}); fix the file there")], str(path)) from None


def _issues(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter("issue")]


def read_genius(domain: str | Path, profiles: list[str | Path], name: str | None = None) -> "Scenario":
    """A scenario from a GENIUS domain and its profiles; ``ScenarioError`` names file and element."""
    from .model import Scenario

    domain = Path(domain)
    root = _parse(domain)
    problems: list[tuple[str, str]] = []
    issues, by_index, used = [], {}, set()
    for n, el in enumerate(_issues(root)):
        items = el.findall("item")
        where = f"issue[{n}] name={el.get('name')!r}"
        if el.get("type", "discrete") != "discrete" or not items:
            problems.append((where, "only discrete issues with <item> options are supported"))
            continue
        opt_used: set[str] = set()
        options = [{"key": _slug(it.get("value", ""), opt_used, "option"), "label": it.get("value", "")}
                   for it in items]
        key = _slug(el.get("name", f"issue{n}"), used, "issue")
        issues.append({"key": key, "label": el.get("name", key), "options": options})
        by_index[el.get("index")] = (key, [it.get("value") for it in items])
    if not issues and not problems:
        problems.append(("utility_space", "no <issue> elements; is this a GENIUS domain file?"))
    if problems:
        raise ScenarioError(problems, str(domain))
    actors, actor_used = [], set()
    for ppath in map(Path, profiles):
        proot = _parse(ppath)
        pp: list[tuple[str, str]] = []
        weights = {el.get("index"): el.get("value") for el in proot.iter("weight")}
        w_out, values = {}, {}
        for el in _issues(proot):
            idx = el.get("index")
            if idx not in by_index:
                pp.append((f"issue index={idx}", f"not an issue of {domain.name}; use the domain's issue indices"))
                continue
            key, option_values = by_index[idx]
            evals = {it.get("value"): it.get("evaluation") for it in el.findall("item")}
            try:
                ev = [float(evals.get(v, 0) or 0) for v in option_values]
                w = float(weights.get(idx, 0) or 0)
            except ValueError:
                pp.append((f"issue {key}", "an evaluation or weight is not a number"))
                continue
            if min(ev) < 0 or w < 0:
                pp.append((f"issue {key}", "negative evaluation or weight; GENIUS needs values ≥ 0"))
                continue
            top = max(ev)
            values[key] = [e / top if top > 0 else 0.0 for e in ev]
            w_out[key] = w
        res = proot.find("reservation")
        try:
            reservation = float(res.get("value", 0)) if res is not None else 0.0
        except ValueError:
            pp.append(("reservation", "value is not a number"))
            reservation = 0.0
        if pp:
            raise ScenarioError(pp, str(ppath))
        actors.append({"key": _slug(ppath.stem, actor_used, "party"), "label": ppath.stem, "capability": 1.0,
                       "reservation": reservation, "weights": w_out, "values": values})
    d = {"name": name or _slug(domain.stem, set(), "domain"), "description": f"GENIUS domain {domain.name}",
         "issues": issues, "actors": actors}
    return Scenario.from_dict(d, source=str(domain))


def write_genius(scn: "Scenario", folder: str | Path) -> list[Path]:
    """``<folder>/<name>_domain.xml`` and one ``<folder>/<actor>.xml`` profile per actor; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    def issue_el(parent: ET.Element, n: int, issue, evaluations=None) -> None:
        el = ET.SubElement(parent, "issue", name=issue.label, index=str(n + 1), etype="discrete",
                           type="discrete", vtype="discrete")
        for o, label in enumerate(issue.option_labels):
            attrs = {"index": str(o + 1), "value": label}
            if evaluations is not None:
                attrs["evaluation"] = repr(float(evaluations[o]))
            ET.SubElement(el, "item", **attrs)

    tmpl = ET.Element("negotiation_template")
    space = ET.SubElement(tmpl, "utility_space", number_of_issues=str(scn.space.n_issues))
    obj = ET.SubElement(space, "objective", index="0", name="root", type="objective", etype="objective")
    for n, issue in enumerate(scn.issues):
        issue_el(obj, n, issue)
    paths = [folder / f"{scn.name}_domain.xml"]
    _write(tmpl, paths[0])
    for actor in scn.actors:
        us = ET.Element("utility_space")
        obj = ET.SubElement(us, "objective", index="0", name="root", type="objective", etype="objective")
        for n, issue in enumerate(scn.issues):
            issue_el(obj, n, issue, actor.values[n])
        for n in range(scn.space.n_issues):
            ET.SubElement(obj, "weight", index=str(n + 1), value=repr(float(actor.weights[n])))
        ET.SubElement(us, "reservation", value=repr(float(actor.reservation)))
        ET.SubElement(us, "discount_factor", value="1.0")
        paths.append(folder / f"{actor.key}.xml")
        _write(us, paths[-1])
    return paths


def _write(root: ET.Element, path: Path) -> None:
    ET.indent(root)
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")
