"""How a node of a kind sits in an area, as a path pattern for the list queries' templates.

How a node of a kind sits in an area (`-[:BASED_IN]->(:Area)`, or through the
organisations a person serves in, NodeKind.placed_via) is derived here from
the ontology's refs and handed to `graph.store.queries.fill` as a `Pattern`.
Values never pass through here: they are always query parameters.
"""
from __future__ import annotations

from graph import ontology
from graph.store.queries import Pattern, checked_name

AREA = "Area"


def placement_rel(kind: str) -> str | None:
    """The relationship placing a kind in an area (BASED_IN, LOCATED_IN, WITHIN …), from its ontology refs."""
    node = ontology.NODE_BY_NAME.get(kind)
    kinds = (node,) if node else ontology.KINDS_OF_FAMILY.get(kind, ())
    found = {ref.rel for k in kinds for ref in k.refs if any(_is_area(t) for t in ref.targets)}
    return found.pop() if len(found) == 1 else None


def _is_area(name: str) -> bool:
    return name == AREA or (name in ontology.NODE_BY_NAME and ontology.NODE_BY_NAME[name].family == AREA)


def _placed_via(kind: str) -> tuple[str, str] | None:
    """How a kind or family with no tie of its own to an area is placed in one (NodeKind.placed_via)."""
    node = ontology.NODE_BY_NAME.get(kind)
    found = {k.placed_via for k in ((node,) if node else ontology.KINDS_OF_FAMILY.get(kind, ()))}
    return found.pop() if len(found) == 1 else None


def placement(kind: str, inward: bool) -> Pattern | None:
    """`-[:BASED_IN]->(:Area)` (outward, from the node) or its reverse, for a kind or family; None if it has none.

    Inward patterns read from the area towards the node: `(:Area)<-[:BASED_IN]-`.
    """
    rel = placement_rel(kind)
    via = _placed_via(kind)
    if rel is not None:
        hops = [(rel, AREA)]
    elif via is not None:
        via_rel, via_label = via
        hops = [(via_rel, via_label), (placement_rel(via_label), AREA)]
    else:
        return None
    for rel_type, label in hops:
        checked_name(rel_type)
        checked_name(label)
    if not inward:
        return Pattern("".join(f"-[:{r}]->(:{label})" for r, label in hops))
    # reversed: the area first, then back towards the node
    return Pattern("".join(f"(:{label})<-[:{r}]-" for r, label in reversed(hops)))
