"""Cost series across scales, pulled out of a results dict, and how each grows with size.

A series is one cost (a load's seconds, a question's p50, a measure's time)
at each scale, paired with the graph's node count there. Growth is the
fitted exponent b of cost ≈ a·nodes^b plus the cost per 1,000 nodes at each
scale, so a reader sees at once whether a cost is linear, worse, or
dominated by fixed overhead.
"""
from __future__ import annotations

from collections import defaultdict

from bench.stats import growth_exponent

Point = tuple[int, float]  # (nodes, cost)


def _ok(section: object) -> bool:
    return isinstance(section, dict) and "skipped" not in section and "error" not in section


def series(results: dict) -> dict[str, dict]:
    """name → {"unit": …, "points": [(nodes, cost)…]} for every cost measured at some scale."""
    found: dict[str, dict] = defaultdict(lambda: {"unit": "", "points": []})

    def add(name: str, unit: str, nodes: int, cost: float | None) -> None:
        if cost is not None:
            found[name]["unit"] = unit
            found[name]["points"].append((nodes, cost))

    for run in results.get("scales", []):
        nodes = (run.get("size") or {}).get("nodes")
        if not nodes:
            continue
        load = run.get("load")
        if _ok(load):
            for loader in ("govgraph", "load_csv"):
                add(f"load · {loader}", "s", nodes, load[loader]["seconds"])
        api = run.get("api")
        if _ok(api):
            for row in api["questions"]:
                add(f"API · {row['question']}", "ms p50", nodes, row["api"]["p50_ms"])
                add(f"direct · {row['question']}", "ms p50", nodes, row["direct"]["p50_ms"])
        peer = run.get("peer")
        if _ok(peer):
            for row in peer["queries"]:
                if "unanswered" in row:
                    continue
                add(f"govgraph · {row['query']}", "ms p50", nodes, row["govgraph"]["p50_ms"])
                add(f"@neo4j/graphql · {row['query']}", "ms p50", nodes, row["peer"]["p50_ms"])
        analysis = run.get("analysis")
        if _ok(analysis):
            add("analysis · all measures (cold)", "s", nodes, analysis["all_measures_cold_s"])
            add("analysis · betweenness exact", "s", nodes, analysis["betweenness"].get("exact_s"))
            for row in analysis["measures"]:
                add(f"analysis · {row['measure']}", "s", nodes, row["seconds"])
    return dict(found)


def growth(results: dict) -> dict[str, dict]:
    """For each series: the fitted exponent and the cost per 1,000 nodes at each scale."""
    table = {}
    for name, data in series(results).items():
        points = data["points"]
        table[name] = {
            "unit": data["unit"],
            "exponent": growth_exponent([n for n, _ in points], [c for _, c in points]),
            "per_1k_nodes": [round(cost / nodes * 1000, 6) for nodes, cost in points],
            "nodes": [n for n, _ in points],
        }
    return table


def by_prefix(all_series: dict[str, dict], prefixes: tuple[str, ...]) -> dict[str, dict]:
    return {name: data for name, data in all_series.items() if name.startswith(prefixes)}
