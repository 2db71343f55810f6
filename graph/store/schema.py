"""Constraints and indexes, derived from the ontology.

`cypher/schema.cypher` is this module's rendering, kept in the repository so a
reader (or a DBA) sees the schema as Cypher; a test fails when the two drift.
Regenerate with `govgraph db schema --write`.
"""
from __future__ import annotations

from neo4j import Driver

from graph import ontology
from graph.store import queries

HEADER = """\
// schema: the constraints and indexes govgraph needs, derived from graph/ontology.py.
// Answers: nothing; applied idempotently by `govgraph db init` and before every load or serve.
// Parameters: none. Regenerate with `govgraph db schema --write`; a test checks it matches the ontology.
"""


def _indexes() -> list[tuple[str, str]]:
    """(name, statement) of every index that is not a constraint's: what the writer itself never seeks on."""
    indexes = []
    for family in ontology.FAMILIES:
        # Lists in name order walk this index and stop after a page (cypher/entity_list_by_name.cypher).
        name = f"{family.lower()}_name"
        indexes.append((name, f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{family}) ON (n.name);"))
    for kind in ontology.NODE_KINDS:
        if any(p.name == "kind" for p in kind.props):
            name = f"{kind.name.lower()}_kind"
            indexes.append((name, f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{kind.name}) ON (n.kind);"))
    labels = "|".join(ontology.FULLTEXT_FAMILIES)
    props = ", ".join(f"n.{p}" for p in ontology.FULLTEXT_PROPS)
    indexes.append((ontology.FULLTEXT_INDEX,
                    f"CREATE FULLTEXT INDEX {ontology.FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) "
                    f"ON EACH [{props}]\n  OPTIONS {{indexConfig: {{`fulltext.analyzer`: 'cjk'}}}};"))
    return indexes


def render() -> str:
    lines = [HEADER]
    for family in ontology.FAMILIES:
        lines.append(f"CREATE CONSTRAINT {family.lower()}_id IF NOT EXISTS "
                     f"FOR (n:{family}) REQUIRE n.id IS UNIQUE;")
    lines += [statement for _, statement in _indexes()]
    lines.append("CREATE CONSTRAINT graphmeta_id IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE;")
    return "\n".join(lines) + "\n"


def index_names() -> list[str]:
    """The names of the indexes that are not constraints', as schema.cypher creates them."""
    return [name for name, _ in _indexes()]


def drop_indexes(driver: Driver, database: str | None = None) -> None:
    """Drop every index that is not a constraint's (the unique ids stay); `apply` builds them again.

    For a large load into an empty database (loaders/load.py): Neo4j then builds each index once over the
    loaded nodes, instead of every commit updating it.
    """
    for name in index_names():
        driver.execute_query(queries.query("schema_drop_index"), name=name, database_=database)


def apply(driver: Driver, database: str | None = None) -> None:
    """Create what is missing (IF NOT EXISTS) and wait until indexes are online."""
    for statement in queries.statements("schema"):
        driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
