"""Writing a checked plan: batched UNWIND … MERGE, nodes first, then ties.

Nodes are MERGEd on their family label and id (the family carries the unique
constraint, so each MERGE is an index seek), one query per kind; ties are
MERGEd on their id between both ends MATCHed by family label and id, one
query per (type, source family, target family). Every batch is its own
transaction, retried by the driver on transient errors; since every write is
a MERGE on a stable id, a load that died half-way converges when rerun.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from loaders.queries import QUIET, fill
from loaders.validate import Plan

BATCH_SIZE = 10_000


@dataclass
class Counts:
    """What a load did to one node kind or relationship type."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # single-valued ties replaced or emptied (Ref columns)

    def add(self, rows: int, created: int, changed: int) -> None:
        self.rows += rows
        self.created += created
        self.updated += changed
        self.unchanged += rows - created - changed


class RateColumn(ProgressColumn):
    """Rows per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "", style="progress.data.speed")


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[str, int], None]]:
    if not enabled or total == 0:
        yield lambda description, rows: None
        return
    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TimeElapsedColumn())
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("loading", total=total)

        def advance(description: str, rows: int) -> None:
            bar.update(task, advance=rows, description=description)

        yield advance


def _batch(tx: ManagedTransaction, query: str, rows: list[dict[str, Any]], detect: bool = True) -> tuple[int, int]:
    result = tx.run(query, rows=rows, detect=detect)
    changed = result.single(strict=True)[0]
    counters = result.consume().counters
    return changed, counters.nodes_created + counters.relationships_created


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def write(plan: Plan, driver: Driver, database: str | None, *, progress: bool = False,
          batch_size: int = BATCH_SIZE) -> tuple[dict[str, Counts], dict[str, Counts], float, float]:
    """Write the plan; returns counts per node kind and per relationship type, and node and tie seconds."""
    node_counts: dict[str, Counts] = {}
    rel_counts: dict[str, Counts] = {}
    total = plan.node_count + plan.rel_count
    with driver.session(database=database, notifications_min_severity=QUIET) as session, \
            _progress(progress, total) as advance:
        began = time.perf_counter()
        for kind, records in plan.nodes.items():
            query = fill("load_nodes", family=kind.family, kind=kind.name)
            counts = node_counts.setdefault(kind.name, Counts())
            for chunk in _chunks(records, batch_size):
                rows = [{"id": r.id, "props": r.props} for r in chunk]
                changed, created = session.execute_write(_batch, query, rows, kind.family not in plan.fresh)
                counts.add(len(rows), created, changed)
                advance(kind.name, len(rows))
        node_seconds = time.perf_counter() - began

        began = time.perf_counter()
        for (rel, family), pairs in plan.unlinks.items():
            query = fill("load_unlink_refs", source=family, type=rel.type)
            counts = rel_counts.setdefault(rel.type, Counts())
            for chunk in _chunks(pairs, batch_size):
                rows = [{"source": source, "target": target} for source, target in chunk]
                removed, _ = session.execute_write(_batch, query, rows)
                counts.removed += removed
        for (rel, source, target, by_ends), ties in plan.rels.items():
            query = fill("load_rels_by_ends" if by_ends else "load_rels", source=source, target=target, type=rel.type)
            counts = rel_counts.setdefault(rel.type, Counts())
            for chunk in _chunks(ties, batch_size):
                rows = [{"id": t.id, "source": t.source, "target": t.target, "props": t.props} for t in chunk]
                # Ties can only exist already if their source node did.
                changed, created = session.execute_write(_batch, query, rows, source not in plan.fresh)
                counts.add(len(rows), created, changed)
                advance(rel.type, len(rows))
        rel_seconds = time.perf_counter() - began
    return node_counts, rel_counts, node_seconds, rel_seconds
