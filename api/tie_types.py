"""The typed properties of a relationship, as a subgraph's edges give them: one object type per relationship
type that has public properties (`ServesInTie { role partTime startDate endDate onBehalfOfId … }`), their
union `Tie`, and the `RelationshipType` enum — all from graph/ontology.py's REL_KINDS.

    >>> TIE_TYPES["SERVES_IN"].__name__
    'ServesInTie'
"""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Union

import strawberry

from api.naming import field_name, snake_to_pascal
from api.props import data_field, native, public_props
from graph import ontology

RelationshipType = strawberry.enum(  # type: ignore[misc]
    Enum("RelationshipType", {rel.type: rel.type for rel in ontology.REL_KINDS}),
    description="A relationship type of the ontology (SERVES_IN, WITHIN …).")


def _tie_type(rel: ontology.RelKind) -> type | None:
    props = public_props(rel.all_props)
    if not props:
        return None
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for p in props:
        annotation, field = data_field(p)
        # nullable even when required: a tie written as a node's column (a Ref) carries no properties
        annotations[field_name(p)], namespace[field_name(p)] = annotation | None, field
    return strawberry.type(type(snake_to_pascal(rel.type) + "Tie", (), namespace),
                           description=f"The properties of a {rel.type} tie ({rel.label_zh}).")


TIE_TYPES: dict[str, type] = {rel.type: t for rel in ontology.REL_KINDS if (t := _tie_type(rel)) is not None}
Tie = Annotated[Union[tuple(TIE_TYPES.values())],  # type: ignore[valid-type]  # noqa: UP007
                strawberry.union("Tie", description="A relationship's properties, typed by its relationship type.")]
_PUBLIC = {rel.type: public_props(rel.all_props) for rel in ontology.REL_KINDS}


def tie_of(rel_type: str, properties: dict[str, Any]) -> Any:
    """The typed properties of a tie (None for a relationship type that has none)."""
    cls = TIE_TYPES.get(rel_type)
    if cls is None:
        return None
    return cls(**{field_name(p): native(properties.get(p.name)) for p in _PUBLIC[rel_type]})
