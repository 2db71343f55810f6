"""The analysis fields of the GraphQL API: centrality, brokers, cut points, communities, facility sites.

`AnalysisQuery` (merged into the root Query by api/schema.py):

| field                   | answered by                                              |
| ----------------------- | -------------------------------------------------------- |
| centrality              | graph/algorithms/measures.py on a projection (graph/analysis/projections.py) |
| brokers                 | graph/algorithms/brokerage.py (Gould–Fernandez roles across sectors) |
| cutPoints               | graph/algorithms/cutpoints.py (single points of failure)            |
| networkCommunities      | Louvain (graph/algorithms/measures.py); `communities` is taken by   |
|                         | the list of Community areas                              |
| recommendFacilitySites  | graph/analysis/planning.py (greedy maximum coverage)              |

Answers are computed with NetworkX on a projection pulled from Neo4j (one
query per relationship kind), in a worker thread — never on the event loop —
and cached in memory against the graph version (graph/analysis/analyst.py): a repeated
question costs one small version query. Every node in an answer is the full
GraphQL object of its kind (`info.context.node`, batched), so a client can go
on from it. A bad argument is a BAD_USER_INPUT error naming it; a question that
takes longer than the request's time limit is a TIMEOUT error, and goes on
computing in the background so that asking again soon is answered from memory.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from enum import Enum
from typing import Annotated, Any, Optional

import networkx as nx
import strawberry

from api.context import Context
from api.types import TYPES
from api.errors import BadArgument, NotFound, RequestTimeout
from graph.analysis import planning
from graph.analysis.analyst import Answer, AsyncAnalyst
from graph.algorithms.measures import EXACT_BETWEENNESS_WORK, EXACT_CLOSENESS_CELLS, SAMPLED, SEED, finite, structure
from graph.analysis.projections import PROJECTIONS, AnalysisError, NodeKey

Node = TYPES["Node"]
Compound = TYPES["Compound"]

MAX_TOP = 500  # the most ranked nodes one answer lists
MAX_MEMBERS = 200  # the most members listed per community


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
AreaArg = Annotated[Optional[strawberry.ID], _arg("Limit to this area and the areas below it (organisations "  # noqa: UP045
                                                  "BASED_IN or COVERS them); the whole city when absent.")]
AsOfArg = Annotated[Optional[dt.date], _arg("Only ties valid at this date count (default: today).")]  # noqa: UP045
TopArg = Annotated[int, _arg(f"How many nodes to list, the notable end first (1–{MAX_TOP}).")]


# --- answers -------------------------------------------------------------------------------------
@strawberry.type(description="The network an answer was computed on.")
class NetworkInfo:
    scope: NetworkScope
    area_id: Optional[strawberry.ID]  # noqa: UP045
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
    k: Optional[int] = strawberry.field(description="Pivots used, when sampled.")  # noqa: UP045
    seed: Optional[int] = strawberry.field(description="Seed of the sampling, when sampled.")  # noqa: UP045
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
    kind: str
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


# --- resolving -------------------------------------------------------------------------------------
def _check_top(name: str, value: int, most: int) -> None:
    if not 1 <= value <= most:
        raise BadArgument(f"{name}: must be between 1 and {most}, got {value}")


async def _ask(info: strawberry.Info, question: str, scope: NetworkScope, area_id: str | None,
               as_of: dt.date | None, **options: Any) -> Answer[Any]:
    """The answer, from memory or computed off the event loop, within the request's time limit."""
    ctx: Context = info.context
    analyst = AsyncAnalyst(ctx.driver, ctx.database)
    try:
        async with asyncio.timeout(max(ctx.reader.remaining(), 0.001)):
            # shielded: on a time-out the computation goes on, and its answer is cached for the next request
            return await asyncio.shield(analyst.ask(question, scope.value, area_id, as_of, **options))
    except TimeoutError:
        raise RequestTimeout(f"the {question} of the {scope.name.lower()} network took longer than the request's "
                             f"time limit of {ctx.reader.timeout:g} s; it goes on computing — ask again shortly, "
                             "or narrow it to an area") from None
    except AnalysisError as error:
        message = str(error)
        if message.startswith("no area"):
            raise NotFound(f"areaId: {message}") from None
        raise BadArgument(message) from None


