"""`load_paths`: read, check everything, then write — or write nothing and say why."""
from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import Driver
from neo4j.exceptions import DriverError, Neo4jError

from graph import ontology
from graph.ontology import NodeKind
from graph.store import schema
from graph.store.bulk import cyclic_gc_paused
from graph.store.neo4j_server import LocalServer
from graph.store.version import begin_load, bump_graph_version
from loaders import case_exports, popolo
from loaders.first_load import first_load
from loaders.limits import Deadline, Limits
from loaders.problems import LoadError, Problem
from loaders.readers import Table, discover, read_csv, read_xlsx
from loaders.records import NodeRecord, RelRecord, node_records, rel_records
from loaders.validate import Plan, check
from loaders.write import Counts, write

# From this many nodes, a load into an empty database builds the indexes that are not constraints' after
# writing rather than during it (see `_indexes_after`).
INDEXES_AFTER_NODES = 100_000


@dataclass
class LoadReport:
    """What a load read and did. Rates are rows written per second of writing."""

    files: list[str] = field(default_factory=list)
    nodes: dict[str, Counts] = field(default_factory=dict)  # per node kind
    rels: dict[str, Counts] = field(default_factory=dict)  # per relationship type
    notes: list[str] = field(default_factory=list)  # things skipped on purpose (Popolo fields not modelled …)
    dry_run: bool = False
    read_seconds: float = 0.0  # reading and checking cells
    check_seconds: float = 0.0  # cross checks, including the graph look-ups
    node_seconds: float = 0.0
    rel_seconds: float = 0.0
    seconds: float = 0.0  # all of it
    graph_version: int | None = None
    method: str = "transactional"  # or "import": neo4j-admin import of a first load (loaders/first_load)
    why: str = ""  # why that path
    steps: dict[str, float] = field(default_factory=dict)  # the import path's steps, in seconds

    @property
    def node_rows(self) -> int:
        return sum(c.rows for c in self.nodes.values())

    @property
    def rel_rows(self) -> int:
        return sum(c.rows for c in self.rels.values())

    @property
    def nodes_per_second(self) -> float:
        return self.node_rows / self.node_seconds if self.node_seconds else 0.0

    @property
    def rels_per_second(self) -> float:
        return self.rel_rows / self.rel_seconds if self.rel_seconds else 0.0

    @property
    def created(self) -> int:
        return sum(c.created for c in (*self.nodes.values(), *self.rels.values()))

    @property
    def updated(self) -> int:
        return sum(c.updated + c.removed for c in (*self.nodes.values(), *self.rels.values()))


def read_records(paths: Sequence[str | Path], problems: list[Problem], notes: list[str], *,
                 limits: Limits | None = None, encoding: str | None = None,
                 deadline: Deadline | None = None) -> tuple[list[str], list[NodeRecord], list[RelRecord]]:
    """Every record of the files (folders scanned); row-level problems appended.

    `encoding` is the one a user named for CSV files (`--encoding`); without it each file's is detected.
    """
    limits = limits or Limits.from_env()
    files = discover([Path(p) for p in paths], problems, notes)
    nodes: list[NodeRecord] = []
    rels: list[RelRecord] = []
    for path in files:
        if deadline is not None:
            deadline.check()
        suffix = path.suffix.lower()
        try:
            # a hotline or grid-platform export of cases
            exported = case_exports.read(path, problems, notes, limits, encoding)
            if exported is not None:
                nodes += exported
                continue
            if suffix == ".json":
                more_nodes, more_rels = popolo.read(path, problems, notes, limits)
                nodes += more_nodes
                rels += more_rels
                continue
            tables: list[Table] = []
            if suffix == ".csv":
                table = read_csv(path, problems, limits, encoding, deadline)
                tables = [table] if table is not None else []
            else:
                tables = read_xlsx(path, problems, limits, deadline)
        except OSError as error:  # unreadable, vanished, a folder named like a file …
            problems.append(Problem(str(path), None, None, f"cannot read the file ({error.strerror or error})"))
            continue
        for table in tables:
            if isinstance(table.spec, NodeKind):
                nodes += node_records(table, problems)
            else:
                rels += rel_records(table, problems)
    if not files and not problems:
        problems.append(Problem(", ".join(str(p) for p in paths) or "(no paths)", None, None,
                                "no .csv, .xlsx or .json files to load"))
    return [str(f) for f in files], nodes, rels


