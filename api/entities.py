"""The GraphQL types of every node kind, generated from graph/ontology.py.

Nothing here lists a kind, a property or a relationship: adding one to the
ontology adds it to the API. What the ontology does not say — the GraphQL names
of relationship fields, and the few properties renamed because their name is
taken — is in the tables below, and a test checks they name only what the
ontology has.

- `Node` (interface): id, name, nameEn, kind, kindLabelZh, tieCount.
- A family interface for each family with several kinds (`Area`, `Organization`),
  with the properties and relationships all its kinds share.
- One object type per kind (`Compound`, `PartyOrganization`, `Person` …) with
  its properties (never the personal ones, Prop.personal) and its relationships,
  navigable both ways:
  * a single-valued tie (written as a column of the node's own file: an area's
    parent, an organisation's area) is a plain field returning the node;
  * every other tie is a Relay connection (`first`, `after`, `totalCount`,
    `pageInfo`, `edges { cursor node …tie properties }`, `nodes`), with `asOf`
    for dated ties.
- Organisations (the interface and its kinds) also have `measures`: what
  `govgraph analyze` wrote on them (api/measures.py, from graph.analysis
  .MEASURE_PROPS), null before it has run.
- Root fields: `node(id, kind)`, `nodes(ids)` and a connection per kind and per
  family (`compounds`, `partyOrganizations`, `areas`, `organizations` …), with
  filters (`within` an area at any depth, `text` through the CJK full-text
  index, `subtype`, `kinds`) and `sort` (NAME, TIES — by number of ties —,
  RELEVANCE, and for organisations MEASURE with `measure`: highest first).

Every nested field is a DataLoader batch: ONE Cypher query per field per
level, whatever the number of parents (`cypher/ties_*.cypher`, `tie_single`,
`entity_by_id`, `entity_tie_counts`).
"""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache, partial
from typing import Annotated, Any, Literal, Optional

import neo4j.time
import strawberry
from strawberry.types.field import StrawberryField

from api import measures, templates
from api.config import DEFAULT_PAGE, MAX_PAGE
from api.context import Context
from api.errors import BadArgument, NotFound
from api.fulltext import lucene_query
from api.pagination import Page, PageInfo, selects
from graph import ontology
from graph.ontology import NodeKind, Prop, RelKind

# --- names the ontology does not give -----------------------------------------
# Properties shown under another name, because the name is taken: `kind` is the
# node's kind (Compound, PartyOrganization …) on every node, so the `kind`
# property (grand_party_committee …) is `subtype`; `members` is an
# organisation's people, so a volunteer team's head count is `memberCount`.
PROP_RENAMES: dict[str, str] = {"kind": "subtype", "members": "member_count"}

# Relationship fields: (field on the source, field on the target), Python names
# (camelCased in GraphQL). `{plural}` stands for the other end's plural when a
# relationship joins several kinds (an area's `facilities` and `projects`).
TIE_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "WITHIN": ("parent", "children"),
    "SUB_ORGANIZATION_OF": ("parent_organization", "sub_organizations"),
    "BASED_IN": ("based_in", "organizations_based_here"),
    "COVERS": ("covers", "covered_by"),
    "SERVES_IN": ("posts", "members"),
    "SEATS_ON": ("seats_on", "seat_holders"),
    "CO_BUILDS": ("co_builds", "co_builds"),
    "MEMBER_OF": ("member_of", "member_organizations"),
    "MANAGES": ("manages", "managed_by"),
    "REPRESENTS": ("represents", "represented_by"),
    "SENT_DOWN_TO": ("sent_down_to", "sent_down_cadres"),
    "PLANS": ("plans", "planners"),
    "LOCATED_IN": ("located_in", "{plural}"),
    "OPERATED_BY": ("operated_by", "operates"),
    "REPORTED_IN": ("reported_in", "cases"),
    "HANDLED_BY": ("handled_by", "cases_handled"),
}

# Tie properties holding the id of another node: shown as `<name>Id` and as a
# field resolving that node (a part-time member's sending unit).
ID_REF_PROPS: dict[tuple[str, str], str] = {("SERVES_IN", "on_behalf_of"): "Organization"}

PY_TYPES: dict[str, Any] = {
    "string": str, "int": int, "float": float, "bool": bool,
    "date": dt.date, "datetime": dt.datetime, "string_list": list[str],
}


