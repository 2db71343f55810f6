"""Relationship fields: which field each relationship kind gives each type, its edge types and its resolvers.

Derived from ontology.REL_KINDS, both ways:

- a single-valued tie (written as a column of the node's own file: an area's
  parent, an organisation's area) is a plain field returning the node;
- every other tie is a Relay connection (`first`, `after`, `totalCount`,
  `pageInfo`, `edges { cursor node …tie properties }`, `nodes`), with `asOf`
  for dated ties;
- a tie property holding another node's id (Prop.refers_to: a part-time member's
  sending unit) is shown as `<name>Id` and as a field resolving that node.

Every field is a DataLoader batch: ONE query per field per level, whatever the
number of parents (`cypher/ties_out.cypher`, `ties_in`, `ties_both`, `tie_single`).
"""
from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, Literal

import strawberry
from strawberry.types.field import StrawberryField

from api import folding, tie_aggregates
from api.connections import Connection, connection_type, edge_type
from api.context import Context
from api.filters import TIE_WHERE, tie_conditions
from api.naming import field_name, snake_to_pascal, tie_field_name
from api.pagination import AfterArg, BeforeArg, FirstArg, LastArg, Page, edge_cursors, selects
from api.per_parent import per_parent
from api.precompleted import completed
from api.props import data_field, native, public_props, shown_tie_props
from api.registry import entity, gql_type
from api.tie_aggregates import TieQuestion
from graph import ontology
from graph.ontology import RelKind
from graph.store.queries import fill

Direction = Literal["out", "in", "both"]
TIE_QUERIES: dict[Direction, str] = {"out": "ties_out", "in": "ties_in", "both": "ties_both"}


@dataclass(frozen=True)
class TieField:
    """One relationship field on one type: `Person.posts` is SERVES_IN, out, from Person to Organization."""

    name: str  # Python name
    rel: RelKind
    direction: Direction
    owner: str  # the kind or family whose GraphQL type declares the field
    other: str  # the kind or family at the other end
    single: bool  # a plain field returning one node, not a connection

    @property
    def self_label(self) -> str:
        return ontology.family_of(self.owner)  # the family label carries the id constraint: an index lookup

    def description(self) -> str:
        rel = self.rel
        arrow = {"out": "→", "in": "←", "both": "↔"}[self.direction]
        text = f"{rel.label_zh} ({rel.type} {arrow} {self.other}): {rel.description}."
        if not self.single and rel.dated:
            text += " With asOf, only ties valid at that date (start ≤ asOf ≤ end, empty ends open)."
        return text


def _single_valued(rel: RelKind) -> bool:
    """Ties written only as a column of the source's own file (Ref) hold one target per node."""
    return rel.file is None and not rel.all_props


def tie_fields() -> tuple[TieField, ...]:
    fields: list[TieField] = []
    for rel in ontology.REL_KINDS:
        out_name, in_name = rel.fields
        if rel.undirected:
            for owner in dict.fromkeys(rel.sources + rel.targets):
                for other in dict.fromkeys(rel.sources + rel.targets):
                    fields.append(TieField(tie_field_name(out_name, other, len(rel.targets)), rel, "both", owner,
                                           other, False))
            continue
        for owner in rel.sources:
            for other in rel.targets:
                fields.append(TieField(tie_field_name(out_name, other, len(rel.targets)), rel, "out", owner, other,
                                       _single_valued(rel)))
        for owner in rel.targets:
            for other in rel.sources:
                fields.append(TieField(tie_field_name(in_name, other, len(rel.sources)), rel, "in", owner, other,
                                       False))
    return tuple(fields)


TIE_FIELDS = tie_fields()


def fields_declared_on(owner: str) -> tuple[TieField, ...]:
    return tuple(f for f in TIE_FIELDS if f.owner == owner)


