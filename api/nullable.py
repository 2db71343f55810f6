"""Nullable root fields, so that one failing field does not null its siblings.

GraphQL nulls the nearest nullable parent of a field that fails. With non-null
root fields that parent is `data` itself: one bad argument in one field
(`coBuilders(organizationId: "nope")`) took every sibling down with it. GitHub's
API, like most public ones, makes its root fields nullable: the good fields are
answered and the error sits beside them, with its `path` and `extensions.code`.
`nullable_fields` does that for a root type, whatever its resolvers declare.
"""
from __future__ import annotations

from typing import Any

from strawberry.types.base import StrawberryOptional


def nullable_fields(cls: Any) -> Any:
    """Make every field of the strawberry type `cls` nullable (a failing field answers null and an error)."""
    for field in cls.__strawberry_definition__.fields:
        if not isinstance(field.type, StrawberryOptional):
            field.type = StrawberryOptional(field.type)
    return cls
