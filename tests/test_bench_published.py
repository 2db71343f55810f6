"""The published benchmark (issue 16): the run the README quotes is committed, and the README's table is its.

Reads files only: no database, no timing asserted.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from bench import publish


def _published() -> dict:
    return json.loads((publish.PUBLISHED / "report.json").read_text(encoding="utf-8"))


def test_the_published_report_says_what_was_measured_and_when() -> None:
    results = _published()
    assert results["started_at"] and results["machine"]["cpus"] and results["machine"]["memory_gb"]
    assert results["versions"]["commit"] and results["versions"]["govgraph"] and results["server"]["neo4j"]
    markdown = (publish.PUBLISHED / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith(f"# govgraph benchmarks, {results['started_at']}")


def test_the_readme_table_is_the_published_run() -> None:
    text = publish.README.read_text(encoding="utf-8")
    assert publish.readme_with(text, _published()) == text, "run python -m bench.publish on the quoted run"


def test_other_results_stay_out_of_git() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", "bench/results/any/report.json"], cwd=publish.ROOT)
    assert ignored.returncode == 0
    tracked = subprocess.run(["git", "ls-files", "bench/published"], cwd=publish.ROOT, capture_output=True,
                             text=True).stdout.split()
    assert sorted(tracked) in ([], ["bench/published/report.json", "bench/published/report.md"])


def test_a_readme_without_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="markers"):
        publish.readme_with("no table here", _published())
