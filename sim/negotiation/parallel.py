"""``in_blocks``: a list of independent items worked through in parts, by this process and warm worker
processes together.

With ``workers`` = n, this process and n - 1 worker processes (joblib's loky) take parts from one
queue until it is empty, so

- nothing waits for the workers to start: this process begins at once, and ``warm_up`` starts them
  earlier still, while the caller prepares (sampling a design, building the candidate texts), so their
  start-up (importing sim, numpy, pandas and Mesa: about 1.7 s of CPU each) overlaps work that is needed
  anyway instead of adding to the wall time;
- the data every part needs (``shared``: a scenario, its candidate texts, the settings) is pickled once
  and read once per worker and call, not sent with every part;
- parts are small and dealt round-robin, so the last one to finish ends soon after the others.

Loky neither re-runs the calling script in each worker (a plain script needs no ``if __name__ ==
"__main__":`` guard) nor lets BLAS start a thread per core in every worker, and keeps its workers between
calls (``IDLE_SECONDS``). A result must depend on its item only: which process ran a part, and in what
order parts finished, then changes nothing but the order, which callers fix by sorting on the index each
result carries.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path

IDLE_SECONDS = 300  # workers left idle this long exit (joblib's default); a later call starts new ones
PARTS_PER_WORKER = 25  # ~40 ms a draw: 1,000 draws on 2 processes are parts of 20, 0.8 s each
AHEAD = 2  # parts queued per worker, so it never waits for this process to hand it the next

_SHARED: dict[str, object] = {}  # in a worker: the current call's shared data, by the call's token


_POOL: dict = {}  # this process's own executor ("executor", "size"): not loky's global reusable one, which
# joblib's Parallel (validation, Hydra's launcher) reconfigures for itself


def _executor(children: int):
    """The warm pool of ``children`` workers, started on first use and kept between calls."""
    from joblib.externals.loky import ProcessPoolExecutor

    ex = _POOL.get("executor")
    if ex is not None and (_POOL["size"] != children or ex._flags.broken or ex._flags.shutdown):
        ex.shutdown(wait=False, kill_workers=True)
        ex = None
    if ex is None:
        ex = ProcessPoolExecutor(max_workers=children, timeout=IDLE_SECONDS)
        _POOL.update(executor=ex, size=children)
    return ex


def _ready() -> int:
    """A worker's first task: importing this module has imported sim (numpy, pandas, Mesa)."""
    return os.getpid()


def warm_up(workers: int | None) -> None:
    """Start the worker processes of a later ``in_blocks(..., workers)`` now, without waiting for them."""
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers > 1:
        ex = _executor(workers - 1)
        for _ in range(workers - 1):
            ex.submit(_ready)


def _part(token: str, path: str, fn: Callable, part: list) -> list:
    """In a worker: ``fn(shared, part)``, with ``shared`` read from ``path`` on the call's first part here
    (``token`` tells calls apart: a file name may come again)."""
    if token not in _SHARED:
        _SHARED.clear()  # the previous call's data
        _SHARED[token] = pickle.loads(Path(path).read_bytes())
    return fn(_SHARED[token], part)


def parts_of(items: list, workers: int, block: int) -> list[list]:
    """``items`` dealt round-robin into parts of at most ``block`` items, about ``PARTS_PER_WORKER`` per
    process (fewer for short lists), so that slow items spread and the last part is short."""
    n = max(-(-len(items) // block), min(len(items), workers * PARTS_PER_WORKER), 1)
    return [items[k::n] for k in range(n) if items[k::n]]


def in_blocks(fn: Callable, shared, items: list, workers: int, block: int,
              progress: Callable[[int, int], None] | None = None) -> list:
    """``fn(shared, part)`` over ``items`` in parts, concatenated in completion order (see the module
    docstring); ``progress(done, total)`` as parts finish. ``fn`` must be a top-level function (workers
    import it)."""
    report = progress or (lambda done, total: None)
    out: list = []
    if workers == 1 or len(items) < 2:
        for start in range(0, len(items), block):
            out += fn(shared, items[start:start + block])
            report(len(out), len(items))
        return out
    queue = deque(parts_of(items, workers, block))
    children = min(workers, len(queue)) - 1
    if children < 1:
        return in_blocks(fn, shared, items, 1, block, progress)
    fd, path = tempfile.mkstemp(prefix="sim-shared-", suffix=".pkl")
    token = uuid.uuid4().hex
    pending: set = set()
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(shared, f, protocol=pickle.HIGHEST_PROTOCOL)
        ex = _executor(children)

        def refill() -> None:
            while queue and len(pending) < children * AHEAD:
                pending.add(ex.submit(_part, token, path, fn, queue.pop()))  # workers from the end, this process
                # from the front: the two meet wherever the work is split

        refill()
        while queue or pending:
            for fut in [f for f in pending if f.done()]:
                pending.discard(fut)
                out += fut.result()
                report(len(out), len(items))
            refill()
            if queue:
                out += fn(shared, queue.popleft())
                report(len(out), len(items))
            elif pending:
                wait(pending, return_when=FIRST_COMPLETED)
    finally:
        for fut in pending:
            fut.cancel()
        wait(pending)  # a part still running reads nothing more, but its worker may be opening the file
        os.unlink(path)
    return out
