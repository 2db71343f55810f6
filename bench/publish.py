"""Publishing a benchmark run: the report the README quotes, committed, and the README's table made from it.

    .venv/bin/python -m bench.publish bench/results/<timestamp>

copies that run's `report.json` and `report.md` to `bench/published/` (the rest of `bench/results/` stays
git-ignored; the plots are left out: regenerate them with the run) and rewrites the table of README.md's
benchmark section, between `<!-- bench-table -->` and `<!-- /bench-table -->`, from that report, so the
README quotes exactly the committed run and the next run can be compared with it. It prints the table too.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

from bench.report import _num, _ratio, _state, _table

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = Path(__file__).parent / "published"
README = ROOT / "README.md"
START, END = "<!-- bench-table -->", "<!-- /bench-table -->"
HEAD = ["scale", "nodes / relationships", "load nodes/s: govgraph vs LOAD CSV",
        "first load into an empty database: neo4j-admin import vs LOAD CSV, s",
        "API ÷ direct Cypher, p50 (median of the questions)", "API req/s, errors (8 / 32 clients): computed",
        "API req/s, errors: served", "govgraph ÷ @neo4j/graphql, p50 (page, name, nested)",
        "entity req/s, 32 clients: govgraph vs @neo4j/graphql", "page 1,000 ÷ page 1 of a root list: p50, db hits",
        "peak memory MB: loader; API (largest worker, all)", "analysis, all measures cold"]


def _throughput(api: dict, mode: str) -> str:
    runs = [t for t in api["throughput"] if t.get("answers", "computed") == mode]
    if not runs:
        return "–"
    best = max(t["requests_per_s"] for t in runs)
    return f"{_num(best)}; {' / '.join(str(t['errors']) for t in runs)}"


def _peer(peer: dict) -> tuple[str, str]:
    by_name = {q["query"]: q for q in peer["queries"]}
    ratios = [q["ratio_p50"] for q in peer["queries"] if q.get("ratio_p50") is not None]
    parts = ", ".join(f"{name} {by_name[name]['ratio_p50']:.2f}" if by_name.get(name, {}).get("ratio_p50")
                      else f"{name}: no answer" for name in ("page", "name", "nested"))
    latency = f"{_ratio(statistics.median(ratios))} ({parts})" if ratios else f"– ({parts})"
    widest = max(peer["throughput"], key=lambda t: t["clients"], default=None)
    rate = (f"{_num(widest['govgraph']['requests_per_s'])} vs {_num(widest['peer']['requests_per_s'])} "
            f"({_ratio(widest.get('ratio_requests_per_s'))})") if widest else "–"
    return latency, rate


def rows(results: dict) -> list[list[str]]:
    out = []
    for run in results["scales"]:
        size = run.get("size") or {}
        row = [f"×{run['scale']:g}", f"{_num(size.get('nodes'))} / {_num(size.get('relationships'))}"]
        load = run.get("load")
        row.append(f"{_num(load['govgraph']['nodes_per_s'])} vs {_num(load['load_csv']['nodes_per_s'])} "
                   f"({_ratio(load['ratio_nodes_per_s'])})" if _state(load) is None else "–")
        first = run.get("first_load")
        row.append(f"{_num(first['import']['seconds'])} vs {_num(first['load_csv_s'])} "
                   f"({_ratio(first['import_vs_load_csv'])})" if _state(first) is None
                   and "import_vs_load_csv" in first else "–")
        api = run.get("api")
        if _state(api) is None:
            ratios = [q["ratio_p50"] for q in api["questions"] if q.get("ratio_p50") is not None]
            row += [_ratio(statistics.median(ratios)) if ratios else "–", _throughput(api, "computed"),
                    _throughput(api, "kept")]
        else:
            row += ["–"] * 3
        peer = run.get("peer")
        row += list(_peer(peer)) if _state(peer) is None else ["–", "–"]
        deep = run.get("deep_page")
        row.append(f"page {deep['deep_page']:,}: {_ratio(deep.get('ratio_p50'))}, {_ratio(deep.get('ratio_db_hits'))}"
                   if _state(deep) is None else "–")
        memory = (load or {}).get("govgraph", {}).get("memory", {}) if _state(load) is None else {}
        proc = run.get("api_process") if isinstance(run.get("api_process"), dict) else {}
        row.append(f"{_num(memory.get('peak_rss_mb'))}; {_num(proc.get('peak_rss_mb_max'))}, "
                   f"{_num(proc.get('peak_rss_mb_total'))} ({proc.get('workers', '–')} workers)")
        analysis = run.get("analysis")
        row.append(f"{_num(analysis['all_measures_cold_s'], 2)} s" if _state(analysis) is None
                   and analysis.get("all_measures_cold_s") is not None else "–")
        out.append(row)
    return out


def table(results: dict) -> str:
    return _table(HEAD, rows(results))


def readme_with(text: str, results: dict) -> str:
    """README.md's text with the table between the markers replaced by this run's."""
    if START not in text or END not in text:
        raise ValueError(f"README.md has no {START} … {END} markers around its benchmark table")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table(results)}{END}{after}"


def publish(run_dir: Path) -> str:
    report = run_dir / "report.json"
    results = json.loads(report.read_text(encoding="utf-8"))
    PUBLISHED.mkdir(exist_ok=True)
    shutil.copyfile(report, PUBLISHED / "report.json")
    shutil.copyfile(run_dir / "report.md", PUBLISHED / "report.md")
    README.write_text(readme_with(README.read_text(encoding="utf-8"), results), encoding="utf-8")
    return table(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="a run's folder (bench/results/<timestamp>)")
    args = parser.parse_args(argv)
    try:
        print(publish(args.run))
    except (OSError, ValueError, KeyError) as error:
        print(f"error: cannot publish {args.run}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