def snake_to_pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.lower().split("_"))


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def native(value: Any) -> Any:
    """Neo4j's temporal values as Python's, for strawberry's Date and DateTime scalars."""
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime)):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


def field_name(prop: Prop) -> str:
    return PROP_RENAMES.get(prop.name, prop.name)


def describe(prop: Prop) -> str:
    text = prop.label_zh + (f". {prop.description[0].upper()}{prop.description[1:]}" if prop.description else "")
    if prop.enum:
        text += ". One of: " + ", ".join(prop.enum)
    return text + "."


def public_props(props: Sequence[Prop]) -> tuple[Prop, ...]:
    """What the API may show: never personal data."""
    return tuple(p for p in props if not p.personal)


# --- the kind enum ----------------------------------------------------------------
KIND_NAMES: tuple[str, ...] = tuple(dict.fromkeys([*ontology.FAMILIES, *(k.name for k in ontology.NODE_KINDS)]))
Kind = strawberry.enum(Enum("Kind", {name: name for name in KIND_NAMES}),  # type: ignore[misc]
                       description="A node kind of the ontology (Compound, PartyOrganization …), or a family "
                                   "(Area, Organization …) standing for all its kinds.")

MULTI_KIND_FAMILIES: tuple[str, ...] = tuple(f for f in ontology.FAMILIES if f not in ontology.NODE_BY_NAME)


def family_of(name: str) -> str:
    return ontology.NODE_BY_NAME[name].family if name in ontology.NODE_BY_NAME else name


def kinds_of(name: str) -> tuple[NodeKind, ...]:
    return ontology.kinds_matching((name,))


def plural(name: str) -> str:
    """The plural used in field names: a kind's file name (party_organizations), or a family's (areas)."""
    return ontology.NODE_BY_NAME[name].file if name in ontology.NODE_BY_NAME else name.lower() + "s"


# --- relationship fields, derived from REL_KINDS ------------------------------------
Direction = Literal["out", "in", "both"]


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
        return family_of(self.owner)  # the family label carries the id constraint: an index lookup

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
        out_name, in_name = TIE_FIELD_NAMES.get(rel.type, (rel.type.lower(), rel.type.lower() + "_of"))
        if rel.undirected:
            for owner in dict.fromkeys(rel.sources + rel.targets):
                for other in dict.fromkeys(rel.sources + rel.targets):
                    fields.append(TieField(_name(out_name, other, len(rel.targets)), rel, "both", owner, other, False))
            continue
        for owner in rel.sources:
            for other in rel.targets:
                fields.append(TieField(_name(out_name, other, len(rel.targets)), rel, "out", owner, other,
                                       _single_valued(rel)))
        for owner in rel.targets:
            for other in rel.sources:
                fields.append(TieField(_name(in_name, other, len(rel.sources)), rel, "in", owner, other, False))
    return tuple(fields)


def _name(template: str, other: str, ends: int) -> str:
    if "{plural}" in template:
        return template.format(plural=plural(other))
    return template if ends == 1 else f"{template}_{plural(other)}"


TIE_FIELDS = tie_fields()


def fields_declared_on(owner: str) -> tuple[TieField, ...]:
    return tuple(f for f in TIE_FIELDS if f.owner == owner)


# --- the classes (built below, in dependency order) -----------------------------------
TYPES: dict[str, type] = {}  # kind or family name → strawberry type or interface
CONNECTIONS: dict[str, type] = {}  # kind or family name → its root list connection type
LIST_EDGES: dict[str, type] = {}  # kind or family name → the edge type of that connection
EDGE_TYPES: dict[tuple[str, str, Direction], tuple[type, type]] = {}  # (rel, other, direction) → (edge, connection)


def gql_type(name: str) -> type:
    return TYPES[name] if name in TYPES else TYPES["Node"]


def _data_field(prop: Prop) -> tuple[Any, StrawberryField]:
    annotation = strawberry.ID if prop.name == "id" else PY_TYPES[prop.type]
    if not prop.required:
        annotation = Optional[annotation]  # noqa: UP007 — a runtime type object is needed here
    return annotation, strawberry.field(description=describe(prop), default=None)


def _namespace(props: Sequence[Prop]) -> dict[str, Any]:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    for prop in public_props(props):
        annotations[field_name(prop)], namespace[field_name(prop)] = _data_field(prop)
    return namespace


