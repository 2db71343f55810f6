"""Finding nodes by name (`search`): the CJK full-text index `name_fulltext` — cypher/search.cypher."""
from __future__ import annotations

from typing import Annotated

import strawberry

from api.arguments import arg, between
from api.config import DEFAULT_PAGE, MAX_PAGE
from api.context import Context
from api.fulltext import lucene_query
from api.kinds import Kind
from api.registry import entity_of
from api.types import TYPES
from graph import ontology

Node = TYPES["Node"]
_KNOWN_LABELS = frozenset(ontology.NODE_BY_NAME)


@strawberry.type(description="A node found by its name, with the full-text score.")
class SearchHit:
    score: float
    node: Node  # type: ignore[valid-type]


def _has_kind(labels: list[str]) -> bool:
    return not _KNOWN_LABELS.isdisjoint(labels)


async def search(
        info: strawberry.Info,
        text: Annotated[str, arg("Words to find; each a phrase, all required, a lone character a prefix. "
                                 "Lucene syntax is searched for, not obeyed.")],
        kinds: Annotated[list[Kind] | None, arg("Only these kinds or families.")] = None,  # type: ignore[valid-type]
        first: Annotated[int, arg("How many hits (1–100).")] = DEFAULT_PAGE,
) -> list[SearchHit]:
    between("first", first, 1, MAX_PAGE)
    ctx: Context = info.context
    labels = [k.value for k in kinds] if kinds else None
    rows = await ctx.reader.query("search", text=lucene_query(text), labels=labels, first=first)
    return [SearchHit(score=r["score"], node=entity_of(r)) for r in rows if _has_kind(r["labels"])]
