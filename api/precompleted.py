"""Root lists and their folded relationship fields answered in one step: their JSON made straight from the
rows of the list's query (api/lists.py) and of the fields it folded (api/folding.py), without an object per
node, edge and tie and without graphql-core completing each.

A page of twenty organisations with twenty members each is 400 edges and 400 people: built as strawberry
objects and then completed field by field (api/executor.py), that was most of an API worker's time on the
peer bench's page and nested queries, although every value is already in the row and the selection says
exactly which to show. @neo4j/graphql has Cypher return the response's shape itself; here Python does the
same from the rows, with the same values and the same output coercion of each leaf that graphql-core's
`complete_leaf_value` applies (the leaf type's `coerce_output_value`), the keys in the selection's order.

`connection_shape` compiles a folded field's selection once per request, `list_shape` a root list's; their
`answer` then makes a parent's answer (a page's), wrapped in `Completed`, which the executor
(api/executor.py) passes through as the completed value. Only what is answered the same way everywhere is
compiled: a connection's `totalCount`, `edges` and `nodes`, an edge's `node` and its tie's properties, a
node's basic property fields, `kind` and the fields folded below it, `__typename` at any level, and for a
root list (and `search`) its edges' `cursor`, values of its rows (a hit's `score`) and its `pageInfo` (made
by api/pagination.py as for objects), as plain fields (aliased or not; no fragments, no directives, no
arguments but the folded fields' `first`). Anything else — a folded field's `pageInfo` and `cursor`,
`tieCount`, `measures`, `aggregate`, a fragment — leaves the field to its resolver's ordinary answer, and so
does any unusual value when answering (a null where the type is non-null, a value its leaf type refuses):
`Unusual` is raised and the connection is built as objects, so errors and their paths stay graphql-core's own.

Example: in `organizations(first: 20) { edges { node { name members(first: 20) { totalCount edges { role
node { id name } } } } } }` each organisation's `members` is `Completed({"totalCount": 31, "edges":
[{"role": "委员", "node": {"id": "P1", "name": "王芳"}}, …]})`, and the list itself `Completed({"edges":
[{"node": {"name": "…", "members": {…}}}, …]})`.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_non_null_type,
)
from graphql.pyutils import Undefined
from strawberry.types.nodes import SelectedField

from api.kinds import Kind, kind_of
from api.pagination import Page, PageInfo
from api.per_parent import DEFINITION
from api.props import native, shown_tie_props
from api.registry import PLAIN_FIELDS, TEMPORAL_FIELDS

# What a compiled field does, and with what (the second element of each step).
LEAF, CONSTANT, FOLDED, TOTAL, EDGES, NODES, NODE, TIE, CURSOR, PAGE_INFO, ROW = range(11)


class Completed:
    """A field's answer already completed: the executor returns `value` as it is."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Unusual(Exception):  # a signal, not a failure: the field is answered the ordinary way
    """A value the one-step answer does not cover."""


def completed(shape: Any, row: Any) -> Completed | None:
    """A folded field's answer made by its compiled `shape` from its row, or None: no shape, or an unusual
    value (then the resolver answers the ordinary way)."""
    if shape is None:
        return None
    try:
        return Completed(shape.answer(row))
    except Unusual:
        return None


def listed(shape: Any, page: Page, rows: Sequence[dict[str, Any]], fetched: int, total: int | None,
           keys: list[list[Any] | None] | None, has_previous: bool | None) -> Completed | None:
    """A root list's answer made by its compiled `shape` (ListShape.answer's arguments), or None: no shape,
    or an unusual value (then api/lists.py builds the connection's objects)."""
    if shape is None:
        return None
    try:
        return Completed(shape.answer(page, rows, fetched, total, keys, has_previous))
    except Unusual:
        return None


def _plain(selection: Any) -> bool:
    """A field without a fragment, a directive or an argument."""
    return isinstance(selection, SelectedField) and not selection.directives and not selection.arguments


def _keys_unique(selections: Sequence[Any]) -> bool:
    """Fields only (no fragment), no response key twice."""
    if not all(isinstance(s, SelectedField) for s in selections):
        return False
    keys = [s.alias or s.name for s in selections]
    return len(keys) == len(set(keys))


