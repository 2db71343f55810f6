"""The GraphQL type of every kind and family by name, and the GraphQL object of a node.

`TYPES` is filled once, at import, by api/types.py (which builds the types from
the ontology); every module that answers with nodes makes their objects here
with `entity(labels, properties)`, which keeps only the public properties.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from api import measures
from api.kinds import Kind, kind_of
from api.naming import field_name
from api.props import TEMPORAL, native, public_props
from graph import ontology

TYPES: dict[str, type] = {}  # kind or family name (and "Node") → strawberry type or interface

def _fields(kind: ontology.NodeKind, temporal: bool) -> tuple[tuple[str, str], ...]:
    """(property, field) of the kind's public properties that are temporal (or not)."""
    return tuple((p.name, field_name(p)) for p in public_props(kind.all_props) if (p.type in TEMPORAL) == temporal)


# kind → its public properties as (property, field), the temporal ones apart: only they need `native`
PLAIN_FIELDS = {kind.name: _fields(kind, temporal=False) for kind in ontology.NODE_KINDS}
TEMPORAL_FIELDS = {kind.name: _fields(kind, temporal=True) for kind in ontology.NODE_KINDS}


def gql_type(name: str) -> type:
    """The type of a kind or family; `Node` for any other name."""
    return TYPES[name] if name in TYPES else TYPES["Node"]


class _Maker(NamedTuple):
    """What making the object of a node with these labels needs, worked out once per set of labels."""
    kind: Kind
    type: type
    plain: tuple[tuple[str, str], ...]
    temporal: tuple[tuple[str, str], ...]
    measured: bool


@cache  # made on first use, when api/types.py has filled TYPES
def _maker(labels: tuple[str, ...]) -> _Maker:
    kind = kind_of(labels)
    return _Maker(Kind[kind], TYPES[kind], PLAIN_FIELDS[kind], TEMPORAL_FIELDS[kind], kind in measures.MEASURED_KINDS)


def entity(labels: Sequence[str], props: dict[str, Any]) -> Any:
    """The GraphQL object of a node from its labels and properties (personal properties dropped)."""
    maker = _maker(tuple(labels))
    values = {name: props.get(prop) for prop, name in maker.plain}
    for prop, name in maker.temporal:
        value = props.get(prop)
        values[name] = None if value is None else native(value)
    if maker.measured:
        values["measures"] = measures.measures_of(props)  # already fetched with the node: no extra query
    return maker.type(kind=maker.kind, **values)


def entity_of(item: dict[str, Any]) -> Any:
    """The GraphQL object of a node a query returned as `{labels, node}`."""
    return entity(item["labels"], item["node"])
