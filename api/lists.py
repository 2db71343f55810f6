"""The root lists of nodes (`compounds`, `organizations` …): their arguments, the checks on them, and the
named queries that answer them.

A list is filtered (`within` an area at any depth, `text` through the CJK
full-text index, `subtype`, `kinds`, `where` on property values — api/filters.py)
and sorted (`sort`: NAME, TIES — by number of ties —, RELEVANCE, and for
organisations MEASURE with `measure`: highest first; or `orderBy` a property,
either way). Which `.cypher` file answers a request is read from `LIST_QUERIES`,
by which filters it has and how it is sorted. Its `aggregate` and `groupBy`
(api/aggregates.py) are answered from the same filters, in Cypher.
"""
from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Annotated, Any, Literal

import strawberry

from api import filters, folding, measures, precompleted
from api.aggregates import ListRequest
from api.context import Context
from api.enums import enum_of, subtypes_enum
from api.errors import BadArgument, NotFound
from api.fulltext import lucene_query
from api.kinds import LISTED, Kind, kinds_of
from api.naming import plural
from api.pagination import Page, edge_cursors, selects
from api.placement import placement
from api.registry import entity
from api.ties import fields_declared_on
from api.types import LISTS
from graph import ontology
from graph.store.queries import fill


@strawberry.enum(description="How a list is ordered.")
class EntityOrder(Enum):
    NAME = "NAME"  # by name, then id
    TIES = "TIES"  # by number of relationships, most first
    RELEVANCE = "RELEVANCE"  # by full-text score, best first (with `text` only)
    MEASURE = "MEASURE"  # by a measure of `govgraph analyze`, highest first (organisations, with `measure`)


PROPERTY = "PROPERTY"  # the order of `orderBy` (by a property, either way), beside EntityOrder's


# --- which query answers a request -----------------------------------------------------------------
@dataclass(frozen=True)
class ListQueries:
    """The named queries of one shape of list request."""

    page: str  # a page of the list (sorted by the `sort` parameter unless the name says otherwise)
    count: str  # its totalCount
    count_all: str | None = None  # its totalCount when neither `kinds` nor `subtype` narrows the list
    placed: Literal["INWARD", "OUTWARD"] | None = None  # how the templates read `within`'s placement
    by_family: bool = False  # the page walks the family's name index: the template also takes FAMILY
    backward: str | None = None  # a keyset list's query for `last` (its page query seeks forward by (name, id))


_NAME, _TIES, _RELEVANCE, _MEASURE = "NAME", "TIES", "RELEVANCE", "MEASURE"
_ALL = ListQueries("entity_list", "entity_list_count", "entity_count")
_TEXT = ListQueries("entity_list_text", "entity_list_text_count")
_WITHIN = ListQueries("entity_list_within", "entity_list_within_count", placed="INWARD")
_TEXT_WITHIN = ListQueries("entity_list_text_within", "entity_list_text_within_count", placed="OUTWARD")

# (text given, within given, order: an EntityOrder's name or PROPERTY) → the queries. RELEVANCE needs text
# (checked before); the full-text queries read `within` from the node outward, the others from the area inward.
LIST_QUERIES: dict[tuple[bool, bool, str], ListQueries] = {
    # the default view walks the family's name index rather than sorting; the count store counts it all
    (False, False, _NAME): ListQueries("entity_list_by_name", "entity_list_count", "entity_count", by_family=True,
                                       backward="entity_list_by_name_backward"),
    (False, False, _TIES): _ALL,
    (False, False, PROPERTY): _ALL,
    (False, False, _MEASURE): ListQueries("entity_list_measure", "entity_list_count", "entity_count"),
    (True, False, _NAME): _TEXT,
    (True, False, _TIES): _TEXT,
    (True, False, PROPERTY): _TEXT,
    (True, False, _RELEVANCE): ListQueries("entity_list_text_relevance", "entity_list_text_count"),
    (True, False, _MEASURE): ListQueries("entity_list_text_measure", "entity_list_text_count"),
    (False, True, _NAME): _WITHIN,
    (False, True, _TIES): _WITHIN,
    (False, True, PROPERTY): _WITHIN,
    (False, True, _MEASURE): ListQueries("entity_list_within_measure", "entity_list_within_count", placed="INWARD"),
    (True, True, _NAME): _TEXT_WITHIN,
    (True, True, _TIES): _TEXT_WITHIN,
    (True, True, PROPERTY): _TEXT_WITHIN,
    (True, True, _RELEVANCE): _TEXT_WITHIN,
    (True, True, _MEASURE): ListQueries("entity_list_text_within_measure", "entity_list_text_within_count",
                                        placed="OUTWARD"),
}


