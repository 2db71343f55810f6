"""The root fields of the entities: `node(id, kind)`, `nodes(ids)` and a list per kind and family.

`EntityQuery` has `node` and `nodes` (api/loading.py) and, for every family
and kind, its list (`compounds`, `partyOrganizations`, `areas`,
`organizations` …, api/lists.py); organisation lists also take `measure`.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from strawberry.types.field import StrawberryField

from api.config import MAX_PAGE
from api.context import Context
from api.errors import BadArgument
from api.filters import ORDER, WHERE
from api.kinds import LISTED, MULTI_KIND_FAMILIES, Kind, label_zh
from api.lists import SUBTYPES, KindsArg, MeasureArg, SortArg, TextArg, WithinArg, list_entities, measured, subtype_enum
from api.loading import ALL_FAMILIES, load_nodes
from api.naming import plural
from api.nullable import nullable_fields
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg
from api.types import LISTS, Node


def _list_arguments(name: str) -> list[tuple[str, Any]]:
    """The arguments of a root list, in order: a family's takes `kinds`, an organisation list `measure`, a list
    whose kinds have comparable properties `where` (api/filters.py)."""
    arguments: list[tuple[str, Any]] = [("within", WithinArg), ("text", TextArg)]
    if SUBTYPES[name]:
        arguments.append(("subtype", Annotated[subtype_enum(name) | None, strawberry.argument(
            description="Only those of this subtype (their `subtype` field, e.g. grand_party_committee).")]))
    if name in MULTI_KIND_FAMILIES:
        arguments.append(("kinds", KindsArg))
    arguments.append(("sort", SortArg))
    if measured(name):
        arguments.append(("measure", MeasureArg))
    if WHERE[name] is not None:
        arguments.append(("where", Annotated[WHERE[name] | None, strawberry.argument(
            description="Only those whose property values meet these conditions (all of them).")]))
    arguments.append(("order_by", Annotated[ORDER[name] | None, strawberry.argument(
        description="Order by a property, either way (instead of `sort`); without the property last.")]))
    return [*arguments, ("first", FirstArg), ("after", AfterArg), ("last", LastArg), ("before", BeforeArg)]


def _list_resolver(name: str) -> Callable[..., Any]:
    """The resolver of a root list: its arguments are those `_list_arguments` gives, read by strawberry from
    the signature."""

    async def resolve_list(info: strawberry.Info, **arguments: Any) -> Any:
        return await list_entities(info, name, **arguments)

    keyword = inspect.Parameter.KEYWORD_ONLY
    resolve_list.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=strawberry.Info),
         *(inspect.Parameter(arg, keyword, annotation=annotation, default=None)
           for arg, annotation in _list_arguments(name))],
        return_annotation=Any)
    return resolve_list


def _list_field(name: str) -> StrawberryField:
    return strawberry.field(resolver=_list_resolver(name), graphql_type=LISTS[name].type,
                            description=f"The {plural(name)} ({label_zh(name)}), a page at a time.")


async def node(info: strawberry.Info, id: strawberry.ID, kind: Kind | None = None) -> Any:
    ctx: Context = info.context
    return await load_nodes(ctx, kind.value if kind is not None else ALL_FAMILIES).load(id)


async def nodes(info: strawberry.Info, ids: list[strawberry.ID], kind: Kind | None = None) -> list[Any]:
    if len(ids) > MAX_PAGE:
        raise BadArgument(f"ids: at most {MAX_PAGE} at a time, got {len(ids)}")
    ctx: Context = info.context
    return await load_nodes(ctx, kind.value if kind is not None else ALL_FAMILIES).load_many(ids)


def _build_query() -> type:
    namespace: dict[str, Any] = {
        "node": strawberry.field(resolver=node, graphql_type=Node | None,
                                 description="The node with this id (of this kind or family, if given; ids are "
                                             "unique within a family), or null."),
        "nodes": strawberry.field(resolver=nodes, graphql_type=list[Node | None],
                                  description="The nodes with these ids, in order (null where none), at most 100."),
    }
    for name in LISTED:
        namespace[plural(name)] = _list_field(name)
    return nullable_fields(strawberry.type(type("EntityQuery", (), namespace)))


EntityQuery = _build_query()
