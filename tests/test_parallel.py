"""``in_blocks``: this process works beside its workers, the shared data reaches each worker once, and the
results do not depend on how the items were split."""

from __future__ import annotations

import os
import time

from sim.negotiation.parallel import in_blocks, parts_of, warm_up

LOADS = {"count": 0}  # in each process: how many times a Shared was unpickled there


class Shared:
    def __init__(self, offset: int):
        self.offset = offset

    def __setstate__(self, state):
        LOADS["count"] += 1
        self.__dict__.update(state)


def square_plus(shared: Shared, part: list[int]) -> list[tuple]:
    time.sleep(0.01 * len(part))  # long enough that both processes get parts
    return [(k, k * k + shared.offset, os.getpid(), LOADS["count"]) for k in part]


def test_parts_cover_every_item_once_and_are_short():
    items = list(range(1000))
    parts = parts_of(items, 2, 50)
    assert sorted(k for p in parts for k in p) == items
    assert max(map(len, parts)) <= 20  # 50 parts: the last one ends soon after the others
    assert parts_of([1, 2, 3], 2, 50) == [[1], [2], [3]]
    assert parts_of(list(range(10)), 1, 4) and max(map(len, parts_of(list(range(10)), 1, 4))) <= 4


def test_this_process_works_beside_its_worker_and_shared_data_is_read_once_per_worker():
    warm_up(2)
    items = list(range(120))
    before = LOADS["count"]
    out = in_blocks(square_plus, Shared(7), items, workers=2, block=50)
    assert sorted(r[:2] for r in out) == [(k, k * k + 7) for k in items]
    pids = {r[2] for r in out}
    assert os.getpid() in pids and len(pids) == 2  # this process and one worker
    assert LOADS["count"] == before  # this process uses the object itself, never a copy
    worker = [r for r in out if r[2] != os.getpid()]
    assert {r[3] for r in worker} == {1}  # the worker unpickled the shared data once, for all its parts
    again = in_blocks(square_plus, Shared(8), items, workers=2, block=50)  # a new call: new data
    assert sorted(r[:2] for r in again) == [(k, k * k + 8) for k in items]


def test_one_worker_runs_here_in_blocks_and_reports_progress():
    seen = []
    out = in_blocks(square_plus, Shared(0), list(range(10)), 1, 4, lambda d, t: seen.append((d, t)))
    assert [r[0] for r in out] == list(range(10)) and {r[2] for r in out} == {os.getpid()}
    assert seen == [(4, 10), (8, 10), (10, 10)]


def test_joblib_parallel_still_works_after_in_blocks():
    """in_blocks keeps its own pool: joblib's loky executor (validation, Hydra's launcher) is left alone."""
    from joblib import Parallel, delayed

    in_blocks(square_plus, Shared(1), list(range(6)), workers=2, block=50)
    assert Parallel(n_jobs=2, backend="loky")(delayed(abs)(-k) for k in range(4)) == [0, 1, 2, 3]
    in_blocks(square_plus, Shared(1), list(range(6)), workers=2, block=50)  # and the other way round