# Node: the interface every node type implements.
async def _tie_count(root: Any, info: strawberry.Info) -> int:
    ctx: Context = info.context
    label = family_of(root.kind.value)
    count = await ctx.loader(("tie_count", label), partial(_batch_tie_counts, ctx, label)).load(root.id)
    return count


async def _batch_tie_counts(ctx: Context, label: str, ids: Sequence[str]) -> list[int]:
    rows = await ctx.reader.run(templates.fill("entity_tie_counts", LABEL=label), {"ids": list(ids)})
    found = {row["id"]: row["ties"] for row in rows}
    return [found.get(i, 0) for i in ids]


def _resolve_type(obj: Any, info: Any, abstract_type: Any) -> str:
    return obj.kind.value


def _kind_label_zh(root: Any) -> str:
    return ontology.NODE_BY_NAME[root.kind.value].label_zh


def _build_node_interface() -> type:
    namespace = _namespace(ontology.COMMON_PROPS)
    namespace["__annotations__"]["kind"] = Kind
    namespace["kind"] = strawberry.field(description="The node's kind in the ontology.", default=None)
    namespace["kind_label_zh"] = strawberry.field(resolver=_kind_label_zh, graphql_type=str,
                                                  description="The kind's Chinese name (小区, 党组织 …).")
    namespace["tie_count"] = strawberry.field(resolver=_tie_count, graphql_type=int,
                                              description="How many relationships the node has, of any type "
                                                          "and direction (what sort: TIES orders by).")
    # Every object here knows its kind, which is its GraphQL type's name: no search through the implementations.
    namespace["resolve_type"] = staticmethod(_resolve_type)
    cls = type("Node", (), namespace)
    return strawberry.interface(cls, description="Anything in the graph: every node has a stable id "
                                                 "(the source system's), a name (Chinese first) and a kind.")


def _shared_props(kinds: Sequence[NodeKind]) -> tuple[Prop, ...]:
    """Properties (beyond the common ones) every kind of a family has, with the same definition."""
    first, *rest = kinds
    return tuple(p for p in first.props if all(p in k.props for k in rest))


# --- edges and connections of relationship fields -------------------------------------------
def _edge_types(field: TieField) -> tuple[type, type]:
    key = (field.rel.type, field.other, field.direction)
    if key in EDGE_TYPES:
        return EDGE_TYPES[key]
    base = snake_to_pascal(field.rel.type) + field.other
    taken = {edge.__name__ for edge, _ in EDGE_TYPES.values()}
    if base + "Edge" in taken:
        base = snake_to_pascal(field.rel.type) + ("Target" if field.direction == "out" else "Source") + field.other
    namespace = _tie_namespace(field.rel, {"node": (field.other, f"The {field.other} at the other end.")})
    namespace["__annotations__"]["cursor"] = str
    namespace["cursor"] = strawberry.field(description="Opaque position of this tie in the list, for `after`.",
                                           default=None)
    edge = strawberry.type(type(base + "Edge", (), namespace),
                           description=f"A {field.rel.type} tie ({field.rel.label_zh}) and the node at its other end.")
    connection = _connection_type(base + "Connection", edge, gql_type(field.other),
                                  f"A page of {field.rel.type} ties ({field.rel.label_zh}).")
    EDGE_TYPES[key] = (edge, connection)
    return edge, connection


