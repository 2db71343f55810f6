"""The analysis fields of the GraphQL API: centrality, brokers, cut points, communities, facility sites.

`AnalysisQuery` (merged into the root Query by api/schema.py):

| field                   | answered by                                                                |
| ----------------------- | -------------------------------------------------------------------------- |
| centrality              | graph/algorithms/measures.py on a projection (graph/analysis/projections.py) |
| brokers                 | graph/algorithms/brokerage.py (Gould–Fernandez roles across sectors)      |
| cutPoints               | graph/algorithms/cutpoints.py (single points of failure)                  |
| networkCommunities      | Louvain (graph/algorithms/communities.py); `communities` is taken by the  |
|                         | list of Community areas                                                    |
| recommendFacilitySites  | graph/analysis/planning.py (greedy maximum coverage)                      |

Answers are computed with NetworkX on a projection pulled from Neo4j (one
query per relationship kind), in a worker thread — never on the event loop —
and cached in memory against the graph version (graph/analysis/analyst.py): a repeated
question costs one small version query. Every node in an answer is the full
GraphQL object of its kind (`info.context.node`, batched), so a client can go
on from it. A bad argument is a BAD_USER_INPUT error naming it (an unknown area
NOT_FOUND): the analysis layer's errors (graph.errors classes, with the
argument at fault) go through with the GraphQL name of that argument in front
of their message; a question that takes longer than the request's time limit
is a TIMEOUT error, and goes on computing in the background so that asking
again soon is answered from memory. The types of the answers are
api/analysis_types.py's.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable
from typing import Annotated, Any, TypeVar

import networkx as nx
import strawberry

from api.analysis_types import (
    MAX_MEMBERS,
    MAX_TOP,
    AreaArg,
    AsOfArg,
    Broker,
    Brokerage,
    BrokerageRole,
    Centrality,
    CoverageObjective,
    CutPoint,
    CutPoints,
    CutTie,
    FacilityPlan,
    Metric,
    NetworkCommunities,
    NetworkCommunity,
    NetworkInfo,
    NetworkScope,
    ScopeArg,
    Score,
    SectorCount,
    SitePick,
    TopArg,
    _arg,
)
from api.context import Context
from api.enums import FacilityKind
from api.errors import ApiError, BadArgument, NotFound, RequestTimeout
from api.nullable import nullable_fields
from graph.algorithms.measures import EXACT_BETWEENNESS_WORK, EXACT_CLOSENESS_CELLS, SAMPLED, SEED, finite, structure
from graph.analysis import planning
from graph.analysis.analyst import Answer, AsyncAnalyst
from graph.analysis.projections import NodeKey

T = TypeVar("T")

# The GraphQL names of the analysis layer's arguments, where they differ from the Python parameter's.
GRAPHQL_ARGUMENTS = {"area_id": "areaId", "radius_m": "radiusMeters"}


def _check_top(name: str, value: int, most: int) -> None:
    if not 0 <= value <= most:
        raise BadArgument(f"{name}: must be between 0 and {most}, got {value}")


def _named(error: ApiError) -> ApiError:
    """An error of the analysis layer, with the GraphQL name of the argument at fault in front of its message."""
    if error.argument is None:
        return error
    name = GRAPHQL_ARGUMENTS.get(error.argument, error.argument)
    return (NotFound if isinstance(error, NotFound) else BadArgument)(f"{name}: {error.message}", argument=name)


async def _within(ctx: Context, work: Awaitable[T], what: str, goes_on: bool = True) -> T:
    """`work`, from memory or computed off the event loop, within the request's time limit; past it, a TIMEOUT
    saying `what` took too long, while the work goes on, so that its answer is kept for the next request."""
    try:
        async with asyncio.timeout(max(ctx.reader.remaining(), 0.001)):
            return await asyncio.shield(work)  # shielded: on a time-out the computation goes on
    except TimeoutError:
        raise RequestTimeout(f"{what} took longer than the request's time limit of {ctx.reader.timeout:g} s; "
                             + ("it goes on computing — " if goes_on else "") + "ask again shortly, or narrow it "
                             "to an area") from None
    except ApiError as error:
        raise _named(error) from None


async def _ask(info: strawberry.Info, question: str, scope: NetworkScope, area_id: str | None,
               as_of: dt.date | None, **options: Any) -> Answer[Any]:
    ctx: Context = info.context
    area_id = await ctx.scope.inside(ctx.reader, area_id)  # access: the identity's area scope (NOT_FOUND outside)
    analyst = AsyncAnalyst(ctx.driver, ctx.database)
    return await _within(ctx, analyst.ask(question, scope.value, area_id, as_of, **options),
                         f"the {question} of the {scope.name.lower()} network")


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



CUT_DEFINITION = ("On the GOVERNANCE network (organisations and areas, tied by co-building, shared units and people, "
                  "sub-organisation, membership, based-in, covers, manages, represents): for each street, the "
                  "organisations and ties of the street's own network whose loss leaves compounds of the street "
                  "with no path to it. On any network, also its articulation points and bridges.")



@nullable_fields
@strawberry.type
class AnalysisQuery:
    @strawberry.field(description="A centrality or structural-hole measure of every node of a network, computed "
                                  "with NetworkX on a projection of the graph; the notable end first (highest, "
                                  "or lowest for CONSTRAINT). Says whether betweenness or closeness was exact or "
                                  "sampled.")
    async def centrality(
            self, info: strawberry.Info, metric: Metric, scope: ScopeArg = NetworkScope.ORGANIZATIONS,
            area_id: AreaArg = None, as_of: AsOfArg = None, first: TopArg = 20,
            k: Annotated[int | None, _arg("BETWEENNESS and CLOSENESS only: estimate from k pivot nodes sampled "
                                          "with a fixed seed; when absent, exact unless the network would take "
                                          f"over {EXACT_BETWEENNESS_WORK:,} node visits (betweenness) or "
                                          f"{EXACT_CLOSENESS_CELLS:,} distances (closeness).")] = None,
    ) -> Centrality:
        _check_top("first", first, MAX_TOP)
        options: dict[str, Any] = {"metric": metric.value}
        if k is not None:
            if metric.value not in SAMPLED:
                raise BadArgument("k: sampled pivots apply to BETWEENNESS and CLOSENESS only")
            options["k"] = k
        answer = await _ask(info, "centrality", scope, area_id, as_of, **options)
        measure = answer.value
        ranked = [(node, value) for node, value in measure.top() if finite(value) is not None][:first]
        nodes = await _nodes(info, [node for node, _ in ranked])
        scores = [Score(rank=i + 1, value=value, node=node)
                  for i, ((_, value), node) in enumerate(zip(ranked, nodes)) if node is not None]
        return Centrality(metric=metric, method=measure.method, k=measure.k, seed=SEED if measure.k else None,
                          notes=list(measure.notes), network=_network(answer, scope), scores=scores)

    @strawberry.field(description="Brokers across sectors in the sense of Gould and Fernandez: how many two-step "
                                  "paths between unconnected nodes each node sits on, by role (coordinator, "
                                  "itinerant, representative, gatekeeper, liaison); most paths first.")
    async def brokers(
            self, info: strawberry.Info, scope: ScopeArg = NetworkScope.ORGANIZATIONS, area_id: AreaArg = None,
            as_of: AsOfArg = None, first: TopArg = 20,
            role: Annotated[BrokerageRole, _arg("Rank by this role (default: all roles together).")]
            = BrokerageRole.TOTAL,
    ) -> Brokerage:
        _check_top("first", first, MAX_TOP)
        answer = await _ask(info, "brokerage", scope, area_id, as_of)
        counts = {node: roles.as_dict() for node, roles in answer.value.items()}
        ranked = sorted((n for n in counts if counts[n][role.value] > 0),
                        key=lambda n: (-counts[n][role.value], n))[:first]
        nodes = await _nodes(info, ranked)
        graph = answer.graph
        found = [Broker(rank=i + 1, node=node, sector=graph.nodes[key]["sector"], **counts[key])
                 for i, (key, node) in enumerate(zip(ranked, nodes)) if node is not None]
        orientation = ("undirected ties read both ways: each unordered pair of unconnected contacts is two paths, "
                       "so gatekeeper and representative counts are equal")
        return Brokerage(role=role, orientation=orientation, network=_network(answer, scope), brokers=found)

    @strawberry.field(description="Single points of failure: organisations and ties whose loss cuts compounds off "
                                  "from their street (GOVERNANCE network), and articulation points and bridges of "
                                  "any network.")
    async def cut_points(
            self, info: strawberry.Info,
            scope: Annotated[NetworkScope, _arg("The network (default: GOVERNANCE, organisations and areas).")]
            = NetworkScope.GOVERNANCE,
            area_id: AreaArg = None, as_of: AsOfArg = None, first: TopArg = 20,
    ) -> CutPoints:
        _check_top("first", first, MAX_TOP)
        answer = await _ask(info, "single_points", scope, area_id, as_of)
        found = answer.value
        points = found.points[:first]
        ties = found.ties[:first]
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

    @strawberry.field(description="Louvain communities of a network (NetworkX, seeded), largest first, with the "
                                  "partition's modularity and each community's sectors.")
    async def network_communities(
            self, info: strawberry.Info, scope: ScopeArg = NetworkScope.ORGANIZATIONS, area_id: AreaArg = None,
            as_of: AsOfArg = None,
            resolution: Annotated[float, _arg("Louvain resolution: above 1 smaller communities, below 1 larger "
                                              "(0–100).")] = 1.0,
            first: Annotated[int, _arg(f"How many communities, largest first (0–{MAX_TOP}).")] = 10,
            members_first: Annotated[int, _arg(f"Members listed per community, most ties first "
                                               f"(0–{MAX_MEMBERS}).")] = 20,
    ) -> NetworkCommunities:
        _check_top("first", first, MAX_TOP)
        _check_top("membersFirst", members_first, MAX_MEMBERS)
        if not 0 < resolution <= 100:
            raise BadArgument(f"resolution: must be above 0 and at most 100, got {resolution:g}")
        answer = await _ask(info, "communities", scope, area_id, as_of, resolution=resolution)
        found, graph = answer.value, answer.graph
        listed = []
        for group in found.groups[:first]:
            ordered = sorted(group, key=lambda n: (-graph.degree(n), n))[:members_first]
            sectors: dict[str, int] = {}
            for node in group:
                sectors[graph.nodes[node]["sector"]] = sectors.get(graph.nodes[node]["sector"], 0) + 1
            listed.append((group, ordered, sectors))
        nodes = await _nodes(info, [n for _, ordered, _ in listed for n in ordered])
        by_key = dict(zip([n for _, ordered, _ in listed for n in ordered], nodes))
        result = [NetworkCommunity(index=i, size=len(group),
                                   sectors=[SectorCount(sector=s, count=c)
                                            for s, c in sorted(sectors.items(), key=lambda x: (-x[1], x[0]))],
                                   members=[by_key[n] for n in ordered if by_key[n] is not None])
                  for i, (group, ordered, sectors) in enumerate(listed)]
        return NetworkCommunities(modularity=found.modularity, resolution=found.resolution, seed=found.seed,
                                  count=len(found.groups), network=_network(answer, scope), communities=result)

    @strawberry.field(description="Where `count` new facilities of a kind, placed at existing compounds, would "
                                  "cover the most compounds and residents no such facility covers within "
                                  "radiusMeters today: greedy maximum coverage, with what each pick gains.")
    async def recommend_facility_sites(
            self, info: strawberry.Info,
            kind: Annotated[FacilityKind, _arg("The facility kind (canteen, elderly_centre …).")],  # type: ignore[valid-type]
            radius_meters: Annotated[float, _arg("How far a facility serves, in metres (0–50,000; 1,000 m is the "
                                                 "15-minute circle, 500 m the 10-minute).")] = 1000.0,
            count: Annotated[int, _arg(f"How many new facilities (1–{planning.MAX_COUNT}).")] = 3,
            area_id: Annotated[strawberry.ID | None, _arg("Plan for this area and below; the whole city when "
                                                          "absent.")] = None,
            objective: Annotated[CoverageObjective, _arg("Residents first (default) or compounds first.")]
            = CoverageObjective.RESIDENTS,
    ) -> FacilityPlan:
        ctx: Context = info.context
        area_id = await ctx.scope.inside(ctx.reader, area_id)  # access: the identity's area scope
        plan, cached = await _within(ctx, planning.arecommend_sites(
            ctx.driver, ctx.database, kind.value, radius_meters, count, area_id, objective.value),
            "the facility plan", goes_on=False)
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
        return FacilityPlan(kind=plan.kind, radius_meters=plan.radius_m, objective=objective,
                            compounds=plan.compounds, residents=plan.residents, existing_facilities=plan.facilities,
                            covered_before=plan.covered_before, residents_covered_before=plan.residents_covered_before,
                            uncovered_after=plan.uncovered_after,
                            residents_uncovered_after=plan.residents_uncovered_after,
                            compounds_without_position=len(plan.unplaced), graph_version=plan.graph_version,
                            cached=cached, picks=picks)
