"""Aggregations of a list, counted in the database: `aggregate` and `groupBy` on root lists and coverage gaps.

    compounds(within: "510603003000", where: {population: {gte: 1000}}) {
      aggregate { count population { sum avg max } }
      groupBy(by: COMMUNITY) { key area { name } aggregate { count households { sum } } }
    }

- `aggregate`: `count`, and for each comparable property of the list's kind or family (api/filters.py) its
  statistics: `sum`, `avg`, `min`, `max` of numbers (`IntStats`, `FloatStats`), `min` and `max` of dates
  (`DateStats`, `DateTimeStats`), and how many nodes have a value (`present`). A statistic over no value is null.
- `groupBy(by: GroupKey)`: the same, per kind, per subtype, or per area of a level (district, street,
  community, compound) the node lies in; largest group first. `key` is the kind, the subtype code or the
  area's id (null for nodes with no subtype, or in no area of that level); `area` is that area.

The connection object carries its list's request (`ListRequest`): the aggregates use the list's own filters,
in one Cypher query (cypher/entity_aggregate.cypher), whatever page is asked, and without reading the page.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import strawberry

from api import filters
from api.context import Context
from api.errors import BadArgument
from api.kinds import kinds_of
from api.naming import camel, field_name, plural
from api.pagination import selected_names
from api.placement import placement
from api.props import native
from graph import ontology
from graph.ontology import Prop
from graph.store.queries import Pattern, fill
from graph.types import TYPES as PROPERTY_TYPES

AREA_LEVELS = ontology.AREA_LEVELS[1:]  # every level but the city's: District, Street, Community, Compound


def _stats_type(name: str, scalar: Any, summable: bool, what: str) -> type:
    annotations: dict[str, Any] = {"present": int, "min": scalar | None, "max": scalar | None}
    namespace: dict[str, Any] = {
        "present": strawberry.field(description="How many items have a value.", default=0),
        "min": strawberry.field(description=f"The smallest {what} (null if none).", default=None),
        "max": strawberry.field(description=f"The largest {what} (null if none).", default=None),
    }
    if summable:
        annotations.update(sum=scalar | None, avg=float | None)
        namespace["sum"] = strawberry.field(description=f"The sum of the {what}s (null if none).", default=None)
        namespace["avg"] = strawberry.field(description=f"The mean of the {what}s (null if none).", default=None)
    namespace["__annotations__"] = annotations
    return strawberry.type(type(name, (), namespace), description=f"Statistics of a {what} property.")


STATS: dict[str, type] = {
    "int": _stats_type("IntStats", int, True, "whole number"),
    "float": _stats_type("FloatStats", float, True, "number"),
    "date": _stats_type("DateStats", dt.date, False, "date"),
    "datetime": _stats_type("DateTimeStats", dt.datetime, False, "date and time"),
}


@strawberry.enum(description="What the items of a list are grouped by.")
class GroupKey(Enum):
    KIND = "KIND"  # the node's kind (Compound, PartyOrganization …)
    SUBTYPE = "SUBTYPE"  # its `subtype`
    DISTRICT = "District"  # the district it lies in
    STREET = "Street"  # the street
    COMMUNITY = "Community"  # the community
    COMPOUND = "Compound"  # the compound


assert tuple(k.value for k in GroupKey)[2:] == AREA_LEVELS, "GroupKey's area levels are ontology.AREA_LEVELS'"


@dataclass(frozen=True)
class ListRequest:
    """What a root list was asked for, as its aggregates read it again (api/lists.py)."""

    name: str  # kind or family
    within: str | None
    text: str | None  # the Lucene query
    kinds: list[str] | None
    subtype: str | None
    where: list[dict[str, Any]] = field(default_factory=list)


_MADE: dict[str, type] = {}  # type name → the type, made once (a root list and relationship fields share it)


def aggregate_type(name: str, props: Sequence[Prop]) -> type:
    """`<name>Aggregate`: `count` and the statistics of each property."""
    if f"{name}Aggregate" in _MADE:
        return _MADE[f"{name}Aggregate"]
    annotations: dict[str, Any] = {"count": int}
    namespace: dict[str, Any] = {"count": strawberry.field(description="How many items.", default=0)}
    for p in props:
        annotations[field_name(p)] = STATS[p.type] | None
        namespace[field_name(p)] = strawberry.field(description=f"Statistics of {field_name(p)}.", default=None)
    namespace["__annotations__"] = annotations
    made = _MADE[f"{name}Aggregate"] = strawberry.type(
        type(f"{name}Aggregate", (), namespace),
        description=f"Counts and statistics of a list of {plural(name)}, over all its pages.")
    return made


def group_type(name: str, aggregate: type, area: type) -> type:
    """`<name>Group`: one group's key, its area (when grouped by one) and its aggregate."""
    if f"{name}Group" in _MADE:
        return _MADE[f"{name}Group"]

    async def resolve_area(root: Any, info: strawberry.Info) -> Any:
        if root.level is None or root.key is None:
            return None
        return await info.context.node("Area", root.key)

    namespace: dict[str, Any] = {
        "__annotations__": {"key": str | None, "aggregate": aggregate, "level": strawberry.Private[str | None]},
        "key": strawberry.field(description="The kind, the subtype code or the area's id; null for the items "
                                            "without one.", default=None),
        "area": strawberry.field(resolver=resolve_area, graphql_type=area | None,
                                 description="The area of this group, when grouped by an area level."),
        "aggregate": strawberry.field(description="The group's counts and statistics.", default=None),
        "level": None,
    }
    made = _MADE[f"{name}Group"] = strawberry.type(type(f"{name}Group", (), namespace),
                                                  description=f"A group of {plural(name)}.")
    return made


