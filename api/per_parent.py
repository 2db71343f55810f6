"""Resolver fields run once for every parent of a list, their arguments converted once per request.

graphql-core coerces a field's arguments, and strawberry converts them into Python values, every time the
field is resolved, although both depend only on the field's node in the document and on the request's
variables. For a relationship field under a page of a hundred parents (the peer bench's nested query asks
110 of them) that conversion took longer than the resolver itself: a fifth of an API worker's CPU.

A strawberry field marked `per_parent` is called by the executor (api/executor.py, `FastFields`) with what
strawberry would give its resolver — the parent, its `Info`, the converted arguments — where `Arguments`
converts them once per field node with strawberry's own `convert_arguments`. A field strawberry has more to
do for (field extensions, exception handlers, a method with `self`) keeps strawberry's own way.

Example: `members: ServesInConnection = per_parent(strawberry.field(resolver=members))`; then in
`{ organizations { edges { node { members(first: 5) { totalCount } } } } }` the `first: 5` of `members` is
converted once, however many organizations the page holds.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from graphql.execution.values import get_argument_values
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF  # where strawberry keeps a GraphQL field's own definition
PER_PARENT = "_govgraph_per_parent"  # marks a strawberry field the executor runs itself


def per_parent(field: StrawberryField) -> StrawberryField:
    """Mark a strawberry resolver field as run by the executor, its arguments converted once per request.

    For a resolver that runs once for each parent of a list and reads its arguments only (never changes them:
    the converted values are shared by every parent)."""
    setattr(field, PER_PARENT, True)
    return field


class Direct(NamedTuple):
    """How the executor runs a `per_parent` field: strawberry's definition and the resolver's parameters."""
    definition: StrawberryField
    function: Callable[..., Any]
    root: str | None  # the name of the parameter given the parent (strawberry's `root` / `parent`)
    info: str | None  # the name of the parameter given the Info


def direct_of(schema: Any, field: Any) -> Direct | None:
    """The way to run this GraphQL field directly, when strawberry would do nothing more than call it."""
    definition = field.extensions.get(DEFINITION)
    if not getattr(definition, PER_PARENT, False):
        return None
    resolver = definition.base_resolver
    strawberry_schema = getattr(schema, "_strawberry_schema", None)
    if (resolver is None or definition.extensions or resolver.self_parameter is not None
            or strawberry_schema is None or strawberry_schema.exception_handlers):
        return None  # strawberry has more to do for it (extensions, handlers, a method): its own way
    root = resolver.parent_parameter or resolver.root_parameter
    info = resolver.info_parameter
    return Direct(definition, resolver.wrapped_func, root.name if root else None, info.name if info else None)


class Arguments:
    """One request's converted arguments of its `per_parent` fields, by field node."""

    def __init__(self, schema: Any) -> None:
        strawberry_schema = getattr(schema, "_strawberry_schema", None)  # none: direct_of runs no field directly
        self.config = strawberry_schema.config if strawberry_schema else None
        self.scalar_registry = strawberry_schema.schema_converter.scalar_registry if strawberry_schema else None
        self.kept: dict[int, tuple[Any, dict[str, Any]]] = {}  # id(field node) → (node, converted arguments)

    def info(self, raw_info: Any, definition: StrawberryField) -> Any:
        """strawberry's Info for graphql-core's resolve info, as strawberry makes it."""
        return self.config.info_class(_raw_info=raw_info, _field=definition)

    def of(self, field: Any, definition: StrawberryField, details: Any, info: Any, variable_values: Any,
           hide_suggestions: bool) -> dict[str, Any]:
        """The field's arguments as strawberry gives them to the resolver (a fresh dict of shared values),
        converted once per field node: they depend only on the node and the request's variables."""
        first = details[0]
        kept = self.kept.get(id(first.node))
        if kept is not None and kept[0] is first.node:
            return dict(kept[1])
        raw = get_argument_values(field, first.node, variable_values, first.fragment_variable_values,
                                  hide_suggestions) if field.args or first.node.arguments else {}
        converted = convert_arguments(raw, definition.arguments, scalar_registry=self.scalar_registry,
                                      config=self.config, info=info)
        if first.fragment_variable_values is None:  # else they depend on the fragment's own variables too
            self.kept[id(first.node)] = (first.node, converted)
        return dict(converted)
