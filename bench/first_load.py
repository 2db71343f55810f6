"""First load of the demo city into an empty local database, three ways: neo4j-admin import, the ordinary loader,
LOAD CSV. The same files, each into a fresh database (`Target.fresh`: data folder wiped, server restarted,
constraints and indexes in place), the graphs compared afterwards, the ratios printed.

    python -m bench.first_load --scales 1,10 [--out FILE.json]

- (a) `import`: `loaders.load_paths(..., method="import")` — read and check everything, write the import
  files, stop the server, neo4j-admin import, start, schema online, graph version (loaders/first_load);
- (b) `transactional`: `load_paths(..., method="transactional")`, the ordinary batched writer;
- (c) `load_csv`: bench/load_csv.py's `LOAD CSV … CALL { … } IN TRANSACTIONS` over the same files.

Each load runs in a child process of its own, timed there from the call to its return, so that its peak
resident memory (`ru_maxrss`) is that path's alone. (a) and (b) must give the same `fingerprint` (every
node, tie, id and value); (c) gives no ids to reference ties, so it is compared with (b) by counts per
label and type and by property keys and value types, as bench/loading.py does. Runs without NEO4J_URI
only (the import path needs govgraph's own server): the bench's server under GOVGRAPH_HOME/bench.

For bench/runner.py, which has the loader and LOAD CSV timed already (bench/loading.py, each into a fresh
database): `import_alone(target, data_dir)` before that section → (a) alone, with the imported graph's size
and property types; `against_loaders(first, load, target)` after it → the import's ratios against the two
loads of the same files in the same run, and whether its graph is the one the loader left (counts per label
and type, property keys and value types; `tests/test_admin_import.py` compares the two by fingerprint).
`measure(target, data_dir)` → a dict of the three results, the comparisons and the ratios; it leaves the
graph of the last method run (LOAD CSV by default).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from neo4j import Driver

from bench import load_csv
from bench.target import Target
from graph.errors import UserError
from graph.store import db, queries
from graph.store.neo4j_server import LocalServer

METHODS = ("import", "transactional", "load_csv")


# -- the child: one load, timed, its peak memory -----------------------------------------------------------

def _child(method: str, data_dir: Path, home: Path, heap: str, pagecache: str, import_dir: Path) -> dict:
    server = LocalServer(home, heap=heap, pagecache=pagecache)
    conn = server.connection()
    result: dict = {"method": method}
    with db.driver(conn) as driver:
        began = time.perf_counter()
        if method == "load_csv":
            load_csv.load(driver, data_dir, import_dir, conn.database)
            result["seconds"] = time.perf_counter() - began
        else:
            import loaders

            report = loaders.load_paths([data_dir], driver, conn.database, method=method, server=server)
            result["seconds"] = time.perf_counter() - began
            result.update(path=report.method, why=report.why, read_s=report.read_seconds,
                          check_s=report.check_seconds, write_s=report.node_seconds + report.rel_seconds,
                          steps_s=report.steps, graph_version=report.graph_version)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# -- the parent ----------------------------------------------------------------------------------------------

def _size(driver: Driver, database: str | None) -> dict:
    records, _, _ = driver.execute_query(queries.query("bench_graph_counts"), database_=database)
    data = records[0]["data"]
    by_label = {e["label"]: e["count"] for e in data["nodes"] if "label" in e and e["count"]}
    by_type = {e["relationshipType"]: e["count"] for e in data["relationships"]
               if set(e) == {"relationshipType", "count"}}
    nodes = next(e["count"] for e in data["nodes"] if "label" not in e) - by_label.pop("GraphMeta", 0)
    rels = next(e["count"] for e in data["relationships"] if "relationshipType" not in e)
    return {"nodes": nodes, "relationships": rels, "by_label": by_label, "by_type": by_type}


def _types(driver: Driver, database: str | None) -> dict[str, int]:
    records, _, _ = driver.execute_query(queries.query("bench_property_types"), database_=database)
    return {f"{r['scope']}.{r['key']}:{r['type']}": r["count"] for r in records}


def _graph(driver: Driver, database: str | None) -> dict:
    """What two loads are compared by: counts in all, per label and per type, and property keys and types."""
    return {**_size(driver, database), "types": _types(driver, database)}


def _graph_differences(a: dict, b: dict, ignore_types: str | None = None) -> dict:
    """Where two `_graph`s differ ({} when they are the same graph by this measure); property types whose key
    starts with `ignore_types` are left out."""
    def types(graph: dict) -> dict:
        return {k: v for k, v in graph["types"].items() if ignore_types is None or not k.startswith(ignore_types)}

    return {**_differences({"nodes": a["nodes"], "relationships": a["relationships"]},
                           {"nodes": b["nodes"], "relationships": b["relationships"]}),
            **_differences(a["by_label"], b["by_label"]), **_differences(a["by_type"], b["by_type"]),
            **_differences(types(a), types(b))}


def _run_child(target: Target, method: str, data_dir: Path) -> dict:
    server = target.server
    assert server is not None
    command = [sys.executable, "-m", "bench.first_load", "--child", method, "--data", str(data_dir),
               "--home", str(server.home), "--heap", server.heap, "--pagecache", server.pagecache,
               "--import-dir", str(target.import_dir)]
    done = subprocess.run(command, capture_output=True, text=True, env=target.env())
    if done.returncode != 0:
        raise UserError(f"the {method} load failed:\n{(done.stdout + done.stderr)[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _differences(a: dict, b: dict) -> dict:
    return {key: [a.get(key), b.get(key)] for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)}


def _load(target: Target, method: str, data_dir: Path) -> dict:
    """One method's first load of data_dir into a fresh database: its child's result, its rates, and the graph
    it built (under "_graph"), which is left in place."""
    target.fresh()
    result = _run_child(target, method, data_dir)
    with db.driver(target.conn) as driver:  # a driver of its own: the import replaced the store
        graph = result["_graph"] = _graph(driver, target.conn.database)
    result.update(nodes=graph["nodes"], relationships=graph["relationships"],
                  nodes_per_s=graph["nodes"] / result["seconds"],
                  rows_per_s=(graph["nodes"] + graph["relationships"]) / result["seconds"])
    return result


def measure(target: Target, data_dir: Path, methods: tuple[str, ...] = METHODS, fingerprints: bool = True) -> dict:
    """Each method's first load of data_dir into a fresh database of the bench's own server; the graphs
    compared; ratios against LOAD CSV (above 1: faster than LOAD CSV). Leaves the last method's graph."""
    from loaders.demo.fingerprint import fingerprint

    if not target.managed:
        raise UserError("the first-load bench needs govgraph's own local server: unset NEO4J_URI")
    results: dict[str, dict] = {}
    prints: dict[str, object] = {}
    for method in methods:
        results[method] = result = _load(target, method, data_dir)
        if method != "load_csv" and fingerprints:  # minutes at ×50: every node and tie through Python
            with db.driver(target.conn) as driver:
                prints[method] = fingerprint(driver, target.conn.database)
        print(json.dumps({k: v for k, v in result.items() if not k.startswith("_")}, default=str),
              file=sys.stderr, flush=True)  # each as it comes: a stopped run keeps what it measured
    out: dict = {"data_dir": str(data_dir), **{m: {k: v for k, v in r.items() if not k.startswith("_")}
                                               for m, r in results.items()}}
    if "import" in prints and "transactional" in prints:
        out["import_same_graph_as_transactional"] = prints["import"] == prints["transactional"]
    base = results.get("transactional") or results.get("import")
    if "load_csv" in results and base is not None:
        csv_ = results["load_csv"]
        out["load_csv_differences"] = _graph_differences(base["_graph"], csv_["_graph"],
                                                         ignore_types="relationship.id:")
        for method in ("import", "transactional"):
            if method in results:
                out[f"{method}_vs_load_csv"] = csv_["seconds"] / results[method]["seconds"]
    if "import" in results and "transactional" in results:
        out["import_vs_transactional"] = results["transactional"]["seconds"] / results["import"]["seconds"]
    return out


