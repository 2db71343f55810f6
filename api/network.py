"""The network questions (DESIGN.md), as root fields — each ONE named query of `cypher/`.

| field                    | query                               |
| ------------------------ | ----------------------------------- |
| coBuilders               | cypher/co_builders.cypher           |
| coBuildingNetwork        | cypher/co_building_network.cypher   |
| coverageGaps             | cypher/coverage_gaps.cypher         |
| crossAppointments        | cypher/cross_appointments.cypher    |
| crossAppointmentChains   | cypher/cross_appointment_chains.cypher |
| neighborhood             | cypher/neighborhood.cypher          |
| search                   | cypher/search.cypher                |

Tie weights of the co-building network are the analysis' (graph/analysis/projections.py
TIE_WEIGHTS, MECHANISM_BONUS), so `coBuildingNetwork` and `centrality` weigh
the same network the same way:

    weight = Σ over agreements (agreement 1.0 + 0.25 × (mechanisms − 1))
           + 0.5 × resident units seated on both committees
           + 1.0 × people holding a post in both

Every node in an answer is the full GraphQL object of its kind, so a client
can go on from it (`sharedPeople { posts { … } }`) — batched like any nested
field.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Optional

import strawberry
from strawberry.scalars import JSON

from api import templates
from api.config import (DEFAULT_NETWORK_NODES, DEFAULT_PAGE, DEFAULT_RADIUS_METERS, MAX_HOPS, MAX_MIN_ORGANIZATIONS,
                        MAX_NEIGHBORHOOD_DEPTH, MAX_NEIGHBORHOOD_NODES, MAX_NETWORK_NODES, MAX_PAGE,
                        MAX_RADIUS_METERS)
from api.context import Context
from api.entities import (ALL_FAMILIES, TYPES, Kind, connection_type, entity, kind_of, native, tie_type,
                          tie_values)
from api.errors import BadArgument, NotFound
from api.fulltext import lucene_query
from api.pagination import Page, PageInfo
from graph import ontology
from graph.analysis.projections import MECHANISM_BONUS, TIE_WEIGHTS

Organization = TYPES["Organization"]
Person = TYPES["Person"]
Facility = TYPES["Facility"]
Area = TYPES["Area"]
Node = TYPES["Node"]

WEIGHTS = {"agreement": TIE_WEIGHTS["agreement"], "mechanism": MECHANISM_BONUS,
           "sharedUnit": TIE_WEIGHTS["shared_unit"], "sharedPerson": TIE_WEIGHTS["shared_person"]}
WEIGHTING = (f"weight = Σ over agreements ({WEIGHTS['agreement']:g} + {WEIGHTS['mechanism']:g} × (mechanisms − 1)) "
             f"+ {WEIGHTS['sharedUnit']:g} × shared resident units + {WEIGHTS['sharedPerson']:g} × shared people")

# Which party organisations answer "a grand party committee" and "a grid branch" (ontology enum values).
GRAND_COMMITTEE_KINDS = ("grand_party_committee", "grand_working_committee")
GRID_BRANCH_KINDS = ("grid_party_branch",)
_PARTY_KINDS = next(p.enum for p in ontology.NODE_BY_NAME["PartyOrganization"].props if p.name == "kind")
assert set(GRAND_COMMITTEE_KINDS + GRID_BRANCH_KINDS) <= set(_PARTY_KINDS or ()), "kinds missing from the ontology"
FACILITY_KINDS: tuple[str, ...] = next(p.enum for p in ontology.NODE_BY_NAME["Facility"].props
                                       if p.name == "kind") or ()


def today() -> dt.date:
    return dt.date.today()


def _node(item: dict[str, Any]) -> Any:
    return entity(item["labels"], item["node"])


def _between(argument: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise BadArgument(f"{argument}: must be between {low:g} and {high:g}, got {value:g}")


# --- coBuilders -----------------------------------------------------------------------------------
@strawberry.type(description="A co-building agreement (共建协议) valid at the date asked about.")
class Agreement:
    name: Optional[str] = strawberry.field(description="协议名称: the agreement's name.")  # noqa: UP045
    mechanisms: list[str] = strawberry.field(
        description="共建机制: branch_co_building 支部共建, joint_decisions 决策联动, joint_work 工作联手, "
                    "shared_resources 资源联用, joint_assessment 考核联评.")
    start_date: Optional[dt.date] = None  # noqa: UP045
    end_date: Optional[dt.date] = None  # noqa: UP045


@strawberry.enum(description="The kinds of tie between two organisations of the co-building network.")
class TieKind(Enum):
    AGREEMENT = "AGREEMENT"  # a co-building agreement (CO_BUILDS)
    SHARED_UNIT = "SHARED_UNIT"  # a resident unit seated on both committees (SEATS_ON)
    SHARED_PERSON = "SHARED_PERSON"  # someone holding a post in both (SERVES_IN)


def _kinds(agreements: int, units: int, people: int) -> list[TieKind]:
    return [kind for kind, n in ((TieKind.AGREEMENT, agreements), (TieKind.SHARED_UNIT, units),
                                 (TieKind.SHARED_PERSON, people)) if n]


@strawberry.type(description="An organisation co-building with the one asked about, and how.")
class CoBuilder:
    organization: Organization  # type: ignore[valid-type]
    weight: float = strawberry.field(description=f"Tie strength: {WEIGHTING}.")
    kinds: list[TieKind] = strawberry.field(description="Which kinds of tie join the two.")
    agreements: list[Agreement] = strawberry.field(description="Agreements (CO_BUILDS) valid at the date.")
    shared_units: list[Organization] = strawberry.field(  # type: ignore[valid-type]
        description="Resident units holding a seat (SEATS_ON) on both committees at the date.")
    shared_people: list[Person] = strawberry.field(  # type: ignore[valid-type]
        description="People holding a post (SERVES_IN) in both at the date (交叉任职).")


@strawberry.type(description="Whom an organisation co-builds with (共驻共建), strongest tie first.")
class CoBuilders:
    organization: Organization  # type: ignore[valid-type]
    as_of: dt.date
    total_count: int = strawberry.field(description="How many organisations it co-builds with in all.")
    partners: list[CoBuilder]


def _agreement(tie: dict[str, Any]) -> Agreement:
    return Agreement(name=tie.get("agreement"), mechanisms=list(tie.get("mechanisms") or []),
                     start_date=native(tie.get("start_date")), end_date=native(tie.get("end_date")))


async def co_builders(info: strawberry.Info, organization_id: strawberry.ID, as_of: Optional[dt.date] = None,  # noqa: UP045
                      first: int = DEFAULT_PAGE) -> CoBuilders:
    _between("first", first, 0, MAX_PAGE)
    as_of = as_of or today()
    ctx: Context = info.context
    rows = await ctx.reader.query("co_builders", organizationId=organization_id, asOf=as_of, first=first,
                                  weights=WEIGHTS)
    if not rows:
        raise NotFound(f"organizationId: no organisation with id {organization_id!r}")
    row = rows[0]
    partners = [CoBuilder(organization=_node(p), weight=p["weight"],
                          kinds=_kinds(len(p["agreements"]), len(p["units"]), len(p["people"])),
                          agreements=[_agreement(a) for a in p["agreements"]],
                          shared_units=[_node(u) for u in p["units"]],
                          shared_people=[_node(x) for x in p["people"]]) for p in row["partners"]]
    return CoBuilders(organization=_node(row), as_of=as_of, total_count=row["total"], partners=partners)


# --- coBuildingNetwork ------------------------------------------------------------------------
@strawberry.type(description="An organisation of a co-building network, to draw as a node.")
class NetworkNode:
    id: strawberry.ID
    name: str
    kind: Kind  # type: ignore[valid-type]
    subtype: Optional[str]  # noqa: UP045
    degree: int = strawberry.field(description="How many organisations in the area it is tied to.")
    strength: float = strawberry.field(description="The sum of its tie weights inside the area.")
    node: Organization = strawberry.field(description="The full organisation.")  # type: ignore[valid-type]


@strawberry.type(description="A weighted tie of a co-building network (source id < target id), to draw as an edge.")
class NetworkEdge:
    source: strawberry.ID
    target: strawberry.ID
    weight: float = strawberry.field(description=f"Tie strength: {WEIGHTING}.")
    kinds: list[TieKind]
    agreements: int = strawberry.field(description="Co-building agreements (CO_BUILDS) between the two.")
    mechanisms: list[str] = strawberry.field(description="The mechanisms those agreements name.")
    shared_unit_ids: list[strawberry.ID] = strawberry.field(
        description="Resident units holding a seat on both committees.")
    shared_people: int = strawberry.field(description="How many people hold a post in both.")


ELEMENTS = ("The same nodes and edges as one JSON value in Cytoscape.js's elements format ({nodes: [{data}], "
            "edges: [{data}]}; a node's data.id is `Family:id`), ready to draw — and much cheaper to serve "
            "than the typed lists when a view needs hundreds of them.")


def _element_id(kind: Any, node_id: str) -> str:
    return f"{ontology.NODE_BY_NAME[kind.value].family}:{node_id}"


@strawberry.type(description="The co-building network inside an area: nodes and weighted edges for a view.")
class CoBuildingNetwork:
    area: Area  # type: ignore[valid-type]
    as_of: dt.date
    total_nodes: int = strawberry.field(description="Organisations BASED_IN or COVERS the area or below it.")
    truncated: bool = strawberry.field(description="Whether only the strongest `limit` organisations are shown.")
    nodes: list[NetworkNode] = strawberry.field(description="The organisations, strongest first.")
    edges: list[NetworkEdge] = strawberry.field(description="The ties between two organisations shown.")

    @strawberry.field(description=ELEMENTS)
    def elements(self) -> JSON:
        return {
            "nodes": [{"data": {"id": _element_id(n.kind, n.id), "nodeId": n.id, "label": n.name,
                                "kind": n.kind.value, "subtype": n.subtype, "degree": n.degree,
                                "strength": n.strength}} for n in self.nodes],
            "edges": [{"data": {"id": f"{e.source}~{e.target}", "source": f"Organization:{e.source}",
                                "target": f"Organization:{e.target}", "weight": e.weight,
                                "kinds": [k.value for k in e.kinds], "agreements": e.agreements,
                                "mechanisms": e.mechanisms, "sharedUnitIds": e.shared_unit_ids,
                                "sharedPeople": e.shared_people}} for e in self.edges],
        }


async def co_building_network(info: strawberry.Info, area_id: strawberry.ID, as_of: Optional[dt.date] = None,  # noqa: UP045
                              limit: int = DEFAULT_NETWORK_NODES) -> CoBuildingNetwork:
    _between("limit", limit, 1, MAX_NETWORK_NODES)
    as_of = as_of or today()
    ctx: Context = info.context
    rows = await ctx.area_wide("co_building_network", areaId=area_id, asOf=as_of, limit=limit, weights=WEIGHTS)
    if not rows:
        raise NotFound(f"areaId: no area with id {area_id!r}")
    row = rows[0]
    nodes = []
    for item in row["nodes"]:
        org = _node(item)
        nodes.append(NetworkNode(id=org.id, name=org.name, kind=org.kind, subtype=getattr(org, "subtype", None),
                                 degree=item["degree"], strength=item["strength"], node=org))
    edges = [NetworkEdge(source=e["source"], target=e["target"], weight=e["weight"],
                         kinds=_kinds(e["agreements"], len(e["sharedUnits"]), e["sharedPeople"]),
                         agreements=e["agreements"], mechanisms=e["mechanisms"], shared_unit_ids=e["sharedUnits"],
                         shared_people=e["sharedPeople"]) for e in row["edges"]]
    return CoBuildingNetwork(area=entity(row["areaLabels"], row["area"]), as_of=as_of, total_nodes=row["totalNodes"],
                             truncated=row["totalNodes"] > len(nodes), nodes=nodes, edges=edges)


# --- coverageGaps ---------------------------------------------------------------------------
@strawberry.enum(description="What is missing (the coverage questions of DESIGN.md).")
class GapKind(Enum):
    COMPOUND_NO_PARTY_ORGANIZATION = strawberry.enum_value(
        "COMPOUND_NO_PARTY_ORGANIZATION", description="Compounds no party organisation COVERS or is BASED_IN.")
    COMPOUND_NO_OWNERS_COMMITTEE = strawberry.enum_value(
        "COMPOUND_NO_OWNERS_COMMITTEE", description="Compounds no owners' committee REPRESENTS.")
    COMPOUND_NO_PROPERTY_MANAGEMENT = strawberry.enum_value(
        "COMPOUND_NO_PROPERTY_MANAGEMENT", description="Compounds no property company MANAGES.")
    COMPOUND_THREE_WITHOUT = strawberry.enum_value(
        "COMPOUND_THREE_WITHOUT", description="三无院落: compounds with none of the three above.")
    COMPOUND_NO_FACILITY = strawberry.enum_value(
        "COMPOUND_NO_FACILITY", description="Compounds (with coordinates) with no facility of `facilityKind` "
                                            "(any kind if absent) within `radiusMeters`.")
    COMPOUND_PARTY_OWNERS_UNLINKED = strawberry.enum_value(
        "COMPOUND_PARTY_OWNERS_UNLINKED", description="Compounds whose party organisation and owners' committee "
                                                      "share no one (no cross-appointment).")
    COMMUNITY_NO_GRAND_PARTY_COMMITTEE = strawberry.enum_value(
        "COMMUNITY_NO_GRAND_PARTY_COMMITTEE",
        description=f"Communities with no party organisation of kind {' or '.join(GRAND_COMMITTEE_KINDS)}.")
    GRID_NO_BRANCH = strawberry.enum_value(
        "GRID_NO_BRANCH", description=f"Grids with no party organisation of kind {' or '.join(GRID_BRANCH_KINDS)}.")
    RESIDENT_UNIT_NO_COMMITTEE = strawberry.enum_value(
        "RESIDENT_UNIT_NO_COMMITTEE", description="Resident units holding no seat (SEATS_ON) on any committee.")


@strawberry.type(description="Something lacking what it should have, with the nearest facility.")
class CoverageGap:
    subject: Node = strawberry.field(description="The compound, community, grid or resident unit.")  # type: ignore[valid-type]
    population: Optional[int]  # noqa: UP045
    lat: Optional[float] = strawberry.field(  # noqa: UP045
        description="Where distances are measured from (a resident unit: the area it is BASED_IN).")
    lon: Optional[float]  # noqa: UP045
    nearest_facility: Optional[Facility] = strawberry.field(  # type: ignore[valid-type]  # noqa: UP045
        description="The nearest facility of `facilityKind` (any kind if absent), null if none has coordinates.")
    distance_meters: Optional[float] = strawberry.field(  # noqa: UP045
        description="The straight-line distance to it, in metres (WGS84).")


@strawberry.type(description="A coverage gap in a list.")
class CoverageGapEdge:
    cursor: str
    node: CoverageGap


CoverageGapConnection = connection_type("CoverageGapConnection", CoverageGapEdge, CoverageGap,
                                        "A page of coverage gaps, largest population first.")


async def coverage_gaps(info: strawberry.Info, kind: GapKind, area_id: Optional[strawberry.ID] = None,  # noqa: UP045
                        radius_meters: float = DEFAULT_RADIUS_METERS, facility_kind: Optional[str] = None,  # noqa: UP045
                        as_of: Optional[dt.date] = None, first: int = DEFAULT_PAGE,  # noqa: UP045
                        after: Optional[str] = None) -> Any:  # noqa: UP045
    _between("radiusMeters", radius_meters, 0, MAX_RADIUS_METERS)
    if facility_kind is not None and facility_kind not in FACILITY_KINDS:
        raise BadArgument(f"facilityKind: {facility_kind!r} is not a kind of facility; expected one of "
                          f"{', '.join(FACILITY_KINDS)}")
    page = Page.of(first, after)
    ctx: Context = info.context
    rows = await ctx.area_wide(
        "coverage_gaps", kind=kind.value, areaId=area_id, asOf=as_of or today(), radiusMeters=float(radius_meters),
        facilityKind=facility_kind, grandKinds=list(GRAND_COMMITTEE_KINDS), branchKinds=list(GRID_BRANCH_KINDS),
        skip=page.skip, first=page.first)
    row = rows[0]
    if not row["scopeFound"]:
        raise NotFound(f"areaId: no area with id {area_id!r}")
    edges = [CoverageGapEdge(cursor=c, node=CoverageGap(
        subject=entity(g["labels"], g["subject"]), population=g["subject"].get("population"), lat=g["lat"],
        lon=g["lon"], nearest_facility=entity(["Facility"], g["nearest"]) if g["nearest"] else None,
        distance_meters=g["distance"])) for c, g in zip(page.cursors(len(row["gaps"])), row["gaps"])]
    fetched = len(edges) + (1 if page.skip + len(edges) < row["total"] else 0)
    return CoverageGapConnection(edges=edges, page_info=PageInfo.of(page, fetched), total_count=row["total"])


# --- crossAppointments ----------------------------------------------------------------------
Post = tie_type("SERVES_IN", "Post", {"organization": ("Organization", "The organisation the post is in.")},
                "A post (SERVES_IN, 任职): its role and dates and the organisation.")
ChainPost = tie_type("SERVES_IN", "ChainPost", {"person": ("Person", "The person holding the post."),
                                                "organization": ("Organization", "The organisation it is in.")},
                     "A post linking a person to an organisation in a chain.")


@strawberry.type(description="Someone holding posts in several organisations at once (交叉任职).")
class CrossAppointment:
    person: Person  # type: ignore[valid-type]
    organization_count: int = strawberry.field(description="In how many organisations they hold a post.")
    posts: list[Post]  # type: ignore[valid-type]


@strawberry.type(description="A cross-appointment in a list.")
class CrossAppointmentEdge:
    cursor: str
    node: CrossAppointment


CrossAppointmentConnection = connection_type("CrossAppointmentConnection", CrossAppointmentEdge, CrossAppointment,
                                             "A page of cross-appointments, most organisations first.")


async def cross_appointments(info: strawberry.Info, area_id: Optional[strawberry.ID] = None,  # noqa: UP045
                             as_of: Optional[dt.date] = None, min_organizations: int = 2,  # noqa: UP045
                             first: int = DEFAULT_PAGE, after: Optional[str] = None) -> Any:  # noqa: UP045
    if not 2 <= min_organizations <= MAX_MIN_ORGANIZATIONS:
        raise BadArgument(f"minOrganizations: a cross-appointment is posts in 2 or more organisations; "
                          f"give 2 to {MAX_MIN_ORGANIZATIONS}, got {min_organizations}")
    page = Page.of(first, after)
    ctx: Context = info.context
    rows = await ctx.area_wide("cross_appointments", areaId=area_id, asOf=as_of or today(),
                                  minOrganizations=min_organizations, skip=page.skip, first=page.first)
    row = rows[0]
    if not row["scopeFound"]:
        raise NotFound(f"areaId: no area with id {area_id!r}")
    edges = []
    for c, item in zip(page.cursors(len(row["people"])), row["people"]):
        posts = [Post(organization=entity(p["labels"], p["organization"]), **tie_values("SERVES_IN", p["post"]))
                 for p in item["posts"]]
        person = entity(item["labels"], item["person"])
        edges.append(CrossAppointmentEdge(cursor=c, node=CrossAppointment(
            person=person, organization_count=item["organizations"], posts=posts)))
    fetched = len(edges) + (1 if page.skip + len(edges) < row["total"] else 0)
    return CrossAppointmentConnection(edges=edges, page_info=PageInfo.of(page, fetched), total_count=row["total"])


# --- crossAppointmentChains -----------------------------------------------------------------
@strawberry.type(description="A shortest chain organisation → person → organisation → … between two organisations.")
class CrossAppointmentChain:
    hops: int = strawberry.field(description="How many people the chain passes through.")
    nodes: list[Node] = strawberry.field(  # type: ignore[valid-type]
        description="Organisation, person, organisation, … in order, from the first organisation to the second.")
    posts: list[ChainPost] = strawberry.field(  # type: ignore[valid-type]
        description="The posts (SERVES_IN) along the chain, in order.")


@strawberry.type(description="The shortest cross-appointment chains between two organisations.")
class CrossAppointmentChains:
    from_organization: Organization  # type: ignore[valid-type]
    to_organization: Organization  # type: ignore[valid-type]
    as_of: dt.date
    max_hops: int
    chains: list[CrossAppointmentChain] = strawberry.field(
        description="Every shortest chain (up to `first`), ordered by the ids along them; empty when none is "
                    "at most maxHops people long.")


async def cross_appointment_chains(info: strawberry.Info, from_id: strawberry.ID, to_id: strawberry.ID,
                                   max_hops: int = 4, as_of: Optional[dt.date] = None,  # noqa: UP045
                                   first: int = 10) -> CrossAppointmentChains:
    _between("maxHops", max_hops, 1, MAX_HOPS)
    _between("first", first, 1, MAX_PAGE)
    if from_id == to_id:
        raise BadArgument("toId: must name another organisation than fromId")
    as_of = as_of or today()
    ctx: Context = info.context
    rows = await ctx.reader.query("cross_appointment_chains", fromId=from_id, toId=to_id, maxHops=max_hops,
                                  asOf=as_of, first=first)
    if not rows:
        missing = [f"{arg}: no organisation with id {value!r}" for arg, value in (("fromId", from_id), ("toId", to_id))
                   if await ctx.node("Organization", value) is None]
        raise NotFound("; ".join(missing) or "fromId/toId: organisation not found")
    row = rows[0]
    ends = entity(row["fromLabels"], row["fromNode"]), entity(row["toLabels"], row["toNode"])
    chains = []
    for chain in row["chains"]:
        nodes = [_node(n) for n in chain["nodes"]]
        by_key = {(kind_of(n["labels"]) == "Person", n["node"]["id"]): obj for n, obj in zip(chain["nodes"], nodes)}
        posts = [ChainPost(person=by_key[(True, p["person"])], organization=by_key[(False, p["organization"])],
                           **tie_values("SERVES_IN", p["post"])) for p in chain["posts"]]
        chains.append(CrossAppointmentChain(hops=len(posts) // 2, nodes=nodes, posts=posts))
    return CrossAppointmentChains(from_organization=ends[0], to_organization=ends[1], as_of=as_of,
                                  max_hops=max_hops, chains=chains)


# --- neighborhood ---------------------------------------------------------------------------
@strawberry.type(description="A relationship of a subgraph, to draw as an edge.")
class SubgraphEdge:
    type: str = strawberry.field(description="The relationship type (SERVES_IN, WITHIN …).")
    label_zh: str = strawberry.field(description="Its Chinese name (任职, 隶属 …).")
    source: strawberry.ID
    source_kind: Kind  # type: ignore[valid-type]
    target: strawberry.ID
    target_kind: Kind  # type: ignore[valid-type]
    properties: JSON = strawberry.field(description="Its properties (dates as ISO strings).")


@strawberry.type(description="A bounded subgraph around a node, for a view.")
class Subgraph:
    centre: Node  # type: ignore[valid-type]
    nodes: list[Node] = strawberry.field(  # type: ignore[valid-type]
        description="The centre first, then the nodes around it, nearest first.")
    edges: list[SubgraphEdge] = strawberry.field(description="Every relationship between two of the nodes.")
    truncated: bool = strawberry.field(description="Whether more nodes were within `depth` than `limit`.")

    @strawberry.field(description=ELEMENTS)
    def elements(self) -> JSON:
        return {
            "nodes": [{"data": {"id": _element_id(n.kind, n.id), "nodeId": n.id, "label": n.name,
                                "kind": n.kind.value}} for n in self.nodes],
            "edges": [{"data": {"id": f"e{i}", "source": _element_id(e.source_kind, e.source),
                                "target": _element_id(e.target_kind, e.target), "type": e.type,
                                "labelZh": e.label_zh, "properties": e.properties}}
                      for i, e in enumerate(self.edges)],
        }


def _json(value: Any) -> Any:
    value = native(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


_PUBLIC_REL_PROPS = {rel.type: frozenset(p.name for p in rel.all_props if not p.personal)
                     for rel in ontology.REL_KINDS}


def _subgraph_edge(e: Any) -> SubgraphEdge:
    rel = ontology.REL_BY_TYPE.get(e["type"])
    public = _PUBLIC_REL_PROPS.get(e["type"], frozenset())
    return SubgraphEdge(type=e["type"], label_zh=rel.label_zh if rel else e["type"],
                        source=e["source"], source_kind=Kind[kind_of(e["sourceLabels"])],
                        target=e["target"], target_kind=Kind[kind_of(e["targetLabels"])],
                        properties={k: _json(v) for k, v in sorted(e["properties"].items()) if k in public})


async def neighborhood(info: strawberry.Info, id: strawberry.ID, depth: int = 1,  # noqa: A002
                       limit: int = 100) -> Subgraph:
    _between("depth", depth, 1, MAX_NEIGHBORHOOD_DEPTH)
    _between("limit", limit, 1, MAX_NEIGHBORHOOD_NODES)
    ctx: Context = info.context
    rows = await ctx.reader.run(templates.fill("neighborhood", FAMILIES=ALL_FAMILIES),
                                {"id": id, "depth": depth, "limit": limit})
    if not rows:
        raise NotFound(f"id: no node with id {id!r}")
    row = rows[0]
    nodes = [_node(n) for n in row["nodes"]]  # the query keeps to the ontology's families
    edges = [_subgraph_edge(e) for e in row["edges"]]
    return Subgraph(centre=nodes[0], nodes=nodes, edges=edges, truncated=row["truncated"])


_KNOWN_LABELS = frozenset(ontology.NODE_BY_NAME)


def _has_kind(labels: list[str]) -> bool:
    return not _KNOWN_LABELS.isdisjoint(labels)


# --- search ----------------------------------------------------------------------------------
@strawberry.type(description="A node found by its name, with the full-text score.")
class SearchHit:
    score: float
    node: Node  # type: ignore[valid-type]


async def search(info: strawberry.Info, text: str, kinds: Optional[list[Kind]] = None,  # type: ignore[valid-type]  # noqa: UP045
                 first: int = DEFAULT_PAGE) -> list[SearchHit]:
    _between("first", first, 1, MAX_PAGE)
    ctx: Context = info.context
    labels = [k.value for k in kinds] if kinds else None
    rows = await ctx.reader.query("search", text=lucene_query(text), labels=labels, first=first)
    return [SearchHit(score=r["score"], node=_node(r)) for r in rows if _has_kind(r["labels"])]


# --- the root type ----------------------------------------------------------------------------
def _arg(description: str) -> Any:
    return strawberry.argument(description=description)


OrgId = Annotated[strawberry.ID, _arg("An Organization id.")]
AreaId = Annotated[strawberry.ID, _arg("An Area id (any level: city, district, street, community, compound, grid).")]
OptionalAreaId = Annotated[Optional[strawberry.ID], _arg("Limit to this area and the areas below it; the whole "  # noqa: UP045
                                                         "graph when absent.")]
AsOf = Annotated[Optional[dt.date], _arg("Only ties valid at this date count (default: today).")]  # noqa: UP045


@strawberry.type
class NetworkQuery:
    @strawberry.field(description="With whom an organisation co-builds (共驻共建): by agreement, by a resident unit "
                                  "seated on both committees, by shared people; strongest tie first. " + WEIGHTING)
    async def co_builders(self, info: strawberry.Info, organization_id: OrgId, as_of: AsOf = None,
                          first: Annotated[int, _arg("How many partners (0–100).")] = DEFAULT_PAGE) -> CoBuilders:
        return await co_builders(info, organization_id, as_of, first)

    @strawberry.field(description="The co-building network inside an area (organisations BASED_IN or COVERS it or "
                                  "an area below it): nodes and weighted edges, shaped to draw. " + WEIGHTING)
    async def co_building_network(self, info: strawberry.Info, area_id: AreaId, as_of: AsOf = None,
                                  limit: Annotated[int, _arg(f"Most nodes shown, the strongest (1–"
                                                             f"{MAX_NETWORK_NODES}).")] = DEFAULT_NETWORK_NODES
                                  ) -> CoBuildingNetwork:
        return await co_building_network(info, area_id, as_of, limit)

    @strawberry.field(description="Compounds lacking a party organisation, an owners' committee, property "
                                  "management or a facility within a radius; communities without a grand party "
                                  "committee; grids without a branch; resident units on no committee — each with "
                                  "the nearest facility and its distance. Largest population first.")
    async def coverage_gaps(
            self, info: strawberry.Info, kind: GapKind, area_id: OptionalAreaId = None,
            radius_meters: Annotated[float, _arg("For COMPOUND_NO_FACILITY: the walking radius in metres "
                                                 "(0–50,000; 1,000 m is the 15-minute circle).")]
            = DEFAULT_RADIUS_METERS,
            facility_kind: Annotated[Optional[str], _arg("The facility kind that counts (canteen, "  # noqa: UP045
                                                         "elderly_centre …); any when absent.")] = None,
            as_of: AsOf = None, first: Annotated[int, _arg("How many gaps (0–100).")] = DEFAULT_PAGE,
            after: Annotated[Optional[str], _arg("Gaps after this cursor.")] = None,  # noqa: UP045
    ) -> CoverageGapConnection:  # type: ignore[valid-type]
        return await coverage_gaps(info, kind, area_id, radius_meters, facility_kind, as_of, first, after)

    @strawberry.field(description="People holding posts in at least minOrganizations organisations at a date "
                                  "(交叉任职), most organisations first, with their posts.")
    async def cross_appointments(
            self, info: strawberry.Info,
            area_id: Annotated[Optional[strawberry.ID], _arg("Count only posts in organisations BASED_IN this "  # noqa: UP045
                                                             "area or below it; the whole graph when absent.")]
            = None,
            as_of: AsOf = None,
            min_organizations: Annotated[int, _arg("At least this many organisations (2–50).")] = 2,
            first: Annotated[int, _arg("How many people (0–100).")] = DEFAULT_PAGE,
            after: Annotated[Optional[str], _arg("People after this cursor.")] = None,  # noqa: UP045
    ) -> CrossAppointmentConnection:  # type: ignore[valid-type]
        return await cross_appointments(info, area_id, as_of, min_organizations, first, after)

    @strawberry.field(description="The shortest chains organisation → person → organisation → … from one "
                                  "organisation to another, over posts valid at a date.")
    async def cross_appointment_chains(
            self, info: strawberry.Info, from_id: OrgId, to_id: OrgId,
            max_hops: Annotated[int, _arg(f"Longest chain, in people (1–{MAX_HOPS}).")] = 4,
            as_of: AsOf = None, first: Annotated[int, _arg("How many chains (1–100).")] = 10,
    ) -> CrossAppointmentChains:
        return await cross_appointment_chains(info, from_id, to_id, max_hops, as_of, first)

    @strawberry.field(description="A bounded subgraph around a node: the nodes within depth steps (nearest first, "
                                  "at most limit) and every relationship between them.")
    async def neighborhood(
            self, info: strawberry.Info, id: Annotated[strawberry.ID, _arg("The centre's id.")],  # noqa: A002
            depth: Annotated[int, _arg(f"Steps from the centre (1–{MAX_NEIGHBORHOOD_DEPTH}).")] = 1,
            limit: Annotated[int, _arg(f"Most nodes besides the centre (1–{MAX_NEIGHBORHOOD_NODES}).")] = 100,
    ) -> Subgraph:
        return await neighborhood(info, id, depth, limit)

    @strawberry.field(description="Nodes whose Chinese or English name has these words (full-text index "
                                  "name_fulltext, CJK-aware), best match first.")
    async def search(
            self, info: strawberry.Info,
            text: Annotated[str, _arg("Words to find; each a phrase, all required, a lone character a prefix. "
                                      "Lucene syntax is searched for, not obeyed.")],
            kinds: Annotated[Optional[list[Kind]], _arg("Only these kinds or families.")] = None,  # type: ignore[valid-type]  # noqa: UP045
            first: Annotated[int, _arg("How many hits (1–100).")] = DEFAULT_PAGE,
    ) -> list[SearchHit]:
        return await search(info, text, kinds, first)
