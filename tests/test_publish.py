"""Drawing while computing (sim.report.publish): the background process and this one share the queue of
figures, and the run ends with the same figures, in the same order and bytes, as a foreground draw."""

import hashlib
import json

from sim.plots import module_parts
from sim.report.publish import Publisher, publish
from tests.helpers import TOY, run_main

STAGES = ["verdicts", "analysis", "forecast"]


def drawn(out):
    index = json.loads((out / "figures" / "index.json").read_text())
    return [(e["file"], hashlib.sha256((out / e["file"]).read_bytes()).hexdigest()) for e in index]


def test_shared_drawing_equals_a_foreground_draw(tmp_path):
    out = tmp_path / "run"
    run_main(out, TOY, f"stages=[{','.join(STAGES)}]", "figures=false")
    assert module_parts(out, "sim.plots.forecast") == ["land", "alliance", "money"]  # one part per issue
    assert module_parts(out, "sim.plots.analysis") == [None]
    pub = Publisher(out)
    assert pub.pool is not None  # pytest's process may start one
    for stage in STAGES:
        pub.stage_done(stage)
    timings = pub.finish()
    background = drawn(out)
    assert [f for f, _ in background][-3:] == [f"figures/forecast_{k}.png" for k in ("land", "alliance", "money")]
    assert set(timings["figures"]) == {f.split("/")[-1] for f, _ in background}
    for f in (out / "figures").glob("*.png"):
        f.unlink()
    publish(out)
    assert drawn(out) == background