def _tie_namespace(rel: RelKind, nodes: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Fields of an object showing one tie: `nodes` (field → (kind or family, description)) and its properties."""
    namespace: dict[str, Any] = {"__annotations__": {}}
    for name, (other, text) in nodes.items():
        namespace["__annotations__"][name] = gql_type(other)
        namespace[name] = strawberry.field(description=text, default=None)
    for prop in public_props(rel.all_props):
        target = ID_REF_PROPS.get((rel.type, prop.name))
        if target is None:
            namespace["__annotations__"][field_name(prop)], namespace[field_name(prop)] = _data_field(prop)
            continue
        id_name = f"{prop.name}_id"
        namespace["__annotations__"][id_name] = Optional[strawberry.ID]  # noqa: UP007
        namespace[id_name] = strawberry.field(description=describe(prop), default=None)
        namespace[prop.name] = strawberry.field(resolver=_id_ref_resolver(id_name, target),
                                                graphql_type=Optional[gql_type(target)],  # noqa: UP007
                                                description=f"{prop.label_zh}: the {target} `{id_name}` names.")
    return namespace


def tie_type(rel_type: str, name: str, nodes: dict[str, tuple[str, str]], description: str) -> type:
    """A GraphQL type for one tie of `rel_type`, with its properties and the given node fields (for answers)."""
    return strawberry.type(type(name, (), _tie_namespace(ontology.REL_BY_TYPE[rel_type], nodes)),
                           description=description)


def tie_values(rel_type: str, tie: dict[str, Any]) -> dict[str, Any]:
    """The field values of a tie object from the relationship's properties."""
    values: dict[str, Any] = {}
    for prop in public_props(ontology.REL_BY_TYPE[rel_type].all_props):
        if (rel_type, prop.name) in ID_REF_PROPS:
            values[f"{prop.name}_id"] = tie.get(prop.name)
        else:
            values[field_name(prop)] = native(tie.get(prop.name))
    return values


def connection_type(name: str, edge: type, node_type: type, description: str) -> type:
    """A Relay connection type (edges, pageInfo, totalCount, nodes) over `edge`s whose node is a `node_type`."""
    return _connection_type(name, edge, node_type, description)


def _id_ref_resolver(id_name: str, target: str) -> Callable[..., Any]:
    async def resolve(root: Any, info: strawberry.Info) -> Any:
        ref = getattr(root, id_name)
        return None if ref is None else await info.context.node(target, ref)

    return resolve


def _connection_type(name: str, edge: type, node_type: type, description: str) -> type:
    def nodes(root: Any) -> list[Any]:
        return [e.node for e in root.edges]

    namespace = {
        "__annotations__": {"edges": list[edge], "page_info": PageInfo, "total_count": int},  # type: ignore[valid-type]
        "edges": strawberry.field(description="The items of this page, each with its cursor.", default=None),
        "page_info": strawberry.field(description="Where this page sits in the list.", default=None),
        "total_count": strawberry.field(description="How many items the whole list has (a count() query, run "
                                                    "only when this field is asked for).", default=None),
        "nodes": strawberry.field(resolver=nodes, graphql_type=list[node_type],  # type: ignore[valid-type]
                                  description="The nodes of this page, without their edges."),
    }
    return strawberry.type(type(name, (), namespace), description=description)


def _make_edge(edge_cls: type, rel: RelKind, cursor: str, row: dict[str, Any]) -> Any:
    return edge_cls(cursor=cursor, node=entity(row["labels"], row["node"]), **tie_values(rel.type, row["tie"]))


# --- relationship resolvers ---------------------------------------------------------------
def _tie_query(field: TieField) -> str:
    return templates.fill(f"ties_{field.direction}", SELF=field.self_label, REL=field.rel.type, OTHER=field.other)


async def _batch_ties(ctx: Context, field: TieField, page: Page, as_of: dt.date | None, with_total: bool,
                      ids: Sequence[str]) -> list[dict[str, Any]]:
    rows = await ctx.reader.run(_tie_query(field), {"ids": list(ids), "asOf": as_of, "skip": page.skip,
                                                    "limit": page.limit, "withTotal": with_total})
    found = {row["id"]: row for row in rows}
    return [found.get(i, {"ties": [], "total": 0}) for i in ids]


async def _ties(root: Any, info: strawberry.Info, field: TieField, first: int | None, after: str | None,
                as_of: dt.date | None) -> Any:
    page = Page.of(first, after)
    ctx: Context = info.context
    with_total = selects(info, "totalCount")
    key = ("ties", field.owner, field.name, page, as_of, with_total)
    row = await ctx.loader(key, partial(_batch_ties, ctx, field, page, as_of, with_total)).load(root.id)
    edge_cls, connection_cls = _edge_types(field)
    shown = row["ties"][: page.first]
    edges = [_make_edge(edge_cls, field.rel, c, r) for c, r in zip(page.cursors(len(shown)), shown)]
    return connection_cls(edges=edges, page_info=PageInfo.of(page, len(row["ties"])), total_count=row["total"])


FirstArg = Annotated[Optional[int], strawberry.argument(description="How many items (0–100).")]  # noqa: UP007
AfterArg = Annotated[Optional[str], strawberry.argument(description="Items after this cursor.")]  # noqa: UP007
AsOfArg = Annotated[Optional[dt.date], strawberry.argument(  # noqa: UP007
    description="Only ties valid at this date (start ≤ asOf ≤ end, empty ends open); all ties when absent.")]


def _tie_resolver(field: TieField) -> StrawberryField:
    if field.single:
        async def single(root: Any, info: strawberry.Info) -> Any:
            ctx: Context = info.context
            return await ctx.loader(("single", field.owner, field.name),
                                    partial(_batch_single, ctx, field)).load(root.id)

        return strawberry.field(resolver=single, graphql_type=Optional[gql_type(field.other)],  # noqa: UP007
                                description=field.description())

    connection = _edge_types(field)[1]
    if field.rel.dated:
        async def dated(root: Any, info: strawberry.Info, first: FirstArg = DEFAULT_PAGE, after: AfterArg = None,
                        as_of: AsOfArg = None) -> Any:
            return await _ties(root, info, field, first, after, as_of)

        return strawberry.field(resolver=dated, graphql_type=connection, description=field.description())

    async def undated(root: Any, info: strawberry.Info, first: FirstArg = DEFAULT_PAGE, after: AfterArg = None) -> Any:
        return await _ties(root, info, field, first, after, None)

    return strawberry.field(resolver=undated, graphql_type=connection, description=field.description())


async def _batch_single(ctx: Context, field: TieField, ids: Sequence[str]) -> list[Any]:
    text = templates.fill("tie_single", SELF=field.self_label, REL=field.rel.type, OTHER=field.other)
    rows = await ctx.reader.run(text, {"ids": list(ids)})
    found = {row["id"]: entity(row["labels"], row["node"]) for row in rows}
    return [found.get(i) for i in ids]


# --- building the types -------------------------------------------------------------------
def _add_tie_fields(cls: type, owner: str) -> None:
    for field in fields_declared_on(owner):
        if field.name in getattr(cls, "__annotations__", {}):
            raise ValueError(f"{owner}.{field.name}: a relationship field has the name of a property; "
                             "add a rename to api/entities.py PROP_RENAMES or TIE_FIELD_NAMES")
        setattr(cls, field.name, _tie_resolver(field))


def _description(kind: NodeKind) -> str:
    return f"{kind.label_zh}: {kind.description}."


def _build() -> None:
    TYPES["Node"] = _build_node_interface()
    raw: dict[str, type] = {}
    # Raw classes first, so relationship fields can name any type.
    for family in MULTI_KIND_FAMILIES:
        namespace = _namespace(_shared_props(ontology.KINDS_OF_FAMILY[family]))
        if family == measures.FAMILY:
            measures.add_field(namespace)  # inherited by every organisation kind
        raw[family] = type(family, (TYPES["Node"],), namespace)
    for kind in ontology.NODE_KINDS:
        base = raw.get(kind.family, TYPES["Node"])
        inherited = set(_shared_props(ontology.KINDS_OF_FAMILY[kind.family])) if kind.family in raw else set()
        raw[kind.name] = type(kind.name, (base,), _namespace([p for p in kind.props if p not in inherited]))
    TYPES.update(raw)
    for name, cls in raw.items():
        _add_tie_fields(cls, name)
    for family in MULTI_KIND_FAMILIES:
        zh = "/".join(k.label_zh for k in ontology.KINDS_OF_FAMILY[family])
        TYPES[family] = strawberry.interface(raw[family], description=f"Any {family.lower()} ({zh}).")
    for kind in ontology.NODE_KINDS:
        TYPES[kind.name] = strawberry.type(raw[kind.name], description=_description(kind))
    for name in (*MULTI_KIND_FAMILIES, *(k.name for k in ontology.NODE_KINDS)):
        edge = strawberry.type(type(name + "Edge", (), {
            "__annotations__": {"cursor": str, "node": TYPES[name]},
            "cursor": strawberry.field(description="Opaque position in the list, for `after`.", default=None),
            "node": strawberry.field(default=None)}), description=f"A {name} in a list.")
        LIST_EDGES[name] = edge
        CONNECTIONS[name] = _connection_type(name + "Connection", edge, TYPES[name], f"A page of {plural(name)}.")


_build()
Node = TYPES["Node"]


def kind_of(labels: Sequence[str]) -> str:
    """The kind label among a node's labels (its family label for single-kind families)."""
    return _kind_of(tuple(labels))


@cache
def _kind_of(labels: tuple[str, ...]) -> str:
    for label in labels:
        if label in ontology.NODE_BY_NAME and ontology.NODE_BY_NAME[label].family != label:
            return label
    for label in labels:
        if label in ontology.NODE_BY_NAME:
            return label
    raise ValueError(f"a node with labels {list(labels)} has no kind of the ontology")


PUBLIC_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    kind.name: tuple((p.name, field_name(p)) for p in public_props(kind.all_props)) for kind in ontology.NODE_KINDS
}


