"""Filters and orders by property value on the root lists, generated from the ontology's property types.

    compounds(where: {population: {gte: 1000}, households: {lt: 500}},
              orderBy: {field: POPULATION, direction: DESC}) { … }

- `where` takes, for each comparable property of the kind or family (graph/types.py: `int`, `float`, `date`,
  `datetime`; never a personal or sensitive one), a range filter (`IntFilter`, `FloatFilter`, `DateFilter`,
  `DateTimeFilter`: eq, gt, gte, lt, lte, all given ones required). A node without the property never
  matches a filter on it. A list whose kinds have no comparable property has no `where`.
- `orderBy` takes a field (NAME, or one of those properties) and a direction; nodes without the property come
  last either way, ties are broken by name, then id.

Relationship fields take a `where` too, on their ties' comparable properties (`posts(where: {startDate:
{gte: "2020-01-01"}})`, `ServesInTieFilter`).

Both reach Cypher as parameters only: `conditions` turns a filter into `[{p, op, v}]` (the property's ontology
name, one of five operators, the value), which the list templates read as `n[f.p] >= f.v`; `ordering` gives
the property's name and the direction. `narrowing` picks the lines of cypher/list_filters.cypher a request
needs (kinds, a subtype, conditions) for the templates' FILTERS: none when it narrows by nothing.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cache
from typing import Any

import strawberry

from api.kinds import LISTED, kinds_of
from api.naming import field_name, snake_to_pascal
from graph import ontology
from graph.ontology import Prop
from graph.store.queries import Pattern, query
from graph.types import CHINA, TYPES

OPERATORS = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}  # GraphQL name → what Cypher reads


@strawberry.enum(description="Which way a list is ordered.")
class OrderDirection(Enum):
    ASC = "ASC"  # smallest (earliest) first
    DESC = "DESC"  # largest (latest) first


def _range_filter(name: str, scalar: Any, what: str) -> type:
    annotations = {op: scalar | None for op in OPERATORS}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    words = {"eq": "equal to", "gt": "greater than", "gte": "at least", "lt": "less than", "lte": "at most"}
    for op in OPERATORS:
        namespace[op] = strawberry.field(default=None, description=f"Only {what} {words[op]} this.")
    return strawberry.input(type(name, (), namespace),
                            description=f"A range of {what}s: every bound given must hold (and the value exist).")


RANGE_FILTERS: dict[str, type] = {
    "int": _range_filter("IntFilter", int, "whole number"),
    "float": _range_filter("FloatFilter", float, "number"),
    "date": _range_filter("DateFilter", dt.date, "date"),
    "datetime": _range_filter("DateTimeFilter", dt.datetime, "date and time (China Standard Time unless an offset "
                                                             "is given)"),
}


def _comparable(props: tuple[Prop, ...]) -> tuple[Prop, ...]:
    return tuple(p for p in props if TYPES[p.type].comparable and not p.personal and not p.sensitive)


def comparable_props(name: str) -> tuple[Prop, ...]:
    """The properties of a kind or family (shared by all its kinds) that lists filter, sort and aggregate by."""
    first, *rest = kinds_of(name)
    return tuple(p for p in _comparable(first.props) if all(p in k.props for k in rest))


def tie_props(rel_type: str) -> tuple[Prop, ...]:
    """The properties of a relationship type that relationship fields filter by (dates, grades …)."""
    return _comparable(ontology.REL_BY_TYPE[rel_type].all_props)


def _enum_name(prop: Prop) -> str:
    return field_name(prop).upper()


def _where_input(name: str, props: tuple[Prop, ...], what: str) -> type:
    annotations = {field_name(p): RANGE_FILTERS[p.type] | None for p in props}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for p in props:
        namespace[field_name(p)] = strawberry.field(default=None, description=f"A range of {field_name(p)}.")
    return strawberry.input(type(f"{name}Filter", (), namespace),
                            description=f"Conditions on the property values of {what}, all of which must hold.")


def _order_input(name: str, props: tuple[Prop, ...]) -> type:
    members = {"NAME": "name", **{_enum_name(p): p.name for p in props}}
    field_enum = strawberry.enum(Enum(f"{name}OrderField", members),  # type: ignore[misc]
                                 description=f"What a list of {name} can be ordered by.")
    namespace: dict[str, Any] = {
        "__annotations__": {"field": field_enum, "direction": OrderDirection},
        "field": strawberry.field(description="The property to order by."),
        "direction": strawberry.field(default=OrderDirection.ASC, description="ASC (default) or DESC."),
    }
    return strawberry.input(type(f"{name}Order", (), namespace),
                            description=f"An order of a list of {name}: a property and a direction; nodes "
                                        "without the property last; then by name and id.")


WHERE: dict[str, type | None] = {}  # kind or family → its `where` input, None when it has no comparable property
ORDER: dict[str, type] = {}  # kind or family → its `orderBy` input
for _name in LISTED:
    _props = comparable_props(_name)
    WHERE[_name] = _where_input(_name, _props, _name) if _props else None
    ORDER[_name] = _order_input(_name, _props)
# relationship type → the `where` input of its relationship fields, None when it has no comparable property
TIE_WHERE: dict[str, type | None] = {
    rel.type: _where_input(snake_to_pascal(rel.type) + "Tie", tie_props(rel.type), f"{rel.type} ties")
    if tie_props(rel.type) else None for rel in ontology.REL_KINDS}


def _cypher_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=CHINA)  # as the loaders read a datetime without an offset
    return value


def conditions(name: str, where: Any) -> list[dict[str, Any]]:
    """A `where` input as the `$where` parameter of the list templates: `[{p, op, v}]`, in field order."""
    return _conditions(comparable_props(name), where)


def tie_conditions(rel_type: str, where: Any) -> list[dict[str, Any]]:
    """A relationship field's `where` input as the `$where` parameter of the tie templates."""
    return _conditions(tie_props(rel_type), where)


def _conditions(props: tuple[Prop, ...], where: Any) -> list[dict[str, Any]]:
    if where is None:
        return []
    found = []
    for prop in props:
        bounds = getattr(where, field_name(prop), None)
        for op, cypher_op in OPERATORS.items():
            value = getattr(bounds, op, None) if bounds is not None else None
            if value is not None:
                found.append({"p": prop.name, "op": cypher_op, "v": _cypher_value(value)})
    return found


def ordering(order_by: Any) -> tuple[str, bool] | None:
    """An `orderBy` input as (the property's ontology name, descending), or None."""
    if order_by is None:
        return None
    return order_by.field.value, order_by.direction is OrderDirection.DESC


@cache
def _filter_lines() -> tuple[str, str, str]:
    """cypher/list_filters.cypher's three conditions: on $kinds, on $subtype, on $where."""
    lines = tuple(line for line in query("list_filters").splitlines() if line.startswith("AND "))
    if len(lines) != 3:
        raise ValueError(f"cypher/list_filters.cypher should hold 3 conditions, holds {len(lines)}")
    return lines  # type: ignore[return-value]


def narrowing(kinds: Any, subtype: Any, where: list[dict[str, Any]]) -> Pattern:
    """The FILTERS of a root list's templates: the conditions of cypher/list_filters.cypher this request uses."""
    on_kinds, on_subtype, on_where = _filter_lines()
    used = [line for line, given in ((on_kinds, kinds is not None), (on_subtype, subtype is not None),
                                     (on_where, bool(where))) if given]
    return Pattern(" ".join(used))
