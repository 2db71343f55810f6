"""The types of the analysis fields of the GraphQL API: their arguments (enums) and their answers.

The root fields that answer with them are api/analysis.py's; what each type's numbers mean is the analysis
layer's (graph/analysis/, graph/algorithms/).
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

import strawberry

from api.config import MAX_PAGE
from api.enums import FacilityKind
from api.types import TYPES
from graph.analysis.projections import PROJECTIONS

Node = TYPES["Node"]
Compound = TYPES["Compound"]

MAX_TOP = MAX_PAGE  # the most ranked nodes one answer lists (the bound of every list)
MAX_MEMBERS = MAX_PAGE  # the most members listed per community


def _arg(text: str) -> Any:
    return strawberry.argument(description=text)


# --- arguments ---------------------------------------------------------------------------------
@strawberry.enum(description="Which network (projection) a measure is computed on.")
class NetworkScope(Enum):
    ORGANIZATIONS = strawberry.enum_value("organizations", description=PROJECTIONS["organizations"].description)
    PEOPLE = strawberry.enum_value("people", description=PROJECTIONS["people"].description)
    AREAS = strawberry.enum_value("areas", description=PROJECTIONS["areas"].description)
    GOVERNANCE = strawberry.enum_value("governance", description=PROJECTIONS["governance"].description)


@strawberry.enum(description="A whole-network measure of each node.")
class Metric(Enum):
    DEGREE = strawberry.enum_value("degree", description="Degree centrality: neighbours / (n − 1).")
    STRENGTH = strawberry.enum_value("strength", description="Weighted degree: the sum of tie strengths.")
    BETWEENNESS = strawberry.enum_value(
        "betweenness", description="Normalised betweenness on hop paths (Brandes); exact, or estimated from k "
                                   "sampled pivots on networks too large for exact — the answer says which.")
    CLOSENESS = strawberry.enum_value(
        "closeness", description="Closeness (Wasserman–Faust for disconnected networks); exact, or with the mean "
                                 "distances of large components estimated from sampled pivots (Eppstein–Wang) "
                                 "on networks too large for exact — the answer says which.")
    PAGERANK = strawberry.enum_value("pagerank", description="PageRank (damping 0.85) on tie strength.")
    EIGENVECTOR = strawberry.enum_value("eigenvector", description="Eigenvector centrality on tie strength.")
    CONSTRAINT = strawberry.enum_value("constraint", description="Burt's constraint; the LOWEST come first "
                                                                 "(spanning structural holes).")
    EFFECTIVE_SIZE = strawberry.enum_value("effective_size", description="Burt's effective size (non-redundant "
                                                                         "contacts).")


@strawberry.enum(description="A Gould–Fernandez brokerage role, or all of them.")
class BrokerageRole(Enum):
    COORDINATOR = strawberry.enum_value("coordinator", description="a → b → c, all three of one sector.")
    ITINERANT = strawberry.enum_value("itinerant", description="a and c of one sector, the broker of another "
                                                               "(consultant).")
    REPRESENTATIVE = strawberry.enum_value("representative", description="a and the broker of one sector, c of "
                                                                         "another.")
    GATEKEEPER = strawberry.enum_value("gatekeeper", description="The broker and c of one sector, a of another.")
    LIAISON = strawberry.enum_value("liaison", description="All three of different sectors.")
    TOTAL = strawberry.enum_value("total", description="All roles together.")


@strawberry.enum(description="What a facility plan maximises first.")
class CoverageObjective(Enum):
    RESIDENTS = strawberry.enum_value("residents", description="Residents newly covered (compound population); "
                                                               "ties broken by compounds.")
    COMPOUNDS = strawberry.enum_value("compounds", description="Compounds newly covered; ties broken by residents.")


ScopeArg = Annotated[NetworkScope, _arg("The network to measure (default: the organisation network).")]
AreaArg = Annotated[strawberry.ID | None, _arg("Limit to this area and the areas below it (organisations "
                                                  "BASED_IN or COVERS them); the whole city when absent.")]
AsOfArg = Annotated[dt.date | None, _arg("Only ties valid at this date count (default: today).")]
TopArg = Annotated[int, _arg(f"How many nodes to list, the notable end first (0–{MAX_TOP}).")]


# --- answers -------------------------------------------------------------------------------------
@strawberry.type(description="The network an answer was computed on.")
class NetworkInfo:
    scope: NetworkScope
    area_id: strawberry.ID | None
    as_of: dt.date
    nodes: int = strawberry.field(description="Nodes of the network (isolated ones included).")
    ties: int = strawberry.field(description="Ties (edges) of the network.")
    components: int = strawberry.field(description="Connected components.")
    graph_version: int = strawberry.field(description="The graph version (advanced by every load) it describes.")
    cached: bool = strawberry.field(description="Whether the answer came from memory.")
    seconds: float = strawberry.field(description="Time this answer took on the server.")


@strawberry.type(description="A node and its value of the measure.")
class Score:
    rank: int
    value: float
    node: Node  # type: ignore[valid-type]


@strawberry.type(description="A measure of every node of a network, the notable end first.")
class Centrality:
    metric: Metric
    method: str = strawberry.field(description="How it was computed: exact, sampled (betweenness or closeness "
                                               "from k pivots) or none (no value could be found; see notes).")
    k: int | None = strawberry.field(description="Pivots used, when sampled.")
    seed: int | None = strawberry.field(description="Seed of the sampling, when sampled.")
    notes: list[str]
    network: NetworkInfo
    scores: list[Score]


@strawberry.type(description="How many two-step paths a node brokers, by Gould–Fernandez role, across sectors "
                             "(party, government, resident_unit, owners, property, volunteers, people, area).")
class Broker:
    rank: int
    node: Node  # type: ignore[valid-type]
    sector: str
    coordinator: int
    itinerant: int
    representative: int
    gatekeeper: int
    liaison: int
    total: int


@strawberry.type(description="Brokers of a network, most paths of the role asked first.")
class Brokerage:
    role: BrokerageRole
    orientation: str = strawberry.field(description="How ties were oriented.")
    network: NetworkInfo
    brokers: list[Broker]


@strawberry.type(description="A node whose loss disconnects part of the network (an articulation point).")
class CutPoint:
    node: Node  # type: ignore[valid-type]
    compounds_cut_off: int = strawberry.field(description="Compounds that would lose every path to their street "
                                                          "(GOVERNANCE network only).")
    residents_cut_off: int = strawberry.field(description="Their residents (compound population).")
    nodes_separated: int = strawberry.field(description="Nodes parted from the largest remaining piece of its "
                                                        "component.")
    compounds: list[Node] = strawberry.field(description="The compounds cut off (at most 50).")  # type: ignore[valid-type]


@strawberry.type(description="A tie whose loss disconnects part of the network (a bridge).")
class CutTie:
    source: Node  # type: ignore[valid-type]
    target: Node  # type: ignore[valid-type]
    kinds: list[str] = strawberry.field(description="What the tie is: agreement, shared_unit, shared_person, "
                                                    "SUB_ORGANIZATION_OF, MEMBER_OF, BASED_IN, COVERS, MANAGES, "
                                                    "REPRESENTS, WITHIN.")
    compounds_cut_off: int
    residents_cut_off: int
    nodes_separated: int


@strawberry.type(description="Single points of failure: nodes and ties whose loss disconnects the network; on the "
                             "GOVERNANCE network, the organisations and ties whose loss cuts compounds off from "
                             "their street. Most compounds cut off first, then most nodes separated.")
class CutPoints:
    definition: str
    network: NetworkInfo
    streets_checked: int
    compounds_unreached: int = strawberry.field(description="Compounds with no path to their street even now "
                                                            "(coverage gaps rather than single points of failure).")
    points: list[CutPoint]
    ties: list[CutTie]


@strawberry.type(description="How many members of a community belong to a sector.")
class SectorCount:
    sector: str
    count: int


@strawberry.type(description="A Louvain community: members more tied to each other than to the rest.")
class NetworkCommunity:
    index: int = strawberry.field(description="0 for the largest community, then by size.")
    size: int
    sectors: list[SectorCount]
    members: list[Node] = strawberry.field(description="Its members, most ties first (at most `members`).")  # type: ignore[valid-type]


@strawberry.type(description="Louvain communities of a network (seeded: the same answer every time).")
class NetworkCommunities:
    modularity: float
    resolution: float
    seed: int
    count: int = strawberry.field(description="Communities in all (isolated nodes are communities of one).")
    network: NetworkInfo
    communities: list[NetworkCommunity]


@strawberry.type(description="One new facility site of a plan, and what it adds.")
class SitePick:
    rank: int
    site: Compound  # type: ignore[valid-type]
    compounds_gained: int = strawberry.field(description="Compounds this site newly covers.")
    residents_gained: int = strawberry.field(description="Their residents.")
    compounds_covered: int = strawberry.field(description="Compounds covered after this pick (existing facilities "
                                                          "included).")
    residents_covered: int
    newly_covered: list[Compound] = strawberry.field(description="The compounds it newly covers (at most 50).")  # type: ignore[valid-type]


@strawberry.type(description="Where new facilities would cover the most uncovered compounds and residents "
                             "(greedy maximum coverage among existing compounds; great-circle distances).")
class FacilityPlan:
    kind: FacilityKind  # type: ignore[valid-type]
    radius_meters: float
    objective: CoverageObjective
    compounds: int = strawberry.field(description="Compounds of the area with coordinates.")
    residents: int
    existing_facilities: int
    covered_before: int
    residents_covered_before: int
    uncovered_after: int
    residents_uncovered_after: int
    compounds_without_position: int
    graph_version: int
    cached: bool
    picks: list[SitePick]
