"""Running neo4j-admin import on govgraph's own local server: stop, import, start, schema, graph version.

The import replaces the database's store whole (`--overwrite-destination`), so it runs only on a database
that was found empty twice: when the path was chosen and again just before the server stops. If the import
fails, the database's folders are removed and the server started on an empty database (Neo4j makes a
missing default database afresh), its constraints and indexes applied: empty as it was, never half
imported; the error names the file and line neo4j-admin names.
"""
from __future__ import annotations

import csv
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import Driver

from graph.errors import Unavailable
from graph.store import queries
from graph.store.neo4j_server import LocalServer, ServerError
from loaders.first_load.files import ADMIN_ARRAY_DELIMITER, ImportFiles

DEFAULT_DATABASE = "neo4j"
INDEX_WAIT_SECONDS = 3600  # index population over a province's nodes: minutes, not hours
OFF_HEAP = "50%"  # of the free memory, at most, for the importer's caches (a shared machine)
LOG_NAME = "import.log"  # under the server's logs folder, kept after the load for whoever wants to look


class ImportFailed(Unavailable):
    """neo4j-admin import refused the files or stopped; the database is empty and the server running."""


@dataclass
class Imported:
    """What the import did and how long each step took."""

    nodes: int = 0
    relationships: int = 0
    steps: dict[str, float] = field(default_factory=dict)  # stop, import, start, schema, version (seconds)
    version: int = 0
    log: Path | None = None


def graph_size(driver: Driver, database: str | None) -> dict[str, int]:
    records, _, _ = driver.execute_query(queries.query("first_load_graph_size"), database_=database)
    return dict(records[0])


def _summary(text: str) -> tuple[int, int] | None:
    """(nodes, relationships) from neo4j-admin's `IMPORT DONE … Imported: N nodes, M relationships`."""
    done = text.rfind("IMPORT DONE")
    if done < 0:
        return None
    nodes = re.search(r"(\d[\d,]*) nodes", text[done:])
    rels = re.search(r"(\d[\d,]*) relationships", text[done:])
    if not nodes or not rels:
        return None
    return int(nodes.group(1).replace(",", "")), int(rels.group(1).replace(",", ""))


DETAILS = ("in field:", "raw field value:", "original error:")
SOURCE = re.compile(r"source:(?P<path>[^,\]]+)(?:, position:\d+)?, line:(?P<line>\d+)")
DUPLICATE = re.compile(r"Id '(?P<id>.*)' is defined more than once in group '(?P<group>\w+)'")
CAUSE = re.compile(r"^Caused by: (?:[\w$.]+(?:Exception|Error): )+(?P<message>.+)$")


