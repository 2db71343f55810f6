"""The analysis cache: answers kept per graph version, older versions forgotten, one computation per question."""
from __future__ import annotations

import threading
import time

from graph.analysis.cache import AnalysisCache


def test_a_repeated_question_is_answered_from_memory() -> None:
    cache, calls = AnalysisCache(), []
    compute = lambda: calls.append(1) or "answer"  # noqa: E731
    assert cache.get_or_compute((1, "organizations", "betweenness"), compute) == ("answer", False)
    assert cache.get_or_compute((1, "organizations", "betweenness"), compute) == ("answer", True)
    assert len(calls) == 1 and (cache.stats.hits, cache.stats.misses) == (1, 1)


def test_a_newer_graph_version_forgets_older_answers() -> None:
    cache = AnalysisCache()
    cache.get_or_compute((1, "a"), lambda: "old")
    cache.get_or_compute((1, "b"), lambda: "old")
    assert cache.get_or_compute((2, "a"), lambda: "new") == ("new", False)
    assert len(cache) == 1
    # an answer computed for an older graph, finishing late, is returned but not kept
    assert cache.get_or_compute((1, "c"), lambda: "late") == ("late", False)
    assert cache.peek((1, "c")) == (False, None) and len(cache) == 1


def test_the_oldest_answers_go_first_when_full() -> None:
    cache = AnalysisCache(max_entries=2)
    for name in "abc":
        cache.get_or_compute((1, name), lambda name=name: name)
    assert cache.peek((1, "a")) == (False, None) and cache.peek((1, "c"))[0]


def test_concurrent_askers_share_one_computation() -> None:
    cache, calls = AnalysisCache(), []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "answer"

    answers: list[tuple[str, bool]] = []
    threads = [threading.Thread(target=lambda: answers.append(cache.get_or_compute((1, "q"), slow)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert sorted(answers) == [("answer", False)] + [("answer", True)] * 3


def test_a_failed_computation_is_not_kept() -> None:
    cache = AnalysisCache()

    def fail() -> str:
        raise ValueError("no")

    try:
        cache.get_or_compute((1, "q"), fail)
    except ValueError:
        pass
    assert cache.get_or_compute((1, "q"), lambda: "second try") == ("second try", False)