def import_alone(target: Target, data_dir: Path) -> dict:
    """(a) alone into a fresh database, for bench/runner.py; the graph it built is left in place and described
    under "_graph" for `against_loaders`. Skipped (bench.settings.Skipped) on a NEO4J_URI server."""
    from bench.settings import Skipped

    if not target.managed:
        raise Skipped("neo4j-admin import needs govgraph's own local server, and NEO4J_URI names the server")
    result = _load(target, "import", data_dir)
    return {"data_dir": str(data_dir), "_graph": result.pop("_graph"), "import": result}


def against_loaders(first: dict, load: dict, target: Target) -> dict:
    """`import_alone`'s result, completed (in place, and returned) with the loader's and LOAD CSV's first loads
    of the same files (bench/loading.py's result) and with whether the graph the loader left in the target is
    the one the import built."""
    with db.driver(target.conn) as driver:
        differences = _graph_differences(first.pop("_graph"), _graph(driver, target.conn.database))
    seconds = first["import"]["seconds"]
    first.update(same_graph_as_loader=not differences, differences=differences,
                 loader_s=load["govgraph"]["seconds"], load_csv_s=load["load_csv"]["seconds"],
                 import_vs_load_csv=load["load_csv"]["seconds"] / seconds,
                 import_vs_transactional=load["govgraph"]["seconds"] / seconds)
    return first


