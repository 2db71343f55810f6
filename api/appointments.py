"""Cross-appointments (交叉任职): people holding posts in several organisations (`crossAppointments`), and the
shortest chains of them between two organisations (`crossAppointmentChains`) —
cypher/cross_appointments.cypher and cypher/cross_appointment_chains.cypher.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry

from api import aggregates
from api.arguments import AsOf, OrgId, arg, between, today
from api.config import MAX_HOPS, MAX_MIN_ORGANIZATIONS, MAX_PAGE
from api.connections import as_of_field, connection
from api.context import Context
from api.errors import BadArgument, NotFound
from api.kinds import kind_of
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg, Page, edge_cursors
from api.registry import entity, entity_of
from api.ties import tie_type, tie_values
from api.types import TYPES
from graph.ontology import Prop

Node = TYPES["Node"]
Organization = TYPES["Organization"]
Person = TYPES["Person"]

Post = tie_type("SERVES_IN", "Post", {"organization": ("Organization", "The organisation the post is in.")},
                "A post (SERVES_IN, 任职): its role and dates and the organisation.")
ChainPost = tie_type("SERVES_IN", "ChainPost", {"person": ("Person", "The person holding the post."),
                                                "organization": ("Organization", "The organisation it is in.")},
                     "A post linking a person to an organisation in a chain.")


# --- crossAppointments ----------------------------------------------------------------------
@strawberry.type(description="Someone holding posts in several organisations at once (交叉任职).")
class CrossAppointment:
    person: Person  # type: ignore[valid-type]
    organization_count: int = strawberry.field(description="In how many organisations they hold a post.")
    posts: list[Post]  # type: ignore[valid-type]


# The number of organisations is no property of the ontology but a count, typed here as an int property would be.
ORGANIZATION_COUNT = Prop("organization_count", "int", "任职组织数", description="organisations a person serves in")
CrossAppointmentAggregate = aggregates.aggregate_type("CrossAppointment", (ORGANIZATION_COUNT,))


async def _appointments_aggregate(root: Any, info: strawberry.Info) -> Any:
    row = root.answer  # the page's own answer: counted with it
    return aggregates.aggregate_of(CrossAppointmentAggregate, aggregates.asked_props(info, (ORGANIZATION_COUNT,)),
                                   row["total"], [row["counted"]])


_extra = as_of_field()
CrossAppointments = connection(
    "CrossAppointment", CrossAppointment, "A page of cross-appointments, most organisations first.",
    "A cross-appointment in a list.",
    extra={**_extra, "__annotations__": {**_extra["__annotations__"], "answer": strawberry.Private[Any]},
           "answer": None,
           "aggregate": strawberry.field(resolver=_appointments_aggregate, graphql_type=CrossAppointmentAggregate,
                                         description="How many cross-appointed people (every page), and the "
                                                     "statistics of their numbers of organisations.")})
CrossAppointmentConnection = CrossAppointments.type


async def cross_appointments(
        info: strawberry.Info,
        area_id: Annotated[strawberry.ID | None, arg("Count only posts in organisations BASED_IN this area or "
                                                     "below it; the whole graph when absent.")] = None,
        as_of: AsOf = None,
        min_organizations: Annotated[int, arg("At least this many organisations (2–50).")] = 2,
        first: FirstArg = None, after: AfterArg = None, last: LastArg = None, before: BeforeArg = None,
) -> CrossAppointmentConnection:  # type: ignore[valid-type]
    if not 2 <= min_organizations <= MAX_MIN_ORGANIZATIONS:
        raise BadArgument(f"minOrganizations: a cross-appointment is posts in 2 or more organisations; "
                          f"give 2 to {MAX_MIN_ORGANIZATIONS}, got {min_organizations}")
    as_of = as_of or today()
    question = {"areaId": area_id, "asOf": as_of, "minOrganizations": min_organizations}
    page = Page.of(first, after, last=last, before=before, list_key=("crossAppointments", question))
    ctx: Context = info.context

    async def ask(skip: int, count: int) -> Any:
        return (await ctx.area_wide("cross_appointments", **question, skip=skip, first=count))[0]

    if page.needs_total:
        page = page.resolve((await ask(0, 0))["total"])
    row = await ask(page.skip, page.first)
    if not row["scopeFound"]:
        raise NotFound(f"areaId: no area with id {area_id!r}")
    items = []
    for item in row["people"]:
        posts = [Post(organization=entity(p["labels"], p["organization"]), **tie_values("SERVES_IN", p["post"]))
                 for p in item["posts"]]
        person = entity(item["labels"], item["person"])
        items.append({"node": CrossAppointment(person=person, organization_count=item["organizations"],
                                               posts=posts)})
    fetched = len(items) + (1 if page.skip + len(items) < row["total"] else 0)
    return CrossAppointments.page(page, items, fetched, row["total"], as_of=as_of, answer=row,
                                  edge_cursors=edge_cursors(info))


# --- crossAppointmentChains -----------------------------------------------------------------
@strawberry.type(description="A shortest chain organisation → person → organisation → … between two organisations.")
class CrossAppointmentChain:
    hops: int = strawberry.field(description="How many people the chain passes through.")
    nodes: list[Node] = strawberry.field(  # type: ignore[valid-type]
        description="Organisation, person, organisation, … in order, from the first organisation to the second.")
    posts: list[ChainPost] = strawberry.field(  # type: ignore[valid-type]
        description="The posts (SERVES_IN) along the chain, in order.")

    @strawberry.field(description="The organisations of the chain, in order (nodes 0, 2, 4 …), typed.")
    def organizations(self) -> list[Organization]:  # type: ignore[valid-type]
        return self.nodes[0::2]

    @strawberry.field(description="The people of the chain, in order (nodes 1, 3, 5 …), typed.")
    def people(self) -> list[Person]:  # type: ignore[valid-type]
        return self.nodes[1::2]


@strawberry.type(description="The shortest cross-appointment chains between two organisations.")
class CrossAppointmentChains:
    from_organization: Organization  # type: ignore[valid-type]
    to_organization: Organization  # type: ignore[valid-type]
    as_of: dt.date
    max_hops: int
    chains: list[CrossAppointmentChain] = strawberry.field(
        description="Every shortest chain (up to `first`), ordered by the ids along them; empty when none is "
                    "at most maxHops people long.")


async def cross_appointment_chains(
        info: strawberry.Info, from_id: OrgId, to_id: OrgId,
        max_hops: Annotated[int, arg(f"Longest chain, in people (1–{MAX_HOPS}).")] = 4,
        as_of: AsOf = None, first: Annotated[int, arg("How many chains (1–100).")] = 10,
) -> CrossAppointmentChains:
    between("maxHops", max_hops, 1, MAX_HOPS)
    between("first", first, 1, MAX_PAGE)
    if from_id == to_id:
        raise BadArgument("toId: must name another organisation than fromId")
    as_of = as_of or today()
    ctx: Context = info.context
    rows = await ctx.reader.query("cross_appointment_chains", fromId=from_id, toId=to_id, maxHops=max_hops,
                                  asOf=as_of, first=first)
    if not rows:
        missing = [f"{name}: no organisation with id {value!r}" for name, value in (("fromId", from_id),
                                                                                    ("toId", to_id))
                   if await ctx.node("Organization", value) is None]
        raise NotFound("; ".join(missing) or "fromId/toId: organisation not found")
    row = rows[0]
    ends = entity(row["fromLabels"], row["fromNode"]), entity(row["toLabels"], row["toNode"])
    chains = []
    for chain in row["chains"]:
        nodes = [entity_of(n) for n in chain["nodes"]]
        by_key = {(kind_of(n["labels"]) == "Person", n["node"]["id"]): obj for n, obj in zip(chain["nodes"], nodes)}
        posts = [ChainPost(person=by_key[(True, p["person"])], organization=by_key[(False, p["organization"])],
                           **tie_values("SERVES_IN", p["post"])) for p in chain["posts"]]
        chains.append(CrossAppointmentChain(hops=len(posts) // 2, nodes=nodes, posts=posts))
    return CrossAppointmentChains(from_organization=ends[0], to_organization=ends[1], as_of=as_of,
                                  max_hops=max_hops, chains=chains)