def _leaf(gtype: Any, name: str) -> tuple[str, Any, bool] | None:
    """(python attribute, output coercion, non-null) of a basic leaf field of `gtype`, or None."""
    field = gtype.fields.get(name) if isinstance(gtype, GraphQLObjectType) else None
    if field is None or field.args or not getattr(field.resolve, "_is_default", False):
        return None
    definition = field.extensions.get(DEFINITION)
    inner = get_nullable_type(field.type)
    if definition is None or definition.default_resolver is not getattr or not is_leaf_type(inner):
        return None
    return definition.python_name, inner.coerce_output_value, is_non_null_type(field.type)


class NodeShape:
    """The compiled selection on a node, per runtime kind (compiled on the first node of each kind)."""

    def __init__(self, selections: Sequence[Any], schema: GraphQLSchema, folds: Sequence[Any]) -> None:
        self.selections = selections
        self.schema = schema
        self.folds = {fold.key: (index, fold) for index, fold in enumerate(folds)}
        self.by_labels: dict[tuple[str, ...], tuple[tuple[str, int, Any], ...] | None] = {}
        self.ok = _keys_unique(selections) and not any(s.directives for s in selections)

    def _compile(self, labels: tuple[str, ...]) -> tuple[tuple[str, int, Any], ...] | None:
        kind = kind_of(labels)
        gtype = self.schema.get_type(kind)
        if not self.ok or not isinstance(gtype, GraphQLObjectType):
            return None
        props = {name: (prop, False) for prop, name in PLAIN_FIELDS[kind]}
        props.update({name: (prop, True) for prop, name in TEMPORAL_FIELDS[kind]})
        steps: list[tuple[str, int, Any]] = []
        for selection in self.selections:
            key = selection.alias or selection.name
            if selection.name == "__typename":
                steps.append((key, CONSTANT, kind))
                continue
            folded = self.folds.get(key)
            if folded is not None:
                index, fold = folded
                if fold.shape is None or fold.field.name != _python_name(gtype, selection.name):
                    return None
                steps.append((key, FOLDED, (index, fold.shape)))
                continue
            leaf = _leaf(gtype, selection.name) if _plain(selection) else None
            if leaf is None:
                return None
            attribute, coerce, non_null = leaf
            if attribute == "kind":  # the node's kind (its GraphQL type's name), as its enum shows it
                steps.append((key, CONSTANT, coerce(Kind[kind])))
            elif attribute in props:
                prop, temporal = props[attribute]
                steps.append((key, LEAF, (prop, temporal, coerce, non_null)))
            else:
                return None
        return tuple(steps)

    def answer(self, item: dict[str, Any] | None) -> dict[str, Any] | None:
        """A folded node's answer from its {labels, node, folded}."""
        if item is None:
            return None
        labels = tuple(item["labels"])
        steps = self.by_labels.get(labels, Undefined)
        if steps is Undefined:
            steps = self.by_labels[labels] = self._compile(labels)
        if steps is None:
            raise Unusual
        props = item["node"]
        done: dict[str, Any] = {}
        for key, step, what in steps:
            if step == LEAF:
                prop, temporal, coerce, non_null = what
                value = props.get(prop)
                done[key] = _coerced(native(value) if temporal else value, coerce, non_null)
            elif step == CONSTANT:
                done[key] = what
            else:  # FOLDED: a field folded below this node, its answer made by its own shape
                done[key] = what[1].answer(item["folded"][what[0]])
        return done


def _python_name(gtype: GraphQLObjectType, name: str) -> str | None:
    field = gtype.fields.get(name)
    definition = None if field is None else field.extensions.get(DEFINITION)
    return None if definition is None else definition.python_name


def _coerced(value: Any, coerce: Any, non_null: bool) -> Any:
    """graphql-core's completion of a leaf; anything unusual is left to it."""
    if value is None:
        if non_null:
            raise Unusual
        return None
    done = coerce(value)
    if done is None or done is Undefined:
        raise Unusual
    return done