# --- the objects showing one tie ----------------------------------------------------------------
def tie_namespace(rel: RelKind, nodes: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Fields of an object showing one tie: `nodes` (field → (kind or family, description)) and its properties."""
    namespace: dict[str, Any] = {"__annotations__": {}}
    for name, (other, text) in nodes.items():
        namespace["__annotations__"][name] = gql_type(other)
        namespace[name] = strawberry.field(description=text, default=None)
    for prop in public_props(rel.all_props):
        target = prop.refers_to
        if target is None:
            namespace["__annotations__"][field_name(prop)], namespace[field_name(prop)] = data_field(prop)
            continue
        id_name = f"{prop.name}_id"
        namespace["__annotations__"][id_name] = strawberry.ID | None
        namespace[id_name] = strawberry.field(description=ontology.describe(prop), default=None)
        namespace[prop.name] = strawberry.field(resolver=_id_ref_resolver(id_name, target),
                                                graphql_type=gql_type(target) | None,
                                                description=f"{prop.label_zh}: the {target} `{id_name}` names.")
    return namespace


def tie_type(rel_type: str, name: str, nodes: dict[str, tuple[str, str]], description: str) -> type:
    """A GraphQL type for one tie of `rel_type`, with its properties and the given node fields (for answers)."""
    return strawberry.type(type(name, (), tie_namespace(ontology.REL_BY_TYPE[rel_type], nodes)),
                           description=description)


def tie_values(rel_type: str, tie: dict[str, Any]) -> dict[str, Any]:
    """The field values of a tie object from the relationship's properties."""
    values = {}
    for prop, name, convert in shown_tie_props(rel_type):
        value = tie.get(prop)
        values[name] = native(value) if convert and value is not None else value
    return values


def _id_ref_resolver(id_name: str, target: str) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info) -> Any:
        ref = getattr(root, id_name)
        return None if ref is None else await info.context.node(target, ref)

    return resolve


# --- the edges and connections of relationship fields ------------------------------------------------
CONNECTIONS: dict[tuple[str, str, Direction], Connection] = {}  # (rel, other, direction) → its types


def tie_connection(field: TieField) -> Connection:
    """The edge and connection types of a relationship field, shared by the fields of one (rel, other, direction)."""
    key = (field.rel.type, field.other, field.direction)
    if key in CONNECTIONS:
        return CONNECTIONS[key]
    base = snake_to_pascal(field.rel.type) + field.other
    taken = {c.edge.__name__ for c in CONNECTIONS.values()}
    if base + "Edge" in taken:
        base = snake_to_pascal(field.rel.type) + ("Target" if field.direction == "out" else "Source") + field.other
    edge = edge_type(base + "Edge", f"A {field.rel.type} tie ({field.rel.label_zh}) and the node at its other end.",
                     tie_namespace(field.rel, {"node": (field.other, f"The {field.other} at the other end.")}),
                     cursor_text="Opaque position of this tie in the list, for `after`.", cursor_first=False)
    found = CONNECTIONS[key] = Connection(edge, connection_type(
        base + "Connection", edge, gql_type(field.other), f"A page of {field.rel.type} ties ({field.rel.label_zh}).",
        extra=tie_aggregates.fields(field.other)))
    return found


# --- resolvers ------------------------------------------------------------------------------------
AsOfArg = Annotated[dt.date | None, strawberry.argument(
    description="Only ties valid at this date (start ≤ asOf ≤ end, empty ends open); all ties when absent.")]


async def _batch_ties(ctx: Context, field: TieField, page: Page, as_of: dt.date | None, with_total: bool,
                      conditions: list[dict[str, Any]], ids: Sequence[str]) -> list[dict[str, Any]]:
    text = fill(TIE_QUERIES[field.direction], SELF=field.self_label, REL=field.rel.type, OTHER=field.other)
    # `last` alone: each parent's last ties, read from its end (one more says whether more precede)
    from_end = page.needs_total
    rows = await ctx.reader.run(text, {"ids": list(ids), "asOf": as_of, "skip": 0 if from_end else page.skip,
                                       "limit": page.first + 1 if from_end else page.limit,
                                       "withTotal": with_total or from_end, "backward": from_end,
                                       "where": conditions})
    found = {row["id"]: row for row in await ctx.scope.ties(ctx, rows)}  # access: no tie out of the scope
    return [found.get(i, {"ties": [], "total": 0}) for i in ids]


