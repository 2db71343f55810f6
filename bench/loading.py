"""Loading: govgraph's loader against LOAD CSV, the same files into the same fresh database.

Each loader gets a fresh database with the same constraints and indexes
(`Target.fresh`), is timed from its first statement to its last commit, and
the two graphs are compared afterwards by size and by a fingerprint of
property keys and value types, so the ratio is for the same result. The
govgraph-loaded graph is left in place for the API and analysis benchmarks.
"""
from __future__ import annotations

from pathlib import Path

import loaders
from bench import load_csv
from bench.stats import ratio, stopwatch
from bench.target import Target
from graph.store import queries


def fingerprint(target: Target) -> dict[str, int]:
    records, _, _ = target.driver.execute_query(queries.query("bench_property_types"), database_=target.conn.database)
    return {f"{r['scope']}.{r['key']}:{r['type']}": r["count"] for r in records}


def _rates(seconds: float, size: dict) -> dict:
    return {"seconds": round(seconds, 3), "nodes": size["nodes"], "relationships": size["relationships"],
            "nodes_per_s": round(size["nodes"] / seconds, 1),
            "relationships_per_s": round(size["relationships"] / seconds, 1)}


def _differences(a: dict, b: dict) -> dict:
    return {key: [a.get(key), b.get(key)] for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)}


def load_govgraph(target: Target, data_dir: Path) -> loaders.LoadReport:
    return loaders.load_paths([data_dir], target.driver, target.conn.database)


def _reset_peak() -> bool:
    """Reset this process's peak resident memory (VmHWM) to what it holds now (Linux: clear_refs 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _memory_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def memory_of_load(reset: bool, before_kb: int | None) -> dict:
    """The loader's peak resident memory: this process's during the load (it runs here, as `govgraph load`
    would in its own), and what it held before, in MB."""
    peak = _memory_kb("VmHWM") if reset else None
    return {"peak_rss_mb": round(peak / 1024, 1) if peak is not None else None,
            "rss_before_mb": round(before_kb / 1024, 1) if before_kb is not None else None}


def load_alone(target: Target, data_dir: Path) -> dict:
    """The govgraph load on a fresh database, untimed: the graph the other benchmarks need."""
    target.fresh()
    return {"files": len(load_govgraph(target, data_dir).files)}


def compare(target: Target, data_dir: Path) -> dict:
    """Both loaders over data_dir; leaves the govgraph-loaded graph in the database."""
    target.fresh()
    with stopwatch() as csv_watch:
        load_csv.load(target.driver, data_dir, target.import_dir, target.conn.database)
    csv_size, csv_print = target.size(), fingerprint(target)

    target.fresh()
    reset, before = _reset_peak(), _memory_kb("VmRSS")
    with stopwatch() as watch:
        load_report = load_govgraph(target, data_dir)
    memory = memory_of_load(reset, before)
    size, print_ = target.size(), fingerprint(target)

    differences = {
        **_differences({"nodes": size["nodes"], "relationships": size["relationships"]},
                       {"nodes": csv_size["nodes"], "relationships": csv_size["relationships"]}),
        **_differences(size["by_label"], csv_size["by_label"]),
        **_differences(size["by_type"], csv_size["by_type"]),
        **_differences(print_, csv_print),
    }
    govgraph, peer = _rates(watch.seconds, size), _rates(csv_watch.seconds, csv_size)
    # Where the loader's time goes: reading and checking every cell and reference, then writing.
    govgraph["phases_s"] = {"read": round(load_report.read_seconds, 3), "check": round(load_report.check_seconds, 3),
                            "write_nodes": round(load_report.node_seconds, 3),
                            "write_relationships": round(load_report.rel_seconds, 3)}
    govgraph["memory"] = memory
    return {
        "govgraph": govgraph,
        "load_csv": peer,
        # Above 1: govgraph loads faster than LOAD CSV.
        "ratio_nodes_per_s": ratio(govgraph["nodes_per_s"], peer["nodes_per_s"]),
        "ratio_relationships_per_s": ratio(govgraph["relationships_per_s"], peer["relationships_per_s"]),
        "same_graph": not differences,
        "differences": differences,
    }
