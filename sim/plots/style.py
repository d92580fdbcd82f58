"""One look for every figure: a colour-blind-safe palette (Okabe–Ito), readable sizes, saving."""

from __future__ import annotations

import textwrap
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
ACCEPT, REJECT, NEUTRAL = "#009E73", "#D55E00", "#999999"

# The report's page is at most 1100 px wide (sim/report/html.py); a figure REPORT_WIDTH inches wide at the
# default dpi is shown at 100% there, so a font of N points reads as N x 110 / 72 pixels. Wider figures
# are scaled down and their text with them: keep every figure at most this wide.
REPORT_WIDTH = 10.0

RC = {
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    "svg.hashsalt": "sim",  # stable SVG ids
    "path.simplify": True,
}


def actor_colors(actors: list[str]) -> dict[str, str]:
    """A fixed colour per actor, in scenario order, so every figure of a run agrees."""
    return {a: PALETTE[n % len(PALETTE)] for n, a in enumerate(actors)}


_DPI = [RC["savefig.dpi"]]


@contextmanager
def resolution(dpi: int):
    """Save figures at ``dpi`` inside the block (e.g. small PNGs for the experiments gallery)."""
    _DPI.append(dpi)
    try:
        yield
    finally:
        _DPI.pop()


def cloud(ax, x, y, size: float, color: str, alpha: float = 1.0, **kw):
    """Many points of one look (size = marker area in points², as ``scatter``'s ``s``): one line of
    markers, which Agg stamps from a single rendered marker, where ``scatter`` renders and autoscales
    each point's path (0.1 s per 10,000 points)."""
    return ax.plot(x, y, linestyle="none", marker="o", markersize=size ** 0.5, markeredgewidth=0,
                   color=color, alpha=alpha, **kw)[0]


def wrap(text: str, width: int = 26, lines: int = 2) -> str:
    """Text broken into at most ``lines`` lines of ``width`` characters, the last one cut with an ellipsis."""
    parts = textwrap.wrap(str(text), width, break_long_words=False)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\n".join(parts)


@contextmanager
def styled():
    with plt.rc_context(RC):
        yield


class Stopwatch:
    """Seconds since the last ``lap``: ``save`` laps it, so each figure's time runs from the end of the
    previous one (or from ``start``) and covers reading its tables, building and saving it."""

    def __init__(self):
        self.last = time.perf_counter()

    def start(self) -> None:
        self.last = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        elapsed, self.last = now - self.last, now
        return elapsed


WATCH = Stopwatch()
LAPS: dict[str, float] = {}  # figure file name -> seconds, for sim.plots.draw_run


def save(fig, path: Path, tight: bool = True) -> Path:
    """PNG with no embedded timestamp, so the same results give the same bytes. ``tight=False`` for a
    figure whose own layout (tight_layout) keeps everything inside it: "tight" costs a second draw."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, metadata={"Software": None}, dpi=_DPI[-1], **({"bbox_inches": "tight"} if tight else {}))
    tmp.replace(path)
    plt.close(fig)
    LAPS[path.name] = WATCH.lap()
    return path


@dataclass(frozen=True)
class FigureEntry:
    """A saved figure with the words a report shows beside it."""

    path: Path
    title: str
    caption: str
    seconds: float = 0.0  # time spent drawing it (set by sim.plots.draw_run)
