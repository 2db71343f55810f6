"""The graph version: the one number every load advances, and what every cache of answers is keyed on.

Neo4j holds it on the `GraphMeta {id: 'govgraph'}` node (cypher/graph_version.cypher reads it,
cypher/graph_version_bump.cypher advances it). A cache keys its answers on `Version` — the time of the
last load and the version number, because wiping a database starts the number again — so a load makes
every kept answer unreachable at once, and a repeated question costs one small read of the version.

Reading never writes: on a graph no load has touched yet the version is 0 (stamp ''). Readers that run
their queries their own way (the API's request-bound reader, the analysis steps) run `READ` and turn its
rows into a Version with `from_rows`.

    version = read(driver)              # Version(stamp='2026-…', number=3)
    begin_load(driver)                  # what loaders/load.py calls before its first write
    bump_graph_version(driver)          # 4: what loaders/load.py calls after writing
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from neo4j import Driver, RoutingControl

from graph.store import queries

READ = "graph_version"  # the named query reading the version
BUMP = "graph_version_bump"  # the named query advancing it
BEGIN = "graph_version_begin_load"  # the named query marking a load in progress


class Version(NamedTuple):
    """What answers are kept against: ordered by when the graph last changed, then by its version number."""

    stamp: str  # GraphMeta.updated_at, set by every load ('' before the first)
    number: int  # GraphMeta.version, advanced by every load (0 before the first)


def from_rows(rows: Sequence[Mapping[str, Any]]) -> Version:
    """The Version in the rows of the `READ` query."""
    return Version(rows[0]["stamp"], rows[0]["version"])


def read(driver: Driver, database: str | None = None) -> Version:
    records, _, _ = driver.execute_query(queries.query(READ), database_=database, routing_=RoutingControl.READ)
    return from_rows(records)


def graph_version(driver: Driver, database: str | None = None) -> int:
    """The version number alone (0 before the first load)."""
    return read(driver, database).number


def bump_graph_version(driver: Driver, database: str | None = None) -> int:
    """Advance the version (every load, once it has written) and return the new number."""
    records, _, _ = driver.execute_query(queries.query(BUMP), database_=database)
    return records[0]["version"]


def begin_load(driver: Driver, database: str | None = None) -> int:
    """Mark a load in progress, before its first write; `bump_graph_version` clears the mark.

    While it is set the version's stamp is new at every read, so an answer kept from before the load is never
    found again once any of its writes has happened — even if the load dies part-way and never bumps."""
    records, _, _ = driver.execute_query(queries.query(BEGIN), database_=database)
    return records[0]["version"]
