"""The coverage questions (`coverageGaps`): what lacks what it should have — cypher/coverage_gaps.cypher.

Compounds without a party organisation, an owners' committee, property
management or a facility within a radius; communities without a grand party
committee; grids without a branch; resident units on no committee. Each gap
comes with the nearest facility and its distance, largest population first.
The connection's `aggregate` and `groupBy` (api/aggregates.py) count every gap
and the residents it leaves out, per street or community, in the same query.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Union

import strawberry

from api import aggregates
from api.arguments import AsOf, OptionalAreaId, arg, between, today
from api.config import DEFAULT_RADIUS_METERS, MAX_RADIUS_METERS
from api.connections import as_of_field, connection
from api.context import Context
from api.enums import FacilityKind
from api.errors import NotFound
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg, Page, edge_cursors
from api.registry import entity
from api.types import TYPES
from graph import ontology

Facility = TYPES["Facility"]
# What a gap can be of: the kinds the questions of GapKind ask about (cypher/coverage_gaps.cypher's subjects).
SUBJECT_KINDS = ("Compound", "Community", "Grid", "ResidentUnit")
CoverageGapSubject = Annotated[Union[tuple(TYPES[k] for k in SUBJECT_KINDS)],  # type: ignore[valid-type]  # noqa: UP007
                               strawberry.union("CoverageGapSubject",
                                                description="What lacks something: a compound, a community, a "
                                                            "grid or a resident unit.")]



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
    subject: CoverageGapSubject = strawberry.field(  # type: ignore[valid-type]
        description="The compound, community, grid or resident unit (its fields through `... on Node`).")
    population: int | None
    households: int | None
    lat: float | None = strawberry.field(
        description="Where distances are measured from (a resident unit: the area it is BASED_IN).")
    lon: float | None
    nearest_facility: Facility | None = strawberry.field(  # type: ignore[valid-type]
        description="The nearest facility of `facilityKind` (any kind if absent), null if none has coordinates.")
    distance_meters: float | None = strawberry.field(
        description="The straight-line distance to it, in metres (WGS84).")


# The statistics a group of gaps reports: its subjects' population and households (the areas' properties).
GAP_PROPS = tuple(p for p in ontology.NODE_BY_NAME["Compound"].props if p.name in ("population", "households"))
GapAggregate = aggregates.aggregate_type("CoverageGap", GAP_PROPS)
GapGroup = aggregates.group_type("CoverageGap", GapAggregate, TYPES["Area"])


@dataclass(frozen=True)
class _Question:
    """What a coverageGaps field asked, as its aggregates ask it again: the page's own answer holds the summary
    of every gap and the groups of the one `groupBy` it looked ahead to (`grouping`); another grouping is one
    more area-wide answer, cached like the first."""

    ctx: Context
    params: dict[str, Any]
    skip: int
    first: int
    grouping: tuple[str | None, str | None] = (None, None)

    async def ask(self, grouping: tuple[str | None, str | None] | None = None) -> Any:
        group_by, level = self.grouping if grouping is None else grouping
        return (await self.ctx.area_wide(
            "coverage_gaps", **self.params, grandKinds=list(ontology.GRAND_COMMITTEE_KINDS),
            branchKinds=list(ontology.GRID_BRANCH_KINDS), kindNames=[k.name for k in ontology.NODE_KINDS],
            skip=self.skip, first=self.first, groupBy=group_by, level=level))[0]


def _groups(row: Any, group_by: str | None) -> list[Any]:
    return [g for g in row["groups"] if g["grouping"] == group_by]


async def _gap_aggregate(root: Any, info: strawberry.Info) -> Any:
    summary = _groups(await root.question.ask(), None)  # the page's own answer: no second computation
    asked = aggregates.asked_props(info, GAP_PROPS)
    return aggregates.aggregate_of(GapAggregate, asked, summary[0]["count"] if summary else 0,
                                   summary[0]["stats"] if summary else [])


async def _gap_groups(root: Any, info: strawberry.Info, by: aggregates.GroupKey) -> list[Any]:
    grouping = aggregates.grouping("Area", by)
    asked = aggregates.asked_props(info, GAP_PROPS, ("aggregate",))
    groups = _groups(await root.question.ask(grouping), grouping[0])
    return [GapGroup(key=g["key"], level=grouping[1],
                     aggregate=aggregates.aggregate_of(GapAggregate, asked, g["count"], g["stats"])) for g in groups]


def _looked_ahead(info: strawberry.Info) -> tuple[str | None, str | None]:
    """The grouping of the first `groupBy` selected on this field, computed with its page (or none)."""
    by = aggregates.looked_ahead(info)
    return (None, None) if by is None else aggregates.grouping("Area", by)


_AGGREGATE_FIELDS = aggregates.connection_fields(
    "question", _Question, _gap_aggregate, _gap_groups, GapAggregate, GapGroup,
    "Counts and statistics of every gap (not only this page's): how many, and the residents and households "
    "they leave out.",
    "The gaps' counts and statistics per kind, subtype or area (largest group first), computed in the database.")
_extra = as_of_field()
CoverageGaps = connection("CoverageGap", CoverageGap, "A page of coverage gaps, largest population first.",
                          "A coverage gap in a list.",
                          extra={**_AGGREGATE_FIELDS, **_extra,
                                 "__annotations__": {**_AGGREGATE_FIELDS["__annotations__"],
                                                     **_extra["__annotations__"]}})
CoverageGapConnection = CoverageGaps.type


async def coverage_gaps(
        info: strawberry.Info, kind: GapKind, area_id: OptionalAreaId = None,
        radius_meters: Annotated[float, arg("For COMPOUND_NO_FACILITY: the walking radius in metres "
                                            "(0–50,000; 1,000 m is the 15-minute circle).")]
        = DEFAULT_RADIUS_METERS,
        facility_kind: Annotated[FacilityKind | None, arg("The facility kind that counts (canteen, "  # type: ignore[valid-type]
                                                          "elderly_centre …); any when absent.")] = None,
        as_of: AsOf = None, first: FirstArg = None, after: AfterArg = None, last: LastArg = None,
        before: BeforeArg = None,
) -> CoverageGapConnection:  # type: ignore[valid-type]
    between("radiusMeters", radius_meters, 0, MAX_RADIUS_METERS)
    facility_kind = facility_kind.value if facility_kind is not None else None
    as_of = as_of or today()
    params = {"kind": kind.value, "areaId": area_id, "asOf": as_of, "radiusMeters": float(radius_meters),
              "facilityKind": facility_kind}
    page = Page.of(first, after, last=last, before=before, list_key=("coverageGaps", params))
    ctx: Context = info.context
    if page.needs_total:
        page = page.resolve((await _Question(ctx, params, 0, 0).ask())["total"])
    question = _Question(ctx, params, page.skip, page.first, _looked_ahead(info))
    row = await question.ask()
    if not row["scopeFound"]:
        raise NotFound(f"areaId: no area with id {area_id!r}")
    items = [{"node": CoverageGap(
        subject=entity(g["labels"], g["subject"]), population=g["subject"].get("population"),
        households=g["subject"].get("households"), lat=g["lat"], lon=g["lon"],
        nearest_facility=entity(["Facility"], g["nearest"]) if g["nearest"] else None,
        distance_meters=g["distance"])} for g in row["gaps"]]
    fetched = len(items) + (1 if page.skip + len(items) < row["total"] else 0)
    return CoverageGaps.page(page, items, fetched, row["total"], as_of=as_of, question=question,
                             edge_cursors=edge_cursors(info))