def _network(answer: Answer[Any], scope: NetworkScope) -> NetworkInfo:
    graph: nx.Graph = answer.graph
    return NetworkInfo(scope=scope, area_id=answer.scope.area_id, as_of=answer.scope.as_of,
                       nodes=graph.number_of_nodes(), ties=graph.number_of_edges(),
                       components=len(structure(graph).sizes), graph_version=answer.graph_version,
                       cached=answer.cached, seconds=round(answer.seconds, 6))


async def _nodes(info: strawberry.Info, keys: list[NodeKey]) -> list[Any]:
    """The GraphQL objects of these (family, id) keys, in order (one batched query per family)."""
    ctx: Context = info.context
    return list(await asyncio.gather(*(ctx.node(family, node_id) for family, node_id in keys)))


async def centrality(info: strawberry.Info, metric: Metric, scope: NetworkScope, area_id: str | None,
                     as_of: dt.date | None, top: int, k: int | None) -> Centrality:
    _check_top("top", top, MAX_TOP)
    options: dict[str, Any] = {"metric": metric.value}
    if k is not None:
        if metric.value not in SAMPLED:
            raise BadArgument("k: sampled pivots apply to BETWEENNESS and CLOSENESS only")
        options["k"] = k
    answer = await _ask(info, "centrality", scope, area_id, as_of, **options)
    measure = answer.value
    ranked = [(node, value) for node, value in measure.top() if finite(value) is not None][:top]
    nodes = await _nodes(info, [node for node, _ in ranked])
    scores = [Score(rank=i + 1, value=value, node=node)
              for i, ((_, value), node) in enumerate(zip(ranked, nodes)) if node is not None]
    return Centrality(metric=metric, method=measure.method, k=measure.k, seed=SEED if measure.k else None,
                      notes=list(measure.notes), network=_network(answer, scope), scores=scores)


async def brokers(info: strawberry.Info, scope: NetworkScope, area_id: str | None, as_of: dt.date | None,
                  top: int, role: BrokerageRole) -> Brokerage:
    _check_top("top", top, MAX_TOP)
    answer = await _ask(info, "brokerage", scope, area_id, as_of)
    counts = {node: roles.as_dict() for node, roles in answer.value.items()}
    ranked = sorted((n for n in counts if counts[n][role.value] > 0), key=lambda n: (-counts[n][role.value], n))[:top]
    nodes = await _nodes(info, ranked)
    graph = answer.graph
    found = [Broker(rank=i + 1, node=node, sector=graph.nodes[key]["sector"], **counts[key])
             for i, (key, node) in enumerate(zip(ranked, nodes)) if node is not None]
    orientation = ("undirected ties read both ways: each unordered pair of unconnected contacts is two paths, so "
                   "gatekeeper and representative counts are equal")
    return Brokerage(role=role, orientation=orientation, network=_network(answer, scope), brokers=found)


CUT_DEFINITION = ("On the GOVERNANCE network (organisations and areas, tied by co-building, shared units and people, "
                  "sub-organisation, membership, based-in, covers, manages, represents): for each street, the "
                  "organisations and ties of the street's own network whose loss leaves compounds of the street "
                  "with no path to it. On any network, also its articulation points and bridges.")


async def cut_points(info: strawberry.Info, scope: NetworkScope, area_id: str | None, as_of: dt.date | None,
                     top: int) -> CutPoints:
    _check_top("top", top, MAX_TOP)
    answer = await _ask(info, "single_points", scope, area_id, as_of)
    found = answer.value
    points = found.points[:top]
    ties = found.ties[:top]
    shown = 50
    keys = [p.node for p in points] + [n for t in ties for n in (t.source, t.target)]
    compounds = [("Area", c) for p in points for c in p.compounds_cut_off[:shown]]
    nodes = await _nodes(info, keys + compounds)
    by_key = dict(zip(keys + compounds, nodes))
    return CutPoints(
        definition=CUT_DEFINITION, network=_network(answer, scope), streets_checked=found.streets,
        compounds_unreached=len(found.compounds_unreached),
        points=[CutPoint(node=by_key[p.node], compounds_cut_off=len(p.compounds_cut_off),
                         residents_cut_off=p.residents_cut_off, nodes_separated=p.nodes_separated,
                         compounds=[by_key[("Area", c)] for c in p.compounds_cut_off[:shown]
                                    if by_key[("Area", c)] is not None])
                for p in points if by_key[p.node] is not None],
        ties=[CutTie(source=by_key[t.source], target=by_key[t.target], kinds=list(t.kinds),
                     compounds_cut_off=len(t.compounds_cut_off), residents_cut_off=t.residents_cut_off,
                     nodes_separated=t.nodes_separated)
              for t in ties if by_key[t.source] is not None and by_key[t.target] is not None])