def aggregate_of(cls: type, props: Sequence[Prop], count: int, stats: Sequence[dict[str, Any] | None]) -> Any:
    """The `<name>Aggregate` object of a group: its count and the statistics a query returned (`[{p, …}]`)."""
    by_prop = {s["p"]: s for s in stats if s is not None}
    values: dict[str, Any] = {}
    for p in props:
        found = by_prop.get(p.name)
        if found is None:
            continue
        numbers = {k: native(found[k]) for k in ("min", "max")}
        if PROPERTY_TYPES[p.type].summable:
            numbers.update(sum=native(found["sum"]), avg=found["avg"])
        values[field_name(p)] = STATS[p.type](present=found["present"], **numbers)
    return cls(count=count, **values)


def grouping(name: str, by: GroupKey | None) -> tuple[str | None, str | None]:
    """The `$groupBy` and `$level` parameters of a grouping, or BAD_USER_INPUT when the list cannot be grouped
    so: people lie in the areas of every organisation they serve in, so no one area is theirs."""
    if by is None:
        return None, None
    if by in (GroupKey.KIND, GroupKey.SUBTYPE):
        return by.value, None
    if placement(name, inward=False) is None and not _is_area(name):
        raise BadArgument(f"by: {plural(name)} lie in no area, so they cannot be grouped by {by.name}")
    if any(k.placed_via for k in kinds_of(name)):
        raise BadArgument(f"by: {plural(name)} lie in the areas of every organisation they serve in, so they "
                          f"cannot be grouped by one {by.name.lower()}; group their organisations instead")
    return "AREA", by.value


def _is_area(name: str) -> bool:
    return all(k.family == "Area" for k in kinds_of(name))


def _templates(name: str) -> dict[str, str]:
    # A kind placed in no area (the city) cannot be asked `within` (api/lists.py refuses it); its templates
    # borrow the areas' placement so that the query still reads.
    inward = placement(name, inward=True) or placement("Area", inward=True)
    outward = placement(name, inward=False) or placement("Area", inward=False)
    grouped = Pattern("") if _is_area(name) else outward
    return {"LABEL": name, "INWARD": inward, "OUTWARD": outward, "GROUPED": grouped}


async def aggregate_rows(ctx: Context, request: ListRequest, props: Sequence[Prop], group_by: str | None,
                         level: str | None) -> list[Any]:
    """The rows of cypher/entity_aggregate.cypher for a list's request."""
    params = {"text": request.text, "within": request.within, "kinds": request.kinds, "subtype": request.subtype,
              "where": request.where, "props": [p.name for p in props],
              "summable": [p.name for p in props if PROPERTY_TYPES[p.type].summable], "groupBy": group_by,
              "kindNames": [k.name for k in kinds_of(request.name)], "level": level}
    filled = fill("entity_aggregate", **_templates(request.name),
                  FILTERS=filters.narrowing(request.kinds, request.subtype, request.where))
    return await ctx.reader.run(filled, params)


def asked_props(info: strawberry.Info, props: Sequence[Prop], path: Sequence[str] = ()) -> list[Prop]:
    """The properties whose statistics the selection asks for (under `path` below this field)."""
    names = selected_names(info, path)
    return [p for p in props if camel(field_name(p)) in names]


def list_fields(name: str, props: Sequence[Prop], area: type) -> dict[str, Any]:
    """The `aggregate` and `groupBy` fields of a root list's connection (a class namespace for its `extra`),
    and the private `request` they read."""
    aggregate = aggregate_type(name, props)
    group = group_type(name, aggregate, area)

    async def resolve_aggregate(root: Any, info: strawberry.Info) -> Any:
        asked = asked_props(info, props)
        rows = await aggregate_rows(info.context, root.request, asked, None, None)
        return aggregate_of(aggregate, asked, rows[0]["count"], rows[0]["stats"]) if rows \
            else aggregate_of(aggregate, asked, 0, [])

    async def resolve_groups(root: Any, info: strawberry.Info, by: GroupKey) -> list[Any]:
        group_by, level = grouping(name, by)
        asked = asked_props(info, props, ("aggregate",))
        rows = await aggregate_rows(info.context, root.request, asked, group_by, level)
        return [group(key=r["key"], level=level, aggregate=aggregate_of(aggregate, asked, r["count"], r["stats"]))
                for r in rows]

    return connection_fields("request", ListRequest, resolve_aggregate, resolve_groups, aggregate, group,
                             "Counts and statistics of the whole list (every page), computed in the database.",
                             "The list's counts and statistics per kind, subtype or area (largest group first), "
                             "computed in the database.")


def looked_ahead(info: strawberry.Info) -> GroupKey | None:
    """The grouping of the first `groupBy` selected on this connection field, so that its page's query can
    count it too (none when not asked)."""
    for selected in info.selected_fields:
        for selection in selected.selections:
            if getattr(selection, "name", None) == "groupBy" and "by" in selection.arguments:
                by = selection.arguments["by"]
                return GroupKey[by] if isinstance(by, str) else by
    return None


def connection_fields(private: str, private_type: Any, resolve_aggregate: Any, resolve_groups: Any,
                      aggregate: type, group: type, aggregate_text: str, groups_text: str) -> dict[str, Any]:
    """A connection's `aggregate` and `groupBy` fields and the private field (`private`) their resolvers read
    the connection's question from, as a class namespace for the connection type's `extra`."""
    return {
        "__annotations__": {private: strawberry.Private[private_type | None]},
        private: None,
        "aggregate": strawberry.field(resolver=resolve_aggregate, graphql_type=aggregate, description=aggregate_text),
        "group_by": strawberry.field(resolver=resolve_groups, graphql_type=list[group],  # type: ignore[valid-type]
                                     description=groups_text),
    }
