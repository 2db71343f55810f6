"""The `Kind` enum of the GraphQL schema, and which kinds and families the API lists.

`Kind` names every family and kind of the ontology (Area, Compound,
Organization, PartyOrganization …); a family stands for all its kinds. A
family with several kinds is a GraphQL interface (`MULTI_KIND_FAMILIES`); a
family of one kind (Person) is that kind's type.
"""
from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from functools import cache

import strawberry

from graph import ontology
from graph.ontology import NodeKind

KIND_NAMES: tuple[str, ...] = tuple(dict.fromkeys([*ontology.FAMILIES, *(k.name for k in ontology.NODE_KINDS)]))
Kind = strawberry.enum(Enum("Kind", {name: name for name in KIND_NAMES}),  # type: ignore[misc]
                       description="A node kind of the ontology (Compound, PartyOrganization …), or a family "
                                   "(Area, Organization …) standing for all its kinds.")

MULTI_KIND_FAMILIES: tuple[str, ...] = tuple(f for f in ontology.FAMILIES if f not in ontology.NODE_BY_NAME)
# Every name with a root list field and a connection type: the interfaces first, then the kinds.
LISTED: tuple[str, ...] = (*MULTI_KIND_FAMILIES, *(k.name for k in ontology.NODE_KINDS))


def kinds_of(name: str) -> tuple[NodeKind, ...]:
    """The kinds a kind or family name stands for."""
    return ontology.kinds_matching((name,))


def label_zh(name: str) -> str:
    """A kind's Chinese name; a family's own name."""
    return ontology.NODE_BY_NAME[name].label_zh if name in ontology.NODE_BY_NAME else name


def kind_of(labels: Sequence[str]) -> str:
    """The kind label among a node's labels (its family label for single-kind families)."""
    return _kind_of(tuple(labels))


@cache
def _kind_of(labels: tuple[str, ...]) -> str:
    family = next((label for label in labels if label in ontology.FAMILIES), None)
    if family is None:
        raise ValueError(f"a node with labels {list(labels)} has no kind of the ontology")
    return ontology.kind_of(labels, family)
