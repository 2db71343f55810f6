"""The network measures `govgraph analyze` writes onto organisations, in GraphQL.

`govgraph analyze` (graph/analysis/writeback.py) stores whole-network measures as
properties of the Organization nodes, described by graph.ontology
.MEASURE_PROPS. Everything here is generated from that tuple — adding a
measure there adds it here:

- `OrganizationMeasures`: the object of an organisation's `measures` field, one
  field per measure (camelCase), null as a whole when the node has never been
  analysed (it has no `analysis_version`). It is read from the node's
  properties the API has already fetched (`properties(n)`): no extra query.
- `OrganizationMeasure`: the enum of what `sort: MEASURE` can order
  organisation lists by. The property the list query reads is the enum
  member's value, a name of MEASURE_PROPS, passed to Cypher as a parameter
  (`n[$measure]`): user text never reaches the query.
"""
from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

import strawberry

from graph import ontology
from graph.ontology import MEASURE_PROPS

FAMILY = "Organization"  # the family whose nodes `govgraph analyze` writes measures on
VERSION = "analysis_version"  # present on every analysed node: the graph version the measures describe
SORTABLE: tuple[ontology.Prop, ...] = tuple(p for p in MEASURE_PROPS if p.name != VERSION)
PY_TYPES: dict[str, type] = {"int": int, "float": float}
MEASURED_KINDS: frozenset[str] = frozenset(k.name for k in ontology.KINDS_OF_FAMILY[FAMILY])


def _measures_type() -> type:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for prop in MEASURE_PROPS:
        # A measure can be missing on an analysed node (closeness of an isolate is not finite …); the version cannot.
        annotation = PY_TYPES[prop.type]
        annotations[prop.name] = annotation if prop.name == VERSION else annotation | None
        namespace[prop.name] = strawberry.field(description=ontology.describe(prop), default=None)
    return strawberry.type(type("OrganizationMeasures", (), namespace),
                           description="网络指标: the organisation's measures in the whole city's organisation "
                                       "network, as `govgraph analyze` last wrote them (analysisVersion says on "
                                       "which graph version).")


OrganizationMeasures = _measures_type()

OrganizationMeasure = strawberry.enum(  # type: ignore[misc]
    Enum("OrganizationMeasure",  # type: ignore[misc]
         {p.name.upper(): strawberry.enum_value(p.name, description=ontology.describe(p)) for p in SORTABLE}),
    description="A measure `govgraph analyze` writes on organisations, to order a list by (sort: MEASURE).")


def measures_of(props: Mapping[str, Any]) -> Any:
    """An organisation's measures from its node properties, or None if it has never been analysed."""
    if props.get(VERSION) is None:
        return None
    return OrganizationMeasures(**{p.name: props.get(p.name) for p in MEASURE_PROPS})


def property_of(measure: Any) -> str:
    """The node property a member of OrganizationMeasure orders by — a name of MEASURE_PROPS, nothing else."""
    name = measure.value
    if not any(p.name == name for p in SORTABLE):
        raise ValueError(f"{name!r} is not a measure of graph.ontology.MEASURE_PROPS")
    return name


def add_field(namespace: dict[str, Any]) -> None:
    """Declare `measures` in the namespace of the Organization interface (its kinds inherit it)."""
    if "measures" in namespace["__annotations__"]:
        raise ValueError("Organization already has a field `measures`; rename one of them")
    namespace["__annotations__"]["measures"] = OrganizationMeasures | None
    namespace["measures"] = strawberry.field(
        default=None,
        description="网络指标: degree, betweenness, closeness, PageRank, eigenvector, Burt's constraint and "
                    "effective size, Louvain community, brokerage roles and single-point-of-failure reach in the "
                    "whole city's organisation network, as `govgraph analyze` wrote them; null if it has not "
                    "been run since this organisation was added.")
