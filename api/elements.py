"""Answers shaped to draw: the Cytoscape.js elements format of the network questions' `elements` field."""
from __future__ import annotations

from typing import Any

from graph import ontology

ELEMENTS = ("The same nodes and edges as one JSON value in Cytoscape.js's elements format ({nodes: [{data}], "
            "edges: [{data}]}; a node's data.id is `Family:id`), ready to draw — and much cheaper to serve "
            "than the typed lists when a view needs hundreds of them.")


def element_id(kind: Any, node_id: str) -> str:
    """A node's id among elements: `Family:id` (ids are unique within a family only)."""
    return f"{ontology.NODE_BY_NAME[kind.value].family}:{node_id}"