class Shape:
    """The compiled selection on a folded connection: its fields, its edges' and its nodes'."""

    def __init__(self, first: int, steps: tuple[tuple[str, int, Any], ...]) -> None:
        self.first = first
        self.steps = steps

    def answer(self, row: dict[str, Any]) -> dict[str, Any]:
        """A parent's answer from its folded {ties, total}."""
        ties = row["ties"][: self.first]
        done: dict[str, Any] = {}
        for key, step, what in self.steps:
            if step == TOTAL:
                done[key] = _coerced(row["total"], *what)
            elif step == CONSTANT:
                done[key] = what
            elif step == NODES:
                done[key] = [what.answer(tie) for tie in ties]
            else:  # EDGES
                done[key] = [_edge(what, tie) for tie in ties]
        return done


class ListShape:
    """The compiled selection on a root list's connection: its fields, its edges' (with their cursors), its
    nodes' and its pageInfo's."""

    def __init__(self, steps: tuple[tuple[str, int, Any], ...]) -> None:
        self.steps = steps
        self.cursors = any(step == EDGES and any(s == CURSOR for _, s, _ in what) for _, step, what in steps)

    def answer(self, page: Page, rows: Sequence[dict[str, Any]], fetched: int, total: int | None,
               keys: list[list[Any] | None] | None, has_previous: bool | None) -> dict[str, Any]:
        """A page's answer from its rows ({labels, node, folded}); the other arguments as Connection.page
        (api/connections.py) takes them."""
        cursors = page.cursors(len(rows), keys) if self.cursors else None
        done: dict[str, Any] = {}
        for key, step, what in self.steps:
            if step == TOTAL:
                done[key] = _coerced(total, *what)
            elif step == CONSTANT:
                done[key] = what
            elif step == NODES:
                done[key] = [what.answer(row) for row in rows]
            elif step == EDGES:
                done[key] = [_edge(what, row, cursors[i] if cursors else None) for i, row in enumerate(rows)]
            else:  # PAGE_INFO
                info = PageInfo.of(page, fetched, keys, has_previous, cursors)
                done[key] = {name: value if part == CONSTANT else value(info) for name, part, value in what}
        return done


def _edge(steps: tuple[tuple[str, int, Any], ...], tie: dict[str, Any], cursor: str | None = None) -> dict[str, Any]:
    """An edge's answer from its folded tie, or a root list's from its row (and its cursor)."""
    done: dict[str, Any] = {}
    for key, step, what in steps:
        if step == NODE:
            done[key] = what.answer(tie)
        elif step == TIE:
            prop, temporal, coerce, non_null = what
            value = tie["tie"].get(prop)
            done[key] = _coerced(native(value) if temporal and value is not None else value, coerce, non_null)
        elif step == CURSOR:
            done[key] = cursor
        elif step == ROW:
            prop, coerce, non_null = what
            done[key] = _coerced(tie.get(prop), coerce, non_null)
        else:  # CONSTANT
            done[key] = what
    return done


def _named(schema: GraphQLSchema, gtype: Any, name: str) -> Any:
    """The named type of `gtype`'s field `name` (an object or interface type's), or None."""
    field = getattr(gtype, "fields", {}).get(name)
    if field is None:
        return None
    inner = field.type
    while hasattr(inner, "of_type"):
        inner = inner.of_type
    return schema.get_type(inner.name)


def connection_shape(selection: SelectedField, schema: GraphQLSchema, owner_type: Any, field: Any,
                     limit: int | None, folds: Sequence[Any]) -> Any:
    """The compiled answer of a folded relationship field (api/ties.py's TieField `field`, `limit` its page
    and one more, None for a single-valued tie; `folds` the folds below its other node), or None where
    its selection asks for what this module does not answer."""
    if selection.directives:
        return None
    if limit is None:
        return NodeShape(selection.selections, schema, folds)
    connection = _named(schema, owner_type, selection.name)
    edge = _named(schema, connection, "edges")
    tie_props = {name: (prop, convert) for prop, name, convert in shown_tie_props(field.rel.type)}

    def edge_part(part: SelectedField) -> tuple[int, Any] | None:  # a tie's property
        leaf = _leaf(edge, part.name)
        if leaf is None or leaf[0] not in tie_props:
            return None
        prop, convert = tie_props[leaf[0]]
        return TIE, (prop, convert, leaf[1], leaf[2])

    steps = _connection_steps(selection.selections, schema, connection, folds, edge_part, paged=False)
    return None if steps is None else Shape(limit - 1, steps)


