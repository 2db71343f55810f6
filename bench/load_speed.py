"""How fast the loader writes the demo city: a measuring script for the loader's speed work.

    GOVGRAPH_HOME=/tmp/gg-me .venv/bin/python -m bench.load_speed --scale 1 --repeat 3 [--no-csv] [--json out.json]

For each repetition, on a fresh database (the bench's own server under
GOVGRAPH_HOME/bench, data folder wiped and restarted, constraints and indexes
in place — `bench.target.Target.fresh`):

1. Neo4j's own LOAD CSV over the same files (`bench.load_csv`), timed — the
   peer; skipped with --no-csv;
2. `loaders.load_paths` of the files into the emptied database, timed from
   the call to its return (reading, checking, writing, the full-text index
   kept up to date by every commit); its phases from the LoadReport;
3. the same load again (a rerun: nothing changed, every row found in place).

Rates: "load" is graph nodes (relationships) over the whole load's seconds,
as bench/loading.py counts them; "write" is node rows over node-writing
seconds, tie rows over tie-writing seconds. The 1-minute load average is
printed beside every figure: the machine is shared, so absolute figures
drift with other work, and the ratio against LOAD CSV in the same repetition
is the steadier one.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from pathlib import Path

from bench import load_csv
from bench.target import Target
from loaders import load_paths
from loaders.demo import city as demo


def _load_average() -> float:
    return round(os.getloadavg()[0], 2)


def _server_cpu(target: Target) -> float | None:
    """CPU seconds the bench's own Neo4j process has used (user + system), or None for an external server."""
    pid = target.server.pid() if target.server is not None else None
    if pid is None:
        return None
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Meter:
    """Wall seconds, the loader's CPU seconds and the server's CPU seconds of a with-block.

    CPU seconds are the steadier figure on a shared machine: other work stretches the wall clock, not them.
    """

    def __init__(self, target: Target) -> None:
        self.target = target

    def __enter__(self) -> _Meter:
        self.load_avg = [_load_average()]
        self.server_began = _server_cpu(self.target)
        self.cpu_began = time.process_time()
        self.began = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.began
        self.client_cpu = time.process_time() - self.cpu_began
        server = _server_cpu(self.target)
        self.server_cpu = None if server is None or self.server_began is None else server - self.server_began
        self.load_avg.append(_load_average())

    def figures(self) -> dict:
        return {"seconds": round(self.seconds, 3), "client_cpu_s": round(self.client_cpu, 2),
                "server_cpu_s": None if self.server_cpu is None else round(self.server_cpu, 2),
                "load_avg": self.load_avg}


def _data_dir(target: Target, scale: float, seed: int) -> Path:
    """The demo city's files inside the server's import folder (LOAD CSV reads only there); generated once."""
    folder = target.import_dir / f"govgraph-load-speed-x{scale:g}-seed{seed}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        demo.generate(folder, scale=scale, seed=seed)
        marker.write_text(str(demo.GENERATOR_VERSION))
    return folder


def _timed_load(target: Target, data_dir: Path) -> dict:
    with _Meter(target) as meter:
        report = load_paths([data_dir], target.driver, target.conn.database)
    return {**meter.figures(), "read_s": round(report.read_seconds, 3),
            "check_s": round(report.check_seconds, 3), "write_nodes_s": round(report.node_seconds, 3),
            "write_rels_s": round(report.rel_seconds, 3), "node_rows": report.node_rows,
            "rel_rows": report.rel_rows, "write_nodes_per_s": round(report.nodes_per_second),
            "write_rels_per_s": round(report.rels_per_second), "created": report.created,
            "updated": report.updated}


