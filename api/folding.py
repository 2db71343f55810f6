"""Folding: the relationship fields selected below a root list, answered by the list's own query.

A client's typical request is a page of nodes and, for each, a few relationship fields, some with their own
below them (organisations → members → their posts). Resolved field by field, that is one query per level
(each a DataLoader batch, api/ties.py) after the page's; folded, it is ONE statement: the list query wrapped
in `fold_list.cypher`, each selected relationship field a `CALL` subquery of its parent's row
(`fold_ties.cypher`, `fold_tie_single.cypher`), nested as the selection is, the way @neo4j/graphql
translates a request.

Each folded field's answer is the very row its DataLoader batch would have returned for that parent (the
same page of ties, in the same order, the same total), kept on the parent's object under the field's
response key (`attach`); the field's resolver takes it from there (`taken`) and builds its connection as
always, so cursors, `pageInfo`, access and every other field behave the same — or, where the selection is
plain enough, makes its JSON straight from the row with the shape compiled here (api/precompleted.py).
A folded tie and its other node carry only the properties the request shows (map projections of ontology
names), unless a selected field could need any. What is not folded is resolved as before, so folding is only
ever an optimisation:

- fields with arguments other than `first` (`after`, `last`, `asOf`, `where` …) or with directives;
- fields under a fragment on another type than the list's (they may not exist on every node);
- a response key selected twice under the same node (`edges { node { x } }` and `nodes { x }`);
- anything for an identity with an area scope (its ties are filtered by a lookup: api/access.py);
- beyond MAX_FOLDS fields, or below MAX_DEPTH levels.

Example: `organizations(first: 20) { edges { node { name basedIn { name } members(first: 20) { edges {
role node { name } } } } } }` is one query (and the count, run beside it) instead of three.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import strawberry
from strawberry.types.nodes import SelectedField
from strawberry.utils.str_converters import to_camel_case

from api import precompleted
from api.pagination import Page
from api.props import shown_tie_props
from api.registry import PLAIN_FIELDS, TEMPORAL_FIELDS
from graph import ontology
from graph.errors import GovgraphError
from graph.store.queries import Pattern, Slot, checked_name, fill, projection

MAX_FOLDS = 12  # relationship fields folded into one statement at most
MAX_DEPTH = 3  # levels of relationship fields below the list
ATTRIBUTE = "_govgraph_folded"  # where a node object keeps its folded answers (response key → Folded)
Declared = Callable[[str], Sequence[Any]]  # a kind or family → the relationship fields it declares
ARROWS = {"out": ("-", "->"), "in": ("<-", "-"), "both": ("-", "-")}


@dataclass(frozen=True)
class Fold:
    """One relationship field folded into its parent's query."""

    key: str  # the field's response key (its alias, or its name) on the parent object
    field: Any  # api/ties.py's TieField
    limit: int | None  # how many ties a connection reads (its page and one more); None: a single-valued tie
    with_total: bool
    out: str  # the subquery's result variable and its parameters' prefix
    children: tuple[Fold, ...]  # the fields folded below the other end's node
    node_props: tuple[str, ...] | None = None  # the other node's properties the request shows (None: all)
    tie_props: tuple[str, ...] | None = None  # the tie's properties the request shows (None: all)
    shape: Any = dataclasses.field(default=None, compare=False)  # its answer compiled (api/precompleted.py), or None

    def params(self) -> Iterator[tuple[str, Any]]:
        if self.limit is not None:
            yield f"{self.out}_limit", self.limit
            yield f"{self.out}_withTotal", self.with_total
        for child in self.children:
            yield from child.params()


@dataclass(frozen=True)
class Folded:
    """A folded field's answer for one parent: the batch row (or node) and the folds below it."""

    row: Any
    children: tuple[Fold, ...]
    shape: Any = None  # the fold's compiled answer (api/precompleted.py), or None


@dataclass(frozen=True)
class Plan:
    folds: tuple[Fold, ...]

    def query(self, list_query: str, family: str) -> str:
        """The list query with these fields folded in (fold_list.cypher)."""
        fold, folded = _subqueries(self.folds, "n", "m")
        return fill("fold_list", LIST=Pattern(list_query), FAMILY=family, FOLD=fold, FOLDED=folded)

    def params(self) -> dict[str, Any]:
        return {name: value for f in self.folds for name, value in f.params()}


def plan(info: strawberry.Info, name: str, declared: Declared) -> Plan | None:
    """The fields to fold below the root list `name` (a kind or family) for this request, or None;
    `declared(owner)` gives the relationship fields a kind or family declares (api/ties.py's)."""
    if info.context.scope.area is not None:
        return None
    counter = iter(range(MAX_FOLDS))
    below = [s for f in info.selected_fields for s in _on_nodes(f.selections, name)]
    folds = _folds(below, name, 1, counter, declared, info._raw_info.schema)
    return Plan(folds) if folds else None


