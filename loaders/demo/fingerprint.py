"""A checksum of what a graph holds, to tell whether two loads gave the same graph.

Covers every node (its kind, id and ontology properties) and every relationship
(its type, both ends' ids and its ontology properties, `id` included). Anything
outside the ontology, such as a loader's bookkeeping timestamps, is left out,
so two loads of the same files at different times have the same fingerprint;
a duplicate or a missing node or tie, or one changed value, changes it.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass

from neo4j import Driver

from graph import ontology
from graph.store import queries


@dataclass(frozen=True)
class Fingerprint:
    counts: dict[str, int]  # `label:<Kind>` and `type:<TYPE>`
    nodes: str  # sha256 over the sorted canonical node lines
    relationships: str
    duplicate_ids: int  # nodes sharing a family and id, plus ties sharing a type and id (both should be 0)


def _plain(value: object) -> object:
    """Neo4j temporal values as ISO text, lists element-wise; the rest as they are."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _digest(lines: list[str]) -> str:
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def fingerprint(driver: Driver, database: str | None = None) -> Fingerprint:
    counts: Counter[str] = Counter()
    ids: Counter[tuple[str, str]] = Counter()
    node_lines = []
    with driver.session(database=database) as session:
        for record in session.run(queries.query("graph_fingerprint_nodes")):
            kind = next((ontology.NODE_BY_NAME[label] for label in record["labels"]
                         if label in ontology.NODE_BY_NAME and ontology.NODE_BY_NAME[label].family != label), None) \
                or next(ontology.NODE_BY_NAME[label] for label in record["labels"] if label in ontology.NODE_BY_NAME)
            wanted = {p.name for p in kind.all_props}
            props = {k: _plain(v) for k, v in record["props"].items() if k in wanted}
            counts[f"label:{kind.name}"] += 1
            ids[(kind.family, str(props.get("id")))] += 1
            node_lines.append(json.dumps([kind.name, props], sort_keys=True, ensure_ascii=False))
        rel_lines = []
        for record in session.run(queries.query("graph_fingerprint_relationships")):
            rel = ontology.REL_BY_TYPE.get(record["type"])
            if rel is None:
                continue  # not the ontology's (bookkeeping)
            wanted = {"id"} | {p.name for p in rel.all_props}
            props = {k: _plain(v) for k, v in record["props"].items() if k in wanted}
            ends = [record["source"], record["target"]]
            if rel.undirected:  # stored once, either way round
                ends.sort()
            counts[f"type:{rel.type}"] += 1
            if "id" in props:
                ids[(rel.type, str(props["id"]))] += 1
            rel_lines.append(json.dumps([rel.type, *ends, props], sort_keys=True, ensure_ascii=False))
    duplicates = sum(n - 1 for n in ids.values() if n > 1)
    return Fingerprint(dict(sorted(counts.items())), _digest(node_lines), _digest(rel_lines), duplicates)