def repetition(target: Target, data_dir: Path, with_csv: bool) -> dict:
    result: dict = {}
    if with_csv:
        target.fresh()
        with _Meter(target) as meter:
            load_csv.load(target.driver, data_dir, target.import_dir, target.conn.database)
        size = target.size()
        result["load_csv"] = {**meter.figures(), "nodes_per_s": round(size["nodes"] / meter.seconds),
                              "rels_per_s": round(size["relationships"] / meter.seconds)}
    target.fresh()
    first = _timed_load(target, data_dir)
    size = target.size()
    first.update(nodes=size["nodes"], relationships=size["relationships"],
                 nodes_per_s=round(size["nodes"] / first["seconds"]),
                 rels_per_s=round(size["relationships"] / first["seconds"]))
    result["load"] = first
    if with_csv:
        peer = result["load_csv"]
        result["ratio_vs_load_csv"] = round(peer["seconds"] / first["seconds"], 3)  # above 1: govgraph faster
    rerun = _timed_load(target, data_dir)
    rerun["rows_per_s"] = round((rerun["node_rows"] + rerun["rel_rows"]) / rerun["seconds"])
    result["rerun"] = rerun
    return result


def _cpu(figures: dict) -> str:
    server = figures["server_cpu_s"]
    return (f"cpu: server {'?' if server is None else f'{server:.1f}'} s, loader {figures['client_cpu_s']:.1f} s; "
            f"load avg {figures['load_avg'][0]}→{figures['load_avg'][1]}")


def _line(n: int, r: dict) -> str:
    load, rerun = r["load"], r["rerun"]
    text = (f"#{n}  load {load['seconds']:7.2f} s  {load['nodes_per_s']:>7,} nodes/s {load['rels_per_s']:>7,} rels/s"
            f"  (write: {load['write_nodes_per_s']:>7,} nodes/s in {load['write_nodes_s']:.2f} s, "
            f"{load['write_rels_per_s']:>7,} rels/s in {load['write_rels_s']:.2f} s; read {load['read_s']:.2f} s, "
            f"check {load['check_s']:.2f} s)  {_cpu(load)}\n"
            f"    rerun {rerun['seconds']:7.2f} s  {rerun['rows_per_s']:>7,} rows/s  updated {rerun['updated']}"
            f"  {_cpu(rerun)}")
    if "load_csv" in r:
        peer = r["load_csv"]
        text += (f"\n    LOAD CSV {peer['seconds']:7.2f} s  {peer['nodes_per_s']:>7,} nodes/s "
                 f"{peer['rels_per_s']:>7,} rels/s  {_cpu(peer)}"
                 f"  → govgraph/LOAD CSV speed ratio {r['ratio_vs_load_csv']:.2f}")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="demo-city scale (1: 61k nodes, 107k ties)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
    parser.add_argument("--no-csv", dest="csv", action="store_false", help="skip the LOAD CSV peer")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args()

    target = Target.open(args.scale)
    try:
        data_dir = _data_dir(target, args.scale, args.seed)
        results = []
        for n in range(1, args.repeat + 1):
            results.append(repetition(target, data_dir, args.csv))
            print(_line(n, results[-1]), flush=True)
        summary = {key: statistics.median(r["load"][key] for r in results)
                   for key in ("seconds", "nodes_per_s", "rels_per_s", "write_nodes_per_s", "write_rels_per_s")}
        if results[0]["load"]["server_cpu_s"] is not None:
            summary["server_cpu_s"] = statistics.median(r["load"]["server_cpu_s"] for r in results)
        summary["client_cpu_s"] = statistics.median(r["load"]["client_cpu_s"] for r in results)
        summary["rerun_seconds"] = statistics.median(r["rerun"]["seconds"] for r in results)
        if args.csv:
            summary["load_csv_seconds"] = statistics.median(r["load_csv"]["seconds"] for r in results)
            if results[0]["load_csv"]["server_cpu_s"] is not None:
                summary["load_csv_server_cpu_s"] = statistics.median(r["load_csv"]["server_cpu_s"] for r in results)
            summary["ratio_vs_load_csv"] = statistics.median(r["ratio_vs_load_csv"] for r in results)
        print("median: " + ", ".join(f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v:,}"
                                     for k, v in summary.items()))
        if args.json:
            args.json.write_text(json.dumps({"scale": args.scale, "server": target.describe(),
                                             "repetitions": results, "median": summary}, indent=2))
    finally:
        target.close()


if __name__ == "__main__":
    main()
