"""`govgraph bench`: every benchmark, at every scale, into one report."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from graph.errors import UserError

console = Console()


def parse_scales(text: str) -> tuple[float, ...]:
    """`1,10,50` → (1.0, 10.0, 50.0); a clear error for anything else."""
    scales = []
    for part in text.split(","):
        try:
            value = float(part.strip())
        except ValueError:
            raise UserError("--scales: expected numbers separated by commas (like 1,10,50), "
                            f"got {part.strip()!r}") from None
        if not value > 0:
            raise UserError(f"--scales: a scale must be above 0, got {part.strip()!r}")
        scales.append(value)
    if len(set(scales)) != len(scales):
        raise UserError(f"--scales: {text!r} names a scale twice")
    return tuple(sorted(scales))


def register(app: typer.Typer, friendly) -> None:
    @app.command("bench")
    @friendly
    def bench(
        scales: str = typer.Option("1,10,50", help="demo-city scales to run at, comma-separated (×50 is a province)"),
        out: Path = typer.Option(None, help="results folder (default bench/results, git-ignored); "
                                            "each run writes a timestamped sub-folder"),
        quick: bool = typer.Option(False, "--quick", help="few iterations and requests: a smoke run, not figures"),
        seed: int = typer.Option(2020, help="seed of the demo-city generator"),
        peer: bool = typer.Option(True, "--peer/--no-peer", help="compare with the @neo4j/graphql peer (Node.js)"),
        import_dir: Path = typer.Option(None, help="with NEO4J_URI: the server's import folder, for LOAD CSV"),
        allow_clear: bool = typer.Option(False, "--allow-clear",
                                         help="with NEO4J_URI: let the benchmark empty a database that holds data"),
    ) -> None:
        """Benchmark govgraph against its peers (LOAD CSV, direct Cypher, @neo4j/graphql) at several scales.

        Without NEO4J_URI it runs its own Neo4j under GOVGRAPH_HOME/bench (your data is never touched),
        sized by GOVGRAPH_NEO4J_HEAP / GOVGRAPH_NEO4J_PAGECACHE or by the largest scale. Writes report.md,
        report.json and PNG plots under bench/results/<timestamp>/.
        """
        from bench import runner
        from bench.settings import RESULTS, Settings

        settings = Settings(scales=parse_scales(scales), out=out or RESULTS, quick=quick, seed=seed,
                            import_dir=import_dir, allow_clear=allow_clear, peer=peer)
        results, files = runner.run(settings, lambda line: console.print(line, highlight=False, markup=False))
        _print_headline(results)
        console.print(f"report: {files['markdown']}")
        console.print(f"        {files['json']}")
        failed = runner.failures(results)
        if failed:
            raise UserError("the benchmark ran, but some sections failed:\n  " + "\n  ".join(failed)
                            + f"\n(see {files['markdown']}, and errors.log beside it for tracebacks)")


def _print_headline(results: dict) -> None:
    from bench.report import HEADLINE_HEAD, headline_rows

    table = Table(title="govgraph benchmarks (ratios: same run, same machine)")
    for head in HEADLINE_HEAD:
        table.add_column(head, justify="right")
    for row in headline_rows(results):
        table.add_row(*row)
    console.print(table)
