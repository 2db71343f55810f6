"""Network projections pulled from Neo4j into NetworkX.

Cypher answers local questions; whole-network measures need the whole network
in memory (DESIGN.md, principle 4). A *projection* is that network: which nodes
and which ties, pulled with ONE query per relationship kind (named queries
`cypher/projection_*.cypher`), never a query per node. Each query returns its
rows packed in one list: the Python driver spends ~45 µs on every record it
decodes, so a record per row made pulling the demo city's organisations take
0.6 s instead of 0.08 s.

Projections (all undirected `nx.Graph`s):

- ``organizations`` — the organisation network (组织网络). Two organisations
  are tied when they

  * have a co-building agreement (CO_BUILDS) — an *agreement* tie;
  * share a resident unit: the same unit SEATS_ON both their committees — a
    *shared unit* tie (only party organisations have committees with seats);
  * share a person: someone SERVES_IN both — a *shared person* tie
    (cross-appointment, 交叉任职).

  Edge ``weight`` = sum over the ties between the pair of the kind's weight in
  ``TIE_WEIGHTS`` (+ ``MECHANISM_BONUS`` per co-building mechanism beyond the
  first). A formal agreement and a shared person are strong ties (1.0 each);
  a shared resident unit is an indirect tie through a third party (0.5). Edges
  also carry the counts by kind (``agreements``, ``mechanisms``,
  ``shared_units``, ``shared_people``) and ``kinds``.
- ``people`` — the person–organisation two-mode network (SERVES_IN), with
  NetworkX's ``bipartite`` node attribute (0 organisations, 1 people); edges
  carry ``roles`` and ``weight`` = number of posts the person holds there.
- ``areas`` — the area hierarchy (WITHIN), a tree per city.
- ``governance`` — how organisations reach areas: organisations and areas,
  tied by the organisation network above, by SUB_ORGANIZATION_OF and MEMBER_OF,
  and by BASED_IN, COVERS, MANAGES and REPRESENTS. WITHIN is *not* an edge here
  (a compound is not governed by being drawn inside a street); the hierarchy is
  kept as the graph attribute ``parent`` so the single-points-of-failure
  analysis (graph/algorithms/cutpoints.py) can ask which compounds lose their street.

Every projection can be limited to an area (organisations BASED_IN or COVERS
that area or any area below it; areas below it) and to a date: only ties valid
at ``as_of`` count (start_date <= as_of and end_date empty or >= as_of);
``as_of`` defaults to today, the network as it stands.

Node keys are ``(family, id)`` pairs, because ids are unique within a family
only (an Area and a Person may share an id). Node attributes: ``id``,
``name``, ``kind`` (the kind label), ``family``, ``sector`` (party,
government, resident_unit, owners, property, volunteers, people, area) and
``subkind`` (the node's ``kind`` property, e.g. grand_party_committee); areas
also ``population``, ``lat``, ``lon``. Personal data (props with
``personal=True``) is never pulled: the queries name what they return.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
from neo4j import AsyncDriver, Driver

from graph.store import queries
from graph import ontology
from graph.store.bulk import cyclic_gc_paused

NodeKey = tuple[str, str]  # (family, id)
Rows = list[dict[str, Any]]

TIE_WEIGHTS: dict[str, float] = {"agreement": 1.0, "shared_person": 1.0, "shared_unit": 0.5}
MECHANISM_BONUS = 0.25  # per co-building mechanism beyond the first: a deeper agreement is a stronger tie

ORG = "Organization"
AREA = "Area"
PERSON = "Person"

# The sector of each organisation kind, for brokerage across sectors (Gould & Fernandez).
# Associations take the sector they federate; a test checks every Organization kind is here.
SECTOR_OF_KIND: dict[str, str] = {
    "PartyOrganization": "party",
    "GovernmentBody": "government",
    "ResidentUnit": "resident_unit",
    "OwnersCommittee": "owners",
    "PropertyCompany": "property",
    "VolunteerTeam": "volunteers",
    "Association": "party",  # refined by subkind below
}
SECTOR_OF_ASSOCIATION: dict[str, str] = {
    "owners_committee_association": "owners",
    "property_company_association": "property",
    "party_building_alliance": "party",
}
SECTOR_OF_FAMILY: dict[str, str] = {PERSON: "people", AREA: "area"}


class AnalysisError(ValueError):
    """A network question asked with an argument that cannot be answered (unknown projection, area, metric …).

    Its message names the argument and what was expected; the CLI and the API show it as is."""


def sector(kind: str, subkind: str | None) -> str:
    if kind == "Association" and subkind in SECTOR_OF_ASSOCIATION:
        return SECTOR_OF_ASSOCIATION[subkind]
    if kind in SECTOR_OF_KIND:
        return SECTOR_OF_KIND[kind]
    return SECTOR_OF_FAMILY.get(ontology.NODE_BY_NAME[kind].family, "other")


def kind_of(labels: Iterable[str], family: str) -> str:
    """The kind label among a node's labels (the family label itself for single-kind families)."""
    kinds = [label for label in labels if label in ontology.NODE_BY_NAME and label != family]
    return kinds[0] if kinds else family


