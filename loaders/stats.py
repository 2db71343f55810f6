"""Counts of what the graph holds: nodes per label, relationships per type, nodes per `kind` value."""
from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver, READ_ACCESS

import cypher
from graph import ontology
from loaders.queries import QUIET


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
        labels = {r["label"]: r["nodes"] for r in session.run(cypher.query("stats_node_counts"))}
        types = {r["type"]: r["relationships"] for r in session.run(cypher.query("stats_rel_counts"))}
        kinds = {(r["label"], r["kind"]): r["nodes"]
                 for r in session.run(cypher.query("stats_kind_counts"), families=list(ontology.FAMILIES))}
    return Stats(labels, types, kinds)
