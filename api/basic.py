"""Basic fields: what a field needs for its value to be read straight off its object.

strawberry resolves a field without a resolver, an extension or a permission (a *basic* field) with `getattr`;
graphql-core then completes the value. api/executor.py completes basic fields itself, step by step, and
api/walk.py walks whole selections of them in one step: both ask here which fields are basic (`basic_field`),
which types they can complete without graphql-core (`completable`), and which runtime checks need no resolve
info (`reads_only_the_object`, `info_free_is_type_of`).

Example: on `Organization`, `id` and `name` are basic; `members(first: 5)` (a resolver with arguments) is not.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType
from strawberry.schema import schema_converter

from api.per_parent import DEFINITION

READS_ONLY_THE_OBJECT = "_govgraph_reads_only_the_object"  # marks a resolve_type that needs no resolve info


def reads_only_the_object(resolve_type: Callable[..., Any]) -> Callable[..., Any]:
    """Mark an interface's `resolve_type` as reading only the object (never its info): then api/executor.py and
    api/walk.py may resolve the runtime types of that interface's values themselves."""
    setattr(resolve_type, READS_ONLY_THE_OBJECT, True)
    return resolve_type


def info_free_is_type_of(function: Any) -> bool:
    """Whether a type's `is_type_of` needs no resolve info: none, or strawberry's own (an isinstance or cast
    check of the object; it names its info `_info`)."""
    return function is None or (getattr(function, "__module__", None) == schema_converter.__name__
                                and getattr(function, "__name__", None) == "is_type_of")


def basic_field(schema: Any, parent_type: GraphQLObjectType, details: Any) -> tuple[Any, str] | None:
    """The field and the attribute strawberry reads for it, when it is a basic field without arguments or
    directives; None otherwise."""
    node = details[0].node
    field = schema.get_field(parent_type, node.name.value)
    if field is None or field.args or not getattr(field.resolve, "_is_default", False):
        return None
    if any(d.node.arguments or d.node.directives for d in details):
        return None
    definition = field.extensions.get(DEFINITION)
    if definition is None or definition.default_resolver is not getattr:
        return None
    return field, definition.python_name


def completable(gtype: Any) -> bool:
    """Whether objects of this type (in lists and non-nulls) can be completed without graphql-core, all the
    way down: object types, and interfaces whose `resolve_type` reads only the object."""
    while isinstance(gtype, (GraphQLNonNull, GraphQLList)):
        gtype = gtype.of_type
    if isinstance(gtype, GraphQLObjectType):
        return True
    return isinstance(gtype, GraphQLInterfaceType) and getattr(gtype.resolve_type, READS_ONLY_THE_OBJECT, False)
