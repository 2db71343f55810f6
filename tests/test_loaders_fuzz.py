"""Malformed files made from the templates, drawn by hypothesis: each is refused cleanly, located, in bounded
time and memory, and leaves the graph as it was.

The mutations are bench/malformed.py's (a cell beyond 64 bits, a name too long for the index, a control
character, a file in Big5, a workbook whose sheet XML is cut, a zip bomb, Popolo nested 100,000 levels …);
hypothesis draws which one and its seed. Most cases are checked with a dry run, in process; some are loaded
for real, and the graph's fingerprint (counts and a checksum over every id and property) must not move.
`python -m bench.fuzz_loaders --count 3000` runs the same cases at a larger size.
"""
from __future__ import annotations

import resource
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz_loaders import run_case
from bench.malformed import MUTATIONS, SLOW, Mutation, make, templates
from loaders import load_paths
from loaders.demo.fingerprint import fingerprint
from tests.conftest import clear

SECONDS = 30.0  # a case over this counts as hung
MEMORY_MB = 1_500  # peak resident memory of the test process after every case


@pytest.fixture(scope="module")
def holding_templates(session_driver: Any, neo4j_conn: Any, tmp_path_factory: pytest.TempPathFactory
                      ) -> Iterator[tuple[Any, Path]]:
    """A graph holding the templates' example rows, and the templates the cases are made from."""
    folder = templates(tmp_path_factory.mktemp("templates"))
    clear(session_driver, neo4j_conn.database)
    load_paths([folder], session_driver, neo4j_conn.database)
    yield session_driver, folder


def _check(mutation: Mutation, seed: int, holding: tuple[Any, Path], work: Path, real: bool) -> None:
    driver, folder = holding
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    case = make(mutation, seed, folder, work / f"{abs(hash((mutation.name, seed, real)))}")
    try:
        result = run_case(case, driver, real=real, timeout=SECONDS)
    finally:
        shutil.rmtree(case.folder, ignore_errors=True)
    expected = {"reject": {"refused, located"}, "accept": {"accepted"},
                "either": {"refused, located", "accepted"}}[mutation.outcome]
    assert result.outcome in expected, f"{mutation.name}: {result.outcome}\n{result.detail}"
    # The peak of this process over the whole session (other tests may have loaded the demo city before): a
    # case keeps it under the bound, or raises it by less than half the bound.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 < max(MEMORY_MB, peak_before + MEMORY_MB / 2)


QUICK = [m for m in MUTATIONS if m.name not in SLOW]


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=st.sampled_from(QUICK), seed=st.integers(0, 2**32))
def test_a_malformed_file_is_refused_with_its_place_and_nothing_is_written(
        mutation: Mutation, seed: int, holding_templates: tuple[Any, Path], tmp_path: Path) -> None:
    _check(mutation, seed, holding_templates, tmp_path, real=False)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_every_kind_of_malformed_file_is_refused_by_a_real_load_that_leaves_the_graph_unchanged(
        mutation: Mutation, holding_templates: tuple[Any, Path], tmp_path: Path) -> None:
    driver, _ = holding_templates
    before = fingerprint(driver)
    _check(mutation, 14, holding_templates, tmp_path, real=mutation.outcome == "reject")
    assert fingerprint(driver) == before
