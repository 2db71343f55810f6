"""Counts of what the graph holds: nodes per label, relationships per type, nodes per `kind` value."""
from __future__ import annotations

from dataclasses import dataclass

from neo4j import READ_ACCESS, Driver

from graph import ontology
from graph.store import queries
from graph.store.db import QUIET


@dataclass
class Stats:
    labels: dict[str, int]  # label → nodes
    types: dict[str, int]  # relationship type → relationships
    kinds: dict[tuple[str, str], int]  # (kind label, `kind` value) → nodes

    @property
    def nodes(self) -> int:
        return sum(n for label, n in self.labels.items() if label in ontology.FAMILIES)

    @property
    def relationships(self) -> int:
        return sum(self.types.values())


def counts(driver: Driver, database: str | None = None) -> Stats:
    with driver.session(database=database, default_access_mode=READ_ACCESS,
                        notifications_min_severity=QUIET) as session:
        labels = {r["label"]: r["nodes"] for r in session.run(queries.query("stats_node_counts"))}
        types = {r["type"]: r["relationships"] for r in session.run(queries.query("stats_rel_counts"))}
        kinds = {(r["label"], r["kind"]): r["nodes"]
                 for r in session.run(queries.query("stats_kind_counts"), families=list(ontology.FAMILIES))}
    return Stats(labels, types, kinds)


def checksum(driver: Driver, database: str | None = None) -> str:
    """A digest of every node (labels, properties) and relationship (type, ends, properties).

    Two graphs with the same checksum hold the same data: no duplicate, nothing lost, nothing changed.
    Properties written back by analysis are included, so compare graphs of the same history.
    """
    import hashlib

    from loaders.values import to_python

    def line(*parts: object) -> str:
        return repr(parts)

    with driver.session(database=database, default_access_mode=READ_ACCESS,
                        notifications_min_severity=QUIET) as session:
        nodes = sorted(line(sorted(r["labels"]), sorted((k, repr(to_python(v))) for k, v in r["props"].items()))
                       for r in session.run(queries.query("stats_node_snapshot"), families=list(ontology.FAMILIES)))
        rels = sorted(line(r["type"], r["source"], r["target"],
                           sorted((k, repr(to_python(v))) for k, v in r["props"].items()))
                      for r in session.run(queries.query("stats_rel_snapshot")))
    digest = hashlib.sha256()
    for text in nodes + rels:
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()
