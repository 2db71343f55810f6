"""A bounded subgraph around a node (`neighborhood`), for a view — cypher/neighborhood.cypher."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.arguments import arg, between
from api.config import MAX_NEIGHBORHOOD_DEPTH, MAX_NEIGHBORHOOD_NODES
from api.context import Context
from api.elements import ELEMENTS, element_id
from api.errors import NotFound
from api.kinds import Kind, kind_of
from api.loading import ALL_FAMILIES
from api.pagination import selected_names
from api.props import native
from api.registry import entity_of
from api.tie_types import RelationshipType, Tie, tie_of
from api.types import TYPES
from graph import ontology
from graph.store.queries import fill

Node = TYPES["Node"]


@strawberry.type(description="A relationship of a subgraph, to draw as an edge.")
class SubgraphEdge:
    type: RelationshipType = strawberry.field(description="The relationship type (SERVES_IN, WITHIN …).")  # type: ignore[valid-type]
    label_zh: str = strawberry.field(description="Its Chinese name (任职, 隶属 …).")
    source: strawberry.ID
    source_kind: Kind  # type: ignore[valid-type]
    target: strawberry.ID
    target_kind: Kind  # type: ignore[valid-type]
    tie: Tie | None = strawberry.field(  # type: ignore[valid-type]
        description="Its properties, typed by its relationship type (null for a type that has none).")
    properties: JSON = strawberry.field(description="Its properties as one JSON object (dates as ISO strings), "
                                                    "for a view that shows any tie alike.")


@strawberry.type(description="A bounded subgraph around a node, for a view.")
class Subgraph:
    centre: Node  # type: ignore[valid-type]
    nodes: list[Node] = strawberry.field(  # type: ignore[valid-type]
        description="The centre first, then the nodes around it, nearest first.")
    edges: list[SubgraphEdge] = strawberry.field(description="Every relationship between two of the nodes.")
    truncated: bool = strawberry.field(description="Whether more nodes were within `depth` than `first`.")

    @strawberry.field(description=ELEMENTS)
    def elements(self) -> JSON:
        return {
            "nodes": [{"data": {"id": element_id(n.kind, n.id), "nodeId": n.id, "label": n.name,
                                "kind": n.kind.value}} for n in self.nodes],
            "edges": [{"data": {"id": f"e{i}", "source": element_id(e.source_kind, e.source),
                                "target": element_id(e.target_kind, e.target), "type": e.type,
                                "labelZh": e.label_zh, "properties": e.properties}}
                      for i, e in enumerate(self.edges)],
        }


def _json(value: Any) -> Any:
    value = native(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


_PUBLIC_REL_PROPS = {rel.type: frozenset(p.name for p in rel.all_props if not p.personal)
                     for rel in ontology.REL_KINDS}


def _subgraph_edge(e: Any, typed: bool) -> SubgraphEdge:
    """An edge of the subgraph; its typed `tie` only when the request selects it (`typed`)."""
    rel = ontology.REL_BY_TYPE.get(e["type"])
    public = _PUBLIC_REL_PROPS.get(e["type"], frozenset())
    return SubgraphEdge(type=e["type"], label_zh=rel.label_zh if rel else e["type"],
                        tie=tie_of(e["type"], e["properties"]) if typed else None,
                        source=e["source"], source_kind=Kind[kind_of(e["sourceLabels"])],
                        target=e["target"], target_kind=Kind[kind_of(e["targetLabels"])],
                        properties={k: _json(v) for k, v in sorted(e["properties"].items()) if k in public})


async def neighborhood(
        info: strawberry.Info, id: Annotated[strawberry.ID, arg("The centre's id.")],
        depth: Annotated[int, arg(f"Steps from the centre (1–{MAX_NEIGHBORHOOD_DEPTH}).")] = 1,
        first: Annotated[int, arg(f"Most nodes besides the centre, nearest first (1–{MAX_NEIGHBORHOOD_NODES}: a "
                                  "picture, not a page).")] = 100,
) -> Subgraph:
    between("depth", depth, 1, MAX_NEIGHBORHOOD_DEPTH)
    between("first", first, 1, MAX_NEIGHBORHOOD_NODES)
    ctx: Context = info.context
    rows = await ctx.reader.run(fill("neighborhood", FAMILIES=ctx.scope.label(ALL_FAMILIES) or "Area"),  # access
                                {"id": id, "depth": depth, "limit": first})
    if not rows:
        raise NotFound(f"id: no node with id {id!r}")
    row = rows[0]
    nodes = [entity_of(n) for n in row["nodes"]]  # the query keeps to the ontology's families
    typed = "tie" in selected_names(info, ("edges",))
    edges = [_subgraph_edge(e, typed) for e in row["edges"]]
    nodes, edges = await ctx.scope.subgraph(ctx, nodes, edges, f"id: no node with id {id!r}")  # access: the scope
    return Subgraph(centre=nodes[0], nodes=nodes, edges=edges, truncated=row["truncated"])
