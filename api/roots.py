"""The root fields of the entities: `node(id, kind)`, `nodes(ids)` and a list per kind and family.

`EntityQuery` has `node` and `nodes` (api/loading.py) and, for every family
and kind, its list (`compounds`, `partyOrganizations`, `areas`,
`organizations` …, api/lists.py); organisation lists also take `measure`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from api.config import MAX_PAGE
from api.context import Context
from api.errors import BadArgument
from api.kinds import LISTED, MULTI_KIND_FAMILIES, Kind, label_zh
from api.lists import KindsArg, MeasureArg, SortArg, SubtypeArg, TextArg, WithinArg, list_entities, measured
from api.loading import ALL_FAMILIES, load_nodes
from api.naming import plural
from api.nullable import nullable_fields
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg
from api.types import LISTS, Node


def _list_resolver(name: str) -> Callable[..., Any]:
    """The resolver of a root list: a family's takes `kinds`, an organisation list `measure`."""
    family, with_measure = name in MULTI_KIND_FAMILIES, measured(name)
    if family and with_measure:
        async def measured_family_list(info: strawberry.Info, within: WithinArg = None, text: TextArg = None,
                                       subtype: SubtypeArg = None, kinds: KindsArg = None, sort: SortArg = None,
                                       measure: MeasureArg = None, first: FirstArg = None, after: AfterArg = None,
                                       last: LastArg = None, before: BeforeArg = None) -> Any:
            return await list_entities(info, name, within, text, subtype, kinds, sort, first, after, measure,
                                       last, before)

        return measured_family_list
    if with_measure:
        async def measured_kind_list(info: strawberry.Info, within: WithinArg = None, text: TextArg = None,
                                     subtype: SubtypeArg = None, sort: SortArg = None, measure: MeasureArg = None,
                                     first: FirstArg = None, after: AfterArg = None, last: LastArg = None,
                                     before: BeforeArg = None) -> Any:
            return await list_entities(info, name, within, text, subtype, None, sort, first, after, measure,
                                       last, before)

        return measured_kind_list
    if family:
        async def family_list(info: strawberry.Info, within: WithinArg = None, text: TextArg = None,
                              subtype: SubtypeArg = None, kinds: KindsArg = None, sort: SortArg = None,
                              first: FirstArg = None, after: AfterArg = None, last: LastArg = None,
                              before: BeforeArg = None) -> Any:
            return await list_entities(info, name, within, text, subtype, kinds, sort, first, after, None,
                                       last, before)

        return family_list

    async def kind_list(info: strawberry.Info, within: WithinArg = None, text: TextArg = None,
                        subtype: SubtypeArg = None, sort: SortArg = None, first: FirstArg = None,
                        after: AfterArg = None, last: LastArg = None, before: BeforeArg = None) -> Any:
        return await list_entities(info, name, within, text, subtype, None, sort, first, after, None, last, before)

    return kind_list


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
