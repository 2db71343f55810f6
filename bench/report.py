"""The benchmark report: report.json (everything measured), report.md (tables), PNG plots.

The JSON holds only sizes, timings and counts — never node data, so no
personal property can reach it.
"""
from __future__ import annotations

import json
import statistics
from pathlib import Path

from bench import plots
from bench.series import growth

SECTIONS = ("Headline", "Sizes", "Loading", "First load into an empty database", "API against direct Cypher",
            "API throughput", "govgraph against @neo4j/graphql", "A deep page against the first", "Memory", "Analysis",
            "Service levels", "Growth with size", "Plots")


def write(results: dict, out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    results["growth"] = growth(results)
    pictures = plots.write(results, out_dir)
    results["plots"] = [p.name for p in pictures]
    json_path = out_dir / "report.json"
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    md_path = out_dir / "report.md"
    md_path.write_text(markdown(results), encoding="utf-8")
    return {"json": json_path, "markdown": md_path, **{p.stem: p for p in pictures}}


# --- formatting ------------------------------------------------------------
def _num(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}" if abs(value) >= 1 else f"{value:.{max(digits, 3)}f}".rstrip("0").rstrip(".")


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return ""
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _scale(run: dict) -> str:
    return f"×{run['scale']:g}"


def _state(section: object) -> str | None:
    """Why a section has no figures (skipped, or failed), or None when it has some."""
    if not isinstance(section, dict):
        return "not run"
    if "skipped" in section:
        return f"skipped: {section['skipped']}"
    if "error" in section:
        return f"**failed**: {section['error']}"
    return None


def figures(section: object) -> bool:
    """Whether a section measured something (it was neither skipped nor failed)."""
    return _state(section) is None


def _not_run(runs: list[dict], key: str) -> str:
    return "".join(f"- {_scale(r)}: {_state(r.get(key))}\n" for r in runs if _state(r.get(key)))


def _versions(results: dict) -> str:
    found = results.get("versions") or {}
    named = ", ".join(f"{name} {value}" for name, value in found.items() if name != "commit" and value)
    return f"Versions: commit {found.get('commit') or '–'}; {named or '–'}.\n" if found else ""


def _workers(results: dict) -> str:
    counts = sorted({r["api_process"]["workers"] for r in results["scales"]
                     if isinstance(r.get("api_process"), dict) and r["api_process"].get("workers")})
    return " / ".join(str(c) for c in counts) or "–"


# --- sections --------------------------------------------------------------
def headline_rows(results: dict) -> list[list[str]]:
    """One row per scale: the figures the README quotes."""
    rows = []
    for run in results["scales"]:
        load, api, peer, analysis = (run.get(k) for k in ("load", "api", "peer", "analysis"))
        row = [_scale(run), _num((run.get("size") or {}).get("nodes"))]
        if _state(load) is None:
            row += [_num(load["govgraph"]["nodes_per_s"]), _num(load["load_csv"]["nodes_per_s"]),
                    _ratio(load["ratio_nodes_per_s"])]
        else:
            row += ["–"] * 3
        first = run.get("first_load")
        row.append(_ratio(first["import_vs_load_csv"]) if _state(first) is None and "import_vs_load_csv" in first
                   else "–")
        if _state(api) is None:
            ratios = [q["ratio_p50"] for q in api["questions"] if q.get("ratio_p50") is not None]
            row.append(_ratio(statistics.median(ratios)) if ratios else "–")
            for mode in ANSWERS:
                runs_of = [t for t in api["throughput"] if t.get("answers", "computed") == mode]
                best = max((t["requests_per_s"] for t in runs_of), default=None)
                errors = " / ".join(str(t["errors"]) for t in runs_of)
                row.append(f"{_num(best)}; {errors}" if runs_of else "–")
        else:
            row += ["–", "–", "–"]
        if _state(peer) is None:
            ratios = [q["ratio_p50"] for q in peer["queries"] if q.get("ratio_p50") is not None]
            row.append(_ratio(statistics.median(ratios)) if ratios else "–")
        else:
            row.append("–")
        if _state(analysis) is None:
            row.append(_num(analysis["all_measures_cold_s"], 2))
        else:
            row.append("–")
        rows.append(row)
    return rows


# Throughput modes: every answer computed (Cache-Control: no-cache), and as served (area-wide answers kept).
ANSWERS = ("computed", "kept")
HEADLINE_HEAD = ["scale", "nodes", "load nodes/s (govgraph)", "load nodes/s (LOAD CSV)", "govgraph ÷ LOAD CSV",
                 "first load, neo4j-admin import ÷ LOAD CSV (speed)", "API ÷ direct p50 (median)",
                 "API req/s (best) and errors with 8 / 32 clients, every answer computed",
                 "API req/s (best) and errors with 8 / 32 clients, as served (area-wide answers kept)",
                 "govgraph ÷ @neo4j/graphql p50 (median)", "all analysis measures, cold s"]


def markdown(results: dict) -> str:
    runs = results["scales"]
    out = [f"# govgraph benchmarks, {results['started_at']}\n",
           f"{'Quick run (few iterations). ' if results.get('quick') else ''}"
           f"Machine: {results['machine']['cpus']} cores, {results['machine']['memory_gb']} GB; "
           f"Python {results['machine']['python']}, Node.js {results['machine'].get('node') or '–'}. "
           f"Neo4j: {results['server'].get('neo4j', '')} at {results['server']['uri']} "
           f"({'the benchmark’s own server' if results['server']['managed'] else 'NEO4J_URI'}"
           + (f", heap {results['server']['heap']}, page cache {results['server']['pagecache']}"
              if results['server'].get('heap') else "") + "). "
           f"Took {_num(results.get('seconds'))} s. "
           f"govgraph's API: `govgraph serve` at its default of {_workers(results)} worker process(es).\n",
           _versions(results),
           "Ratios put govgraph over its peer, both measured in the same run on the same machine (absolute "
           "times on a shared machine mean little). For times (ms, s) below 1× means govgraph is faster; "
           "for rates (nodes/s, req/s) above 1× means govgraph is faster.\n"]

    out.append("## Headline\n")
    out.append(_table(HEADLINE_HEAD, headline_rows(results)))
    out.append("".join(f"\n**{_scale(r)}: {t['errors']} of {t['requests']} API requests failed with {t['clients']} "
                       f"clients, answers {t.get('answers', 'computed')}** (first: {t.get('first_error', '')[:300]})\n"
                       for r in runs if _state(r.get("api")) is None for t in r["api"]["throughput"] if t["errors"]))

    out.append("\n## Sizes\n")
    out.append("Generated by the demo-city generator (`loaders.demo.generate`, same seed) at each scale.\n\n")
    rows = []
    for run in runs:
        size, files = run.get("size") or {}, run.get("files") or {}
        rows.append([_scale(run), _num(size.get("nodes")), _num(size.get("relationships")),
                     _num(files.get("files")), _num((files.get("bytes") or 0) / 1e6),
                     _num(files.get("generate_s"), 2)])
    out.append(_table(["scale", "nodes", "relationships", "files", "MB of CSV", "generate s"], rows))

    out.append("\n## Loading\n")
    out.append("The same CSV files into the same empty database with the same constraints and indexes: "
               "govgraph's loader (validation, then batched `UNWIND … MERGE`) against Neo4j's own "
               "`LOAD CSV` with `CALL { … } IN TRANSACTIONS` (the `cypher/bench_load_csv_*` templates: "
               "MERGE on id, same types). Each run starts on a fresh database.\n\n")
    rows = []
    for run in runs:
        load = run.get("load")
        if _state(load) is not None:
            continue
        for loader, label in (("govgraph", "govgraph loader"), ("load_csv", "LOAD CSV")):
            data = load[loader]
            rows.append([_scale(run), label, _num(data["seconds"], 2), _num(data["nodes_per_s"]),
                         _num(data["relationships_per_s"]),
                         _ratio(load["ratio_nodes_per_s"]) if loader == "govgraph" else "",
                         _num(load["same_graph"]) if loader == "govgraph" else ""])
    out.append(_table(["scale", "loader", "seconds", "nodes/s", "relationships/s",
                       "govgraph ÷ LOAD CSV (nodes/s)", "same graph"], rows))
    for run in runs:
        load = run.get("load")
        if _state(load) is None and not load["same_graph"]:
            out.append(f"\n{_scale(run)}: the two loads differ: `{json.dumps(load['differences'])}`\n")
    out.append(_not_run(runs, "load"))

    out.append("\n## First load into an empty database\n")
    out.append("The same files through `neo4j-admin database import` (`govgraph load --method import`: read and "
               "checked as always, written as import files, the server stopped, the files imported, the server "
               "started, the constraints and indexes built online; `loaders/first_load/`), each into a fresh "
               "database and in a process of its own (its peak resident memory), against the two loads above. "
               "Same graph: counts per label and type, property keys and value types equal to the graph the "
               "govgraph loader left.\n\n")
    rows = []
    for run in runs:
        first = run.get("first_load")
        if _state(first) is not None or "import_vs_load_csv" not in first:
            continue
        data, steps = first["import"], first["import"].get("steps_s") or {}
        rows.append([_scale(run), _num(data["seconds"], 2), _num(data.get("read_s"), 2), _num(data.get("check_s"), 2),
                     ", ".join(f"{k} {v:.1f}" for k, v in steps.items()), _num(first["loader_s"], 2),
                     _num(first["load_csv_s"], 2), _ratio(first["import_vs_load_csv"]),
                     _ratio(first["import_vs_transactional"]), _num(data.get("peak_rss_mb")),
                     _num(first["same_graph_as_loader"])])
    out.append(_table(["scale", "import s", "read s", "check s", "then (s)", "govgraph loader s", "LOAD CSV s",
                       "import ÷ LOAD CSV (speed)", "import ÷ loader (speed)", "peak MB", "same graph"], rows))
    for run in runs:
        first = run.get("first_load")
        if _state(first) is None and first.get("differences"):
            out.append(f"\n{_scale(run)}: the import and the loader differ: `{json.dumps(first['differences'])}`\n")
    out.append(_not_run(runs, "first_load"))

    out.append("\n## API against direct Cypher\n")
    out.append("Each network question through GraphQL over HTTP (uvicorn on 127.0.0.1, production mode) "
               "against the same named Cypher run directly with the Python driver; sequential requests, "
               "warm.\n\n")
    rows = []
    for run in runs:
        api = run.get("api")
        if _state(api) is not None:
            continue
        for q in api["questions"]:
            rows.append([_scale(run), f"`{q['question']}`", _num(q["api"]["p50_ms"], 2), _num(q["api"]["p95_ms"], 2),
                         _num(q["direct"]["p50_ms"], 2), _num(q["direct"]["p95_ms"], 2), _ratio(q.get("ratio_p50")),
                         _ratio(q.get("ratio_p95"))])
    out.append(_table(["scale", "question", "API p50 ms", "API p95 ms", "direct p50 ms", "direct p95 ms",
                       "API ÷ direct p50", "API ÷ direct p95"], rows))
    out.append(_not_run(runs, "api"))
    fixed = [[_scale(run), f"`{run['api']['fixed_cost']['request']}`", _num(run["api"]["fixed_cost"]["p50_ms"], 2),
              _num(run["api"]["fixed_cost"]["p95_ms"], 2)]
             for run in runs if _state(run.get("api")) is None and "fixed_cost" in run["api"]]
    if fixed:
        out.append("\nThe API's fixed cost: the smallest request (no resolver, no Neo4j) sent the same way, what "
                   "every request pays for HTTP (client and server), the access checks, strawberry and JSON.\n\n")
        out.append(_table(["scale", "request", "p50 ms", "p95 ms"], fixed))

    out.append("\n## API throughput\n")
    out.append("Concurrent async clients (httpx) cycling through the network questions, bounded in requests "
               "and seconds; with each number of clients twice: every answer *computed* (the requests carry "
               "`Cache-Control: no-cache`), then as served, where the area-wide answers (coverageGaps, "
               "crossAppointments, coBuildingNetwork) are *kept* per graph version by the API (`api/answers.py`) "
               "and come without their query.\n\n")
    rows = []
    for run in runs:
        api = run.get("api")
        if _state(api) is not None:
            continue
        for t in api["throughput"]:
            rows.append([_scale(run), _num(t["clients"]), t.get("answers", "computed"), _num(t["requests"]),
                         _num(t["requests_per_s"]), _num(t.get("p50_ms"), 2), _num(t.get("p95_ms"), 2),
                         _num(t["errors"])])
    out.append(_table(["scale", "clients", "answers", "requests", "requests/s", "p50 ms", "p95 ms", "errors"], rows))
    out.append(_not_run(runs, "api"))

    out.append("\n## govgraph against @neo4j/graphql\n")
    out.append("The Neo4j GraphQL Library (`@neo4j/graphql` 7 under Apollo Server 5, Node.js, `bench/peer/`) "
               "serving the same database, on equivalent entity queries (same fields, same page size).\n\n")
    rows = []
    for run in runs:
        peer = run.get("peer")
        if _state(peer) is not None:
            continue
        for q in peer["queries"]:
            if "unanswered" in q:
                rows.append([_scale(run), q["query"], "–", "–", "–", "–", f"not compared: {q['unanswered'][:200]}"])
                continue
            rows.append([_scale(run), q["query"], _num(q["govgraph"]["p50_ms"], 2), _num(q["govgraph"]["p95_ms"], 2),
                         _num(q["peer"]["p50_ms"], 2), _num(q["peer"]["p95_ms"], 2), _ratio(q.get("ratio_p50"))])
    out.append(_table(["scale", "query", "govgraph p50 ms", "govgraph p95 ms", "@neo4j/graphql p50 ms",
                       "@neo4j/graphql p95 ms", "govgraph ÷ peer p50"], rows))
    rows = []
    for run in runs:
        peer = run.get("peer")
        if _state(peer) is not None:
            continue
        for t in peer["throughput"]:
            g, p = t["govgraph"], t["peer"]
            rows.append([_scale(run), _num(t["clients"]), _num(g["requests_per_s"]), _num(p["requests_per_s"]),
                         _ratio(t.get("ratio_requests_per_s")), _num(g["errors"]), _num(p["errors"])])
    out.append("\nThroughput on the same mix of entity queries:\n\n")
    out.append(_table(["scale", "clients", "govgraph req/s", "@neo4j/graphql req/s", "govgraph ÷ peer",
                       "govgraph errors", "peer errors"], rows))
    out.append(_not_run(runs, "peer"))

    out.append("\n## A deep page against the first\n")
    out.append("A root list in name order (`persons(first: 20, sort: NAME)`, keyset: "
               "`cypher/entity_list_by_name.cypher`) through the API over HTTP: page 1 against page 1,000 "
               "(reached by following cursors, as a client would; the deepest full page on a smaller graph), "
               "alternately; database hits by PROFILE of the very Cypher the API ran for each "
               "(`bench/deep_page.py`).\n\n")
    rows = []
    for run in runs:
        deep = run.get("deep_page")
        if _state(deep) is not None:
            continue
        rows.append([_scale(run), f"`{deep['field']}`", _num(deep["deep_page"]), _num(deep["first"]["p50_ms"], 2),
                     _num(deep["deep"]["p50_ms"], 2), _ratio(deep.get("ratio_p50")), _num(deep["first"]["db_hits"]),
                     _num(deep["deep"]["db_hits"]), _ratio(deep.get("ratio_db_hits"))])
    out.append(_table(["scale", "list", "deep page", "page 1 p50 ms", "deep page p50 ms", "deep ÷ first p50",
                       "page 1 db hits", "deep page db hits", "deep ÷ first db hits"], rows))
    out.append(_not_run(runs, "deep_page"))

    out.append("\n## Memory\n")
    out.append("Peak resident memory (VmHWM): of the loader (the benchmark's own process, its peak reset just "
               "before the govgraph load: what a `govgraph load` process holds), and of the API's worker "
               "processes over the API, peer and deep-page sections (the largest worker, and all of them with "
               "uvicorn's supervisor).\n\n")
    rows = []
    for run in runs:
        load, proc = run.get("load"), run.get("api_process")
        memory = (load or {}).get("govgraph", {}).get("memory", {}) if _state(load) is None else {}
        proc = proc if isinstance(proc, dict) else {}
        if not memory and not proc:
            continue
        rows.append([_scale(run), _num(memory.get("peak_rss_mb")), _num(memory.get("rss_before_mb")),
                     _num(proc.get("workers")), _num(proc.get("peak_rss_mb_max")), _num(proc.get("peak_rss_mb_total")),
                     _num(proc.get("started_rss_mb_max"))])
    out.append(_table(["scale", "loader peak MB", "loader before MB", "API workers", "API peak MB (largest worker)",
                       "API peak MB (all processes)", "API worker at start MB"], rows))

    out.append("\n## Analysis\n")
    out.append("The organisation network (co-building, shared resident units, shared people) pulled from Neo4j "
               "and measured with govgraph's NetworkX measures. *All measures* is `profile` as "
               "`govgraph analyze` asks for it: cold (pull included, empty cache) and again from the cache.\n\n")
    rows = []
    for run in runs:
        analysis = run.get("analysis")
        if _state(analysis) is None:
            network = analysis["network"]
            rows.append([_scale(run), _num(network["nodes"]), _num(network["edges"]),
                         _num(network.get("largest_component")),
                         _num(analysis["all_measures_cold_s"], 2) if analysis["all_measures_cold_s"] is not None
                         else analysis.get("all_measures_note", "–"),
                         _num(analysis["all_measures_cached_ms"], 2)])
    out.append(_table(["scale", "network nodes", "network ties", "largest component", "all measures cold s",
                       "cached ms"], rows))
    rows = []
    for run in runs:
        analysis = run.get("analysis")
        if _state(analysis) is None:
            rows += [[_scale(run), m["measure"], _num(m["seconds"], 3), m.get("note", "")]
                     for m in analysis["measures"]]
    out.append("\nEach measure once, on the pulled graph:\n\n" if rows else "")
    out.append(_table(["scale", "measure", "seconds", "how"], rows))
    rows = []
    for run in runs:
        analysis = run.get("analysis")
        if _state(analysis) is not None:
            continue
        b = analysis["betweenness"]
        exact = _num(b["exact_s"], 2) if "exact_s" in b else f"not run (work {b['work']:,} > {b['exact_budget']:,})"
        if not b["samples"]:
            rows.append([_scale(run), exact, "–", "–", "–", "–", "–"])
        for sample in b["samples"]:
            rows.append([_scale(run), exact, _num(sample["k"]), sample["method"], _num(sample["seconds"], 3),
                         _num(sample.get("top20_overlap")), _num(sample.get("top20_same_order"))])
    out.append("\nBetweenness, exact (every component searched in full) against sampled with k pivots:\n\n"
               if rows else "")
    out.append(_table(["scale", "exact s", "k", "method", "seconds", "top-20 shared with exact (of 20)",
                       "same order"], rows))
    out.append("".join(f"- {_scale(r)}: sampling stopped: {r['analysis']['betweenness']['samples_stopped']}\n"
                       for r in runs if _state(r.get("analysis")) is None
                       and r["analysis"]["betweenness"].get("samples_stopped")))
    out.append(_not_run(runs, "analysis"))

    out.append("\n## Service levels\n")
    out.append("`serviceLevels` for the whole city (bench/service_levels_bench.py): the cases' query, its answer "
               "into arrays and the arithmetic by street, then through the API served for the scale: the first "
               "answer (nothing kept), answers computed afresh (`Cache-Control: no-cache`) and as served "
               "(medians, seconds). It should stay interactive: under a second at ×10.\n\n")
    rows = []
    for run in runs:
        levels = run.get("service_levels")
        if _state(levels) is None:
            rows.append([_scale(run), _num(levels["cases"]), _num(levels["query_s"], 3),
                         _num(levels["columns_s"], 3), _num(levels["street_s"], 3),
                         _num(levels["overdue_s"], 3), _num(levels.get("api_first_s"), 3),
                         _num(levels.get("api_computed_s"), 3), _num(levels.get("api_kept_s"), 3)])
    out.append(_table(["scale", "cases", "query s", "into arrays s", "by street s", "overdue s", "API first s",
                       "API computed s", "API kept s"], rows))
    out.append("".join(f"- {_scale(r)}: {e}\n" for r in runs if _state(r.get("service_levels")) is None
                       for e in r["service_levels"].get("api_errors", [])))
    out.append(_not_run(runs, "service_levels"))

    out.append("\n## Growth with size\n")
    out.append("b in cost ≈ a·nodes^b, fitted on log-log over the scales (1 is linear; below 1, fixed costs "
               "dominate), and the cost per 1,000 nodes at each scale.\n\n")
    rows = []
    for name, g in sorted(results["growth"].items()):
        per = ", ".join(f"{v:.3g}" for v in g["per_1k_nodes"])
        rows.append([name, g["unit"], _num(g["exponent"], 2), per])
    out.append(_table(["cost", "unit", "exponent b", f"per 1k nodes at {', '.join(_scale(r) for r in runs)}"],
                      rows))

    out.append("\n## Plots\n")
    out.append("".join(f"![{name}]({name})\n" for name in results.get("plots", [])) or "none\n")

    if results.get("notes"):
        out.append("\n## Notes\n")
        out.append("".join(f"- {note}\n" for note in results["notes"]))
    return "\n".join(part.rstrip("\n") + "\n" for part in out if part.strip())