@dataclass(frozen=True)
class Scope:
    """What part of the city a projection covers: an area (or the whole city) at a date."""

    area_id: str | None
    as_of: date

    @classmethod
    def of(cls, area_id: str | None = None, as_of: date | None = None) -> Scope:
        return cls(area_id or None, as_of or date.today())


@dataclass(frozen=True)
class Projection:
    name: str
    label_zh: str
    description: str
    node_queries: tuple[str, ...]  # run first, with $area and $asOf
    tie_queries: tuple[str, ...]  # run next, with $orgs, $areas (ids found, or null for the city) and $asOf
    build: Callable[[dict[str, Rows], Scope], nx.Graph]


# --- building graphs from rows ---------------------------------------------
def _add_orgs(graph: nx.Graph, rows: Rows) -> None:
    for row in sorted(rows, key=lambda r: r["id"]):
        kind = kind_of(row["labels"], ORG)
        graph.add_node((ORG, row["id"]), id=row["id"], name=row["name"], kind=kind, family=ORG,
                       sector=sector(kind, row["subkind"]), subkind=row["subkind"])


def _add_areas(graph: nx.Graph, rows: Rows) -> None:
    for row in sorted(rows, key=lambda r: r["id"]):
        kind = kind_of(row["labels"], AREA)
        graph.add_node((AREA, row["id"]), id=row["id"], name=row["name"], kind=kind, family=AREA,
                       sector="area", subkind=None, population=row["population"], lat=row["lat"], lon=row["lon"])


Ties = dict[tuple[NodeKey, NodeKey], dict[str, Any]]  # edge attributes by (u, v), in order of first appearance


def _tie(ties: Ties, u: NodeKey, v: NodeKey, **empty: Any) -> dict[str, Any]:
    """The attributes of the tie u–v (either way round), started as `empty` if new.

    Ties are gathered in a dict and added to the graph at once: NetworkX rebuilds its edge view
    after every add_edge, so updating edge attributes one add at a time costs ten times more."""
    if (v, u) in ties:
        return ties[v, u]
    return ties.setdefault((u, v), empty)


def _add_ties(graph: nx.Graph, ties: Ties) -> None:
    graph.add_edges_from((u, v, attrs) for (u, v), attrs in ties.items())


def _org_ties(graph: nx.Graph, rows: dict[str, Rows]) -> Ties:
    """The three kinds of organisation-network tie, weighted as the module docstring says."""
    found: list[tuple[str, str, str, int]] = []  # (source, target, kind, count or mechanisms)
    found += [(r["source"], r["target"], "agreement", r["mechanisms"]) for r in rows["projection_co_builds"]]
    found += [(r["source"], r["target"], "shared_unit", r["ties"]) for r in rows["projection_shared_units"]]
    found += [(r["source"], r["target"], "shared_person", r["ties"]) for r in rows["projection_shared_people"]]
    ties: Ties = {}
    # Sorted so that the adjacency order, and with it every seeded algorithm, is the same run after run.
    for source, target, kind, number in sorted(found, key=lambda t: (min(t[0], t[1]), max(t[0], t[1]), t[2])):
        u, v = (ORG, source), (ORG, target)
        if u == v or u not in graph or v not in graph:
            continue
        edge = _tie(ties, u, v, weight=0.0, agreements=0, mechanisms=0, shared_units=0, shared_people=0, kinds=[])
        if kind == "agreement":
            edge["agreements"] += 1
            edge["mechanisms"] += number
            edge["weight"] += TIE_WEIGHTS[kind] + MECHANISM_BONUS * max(number - 1, 0)
        else:
            edge["shared_units" if kind == "shared_unit" else "shared_people"] += number
            edge["weight"] += TIE_WEIGHTS[kind] * number
        if kind not in edge["kinds"]:
            edge["kinds"].append(kind)
    return ties


