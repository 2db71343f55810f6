"""Finding nodes by name (`search`): the CJK full-text index `name_fulltext` — cypher/search.cypher, a page of
hits, cypher/search_count.cypher, their totalCount (run only when asked for), and cypher/search_groups.cypher,
their count per kind or subtype (`aggregate`, `groupBy`: a search's facets)."""
from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api import aggregates, precompleted
from api.arguments import arg
from api.connections import Connection, connection_type, edge_type
from api.context import Context
from api.errors import BadArgument
from api.fulltext import lucene_query
from api.kinds import Kind
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg, Page, edge_cursors, selects
from api.registry import entity_of
from api.types import TYPES
from graph import ontology

Node = TYPES["Node"]
_KNOWN_LABELS = sorted(ontology.NODE_BY_NAME)

_SearchHitEdge = edge_type("SearchHit", "A node found by its name, with the full-text score and its cursor.",
                           {"__annotations__": {"score": float, "node": Node},
                            "score": strawberry.field(description="The full-text score (higher: better).",
                                                      default=None),
                            "node": strawberry.field(default=None)})
HitAggregate = aggregates.aggregate_type("SearchHit", ())
HitGroup = aggregates.group_type("SearchHit", HitAggregate, TYPES["Area"])


async def _hit_groups(ctx: Context, params: dict[str, Any], group_by: str | None) -> list[Any]:
    return await ctx.reader.query("search_groups", **params, groupBy=group_by,
                                  kindNames=[k.name for k in ontology.NODE_KINDS])


async def _hit_aggregate(root: Any, info: strawberry.Info) -> Any:
    rows = await _hit_groups(info.context, root.question, None)
    return HitAggregate(count=rows[0]["count"] if rows else 0)


async def _hit_groups_field(root: Any, info: strawberry.Info, by: aggregates.GroupKey) -> list[Any]:
    if by not in (aggregates.GroupKey.KIND, aggregates.GroupKey.SUBTYPE):
        raise BadArgument(f"by: search hits are of many kinds, placed in areas differently; group them by KIND "
                          f"or SUBTYPE, not {by.name}")
    rows = await _hit_groups(info.context, root.question, by.value)
    return [HitGroup(key=r["key"], level=None, aggregate=HitAggregate(count=r["count"])) for r in rows]


_AGGREGATES = aggregates.connection_fields(
    "question", dict, _hit_aggregate, _hit_groups_field, HitAggregate, HitGroup,
    "How many hits there are, in all (every page).", "The hits counted per kind or subtype (facets), largest first.")
SearchHits = Connection(_SearchHitEdge, connection_type("SearchHitConnection", _SearchHitEdge, Node,
                                                        "A page of search hits, best match first.",
                                                        extra=_AGGREGATES))


async def search(
        info: strawberry.Info,
        text: Annotated[str, arg("Words to find; each a phrase, all required, a lone character a prefix. "
                                 "Lucene syntax is searched for, not obeyed.")],
        kinds: Annotated[list[Kind] | None, arg("Only these kinds or families.")] = None,  # type: ignore[valid-type]
        first: FirstArg = None, after: AfterArg = None, last: LastArg = None, before: BeforeArg = None,
) -> SearchHits.type:  # type: ignore[valid-type]
    ctx: Context = info.context
    labels = [k.value for k in kinds] if kinds else None
    known = [label for label in _KNOWN_LABELS if ctx.scope.label(label)]  # access: only what the role reads
    params: dict[str, Any] = {"text": lucene_query(text), "labels": labels, "known": known}
    page = Page.of(first, after, last=last, before=before, list_key=("search", params["text"], labels))
    counting = selects(info, "totalCount") or page.needs_total
    count_rows = await ctx.reader.query("search_count", **params) if counting else None
    total = count_rows[0]["total"] if count_rows is not None else None
    page = page.resolve(total)
    rows = await ctx.reader.query("search", **params, skip=page.skip, limit=page.limit)
    shape = precompleted.root_list_shape(info, row_fields={"score": "score"})
    done = precompleted.listed(shape, page, rows[: page.first], len(rows), total, None, None)
    if done is not None:  # made straight from the rows (api/precompleted.py)
        return done
    items = [{"score": r["score"], "node": entity_of(r)} for r in rows[: page.first]]
    return SearchHits.page(page, items, len(rows), total, question=params, edge_cursors=edge_cursors(info))


