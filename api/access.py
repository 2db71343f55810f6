"""Access control where queries are issued: root-field groups, area scopes, personal values, the audit record.

- `ROOT_FIELD_GROUPS`: the one table tagging every GraphQL root field with its group of
  graph/access/roles.py's FIELD_GROUPS; a role's schema (api/role_schema.py) carries only the fields of its
  groups. A root field missing from the table is in no role's schema (deny by default; a test checks that
  every field of the full schema is tagged).
- `Scope`: what a `Context` knows of its identity's area scope, used where Cypher is issued —
  `inside(reader, area_id)` defaults a network question's `areaId` to the scope and answers NOT_FOUND for an area
  outside it; `label(label)` narrows a node lookup to the families the role may read; every query run by the
  request's Reader carries `$scope` (None: the whole city), which the scoped queries read.
- `Disclosed`: the personal fields a request revealed unmasked, and for what purpose (for the audit trail).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from api.errors import NotFound
from graph import ontology
from graph.access.identity import Identity
from graph.access.roles import FIELD_GROUPS

if TYPE_CHECKING:
    from api.context import Reader

# --- every root field's group (one table) ------------------------------------------------------------
_FIXED: dict[str, str] = {
    "node": "entities", "nodes": "entities", "search": "entities", "model": "entities", "demoFigures": "entities",
    "coBuilders": "network", "coBuildingNetwork": "network", "neighborhood": "network",
    "coverageGaps": "coverage",
    "crossAppointments": "people",
    "crossAppointmentChains": "chains",
    "centrality": "analysis", "brokers": "analysis", "cutPoints": "analysis", "networkCommunities": "analysis",
    "recommendFacilitySites": "planning", "serviceLevels": "planning",
    "auditTrail": "audit", "personalData": "entities",
    "overdueCases": "analysis", "dispatchNetwork": "analysis",  # cases and their handlers: not a planner's
}
# Fields (beyond Person's own) that show a person's name: only in the schemas of roles that see names.
PERSON_NAME_FIELDS: frozenset[tuple[str, str]] = frozenset({("OverdueCase", "handlerName")})


def _list_groups() -> dict[str, str]:
    """The root list of each kind and family: people's lists are `people`, the others `entities`."""
    from api.kinds import LISTED
    from api.naming import camel, plural
    return {camel(plural(name)): "people" if ontology.family_of(name) == "Person" else "entities"
            for name in LISTED}


def root_field_groups() -> dict[str, str]:
    table = {**_list_groups(), **_FIXED}
    unknown = set(table.values()) - FIELD_GROUPS.keys()
    if unknown:
        raise ValueError(f"api/access.py: unknown field groups {sorted(unknown)}")
    return table


ROOT_FIELD_GROUPS: dict[str, str] = {}  # filled on first use (the kinds come from api/kinds.py)


def group_of(root_field: str) -> str | None:
    if not ROOT_FIELD_GROUPS:
        ROOT_FIELD_GROUPS.update(root_field_groups())
    return ROOT_FIELD_GROUPS.get(root_field)


# --- the area scope ------------------------------------------------------------------------------------
class Scope:
    """An identity's view of the graph inside one request (see the module docstring)."""

    def __init__(self, identity: Identity | None) -> None:
        self.identity = identity
        self.area = identity.area if identity is not None else None
        self._inside: dict[str, bool] = {}

    async def area_inside(self, reader: Reader, area_id: str) -> bool:
        if self.area is None or area_id == self.area:
            return True
        if area_id not in self._inside:
            rows = await reader.query("scope_area_inside", areaId=area_id, scope=self.area)
            self._inside[area_id] = bool(rows and rows[0]["inside"])
        return self._inside[area_id]

    async def inside(self, reader: Reader, area_id: str | None, argument: str = "areaId") -> str | None:
        """The area a question is computed on: the scope when none was asked, NOT_FOUND outside the scope."""
        if area_id is None:
            return self.area
        if not await self.area_inside(reader, area_id):
            raise NotFound(f"{argument}: no area with id {area_id!r}")
        return area_id

    async def subgraph(self, ctx: Any, nodes: list[Any], edges: list[Any], missing: str) -> tuple[list[Any], list[Any]]:
        """Nodes (the first the centre) and edges (`source`, `target`) kept to those inside the scope; NOT_FOUND
        when the centre is outside it. One batched lookup (entity_by_id_in_scope)."""
        if self.area is None:
            return nodes, edges
        from api.loading import ALL_FAMILIES, load_nodes

        found = await load_nodes(ctx, ALL_FAMILIES).load_many([n.id for n in nodes])
        if not found or found[0] is None:
            raise NotFound(missing)
        kept = [n for n, inside in zip(nodes, found, strict=True) if inside is not None]
        ids = {n.id for n in kept}
        return kept, [e for e in edges if e.source in ids and e.target in ids]

    @property
    def by_id_query(self) -> str:
        """The named query looking nodes up by id: among those inside the scope when there is one."""
        return "entity_by_id" if self.area is None else "entity_by_id_in_scope"

    def label(self, label: str) -> str | None:
        """`label` (a kind, a family, or families joined by |) narrowed to what the role may read; None: nothing."""
        if self.identity is None:
            return label
        wanted = [part for part in label.split("|") if self.identity.may_read(part)]
        return "|".join(wanted) or None


# --- what a request revealed -----------------------------------------------------------------------
@dataclass
class Disclosed:
    purpose: str | None = None
    revealed: set[str] = field(default_factory=set)  # Kind.property shown unmasked
    entities: int = 0

    def reveal(self, kind: str, prop: str) -> None:
        self.revealed.add(f"{kind}.{prop}")


def count_entities(data: Any) -> int:
    """How many node objects (dicts with an `id`) a response's data holds."""
    if isinstance(data, dict):
        return ("id" in data) + sum(count_entities(v) for v in data.values())
    if isinstance(data, list):
        return sum(count_entities(v) for v in data)
    return 0


def untagged(root_fields: Iterable[str]) -> list[str]:
    return sorted(name for name in root_fields if group_of(name) is None)
