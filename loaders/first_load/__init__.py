"""A first load through `neo4j-admin database import`: checked as always, then imported, not transacted.

`loaders/load.py` asks `first_load` once the files are read and checked and before anything is written.
The import path runs when all of this holds, else the ordinary transactional writer does (`method`
"auto"); with "import" each must hold or the load stops with the reason, with "transactional" it is
never tried:

- the target is govgraph's own local server (not NEO4J_URI's), the very one the driver talks to (its data
  folder, which the server itself reports, is the LocalServer's);
- its database is empty (no node but the GraphMeta bookkeeping, no relationship);
- the load is large enough to pay (auto only): at least THRESHOLD_ROWS nodes and ties. The import's fixed
  cost — stopping the server, neo4j-admin's start and its four stages, starting the server again, building
  the indexes — was ~45 s on the 2-core bench machine (shared, load average ~10), against ~6,000 rows/s
  for the transactional writer on a first load and ~21,000 rows/s for the import beyond its fixed cost
  (reading and checking included): the two cross near 400,000 rows (×1 of the demo city, 167,717 rows:
  import 56.5 s, transactional 28.7 s; ×10, 1.2 M rows: 105.7 s and 199.3 s; bench/first_load.py). In the
  published bench run (bench/published/report.md, "First load into an empty database"; machine not shared)
  the fixed cost was ~20 s and the two met at ×1 (import 22.9 s, transactional 23.8 s), with the import
  1.55× and 1.48× the transactional writer's speed at ×10 and ×50: the threshold stays where it pays on a
  loaded machine too;
- every value fits an import file exactly as the writer would store it (loaders/first_load/files.py).

The summary (LoadReport.method, .why, .steps) says which path ran and why.
"""
from __future__ import annotations

import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from neo4j import Driver
from neo4j.exceptions import ClientError

from graph.errors import BadInput
from graph.store import queries
from graph.store.neo4j_server import LocalServer
from graph.store.settings import external_connection
from loaders.first_load.files import ImportFiles, Unrepresentable, write_files
from loaders.first_load.importer import Imported, ImportFailed, graph_size, run
from loaders.validate import Plan
from loaders.write import Counts

if TYPE_CHECKING:
    from loaders.load import LoadReport

METHODS = ("auto", "import", "transactional")
THRESHOLD_ROWS = 400_000  # where the import starts to pay: see above

__all__ = ["METHODS", "THRESHOLD_ROWS", "Choice", "ImportFailed", "ImportFiles", "choose", "first_load"]


@dataclass
class Choice:
    method: str  # "import" or "transactional"
    why: str
    server: LocalServer | None = None
    previous_version: int = 0


def _data_dir(driver: Driver, database: str | None) -> Path | None:
    try:
        records, _, _ = driver.execute_query(queries.query("first_load_data_dir"),
                                             names=["server.directories.data"], database_=database)
    except ClientError:
        return None
    values = [record["value"] for record in records]
    return Path(values[0]).resolve() if values else None


def choose(method: str, plan: Plan, driver: Driver, database: str | None,
           server: LocalServer | None = None) -> Choice:
    """Which path a load of this plan takes, and why; with method "import", BadInput when it cannot."""
    if method not in METHODS:
        raise BadInput(f"unknown load method {method!r}; expected one of {', '.join(METHODS)}", argument="method")
    if method == "transactional":
        return Choice("transactional", "asked for (--method transactional)")
    forced = method == "import"

    def no(why: str) -> Choice:
        if forced:
            raise BadInput(f"--method import: {why}", argument="method")
        return Choice("transactional", why)

    rows = plan.node_count + plan.rel_count
    if not plan.nodes:
        return no("no nodes to load (ties alone need nodes already in the graph)")
    if not forced and rows < THRESHOLD_ROWS:
        return no(f"{rows:,} rows: below {THRESHOLD_ROWS:,}, where neo4j-admin import's fixed cost does not pay")
    if server is None:
        if external_connection() is not None:
            return no("NEO4J_URI names the server, which govgraph does not manage")
        server = LocalServer.default()
    if server.pid() is None:
        return no(f"govgraph's local Neo4j ({server.root}) is not running")
    reported = _data_dir(driver, database)
    if reported is None or reported != (server.root / "data").resolve():
        return no(f"the driver's server is not govgraph's local Neo4j at {server.root}")
    size = graph_size(driver, database)
    if size["nodes"] or size["relationships"]:
        return no(f"the database holds {size['nodes']:,} nodes and {size['relationships']:,} relationships; "
                  "neo4j-admin import only fills an empty one")
    why = "asked for (--method import)" if forced else (
        f"a first load of {rows:,} rows into govgraph's empty local database")
    return Choice("import", why, server, size["version"])


def _staging(server: LocalServer) -> Path:
    folder = server.root / f"import-staging-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    return folder


def first_load(plan: Plan, driver: Driver, database: str | None, report: LoadReport, *,
               method: str = "auto", server: LocalServer | None = None) -> bool:
    """Load the plan by neo4j-admin import if that is the path to take; True if it did (report filled in),
    False if the transactional writer must write it (report.method and .why say so)."""
    choice = choose(method, plan, driver, database, server)
    report.method, report.why = choice.method, choice.why
    if choice.method != "import" or choice.server is None:
        return False
    server = choice.server
    began = time.perf_counter()
    folder = _staging(server)
    try:
        files = write_files(plan, folder)
    except BaseException as error:
        shutil.rmtree(folder, ignore_errors=True)
        if not isinstance(error, Unrepresentable):
            raise
        if method == "import":
            raise BadInput(f"--method import: an import file cannot hold {error}", argument="method") from None
        report.method, report.why = "transactional", f"an import file cannot hold {error}"
        return False
    size = graph_size(driver, database)  # again, just before stopping: nothing may have arrived meanwhile
    if size["nodes"] or size["relationships"]:
        shutil.rmtree(folder, ignore_errors=True)
        if method == "import":
            raise BadInput("--method import: the database received data while the import files were written")
        report.method, report.why = "transactional", "the database received data while the import files were written"
        return False
    done: Imported = run(server, driver, database, files, choice.previous_version)
    report.steps = {"files": files.seconds, **done.steps}
    report.node_seconds = time.perf_counter() - began  # nodes and ties arrive together: all of it is node time
    report.rel_seconds = 0.0
    report.graph_version = done.version
    for kind, rows in files.nodes.items():
        report.nodes[kind] = Counts(rows=rows, created=rows)
    for rel_type, rows in files.rels.items():
        report.rels[rel_type] = Counts(rows=rows, created=rows)
    _counts_of_plan(plan, report)
    return True


def _counts_of_plan(plan: Plan, report: LoadReport) -> None:
    """Rows the plan had but the files did not carry (derived ties that already exist) count as unchanged."""
    planned: dict[str, int] = {}
    for (rel, _, _, _), ties in plan.rels.items():
        planned[rel.type] = planned.get(rel.type, 0) + len(ties)
    for rel_type, rows in planned.items():
        counts = report.rels.setdefault(rel_type, Counts())
        counts.unchanged += rows - counts.rows
        counts.rows = rows

