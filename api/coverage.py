"""The coverage questions (`coverageGaps`): what lacks what it should have — cypher/coverage_gaps.cypher.

Compounds without a party organisation, an owners' committee, property
management or a facility within a radius; communities without a grand party
committee; grids without a branch; resident units on no committee. Each gap
comes with the nearest facility and its distance, largest population first.
"""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry

from api.arguments import AsOf, OptionalAreaId, arg, between, today
from api.config import DEFAULT_RADIUS_METERS, MAX_RADIUS_METERS
from api.connections import as_of_field, connection
from api.context import Context
from api.errors import BadArgument, NotFound
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg, Page
from api.registry import entity
from api.types import TYPES
from graph import ontology

Node = TYPES["Node"]
Facility = TYPES["Facility"]



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
        description="Communities with no party organisation of kind "
                    f"{' or '.join(ontology.GRAND_COMMITTEE_KINDS)}.")
    GRID_NO_BRANCH = strawberry.enum_value(
        "GRID_NO_BRANCH",
        description=f"Grids with no party organisation of kind {' or '.join(ontology.GRID_BRANCH_KINDS)}.")
    RESIDENT_UNIT_NO_COMMITTEE = strawberry.enum_value(
        "RESIDENT_UNIT_NO_COMMITTEE", description="Resident units holding no seat (SEATS_ON) on any committee.")


@strawberry.type(description="Something lacking what it should have, with the nearest facility.")
class CoverageGap:
    subject: Node = strawberry.field(description="The compound, community, grid or resident unit.")  # type: ignore[valid-type]
    population: int | None
    lat: float | None = strawberry.field(
        description="Where distances are measured from (a resident unit: the area it is BASED_IN).")
    lon: float | None
    nearest_facility: Facility | None = strawberry.field(  # type: ignore[valid-type]
        description="The nearest facility of `facilityKind` (any kind if absent), null if none has coordinates.")
    distance_meters: float | None = strawberry.field(
        description="The straight-line distance to it, in metres (WGS84).")


CoverageGaps = connection("CoverageGap", CoverageGap, "A page of coverage gaps, largest population first.",
                          "A coverage gap in a list.", extra=as_of_field())
CoverageGapConnection = CoverageGaps.type


async def coverage_gaps(
        info: strawberry.Info, kind: GapKind, area_id: OptionalAreaId = None,
        radius_meters: Annotated[float, arg("For COMPOUND_NO_FACILITY: the walking radius in metres "
                                            "(0–50,000; 1,000 m is the 15-minute circle).")]
        = DEFAULT_RADIUS_METERS,
        facility_kind: Annotated[str | None, arg("The facility kind that counts (canteen, elderly_centre …); "
                                                 "any when absent.")] = None,
        as_of: AsOf = None, first: FirstArg = None, after: AfterArg = None, last: LastArg = None,
        before: BeforeArg = None,
) -> CoverageGapConnection:  # type: ignore[valid-type]
    between("radiusMeters", radius_meters, 0, MAX_RADIUS_METERS)
    if facility_kind is not None and facility_kind not in ontology.FACILITY_KINDS:
        raise BadArgument(f"facilityKind: {facility_kind!r} is not a kind of facility; expected one of "
                          f"{', '.join(ontology.FACILITY_KINDS)}")
    as_of = as_of or today()
    question = {"kind": kind.value, "areaId": area_id, "asOf": as_of, "radiusMeters": float(radius_meters),
                "facilityKind": facility_kind}
    page = Page.of(first, after, last=last, before=before, list_key=("coverageGaps", question))
    ctx: Context = info.context

    async def ask(skip: int, count: int) -> Any:
        return (await ctx.area_wide("coverage_gaps", **question, grandKinds=list(ontology.GRAND_COMMITTEE_KINDS),
                                    branchKinds=list(ontology.GRID_BRANCH_KINDS), skip=skip, first=count))[0]

    if page.needs_total:
        page = page.resolve((await ask(0, 0))["total"])
    row = await ask(page.skip, page.first)
    if not row["scopeFound"]:
        raise NotFound(f"areaId: no area with id {area_id!r}")
    items = [{"node": CoverageGap(
        subject=entity(g["labels"], g["subject"]), population=g["subject"].get("population"), lat=g["lat"],
        lon=g["lon"], nearest_facility=entity(["Facility"], g["nearest"]) if g["nearest"] else None,
        distance_meters=g["distance"])} for g in row["gaps"]]
    fetched = len(items) + (1 if page.skip + len(items) < row["total"] else 0)
    return CoverageGaps.page(page, items, fetched, row["total"], as_of=as_of)
