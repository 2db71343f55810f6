"""The GraphQL field of a property of the ontology, and its value.

A property is a field named by its API name (api/naming.py), of the Python
type its ontology type maps to (`PY_TYPES`, for strawberry's scalars), non-null
when the ontology requires it, and described as the ontology describes it
(`ontology.describe`: Chinese label, description, allowed values). A personal
property (Prop.personal) is never a field. Values read from Neo4j are made
Python's (`native`) for the Date and DateTime scalars.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any

import neo4j.time
import strawberry
from strawberry.types.field import StrawberryField

from api.enums import enum_of
from api.naming import field_name
from graph import ontology
from graph.ontology import Prop, describe

PY_TYPES: dict[str, Any] = {
    "string": str, "int": int, "float": float, "bool": bool,
    "date": dt.date, "datetime": dt.datetime, "string_list": list[str],
}


TEMPORAL = frozenset({"date", "datetime"})  # the ontology types whose values Neo4j gives as its own (neo4j.time)


def native(value: Any) -> Any:
    """Neo4j's temporal values as Python's, for strawberry's Date and DateTime scalars."""
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime)):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


def public_props(props: Sequence[Prop]) -> tuple[Prop, ...]:
    """What the API may show: never personal data."""
    return tuple(p for p in props if not p.personal)


@cache
def shown_tie_props(rel_type: str) -> tuple[tuple[str, str, bool], ...]:
    """(property, field, converted) of a relationship's public properties: an id-valued one shown as `<name>_id`
    as it is, a temporal one through `native`, the others as they are (worked out once per type, not per tie)."""
    return tuple((p.name, f"{p.name}_id", False) if p.refers_to is not None
                 else (p.name, field_name(p), p.type in TEMPORAL)
                 for p in public_props(ontology.REL_BY_TYPE[rel_type].all_props))


def data_field(prop: Prop) -> tuple[Any, StrawberryField]:
    """The annotation and the field of a property (the id is an ID; a closed set of codes its enum)."""
    if prop.name == "id":
        annotation: Any = strawberry.ID
    elif prop.enum is not None:
        annotation = list[enum_of(prop)] if prop.type == "string_list" else enum_of(prop)  # type: ignore[misc]
    else:
        annotation = PY_TYPES[prop.type]
    if not prop.required:
        annotation = annotation | None
    return annotation, strawberry.field(description=describe(prop), default=None)


def namespace(props: Sequence[Prop]) -> dict[str, Any]:
    """A class namespace declaring a field for each public property."""
    annotations: dict[str, Any] = {}
    result: dict[str, Any] = {"__annotations__": annotations}
    for prop in public_props(props):
        annotations[field_name(prop)], result[field_name(prop)] = data_field(prop)
    return result