def attach(obj: Any, row: Any, folds: Sequence[Fold]) -> Any:
    """Keep on a node's object the answers folded below it (`row["folded"]`, in the order of `folds`)."""
    if folds and obj is not None:
        answers = row.get("folded") or []
        setattr(obj, ATTRIBUTE, {f.key: Folded(a, f.children, f.shape) for f, a in zip(folds, answers, strict=True)})
    return obj


def taken(root: Any, info: strawberry.Info) -> Folded | None:
    """The answer folded for this field of `root`, if its parent's query folded it."""
    found = getattr(root, ATTRIBUTE, None)
    return None if found is None else found.get(info.path.key)


# --- planning ---------------------------------------------------------------------------------------------
def _walk(selections: Sequence[Any], allowed: frozenset[str]) -> tuple[list[SelectedField], bool]:
    """The fields of a selection set through fragments on the `allowed` types (or on none), and whether that
    is all of them (no fragment on another type was left out)."""
    found: list[SelectedField] = []
    whole = True
    for selection in selections:
        if isinstance(selection, SelectedField):
            found.append(selection)
        elif selection.type_condition is None or selection.type_condition in allowed:
            inner, inner_whole = _walk(selection.selections, allowed)
            found.extend(inner)
            whole = whole and inner_whole
        else:
            whole = False
    return found, whole


def _level(selections: Sequence[Any], owner: str) -> list[SelectedField]:
    """The fields of one selection set, through fragments on the owner's own type, family or Node only."""
    return _walk(selections, frozenset({owner, ontology.family_of(owner), "Node"}))[0]


def _on_nodes(selections: Sequence[Any], owner: str) -> list[SelectedField]:
    """The fields selected on the nodes of a connection: under `edges { node }` and under `nodes`."""
    found: list[SelectedField] = []
    for selection in _level(selections, owner):
        if selection.name == "nodes":
            found.extend(_level(selection.selections, owner))
        elif selection.name == "edges":
            for edge in _level(selection.selections, owner):
                if edge.name == "node":
                    found.extend(_level(edge.selections, owner))
    return found


@cache
def _tie_fields(owner: str, declared: Declared) -> dict[str, Any]:
    """The relationship fields every node of `owner` has, by GraphQL name: its own and its family's."""
    owners = dict.fromkeys([owner, ontology.family_of(owner)])
    return {to_camel_case(f.name): f for o in owners for f in declared(o)}


def _folds(selections: list[SelectedField], owner: str, depth: int, counter: Iterator[int],
           declared: Declared, schema: Any) -> tuple[Fold, ...]:
    if depth > MAX_DEPTH:
        return ()
    fields = _tie_fields(owner, declared)
    keys = [s.alias or s.name for s in selections]
    folds = []
    for selection, key in zip(selections, keys, strict=True):
        field = fields.get(selection.name)
        if field is None or selection.directives or keys.count(key) > 1:
            continue
        arguments = selection.arguments or {}
        if set(arguments) - {"first"} or field.single and arguments:
            continue
        out = next(counter, None)
        if out is None:
            break
        inner = _level(selection.selections, field.other)
        if field.single:
            below = _folds(inner, field.other, depth + 1, counter, declared, schema)
            folds.append(Fold(key, field, None, False, f"f{out}", below,
                              node_props=_node_props(selection.selections, field.other, declared),
                              shape=precompleted.connection_shape(selection, schema, schema.get_type(owner), field,
                                                                  None, below)))
            continue
        first = _int(arguments.get("first"))
        try:  # the page api/ties.py's resolver reads; a bad `first` is left for it to refuse
            limit = Page.of(first).limit
        except (GovgraphError, TypeError):
            continue
        below = _folds(_on_nodes(selection.selections, field.other), field.other, depth + 1, counter, declared,
                       schema)
        node_props, tie_props = _connection_props(selection.selections, field, declared)
        folds.append(Fold(key, field, limit, "totalCount" in {s.name for s in inner}, f"f{out}", below,
                          node_props=node_props, tie_props=tie_props,
                          shape=precompleted.connection_shape(selection, schema, schema.get_type(owner), field,
                                                              limit, below)))
    return tuple(folds)