def entity(labels: Sequence[str], props: dict[str, Any]) -> Any:
    """The GraphQL object of a node from its labels and properties (personal properties dropped)."""
    kind = kind_of(labels)
    values = {name: native(props.get(prop)) for prop, name in PUBLIC_FIELDS[kind]}
    if kind in measures.MEASURED_KINDS:
        values["measures"] = measures.measures_of(props)  # already fetched with the node: no extra query
    return TYPES[kind](kind=Kind[kind], **values)


# --- loading nodes by id ------------------------------------------------------------------
ALL_FAMILIES = "|".join(ontology.FAMILIES)


def load_nodes(ctx: Context, label: str) -> Any:
    """The request's DataLoader of nodes labelled `label` (a kind, a family, or ALL_FAMILIES) by id."""
    return ctx.loader(("node", label), partial(_batch_nodes, ctx, label))


async def _batch_nodes(ctx: Context, label: str, ids: Sequence[str]) -> list[Any]:
    # Looked up by family label, whose id constraint is the index; a kind is then checked on the labels.
    wanted = label if label == ALL_FAMILIES else family_of(label)
    rows = await ctx.reader.run(templates.fill("entity_by_id", LABEL=wanted), {"ids": list(ids)})
    found: dict[str, Any] = {}
    order = {family: i for i, family in enumerate(ontology.FAMILIES)}
    # An id is unique within a family only: when families share it, the first family of the ontology wins.
    for row in sorted(rows, key=lambda r: min(order.get(lb, 99) for lb in r["labels"])):
        if label == wanted or label in row["labels"]:
            found.setdefault(row["id"], entity(row["labels"], row["node"]))
    return [found.get(i) for i in ids]