def _duplicates(files: ImportFiles, node_id: str, group: str) -> list[str]:
    """Where an id neo4j-admin found twice in a family's id space is, in the files written (it does not say)."""
    found = []
    for path in sorted(files.folder.glob("n*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle)
            if next(rows, [""])[0] != f"id:ID({group})":
                continue
            found += [f"{path.name} line {number}" for number, row in enumerate(rows, start=2)
                      if row and row[0] == node_id]
    return found


def _located(text: str, files: ImportFiles) -> str:
    """What went wrong, from neo4j-admin's output (run with --verbose): its deepest cause, and where — the
    file and line it names, or for an id given twice (where it names none) the lines found in the files."""
    lines = [line.strip() for line in text.splitlines()]
    causes = [match["message"] for line in lines if (match := CAUSE.match(line))]
    said = [causes[-1]] if causes else [line for line in lines if line and not line.startswith(("at ", "..."))
                                        and not set(line) <= set(". -∆0123456789")][-6:]
    for line in lines:
        if (match := SOURCE.search(line)):
            said.append(f"in {Path(match['path']).name}, line {int(match['line']) + 1}")  # it counts from 0
            break
    said += list(dict.fromkeys(line for line in lines if line.startswith(DETAILS)))
    if causes and (match := DUPLICATE.search(causes[-1])):
        places = _duplicates(files, match["id"], match["group"])
        if places:
            said.append("found at " + "; ".join(places[:5]))
    return "\n".join(said)


def _args(files: ImportFiles, database: str, report: Path) -> list[str]:
    args = ["database", "import", "full", database, "--overwrite-destination=true",
            f"--array-delimiter={ADMIN_ARRAY_DELIMITER}", "--bad-tolerance=0", "--strict=true",
            f"--report-file={report}", f"--max-off-heap-memory={OFF_HEAP}", "--verbose"]
    if files.multiline:
        args.append("--multiline-fields=true")
    return args + files.args


def _forget_bookmarks(driver: Driver, database: str | None) -> None:
    """The driver's bookmarks name transactions of the store the import replaced, which the new one never had:
    a query sent with them would wait for those transactions and fail. They are replaced by one of the new
    store's (BookmarkManager.update_bookmarks ignores an empty replacement)."""
    manager = driver.execute_query_bookmark_manager
    with driver.session(database=database) as session:  # a session of its own: no bookmark manager
        session.run(queries.query("ping")).consume()
        fresh = session.last_bookmarks().raw_values
    manager.update_bookmarks(list(manager.get_bookmarks()), list(fresh))


def _empty_start(server: LocalServer, driver: Driver, database: str | None) -> None:
    """The database's folders removed and the server started: an empty database, as before the import."""
    for folder in server.database_dirs(database or DEFAULT_DATABASE):
        shutil.rmtree(folder, ignore_errors=True)
    server.start(timeout=300)
    _forget_bookmarks(driver, database)


def _schema(driver: Driver, database: str | None) -> None:
    for statement in queries.statements("schema"):
        driver.execute_query(statement, database_=database)
    driver.execute_query(queries.query("first_load_await_indexes"), seconds=INDEX_WAIT_SECONDS, database_=database)


def run(server: LocalServer, driver: Driver, database: str | None, files: ImportFiles,
        previous_version: int) -> Imported:
    """Stop the server, import the files into its (empty) database, start it, apply the schema, bump the version.

    The caller has checked that the database is empty and the server is the driver's; the files are removed
    whatever happens."""
    name = database or DEFAULT_DATABASE
    done = Imported(log=server.root / "logs" / LOG_NAME)
    report = server.root / "logs" / "import.report"
    uri = server.connection().uri
    imported = False
    try:
        mark = time.perf_counter()
        server.stop()
        done.steps["stop"] = time.perf_counter() - mark

        mark = time.perf_counter()
        code = server.admin(_args(files, name, report), done.log)
        done.steps["import"] = time.perf_counter() - mark
        output = done.log.read_text(encoding="utf-8", errors="replace")
        counted = _summary(output) if code == 0 else None
        imported = counted == (files.node_count, files.rel_count)
        if not imported:
            why = (_located(output, files) if counted is None else
                   f"it imported {counted[0]:,} nodes and {counted[1]:,} relationships of the "
                   f"{files.node_count:,} and {files.rel_count:,} written")
            raise ImportFailed(f"neo4j-admin import failed (exit status {code}); the database is left empty and "
                               f"the server running again. Its full output: {done.log}\n{why}")
    finally:
        shutil.rmtree(files.folder, ignore_errors=True)
        if not imported:  # whatever failed (an interrupt too): an empty database, the server up, the schema on
            try:
                _empty_start(server, driver, database)
                _schema(driver, database)
            except ServerError as error:
                raise ImportFailed(f"the import did not finish and the local Neo4j did not start again: "
                                   f"{error.message}") from None

    mark = time.perf_counter()
    conn = server.start(timeout=300)
    if conn.uri != uri:
        raise ImportFailed(f"the local Neo4j came back on {conn.uri}, not {uri} (the port was taken meanwhile); "
                           "the data is imported: connect again and run `govgraph db init`")
    _forget_bookmarks(driver, database)
    driver.verify_connectivity()
    done.steps["start"] = time.perf_counter() - mark

    mark = time.perf_counter()
    _schema(driver, database)
    done.steps["schema"] = time.perf_counter() - mark

    mark = time.perf_counter()
    records, _, _ = driver.execute_query(queries.query("first_load_version"), previous=previous_version,
                                         database_=database)
    done.version = records[0]["version"]
    done.steps["version"] = time.perf_counter() - mark
    done.nodes, done.relationships = files.node_count, files.rel_count
    return done