def list_shape(selection: SelectedField, schema: GraphQLSchema, connection: Any, folds: Sequence[Any],
               row_fields: Mapping[str, str] | None = None) -> Any:
    """The compiled answer of a root list (api/lists.py, api/search.py; `connection` its connection type,
    `folds` the folds below its nodes, `row_fields` an edge's fields read from its row, by GraphQL name: the
    row's key), or None where its selection asks for what this module does not answer (`aggregate`,
    `groupBy`, a fragment …)."""
    if selection.directives:
        return None
    edge = _named(schema, connection, "edges")
    from_rows = row_fields or {}

    def edge_part(part: SelectedField) -> tuple[int, Any] | None:  # its cursor, or a value of its row
        if part.name == "cursor":
            return CURSOR, None
        leaf = _leaf(edge, part.name) if part.name in from_rows else None
        return None if leaf is None else (ROW, (from_rows[part.name], leaf[1], leaf[2]))

    steps = _connection_steps(selection.selections, schema, connection, folds, edge_part, paged=True)
    return None if steps is None else ListShape(steps)


def root_list_shape(info: Any, folds: Sequence[Any] = (), row_fields: Mapping[str, str] | None = None) -> Any:
    """`list_shape` of the root field a resolver answers (its strawberry `info`)."""
    raw = info._raw_info
    return list_shape(info.selected_fields[0], raw.schema, get_named_type(raw.return_type), folds, row_fields)


def _steps_of(selections: Sequence[Any], gtype: Any, part_step: Any) -> tuple[tuple[str, int, Any], ...] | None:
    """The steps of a plain selection on the object type `gtype`: `__typename` its name, every other field
    `part_step(field)`, a (step, what) or None where it cannot be compiled (then None for the whole)."""
    if not isinstance(gtype, GraphQLObjectType) or not _keys_unique(selections):
        return None
    steps: list[tuple[str, int, Any]] = []
    for part in selections:
        compiled = None if not _plain(part) else (CONSTANT, gtype.name) if part.name == "__typename" \
            else part_step(part)
        if compiled is None:
            return None
        steps.append((part.alias or part.name, *compiled))
    return tuple(steps)


def _connection_steps(selections: Sequence[Any], schema: GraphQLSchema, connection: Any, folds: Sequence[Any],
                      edge_part: Any, paged: bool) -> tuple[tuple[str, int, Any], ...] | None:
    """The steps of a connection's selection; `edge_part(selection)` compiles an edge's field other than
    `node` and `__typename` (a tie's property, or a root list's `cursor`); `pageInfo` only where `paged`."""

    def node_or(part: SelectedField) -> tuple[int, Any] | None:  # an edge's field
        return (NODE, NodeShape(part.selections, schema, folds)) if part.name == "node" else edge_part(part)

    def page_info(part: SelectedField) -> tuple[int, Any] | None:
        return (LEAF, PAGE_INFO_VALUES[part.name]) if part.name in PAGE_INFO_VALUES else None

    def connection_part(part: SelectedField) -> tuple[int, Any] | None:
        inner = _named(schema, connection, part.name)
        if part.name == "totalCount":
            leaf = _leaf(connection, part.name)
            return None if leaf is None else (TOTAL, leaf[1:])
        if part.name == "nodes":
            return NODES, NodeShape(part.selections, schema, folds)
        compiled = _steps_of(part.selections, inner, node_or) if part.name == "edges" else \
            _steps_of(part.selections, inner, page_info) if part.name == "pageInfo" and paged else None
        return None if compiled is None else (EDGES if part.name == "edges" else PAGE_INFO, compiled)

    return _steps_of(selections, connection, connection_part)


# pageInfo's fields, read from the page's PageInfo (api/pagination.py), which says what they are
PAGE_INFO_VALUES = {"hasNextPage": lambda info: info.has_next_page,
                    "hasPreviousPage": lambda info: info.has_previous_page,
                    "startCursor": PageInfo.first_cursor, "endCursor": PageInfo.last_cursor}
