"""Personal values (phones, ID numbers), read deliberately: the `personalData` root field.

The node types never carry personal properties (api/props.py); a client that needs them asks for them by
node id here. Each value is shown as graph/access/masking.py says: masked (`138****1234`) unless the identity
holds `personal-data` and the request states a purpose (HTTP header `X-Govgraph-Purpose`, 5–200
characters); every value shown unmasked is named in the request's audit line with that purpose. Nodes
outside the identity's area scope, or of families its role does not read, are null, like `node`.
"""
from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api.config import MAX_PAGE
from api.context import Context
from api.errors import BadArgument
from api.kinds import kind_of
from api.loading import ALL_FAMILIES
from graph import ontology
from graph.access.masking import Disclosure, disclosure, mask
from graph.store.queries import fill


@strawberry.type(description="One personal property of a node, as this identity may see it.")
class PersonalValue:
    property: str = strawberry.field(description="The personal property's name in the ontology.")
    value: str | None = strawberry.field(description="Its value: masked unless `masked` is false; null if unset.")
    masked: bool = strawberry.field(description="Whether the value is shown masked.")


@strawberry.type(description="The personal properties of one node.")
class PersonalData:
    id: strawberry.ID
    kind: str = strawberry.field(description="The node's kind.")
    values: list[PersonalValue]


IdsArg = Annotated[list[strawberry.ID], strawberry.argument(description="Node ids, at most 100.")]


@strawberry.type
class PersonalQuery:
    @strawberry.field(description="The personal values (contact numbers, ID numbers) of these nodes, in order "
                                  "(null where none is readable): masked unless the identity holds `personal-data` "
                                  "and the request states a purpose in the X-Govgraph-Purpose header; each "
                                  "unmasked read is written to the audit trail.")
    async def personal_data(self, info: strawberry.Info, ids: IdsArg) -> list[PersonalData | None]:
        if len(ids) > MAX_PAGE:
            raise BadArgument(f"ids: at most {MAX_PAGE} at a time, got {len(ids)}")
        ctx: Context = info.context
        label = ctx.scope.label(ALL_FAMILIES)
        if label is None or not ids:
            return [None] * len(ids)
        rows = await ctx.reader.run(fill(ctx.scope.by_id_query, LABEL=label), {"ids": list(ids)})
        found = {row["id"]: row for row in rows}
        return [_personal(ctx, found[i]) if i in found else None for i in ids]


def _personal(ctx: Context, row: Any) -> PersonalData | None:
    kind = kind_of(row["labels"])
    values = []
    for prop in ontology.NODE_BY_NAME[kind].all_props:
        if not prop.personal:
            continue
        raw = row["node"].get(prop.name)
        how = disclosure(ctx.identity, kind, prop, ctx.purpose) if ctx.identity is not None else Disclosure.MASKED
        if how is Disclosure.WITHHELD:
            continue
        if how is Disclosure.CLEAR and raw is not None:
            ctx.disclosed.reveal(kind, prop.name)
        shown = raw if how is Disclosure.CLEAR or raw is None else mask(prop.name, raw)
        values.append(PersonalValue(property=prop.name, value=None if shown is None else str(shown),
                                    masked=how is Disclosure.MASKED and raw is not None))
    return PersonalData(id=row["id"], kind=kind, values=values)
