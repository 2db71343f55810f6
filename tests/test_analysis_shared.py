"""graph/analysis/shared.py: answers shared between processes through files keyed by graph version."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

from graph.analysis.shared import SharedAnswers
from graph.store.version import Version

V1 = Version("2026-12-01T10:00:00.000Z", 3)
V2 = Version("2026-12-01T11:00:00.000Z", 4)


def _compute_once(root: str, key: tuple, queue: multiprocessing.Queue) -> None:
    shared = SharedAnswers(Path(root))
    held = shared.acquire(key)
    assert held is not None
    try:
        found, value = held.load()
        if not found:
            value = "computed by one"
            held.store(value, 0.0)
        queue.put((found, value))
    finally:
        held.release()


def test_an_answer_is_computed_once_by_processes_asking_together(tmp_path: Path) -> None:
    key = (V1, "coverage_gaps", (("kind", "x"),))
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_compute_once, args=(str(tmp_path), key, queue)) for _ in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
    answers = sorted(queue.get(timeout=5) for _ in procs)
    assert [found for found, _ in answers] == [False, True, True]
    assert {value for _, value in answers} == {"computed by one"}
    assert len(SharedAnswers(tmp_path).computed(V1)) == 1


def test_a_newer_version_removes_older_answers(tmp_path: Path) -> None:
    shared = SharedAnswers(tmp_path)
    for version in (V1, V2):
        held = shared.acquire((version, "q"))
        assert held is not None
        held.store([{"a": 1}])
        held.release()
    assert shared.computed(V1) == [] and len(shared.computed(V2)) == 1
    held = shared.acquire((V2, "q"))
    assert held is not None and held.load() == (True, [{"a": 1}])
    held.release()


def test_a_damaged_file_is_a_miss_and_a_load_in_progress_keeps_nothing(tmp_path: Path) -> None:
    shared = SharedAnswers(tmp_path)
    shared.path_of((V1, "q")).parent.mkdir(parents=True)
    shared.path_of((V1, "q")).write_bytes(b"not a pickle")
    held = shared.acquire((V1, "q"))
    assert held is not None and held.load() == (False, None)
    held.release()
    loading = Version("2026-12-01T12:00:00.000Z loading 5f0c", 4)
    assert shared.acquire((loading, "q")) is None
