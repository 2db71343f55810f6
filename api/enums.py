"""The GraphQL enums of the ontology's closed sets: one per set of codes a property takes (Prop.enum).

A set that is one of graph/vocabularies.py's is named after it, in the singular (`FACILITY_KINDS` →
`FacilityKind`, `PLANNER_ROLES` → `PlannerRole`), so two properties taking the same codes share one enum;
any other set after its owner and property (`PersonGender`). The enum's values are the codes themselves
(`canteen`, `grand_party_committee`): they are what the files hold and what the API answered as strings
before, so a client's variables (`"canteen"`) are unchanged; only a literal in a document loses its quotes.

    >>> enum_of(next(p for p in ontology.NODE_BY_NAME["Facility"].props if p.name == "kind")).__name__
    'FacilityKind'
"""
from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from api.naming import snake_to_pascal
from graph import ontology, vocabularies
from graph.ontology import Prop

# code tuple → the vocabulary's name, for the sets graph/vocabularies.py names
_VOCABULARIES: dict[tuple[str, ...], str] = {
    value: name for name, value in vars(vocabularies).items()
    if name.isupper() and isinstance(value, tuple) and value and all(isinstance(v, str) for v in value)}
_SINGULAR = {"CATEGORIES": "CATEGORY", "STATUSES": "STATUS"}
_ENUMS: dict[tuple[str, ...], Any] = {}  # code tuple → its enum


def _singular(name: str) -> str:
    head, _, last = name.rpartition("_")
    last = _SINGULAR.get(last, last[:-1] if last.endswith("S") else last)
    return f"{head}_{last}" if head else last


def _owner_of(prop: Prop) -> str:
    for entry in (*ontology.NODE_KINDS, *ontology.REL_KINDS):
        if any(p is prop for p in entry.all_props):
            return getattr(entry, "name", None) or snake_to_pascal(entry.type)
    raise KeyError(f"{prop.name}: a property of no kind or relationship of the ontology")


def enum_of(prop: Prop) -> Any:
    """The GraphQL enum of a property's closed set of codes."""
    if prop.enum is None:
        raise ValueError(f"{prop.name}: takes no closed set of codes")
    found = _ENUMS.get(prop.enum)
    if found is None:
        vocabulary = _VOCABULARIES.get(prop.enum)
        name = snake_to_pascal(_singular(vocabulary)) if vocabulary else _owner_of(prop) + snake_to_pascal(
            prop.api_name)
        found = _ENUMS[prop.enum] = strawberry.enum(
            Enum(name, {code: code for code in prop.enum}),  # type: ignore[misc]
            description=f"{prop.label_zh}: the codes of the ontology's closed set.")
    return found


def subtypes_enum(name: str, codes: tuple[str, ...]) -> Any:
    """The enum of the subtypes a list of a family takes (the codes of all its kinds), or of a kind's."""
    found = _ENUMS.get(codes)
    if found is None:
        found = _ENUMS[codes] = strawberry.enum(
            Enum(f"{name}Subtype", {code: code for code in codes}),  # type: ignore[misc]
            description=f"The subtypes of {name}'s kinds (the codes of their `subtype`).")
    return found


# The facility kinds, which planning arguments take (coverageGaps' facilityKind, recommendFacilitySites' kind).
FacilityKind = enum_of(next(p for p in ontology.NODE_BY_NAME["Facility"].props if p.name == "kind"))
