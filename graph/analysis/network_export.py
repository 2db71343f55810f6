"""Export a projection, with its measures, for Gephi, Cytoscape and other tools (GraphML, GEXF).

`write(driver, database, fmt, out, projection, area_id, as_of)` pulls the
projection (graph/analysis/projections.py), computes every measure of every node
(graph/analysis/analyst.py `profile`: centralities, constraint, effective size,
Louvain community, brokerage role counts) and writes the graph with those as
node attributes, through NetworkX's write_graphml / write_gexf.

- Node ids are the nodes' own ids; where two nodes of different families share
  an id (possible in the people and governance projections), those two are
  written as ``Family:id``. ``label`` is the name (Gephi shows it).
- Lists (tie kinds, roles) are written joined with ``;``; missing values are
  left out (GraphML and GEXF have no null).
- Personal data never reaches the file: projections do not pull it, and any
  attribute named like a personal property of the ontology is dropped anyway.
- The file is written next to `out` and renamed into place, so a failure
  leaves no half-written file.
"""
from __future__ import annotations

import os
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from neo4j import Driver

from graph import ontology
from graph.analysis.analyst import Analyst
from graph.analysis.projections import AnalysisError

FORMATS = ("graphml", "gexf")
PERSONAL = {name for names in ontology.personal_props().values() for name in names}


def _value(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _attrs(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _value(v) for k, v in data.items() if v is not None and k not in PERSONAL}


def exportable(graph: nx.Graph, profile_values: dict[Any, dict[str, Any]], graph_version: int,
               methods: dict[str, str]) -> nx.Graph:
    """A copy of the projection with string node ids, measures as attributes and no nulls or lists."""
    shared = {i for i, n in Counter(data["id"] for _, data in graph.nodes(data=True)).items() if n > 1}
    name_of = {node: f"{node[0]}:{node[1]}" if node[1] in shared else node[1] for node in graph}
    out = nx.Graph()
    for node, data in graph.nodes(data=True):
        out.add_node(name_of[node], label=data.get("name") or data["id"],
                     **_attrs({**data, **profile_values.get(node, {})}))
    for u, v, data in graph.edges(data=True):
        out.add_edge(name_of[u], name_of[v], **_attrs(data))
    # the projection's own description (name, area, date), not the hierarchy map or cached matrices
    out.graph.update(_attrs({k: v for k, v in graph.graph.items()
                             if not k.startswith("_") and not isinstance(v, dict)}))
    out.graph["graph_version"] = graph_version
    out.graph["methods"] = "; ".join(f"{metric}: {how}" for metric, how in sorted(methods.items()))
    return out


def write(driver: Driver, database: str | None, fmt: str, out: Path, projection: str,
          area_id: str | None, as_of: date | None) -> None:
    """Write `projection` (limited to `area_id` and `as_of`) as GraphML or GEXF to `out`, with measures."""
    if fmt not in FORMATS:
        raise AnalysisError(f"unknown export format {fmt!r}: expected one of {', '.join(FORMATS)}", argument="fmt")
    out = Path(out)
    if not out.parent.is_dir():
        raise AnalysisError(f"cannot write {out}: folder {out.parent} does not exist", argument="out")
    answer = Analyst(driver, database).ask("profile", projection, area_id, as_of)
    graph = exportable(answer.graph, answer.value.values, answer.graph_version, answer.value.methods)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(handle)
    try:
        if fmt == "graphml":
            nx.write_graphml(graph, temporary, encoding="utf-8")
        else:
            nx.write_gexf(graph, temporary, encoding="utf-8")
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an export is an ordinary file
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
