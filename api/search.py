"""Finding nodes by name (`search`): the CJK full-text index `name_fulltext` — cypher/search.cypher, a page of
hits, and cypher/search_count.cypher, their totalCount (run only when asked for)."""
from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api.arguments import arg
from api.connections import Connection, connection_type, edge_type
from api.context import Context
from api.fulltext import lucene_query
from api.kinds import Kind
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg, Page, selects
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
SearchHits = Connection(_SearchHitEdge, connection_type("SearchHitConnection", _SearchHitEdge, Node,
                                                        "A page of search hits, best match first."))


async def search(
        info: strawberry.Info,
        text: Annotated[str, arg("Words to find; each a phrase, all required, a lone character a prefix. "
                                 "Lucene syntax is searched for, not obeyed.")],
        kinds: Annotated[list[Kind] | None, arg("Only these kinds or families.")] = None,  # type: ignore[valid-type]
        first: FirstArg = None, after: AfterArg = None, last: LastArg = None, before: BeforeArg = None,
) -> SearchHits.type:  # type: ignore[valid-type]
    ctx: Context = info.context
    labels = [k.value for k in kinds] if kinds else None
    params: dict[str, Any] = {"text": lucene_query(text), "labels": labels, "known": _KNOWN_LABELS}
    page = Page.of(first, after, last=last, before=before, list_key=("search", params["text"], labels))
    counting = selects(info, "totalCount") or page.needs_total
    count_rows = await ctx.reader.query("search_count", **params) if counting else None
    total = count_rows[0]["total"] if count_rows is not None else None
    page = page.resolve(total)
    rows = await ctx.reader.query("search", **params, skip=page.skip, limit=page.limit)
    items = [{"score": r["score"], "node": entity_of(r)} for r in rows[: page.first]]
    return SearchHits.page(page, items, len(rows), total)


