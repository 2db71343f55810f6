"""Relay connections: one way to make the edge and connection types of any list, and a page of them.

Every paginated list of the schema — a root list (`compounds`), a relationship
field (`posts`), a network answer (`coverageGaps`) — is a `Connection`: an
edge type (`cursor` and `node`, plus a tie's properties for a relationship) and
a connection type (`edges`, `pageInfo`, `totalCount`, `nodes`) over it.
`Connection.page` makes the answer from one page of items.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry

from api.pagination import Page, PageInfo


@dataclass(frozen=True)
class Connection:
    """The edge type and the connection type of one list."""

    edge: type
    type: type

    def page(self, page: Page, items: Sequence[Mapping[str, Any]], fetched: int, total: int | None,
             keys: list[list[Any] | None] | None = None, has_previous: bool | None = None,
             edge_cursors: bool = True, **extra: Any) -> Any:
        """The connection object of a page: `items` are the edges' fields but the cursor; `fetched` is how many
        items the query returned (up to page.first + 1, which says whether a next page follows); `keys` the
        items' sort keys and ids for a keyset list's cursors; `extra` the connection's own further fields.
        `edge_cursors=False` when the request selects no edge's `cursor`: signing one per edge was a tenth
        of a nested page's time (pageInfo still gets its two)."""
        cursors = page.cursors(len(items), keys) if edge_cursors else None
        edges = [self.edge(cursor=cursors[i] if cursors else None, **fields) for i, fields in enumerate(items)]
        return self.type(edges=edges, page_info=PageInfo.of(page, fetched, keys, has_previous, cursors),
                         total_count=total, **extra)


def node_fields(node: type) -> dict[str, Any]:
    """The namespace of an edge's `node` field, of type `node`."""
    return {"__annotations__": {"node": node}, "node": strawberry.field(default=None)}


def edge_type(name: str, description: str, fields: Mapping[str, Any], *, cursor_text: str | None = None,
              cursor_first: bool = True) -> type:
    """An edge type: a `cursor` and `fields`, a class namespace (the node, and for a tie its properties);
    the cursor is declared first, or after the fields (`cursor_first=False`, as a tie's edge has it)."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    cursor = ({"cursor": str}, {"cursor": strawberry.field(description=cursor_text, default=None)})
    parts = [cursor, (fields["__annotations__"], {k: v for k, v in fields.items() if k != "__annotations__"})]
    for field_annotations, values in parts if cursor_first else reversed(parts):
        annotations.update(field_annotations)
        namespace.update(values)
    return strawberry.type(type(name, (), namespace), description=description)


def connection_type(name: str, edge: type, node_type: type, description: str,
                    extra: Mapping[str, Any] | None = None) -> type:
    """A connection type (edges, pageInfo, totalCount, nodes) over `edge`s whose node is a `node_type`; `extra`
    a class namespace of further fields (the organisation asked about, the date used …), declared first."""

    def nodes(root: Any) -> list[Any]:
        return [e.node for e in root.edges]

    extra = extra or {"__annotations__": {}}
    namespace = {
        **{k: v for k, v in extra.items() if k != "__annotations__"},
        "__annotations__": {**extra["__annotations__"],
                            "edges": list[edge], "page_info": PageInfo, "total_count": int},  # type: ignore[valid-type]
        "edges": strawberry.field(description="The items of this page, each with its cursor.", default=None),
        "page_info": strawberry.field(description="Where this page sits in the list.", default=None),
        "total_count": strawberry.field(description="How many items the whole list has (a count() query, run "
                                                    "only when this field is asked for).", default=None),
        "nodes": strawberry.field(resolver=nodes, graphql_type=list[node_type],  # type: ignore[valid-type]
                                  description="The nodes of this page, without their edges."),
    }
    return strawberry.type(type(name, (), namespace), description=description)


def connection(name: str, node: type, description: str, edge_description: str, *,
               cursor_text: str | None = None, extra: Mapping[str, Any] | None = None) -> Connection:
    """The `<name>Edge` and `<name>Connection` types of a list of `node`s."""
    edge = edge_type(name + "Edge", edge_description, node_fields(node), cursor_text=cursor_text)
    return Connection(edge, connection_type(name + "Connection", edge, node, description, extra))


def as_of_field(text: str = "The date the answer is for: `asOf` as asked, or the server's today when it was "
                             "not given (echoed: an answer keeps its meaning past midnight).") -> dict[str, Any]:
    """The `asOf` field of a dated answer, as a class namespace for `extra`."""
    return {"__annotations__": {"as_of": dt.date}, "as_of": strawberry.field(description=text, default=None)}