# --- root fields ---------------------------------------------------------------------------
@strawberry.enum(description="How a list is ordered.")
class EntityOrder(Enum):
    NAME = "NAME"  # by name, then id
    TIES = "TIES"  # by number of relationships, most first
    RELEVANCE = "RELEVANCE"  # by full-text score, best first (with `text` only)
    MEASURE = "MEASURE"  # by a measure of `govgraph analyze`, highest first (organisations, with `measure`)


SUBTYPES: dict[str, tuple[str, ...]] = {}
for _name_ in (*MULTI_KIND_FAMILIES, *(k.name for k in ontology.NODE_KINDS)):
    SUBTYPES[_name_] = tuple(dict.fromkeys(v for k in kinds_of(_name_) for p in k.props
                                           if p.name == "kind" and p.enum for v in p.enum))


def _check_list_arguments(name: str, within: str | None, subtype: str | None, kinds: list[Any] | None,
                          sort: EntityOrder | None, text: str | None) -> list[str] | None:
    if subtype is not None and subtype not in SUBTYPES[name]:
        allowed = ", ".join(SUBTYPES[name]) or "none: this kind has no subtypes"
        raise BadArgument(f"subtype: {subtype!r} is not a subtype of {name}; expected one of {allowed}")
    if sort is EntityOrder.RELEVANCE and text is None:
        raise BadArgument("sort: RELEVANCE orders by full-text score, so it needs `text`")
    if within is not None and templates.placement(name, inward=True) is None:
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


def _measured(name: str) -> bool:
    """Whether the nodes of a kind or family carry the measures of `govgraph analyze`."""
    return all(k.name in measures.MEASURED_KINDS for k in kinds_of(name))


