"""Every citation in the configs (and in code and tests) resolves to a heading of a document in the repository.

A citation is written ``docs/sources/NAME.md#anchor``; the anchor is a heading's GitHub slug (lower case,
punctuation dropped, spaces to hyphens), so the link works on GitHub and in any Markdown viewer that follows
the same rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CITATION = re.compile(r"(docs/sources/[\w.-]+\.md)#([\w-]+)")
CITING = sorted([*ROOT.glob("configs/**/*.yaml"), *ROOT.glob("sim/**/*.py"), *ROOT.glob("tests/*.py"),
                 *ROOT.glob("docs/**/*.md"), ROOT / "README.md"])


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(doc: Path) -> set[str]:
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", doc.read_text(), flags=re.M)}


def citations() -> list[tuple[str, int, str, str]]:
    found = []
    for path in CITING:
        if path == Path(__file__).resolve():
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            found += [(str(path.relative_to(ROOT)), n, m.group(1), m.group(2)) for m in CITATION.finditer(line)]
    return found


def test_slug_follows_github():
    assert slug("War dynamics") == "war-dynamics"
    assert slug("Russia–Ukraine: 2025!") == "russiaukraine-2025"


def test_the_scenario_cites_its_sources():
    cited = [c for c in citations() if c[0] == "configs/scenario/ukraine_2025.yaml"]
    assert len(cited) > 150  # every calibrated number names its fact


@pytest.mark.parametrize("doc", sorted({c[2] for c in citations()}))
def test_every_citation_resolves(doc):
    path = ROOT / doc
    assert path.is_file(), f"{doc} is cited but not in the repository"
    known = anchors(path)
    broken = [f"{where}:{n}: #{anchor}" for where, n, d, anchor in citations() if d == doc and anchor not in known]
    assert not broken, f"citations with no heading in {doc} (known: {sorted(known)}):\n" + "\n".join(broken)


def test_no_citation_points_outside_the_repository():
    """The calibration once cited a shared file that users never see."""
    outside = [f"{p.relative_to(ROOT)}:{n}" for p in CITING if p != Path(__file__).resolve()
               for n, line in enumerate(p.read_text().splitlines(), 1) if re.search(r"\bDOMAIN\b|/work/shared", line)]
    assert not outside, "cite docs/sources/*.md instead: " + ", ".join(outside)
