"""Filling the Cypher templates of `cypher/` — only ever with names from the ontology.

Some queries must vary by label or relationship type (Cypher takes neither as a
parameter). Their files carry `{{PLACEHOLDER}}`s; `fill` replaces each with a
label, a relationship type, `|`-joined alternatives of those, or a placement
pattern built here from the ontology, and refuses anything else. Values never
pass through here: they are always query parameters.
"""
from __future__ import annotations

import re
from functools import cache

import cypher
from graph import ontology

PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
AREA = "Area"

# How a node of a family with no direct tie to an area sits in one: a person is
# where the organisations they serve in are based.
PLACEMENT_VIA: dict[str, tuple[str, str]] = {"Person": ("SERVES_IN", "Organization")}


class Pattern(str):
    """A path fragment built by this module from ontology names only."""


def _checked_name(value: str) -> str:
    parts = value.split("|")
    if not all(ontology.is_label(p) or ontology.is_rel_type(p) for p in parts):
        raise ValueError(f"{value!r} is not made of ontology labels or relationship types")
    return value


def placement_rel(kind: str) -> str | None:
    """The relationship placing a kind in an area (BASED_IN, LOCATED_IN, WITHIN …), from its ontology refs."""
    node = ontology.NODE_BY_NAME.get(kind)
    kinds = (node,) if node else ontology.KINDS_OF_FAMILY.get(kind, ())
    found = {ref.rel for k in kinds for ref in k.refs if any(_is_area(t) for t in ref.targets)}
    return found.pop() if len(found) == 1 else None


def _is_area(name: str) -> bool:
    return name == AREA or (name in ontology.NODE_BY_NAME and ontology.NODE_BY_NAME[name].family == AREA)


def placement(kind: str, inward: bool) -> Pattern | None:
    """`-[:BASED_IN]->(:Area)` (outward, from the node) or its reverse, for a kind or family; None if it has none.

    Inward patterns read from the area towards the node: `(:Area)<-[:BASED_IN]-`.
    """
    rel = placement_rel(kind)
    family = ontology.NODE_BY_NAME[kind].family if kind in ontology.NODE_BY_NAME else kind
    if rel is not None:
        hops = [(rel, AREA)]
    elif family in PLACEMENT_VIA:
        via_rel, via_label = PLACEMENT_VIA[family]
        hops = [(via_rel, via_label), (placement_rel(via_label), AREA)]
    else:
        return None
    for rel_type, label in hops:
        _checked_name(rel_type)
        _checked_name(label)
    if not inward:
        return Pattern("".join(f"-[:{r}]->(:{label})" for r, label in hops))
    # reversed: the area first, then back towards the node
    return Pattern("".join(f"(:{label})<-[:{r}]-" for r, label in reversed(hops)))


@cache
def fill(name: str, **values: str) -> str:
    """The named query with every placeholder replaced by a checked ontology name or pattern."""
    text = cypher.query(name)
    wanted = set(PLACEHOLDER.findall(text))
    if wanted != set(values):
        raise ValueError(f"template {name} needs {sorted(wanted)}, was given {sorted(values)}")
    for key, value in values.items():
        if not isinstance(value, Pattern):
            _checked_name(value)
        text = text.replace("{{" + key + "}}", value)
    return text