def _indexes_after(plan: Plan) -> bool:
    """Whether the writer drops the indexes that are not constraints' and `schema.apply` builds them after.

    Only for a load of at least INDEXES_AFTER_NODES nodes into a database with no node of any family, where
    nobody can be searching for what is not there yet. Every commit then skips updating the name, kind and
    CJK full-text indexes, and Neo4j builds each once over the loaded nodes. On the ×10 demo city (443,000
    nodes, 2-core shared machine, two alternated pairs) the server's CPU for the load went from 107 and 100 s
    to 89 and 79 s, the load from 71 and 69 s to 62 and 58 s, 5 s of it building the indexes. The unique-id
    constraints stay: the writer's MATCHes seek on them.
    """
    return plan.node_count >= INDEXES_AFTER_NODES and set(ontology.FAMILIES) <= plan.fresh


def load_paths(paths: Sequence[str | Path], driver: Driver, database: str | None = None, *,
               dry_run: bool = False, progress: bool = False, method: str = "auto",
               server: LocalServer | None = None, limits: Limits | None = None,
               encoding: str | None = None) -> LoadReport:
    """Load files and folders of CSV, Excel and Popolo JSON into the graph.

    Everything is checked first (cells, duplicate ids, every reference resolving in the files or the graph,
    no hierarchy made cyclic); on any problem LoadError lists them all and nothing is written. With dry_run
    nothing is written either way. Every input is bounded by `limits` (loaders/limits.py; by default the
    environment's); `encoding` names the encoding of CSV files instead of detecting it.
    A first load into govgraph's own empty local server (`server`, else the default one) goes through
    neo4j-admin import when it pays (`method` "auto"; "import" or "transactional" force one; loaders/first_load).
    """
    with cyclic_gc_paused():
        return _load_paths(paths, driver, database, dry_run=dry_run, progress=progress, method=method,
                           server=server, limits=limits or Limits.from_env(), encoding=encoding)


def _load_paths(paths: Sequence[str | Path], driver: Driver, database: str | None, *,
                dry_run: bool, progress: bool, method: str = "auto", server: LocalServer | None = None,
                limits: Limits, encoding: str | None) -> LoadReport:
    began = time.perf_counter()
    problems: list[Problem] = []
    report = LoadReport(dry_run=dry_run)
    deadline = Deadline(limits.seconds)
    try:
        report.files, nodes, rels = read_records(paths, problems, report.notes, limits=limits, encoding=encoding,
                                                 deadline=deadline)
        report.read_seconds = time.perf_counter() - began

        mark = time.perf_counter()
        case_exports.resolve(nodes, driver, database, problems)  # handlers and areas an export names by name
        case_exports.check_cases(nodes, problems)
        plan = check(nodes, rels, driver, database, problems, deadline)
        report.check_seconds = time.perf_counter() - mark
    except TimeoutError as error:
        where = ", ".join(str(p) for p in paths) or "(no paths)"
        raise LoadError([*problems, Problem(where, None, None, str(error))]) from None
    if problems:
        raise LoadError(problems)

    if dry_run:
        for kind, records in plan.nodes.items():
            report.nodes[kind.name] = Counts(rows=len(records))
        for (rel, _, _, _), ties in plan.rels.items():
            report.rels.setdefault(rel.type, Counts()).rows += len(ties)
    elif not first_load(plan, driver, database, report, method=method, server=server):
        schema.apply(driver, database)
        show = progress or sys.stdout.isatty()
        # The load is marked in progress before its first write: an answer kept for the graph before this load
        # is never served again, even if the load dies part-way (graph/store/version.py, begin_load).
        begin_load(driver, database)
        indexes_after = _indexes_after(plan)
        if indexes_after:
            schema.drop_indexes(driver, database)
        try:
            report.nodes, report.rels, report.node_seconds, report.rel_seconds = write(plan, driver, database,
                                                                                       progress=show)
        except BaseException:
            if indexes_after:  # put them back over what was written; the write's own error is the one to tell
                with contextlib.suppress(Neo4jError, DriverError, OSError):
                    schema.apply(driver, database)
            raise
        if indexes_after:
            mark = time.perf_counter()
            schema.apply(driver, database)  # each index built once over the loaded nodes, online on return
            report.steps["indexes"] = time.perf_counter() - mark
            report.notes.append(f"the name, kind and full-text indexes were built after writing, in "
                                f"{report.steps['indexes']:.1f} s: a load of {plan.node_count:,} nodes into an "
                                "empty database")
        report.graph_version = bump_graph_version(driver, database)  # and clears the in-progress mark
    report.seconds = time.perf_counter() - began
    return report