# --- the properties a fold reads: only those the request shows, so a page of ties does not carry (and the driver
# does not decode) every property of every tie and node. Profiled (py-spy) on the ×1 city, 8 clients cycling
# through the peer bench's three entity queries: 15.4 % of an API worker's CPU went into the driver's decoding of
# dates no field selected (each member tie's start and end date), 0.3 % once folds read only what is shown.
# A field this cannot account for (a resolver of its own, a fragment on another type) reads them all.
ID_ONLY = frozenset({"__typename", "id", "kind", "kindLabelZh", "tieCount"})  # answered from id and labels


def _fields(selections: Sequence[Any], allowed: frozenset[str]) -> list[SelectedField] | None:
    """The fields of a selection set through every fragment, or None if a fragment is on another type."""
    found, whole = _walk(selections, allowed)
    return found if whole else None


@cache
def _props_by_field(label: str) -> dict[str, tuple[str, ...]]:
    """GraphQL field name → the properties it shows, over every kind `label` (a kind or family) covers."""
    found: dict[str, dict[str, None]] = {}
    for kind in ontology.kinds_matching((label,)):
        for prop, name in (*PLAIN_FIELDS[kind.name], *TEMPORAL_FIELDS[kind.name]):
            found.setdefault(to_camel_case(name), {})[prop] = None
    return {name: tuple(props) for name, props in found.items()}


def _node_props(selections: Sequence[Any], label: str, declared: Declared) -> tuple[str, ...] | None:
    """The properties of a `label` node that the fields selected on it show (and its id), or None for all."""
    fields = _fields(selections, frozenset({label, ontology.family_of(label), "Node"}))
    if fields is None:
        return None
    shown, ties = _props_by_field(label), _tie_fields(label, declared)
    props = ["id"]
    for field in fields:
        if field.name in shown:
            props.extend(shown[field.name])
        elif field.name not in ID_ONLY and field.name not in ties:  # a resolver that may read any property
            return None
    return tuple(dict.fromkeys(props))


@cache
def _tie_props_by_field(rel_type: str) -> dict[str, str]:
    """GraphQL field name of an edge → the tie property it shows (an id-valued one twice: its id and node)."""
    found = {}
    for prop, name, _ in shown_tie_props(rel_type):
        found[to_camel_case(name)] = prop
        if name == f"{prop}_id":  # an id-valued property: `<name>Id` and the node it names, `<name>`
            found[to_camel_case(prop)] = prop
    return found


def _connection_props(selections: Sequence[Any], field: Any,
                      declared: Declared) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """(node properties, tie properties) the edges and nodes selected on a folded connection show."""
    level = _fields(selections, frozenset())
    if level is None:
        return None, None
    node_selections: list[Any] = []
    tie_props: list[str] = []
    tie_shown, whole = _tie_props_by_field(field.rel.type), False
    for selected in level:
        if selected.name == "nodes":
            node_selections.extend(selected.selections)
        elif selected.name == "edges":
            edge = _fields(selected.selections, frozenset())
            if edge is None:
                return None, None
            for part in edge:
                if part.name == "node":
                    node_selections.extend(part.selections)
                elif part.name in tie_shown:
                    tie_props.append(tie_shown[part.name])
                elif part.name not in ("cursor", "__typename"):
                    whole = True
    node_props = _node_props(node_selections, field.other, declared)
    return node_props, None if whole else tuple(dict.fromkeys(tie_props))


def _int(value: Any) -> Any:
    """An Int argument as strawberry's selection gives it: a variable's value, or a literal's digits."""
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


# --- the Cypher ---------------------------------------------------------------------------------------------
def _subqueries(folds: Sequence[Fold], parent: str, child: str) -> tuple[Pattern, Pattern]:
    """The CALL subqueries of `folds` below the variable `parent` and their result variables, joined."""
    texts = []
    for fold in folds:
        nested, folded = _subqueries(fold.children, child, parent)  # one level down the names swap
        rel, other = checked_name(fold.field.rel.type), checked_name(fold.field.other)
        node = projection(Slot(child), fold.node_props)
        if fold.limit is None:
            texts.append(fill("fold_tie_single", N=Slot(parent), M=Slot(child), OUT=Slot(fold.out), REL=rel,
                              OTHER=other, NESTED=nested, FOLDED=folded, NODE=node))
            continue
        left, right = ARROWS[fold.field.direction]
        match = Pattern(f"({parent}){left}[r:{rel}]{right}({child}:{other})")
        texts.append(fill("fold_ties", N=Slot(parent), M=Slot(child), OUT=Slot(fold.out), MATCH=match,
                          REL=rel, NESTED=nested, FOLDED=folded, NODE=node, TIE=projection(Slot("r"), fold.tie_props)))
    return Pattern("\n".join(texts)), Pattern(", ".join(Slot(f.out) for f in folds))
