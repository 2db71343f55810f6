"""Network projections pulled from Neo4j into NetworkX.

Cypher answers local questions; whole-network measures need the whole network
in memory (DESIGN.md, principle 4). A *projection* is that network: which nodes
and which ties, pulled with ONE query per relationship kind (named queries
`cypher/projection_*.cypher`), never a query per node. Each query returns its
rows packed in one list: the Python driver spends ~45 µs on every record it
decodes, so a record per row made pulling the demo city's organisations take
0.6 s instead of 0.08 s.

`pulling(name, scope)` says what to read and how to build (graph/analysis/steps.py), once for either driver;
`pull(driver, …)` answers it over a sync driver (the analyst answers it over either).

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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
from neo4j import Driver

from graph import ontology
from graph.analysis import steps
from graph.analysis.steps import Rows, Steps, Work, read
from graph.errors import BadInput, NotFound

NodeKey = tuple[str, str]  # (family, id): ids are unique within a family only

TIE_WEIGHTS: dict[str, float] = {"agreement": 1.0, "shared_person": 1.0, "shared_unit": 0.5}
MECHANISM_BONUS = 0.25  # per co-building mechanism beyond the first: a deeper agreement is a stronger tie

ORG = "Organization"
AREA = "Area"
PERSON = "Person"

# The sectors of the ontology (ontology.sector_of) as tables, for display and tests.
SECTOR_OF_KIND: dict[str, str] = {k.name: k.sector or "other" for k in ontology.KINDS_OF_FAMILY[ORG]}
SECTOR_OF_ASSOCIATION: dict[str, str] = dict(ontology.NODE_BY_NAME["Association"].sector_by_subtype)
sector = ontology.sector_of


class AnalysisError(BadInput):
    """A network question asked with an argument that cannot be answered (unknown projection, metric, k …).

    Its message names the argument and what was expected; the CLI shows it as is, the API with the name of
    the GraphQL argument (`argument`, the Python parameter's name) in front."""


class AreaNotFound(NotFound, AnalysisError):
    """The area a question is limited to does not exist (NOT_FOUND)."""

    def __init__(self, area_id: str | None) -> None:
        super().__init__(f"no area with id {area_id!r}", argument="area_id")


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
        kind = ontology.kind_of(row["labels"], ORG)
        graph.add_node((ORG, row["id"]), id=row["id"], name=row["name"], kind=kind, family=ORG,
                       sector=ontology.sector_of(kind, row["subkind"]), subkind=row["subkind"])


def _add_areas(graph: nx.Graph, rows: Rows) -> None:
    for row in sorted(rows, key=lambda r: r["id"]):
        kind = ontology.kind_of(row["labels"], AREA)
        graph.add_node((AREA, row["id"]), id=row["id"], name=row["name"], kind=kind, family=AREA,
                       sector=ontology.sector_of(kind), subkind=None, population=row["population"], lat=row["lat"],
                       lon=row["lon"])


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
            graph.add_node(person, id=row["person"], name=row["name"], kind=ontology.kind_of(row["labels"], PERSON),
                           family=PERSON, sector=ontology.sector_of(PERSON), subkind=None, bipartite=1)
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
        raise AnalysisError(f"unknown projection {name!r}: expected one of {', '.join(PROJECTIONS)}",
                            argument="projection")
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


def area_exists(area_id: str) -> Steps[None]:
    """Refuse a question limited to an area that does not exist (AreaNotFound)."""
    (found,) = yield read(("analysis_area", {"area": area_id}))
    if not found:
        raise AreaNotFound(area_id)


def pulling(name: str, scope: Scope) -> Steps[nx.Graph]:
    """The projection `name` for `scope`: one query per relationship kind (those of the nodes first, then the
    ties, which keep to the nodes found), then the graph built from the rows."""
    spec = projection(name)
    if scope.area_id is not None:
        yield from area_exists(scope.area_id)
    node_rows = yield read(*((q, _node_params(scope)) for q in spec.node_queries))
    rows = dict(zip(spec.node_queries, node_rows))
    params = _tie_params(scope, rows)
    tie_rows = yield read(*((q, params) for q in spec.tie_queries))
    rows |= dict(zip(spec.tie_queries, tie_rows))
    return (yield Work(lambda: spec.build(rows, scope)))


def pull(driver: Driver, database: str | None, name: str, scope: Scope) -> nx.Graph:
    """The projection `name` for `scope`, over a sync driver."""
    return steps.run(pulling(name, scope), driver, database)