# --- the arguments and their checks ---------------------------------------------------------------------
# Resolvers name these aliases (api/roots.py): strawberry reads the annotations by name.
WithinArg = Annotated[strawberry.ID | None, strawberry.argument(
    description="Only those in this area or any area below it (areas: strictly below it).")]
TextArg = Annotated[str | None, strawberry.argument(
    description="Only those whose name or English name has these words (full-text, CJK-aware: each word a "
                "phrase, all words required, a lone character a prefix).")]
SortArg = Annotated[EntityOrder | None, strawberry.argument(
    description="Order: NAME (default), TIES (most relationships first), RELEVANCE (default with text); "
                "for organisations also MEASURE (by `measure`).")]
MeasureArg = Annotated[measures.OrganizationMeasure | None, strawberry.argument(
    description="Order by this measure of `govgraph analyze`, highest first, organisations it has not measured "
                "last (then by name); implies sort: MEASURE.")]
KindsArg = Annotated[list[Kind] | None, strawberry.argument(  # type: ignore[valid-type]
    description="Only nodes of these kinds (each a kind of this family).")]

SUBTYPES: dict[str, tuple[str, ...]] = {
    name: tuple(dict.fromkeys(v for k in kinds_of(name) for p in k.props if p.name == "kind" and p.enum
                              for v in p.enum)) for name in LISTED}


def subtype_enum(name: str) -> Any:
    """The enum of a list's `subtype` argument: its kind's set of codes, or the union of its family's."""
    own = [p for k in kinds_of(name) for p in k.props if p.name == "kind" and p.enum]
    return enum_of(own[0]) if len(own) == 1 else subtypes_enum(name, SUBTYPES[name])


def _check_list_arguments(name: str, within: str | None, subtype: str | None, kinds: list[Any] | None,
                          sort: EntityOrder | None, text: str | None) -> list[str] | None:
    if subtype is not None and subtype not in SUBTYPES[name]:
        allowed = ", ".join(SUBTYPES[name]) or "none: this kind has no subtypes"
        raise BadArgument(f"subtype: {subtype!r} is not a subtype of {name}; expected one of {allowed}")
    if sort is EntityOrder.RELEVANCE and text is None:
        raise BadArgument("sort: RELEVANCE orders by full-text score, so it needs `text`")
    if within is not None and placement(name, inward=True) is None:
        raise BadArgument(f"within: {plural(name)} are not placed in an area, so they cannot be filtered by one")
    if kinds is None:
        return None
    allowed_kinds = {k.name for k in kinds_of(name)}
    labels = []
    for kind in kinds:
        label = kind.value
        if not allowed_kinds & {k.name for k in kinds_of(label)}:
            raise BadArgument(f"kinds: {label} is not a kind of {name}; expected some of "
                              f"{', '.join(sorted(allowed_kinds))}")
        labels.append(label)
    return labels


def measured(name: str) -> bool:
    """Whether the nodes of a kind or family carry the measures of `govgraph analyze`."""
    return all(k.name in measures.MEASURED_KINDS for k in kinds_of(name))


def _measure_order(name: str, sort: EntityOrder | None, measure: Any) -> EntityOrder | None:
    """`measure` alone means sort: MEASURE; with another sort, or MEASURE without it, the request is unclear."""
    if sort is EntityOrder.MEASURE and not measured(name):
        raise BadArgument(f"sort: MEASURE orders organisations by a measure of `govgraph analyze`; "
                          f"{plural(name)} have none")
    if measure is None:
        if sort is EntityOrder.MEASURE:
            raise BadArgument("sort: MEASURE needs `measure`, the measure to order by (e.g. BETWEENNESS)")
        return sort
    if sort not in (None, EntityOrder.MEASURE):
        raise BadArgument(f"measure: orders the list, so it goes with sort: MEASURE, not sort: {sort.value}")
    return EntityOrder.MEASURE


