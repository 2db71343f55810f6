"""Writing a checked plan: batched UNWIND writes, nodes first, then ties, two transactions at a time.

Where nothing can exist yet — a family with no node before this load, a
relationship type the graph holds none of — rows are CREATEd
(cypher/load_*_create.cypher): no look-up, no comparison, no scan of a dense
node's ties. Elsewhere each batch is first compared with the graph in a read
transaction (load_*_diff), and only the rows that are new or differ are
MERGEd on their stable ids (load_nodes, load_rels): nodes on their family
label and id (the family carries the unique constraint, so each MERGE is an
index seek), ties on their id between both ends MATCHed by family and id. So
a rerun of unchanged files takes no write lock and rewrites nothing, and a
load that died half-way converges when rerun: the rerun finds the family or
type no longer empty and merges.

Every batch is its own transaction, retried by the driver on transient
errors (a retried batch was rolled back whole, so nothing is written twice).
Batches run on `WRITERS` threads, each with its own session: the server
works on one batch while the next is packed and sent, and on a two-core
machine both cores write. Two batches of ties MERGEd on the graph's ties run
at once only when their end families are disjoint: ties sharing an end node
lock it, and two transactions taking such locks in different orders
deadlock. Batches of ties CREATEd (a type or family new to the graph) run two
at once whatever their ends: a tie's end nodes are locked only while the
batch creates, a batch is sorted by target so two batches share few nodes,
and a rare deadlock is a transient error the driver retries (the victim
rolled back whole). Keeping them apart left one core idle through the
largest group (SERVES_IN, Person → Organization: a third of a city's ties
in one queue): ×10 city, the same 2-core machine, ties written in 21 s
instead of 30 s. Phases keep
their order — nodes, then old single-valued ties removed, then ties, then
the ties merged on their ends only (derived SEATS_ON), which must see every
other tie of their type.

Labels and types reach Cypher only from graph/ontology.py: spliced into a
template by `fill`, or — where one query serves several kinds or types, so
that the server plans it once (planning ~70 distinct queries cost a fresh
server 6-11 s of CPU) — passed as a parameter after checking it there.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from typing import Any

from neo4j import Driver, ManagedTransaction
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from graph import ontology
from graph.ontology import NodeKind, RelKind
from graph.store.db import QUIET
from graph.store.queries import fill
from loaders.records import NodeRecord, RelRecord
from loaders.validate import Plan

BATCH_SIZE = 10_000
WRITERS = 2  # concurrent write transactions: one per core of a small machine


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


@dataclass
class _Batch:
    """One transaction's worth of rows; its rows are built by the thread that sends them."""

    name: str  # node kind or relationship type, for counts and the progress bar
    query: str
    records: Sequence[Any]
    rows: Callable[[Sequence[Any]], list[dict[str, Any]]]  # the query's $rows from the records
    counts: Counts
    locks: frozenset[str] = frozenset()  # families whose nodes it may lock; batches sharing one never overlap
    answers: bool = True  # the query RETURNs how many rows changed (or ties it removed); CREATE returns nothing
    removes: bool = False  # removing old ties: the answer is how many were removed
    params: dict[str, Any] = field(default_factory=dict)  # labels or type, for the CREATE queries
    # A read query answering which rows differ from the graph; only those are then written (MERGE queries).
    diff: str | None = None
    row_id: Callable[[dict[str, Any]], str] | None = None  # a row's id, to keep the rows `diff` answered