def build_organizations(rows: dict[str, Rows], scope: Scope) -> nx.Graph:
    graph = nx.Graph(projection="organizations", area_id=scope.area_id, as_of=scope.as_of.isoformat())
    _add_orgs(graph, rows["projection_organizations"])
    _add_ties(graph, _org_ties(graph, rows))
    return graph


def build_people(rows: dict[str, Rows], scope: Scope) -> nx.Graph:
    graph = nx.Graph(projection="people", area_id=scope.area_id, as_of=scope.as_of.isoformat())
    _add_orgs(graph, rows["projection_organizations"])
    for node in graph:
        graph.nodes[node]["bipartite"] = 0
    ties: Ties = {}
    for row in sorted(rows["projection_serves_in"], key=lambda r: (r["person"], r["organization"], r["role"] or "")):
        person, org = (PERSON, row["person"]), (ORG, row["organization"])
        if org not in graph:
            continue
        if person not in graph:
            graph.add_node(person, id=row["person"], name=row["name"], kind=kind_of(row["labels"], PERSON),
                           family=PERSON, sector=SECTOR_OF_FAMILY[PERSON], subkind=None, bipartite=1)
        edge = _tie(ties, person, org, weight=0.0, roles=[], part_time=False)
        edge["weight"] += 1.0
        if row["role"] and row["role"] not in edge["roles"]:
            edge["roles"].append(row["role"])
        edge["part_time"] = edge["part_time"] or bool(row["part_time"])
    _add_ties(graph, ties)
    return graph


def _area_parents(rows: Rows) -> dict[str, str]:
    return {r["source"]: r["target"] for r in rows}


def build_areas(rows: dict[str, Rows], scope: Scope) -> nx.Graph:
    graph = nx.Graph(projection="areas", area_id=scope.area_id, as_of=scope.as_of.isoformat())
    _add_areas(graph, rows["projection_areas"])
    graph.add_edges_from(((AREA, child), (AREA, parent), {"weight": 1.0, "kinds": ["WITHIN"]})
                         for child, parent in sorted(_area_parents(rows["projection_within"]).items())
                         if (AREA, child) in graph and (AREA, parent) in graph)
    return graph


def build_governance(rows: dict[str, Rows], scope: Scope) -> nx.Graph:
    graph = nx.Graph(projection="governance", area_id=scope.area_id, as_of=scope.as_of.isoformat())
    _add_orgs(graph, rows["projection_organizations"])
    _add_areas(graph, rows["projection_areas"])
    ties = _org_ties(graph, rows)
    extra = [((ORG, r["source"]), (ORG, r["target"]), r["kind"]) for r in rows["projection_org_hierarchy"]]
    extra += [((ORG, r["source"]), (AREA, r["target"]), r["kind"]) for r in rows["projection_org_areas"]]
    for u, v, kind in sorted(extra):
        if u == v or u not in graph or v not in graph:
            continue
        edge = _tie(ties, u, v, weight=0.0, kinds=[])
        edge["weight"] += 1.0
        if kind not in edge["kinds"]:
            edge["kinds"].append(kind)
    _add_ties(graph, ties)
    graph.graph["parent"] = _area_parents(rows["projection_within"])
    return graph


_ORG_TIES = ("projection_co_builds", "projection_shared_units", "projection_shared_people")