def _order(name: str, sort: EntityOrder | None, measure: Any, order_by: Any, text: str | None) -> str:
    """The order of a request: an EntityOrder's name, or PROPERTY for `orderBy` (which replaces `sort`)."""
    sort = _measure_order(name, sort, measure)
    if order_by is not None:
        if sort is not None:
            raise BadArgument(f"orderBy: orders the list, so it goes without sort: {sort.value} (or measure)")
        if filters.ordering(order_by) == ("name", False):
            return _NAME  # the default order, read by keyset
        return PROPERTY
    return (sort or (EntityOrder.RELEVANCE if text is not None else EntityOrder.NAME)).value


# --- answering -------------------------------------------------------------------------------------------
async def list_entities(info: strawberry.Info, name: str, *, within: str | None = None, text: str | None = None,
                        subtype: str | None = None, kinds: list[Any] | None = None,
                        sort: EntityOrder | None = None, measure: Any = None, where: Any = None,
                        order_by: Any = None, first: int | None = None, after: str | None = None,
                        last: int | None = None, before: str | None = None) -> Any:
    """One page of the nodes of a kind or family, filtered and sorted (the root list fields)."""
    subtype = subtype.value if isinstance(subtype, Enum) else subtype
    order = _order(name, sort, measure, order_by, text)
    within = await info.context.scope.inside(info.context.reader, within, "within")  # access: inside the scope only
    labels = _check_list_arguments(name, within, subtype, kinds, EntityOrder(order) if order != PROPERTY else None,
                                   text)
    ctx: Context = info.context
    conditions = filters.conditions(name, where)
    order_prop, descending = filters.ordering(order_by) if order == PROPERTY else ("name", False)
    list_key = (name, within, text, subtype, labels, order, measure.value if measure is not None else None,
                conditions, order_prop, descending)
    page = Page.of(first, after, last=last, before=before, list_key=list_key)
    chosen = LIST_QUERIES[(text is not None, within is not None, order)]
    params: dict[str, Any] = {"kinds": labels, "subtype": subtype, "sort": order, "skip": page.skip,
                              "limit": page.limit, "where": conditions, "orderBy": order_prop,
                              "descending": descending}
    narrowing = filters.narrowing(labels, subtype, conditions)  # no condition: the list is not narrowed
    values: dict[str, str] = {"LABEL": name, "FILTERS": narrowing}
    if text is not None:
        params["text"] = lucene_query(text)
    if chosen.placed is not None:
        params["within"] = within
        values[chosen.placed] = placement(name, inward=chosen.placed == "INWARD")
    if order == _MEASURE:
        # The property read is a name of MEASURE_PROPS, from the enum, passed as a parameter.
        params["measure"] = measures.property_of(measure)
    request = ListRequest(name, within, params.get("text"), labels, subtype, conditions)
    page_values = {**values, "FAMILY": ontology.family_of(name)} if chosen.by_family else values
    counter = chosen.count_all if chosen.count_all is not None and not narrowing else chosen.count
    count_values = values if counter == chosen.count else {"LABEL": name}  # the count of all narrows nothing
    counting = selects(info, "totalCount")
    # A request for the list's aggregates alone reads no page.
    paging = any(selects(info, f) for f in ("edges", "nodes", "pageInfo"))
    known_total = None
    if page.needs_total and paging:  # `last` alone: the end of the list is its total
        known_total = (await ctx.reader.run(fill(counter, **count_values), params))[0]["total"]
        page = page.resolve(known_total)
        params.update(skip=page.skip, limit=page.limit)
    keyset = chosen.backward is not None
    if keyset and paging:  # seek by (name, id) from the cursor's item rather than skipping the items before it
        after_key, before_key = page.after_key or [None, None], page.before_key or [None, None]
        if (page.started and page.after_key is None) or (page.bounded and page.before_key is None):
            raise BadArgument("after: this cursor was given by another version of this list; ask its first page again")
        params.update(afterName=after_key[0], afterId=after_key[1], beforeName=before_key[0],
                      beforeId=before_key[1], limit=page.first + 1)
    query = chosen.backward if keyset and page.backward else chosen.page
    witnesses = _witnesses(page, params) if not keyset and paging else (None, None)
    page_text = fill(query, **page_values)
    fold = folding.plan(info, name, fields_declared_on) if paging else None
    folds = fold.folds if fold is not None else ()
    if fold is not None:  # the relationship fields selected below the page, in the page's own query
        page_text, params = fold.query(page_text, ontology.family_of(name)), {**params, **fold.params()}
    page_rows, count_rows = await asyncio.gather(
        ctx.reader.run(page_text, params) if paging else _nothing(),
        # run beside the page, on the server's other core: a full-text page counted in its own query had to
        # keep every match until the page was cut (cypher/entity_list_text.cypher's header)
        ctx.reader.run(fill(counter, **count_values), params) if counting and known_total is None else _nothing())
    if within is not None and not page_rows and await ctx.node("Area", within) is None:
        raise NotFound(f"within: no area with id {within!r}")
    total = None if not counting else known_total if known_total is not None else count_rows[0]["total"]
    if not keyset and paging:
        page_rows = _witnessed(page_rows, *witnesses)
    shown = page_rows[: page.first]
    has_previous = None
    if not keyset or not paging:
        keys = [[r["node"]["id"]] for r in shown]
    else:
        if page.backward:  # read nearest the bound first: one row more than `last` says whether more precede
            has_previous, shown = len(page_rows) > page.first, shown[::-1]
            page = replace(page, skip=max(0, (page.end or 0) - len(shown)))
        keys = [[r["node"]["name"], r["node"]["id"]] for r in shown]
    done = precompleted.listed(precompleted.root_list_shape(info, folds) if paging else None, page, shown,
                               len(page_rows), total, keys, has_previous)
    if done is not None:  # made straight from the rows (api/precompleted.py)
        return done
    return LISTS[name].page(page, [{"node": _node(r, folds)} for r in shown], len(page_rows), total,
                            keys, has_previous=has_previous, request=request, edge_cursors=edge_cursors(info))


