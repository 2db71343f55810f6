"""Loading nodes by id: the request's DataLoader of the GraphQL objects of nodes, by label.

`load_nodes(ctx, label)` is what api/app.py hands every `Context` (its
`ctx.node(label, id)`) and what the `node` and `nodes` root fields use: ids
gathered in one tick are read in ONE query (`cypher/entity_by_id.cypher`),
looked up by family label, whose id constraint is the index.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from api.context import Context
from api.registry import entity
from graph import ontology
from graph.store.queries import fill

ALL_FAMILIES = "|".join(ontology.FAMILIES)  # the label standing for any node of the ontology


def load_nodes(ctx: Context, label: str) -> Any:
    """The request's DataLoader of nodes labelled `label` (a kind, a family, or ALL_FAMILIES) by id."""
    return ctx.loader(("node", label), partial(_batch_nodes, ctx, label))


async def _batch_nodes(ctx: Context, label: str, ids: Sequence[str]) -> list[Any]:
    # Looked up by family label, whose id constraint is the index; a kind is then checked on the labels.
    wanted = label if label == ALL_FAMILIES else ontology.family_of(label)
    # access (api/access.py): only the families the role reads; outside the identity's area scope, not found
    if (readable := ctx.scope.label(wanted)) is None:
        return [None] * len(ids)
    rows = await ctx.reader.run(fill(ctx.scope.by_id_query, LABEL=readable), {"ids": list(ids)})
    found: dict[str, Any] = {}
    order = {family: i for i, family in enumerate(ontology.FAMILIES)}
    # An id is unique within a family only: when families share it, the first family of the ontology wins.
    for row in sorted(rows, key=lambda r: min(order.get(lb, 99) for lb in r["labels"])):
        if label == wanted or label in row["labels"]:
            found.setdefault(row["id"], entity(row["labels"], row["node"]))
    return [found.get(i) for i in ids]