def _measure_order(name: str, sort: EntityOrder | None, measure: Any) -> EntityOrder | None:
    """`measure` alone means sort: MEASURE; with another sort, or MEASURE without it, the request is unclear."""
    if sort is EntityOrder.MEASURE and not _measured(name):
        raise BadArgument(f"sort: MEASURE orders organisations by a measure of `govgraph analyze`; "
                          f"{plural(name)} have none")
    if measure is None:
        if sort is EntityOrder.MEASURE:
            raise BadArgument("sort: MEASURE needs `measure`, the measure to order by (e.g. BETWEENNESS)")
        return sort
    if sort not in (None, EntityOrder.MEASURE):
        raise BadArgument(f"measure: orders the list, so it goes with sort: MEASURE, not sort: {sort.value}")
    return EntityOrder.MEASURE


async def list_entities(info: strawberry.Info, name: str, within: str | None, text: str | None,
                        subtype: str | None, kinds: list[Any] | None, sort: EntityOrder | None,
                        first: int | None, after: str | None, measure: Any = None) -> Any:
    """One page of the nodes of a kind or family, filtered and sorted (the root list fields)."""
    sort = _measure_order(name, sort, measure)
    labels = _check_list_arguments(name, within, subtype, kinds, sort, text)
    page = Page.of(first, after)
    ctx: Context = info.context
    order = (sort or (EntityOrder.RELEVANCE if text is not None else EntityOrder.NAME)).value
    params: dict[str, Any] = {"kinds": labels, "subtype": subtype, "sort": order, "skip": page.skip,
                              "limit": page.limit}
    values: dict[str, str] = {"LABEL": name}
    query = "entity_list"
    if text is not None:
        query += "_text"
        params["text"] = lucene_query(text)
    if within is not None:
        query += "_within"
        params["within"] = within
        values["OUTWARD" if text is not None else "INWARD"] = templates.placement(name, inward=text is None)
    counting = selects(info, "totalCount")
    listing, list_values, counter = query, values, query + "_count"
    if sort is EntityOrder.MEASURE:
        # The property read is a name of graph.analysis.MEASURE_PROPS, from the enum, passed as a parameter.
        listing += "_measure"
        params["measure"] = measures.property_of(measure)
    elif query == "entity_list" and order == EntityOrder.NAME.value:
        # The default view: walked off the family's name index rather than sorted.
        listing, list_values = "entity_list_by_name", {**values, "FAMILY": ontology.family_of(name)}
    if query == "entity_list" and labels is None and subtype is None:
        counter = "entity_count"  # nothing narrows the list: the count store has the answer
    # A full-text page counts its matches as it sorts them (each row carries `total`); the count query is
    # needed there only when the page comes back empty.
    counted_in_page = text is not None
    page_rows, count_rows = await asyncio.gather(
        ctx.reader.run(templates.fill(listing, **list_values), params),
        ctx.reader.run(templates.fill(counter, **values), params) if counting and not counted_in_page
        else _nothing())
    if within is not None and not page_rows and await ctx.node("Area", within) is None:
        raise NotFound(f"within: no area with id {within!r}")
    total = None
    if counting:
        if not counted_in_page:
            total = count_rows[0]["total"]
        elif page_rows:
            total = page_rows[0]["total"]
        else:
            total = 0 if page.skip == 0 else (await ctx.reader.run(templates.fill(counter, **values), params))[0]["total"]
    shown = page_rows[: page.first]
    connection, edge_cls = CONNECTIONS[name], LIST_EDGES[name]
    edges = [edge_cls(cursor=c, node=entity(r["labels"], r["node"])) for c, r in zip(page.cursors(len(shown)), shown)]
    return connection(edges=edges, page_info=PageInfo.of(page, len(page_rows)), total_count=total)


async def _nothing() -> list[Any]:
    return []


# Resolver arguments are module-level aliases: strawberry reads the annotations by name from this module.
WithinArg = Annotated[Optional[strawberry.ID], strawberry.argument(  # noqa: UP007
    description="Only those in this area or any area below it (areas: strictly below it).")]
TextArg = Annotated[Optional[str], strawberry.argument(  # noqa: UP007
    description="Only those whose name or English name has these words (full-text, CJK-aware: each word a "
                "phrase, all words required, a lone character a prefix).")]
SubtypeArg = Annotated[Optional[str], strawberry.argument(  # noqa: UP007
    description="Only those of this subtype (the `subtype` field, e.g. grand_party_committee).")]