def _run(tx: ManagedTransaction, batch: _Batch, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """(changed or removed, created) for one batch."""
    result = tx.run(batch.query, batch.params, rows=rows)
    answer = result.single(strict=True)[0] if batch.answers else 0
    counters = result.consume().counters
    return answer, counters.nodes_created + counters.relationships_created


def _differing(tx: ManagedTransaction, batch: _Batch, rows: list[dict[str, Any]]) -> set[str]:
    return set(tx.run(batch.diff, batch.params, rows=rows).single(strict=True)["ids"])


def _send(driver: Driver, database: str | None, batch: _Batch) -> tuple[int, int]:
    rows = batch.rows(batch.records)
    with driver.session(database=database, notifications_min_severity=QUIET) as session:
        if batch.diff is not None and batch.row_id is not None:
            # Read first, write only what differs: unchanged rows take no lock and are not rewritten.
            differing = session.execute_read(_differing, batch, rows)
            rows = _Rows(row for row in rows if batch.row_id(row) in differing)
            if not rows:
                return 0, 0
        return session.execute_write(_run, batch, rows)


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _next_ready(waiting: Sequence[_Batch], running: Iterable[_Batch]) -> _Batch | None:
    """The first waiting batch whose locks no running batch holds."""
    held = frozenset[str]().union(*(batch.locks for batch in running))
    return next((batch for batch in waiting if not batch.locks & held), None)


def _phase(pool: ThreadPoolExecutor, writers: int, driver: Driver, database: str | None, batches: list[_Batch],
           advance: Callable[[str, int], None]) -> None:
    """Run the batches, up to `writers` at once and never two whose locks overlap; wait for all of them.

    Batches start in order, except that one which would wait for a running batch's locks lets a later,
    independent one go first. The first failure stops new batches, lets running ones end, and is raised.
    """
    waiting = list(batches)
    running: dict[Future[tuple[int, int]], _Batch] = {}
    failure: BaseException | None = None
    while waiting or running:
        while failure is None and len(running) < writers:
            ready = _next_ready(waiting, running.values())
            if ready is None:
                break
            waiting.remove(ready)
            running[pool.submit(_send, driver, database, ready)] = ready
        if not running:
            break
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            batch = running.pop(future)
            if future.exception() is not None:
                failure = failure or future.exception()
                continue
            answer, created = future.result()
            if batch.removes:
                batch.counts.removed += answer
            else:
                batch.counts.add(len(batch.records), created, answer)
                advance(batch.name, len(batch.records))
    if failure is not None:
        raise failure


@cache
def _datetimes(kind: NodeKind) -> tuple[str, ...]:
    return tuple(p.name for p in kind.all_props if p.type == "datetime")


class _Rows(list):
    """A batch's $rows: a list (the driver packs it as one) whose repr is short.

    The driver's Bolt RUN builds its debug line, `" ".join(map(repr, fields))`, before the logger is asked
    whether debug is on (neo4j 6.4, `_bolt5.py` `run`): the repr of every row of every batch, each time,
    holding the GIL. On the ×10 city that was 5 s of the loader's CPU (py-spy: `Bolt5x5.run`, the line of
    `log.debug`), taken from the threads packing the next batch.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _node_rows(records: Sequence[NodeRecord]) -> list[dict[str, Any]]:
    """{props, times} per node: datetimes with a fixed offset go as ISO text (the driver packs a datetime in
    ~40 µs of Python; the server parses the text in a few), any other value as it is."""
    rows = _Rows()
    kind, datetimes = None, ()
    for record in records:
        props = dict(record.props)
        props["id"] = record.id
        times = {}
        if record.kind is not kind:  # a kind's hash hashes all its properties: asked once per kind, not per row
            kind = record.kind
            datetimes = _datetimes(kind)
        for name in datetimes:
            value = props.get(name)
            if value is not None and value.tzinfo.__class__ is dt.timezone:
                times[name] = value.isoformat()
                del props[name]
        rows.append({"props": props, "times": times})
    return rows


def _node_row_id(row: dict[str, Any]) -> str:
    return row["props"]["id"]


def _tie_row_id(row: dict[str, Any]) -> str:
    return row["id"]


def _tie_rows(ties: Sequence[RelRecord]) -> list[dict[str, Any]]:
    return _Rows({"id": t.id, "source": t.source, "target": t.target, "props": t.props} for t in ties)


def _new_tie_rows(ties: Sequence[RelRecord]) -> list[dict[str, Any]]:
    """Ties sorted by target as rows of {target, ties: [{source, props with the id}]}: each target looked up once."""
    rows: list[dict[str, Any]] = _Rows()
    last = None
    for tie in ties:
        if tie.target != last:
            last = tie.target
            group: list[dict[str, Any]] = []
            rows.append({"target": last, "ties": group})
        props = dict(tie.props)
        props["id"] = tie.id
        group.append({"source": tie.source, "props": props})
    return rows


def _unlink_rows(pairs: Sequence[tuple[str, str | None]]) -> list[dict[str, Any]]:
    return _Rows({"source": source, "target": target} for source, target in pairs)


def _labels(kind: NodeKind) -> list[str]:
    """A kind's labels for the query that takes them as a parameter: only ever the ontology's own."""
    if not all(ontology.is_label(label) for label in kind.labels):
        raise ValueError(f"{kind.labels} are not labels of the ontology")
    return list(kind.labels)


def _kind(kind: NodeKind) -> str:
    if not ontology.is_label(kind.name):
        raise ValueError(f"{kind.name!r} is not a label of the ontology")
    return kind.name


def _type(rel: RelKind) -> str:
    if not ontology.is_rel_type(rel.type):
        raise ValueError(f"{rel.type!r} is not a relationship type of the ontology")
    return rel.type


def _families(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(kind.family for kind in ontology.kinds_matching(names))


def _node_batches(plan: Plan, counts: dict[str, Counts], size: int) -> list[_Batch]:
    batches: list[_Batch] = []
    for kind, records in plan.nodes.items():
        counted = counts.setdefault(kind.name, Counts())
        # Nodes never wait for each other (no locks): each batch creates or merges its own ids.
        if kind.family in plan.fresh:  # one query for every kind, planned once
            query, labels = fill("load_nodes_create"), {"labels": _labels(kind)}
            batches += [_Batch(kind.name, query, chunk, _node_rows, counted, answers=False, params=labels)
                        for chunk in _chunks(records, size)]
        else:
            # one query per family, planned once for all its kinds
            query, diff = fill("load_nodes", FAMILY=kind.family), fill("load_nodes_diff", FAMILY=kind.family)
            batches += [_Batch(kind.name, query, chunk, _node_rows, counted, params={"kind": _kind(kind)}, diff=diff,
                               row_id=_node_row_id) for chunk in _chunks(records, size)]
    return batches


def _tie_batches(plan: Plan, counts: dict[str, Counts], size: int) -> tuple[list[_Batch], ...]:
    unlinks: list[_Batch] = []
    for (rel, family), pairs in plan.unlinks.items():
        query = fill("load_unlink_refs", SOURCE=family, TYPE=rel.type)
        locks = frozenset({family}) | _families(rel.targets)
        unlinks += [_Batch(rel.type, query, chunk, _unlink_rows, counts.setdefault(rel.type, Counts()), locks,
                           removes=True) for chunk in _chunks(pairs, size)]
    ties: list[_Batch] = []
    on_ends: list[_Batch] = []
    # The biggest groups first, so that smaller ones with other end families fill the second writer.
    for (rel, source, target, by_ends), group in sorted(plan.rels.items(), key=lambda item: -len(item[1])):
        counted = counts.setdefault(rel.type, Counts())
        # Sorted by target, then source: ties to one target (a community, a committee) come together.
        group = sorted(group, key=attrgetter("target", "source"))
        locks = frozenset({source, target})
        if by_ends:
            query = fill("load_rels_by_ends", SOURCE=source, TARGET=target, TYPE=rel.type)
            on_ends += [_Batch(rel.type, query, chunk, _tie_rows, counted, locks) for chunk in _chunks(group, size)]
        # A type empty before this load gets only this load's ties, whose ids are distinct (duplicates were
        # refused by the checks), so each can be created without looking for another.
        elif rel.type in plan.empty_types or source in plan.fresh:  # no tie of this type can exist yet
            query = fill("load_rels_create", SOURCE=source, TARGET=target)  # one query per pair of families
            # No locks held for the scheduler (see the module's docstring): two CREATE batches may overlap.
            ties += [_Batch(rel.type, query, chunk, _new_tie_rows, counted, frozenset(), answers=False,
                            params={"type": _type(rel)}) for chunk in _chunks(group, size)]
        else:
            query = fill("load_rels", SOURCE=source, TARGET=target, TYPE=rel.type)
            diff = fill("load_rels_diff", SOURCE=source, TARGET=target, TYPE=rel.type)
            ties += [_Batch(rel.type, query, chunk, _tie_rows, counted, locks, diff=diff, row_id=_tie_row_id)
                     for chunk in _chunks(group, size)]
    return unlinks, ties, on_ends


def write(plan: Plan, driver: Driver, database: str | None, *, progress: bool = False,
          batch_size: int = BATCH_SIZE, writers: int = WRITERS
          ) -> tuple[dict[str, Counts], dict[str, Counts], float, float]:
    """Write the plan; returns counts per node kind and per relationship type, and node and tie seconds."""
    node_counts: dict[str, Counts] = {}
    rel_counts: dict[str, Counts] = {}
    nodes = _node_batches(plan, node_counts, batch_size)
    tie_phases = _tie_batches(plan, rel_counts, batch_size)

    writers = max(1, writers)
    with _progress(progress, plan.node_count + plan.rel_count) as advance, ThreadPoolExecutor(writers) as pool:
        began = time.perf_counter()
        _phase(pool, writers, driver, database, nodes, advance)
        node_seconds = time.perf_counter() - began
        began = time.perf_counter()
        for batches in tie_phases:
            _phase(pool, writers, driver, database, batches, advance)
        rel_seconds = time.perf_counter() - began
    return node_counts, rel_counts, node_seconds, rel_seconds
