"""The service-level questions (接诉 2 小时、处置 24 小时、办结 7 天): `serviceLevels`, `overdueCases` (the 督办
supervision list) and `dispatchNetwork` (a street's dispatch centre and the departments sunk to it).

| field            | answered by                                                                            |
| ---------------- | -------------------------------------------------------------------------------------- |
| serviceLevels    | cypher/service_level_cases.cypher + graph/analysis/service_levels.py summarize          |
| overdueCases     | cypher/service_level_cases.cypher + graph/analysis/service_levels.py overdue            |
| dispatchNetwork  | cypher/dispatch_network.cypher + the street's cases summarized per handling organisation |

The cases' rows are an area-wide question, kept per graph version (`Context.area_wide`): asking again with
other limits, another grouping or another moment costs no case query. Every answer says which limits and
which clock (calendar hours, or working days less holidays) it used, and the moment it was evaluated at. A
case's personal and sensitive properties (the reporter's phone, the report's text) are never read here.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

import numpy as np
import strawberry

from api.arguments import arg
from api.connections import connection
from api.context import Context
from api.errors import BadArgument, NotFound
from api.nullable import nullable_fields
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg, Page, edge_cursors
from api.types import TYPES
from graph import ontology
from graph.analysis import service_levels as sl
from graph.analysis.case_columns import Cases

Node = TYPES["Node"]
CHINA = dt.timezone(dt.timedelta(hours=8))


@strawberry.enum(description="How a service-level answer groups the cases.")
class ServiceGrouping(Enum):
    STREET = "street"
    COMMUNITY = "community"
    GRID = "grid"
    DEPARTMENT = "department"
    CATEGORY = "category"
    SOURCE = "source"
    MONTH = "month"


@strawberry.enum(description="A step of a case: accepting (from its report), handling (from its acceptance), "
                             "closing (from its report).")
class ServiceStep(Enum):
    ACCEPT = "accept"
    HANDLE = "handle"
    CLOSE = "close"


@strawberry.enum(description="How durations are counted.")
class ServiceClock(Enum):
    CALENDAR = "calendar"
    WORKING_DAYS = "working_days"


@strawberry.type(description="The limits an answer measured against, and its clock.")
class ServiceLimits:
    accept_hours: float = strawberry.field(description="Accept within this many hours (the promise: 2).")
    handle_hours: float = strawberry.field(description="Handle within this many hours of acceptance (24).")
    close_hours: float = strawberry.field(description="Close within this many hours of the report (7 days: 168).")
    clock: ServiceClock = strawberry.field(description="Calendar hours, or working days (Monday to Friday, China "
                                                       "Standard Time, less holidays) only.")
    holidays: list[dt.date] = strawberry.field(description="Days not counted on the working-day clock.")


@strawberry.type(description="One step's service level in a group of cases.")
class StepServiceLevel:
    step: ServiceStep
    limit_hours: float
    counted: int = strawberry.field(description="Steps kept or late (pending ones are not counted).")
    kept: int = strawberry.field(description="Steps that ended within the limit.")
    late: int = strawberry.field(description="Steps that ended after it, or have not ended although it has passed.")
    pending: int = strawberry.field(description="Steps not ended whose limit has not passed yet.")
    share: float | None = strawberry.field(description="kept / counted; null when nothing is counted.")
    median_hours: float | None = strawberry.field(description="Median duration of the steps that ended.")
    p90_hours: float | None = strawberry.field(description="90th-percentile duration of the steps that ended.")


@strawberry.type(description="The service level of a group of cases (a street, a department, a month …).")
class ServiceLevelGroup:
    key: str | None = strawberry.field(description="The group's id (an area id, a department code, a category, "
                                                   "a source, a month YYYY-MM); null for cases in no such group.")
    name: str | None
    cases: int
    accept: StepServiceLevel
    handle: StepServiceLevel
    close: StepServiceLevel
    evaluations: int = strawberry.field(description="Cases with a recorded return-visit satisfaction.")
    satisfied: int = strawberry.field(description="Of those, satisfied or basically satisfied.")
    satisfaction: float | None = strawberry.field(description="satisfied / evaluations (满意率).")
    below_overall: list[ServiceStep] = strawberry.field(
        description="The steps whose share in this group is below the whole answer's share.")


@strawberry.type(description="Service levels of the cases reported in an area over a period.")
class ServiceLevelReport:
    area: Node | None = strawberry.field(description="The area asked about; null for the whole graph.")  # type: ignore[valid-type]
    from_: dt.date | None = strawberry.field(name="from", description="First day counted (reported on or after).")
    to: dt.date | None = strawberry.field(description="Day after the last counted (reported before).")
    at: dt.datetime = strawberry.field(description="The moment open steps were judged at.")
    group_by: ServiceGrouping | None
    limits: ServiceLimits
    overall: ServiceLevelGroup
    groups: list[ServiceLevelGroup] = strawberry.field(
        description="One per group, by key (cases in no such group last); empty without groupBy.")


@strawberry.type(description="An open case past a limit: the supervision list (督办).")
class OverdueCase:
    case_id: strawberry.ID
    name: str | None
    category: str | None
    source: str | None
    reported_at: dt.datetime | None
    accepted_at: dt.datetime | None
    handled_at: dt.datetime | None
    step: ServiceStep = strawberry.field(description="The first step that is late.")
    limit_hours: float
    overdue_hours: float = strawberry.field(description="By how long it is past the limit at `at`.")
    department: str | None = strawberry.field(description="The responsible department (its code, or the "
                                                          "handling organisation's subtype or name).")
    handler_id: strawberry.ID | None
    handler_name: str | None
    area_id: strawberry.ID | None
    street_name: str | None
    community_name: str | None

    @strawberry.field(description="The handling organisation.")
    async def handler(self, info: strawberry.Info) -> Node | None:  # type: ignore[valid-type]
        return await info.context.node("Organization", self.handler_id) if self.handler_id else None

    @strawberry.field(description="The area it was reported in.")
    async def area(self, info: strawberry.Info) -> Node | None:  # type: ignore[valid-type]
        return await info.context.node("Area", self.area_id) if self.area_id else None


OverdueCases = connection("OverdueCase", OverdueCase, "A page of the supervision list, most overdue first.",
                          "An overdue case in a list.")
OverdueCaseConnection = OverdueCases.type


@strawberry.type(description="A department's force sunk to a street's dispatch centre, and its cases there.")
class DispatchDepartment:
    organization: Node  # type: ignore[valid-type]
    department: str | None = strawberry.field(description="Its department code (police, urban_management …).")
    people: list[Node] = strawberry.field(description="Those serving in it now: the heads of the units sent "  # type: ignore[valid-type]
                                                      "to the street, whom the street rates.")
    cases: int = strawberry.field(description="Cases it handled in the period.")
    on_time: int = strawberry.field(description="Of those, closed with every step within its limit.")
    on_time_share: float | None
    level: ServiceLevelGroup


@strawberry.type(description="A street's dispatch centre (城市综合管理调度中心), the departments sunk to it, and how "
                             "each keeps the promise: the basis of the street's rating of the units sent to it.")
class DispatchNetwork:
    street: Node  # type: ignore[valid-type]
    centre: Node | None  # type: ignore[valid-type]
    limits: ServiceLimits
    at: dt.datetime
    departments: list[DispatchDepartment] = strawberry.field(description="Ordered by id.")
    others: list[ServiceLevelGroup] = strawberry.field(
        description="Organisations outside the centre that handled the street's cases (residents' committees).")
    overall: ServiceLevelGroup


# --- arguments ------------------------------------------------------------------------------------------------
OptionalArea = Annotated[strawberry.ID | None, arg("Cases reported in this area and the areas below it; every "
                                                   "case when absent.")]
From = Annotated[dt.date | None, strawberry.argument(name="from", description="Cases reported on or after this "
                                                                                 "day (China Standard Time).")]
To = Annotated[dt.date | None, arg("Cases reported before this day.")]
At = Annotated[dt.datetime | None, arg("The moment open steps are judged at (default: now; without an offset, "
                                       "China Standard Time).")]
AcceptHours = Annotated[float, arg("The accepting limit in hours.")]
HandleHours = Annotated[float, arg("The handling limit in hours.")]
CloseHours = Annotated[float, arg("The closing limit in hours.")]
WorkingDays = Annotated[bool, arg("Count working time only (Monday to Friday, less `holidays`).")]
Holidays = Annotated[list[dt.date] | None, arg("Days the working-day clock does not count.")]
PROMISE = {step: hours for step, (_, _, hours) in ontology.SERVICE_PROMISE.items()}


def _limits(accept_hours: float, handle_hours: float, close_hours: float, working_days: bool,
            holidays: list[dt.date] | None) -> sl.Limits:
    if holidays and not working_days:
        raise BadArgument("holidays: only the working-day clock skips holidays; set workingDays: true",
                          argument="holidays")
    return sl.Limits(accept_hours, handle_hours, close_hours, working_days, tuple(sorted(set(holidays or ()))))


def _moment(at: dt.datetime | None) -> float:
    if at is None:
        return dt.datetime.now(dt.UTC).timestamp()
    return (at if at.tzinfo else at.replace(tzinfo=CHINA)).timestamp()


def _day_start(day: dt.date | None) -> dt.datetime | None:
    return None if day is None else dt.datetime.combine(day, dt.time(0), tzinfo=CHINA)


async def _cases(ctx: Context, area_id: str | None, from_: dt.date | None, to: dt.date | None) -> Cases:
    if from_ is not None and to is not None and to <= from_:
        raise BadArgument(f"to: must be after from ({from_.isoformat()}), got {to.isoformat()}", argument="to")
    rows = await ctx.area_wide("service_level_cases", areaId=area_id, **{"from": _day_start(from_),
                                                                           "to": _day_start(to)})
    return Cases.from_record(rows[0])


async def _area(ctx: Context, area_id: str | None, argument: str = "areaId") -> Any:
    if area_id is None:
        return None
    found = await ctx.reader.query("analysis_area", area=area_id)
    if not found:
        raise NotFound(f"{argument}: no area with id {area_id!r}", argument=argument)
    return found[0]


def limits_type(limits: sl.Limits) -> ServiceLimits:
    return ServiceLimits(accept_hours=limits.accept_hours, handle_hours=limits.handle_hours,
                         close_hours=limits.close_hours, clock=ServiceClock(limits.clock),
                         holidays=list(limits.holidays))


def _step(level: sl.StepLevel) -> StepServiceLevel:
    return StepServiceLevel(step=ServiceStep(level.step), limit_hours=level.limit_hours, counted=level.counted,
                            kept=level.kept, late=level.late, pending=level.pending, share=level.share,
                            median_hours=level.median_hours, p90_hours=level.p90_hours)


def group_type(level: sl.GroupLevel, overall: sl.GroupLevel | None = None) -> ServiceLevelGroup:
    below = []
    if overall is not None:
        for name, step in level.steps.items():
            whole = overall.steps[name].share
            if step.share is not None and whole is not None and step.share < whole:
                below.append(ServiceStep(name))
    return ServiceLevelGroup(key=level.key, name=level.name, cases=level.cases, accept=_step(level.steps["accept"]),
                             handle=_step(level.steps["handle"]), close=_step(level.steps["close"]),
                             evaluations=level.evaluations, satisfied=level.satisfied,
                             satisfaction=level.satisfaction, below_overall=below)


def _when(seconds: Any) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, CHINA)


def _overdue_case(o: sl.Overdue) -> OverdueCase:
    row = o.row
    return OverdueCase(
        case_id=row["id"], name=row.get("name"), category=row.get("category"), source=row.get("source"),
        reported_at=_when(row.get("reported")), accepted_at=_when(row.get("accepted")),
        handled_at=_when(row.get("handled")), step=ServiceStep(o.step), limit_hours=o.limit_hours,
        overdue_hours=o.overdue_hours, department=o.department, handler_id=row.get("handlerId"),
        handler_name=row.get("handlerName"), area_id=row.get("areaId"), street_name=row.get("streetName"),
        community_name=row.get("communityName"))


# --- the fields -------------------------------------------------------------------------------------------------
async def service_levels(
        info: strawberry.Info, area_id: OptionalArea = None, from_: From = None, to: To = None,
        group_by: Annotated[ServiceGrouping | None, arg("Group the cases (the whole answer only when absent).")]
        = None, at: At = None,
        accept_hours: AcceptHours = PROMISE["accept"], handle_hours: HandleHours = PROMISE["handle"],
        close_hours: CloseHours = PROMISE["close"], working_days: WorkingDays = False, holidays: Holidays = None,
) -> ServiceLevelReport:
    ctx: Context = info.context
    limits = _limits(accept_hours, handle_hours, close_hours, working_days, holidays)
    area = await _area(ctx, area_id)
    cases = await _cases(ctx, area_id, from_, to)
    moment = _moment(at)
    report = sl.summarize(cases, group_by.value if group_by else None, limits, moment)
    node = await ctx.node("Area", area["id"]) if area is not None else None
    return ServiceLevelReport(area=node, from_=from_, to=to, at=dt.datetime.fromtimestamp(moment, CHINA),
                              group_by=group_by, limits=limits_type(limits), overall=group_type(report.overall),
                              groups=[group_type(g, report.overall) for g in report.groups])


async def overdue_cases(
        info: strawberry.Info, area_id: OptionalArea = None, at: At = None,
        step: Annotated[ServiceStep | None, arg("Only cases late at this step.")] = None,
        department: Annotated[str | None, arg("Only cases this department (code) is responsible for.")] = None,
        accept_hours: AcceptHours = PROMISE["accept"], handle_hours: HandleHours = PROMISE["handle"],
        close_hours: CloseHours = PROMISE["close"], working_days: WorkingDays = False, holidays: Holidays = None,
        first: FirstArg = None, after: AfterArg = None, last: LastArg = None, before: BeforeArg = None,
) -> OverdueCaseConnection:  # type: ignore[valid-type]
    ctx: Context = info.context
    limits = _limits(accept_hours, handle_hours, close_hours, working_days, holidays)
    # A cursor belongs to this list: its area, moment (when given; "now" moves, and its pages go by offset),
    # filters and limits.
    question = (area_id, at.isoformat() if at else None, step.value if step else None, department,
                limits.accept_hours, limits.handle_hours, limits.close_hours, limits.clock,
                [d.isoformat() for d in limits.holidays])
    page = Page.of(first, after, last=last, before=before, list_key=("overdueCases", question))
    await _area(ctx, area_id)
    cases = await _cases(ctx, area_id, None, None)
    found = sl.overdue(cases, limits, _moment(at))
    if step is not None:
        found = [o for o in found if o.step == step.value]
    if department is not None:
        found = [o for o in found if o.department == department]
    page = page.resolve(len(found))
    chosen = found[page.skip:page.skip + page.limit]
    items = [{"node": _overdue_case(o)} for o in chosen[:page.first]]
    return OverdueCases.page(page, items, len(chosen), len(found), edge_cursors=edge_cursors(info))


async def dispatch_network(
        info: strawberry.Info, street_id: Annotated[strawberry.ID, arg("A Street id.")],
        from_: From = None, to: To = None, at: At = None,
        accept_hours: AcceptHours = PROMISE["accept"], handle_hours: HandleHours = PROMISE["handle"],
        close_hours: CloseHours = PROMISE["close"], working_days: WorkingDays = False, holidays: Holidays = None,
) -> DispatchNetwork:
    ctx: Context = info.context
    limits = _limits(accept_hours, handle_hours, close_hours, working_days, holidays)
    found = await ctx.reader.query("dispatch_network", streetId=street_id)
    if not found:
        raise NotFound(f"streetId: no street with id {street_id!r}", argument="streetId")
    network = found[0]
    cases = await _cases(ctx, street_id, from_, to)
    moment = _moment(at)
    report = sl.summarize(cases, "handler", limits, moment)
    codes, handler_ids, _ = cases.codes("handler")
    kept = np.bincount(codes, weights=sl.on_time(cases, limits, moment), minlength=len(handler_ids))
    by_handler = {h: int(k) for h, k in zip(handler_ids, kept)}
    levels = {g.key: g for g in report.groups}
    empty = sl.summarize([], None, limits, moment).overall
    departments = []
    for d in network["departments"]:
        level = levels.get(d["id"]) or sl.GroupLevel(d["id"], d["name"], 0, empty.steps, 0, 0)
        people = [await ctx.node("Person", p["id"]) for p in d["people"]]
        departments.append(DispatchDepartment(
            organization=await ctx.node("Organization", d["id"]), department=d.get("department"),
            people=[p for p in people if p is not None], cases=level.cases, on_time=by_handler.get(d["id"], 0),
            on_time_share=by_handler.get(d["id"], 0) / level.cases if level.cases else None,
            level=group_type(level, report.overall)))
    inside = {d["id"] for d in network["departments"]}
    return DispatchNetwork(
        street=await ctx.node("Area", network["streetId"]),
        centre=await ctx.node("Organization", network["centreId"]) if network["centreId"] else None,
        limits=limits_type(limits), at=dt.datetime.fromtimestamp(moment, CHINA), departments=departments,
        others=[group_type(g, report.overall) for g in report.groups if g.key not in inside],
        overall=group_type(report.overall))


@nullable_fields
@strawberry.type
class ServiceLevelQuery:
    service_levels = strawberry.field(
        resolver=service_levels,
        description="Does an area keep the promise to accept a report within 2 hours, handle it within 24 and close "
                    "it within 7 days (接诉 2 小时、处置 24 小时、办结 7 天)? Per group (street, community, grid, "
                    "department, category, source, month) and overall: cases, the share of each step kept, its "
                    "median and 90th-percentile duration, satisfaction; says which limits and clock it used.")
    overdue_cases = strawberry.field(
        resolver=overdue_cases,
        description="The supervision list (督办): open cases past a limit at a moment (default now) — which step, "
                    "by how long, and the responsible department; most overdue first.")
    dispatch_network = strawberry.field(
        resolver=dispatch_network,
        description="A street's dispatch centre, the departments whose forces are sunk to it and the people in "
                    "them, and the cases each handled and on time (the street rates 50 % of the performance of "
                    "the heads of the units sent to it).")
