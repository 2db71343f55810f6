"""The `aggregate` and `groupBy` of a relationship field (`members { aggregate { count } }`, an area's
`organizations { groupBy(by: KIND) { key aggregate { count } } }`): its ties counted in the database, per
kind or subtype of the node at the other end, with the statistics of that node's comparable properties —
cypher/tie_groups.cypher, one query per field and grouping for every parent of a batch (DataLoader).

The ties counted are the field's own: valid at its `asOf`, meeting its `where`, every page of them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import strawberry

from api import aggregates
from api.context import Context
from api.errors import BadArgument
from api.filters import comparable_props
from api.registry import TYPES
from graph import ontology
from graph.store.queries import Pattern, checked_name, fill
from graph.types import TYPES as TYPES_OF

_STEPS = {"out": "-[r:{}]->", "in": "<-[r:{}]-", "both": "-[r:{}]-"}


@dataclass(frozen=True)
class TieQuestion:
    """What one parent's relationship field was asked, as its aggregates ask it again (api/ties.py)."""

    self_label: str  # the parent's family label
    rel_type: str
    direction: str  # out | in | both
    other: str  # the kind or family at the other end
    parent: str  # the parent's id
    as_of: Any
    where: tuple[tuple[str, str, Any], ...]  # the conditions, as (p, op, v)


async def _batch(ctx: Context, question: TieQuestion, props: tuple[str, ...], group_by: str | None,
                 ids: Sequence[str]) -> list[list[Any]]:
    text = fill("tie_groups", SELF=question.self_label, OTHER=question.other,
                PATH=Pattern(_STEPS[question.direction].format(checked_name(question.rel_type))))
    summable = [p.name for p in comparable_props(question.other) if p.name in props and TYPES_OF[p.type].summable]
    rows = await ctx.reader.run(text, {
        "ids": list(ids), "asOf": question.as_of, "where": [{"p": p, "op": op, "v": v} for p, op, v in question.where],
        "props": list(props), "summable": summable, "groupBy": group_by,
        "kindNames": [k.name for k in ontology.NODE_KINDS]})
    found = {row["id"]: row["groups"] for row in rows}
    return [found.get(i, []) for i in ids]


async def _groups(info: strawberry.Info, question: TieQuestion, props: Sequence[Any], group_by: str | None) -> Any:
    ctx: Context = info.context
    names = tuple(p.name for p in props)
    key = ("tie_groups", question.self_label, question.rel_type, question.direction, question.other,
           question.as_of, question.where, names, group_by)
    return await ctx.loader(key, partial(_batch, ctx, question, names, group_by)).load(question.parent)


def fields(other: str) -> dict[str, Any]:
    """The namespace of a relationship connection's aggregate fields, for the node kind or family `other`."""
    props = comparable_props(other)
    aggregate = aggregates.aggregate_type(other, props)
    group = aggregates.group_type(other, aggregate, TYPES["Area"])

    async def resolve_aggregate(root: Any, info: strawberry.Info) -> Any:
        asked = aggregates.asked_props(info, props)
        found = await _groups(info, root.question, asked, None)
        return aggregates.aggregate_of(aggregate, asked, found[0]["count"] if found else 0,
                                       found[0]["stats"] if found else [])

    async def resolve_groups(root: Any, info: strawberry.Info, by: aggregates.GroupKey) -> list[Any]:
        if by not in (aggregates.GroupKey.KIND, aggregates.GroupKey.SUBTYPE):
            raise BadArgument(f"by: a relationship field's nodes are grouped by KIND or SUBTYPE, not {by.name}")
        asked = aggregates.asked_props(info, props, ("aggregate",))
        found = await _groups(info, root.question, asked, by.value)
        return [group(key=g["key"], level=None, aggregate=aggregates.aggregate_of(aggregate, asked, g["count"],
                                                                                  g["stats"])) for g in found]

    return aggregates.connection_fields(
        "question", TieQuestion, resolve_aggregate, resolve_groups, aggregate, group,
        "Counts and statistics of these ties' nodes (every page), computed in the database.",
        "These ties counted per kind or subtype of the node at the other end, largest group first.")
