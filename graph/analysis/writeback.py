"""Writing measures back into Neo4j as node properties.

`govgraph analyze` computes the measures of the whole city's organisation
network once and stores them on the Organization nodes (graph.ontology
.MEASURE_PROPS), so Cypher and GraphQL can filter and sort by them and API
replicas need not each recompute. Batched `UNWIND … SET` writes
(cypher/writeback_measures.cypher), all in one transaction.

Writing measures does not advance the graph version: the network itself is
unchanged, and the nodes record the version they describe
(`analysis_version`), so a reader can tell stale measures from current ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.analysis.analyst import Analyst, Answer, Profile
from graph.analysis.projections import ORG, Scope
from graph.ontology import MEASURE_PROPS
from graph.store import queries

BATCH = 5000


@dataclass(frozen=True)
class WriteBack:
    organizations: int
    graph_version: int
    methods: dict[str, str]
    modularity: float
    seconds: float
    cached: bool
    profile: Answer[Profile]  # the measures, and the projection they describe


def measure_rows(profile: Profile, cut_compounds: dict[str, int]) -> list[dict[str, Any]]:
    """One row per organisation: every measure prop (None clears a stale value)."""
    names = [p.name for p in MEASURE_PROPS if p.name != "analysis_version"]
    rows = []
    for (family, node_id), values in sorted(profile.values.items()):
        if family != ORG:
            continue
        props = {name: values.get(name) for name in names}
        props["cut_compounds"] = cut_compounds.get(node_id, 0)
        rows.append({"id": node_id, "props": props})
    return rows


def analyze_city(driver: Driver, database: str | None = None, as_of: date | None = None,
                 k: int | None = None, write: bool = True) -> WriteBack:
    """Measures of the whole city's organisation network (and single points of failure), written back."""
    analyst = Analyst(driver, database)
    options = {"k": k} if k is not None else {}
    profile = analyst.ask("profile", "organizations", None, as_of, **options)
    points = analyst.ask("single_points", "governance", None, as_of)
    cut = {node[1]: len(p.compounds_cut_off) for p in points.value.points for node in [p.node] if node[0] == ORG}
    rows = measure_rows(profile.value, cut)
    if write:
        methods = [f"{metric}: {method}" for metric, method in sorted(profile.value.methods.items())]
        meta = {"version": profile.graph_version, "methods": methods, "modularity": profile.value.modularity,
                "asOf": Scope.of(None, as_of).as_of}

        def store(tx: ManagedTransaction) -> None:  # one transaction: readers see all new measures or none
            for start in range(0, len(rows), BATCH):
                tx.run(queries.query("writeback_measures"),
                       {"rows": rows[start:start + BATCH], "version": profile.graph_version}).consume()
            tx.run(queries.query("writeback_meta"), meta).consume()

        with driver.session(database=database) as session:
            session.execute_write(store)
    return WriteBack(len(rows), profile.graph_version, profile.value.methods, profile.value.modularity,
                     profile.seconds + points.seconds, profile.cached and points.cached, profile)
