"""The GraphQL types of every node kind, built from graph/ontology.py at import.

Nothing here lists a kind, a property or a relationship: adding one to the
ontology adds it to the API.

- `Node` (interface): id, name, nameEn, kind, kindLabelZh, tieCount.
- A family interface for each family with several kinds (`Area`, `Organization`),
  with the properties and relationships all its kinds share.
- One object type per kind (`Compound`, `PartyOrganization`, `Person` …) with
  its properties (never the personal ones, Prop.personal) and its relationship
  fields (api/ties.py).
- Organisations (the interface and its kinds) also have `measures`: what
  `govgraph analyze` wrote on them (api/measures.py), null before it has run.
- The connection of each kind and family, for its root list (`LISTS`), with its
  `aggregate` and `groupBy` (api/aggregates.py).

The types land in api/registry.py's `TYPES`, by name.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import strawberry

from api import aggregates, measures
from api.basic import reads_only_the_object
from api.connections import Connection, connection
from api.context import Context
from api.filters import comparable_props
from api.kinds import LISTED, MULTI_KIND_FAMILIES, Kind
from api.naming import plural
from api.props import namespace as props_namespace
from api.registry import TYPES
from api.ties import fields_declared_on, tie_field
from graph import ontology
from graph.ontology import NodeKind, Prop
from graph.store.queries import fill

LISTS: dict[str, Connection] = {}  # kind or family name → the connection of its root list


# --- Node: the interface every node type implements ----------------------------------------------------
async def _tie_count(root: Any, info: strawberry.Info) -> int:
    ctx: Context = info.context
    label = ontology.family_of(root.kind.value)
    count = await ctx.loader(("tie_count", label), partial(_batch_tie_counts, ctx, label)).load(root.id)
    return count


async def _batch_tie_counts(ctx: Context, label: str, ids: Sequence[str]) -> list[int]:
    rows = await ctx.reader.run(fill("entity_tie_counts", LABEL=label), {"ids": list(ids)})
    found = {row["id"]: row["ties"] for row in rows}
    return [found.get(i, 0) for i in ids]


@reads_only_the_object  # api/executor.py may resolve a node's type without a resolve info
def _resolve_type(obj: Any, info: Any, abstract_type: Any) -> str:
    return obj.kind.value


def _kind_label_zh(root: Any) -> str:
    return ontology.NODE_BY_NAME[root.kind.value].label_zh


def _build_node_interface() -> type:
    namespace = props_namespace(ontology.COMMON_PROPS)
    namespace["__annotations__"]["kind"] = Kind
    namespace["kind"] = strawberry.field(description="The node's kind in the ontology.", default=None)
    namespace["kind_label_zh"] = strawberry.field(resolver=_kind_label_zh, graphql_type=str,
                                                  description="The kind's Chinese name (小区, 党组织 …).")
    namespace["tie_count"] = strawberry.field(resolver=_tie_count, graphql_type=int,
                                              description="How many relationships the node has, of any type "
                                                          "and direction (what sort: TIES orders by).")
    # Every object here knows its kind, which is its GraphQL type's name: no search through the implementations.
    namespace["resolve_type"] = staticmethod(_resolve_type)
    cls = type("Node", (), namespace)
    return strawberry.interface(cls, description="Anything in the graph: every node has a stable id "
                                                 "(the source system's), a name (Chinese first) and a kind.")


# --- the families and kinds -------------------------------------------------------------------------
def _shared_props(kinds: Sequence[NodeKind]) -> tuple[Prop, ...]:
    """Properties (beyond the common ones) every kind of a family has, with the same definition."""
    first, *rest = kinds
    return tuple(p for p in first.props if all(p in k.props for k in rest))


def _add_tie_fields(cls: type, owner: str) -> None:
    for field in fields_declared_on(owner):
        if field.name in getattr(cls, "__annotations__", {}):
            raise ValueError(f"{owner}.{field.name}: a relationship field has the name of a property; "
                             "rename one of them in graph/ontology.py (Prop.api or RelKind.fields)")
        setattr(cls, field.name, tie_field(field))


def _description(kind: NodeKind) -> str:
    return f"{kind.label_zh}: {kind.description}."


def _build() -> None:
    TYPES["Node"] = _build_node_interface()
    raw: dict[str, type] = {}
    # Raw classes first, so relationship fields can name any type.
    for family in MULTI_KIND_FAMILIES:
        namespace = props_namespace(_shared_props(ontology.KINDS_OF_FAMILY[family]))
        if family == measures.FAMILY:
            measures.add_field(namespace)  # inherited by every organisation kind
        raw[family] = type(family, (TYPES["Node"],), namespace)
    for kind in ontology.NODE_KINDS:
        base = raw.get(kind.family, TYPES["Node"])
        inherited = set(_shared_props(ontology.KINDS_OF_FAMILY[kind.family])) if kind.family in raw else set()
        raw[kind.name] = type(kind.name, (base,), props_namespace([p for p in kind.props if p not in inherited]))
    TYPES.update(raw)
    for name, cls in raw.items():
        _add_tie_fields(cls, name)
    for family in MULTI_KIND_FAMILIES:
        zh = "/".join(k.label_zh for k in ontology.KINDS_OF_FAMILY[family])
        TYPES[family] = strawberry.interface(raw[family], description=f"Any {family.lower()} ({zh}).")
    for kind in ontology.NODE_KINDS:
        TYPES[kind.name] = strawberry.type(raw[kind.name], description=_description(kind))
    for name in LISTED:
        LISTS[name] = connection(name, TYPES[name], f"A page of {plural(name)}.", f"A {name} in a list.",
                                 cursor_text="Opaque position in the list, for `after`.",
                                 extra=aggregates.list_fields(name, comparable_props(name), TYPES["Area"]))


_build()
Node = TYPES["Node"]