def _node(row: Any, folds: Sequence[folding.Fold]) -> Any:
    """A row's node object, with the answers folded below it."""
    return folding.attach(entity(row["labels"], row["node"]), row, folds)


async def _nothing() -> list[Any]:
    return []


# --- offset lists: noticing that the list changed between two pages ---------------------------------------
# A list not read by keyset (orders but NAME, `text`, `within`) pages by offset; its cursors also carry their
# item's id. The page after a cursor is read from the cursor's own item (one row more), and the page before
# a `before` cursor up to that item: if the item is no longer where the cursor says, a load has moved the list,
# and the next page would repeat or skip items silently, so the request is refused instead.
def _witnesses(page: Page, params: dict[str, Any]) -> tuple[str | None, str | None]:
    after_id = page.after_key[0] if page.started and page.after_key else None
    before_id = page.before_key[0] if page.bounded and page.backward and page.before_key else None
    if after_id is not None and page.skip > 0:
        params.update(skip=page.skip - 1, limit=params["limit"] + 1)
    else:
        after_id = None
    if before_id is not None:
        params.update(limit=params["limit"] + 1)
    return after_id, before_id


def _witnessed(rows: list[Any], after_id: str | None, before_id: str | None) -> list[Any]:
    changed = BadArgument("after: the list has changed since this cursor was given (a load moved its items); "
                          "ask its first page again", argument="after")
    if after_id is not None:
        if not rows or rows[0]["node"]["id"] != after_id:
            raise changed
        rows = rows[1:]
    if before_id is not None:
        if not rows or rows[-1]["node"]["id"] != before_id:
            raise BadArgument("before: the list has changed since this cursor was given (a load moved its "
                              "items); ask its last page again", argument="before")
        rows = rows[:-1]
    return rows