def _ties(root: Any, info: strawberry.Info, field: TieField, first: int | None = None,
          after: str | None = None, last: int | None = None, before: str | None = None,
          as_of: dt.date | None = None, where: Any = None) -> Any:
    """The field's connection for `root`: at once when the parent's query answered it (folded: no awaitable,
    so graphql-core gathers nothing for it), else an awaitable of it through the request's DataLoader."""
    conditions = tie_conditions(field.rel.type, where)
    # The fingerprint names the field, not its parent: one page (one loader key) serves every parent at once.
    page = Page.of(first, after, last=last, before=before,
                   list_key=("ties", field.owner, field.name, as_of, conditions))
    ctx: Context = info.context
    with_total = selects(info, "totalCount")
    folded = folding.taken(root, info)  # answered by the parent's own query (api/folding.py), or not
    if folded is not None and (after, last, before, as_of, where) == (None,) * 5:
        shape = folded.shape if folded.shape is not None and folded.shape.first == page.first else None
        done = completed(shape, folded.row)  # made straight from the row (api/precompleted.py), or None
        if done is not None:
            return done
        return _connection(root, info, field, page, as_of, conditions, with_total, folded.row, folded.children)
    key = ("ties", field.owner, field.name, page, as_of, with_total, repr(conditions))
    loaded = ctx.loader(key, partial(_batch_ties, ctx, field, page, as_of, with_total, conditions)).load(root.id)

    async def connection() -> Any:
        return _connection(root, info, field, page, as_of, conditions, with_total, await loaded, ())
    return connection()


def _connection(root: Any, info: strawberry.Info, field: TieField, page: Page, as_of: dt.date | None,
                conditions: list[dict[str, Any]], with_total: bool, row: dict[str, Any], below: Any) -> Any:
    ties, has_previous = row["ties"], None
    if page.needs_total:  # read from the end: this parent's own page, once its total is known
        has_previous, ties = len(ties) > page.first, ties[: page.first][::-1]
        page = page.resolve(row["total"])
    shown = ties[: page.first]
    items = [{"node": folding.attach(entity(r["labels"], r["node"]), r, below), **tie_values(field.rel.type, r["tie"])}
             for r in shown]
    question = TieQuestion(field.self_label, field.rel.type, field.direction, field.other, root.id, as_of,
                           tuple((c["p"], c["op"], c["v"]) for c in conditions))
    return tie_connection(field).page(page, items, len(ties), row["total"] if with_total else None,
                                      has_previous=has_previous, question=question,
                                      edge_cursors=edge_cursors(info))


async def _batch_single(ctx: Context, field: TieField, ids: Sequence[str]) -> list[Any]:
    text = fill("tie_single", SELF=field.self_label, REL=field.rel.type, OTHER=field.other)
    rows = await ctx.reader.run(text, {"ids": list(ids)})
    found = await ctx.scope.single(ctx, {row["id"]: entity(row["labels"], row["node"]) for row in rows})  # access
    return [found.get(i) for i in ids]


def tie_field(field: TieField) -> StrawberryField:
    """The strawberry field of a relationship field."""
    if field.single:
        def single(root: Any, info: strawberry.Info) -> Any:  # the node, or an awaitable of it (as ties does)
            ctx: Context = info.context
            folded = folding.taken(root, info)
            if folded is not None:  # answered by the parent's own query (api/folding.py)
                found = folded.row
                done = completed(folded.shape, found)  # made straight from the row (api/precompleted.py)
                if done is not None:
                    return done
                return None if found is None else folding.attach(entity(found["labels"], found["node"]), found,
                                                                 folded.children)
            return ctx.loader(("single", field.owner, field.name), partial(_batch_single, ctx, field)).load(root.id)

        return per_parent(strawberry.field(resolver=single, graphql_type=gql_type(field.other) | None,
                                           description=field.description()))

    connection = tie_connection(field).type

    def ties(root: Any, info: strawberry.Info, **arguments: Any) -> Any:
        return _ties(root, info, field, **arguments)

    keyword = inspect.Parameter.KEYWORD_ONLY
    ties.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Any),
         inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=strawberry.Info),
         *(inspect.Parameter(name, keyword, annotation=annotation, default=None)
           for name, annotation in _tie_arguments(field))],
        return_annotation=Any)
    return per_parent(strawberry.field(resolver=ties, graphql_type=connection, description=field.description()))


def _tie_arguments(field: TieField) -> list[tuple[str, Any]]:
    """A relationship field's arguments: paging, `asOf` for dated ties, `where` on the ties' comparable
    properties (api/filters.py), read by strawberry from the resolver's signature."""
    arguments: list[tuple[str, Any]] = [("first", FirstArg), ("after", AfterArg), ("last", LastArg),
                                        ("before", BeforeArg)]
    if field.rel.dated:
        arguments.append(("as_of", AsOfArg))
    where = TIE_WHERE[field.rel.type]
    if where is not None:
        arguments.append(("where", Annotated[where | None, strawberry.argument(
            description="Only ties whose property values meet these conditions (all of them).")]))
    return arguments
