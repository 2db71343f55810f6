"""Co-building (共驻共建): whom an organisation co-builds with (`coBuilders`), and the co-building network
inside an area (`coBuildingNetwork`) — cypher/co_builders.cypher and cypher/co_building_network.cypher.

Tie weights are the analysis' (graph/analysis/projections.py TIE_WEIGHTS,
MECHANISM_BONUS), so `coBuildingNetwork` and `centrality` weigh the same
network the same way:

    weight = Σ over agreements (agreement 1.0 + 0.25 × (mechanisms − 1))
           + 0.5 × resident units seated on both committees
           + 1.0 × people holding a post in both
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api import aggregates
from api.arguments import AreaId, AsOf, OrgId, arg, between, today
from api.config import DEFAULT_NETWORK_NODES, MAX_NETWORK_NODES
from api.connections import Connection, as_of_field, connection_type, edge_type
from api.context import Context
from api.elements import ELEMENTS, element_id
from api.errors import BadArgument, NotFound
from api.kinds import Kind
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg, Page, edge_cursors
from api.props import native
from api.registry import entity, entity_of
from api.types import TYPES
from graph import ontology
from graph.analysis.projections import MECHANISM_BONUS, TIE_WEIGHTS
from graph.ontology import Prop

Organization = TYPES["Organization"]
Person = TYPES["Person"]
Area = TYPES["Area"]

WEIGHTS = {"agreement": TIE_WEIGHTS["agreement"], "mechanism": MECHANISM_BONUS,
           "sharedUnit": TIE_WEIGHTS["shared_unit"], "sharedPerson": TIE_WEIGHTS["shared_person"]}
WEIGHTING = (f"weight = Σ over agreements ({WEIGHTS['agreement']:g} + {WEIGHTS['mechanism']:g} × (mechanisms − 1)) "
             f"+ {WEIGHTS['sharedUnit']:g} × shared resident units + {WEIGHTS['sharedPerson']:g} × shared people")


@strawberry.enum(description="The kinds of tie between two organisations of the co-building network.")
class TieKind(Enum):
    AGREEMENT = "AGREEMENT"  # a co-building agreement (CO_BUILDS)
    SHARED_UNIT = "SHARED_UNIT"  # a resident unit seated on both committees (SEATS_ON)
    SHARED_PERSON = "SHARED_PERSON"  # someone holding a post in both (SERVES_IN)


def _kinds(agreements: int, units: int, people: int) -> list[TieKind]:
    return [kind for kind, n in ((TieKind.AGREEMENT, agreements), (TieKind.SHARED_UNIT, units),
                                 (TieKind.SHARED_PERSON, people)) if n]


# --- coBuilders -----------------------------------------------------------------------------------
@strawberry.type(description="A co-building agreement (共建协议) valid at the date asked about.")
class Agreement:
    name: str | None = strawberry.field(description="协议名称: the agreement's name.")
    mechanisms: list[str] = strawberry.field(
        description="共建机制: branch_co_building 支部共建, joint_decisions 决策联动, joint_work 工作联手, "
                    "shared_resources 资源联用, joint_assessment 考核联评.")
    start_date: dt.date | None = None
    end_date: dt.date | None = None


_CO_BUILDER_FIELDS = {
    "__annotations__": {"weight": float, "kinds": list[TieKind], "agreements": list[Agreement],
                        "shared_units": list[Organization], "shared_people": list[Person],  # type: ignore[valid-type]
                        "node": Organization},  # type: ignore[valid-type]
    "weight": strawberry.field(description=f"Tie strength: {WEIGHTING}.", default=None),
    "kinds": strawberry.field(description="Which kinds of tie join the two.", default=None),
    "agreements": strawberry.field(description="Agreements (CO_BUILDS) valid at the date.", default=None),
    "shared_units": strawberry.field(description="Resident units holding a seat (SEATS_ON) on both committees at "
                                                 "the date.", default=None),
    "shared_people": strawberry.field(description="People holding a post (SERVES_IN) in both at the date (交叉任职).",
                                      default=None),
    "node": strawberry.field(description="The partner organisation.", default=None),
}
_CoBuilderEdge = edge_type("CoBuilderEdge", "An organisation co-building with the one asked about, and how.",
                           _CO_BUILDER_FIELDS)
# The weight is no property of the ontology but a computed measure, typed here as a float property would be.
WEIGHT = Prop("weight", "float", "联系强度", description="tie strength")
CoBuilderAggregate = aggregates.aggregate_type("CoBuilder", (WEIGHT,))
CoBuilderGroup = aggregates.group_type("CoBuilder", CoBuilderAggregate, TYPES["Area"])


@dataclass(frozen=True)
class _Partners:
    """A coBuilders answer as its aggregates read it: the page's row (with the summary and the looked-ahead
    grouping) and how to ask for another grouping."""

    row: Any
    grouping: str | None
    ask: Callable[[str | None], Awaitable[Any]]

    def groups(self, grouping: str | None) -> list[Any]:
        return [g for g in self.row["groups"] if g["grouping"] == grouping]


async def _partners_aggregate(root: Any, info: strawberry.Info) -> Any:
    summary = root.question.groups(None)
    asked = aggregates.asked_props(info, (WEIGHT,))
    return aggregates.aggregate_of(CoBuilderAggregate, asked, summary[0]["count"] if summary else 0,
                                   summary[0]["stats"] if summary else [])


async def _partners_groups(root: Any, info: strawberry.Info, by: aggregates.GroupKey) -> list[Any]:
    if by not in (aggregates.GroupKey.KIND, aggregates.GroupKey.SUBTYPE):
        raise BadArgument(f"by: co-building partners are grouped by KIND or SUBTYPE, not {by.name}")
    question = root.question
    found = question.groups(by.value) if question.grouping == by.value else \
        [g for g in (await question.ask(by.value))["groups"] if g["grouping"] == by.value]
    asked = aggregates.asked_props(info, (WEIGHT,), ("aggregate",))
    return [CoBuilderGroup(key=g["key"], level=None, aggregate=aggregates.aggregate_of(
        CoBuilderAggregate, asked, g["count"], g["stats"])) for g in found]


_PARTNER_AGGREGATES = aggregates.connection_fields(
    "question", _Partners, _partners_aggregate, _partners_groups, CoBuilderAggregate, CoBuilderGroup,
    "How many partners (every page) and the statistics of their tie weights.",
    "The partners counted per kind or subtype, with their tie weights, largest group first.")
CoBuilders = Connection(_CoBuilderEdge, connection_type(
    "CoBuilderConnection", _CoBuilderEdge, Organization,
    "Whom an organisation co-builds with (共驻共建), strongest tie first, a page at a time.",
    {**_PARTNER_AGGREGATES,
     "__annotations__": {"organization": Organization, **as_of_field()["__annotations__"],  # type: ignore[valid-type]
                         **_PARTNER_AGGREGATES["__annotations__"]},
     "organization": strawberry.field(description="The organisation asked about.", default=None),
     "as_of": as_of_field()["as_of"]}))
CoBuilderConnection = CoBuilders.type


def _agreement(tie: dict[str, Any]) -> Agreement:
    return Agreement(name=tie.get("agreement"), mechanisms=list(tie.get("mechanisms") or []),
                     start_date=native(tie.get("start_date")), end_date=native(tie.get("end_date")))


async def co_builders(info: strawberry.Info, organization_id: OrgId, as_of: AsOf = None, first: FirstArg = None,
                      after: AfterArg = None, last: LastArg = None,
                      before: BeforeArg = None) -> CoBuilderConnection:  # type: ignore[valid-type]
    as_of = as_of or today()
    page = Page.of(first, after, last=last, before=before, list_key=("coBuilders", organization_id, as_of))
    ctx: Context = info.context

    looked_ahead = aggregates.looked_ahead(info)
    grouping = looked_ahead.value if looked_ahead in (aggregates.GroupKey.KIND, aggregates.GroupKey.SUBTYPE) \
        else None

    async def ask(skip: int, limit: int, group_by: str | None = grouping) -> Any:
        rows = await ctx.reader.query("co_builders", organizationId=organization_id, asOf=as_of, skip=skip,
                                      limit=limit, weights=WEIGHTS, groupBy=group_by,
                                      kindNames=[k.name for k in ontology.NODE_KINDS])
        if not rows:
            raise NotFound(f"organizationId: no organisation with id {organization_id!r}")
        return rows[0]

    if page.needs_total:
        page = page.resolve((await ask(0, 0))["total"])
    row = await ask(page.skip, page.limit)
    question = _Partners(row, grouping, lambda group_by: ask(0, 0, group_by))
    items = [{"node": entity_of(p), "weight": p["weight"],
              "kinds": _kinds(len(p["agreements"]), len(p["units"]), len(p["people"])),
              "agreements": [_agreement(a) for a in p["agreements"]],
              "shared_units": [entity_of(u) for u in p["units"]],
              "shared_people": [entity_of(x) for x in p["people"]]} for p in row["partners"][: page.first]]
    return CoBuilders.page(page, items, len(row["partners"]), row["total"], organization=entity_of(row),
                           as_of=as_of, question=question, edge_cursors=edge_cursors(info))


# --- coBuildingNetwork ------------------------------------------------------------------------
@strawberry.type(description="An organisation of a co-building network, to draw as a node.")
class NetworkNode:
    id: strawberry.ID
    name: str
    kind: Kind  # type: ignore[valid-type]
    subtype: str | None
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


@strawberry.type(description="The co-building network inside an area: nodes and weighted edges for a view.")
class CoBuildingNetwork:
    area: Area  # type: ignore[valid-type]
    as_of: dt.date
    total_nodes: int = strawberry.field(description="Organisations BASED_IN or COVERS the area or below it.")
    truncated: bool = strawberry.field(description="Whether only the strongest `first` organisations are shown.")
    nodes: list[NetworkNode] = strawberry.field(description="The organisations, strongest first.")
    edges: list[NetworkEdge] = strawberry.field(description="The ties between two organisations shown.")

    @strawberry.field(description=ELEMENTS)
    def elements(self) -> JSON:
        return {
            "nodes": [{"data": {"id": element_id(n.kind, n.id), "nodeId": n.id, "label": n.name,
                                "kind": n.kind.value, "subtype": n.subtype, "degree": n.degree,
                                "strength": n.strength}} for n in self.nodes],
            "edges": [{"data": {"id": f"{e.source}~{e.target}", "source": f"Organization:{e.source}",
                                "target": f"Organization:{e.target}", "weight": e.weight,
                                "kinds": [k.value for k in e.kinds], "agreements": e.agreements,
                                "mechanisms": e.mechanisms, "sharedUnitIds": e.shared_unit_ids,
                                "sharedPeople": e.shared_people}} for e in self.edges],
        }


async def co_building_network(
        info: strawberry.Info, area_id: AreaId, as_of: AsOf = None,
        first: Annotated[int, arg(f"Most nodes shown, the strongest first (1–{MAX_NETWORK_NODES}: a picture, not "
                                  "a page).")] = DEFAULT_NETWORK_NODES,
) -> CoBuildingNetwork:
    between("first", first, 1, MAX_NETWORK_NODES)
    as_of = as_of or today()
    ctx: Context = info.context
    rows = await ctx.area_wide("co_building_network", areaId=area_id, asOf=as_of, limit=first, weights=WEIGHTS)
    if not rows:
        raise NotFound(f"areaId: no area with id {area_id!r}")
    row = rows[0]
    nodes = []
    for item in row["nodes"]:
        org = entity_of(item)
        nodes.append(NetworkNode(id=org.id, name=org.name, kind=org.kind, subtype=getattr(org, "subtype", None),
                                 degree=item["degree"], strength=item["strength"], node=org))
    edges = [NetworkEdge(source=e["source"], target=e["target"], weight=e["weight"],
                         kinds=_kinds(e["agreements"], len(e["sharedUnits"]), e["sharedPeople"]),
                         agreements=e["agreements"], mechanisms=e["mechanisms"], shared_unit_ids=e["sharedUnits"],
                         shared_people=e["sharedPeople"]) for e in row["edges"]]
    return CoBuildingNetwork(area=entity(row["areaLabels"], row["area"]), as_of=as_of, total_nodes=row["totalNodes"],
                             truncated=row["totalNodes"] > len(nodes), nodes=nodes, edges=edges)