PROJECTIONS: dict[str, Projection] = {p.name: p for p in (
    Projection("organizations", "组织网络",
               "organisations tied by co-building agreements, shared resident units and shared people",
               ("projection_organizations",), _ORG_TIES, build_organizations),
    Projection("people", "人员—组织二模网络", "people and the organisations they serve in (SERVES_IN)",
               ("projection_organizations",), ("projection_serves_in",), build_people),
    Projection("areas", "区域层级", "the area hierarchy (WITHIN)",
               ("projection_areas",), ("projection_within",), build_areas),
    Projection("governance", "治理覆盖网络",
               "organisations and areas: the organisation network plus sub-organisation, membership and "
               "based-in / covers / manages / represents ties (the hierarchy kept aside)",
               ("projection_organizations", "projection_areas"),
               _ORG_TIES + ("projection_org_hierarchy", "projection_org_areas", "projection_within"),
               build_governance),
)}


def projection(name: str) -> Projection:
    if name not in PROJECTIONS:
        raise AnalysisError(f"unknown projection {name!r}: expected one of {', '.join(PROJECTIONS)}")
    return PROJECTIONS[name]


# --- pulling ---------------------------------------------------------------
def _node_params(scope: Scope) -> dict[str, Any]:
    return {"area": scope.area_id, "asOf": scope.as_of}


def _tie_params(scope: Scope, rows: dict[str, Rows]) -> dict[str, Any]:
    """Ids the tie queries keep to; null (no filter) for the whole city."""
    def ids(query: str) -> list[str] | None:
        if scope.area_id is None or query not in rows:
            return None
        return [r["id"] for r in rows[query]]

    return {"orgs": ids("projection_organizations"), "areas": ids("projection_areas"), "asOf": scope.as_of}


def _missing_area(scope: Scope) -> AnalysisError:
    return AnalysisError(f"no area with id {scope.area_id!r}")


def unpack(records: Iterable[Any]) -> Rows:
    """Rows of a packed query (`columns`, `rows`), or of a plain one (a record per row)."""
    rows: Rows = []
    for record in records:
        if "rows" in record.keys() and "columns" in record.keys():
            columns = record["columns"]
            rows += [dict(zip(columns, row)) for row in record["rows"]]
        else:
            rows.append(record.data())
    return rows


def _run(driver: Driver, database: str | None, name: str, params: dict[str, Any]) -> Rows:
    records, _, _ = driver.execute_query(queries.query(name), params, database_=database, routing_="r")
    return unpack(records)


def pull(driver: Driver, database: str | None, name: str, scope: Scope) -> nx.Graph:
    """The projection `name` for `scope`, pulled with one query per relationship kind."""
    spec = projection(name)
    if scope.area_id is not None and not _run(driver, database, "analysis_area", {"area": scope.area_id}):
        raise _missing_area(scope)
    with cyclic_gc_paused():
        rows = {q: _run(driver, database, q, _node_params(scope)) for q in spec.node_queries}
        params = _tie_params(scope, rows)
        rows |= {q: _run(driver, database, q, params) for q in spec.tie_queries}
        return spec.build(rows, scope)


async def _arun(driver: AsyncDriver, database: str | None, name: str, params: dict[str, Any]) -> Rows:
    records, _, _ = await driver.execute_query(queries.query(name), params, database_=database, routing_="r")
    return unpack(records)


async def apull(driver: AsyncDriver, database: str | None, name: str, scope: Scope) -> nx.Graph:
    """`pull` for the async API: the tie queries run concurrently; building runs off the event loop."""
    spec = projection(name)
    if scope.area_id is not None and not await _arun(driver, database, "analysis_area", {"area": scope.area_id}):
        raise _missing_area(scope)
    with cyclic_gc_paused():
        node_rows = await asyncio.gather(*(_arun(driver, database, q, _node_params(scope))
                                           for q in spec.node_queries))
        rows = dict(zip(spec.node_queries, node_rows))
        params = _tie_params(scope, rows)
        tie_rows = await asyncio.gather(*(_arun(driver, database, q, params) for q in spec.tie_queries))
        rows |= dict(zip(spec.tie_queries, tie_rows))
        return await asyncio.to_thread(spec.build, rows, scope)