async def communities(info: strawberry.Info, scope: NetworkScope, area_id: str | None, as_of: dt.date | None,
                      resolution: float, top: int, members: int) -> NetworkCommunities:
    _check_top("top", top, MAX_TOP)
    _check_top("members", members, MAX_MEMBERS)
    if not 0 < resolution <= 100:
        raise BadArgument(f"resolution: must be above 0 and at most 100, got {resolution:g}")
    answer = await _ask(info, "communities", scope, area_id, as_of, resolution=resolution)
    found, graph = answer.value, answer.graph
    listed = []
    for group in found.groups[:top]:
        ordered = sorted(group, key=lambda n: (-graph.degree(n), n))[:members]
        sectors: dict[str, int] = {}
        for node in group:
            sectors[graph.nodes[node]["sector"]] = sectors.get(graph.nodes[node]["sector"], 0) + 1
        listed.append((group, ordered, sectors))
    nodes = await _nodes(info, [n for _, ordered, _ in listed for n in ordered])
    by_key = dict(zip([n for _, ordered, _ in listed for n in ordered], nodes))
    result = [NetworkCommunity(index=i, size=len(group),
                        sectors=[SectorCount(sector=s, count=c) for s, c in sorted(sectors.items(),
                                                                                   key=lambda x: (-x[1], x[0]))],
                        members=[by_key[n] for n in ordered if by_key[n] is not None])
              for i, (group, ordered, sectors) in enumerate(listed)]
    return NetworkCommunities(modularity=found.modularity, resolution=found.resolution, seed=found.seed,
                       count=len(found.groups), network=_network(answer, scope), communities=result)


async def recommend_facility_sites(info: strawberry.Info, kind: str, radius_meters: float, count: int,
                                   area_id: str | None, objective: CoverageObjective) -> FacilityPlan:
    ctx: Context = info.context
    try:
        async with asyncio.timeout(max(ctx.reader.remaining(), 0.001)):
            plan, cached = await asyncio.shield(planning.arecommend_sites(
                ctx.driver, ctx.database, kind, radius_meters, count, area_id, objective.value))
    except TimeoutError:
        raise RequestTimeout(f"the facility plan took longer than the request's time limit of "
                             f"{ctx.reader.timeout:g} s; ask again shortly, or narrow it to an area") from None
    except AnalysisError as error:
        message = str(error)
        if message.startswith("no area"):
            raise NotFound(f"areaId: {message}") from None
        argument = {"unknown facility kind": "kind", "radius": "radiusMeters", "count": "count"}
        name = next((arg for start, arg in argument.items() if message.startswith(start)), "objective")
        raise BadArgument(f"{name}: {message}") from None
    shown = 50
    keys = [("Area", p.site.id) for p in plan.picks]
    covered = [("Area", c) for p in plan.picks for c in p.compounds_gained[:shown]]
    nodes = await _nodes(info, keys + covered)
    by_key = dict(zip(keys + covered, nodes))
    picks = [SitePick(rank=p.rank, site=by_key[("Area", p.site.id)], compounds_gained=len(p.compounds_gained),
                      residents_gained=p.residents_gained, compounds_covered=p.compounds_covered,
                      residents_covered=p.residents_covered,
                      newly_covered=[by_key[("Area", c)] for c in p.compounds_gained[:shown]
                                     if by_key[("Area", c)] is not None])
             for p in plan.picks if by_key[("Area", p.site.id)] is not None]
    return FacilityPlan(kind=plan.kind, radius_meters=plan.radius_m, objective=objective, compounds=plan.compounds,
                        residents=plan.residents, existing_facilities=plan.facilities,
                        covered_before=plan.covered_before, residents_covered_before=plan.residents_covered_before,
                        uncovered_after=plan.uncovered_after, residents_uncovered_after=plan.residents_uncovered_after,
                        compounds_without_position=len(plan.unplaced), graph_version=plan.graph_version,
                        cached=cached, picks=picks)