def data_for(target: Target, scale: float, seed: int | None = None) -> Path:
    """The demo city at this scale in the server's import folder (LOAD CSV reads only there), generated once."""
    from loaders.demo import city

    seed = city.DEFAULT_SEED if seed is None else seed
    folder = target.import_dir / f"govgraph-first-load-x{scale:g}-seed{seed}"
    if not (folder / ".complete").exists():
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        city.generate(folder, scale, seed)
        (folder / ".complete").write_text("")
    return folder


def _line(scale: float, out: dict) -> str:
    parts = [f"×{scale:g}: {out['transactional']['nodes'] if 'transactional' in out else ''} nodes"]
    for method in METHODS:
        if method in out:
            r = out[method]
            parts.append(f"{method} {r['seconds']:.1f} s ({r['nodes_per_s']:,.0f} nodes/s, "
                         f"peak RSS {r['peak_rss_mb']:,.0f} MB)")
    for key in ("import_vs_load_csv", "transactional_vs_load_csv", "import_vs_transactional"):
        if key in out:
            parts.append(f"{key} {out[key]:.2f}×")
    if "import_same_graph_as_transactional" in out:
        parts.append(f"import = transactional: {out['import_same_graph_as_transactional']}")
    if "load_csv_differences" in out:
        parts.append(f"LOAD CSV differences: {out['load_csv_differences'] or 'none'}")
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1", help="comma-separated demo scales, e.g. 1,10,50")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--no-fingerprint", action="store_true",
                        help="compare the graphs by counts and property types only (fingerprints take minutes at ×50)")
    parser.add_argument("--child", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--heap", help=argparse.SUPPRESS)
    parser.add_argument("--pagecache", help=argparse.SUPPRESS)
    parser.add_argument("--import-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        os.environ.pop("NEO4J_URI", None)  # the child reaches the bench server as govgraph's own local server
        print(json.dumps(_child(args.child, args.data, args.home, args.heap, args.pagecache, args.import_dir)))
        return
    scales = [float(s) for s in args.scales.split(",")]
    methods = tuple(m for m in args.methods.split(",") if m)
    target = Target.open(max(scales))
    results = {}
    try:
        for scale in scales:
            data_dir = data_for(target, scale)
            results[f"{scale:g}"] = out = measure(target, data_dir, methods, not args.no_fingerprint)
            print(_line(scale, out), flush=True)
            if args.out:
                args.out.write_text(json.dumps(results, indent=2, default=str))
    finally:
        target.close()


if __name__ == "__main__":
    main()