SortArg = Annotated[Optional[EntityOrder], strawberry.argument(  # noqa: UP007
    description="Order: NAME (default), TIES (most relationships first), RELEVANCE (default with text); "
                "for organisations also MEASURE (by `measure`).")]
MeasureArg = Annotated[Optional[measures.OrganizationMeasure], strawberry.argument(  # noqa: UP007
    description="Order by this measure of `govgraph analyze`, highest first, organisations it has not measured "
                "last (then by name); implies sort: MEASURE.")]
KindsArg = Annotated[Optional[list[Kind]], strawberry.argument(  # noqa: UP007
    description="Only nodes of these kinds (each a kind of this family).")]


def _list_field(name: str) -> StrawberryField:
    resolver: Callable[..., Any]
    if _measured(name):
        resolver = _measured_list(name)
    elif name in MULTI_KIND_FAMILIES:
        async def family_list(info: strawberry.Info, within: WithinArg = None, text: TextArg = None,
                              subtype: SubtypeArg = None, kinds: KindsArg = None, sort: SortArg = None,
                              first: FirstArg = DEFAULT_PAGE, after: AfterArg = None) -> Any:
            return await list_entities(info, name, within, text, subtype, kinds, sort, first, after)

        resolver = family_list
    else:
        async def kind_list(info: strawberry.Info, within: WithinArg = None, text: TextArg = None,
                            subtype: SubtypeArg = None, sort: SortArg = None,
                            first: FirstArg = DEFAULT_PAGE, after: AfterArg = None) -> Any:
            return await list_entities(info, name, within, text, subtype, None, sort, first, after)

        resolver = kind_list
    zh = ontology.NODE_BY_NAME[name].label_zh if name in ontology.NODE_BY_NAME else name
    return strawberry.field(resolver=resolver, graphql_type=CONNECTIONS[name], description=f"The {plural(name)} "
                            f"({zh}), a page at a time.")


def _measured_list(name: str) -> Callable[..., Any]:
    """The list resolver of organisations (the family or a kind): the others' arguments and `measure`."""
    if name in MULTI_KIND_FAMILIES:
        async def family_list(info: strawberry.Info, within: WithinArg = None, text: TextArg = None,
                              subtype: SubtypeArg = None, kinds: KindsArg = None, sort: SortArg = None,
                              measure: MeasureArg = None, first: FirstArg = DEFAULT_PAGE,
                              after: AfterArg = None) -> Any:
            return await list_entities(info, name, within, text, subtype, kinds, sort, first, after, measure)

        return family_list

    async def kind_list(info: strawberry.Info, within: WithinArg = None, text: TextArg = None,
                        subtype: SubtypeArg = None, sort: SortArg = None, measure: MeasureArg = None,
                        first: FirstArg = DEFAULT_PAGE, after: AfterArg = None) -> Any:
        return await list_entities(info, name, within, text, subtype, None, sort, first, after, measure)

    return kind_list


async def _node(info: strawberry.Info, id: strawberry.ID, kind: Optional[Kind] = None) -> Any:  # noqa: A002, UP007
    ctx: Context = info.context
    return await load_nodes(ctx, kind.value if kind is not None else ALL_FAMILIES).load(id)


async def _nodes(info: strawberry.Info, ids: list[strawberry.ID], kind: Optional[Kind] = None) -> list[Any]:  # noqa: UP007
    if len(ids) > MAX_PAGE:
        raise BadArgument(f"ids: at most {MAX_PAGE} at a time, got {len(ids)}")
    ctx: Context = info.context
    return await load_nodes(ctx, kind.value if kind is not None else ALL_FAMILIES).load_many(ids)


def _build_query() -> type:
    namespace: dict[str, Any] = {
        "node": strawberry.field(resolver=_node, graphql_type=Optional[Node],  # noqa: UP007
                                 description="The node with this id (of this kind or family, if given; ids are "
                                             "unique within a family), or null."),
        "nodes": strawberry.field(resolver=_nodes, graphql_type=list[Optional[Node]],  # noqa: UP007
                                  description="The nodes with these ids, in order (null where none), at most 100."),
    }
    for name in (*MULTI_KIND_FAMILIES, *(k.name for k in ontology.NODE_KINDS)):
        namespace[plural(name)] = _list_field(name)
    return strawberry.type(type("EntityQuery", (), namespace))


EntityQuery = _build_query()