@strawberry.type
class AnalysisQuery:
    @strawberry.field(description="A centrality or structural-hole measure of every node of a network, computed "
                                  "with NetworkX on a projection of the graph; the notable end first (highest, "
                                  "or lowest for CONSTRAINT). Says whether betweenness or closeness was exact or "
                                  "sampled.")
    async def centrality(
            self, info: strawberry.Info, metric: Metric, scope: ScopeArg = NetworkScope.ORGANIZATIONS,
            area_id: AreaArg = None, as_of: AsOfArg = None, top: TopArg = 20,
            k: Annotated[Optional[int], _arg("BETWEENNESS and CLOSENESS only: estimate from k pivot nodes sampled "  # noqa: UP045
                                             "with a fixed seed; when absent, exact unless the network would take "
                                             f"over {EXACT_BETWEENNESS_WORK:,} node visits (betweenness) or "
                                             f"{EXACT_CLOSENESS_CELLS:,} distances (closeness).")] = None,
    ) -> Centrality:
        return await centrality(info, metric, scope, area_id, as_of, top, k)

    @strawberry.field(description="Brokers across sectors in the sense of Gould and Fernandez: how many two-step "
                                  "paths between unconnected nodes each node sits on, by role (coordinator, "
                                  "itinerant, representative, gatekeeper, liaison); most paths first.")
    async def brokers(
            self, info: strawberry.Info, scope: ScopeArg = NetworkScope.ORGANIZATIONS, area_id: AreaArg = None,
            as_of: AsOfArg = None, top: TopArg = 20,
            role: Annotated[BrokerageRole, _arg("Rank by this role (default: all roles together).")]
            = BrokerageRole.TOTAL,
    ) -> Brokerage:
        return await brokers(info, scope, area_id, as_of, top, role)

    @strawberry.field(description="Single points of failure: organisations and ties whose loss cuts compounds off "
                                  "from their street (GOVERNANCE network), and articulation points and bridges of "
                                  "any network.")
    async def cut_points(
            self, info: strawberry.Info,
            scope: Annotated[NetworkScope, _arg("The network (default: GOVERNANCE, organisations and areas).")]
            = NetworkScope.GOVERNANCE,
            area_id: AreaArg = None, as_of: AsOfArg = None, top: TopArg = 20,
    ) -> CutPoints:
        return await cut_points(info, scope, area_id, as_of, top)

    @strawberry.field(description="Louvain communities of a network (NetworkX, seeded), largest first, with the "
                                  "partition's modularity and each community's sectors.")
    async def network_communities(
            self, info: strawberry.Info, scope: ScopeArg = NetworkScope.ORGANIZATIONS, area_id: AreaArg = None,
            as_of: AsOfArg = None,
            resolution: Annotated[float, _arg("Louvain resolution: above 1 smaller communities, below 1 larger "
                                              "(0–100).")] = 1.0,
            top: Annotated[int, _arg(f"How many communities, largest first (1–{MAX_TOP}).")] = 10,
            members: Annotated[int, _arg(f"Members listed per community, most ties first (1–{MAX_MEMBERS}).")] = 20,
    ) -> NetworkCommunities:
        return await communities(info, scope, area_id, as_of, resolution, top, members)

    @strawberry.field(description="Where `count` new facilities of a kind, placed at existing compounds, would "
                                  "cover the most compounds and residents no such facility covers within "
                                  "radiusMeters today: greedy maximum coverage, with what each pick gains.")
    async def recommend_facility_sites(
            self, info: strawberry.Info,
            kind: Annotated[str, _arg("The facility kind: " + ", ".join(planning.FACILITY_KINDS) + ".")],
            radius_meters: Annotated[float, _arg("How far a facility serves, in metres (0–50,000; 1,000 m is the "
                                                 "15-minute circle, 500 m the 10-minute).")] = 1000.0,
            count: Annotated[int, _arg(f"How many new facilities (1–{planning.MAX_COUNT}).")] = 3,
            area_id: Annotated[Optional[strawberry.ID], _arg("Plan for this area and below; the whole city when "  # noqa: UP045
                                                             "absent.")] = None,
            objective: Annotated[CoverageObjective, _arg("Residents first (default) or compounds first.")]
            = CoverageObjective.RESIDENTS,
    ) -> FacilityPlan:
        return await recommend_facility_sites(info, kind, radius_meters, count, area_id, objective)
